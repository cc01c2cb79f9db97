/* app_cmd — what each command of the main screen and of the detail/help views does:
 * moves, focus, filter, detail and help views, and the write keys, which hand over
 * to the flows (flows.h) and reload what a save may have changed. */
#include <stdio.h>
#include <string.h>

#include "app_internal.h"
#include "suivi/ui/flows.h"
#include "suivi/ui/help.h"

static const char *const nothing_selected[PANE_COUNT] = {
    [PANE_MEMBERS] = "No member selected",
    [PANE_TIMELINE] = "No interaction selected",
    [PANE_ACTIONS] = "No action selected",
};

static void say(struct app *a, bool error, const char *msg)
{
    term_flash(error, "%s", msg);
    a->dirty_status = true;
}

static void focus_pane(struct app *a, int p)
{
    if (p == a->focus)
        return;
    lv_set_focus(&a->panes[a->focus], false);
    a->focus = p;
    lv_set_focus(&a->panes[p], true);
}

static void redraw(struct app *a)
{
    clearok(curscr, TRUE);
    app_touch_all(a);
}

static int half(const struct listview *lv)
{
    return lv->height / 2 > 0 ? lv->height / 2 : 1;
}

/* ---- after a write ------------------------------------------------------------- */

/* A form was drawn over the screen: repaint it; on FLOW_SAVED re-read the panes,
 * putting `pane` on row `id` when given. */
static void after_flow(struct app *a, enum flow_result res, int pane, int64_t id)
{
    app_touch_all(a);
    if (res == FLOW_HANGUP) {
        a->quit = true;
        return;
    }
    if (res != FLOW_SAVED)
        return;
    for (int p = 0; p < PANE_COUNT; p++) {
        int rc = p == pane && id ? lv_goto_id(&a->panes[p], id) : lv_reload(&a->panes[p], NULL);
        app_report(a, rc, a->panes[p].name);
    }
    /* our own commit does not change data_version: nothing to re-read at idle */
    store_data_version(a->s, &a->data_version);
    app_sync(a);
    app_reload_counts(a);
}

static struct flow_ctx flow_ctx_of(const struct app *a)
{
    struct flow_ctx fc = { .s = a->s, .cfg = a->cfg };
    return fc;
}

static void new_member(struct app *a)
{
    struct flow_ctx fc = flow_ctx_of(a);
    int64_t id = 0;
    enum flow_result res = flow_member_new(&fc, &id);
    if (res == FLOW_SAVED)
        focus_pane(a, PANE_MEMBERS);
    after_flow(a, res, PANE_MEMBERS, id);
}

static void new_interaction(struct app *a, int64_t member_id)
{
    if (!member_id) {
        say(a, true, nothing_selected[PANE_MEMBERS]);
        return;
    }
    struct flow_ctx fc = flow_ctx_of(a);
    int64_t id = 0;
    enum flow_result res = flow_interaction_new(&fc, member_id, &id);
    after_flow(a, res, PANE_TIMELINE, id);
}

static void new_action(struct app *a, int64_t member_id, int64_t origin)
{
    if (!member_id) {
        say(a, true, nothing_selected[PANE_MEMBERS]);
        return;
    }
    struct flow_ctx fc = flow_ctx_of(a);
    int64_t id = 0;
    enum flow_result res = flow_action_new(&fc, member_id, origin, &id);
    after_flow(a, res, PANE_ACTIONS, id);
}

static void set_status(struct app *a, int64_t action_id)
{
    if (!action_id) {
        say(a, true, nothing_selected[PANE_ACTIONS]);
        return;
    }
    struct flow_ctx fc = flow_ctx_of(a);
    after_flow(a, flow_action_status(&fc, action_id), PANE_ACTIONS, action_id);
}

