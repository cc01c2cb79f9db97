/* rows — the mechanics every record kind shares: read one row, a page or a
 * whole list into records, insert with its audit row, update against a version.
 * Each file of src/store keeps only its SQL and how to bind and read its fields
 * (struct db_row_kind). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "suivi/base/i18n.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/xalloc.h"

static void *row_at(const struct db_row_kind *k, void *rows, int i)
{
    return (char *)rows + (size_t)i * k->size;
}

static void clear_rows(const struct db_row_kind *k, void *rows, int n)
{
    for (int i = 0; i < n; i++)
        k->clear(row_at(k, rows, i));
}

void db_rows_free(const struct db_row_kind *k, void *rows, int n)
{
    clear_rows(k, rows, n);
    free(rows);
}

int db_read_one(store *s, sqlite3_stmt *st, int bind_rc, const struct db_row_kind *k,
                void *out, const char *what)
{
    if (db_bind_check(s, st, bind_rc) != STORE_OK)
        return STORE_ERROR;
    int rc = sqlite3_step(st);
    int out_rc = STORE_OK;
    if (rc == SQLITE_ROW)
        k->read(st, out);
    else if (rc == SQLITE_DONE)
        out_rc = STORE_NOT_FOUND;
    else
        out_rc = db_fail(s, rc, what);
    db_reset(st);
    return out_rc;
}

int db_get_by_id(store *s, const char *sql, int64_t id, const struct db_row_kind *k,
                 void *out)
{
    sqlite3_stmt *st = db_stmt(s, sql);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_int(st, 1, id, &rc);
    rc = db_read_one(s, st, rc, k, out, _(k->reading));
    if (rc == STORE_NOT_FOUND)
        db_failf(s, rc, "%s (#%lld)", _(k->missing), (long long)id);
    return rc;
}

int db_page_check(store *s, enum page_dir dir, const void *anchor, int limit)
{
    if ((unsigned)dir > PAGE_BEFORE || limit < 0)
        return db_failf(s, STORE_ERROR, "%s", _("internal error: bad page request"));
    if ((dir == PAGE_AFTER || dir == PAGE_BEFORE) && !anchor)
        return db_failf(s, STORE_ERROR, "%s", _("internal error: page request without an anchor"));
    return STORE_OK;
}

int db_read_page(store *s, sqlite3_stmt *st, int bind_rc, const struct db_row_kind *k,
                 void *rows, int limit, int *n, const char *what)
{
    if (db_bind_check(s, st, bind_rc) != STORE_OK)
        return STORE_ERROR;
    int rc = SQLITE_DONE;
    while (*n < limit && (rc = sqlite3_step(st)) == SQLITE_ROW)
        k->read(st, row_at(k, rows, (*n)++));
    /* A full page stops stepping early: that is not an error. */
    int out = (*n == limit || rc == SQLITE_DONE) ? STORE_OK : db_fail(s, rc, what);
    db_reset(st);
    return out;
}

static void swap_bytes(unsigned char *a, unsigned char *b, size_t size)
{
    for (size_t i = 0; i < size; i++) {
        unsigned char t = a[i];
        a[i] = b[i];
        b[i] = t;
    }
}

int db_page_done(int rc, enum page_dir dir, const struct db_row_kind *k, void *rows, int *n)
{
    if (rc != STORE_OK) {
        clear_rows(k, rows, *n);
        *n = 0;
    } else if (dir == PAGE_LAST || dir == PAGE_BEFORE) {
        for (int i = 0, j = *n - 1; i < j; i++, j--)
            swap_bytes(row_at(k, rows, i), row_at(k, rows, j), k->size);
    }
    return rc;
}

/* A request for an empty page is answered before it is checked. */
int db_keyset_page(store *s, const struct db_page *p, const char *filter, const void *ctx,
                   enum page_dir dir, const void *anchor, int limit, void *rows, int *n)
{
    *n = 0;
    if (limit == 0)
        return STORE_OK;
    if (db_page_check(s, dir, anchor, limit) != STORE_OK)
        return STORE_ERROR;
    sqlite3_stmt *st = db_stmt(s, p->sql[dir]);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_filter(st, 1, filter, &rc);
    db_bind_int(st, 4, limit, &rc);
    p->bind(st, dir == PAGE_AFTER || dir == PAGE_BEFORE ? anchor : NULL, ctx, &rc);
    rc = db_read_page(s, st, rc, p->kind, rows, limit, n, _(p->what));
    return db_page_done(rc, dir, p->kind, rows, n);
}

