/* actions — lists of actions: in the main screen the open queue of every member
 * (overdue first, then priority, then due date), the selected member's actions, or
 * mine (`v` cycles); alone, the actions of one staff member or provider (a queue). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lists.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/query.h"
#include "suivi/core/validate.h"
#include "suivi/ui/chooser.h"
#include "suivi/ui/form.h"
#include "suivi/ui/term.h"

#define STATUS_COLS 8
#define MIN_TITLE_COLS 14

struct actions {
    struct list_state list;
    enum action_scope scope;
    struct followed who;         /* the member of the members pane */
    int64_t party_id;            /* a queue's staff member or provider */
    char *party_name;
    enum action_order order;     /* o: the queue's, or newest first */
    /* The filter is a query (core/query.h), compiled when its text changes; while
     * the text is wrong (half typed) the list keeps the last query that was right. */
    char *query_text;
    struct query query;
};

static void flash_query_error(const struct query_error *e)
{
    if (e->column)
        term_flash(true, _("Query, column %d: %s"), e->column, e->msg);
    else
        term_flash(true, "%s", e->msg);
}

/* Compile the filter if it changed; an error is said once, with its column. */
static const struct action_where *list_where(struct actions *a, struct ui_ctx *ui,
                                             const char *text)
{
    if (!text)
        text = "";
    if (!a->query_text || strcmp(a->query_text, text) != 0) {
        str_replace(&a->query_text, text);
        struct query q;
        struct query_error e;
        int rc = query_compile(ui->s, text, ui->today, &q, &e);
        if (rc == STORE_OK) {
            query_free(&a->query);
            a->query = q;
        } else {
            query_free(&q);
            flash_query_error(&e);
        }
    }
    return &a->query.where;
}

static int fetch(struct listview *lv, enum page_dir dir, const void *anchor, int limit,
                 void *rows, int *n)
{
    struct actions *a = list_view_state(lv);
    struct ui_ctx *ui = list_ui(lv);
    *n = 0;
    if (a->scope == ACTIONS_MEMBER && !a->who.member_id)
        return STORE_OK;
    struct action_query q = {
        .scope = a->scope, .member_id = a->who.member_id, .party_id = a->party_id,
        .today = ui->today, .where = list_where(a, ui, lv_filter(lv)), .order = a->order,
    };
    return store_actions_page(ui->s, &q, dir, anchor, limit, rows, n);
}

/* What the row shows besides its id and version. */
static bool same_fields(const struct action *x, const struct action *y)
{
    return x->status == y->status && x->priority == y->priority &&
           same_str(x->due, y->due) && same_str(x->title, y->title) &&
           same_str(x->member_name, y->member_name) &&
           same_str(x->assignee_name, y->assignee_name);
}

/* Short status tags for narrow panes ("wprv"): 4 columns. */
static const char *const short_status[ASTATUS_COUNT] = {
    N_("open"), N_("prog"), N_("wmbr"), N_("wprv"), N_("done"), N_("canc"),
};

/* Columns of a row: marker and due date, priority, status, title, then the member
 * (not in one member's own list) and the assignee.  A narrow pane shortens the
 * status before the title gets too short, then drops it. */
struct columns { int status, title, member, assignee; bool short_status; };

static struct columns columns_for(const struct ui_ctx *ui, const struct actions *s, int cols)
{
    struct columns c = { STATUS_COLS, 0, 0, 0, false };
    bool member = s->scope != ACTIONS_MEMBER;
    int share = cols / 7 < 7 ? 7 : (cols / 7 > 20 ? 20 : cols / 7);
    c.member = member ? share : 0;
    c.assignee = member ? share : share + 4;
    int fixed = 2 + ui->date_cols + 1 + 2 + 1 + (c.member ? c.member + 1 : 0) + c.assignee + 1;
    c.title = cols - fixed - (c.status + 1);
    if (c.title < MIN_TITLE_COLS) {
        c.status = 4;
        c.short_status = true;
        c.title = cols - fixed - (c.status + 1);
    }
    if (c.title < MIN_TITLE_COLS) {
        c.title += c.status + 1;
        c.status = 0;
    }
    return c;
}

