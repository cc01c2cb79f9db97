/* store_interaction — a member's timeline: add, version-checked update, get,
 * keyset pages newest first, served by interaction_timeline
 * (member_id, occurred_at, id). */
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "suivi/sanitize.h"
#include "suivi/timeutil.h"
#include "suivi/xalloc.h"

#define IT_SELECT \
    "SELECT i.id, i.member_id, i.contact_id, c.name, i.occurred_at, i.kind, i.pole_id," \
    " p.name, i.author, i.subject, i.body, i.created_at, i.version" \
    " FROM interaction i LEFT JOIN contact c ON c.id = i.contact_id" \
    " LEFT JOIN pole p ON p.id = i.pole_id"
/* ?1 = LIKE pattern or NULL, ?2/?3 = anchor (occurred_at, id), ?4 = limit,
 * ?5 = member. */
#define IT_FILTER " WHERE i.member_id = ?5 AND (?1 IS NULL OR i.search LIKE ?1 ESCAPE '\\')"
#define IT_NEWEST " ORDER BY i.occurred_at DESC, i.id DESC LIMIT ?4"
#define IT_OLDEST " ORDER BY i.occurred_at, i.id LIMIT ?4"

static const char SQL_GET[] = IT_SELECT " WHERE i.id = ?1";
static const char *const SQL_PAGE[] = {
    [PAGE_FIRST]  = IT_SELECT IT_FILTER IT_NEWEST,
    [PAGE_LAST]   = IT_SELECT IT_FILTER IT_OLDEST,
    [PAGE_AFTER]  = IT_SELECT IT_FILTER " AND (i.occurred_at, i.id) < (?2, ?3)" IT_NEWEST,
    [PAGE_BEFORE] = IT_SELECT IT_FILTER " AND (i.occurred_at, i.id) > (?2, ?3)" IT_OLDEST,
};
static const char SQL_ADD[] =
    "INSERT INTO interaction (member_id, contact_id, occurred_at, kind, pole_id, author,"
    " subject, body, search, created_at, version)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 1)";
static const char SQL_UPDATE[] =
    "UPDATE interaction SET member_id = ?1, contact_id = ?2, occurred_at = ?3, kind = ?4,"
    " pole_id = ?5, author = ?6, subject = ?7, body = ?8, search = ?9,"
    " version = version + 1 WHERE id = ?10 AND version = ?11";

static void read_row(sqlite3_stmt *st, struct interaction *it)
{
    it->id = db_col_int(st, 0);
    it->member_id = db_col_int(st, 1);
    it->contact_id = db_col_int(st, 2);
    it->contact_name = db_col_text(st, 3);
    it->occurred_at = db_col_time(st, 4);
    it->kind = (enum interaction_kind)db_col_enum(st, 5, &INTERACTION_KIND_NAMES);
    it->pole_id = db_col_int(st, 6);
    it->pole_name = db_col_text(st, 7);
    it->author = db_col_text(st, 8);
    it->subject = db_col_text(st, 9);
    it->body = db_col_text(st, 10);
    it->created_at = db_col_time(st, 11);
    it->version = db_col_int(st, 12);
}

/* What the filter searches: subject and author, folded, on separate lines so
 * that a match cannot straddle the two. */
static char *search_text(const char *subject, const char *author)
{
    char *a = fold_for_search(subject ? subject : "");
    char *b = fold_for_search(author ? author : "");
    char *t = xasprintf("%s\n%s", a, b);
    free(a);
    free(b);
    return t;
}

/* Bind ?1..?9: the stored fields, with the author already decided. */
static void bind_fields(sqlite3_stmt *st, const struct interaction *it, const char *author,
                        int *rc)
{
    char *search = search_text(it->subject, author);
    db_bind_int(st, 1, it->member_id, rc);
    db_bind_id(st, 2, it->contact_id, rc);
    db_bind_time(st, 3, it->occurred_at, rc);
    db_bind_text(st, 4, enum_code(&INTERACTION_KIND_NAMES, (int)it->kind), rc);
    db_bind_id(st, 5, it->pole_id, rc);
    db_bind_text(st, 6, author, rc);
    db_bind_text(st, 7, it->subject, rc);
    db_bind_opt_text(st, 8, it->body, rc);
    db_bind_text(st, 9, search, rc);
    free(search);
}

int store_interaction_get(store *s, int64_t id, struct interaction *out)
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
        out_rc = db_failf(s, STORE_NOT_FOUND, "interaction #%lld not found", (long long)id);
    else
        out_rc = db_fail(s, rc, "reading an interaction");
    db_reset(st);
    return out_rc;
}

static int insert_locked(store *s, struct interaction *it, const char *author, int64_t now)
{
    sqlite3_stmt *st = db_stmt(s, SQL_ADD);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    bind_fields(st, it, author, &rc);
    db_bind_time(st, 10, now, &rc);
    if (db_bind_check(s, st, rc) != STORE_OK)
        return STORE_ERROR;
    rc = db_exec_stmt(s, st, "adding an interaction");
    if (rc == STORE_OK) {
        it->id = sqlite3_last_insert_rowid(s->db);
        rc = db_audit(s, "interaction", it->id, "created");
    }
    return rc;
}

