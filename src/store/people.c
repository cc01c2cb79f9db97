/* people — the team and its partners: pôles, staff, providers.  Small by nature,
 * read whole; every write audited; updates checked against the record's version.
 * A name or login already taken is STORE_CONSTRAINT with a message naming the
 * record that has it. */
#include <stddef.h>
#include <stdlib.h>

#include "people_row.h"
#include "suivi/base/i18n.h"
#include "suivi/base/xalloc.h"

#define POLE_SELECT "SELECT x.id, x.name, x.version," \
    " (SELECT count(*) FROM staff s WHERE s.pole_id = x.id AND s.disabled = 0)" \
    " FROM pole x"
static const char SQL_POLE_ADD[] = "INSERT INTO pole (name, version) VALUES (?1, 1)";
static const char SQL_POLE_GET[] = POLE_SELECT " WHERE x.id = ?1";
static const char SQL_POLE_BY_NAME[] = POLE_SELECT " WHERE x.name = ?1";
static const char SQL_POLES[] = POLE_SELECT " ORDER BY x.name, x.id";
static const char SQL_POLE_RENAME[] =
    "UPDATE pole SET name = ?1, version = version + 1 WHERE id = ?2 AND version = ?3";

static const char SQL_PROVIDER_ADD[] =
    "INSERT INTO provider (name, email, phone, contact, disabled, version)"
    " VALUES (?1, ?2, ?3, ?4, ?5, 1)";
static const char SQL_PROVIDER_GET[] = PROVIDER_SELECT " WHERE x.id = ?1";
static const char SQL_PROVIDER_BY_NAME[] = PROVIDER_SELECT " WHERE x.name = ?1";
static const char SQL_PROVIDERS[] = PROVIDER_SELECT " ORDER BY x.name, x.id";
static const char SQL_PROVIDER_UPDATE[] =
    "UPDATE provider SET name = ?1, email = ?2, phone = ?3, contact = ?4, disabled = ?5,"
    " version = version + 1 WHERE id = ?6 AND version = ?7";

#define STAFF_SELECT "SELECT x.id, x.login, x.display_name, x.pole_id, p.name, x.role," \
    " x.disabled, x.version, " OPEN_OF("assignee_staff_id") \
    " FROM staff x LEFT JOIN pole p ON p.id = x.pole_id"
static const char SQL_STAFF_ADD[] =
    "INSERT INTO staff (login, display_name, pole_id, role, disabled, version)"
    " VALUES (?1, ?2, ?3, ?4, ?5, 1)";
static const char SQL_STAFF_GET[] = STAFF_SELECT " WHERE x.id = ?1";
static const char SQL_STAFF_BY_LOGIN[] = STAFF_SELECT " WHERE x.login = ?1";
static const char SQL_STAFF[] = STAFF_SELECT " ORDER BY x.login";
static const char SQL_STAFF_UPDATE[] =
    "UPDATE staff SET display_name = ?1, pole_id = ?2, role = ?3, disabled = ?4,"
    " version = version + 1 WHERE id = ?5 AND version = ?6";
static const char SQL_ADMIN_COUNT[] =
    "SELECT count(*) FROM staff WHERE role = 'admin' AND disabled = 0";

/* ---- pôles ---- */

static void read_pole(sqlite3_stmt *st, void *out)
{
    struct pole *p = out;
    p->id = db_col_int(st, 0);
    p->name = db_col_text(st, 1);
    p->version = db_col_int(st, 2);
    p->staff_count = (int)db_col_int(st, 3);
}

static void clear_pole(void *p) { pole_clear(p); }

static const struct db_row_kind POLE_ROW = {
    "pole", sizeof(struct pole), read_pole, clear_pole,
    N_("reading a pôle"), N_("adding a pôle"), N_("renaming a pôle"),
    N_("this pôle does not exist"), N_("this pôle was changed by someone else"),
};

int store_pole_get(store *s, int64_t id, struct pole *out)
{
    return db_get_by_id(s, SQL_POLE_GET, id, &POLE_ROW, out);
}

/* The record of sql (?1 = text), or STORE_NOT_FOUND with no message. */
static int read_by_text(store *s, const char *sql, const char *v, const struct db_row_kind *k,
                        void *out)
{
    sqlite3_stmt *st = db_stmt(s, sql);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_text(st, 1, v ? v : "", &rc);
    return db_read_one(s, st, rc, k, out, _(k->reading));
}

