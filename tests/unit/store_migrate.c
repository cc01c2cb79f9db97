/* store_migrate — a schema-1 file (made by running only the first migration, as
 * suivi 0.1 did) upgraded to the current schema keeps every row, takes the new
 * columns' defaults, keeps the SIRENs it already had twice while refusing new
 * duplicates, and reads its text audit rows without fields; a version 9 file
 * gains the index of version 10, and one newer than this suivi is refused. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "store_fixture.h"
#include "suivi/store/store.h"
#include "suivi/base/xalloc.h"

/* White box: the migration scripts. */
#include "../../src/store/store_internal.h"

static const char V1_DATA[] =
    "INSERT INTO pole (id, name) VALUES (1, 'Support'), (2, 'Services');"
    "INSERT INTO staff (id, login, display_name, pole_id) VALUES"
    " (1, 'mlegall', 'Maël Le Gall', 1), (2, 'sriou', 'Soizic Riou', NULL);"
    "INSERT INTO provider (id, name, email, phone) VALUES (1, 'Atexo', 'a@x.fr', '01');"
    "INSERT INTO member (id, name, sort_key, kind, siren, status, created_at, updated_at)"
    " VALUES (1, 'Lorient Agglo', 'lorient agglo', 'epci', '200042174', 'member',"
    "         '2024-01-01 00:00:00', '2024-01-01 00:00:00'),"
    "        (2, 'Lorient', 'lorient', 'commune', '215601212', 'member',"
    "         '2024-01-01 00:00:00', '2024-01-01 00:00:00'),"
    "        (3, 'Lorient bis', 'lorient bis', 'commune', '215601212', 'prospect',"
    "         '2024-01-01 00:00:00', '2024-01-01 00:00:00');"
    "UPDATE member SET parent_id = 1 WHERE id IN (2, 3);"
    "INSERT INTO contact (id, member_id, name, role) VALUES (1, 2, 'Yann Morvan', 'DGS');"
    "INSERT INTO interaction (id, member_id, contact_id, occurred_at, kind, pole_id, author,"
    " subject, body, search, created_at) VALUES (1, 2, 1, '2024-02-01 09:00:00', 'call_in',"
    " 1, 'mlegall', 'Certificat', 'corps', 'certificat\nmlegall', '2024-02-01 09:05:00');"
    "INSERT INTO action (id, interaction_id, member_id, title, search, assignee_staff_id,"
    " assignee_provider_id, status, priority, due, created_by, created_at, updated_at,"
    " closed_at) VALUES"
    " (1, 1, 2, 'Renouveler', 'renouveler', 1, NULL, 'open', 2, '2024-02-10', 'mlegall',"
    "  '2024-02-01 09:06:00', '2024-02-01 09:06:00', NULL),"
    " (2, 1, 2, 'Relancer', 'relancer', NULL, 1, 'done', 3, NULL, 'mlegall',"
    "  '2024-02-01 09:07:00', '2024-02-03 09:00:00', '2024-02-03 09:00:00');"
    "INSERT INTO note (id, action_id, author, at, visibility, body) VALUES"
    " (1, 2, 'sriou', '2024-02-02 10:00:00', 'provider', 'Relancé');"
    "INSERT INTO audit (at, login, entity, entity_id, change) VALUES"
    " ('2024-01-01 00:00:00', 'mlegall', 'member', 2, 'created'),"
    " ('2024-01-02 00:00:00', 'mlegall', 'member', 2, 'status: prospect -> member');";

