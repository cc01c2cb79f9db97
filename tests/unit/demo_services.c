/* demo_services — the demo's services and training as its journeys say: services
 * subscribed and used (over 24 months, some never used, some members in trouble),
 * and the training sessions of the last two years — topics on the services and a
 * few others, every kind of trainer, places and online, 3 to 12 attendees of
 * several members, most present and satisfied, each attending member with the
 * session on its timeline, and each member trained within the history at a session
 * in the weeks before its step 'trained', the step saying how.  Read back through
 * the store, as the interface reads it (demo_fixture.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "demo_fixture.h"
#include "suivi/base/timeutil.h"
#include "suivi/config/config.h"
#include "suivi/core/usage.h"
#include "suivi/store/journey.h"
#include "suivi/store/training.h"
#include "suivi/store/usage.h"

#define FIRST_MONTH "2024-12"   /* of the usage figures: 24 months up to NOW's */
#define LAST_MONTH  "2026-11"
#define TRAINED_SINCE 715       /* days: the steps 'trained' sessions were held for */
#define WEEKS_BEFORE  43        /* days: the most a session comes before that step */

/* ---- services and figures ----------------------------------------------------------- */

/* A member's journey as its services see it: the day its convention was signed,
 * the month of its first use ("" when not reached). */
static void journey_marks(store *s, int64_t id, char conv[DATE_ISO_LEN], char first[MONTH_LEN])
{
    struct stage_change *c;
    int n;
    char iso[TIME_ISO_LEN];
    conv[0] = first[0] = '\0';
    CHECK_INT(store_member_stages(s, id, &c, &n), STORE_OK);
    for (int k = 0; k < n; k++) {
        time_to_iso(c[k].entered_at, iso);
        if (strcmp(c[k].stage, "convention") == 0)
            snprintf(conv, DATE_ISO_LEN, "%.10s", iso);
        if (strcmp(c[k].stage, "first_use") == 0)
            snprintf(first, MONTH_LEN, "%.7s", iso);
    }
    stage_changes_free(c, n);
}

/* Subscriptions from the convention on (none before it; ended for those gone),
 * figures from the first use on, within the subscription, over 24 months; some
 * members subscribed with no use at all, and each flag of core/usage.h on some. */
static void check_usage(store *s, const struct demo_stats *st)
{
    struct config cfg;
    config_defaults(&cfg);
    struct service *sv;
    int nm, nsv, subs = 0, figures = 0, idle = 0, unused = 0, trained = 0, troubled = 0;
    CHECK_INT(store_services(s, &sv, &nsv), STORE_OK);
    CHECK_INT(nsv, 7);
    char lo[MONTH_LEN] = "9999-99", hi[MONTH_LEN] = "0000-00", conv[DATE_ISO_LEN], first[MONTH_LEN];
    struct member *m = all_members(s, &nm);
    for (int i = 0; i < nm; i++) {
        int r = stage_rank(&cfg, m[i].stage), nb, used = 0;
        bool out = r >= 0 && cfg.stages[r].exit;
        journey_marks(s, m[i].id, conv, first);
        struct subscription *b;
        CHECK_INT(store_subscriptions_of(s, m[i].id, &b, &nb), STORE_OK);
        if (!out)
            CHECK(r >= stage_rank(&cfg, "convention") ? nb >= 1 : nb == 0);
        CHECK(conv[0] || nb == 0);
        for (int k = 0; k < nb; k++) {
            CHECK(strcmp(b[k].since, conv) >= 0 && strcmp(b[k].since, TODAY) <= 0);
            CHECK(out ? b[k].until && strcmp(b[k].until, b[k].since) > 0 : !b[k].until);
            CHECK(!b[k].convention || strncmp(b[k].convention, "CONV-20", 7) == 0);
        }
        for (int j = 0; j < nsv; j++) {
            int np, k = 0;
            while (k < nb && b[k].service_id != sv[j].id)
                k++;
            struct usage_point *p = figures_of(s, m[i].id, sv[j].id, &np);
            for (int q = 0; q < np; q++) {
                CHECK(p[q].count >= 0 && first[0] && strcmp(p[q].month, first) >= 0);
                CHECK(k < nb && strncmp(p[q].month, b[k].since, 7) >= 0);
                CHECK(k >= nb || !b[k].until || strncmp(p[q].month, b[k].until, 7) <= 0);
                if (strcmp(p[q].month, lo) < 0)
                    memcpy(lo, p[q].month, MONTH_LEN);
                if (strcmp(p[q].month, hi) > 0)
                    memcpy(hi, p[q].month, MONTH_LEN);
            }
            used += np;
            free(p);
        }
        subs += nb;
        figures += used;
        idle += nb > 0 && used == 0;
        struct member_usage u;
        CHECK_INT(member_usage_read(s, &cfg, &m[i], TODAY, &u), STORE_OK);
        unused += used > 0 && !out && (u.flags & FLAG_SUBSCRIBED_UNUSED);
        trained += (u.flags & FLAG_TRAINED_UNUSED) != 0;
        troubled += (u.flags & FLAG_INCIDENTS) != 0;
        member_usage_free(&u);
        subscriptions_free(b, nb);
    }
    CHECK_INT(st->subscriptions, subs);
    CHECK_INT(st->usage, figures);
    CHECK(subs >= nm * 2 && figures >= nm * 15);
    CHECK_STR(lo, FIRST_MONTH);
    CHECK_STR(hi, LAST_MONTH);
    CHECK(idle >= 10);
    CHECK(unused >= 3 && trained >= 3 && troubled >= 2);
    free_members(m, nm);
    services_free(sv, nsv);
    config_free(&cfg);
}

