/* usage — see usage.h.  Every write is one transaction with its audit row, which
 * checks the role there (access.c: the catalogue and subscriptions are an
 * admin's; the figures anyone's who may write). */
#include "suivi/store/usage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "suivi/base/i18n.h"
#include "suivi/base/timeutil.h"
#include "suivi/base/xalloc.h"

static const char SQL_SERVICES[] = "SELECT id, code, name FROM service ORDER BY name, id";
static const char SQL_SERVICE_ADD[] =
    "INSERT INTO service (code, name, created_at) VALUES (?1, ?2, ?3)";
static const char SQL_SUB_ADD[] =
    "INSERT INTO subscription (member_id, service_id, since, until, convention, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
#define SUB_SELECT \
    "SELECT b.id, b.member_id, b.service_id, v.code, v.name, b.since, b.until, b.convention" \
    " FROM subscription b JOIN service v ON v.id = b.service_id"
static const char SQL_SUB_GET[] = SUB_SELECT " WHERE b.id = ?1";
/* The member's other subscription to the service from that since (UNIQUE). */
static const char SQL_SUB_SAME[] =
    "SELECT id FROM subscription WHERE member_id = ?1 AND service_id = ?2 AND since = ?3"
    " AND id <> ?4";
static const char SQL_SUB_UPDATE[] =
    "UPDATE subscription SET since = ?1, until = ?2, convention = ?3 WHERE id = ?4";
static const char SQL_SUB_REMOVE[] = "DELETE FROM subscription WHERE id = ?1";
static const char SQL_SUBS_OF[] =
    SUB_SELECT " WHERE b.member_id = ?1 ORDER BY v.name, b.since, b.id";
/* A month imported again replaces its figure. */
static const char SQL_USAGE_PUT[] =
    "INSERT INTO usage (member_id, service_id, month, count, imported_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (member_id, service_id, month)"
    " DO UPDATE SET count = excluded.count, imported_at = excluded.imported_at";
static const char SQL_FACTS[] =
    "SELECT (SELECT min(month) FROM usage WHERE member_id = ?1 AND count > 0),"
    " (SELECT count(DISTINCT month) FROM usage WHERE member_id = ?1 AND month >= ?2"
    "   AND count > 0),"
    " (SELECT convention FROM subscription WHERE member_id = ?1 AND convention IS NOT NULL"
    "   ORDER BY since LIMIT 1)";
/* The IN term, implied by the other, lets it read interaction_issues (schema v9). */
static const char SQL_INCIDENTS[] =
    "SELECT count(*) FROM interaction WHERE member_id = ?1 AND kind = 'incident'"
    " AND kind IN ('incident', 'request') AND occurred_at >= ?2";
static const char SQL_USAGE_OF[] =
    "SELECT month, count FROM usage WHERE member_id = ?1 AND service_id = ?2"
    " AND month BETWEEN ?3 AND ?4 ORDER BY month LIMIT 120";

/* ---- the catalogue ---- */

static void read_service(sqlite3_stmt *st, void *row)
{
    struct service *sv = row;
    sv->id = db_col_int(st, 0);
    sv->code = db_col_text(st, 1);
    sv->name = db_col_text(st, 2);
}

static void clear_service(void *row)
{
    struct service *sv = row;
    free(sv->code);
    free(sv->name);
}

static const struct db_row_kind SERVICE_ROW = {
    "service", sizeof(struct service), read_service, clear_service,
    N_("reading the services"), N_("adding a service"), N_("updating a service"),
    N_("no such service"), N_("this service was changed by someone else"),
};

int store_services(store *s, struct service **out, int *n)
{
    sqlite3_stmt *st = db_stmt(s, SQL_SERVICES);
    if (!st) {
        *out = NULL;
        *n = 0;
        return STORE_ERROR;
    }
    return db_read_list(s, st, SQLITE_OK, &SERVICE_ROW, (void **)out, n,
                        _(SERVICE_ROW.reading));
}

void services_free(struct service *sv, int n)
{
    db_rows_free(&SERVICE_ROW, sv, n);
}

