/* ui — the full-screen program: three panes (members, timeline, actions), a status
 * line, detail views, forms, help.  One thread, one loop. */
#ifndef SUIVI_UI_H
#define SUIVI_UI_H

#include <stddef.h>
#include "suivi/config/config.h"
#include "suivi/store/store.h"

/* Run until the user quits.  Returns 0, or 1 with a message in err (the terminal is
 * already restored when it returns). */
int ui_run(const struct config *cfg, store *s, char *err, size_t errlen);

#endif
