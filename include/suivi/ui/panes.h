/* panes — the three list panes of the main screen, as listview ops over a shared
 * context: members (left), the selected member's timeline (right top), and the
 * actions queue (right bottom). */
#ifndef SUIVI_PANES_H
#define SUIVI_PANES_H

#include <stdbool.h>
#include <stdint.h>
#include "suivi/config/config.h"
#include "suivi/ui/listview.h"
#include "suivi/store/store.h"
#include "suivi/base/timeutil.h"

struct panes_ctx {
    store *s;
    const struct config *cfg;
    char today[DATE_ISO_LEN];       /* decides what is overdue */
    int64_t member_id;              /* the member the timeline (and member scope) show */
    char *member_name;              /* owned; for titles */
    enum action_scope scope;        /* actions pane */
    int date_cols;                  /* columns of a date in cfg->date_format */
};

extern const struct lv_ops pane_members_ops;
extern const struct lv_ops pane_timeline_ops;
extern const struct lv_ops pane_actions_ops;

/* Compute date_cols from the configured format (call after setlocale). */
void panes_ctx_init(struct panes_ctx *c, store *s, const struct config *cfg);
void panes_ctx_free(struct panes_ctx *c);
/* Follow the members pane's selection (id 0 and name NULL: no member). */
void panes_ctx_set_member(struct panes_ctx *c, int64_t id, const char *name);

/* "open queue", "<member>", "mine" */
const char *pane_actions_scope_label(const struct panes_ctx *c);

/* Short, fixed-width renderings shared with the detail view. */
void pane_format_date(const struct panes_ctx *c, const char *date, char *buf, size_t len);
void pane_format_instant(const struct panes_ctx *c, int64_t t, char *buf, size_t len);

#endif