/* Insert with the bound statement st, then audit entity's new row: one transaction. */
static int insert_audited(store *s, sqlite3_stmt *st, int bind_rc, const char *entity,
                          const char *what, int64_t *id)
{
    int rc = db_bind_check(s, st, bind_rc);
    if (rc != STORE_OK)
        return rc;
    /* A write that did not begin has nothing to end: ending it would undo the
     * caller's transaction or read snapshot (db_write_end rolls back). */
    rc = db_write_begin(s);
    if (rc != STORE_OK) {
        db_reset(st);
        return rc;
    }
    rc = db_exec_stmt(s, st, what);
    if (rc == STORE_OK) {
        *id = sqlite3_last_insert_rowid(s->db);
        rc = db_audit(s, entity, *id, "created");
    }
    return db_write_end(s, rc);
}

int store_service_add(store *s, struct service *sv)
{
    /* A code is what files and scripts name, and reports print and group by it. */
    size_t n = sv->code ? strlen(sv->code) : 0;
    if (n == 0 || n > 32 || strspn(sv->code, "abcdefghijklmnopqrstuvwxyz0123456789_") != n)
        return db_failf(s, STORE_CONSTRAINT, "%s", _("a service code is 1 to 32 lower-case "
                                                     "letters, digits or _"));
    sqlite3_stmt *st = db_stmt(s, SQL_SERVICE_ADD);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_text(st, 1, sv->code, &rc);
    db_bind_text(st, 2, sv->name, &rc);
    db_bind_time(st, 3, time_now(), &rc);
    rc = insert_audited(s, st, rc, "service", _("adding a service"), &sv->id);
    if (rc == STORE_CONSTRAINT)
        rc = db_failf(s, STORE_CONFLICT, _("a service with the code %s exists already"),
                      sv->code);
    return rc;
}

/* ---- subscriptions ---- */

int store_subscription_add(store *s, struct subscription *sub)
{
    sqlite3_stmt *st = db_stmt(s, SQL_SUB_ADD);
    if (!st)
        return STORE_ERROR;
    if (sub->since && sub->until && *sub->until && strcmp(sub->until, sub->since) < 0)
        return db_failf(s, STORE_CONSTRAINT, _("a subscription cannot end before it begins: "
                        "until %s is before since %s"), sub->until, sub->since);
    int rc = SQLITE_OK;
    db_bind_int(st, 1, sub->member_id, &rc);
    db_bind_int(st, 2, sub->service_id, &rc);
    db_bind_text(st, 3, sub->since, &rc);
    db_bind_opt_text(st, 4, sub->until, &rc);
    db_bind_opt_text(st, 5, sub->convention, &rc);
    db_bind_time(st, 6, time_now(), &rc);
    rc = insert_audited(s, st, rc, "subscription", _("adding a subscription"), &sub->id);
    if (rc == STORE_CONSTRAINT)
        rc = db_failf(s, STORE_CONSTRAINT, "%s", _("this member has a subscription to this "
                                                 "service from that date already"));
    return rc;
}

static void read_subscription(sqlite3_stmt *st, void *row)
{
    struct subscription *b = row;
    b->id = db_col_int(st, 0);
    b->member_id = db_col_int(st, 1);
    b->service_id = db_col_int(st, 2);
    b->service_code = db_col_text(st, 3);
    b->service_name = db_col_text(st, 4);
    b->since = db_col_text(st, 5);
    b->until = db_col_text(st, 6);
    b->convention = db_col_text(st, 7);
}

static void clear_subscription(void *row)
{
    struct subscription *b = row;
    free(b->service_code);
    free(b->service_name);
    free(b->since);
    free(b->until);
    free(b->convention);
}

static const struct db_row_kind SUBSCRIPTION_ROW = {
    "subscription", sizeof(struct subscription), read_subscription, clear_subscription,
    N_("reading the subscriptions"), N_("adding a subscription"),
    N_("updating a subscription"), N_("no such subscription"),
    N_("this subscription was changed by someone else"),
};

int store_subscriptions_of(store *s, int64_t member_id, struct subscription **out, int *n)
{
    return db_list_by_id(s, SQL_SUBS_OF, member_id, &SUBSCRIPTION_ROW, (void **)out, n);
}

void subscriptions_free(struct subscription *sub, int n)
{
    db_rows_free(&SUBSCRIPTION_ROW, sub, n);
}

