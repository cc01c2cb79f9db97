/* domain — writes as the domain sees them: rules first (validate.h), then the
 * store, with a sentence for the user on every failure (see domain.h). */
#include "suivi/core/domain.h"

#include <stdio.h>
#include <string.h>

#include "suivi/base/timeutil.h"
#include "suivi/core/validate.h"
#include "suivi/base/xalloc.h"

#define NEW_ACTION_PRIORITY 3
#define NEW_ACTION_DUE_DAYS 7

/* Turn a store result into the sentence shown on the form. */
static int explain(store *s, int rc, char *err, size_t errlen)
{
    if (rc == STORE_OK || !err || !errlen)
        return rc;
    switch (rc) {
    case STORE_CONFLICT:
        snprintf(err, errlen, "changed by someone else since you opened it; "
                 "reload and try again");
        break;
    case STORE_BUSY:
        snprintf(err, errlen, "the database is busy (another session is writing); "
                 "try again");
        break;
    case STORE_NOT_FOUND:
        snprintf(err, errlen, "no longer exists (deleted by someone else?)");
        break;
    case STORE_CONSTRAINT:
        snprintf(err, errlen, "refused by the database: %s", store_errmsg(s));
        break;
    default:
        snprintf(err, errlen, "could not save: %s", store_errmsg(s));
        break;
    }
    return rc;
}

int member_save(store *s, struct member *m, char *err, size_t errlen)
{
    if (!member_validate(m, err, errlen))
        return DOMAIN_INVALID;
    int rc = m->id ? store_member_update(s, m) : store_member_add(s, m);
    return explain(s, rc, err, errlen);
}

int interaction_save(store *s, struct interaction *it, char *err, size_t errlen)
{
    if (!interaction_validate(it, err, errlen))
        return DOMAIN_INVALID;
    int rc = it->id ? store_interaction_update(s, it) : store_interaction_add(s, it);
    return explain(s, rc, err, errlen);
}

int action_save(store *s, struct action *a, char *err, size_t errlen)
{
    if (!action_validate(a, err, errlen))
        return DOMAIN_INVALID;
    int rc = a->id ? store_action_update(s, a) : store_action_add(s, a);
    return explain(s, rc, err, errlen);
}

int action_set_status(store *s, struct action *a, enum action_status status,
                      char *err, size_t errlen)
{
    if ((unsigned)status >= ASTATUS_COUNT) {
        if (err && errlen)
            snprintf(err, errlen, "status: unknown value");
        return DOMAIN_INVALID;
    }
    int64_t v = a->version;
    int rc = store_action_set_status(s, a->id, a->version, status, &v);
    if (rc != STORE_OK)
        return explain(s, rc, err, errlen);
    /* Re-read so that closed_at and updated_at are the stored ones; if that read
     * fails, the write still happened: keep what we know. */
    struct action fresh = {0};
    if (store_action_get(s, a->id, &fresh) == STORE_OK) {
        action_clear(a);
        *a = fresh;
    } else {
        a->status = status;
        a->version = v;
    }
    return STORE_OK;
}

/* *a is overwritten, not released: pass a zeroed or cleared record. */
void action_init_from_interaction(struct action *a, const struct interaction *origin,
                                  const char *today)
{
    char due[DATE_ISO_LEN], day[DATE_ISO_LEN];
    memset(a, 0, sizeof *a);
    a->interaction_id = origin->id;
    a->member_id = origin->member_id;
    a->pole_id = origin->pole_id;
    a->pole_name = xstrdup(origin->pole_name);
    a->title = xstrdup(origin->subject);
    a->status = ASTATUS_OPEN;
    a->priority = NEW_ACTION_PRIORITY;
    if (today)
        snprintf(day, sizeof day, "%s", today);
    else
        date_today(day);
    if (date_add_days(day, NEW_ACTION_DUE_DAYS, due) == 0)
        a->due = xstrdup(due);
}
