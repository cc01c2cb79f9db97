/* demo — see demo.h.  Builds two years of a Breton syndicate's life through the
 * store, in one transaction.
 *
 * Determinism: every choice comes from our own PRNG (splitmix64) seeded with the
 * seed, and every instant is computed from "now" (time_now(), which honours
 * $SUIVI_NOW), so the same seed and the same now give the same rows.
 *
 * Journeys: journey.c gives each member its stage as it is added, and plans the
 * steps that led there once the contacts are in; history.c writes them between
 * the exchanges, in time order.
 *
 * Services: usage.c plans each member's subscriptions and monthly figures from
 * its journey; the subscriptions are written at the convention's step, the
 * figures month by month between the exchanges.  Subscriptions are an admin's
 * to write: the store checks who writes as the transaction begins, when there is
 * no admin yet (anyone may), and the running login is one of the demo's admins.
 *
 * Training: training.c plans the sessions from the journeys (those trained were
 * there) and writes them, and their attendees, between the exchanges too.
 *
 * History: the store stamps what it writes (created_at, closed_at, audit rows) with
 * time_now().  To give each row the instant it would have had, we pin $SUIVI_NOW to
 * the simulated clock while generating (gen_clock_*, gen.c), and restore it after. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gen.h"
#include "suivi/base/i18n.h"
#include "suivi/base/login.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/xalloc.h"

/* ---- reference data -------------------------------------------------------------- */

static int add_reference(struct gen *g)
{
    for (size_t i = 0; i < demo_pole_names_count; i++) {
        struct pole p = { .name = (char *)demo_pole_names[i] };
        if (store_pole_add(g->s, &p) != STORE_OK)
            return gen_fail(g, STORE_ERROR, _("adding a pôle"));
        g->pole_ids[i] = p.id;
    }
    for (size_t i = 0; i < demo_providers_count; i++) {
        const struct demo_provider_info *d = &demo_providers[i];
        struct provider p = { .name = (char *)d->name, .email = (char *)d->email,
                              .phone = (char *)d->phone, .contact = (char *)d->contact };
        if (store_provider_add(g->s, &p) != STORE_OK)
            return gen_fail(g, STORE_ERROR, _("adding a provider"));
        g->provider_ids[i] = p.id;
    }
    const char *me = unix_login();
    g->me = -1;
    for (size_t i = 0; i <= demo_staff_count; i++) {
        bool mine = i == demo_staff_count;
        if (mine && g->me >= 0)
            break;                       /* the running login is one of ours */
        /* The login running the demo is one of its admins, to try everything. */
        bool is_me = mine || strcmp(demo_staff[i].login, me) == 0;
        struct staff st = {
            .login = (char *)(mine ? me : demo_staff[i].login),
            .display_name = (char *)(mine ? unix_full_name() : demo_staff[i].name),
            .pole_id = g->pole_ids[mine ? POLE_SUPPORT : demo_staff[i].pole],
            .role = is_me ? SROLE_ADMIN : demo_staff[i].role,
        };
        if (store_staff_add(g->s, &st) != STORE_OK)
            return gen_fail(g, STORE_ERROR, _("adding a staff member"));
        struct gen_staff *gs = &g->staff[g->nstaff];
        gs->id = st.id;
        gs->login = mine ? me : demo_staff[i].login;
        gs->pole = mine ? POLE_SUPPORT : demo_staff[i].pole;
        if (strcmp(gs->login, me) == 0)
            g->me = g->nstaff;
        g->nstaff++;
    }
    g->st.staff = g->nstaff;
    return STORE_OK;
}

/* ---- members and contacts ------------------------------------------------------- */

/* A SIREN shaped like those of its kind (communes 21DD…, EPCI 200…), with a valid
 * Luhn check digit, and not yet handed out. */
static void make_siren(struct gen *g, enum member_kind kind, const char *dep, char out[10])
{
    for (;;) {
        const char *prefix = kind == MEMBER_EPCI ? "200" : kind == MEMBER_COMMUNE ? "21"
                           : kind == MEMBER_DEPARTEMENT ? "22" : kind == MEMBER_REGION ? "23"
                           : kind == MEMBER_OTHER ? "25" : "26";
        size_t n = strlen(prefix);
        memcpy(out, prefix, n);
        if (n == 2 && dep && strlen(dep) == 2) {
            memcpy(out + 2, dep, 2);
            n = 4;
        }
        for (; n < 8; n++)
            out[n] = (char)('0' + gen_below(g, 10));
        int sum = 0;
        for (int i = 0; i < 8; i++) {      /* from the right, every second digit doubled */
            int d = out[i] - '0';
            if (i % 2 == 1)
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            sum += d;
        }
        out[8] = (char)('0' + (10 - sum % 10) % 10);
        out[9] = '\0';
        bool seen = false;
        for (int i = 0; i < g->nsirens && !seen; i++)
            seen = memcmp(g->sirens[i], out, 10) == 0;
        if (!seen)
            break;
    }
    g->sirens = xreallocarray(g->sirens, (size_t)g->nsirens + 1, sizeof *g->sirens);
    memcpy(g->sirens[g->nsirens++], out, 10);
}

