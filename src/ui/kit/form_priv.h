/* form_priv — what form.c shares with form_menu.c (not part of the public API). */
#ifndef SUIVI_FORM_PRIV_H
#define SUIVI_FORM_PRIV_H

#include <stdbool.h>
#include "suivi/ui/term.h"

/* A copy of the screen as it is now (after flushing pending output), to be put back
 * with form_screen_restore when a dialog closes; NULL if it could not be made. */
WINDOW *form_screen_save(void);
/* Put the saved screen back, free the copy, set *saved to NULL. */
void form_screen_restore(WINDOW **saved);
/* term_getkey's answer after a resize. */
bool form_is_resize(int key, bool keycode);

#endif
