/* store_member — members: add, version-checked update, get, keyset pages.
 * List order is (sort_key, id), served by the member_order index. */
#include <stddef.h>
#include <stdlib.h>

#include "store_internal.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/timeutil.h"
#include "suivi/base/xalloc.h"

#define MEMBER_SELECT \
    "SELECT m.id, m.name, m.kind, m.siren, m.departement, m.status, m.parent_id," \
    " p.name, m.sort_key, m.created_at, m.updated_at, m.version," \
    " (SELECT count(*) FROM action a WHERE a.member_id = m.id" \
    "    AND " SQL_IS_OPEN("a.status") ")" \
    " FROM member m LEFT JOIN member p ON p.id = m.parent_id"
/* ?1 = LIKE pattern or NULL, ?2/?3 = anchor (sort_key, id), ?4 = limit. */
#define MEMBER_FILTER " WHERE (?1 IS NULL OR m.sort_key LIKE ?1 ESCAPE '\\')"
#define MEMBER_ASC  " ORDER BY m.sort_key, m.id LIMIT ?4"
#define MEMBER_DESC " ORDER BY m.sort_key DESC, m.id DESC LIMIT ?4"

static const char SQL_GET[] = MEMBER_SELECT " WHERE m.id = ?1";
static const char *const SQL_PAGE[] = {
    [PAGE_FIRST]  = MEMBER_SELECT MEMBER_FILTER MEMBER_ASC,
    [PAGE_LAST]   = MEMBER_SELECT MEMBER_FILTER MEMBER_DESC,
    [PAGE_AFTER]  = MEMBER_SELECT MEMBER_FILTER
                    " AND (m.sort_key, m.id) > (?2, ?3)" MEMBER_ASC,
    [PAGE_BEFORE] = MEMBER_SELECT MEMBER_FILTER
                    " AND (m.sort_key, m.id) < (?2, ?3)" MEMBER_DESC,
};
static const char SQL_ADD[] =
    "INSERT INTO member (name, sort_key, kind, siren, departement, status, parent_id,"
    " created_at, updated_at, version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, 1)";
static const char SQL_UPDATE[] =
    "UPDATE member SET name = ?1, sort_key = ?2, kind = ?3, siren = ?4,"
    " departement = ?5, status = ?6, parent_id = ?7, updated_at = ?8,"
    " version = version + 1 WHERE id = ?9 AND version = ?10";

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
}

static void clear_row(void *row) { member_clear(row); }

static const struct db_row_kind MEMBER_ROW = {
    "member", sizeof(struct member), read_row, clear_row
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
    return db_get_by_id(s, SQL_GET, id, &MEMBER_ROW, out);
}

static int insert_member(store *s, struct member *m, const char *key, int64_t now)
{
    sqlite3_stmt *st = db_stmt(s, SQL_ADD);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    bind_fields(st, m, key, &rc);
    db_bind_time(st, 8, now, &rc);
    return db_insert_audited(s, st, rc, "member", &m->id);
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

/* An update being written: the caller's record, its new sort key, the time. */
struct edit {
    const struct member *m;
    char *key;                  /* owned until it moves into the record */
    int64_t now;
};

static void describe(struct change *c, const void *old, const void *ctx)
{
    const struct member *o = old, *m = ((const struct edit *)ctx)->m;
    change_str(c, "name", o->name, m->name);
    change_enum(c, "kind", &MEMBER_KIND_NAMES, (int)o->kind, (int)m->kind);
    change_str(c, "siren", o->siren, m->siren);
    change_str(c, "departement", o->departement, m->departement);
    change_enum(c, "status", &MEMBER_STATUS_NAMES, (int)o->status, (int)m->status);
    change_id(c, "parent", o->parent_id, m->parent_id);
}

static int update_row(store *s, const void *old, void *ctx)
{
    (void)old;
    const struct edit *e = ctx;
    sqlite3_stmt *st = db_stmt(s, SQL_UPDATE);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    bind_fields(st, e->m, e->key, &rc);
    db_bind_time(st, 8, e->now, &rc);
    db_bind_int(st, 9, e->m->id, &rc);
    db_bind_int(st, 10, e->m->version, &rc);
    return db_update_versioned(s, st, rc, "updating a member", "member", e->m->id);
}

static const struct db_update MEMBER_UPDATE = {
    &MEMBER_ROW, SQL_GET, offsetof(struct member, version), describe, update_row
};

int store_member_update(store *s, struct member *m)
{
    struct edit e = { m, fold_for_search(m->name ? m->name : ""), time_now() };
    bool changed = false;
    int rc = db_update_audited(s, &MEMBER_UPDATE, m->id, m->version, &e, &changed);
    if (rc == STORE_OK && changed) {
        free(m->sort_key);
        m->sort_key = e.key;
        m->updated_at = e.now;
        m->version++;
    } else {
        free(e.key);
    }
    return rc;
}

/* ?2/?3: the anchor's (sort_key, id). */
static void bind_page(sqlite3_stmt *st, const void *anchor, const void *ctx, int *rc)
{
    (void)ctx;
    const struct member *a = anchor;
    if (a) {
        db_bind_text(st, 2, a->sort_key ? a->sort_key : "", rc);
        db_bind_int(st, 3, a->id, rc);
    }
}

static const struct db_page MEMBER_PAGE = { SQL_PAGE, &MEMBER_ROW, "reading members", bind_page };

int store_members_page(store *s, const char *filter, enum page_dir dir,
                       const struct member *anchor, int limit,
                       struct member *rows, int *n)
{
    return db_keyset_page(s, &MEMBER_PAGE, filter, NULL, dir, anchor, limit, rows, n);
}
