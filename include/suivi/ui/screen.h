/* screen — the stack of screens the shell shows: the main screen at the bottom, then
 * detail views, help, people… each a few views and a layout.  Only the top screen is
 * drawn; a screen uncovered again is laid out and re-read if it went stale. */
#ifndef SUIVI_SCREEN_H
#define SUIVI_SCREEN_H

#include <stdbool.h>
#include <curses.h>

#include "suivi/ui/views.h"

#define SCREEN_VIEWS_MAX 4
#define SCREEN_STACK_MAX 16
#define STACK_FULL 200       /* stack_open: SCREEN_STACK_MAX screens are open already */

struct screen {
    enum screen_kind kind;
    struct view views[SCREEN_VIEWS_MAX];
    int nviews, focus;
    WINDOW *chrome;          /* what the layout draws between views (separator) */
    struct rect chrome_rect;
    bool placed;             /* laid out for the current terminal size */
    bool chrome_dirty;
};

struct screen_stack {
    struct screen screens[SCREEN_STACK_MAX];
    int depth;
    struct ui_ctx *ui;
    struct rect body;        /* the terminal but its status line */
};

void stack_init(struct screen_stack *st, struct ui_ctx *ui);
void stack_free(struct screen_stack *st);
struct screen *stack_top(struct screen_stack *st);

/* Open the main screen (every SCREEN_MAIN view).  Returns a store rc. */
int stack_open_main(struct screen_stack *st);
/* Open arg->view: focus it when a screen below holds it (closing what is above),
 * else push a screen of its own.  Returns a store rc or STACK_FULL (nothing pushed on
 * failure). */
int stack_open(struct screen_stack *st, const struct view_arg *arg);
/* Close the top screen (never the last one); the one below is shown again. */
void stack_close_top(struct screen_stack *st);

/* The terminal's size changed (or was just set): lay out the top screen; the
 * others are laid out when uncovered. */
void stack_place(struct screen_stack *st, struct rect body);

struct view *screen_focused(struct screen *sc);
void screen_focus(struct screen *sc, int index);

/* Every view: recalc now if visible and flagged, or mark stale if hidden. */
void stack_flag_all(struct screen_stack *st);
/* Run the recalcs flagged on the top screen, and let its views follow the first. */
void stack_sync(struct screen_stack *st);
/* Put this record on screen in the top screen's views; focus the one that shows it
 * when asked. */
void stack_reveal(struct screen_stack *st, const struct selection *what, bool focus);

/* wnoutrefresh what changed on the top screen (no doupdate). */
void stack_repaint(struct screen_stack *st);
void stack_touch(struct screen_stack *st);

#endif
