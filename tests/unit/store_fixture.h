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

#endif
