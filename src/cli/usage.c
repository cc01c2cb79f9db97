/* usage — `suivi import usage FILE`, `suivi service list|add`, `suivi subscription
 * add|list|edit|end|remove`: the services, who subscribes to them (by the id the
 * list shows), and the monthly figures of their use (suivi report is report.c).
 * The catalogue and subscriptions are an admin's to change (the store says so
 * where every write passes); the import goes through core/usage_import.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "suivi/base/dateinput.h"
#include "suivi/base/i18n.h"
#include "suivi/base/timeutil.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/domain.h"
#include "suivi/core/usage_import.h"
#include "suivi/store/usage.h"

#define FILE_MAX (64L << 20)     /* a usage file: a few MB; more is not one */

/* The whole file, or NULL after saying why. */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        say(stderr, _("suivi: %s: %s"), path, strerror(errno));
        return NULL;
    }
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? cap * 2 : 65536;
            buf = xreallocarray(buf, cap, 1);
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0 || n > (size_t)FILE_MAX)
            break;
    }
    bool bad = ferror(f) || n > (size_t)FILE_MAX;
    if (bad)
        say(stderr, n > (size_t)FILE_MAX ? _("suivi: %s: more than 64 MB: not a usage file")
                                         : _("suivi: %s: cannot be read"), path);
    fclose(f);
    if (bad) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

static void print_problems(const char *path, const struct usage_report *r)
{
    for (int i = 0; i < r->nproblems; i++) {
        const struct usage_problem *p = &r->problems[i];
        if (p->column)
            say(stderr, _("suivi: %s: line %d, column %d: %s"), path, p->line, p->column,
                p->msg);
        else
            say(stderr, _("suivi: %s: line %d: %s"), path, p->line, p->msg);
    }
    if (r->bad > r->nproblems)
        say(stderr, _("suivi: %s: and %d more wrong rows"), path, r->bad - r->nproblems);
}

static int import_usage(store *s, const struct cli *c)
{
    const char *path = c->words[0];
    size_t len = 0;
    char *data = read_file(path, &len);
    if (!data)
        return EXIT_RUNTIME;
    struct usage_report r;
    char err[ERR_LEN] = "";
    bool partial = (c->given & OPT_PARTIAL) != 0;
    int rc = usage_import(s, data, len, path, partial, &r, err, sizeof err);
    free(data);
    print_problems(path, &r);
    if (rc != STORE_OK) {
        say(stderr, "suivi: %s: %s", path, err);
        return rc == DOMAIN_INVALID ? EXIT_USAGE : EXIT_RUNTIME;
    }
    const char *sep = r.separator == '\t' ? "tab" : r.separator == ',' ? "','" : "';'";
    say(stdout, ngettext("%s: %d figure imported (%s, %s)", "%s: %d figures imported (%s, %s)",
                         r.imported), path, r.imported, r.encoding, sep);
    if (r.bad)
        say(stdout, ngettext("%s: %d wrong row left out", "%s: %d wrong rows left out", r.bad),
            path, r.bad);
    return 0;
}

static int service_list(store *s)
{
    struct service *sv = NULL;
    int n = 0;
    if (store_services(s, &sv, &n) != STORE_OK)
        return cli_fail(s, store_errmsg(s));
    static const char *const head[] = { "CODE", "NAME" };
    struct table t;
    table_init(&t, 2, head);
    for (int i = 0; i < n; i++) {
        const char *row[] = { sv[i].code, sv[i].name };
        table_add(&t, row);
    }
    int status = table_print(&t, stdout);
    table_free(&t);
    services_free(sv, n);
    return status;
}

static int service_add(store *s, const struct cli *c)
{
    struct service sv = { .code = (char *)c->words[0], .name = (char *)c->name };
    if (store_service_add(s, &sv) != STORE_OK)
        return cli_fail(s, store_errmsg(s));
    say(stdout, _("%s: service %s added"), store_path(s), c->words[0]);
    return 0;
}

