/* domain — writes as the domain sees them: rules first (validate.h), then the
 * store, with a sentence for the user on every failure (see domain.h). */
#include "suivi/core/domain.h"

#include <stdio.h>
#include <string.h>

#include "suivi/base/i18n.h"
#include "suivi/base/timeutil.h"
#include "suivi/base/workdays.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/members.h"
#include "suivi/core/merge.h"
#include "suivi/core/validate.h"


int domain_explain(store *s, int rc, char *err, size_t errlen)
{
    if (rc == STORE_OK || rc == DOMAIN_INVALID || !err || !errlen)
        return rc;
    switch (rc) {
    case STORE_CONFLICT:
        snprintf(err, errlen, "%s", _("changed by someone else since you opened it; "
                                      "reload and try again"));
        break;
    case STORE_BUSY:
        snprintf(err, errlen, "%s", store_errmsg(s));   /* the store's says it all */
        break;
    case STORE_REPLACED:
        /* Without the path: a long one would push the advice off a form's two rows. */
        snprintf(err, errlen, "%s", _("the database file was deleted, renamed or replaced "
                                      "since suivi opened it: nothing was written; quit and "
                                      "start suivi again"));
        break;
    case STORE_DENIED:
        snprintf(err, errlen, "%s", store_errmsg(s));   /* the rule, as access.c says it */
        break;
    case STORE_NOT_FOUND:
        snprintf(err, errlen, "%s", _("no longer exists (deleted by someone else?)"));
        break;
    case STORE_CONSTRAINT:
        snprintf(err, errlen, _("refused by the database: %s"), store_errmsg(s));
        break;
    default:
        snprintf(err, errlen, _("could not save: %s"), store_errmsg(s));
        break;
    }
    return rc;
}

/* ---- whole-record saves ---------------------------------------------------------- */

int member_save(store *s, struct member *m, char *err, size_t errlen)
{
    member_normalize(m);
    if (!member_validate(m, err, errlen))
        return DOMAIN_INVALID;
    int rc = store_begin(s);
    if (rc == STORE_OK)
        rc = member_check_siren(s, m, err, errlen);
    if (rc == STORE_OK)
        rc = m->id ? store_member_update(s, m) : store_member_add(s, m);
    if (rc == STORE_OK)
        rc = store_commit(s);
    else
        store_rollback(s);
    return domain_explain(s, rc, err, errlen);
}

int interaction_save(store *s, struct interaction *it, char *err, size_t errlen)
{
    if (!interaction_validate(it, err, errlen))
        return DOMAIN_INVALID;
    int rc = it->id ? store_interaction_update(s, it) : store_interaction_add(s, it);
    return domain_explain(s, rc, err, errlen);
}

int action_save(store *s, struct action *a, char *err, size_t errlen)
{
    if (!action_validate(a, err, errlen))
        return DOMAIN_INVALID;
    int rc = a->id ? store_action_update(s, a) : store_action_add(s, a);
    return domain_explain(s, rc, err, errlen);
}

/* ---- edits, by the merge rule ------------------------------------------------------ */

static int conflict(int rc, char *err, size_t errlen)
{
    snprintf(err, errlen, "%s", _("Changed by someone else meanwhile: see their value under "
                                  "yours, ^T takes it; save again to keep your choice"));
    return rc;
}

/* What every edit does once it holds the write lock and the stored record: stop on a
 * conflict, write nothing when nothing differs, else write the merged fields. */
