/* store_interaction_list — the interactions of every member in a span
 * (store/interaction_list.h): known answers for the order (equal instants by kind,
 * member, id), the span's edges, the kind, the filter; paging both ways at every
 * page size across equal instants; an anchor edited out of the span; the plan
 * (interaction_by_time, no sort) and the cost of a page deep in a long span. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

/* White box: the statement cache, for the plans and the work of a page. */
#include "../../src/store/store_internal.h"

#include "check.h"
#include "store_fixture.h"
#include "suivi/base/timeutil.h"
#include "suivi/store/interaction_list.h"

#define MAXROWS 64

struct world {
    const char *path;
    store *s;
    int64_t brest, quimper, lorient;
    int64_t id[11];             /* by the numbers of the table below, 1..10 */
};

static int64_t at(const char *iso)
{
    int64_t t = 0;
    CHECK_INT(time_from_iso(iso, &t), 0);
    return t;
}

static int64_t add(store *s, int64_t member, const char *when, enum interaction_kind kind,
                   const char *subject)
{
    struct interaction it = { .member_id = member, .occurred_at = at(when), .kind = kind,
                              .subject = xstrdup(subject) };
    CHECK_INT(store_interaction_add(s, &it), STORE_OK);
    int64_t id = it.id;
    interaction_clear(&it);
    return id;
}

/* Two outside the span (one second before it, its end itself), five at one instant. */
static void open_world(struct world *w)
{
    w->path = check_tmpfile("across.db");
    w->s = fixture_open(w->path, true);
    w->brest = fixture_add_member(w->s, "Brest");
    w->quimper = fixture_add_member(w->s, "Quimper");
    w->lorient = fixture_add_member(w->s, "Lorient");
    CHECK(w->brest < w->quimper && w->quimper < w->lorient);
    store *s = w->s;
    w->id[1] = add(s, w->brest, "2026-10-31 23:59:59", IKIND_CALL_IN, "Avant");
    w->id[2] = add(s, w->quimper, "2026-11-01 00:00:00", IKIND_CALL_IN, "Premier jour");
    w->id[3] = add(s, w->brest, "2026-11-05 09:00:00", IKIND_CALL_IN, "Appel un");
    w->id[4] = add(s, w->quimper, "2026-11-05 09:00:00", IKIND_CALL_IN, "Appel deux");
    w->id[5] = add(s, w->brest, "2026-11-05 09:00:00", IKIND_MEETING, "Réunion");
    w->id[6] = add(s, w->brest, "2026-11-05 09:00:00", IKIND_CALL_IN, "Appel trois");
    w->id[7] = add(s, w->lorient, "2026-11-05 09:00:00", IKIND_CALL_IN, "Appel quatre");
    w->id[8] = add(s, w->lorient, "2026-11-20 14:00:00", IKIND_INCIDENT, "Panne du serveur");
    w->id[9] = add(s, w->lorient, "2026-11-30 23:59:59", IKIND_CALL_IN, "Dernier jour");
    w->id[10] = add(s, w->brest, "2026-12-01 00:00:00", IKIND_CALL_IN, "Après");
}

static struct interaction_span november(int kind)
{
    return (struct interaction_span){ at("2026-11-01 00:00:00"), at("2026-12-01 00:00:00"),
                                      kind };
}

static void clear_rows(struct interaction_listed *rows, int n)
{
    for (int i = 0; i < n; i++)
        interaction_listed_clear(&rows[i]);
}

/* The ids of the whole list, page by page of `limit`: forward from the first,
 * or backward from the last (then in display order as well). */
static int read_all(store *s, const struct interaction_span *span, const char *filter,
                    int limit, bool backward, int64_t *ids)
{
    struct interaction_listed rows[MAXROWS], anchor;
    int total = 0, n = 0;
    memset(&anchor, 0, sizeof anchor);
    enum page_dir dir = backward ? PAGE_LAST : PAGE_FIRST;
    int64_t back[MAXROWS];
    for (int guard = 0; guard < MAXROWS; guard++) {
        memset(rows, 0, sizeof rows);
        CHECK_INT(store_interactions_span_page(s, span, filter, dir,
                                               dir == PAGE_FIRST || dir == PAGE_LAST
                                               ? NULL : &anchor, limit, rows, &n), STORE_OK);
        if (n == 0)
            break;
        for (int i = 0; i < n && total < MAXROWS; i++) {
            CHECK(rows[i].member_name != NULL);
            if (backward)
                back[total++] = rows[n - 1 - i].it.id;
            else
                ids[total++] = rows[i].it.id;
        }
        interaction_listed_clear(&anchor);
        /* The anchor: only the fields of the key matter, kept from the row. */
        const struct interaction_listed *edge = backward ? &rows[0] : &rows[n - 1];
        anchor.it.id = edge->it.id;
        anchor.it.occurred_at = edge->it.occurred_at;
        anchor.it.kind = edge->it.kind;
        anchor.it.member_id = edge->it.member_id;
        clear_rows(rows, n);
        dir = backward ? PAGE_BEFORE : PAGE_AFTER;
    }
    for (int i = 0; backward && i < total; i++)
        ids[i] = back[total - 1 - i];
    return total;
}

