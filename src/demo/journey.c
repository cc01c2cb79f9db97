/* journey — every member's journey (parcours de l'adhérent), see gen.h.
 *
 * The stages are those of the default settings (config_defaults: prospect,
 * joining, convention, referent, trained, first_use, regular, renewal, then the
 * exits left, refused, dissolved), so that a changed default follows.  A member
 * is given its stage when it is added (its status goes with it: a prospect is a
 * prospect, one that left has left); its history walks the steps in order up to
 * there (an exit comes after some step), dated backwards from now: each step some
 * days to months before the next, on a working day, all of it within the last
 * JOURNEY_DAYS.  About a quarter of those at a stage with a limit are past it
 * (stalled).  Each step is written as `suivi journey set` writes one
 * (store_member_set_stage: the member's stage and due date, a row of its journey,
 * a key event on its timeline, the audit), at its own instant; the convention's
 * step opens the member's services (usage.c). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "suivi/base/i18n.h"
#include "suivi/base/xalloc.h"
#include "suivi/store/journey.h"

struct gen_step {
    int64_t at, typed;          /* entered the stage; written down just after */
    int member, k;              /* index in g->members; the step's rank in its journey */
    int stage;                  /* index in g->cfg.stages */
    char due[DATE_ISO_LEN];     /* "" = none */
    char *why, *subject;
};

/* What the generator knows of a stage, by its code; others are J_STEP or J_EXIT. */
enum jrole { J_PROSPECT, J_JOINING, J_CONVENTION, J_REFERENT, J_TRAINED, J_FIRST_USE,
             J_REGULAR, J_RENEWAL, J_LEFT, J_REFUSED, J_DISSOLVED, J_STEP, J_EXIT, J_COUNT };

static const char *const role_codes[J_STEP] = {
    "prospect", "joining", "convention", "referent", "trained", "first_use", "regular",
    "renewal", "left", "refused", "dissolved",
};

/* Where the members stand (per mille, before the kinds' exceptions): most use the
 * services regularly, the rest on their way, a few gone. */
static const int role_weight[J_COUNT] = {
    [J_PROSPECT] = 50, [J_JOINING] = 50, [J_CONVENTION] = 70, [J_REFERENT] = 80,
    [J_TRAINED] = 100, [J_FIRST_USE] = 100, [J_REGULAR] = 450, [J_RENEWAL] = 50,
    [J_LEFT] = 20, [J_REFUSED] = 20, [J_DISSOLVED] = 14, [J_STEP] = 40, [J_EXIT] = 10,
};

/* How often a step says why (%). */
static const int why_pct[J_COUNT] = {
    [J_PROSPECT] = 60, [J_JOINING] = 85, [J_CONVENTION] = 70, [J_REFERENT] = 70,
    [J_TRAINED] = 70, [J_FIRST_USE] = 60, [J_REGULAR] = 35, [J_RENEWAL] = 60,
    [J_LEFT] = 90, [J_REFUSED] = 90, [J_DISSOLVED] = 100,
};

static enum jrole role_of(const struct config_stage *st)
{
    for (int r = 0; r < J_STEP; r++)
        if (strcmp(st->code, role_codes[r]) == 0)
            return (enum jrole)r;
    return st->exit ? J_EXIT : J_STEP;
}

void gen_journey_start(struct gen *g)
{
    config_defaults(&g->cfg);
}

/* The first step (a configuration always has one). */
static int first_step(const struct gen *g)
{
    for (int i = 0; i < g->cfg.nstages; i++)
        if (!g->cfg.stages[i].exit)
            return i;
    return 0;
}

/* How much a kind of member is found at a stage: the Région and the départements
 * have been members all along; only communes merge; an EPCI does not refuse. */