int store_pole_by_name(store *s, const char *name, struct pole *out)
{
    int rc = read_by_text(s, SQL_POLE_BY_NAME, name, &POLE_ROW, out);
    if (rc == STORE_NOT_FOUND)
        db_failf(s, rc, _("no pôle is named %s"), name ? name : "");
    return rc;
}

int store_poles_list(store *s, struct pole **out, int *n)
{
    sqlite3_stmt *st = db_stmt(s, SQL_POLES);
    if (!st)
        return STORE_ERROR;
    return db_read_list(s, st, SQLITE_OK, &POLE_ROW, (void **)out, n, _("reading pôles"));
}

void poles_free(struct pole *a, int n)
{
    db_rows_free(&POLE_ROW, a, n);
}

/* A refused write of a pôle named name: the pôle that has the name, if one does. */
static int pole_taken(store *s, int rc, const char *name, int64_t id)
{
    struct pole other = {0};
    if (rc == STORE_CONSTRAINT &&
        read_by_text(s, SQL_POLE_BY_NAME, name, &POLE_ROW, &other) == STORE_OK &&
        other.id != id)
        db_failf(s, rc, _("a pôle named %s already exists (#%lld)"), other.name,
                 (long long)other.id);
    pole_clear(&other);
    return rc;
}

static int pole_insert(store *s, void *rec)
{
    struct pole *p = rec;
    sqlite3_stmt *st = db_stmt(s, SQL_POLE_ADD);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_text(st, 1, p->name, &rc);
    rc = db_insert_audited(s, st, rc, &POLE_ROW, &p->id);
    return pole_taken(s, rc, p->name, 0);
}

int store_pole_add(store *s, struct pole *p)
{
    int rc = db_with_write(s, pole_insert, p, &p->id);
    if (rc == STORE_OK)
        p->version = 1;
    return rc;
}

static void describe_pole(struct change *c, const void *old, void *ctx)
{
    change_str(c, "name", ((const struct pole *)old)->name, ((const struct pole *)ctx)->name);
}

static int rename_pole(store *s, const void *old, void *ctx)
{
    (void)old;
    const struct pole *p = ctx;
    sqlite3_stmt *st = db_stmt(s, SQL_POLE_RENAME);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_text(st, 1, p->name, &rc);
    db_bind_int(st, 2, p->id, &rc);
    db_bind_int(st, 3, p->version, &rc);
    rc = db_update_versioned(s, st, rc, &POLE_ROW, p->id);
    return pole_taken(s, rc, p->name, p->id);
}

static const struct db_update POLE_RENAME = {
    &POLE_ROW, SQL_POLE_GET, offsetof(struct pole, version), describe_pole, rename_pole
};

int store_pole_rename(store *s, struct pole *p)
{
    bool changed = false;
    int rc = db_update_audited(s, &POLE_RENAME, p->id, p->version, p, &changed);
    if (rc == STORE_OK && changed)
        p->version++;
    return rc;
}

/* ---- providers ---- */

static void read_provider(sqlite3_stmt *st, void *out)
{
    struct provider *p = out;
    p->id = db_col_int(st, 0);
    p->name = db_col_text(st, 1);
    p->email = db_col_text(st, 2);
    p->phone = db_col_text(st, 3);
    p->contact = db_col_text(st, 4);
    p->disabled = db_col_int(st, 5) != 0;
    p->version = db_col_int(st, 6);
    p->open_actions = (int)db_col_int(st, 7);
}

static void clear_provider(void *p) { provider_clear(p); }

const struct db_row_kind PROVIDER_ROW = {
    "provider", sizeof(struct provider), read_provider, clear_provider,
    N_("reading a provider"), N_("adding a provider"), N_("updating a provider"),
    N_("this provider does not exist"),
    N_("this provider was changed by someone else"),
};

int store_provider_get(store *s, int64_t id, struct provider *out)
{
    return db_get_by_id(s, SQL_PROVIDER_GET, id, &PROVIDER_ROW, out);
}

int store_provider_by_name(store *s, const char *name, struct provider *out)
{
    int rc = read_by_text(s, SQL_PROVIDER_BY_NAME, name, &PROVIDER_ROW, out);
    if (rc == STORE_NOT_FOUND)
        db_failf(s, rc, _("no provider is named %s"), name ? name : "");
    return rc;
}

