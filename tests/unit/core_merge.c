/* core_merge — the rule for saving an edit over someone else's: only the fields the
 * user changed are written, a field they did not touch never is, and a field both
 * changed differently is a conflict; then the save itself, with two connections. */
#include <stdlib.h>

#include "check.h"
#include "store_fixture.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/domain.h"
#include "suivi/core/merge.h"

#define B(f) (1u << (f))

TEST(the_rule_on_masks)
{
    /* touched, theirs, agree */
    struct merge m = merge_fields(0, 0, ~0u);
    CHECK_INT(m.write, 0);
    CHECK_INT(m.conflict, 0);
    m = merge_fields(B(1), 0, 0);                 /* mine only: written */
    CHECK_INT(m.write, B(1));
    CHECK_INT(m.conflict, 0);
    m = merge_fields(0, B(2), 0);                 /* theirs only: left alone */
    CHECK_INT(m.write, 0);
    CHECK_INT(m.conflict, 0);
    m = merge_fields(B(3), B(3), B(3));           /* both, the same: nothing to do */
    CHECK_INT(m.write, 0);
    CHECK_INT(m.conflict, 0);
    m = merge_fields(B(4), B(4), 0);              /* both, differently: conflict */
    CHECK_INT(m.write, 0);
    CHECK_INT(m.conflict, B(4));
    m = merge_fields(B(1) | B(4), B(2) | B(4), 0);
    CHECK_INT(m.write, B(1));
    CHECK_INT(m.conflict, B(4));
}

static struct action an_action(void)
{
    struct action a = { .id = 5, .member_id = 1, .title = xstrdup("Renouveler le certificat"),
                        .status = ASTATUS_OPEN, .priority = 3, .due = xstrdup("2026-12-01") };
    return a;
}

TEST(actions_compare_field_by_field)
{
    struct action base = an_action(), mine = an_action(), theirs = an_action();
    mine.priority = 1;                            /* I raise the priority */
    free(theirs.title);
    theirs.title = xstrdup("Renouveler le certificat RGS");   /* they edit the title */
    struct merge m = merge_actions(&base, &mine, &theirs);
    CHECK_INT(m.write, B(ACTION_F_PRIORITY));     /* never the title they changed */
    CHECK_INT(m.conflict, 0);
    theirs.priority = 2;                          /* and they change the priority too */
    m = merge_actions(&base, &mine, &theirs);
    CHECK_INT(m.conflict, B(ACTION_F_PRIORITY));
    /* "" and NULL are the same value to a user */
    free(mine.due);
    mine.due = NULL;
    free(base.due);
    base.due = xstrdup("");
    theirs.priority = 3;
    free(theirs.due);
    theirs.due = NULL;
    m = merge_actions(&base, &mine, &theirs);
    CHECK_INT(m.write, B(ACTION_F_PRIORITY));
    action_clear(&base);
    action_clear(&mine);
    action_clear(&theirs);
}

/* Two sessions on one file: B changes the priority, A (opened before) the title.
 * A's save keeps B's priority; then both change the priority: a conflict, nothing
 * written, and A sees B's record. */
