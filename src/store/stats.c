/* stats — see stats.h.  Each figure is one grouped query over an index: the open
 * actions' partial indexes, the timeline's (occurred_at), usage's (service,
 * month). */
#include "suivi/store/stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "suivi/base/i18n.h"
#include "suivi/base/xalloc.h"

#define OPEN_A SQL_IS_OPEN("a.status")

/* The three "open by" figures read action_open_stats alone (covering, schema v9);
 * the + keeps the planner off action_provider, which would read each action's row. */
static const char SQL_BY_POLE[] =
    "SELECT p.name, a.pole_id, count(*), coalesce(sum(a.due < ?1), 0), 0 FROM action a"
    " LEFT JOIN pole p ON p.id = a.pole_id WHERE " OPEN_A
    " GROUP BY a.pole_id ORDER BY 3 DESC, 1";
static const char SQL_BY_ASSIGNEE[] =
    "SELECT st.display_name, a.assignee_staff_id, count(*), coalesce(sum(a.due < ?1), 0), 0"
    " FROM action a LEFT JOIN staff st ON st.id = a.assignee_staff_id WHERE " OPEN_A
    " AND +a.assignee_provider_id IS NULL GROUP BY a.assignee_staff_id ORDER BY 3 DESC, 1";
static const char SQL_BY_PROVIDER[] =
    "SELECT pr.name, a.assignee_provider_id, count(*), coalesce(sum(a.due < ?1), 0), 0"
    " FROM action a JOIN provider pr ON pr.id = +a.assignee_provider_id WHERE " OPEN_A
    " GROUP BY +a.assignee_provider_id ORDER BY 3 DESC, 1";
/* A closed action is read from action_closed, a partial index: the status
 * condition lets the planner use it (without it, every action is read). */
/* Weeks start on Monday: date(d, '-6 days', 'weekday 1') is the Monday on or before d. */
#define MONDAY(col) "date(" col ", '-6 days', 'weekday 1')"
static const char SQL_WEEKS[] =
    "SELECT w, 0, sum(o), sum(c), 0 FROM ("
    " SELECT " MONDAY("created_at") " AS w, 1 AS o, 0 AS c FROM action"
    "  WHERE created_at >= ?1 AND created_at < ?2"
    " UNION ALL SELECT " MONDAY("closed_at") ", 0, 1 FROM action"
    "  WHERE closed_at >= ?1 AND closed_at < ?2 AND " SQL_IS_CLOSED("status") ")"
    " GROUP BY w ORDER BY w";
static const char SQL_KIND_WEEKS[] =
    "SELECT kind || char(9) || " MONDAY("occurred_at") ", 0, count(*), 0, 0 FROM interaction"
    " WHERE occurred_at >= ?1 AND occurred_at < ?2 GROUP BY 1 ORDER BY 1";
static const char SQL_STAGES[] =
    "SELECT stage, 0, count(*), coalesce(sum(stage_due IS NOT NULL AND stage_due < ?1), 0), 0"
    " FROM member GROUP BY stage";
static const char SQL_USAGE[] =
    "SELECT v.code || ' ' || u.month, u.service_id, sum(u.count), 0, 0 FROM usage u"
    " JOIN service v ON v.id = u.service_id WHERE u.month BETWEEN ?1 AND ?2"
    " GROUP BY u.service_id, u.month ORDER BY v.code, u.month";
/* The territorial roll-ups in one statement: each member's open actions and
 * interactions in the period, grouped first by member (action_member_open,
 * interaction_by_time), then by département and EPCI (a commune counts for its
 * EPCI, parent_id; an EPCI for itself), once (MATERIALIZED), and summed three
 * ways, told apart by id: -2 a département's members, -1 its open actions and
 * interactions, else an EPCI's (with its communes counted).  Only the EPCIs with
 * something open or said in the period: a region has thousands. */
#define EPCI_OF "CASE WHEN m.kind = 'epci' THEN m.id ELSE m.parent_id END"
static const char SQL_AREAS[] =
    "WITH x AS (SELECT member_id AS mid, count(*) AS o, 0 AS i FROM action"
    "  WHERE " SQL_IS_OPEN("status") " GROUP BY member_id"
    " UNION ALL SELECT member_id, 0, count(*) FROM interaction"
    "  WHERE occurred_at >= ?1 AND occurred_at < ?2 GROUP BY member_id),"
    " per AS MATERIALIZED (SELECT m.departement AS d, " EPCI_OF " AS e, sum(x.o) AS o,"
    "  sum(x.i) AS i FROM x JOIN member m ON m.id = x.mid GROUP BY 1, 2)"
    " SELECT departement, -2, count(*), 0, 0 FROM member GROUP BY departement"
    " UNION ALL SELECT d, -1, sum(o), sum(i), 0 FROM per GROUP BY d"
    " UNION ALL SELECT e.name, e.id, sum(per.o), sum(per.i),"
    "  (SELECT count(*) FROM member c WHERE c.parent_id = e.id)"
    "  FROM per JOIN member e ON e.id = per.e AND e.kind = 'epci' GROUP BY e.id";
