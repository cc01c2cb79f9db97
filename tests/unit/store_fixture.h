/* store_fixture — what the store tests share: opening a database that must open,
 * and reading one number straight from the file (bypassing the store, to check
 * what it really wrote).  Header-only (static inline) so that the Makefile's
 * one-file-per-test rule stays as it is. */
#ifndef SUIVI_STORE_FIXTURE_H
#define SUIVI_STORE_FIXTURE_H

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>

#include "check.h"
#include "suivi/base/login.h"
#include "suivi/base/xalloc.h"
#include "suivi/store/store.h"

static inline store *fixture_open(const char *path, bool create)
{
    struct store_options o = { .busy_timeout_ms = 5000, .create = create };
    store *s = NULL;
    char err[512] = "";
    int rc = store_open(path, &o, &s, err, sizeof err);
    if (rc != STORE_OK)
        fprintf(stderr, "store_open: %s\n", err);
    CHECK_INT(rc, STORE_OK);
    return s;
}

/* The first column of the first row of sql, or -1. */
static inline int64_t fixture_sql_int(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int64_t v = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

/* The first column of the first row of sql as text (caller frees), or NULL. */
static inline char *fixture_sql_text(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    char *v = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        v = xstrdup(t);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

/* Run sql on a connection of its own (behind the store's back). */
static inline void fixture_exec(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    char *msg = NULL;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fprintf(stderr, "fixture_exec: %s\n", msg ? msg : sqlite3_errstr(rc));
    CHECK_INT(rc, SQLITE_OK);
    sqlite3_free(msg);
    sqlite3_close(db);
}

/* The running login as an admin, written behind the store's back: a world with
 * other admins is then built by someone allowed to (store/access.c). */
static inline void fixture_make_me_admin(const char *path)
{
    char *sql = sqlite3_mprintf("INSERT INTO staff (login, display_name, role) "
                                "VALUES (%Q, 'Me', 'admin')", unix_login());
    fixture_exec(path, sql);
    sqlite3_free(sql);
}

static inline int64_t fixture_add_member(store *s, const char *name)
{
    struct member m = { .name = xstrdup(name), .kind = MEMBER_COMMUNE,
                        .status = MSTATUS_MEMBER };
    CHECK_INT(store_member_add(s, &m), STORE_OK);
    int64_t id = m.id;
    member_clear(&m);
    return id;
}

/* The audit entries of one record (oldest first); *n is their count. */
static inline struct audit_entry *fixture_audit(store *s, const char *entity, int64_t id,
                                                int *n)
{
    struct audit_entry *au = NULL;
    *n = 0;
    CHECK_INT(store_audit_of(s, entity, id, &au, n), STORE_OK);
    return au;
}

#endif
