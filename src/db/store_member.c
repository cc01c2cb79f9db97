/* store_member — members: add, version-checked update, get, keyset pages.
 * List order is (sort_key, id), served by the member_order index. */
#include <stdlib.h>

#include "store_internal.h"
#include "suivi/sanitize.h"
#include "suivi/timeutil.h"
#include "suivi/xalloc.h"

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

static void read_row(sqlite3_stmt *st, struct member *m)
{
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
    sqlite3_stmt *st = db_stmt(s, SQL_GET);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_int(st, 1, id, &rc);
    if (db_bind_check(s, st, rc) != STORE_OK)
        return STORE_ERROR;
    rc = sqlite3_step(st);
    int out_rc = STORE_OK;
    if (rc == SQLITE_ROW)
        read_row(st, out);
    else if (rc == SQLITE_DONE)
        out_rc = db_failf(s, STORE_NOT_FOUND, "member #%lld not found", (long long)id);
    else
        out_rc = db_fail(s, rc, "reading a member");
    db_reset(st);
    return out_rc;
}

static int insert_member(store *s, struct member *m, const char *key, int64_t now)
{
    sqlite3_stmt *st = db_stmt(s, SQL_ADD);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    bind_fields(st, m, key, &rc);
    db_bind_time(st, 8, now, &rc);
    if (db_bind_check(s, st, rc) != STORE_OK)
        return STORE_ERROR;
    rc = db_exec_stmt(s, st, "adding a member");
    if (rc == STORE_OK) {
        m->id = sqlite3_last_insert_rowid(s->db);
        rc = db_audit(s, "member", m->id, "created");
    }
    return rc;
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

static void describe(struct change *c, const struct member *o, const struct member *m)
{
    change_str(c, "name", o->name, m->name);
    change_enum(c, "kind", &MEMBER_KIND_NAMES, (int)o->kind, (int)m->kind);
    change_str(c, "siren", o->siren, m->siren);
    change_str(c, "departement", o->departement, m->departement);
    change_enum(c, "status", &MEMBER_STATUS_NAMES, (int)o->status, (int)m->status);
    change_id(c, "parent", o->parent_id, m->parent_id);
}

static int update_row(store *s, const struct member *m, const char *key, int64_t now)
{
    sqlite3_stmt *st = db_stmt(s, SQL_UPDATE);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    bind_fields(st, m, key, &rc);
    db_bind_time(st, 8, now, &rc);
    db_bind_int(st, 9, m->id, &rc);
    db_bind_int(st, 10, m->version, &rc);
    if (db_bind_check(s, st, rc) != STORE_OK)
        return STORE_ERROR;
    rc = db_exec_stmt(s, st, "updating a member");
    if (rc == STORE_OK && sqlite3_changes(s->db) != 1)
        rc = db_failf(s, STORE_CONFLICT, "member #%lld was changed by someone else",
                      (long long)m->id);
    return rc;
}

/* Under the write lock: compare with the stored row, write, audit.  *changed
 * tells whether anything was written (an unchanged record is not rewritten). */
static int update_locked(store *s, const struct member *m, const char *key,
                         int64_t now, bool *changed)
{
    struct member old = {0};
    int rc = store_member_get(s, m->id, &old);
    if (rc == STORE_NOT_FOUND)
        rc = db_failf(s, STORE_CONFLICT, "member #%lld no longer exists", (long long)m->id);
    if (rc == STORE_OK && old.version != m->version)
        rc = db_failf(s, STORE_CONFLICT, "member #%lld was changed by someone else",
                      (long long)m->id);
    struct change c = {0};
    if (rc == STORE_OK)
        describe(&c, &old, m);
    *changed = c.len > 0;
    if (rc == STORE_OK && *changed)
        rc = update_row(s, m, key, now);
    if (rc == STORE_OK && *changed)
        rc = db_audit(s, "member", m->id, c.text);
    change_free(&c);
    member_clear(&old);
    return rc;
}

int store_member_update(store *s, struct member *m)
{
    char *key = fold_for_search(m->name ? m->name : "");
    int64_t now = time_now();
    bool changed = false;
    int rc = db_write_begin(s);
    if (rc == STORE_OK)
        rc = db_write_end(s, update_locked(s, m, key, now, &changed));
    if (rc == STORE_OK && changed) {
        free(m->sort_key);
        m->sort_key = key;
        m->updated_at = now;
        m->version++;
    } else {
        free(key);
    }
    return rc;
}

static void reverse(struct member *rows, int n)
{
    for (int i = 0, j = n - 1; i < j; i++, j--) {
        struct member t = rows[i];
        rows[i] = rows[j];
        rows[j] = t;
    }
}

int store_members_page(store *s, const char *filter, enum page_dir dir,
                       const struct member *anchor, int limit,
                       struct member *rows, int *n)
{
    *n = 0;
    if ((unsigned)dir > PAGE_BEFORE || limit <= 0)
        return limit == 0 ? STORE_OK : db_failf(s, STORE_ERROR, "bad page request");
    bool anchored = dir == PAGE_AFTER || dir == PAGE_BEFORE;
    if (anchored && !anchor)
        return db_failf(s, STORE_ERROR, "page request without an anchor");
    sqlite3_stmt *st = db_stmt(s, SQL_PAGE[dir]);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_filter(st, 1, filter, &rc);
    if (anchored) {
        db_bind_text(st, 2, anchor->sort_key ? anchor->sort_key : "", &rc);
        db_bind_int(st, 3, anchor->id, &rc);
    }
    db_bind_int(st, 4, limit, &rc);
    if (db_bind_check(s, st, rc) != STORE_OK)
        return STORE_ERROR;
    while (*n < limit && (rc = sqlite3_step(st)) == SQLITE_ROW)
        read_row(st, &rows[(*n)++]);
    int out = (*n == limit || rc == SQLITE_DONE) ? STORE_OK : db_fail(s, rc, "reading members");
    db_reset(st);
    if (out != STORE_OK) {
        for (int i = 0; i < *n; i++)
            member_clear(&rows[i]);
        *n = 0;
    } else if (dir == PAGE_LAST || dir == PAGE_BEFORE) {
        reverse(rows, *n);
    }
    return out;
}
