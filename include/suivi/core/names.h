/* names — a name typed by a person, looked for among candidates' names: the query
 * language's pole:, assignee: and member: (query_names.c), `suivi add`'s --pole,
 * --contact and --assignee (src/cli/add.c).
 *
 * Accents and case never matter (fold_for_search).  A candidate's name matches
 * when it is what was typed, or starts with it, or contains it; the best of these
 * levels wins, so that "support" is Support even when "Support niveau 2" exists.
 * The caller decides what several candidates at the best level mean (always an
 * error so far: a name never picks one silently), and says it with names, the
 * labels of the first of them. */
#ifndef SUIVI_CORE_NAMES_H
#define SUIVI_CORE_NAMES_H

#include <stddef.h>

enum name_match { NAME_NONE, NAME_PART, NAME_START, NAME_EXACT };

/* How name (NULL: none) matches folded, a name typed and folded. */
enum name_match name_match(const char *folded, const char *name);

/* Candidates considered one by one. */
struct name_pick {
    char *folded;             /* what was typed, folded; owned */
    enum name_match best;     /* the best level seen */
    int count, index;         /* candidates at the best level; the first of them */
    int listed;               /* names holds the labels of the first `listed`, then "…" */
    size_t room;              /* of names, at most its size (the caller's message
                               * keeps room for what it says after them) */
    char names[256];          /* "a, b, …" */
};

void name_pick_begin(struct name_pick *p, const char *typed, int listed, size_t room);
/* Candidate index, shown in names as label, matching as the better of a and b
 * (either NULL: none). */
void name_pick_consider(struct name_pick *p, int index, const char *label, const char *a,
                        const char *b);
/* Frees what begin took; count, index, best and names stay readable. */
void name_pick_end(struct name_pick *p);

#endif
