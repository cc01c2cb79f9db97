/* detail — the detail view of one member (with its contacts and parent), one
 * interaction (with its body) or one action (description, notes with their
 * visibility, history from the audit trail), built into a textview. */
#ifndef SUIVI_DETAIL_H
#define SUIVI_DETAIL_H

#include <stdint.h>
#include "suivi/ui/panes.h"
#include "suivi/ui/textview.h"

enum detail_kind { DETAIL_MEMBER, DETAIL_INTERACTION, DETAIL_ACTION };

/* What the view shows, for the keys that act on it (e, s, a). */
struct detail_ref {
    enum detail_kind kind;
    int64_t id;
    int64_t member_id;         /* the member concerned */
    int64_t interaction_id;    /* DETAIL_INTERACTION: id; DETAIL_ACTION: its origin */
};

/* Initialise tv and fill it.  Returns a store rc (tv is then initialised but empty,
 * ready for tv_free).  ref->kind and ref->id are inputs; the rest is filled. */
int detail_build(struct textview *tv, const struct panes_ctx *c, struct detail_ref *ref);

#endif
