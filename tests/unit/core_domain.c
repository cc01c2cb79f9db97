/* core_domain — saves go through the rules, then the store, and every failure
 * comes back as a sentence. */
#include <stdlib.h>

#include "check.h"
#include "store_fixture.h"
#include "suivi/core/domain.h"
#include "suivi/base/login.h"
#include "suivi/base/xalloc.h"

TEST(member_save_adds_then_updates)
{
    store *s = fixture_open(check_tmpfile("x.db"), true);
    char err[256] = "";
    struct member m = { .name = xstrdup("Châteaulin"), .kind = MEMBER_COMMUNE,
                        .status = MSTATUS_MEMBER, .siren = xstrdup("253514491"),
                        .departement = xstrdup("29") };
    CHECK_INT(member_save(s, &m, err, sizeof err), STORE_OK);
    CHECK(m.id > 0);
    CHECK_INT(m.version, 1);
    int64_t id = m.id;
    m.status = MSTATUS_LEFT;
    CHECK_INT(member_save(s, &m, err, sizeof err), STORE_OK);
    CHECK_INT(m.id, id);
    CHECK_INT(m.version, 2);

    /* refused by the rules: nothing written, the record is kept as typed */
    free(m.siren);
    m.siren = xstrdup("253514492");
    CHECK_INT(member_save(s, &m, err, sizeof err), DOMAIN_INVALID);
    CHECK_STR(err, "SIREN 253514492: checksum is wrong");
    CHECK_STR(m.siren, "253514492");
    struct member g = {0};
    CHECK_INT(store_member_get(s, id, &g), STORE_OK);
    CHECK_STR(g.siren, "253514491");
    CHECK_INT(g.status, MSTATUS_LEFT);
    member_clear(&g);
    member_clear(&m);
    store_close(s);
}

TEST(stale_save_reports_conflict)
{
    const char *path = check_tmpfile("x.db");
    store *a = fixture_open(path, true), *b = fixture_open(path, true);
    char err[256] = "";
    struct member m = { .name = xstrdup("Guingamp"), .kind = MEMBER_COMMUNE };
    CHECK_INT(member_save(a, &m, err, sizeof err), STORE_OK);
    struct member other = {0};
    CHECK_INT(store_member_get(b, m.id, &other), STORE_OK);
    m.kind = MEMBER_EPCI;
    CHECK_INT(member_save(a, &m, err, sizeof err), STORE_OK);
    other.status = MSTATUS_PARTNER;
    CHECK_INT(member_save(b, &other, err, sizeof err), STORE_CONFLICT);
    CHECK_STR(err, "changed by someone else since you opened it; reload and try again");
    member_clear(&m);
    member_clear(&other);
    store_close(a);
    store_close(b);
}

/* Seen in review: a v1 file may hold a SIREN twice (v2 makes them unique from then on);
 * renaming one of those members was refused because of a SIREN nobody touched. */
TEST(an_edit_that_leaves_the_siren_alone_does_not_check_it)
{
    const char *path = check_tmpfile("x.db");
    store *s = fixture_open(path, true);
    char err[256] = "";
    struct member a = { .name = xstrdup("Morlaix"), .kind = MEMBER_COMMUNE };
    CHECK_INT(member_save(s, &a, err, sizeof err), STORE_OK);
    member_clear(&a);
    struct member b = { .name = xstrdup("Morlaix bis"), .kind = MEMBER_COMMUNE };
    CHECK_INT(member_save(s, &b, err, sizeof err), STORE_OK);
    member_clear(&b);
    fixture_exec(path, "DROP TRIGGER member_siren_update; "
                       "UPDATE member SET siren = '253514491'");
    struct member base = {0}, mine = {0}, theirs = {0};
    CHECK_INT(store_member_get(s, 2, &base), STORE_OK);
    CHECK_INT(store_member_get(s, 2, &mine), STORE_OK);
    free(mine.name);
    mine.name = xstrdup("Morlaix bis (29)");
    unsigned conflicts = 0;
    CHECK_INT(member_save_edit(s, &base, &mine, &theirs, &conflicts, err, sizeof err),
              STORE_OK);
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM member WHERE name = 'Morlaix bis (29)'"),
              1);
    /* but choosing a SIREN that is taken is refused, naming its member */
    free(mine.siren);
    mine.siren = NULL;
    CHECK_INT(member_save_edit(s, &base, &mine, &theirs, &conflicts, err, sizeof err),
              STORE_OK);
    member_clear(&base);
    CHECK_INT(store_member_get(s, 2, &base), STORE_OK);
    mine.siren = xstrdup("253514491");
    CHECK_INT(member_save_edit(s, &base, &mine, &theirs, &conflicts, err, sizeof err),
              DOMAIN_INVALID);
    CHECK_CONTAINS(err, "Morlaix (member #1)");
    member_clear(&base);
    member_clear(&mine);
    store_close(s);
}

