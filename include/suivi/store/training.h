/* training — training sessions and who attended them (schema v8): the
 * syndicate's agents trained by its own staff, by the GRETA or by independent
 * trainers, with attendees from any members.  An attendee present puts the
 * session on its member's timeline (one training interaction per member and
 * session), in the same transaction; a member none of whose attendees came has it
 * marked absent. */
#ifndef SUIVI_STORE_TRAINING_H
#define SUIVI_STORE_TRAINING_H

#include <stdbool.h>
#include <stdint.h>

#include "suivi/store/store.h"

enum trainer_kind { TRAINER_INTERNAL, TRAINER_GRETA, TRAINER_INDEPENDENT, TRAINER_COUNT };

struct training_session {
    int64_t id;
    char *held_on;                 /* "YYYY-MM-DD" */
    char *topic;
    int64_t service_id;            /* 0: a topic that is no service */
    enum trainer_kind trainer_kind;
    char *trainer, *place;         /* or NULL */
    bool online;
    int attendees, present;        /* filled by reads */
    double satisfaction;           /* the mean of the scores given; 0: none */
};

struct training_attendee {
    int64_t session_id, contact_id, member_id, interaction_id;
    char *contact_name, *member_name;     /* filled by reads */
    char *contact_role;                   /* filled by reads, or NULL */
    bool attended;
    int satisfaction;              /* 1..5, 0: none */
};

/* "internal", "greta", "independent": the kind, or -1. */
int trainer_kind_from_code(const char *code);
const char *trainer_kind_code(enum trainer_kind k);
/* The kind for people, translated: "internal", "GRETA", "independent". */
const char *trainer_kind_label(enum trainer_kind k);

int store_training_add(store *s, struct training_session *t);
int store_training_get(store *s, int64_t id, struct training_session *out);
/* Sessions, newest first (at most limit). */
int store_trainings(store *s, int limit, struct training_session **out, int *n);
void training_clear(struct training_session *t);
void trainings_free(struct training_session *t, int n);

/* Add (or update: attendance, satisfaction) a contact at a session; the first
 * attendee of a member present puts the session on that member's timeline.  A
 * satisfaction of 0 keeps the one stored.  Audited with what it was and is:
 * {"contact": [null, 12], "attended": [null, 1], "satisfaction": [null, 4]}; a
 * write that would change nothing writes nothing (but is refused all the same to
 * a login that may not write).
 * While none of a member's attendees is present, its entry's subject starts with
 * "(absent) " (translated); one present again takes the mark off.  Marked, never
 * deleted: the entry may hold what someone wrote since.  That write is the
 * interaction's own (audited there), in the same transaction. */
int store_training_attend(store *s, struct training_attendee *a);
/* Register a contact, present, as a new attendee.  One already there stays as it
 * is (absent too): nothing is written, *already is set and a says what is stored
 * (attended, satisfaction) — picking someone again must not undo an "absent". */
int store_training_register(store *s, struct training_attendee *a, bool *already);
int store_training_attendees(store *s, int64_t session_id, struct training_attendee **out,
                             int *n);
/* The contacts that may be registered (not retired), by member then name, at most
 * limit, as attendees with session_id 0: contact and member, ids and names.  find
 * (NULL: all) narrows them to a part of the contact's name (case aside for ASCII
 * letters) or of the member's (case and accents aside).  None for a provider's
 * login, which sees no member's people. */
int store_training_candidates(store *s, const char *find, int limit,
                              struct training_attendee **out, int *n);
void training_attendees_free(struct training_attendee *a, int n);

/* Before and after training, for a member: its first session attended (*first,
 * "" for none), and its incidents and requests in the days before it and the
 * same number of days from it on. */
int store_training_effect(store *s, int64_t member_id, int days, char first[11],
                          int *before, int *after);

#endif
