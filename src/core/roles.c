/* roles — who may do what (see roles.h).  The rules in one table, and the
 * exceptions the header lists: unknown or disabled logins only look, a provider's
 * login updates its own actions, and a database without any active admin lets
 * everyone act as one (bootstrap). */
#include "suivi/core/roles.h"

#include <stdio.h>
#include <string.h>

#include "suivi/base/i18n.h"

/* What each role may do, by verb. */
static const bool CAN[SROLE_COUNT][VERB_ADMIN + 1] = {
    [SROLE_ADMIN]    = { [VERB_READ] = true, [VERB_UPDATE] = true, [VERB_WRITE] = true,
                         [VERB_ADMIN] = true },
    [SROLE_STAFF]    = { [VERB_READ] = true, [VERB_UPDATE] = true, [VERB_WRITE] = true },
    [SROLE_READONLY] = { [VERB_READ] = true },
};

int me_load(store *s, struct me *me)
{
    memset(me, 0, sizeof *me);
    snprintf(me->login, sizeof me->login, "%s", store_login(s));
    me->role = SROLE_STAFF;
    struct staff st = {0};
    int rc = store_staff_by_login(s, store_login(s), &st);
    if (rc == STORE_OK) {
        me->staff_id = st.id;
        me->pole_id = st.pole_id;
        me->role = (unsigned)st.role < SROLE_COUNT ? st.role : SROLE_STAFF;
        me->disabled = st.disabled;
    }
    staff_clear(&st);
    if (rc != STORE_OK && rc != STORE_NOT_FOUND)
        return rc;
    me->provider_id = me->staff_id ? 0 : store_provider_only(s);
    int admins = 0;
    rc = store_admin_count(s, &admins);
    if (rc != STORE_OK)
        return rc;
    me->bootstrap = admins == 0;
    return STORE_OK;
}

/* The role the rules apply: not in the table, or disabled, only looks. */
static enum staff_role acting_role(const struct me *me)
{
    if (!me->staff_id || me->disabled || (unsigned)me->role >= SROLE_COUNT)
        return SROLE_READONLY;
    return me->role;
}

bool role_can(const struct me *me, enum verb v)
{
    if ((unsigned)v > VERB_ADMIN)
        return false;
    if (me->bootstrap)
        return true;
    if (me->provider_id)
        return v == VERB_READ || v == VERB_UPDATE;
    return CAN[acting_role(me)][v];
}

const char *role_refusal(const struct me *me, enum verb v)
{
    if (role_can(me, v))
        return "";
    if (v == VERB_ADMIN)
        return _("Only an admin can do this (staff, pôles and providers are managed by "
                 "the admins)");
    if (me->provider_id)
        return _("A provider's login may only update the status of its own actions and "
                 "add notes to them");
    if (!me->staff_id)
        return _("Your login is not in the staff list: you can look but change nothing "
                 "(ask an admin)");
    return _("Your role is read-only: you can look at everything but change nothing");
}
