/* demo_history — two years of exchanges with the members: interactions in time
 * order (the journeys' steps, the monthly usage imports and the training sessions
 * written in between, journey.c, usage.c, training.c; members in trouble call about
 * incidents), the actions some of them call for (assigned, worked on, closed or
 * still open), notes on those actions, stand-alone actions, and a few open actions
 * of the login running `suivi demo`.  Each write happens at its simulated instant
 * (gen_clock_set), so created_at, closed_at and the audit trail tell the story. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "suivi/base/i18n.h"
#include "suivi/base/xalloc.h"

/* What an action comes from: an interaction, or nothing (interaction_id 0). */
struct origin {
    struct gen_member *m;
    int64_t interaction_id;
    int64_t at;                 /* the action is created just after this */
    const char *author;         /* created_by */
    enum demo_pole pole;
    int provider;               /* enum demo_provider, or PROV_NONE */
    int priority;
};

/* What becomes of an action. */
struct plan {
    bool open;                  /* still in a queue today */
    enum action_status status;  /* final status */
    int64_t staff_id, provider_id;
    const char *worker;         /* login writing the notes */
    int priority;
    char due[DATE_ISO_LEN];     /* "" = no due date */
    int64_t end;                /* when the final status was set */
};

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* An instant in office hours (UTC 07:00-16:30, Monday to Friday) between from and to. */
static int64_t office_instant(struct gen *g, int64_t from, int64_t to)
{
    int64_t span_days = (to - from) / DAY;
    int64_t day = from / DAY + (span_days > 0 ? gen_below(g, (int)span_days) : 0);
    int dow = (int)((day + 4) % 7);          /* 1970-01-01 was a Thursday; 0 = Sunday */
    day -= dow == 0 ? 2 : dow == 6 ? 1 : 0;
    int64_t t = day * DAY + 7 * 3600 + gen_below(g, 9 * 3600 + 1800);
    if (t > to)
        t = to - gen_below(g, 3 * 3600);
    return t < from ? from : t;
}

static const char *agreement_of(enum member_kind kind)
{
    switch (kind) {
    case MEMBER_REGION: case MEMBER_DEPARTEMENT: case MEMBER_EPCI:
        return "Convention membres 2025-2029";
    case MEMBER_COMMUNE: case MEMBER_CCAS:
        return "Charte d'utilisation 2025-2029";
    default:
        return "Convention autres établissements";
    }
}

static int pick_priority(struct gen *g, int usual)
{
    int r = gen_below(g, 10);
    int p = r < 6 ? usual : r < 8 ? usual - 1 : usual + 1;
    return p < PRIORITY_MIN ? PRIORITY_MIN : p > PRIORITY_MAX ? PRIORITY_MAX : p;
}

static enum action_status pick_open_status(struct gen *g, bool provider)
{
    int r = gen_below(g, 100);
    if (provider && r < 60)
        return ASTATUS_WAIT_PROVIDER;
    return r < 40 ? ASTATUS_OPEN : r < 70 ? ASTATUS_IN_PROGRESS : r < 85 ? ASTATUS_WAIT_MEMBER
         : ASTATUS_WAIT_PROVIDER;
}

/* Recent actions are often still open; old ones mostly closed, a few forgotten. */
static void plan_action(struct gen *g, const struct origin *o, struct plan *p)
{
    int64_t age = g->now - o->at;
    int open_pct = age < 30 * DAY ? 75 : age < 120 * DAY ? 40 : 12;
    memset(p, 0, sizeof *p);
    p->open = gen_pct(g, open_pct);
    if (o->provider != PROV_NONE && gen_pct(g, 70)) {
        p->provider_id = g->provider_ids[o->provider];
        p->worker = gen_pick_staff(g, o->pole)->login;
    } else {
        const struct gen_staff *st = gen_pick_staff(g, o->pole);
        p->staff_id = st->id;
        p->worker = st->login;
    }
    p->priority = pick_priority(g, o->priority);
    if (gen_pct(g, 85)) {
        gen_utc_date(o->at + (int64_t)gen_range(g, 5, 30) * DAY, p->due);
        /* Most late open ones were given a new date; the rest are overdue. */
        if (p->open && strcmp(p->due, g->today) < 0 && gen_pct(g, 70))
            gen_utc_date(g->now + (int64_t)gen_range(g, 2, 40) * DAY, p->due);
    }
    int64_t took = gen_pct(g, 50) ? gen_range(g, 3600, 3 * DAY)
                 : gen_pct(g, 70) ? gen_range(g, 3 * DAY, 20 * DAY)
                 : gen_range(g, 20 * DAY, 60 * DAY);
    if (p->open) {
        p->status = pick_open_status(g, p->provider_id != 0);
        took = (g->now - o->at) / gen_range(g, 2, 5);
    } else {
        p->status = gen_pct(g, 88) ? ASTATUS_DONE : ASTATUS_CANCELLED;
    }
    p->end = o->at + 60 + took;
    if (p->end > g->now - 600)
        p->end = g->now - 600 - gen_below(g, 3600);
    if (p->end <= o->at)
        p->end = o->at + 60;
}

