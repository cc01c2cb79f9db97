/* report_funnel — the journey's funnel (report.h): from the stays of the members'
 * stage history, for each step of the journey in order, how many stays began
 * there, how many ended by a later step, by an earlier one, by an exit, or not
 * yet, and the median length of the stays that ended.  "Moved on" counts a member
 * who skipped steps (joined straight to "trained") as having moved on from where
 * it was, and a member leaving the last step (renewal due) for any step as
 * renewed.  "Moved back" is a stay that ended by going back to an earlier step (a
 * convention not signed after all, "convention" back to "joining"): not a member
 * lost, as "left" says, nor one further along; a stay ended by the same step again
 * or by a stage since taken out of the journey counts there too, so that every
 * stay begun is counted once: begun = on + back + left + still. */
#ifndef SUIVI_CORE_REPORT_FUNNEL_H
#define SUIVI_CORE_REPORT_FUNNEL_H

#include "suivi/core/report.h"

/* r->funnel from r->moves and the config's stages (replacing any). */
void report_funnel(struct report *r, const struct config *cfg);

/* The value at fraction q of a distribution given as values v[i] seen w[i] times
 * each (v sorted, ascending), with stats_quantile's interpolation; 0 when empty. */
double weighted_quantile(const int64_t *v, const int64_t *w, int n, double q);

#endif
