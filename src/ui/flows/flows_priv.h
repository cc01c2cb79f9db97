/* flows_priv — what the flows (member.c, interaction.c, action.c, status.c,
 * contact.c, drafts.c) share: choice lists built from the database, field set-up,
 * and the save loop with its conflict handling.  Not part of the public API.
 *
 * A flow is a form over one record, with three records behind it: the base (as the
 * form opened it), mine (the form's values) and, after a conflict, theirs (as stored
 * now).  Its hooks move values between records and fields; flow_run does the rest. */
#ifndef SUIVI_FLOWS_PRIV_H
#define SUIVI_FLOWS_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "suivi/ui/flows.h"
#include "suivi/ui/form.h"

#define FLOW_FIELDS_MAX 12

/* The entries of a FIELD_CHOICE built from the database, with the row each names. */
struct choices {
    char **labels;      /* owned */
    char **codes;       /* owned: "12", "p3": stable for drafts */
    int64_t *ids;       /* 0 for "(none)" / "(nobody)" */
    bool *provider;     /* assignees: the id is a provider's, not a staff member's */
    int n, cap;
};

void choices_add(struct choices *c, const char *label, int64_t id, bool provider);
void choices_free(struct choices *c);
/* Index of (id, provider), or 0 (the "(none)" entry) when absent. */
int choices_find(const struct choices *c, int64_t id, bool provider);
/* Index of (id, provider), added with this label when the list lacks it. */
int choices_find_or_add(struct choices *c, int64_t id, bool provider, const char *label);
/* The field shows c's entries (again: c may have grown, and moved). */
void choices_point(struct form_field *fld, const struct choices *c);
/* "(none)" then every pôle. */
void choices_of_poles(struct choices *c, const struct pole *p, int n);

/* Which of a field's values a record is written into. */
enum slot { SLOT_VALUE, SLOT_BASE, SLOT_THEIRS };
void slot_text(struct form_field *fld, enum slot s, const char *text);
void slot_choice(struct form_field *fld, enum slot s, int choice);

struct flow;

struct flow_hooks {
    /* Write a record's values into one slot of every field. */
    void (*fill)(struct flow *fl, const void *record, enum slot s);
    /* The form's fields into the flow's own record (mine). */
    int (*take)(struct flow *fl, char *err, size_t errlen);
    /* Save mine.  A conflict: STORE_CONFLICT with fl->conflicts set, and theirs()
     * giving the record stored now. */
    int (*save)(struct flow *fl, char *err, size_t errlen);
    const void *(*theirs)(struct flow *fl);
    /* After a conflict: the base record becomes theirs. */
    void (*rebase)(struct flow *fl);
    /* The base record (as the form opened it). */
    const void *(*base)(struct flow *fl);
};

struct flow {
    struct ui_ctx *ui;
    const struct flow_hooks *hooks;
    struct form form;
    struct form_field fields[FLOW_FIELDS_MAX];
    unsigned bits[FLOW_FIELDS_MAX];    /* the record fields (1u << X_F_…) each shows */
    bool editing;                      /* an existing record: nothing typed, nothing saved */
    unsigned conflicts;
    char saved_msg[128];               /* "Saved action #12", set by the save hook */
};

/* Set up fields.  key: the draft's name for it; bits: the record fields it shows. */
void flow_text(struct flow *fl, int i, const char *key, const char *label,
               enum field_type type, bool required, unsigned bits);
void flow_choice(struct flow *fl, int i, const char *key, const char *label,
                 const char *const *labels, const char *const *codes, int n, unsigned bits);
void flow_choices(struct flow *fl, int i, const char *key, const char *label,
                  const struct choices *c, unsigned bits);
/* The field's text, or NULL when blank (optional values are stored as NULL). */
const char *flow_value(const struct form_field *fld);

/* Run the form until the user saves and the save succeeds, or leaves.  Failures
 * are shown on the form with the user's values kept; a conflict shows their values
 * under the user's.  The draft goes only once the save committed. */
enum flow_result flow_run(struct flow *fl);
/* Reopen a draft into the flow's form, built on the record as stored now: its
 * values and bases come back, and what someone else changed meanwhile shows as
 * their change (a conflict where the draft changed the same field). */
struct draft;
void flow_restore(struct flow *fl, struct draft *d);
void flow_free(struct flow *fl);

/* The triage menus (triage.c), for one action or the tagged ones (tagged.c). */
struct triage_candidate;
struct triage_change;
struct assign_list {
    struct triage_candidate *cand;
    int n;                       /* candidates; the list has one more: (nobody) first */
    char **items, **notes;       /* shown: names, and their open actions */
};
int assign_list_read(struct ui_ctx *ui, struct assign_list *l);    /* a store rc */
void assign_list_free(struct assign_list *l);
/* The chooser of assignees: -2 hang-up, -1 cancelled, else 0 with c set and *who the
 * name chosen (borrowed from l; NULL for nobody). */
int pick_assignee(struct assign_list *l, const char *title, int current,
                  struct triage_change *c, const char **who);
/* The priority menu (a digit picks): -2 hang-up, -1 cancelled, else 0 with c set. */
int pick_priority(const char *title, int current, struct triage_change *c);

/* Flash why a record could not be opened ("Cannot open member #12: …"). */
void flow_cannot_open(store *s, enum sel_kind kind, int64_t id);
/* A store rc as a sentence, for a flash after a one-step write. */
void flow_flash_failure(const char *what, const char *err);

#endif
