/* report — see report.h: the period, the quantiles, and the figures read. */
#include "suivi/core/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suivi/base/i18n.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/cards.h"
#include "suivi/core/journey.h"
#include "suivi/core/report_funnel.h"

/* ---- the period ---- */

/* The first day of month m of year y, m counted on past December or back before
 * January (13 is next January, 0 last December). */
static void month_start(int y, int m, char out[DATE_ISO_LEN])
{
    int total = y * 12 + m - 1;
    total = total < 0 ? 0 : total;
    unsigned yy = (unsigned)(total / 12) % 10000u, mm = (unsigned)(total % 12) + 1u;
    snprintf(out, DATE_ISO_LEN, "%04u-%02u-01", yy, mm % 13u);
}

static int months(struct period *p, int y, int m, int count, const char *label)
{
    month_start(y, m, p->from);
    month_start(y, m + count, p->to);
    snprintf(p->label, sizeof p->label, "%s", label);
    return 0;
}

int period_parse(const char *text, const char *today, struct period *p, char *err,
                 size_t errlen)
{
    memset(p, 0, sizeof *p);
    int ty = atoi(today), tm = atoi(today + 5), y = 0, m = 0, q = 0, k = 0;
    char label[32], a[DATE_ISO_LEN], b[DATE_ISO_LEN];
    if (!text || !*text || strcmp(text, "this-month") == 0) {
        snprintf(label, sizeof label, "%04d-%02d", ty % 10000, tm % 100);
        return months(p, ty, tm, 1, label);   /* today is a stored date: valid */
    }
    if (strcmp(text, "last-month") == 0) {
        int ly = tm == 1 ? ty - 1 : ty, lm = tm == 1 ? 12 : tm - 1;
        snprintf(label, sizeof label, "%04d-%02d", ly % 10000, lm % 100);
        return months(p, ly, lm, 1, label);
    }
    if (strcmp(text, "quarter") == 0) {
        snprintf(label, sizeof label, "%04d-Q%d", ty % 10000, (tm - 1) / 3 + 1);
        return months(p, ty, (tm - 1) / 3 * 3 + 1, 3, label);
    }
    if (strcmp(text, "year") == 0) {
        snprintf(label, sizeof label, "%04d", ty % 10000);
        return months(p, ty, 1, 12, label);
    }
    if (sscanf(text, "%4d-Q%1d%n", &y, &q, &k) == 2 && !text[k] && q >= 1 && q <= 4)
        return months(p, y, (q - 1) * 3 + 1, 3, text);
    if (sscanf(text, "%4d-%2d%n", &y, &m, &k) == 2 && !text[k] && k == 7 && m >= 1 && m <= 12)
        return months(p, y, m, 1, text);
    if (sscanf(text, "%4d%n", &y, &k) == 1 && !text[k] && k == 4 && y >= 2000)
        return months(p, y, 1, 12, text);
    const char *dots = strstr(text, "..");
    if (dots && (size_t)(dots - text) == 10 && strlen(dots + 2) == 10) {
        snprintf(a, sizeof a, "%.10s", text);
        snprintf(b, sizeof b, "%s", dots + 2);
        char day[DATE_ISO_LEN];
        /* Both real dates (date_add_days checks them), the first not after the
         * second (ISO dates sort as text). */
        if (date_add_days(a, 0, day) == 0 && date_add_days(b, 1, p->to) == 0 &&
            strcmp(a, b) <= 0) {
            snprintf(p->from, sizeof p->from, "%s", a);
            snprintf(p->label, sizeof p->label, "%s", text);
            return 0;
        }
    }
    snprintf(err, errlen, _("'%s' is not a period: 2026-11, 2026-Q4, 2026, this-month, "
                            "last-month, quarter, year or 2026-10-01..2026-11-15"), text);
    return -1;
}

/* ---- quantiles ---- */

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The quantile of v[0..n), sorted already. */
static double quantile_of_sorted(const int64_t *v, int n, double q)
{
    if (n <= 0)
        return 0;
    double pos = q * (n - 1);
    int lo = (int)pos;
    if (lo >= n - 1)
        return (double)v[n - 1];
    return (double)v[lo] + (pos - lo) * (double)(v[lo + 1] - v[lo]);
}

double stats_quantile(int64_t *v, int n, double q)
{
    if (n > 0)
        qsort(v, (size_t)n, sizeof *v, cmp_i64);
    return quantile_of_sorted(v, n, q);
}

