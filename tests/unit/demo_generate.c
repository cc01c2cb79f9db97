/* demo_generate — the demo database: realistic sizes and shapes, valid SIRENs,
 * communes under an EPCI of their département, the running login an admin with work
 * of its own, providers with a contact, retired contacts, closed actions with their
 * resolution and status-change notes, history in the past, every member's journey
 * (in stage order, in the past, some stalled, most in regular use), and the same
 * data from the same seed (services, figures and training sessions included: their
 * own checks are in demo_services.c).  Everything is read back through the store's
 * pages, as the interface reads it (demo_fixture.h). */
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "check.h"
#include "demo_fixture.h"
#include "suivi/base/login.h"
#include "suivi/base/timeutil.h"
#include "suivi/config/config.h"
#include "suivi/core/validate.h"
#include "suivi/base/xalloc.h"
#include "suivi/store/journey.h"
#include "suivi/store/training.h"
#include "suivi/store/usage.h"

#define JOURNEY_DAYS 1030    /* the set-up, before the first step of any journey */

/* ---- a digest of the data (FNV-1a) ----------------------------------------------------- */

static void mix(uint64_t *h, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)(s ? s : "\1"); *p; p++)
        *h = (*h ^ *p) * 0x100000001B3ULL;
    *h = (*h ^ 0xFF) * 0x100000001B3ULL;
}

static void mix_int(uint64_t *h, int64_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", (long long)v);
    mix(h, buf);
}

static void mix_usage(store *s, uint64_t *h, int64_t member_id, const struct service *sv, int nsv)
{
    struct subscription *b;
    int nb, np;
    CHECK_INT(store_subscriptions_of(s, member_id, &b, &nb), STORE_OK);
    for (int k = 0; k < nb; k++)
        mix(h, b[k].service_code), mix(h, b[k].since), mix(h, b[k].until), mix(h, b[k].convention);
    subscriptions_free(b, nb);
    for (int j = 0; j < nsv; j++) {
        struct usage_point *p = figures_of(s, member_id, sv[j].id, &np);
        for (int k = 0; k < np; k++)
            mix(h, p[k].month), mix_int(h, p[k].count);
        free(p);
    }
}

/* Every training session and its attendees. */
static void mix_training(store *s, uint64_t *h)
{
    struct training_session *t;
    int n;
    CHECK_INT(store_trainings(s, 1000, &t, &n), STORE_OK);
    for (int i = 0; i < n; i++) {
        mix(h, t[i].held_on), mix(h, t[i].topic), mix(h, t[i].trainer), mix(h, t[i].place);
        mix_int(h, t[i].service_id), mix_int(h, t[i].trainer_kind), mix_int(h, t[i].online);
        struct training_attendee *a;
        int na;
        CHECK_INT(store_training_attendees(s, t[i].id, &a, &na), STORE_OK);
        for (int k = 0; k < na; k++) {
            mix(h, a[k].contact_name), mix(h, a[k].member_name);
            mix_int(h, a[k].attended), mix_int(h, a[k].satisfaction);
        }
        training_attendees_free(a, na);
    }
    trainings_free(t, n);
}

/* Every member, its journey, subscriptions and figures; the timeline, actions and
 * contacts of every fifth; the open queue; the training sessions. */
