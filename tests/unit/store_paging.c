/* store_paging — keyset paging of members, timelines and actions (every scope),
 * both ways and with filters, checked against one full ordered read done here (SQL
 * for the simple orders, a C comparator written from the spec for the action
 * queue); and the cost of a page, which must not grow with the table. */
#include <sqlite3.h>
#include <stdlib.h>

/* White box: the statement cache, to count the work a page costs. */
#include "../../src/store/store_internal.h"

#include "check.h"
#include "store_fixture.h"
#include "suivi/base/login.h"
#include "suivi/base/sanitize.h"
#include "suivi/store/store.h"
#include "suivi/base/xalloc.h"

#define MAXROWS 512

/* Ids from a query with one optional integer parameter. */
static int sql_ids(const char *path, const char *sql, int64_t param, int64_t *ids)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int n = 0;
    CHECK_INT(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    CHECK_INT(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    if (sqlite3_bind_parameter_count(st) > 0)
        sqlite3_bind_int64(st, 1, param);
    while (n < MAXROWS && sqlite3_step(st) == SQLITE_ROW)
        ids[n++] = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

static void check_same_ids(const int64_t *got, int ngot, const int64_t *want, int nwant,
                           const char *what)
{
    bool same = ngot == nwant;
    for (int i = 0; same && i < ngot; i++)
        same = got[i] == want[i];
    if (!same) {
        fprintf(stderr, "%s: got %d rows, want %d; first difference at", what, ngot, nwant);
        for (int i = 0; i < ngot && i < nwant; i++)
            if (got[i] != want[i]) {
                fprintf(stderr, " %d (%lld != %lld)", i, (long long)got[i], (long long)want[i]);
                break;
            }
        fprintf(stderr, "\n");
    }
    CHECK(same);
}

static void reverse_ids(int64_t *ids, int n)
{
    for (int i = 0, j = n - 1; i < j; i++, j--) {
        int64_t t = ids[i];
        ids[i] = ids[j];
        ids[j] = t;
    }
}

/* ---- a generic pager over the three lists ---- */

enum list { L_MEMBERS, L_TIMELINE, L_ACTIONS };
struct lister {
    enum list list;
    const char *filter;
    int64_t member_id;
    const struct action_query *q;
};

/* Row buffers of the three kinds, and what a pager holds between pages. */
union rowbuf {
    struct member m[MAXROWS];
    struct interaction i[MAXROWS];
    struct action a[MAXROWS];
};
struct pager {
    const struct lister *l;
    union rowbuf *buf;
    int n;              /* rows held in buf */
};

static void clear_rows(struct pager *p)
{
    for (int i = 0; i < p->n; i++) {
        if (p->l->list == L_MEMBERS)
            member_clear(&p->buf->m[i]);
        else if (p->l->list == L_TIMELINE)
            interaction_clear(&p->buf->i[i]);
        else
            action_clear(&p->buf->a[i]);
    }
    p->n = 0;
}

/* One page; anchor_index names a row of the previous page (-1: none). */
static int fetch(store *s, struct pager *p, enum page_dir dir, int anchor_index, int limit,
                 int64_t *ids)
{
    const struct lister *l = p->l;
    union { struct member m; struct interaction i; struct action a; } anchor;
    memset(&anchor, 0, sizeof anchor);
    if (anchor_index >= 0) {
        if (l->list == L_MEMBERS)
            member_copy(&anchor.m, &p->buf->m[anchor_index]);
        else if (l->list == L_TIMELINE)
            interaction_copy(&anchor.i, &p->buf->i[anchor_index]);
        else
            action_copy(&anchor.a, &p->buf->a[anchor_index]);
    }
    clear_rows(p);
    memset(p->buf, 0, sizeof *p->buf);
    int n = -1, rc;
    if (l->list == L_MEMBERS) {
        rc = store_members_page(s, l->filter, dir, &anchor.m, limit, p->buf->m, &n);
        for (int i = 0; i < n; i++)
            ids[i] = p->buf->m[i].id;
        member_clear(&anchor.m);
    } else if (l->list == L_TIMELINE) {
        rc = store_interactions_page(s, l->member_id, l->filter, dir, &anchor.i, limit,
                                     p->buf->i, &n);
        for (int i = 0; i < n; i++)
            ids[i] = p->buf->i[i].id;
        interaction_clear(&anchor.i);
    } else {
        rc = store_actions_page(s, l->q, dir, &anchor.a, limit, p->buf->a, &n);
        for (int i = 0; i < n; i++)
            ids[i] = p->buf->a[i].id;
        action_clear(&anchor.a);
    }
    CHECK_INT(rc, STORE_OK);
    CHECK(n >= 0 && n <= limit);
    p->n = n > 0 ? n : 0;
    return p->n;
}

/* Page through everything, forward (FIRST, AFTER…) or backward (LAST, BEFORE…). */
static int page_all(store *s, const struct lister *l, bool backward, int limit, int64_t *out)
{
    static union rowbuf buf;
    struct pager p = { l, &buf, 0 };
    int64_t ids[MAXROWS];
    int total = 0;
    int n = fetch(s, &p, backward ? PAGE_LAST : PAGE_FIRST, -1, limit, ids);
    while (n > 0 && total + n <= MAXROWS) {
        if (backward)           /* pages come in display order: collect reversed */
            for (int i = n - 1; i >= 0; i--)
                out[total++] = ids[i];
        else
            for (int i = 0; i < n; i++)
                out[total++] = ids[i];
        n = fetch(s, &p, backward ? PAGE_BEFORE : PAGE_AFTER, backward ? 0 : n - 1,
                  limit, ids);
    }
    clear_rows(&p);
    if (backward)
        reverse_ids(out, total);
    return total;
}

static void check_both_ways(store *s, const struct lister *l, const int64_t *want, int nwant,
                            const char *what)
{
    static const int limits[] = { 1, 3, 7, 50, 400 };
    for (size_t k = 0; k < sizeof limits / sizeof limits[0]; k++) {
        int64_t got[MAXROWS];
        char label[160];
        int n = page_all(s, l, false, limits[k], got);
        snprintf(label, sizeof label, "%s forward, limit %d", what, limits[k]);
        check_same_ids(got, n, want, nwant, label);
        n = page_all(s, l, true, limits[k], got);
        snprintf(label, sizeof label, "%s backward, limit %d", what, limits[k]);
        check_same_ids(got, n, want, nwant, label);
    }
}

/* ---- members ---- */

static const char *const member_names[] = {
    "Plœmeur", "Ploemel", "Plouay", "Châteaulin", "Chateaugiron", "Saint-Brieuc",
    "50% Solidaire", "500 Ans", "a_b Test", "axb Test", "Back\\slash", "Éaux", "eaux",
    "Quimper", "Quimper", "Quimper", "Brest", "Morlaix", "CCAS de Lorient",
};

static int64_t add_member(store *s, const char *name)
{
    struct member m = { .name = xstrdup(name), .kind = MEMBER_COMMUNE,
                        .status = MSTATUS_MEMBER };
    CHECK_INT(store_member_add(s, &m), STORE_OK);
    int64_t id = m.id;
    member_clear(&m);
    return id;
}

static void seed_members(store *s, int64_t *ids)
{
    int k = 0;
    for (size_t i = 0; i < sizeof member_names / sizeof member_names[0]; i++)
        ids[k++] = add_member(s, member_names[i]);
    for (int i = 0; i < 40; i++) {
        char name[32];
        snprintf(name, sizeof name, "Commune %03d", (i * 17) % 40);
        ids[k++] = add_member(s, name);
    }
}

/* The members whose name is in the given index list, in list order. */
static int filtered(store *s, const char *filter, int64_t *out)
{
    struct lister l = { L_MEMBERS, filter, 0, NULL };
    return page_all(s, &l, false, 500, out);
}

static bool has_only(const int64_t *got, int n, const int64_t *want, int nwant)
{
    if (n != nwant)
        return false;
    for (int i = 0; i < nwant; i++) {
        bool found = false;
        for (int j = 0; j < n; j++)
            found = found || got[j] == want[i];
        if (!found)
            return false;
    }
    return true;
}

TEST(members_page_both_ways)
{
    const char *path = check_tmpfile("x.db");
    store *s = fixture_open(path, true);
    int64_t ids[MAXROWS], want[MAXROWS];
    seed_members(s, ids);
    int nwant = sql_ids(path, "SELECT id FROM member ORDER BY sort_key, id", 0, want);
    CHECK_INT(nwant, 59);
    struct lister l = { L_MEMBERS, NULL, 0, NULL };
    check_both_ways(s, &l, want, nwant, "members");

    struct lister f = { L_MEMBERS, "commune 01", 0, NULL };
    int nf = sql_ids(path, "SELECT id FROM member WHERE name LIKE 'Commune 01%' "
                     "ORDER BY sort_key, id", 0, want);
    CHECK_INT(nf, 10);
    check_both_ways(s, &f, want, nf, "members filtered");
    store_close(s);
}

TEST(member_filters_fold_and_match_literally)
{
    store *s = fixture_open(check_tmpfile("x.db"), true);
    int64_t ids[MAXROWS], got[MAXROWS];
    seed_members(s, ids);
    /* indexes into member_names */
    int n = filtered(s, "ploe", got);
    CHECK(has_only(got, n, (int64_t[]){ ids[0], ids[1] }, 2));
    n = filtered(s, "PLŒMEUR", got);
    CHECK(has_only(got, n, (int64_t[]){ ids[0] }, 1));
    n = filtered(s, "chateau", got);
    CHECK(has_only(got, n, (int64_t[]){ ids[3], ids[4] }, 2));
    n = filtered(s, "50%", got);
    CHECK(has_only(got, n, (int64_t[]){ ids[6] }, 1));
    n = filtered(s, "%", got);
    CHECK(has_only(got, n, (int64_t[]){ ids[6] }, 1));
    n = filtered(s, "a_b", got);
    CHECK(has_only(got, n, (int64_t[]){ ids[8] }, 1));
    n = filtered(s, "_", got);
    CHECK(has_only(got, n, (int64_t[]){ ids[8] }, 1));
    n = filtered(s, "\\", got);
    CHECK(has_only(got, n, (int64_t[]){ ids[10] }, 1));
    n = filtered(s, "éaux", got);
    CHECK(has_only(got, n, (int64_t[]){ ids[11], ids[12] }, 2));
    n = filtered(s, "nothing like it", got);
    CHECK_INT(n, 0);
    CHECK_INT(filtered(s, "", got), 59);
    CHECK_INT(filtered(s, NULL, got), 59);
    store_close(s);
}

TEST(member_rows_count_open_actions)
{
    store *s = fixture_open(check_tmpfile("x.db"), true);
    int64_t a = add_member(s, "Alpha"), b = add_member(s, "Beta");
    for (int i = 0; i < 5; i++) {
        struct action act = { .member_id = i < 4 ? a : b, .title = xstrdup("t"),
                              .status = i == 3 ? ASTATUS_DONE
                                               : i == 2 ? ASTATUS_WAIT_PROVIDER : ASTATUS_OPEN,
                              .priority = 3 };
        CHECK_INT(store_action_add(s, &act), STORE_OK);
        action_clear(&act);
    }
    struct member rows[4] = {0};
    int n = 0;
    CHECK_INT(store_members_page(s, NULL, PAGE_FIRST, NULL, 4, rows, &n), STORE_OK);
    CHECK_INT(n, 2);
    CHECK_STR(rows[0].name, "Alpha");
    CHECK_INT(rows[0].open_actions, 3);
    CHECK_INT(rows[1].open_actions, 1);
    for (int i = 0; i < n; i++)
        member_clear(&rows[i]);
    /* empty pages and anchors past either end */
    CHECK_INT(store_members_page(s, "zzz", PAGE_LAST, NULL, 4, rows, &n), STORE_OK);
    CHECK_INT(n, 0);
    store_close(s);
}

/* ---- timeline ---- */

TEST(timeline_pages_newest_first)
{
    const char *path = check_tmpfile("x.db");
    store *s = fixture_open(path, true);
    int64_t m = add_member(s, "Vannes"), other = add_member(s, "Auray");
    for (int i = 0; i < 41; i++) {
        struct interaction it = {
            .member_id = i % 5 == 4 ? other : m,
            /* three interactions share each instant: ties are broken by id */
            .occurred_at = 1700000000 + (int64_t)((i * 7) % 13) / 3 * 86400,
            .kind = (enum interaction_kind)(i % IKIND_COUNT),
            .author = xstrdup(i % 2 ? "alice" : "bob"),
            .subject = xasprintf(i % 3 ? "Appel %d" : "Certificat expiré %d", i),
        };
        CHECK_INT(store_interaction_add(s, &it), STORE_OK);
        interaction_clear(&it);
    }
    int64_t want[MAXROWS];
    int nwant = sql_ids(path, "SELECT id FROM interaction WHERE member_id = ?"
                        " ORDER BY occurred_at DESC, id DESC", m, want);
    CHECK_INT(nwant, 33);
    struct lister l = { L_TIMELINE, NULL, m, NULL };
    check_both_ways(s, &l, want, nwant, "timeline");

    nwant = sql_ids(path, "SELECT id FROM interaction WHERE member_id = ?"
                    " AND subject LIKE 'Certificat%' ORDER BY occurred_at DESC, id DESC", m, want);
    CHECK(nwant > 5);
    struct lister f = { L_TIMELINE, "CERTIF", m, NULL };
    check_both_ways(s, &f, want, nwant, "timeline filtered by subject");

    nwant = sql_ids(path, "SELECT id FROM interaction WHERE member_id = ?"
                    " AND author = 'alice' ORDER BY occurred_at DESC, id DESC", m, want);
    struct lister a = { L_TIMELINE, "alice", m, NULL };
    check_both_ways(s, &a, want, nwant, "timeline filtered by author");
    store_close(s);
}

/* ---- actions ---- */

#define TODAY "2025-06-15"

static bool is_open(const struct action *a)
{
    return action_status_is_open(a->status);
}

/* The queue order, written from the spec. */
static int queue_cmp(const void *pa, const void *pb)
{
    const struct action *a = pa, *b = pb;
    if (is_open(a) != is_open(b))
        return is_open(a) ? -1 : 1;
    if (is_open(a)) {
        bool oa = a->due && strcmp(a->due, TODAY) < 0, ob = b->due && strcmp(b->due, TODAY) < 0;
        if (oa != ob)
            return oa ? -1 : 1;
        if (a->priority != b->priority)
            return a->priority - b->priority;
        if (!a->due != !b->due)
            return a->due ? -1 : 1;
        int c = a->due ? strcmp(a->due, b->due) : 0;
        if (c)
            return c;
    } else if (a->closed_at != b->closed_at) {
        return a->closed_at > b->closed_at ? -1 : 1;
    }
    return a->id < b->id ? -1 : a->id > b->id;
}

static bool contains_folded(const char *hay, const char *needle)
{
    char *h = fold_for_search(hay), *n = fold_for_search(needle);
    bool r = strstr(h, n) != NULL;
    free(h);
    free(n);
    return r;
}

struct world {
    int64_t me, colleague, provider, other_provider, m1, m2;
    struct action all[MAXROWS];
    int n;
};

static void seed_actions(store *s, struct world *w)
{
    struct staff me = { .login = xstrdup(unix_login()), .display_name = xstrdup("Me") };
    struct staff col = { .login = xstrdup("zz-colleague"), .display_name = xstrdup("Col") };
    struct provider pr = { .name = xstrdup("Atexo") }, pr2 = { .name = xstrdup("Docapost") };
    CHECK_INT(store_staff_add(s, &me), STORE_OK);
    CHECK_INT(store_staff_add(s, &col), STORE_OK);
    CHECK_INT(store_provider_add(s, &pr), STORE_OK);
    CHECK_INT(store_provider_add(s, &pr2), STORE_OK);
    w->me = me.id;
    w->colleague = col.id;
    w->provider = pr.id;
    w->other_provider = pr2.id;
    staff_clear(&me);
    staff_clear(&col);
    provider_clear(&pr);
    provider_clear(&pr2);
    w->m1 = add_member(s, "Plœmeur");
    w->m2 = add_member(s, "Lorient");

    static const char *const dues[] = { NULL, "2025-06-01", "2025-06-14", TODAY,
                                        "2025-06-16", "2025-07-01" };
    unsigned seed = 12345;
    CHECK_INT(store_begin(s), STORE_OK);
    for (int i = 0; i < 160; i++) {
        seed = seed * 1103515245u + 12345u;
        unsigned r = seed >> 8;
        char now[32];
        /* closing instants: many distinct, some shared */
        snprintf(now, sizeof now, "2025-06-%02u 10:00:00", 1 + (r >> 3) % 9);
        setenv("SUIVI_NOW", now, 1);
        struct action a = {
            .member_id = r % 3 ? w->m1 : w->m2,
            .title = xasprintf(r % 4 ? "Action %d" : "Renouveler certificat %d", i),
            .status = (enum action_status)(r % ASTATUS_COUNT),
            .priority = 1 + (int)((r >> 4) % 4),
            .due = xstrdup(dues[(r >> 6) % 6]),
        };
        switch ((r >> 9) % 5) {
        case 0: a.assignee_staff_id = w->me; break;
        case 1: a.assignee_staff_id = w->colleague; break;
        case 2: a.assignee_provider_id = w->provider; break;
        case 3: a.assignee_provider_id = w->other_provider; break;
        default: break;
        }
        CHECK_INT(store_action_add(s, &a), STORE_OK);
        action_clear(&a);
    }
    CHECK_INT(store_commit(s), STORE_OK);
    unsetenv("SUIVI_NOW");
}

/* Everything, read row by row (not through the pager). */
static void load_world(store *s, const char *path, struct world *w)
{
    int64_t ids[MAXROWS];
    w->n = sql_ids(path, "SELECT id FROM action ORDER BY id", 0, ids);
    for (int i = 0; i < w->n; i++)
        CHECK_INT(store_action_get(s, ids[i], &w->all[i]), STORE_OK);
    qsort(w->all, (size_t)w->n, sizeof w->all[0], queue_cmp);
}

/* A new database with the seeded actions, every one read back into *w. */
static store *open_world(struct world *w)
{
    const char *path = check_tmpfile("x.db");
    store *s = fixture_open(path, true);
    memset(w, 0, sizeof *w);
    seed_actions(s, w);
    load_world(s, path, w);
    return s;
}

static void close_world(store *s, struct world *w)
{
    for (int i = 0; i < w->n; i++)
        action_clear(&w->all[i]);
    store_close(s);
}

static bool holds(const struct action *a, const char *word)
{
    return !word || contains_folded(a->title, word) || contains_folded(a->member_name, word);
}

static int cmp_id_desc(const void *pa, const void *pb)
{
    int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
    return a < b ? 1 : a > b ? -1 : 0;
}

/* The ids of q's list, from the spec: its scope, the statuses it lists (a queue
 * its open ones unless the query names statuses), its words. */
static int expected(const struct world *w, const struct action_query *q, int64_t *out)
{
    const struct action_where *wh = q->where;
    bool queue = q->scope == ACTIONS_OPEN || q->scope == ACTIONS_MINE;
    int n = 0;
    for (int i = 0; i < w->n; i++) {
        const struct action *a = &w->all[i];
        bool in = q->scope == ACTIONS_OPEN ? true
                : q->scope == ACTIONS_MEMBER ? a->member_id == q->member_id
                : q->scope == ACTIONS_PROVIDER ? a->assignee_provider_id == q->party_id
                : q->scope == ACTIONS_STAFF ? a->assignee_staff_id == q->party_id
                : a->assignee_staff_id == w->me;
        in = in && (wh && wh->statuses ? (wh->statuses & (1u << a->status)) != 0
                                       : !queue || is_open(a));
        in = in && holds(a, q->filter);
        for (int t = 0; wh && t < WHERE_TERMS; t++)
            in = in && holds(a, wh->terms[t]);
        if (in)
            out[n++] = a->id;
    }
    if (q->order == ORDER_NEWEST)
        qsort(out, (size_t)n, sizeof *out, cmp_id_desc);
    return n;
}

static void check_query(store *s, const struct world *w, const struct action_query *q,
                        const char *what)
{
    int64_t want[MAXROWS];
    int nwant = expected(w, q, want);
    CHECK(nwant > 2);       /* the seed must exercise the case */
    struct lister l = { L_ACTIONS, NULL, 0, q };
    check_both_ways(s, &l, want, nwant, what);
}

TEST(action_queue_pages_both_ways)
{
    static struct world w;      /* static: 512 actions, kept off the stack */
    store *s = open_world(&w);

    struct action_query q = { .scope = ACTIONS_OPEN, .today = TODAY };
    check_query(s, &w, &q, "open queue");
    q.scope = ACTIONS_MEMBER;
    q.member_id = w.m1;
    check_query(s, &w, &q, "member's actions");
    q.member_id = w.m2;
    check_query(s, &w, &q, "other member's actions");
    q.scope = ACTIONS_MINE;
    check_query(s, &w, &q, "mine");
    q.scope = ACTIONS_OPEN;
    q.filter = "renouv";
    check_query(s, &w, &q, "open queue filtered by title");
    q.filter = "ploe";
    check_query(s, &w, &q, "open queue filtered by member");
    q.scope = ACTIONS_MEMBER;
    q.member_id = w.m2;
    q.filter = "CERTIF";
    check_query(s, &w, &q, "member's filtered");
    q = (struct action_query){ .scope = ACTIONS_PROVIDER, .party_id = w.provider, .today = TODAY };
    check_query(s, &w, &q, "provider's actions");
    q.party_id = w.other_provider;
    check_query(s, &w, &q, "other provider's actions");
    q.filter = "ploe";
    check_query(s, &w, &q, "provider's actions filtered by member");
    q = (struct action_query){ .scope = ACTIONS_STAFF, .party_id = w.colleague, .today = TODAY };
    check_query(s, &w, &q, "a colleague's actions");
    q.party_id = w.me;
    check_query(s, &w, &q, "my actions, open and closed");
    q.filter = "renouv";
    check_query(s, &w, &q, "my actions filtered by title");

    /* the first open rows really are the overdue ones, most urgent first */
    struct action rows[3] = {0};
    int n = 0;
    struct action_query open = { .scope = ACTIONS_OPEN, .today = TODAY };
    CHECK_INT(store_actions_page(s, &open, PAGE_FIRST, NULL, 3, rows, &n), STORE_OK);
    CHECK_INT(n, 3);
    for (int i = 0; i < n; i++) {
        CHECK(rows[i].due && strcmp(rows[i].due, TODAY) < 0);
        CHECK(i == 0 || rows[i - 1].priority <= rows[i].priority);
        action_clear(&rows[i]);
    }

    close_world(s, &w);
}

TEST(action_counts)
{
    static struct world w;      /* static: 512 actions, kept off the stack */
    store *s = open_world(&w);
    struct action_counts want = {0}, got;
    for (int i = 0; i < w.n; i++) {
        const struct action *a = &w.all[i];
        if (!is_open(a))
            continue;
        bool overdue = a->due && strcmp(a->due, TODAY) < 0;
        bool mine = a->assignee_staff_id == w.me;
        want.open++;
        want.overdue += overdue;
        want.mine_open += mine;
        want.mine_overdue += mine && overdue;
    }
    CHECK_INT(store_action_counts(s, TODAY, &got), STORE_OK);
    CHECK_INT(got.open, want.open);
    CHECK_INT(got.overdue, want.overdue);
    CHECK_INT(got.mine_open, want.mine_open);
    CHECK_INT(got.mine_overdue, want.mine_overdue);
    CHECK(want.mine_overdue > 0 && want.mine_overdue < want.mine_open);
    CHECK(want.overdue < want.open);
    close_world(s, &w);
}

/* The virtual-machine steps of every statement the store ran since the last call:
 * the work done, whatever the plan. */
static int64_t work_done(store *s)
{
    int64_t steps = 0;
    for (int i = 0; i < s->nslots; i++)
        steps += sqlite3_stmt_status(s->slots[i].st, SQLITE_STMTSTATUS_VM_STEP, 1);
    return steps;
}

/* The work of reading the first page, the one after it, the last page and the
 * one before it, in one scope. */
static int64_t page_work(store *s, const struct action_query *q)
{
    struct action rows[10] = {0}, anchor = {0};
    int n = 0;
    work_done(s);
    CHECK_INT(store_actions_page(s, q, PAGE_FIRST, NULL, 10, rows, &n), STORE_OK);
    CHECK(n == 10);
    action_copy(&anchor, &rows[n - 1]);
    for (int i = 0; i < n; i++)
        action_clear(&rows[i]);
    CHECK_INT(store_actions_page(s, q, PAGE_AFTER, &anchor, 10, rows, &n), STORE_OK);
    for (int i = 0; i < n; i++)
        action_clear(&rows[i]);
    action_clear(&anchor);
    CHECK_INT(store_actions_page(s, q, PAGE_LAST, NULL, 10, rows, &n), STORE_OK);
    CHECK(n == 10);
    action_copy(&anchor, &rows[0]);
    for (int i = 0; i < n; i++)
        action_clear(&rows[i]);
    CHECK_INT(store_actions_page(s, q, PAGE_BEFORE, &anchor, 10, rows, &n), STORE_OK);
    for (int i = 0; i < n; i++)
        action_clear(&rows[i]);
    action_clear(&anchor);
    return work_done(s);
}

/* Thousands of actions of other parties and members, open and closed. */
static void add_others(store *s, const struct world *w, int count)
{
    int64_t member = add_member(s, "Ailleurs");
    CHECK_INT(store_begin(s), STORE_OK);
    for (int i = 0; i < count; i++) {
        struct action a = { .member_id = member, .title = xasprintf("Other %d", i),
                            .status = i % 3 ? ASTATUS_OPEN : ASTATUS_DONE,
                            .priority = 1 + i % 4, .due = xstrdup(i % 2 ? "2025-06-01" : NULL) };
        if (i % 4 == 0)
            a.assignee_provider_id = w->other_provider;
        else if (i % 4 == 1)
            a.assignee_staff_id = w->me;
        CHECK_INT(store_action_add(s, &a), STORE_OK);
        action_clear(&a);
    }
    CHECK_INT(store_commit(s), STORE_OK);
}

TEST(party_pages_cost_the_same_whatever_the_table_holds)
{
    static struct world w;
    store *s = open_world(&w);
    struct action_query prov = { .scope = ACTIONS_PROVIDER, .party_id = w.provider,
                                 .today = TODAY };
    struct action_query col = { .scope = ACTIONS_STAFF, .party_id = w.colleague,
                                .today = TODAY };
    int64_t prov_before = page_work(s, &prov), col_before = page_work(s, &col);
    add_others(s, &w, 4000);
    int64_t prov_after = page_work(s, &prov), col_after = page_work(s, &col);
    if (prov_after > prov_before + prov_before / 5 || col_after > col_before + col_before / 5)
        fprintf(stderr, "page work: provider %lld -> %lld, staff %lld -> %lld\n",
                (long long)prov_before, (long long)prov_after, (long long)col_before,
                (long long)col_after);
    CHECK(prov_after <= prov_before + prov_before / 5);
    CHECK(col_after <= col_before + col_before / 5);
    close_world(s, &w);
}

/* ---- words: rare ones read through the trigram indexes, others row by row ----
 * The store reads a word found in few rows (at most 1000: RARE_ACTIONS and
 * RARE_MEMBERS) from the trigram indexes of schema v5 (the gram indexes for one or
 * two letters) and sorts those rows, and
 * walks the list for any other word; both must give every list exactly. */

static void exec_sql(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    char *err = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &err);
    if (rc != SQLITE_OK)
        fprintf(stderr, "%s: %s\n", sql, err ? err : "?");
    sqlite3_free(err);
    CHECK_INT(rc, SQLITE_OK);
    sqlite3_close(db);
}

/* Every scope, in both orders, filtered on word: as a list filter and as a query's
 * free-text term, with and without closed statuses asked.  Returns the rows seen. */
static int check_word_everywhere(store *s, const struct world *w, const char *word,
                                 const char *how)
{
    struct action_where done = { .statuses = (1u << ASTATUS_DONE) | (1u << ASTATUS_OPEN),
                                 .terms = { word } };
    struct action_where term = { .terms = { word, "e" } };
    const struct action_where *wheres[] = { NULL, &term, &done };
    const struct action_query scopes[] = {
        { .scope = ACTIONS_OPEN }, { .scope = ACTIONS_MINE },
        { .scope = ACTIONS_MEMBER, .member_id = w->m1 },
        { .scope = ACTIONS_PROVIDER, .party_id = w->provider },
        { .scope = ACTIONS_STAFF, .party_id = w->me },
    };
    int seen = 0;
    for (size_t i = 0; i < sizeof scopes / sizeof scopes[0]; i++)
        for (int order = ORDER_QUEUE; order <= ORDER_NEWEST; order++)
            for (size_t k = 0; k < sizeof wheres / sizeof wheres[0]; k++) {
                struct action_query q = scopes[i];
                q.today = TODAY;
                q.order = (enum action_order)order;
                q.filter = wheres[k] ? NULL : word;
                q.where = wheres[k];
                char what[160];
                snprintf(what, sizeof what, "%s %s: scope %d, order %d, query %zu", how, word,
                         (int)q.scope, order, k);
                int64_t want[MAXROWS];
                int nwant = expected(w, &q, want);
                struct lister l = { L_ACTIONS, NULL, 0, &q };
                check_both_ways(s, &l, want, nwant, what);
                seen += nwant;
            }
    return seen;
}

/* Closed actions of nobody in particular whose titles hold every trigram of
 * "renouv" but not the word (1001: more than the store reads through them). */
static void crowd_trigrams(store *s)
{
    int64_t member = add_member(s, "Xailleurs");
    CHECK_INT(store_begin(s), STORE_OK);
    for (int i = 0; i < 1001; i++) {
        struct action a = { .member_id = member, .title = xasprintf("xren xeno xnou xouv %d", i),
                            .status = ASTATUS_CANCELLED, .priority = 3 };
        CHECK_INT(store_action_add(s, &a), STORE_OK);
        action_clear(&a);
    }
    CHECK_INT(store_commit(s), STORE_OK);
}

TEST(action_words_rare_and_common_give_the_same_lists)
{
    static struct world w;
    store *s = open_world(&w);
    CHECK(check_word_everywhere(s, &w, "renouv", "rare word") > 20);
    CHECK(check_word_everywhere(s, &w, "PLŒ", "rare member word") > 20);
    CHECK(check_word_everywhere(s, &w, "re", "two letters") > 20);
    CHECK(check_word_everywhere(s, &w, "zorglub", "no row") == 0);
    CHECK(check_word_everywhere(s, &w, "uv", "two rare letters") > 20);
    CHECK(check_word_everywhere(s, &w, "q", "one letter") >= 0);
    crowd_trigrams(s);
    CHECK(check_word_everywhere(s, &w, "renouv", "common trigrams") > 20);
    /* "xren xeno xnou xouv": "re", "no", "ou" and "uv" in more actions than are read
     * through them */
    CHECK(check_word_everywhere(s, &w, "uv", "two common letters") > 20);
    CHECK(check_word_everywhere(s, &w, "re", "two common letters") > 20);
    close_world(s, &w);
}

TEST(member_words_rare_and_common_give_the_same_lists)
{
    const char *path = check_tmpfile("x.db");
    store *s = fixture_open(path, true);
    int64_t ids[MAXROWS], want[MAXROWS];
    seed_members(s, ids);
    static const char *const filters[] = { "ploe", "commune 01", "01", "3", "quimper", "CH",
                                           "X" };
    static const char *const likes[] = { "%ploe%", "%commune 01%", "%01%", "%3%", "%quimper%",
                                         "%ch%", "%x%" };
    for (int round = 0; round < 2; round++) {
        for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++) {
            char sql[160], what[80];
            snprintf(sql, sizeof sql, "SELECT id FROM member WHERE sort_key LIKE '%s'"
                     " ORDER BY sort_key, id", likes[i]);
            int nwant = sql_ids(path, sql, 0, want);
            CHECK(nwant > 0);
            struct lister l = { L_MEMBERS, filters[i], 0, NULL };
            snprintf(what, sizeof what, "members %s (%s)", filters[i],
                     round ? "common trigrams" : "rare");
            check_both_ways(s, &l, want, nwant, what);
        }
        /* Then every trigram of the filters is in more names than are read through
         * it, none holding a filter. */
        CHECK_INT(store_begin(s), STORE_OK);
        for (int k = 0; round == 0 && k < 1001; k++) {
            char name[80];
            snprintf(name, sizeof name, "Plo Loe Com Omm Mmu Une Ne E_0 Qui Uim Imp Mpe Per %d",
                     k + 1000);
            add_member(s, name);
        }
        CHECK_INT(store_commit(s), STORE_OK);
    }
    store_close(s);
}

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The trigram indexes follow every write, the store's and a shell's. */
TEST(filters_follow_renames)
{
    static struct world w;
    store *s = open_world(&w);
    const char *path = check_tmpfile("x.db");
    struct action a = {0};
    CHECK_INT(store_action_get(s, w.all[0].id, &a), STORE_OK);
    free(a.title);
    a.title = xstrdup("Kerzéphyr à rappeler");
    CHECK_INT(store_action_write(s, &a, 1u << ACTION_F_TITLE, a.version), STORE_OK);
    struct member m = {0};
    CHECK_INT(store_member_get(s, w.m2, &m), STORE_OK);
    free(m.name);
    m.name = xstrdup("Lorient Plouzorn");
    CHECK_INT(store_member_write(s, &m, 1u << MEMBER_F_NAME, m.version), STORE_OK);
    struct action_query q = { .scope = ACTIONS_MEMBER, .member_id = a.member_id,
                              .today = TODAY };
    struct action rows[4] = {0};
    int n = 0;
    q.filter = "kerzeph";
    CHECK_INT(store_actions_page(s, &q, PAGE_FIRST, NULL, 4, rows, &n), STORE_OK);
    CHECK_INT(n, 1);
    CHECK_INT(rows[0].id, a.id);
    action_clear(&rows[0]);
    struct member mr[4] = {0};
    CHECK_INT(store_members_page(s, "plouzor", PAGE_FIRST, NULL, 4, mr, &n), STORE_OK);
    CHECK_INT(n, 1);
    CHECK_INT(mr[0].id, w.m2);
    member_clear(&mr[0]);
    CHECK_INT(store_members_page(s, "lorient plo", PAGE_FIRST, NULL, 4, mr, &n), STORE_OK);
    CHECK_INT(n, 1);
    member_clear(&mr[0]);
    /* The member's new name is in its actions' filter column (schema v5's trigger):
     * the open queue filtered on it lists that member's open actions. */
    int64_t want[MAXROWS], got[MAXROWS];
    char sel[160];
    snprintf(sel, sizeof sel, "SELECT id FROM action WHERE member_id = %lld AND status NOT IN"
             " ('done', 'cancelled') ORDER BY id", (long long)w.m2);
    int nwant = sql_ids(path, sel, 0, want);
    CHECK(nwant > 0);
    struct action_query byname = { .scope = ACTIONS_OPEN, .filter = "plouzorn", .today = TODAY };
    struct lister named = { L_ACTIONS, NULL, 0, &byname };
    int ngot = page_all(s, &named, false, 500, got);
    qsort(got, (size_t)ngot, sizeof got[0], cmp_id);
    CHECK(ngot == nwant && memcmp(got, want, (size_t)ngot * sizeof got[0]) == 0);
    /* A shell's writes: the triggers keep the indexes right. */
    char sql[512];
    snprintf(sql, sizeof sql, "UPDATE action SET search = 'zorglub' WHERE id = %lld;"
             "DELETE FROM note; DELETE FROM action WHERE id = (SELECT max(id) FROM action);"
             "INSERT INTO action_tri(action_tri) VALUES ('integrity-check');"
             "INSERT INTO member_tri(member_tri) VALUES ('integrity-check');"
             "INSERT INTO action_gram(action_gram) VALUES ('integrity-check');"
             "INSERT INTO member_gram(member_gram) VALUES ('integrity-check');",
             (long long)w.all[0].id);
    exec_sql(path, sql);
    q.scope = ACTIONS_OPEN;
    q.filter = "zorglub";
    CHECK_INT(store_actions_page(s, &q, PAGE_FIRST, NULL, 4, rows, &n), STORE_OK);
    CHECK_INT(n, 1);
    CHECK_INT(rows[0].id, w.all[0].id);
    action_clear(&rows[0]);
    q.filter = "gl";               /* two letters: the grams follow the shell too */
    CHECK_INT(store_actions_page(s, &q, PAGE_FIRST, NULL, 4, rows, &n), STORE_OK);
    CHECK_INT(n, 1);
    CHECK_INT(rows[0].id, w.all[0].id);
    action_clear(&rows[0]);
    q.filter = "kerzeph";          /* renamed by the shell: gone */
    CHECK_INT(store_actions_page(s, &q, PAGE_FIRST, NULL, 4, rows, &n), STORE_OK);
    CHECK_INT(n, 0);
    q.filter = "ky";
    CHECK_INT(store_actions_page(s, &q, PAGE_FIRST, NULL, 4, rows, &n), STORE_OK);
    CHECK_INT(n, 0);
    /* A member renamed by the shell: its actions follow (the trigger). */
    snprintf(sql, sizeof sql, "UPDATE member SET name = 'Trezwog', sort_key = 'trezwog'"
             " WHERE id = %lld", (long long)w.m2);
    exec_sql(path, sql);
    byname.filter = "trezwo";
    CHECK_INT(page_all(s, &named, true, 3, got), nwant);
    byname.filter = "plouzorn";
    CHECK_INT(page_all(s, &named, false, 3, got), 0);
    action_clear(&a);
    member_clear(&m);
    close_world(s, &w);
}

