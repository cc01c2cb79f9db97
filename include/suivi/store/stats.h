/* stats — the aggregates behind the dashboard and `suivi report` (core/report.h):
 * counts grouped in SQL, so that what is read is a row per group, not per action.
 * A period is [from, to): "YYYY-MM-DD" dates, to excluded. */
#ifndef SUIVI_STORE_STATS_H
#define SUIVI_STORE_STATS_H

#include <stdint.h>

#include "suivi/store/store.h"

struct stat_row {
    char *label;             /* a pôle, an assignee, a provider, a kind, a stage, a week */
    int64_t id;              /* its id, or 0 (none, or not a record) */
    int64_t a, b;            /* two figures, as the query says (open and overdue…) */
};

/* Open actions and how many are overdue (today), by pôle, by assignee (staff) and
 * by provider; the label of "none" is NULL. */
int store_stats_open_by(store *s, const char *group, const char *today,
                        struct stat_row **out, int *n);
/* Per week (label: its Monday), actions opened (a) and closed (b) in the period. */
int store_stats_weeks(store *s, const char *from, const char *to, struct stat_row **out,
                      int *n);
/* Interactions in the period by kind (label: the kind's code; a: count). */
int store_stats_interactions(store *s, const char *from, const char *to,
                             struct stat_row **out, int *n);
/* Members by stage (label: the code, NULL for none; a: members; b: stalled today). */
int store_stats_stages(store *s, const char *today, struct stat_row **out, int *n);
/* Usage per service and month in the period (label: "code YYYY-MM"; a: the sum). */
int store_stats_usage(store *s, const char *from_month, const char *to_month,
                      struct stat_row **out, int *n);
/* Members, open actions (a) and interactions in the period (b) by département. */
int store_stats_departements(store *s, const char *from, const char *to,
                             struct stat_row **out, int *n);
void stat_rows_free(struct stat_row *r, int n);

/* One closed action of the period, for the resolution times. */
struct closed_action {
    int64_t id, created_at, closed_at;
    int64_t first_response_at;   /* the first change or note after its creation; 0: none */
};
int store_stats_closed(store *s, const char *from, const char *to,
                       struct closed_action **out, int *n);

#endif
