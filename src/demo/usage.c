/* usage — the services each member subscribes to and 24 months of its monthly
 * figures, consistent with its journey (journey.c):
 *   - a member subscribes when its convention is signed, a few services a little
 *     later, under the convention's reference (CONV-2024-0123; certificates are
 *     often ordered without one); before that (prospect, joining, refused) it has
 *     none; one that left or merged has them end on the day it did;
 *   - its figures start the month of its first use (with the service that step
 *     names, the others over the next months), grow to steady ones by the time it
 *     is in regular use, with a trend and the seasons (August is quiet, budgets are
 *     voted in spring, accounts closed in January), and stop when it left (falling
 *     off before); none before its first use, so those trained or not yet have
 *     subscriptions and no use;
 *   - a few in regular use never use one of their services, and a few small ones
 *     have many incidents (history.c, from trouble_from) and use little;
 *   - as in an import file, a month without use has no figure; each month is
 *     imported early the next one (store_usage_put: one audit row a month), the
 *     current month so far just before now.
 * Figures are in thousandths while computed, and rounded at random (a mean of 0.3
 * tenders a month gives a tender now and then), all from the generator's PRNG. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "suivi/base/i18n.h"
#include "suivi/base/xalloc.h"
#include "suivi/store/usage.h"

#define USAGE_MONTHS 24
#define TROUBLED     5        /* members with many incidents and little use */
#define TROUBLE_USE  100      /* their figures, per mille of the others' */
#define UNUSED_PCT   12       /* of the members in regular use: a service never used */

enum svc { SV_MARCHES, SV_ACTES, SV_FLUX, SV_PARAPHEUR, SV_ARCHIVAGE, SV_OPENDATA,
           SV_CERTIFICATS, SV_COUNT };

/* The codes of the catalogue (schema v7); one missing from it is left out. */
static const char *const svc_codes[SV_COUNT] = {
    "marches", "actes", "flux_comptables", "parapheur", "archivage", "opendata", "certificats",
};

/* Who subscribes to what (%), by kind: Région, département, EPCI, commune, CCAS,
 * hospital, other body. */
static const int sub_pct[SV_COUNT][MEMBER_KIND_COUNT] = {
    [SV_MARCHES]     = { 100, 100, 100, 55, 15, 90, 60 },
    [SV_ACTES]       = { 100, 100, 100, 95, 40, 70, 60 },
    [SV_FLUX]        = {  80,  80,  85, 70, 60, 60, 40 },
    [SV_PARAPHEUR]   = { 100, 100,  95, 75, 50, 80, 60 },
    [SV_ARCHIVAGE]   = { 100, 100,  80, 35, 20, 60, 40 },
    [SV_OPENDATA]    = { 100, 100,  50, 10,  0,  5, 20 },
    [SV_CERTIFICATS] = { 100, 100,  95, 85, 60, 90, 70 },
};

/* Steady monthly figures in thousandths, from the smallest member of a kind to the
 * largest: acts transmitted, tenders published, accounting flows, signatures,
 * documents archived, data sets published, certificates renewed (each lasts two
 * years: a member holding n renews n/24 a month). */
struct span { int lo, hi; };
static const struct span steady[SV_COUNT][MEMBER_KIND_COUNT] = {
    [SV_MARCHES] = { {7000, 10000}, {6000, 10000}, {2000, 7000}, {300, 3000}, {200, 1000},
                     {2000, 6000}, {500, 3000} },
    [SV_ACTES] = { {250000, 450000}, {150000, 350000}, {40000, 150000}, {5000, 60000},
                   {3000, 12000}, {10000, 40000}, {5000, 25000} },
    [SV_FLUX] = { {22000, 28000}, {20000, 28000}, {8000, 22000}, {1000, 8000}, {1000, 4000},
                  {12000, 25000}, {2000, 10000} },
    [SV_PARAPHEUR] = { {120000, 170000}, {100000, 170000}, {30000, 120000}, {5000, 40000},
                       {5000, 15000}, {20000, 80000}, {5000, 30000} },
    [SV_ARCHIVAGE] = { {250000, 420000}, {200000, 420000}, {40000, 250000}, {2000, 60000},
                       {1000, 20000}, {50000, 200000}, {5000, 60000} },
    [SV_OPENDATA] = { {8000, 16000}, {5000, 15000}, {1000, 6000}, {100, 1500}, {100, 500},
                      {200, 1000}, {500, 3000} },
    [SV_CERTIFICATS] = { {830, 1670}, {625, 1670}, {170, 500}, {83, 170}, {42, 125},
                         {170, 420}, {83, 210} },
};

