/* db — opening a database (checks, pragmas, migrations), transactions.
 *
 * Open order matters: nothing may be written to a file we are going to refuse,
 * so the "is it a database" and "is its schema newer" checks run before
 * journal_mode=WAL (which rewrites the header) and before any migration. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "store_internal.h"
#include "suivi/base/login.h"
#include "suivi/base/xalloc.h"

#define DEFAULT_BUSY_TIMEOUT_MS 5000

static const char SQL_BEGIN[] = "BEGIN IMMEDIATE";
static const char SQL_COMMIT[] = "COMMIT";
static const char SQL_ROLLBACK[] = "ROLLBACK";
static const char SQL_SAVEPOINT[] = "SAVEPOINT suivi_write";
static const char SQL_RELEASE[] = "RELEASE suivi_write";
static const char SQL_ROLLBACK_TO[] = "ROLLBACK TO suivi_write";
static const char SQL_DATA_VERSION[] = "PRAGMA data_version";

/* Read one integer from a single-row query (PRAGMAs). */
static int read_int(store *s, const char *sql, const char *what, int64_t *out)
{
    sqlite3_stmt *st = db_stmt(s, sql);
    if (!st)
        return STORE_ERROR;
    int rc = sqlite3_step(st);
    int out_rc = STORE_OK;
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    else
        out_rc = db_fail(s, rc, what);
    db_reset(st);
    return out_rc;
}

/* Read one text value (journal_mode answers with text). */
static int read_text(store *s, const char *sql, const char *what, char *buf, size_t len)
{
    sqlite3_stmt *st = db_stmt(s, sql);
    if (!st)
        return STORE_ERROR;
    int rc = sqlite3_step(st);
    int out_rc = STORE_OK;
    if (rc == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        snprintf(buf, len, "%s", t ? t : "");
    } else {
        out_rc = db_fail(s, rc, what);
    }
    db_reset(st);
    return out_rc;
}

/* The first read of the file: SQLite checks its header here.  A text file gives
 * SQLITE_NOTADB, a damaged one SQLITE_CORRUPT. */
static int check_is_database(store *s)
{
    int64_t v;
    int rc = read_int(s, "PRAGMA schema_version", "reading the database", &v);
    if (rc == STORE_NOT_A_DATABASE || (rc == STORE_ERROR &&
            (sqlite3_extended_errcode(s->db) & 0xff) == SQLITE_NOTADB))
        return db_failf(s, STORE_NOT_A_DATABASE,
                        "%s: not a suivi database (not an SQLite file, or corrupt)",
                        s->path);
    return rc;
}

static int refuse_newer(store *s, int64_t v)
{
    return db_failf(s, STORE_NEWER_SCHEMA, "%s: database schema version %lld is newer "
                    "than this suivi understands (%d); upgrade suivi",
                    s->path, (long long)v, store_schema_version());
}

/* A version-0 file that already holds tables belongs to another program: adding
 * ours to it would be a surprise for both. */
static int check_foreign(store *s)
{
    int64_t n = 0;
    int rc = read_int(s, "SELECT count(*) FROM sqlite_master", "reading the schema", &n);
    if (rc == STORE_OK && n > 0)
        return db_failf(s, STORE_NOT_A_DATABASE, "%s: not a suivi database (it holds "
                        "other tables and no suivi schema version)", s->path);
    return rc;
}

static int run_migrations(store *s, int64_t from)
{
    for (int64_t v = from; v < store_migration_count; v++) {
        char *msg = NULL;
        int rc = sqlite3_exec(s->db, store_migrations[v], NULL, NULL, &msg);
        if (rc != SQLITE_OK) {
            int out = db_failf(s, db_rc_of_sqlite(rc) == STORE_OK ? STORE_ERROR :
                               db_rc_of_sqlite(rc), "%s: migrating to schema version "
                               "%lld failed: %s", s->path, (long long)v + 1,
                               msg ? msg : sqlite3_errstr(rc));
            sqlite3_free(msg);
            return out;
        }
    }
    return STORE_OK;
}

/* Migrate inside BEGIN IMMEDIATE, re-reading the version under the write lock:
 * of two sessions starting at once, the second finds the work done. */
