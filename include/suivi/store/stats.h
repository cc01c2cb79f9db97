/* stats — the aggregates behind the dashboard and `suivi report` (core/report.h):
 * counts grouped in SQL, so that what is read is a row per group, not per action;
 * but the period's interactions, a million in a region's year, are read once and
 * counted in C (stats_period.c): SQL's GROUP BY sorted them twice.
 * A period is [from, to): "YYYY-MM-DD" dates, to excluded. */
#ifndef SUIVI_STORE_STATS_H
#define SUIVI_STORE_STATS_H

#include <stdint.h>

#include "suivi/store/store.h"

struct stat_row {
    char *label;             /* a pôle, an assignee, a provider, a kind, a stage, a week */
    int64_t id;              /* its id, or 0 (none, or not a record) */
    int64_t a, b, c;         /* figures, as the query says (open and overdue…) */
};

/* Open actions and how many are overdue (today), by pôle, by assignee (staff) and
 * by provider; the label of "none" is NULL. */
int store_stats_open_by(store *s, const char *group, const char *today,
                        struct stat_row **out, int *n);
/* Per week (label: its Monday), actions opened (a) and closed (b) in the period. */
int store_stats_weeks(store *s, const char *from, const char *to, struct stat_row **out,
                      int *n);
/* Members by stage (label: the code, NULL for none; a: members; b: stalled today). */
int store_stats_stages(store *s, const char *today, struct stat_row **out, int *n);
/* Usage per service and month in the period (label: "code YYYY-MM"; a: the sum). */
int store_stats_usage(store *s, const char *from_month, const char *to_month,
                      struct stat_row **out, int *n);
/* The journey's moves, for its funnel: one row per stage left (label: the stage,
 * "\t", the next one, "" while still in it), the whole days it lasted (id and c; 0
 * while still in it) and how many members made that move in that many days (a). */
int store_stats_stage_moves(store *s, struct stat_row **out, int *n);
/* What the period's interactions say, read together (stats_period.c), with the
 * open actions for the territorial roll-ups:
 *   - kind_weeks: by kind and week (label: the kind's code, "\t", its Monday; a:
 *     count), by label;
 *   - deps: by département (label; NULL for none), its members (id and c), open
 *     actions (a), interactions in the period (b), by code;
 *   - epcis: by EPCI, its communes summed with it (label: its name, id: its id),
 *     open actions (a), interactions in the period (b), communes (c), the most open
 *     first (only those with something open or said). */
struct period_stats {
    struct stat_row *kind_weeks, *deps, *epcis;
    int nkind_weeks, ndeps, nepcis;
};
int store_stats_period(store *s, const char *from, const char *to, struct period_stats *out);
/* By service, the members trained to it (a first session on that service attended,
 * at least days before today, so that both windows are whole): their incidents and
 * requests in the days before (a) and as many days from it on (b), members (c). */
int store_stats_training_effect(store *s, const char *today, int days,
                                struct stat_row **out, int *n);
void stat_rows_free(struct stat_row *r, int n);

/* One closed action of the period, for the resolution times. */
struct closed_action {
    int64_t id, created_at, closed_at;
    int64_t first_response_at;   /* the first change or note after its creation; 0: none */
};
/* A status change in the trail of one of them (an audit row whose change has a
 * "status" field with a new value): what action_wait_times (core/cards.h) reads. */
struct status_change {
    int64_t action_id, at;
    char *from, *to;         /* status codes as written; from may be NULL */
};
/* The actions closed in the period (by closing time), and the status changes of
 * their trails (by action, then oldest first). */
int store_stats_closed(store *s, const char *from, const char *to,
                       struct closed_action **out, int *n, struct status_change **changes,
                       int *nchanges);
void status_changes_free(struct status_change *c, int n);

#endif
