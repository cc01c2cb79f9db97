/* changes — whether what other sessions committed since a view last read its data
 * can matter to it, for a view costly to read again: the dashboard (115 ms of
 * figures at region scale), which every commit of every other session would
 * otherwise recompute — a form opened elsewhere, a mail filed, a subscription.
 *
 * Every write of the team's data writes an audit row (access.c); what a session
 * writes without one is its own state: its presence (session) and its inbox mark
 * (inbox_seen).  A commit that shows in neither came from outside suivi (the
 * sqlite3 shell): it is taken to matter. */
#ifndef SUIVI_STORE_CHANGES_H
#define SUIVI_STORE_CHANGES_H

#include <stdbool.h>
#include <stdint.h>

#include "suivi/store/store.h"

struct change_mark {
    int64_t audit_id;        /* the newest audit row when it was taken */
    char *state;             /* the sessions' own state then (a fingerprint) */
};

/* Take the mark: before reading the data it stands for, so that a commit in
 * between is seen the next time. */
int store_change_mark(store *s, struct change_mark *m);
/* Since m, and m moved to now: *matters when an audit row was written of an
 * entity not in `ignored` (a JSON array of entity names: '["subscription"]'), or
 * when neither the audit nor the sessions' state shows anything new (the caller
 * was woken by a write the audit does not see).  A mark never taken matters. */
int store_change_since(store *s, struct change_mark *m, const char *ignored, bool *matters);
void change_mark_free(struct change_mark *m);

#endif
