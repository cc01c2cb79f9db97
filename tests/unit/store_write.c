/* store_write — masked, version-checked writes of members, interactions and
 * actions (only the fields asked for are written, only what changed is audited);
 * the audit trail's JSON, round trip and legacy rows; SIRENs kept unique by the
 * schema; an EPCI's communes, an interaction's actions, notes with a status change;
 * read snapshots and grouped writes. */
#include <sqlite3.h>
#include <stdlib.h>

#include "check.h"
#include "store_fixture.h"
#include "suivi/base/login.h"
#include "suivi/store/store.h"
#include "suivi/base/xalloc.h"

#define BIT(f) (1u << (f))

static int audit_count(const char *path, const char *entity)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE entity = '%s'", entity);
    return (int)fixture_sql_int(path, sql);
}

/* ---- members ---- */

TEST(member_write_touches_only_its_fields)
{
    const char *path = check_tmpfile("x.db");
    store *a = fixture_open(path, true), *b = fixture_open(path, false);
    struct member m = { .name = xstrdup("Lanester"), .kind = MEMBER_COMMUNE,
                        .siren = xstrdup("253514491"), .departement = xstrdup("56"),
                        .status = MSTATUS_PROSPECT };
    CHECK_INT(store_member_add(a, &m), STORE_OK);
    struct member mb = {0};
    CHECK_INT(store_member_get(b, m.id, &mb), STORE_OK);

    /* a renames; its record also says "member", but the status is not written. */
    str_replace(&m.name, "Lanester (ville)");
    m.status = MSTATUS_MEMBER;
    CHECK_INT(store_member_write(a, &m, BIT(MEMBER_F_NAME), 1), STORE_OK);
    CHECK_INT(m.version, 2);
    CHECK_STR(m.sort_key, "lanester (ville)");
    CHECK_INT(fixture_sql_int(path, "SELECT status = 'prospect' FROM member"), 1);
    int n = 0;
    struct audit_entry *au = fixture_audit(a, "member", m.id, &n);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_INT(au[1].nfields, 1);
        CHECK_STR(au[1].fields[0].field, "name");
        CHECK_STR(au[1].fields[0].old_value, "Lanester");
        CHECK_STR(au[1].fields[0].new_value, "Lanester (ville)");
    }
    audit_free(au, n);

    /* b read version 1: its status change is refused, and nothing is written. */
    mb.status = MSTATUS_JOINING;
    CHECK_INT(store_member_write(b, &mb, BIT(MEMBER_F_STATUS), 1), STORE_CONFLICT);
    CHECK_CONTAINS(store_errmsg(b), "changed by someone else");
    CHECK_INT(mb.version, 1);
    CHECK_INT(audit_count(path, "member"), 2);
    /* At the current version it goes through, and keeps a's name. */
    CHECK_INT(store_member_write(b, &mb, BIT(MEMBER_F_STATUS), 2), STORE_OK);
    CHECK_INT(mb.version, 3);
    struct member g = {0};
    CHECK_INT(store_member_get(a, m.id, &g), STORE_OK);
    CHECK_STR(g.name, "Lanester (ville)");
    CHECK_INT(g.status, MSTATUS_JOINING);
    CHECK_STR(g.siren, "253514491");
    CHECK_INT(g.version, 3);

    /* Nothing changes: nothing is written, the version stays. */
    CHECK_INT(store_member_write(a, &g, FIELDS_ALL(MEMBER_F_COUNT), 3), STORE_OK);
    CHECK_INT(g.version, 3);
    CHECK_INT(audit_count(path, "member"), 3);
    /* Fields outside the mask are ignored even when they differ. */
    str_replace(&g.departement, "29");
    CHECK_INT(store_member_write(a, &g, BIT(MEMBER_F_KIND), 3), STORE_OK);
    CHECK_INT(g.version, 3);
    CHECK_INT(fixture_sql_int(path, "SELECT departement = '56' FROM member"), 1);
    /* A row that is gone is a conflict. */
    g.id = 999;
    CHECK_INT(store_member_write(a, &g, BIT(MEMBER_F_NAME), 1), STORE_CONFLICT);
    member_clear(&g);
    member_clear(&m);
    member_clear(&mb);
    store_close(a);
    store_close(b);
}

