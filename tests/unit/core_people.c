/* core_people — the rules about staff, pôles and providers: logins, names, e-mail
 * and phone checked; names taken (even in another case or without accents)
 * refused naming the holder; the last active admin kept, even against two
 * sessions at once; names found as people type them; the first admin of init. */
#include <stdlib.h>

#include "check.h"
#include "store_fixture.h"
#include "suivi/base/login.h"
#include "suivi/core/domain.h"
#include "suivi/core/people.h"
#include "suivi/core/validate.h"
#include "suivi/base/xalloc.h"

#define ERR 512

TEST(logins_and_roles)
{
    static const char *const good[] = { "a", "_svc", "jdupont", "j.dupont", "j-dupont2",
                                        "abcdefghijklmnopqrstuvwxyz012345" };
    static const char *const bad[] = { "", "Jdupont", "1abc", "-x", ".x", "jean dupont",
                                       "jé", "a/b", "abcdefghijklmnopqrstuvwxyz0123456",
                                       "x\x1b[2J" };
    char err[ERR];
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        CHECK(people_login_valid(good[i], err, sizeof err));
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        CHECK(!people_login_valid(bad[i], err, sizeof err));
        CHECK_CONTAINS(err, "lower-case letters");
        CHECK(!strchr(err, '\x1b'));
    }
    CHECK(!people_login_valid(NULL, err, sizeof err));
    CHECK_INT(people_role_from_code("admin", err, sizeof err), SROLE_ADMIN);
    CHECK_INT(people_role_from_code("readonly", err, sizeof err), SROLE_READONLY);
    CHECK_INT(people_role_from_code("boss", err, sizeof err), -1);
    CHECK_STR(err, "role boss: the roles are admin, staff and readonly");
}

static int save_staff(store *s, struct staff *st, char *err)
{
    err[0] = '\0';
    return people_staff_save(s, st, err, ERR);
}

static struct staff new_staff(const char *login, const char *name, enum staff_role role)
{
    struct staff st = { .login = xstrdup(login), .display_name = xstrdup(name), .role = role };
    return st;
}

TEST(staff_are_checked_and_unique)
{
    const char *path = check_tmpfile("x.db");
    store *s = fixture_open(path, true);
    char err[ERR];
    struct staff st = new_staff("Bad Login", "Jean", SROLE_STAFF);
    CHECK_INT(save_staff(s, &st, err), DOMAIN_INVALID);
    CHECK_CONTAINS(err, "login");
    str_replace(&st.login, "jdupont");
    str_replace(&st.display_name, "   ");
    CHECK_INT(save_staff(s, &st, err), DOMAIN_INVALID);
    CHECK(err[0]);
    char *long_name = xmalloc(NAME_MAX_CHARS + 2);
    memset(long_name, 'x', NAME_MAX_CHARS + 1);
    long_name[NAME_MAX_CHARS + 1] = '\0';
    str_replace(&st.display_name, long_name);
    CHECK_INT(save_staff(s, &st, err), DOMAIN_INVALID);
    free(long_name);
    st.role = (enum staff_role)9;
    str_replace(&st.display_name, "Jean Dupont");
    CHECK_INT(save_staff(s, &st, err), DOMAIN_INVALID);
    st.role = SROLE_STAFF;
    CHECK_INT(save_staff(s, &st, err), STORE_OK);
    CHECK(st.id > 0);
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM staff"), 1);

    struct staff dup = new_staff("jdupont", "Another", SROLE_ADMIN);
    CHECK_INT(save_staff(s, &dup, err), STORE_CONSTRAINT);
    CHECK_CONTAINS(err, "login jdupont already exists (Jean Dupont");
    CHECK_INT(dup.id, 0);
    staff_clear(&dup);

    /* An update keeps the login, whatever the record says. */
    str_replace(&st.login, "renamed");
    str_replace(&st.display_name, "Jean D.");
    CHECK_INT(save_staff(s, &st, err), STORE_OK);
    struct staff g = {0};
    CHECK_INT(people_find_staff(s, "jdupont", &g, err, sizeof err), STORE_OK);
    CHECK_STR(g.display_name, "Jean D.");
    staff_clear(&g);
    CHECK_INT(people_find_staff(s, "renamed", &g, err, sizeof err), STORE_NOT_FOUND);
    CHECK_CONTAINS(err, "no staff member has the login renamed");
    st.version = 1;                                  /* stale */
    CHECK_INT(save_staff(s, &st, err), STORE_CONFLICT);
    CHECK_CONTAINS(err, "changed by someone else");
    staff_clear(&st);
    store_close(s);
}

