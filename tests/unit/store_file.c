/* store_file — the file under the store: durable commits (synchronous = FULL), a
 * new database private to its group (0660 whatever the umask), only regular
 * files opened (no /dev/null, FIFO, empty file), busy_timeout_ms = 0 meaning no
 * wait, and a file deleted, renamed or replaced under a running session never
 * written again (STORE_REPLACED), the new file at the path left intact. */
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "store_fixture.h"
#include "suivi/store/store.h"
#include "suivi/base/xalloc.h"

/* White box: the store's own connection, for its per-connection pragmas. */
#include "../../src/store/store_internal.h"

static bool exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

static long long size_of(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (long long)sb.st_size : -1;
}

/* FNV-1a of the file's bytes: "nothing was written" means this did not move. */
static uint64_t file_digest(const char *path)
{
    FILE *f = fopen(path, "rb");
    uint64_t h = 0xCBF29CE484222325ULL;
    int c;
    if (!f)
        return 0;
    while ((c = getc(f)) != EOF)
        h = (h ^ (uint64_t)c) * 0x100000001B3ULL;
    fclose(f);
    return h;
}

static int try_open(const char *path, bool create, int busy_ms, store **s, char *err,
                    size_t errlen)
{
    struct store_options o = { .busy_timeout_ms = busy_ms, .create = create };
    *s = NULL;
    err[0] = '\0';
    return store_open(path, &o, s, err, errlen);
}

static int add(store *s, const char *name)
{
    struct member m = { .name = xstrdup(name), .kind = MEMBER_COMMUNE };
    int rc = store_member_add(s, &m);
    member_clear(&m);
    return rc;
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1000 + (double)t.tv_nsec / 1e6;
}

/* ---- durability and modes ---- */

TEST(commits_are_synced_to_disk)
{
    store *s = fixture_open(check_tmpfile("x.db"), true);
    sqlite3_stmt *st = NULL;
    CHECK_INT(sqlite3_prepare_v2(s->db, "PRAGMA synchronous", -1, &st, NULL), SQLITE_OK);
    CHECK_INT(sqlite3_step(st), SQLITE_ROW);
    CHECK_INT(sqlite3_column_int(st, 0), 2);           /* FULL */
    sqlite3_finalize(st);
    store_close(s);
}

TEST(a_new_database_is_0660_whatever_the_umask)
{
    const char *path = check_tmpfile("x.db");
    mode_t old = umask(022);
    store *s = fixture_open(path, true);
    CHECK_INT(add(s, "Brest"), STORE_OK);
    struct stat sb;
    CHECK_INT(stat(path, &sb), 0);
    CHECK_INT(sb.st_mode & 0777, 0660);
    char *wal = xasprintf("%s-wal", path), *shm = xasprintf("%s-shm", path);
    CHECK_INT(stat(wal, &sb), 0);
    CHECK_INT(sb.st_mode & 0777, 0660);
    CHECK_INT(stat(shm, &sb), 0);
    CHECK_INT(sb.st_mode & 0777, 0660);
    store_close(s);
    umask(old);
    free(wal);
    free(shm);
}

/* ---- what is not a database ---- */

static void check_refused(const char *path, bool create, int want_rc, const char *want)
{
    store *s = NULL;
    char err[512];
    CHECK_INT(try_open(path, create, 100, &s, err, sizeof err), want_rc);
    CHECK(s == NULL);
    CHECK_CONTAINS(err, path);
    CHECK_CONTAINS(err, want);
}

TEST(devices_fifos_and_directories_are_refused)
{
    for (int create = 0; create <= 1; create++) {
        check_refused("/dev/null", create, STORE_CANT_OPEN, "not a regular file");
        check_refused(check_tmpdir(), create, STORE_CANT_OPEN, "is a directory");
    }
    struct stat sb;
    CHECK(stat("/dev/null", &sb) == 0 && S_ISCHR(sb.st_mode));
    CHECK(!exists("/dev/null-wal"));
    const char *fifo = check_tmpfile("pipe");
    CHECK_INT(mkfifo(fifo, 0600), 0);
    check_refused(fifo, true, STORE_CANT_OPEN, "not a regular file");   /* and no hang */
    CHECK(stat(fifo, &sb) == 0 && S_ISFIFO(sb.st_mode));
}

TEST(an_empty_file_is_a_database_only_for_init)
{
    const char *path = check_tmpfile("empty.db");
    check_write_file(path, "");
    char want[600];
    snprintf(want, sizeof want, "%s is empty: not a suivi database; create one with "
             "'suivi init --db %s'", path, path);
    check_refused(path, false, STORE_NOT_A_DATABASE, want);
    CHECK_INT(size_of(path), 0);
    CHECK(!exists(check_tmpfile("empty.db-wal")));
    store *s = fixture_open(path, true);               /* suivi init makes one of it */
    CHECK_INT(fixture_sql_int(path, "PRAGMA user_version"), store_schema_version());
    store_close(s);
    s = fixture_open(path, false);
    store_close(s);
}

/* ---- busy ---- */

