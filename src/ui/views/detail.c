/* detail — the detail view of one member, interaction or action, laid out from its
 * card (core/cards.h: one read, one snapshot).  The records it names (the member's
 * contacts and communes, an interaction's actions, an action's origin…) are links:
 * Tab selects one, and the generic commands act on it (Enter opens it, e edits it).
 * Every value goes into the textview as it is stored; the textview sanitises it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lists.h"
#include "texts.h"
#include "suivi/base/chart.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/timeutil.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/cards.h"
#include "suivi/core/journey.h"
#include "suivi/core/usage.h"
#include "suivi/store/training.h"
#include "suivi/core/validate.h"
#include "suivi/ui/term.h"

#define LABEL_COLS 12

struct link {
    enum sel_kind kind;
    int64_t id;
};

struct detail {
    struct textview tv;
    enum sel_kind kind;          /* what is shown */
    int64_t id;
    int64_t member_id, interaction_id, action_id;   /* for the selection */
    char *label;                 /* the record's name, for the selection */
    struct link *links;
    int nlinks, cap;
};

static int add_link(struct detail *d, enum sel_kind kind, int64_t id)
{
    if (d->nlinks == d->cap)
        d->links = xreallocarray(d->links, (size_t)(d->cap = d->cap ? d->cap * 2 : 16),
                                 sizeof *d->links);
    d->links[d->nlinks] = (struct link){ kind, id };
    tv_link(&d->tv, d->nlinks);
    return d->nlinks++;
}

static const char *dash(void)
{
    return san_locale_is_utf8() ? "\u2014" : "-";
}

static void set_title(struct detail *d, const char *what, const char *name)
{
    free(d->tv.title);
    d->tv.title = xasprintf("%s %s %s", what, dash(), name ? name : "");
    str_replace(&d->label, name);
}

/* "label  text" with a link on it. */
static void linked(struct detail *d, const char *label, const char *text, enum sel_kind k,
                   int64_t id)
{
    tv_add(&d->tv, label, text);
    add_link(d, k, id);
}

static char *open_count(int n)
{
    return n ? xasprintf(ngettext("%d open action", "%d open actions", n), n)
             : xstrdup(_("no open action"));
}

/* ---- member ---------------------------------------------------------------------- */

static void add_contacts(struct detail *d, const struct member_card *c)
{
    char head[64];
    snprintf(head, sizeof head, _("Contacts (%d)"), c->ncontacts);
    tv_heading(&d->tv, head);
    if (c->ncontacts == 0)
        tv_text(&d->tv, _("(none: C adds one)"));
    for (int i = 0; i < c->ncontacts; i++) {
        const struct contact *k = &c->contacts[i];
        bool role = k->role && *k->role;
        char *line = xasprintf("%s%s%s%s%s%s%s%s%s", k->name, role ? " (" : "",
                               role ? k->role : "", role ? ")" : "",
                               k->email && *k->email ? "  " : "", k->email ? k->email : "",
                               k->phone && *k->phone ? "  " : "", k->phone ? k->phone : "",
                               k->retired ? _("  (retired)") : "");
        tv_text_indented(&d->tv, 1, line);
        add_link(d, SEL_CONTACT, k->id);
        free(line);
    }
}

static void add_children(struct detail *d, const struct member_card *c)
{
    if (c->nchildren == 0 && c->m.kind != MEMBER_EPCI)
        return;
    char head[64];
    snprintf(head, sizeof head, _("Communes (%d)"), c->nchildren);
    tv_heading(&d->tv, head);
    if (c->nchildren == 0)
        tv_text(&d->tv, _("(none)"));
    for (int i = 0; i < c->nchildren; i++) {
        char *open = open_count(c->children[i].open_actions);
        char *line = xasprintf("%s  (%s)", c->children[i].name, open);
        tv_text_indented(&d->tv, 1, line);
        add_link(d, SEL_MEMBER, c->children[i].id);
        free(line);
        free(open);
    }
}

/* The journey, in the record's fields: where the member is, since when, by when
 * it should move on, what comes next. */
