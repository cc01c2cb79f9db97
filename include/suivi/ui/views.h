/* views — the table of every view (one entry per line of SUIVI_VIEWS in keymap.h):
 * its operations and the screen it lives on.  Adding a view is a line there, a
 * line here and its file in src/ui/views/: the shell knows no view by name.
 *
 * Screens: the main one holds the views marked SCREEN_MAIN, the people one those
 * marked SCREEN_PEOPLE, laid out by views_layout; any other view opens alone on a
 * screen of its own, over the body of the terminal.  Closing a screen goes back to
 * the one below. */
#ifndef SUIVI_VIEWS_H
#define SUIVI_VIEWS_H

#include "suivi/ui/view.h"

/* A screen shows either every view of its kind (MAIN, PEOPLE), laid out together,
 * or one view alone. */
enum screen_kind { SCREEN_MAIN, SCREEN_PEOPLE, SCREEN_ALONE };

struct view_info {
    const struct view_ops *ops;
    enum screen_kind screen;
};

const struct view_info *views_info(enum view_id id);

/* The places of a screen's views (the i-th of its kind in SUIVI_VIEWS order) and of
 * what is drawn between them (*chrome, w == 1: a vertical line; 0: nothing).
 *   main:   members on the left (~36%), the timeline above the actions on the right;
 *   people: staff above pôles above providers, full width;
 *   alone:  the whole body. */
void views_layout(enum screen_kind kind, int cols, int body_rows, struct rect *rects, int n,
                  struct rect *chrome);
void views_main_layout(int cols, int body_rows, struct rect *rects, int n, struct rect *chrome);

#endif
