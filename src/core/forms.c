/* forms — see forms.h.  Lists are filtered here, where the rule lives: a retired
 * contact, a disabled colleague or provider is not offered for new work, but the
 * one a record already names stays, so that opening it changes nothing. */
#include "suivi/core/forms.h"

#include <stdlib.h>
#include <string.h>

#include "suivi/base/timeutil.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/domain.h"

int64_t my_pole(store *s)
{
    struct staff me = {0};
    int64_t pole = 0;
    if (store_staff_by_login(s, store_login(s), &me) == STORE_OK)
        pole = me.pole_id;
    staff_clear(&me);
    return pole;
}

/* Keep the rows still offered (flag not set) and the one the record names (id keep),
 * in place; *n becomes their count. */
#define KEEP_OFFERED(rows, n, clear, flag, keep)             \
    do {                                                     \
        int kept_ = 0;                                       \
        for (int i_ = 0; i_ < *(n); i_++) {                  \
            if (!(rows)[i_].flag || (rows)[i_].id == (keep)) \
                (rows)[kept_++] = (rows)[i_];                \
            else                                             \
                clear(&(rows)[i_]);                          \
        }                                                    \
        *(n) = kept_;                                        \
    } while (0)

static char *member_name(store *s, int64_t id, int *rc)
{
    struct member m = {0};
    *rc = store_member_get(s, id, &m);
    char *name = *rc == STORE_OK ? xstrdup(m.name) : NULL;
    member_clear(&m);
    return name;
}

/* ---- interactions ---------------------------------------------------------------- */

static int interaction_parts(store *s, int64_t id, int64_t member_id, struct interaction_form *f)
{
    int rc = STORE_OK;
    if (id) {
        rc = store_interaction_get(s, id, &f->it);
    } else {
        f->it.member_id = member_id;
        f->it.occurred_at = time_now();
        f->it.kind = IKIND_CALL_IN;
        f->it.pole_id = my_pole(s);
    }
    if (rc == STORE_OK)
        f->member_name = member_name(s, f->it.member_id, &rc);
    if (rc == STORE_OK)
        rc = store_poles_list(s, &f->poles, &f->npoles);
    if (rc == STORE_OK)
        rc = store_contacts_of_member(s, f->it.member_id, &f->contacts, &f->ncontacts);
    if (rc == STORE_OK)
        KEEP_OFFERED(f->contacts, &f->ncontacts, contact_clear, retired, f->it.contact_id);
    return rc;
}

int interaction_form_read(store *s, int64_t id, int64_t member_id,
                          struct interaction_form *out)
{
    memset(out, 0, sizeof *out);
    int rc = store_read_begin(s);
    if (rc != STORE_OK)
        return rc;
    rc = interaction_parts(s, id, member_id, out);
    store_read_end(s);
    return rc;
}

void interaction_form_free(struct interaction_form *f)
{
    interaction_clear(&f->it);
    free(f->member_name);
    poles_free(f->poles, f->npoles);
    contacts_free(f->contacts, f->ncontacts);
    memset(f, 0, sizeof *f);
}

/* ---- actions ----------------------------------------------------------------------- */

static int action_prefill(store *s, struct action *a, int64_t member_id, int64_t origin_id,
                          const char *today, const struct sla *sla)
{
    if (!origin_id) {
        char due[DATE_ISO_LEN];
        memset(a, 0, sizeof *a);
        a->member_id = member_id;
        a->status = ASTATUS_OPEN;
        a->priority = ACTION_DEFAULT_PRIORITY;
        a->pole_id = my_pole(s);
        if (sla_due(sla, a->priority, today, due) == 0)
            a->due = xstrdup(due);
        return STORE_OK;
    }
    struct interaction origin = {0};
    int rc = store_interaction_get(s, origin_id, &origin);
    if (rc == STORE_OK)
        action_init_from_interaction(a, &origin, today, sla);
    interaction_clear(&origin);
    return rc;
}

static int action_parts(store *s, int64_t id, int64_t member_id, int64_t origin_id,
                        const char *today, const struct sla *sla, struct action_form *f)
{
    int rc = id ? store_action_get(s, id, &f->a)
                : action_prefill(s, &f->a, member_id, origin_id, today, sla);
    if (rc == STORE_OK)
        f->member_name = member_name(s, f->a.member_id, &rc);
    if (rc == STORE_OK)
        rc = store_staff_list(s, &f->staff, &f->nstaff);
    if (rc == STORE_OK)
        rc = store_providers_list(s, &f->providers, &f->nproviders);
    if (rc == STORE_OK)
        rc = store_poles_list(s, &f->poles, &f->npoles);
    if (rc == STORE_OK) {
        KEEP_OFFERED(f->staff, &f->nstaff, staff_clear, disabled, f->a.assignee_staff_id);
        KEEP_OFFERED(f->providers, &f->nproviders, provider_clear, disabled,
                     f->a.assignee_provider_id);
    }
    return rc;
}

int action_form_read(store *s, int64_t id, int64_t member_id, int64_t origin_id,
                     const char *today, const struct sla *sla, struct action_form *out)
{
    memset(out, 0, sizeof *out);
    int rc = store_read_begin(s);
    if (rc != STORE_OK)
        return rc;
    rc = action_parts(s, id, member_id, origin_id, today, sla, out);
    store_read_end(s);
    return rc;
}

void action_form_free(struct action_form *f)
{
    action_clear(&f->a);
    free(f->member_name);
    staff_list_free(f->staff, f->nstaff);
    providers_free(f->providers, f->nproviders);
    poles_free(f->poles, f->npoles);
    memset(f, 0, sizeof *f);
}

/* ---- contacts and staff ---------------------------------------------------------------- */

static int contact_parts(store *s, int64_t id, int64_t member_id, struct contact_form *f)
{
    int rc = STORE_OK;
    if (id)
        rc = store_contact_get(s, id, &f->c);
    else
        f->c.member_id = member_id;
    if (rc == STORE_OK)
        f->member_name = member_name(s, f->c.member_id, &rc);
    return rc;
}

int contact_form_read(store *s, int64_t id, int64_t member_id, struct contact_form *out)
{
    memset(out, 0, sizeof *out);
    int rc = store_read_begin(s);
    if (rc != STORE_OK)
        return rc;
    rc = contact_parts(s, id, member_id, out);
    store_read_end(s);
    return rc;
}

void contact_form_free(struct contact_form *f)
{
    contact_clear(&f->c);
    free(f->member_name);
    memset(f, 0, sizeof *f);
}

int staff_form_read(store *s, int64_t id, struct staff_form *out)
{
    memset(out, 0, sizeof *out);
    out->st.role = SROLE_STAFF;
    int rc = store_read_begin(s);
    if (rc != STORE_OK)
        return rc;
    if (id)
        rc = store_staff_get(s, id, &out->st);
    if (rc == STORE_OK)
        rc = store_poles_list(s, &out->poles, &out->npoles);
    store_read_end(s);
    return rc;
}

void staff_form_free(struct staff_form *f)
{
    staff_clear(&f->st);
    poles_free(f->poles, f->npoles);
    memset(f, 0, sizeof *f);
}
