/* triage — the one-key changes of actions: who has it, its priority, its due date,
 * on one action or on many at once (the tagged ones), all in one write transaction.
 *
 * A change names the fields it sets (bits 1u << ACTION_F_…); every other field of
 * each action stays as stored now, whoever changed it last, and an action that is
 * already so is neither written nor audited.  Nobody is assigned anything they can
 * no longer take: a disabled colleague or provider is refused, naming them. */
#ifndef SUIVI_TRIAGE_H
#define SUIVI_TRIAGE_H

#include <stddef.h>
#include <stdint.h>

#include "suivi/base/timeutil.h"
#include "suivi/store/store.h"

#define TRIAGE_FIELDS ((1u << ACTION_F_ASSIGNEE) | (1u << ACTION_F_PRIORITY) | \
                       (1u << ACTION_F_DUE))

struct triage_change {
    unsigned fields;                 /* some of TRIAGE_FIELDS */
    int64_t staff_id, provider_id;   /* the assignee: one of them, or neither (nobody) */
    int priority;                    /* PRIORITY_MIN..PRIORITY_MAX */
    char due[DATE_ISO_LEN];          /* stored form; "" for no due date */
};

/* Apply c to the n actions of ids: all of them or, on any refusal or failure, none.
 * seen (NULL, or n actions as the user saw them): an action whose field was changed
 * by someone else since, to another value than c's, is a conflict (the merge rule):
 * STORE_CONFLICT, nothing written, and err names the action, the field and its value
 * now.  *changed (may be NULL) counts the actions written.  Returns STORE_OK, a store
 * rc (an action removed meanwhile is STORE_NOT_FOUND) or DOMAIN_INVALID; err says why. */
int triage_apply(store *s, const int64_t *ids, const struct action *seen, int n,
                 const struct triage_change *c, int *changed, char *err, size_t errlen);

/* Who an action can be given to: active staff, then active providers, each with their
 * open actions, in one snapshot.  The caller frees with triage_candidates_free. */
struct triage_candidate {
    int64_t staff_id, provider_id;   /* one of them */
    char *name;                      /* "Anne Morel (amorel)", "CertiBreizh" */
    int open_actions;
};
int triage_candidates(store *s, struct triage_candidate **out, int *n);
void triage_candidates_free(struct triage_candidate *c, int n);

#endif
