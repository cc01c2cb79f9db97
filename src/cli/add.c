/* add — `suivi add interaction|action|note`: the command-line write path, for
 * scripts and other systems (a form on the syndicate's site, a ticketing tool).
 *
 * A record is built as the interface's form builds it (core/forms.h prefills it:
 * now, the user's pôle, a new action due by the SLA of its priority), the options
 * change what they name, and it is saved through core/domain.h: the same checks,
 * the same audit row under the running login, the same roles (the store refuses a
 * write the login may not make, whatever we check here first).
 *
 * Values that need no database (a kind, a date, a priority, the body from standard
 * input) are checked before it is opened; names that need it (a member, a pôle, a
 * contact, an assignee) right after.  Either way a value that cannot be read is a
 * usage error (status 2) and nothing is written; a refusal by the roles, a busy or
 * broken database is a runtime error (1).  One write per call: a script that adds
 * many records calls suivi many times, each call one transaction. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "suivi/base/dateinput.h"
#include "suivi/base/i18n.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/timeutil.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/domain.h"
#include "suivi/core/forms.h"
#include "suivi/core/members.h"
#include "suivi/core/names.h"
#include "suivi/core/roles.h"
#include "suivi/core/validate.h"

enum due_mode { DUE_SLA, DUE_GIVEN, DUE_NONE };

/* The command line's values, read before the database is opened. */
struct add_values {
    enum interaction_kind kind;
    int64_t at;                      /* --at; 0: now */
    char *text;                      /* --body or --description, owned; NULL: none */
    int priority;                    /* --priority; 0: the default */
    enum due_mode due_mode;
    char due[DATE_ISO_LEN];          /* DUE_GIVEN */
    int64_t from_id, action_id;      /* --from-interaction, --action */
    enum note_visibility visibility;
    bool visibility_given;
};

/* ---- messages ---- */

