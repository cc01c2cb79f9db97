/* report — the figures that steer the activity, for a period: the dashboard (D)
 * and `suivi report` show the same ones, from report_build.
 *   - open and overdue actions by pôle, by assignee, by provider (today);
 *   - actions opened and closed per week of the period;
 *   - time to first response and to resolution of the actions closed in the
 *     period, median and 90th percentile, the time waiting on the member left out
 *     of the resolution, and the time waiting on a provider shown apart;
 *   - interactions in the period by kind;
 *   - the journey: members per stage, stalled ones; its funnel (of the members
 *     who entered a stage, how many moved on, went back, left or are still
 *     there, and the median stay);
 *   - usage per service, month by month;
 *   - by département: members, open actions, interactions; by EPCI, its communes
 *     summed with it;
 *   - by service, incidents and requests in the 3 months before and after a
 *     member's first training on it.
 * A frozen period (report_freeze.h) is read back into the same struct. */
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

#define REPORT_TRAINING_DAYS 90   /* each window of the before/after training figures */

/* One stage of the funnel, from the stays of the journey's history: each stay begun
 * is counted in one of the ends, entered = moved_on + moved_back + exited + still. */
struct funnel_stage {
    char code[33];
    int64_t entered;          /* stays begun at the stage */
    int64_t moved_on;         /* … ended by a later stage (not an exit) */
    int64_t moved_back;       /* … ended otherwise: an earlier step (see report_funnel.h) */
    int64_t exited;           /* … ended by an exit (left, refused…) */
    int64_t still;            /* … not ended yet */
    double median_days;       /* of the ended stays; 0: none */
};

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
    struct stat_row *kind_weeks;         /* "kind\tMonday", a: interactions */
    int nkind_weeks;
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
    struct stat_row *moves;              /* store_stats_stage_moves: the funnel's source */
    int nmoves;
    struct stat_row *epci;               /* a: open, b: interactions, c: communes */
    int nepci;
    struct stat_row *trained;            /* by service: a: before, b: after, c: members */
    int ntrained;
    /* Derived (report_derive), not stored: one per configured stage, in order. */
    struct funnel_stage *funnel;
    int nfunnel;
};

int report_build(store *s, const struct config *cfg, const struct period *p,
                 const char *today, struct report *r);
/* What report_build does after reading: the stages in the journey's order, the
 * usage series, the funnel.  For a report read back from its stored figures. */
void report_derive(struct report *r, const struct config *cfg);
/* The weeks of the period (their Mondays: the one on or before its first day,
 * then every 7 days before its end), in *mondays (the caller frees it): how many. */
int report_weeks(const struct report *r, char (**mondays)[DATE_ISO_LEN]);
/* A kind's interactions (kind_weeks) in those n weeks taken per at a time (1: a
 * week each), into out (at least (n + per - 1) / per): how many marks. */
int report_kind_series(const struct report *r, const char *kind,
                       char (*mondays)[DATE_ISO_LEN], int n, int per, int64_t *out);
void report_free(struct report *r);

/* What a line of the report stands for, for the dashboard's Enter: the actions
 * (a query, as typed after / in the queue), the members (a members filter), or
 * the interactions of every member: "kind:CODE FROM..TO" (an interaction kind's
 * code, "call_in"; FROM and TO days "YYYY-MM-DD", both in, UTC as the figures
 * count them; without kind:, every kind), read by ui/views/interactions.c. */
enum report_link_kind { REPORT_LINK_NONE, REPORT_LINK_ACTIONS, REPORT_LINK_MEMBERS,
                        REPORT_LINK_INTERACTIONS };
struct report_link {
    enum report_link_kind kind;
    char query[192];
    char label[96];          /* what the query names by id ("pole:#3"), for a title; "" */
};

/* The report as lines of text, width columns at most (bars scaled to fit),
 * Unicode blocks or ASCII; each line to emit(ctx, text, heading). */
void report_text(const struct report *r, const struct config *cfg, int width, bool ascii,
                 void (*emit)(void *ctx, const char *text, bool heading), void *ctx);
/* The same, each line with what it stands for (NULL: nothing to list). */
typedef void report_emit_fn(void *ctx, const char *text, bool heading,
                            const struct report_link *link);
void report_text_linked(const struct report *r, const struct config *cfg, int width,
                        bool ascii, report_emit_fn *emit, void *ctx);

/* The report as one self-contained HTML page (inline SVG bars and sparklines,
 * no script, font or image fetched, printable on A4) to f: 0, or -1 when writing
 * failed. */
int report_html(const struct report *r, const struct config *cfg, FILE *f);

#endif
