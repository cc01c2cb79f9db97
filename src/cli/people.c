/* people — `suivi staff|pole|provider …`: the team and its partners from the
 * command line, for admins and scripts.  Values are checked before the database is
 * opened (a bad one is a usage error, status 2); what depends on the data (a name
 * taken, the last admin, a pôle that does not exist) is a runtime error (1).
 * Every write goes through core/people, after role_can(me, VERB_ADMIN). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "suivi/base/i18n.h"
#include "suivi/core/people.h"
#include "suivi/core/roles.h"
#include "suivi/core/validate.h"
#include "suivi/base/xalloc.h"

/* ---- before the database: the values ---- */

static bool check_name(const char *what, const char *v, char *err)
{
    return validate_required_text(what, v, NAME_MAX_CHARS, err, ERR_LEN);
}

/* The values of the options given, each as its field's rule says. */
static bool check_options(const struct cli *c, char *err)
{
    option_bits g = c->given;
    bool provider = strcmp(c->cmd->group, "provider") == 0;
    if ((g & OPT_ROLE) && people_role_from_code(c->role, err, ERR_LEN) < 0)
        return false;
    if ((g & OPT_NAME) && !check_name(_("name"), c->name, err))
        return false;
    if ((g & OPT_POLE) && !check_name(_("pôle"), c->pole, err))
        return false;
    if (provider && (g & OPT_EMAIL) && !validate_email(c->email, err, ERR_LEN))
        return false;
    if (provider && (g & OPT_PHONE) && !validate_phone(c->phone, err, ERR_LEN))
        return false;
    if (provider && (g & OPT_CONTACT) && *c->contact && !check_name(_("contact"), c->contact,
                                                                     err))
        return false;
    return true;
}

int people_check_args(const struct cli *c)
{
    const struct cli_command *cmd = c->cmd;
    const char *verb = cmd->verb;
    char err[ERR_LEN] = "";
    bool adds = strcmp(verb, "add") == 0;
    bool ok = check_options(c, err);
    if (ok && adds && strcmp(cmd->group, "staff") == 0)
        ok = people_login_valid(c->words[0], err, sizeof err);
    else if (ok && adds)
        ok = check_name(_("name"), c->words[0], err);
    else if (ok && strcmp(verb, "rename") == 0)
        ok = check_name(_("name"), c->words[1], err);
    if (!ok)
        return usage_error(cmd, "%s", err);
    if (strcmp(verb, "edit") == 0 && !(c->given & cmd->options))
        return usage_error(cmd, "%s", _("nothing to change: give at least one option"));
    return 0;
}

/* ---- with the database ---- */

static int done(store *s, const char *what, const char *who)
{
    say(stdout, "%s: %s: %s", store_path(s), who, what);
    return 0;
}

int run_people(const struct config *cfg, const struct cli *c)
{
    store *s;
    int rc = open_store(cfg, false, &s);
    if (rc)
        return rc;
    if (c->cmd->admin) {
        struct me me;
        if (me_load(s, &me) != STORE_OK)
            rc = cli_fail(s, store_errmsg(s));
        else if (!role_can(&me, VERB_ADMIN))
            rc = cli_fail(s, role_refusal(&me, VERB_ADMIN));
    }
    if (rc == 0)
        rc = c->cmd->run(s, c);
    store_close(s);
    return rc;
}

/* Codes, as the ROLE column prints its code: scripts read these lists, and a code
 * does not change with the user's language. */
static const char *active_or_disabled(bool disabled)
{
    return disabled ? "disabled" : "active";
}

/* ---- staff ---- */

/* The pôle named by --pole into *pole_id (unchanged without the option; 0 for
 * --no-pole). */
static int pole_of(store *s, const struct cli *c, int64_t *pole_id, char *err)
{
    if (c->given & OPT_NO_POLE)
        *pole_id = 0;
    if (!(c->given & OPT_POLE))
        return STORE_OK;
    struct pole p = {0};
    int rc = people_find_pole(s, c->pole, &p, err, ERR_LEN);
    if (rc == STORE_OK)
        *pole_id = p.id;
    pole_clear(&p);
    return rc;
}

