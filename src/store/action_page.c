/* action_page — actions in queue order, a page at a time, and the counts of the
 * status line.
 *
 * Queue order: open before closed; open ones overdue first, then priority, then
 * due date (none last: due_key, a generated column, is '9999-99-99' then), then
 * id; closed ones newest closed first, then id.
 *
 * Every scope is read as eight "arms" (overdue P1..P4, then not overdue P1..P4).
 * Within one arm the order is (due_key, id), exactly the order of the partial
 * indexes action_open, action_mine, action_provider and action_member_open, so a
 * page costs a few range scans of `limit` rows however many actions there are.  A
 * member's, a provider's and a staff member's closed actions follow, read newest
 * first from action_member_closed, action_provider_closed and action_staff_closed
 * (party, closed_at DESC, id): the same cost.
 *
 * A filter's words are compared with LIKE, row by row along the arms: cheap while
 * many rows hold them (a page fills at once), every open action when few or none
 * do.  So when one of the words has a trigram found in at most RARE_ACTIONS
 * actions (in their title or their member's name, both in a.search: action_tri,
 * schema v5), or is one or two letters found in as few (action_gram), those
 * actions alone are read and sorted by the whole queue order as one tuple, all ascending so that one row-value comparison pages both ways:
 *   k1 closed (0 open, 1 closed)
 *   k2 open: 0 overdue, 1 not; closed: 0
 *   k3 open: priority;         closed: 0
 *   k4 open: due_key;          closed: ''
 *   k5 open: 0;                closed: -closed_at in seconds (newest first)
 *   id
 * sort_key() computes the same tuple in C for an anchor.  Both ways give the same
 * rows in the same order (the LIKE decides, a trigram only narrows), so pages read
 * one way and the other follow each other; the paging tests compare every scope
 * both ways, with and without rare words, against one full read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action_row.h"
#include "suivi/base/i18n.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/timeutil.h"

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

/* ?1 LIKE pattern or NULL, ?2 priority (arms), ?4 limit, ?5 member or party,
 * ?6 today, ?7..?12 anchor key (rare words) or arm bounds ?7..?10, ?13 login. */
#define AFTER  " AND " KEY " > (?7, ?8, ?9, ?10, ?11, ?12)"
#define BEFORE " AND " KEY " < (?7, ?8, ?9, ?10, ?11, ?12)"

/* A rare word: the actions holding trigram ?42 (action_tri), or for a word of one
 * or two letters the gram (action_gram), in their title or their member's name
 * (a.search holds both), in any scope: ?15 member, ?16 provider, ?17 staff, ?13
 * the login ("mine"), each off when NULL; ?18 open ones, ?19 closed ones (0 or 1). */
#define RARE_WHERE(idx) \
    " WHERE a.id IN (SELECT rowid FROM " idx " WHERE " idx " MATCH ?42)" \
    " AND (?15 IS NULL OR a.member_id = ?15)" \
    " AND (?16 IS NULL OR a.assignee_provider_id = ?16)" \
    " AND (?17 IS NULL OR a.assignee_staff_id = ?17)" \
    " AND (?13 IS NULL OR a.assignee_staff_id = (SELECT id FROM staff WHERE login = ?13))" \
    " AND ((?18 AND " SQL_IS_OPEN("a.status") ") OR (?19 AND " CLOSED "))" A_FILTER
#define TRI  RARE_WHERE("action_tri")
#define GRAM RARE_WHERE("action_gram")
/* [gram][dir] */
static const char *const SQL_RARE_PAGE[2][4] = {
    { [PAGE_FIRST] = A_SELECT TRI ASC, [PAGE_LAST] = A_SELECT TRI DESC,
      [PAGE_AFTER] = A_SELECT TRI AFTER ASC, [PAGE_BEFORE] = A_SELECT TRI BEFORE DESC },
    { [PAGE_FIRST] = A_SELECT GRAM ASC, [PAGE_LAST] = A_SELECT GRAM DESC,
      [PAGE_AFTER] = A_SELECT GRAM AFTER ASC, [PAGE_BEFORE] = A_SELECT GRAM BEFORE DESC },
};
/* Newest first (ORDER_NEWEST): down the ids from ?40, or up from it; [gram][up]. */
#define DOWN " AND (?40 IS NULL OR a.id < ?40) ORDER BY a.id DESC LIMIT ?4"
#define UP   " AND (?40 IS NULL OR a.id > ?40) ORDER BY a.id LIMIT ?4"
static const char *const SQL_RARE_NEWEST[2][2] = {
    { A_SELECT TRI DOWN, A_SELECT TRI UP },
    { A_SELECT GRAM DOWN, A_SELECT GRAM UP },
};
/* How rare a word is: the actions holding a trigram (or gram) ?1, at most ?2;
 * [gram]. */
