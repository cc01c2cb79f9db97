/* member_row — what member.c (records, writes) and member_page.c (pages, filters)
 * share: the select list and the record kind.  Private to src/store. */
#ifndef SUIVI_STORE_MEMBER_ROW_H
#define SUIVI_STORE_MEMBER_ROW_H

#include "store_internal.h"

#define MEMBER_SELECT \
    "SELECT m.id, m.name, m.kind, m.siren, m.departement, m.status, m.parent_id," \
    " p.name, m.sort_key, m.created_at, m.updated_at, m.version," \
    " (SELECT count(*) FROM action a INDEXED BY action_member_open" \
    "    WHERE a.member_id = m.id AND " SQL_IS_OPEN("a.status") ")," \
    " m.stage, m.stage_since, m.stage_due" \
    " FROM member m LEFT JOIN member p ON p.id = m.parent_id"

extern const struct db_row_kind MEMBER_ROW;

#endif
