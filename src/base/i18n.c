/* i18n — see i18n.h. */
#include "suivi/base/i18n.h"

void i18n_init(void)
{
#if SUIVI_NLS
    bindtextdomain("suivi", SUIVI_LOCALEDIR);
    textdomain("suivi");
    bind_textdomain_codeset("suivi", "UTF-8");
#endif
}
