/* store — the only door to the database.
 *
 * One SQLite file shared by every running session (WAL mode).  Rules kept here so
 * that no caller has to remember them:
 *   - every write is one transaction begun with BEGIN IMMEDIATE (a deferred one that
 *     upgrades fails at once with SQLITE_BUSY_SNAPSHOT whatever the busy timeout);
 *     writes between store_begin/store_commit share one transaction;
 *   - every write appends an audit row naming the Unix login (login.h), when, the
 *     entity and what changed — in the same transaction;
 *   - every statement is prepared, bound and reset before the call returns: no read
 *     transaction stays open while the UI waits for a key (the WAL would grow);
 *   - updates carry the version the caller read: if someone else changed the row
 *     meanwhile, nothing is written and STORE_CONFLICT comes back.
 * Lists are read a page at a time (keyset paging), never whole tables. */
#ifndef SUIVI_STORE_H
#define SUIVI_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "suivi/model/model.h"

typedef struct store store;

enum store_rc {
    STORE_OK = 0,
    STORE_ERROR,          /* anything else; store_errmsg says what */
    STORE_NOT_FOUND,
    STORE_CONFLICT,       /* the row changed (or vanished) since it was read */
    STORE_BUSY,           /* still locked by another session after busy_timeout */
    STORE_CONSTRAINT,     /* a value the schema refuses (duplicate login, bad code…) */
    STORE_NEWER_SCHEMA,   /* the file was written by a newer suivi: nothing written */
    STORE_NOT_A_DATABASE, /* not an SQLite file, or corrupt */
    STORE_CANT_OPEN,      /* missing file (without create), permissions, directory… */
    STORE_REPLACED,       /* the file at the path is no longer the one opened (deleted,
                             renamed, replaced): nothing written, nor will be */
    STORE_DENIED,         /* the login may not do this (its role): nothing written */
};

/* The schema version this binary writes (PRAGMA user_version). */
int store_schema_version(void);

struct store_options {
    int  busy_timeout_ms; /* 0 means 0: a locked database answers STORE_BUSY at once */
    bool create;          /* create the file if missing (suivi init / demo) */
    /* A login that is neither staff nor a provider's, once the database has an
     * active admin: refused at open (deny_unknown, STORE_DENIED), else reads only,
     * or writes as staff (unknown_writes). */
    bool deny_unknown;
    bool unknown_writes;
};

/* Open (and migrate, in one BEGIN IMMEDIATE transaction that re-reads the version,
 * so two sessions starting together migrate once) the database at path.  On failure
 * returns the rc, *out = NULL, and a message naming the file in err.
 *   - Commits are durable (synchronous = FULL): a write that returned is on disk.
 *   - A file it creates is mode 0660 whatever the umask (owner and group, no one else).
 *   - Only a regular file is opened; an empty one only with create (init).
 *   - The device and inode of the path are kept: before every write the path is
 *     checked again, and a file deleted, renamed or replaced since is never written
 *     (STORE_REPLACED, every write from then on). */
int store_open(const char *path, const struct store_options *opt, store **out,
               char *err, size_t errlen);
void store_close(store *s);
/* While a write waits for another session's lock, interrupted() is asked every few
 * milliseconds: true stops the wait (STORE_BUSY) — a hang-up must not keep a dead
 * session waiting busy_timeout_ms. */
void store_set_interrupt(store *s, bool (*interrupted)(void));

const char *store_errmsg(const store *s); /* message of the last failed call */
const char *store_login(const store *s);  /* the Unix login writes are recorded under */
const char *store_path(const store *s);

/* The provider whose login this is (0: not a provider's login).  Such a store shows
 * only that provider's actions, the notes shared with providers on them, and no
 * member, interaction or contact; it writes only their status and such notes
 * (access.c).  Read at open. */
int64_t store_provider_only(const store *s);

/* PRAGMA data_version: changes when another connection commits. */
int store_data_version(store *s, int64_t *version);
/* The audit rows after *last (0: all of them): *last becomes the newest one's id,
 * and *actions says whether one of them is about an action or a note (what the
 * status line's counts and the inbox count depend on).  Reads only those rows. */
int store_audit_news(store *s, int64_t *last, bool *actions);
/* STORE_OK while the path still names the file opened, else STORE_REPLACED (message
 * set).  Cheap (one stat): the UI asks at idle to warn before anyone types. */
int store_check_file(store *s);

/* Group several writes into one transaction (BEGIN IMMEDIATE … COMMIT): a read done
 * inside sees what the writes will be checked against (core/merge.h).  Nested
 * store_begin calls join the outer transaction. */
int  store_begin(store *s);
int  store_commit(store *s);
void store_rollback(store *s);
/* One consistent snapshot for several reads (BEGIN DEFERRED … COMMIT); never held
 * while waiting for a key.  Inside store_begin it is a no-op. */
int  store_read_begin(store *s);
void store_read_end(store *s);

/* ---- people and parties ------------------------------------------------------
 * Small by nature (a team, a few providers, a member's contacts): read whole.  Every
 * write is audited; updates are checked against the record's version (STORE_CONFLICT).
 * A duplicate name or login is STORE_CONSTRAINT with a message naming it. */