/* A value that names nothing usable: a usage error, though found with the data. */
static int refuse(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int refuse(const char *fmt, ...)
{
    char msg[2 * ERR_LEN];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    say(stderr, "suivi: %s", msg);
    return EXIT_USAGE;
}

/* A save that failed: a rule of the model refused a value (2), or the store (1). */
static int write_failed(store *s, int rc, const char *err)
{
    return rc == DOMAIN_INVALID ? refuse("%s", err) : cli_fail(s, err);
}

/* ---- values, before the database ---- */

static bool blank(const char *t)
{
    return !t || t[strspn(t, " \t\r\n")] == '\0';
}

/* Standard input whole, as text: at most BODY_MAX_BYTES and no NUL byte; the line
 * breaks at its end dropped (echo and here-documents add one).  0, or a message. */
static int read_stdin(const char *opt, const struct cli_command *cmd, char **out)
{
    size_t cap = 4096, len = 0, n;
    char *buf = xmalloc(cap);
    do {
        if (cap - len < 2) {
            cap *= 2;
            buf = xreallocarray(buf, cap, 1);
        }
        n = fread(buf + len, 1, cap - len - 1, stdin);
        len += n;
    } while (n > 0 && len <= BODY_MAX_BYTES);
    buf[len] = '\0';
    int rc = 0;
    if (ferror(stdin)) {
        say(stderr, _("suivi: %s -: cannot read standard input: %s"), opt, strerror(errno));
        rc = EXIT_RUNTIME;
    }
    else if (len > BODY_MAX_BYTES)
        rc = usage_error(cmd, _("%s -: standard input is longer than 1 MiB, the most a text "
                         "may hold"), opt);
    else if (strlen(buf) != len)
        rc = usage_error(cmd, _("%s -: standard input holds a NUL byte: not text"), opt);
    while (rc == 0 && len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
        buf[--len] = '\0';
    if (rc)
        free(buf);
    else
        *out = buf;
    return rc;
}

/* --body or --description: the text given, or standard input for "-"; required for
 * a note.  Blank is none.  UTF-8, at most BODY_MAX_BYTES. */
static int take_text(const struct cli *c, const char *opt, const char *given, bool required,
                     struct add_values *v)
{
    if (given && strcmp(given, "-") == 0) {
        int rc = read_stdin(opt, c->cmd, &v->text);
        if (rc)
            return rc;
    } else if (given) {
        v->text = xstrdup(given);
    }
    char err[ERR_LEN] = "";
    if (blank(v->text)) {
        free_and_null(&v->text);
        return required ? usage_error(c->cmd, _("%s: required (some text, or - to read it "
                                      "from standard input)"), opt) : 0;
    }
    if (strlen(v->text) > BODY_MAX_BYTES)
        return usage_error(c->cmd, _("%s: longer than 1 MiB, the most a text may hold"), opt);
    if (!validate_required_text(opt, v->text, BODY_MAX_BYTES, err, sizeof err))
        return usage_error(c->cmd, "%s", err);
    return 0;
}

/* "1".."4", "P1".."P4" (or p1). */
static int parse_priority(const struct cli *c, struct add_values *v)
{
    const char *t = c->priority;
    t += *t == 'P' || *t == 'p';
    if (t[0] < '0' + PRIORITY_MIN || t[0] > '0' + PRIORITY_MAX || t[1])
        return usage_error(c->cmd, _("--priority: '%s' is not 1 to 4 (or P1 to P4; P1 is the "
                           "most urgent)"), c->priority);
    v->priority = t[0] - '0';
    return 0;
}

static int parse_due(const struct cli *c, struct add_values *v)
{
    static const char *const none[] = { "none", "aucune", "" };
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++)
        if (strcmp(c->due, none[i]) == 0) {
            v->due_mode = DUE_NONE;
            return 0;
        }
    char err[ERR_LEN] = "";
    if (date_parse_user(c->due, v->due, err, sizeof err) != 0)
        return usage_error(c->cmd, "--due: %s", err);
    v->due_mode = DUE_GIVEN;
    return 0;
}

/* One line of text: required, UTF-8, at most SUBJECT_MAX_CHARS. */
static int check_line(const struct cli *c, const char *opt, const char *t)
{
    char err[ERR_LEN] = "";
    if (!validate_required_text(opt, t, SUBJECT_MAX_CHARS, err, sizeof err))
        return usage_error(c->cmd, "%s", err);
    if (strpbrk(t, "\r\n"))
        return usage_error(c->cmd, _("%s: one line only (a line break is not allowed)"), opt);
    return 0;
}

static int check_interaction(const struct cli *c, struct add_values *v)
{
    int k = enum_from_code(&INTERACTION_KIND_NAMES, c->kind);
    if (k < 0)
        return usage_error(c->cmd, _("--kind: '%s' is not call_in, call_out, email_in, "
                           "email_out, meeting, training, incident, request or key_event"),
                           c->kind);
    v->kind = (enum interaction_kind)k;
    char err[ERR_LEN] = "";
    if (c->at && time_parse_user(c->at, &v->at, err, sizeof err) != 0)
        return usage_error(c->cmd, "--at: %s", err);
    int rc = check_line(c, "--subject", c->subject);
    return rc ? rc : take_text(c, "--body", c->body, false, v);
}

static int check_action(const struct cli *c, struct add_values *v)
{
    if (!c->member && !c->from)
        return usage_error(c->cmd, "%s", _("'suivi add action' needs --member (or "
                           "--from-interaction)"));
    if (!c->title && !c->from)
        return usage_error(c->cmd, "%s", _("'suivi add action' needs --title (or "
                           "--from-interaction, whose subject it takes)"));
    if (c->from && !parse_id(c->from, &v->from_id))
        return usage_error(c->cmd, _("--from-interaction: '%s' is not an interaction "
                           "number"), c->from);
    int rc = c->title ? check_line(c, "--title", c->title) : 0;
    if (rc == 0 && c->priority)
        rc = parse_priority(c, v);
    if (rc == 0 && c->due)
        rc = parse_due(c, v);
    if (rc == 0 && c->assignee && blank(c->assignee))
        rc = usage_error(c->cmd, "%s", _("--assignee: empty (leave it out for nobody)"));
    return rc ? rc : take_text(c, "--description", c->description, false, v);
}

static int check_note(const struct cli *c, struct add_values *v)
{
    if (!parse_id(c->action, &v->action_id))
        return usage_error(c->cmd, _("--action: '%s' is not an action number"), c->action);
    if (c->visibility) {
        int vis = enum_from_code(&NOTE_VISIBILITY_NAMES, c->visibility);
        if (vis < 0)
            return usage_error(c->cmd, _("--visibility: '%s' is not internal, member or "
                               "provider"), c->visibility);
        v->visibility = (enum note_visibility)vis;
        v->visibility_given = true;
    }
    return take_text(c, "--body", c->body, true, v);
}

static int check_values(const struct cli *c, struct add_values *v)
{
    memset(v, 0, sizeof *v);
    const char *verb = c->cmd->verb;
    if (c->member && !member_ref_valid(c->member))
        return usage_error(c->cmd, _("--member: '%s' is not a member id (12 or #12) or a "
                           "SIREN (nine digits)"), c->member);
    if (strcmp(verb, "interaction") == 0)
        return check_interaction(c, v);
    if (strcmp(verb, "action") == 0)
        return check_action(c, v);
    return check_note(c, v);
}

/* ---- names, with the database ---- */

/* A name typed against candidates as core/names.h matches it; the best level must
 * hold one candidate (a script must never get a colleague picked for it). */
#define LISTED 4

static void pick_begin(struct name_pick *p, const char *typed)
{
    name_pick_begin(p, typed, LISTED, sizeof p->names);
}

/* 0 when one candidate won (p->index), else a usage error: none is `none`. */
static int pick_end(struct name_pick *p, const char *opt, const char *typed, const char *none)
{
    name_pick_end(p);
    if (p->count == 1)
        return 0;
    if (p->count == 0)
        return refuse("%s %s: %s", opt, typed, none);
    return refuse(ngettext("%s %s: %d match (%s); give more of the name",
                           "%s %s: %d matches (%s); give more of the name", p->count),
                  opt, typed, p->count, p->names);
}

/* --pole among the form's pôles, as the query language's pole: matches (the
 * start of a name is enough when only one starts so); "" is none. */
static int pole_of(const struct pole *poles, int n, const char *typed, int64_t *pole_id)
{
    if (!typed || !*typed) {
        *pole_id = typed ? 0 : *pole_id;
        return 0;
    }
    struct name_pick p;
    pick_begin(&p, typed);
    for (int i = 0; i < n; i++)
        name_pick_consider(&p, i, poles[i].name, poles[i].name, NULL);
    int rc = pick_end(&p, "--pole", typed, _("no pôle by that name (see 'suivi pole list')"));
    if (rc == 0)
        *pole_id = poles[p.index].id;
    return rc;
}

/* --contact: "#12", or the name of one of the member's active contacts; "" is none. */
static int contact_of(const struct interaction_form *f, const char *typed, int64_t *id)
{
    int64_t want = 0;
    if (!*typed)
        return 0;
    if (typed[0] == '#' && parse_id(typed, &want)) {
        for (int i = 0; i < f->ncontacts; i++)
            if (f->contacts[i].id == want) {
                *id = want;
                return 0;
            }
        return refuse(_("--contact %s: not an active contact of %s"), typed, f->member_name);
    }
    struct name_pick p;
    pick_begin(&p, typed);
    for (int i = 0; i < f->ncontacts; i++)
        name_pick_consider(&p, i, f->contacts[i].name, f->contacts[i].name, NULL);
    int rc = pick_end(&p, "--contact", typed, _("no active contact of this member by that "
                      "name"));
    if (rc == 0)
        *id = f->contacts[p.index].id;
    return rc;
}

static bool is_me(const char *typed)
{
    char *f = fold_for_search(typed);
    bool yes = strcmp(f, "me") == 0 || strcmp(f, "moi") == 0;
    free(f);
    return yes;
}

static void assign_staff(struct action *a, const struct staff *st)
{
    a->assignee_staff_id = st->id;
    a->assignee_provider_id = 0;
    str_replace(&a->assignee_name, st->login);
}

/* --assignee among those the form offers (active staff, active providers): a
 * login exactly, "me", else one name matching best, accents and case folded. */
static int assignee_of(store *s, struct action_form *f, const char *typed)
{
    struct action *a = &f->a;
    bool me = is_me(typed);
    const char *login = me ? store_login(s) : typed;
    for (int i = 0; i < f->nstaff; i++)
        if (strcmp(f->staff[i].login, login) == 0) {
            assign_staff(a, &f->staff[i]);
            return 0;
        }
    if (me)
        return refuse(_("--assignee %s: your login %s is not active staff"), typed, login);
    struct name_pick p;
    pick_begin(&p, typed);
    for (int i = 0; i < f->nstaff; i++) {
        char *label = xasprintf("%s (%s)", f->staff[i].display_name, f->staff[i].login);
        name_pick_consider(&p, i, label, f->staff[i].display_name, f->staff[i].login);
        free(label);
    }
    for (int i = 0; i < f->nproviders; i++)
        name_pick_consider(&p, f->nstaff + i, f->providers[i].name, f->providers[i].name,
                           NULL);
    int rc = pick_end(&p, "--assignee", typed, _("no active colleague or provider by that "
                      "name (see 'suivi staff list', 'suivi provider list')"));
    if (rc == 0 && p.index < f->nstaff) {
        assign_staff(a, &f->staff[p.index]);
    } else if (rc == 0) {
        const struct provider *pr = &f->providers[p.index - f->nstaff];
        a->assignee_staff_id = 0;
        a->assignee_provider_id = pr->id;
        str_replace(&a->assignee_name, pr->name);
    }
    return rc;
}

/* ---- the three commands ---- */

static int add_interaction(store *s, const struct cli *c, struct add_values *v)
{
    struct member m = {0};
    struct interaction_form f = {0};
    char err[ERR_LEN] = "";
    int status = cli_member(s, c->member, &m);
    if (status == 0 && interaction_form_read(s, 0, m.id, &f) != STORE_OK)
        status = cli_fail(s, store_errmsg(s));
    if (status == 0)
        status = pole_of(f.poles, f.npoles, c->pole, &f.it.pole_id);
    if (status == 0 && c->contact)
        status = contact_of(&f, c->contact, &f.it.contact_id);
    if (status == 0) {
        struct interaction *it = &f.it;
        it->kind = v->kind;
        it->occurred_at = v->at ? v->at : it->occurred_at;
        str_replace(&it->subject, c->subject);
        free(it->body);
        it->body = v->text;
        v->text = NULL;
        int rc = interaction_save(s, it, err, sizeof err);
        if (rc != STORE_OK)
            status = write_failed(s, rc, err);
        else
            print_added_interaction(s, c->given & OPT_JSON, &f);
    }
    interaction_form_free(&f);
    member_clear(&m);
    return status;
}

/* --from-interaction: the interaction, which must be --member's when both are given. */
static int origin_of(store *s, const struct cli *c, const struct add_values *v,
                     int64_t *member_id)
{
    struct interaction origin = {0};
    struct member m = {0};
    int status = 0;
    int rc = v->from_id ? store_interaction_get(s, v->from_id, &origin) : STORE_OK;
    if (rc == STORE_NOT_FOUND)
        status = refuse(_("--from-interaction %s: no such interaction"), c->from);
    else if (rc != STORE_OK)
        status = cli_fail(s, store_errmsg(s));
    if (status == 0 && c->member)
        status = cli_member(s, c->member, &m);
    if (status == 0 && c->member && v->from_id && m.id != origin.member_id)
        status = refuse(_("--from-interaction %s is about another member than --member %s "
                        "(leave --member out)"), c->from, c->member);
    *member_id = v->from_id ? origin.member_id : m.id;
    interaction_clear(&origin);
    member_clear(&m);
    return status;
}

/* The options over the prefilled action; a priority given moves the SLA's due
 * date with it, unless --due says otherwise. */
static int fill_action(store *s, const struct cli *c, struct add_values *v,
                       struct action_form *f, const struct sla *sla, const char *today)
{
    struct action *a = &f->a;
    if (c->title)
        str_replace(&a->title, c->title);
    if (v->text) {
        free(a->description);
        a->description = v->text;
        v->text = NULL;
    }
    char due[DATE_ISO_LEN];
    if (v->priority) {
        a->priority = v->priority;
        free_and_null(&a->due);
        if (sla_due(sla, a->priority, today, due) == 0)
            a->due = xstrdup(due);
    }
    if (v->due_mode != DUE_SLA)
        str_replace(&a->due, v->due_mode == DUE_GIVEN ? v->due : NULL);
    int status = pole_of(f->poles, f->npoles, c->pole, &a->pole_id);
    return status == 0 && c->assignee ? assignee_of(s, f, c->assignee) : status;
}

static int add_action(store *s, const struct config *cfg, const struct cli *c,
                      struct add_values *v)
{
    struct sla sla;
    _Static_assert(sizeof sla.days == sizeof cfg->sla_days, "[sla] is one day count per "
                   "priority");
    memcpy(sla.days, cfg->sla_days, sizeof sla.days);
    char today[DATE_ISO_LEN], err[ERR_LEN] = "";
    date_today(today);
    int64_t member_id = 0;
    struct action_form f = {0};
    int status = origin_of(s, c, v, &member_id);
    if (status == 0 &&
        action_form_read(s, 0, member_id, v->from_id, today, &sla, &f) != STORE_OK)
        status = cli_fail(s, store_errmsg(s));
    if (status == 0)
        status = fill_action(s, c, v, &f, &sla, today);
    if (status == 0) {
        int rc = action_save(s, &f.a, err, sizeof err);
        if (rc != STORE_OK)
            status = write_failed(s, rc, err);
        else
            print_added_action(s, c->given & OPT_JSON, &f);
    }
    action_form_free(&f);
    return status;
}

static int add_note(store *s, const struct cli *c, struct add_values *v)
{
    struct action a = {0};
    char err[ERR_LEN] = "";
    int status = 0, rc = store_action_get(s, v->action_id, &a);
    if (rc == STORE_NOT_FOUND)
        status = refuse(_("--action %s: no such action%s"), c->action, store_provider_only(s)
                        ? _(", or not one of your provider's") : "");
    else if (rc != STORE_OK)
        status = cli_fail(s, store_errmsg(s));
    /* As the interface's note form: a provider's login writes for providers. */
    enum note_visibility vis = v->visibility_given ? v->visibility
                             : store_provider_only(s) ? NOTE_PROVIDER : NOTE_INTERNAL;
    struct note n = { .action_id = v->action_id, .visibility = vis, .body = v->text };
    v->text = NULL;
    if (status == 0 && (rc = note_add(s, &n, err, sizeof err)) != STORE_OK)
        status = write_failed(s, rc, err);
    else if (status == 0)
        print_added_note(s, c->given & OPT_JSON, &n, &a);
    note_clear(&n);
    action_clear(&a);
    return status;
}

/* ---- the command ---- */

/* What the roles let this login try (roles.h), said before any name is looked up:
 * a provider's login sees no member, and "no such member" would mislead.  The
 * store checks again on the write itself. */
static int check_role(store *s, enum verb verb)
{
    struct me me;
    if (me_load(s, &me) != STORE_OK)
        return cli_fail(s, store_errmsg(s));
    return role_can(&me, verb) ? 0 : cli_fail(s, role_refusal(&me, verb));
}

int run_add(const struct config *cfg, const struct cli *c)
{
    struct add_values v;
    const char *verb = c->cmd->verb;
    bool note = strcmp(verb, "note") == 0;
    int status = check_values(c, &v);
    store *s = NULL;
    if (status == 0)
        status = open_store(cfg, false, &s);
    if (status == 0)
        status = check_role(s, note ? VERB_UPDATE : VERB_WRITE);
    if (status == 0 && note)
        status = add_note(s, c, &v);
    else if (status == 0 && strcmp(verb, "action") == 0)
        status = add_action(s, cfg, c, &v);
    else if (status == 0)
        status = add_interaction(s, c, &v);
    if (status == 0 && (fflush(stdout) != 0 || ferror(stdout)))
        status = EXIT_RUNTIME;
    if (s)
        store_close(s);
    free(v.text);
    return status;
}