static void make_v1(const char *path)
{
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    CHECK_INT(sqlite3_exec(db, "PRAGMA journal_mode = WAL; BEGIN", NULL, NULL, NULL),
              SQLITE_OK);
    CHECK_INT(sqlite3_exec(db, store_migrations[0], NULL, NULL, NULL), SQLITE_OK);
    char *msg = NULL;
    int rc = sqlite3_exec(db, V1_DATA, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fprintf(stderr, "v1 data: %s\n", msg);
    sqlite3_free(msg);
    CHECK_INT(rc, SQLITE_OK);
    CHECK_INT(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    CHECK_INT(fixture_sql_int(path, "PRAGMA user_version"), 1);
}

static const char *const KEPT[] = {
    "SELECT count(*) FROM pole", "SELECT count(*) FROM staff", "SELECT count(*) FROM provider",
    "SELECT count(*) FROM member", "SELECT count(*) FROM contact",
    "SELECT count(*) FROM interaction", "SELECT count(*) FROM action",
    "SELECT count(*) FROM note", "SELECT count(*) FROM audit",
    "SELECT count(*) FROM member WHERE siren = '215601212'",
    "SELECT parent_id FROM member WHERE id = 3",
    "SELECT length(body) FROM interaction",
    "SELECT sum(priority) FROM action",
};
static const int64_t KEPT_WANT[] = { 2, 2, 1, 3, 1, 1, 2, 1, 2, 2, 1, 5, 5 };

TEST(a_schema_1_file_is_upgraded_with_all_its_data)
{
    const char *path = check_tmpfile("v1.db");
    make_v1(path);
    store *s = fixture_open(path, false);
    CHECK_INT(fixture_sql_int(path, "PRAGMA user_version"), store_schema_version());
    for (size_t i = 0; i < sizeof KEPT / sizeof KEPT[0]; i++)
        if (fixture_sql_int(path, KEPT[i]) != KEPT_WANT[i]) {
            fprintf(stderr, "%s: %lld\n", KEPT[i], (long long)fixture_sql_int(path, KEPT[i]));
            CHECK(!"a v1 row was lost or changed");
        }
    char *ok = fixture_sql_text(path, "PRAGMA integrity_check");
    CHECK_STR(ok, "ok");
    free(ok);

    /* The new columns hold their defaults. */
    struct staff st = {0};
    CHECK_INT(store_staff_by_login(s, "mlegall", &st), STORE_OK);
    CHECK_INT(st.role, SROLE_STAFF);
    CHECK(!st.disabled);
    CHECK_INT(st.version, 1);
    CHECK_STR(st.pole_name, "Support");
    CHECK_INT(st.open_actions, 1);
    staff_clear(&st);
    int admins = -1;
    CHECK_INT(store_admin_count(s, &admins), STORE_OK);
    CHECK_INT(admins, 0);
    struct provider pr = {0};
    CHECK_INT(store_provider_by_name(s, "Atexo", &pr), STORE_OK);
    CHECK(pr.contact == NULL && !pr.disabled && pr.version == 1);
    provider_clear(&pr);
    struct contact *cs = NULL;
    int n = 0;
    CHECK_INT(store_contacts_of_member(s, 2, &cs, &n), STORE_OK);
    CHECK(n == 1 && !cs[0].retired && cs[0].version == 1);
    contacts_free(cs, n);
    struct action a = {0};
    CHECK_INT(store_action_get(s, 2, &a), STORE_OK);
    CHECK(a.resolution == NULL);
    CHECK_INT(a.status, ASTATUS_DONE);
    action_clear(&a);
    struct note *notes = NULL;
    CHECK_INT(store_notes_of_action(s, 2, &notes, &n), STORE_OK);
    CHECK(n == 1 && !notes[0].status_change);
    notes_free(notes, n);

    /* Schema-1 audit text is read as it was, without fields. */
    struct audit_entry *au = fixture_audit(s, "member", 2, &n);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK(au[0].created);
        CHECK_STR(au[1].change, "status: prospect -> member");
        CHECK(au[1].fields == NULL);
    }
    audit_free(au, n);

    /* The SIREN held twice stays (the upgrade did not fail on it), new ones are
     * refused, and the members holding it can still be edited. */
    struct member m = { .name = xstrdup("Lorient ter"), .kind = MEMBER_COMMUNE,
                        .siren = xstrdup("215601212") };
    CHECK_INT(store_member_add(s, &m), STORE_CONSTRAINT);
    CHECK_CONTAINS(store_errmsg(s), "SIREN 215601212 already belongs to Lorient");
    member_clear(&m);
    CHECK_INT(store_member_get(s, 3, &m), STORE_OK);
    m.status = MSTATUS_MEMBER;
    CHECK_INT(store_member_update(s, &m), STORE_OK);
    member_clear(&m);
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM sqlite_master WHERE name IN"
                              " ('member_siren', 'member_siren_insert', 'member_siren_update',"
                              " 'action_provider', 'action_provider_closed',"
                              " 'action_staff_closed')"), 6);
    store_close(s);

    /* Opening again migrates nothing. */
    s = fixture_open(path, false);
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM member"), 3);
    store_close(s);
}

