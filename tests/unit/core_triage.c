/* core_triage — one-key changes on one action or many: only the named fields are
 * written, a colleague's change to another field stays, an action already so is not
 * audited, a disabled assignee is refused, and a refusal writes nothing at all. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "store_fixture.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/domain.h"
#include "suivi/core/triage.h"

struct world {
    store *s;
    int64_t member, staff, gone, provider, actions[3];
};

static int64_t add_staff(store *s, const char *login, const char *name, bool disabled)
{
    struct staff st = { .login = xstrdup(login), .display_name = xstrdup(name),
                        .role = SROLE_STAFF, .disabled = disabled };
    CHECK_INT(store_staff_add(s, &st), STORE_OK);
    int64_t id = st.id;
    staff_clear(&st);
    return id;
}

static void build(struct world *w, const char *path)
{
    memset(w, 0, sizeof *w);
    w->s = fixture_open(path, true);
    w->member = fixture_add_member(w->s, "Plouguerneau");
    w->staff = add_staff(w->s, "amorel", "Anne Morel", false);
    w->gone = add_staff(w->s, "parti", "Parti", true);
    struct provider p = { .name = xstrdup("CertiBreizh") };
    CHECK_INT(store_provider_add(w->s, &p), STORE_OK);
    w->provider = p.id;
    provider_clear(&p);
    char err[256];
    for (int i = 0; i < 3; i++) {
        struct action a = { .member_id = w->member, .title = xasprintf("Action %d", i),
                            .status = ASTATUS_OPEN, .priority = 3 };
        CHECK_INT(action_save(w->s, &a, err, sizeof err), STORE_OK);
        w->actions[i] = a.id;
        action_clear(&a);
    }
}

static struct action get(store *s, int64_t id)
{
    struct action a = {0};
    CHECK_INT(store_action_get(s, id, &a), STORE_OK);
    return a;
}

static int audits(store *s, int64_t id)
{
    int n = 0;
    struct audit_entry *e = fixture_audit(s, "action", id, &n);
    audit_free(e, n);
    return n;
}

TEST(one_field_on_one_action_keeps_the_others)
{
    const char *path = check_tmpfile("x.db");
    struct world w;
    build(&w, path);
    store *b = fixture_open(path, false);             /* a colleague, another session */
    struct action theirs = get(b, w.actions[0]);
    free(theirs.title);
    theirs.title = xstrdup("Renamed by a colleague");
    char err[256] = "";
    CHECK_INT(action_save(b, &theirs, err, sizeof err), STORE_OK);
    action_clear(&theirs);

    struct triage_change c = { .fields = 1u << ACTION_F_PRIORITY, .priority = 1 };
    int changed = -1;
    CHECK_INT(triage_apply(w.s, w.actions, NULL, 1, &c, &changed, err, sizeof err), STORE_OK);
    CHECK_INT(changed, 1);
    struct action a = get(w.s, w.actions[0]);
    CHECK_INT(a.priority, 1);
    CHECK_STR(a.title, "Renamed by a colleague");
    action_clear(&a);
    /* the same again: nothing written, nothing audited */
    int before = audits(w.s, w.actions[0]);
    CHECK_INT(triage_apply(w.s, w.actions, NULL, 1, &c, &changed, err, sizeof err), STORE_OK);
    CHECK_INT(changed, 0);
    CHECK_INT(audits(w.s, w.actions[0]), before);
    store_close(b);
    store_close(w.s);
}

TEST(assign_and_due_on_many_in_one_go)
{
    struct world w;
    build(&w, check_tmpfile("x.db"));
    char err[256] = "";
    struct triage_change c = { .fields = (1u << ACTION_F_ASSIGNEE) | (1u << ACTION_F_DUE),
                               .provider_id = w.provider, .due = "2026-12-15" };
    int changed = 0;
    CHECK_INT(triage_apply(w.s, w.actions, NULL, 3, &c, &changed, err, sizeof err), STORE_OK);
    CHECK_INT(changed, 3);
    for (int i = 0; i < 3; i++) {
        struct action a = get(w.s, w.actions[i]);
        CHECK_INT(a.assignee_provider_id, w.provider);
        CHECK_INT(a.assignee_staff_id, 0);
        CHECK_STR(a.due, "2026-12-15");
        CHECK_INT(a.priority, 3);                      /* not named: untouched */
        action_clear(&a);
    }
    /* to staff, the provider goes; then nobody and no due date */
    c = (struct triage_change){ .fields = 1u << ACTION_F_ASSIGNEE, .staff_id = w.staff };
    CHECK_INT(triage_apply(w.s, w.actions, NULL, 1, &c, &changed, err, sizeof err), STORE_OK);
    struct action a = get(w.s, w.actions[0]);
    CHECK(a.assignee_staff_id == w.staff && a.assignee_provider_id == 0);
    action_clear(&a);
    c = (struct triage_change){ .fields = (1u << ACTION_F_ASSIGNEE) | (1u << ACTION_F_DUE) };
    CHECK_INT(triage_apply(w.s, w.actions, NULL, 1, &c, &changed, err, sizeof err), STORE_OK);
    a = get(w.s, w.actions[0]);
    CHECK(a.assignee_staff_id == 0 && a.assignee_provider_id == 0 && a.due == NULL);
    action_clear(&a);
    store_close(w.s);
}

