/* actions — lists of actions: in the main screen the open queue of every member
 * (overdue first, then priority, then due date), the selected member's actions, or
 * mine (`v` cycles); alone, the actions of one staff member or provider (a queue). */
#include <stdio.h>
#include <stdlib.h>

#include "lists.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/validate.h"
#include "suivi/ui/term.h"

#define STATUS_COLS 8
#define MIN_TITLE_COLS 14

struct actions {
    struct list_state list;
    enum action_scope scope;
    int64_t member_id;           /* followed from the members pane */
    char *member_name;
    int64_t party_id;            /* a queue's staff member or provider */
    char *party_name;
};

static int fetch(struct listview *lv, enum page_dir dir, const void *anchor, int limit,
                 void *rows, int *n)
{
    const struct actions *a = list_view_state(lv);
    struct ui_ctx *ui = list_ui(lv);
    *n = 0;
    if (a->scope == ACTIONS_MEMBER && !a->member_id)
        return STORE_OK;
    struct action_query q = {
        .scope = a->scope, .member_id = a->member_id, .party_id = a->party_id,
        .today = ui->today, .filter = lv_filter(lv),
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

LIST_ROW_OPS(action, store_action_get, action_clear)

/* The last column: the member in the cross-member queues, the assignee for one
 * member.  A staff member's or provider's queue shows the member too. */
static const char *who(const struct actions *s, const struct action *a)
{
    if (s->scope == ACTIONS_MEMBER)
        return a->assignee_name ? a->assignee_name : "-";
    return a->member_name;
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
    /* marker+due, priority, status, title, who; narrow panes drop the status */
    int who_cols = cols / 6 < 8 ? 8 : (cols / 6 > 20 ? 20 : cols / 6);
    int status_cols = STATUS_COLS;
    int title_cols = cols - (1 + ui->date_cols + 1) - (2 + 1) - (status_cols + 1) - (who_cols + 1);
    if (title_cols < MIN_TITLE_COLS) {
        title_cols += status_cols + 1;
        status_cols = 0;
    }
    /* "!" marks overdue where colour cannot (monochrome terminals, NO_COLOR). */
    lv_col(w, y, 0, 1, overdue ? "!" : "", due_attr);
    int x = lv_col(w, y, 1, ui->date_cols, due, due_attr);
    x = lv_col(w, y, x, 2, prio, text);
    x = lv_col(w, y, x, status_cols, enum_abbrev(&ACTION_STATUS_NAMES, (int)a->status), text);
    x = lv_col(w, y, x, title_cols, a->title, text);
    lv_col(w, y, x, who_cols, who(s, a), text);
}

static const char *scope_label(const struct actions *a)
{
    switch (a->scope) {
    case ACTIONS_OPEN:
        return _("open queue");
    case ACTIONS_MEMBER:
        return a->member_name ? a->member_name : _("no member");
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
    view_title(buf, len, _("Actions"), scope_label(list_view_state(lv)));
}

static const struct lv_ops action_rows = {
    .row_size = sizeof(struct action),
    .fetch = fetch,
    .get = row_get,
    .release = row_release,
    .id = row_id,
    .same = row_same,
    .draw = draw,
    .title = title,
};

/* ---- the view ------------------------------------------------------------------- */

static int open_view(struct view *v, const struct view_arg *arg)
{
    int rc = list_open(v, sizeof(struct actions), &action_rows);
    struct actions *a = v->state;
    a->scope = ACTIONS_OPEN;
    if (arg->kind == SEL_STAFF || arg->kind == SEL_PROVIDER) {
        a->scope = arg->kind == SEL_STAFF ? ACTIONS_STAFF : ACTIONS_PROVIDER;
        a->party_id = arg->id;
        a->party_name = xstrdup(arg->label);
        v->recalc_due = true;
    }
    return rc;
}

static void close_view(struct view *v)
{
    struct actions *a = v->state;
    if (a) {
        free(a->member_name);
        free(a->party_name);
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

static enum reaction command(struct view *v, enum command cmd, bool keycode, int key)
{
    if (cmd == CMD_ACTIONS_SCOPE)
        return cycle_scope(v);
    return list_command(v, cmd, keycode, key);
}

static struct selection selected(const struct view *v)
{
    const struct actions *s = v->state;
    const struct action *a = lv_selected(&s->list.lv);
    struct selection sel = { .kind = SEL_NONE, .member_id = s->member_id,
                             .label = s->member_name };
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
    if (!same_str(lead->label, a->member_name)) {
        str_replace(&a->member_name, lead->label);
        if (a->scope == ACTIONS_MEMBER)
            lv_touch_title(&a->list.lv);
    }
    if (lead->member_id == a->member_id)
        return;
    a->member_id = lead->member_id;
    if (a->scope == ACTIONS_MEMBER) {
        a->list.reset_due = true;
        v->recalc_due = true;
    }
}

static bool reveal(struct view *v, const struct selection *what)
{
    return what->kind == SEL_ACTION && list_reveal(v, what->id);
}

const struct view_ops actions_view_ops = {
    .keymaps = keymaps,
    .open = open_view,
    .close = close_view,
    .place = list_place,
    .recalc = list_recalc,
    .repaint = list_repaint,
    .touch = list_touch,
    .focus = list_focus,
    .command = command,
    .selected = selected,
    .follow = follow,
    .reveal = reveal,
};
