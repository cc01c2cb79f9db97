/* views — the table of every view (one entry per line of SUIVI_VIEWS in keymap.h):
 * its operations and the screen it lives on.  Adding a view is a line there, a
 * line here and its file in src/ui/views/: the shell knows no view by name.
 *
 * Screens: the main one holds the views marked SCREEN_MAIN, laid out by
 * views_main_layout; any other view opens alone on a screen of its own, over the
 * body of the terminal, and closing it goes back to the screen below. */
#ifndef SUIVI_VIEWS_H
#define SUIVI_VIEWS_H

#include "suivi/ui/view.h"

enum screen_kind { SCREEN_MAIN, SCREEN_ALONE };

struct view_info {
    const struct view_ops *ops;
    enum screen_kind screen;
};

const struct view_info *views_info(enum view_id id);

/* The main screen: members on the left (~36%), a separator, the timeline above the
 * actions on the right.  rects[i] is the place of the i-th SCREEN_MAIN view in
 * SUIVI_VIEWS order; *chrome the separator (w == 1). */
void views_main_layout(int cols, int body_rows, struct rect *rects, int n, struct rect *chrome);

#endif