static int add_notes(struct gen *g, int64_t action_id, const struct plan *p, int64_t from)
{
    if (!gen_pct(g, 40))
        return STORE_OK;
    int n = gen_range(g, 1, 3);
    int64_t at[3];
    for (int i = 0; i < n; i++)
        at[i] = from + 1 + (int64_t)(gen_rnd(g) % (uint64_t)(p->end - from));
    qsort(at, (size_t)n, sizeof at[0], cmp_i64);
    for (int i = 0; i < n; i++) {
        int r = gen_below(g, 100);
        enum note_visibility vis = p->provider_id && r < 40 ? NOTE_PROVIDER
                                 : r < 75 ? NOTE_INTERNAL : NOTE_MEMBER;
        struct note nt = {
            .action_id = action_id, .author = (char *)p->worker, .visibility = vis,
            .body = (char *)gen_item(g, demo_note_bodies, demo_note_bodies_count),
        };
        gen_clock_set(g, at[i]);
        if (store_note_add(g->s, &nt) != STORE_OK)
            return gen_fail(g, STORE_ERROR, _("adding a note"));
        g->st.notes++;
    }
    return STORE_OK;
}

/* A note saying why the status moved, marked with the move. */
static int note_status(struct gen *g, int64_t action_id, const struct plan *p,
                       enum action_status from, enum action_status to, const char *body)
{
    struct note nt = {
        .action_id = action_id, .author = (char *)p->worker, .visibility = NOTE_INTERNAL,
        .body = (char *)body, .status_change = true, .status_from = from, .status_to = to,
    };
    if (store_note_add(g->s, &nt) != STORE_OK)
        return gen_fail(g, STORE_ERROR, _("adding a note"));
    g->st.notes++;
    return STORE_OK;
}

/* How a closed action ended, most of the time; NULL otherwise. */
static const char *pick_resolution(struct gen *g, enum action_status status)
{
    if (!gen_pct(g, RESOLVED_PCT))
        return NULL;
    return status == ASTATUS_CANCELLED
         ? gen_item(g, demo_cancellations, demo_cancellations_count)
         : gen_item(g, demo_resolutions, demo_resolutions_count);
}

/* Move a to status at instant t (with its resolution, when closing), and note the
 * move when there is something to say. */
static int move_status(struct gen *g, struct action *a, const struct plan *p,
                       enum action_status status, int64_t t, const char *said)
{
    enum action_status from = a->status;
    gen_clock_set(g, t);
    a->status = status;
    a->resolution = action_status_is_open(status) ? NULL : xstrdup(said);
    int rc = store_action_write(g->s, a, (1u << ACTION_F_STATUS) | (1u << ACTION_F_RESOLUTION),
                                a->version);
    free_and_null(&a->resolution);
    if (rc != STORE_OK)
        return gen_fail(g, rc, _("changing the status of an action"));
    return said ? note_status(g, a->id, p, from, status, said) : STORE_OK;
}

/* From open to the planned status: sometimes a step in between for one that got
 * closed (someone took it, or it waited on the provider). */
static int follow_plan(struct gen *g, struct action *a, const struct plan *p, int64_t created)
{
    int rc = STORE_OK;
    bool closes = !action_status_is_open(p->status);
    if (closes && p->end - created > 7200 && gen_pct(g, STEP_PCT)) {
        enum action_status step = p->provider_id ? ASTATUS_WAIT_PROVIDER : ASTATUS_IN_PROGRESS;
        const char *said = gen_pct(g, 50) ? gen_item(g, demo_status_comments,
                                                     demo_status_comments_count) : NULL;
        rc = move_status(g, a, p, step, created + (p->end - created) / 3, said);
    }
    if (rc != STORE_OK)
        return rc;
    const char *said = closes ? pick_resolution(g, p->status)
                     : gen_pct(g, 30) ? gen_item(g, demo_status_comments,
                                                 demo_status_comments_count) : NULL;
    return move_status(g, a, p, p->status, p->end, said);
}