#define COUNT_IN(idx) \
    "SELECT count(*) FROM (SELECT 1 FROM " idx " WHERE " idx " MATCH ?1 LIMIT ?2)"
static const char *const SQL_COUNT_RARE[2] = { COUNT_IN("action_tri"),
                                               COUNT_IN("action_gram") };

/* One arm: a priority, and (due_key, id) strictly between two bounds. */
#define ARM " WHERE " SQL_IS_OPEN("a.status") " AND a.priority = ?2" \
            " AND (a.due_key, a.id) > (?7, ?8) AND (a.due_key, a.id) < (?9, ?10)"
#define MINE " AND a.assignee_staff_id = (SELECT id FROM staff WHERE login = ?13)"
#define MEMBER " AND a.member_id = ?5"
#define PROVIDER " AND a.assignee_provider_id = ?5"
#define STAFF " AND a.assignee_staff_id = ?5"
#define ARM_ASC " ORDER BY a.due_key, a.id LIMIT ?4"
#define ARM_DESC " ORDER BY a.due_key DESC, a.id DESC LIMIT ?4"
#define ARMS_OF(party) { A_SELECT ARM party A_FILTER ARM_ASC, \
                         A_SELECT ARM party A_FILTER ARM_DESC }
/* Indexed by enum action_scope, then descending. */
static const char *const SQL_ARM[][2] = {
    [ACTIONS_OPEN] = ARMS_OF(""),
    [ACTIONS_MEMBER] = ARMS_OF(MEMBER),
    [ACTIONS_MINE] = ARMS_OF(MINE),
    [ACTIONS_PROVIDER] = ARMS_OF(PROVIDER),
    [ACTIONS_STAFF] = ARMS_OF(STAFF),
};

/* Closed actions of a party, newest first, in four runs around an anchor at
 * (closed_at ?7, id ?8): the same instant after it, older ones; and backwards, the
 * same instant before it, newer ones.  ?7 = '~' (above any time) and '' (below)
 * give the whole list from either end. */
#define C_WHERE(party) " WHERE " CLOSED party
enum closed_run { SAME_AFTER, OLDER, SAME_BEFORE, NEWER, CLOSED_RUNS };
#define RUNS_OF(party) { \
    [SAME_AFTER]  = A_SELECT C_WHERE(party) " AND a.closed_at = ?7 AND a.id > ?8" \
                    A_FILTER " ORDER BY a.closed_at DESC, a.id LIMIT ?4", \
    [OLDER]       = A_SELECT C_WHERE(party) " AND a.closed_at < ?7" \
                    A_FILTER " ORDER BY a.closed_at DESC, a.id LIMIT ?4", \
    [SAME_BEFORE] = A_SELECT C_WHERE(party) " AND a.closed_at = ?7 AND a.id < ?8" \
                    A_FILTER " ORDER BY a.closed_at, a.id DESC LIMIT ?4", \
    [NEWER]       = A_SELECT C_WHERE(party) " AND a.closed_at > ?7" \
                    A_FILTER " ORDER BY a.closed_at, a.id DESC LIMIT ?4" }
/* Indexed by scope: the open queue and "mine" list closed actions only when a query
 * asks for them (status:done). */
static const char *const SQL_CLOSED[][CLOSED_RUNS] = {
    [ACTIONS_OPEN] = RUNS_OF(""), [ACTIONS_MEMBER] = RUNS_OF(MEMBER),
    [ACTIONS_MINE] = RUNS_OF(MINE), [ACTIONS_PROVIDER] = RUNS_OF(PROVIDER),
    [ACTIONS_STAFF] = RUNS_OF(STAFF),
};
#define TIME_MAX "~"
#define TIME_MIN ""

