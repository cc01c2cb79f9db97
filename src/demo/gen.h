/* gen — the demo generator's state and helpers, shared by gen.c (the tools),
 * demo.c (reference data, members, contacts), journey.c (the members' journeys),
 * history.c (interactions, actions, notes), usage.c (subscriptions, figures) and
 * training.c (training sessions, attendees).
 * Private to src/demo. */
#ifndef SUIVI_DEMO_GEN_H
#define SUIVI_DEMO_GEN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "names.h"
#include "suivi/demo/demo.h"
#include "suivi/base/timeutil.h"
#include "suivi/config/config.h"

#define DAY               86400
#define HISTORY_DAYS      730
/* Journeys began at most this long ago (the set-up is a month before). */
#define JOURNEY_DAYS      1000
#define STALLED_PCT       25   /* of the members at a stage with a limit: past it */
#define DISSOLVED_MAX     2    /* communes merged into a commune nouvelle */
#define INTERACTIONS_MIN  5800
#define INTERACTIONS_SPAN 400
#define STANDALONE_MIN    120
#define STANDALONE_SPAN   40
/* Scenario action_pct values are relative; scaled by 3/8 they give ~750 actions
 * from ~6,000 exchanges, plus the stand-alone ones: ~900 in all. */
#define ACTION_SCALE_NUM  3
#define ACTION_SCALE_DEN  8
#define KEEP_COMMUNE_PCT  64   /* of the communes not marked '*' in demo_names.c */
#define PROGRESS_NS       200000000L  /* at most 5 progress lines a second */
#define STAFF_MAX         16
#define RETIRED_PCT       2    /* of the contacts other than the référent */
#define RESOLVED_PCT      80   /* of the closed actions: a resolution is written */
#define STEP_PCT          35   /* of the closed actions: a status in between first */

struct gen_member {
    int64_t id;
    enum member_kind kind;
    enum member_status status;
    char *name;
    const char *dep;
    char *domain;
    int first_contact, ncontacts;   /* range in gen.contacts */
    int stage;                      /* where it stands: an index in gen.cfg.stages */
    int64_t trouble_from;           /* many incidents from then on, little use; or 0 */
};

struct gen_contact { int64_t id; char *name; };

struct gen_staff { int64_t id; const char *login; enum demo_pole pole; };

struct gen_step;                          /* one step of a journey (journey.c) */
struct gen_usage;                         /* services and figures planned (usage.c) */
struct gen_training;                      /* sessions and attendees planned (training.c) */

struct gen {
    store *s;
    uint64_t rng;
    int64_t now;
    char today[DATE_ISO_LEN];             /* UTC date of now */
    struct gen_member *members;
    int nmembers, members_cap;
    long *member_weight_sum;              /* cumulative, for weighted picks */
    struct gen_contact *contacts;
    int ncontacts, contacts_cap;
    char (*sirens)[10];                   /* every SIREN handed out: they must differ */
    int nsirens;
    int64_t pole_ids[DEMO_POLE_COUNT];
    int64_t provider_ids[DEMO_PROVIDER_COUNT];
    struct gen_staff staff[STAFF_MAX];
    int nstaff, me;                       /* me: the running login's index in staff */
    long scenario_weight_total;
    struct config cfg;                    /* the default settings: their [journey] */
    struct gen_step *steps;               /* every member's journey, in time order */
    int nsteps, next_step;                /* next_step: the first not yet written */
    int dissolved;                        /* members given the stage 'dissolved' */
    struct gen_usage *usage;
    struct gen_training *training;
    struct demo_stats st;
    FILE *progress;
    bool progress_tty;
    struct timespec last_progress;
    char *clock_var, *saved_now;
    char *err;
    size_t errlen;
};

/* Randomness: splitmix64 over g->rng (never rand(): the demo must not depend on
 * anything but the seed). */
uint64_t gen_rnd(struct gen *g);
int  gen_below(struct gen *g, int n);            /* 0..n-1 */
int  gen_range(struct gen *g, int lo, int hi);   /* lo..hi */
bool gen_pct(struct gen *g, int pct);            /* true pct times in 100 */
const char *gen_item(struct gen *g, const char *const *items, size_t n);

/* The store stamps what it writes with time_now(): while generating, $SUIVI_NOW is
 * our own buffer, set to the simulated instant, and put back as it was at the end. */
