/* flows — what the write keys do: open the right form, prefill it, validate, save
 * through domain.h, and report.  Each flow is modal (it runs its own key loop on top
 * of the panes) and tells the caller whether something was written, so that the
 * panes reload only then. */
#ifndef SUIVI_FLOWS_H
#define SUIVI_FLOWS_H

#include <stdint.h>
#include "suivi/config/config.h"
#include "suivi/store/store.h"

struct flow_ctx {
    store *s;
    const struct config *cfg;
};

enum flow_result {
    FLOW_UNCHANGED,   /* cancelled, or nothing to do (a message may have been flashed) */
    FLOW_SAVED,       /* written; *new_id (when given) is the row created or edited */
    FLOW_HANGUP,      /* the terminal went away: what was typed is in a recovery file */
};

enum flow_result flow_member_new(const struct flow_ctx *c, int64_t *new_id);
enum flow_result flow_member_edit(const struct flow_ctx *c, int64_t member_id);
enum flow_result flow_interaction_new(const struct flow_ctx *c, int64_t member_id,
                                      int64_t *new_id);
enum flow_result flow_interaction_edit(const struct flow_ctx *c, int64_t interaction_id);
/* origin_interaction_id: 0 for an action straight on the member. */
enum flow_result flow_action_new(const struct flow_ctx *c, int64_t member_id,
                                 int64_t origin_interaction_id, int64_t *new_id);
enum flow_result flow_action_edit(const struct flow_ctx *c, int64_t action_id);
enum flow_result flow_action_status(const struct flow_ctx *c, int64_t action_id);

#endif
