/* export — a list as a file for a meeting or a spreadsheet: the actions of a scope
 * and query (core/query.h), the members (a name filter), or the interactions of one
 * member or of all, as CSV or JSON (base/csv.h).  The rows are read a page at a
 * time in one read snapshot, so the file is one consistent picture, whatever its
 * size.  Instants are in local time ("2026-11-20 10:00"). */
#ifndef SUIVI_EXPORT_H
#define SUIVI_EXPORT_H

#include <stddef.h>
#include <stdio.h>

#include "suivi/base/csv.h"
#include "suivi/store/store.h"

enum export_what { EXPORT_ACTIONS, EXPORT_MEMBERS, EXPORT_INTERACTIONS };

struct export_request {
    enum export_what what;
    enum out_format format;
    struct action_query actions;    /* EXPORT_ACTIONS: scope, member/party, where */
    /* EXPORT_MEMBERS: which (a name's part, the journey's stage), NULL for all */
    const struct member_where *members;
    int64_t member_id;              /* EXPORT_INTERACTIONS: one member, 0 for all */
};

/* Write the rows to f.  *rows counts them.  Returns STORE_OK, a store rc, or
 * DOMAIN_INVALID when writing failed (err says why). */
int export_write(store *s, const struct export_request *r, FILE *f, long *rows,
                 char *err, size_t errlen);

/* "actions", "members", "interactions": 0, or -1. */
int export_what_parse(const char *name, enum export_what *out);

#endif