/* Each stay in a stage and the one after it (lead over the member's history). */
/* The days are in id and in c (c is what the CSV shows). */
static const char SQL_STAGE_MOVES[] =
    "SELECT l, d, count(*), 0, d FROM (SELECT stage || char(9) || coalesce(next_stage, '')"
    "  AS l, CASE WHEN next_at IS NULL THEN 0 ELSE max(0, CAST("
    "  julianday(substr(next_at, 1, 10)) - julianday(substr(entered_at, 1, 10))"
    "  AS INTEGER)) END AS d"
    " FROM (SELECT stage, entered_at, lead(stage) OVER w AS next_stage,"
    "  lead(entered_at) OVER w AS next_at FROM member_stage"
    "  WINDOW w AS (PARTITION BY member_id ORDER BY entered_at, id)))"
    " GROUP BY 1, 2 ORDER BY 1, 2";
/* ?1 today, ?2 the days of each window (as text: '-' || ?2 || ' days'). */
#define INCIDENTS_BETWEEN(a, b) \
    "(SELECT count(*) FROM interaction i WHERE i.member_id = f.member_id" \
    " AND i.kind IN ('incident', 'request') AND i.occurred_at >= " a \
    " AND i.occurred_at < " b ")"
static const char SQL_TRAINING_EFFECT[] =
    "SELECT v.code, f.service_id,"
    " sum(" INCIDENTS_BETWEEN("date(f.d, '-' || ?2 || ' days')", "f.d") "),"
    " sum(" INCIDENTS_BETWEEN("f.d", "date(f.d, '+' || ?2 || ' days')") "), count(*)"
    " FROM (SELECT s.service_id, c.member_id, min(s.held_on) AS d FROM training_attendee t"
    "  JOIN training_session s ON s.id = t.session_id JOIN contact c ON c.id = t.contact_id"
    "  WHERE t.attended AND s.service_id IS NOT NULL GROUP BY s.service_id, c.member_id) f"
    " JOIN service v ON v.id = f.service_id WHERE f.d <= date(?1, '-' || ?2 || ' days')"
    " GROUP BY f.service_id ORDER BY v.code";
/* The first response: the first change to the action or note on it after it was
 * created, whoever made it. */
static const char SQL_CLOSED[] =
    "SELECT a.id, a.created_at, a.closed_at,"
    " min(coalesce((SELECT min(au.at) FROM audit au WHERE au.entity = 'action'"
    "   AND au.entity_id = a.id AND au.change <> 'created'), '9999'),"
    "  coalesce((SELECT min(n.at) FROM note n WHERE n.action_id = a.id), '9999'))"
    " FROM action a WHERE a.closed_at >= ?1 AND a.closed_at < ?2"
    " AND " SQL_IS_CLOSED("a.status") " ORDER BY a.closed_at, a.id";

static void read_stat(sqlite3_stmt *st, void *row)
{
    struct stat_row *r = row;
    r->label = db_col_text(st, 0);
    r->id = db_col_int(st, 1);
    r->a = db_col_int(st, 2);
    r->b = db_col_int(st, 3);
    r->c = db_col_int(st, 4);
}

static void clear_stat(void *row)
{
    free(((struct stat_row *)row)->label);
}

static const struct db_row_kind STAT_ROW = {
    "stats", sizeof(struct stat_row), read_stat, clear_stat,
    N_("reading the figures"), N_("reading the figures"), N_("reading the figures"),
    N_("no such figure"), N_("the figures changed"),
};

/* sql bound with up to two texts. */
static int read_stats(store *s, const char *sql, const char *p1, const char *p2,
                      struct stat_row **out, int *n)
{
    *out = NULL;
    *n = 0;
    if (db_provider_only(s))
        return STORE_OK;            /* a provider's login sees no one's figures */
    sqlite3_stmt *st = db_stmt(s, sql);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    if (p1)
        db_bind_text(st, 1, p1, &rc);
    if (p2)
        db_bind_text(st, 2, p2, &rc);
    return db_read_list(s, st, rc, &STAT_ROW, (void **)out, n, _(STAT_ROW.reading));
}

int store_stats_open_by(store *s, const char *group, const char *today,
                        struct stat_row **out, int *n)
{
    const char *sql = strcmp(group, "pole") == 0       ? SQL_BY_POLE
                    : strcmp(group, "assignee") == 0   ? SQL_BY_ASSIGNEE
                                                       : SQL_BY_PROVIDER;
    return read_stats(s, sql, today, NULL, out, n);
}

int store_stats_weeks(store *s, const char *from, const char *to, struct stat_row **out,
                      int *n)
{
    return read_stats(s, SQL_WEEKS, from, to, out, n);
}

