/* app_internal — the main screen's state, shared by app.c (loop, layout, drawing)
 * and app_cmd.c (what each command does).  Private to src/ui. */
#ifndef SUIVI_APP_INTERNAL_H
#define SUIVI_APP_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "suivi/ui/app.h"
#include "suivi/config/config.h"
#include "suivi/ui/detail.h"
#include "suivi/ui/keymap.h"
#include "suivi/ui/listview.h"
#include "suivi/ui/panes.h"
#include "suivi/store/store.h"
#include "suivi/ui/term.h"
#include "suivi/ui/textview.h"

enum pane_id { PANE_MEMBERS, PANE_TIMELINE, PANE_ACTIONS, PANE_COUNT };
enum view_mode { VIEW_NONE, VIEW_HELP, VIEW_DETAIL };

struct app {
    const struct config *cfg;
    store *s;
    struct panes_ctx ctx;
    struct listview panes[PANE_COUNT];
    int focus;
    struct app_layout lay;
    WINDOW *sep, *status;
    enum view_mode view;            /* a detail or help view covers the panes */
    struct textview tv;
    struct detail_ref ref;          /* what the detail view shows */
    struct action_counts counts;
    int64_t data_version;
    bool dirty_status, dirty_sep;
    bool filter_changed[PANE_COUNT]; /* re-query once the typeahead is drained */
    bool quit;
};

/* app.c */
void app_report(struct app *a, int rc, const char *what);  /* flash a store failure */
void app_sync(struct app *a);          /* deferred work: filters, follow the member */
void app_reload_counts(struct app *a);
void app_touch_all(struct app *a);     /* repaint every window at the next draw */

/* app_cmd.c */
void app_command(struct app *a, enum command cmd);       /* KEYMAP_MAIN */
void app_view_command(struct app *a, enum command cmd);  /* KEYMAP_VIEW */
void app_close_view(struct app *a);

#endif