TEST(duplicate_siren_is_refused_by_the_schema)
{
    const char *path = check_tmpfile("x.db");
    store *s = fixture_open(path, true);
    struct member a = { .name = xstrdup("Pontivy"), .kind = MEMBER_COMMUNE,
                        .siren = xstrdup("253514491"), .status = MSTATUS_MEMBER };
    CHECK_INT(store_member_add(s, &a), STORE_OK);
    struct member b = { .name = xstrdup("Loudéac"), .kind = MEMBER_COMMUNE,
                        .siren = xstrdup("253514491"), .status = MSTATUS_MEMBER };
    CHECK_INT(store_member_add(s, &b), STORE_CONSTRAINT);
    char want[128];
    snprintf(want, sizeof want, "SIREN 253514491 already belongs to Pontivy (#%lld)",
             (long long)a.id);
    CHECK_STR(store_errmsg(s), want);
    CHECK_INT(b.id, 0);
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM member"), 1);

    /* Changing a SIREN to one taken: refused, nothing moves. */
    str_replace(&b.siren, "200067197");
    CHECK_INT(store_member_add(s, &b), STORE_OK);
    str_replace(&b.siren, "253514491");
    CHECK_INT(store_member_write(s, &b, BIT(MEMBER_F_SIREN), b.version), STORE_CONSTRAINT);
    CHECK_STR(store_errmsg(s), want);
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM member WHERE siren = '200067197'"), 1);
    /* Writing a member with its own SIREN, and members without one, is fine. */
    a.status = MSTATUS_LEFT;
    CHECK_INT(store_member_update(s, &a), STORE_OK);
    for (int i = 0; i < 3; i++)
        fixture_add_member(s, "Sans SIREN");

    /* Behind the store's back too: the schema itself refuses. */
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    CHECK_INT(sqlite3_exec(db, "INSERT INTO member (name, sort_key, kind, siren, status,"
                           " created_at, updated_at) VALUES ('X', 'x', 'commune', '253514491',"
                           " 'member', '2025-01-01 00:00:00', '2025-01-01 00:00:00')",
                           NULL, NULL, NULL) & 0xff, SQLITE_CONSTRAINT);
    sqlite3_close(db);

    struct member got = {0};
    CHECK_INT(store_member_by_siren(s, "253514491", &got), STORE_OK);
    CHECK_INT(got.id, a.id);
    member_clear(&got);
    CHECK_INT(store_member_by_siren(s, "999999999", &got), STORE_NOT_FOUND);
    member_clear(&a);
    member_clear(&b);
    store_close(s);
}

TEST(an_epci_s_communes_with_their_open_actions)
{
    store *s = fixture_open(check_tmpfile("x.db"), true);
    struct member epci = { .name = xstrdup("Pontivy Communauté"), .kind = MEMBER_EPCI,
                           .status = MSTATUS_MEMBER };
    CHECK_INT(store_member_add(s, &epci), STORE_OK);
    const char *names[] = { "Noyal-Pontivy", "Cléguérec", "Pontivy" };
    int64_t ids[3];
    for (int i = 0; i < 3; i++) {
        struct member c = { .name = xstrdup(names[i]), .kind = MEMBER_COMMUNE,
                            .status = MSTATUS_MEMBER, .parent_id = epci.id };
        CHECK_INT(store_member_add(s, &c), STORE_OK);
        ids[i] = c.id;
        member_clear(&c);
    }
    fixture_add_member(s, "Ailleurs");
    for (int i = 0; i < 3; i++) {
        struct action a = { .member_id = ids[2], .title = xstrdup("t"), .priority = 2,
                            .status = i == 2 ? ASTATUS_DONE : ASTATUS_OPEN };
        CHECK_INT(store_action_add(s, &a), STORE_OK);
        action_clear(&a);
    }
    struct member *kids = NULL;
    int n = 0;
    CHECK_INT(store_member_children(s, epci.id, &kids, &n), STORE_OK);
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK_STR(kids[0].name, "Cléguérec");
        CHECK_STR(kids[1].name, "Noyal-Pontivy");
        CHECK_STR(kids[2].name, "Pontivy");
        CHECK_INT(kids[2].open_actions, 2);
        CHECK_INT(kids[0].open_actions, 0);
        CHECK_STR(kids[0].parent_name, "Pontivy Communauté");
    }
    members_free(kids, n);
    CHECK_INT(store_member_children(s, ids[0], &kids, &n), STORE_OK);
    CHECK_INT(n, 0);
    members_free(kids, n);
    member_clear(&epci);
    store_close(s);
}

