/* inbox — what changed on your actions since you last looked: an action handed to
 * you, a colleague's or a provider's note (mail-in files replies as notes), a
 * status or a due date changed by someone else.  "Your actions" are the open ones
 * assigned to your staff record; "since" is the last audit row you have seen,
 * kept per login (inbox_seen). */
#ifndef SUIVI_STORE_INBOX_H
#define SUIVI_STORE_INBOX_H

#include <stdint.h>

#include "suivi/store/store.h"

struct inbox_item {
    struct audit_entry entry;      /* the change, with its fields */
    int64_t action_id;
    char *action_title, *member_name;
    char *note_body;               /* a note's text (entry.entity "note"), else NULL */
    enum note_visibility visibility;
};

/* The last audit row this login has seen (0: none yet). */
int store_inbox_seen(store *s, int64_t *audit_id);
/* Seen up to audit_id (never backwards).  Not audited: it is one login's own place
 * in the trail, not the team's data, and every login may keep it, read-only ones
 * too. */
int store_inbox_mark_seen(store *s, int64_t audit_id);
/* Changes by others on staff_id's open actions after audit row since, newest first,
 * up to limit. */
int store_inbox_items(store *s, int64_t staff_id, int64_t since, int limit,
                      struct inbox_item **out, int *n);
/* How many there are, counting at most cap (the status line says "99+"). */
int store_inbox_count(store *s, int64_t staff_id, int64_t since, int cap, int *n);
void inbox_items_free(struct inbox_item *items, int n);

#endif
