/* flows — what the write keys do: open the right form, prefill it from core's read
 * models, save through core (domain.h), and report.  Each flow is modal (its form
 * runs its own key loop over the screen, live refresh going on beneath) and tells
 * the caller whether something was written, so that the views re-read only then.
 *
 * The *_open functions take a draft to reopen (NULL for a fresh form): the D key
 * lists the drafts left by a crash and hands one to the flow that wrote it. */
#ifndef SUIVI_FLOWS_H
#define SUIVI_FLOWS_H

#include <stdint.h>
#include "suivi/ui/view.h"

enum flow_result {
    FLOW_UNCHANGED,   /* cancelled, or nothing to do (a message may have been flashed) */
    FLOW_SAVED,       /* written; *id (when given) is the row created or edited */
    FLOW_HANGUP,      /* the terminal went away: what was typed is in a draft */
};

struct draft;

/* member_id / interaction_id / action_id / contact_id 0: a new one. */
enum flow_result flow_member_open(struct ui_ctx *ui, int64_t member_id, struct draft *d,
                                  int64_t *id);
enum flow_result flow_interaction_open(struct ui_ctx *ui, int64_t interaction_id,
                                       int64_t member_id, struct draft *d, int64_t *id);
/* origin_id: the interaction a new action comes from, 0 for none. */
enum flow_result flow_action_open(struct ui_ctx *ui, int64_t action_id, int64_t member_id,
                                  int64_t origin_id, struct draft *d, int64_t *id);
enum flow_result flow_contact_open(struct ui_ctx *ui, int64_t contact_id, int64_t member_id,
                                   struct draft *d, int64_t *id);
/* A status change with its comment (a resolution when closing). */
enum flow_result flow_action_status(struct ui_ctx *ui, int64_t action_id, struct draft *d);
/* J: the member's journey, its next stage offered first. */
enum flow_result flow_member_journey(struct ui_ctx *ui, int64_t member_id, struct draft *d);
/* x: the status change to done, straight to its resolution. */
enum flow_result flow_action_done(struct ui_ctx *ui, int64_t action_id);
/* The triage keys: A assigns (a colleague or a provider, chosen by typing), p sets
 * the priority (a digit), d the due date (typed as people say it). */
enum flow_result flow_action_assign(struct ui_ctx *ui, int64_t action_id);
enum flow_result flow_action_priority(struct ui_ctx *ui, int64_t action_id);
enum flow_result flow_action_due(struct ui_ctx *ui, int64_t action_id, struct draft *d);
/* ;: one change (assign, status, done, priority, due date, note) on every tagged
 * action, in one transaction. */
enum flow_result flow_tagged(struct ui_ctx *ui);
/* A note on an action, with its visibility. */
enum flow_result flow_note_add(struct ui_ctx *ui, int64_t action_id, struct draft *d);
/* S: ask for words and search everything; FLOW_SAVED when something was found
 * (ui->search holds the hits). */
enum flow_result flow_search(struct ui_ctx *ui);
void flow_search_clear(struct ui_ctx *ui);
/* The detail view that shows hit i of ui->search. */
void flow_search_target(const struct ui_ctx *ui, int i, struct view_arg *arg);
/* m: a mail about the action to its provider or a contact of its member, sent
 * through [mail] sendmail and recorded (mail.c). */
enum flow_result flow_mail(struct ui_ctx *ui, int64_t action_id, struct draft *d);
/* Retire a contact (asks first), or bring a retired one back. */
enum flow_result flow_contact_retire(struct ui_ctx *ui, int64_t contact_id);
/* Staff, pôles and providers (kind SEL_STAFF, SEL_POLE, SEL_PROVIDER; id 0: a new
 * one), for admins: the caller checked the role. */
enum flow_result flow_people_open(struct ui_ctx *ui, enum sel_kind kind, int64_t id,
                                  struct draft *d, int64_t *saved_id);
/* Disable a staff member or provider (asks first; kept with their history, no
 * longer assignable), or enable one again. */
enum flow_result flow_people_disable(struct ui_ctx *ui, enum sel_kind kind, int64_t id);
/* D: the drafts left by a crash; the one chosen is reopened in its form.  *kind and
 * *id say what was saved, to show it. */
enum flow_result flow_drafts(struct ui_ctx *ui, enum sel_kind *kind, int64_t *id);

/* Training sessions (training.c).  A new session's form, then its attendees
 * (flow_attendees_add); *id the session saved.  FLOW_SAVED once it is. */
enum flow_result flow_session_open(struct ui_ctx *ui, struct draft *d, int64_t *id);
/* The chooser of contacts of every member, one attendee after another (each one
 * write, present), until Esc: FLOW_SAVED when one was added. */
enum flow_result flow_attendees_add(struct ui_ctx *ui, int64_t session_id);
/* One attendee's attendance and score (0: the score stays as it is). */
enum flow_result flow_attendee_set(struct ui_ctx *ui, int64_t session_id, int64_t contact_id,
                                   bool attended, int score);

/* Shorthands for fresh forms. */
/* A member's subscription (sub_id 0: a new one of member_id's); admins only.  *id
 * the subscription saved.  _end: the same form, its until set to today, for the
 * user to confirm or change; _remove: asks y/n, then removes it (audited). */
enum flow_result flow_subscription_open(struct ui_ctx *ui, int64_t sub_id, int64_t member_id,
                                        struct draft *d, int64_t *id);
enum flow_result flow_subscription_end(struct ui_ctx *ui, int64_t sub_id, int64_t *id);
enum flow_result flow_subscription_remove(struct ui_ctx *ui, int64_t sub_id);

enum flow_result flow_member_new(struct ui_ctx *ui, int64_t *new_id);
enum flow_result flow_member_edit(struct ui_ctx *ui, int64_t member_id);
enum flow_result flow_interaction_new(struct ui_ctx *ui, int64_t member_id, int64_t *new_id);
enum flow_result flow_interaction_edit(struct ui_ctx *ui, int64_t interaction_id);
enum flow_result flow_action_new(struct ui_ctx *ui, int64_t member_id,
                                 int64_t origin_interaction_id, int64_t *new_id);
enum flow_result flow_action_edit(struct ui_ctx *ui, int64_t action_id);

#endif