static void add_stage(struct detail *d, const struct ui_ctx *ui, const struct member *m)
{
    const struct config *cfg = ui->cfg;
    if (!m->stage) {
        const struct config_stage *first = journey_next(cfg, NULL);
        char *line = xasprintf(_("none yet (J: %s)"), first ? first->label : "");
        tv_add(&d->tv, _("Journey"), line);
        free(line);
        return;
    }
    char since[64];
    view_format_when(ui, m->stage_since, since, sizeof since);
    long long days = (long long)((time_now() - m->stage_since) / 86400);
    char *line = xasprintf(ngettext("%s since %s (%lld day)", "%s since %s (%lld days)", days),
                           journey_label(cfg, m->stage), since, days);
    tv_add(&d->tv, _("Journey"), line);
    free(line);
    if (m->stage_due)
        tv_add(&d->tv, journey_stalled(m, ui->today) ? _("Stalled since") : _("Move on by"),
               m->stage_due);
    const struct config_stage *next = journey_next(cfg, m->stage);
    tv_add(&d->tv, _("Next step"), next ? next->label : _("(none: the journey ends here)"));
}

/* Since its first training session: its incidents and requests in the three months
 * before and after it, to see what training changed. */
static void add_training(struct detail *d, const struct ui_ctx *ui, const struct member *m)
{
    char first[11];
    int before = 0, after = 0;
    if (store_training_effect(ui->s, m->id, 90, first, &before, &after) != STORE_OK || !*first)
        return;
    char *line = xasprintf(_("first session %s; incidents and requests 3 months before: %d, "
                             "after: %d"), first, before, after);
    tv_add(&d->tv, _("Training"), line);
    free(line);
}

/* What the facts suggest (core/journey.h): said, and J offers it; never applied. */
static void add_proposal(struct detail *d, const struct ui_ctx *ui, const struct member *m)
{
    struct journey_proposal p;
    if (journey_propose(ui->s, ui->cfg, m, ui->today, &p) != STORE_OK || !p.to)
        return;
    char *line = xasprintf(_("%s, from %s (J to apply)"), p.to->label, p.why);
    tv_add(&d->tv, _("Proposed"), line);
    free(line);
}

/* Each service the member subscribes to or uses: a year of its figures as a
 * sparkline, their total beside it; then the flags. */
static void add_services(struct detail *d, const struct ui_ctx *ui, const struct member *m)
{
    struct member_usage u;
    if (member_usage_read(ui->s, ui->cfg, m, ui->today, &u) != STORE_OK)
        return;
    char head[128];
    if (u.n == 0) {                 /* said, so that u is found on an empty database */
        tv_heading(&d->tv, _("Services"));
        tv_text_indented(&d->tv, 1, _("No subscription and no use yet (u: subscriptions)"));
        member_usage_free(&u);
        return;
    }
    snprintf(head, sizeof head, _("Services (use by month since %s; u: subscriptions)"),
             u.first_month);
    tv_heading(&d->tv, head);
    for (int i = 0; i < u.n; i++) {
        const struct service_usage *r = &u.services[i];
        char spark[USAGE_MONTHS * 4 + 1], *line;
        chart_sparkline(r->months, USAGE_MONTHS, term_ascii(), spark, sizeof spark);
        /* Subscribed since its start; ended on its end; not open today and not
         * ended, it starts later. */
        bool ended = !r->subscribed && r->until && strcmp(r->until, ui->today) < 0;
        bool later = !r->subscribed && !ended && r->since;
        const char *sub = r->subscribed ? _("subscribed") : ended ? _("ended")
                        : later ? _("subscribed") : "";
        const char *when = ended ? r->until : r->since;
        const char *word = !when ? "" : ended ? _(" on ") : later ? _(" from ") : _(" since ");
        if (r->total)
            line = xasprintf(_("%s  %s  %lld in 12 months  %s%s%s"), r->service.name, spark,
                             (long long)r->total, sub, word, when ? when : "");
        else
            line = xasprintf(_("%s  no use in 12 months  %s%s%s"), r->service.name, sub, word,
                             when ? when : "");
        tv_text_indented(&d->tv, 1, line);
        free(line);
    }
    if (u.flags & FLAG_SUBSCRIBED_UNUSED)
        tv_text_indented(&d->tv, 1, _("! Subscribed to a service it has not used in a year"));
    if (u.flags & FLAG_TRAINED_UNUSED)
        tv_text_indented(&d->tv, 1, _("! Trained, but no use of any service"));
    if (u.flags & FLAG_INCIDENTS) {
        char *line = xasprintf(ngettext("! %d incident in a year, for little use",
                                        "! %d incidents in a year, for little use",
                                        u.incidents), u.incidents);
        tv_text_indented(&d->tv, 1, line);
        free(line);
    }
    member_usage_free(&u);
}