/* The most a month may hold. */
static const int most[SV_COUNT] = { 10, 600, 30, 200, 500, 20, 40 };

/* The seasons, per mille, January to December. */
static const int season[SV_COUNT][12] = {
    [SV_MARCHES]     = { 900, 1000, 1150, 1150, 1050, 1100, 900, 450, 1050, 1150, 1100, 900 },
    [SV_ACTES]       = { 950, 1000, 1250, 1200, 950, 1050, 900, 500, 950, 1050, 1000, 1250 },
    [SV_FLUX]        = { 1350, 1000, 1100, 1050, 950, 1000, 900, 650, 950, 1000, 1000, 1300 },
    [SV_PARAPHEUR]   = { 1000, 1000, 1150, 1100, 950, 1100, 850, 550, 1000, 1050, 1050, 1200 },
    [SV_ARCHIVAGE]   = { 1400, 1000, 1000, 950, 950, 1050, 900, 600, 950, 1000, 1000, 1200 },
    [SV_OPENDATA]    = { 1000, 1000, 1050, 1050, 1000, 1050, 900, 700, 1000, 1050, 1050, 1100 },
    [SV_CERTIFICATS] = { 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000 },
};

/* The service a member's use begins with, when its first use names none. */
static const enum svc first_choice[SV_COUNT] = {
    SV_ACTES, SV_PARAPHEUR, SV_MARCHES, SV_FLUX, SV_ARCHIVAGE, SV_CERTIFICATS, SV_OPENDATA,
};

struct plan_sub {
    enum svc svc;
    int64_t since_t;
    char since[DATE_ISO_LEN], until[DATE_ISO_LEN];   /* until "": still subscribed */
    bool referenced;                                 /* under the member's convention */
};

struct plan_member { struct plan_sub subs[SV_COUNT]; int n, first; };

struct gen_usage {
    int64_t service_ids[SV_COUNT];      /* 0: not in the catalogue */
    struct plan_member *members;        /* as g->members */
    struct usage_put *rows;             /* by month, then member and service */
    int nrows, cap, next;               /* next: the first not yet written */
    int first, last;                    /* months of the figures: year * 12 + month - 1 */
    int64_t imported[USAGE_MONTHS];     /* when each month is imported */
    int conv_year, conv_seq;            /* the last convention's reference */
};

/* ---- months ----------------------------------------------------------------------- */

static int month_of(int64_t t)
{
    char d[DATE_ISO_LEN];
    gen_utc_date(t, d);
    return atoi(d) * 12 + atoi(d + 5) - 1;
}

static int mday_of(int64_t t)
{
    char d[DATE_ISO_LEN];
    gen_utc_date(t, d);
    return atoi(d + 8);
}

static int days_in(int month)
{
    static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int y = month / 12, m = month % 12;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return days[m] + (m == 1 && leap);
}

static void month_text(int month, char out[MONTH_LEN])
{
    unsigned m = month > 0 ? (unsigned)month : 0u;
    snprintf(out, MONTH_LEN, "%04u-%02u", m / 12 % 10000u, m % 12 + 1);
}

/* Early in the next month, in office hours, on a working day; the last months
 * (those not over yet) just before now, in order. */
static int64_t import_instant(struct gen *g, int month, int k)
{
    char iso[TIME_ISO_LEN + 8], next[MONTH_LEN];
    month_text(month + 1, next);
    snprintf(iso, sizeof iso, "%s-01 00:00:00", next);
    int64_t t = 0;
    if (time_from_iso(iso, &t) != 0)
        t = g->now;
    int64_t day = t / DAY + gen_range(g, 1, 5);
    int dow = (int)((day + 4) % 7);             /* 1970-01-01 was a Thursday; 0 = Sunday */
    day += dow == 0 ? 1 : dow == 6 ? 2 : 0;
    t = day * DAY + 7 * 3600 + gen_below(g, 3 * 3600);
    int64_t latest = g->now - 3600 - (int64_t)(USAGE_MONTHS - k) * 60;
    return t < latest ? t : latest;
}