/* A page of one member's actions, or filtered on a rare word, costs the same
 * whatever else the table holds. */
TEST(member_and_rare_word_pages_cost_the_same)
{
    static struct world w;
    store *s = open_world(&w);
    struct action_query member = { .scope = ACTIONS_MEMBER, .member_id = w.m1, .today = TODAY };
    struct action_query word = { .scope = ACTIONS_OPEN, .filter = "renouv", .today = TODAY };
    struct action_query letters = { .scope = ACTIONS_OPEN, .filter = "uv", .today = TODAY };
    int64_t member_before = page_work(s, &member), word_before = page_work(s, &word);
    int64_t letters_before = page_work(s, &letters);
    /* Thousands more actions: the member's own (open and closed), and others'. */
    CHECK_INT(store_begin(s), STORE_OK);
    for (int i = 0; i < 4000; i++) {
        struct action a = { .member_id = i % 2 ? w.m1 : w.m2, .title = xasprintf("Autre %d", i),
                            .status = i % 3 ? ASTATUS_DONE : ASTATUS_OPEN,
                            .priority = 1 + i % 4, .due = xstrdup(i % 5 ? "2025-06-01" : NULL) };
        CHECK_INT(store_action_add(s, &a), STORE_OK);
        action_clear(&a);
    }
    CHECK_INT(store_commit(s), STORE_OK);
    int64_t member_after = page_work(s, &member), word_after = page_work(s, &word);
    int64_t letters_after = page_work(s, &letters);
    if (member_after > member_before * 2 || word_after > word_before * 2 ||
        letters_after > letters_before * 2)
        fprintf(stderr, "page work: member %lld -> %lld, rare word %lld -> %lld,"
                " two letters %lld -> %lld\n", (long long)member_before,
                (long long)member_after, (long long)word_before, (long long)word_after,
                (long long)letters_before, (long long)letters_after);
    CHECK(member_after <= member_before * 2);
    CHECK(word_after <= word_before * 2);
    CHECK(letters_after <= letters_before * 2);
    close_world(s, &w);
}

TESTS(T(members_page_both_ways), T(member_filters_fold_and_match_literally),
      T(member_rows_count_open_actions), T(timeline_pages_newest_first),
      T(action_queue_pages_both_ways), T(action_counts),
      T(party_pages_cost_the_same_whatever_the_table_holds),
      T(action_words_rare_and_common_give_the_same_lists),
      T(member_words_rare_and_common_give_the_same_lists), T(filters_follow_renames),
      T(member_and_rare_word_pages_cost_the_same))
