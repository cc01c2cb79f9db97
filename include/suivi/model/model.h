/* model — the domain's vocabulary as C types: enums with their stored codes and
 * labels, and the entity records the store reads and writes.
 *
 * Text fields are heap strings (never fixed buffers: a long name must not be cut
 * silently); a record owns its strings and is released with its *_clear function.
 * Ids are SQLite rowids; 0 means "none". Instants are UTC seconds (timeutil.h);
 * calendar dates are "YYYY-MM-DD" strings or NULL. */
#ifndef SUIVI_MODEL_H
#define SUIVI_MODEL_H

#include <stdbool.h>
#include <stdint.h>

enum member_kind {
    MEMBER_REGION, MEMBER_DEPARTEMENT, MEMBER_EPCI, MEMBER_COMMUNE,
    MEMBER_CCAS, MEMBER_HOSPITAL, MEMBER_OTHER, MEMBER_KIND_COUNT
};
enum member_status {
    MSTATUS_PROSPECT, MSTATUS_JOINING, MSTATUS_MEMBER, MSTATUS_PARTNER,
    MSTATUS_LEFT, MSTATUS_REFUSED, MSTATUS_DISSOLVED, MSTATUS_COUNT
};
enum interaction_kind {
    IKIND_CALL_IN, IKIND_CALL_OUT, IKIND_EMAIL_IN, IKIND_EMAIL_OUT, IKIND_MEETING,
    IKIND_TRAINING, IKIND_INCIDENT, IKIND_REQUEST, IKIND_KEY_EVENT, IKIND_COUNT
};
enum action_status {
    ASTATUS_OPEN, ASTATUS_IN_PROGRESS, ASTATUS_WAIT_MEMBER, ASTATUS_WAIT_PROVIDER,
    ASTATUS_DONE, ASTATUS_CANCELLED, ASTATUS_COUNT
};
enum note_visibility { NOTE_INTERNAL, NOTE_MEMBER, NOTE_PROVIDER, NOTE_VIS_COUNT };
/* What a staff member may do (core/roles.h decides; the store only keeps it). */
enum staff_role { SROLE_ADMIN, SROLE_STAFF, SROLE_READONLY, SROLE_COUNT };

#define PRIORITY_MIN 1   /* P1: most urgent */
#define PRIORITY_MAX 4

/* Names of one enum: code = stored in the database (stable, ASCII); label = shown in
 * forms and detail views; abbrev = list columns (at most 8 columns wide). */
struct enum_names {
    int count;
    const char *const *code;
    const char *const *label;
    const char *const *abbrev;
};
extern const struct enum_names MEMBER_KIND_NAMES;
extern const struct enum_names MEMBER_STATUS_NAMES;
extern const struct enum_names INTERACTION_KIND_NAMES;
extern const struct enum_names ACTION_STATUS_NAMES;
extern const struct enum_names NOTE_VISIBILITY_NAMES;
extern const struct enum_names STAFF_ROLE_NAMES;

const char *enum_code(const struct enum_names *e, int v);    /* "?" when out of range */
const char *enum_label(const struct enum_names *e, int v);
const char *enum_abbrev(const struct enum_names *e, int v);
int enum_from_code(const struct enum_names *e, const char *code); /* -1 if unknown */

/* Open = still in somebody's queue: open, in progress, waiting on member/provider. */
bool action_status_is_open(enum action_status s);

