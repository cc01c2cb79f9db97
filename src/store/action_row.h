/* action_row — what action.c (records, writes), action_page.c (pages, counts) and
 * action_where.c (a query as SQL) share: the select list, the record kind and the
 * filter clause.  Private to src/store. */
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

/* a.search holds the title and the member's name (schema v5): a word of either. */
#define A_TERM(n) " AND (" n " IS NULL OR a.search LIKE " n " ESCAPE '\\')"
/* A query's parts (struct action_where), ?20..?36 and ?43..?46 (?40..?42 are the
 * pages' own); each is off when NULL.  Statuses
 * and priorities come as lists (",open,done," and "12"): one parameter each. */
#define A_WHERE \
    " AND (?20 IS NULL OR instr(?20, ',' || a.status || ',') > 0)" \
    " AND (?21 IS NULL OR instr(?21, a.priority) > 0)" \
    " AND (?22 IS NULL OR a.pole_id = ?22)" \
    " AND (?23 IS NULL OR a.assignee_staff_id = ?23)" \
    " AND (?24 IS NULL OR a.assignee_provider_id = ?24)" \
    " AND (?25 IS NULL OR (a.assignee_staff_id IS NULL AND a.assignee_provider_id IS NULL))" \
    " AND (?26 IS NULL OR a.due >= ?26) AND (?27 IS NULL OR a.due <= ?27)" \
    " AND (?28 IS NULL OR a.due IS NULL)" \
    " AND (?29 IS NULL OR (" SQL_IS_OPEN("a.status") " AND a.due IS NOT NULL AND a.due < ?36) = ?29)" \
    " AND (?30 IS NULL OR a.member_id = ?30 OR m.parent_id = ?30 OR m.departement = ?31)" \
    A_TERM("?32") A_TERM("?33") A_TERM("?34") A_TERM("?35") \
    " AND (?43 IS NULL OR a.created_at >= ?43)" \
    " AND (?44 IS NULL OR a.created_at < date(?44, '+1 day'))" \
    " AND (?45 IS NULL OR a.closed_at >= ?45)" \
    " AND (?46 IS NULL OR a.closed_at < date(?46, '+1 day'))"
#define A_FILTER A_TERM("?1") A_WHERE

/* Bind A_FILTER for q: its filter (?1) and its query's parts (?20..?36); the parts
 * left unbound are NULL, and so off. */
void action_bind_where(sqlite3_stmt *st, const struct action_query *q, int *rc);

#endif
