/* journey — the rules of the member journey (parcours de l'adhérent): the stages
 * are the config's ([journey], in order: the steps, then the exits); a member is
 * at one of them or at none yet.  Moving a member is always a person's act (the
 * UI's J, `suivi journey set`): what facts suggest is proposed, never applied.
 *
 * A stage's limit (days) gives the date by which a member should have moved on
 * (stage_due, fixed when it enters the stage): past it, the member is stalled. */
#ifndef SUIVI_CORE_JOURNEY_H
#define SUIVI_CORE_JOURNEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "suivi/config/config.h"
#include "suivi/core/query.h"
#include "suivi/model/model.h"
#include "suivi/store/journey.h"
#include "suivi/store/store.h"

/* The stage of that code, or NULL (none, or no longer configured). */
const struct config_stage *journey_stage(const struct config *cfg, const char *code);
/* The stage a member at code is expected to reach next: the following step (the
 * first one for NULL); NULL after the last step, at an exit, or for a code no
 * longer configured. */
const struct config_stage *journey_next(const struct config *cfg, const char *code);
/* What to show for a code: its label, the code itself if no longer configured,
 * "" for NULL. */
const char *journey_label(const struct config *cfg, const char *code);
const char *journey_tag(const struct config *cfg, const char *code);

/* Stalled: in its stage past the stage's limit (stage_due < today, "YYYY-MM-DD"). */
bool journey_stalled(const struct member *m, const char *today);

/* Move member_id to the stage named by code (a configured one), with why (may be
 * NULL) on its timeline.  expect_version: the member's version as seen (0: any).
 * Returns STORE_OK, DOMAIN_INVALID (err: an unknown stage, the stage it is at
 * already), or a store rc (err: what the store said). */
int journey_move(store *s, const struct config *cfg, int64_t member_id, const char *code,
                 const char *why, int64_t expect_version, char *err, size_t errlen);

/* What the facts suggest, never applied by itself: a member before its
 * convention with a subscription under one -> convention; before its first use
 * with a usage figure -> first_use; at first use with figures in each of the last
 * REGULAR_MONTHS months -> regular.  These need the default codes (convention,
 * first_use, regular) in [journey]; to is NULL when nothing is proposed. */
#define REGULAR_MONTHS 3
struct journey_proposal {
    const struct config_stage *to;
    char why[200];
};
int journey_propose(store *s, const struct config *cfg, const struct member *m,
                    const char *today, struct journey_proposal *p);

/* Seconds spent at changes[i]'s stage: until the next change, or until now for
 * the last one. */
int64_t journey_time_in(const struct stage_change *changes, int n, int i, int64_t now);

/* A members list's filter (the members pane's /, `suivi journey list`): field
 * words stage:CODE-or-label (stage:none: none yet), stalled:yes|no (French too:
 * étape:, bloqué:), dept:29 (département:), uses:CODE and trained:CODE (a service's
 * members using it, trained to it; utilise:, formé:; trained:CODE..2026-08-22 those
 * first trained to it on or before that day) anywhere, the rest the name's
 * substring as typed.  Returns 0,
 * or -1 with err (the column of the word in question).  w's strings point into
 * text_out (the caller's buffer, at least as long as text + 1) and cfg. */
int journey_parse_filter(const struct config *cfg, const char *text, const char *today,
                         struct member_where *w, char *text_out, struct query_error *err);

#endif