static int weight_for(const struct gen *g, enum member_kind kind, const struct config_stage *st)
{
    enum jrole r = role_of(st);
    bool ways_in = r == J_PROSPECT || r == J_JOINING || st->exit;
    if ((kind == MEMBER_REGION || kind == MEMBER_DEPARTEMENT) && ways_in)
        return 0;
    if (r == J_DISSOLVED && (kind != MEMBER_COMMUNE || g->dissolved >= DISSOLVED_MAX))
        return 0;
    if (r == J_REFUSED && kind == MEMBER_EPCI)
        return 0;
    return role_weight[r];
}

enum member_status gen_pick_stage(struct gen *g, enum member_kind kind, int *stage)
{
    int total = 0;
    for (int i = 0; i < g->cfg.nstages; i++)
        total += weight_for(g, kind, &g->cfg.stages[i]);
    int r = gen_below(g, total);
    *stage = first_step(g);
    for (int i = 0; i < g->cfg.nstages && total > 0; i++) {
        r -= weight_for(g, kind, &g->cfg.stages[i]);
        if (r < 0) {
            *stage = i;
            break;
        }
    }
    switch (role_of(&g->cfg.stages[*stage])) {
    case J_PROSPECT: return MSTATUS_PROSPECT;
    case J_JOINING: return MSTATUS_JOINING;
    case J_LEFT: case J_EXIT: return MSTATUS_LEFT;
    case J_REFUSED: return MSTATUS_REFUSED;
    case J_DISSOLVED:
        g->dissolved++;
        return MSTATUS_DISSOLVED;
    default:
        break;
    }
    /* On its way or using the services: a member, or for some bodies a partner. */
    bool body = kind == MEMBER_HOSPITAL || kind == MEMBER_CCAS || kind == MEMBER_OTHER;
    int partner_pct = body ? 25 : kind == MEMBER_COMMUNE ? 3 : 0;
    return gen_pct(g, partner_pct) ? MSTATUS_PARTNER : MSTATUS_MEMBER;
}

/* ---- the why of a step -------------------------------------------------------------- */

static const char *const why_prospect[] = {
    "Rencontre au salon des maires", "Demande d'information de la mairie",
    "Présentation des services en conseil communautaire",
    "Contact lors d'une réunion de l'EPCI", "Orienté vers le syndicat par le centre de gestion",
};
static const char *const why_trained[] = {
    "Session de formation GRETA", "Formation sur site", "Formation en visioconférence",
    "Atelier de prise en main au syndicat",
};
static const char *const why_first_use[] = {
    "Première transmission d'actes", "Premier parapheur signé",
    "Première consultation publiée sur la salle des marchés",
    "Premier versement d'archives électroniques",
};
/* The service each of those names, for usage.c. */
static const char *const first_use_codes[] = { "actes", "parapheur", "marches", "archivage" };
_Static_assert(sizeof first_use_codes / sizeof first_use_codes[0]
               == sizeof why_first_use / sizeof why_first_use[0], "one service per why");
static const char *const why_regular[] = {
    "Usage régulier constaté au bilan trimestriel", "Utilise chaque semaine les services",
};
static const char *const why_renewal[] = {
    "Convention arrivant à échéance", "Renouvellement de la convention à délibérer",
};
static const char *const why_left[] = {
    "Non-renouvellement de la convention", "Délibération de retrait",
    "Départ vers un autre prestataire",
};
static const char *const why_refused[] = {
    "Délibération défavorable du conseil", "Pas de budget cette année",
    "Adhésion reportée au prochain mandat",
};
#define PICK(list) gen_item(g, (list), sizeof (list) / sizeof (list)[0])

static const char *assembly_of(enum member_kind kind)
{
    switch (kind) {
    case MEMBER_COMMUNE: return "Délibération du conseil municipal";
    case MEMBER_EPCI: return "Délibération du conseil communautaire";
    case MEMBER_REGION: return "Délibération du conseil régional";
    case MEMBER_DEPARTEMENT: return "Délibération du conseil départemental";
    default: return "Délibération du conseil d'administration";
    }
}

