/* demo — a realistic, deterministic demo database for a Breton syndicate.
 * Same seed, same "now" ($SUIVI_NOW) → same data.  About 300 members (4 départements,
 * ~60 EPCI, communes attached to their EPCI, hospitals, CCAS), ~1,200 contacts,
 * ~6,000 interactions and ~900 actions over two years (closed ones with how they
 * ended, status changes noted), 4 pôles, 8 staff plus the running login (an admin),
 * 3 providers with a contact person, notes, a few contacts who left, and every
 * member's journey (parcours de l'adhérent, the default [journey] stages) from
 * prospect to where it stands, over the last three years, some stalled; the
 * services each member subscribed to when its convention was signed, and 24
 * months of monthly usage figures from its first use (a few services never used,
 * a few members with many incidents and little use), and some 30 training sessions
 * with their attendees (members trained at the stage 'trained' were there).  All in
 * one transaction. */
#ifndef SUIVI_DEMO_H
#define SUIVI_DEMO_H

#include <stddef.h>
#include <stdio.h>
#include "suivi/store/store.h"

/* interactions: the exchanges, not counting the journey's key events (steps) nor
 * the sessions on the timelines; usage: the monthly figures; trainings: the
 * training sessions, attendees their rows (present or not). */
struct demo_stats { int members, contacts, interactions, actions, notes, staff, retired, steps,
                    subscriptions, usage, trainings, attendees; };

/* progress: where to print progress (at most a few lines per second), or NULL. */
int demo_generate(store *s, unsigned seed, FILE *progress, struct demo_stats *stats,
                  char *err, size_t errlen);

#endif
