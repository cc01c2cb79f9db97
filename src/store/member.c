/* member — members: add, masked and version-checked writes, get, by SIREN, an
 * EPCI's communes (their pages: member_page.c).
 *
 * A row counts its member's open actions from action_member_open (schema v5), which
 * holds only open ones: the planner, knowing nothing of how many a partial index
 * holds, would take action_member and step over every closed action of a busy
 * member (thousands) for each row drawn. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "member_row.h"
#include "suivi/base/i18n.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/timeutil.h"
#include "suivi/base/xalloc.h"

static const char SQL_GET[] = MEMBER_SELECT " WHERE m.id = ?1";
static const char SQL_BY_SIREN[] = MEMBER_SELECT " WHERE m.siren = ?1 ORDER BY m.id LIMIT 1";
static const char SQL_CHILDREN[] =
    MEMBER_SELECT " WHERE m.parent_id = ?1 ORDER BY m.sort_key, m.id";

static const char SQL_ADD[] =
    "INSERT INTO member (name, sort_key, kind, siren, departement, status, parent_id,"
    " created_at, updated_at, version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, 1)";
/* Only the fields whose bit (1 << MEMBER_F_…) is in ?20 are written. */
_Static_assert(MEMBER_F_NAME == 0 && MEMBER_F_KIND == 1 && MEMBER_F_STATUS == 2 &&
               MEMBER_F_SIREN == 3 && MEMBER_F_DEPARTEMENT == 4 && MEMBER_F_PARENT == 5,
               "SQL_WRITE spells the member field bits out");
static const char SQL_WRITE[] =
    "UPDATE member SET"
    " name = CASE WHEN ?20 & 1 THEN ?1 ELSE name END,"
    " sort_key = CASE WHEN ?20 & 1 THEN ?2 ELSE sort_key END,"
    " kind = CASE WHEN ?20 & 2 THEN ?3 ELSE kind END,"
    " status = CASE WHEN ?20 & 4 THEN ?6 ELSE status END,"
    " siren = CASE WHEN ?20 & 8 THEN ?4 ELSE siren END,"
    " departement = CASE WHEN ?20 & 16 THEN ?5 ELSE departement END,"
    " parent_id = CASE WHEN ?20 & 32 THEN ?7 ELSE parent_id END,"
    " updated_at = ?8, version = version + 1 WHERE id = ?9 AND version = ?10";

static void read_row(sqlite3_stmt *st, void *row)
{
    struct member *m = row;
    m->id = db_col_int(st, 0);
    m->name = db_col_text(st, 1);
    m->kind = (enum member_kind)db_col_enum(st, 2, &MEMBER_KIND_NAMES);
    m->siren = db_col_text(st, 3);
    m->departement = db_col_text(st, 4);
    m->status = (enum member_status)db_col_enum(st, 5, &MEMBER_STATUS_NAMES);
    m->parent_id = db_col_int(st, 6);
    m->parent_name = db_col_text(st, 7);
    m->sort_key = db_col_text(st, 8);
    m->created_at = db_col_time(st, 9);
    m->updated_at = db_col_time(st, 10);
    m->version = db_col_int(st, 11);
    m->open_actions = (int)db_col_int(st, 12);
    m->stage = db_col_text(st, 13);
    m->stage_since = db_col_time(st, 14);
    m->stage_due = db_col_text(st, 15);
}

static void clear_row(void *row) { member_clear(row); }

const struct db_row_kind MEMBER_ROW = {
    "member", sizeof(struct member), read_row, clear_row,
    N_("reading a member"), N_("adding a member"), N_("updating a member"),
    N_("this member does not exist"),
    N_("this member was changed by someone else"),
};

/* Bind ?1..?7 (the editable fields and the sort key). */
static void bind_fields(sqlite3_stmt *st, const struct member *m, const char *sort_key,
                        int *rc)
{
    db_bind_text(st, 1, m->name, rc);
    db_bind_text(st, 2, sort_key, rc);
    db_bind_text(st, 3, enum_code(&MEMBER_KIND_NAMES, (int)m->kind), rc);
    db_bind_opt_text(st, 4, m->siren, rc);
    db_bind_opt_text(st, 5, m->departement, rc);
    db_bind_text(st, 6, enum_code(&MEMBER_STATUS_NAMES, (int)m->status), rc);
    db_bind_id(st, 7, m->parent_id, rc);
}

int store_member_get(store *s, int64_t id, struct member *out)
{
    if (db_provider_only(s))
        return db_hidden(s);
    return db_get_by_id(s, SQL_GET, id, &MEMBER_ROW, out);
}

int store_member_by_siren(store *s, const char *siren, struct member *out)
{
    if (db_provider_only(s))
        return db_hidden(s);
    sqlite3_stmt *st = db_stmt(s, SQL_BY_SIREN);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_text(st, 1, siren ? siren : "", &rc);
    rc = db_read_one(s, st, rc, &MEMBER_ROW, out, _("reading a member"));
    if (rc == STORE_NOT_FOUND)
        db_failf(s, rc, "%s", _("no member has this SIREN"));
    return rc;
}

int store_member_children(store *s, int64_t parent_id, struct member **out, int *n)
{
    *out = NULL;
    *n = 0;
    if (db_provider_only(s))
        return STORE_OK;
    sqlite3_stmt *st = db_stmt(s, SQL_CHILDREN);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_int(st, 1, parent_id, &rc);
    return db_read_list(s, st, rc, &MEMBER_ROW, (void **)out, n, _("reading members"));
}

