/* editor — long texts in the user's own editor: $SUIVI_EDITOR, $VISUAL, $EDITOR,
 * then the first of editor, sensible-editor, nano, vi found in PATH.  The command is split on blanks (no shell) and run with the file name as
 * its last argument; the terminal is handed over completely (term_suspend/resume). */
#ifndef SUIVI_EDITOR_H
#define SUIVI_EDITOR_H

#include <stddef.h>

/* Edit *text (may be NULL).  Returns 1 when the text changed (*text replaced),
 * 0 when unchanged, -1 on error (message in err; *text untouched; the temporary
 * file is kept and named in err if it holds something the user typed). */
int editor_edit(char **text, const char *what, char *err, size_t errlen);

/* The command that will be run (for messages), or NULL when there is none: then
 * editor_edit says so, and the text is typed in the field. */
const char *editor_command(void);

#endif
