/* store_action — actions: add, version-checked update and status change, get,
 * counts, and keyset pages in queue order.
 *
 * Queue order: open before closed; open ones overdue first, then priority, then
 * due date (none last: due_key, a generated column, is '9999-99-99' then), then
 * id; closed ones newest closed first, then id.
 *
 * The open queue and "mine" are read as eight "arms" (overdue P1..P4, then not
 * overdue P1..P4).  Within one arm the order is (due_key, id), exactly the order
 * of the partial indexes action_open/action_mine, so a page costs a few range
 * scans of `limit` rows however many actions are open.
 *
 * A member's actions (open and closed, bounded by one member's history) are
 * sorted by the whole tuple, all ascending so that one row-value comparison
 * pages both ways:
 *   k1 closed (0 open, 1 closed)
 *   k2 open: 0 overdue, 1 not; closed: 0
 *   k3 open: priority;         closed: 0
 *   k4 open: due_key;          closed: ''
 *   k5 open: 0;                closed: -closed_at in seconds (newest first)
 *   id
 * sort_key() computes the same tuple in C for an anchor; the paging tests
 * compare both ways against one full read. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/timeutil.h"
#include "suivi/base/xalloc.h"

#define CLOSED SQL_IS_CLOSED("a.status")
#define NO_DUE "9999-99-99"
#define K1 "(" CLOSED ")"
#define K2 "(CASE WHEN " CLOSED " THEN 0 WHEN a.due < ?6 THEN 0 ELSE 1 END)"
#define K3 "(CASE WHEN " CLOSED " THEN 0 ELSE a.priority END)"
#define K4 "(CASE WHEN " CLOSED " THEN '' ELSE a.due_key END)"
#define K5 "(CASE WHEN " CLOSED " THEN -CAST(strftime('%s', a.closed_at) AS INTEGER)" \
           " ELSE 0 END)"
#define KEY "(" K1 ", " K2 ", " K3 ", " K4 ", " K5 ", a.id)"
#define ASC  " ORDER BY " K1 ", " K2 ", " K3 ", " K4 ", " K5 ", a.id LIMIT ?4"
#define DESC " ORDER BY " K1 " DESC, " K2 " DESC, " K3 " DESC, " K4 " DESC, " K5 " DESC," \
             " a.id DESC LIMIT ?4"

#define A_SELECT \
    "SELECT a.id, a.interaction_id, a.member_id, m.name, a.title, a.description," \
    " a.assignee_staff_id, a.assignee_provider_id, coalesce(st.login, pr.name)," \
    " a.pole_id, p.name, a.status, a.priority, a.due, a.created_by, a.created_at," \
    " a.updated_at, a.closed_at, a.version" \
    " FROM action a JOIN member m ON m.id = a.member_id" \
    " LEFT JOIN staff st ON st.id = a.assignee_staff_id" \
    " LEFT JOIN provider pr ON pr.id = a.assignee_provider_id" \
    " LEFT JOIN pole p ON p.id = a.pole_id"
/* ?1 LIKE pattern or NULL, ?2 priority (arms), ?4 limit, ?5 member, ?6 today,
 * ?7..?12 anchor key (member scope) or arm bounds ?7..?10, ?13 login. */
#define A_FILTER " AND (?1 IS NULL OR a.search LIKE ?1 ESCAPE '\\'" \
                 " OR m.sort_key LIKE ?1 ESCAPE '\\')"
#define SCOPE_MEMBER " WHERE a.member_id = ?5" A_FILTER
#define AFTER  " AND " KEY " > (?7, ?8, ?9, ?10, ?11, ?12)"
#define BEFORE " AND " KEY " < (?7, ?8, ?9, ?10, ?11, ?12)"

static const char *const SQL_MEMBER_PAGE[] = {
    [PAGE_FIRST]  = A_SELECT SCOPE_MEMBER ASC,
    [PAGE_LAST]   = A_SELECT SCOPE_MEMBER DESC,
    [PAGE_AFTER]  = A_SELECT SCOPE_MEMBER AFTER ASC,
    [PAGE_BEFORE] = A_SELECT SCOPE_MEMBER BEFORE DESC,
};

/* One arm: a priority, and (due_key, id) strictly between two bounds. */
#define ARM " WHERE " SQL_IS_OPEN("a.status") " AND a.priority = ?2" \
            " AND (a.due_key, a.id) > (?7, ?8) AND (a.due_key, a.id) < (?9, ?10)"
