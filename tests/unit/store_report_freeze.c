/* store_report_freeze — frozen reports in the database: stored, read and listed;
 * a period frozen already is refused without force (and nothing changes), and
 * replaced with it, the audit saying which freeze it replaced; only an admin
 * freezes (staff and read-only are refused, nothing written); a provider's login
 * sees none. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "store_fixture.h"
#include "suivi/base/login.h"
#include "suivi/store/report_freeze.h"

/* White box: the migration scripts, for a file left at version 8. */
#include "../../src/store/store_internal.h"

static struct frozen_report freeze_of(const char *period, const char *from, const char *to,
                                      const char *today, const char *body)
{
    struct frozen_report f = { .period = (char *)period, .period_from = (char *)from,
                               .period_to = (char *)to, .today = (char *)today,
                               .body = (char *)body };
    return f;
}

static store *admin_store(const char *path)
{
    store *s = fixture_open(path, true);
    store_close(s);
    fixture_make_me_admin(path);
    return fixture_open(path, false);
}

TEST(a_freeze_is_stored_read_and_listed)
{
    const char *path = check_tmpfile("f.db");
    store *s = admin_store(path);
    struct frozen_report f = freeze_of("2026-11", "2026-11-01", "2026-12-01", "2026-12-01",
                                       "body of november");
    CHECK_INT(store_report_freeze(s, &f, false, NULL), STORE_OK);
    CHECK(f.frozen_at > 0);
    struct frozen_report q = freeze_of("2026-Q3", "2026-07-01", "2026-10-01", "2026-10-02",
                                       "body of q3");
    CHECK_INT(store_report_freeze(s, &q, false, NULL), STORE_OK);
    struct frozen_report got;
    CHECK_INT(store_report_frozen_get(s, "2026-11", &got), STORE_OK);
    CHECK_STR(got.body, "body of november");
    CHECK_STR(got.frozen_by, unix_login());
    CHECK_STR(got.today, "2026-12-01");
    CHECK_STR(got.period_to, "2026-12-01");
    CHECK(got.frozen_at == f.frozen_at);
    frozen_report_clear(&got);
    CHECK_INT(store_report_frozen_get(s, "2026-10", &got), STORE_NOT_FOUND);
    struct frozen_report *all = NULL;
    int n = 0;
    CHECK_INT(store_report_frozen_list(s, &all, &n), STORE_OK);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(all[0].period, "2026-11");      /* the newest period first */
        CHECK_STR(all[1].period, "2026-Q3");
        CHECK(all[0].body == NULL);
    }
    frozen_reports_free(all, n);
    int na = 0;
    struct audit_entry *au = fixture_audit(s, "report_frozen", 1, &na);
    CHECK_INT(na, 1);
    if (na == 1)
        CHECK_CONTAINS(au[0].change, "\"period\":[null,\"2026-11\"]");
    audit_free(au, na);
    store_close(s);
}

TEST(a_frozen_period_is_replaced_only_on_purpose)
{
    const char *path = check_tmpfile("f.db");
    store *s = admin_store(path);
    struct frozen_report f = freeze_of("2026-11", "2026-11-01", "2026-12-01", "2026-12-01",
                                       "first");
    CHECK_INT(store_report_freeze(s, &f, false, NULL), STORE_OK);
    fixture_exec(path, "UPDATE report_frozen SET frozen_by = 'alice',"
                       " frozen_at = '2026-12-01 08:00:00'");
    struct frozen_report again = freeze_of("2026-11", "2026-11-01", "2026-12-01",
                                           "2026-12-05", "second"), was;
    CHECK_INT(store_report_freeze(s, &again, false, &was), STORE_CONFLICT);
    CHECK_CONTAINS(store_errmsg(s), "2026-11 was frozen on 2026-12-01 by alice");
    CHECK_STR(was.frozen_by, "alice");
    frozen_report_clear(&was);
    char *body = fixture_sql_text(path, "SELECT body FROM report_frozen");
    CHECK_STR(body, "first");
    free(body);
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM audit WHERE entity = 'report_frozen'"),
              1);
    CHECK_INT(store_report_freeze(s, &again, true, &was), STORE_OK);
    CHECK_STR(was.frozen_by, "alice");
    CHECK_STR(was.today, "2026-12-01");
    frozen_report_clear(&was);
    body = fixture_sql_text(path, "SELECT body || ' ' || today FROM report_frozen");
    CHECK_STR(body, "second 2026-12-05");
    free(body);
    int n = 0;
    struct audit_entry *au = fixture_audit(s, "report_frozen", 1, &n);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(au[1].login, unix_login());
        CHECK_CONTAINS(au[1].change, "\"frozen_at\":[\"2026-12-01 08:00:00\",");
        CHECK_CONTAINS(au[1].change, "\"frozen_by\":[\"alice\",");
        CHECK_CONTAINS(au[1].change, "\"period\":[\"2026-11\",\"2026-11\"]");
    }
    audit_free(au, n);
    store_close(s);
}