TEST(interaction_and_action_from_it)
{
    store *s = fixture_open(check_tmpfile("x.db"), true);
    char err[256] = "";
    struct member m = { .name = xstrdup("Concarneau"), .kind = MEMBER_COMMUNE };
    CHECK_INT(member_save(s, &m, err, sizeof err), STORE_OK);
    struct pole p = { .name = xstrdup("Support") };
    CHECK_INT(store_pole_add(s, &p), STORE_OK);

    struct interaction it = { .member_id = m.id, .kind = IKIND_CALL_IN, .pole_id = p.id,
                              .pole_name = xstrdup("Support"),
                              .subject = xstrdup("Acte rejeté par la préfecture") };
    CHECK_INT(interaction_save(s, &it, err, sizeof err), STORE_OK);
    CHECK(it.id > 0);
    CHECK_STR(it.author, unix_login());

    struct action a;
    action_init_from_interaction(&a, &it, "2025-12-28", NULL);
    CHECK_INT(a.interaction_id, it.id);
    CHECK_INT(a.member_id, m.id);
    CHECK_INT(a.pole_id, p.id);
    CHECK_STR(a.pole_name, "Support");
    CHECK_STR(a.title, "Acte rejeté par la préfecture");
    CHECK_INT(a.priority, 3);
    CHECK_INT(a.status, ASTATUS_OPEN);
    CHECK_STR(a.due, "2026-01-05");      /* 5 working days: not 1 January, no weekend */
    CHECK_INT(a.id, 0);
    CHECK_INT(action_save(s, &a, err, sizeof err), STORE_OK);
    CHECK(a.id > 0);

    CHECK_INT(action_set_status(s, &a, ASTATUS_DONE, err, sizeof err), STORE_OK);
    CHECK_INT(a.status, ASTATUS_DONE);
    CHECK_INT(a.version, 2);
    CHECK(a.closed_at > 0);
    CHECK_STR(a.member_name, "Concarneau");
    int64_t stale = a.version;
    CHECK_INT(action_set_status(s, &a, ASTATUS_OPEN, err, sizeof err), STORE_OK);
    CHECK_INT(a.closed_at, 0);
    a.version = stale;
    CHECK_INT(action_set_status(s, &a, ASTATUS_CANCELLED, err, sizeof err), STORE_CONFLICT);
    CHECK_CONTAINS(err, "changed by someone else");

    /* rules first: an empty title never reaches the store */
    struct action bad = {0};
    action_init_from_interaction(&bad, &it, "2025-01-01", NULL);
    free(bad.title);
    bad.title = xstrdup("");
    CHECK_INT(action_save(s, &bad, err, sizeof err), DOMAIN_INVALID);
    CHECK_STR(err, "title: required");
    /* a value only the database can refuse (unknown member) comes back as a sentence */
    free(bad.title);
    bad.title = xstrdup("Orphan");
    bad.member_id = 999;
    CHECK_INT(action_save(s, &bad, err, sizeof err), STORE_CONSTRAINT);
    CHECK_CONTAINS(err, "refused by the database");

    struct interaction empty = { .member_id = m.id, .kind = IKIND_MEETING };
    CHECK_INT(interaction_save(s, &empty, err, sizeof err), DOMAIN_INVALID);
    CHECK_STR(err, "subject: required");

    action_clear(&bad);
    action_clear(&a);
    interaction_clear(&it);
    pole_clear(&p);
    member_clear(&m);
    store_close(s);
}

TESTS(T(member_save_adds_then_updates), T(stale_save_reports_conflict),
      T(interaction_and_action_from_it),
      T(an_edit_that_leaves_the_siren_alone_does_not_check_it))