#define MINE " AND a.assignee_staff_id = (SELECT id FROM staff WHERE login = ?13)"
#define ARM_ASC " ORDER BY a.due_key, a.id LIMIT ?4"
#define ARM_DESC " ORDER BY a.due_key DESC, a.id DESC LIMIT ?4"
static const char *const SQL_ARM[2][2] = {
    { A_SELECT ARM A_FILTER ARM_ASC, A_SELECT ARM A_FILTER ARM_DESC },
    { A_SELECT ARM MINE A_FILTER ARM_ASC, A_SELECT ARM MINE A_FILTER ARM_DESC },
};

static const char SQL_GET[] = A_SELECT " WHERE a.id = ?1";
static const char SQL_ADD[] =
    "INSERT INTO action (interaction_id, member_id, title, description, search,"
    " assignee_staff_id, assignee_provider_id, pole_id, status, priority, due,"
    " created_by, created_at, updated_at, closed_at, version)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?14, 1)";
static const char SQL_UPDATE[] =
    "UPDATE action SET interaction_id = ?1, member_id = ?2, title = ?3,"
    " description = ?4, search = ?5, assignee_staff_id = ?6, assignee_provider_id = ?7,"
    " pole_id = ?8, status = ?9, priority = ?10, due = ?11, updated_at = ?13,"
    " closed_at = ?14, version = version + 1 WHERE id = ?15 AND version = ?16";
static const char SQL_SET_STATUS[] =
    "UPDATE action SET status = ?1, closed_at = ?2, updated_at = ?3,"
    " version = version + 1 WHERE id = ?4 AND version = ?5";
/* Counts read only the partial indexes (due_key is in them, due is not). */
static const char SQL_COUNT_OPEN[] =
    "SELECT count(*), coalesce(sum(due_key < ?1), 0) FROM action"
    " WHERE " SQL_IS_OPEN("status");
static const char SQL_COUNT_MINE[] =
    "SELECT count(*), coalesce(sum(due_key < ?1), 0) FROM action"
    " WHERE " SQL_IS_OPEN("status")
    " AND assignee_staff_id = (SELECT id FROM staff WHERE login = ?2)";

static void read_row(sqlite3_stmt *st, void *row)
{
    struct action *a = row;
    a->id = db_col_int(st, 0);
    a->interaction_id = db_col_int(st, 1);
    a->member_id = db_col_int(st, 2);
    a->member_name = db_col_text(st, 3);
    a->title = db_col_text(st, 4);
    a->description = db_col_text(st, 5);
    a->assignee_staff_id = db_col_int(st, 6);
    a->assignee_provider_id = db_col_int(st, 7);
    a->assignee_name = db_col_text(st, 8);
    a->pole_id = db_col_int(st, 9);
    a->pole_name = db_col_text(st, 10);
    a->status = (enum action_status)db_col_enum(st, 11, &ACTION_STATUS_NAMES);
    a->priority = (int)db_col_int(st, 12);
    a->due = db_col_text(st, 13);
    a->created_by = db_col_text(st, 14);
    a->created_at = db_col_time(st, 15);
    a->updated_at = db_col_time(st, 16);
    a->closed_at = db_col_time(st, 17);
    a->version = db_col_int(st, 18);
}

static void clear_row(void *row) { action_clear(row); }

static const struct db_row_kind ACTION_ROW = {
    "action", sizeof(struct action), read_row, clear_row
};

/* Bind ?1..?11: the fields a caller edits. */
static void bind_fields(sqlite3_stmt *st, const struct action *a, int *rc)
{
    char *search = fold_for_search(a->title ? a->title : "");
    db_bind_id(st, 1, a->interaction_id, rc);
    db_bind_int(st, 2, a->member_id, rc);
    db_bind_text(st, 3, a->title, rc);
    db_bind_opt_text(st, 4, a->description, rc);
    db_bind_text(st, 5, search, rc);
    db_bind_id(st, 6, a->assignee_staff_id, rc);
    db_bind_id(st, 7, a->assignee_provider_id, rc);
    db_bind_id(st, 8, a->pole_id, rc);
    db_bind_text(st, 9, enum_code(&ACTION_STATUS_NAMES, (int)a->status), rc);
    db_bind_int(st, 10, a->priority, rc);
    db_bind_opt_text(st, 11, a->due, rc);
    free(search);
}