static void edit(struct app *a, int pane, int64_t id)
{
    if (!id) {
        say(a, true, nothing_selected[pane]);
        return;
    }
    struct flow_ctx fc = flow_ctx_of(a);
    enum flow_result res = FLOW_UNCHANGED;
    if (pane == PANE_MEMBERS)
        res = flow_member_edit(&fc, id);
    else if (pane == PANE_TIMELINE)
        res = flow_interaction_edit(&fc, id);
    else
        res = flow_action_edit(&fc, id);
    after_flow(a, res, pane, id);
}

/* ---- views --------------------------------------------------------------------- */

static void show_view(struct app *a, enum view_mode mode)
{
    a->view = mode;
    const struct rect *v = &a->lay.view;
    tv_place(&a->tv, v->y, v->x, v->h, v->w);
    if (a->tv.win)
        leaveok(a->tv.win, TRUE);
    a->dirty_status = true;
}

static void open_detail(struct app *a)
{
    static const enum detail_kind kinds[PANE_COUNT] = {
        DETAIL_MEMBER, DETAIL_INTERACTION, DETAIL_ACTION,
    };
    int64_t id = lv_selected_id(&a->panes[a->focus]);
    if (!id) {
        say(a, true, nothing_selected[a->focus]);
        return;
    }
    struct detail_ref ref = { .kind = kinds[a->focus], .id = id };
    int rc = detail_build(&a->tv, &a->ctx, &ref);
    if (rc != STORE_OK) {
        tv_free(&a->tv);
        app_report(a, rc, "detail");
        return;
    }
    a->ref = ref;
    show_view(a, VIEW_DETAIL);
}

void app_close_view(struct app *a)
{
    if (a->view == VIEW_NONE)
        return;
    tv_free(&a->tv);
    a->view = VIEW_NONE;
    app_touch_all(a);
}

/* After a write from the detail view: rebuild it where it was. */
static void rebuild_detail(struct app *a)
{
    if (a->view != VIEW_DETAIL || a->quit)
        return;
    int top = a->tv.top;
    struct detail_ref ref = a->ref;
    tv_free(&a->tv);
    int rc = detail_build(&a->tv, &a->ctx, &ref);
    if (rc != STORE_OK) {
        tv_free(&a->tv);
        a->view = VIEW_NONE;
        app_touch_all(a);
        app_report(a, rc, "detail");
        return;
    }
    a->ref = ref;
    show_view(a, VIEW_DETAIL);
    tv_scroll(&a->tv, top);
}

void app_view_command(struct app *a, enum command cmd)
{
    struct textview *tv = &a->tv;
    bool detail = a->view == VIEW_DETAIL;
    switch (cmd) {
    case CMD_DOWN:      tv_scroll(tv, 1); break;
    case CMD_UP:        tv_scroll(tv, -1); break;
    case CMD_PAGE_DOWN: tv_scroll(tv, tv->height); break;
    case CMD_PAGE_UP:   tv_scroll(tv, -tv->height); break;
    case CMD_HALF_DOWN: tv_scroll(tv, tv->height / 2 > 0 ? tv->height / 2 : 1); break;
    case CMD_HALF_UP:   tv_scroll(tv, -(tv->height / 2 > 0 ? tv->height / 2 : 1)); break;
    case CMD_FIRST:     tv_home(tv); break;
    case CMD_LAST:      tv_end(tv); break;
    case CMD_BACK:      app_close_view(a); break;
    case CMD_REDRAW:    redraw(a); break;
    case CMD_EDIT:
        if (!detail)
            break;
        edit(a, a->ref.kind == DETAIL_MEMBER ? PANE_MEMBERS
                : a->ref.kind == DETAIL_INTERACTION ? PANE_TIMELINE : PANE_ACTIONS, a->ref.id);
        rebuild_detail(a);
        break;
    case CMD_SET_STATUS:
        if (!detail)
            break;
        if (a->ref.kind != DETAIL_ACTION) {
            say(a, true, "Only an action has a status");
            break;
        }
        set_status(a, a->ref.id);
        rebuild_detail(a);
        break;
    case CMD_NEW_ACTION:
        if (!detail)
            break;
        new_action(a, a->ref.member_id,
                   a->ref.kind == DETAIL_INTERACTION ? a->ref.interaction_id : 0);
        rebuild_detail(a);
        break;
    default:
        break;
    }
}