/* Create the action (open) at its origin's time, add its notes, then move it to
 * its final status when that happened. */
static int write_action(struct gen *g, const struct origin *o, const struct plan *p,
                        const char *title, const char *description)
{
    struct action a = {
        .interaction_id = o->interaction_id, .member_id = o->m->id, .title = (char *)title,
        .description = (char *)description, .assignee_staff_id = p->staff_id,
        .assignee_provider_id = p->provider_id, .pole_id = g->pole_ids[o->pole],
        .status = ASTATUS_OPEN, .priority = p->priority, .due = p->due[0] ? (char *)p->due : NULL,
        .created_by = (char *)o->author,
    };
    int64_t created = o->at + gen_range(g, 60, 1800);
    if (created >= p->end)
        created = p->end - 1;
    gen_clock_set(g, created);
    if (store_action_add(g->s, &a) != STORE_OK)
        return gen_fail(g, STORE_ERROR, _("adding an action"));
    g->st.actions++;
    int rc = add_notes(g, a.id, p, created);
    if (rc == STORE_OK && p->status != ASTATUS_OPEN)
        rc = follow_plan(g, &a, p, created);
    return rc;
}

static void fill_subst(struct gen *g, struct subst *v, const struct gen_member *m,
                       const char *contact, int64_t at, char date[DATE_ISO_LEN], char n[8])
{
    gen_french_date(at + (int64_t)gen_range(g, -20, 40) * DAY, date);
    snprintf(n, 8, "%d", gen_range(g, 6, 24));
    *v = (struct subst){
        .m = m->name, .c = contact ? contact : "l'agent",
        .s = gen_item(g, demo_services, demo_services_count), .a = agreement_of(m->kind),
        .d = date, .n = n,
    };
}

/* The body: the scenario's lines, sometimes one more; or an empty body. */
static char *make_body(struct gen *g, const struct demo_scenario *sc, const struct subst *v)
{
    const char *extra = gen_pct(g, 30) ? gen_item(g, demo_extra_lines, demo_extra_lines_count)
                                      : NULL;
    if (!sc->body)
        return extra && gen_pct(g, 50) ? xstrdup(extra) : NULL;
    char *body = gen_expand(sc->body, v);
    if (!extra)
        return body;
    char *both = xasprintf("%s\n%s", body, extra);
    free(body);
    return both;
}

/* An incident, by the scenarios' weights. */
static const struct demo_scenario *pick_incident(struct gen *g)
{
    long total = 0;
    for (size_t i = 0; i < demo_scenarios_count; i++)
        total += demo_scenarios[i].kind == IKIND_INCIDENT ? demo_scenarios[i].weight : 0;
    long r = total > 0 ? (long)(gen_rnd(g) % (uint64_t)total) : 0;
    for (size_t i = 0; i < demo_scenarios_count; i++)
        if (demo_scenarios[i].kind == IKIND_INCIDENT && (r -= demo_scenarios[i].weight) < 0)
            return &demo_scenarios[i];
    return gen_pick_scenario(g);
}

static int add_interaction(struct gen *g, int64_t at)
{
    struct gen_member *m = gen_pick_member(g);
    /* A member in trouble (usage.c) calls about incidents, more than anything. */
    const struct demo_scenario *sc = m->trouble_from && at >= m->trouble_from && gen_pct(g, 50)
                                   ? pick_incident(g) : gen_pick_scenario(g);
    /* A subject naming the contact names the référent (always the first contact). */
    const struct gen_contact *c = NULL;
    if (m->ncontacts && strstr(sc->subject, "{c}"))
        c = &g->contacts[m->first_contact];
    else if (m->ncontacts && gen_pct(g, 75))
        c = &g->contacts[m->first_contact + gen_below(g, m->ncontacts)];
    char date[DATE_ISO_LEN], n[8];
    struct subst v;
    fill_subst(g, &v, m, c ? c->name : NULL, at, date, n);
    const struct gen_staff *author = gen_pick_staff(g, sc->pole);
    struct interaction it = {
        .member_id = m->id, .contact_id = c ? c->id : 0, .occurred_at = at, .kind = sc->kind,
        .pole_id = g->pole_ids[sc->pole], .author = (char *)author->login,
        .subject = gen_expand(sc->subject, &v), .body = make_body(g, sc, &v),
    };
    gen_clock_set(g, at + gen_range(g, 120, 1800));  /* typed in just after */
    int rc = store_interaction_add(g->s, &it);
    free(it.subject);
    free(it.body);
    if (rc != STORE_OK)
        return gen_fail(g, rc, _("adding an interaction"));
    g->st.interactions++;
    if (!sc->action || gen_below(g, 100 * ACTION_SCALE_DEN) >= sc->action_pct * ACTION_SCALE_NUM)
        return STORE_OK;
    struct origin o = { m, it.id, at, author->login, sc->pole, sc->provider, sc->priority };
    struct plan p;
    plan_action(g, &o, &p);
    char *title = gen_expand(sc->action, &v);
    char *descr = c && gen_pct(g, 50) ? xasprintf("Suite à l'échange du %s avec %s.",
                                                 date, c->name) : NULL;
    rc = write_action(g, &o, &p, title, descr);
    free(title);
    free(descr);
    return rc;
}

