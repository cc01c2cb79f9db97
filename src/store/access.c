/* access — who may write what, checked where every write passes: the audit row
 * (db_audit), inside the write's transaction and under its lock, so that the
 * interface, the command line and mail-in obey the same rules whatever they check
 * first, and a role changed a second ago already holds.  A refused write is undone
 * with its transaction (STORE_DENIED).
 *
 * The login (store_login) is, in this order:
 *   - anyone, while no staff member is an active admin (a new or an old database:
 *     someone must be able to name the first admin);
 *   - a staff member: admin (everything), staff (everything but the team, pôles
 *     and providers), readonly or disabled (nothing);
 *   - a provider's login (provider_login): their own actions only, their status
 *     and resolution, and notes shared with providers on them;
 *   - unknown: nothing, or, with store_options.unknown_writes, as staff.
 * Reads are narrowed for a provider's login in the read functions themselves
 * (db_provider_only). */
#include <string.h>

#include "store_internal.h"
#include "suivi/base/i18n.h"

/* The role as its enum value: the column holds its code (model.c). */
_Static_assert(SROLE_ADMIN == 0 && SROLE_STAFF == 1 && SROLE_READONLY == 2,
               "SQL_ACTOR_STAFF maps the role codes to these values");
static const char SQL_ACTOR_STAFF[] =
    "SELECT CASE role WHEN 'admin' THEN 0 WHEN 'staff' THEN 1 ELSE 2 END, disabled"
    " FROM staff WHERE login = ?1";
/* A disabled provider's login stays one (reads narrowed), and may write nothing. */
static const char SQL_ACTOR_PROVIDER[] =
    "SELECT pl.provider_id, p.disabled FROM provider_login pl"
    " JOIN provider p ON p.id = pl.provider_id WHERE pl.login = ?1";
static const char SQL_ACTIVE_ADMINS[] =
    "SELECT EXISTS (SELECT 1 FROM staff WHERE role = 'admin' AND disabled = 0)";
static const char SQL_ACTION_PROVIDER[] =
    "SELECT coalesce(assignee_provider_id, 0) FROM action WHERE id = ?1";
static const char SQL_NOTE_OF[] =
    "SELECT n.visibility = 'provider', coalesce(a.assignee_provider_id, 0)"
    " FROM note n JOIN action a ON a.id = n.action_id WHERE n.id = ?1";
/* A provider may change an action's status and resolution (closed_at follows), and
 * the due date with them when the action leaves wait_member (the SLA's pause). */
static const char SQL_OTHER_FIELDS[] =
    "SELECT count(*) FROM json_each(?1) WHERE key NOT IN ('status', 'resolution')"
    " AND NOT (key = 'due' AND json_extract(?1, '$.status[0]') = 'wait_member')";

/* The first column of one row as an integer; *found false when there is none. */
static int one_int(store *s, const char *sql, const char *text, int64_t id, int64_t *v,
                   int64_t *v2, bool *found)
{
    sqlite3_stmt *st = db_stmt(s, sql);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    if (text)
        db_bind_text(st, 1, text, &rc);
    else if (id)
        db_bind_int(st, 1, id, &rc);
    if (db_bind_check(s, st, rc) != STORE_OK)
        return STORE_ERROR;
    rc = sqlite3_step(st);
    *found = rc == SQLITE_ROW;
    if (*found) {
        *v = sqlite3_column_int64(st, 0);
        if (v2)
            *v2 = sqlite3_column_int64(st, 1);
    }
    int out = rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK
            : db_fail(s, rc, _("reading who you are"));
    db_reset(st);
    return out;
}

static int read_actor(store *s, struct actor *a)
{
    memset(a, 0, sizeof *a);
    int64_t admins = 0, role = 0, disabled = 0;
    bool found;
    int rc = one_int(s, SQL_ACTIVE_ADMINS, NULL, 0, &admins, NULL, &found);
    if (rc != STORE_OK || !admins)
        return rc;                               /* ACTOR_ANYONE */
    rc = one_int(s, SQL_ACTOR_STAFF, s->login, 0, &role, &disabled, &found);
    if (rc == STORE_OK && found) {
        a->kind = ACTOR_STAFF;
        a->role = (enum staff_role)role;
        a->disabled = disabled != 0;
        return STORE_OK;
    }
    if (rc == STORE_OK)
        rc = one_int(s, SQL_ACTOR_PROVIDER, s->login, 0, &a->provider_id, &disabled, &found);
    a->disabled = found && disabled;
    if (rc == STORE_OK)
        a->kind = found ? ACTOR_PROVIDER : ACTOR_UNKNOWN;
    return rc;
}

static int deny(store *s, const char *why)
{
    return db_failf(s, STORE_DENIED, "%s", why);
}

/* What a provider's login may write: on their own actions only. */
static int provider_may(store *s, const struct actor *a, const char *entity, int64_t id,
                        const char *change)
{
    int64_t owner = 0, shared = 0, others = 0;
    bool found = false;
    int rc = STORE_OK;
    if (a->disabled)
        return deny(s, _("Your provider is disabled: its login can look at its actions but "
                         "change nothing"));
    if (strcmp(entity, "note") == 0) {
        rc = one_int(s, SQL_NOTE_OF, NULL, id, &shared, &owner, &found);
        if (rc == STORE_OK && (!found || owner != a->provider_id || !shared))
            return deny(s, _("A provider may add only notes shared with providers, on "
                             "their own actions"));
        return rc;
    }
    if (strcmp(entity, "action") != 0 || strcmp(change, "created") == 0)
        return deny(s, _("A provider's login may only update the status of their own "
                         "actions and add notes to them"));
    rc = one_int(s, SQL_ACTION_PROVIDER, NULL, id, &owner, NULL, &found);
    if (rc == STORE_OK && (!found || owner != a->provider_id))
        return deny(s, _("This action is not assigned to your provider"));
    if (rc == STORE_OK)
        rc = one_int(s, SQL_OTHER_FIELDS, change, 0, &others, NULL, &found);
    if (rc == STORE_OK && others > 0)
        return deny(s, _("A provider may change only the status and resolution of an "
                         "action"));
    return rc;
}

