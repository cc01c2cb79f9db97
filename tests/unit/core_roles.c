/* core_roles — who may do what: admin, staff, readonly; unknown and disabled logins
 * work as staff; a database with no active admin lets everyone act as admin; the
 * refusals are sentences. */
#include <stdlib.h>

#include "check.h"
#include "store_fixture.h"
#include "suivi/base/login.h"
#include "suivi/core/roles.h"
#include "suivi/base/xalloc.h"

static int64_t add_staff(store *s, const char *login, enum staff_role role, bool disabled)
{
    struct staff st = { .login = xstrdup(login), .display_name = xstrdup(login),
                        .role = role, .disabled = disabled };
    CHECK_INT(store_staff_add(s, &st), STORE_OK);
    int64_t id = st.id;
    staff_clear(&st);
    return id;
}

/* The running login with a role, beside another active admin. */
static store *world(const char *name, int my_role, bool disabled)
{
    store *s = fixture_open(check_tmpfile(name), true);
    if (my_role < 0) {
        add_staff(s, "zz-boss", SROLE_ADMIN, false);
        return s;
    }
    /* Admin first (the database has none yet), then the other admin, then our role. */
    int64_t me = add_staff(s, unix_login(), SROLE_ADMIN, false);
    add_staff(s, "zz-boss", SROLE_ADMIN, false);
    struct staff st = {0};
    CHECK_INT(store_staff_get(s, me, &st), STORE_OK);
    st.role = (enum staff_role)my_role;
    st.disabled = disabled;
    CHECK_INT(store_staff_update(s, &st), STORE_OK);
    staff_clear(&st);
    return s;
}

static void check_can(store *s, bool read, bool write, bool admin)
{
    struct me me;
    CHECK_INT(me_load(s, &me), STORE_OK);
    CHECK_STR(me.login, unix_login());
    CHECK(!me.bootstrap);
    CHECK_INT(role_can(&me, VERB_READ), read);
    CHECK_INT(role_can(&me, VERB_WRITE), write);
    CHECK_INT(role_can(&me, VERB_ADMIN), admin);
    CHECK_STR(role_refusal(&me, VERB_READ), "");
    if (!admin)
        CHECK_CONTAINS(role_refusal(&me, VERB_ADMIN), "Only an admin");
    if (!write)
        CHECK(role_refusal(&me, VERB_WRITE)[0] != '\0');
}

TEST(each_role_does_what_it_says)
{
    store *s = world("admin.db", SROLE_ADMIN, false);
    check_can(s, true, true, true);
    struct me me;
    CHECK_INT(me_load(s, &me), STORE_OK);
    CHECK(me.staff_id > 0);
    CHECK_INT(me.role, SROLE_ADMIN);
    store_close(s);
    s = world("staff.db", SROLE_STAFF, false);
    check_can(s, true, true, false);
    store_close(s);
    s = world("ro.db", SROLE_READONLY, false);
    check_can(s, true, false, false);
    store_close(s);
}

TEST(unknown_and_disabled_logins_only_look)
{
    store *s = world("unknown.db", -1, false);
    check_can(s, true, false, false);
    struct me me;
    CHECK_INT(me_load(s, &me), STORE_OK);
    CHECK_INT(me.staff_id, 0);
    /* The store refuses the write itself, whatever the caller checked. */
    struct member m = { .name = xstrdup("Brest"), .kind = MEMBER_COMMUNE,
                        .status = MSTATUS_MEMBER };
    CHECK_INT(store_member_add(s, &m), STORE_DENIED);
    CHECK_CONTAINS(store_errmsg(s), "is not in the staff list");
    member_clear(&m);
    store_close(s);
    s = world("disabled-admin.db", SROLE_ADMIN, true);
    check_can(s, true, false, false);
    store_close(s);
    s = world("disabled-ro.db", SROLE_READONLY, true);
    check_can(s, true, false, false);
    store_close(s);
}

TEST(no_active_admin_means_everyone_is_admin)
{
    const char *path = check_tmpfile("x.db");
    store *s = fixture_open(path, true);
    struct me me;
    CHECK_INT(me_load(s, &me), STORE_OK);             /* an empty database */
    CHECK(me.bootstrap);
    CHECK(role_can(&me, VERB_ADMIN));
    add_staff(s, unix_login(), SROLE_READONLY, false);
    add_staff(s, "old-admin", SROLE_ADMIN, true);     /* disabled: does not count */
    CHECK_INT(me_load(s, &me), STORE_OK);
    CHECK(me.bootstrap);
    CHECK(role_can(&me, VERB_WRITE) && role_can(&me, VERB_ADMIN));
    add_staff(s, "new-admin", SROLE_ADMIN, false);
    CHECK_INT(me_load(s, &me), STORE_OK);
    CHECK(!me.bootstrap);
    CHECK(!role_can(&me, VERB_WRITE));
    store_close(s);
}

TEST(a_failed_load_leaves_a_usable_default)
{
    const char *path = check_tmpfile("x.db");
    store *s = fixture_open(path, true);
    fixture_exec(path, "DROP TABLE staff");           /* a broken file */
    struct me me;
    CHECK(me_load(s, &me) != STORE_OK);
    CHECK_INT(me.role, SROLE_STAFF);
    CHECK_INT(me.staff_id, 0);
    CHECK(!me.bootstrap);
    CHECK(role_can(&me, VERB_READ) && !role_can(&me, VERB_WRITE));   /* looks only */
    store_close(s);
}

TESTS(T(each_role_does_what_it_says), T(unknown_and_disabled_logins_only_look),
      T(no_active_admin_means_everyone_is_admin), T(a_failed_load_leaves_a_usable_default))
