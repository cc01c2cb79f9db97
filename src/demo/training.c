/* training — the training sessions of the last two years and who came, see gen.h.
 *
 * The sessions follow the journeys (journey.c): a member that reached the stage
 * 'trained' within the history had one or two of its agents at a session up to six
 * weeks before, after its convention was signed (the référent among them, present:
 * its first session), and its step says how it was trained (a GRETA session, on
 * site, online, at the syndicate).  Sessions are planned from the members so
 * trained, oldest first: each is held a working day or two before the step of the
 * next one, the others trained over the following weeks on a service they
 * subscribe to join it, then agents of members trained earlier (a new agent, a
 * refresher) fill the room: 3 to 12 attendees of several members, most present,
 * most scores 4 or 5.  Topics
 * are the catalogue's services, and a few that are none (digital security…).
 * Trainers are the syndicate's own staff, the GRETA or independent trainers; the
 * place a town hall, the syndicate's offices, a GRETA, or online.  One session is
 * still to come (no attendee yet).
 *
 * Each session is written when it was announced (store_training_add), its
 * attendees the evening it was held (store_training_attend: the session on each
 * member's timeline), between the exchanges (history.c), as time goes.  Its
 * choices come from a PRNG stream of its own, so that the rest of the demo stays
 * what it was without sessions. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "suivi/base/i18n.h"
#include "suivi/base/workdays.h"
#include "suivi/base/xalloc.h"
#include "suivi/store/training.h"

#define WINDOW_DAYS  42      /* members trained that long after a session came to it */
#define SEATS_MAX    12
#define ABSENT_PCT   30
#define SCORED_PCT   85      /* of those present: a score given */
#define NO_SERVICE_PCT 15    /* sessions on a topic that is no service */
#define TRAINING_SALT 0x7472616E696E67ULL   /* its own PRNG stream: g->rng ^ this */

struct topic { const char *code, *title; };   /* code: a service's, or NULL */

static const struct topic topics[] = {
    { "marches", "Salle des marchés : publier une consultation" },
    { "marches", "Salle des marchés : réponses électroniques et ouverture des plis" },
    { "actes", "Télétransmission des actes : prise en main" },
    { "actes", "Actes budgétaires : transmettre le budget à la préfecture" },
    { "flux_comptables", "Flux comptables : PES v2, bordereaux et pièces justificatives" },
    { "parapheur", "Parapheur électronique : circuits de signature" },
    { "parapheur", "Parapheur électronique : signer en mobilité" },
    { "archivage", "Archivage électronique : préparer un versement" },
    { "archivage", "Archivage électronique : bordereaux d'élimination" },
    { "opendata", "Open data : publier les délibérations" },
    { "certificats", "Certificats électroniques : installer et renouveler" },
    { NULL, "Sécurité numérique : les bons réflexes" },
    { NULL, "Sécurité numérique : reconnaître l'hameçonnage" },
    { NULL, "RGPD : tenir le registre des traitements" },
    { NULL, "Accessibilité numérique des sites communaux" },
};
#define NTOPICS ((int)(sizeof topics / sizeof topics[0]))

static const char *const independent_trainers[] = {
    "Hervé Le Corre", "Claire Guillou", "Maëlle Le Roux", "Jean-Yves Tanguy",
};
/* A GRETA by département (22, 29, 35, 56): its name, where, one of its trainers. */
static const struct { const char *dep, *name, *town, *trainer; } gretas[] = {
    { "22", "GRETA des Côtes-d'Armor", "Saint-Brieuc", "Nathalie Le Bihan" },
    { "29", "GRETA de Bretagne Occidentale", "Quimper", "Annaïg Cadiou" },
    { "35", "GRETA Est-Bretagne", "Rennes", "Loïc Hamon" },
    { "56", "GRETA Bretagne Sud", "Vannes", "Sylvie Le Floch" },
};
#define NGRETAS ((int)(sizeof gretas / sizeof gretas[0]))
#define RENNES  2
static const char OFFICES[] = "Locaux du syndicat, Cesson-Sévigné";

struct seat { int member, contact; bool present; int score; };

