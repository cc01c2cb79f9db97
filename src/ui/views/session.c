/* session — one training session: its fields, then its attendees grouped by
 * member (name, present or absent, score), then what was recorded and by whom.
 * The members and the attendees are links (Tab): Enter opens the member; on an
 * attendee, p marks them present or absent and a digit 1 to 5 gives their score;
 * a adds attendees from any members.  Read in one snapshot; every value goes into
 * the textview as it is stored, and the textview sanitises it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lists.h"
#include "texts.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/xalloc.h"
#include "suivi/store/training.h"
#include "suivi/store/usage.h"
#include "suivi/ui/flows.h"
#include "suivi/ui/term.h"

#define LABEL_COLS 12

struct session_link {
    int64_t member_id, contact_id;     /* contact 0: the member's line */
    bool attended;
    int score;
};

struct session_view {
    struct textview tv;                /* first: the text glue works on it */
    int64_t id;
    char *topic;
    struct training_attendee *att;
    int natt;
    struct session_link *links;
    int nlinks;
};

static const char *dash(void)
{
    return san_locale_is_utf8() ? "\u2014" : "-";
}

static void link_here(struct session_view *sv, int64_t member, const struct training_attendee *a)
{
    sv->links = xreallocarray(sv->links, (size_t)sv->nlinks + 1, sizeof *sv->links);
    sv->links[sv->nlinks] = (struct session_link){
        member, a ? a->contact_id : 0, a && a->attended, a ? a->satisfaction : 0 };
    tv_link(&sv->tv, sv->nlinks++);
}

static char *service_name(store *s, int64_t id)
{
    struct service *sv = NULL;
    int n = 0;
    char *name = NULL;
    if (id && store_services(s, &sv, &n) == STORE_OK)
        for (int i = 0; i < n && !name; i++)
            if (sv[i].id == id)
                name = xstrdup(sv[i].name);
    services_free(sv, n);
    return name;
}

static void add_fields(struct session_view *sv, const struct ui_ctx *ui,
                       const struct training_session *t)
{
    char day[64];
    view_format_date(ui, t->held_on, day, sizeof day);
    tv_add(&sv->tv, _("Day"), day);
    tv_add(&sv->tv, _("Topic"), t->topic);
    char *service = service_name(ui->s, t->service_id);
    tv_add(&sv->tv, _("Service"), service);
    free(service);
    char *trainer = t->trainer && *t->trainer
        ? xasprintf("%s %s %s", trainer_kind_label(t->trainer_kind), dash(), t->trainer)
        : xstrdup(trainer_kind_label(t->trainer_kind));
    tv_add(&sv->tv, _("Trainer"), trainer);
    free(trainer);
    char *place = t->online ? xasprintf("%s%s%s", _("online"), t->place ? ", " : "",
                                        t->place ? t->place : "")
                            : xstrdup(t->place ? t->place : "-");
    tv_add(&sv->tv, _("Place"), place);
    free(place);
    char *count = t->satisfaction > 0
        ? xasprintf(_("%d present of %d registered; mean score %.1f"), t->present, t->attendees,
                    t->satisfaction)
        : xasprintf(_("%d present of %d registered"), t->present, t->attendees);
    tv_add(&sv->tv, _("Attendees"), count);
    free(count);
}

/* One member: its name (a link), then its contacts there. */
static void add_member(struct session_view *sv, int from, int to)
{
    const struct training_attendee *first = &sv->att[from];
    int present = 0;
    for (int i = from; i < to; i++)
        present += sv->att[i].attended;
    char *head = xasprintf(_("%s  (%d of %d present)"),
                           first->member_name ? first->member_name : "?", present, to - from);
    tv_add_styled(&sv->tv, ROLE_NORMAL, NULL, ROLE_HEADER, head);
    link_here(sv, first->member_id, NULL);
    free(head);
    for (int i = from; i < to; i++) {
        const struct training_attendee *a = &sv->att[i];
        char score[32] = "";
        if (a->satisfaction)
            snprintf(score, sizeof score, _("  score %d/5"), a->satisfaction);
        bool role = a->contact_role && *a->contact_role;
        char *line = xasprintf("%s%s%s%s  %s%s", a->contact_name ? a->contact_name : "?",
                               role ? " (" : "", role ? a->contact_role : "", role ? ")" : "",
                               a->attended ? _("present") : _("absent"), score);
        tv_text_indented(&sv->tv, 2, line);
        link_here(sv, a->member_id, a);
        free(line);
    }
}