/* ---- the main screen ------------------------------------------------------------- */

static void move_selection(struct app *a, enum command cmd)
{
    struct listview *lv = &a->panes[a->focus];
    int rc = STORE_OK;
    switch (cmd) {
    case CMD_DOWN:      rc = lv_move(lv, 1); break;
    case CMD_UP:        rc = lv_move(lv, -1); break;
    case CMD_PAGE_DOWN: rc = lv_move(lv, lv->height); break;
    case CMD_PAGE_UP:   rc = lv_move(lv, -lv->height); break;
    case CMD_HALF_DOWN: rc = lv_move(lv, half(lv)); break;
    case CMD_HALF_UP:   rc = lv_move(lv, -half(lv)); break;
    case CMD_FIRST:     rc = lv_first(lv); break;
    case CMD_LAST:      rc = lv_last(lv); break;
    default: break;
    }
    app_report(a, rc, lv->name);
}

static void cycle_scope(struct app *a)
{
    struct listview *lv = &a->panes[PANE_ACTIONS];
    a->ctx.scope = a->ctx.scope == ACTIONS_OPEN ? ACTIONS_MEMBER
                 : a->ctx.scope == ACTIONS_MEMBER ? ACTIONS_MINE : ACTIONS_OPEN;
    lv_touch_title(lv);
    app_report(a, lv_reset(lv), lv->name);
}

void app_command(struct app *a, enum command cmd)
{
    /* Acting on the selected member needs the panes up to date with the keys typed
     * before; moves do not, so that a burst of them reloads the timeline once. */
    if (cmd >= CMD_OPEN && cmd != CMD_FILTER && cmd != CMD_HELP && cmd != CMD_REDRAW &&
        cmd != CMD_QUIT)
        app_sync(a);
    struct listview *lv = &a->panes[a->focus];
    switch (cmd) {
    case CMD_NEXT_PANE:     focus_pane(a, (a->focus + 1) % PANE_COUNT); break;
    case CMD_PREV_PANE:     focus_pane(a, (a->focus + PANE_COUNT - 1) % PANE_COUNT); break;
    case CMD_PANE_MEMBERS:  focus_pane(a, PANE_MEMBERS); break;
    case CMD_PANE_TIMELINE: focus_pane(a, PANE_TIMELINE); break;
    case CMD_PANE_ACTIONS:  focus_pane(a, PANE_ACTIONS); break;
    case CMD_DOWN: case CMD_UP: case CMD_PAGE_DOWN: case CMD_PAGE_UP:
    case CMD_HALF_DOWN: case CMD_HALF_UP: case CMD_FIRST: case CMD_LAST:
        move_selection(a, cmd);
        break;
    case CMD_OPEN:          open_detail(a); break;
    case CMD_FILTER:
        lv->filtering = true;
        lv_touch_title(lv);
        break;
    case CMD_ACTIONS_SCOPE: cycle_scope(a); break;
    case CMD_NEW_MEMBER:    new_member(a); break;
    case CMD_NEW_INTERACTION: new_interaction(a, a->ctx.member_id); break;
    case CMD_NEW_ACTION:
        new_action(a, a->ctx.member_id,
                   a->focus == PANE_TIMELINE ? lv_selected_id(&a->panes[PANE_TIMELINE]) : 0);
        break;
    case CMD_SET_STATUS:    set_status(a, lv_selected_id(&a->panes[PANE_ACTIONS])); break;
    case CMD_EDIT:          edit(a, a->focus, lv_selected_id(lv)); break;
    case CMD_HELP:
        help_build(&a->tv);
        show_view(a, VIEW_HELP);
        break;
    case CMD_REDRAW:        redraw(a); break;
    case CMD_QUIT:          a->quit = true; break;
    default: break;
    }
}