static void check_ids(const int64_t *got, int n, const struct world *w, const int *want,
                      int nwant, const char *what)
{
    bool same = n == nwant;
    for (int i = 0; same && i < n; i++)
        same = got[i] == w->id[want[i]];
    if (!same) {
        fprintf(stderr, "%s: got", what);
        for (int i = 0; i < n; i++)
            for (int k = 1; k <= 10; k++)
                if (got[i] == w->id[k])
                    fprintf(stderr, " %d", k);
        fprintf(stderr, "\n");
    }
    CHECK(same);
}

/* Every page size, both ways: the same list, in the same order. */
static void check_list(const struct world *w, const struct interaction_span *span,
                       const char *filter, const int *want, int nwant, const char *what)
{
    int64_t ids[MAXROWS];
    for (int limit = 1; limit <= nwant + 1; limit++) {
        check_ids(ids, read_all(w->s, span, filter, limit, false, ids), w, want, nwant, what);
        check_ids(ids, read_all(w->s, span, filter, limit, true, ids), w, want, nwant, what);
    }
}

TEST(newest_first_equal_instants_by_kind_member_id)
{
    struct world w;
    open_world(&w);
    struct interaction_span all = november(-1), calls = november(IKIND_CALL_IN);
    static const int every[] = { 9, 8, 5, 7, 4, 6, 3, 2 };
    check_list(&w, &all, NULL, every, 8, "every kind");
    static const int call_in[] = { 9, 7, 4, 6, 3, 2 };
    check_list(&w, &calls, NULL, call_in, 6, "call_in");
    struct interaction_span meetings = november(IKIND_MEETING);
    static const int meeting[] = { 5 };
    check_list(&w, &meetings, NULL, meeting, 1, "meeting");
    struct interaction_span none = november(IKIND_TRAINING);
    check_list(&w, &none, NULL, NULL, 0, "training");
    store_close(w.s);
}

TEST(filter_is_subject_author_or_member)
{
    struct world w;
    open_world(&w);
    struct interaction_span all = november(-1), calls = november(IKIND_CALL_IN);
    static const int quimper[] = { 4, 2 };
    check_list(&w, &all, "quimper", quimper, 2, "member's name");
    static const int panne[] = { 8 };
    check_list(&w, &all, "PANNE", panne, 1, "subject");
    check_list(&w, &calls, "panne", NULL, 0, "subject of another kind");
    static const int appel[] = { 7, 4, 6, 3 };
    check_list(&w, &calls, "appel", appel, 4, "subject, paged");
    static const int mine[] = { 9, 8, 5, 7, 4, 6, 3, 2 };
    char *login = xstrdup(unix_login());
    check_list(&w, &all, login, mine, 8, "author");
    free(login);
    store_close(w.s);
}

TEST(a_row_has_its_member_and_reads_by_id)
{
    struct world w;
    open_world(&w);
    struct interaction_listed r;
    memset(&r, 0, sizeof r);
    CHECK_INT(store_interaction_listed_get(w.s, w.id[4], &r), STORE_OK);
    CHECK_STR(r.member_name, "Quimper");
    CHECK_STR(r.it.subject, "Appel deux");
    CHECK_INT(r.it.kind, IKIND_CALL_IN);
    CHECK_INT(r.it.member_id, w.quimper);
    CHECK_INT(r.it.occurred_at, at("2026-11-05 09:00:00"));
    interaction_listed_clear(&r);
    CHECK_INT(store_interaction_listed_get(w.s, 999, &r), STORE_NOT_FOUND);
    store_close(w.s);
}

/* An anchor moved out of the span since it was read: pages start at the edge. */
TEST(anchor_out_of_the_span_starts_at_its_edge)
{
    struct world w;
    open_world(&w);
    struct interaction_span all = november(-1);
    struct interaction_listed rows[4], anchor;
    memset(rows, 0, sizeof rows);
    memset(&anchor, 0, sizeof anchor);
    int n = 0;
    CHECK_INT(store_interaction_listed_get(w.s, w.id[10], &anchor), STORE_OK);
    CHECK_INT(store_interactions_span_page(w.s, &all, NULL, PAGE_AFTER, &anchor, 2, rows, &n),
              STORE_OK);
    CHECK_INT(n, 2);
    CHECK_INT(rows[0].it.id, w.id[9]);
    CHECK_INT(rows[1].it.id, w.id[8]);
    clear_rows(rows, n);
    interaction_listed_clear(&anchor);
    CHECK_INT(store_interaction_listed_get(w.s, w.id[1], &anchor), STORE_OK);
    CHECK_INT(store_interactions_span_page(w.s, &all, NULL, PAGE_BEFORE, &anchor, 3, rows,
                                           &n), STORE_OK);
    CHECK_INT(n, 3);              /* the oldest three, in display order */
    CHECK_INT(rows[0].it.id, w.id[6]);
    CHECK_INT(rows[1].it.id, w.id[3]);
    CHECK_INT(rows[2].it.id, w.id[2]);
    clear_rows(rows, n);
    /* And an anchor past the other edge: nothing beyond it. */
    CHECK_INT(store_interactions_span_page(w.s, &all, NULL, PAGE_AFTER, &anchor, 3, rows, &n),
              STORE_OK);
    CHECK_INT(n, 0);
    interaction_listed_clear(&anchor);
    store_close(w.s);
}

