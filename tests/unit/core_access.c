/* core_access — the rules enforced where every write passes (store/access.c): a
 * provider's login sees its own actions only, with their provider notes, no member,
 * interaction or contact, and may change only their status and add provider notes;
 * an unknown login looks only, or is refused at open with [access] unknown = deny;
 * a readonly one writes nothing; only admins change the team. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "suivi/store/training.h"
#include "suivi/store/usage.h"
#include "store_fixture.h"
#include "suivi/base/login.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/domain.h"
#include "suivi/store/search.h"

struct world {
    const char *path;
    int64_t member, ours, theirs, provider, other_provider, internal_note, shared_note;
};

static int64_t add_action(store *s, int64_t member, int64_t provider, const char *title)
{
    struct action a = { .member_id = member, .title = xstrdup(title), .priority = 2,
                        .status = ASTATUS_WAIT_PROVIDER, .assignee_provider_id = provider };
    CHECK_INT(store_action_add(s, &a), STORE_OK);
    int64_t id = a.id;
    action_clear(&a);
    return id;
}

static int64_t add_note(store *s, int64_t action, enum note_visibility vis, const char *body)
{
    struct note n = { .action_id = action, .visibility = vis, .body = xstrdup(body) };
    CHECK_INT(store_note_add(s, &n), STORE_OK);
    int64_t id = n.id;
    note_clear(&n);
    return id;
}

/* Built while the database has no admin (anyone may), then an admin is named and
 * the running login becomes CertiBreizh's, behind the store's back. */
static void build(struct world *w)
{
    memset(w, 0, sizeof *w);
    w->path = check_tmpfile("a.db");
    store *s = fixture_open(w->path, true);
    w->member = fixture_add_member(s, "Plœmeur");
    struct provider p = { .name = xstrdup("CertiBreizh") }, q = { .name = xstrdup("Atexo") };
    CHECK_INT(store_provider_add(s, &p), STORE_OK);
    CHECK_INT(store_provider_add(s, &q), STORE_OK);
    w->provider = p.id;
    w->other_provider = q.id;
    provider_clear(&p);
    provider_clear(&q);
    w->ours = add_action(s, w->member, w->provider, "Certificat RGS");
    w->theirs = add_action(s, w->member, w->other_provider, "Parapheur");
    w->internal_note = add_note(s, w->ours, NOTE_INTERNAL, "Entre nous");
    w->shared_note = add_note(s, w->ours, NOTE_PROVIDER, "Pour le prestataire");
    struct staff boss = { .login = xstrdup("zz-boss"), .display_name = xstrdup("Boss"),
                          .role = SROLE_ADMIN };
    CHECK_INT(store_staff_add(s, &boss), STORE_OK);
    staff_clear(&boss);
    store_close(s);
    char *sql = sqlite3_mprintf("INSERT INTO provider_login (login, provider_id) "
                                "VALUES (%Q, %lld)", unix_login(), (long long)w->provider);
    fixture_exec(w->path, sql);
    sqlite3_free(sql);
}

TEST(a_provider_sees_only_its_own_actions)
{
    struct world w;
    build(&w);
    store *s = fixture_open(w.path, false);
    CHECK_INT(store_provider_only(s), w.provider);
    struct action rows[8] = {{0}};
    int n = -1;
    struct action_query q = { .scope = ACTIONS_OPEN, .today = "2026-11-20" };
    CHECK_INT(store_actions_page(s, &q, PAGE_FIRST, NULL, 8, rows, &n), STORE_OK);
    CHECK_INT(n, 1);
    CHECK_INT(rows[0].id, w.ours);
    for (int i = 0; i < n; i++)
        action_clear(&rows[i]);
    struct action a = {0};
    CHECK_INT(store_action_get(s, w.theirs, &a), STORE_NOT_FOUND);
    CHECK_INT(store_action_get(s, w.ours, &a), STORE_OK);
    action_clear(&a);
    struct member m = {0};
    CHECK_INT(store_member_get(s, w.member, &m), STORE_NOT_FOUND);
    struct member page[4] = {{0}};
    CHECK_INT(store_members_page(s, NULL, PAGE_FIRST, NULL, 4, page, &n), STORE_OK);
    CHECK_INT(n, 0);
    struct note *notes = NULL;
    CHECK_INT(store_notes_of_action(s, w.ours, &notes, &n), STORE_OK);
    CHECK_INT(n, 1);
    if (n == 1)
        CHECK_STR(notes[0].body, "Pour le prestataire");
    notes_free(notes, n);
    struct action_counts c;
    CHECK_INT(store_action_counts(s, "2026-11-20", &c), STORE_OK);
    CHECK_INT(c.open, 1);
    store_close(s);
}