int  gen_clock_start(struct gen *g);               /* 0, or -1 */
void gen_clock_stop(struct gen *g);
/* The instant the store stamps the next writes with (never after g->now). */
void gen_clock_set(struct gen *g, int64_t t);
/* "demo: what done/total" (total 0: unknown), at most 5 times a second. */
void gen_progress(struct gen *g, const char *what, int done, int total);
/* Record "demo: what: <store message>" in g->err; returns rc. */
int  gen_fail(struct gen *g, int rc, const char *what);

/* Template tokens (see demo_names.h). */
struct subst { const char *m, *c, *s, *a, *d, *n; };
char *gen_expand(const char *tpl, const struct subst *v);   /* caller frees */
/* ASCII for e-mail addresses (caller frees): accents folded; in a local part spaces
 * and apostrophes vanish, in a domain they become '-'. */
char *gen_ascii_slug(const char *s, bool domain);
void gen_utc_date(int64_t t, char out[DATE_ISO_LEN]);       /* "YYYY-MM-DD", UTC */
void gen_french_date(int64_t t, char out[DATE_ISO_LEN]);    /* "DD/MM/YYYY", UTC */

struct gen_member *gen_pick_member(struct gen *g);          /* weighted by activity */
const struct demo_scenario *gen_pick_scenario(struct gen *g);
const struct gen_staff *gen_pick_staff(struct gen *g, enum demo_pole pole);

/* journey.c: the member journey (parcours de l'adhérent), from the default
 * [journey] stages.  gen_journey_start before the members; gen_pick_stage gives a
 * new member its stage (and the status that goes with it); gen_plan_journeys,
 * once the contacts are in, plans every step, oldest first; gen_journey_upto
 * writes the steps taken up to t (history.c calls it between the exchanges, so
 * that ids grow with time), and INT64_MAX writes the rest. */
void gen_journey_start(struct gen *g);
enum member_status gen_pick_stage(struct gen *g, enum member_kind kind, int *stage);
void gen_plan_journeys(struct gen *g);
int  gen_journey_upto(struct gen *g, int64_t t);
void gen_journey_free(struct gen *g);

/* When a member entered the steps its services and its training follow (0: never),
 * and the service the why of its first use names ("actes"…, or NULL).  From the planned steps:
 * after gen_plan_journeys, before gen_journey_upto writes them (it frees the whys).
 * out: one per member. */
struct gen_dates {
    int64_t convention, trained, first_use, regular, exit;
    bool left;                            /* the exit is a departure (not a merger) */
    const char *first_code;
};
void gen_journey_dates(const struct gen *g, struct gen_dates *out);
/* The why of the member's step 'trained' becomes why (copied), when it had one: the
 * session it attended says how it was trained (training.c).  Before it is written. */
void gen_journey_trained_why(struct gen *g, int member, const char *why);

/* usage.c: each member's subscriptions and 24 months of monthly figures, planned
 * from the journeys (gen_plan_usage, after gen_plan_journeys: it picks the members
 * with many incidents, trouble_from), then written as time goes: gen_subscribe when
 * the member's convention step is (journey.c), at t; gen_usage_upto the monthly
 * imports made by t (history.c, between the exchanges; INT64_MAX: the rest). */
int  gen_plan_usage(struct gen *g);
int  gen_subscribe(struct gen *g, int member, int64_t t);
int  gen_usage_upto(struct gen *g, int64_t t);
void gen_usage_free(struct gen *g);
/* From the plan (after gen_plan_usage): the id of the service of that code (0: not in
 * the catalogue), and whether the member is subscribed to it at t. */
int64_t gen_service_id(const struct gen *g, const char *code);
bool gen_subscribed(const struct gen *g, int member, int64_t service_id, int64_t t);

/* training.c: the training sessions, planned from the journeys (gen_plan_training,
 * after gen_plan_usage, before gen_journey_upto: it sets the why of the steps
 * 'trained'), from a PRNG stream of its own; written as time goes by
 * gen_training_upto (history.c, between the exchanges; INT64_MAX: the rest). */
void gen_plan_training(struct gen *g);
int  gen_training_upto(struct gen *g, int64_t t);
void gen_training_free(struct gen *g);

/* history.c: interactions, actions, notes, and the running login's actions. */
int gen_add_history(struct gen *g);
/* demo.c: a few contacts who left, after the history that names them. */
int gen_retire_contacts(struct gen *g);

#endif