/* ---- planning --------------------------------------------------------------------- */

/* A few small members in use for the last year or so have many incidents and use
 * little: history.c gives them the incidents. */
static void pick_troubled(struct gen *g, const struct gen_dates *d)
{
    int *pool = xcalloc((size_t)g->nmembers + 1, sizeof *pool), n = 0;
    for (int i = 0; i < g->nmembers; i++) {
        enum member_kind kind = g->members[i].kind;
        bool small = kind == MEMBER_COMMUNE || kind == MEMBER_CCAS || kind == MEMBER_OTHER;
        if (small && !d[i].exit && d[i].first_use && d[i].first_use < g->now - 300 * DAY)
            pool[n++] = i;
    }
    for (int k = 0; k < TROUBLED && n > 0; k++) {
        int j = gen_below(g, n);
        g->members[pool[j]].trouble_from = d[pool[j]].first_use;
        pool[j] = pool[--n];
    }
    free(pool);
}

static void plan_subscriptions(struct gen *g, int member, const struct gen_dates *d)
{
    struct gen_usage *u = g->usage;
    struct plan_member *pm = &u->members[member];
    const struct gen_member *m = &g->members[member];
    if (!d->convention)
        return;
    bool want[SV_COUNT];
    int first = -1;
    for (int k = 0; k < SV_COUNT; k++) {
        want[k] = u->service_ids[k] && gen_pct(g, sub_pct[k][m->kind]);
        if (d->first_code && strcmp(d->first_code, svc_codes[k]) == 0 && u->service_ids[k])
            want[first = k] = true;             /* its first use was of this one */
    }
    for (int k = 0; k < SV_COUNT && first < 0; k++)
        if (want[first_choice[k]])
            first = first_choice[k];
    for (int k = 0; k < SV_COUNT && first < 0; k++)   /* none drawn: the likeliest */
        if (u->service_ids[first_choice[k]])
            want[first = first_choice[k]] = true;
    pm->first = -1;
    for (int k = 0; k < SV_COUNT; k++) {
        if (!want[k])
            continue;
        struct plan_sub *p = &pm->subs[pm->n];
        int late = k == first ? 0
                 : k == SV_ARCHIVAGE || k == SV_OPENDATA ? (gen_pct(g, 60) ? gen_range(g, 20, 150) : 0)
                 : gen_pct(g, 30) ? gen_range(g, 1, 45) : 0;
        p->svc = (enum svc)k;
        p->since_t = d->convention + (int64_t)late * DAY;
        if (p->since_t > g->now - DAY || (d->exit && p->since_t >= d->exit))
            p->since_t = d->convention;
        gen_utc_date(p->since_t, p->since);
        p->until[0] = '\0';
        if (d->exit)
            gen_utc_date(d->exit, p->until);
        p->referenced = k != SV_CERTIFICATS || gen_pct(g, 60);
        if (k == first)
            pm->first = pm->n;
        pm->n++;
    }
}

static void add_row(struct gen_usage *u, int64_t member_id, enum svc k, int month, int64_t count)
{
    if (u->nrows == u->cap) {
        u->cap = u->cap ? u->cap * 2 : 4096;
        u->rows = xreallocarray(u->rows, (size_t)u->cap, sizeof *u->rows);
    }
    struct usage_put *r = &u->rows[u->nrows++];
    r->member_id = member_id;
    r->service_id = u->service_ids[k];
    month_text(month, r->month);
    r->count = count;
}

/* What the member's size and the journey make of a service, month by month. */
struct use_of {
    const struct gen_dates *d;
    int start, end;             /* months of its use */
    int ramp;                   /* months to steady figures */
    int size;                   /* 0..1000: the smallest of its kind to the largest */
    int scale;                  /* per mille */
};