TEST(a_provider_updates_only_the_status_of_its_own)
{
    struct world w;
    build(&w);
    store *s = fixture_open(w.path, false);
    char err[256];
    struct status_change done = { .from = ASTATUS_WAIT_PROVIDER, .to = ASTATUS_DONE,
                                  .text = "Certificat livré", .visibility = NOTE_PROVIDER };
    CHECK_INT(action_change_status(s, w.theirs, &done, NULL, err, sizeof err),
              STORE_NOT_FOUND);
    struct action a = {0};
    CHECK_INT(store_action_get(s, w.ours, &a), STORE_OK);
    int64_t v = a.version;
    a.priority = 1;
    CHECK_INT(store_action_write(s, &a, 1u << ACTION_F_PRIORITY, v), STORE_DENIED);
    CHECK_CONTAINS(store_errmsg(s), "only the status");
    action_clear(&a);
    CHECK_INT(fixture_sql_int(w.path, "SELECT priority FROM action WHERE id = 1"), 2);
    struct note internal = { .action_id = w.ours, .visibility = NOTE_INTERNAL,
                             .body = xstrdup("caché") };
    CHECK_INT(store_note_add(s, &internal), STORE_DENIED);
    note_clear(&internal);
    CHECK_INT(action_change_status(s, w.ours, &done, NULL, err, sizeof err), STORE_OK);
    CHECK_INT(fixture_sql_int(w.path, "SELECT status = 'done' FROM action WHERE id = 1"), 1);
    struct member m = { .name = xstrdup("Brest"), .kind = MEMBER_COMMUNE,
                        .status = MSTATUS_MEMBER };
    CHECK_INT(store_member_add(s, &m), STORE_DENIED);
    member_clear(&m);
    CHECK_INT(fixture_sql_int(w.path, "SELECT count(*) FROM member"), 1);
    store_close(s);
}

TEST(unknown_logins_look_or_are_refused)
{
    struct world w;
    build(&w);
    fixture_exec(w.path, "DELETE FROM provider_login");
    store *s = fixture_open(w.path, false);
    CHECK_INT(store_provider_only(s), 0);
    struct member m = {0};
    CHECK_INT(store_member_get(s, w.member, &m), STORE_OK);       /* reads all */
    member_clear(&m);
    struct member add = { .name = xstrdup("Brest"), .kind = MEMBER_COMMUNE,
                          .status = MSTATUS_MEMBER };
    CHECK_INT(store_member_add(s, &add), STORE_DENIED);
    CHECK_CONTAINS(store_errmsg(s), "not in the staff list");
    store_close(s);
    struct store_options o = { .busy_timeout_ms = 1000, .unknown_writes = true };
    char err[512] = "";
    CHECK_INT(store_open(w.path, &o, &s, err, sizeof err), STORE_OK);
    CHECK_INT(store_member_add(s, &add), STORE_OK);                /* as staff */
    struct pole p = { .name = xstrdup("Support") };
    CHECK_INT(store_pole_add(s, &p), STORE_DENIED);                /* not as admin */
    pole_clear(&p);
    member_clear(&add);
    store_close(s);
    o.unknown_writes = false;
    o.deny_unknown = true;
    CHECK_INT(store_open(w.path, &o, &s, err, sizeof err), STORE_DENIED);
    CHECK(s == NULL);
    CHECK_CONTAINS(err, "is not in the staff list of this database");
}

