/* forms — read models for the forms: the record to edit (or the new one,
 * prefilled) and every list its choices need, read in one read transaction so that
 * the form shows one consistent state. */
#ifndef SUIVI_FORMS_H
#define SUIVI_FORMS_H

#include <stdint.h>
#include "suivi/store/store.h"

struct sla;

struct interaction_form {
    struct interaction it;           /* to edit, or new: now, call in, my pôle */
    char *member_name;
    struct pole *poles;
    int npoles;
    struct contact *contacts;        /* the member's active contacts (and the one the
                                        interaction names, even if retired) */
    int ncontacts;
};

struct action_form {
    struct action a;                 /* to edit, or new: from its origin, else P3 */
    char *member_name;
    struct staff *staff;             /* active staff (and the assignee, even if disabled) */
    int nstaff;
    struct provider *providers;      /* likewise */
    int nproviders;
    struct pole *poles;
    int npoles;
};

/* id 0: a new interaction for member_id.  Returns a store rc; free the form whatever
 * it returns. */
int interaction_form_read(store *s, int64_t id, int64_t member_id,
                          struct interaction_form *out);
void interaction_form_free(struct interaction_form *f);

/* id 0: a new action for member_id, from origin_id when not 0, due by the SLA from
 * today (sla NULL: SLA_DEFAULT). */
int action_form_read(store *s, int64_t id, int64_t member_id, int64_t origin_id,
                     const char *today, const struct sla *sla, struct action_form *out);
void action_form_free(struct action_form *f);

struct contact_form {
    struct contact c;                /* to edit, or new for member_id */
    char *member_name;
};
/* id 0: a new contact of member_id. */
int contact_form_read(store *s, int64_t id, int64_t member_id, struct contact_form *out);
void contact_form_free(struct contact_form *f);

struct staff_form {
    struct staff st;                 /* to edit, or new: role staff */
    struct pole *poles;
    int npoles;
};
int staff_form_read(store *s, int64_t id, struct staff_form *out);
void staff_form_free(struct staff_form *f);

/* The pôle of the running user's staff row, 0 when none (prefills new records). */
int64_t my_pole(store *s);

#endif