static int migrate(store *s)
{
    int rc = db_exec_sql(s, SQL_BEGIN, "starting the migration");
    if (rc != STORE_OK)
        return rc;
    int64_t v = 0;
    rc = read_int(s, "PRAGMA user_version", "reading the schema version", &v);
    if (rc == STORE_OK && v > store_schema_version())
        rc = refuse_newer(s, v);
    if (rc == STORE_OK && v == 0)
        rc = check_foreign(s);
    if (rc == STORE_OK)
        rc = run_migrations(s, v);
    if (rc == STORE_OK)
        rc = db_exec_sql(s, SQL_COMMIT, "committing the migration");
    if (rc != STORE_OK && !sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, SQL_ROLLBACK, NULL, NULL, NULL);
    return rc;
}

static int set_pragmas(store *s)
{
    char mode[32];
    int rc = db_exec_sql(s, "PRAGMA foreign_keys = ON", "enabling foreign keys");
    if (rc == STORE_OK)
        rc = read_text(s, "PRAGMA journal_mode = WAL", "setting WAL mode", mode, sizeof mode);
    if (rc == STORE_OK && strcmp(mode, "wal") != 0)
        rc = db_failf(s, STORE_CANT_OPEN, "%s: cannot use WAL mode (journal mode stays "
                      "'%s'); the file must be on a local file system", s->path, mode);
    if (rc == STORE_OK)
        rc = db_exec_sql(s, "PRAGMA synchronous = NORMAL", "setting synchronous mode");
    return rc;
}

/* What the file is comes first (not a database, newer schema), then whether we
 * may write it: those messages tell the user more. */
static int open_steps(store *s)
{
    int rc = check_is_database(s);
    int64_t v = 0;
    if (rc == STORE_OK)
        rc = read_int(s, "PRAGMA user_version", "reading the schema version", &v);
    if (rc == STORE_OK && v > store_schema_version())
        return refuse_newer(s, v);
    if (rc == STORE_OK && sqlite3_db_readonly(s->db, "main") == 1)
        return db_failf(s, STORE_CANT_OPEN, "%s: no write permission on the database",
                        s->path);
    if (rc == STORE_OK)
        rc = set_pragmas(s);
    if (rc == STORE_OK && v < store_schema_version())
        rc = migrate(s);
    return rc;
}

static int64_t monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* While a brand-new file is still in rollback-journal mode, sessions opening it
 * together can hit a lock that SQLite reports as busy at once, without calling
 * the busy handler (switching to WAL needs an exclusive lock).  The steps are
 * idempotent, so retry them until the busy timeout has passed. */
static int open_checks(store *s)
{
    int64_t deadline = monotonic_ms() + s->busy_timeout_ms;
    for (;;) {
        int rc = open_steps(s);
        if (rc != STORE_BUSY || monotonic_ms() >= deadline)
            return rc;
        struct timespec pause = { 0, 10 * 1000 * 1000 };
        nanosleep(&pause, NULL);
    }
}

/* The message for a file sqlite3_open_v2 could not open. */
static int cant_open(store *s, bool create)
{
    struct stat sb;
    if (!create && stat(s->path, &sb) != 0 && errno == ENOENT)
        return db_failf(s, STORE_CANT_OPEN, "%s: no such database; create one with "
                        "'suivi init --db %s'", s->path, s->path);
    if (create && stat(s->path, &sb) != 0 && errno == ENOENT)
        return db_failf(s, STORE_CANT_OPEN, "%s: cannot create the database (does its "
                        "directory exist, and may you write in it?)", s->path);
    if (stat(s->path, &sb) == 0 && S_ISDIR(sb.st_mode))
        return db_failf(s, STORE_CANT_OPEN, "%s: is a directory", s->path);
    return db_failf(s, STORE_CANT_OPEN, "%s: cannot open the database (%s)", s->path,
                    s->db ? sqlite3_errmsg(s->db) : "out of memory");
}

/* Every message from store_open names the file; a permission problem met
 * after the file opened (the -wal/-shm files cannot be created) says where. */
static void name_the_file(store *s, int rc)
{
    size_t n = strlen(s->path);
    if (n == 0 || (strncmp(s->err, s->path, n) == 0 && s->err[n] == ':'))
        return;
    char msg[sizeof s->err];
    snprintf(msg, sizeof msg, "%s", s->err);
    if (rc == STORE_CANT_OPEN)
        db_failf(s, rc, "%s: %s (suivi needs write access to the file and to its "
                 "directory, for the -wal and -shm files)", s->path, msg);
    else
        db_failf(s, rc, "%s: %s", s->path, msg);
}