static int64_t one_month(struct gen *g, const struct use_of *o, enum member_kind kind,
                         enum svc k, int growth, int month)
{
    const struct gen_usage *u = g->usage;
    const struct span *sp = &steady[k][kind];
    int64_t x = sp->lo + (int64_t)(sp->hi - sp->lo) * o->size / 1000;
    x = x * o->scale / 1000 * season[k][month % 12] / 1000;
    x = x * (1000 + (int64_t)growth * (month - u->last) / 12) / 1000;
    int age = month - o->start;
    if (age < o->ramp)
        x = x * (age + 1) / (o->ramp + 1);
    if (o->d->exit && o->d->left && o->end - month < 4)      /* falling off before it left */
        x = x * (o->end - month + 1) / 5;
    if (month == u->last)
        x = x * mday_of(g->now) / days_in(month);
    if (o->d->exit && month == month_of(o->d->exit))
        x = x * mday_of(o->d->exit) / days_in(month);
    x = x * gen_range(g, 750, 1250) / 1000;
    if (k == SV_ARCHIVAGE)                                   /* transfers now and then */
        x = gen_pct(g, 45) ? x * 22 / 10 : 0;
    int64_t c = x / 1000 + (gen_below(g, 1000) < x % 1000);
    return c < most[k] ? c : most[k];
}

static void plan_figures(struct gen *g, int member, const struct gen_dates *d)
{
    struct gen_usage *u = g->usage;
    struct plan_member *pm = &u->members[member];
    const struct gen_member *m = &g->members[member];
    if (!d->first_use || !pm->n || pm->first < 0)
        return;
    int f = month_of(d->first_use);
    struct use_of o = { .d = d, .end = d->exit ? month_of(d->exit) : u->last, .ramp = 4,
                        .scale = m->trouble_from ? TROUBLE_USE : 1000 };
    if (o.end > u->last)
        o.end = u->last;
    if (d->regular) {
        int r = month_of(d->regular) - f + 1;
        o.ramp = r < 2 ? 2 : r > 8 ? 8 : r;
    }
    int r = gen_below(g, 1000);
    o.size = m->trouble_from ? gen_below(g, 200)
           : m->kind == MEMBER_COMMUNE ? r * r / 1000 : r;      /* most communes are small */
    int unused = -1;
    if (!m->trouble_from && d->regular && !d->exit && pm->n > 1 && gen_pct(g, UNUSED_PCT))
        unused = (pm->first + 1 + gen_below(g, pm->n - 1)) % pm->n;
    for (int j = 0; j < pm->n; j++) {
        if (j == unused)
            continue;
        enum svc k = pm->subs[j].svc;
        int offset = j == pm->first || gen_pct(g, 60) ? 0 : gen_range(g, 1, 5);
        o.start = f + offset < o.end ? f + offset : o.end;
        int since = month_of(pm->subs[j].since_t);
        if (o.start < since)
            o.start = since;
        int growth = gen_range(g, -40, 180);                 /* per mille a year */
        int64_t counts[USAGE_MONTHS] = {0};
        int from = o.start > u->first ? o.start : u->first;
        for (int month = from; month <= o.end; month++)
            counts[month - u->first] = one_month(g, &o, m->kind, k, growth, month);
        if (j == pm->first && f >= u->first && f <= o.end && counts[f - u->first] == 0)
            counts[f - u->first] = 1;                        /* the first use is a use */
        /* In use: some use in the last year (its flag is for those never used). */
        int lo = u->last - 11 > from ? u->last - 11 : from;
        int64_t year = 0;
        for (int month = lo; month <= o.end; month++)
            year += counts[month - u->first];
        if (lo <= o.end && year == 0)
            counts[gen_range(g, lo, o.end) - u->first] = 1;
        for (int month = from; month <= o.end; month++)
            if (counts[month - u->first] > 0)
                add_row(u, m->id, k, month, counts[month - u->first]);
    }
}

static int cmp_row(const void *a, const void *b)
{
    const struct usage_put *x = a, *y = b;
    int c = strcmp(x->month, y->month);
    if (c)
        return c;
    if (x->member_id != y->member_id)
        return (x->member_id > y->member_id) - (x->member_id < y->member_id);
    return (x->service_id > y->service_id) - (x->service_id < y->service_id);
}

