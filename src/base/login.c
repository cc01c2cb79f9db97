/* login — see login.h.  Looked up once; the uid does not change while we run. */
#include "suivi/base/login.h"

#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char login_name[256];
static char full_name[256];

static void lookup(void)
{
    if (login_name[0])
        return;
    uid_t uid = getuid();
    struct passwd *pw = getpwuid(uid);
    if (!pw || !pw->pw_name || !pw->pw_name[0]
        || strlen(pw->pw_name) >= sizeof login_name) {
        snprintf(login_name, sizeof login_name, "uid%lu", (unsigned long)uid);
        snprintf(full_name, sizeof full_name, "%s", login_name);
        return;
    }
    snprintf(login_name, sizeof login_name, "%s", pw->pw_name);
    const char *g = pw->pw_gecos ? pw->pw_gecos : "";
    size_t n = strcspn(g, ",");
    if (n == 0 || n >= sizeof full_name)
        snprintf(full_name, sizeof full_name, "%s", login_name);
    else
        snprintf(full_name, sizeof full_name, "%.*s", (int)n, g);
}

const char *unix_login(void)
{
    lookup();
    return login_name;
}

const char *unix_full_name(void)
{
    lookup();
    return full_name;
}