int store_subscription_get(store *s, int64_t id, struct subscription *out)
{
    memset(out, 0, sizeof *out);
    if (db_provider_only(s))
        return db_hidden(s);        /* a provider's login sees no member's subscriptions */
    return db_get_by_id(s, SQL_SUB_GET, id, &SUBSCRIPTION_ROW, out);
}

void subscription_clear(struct subscription *sub)
{
    clear_subscription(sub);
    memset(sub, 0, sizeof *sub);
}

/* "" is none, as the binds store it (db_bind_opt_text). */
static const char *opt_text(const char *v)
{
    return v && *v ? v : NULL;
}

/* Who may change a subscription, said before anything about the change: the rule
 * of every write (access.c, db_audit checks it again with the audit row). */
static int may_change(store *s, int64_t id)
{
    return db_check_write(s, SUBSCRIPTION_ROW.entity, id, "{}");
}

static int refuse_dates(store *s, const char *since, const char *until)
{
    if (!until || strcmp(until, since) >= 0)
        return STORE_OK;
    return db_failf(s, STORE_CONSTRAINT, _("a subscription cannot end before it begins: "
                    "until %s is before since %s"), until, since);
}

/* The member's other subscription to the service from since: STORE_CONFLICT naming it. */
static int refuse_same(store *s, const struct subscription *b, const char *since)
{
    sqlite3_stmt *st = db_stmt(s, SQL_SUB_SAME);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_int(st, 1, b->member_id, &rc);
    db_bind_int(st, 2, b->service_id, &rc);
    db_bind_text(st, 3, since, &rc);
    db_bind_int(st, 4, b->id, &rc);
    if (db_bind_check(s, st, rc) != STORE_OK)
        return STORE_ERROR;
    rc = sqlite3_step(st);
    int64_t other = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    db_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(s, rc, _(SUBSCRIPTION_ROW.reading));
    if (other)
        return db_failf(s, STORE_CONSTRAINT, _("this member's subscription #%lld to %s begins "
                        "on %s already"), (long long)other, b->service_code, since);
    return STORE_OK;
}

static int write_subscription(store *s, int64_t id, const char *since, const char *until,
                              const char *convention)
{
    sqlite3_stmt *st = db_stmt(s, SQL_SUB_UPDATE);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_text(st, 1, since, &rc);
    db_bind_text(st, 2, until, &rc);
    db_bind_text(st, 3, convention, &rc);
    db_bind_int(st, 4, id, &rc);
    if ((rc = db_bind_check(s, st, rc)) != STORE_OK)
        return rc;
    return db_exec_stmt(s, st, _(SUBSCRIPTION_ROW.updating));
}

static bool same_opt(const char *a, const char *b)
{
    a = opt_text(a);
    b = opt_text(b);
    return a == b || (a && b && strcmp(a, b) == 0);
}

static const char *field_of(const struct subscription *r, unsigned bit)
{
    return bit == SUB_F_SINCE ? r->since : bit == SUB_F_UNTIL ? r->until : r->convention;
}

/* A field the caller writes that someone changed since `expect` was read, to
 * another value than the caller's: writing it would lose their change (the form
 * shows it instead, under the user's). */
static int refuse_stale(store *s, const struct subscription *sub, unsigned fields,
                        const struct subscription *expect, const struct subscription *old)
{
    static const unsigned bits[] = { SUB_F_SINCE, SUB_F_UNTIL, SUB_F_CONVENTION };
    for (size_t i = 0; expect && i < sizeof bits / sizeof bits[0]; i++) {
        const char *now = field_of(old, bits[i]);
        if ((fields & bits[i]) && !same_opt(now, field_of(expect, bits[i])) &&
            !same_opt(now, field_of(sub, bits[i])))
            return db_failf(s, STORE_CONFLICT, _("subscription #%lld was changed by someone "
                            "else meanwhile"), (long long)sub->id);
    }
    return STORE_OK;
}

/* Under the write lock: the stored row, the fields given merged into it, checked,
 * and only when something changes, the write and its audit row. */