int db_read_list(store *s, sqlite3_stmt *st, int bind_rc, const struct db_row_kind *k,
                 void **out, int *n, const char *what)
{
    *out = NULL;
    *n = 0;
    if (db_bind_check(s, st, bind_rc) != STORE_OK)
        return STORE_ERROR;
    int rc, cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        k->read(st, db_array_push(out, n, &cap, k->size));
    int out_rc = rc == SQLITE_DONE ? STORE_OK : db_fail(s, rc, what);
    db_reset(st);
    if (out_rc != STORE_OK) {
        db_rows_free(k, *out, *n);
        *out = NULL;
        *n = 0;
    }
    return out_rc;
}

int db_insert_audited(store *s, sqlite3_stmt *st, int bind_rc, const struct db_row_kind *k,
                      int64_t *id)
{
    if (db_bind_check(s, st, bind_rc) != STORE_OK)
        return STORE_ERROR;
    int rc = db_exec_stmt(s, st, _(k->adding));
    if (rc == STORE_OK) {
        *id = sqlite3_last_insert_rowid(s->db);
        rc = db_audit(s, k->entity, *id, "created");
    }
    return rc;
}

int db_with_write(store *s, int (*fn)(store *, void *), void *rec, int64_t *id)
{
    int rc = db_write_begin(s);
    rc = rc == STORE_OK ? db_write_end(s, fn(s, rec)) : rc;
    if (rc != STORE_OK)
        *id = 0;
    return rc;
}

static int changed_meanwhile(store *s, const struct db_row_kind *k, int64_t id)
{
    return db_failf(s, STORE_CONFLICT, "%s (#%lld)", _(k->changed), (long long)id);
}

int db_update_versioned(store *s, sqlite3_stmt *st, int bind_rc, const struct db_row_kind *k,
                        int64_t id)
{
    if (db_bind_check(s, st, bind_rc) != STORE_OK)
        return STORE_ERROR;
    int rc = db_exec_stmt(s, st, _(k->updating));
    if (rc == STORE_OK && sqlite3_changes(s->db) != 1)
        rc = changed_meanwhile(s, k, id);
    return rc;
}

/* Under the write lock: the stored row at the caller's version, the change
 * described against it, and only when something changes, the write and its
 * audit row.  old is the kind's zeroed record. */
static int update_locked(store *s, const struct db_update *u, int64_t id, int64_t version,
                         void *ctx, void *old, bool *changed)
{
    const struct db_row_kind *k = u->kind;
    int rc = db_get_by_id(s, u->sql_get, id, k, old);
    int64_t stored = 0;
    if (rc == STORE_OK)
        memcpy(&stored, (const char *)old + u->version_at, sizeof stored);
    /* Gone since it was read: a conflict too (someone deleted it). */
    if (rc == STORE_NOT_FOUND)
        rc = db_failf(s, STORE_CONFLICT, "%s (#%lld)", _(k->missing), (long long)id);
    if (rc == STORE_OK && stored != version)
        rc = changed_meanwhile(s, k, id);
    struct change c = {0};
    if (rc == STORE_OK)
        u->describe(&c, old, ctx);
    *changed = c.nfields > 0;
    if (rc == STORE_OK && *changed)
        rc = u->write(s, old, ctx);
    if (rc == STORE_OK && *changed)
        rc = db_audit(s, k->entity, id, change_json(&c));
    change_free(&c);
    k->clear(old);
    return rc;
}

int db_update_audited(store *s, const struct db_update *u, int64_t id, int64_t version,
                      void *ctx, bool *changed)
{
    *changed = false;
    int rc = db_write_begin(s);
    if (rc != STORE_OK)
        return rc;
    void *old = xcalloc(1, u->kind->size);
    rc = db_write_end(s, update_locked(s, u, id, version, ctx, old, changed));
    free(old);
    return rc;
}

/* ---- a filter's rare word ----
 * A list filtered on a word found in few rows reads those rows through the
 * word's trigrams (schema v5: action_tri, member_tri) instead of walking the
 * whole list to find them.  Any trigram of the word names every row holding the
 * word (and others: the LIKE of the list still decides), so the rarest one is
 * looked for: each probe counts at most `limit + 1` rows of one trigram. */