int store_providers_list(store *s, struct provider **out, int *n)
{
    sqlite3_stmt *st = db_stmt(s, SQL_PROVIDERS);
    if (!st)
        return STORE_ERROR;
    return db_read_list(s, st, SQLITE_OK, &PROVIDER_ROW, (void **)out, n,
                        _("reading providers"));
}

void providers_free(struct provider *a, int n)
{
    db_rows_free(&PROVIDER_ROW, a, n);
}

static int provider_taken(store *s, int rc, const char *name, int64_t id)
{
    struct provider other = {0};
    if (rc == STORE_CONSTRAINT &&
        read_by_text(s, SQL_PROVIDER_BY_NAME, name, &PROVIDER_ROW, &other) == STORE_OK &&
        other.id != id)
        db_failf(s, rc, _("a provider named %s already exists (#%lld)"), other.name,
                 (long long)other.id);
    provider_clear(&other);
    return rc;
}

/* ?1..?5: the fields a caller edits. */
static void bind_provider(sqlite3_stmt *st, const struct provider *p, int *rc)
{
    db_bind_text(st, 1, p->name, rc);
    db_bind_opt_text(st, 2, p->email, rc);
    db_bind_opt_text(st, 3, p->phone, rc);
    db_bind_opt_text(st, 4, p->contact, rc);
    db_bind_int(st, 5, p->disabled ? 1 : 0, rc);
}

static int provider_insert(store *s, void *rec)
{
    struct provider *p = rec;
    sqlite3_stmt *st = db_stmt(s, SQL_PROVIDER_ADD);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    bind_provider(st, p, &rc);
    rc = db_insert_audited(s, st, rc, &PROVIDER_ROW, &p->id);
    return provider_taken(s, rc, p->name, 0);
}

int store_provider_add(store *s, struct provider *p)
{
    int rc = db_with_write(s, provider_insert, p, &p->id);
    if (rc == STORE_OK)
        p->version = 1;
    return rc;
}

static void describe_provider(struct change *c, const void *old, void *ctx)
{
    const struct provider *o = old, *p = ctx;
    change_str(c, "name", o->name, p->name);
    change_str(c, "email", o->email, p->email);
    change_str(c, "phone", o->phone, p->phone);
    change_str(c, "contact", o->contact, p->contact);
    change_bool(c, "disabled", o->disabled, p->disabled);
}

static int update_provider(store *s, const void *old, void *ctx)
{
    (void)old;
    const struct provider *p = ctx;
    sqlite3_stmt *st = db_stmt(s, SQL_PROVIDER_UPDATE);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    bind_provider(st, p, &rc);
    db_bind_int(st, 6, p->id, &rc);
    db_bind_int(st, 7, p->version, &rc);
    rc = db_update_versioned(s, st, rc, &PROVIDER_ROW, p->id);
    return provider_taken(s, rc, p->name, p->id);
}

static const struct db_update PROVIDER_UPDATE = {
    &PROVIDER_ROW, SQL_PROVIDER_GET, offsetof(struct provider, version), describe_provider,
    update_provider
};

int store_provider_update(store *s, struct provider *p)
{
    bool changed = false;
    int rc = db_update_audited(s, &PROVIDER_UPDATE, p->id, p->version, p, &changed);
    if (rc == STORE_OK && changed)
        p->version++;
    return rc;
}

/* ---- staff ---- */

static void read_staff(sqlite3_stmt *st, void *out)
{
    struct staff *s = out;
    s->id = db_col_int(st, 0);
    s->login = db_col_text(st, 1);
    s->display_name = db_col_text(st, 2);
    s->pole_id = db_col_int(st, 3);
    s->pole_name = db_col_text(st, 4);
    s->role = (enum staff_role)db_col_enum(st, 5, &STAFF_ROLE_NAMES);
    s->disabled = db_col_int(st, 6) != 0;
    s->version = db_col_int(st, 7);
    s->open_actions = (int)db_col_int(st, 8);
}

static void clear_staff(void *p) { staff_clear(p); }

static const struct db_row_kind STAFF_ROW = {
    "staff", sizeof(struct staff), read_staff, clear_staff,
    N_("reading a staff member"), N_("adding a staff member"),
    N_("updating a staff member"), N_("this staff member does not exist"),
    N_("this staff member was changed by someone else"),
};

