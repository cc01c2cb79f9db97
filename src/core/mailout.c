/* mailout — see mailout.h. */
#include "suivi/core/mailout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "suivi/base/i18n.h"
#include "suivi/base/timeutil.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/domain.h"

#define TEMPLATE_MAX (64 * 1024)

/* Keep equal to share/mail/action.txt (a unit test compares them). */
static const char BUILTIN[] =
    "Subject: [suivi #{action}] {title}\n"
    "\n"
    "Bonjour {recipient},\n"
    "\n"
    "Au sujet de « {title} » pour {member} (action #{action}, échéance : {due}) :\n"
    "\n"
    "\n"
    "\n"
    "Pour répondre, gardez « [suivi #{action}] » dans l'objet : votre réponse sera\n"
    "jointe au suivi de cette demande.\n"
    "\n"
    "Cordialement,\n"
    "{sender}\n";

const char *mail_template_builtin(void)
{
    return BUILTIN;
}

static void add_recipient(struct mail_recipient **out, int *n, int *cap, const char *name,
                          const char *addr, const char *what)
{
    if (*n == *cap) {
        *cap = *cap ? 2 * *cap : 8;
        *out = xreallocarray(*out, (size_t)*cap, sizeof **out);
    }
    struct mail_recipient *r = &(*out)[(*n)++];
    memset(r, 0, sizeof *r);
    r->name = xstrdup(name ? name : "");
    r->addr = xstrdup(addr);
    r->label = xasprintf("%s <%s> (%s)", r->name, addr, what);
}

int mail_recipients(store *s, const struct action *a, struct mail_recipient **out, int *n)
{
    *out = NULL;
    *n = 0;
    int cap = 0, rc = STORE_OK;
    if (a->assignee_provider_id) {
        struct provider p = {0};
        rc = store_provider_get(s, a->assignee_provider_id, &p);
        if (rc == STORE_OK && p.email && *p.email) {
            add_recipient(out, n, &cap, p.contact && *p.contact ? p.contact : p.name, p.email,
                          p.name);
            (*out)[*n - 1].provider_id = p.id;
            (*out)[*n - 1].visibility = NOTE_PROVIDER;
        }
        provider_clear(&p);
    }
    struct contact *c = NULL;
    int nc = 0;
    if (rc == STORE_OK)
        rc = store_contacts_of_member(s, a->member_id, &c, &nc);
    for (int i = 0; rc == STORE_OK && i < nc; i++) {
        if (c[i].retired || !c[i].email || !*c[i].email)
            continue;
        add_recipient(out, n, &cap, c[i].name, c[i].email,
                      c[i].role && *c[i].role ? c[i].role : _("contact"));
        (*out)[*n - 1].contact_id = c[i].id;
        (*out)[*n - 1].visibility = NOTE_MEMBER;
    }
    contacts_free(c, nc);
    return rc;
}

void mail_recipients_free(struct mail_recipient *r, int n)
{
    for (int i = 0; i < n; i++) {
        free(r[i].name);
        free(r[i].addr);
        free(r[i].label);
    }
    free(r);
}

static char *read_small_file(const char *path)
{
    FILE *f = path ? fopen(path, "r") : NULL;
    if (!f)
        return NULL;
    char *buf = xmalloc(TEMPLATE_MAX + 1);
    size_t n = fread(buf, 1, TEMPLATE_MAX, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

/* Beside the program: build/suivi and build/x/suivi find the source tree's share/. */
static char *beside_the_program(const char *up)
{
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return NULL;
    *slash = '\0';
    char *path = xasprintf("%s/%sshare/mail/action.txt", exe, up);
    char *text = read_small_file(path);
    free(path);
    return text;
}

char *mail_template_read(const char *path)
{
    char *text = path && *path ? read_small_file(path) : NULL;
    if (!text)
        text = read_small_file(SUIVI_DATADIR "/mail/action.txt");
    if (!text)
        text = beside_the_program("../");
    if (!text)
        text = beside_the_program("../../");
    return text ? text : xstrdup(BUILTIN);
}

struct filler { const char *name, *value; };

static char *fill(const char *tmpl, const struct filler *f, int nf)
{
    size_t cap = strlen(tmpl) + 256, len = 0;
    char *out = xmalloc(cap);
    for (const char *p = tmpl; *p; ) {
        const char *value = NULL;
        size_t skip = 1;
        for (int i = 0; *p == '{' && i < nf && !value; i++) {
            size_t k = strlen(f[i].name);
            if (strncmp(p + 1, f[i].name, k) == 0 && p[1 + k] == '}')
                value = f[i].value, skip = k + 2;
        }
        size_t add = value ? strlen(value) : 1;
        if (len + add + 1 > cap) {
            cap = 2 * (len + add + 1);
            out = xreallocarray(out, cap, 1);
        }
        memcpy(out + len, value ? value : p, add);
        len += add;
        p += skip;
    }
    out[len] = '\0';
    return out;
}

char *mail_template_fill(const char *tmpl, const struct action *a, const char *recipient,
                         const char *sender, char **subject)
{
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)a->id);
    const struct filler f[] = {
        { "action", id }, { "title", a->title ? a->title : "" },
        { "member", a->member_name ? a->member_name : "" },
        { "recipient", recipient ? recipient : "" }, { "sender", sender ? sender : "" },
        { "status", _(enum_label(&ACTION_STATUS_NAMES, (int)a->status)) },
        { "due", a->due && *a->due ? a->due : _("none") },
    };
    char *text = fill(tmpl, f, (int)(sizeof f / sizeof f[0]));
    char *body = text;
    char *subj = NULL;
    if (strncmp(text, "Subject:", 8) == 0) {
        char *nl = strchr(text, '\n');
        subj = xstrndup(text + 8 + strspn(text + 8, " "), nl ? (size_t)(nl - text - 8 -
                        strspn(text + 8, " ")) : strlen(text + 8));
        body = nl ? nl + 1 + (nl[1] == '\n') : text + strlen(text);
    }
    char tag[40];
    snprintf(tag, sizeof tag, "[suivi #%s]", id);
    if (!subj || !strstr(subj, tag)) {
        char *tagged = xasprintf("%s %s", tag, subj ? subj : a->title ? a->title : "");
        free(subj);
        subj = tagged;
    }
    *subject = subj;
    char *out = xstrdup(body);
    free(text);
    return out;
}

int mail_record_sent(store *s, const struct action *a, const struct mail_recipient *r,
                     const char *subject, const char *body, char *err, size_t errlen)
{
    int rc = store_begin(s);
    if (rc != STORE_OK)
        return domain_explain(s, rc, err, errlen);
    struct interaction it = {
        .member_id = a->member_id, .contact_id = r->contact_id, .occurred_at = time_now(),
        .kind = IKIND_EMAIL_OUT, .pole_id = a->pole_id, .subject = xstrdup(subject),
        .body = xstrdup(body),
    };
    rc = interaction_save(s, &it, err, errlen);
    struct note n = {
        .action_id = a->id, .visibility = r->visibility,
        .body = xasprintf(_("Mail sent to %s <%s>: %s\n\n%s"), r->name, r->addr, subject, body),
    };
    if (rc == STORE_OK)
        rc = note_add(s, &n, err, errlen);
    if (rc == STORE_OK)
        rc = domain_explain(s, store_commit(s), err, errlen);
    else
        store_rollback(s);
    interaction_clear(&it);
    note_clear(&n);
    return rc;
}
