/* demo — see demo.h.  Builds two years of a Breton syndicate's life through the
 * store, in one transaction.
 *
 * Determinism: every choice comes from our own PRNG (splitmix64) seeded with the
 * seed, and every instant is computed from "now" (time_now(), which honours
 * $SUIVI_NOW), so the same seed and the same now give the same rows.
 *
 * History: the store stamps what it writes (created_at, closed_at, audit rows) with
 * time_now().  To give each row the instant it would have had, we pin $SUIVI_NOW to
 * the simulated clock while generating (see clock_*), and restore it afterwards. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gen.h"
#include "suivi/base/login.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/xalloc.h"

/* ---- randomness ------------------------------------------------------------------ */

uint64_t gen_rnd(struct gen *g)
{
    uint64_t z = (g->rng += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* 0..n-1 (the modulo bias is far below anything a demo could show). */
int gen_below(struct gen *g, int n)
{
    return n > 0 ? (int)(gen_rnd(g) % (uint64_t)n) : 0;
}

int gen_range(struct gen *g, int lo, int hi)
{
    return lo + gen_below(g, hi - lo + 1);
}

bool gen_pct(struct gen *g, int pct)
{
    return gen_below(g, 100) < pct;
}

const char *gen_item(struct gen *g, const char *const *items, size_t n)
{
    return items[gen_below(g, (int)n)];
}

/* ---- clock, progress, errors ----------------------------------------------------- */

/* putenv() installs our own buffer, rewritten in place for each instant: no copy
 * is made per row (setenv would keep every old value alive). */
static int clock_start(struct gen *g)
{
    static const char prefix[] = "SUIVI_NOW=";
    const char *old = getenv("SUIVI_NOW");
    g->saved_now = old ? xstrdup(old) : NULL;
    g->clock_var = xmalloc(sizeof prefix + TIME_ISO_LEN);
    memcpy(g->clock_var, prefix, sizeof prefix);
    time_to_iso(g->now, g->clock_var + sizeof prefix - 1);
    return putenv(g->clock_var) == 0 ? 0 : -1;
}

void gen_clock_set(struct gen *g, int64_t t)
{
    time_to_iso(t < g->now ? t : g->now, g->clock_var + sizeof "SUIVI_NOW=" - 1);
}

static void clock_stop(struct gen *g)
{
    if (!g->clock_var)
        return;
    /* Both calls drop our buffer from the environment before it is freed. */
    if (g->saved_now)
        setenv("SUIVI_NOW", g->saved_now, 1);
    else
        unsetenv("SUIVI_NOW");
    free(g->clock_var);
    free(g->saved_now);
    g->clock_var = g->saved_now = NULL;
}

void gen_progress(struct gen *g, const char *what, int done, int total)
{
    if (!g->progress)
        return;
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    long ns = (long)(t.tv_sec - g->last_progress.tv_sec) * 1000000000L
              + (t.tv_nsec - g->last_progress.tv_nsec);
    if (ns < PROGRESS_NS)
        return;
    g->last_progress = t;
    char count[32];
    if (total > 0)
        snprintf(count, sizeof count, "%d/%d", done, total);
    else
        snprintf(count, sizeof count, "%d", done);
    fprintf(g->progress, "%sdemo: %s %s%s", g->progress_tty ? "\r" : "", what, count,
            g->progress_tty ? "   " : "\n");
    fflush(g->progress);
}

int gen_fail(struct gen *g, int rc, const char *what)
{
    snprintf(g->err, g->errlen, "demo: %s: %s", what, store_errmsg(g->s));
    return rc;
}

/* ---- text ------------------------------------------------------------------------ */

static void buf_add(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (*len + n + 1 > *cap) {
        *cap = (*len + n + 1) * 2;
        *buf = xreallocarray(*buf, *cap, 1);
    }
    memcpy(*buf + *len, s, n);
    *len += n;
    (*buf)[*len] = '\0';
}

/* Replace the {x} tokens of tpl (see demo_names.h).  Caller frees. */
char *gen_expand(const char *tpl, const struct subst *v)
{
    char *buf = NULL;
    size_t len = 0, cap = 0;
    buf_add(&buf, &len, &cap, "", 0);
    for (const char *p = tpl; *p; ) {
        const char *val = NULL;
        if (p[0] == '{' && p[1] && p[2] == '}') {
            switch (p[1]) {
            case 'm': val = v->m; break;
            case 'c': val = v->c; break;
            case 's': val = v->s; break;
            case 'a': val = v->a; break;
            case 'd': val = v->d; break;
            case 'n': val = v->n; break;
            default: break;
            }
        }
        if (val) {
            buf_add(&buf, &len, &cap, val, strlen(val));
            p += 3;
        } else {
            buf_add(&buf, &len, &cap, p, 1);
            p++;
        }
    }
    return buf;
}

/* ASCII for e-mail addresses: accents folded; in a local part spaces and
 * apostrophes vanish ("Le Floc'h" -> "lefloch"), in a domain they become '-'. */
static char *ascii_slug(const char *s, bool domain)
{
    char *folded = fold_for_search(s);
    char *out = xmalloc(strlen(folded) + 1), *o = out;
    for (const char *p = folded; *p; p++) {
        char c = *p;
        bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (alnum || c == '-' || c == '.')
            *o++ = c;
        else if (domain && (c == ' ' || c == '\'') && o > out && o[-1] != '-')
            *o++ = '-';
    }
    *o = '\0';
    free(folded);
    return out;
}

/* UTC calendar date of t, "YYYY-MM-DD": independent of TZ, so the demo is too. */
void gen_utc_date(int64_t t, char out[DATE_ISO_LEN])
{
    char iso[TIME_ISO_LEN];
    time_to_iso(t, iso);
    memcpy(out, iso, DATE_ISO_LEN - 1);
    out[DATE_ISO_LEN - 1] = '\0';
}

/* "DD/MM/YYYY" for bodies. */
void gen_french_date(int64_t t, char out[DATE_ISO_LEN])
{
    char d[DATE_ISO_LEN];
    gen_utc_date(t, d);
    snprintf(out, DATE_ISO_LEN, "%.2s/%.2s/%.4s", d + 8, d + 5, d);
}

/* ---- reference data -------------------------------------------------------------- */

static int add_reference(struct gen *g)
{
    for (size_t i = 0; i < demo_pole_names_count; i++) {
        struct pole p = { .name = (char *)demo_pole_names[i] };
        if (store_pole_add(g->s, &p) != STORE_OK)
            return gen_fail(g, STORE_ERROR, "adding a pôle");
        g->pole_ids[i] = p.id;
    }
    for (size_t i = 0; i < demo_providers_count; i++) {
        const struct demo_provider_info *d = &demo_providers[i];
        struct provider p = { .name = (char *)d->name, .email = (char *)d->email,
                              .phone = (char *)d->phone };
        if (store_provider_add(g->s, &p) != STORE_OK)
            return gen_fail(g, STORE_ERROR, "adding a provider");
        g->provider_ids[i] = p.id;
    }
    const char *me = unix_login();
    g->me = -1;
    for (size_t i = 0; i <= demo_staff_count; i++) {
        bool mine = i == demo_staff_count;
        if (mine && g->me >= 0)
            break;                       /* the running login is one of ours */
        struct staff st = {
            .login = (char *)(mine ? me : demo_staff[i].login),
            .display_name = (char *)(mine ? unix_full_name() : demo_staff[i].name),
            .pole_id = g->pole_ids[mine ? POLE_SUPPORT : demo_staff[i].pole],
        };
        if (store_staff_add(g->s, &st) != STORE_OK)
            return gen_fail(g, STORE_ERROR, "adding a staff member");
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

static enum member_status pick_status(struct gen *g, enum member_kind kind)
{
    int r = gen_below(g, 100);
    switch (kind) {
    case MEMBER_REGION:
    case MEMBER_DEPARTEMENT:
        return MSTATUS_MEMBER;
    case MEMBER_EPCI:
        return r < 90 ? MSTATUS_MEMBER : r < 94 ? MSTATUS_JOINING : r < 97 ? MSTATUS_PROSPECT
             : MSTATUS_LEFT;
    case MEMBER_COMMUNE:
        return r < 74 ? MSTATUS_MEMBER : r < 82 ? MSTATUS_PROSPECT : r < 87 ? MSTATUS_JOINING
             : r < 90 ? MSTATUS_PARTNER : r < 94 ? MSTATUS_LEFT : r < 97 ? MSTATUS_REFUSED
             : MSTATUS_DISSOLVED;
    default:
        return r < 60 ? MSTATUS_MEMBER : r < 80 ? MSTATUS_PARTNER : r < 92 ? MSTATUS_PROSPECT
             : MSTATUS_JOINING;
    }
}

static int add_member(struct gen *g, enum member_kind kind, const char *name, const char *dep,
                      char *domain, int64_t parent_id)
{
    char siren[10];
    make_siren(g, kind, dep, siren);
    struct member m = {
        .name = (char *)name, .kind = kind, .siren = siren, .departement = (char *)dep,
        .status = pick_status(g, kind), .parent_id = parent_id,
    };
    int rc = store_member_add(g->s, &m);
    free(m.sort_key);                  /* set by the store; the rest is ours */
    if (rc != STORE_OK) {
        free(domain);
        return gen_fail(g, rc, "adding a member");
    }
    if (g->nmembers == g->members_cap) {
        g->members_cap = g->members_cap ? g->members_cap * 2 : 128;
        g->members = xreallocarray(g->members, (size_t)g->members_cap, sizeof *g->members);
    }
    g->members[g->nmembers++] = (struct gen_member){
        .id = m.id, .kind = kind, .status = m.status, .name = xstrdup(name), .dep = dep,
        .domain = domain,
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
            char *slug = ascii_slug(name, true);
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
        gen_progress(g, "members", g->nmembers, 0);
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
    char *f = ascii_slug(first, false), *l = ascii_slug(last, false);
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
        return gen_fail(g, rc, "adding a contact");
    }
    if (g->ncontacts == g->contacts_cap) {
        g->contacts_cap = g->contacts_cap ? g->contacts_cap * 2 : 1024;
        g->contacts = xreallocarray(g->contacts, (size_t)g->contacts_cap, sizeof *g->contacts);
    }
    g->contacts[g->ncontacts++] = (struct gen_contact){ .id = c.id, .name = c.name };
    g->st.contacts++;
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
        gen_progress(g, "contacts", g->ncontacts, 0);
    }
    return STORE_OK;
}

/* How much a member talks to the syndicate: EPCI and départements more than a small
 * commune; prospects and former members much less. */
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
        sum += (long)by_kind[g->members[i].kind] * by_status[g->members[i].status];
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
    int rc = store_begin(s);
    if (rc != STORE_OK)
        return gen_fail(&g, rc, "starting the transaction");
    if (clock_start(&g) != 0) {
        snprintf(err, errlen, "demo: cannot set the clock (SUIVI_NOW)");
        rc = STORE_ERROR;
    }
    /* Set-up happens just before the two years of history. */
    gen_clock_set(&g, g.now - (int64_t)(HISTORY_DAYS + 30) * DAY);
    if (rc == STORE_OK)
        rc = add_reference(&g);
    if (rc == STORE_OK)
        rc = add_members(&g);
    if (rc == STORE_OK)
        rc = add_contacts(&g);
    if (rc == STORE_OK) {
        weigh_members(&g);
        rc = gen_add_history(&g);
    }
    clock_stop(&g);
    if (rc == STORE_OK) {
        rc = store_commit(s);
        if (rc != STORE_OK)
            gen_fail(&g, rc, "saving");
    } else {
        store_rollback(s);
    }
    if (rc == STORE_OK && g.progress)
        fprintf(g.progress, "%sdemo: %d members, %d contacts, %d interactions, %d actions, "
                "%d notes, %d staff\n", g.progress_tty ? "\r" : "", g.st.members,
                g.st.contacts, g.st.interactions, g.st.actions, g.st.notes, g.st.staff);
    if (stats)
        *stats = g.st;
    for (int i = 0; i < g.nmembers; i++) {
        free(g.members[i].name);
        free(g.members[i].domain);
    }
    for (int i = 0; i < g.ncontacts; i++)
        free(g.contacts[i].name);
    free(g.members);
    free(g.contacts);
    free(g.member_weight_sum);
    free(g.sirens);
    return rc;
}