/* Every stage the member went through, newest first, with the days spent there. */
static void add_journey(struct detail *d, const struct ui_ctx *ui, const struct member_card *c)
{
    if (c->nstages == 0)
        return;
    tv_heading(&d->tv, _("Journey"));
    int64_t now = time_now();
    for (int i = c->nstages - 1; i >= 0; i--) {
        const struct stage_change *st = &c->stages[i];
        char when[64];
        view_format_when(ui, st->entered_at, when, sizeof when);
        long long spent = (long long)(journey_time_in(c->stages, c->nstages, i, now) / 86400);
        char *line = xasprintf(ngettext("%s  %s, %lld day  %s%s%s",
                                        "%s  %s, %lld days  %s%s%s", spent),
                               when, journey_label(ui->cfg, st->stage), spent, st->login,
                               st->why ? "  " : "", st->why ? st->why : "");
        tv_text_indented(&d->tv, 1, line);
        free(line);
    }
}

static int build_member(struct detail *d, const struct ui_ctx *ui)
{
    struct member_card c;
    int rc = member_card_read(ui->s, d->id, &c);
    if (rc == STORE_OK) {
        const struct member *m = &c.m;
        char buf[96];
        d->member_id = m->id;
        set_title(d, _("Member"), m->name);
        tv_add(&d->tv, _("Name"), m->name);
        tv_add(&d->tv, _("Kind"), _(enum_label(&MEMBER_KIND_NAMES, (int)m->kind)));
        tv_add(&d->tv, _("Status"), _(enum_label(&MEMBER_STATUS_NAMES, (int)m->status)));
        tv_add(&d->tv, _("SIREN"), m->siren);
        tv_add(&d->tv, _("Département"), m->departement);
        if (c.parent.id) {
            char *open = open_count(c.parent.open_actions);
            char *line = xasprintf("%s  (%s)", c.parent.name, open);
            linked(d, _("Belongs to"), line, SEL_MEMBER, c.parent.id);
            free(line);
            free(open);
        }
        char *open = open_count(m->open_actions);
        tv_add(&d->tv, _("Actions"), open);
        free(open);
        add_stage(d, ui, m);
        add_proposal(d, ui, m);
        add_training(d, ui, m);
        view_format_when(ui, m->created_at, buf, sizeof buf);
        tv_add(&d->tv, _("Created"), buf);
        view_format_when(ui, m->updated_at, buf, sizeof buf);
        tv_add(&d->tv, _("Updated"), buf);
        add_contacts(d, &c);
        add_children(d, &c);
        add_services(d, ui, m);
        add_journey(d, ui, &c);
    }
    member_card_free(&c);
    return rc;
}

/* ---- interaction ------------------------------------------------------------------ */

static void action_line(struct detail *d, const struct ui_ctx *ui, const struct action *a)
{
    char due[64];
    view_format_date(ui, a->due, due, sizeof due);
    char *line = xasprintf("#%lld  P%d  %s  %s  %s", (long long)a->id, a->priority,
                           _(enum_label(&ACTION_STATUS_NAMES, (int)a->status)), due,
                           a->title ? a->title : "");
    tv_text_indented(&d->tv, 1, line);
    add_link(d, SEL_ACTION, a->id);
    free(line);
}

