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

int store_subscription_add(store *s, struct subscription *sub);
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
