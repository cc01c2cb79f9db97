/* people — the rules about staff, pôles and providers (see people.h).  Checks that
 * depend on what is stored (a name taken, the last admin) run inside one write
 * transaction with the write itself, so that nobody can slip in between. */
#include "suivi/core/people.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suivi/base/i18n.h"
#include "suivi/base/login.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/domain.h"
#include "suivi/core/validate.h"

/* A value is quoted in a message only when it is short printable ASCII: messages
 * reach terminals (as in validate.c). */
static const char *quotable(const char *v)
{
    size_t n = v ? strlen(v) : 0;
    if (n == 0 || n > 40)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (v[i] < 0x20 || v[i] > 0x7e)
            return NULL;
    return v;
}

static int invalid(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int invalid(char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return DOMAIN_INVALID;
}

/* The store's message is already a sentence naming what is wrong (a duplicate, a
 * busy or replaced file); a conflict says what to do. */
static int explain(store *s, int rc, char *err, size_t errlen)
{
    if (rc == STORE_OK || rc == DOMAIN_INVALID || !err || !errlen)
        return rc;
    if (rc == STORE_CONFLICT)
        snprintf(err, errlen, "%s", _("changed by someone else since you read it; read it "
                 "again and try again"));
    else
        snprintf(err, errlen, "%s", store_errmsg(s));
    return rc;
}

/* ---- values ---- */

bool people_login_valid(const char *login, char *err, size_t errlen)
{
    size_t n = login ? strlen(login) : 0;
    bool ok = n > 0 && n <= LOGIN_MAX_CHARS &&
              ((login[0] >= 'a' && login[0] <= 'z') || login[0] == '_');
    for (size_t i = 1; ok && i < n; i++) {
        char c = login[i];
        ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || strchr("_.-", c);
    }
    if (ok)
        return true;
    const char *q = quotable(login);
    if (q)
        invalid(err, errlen, _("login %s: a login is 1 to %d lower-case letters, digits, "
                "'_', '.' or '-', starting with a letter or '_'"), q, LOGIN_MAX_CHARS);
    else
        invalid(err, errlen, _("login: a login is 1 to %d lower-case letters, digits, "
                "'_', '.' or '-', starting with a letter or '_'"), LOGIN_MAX_CHARS);
    return false;
}

int people_role_from_code(const char *code, char *err, size_t errlen)
{
    int role = enum_from_code(&STAFF_ROLE_NAMES, code);
    if (role >= 0)
        return role;
    const char *q = quotable(code);
    if (q)
        invalid(err, errlen, _("role %s: the roles are admin, staff and readonly"), q);
    else
        invalid(err, errlen, "%s", _("role: the roles are admin, staff and readonly"));
    return -1;
}

/* Optional free text (a provider's contact person). */
static bool optional_text(const char *what, const char *v, char *err, size_t errlen)
{
    return !v || !*v || validate_required_text(what, v, NAME_MAX_CHARS, err, errlen);
}

static bool staff_fields_valid(const struct staff *st, char *err, size_t errlen)
{
    if (!validate_required_text(_("name"), st->display_name, NAME_MAX_CHARS, err, errlen))
        return false;
    if ((unsigned)st->role >= SROLE_COUNT) {
        invalid(err, errlen, "%s", _("role: the roles are admin, staff and readonly"));
        return false;
    }
    return true;
}

bool people_staff_validate(const struct staff *st, char *err, size_t errlen)
{
    return people_login_valid(st->login, err, errlen) && staff_fields_valid(st, err, errlen);
}

bool people_pole_validate(const struct pole *p, char *err, size_t errlen)
{
    return validate_required_text(_("name"), p->name, NAME_MAX_CHARS, err, errlen);
}

bool people_provider_validate(const struct provider *p, char *err, size_t errlen)
{
    return validate_required_text(_("name"), p->name, NAME_MAX_CHARS, err, errlen) &&
           validate_email(p->email, err, errlen) && validate_phone(p->phone, err, errlen) &&
           optional_text(_("contact"), p->contact, err, errlen);
}

/* ---- finding by name ---- */

static bool same_folded(const char *a, const char *b)
{
    char *fa = fold_for_search(a ? a : ""), *fb = fold_for_search(b ? b : "");
    bool same = strcmp(fa, fb) == 0;
    free(fa);
    free(fb);
    return same;
}

/* The names and ids of a list of pôles or providers, borrowed. */
struct names {
    const char **name;
    int64_t *id;
    int n;
};

static void names_init(struct names *nm, int n)
{
    nm->name = xcalloc((size_t)n + 1, sizeof *nm->name);
    nm->id = xcalloc((size_t)n + 1, sizeof *nm->id);
    nm->n = n;
}

static void names_of_poles(struct names *nm, const struct pole *a, int n)
{
    names_init(nm, n);
    for (int i = 0; i < n; i++)
        nm->name[i] = a[i].name, nm->id[i] = a[i].id;
}

static void names_of_providers(struct names *nm, const struct provider *a, int n)
{
    names_init(nm, n);
    for (int i = 0; i < n; i++)
        nm->name[i] = a[i].name, nm->id[i] = a[i].id;
}

static void names_free(struct names *nm)
{
    free(nm->name);
    free(nm->id);
}

/* The first index whose name folds like name (skipping the record skip_id), -1 for
 * none; *several when more than one does. */
static int folded_match(const struct names *nm, const char *name, int64_t skip_id,
                        bool *several)
{
    int found = -1;
    *several = false;
    for (int i = 0; i < nm->n; i++) {
        if (nm->id[i] == skip_id || !same_folded(name, nm->name[i]))
            continue;
        if (found >= 0)
            *several = true;
        else
            found = i;
    }
    return found;
}

int people_find_pole(store *s, const char *name, struct pole *out, char *err, size_t errlen)
{
    int rc = store_pole_by_name(s, name, out);
    if (rc != STORE_NOT_FOUND)
        return explain(s, rc, err, errlen);
    struct pole *all = NULL;
    int n = 0;
    if ((rc = store_poles_list(s, &all, &n)) != STORE_OK)
        return explain(s, rc, err, errlen);
    struct names nm;
    names_of_poles(&nm, all, n);
    bool several;
    int k = folded_match(&nm, name, 0, &several);
    if (several) {
        rc = invalid(err, errlen, _("several pôles have a name like %s: give it exactly"),
                     name);
    } else if (k >= 0) {
        *out = all[k];
        all[k] = (struct pole){0};
    } else {
        rc = STORE_NOT_FOUND;
        invalid(err, errlen, _("no pôle is named %s (see 'suivi pole list')"), name);
    }
    names_free(&nm);
    poles_free(all, n);
    return rc;
}

int people_find_provider(store *s, const char *name, struct provider *out,
                         char *err, size_t errlen)
{
    int rc = store_provider_by_name(s, name, out);
    if (rc != STORE_NOT_FOUND)
        return explain(s, rc, err, errlen);
    struct provider *all = NULL;
    int n = 0;
    if ((rc = store_providers_list(s, &all, &n)) != STORE_OK)
        return explain(s, rc, err, errlen);
    struct names nm;
    names_of_providers(&nm, all, n);
    bool several;
    int k = folded_match(&nm, name, 0, &several);
    if (several) {
        rc = invalid(err, errlen, _("several providers have a name like %s: give it "
                     "exactly"), name);
    } else if (k >= 0) {
        *out = all[k];
        all[k] = (struct provider){0};
    } else {
        rc = STORE_NOT_FOUND;
        invalid(err, errlen, _("no provider is named %s (see 'suivi provider list')"), name);
    }
    names_free(&nm);
    providers_free(all, n);
    return rc;
}

int people_find_staff(store *s, const char *login, struct staff *out,
                      char *err, size_t errlen)
{
    int rc = store_staff_by_login(s, login, out);
    if (rc == STORE_NOT_FOUND)
        invalid(err, errlen, _("no staff member has the login %s (see 'suivi staff list')"),
                login);
    else
        explain(s, rc, err, errlen);
    return rc;
}

/* ---- writes ---- */

/* One write transaction around fn, which may refuse (DOMAIN_INVALID) or fail. */
static int in_transaction(store *s, int (*fn)(store *, void *, char *, size_t), void *rec,
                          char *err, size_t errlen)
{
    int rc = store_begin(s);
    if (rc != STORE_OK)
        return explain(s, rc, err, errlen);
    rc = fn(s, rec, err, errlen);
    if (rc == STORE_OK)
        return explain(s, store_commit(s), err, errlen);
    store_rollback(s);
    return rc;
}

static bool active_admin(const struct staff *st)
{
    return st->role == SROLE_ADMIN && !st->disabled;
}

/* Under the write lock: would this update leave no active admin? */
static int keep_an_admin(store *s, const struct staff *st, char *err, size_t errlen)
{
    struct staff old = {0};
    int rc = store_staff_get(s, st->id, &old);
    if (rc == STORE_OK && old.version == st->version && active_admin(&old) &&
        !active_admin(st)) {
        int admins = 0;
        rc = store_admin_count(s, &admins);
        if (rc == STORE_OK && admins <= 1)
            rc = invalid(err, errlen, _("at least one admin must remain: %s is the last "
                         "active admin (make someone else admin first)"), old.login);
    }
    staff_clear(&old);
    /* Gone under us (removed by hand): a conflict, said as one. */
    return explain(s, rc == STORE_NOT_FOUND ? STORE_CONFLICT : rc, err, errlen);
}

static int save_staff(store *s, void *rec, char *err, size_t errlen)
{
    struct staff *st = rec;
    if (!st->id)
        return explain(s, store_staff_add(s, st), err, errlen);
    int rc = keep_an_admin(s, st, err, errlen);
    if (rc == STORE_OK)
        rc = store_staff_update(s, st);
    return explain(s, rc, err, errlen);
}

int people_staff_save(store *s, struct staff *st, char *err, size_t errlen)
{
    /* The login is checked when it is chosen; an old one (uid1234, from another
     * system) may be kept as it is. */
    bool ok = st->id ? staff_fields_valid(st, err, errlen) : people_staff_validate(st, err, errlen);
    if (!ok)
        return DOMAIN_INVALID;
    int64_t id = st->id;
    int rc = in_transaction(s, save_staff, st, err, errlen);
    if (rc != STORE_OK && !id)
        st->id = 0;
    return rc;
}

/* Under the write lock: a name taken, once folded, by another record. */
static int pole_name_taken(store *s, const struct pole *p, char *err, size_t errlen)
{
    struct pole *all = NULL;
    int n = 0;
    int rc = store_poles_list(s, &all, &n);
    if (rc != STORE_OK)
        return explain(s, rc, err, errlen);
    struct names nm;
    names_of_poles(&nm, all, n);
    bool several;
    int k = folded_match(&nm, p->name, p->id, &several);
    if (k >= 0) {
        rc = STORE_CONSTRAINT;
        invalid(err, errlen, _("a pôle named %s already exists (#%lld)"), all[k].name,
                (long long)all[k].id);
    }
    names_free(&nm);
    poles_free(all, n);
    return rc;
}

static int save_pole(store *s, void *rec, char *err, size_t errlen)
{
    struct pole *p = rec;
    int rc = pole_name_taken(s, p, err, errlen);
    if (rc == STORE_OK)
        rc = explain(s, p->id ? store_pole_rename(s, p) : store_pole_add(s, p), err, errlen);
    return rc;
}

int people_pole_save(store *s, struct pole *p, char *err, size_t errlen)
{
    if (!people_pole_validate(p, err, errlen))
        return DOMAIN_INVALID;
    int64_t id = p->id;
    int rc = in_transaction(s, save_pole, p, err, errlen);
    if (rc != STORE_OK && !id)
        p->id = 0;
    return rc;
}

static int provider_name_taken(store *s, const struct provider *p, char *err, size_t errlen)
{
    struct provider *all = NULL;
    int n = 0;
    int rc = store_providers_list(s, &all, &n);
    if (rc != STORE_OK)
        return explain(s, rc, err, errlen);
    struct names nm;
    names_of_providers(&nm, all, n);
    bool several;
    int k = folded_match(&nm, p->name, p->id, &several);
    if (k >= 0) {
        rc = STORE_CONSTRAINT;
        invalid(err, errlen, _("a provider named %s already exists (#%lld)"), all[k].name,
                (long long)all[k].id);
    }
    names_free(&nm);
    providers_free(all, n);
    return rc;
}

static int save_provider(store *s, void *rec, char *err, size_t errlen)
{
    struct provider *p = rec;
    int rc = provider_name_taken(s, p, err, errlen);
    if (rc == STORE_OK)
        rc = explain(s, p->id ? store_provider_update(s, p) : store_provider_add(s, p), err,
                     errlen);
    return rc;
}

int people_provider_save(store *s, struct provider *p, char *err, size_t errlen)
{
    if (!people_provider_validate(p, err, errlen))
        return DOMAIN_INVALID;
    int64_t id = p->id;
    int rc = in_transaction(s, save_provider, p, err, errlen);
    if (rc != STORE_OK && !id)
        p->id = 0;
    return rc;
}

/* ---- the first admin ---- */

struct first {
    enum first_admin what;
    struct staff *out;
};

static int add_first_admin(store *s, void *rec, char *err, size_t errlen)
{
    struct first *f = rec;
    const char *login = store_login(s);
    int rc = store_staff_by_login(s, login, f->out);
    if (rc == STORE_OK) {
        f->what = FIRST_ADMIN_ALREADY_STAFF;
        return STORE_OK;
    }
    staff_clear(f->out);
    if (rc != STORE_NOT_FOUND)
        return explain(s, rc, err, errlen);
    int admins = 0;
    if ((rc = store_admin_count(s, &admins)) != STORE_OK)
        return explain(s, rc, err, errlen);
    if (admins > 0) {
        f->what = FIRST_ADMIN_NOT_NEEDED;
        return STORE_OK;
    }
    /* The GECOS name when it is a usable name; the login otherwise. */
    const char *name = unix_full_name();
    if (!validate_required_text("name", name, NAME_MAX_CHARS, NULL, 0))
        name = login;
    f->out->login = xstrdup(login);
    f->out->display_name = xstrdup(name);
    f->out->role = SROLE_ADMIN;
    f->what = FIRST_ADMIN_ADDED;
    return explain(s, store_staff_add(s, f->out), err, errlen);
}

int people_init_first_admin(store *s, enum first_admin *what, struct staff *out,
                            char *err, size_t errlen)
{
    struct staff mine = {0};
    struct first f = { FIRST_ADMIN_NOT_NEEDED, out ? out : &mine };
    int rc = in_transaction(s, add_first_admin, &f, err, errlen);
    if (what)
        *what = f.what;
    staff_clear(&mine);
    return rc;
}
