/* core_report — the figures of the dashboard and `suivi report` on a small
 * hand-made dataset with known answers: quantiles, periods, open and overdue by
 * pôle and assignee, opened and closed per week, resolution with the wait on the
 * member left out and the wait on a provider apart, first response, interactions
 * by kind and week, members per stage in the journey's order, the funnel (every
 * stay begun ending one way: on, back, left or still), the EPCI and département
 * roll-ups, incidents before and after training, and the text drawn
 * with what each line links to. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "store_fixture.h"
#include "suivi/base/xalloc.h"
#include "suivi/config/config.h"
#include "suivi/core/report.h"
#include "suivi/core/report_funnel.h"

TEST(quantiles_interpolate_between_ranks)
{
    int64_t v[4] = { 4, 1, 3, 2 };
    CHECK(stats_quantile(v, 4, 0.5) == 2.5);
    int64_t w[4] = { 4, 1, 3, 2 };
    double p90 = stats_quantile(w, 4, 0.9);
    CHECK(p90 > 3.69 && p90 < 3.71);
    int64_t one[1] = { 7 };
    CHECK(stats_quantile(one, 1, 0.9) == 7);
    CHECK(stats_quantile(NULL, 0, 0.5) == 0);
}

static void check_period(const char *text, const char *from, const char *to,
                         const char *label)
{
    struct period p;
    char err[256];
    CHECK_INT(period_parse(text, "2026-12-01", &p, err, sizeof err), 0);
    CHECK_STR(p.from, from);
    CHECK_STR(p.to, to);
    CHECK_STR(p.label, label);
}

TEST(periods_as_people_name_them)
{
    check_period("2026-11", "2026-11-01", "2026-12-01", "2026-11");
    check_period("2026-Q4", "2026-10-01", "2027-01-01", "2026-Q4");
    check_period("2026", "2026-01-01", "2027-01-01", "2026");
    check_period(NULL, "2026-12-01", "2027-01-01", "2026-12");
    check_period("last-month", "2026-11-01", "2026-12-01", "2026-11");
    check_period("quarter", "2026-10-01", "2027-01-01", "2026-Q4");
    check_period("year", "2026-01-01", "2027-01-01", "2026");
    check_period("2026-10-01..2026-11-15", "2026-10-01", "2026-11-16",
                 "2026-10-01..2026-11-15");
    struct period p;
    char err[256];
    static const char *const bad[] = { "2026-13", "2026-Q5", "26", "2026-11-15..2026-10-01",
                                       "soon" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_INT(period_parse(bad[i], "2026-12-01", &p, err, sizeof err), -1);
        CHECK_CONTAINS(err, "is not a period");
    }
}

/* Actions with known times: created, closed, and the trail of their waits. */
static const char *const DATA =
    "INSERT INTO pole (id, name) VALUES (1, 'Support'), (2, 'Formation');"
    "INSERT INTO staff (id, login, display_name, role) VALUES (7, 'amorel', 'Anne Morel', 'staff');"
    "INSERT INTO action (id, member_id, title, search, status, priority, due, pole_id,"
    " assignee_staff_id, created_by, created_at, updated_at, closed_at, version) VALUES"
    /* open: two in Support (one overdue), one in Formation */
    " (1, 1, 'a', 'a', 'open', 3, '2026-11-01', 1, 7, 'x', '2026-10-01 09:00:00', '', NULL, 1),"
    " (2, 1, 'b', 'b', 'open', 3, '2026-12-31', 1, NULL, 'x', '2026-11-02 09:00:00', '', NULL, 1),"
    " (3, 1, 'c', 'c', 'in_progress', 3, NULL, 2, 7, 'x', '2026-11-03 09:00:00', '', NULL, 1),"
    /* closed in November: 2, 4 and 6 days after creation */
    " (4, 1, 'd', 'd', 'done', 3, NULL, 1, NULL, 'x', '2026-11-02 10:00:00', '',"
    "  '2026-11-04 10:00:00', 1),"
    " (5, 1, 'e', 'e', 'done', 3, NULL, 1, NULL, 'x', '2026-11-09 10:00:00', '',"
    "  '2026-11-13 10:00:00', 1),"
    " (6, 1, 'f', 'f', 'done', 3, NULL, 1, NULL, 'x', '2026-11-09 10:00:00', '',"
    "  '2026-11-15 10:00:00', 1);"
    /* action 6 waited 3 days on the member, action 5 one day on a provider; action 4
     * had a first response after 2 hours */
    "INSERT INTO audit (at, login, entity, entity_id, change) VALUES"
    " ('2026-11-02 12:00:00', 'amorel', 'action', 4, '{\"status\":[\"open\",\"in_progress\"]}'),"
    " ('2026-11-10 10:00:00', 'amorel', 'action', 6, '{\"status\":[\"open\",\"wait_member\"]}'),"
    " ('2026-11-13 10:00:00', 'amorel', 'action', 6, '{\"status\":[\"wait_member\",\"in_progress\"]}'),"
    " ('2026-11-10 10:00:00', 'amorel', 'action', 5, '{\"status\":[\"open\",\"wait_provider\"]}'),"
    " ('2026-11-11 10:00:00', 'amorel', 'action', 5, '{\"status\":[\"wait_provider\",\"in_progress\"]}'),"
    /* what is not a first response: 5's creation, a member's row of the same id;
     * what is one: a schema-1 text change (not a status change: no wait), and a note
     * on 6 two hours after its creation */
    " ('2026-11-09 10:00:00', 'amorel', 'action', 5, 'created'),"
    " ('2026-11-09 11:00:00', 'amorel', 'member', 5, '{\"status\":[\"open\",\"done\"]}'),"
    " ('2026-11-10 09:00:00', 'amorel', 'action', 5, 'status: open -> wait_member');"
    "INSERT INTO note (action_id, author, at, visibility, body) VALUES"
    " (6, 'amorel', '2026-11-09 12:00:00', 'internal', 'vu');"
    "INSERT INTO interaction (member_id, occurred_at, kind, author, subject, search, created_at,"
    " version) VALUES (1, '2026-11-05 10:00:00', 'call_in', 'x', 's', 's', '', 1),"
    " (1, '2026-11-06 10:00:00', 'call_in', 'x', 's', 's', '', 1),"
    " (1, '2026-11-07 10:00:00', 'incident', 'x', 's', 's', '', 1),"
    " (1, '2026-10-07 10:00:00', 'incident', 'x', 's', 's', '', 1),"
    /* Sunday 1 November: the week of Monday 26 October, cut to the period */
    " (2, '2026-11-01 10:00:00', 'meeting', 'x', 's', 's', '', 1);"
    "UPDATE member SET stage = 'trained', stage_due = '2026-01-01' WHERE id = 1;"
    /* usage in the first and the last month of the year to November only */
    "INSERT INTO usage (member_id, service_id, month, count, imported_at) VALUES"
    " (1, 1, '2025-12', 5, ''), (2, 1, '2026-11', 7, ''), (1, 1, '2025-11', 99, '');";

