/* db_store — create/read/update of each entity; audit rows; version conflicts;
 * grouped writes. */
#include <sqlite3.h>
#include <stdlib.h>

#include "check.h"
#include "store_fixture.h"
#include "suivi/base/login.h"
#include "suivi/store/store.h"
#include "suivi/base/xalloc.h"

static int64_t add_member(store *s, const char *name)
{
    struct member m = { .name = xstrdup(name), .kind = MEMBER_COMMUNE,
                        .status = MSTATUS_MEMBER };
    CHECK_INT(store_member_add(s, &m), STORE_OK);
    int64_t id = m.id;
    member_clear(&m);
    return id;
}

/* ---- entities ---- */

TEST(member_add_get_update_and_audit)
{
    store *s = fixture_open(check_tmpfile("x.db"), true);
    setenv("SUIVI_NOW", "2025-03-01 10:00:00", 1);
    struct member m = { .name = xstrdup("Plœmeur"), .kind = MEMBER_COMMUNE,
                        .siren = xstrdup("253514491"), .departement = xstrdup("56"),
                        .status = MSTATUS_PROSPECT };
    CHECK_INT(store_member_add(s, &m), STORE_OK);
    CHECK(m.id > 0);
    CHECK_INT(m.version, 1);
    CHECK_STR(m.sort_key, "ploemeur");

    int64_t epci = add_member(s, "Lorient Agglomération");
    struct member g = {0};
    CHECK_INT(store_member_get(s, m.id, &g), STORE_OK);
    CHECK_STR(g.name, "Plœmeur");
    CHECK_STR(g.siren, "253514491");
    CHECK_STR(g.departement, "56");
    CHECK_INT(g.kind, MEMBER_COMMUNE);
    CHECK_INT(g.status, MSTATUS_PROSPECT);
    CHECK_INT(g.parent_id, 0);
    CHECK(g.parent_name == NULL);
    CHECK_INT(g.version, 1);
    CHECK_INT(g.open_actions, 0);
    CHECK_INT(g.created_at, 1740823200);     /* 2025-03-01 10:00:00 UTC */
    member_clear(&g);

    setenv("SUIVI_NOW", "2025-03-02 08:30:00", 1);
    free(m.name);
    m.name = xstrdup("Ploemeur-Bourg");
    m.status = MSTATUS_MEMBER;
    m.parent_id = epci;
    free(m.departement);
    m.departement = xstrdup("");              /* "" is stored as NULL */
    CHECK_INT(store_member_update(s, &m), STORE_OK);
    CHECK_INT(m.version, 2);
    CHECK_INT(store_member_get(s, m.id, &g), STORE_OK);
    CHECK_STR(g.name, "Ploemeur-Bourg");
    CHECK_STR(g.parent_name, "Lorient Agglomération");
    CHECK(g.departement == NULL);
    CHECK_INT(g.version, 2);
    CHECK_INT(g.updated_at, 1740904200);
    CHECK_INT(g.created_at, 1740823200);
    member_clear(&g);

    struct audit_entry *au = NULL;
    int n = 0;
    CHECK_INT(store_audit_of(s, "member", m.id, &au, &n), STORE_OK);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(au[0].change, "created");
        CHECK_STR(au[0].login, unix_login());
        CHECK_STR(au[0].entity, "member");
        CHECK_INT(au[0].entity_id, m.id);
        CHECK_INT(au[0].at, 1740823200);
        char want[256];
        snprintf(want, sizeof want, "{\"name\": [\"Plœmeur\", \"Ploemeur-Bourg\"], "
                 "\"status\": [\"prospect\", \"member\"], \"departement\": [\"56\", null], "
                 "\"parent\": [null, %lld]}", (long long)epci);
        CHECK_STR(au[1].change, want);
        CHECK_INT(au[1].at, 1740904200);
    }
    audit_free(au, n);

    /* An update that changes nothing writes nothing. */
    CHECK_INT(store_member_update(s, &m), STORE_OK);
    CHECK_INT(m.version, 2);
    CHECK_INT(store_audit_of(s, "member", m.id, &au, &n), STORE_OK);
    CHECK_INT(n, 2);
    audit_free(au, n);

    CHECK_INT(store_member_get(s, 9999, &g), STORE_NOT_FOUND);
    CHECK(strlen(store_errmsg(s)) > 0);
    member_clear(&m);
    unsetenv("SUIVI_NOW");
    store_close(s);
}