/* ---- training ----------------------------------------------------------------------- */

/* The why a step 'trained' gives for the session it was at. */
static const char *why_of(const struct training_session *t)
{
    if (t->trainer_kind == TRAINER_GRETA)
        return "Session de formation GRETA";
    if (t->online)
        return "Formation en visioconférence";
    if (t->place && strstr(t->place, "syndicat"))
        return "Atelier de prise en main au syndicat";
    return "Formation sur site";
}

/* One session held: 3 to 12 attendees of two members or more, each present one's
 * member with the session on its timeline (one interaction a member), no score
 * from one absent.  first[]: the first session each member attended (oldest
 * first, so the first one met stays). */
static void check_attendees(store *s, const struct training_session *t, const struct member *m,
                            int nm, const struct training_session **first, int *rows,
                            int *present, int *scored, int *good)
{
    struct training_attendee *a;
    int n, members = 0;
    CHECK_INT(store_training_attendees(s, t->id, &a, &n), STORE_OK);
    CHECK_INT(n, t->attendees);
    CHECK(n >= 3 && n <= 12);
    for (int k = 0; k < n; k++) {
        bool again = false;
        for (int j = 0; j < k; j++)
            if (a[j].member_id == a[k].member_id) {
                again = true;
                if (a[j].attended && a[k].attended)
                    CHECK_INT(a[j].interaction_id, a[k].interaction_id);
            }
        members += !again;
        *present += a[k].attended;
        *scored += a[k].satisfaction > 0;
        *good += a[k].satisfaction >= 4;
        CHECK(a[k].satisfaction >= 0 && a[k].satisfaction <= 5);
        CHECK(a[k].attended || a[k].satisfaction == 0);
        if (!a[k].attended) {
            CHECK_INT(a[k].interaction_id, 0);
            continue;
        }
        int i = find_member(m, nm, a[k].member_id);
        CHECK(i >= 0);
        if (i >= 0 && !first[i])
            first[i] = t;
        struct interaction it = {0};
        CHECK_INT(store_interaction_get(s, a[k].interaction_id, &it), STORE_OK);
        CHECK_INT(it.kind, IKIND_TRAINING);
        CHECK_INT(it.member_id, a[k].member_id);
        CHECK_CONTAINS(it.subject, t->topic);
        char iso[TIME_ISO_LEN];
        time_to_iso(it.occurred_at, iso);
        CHECK(strncmp(iso, t->held_on, 10) == 0);
        CHECK(it.created_at > it.occurred_at);          /* written once it was held */
        interaction_clear(&it);
    }
    CHECK(members >= 2);
    *rows += n;
    training_attendees_free(a, n);
}

/* Each member trained within the history was at a session in the weeks before its
 * step (a handful excepted, at the window's edge), and the step says how; one at a
 * session was trained by then or there. */