#define SAVE_EDIT(merge_fn, write_fn, clear_fn, get_fn)                          \
    int rc = store_begin(s);                                                     \
    if (rc != STORE_OK)                                                          \
        return domain_explain(s, rc, err, errlen);                              \
    rc = get_fn(s, mine->id, theirs);                                            \
    struct merge mg = { 0, 0 };                                                  \
    if (rc == STORE_OK)                                                          \
        mg = merge_fn(base, mine, theirs);                                       \
    if (rc == STORE_OK && mg.conflict) {                                         \
        *conflicts = mg.conflict;                                                \
        store_rollback(s);                                                       \
        return conflict(STORE_CONFLICT, err, errlen);                            \
    }                                                                            \
    if (rc == STORE_OK && mg.write)                                              \
        rc = write_fn(s, mine, mg.write, theirs->version);                       \
    else if (rc == STORE_OK)                                                     \
        mine->version = theirs->version;                                         \
    if (rc == STORE_OK)                                                          \
        rc = store_commit(s);                                                    \
    else                                                                         \
        store_rollback(s);                                                       \
    clear_fn(theirs);                                                            \
    return domain_explain(s, rc, err, errlen)

int member_save_edit(store *s, const struct member *base, struct member *mine,
                     struct member *theirs, unsigned *conflicts, char *err, size_t errlen)
{
    *conflicts = 0;
    member_normalize(mine);
    if (!member_validate(mine, err, errlen))
        return DOMAIN_INVALID;
    /* As the store's trigger: only a SIREN that changes must be free.  A v1 file may
     * hold one twice; editing such a member's name must still work. */
    bool siren_changed = strcmp(base->siren ? base->siren : "", mine->siren ? mine->siren : "");
    int sc = siren_changed ? member_check_siren(s, mine, err, errlen) : STORE_OK;
    if (sc != STORE_OK)
        return sc;
    SAVE_EDIT(merge_members, store_member_write, member_clear, store_member_get);
}

int interaction_save_edit(store *s, const struct interaction *base, struct interaction *mine,
                          struct interaction *theirs, unsigned *conflicts,
                          char *err, size_t errlen)
{
    *conflicts = 0;
    if (!interaction_validate(mine, err, errlen))
        return DOMAIN_INVALID;
    SAVE_EDIT(merge_interactions, store_interaction_write, interaction_clear,
              store_interaction_get);
}

int action_save_edit(store *s, const struct action *base, struct action *mine,
                     struct action *theirs, unsigned *conflicts, char *err, size_t errlen)
{
    *conflicts = 0;
    if (!action_validate(mine, err, errlen))
        return DOMAIN_INVALID;
    SAVE_EDIT(merge_actions, store_action_write, action_clear, store_action_get);
}

/* ---- status ------------------------------------------------------------------------ */

static bool check_status_change(const struct status_change *c, char *err, size_t errlen)
{
    if ((unsigned)c->to >= ASTATUS_COUNT || (unsigned)c->visibility >= NOTE_VIS_COUNT) {
        snprintf(err, errlen, "%s", _("status: unknown value"));
        return false;
    }
    bool closing = !action_status_is_open(c->to);
    bool empty = !c->text || !c->text[strspn(c->text, " \t\r\n")];
    if (closing && empty) {
        snprintf(err, errlen, "%s", _("Resolution: required to close an action (say how it "
                                      "ended)"));
        return false;
    }
    return empty || validate_required_text(_("Comment"), c->text, BODY_MAX_BYTES, err, errlen);
}

/* Leaving "waiting on the member": the time waited does not count against the team,
 * so the due date moves by the working days spent there.  Returns them (0: none). */
static int pause_for_member(store *s, struct action *a, int *rc)
{
    int64_t since = 0;
    char from[DATE_ISO_LEN], today[DATE_ISO_LEN], due[DATE_ISO_LEN];
    if (!a->due || !*a->due)
        return 0;
    *rc = store_action_entered(s, a->id, ASTATUS_WAIT_MEMBER, &since);
    if (*rc != STORE_OK || since == 0)
        return 0;
    date_of_instant(since, from);
    date_today(today);
    int waited = working_days_between(from, today);
    if (waited <= 0 || add_working_days(a->due, waited, due) != 0)
        return 0;
    str_replace(&a->due, due);
    return waited;
}