TEST(stale_update_from_second_session_conflicts)
{
    const char *path = check_tmpfile("x.db");
    store *a = fixture_open(path, true), *b = fixture_open(path, false);
    int64_t id = add_member(a, "Vannes");
    struct member ma = {0}, mb = {0};
    CHECK_INT(store_member_get(a, id, &ma), STORE_OK);
    CHECK_INT(store_member_get(b, id, &mb), STORE_OK);

    free(ma.name);
    ma.name = xstrdup("Vannes (ville)");
    CHECK_INT(store_member_update(a, &ma), STORE_OK);
    free(mb.name);
    mb.name = xstrdup("Vannes Centre");
    CHECK_INT(store_member_update(b, &mb), STORE_CONFLICT);
    CHECK_CONTAINS(store_errmsg(b), "changed by someone else");
    CHECK_INT(mb.version, 1);

    struct member g = {0};
    CHECK_INT(store_member_get(b, id, &g), STORE_OK);
    CHECK_STR(g.name, "Vannes (ville)");
    CHECK_INT(g.version, 2);
    member_clear(&g);
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM audit WHERE entity = 'member'"), 2);

    member_clear(&ma);
    member_clear(&mb);
    store_close(a);
    store_close(b);
}

static int64_t add_pole(store *s, const char *name)
{
    struct pole p = { .name = xstrdup(name) };
    CHECK_INT(store_pole_add(s, &p), STORE_OK);
    int64_t id = p.id;
    pole_clear(&p);
    return id;
}

TEST(reference_data)
{
    const char *path = check_tmpfile("x.db");
    store *s = fixture_open(path, true);
    int64_t support = add_pole(s, "Support");
    int64_t admin = add_pole(s, "Administratif");
    struct pole *poles = NULL;
    int n = 0;
    CHECK_INT(store_poles_list(s, &poles, &n), STORE_OK);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(poles[0].name, "Administratif");
        CHECK_INT(poles[0].id, admin);
        CHECK_STR(poles[1].name, "Support");
    }
    poles_free(poles, n);

    struct staff st = { .login = xstrdup("mlegall"), .display_name = xstrdup("Maël Le Gall"),
                        .pole_id = support, .role = SROLE_STAFF };
    CHECK_INT(store_staff_add(s, &st), STORE_OK);
    CHECK(st.id > 0);
    struct staff dup = { .login = xstrdup("mlegall"), .display_name = xstrdup("Other") };
    CHECK_INT(store_staff_add(s, &dup), STORE_CONSTRAINT);
    CHECK_INT(dup.id, 0);
    CHECK_CONTAINS(store_errmsg(s), "login mlegall already exists (Maël Le Gall, #");
    staff_clear(&dup);
    struct staff got = {0};
    CHECK_INT(store_staff_by_login(s, "mlegall", &got), STORE_OK);
    CHECK_STR(got.display_name, "Maël Le Gall");
    CHECK_STR(got.pole_name, "Support");
    staff_clear(&got);
    CHECK_INT(store_staff_by_login(s, "nobody", &got), STORE_NOT_FOUND);
    struct staff *list = NULL;
    CHECK_INT(store_staff_list(s, &list, &n), STORE_OK);
    CHECK_INT(n, 1);
    staff_list_free(list, n);
    staff_clear(&st);

    struct provider pr = { .name = xstrdup("Atexo"), .email = xstrdup("support@example.fr") };
    CHECK_INT(store_provider_add(s, &pr), STORE_OK);
    struct provider *prs = NULL;
    CHECK_INT(store_providers_list(s, &prs, &n), STORE_OK);
    CHECK_INT(n, 1);
    if (n == 1) {
        CHECK_STR(prs[0].email, "support@example.fr");
        CHECK(prs[0].phone == NULL);
    }
    providers_free(prs, n);
    provider_clear(&pr);

    int64_t mid = add_member(s, "Quimper");
    struct contact c1 = { .member_id = mid, .name = xstrdup("Yann Morvan"),
                          .role = xstrdup("DGS") };
    struct contact c2 = { .member_id = mid, .name = xstrdup("Anne Kervella"),
                          .role = xstrdup("secrétaire de mairie"), .phone = xstrdup("02 98 00 00 00") };
    CHECK_INT(store_contact_add(s, &c1), STORE_OK);
    CHECK_INT(store_contact_add(s, &c2), STORE_OK);
    struct contact *cs = NULL;
    CHECK_INT(store_contacts_of_member(s, mid, &cs, &n), STORE_OK);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(cs[0].name, "Anne Kervella");
        CHECK_STR(cs[1].role, "DGS");
    }
    contacts_free(cs, n);
    contact_clear(&c1);
    contact_clear(&c2);
    struct contact bad = { .member_id = 4242, .name = xstrdup("Ghost") };
    CHECK_INT(store_contact_add(s, &bad), STORE_CONSTRAINT);   /* foreign key */
    contact_clear(&bad);

    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM audit WHERE change = 'created'"), 7);
    store_close(s);
}