static uint64_t digest(store *s)
{
    uint64_t h = 0xCBF29CE484222325ULL;
    int nm, ni, na, nsv;
    struct service *sv;
    CHECK_INT(store_services(s, &sv, &nsv), STORE_OK);
    struct member *m = all_members(s, &nm);
    for (int i = 0; i < nm; i++) {
        mix_usage(s, &h, m[i].id, sv, nsv);
        mix(&h, m[i].name), mix(&h, m[i].siren), mix(&h, m[i].departement);
        mix_int(&h, m[i].kind), mix_int(&h, m[i].status), mix_int(&h, m[i].parent_id);
        mix_int(&h, m[i].created_at);
        mix(&h, m[i].stage), mix(&h, m[i].stage_due), mix_int(&h, m[i].stage_since);
        struct stage_change *sc;
        int ns;
        CHECK_INT(store_member_stages(s, m[i].id, &sc, &ns), STORE_OK);
        for (int k = 0; k < ns; k++)
            mix(&h, sc[k].stage), mix(&h, sc[k].why), mix_int(&h, sc[k].entered_at);
        stage_changes_free(sc, ns);
        if (i % 5)
            continue;
        struct interaction *it = all_interactions(s, m[i].id, &ni);
        for (int k = 0; k < ni; k++) {
            mix(&h, it[k].subject), mix(&h, it[k].body), mix(&h, it[k].author);
            mix_int(&h, it[k].occurred_at), mix_int(&h, it[k].contact_id);
        }
        free_interactions(it, ni);
        struct action_query q = { .scope = ACTIONS_MEMBER, .member_id = m[i].id, .today = TODAY };
        struct action *a = all_actions(s, &q, &na);
        for (int k = 0; k < na; k++) {
            mix(&h, a[k].title), mix(&h, a[k].due), mix(&h, a[k].assignee_name);
            mix_int(&h, a[k].status), mix_int(&h, a[k].closed_at);
        }
        free_actions(a, na);
        struct contact *c;
        int nc;
        CHECK_INT(store_contacts_of_member(s, m[i].id, &c, &nc), STORE_OK);
        for (int k = 0; k < nc; k++)
            mix(&h, c[k].name), mix(&h, c[k].email), mix(&h, c[k].phone), mix(&h, c[k].role);
        contacts_free(c, nc);
    }
    free_members(m, nm);
    services_free(sv, nsv);
    struct action_query q = { .scope = ACTIONS_OPEN, .today = TODAY };
    struct action *a = all_actions(s, &q, &na);
    for (int k = 0; k < na; k++)
        mix(&h, a[k].title), mix_int(&h, a[k].priority), mix_int(&h, a[k].created_at);
    free_actions(a, na);
    mix_training(s, &h);
    return h;
}

/* ---- checks ------------------------------------------------------------------------- */

static void check_members(store *s)
{
    int n, kinds[MEMBER_KIND_COUNT] = {0}, deps_seen = 0;
    struct member *m = all_members(s, &n);
    bool ploemeur = false, chateaulin = false, batz = false;
    for (int i = 0; i < n; i++) {
        kinds[m[i].kind]++;
        CHECK(m[i].siren && siren_is_valid(m[i].siren));
        for (int k = 0; k < i; k++)
            CHECK(!m[i].siren || !m[k].siren || strcmp(m[i].siren, m[k].siren) != 0);
        ploemeur |= strcmp(m[i].name, "Plœmeur") == 0;
        chateaulin |= strcmp(m[i].name, "Châteaulin") == 0;
        batz |= strcmp(m[i].name, "Île-de-Batz") == 0;
        if (m[i].kind == MEMBER_DEPARTEMENT)
            deps_seen |= !strcmp(m[i].departement, "22") << 0 | !strcmp(m[i].departement, "29") << 1
                       | !strcmp(m[i].departement, "35") << 2 | !strcmp(m[i].departement, "56") << 3;
        if (m[i].kind != MEMBER_COMMUNE) {
            CHECK_INT(m[i].parent_id, 0);
            continue;
        }
        int p = find_member(m, n, m[i].parent_id);
        CHECK(p >= 0);
        if (p < 0)
            continue;
        CHECK_INT(m[p].kind, MEMBER_EPCI);
        CHECK_STR(m[p].departement, m[i].departement);
    }
    CHECK(n >= 270 && n <= 340);
    CHECK_INT(kinds[MEMBER_REGION], 1);
    CHECK_INT(kinds[MEMBER_DEPARTEMENT], 4);
    CHECK_INT(deps_seen, 0xF);
    CHECK(kinds[MEMBER_EPCI] >= 55 && kinds[MEMBER_EPCI] <= 65);
    CHECK(kinds[MEMBER_COMMUNE] >= 190 && kinds[MEMBER_COMMUNE] <= 250);
    CHECK(kinds[MEMBER_HOSPITAL] >= 3 && kinds[MEMBER_CCAS] >= 3 && kinds[MEMBER_OTHER] >= 3);
    CHECK(ploemeur && chateaulin && batz);
    free_members(m, n);
}

/* The login running the demo is staff, an admin, with open actions of its own, some
 * late. */
static void check_mine(store *s)
{
    struct staff me = {0};
    CHECK_INT(store_staff_by_login(s, unix_login(), &me), STORE_OK);
    CHECK_INT(me.role, SROLE_ADMIN);
    CHECK(!me.disabled);
    struct action_query q = { .scope = ACTIONS_MINE, .today = TODAY };
    int n;
    struct action *a = all_actions(s, &q, &n);
    CHECK(n >= 6);
    for (int i = 0; i < n; i++) {
        CHECK_INT(a[i].assignee_staff_id, me.id);
        CHECK(action_status_is_open(a[i].status));
    }
    free_actions(a, n);
    staff_clear(&me);
    struct action_counts c;
    CHECK_INT(store_action_counts(s, TODAY, &c), STORE_OK);
    CHECK(c.open >= 120 && c.open <= 260);
    CHECK(c.overdue > 0 && c.overdue < c.open);
    CHECK(c.mine_open >= 6 && c.mine_overdue >= 1);
}