static int add_member(struct gen *g, enum member_kind kind, const char *name, const char *dep,
                      char *domain, int64_t parent_id)
{
    char siren[10];
    make_siren(g, kind, dep, siren);
    int stage;
    struct member m = {
        .name = (char *)name, .kind = kind, .siren = siren, .departement = (char *)dep,
        .status = gen_pick_stage(g, kind, &stage), .parent_id = parent_id,
    };
    int rc = store_member_add(g->s, &m);
    free(m.sort_key);                  /* set by the store; the rest is ours */
    if (rc != STORE_OK) {
        free(domain);
        return gen_fail(g, rc, _("adding a member"));
    }
    if (g->nmembers == g->members_cap) {
        g->members_cap = g->members_cap ? g->members_cap * 2 : 128;
        g->members = xreallocarray(g->members, (size_t)g->members_cap, sizeof *g->members);
    }
    g->members[g->nmembers++] = (struct gen_member){
        .id = m.id, .kind = kind, .status = m.status, .name = xstrdup(name), .dep = dep,
        .domain = domain, .stage = stage,
    };
    g->st.members++;
    return STORE_OK;
}

/* The communes of one EPCI: those marked '*' always, the others by chance. */
static int add_communes(struct gen *g, const struct demo_epci *e, int64_t epci_id)
{
    for (const char *p = e->communes; *p; ) {
        size_t n = strcspn(p, "|");
        bool always = *p == '*';
        char *name = xstrndup(p + always, n - always);
        int rc = STORE_OK;
        if (always || gen_pct(g, KEEP_COMMUNE_PCT)) {
            char *slug = gen_ascii_slug(name, true);
            rc = add_member(g, MEMBER_COMMUNE, name, e->dep, xasprintf("mairie-%s.fr", slug),
                            epci_id);
            free(slug);
        }
        free(name);
        if (rc != STORE_OK)
            return rc;
        p += n + (p[n] == '|');
    }
    return STORE_OK;
}

static int add_members(struct gen *g)
{
    int rc = STORE_OK;
    for (size_t i = 0; i < demo_orgs_count && rc == STORE_OK; i++) {
        const struct demo_org *o = &demo_orgs[i];
        rc = add_member(g, o->kind, o->name, o->dep, xstrdup(o->domain), 0);
    }
    for (size_t i = 0; i < demo_epcis_count && rc == STORE_OK; i++) {
        const struct demo_epci *e = &demo_epcis[i];
        rc = add_member(g, MEMBER_EPCI, e->name, e->dep, xstrdup(e->domain), 0);
        if (rc == STORE_OK)
            rc = add_communes(g, e, g->members[g->nmembers - 1].id);
        gen_progress(g, _("members"), g->nmembers, 0);
    }
    return rc;
}

static void make_phone(struct gen *g, const char *dep, char out[16])
{
    if (gen_pct(g, 25)) {
        snprintf(out, 16, "0%d %02d %02d %02d %02d", gen_range(g, 6, 7), gen_below(g, 100),
                 gen_below(g, 100), gen_below(g, 100), gen_below(g, 100));
        return;
    }
    int area = !dep ? 99 : strcmp(dep, "22") == 0 ? 96 : strcmp(dep, "29") == 0 ? 98
             : strcmp(dep, "56") == 0 ? 97 : 99;
    snprintf(out, 16, "02 %d %02d %02d %02d", area, gen_below(g, 100), gen_below(g, 100),
             gen_below(g, 100));
}

static int contacts_wanted(struct gen *g, enum member_kind kind)
{
    switch (kind) {
    case MEMBER_COMMUNE: return gen_range(g, 2, 5);
    case MEMBER_EPCI: return gen_range(g, 4, 8);
    case MEMBER_DEPARTEMENT: return gen_range(g, 5, 7);
    case MEMBER_REGION: return 7;
    case MEMBER_HOSPITAL: return gen_range(g, 3, 4);
    default: return gen_range(g, 2, 3);
    }
}

