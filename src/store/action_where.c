/* action_where — a list's filter and its query's parts (struct action_where) as
 * SQL: the A_FILTER clause (action_row.h) and the values bound to it.  One place,
 * so that every way of reading actions (the queue's arms, closed runs, newest
 * first, rare words) narrows them alike. */
#include <stdio.h>
#include <string.h>

#include "action_row.h"

static void bind_list(sqlite3_stmt *st, int i, const char *list, int *rc)
{
    if (*list)
        db_bind_text(st, i, list, rc);
}

void action_bind_where(sqlite3_stmt *st, const struct action_query *q, int *rc)
{
    db_bind_filter(st, 1, q->filter, rc);
    const struct action_where *w = q->where;
    if (!w || *rc != SQLITE_OK)
        return;
    char statuses[96] = "", prios[8] = "";
    for (int i = 0; i < ASTATUS_COUNT; i++)
        if (w->statuses & (1u << i))
            snprintf(statuses + strlen(statuses), sizeof statuses - strlen(statuses),
                     "%s%s,", *statuses ? "" : ",", enum_code(&ACTION_STATUS_NAMES, i));
    for (int p = PRIORITY_MIN; p <= PRIORITY_MAX; p++)
        if (w->priorities & (1u << p))
            snprintf(prios + strlen(prios), sizeof prios - strlen(prios), "%d", p);
    bind_list(st, 20, statuses, rc);
    bind_list(st, 21, prios, rc);
    if (w->pole_id)
        db_bind_int(st, 22, w->pole_id, rc);
    if (w->who == WHO_STAFF || w->who == WHO_PROVIDER)
        db_bind_int(st, w->who == WHO_STAFF ? 23 : 24, w->who_id, rc);
    if (w->who == WHO_NOBODY)
        db_bind_int(st, 25, 1, rc);
    bind_list(st, 26, w->due_from, rc);
    bind_list(st, 27, w->due_to, rc);
    if (w->due_none)
        db_bind_int(st, 28, 1, rc);
    if (w->overdue) {
        db_bind_int(st, 29, w->overdue > 0, rc);
        db_bind_text(st, 36, q->today, rc);
    }
    if (w->member_root) {
        db_bind_int(st, 30, w->member_root, rc);
        bind_list(st, 31, w->departement, rc);
    }
    for (int i = 0; i < WHERE_TERMS; i++)
        db_bind_filter(st, 32 + i, w->terms[i], rc);
    bind_list(st, 43, w->opened_from, rc);
    bind_list(st, 44, w->opened_to, rc);
    bind_list(st, 45, w->closed_from, rc);
    bind_list(st, 46, w->closed_to, rc);
}
