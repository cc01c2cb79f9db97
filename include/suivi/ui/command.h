/* command — what a key does on the top screen, in one place:
 *   1. the key is looked up in the focused view's maps, then the global one;
 *   2. the command's needs (keymap.h) are checked against what the view says is
 *      selected and against the user's role (core/roles.h): "No action selected",
 *      "Only an admin can do this" are said here and nowhere else;
 *   3. the focused view handles it, or leaves it to the generic commands (focus,
 *      go to a view, open the selection, the write flows).
 * The result is a set of reactions (view.h) for the loop to apply. */
#ifndef SUIVI_COMMAND_H
#define SUIVI_COMMAND_H

#include <stdbool.h>

#include "suivi/ui/screen.h"

/* The command for a key on the top screen (CMD_NONE: not bound). */
enum command command_for_key(struct screen_stack *st, bool keycode, int key);

/* Check and run cmd (CMD_NONE with the key: text typed into the view). */
enum reaction command_run(struct screen_stack *st, enum command cmd, bool keycode, int key);

/* Apply what a command asked for: open, close, recalc, reveal.  Returns true when
 * the program must end (quit, or the terminal went away). */
bool command_apply(struct screen_stack *st, enum reaction r);

#endif