TEST(interaction_add_get_update)
{
    const char *path = check_tmpfile("x.db");
    store *s = fixture_open(path, true);
    int64_t mid = add_member(s, "Brest");
    int64_t pole = add_pole(s, "Support");
    struct contact c = { .member_id = mid, .name = xstrdup("Gwen Le Bihan") };
    CHECK_INT(store_contact_add(s, &c), STORE_OK);

    struct interaction it = { .member_id = mid, .contact_id = c.id, .occurred_at = 1735725600,
                              .kind = IKIND_CALL_IN, .pole_id = pole,
                              .subject = xstrdup("Certificat expiré"),
                              .body = xstrdup("Line 1\nLine 2") };
    CHECK_INT(store_interaction_add(s, &it), STORE_OK);
    CHECK(it.id > 0);
    CHECK_STR(it.author, unix_login());
    CHECK_INT(it.version, 1);

    struct interaction g = {0};
    CHECK_INT(store_interaction_get(s, it.id, &g), STORE_OK);
    CHECK_STR(g.subject, "Certificat expiré");
    CHECK_STR(g.body, "Line 1\nLine 2");
    CHECK_STR(g.contact_name, "Gwen Le Bihan");
    CHECK_STR(g.pole_name, "Support");
    CHECK_INT(g.kind, IKIND_CALL_IN);
    CHECK_INT(g.occurred_at, 1735725600);
    CHECK_STR(g.author, unix_login());
    interaction_clear(&g);

    it.kind = IKIND_INCIDENT;
    free(it.body);
    it.body = xstrdup("Another body");
    CHECK_INT(store_interaction_update(s, &it), STORE_OK);
    CHECK_INT(it.version, 2);
    struct audit_entry *au = NULL;
    int n = 0;
    CHECK_INT(store_audit_of(s, "interaction", it.id, &au, &n), STORE_OK);
    CHECK_INT(n, 2);
    if (n == 2)
        CHECK_STR(au[1].change, "{\"kind\": [\"call_in\", \"incident\"], \"body\": []}");
    audit_free(au, n);

    it.version = 1;                             /* stale */
    CHECK_INT(store_interaction_update(s, &it), STORE_CONFLICT);
    it.kind = 77;                               /* not a code: CHECK refuses */
    it.version = 2;
    CHECK_INT(store_interaction_update(s, &it), STORE_CONSTRAINT);
    CHECK_INT(fixture_sql_int(path, "SELECT version FROM interaction"), 2);

    contact_clear(&c);
    interaction_clear(&it);
    store_close(s);
}

static struct action new_action(int64_t member, const char *title)
{
    struct action a = { .member_id = member, .title = xstrdup(title),
                        .status = ASTATUS_OPEN, .priority = 2 };
    return a;
}

