/* stats — see stats.h.  Each figure is one grouped query over an index: the open
 * actions' partial indexes, action_created and action_closed, usage's (service,
 * month).  The period's interactions are stats_period.c's. */
#include "suivi/store/stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "suivi/base/i18n.h"
#include "suivi/base/timeutil.h"
#include "suivi/base/xalloc.h"

#define OPEN_A SQL_IS_OPEN("a.status")

/* The three "open by" figures read action_open_stats alone (covering, schema v9),
 * by pôle action_open_poles (v10: in pôle order, no sort); the + keeps the planner
 * off action_provider, which would read each action's row. */
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
/* Weeks start on Monday: date(d, '-6 days', 'weekday 1') is the Monday on or before d.
 * The period's weeks, each [f, t) cut to the period, and what was opened and closed
 * in each, counted over action_created and action_closed (partial: the status
 * condition lets the planner use it): a range count per week, where grouping by
 * each row's Monday computed the date and sorted every action of the period
 * (0.2 s for a year at region scale).  The weeks with neither are left out. */
#define MONDAY(col) "date(" col ", '-6 days', 'weekday 1')"
static const char SQL_WEEKS[] =
    "WITH RECURSIVE w(m, f, t) AS (SELECT " MONDAY("?1") ", ?1,"
    "  min(date(" MONDAY("?1") ", '+7 days'), ?2)"
    " UNION ALL SELECT t, t, min(date(t, '+7 days'), ?2) FROM w WHERE t < ?2),"
    " n AS MATERIALIZED (SELECT m, (SELECT count(*) FROM action"
    "  WHERE created_at >= w.f AND created_at < w.t) AS o, (SELECT count(*) FROM action"
    "  WHERE closed_at >= w.f AND closed_at < w.t AND " SQL_IS_CLOSED("status") ") AS c"
    "  FROM w)"
    " SELECT m, 0, o, c, 0 FROM n WHERE o > 0 OR c > 0 ORDER BY m";
static const char SQL_STAGES[] =
    "SELECT stage, 0, count(*), coalesce(sum(stage_due IS NOT NULL AND stage_due < ?1), 0), 0"
    " FROM member GROUP BY stage";
static const char SQL_USAGE[] =
    "SELECT v.code || ' ' || u.month, u.service_id, sum(u.count), 0, 0 FROM usage u"
    " JOIN service v ON v.id = u.service_id WHERE u.month BETWEEN ?1 AND ?2"
    " GROUP BY u.service_id, u.month ORDER BY v.code, u.month";
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
/* The actions closed in the period, from action_closed_times (schema v10), which
 * holds created_at: reading each one's row cost 0.35 s for a year at region scale;
 * with the first note on each (note_action). */
static const char SQL_CLOSED[] =
    "SELECT a.id, a.created_at, a.closed_at,"
    " (SELECT min(n.at) FROM note n WHERE n.action_id = a.id)"
    " FROM action a WHERE a.closed_at >= ?1 AND a.closed_at < ?2"
    " AND " SQL_IS_CLOSED("a.status") " ORDER BY a.closed_at, a.id";
/* Their trails, read in one statement (a read per action, then a subquery per
 * action for the first change, were 0.3 s a year): when, whether a change (not the
 * creation), and the status it moved from and to when a JSON change (as audit.c
 * reads them) says.  CROSS JOIN: from the period's closed actions to their audit
 * rows (audit_entity), however long the audit grows. */
#define JSON_STATUS(i) \
    "CASE WHEN substr(au.change, 1, 1) = '{' AND json_valid(au.change)" \
    " THEN au.change ->> '$.status[" i "]' END"
static const char SQL_CLOSED_TRAILS[] =
    "SELECT au.entity_id, au.at, au.change <> 'created', " JSON_STATUS("0") ", "
    JSON_STATUS("1") " FROM action a CROSS JOIN audit au"
    " WHERE a.closed_at >= ?1 AND a.closed_at < ?2 AND " SQL_IS_CLOSED("a.status")
    " AND au.entity = 'action' AND au.entity_id = a.id ORDER BY au.entity_id, au.id";

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

void stat_rows_free(struct stat_row *r, int n)
{
    db_rows_free(&STAT_ROW, r, n);
}

/* A closed action as read, its first note as stored (NULL: none). */
struct closed_row {
    struct closed_action a;
    char *first_note;
};

static void read_closed(sqlite3_stmt *st, void *row)
{
    struct closed_row *c = row;
    c->a.id = db_col_int(st, 0);
    c->a.created_at = db_col_time(st, 1);
    c->a.closed_at = db_col_time(st, 2);
    c->first_note = db_col_text(st, 3);
}