int run_staff_add(store *s, const struct cli *c)
{
    char err[ERR_LEN] = "";
    struct staff st = {
        .login = xstrdup(c->words[0]), .display_name = xstrdup(c->name),
        .role = c->role ? (enum staff_role)people_role_from_code(c->role, NULL, 0)
                        : SROLE_STAFF,
    };
    int rc = pole_of(s, c, &st.pole_id, err);
    if (rc == STORE_OK)
        rc = people_staff_save(s, &st, err, sizeof err);
    char what[ERR_LEN];
    snprintf(what, sizeof what, _("added as staff (%s), role %s"), st.display_name,
             enum_code(&STAFF_ROLE_NAMES, (int)st.role));
    int status = rc == STORE_OK ? done(s, what, st.login) : cli_fail(s, err);
    staff_clear(&st);
    return status;
}

int run_staff_list(store *s, const struct cli *c)
{
    (void)c;
    struct staff *all = NULL;
    int n = 0;
    if (store_staff_list(s, &all, &n) != STORE_OK)
        return cli_fail(s, store_errmsg(s));
    const char *header[] = { _("LOGIN"), _("NAME"), _("ROLE"), _("PÔLE"), _("STATUS"),
                             _("OPEN") };
    struct table t;
    table_init(&t, 6, header);
    for (int i = 0; i < n; i++) {
        char open[16];
        snprintf(open, sizeof open, "%d", all[i].open_actions);
        const char *row[] = { all[i].login, all[i].display_name,
                              enum_code(&STAFF_ROLE_NAMES, (int)all[i].role),
                              all[i].pole_name, active_or_disabled(all[i].disabled), open };
        table_add(&t, row);
    }
    int rc = table_print(&t, stdout);
    table_free(&t);
    staff_list_free(all, n);
    return rc;
}

/* Read the staff member named by LOGIN, let change() edit it, save it. */
static int edit_staff(store *s, const struct cli *c,
                      int (*change)(store *, const struct cli *, struct staff *, char *),
                      const char *what_done)
{
    char err[ERR_LEN] = "";
    struct staff st = {0};
    int rc = people_find_staff(s, c->words[0], &st, err, sizeof err);
    int64_t version = st.version;
    if (rc == STORE_OK)
        rc = change(s, c, &st, err);
    if (rc == STORE_OK)
        rc = people_staff_save(s, &st, err, sizeof err);
    int status = rc != STORE_OK ? cli_fail(s, err)
               : done(s, st.version == version ? _("nothing to change") : _(what_done),
                      st.login);
    staff_clear(&st);
    return status;
}

static int change_staff(store *s, const struct cli *c, struct staff *st, char *err)
{
    if (c->given & OPT_NAME)
        str_replace(&st->display_name, c->name);
    if (c->given & OPT_ROLE)
        st->role = (enum staff_role)people_role_from_code(c->role, NULL, 0);
    return pole_of(s, c, &st->pole_id, err);
}

static int disable_staff(store *s, const struct cli *c, struct staff *st, char *err)
{
    (void)s, (void)c, (void)err;
    st->disabled = true;
    return STORE_OK;
}

static int enable_staff(store *s, const struct cli *c, struct staff *st, char *err)
{
    (void)s, (void)c, (void)err;
    st->disabled = false;
    return STORE_OK;
}

int run_staff_edit(store *s, const struct cli *c)
{
    return edit_staff(s, c, change_staff, N_("updated"));
}

int run_staff_disable(store *s, const struct cli *c)
{
    return edit_staff(s, c, disable_staff, N_("disabled"));
}

int run_staff_enable(store *s, const struct cli *c)
{
    return edit_staff(s, c, enable_staff, N_("enabled"));
}

/* ---- pôles ---- */

int run_pole_add(store *s, const struct cli *c)
{
    char err[ERR_LEN] = "";
    struct pole p = { .name = xstrdup(c->words[0]) };
    int rc = people_pole_save(s, &p, err, sizeof err);
    int status = rc == STORE_OK ? done(s, _("pôle added"), p.name) : cli_fail(s, err);
    pole_clear(&p);
    return status;
}

int run_pole_list(store *s, const struct cli *c)
{
    (void)c;
    struct pole *all = NULL;
    int n = 0;
    if (store_poles_list(s, &all, &n) != STORE_OK)
        return cli_fail(s, store_errmsg(s));
    const char *header[] = { _("NAME"), _("STAFF") };
    struct table t;
    table_init(&t, 2, header);
    for (int i = 0; i < n; i++) {
        char count[16];
        snprintf(count, sizeof count, "%d", all[i].staff_count);
        const char *row[] = { all[i].name, count };
        table_add(&t, row);
    }
    int rc = table_print(&t, stdout);
    table_free(&t);
    poles_free(all, n);
    return rc;
}