static const struct stat_row *row(const struct stat_row *r, int n, const char *label)
{
    for (int i = 0; i < n; i++)
        if ((!label && !r[i].label) || (label && r[i].label && strcmp(r[i].label, label) == 0))
            return &r[i];
    return NULL;
}

static void collect(void *ctx, const char *text, bool heading)
{
    (void)heading;
    char **all = ctx;
    char *more = xasprintf("%s%s\n", *all ? *all : "", text);
    free(*all);
    *all = more;
}

/* November's report, on 1 December, of a new database holding these members and
 * then data. */
static store *november(const char *file, const char *const *members, int n, const char *data,
                       struct config *cfg, struct report *r)
{
    const char *path = check_tmpfile(file);
    store *s = fixture_open(path, true);
    for (int i = 0; i < n; i++)
        fixture_add_member(s, members[i]);
    fixture_exec(path, data);
    config_defaults(cfg);
    struct period p;
    char err[256];
    CHECK_INT(period_parse("2026-11", "2026-12-01", &p, err, sizeof err), 0);
    CHECK_INT(report_build(s, cfg, &p, "2026-12-01", r), STORE_OK);
    return s;
}

TEST(the_figures_of_a_small_world)
{
    static const char *const names[] = { "Plouguerneau", "Brest" };
    struct config cfg;
    struct report r;
    store *s = november("r.db", names, 2, DATA, &cfg, &r);
    const struct stat_row *support = row(r.by_pole, r.npole, "Support");
    CHECK(support && support->a == 2 && support->b == 1);
    const struct stat_row *formation = row(r.by_pole, r.npole, "Formation");
    CHECK(formation && formation->a == 1 && formation->b == 0);
    const struct stat_row *anne = row(r.by_assignee, r.nassignee, "Anne Morel");
    CHECK(anne && anne->a == 2);
    CHECK(row(r.by_assignee, r.nassignee, NULL) && row(r.by_assignee, r.nassignee, NULL)->a == 1);
    /* Weeks (Mondays): 2 Nov opened 2 (2, 3) + 4, closed 4; 9 Nov opened 5, 6,
     * closed 5, 6 (13 and 15 Nov). */
    const struct stat_row *w1 = row(r.weeks, r.nweeks, "2026-11-02");
    const struct stat_row *w2 = row(r.weeks, r.nweeks, "2026-11-09");
    CHECK(w1 && w1->a == 3 && w1->b == 1);
    CHECK(w2 && w2->a == 2 && w2->b == 2);
    CHECK_INT(r.nweeks, 2);                 /* the weeks with neither are left out */
    /* Resolution: 2, 4, and 6 - 3 (waiting on the member) = 3 days: median 3. */
    CHECK_INT(r.closed, 3);
    CHECK_INT(r.resolution.n, 3);
    CHECK(r.resolution.median_s == 3 * 86400.0);
    CHECK(r.resolution.p90_s > 3.7 * 86400 && r.resolution.p90_s < 3.9 * 86400); /* 2,3,4 */
    /* The provider's wait apart: 0, 1 day, 0. */
    CHECK(r.provider_wait.median_s == 0 && r.provider_wait.p90_s > 0.79 * 86400);
    /* First response: 2 h (4), 23 h (5: its text change), 2 h (6: its note). */
    CHECK_INT(r.first_response.n, 3);
    CHECK(r.first_response.median_s == 7200.0);
    CHECK(r.first_response.p90_s > 67679.9 && r.first_response.p90_s < 67680.1);
    const struct stat_row *calls = row(r.kinds, r.nkinds, "call_in");
    const struct stat_row *incidents = row(r.kinds, r.nkinds, "incident");
    CHECK(calls && calls->a == 2 && incidents && incidents->a == 1);   /* October's out */
    /* By kind and week (its Monday, the one before the period for its first days). */
    CHECK_INT(r.nkind_weeks, 3);
    const struct stat_row *kw = row(r.kind_weeks, r.nkind_weeks, "call_in\t2026-11-02");
    CHECK(kw && kw->a == 2);
    kw = row(r.kind_weeks, r.nkind_weeks, "meeting\t2026-10-26");
    CHECK(kw && kw->a == 1);
    if (r.nkind_weeks == 3)                 /* by label */
        CHECK_STR(r.kind_weeks[1].label, "incident\t2026-11-02");
    /* The journey in its order: trained (1 member, stalled), then no stage (1). */
    CHECK_INT(r.nstages, 2);
    if (r.nstages == 2) {
        CHECK_STR(r.stages[0].label, "trained");
        CHECK(r.stages[0].a == 1 && r.stages[0].b == 1);
        CHECK(r.stages[1].label == NULL && r.stages[1].a == 1);
    }
    /* One series per service, a point per month, the months of no figure at 0
     * (a review found them dropped: two points side by side for a year). */
    CHECK_STR(r.usage_from, "2025-12");
    CHECK_INT(r.nmonths, 12);
    CHECK_INT(r.nseries, 1);
    if (r.nseries == 1) {
        CHECK_STR(r.series[0].code, "marches");
        CHECK(r.series[0].months[0] == 5 && r.series[0].months[11] == 7);
        for (int k = 1; k < 11; k++)
            CHECK_INT(r.series[0].months[k], 0);
        CHECK_INT(r.series[0].total, 12);
    }
    char *text = NULL;
    report_text(&r, &cfg, 80, true, collect, &text);
    CHECK_CONTAINS(text, "marches                    +__________#  12 in all");   /* 5, then 7 */
    CHECK_CONTAINS(text, "Activity 2026-11 (2026-11-01 to 2026-11-30)");
    CHECK_CONTAINS(text, "Support                    ##############################     2"
                         "  (1 overdue)");
    CHECK_CONTAINS(text, "Resolution, member's waits left out: median 3.0 days, 90% in "
                         "3.8 days (3)");
    CHECK_CONTAINS(text, "Trained");
    for (const char *l = text; *l; l += strcspn(l, "\n") + 1)
        CHECK((int)strcspn(l, "\n") <= 80);
    free(text);
    report_free(&r);
    config_free(&cfg);
    store_close(s);
}