TEST(two_sessions_save_without_reverting_each_other)
{
    const char *path = check_tmpfile("x.db");
    store *a = fixture_open(path, true), *b = fixture_open(path, true);
    char err[256] = "";
    struct member m = { .name = xstrdup("Guingamp"), .kind = MEMBER_COMMUNE };
    CHECK_INT(member_save(a, &m, err, sizeof err), STORE_OK);
    struct action act = an_action();
    act.id = 0;
    act.member_id = m.id;
    CHECK_INT(action_save(a, &act, err, sizeof err), STORE_OK);

    struct action base_a = {0}, mine_a = {0}, theirs = {0};
    CHECK_INT(store_action_get(a, act.id, &base_a), STORE_OK);   /* A opens its form */
    struct action bs = {0};
    CHECK_INT(store_action_get(b, act.id, &bs), STORE_OK);
    bs.priority = 1;                                             /* B saves a priority */
    CHECK_INT(action_save(b, &bs, err, sizeof err), STORE_OK);

    action_copy(&mine_a, &base_a);
    free(mine_a.title);
    mine_a.title = xstrdup("Renouveler le certificat RGS");
    unsigned conflicts = 99;
    CHECK_INT(action_save_edit(a, &base_a, &mine_a, &theirs, &conflicts, err, sizeof err),
              STORE_OK);
    CHECK_INT(conflicts, 0);
    struct action now = {0};
    CHECK_INT(store_action_get(a, act.id, &now), STORE_OK);
    CHECK_STR(now.title, "Renouveler le certificat RGS");
    CHECK_INT(now.priority, 1);                                  /* B's, not reverted */
    action_clear(&now);

    /* Both change the priority from the same base. */
    action_clear(&base_a);
    CHECK_INT(store_action_get(a, act.id, &base_a), STORE_OK);
    action_clear(&bs);
    CHECK_INT(store_action_get(b, act.id, &bs), STORE_OK);
    bs.priority = 2;
    CHECK_INT(action_save(b, &bs, err, sizeof err), STORE_OK);
    action_clear(&mine_a);
    action_copy(&mine_a, &base_a);
    mine_a.priority = 4;
    CHECK_INT(action_save_edit(a, &base_a, &mine_a, &theirs, &conflicts, err, sizeof err),
              STORE_CONFLICT);
    CHECK_INT(conflicts, B(ACTION_F_PRIORITY));
    CHECK_INT(theirs.priority, 2);
    CHECK_INT(store_action_get(a, act.id, &now), STORE_OK);
    CHECK_INT(now.priority, 2);                                  /* nothing written */
    action_clear(&now);
    /* A keeps its own after seeing theirs: saved against what is stored now. */
    CHECK_INT(action_save_edit(a, &theirs, &mine_a, &now, &conflicts, err, sizeof err),
              STORE_OK);
    action_clear(&now);
    CHECK_INT(store_action_get(b, act.id, &now), STORE_OK);
    CHECK_INT(now.priority, 4);
    action_clear(&now);

    action_clear(&theirs);
    action_clear(&base_a);
    action_clear(&mine_a);
    action_clear(&bs);
    action_clear(&act);
    member_clear(&m);
    store_close(a);
    store_close(b);
}

TEST(a_status_change_over_someone_elses_is_a_conflict)
{
    const char *path = check_tmpfile("x.db");
    store *a = fixture_open(path, true), *b = fixture_open(path, true);
    char err[256] = "";
    struct member m = { .name = xstrdup("Morlaix"), .kind = MEMBER_COMMUNE };
    CHECK_INT(member_save(a, &m, err, sizeof err), STORE_OK);
    struct action act = an_action();
    act.id = 0;
    act.member_id = m.id;
    CHECK_INT(action_save(a, &act, err, sizeof err), STORE_OK);
    /* Closing asks for a resolution. */
    struct status_change done = { .from = ASTATUS_OPEN, .to = ASTATUS_DONE, .text = "  " };
    enum action_status now = ASTATUS_OPEN;
    CHECK_INT(action_change_status(a, act.id, &done, &now, err, sizeof err), DOMAIN_INVALID);
    /* B moves it to "waiting on provider"; A, who saw "open", closes it: refused. */
    struct status_change wait = { .from = ASTATUS_OPEN, .to = ASTATUS_WAIT_PROVIDER,
                                  .text = "Ticket ouvert chez le prestataire",
                                  .visibility = NOTE_PROVIDER };
    CHECK_INT(action_change_status(b, act.id, &wait, &now, err, sizeof err), STORE_OK);
    done.text = "Certificat renouvelé";
    CHECK_INT(action_change_status(a, act.id, &done, &now, err, sizeof err), STORE_CONFLICT);
    CHECK_INT(now, ASTATUS_WAIT_PROVIDER);
    /* Seen: A closes from there; resolution and note are written with it. */
    done.from = now;
    CHECK_INT(action_change_status(a, act.id, &done, &now, err, sizeof err), STORE_OK);
    struct action g = {0};
    CHECK_INT(store_action_get(a, act.id, &g), STORE_OK);
    CHECK_INT(g.status, ASTATUS_DONE);
    CHECK_STR(g.resolution, "Certificat renouvelé");
    CHECK_STR(g.title, "Renouveler le certificat");              /* untouched */
    action_clear(&g);
    struct note *ns = NULL;
    int n = 0;
    CHECK_INT(store_notes_of_action(a, act.id, &ns, &n), STORE_OK);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK(ns[0].status_change && ns[0].status_to == ASTATUS_WAIT_PROVIDER);
        CHECK_INT(ns[0].visibility, NOTE_PROVIDER);
        CHECK(ns[1].status_change && ns[1].status_from == ASTATUS_WAIT_PROVIDER &&
              ns[1].status_to == ASTATUS_DONE);
    }
    notes_free(ns, n);
    action_clear(&act);
    member_clear(&m);
    store_close(a);
    store_close(b);
}

TESTS(T(the_rule_on_masks), T(actions_compare_field_by_field),
      T(two_sessions_save_without_reverting_each_other),
      T(a_status_change_over_someone_elses_is_a_conflict))