/* Sorted once for both quantiles: 100,000 actions closed in a year. */
static void set_durations(struct durations *d, int64_t *v, int n)
{
    d->n = n;
    if (n > 0)
        qsort(v, (size_t)n, sizeof *v, cmp_i64);
    d->median_s = quantile_of_sorted(v, n, 0.5);
    d->p90_s = quantile_of_sorted(v, n, 0.9);
}

/* ---- the figures ---- */

/* The first change of action id among n sorted by action (the end when none). */
static int first_change(const struct status_change *ch, int n, int64_t id)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (ch[mid].action_id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The changes as the audit entries action_wait_times reads: a "status" field each. */
static struct audit_entry *trail_entries(const struct status_change *ch, int n,
                                         struct audit_field **fields)
{
    static char status[] = "status";
    struct audit_entry *es = xcalloc((size_t)n + 1, sizeof *es);
    *fields = xcalloc((size_t)n + 1, sizeof **fields);
    for (int i = 0; i < n; i++) {
        (*fields)[i] = (struct audit_field){ status, ch[i].from, ch[i].to };
        es[i] = (struct audit_entry){ .id = i, .at = ch[i].at, .entity_id = ch[i].action_id,
                                      .fields = &(*fields)[i], .nfields = 1 };
    }
    return es;
}

/* Resolution, waits and first response of the closed actions c[0..n), their trails
 * in ch[0..nch) (by action). */
static void set_times(struct report *r, const struct closed_action *c, int n,
                      const struct status_change *ch, int nch)
{
    int64_t *first = xcalloc((size_t)n + 1, sizeof *first);
    int64_t *resolve = xcalloc((size_t)n + 1, sizeof *resolve);
    int64_t *provider = xcalloc((size_t)n + 1, sizeof *provider);
    struct audit_field *fields = NULL;
    struct audit_entry *es = trail_entries(ch, nch, &fields);
    int nfirst = 0;
    for (int i = 0; i < n; i++) {
        int lo = first_change(ch, nch, c[i].id), hi = lo;
        while (hi < nch && ch[hi].action_id == c[i].id)
            hi++;
        int64_t member_s = 0, provider_s = 0;
        struct action done = { .id = c[i].id, .status = ASTATUS_DONE };
        action_wait_times(es + lo, hi - lo, &done, c[i].closed_at, &member_s, &provider_s);
        int64_t total = c[i].closed_at - c[i].created_at - member_s;
        resolve[i] = total > 0 ? total : 0;
        provider[i] = provider_s;
        if (c[i].first_response_at && c[i].first_response_at >= c[i].created_at)
            first[nfirst++] = c[i].first_response_at - c[i].created_at;
    }
    r->closed = n;
    set_durations(&r->resolution, resolve, n);
    set_durations(&r->provider_wait, provider, n);
    set_durations(&r->first_response, first, nfirst);
    free(es);
    free(fields);
    free(first);
    free(resolve);
    free(provider);
}

/* Resolution and first response of the actions closed in the period; the waits
 * from each one's trail (action_wait_times), the trails read in one go. */
static int read_times(store *s, struct report *r)
{
    struct closed_action *c = NULL;
    struct status_change *ch = NULL;
    int n = 0, nch = 0;
    int rc = store_stats_closed(s, r->period.from, r->period.to, &c, &n, &ch, &nch);
    if (rc == STORE_OK)
        set_times(r, c, n, ch, nch);
    status_changes_free(ch, nch);
    free(c);
    return rc;
}

/* Months from "YYYY-MM" a to b. */
static int month_diff(const char *a, const char *b)
{
    return (atoi(b) - atoi(a)) * 12 + atoi(b + 5) - atoi(a + 5);
}

/* Whether code is the first len bytes of a label ("code YYYY-MM", "kind\tMonday"):
 * the rows of one group follow each other, a new code starts the next. */
static bool same_code(const char *code, const char *label, size_t len)
{
    return strlen(code) == len && strncmp(code, label, len) == 0;
}

/* The usage rows (sorted by code, then month) as one series per service. */
static void make_series(struct report *r, const char *last_month)
{
    r->nmonths = month_diff(r->usage_from, last_month) + 1;
    if (r->nmonths > REPORT_MONTHS_MAX)
        r->nmonths = REPORT_MONTHS_MAX;
    r->series = xcalloc((size_t)r->nusage + 1, sizeof *r->series);
    for (int i = 0; i < r->nusage; i++) {
        const char *label = r->usage[i].label ? r->usage[i].label : "? 0000-00";
        size_t cl = strcspn(label, " ");
        struct usage_series *s = r->nseries ? &r->series[r->nseries - 1] : NULL;
        if (!s || !same_code(s->code, label, cl)) {
            s = &r->series[r->nseries++];
            snprintf(s->code, sizeof s->code, "%.*s", (int)(cl < 32 ? cl : 32), label);
        }
        int k = label[cl] ? month_diff(r->usage_from, label + cl + 1) : -1;
        if (k >= 0 && k < r->nmonths)
            s->months[k] += r->usage[i].a;
        s->total += r->usage[i].a;
    }
}

static int by_count(const void *x, const void *y)
{
    const struct stat_row *a = x, *b = y;
    if (a->a != b->a)
        return a->a < b->a ? 1 : -1;
    return strcmp(a->label ? a->label : "", b->label ? b->label : "");
}

/* The interactions by kind, summed from the weeks (kind_weeks is by label: a
 * kind's weeks follow each other): one pass over the period's rows, not two. */
static void kinds_of_weeks(struct report *r)
{
    r->kinds = xcalloc((size_t)r->nkind_weeks + 1, sizeof *r->kinds);
    r->nkinds = 0;
    for (int i = 0; i < r->nkind_weeks; i++) {
        const char *l = r->kind_weeks[i].label ? r->kind_weeks[i].label : "";
        size_t kl = strcspn(l, "\t");
        struct stat_row *k = r->nkinds ? &r->kinds[r->nkinds - 1] : NULL;
        if (!k || !same_code(k->label, l, kl)) {
            k = &r->kinds[r->nkinds++];
            k->label = xstrndup(l, kl);
        }
        k->a += r->kind_weeks[i].a;
    }
    qsort(r->kinds, (size_t)r->nkinds, sizeof *r->kinds, by_count);
}

/* The stages in the journey's order, those no longer configured after them. */
static void order_stages(struct report *r, const struct config *cfg)
{
    struct stat_row *sorted = xcalloc((size_t)r->nstages + 1, sizeof *sorted);
    int k = 0;
    for (int i = 0; i < cfg->nstages; i++)
        for (int j = 0; j < r->nstages; j++)
            if (r->stages[j].label && strcmp(r->stages[j].label, cfg->stages[i].code) == 0)
                sorted[k++] = r->stages[j];
    for (int j = 0; j < r->nstages; j++)
        if (!r->stages[j].label || !journey_stage(cfg, r->stages[j].label))
            sorted[k++] = r->stages[j];
    free(r->stages);
    r->stages = sorted;
}

int report_build(store *s, const struct config *cfg, const struct period *p,
                 const char *today, struct report *r)
{
    memset(r, 0, sizeof *r);
    r->period = *p;
    snprintf(r->today, sizeof r->today, "%s", today);
    /* Usage: the twelve months to the period's last one (a trend, whatever the
     * period's length), or the period itself when it is longer. */
    char last[DATE_ISO_LEN], m_from[8], m_to[8];
    if (date_add_days(p->to, -1, last) != 0)
        snprintf(last, sizeof last, "%s", p->to);
    snprintf(m_to, sizeof m_to, "%.7s", last);
    char year_before[8];
    month_add(last, -11, year_before);
    snprintf(m_from, sizeof m_from, "%.7s", strcmp(year_before, p->from) < 0 ? year_before
                                                                              : p->from);
    snprintf(r->usage_from, sizeof r->usage_from, "%s", m_from);
    int rc = store_read_begin(s);
    bool began = rc == STORE_OK;
    if (rc == STORE_OK)
        rc = store_stats_open_by(s, "pole", today, &r->by_pole, &r->npole);
    if (rc == STORE_OK)
        rc = store_stats_open_by(s, "assignee", today, &r->by_assignee, &r->nassignee);
    if (rc == STORE_OK)
        rc = store_stats_open_by(s, "provider", today, &r->by_provider, &r->nprovider);
    if (rc == STORE_OK)
        rc = store_stats_weeks(s, p->from, p->to, &r->weeks, &r->nweeks);
    if (rc == STORE_OK)
        rc = read_times(s, r);
    struct period_stats ps = {0};
    if (rc == STORE_OK)
        rc = store_stats_period(s, p->from, p->to, &ps);
    r->kind_weeks = ps.kind_weeks;
    r->nkind_weeks = ps.nkind_weeks;
    r->departements = ps.deps;
    r->ndepartements = ps.ndeps;
    r->epci = ps.epcis;
    r->nepci = ps.nepcis;
    if (rc == STORE_OK)
        kinds_of_weeks(r);
    if (rc == STORE_OK)
        rc = store_stats_stages(s, today, &r->stages, &r->nstages);
    if (rc == STORE_OK)
        rc = store_stats_usage(s, m_from, m_to, &r->usage, &r->nusage);
    if (rc == STORE_OK)
        rc = store_stats_stage_moves(s, &r->moves, &r->nmoves);
    if (rc == STORE_OK)
        rc = store_stats_training_effect(s, today, REPORT_TRAINING_DAYS, &r->trained,
                                         &r->ntrained);
    if (began)
        store_read_end(s);
    if (rc == STORE_OK)
        report_derive(r, cfg);
    else
        report_free(r);
    return rc;
}

void report_derive(struct report *r, const struct config *cfg)
{
    char last[DATE_ISO_LEN];
    if (date_add_days(r->period.to, -1, last) != 0)
        snprintf(last, sizeof last, "%s", r->period.to);
    char m_to[8];
    snprintf(m_to, sizeof m_to, "%.7s", last);
    free(r->series);
    r->series = NULL;
    r->nseries = 0;
    order_stages(r, cfg);
    make_series(r, m_to);
    report_funnel(r, cfg);
}

int report_weeks(const struct report *r, char (**mondays)[DATE_ISO_LEN])
{
    /* The Monday on or before from, as the store's MONDAY() counts weeks. */
    char day[DATE_ISO_LEN];
    int back = date_weekday(r->period.from), n = 0, cap = 0;
    *mondays = NULL;
    if (back < 0 || date_add_days(r->period.from, -back, day) != 0)
        return 0;
    while (strcmp(day, r->period.to) < 0) {
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            *mondays = xreallocarray(*mondays, (size_t)cap, sizeof **mondays);
        }
        snprintf((*mondays)[n++], DATE_ISO_LEN, "%s", day);
        if (date_add_days((*mondays)[n - 1], 7, day) != 0)
            break;
    }
    return n;
}