/* The funnel, the EPCI roll-up and the training's before/after on a second small
 * world: an EPCI (3) with two communes (4, 5); member 6 alone. */
static const char *const AREAS =
    "UPDATE member SET kind = 'epci', departement = '29' WHERE id = 3;"
    "UPDATE member SET kind = 'commune', parent_id = 3, departement = '29' WHERE id IN (4, 5);"
    "UPDATE member SET departement = '56' WHERE id = 6;"
    "INSERT INTO action (id, member_id, title, search, status, priority, due, pole_id,"
    " assignee_staff_id, created_by, created_at, updated_at, closed_at, version) VALUES"
    " (11, 3, 'a', 'a', 'open', 3, NULL, NULL, NULL, 'x', '2026-10-01 09:00:00', '', NULL, 1),"
    " (12, 4, 'b', 'b', 'open', 3, NULL, NULL, NULL, 'x', '2026-10-01 09:00:00', '', NULL, 1),"
    " (13, 5, 'c', 'c', 'open', 3, NULL, NULL, NULL, 'x', '2026-10-01 09:00:00', '', NULL, 1),"
    " (14, 5, 'd', 'd', 'done', 3, NULL, NULL, NULL, 'x', '2026-10-01 09:00:00', '',"
    "  '2026-10-02 09:00:00', 1),"
    " (15, 6, 'e', 'e', 'open', 3, NULL, NULL, NULL, 'x', '2026-10-01 09:00:00', '', NULL, 1);"
    /* the journey: 3 prospect 10 days then joining; 4 prospect 30 days then left;
     * 5 prospect 20 days then trained (skipping steps: moved on), still trained;
     * 6 renewal due 5 days then regular (a renewal), still regular */
    "INSERT INTO member_stage (member_id, stage, entered_at, login) VALUES"
    " (3, 'prospect', '2026-01-01 09:00:00', 'x'), (3, 'joining', '2026-01-11 09:00:00', 'x'),"
    " (4, 'prospect', '2026-01-01 09:00:00', 'x'), (4, 'left', '2026-01-31 09:00:00', 'x'),"
    " (5, 'prospect', '2026-01-01 09:00:00', 'x'), (5, 'trained', '2026-01-21 09:00:00', 'x'),"
    " (6, 'renewal', '2026-02-01 09:00:00', 'x'), (6, 'regular', '2026-02-06 09:00:00', 'x'),"
    /* 1 at convention 7 days, then back to joining, still there */
    " (1, 'convention', '2026-03-01 09:00:00', 'x'), (1, 'joining', '2026-03-08 09:00:00', 'x');"
    /* member 5 trained on service 1 on 1 June: 2 incidents in the 90 days before, 1
     * after, one request a year before (out); member 6 trained 20 days ago (too
     * recent: its window after is not whole) */
    "INSERT INTO contact (id, member_id, name) VALUES (1, 5, 'Anne'), (2, 6, 'Paul');"
    "INSERT INTO training_session (id, held_on, topic, service_id, trainer_kind, created_by,"
    " created_at) VALUES (1, '2026-06-01', 't', 1, 'greta', 'x', ''),"
    " (2, '2026-11-11', 't', 1, 'internal', 'x', '');"
    "INSERT INTO training_attendee (session_id, contact_id, attended) VALUES (1, 1, 1), (2, 2, 1);"
    "INSERT INTO interaction (member_id, occurred_at, kind, author, subject, search, created_at,"
    " version) VALUES (5, '2026-04-01 10:00:00', 'incident', 'x', 's', 's', '', 1),"
    " (5, '2026-05-30 10:00:00', 'request', 'x', 's', 's', '', 1),"
    " (5, '2025-05-30 10:00:00', 'request', 'x', 's', 's', '', 1),"
    " (5, '2026-07-01 10:00:00', 'incident', 'x', 's', 's', '', 1),"
    " (4, '2026-11-20 10:00:00', 'call_in', 'x', 's', 's', '', 1),"
    " (6, '2026-11-21 10:00:00', 'call_in', 'x', 's', 's', '', 1);";

