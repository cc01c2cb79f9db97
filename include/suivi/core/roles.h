/* roles — who may do what: the one place where a command is allowed or refused.
 * The UI's command dispatcher and the command line ask here; the store only keeps
 * each staff member's role.
 *
 * Rules (the store enforces the same ones on every write: store/access.c; here
 * they decide what the interface offers and the command line tries):
 *   admin     everything, including staff, pôles and providers;
 *   staff     read and write members, interactions, actions, notes and contacts;
 *   readonly  read only; so does a disabled staff member;
 *   provider  a provider's login: their own actions only, whose status they update
 *             and to which they add notes shared with providers (VERB_UPDATE);
 *   unknown   a login in neither list reads only ([access] unknown = readonly), or
 *             is refused at open (deny);
 * while the database has no active admin at all (a database from suivi 0.1, or a
 * team that disabled its last admin by hand) everyone acts as admin, so that someone
 * can name one. */
#ifndef SUIVI_ROLES_H
#define SUIVI_ROLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "suivi/store/store.h"

enum verb {
    VERB_READ,      /* look at anything */
    VERB_UPDATE,    /* an action's status, a note on it (a provider on their own) */
    VERB_WRITE,     /* members, interactions, actions, notes, contacts */
    VERB_ADMIN,     /* staff, pôles, providers */
};

/* The running user as the rules see them. */
struct me {
    char login[64];
    int64_t staff_id;        /* 0 when the login is not in the staff table */
    int64_t pole_id;         /* their pôle, 0 for none */
    enum staff_role role;
    bool disabled;
    bool bootstrap;          /* no active admin in the database: acting as admin */
    int64_t provider_id;     /* a provider's login (store_provider_only); 0 otherwise */
};

/* Read who the running login (store_login) is.  Returns a store rc; on failure *me
 * still holds a usable default (role staff). */
int me_load(store *s, struct me *me);

bool role_can(const struct me *me, enum verb v);

/* Why role_can said no, as a sentence for the user ("Only an admin can do this"). */
const char *role_refusal(const struct me *me, enum verb v);

#endif