TEST(action_lifecycle)
{
    const char *path = check_tmpfile("x.db");
    store *s = fixture_open(path, true);
    int64_t mid = add_member(s, "Rennes");
    setenv("SUIVI_NOW", "2025-05-01 09:00:00", 1);
    struct action a = new_action(mid, "Renouveler le certificat");
    a.due = xstrdup("2025-05-10");
    CHECK_INT(store_action_add(s, &a), STORE_OK);
    CHECK(a.id > 0);
    CHECK_STR(a.created_by, unix_login());
    CHECK_INT(a.closed_at, 0);
    CHECK_INT(a.version, 1);

    struct member m = {0};
    CHECK_INT(store_member_get(s, mid, &m), STORE_OK);
    CHECK_INT(m.open_actions, 1);
    member_clear(&m);

    setenv("SUIVI_NOW", "2025-05-02 09:00:00", 1);
    int64_t v = 0;
    CHECK_INT(store_action_set_status(s, a.id, 1, ASTATUS_DONE, &v), STORE_OK);
    CHECK_INT(v, 2);
    struct action g = {0};
    CHECK_INT(store_action_get(s, a.id, &g), STORE_OK);
    CHECK_INT(g.status, ASTATUS_DONE);
    CHECK_INT(g.closed_at, 1746176400);          /* 2025-05-02 09:00:00 UTC */
    CHECK_STR(g.member_name, "Rennes");
    CHECK_STR(g.due, "2025-05-10");
    action_clear(&g);
    CHECK_INT(store_member_get(s, mid, &m), STORE_OK);
    CHECK_INT(m.open_actions, 0);
    member_clear(&m);

    /* stale version: refused, nothing written */
    CHECK_INT(store_action_set_status(s, a.id, 1, ASTATUS_OPEN, &v), STORE_CONFLICT);
    CHECK_INT(store_action_set_status(s, 999, 1, ASTATUS_OPEN, &v), STORE_CONFLICT);

    /* done -> cancelled keeps closed_at; reopening clears it */
    setenv("SUIVI_NOW", "2025-05-03 09:00:00", 1);
    CHECK_INT(store_action_set_status(s, a.id, 2, ASTATUS_CANCELLED, &v), STORE_OK);
    CHECK_INT(store_action_get(s, a.id, &g), STORE_OK);
    CHECK_INT(g.closed_at, 1746176400);
    action_clear(&g);
    CHECK_INT(store_action_set_status(s, a.id, 3, ASTATUS_IN_PROGRESS, &v), STORE_OK);
    CHECK_INT(v, 4);
    CHECK_INT(store_action_get(s, a.id, &g), STORE_OK);
    CHECK_INT(g.closed_at, 0);
    CHECK_INT(g.status, ASTATUS_IN_PROGRESS);

    /* full update from the read row */
    struct staff st = { .login = xstrdup("jdupont"), .display_name = xstrdup("J. Dupont"),
                        .role = SROLE_STAFF };
    CHECK_INT(store_staff_add(s, &st), STORE_OK);
    g.assignee_staff_id = st.id;
    g.priority = 1;
    free(g.due);
    g.due = NULL;
    g.status = ASTATUS_DONE;
    CHECK_INT(store_action_update(s, &g), STORE_OK);
    CHECK_INT(g.version, 5);
    CHECK_INT(g.closed_at, 1746262800);
    struct action h = {0};
    CHECK_INT(store_action_get(s, a.id, &h), STORE_OK);
    CHECK_STR(h.assignee_name, "jdupont");
    CHECK(h.due == NULL);
    CHECK_INT(h.closed_at, 1746262800);
    CHECK_INT(h.version, 5);
    action_clear(&h);

    struct audit_entry *au = NULL;
    int n = 0;
    CHECK_INT(store_audit_of(s, "action", a.id, &au, &n), STORE_OK);
    CHECK_INT(n, 5);
    if (n == 5) {
        CHECK_STR(au[1].change, "{\"status\": [\"open\", \"done\"]}");
        CHECK_STR(au[3].change, "{\"status\": [\"cancelled\", \"in_progress\"]}");
        char want[200];
        snprintf(want, sizeof want, "{\"assignee_staff\": [null, %lld], \"status\": "
                 "[\"in_progress\", \"done\"], \"priority\": [2, 1], \"due\": "
                 "[\"2025-05-10\", null]}", (long long)st.id);
        CHECK_STR(au[4].change, want);
    }
    audit_free(au, n);

    /* both assignees: the schema refuses, and nothing moves */
    struct provider pr = { .name = xstrdup("Atexo") };
    CHECK_INT(store_provider_add(s, &pr), STORE_OK);
    g.assignee_provider_id = pr.id;
    CHECK_INT(store_action_update(s, &g), STORE_CONSTRAINT);
    CHECK_INT(fixture_sql_int(path, "SELECT version FROM action"), 5);
    g.assignee_staff_id = 0;
    CHECK_INT(store_action_update(s, &g), STORE_OK);
    CHECK_INT(store_action_get(s, a.id, &h), STORE_OK);
    CHECK_STR(h.assignee_name, "Atexo");
    action_clear(&h);

    struct action bad = new_action(mid, "Bad");
    bad.priority = 9;
    CHECK_INT(store_action_add(s, &bad), STORE_CONSTRAINT);
    CHECK_INT(bad.id, 0);
    action_clear(&bad);
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM action"), 1);

    provider_clear(&pr);
    staff_clear(&st);
    action_clear(&g);
    action_clear(&a);
    unsetenv("SUIVI_NOW");
    store_close(s);
}

