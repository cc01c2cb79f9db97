/* db_open — opening, migrating and refusing files; several connections and
 * processes on one file. */
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "store_fixture.h"
#include "suivi/base/login.h"
#include "suivi/store/store.h"
#include "suivi/base/xalloc.h"

static char *read_all(const char *path, long *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    *len = ftell(f);
    rewind(f);
    char *buf = xmalloc((size_t)*len + 1);
    if (fread(buf, 1, (size_t)*len, f) != (size_t)*len)
        *len = -1;
    fclose(f);
    return buf;
}

static bool exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

static int64_t add_member(store *s, const char *name)
{
    struct member m = { .name = xstrdup(name), .kind = MEMBER_COMMUNE,
                        .status = MSTATUS_MEMBER };
    CHECK_INT(store_member_add(s, &m), STORE_OK);
    int64_t id = m.id;
    member_clear(&m);
    return id;
}

/* ---- opening ---- */

TEST(migrates_an_empty_file)
{
    const char *path = check_tmpfile("x.db");
    store *s = fixture_open(path, true);
    CHECK(s != NULL);
    CHECK_INT(store_schema_version(), 10);
    CHECK_STR(store_path(s), path);
    CHECK_STR(store_login(s), unix_login());
    CHECK_INT(fixture_sql_int(path, "PRAGMA user_version"), store_schema_version());
    /* 9 of v1-v2, 4 of v4, gram_pos of v5, member_stage of v6, service,
     * subscription and usage of v7, the two of training of v8, report_frozen of
     * v9 (v10 is an index), and the search index (v3) and the filters' trigrams
     * and grams (v5) apart: 5, 2 and 2 FTS5 tables. */
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                              " AND name NOT LIKE '%fts%' AND name NOT LIKE '%tri%'"
                              " AND name NOT LIKE '%\\_gram%' ESCAPE '\\'"), 21);
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                              " AND name LIKE '%\\_fts' ESCAPE '\\'"), 5);
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                              " AND name LIKE '%\\_tri' ESCAPE '\\'"), 2);
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                              " AND name LIKE '%\\_gram' ESCAPE '\\'"), 2);
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM gram_pos"), 1024);
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM sqlite_master WHERE name = "
                      "'interaction_timeline'"), 1);
    store_close(s);
    /* journal_mode=WAL is persistent: the file itself says so. */
    CHECK_INT(fixture_sql_int(path, "SELECT 1 FROM pragma_journal_mode WHERE journal_mode = 'wal'"), 1);
    s = fixture_open(path, false);        /* reopening: nothing to migrate */
    CHECK(s != NULL);
    store_close(s);
    CHECK_INT(fixture_sql_int(path, "PRAGMA user_version"), store_schema_version());
}

TEST(two_sessions_starting_together_migrate_once)
{
    const char *path = check_tmpfile("x.db");
    store *a = fixture_open(path, true), *b = fixture_open(path, true);
    CHECK(a && b);
    CHECK_INT(fixture_sql_int(path, "PRAGMA user_version"), store_schema_version());
    CHECK(add_member(b, "Lorient") > 0);
    store_close(a);
    store_close(b);
}

TEST(missing_file_without_create_is_refused)
{
    const char *path = check_tmpfile("missing.db");
    struct store_options o = { .busy_timeout_ms = 100, .create = false };
    store *s = (store *)1;
    char err[512] = "";
    CHECK_INT(store_open(path, &o, &s, err, sizeof err), STORE_CANT_OPEN);
    CHECK(s == NULL);
    CHECK_CONTAINS(err, path);
    CHECK_CONTAINS(err, "no such database; create one with 'suivi init --db");
    CHECK(!exists(path));
}

TEST(text_file_is_not_a_database)
{
    const char *path = check_tmpfile("notes.txt");
    const char *text = "These are my notes, not a database.\n"
                       "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do "
                       "eiusmod tempor incididunt ut labore et dolore magna aliqua.\n";
    check_write_file(path, text);
    struct store_options o = { .busy_timeout_ms = 100, .create = true };
    store *s = NULL;
    char err[512] = "";
    CHECK_INT(store_open(path, &o, &s, err, sizeof err), STORE_NOT_A_DATABASE);
    CHECK(s == NULL);
    CHECK_CONTAINS(err, path);
    CHECK_CONTAINS(err, "not a suivi database");
    long len = 0;
    char *after = read_all(path, &len);
    CHECK(after && len == (long)strlen(text) && memcmp(after, text, (size_t)len) == 0);
    free(after);
}

