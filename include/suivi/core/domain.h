/* domain — writes as the domain sees them: check the rules (validate.h), then store.
 * The UI and the command line write through here, never straight to the store.
 *
 * Every function returns STORE_OK, a store rc, or DOMAIN_INVALID, with a sentence for
 * the user in err on failure (a busy database says it waited busy_timeout_ms and
 * that nothing was written; a file replaced under the session says so). */
#ifndef SUIVI_DOMAIN_H
#define SUIVI_DOMAIN_H

#include <stdbool.h>
#include <stddef.h>
#include "suivi/base/timeutil.h"
#include "suivi/store/store.h"

/* Returned (besides enum store_rc values) when a rule refuses the record; err says why. */
#define DOMAIN_INVALID 100

/* Add when id == 0, else update every field (checked against the version: a stale
 * record is STORE_CONFLICT and nothing is written).  On success the record holds its
 * new id/version/times.  For a form's edit, use the *_save_edit functions. */
int member_save(store *s, struct member *m, char *err, size_t errlen);
int interaction_save(store *s, struct interaction *it, char *err, size_t errlen);
int action_save(store *s, struct action *a, char *err, size_t errlen);

/* Save an edit made from `base` (the record as the form opened it) into `mine`, by
 * the merge rule (merge.h), in one write transaction: only the fields this user
 * changed are written.  When someone else changed one of them differently since,
 * nothing is written: STORE_CONFLICT, *conflicts holds the fields (bits 1u << X_F_…)
 * and *theirs the record as stored now (cleared by the caller), so that the user
 * sees both and chooses; saving again with base = *theirs then writes their choice.
 * On success mine->version is the stored one. */
int member_save_edit(store *s, const struct member *base, struct member *mine,
                     struct member *theirs, unsigned *conflicts, char *err, size_t errlen);
int interaction_save_edit(store *s, const struct interaction *base, struct interaction *mine,
                          struct interaction *theirs, unsigned *conflicts,
                          char *err, size_t errlen);
int action_save_edit(store *s, const struct action *base, struct action *mine,
                     struct action *theirs, unsigned *conflicts, char *err, size_t errlen);

/* A status change, with what the user wrote about it. */
struct status_change {
    enum action_status from;        /* the status the user saw */
    enum action_status to;
    const char *text;               /* comment; the resolution when closing (required) */
    enum note_visibility visibility;
    /* Out, optional: the SLA's clock stops while an action waits on the member, so
     * leaving that status moves the due date by the working days waited; how many
     * (0: it did not move). */
    int *waited_days;
};
/* In one write transaction: the status (and its resolution, cleared on reopening),
 * and a note with the text, marked with the change.  When someone else changed the
 * status since (to something else than `to`), nothing is written: STORE_CONFLICT
 * and *theirs_status says what it is now.  Other fields are never touched. */
int action_change_status(store *s, int64_t action_id, const struct status_change *chg,
                         enum action_status *theirs_status, char *err, size_t errlen);

/* The same change on many actions (the tagged ones), in one transaction: each moves
 * from the status stored now (no conflict: the user chose this status for them all),
 * and gets the text as a note.  All or nothing; *moved counts those whose status
 * changed.  An action removed meanwhile: STORE_NOT_FOUND, naming it. */
int actions_change_status(store *s, const int64_t *ids, int n, const struct status_change *chg,
                          int *moved, char *err, size_t errlen);

/* Old form, kept for the demo and scripts: status only, checked against a->version. */
int action_set_status(store *s, struct action *a, enum action_status status,
                      char *err, size_t errlen);

/* A note on an action (body required, at most BODY_MAX_BYTES). */
int note_add(store *s, struct note *n, char *err, size_t errlen);
/* The same note on many actions, in one transaction (all or nothing). */
int notes_add(store *s, const int64_t *ids, int n, const char *body,
              enum note_visibility visibility, char *err, size_t errlen);

/* Contacts: add when id == 0, else update (version-checked). */
int contact_save(store *s, struct contact *c, char *err, size_t errlen);
/* Retire a contact (left the member) or bring them back. */
int contact_set_retired(store *s, int64_t contact_id, bool retired, char *err, size_t errlen);

/* The priority of a new action (PRIORITY_MIN, P1, is the most urgent). */
#define ACTION_DEFAULT_PRIORITY 3

/* The SLA: how many working days (workdays.h: no weekends, no French public
 * holidays) a new action of each priority gets before it is due; days[1..4], -1 for
 * no due date.  The configuration's [sla] section gives it. */
struct sla { int days[PRIORITY_MAX + 1]; };
extern const struct sla SLA_DEFAULT;              /* 1, 2, 5, 10 */
/* The due date of a new action of this priority from today (NULL: the real today):
 * 0 with out set, or -1 when the SLA gives none. */
int sla_due(const struct sla *sla, int priority, const char *today, char out[DATE_ISO_LEN]);

/* A new action prefilled from its origin interaction: member, pôle, title from the
 * subject, the default priority, due by the SLA (NULL: SLA_DEFAULT). */
void action_init_from_interaction(struct action *a, const struct interaction *origin,
                                  const char *today, const struct sla *sla);

/* Turn a store result into the sentence for the user (err), and return rc. */
int domain_explain(store *s, int rc, char *err, size_t errlen);

#endif