TEST(notes_and_conflicting_action_update)
{
    const char *path = check_tmpfile("x.db");
    store *a = fixture_open(path, true), *b = fixture_open(path, false);
    int64_t mid = add_member(a, "Lannion");
    struct action act = new_action(mid, "Former la secrétaire");
    CHECK_INT(store_action_add(a, &act), STORE_OK);
    struct action other = {0};
    CHECK_INT(store_action_get(b, act.id, &other), STORE_OK);
    act.priority = 1;
    CHECK_INT(store_action_update(a, &act), STORE_OK);
    other.priority = 4;
    CHECK_INT(store_action_update(b, &other), STORE_CONFLICT);
    CHECK_INT(fixture_sql_int(path, "SELECT priority FROM action"), 1);

    setenv("SUIVI_NOW", "2025-01-01 10:00:00", 1);
    struct note n1 = { .action_id = act.id, .visibility = NOTE_INTERNAL, .body = xstrdup("first") };
    CHECK_INT(store_note_add(a, &n1), STORE_OK);
    setenv("SUIVI_NOW", "2025-01-01 09:00:00", 1);
    struct note n2 = { .action_id = act.id, .visibility = NOTE_MEMBER, .body = xstrdup("earlier"),
                       .author = xstrdup("someone") };
    CHECK_INT(store_note_add(b, &n2), STORE_OK);
    unsetenv("SUIVI_NOW");
    CHECK_STR(n1.author, unix_login());
    struct note *notes = NULL;
    int n = 0;
    CHECK_INT(store_notes_of_action(a, act.id, &notes, &n), STORE_OK);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(notes[0].body, "earlier");
        CHECK_STR(notes[0].author, "someone");
        CHECK_INT(notes[0].visibility, NOTE_MEMBER);
        CHECK_STR(notes[1].body, "first");
    }
    notes_free(notes, n);
    struct note bad = { .action_id = 777, .body = xstrdup("x") };
    CHECK_INT(store_note_add(a, &bad), STORE_CONSTRAINT);
    note_clear(&bad);
    note_clear(&n1);
    note_clear(&n2);
    action_clear(&act);
    action_clear(&other);
    store_close(a);
    store_close(b);
}

/* ---- transactions ---- */

TEST(grouped_writes_commit_or_roll_back_together)
{
    const char *path = check_tmpfile("x.db");
    store *s = fixture_open(path, true);
    CHECK_INT(store_begin(s), STORE_OK);
    add_member(s, "A");
    add_member(s, "B");
    store_rollback(s);
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM member"), 0);
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM audit"), 0);

    CHECK_INT(store_begin(s), STORE_OK);
    add_member(s, "C");
    /* A refused write inside the group undoes itself only. */
    struct member bad = { .name = xstrdup("D"), .kind = MEMBER_COMMUNE, .siren = xstrdup("12") };
    CHECK_INT(store_member_add(s, &bad), STORE_CONSTRAINT);
    member_clear(&bad);
    add_member(s, "E");
    CHECK_INT(store_commit(s), STORE_OK);
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM member"), 2);
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM audit"), 2);
    CHECK_INT(store_commit(s), STORE_ERROR);     /* nothing to commit */
    store_close(s);
}

TESTS(T(member_add_get_update_and_audit), T(stale_update_from_second_session_conflicts),
      T(reference_data), T(interaction_add_get_update), T(action_lifecycle),
      T(notes_and_conflicting_action_update), T(grouped_writes_commit_or_roll_back_together))