struct session {
    int64_t announced;             /* when it was added */
    int64_t held;                  /* when its attendees were, that evening; 0: to come */
    char held_on[DATE_ISO_LEN];
    int topic;
    enum trainer_kind kind;
    char *trainer, *place;         /* place NULL: online */
    int first, n;                  /* its seats */
    int64_t id;
};

struct event { int64_t at; int session; bool held; };

struct trained { int64_t at; int member; };     /* a member's step 'trained' */

struct gen_training {
    struct session *sessions;
    int nsessions;
    struct seat *seats;
    int nseats, seats_cap;
    struct event *events;
    int nevents, next;
};

#define PICK(list) gen_item(g, (list), sizeof (list) / sizeof (list)[0])

/* ---- planning ------------------------------------------------------------------- */

/* The day itself or the last before it when one trains: a working day (weekends and
 * public holidays are not), out of the Christmas week and the middle of August. */
static int64_t training_day(int64_t day)
{
    for (;; day--) {
        char d[DATE_ISO_LEN];
        gen_utc_date(day * DAY, d);
        int md = atoi(d + 5) * 100 + atoi(d + 8);
        if (is_working_day(d) && md < 1224 && md > 101 && (md < 805 || md > 820))
            return day;
    }
}

/* "Mairie de Vannes", "Mairie d'Auray", "Mairie du Conquet"; a body's meeting room. */
static char *town_hall(const struct gen_member *m)
{
    const char *n = m->name;
    if (m->kind != MEMBER_COMMUNE)
        return xasprintf("Salle de réunion, %s", n);
    if (strncmp(n, "Le ", 3) == 0)
        return xasprintf("Mairie du %s", n + 3);
    if (strncmp(n, "Les ", 4) == 0)
        return xasprintf("Mairie des %s", n + 4);
    bool vowel = strchr("AEIOUYH", n[0]) != NULL || strncmp(n, "É", strlen("É")) == 0
              || strncmp(n, "Î", strlen("Î")) == 0;
    return xasprintf(vowel ? "Mairie d'%s" : "Mairie de %s", n);
}

/* One of the syndicate's own staff who trains: those of the services and support. */
static const char *internal_trainer(struct gen *g)
{
    int n = 0;
    for (size_t k = 0; k < demo_staff_count; k++)
        n += demo_staff[k].pole == POLE_SERVICES || demo_staff[k].pole == POLE_SUPPORT;
    int pick = gen_below(g, n);
    for (size_t k = 0; k < demo_staff_count; k++)
        if ((demo_staff[k].pole == POLE_SERVICES || demo_staff[k].pole == POLE_SUPPORT)
            && pick-- == 0)
            return demo_staff[k].name;
    return demo_staff[0].name;
}

static int greta_of(const struct gen_member *m)
{
    for (int i = 0; m->dep && i < NGRETAS; i++)
        if (strcmp(m->dep, gretas[i].dep) == 0)
            return i;
    return RENNES;                              /* for the Région */
}

/* Who trains, where; and what the journeys of those it trains say of it. */
static const char *plan_format(struct gen *g, struct session *t, const struct gen_member *m)
{
    int r = gen_below(g, 100), k = greta_of(m);
    t->kind = r < 40 ? TRAINER_INTERNAL : r < 70 ? TRAINER_GRETA : TRAINER_INDEPENDENT;
    bool online = gen_pct(g, t->kind == TRAINER_GRETA ? 15 : 30);
    bool offices = !online && gen_pct(g, t->kind == TRAINER_GRETA ? 40
                                       : t->kind == TRAINER_INTERNAL ? 50 : 25);
    if (offices)
        k = RENNES;                          /* the syndicate's offices are near Rennes */
    if (t->kind == TRAINER_GRETA) {
        t->trainer = xasprintf("%s (%s)", gretas[k].trainer, gretas[k].name);
        if (!online)
            t->place = offices ? xstrdup(OFFICES)
                               : xasprintf("%s, %s", gretas[k].name, gretas[k].town);
        return "Session de formation GRETA";
    }
    t->trainer = xstrdup(t->kind == TRAINER_INTERNAL ? internal_trainer(g)
                                                     : PICK(independent_trainers));
    if (online)
        return "Formation en visioconférence";
    t->place = offices ? xstrdup(OFFICES) : town_hall(m);
    return offices ? "Atelier de prise en main au syndicat" : "Formation sur site";
}