TEST(readonly_staff_and_the_team_for_admins_only)
{
    struct world w;
    build(&w);
    fixture_exec(w.path, "DELETE FROM provider_login");
    char *sql = sqlite3_mprintf("INSERT INTO staff (login, display_name, role) "
                                "VALUES (%Q, 'Me', 'readonly')", unix_login());
    fixture_exec(w.path, sql);
    sqlite3_free(sql);
    store *s = fixture_open(w.path, false);
    struct note n = { .action_id = w.ours, .visibility = NOTE_INTERNAL, .body = xstrdup("x") };
    CHECK_INT(store_note_add(s, &n), STORE_DENIED);
    CHECK_CONTAINS(store_errmsg(s), "read-only");
    note_clear(&n);
    store_close(s);
    fixture_exec(w.path, "UPDATE staff SET role = 'staff' WHERE login <> 'zz-boss'");
    s = fixture_open(w.path, false);
    struct pole p = { .name = xstrdup("Support") };
    CHECK_INT(store_pole_add(s, &p), STORE_DENIED);
    CHECK_CONTAINS(store_errmsg(s), "Only an admin");
    pole_clear(&p);
    CHECK_INT(store_provider_login_add(s, w.provider, "certib"), STORE_DENIED);
    /* A role changed meanwhile holds at the next write, not at the next open. */
    fixture_exec(w.path, "UPDATE staff SET role = 'admin' WHERE login <> 'zz-boss'");
    CHECK_INT(store_provider_login_add(s, w.provider, "certib"), STORE_OK);
    CHECK_INT(store_provider_login_add(s, w.provider, unix_login()), STORE_CONSTRAINT);
    int64_t pid = 0;
    CHECK_INT(store_provider_of_login(s, "certib", &pid), STORE_OK);
    CHECK_INT(pid, w.provider);
    CHECK_INT(store_provider_login_remove(s, "certib"), STORE_OK);
    CHECK_INT(store_provider_login_remove(s, "certib"), STORE_NOT_FOUND);
    store_close(s);
}

TEST(a_provider_searches_only_its_own)
{
    struct world w;
    build(&w);
    store *s = fixture_open(w.path, false);
    struct search_hit *h = NULL;
    int n = 0;
    CHECK_INT(store_search(s, "certificat parapheur plœmeur nous prestataire", 10, &h, &n),
              STORE_OK);
    search_hits_free(h, n);
    CHECK_INT(store_search(s, "plœmeur", 10, &h, &n), STORE_OK);
    CHECK_INT(n, 0);                            /* no member */
    search_hits_free(h, n);
    CHECK_INT(store_search(s, "parapheur", 10, &h, &n), STORE_OK);
    CHECK_INT(n, 0);                            /* another provider's action */
    search_hits_free(h, n);
    CHECK_INT(store_search(s, "certificat", 10, &h, &n), STORE_OK);
    CHECK_INT(n, 1);
    if (n == 1)
        CHECK_INT(h[0].id, w.ours);
    search_hits_free(h, n);
    CHECK_INT(store_search(s, "entre nous", 10, &h, &n), STORE_OK);
    CHECK_INT(n, 0);                            /* an internal note */
    search_hits_free(h, n);
    CHECK_INT(store_search(s, "prestataire", 10, &h, &n), STORE_OK);
    CHECK_INT(n, 1);                            /* the note shared with providers */
    search_hits_free(h, n);
    store_close(s);
}

TEST(a_disabled_providers_login_still_sees_only_its_own_and_writes_nothing)
{
    struct world w;
    build(&w);
    fixture_exec(w.path, "UPDATE provider SET disabled = 1");
    store *s = fixture_open(w.path, false);
    CHECK_INT(store_provider_only(s), w.provider);
    struct member m = {0};
    CHECK_INT(store_member_get(s, w.member, &m), STORE_NOT_FOUND);
    struct note nt = { .action_id = w.ours, .visibility = NOTE_PROVIDER, .body = xstrdup("x") };
    CHECK_INT(store_note_add(s, &nt), STORE_DENIED);
    CHECK_CONTAINS(store_errmsg(s), "provider is disabled");
    note_clear(&nt);
    store_close(s);
}

