/* audit — the trail every write leaves: who, when, which entity, what changed.
 * Rows are appended inside the write's own transaction (db_write_begin), so a
 * change and its audit row are committed or lost together.
 *
 * A change is stored as a JSON object {"field": [old, new], …} (schema 2 on; the
 * text of schema 1, "field: old -> new; …", is kept as it was and read back
 * without fields).  We write the JSON here, and let SQLite's json_each read it. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "suivi/base/i18n.h"
#include "suivi/base/timeutil.h"
#include "suivi/base/xalloc.h"

static const char SQL_AUDIT_ADD[] =
    "INSERT INTO audit (at, login, entity, entity_id, change) VALUES (?1, ?2, ?3, ?4, ?5)";
/* Column 6: whether the change is a JSON object (else "created" or schema-1 text). */
static const char SQL_AUDIT_OF[] =
    "SELECT id, at, login, entity, entity_id, change,"
    " substr(change, 1, 1) = '{' AND json_valid(change) FROM audit"
    " WHERE entity = ?1 AND entity_id = ?2 ORDER BY id";
static const char SQL_AUDIT_FIELDS[] =
    "SELECT key, value ->> 0, value ->> 1 FROM json_each(?1) ORDER BY id";

int db_audit(store *s, const char *entity, int64_t entity_id, const char *change)
{
    /* Every write passes here, inside its transaction: the one place rights are
     * enforced (access.c); a refusal undoes the write with the transaction. */
    int allowed = db_check_write(s, entity, entity_id, change);
    if (allowed != STORE_OK)
        return allowed;
    sqlite3_stmt *st = db_stmt(s, SQL_AUDIT_ADD);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_time(st, 1, time_now(), &rc);
    db_bind_text(st, 2, s->login, &rc);
    db_bind_text(st, 3, entity, &rc);
    db_bind_int(st, 4, entity_id, &rc);
    db_bind_text(st, 5, change && *change ? change : "{}", &rc);
    if (db_bind_check(s, st, rc) != STORE_OK)
        return STORE_ERROR;
    return db_exec_stmt(s, st, _("writing the audit trail"));
}

/* The fields of one JSON change, in the order they were written. */
int db_audit_read_fields(store *s, struct audit_entry *e)
{
    sqlite3_stmt *st = db_stmt(s, SQL_AUDIT_FIELDS);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK, cap = 0;
    db_bind_text(st, 1, e->change, &rc);
    if (db_bind_check(s, st, rc) != STORE_OK)
        return STORE_ERROR;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct audit_field *f = db_array_push((void **)&e->fields, &e->nfields, &cap,
                                              sizeof *f);
        f->field = db_col_text(st, 0);
        f->old_value = db_col_text(st, 1);
        f->new_value = db_col_text(st, 2);
    }
    int out = rc == SQLITE_DONE ? STORE_OK : db_fail(s, rc, _("reading the history"));
    db_reset(st);
    return out;
}

void db_audit_read_entry(sqlite3_stmt *st, struct audit_entry *e, bool *is_json)
{
    e->id = db_col_int(st, 0);
    e->at = db_col_time(st, 1);
    e->login = db_col_text(st, 2);
    e->entity = db_col_text(st, 3);
    e->entity_id = db_col_int(st, 4);
    e->change = db_col_text(st, 5);
    e->created = e->change && strcmp(e->change, "created") == 0;
    *is_json = db_col_int(st, 6) != 0;
}

/* A provider's login reads the history of its own actions only. */
static bool provider_sees_trail(store *s, const char *entity, int64_t id)
{
    struct action a = {0};
    bool yes = strcmp(entity, "action") == 0 && store_action_get(s, id, &a) == STORE_OK;
    action_clear(&a);
    return yes;
}

int store_audit_of(store *s, const char *entity, int64_t entity_id,
                   struct audit_entry **out, int *n)
{
    *out = NULL;
    *n = 0;
    if (db_provider_only(s) && !provider_sees_trail(s, entity, entity_id))
        return STORE_OK;
    sqlite3_stmt *st = db_stmt(s, SQL_AUDIT_OF);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK, cap = 0, out_rc = STORE_OK;
    db_bind_text(st, 1, entity, &rc);
    db_bind_int(st, 2, entity_id, &rc);
    if (db_bind_check(s, st, rc) != STORE_OK)
        return STORE_ERROR;
    while (out_rc == STORE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct audit_entry *e = db_array_push((void **)out, n, &cap, sizeof *e);
        bool is_json = false;
        db_audit_read_entry(st, e, &is_json);
        if (is_json)
            out_rc = db_audit_read_fields(s, e);
    }
    if (out_rc == STORE_OK && rc != SQLITE_DONE)
        out_rc = db_fail(s, rc, _("reading the history"));
    db_reset(st);
    if (out_rc != STORE_OK) {
        audit_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return out_rc;
}

/* The last time an action's status became ?2, from its trail (the audit index
 * narrows it to this action's rows). */
static const char SQL_ENTERED[] =
    "SELECT at FROM audit WHERE entity = 'action' AND entity_id = ?1"
    " AND substr(change, 1, 1) = '{' AND json_valid(change)"
    " AND change ->> '$.status[1]' = ?2 ORDER BY id DESC LIMIT 1";

int store_action_entered(store *s, int64_t id, enum action_status status, int64_t *at)
{
    *at = 0;
    sqlite3_stmt *st = db_stmt(s, SQL_ENTERED);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_int(st, 1, id, &rc);
    db_bind_text(st, 2, enum_code(&ACTION_STATUS_NAMES, (int)status), &rc);
    if (db_bind_check(s, st, rc) != STORE_OK)
        return STORE_ERROR;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *at = db_col_time(st, 0);
    int out = rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK
                                                    : db_fail(s, rc, _("reading the history"));
    db_reset(st);
    return out;
}

void audit_free(struct audit_entry *a, int n)
{
    for (int i = 0; i < n; i++)
        audit_entry_clear(&a[i]);
    free(a);
}

/* ---- change descriptions: a JSON object built by hand ---- */

static void put_bytes(struct change *c, const char *p, size_t n)
{
    if (c->len + n + 2 > c->cap) {          /* room for the closing brace and NUL */
        size_t ncap = c->cap ? c->cap * 2 : 128;
        while (ncap < c->len + n + 2)
            ncap *= 2;
        c->text = xreallocarray(c->text, ncap, 1);
        c->cap = ncap;
    }
    memcpy(c->text + c->len, p, n);
    c->len += n;
    c->text[c->len] = '\0';
}

static void put(struct change *c, const char *p)
{
    put_bytes(c, p, strlen(p));
}

/* A JSON string: quotes, backslashes and control characters escaped; other bytes
 * (UTF-8) as they are. */
static void put_string(struct change *c, const char *v)
{
    put(c, "\"");
    for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
        char esc[8];
        if (*p == '"' || *p == '\\') {
            esc[0] = '\\', esc[1] = (char)*p, esc[2] = '\0';
            put(c, esc);
        } else if (*p < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", *p);
            put(c, esc);
        } else {
            put_bytes(c, (const char *)p, 1);
        }
    }
    put(c, "\"");
}