/* Counts read only action_open_counts (schema v5: assignee, due and status, all
 * they name).  due < ?1 is due_key < ?1: no date is NULL, never counted overdue. */
static const char SQL_COUNT_OPEN[] =
    "SELECT count(*), coalesce(sum(due < ?1), 0) FROM action"
    " WHERE " SQL_IS_OPEN("status");
static const char SQL_COUNT_MINE[] =
    "SELECT count(*), coalesce(sum(due < ?1), 0) FROM action"
    " WHERE " SQL_IS_OPEN("status")
    " AND assignee_staff_id = (SELECT id FROM staff WHERE login = ?2)";

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

/* ---- a rare word ---- */

/* Reading and sorting this many rows by id costs about what walking the queue
 * over a few thousand index entries does. */
#define RARE_ACTIONS 1000
#define TRI_FTS_LEN 64

struct rare {
    char fts[TRI_FTS_LEN];      /* the trigram or gram, as an FTS5 string */
    bool gram;                  /* a word of one or two letters: a gram */
    int rows;                   /* actions it names at most; -1: not rare */
};

/* The actions that may hold word: those with its rarest trigram (or, for one or
 * two letters, the word as a gram).  r->rows = -1 when they are more than
 * RARE_ACTIONS (or the word has neither). */
static int rare_word(store *s, const char *word, struct rare *r)
{
    r->rows = -1;
    char *folded = fold_for_search(word);
    int rows = -1, rc;
    r->gram = db_short_gram(folded, r->fts, sizeof r->fts);
    if (r->gram)
        rc = db_count_upto(s, SQL_COUNT_RARE[1], r->fts, RARE_ACTIONS, &rows);
    else
        rc = db_rare_trigram(s, SQL_COUNT_RARE[0], folded, RARE_ACTIONS, r->fts,
                             sizeof r->fts, &rows);
    free(folded);
    if (rc == STORE_OK && rows >= 0 && rows <= RARE_ACTIONS)
        r->rows = rows;
    return rc;
}

/* The rarest of the query's words (its filter and free-text terms), if one is. */
static int rarest_word(store *s, const struct action_query *q, struct rare *best)
{
    best->rows = -1;
    const char *words[1 + WHERE_TERMS] = { q->filter };
    for (int i = 0; q->where && i < WHERE_TERMS; i++)
        words[1 + i] = q->where->terms[i];
    int rc = STORE_OK;
    for (int i = 0; rc == STORE_OK && i < 1 + WHERE_TERMS && best->rows != 0; i++) {
        struct rare r;
        if (!words[i] || !*words[i])
            continue;
        rc = rare_word(s, words[i], &r);
        if (rc == STORE_OK && r.rows >= 0 && (best->rows < 0 || r.rows < best->rows))
            *best = r;
    }
    return rc;
}

static bool has_party(enum action_scope scope)
{
    return scope == ACTIONS_MEMBER || scope == ACTIONS_PROVIDER || scope == ACTIONS_STAFF;
}

/* Whether a scope's list holds its open and its closed actions: the queues
 * ("open", "mine") closed ones only when the query asks, a party's both unless the
 * query names statuses. */
static void statuses_listed(const struct action_query *q, bool *open_too, bool *closed_too)
{
    unsigned asked = q->where ? q->where->statuses : 0;
    *closed_too = asked ? (asked & WHERE_CLOSED_BITS) != 0 : has_party(q->scope);
    *open_too = !asked || (asked & ~WHERE_CLOSED_BITS);
}

/* The page among the actions the rare word's trigrams name, sorted here, in the
 * queue's order or newest first. */
