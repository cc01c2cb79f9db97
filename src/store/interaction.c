/* store_interaction — a member's timeline: add, version-checked update, get,
 * keyset pages newest first, served by interaction_timeline
 * (member_id, occurred_at, id). */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/timeutil.h"
#include "suivi/base/xalloc.h"

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

static void read_row(sqlite3_stmt *st, void *row)
{
    struct interaction *it = row;
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

static void clear_row(void *row) { interaction_clear(row); }

static const struct db_row_kind INTERACTION_ROW = {
    "interaction", sizeof(struct interaction), read_row, clear_row
};

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
    return db_get_by_id(s, SQL_GET, id, &INTERACTION_ROW, out);
}

static int insert_locked(store *s, struct interaction *it, const char *author, int64_t now)
{
    sqlite3_stmt *st = db_stmt(s, SQL_ADD);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    bind_fields(st, it, author, &rc);
    db_bind_time(st, 10, now, &rc);
    return db_insert_audited(s, st, rc, "interaction", &it->id);
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

/* The author is kept unless the caller names one. */
static const char *author_of(const struct interaction *it, const struct interaction *old)
{
    return it->author ? it->author : old->author;
}

static void describe(struct change *c, const void *old, const void *ctx)
{
    const struct interaction *o = old, *it = ctx;
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
    change_str(c, "author", o->author, author_of(it, o));
    change_str(c, "subject", o->subject, it->subject);
    change_long(c, "body", o->body, it->body);
}

static int update_row(store *s, const void *old, void *ctx)
{
    const struct interaction *it = ctx;
    sqlite3_stmt *st = db_stmt(s, SQL_UPDATE);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    bind_fields(st, it, author_of(it, old), &rc);
    db_bind_int(st, 10, it->id, &rc);
    db_bind_int(st, 11, it->version, &rc);
    return db_update_versioned(s, st, rc, "updating an interaction", "interaction", it->id);
}

static const struct db_update INTERACTION_UPDATE = {
    &INTERACTION_ROW, SQL_GET, offsetof(struct interaction, version), describe, update_row
};

int store_interaction_update(store *s, struct interaction *it)
{
    bool changed = false;
    int rc = db_update_audited(s, &INTERACTION_UPDATE, it->id, it->version, it, &changed);
    if (rc == STORE_OK && changed)
        it->version++;
    return rc;
}

/* ?2/?3: the anchor's (occurred_at, id); ?5: the member. */
static void bind_page(sqlite3_stmt *st, const void *anchor, const void *ctx, int *rc)
{
    const struct interaction *a = anchor;
    if (a) {
        db_bind_time(st, 2, a->occurred_at, rc);
        db_bind_int(st, 3, a->id, rc);
    }
    db_bind_int(st, 5, *(const int64_t *)ctx, rc);
}

static const struct db_page TIMELINE_PAGE = {
    SQL_PAGE, &INTERACTION_ROW, "reading the timeline", bind_page
};

int store_interactions_page(store *s, int64_t member_id, const char *filter,
                            enum page_dir dir, const struct interaction *anchor,
                            int limit, struct interaction *rows, int *n)
{
    return db_keyset_page(s, &TIMELINE_PAGE, filter, &member_id, dir, anchor, limit, rows, n);
}