static void add_attendees(struct session_view *sv)
{
    char head[64];
    snprintf(head, sizeof head, _("Attendees (%d)"), sv->natt);
    tv_heading(&sv->tv, head);
    if (sv->natt == 0)
        tv_text(&sv->tv, _("(none: a adds them, from any members)"));
    else
        tv_add_styled(&sv->tv, ROLE_NORMAL, NULL, ROLE_DIM,
                      _("(Tab selects one: p present/absent, 1-5 its score, Enter its "
                        "member, a more)"));
    for (int i = 0, j; i < sv->natt; i = j) {
        for (j = i + 1; j < sv->natt && sv->att[j].member_id == sv->att[i].member_id; j++)
            ;
        add_member(sv, i, j);
    }
}

static const char *contact_named(const struct session_view *sv, const char *id)
{
    long long want = id ? strtoll(id, NULL, 10) : 0;
    for (int i = 0; i < sv->natt; i++)
        if (sv->att[i].contact_id == want)
            return sv->att[i].contact_name;
    return "?";
}

static const char *yes_no(const char *v)
{
    return !v ? "-" : strcmp(v, "1") == 0 ? _("present") : _("absent");
}

/* An audit row of the session, for people: "Anne registered: present",
 * "Anne: present -> absent", "Anne: score - -> 4". */
static char *say_change(const struct session_view *sv, const struct audit_entry *e)
{
    if (e->created)
        return xstrdup(_("recorded the session"));
    const char *arrow = san_locale_is_utf8() ? " \u2192 " : " -> ", *who = "?";
    bool added = false;
    char *out = xstrdup("");
    for (int i = 0; i < e->nfields; i++) {
        const struct audit_field *f = &e->fields[i];
        char *part = NULL;
        if (strcmp(f->field, "contact") == 0) {
            who = contact_named(sv, f->new_value);
            added = !f->old_value;
        } else if (strcmp(f->field, "attended") == 0) {
            part = added ? xstrdup(yes_no(f->new_value))
                         : xasprintf("%s%s%s", yes_no(f->old_value), arrow, yes_no(f->new_value));
        } else if (strcmp(f->field, "satisfaction") == 0) {
            part = added ? xasprintf(_("score %s"), f->new_value ? f->new_value : "-")
                         : xasprintf(_("score %s%s%s"), f->old_value ? f->old_value : "-", arrow,
                                     f->new_value ? f->new_value : "-");
        }
        char *joined = xasprintf("%s%s%s", out, *out && part ? ", " : "", part ? part : "");
        free(out);
        free(part);
        out = joined;
    }
    /* Before the store wrote nothing for it, picking someone again left a row
     * that changed nothing: said as such, not as an empty line. */
    char *line = added ? xasprintf(_("%s registered: %s"), who, out)
               : *out  ? xasprintf("%s: %s", who, out)
                       : xasprintf(_("%s: picked again, unchanged"), who);
    free(out);
    return line;
}

static void add_history(struct session_view *sv, const struct ui_ctx *ui)
{
    struct audit_entry *au = NULL;
    int n = 0;
    if (store_audit_of(ui->s, "training", sv->id, &au, &n) != STORE_OK || n == 0) {
        audit_free(au, n);
        return;
    }
    tv_heading(&sv->tv, _("History"));
    for (int i = 0; i < n; i++) {
        char at[96];
        view_format_when(ui, au[i].at, at, sizeof at);
        char *what = say_change(sv, &au[i]);
        char *line = xasprintf("%s  %s  %s", at, au[i].login ? au[i].login : "?", what);
        tv_text(&sv->tv, line);
        free(line);
        free(what);
    }
    audit_free(au, n);
}

static int build(struct session_view *sv, const struct ui_ctx *ui)
{
    struct training_session t = {0};
    tv_init(&sv->tv, "", LABEL_COLS);
    training_attendees_free(sv->att, sv->natt);
    sv->att = NULL;
    sv->natt = sv->nlinks = 0;
    int rc = store_read_begin(ui->s);
    if (rc != STORE_OK)
        return rc;
    rc = store_training_get(ui->s, sv->id, &t);
    if (rc == STORE_OK)
        rc = store_training_attendees(ui->s, sv->id, &sv->att, &sv->natt);
    if (rc == STORE_OK) {
        free(sv->tv.title);
        sv->tv.title = xasprintf("%s %s %s", _("Training session"), dash(), t.topic);
        str_replace(&sv->topic, t.topic);
        add_fields(sv, ui, &t);
        add_attendees(sv);
        add_history(sv, ui);
    }
    store_read_end(ui->s);
    training_clear(&t);
    return rc;
}

