/* presence — who has suivi open, and which record their form edits, so that a
 * colleague opening the same record reads "being edited by Anne Morel".
 *
 * A session is a row of `session` (host, pid), written when it starts, when a form
 * opens or closes on a record, and removed when it ends: no heartbeat, so that an
 * idle session writes nothing and wakes no one else (every commit makes the other
 * sessions re-read).  A session that crashed leaves its row; it blocks nothing, and
 * is known stale by its process being gone (core/presence.h checks, the team works
 * on one server) or, from another host, by its age.  These rows are one session's
 * state, not the team's data: they are not audited, and every login may write its
 * own, read-only ones too. */
#ifndef SUIVI_STORE_PRESENCE_H
#define SUIVI_STORE_PRESENCE_H

#include <stdint.h>

#include "suivi/store/store.h"

struct session_row {
    int64_t id;
    char *login, *name;          /* name: the staff member's, or NULL */
    char *host;
    int64_t pid;
    int64_t started_at, seen_at;
};

/* Register this process (login, host, pid): *id for the calls below.  Rows of this
 * host whose process is gone (stale(pid) true) are removed on the way. */
int store_session_start(store *s, const char *host, int64_t pid, bool (*stale)(int64_t pid),
                        int64_t *id);
/* This session's form is on (entity, entity_id) now; entity NULL: on nothing. */
int store_session_editing(store *s, int64_t id, const char *entity, int64_t entity_id);
int store_session_end(store *s, int64_t id);
/* The other sessions on (entity, entity_id), oldest first. */
int store_session_editors(store *s, const char *entity, int64_t entity_id, int64_t self,
                          struct session_row **out, int *n);
void session_rows_free(struct session_row *r, int n);

#endif
