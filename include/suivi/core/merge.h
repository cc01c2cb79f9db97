/* merge — the rule for saving an edit made while someone else may have changed the
 * same record: write only what this user changed, never a field they did not touch,
 * and stop on a field both changed differently (a conflict, for the user to settle).
 *
 * Per field, with base = the record as the form opened it, mine = the form, theirs =
 * the record stored now (read inside the write transaction):
 *   mine == base                       untouched: not written (theirs stays)
 *   mine != base, theirs == base       written
 *   mine != base, theirs == mine       already so: nothing to write
 *   mine != base, theirs != base, mine  a conflict */
#ifndef SUIVI_MERGE_H
#define SUIVI_MERGE_H

#include "suivi/model/model.h"

struct merge {
    unsigned write;      /* fields to write (bits 1u << X_F_…) */
    unsigned conflict;   /* fields changed both here and there, differently */
};

/* The rule on bit masks: touched = mine != base, theirs = theirs != base,
 * agree = theirs == mine. */
struct merge merge_fields(unsigned touched, unsigned theirs, unsigned agree);

/* The same for each kind of record, comparing field by field (model.h *_field_equal). */
struct merge merge_members(const struct member *base, const struct member *mine,
                           const struct member *theirs);
struct merge merge_interactions(const struct interaction *base, const struct interaction *mine,
                                const struct interaction *theirs);
struct merge merge_actions(const struct action *base, const struct action *mine,
                           const struct action *theirs);

#endif