static int add_interactions(struct gen *g)
{
    int n = INTERACTIONS_MIN + gen_below(g, INTERACTIONS_SPAN + 1);
    int64_t *times = xcalloc((size_t)n, sizeof *times);
    int64_t from = g->now - (int64_t)HISTORY_DAYS * DAY, to = g->now - 3600;
    for (int i = 0; i < n; i++)
        times[i] = office_instant(g, from, to);
    qsort(times, (size_t)n, sizeof *times, cmp_i64);  /* ids grow with time */
    /* The journeys' steps go in between, as they happened: ids grow with time. */
    int rc = STORE_OK;
    for (int i = 0; i < n && rc == STORE_OK; i++) {
        rc = gen_journey_upto(g, times[i]);
        if (rc == STORE_OK)
            rc = gen_usage_upto(g, times[i]);          /* the month's figures imported */
        if (rc == STORE_OK)
            rc = gen_training_upto(g, times[i]);       /* sessions announced, held */
        if (rc == STORE_OK)
            rc = add_interaction(g, times[i]);
        gen_progress(g, _("interactions"), i + 1, n);
    }
    free(times);
    if (rc == STORE_OK)
        rc = gen_journey_upto(g, INT64_MAX);
    if (rc == STORE_OK)
        rc = gen_usage_upto(g, INT64_MAX);
    return rc == STORE_OK ? gen_training_upto(g, INT64_MAX) : rc;
}

/* Actions decided in the office rather than in an exchange. */
static int add_standalone(struct gen *g, const char *tpl, const struct gen_staff *mine,
                          bool late, int64_t at)
{
    struct gen_member *m = gen_pick_member(g);
    const char *contact = m->ncontacts ? g->contacts[m->first_contact].name : NULL;
    char date[DATE_ISO_LEN], n[8];
    struct subst v;
    fill_subst(g, &v, m, contact, at, date, n);
    enum demo_pole pole = mine ? mine->pole : (enum demo_pole)gen_below(g, DEMO_POLE_COUNT);
    const struct gen_staff *author = gen_pick_staff(g, pole);
    struct origin o = { m, 0, at, author->login, pole, PROV_NONE, 3 };
    struct plan p;
    plan_action(g, &o, &p);
    if (mine) {
        /* Always open and in my queue; some already late. */
        p.open = true;
        p.status = pick_open_status(g, false);
        p.staff_id = mine->id;
        p.worker = mine->login;
        p.provider_id = 0;
        p.priority = gen_range(g, 1, 4);
        int days = late ? -gen_range(g, 1, 10) : gen_range(g, 1, 30);
        int64_t due = g->now + (int64_t)days * DAY;
        gen_utc_date(due, p.due);
        p.end = at + (g->now - at) / 2;
    }
    char *title = gen_expand(tpl, &v);
    int rc = write_action(g, &o, &p, title, NULL);
    free(title);
    return rc;
}

int gen_add_history(struct gen *g)
{
    int rc = add_interactions(g);
    int n = STANDALONE_MIN + gen_below(g, STANDALONE_SPAN + 1);
    int64_t from = g->now - (int64_t)HISTORY_DAYS * DAY, to = g->now - 3600;
    for (int i = 0; i < n && rc == STORE_OK; i++) {
        const char *tpl = gen_item(g, demo_standalone_actions, demo_standalone_actions_count);
        rc = add_standalone(g, tpl, NULL, false, office_instant(g, from, to));
    }
    if (g->me < 0)
        return rc;
    for (size_t i = 0; i < demo_my_actions_count && rc == STORE_OK; i++)
        rc = add_standalone(g, demo_my_actions[i], &g->staff[g->me], i < 2,
                            office_instant(g, g->now - 20 * DAY, to));
    return rc;
}
