/* stats — see stats.h.  Each figure is one grouped query over an index: the open
 * actions' partial indexes, the timeline's (occurred_at), usage's (service,
 * month). */
#include "suivi/store/stats.h"

#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "suivi/base/i18n.h"

#define OPEN_A SQL_IS_OPEN("a.status")

static const char SQL_BY_POLE[] =
    "SELECT p.name, a.pole_id, count(*), coalesce(sum(a.due < ?1), 0) FROM action a"
    " LEFT JOIN pole p ON p.id = a.pole_id WHERE " OPEN_A
    " GROUP BY a.pole_id ORDER BY 3 DESC, 1";
static const char SQL_BY_ASSIGNEE[] =
    "SELECT st.display_name, a.assignee_staff_id, count(*), coalesce(sum(a.due < ?1), 0)"
    " FROM action a LEFT JOIN staff st ON st.id = a.assignee_staff_id WHERE " OPEN_A
    " AND a.assignee_provider_id IS NULL GROUP BY a.assignee_staff_id ORDER BY 3 DESC, 1";
static const char SQL_BY_PROVIDER[] =
    "SELECT pr.name, a.assignee_provider_id, count(*), coalesce(sum(a.due < ?1), 0)"
    " FROM action a JOIN provider pr ON pr.id = a.assignee_provider_id WHERE " OPEN_A
    " GROUP BY a.assignee_provider_id ORDER BY 3 DESC, 1";
/* Weeks start on Monday: date(d, '-6 days', 'weekday 1') is the Monday on or before d. */
#define MONDAY(col) "date(" col ", '-6 days', 'weekday 1')"
static const char SQL_WEEKS[] =
    "SELECT w, 0, sum(o), sum(c) FROM ("
    " SELECT " MONDAY("created_at") " AS w, 1 AS o, 0 AS c FROM action"
    "  WHERE created_at >= ?1 AND created_at < ?2"
    " UNION ALL SELECT " MONDAY("closed_at") ", 0, 1 FROM action"
    "  WHERE closed_at >= ?1 AND closed_at < ?2) GROUP BY w ORDER BY w";
static const char SQL_INTERACTIONS[] =
    "SELECT kind, 0, count(*), 0 FROM interaction WHERE occurred_at >= ?1 AND occurred_at < ?2"
    " GROUP BY kind ORDER BY 3 DESC, 1";
static const char SQL_STAGES[] =
    "SELECT stage, 0, count(*), coalesce(sum(stage_due IS NOT NULL AND stage_due < ?1), 0)"
    " FROM member GROUP BY stage";
static const char SQL_USAGE[] =
    "SELECT v.code || ' ' || u.month, u.service_id, sum(u.count), 0 FROM usage u"
    " JOIN service v ON v.id = u.service_id WHERE u.month BETWEEN ?1 AND ?2"
    " GROUP BY u.service_id, u.month ORDER BY v.code, u.month";
static const char SQL_DEPARTEMENTS[] =
    "SELECT m.departement, count(*),"
    " (SELECT count(*) FROM action a WHERE a.member_id IN"
    "   (SELECT id FROM member x WHERE x.departement IS m.departement) AND " OPEN_A "),"
    " (SELECT count(*) FROM interaction i WHERE i.member_id IN"
    "   (SELECT id FROM member x WHERE x.departement IS m.departement)"
    "   AND i.occurred_at >= ?1 AND i.occurred_at < ?2)"
    " FROM member m GROUP BY m.departement ORDER BY m.departement";
/* The first response: the first change to the action or note on it after it was
 * created, whoever made it. */
static const char SQL_CLOSED[] =
    "SELECT a.id, a.created_at, a.closed_at,"
    " min(coalesce((SELECT min(au.at) FROM audit au WHERE au.entity = 'action'"
    "   AND au.entity_id = a.id AND au.change <> 'created'), '9999'),"
    "  coalesce((SELECT min(n.at) FROM note n WHERE n.action_id = a.id), '9999'))"
    " FROM action a WHERE a.closed_at >= ?1 AND a.closed_at < ?2 ORDER BY a.closed_at, a.id";

static void read_stat(sqlite3_stmt *st, void *row)
{
    struct stat_row *r = row;
    r->label = db_col_text(st, 0);
    r->id = db_col_int(st, 1);
    r->a = db_col_int(st, 2);
    r->b = db_col_int(st, 3);
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

int store_stats_interactions(store *s, const char *from, const char *to,
                             struct stat_row **out, int *n)
{
    return read_stats(s, SQL_INTERACTIONS, from, to, out, n);
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

int store_stats_departements(store *s, const char *from, const char *to,
                             struct stat_row **out, int *n)
{
    return read_stats(s, SQL_DEPARTEMENTS, from, to, out, n);
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