static void collect_links(void *ctx, const char *text, bool heading,
                          const struct report_link *link)
{
    (void)heading;
    char **all = ctx;
    char *more = xasprintf("%s%s%s%s\n", *all ? *all : "", text, link ? " -> " : "",
                           link ? link->query : "");
    free(*all);
    *all = more;
}

static const struct funnel_stage *stage_of(const struct report *r, const char *code)
{
    for (int i = 0; i < r->nfunnel; i++)
        if (strcmp(r->funnel[i].code, code) == 0)
            return &r->funnel[i];
    return NULL;
}

TEST(funnel_rollup_and_training_effect)
{
    static const char *const names[] = { "M", "M", "Pays des Abers", "Lannilis", "M", "M" };
    struct config cfg;
    struct report r;
    store *s = november("areas.db", names, 6, AREAS, &cfg, &r);
    /* Prospect: 3 stays begun, 2 moved on (joining, trained), 1 left; stays of
     * 10, 20 and 30 days: median 20.  The exits have no line of their own. */
    const struct funnel_stage *prospect = stage_of(&r, "prospect");
    CHECK(prospect && prospect->entered == 3 && prospect->moved_on == 2 &&
          prospect->exited == 1 && prospect->still == 0 && prospect->median_days == 20);
    const struct funnel_stage *trained = stage_of(&r, "trained");
    CHECK(trained && trained->entered == 1 && trained->still == 1 && trained->moved_on == 0);
    const struct funnel_stage *renewal = stage_of(&r, "renewal");
    CHECK(renewal && renewal->entered == 1 && renewal->moved_on == 1 &&
          renewal->median_days == 5);
    CHECK(stage_of(&r, "left") == NULL);
    /* Back from convention to joining: neither on nor left. */
    const struct funnel_stage *convention = stage_of(&r, "convention");
    CHECK(convention && convention->entered == 1 && convention->moved_back == 1 &&
          convention->moved_on == 0 && convention->exited == 0 && convention->still == 0 &&
          convention->median_days == 7);
    const struct funnel_stage *joining = stage_of(&r, "joining");
    CHECK(joining && joining->entered == 2 && joining->still == 2);
    for (int i = 0; i < r.nfunnel; i++)
        CHECK_INT(r.funnel[i].entered, r.funnel[i].moved_on + r.funnel[i].moved_back +
                                       r.funnel[i].exited + r.funnel[i].still);
    /* The EPCI with its two communes: 3 open (11, 12, 13; 14 is closed), 1
     * interaction in November (4's); member 6 is in no EPCI. */
    CHECK_INT(r.nepci, 1);
    if (r.nepci == 1) {
        CHECK_STR(r.epci[0].label, "Pays des Abers");
        CHECK(r.epci[0].id == 3 && r.epci[0].a == 3 && r.epci[0].b == 1 && r.epci[0].c == 2);
    }
    /* By département: 29 holds 3 members, 3 open, 1 interaction; 56 member 6, its
     * open action and its interaction; none, members 1 and 2, first. */
    CHECK_INT(r.ndepartements, 3);
    const struct stat_row *d29 = row(r.departements, r.ndepartements, "29");
    CHECK(d29 && d29->id == 3 && d29->c == 3 && d29->a == 3 && d29->b == 1);
    const struct stat_row *d56 = row(r.departements, r.ndepartements, "56");
    CHECK(d56 && d56->id == 1 && d56->a == 1 && d56->b == 1);
    CHECK(r.ndepartements == 3 && r.departements[0].label == NULL &&
          r.departements[0].id == 2 && r.departements[0].a == 0);
    /* Training on service 1: member 5 only (6 too recent): 2 before, 1 after. */
    CHECK_INT(r.ntrained, 1);
    if (r.ntrained == 1)
        CHECK(r.trained[0].c == 1 && r.trained[0].a == 2 && r.trained[0].b == 1);
    char *text = NULL;
    report_text_linked(&r, &cfg, 80, true, collect_links, &text);
    CHECK_CONTAINS(text, "Prospect                 3 begun     2 on (67%)    0 back    1 left"
                         "   20 days -> stage:prospect");
    CHECK_CONTAINS(text, "Convention signed        1 begun     0 on ( 0%)    1 back    0 left"
                         "    7 days -> stage:convention");
    CHECK_CONTAINS(text, "Pays des Abers               2 communes      3 open      1 "
                         "interactions -> member:#3");
    CHECK_CONTAINS(text, "before     2  after     1  (-50%) -> trained:marches");
    CHECK_CONTAINS(text, " -> dept:29");
    for (const char *l = text; *l; l += strcspn(l, "\n") + 1) {
        const char *arrow = strstr(l, " -> ");
        int len = arrow && arrow < l + strcspn(l, "\n") ? (int)(arrow - l) : (int)strcspn(l, "\n");
        CHECK(len <= 80);
    }
    free(text);
    report_free(&r);
    config_free(&cfg);
    store_close(s);
}