/* ---- interactions ---- */

TEST(interaction_write_touches_only_its_fields)
{
    const char *path = check_tmpfile("x.db");
    store *s = fixture_open(path, true);
    int64_t mid = fixture_add_member(s, "Brest");
    struct interaction it = { .member_id = mid, .occurred_at = 1735725600,
                              .kind = IKIND_CALL_IN, .subject = xstrdup("Certificat"),
                              .body = xstrdup("old body"), .author = xstrdup("alice") };
    CHECK_INT(store_interaction_add(s, &it), STORE_OK);
    str_replace(&it.subject, "Parapheur bloqué");
    str_replace(&it.body, "new body");      /* not in the mask */
    it.kind = IKIND_INCIDENT;               /* not in the mask */
    it.occurred_at = 1735729200;
    CHECK_INT(store_interaction_write(s, &it, BIT(INTERACTION_F_SUBJECT) |
                                      BIT(INTERACTION_F_OCCURRED), 1), STORE_OK);
    CHECK_INT(it.version, 2);
    struct interaction g = {0};
    CHECK_INT(store_interaction_get(s, it.id, &g), STORE_OK);
    CHECK_STR(g.subject, "Parapheur bloqué");
    CHECK_STR(g.body, "old body");
    CHECK_INT(g.kind, IKIND_CALL_IN);
    CHECK_INT(g.occurred_at, 1735729200);
    interaction_clear(&g);
    /* The filter follows the new subject. */
    struct interaction rows[2] = {0};
    int n = 0;
    CHECK_INT(store_interactions_page(s, mid, "parapheur", PAGE_FIRST, NULL, 2, rows, &n),
              STORE_OK);
    CHECK_INT(n, 1);
    for (int i = 0; i < n; i++)
        interaction_clear(&rows[i]);
    CHECK_INT(store_interaction_write(s, &it, BIT(INTERACTION_F_BODY), 2), STORE_OK);
    n = 0;
    struct audit_entry *au = fixture_audit(s, "interaction", it.id, &n);
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK_STR(au[1].change, "{\"occurred_at\": [\"2025-01-01 10:00:00\", "
                  "\"2025-01-01 11:00:00\"], \"subject\": [\"Certificat\", "
                  "\"Parapheur bloqué\"]}");
        CHECK_STR(au[2].change, "{\"body\": []}");
        CHECK_INT(au[2].nfields, 1);
        if (au[2].nfields == 1)
            CHECK(!au[2].fields[0].old_value && !au[2].fields[0].new_value);
    }
    audit_free(au, n);
    CHECK_INT(store_interaction_write(s, &it, BIT(INTERACTION_F_KIND), 1), STORE_CONFLICT);
    interaction_clear(&it);
    store_close(s);
}

/* ---- actions ---- */

