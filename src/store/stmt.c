/* stmt — the prepared-statement cache, binding and column helpers, errors.
 *
 * Statements are identified by the address of their constant SQL text: every
 * query in src/store is a string constant, never text assembled at run time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "suivi/base/i18n.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/timeutil.h"
#include "suivi/base/xalloc.h"

int db_rc_of_sqlite(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK: case SQLITE_DONE: case SQLITE_ROW:
        return STORE_OK;
    case SQLITE_BUSY: case SQLITE_LOCKED:
        return STORE_BUSY;
    case SQLITE_CONSTRAINT:
        return STORE_CONSTRAINT;
    case SQLITE_NOTADB: case SQLITE_CORRUPT:
        return STORE_NOT_A_DATABASE;
    case SQLITE_CANTOPEN: case SQLITE_PERM: case SQLITE_READONLY: case SQLITE_AUTH:
        return STORE_CANT_OPEN;
    default:
        return STORE_ERROR;
    }
}

int db_failf(store *s, int rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->err, sizeof s->err, fmt, ap);
    va_end(ap);
    return rc;
}

int db_fail(store *s, int rc, const char *what)
{
    int src = db_rc_of_sqlite(rc);
    const char *msg = s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc);
    switch (src) {
    case STORE_BUSY:
        return db_failf(s, src, _("%s: another session held the database locked for "
                        "longer than busy_timeout_ms (%d ms): nothing was written; try "
                        "again"), what, s->busy_timeout_ms);
    case STORE_CONSTRAINT:
        return db_failf(s, src, _("%s: refused by the database (%s)"), what, msg);
    case STORE_NOT_A_DATABASE:
        return db_failf(s, src, _("%s: %s: the database file is corrupt (%s)"),
                        s->path ? s->path : "?", what, msg);
    case STORE_OK: /* a caller's logic error reported through here */
        return db_failf(s, STORE_ERROR, _("%s: unexpected result"), what);
    default:
        return db_failf(s, src, "%s: %s", what, msg);
    }
}

/* When the cache is full, drop every idle statement: they are re-prepared on
 * demand.  A busy one (being stepped by a caller up the stack) is kept. */
static void cache_evict(store *s)
{
    int kept = 0;
    for (int i = 0; i < s->nslots; i++) {
        if (sqlite3_stmt_busy(s->slots[i].st))
            s->slots[kept++] = s->slots[i];
        else
            sqlite3_finalize(s->slots[i].st);
    }
    s->nslots = kept;
}

sqlite3_stmt *db_stmt(store *s, const char *sql)
{
    for (int i = 0; i < s->nslots; i++)
        if (s->slots[i].sql == sql)
            return s->slots[i].st;
    if (s->nslots == STMT_CACHE_SIZE)
        cache_evict(s);
    if (s->nslots == STMT_CACHE_SIZE) {
        db_failf(s, STORE_ERROR, "%s", _("internal error: too many statements in use"));
        return NULL;
    }
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
    if (rc != SQLITE_OK) {
        db_fail(s, rc, _("preparing a query"));
        sqlite3_finalize(st);
        return NULL;
    }
    s->slots[s->nslots].sql = sql;
    s->slots[s->nslots].st = st;
    s->nslots++;
    return st;
}

void db_reset(sqlite3_stmt *st)
{
    if (st) {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
    }
}

int db_exec_stmt(store *s, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    while (rc == SQLITE_ROW)       /* e.g. a PRAGMA that echoes its value */
        rc = sqlite3_step(st);
    int out = rc == SQLITE_DONE ? STORE_OK : db_fail(s, rc, what);
    db_reset(st);
    return out;
}

int db_exec_sql(store *s, const char *sql, const char *what)
{
    sqlite3_stmt *st = db_stmt(s, sql);
    return st ? db_exec_stmt(s, st, what) : STORE_ERROR;
}

void db_bind_text(sqlite3_stmt *st, int i, const char *v, int *rc)
{
    if (*rc != SQLITE_OK)
        return;
    *rc = v ? sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i);
}

void db_bind_opt_text(sqlite3_stmt *st, int i, const char *v, int *rc)
{
    db_bind_text(st, i, (v && *v) ? v : NULL, rc);
}

void db_bind_int(sqlite3_stmt *st, int i, int64_t v, int *rc)
{
    if (*rc == SQLITE_OK)
        *rc = sqlite3_bind_int64(st, i, v);
}

void db_bind_id(sqlite3_stmt *st, int i, int64_t id, int *rc)
{
    if (*rc != SQLITE_OK)
        return;
    *rc = id ? sqlite3_bind_int64(st, i, id) : sqlite3_bind_null(st, i);
}

void db_bind_time(sqlite3_stmt *st, int i, int64_t t, int *rc)
{
    char iso[TIME_ISO_LEN];
    time_to_iso(t, iso);
    db_bind_text(st, i, iso, rc);
}

/* A filter typed by the user, as a LIKE pattern matching a folded column:
 * folded the same way, with the LIKE metacharacters escaped so that "50%" is
 * matched literally.  NULL or "" binds NULL (the queries read it as "no filter"). */
void db_bind_filter(sqlite3_stmt *st, int i, const char *filter, int *rc)
{
    if (*rc != SQLITE_OK)
        return;
    if (!filter || !*filter) {
        *rc = sqlite3_bind_null(st, i);
        return;
    }
    char *folded = fold_for_search(filter);
    size_t len = strlen(folded);
    char *pat = xmalloc(2 * len + 3), *p = pat;
    *p++ = '%';
    for (const char *f = folded; *f; f++) {
        if (*f == '%' || *f == '_' || *f == '\\')
            *p++ = '\\';
        *p++ = *f;
    }
    *p++ = '%';
    *p = '\0';
    free(folded);
    *rc = sqlite3_bind_text(st, i, pat, -1, SQLITE_TRANSIENT);
    free(pat);
}

int db_bind_check(store *s, sqlite3_stmt *st, int rc)
{
    if (rc == SQLITE_OK)
        return STORE_OK;
    int out = db_fail(s, rc, _("binding query values"));
    db_reset(st);
    return out;
}

char *db_col_text(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    if (!t)
        return NULL;
    /* Copy by length: a value holding a NUL byte must not read past its end. */
    return xstrndup((const char *)t, (size_t)sqlite3_column_bytes(st, i));
}

int64_t db_col_time(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    int64_t v = 0;
    if (!t || time_from_iso((const char *)t, &v) != 0)
        return 0;
    return v;
}

int64_t db_col_int(sqlite3_stmt *st, int i)
{
    return sqlite3_column_int64(st, i);
}

int db_col_enum(sqlite3_stmt *st, int i, const struct enum_names *e)
{
    int v = enum_from_code(e, (const char *)sqlite3_column_text(st, i));
    return v < 0 ? 0 : v;
}

void *db_array_push(void **arr, int *n, int *cap, size_t size)
{
    if (*n == *cap) {
        int ncap = *cap ? *cap * 2 : 16;
        *arr = xreallocarray(*arr, (size_t)ncap, size);
        *cap = ncap;
    }
    char *elt = (char *)*arr + (size_t)*n * size;
    memset(elt, 0, size);
    (*n)++;
    return elt;
}
