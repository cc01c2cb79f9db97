/* texts — what the text views (detail, help) share: a textview placed on the
 * body of the screen, scrolled by the keys of KEYMAP_TEXT.  Private to
 * src/ui/views. */
#ifndef SUIVI_VIEWS_TEXTS_H
#define SUIVI_VIEWS_TEXTS_H

#include "suivi/ui/textview.h"
#include "suivi/ui/view.h"

void text_place(struct textview *tv, struct rect r);
/* The scrolling commands; R_UNHANDLED for anything else. */
enum reaction text_command(struct textview *tv, enum command cmd);

/* view_ops for a view whose state starts with its struct textview. */
void text_view_place(struct view *v, struct rect r);
void text_view_repaint(struct view *v);
void text_view_touch(struct view *v);
void text_view_focus(struct view *v, bool focused);
/* Free a state that starts with its textview. */
void text_view_close(struct view *v);
/* The view's own keymap, then the text views'. */
int text_view_keymaps(enum keymap_id own, enum keymap_id *chain, int max);
#define TEXT_VIEW_BASICS \
    .place = text_view_place, .repaint = text_view_repaint, .touch = text_view_touch, \
    .focus = text_view_focus

#endif