static int open_view(struct view *v, const struct view_arg *arg)
{
    struct session_view *sv = v->state = xcalloc(1, sizeof *sv);
    sv->id = arg->id;
    return build(sv, v->ui);
}

static void close_view(struct view *v)
{
    struct session_view *sv = v->state;
    if (!sv)
        return;
    tv_free(&sv->tv);
    training_attendees_free(sv->att, sv->natt);
    free(sv->links);
    free(sv->topic);
    free(sv);
    v->state = NULL;
}

static int keymaps(const struct view *v, enum keymap_id *chain, int max)
{
    (void)v;
    return text_view_keymaps(KEYMAP_SESSION, chain, max);
}

/* Rebuilt where it was: same scroll, the same member or attendee selected. */
static int recalc(struct view *v)
{
    struct session_view *sv = v->state;
    int top = sv->tv.top, tag = tv_selected_link(&sv->tv);
    struct session_link was = tag >= 0 ? sv->links[tag] : (struct session_link){ 0 };
    WINDOW *win = sv->tv.win;
    int y = win ? getbegy(win) : 0, x = win ? getbegx(win) : 0;
    int h = win ? getmaxy(win) : 0, w = win ? getmaxx(win) : 0;
    tv_free(&sv->tv);
    int rc = build(sv, v->ui);
    if (w > 0)
        text_place(&sv->tv, (struct rect){ y, x, h, w });
    tv_scroll(&sv->tv, top);
    for (int i = 0; i < sv->nlinks && tag >= 0; i++)
        if (sv->links[i].member_id == was.member_id && sv->links[i].contact_id == was.contact_id)
            tv_select_tag(&sv->tv, i);
    return rc;
}

static const struct session_link *selected_attendee(const struct session_view *sv)
{
    int tag = tv_selected_link(&sv->tv);
    if (tag >= 0 && tag < sv->nlinks && sv->links[tag].contact_id)
        return &sv->links[tag];
    /* On a member's line, say where the attendees are rather than "none". */
    term_flash(true, "%s", tag >= 0 ? _("A member is selected: Tab again selects its attendees")
                                    : _("No attendee selected (Tab selects them)"));
    return NULL;
}

/* After a write: this view and those below read again. */
static enum reaction written(enum flow_result r)
{
    return r == FLOW_HANGUP ? R_QUIT : r == FLOW_SAVED ? R_RECALC_ALL : R_NONE;
}

static enum reaction command(struct view *v, enum command cmd, bool keycode, int key)
{
    struct session_view *sv = v->state;
    const struct session_link *a;
    (void)keycode;
    switch (cmd) {
    case CMD_NEXT_LINK:
    case CMD_PREV_LINK:
        if (tv_select_link(&sv->tv, cmd == CMD_NEXT_LINK ? 1 : -1) < 0 && sv->nlinks == 0)
            term_flash(false, "%s", _("No attendee yet: a adds them"));
        return R_NONE;
    case CMD_ADD_ATTENDEE:
        return written(flow_attendees_add(v->ui, sv->id));
    case CMD_ATTENDANCE:
        if (!(a = selected_attendee(sv)))
            return R_NONE;
        return written(flow_attendee_set(v->ui, sv->id, a->contact_id, !a->attended, 0));
    case CMD_SET_SCORE:
        if (!(a = selected_attendee(sv)))
            return R_NONE;
        return written(flow_attendee_set(v->ui, sv->id, a->contact_id, a->attended, key - '0'));
    case CMD_OPEN:
        if (tv_selected_link(&sv->tv) >= 0)
            return R_UNHANDLED;           /* the member: the generic open */
        term_flash(false, "%s", _("Tab selects a member or an attendee; Enter opens the member"));
        return R_NONE;
    default:
        return text_command(&sv->tv, cmd);
    }
}

/* A link stands for its member: Enter opens it, as the other details' links do. */
static struct selection selected(const struct view *v)
{
    const struct session_view *sv = v->state;
    struct selection sel = { .kind = SEL_SESSION, .id = sv->id, .label = sv->topic };
    int tag = tv_selected_link(&sv->tv);
    if (tag >= 0 && tag < sv->nlinks) {
        sel = (struct selection){ .kind = SEL_MEMBER, .id = sv->links[tag].member_id,
                                  .member_id = sv->links[tag].member_id };
    }
    return sel;
}

const struct view_ops session_view_ops = {
    .keymaps = keymaps, .open = open_view, .close = close_view, TEXT_VIEW_BASICS,
    .recalc = recalc, .command = command, .selected = selected,
};