int run_pole_rename(store *s, const struct cli *c)
{
    char err[ERR_LEN] = "";
    struct pole p = {0};
    int rc = people_find_pole(s, c->words[0], &p, err, sizeof err);
    char *old = xstrdup(p.name);
    if (rc == STORE_OK) {
        str_replace(&p.name, c->words[1]);
        rc = people_pole_save(s, &p, err, sizeof err);
    }
    char what[ERR_LEN];
    snprintf(what, sizeof what, _("now named %s"), p.name ? p.name : "");
    int status = rc == STORE_OK ? done(s, what, old) : cli_fail(s, err);
    free(old);
    pole_clear(&p);
    return status;
}

/* ---- providers ---- */

/* The options given, into p ("" clears a field). */
static void provider_options(const struct cli *c, struct provider *p)
{
    if (c->given & OPT_NAME)
        str_replace(&p->name, c->name);
    if (c->given & OPT_EMAIL)
        str_replace(&p->email, c->email);
    if (c->given & OPT_PHONE)
        str_replace(&p->phone, c->phone);
    if (c->given & OPT_CONTACT)
        str_replace(&p->contact, c->contact);
}

int run_provider_add(store *s, const struct cli *c)
{
    char err[ERR_LEN] = "";
    struct provider p = { .name = xstrdup(c->words[0]) };
    provider_options(c, &p);
    int rc = people_provider_save(s, &p, err, sizeof err);
    int status = rc == STORE_OK ? done(s, _("provider added"), p.name) : cli_fail(s, err);
    provider_clear(&p);
    return status;
}

int run_provider_list(store *s, const struct cli *c)
{
    (void)c;
    struct provider *all = NULL;
    int n = 0;
    if (store_providers_list(s, &all, &n) != STORE_OK)
        return cli_fail(s, store_errmsg(s));
    const char *header[] = { _("NAME"), _("EMAIL"), _("PHONE"), _("CONTACT"), _("STATUS"),
                             _("OPEN") };
    struct table t;
    table_init(&t, 6, header);
    for (int i = 0; i < n; i++) {
        char open[16];
        snprintf(open, sizeof open, "%d", all[i].open_actions);
        const char *row[] = { all[i].name, all[i].email, all[i].phone, all[i].contact,
                              active_or_disabled(all[i].disabled), open };
        table_add(&t, row);
    }
    int rc = table_print(&t, stdout);
    table_free(&t);
    providers_free(all, n);
    return rc;
}

enum provider_change { PROVIDER_EDIT, PROVIDER_DISABLE, PROVIDER_ENABLE };

static int edit_provider(store *s, const struct cli *c, enum provider_change how,
                         const char *what_done)
{
    char err[ERR_LEN] = "";
    struct provider p = {0};
    int rc = people_find_provider(s, c->words[0], &p, err, sizeof err);
    int64_t version = p.version;
    if (rc == STORE_OK) {
        if (how == PROVIDER_EDIT)
            provider_options(c, &p);
        else
            p.disabled = how == PROVIDER_DISABLE;
        rc = people_provider_save(s, &p, err, sizeof err);
    }
    int status = rc != STORE_OK ? cli_fail(s, err)
               : done(s, p.version == version ? _("nothing to change") : _(what_done), p.name);
    provider_clear(&p);
    return status;
}

int run_provider_edit(store *s, const struct cli *c)
{
    return edit_provider(s, c, PROVIDER_EDIT, N_("updated"));
}

int run_provider_disable(store *s, const struct cli *c)
{
    return edit_provider(s, c, PROVIDER_DISABLE, N_("disabled"));
}

int run_provider_enable(store *s, const struct cli *c)
{
    return edit_provider(s, c, PROVIDER_ENABLE, N_("enabled"));
}

int run_provider_login(store *s, const struct cli *c)
{
    char err[ERR_LEN] = "";
    struct provider p = {0};
    int rc = people_find_provider(s, c->words[0], &p, err, sizeof err);
    if (rc == STORE_OK && store_provider_login_add(s, p.id, c->words[1]) != STORE_OK)
        snprintf(err, sizeof err, "%s", store_errmsg(s)), rc = STORE_ERROR;
    char *what = rc == STORE_OK ? xasprintf(_("works as %s's"), p.name) : NULL;
    int status = rc == STORE_OK ? done(s, what, c->words[1]) : cli_fail(s, err);
    free(what);
    provider_clear(&p);
    return status;
}

int run_provider_logout(store *s, const struct cli *c)
{
    if (store_provider_login_remove(s, c->words[0]) != STORE_OK)
        return cli_fail(s, store_errmsg(s));
    return done(s, _("no longer a provider's login"), c->words[0]);
}