/* closed_at is NULL (bound as NULL) while open. */
static void bind_closed(sqlite3_stmt *st, int i, int64_t closed_at, int *rc)
{
    if (closed_at)
        db_bind_time(st, i, closed_at, rc);
    else
        db_bind_text(st, i, NULL, rc);
}

int store_action_get(store *s, int64_t id, struct action *out)
{
    return db_get_by_id(s, SQL_GET, id, &ACTION_ROW, out);
}

static int insert_locked(store *s, struct action *a, const char *by, int64_t now,
                         int64_t closed_at)
{
    sqlite3_stmt *st = db_stmt(s, SQL_ADD);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    bind_fields(st, a, &rc);
    db_bind_text(st, 12, by, &rc);
    db_bind_time(st, 13, now, &rc);
    bind_closed(st, 14, closed_at, &rc);
    return db_insert_audited(s, st, rc, "action", &a->id);
}

int store_action_add(store *s, struct action *a)
{
    int64_t now = time_now();
    int64_t closed_at = action_status_is_open(a->status) ? 0 : now;
    const char *by = a->created_by ? a->created_by : s->login;
    int rc = db_write_begin(s);
    if (rc == STORE_OK)
        rc = db_write_end(s, insert_locked(s, a, by, now, closed_at));
    if (rc != STORE_OK) {
        a->id = 0;
        return rc;
    }
    if (!a->created_by)
        a->created_by = xstrdup(s->login);
    a->created_at = a->updated_at = now;
    a->closed_at = closed_at;
    a->version = 1;
    return STORE_OK;
}

/* closed_at after a move from old to the new status: kept while closed, set on
 * closing, cleared on reopening. */
static int64_t next_closed_at(const struct action *old, enum action_status status,
                              int64_t now)
{
    if (action_status_is_open(status))
        return 0;
    return !action_status_is_open(old->status) && old->closed_at ? old->closed_at : now;
}

/* An update being written: the caller's record, the time, and the closed_at
 * the write decided (from the stored status). */
struct edit {
    const struct action *a;
    int64_t now, closed_at;
};

static void describe(struct change *c, const void *old, const void *ctx)
{
    const struct action *o = old, *a = ((const struct edit *)ctx)->a;
    change_str(c, "title", o->title, a->title);
    change_long(c, "description", o->description, a->description);
    change_id(c, "member", o->member_id, a->member_id);
    change_id(c, "interaction", o->interaction_id, a->interaction_id);
    change_id(c, "assignee_staff", o->assignee_staff_id, a->assignee_staff_id);
    change_id(c, "assignee_provider", o->assignee_provider_id, a->assignee_provider_id);
    change_id(c, "pole", o->pole_id, a->pole_id);
    change_enum(c, "status", &ACTION_STATUS_NAMES, (int)o->status, (int)a->status);
    change_int(c, "priority", o->priority, a->priority);
    change_str(c, "due", o->due, a->due);
}

static int update_row(store *s, const void *old, void *ctx)
{
    struct edit *e = ctx;
    const struct action *a = e->a;
    e->closed_at = next_closed_at(old, a->status, e->now);
    sqlite3_stmt *st = db_stmt(s, SQL_UPDATE);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    bind_fields(st, a, &rc);
    db_bind_time(st, 13, e->now, &rc);
    bind_closed(st, 14, e->closed_at, &rc);
    db_bind_int(st, 15, a->id, &rc);
    db_bind_int(st, 16, a->version, &rc);
    return db_update_versioned(s, st, rc, "updating an action", "action", a->id);
}

static const struct db_update ACTION_UPDATE = {
    &ACTION_ROW, SQL_GET, offsetof(struct action, version), describe, update_row
};

int store_action_update(store *s, struct action *a)
{
    struct edit e = { a, time_now(), 0 };
    bool changed = false;
    int rc = db_update_audited(s, &ACTION_UPDATE, a->id, a->version, &e, &changed);
    if (rc == STORE_OK && changed) {
        a->version++;
        a->updated_at = e.now;
        a->closed_at = e.closed_at;
    }
    return rc;
}

/* A status change: ctx is the new enum action_status. */
static void describe_status(struct change *c, const void *old, const void *ctx)
{
    const struct action *o = old;
    change_enum(c, "status", &ACTION_STATUS_NAMES, (int)o->status,
                (int)*(const enum action_status *)ctx);
}

