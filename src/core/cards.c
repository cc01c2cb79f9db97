/* cards — see cards.h.  Each reader opens one read transaction (store_read_begin),
 * makes every read of the card inside it, and ends it before returning: nothing is
 * held while the UI waits for a key. */
#include "suivi/core/cards.h"

#include <stdlib.h>
#include <string.h>

#include "suivi/base/timeutil.h"
#include "suivi/base/xalloc.h"

/* ---- names ------------------------------------------------------------------------ */

int name_book_read(store *s, struct name_book *nb)
{
    memset(nb, 0, sizeof *nb);
    int rc = store_staff_list(s, &nb->staff, &nb->nstaff);
    if (rc == STORE_OK)
        rc = store_providers_list(s, &nb->providers, &nb->nproviders);
    if (rc == STORE_OK)
        rc = store_poles_list(s, &nb->poles, &nb->npoles);
    return rc;
}

void name_book_free(struct name_book *nb)
{
    staff_list_free(nb->staff, nb->nstaff);
    providers_free(nb->providers, nb->nproviders);
    poles_free(nb->poles, nb->npoles);
    memset(nb, 0, sizeof *nb);
}

/* ---- history -------------------------------------------------------------------------- */

/* The status a change moved to (its "status" field), or -1. */
static int status_field(const struct audit_entry *e, bool new_side)
{
    for (int i = 0; i < e->nfields; i++)
        if (strcmp(e->fields[i].field, "status") == 0) {
            const char *v = new_side ? e->fields[i].new_value : e->fields[i].old_value;
            return v ? enum_from_code(&ACTION_STATUS_NAMES, v) : -1;
        }
    return -1;
}

void action_wait_times(const struct audit_entry *es, int n, const struct action *a,
                       int64_t now, int64_t *member_s, int64_t *provider_s)
{
    *member_s = *provider_s = 0;
    int status = -1;
    int64_t since = a->created_at;
    for (int i = 0; i < n; i++) {
        int to = status_field(&es[i], true), from = status_field(&es[i], false);
        if (to < 0)
            continue;
        if (status < 0)
            status = from;     /* what it was created as */
        int64_t spent = es[i].at > since ? es[i].at - since : 0;
        if (status == ASTATUS_WAIT_MEMBER)
            *member_s += spent;
        else if (status == ASTATUS_WAIT_PROVIDER)
            *provider_s += spent;
        status = to;
        since = es[i].at;
    }
    if (status < 0)
        status = (int)a->status;
    int64_t open = now > since ? now - since : 0;
    if (status == ASTATUS_WAIT_MEMBER && a->status == ASTATUS_WAIT_MEMBER)
        *member_s += open;
    else if (status == ASTATUS_WAIT_PROVIDER && a->status == ASTATUS_WAIT_PROVIDER)
        *provider_s += open;
}

static int read_history(store *s, const char *entity, int64_t id,
                        struct history_line **out, int *n, struct action_card *waits)
{
    struct audit_entry *es = NULL;
    int ne = 0;
    *out = NULL;
    *n = 0;
    struct name_book nb;
    int rc = name_book_read(s, &nb);
    if (rc == STORE_OK)
        rc = store_audit_of(s, entity, id, &es, &ne);
    if (rc == STORE_OK && ne > 0) {
        *out = xcalloc((size_t)ne, sizeof **out);
        for (int i = 0; i < ne; i++) {
            (*out)[i].at = es[i].at;
            (*out)[i].login = xstrdup(es[i].login);
            (*out)[i].text = history_text(s, &nb, entity, &es[i]);
        }
        *n = ne;
    }
    if (rc == STORE_OK && waits)
        action_wait_times(es, ne, &waits->a, time_now(), &waits->waited_member_s,
                          &waits->waited_provider_s);
    audit_free(es, ne);
    name_book_free(&nb);
    return rc;
}

static void history_free(struct history_line *h, int n)
{
    for (int i = 0; i < n; i++) {
        free(h[i].login);
        free(h[i].text);
    }
    free(h);
}

