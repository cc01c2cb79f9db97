/* stats_period — see stats.h (store_stats_period): the period's interactions read
 * once, from interaction_by_time alone, and counted here by kind and week and by
 * member; then the members, each one's counts added to its département and its
 * EPCI.  In SQL both were a GROUP BY over every interaction of the period, each
 * one sorting them (by kind and Monday, by member): 0.9 s of the 1.3 s a year's
 * report took at region scale (500,000 interactions a year); one pass takes about
 * 0.1 s.  The figures are the ones the SQL gave: a row's week is the Monday on or
 * before its day (as date(d, '-6 days', 'weekday 1') said), found by comparing the
 * stored text "YYYY-MM-DD HH:MM:SS" with the weeks' first days. */
#include "suivi/store/stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "suivi/base/i18n.h"
#include "suivi/base/timeutil.h"
#include "suivi/base/xalloc.h"

/* In the index's order, so that the rows of one week follow each other. */
static const char SQL_PERIOD[] =
    "SELECT occurred_at, kind, member_id FROM interaction"
    " WHERE occurred_at >= ?1 AND occurred_at < ?2 ORDER BY occurred_at";
/* From action_member_open (partial: open ones only), in member order. */
static const char SQL_OPEN_BY_MEMBER[] =
    "SELECT member_id, count(*) FROM action WHERE " SQL_IS_OPEN("status")
    " GROUP BY member_id ORDER BY member_id";
/* An EPCI counts for itself, any other member for its parent (a commune's EPCI).
 * From member_areas alone (schema v10), in its order (by département): the
 * table's rows cost twice as much to read. */
static const char SQL_MEMBERS[] =
    "SELECT id, departement, kind = 'epci', parent_id,"
    " CASE WHEN kind = 'epci' THEN name END FROM member";

/* ---- counts by member: ids sorted, then as (id, count) runs ---- */

/* A hash table updated per interaction missed the cache at every row (8% of the
 * year's report): the ids are appended as they come, sorted once, counted in runs,
 * and found by halves for each member. */
struct counts {
    int64_t *id, *n;
    size_t len, cap;
};

static void counts_push(struct counts *c, int64_t id, int64_t n)
{
    if (c->len == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 4096;
        c->id = xreallocarray(c->id, c->cap, sizeof *c->id);
        c->n = xreallocarray(c->n, c->cap, sizeof *c->n);
    }
    c->id[c->len] = id;
    c->n[c->len++] = n;
}

/* Ascending as signed integers (SQL's order): by radix, a byte at a time, the sign
 * bit flipped; a byte the same in every id is skipped (ids are small). */
static void sort_ids(int64_t *v, size_t n)
{
    uint64_t *u = (uint64_t *)v, *tmp = xcalloc(n + 1, sizeof *tmp), *from = u, *to = tmp;
    for (size_t i = 0; i < n; i++)
        u[i] ^= UINT64_C(1) << 63;
    for (int shift = 0; shift < 64; shift += 8) {
        size_t count[256] = {0};
        for (size_t i = 0; i < n; i++)
            count[from[i] >> shift & 0xff]++;
        if (n == 0 || count[from[0] >> shift & 0xff] == n)
            continue;
        for (size_t b = 0, sum = 0; b < 256; b++) {
            size_t c = count[b];
            count[b] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++)
            to[count[from[i] >> shift & 0xff]++] = from[i];
        uint64_t *t = from;
        from = to;
        to = t;
    }
    if (from != u)
        memcpy(u, from, n * sizeof *u);
    for (size_t i = 0; i < n; i++)
        u[i] ^= UINT64_C(1) << 63;
    free(tmp);
}

/* The ids appended once each (n: 0), sorted and counted: each id once, its count. */
static void count_runs(struct counts *c)
{
    sort_ids(c->id, c->len);
    size_t k = 0;
    for (size_t i = 0; i < c->len; k++) {
        size_t j = i;
        while (j < c->len && c->id[j] == c->id[i])
            j++;
        c->id[k] = c->id[i];
        c->n[k] = (int64_t)(j - i);
        i = j;
    }
    c->len = k;
}

