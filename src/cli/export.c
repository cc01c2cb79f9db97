/* export — records out of suivi for scripts and spreadsheets:
 *   - `suivi export actions|members|interactions`: a list through core/export.h
 *     (one read snapshot, a page at a time), on standard output or into a new file;
 *   - the record `suivi add` just wrote, as a line or one JSON object;
 *   - the member a script names (an id or a SIREN), for both commands.
 *
 * A file named by --out is created, never overwritten (O_EXCL), as the interface's
 * E does; with --force it is written beside the old one and renamed over it once
 * complete, so that a reader never sees half of it.  A failed export leaves no
 * file.  Standard output on a terminal gets the rows cleaned of what a terminal
 * would act on (a member named with an escape sequence); redirected, it gets the
 * exact bytes. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "suivi/base/csv.h"
#include "suivi/base/i18n.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/timeutil.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/domain.h"
#include "suivi/core/export.h"
#include "suivi/core/forms.h"
#include "suivi/core/journey.h"
#include "suivi/core/members.h"
#include "suivi/core/query.h"

/* ---- the member a script names ---- */

bool parse_id(const char *t, int64_t *id)
{
    t += *t == '#';
    size_t n = strlen(t);
    if (n == 0 || n > 18 || strspn(t, "0123456789") != n)
        return false;
    *id = strtoll(t, NULL, 10);
    return *id > 0;
}

/* Nine digits are a SIREN, "#" forces an id (a SIREN is never a row id's size, but
 * "#" says it without doubt). */
static bool is_siren(const char *typed, const char *normalized)
{
    return typed[0] != '#' && strlen(normalized) == 9 &&
           strspn(normalized, "0123456789") == 9;
}

bool member_ref_valid(const char *typed)
{
    int64_t id;
    char *n = siren_normalize(typed);
    bool ok = is_siren(typed, n) || parse_id(n, &id);
    free(n);
    return ok;
}

int cli_member(store *s, const char *typed, struct member *out)
{
    char *n = siren_normalize(typed);
    int64_t id = 0;
    int rc = is_siren(typed, n) ? store_member_by_siren(s, n, out)
           : parse_id(n, &id) ? store_member_get(s, id, out) : DOMAIN_INVALID;
    free(n);
    if (rc == STORE_OK)
        return 0;
    if (rc == STORE_NOT_FOUND || rc == DOMAIN_INVALID) {
        say(stderr, _("suivi: --member %s: no such member (an id, #id or SIREN)%s"), typed,
            store_provider_only(s) ? _(", or not shown to a provider's login") : "");
        return EXIT_USAGE;
    }
    say(stderr, "suivi: %s: %s", store_path(s), store_errmsg(s));
    return EXIT_RUNTIME;
}

/* ---- one record as JSON ---- */

static void json_key(FILE *f, const char *key)
{
    fprintf(f, ", \"%s\": ", key);
}

static void json_text(FILE *f, const char *key, const char *v)
{
    json_key(f, key);
    json_write_string(f, v);
}

/* An id, null for none (0). */
static void json_id(FILE *f, const char *key, int64_t v)
{
    json_key(f, key);
    if (v)
        fprintf(f, "%lld", (long long)v);
    else
        fputs("null", f);
}

static void json_int(FILE *f, const char *key, int64_t v)
{
    json_key(f, key);
    fprintf(f, "%lld", (long long)v);
}

/* An instant as stored: "YYYY-MM-DD HH:MM:SS", UTC (as `suivi search --json`). */
static void json_time(FILE *f, const char *key, int64_t t)
{
    char iso[TIME_ISO_LEN];
    time_to_iso(t, iso);
    json_text(f, key, t ? iso : NULL);
}

static void json_begin(FILE *f, int64_t id, const char *kind)
{
    fprintf(f, "{\"id\": %lld, \"kind\": \"%s\"", (long long)id, kind);
}

static const char *pole_name(const struct pole *poles, int n, int64_t id)
{
    for (int i = 0; i < n; i++)
        if (poles[i].id == id)
            return poles[i].name;
    return NULL;
}

void print_added_interaction(store *s, bool json, const struct interaction_form *f)
{
    const struct interaction *it = &f->it;
    if (!json) {
        say(stdout, _("%s: interaction #%lld added"), store_path(s), (long long)it->id);
        return;
    }
    json_begin(stdout, it->id, "interaction");
    json_id(stdout, "member_id", it->member_id);
    json_text(stdout, "member", f->member_name);
    json_text(stdout, "interaction_kind", enum_code(&INTERACTION_KIND_NAMES, (int)it->kind));
    json_time(stdout, "occurred_at", it->occurred_at);
    json_text(stdout, "subject", it->subject);
    json_text(stdout, "body", it->body);
    json_text(stdout, "pole", pole_name(f->poles, f->npoles, it->pole_id));
    json_id(stdout, "contact_id", it->contact_id);
    json_text(stdout, "author", it->author ? it->author : store_login(s));
    fputs("}\n", stdout);
}