int store_open(const char *path, const struct store_options *opt, store **out,
               char *err, size_t errlen)
{
    *out = NULL;
    store *s = xcalloc(1, sizeof *s);
    s->path = xstrdup(path ? path : "");
    s->login = xstrdup(unix_login());
    s->busy_timeout_ms = opt && opt->busy_timeout_ms > 0 ? opt->busy_timeout_ms
                                                         : DEFAULT_BUSY_TIMEOUT_MS;
    bool create = opt && opt->create;
    int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    int rc;
    if (!*s->path)
        rc = db_failf(s, STORE_CANT_OPEN, "no database file given");
    else if (sqlite3_open_v2(s->path, &s->db, flags, NULL) != SQLITE_OK)
        rc = cant_open(s, create);
    else {
        sqlite3_extended_result_codes(s->db, 1);
        sqlite3_busy_timeout(s->db, s->busy_timeout_ms);
        rc = open_checks(s);
    }
    if (rc != STORE_OK) {
        name_the_file(s, rc);
        if (err && errlen)
            snprintf(err, errlen, "%s", s->err);
        store_close(s);
        return rc;
    }
    s->err[0] = '\0';
    *out = s;
    return STORE_OK;
}

void store_close(store *s)
{
    if (!s)
        return;
    if (s->db && !sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, SQL_ROLLBACK, NULL, NULL, NULL);
    for (int i = 0; i < s->nslots; i++)
        sqlite3_finalize(s->slots[i].st);
    sqlite3_close(s->db);
    free(s->path);
    free(s->login);
    free(s);
}

const char *store_errmsg(const store *s)
{
    return s ? s->err : "no database";
}

const char *store_login(const store *s)
{
    return s->login;
}

const char *store_path(const store *s)
{
    return s->path;
}

int store_data_version(store *s, int64_t *version)
{
    return read_int(s, SQL_DATA_VERSION, "reading the data version", version);
}

int store_begin(store *s)
{
    if (s->depth == 0) {
        int rc = db_exec_sql(s, SQL_BEGIN, "starting a transaction");
        if (rc != STORE_OK)
            return rc;
    }
    s->depth++;
    return STORE_OK;
}

int store_commit(store *s)
{
    if (s->depth == 0)
        return db_failf(s, STORE_ERROR, "commit without a transaction");
    if (--s->depth > 0)
        return STORE_OK;
    if (sqlite3_get_autocommit(s->db))   /* SQLite rolled back after an error */
        return db_failf(s, STORE_ERROR, "the transaction was rolled back after an error");
    int rc = db_exec_sql(s, SQL_COMMIT, "committing");
    if (rc != STORE_OK && !sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, SQL_ROLLBACK, NULL, NULL, NULL);
    return rc;
}

void store_rollback(store *s)
{
    if (s->depth == 0)
        return;
    s->depth = 0;
    if (!sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, SQL_ROLLBACK, NULL, NULL, NULL);
}

/* Inside store_begin a failed write must undo only itself, so that the
 * caller can decide; a savepoint gives exactly that. */
int db_write_begin(store *s)
{
    if (s->depth > 0)
        return db_exec_sql(s, SQL_SAVEPOINT, "starting a write");
    return db_exec_sql(s, SQL_BEGIN, "starting a write");
}

static void undo_write(store *s)
{
    if (sqlite3_get_autocommit(s->db))    /* already rolled back by SQLite */
        return;
    if (s->depth > 0) {
        sqlite3_exec(s->db, SQL_ROLLBACK_TO, NULL, NULL, NULL);
        sqlite3_exec(s->db, SQL_RELEASE, NULL, NULL, NULL);
    } else {
        sqlite3_exec(s->db, SQL_ROLLBACK, NULL, NULL, NULL);
    }
}

int db_write_end(store *s, int rc)
{
    if (rc == STORE_OK)
        rc = db_exec_sql(s, s->depth > 0 ? SQL_RELEASE : SQL_COMMIT, "committing");
    if (rc != STORE_OK)
        undo_write(s);
    return rc;
}