static int set_status_row(store *s, const void *old_row, void *ctx)
{
    const struct action *old = old_row;
    enum action_status status = *(const enum action_status *)ctx;
    int64_t now = time_now();
    sqlite3_stmt *st = db_stmt(s, SQL_SET_STATUS);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_text(st, 1, enum_code(&ACTION_STATUS_NAMES, (int)status), &rc);
    bind_closed(st, 2, next_closed_at(old, status, now), &rc);
    db_bind_time(st, 3, now, &rc);
    db_bind_int(st, 4, old->id, &rc);
    db_bind_int(st, 5, old->version, &rc);
    return db_update_versioned(s, st, rc, "changing an action's status", "action", old->id);
}

static const struct db_update STATUS_UPDATE = {
    &ACTION_ROW, SQL_GET, offsetof(struct action, version), describe_status, set_status_row
};

int store_action_set_status(store *s, int64_t id, int64_t expected_version,
                            enum action_status status, int64_t *new_version)
{
    if ((unsigned)status >= ASTATUS_COUNT)
        return db_failf(s, STORE_CONSTRAINT, "unknown action status %d", (int)status);
    bool changed = false;
    int rc = db_update_audited(s, &STATUS_UPDATE, id, expected_version, &status, &changed);
    if (rc == STORE_OK && new_version)
        *new_version = changed ? expected_version + 1 : expected_version;
    return rc;
}

/* ---- pages ---- */

struct sort_key {
    int k1, k2, k3;
    const char *k4;
    int64_t k5;
};

/* The C twin of K1..K5 above. */
static struct sort_key sort_key(const struct action *a, const char *today)
{
    struct sort_key k = { 1, 0, 0, "", 0 };
    if (!action_status_is_open(a->status)) {
        k.k5 = -a->closed_at;
        return k;
    }
    bool has_due = a->due && *a->due;
    k.k1 = 0;
    k.k2 = has_due && strcmp(a->due, today) < 0 ? 0 : 1;
    k.k3 = a->priority;
    k.k4 = has_due ? a->due : NO_DUE;
    return k;
}

static int member_page(store *s, const struct action_query *q, const char *today,
                       enum page_dir dir, const struct action *anchor, int limit,
                       struct action *rows, int *n)
{
    sqlite3_stmt *st = db_stmt(s, SQL_MEMBER_PAGE[dir]);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_filter(st, 1, q->filter, &rc);
    db_bind_int(st, 4, limit, &rc);
    db_bind_int(st, 5, q->member_id, &rc);
    db_bind_text(st, 6, today, &rc);
    if (dir == PAGE_AFTER || dir == PAGE_BEFORE) {
        struct sort_key k = sort_key(anchor, today);
        db_bind_int(st, 7, k.k1, &rc);
        db_bind_int(st, 8, k.k2, &rc);
        db_bind_int(st, 9, k.k3, &rc);
        db_bind_text(st, 10, k.k4, &rc);
        db_bind_int(st, 11, k.k5, &rc);
        db_bind_int(st, 12, anchor->id, &rc);
    }
    return db_read_page(s, st, rc, &ACTION_ROW, rows, limit, n, "reading actions");
}

/* ---- the open queue in arms ---- */

#define ARMS 8                  /* overdue P1..P4, then not overdue P1..P4 */
#define KEY_MAX "~"             /* above any due_key */

struct arm_bounds {
    const char *lo_key, *hi_key;
    int64_t lo_id, hi_id;
};

/* The whole of arm i: overdue arms hold due_key < today, the others the rest. */
static struct arm_bounds arm_range(int i, const char *today)
{
    struct arm_bounds b = { "", KEY_MAX, 0, 0 };
    if (i < ARMS / 2)
        b.hi_key = today;       /* (due_key, id) < (today, 0): due_key < today */
    else
        b.lo_key = today;       /* (due_key, id) > (today, 0): due_key >= today */
    return b;
}

/* The arm an anchor row sits in (ARMS for a closed one: after every arm). */
static int arm_of(const struct sort_key *k)
{
    return k->k1 ? ARMS : k->k2 * (ARMS / 2) + (k->k3 - PRIORITY_MIN);
}