/* Two years of history, all in the past; closed actions closed after creation;
 * e-mail addresses in ASCII. */
static void check_history(store *s)
{
    int64_t now, start, journeys;
    CHECK_INT(time_from_iso(NOW, &now), 0);
    start = now - 731 * 86400LL;
    journeys = now - JOURNEY_DAYS * 86400LL;     /* their key events began earlier */
    int nm, seen = 0;
    struct member *m = all_members(s, &nm);
    for (int i = 0; i < nm; i += 7) {
        int ni, na, nc;
        struct interaction *it = all_interactions(s, m[i].id, &ni);
        for (int k = 0; k < ni; k++) {
            CHECK(it[k].occurred_at >= (it[k].kind == IKIND_KEY_EVENT ? journeys : start));
            CHECK(it[k].occurred_at <= now);
            CHECK(it[k].created_at >= it[k].occurred_at && it[k].created_at <= now);
            CHECK(it[k].subject && it[k].subject[0] && !strchr(it[k].subject, '{'));
        }
        seen += ni;
        free_interactions(it, ni);
        struct action_query q = { .scope = ACTIONS_MEMBER, .member_id = m[i].id, .today = TODAY };
        struct action *a = all_actions(s, &q, &na);
        for (int k = 0; k < na; k++) {
            CHECK(a[k].created_at >= start && a[k].created_at <= now);
            if (action_status_is_open(a[k].status))
                CHECK_INT(a[k].closed_at, 0);
            else
                CHECK(a[k].closed_at >= a[k].created_at && a[k].closed_at <= now);
        }
        free_actions(a, na);
        struct contact *c;
        CHECK_INT(store_contacts_of_member(s, m[i].id, &c, &nc), STORE_OK);
        CHECK(nc >= 2);
        for (int k = 0; k < nc; k++)
            for (const char *p = c[k].email ? c[k].email : ""; *p; p++)
                CHECK(strchr("abcdefghijklmnopqrstuvwxyz0123456789.@-", *p));
        contacts_free(c, nc);
    }
    CHECK(seen > 200);
    free_members(m, nm);
}

/* The people around: providers with a contact person, the roles of the team, a few
 * contacts who left; actions closed with how they ended, status changes noted. */
static void check_people_and_endings(store *s, const struct demo_stats *st)
{
    struct provider *pr;
    int n;
    CHECK_INT(store_providers_list(s, &pr, &n), STORE_OK);
    CHECK_INT(n, 3);
    for (int i = 0; i < n; i++)
        CHECK(pr[i].contact && pr[i].contact[0] && !pr[i].disabled);
    providers_free(pr, n);
    struct staff *team;
    int roles[SROLE_COUNT] = {0};
    CHECK_INT(store_staff_list(s, &team, &n), STORE_OK);
    for (int i = 0; i < n; i++)
        roles[team[i].role]++;
    staff_list_free(team, n);
    CHECK(roles[SROLE_ADMIN] >= 2 && roles[SROLE_STAFF] >= 5 && roles[SROLE_READONLY] >= 1);
    CHECK(st->retired >= 5 && st->retired <= 60);

    int nm, resolved = 0, closed = 0, changes = 0, retired = 0;
    struct member *m = all_members(s, &nm);
    for (int i = 0; i < nm; i += 3) {
        struct action_query q = { .scope = ACTIONS_MEMBER, .member_id = m[i].id, .today = TODAY };
        int na, nc;
        struct action *a = all_actions(s, &q, &na);
        for (int k = 0; k < na; k++) {
            bool open = action_status_is_open(a[k].status);
            CHECK(open ? a[k].resolution == NULL : true);
            closed += !open;
            resolved += !open && a[k].resolution != NULL;
            struct note *notes;
            int nn;
            CHECK_INT(store_notes_of_action(s, a[k].id, &notes, &nn), STORE_OK);
            for (int j = 0; j < nn; j++)
                if (notes[j].status_change) {
                    changes++;
                    CHECK(notes[j].status_from != notes[j].status_to);
                    CHECK(notes[j].body && notes[j].body[0]);
                }
            notes_free(notes, nn);
        }
        free_actions(a, na);
        struct contact *c;
        CHECK_INT(store_contacts_of_member(s, m[i].id, &c, &nc), STORE_OK);
        for (int k = 0; k < nc; k++) {
            retired += c[k].retired;
            CHECK(!c[k].retired || k > 0);           /* retired ones come last */
        }
        contacts_free(c, nc);
    }
    free_members(m, nm);
    CHECK(closed > 50);
    CHECK(resolved > closed / 2 && resolved < closed);
    CHECK(changes > closed / 2);
    CHECK(retired >= 1);
}