/* Whether the topic is on that service (NULL: on none). */
static bool on_service(const struct topic *t, const char *code)
{
    return code ? t->code && strcmp(t->code, code) == 0 : !t->code;
}

/* A topic on that service (NULL: one that is no service), at random. */
static int topic_on(struct gen *g, const char *code)
{
    int n = 0;
    for (int i = 0; i < NTOPICS; i++)
        n += on_service(&topics[i], code);
    int pick = gen_below(g, n);
    for (int i = 0; i < NTOPICS; i++)
        if (on_service(&topics[i], code) && pick-- == 0)
            return i;
    return NTOPICS - 1;
}

/* Whether topic i's service is that of a topic before it. */
static bool topic_on_before(int i)
{
    for (int k = 0; k < i && topics[i].code; k++)
        if (on_service(&topics[k], topics[i].code))
            return true;
    return false;
}

/* Whether order[b]'s member, trained within the weeks after day, may be trained at a
 * session held on day on that service (0: a topic that is no service): its
 * convention signed by then, and the service subscribed. */
static bool may_join(const struct gen *g, const struct gen_dates *d, const struct trained *o,
                     const bool *done, int64_t day, int64_t service)
{
    int j = o->member;
    return !done[j] && o->at / DAY > day && o->at / DAY <= day + WINDOW_DAYS
        && d[j].convention / DAY < day && (!service || gen_subscribed(g, j, service, day * DAY));
}

/* What the lead member is trained on: now and then the service it will first use,
 * or a topic that is no service; else one of the services it subscribes to, often
 * one that most of those trained over the next weeks also do (the syndicate fills
 * its sessions). */
static int plan_topic(struct gen *g, const struct gen_dates *d, const struct trained *order,
                      int n, int at, const bool *done, int64_t day)
{
    int lead = order[at].member;
    if (gen_pct(g, NO_SERVICE_PCT))
        return topic_on(g, NULL);
    if (d[lead].first_code && gen_pct(g, 30)
        && gen_subscribed(g, lead, gen_service_id(g, d[lead].first_code), day * DAY))
        return topic_on(g, d[lead].first_code);
    int count[NTOPICS], best = 0, near = 0;
    for (int i = 0; i < NTOPICS; i++) {          /* each service once, by its first topic */
        int64_t service = gen_service_id(g, topics[i].code);
        count[i] = -1;
        if (!topics[i].code || topic_on_before(i) || !gen_subscribed(g, lead, service, day * DAY))
            continue;
        count[i] = 0;
        for (int b = at + 1; b < n && order[b].at / DAY <= day + WINDOW_DAYS; b++)
            count[i] += may_join(g, d, &order[b], done, day, service);
        best = count[i] > best ? count[i] : best;
    }
    if (gen_pct(g, 40))
        best = 0;                               /* any the lead subscribes to */
    for (int i = 0; i < NTOPICS; i++)           /* one of those almost as wanted */
        near += count[i] >= 0 && count[i] + 1 >= best;
    int pick = gen_below(g, near);
    for (int i = 0; i < NTOPICS; i++)
        if (count[i] >= 0 && count[i] + 1 >= best && pick-- == 0)
            return topic_on(g, topics[i].code);
    return topic_on(g, NULL);
}

static int pick_score(struct gen *g)
{
    int r = gen_below(g, 100);
    return r < 50 ? 5 : r < 85 ? 4 : r < 96 ? 3 : r < 99 ? 2 : 1;
}

static bool seated(const struct gen_training *tr, const struct session *t, int member)
{
    for (int i = t->first; i < t->first + t->n; i++)
        if (tr->seats[i].member == member)
            return true;
    return false;
}

/* One or two agents of the member at the session, room permitting.  For a member
 * trained there the first is its référent, present.  Returns how many. */