TEST(action_write_status_resolution_and_assignee)
{
    const char *path = check_tmpfile("x.db");
    store *s = fixture_open(path, true);
    int64_t mid = fixture_add_member(s, "Rennes");
    struct staff st = { .login = xstrdup("jdupont"), .display_name = xstrdup("J. Dupont"),
                        .role = SROLE_STAFF };
    struct provider pr = { .name = xstrdup("Atexo") };
    CHECK_INT(store_staff_add(s, &st), STORE_OK);
    CHECK_INT(store_provider_add(s, &pr), STORE_OK);
    setenv("SUIVI_NOW", "2025-05-01 09:00:00", 1);
    struct action a = { .member_id = mid, .title = xstrdup("Renouveler"), .priority = 2,
                        .status = ASTATUS_OPEN, .assignee_staff_id = st.id,
                        .resolution = xstrdup("ignored while open") };
    CHECK_INT(store_action_add(s, &a), STORE_OK);
    CHECK(a.resolution == NULL);
    CHECK_INT(fixture_sql_int(path, "SELECT resolution IS NULL FROM action"), 1);

    setenv("SUIVI_NOW", "2025-05-02 09:00:00", 1);
    a.status = ASTATUS_DONE;
    a.resolution = xstrdup("Certificat remplacé");
    a.priority = 1;                                   /* not in the mask */
    CHECK_INT(store_action_write(s, &a, BIT(ACTION_F_STATUS) | BIT(ACTION_F_RESOLUTION), 1),
              STORE_OK);
    CHECK_INT(a.version, 2);
    CHECK_INT(a.closed_at, 1746176400);
    struct action g = {0};
    CHECK_INT(store_action_get(s, a.id, &g), STORE_OK);
    CHECK_INT(g.status, ASTATUS_DONE);
    CHECK_STR(g.resolution, "Certificat remplacé");
    CHECK_INT(g.priority, 2);
    CHECK_INT(g.closed_at, 1746176400);
    action_clear(&g);

    /* The assignee is one field: giving it to the provider takes it from the staff. */
    a.assignee_staff_id = 0;
    a.assignee_provider_id = pr.id;
    CHECK_INT(store_action_write(s, &a, BIT(ACTION_F_ASSIGNEE), 2), STORE_OK);
    CHECK_INT(store_action_get(s, a.id, &g), STORE_OK);
    CHECK_STR(g.assignee_name, "Atexo");
    CHECK_INT(g.assignee_staff_id, 0);
    CHECK_STR(g.resolution, "Certificat remplacé");
    action_clear(&g);

    /* Back to an open status: closed_at and the resolution go. */
    int64_t v = 0;
    CHECK_INT(store_action_set_status(s, a.id, 3, ASTATUS_WAIT_PROVIDER, &v), STORE_OK);
    CHECK_INT(v, 4);
    CHECK_INT(store_action_get(s, a.id, &g), STORE_OK);
    CHECK(g.resolution == NULL);
    CHECK_INT(g.closed_at, 0);
    /* A resolution on an open action is not kept: nothing changes. */
    g.resolution = xstrdup("too early");
    CHECK_INT(store_action_write(s, &g, BIT(ACTION_F_RESOLUTION), 4), STORE_OK);
    CHECK_INT(g.version, 4);
    CHECK(g.resolution == NULL);
    action_clear(&g);

    int n = 0;
    struct audit_entry *au = fixture_audit(s, "action", a.id, &n);
    CHECK_INT(n, 4);
    if (n == 4) {
        CHECK_STR(au[1].change, "{\"status\": [\"open\", \"done\"], \"resolution\": []}");
        char want[128];
        snprintf(want, sizeof want, "{\"assignee_staff\": [%lld, null], "
                 "\"assignee_provider\": [null, %lld]}", (long long)st.id, (long long)pr.id);
        CHECK_STR(au[2].change, want);
        CHECK_STR(au[3].change, "{\"status\": [\"done\", \"wait_provider\"], "
                  "\"resolution\": []}");
    }
    audit_free(au, n);
    /* The schema itself keeps resolutions off open actions. */
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    CHECK_INT(sqlite3_exec(db, "UPDATE action SET resolution = 'x'", NULL, NULL, NULL) & 0xff,
              SQLITE_CONSTRAINT);
    sqlite3_close(db);
    unsetenv("SUIVI_NOW");
    action_clear(&a);
    staff_clear(&st);
    provider_clear(&pr);
    store_close(s);
}