static void draw(struct listview *lv, WINDOW *w, int y, int cols, const void *row, attr_t base)
{
    const struct ui_ctx *ui = list_ui(lv);
    const struct actions *s = list_view_state(lv);
    const struct action *a = row;
    bool plain = base == term_attr(ROLE_NORMAL);
    bool overdue = action_is_overdue(a, ui->today);
    bool closed = !action_status_is_open(a->status);
    attr_t text = plain && closed ? term_attr(ROLE_DIM) : base;
    attr_t due_attr = plain && overdue ? term_attr(ROLE_OVERDUE) : text;
    char due[64], prio[8];
    view_format_date(ui, a->due, due, sizeof due);
    snprintf(prio, sizeof prio, "P%d", a->priority);
    struct columns c = columns_for(ui, s, cols);
    const char *status = c.short_status ? _(short_status[a->status])
                                        : _(enum_abbrev(&ACTION_STATUS_NAMES, (int)a->status));
    /* "*" marks a tagged action; "!" an overdue one where colour cannot (monochrome
     * terminals, NO_COLOR). */
    lv_col(w, y, 0, 1, tags_has(&ui->tags, a->id) ? "*" : "", text);
    lv_col(w, y, 1, 1, overdue ? "!" : "", due_attr);
    int x = lv_col(w, y, 2, ui->date_cols, due, due_attr);
    x = lv_col(w, y, x, 2, prio, text);
    x = lv_col(w, y, x, c.status, status, text);
    x = lv_col(w, y, x, c.title, a->title, text);
    x = lv_col(w, y, x, c.member, a->member_name, text);
    lv_col(w, y, x, c.assignee, a->assignee_name ? a->assignee_name : "-", text);
}

static const char *scope_label(const struct actions *a)
{
    switch (a->scope) {
    case ACTIONS_OPEN:     /* a provider's login: their actions, whatever the scope */
        return a->party_name ? a->party_name : _("open queue");
    case ACTIONS_MEMBER:
        return a->who.member_name ? a->who.member_name : _("no member");
    case ACTIONS_MINE:
        return _("mine");
    case ACTIONS_PROVIDER:
    case ACTIONS_STAFF:
        return a->party_name ? a->party_name : "?";
    }
    return "?";
}

static void title(struct listview *lv, char *buf, size_t len)
{
    const struct actions *a = list_view_state(lv);
    view_title(buf, len, _("Actions"), scope_label(a));
    if (a->order == ORDER_NEWEST && strlen(buf) + 20 < len)
        snprintf(buf + strlen(buf), len - strlen(buf), " %s", _("(newest first)"));
}

LIST_ROW_OPS(action, store_action_get, action_clear);

/* ---- the view ------------------------------------------------------------------- */

/* A link (the detail's Assignee) names only the id: the title says whose queue it is. */
static char *party_name(struct view *v, const struct view_arg *arg)
{
    char *name = NULL;
    if (arg->kind == SEL_STAFF) {
        struct staff st = {0};
        if (store_staff_get(v->ui->s, arg->id, &st) == STORE_OK)
            name = xstrdup(st.display_name && *st.display_name ? st.display_name : st.login);
        staff_clear(&st);
    } else {
        struct provider p = {0};
        if (store_provider_get(v->ui->s, arg->id, &p) == STORE_OK)
            name = xstrdup(p.name);
        provider_clear(&p);
    }
    return name;
}

static int open_view(struct view *v, const struct view_arg *arg)
{
    int rc = list_open(v, sizeof(struct actions), &action_rows);
    struct actions *a = v->state;
    a->scope = ACTIONS_OPEN;
    if (arg->kind == SEL_STAFF || arg->kind == SEL_PROVIDER) {
        a->scope = arg->kind == SEL_STAFF ? ACTIONS_STAFF : ACTIONS_PROVIDER;
        a->party_id = arg->id;
        a->party_name = arg->label ? xstrdup(arg->label) : party_name(v, arg);
        v->recalc_due = true;
    } else if (store_provider_only(v->ui->s)) {
        struct view_arg mine = { .kind = SEL_PROVIDER, .id = store_provider_only(v->ui->s) };
        a->party_name = party_name(v, &mine);
    } else if (arg->label) {    /* the dashboard's Enter: whom its query names by id */
        a->party_name = xstrdup(arg->label);
    }
    if (arg->filter)            /* the dashboard's Enter: the actions behind a figure */
        lv_filter_append(&list_of(v)->lv, arg->filter);
    return rc;
}