/* Under the write lock, with the stored action in *a. */
static int write_status(store *s, struct action *a, const struct status_change *c)
{
    enum action_status was = a->status;
    bool moves = was != c->to;     /* someone may have made the same change already */
    int rc = STORE_OK;
    if (c->waited_days)
        *c->waited_days = 0;
    if (moves) {
        unsigned fields = (1u << ACTION_F_STATUS) | (1u << ACTION_F_RESOLUTION);
        int waited = was == ASTATUS_WAIT_MEMBER && action_status_is_open(c->to)
                   ? pause_for_member(s, a, &rc) : 0;
        if (waited) {
            fields |= 1u << ACTION_F_DUE;
            if (c->waited_days)
                *c->waited_days = waited;
        }
        a->status = c->to;
        str_replace(&a->resolution, action_status_is_open(c->to) ? NULL : c->text);
        if (rc == STORE_OK)
            rc = store_action_write(s, a, fields, a->version);
    }
    if (rc == STORE_OK && c->text && c->text[strspn(c->text, " \t\r\n")]) {
        /* A note that moved nothing is a plain note, not a status change. */
        struct note n = { .action_id = a->id, .visibility = c->visibility,
                          .body = (char *)c->text, .status_change = moves,
                          .status_from = was, .status_to = c->to };
        rc = store_note_add(s, &n);
        n.body = NULL;
        note_clear(&n);
    }
    return rc;
}

int action_change_status(store *s, int64_t action_id, const struct status_change *chg,
                         enum action_status *theirs_status, char *err, size_t errlen)
{
    if (!check_status_change(chg, err, errlen))
        return DOMAIN_INVALID;
    int rc = store_begin(s);
    if (rc != STORE_OK)
        return domain_explain(s, rc, err, errlen);
    struct action a = {0};
    rc = store_action_get(s, action_id, &a);
    if (rc == STORE_OK && a.status != chg->from && a.status != chg->to) {
        *theirs_status = a.status;
        store_rollback(s);
        action_clear(&a);
        snprintf(err, errlen, "%s", _("Someone else changed the status meanwhile: "
                                      "keep theirs or save yours again"));
        return STORE_CONFLICT;
    }
    if (rc == STORE_OK)
        rc = write_status(s, &a, chg);
    if (rc == STORE_OK)
        rc = store_commit(s);
    else
        store_rollback(s);
    action_clear(&a);
    return domain_explain(s, rc, err, errlen);
}

int actions_change_status(store *s, const int64_t *ids, int n, const struct status_change *chg,
                          int *moved, char *err, size_t errlen)
{
    *moved = 0;
    if (!check_status_change(chg, err, errlen))
        return DOMAIN_INVALID;
    int rc = store_begin(s);
    if (rc != STORE_OK)
        return domain_explain(s, rc, err, errlen);
    int count = 0;
    for (int i = 0; rc == STORE_OK && i < n; i++) {
        struct action a = {0};
        rc = store_action_get(s, ids[i], &a);
        count += rc == STORE_OK && a.status != chg->to;
        if (rc == STORE_OK)
            rc = write_status(s, &a, chg);
        if (rc == STORE_NOT_FOUND)
            snprintf(err, errlen, _("action #%lld no longer exists"), (long long)ids[i]);
        action_clear(&a);
    }
    if (rc == STORE_OK)
        rc = store_commit(s);
    else
        store_rollback(s);
    if (rc == STORE_OK)
        *moved = count;
    return rc == STORE_NOT_FOUND ? rc : domain_explain(s, rc, err, errlen);
}