TEST(actions_of_an_interaction_oldest_first)
{
    store *s = fixture_open(check_tmpfile("x.db"), true);
    int64_t mid = fixture_add_member(s, "Vannes");
    struct interaction it = { .member_id = mid, .kind = IKIND_MEETING,
                              .subject = xstrdup("Réunion") };
    CHECK_INT(store_interaction_add(s, &it), STORE_OK);
    int64_t ids[3];
    for (int i = 0; i < 3; i++) {
        struct action a = { .member_id = mid, .interaction_id = i < 2 ? it.id : 0,
                            .title = xasprintf("Suite %d", i), .priority = 3 };
        CHECK_INT(store_action_add(s, &a), STORE_OK);
        ids[i] = a.id;
        action_clear(&a);
    }
    struct action *list = NULL;
    int n = 0;
    CHECK_INT(store_actions_of_interaction(s, it.id, &list, &n), STORE_OK);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_INT(list[0].id, ids[0]);
        CHECK_INT(list[1].id, ids[1]);
        CHECK_STR(list[1].member_name, "Vannes");
    }
    actions_free(list, n);
    CHECK_INT(store_actions_of_interaction(s, 4242, &list, &n), STORE_OK);
    CHECK_INT(n, 0);
    actions_free(list, n);
    interaction_clear(&it);
    store_close(s);
}

TEST(notes_keep_their_status_change)
{
    store *s = fixture_open(check_tmpfile("x.db"), true);
    int64_t mid = fixture_add_member(s, "Lorient");
    struct action a = { .member_id = mid, .title = xstrdup("t"), .priority = 3 };
    CHECK_INT(store_action_add(s, &a), STORE_OK);
    struct note plain = { .action_id = a.id, .body = xstrdup("Relancé") };
    struct note change = { .action_id = a.id, .body = xstrdup("Remplacé"),
                           .status_change = true, .status_from = ASTATUS_WAIT_PROVIDER,
                           .status_to = ASTATUS_DONE, .visibility = NOTE_MEMBER };
    CHECK_INT(store_note_add(s, &plain), STORE_OK);
    CHECK_INT(store_note_add(s, &change), STORE_OK);
    struct note *notes = NULL;
    int n = 0;
    CHECK_INT(store_notes_of_action(s, a.id, &notes, &n), STORE_OK);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK(!notes[0].status_change);
        CHECK(notes[1].status_change);
        CHECK_INT(notes[1].status_from, ASTATUS_WAIT_PROVIDER);
        CHECK_INT(notes[1].status_to, ASTATUS_DONE);
        CHECK_INT(notes[1].visibility, NOTE_MEMBER);
    }
    notes_free(notes, n);
    note_clear(&plain);
    note_clear(&change);
    action_clear(&a);
    store_close(s);
}

/* ---- the audit trail ---- */

TEST(audit_json_round_trip_of_awkward_text)
{
    const char *path = check_tmpfile("x.db");
    store *s = fixture_open(path, true);
    int64_t mid = fixture_add_member(s, "Quimper");
    struct action a = { .member_id = mid, .title = xstrdup("plain"), .priority = 2 };
    CHECK_INT(store_action_add(s, &a), STORE_OK);
    const char *awkward = "Say \"hi\" \\ C:\\temp\\\nline 2\ttab \x01 Plœmeur — « ok » 東京 😀";
    str_replace(&a.title, awkward);
    a.priority = 1;
    a.due = xstrdup("2025-06-30");
    CHECK_INT(store_action_update(s, &a), STORE_OK);
    CHECK_INT(fixture_sql_int(path, "SELECT json_valid(change) FROM audit ORDER BY id DESC"), 1);
    int n = 0;
    struct audit_entry *au = fixture_audit(s, "action", a.id, &n);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK(au[0].created);
        CHECK(au[0].fields == NULL && au[0].nfields == 0);
        CHECK(!au[1].created);
        CHECK_INT(au[1].nfields, 3);
        if (au[1].nfields == 3) {
            CHECK_STR(au[1].fields[0].field, "title");
            CHECK_STR(au[1].fields[0].old_value, "plain");
            CHECK_STR(au[1].fields[0].new_value, awkward);
            CHECK_STR(au[1].fields[1].field, "priority");
            CHECK_STR(au[1].fields[1].old_value, "2");
            CHECK_STR(au[1].fields[1].new_value, "1");
            CHECK_STR(au[1].fields[2].field, "due");
            CHECK(au[1].fields[2].old_value == NULL);
            CHECK_STR(au[1].fields[2].new_value, "2025-06-30");
        }
    }
    audit_free(au, n);
    action_clear(&a);
    store_close(s);
}

