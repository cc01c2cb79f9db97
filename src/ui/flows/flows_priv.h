/* flows_priv — what flows.c (members, shared helpers) shares with flows_work.c
 * (interactions, actions).  Not part of the public API. */
#ifndef SUIVI_FLOWS_PRIV_H
#define SUIVI_FLOWS_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "suivi/ui/flows.h"
#include "suivi/ui/form.h"

/* The entries of a FIELD_CHOICE built from the database, with the row each names. */
struct choices {
    char **labels;      /* owned */
    int64_t *ids;       /* 0 for "(none)" / "(nobody)" */
    bool *provider;     /* assignees: the id is a provider's, not a staff member's */
    int n, cap;
};

void choices_add(struct choices *c, const char *label, int64_t id, bool provider);
void choices_free(struct choices *c);
/* Index of (id, provider), or 0 (the "(none)" entry) when absent. */
int choices_find(const struct choices *c, int64_t id, bool provider);
/* "(none)" then every pôle; flashes the error and returns false on failure. */
bool flow_load_poles(store *s, struct choices *c);
/* The running user's pôle (their staff row), or 0. */
int64_t flow_my_pole(store *s);

void flow_text(struct form_field *fld, const char *label, enum field_type type,
               bool required, const char *value);
void flow_choice(struct form_field *fld, const char *label, const char *const *labels,
                 int n, int selected);
void flow_choices(struct form_field *fld, const char *label, const struct choices *c,
                  int selected);
/* The field's text, or NULL when blank (optional values are stored as NULL). */
const char *flow_value(const struct form_field *fld);

/* Fill the record from the form and write it.  Returns STORE_OK, or anything else
 * with a sentence in err (and may move f->focus to the field at fault). */
typedef int (*flow_apply_fn)(void *ctx, struct form *f, char *err, size_t errlen);
/* Run the form until the user saves and apply succeeds, or leaves.  Failures are
 * shown on the form, with the user's values kept.  editing: an existing record, which
 * is not written again when nothing was changed. */
enum flow_result flow_run_form(struct form *f, bool editing, flow_apply_fn apply, void *ctx);

/* The kinds of record a form edits. */
enum flow_kind { FLOW_MEMBER, FLOW_INTERACTION, FLOW_ACTION };

/* The end of every apply: rc is the save's.  When it met someone else's change
 * to a stored record, take the version now stored into *version, so that
 * saving again overwrites it, and say so in err.  Returns rc. */
int flow_after_save(store *s, int rc, enum flow_kind kind, int64_t id, int64_t *version,
                    char *err, size_t errlen);

/* Flash why a record could not be opened ("Cannot open member #12: …"). */
void flow_cannot_open(store *s, const char *what, int64_t id);

#endif