int cli_service(store *s, const char *where, const char *typed, int64_t *id)
{
    struct service *sv = NULL;
    int n = 0;
    if (store_services(s, &sv, &n) != STORE_OK)
        return cli_fail(s, store_errmsg(s));
    *id = 0;
    for (int i = 0; i < n && !*id; i++)
        if (strcmp(sv[i].code, typed) == 0 || strcasecmp(sv[i].name, typed) == 0)
            *id = sv[i].id;
    services_free(sv, n);
    if (*id)
        return 0;
    say(stderr, _("suivi: %s: '%s' is not a service (suivi service list)"), where, typed);
    return EXIT_USAGE;
}

static int date_of(const char *what, const char *typed, char out[DATE_ISO_LEN])
{
    char err[256];
    if (date_parse_near(typed, out, err, sizeof err) == 0)
        return 0;
    say(stderr, "suivi: %s: %s", what, err);
    return EXIT_USAGE;
}

static int subscription_add(store *s, const struct cli *c)
{
    struct member m = {0};
    char since[DATE_ISO_LEN] = "", until[DATE_ISO_LEN] = "";
    struct subscription sub = {0};
    int status = cli_member(s, c->words[0], &m);
    if (status == 0)
        status = cli_service(s, store_path(s), c->words[1], &sub.service_id);
    if (status == 0)
        status = c->since ? date_of("--since", c->since, since) : (date_today(since), 0);
    if (status == 0 && c->until)
        status = date_of("--until", c->until, until);
    if (status == 0) {
        sub.member_id = m.id;
        sub.since = since;
        sub.until = *until ? until : NULL;
        sub.convention = (char *)c->convention;
        if (store_subscription_add(s, &sub) != STORE_OK)
            status = cli_fail(s, store_errmsg(s));
        else
            say(stdout, _("%s: %s subscribes to %s from %s"), store_path(s), m.name,
                c->words[1], since);
    }
    member_clear(&m);
    return status;
}

static int subscription_list(store *s, const struct cli *c)
{
    struct member m = {0};
    int status = cli_member(s, c->words[0], &m);
    struct subscription *sub = NULL;
    int n = 0;
    if (status == 0 && store_subscriptions_of(s, m.id, &sub, &n) != STORE_OK)
        status = cli_fail(s, store_errmsg(s));
    if (status == 0) {
        static const char *const head[] = { "ID", "SERVICE", "NAME", "SINCE", "UNTIL",
                                            "CONVENTION" };
        struct table t;
        table_init(&t, 6, head);
        for (int i = 0; i < n; i++) {
            char id[24];
            snprintf(id, sizeof id, "%lld", (long long)sub[i].id);
            const char *row[] = { id, sub[i].service_code, sub[i].service_name, sub[i].since,
                                  sub[i].until, sub[i].convention };
            table_add(&t, row);
        }
        status = table_print(&t, stdout);
        table_free(&t);
    }
    subscriptions_free(sub, n);
    member_clear(&m);
    return status;
}

/* A subscription's store failure: no such one is the caller's to fix (2), like a
 * member or service that is not there; anything else a runtime error. */
static int sub_fail(store *s, int rc)
{
    say(stderr, "suivi: %s: %s", store_path(s), store_errmsg(s));
    return rc == STORE_NOT_FOUND ? EXIT_USAGE : EXIT_RUNTIME;
}

/* What a subscription is now, on stdout: "FILE: subscription #12 (Vannes, actes)
 * changed: since 2026-01-05, until 2026-12-31, convention CONV-1" (or "no end",
 * "no convention"). */
static void print_subscription(store *s, const char *what, const struct subscription *b)
{
    struct member m = {0};
    bool named = store_member_get(s, b->member_id, &m) == STORE_OK;
    char *until = b->until ? xasprintf(_("until %s"), b->until) : xstrdup(_("no end"));
    char *conv = b->convention ? xasprintf(_("convention %s"), b->convention)
                               : xstrdup(_("no convention"));
    say(stdout, _("%s: subscription #%lld (%s, %s) %s: since %s, %s, %s"), store_path(s),
        (long long)b->id, named ? m.name : "?", b->service_code, what, b->since, until, conv);
    free(until);
    free(conv);
    member_clear(&m);
}