TEST(busy_timeout_zero_answers_at_once)
{
    const char *path = check_tmpfile("x.db");
    store_close(fixture_open(path, true));
    sqlite3 *holder = NULL;
    CHECK_INT(sqlite3_open(path, &holder), SQLITE_OK);
    CHECK_INT(sqlite3_exec(holder, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);

    store *s = NULL;
    char err[512];
    CHECK_INT(try_open(path, false, 0, &s, err, sizeof err), STORE_OK);
    double t0 = now_ms();
    CHECK_INT(add(s, "Vannes"), STORE_BUSY);
    CHECK(now_ms() - t0 < 1000);              /* not the 5 s of the default */
    CHECK_CONTAINS(store_errmsg(s), "longer than busy_timeout_ms (0 ms)");
    CHECK_CONTAINS(store_errmsg(s), "nothing was written");
    CHECK_INT(store_begin(s), STORE_BUSY);
    store_close(s);

    CHECK_INT(try_open(path, false, 300, &s, err, sizeof err), STORE_OK);
    t0 = now_ms();
    CHECK_INT(add(s, "Vannes"), STORE_BUSY);
    CHECK(now_ms() - t0 >= 250);
    CHECK_CONTAINS(store_errmsg(s), "(300 ms)");
    CHECK_INT(sqlite3_exec(holder, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
    CHECK_INT(add(s, "Vannes"), STORE_OK);
    sqlite3_close(holder);
    store_close(s);
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM member"), 1);
}

/* ---- the file changes under a running session ---- */

/* A database holding one member, closed (checkpointed), then opened again. */
static store *open_settled(const char *path)
{
    store *s = fixture_open(path, true);
    CHECK_INT(add(s, "Lorient"), STORE_OK);
    store_close(s);
    s = fixture_open(path, false);
    CHECK_INT(store_check_file(s), STORE_OK);
    return s;
}

static void check_refuses_every_write(store *s, const char *path)
{
    CHECK_INT(add(s, "Never"), STORE_REPLACED);
    char want[600];
    snprintf(want, sizeof want, "%s was deleted, renamed or replaced since suivi opened it: "
             "nothing was written; quit and start suivi again", path);
    CHECK_STR(store_errmsg(s), want);
    CHECK_INT(store_check_file(s), STORE_REPLACED);
    CHECK_INT(store_begin(s), STORE_REPLACED);
    struct pole p = { .name = xstrdup("Support") };
    CHECK_INT(store_pole_add(s, &p), STORE_REPLACED);
    pole_clear(&p);
    CHECK_INT(add(s, "Still never"), STORE_REPLACED);
}

TEST(renamed_file_is_never_written)
{
    const char *path = check_tmpfile("x.db"), *moved = check_tmpfile("moved.db");
    store *s = open_settled(path);
    CHECK_INT(rename(path, moved), 0);
    uint64_t before = file_digest(moved);
    long long wal = size_of(check_tmpfile("x.db-wal"));
    check_refuses_every_write(s, path);
    CHECK(file_digest(moved) == before);
    CHECK_INT(size_of(check_tmpfile("x.db-wal")), wal);
    CHECK(!exists(path));
    /* Reads still answer, from the file opened. */
    struct member rows[4] = {0};
    int n = 0;
    CHECK_INT(store_members_page(s, NULL, PAGE_FIRST, NULL, 4, rows, &n), STORE_OK);
    CHECK_INT(n, 1);
    for (int i = 0; i < n; i++)
        member_clear(&rows[i]);
    store_close(s);
    CHECK(file_digest(moved) == before);
    CHECK_INT(fixture_sql_int(moved, "SELECT count(*) FROM member"), 1);
    CHECK(!exists(path));
}

TEST(deleted_file_is_never_written_nor_made_again)
{
    const char *path = check_tmpfile("x.db");
    store *s = open_settled(path);
    CHECK_INT(unlink(path), 0);
    check_refuses_every_write(s, path);
    store_close(s);
    CHECK(!exists(path));
}

/* An admin restores a backup with mv while a session runs, as the README says:
 * the old session must write nothing, and its closing must not take the -wal of
 * the new file (it would remove it by name, and with it the new commits). */
TEST(replaced_file_is_never_written_and_the_new_one_is_left_alone)
{
    const char *path = check_tmpfile("x.db"), *backup = check_tmpfile("backup.db");
    store *b = fixture_open(backup, true);
    CHECK_INT(add(b, "From the backup"), STORE_OK);
    store_close(b);
    store *old = open_settled(path);
    CHECK_INT(rename(backup, path), 0);
    unlink(check_tmpfile("x.db-wal"));
    unlink(check_tmpfile("x.db-shm"));
    store *fresh = fixture_open(path, false);
    CHECK_INT(add(fresh, "Written after the restore"), STORE_OK);   /* kept in the -wal */
    uint64_t before = file_digest(path);

    check_refuses_every_write(old, path);
    CHECK(file_digest(path) == before);
    store_close(old);
    CHECK(exists(check_tmpfile("x.db-wal")));
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM member"), 2);
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM member WHERE name = 'Lorient'"), 0);
    CHECK_INT(add(fresh, "And after the old session left"), STORE_OK);
    store_close(fresh);
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM member"), 3);
    char *ok = fixture_sql_text(path, "PRAGMA integrity_check");
    CHECK_STR(ok, "ok");
    free(ok);
}

TESTS(T(commits_are_synced_to_disk), T(a_new_database_is_0660_whatever_the_umask),
      T(devices_fifos_and_directories_are_refused),
      T(an_empty_file_is_a_database_only_for_init), T(busy_timeout_zero_answers_at_once),
      T(renamed_file_is_never_written), T(deleted_file_is_never_written_nor_made_again),
      T(replaced_file_is_never_written_and_the_new_one_is_left_alone))