static int rare_page(store *s, const struct action_query *q, const struct rare *r,
                     enum page_dir dir, const struct action *anchor, int limit,
                     struct action *rows, int *n)
{
    bool newest = q->order == ORDER_NEWEST, anchored = dir == PAGE_AFTER || dir == PAGE_BEFORE;
    sqlite3_stmt *st = db_stmt(s, newest ? SQL_RARE_NEWEST[r->gram][dir == PAGE_LAST ||
                                                                    dir == PAGE_BEFORE]
                                         : SQL_RARE_PAGE[r->gram][dir]);
    if (!st)
        return STORE_ERROR;
    bool open_too, closed_too;
    statuses_listed(q, &open_too, &closed_too);
    int rc = SQLITE_OK;
    action_bind_where(st, q, &rc);
    db_bind_int(st, 4, limit, &rc);
    db_bind_text(st, 6, q->today, &rc);
    if (newest && anchored)
        db_bind_int(st, 40, anchor->id, &rc);
    if (!newest && anchored) {
        struct sort_key k = sort_key(anchor, q->today);
        db_bind_int(st, 7, k.k1, &rc);
        db_bind_int(st, 8, k.k2, &rc);
        db_bind_int(st, 9, k.k3, &rc);
        db_bind_text(st, 10, k.k4, &rc);
        db_bind_int(st, 11, k.k5, &rc);
        db_bind_int(st, 12, anchor->id, &rc);
    }
    if (q->scope == ACTIONS_MINE)
        db_bind_text(st, 13, s->login, &rc);
    else if (q->scope != ACTIONS_OPEN)
        db_bind_int(st, q->scope == ACTIONS_MEMBER ? 15 : q->scope == ACTIONS_PROVIDER ? 16 : 17,
                    q->scope == ACTIONS_MEMBER ? q->member_id : q->party_id, &rc);
    db_bind_int(st, 18, open_too, &rc);
    db_bind_int(st, 19, closed_too, &rc);
    db_bind_text(st, 42, r->fts, &rc);
    return db_read_page(s, st, rc, &ACTION_ROW, rows, limit, n, _("reading actions"));
}

/* ---- the queues in arms ---- */

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

/* The member, provider or staff member whose actions these are (?5). */
static int64_t party_of(const struct action_query *q)
{
    return q->scope == ACTIONS_MEMBER ? q->member_id : q->party_id;
}

static int read_arm(store *s, const struct action_query *q, int arm,
                    const struct arm_bounds *b, bool desc, int limit,
                    struct action *rows, int *n)
{
    sqlite3_stmt *st = db_stmt(s, SQL_ARM[q->scope][desc]);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    action_bind_where(st, q, &rc);
    db_bind_int(st, 2, PRIORITY_MIN + arm % (ARMS / 2), &rc);
    db_bind_int(st, 4, limit - *n, &rc);
    db_bind_text(st, 7, b->lo_key, &rc);
    db_bind_int(st, 8, b->lo_id, &rc);
    db_bind_text(st, 9, b->hi_key, &rc);
    db_bind_int(st, 10, b->hi_id, &rc);
    if (q->scope == ACTIONS_MINE)
        db_bind_text(st, 13, s->login, &rc);
    if (has_party(q->scope))
        db_bind_int(st, 5, party_of(q), &rc);
    return db_read_page(s, st, rc, &ACTION_ROW, rows, limit, n, _("reading actions"));
}

/* One run of a party's closed actions, from the instant at (and the id, for the
 * runs of that same instant). */
static int read_closed(store *s, const struct action_query *q, enum closed_run run,
                       const char *at, int64_t id, int limit, struct action *rows, int *n)
{
    if (*n >= limit)
        return STORE_OK;
    sqlite3_stmt *st = db_stmt(s, SQL_CLOSED[q->scope][run]);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    action_bind_where(st, q, &rc);
    db_bind_int(st, 4, limit - *n, &rc);
    if (has_party(q->scope))
        db_bind_int(st, 5, party_of(q), &rc);
    if (q->scope == ACTIONS_MINE)
        db_bind_text(st, 13, s->login, &rc);
    db_bind_text(st, 7, at, &rc);
    if (run == SAME_AFTER || run == SAME_BEFORE)
        db_bind_int(st, 8, id, &rc);
    return db_read_page(s, st, rc, &ACTION_ROW, rows, limit, n, _("reading actions"));
}

/* The closed part of a party's page: after a closed anchor (or from the top when
 * anchor is NULL), or before one (or from the bottom). */