void print_added_action(store *s, bool json, const struct action_form *f)
{
    const struct action *a = &f->a;
    if (!json) {
        say(stdout, _("%s: action #%lld added"), store_path(s), (long long)a->id);
        return;
    }
    json_begin(stdout, a->id, "action");
    json_id(stdout, "member_id", a->member_id);
    json_text(stdout, "member", f->member_name);
    json_id(stdout, "interaction_id", a->interaction_id);
    json_text(stdout, "title", a->title);
    json_text(stdout, "description", a->description);
    json_text(stdout, "status", enum_code(&ACTION_STATUS_NAMES, (int)a->status));
    json_int(stdout, "priority", a->priority);
    json_text(stdout, "due", a->due);
    json_text(stdout, "assignee", a->assignee_name);
    json_id(stdout, "assignee_staff_id", a->assignee_staff_id);
    json_id(stdout, "assignee_provider_id", a->assignee_provider_id);
    json_text(stdout, "pole", pole_name(f->poles, f->npoles, a->pole_id));
    json_text(stdout, "created_by", a->created_by ? a->created_by : store_login(s));
    fputs("}\n", stdout);
}

void print_added_note(store *s, bool json, const struct note *n, const struct action *a)
{
    if (!json) {
        say(stdout, _("%s: note #%lld added to action #%lld"), store_path(s),
            (long long)n->id, (long long)a->id);
        return;
    }
    json_begin(stdout, n->id, "note");
    json_id(stdout, "action_id", a->id);
    json_id(stdout, "member_id", a->member_id);
    json_text(stdout, "visibility", enum_code(&NOTE_VISIBILITY_NAMES, (int)n->visibility));
    json_text(stdout, "author", n->author ? n->author : store_login(s));
    json_time(stdout, "at", n->at);
    json_text(stdout, "body", n->body);
    fputs("}\n", stdout);
}

/* ---- the command ---- */

static int check_args(const struct cli *c, enum out_format *format)
{
    *format = OUT_CSV_EXCEL;
    if (c->format && out_format_parse(c->format, format) != 0)
        return usage_error(c->cmd, _("--format: '%s' is not excel, csv, rfc4180 or json"),
                           c->format);
    if ((c->given & OPT_FORCE) && !(c->given & OPT_OUT))
        return usage_error(c->cmd, "%s", _("--force goes with --out FILE"));
    if (c->out && !*c->out)
        return usage_error(c->cmd, "%s", _("--out: empty file name"));
    if (c->member && !member_ref_valid(c->member))
        return usage_error(c->cmd, _("--member: '%s' is not a member id (12 or #12) or a "
                           "SIREN (nine digits)"), c->member);
    return 0;
}

/* What to export: the request, with the query (actions) compiled into q. */
/* A members export's filter: the members pane's (a name's part, stage:, stalled:),
 * into mw and its text buffer *text (the caller frees). */
static int members_filter(const struct config *cfg, const struct cli *c, const char *today,
                          struct member_where *mw, char **text)
{
    *text = xmalloc(strlen(c->query ? c->query : "") + 1);
    struct query_error e;
    if (journey_parse_filter(cfg, c->query, today, mw, *text, &e) == 0)
        return 0;
    say(stderr, _("suivi: --query, column %d: %s"), e.column, e.msg);
    return EXIT_USAGE;
}

static int build_request(store *s, const struct cli *c, struct export_request *r,
                         struct query *q, const char *today)
{
    if (export_what_parse(c->cmd->verb, &r->what) != 0)
        return EXIT_USAGE;
    if (r->what == EXPORT_MEMBERS) {
        /* run_export: r->members */
    } else if (r->what == EXPORT_INTERACTIONS && c->member) {
        struct member m = {0};
        int status = cli_member(s, c->member, &m);
        r->member_id = m.id;
        member_clear(&m);
        return status;
    } else if (r->what == EXPORT_ACTIONS) {
        struct query_error e;
        int rc = query_compile(s, c->query, today, q, &e);
        if (rc == DOMAIN_INVALID && e.column)
            say(stderr, _("suivi: --query, column %d: %s"), e.column, e.msg);
        else if (rc != STORE_OK)
            say(stderr, "suivi: --query: %s", e.msg);
        if (rc != STORE_OK)
            return rc == DOMAIN_INVALID ? EXIT_USAGE : EXIT_RUNTIME;
        r->actions = (struct action_query){ .scope = ACTIONS_OPEN, .today = today,
                                            .where = &q->where };
    }
    return 0;
}

static int export_to(store *s, const struct cli *c, const struct export_request *r)
{
    struct sink k;
    int status = sink_open(c, &k);
    if (status)
        return status;
    long rows = 0;
    char err[ERR_LEN] = "";
    int rc = export_write(s, r, k.f, &rows, err, sizeof err);
    if (rc != STORE_OK)
        say(stderr, "suivi: %s: %s", store_path(s), err);
    status = sink_close(&k, rc == STORE_OK);
    if (status == 0 && c->out && strcmp(c->out, "-") != 0)
        say(stdout, ngettext("%s: %ld row exported", "%s: %ld rows exported", rows), c->out,
            rows);
    if (status == 0 && (fflush(stdout) != 0 || ferror(stdout)))
        status = EXIT_RUNTIME;
    return status;
}

int run_export(const struct config *cfg, const struct cli *c)
{
    struct export_request r = {0};
    int status = check_args(c, &r.format);
    if (status)
        return status;
    store *s;
    if ((status = open_store(cfg, false, &s)) != 0)
        return status;
    char today[DATE_ISO_LEN];
    date_today(today);
    struct query q;
    memset(&q, 0, sizeof q);
    struct member_where mw;
    char *mtext = NULL;
    status = build_request(s, c, &r, &q, today);
    if (status == 0 && r.what == EXPORT_MEMBERS &&
        (status = members_filter(cfg, c, today, &mw, &mtext)) == 0)
        r.members = &mw;
    if (status == 0)
        status = export_to(s, c, &r);
    free(mtext);
    query_free(&q);
    store_close(s);
    return status;
}
