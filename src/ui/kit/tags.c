/* tags — see tags.h.  Sorted ids: a row drawn asks tags_has, a binary search, so
 * drawing a screen of rows stays independent of how many are tagged. */
#include "suivi/ui/tags.h"

#include <stdlib.h>
#include <string.h>

#include "suivi/base/xalloc.h"

/* Index of id, or of where it would go. */
static int find(const struct tagset *t, int64_t id)
{
    int lo = 0, hi = t->n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (t->ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

bool tags_has(const struct tagset *t, int64_t id)
{
    int i = find(t, id);
    return i < t->n && t->ids[i] == id;
}

bool tags_add(struct tagset *t, int64_t id)
{
    int i = find(t, id);
    if (i < t->n && t->ids[i] == id)
        return false;
    if (t->n == t->cap)
        t->ids = xreallocarray(t->ids, (size_t)(t->cap = t->cap ? t->cap * 2 : 16),
                               sizeof *t->ids);
    memmove(t->ids + i + 1, t->ids + i, (size_t)(t->n - i) * sizeof *t->ids);
    t->ids[i] = id;
    t->n++;
    return true;
}

bool tags_toggle(struct tagset *t, int64_t id)
{
    int i = find(t, id);
    if (i < t->n && t->ids[i] == id) {
        memmove(t->ids + i, t->ids + i + 1, (size_t)(t->n - i - 1) * sizeof *t->ids);
        t->n--;
        return false;
    }
    return tags_add(t, id);
}

void tags_clear(struct tagset *t)
{
    t->n = 0;
}

void tags_free(struct tagset *t)
{
    free(t->ids);
    memset(t, 0, sizeof *t);
}