int store_stats_interaction_weeks(store *s, const char *from, const char *to,
                                  struct stat_row **out, int *n)
{
    return read_stats(s, SQL_KIND_WEEKS, from, to, out, n);
}

int store_stats_stages(store *s, const char *today, struct stat_row **out, int *n)
{
    return read_stats(s, SQL_STAGES, today, NULL, out, n);
}

int store_stats_usage(store *s, const char *from_month, const char *to_month,
                      struct stat_row **out, int *n)
{
    return read_stats(s, SQL_USAGE, from_month, to_month, out, n);
}

int store_stats_stage_moves(store *s, struct stat_row **out, int *n)
{
    return read_stats(s, SQL_STAGE_MOVES, NULL, NULL, out, n);
}

int store_stats_training_effect(store *s, const char *today, int days,
                                struct stat_row **out, int *n)
{
    char text[16];
    snprintf(text, sizeof text, "%d", days);
    return read_stats(s, SQL_TRAINING_EFFECT, today, text, out, n);
}

static bool same_label(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* Départements by code ("" / NULL first); EPCIs the most open first. */
static int by_label(const void *x, const void *y)
{
    const char *a = ((const struct stat_row *)x)->label, *b = ((const struct stat_row *)y)->label;
    return !a ? (b ? -1 : 0) : !b ? 1 : strcmp(a, b);
}

static int by_open(const void *x, const void *y)
{
    const struct stat_row *a = x, *b = y;
    if (a->a != b->a)
        return a->a < b->a ? 1 : -1;
    if (a->b != b->b)
        return a->b < b->b ? 1 : -1;
    return by_label(x, y);
}

/* The rows of SQL_AREAS told apart (see there); their labels move to the output. */
static void split_areas(struct stat_row *rows, int n, struct stat_row **deps, int *ndeps,
                        struct stat_row **epcis, int *nepcis)
{
    *deps = xcalloc((size_t)n + 1, sizeof **deps);
    *epcis = xcalloc((size_t)n + 1, sizeof **epcis);
    for (int i = 0; i < n; i++) {
        if (rows[i].id == -2) {            /* a département's members: its row */
            (*deps)[*ndeps] = (struct stat_row){ .label = rows[i].label, .id = rows[i].a,
                                                 .c = rows[i].a };   /* c: for the CSV */
            ++*ndeps;
        } else if (rows[i].id != -1) {
            (*epcis)[(*nepcis)++] = rows[i];
        } else {
            continue;
        }
        rows[i].label = NULL;
    }
    for (int i = 0; i < n; i++)            /* then its open actions and interactions */
        for (int k = 0; rows[i].id == -1 && k < *ndeps; k++)
            if (same_label((*deps)[k].label, rows[i].label)) {
                (*deps)[k].a = rows[i].a;
                (*deps)[k].b = rows[i].b;
                break;
            }
    qsort(*deps, (size_t)*ndeps, sizeof **deps, by_label);
    qsort(*epcis, (size_t)*nepcis, sizeof **epcis, by_open);
}

int store_stats_areas(store *s, const char *from, const char *to, struct stat_row **deps,
                      int *ndeps, struct stat_row **epcis, int *nepcis)
{
    struct stat_row *rows = NULL;
    int n = 0;
    *deps = *epcis = NULL;
    *ndeps = *nepcis = 0;
    int rc = read_stats(s, SQL_AREAS, from, to, &rows, &n);
    if (rc == STORE_OK)
        split_areas(rows, n, deps, ndeps, epcis, nepcis);
    stat_rows_free(rows, n);
    return rc;
}

void stat_rows_free(struct stat_row *r, int n)
{
    db_rows_free(&STAT_ROW, r, n);
}

static void read_closed(sqlite3_stmt *st, void *row)
{
    struct closed_action *c = row;
    c->id = db_col_int(st, 0);
    c->created_at = db_col_time(st, 1);
    c->closed_at = db_col_time(st, 2);
    c->first_response_at = db_col_time(st, 3);    /* '9999': none, read as 0 */
}

static void clear_closed(void *row)
{
    (void)row;
}

static const struct db_row_kind CLOSED_ROW = {
    "action", sizeof(struct closed_action), read_closed, clear_closed,
    N_("reading the figures"), N_("reading the figures"), N_("reading the figures"),
    N_("no such action"), N_("the figures changed"),
};

int store_stats_closed(store *s, const char *from, const char *to,
                       struct closed_action **out, int *n)
{
    *out = NULL;
    *n = 0;
    if (db_provider_only(s))
        return STORE_OK;
    sqlite3_stmt *st = db_stmt(s, SQL_CLOSED);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_text(st, 1, from, &rc);
    db_bind_text(st, 2, to, &rc);
    return db_read_list(s, st, rc, &CLOSED_ROW, (void **)out, n, _(CLOSED_ROW.reading));
}