TEST(the_last_admin_stays)
{
    const char *path = check_tmpfile("x.db");
    store *a = fixture_open(path, true), *b = fixture_open(path, false);
    char err[ERR];
    struct staff ann = new_staff(unix_login(), "Ann", SROLE_ADMIN);   /* us, first */
    struct staff bob = new_staff("bob", "Bob", SROLE_ADMIN);
    CHECK_INT(save_staff(a, &ann, err), STORE_OK);
    CHECK_INT(save_staff(a, &bob, err), STORE_OK);
    /* Each session read both admins; each demotes the other. */
    struct staff bob_in_a = {0}, ann_in_b = {0};
    CHECK_INT(people_find_staff(a, "bob", &bob_in_a, err, sizeof err), STORE_OK);
    CHECK_INT(people_find_staff(b, unix_login(), &ann_in_b, err, sizeof err), STORE_OK);
    bob_in_a.role = SROLE_STAFF;
    CHECK_INT(save_staff(a, &bob_in_a, err), STORE_OK);
    ann_in_b.role = SROLE_READONLY;
    CHECK_INT(save_staff(b, &ann_in_b, err), DOMAIN_INVALID);
    char *want = xasprintf("at least one admin must remain: %s is the last active admin "
                           "(make someone else admin first)", unix_login());
    CHECK_STR(err, want);
    free(want);
    ann_in_b.role = SROLE_ADMIN;
    ann_in_b.disabled = true;
    CHECK_INT(save_staff(b, &ann_in_b, err), DOMAIN_INVALID);
    CHECK_CONTAINS(err, "at least one admin must remain");
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM staff WHERE role = 'admin'"
                              " AND disabled = 0"), 1);
    /* Other changes to the last admin are fine. */
    ann_in_b.disabled = false;
    str_replace(&ann_in_b.display_name, "Ann Le Goff");
    CHECK_INT(save_staff(b, &ann_in_b, err), STORE_OK);
    /* With a second admin, the first may go. */
    bob_in_a.role = SROLE_ADMIN;
    CHECK_INT(save_staff(a, &bob_in_a, err), STORE_OK);
    ann_in_b.disabled = true;
    CHECK_INT(save_staff(b, &ann_in_b, err), STORE_OK);
    staff_clear(&ann);
    staff_clear(&bob);
    staff_clear(&bob_in_a);
    staff_clear(&ann_in_b);
    store_close(a);
    store_close(b);
}

TEST(poles_by_name_unique_in_any_case)
{
    const char *path = check_tmpfile("x.db");
    store *s = fixture_open(path, true);
    char err[ERR];
    struct pole dev = { .name = xstrdup("Développement") };
    CHECK_INT(people_pole_save(s, &dev, err, sizeof err), STORE_OK);
    struct pole same = { .name = xstrdup("DEVELOPPEMENT") };
    CHECK_INT(people_pole_save(s, &same, err, sizeof err), STORE_CONSTRAINT);
    char want[128];
    snprintf(want, sizeof want, "a pôle named Développement already exists (#%lld)",
             (long long)dev.id);
    CHECK_STR(err, want);
    CHECK_INT(same.id, 0);
    str_replace(&same.name, "");
    CHECK_INT(people_pole_save(s, &same, err, sizeof err), DOMAIN_INVALID);
    str_replace(&same.name, "Support");
    CHECK_INT(people_pole_save(s, &same, err, sizeof err), STORE_OK);

    struct pole got = {0};
    CHECK_INT(people_find_pole(s, "Développement", &got, err, sizeof err), STORE_OK);
    CHECK_INT(got.id, dev.id);
    pole_clear(&got);
    CHECK_INT(people_find_pole(s, "developpement", &got, err, sizeof err), STORE_OK);
    CHECK_INT(got.id, dev.id);
    pole_clear(&got);
    CHECK_INT(people_find_pole(s, "Dév", &got, err, sizeof err), STORE_NOT_FOUND);
    CHECK_CONTAINS(err, "no pôle is named Dév");

    /* Renaming onto another's name is refused; changing the case of one's own is not. */
    str_replace(&dev.name, "support");
    CHECK_INT(people_pole_save(s, &dev, err, sizeof err), STORE_CONSTRAINT);
    CHECK_CONTAINS(err, "a pôle named Support already exists");
    str_replace(&dev.name, "DÉVELOPPEMENT");
    CHECK_INT(people_pole_save(s, &dev, err, sizeof err), STORE_OK);
    CHECK_INT(dev.version, 2);
    /* Two pôles folding alike (an old file): the folded name is ambiguous. */
    fixture_exec(path, "INSERT INTO pole (name) VALUES ('support ')");
    fixture_exec(path, "INSERT INTO pole (name) VALUES ('SUPPORT ')");
    CHECK_INT(people_find_pole(s, "Support ", &got, err, sizeof err), DOMAIN_INVALID);
    CHECK_CONTAINS(err, "several pôles");
    pole_clear(&dev);
    pole_clear(&same);
    store_close(s);
}