/* NULL and "" are the same value to a user: both an empty field, stored as null. */
static void put_text(struct change *c, const char *v)
{
    if (v && *v)
        put_string(c, v);
    else
        put(c, "null");
}

static void put_field(struct change *c, const char *field)
{
    put(c, c->nfields++ ? ", " : "{");
    put_string(c, field);
    put(c, ": ");
}

static bool same_text(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

void change_str(struct change *c, const char *field, const char *old, const char *new_)
{
    if (same_text(old, new_))
        return;
    put_field(c, field);
    put(c, "[");
    put_text(c, old);
    put(c, ", ");
    put_text(c, new_);
    put(c, "]");
}

/* Long texts (bodies, descriptions) are only flagged: the trail is for who
 * changed what, not a second copy of every revision. */
void change_long(struct change *c, const char *field, const char *old, const char *new_)
{
    if (same_text(old, new_))
        return;
    put_field(c, field);
    put(c, "[]");
}

void change_int(struct change *c, const char *field, int64_t old, int64_t new_)
{
    if (old == new_)
        return;
    char t[64];
    put_field(c, field);
    snprintf(t, sizeof t, "[%" PRId64 ", %" PRId64 "]", old, new_);
    put(c, t);
}

/* Ids: 0 is "none", null. */
void change_id(struct change *c, const char *field, int64_t old, int64_t new_)
{
    if (old == new_)
        return;
    char a[24] = "null", b[24] = "null", t[64];
    if (old)
        snprintf(a, sizeof a, "%" PRId64, old);
    if (new_)
        snprintf(b, sizeof b, "%" PRId64, new_);
    put_field(c, field);
    snprintf(t, sizeof t, "[%s, %s]", a, b);
    put(c, t);
}

void change_bool(struct change *c, const char *field, bool old, bool new_)
{
    change_int(c, field, old ? 1 : 0, new_ ? 1 : 0);
}

/* Instants as their stored text, "YYYY-MM-DD HH:MM:SS" UTC. */
void change_time(struct change *c, const char *field, int64_t old, int64_t new_)
{
    if (old == new_)
        return;
    char a[TIME_ISO_LEN], b[TIME_ISO_LEN];
    time_to_iso(old, a);
    time_to_iso(new_, b);
    change_str(c, field, a, b);
}

void change_enum(struct change *c, const char *field, const struct enum_names *e,
                 int old, int new_)
{
    if (old != new_)
        change_str(c, field, enum_code(e, old), enum_code(e, new_));
}

const char *change_json(struct change *c)
{
    if (!c->nfields)
        return "{}";
    /* put_bytes always leaves room for this brace. */
    c->text[c->len] = '}';
    c->text[c->len + 1] = '\0';
    return c->text;
}

void change_free(struct change *c)
{
    free(c->text);
    memset(c, 0, sizeof *c);
}

/* The rows after ?1 only: a range of the audit's rowid, a few rows per commit.
 * The first time (?1 = 0), the newest id alone: max() of the rowid is one seek,
 * where the two aggregates would read the whole trail. */
static const char SQL_NEWS[] =
    "SELECT max(id), coalesce(max(entity IN ('action', 'note')), 0) FROM audit WHERE id > ?1";
static const char SQL_NEWEST[] = "SELECT max(id), 1 FROM audit WHERE ?1 = 0";

int store_audit_news(store *s, int64_t *last, bool *actions)
{
    *actions = *last == 0;
    sqlite3_stmt *st = db_stmt(s, *last == 0 ? SQL_NEWEST : SQL_NEWS);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_int(st, 1, *last, &rc);
    if (db_bind_check(s, st, rc) != STORE_OK)
        return STORE_ERROR;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
        *last = sqlite3_column_int64(st, 0);
        *actions = sqlite3_column_int(st, 1) != 0;
    }
    int out = rc == SQLITE_ROW ? STORE_OK : db_fail(s, rc, _("reading the history"));
    db_reset(st);
    return out;
}