/* The n-th role of a "|"-separated list (wrapping around). */
static char *nth_role(const char *roles, int n)
{
    int count = 1;
    for (const char *p = roles; *p; p++)
        count += *p == '|';
    n %= count;
    const char *p = roles;
    while (n-- > 0)
        p = strchr(p, '|') + 1;
    return xstrndup(p, strcspn(p, "|"));
}

static int add_contact(struct gen *g, struct gen_member *m, int idx, int role_offset)
{
    const char *first = gen_item(g, demo_first_names, demo_first_names_count);
    const char *last = gen_item(g, demo_last_names, demo_last_names_count);
    char *role = idx == 0 ? xstrdup("Référent")
                          : nth_role(demo_roles_of(m->kind), role_offset + idx - 1);
    char *f = gen_ascii_slug(first, false), *l = gen_ascii_slug(last, false);
    char phone[16];
    make_phone(g, m->dep, phone);
    struct contact c = {
        .member_id = m->id, .name = xasprintf("%s %s", first, last), .role = role,
        .email = gen_pct(g, 92) ? xasprintf("%s.%s@%s", f, l, m->domain) : NULL,
        .phone = gen_pct(g, 90) ? phone : NULL,
    };
    free(f);
    free(l);
    int rc = store_contact_add(g->s, &c);
    free(c.email);
    free(role);
    if (rc != STORE_OK) {
        free(c.name);
        return gen_fail(g, rc, _("adding a contact"));
    }
    if (g->ncontacts == g->contacts_cap) {
        g->contacts_cap = g->contacts_cap ? g->contacts_cap * 2 : 1024;
        g->contacts = xreallocarray(g->contacts, (size_t)g->contacts_cap, sizeof *g->contacts);
    }
    g->contacts[g->ncontacts++] = (struct gen_contact){ .id = c.id, .name = c.name };
    g->st.contacts++;
    return STORE_OK;
}

/* A few contacts left their member lately: kept on old exchanges, marked retired
 * (never the référent, the first one). */
int gen_retire_contacts(struct gen *g)
{
    for (int i = 0; i < g->nmembers; i++) {
        const struct gen_member *m = &g->members[i];
        for (int k = 1; k < m->ncontacts; k++) {
            if (!gen_pct(g, RETIRED_PCT))
                continue;
            struct contact c = {0};
            int rc = store_contact_get(g->s, g->contacts[m->first_contact + k].id, &c);
            c.retired = true;
            gen_clock_set(g, g->now - (int64_t)gen_range(g, 1, 60) * DAY);
            if (rc == STORE_OK)
                rc = store_contact_update(g->s, &c);
            contact_clear(&c);
            if (rc != STORE_OK)
                return gen_fail(g, rc, _("retiring a contact"));
            g->st.retired++;
        }
    }
    return STORE_OK;
}

static int add_contacts(struct gen *g)
{
    for (int i = 0; i < g->nmembers; i++) {
        struct gen_member *m = &g->members[i];
        int n = contacts_wanted(g, m->kind), offset = gen_below(g, 8);
        m->first_contact = g->ncontacts;
        for (int k = 0; k < n; k++) {
            int rc = add_contact(g, m, k, offset);
            if (rc != STORE_OK)
                return rc;
        }
        m->ncontacts = n;
        gen_progress(g, _("contacts"), g->ncontacts, 0);
    }
    return STORE_OK;
}

/* How much a member talks to the syndicate: EPCI and départements more than a small
 * commune; prospects and former members much less; those in trouble (usage.c) more. */
static void weigh_members(struct gen *g)
{
    static const int by_kind[MEMBER_KIND_COUNT] = {
        [MEMBER_REGION] = 40, [MEMBER_DEPARTEMENT] = 50, [MEMBER_EPCI] = 40,
        [MEMBER_COMMUNE] = 10, [MEMBER_CCAS] = 8, [MEMBER_HOSPITAL] = 25, [MEMBER_OTHER] = 12,
    };
    static const int by_status[MSTATUS_COUNT] = {
        [MSTATUS_PROSPECT] = 3, [MSTATUS_JOINING] = 10, [MSTATUS_MEMBER] = 10,
        [MSTATUS_PARTNER] = 7, [MSTATUS_LEFT] = 4, [MSTATUS_REFUSED] = 2, [MSTATUS_DISSOLVED] = 2,
    };
    g->member_weight_sum = xcalloc((size_t)g->nmembers, sizeof *g->member_weight_sum);
    long sum = 0;
    for (int i = 0; i < g->nmembers; i++) {
        const struct gen_member *m = &g->members[i];
        sum += (long)by_kind[m->kind] * by_status[m->status] * (m->trouble_from ? 3 : 1);
        g->member_weight_sum[i] = sum;
    }
    for (size_t i = 0; i < demo_scenarios_count; i++)
        g->scenario_weight_total += demo_scenarios[i].weight;
}

