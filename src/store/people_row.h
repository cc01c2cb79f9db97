/* people_row — what contact.c and people.c share with mailbox.c, which finds who
 * an address is: the select lists and the record kinds of contacts and
 * providers, so that a contact or provider is read the same way wherever it is
 * looked up.  Private to src/store. */
#ifndef SUIVI_STORE_PEOPLE_ROW_H
#define SUIVI_STORE_PEOPLE_ROW_H

#include "store_internal.h"

/* The open actions of the row x, col naming it in action. */
#define OPEN_OF(col) "(SELECT count(*) FROM action a WHERE a." col " = x.id" \
                     " AND " SQL_IS_OPEN("a.status") ")"

#define CONTACT_SELECT "SELECT id, member_id, name, role, email, phone, retired, version" \
                       " FROM contact"
#define PROVIDER_SELECT "SELECT x.id, x.name, x.email, x.phone, x.contact, x.disabled," \
    " x.version, " OPEN_OF("assignee_provider_id") " FROM provider x"

extern const struct db_row_kind CONTACT_ROW;    /* contact.c, of CONTACT_SELECT */
extern const struct db_row_kind PROVIDER_ROW;   /* people.c, of PROVIDER_SELECT */

#endif
