/* names — a typed name among candidates (see names.h). */
#include "suivi/core/names.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suivi/base/sanitize.h"

enum name_match name_match(const char *folded, const char *name)
{
    if (!name)
        return NAME_NONE;
    char *f = fold_for_search(name);
    enum name_match m = strcmp(f, folded) == 0 ? NAME_EXACT
                      : strncmp(f, folded, strlen(folded)) == 0 ? NAME_START
                      : strstr(f, folded) ? NAME_PART : NAME_NONE;
    free(f);
    return m;
}

void name_pick_begin(struct name_pick *p, const char *typed, int listed, size_t room)
{
    memset(p, 0, sizeof *p);
    p->folded = fold_for_search(typed);
    p->listed = listed;
    p->room = room < sizeof p->names ? room : sizeof p->names;
}

void name_pick_consider(struct name_pick *p, int index, const char *label, const char *a,
                        const char *b)
{
    enum name_match m = name_match(p->folded, a), mb = name_match(p->folded, b);
    m = mb > m ? mb : m;
    if (m == NAME_NONE || m < p->best)
        return;
    if (m > p->best) {
        p->best = m;
        p->count = 0;
        p->names[0] = '\0';
    }
    if (p->count++ == 0)
        p->index = index;
    size_t len = strlen(p->names);
    if (p->count <= p->listed)
        snprintf(p->names + len, p->room - len, "%s%s", len ? ", " : "", label);
    else if (p->count == p->listed + 1)
        snprintf(p->names + len, p->room - len, ", …");
}

void name_pick_end(struct name_pick *p)
{
    free(p->folded);
    p->folded = NULL;
}