/* Every way a stay ends, from hand-made moves ("stage\tnext", days, how many): each
 * stay begun is counted once, begun = on + back + left + still. */
TEST(each_stay_begun_ends_one_way)
{
    struct config cfg;
    config_defaults(&cfg);
    struct stat_row moves[] = {
        { (char *)"prospect\tjoining", 10, 4, 0, 10 },    /* on */
        { (char *)"prospect\ttrained", 20, 1, 0, 20 },    /* on, skipping steps */
        { (char *)"prospect\tleft", 30, 2, 0, 30 },       /* left */
        { (char *)"prospect\t", 0, 3, 0, 0 },             /* still */
        { (char *)"convention\tjoining", 7, 2, 0, 7 },    /* back */
        { (char *)"convention\tconvention", 5, 1, 0, 5 }, /* the same step again: back */
        { (char *)"convention\taudit", 9, 1, 0, 9 },      /* a stage taken out: back */
        { (char *)"convention\treferent", 40, 1, 0, 40 }, /* on */
        { (char *)"renewal\tjoining", 3, 1, 0, 3 },       /* from the last step: renewed */
        { (char *)"renewal\tregular", 2, 1, 0, 2 },
        { (char *)"audit\treferent", 1, 5, 0, 1 },        /* from a stage taken out: none */
        { (char *)"left\tprospect", 100, 2, 0, 100 },     /* from an exit: none */
    };
    struct report r = { .moves = moves, .nmoves = (int)(sizeof moves / sizeof moves[0]) };
    report_funnel(&r, &cfg);
    CHECK_INT(r.nfunnel, 8);                /* the steps, not the exits */
    const struct funnel_stage *p = stage_of(&r, "prospect");
    CHECK(p && p->entered == 10 && p->moved_on == 5 && p->moved_back == 0 &&
          p->exited == 2 && p->still == 3 && p->median_days == 10);
    const struct funnel_stage *c = stage_of(&r, "convention");
    CHECK(c && c->entered == 5 && c->moved_on == 1 && c->moved_back == 4 &&
          c->exited == 0 && c->still == 0 && c->median_days == 7);   /* 5 7 7 9 40 */
    const struct funnel_stage *rn = stage_of(&r, "renewal");
    CHECK(rn && rn->entered == 2 && rn->moved_on == 2 && rn->moved_back == 0 &&
          rn->median_days == 2.5);
    for (int i = 0; i < r.nfunnel; i++)
        CHECK_INT(r.funnel[i].entered, r.funnel[i].moved_on + r.funnel[i].moved_back +
                                       r.funnel[i].exited + r.funnel[i].still);
    free(r.funnel);
    config_free(&cfg);
}

TEST(weighted_quantiles_expand_their_weights)
{
    int64_t v[3] = { 10, 20, 30 }, w[3] = { 1, 2, 1 };
    CHECK(weighted_quantile(v, w, 3, 0.5) == 20);           /* 10 20 20 30 */
    int64_t v2[2] = { 10, 20 }, w2[2] = { 1, 1 };
    CHECK(weighted_quantile(v2, w2, 2, 0.5) == 15);
    CHECK(weighted_quantile(v2, w2, 2, 1.0) == 20);
    CHECK(weighted_quantile(v, w, 0, 0.5) == 0);
}

TESTS(T(quantiles_interpolate_between_ranks), T(periods_as_people_name_them),
      T(the_figures_of_a_small_world), T(funnel_rollup_and_training_effect),
      T(each_stay_begun_ends_one_way), T(weighted_quantiles_expand_their_weights))
