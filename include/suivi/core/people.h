/* people — the team and its partners as the domain sees them: staff, pôles and
 * providers, with their rules.  The command line and the admin screen write through
 * here, never straight to the store; they ask role_can(me, VERB_ADMIN) first
 * (roles.h): these functions do not.
 *
 * Every function returns STORE_OK, a store rc, or DOMAIN_INVALID (domain.h), with a
 * sentence for the user in err on failure.  Rules:
 *   - a login is a Unix-style name: [a-z_][a-z0-9_.-]{0,31};
 *   - names are required, at most NAME_MAX_CHARS characters (validate.h);
 *   - e-mail and phone are optional, checked as validate_email/validate_phone say;
 *   - a name or login already taken is refused, naming the record that has it; for
 *     pôles and providers, names that differ only in case or accents are taken too;
 *   - the last active admin can never be disabled or demoted: at least one admin
 *     must remain (checked inside the write transaction, so two admins demoting each
 *     other at the same time cannot both succeed). */
#ifndef SUIVI_PEOPLE_H
#define SUIVI_PEOPLE_H

#include <stdbool.h>
#include <stddef.h>
#include "suivi/store/store.h"

#define LOGIN_MAX_CHARS 32

/* Values, checked alone. */
bool people_login_valid(const char *login, char *err, size_t errlen);
/* "admin", "staff" or "readonly": the role, or -1 with a message in err. */
int people_role_from_code(const char *code, char *err, size_t errlen);

/* Whole records, before any write (what the save functions check first). */
bool people_staff_validate(const struct staff *st, char *err, size_t errlen);
bool people_pole_validate(const struct pole *p, char *err, size_t errlen);
bool people_provider_validate(const struct provider *p, char *err, size_t errlen);

/* Find what a person typed: the exact name first, else the one name equal to it
 * once case and accents are folded ("administratif" finds "Administratif").  None:
 * STORE_NOT_FOUND; several: DOMAIN_INVALID.  Staff are found by exact login. */
int people_find_pole(store *s, const char *name, struct pole *out, char *err, size_t errlen);
int people_find_provider(store *s, const char *name, struct provider *out,
                         char *err, size_t errlen);
int people_find_staff(store *s, const char *login, struct staff *out,
                      char *err, size_t errlen);

/* Add when id == 0, else update (checked against the record's version: a stale one
 * is STORE_CONFLICT, nothing written).  On success the record holds its id and
 * version.  An update never changes a staff member's login. */
int people_staff_save(store *s, struct staff *st, char *err, size_t errlen);
int people_pole_save(store *s, struct pole *p, char *err, size_t errlen);
int people_provider_save(store *s, struct provider *p, char *err, size_t errlen);

/* `suivi init`: the login running it becomes staff with the role admin (display
 * name from the passwd GECOS field when there is one) — unless it is staff already
 * (left as it is), or the database already has an active admin (nothing added:
 * only an admin names others). */
enum first_admin {
    FIRST_ADMIN_ADDED,
    FIRST_ADMIN_ALREADY_STAFF,
    FIRST_ADMIN_NOT_NEEDED,
};
int people_init_first_admin(store *s, enum first_admin *what, struct staff *out,
                            char *err, size_t errlen);

#endif
