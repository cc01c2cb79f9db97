/* views — the table of every view (views.h), and the main screen's layout. */
#include "suivi/ui/views.h"

#include "suivi/ui/term.h"

extern const struct view_ops members_view_ops, timeline_view_ops, actions_view_ops,
                             detail_view_ops, help_view_ops, staff_view_ops, poles_view_ops,
                             providers_view_ops, search_view_ops, inbox_view_ops,
                             unsorted_view_ops, dashboard_view_ops, training_view_ops,
                             session_view_ops, subscriptions_view_ops;
extern const struct view_ops interactions_view_ops;

static const struct view_info table[VIEW_COUNT] = {
    [VIEW_MEMBERS]  = { &members_view_ops, SCREEN_MAIN },
    [VIEW_TIMELINE] = { &timeline_view_ops, SCREEN_MAIN },
    [VIEW_ACTIONS]  = { &actions_view_ops, SCREEN_MAIN },
    [VIEW_DETAIL]   = { &detail_view_ops, SCREEN_ALONE },
    [VIEW_HELP]     = { &help_view_ops, SCREEN_ALONE },
    [VIEW_QUEUE]    = { &actions_view_ops, SCREEN_ALONE },
    [VIEW_MEMBER_LIST] = { &members_view_ops, SCREEN_ALONE },
    [VIEW_INTERACTION_LIST] = { &interactions_view_ops, SCREEN_ALONE },
    [VIEW_STAFF]    = { &staff_view_ops, SCREEN_PEOPLE },
    [VIEW_POLES]    = { &poles_view_ops, SCREEN_PEOPLE },
    [VIEW_PROVIDERS] = { &providers_view_ops, SCREEN_PEOPLE },
    [VIEW_SEARCH]   = { &search_view_ops, SCREEN_ALONE },
    [VIEW_INBOX]    = { &inbox_view_ops, SCREEN_ALONE },
    [VIEW_UNSORTED] = { &unsorted_view_ops, SCREEN_ALONE },
    [VIEW_DASHBOARD] = { &dashboard_view_ops, SCREEN_ALONE },
    [VIEW_TRAINING] = { &training_view_ops, SCREEN_ALONE },
    [VIEW_SESSION]  = { &session_view_ops, SCREEN_ALONE },
    [VIEW_SUBSCRIPTIONS] = { &subscriptions_view_ops, SCREEN_ALONE },
};

const struct view_info *views_info(enum view_id id)
{
    return &table[id >= 0 && id < VIEW_COUNT ? id : 0];
}

void views_main_layout(int cols, int body_rows, struct rect *rects, int n, struct rect *chrome)
{
    int mw = cols * 36 / 100;
    int rx = mw + 1, rw = cols - rx;
    int th = body_rows / 2;     /* the actions pane gets the odd row */
    const struct rect places[3] = {
        { 0, 0, body_rows, mw },
        { 0, rx, th, rw },
        { th, rx, body_rows - th, rw },
    };
    for (int i = 0; i < n; i++)
        rects[i] = places[i < 3 ? i : 2];
    *chrome = (struct rect){ 0, mw, body_rows, 1 };
}

/* Staff, then pôles (a few), then providers: the lists get 45%, 25% and the rest. */
static void people_layout(int cols, int body_rows, struct rect *rects, int n)
{
    int staff = body_rows * 45 / 100, poles = body_rows * 25 / 100;
    const struct rect places[3] = {
        { 0, 0, staff, cols },
        { staff, 0, poles, cols },
        { staff + poles, 0, body_rows - staff - poles, cols },
    };
    for (int i = 0; i < n; i++)
        rects[i] = places[i < 3 ? i : 2];
}

void views_layout(enum screen_kind kind, int cols, int body_rows, struct rect *rects, int n,
                  struct rect *chrome)
{
    *chrome = (struct rect){ 0, 0, 0, 0 };
    if (kind == SCREEN_MAIN) {
        views_main_layout(cols, body_rows, rects, n, chrome);
    } else if (kind == SCREEN_PEOPLE) {
        people_layout(cols, body_rows, rects, n);
    } else {
        for (int i = 0; i < n; i++)
            rects[i] = (struct rect){ 0, 0, body_rows, cols };
    }
}