void members_free(struct member *a, int n)
{
    db_rows_free(&MEMBER_ROW, a, n);
}

/* The schema's triggers refuse a SIREN another member has: name that member.  Any
 * other refusal keeps SQLite's message.  id: the member being written (0 on add). */
static int explain_refusal(store *s, int rc, const char *siren, int64_t id)
{
    if (rc != STORE_CONSTRAINT || !siren || !*siren ||
        !strstr(store_errmsg(s), SCHEMA_DUPLICATE_SIREN))
        return rc;
    struct member holder = {0};
    if (store_member_by_siren(s, siren, &holder) == STORE_OK && holder.id != id)
        db_failf(s, rc, _("SIREN %s already belongs to %s (#%lld)"), siren, holder.name,
                 (long long)holder.id);
    else
        db_failf(s, rc, _("SIREN %s already belongs to another member"), siren);
    member_clear(&holder);
    return rc;
}

static int insert_member(store *s, struct member *m, const char *key, int64_t now)
{
    sqlite3_stmt *st = db_stmt(s, SQL_ADD);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    bind_fields(st, m, key, &rc);
    db_bind_time(st, 8, now, &rc);
    rc = db_insert_audited(s, st, rc, &MEMBER_ROW, &m->id);
    return explain_refusal(s, rc, m->siren, 0);
}

int store_member_add(store *s, struct member *m)
{
    char *key = fold_for_search(m->name ? m->name : "");
    int64_t now = time_now();
    int rc = db_write_begin(s);
    if (rc == STORE_OK)
        rc = db_write_end(s, insert_member(s, m, key, now));
    if (rc == STORE_OK) {
        free(m->sort_key);
        m->sort_key = key;
        m->created_at = m->updated_at = now;
        m->version = 1;
    } else {
        free(key);
        m->id = 0;
    }
    return rc;
}

/* A write being made: the caller's record and fields, and what the row becomes
 * (the stored row with those fields replaced: borrowed strings). */
struct edit {
    const struct member *m;
    unsigned fields;
    int64_t version;            /* expected */
    int64_t now;
    char *key;                  /* the sort key of merged.name, owned */
    struct member merged;
};

static bool has(unsigned fields, enum member_field f)
{
    return fields & (1u << f);
}

static void merge(struct edit *e, const struct member *o)
{
    const struct member *m = e->m;
    struct member *r = &e->merged;
    *r = *o;
    if (has(e->fields, MEMBER_F_NAME))
        r->name = m->name;
    if (has(e->fields, MEMBER_F_KIND))
        r->kind = m->kind;
    if (has(e->fields, MEMBER_F_STATUS))
        r->status = m->status;
    if (has(e->fields, MEMBER_F_SIREN))
        r->siren = m->siren;
    if (has(e->fields, MEMBER_F_DEPARTEMENT))
        r->departement = m->departement;
    if (has(e->fields, MEMBER_F_PARENT))
        r->parent_id = m->parent_id;
}

static void describe(struct change *c, const void *old, void *ctx)
{
    struct edit *e = ctx;
    const struct member *o = old, *m = &e->merged;
    merge(e, o);
    change_str(c, "name", o->name, m->name);
    change_enum(c, "kind", &MEMBER_KIND_NAMES, (int)o->kind, (int)m->kind);
    change_enum(c, "status", &MEMBER_STATUS_NAMES, (int)o->status, (int)m->status);
    change_str(c, "siren", o->siren, m->siren);
    change_str(c, "departement", o->departement, m->departement);
    change_id(c, "parent", o->parent_id, m->parent_id);
}

static int write_row(store *s, const void *old, void *ctx)
{
    (void)old;
    struct edit *e = ctx;
    e->key = fold_for_search(e->merged.name ? e->merged.name : "");
    sqlite3_stmt *st = db_stmt(s, SQL_WRITE);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    bind_fields(st, &e->merged, e->key, &rc);
    db_bind_time(st, 8, e->now, &rc);
    db_bind_int(st, 9, e->m->id, &rc);
    db_bind_int(st, 10, e->version, &rc);
    db_bind_int(st, 20, e->fields, &rc);
    rc = db_update_versioned(s, st, rc, &MEMBER_ROW, e->m->id);
    return explain_refusal(s, rc, e->merged.siren, e->m->id);
}

static const struct db_update MEMBER_WRITE = {
    &MEMBER_ROW, SQL_GET, offsetof(struct member, version), describe, write_row
};

int store_member_write(store *s, struct member *m, unsigned fields, int64_t expected_version)
{
    struct edit e = { .m = m, .fields = fields & FIELDS_ALL(MEMBER_F_COUNT),
                      .version = expected_version, .now = time_now() };
    bool changed = false;
    int rc = db_update_audited(s, &MEMBER_WRITE, m->id, expected_version, &e, &changed);
    if (rc == STORE_OK) {
        m->version = changed ? expected_version + 1 : expected_version;
        if (changed && has(e.fields, MEMBER_F_NAME)) {
            free(m->sort_key);
            m->sort_key = e.key;
            e.key = NULL;
        }
        if (changed)
            m->updated_at = e.now;
    }
    free(e.key);
    return rc;
}

int store_member_update(store *s, struct member *m)
{
    return store_member_write(s, m, FIELDS_ALL(MEMBER_F_COUNT), m->version);
}

