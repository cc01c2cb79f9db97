/* usage — the services the syndicate offers (a catalogue), each member's
 * subscriptions to them, and the monthly figures of their use (acts transmitted,
 * tenders published, documents archived…): schema v7.  The catalogue and the
 * subscriptions are an admin's to change (store/access.c); the figures come in by
 * import (core/usage_import.h), a month imported again replacing what it held. */
#ifndef SUIVI_STORE_USAGE_H
#define SUIVI_STORE_USAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "suivi/store/store.h"

#define MONTH_LEN 8          /* "YYYY-MM" and its NUL */

struct service {
    int64_t id;
    char *code;              /* "marches", "actes"…: what files and scripts name */
    char *name;
};

struct subscription {
    int64_t id, member_id, service_id;
    char *service_code, *service_name;   /* filled by reads */
    char *since;             /* "YYYY-MM-DD" */
    char *until;             /* or NULL: still subscribed */
    char *convention;        /* its reference, or NULL */
};

/* One figure to write. */
struct usage_put {
    int64_t member_id, service_id;
    char month[MONTH_LEN];
    int64_t count;
};

struct usage_point {
    char month[MONTH_LEN];
    int64_t count;
};

/* The catalogue, by name. */
int store_services(store *s, struct service **out, int *n);
void services_free(struct service *sv, int n);
/* Add a service (code unique: STORE_CONFLICT with a message otherwise). */
int store_service_add(store *s, struct service *sv);

/* One audited transaction (admins only).  An until before the since, or the
 * member's subscription to that service from that since already: STORE_CONSTRAINT. */
int store_subscription_add(store *s, struct subscription *sub);
/* One subscription, by its id (as `suivi subscription list` prints it), with its
 * service; STORE_NOT_FOUND says "no such subscription (#id)".  Cleared with
 * subscription_clear. */
int store_subscription_get(store *s, int64_t id, struct subscription *out);
void subscription_clear(struct subscription *sub);

/* The fields store_subscription_update writes, each only when its bit is given. */
enum { SUB_F_SINCE = 1u << 0, SUB_F_UNTIL = 1u << 1, SUB_F_CONVENTION = 1u << 2 };
/* Change the fields given of subscription sub->id (sub->since, sub->until,
 * sub->convention; an until or convention NULL or "" clears it), the others as
 * stored: one transaction, read under its lock, with one audit row of what changed,
 * {"field": [old, new]} (nothing changed: nothing written, *changed false).  Admins
 * only (STORE_DENIED, checked before anything else is said); an until before the
 * since: STORE_CONSTRAINT; the member's subscription to that service from that
 * since already: STORE_CONSTRAINT naming it (#id); gone: STORE_NOT_FOUND.  expect,
 * when not NULL, is the row as the caller read it: a field given that someone has
 * changed since to another value than sub's is STORE_CONFLICT, and nothing is
 * written (the caller shows their change; fields not given are never written). */
int store_subscription_update(store *s, const struct subscription *sub, unsigned fields,
                              const struct subscription *expect, bool *changed);
/* Remove a subscription entered by mistake (one that ended is ended, not removed:
 * store_subscription_update of its until), with an audit row of what it held,
 * {"member": [id, null], "service": …, "since": …, "until": …, "convention": …}.
 * Admins only; gone: STORE_NOT_FOUND.  old, when not NULL, receives the row as it
 * was (subscription_clear). */
int store_subscription_remove(store *s, int64_t id, struct subscription *old);
/* A member's subscriptions, by service name then since. */
int store_subscriptions_of(store *s, int64_t member_id, struct subscription **out, int *n);
void subscriptions_free(struct subscription *sub, int n);

/* Write the figures, each replacing the one of its member, service and month, in
 * one transaction with one audit row saying how many (what: the file's name). */
int store_usage_put(store *s, const struct usage_put *rows, int n, const char *what);
/* A member's figures for a service, month by month from `from` to `to` ("YYYY-MM",
 * both included; at most 120 months); a month with no figure is absent. */
int store_usage_of(store *s, int64_t member_id, int64_t service_id, const char *from,
                   const char *to, struct usage_point **out, int *n);

/* The facts the journey's proposals read: the member's first month with a
 * figure ("" for none), the months from `from` on with a figure above 0, and
 * whether it has a subscription under a convention (its reference into
 * convention, "" for none; at most conlen bytes). */
int store_member_usage_facts(store *s, int64_t member_id, const char *from,
                             char first[MONTH_LEN], int *months_since, char *convention,
                             size_t conlen);
/* The member's incidents on its timeline from the date since ("YYYY-MM-DD") on. */
int store_member_incidents_since(store *s, int64_t member_id, const char *since, int *n);

#endif