/* ---- the plan and the cost ---- */

static int64_t work_done(store *s)
{
    int64_t steps = 0;
    for (int i = 0; i < s->nslots; i++)
        steps += sqlite3_stmt_status(s->slots[i].st, SQLITE_STMTSTATUS_VM_STEP, 1);
    return steps;
}

/* The work of a page after the row with this id, of 20 rows. */
static int64_t page_after(store *s, const struct interaction_span *span, int64_t id)
{
    struct interaction_listed rows[20], anchor;
    memset(&anchor, 0, sizeof anchor);
    memset(rows, 0, sizeof rows);
    int n = 0;
    CHECK_INT(store_interaction_listed_get(s, id, &anchor), STORE_OK);
    work_done(s);
    CHECK_INT(store_interactions_span_page(s, span, NULL, PAGE_AFTER, &anchor, 20, rows, &n),
              STORE_OK);
    int64_t work = work_done(s);
    CHECK_INT(n, 20);
    clear_rows(rows, n);
    interaction_listed_clear(&anchor);
    return work;
}

/* Each page statement of the cache walks interaction_by_time, with no sort. */
static void check_plans(store *s, const char *path)
{
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    int pages = 0;
    for (int i = 0; i < s->nslots; i++) {
        const char *sql = sqlite3_sql(s->slots[i].st);
        if (!sql || !strstr(sql, "JOIN member m ON m.id = i.member_id") || !strstr(sql, "LIMIT"))
            continue;
        char *explain = xasprintf("EXPLAIN QUERY PLAN %s", sql);
        sqlite3_stmt *st = NULL;
        CHECK_INT(sqlite3_prepare_v2(db, explain, -1, &st, NULL), SQLITE_OK);
        bool by_time = false, sorted = false;
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *d = (const char *)sqlite3_column_text(st, 3);
            by_time = by_time || (d && strstr(d, "SEARCH i USING INDEX interaction_by_time"));
            sorted = sorted || (d && strstr(d, "TEMP B-TREE"));
        }
        CHECK(by_time);
        CHECK(!sorted);
        sqlite3_finalize(st);
        free(explain);
        pages++;
    }
    CHECK_INT(pages, 4);            /* first, last, after, before */
    sqlite3_close(db);
}

TEST(a_page_deep_in_a_long_span_costs_what_the_first_does)
{
    struct world w;
    open_world(&w);
    CHECK_INT(store_begin(w.s), STORE_OK);
    int64_t deep = 0, early = 0;
    for (int i = 0; i < 3000; i++) {
        char when[TIME_ISO_LEN];
        time_to_iso(at("2026-01-01 08:00:00") + (int64_t)i * 3600, when);
        int64_t id = add(w.s, i % 2 ? w.brest : w.lorient, when,
                         i % 3 ? IKIND_CALL_IN : IKIND_EMAIL_OUT, "Suivi");
        deep = i == 100 ? id : deep;         /* old: at the far end of the list */
        early = i == 2900 ? id : early;
    }
    CHECK_INT(store_commit(w.s), STORE_OK);
    struct interaction_span year = { at("2026-01-01 00:00:00"), at("2027-01-01 00:00:00"), -1 };
    struct interaction_span calls = year;
    calls.kind = IKIND_CALL_IN;
    int64_t near = page_after(w.s, &year, early), far = page_after(w.s, &year, deep);
    int64_t knear = page_after(w.s, &calls, early), kfar = page_after(w.s, &calls, deep);
    if (far > near + near / 4 || kfar > knear + knear / 4)
        fprintf(stderr, "page work: %lld near, %lld far; call_in %lld, %lld\n",
                (long long)near, (long long)far, (long long)knear, (long long)kfar);
    CHECK(far <= near + near / 4);
    CHECK(kfar <= knear + knear / 4);
    /* The other directions, for their plans. */
    int64_t ids[MAXROWS];
    struct interaction_span all = november(-1);
    read_all(w.s, &all, NULL, 3, true, ids);
    read_all(w.s, &all, NULL, 3, false, ids);
    check_plans(w.s, w.path);
    store_close(w.s);
}

TESTS(T(newest_first_equal_instants_by_kind_member_id),
      T(filter_is_subject_author_or_member),
      T(a_row_has_its_member_and_reads_by_id),
      T(anchor_out_of_the_span_starts_at_its_edge),
      T(a_page_deep_in_a_long_span_costs_what_the_first_does))