static int read_arm(store *s, const struct action_query *q, int arm,
                    const struct arm_bounds *b, bool desc, int limit,
                    struct action *rows, int *n)
{
    sqlite3_stmt *st = db_stmt(s, SQL_ARM[q->scope == ACTIONS_MINE][desc]);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_filter(st, 1, q->filter, &rc);
    db_bind_int(st, 2, PRIORITY_MIN + arm % (ARMS / 2), &rc);
    db_bind_int(st, 4, limit - *n, &rc);
    db_bind_text(st, 7, b->lo_key, &rc);
    db_bind_int(st, 8, b->lo_id, &rc);
    db_bind_text(st, 9, b->hi_key, &rc);
    db_bind_int(st, 10, b->hi_id, &rc);
    if (q->scope == ACTIONS_MINE)
        db_bind_text(st, 13, s->login, &rc);
    return db_read_page(s, st, rc, &ACTION_ROW, rows, limit, n, "reading actions");
}

/* Walk the arms from the anchor's (or from an end) until the page is full. */
static int queue_page(store *s, const struct action_query *q, const char *today,
                      enum page_dir dir, const struct action *anchor, int limit,
                      struct action *rows, int *n)
{
    bool desc = dir == PAGE_LAST || dir == PAGE_BEFORE;
    int first = desc ? ARMS - 1 : 0;
    struct sort_key k = {0};
    if (dir == PAGE_AFTER || dir == PAGE_BEFORE) {
        k = sort_key(anchor, today);
        first = arm_of(&k);
        if (desc && first == ARMS)       /* before a closed row: from the very end */
            first = ARMS - 1, dir = PAGE_LAST;
    }
    int rc = STORE_OK;
    for (int arm = first; rc == STORE_OK && *n < limit && arm >= 0 && arm < ARMS;
         arm += desc ? -1 : 1) {
        struct arm_bounds b = arm_range(arm, today);
        if (arm == first && dir == PAGE_AFTER)
            b.lo_key = k.k4, b.lo_id = anchor->id;
        else if (arm == first && dir == PAGE_BEFORE)
            b.hi_key = k.k4, b.hi_id = anchor->id;
        rc = read_arm(s, q, arm, &b, desc, limit, rows, n);
    }
    return rc;
}

int store_actions_page(store *s, const struct action_query *q, enum page_dir dir,
                       const struct action *anchor, int limit,
                       struct action *rows, int *n)
{
    *n = 0;
    if ((unsigned)q->scope > ACTIONS_MINE)
        return db_failf(s, STORE_ERROR, "bad page request");
    if (db_page_check(s, dir, anchor, limit) != STORE_OK)
        return STORE_ERROR;
    if (limit == 0)
        return STORE_OK;
    char today[DATE_ISO_LEN];
    if (q->today)
        snprintf(today, sizeof today, "%s", q->today);
    else
        date_today(today);
    int rc = q->scope == ACTIONS_MEMBER
           ? member_page(s, q, today, dir, anchor, limit, rows, n)
           : queue_page(s, q, today, dir, anchor, limit, rows, n);
    return db_page_done(rc, dir, &ACTION_ROW, rows, n);
}

static int count_pair(store *s, const char *sql, const char *today, int *all, int *overdue)
{
    sqlite3_stmt *st = db_stmt(s, sql);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_text(st, 1, today, &rc);
    if (sql == SQL_COUNT_MINE)
        db_bind_text(st, 2, s->login, &rc);
    if (db_bind_check(s, st, rc) != STORE_OK)
        return STORE_ERROR;
    rc = sqlite3_step(st);
    int out = STORE_OK;
    if (rc == SQLITE_ROW) {
        *all = sqlite3_column_int(st, 0);
        *overdue = sqlite3_column_int(st, 1);
    } else {
        out = db_fail(s, rc, "counting actions");
    }
    db_reset(st);
    return out;
}

int store_action_counts(store *s, const char *today, struct action_counts *out)
{
    memset(out, 0, sizeof *out);
    char day[DATE_ISO_LEN];
    if (today)
        snprintf(day, sizeof day, "%s", today);
    else
        date_today(day);
    int rc = count_pair(s, SQL_COUNT_OPEN, day, &out->open, &out->overdue);
    if (rc == STORE_OK)
        rc = count_pair(s, SQL_COUNT_MINE, day, &out->mine_open, &out->mine_overdue);
    if (rc != STORE_OK)
        memset(out, 0, sizeof *out);
    return rc;
}