static void close_view(struct view *v)
{
    struct actions *a = v->state;
    if (a) {
        free(a->who.member_name);
        free(a->party_name);
        free(a->query_text);
        query_free(&a->query);
    }
    list_close(v);
}

static int keymaps(const struct view *v, enum keymap_id *chain, int max)
{
    return list_keymaps(v, v->id == VIEW_QUEUE ? KEYMAP_QUEUE : KEYMAP_ACTIONS, chain, max);
}

static enum reaction cycle_scope(struct view *v)
{
    struct actions *a = v->state;
    if (a->scope != ACTIONS_OPEN && a->scope != ACTIONS_MEMBER && a->scope != ACTIONS_MINE)
        return R_NONE;
    a->scope = a->scope == ACTIONS_OPEN ? ACTIONS_MEMBER
             : a->scope == ACTIONS_MEMBER ? ACTIONS_MINE : ACTIONS_OPEN;
    a->list.reset_due = true;
    return R_RECALC;
}

/* ---- tags ---------------------------------------------------------------------- */

static enum reaction tag_selected(struct view *v)
{
    struct listview *lv = &list_of(v)->lv;
    const struct action *a = lv_selected(lv);
    if (!a)
        return R_NONE;
    tags_toggle(&v->ui->tags, a->id);
    lv_touch_selected(lv);
    lv_move(lv, 1);                   /* as mutt: tag, and on to the next one */
    return R_NONE;
}

#define TAG_PAGE 256

/* Tag every action of this list (its scope and filter) whose title or member
 * contains text: page after page, as the list itself reads them. */
static int tag_matching(struct view *v, const struct action_where *where, int *added)
{
    const struct actions *a = v->state;
    struct ui_ctx *ui = v->ui;
    struct action_query q = { .scope = a->scope, .member_id = a->who.member_id,
                              .party_id = a->party_id, .today = ui->today, .where = where };
    struct action *rows = xcalloc(TAG_PAGE, sizeof *rows), last = {0};
    int n = 0, rc = STORE_OK;
    *added = 0;
    if (a->scope == ACTIONS_MEMBER && !a->who.member_id)
        return STORE_OK;
    for (enum page_dir dir = PAGE_FIRST; rc == STORE_OK; dir = PAGE_AFTER) {
        rc = store_actions_page(ui->s, &q, dir, dir == PAGE_FIRST ? NULL : &last, TAG_PAGE,
                                rows, &n);
        for (int i = 0; rc == STORE_OK && i < n; i++)
            *added += tags_add(&ui->tags, rows[i].id);
        action_clear(&last);
        if (rc == STORE_OK && n > 0)
            action_copy(&last, &rows[n - 1]);
        for (int i = 0; i < n; i++)
            action_clear(&rows[i]);
        if (n < TAG_PAGE)
            break;
        memset(rows, 0, TAG_PAGE * sizeof *rows);
    }
    action_clear(&last);
    free(rows);
    return rc;
}

static enum reaction tag_prompt(struct view *v)
{
    char *text = NULL;
    enum form_result fr = form_ask(_("Tag the actions of this list that match"),
                                   _("Query (as with /)"), FIELD_TEXT, &text);
    if (fr == FORM_HANGUP) {
        free(text);
        return R_QUIT;
    }
    struct query q = {0};
    struct query_error e;
    if (fr == FORM_SAVED && text && *text &&
        query_compile(v->ui->s, text, v->ui->today, &q, &e) != STORE_OK) {
        flash_query_error(&e);
    } else if (fr == FORM_SAVED && text && *text) {
        int added = 0;
        int rc = tag_matching(v, &q.where, &added);
        if (rc != STORE_OK)
            ui_report(v->ui, rc, _("Tag"));
        else
            term_flash(false, ngettext("Tagged %d action matching \"%s\" (%d tagged in all)",
                                       "Tagged %d actions matching \"%s\" (%d tagged in all)",
                                       added), added, text, v->ui->tags.n);
        lv_touch(&list_of(v)->lv);
    }
    query_free(&q);
    free(text);
    return R_NONE;
}

static enum reaction untag_all(struct view *v)
{
    int n = v->ui->tags.n;
    tags_clear(&v->ui->tags);
    lv_touch(&list_of(v)->lv);
    term_flash(false, ngettext("Untagged %d action", "Untagged %d actions", n), n);
    return R_NONE;
}