int gen_plan_usage(struct gen *g)
{
    struct gen_usage *u = xcalloc(1, sizeof *u);
    g->usage = u;
    struct service *sv = NULL;
    int nsv = 0;
    if (store_services(g->s, &sv, &nsv) != STORE_OK)
        return gen_fail(g, STORE_ERROR, _("reading the services"));
    for (int i = 0; i < nsv; i++)
        for (int k = 0; k < SV_COUNT; k++)
            if (strcmp(sv[i].code, svc_codes[k]) == 0)
                u->service_ids[k] = sv[i].id;
    services_free(sv, nsv);
    u->last = month_of(g->now);
    u->first = u->last - (USAGE_MONTHS - 1);
    for (int k = 0; k < USAGE_MONTHS; k++)
        u->imported[k] = import_instant(g, u->first + k, k);
    struct gen_dates *d = xcalloc((size_t)g->nmembers + 1, sizeof *d);
    gen_journey_dates(g, d);
    u->members = xcalloc((size_t)g->nmembers + 1, sizeof *u->members);
    pick_troubled(g, d);
    for (int i = 0; i < g->nmembers; i++) {
        plan_subscriptions(g, i, &d[i]);
        plan_figures(g, i, &d[i]);
    }
    free(d);
    if (u->nrows)
        qsort(u->rows, (size_t)u->nrows, sizeof *u->rows, cmp_row);
    return STORE_OK;
}

/* ---- writing ---------------------------------------------------------------------- */

int gen_subscribe(struct gen *g, int member, int64_t t)
{
    struct gen_usage *u = g->usage;
    const struct plan_member *pm = u && u->members ? &u->members[member] : NULL;
    if (!pm || !pm->n)
        return STORE_OK;
    /* Conventions are numbered in the order of their signature, year by year (the
     * syndicate numbers others too: the numbers jump). */
    char date[DATE_ISO_LEN], ref[24];
    gen_utc_date(t, date);
    int year = atoi(date);
    if (year != u->conv_year) {
        u->conv_year = year;
        u->conv_seq = gen_range(g, 3, 40);
    } else {
        u->conv_seq += gen_range(g, 1, 4);
    }
    snprintf(ref, sizeof ref, "CONV-%04d-%04d", year % 10000, u->conv_seq % 10000);
    gen_clock_set(g, t);
    for (int j = 0; j < pm->n; j++) {
        const struct plan_sub *p = &pm->subs[j];
        struct subscription sub = {
            .member_id = g->members[member].id, .service_id = u->service_ids[p->svc],
            .since = (char *)p->since, .until = p->until[0] ? (char *)p->until : NULL,
            .convention = p->referenced ? ref : NULL,
        };
        int rc = store_subscription_add(g->s, &sub);
        if (rc != STORE_OK)
            return gen_fail(g, rc, _("adding a subscription"));
        g->st.subscriptions++;
    }
    return STORE_OK;
}

int gen_usage_upto(struct gen *g, int64_t t)
{
    struct gen_usage *u = g->usage;
    while (u && u->next < u->nrows) {
        const char *month = u->rows[u->next].month;
        int k = (atoi(month) * 12 + atoi(month + 5) - 1) - u->first;
        if (k >= 0 && k < USAGE_MONTHS && u->imported[k] > t)
            break;
        int end = u->next;
        while (end < u->nrows && strcmp(u->rows[end].month, month) == 0)
            end++;
        char what[32];
        snprintf(what, sizeof what, "usage-%s.csv", month);
        gen_clock_set(g, k >= 0 && k < USAGE_MONTHS ? u->imported[k] : g->now);
        int rc = store_usage_put(g->s, u->rows + u->next, end - u->next, what);
        if (rc != STORE_OK)
            return gen_fail(g, rc, _("writing the usage figures"));
        g->st.usage += end - u->next;
        u->next = end;
    }
    return STORE_OK;
}

int64_t gen_service_id(const struct gen *g, const char *code)
{
    for (int k = 0; g->usage && code && k < SV_COUNT; k++)
        if (strcmp(code, svc_codes[k]) == 0)
            return g->usage->service_ids[k];
    return 0;
}

bool gen_subscribed(const struct gen *g, int member, int64_t service_id, int64_t t)
{
    const struct gen_usage *u = g->usage;
    const struct plan_member *pm = u && u->members ? &u->members[member] : NULL;
    for (int j = 0; pm && service_id && j < pm->n; j++) {
        const struct plan_sub *p = &pm->subs[j];
        if (u->service_ids[p->svc] != service_id || p->since_t > t)
            continue;
        char day[DATE_ISO_LEN];
        gen_utc_date(t, day);
        return !p->until[0] || strcmp(day, p->until) < 0;
    }
    return false;
}

void gen_usage_free(struct gen *g)
{
    if (!g->usage)
        return;
    free(g->usage->members);
    free(g->usage->rows);
    free(g->usage);
    g->usage = NULL;
}