int store_staff_get(store *s, int64_t id, struct staff *out)
{
    return db_get_by_id(s, SQL_STAFF_GET, id, &STAFF_ROW, out);
}

int store_staff_by_login(store *s, const char *login, struct staff *out)
{
    int rc = read_by_text(s, SQL_STAFF_BY_LOGIN, login, &STAFF_ROW, out);
    if (rc == STORE_NOT_FOUND)
        db_failf(s, rc, _("no staff member has the login %s"), login ? login : "");
    return rc;
}

int store_staff_list(store *s, struct staff **out, int *n)
{
    sqlite3_stmt *st = db_stmt(s, SQL_STAFF);
    if (!st)
        return STORE_ERROR;
    return db_read_list(s, st, SQLITE_OK, &STAFF_ROW, (void **)out, n, _("reading staff"));
}

void staff_list_free(struct staff *a, int n)
{
    db_rows_free(&STAFF_ROW, a, n);
}

int store_admin_count(store *s, int *n)
{
    *n = 0;
    sqlite3_stmt *st = db_stmt(s, SQL_ADMIN_COUNT);
    if (!st)
        return STORE_ERROR;
    int rc = sqlite3_step(st);
    int out = STORE_OK;
    if (rc == SQLITE_ROW)
        *n = sqlite3_column_int(st, 0);
    else
        out = db_fail(s, rc, _("counting admins"));
    db_reset(st);
    return out;
}

/* ?1..?4 of an update: display name, pôle, role, disabled. */
static void bind_staff(sqlite3_stmt *st, int first, const struct staff *stf, int *rc)
{
    db_bind_text(st, first, stf->display_name ? stf->display_name : stf->login, rc);
    db_bind_id(st, first + 1, stf->pole_id, rc);
    db_bind_text(st, first + 2, enum_code(&STAFF_ROLE_NAMES, (int)stf->role), rc);
    db_bind_int(st, first + 3, stf->disabled ? 1 : 0, rc);
}

static int staff_insert(store *s, void *rec)
{
    struct staff *stf = rec;
    sqlite3_stmt *st = db_stmt(s, SQL_STAFF_ADD);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_text(st, 1, stf->login, &rc);
    bind_staff(st, 2, stf, &rc);
    rc = db_insert_audited(s, st, rc, &STAFF_ROW, &stf->id);
    struct staff other = {0};
    if (rc == STORE_CONSTRAINT &&
        read_by_text(s, SQL_STAFF_BY_LOGIN, stf->login, &STAFF_ROW, &other) == STORE_OK)
        db_failf(s, rc, _("a staff member with the login %s already exists (%s, #%lld)"),
                 other.login, other.display_name, (long long)other.id);
    staff_clear(&other);
    return rc;
}

int store_staff_add(store *s, struct staff *stf)
{
    int rc = db_with_write(s, staff_insert, stf, &stf->id);
    if (rc == STORE_OK)
        stf->version = 1;
    return rc;
}

static void describe_staff(struct change *c, const void *old, void *ctx)
{
    const struct staff *o = old, *n = ctx;
    change_str(c, "display_name", o->display_name, n->display_name ? n->display_name
                                                                    : o->login);
    change_id(c, "pole", o->pole_id, n->pole_id);
    change_enum(c, "role", &STAFF_ROLE_NAMES, (int)o->role, (int)n->role);
    change_bool(c, "disabled", o->disabled, n->disabled);
}

static int update_staff(store *s, const void *old, void *ctx)
{
    const struct staff *o = old, *stf = ctx;
    struct staff fields = *stf;
    fields.login = o->login;             /* the login never changes */
    sqlite3_stmt *st = db_stmt(s, SQL_STAFF_UPDATE);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    bind_staff(st, 1, &fields, &rc);
    db_bind_int(st, 5, stf->id, &rc);
    db_bind_int(st, 6, stf->version, &rc);
    return db_update_versioned(s, st, rc, &STAFF_ROW, stf->id);
}

static const struct db_update STAFF_UPDATE = {
    &STAFF_ROW, SQL_STAFF_GET, offsetof(struct staff, version), describe_staff, update_staff
};

int store_staff_update(store *s, struct staff *stf)
{
    bool changed = false;
    int rc = db_update_audited(s, &STAFF_UPDATE, stf->id, stf->version, stf, &changed);
    if (rc == STORE_OK && changed)
        stf->version++;
    return rc;
}