static int closed_page(store *s, const struct action_query *q, bool desc,
                       const struct action *anchor, int limit, struct action *rows, int *n)
{
    if (!anchor)
        return read_closed(s, q, desc ? NEWER : OLDER, desc ? TIME_MIN : TIME_MAX, 0,
                           limit, rows, n);
    char at[TIME_ISO_LEN];
    time_to_iso(anchor->closed_at, at);
    int rc = read_closed(s, q, desc ? SAME_BEFORE : SAME_AFTER, at, anchor->id, limit,
                         rows, n);
    return rc == STORE_OK ? read_closed(s, q, desc ? NEWER : OLDER, at, 0, limit, rows, n)
                          : rc;
}

/* Walk the arms from first (the anchor's, or an end) until the page is full. */
static int walk_arms(store *s, const struct action_query *q, enum page_dir dir, int first,
                     const struct sort_key *k, const struct action *anchor, int limit,
                     struct action *rows, int *n, const char *today)
{
    bool desc = dir == PAGE_LAST || dir == PAGE_BEFORE;
    int rc = STORE_OK;
    for (int arm = first; rc == STORE_OK && *n < limit && arm >= 0 && arm < ARMS;
         arm += desc ? -1 : 1) {
        struct arm_bounds b = arm_range(arm, today);
        if (arm == first && anchor && dir == PAGE_AFTER)
            b.lo_key = k->k4, b.lo_id = anchor->id;
        else if (arm == first && anchor && dir == PAGE_BEFORE)
            b.hi_key = k->k4, b.hi_id = anchor->id;
        rc = read_arm(s, q, arm, &b, desc, limit, rows, n);
    }
    return rc;
}

static int queue_page(store *s, const struct action_query *q, const char *today,
                      enum page_dir dir, const struct action *anchor, int limit,
                      struct action *rows, int *n)
{
    bool desc = dir == PAGE_LAST || dir == PAGE_BEFORE;
    bool open_too, closed_too;
    statuses_listed(q, &open_too, &closed_too);
    int first = desc ? ARMS - 1 : 0;
    struct sort_key k = {0};
    if (dir == PAGE_AFTER || dir == PAGE_BEFORE) {
        k = sort_key(anchor, today);
        first = arm_of(&k);
    } else {
        anchor = NULL;
    }
    const struct action *closed_anchor = first == ARMS ? anchor : NULL;
    int rc = STORE_OK;
    if (desc && first == ARMS) {         /* before a closed row */
        rc = closed_too ? closed_page(s, q, true, closed_anchor, limit, rows, n) : STORE_OK;
        first = ARMS - 1;
        anchor = NULL;
    } else if (desc && closed_too && dir == PAGE_LAST) {
        rc = closed_page(s, q, true, NULL, limit, rows, n);
    }
    if (rc == STORE_OK && open_too)
        rc = walk_arms(s, q, dir, first, &k, anchor, limit, rows, n, today);
    if (rc == STORE_OK && !desc && closed_too)
        rc = closed_page(s, q, false, closed_anchor, limit, rows, n);
    return rc;
}

/* ---- newest first ----
 * By id, backwards: ids grow with creation, so a page is a walk down the primary key
 * (or a member's or a party's index), filtered, whatever the scope.  ?41: open ones
 * only (the queues' default). */
#define N_OPEN " AND (?41 IS NULL OR " SQL_IS_OPEN("a.status") ")"
#define N_DOWN " AND (?40 IS NULL OR a.id < ?40)" A_FILTER " ORDER BY a.id DESC LIMIT ?4"
#define N_UP   " AND (?40 IS NULL OR a.id > ?40)" A_FILTER " ORDER BY a.id LIMIT ?4"
#define NEWEST_OF(cond) { A_SELECT " WHERE " cond N_OPEN N_DOWN, A_SELECT " WHERE " cond N_OPEN N_UP }
static const char *const SQL_NEWEST[][2] = {
    [ACTIONS_OPEN] = NEWEST_OF("1"),
    [ACTIONS_MEMBER] = NEWEST_OF("a.member_id = ?5"),
    [ACTIONS_MINE] = NEWEST_OF("a.assignee_staff_id = (SELECT id FROM staff WHERE login = ?13)"),
    [ACTIONS_PROVIDER] = NEWEST_OF("a.assignee_provider_id = ?5"),
    [ACTIONS_STAFF] = NEWEST_OF("a.assignee_staff_id = ?5"),
};

