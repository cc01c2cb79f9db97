/* tags — the actions a user tagged (t) to change together (;), as mutt tags mail:
 * kept for the session by id, so they survive scrolling, filters and refresh, and a
 * tagged action another session closed or changed stays tagged. */
#ifndef SUIVI_TAGS_H
#define SUIVI_TAGS_H

#include <stdbool.h>
#include <stdint.h>

struct tagset {
    int64_t *ids;        /* sorted, no duplicates */
    int n, cap;
};

bool tags_has(const struct tagset *t, int64_t id);
/* Tag or untag id; true when it is tagged afterwards. */
bool tags_toggle(struct tagset *t, int64_t id);
/* Tag id (already tagged: nothing happens).  True when it was not tagged. */
bool tags_add(struct tagset *t, int64_t id);
void tags_clear(struct tagset *t);
void tags_free(struct tagset *t);

#endif