TEST(legacy_text_audit_rows_are_read_without_fields)
{
    const char *path = check_tmpfile("x.db");
    store *s = fixture_open(path, true);
    int64_t mid = fixture_add_member(s, "Auray");
    char sql[512];
    snprintf(sql, sizeof sql, "INSERT INTO audit (at, login, entity, entity_id, change) VALUES"
             " ('2024-01-01 00:00:00', 'old', 'member', %lld, 'name: A -> B; parent: (none) -> #3'),"
             " ('2024-01-02 00:00:00', 'old', 'member', %lld, '{broken')",
             (long long)mid, (long long)mid);
    fixture_exec(path, sql);
    int n = 0;
    struct audit_entry *au = fixture_audit(s, "member", mid, &n);
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK(au[0].created);
        CHECK_STR(au[1].change, "name: A -> B; parent: (none) -> #3");
        CHECK(!au[1].created && au[1].fields == NULL && au[1].nfields == 0);
        CHECK_STR(au[1].login, "old");
        CHECK_STR(au[2].change, "{broken");
        CHECK(au[2].fields == NULL);
    }
    audit_free(au, n);
    store_close(s);
}

/* ---- transactions ---- */

static int member_count(store *s)
{
    struct member rows[64] = {0};
    int n = 0;
    CHECK_INT(store_members_page(s, NULL, PAGE_FIRST, NULL, 64, rows, &n), STORE_OK);
    for (int i = 0; i < n; i++)
        member_clear(&rows[i]);
    return n;
}

TEST(read_snapshot_sees_one_instant)
{
    const char *path = check_tmpfile("x.db");
    store *a = fixture_open(path, true), *b = fixture_open(path, false);
    fixture_add_member(a, "Un");
    CHECK_INT(store_read_begin(a), STORE_OK);
    CHECK_INT(member_count(a), 1);
    fixture_add_member(b, "Deux");
    CHECK_INT(store_read_begin(a), STORE_OK);        /* nested */
    CHECK_INT(member_count(a), 1);
    store_read_end(a);
    CHECK_INT(member_count(a), 1);                   /* still the outer snapshot */
    /* No write inside a snapshot. */
    struct member m = { .name = xstrdup("Trois"), .kind = MEMBER_COMMUNE };
    CHECK_INT(store_member_add(a, &m), STORE_ERROR);
    CHECK_CONTAINS(store_errmsg(a), "read snapshot");
    CHECK_INT(store_begin(a), STORE_ERROR);
    store_read_end(a);
    CHECK_INT(member_count(a), 2);
    CHECK_INT(store_member_add(a, &m), STORE_OK);
    member_clear(&m);

    /* Inside a write transaction a snapshot is a no-op. */
    CHECK_INT(store_begin(a), STORE_OK);
    CHECK_INT(store_read_begin(a), STORE_OK);
    fixture_add_member(a, "Quatre");
    store_read_end(a);
    CHECK_INT(store_begin(a), STORE_OK);             /* joins the outer one */
    fixture_add_member(a, "Cinq");
    CHECK_INT(store_commit(a), STORE_OK);
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM member"), 3);
    store_rollback(a);
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM member"), 3);
    CHECK_INT(member_count(a), 3);
    store_close(a);
    store_close(b);
}

TESTS(T(member_write_touches_only_its_fields), T(duplicate_siren_is_refused_by_the_schema),
      T(an_epci_s_communes_with_their_open_actions),
      T(interaction_write_touches_only_its_fields),
      T(action_write_status_resolution_and_assignee),
      T(actions_of_an_interaction_oldest_first), T(notes_keep_their_status_change),
      T(audit_json_round_trip_of_awkward_text),
      T(legacy_text_audit_rows_are_read_without_fields), T(read_snapshot_sees_one_instant))
