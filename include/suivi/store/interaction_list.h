/* interaction_list — the interactions of every member in a span of time, of one
 * kind or all: the list behind the dashboard's "interactions per week, by kind"
 * (ui/views/interactions.c).  The timeline (store.h) is one member's.
 *
 * Order: newest first; equal instants by kind, member and id, all descending
 * (the order of interaction_by_time (occurred_at, kind, member_id), whose rowid
 * is the id, so that a page walks that index from its anchor, in order: its cost
 * depends on the page, not on the table).  Keyset pages as store.h says. */
#ifndef SUIVI_STORE_INTERACTION_LIST_H
#define SUIVI_STORE_INTERACTION_LIST_H

#include <stdint.h>

#include "suivi/store/store.h"

/* A row of the list: the interaction and its member's name. */
struct interaction_listed {
    struct interaction it;
    char *member_name;
};
void interaction_listed_clear(struct interaction_listed *r);

/* What the list holds: [from, to) in instants (UTC, as occurred_at is stored),
 * kind an enum interaction_kind or -1 for every kind. */
struct interaction_span {
    int64_t from, to;
    int kind;
};

/* A page of the span's interactions; filter (NULL or "": none) is a folded
 * substring of the subject, the author or the member's name.  A provider's login
 * reads none (it sees its actions only). */
int store_interactions_span_page(store *s, const struct interaction_span *span,
                                 const char *filter, enum page_dir dir,
                                 const struct interaction_listed *anchor, int limit,
                                 struct interaction_listed *rows, int *n);
/* One row by id (the listview's anchor for a row put on screen). */
int store_interaction_listed_get(store *s, int64_t id, struct interaction_listed *out);

#endif
