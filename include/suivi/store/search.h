/* search — one search over everything the team writes: members (name, SIREN),
 * contacts (name, role, e-mail), interactions (subject, body), actions (title,
 * description) and notes (body), with SQLite FTS5 (schema v3, schema.c).
 *
 * What the user types, word by word:
 *   - case and accents never matter ("eveche" finds "Évêché"), nor do the
 *     ligatures œ and æ ("ploemeur" finds "Plœmeur");
 *   - several words: rows holding all of them, anywhere in the row's fields;
 *   - "mise à jour" in double quotes: those words, in that order;
 *   - certif*: any word starting with "certif"; "mise à j"* in quotes: the
 *     phrase with its last word a prefix.  A prefix needs three letters or
 *     digits ("de*" is the word "de": two letters would name a good part of
 *     the index, slow to search and useless);
 *   - the last word, typed bare (no quotes, no star), is a prefix too: a search
 *     typed in full or half-typed finds the same rows ("certif" finds
 *     "certificat", "creac" finds "Créac'h", "certificat" its plural);
 *   - a text that is one number of 9 digits (a SIREN) or 14 (a SIRET), spaces
 *     allowed ("253 514 491"), is that number.
 * Everything else the user types is text: FTS5 operators and punctuation (NEAR(,
 * -x, col:val, AND, OR, ^) are searched as words or ignored, never obeyed.  A text
 * with no letter or digit finds nothing, with no error; one of more than
 * SEARCH_MAX_TERMS words and phrases is refused.
 *
 * Order within a kind: bm25, the best first (a word in a title or a name weighs
 * more than one in a body) — unless one of the words is in more than
 * SEARCH_RANK_MAX rows of that kind (a very common word: "mairie", "de"): the
 * rows then come newest first (the last written first).  bm25 counts every row
 * holding each word before it ranks the first one, which for a word in a million
 * rows costs more than the whole search may. */
#ifndef SUIVI_STORE_SEARCH_H
#define SUIVI_STORE_SEARCH_H

#include <stdint.h>

#include "suivi/store/store.h"

#define SEARCH_RANK_MAX  5000
/* A search of more words is refused (STORE_ERROR, said): each costs a probe. */
#define SEARCH_MAX_TERMS 32

enum search_kind {
    SEARCH_MEMBER, SEARCH_CONTACT, SEARCH_INTERACTION, SEARCH_ACTION, SEARCH_NOTE,
    SEARCH_KINDS
};

struct search_hit {
    enum search_kind kind;
    int64_t id;          /* of the member, contact, interaction, action or note */
    int64_t member_id;   /* the member it belongs to (a member: itself) */
    int64_t action_id;   /* a note: its action; an action: itself; else 0 */
    char *title;         /* member or contact name, subject, action title, and for a
                            note its action's title */
    char *member_name;   /* the member's name (a member: its own) */
    /* Plain text, one line, or NULL: a member's SIREN; a contact's role and
     * e-mail; for the others a few words of the body, description or note around
     * the words found ("…" where text was cut), no markup. */
    char *snippet;
    int64_t at;          /* interaction: occurred_at; action: created_at; note: at;
                            else 0 (UTC seconds) */
};

/* The hits for text: up to limit_per_kind (>= 1) of each kind, grouped by kind in
 * enum order, the best first within a kind.  *out (NULL when *n is 0) is released
 * with search_hits_free.  One read snapshot.  Nothing to search (an empty text,
 * only punctuation) is STORE_OK with no hit. */
int store_search(store *s, const char *text, int limit_per_kind, struct search_hit **out,
                 int *n);
void search_hits_free(struct search_hit *h, int n);

/* The FTS5 query store_search runs for text (caller frees), or NULL when there is
 * nothing to search (or too much): every word a quoted FTS5 string. */
char *search_match_expr(const char *text);

/* "member", "contact", "interaction", "action", "note": codes, for scripts. */
const char *search_kind_code(enum search_kind k);

#endif