/* A short French note on why the member reached st at t, or NULL (caller frees). */
static char *why_of(struct gen *g, const struct gen_member *m, const struct config_stage *st,
                    int64_t t)
{
    enum jrole r = role_of(st);
    if (!gen_pct(g, why_pct[r]))
        return NULL;
    char date[DATE_ISO_LEN];
    const char *referent = m->ncontacts ? g->contacts[m->first_contact].name : NULL;
    switch (r) {
    case J_PROSPECT: return xstrdup(PICK(why_prospect));
    case J_JOINING:
        return xstrdup(gen_pct(g, 75) ? assembly_of(m->kind) : "Dossier d'adhésion reçu");
    case J_CONVENTION:
        gen_french_date(t - (int64_t)gen_range(g, 0, 6) * DAY, date);
        return gen_pct(g, 70) ? xasprintf("Convention signée le %s", date)
                              : xstrdup("Convention retournée signée");
    case J_REFERENT:
        if (m->kind == MEMBER_COMMUNE)
            return referent && gen_pct(g, 60)
                 ? xasprintf("Référent : %s, secrétaire de mairie", referent)
                 : xstrdup("Référent : secrétaire de mairie");
        return referent ? xasprintf("Référent : %s", referent)
                        : xstrdup("Référent : responsable informatique");
    case J_TRAINED: return xstrdup(PICK(why_trained));
    case J_FIRST_USE: return xstrdup(PICK(why_first_use));
    case J_REGULAR: return xstrdup(PICK(why_regular));
    case J_RENEWAL: return xstrdup(PICK(why_renewal));
    case J_LEFT: return xstrdup(PICK(why_left));
    case J_REFUSED: return xstrdup(PICK(why_refused));
    case J_DISSOLVED:
        gen_utc_date(t, date);
        return gen_pct(g, 40) ? xstrdup("Fusion de communes")
                              : xasprintf("Fusion de communes : commune nouvelle au 1er "
                                          "janvier %d", atoi(date) + 1);
    default: return NULL;
    }
}

/* ---- planning ----------------------------------------------------------------------- */

/* The steps (not the exits), in order: their indices in cfg.stages. */
static int steps_of(const struct gen *g, int steps[CONFIG_STAGES_MAX])
{
    int n = 0;
    for (int i = 0; i < g->cfg.nstages; i++)
        if (!g->cfg.stages[i].exit)
            steps[n++] = i;
    return n;
}

/* The rank among steps[] of the step of that role, or fallback. */
static int rank_of(const struct gen *g, const int *steps, int n, enum jrole r, int fallback)
{
    for (int k = 0; k < n; k++)
        if (role_of(&g->cfg.stages[steps[k]]) == r)
            return k;
    return fallback < n ? fallback : n - 1;
}

/* The last step before an exit: a refusal comes early, a merger or a departure
 * after the member used the services (often when its convention was to renew). */
static int before_exit(struct gen *g, enum jrole exit, const int *steps, int n)
{
    int regular = rank_of(g, steps, n, J_REGULAR, n - 1);
    switch (exit) {
    case J_REFUSED:
        return gen_pct(g, 55) ? 0 : rank_of(g, steps, n, J_JOINING, 1);
    case J_DISSOLVED:
        return regular;
    default: {
        int r = gen_below(g, 100);
        return r < 50 ? rank_of(g, steps, n, J_RENEWAL, n - 1)
             : r < 85 ? regular : rank_of(g, steps, n, J_FIRST_USE, regular);
    }
    }
}

/* Days since the member entered the stage it is at (at least 1: never today). */
static int current_age(struct gen *g, const struct config_stage *st)
{
    int limit = st->limit_days;
    if (st->exit)
        return gen_range(g, 15, 540);
    if (limit <= 0)
        return gen_range(g, 20, 700);
    /* Stalled: past the limit, by days to months.  Not: inside it (the weekend
     * rule below only makes a step older, by two days at most). */
    if (gen_pct(g, STALLED_PCT))
        return gen_range(g, limit + 1, limit + (limit > 20 ? limit : 20));
    return gen_range(g, 1, limit > 4 ? limit - 3 : 1);
}