static enum reaction toggle_order(struct view *v)
{
    struct actions *a = v->state;
    a->order = a->order == ORDER_QUEUE ? ORDER_NEWEST : ORDER_QUEUE;
    a->list.reset_due = true;
    lv_touch_title(&a->list.lv);
    return R_RECALC;
}

static enum reaction export_actions(struct view *v)
{
    struct actions *a = v->state;
    struct export_request r = {
        .what = EXPORT_ACTIONS, .format = OUT_CSV_EXCEL,
        .actions = { .scope = a->scope, .member_id = a->who.member_id,
                     .party_id = a->party_id, .today = v->ui->today, .order = a->order,
                     .where = list_where(a, v->ui, lv_filter(&a->list.lv)) },
    };
    if (a->scope == ACTIONS_MEMBER && !a->who.member_id) {
        term_flash(true, "%s", _("No member selected: nothing to export"));
        return R_NONE;
    }
    return view_export(v, &r, "actions");
}

/* V: a named view's query becomes the list's filter, as if typed after /. */
static enum reaction named_view(struct view *v)
{
    const struct config *cfg = v->ui->cfg;
    if (!cfg || cfg->nviews == 0) {
        term_flash(true, "%s", _("No named views: add some to the [views] section of the "
                                 "config (see config.example.ini)"));
        return R_NONE;
    }
    const char **names = xcalloc((size_t)cfg->nviews + 1, sizeof *names);
    const char **notes = xcalloc((size_t)cfg->nviews + 1, sizeof *notes);
    names[0] = _("(none: the whole list)");
    notes[0] = "";
    for (int i = 0; i < cfg->nviews; i++) {
        names[i + 1] = cfg->views[i].name;
        notes[i + 1] = cfg->views[i].query;
    }
    int pick = chooser_run(_("Named views"), names, notes, cfg->nviews + 1, 0);
    free(names);
    free(notes);
    if (pick == -2)
        return R_QUIT;
    if (pick < 0)
        return R_NONE;
    struct list_state *ls = list_of(v);
    lv_filter_clear(&ls->lv);
    if (pick > 0 && !lv_filter_append(&ls->lv, cfg->views[pick - 1].query))
        term_flash(true, _("The view %s is too long for the filter"), cfg->views[pick - 1].name);
    lv_touch_title(&ls->lv);
    ls->reset_due = true;
    return R_RECALC;
}

static enum reaction command(struct view *v, enum command cmd, bool keycode, int key)
{
    switch (cmd) {
    case CMD_NAMED_VIEW:    return named_view(v);
    case CMD_SORT:          return toggle_order(v);
    case CMD_EXPORT:        return export_actions(v);
    case CMD_ACTIONS_SCOPE: return cycle_scope(v);
    case CMD_TAG:           return tag_selected(v);
    case CMD_TAG_MATCHING:  return tag_prompt(v);
    case CMD_UNTAG_ALL:     return untag_all(v);
    default:                return list_command(v, cmd, keycode, key);
    }
}

static struct selection selected(const struct view *v)
{
    const struct actions *s = v->state;
    const struct action *a = lv_selected(&s->list.lv);
    struct selection sel = { .kind = SEL_NONE, .member_id = s->who.member_id,
                             .label = s->who.member_name };
    if (a) {
        sel.kind = SEL_ACTION;
        sel.id = sel.action_id = a->id;
        sel.member_id = a->member_id;
        sel.label = a->title;
    }
    return sel;
}

/* In the member scope, follow the members pane. */
static void follow(struct view *v, const struct selection *lead)
{
    struct actions *a = v->state;
    bool retitle, moved = list_follow_member(&a->who, lead, &retitle);
    if (a->scope != ACTIONS_MEMBER)
        return;
    if (moved) {
        a->list.reset_due = true;
        v->recalc_due = true;
    }
    if (retitle)
        lv_touch_title(&a->list.lv);
}

static bool reveal(struct view *v, const struct selection *what)
{
    return what->kind == SEL_ACTION && list_reveal(v, what->id);
}

const struct view_ops actions_view_ops = {
    .keymaps = keymaps, .open = open_view, .close = close_view, LIST_VIEW_BASICS,
    .recalc = list_recalc, .command = command, .selected = selected, .follow = follow, .reveal = reveal,
};