static int build_interaction(struct detail *d, const struct ui_ctx *ui)
{
    struct interaction_card c;
    int rc = interaction_card_read(ui->s, d->id, &c);
    if (rc == STORE_OK) {
        const struct interaction *it = &c.it;
        char buf[96];
        d->member_id = it->member_id;
        d->interaction_id = it->id;
        set_title(d, _("Interaction"), it->subject);
        tv_add(&d->tv, _("Subject"), it->subject);
        linked(d, _("Member"), c.member_name ? c.member_name : "?", SEL_MEMBER, it->member_id);
        view_format_when(ui, it->occurred_at, buf, sizeof buf);
        tv_add(&d->tv, _("When"), buf);
        tv_add(&d->tv, _("Kind"), _(enum_label(&INTERACTION_KIND_NAMES, (int)it->kind)));
        tv_add(&d->tv, _("Contact"), it->contact_name);
        tv_add(&d->tv, _("Pôle"), it->pole_name);
        tv_add(&d->tv, _("Author"), it->author);
        tv_heading(&d->tv, _("Body"));
        tv_text(&d->tv, it->body && *it->body ? it->body : _("(empty)"));
        char head[64];
        snprintf(head, sizeof head, _("Actions made from it (%d)"), c.nactions);
        tv_heading(&d->tv, head);
        if (c.nactions == 0)
            tv_text(&d->tv, _("(none: a makes one)"));
        for (int i = 0; i < c.nactions; i++)
            action_line(d, ui, &c.actions[i]);
    }
    interaction_card_free(&c);
    return rc;
}

/* ---- action -------------------------------------------------------------------------- */

static void add_assignee(struct detail *d, const struct action_card *c)
{
    if (c->provider.id) {
        const struct provider *p = &c->provider;
        char *line = xasprintf(_("%s (provider)"), p->name);
        linked(d, _("Assignee"), line, SEL_PROVIDER, p->id);
        free(line);
        if (p->contact && *p->contact)
            tv_add(&d->tv, "", p->contact);
        if (p->email && *p->email)
            tv_add(&d->tv, "", p->email);
        if (p->phone && *p->phone)
            tv_add(&d->tv, "", p->phone);
    } else if (c->staff.id) {
        char *line = xasprintf("%s (%s)", c->staff.display_name ? c->staff.display_name : "",
                               c->staff.login);
        linked(d, _("Assignee"), line, SEL_STAFF, c->staff.id);
        free(line);
    } else {
        tv_add(&d->tv, _("Assignee"), c->a.assignee_name ? c->a.assignee_name : _("(nobody)"));
    }
}

static void add_notes(struct detail *d, const struct ui_ctx *ui, const struct action_card *c)
{
    char head[64], at[96];
    snprintf(head, sizeof head, _("Notes (%d)"), c->nnotes);
    tv_heading(&d->tv, head);
    if (c->nnotes == 0)
        tv_text(&d->tv, _("(none: c adds one)"));
    const char *arrow = san_locale_is_utf8() ? " \u2192 " : " -> ";
    for (int i = 0; i < c->nnotes; i++) {
        const struct note *n = &c->notes[i];
        view_format_when(ui, n->at, at, sizeof at);
        char *change = n->status_change
            ? xasprintf("  %s%s%s", _(enum_label(&ACTION_STATUS_NAMES, (int)n->status_from)),
                        arrow, _(enum_label(&ACTION_STATUS_NAMES, (int)n->status_to)))
            : xstrdup("");
        char *h = xasprintf("%s  %s  [%s]%s", at, n->author ? n->author : "?",
                            _(enum_label(&NOTE_VISIBILITY_NAMES, (int)n->visibility)), change);
        tv_add_styled(&d->tv, ROLE_NORMAL, NULL, ROLE_HEADER, h);
        free(h);
        free(change);
        tv_text_indented(&d->tv, 2, n->body);
    }
}