/* One member's journey: from the first step, each next one in order (an exit
 * after some step), increasing instants in the past, each a key event on the
 * timeline; the member at the last one, due by its limit.  Returns the rank of
 * the member's stage. */
static int check_one_journey(store *s, const struct config *cfg, const struct member *m,
                             int64_t now)
{
    struct stage_change *c;
    int n;
    CHECK_INT(store_member_stages(s, m->id, &c, &n), STORE_OK);
    CHECK(m->stage != NULL && n >= 1);
    if (!m->stage || n < 1) {
        stage_changes_free(c, n);
        return -1;
    }
    CHECK_STR(c[0].stage, cfg->stages[0].code);             /* prospect */
    int prev = -1;
    for (int k = 0; k < n; k++) {
        int r = stage_rank(cfg, c[k].stage);
        CHECK(r > prev);
        /* Steps one after the other; an exit, the last row, after any step. */
        if (r >= 0 && !cfg->stages[r].exit)
            CHECK_INT(r, prev + 1);
        else
            CHECK_INT(k, n - 1);
        CHECK(c[k].entered_at >= now - JOURNEY_DAYS * 86400LL && c[k].entered_at < now);
        if (k > 0)
            CHECK(c[k].entered_at > c[k - 1].entered_at);
        CHECK(c[k].interaction_id > 0);
        prev = r;
    }
    CHECK_STR(m->stage, c[n - 1].stage);
    CHECK_INT(m->stage_since, c[n - 1].entered_at);
    const struct config_stage *st = prev >= 0 ? &cfg->stages[prev] : NULL;
    if (st && !st->exit && st->limit_days > 0) {
        char iso[TIME_ISO_LEN], due[DATE_ISO_LEN];
        time_to_iso(c[n - 1].entered_at, iso);
        iso[DATE_ISO_LEN - 1] = '\0';                /* its UTC date */
        CHECK_INT(date_add_days(iso, st->limit_days, due), 0);
        CHECK_STR(m->stage_due, due);
    } else {
        CHECK(m->stage_due == NULL);
    }
    struct interaction ev = {0};
    CHECK_INT(store_interaction_get(s, c[n - 1].interaction_id, &ev), STORE_OK);
    CHECK_INT(ev.kind, IKIND_KEY_EVENT);
    CHECK_INT(ev.member_id, m->id);
    CHECK_INT(ev.occurred_at, c[n - 1].entered_at);
    CHECK(ev.subject && strncmp(ev.subject, "Journey: ", 9) == 0);
    if (n > 1)
        CHECK(ev.subject && strstr(ev.subject, " (was ") != NULL);
    interaction_clear(&ev);
    stage_changes_free(c, n);
    return prev;
}

/* Every member has a journey; most in regular use, some on their way, a few gone;
 * some stalled (as stalled:yes lists them), not all. */
static void check_journeys(store *s, const struct demo_stats *st)
{
    struct config cfg;
    config_defaults(&cfg);
    int64_t now;
    CHECK_INT(time_from_iso(NOW, &now), 0);
    int nm, at[CONFIG_STAGES_MAX] = {0}, stalled = 0, limited = 0, steps = 0, whys = 0;
    struct member *m = all_members(s, &nm);
    for (int i = 0; i < nm; i++) {
        int r = check_one_journey(s, &cfg, &m[i], now);
        if (r >= 0)
            at[r]++;
        limited += m[i].stage_due != NULL;
        stalled += m[i].stage_due && strcmp(m[i].stage_due, TODAY) < 0;
        struct stage_change *c;
        int n;
        CHECK_INT(store_member_stages(s, m[i].id, &c, &n), STORE_OK);
        steps += n;
        for (int k = 0; k < n; k++)
            whys += c[k].why != NULL;
        stage_changes_free(c, n);
    }
    CHECK_INT(st->steps, steps);
    CHECK(whys > steps / 3 && whys < steps);
    int regular = stage_rank(&cfg, "regular");
    CHECK(regular >= 0);
    for (int r = 0; regular >= 0 && r < cfg.nstages; r++) {
        CHECK(r == regular || at[r] < at[regular]);
        if (!cfg.stages[r].exit)
            CHECK(at[r] > 0);                          /* each step has members */
    }
    if (regular >= 0)
        CHECK(at[regular] * 100 >= nm * 35 && at[regular] * 100 <= nm * 60);
    int exits = 0;
    for (int r = 0; r < cfg.nstages; r++)
        exits += cfg.stages[r].exit ? at[r] : 0;
    CHECK(exits >= 2 && exits * 100 <= nm * 10);
    CHECK(stalled * 100 >= nm * 7 && stalled * 100 <= nm * 20);
    CHECK(limited - stalled > nm / 5);                 /* on time, most of them */
    /* The store's filter (stalled:yes) finds the same ones. */
    struct member_where w = { .stalled = 1, .today = TODAY };
    struct member rows[PAGE];
    int got = 0;
    CHECK_INT(store_members_where_page(s, &w, PAGE_FIRST, NULL, PAGE, rows, &got), STORE_OK);
    CHECK_INT(got, stalled < PAGE ? stalled : PAGE);
    for (int i = 0; i < got; i++)
        member_clear(&rows[i]);
    free_members(m, nm);
    config_free(&cfg);
}

