/* domain — writes as the domain sees them: check the rules (validate.h), then store.
 * The UI and the command line write through here, never straight to the store. */
#ifndef SUIVI_DOMAIN_H
#define SUIVI_DOMAIN_H

#include <stddef.h>
#include "suivi/store/store.h"

/* Returned (besides enum store_rc values) when a rule refuses the record; err says why. */
#define DOMAIN_INVALID 100

/* Add when id == 0, else update (version-checked).  On success the record holds its
 * new id/version/times.  On failure err holds a sentence for the user (for a
 * conflict: "changed by someone else since you opened it; reload and try again"). */
int member_save(store *s, struct member *m, char *err, size_t errlen);
int interaction_save(store *s, struct interaction *it, char *err, size_t errlen);
int action_save(store *s, struct action *a, char *err, size_t errlen);

/* Change an action's status (a->version checked); a is updated on success. */
int action_set_status(store *s, struct action *a, enum action_status status,
                      char *err, size_t errlen);

/* A new action prefilled from its origin interaction: member, pôle, title from the
 * subject, priority 3, due in 7 days (from today). */
void action_init_from_interaction(struct action *a, const struct interaction *origin,
                                  const char *today);

#endif
