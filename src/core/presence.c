/* presence — see presence.h. */
#include "suivi/core/presence.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "suivi/base/i18n.h"
#include "suivi/base/timeutil.h"
#include "suivi/store/presence.h"

static void host_name(char *buf, size_t len)
{
    if (gethostname(buf, len) != 0 || !*buf)
        snprintf(buf, len, "localhost");
    buf[len - 1] = '\0';
}

/* Gone: no such process (EPERM means it exists, under another user). */
static bool process_gone(int64_t pid)
{
    return pid <= 0 || (kill((pid_t)pid, 0) != 0 && errno == ESRCH);
}

void presence_start(store *s, int64_t *id)
{
    char host[256];
    host_name(host, sizeof host);
    if (store_session_start(s, host, (int64_t)getpid(), process_gone, id) != STORE_OK)
        *id = 0;
}

void presence_end(store *s, int64_t id)
{
    if (id)
        store_session_end(s, id);
}

const char *presence_entity(const char *form_kind, int64_t id)
{
    static const struct { const char *prefix; const char *entity; } map[] = {
        { "action-edit", "action" }, { "status", "action" }, { "note", "action" },
        { "due", "action" }, { "mail", "action" }, { "member-edit", "member" },
        { "interaction-edit", "interaction" }, { "contact-edit", "contact" },
    };
    if (!form_kind || id <= 0)
        return NULL;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(form_kind, map[i].prefix) == 0)
            return map[i].entity;
    return NULL;
}

void presence_editing(store *s, int64_t self, const char *entity, int64_t id)
{
    if (self)
        store_session_editing(s, self, entity, id);
}

static bool alive(const struct session_row *r, const char *host, int64_t now)
{
    if (r->host && strcmp(r->host, host) == 0)
        return !process_gone(r->pid);
    return now - r->seen_at < PRESENCE_MAX_AGE;
}

int presence_others(store *s, int64_t self, const char *entity, int64_t id, char *who,
                    size_t len)
{
    who[0] = '\0';
    struct session_row *rows = NULL;
    int n = 0, live = 0;
    if (!entity || store_session_editors(s, entity, id, self, &rows, &n) != STORE_OK)
        return 0;
    char host[256];
    host_name(host, sizeof host);
    int64_t now = time_now();
    for (int i = 0; i < n; i++) {
        if (!alive(&rows[i], host, now))
            continue;
        char since[16] = "?";
        time_format_local(rows[i].seen_at, "%H:%M", since, sizeof since);
        size_t used = strlen(who);
        const char *name = rows[i].name && *rows[i].name ? rows[i].name : rows[i].login;
        char person[160];
        if (strcmp(name, rows[i].login) == 0)
            snprintf(person, sizeof person, "%s", name);
        else
            snprintf(person, sizeof person, "%s (%s)", name, rows[i].login);
        if (live++ == 0 || used + 8 < len)
            snprintf(who + used, len - used, _("%s%s since %s"), live > 1 ? ", " : "", person,
                     since);
    }
    session_rows_free(rows, n);
    return live;
}
