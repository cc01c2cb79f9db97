/* help — the `?` screen, generated from the keymap tables (keymap.h): every map,
 * every command bound in it, its keys and its help text. */
#ifndef SUIVI_HELP_H
#define SUIVI_HELP_H

#include "suivi/ui/textview.h"

void help_build(struct textview *tv);

#endif
