/* action_row — what action.c (records, writes) and action_page.c (pages, counts)
 * share: the select list and the record kind.  Private to src/store. */
#ifndef SUIVI_STORE_ACTION_ROW_H
#define SUIVI_STORE_ACTION_ROW_H

#include "store_internal.h"

#define A_SELECT \
    "SELECT a.id, a.interaction_id, a.member_id, m.name, a.title, a.description," \
    " a.assignee_staff_id, a.assignee_provider_id, coalesce(st.login, pr.name)," \
    " a.pole_id, p.name, a.status, a.priority, a.due, a.created_by, a.created_at," \
    " a.updated_at, a.closed_at, a.version, a.resolution" \
    " FROM action a JOIN member m ON m.id = a.member_id" \
    " LEFT JOIN staff st ON st.id = a.assignee_staff_id" \
    " LEFT JOIN provider pr ON pr.id = a.assignee_provider_id" \
    " LEFT JOIN pole p ON p.id = a.pole_id"

extern const struct db_row_kind ACTION_ROW;

#endif