static void clear_closed(void *row)
{
    free(((struct closed_row *)row)->first_note);
}

static const struct db_row_kind CLOSED_ROW = {
    "action", sizeof(struct closed_row), read_closed, clear_closed,
    N_("reading the figures"), N_("reading the figures"), N_("reading the figures"),
    N_("no such action"), N_("the figures changed"),
};

/* An audit row of a closed action's trail. */
struct trail_row {
    int64_t action_id;
    char *at;
    bool change;                 /* not its creation */
    char *from, *to;
};

static void read_trail(sqlite3_stmt *st, void *row)
{
    struct trail_row *t = row;
    t->action_id = db_col_int(st, 0);
    t->at = db_col_text(st, 1);
    t->change = db_col_int(st, 2) != 0;
    t->from = db_col_text(st, 3);
    t->to = db_col_text(st, 4);
}

static void clear_trail(void *row)
{
    struct trail_row *t = row;
    free(t->at);
    free(t->from);
    free(t->to);
}

static const struct db_row_kind TRAIL_ROW = {
    "audit", sizeof(struct trail_row), read_trail, clear_trail,
    N_("reading the figures"), N_("reading the figures"), N_("reading the figures"),
    N_("no such action"), N_("the figures changed"),
};

static int read_period(store *s, const char *sql, const char *from, const char *to,
                       const struct db_row_kind *k, void **out, int *n)
{
    sqlite3_stmt *st = db_stmt(s, sql);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_text(st, 1, from, &rc);
    db_bind_text(st, 2, to, &rc);
    return db_read_list(s, st, rc, k, out, n, _(k->reading));
}

/* The first of trail rows t[0..n) (sorted by action) of action id. */
static int trail_of(const struct trail_row *t, int n, int64_t id)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (t[mid].action_id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The first response of c: the earliest of the changes of its trail and its first
 * note, compared as stored text, as SQL's min() did ("9999": none, read as 0). */
static int64_t first_response(const struct closed_row *c, const struct trail_row *t, int n)
{
    const char *change = NULL;
    for (int i = trail_of(t, n, c->a.id); i < n && t[i].action_id == c->a.id; i++)
        if (t[i].change && t[i].at && (!change || strcmp(t[i].at, change) < 0))
            change = t[i].at;
    const char *x = change ? change : "9999", *y = c->first_note ? c->first_note : "9999";
    int64_t v = 0;
    return time_from_iso(strcmp(x, y) <= 0 ? x : y, &v) == 0 ? v : 0;
}

/* The closed actions with their first response, and the status changes of the
 * trails (the rows with a new status; their texts move to *changes). */
static void closed_figures(struct closed_row *c, int n, struct trail_row *t, int nt,
                           struct closed_action **out, struct status_change **changes,
                           int *nchanges)
{
    *out = xcalloc((size_t)n + 1, sizeof **out);
    for (int i = 0; i < n; i++) {
        (*out)[i] = c[i].a;
        (*out)[i].first_response_at = first_response(&c[i], t, nt);
    }
    *changes = xcalloc((size_t)nt + 1, sizeof **changes);
    for (int i = 0; i < nt; i++)
        if (t[i].to) {
            int64_t at = 0;
            (*changes)[(*nchanges)++] = (struct status_change){
                t[i].action_id, t[i].at && time_from_iso(t[i].at, &at) == 0 ? at : 0,
                t[i].from, t[i].to };
            t[i].from = t[i].to = NULL;
        }
}

int store_stats_closed(store *s, const char *from, const char *to,
                       struct closed_action **out, int *n, struct status_change **changes,
                       int *nchanges)
{
    *out = NULL;
    *changes = NULL;
    *n = *nchanges = 0;
    if (db_provider_only(s))
        return STORE_OK;
    struct closed_row *c = NULL;
    struct trail_row *t = NULL;
    int nc = 0, nt = 0;
    int rc = read_period(s, SQL_CLOSED, from, to, &CLOSED_ROW, (void **)&c, &nc);
    if (rc == STORE_OK)
        rc = read_period(s, SQL_CLOSED_TRAILS, from, to, &TRAIL_ROW, (void **)&t, &nt);
    if (rc == STORE_OK) {
        closed_figures(c, nc, t, nt, out, changes, nchanges);
        *n = nc;
    }
    db_rows_free(&CLOSED_ROW, c, nc);
    db_rows_free(&TRAIL_ROW, t, nt);
    return rc;
}

void status_changes_free(struct status_change *c, int n)
{
    for (int i = 0; i < n; i++) {
        free(c[i].from);
        free(c[i].to);
    }
    free(c);
}