TEST(a_refusal_writes_nothing)
{
    const char *path = check_tmpfile("x.db");
    struct world w;
    build(&w, path);
    char err[256] = "";
    struct triage_change c = { .fields = 1u << ACTION_F_ASSIGNEE, .staff_id = w.gone };
    CHECK_INT(triage_apply(w.s, w.actions, NULL, 3, &c, NULL, err, sizeof err), DOMAIN_INVALID);
    CHECK_STR(err, "Parti is disabled and can no longer be given actions");
    c = (struct triage_change){ .fields = 1u << ACTION_F_PRIORITY, .priority = 9 };
    CHECK_INT(triage_apply(w.s, w.actions, NULL, 3, &c, NULL, err, sizeof err), DOMAIN_INVALID);
    CHECK_CONTAINS(err, "priority");
    c = (struct triage_change){ .fields = 1u << ACTION_F_DUE, .due = "2026-02-30" };
    CHECK_INT(triage_apply(w.s, w.actions, NULL, 3, &c, NULL, err, sizeof err), DOMAIN_INVALID);
    CHECK_CONTAINS(err, "not a date");
    /* one of the ids is gone: none of the others is written */
    int64_t ids[3] = { w.actions[0], 9999, w.actions[1] };
    c = (struct triage_change){ .fields = 1u << ACTION_F_PRIORITY, .priority = 1 };
    CHECK_INT(triage_apply(w.s, ids, NULL, 3, &c, NULL, err, sizeof err), STORE_NOT_FOUND);
    CHECK_STR(err, "action #9999 no longer exists");
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM action WHERE priority = 1"), 0);
    store_close(w.s);
}

TEST(candidates_are_the_active_people_with_their_counts)
{
    struct world w;
    build(&w, check_tmpfile("x.db"));
    char err[256] = "";
    struct triage_change c = { .fields = 1u << ACTION_F_ASSIGNEE, .staff_id = w.staff };
    CHECK_INT(triage_apply(w.s, w.actions, NULL, 2, &c, NULL, err, sizeof err), STORE_OK);
    struct triage_candidate *cand = NULL;
    int n = 0;
    CHECK_INT(triage_candidates(w.s, &cand, &n), STORE_OK);
    CHECK_INT(n, 2);                                   /* the disabled one is not offered */
    if (n == 2) {
        CHECK_STR(cand[0].name, "Anne Morel (amorel)");
        CHECK_INT(cand[0].staff_id, w.staff);
        CHECK_INT(cand[0].open_actions, 2);
        CHECK_STR(cand[1].name, "CertiBreizh");
        CHECK_INT(cand[1].provider_id, w.provider);
        CHECK_INT(cand[1].open_actions, 0);
    }
    triage_candidates_free(cand, n);
    store_close(w.s);
}

TEST(a_change_to_the_same_field_meanwhile_is_a_conflict)
{
    const char *path = check_tmpfile("x.db");
    struct world w;
    build(&w, path);
    struct action seen = get(w.s, w.actions[0]);      /* what the user saw: P3 */
    store *b = fixture_open(path, false);
    struct action theirs = get(b, w.actions[0]);
    theirs.priority = 2;
    char err[256] = "";
    CHECK_INT(action_save(b, &theirs, err, sizeof err), STORE_OK);
    struct triage_change c = { .fields = 1u << ACTION_F_PRIORITY, .priority = 1 };
    CHECK_INT(triage_apply(w.s, w.actions, &seen, 1, &c, NULL, err, sizeof err),
              STORE_CONFLICT);
    char want[128];
    snprintf(want, sizeof want, "action #%lld: someone else changed its priority meanwhile "
             "(now P2); nothing was written", (long long)w.actions[0]);
    CHECK_STR(err, want);
    struct action a = get(w.s, w.actions[0]);
    CHECK_INT(a.priority, 2);                          /* theirs stays */
    action_clear(&a);
    /* they chose what we choose: no conflict; their other field changes never are */
    c.priority = 2;
    CHECK_INT(triage_apply(w.s, w.actions, &seen, 1, &c, NULL, err, sizeof err), STORE_OK);
    c = (struct triage_change){ .fields = 1u << ACTION_F_DUE, .due = "2026-12-24" };
    CHECK_INT(triage_apply(w.s, w.actions, &seen, 1, &c, NULL, err, sizeof err), STORE_OK);
    action_clear(&theirs);
    action_clear(&seen);
    store_close(b);
    store_close(w.s);
}