/* The week of a Monday among n sorted ones, -1 when none. */
static int week_index(char (*mondays)[DATE_ISO_LEN], int n, const char *monday)
{
    int lo = 0, hi = n - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2, c = strcmp(mondays[mid], monday);
        if (c == 0)
            return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

int report_kind_series(const struct report *r, const char *kind,
                       char (*mondays)[DATE_ISO_LEN], int n, int per, int64_t *out)
{
    per = per < 1 ? 1 : per;
    int marks = (n + per - 1) / per;
    size_t kl = strlen(kind);
    for (int i = 0; i < marks; i++)
        out[i] = 0;
    for (int i = 0; i < r->nkind_weeks; i++) {
        const char *l = r->kind_weeks[i].label ? r->kind_weeks[i].label : "";
        if (strncmp(l, kind, kl) != 0 || l[kl] != '\t')
            continue;
        int k = week_index(mondays, n, l + kl + 1);
        if (k >= 0)
            out[k / per] += r->kind_weeks[i].a;
    }
    return marks;
}

void report_free(struct report *r)
{
    stat_rows_free(r->by_pole, r->npole);
    stat_rows_free(r->by_assignee, r->nassignee);
    stat_rows_free(r->by_provider, r->nprovider);
    stat_rows_free(r->weeks, r->nweeks);
    stat_rows_free(r->kinds, r->nkinds);
    stat_rows_free(r->kind_weeks, r->nkind_weeks);
    stat_rows_free(r->stages, r->nstages);
    stat_rows_free(r->usage, r->nusage);
    stat_rows_free(r->departements, r->ndepartements);
    stat_rows_free(r->moves, r->nmoves);
    stat_rows_free(r->epci, r->nepci);
    stat_rows_free(r->trained, r->ntrained);
    free(r->series);
    free(r->funnel);
    memset(r, 0, sizeof *r);
}
