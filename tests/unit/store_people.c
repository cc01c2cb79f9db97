/* store_people — pôles, providers, staff and contacts: add, get, by name or login,
 * lists with their counts, version-checked audited updates, duplicate names and
 * logins refused with a message naming the record that has them, admin count. */
#include <stdlib.h>

#include "check.h"
#include "store_fixture.h"
#include "suivi/store/store.h"
#include "suivi/base/xalloc.h"

static int64_t add_staff(store *s, const char *login, enum staff_role role, int64_t pole)
{
    struct staff st = { .login = xstrdup(login), .display_name = xasprintf("%s name", login),
                        .role = role, .pole_id = pole };
    CHECK_INT(store_staff_add(s, &st), STORE_OK);
    CHECK_INT(st.version, 1);
    int64_t id = st.id;
    staff_clear(&st);
    return id;
}

static void add_open_action(store *s, int64_t member, int64_t staff, int64_t provider,
                            enum action_status status)
{
    struct action a = { .member_id = member, .title = xstrdup("t"), .priority = 2,
                        .status = status, .assignee_staff_id = staff,
                        .assignee_provider_id = provider };
    CHECK_INT(store_action_add(s, &a), STORE_OK);
    action_clear(&a);
}

TEST(poles_add_rename_and_count_their_staff)
{
    const char *path = check_tmpfile("x.db");
    store *a = fixture_open(path, true), *b = fixture_open(path, false);
    struct pole p = { .name = xstrdup("Support") };
    CHECK_INT(store_pole_add(a, &p), STORE_OK);
    CHECK_INT(p.version, 1);
    struct pole dup = { .name = xstrdup("Support") };
    CHECK_INT(store_pole_add(a, &dup), STORE_CONSTRAINT);
    char want[96];
    snprintf(want, sizeof want, "a pôle named Support already exists (#%lld)", (long long)p.id);
    CHECK_STR(store_errmsg(a), want);
    CHECK_INT(dup.id, 0);
    str_replace(&dup.name, "Administratif");
    CHECK_INT(store_pole_add(a, &dup), STORE_OK);

    add_staff(a, "one", SROLE_STAFF, p.id);
    int64_t two = add_staff(a, "two", SROLE_STAFF, p.id);
    struct staff off = {0};
    CHECK_INT(store_staff_get(a, two, &off), STORE_OK);
    off.disabled = true;
    CHECK_INT(store_staff_update(a, &off), STORE_OK);
    staff_clear(&off);
    struct pole *list = NULL;
    int n = 0;
    CHECK_INT(store_poles_list(a, &list, &n), STORE_OK);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(list[0].name, "Administratif");
        CHECK_INT(list[0].staff_count, 0);
        CHECK_STR(list[1].name, "Support");
        CHECK_INT(list[1].staff_count, 1);            /* the disabled one does not count */
    }
    poles_free(list, n);

    /* Rename, against the version read; b's stale rename conflicts. */
    struct pole pb = {0};
    CHECK_INT(store_pole_by_name(b, "Support", &pb), STORE_OK);
    str_replace(&p.name, "Assistance");
    CHECK_INT(store_pole_rename(a, &p), STORE_OK);
    CHECK_INT(p.version, 2);
    str_replace(&pb.name, "Hotline");
    CHECK_INT(store_pole_rename(b, &pb), STORE_CONFLICT);
    CHECK_INT(store_pole_by_name(b, "Support", &pb), STORE_NOT_FOUND);
    CHECK_CONTAINS(store_errmsg(b), "no pôle is named Support");
    /* Renaming onto a taken name names the pôle that has it. */
    str_replace(&p.name, "Administratif");
    CHECK_INT(store_pole_rename(a, &p), STORE_CONSTRAINT);
    snprintf(want, sizeof want, "a pôle named Administratif already exists (#%lld)",
             (long long)dup.id);
    CHECK_STR(store_errmsg(a), want);
    struct pole g = {0};
    CHECK_INT(store_pole_get(a, p.id, &g), STORE_OK);
    CHECK_STR(g.name, "Assistance");
    CHECK_INT(g.version, 2);
    CHECK_INT(g.staff_count, 1);
    pole_clear(&g);
    n = 0;
    struct audit_entry *au = fixture_audit(a, "pole", p.id, &n);
    CHECK_INT(n, 2);
    if (n == 2)
        CHECK_STR(au[1].change, "{\"name\": [\"Support\", \"Assistance\"]}");
    audit_free(au, n);
    pole_clear(&p);
    pole_clear(&pb);
    pole_clear(&dup);
    store_close(a);
    store_close(b);
}