/* The count of id; 0 when none. */
static int64_t count_of(const struct counts *c, int64_t id)
{
    size_t lo = 0, hi = c->len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->id[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < c->len && c->id[lo] == id ? c->n[lo] : 0;
}

static void counts_free(struct counts *c)
{
    free(c->id);
    free(c->n);
}

/* ---- the roll-ups, by EPCI or parent: an open-addressing hash table ---- */

struct rollup {
    int64_t id;
    int64_t open, said;            /* as the EPCI it is: its own and its communes' */
    int64_t children;              /* members whose parent it is */
    bool used, rolled;             /* rolled: open and said were added to */
};

struct rollups {
    struct rollup *t;
    size_t cap, n;                 /* cap: a power of two, at most half full */
};

static size_t slot_of(const struct rollups *h, int64_t id)
{
    size_t i = (size_t)((uint64_t)id * UINT64_C(0x9E3779B97F4A7C15) >> 32) & (h->cap - 1);
    while (h->t[i].used && h->t[i].id != id)
        i = (i + 1) & (h->cap - 1);
    return i;
}

static void grow(struct rollups *h)
{
    struct rollups bigger = { xcalloc(h->cap ? h->cap * 2 : 1024, sizeof *h->t),
                              h->cap ? h->cap * 2 : 1024, h->n };
    for (size_t i = 0; i < h->cap; i++)
        if (h->t[i].used)
            bigger.t[slot_of(&bigger, h->t[i].id)] = h->t[i];
    free(h->t);
    *h = bigger;
}

/* id's roll-up, added at 0 when new (the pointer lasts until the next call). */
static struct rollup *rollup_of(struct rollups *h, int64_t id)
{
    if (2 * (h->n + 1) > h->cap)
        grow(h);
    struct rollup *r = &h->t[slot_of(h, id)];
    if (!r->used) {
        *r = (struct rollup){ .id = id, .used = true };
        h->n++;
    }
    return r;
}

static const struct rollup *rollup_find(const struct rollups *h, int64_t id)
{
    if (!h->cap)
        return NULL;
    const struct rollup *r = &h->t[slot_of(h, id)];
    return r->used ? r : NULL;
}

/* ---- the kinds and weeks ---- */

#define KIND_SLOTS 64               /* a kind's index by its text's hash, -1 none */

struct weeks {
    int n;                          /* weeks */
    char (*first)[DATE_ISO_LEN];    /* each one's first day in the period, n + 1 (to) */
    char (*monday)[DATE_ISO_LEN];   /* its Monday: its label */
    int nkinds, capkinds;
    char **kind;
    int64_t **count;                /* [kind][week] */
    int slot[KIND_SLOTS];
    int at;                         /* the week of the last row */
};

/* The Monday on or before from, then every 7 days before to, as report_weeks. */
static void weeks_make(struct weeks *w, const char *from, const char *to)
{
    memset(w, 0, sizeof *w);
    memset(w->slot, -1, sizeof w->slot);
    char day[DATE_ISO_LEN];
    int back = date_weekday(from);
    if (back < 0 || date_add_days(from, -back, day) != 0)
        snprintf(day, sizeof day, "%s", from);      /* periods are checked dates */
    int cap = 0;
    do {
        if (w->n + 1 >= cap) {
            cap = cap ? cap * 2 : 64;
            w->first = xreallocarray(w->first, (size_t)cap, sizeof *w->first);
            w->monday = xreallocarray(w->monday, (size_t)cap, sizeof *w->monday);
        }
        snprintf(w->monday[w->n], DATE_ISO_LEN, "%s", day);
        snprintf(w->first[w->n], DATE_ISO_LEN, "%s", w->n ? day : from);
        w->n++;
    } while (date_add_days(w->monday[w->n - 1], 7, day) == 0 && strcmp(day, to) < 0);
    snprintf(w->first[w->n], DATE_ISO_LEN, "%s", to);
}

/* The week of a time in the period: the last row's or a later one (the rows come
 * in order; from the first week if not). */
static int week_of(struct weeks *w, const char *at)
{
    int k = strcmp(at, w->first[w->at]) >= 0 ? w->at : 0;
    while (k + 1 < w->n && strcmp(at, w->first[k + 1]) >= 0)
        k++;
    return w->at = k;
}

/* A kind's counts by week, added when new: found by its hash, then compared once. */
static int64_t *kind_counts(struct weeks *w, const char *kind)
{
    unsigned h = 2166136261u;
    for (const unsigned char *c = (const unsigned char *)kind; *c; c++)
        h = (h ^ *c) * 16777619u;
    for (unsigned i = h % KIND_SLOTS, probes = 0; probes < KIND_SLOTS;
         i = (i + 1) % KIND_SLOTS, probes++) {
        if (w->slot[i] >= 0 && strcmp(w->kind[w->slot[i]], kind) == 0)
            return w->count[w->slot[i]];
        if (w->slot[i] < 0 && w->nkinds < KIND_SLOTS / 2) {
            w->slot[i] = w->nkinds;
            break;
        }
    }
    for (int i = 0; i < w->nkinds; i++)         /* more kinds than slots: by name */
        if (strcmp(w->kind[i], kind) == 0)
            return w->count[i];
    if (w->nkinds == w->capkinds) {
        w->capkinds = w->capkinds ? w->capkinds * 2 : 16;
        w->kind = xreallocarray(w->kind, (size_t)w->capkinds, sizeof *w->kind);
        w->count = xreallocarray(w->count, (size_t)w->capkinds, sizeof *w->count);
    }
    w->kind[w->nkinds] = xstrdup(kind);
    w->count[w->nkinds] = xcalloc((size_t)w->n, sizeof **w->count);
    return w->count[w->nkinds++];
}

static int by_label(const void *x, const void *y)
{
    const char *a = ((const struct stat_row *)x)->label;
    const char *b = ((const struct stat_row *)y)->label;
    return !a ? (b ? -1 : 0) : !b ? 1 : strcmp(a, b);
}

/* qsort, but not of an empty array: a NULL one (no row read) is undefined for it. */
static void sort_rows(void *rows, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    if (n > 1)
        qsort(rows, n, size, cmp);
}

/* "kind\tMonday" rows of the weeks with some, by label, as SQL's ORDER BY did. */
static void weeks_rows(const struct weeks *w, struct period_stats *out)
{
    int n = 0;
    for (int i = 0; i < w->nkinds; i++)
        for (int k = 0; k < w->n; k++)
            n += w->count[i][k] > 0;
    out->kind_weeks = xcalloc((size_t)n + 1, sizeof *out->kind_weeks);
    for (int i = 0; i < w->nkinds; i++)
        for (int k = 0; k < w->n; k++)
            if (w->count[i][k] > 0)
                out->kind_weeks[out->nkind_weeks++] = (struct stat_row){
                    .label = xasprintf("%s\t%s", w->kind[i], w->monday[k]),
                    .a = w->count[i][k] };
    sort_rows(out->kind_weeks, (size_t)out->nkind_weeks, sizeof *out->kind_weeks, by_label);
}

static void weeks_free(struct weeks *w)
{
    for (int i = 0; i < w->nkinds; i++) {
        free(w->kind[i]);
        free(w->count[i]);
    }
    free(w->kind);
    free(w->count);
    free(w->first);
    free(w->monday);
}

/* ---- reading ---- */

struct pass {
    struct weeks weeks;
    struct counts said, open;       /* by member: interactions, open actions */
    struct rollups up;
    struct stat_row *deps, *epcis;  /* as in period_stats, being counted */
    int ndeps, nepcis, capdeps, capepcis;
    int lastdep;                    /* the département of the last member */
};

/* Each row of a bound statement to fn, then reset: a store rc. */
static int each_row(store *s, sqlite3_stmt *st, int bind_rc, struct pass *p,
                    void (*fn)(sqlite3_stmt *st, struct pass *p))
{
    if (db_bind_check(s, st, bind_rc) != STORE_OK)
        return STORE_ERROR;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        fn(st, p);
    int out = rc == SQLITE_DONE ? STORE_OK : db_fail(s, rc, _("reading the figures"));
    db_reset(st);
    return out;
}

static void count_interaction(sqlite3_stmt *st, struct pass *p)
{
    const char *at = (const char *)sqlite3_column_text(st, 0);
    const char *kind = (const char *)sqlite3_column_text(st, 1);
    if (!at || !kind)
        return;                     /* NOT NULL columns: only out of memory */
    kind_counts(&p->weeks, kind)[week_of(&p->weeks, at)]++;
    counts_push(&p->said, sqlite3_column_int64(st, 2), 0);
}

static void count_open(sqlite3_stmt *st, struct pass *p)
{
    counts_push(&p->open, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1));
}