int store_pole_add(store *s, struct pole *p);                  /* sets id, version */
int store_pole_rename(store *s, struct pole *p);               /* p->name, p->version */
int store_pole_get(store *s, int64_t id, struct pole *out);
int store_pole_by_name(store *s, const char *name, struct pole *out);  /* exact name */
int store_poles_list(store *s, struct pole **out, int *n);     /* by name, staff_count */

int store_provider_add(store *s, struct provider *p);
/* name, email, phone, contact, disabled */
int store_provider_update(store *s, struct provider *p);
int store_provider_get(store *s, int64_t id, struct provider *out);
int store_provider_by_name(store *s, const char *name, struct provider *out);
int store_providers_list(store *s, struct provider **out, int *n);  /* by name, all */
/* The Unix logins of a provider's people: each sees and updates that provider's
 * actions only.  A login that is staff cannot be a provider's (STORE_CONSTRAINT). */
int store_provider_login_add(store *s, int64_t provider_id, const char *login);
int store_provider_login_remove(store *s, const char *login);  /* STORE_NOT_FOUND if none */
/* The provider of a login (*provider_id 0 when none). */
int store_provider_of_login(store *s, const char *login, int64_t *provider_id);

int store_staff_add(store *s, struct staff *st);               /* role, disabled too */
/* display_name, pole_id, role, disabled (the login never changes) */
int store_staff_update(store *s, struct staff *st);
int store_staff_get(store *s, int64_t id, struct staff *out);
int store_staff_list(store *s, struct staff **out, int *n);   /* by login, all */
int store_staff_by_login(store *s, const char *login, struct staff *out);
/* Active (not disabled) staff with the admin role. */
int store_admin_count(store *s, int *n);

int store_contact_add(store *s, struct contact *c);
int store_contact_update(store *s, struct contact *c);       /* fields and retired */
int store_contact_get(store *s, int64_t id, struct contact *out);
/* Active ones first, then retired; by name. */
int store_contacts_of_member(store *s, int64_t member_id, struct contact **out, int *n);

/* Release arrays returned by the *_list / *_of_* calls. */
void poles_free(struct pole *a, int n);
void providers_free(struct provider *a, int n);
void staff_list_free(struct staff *a, int n);
void contacts_free(struct contact *a, int n);
void notes_free(struct note *a, int n);
void audit_free(struct audit_entry *a, int n);
void members_free(struct member *a, int n);
void actions_free(struct action *a, int n);

/* ---- paging ------------------------------------------------------------------
 * A page request returns up to `limit` rows into rows[] (caller-owned, zeroed, of
 * at least `limit` entries), always in display order, and sets *n.
 *   PAGE_FIRST   the first rows          PAGE_LAST    the last rows
 *   PAGE_AFTER   rows just after anchor  PAGE_BEFORE  rows just before anchor
 * The anchor is a row previously returned by the same query.  Cost depends on
 * `limit`, not on the size of the table. Rows are released with *_clear. */
enum page_dir { PAGE_FIRST, PAGE_LAST, PAGE_AFTER, PAGE_BEFORE };

/* ---- members: ordered by sort_key, id; filter = folded substring of the name ----- */
int store_member_add(store *s, struct member *m);      /* sets id, sort_key, times, version */
int store_member_update(store *s, struct member *m);   /* checks m->version; bumps it */
/* Write only `fields` (bits 1u << MEMBER_F_…) of m, if the row is still at
 * expected_version (else STORE_CONFLICT, nothing written); m->version becomes the
 * new one.  The audit row lists the fields that changed. */
int store_member_write(store *s, struct member *m, unsigned fields, int64_t expected_version);
int store_member_get(store *s, int64_t id, struct member *out);
/* The member holding this SIREN (STORE_NOT_FOUND when none). */
int store_member_by_siren(store *s, const char *siren, struct member *out);
/* The members whose parent is parent_id (an EPCI's communes), by name, with their
 * open actions counted. */
int store_member_children(store *s, int64_t parent_id, struct member **out, int *n);
int store_members_page(store *s, const char *filter, enum page_dir dir,
                       const struct member *anchor, int limit,
                       struct member *rows, int *n);
/* What a members list holds: the names holding a folded substring, and the
 * journey's narrowing (core/journey.h). */
struct member_where {
    const char *text;       /* NULL or "": every name */
    bool by_stage;          /* only the members at stage */
    const char *stage;      /* a stage's code; NULL: the members with none yet */
    int stalled;            /* 1: stalled only (stage_due < today); 0: not; -1: either */
    const char *today;      /* "YYYY-MM-DD", for stalled */
    char departement[4];    /* only its members ("29", "2A", "971"); "": any */
    char uses[33];          /* a service's code: only the members using it; "": any */
    char trained[33];       /* a service's code: only those trained to it; "": any */
    char trained_by[11];    /* with trained: first trained on or before this day; "": any */
};
/* As store_members_page (which is text alone), in the same order. */
int store_members_where_page(store *s, const struct member_where *w, enum page_dir dir,
                             const struct member *anchor, int limit,
                             struct member *rows, int *n);