TEST(only_an_admin_freezes)
{
    const char *path = check_tmpfile("f.db");
    store *s = admin_store(path);
    store_close(s);
    static const char *const roles[] = { "staff", "readonly" };
    for (int i = 0; i < 2; i++) {
        char *sql = sqlite3_mprintf("INSERT INTO staff (login, display_name, role) VALUES"
                                    " ('boss%d', 'Boss', 'admin');"
                                    "UPDATE staff SET role = %Q WHERE login = %Q", i, roles[i],
                                    unix_login());
        fixture_exec(path, sql);
        sqlite3_free(sql);
        s = fixture_open(path, false);
        struct frozen_report f = freeze_of("2026-11", "2026-11-01", "2026-12-01",
                                           "2026-12-01", "x");
        CHECK_INT(store_report_freeze(s, &f, false, NULL), STORE_DENIED);
        CHECK_INT(store_report_freeze(s, &f, true, NULL), STORE_DENIED);
        CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM report_frozen"), 0);
        store_close(s);
    }
}

TEST(a_providers_login_sees_no_freeze)
{
    const char *path = check_tmpfile("f.db");
    store *s = admin_store(path);
    struct frozen_report f = freeze_of("2026-11", "2026-11-01", "2026-12-01", "2026-12-01",
                                       "x");
    CHECK_INT(store_report_freeze(s, &f, false, NULL), STORE_OK);
    store_close(s);
    char *sql = sqlite3_mprintf("INSERT INTO staff (login, display_name, role) VALUES"
                                " ('boss', 'Boss', 'admin');"
                                "UPDATE staff SET login = 'was' WHERE login = %Q;"
                                "INSERT INTO provider (id, name) VALUES (1, 'Atexo');"
                                "INSERT INTO provider_login (login, provider_id) VALUES (%Q, 1)",
                                unix_login(), unix_login());
    fixture_exec(path, sql);
    sqlite3_free(sql);
    s = fixture_open(path, false);
    struct frozen_report got;
    CHECK_INT(store_report_frozen_get(s, "2026-11", &got), STORE_NOT_FOUND);
    struct frozen_report *all = NULL;
    int n = -1;
    CHECK_INT(store_report_frozen_list(s, &all, &n), STORE_OK);
    CHECK_INT(n, 0);
    frozen_reports_free(all, n);
    store_close(s);
}

/* A schema-8 file (the scripts up to v8 run by hand) upgrades: its rows kept, no
 * period frozen, and freezing works at once. */
TEST(a_version_8_file_gains_the_frozen_reports)
{
    const char *path = check_tmpfile("v8.db");
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    CHECK_INT(sqlite3_exec(db, "PRAGMA journal_mode = WAL; BEGIN", NULL, NULL, NULL), SQLITE_OK);
    for (int v = 0; v < 8; v++)
        CHECK_INT(sqlite3_exec(db, store_migrations[v], NULL, NULL, NULL), SQLITE_OK);
    CHECK_INT(sqlite3_exec(db, "INSERT INTO pole (name) VALUES ('Support'); COMMIT", NULL, NULL,
                           NULL), SQLITE_OK);
    sqlite3_close(db);
    CHECK_INT(fixture_sql_int(path, "PRAGMA user_version"), 8);
    store *s = fixture_open(path, false);
    CHECK_INT(fixture_sql_int(path, "PRAGMA user_version"), store_schema_version());
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM pole"), 1);
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM report_frozen"), 0);
    struct frozen_report f = freeze_of("2026", "2026-01-01", "2027-01-01", "2027-01-04", "y");
    CHECK_INT(store_report_freeze(s, &f, false, NULL), STORE_OK);
    store_close(s);
}

TESTS(T(a_version_8_file_gains_the_frozen_reports), T(a_freeze_is_stored_read_and_listed), T(a_frozen_period_is_replaced_only_on_purpose),
      T(only_an_admin_freezes), T(a_providers_login_sees_no_freeze))