struct pole {
    int64_t id;
    char *name;           /* unique */
    int64_t version;
    int staff_count;      /* filled by list reads: active staff in the pôle */
};
struct provider {
    int64_t id;
    char *name;           /* unique */
    char *email, *phone;
    char *contact;        /* the person to ask for, free text ("Mme Le Goff, support") */
    bool disabled;        /* kept with its history, but no longer assignable */
    int64_t version;
    int open_actions;     /* filled by list reads */
};
struct staff {
    int64_t id;
    char *login;          /* Unix login, unique */
    char *display_name;
    int64_t pole_id;      /* 0 = none */
    char *pole_name;      /* filled by reads */
    enum staff_role role;
    bool disabled;        /* kept with its history, but no longer assignable */
    int64_t version;
    int open_actions;     /* filled by list reads */
};
struct contact {
    int64_t id, member_id;
    char *name, *role, *email, *phone;
    bool retired;         /* left the member: kept on old interactions, not offered */
    int64_t version;
};
struct member {
    int64_t id;
    char *name;
    enum member_kind kind;
    char *siren;          /* 9 digits, or NULL */
    char *departement;    /* "22", "2A", "971"…, or NULL */
    enum member_status status;
    int64_t parent_id;    /* the EPCI a commune belongs to; 0 = none */
    char *parent_name;    /* filled by store_member_get */
    char *sort_key;       /* fold_for_search(name): list order and filter; set by the store */
    int64_t created_at, updated_at;
    int64_t version;      /* bumped by every update; used to detect conflicts */
    int open_actions;     /* filled by list reads */
    /* The member journey (schema v6; core/journey.h): the stage's code (the
     * config's [journey]) or NULL for none yet, when it entered it, and the date
     * ("YYYY-MM-DD") by which it should have moved on, NULL for no limit.  Read
     * only: written by store_member_set_stage alone. */
    char *stage;
    int64_t stage_since;
    char *stage_due;
};
struct interaction {
    int64_t id, member_id;
    int64_t contact_id;   /* 0 = none */
    char *contact_name;   /* filled by reads */
    int64_t occurred_at;  /* when it happened (UTC) */
    enum interaction_kind kind;
    int64_t pole_id;      /* 0 = none */
    char *pole_name;      /* filled by reads */
    char *author;         /* login; NULL on add = the running user */
    char *subject;
    char *body;           /* may be NULL */
    int64_t created_at;
    int64_t version;
};
struct action {
    int64_t id;
    int64_t interaction_id;        /* origin, 0 = none */
    int64_t member_id;
    char *member_name;             /* filled by reads */
    char *title;
    char *description;             /* may be NULL */
    int64_t assignee_staff_id;     /* at most one of the two is set */
    int64_t assignee_provider_id;
    char *assignee_name;           /* filled by reads: staff login or provider name */
    int64_t pole_id;
    char *pole_name;               /* filled by reads */
    enum action_status status;
    int priority;                  /* PRIORITY_MIN..PRIORITY_MAX */
    char *due;                     /* "YYYY-MM-DD" or NULL */
    char *created_by;              /* login; NULL on add = the running user */
    int64_t created_at, updated_at;
    int64_t closed_at;             /* 0 while open; set by the store on done/cancelled */
    char *resolution;              /* how it ended (done/cancelled); NULL while open */
    int64_t version;
};
struct note {
    int64_t id, action_id;
    char *author;                  /* NULL on add = the running user */
    int64_t at;
    enum note_visibility visibility;
    char *body;
    /* A note written with a status change carries it (comment or resolution). */
    bool status_change;
    enum action_status status_from, status_to;
};
/* One field of an audited change, as stored: codes, numbers and ids as text
 * ("wait_provider", "3", "12"), NULL for none.  Shown to people by core (cards.h).
 * A long text (body, description, resolution) is only said to have changed: both
 * values are NULL then (a change from none to none is never recorded). */
struct audit_field {
    char *field;       /* "status", "priority", "assignee_provider", … */
    char *old_value, *new_value;
};
struct audit_entry {
    int64_t id;
    int64_t at;
    char *login;
    char *entity;      /* "member", "interaction", "action", … */
    int64_t entity_id;
    char *change;      /* as stored: "created", a JSON object of fields, or (schema 1) text */
    bool created;      /* the row was created by this entry */
    struct audit_field *fields;   /* parsed from a JSON change; NULL otherwise */
    int nfields;
};

/* The fields of a record an update may write, one bit each (1u << X_F_…), so that a
 * save writes only what the user changed (see core/merge.h). */
enum member_field {
    MEMBER_F_NAME, MEMBER_F_KIND, MEMBER_F_STATUS, MEMBER_F_SIREN, MEMBER_F_DEPARTEMENT,
    MEMBER_F_PARENT, MEMBER_F_COUNT
};
enum interaction_field {
    INTERACTION_F_OCCURRED, INTERACTION_F_KIND, INTERACTION_F_POLE, INTERACTION_F_CONTACT,
    INTERACTION_F_SUBJECT, INTERACTION_F_BODY, INTERACTION_F_COUNT
};
enum action_field {
    ACTION_F_TITLE, ACTION_F_DESCRIPTION, ACTION_F_ASSIGNEE, /* staff and provider together */
    ACTION_F_POLE, ACTION_F_PRIORITY, ACTION_F_DUE, ACTION_F_STATUS,
    ACTION_F_RESOLUTION, ACTION_F_COUNT
};
#define FIELDS_ALL(count) ((1u << (count)) - 1u)
/* True when a and b hold the same value for field f (NULL and "" are the same text). */
bool member_field_equal(const struct member *a, const struct member *b, enum member_field f);
bool interaction_field_equal(const struct interaction *a, const struct interaction *b,
                             enum interaction_field f);
bool action_field_equal(const struct action *a, const struct action *b, enum action_field f);

void pole_clear(struct pole *p);
void provider_clear(struct provider *p);
void staff_clear(struct staff *s);
void contact_clear(struct contact *c);
void member_clear(struct member *m);
void interaction_clear(struct interaction *i);
void action_clear(struct action *a);
void note_clear(struct note *n);
void audit_entry_clear(struct audit_entry *e);

/* Deep copies (dst must be cleared/zeroed first). */
void member_copy(struct member *dst, const struct member *src);
void interaction_copy(struct interaction *dst, const struct interaction *src);
void action_copy(struct action *dst, const struct action *src);
void contact_copy(struct contact *dst, const struct contact *src);
void staff_copy(struct staff *dst, const struct staff *src);
void provider_copy(struct provider *dst, const struct provider *src);

#endif
