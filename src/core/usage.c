/* usage — see usage.h. */
#include "suivi/core/usage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suivi/base/timeutil.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/journey.h"

/* The service's row in u, added if it is not there yet. */
static struct service_usage *row_of(struct member_usage *u, const struct service *sv)
{
    for (int i = 0; i < u->n; i++)
        if (u->services[i].service.id == sv->id)
            return &u->services[i];
    u->services = xreallocarray(u->services, (size_t)u->n + 1, sizeof *u->services);
    struct service_usage *r = &u->services[u->n++];
    memset(r, 0, sizeof *r);
    r->service = (struct service){ sv->id, xstrdup(sv->code), xstrdup(sv->name) };
    return r;
}

static void add_subscriptions(struct member_usage *u, const struct subscription *sub, int n,
                              const char *today)
{
    for (int i = 0; i < n; i++) {
        struct service sv = { sub[i].service_id, sub[i].service_code, sub[i].service_name };
        struct service_usage *r = row_of(u, &sv);
        bool open = strcmp(sub[i].since, today) <= 0 &&
                    (!sub[i].until || strcmp(sub[i].until, today) >= 0);
        r->subscribed = r->subscribed || open;
        free(r->since);
        free(r->until);
        r->since = xstrdup(sub[i].since);
        r->until = xstrdup(sub[i].until);
    }
}

/* The figures of one service over the year, into its row (added when it has any). */
static int add_figures(store *s, struct member_usage *u, int64_t member_id,
                       const struct service *sv)
{
    char last[MONTH_LEN];
    month_add(u->first_month, USAGE_MONTHS - 1, last);
    struct usage_point *p = NULL;
    int n = 0;
    int rc = store_usage_of(s, member_id, sv->id, u->first_month, last, &p, &n);
    struct service_usage *r = NULL;
    for (int i = 0; rc == STORE_OK && i < n; i++) {
        int k = (atoi(p[i].month) - atoi(u->first_month)) * 12 + atoi(p[i].month + 5) -
                atoi(u->first_month + 5);
        if (k < 0 || k >= USAGE_MONTHS)
            continue;
        r = r ? r : row_of(u, sv);
        r->months[k] = p[i].count;
        r->total += p[i].count;
    }
    free(p);
    return rc;
}

static void set_flags(struct member_usage *u, const struct config *cfg, const struct member *m)
{
    int64_t all = 0;
    for (int i = 0; i < u->n; i++) {
        all += u->services[i].total;
        if (u->services[i].subscribed && u->services[i].total == 0)
            u->flags |= FLAG_SUBSCRIBED_UNUSED;
    }
    /* Trained or further along the journey (not out of it), and no use at all. */
    const struct config_stage *st = journey_stage(cfg, m->stage);
    const struct config_stage *trained = journey_stage(cfg, "trained");
    if (st && trained && !st->exit && st >= trained && all == 0)
        u->flags |= FLAG_TRAINED_UNUSED;
    if (u->incidents >= INCIDENTS_MANY && all < (int64_t)u->incidents * USAGE_PER_INCIDENT)
        u->flags |= FLAG_INCIDENTS;
}

int member_usage_read(store *s, const struct config *cfg, const struct member *m,
                      const char *today, struct member_usage *out)
{
    memset(out, 0, sizeof *out);
    char this_month[MONTH_LEN];
    snprintf(this_month, sizeof this_month, "%.7s", today);
    month_add(this_month, -(USAGE_MONTHS - 1), out->first_month);
    struct subscription *sub = NULL;
    struct service *sv = NULL;
    int nsub = 0, nsv = 0;
    int rc = store_subscriptions_of(s, m->id, &sub, &nsub);
    if (rc == STORE_OK)
        add_subscriptions(out, sub, nsub, today);
    if (rc == STORE_OK)
        rc = store_services(s, &sv, &nsv);
    for (int i = 0; rc == STORE_OK && i < nsv; i++)
        rc = add_figures(s, out, m->id, &sv[i]);
    char since[DATE_ISO_LEN];
    snprintf(since, sizeof since, "%s-01", out->first_month);
    if (rc == STORE_OK)
        rc = store_member_incidents_since(s, m->id, since, &out->incidents);
    if (rc == STORE_OK)
        set_flags(out, cfg, m);
    subscriptions_free(sub, nsub);
    services_free(sv, nsv);
    if (rc != STORE_OK)
        member_usage_free(out);
    return rc;
}

void member_usage_free(struct member_usage *u)
{
    for (int i = 0; i < u->n; i++) {
        free(u->services[i].service.code);
        free(u->services[i].service.name);
        free(u->services[i].since);
        free(u->services[i].until);
    }
    free(u->services);
    memset(u, 0, sizeof *u);
}
