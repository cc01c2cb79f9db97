/* triage — see triage.h.  Each action is read inside the write transaction and
 * written with the version just read, so a colleague's change to another field of
 * it, committed a moment before, is kept: the transaction holds the write lock, and
 * nothing can come between the read and the write. */
#include "suivi/core/triage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suivi/base/i18n.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/domain.h"
#include "suivi/core/validate.h"

static int invalid(char *err, size_t errlen, const char *why)
{
    snprintf(err, errlen, "%s", why);
    return DOMAIN_INVALID;
}

/* Under the lock: the assignee exists and still takes work. */
static int check_assignee(store *s, const struct triage_change *c, char *err, size_t errlen)
{
    if (c->staff_id && c->provider_id)
        return invalid(err, errlen, _("assignee: either a staff member or a provider, "
                                      "not both"));
    int rc = STORE_OK;
    if (c->staff_id) {
        struct staff st = {0};
        rc = store_staff_get(s, c->staff_id, &st);
        if (rc == STORE_OK && st.disabled) {
            snprintf(err, errlen, _("%s is disabled and can no longer be given actions"),
                     st.display_name && *st.display_name ? st.display_name : st.login);
            rc = DOMAIN_INVALID;
        }
        staff_clear(&st);
    } else if (c->provider_id) {
        struct provider p = {0};
        rc = store_provider_get(s, c->provider_id, &p);
        if (rc == STORE_OK && p.disabled) {
            snprintf(err, errlen, _("%s is disabled and can no longer be given actions"),
                     p.name);
            rc = DOMAIN_INVALID;
        }
        provider_clear(&p);
    }
    if (rc == STORE_NOT_FOUND)
        return invalid(err, errlen, _("assignee: no longer exists"));
    return rc == DOMAIN_INVALID ? rc : domain_explain(s, rc, err, errlen);
}

static int check_change(const struct triage_change *c, char *err, size_t errlen)
{
    if (!c->fields || (c->fields & ~TRIAGE_FIELDS))
        return invalid(err, errlen, _("nothing to change"));
    if ((c->fields & (1u << ACTION_F_PRIORITY)) && !validate_priority(c->priority, err, errlen))
        return DOMAIN_INVALID;
    char norm[DATE_ISO_LEN];
    if ((c->fields & (1u << ACTION_F_DUE)) && c->due[0] &&
        (date_add_days(c->due, 0, norm) != 0 || strcmp(norm, c->due) != 0))
        return invalid(err, errlen, _("due date: not a date (YYYY-MM-DD)"));
    return STORE_OK;
}