TEST(status_and_notes_on_many_in_one_go)
{
    const char *path = check_tmpfile("x.db");
    struct world w;
    build(&w, path);
    char err[256] = "";
    struct status_change done = { .to = ASTATUS_DONE, .text = "Traité en lot",
                                  .visibility = NOTE_MEMBER };
    int moved = -1;
    CHECK_INT(actions_change_status(w.s, w.actions, 2, &done, &moved, err, sizeof err),
              STORE_OK);
    CHECK_INT(moved, 2);
    for (int i = 0; i < 2; i++) {
        struct action a = get(w.s, w.actions[i]);
        CHECK_INT(a.status, ASTATUS_DONE);
        CHECK_STR(a.resolution, "Traité en lot");
        CHECK(a.closed_at != 0);
        action_clear(&a);
    }
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM note WHERE body = 'Traité en lot' "
                                    "AND visibility = 'member'"), 2);
    /* closing asks for a resolution; a gone action writes nothing */
    struct status_change bare = { .to = ASTATUS_CANCELLED };
    CHECK_INT(actions_change_status(w.s, w.actions, 3, &bare, &moved, err, sizeof err),
              DOMAIN_INVALID);
    CHECK_CONTAINS(err, "Resolution");
    int64_t ids[2] = { w.actions[2], 9999 };
    struct status_change prog = { .to = ASTATUS_IN_PROGRESS };
    CHECK_INT(actions_change_status(w.s, ids, 2, &prog, &moved, err, sizeof err),
              STORE_NOT_FOUND);
    CHECK_STR(err, "action #9999 no longer exists");
    struct action a = get(w.s, w.actions[2]);
    CHECK_INT(a.status, ASTATUS_OPEN);
    action_clear(&a);

    CHECK_INT(notes_add(w.s, w.actions, 3, "Relancé", NOTE_INTERNAL, err, sizeof err),
              STORE_OK);
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM note WHERE body = 'Relancé'"), 3);
    CHECK_INT(notes_add(w.s, ids, 2, "Perdu", NOTE_INTERNAL, err, sizeof err), STORE_NOT_FOUND);
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM note WHERE body = 'Perdu'"), 0);
    CHECK_INT(notes_add(w.s, w.actions, 3, "  ", NOTE_INTERNAL, err, sizeof err),
              DOMAIN_INVALID);
    store_close(w.s);
}

/* The SLA's clock stops while the action waits on the member. */
TEST(waiting_on_the_member_moves_the_due_date)
{
    const char *path = check_tmpfile("x.db");
    struct world w;
    setenv("SUIVI_NOW", "2026-11-16 09:00:00", 1);          /* a Monday */
    build(&w, path);
    char err[256] = "";
    struct triage_change c = { .fields = 1u << ACTION_F_DUE, .due = "2026-11-18" };
    CHECK_INT(triage_apply(w.s, w.actions, NULL, 2, &c, NULL, err, sizeof err), STORE_OK);
    enum action_status now;
    struct status_change wait = { .from = ASTATUS_OPEN, .to = ASTATUS_WAIT_MEMBER };
    CHECK_INT(action_change_status(w.s, w.actions[0], &wait, &now, err, sizeof err), STORE_OK);
    CHECK_INT(action_change_status(w.s, w.actions[1], &wait, &now, err, sizeof err), STORE_OK);
    setenv("SUIVI_NOW", "2026-11-20 15:00:00", 1);          /* Friday: 4 working days */
    int waited = -1;
    struct status_change back = { .from = ASTATUS_WAIT_MEMBER, .to = ASTATUS_IN_PROGRESS,
                                  .waited_days = &waited };
    CHECK_INT(action_change_status(w.s, w.actions[0], &back, &now, err, sizeof err), STORE_OK);
    CHECK_INT(waited, 4);
    struct action a = get(w.s, w.actions[0]);
    CHECK_STR(a.due, "2026-11-24");                         /* Wed 18 + 4: Tue 24 */
    action_clear(&a);
    /* closing does not move it */
    struct status_change close = { .from = ASTATUS_WAIT_MEMBER, .to = ASTATUS_DONE,
                                   .text = "Réglé", .waited_days = &waited };
    CHECK_INT(action_change_status(w.s, w.actions[1], &close, &now, err, sizeof err), STORE_OK);
    CHECK_INT(waited, 0);
    a = get(w.s, w.actions[1]);
    CHECK_STR(a.due, "2026-11-18");
    action_clear(&a);
    unsetenv("SUIVI_NOW");
    store_close(w.s);
}

TESTS(T(one_field_on_one_action_keeps_the_others),
      T(waiting_on_the_member_moves_the_due_date),
      T(status_and_notes_on_many_in_one_go),
      T(a_change_to_the_same_field_meanwhile_is_a_conflict), T(assign_and_due_on_many_in_one_go),
      T(a_refusal_writes_nothing), T(candidates_are_the_active_people_with_their_counts))