static void add_history(struct detail *d, const struct ui_ctx *ui, const struct action_card *c)
{
    char at[96];
    tv_heading(&d->tv, _("History"));
    for (int i = 0; i < c->nhistory; i++) {
        view_format_when(ui, c->history[i].at, at, sizeof at);
        char *line = xasprintf("%s  %s  %s", at, c->history[i].login ? c->history[i].login : "?",
                               c->history[i].text ? c->history[i].text : "");
        tv_text(&d->tv, line);
        free(line);
    }
}

static void add_dates(struct detail *d, const struct ui_ctx *ui, const struct action *a)
{
    char buf[96];
    view_format_date(ui, a->due, buf, sizeof buf);
    if (action_is_overdue(a, ui->today)) {
        char *due = xasprintf(_("%s  ! overdue"), buf);
        tv_add_styled(&d->tv, ROLE_HEADER, _("Due"), ROLE_OVERDUE, due);
        free(due);
    } else {
        tv_add(&d->tv, _("Due"), a->due ? buf : NULL);
    }
    view_format_when(ui, a->created_at, buf, sizeof buf);
    char *created = xasprintf(_("%s by %s"), buf, a->created_by ? a->created_by : "?");
    tv_add(&d->tv, _("Created"), created);
    free(created);
    if (a->closed_at) {
        view_format_when(ui, a->closed_at, buf, sizeof buf);
        tv_add(&d->tv, _("Closed"), buf);
        tv_add(&d->tv, _("Resolution"), a->resolution);
    }
}

/* "3 d 4 h", "2 h 10 min": a wait as people say it. */
static void say_duration(int64_t s, char *buf, size_t len)
{
    int64_t d = s / 86400, h = s % 86400 / 3600, m = s % 3600 / 60;
    if (d > 0)
        snprintf(buf, len, _("%lld d %lld h"), (long long)d, (long long)h);
    else
        snprintf(buf, len, _("%lld h %lld min"), (long long)h, (long long)m);
}

/* Time spent waiting, kept apart: the member's (not counted by the SLA) and a
 * provider's own delay. */
static void add_waits(struct detail *d, const struct action_card *c)
{
    char m[32], p[32];
    if (!c->waited_member_s && !c->waited_provider_s)
        return;
    say_duration(c->waited_member_s, m, sizeof m);
    say_duration(c->waited_provider_s, p, sizeof p);
    char *line = xasprintf(_("on the member %s, on a provider %s"), m, p);
    tv_add(&d->tv, _("Waited"), line);
    free(line);
}

static void add_action_fields(struct detail *d, const struct ui_ctx *ui,
                              const struct action_card *c)
{
    const struct action *a = &c->a;
    char buf[96];
    tv_add(&d->tv, _("Title"), a->title);
    linked(d, _("Member"), a->member_name, SEL_MEMBER, a->member_id);
    tv_add(&d->tv, _("Status"), _(enum_label(&ACTION_STATUS_NAMES, (int)a->status)));
    snprintf(buf, sizeof buf, "P%d", a->priority);
    tv_add(&d->tv, _("Priority"), buf);
    add_assignee(d, c);
    tv_add(&d->tv, _("Pôle"), a->pole_name);
    add_dates(d, ui, a);
    add_waits(d, c);
    if (c->origin.id) {
        view_format_instant(ui, c->origin.occurred_at, buf, sizeof buf);
        char *s = xasprintf("%s  %s", buf, c->origin.subject ? c->origin.subject : "");
        linked(d, _("Origin"), s, SEL_INTERACTION, c->origin.id);
        free(s);
    } else {
        tv_add(&d->tv, _("Origin"), NULL);
    }
}

static int build_action(struct detail *d, const struct ui_ctx *ui)
{
    struct action_card c;
    int rc = action_card_read(ui->s, d->id, &c);
    if (rc == STORE_OK) {
        d->member_id = c.a.member_id;
        d->action_id = c.a.id;
        char num[32];
        snprintf(num, sizeof num, _("Action #%lld"), (long long)c.a.id);
        set_title(d, num, c.a.title);
        add_action_fields(d, ui, &c);
        tv_heading(&d->tv, _("Description"));
        tv_text(&d->tv, c.a.description && *c.a.description ? c.a.description : _("(empty)"));
        add_notes(d, ui, &c);
        add_history(d, ui, &c);
    }
    action_card_free(&c);
    return rc;
}

