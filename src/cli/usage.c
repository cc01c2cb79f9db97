/* usage — `suivi import usage FILE`, `suivi service list|add`, `suivi subscription
 * add|list`: the services, who subscribes to them, and the monthly figures of
 * their use.  The catalogue and subscriptions are an admin's to change (the store
 * says so where every write passes); the import goes through core/usage_import.h. */
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
#include "suivi/base/csv.h"
#include "suivi/base/sanitize.h"
#include "suivi/core/domain.h"
#include "suivi/core/report.h"
#include "suivi/core/usage_import.h"
#include "suivi/store/usage.h"

#define FILE_MAX (64L << 20)     /* a usage file: a few MB; more is not one */

static int fail(store *s, const char *msg)
{
    say(stderr, "suivi: %s: %s", store_path(s), msg);
    return EXIT_RUNTIME;
}

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
        return fail(s, store_errmsg(s));
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
        return fail(s, store_errmsg(s));
    say(stdout, _("%s: service %s added"), store_path(s), c->words[0]);
    return 0;
}

/* The service a user typed: its code, or its name (accents and case aside). */
static int find_service(store *s, const char *typed, int64_t *id)
{
    struct service *sv = NULL;
    int n = 0;
    if (store_services(s, &sv, &n) != STORE_OK)
        return fail(s, store_errmsg(s));
    *id = 0;
    for (int i = 0; i < n && !*id; i++)
        if (strcmp(sv[i].code, typed) == 0 || strcasecmp(sv[i].name, typed) == 0)
            *id = sv[i].id;
    services_free(sv, n);
    if (*id)
        return 0;
    say(stderr, _("suivi: %s: '%s' is not a service (suivi service list)"), store_path(s),
        typed);
    return EXIT_USAGE;
}

static int date_of(const char *what, const char *typed, char out[DATE_ISO_LEN])
{
    char err[256];
    if (date_parse_user(typed, out, err, sizeof err) == 0)
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
        status = find_service(s, c->words[1], &sub.service_id);
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
            status = fail(s, store_errmsg(s));
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
        status = fail(s, store_errmsg(s));
    if (status == 0) {
        static const char *const head[] = { "SERVICE", "NAME", "SINCE", "UNTIL", "CONVENTION" };
        struct table t;
        table_init(&t, 5, head);
        for (int i = 0; i < n; i++) {
            const char *row[] = { sub[i].service_code, sub[i].service_name, sub[i].since,
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
        status = strcmp(verb, "add") == 0 ? subscription_add(s, c) : subscription_list(s, c);
    store_close(s);
    return status;
}

/* ---- suivi report ---- */

/* A line of the report: it holds names from the database, cleaned of control
 * characters before any reaches the terminal or the file. */
static void print_line(void *ctx, const char *text, bool heading)
{
    FILE *f = ctx;
    if (heading)
        fputc('\n', f);
    char *clean = san_line_dup(text);
    fprintf(f, "%s\n", clean);
    free(clean);
}

/* The report's figures as rows: section, label, and two values. */
static void csv_rows(struct table_out *t, const char *section, const struct stat_row *r, int n)
{
    for (int i = 0; i < n; i++) {
        table_text(t, section);
        table_text(t, r[i].label);
        table_int(t, r[i].a);
        table_int(t, r[i].b);
        table_end_row(t);
    }
}

static void csv_duration(struct table_out *t, const char *what, const struct durations *d)
{
    table_text(t, "durations_s");
    table_text(t, what);
    table_int(t, (int64_t)d->median_s);
    table_int(t, (int64_t)d->p90_s);
    table_end_row(t);
}

static int report_csv(const struct report *r, FILE *f)
{
    static const char *const cols[] = { "section", "label", "a", "b", NULL };
    struct table_out t;
    table_begin(&t, f, OUT_CSV_EXCEL, cols);
    csv_rows(&t, "open_by_pole", r->by_pole, r->npole);
    csv_rows(&t, "open_by_assignee", r->by_assignee, r->nassignee);
    csv_rows(&t, "open_by_provider", r->by_provider, r->nprovider);
    csv_rows(&t, "week_opened_closed", r->weeks, r->nweeks);
    csv_duration(&t, "first_response", &r->first_response);
    csv_duration(&t, "resolution", &r->resolution);
    csv_duration(&t, "provider_wait", &r->provider_wait);
    csv_rows(&t, "interactions_by_kind", r->kinds, r->nkinds);
    csv_rows(&t, "members_by_stage", r->stages, r->nstages);
    csv_rows(&t, "usage_by_service_month", r->usage, r->nusage);
    csv_rows(&t, "departement_open_interactions", r->departements, r->ndepartements);
    return table_end(&t);
}

int run_report(const struct config *cfg, const struct cli *c)
{
    char today[DATE_ISO_LEN], err[ERR_LEN] = "";
    date_today(today);
    struct period p;
    if (period_parse(c->period, today, &p, err, sizeof err) != 0)
        return usage_error(c->cmd, "%s", err);
    bool csv = c->format && strcmp(c->format, "csv") == 0;
    bool html = c->format && strcmp(c->format, "html") == 0;
    if (c->format && !csv && !html && strcmp(c->format, "text") != 0)
        return usage_error(c->cmd, _("--format: '%s' is not text, csv or html"), c->format);
    store *s;
    int status = open_store(cfg, false, &s);
    if (status)
        return status;
    struct report r;
    if (report_build(s, cfg, &p, today, &r) != STORE_OK) {
        status = fail(s, store_errmsg(s));
    } else {
        if (csv)
            status = report_csv(&r, stdout) == 0 ? 0 : EXIT_RUNTIME;
        else if (html)
            status = report_html(&r, cfg, stdout) == 0 ? 0 : EXIT_RUNTIME;
        else
            report_text(&r, cfg, 80, !san_locale_is_utf8(), print_line, stdout);
        report_free(&r);
    }
    store_close(s);
    return status;
}
