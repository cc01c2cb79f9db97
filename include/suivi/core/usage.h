/* usage — what a member makes of the services: for each service it subscribes
 * to or uses, its figures month by month over the last year, and the flags a
 * manager wants to see (subscribed but never used, trained but never used, many
 * incidents for little use).  A read model for the member's detail and reports. */
#ifndef SUIVI_CORE_USAGE_H
#define SUIVI_CORE_USAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "suivi/config/config.h"
#include "suivi/model/model.h"
#include "suivi/store/store.h"
#include "suivi/store/usage.h"

#define USAGE_MONTHS 12
/* Incidents in the year from which a member's use counts as little: fewer than
 * USAGE_PER_INCIDENT figures (acts, signatures…) for each incident. */
#define INCIDENTS_MANY 3
#define USAGE_PER_INCIDENT 10

struct service_usage {
    struct service service;
    bool subscribed;                  /* a subscription open today */
    char *since, *until;              /* of its latest subscription, or NULL */
    int64_t months[USAGE_MONTHS];     /* oldest first; 0 for a month with no figure
                                         (files leave out the months of no use) */
    int64_t total;                    /* of those months */
};

enum usage_flag {
    FLAG_SUBSCRIBED_UNUSED = 1u << 0, /* a service subscribed to, no use in a year */
    FLAG_TRAINED_UNUSED    = 1u << 1, /* trained (or further along), no use at all */
    FLAG_INCIDENTS         = 1u << 2, /* many incidents for little use */
};

struct member_usage {
    struct service_usage *services;
    int n;
    char first_month[MONTH_LEN];      /* months[0] */
    int incidents;                    /* in the same year */
    unsigned flags;
};

/* The member's usage as of today ("YYYY-MM-DD"); cfg for the journey's order. */
int member_usage_read(store *s, const struct config *cfg, const struct member *m,
                      const char *today, struct member_usage *out);
void member_usage_free(struct member_usage *u);

#endif