static bool same_due(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Set the fields of c on a; which of them differ. */
static unsigned apply_to(struct action *a, const struct triage_change *c)
{
    unsigned differ = 0;
    if ((c->fields & (1u << ACTION_F_ASSIGNEE)) &&
        (a->assignee_staff_id != c->staff_id || a->assignee_provider_id != c->provider_id)) {
        a->assignee_staff_id = c->staff_id;
        a->assignee_provider_id = c->provider_id;
        differ |= 1u << ACTION_F_ASSIGNEE;
    }
    if ((c->fields & (1u << ACTION_F_PRIORITY)) && a->priority != c->priority) {
        a->priority = c->priority;
        differ |= 1u << ACTION_F_PRIORITY;
    }
    if ((c->fields & (1u << ACTION_F_DUE)) && !same_due(a->due, c->due)) {
        free(a->due);
        a->due = c->due[0] ? xstrdup(c->due) : NULL;
        differ |= 1u << ACTION_F_DUE;
    }
    return differ;
}

/* The first field of c that someone else changed on `now` since `seen`, to another
 * value than c's; -1 when none. */
static int conflict_of(const struct action *seen, const struct action *now,
                       const struct triage_change *c)
{
    if ((c->fields & (1u << ACTION_F_ASSIGNEE)) &&
        (now->assignee_staff_id != seen->assignee_staff_id ||
         now->assignee_provider_id != seen->assignee_provider_id) &&
        (now->assignee_staff_id != c->staff_id || now->assignee_provider_id != c->provider_id))
        return ACTION_F_ASSIGNEE;
    if ((c->fields & (1u << ACTION_F_PRIORITY)) && now->priority != seen->priority &&
        now->priority != c->priority)
        return ACTION_F_PRIORITY;
    if ((c->fields & (1u << ACTION_F_DUE)) && !same_due(now->due, seen->due) &&
        !same_due(now->due, c->due))
        return ACTION_F_DUE;
    return -1;
}

static int say_conflict(const struct action *now, int field, char *err, size_t errlen)
{
    long long id = (long long)now->id;
    const char *none = _("none");
    if (field == ACTION_F_ASSIGNEE)
        snprintf(err, errlen, _("action #%lld: someone else changed who has it meanwhile "
                 "(now %s); nothing was written"), id,
                 now->assignee_name ? now->assignee_name : _("nobody"));
    else if (field == ACTION_F_PRIORITY)
        snprintf(err, errlen, _("action #%lld: someone else changed its priority meanwhile "
                 "(now P%d); nothing was written"), id, now->priority);
    else
        snprintf(err, errlen, _("action #%lld: someone else changed its due date meanwhile "
                 "(now %s); nothing was written"), id, now->due ? now->due : none);
    return STORE_CONFLICT;
}

static int apply_all(store *s, const int64_t *ids, const struct action *seen, int n,
                     const struct triage_change *c, int *changed, char *err, size_t errlen)
{
    int rc = (c->fields & (1u << ACTION_F_ASSIGNEE)) ? check_assignee(s, c, err, errlen)
                                                     : STORE_OK;
    for (int i = 0; rc == STORE_OK && i < n; i++) {
        struct action a = {0};
        rc = store_action_get(s, ids[i], &a);
        int field = rc == STORE_OK && seen ? conflict_of(&seen[i], &a, c) : -1;
        if (field >= 0)
            rc = say_conflict(&a, field, err, errlen);
        unsigned differ = rc == STORE_OK ? apply_to(&a, c) : 0;
        if (differ) {
            rc = store_action_write(s, &a, differ, a.version);
            *changed += rc == STORE_OK;
        }
        if (rc == STORE_NOT_FOUND)
            snprintf(err, errlen, _("action #%lld no longer exists"), (long long)ids[i]);
        action_clear(&a);
    }
    return rc;
}

int triage_apply(store *s, const int64_t *ids, const struct action *seen, int n,
                 const struct triage_change *c, int *changed, char *err, size_t errlen)
{
    int count = 0;
    if (changed)
        *changed = 0;
    int rc = check_change(c, err, errlen);
    if (rc != STORE_OK || n <= 0)
        return rc;
    rc = store_begin(s);
    if (rc != STORE_OK)
        return domain_explain(s, rc, err, errlen);
    rc = apply_all(s, ids, seen, n, c, &count, err, errlen);
    if (rc == STORE_OK)
        rc = store_commit(s);
    else
        store_rollback(s);
    if (rc == STORE_OK && changed)
        *changed = count;
    if (rc == DOMAIN_INVALID || rc == STORE_NOT_FOUND || rc == STORE_CONFLICT)
        return rc;       /* said above, naming the action */
    return domain_explain(s, rc, err, errlen);
}

/* ---- candidates ------------------------------------------------------------------ */

static void add_candidate(struct triage_candidate **out, int *n, int *cap,
                          struct triage_candidate c)
{
    if (*n == *cap)
        *out = xreallocarray(*out, (size_t)(*cap = *cap ? *cap * 2 : 16), sizeof **out);
    (*out)[(*n)++] = c;
}

int triage_candidates(store *s, struct triage_candidate **out, int *n)
{
    *out = NULL;
    *n = 0;
    struct staff *st = NULL;
    struct provider *pr = NULL;
    int nst = 0, npr = 0, cap = 0;
    int rc = store_read_begin(s);
    if (rc != STORE_OK)
        return rc;
    rc = store_staff_list(s, &st, &nst);
    if (rc == STORE_OK)
        rc = store_providers_list(s, &pr, &npr);
    store_read_end(s);
    for (int i = 0; rc == STORE_OK && i < nst; i++)
        if (!st[i].disabled)
            add_candidate(out, n, &cap, (struct triage_candidate){
                .staff_id = st[i].id, .open_actions = st[i].open_actions,
                .name = st[i].display_name && *st[i].display_name
                      ? xasprintf("%s (%s)", st[i].display_name, st[i].login)
                      : xstrdup(st[i].login) });
    for (int i = 0; rc == STORE_OK && i < npr; i++)
        if (!pr[i].disabled)
            add_candidate(out, n, &cap, (struct triage_candidate){
                .provider_id = pr[i].id, .open_actions = pr[i].open_actions,
                .name = xstrdup(pr[i].name) });
    staff_list_free(st, nst);
    providers_free(pr, npr);
    return rc;
}

void triage_candidates_free(struct triage_candidate *c, int n)
{
    for (int i = 0; i < n; i++)
        free(c[i].name);
    free(c);
}