static int update_locked(store *s, const struct subscription *sub, unsigned fields,
                         const struct subscription *expect, struct subscription *old,
                         bool *changed)
{
    int rc = may_change(s, sub->id);
    if (rc == STORE_OK)
        rc = db_get_by_id(s, SQL_SUB_GET, sub->id, &SUBSCRIPTION_ROW, old);
    if (rc == STORE_OK)
        rc = refuse_stale(s, sub, fields, expect, old);
    if (rc != STORE_OK)
        return rc;
    const char *since = fields & SUB_F_SINCE ? sub->since : old->since;
    const char *until = opt_text(fields & SUB_F_UNTIL ? sub->until : old->until);
    const char *convention = opt_text(fields & SUB_F_CONVENTION ? sub->convention
                                                                : old->convention);
    if (!since || !*since)
        return db_failf(s, STORE_CONSTRAINT, "%s", _("a subscription begins on a date"));
    rc = refuse_dates(s, since, until);
    struct change c = {0};
    change_str(&c, "since", old->since, since);
    change_str(&c, "until", old->until, until);
    change_str(&c, "convention", old->convention, convention);
    *changed = c.nfields > 0;
    if (rc == STORE_OK && *changed && strcmp(since, old->since) != 0)
        rc = refuse_same(s, old, since);
    if (rc == STORE_OK && *changed &&
        (rc = write_subscription(s, sub->id, since, until, convention)) == STORE_CONSTRAINT)
        rc = db_failf(s, STORE_CONSTRAINT, "%s", _("this member has a subscription to this "
                                                   "service from that date already"));
    if (rc == STORE_OK && *changed)
        rc = db_audit(s, SUBSCRIPTION_ROW.entity, sub->id, change_json(&c));
    change_free(&c);
    return rc;
}

int store_subscription_update(store *s, const struct subscription *sub, unsigned fields,
                              const struct subscription *expect, bool *changed)
{
    *changed = false;
    int rc = db_write_begin(s);
    if (rc != STORE_OK)
        return rc;                  /* nothing begun: nothing to end (insert_audited) */
    struct subscription old = {0};
    rc = db_write_end(s, update_locked(s, sub, fields, expect, &old, changed));
    clear_subscription(&old);
    if (rc != STORE_OK)
        *changed = false;
    return rc;
}

static int remove_locked(store *s, int64_t id, struct subscription *old)
{
    int rc = may_change(s, id);
    if (rc == STORE_OK)
        rc = db_get_by_id(s, SQL_SUB_GET, id, &SUBSCRIPTION_ROW, old);
    if (rc != STORE_OK)
        return rc;
    sqlite3_stmt *st = db_stmt(s, SQL_SUB_REMOVE);
    if (!st)
        return STORE_ERROR;
    rc = SQLITE_OK;
    db_bind_int(st, 1, id, &rc);
    if ((rc = db_bind_check(s, st, rc)) != STORE_OK)
        return rc;
    if ((rc = db_exec_stmt(s, st, _("removing a subscription"))) != STORE_OK)
        return rc;
    struct change c = {0};
    change_id(&c, "member", old->member_id, 0);
    change_id(&c, "service", old->service_id, 0);
    change_str(&c, "since", old->since, NULL);
    change_str(&c, "until", old->until, NULL);
    change_str(&c, "convention", old->convention, NULL);
    rc = db_audit(s, SUBSCRIPTION_ROW.entity, id, change_json(&c));
    change_free(&c);
    return rc;
}

int store_subscription_remove(store *s, int64_t id, struct subscription *old)
{
    struct subscription was = {0};
    if (old)
        memset(old, 0, sizeof *old);
    int rc = db_write_begin(s);
    if (rc != STORE_OK)
        return rc;                  /* nothing begun: nothing to end */
    rc = db_write_end(s, remove_locked(s, id, &was));
    if (rc == STORE_OK && old)
        *old = was;
    else
        clear_subscription(&was);
    return rc;
}

/* ---- figures ---- */

static int put_one(store *s, sqlite3_stmt *st, const struct usage_put *u, int64_t now)
{
    int rc = SQLITE_OK;
    db_bind_int(st, 1, u->member_id, &rc);
    db_bind_int(st, 2, u->service_id, &rc);
    db_bind_text(st, 3, u->month, &rc);
    db_bind_int(st, 4, u->count, &rc);
    db_bind_time(st, 5, now, &rc);
    if ((rc = db_bind_check(s, st, rc)) != STORE_OK)
        return rc;
    return db_exec_stmt(s, st, _("writing the usage figures"));
}

/* The audit's change: {"imported": n, "file": what}, quoted by SQLite's JSON. */
static const char SQL_CHANGE[] = "SELECT json_object('imported', ?1, 'file', ?2)";