int store_interaction_add(store *s, struct interaction *it)
{
    int64_t now = time_now();
    if (!it->occurred_at)
        it->occurred_at = now;
    const char *author = it->author ? it->author : s->login;
    int rc = db_write_begin(s);
    if (rc == STORE_OK)
        rc = db_write_end(s, insert_locked(s, it, author, now));
    if (rc == STORE_OK) {
        if (!it->author)
            it->author = xstrdup(s->login);
        it->created_at = now;
        it->version = 1;
    } else {
        it->id = 0;
    }
    return rc;
}

static void describe(struct change *c, const struct interaction *o,
                     const struct interaction *it, const char *author)
{
    char a[TIME_ISO_LEN], b[TIME_ISO_LEN];
    change_id(c, "member", o->member_id, it->member_id);
    change_id(c, "contact", o->contact_id, it->contact_id);
    if (o->occurred_at != it->occurred_at) {
        time_to_iso(o->occurred_at, a);
        time_to_iso(it->occurred_at, b);
        change_str(c, "occurred_at", a, b);
    }
    change_enum(c, "kind", &INTERACTION_KIND_NAMES, (int)o->kind, (int)it->kind);
    change_id(c, "pole", o->pole_id, it->pole_id);
    change_str(c, "author", o->author, author);
    change_str(c, "subject", o->subject, it->subject);
    change_long(c, "body", o->body, it->body);
}

static int update_row(store *s, const struct interaction *it, const char *author)
{
    sqlite3_stmt *st = db_stmt(s, SQL_UPDATE);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    bind_fields(st, it, author, &rc);
    db_bind_int(st, 10, it->id, &rc);
    db_bind_int(st, 11, it->version, &rc);
    if (db_bind_check(s, st, rc) != STORE_OK)
        return STORE_ERROR;
    rc = db_exec_stmt(s, st, "updating an interaction");
    if (rc == STORE_OK && sqlite3_changes(s->db) != 1)
        rc = db_failf(s, STORE_CONFLICT, "interaction #%lld was changed by someone else",
                      (long long)it->id);
    return rc;
}

static int update_locked(store *s, const struct interaction *it, bool *changed)
{
    struct interaction old = {0};
    int rc = store_interaction_get(s, it->id, &old);
    if (rc == STORE_NOT_FOUND)
        rc = db_failf(s, STORE_CONFLICT, "interaction #%lld no longer exists",
                      (long long)it->id);
    if (rc == STORE_OK && old.version != it->version)
        rc = db_failf(s, STORE_CONFLICT, "interaction #%lld was changed by someone else",
                      (long long)it->id);
    /* The author is kept unless the caller names one. */
    const char *author = it->author ? it->author : old.author;
    struct change c = {0};
    if (rc == STORE_OK)
        describe(&c, &old, it, author);
    *changed = c.len > 0;
    if (rc == STORE_OK && *changed)
        rc = update_row(s, it, author);
    if (rc == STORE_OK && *changed)
        rc = db_audit(s, "interaction", it->id, c.text);
    change_free(&c);
    interaction_clear(&old);
    return rc;
}

int store_interaction_update(store *s, struct interaction *it)
{
    bool changed = false;
    int rc = db_write_begin(s);
    if (rc == STORE_OK)
        rc = db_write_end(s, update_locked(s, it, &changed));
    if (rc == STORE_OK && changed)
        it->version++;
    return rc;
}

static void reverse(struct interaction *rows, int n)
{
    for (int i = 0, j = n - 1; i < j; i++, j--) {
        struct interaction t = rows[i];
        rows[i] = rows[j];
        rows[j] = t;
    }
}

int store_interactions_page(store *s, int64_t member_id, const char *filter,
                            enum page_dir dir, const struct interaction *anchor,
                            int limit, struct interaction *rows, int *n)
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
        db_bind_time(st, 2, anchor->occurred_at, &rc);
        db_bind_int(st, 3, anchor->id, &rc);
    }
    db_bind_int(st, 4, limit, &rc);
    db_bind_int(st, 5, member_id, &rc);
    if (db_bind_check(s, st, rc) != STORE_OK)
        return STORE_ERROR;
    while (*n < limit && (rc = sqlite3_step(st)) == SQLITE_ROW)
        read_row(st, &rows[(*n)++]);
    int out = (*n == limit || rc == SQLITE_DONE) ? STORE_OK
                                                 : db_fail(s, rc, "reading the timeline");
    db_reset(st);
    if (out != STORE_OK) {
        for (int i = 0; i < *n; i++)
            interaction_clear(&rows[i]);
        *n = 0;
    } else if (dir == PAGE_LAST || dir == PAGE_BEFORE) {
        reverse(rows, *n);
    }
    return out;
}