static const char V9_DATA[] =
    "INSERT INTO member (id, name, sort_key, kind, status, created_at, updated_at) VALUES"
    " (1, 'Lorient', 'lorient', 'commune', 'member', '2024-01-01 00:00:00',"
    "  '2024-01-01 00:00:00');"
    "INSERT INTO action (id, member_id, title, search, status, priority, created_by,"
    " created_at, updated_at, closed_at) VALUES"
    " (1, 1, 'Renouveler', 'renouveler', 'open', 2, 'x', '2024-02-01 09:06:00',"
    "  '2024-02-01 09:06:00', NULL),"
    " (2, 1, 'Relancer', 'relancer', 'done', 3, 'x', '2024-02-01 09:07:00',"
    "  '2024-02-03 09:00:00', '2024-02-03 09:00:00');";

/* The details of sql's query plan, " | " between them. */
static void query_plan(const char *path, const char *sql, char *out, size_t len)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    char eqp[512];
    snprintf(eqp, sizeof eqp, "EXPLAIN QUERY PLAN %s", sql);
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    CHECK_INT(sqlite3_prepare_v2(db, eqp, -1, &st, NULL), SQLITE_OK);
    size_t n = 0;
    while (st && sqlite3_step(st) == SQLITE_ROW && n < len)
        n += (size_t)snprintf(out + n, len - n, "%s | ",
                              (const char *)sqlite3_column_text(st, 3));
    sqlite3_finalize(st);
    sqlite3_close(db);
}

/* Version 10 adds the report's indexes (action_closed_times, member_areas,
 * action_open_poles): a version 9 file gains them and keeps its rows, the planner
 * reads the period's closed actions and the members' areas from them alone, and a
 * file newer than this suivi is still refused. */
TEST(a_version_9_file_gains_the_report_indexes)
{
    const char *path = check_tmpfile("v9.db");
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    CHECK_INT(sqlite3_exec(db, "PRAGMA journal_mode = WAL; BEGIN", NULL, NULL, NULL), SQLITE_OK);
    for (int v = 0; v < 9; v++)
        CHECK_INT(sqlite3_exec(db, store_migrations[v], NULL, NULL, NULL), SQLITE_OK);
    CHECK_INT(sqlite3_exec(db, V9_DATA, NULL, NULL, NULL), SQLITE_OK);
    CHECK_INT(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    CHECK_INT(fixture_sql_int(path, "PRAGMA user_version"), 9);
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM sqlite_master"
                              " WHERE name IN ('action_closed_times', 'member_areas',"
                              " 'action_open_poles')"), 0);

    store *s = fixture_open(path, false);
    CHECK(s != NULL);
    store_close(s);
    CHECK_INT(fixture_sql_int(path, "PRAGMA user_version"), 10);
    CHECK_INT(store_schema_version(), 10);
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM sqlite_master"
                              " WHERE name IN ('action_closed_times', 'member_areas',"
                              " 'action_open_poles')"), 3);
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM action"), 2);
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM action INDEXED BY"
                              " action_closed_times WHERE closed_at >= '2024-01-01'"
                              " AND status IN ('done','cancelled')"), 1);
    char *ok = fixture_sql_text(path, "PRAGMA integrity_check");
    CHECK_STR(ok, "ok");
    free(ok);
    /* The closed action (2) from the index: its creation with it, no table row. */
    char plan[512] = "";
    query_plan(path, "SELECT id, created_at FROM action WHERE closed_at >= '2024-01-01'"
               " AND closed_at < '2025-01-01' AND status IN ('done','cancelled')"
               " ORDER BY closed_at, id", plan, sizeof plan);
    CHECK_CONTAINS(plan, "action_closed_times");
    CHECK(!strstr(plan, "TEMP B-TREE"));      /* in its order, too */
    query_plan(path, "SELECT id, departement, kind = 'epci', parent_id,"
               " CASE WHEN kind = 'epci' THEN name END FROM member", plan, sizeof plan);
    CHECK_CONTAINS(plan, "COVERING INDEX member_areas");

    /* One version more than this suivi knows: refused, the file left as it was. */
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", store_schema_version() + 1);
    CHECK_INT(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    struct store_options o = { .busy_timeout_ms = 100 };
    char err[300] = "";
    s = NULL;
    CHECK_INT(store_open(path, &o, &s, err, sizeof err), STORE_NEWER_SCHEMA);
    CHECK(s == NULL);
    CHECK_CONTAINS(err, "is newer than this suivi understands");
    CHECK_INT(fixture_sql_int(path, "PRAGMA user_version"), store_schema_version() + 1);
}

TESTS(T(a_schema_1_file_is_upgraded_with_all_its_data),
      T(a_version_9_file_gains_the_report_indexes))