/* Progress is paced by time: at most 5 lines a second, and a summary at the end. */
static void check_progress(FILE *f, double seconds)
{
    char line[512], last[512] = "";
    int lines = 0;
    rewind(f);
    while (fgets(line, sizeof line, f)) {
        lines++;
        memcpy(last, line, sizeof last);
    }
    CHECK(lines >= 1 && lines <= 5 * seconds + 2);
    CHECK(strncmp(last, "demo: ", 6) == 0);
    CHECK_CONTAINS(last, "members ");
    CHECK_CONTAINS(last, " actions ");
    CHECK_CONTAINS(last, " retired)");
    CHECK_CONTAINS(last, " journey steps ");
    CHECK_CONTAINS(last, " subscriptions ");
    CHECK_CONTAINS(last, " usage figures ");
    CHECK_CONTAINS(last, " training sessions ");
    CHECK_CONTAINS(last, " attendees ");
}

static double elapsed(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static uint64_t seed42_digest;
static int seed42_steps;

TEST(demo_is_realistic)
{
    struct demo_stats st = {0};
    FILE *progress = tmpfile();
    CHECK(progress != NULL);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    store *s = make_demo("demo.db", 42, progress, &st);
    double took = elapsed(&t0);
    if (!s || !progress)
        return;
    CHECK_STR(getenv("SUIVI_NOW"), NOW);     /* our clock put back as it was */
    CHECK(st.members >= 270 && st.members <= 340);
    CHECK(st.contacts >= 1000 && st.contacts <= 1400);
    CHECK(st.interactions >= 5800 && st.interactions <= 6200);
    CHECK(st.actions >= 800 && st.actions <= 1050);
    CHECK(st.notes >= 500);
    CHECK(st.staff == 8 || st.staff == 9);
    check_progress(progress, took);
    fclose(progress);
    check_members(s);
    check_mine(s);
    check_history(s);
    check_people_and_endings(s, &st);
    CHECK(st.steps >= st.members * 4 && st.steps <= st.members * 9);
    check_journeys(s, &st);
    seed42_steps = st.steps;
    seed42_digest = digest(s);
    store_close(s);
}

TEST(demo_same_seed_same_data)
{
    struct demo_stats a = {0}, b = {0};
    store *s = make_demo("again.db", 42, NULL, &a);
    uint64_t again = s ? digest(s) : 0;
    store_close(s);
    if (!seed42_digest) {                    /* run alone (CHECK_ONLY) */
        s = make_demo("first.db", 42, NULL, &b);
        seed42_digest = s ? digest(s) : 1;
        store_close(s);
    }
    CHECK(again == seed42_digest);          /* journeys and sessions included */
    CHECK(!seed42_steps || a.steps == seed42_steps);
    CHECK(a.trainings >= 25 && a.attendees > a.trainings * 3);
    s = make_demo("other.db", 43, NULL, &b);
    CHECK(s && digest(s) != again);
    store_close(s);
}

TEST(demo_without_pinned_clock_restores_environment)
{
    struct store_options o = { .busy_timeout_ms = 5000, .create = true };
    store *s = NULL;
    char err[512] = "";
    unsetenv("SUIVI_NOW");
    CHECK_INT(store_open(check_tmpfile("free.db"), &o, &s, err, sizeof err), STORE_OK);
    if (!s)
        return;
    struct demo_stats st;
    CHECK_INT(demo_generate(s, 1, NULL, &st, err, sizeof err), STORE_OK);
    CHECK(getenv("SUIVI_NOW") == NULL);
    store_close(s);
}

TESTS(T(demo_is_realistic), T(demo_same_seed_same_data),
      T(demo_without_pinned_clock_restores_environment))