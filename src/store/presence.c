/* presence — see presence.h. */
#include "suivi/store/presence.h"

#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "suivi/base/i18n.h"
#include "suivi/base/timeutil.h"

static const char SQL_START[] =
    "INSERT INTO session (login, host, pid, started_at, seen_at) VALUES (?1, ?2, ?3, ?4, ?4)";
static const char SQL_OF_HOST[] = "SELECT id, pid FROM session WHERE host = ?1";
static const char SQL_DELETE[] = "DELETE FROM session WHERE id = ?1";
static const char SQL_EDITING[] =
    "UPDATE session SET entity = ?2, entity_id = ?3, seen_at = ?4 WHERE id = ?1";
static const char SQL_EDITORS[] =
    "SELECT se.id, se.login, st.display_name, se.host, se.pid, se.started_at, se.seen_at"
    " FROM session se LEFT JOIN staff st ON st.login = se.login"
    " WHERE se.entity = ?1 AND se.entity_id = ?2 AND se.id <> ?3 ORDER BY se.seen_at, se.id";

static int exec_id(store *s, const char *sql, int64_t id)
{
    sqlite3_stmt *st = db_stmt(s, sql);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_int(st, 1, id, &rc);
    return db_bind_check(s, st, rc) == STORE_OK
         ? db_exec_stmt(s, st, _("keeping who is editing what")) : STORE_ERROR;
}

/* Rows of this host whose process is gone: a crashed session's. */
static int sweep(store *s, const char *host, bool (*stale)(int64_t))
{
    sqlite3_stmt *st = db_stmt(s, SQL_OF_HOST);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_text(st, 1, host, &rc);
    if (db_bind_check(s, st, rc) != STORE_OK)
        return STORE_ERROR;
    int64_t gone[64];
    int n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < 64)
        if (stale && stale(sqlite3_column_int64(st, 1)))
            gone[n++] = sqlite3_column_int64(st, 0);
    int out = rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK
            : db_fail(s, rc, _("reading who is editing what"));
    db_reset(st);
    for (int i = 0; out == STORE_OK && i < n; i++)
        out = exec_id(s, SQL_DELETE, gone[i]);
    return out;
}

/* Presence is a courtesy: it must never keep a form from opening while another
 * session holds the lock, so its writes wait a moment at most. */
#define PRESENCE_WAIT_MS 200

static int begin_quick(store *s, int *saved)
{
    *saved = s->busy_timeout_ms;
    if (s->busy_timeout_ms > PRESENCE_WAIT_MS)
        s->busy_timeout_ms = PRESENCE_WAIT_MS;
    int rc = db_write_begin(s);
    s->busy_timeout_ms = *saved;
    return rc;
}

int store_session_start(store *s, const char *host, int64_t pid, bool (*stale)(int64_t),
                        int64_t *id)
{
    *id = 0;
    int saved;
    int rc = begin_quick(s, &saved);
    if (rc != STORE_OK)
        return rc;
    rc = sweep(s, host, stale);
    sqlite3_stmt *st = rc == STORE_OK ? db_stmt(s, SQL_START) : NULL;
    if (rc == STORE_OK && !st)
        rc = STORE_ERROR;
    if (rc == STORE_OK) {
        int brc = SQLITE_OK;
        db_bind_text(st, 1, s->login, &brc);
        db_bind_text(st, 2, host, &brc);
        db_bind_int(st, 3, pid, &brc);
        db_bind_time(st, 4, time_now(), &brc);
        rc = db_bind_check(s, st, brc);
        if (rc == STORE_OK)
            rc = db_exec_stmt(s, st, _("keeping who is editing what"));
        if (rc == STORE_OK)
            *id = sqlite3_last_insert_rowid(s->db);
    }
    return db_write_end(s, rc);
}

int store_session_editing(store *s, int64_t id, const char *entity, int64_t entity_id)
{
    int saved;
    int rc = begin_quick(s, &saved);
    if (rc != STORE_OK)
        return rc;
    sqlite3_stmt *st = db_stmt(s, SQL_EDITING);
    if (!st)
        return db_write_end(s, STORE_ERROR);
    int brc = SQLITE_OK;
    db_bind_int(st, 1, id, &brc);
    db_bind_text(st, 2, entity, &brc);
    db_bind_id(st, 3, entity ? entity_id : 0, &brc);
    db_bind_time(st, 4, time_now(), &brc);
    rc = db_bind_check(s, st, brc);
    if (rc == STORE_OK)
        rc = db_exec_stmt(s, st, _("keeping who is editing what"));
    return db_write_end(s, rc);
}

int store_session_end(store *s, int64_t id)
{
    int saved;
    int rc = begin_quick(s, &saved);
    if (rc == STORE_OK)
        rc = db_write_end(s, exec_id(s, SQL_DELETE, id));
    return rc;
}

int store_session_editors(store *s, const char *entity, int64_t entity_id, int64_t self,
                          struct session_row **out, int *n)
{
    *out = NULL;
    *n = 0;
    if (db_provider_only(s))          /* who edits what is the team's business */
        return STORE_OK;
    sqlite3_stmt *st = db_stmt(s, SQL_EDITORS);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK, cap = 0;
    db_bind_text(st, 1, entity, &rc);
    db_bind_int(st, 2, entity_id, &rc);
    db_bind_int(st, 3, self, &rc);
    if (db_bind_check(s, st, rc) != STORE_OK)
        return STORE_ERROR;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct session_row *r = db_array_push((void **)out, n, &cap, sizeof *r);
        r->id = db_col_int(st, 0);
        r->login = db_col_text(st, 1);
        r->name = db_col_text(st, 2);
        r->host = db_col_text(st, 3);
        r->pid = db_col_int(st, 4);
        r->started_at = db_col_time(st, 5);
        r->seen_at = db_col_time(st, 6);
    }
    int out_rc = rc == SQLITE_DONE ? STORE_OK : db_fail(s, rc, _("reading who is editing what"));
    db_reset(st);
    if (out_rc != STORE_OK) {
        session_rows_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return out_rc;
}

void session_rows_free(struct session_row *r, int n)
{
    for (int i = 0; i < n; i++) {
        free(r[i].login);
        free(r[i].name);
        free(r[i].host);
    }
    free(r);
}
