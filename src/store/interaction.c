/* interaction — a member's timeline: add, masked and version-checked writes,
 * get, keyset pages newest first, served by interaction_timeline
 * (member_id, occurred_at, id). */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "interaction_row.h"
#include "suivi/base/i18n.h"
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
/* Only the fields whose bit is in ?20 are written: 1 << INTERACTION_F_…, and two of
 * our own for store_interaction_update, which may also move the interaction to
 * another member or name its author.  search follows subject and author. */
#define F_MEMBER INTERACTION_F_COUNT
#define F_AUTHOR (INTERACTION_F_COUNT + 1)
_Static_assert(INTERACTION_F_OCCURRED == 0 && INTERACTION_F_KIND == 1 &&
               INTERACTION_F_POLE == 2 && INTERACTION_F_CONTACT == 3 &&
               INTERACTION_F_SUBJECT == 4 && INTERACTION_F_BODY == 5 &&
               F_MEMBER == 6 && F_AUTHOR == 7,
               "SQL_WRITE spells the interaction field bits out");
static const char SQL_WRITE[] =
    "UPDATE interaction SET"
    " occurred_at = CASE WHEN ?20 & 1 THEN ?3 ELSE occurred_at END,"
    " kind = CASE WHEN ?20 & 2 THEN ?4 ELSE kind END,"
    " pole_id = CASE WHEN ?20 & 4 THEN ?5 ELSE pole_id END,"
    " contact_id = CASE WHEN ?20 & 8 THEN ?2 ELSE contact_id END,"
    " subject = CASE WHEN ?20 & 16 THEN ?7 ELSE subject END,"
    " body = CASE WHEN ?20 & 32 THEN ?8 ELSE body END,"
    " member_id = CASE WHEN ?20 & 64 THEN ?1 ELSE member_id END,"
    " author = CASE WHEN ?20 & 128 THEN ?6 ELSE author END,"
    " search = ?9, version = version + 1 WHERE id = ?10 AND version = ?11";

void interaction_read_columns(sqlite3_stmt *st, struct interaction *it)
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

static void read_row(sqlite3_stmt *st, void *row)
{
    interaction_read_columns(st, row);
}

static void clear_row(void *row) { interaction_clear(row); }

static const struct db_row_kind INTERACTION_ROW = {
    "interaction", sizeof(struct interaction), read_row, clear_row,
    N_("reading an interaction"), N_("adding an interaction"),
    N_("updating an interaction"), N_("this interaction does not exist"),
    N_("this interaction was changed by someone else"),
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
    if (db_provider_only(s))
        return db_hidden(s);
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
    return db_insert_audited(s, st, rc, &INTERACTION_ROW, &it->id);
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

/* A write being made: the caller's record and fields, and what the row becomes
 * (the stored row with those fields replaced: borrowed strings). */
struct edit {
    const struct interaction *it;
    unsigned fields;
    int64_t version;            /* expected */
    struct interaction merged;
};

static bool has(unsigned fields, int f)
{
    return fields & (1u << f);
}

static void merge(struct edit *e, const struct interaction *o)
{
    const struct interaction *it = e->it;
    struct interaction *r = &e->merged;
    *r = *o;
    if (has(e->fields, INTERACTION_F_OCCURRED))
        r->occurred_at = it->occurred_at;
    if (has(e->fields, INTERACTION_F_KIND))
        r->kind = it->kind;
    if (has(e->fields, INTERACTION_F_POLE))
        r->pole_id = it->pole_id;
    if (has(e->fields, INTERACTION_F_CONTACT))
        r->contact_id = it->contact_id;
    if (has(e->fields, INTERACTION_F_SUBJECT))
        r->subject = it->subject;
    if (has(e->fields, INTERACTION_F_BODY))
        r->body = it->body;
    if (has(e->fields, F_MEMBER))
        r->member_id = it->member_id;
    if (has(e->fields, F_AUTHOR) && it->author)   /* kept unless the caller names one */
        r->author = it->author;
}

static void describe(struct change *c, const void *old, void *ctx)
{
    struct edit *e = ctx;
    const struct interaction *o = old, *it = &e->merged;
    merge(e, o);
    change_id(c, "member", o->member_id, it->member_id);
    change_id(c, "contact", o->contact_id, it->contact_id);
    change_time(c, "occurred_at", o->occurred_at, it->occurred_at);
    change_enum(c, "kind", &INTERACTION_KIND_NAMES, (int)o->kind, (int)it->kind);
    change_id(c, "pole", o->pole_id, it->pole_id);
    change_str(c, "author", o->author, it->author);
    change_str(c, "subject", o->subject, it->subject);
    change_long(c, "body", o->body, it->body);
}

static int write_row(store *s, const void *old, void *ctx)
{
    (void)old;
    const struct edit *e = ctx;
    sqlite3_stmt *st = db_stmt(s, SQL_WRITE);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    bind_fields(st, &e->merged, e->merged.author, &rc);
    db_bind_int(st, 10, e->it->id, &rc);
    db_bind_int(st, 11, e->version, &rc);
    db_bind_int(st, 20, e->fields, &rc);
    return db_update_versioned(s, st, rc, &INTERACTION_ROW, e->it->id);
}

static const struct db_update INTERACTION_WRITE = {
    &INTERACTION_ROW, SQL_GET, offsetof(struct interaction, version), describe, write_row
};

static int write_fields(store *s, struct interaction *it, unsigned fields,
                        int64_t expected_version)
{
    struct edit e = { .it = it, .fields = fields, .version = expected_version };
    bool changed = false;
    int rc = db_update_audited(s, &INTERACTION_WRITE, it->id, expected_version, &e, &changed);
    if (rc == STORE_OK)
        it->version = changed ? expected_version + 1 : expected_version;
    return rc;
}

int store_interaction_write(store *s, struct interaction *it, unsigned fields,
                            int64_t expected_version)
{
    return write_fields(s, it, fields & FIELDS_ALL(INTERACTION_F_COUNT), expected_version);
}

int store_interaction_update(store *s, struct interaction *it)
{
    return write_fields(s, it, FIELDS_ALL(INTERACTION_F_COUNT + 2), it->version);
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
    SQL_PAGE, &INTERACTION_ROW, N_("reading the timeline"), bind_page
};

int store_interactions_page(store *s, int64_t member_id, const char *filter,
                            enum page_dir dir, const struct interaction *anchor,
                            int limit, struct interaction *rows, int *n)
{
    *n = 0;
    if (db_provider_only(s))
        return STORE_OK;
    return db_keyset_page(s, &TIMELINE_PAGE, filter, &member_id, dir, anchor, limit, rows, n);
}