struct gen_member *gen_pick_member(struct gen *g)
{
    long total = g->member_weight_sum[g->nmembers - 1];
    long r = (long)(gen_rnd(g) % (uint64_t)total);
    int lo = 0, hi = g->nmembers - 1;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (g->member_weight_sum[mid] > r)
            hi = mid;
        else
            lo = mid + 1;
    }
    return &g->members[lo];
}

const struct demo_scenario *gen_pick_scenario(struct gen *g)
{
    long r = (long)(gen_rnd(g) % (uint64_t)g->scenario_weight_total);
    for (size_t i = 0; i < demo_scenarios_count; i++) {
        r -= demo_scenarios[i].weight;
        if (r < 0)
            return &demo_scenarios[i];
    }
    return &demo_scenarios[0];
}

/* A staff member, usually of the given pôle; sometimes the running login. */
const struct gen_staff *gen_pick_staff(struct gen *g, enum demo_pole pole)
{
    if (g->me >= 0 && gen_pct(g, 8))
        return &g->staff[g->me];
    if (gen_pct(g, 75)) {
        int k = gen_below(g, g->nstaff), tries = g->nstaff;
        while (g->staff[k].pole != pole && tries-- > 0)
            k = (k + 1) % g->nstaff;
        return &g->staff[k];
    }
    return &g->staff[gen_below(g, g->nstaff)];
}

static void gen_free(struct gen *g)
{
    for (int i = 0; i < g->nmembers; i++) {
        free(g->members[i].name);
        free(g->members[i].domain);
    }
    for (int i = 0; i < g->ncontacts; i++)
        free(g->contacts[i].name);
    free(g->members);
    free(g->contacts);
    free(g->member_weight_sum);
    free(g->sirens);
    gen_journey_free(g);
    gen_usage_free(g);
    gen_training_free(g);
}

int demo_generate(store *s, unsigned seed, FILE *progress_to, struct demo_stats *stats,
                  char *err, size_t errlen)
{
    struct gen g = { .s = s, .rng = seed, .now = time_now(), .progress = progress_to,
                     .err = err, .errlen = errlen };
    if (errlen)
        err[0] = '\0';
    gen_utc_date(g.now, g.today);
    g.progress_tty = progress_to && isatty(fileno(progress_to));
    clock_gettime(CLOCK_MONOTONIC, &g.last_progress);
    gen_journey_start(&g);
    int rc = store_begin(s);
    if (rc != STORE_OK) {
        gen_fail(&g, rc, "starting the transaction");
        gen_free(&g);
        return rc;
    }
    if (gen_clock_start(&g) != 0) {
        snprintf(err, errlen, "%s", _("demo: cannot set the clock (SUIVI_NOW)"));
        rc = STORE_ERROR;
    }
    /* Set-up happens before the first steps of the journeys, which began up to
     * JOURNEY_DAYS ago; the exchanges are those of the last two years. */
    gen_clock_set(&g, g.now - (int64_t)(JOURNEY_DAYS + 30) * DAY);
    if (rc == STORE_OK)
        rc = add_reference(&g);
    if (rc == STORE_OK)
        rc = add_members(&g);
    if (rc == STORE_OK)
        rc = add_contacts(&g);
    if (rc == STORE_OK) {
        gen_plan_journeys(&g);
        rc = gen_plan_usage(&g);
    }
    if (rc == STORE_OK) {
        gen_plan_training(&g);
        weigh_members(&g);
        rc = gen_add_history(&g);
    }
    if (rc == STORE_OK)
        rc = gen_retire_contacts(&g);
    gen_clock_stop(&g);
    if (rc == STORE_OK) {
        rc = store_commit(s);
        if (rc != STORE_OK)
            gen_fail(&g, rc, "saving");
    } else {
        store_rollback(s);
    }
    if (rc == STORE_OK && g.progress)
        /* L10N: a summary as label-count pairs, so that no plural is needed. */
        fprintf(g.progress, _("%sdemo: members %d, contacts %d (%d retired), interactions "
                "%d, actions %d, notes %d, journey steps %d, subscriptions %d, usage figures "
                "%d, training sessions %d, attendees %d, staff %d\n"),
                g.progress_tty ? "\r" : "", g.st.members, g.st.contacts, g.st.retired,
                g.st.interactions, g.st.actions, g.st.notes, g.st.steps, g.st.subscriptions,
                g.st.usage, g.st.trainings, g.st.attendees, g.st.staff);
    if (stats)
        *stats = g.st;
    gen_free(&g);
    return rc;
}