/* At most this many of a word's trigrams are counted, spread over the word. */
#define TRI_PROBES 6
#define TERM_CHARS_MAX 128


/* Characters [at[i], at[i + 3]) as an FTS5 string ("ab""c": quotes doubled). */
static bool trigram_string(const char *word, const size_t *at, int i, char *out, size_t len)
{
    size_t o = 0;
    if (len < 3)
        return false;
    out[o++] = '"';
    for (size_t b = at[i]; b < at[i + 3]; b++) {
        if (o + 3 >= len)
            return false;
        if (word[b] == '"')
            out[o++] = '"';
        out[o++] = word[b];
    }
    out[o++] = '"';
    out[o] = '\0';
    return true;
}

/* The count sql returns, bound to text (?1) and limit + 1 (?2): a statement that
 * counts at most ?2 rows ("SELECT count(*) FROM (... LIMIT ?2)"). */
int db_count_upto(store *s, const char *sql, const char *text, int limit, int *n)
{
    *n = 0;
    sqlite3_stmt *st = db_stmt(s, sql);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_text(st, 1, text, &rc);
    db_bind_int(st, 2, limit + 1, &rc);
    if (db_bind_check(s, st, rc) != STORE_OK)
        return STORE_ERROR;
    rc = sqlite3_step(st);
    int out = rc == SQLITE_ROW ? STORE_OK : db_fail(s, rc, _("reading the filter's index"));
    *n = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    db_reset(st);
    return out;
}

/* The rarest trigram of the folded word (as an FTS5 string into fts) and its rows
 * (*rows, at most limit + 1), by probe_sql: "SELECT count(*) FROM (SELECT 1 FROM
 * x_tri WHERE x_tri MATCH ?1 LIMIT ?2)".  *rows = -1: the word has no trigram
 * (under three characters, or not UTF-8) and must be looked for row by row. */
int db_rare_trigram(store *s, const char *probe_sql, const char *folded, int limit,
                    char *fts, size_t ftslen, int *rows)
{
    *rows = -1;
    size_t at[TERM_CHARS_MAX + 1];
    int chars = 0;
    const unsigned char *p = (const unsigned char *)folded;
    size_t b = 0, left = strlen(folded);
    at[0] = 0;
    /* A longer word: its first TERM_CHARS_MAX characters hold its rarest trigrams
     * as well as any (every trigram of the word is in every row holding it). */
    while (p[b] && chars < TERM_CHARS_MAX) {
        /* The trigram tokenizer cuts valid UTF-8 where we do; a word that is not
         * valid UTF-8 is not probed. */
        uint32_t cp;
        size_t n = utf8_decode(p + b, left - b, &cp);
        if (n == 0)
            return STORE_OK;
        b += n;
        at[++chars] = b;
    }
    int tris = chars - 2;
    if (tris < 1)
        return STORE_OK;
    int probes = tris < TRI_PROBES ? tris : TRI_PROBES;
    for (int k = 0; k < probes && *rows != 0; k++) {
        int i = probes > 1 ? k * (tris - 1) / (probes - 1) : 0;
        char cand[64];
        int n = 0;
        if (!trigram_string(folded, at, i, cand, sizeof cand))
            continue;
        if (db_count_upto(s, probe_sql, cand, limit, &n) != STORE_OK)
            return STORE_ERROR;
        if (*rows < 0 || n < *rows) {
            *rows = n;
            snprintf(fts, ftslen, "%s", cand);
        }
    }
    return STORE_OK;
}

bool db_short_gram(const char *folded, char *fts, size_t ftslen)
{
    size_t n = strlen(folded);
    if (n < 1 || n > 2 || ftslen < n + 3)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((folded[i] >= 'a' && folded[i] <= 'z') || (folded[i] >= '0' && folded[i] <= '9')))
            return false;
    snprintf(fts, ftslen, "\"%s\"", folded);
    return true;
}

int db_list_by_id(store *s, const char *sql, int64_t id, const struct db_row_kind *k,
                  void **out, int *n)
{
    *out = NULL;
    *n = 0;
    if (db_provider_only(s))
        return STORE_OK;
    sqlite3_stmt *st = db_stmt(s, sql);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_int(st, 1, id, &rc);
    return db_read_list(s, st, rc, k, out, n, _(k->reading));
}
