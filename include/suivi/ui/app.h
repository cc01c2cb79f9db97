/* app — the main screen's geometry.  The main loop itself is ui_run (ui.h); this
 * header holds the pure layout computation so that it can be unit-tested.
 *
 *   +-- members --+|+-- timeline --------------+
 *   |             |||                          |
 *   |             ||+-- actions ---------------+
 *   |             |||                          |
 *   status line (one row)
 */
#ifndef SUIVI_APP_H
#define SUIVI_APP_H

#include <stdbool.h>

struct rect { int y, x, h, w; };

struct app_layout {
    bool too_small;          /* below TERM_MIN_COLS x TERM_MIN_ROWS: nothing else valid */
    struct rect members;     /* title row + list rows */
    struct rect separator;   /* the vertical line between left and right (w == 1) */
    struct rect timeline;
    struct rect actions;
    struct rect view;        /* detail and help views: everything but the status line */
    struct rect status;      /* last row */
};

/* Members take ~36% of the width; the right column is split between timeline (top)
 * and actions (bottom), the actions pane getting the odd row. */
void app_layout_compute(int cols, int rows, struct app_layout *out);

#endif