static void check_trained(store *s, const struct member *m, int nm,
                          const struct training_session **first)
{
    int64_t now;
    CHECK_INT(time_from_iso(NOW, &now), 0);
    int recent = 0, aligned = 0, whys = 0;
    for (int i = 0; i < nm; i++) {
        struct stage_change *c;
        int n;
        CHECK_INT(store_member_stages(s, m[i].id, &c, &n), STORE_OK);
        const struct stage_change *tr = NULL;
        for (int k = 0; k < n; k++)
            if (strcmp(c[k].stage, "trained") == 0)
                tr = &c[k];
        char day[DATE_ISO_LEN] = "", early[DATE_ISO_LEN] = "", on[11];
        if (tr) {
            char iso[TIME_ISO_LEN];
            time_to_iso(tr->entered_at, iso);
            snprintf(day, sizeof day, "%.10s", iso);
            CHECK_INT(date_add_days(day, -WEEKS_BEFORE, early), 0);
        }
        int before, after;
        CHECK_INT(store_training_effect(s, m[i].id, 90, on, &before, &after), STORE_OK);
        CHECK_STR(on, first[i] ? first[i]->held_on : "");
        bool there = first[i] && tr && strcmp(first[i]->held_on, day) < 0
                     && strcmp(first[i]->held_on, early) >= 0;
        if (first[i])
            CHECK(tr && (there || strcmp(first[i]->held_on, day) >= 0));
        if (tr && tr->entered_at >= now - TRAINED_SINCE * 86400LL) {
            recent++;
            aligned += there;
        }
        if (there && tr->why) {
            whys++;
            CHECK_STR(tr->why, why_of(first[i]));
        }
        stage_changes_free(c, n);
    }
    CHECK(recent >= 100);
    CHECK(aligned * 100 >= recent * 95);
    CHECK(whys > aligned / 2);
}

/* The sessions: within the last two years but one to come, on several services
 * and topics that are none, by each kind of trainer, in town halls, at the
 * syndicate and online; most attendees present, most scores 4 or 5. */
static void check_training(store *s, const struct demo_stats *st)
{
    struct training_session *t;
    struct service *sv;
    int n, nm, nsv, kinds[TRAINER_COUNT] = {0}, online = 0, town = 0, offices = 0, other = 0;
    int to_come = 0, rows = 0, present = 0, scored = 0, good = 0, services = 0;
    CHECK_INT(store_trainings(s, 1000, &t, &n), STORE_OK);
    CHECK_INT(store_services(s, &sv, &nsv), STORE_OK);
    CHECK_INT(n, st->trainings);
    CHECK(n >= 25 && n <= 40);
    struct member *m = all_members(s, &nm);
    const struct training_session **first = xcalloc((size_t)nm + 1, sizeof *first);
    char start[DATE_ISO_LEN];
    CHECK_INT(date_add_days(TODAY, -730, start), 0);
    for (int j = 0; j < nsv; j++) {
        bool on = false;
        for (int i = 0; i < n; i++)
            on |= t[i].service_id == sv[j].id;
        services += on;
    }
    for (int i = n - 1; i >= 0; i--) {                  /* oldest first */
        kinds[t[i].trainer_kind]++;
        CHECK(t[i].trainer && t[i].trainer[0]);
        CHECK(t[i].online == (t[i].place == NULL));
        online += t[i].online;
        town += t[i].place && strncmp(t[i].place, "Mairie ", 7) == 0;
        offices += t[i].place && strstr(t[i].place, "syndicat") != NULL;
        other += t[i].service_id == 0;
        if (strcmp(t[i].held_on, TODAY) > 0) {
            to_come++;
            CHECK_INT(t[i].attendees, 0);
            continue;
        }
        CHECK(strcmp(t[i].held_on, start) >= 0);
        check_attendees(s, &t[i], m, nm, first, &rows, &present, &scored, &good);
    }
    CHECK_INT(to_come, 1);
    CHECK_INT(rows, st->attendees);
    for (int k = 0; k < TRAINER_COUNT; k++)
        CHECK(kinds[k] > 0);
    CHECK(online > 0 && town > 0 && offices > 0);
    CHECK(other > 0 && services >= 4);
    CHECK(present < rows && present * 100 >= rows * 85);
    CHECK(scored > rows / 2 && good * 100 >= scored * 75);
    check_trained(s, m, nm, first);
    free(first);
    free_members(m, nm);
    services_free(sv, nsv);
    trainings_free(t, n);
}

TEST(demo_services_and_training_follow_the_journeys)
{
    struct demo_stats st = {0};
    store *s = make_demo("demo.db", 42, NULL, &st);
    if (!s)
        return;
    check_usage(s, &st);
    check_training(s, &st);
    store_close(s);
}

TESTS(T(demo_services_and_training_follow_the_journeys))