TEST(a_provider_takes_its_action_out_of_waiting_on_the_member)
{
    struct world w;
    build(&w);
    fixture_exec(w.path, "UPDATE action SET status = 'wait_member', due = '2026-11-30' "
                         "WHERE id = 1;"
                         "INSERT INTO audit (at, login, entity, entity_id, change) VALUES "
                         "('2026-11-16 09:00:00', 'zz-boss', 'action', 1, "
                         "'{\"status\": [\"wait_provider\", \"wait_member\"]}')");
    setenv("SUIVI_NOW", "2026-11-20 10:00:00", 1);
    store *s = fixture_open(w.path, false);
    char err[256];
    struct status_change back = { .from = ASTATUS_WAIT_MEMBER, .to = ASTATUS_IN_PROGRESS,
                                  .text = "Reçu les pièces", .visibility = NOTE_PROVIDER };
    CHECK_INT(action_change_status(s, w.ours, &back, NULL, err, sizeof err), STORE_OK);
    CHECK_INT(fixture_sql_int(w.path, "SELECT due > '2026-11-30' FROM action WHERE id = 1"), 1);
    store_close(s);
}

/* Nor a member's journey, subscriptions, usage, incidents or training, which the
 * member-side reads of the store keep from a provider's login (a review found
 * three that did not). */
TEST(a_provider_reads_nothing_of_a_members_use_or_training)
{
    struct world w;
    build(&w);
    fixture_exec(w.path,
                 "INSERT INTO subscription (member_id, service_id, since, convention, created_at)"
                 " VALUES (1, 1, '2026-01-01', 'CONV-1', '');"
                 "INSERT INTO usage (member_id, service_id, month, count, imported_at)"
                 " VALUES (1, 1, '2026-10', 5, '');"
                 "INSERT INTO interaction (member_id, occurred_at, kind, author, subject, search,"
                 " created_at, version) VALUES (1, '2026-10-02 10:00:00', 'incident', 'x', 's',"
                 " 's', '', 1);"
                 "INSERT INTO contact (member_id, name, retired, version) VALUES (1, 'A', 0, 1);"
                 "INSERT INTO training_session (held_on, topic, trainer_kind, created_by,"
                 " created_at) VALUES ('2026-10-01', 'T', 'internal', 'x', '');"
                 "INSERT INTO training_attendee (session_id, contact_id, attended)"
                 " VALUES (1, 1, 1);");
    store *s = fixture_open(w.path, false);
    char first[11] = "x", convention[32] = "x";
    int months = -1, before = -1, after = -1, incidents = -1;
    CHECK_INT(store_member_usage_facts(s, w.member, "2026-01", first, &months, convention,
                                       sizeof convention), STORE_OK);
    CHECK(!*first && months == 0 && !*convention);
    CHECK_INT(store_member_incidents_since(s, w.member, "2026-01-01", &incidents), STORE_OK);
    CHECK_INT(incidents, 0);
    CHECK_INT(store_training_effect(s, w.member, 90, first, &before, &after), STORE_OK);
    CHECK(!*first && before == 0 && after == 0);
    store_close(s);
    /* The same reads as staff find them: the test would see a leak. */
    fixture_exec(w.path, "DELETE FROM provider_login");
    s = fixture_open(w.path, false);
    CHECK_INT(store_member_incidents_since(s, w.member, "2026-01-01", &incidents), STORE_OK);
    CHECK_INT(incidents, 1);
    CHECK_INT(store_training_effect(s, w.member, 90, first, &before, &after), STORE_OK);
    CHECK_STR(first, "2026-10-01");
    store_close(s);
}

TESTS(T(a_provider_reads_nothing_of_a_members_use_or_training),
      T(a_provider_sees_only_its_own_actions), T(a_provider_searches_only_its_own),
      T(a_disabled_providers_login_still_sees_only_its_own_and_writes_nothing),
      T(a_provider_takes_its_action_out_of_waiting_on_the_member), T(a_provider_updates_only_the_status_of_its_own),
      T(unknown_logins_look_or_are_refused), T(readonly_staff_and_the_team_for_admins_only))
