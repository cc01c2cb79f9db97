/* config_locate — which settings file to read (see config_locate in config.h). */
#include "config_priv.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "suivi/base/xalloc.h"

/* ---- locating the file ---- */

static bool file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* An explicitly named file must exist. */
static char *named_file(const char *path, const char *what, char *err, size_t errlen)
{
    if (file_exists(path))
        return xstrdup(path);
    char q[256];
    int e = errno;
    config_quote(path, strlen(path), 120, q, sizeof q);
    if (err && errlen)
        snprintf(err, errlen, "%s (%s): %s", q, what, strerror(e));
    return NULL;
}

static const char *home_dir(void)
{
    const char *h = getenv("HOME");
    if (h && h[0] == '/')
        return h;
    struct passwd *pw = getpwuid(getuid());
    return pw && pw->pw_dir && pw->pw_dir[0] == '/' ? pw->pw_dir : NULL;
}

char *config_locate(const char *cli_path, char *err, size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    if (cli_path) {
        if (!*cli_path) {
            if (err && errlen)
                snprintf(err, errlen, "--config: empty file name");
            return NULL;
        }
        return named_file(cli_path, "--config", err, errlen);
    }
    const char *env = getenv("SUIVI_CONFIG");
    if (env && *env)
        return named_file(env, "$SUIVI_CONFIG", err, errlen);
    /* XDG: a relative $XDG_CONFIG_HOME is invalid and must be ignored. */
    const char *xdg = getenv("XDG_CONFIG_HOME");
    char *user = NULL;
    if (xdg && xdg[0] == '/')
        user = xasprintf("%s/suivi/config.ini", xdg);
    else if (home_dir())
        user = xasprintf("%s/.config/suivi/config.ini", home_dir());
    if (user && file_exists(user))
        return user;
    free(user);
    if (file_exists("/etc/suivi/config.ini"))
        return xstrdup("/etc/suivi/config.ini");
    return NULL;
}