static int seat_member(struct gen *g, struct gen_training *tr, struct session *t, int member,
                       bool trained_here, int room)
{
    const struct gen_member *m = &g->members[member];
    if (m->ncontacts == 0 || room <= 0)
        return 0;
    int n = room >= 2 && m->ncontacts > 1 && gen_pct(g, trained_here ? 10 : 25) ? 2 : 1;
    int first = trained_here || gen_pct(g, 40) ? 0 : gen_below(g, m->ncontacts);
    for (int i = 0; i < n; i++) {
        int k = i == 0 ? first : (first + 1 + gen_below(g, m->ncontacts - 1)) % m->ncontacts;
        bool present = (trained_here && i == 0) || !gen_pct(g, ABSENT_PCT);
        if (tr->nseats == tr->seats_cap) {
            tr->seats_cap = tr->seats_cap ? tr->seats_cap * 2 : 256;
            tr->seats = xreallocarray(tr->seats, (size_t)tr->seats_cap, sizeof *tr->seats);
        }
        tr->seats[tr->nseats++] = (struct seat){
            .member = member, .contact = m->first_contact + k, .present = present,
            .score = present && gen_pct(g, SCORED_PCT) ? pick_score(g) : 0,
        };
    }
    t->n += n;
    return n;
}

static struct session *new_session(struct gen *g, struct gen_training *tr, int64_t day)
{
    if (tr->nsessions % 16 == 0)
        tr->sessions = xreallocarray(tr->sessions, (size_t)tr->nsessions + 16,
                                     sizeof *tr->sessions);
    struct session *t = &tr->sessions[tr->nsessions++];
    int64_t told = training_day(day - gen_range(g, 10, 40));
    *t = (struct session){ .first = tr->nseats,
                           .announced = told * DAY + 7 * 3600 + gen_below(g, 9 * 3600) };
    gen_utc_date(day * DAY, t->held_on);
    return t;
}

static int cmp_trained(const void *a, const void *b)
{
    const struct trained *x = a, *y = b;
    if (x->at != y->at)
        return (x->at > y->at) - (x->at < y->at);
    return (x->member > y->member) - (x->member < y->member);
}

/* The session of order[at]'s member, held on day: the members trained over the next
 * weeks join it, then agents of members trained before, to fill it. */
static void plan_session(struct gen *g, struct gen_training *tr, const struct gen_dates *d,
                         const struct trained *order, int n, int at, bool *done, int64_t day)
{
    int lead = order[at].member;
    struct session *t = new_session(g, tr, day);
    t->topic = plan_topic(g, d, order, n, at, done, day);
    const char *why = plan_format(g, t, &g->members[lead]);
    t->held = day * DAY + 15 * 3600 + gen_below(g, 2 * 3600);   /* written that evening */
    int r = gen_below(g, 100);
    int want = r < 8 ? gen_range(g, 3, 4) : r < 85 ? gen_range(g, 5, 9) : gen_range(g, 10, 12);
    int64_t service = gen_service_id(g, topics[t->topic].code);
    seat_member(g, tr, t, lead, true, SEATS_MAX);
    gen_journey_trained_why(g, lead, why);
    for (int b = at + 1; b < n && t->n < SEATS_MAX; b++) {
        int j = order[b].member;
        if (order[b].at / DAY > day + WINDOW_DAYS)
            break;
        if (!may_join(g, d, &order[b], done, day, service))
            continue;
        if (seat_member(g, tr, t, j, true, SEATS_MAX - t->n) > 0) {
            done[j] = true;
            gen_journey_trained_why(g, j, why);
        }
    }
    for (int tries = 0; t->n < want && tries < 400; tries++) {
        int j = gen_below(g, g->nmembers);
        if (!d[j].trained || d[j].trained / DAY >= day || (d[j].exit && d[j].exit / DAY <= day)
            || seated(tr, t, j) || (service && !gen_subscribed(g, j, service, day * DAY)))
            continue;
        seat_member(g, tr, t, j, false, want - t->n);
    }
}

/* The session to come: announced lately, held in two or three weeks. */
static void plan_next(struct gen *g, struct gen_training *tr)
{
    int64_t today = g->now / DAY;
    struct session *t = new_session(g, tr, training_day(today + gen_range(g, 9, 20)));
    int64_t told = training_day(today - gen_range(g, 1, 8));
    t->announced = told * DAY + 7 * 3600 + gen_below(g, 9 * 3600);
    if (t->announced > g->now - 3600)
        t->announced = g->now - 3600;
    t->topic = gen_below(g, NTOPICS);
    plan_format(g, t, &g->members[gen_below(g, g->nmembers)]);
}

