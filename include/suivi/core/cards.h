/* cards — read models: what one detail view shows, gathered by one call in one read
 * transaction, so that every part of it comes from the same instant (a note added
 * by a colleague cannot appear in the notes but not in the history).  The UI only
 * lays cards out; the history is written here for people: labels, names, P2, →. */
#ifndef SUIVI_CARDS_H
#define SUIVI_CARDS_H

#include <stdint.h>

#include "suivi/store/journey.h"
#include "suivi/store/store.h"

/* One audited change, written for people:
 * "status: waiting on provider → done; priority: P3 → P2". */
struct history_line {
    int64_t at;
    char *login;
    char *text;
};

struct member_card {
    struct member m;
    struct member parent;            /* the EPCI a commune belongs to; id 0: none */
    struct contact *contacts;        /* active first, then retired */
    int ncontacts;
    struct member *children;         /* an EPCI's communes, with open actions */
    int nchildren;
    struct stage_change *stages;     /* its journey, oldest first */
    int nstages;
};

struct interaction_card {
    struct interaction it;
    char *member_name;
    struct action *actions;          /* made from it */
    int nactions;
};

struct action_card {
    struct action a;
    struct interaction origin;       /* the interaction it came from; id 0: none */
    struct staff staff;              /* the assignee when a staff member; id 0 otherwise */
    struct provider provider;        /* the assignee when a provider; id 0 otherwise */
    struct note *notes;              /* oldest first */
    int nnotes;
    struct history_line *history;    /* oldest first */
    int nhistory;
    /* Seconds spent waiting, from the trail: on the member (the SLA's clock stops)
     * and on a provider (the provider's own delay), the current wait included. */
    int64_t waited_member_s, waited_provider_s;
};

/* The time an action spent in wait_member and wait_provider, from its audit trail
 * (oldest first) and its status now: each status change closes an interval of the
 * status it leaves; an interval still open runs to now. */
void action_wait_times(const struct audit_entry *es, int n, const struct action *a,
                       int64_t now, int64_t *member_s, int64_t *provider_s);

/* Each returns a store rc (STORE_NOT_FOUND with a message when the record is gone);
 * the card is zeroed first and must be freed whatever the result. */
int member_card_read(store *s, int64_t id, struct member_card *out);
int interaction_card_read(store *s, int64_t id, struct interaction_card *out);
int action_card_read(store *s, int64_t id, struct action_card *out);
void member_card_free(struct member_card *c);
void interaction_card_free(struct interaction_card *c);
void action_card_free(struct action_card *c);

/* The names history lines need to show ids as people know them. */
struct name_book {
    struct staff *staff;
    int nstaff;
    struct provider *providers;
    int nproviders;
    struct pole *poles;
    int npoles;
};
int name_book_read(store *s, struct name_book *nb);
void name_book_free(struct name_book *nb);

/* One audit entry of `entity` as a line for people (caller frees).  Entries of
 * schema 1 (plain text "field: old -> new; …") are read as well. */
char *history_text(store *s, const struct name_book *nb, const char *entity,
                   const struct audit_entry *e);

#endif