/* Days spent at st before moving on: mostly within its limit, sometimes late. */
static int days_at(struct gen *g, const struct config_stage *st)
{
    int limit = st->limit_days;
    if (limit <= 0)
        return gen_range(g, 240, 720);         /* years of use before the next */
    if (gen_pct(g, 75))
        return gen_range(g, limit / 6 > 0 ? limit / 6 : 1, limit > 1 ? limit - 1 : 1);
    return gen_range(g, limit, 2 * limit);
}

/* The day (since the epoch) itself, or the Friday before a weekend. */
static int64_t working_day(int64_t day)
{
    int dow = (int)((day + 4) % 7);             /* 1970-01-01 was a Thursday; 0 = Sunday */
    return day - (dow == 0 ? 2 : dow == 6 ? 1 : 0);
}

static void add_step(struct gen *g, int member, int k, int stage, int from_stage, int64_t day)
{
    const struct config_stage *st = &g->cfg.stages[stage];
    struct gen_member *m = &g->members[member];
    if (g->nsteps % 256 == 0)
        g->steps = xreallocarray(g->steps, (size_t)g->nsteps + 256, sizeof *g->steps);
    struct gen_step *s = &g->steps[g->nsteps++];
    int64_t at = day * DAY + 7 * 3600 + gen_below(g, 9 * 3600 + 1800);
    if (at > g->now - 7200)
        at = g->now - 7200 - gen_below(g, 3600);
    *s = (struct gen_step){ .at = at, .typed = at + gen_range(g, 30, 900), .member = member,
                            .k = k, .stage = stage };
    if (!st->exit && st->limit_days > 0) {
        char entered[DATE_ISO_LEN];
        gen_utc_date(at, entered);
        if (date_add_days(entered, st->limit_days, s->due) != 0)
            s->due[0] = '\0';
    }
    s->why = why_of(g, m, st, at);
    /* The subject `suivi journey set` gives (core/journey.c). */
    s->subject = from_stage < 0
        ? xasprintf(_("Journey: %s"), st->label)
        : xasprintf(_("Journey: %s (was %s)"), st->label, g->cfg.stages[from_stage].label);
}

static void plan_member(struct gen *g, int member)
{
    int steps[CONFIG_STAGES_MAX], path[CONFIG_STAGES_MAX + 1], days[CONFIG_STAGES_MAX + 1];
    int nsteps = steps_of(g, steps), n = 0;
    int cur = g->members[member].stage;
    const struct config_stage *st = &g->cfg.stages[cur];
    int last = nsteps - 1;
    if (st->exit)
        last = before_exit(g, role_of(st), steps, nsteps);
    for (int k = 0; k <= last; k++) {
        path[n++] = steps[k];
        if (steps[k] == cur)
            break;
    }
    if (st->exit)
        path[n++] = cur;
    /* From the current stage back: days[k] is how long ago path[k] was entered.
     * A journey too long for its window (the last two to three years) is
     * squeezed into it: the windows differ, so that such journeys do not all
     * begin on the same day. */
    int window = gen_range(g, JOURNEY_DAYS * 2 / 3, JOURNEY_DAYS);
    int age = current_age(g, st);
    if (age > window - 2 * n)
        age = window - 2 * n;
    long spent = 0;
    int took[CONFIG_STAGES_MAX + 1];
    for (int k = 0; k + 1 < n; k++)
        spent += took[k] = days_at(g, &g->cfg.stages[path[k]]);
    long room = window - age;
    for (int k = 0; k + 1 < n && spent > room - n; k++) {   /* squeeze into the window */
        took[k] = (int)((long)took[k] * (room - n) / spent);
        if (took[k] < 1)
            took[k] = 1;
    }
    int64_t today = g->now / DAY;
    int64_t day = working_day(today - age);
    for (int k = n - 1; k >= 0; k--) {
        days[k] = (int)(today - day);
        if (k > 0)
            day = working_day(day - took[k - 1]);
    }
    for (int k = 0; k < n; k++)
        add_step(g, member, k, path[k], k ? path[k - 1] : -1, today - days[k]);
}

