/* early — the command lines read before the grammar of args.c: `suivi search` and
 * `suivi mail-in` take options of their own, so main.c hands them their argv
 * whole (search.c, mailin.c).  Both read "--name VALUE" and "--name=VALUE", and
 * find their command word the same way. */
#include <string.h>

#include "cli.h"
#include "suivi/base/i18n.h"

static bool takes_value(const char *a, const char *const *valued)
{
    for (; *valued; valued++)
        if (strcmp(a, *valued) == 0)
            return true;
    return false;
}

bool early_requested(int argc, char **argv, const char *command, const char *const *valued)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0)
            return i + 1 < argc && strcmp(argv[i + 1], command) == 0;
        if (a[0] != '-' || a[1] == '\0')
            return strcmp(a, command) == 0;
        if (takes_value(a, valued))
            i++;                  /* its value is no command word */
    }
    return false;
}

int early_option_value(const struct cli_command *cmd, int argc, char **argv, int *i,
                       const char *name, const char **value)
{
    size_t n = strlen(name);
    const char *a = argv[*i];
    if (strncmp(a, name, n) != 0 || (a[n] != '\0' && a[n] != '='))
        return 0;
    if (*value) {
        usage_error(cmd, _("%s given twice"), name);
        return -1;
    }
    if (a[n] == '=') {
        *value = a + n + 1;
    } else if (*i + 1 < argc) {
        *value = argv[++*i];
    } else {
        usage_error(cmd, _("%s needs a value"), name);
        return -1;
    }
    return 1;
}