static int import_change(store *s, int n, const char *what, char **out)
{
    sqlite3_stmt *st = db_stmt(s, SQL_CHANGE);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_int(st, 1, n, &rc);
    db_bind_text(st, 2, what, &rc);
    if ((rc = db_bind_check(s, st, rc)) != STORE_OK)
        return rc;
    int step = sqlite3_step(st);
    *out = step == SQLITE_ROW ? db_col_text(st, 0) : NULL;
    db_reset(st);
    return *out ? STORE_OK : db_fail(s, step, _("writing the audit trail"));
}

int store_usage_put(store *s, const struct usage_put *rows, int n, const char *what)
{
    sqlite3_stmt *st = db_stmt(s, SQL_USAGE_PUT);
    if (!st)
        return STORE_ERROR;
    int rc = db_write_begin(s);
    if (rc != STORE_OK)
        return rc;                  /* nothing begun: nothing to end (insert_audited) */
    int64_t now = time_now();
    for (int i = 0; rc == STORE_OK && i < n; i++)
        rc = put_one(s, st, &rows[i], now);
    char *change = NULL;
    if (rc == STORE_OK && (rc = import_change(s, n, what, &change)) == STORE_OK)
        rc = db_audit(s, "usage", 0, change);
    free(change);
    return db_write_end(s, rc);
}

int store_usage_of(store *s, int64_t member_id, int64_t service_id, const char *from,
                   const char *to, struct usage_point **out, int *n)
{
    *out = NULL;
    *n = 0;
    if (db_provider_only(s))
        return STORE_OK;
    sqlite3_stmt *st = db_stmt(s, SQL_USAGE_OF);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK, cap = 0;
    db_bind_int(st, 1, member_id, &rc);
    db_bind_int(st, 2, service_id, &rc);
    db_bind_text(st, 3, from, &rc);
    db_bind_text(st, 4, to, &rc);
    if (db_bind_check(s, st, rc) != STORE_OK)
        return STORE_ERROR;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct usage_point *p = db_array_push((void **)out, n, &cap, sizeof *p);
        snprintf(p->month, sizeof p->month, "%s", (const char *)sqlite3_column_text(st, 0));
        p->count = db_col_int(st, 1);
    }
    int result = rc == SQLITE_DONE ? STORE_OK : db_fail(s, rc, _("reading the usage figures"));
    db_reset(st);
    return result;
}

int store_member_incidents_since(store *s, int64_t member_id, const char *since, int *n)
{
    *n = 0;
    if (db_provider_only(s))
        return STORE_OK;            /* a provider's login sees no member's timeline */
    sqlite3_stmt *st = db_stmt(s, SQL_INCIDENTS);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_int(st, 1, member_id, &rc);
    db_bind_text(st, 2, since, &rc);
    if (db_bind_check(s, st, rc) != STORE_OK)
        return STORE_ERROR;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *n = sqlite3_column_int(st, 0);
    int out = rc == SQLITE_ROW ? STORE_OK : db_fail(s, rc, _("counting incidents"));
    db_reset(st);
    return out;
}

int store_member_usage_facts(store *s, int64_t member_id, const char *from,
                             char first[MONTH_LEN], int *months_since, char *convention,
                             size_t conlen)
{
    first[0] = '\0';
    *months_since = 0;
    if (conlen)
        convention[0] = '\0';
    if (db_provider_only(s))
        return STORE_OK;            /* nor its subscriptions or usage */
    sqlite3_stmt *st = db_stmt(s, SQL_FACTS);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_int(st, 1, member_id, &rc);
    db_bind_text(st, 2, from, &rc);
    if (db_bind_check(s, st, rc) != STORE_OK)
        return STORE_ERROR;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const unsigned char *f = sqlite3_column_text(st, 0), *c = sqlite3_column_text(st, 2);
        snprintf(first, MONTH_LEN, "%s", f ? (const char *)f : "");
        *months_since = sqlite3_column_int(st, 1);
        if (conlen)
            snprintf(convention, conlen, "%s", c ? (const char *)c : "");
    }
    int out = rc == SQLITE_ROW ? STORE_OK : db_fail(s, rc, _("reading the usage figures"));
    db_reset(st);
    return out;
}