TEST(providers_with_contact_disabled_and_open_actions)
{
    const char *path = check_tmpfile("x.db");
    store *s = fixture_open(path, true);
    struct provider p = { .name = xstrdup("Atexo"), .email = xstrdup("support@atexo.example"),
                          .phone = xstrdup("01 02 03 04 05"),
                          .contact = xstrdup("Mme Le Goff, support") };
    CHECK_INT(store_provider_add(s, &p), STORE_OK);
    struct provider dup = { .name = xstrdup("Atexo") };
    CHECK_INT(store_provider_add(s, &dup), STORE_CONSTRAINT);
    CHECK_CONTAINS(store_errmsg(s), "a provider named Atexo already exists (#");
    provider_clear(&dup);
    int64_t mid = fixture_add_member(s, "Rennes");
    add_open_action(s, mid, 0, p.id, ASTATUS_WAIT_PROVIDER);
    add_open_action(s, mid, 0, p.id, ASTATUS_OPEN);
    add_open_action(s, mid, 0, p.id, ASTATUS_DONE);

    struct provider g = {0};
    CHECK_INT(store_provider_by_name(s, "Atexo", &g), STORE_OK);
    CHECK_STR(g.contact, "Mme Le Goff, support");
    CHECK_INT(g.open_actions, 2);
    CHECK(!g.disabled);
    g.disabled = true;
    str_replace(&g.contact, "");                       /* "" is stored as none */
    CHECK_INT(store_provider_update(s, &g), STORE_OK);
    CHECK_INT(g.version, 2);
    CHECK_INT(fixture_sql_int(path, "SELECT contact IS NULL AND disabled = 1 FROM provider"), 1);
    int n = 0;
    struct audit_entry *au = fixture_audit(s, "provider", p.id, &n);
    CHECK_INT(n, 2);
    if (n == 2)
        CHECK_STR(au[1].change, "{\"contact\": [\"Mme Le Goff, support\", null], "
                  "\"disabled\": [0, 1]}");
    audit_free(au, n);
    p.phone[0] = '9';
    CHECK_INT(store_provider_update(s, &p), STORE_CONFLICT);   /* still at version 1 */
    provider_clear(&g);

    struct provider *list = NULL;
    CHECK_INT(store_providers_list(s, &list, &n), STORE_OK);
    CHECK_INT(n, 1);
    if (n == 1) {
        CHECK(list[0].disabled);
        CHECK_INT(list[0].open_actions, 2);
    }
    providers_free(list, n);
    CHECK_INT(store_provider_get(s, p.id, &g), STORE_OK);
    CHECK_STR(g.name, "Atexo");
    provider_clear(&g);
    CHECK_INT(store_provider_by_name(s, "atexo", &g), STORE_NOT_FOUND);   /* exact name */
    provider_clear(&p);
    store_close(s);
}

