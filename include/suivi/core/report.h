/* report — the figures that steer the activity, for a period: the dashboard (D)
 * and `suivi report` show the same ones, from report_build.
 *   - open and overdue actions by pôle, by assignee, by provider (today);
 *   - actions opened and closed per week of the period;
 *   - time to first response and to resolution of the actions closed in the
 *     period, median and 90th percentile, the time waiting on the member left out
 *     of the resolution, and the time waiting on a provider shown apart;
 *   - interactions in the period by kind;
 *   - the journey: members per stage, stalled ones;
 *   - usage per service, month by month;
 *   - by département: members, open actions, interactions. */
#ifndef SUIVI_CORE_REPORT_H
#define SUIVI_CORE_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "suivi/base/timeutil.h"
#include "suivi/config/config.h"
#include "suivi/store/stats.h"
#include "suivi/store/store.h"

struct period {
    char from[DATE_ISO_LEN], to[DATE_ISO_LEN];   /* [from, to) */
    char label[32];                              /* "2026-11", "2026-Q4", "2026"… */
};

/* "2026-11", "2026-Q4", "2026", "this-month" (the default), "last-month",
 * "quarter", "year" (the current ones), or "2026-10-01..2026-11-15" (both days
 * in).  0, or -1 with err. */
int period_parse(const char *text, const char *today, struct period *p, char *err,
                 size_t errlen);

/* The value at fraction q (0.5: the median, 0.9) of v[0..n), sorted here, by
 * linear interpolation between the two nearest ranks; 0 for n == 0. */
double stats_quantile(int64_t *v, int n, double q);

#define REPORT_MONTHS_MAX 36     /* months of a usage trend, at most */

struct durations {
    int n;                               /* actions measured */
    double median_s, p90_s;
};

struct report {
    struct period period;
    char today[DATE_ISO_LEN];
    struct stat_row *by_pole, *by_assignee, *by_provider;
    int npole, nassignee, nprovider;
    struct stat_row *weeks;              /* a: opened, b: closed */
    int nweeks;
    struct durations first_response, resolution, provider_wait;
    int closed;
    struct stat_row *kinds;              /* a: interactions */
    int nkinds;
    struct stat_row *stages;             /* in the journey's order; a: members, b: stalled */
    int nstages;
    struct stat_row *usage;              /* "code YYYY-MM", a: sum */
    int nusage;
    char usage_from[8];                  /* its first month: a year to the period's end */
    /* The same, one series per service, month by month from usage_from, a month
     * with no figure 0 (files leave the months of no use out). */
    struct usage_series {
        char code[33];
        int64_t months[REPORT_MONTHS_MAX], total;
    } *series;
    int nseries, nmonths;
    struct stat_row *departements;       /* a: open actions, b: interactions; id: members */
    int ndepartements;
};

int report_build(store *s, const struct config *cfg, const struct period *p,
                 const char *today, struct report *r);
void report_free(struct report *r);

/* The report as lines of text, width columns at most (bars scaled to fit),
 * Unicode blocks or ASCII; each line to emit(ctx, text, heading). */
void report_text(const struct report *r, const struct config *cfg, int width, bool ascii,
                 void (*emit)(void *ctx, const char *text, bool heading), void *ctx);

/* The report as one self-contained HTML page (inline SVG bars and sparklines,
 * no script, font or image fetched, printable on A4) to f: 0, or -1 when writing
 * failed. */
int report_html(const struct report *r, const struct config *cfg, FILE *f);

#endif
