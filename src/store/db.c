/* db — opening a database (checks, pragmas, migrations), transactions.
 *
 * Open order matters: nothing may be written to a file we are going to refuse,
 * so what the file is (file.c), then the "is it a database" and "is its schema
 * newer" checks run before journal_mode=WAL (which rewrites the header) and before
 * any migration. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store_internal.h"
#include "suivi/base/i18n.h"
#include "suivi/base/login.h"
#include "suivi/base/timeutil.h"
#include "suivi/base/xalloc.h"

#define DEFAULT_BUSY_TIMEOUT_MS 5000

static const char SQL_BEGIN[] = "BEGIN IMMEDIATE";
static const char SQL_BEGIN_READ[] = "BEGIN DEFERRED";
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
    int rc = read_int(s, "PRAGMA schema_version", _("reading the database"), &v);
    if (rc == STORE_NOT_A_DATABASE || (rc == STORE_ERROR &&
            (sqlite3_extended_errcode(s->db) & 0xff) == SQLITE_NOTADB))
        return db_failf(s, STORE_NOT_A_DATABASE,
                        _("%s: not a suivi database (not an SQLite file, or corrupt)"),
                        s->path);
    return rc;
}

static int refuse_newer(store *s, int64_t v)
{
    return db_failf(s, STORE_NEWER_SCHEMA, _("%s: database schema version %lld is newer "
                    "than this suivi understands (%d); upgrade suivi"),
                    s->path, (long long)v, store_schema_version());
}

/* A version-0 file that already holds tables belongs to another program: adding
 * ours to it would be a surprise for both. */
static int check_foreign(store *s)
{
    int64_t n = 0;
    int rc = read_int(s, "SELECT count(*) FROM sqlite_master", _("reading the schema"), &n);
    if (rc == STORE_OK && n > 0)
        return db_failf(s, STORE_NOT_A_DATABASE, _("%s: not a suivi database (it holds "
                        "other tables and no suivi schema version)"), s->path);
    return rc;
}

