/* members — the rules about members: a SIREN as people write it ("253 514 491"), a
 * département in capitals ("2a" is 2A), a parent EPCI found from part of its name,
 * and one member per SIREN. */
#ifndef SUIVI_MEMBERS_H
#define SUIVI_MEMBERS_H

#include <stddef.h>
#include <stdint.h>
#include "suivi/store/store.h"

/* The SIREN without its blanks (caller frees; NULL stays NULL). */
char *siren_normalize(const char *typed);
/* m's SIREN without blanks and its département in capitals ("" becomes NULL). */
void member_normalize(struct member *m);

/* The EPCI meant by `typed` (part of a name, accents and case ignored): exactly one
 * EPCI matches, or exactly one has that very name.  *id and *name (caller frees) on
 * success; NULL or blank typed means none (*id = 0).  self is never its own parent.
 * DOMAIN_INVALID with the reason ("3 EPCI match 'lor'; type more") otherwise.  Reads
 * pages of members, never the whole table. */
int member_resolve_parent(store *s, const char *typed, int64_t self, int64_t *id,
                          char **name, char *err, size_t errlen);

/* DOMAIN_INVALID naming the member that already has m's SIREN, if another one does. */
int member_check_siren(store *s, const struct member *m, char *err, size_t errlen);

#endif