/* ---- the view ------------------------------------------------------------------------ */

static int build(struct detail *d, const struct ui_ctx *ui)
{
    tv_init(&d->tv, "", LABEL_COLS);
    d->nlinks = 0;
    switch (d->kind) {
    case SEL_MEMBER:      return build_member(d, ui);
    case SEL_INTERACTION: return build_interaction(d, ui);
    case SEL_ACTION:      return build_action(d, ui);
    default:              return STORE_ERROR;
    }
}

static int open_view(struct view *v, const struct view_arg *arg)
{
    struct detail *d = v->state = xcalloc(1, sizeof *d);
    d->kind = arg->kind;
    d->id = arg->id;
    return build(d, v->ui);
}

static void close_view(struct view *v)
{
    struct detail *d = v->state;
    if (!d)
        return;
    tv_free(&d->tv);
    free(d->links);
    free(d->label);
    free(d);
    v->state = NULL;
}

static int keymaps(const struct view *v, enum keymap_id *chain, int max)
{
    (void)v;
    if (max < 2)
        return 0;
    chain[0] = KEYMAP_DETAIL;
    chain[1] = KEYMAP_TEXT;
    return 2;
}

/* Rebuilt where it was: same scroll, same link selected. */
static int recalc(struct view *v)
{
    struct detail *d = v->state;
    int top = d->tv.top, tag = tv_selected_link(&d->tv);
    struct link was = tag >= 0 ? d->links[tag] : (struct link){ SEL_NONE, 0 };
    WINDOW *win = d->tv.win;
    int y = win ? getbegy(win) : 0, x = win ? getbegx(win) : 0;
    int h = win ? getmaxy(win) : 0, w = win ? getmaxx(win) : 0;
    tv_free(&d->tv);
    int rc = build(d, v->ui);
    if (w > 0)
        tv_place(&d->tv, y, x, h, w);
    if (d->tv.win)
        leaveok(d->tv.win, TRUE);
    tv_scroll(&d->tv, top);
    for (int i = 0; i < d->nlinks && was.kind != SEL_NONE; i++)
        if (d->links[i].kind == was.kind && d->links[i].id == was.id)
            tv_select_tag(&d->tv, i);
    return rc;
}

static enum reaction command(struct view *v, enum command cmd, bool keycode, int key)
{
    struct detail *d = v->state;
    (void)keycode;
    (void)key;
    if (cmd == CMD_NEXT_LINK || cmd == CMD_PREV_LINK) {
        if (tv_select_link(&d->tv, cmd == CMD_NEXT_LINK ? 1 : -1) < 0 && d->nlinks == 0)
            term_flash(false, "%s", _("No link here"));
        return R_NONE;
    }
    return text_command(&d->tv, cmd);
}

static struct selection selected(const struct view *v)
{
    const struct detail *d = v->state;
    struct selection sel = { .kind = d->kind, .id = d->id, .member_id = d->member_id,
                             .interaction_id = d->interaction_id,
                             .action_id = d->action_id, .label = d->label };
    int tag = tv_selected_link(&d->tv);
    if (tag >= 0 && tag < d->nlinks) {
        sel.kind = d->links[tag].kind;
        sel.id = d->links[tag].id;
        if (sel.kind == SEL_MEMBER)
            sel.member_id = sel.id;
        if (sel.kind == SEL_ACTION)
            sel.action_id = sel.id;
        sel.label = NULL;
    }
    return sel;
}

/* The textview is the first member of struct detail: the text glue works on it. */
const struct view_ops detail_view_ops = {
    .keymaps = keymaps, .open = open_view, .close = close_view, TEXT_VIEW_BASICS,
    .recalc = recalc, .command = command, .selected = selected,
};