static int newest_page(store *s, const struct action_query *q, enum page_dir dir,
                       const struct action *anchor, int limit, struct action *rows, int *n)
{
    bool up = dir == PAGE_LAST || dir == PAGE_BEFORE;
    sqlite3_stmt *st = db_stmt(s, SQL_NEWEST[q->scope][up]);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    action_bind_where(st, q, &rc);
    db_bind_int(st, 4, limit, &rc);
    if (has_party(q->scope))
        db_bind_int(st, 5, party_of(q), &rc);
    if (q->scope == ACTIONS_MINE)
        db_bind_text(st, 13, s->login, &rc);
    if (dir == PAGE_AFTER || dir == PAGE_BEFORE)
        db_bind_int(st, 40, anchor->id, &rc);
    bool queue = q->scope == ACTIONS_OPEN || q->scope == ACTIONS_MINE;
    if (queue && !(q->where && q->where->statuses))
        db_bind_int(st, 41, 1, &rc);
    return db_read_page(s, st, rc, &ACTION_ROW, rows, limit, n, _("reading actions"));
}

int store_actions_page(store *s, const struct action_query *q, enum page_dir dir,
                       const struct action *anchor, int limit,
                       struct action *rows, int *n)
{
    *n = 0;
    if ((unsigned)q->scope > ACTIONS_STAFF)
        return db_failf(s, STORE_ERROR, "%s", _("internal error: bad page request"));
    if (db_page_check(s, dir, anchor, limit) != STORE_OK)
        return STORE_ERROR;
    if (limit == 0)
        return STORE_OK;
    char today[DATE_ISO_LEN];
    if (q->today)
        snprintf(today, sizeof today, "%s", q->today);
    else
        date_today(today);
    struct action_query at_today = *q;
    at_today.today = today;
    if (db_provider_only(s)) {          /* whatever was asked: their own actions */
        at_today.scope = ACTIONS_PROVIDER;
        at_today.party_id = s->provider_only;
    }
    struct rare r;
    int rc = rarest_word(s, &at_today, &r);
    if (rc == STORE_OK)
        rc = r.rows >= 0 ? rare_page(s, &at_today, &r, dir, anchor, limit, rows, n)
           : at_today.order == ORDER_NEWEST
           ? newest_page(s, &at_today, dir, anchor, limit, rows, n)
           : queue_page(s, &at_today, today, dir, anchor, limit, rows, n);
    return db_page_done(rc, dir, &ACTION_ROW, rows, n);
}

/* A provider's login counts its provider's open actions as "all" and "mine". */
static const char SQL_COUNT_PROVIDER[] =
    "SELECT count(*), coalesce(sum(due_key < ?1), 0) FROM action"
    " WHERE " SQL_IS_OPEN("status") " AND assignee_provider_id = ?2";

static int count_pair(store *s, const char *sql, const char *today, int *all, int *overdue)
{
    sqlite3_stmt *st = db_stmt(s, sql);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_text(st, 1, today, &rc);
    if (sql == SQL_COUNT_MINE)
        db_bind_text(st, 2, s->login, &rc);
    if (sql == SQL_COUNT_PROVIDER)
        db_bind_int(st, 2, s->provider_only, &rc);
    if (db_bind_check(s, st, rc) != STORE_OK)
        return STORE_ERROR;
    rc = sqlite3_step(st);
    int out = STORE_OK;
    if (rc == SQLITE_ROW) {
        *all = sqlite3_column_int(st, 0);
        *overdue = sqlite3_column_int(st, 1);
    } else {
        out = db_fail(s, rc, _("counting actions"));
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
    bool provider = db_provider_only(s);
    int rc = count_pair(s, provider ? SQL_COUNT_PROVIDER : SQL_COUNT_OPEN, day, &out->open,
                        &out->overdue);
    if (rc == STORE_OK)
        rc = count_pair(s, provider ? SQL_COUNT_PROVIDER : SQL_COUNT_MINE, day,
                        &out->mine_open, &out->mine_overdue);
    if (rc != STORE_OK)
        memset(out, 0, sizeof *out);
    return rc;
}
