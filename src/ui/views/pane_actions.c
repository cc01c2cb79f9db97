/* pane_actions — the right bottom pane: the open queue of every member (overdue
 * first, then priority, then due date), this member's actions, or mine. */
#include <stdio.h>

#include "suivi/ui/panes.h"
#include "suivi/ui/term.h"
#include "suivi/core/validate.h"
#include "panes_priv.h"

#define STATUS_COLS 8
#define MIN_TITLE_COLS 14

static int fetch(struct listview *lv, enum page_dir dir, const void *anchor, int limit,
                 void *rows, int *n)
{
    struct panes_ctx *c = lv->ctx;
    *n = 0;
    if (c->scope == ACTIONS_MEMBER && !c->member_id)
        return STORE_OK;
    struct action_query q = {
        .scope = c->scope, .member_id = c->member_id, .today = c->today,
        .filter = lv_filter(lv),
    };
    return store_actions_page(c->s, &q, dir, anchor, limit, rows, n);
}

/* What the row shows besides its id and version. */
static bool same_fields(const struct action *x, const struct action *y)
{
    return x->status == y->status && x->priority == y->priority &&
           pane_same_str(x->due, y->due) && pane_same_str(x->title, y->title) &&
           pane_same_str(x->member_name, y->member_name) &&
           pane_same_str(x->assignee_name, y->assignee_name);
}

PANE_ROW_OPS(action, store_action_get, action_clear)

/* Who to show: the member in the cross-member queues, the assignee for one member. */
static const char *who(const struct panes_ctx *c, const struct action *a)
{
    if (c->scope == ACTIONS_MEMBER)
        return a->assignee_name ? a->assignee_name : "-";
    return a->member_name;
}

static void draw(struct listview *lv, WINDOW *w, int y, int cols, const void *row, attr_t base)
{
    const struct panes_ctx *c = lv->ctx;
    const struct action *a = row;
    bool plain = base == term_attr(ROLE_NORMAL);
    bool overdue = action_is_overdue(a, c->today);
    bool closed = !action_status_is_open(a->status);
    attr_t text = plain && closed ? term_attr(ROLE_DIM) : base;
    attr_t due_attr = plain && overdue ? term_attr(ROLE_OVERDUE) : text;
    char due[64], prio[8];
    pane_format_date(c, a->due, due, sizeof due);
    snprintf(prio, sizeof prio, "P%d", a->priority);
    /* marker+due, priority, status, title, who; narrow panes drop the status */
    int who_cols = cols / 6 < 8 ? 8 : (cols / 6 > 20 ? 20 : cols / 6);
    int status_cols = STATUS_COLS;
    int title_cols = cols - (1 + c->date_cols + 1) - (2 + 1) - (status_cols + 1) - (who_cols + 1);
    if (title_cols < MIN_TITLE_COLS) {
        title_cols += status_cols + 1;
        status_cols = 0;
    }
    /* "!" marks overdue where colour cannot (monochrome terminals, NO_COLOR). */
    lv_col(w, y, 0, 1, overdue ? "!" : "", due_attr);
    int x = lv_col(w, y, 1, c->date_cols, due, due_attr);
    x = lv_col(w, y, x, 2, prio, text);
    x = lv_col(w, y, x, status_cols, enum_abbrev(&ACTION_STATUS_NAMES, (int)a->status), text);
    x = lv_col(w, y, x, title_cols, a->title, text);
    lv_col(w, y, x, who_cols, who(c, a), text);
}

static void title(struct listview *lv, char *buf, size_t len)
{
    const struct panes_ctx *c = lv->ctx;
    pane_title(buf, len, "Actions", pane_actions_scope_label(c));
}

const struct lv_ops pane_actions_ops = {
    .row_size = sizeof(struct action),
    .fetch = fetch,
    .get = row_get,
    .release = row_release,
    .id = row_id,
    .same = row_same,
    .draw = draw,
    .title = title,
};