/* One read transaction around the reads of a card (zeroed first). */
static int in_snapshot(store *s, int (*parts)(store *, int64_t, void *), int64_t id,
                       void *card, size_t size)
{
    memset(card, 0, size);
    int rc = store_read_begin(s);
    if (rc != STORE_OK)
        return rc;
    rc = parts(s, id, card);
    store_read_end(s);
    return rc;
}

/* ---- members ------------------------------------------------------------------------- */

static int member_parts(store *s, int64_t id, void *card)
{
    struct member_card *c = card;
    int rc = store_member_get(s, id, &c->m);
    if (rc == STORE_OK && c->m.parent_id) {
        rc = store_member_get(s, c->m.parent_id, &c->parent);
        if (rc == STORE_NOT_FOUND)      /* a dangling parent is shown as none */
            rc = STORE_OK;
    }
    if (rc == STORE_OK)
        rc = store_contacts_of_member(s, id, &c->contacts, &c->ncontacts);
    if (rc == STORE_OK)
        rc = store_member_children(s, id, &c->children, &c->nchildren);
    if (rc == STORE_OK)
        rc = store_member_stages(s, id, &c->stages, &c->nstages);
    return rc;
}

int member_card_read(store *s, int64_t id, struct member_card *out)
{
    return in_snapshot(s, member_parts, id, out, sizeof *out);
}

void member_card_free(struct member_card *c)
{
    member_clear(&c->m);
    member_clear(&c->parent);
    contacts_free(c->contacts, c->ncontacts);
    members_free(c->children, c->nchildren);
    stage_changes_free(c->stages, c->nstages);
    memset(c, 0, sizeof *c);
}

/* ---- interactions --------------------------------------------------------------------- */

static int interaction_parts(store *s, int64_t id, void *card)
{
    struct interaction_card *c = card;
    int rc = store_interaction_get(s, id, &c->it);
    struct member m = {0};
    if (rc == STORE_OK && store_member_get(s, c->it.member_id, &m) == STORE_OK)
        c->member_name = xstrdup(m.name);
    member_clear(&m);
    if (rc == STORE_OK)
        rc = store_actions_of_interaction(s, id, &c->actions, &c->nactions);
    return rc;
}

int interaction_card_read(store *s, int64_t id, struct interaction_card *out)
{
    return in_snapshot(s, interaction_parts, id, out, sizeof *out);
}

void interaction_card_free(struct interaction_card *c)
{
    interaction_clear(&c->it);
    free(c->member_name);
    actions_free(c->actions, c->nactions);
    memset(c, 0, sizeof *c);
}

/* ---- actions -------------------------------------------------------------------------- */

/* A part that is gone (an origin deleted by hand) is left out, not an error. */
static int optional(int rc)
{
    return rc == STORE_NOT_FOUND ? STORE_OK : rc;
}

static int action_parts(store *s, int64_t id, void *card)
{
    struct action_card *c = card;
    int rc = store_action_get(s, id, &c->a);
    if (rc == STORE_OK && c->a.interaction_id)
        rc = optional(store_interaction_get(s, c->a.interaction_id, &c->origin));
    if (rc == STORE_OK && c->a.assignee_staff_id)
        rc = optional(store_staff_get(s, c->a.assignee_staff_id, &c->staff));
    if (rc == STORE_OK && c->a.assignee_provider_id)
        rc = optional(store_provider_get(s, c->a.assignee_provider_id, &c->provider));
    if (rc == STORE_OK)
        rc = store_notes_of_action(s, id, &c->notes, &c->nnotes);
    if (rc == STORE_OK)
        rc = read_history(s, "action", id, &c->history, &c->nhistory, c);
    return rc;
}

int action_card_read(store *s, int64_t id, struct action_card *out)
{
    return in_snapshot(s, action_parts, id, out, sizeof *out);
}

void action_card_free(struct action_card *c)
{
    action_clear(&c->a);
    interaction_clear(&c->origin);
    staff_clear(&c->staff);
    provider_clear(&c->provider);
    notes_free(c->notes, c->nnotes);
    history_free(c->history, c->nhistory);
    memset(c, 0, sizeof *c);
}