int action_set_status(store *s, struct action *a, enum action_status status,
                      char *err, size_t errlen)
{
    if ((unsigned)status >= ASTATUS_COUNT) {
        if (err && errlen)
            snprintf(err, errlen, "%s", _("status: unknown value"));
        return DOMAIN_INVALID;
    }
    int64_t v = a->version;
    int rc = store_action_set_status(s, a->id, a->version, status, &v);
    if (rc != STORE_OK)
        return domain_explain(s, rc, err, errlen);
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

/* ---- notes and contacts ------------------------------------------------------------- */

int note_add(store *s, struct note *n, char *err, size_t errlen)
{
    if (!validate_required_text(_("Note"), n->body, BODY_MAX_BYTES, err, errlen))
        return DOMAIN_INVALID;
    if ((unsigned)n->visibility >= NOTE_VIS_COUNT) {
        snprintf(err, errlen, "%s", _("visibility: unknown value"));
        return DOMAIN_INVALID;
    }
    return domain_explain(s, store_note_add(s, n), err, errlen);
}

int notes_add(store *s, const int64_t *ids, int n, const char *body,
              enum note_visibility visibility, char *err, size_t errlen)
{
    if (!validate_required_text(_("Note"), body, BODY_MAX_BYTES, err, errlen))
        return DOMAIN_INVALID;
    if ((unsigned)visibility >= NOTE_VIS_COUNT) {
        snprintf(err, errlen, "%s", _("visibility: unknown value"));
        return DOMAIN_INVALID;
    }
    int rc = store_begin(s);
    if (rc != STORE_OK)
        return domain_explain(s, rc, err, errlen);
    for (int i = 0; rc == STORE_OK && i < n; i++) {
        struct note nt = { .action_id = ids[i], .visibility = visibility,
                           .body = (char *)body };
        rc = store_note_add(s, &nt);
        nt.body = NULL;
        note_clear(&nt);
        if (rc == STORE_CONSTRAINT || rc == STORE_NOT_FOUND) {
            snprintf(err, errlen, _("action #%lld no longer exists"), (long long)ids[i]);
            rc = STORE_NOT_FOUND;
        }
    }
    if (rc == STORE_OK)
        rc = store_commit(s);
    else
        store_rollback(s);
    return rc == STORE_NOT_FOUND ? rc : domain_explain(s, rc, err, errlen);
}

int contact_save(store *s, struct contact *c, char *err, size_t errlen)
{
    if (!contact_validate(c, err, errlen))
        return DOMAIN_INVALID;
    int rc = c->id ? store_contact_update(s, c) : store_contact_add(s, c);
    return domain_explain(s, rc, err, errlen);
}

int contact_set_retired(store *s, int64_t contact_id, bool retired, char *err, size_t errlen)
{
    struct contact c = {0};
    int rc = store_contact_get(s, contact_id, &c);
    if (rc == STORE_OK && c.retired != retired) {
        c.retired = retired;
        rc = store_contact_update(s, &c);
    }
    contact_clear(&c);
    return domain_explain(s, rc, err, errlen);
}

const struct sla SLA_DEFAULT = { { 0, 1, 2, 5, 10 } };

int sla_due(const struct sla *sla, int priority, const char *today, char out[DATE_ISO_LEN])
{
    char day[DATE_ISO_LEN];
    if (!sla)
        sla = &SLA_DEFAULT;
    if (priority < PRIORITY_MIN || priority > PRIORITY_MAX || sla->days[priority] < 0)
        return -1;
    if (today)
        snprintf(day, sizeof day, "%s", today);
    else
        date_today(day);
    return add_working_days(day, sla->days[priority], out) == 0 ? 0 : -1;
}

/* *a is overwritten, not released: pass a zeroed or cleared record. */
void action_init_from_interaction(struct action *a, const struct interaction *origin,
                                  const char *today, const struct sla *sla)
{
    char due[DATE_ISO_LEN];
    memset(a, 0, sizeof *a);
    a->interaction_id = origin->id;
    a->member_id = origin->member_id;
    a->pole_id = origin->pole_id;
    a->pole_name = xstrdup(origin->pole_name);
    a->title = xstrdup(origin->subject);
    a->status = ASTATUS_OPEN;
    a->priority = ACTION_DEFAULT_PRIORITY;
    if (sla_due(sla, a->priority, today, due) == 0)
        a->due = xstrdup(due);
}