static bool is_none(const char *typed)
{
    return strcmp(typed, "none") == 0 || strcmp(typed, "aucune") == 0 || !*typed;
}

static int sub_id(const struct cli *c, int64_t *id)
{
    if (parse_id(c->words[0], id))
        return 0;
    return usage_error(c->cmd, _("'%s' is not a subscription's id (12 or #12: see 'suivi "
                                 "subscription list MEMBER')"), c->words[0]);
}

/* Write the fields given, then say what the subscription is now. */
static int sub_write(store *s, struct subscription *b, unsigned fields, const char *what)
{
    bool changed = false;
    int rc = store_subscription_update(s, b, fields, NULL, &changed);
    if (rc != STORE_OK)
        return sub_fail(s, rc);
    if (!changed) {
        say(stdout, _("%s: subscription #%lld: nothing to change"), store_path(s),
            (long long)b->id);
        return 0;
    }
    struct subscription now = {0};
    if ((rc = store_subscription_get(s, b->id, &now)) != STORE_OK)
        return sub_fail(s, rc);
    print_subscription(s, what, &now);
    subscription_clear(&now);
    return 0;
}

static int subscription_edit(store *s, const struct cli *c)
{
    if (!(c->given & (OPT_SINCE | OPT_UNTIL | OPT_CONVENTION)))
        return usage_error(c->cmd, "%s", _("'suivi subscription edit' needs --since, --until "
                                           "or --convention"));
    char since[DATE_ISO_LEN] = "", until[DATE_ISO_LEN] = "";
    struct subscription b = {0};
    unsigned fields = 0;
    int status = sub_id(c, &b.id);
    if (status == 0 && c->since) {
        fields |= SUB_F_SINCE;
        status = date_of("--since", c->since, since);
    }
    if (status == 0 && c->until) {
        fields |= SUB_F_UNTIL;
        if (!is_none(c->until))
            status = date_of("--until", c->until, until);
    }
    if (c->convention)
        fields |= SUB_F_CONVENTION;
    if (status)
        return status;
    b.since = since;
    b.until = *until ? until : NULL;
    b.convention = c->convention && !is_none(c->convention) ? (char *)c->convention : NULL;
    return sub_write(s, &b, fields, _("changed"));
}

static int subscription_end(store *s, const struct cli *c)
{
    char on[DATE_ISO_LEN] = "";
    struct subscription b = { .until = on };
    int status = sub_id(c, &b.id);
    if (status == 0)
        status = c->on ? date_of("--on", c->on, on) : (date_today(on), 0);
    return status ? status : sub_write(s, &b, SUB_F_UNTIL, _("ended"));
}

static int subscription_remove(store *s, const struct cli *c)
{
    struct subscription was;
    int64_t id = 0;
    int status = sub_id(c, &id);
    if (status)
        return status;
    int rc = store_subscription_remove(s, id, &was);
    if (rc != STORE_OK)
        return sub_fail(s, rc);
    print_subscription(s, _("removed"), &was);
    subscription_clear(&was);
    return 0;
}

static int subscription_run(store *s, const struct cli *c)
{
    const char *verb = c->cmd->verb;
    if (strcmp(verb, "add") == 0)
        return subscription_add(s, c);
    if (strcmp(verb, "edit") == 0)
        return subscription_edit(s, c);
    if (strcmp(verb, "end") == 0)
        return subscription_end(s, c);
    if (strcmp(verb, "remove") == 0)
        return subscription_remove(s, c);
    return subscription_list(s, c);
}

int run_usage(const struct config *cfg, const struct cli *c)
{
    store *s;
    int status = open_store(cfg, false, &s);
    if (status)
        return status;
    const char *group = c->cmd->group, *verb = c->cmd->verb;
    if (strcmp(group, "import") == 0)
        status = import_usage(s, c);
    else if (strcmp(group, "service") == 0)
        status = strcmp(verb, "add") == 0 ? service_add(s, c) : service_list(s);
    else
        status = subscription_run(s, c);
    store_close(s);
    return status;
}