TEST(providers_checked_unique_and_found)
{
    const char *path = check_tmpfile("x.db");
    store *s = fixture_open(path, true);
    char err[ERR];
    struct provider p = { .name = xstrdup("Mégalis"), .email = xstrdup("not-an-email") };
    CHECK_INT(people_provider_save(s, &p, err, sizeof err), DOMAIN_INVALID);
    CHECK_CONTAINS(err, "email");
    str_replace(&p.email, "support@megalis.example");
    str_replace(&p.phone, "02 99 ab");
    CHECK_INT(people_provider_save(s, &p, err, sizeof err), DOMAIN_INVALID);
    CHECK_CONTAINS(err, "phone");
    str_replace(&p.phone, "+33 (0)2 99 00-00.00");
    str_replace(&p.contact, "Mme Le Goff, support");
    CHECK_INT(people_provider_save(s, &p, err, sizeof err), STORE_OK);
    struct provider q = { .name = xstrdup("megalis") };
    CHECK_INT(people_provider_save(s, &q, err, sizeof err), STORE_CONSTRAINT);
    CHECK_CONTAINS(err, "a provider named Mégalis already exists");
    provider_clear(&q);

    struct provider got = {0};
    CHECK_INT(people_find_provider(s, "MEGALIS", &got, err, sizeof err), STORE_OK);
    CHECK_STR(got.contact, "Mme Le Goff, support");
    got.disabled = true;
    str_replace(&got.email, "");
    CHECK_INT(people_provider_save(s, &got, err, sizeof err), STORE_OK);
    CHECK_INT(fixture_sql_int(path, "SELECT disabled = 1 AND email IS NULL FROM provider"), 1);
    provider_clear(&got);
    CHECK_INT(people_find_provider(s, "Atexo", &got, err, sizeof err), STORE_NOT_FOUND);
    CHECK_CONTAINS(err, "no provider is named Atexo");
    provider_clear(&p);
    store_close(s);
}

TEST(init_names_the_first_admin_once)
{
    const char *path = check_tmpfile("x.db");
    store *s = fixture_open(path, true);
    char err[ERR];
    enum first_admin what = FIRST_ADMIN_NOT_NEEDED;
    struct staff me = {0};
    CHECK_INT(people_init_first_admin(s, &what, &me, err, sizeof err), STORE_OK);
    CHECK_INT(what, FIRST_ADMIN_ADDED);
    CHECK_STR(me.login, unix_login());
    CHECK_STR(me.display_name, unix_full_name());
    CHECK_INT(me.role, SROLE_ADMIN);
    staff_clear(&me);
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM staff WHERE role = 'admin'"), 1);
    CHECK_INT(people_init_first_admin(s, &what, NULL, err, sizeof err), STORE_OK);
    CHECK_INT(what, FIRST_ADMIN_ALREADY_STAFF);
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM staff"), 1);
    store_close(s);

    /* A database with an admin already: the login is not made one. */
    path = check_tmpfile("y.db");
    s = fixture_open(path, true);
    struct staff boss = new_staff("zz-boss", "Boss", SROLE_ADMIN);
    CHECK_INT(save_staff(s, &boss, err), STORE_OK);
    staff_clear(&boss);
    CHECK_INT(people_init_first_admin(s, &what, NULL, err, sizeof err), STORE_OK);
    CHECK_INT(what, FIRST_ADMIN_NOT_NEEDED);
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM staff"), 1);
    /* Already staff (not admin): left as it is. */
    /* (Written behind the store: only an admin may add staff now, and we are not.) */
    char *sql = sqlite3_mprintf("INSERT INTO staff (login, display_name, role) "
                                "VALUES (%Q, 'Me', 'readonly')", unix_login());
    fixture_exec(path, sql);
    sqlite3_free(sql);
    CHECK_INT(people_init_first_admin(s, &what, NULL, err, sizeof err), STORE_OK);
    CHECK_INT(what, FIRST_ADMIN_ALREADY_STAFF);
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM staff WHERE role = 'readonly'"), 1);
    store_close(s);
}


TESTS(T(logins_and_roles), T(staff_are_checked_and_unique), T(the_last_admin_stays),
      T(poles_by_name_unique_in_any_case), T(providers_checked_unique_and_found),
      T(init_names_the_first_admin_once))