static bool same_text(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* The row of a département, added when new: a hundred of them, the last one's
 * first (the members come by département). */
static struct stat_row *dep_of(struct pass *p, const char *code)
{
    if (p->lastdep < p->ndeps && same_text(p->deps[p->lastdep].label, code))
        return &p->deps[p->lastdep];
    for (p->lastdep = 0; p->lastdep < p->ndeps; p->lastdep++)
        if (same_text(p->deps[p->lastdep].label, code))
            return &p->deps[p->lastdep];
    struct stat_row *d = db_array_push((void **)&p->deps, &p->ndeps, &p->capdeps,
                                       sizeof *d);
    d->label = code ? xstrdup(code) : NULL;
    return d;
}

static void count_member(sqlite3_stmt *st, struct pass *p)
{
    int64_t id = sqlite3_column_int64(st, 0);
    bool epci = sqlite3_column_int(st, 2) != 0;
    bool parent = sqlite3_column_type(st, 3) != SQLITE_NULL;
    int64_t parent_id = sqlite3_column_int64(st, 3);
    struct stat_row *d = dep_of(p, (const char *)sqlite3_column_text(st, 1));
    int64_t open = count_of(&p->open, id), said = count_of(&p->said, id);
    d->c++;
    d->a += open;
    d->b += said;
    if ((open || said) && (epci || parent)) {
        struct rollup *e = rollup_of(&p->up, epci ? id : parent_id);
        e->open += open;
        e->said += said;
        e->rolled = true;
    }
    if (parent)
        rollup_of(&p->up, parent_id)->children++;
    if (epci) {
        struct stat_row *e = db_array_push((void **)&p->epcis, &p->nepcis, &p->capepcis,
                                           sizeof *e);
        *e = (struct stat_row){ .label = db_col_text(st, 4), .id = id };
    }
}

static int by_id(const void *x, const void *y)
{
    const struct stat_row *a = x, *b = y;
    return (a->id > b->id) - (a->id < b->id);
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

/* The EPCIs with something open or said, their figures from the roll-ups, the
 * most open first from the order of their ids (as the SQL grouped them: ties sort
 * the same); the départements' members in id and c (for the CSV). */
static void finish_areas(struct pass *p, struct period_stats *out)
{
    sort_rows(p->epcis, (size_t)p->nepcis, sizeof *p->epcis, by_id);
    int k = 0;
    for (int i = 0; i < p->nepcis; i++) {
        const struct rollup *r = rollup_find(&p->up, p->epcis[i].id);
        if (r && r->rolled) {
            p->epcis[i].a = r->open;
            p->epcis[i].b = r->said;
            p->epcis[i].c = r->children;
            p->epcis[k++] = p->epcis[i];
        } else {
            free(p->epcis[i].label);
        }
    }
    for (int i = 0; i < p->ndeps; i++)
        p->deps[i].id = p->deps[i].c;
    sort_rows(p->deps, (size_t)p->ndeps, sizeof *p->deps, by_label);
    sort_rows(p->epcis, (size_t)k, sizeof *p->epcis, by_open);
    out->deps = p->deps;
    out->ndeps = p->ndeps;
    out->epcis = p->epcis;
    out->nepcis = k;
    p->deps = p->epcis = NULL;
    p->ndeps = p->nepcis = 0;
}

static int read_rows(store *s, const char *sql, const char *from, const char *to,
                     struct pass *p, void (*fn)(sqlite3_stmt *st, struct pass *p))
{
    sqlite3_stmt *st = db_stmt(s, sql);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    if (from)
        db_bind_text(st, 1, from, &rc);
    if (to)
        db_bind_text(st, 2, to, &rc);
    return each_row(s, st, rc, p, fn);
}

int store_stats_period(store *s, const char *from, const char *to, struct period_stats *out)
{
    memset(out, 0, sizeof *out);
    if (db_provider_only(s))
        return STORE_OK;            /* a provider's login sees no one's figures */
    struct pass p = {0};
    weeks_make(&p.weeks, from, to);
    int rc = read_rows(s, SQL_PERIOD, from, to, &p, count_interaction);
    if (rc == STORE_OK) {
        count_runs(&p.said);
        rc = read_rows(s, SQL_OPEN_BY_MEMBER, NULL, NULL, &p, count_open);
    }
    if (rc == STORE_OK)
        rc = read_rows(s, SQL_MEMBERS, NULL, NULL, &p, count_member);
    if (rc == STORE_OK) {
        weeks_rows(&p.weeks, out);
        finish_areas(&p, out);
    }
    weeks_free(&p.weeks);
    counts_free(&p.said);
    counts_free(&p.open);
    free(p.up.t);
    stat_rows_free(p.deps, p.ndeps);
    stat_rows_free(p.epcis, p.nepcis);
    return rc;
}
