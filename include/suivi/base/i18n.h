/* i18n — strings marked for translation (gettext).
 *
 *   _("text")          translated where it is used;
 *   N_("text")         marked only, in a table: translate it where it is shown, _(t[i]);
 *   ngettext(s, p, n)  the form for n (French says "1 action, 0 action", English does not:
 *                      never build a plural from pieces).
 * A comment starting "L10N:" just above a string is for the translator.
 * Without NLS (make NLS=0) the marks return the English text at no cost. */
#ifndef SUIVI_I18N_H
#define SUIVI_I18N_H

#if SUIVI_NLS
#include <libintl.h>
#define _(s) gettext(s)
#else
#define _(s) (s)
#undef ngettext
#define ngettext(s, p, n) ((n) == 1 ? (s) : (p))
#endif
#define N_(s) s

/* Bind the "suivi" message catalogue to its directory (call after setlocale). */
void i18n_init(void);

#endif