TEST(foreign_sqlite_file_is_refused)
{
    const char *path = check_tmpfile("other.db");
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    CHECK_INT(sqlite3_exec(db, "CREATE TABLE t (x)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    struct store_options o = { .busy_timeout_ms = 100, .create = false };
    store *s = NULL;
    char err[512] = "";
    CHECK_INT(store_open(path, &o, &s, err, sizeof err), STORE_NOT_A_DATABASE);
    CHECK_CONTAINS(err, "not a suivi database");
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM sqlite_master"), 1);
    /* Left in its own journal mode: bytes 18-19 of the header are 2 in WAL. */
    unsigned char head[20] = {0};
    FILE *f = fopen(path, "rb");
    CHECK(f && fread(head, 1, sizeof head, f) == sizeof head);
    if (f)
        fclose(f);
    CHECK_INT(head[18], 1);
    CHECK_INT(head[19], 1);
}

TEST(newer_schema_is_refused_and_nothing_written)
{
    const char *path = check_tmpfile("x.db");
    store *s = fixture_open(path, true);
    store_close(s);
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    CHECK_INT(sqlite3_exec(db, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 99",
                           NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    long before_len = 0, after_len = 0;
    char *before = read_all(path, &before_len);

    struct store_options o = { .busy_timeout_ms = 100, .create = true };
    char err[300] = "";
    s = (store *)1;
    CHECK_INT(store_open(path, &o, &s, err, sizeof err), STORE_NEWER_SCHEMA);
    CHECK(s == NULL);
    char want[300];
    snprintf(want, sizeof want, "%s: database schema version 99 is newer than this suivi "
             "understands (%d); upgrade suivi", path, store_schema_version());
    CHECK_STR(err, want);

    char *after = read_all(path, &after_len);
    CHECK(before && after && before_len == after_len && before_len > 0 &&
          memcmp(before, after, (size_t)before_len) == 0);
    CHECK_INT(fixture_sql_int(path, "PRAGMA user_version"), 99);
    CHECK_INT(fixture_sql_int(path, "SELECT 1 FROM pragma_journal_mode WHERE journal_mode = 'delete'"), 1);
    free(before);
    free(after);
}

TEST(directory_is_refused)
{
    struct store_options o = { .busy_timeout_ms = 100, .create = true };
    store *s = NULL;
    char err[512] = "";
    CHECK_INT(store_open(check_tmpdir(), &o, &s, err, sizeof err), STORE_CANT_OPEN);
    CHECK_CONTAINS(err, check_tmpdir());
}

/* ---- several connections ---- */

TEST(two_connections_write_alternately)
{
    const char *path = check_tmpfile("x.db");
    store *a = fixture_open(path, true), *b = fixture_open(path, false);
    int64_t dv0 = 0, dv1 = 0;
    CHECK_INT(store_data_version(a, &dv0), STORE_OK);
    for (int i = 0; i < 50; i++) {
        char name[32];
        snprintf(name, sizeof name, "m%d", i);
        CHECK(add_member(i % 2 ? a : b, name) > 0);
    }
    CHECK_INT(store_data_version(a, &dv1), STORE_OK);
    CHECK(dv0 != dv1);                           /* b's commits are visible to a */
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM member"), 50);
    store_close(a);
    store_close(b);
}

/* Several processes hammering the same file: with BEGIN IMMEDIATE and a busy
 * timeout, no write fails. */
TEST(concurrent_processes_never_see_busy)
{
    const char *path = check_tmpfile("x.db");
    store *s = fixture_open(path, true);
    store_close(s);
    enum { PROCS = 4, WRITES = 60 };
    pid_t pids[PROCS];
    for (int p = 0; p < PROCS; p++) {
        pids[p] = fork();
        if (pids[p] == 0) {
            struct store_options o = { .busy_timeout_ms = 10000 };
            store *c = NULL;
            if (store_open(path, &o, &c, NULL, 0) != STORE_OK)
                _exit(3);
            int failures = 0;
            for (int i = 0; i < WRITES; i++) {
                struct member m = { .name = xasprintf("p%d-%d", p, i), .kind = MEMBER_EPCI };
                if (store_member_add(c, &m) != STORE_OK) {
                    fprintf(stderr, "child %d: %s\n", p, store_errmsg(c));
                    failures++;
                }
                m.status = MSTATUS_MEMBER;
                if (m.id && store_member_update(c, &m) != STORE_OK)
                    failures++;
                member_clear(&m);
            }
            store_close(c);
            _exit(failures ? 1 : 0);
        }
    }
    for (int p = 0; p < PROCS; p++) {
        int status = 0;
        CHECK(waitpid(pids[p], &status, 0) == pids[p]);
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM member WHERE status = 'member'"),
              PROCS * WRITES);
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM audit"), 2 * PROCS * WRITES);
}

/* Processes opening a brand-new file at the same instant: one migrates, the
 * others wait for it and find the work done; every one can then write. */
TEST(processes_creating_one_file_together)
{
    for (int round = 0; round < 5; round++) {
        char name[32];
        snprintf(name, sizeof name, "race%d.db", round);
        const char *path = check_tmpfile(name);
        enum { PROCS = 5 };
        pid_t pids[PROCS];
        for (int p = 0; p < PROCS; p++) {
            pids[p] = fork();
            if (pids[p] == 0) {
                struct store_options o = { .busy_timeout_ms = 10000, .create = true };
                store *c = NULL;
                char err[300] = "";
                if (store_open(path, &o, &c, err, sizeof err) != STORE_OK) {
                    fprintf(stderr, "child %d: %s\n", p, err);
                    _exit(3);
                }
                struct member m = { .name = xasprintf("p%d", p), .kind = MEMBER_EPCI };
                int rc = store_member_add(c, &m);
                member_clear(&m);
                store_close(c);
                _exit(rc == STORE_OK ? 0 : 1);
            }
        }
        for (int p = 0; p < PROCS; p++) {
            int status = 0;
            CHECK(waitpid(pids[p], &status, 0) == pids[p]);
            CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        }
        CHECK_INT(fixture_sql_int(path, "PRAGMA user_version"), store_schema_version());
        CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM member"), PROCS);
    }
}

/* After any call returns, the store holds no read transaction: a checkpoint
 * from another connection can truncate the WAL completely. */
TEST(no_read_transaction_left_open)
{
    const char *path = check_tmpfile("x.db");
    store *s = fixture_open(path, true);
    for (int i = 0; i < 30; i++) {
        char name[16];
        snprintf(name, sizeof name, "n%02d", i);
        add_member(s, name);
    }
    struct member rows[5] = {0};
    int n = 0;
    CHECK_INT(store_members_page(s, NULL, PAGE_FIRST, NULL, 5, rows, &n), STORE_OK);
    CHECK_INT(n, 5);
    struct action_counts counts;
    CHECK_INT(store_action_counts(s, "2025-01-01", &counts), STORE_OK);

    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    CHECK_INT(sqlite3_prepare_v2(db, "PRAGMA wal_checkpoint(TRUNCATE)", -1, &st, NULL),
              SQLITE_OK);
    CHECK_INT(sqlite3_step(st), SQLITE_ROW);
    CHECK_INT(sqlite3_column_int(st, 0), 0);     /* not blocked by a reader */
    sqlite3_finalize(st);
    sqlite3_close(db);
    for (int i = 0; i < n; i++)
        member_clear(&rows[i]);
    store_close(s);
}

TESTS(T(migrates_an_empty_file), T(two_sessions_starting_together_migrate_once),
      T(missing_file_without_create_is_refused), T(text_file_is_not_a_database),
      T(foreign_sqlite_file_is_refused), T(newer_schema_is_refused_and_nothing_written),
      T(directory_is_refused), T(two_connections_write_alternately),
      T(concurrent_processes_never_see_busy),
      T(processes_creating_one_file_together), T(no_read_transaction_left_open))
