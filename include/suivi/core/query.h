/* query — the language of `/` in the action pane, of named views and of
 * `suivi export --query`: fields and free text, all ANDed.
 *
 *   status:open,progress   open progress wmember wprovider waiting done cancelled
 *                          closed active (every open status) all; French too
 *   prio:P1  prio:1,2  prio:<=2  prio:1-2
 *   pole:services          a pôle by its name or the start of it (accents, case ignored)
 *   pole:#3                a pôle by its id (the dashboard's links: names may repeat)
 *   assignee:me  assignee:none  assignee:amorel  assignee:"Anne Morel"
 *                          assignee:certibreizh (a provider)  assignee:#12 (a colleague
 *                          by id)
 *   provider:certibreizh  provider:#4   a provider, by name or by id
 *   due:<7d  due:<=vendredi  due:>2026-12-15  due:15/12  due:none
 *                          a date as typed in forms (dateinput.h), or Nd/Nj/Nw/Ns from today
 *   overdue:yes  overdue:no (oui, non)
 *   member:"Lorient Agglomération"  member:#12  member:253514491
 *                          an EPCI also gives its communes' actions, a département its
 *                          members' (roll-up)
 *   certificat "mise à jour"   free text: each word (or quoted phrase) in the title or
 *                          the member's name
 * French field names work too (statut, priorite, echeance, retard, adherent, assigne,
 * prestataire).
 *
 * Errors name the column (in characters, from 1) where the query goes wrong, so the
 * prompt can point at it. */
#ifndef SUIVI_QUERY_H
#define SUIVI_QUERY_H

#include <stddef.h>

#include "suivi/base/timeutil.h"
#include "suivi/store/store.h"

struct query_error {
    int column;          /* 1-based, in characters; 0 when none */
    char msg[256];
};
/* Set err (column col, the message); returns -1. */
int query_fail(struct query_error *err, int col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A typed yes or no, in English or French, accents and case aside ("oui", "n"):
 * 1, 0, or -1 for neither. */
int query_yes_no(const char *typed);

/* A parsed query.  Names (pôle, assignee, member) are kept as typed until
 * query_resolve looks them up. */
struct query {
    struct action_where where;
    char *pole, *assignee, *provider, *member;    /* as typed, or NULL */
    int pole_col, assignee_col, provider_col, member_col;
    char *term[WHERE_TERMS];              /* folded free text (where.terms points here) */
};

/* Parse text (may be NULL or blank: an empty query).  today ("YYYY-MM-DD") is what
 * relative dates count from.  Returns 0, or -1 with err set; q is always left
 * ready for query_free. */
int query_parse(const char *text, const char *today, struct query *q,
                struct query_error *err);
/* Look up the names of a parsed query: pôle, assignee (staff login or name,
 * provider, "me" = the store's login), provider and member ("#id" for each: that
 * record, which must exist), setting the ids of where.
 * Returns STORE_OK, DOMAIN_INVALID with err (unknown or ambiguous name, with its
 * column), or a store rc (err says what failed). */
int query_resolve(store *s, struct query *q, struct query_error *err);
/* Both, the usual call. */
int query_compile(store *s, const char *text, const char *today, struct query *q,
                  struct query_error *err);
void query_free(struct query *q);

/* Does the query ask for anything (an empty one lists the scope as it is)? */
bool query_is_empty(const struct query *q);

#endif