static int run_migrations(store *s, int64_t from)
{
    for (int64_t v = from; v < store_migration_count; v++) {
        char *msg = NULL;
        int rc = sqlite3_exec(s->db, store_migrations[v], NULL, NULL, &msg);
        if (rc != SQLITE_OK) {
            int out = db_failf(s, db_rc_of_sqlite(rc) == STORE_OK ? STORE_ERROR :
                               db_rc_of_sqlite(rc), _("%s: migrating to schema version "
                               "%lld failed: %s"), s->path, (long long)v + 1,
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
    int rc = db_begin_immediate(s, _("starting the migration"));
    if (rc != STORE_OK)
        return rc;
    int64_t v = 0;
    rc = read_int(s, "PRAGMA user_version", _("reading the schema version"), &v);
    if (rc == STORE_OK && v > store_schema_version())
        rc = refuse_newer(s, v);
    if (rc == STORE_OK && v == 0)
        rc = check_foreign(s);
    if (rc == STORE_OK)
        rc = run_migrations(s, v);
    if (rc == STORE_OK)
        rc = db_exec_sql(s, SQL_COMMIT, _("committing the migration"));
    if (rc != STORE_OK && !sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, SQL_ROLLBACK, NULL, NULL, NULL);
    return rc;
}

/* synchronous = FULL: in WAL mode NORMAL fsyncs only at checkpoints, so a save
 * that said "Saved" could vanish in a power cut; FULL syncs the WAL per commit. */
static int set_pragmas(store *s)
{
    char mode[32];
    int rc = db_exec_sql(s, "PRAGMA foreign_keys = ON", _("enabling foreign keys"));
    if (rc == STORE_OK)
        rc = read_text(s, "PRAGMA journal_mode = WAL", _("setting WAL mode"), mode,
                       sizeof mode);
    if (rc == STORE_OK && strcmp(mode, "wal") != 0)
        rc = db_failf(s, STORE_CANT_OPEN, _("%s: cannot use WAL mode (journal mode stays "
                      "'%s'); the file must be on a local file system"), s->path, mode);
    if (rc == STORE_OK)
        rc = db_exec_sql(s, "PRAGMA synchronous = FULL", _("setting synchronous mode"));
    /* A page cache of 1 MiB, not SQLite's 2: a key reads a few index pages (make
     * bench: no key slower on 2,000,000 interactions), the rest are in the
     * system's file cache, shared by every session on the server, and each session
     * keeps 1 MB less of its own. */
    if (rc == STORE_OK)
        rc = db_exec_sql(s, "PRAGMA cache_size = -1024", _("setting the cache size"));
    return rc;
}

/* What the file is comes first (not a database, newer schema), then whether we
 * may write it: those messages tell the user more. */
static int open_steps(store *s)
{
    int rc = check_is_database(s);
    int64_t v = 0;
    if (rc == STORE_OK)
        rc = read_int(s, "PRAGMA user_version", _("reading the schema version"), &v);
    if (rc == STORE_OK && v > store_schema_version())
        return refuse_newer(s, v);
    /* Before WAL: switching mode would leave a -wal file beside another program's
     * database we are about to refuse. */
    if (rc == STORE_OK && v == 0)
        rc = check_foreign(s);
    if (rc == STORE_OK && sqlite3_db_readonly(s->db, "main") == 1)
        return db_failf(s, STORE_CANT_OPEN, _("%s: no write permission on the database"),
                        s->path);
    if (rc == STORE_OK)
        rc = set_pragmas(s);
    if (rc == STORE_OK && v < store_schema_version())
        rc = migrate(s);
    return rc;
}

/* SQLite's busy handler: wait for the lock in short steps up to busy_timeout_ms,
 * as sqlite3_busy_timeout would, but stop as soon as the caller says it must (a
 * hang-up: nobody is there to wait for, and what was typed is in a draft). */
static int busy_wait(void *arg, int count)
{
    store *s = arg;
    if (count == 0)
        s->busy_since_ms = time_monotonic_ms();
    if (s->interrupted && s->interrupted())
        return 0;
    if (time_monotonic_ms() - s->busy_since_ms >= s->busy_timeout_ms)
        return 0;
    struct timespec pause = { 0, (count < 5 ? 2 : 20) * 1000 * 1000 };
    nanosleep(&pause, NULL);
    return 1;
}

void store_set_interrupt(store *s, bool (*interrupted)(void))
{
    s->interrupted = interrupted;
}

/* While a brand-new file is still in rollback-journal mode, sessions opening it
 * together can hit a lock that SQLite reports as busy at once, without calling
 * the busy handler (switching to WAL needs an exclusive lock).  The steps are
 * idempotent, so retry them until the busy timeout has passed. */
static int open_checks(store *s)
{
    int64_t deadline = time_monotonic_ms() + s->busy_timeout_ms;
    for (;;) {
        int rc = open_steps(s);
        if (rc != STORE_BUSY || time_monotonic_ms() >= deadline)
            return rc;
        struct timespec pause = { 0, 10 * 1000 * 1000 };
        nanosleep(&pause, NULL);
    }
}

/* The message for a file sqlite3_open_v2 could not open (file.c has already
 * refused what is missing or not a regular file). */
static int cant_open(store *s)
{
    return db_failf(s, STORE_CANT_OPEN, _("%s: cannot open the database (%s)"), s->path,
                    s->db ? sqlite3_errmsg(s->db) : _("out of memory"));
}

/* Every message from store_open names the file; a permission problem met
 * after the file opened (the -wal/-shm files cannot be created) says where. */
static void name_the_file(store *s, int rc)
{
    size_t n = strlen(s->path);
    if (n == 0 || (strncmp(s->err, s->path, n) == 0 && (s->err[n] == ':' ||
                                                         s->err[n] == ' ')))
        return;
    char msg[sizeof s->err];
    snprintf(msg, sizeof msg, "%s", s->err);
    if (rc == STORE_CANT_OPEN)
        db_failf(s, rc, _("%s: %s (suivi needs write access to the file and to its "
                 "directory, for the -wal and -shm files)"), s->path, msg);
    else
        db_failf(s, rc, "%s: %s", s->path, msg);
}

/* A file this call created and could not make a database of: leave nothing.  Only
 * while it is still empty (a session racing us may have filled it meanwhile). */
static void remove_if_ours_and_empty(const char *path)
{
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size == 0)
        unlink(path);
}

/* SQLite never creates the file (file.c does, with the right mode): a file that
 * vanished between the two is reported as missing. */
static int open_file(store *s, bool create, bool *created)
{
    int rc = db_file_prepare(s, create, created);
    if (rc != STORE_OK)
        return rc;
    if (sqlite3_open_v2(s->path, &s->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
        return cant_open(s);
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_handler(s->db, busy_wait, s);
    rc = db_file_check(s);               /* the file SQLite opened is the one checked */
    return rc == STORE_OK ? open_checks(s) : rc;
}

int store_open(const char *path, const struct store_options *opt, store **out,
               char *err, size_t errlen)
{
    *out = NULL;
    store *s = xcalloc(1, sizeof *s);
    s->path = xstrdup(path ? path : "");
    s->login = xstrdup(unix_login());
    /* 0 means 0: a locked database answers at once. */
    s->busy_timeout_ms = !opt ? DEFAULT_BUSY_TIMEOUT_MS
                       : opt->busy_timeout_ms > 0 ? opt->busy_timeout_ms : 0;
    bool create = opt && opt->create, created = false;
    s->unknown_writes = opt && opt->unknown_writes;
    int rc = *s->path ? open_file(s, create, &created)
                      : db_failf(s, STORE_CANT_OPEN, "%s", _("no database file given"));
    if (rc == STORE_OK)
        rc = db_load_access(s);
    /* init names its first admin, or says who you are there: never refused. */
    if (rc == STORE_OK && s->unknown_login && opt && opt->deny_unknown && !create)
        rc = db_failf(s, STORE_DENIED, _("your login %s is not in the staff list of this "
                      "database ([access] unknown = deny): ask an admin to add you"),
                      s->login);
    if (rc != STORE_OK) {
        name_the_file(s, rc);
        if (err && errlen)
            snprintf(err, errlen, "%s", s->err);
        store_close(s);
        if (created)
            remove_if_ours_and_empty(path);
        return rc;
    }
    s->err[0] = '\0';
    *out = s;
    return STORE_OK;
}

/* Closing the last connection checkpoints the WAL and removes -wal and -shm by
 * name: once the path names another file, those names may be that file's, and
 * removing them would lose its last commits.  SQLite skips this when the inode at
 * the path changed; we say so ourselves too, on our own (device, inode) check. */
static void keep_files_on_close(store *s)
{
    int keep = 1;
    sqlite3_db_config(s->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
    sqlite3_file_control(s->db, "main", SQLITE_FCNTL_PERSIST_WAL, &keep);
}

void store_close(store *s)
{
    if (!s)
        return;
    if (s->db && !sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, SQL_ROLLBACK, NULL, NULL, NULL);
    if (s->db && s->ino && db_file_check(s) == STORE_REPLACED)
        keep_files_on_close(s);
    for (int i = 0; i < s->nslots; i++)
        sqlite3_finalize(s->slots[i].st);
    sqlite3_close(s->db);
    free(s->path);
    free(s->login);
    free(s);
}

const char *store_errmsg(const store *s)
{
    return s ? s->err : _("no database");
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
    return read_int(s, SQL_DATA_VERSION, _("reading the data version"), version);
}

int db_begin_immediate(store *s, const char *what)
{
    int rc = db_file_check(s);
    if (rc == STORE_OK)
        rc = db_exec_sql(s, SQL_BEGIN, what);
    if (rc == STORE_OK && (rc = db_file_check(s)) != STORE_OK)
        sqlite3_exec(s->db, SQL_ROLLBACK, NULL, NULL, NULL);
    return rc;
}

/* A write transaction, and who writes as it begins (access.c). */
static int begin_write(store *s, const char *what)
{
    int rc = db_begin_immediate(s, what);
    if (rc == STORE_OK && (rc = db_load_actor(s)) != STORE_OK)
        sqlite3_exec(s->db, SQL_ROLLBACK, NULL, NULL, NULL);
    return rc;
}

/* A write cannot join a read snapshot: upgrading a deferred transaction fails
 * with SQLITE_BUSY_SNAPSHOT as soon as someone else committed. */
static int refuse_in_snapshot(store *s)
{
    return db_failf(s, STORE_ERROR, "%s", _("internal error: a write inside a read "
                    "snapshot (store_read_begin); nothing was written"));
}

int store_begin(store *s)
{
    if (s->read_depth > 0)
        return refuse_in_snapshot(s);
    if (s->depth == 0) {
        int rc = begin_write(s, _("starting a transaction"));
        if (rc != STORE_OK)
            return rc;
    }
    s->depth++;
    return STORE_OK;
}

int store_commit(store *s)
{
    if (s->depth == 0)
        return db_failf(s, STORE_ERROR, "%s", _("internal error: commit without a "
                        "transaction"));
    if (--s->depth > 0)
        return STORE_OK;
    if (sqlite3_get_autocommit(s->db))   /* SQLite rolled back after an error */
        return db_failf(s, STORE_ERROR, "%s", _("the transaction was rolled back after an "
                        "error: nothing was written"));
    int rc = db_exec_sql(s, SQL_COMMIT, _("committing"));
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
        return db_exec_sql(s, SQL_SAVEPOINT, _("starting a write"));
    if (s->read_depth > 0)
        return refuse_in_snapshot(s);
    return begin_write(s, _("starting a write"));
}

/* Inside store_begin the write transaction is already a snapshot. */
int store_read_begin(store *s)
{
    if (s->depth > 0)
        return STORE_OK;
    if (s->read_depth == 0) {
        int rc = db_exec_sql(s, SQL_BEGIN_READ, _("starting a read"));
        if (rc != STORE_OK)
            return rc;
    }
    s->read_depth++;
    return STORE_OK;
}

void store_read_end(store *s)
{
    if (s->depth > 0 || s->read_depth == 0)
        return;
    if (--s->read_depth == 0 && !sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, SQL_COMMIT, NULL, NULL, NULL);
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
        rc = db_exec_sql(s, s->depth > 0 ? SQL_RELEASE : SQL_COMMIT, _("committing"));
    if (rc != STORE_OK)
        undo_write(s);
    return rc;
}
