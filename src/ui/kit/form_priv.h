/* form_priv — the state of a running form, shared by form.c (keys, checks) and
 * form_draw.c (layout, drawing).  Not part of the public API. */
#ifndef SUIVI_FORM_PRIV_H
#define SUIVI_FORM_PRIV_H

#include <stdbool.h>

#include "suivi/ui/form.h"
#include "suivi/ui/term.h"

#define FORM_FIELDS_MAX 16

struct frun {
    struct form *f;
    WINDOW *win;
    int h, w;                       /* the box */
    int vx, vcols;                  /* where values are drawn, and their width */
    int y[FORM_FIELDS_MAX];         /* the row of each field in the box */
    int rows[FORM_FIELDS_MAX];      /* rows each field's value takes */
    size_t cursor, scroll;          /* in the focused one-line field */
    bool draft_warned;              /* told once that no draft can be kept */
};

/* Lay the box out for the terminal's size and create its window (an overlay).
 * False when it does not fit (the caller shows the "too small" notice). */
bool form_layout(struct frun *r);
void form_drop_window(struct frun *r);
void form_draw(struct frun *r);

bool form_is_line(const struct form_field *fld);   /* TEXT, DATE, DATETIME */
/* A box of h x w centred over the screen, above the status line, with keypad on and
 * pushed as an overlay (drawn over by nothing, put back when closed); NULL when it
 * cannot be made.  Closing pops it, deletes it and sets *w to NULL. */
WINDOW *kit_overlay_open(int h, int w);
void kit_overlay_close(WINDOW **w);

/* term_getkey's answer after a resize. */
bool form_is_resize(int key, bool keycode);

#endif
