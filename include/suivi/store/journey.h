/* journey — where each member stands in the member journey (parcours de
 * l'adhérent), and how it got there: schema v6.  The stages themselves (their
 * order, labels, limits) are the config's ([journey]); core/journey.h holds the
 * rules.  The store keeps codes, and writes a change as one transaction: the
 * member's row, a row of its journey, a key event on its timeline, the audit. */
#ifndef SUIVI_STORE_JOURNEY_H
#define SUIVI_STORE_JOURNEY_H

#include <stdint.h>

#include "suivi/store/store.h"

/* One step of a member's journey, as store_member_stages reads them (oldest first). */
struct stage_change {
    int64_t id, member_id;
    char *stage;              /* its code */
    int64_t entered_at;       /* UTC */
    char *login;              /* who moved the member there */
    char *why;                /* or NULL */
    int64_t interaction_id;   /* the key event it put on the timeline (0: none) */
};

struct stage_write {
    int64_t member_id;
    const char *stage;        /* code, 1..32 bytes */
    const char *due;          /* "YYYY-MM-DD" by which it should move on, or NULL */
    const char *why;          /* or NULL */
    const char *subject;      /* the timeline event's subject ("Journey: Trained") */
    int64_t at;               /* when it entered the stage; 0 = now */
    int64_t expect_version;   /* the member's version as seen, or 0 for any */
};

/* Move the member (STORE_NOT_FOUND, STORE_CONFLICT when expect_version is stale,
 * STORE_DENIED for a role that may not); *interaction_id (may be NULL) gets the
 * timeline event's id. */
int store_member_set_stage(store *s, const struct stage_write *w, int64_t *interaction_id);
/* The member's journey, oldest first. */
int store_member_stages(store *s, int64_t member_id, struct stage_change **out, int *n);
void stage_changes_free(struct stage_change *c, int n);

#endif