/* Oldest first; the same instant (never within one journey) by member. */
static int cmp_step(const void *a, const void *b)
{
    const struct gen_step *x = a, *y = b;
    if (x->at != y->at)
        return (x->at > y->at) - (x->at < y->at);
    if (x->member != y->member)
        return (x->member > y->member) - (x->member < y->member);
    return (x->k > y->k) - (x->k < y->k);
}

void gen_plan_journeys(struct gen *g)
{
    for (int i = 0; i < g->nmembers; i++)
        plan_member(g, i);
    if (g->nsteps)
        qsort(g->steps, (size_t)g->nsteps, sizeof *g->steps, cmp_step);
}

static const char *first_use_code(const char *why)
{
    for (size_t i = 0; why && i < sizeof why_first_use / sizeof why_first_use[0]; i++)
        if (strcmp(why, why_first_use[i]) == 0)
            return first_use_codes[i];
    return NULL;
}

void gen_journey_dates(const struct gen *g, struct gen_dates *out)
{
    memset(out, 0, (size_t)g->nmembers * sizeof *out);
    for (int i = 0; i < g->nsteps; i++) {
        const struct gen_step *s = &g->steps[i];
        struct gen_dates *d = &out[s->member];
        const struct config_stage *st = &g->cfg.stages[s->stage];
        switch (role_of(st)) {
        case J_CONVENTION: d->convention = s->at; break;
        case J_TRAINED: d->trained = s->at; break;
        case J_FIRST_USE:
            d->first_use = s->at;
            d->first_code = first_use_code(s->why);
            break;
        case J_REGULAR: d->regular = s->at; break;
        default:
            if (st->exit) {
                d->exit = s->at;
                d->left = role_of(st) != J_DISSOLVED;
            }
            break;
        }
    }
}

void gen_journey_trained_why(struct gen *g, int member, const char *why)
{
    for (int i = g->next_step; i < g->nsteps; i++) {
        struct gen_step *s = &g->steps[i];
        if (s->member != member || role_of(&g->cfg.stages[s->stage]) != J_TRAINED)
            continue;
        if (s->why) {
            free(s->why);
            s->why = xstrdup(why);
        }
        return;
    }
}

/* ---- writing ------------------------------------------------------------------------ */

int gen_journey_upto(struct gen *g, int64_t t)
{
    for (; g->next_step < g->nsteps && g->steps[g->next_step].at <= t; g->next_step++) {
        struct gen_step *s = &g->steps[g->next_step];
        struct stage_write w = {
            .member_id = g->members[s->member].id, .stage = g->cfg.stages[s->stage].code,
            .due = s->due[0] ? s->due : NULL, .why = s->why, .subject = s->subject,
            .at = s->at,
        };
        gen_clock_set(g, s->typed);
        int rc = store_member_set_stage(g->s, &w, NULL);
        free_and_null(&s->why);
        free_and_null(&s->subject);
        if (rc != STORE_OK) {
            g->next_step++;
            return gen_fail(g, rc, _("moving a member along its journey"));
        }
        g->st.steps++;
        /* The convention signed, its services are opened (usage.c). */
        if (role_of(&g->cfg.stages[s->stage]) == J_CONVENTION &&
            (rc = gen_subscribe(g, s->member, s->typed + gen_range(g, 60, 600))) != STORE_OK) {
            g->next_step++;
            return rc;
        }
    }
    return STORE_OK;
}

void gen_journey_free(struct gen *g)
{
    for (int i = g->next_step; i < g->nsteps; i++) {
        free(g->steps[i].why);
        free(g->steps[i].subject);
    }
    free(g->steps);
    g->steps = NULL;
    g->nsteps = g->next_step = 0;
    config_free(&g->cfg);
}
