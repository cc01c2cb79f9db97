/* say — what the commands print about themselves: a line cleaned of control
 * characters (say), a usage error and where to read more (usage_error), a store's
 * failure (cli_fail). */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "suivi/base/i18n.h"
#include "suivi/base/sanitize.h"

/* One line to f, sanitised: a message may hold data (a file name, an SQLite
 * message quoting the schema of a crafted file), and stderr is a terminal too. */
static void vsay(FILE *f, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
static void vsay(FILE *f, const char *fmt, va_list ap)
{
    char raw[3 * ERR_LEN + PATH_MAX];
    vsnprintf(raw, sizeof raw, fmt, ap);
    char *safe = san_line_dup(raw);
    fprintf(f, "%s\n", safe);
    free(safe);
}

void say(FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay(f, fmt, ap);
    va_end(ap);
}

const char *command_name(const struct cli_command *cmd, char *buf, size_t len)
{
    if (!cmd)
        snprintf(buf, len, "suivi");
    else
        snprintf(buf, len, "suivi %s%s%s", cmd->group, cmd->verb ? " " : "",
                 cmd->verb ? cmd->verb : "");
    return buf;
}

int usage_error(const struct cli_command *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("suivi: ", stderr);
    vsay(stderr, fmt, ap);
    va_end(ap);
    char name[64];
    fprintf(stderr, _("Try '%s --help'.\n"), command_name(cmd, name, sizeof name));
    return EXIT_USAGE;
}

int cli_fail(store *s, const char *msg)
{
    say(stderr, "suivi: %s: %s", store_path(s), msg);
    return EXIT_RUNTIME;
}