/* ---- interactions: one member's, newest first (occurred_at DESC, id DESC);
 *      filter = folded substring of subject or author ------------------------------ */
int store_interaction_add(store *s, struct interaction *it);
int store_interaction_update(store *s, struct interaction *it);
/* As store_member_write, bits 1u << INTERACTION_F_…. */
int store_interaction_write(store *s, struct interaction *it, unsigned fields,
                            int64_t expected_version);
int store_interaction_get(store *s, int64_t id, struct interaction *out);
int store_interactions_page(store *s, int64_t member_id, const char *filter,
                            enum page_dir dir, const struct interaction *anchor,
                            int limit, struct interaction *rows, int *n);

/* ---- actions ----------------------------------------------------------------
 * Order: open before closed; among open ones overdue (due < today) first, then
 * priority, then due date (none last), then id; closed ones by closed_at, newest first. */
enum action_scope {
    ACTIONS_OPEN,     /* every open action, all members */
    ACTIONS_MEMBER,   /* one member's actions, open and closed */
    ACTIONS_MINE,     /* open actions assigned to the running user's staff row */
    ACTIONS_PROVIDER, /* one provider's actions, open and closed */
    ACTIONS_STAFF,    /* one staff member's actions, open and closed */
};
/* What a query (core/query.h) narrows a list to, on top of its scope.  Each part is
 * off at its zero value; the parts are ANDed. */
#define WHERE_TERMS 4
enum where_who { WHO_ANY, WHO_STAFF, WHO_PROVIDER, WHO_NOBODY };
struct action_where {
    unsigned statuses;         /* bits 1u << ASTATUS_…; 0: the scope's own statuses */
    unsigned priorities;       /* bits 1u << priority (1..4); 0: any */
    int64_t pole_id;           /* 0: any */
    enum where_who who;
    int64_t who_id;            /* WHO_STAFF: staff id; WHO_PROVIDER: provider id */
    char due_from[11], due_to[11];  /* inclusive "YYYY-MM-DD" bounds; "" = unbounded */
    char opened_from[11], opened_to[11];   /* created on those days (inclusive); "": any */
    char closed_from[11], closed_to[11];   /* closed on those days (inclusive); "": any */
    bool due_none;             /* only actions without a due date */
    int overdue;               /* 0: any; 1: overdue only; -1: not overdue */
    int64_t member_root;       /* this member and its communes (roll-up); 0: any */
    char departement[4];       /* with member_root on a département: its members too */
    const char *terms[WHERE_TERMS]; /* each a substring of title or member; NULL: none */
};
/* Statuses a where asks for beyond the open ones: a queue then also lists closed ones. */
#define WHERE_CLOSED_BITS ((1u << ASTATUS_DONE) | (1u << ASTATUS_CANCELLED))
/* The order of a list: the queue's (above), or newest first (the order they were
 * created in, backwards: what just came in). */
enum action_order { ORDER_QUEUE, ORDER_NEWEST };
struct action_query {
    enum action_scope scope;
    enum action_order order;
    int64_t member_id;         /* ACTIONS_MEMBER */
    int64_t party_id;          /* ACTIONS_PROVIDER: provider id; ACTIONS_STAFF: staff id */
    const char *today;         /* "YYYY-MM-DD": decides what is overdue */
    const char *filter;        /* folded substring of title or member name; NULL = all */
    const struct action_where *where;  /* NULL: none */
};
int store_action_add(store *s, struct action *a);
/* Update every field from a (checked against a->version).  Moving to done/cancelled
 * sets closed_at; moving back to an open status clears it (and the resolution). */
int store_action_update(store *s, struct action *a);
/* As store_member_write, bits 1u << ACTION_F_…; closed_at follows the status. */
int store_action_write(store *s, struct action *a, unsigned fields, int64_t expected_version);
/* The actions made from an interaction, oldest first. */
int store_actions_of_interaction(store *s, int64_t interaction_id, struct action **out,
                                 int *n);
int store_action_set_status(store *s, int64_t id, int64_t expected_version,
                            enum action_status status, int64_t *new_version);
int store_action_get(store *s, int64_t id, struct action *out);
int store_actions_page(store *s, const struct action_query *q, enum page_dir dir,
                       const struct action *anchor, int limit,
                       struct action *rows, int *n);
struct action_counts { int open, overdue, mine_open, mine_overdue; };
int store_action_counts(store *s, const char *today, struct action_counts *out);

/* ---- notes and history ----------------------------------------------------------
 * New audit rows store their change as a JSON object {"field": [old, new], …} of codes,
 * numbers and ids; store_audit_of parses it into entry->fields (json_each). */
int store_note_add(store *s, struct note *nt);   /* with its status change, if any */
int store_notes_of_action(store *s, int64_t action_id, struct note **out, int *n); /* oldest first */
int store_audit_of(store *s, const char *entity, int64_t entity_id,
                   struct audit_entry **out, int *n);                            /* oldest first */
/* When the action's status last became `status` (its trail); *at = 0 when it never
 * did (created so, or by a schema-1 change). */
int store_action_entered(store *s, int64_t id, enum action_status status, int64_t *at);

#endif