static int cmp_event(const void *a, const void *b)
{
    const struct event *x = a, *y = b;
    if (x->at != y->at)
        return (x->at > y->at) - (x->at < y->at);
    if (x->session != y->session)
        return (x->session > y->session) - (x->session < y->session);
    return x->held - y->held;
}

void gen_plan_training(struct gen *g)
{
    uint64_t saved = g->rng;
    g->rng ^= TRAINING_SALT;
    struct gen_training *tr = xcalloc(1, sizeof *tr);
    g->training = tr;
    struct gen_dates *d = xcalloc((size_t)g->nmembers + 1, sizeof *d);
    gen_journey_dates(g, d);
    int64_t today = g->now / DAY, first_day = today - HISTORY_DAYS + 7;
    struct trained *order = xcalloc((size_t)g->nmembers + 1, sizeof *order);
    bool *done = xcalloc((size_t)g->nmembers + 1, sizeof *done);
    int n = 0;
    for (int i = 0; i < g->nmembers; i++)
        if (d[i].trained / DAY > first_day + 4 && g->members[i].ncontacts)
            order[n++] = (struct trained){ d[i].trained, i };
    qsort(order, (size_t)n, sizeof *order, cmp_trained);
    for (int a = 0; a < n; a++) {
        int lead = order[a].member;
        if (done[lead])
            continue;
        done[lead] = true;
        /* A day or two before its step, after its convention was signed. */
        int64_t tday = order[a].at / DAY, cday = d[lead].convention / DAY;
        int64_t day = training_day(tday - gen_range(g, 1, 2));
        if (day > cday && day >= first_day)
            plan_session(g, tr, d, order, n, a, done, day);
    }
    plan_next(g, tr);
    tr->events = xcalloc((size_t)tr->nsessions * 2 + 1, sizeof *tr->events);
    for (int i = 0; i < tr->nsessions; i++) {
        const struct session *t = &tr->sessions[i];
        tr->events[tr->nevents++] = (struct event){ t->announced, i, false };
        if (t->held)
            tr->events[tr->nevents++] = (struct event){ t->held, i, true };
    }
    qsort(tr->events, (size_t)tr->nevents, sizeof *tr->events, cmp_event);
    free(order);
    free(done);
    free(d);
    g->rng = saved;
}

/* ---- writing ------------------------------------------------------------------- */

static int write_session(struct gen *g, struct session *t)
{
    const struct topic *tp = &topics[t->topic];
    struct training_session ts = {
        .held_on = t->held_on, .topic = (char *)tp->title,
        .service_id = gen_service_id(g, tp->code), .trainer_kind = t->kind,
        .trainer = t->trainer, .place = t->place, .online = t->place == NULL,
    };
    int rc = store_training_add(g->s, &ts);
    if (rc != STORE_OK)
        return gen_fail(g, rc, _("adding a training session"));
    t->id = ts.id;
    g->st.trainings++;
    return STORE_OK;
}

static int write_attendees(struct gen *g, const struct gen_training *tr, const struct session *t)
{
    for (int i = t->first; i < t->first + t->n; i++) {
        const struct seat *x = &tr->seats[i];
        struct training_attendee a = {
            .session_id = t->id, .contact_id = g->contacts[x->contact].id,
            .attended = x->present, .satisfaction = x->score,
        };
        int rc = store_training_attend(g->s, &a);
        if (rc != STORE_OK)
            return gen_fail(g, rc, _("recording an attendee"));
        g->st.attendees++;
    }
    return STORE_OK;
}

int gen_training_upto(struct gen *g, int64_t t)
{
    struct gen_training *tr = g->training;
    while (tr && tr->next < tr->nevents && tr->events[tr->next].at <= t) {
        const struct event *e = &tr->events[tr->next++];
        struct session *x = &tr->sessions[e->session];
        gen_clock_set(g, e->at);
        int rc = e->held ? write_attendees(g, tr, x) : write_session(g, x);
        if (rc != STORE_OK)
            return rc;
    }
    return STORE_OK;
}

void gen_training_free(struct gen *g)
{
    struct gen_training *tr = g->training;
    if (!tr)
        return;
    for (int i = 0; i < tr->nsessions; i++) {
        free(tr->sessions[i].trainer);
        free(tr->sessions[i].place);
    }
    free(tr->sessions);
    free(tr->seats);
    free(tr->events);
    free(tr);
    g->training = NULL;
}