static bool is_team_entity(const char *entity)
{
    return strcmp(entity, "staff") == 0 || strcmp(entity, "pole") == 0 ||
           strcmp(entity, "provider") == 0 || strcmp(entity, "provider_login") == 0 ||
           strcmp(entity, "service") == 0 || strcmp(entity, "subscription") == 0 ||
           strcmp(entity, "report_frozen") == 0;     /* the figures presented, kept */
}

int db_load_actor(store *s)
{
    return read_actor(s, &s->actor);
}

int db_check_write(store *s, const char *entity, int64_t id, const char *change)
{
    const struct actor a = s->actor;
    switch (a.kind) {
    case ACTOR_ANYONE:
        return STORE_OK;
    case ACTOR_STAFF:
        if (a.disabled || a.role == SROLE_READONLY)
            return deny(s, a.disabled ? _("Your staff record is disabled: you can look but "
                                          "change nothing")
                                      : _("Your role is read-only: you can look at "
                                          "everything but change nothing"));
        if (a.role != SROLE_ADMIN && is_team_entity(entity))
            return deny(s, _("Only an admin can change staff, pôles, providers, services "
                             "and subscriptions, or freeze a report"));
        return STORE_OK;
    case ACTOR_PROVIDER:
        return provider_may(s, &a, entity, id, change ? change : "");
    case ACTOR_UNKNOWN:
    default:
        if (s->unknown_writes && !is_team_entity(entity))
            return STORE_OK;
        return db_failf(s, STORE_DENIED, _("Your login %s is not in the staff list: you "
                        "can look but change nothing (ask an admin)"), s->login);
    }
}

int db_load_access(store *s)
{
    struct actor a;
    int rc = read_actor(s, &a);
    s->provider_only = rc == STORE_OK && a.kind == ACTOR_PROVIDER ? a.provider_id : 0;
    s->unknown_login = rc == STORE_OK && a.kind == ACTOR_UNKNOWN;
    return rc;
}

int db_hidden(store *s)
{
    return db_failf(s, STORE_NOT_FOUND, "%s", _("not found (or not shown to a provider's "
                                                "login)"));
}

int64_t store_provider_only(const store *s)
{
    return s->provider_only;
}

/* ---- providers' logins ---- */

static const char SQL_LOGIN_IS_STAFF[] = "SELECT 1 FROM staff WHERE login = ?1";
static const char SQL_LOGIN_PUT[] =
    "INSERT INTO provider_login (login, provider_id) VALUES (?1, ?2)"
    " ON CONFLICT (login) DO UPDATE SET provider_id = excluded.provider_id";
static const char SQL_LOGIN_DEL[] = "DELETE FROM provider_login WHERE login = ?1";
static const char SQL_LOGIN_OF[] = "SELECT provider_id FROM provider_login WHERE login = ?1";

static int login_write(store *s, const char *sql, const char *login, int64_t provider_id)
{
    sqlite3_stmt *st = db_stmt(s, sql);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_text(st, 1, login, &rc);
    if (provider_id)
        db_bind_int(st, 2, provider_id, &rc);
    if (db_bind_check(s, st, rc) != STORE_OK)
        return STORE_ERROR;
    rc = db_exec_stmt(s, st, _("writing a provider's login"));
    if (rc == STORE_OK && sqlite3_changes(s->db) == 0)
        rc = db_failf(s, STORE_NOT_FOUND, _("%s is not a provider's login"), login);
    return rc;
}

static int login_audit(store *s, int64_t provider_id, const char *old, const char *new_)
{
    struct change c = {0};
    change_str(&c, "login", old, new_);
    int rc = db_audit(s, "provider_login", provider_id, change_json(&c));
    change_free(&c);
    return rc;
}

int store_provider_login_add(store *s, int64_t provider_id, const char *login)
{
    int rc = db_write_begin(s);
    if (rc != STORE_OK)
        return rc;
    int64_t one = 0;
    bool staff = false;
    rc = one_int(s, SQL_LOGIN_IS_STAFF, login, 0, &one, NULL, &staff);
    if (rc == STORE_OK && staff)
        rc = db_failf(s, STORE_CONSTRAINT, _("%s is a staff login: it cannot also be a "
                      "provider's"), login);
    if (rc == STORE_OK)
        rc = login_write(s, SQL_LOGIN_PUT, login, provider_id);
    if (rc == STORE_OK)
        rc = login_audit(s, provider_id, NULL, login);
    return db_write_end(s, rc);
}

int store_provider_login_remove(store *s, const char *login)
{
    int64_t provider_id = 0;
    int rc = db_write_begin(s);
    if (rc != STORE_OK)
        return rc;
    rc = store_provider_of_login(s, login, &provider_id);
    if (rc == STORE_OK)
        rc = login_write(s, SQL_LOGIN_DEL, login, 0);
    if (rc == STORE_OK)
        rc = login_audit(s, provider_id, login, NULL);
    return db_write_end(s, rc);
}

int store_provider_of_login(store *s, const char *login, int64_t *provider_id)
{
    bool found = false;
    *provider_id = 0;
    int rc = one_int(s, SQL_LOGIN_OF, login, 0, provider_id, NULL, &found);
    return rc;
}