TEST(staff_roles_disabled_and_admin_count)
{
    const char *path = check_tmpfile("x.db");
    store *s = fixture_open(path, true);
    struct pole p = { .name = xstrdup("Support") };
    CHECK_INT(store_pole_add(s, &p), STORE_OK);
    int admins = -1;
    CHECK_INT(store_admin_count(s, &admins), STORE_OK);
    CHECK_INT(admins, 0);
    fixture_make_me_admin(path);
    int64_t boss = add_staff(s, "boss", SROLE_ADMIN, 0);
    add_staff(s, "ana", SROLE_STAFF, p.id);
    int64_t ro = add_staff(s, "zoe", SROLE_READONLY, 0);
    add_staff(s, "other-admin", SROLE_ADMIN, 0);
    CHECK_INT(store_admin_count(s, &admins), STORE_OK);
    CHECK_INT(admins, 3);

    struct staff dup = { .login = xstrdup("boss"), .display_name = xstrdup("Again") };
    CHECK_INT(store_staff_add(s, &dup), STORE_CONSTRAINT);
    CHECK_CONTAINS(store_errmsg(s), "a staff member with the login boss already exists "
                   "(boss name, #");
    staff_clear(&dup);

    int64_t mid = fixture_add_member(s, "Brest");
    add_open_action(s, mid, ro, 0, ASTATUS_IN_PROGRESS);
    add_open_action(s, mid, ro, 0, ASTATUS_CANCELLED);
    struct staff *list = NULL;
    int n = 0;
    CHECK_INT(store_staff_list(s, &list, &n), STORE_OK);
    CHECK_INT(n, 5);                 /* with the running login */
    if (n == 5) {
        CHECK_STR(list[0].login, "ana");
        CHECK_STR(list[0].pole_name, "Support");
        CHECK_INT(list[0].role, SROLE_STAFF);
        CHECK_STR(list[4].login, "zoe");
        CHECK_INT(list[4].role, SROLE_READONLY);
        CHECK_INT(list[4].open_actions, 1);
    }
    staff_list_free(list, n);

    struct staff b = {0};
    CHECK_INT(store_staff_get(s, boss, &b), STORE_OK);
    CHECK_INT(b.role, SROLE_ADMIN);
    b.disabled = true;
    b.pole_id = p.id;
    str_replace(&b.display_name, "Le Patron");
    str_replace(&b.login, "renamed");                  /* the login never changes */
    CHECK_INT(store_staff_update(s, &b), STORE_OK);
    CHECK_INT(b.version, 2);
    CHECK_INT(store_admin_count(s, &admins), STORE_OK);
    CHECK_INT(admins, 2);                              /* a disabled admin does not count */
    struct staff g = {0};
    CHECK_INT(store_staff_by_login(s, "boss", &g), STORE_OK);
    CHECK_STR(g.display_name, "Le Patron");
    CHECK(g.disabled);
    CHECK_STR(g.pole_name, "Support");
    staff_clear(&g);
    n = 0;
    struct audit_entry *au = fixture_audit(s, "staff", boss, &n);
    CHECK_INT(n, 2);
    if (n == 2) {
        char want[160];
        snprintf(want, sizeof want, "{\"display_name\": [\"boss name\", \"Le Patron\"], "
                 "\"pole\": [null, %lld], \"disabled\": [0, 1]}", (long long)p.id);
        CHECK_STR(au[1].change, want);
    }
    audit_free(au, n);
    b.version = 1;
    b.role = SROLE_STAFF;
    CHECK_INT(store_staff_update(s, &b), STORE_CONFLICT);
    CHECK_INT(fixture_sql_int(path, "SELECT role = 'admin' FROM staff WHERE login = 'boss'"), 1);
    b.version = 2;
    b.role = (enum staff_role)7;                       /* not a code: the schema refuses */
    CHECK_INT(store_staff_update(s, &b), STORE_CONSTRAINT);
    staff_clear(&b);
    CHECK_INT(store_staff_by_login(s, "nobody", &g), STORE_NOT_FOUND);
    CHECK_CONTAINS(store_errmsg(s), "nobody");
    pole_clear(&p);
    store_close(s);
}

TEST(contacts_retired_last_and_versioned)
{
    const char *path = check_tmpfile("x.db");
    store *s = fixture_open(path, true);
    int64_t mid = fixture_add_member(s, "Quimper");
    const char *names[] = { "Yann Morvan", "Anne Kervella", "Bleuenn Riou" };
    int64_t ids[3];
    for (int i = 0; i < 3; i++) {
        struct contact c = { .member_id = mid, .name = xstrdup(names[i]),
                             .role = xstrdup("DGS"), .retired = i == 1 };
        CHECK_INT(store_contact_add(s, &c), STORE_OK);
        CHECK_INT(c.version, 1);
        ids[i] = c.id;
        contact_clear(&c);
    }
    struct contact *cs = NULL;
    int n = 0;
    CHECK_INT(store_contacts_of_member(s, mid, &cs, &n), STORE_OK);
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK_STR(cs[0].name, "Bleuenn Riou");
        CHECK_STR(cs[1].name, "Yann Morvan");
        CHECK_STR(cs[2].name, "Anne Kervella");        /* retired: last */
        CHECK(cs[2].retired && !cs[0].retired);
    }
    contacts_free(cs, n);

    struct contact c = {0};
    CHECK_INT(store_contact_get(s, ids[0], &c), STORE_OK);
    c.retired = true;
    str_replace(&c.email, "yann.morvan@quimper.example");
    CHECK_INT(store_contact_update(s, &c), STORE_OK);
    CHECK_INT(c.version, 2);
    n = 0;
    struct audit_entry *au = fixture_audit(s, "contact", c.id, &n);
    CHECK_INT(n, 2);
    if (n == 2)
        CHECK_STR(au[1].change, "{\"email\": [null, \"yann.morvan@quimper.example\"], "
                  "\"retired\": [0, 1]}");
    audit_free(au, n);
    c.version = 1;
    CHECK_INT(store_contact_update(s, &c), STORE_CONFLICT);
    contact_clear(&c);
    CHECK_INT(store_contact_get(s, 999, &c), STORE_NOT_FOUND);
    CHECK_CONTAINS(store_errmsg(s), "#999");
    store_close(s);
}

TESTS(T(poles_add_rename_and_count_their_staff),
      T(providers_with_contact_disabled_and_open_actions),
      T(staff_roles_disabled_and_admin_count), T(contacts_retired_last_and_versioned))
