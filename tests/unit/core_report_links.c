/* core_report_links — what the dashboard's Enter lists is what the figure counts:
 * each link of November's report (report_text_linked), read back as the queue,
 * the members list and the interactions list read it, gives as many records as
 * the figure beside it.  Two colleagues share a name (links go by id); a member
 * trained too recently is counted out of the before/after figure and out of its
 * list (trained:CODE..DAY); a kind's link spans the period. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "store_fixture.h"
#include "suivi/core/journey.h"
#include "suivi/core/query.h"
#include "suivi/core/report.h"
#include "suivi/store/interaction_list.h"

#define TODAY "2026-12-01"

static const char *const DATA =
    "INSERT INTO pole (id, name) VALUES (1, 'Support'), (2, 'Formation');"
    "INSERT INTO staff (id, login, display_name, role) VALUES"
    " (7, 'amorel', 'Anne Morel', 'staff'), (8, 'amorel2', 'Anne Morel', 'staff');"
    "INSERT INTO provider (id, name) VALUES (4, 'CertiBreizh');"
    "INSERT INTO action (id, member_id, title, search, status, priority, due, pole_id,"
    " assignee_staff_id, assignee_provider_id, created_by, created_at, updated_at, closed_at,"
    " version) VALUES"
    " (11, 1, 'a', 'a', 'open', 3, NULL, 1, 7, NULL, 'x', '2026-10-01 09:00:00', '', NULL, 1),"
    " (12, 2, 'b', 'b', 'open', 3, NULL, 1, 8, NULL, 'x', '2026-10-01 09:00:00', '', NULL, 1),"
    " (13, 2, 'c', 'c', 'in_progress', 3, NULL, 2, 8, NULL, 'x', '2026-10-01 09:00:00', '',"
    "  NULL, 1),"
    " (14, 3, 'd', 'd', 'open', 3, NULL, 2, NULL, 4, 'x', '2026-10-01 09:00:00', '', NULL, 1),"
    " (15, 3, 'e', 'e', 'open', 3, NULL, NULL, NULL, NULL, 'x', '2026-10-01 09:00:00', '',"
    "  NULL, 1),"
    " (16, 1, 'f', 'f', 'done', 3, NULL, 1, 7, NULL, 'x', '2026-10-01 09:00:00', '',"
    "  '2026-10-05 09:00:00', 1);"
    /* Service 1: member 1 first trained 1 June, member 3 on 1 August (and again on
     * 11 November), member 2 on 11 November only: too recent for a window after. */
    "INSERT INTO contact (id, member_id, name) VALUES (1, 1, 'A'), (2, 2, 'B'), (3, 3, 'C');"
    "INSERT INTO training_session (id, held_on, topic, service_id, trainer_kind, created_by,"
    " created_at) VALUES (1, '2026-06-01', 't', 1, 'greta', 'x', ''),"
    " (2, '2026-11-11', 't', 1, 'internal', 'x', ''),"
    " (3, '2026-08-01', 't', 1, 'internal', 'x', '');"
    "INSERT INTO training_attendee (session_id, contact_id, attended) VALUES"
    " (1, 1, 1), (2, 2, 1), (3, 3, 1), (2, 3, 1);"
    /* call_in: three in November (two at one instant), one the day before it. */
    "INSERT INTO interaction (member_id, occurred_at, kind, author, subject, search, created_at,"
    " version) VALUES (1, '2026-11-05 10:00:00', 'call_in', 'x', 's', 's', '', 1),"
    " (2, '2026-11-05 10:00:00', 'call_in', 'x', 's', 's', '', 1),"
    " (3, '2026-11-30 23:00:00', 'call_in', 'x', 's', 's', '', 1),"
    " (3, '2026-10-31 23:00:00', 'call_in', 'x', 's', 's', '', 1),"
    " (2, '2026-11-07 10:00:00', 'incident', 'x', 's', 's', '', 1);";

struct link_seen {
    char text[256];
    struct report_link link;
};
struct links {
    struct link_seen *all;
    int n;
};

static void keep(void *ctx, const char *text, bool heading, const struct report_link *link)
{
    struct links *l = ctx;
    if (heading || !link)
        return;
    l->all = xreallocarray(l->all, (size_t)l->n + 1, sizeof *l->all);
    snprintf(l->all[l->n].text, sizeof l->all[l->n].text, "%s", text);
    l->all[l->n++].link = *link;
}

static const struct report_link *find(const struct links *l, const char *query)
{
    for (int i = 0; i < l->n; i++)
        if (strcmp(l->all[i].link.query, query) == 0)
            return &l->all[i].link;
    return NULL;
}

/* The open actions a queue shows for this query (the open queue's scope). */
static int actions_of(store *s, const char *query)
{
    struct query q;
    struct query_error e;
    int rc = query_compile(s, query, TODAY, &q, &e);
    if (rc != STORE_OK)
        fprintf(stderr, "%s: %s\n", query, e.msg);
    CHECK_INT(rc, STORE_OK);
    struct action_query aq = { .scope = ACTIONS_OPEN, .today = TODAY, .where = &q.where };
    struct action rows[16];
    memset(rows, 0, sizeof rows);
    int n = 0;
    CHECK_INT(store_actions_page(s, &aq, PAGE_FIRST, NULL, 16, rows, &n), STORE_OK);
    for (int i = 0; i < n; i++)
        action_clear(&rows[i]);
    query_free(&q);
    return n;
}

static int members_of(store *s, const struct config *cfg, const char *filter)
{
    struct member_where w;
    struct query_error e;
    char buf[256];
    CHECK_INT(journey_parse_filter(cfg, filter, TODAY, &w, buf, &e), 0);
    struct member rows[16];
    memset(rows, 0, sizeof rows);
    int n = 0;
    CHECK_INT(store_members_where_page(s, &w, PAGE_FIRST, NULL, 16, rows, &n), STORE_OK);
    for (int i = 0; i < n; i++)
        member_clear(&rows[i]);
    return n;
}

static int64_t at(const char *iso)
{
    int64_t t = 0;
    CHECK_INT(time_from_iso(iso, &t), 0);
    return t;
}

TEST(every_link_lists_what_its_figure_counts)
{
    const char *path = check_tmpfile("links.db");
    store *s = fixture_open(path, true);
    fixture_add_member(s, "Plouguerneau");
    fixture_add_member(s, "Brest");
    fixture_add_member(s, "Quimper");
    fixture_exec(path, DATA);
    struct config cfg;
    config_defaults(&cfg);
    struct period p;
    char err[256];
    CHECK_INT(period_parse("2026-11", TODAY, &p, err, sizeof err), 0);
    struct report r;
    CHECK_INT(report_build(s, &cfg, &p, TODAY, &r), STORE_OK);
    struct links l = { NULL, 0 };
    report_text_linked(&r, &cfg, 80, true, keep, &l);

    /* The pôles, the two Anne Morels, the provider, nobody: by id, named. */
    static const struct { const char *query, *label; int n; } by_id[] = {
        { "pole:#1", "Support", 2 }, { "pole:#2", "Formation", 2 },
        { "assignee:#7", "Anne Morel", 1 }, { "assignee:#8", "Anne Morel", 2 },
        { "provider:#4", "CertiBreizh", 1 }, { "assignee:none", "", 1 },
    };
    for (size_t i = 0; i < sizeof by_id / sizeof by_id[0]; i++) {
        const struct report_link *k = find(&l, by_id[i].query);
        CHECK(k != NULL);
        if (!k)
            continue;
        CHECK_INT(k->kind, REPORT_LINK_ACTIONS);
        CHECK_STR(k->label, by_id[i].label);
        CHECK_INT(actions_of(s, k->query), by_id[i].n);
    }
    CHECK(find(&l, "pole:\"Support\"") == NULL);

    /* Before/after training: members 1 and 3 (member 2 trained 20 days ago). */
    CHECK_INT(r.ntrained, 1);
    char *code = fixture_sql_text(path, "SELECT code FROM service WHERE id = 1");
    char *want = xasprintf("trained:%s..2026-09-02", code);
    const struct report_link *t = find(&l, want);
    CHECK(t != NULL && t->kind == REPORT_LINK_MEMBERS);
    if (r.ntrained == 1 && t)
        CHECK_INT(members_of(s, &cfg, t->query), r.trained[0].c);
    CHECK_INT(r.ntrained == 1 ? r.trained[0].c : 0, 2);
    char *unbounded = xasprintf("trained:%s", code);
    CHECK_INT(members_of(s, &cfg, unbounded), 3);      /* what the link listed before */
    free(unbounded);
    free(want);
    free(code);

    /* call_in: the period's three, every member's. */
    const struct report_link *k = find(&l, "kind:call_in 2026-11-01..2026-11-30");
    CHECK(k != NULL && k->kind == REPORT_LINK_INTERACTIONS);
    CHECK(find(&l, "kind:incident 2026-11-01..2026-11-30") != NULL);
    struct interaction_span span = { at("2026-11-01 00:00:00"), at("2026-12-01 00:00:00"),
                                     IKIND_CALL_IN };
    struct interaction_listed rows[8];
    memset(rows, 0, sizeof rows);
    int n = 0;
    CHECK_INT(store_interactions_span_page(s, &span, NULL, PAGE_FIRST, NULL, 8, rows, &n),
              STORE_OK);
    for (int i = 0; i < r.nkinds; i++)
        if (r.kinds[i].label && strcmp(r.kinds[i].label, "call_in") == 0)
            CHECK_INT(n, r.kinds[i].a);
    CHECK_INT(n, 3);
    for (int i = 0; i < n; i++)
        interaction_listed_clear(&rows[i]);

    free(l.all);
    report_free(&r);
    config_free(&cfg);
    store_close(s);
}

/* trained:CODE..DAY as typed: a day as forms take it, its errors at their column. */
TEST(trained_up_to_a_day)
{
    struct config cfg;
    config_defaults(&cfg);
    struct member_where w;
    struct query_error e;
    char buf[128];
    CHECK_INT(journey_parse_filter(&cfg, "trained:actes..2026-09-02", TODAY, &w, buf, &e), 0);
    CHECK_STR(w.trained, "actes");
    CHECK_STR(w.trained_by, "2026-09-02");
    CHECK(w.text == NULL);
    CHECK_INT(journey_parse_filter(&cfg, "brest form\xc3\xa9:actes..02/09/2026", TODAY, &w, buf,
                                   &e), 0);
    CHECK_STR(w.trained_by, "2026-09-02");
    CHECK_STR(w.text, "brest");
    CHECK_INT(journey_parse_filter(&cfg, "trained:actes", TODAY, &w, buf, &e), 0);
    CHECK_STR(w.trained_by, "");
    CHECK_INT(journey_parse_filter(&cfg, "trained:actes..2026-02-31", TODAY, &w, buf, &e), -1);
    CHECK_INT(e.column, 16);
    CHECK_INT(journey_parse_filter(&cfg, "trained:..2026-09-02", TODAY, &w, buf, &e), -1);
    CHECK_INT(e.column, 9);
    CHECK_INT(journey_parse_filter(&cfg, "uses:actes..2026-09-02", TODAY, &w, buf, &e), -1);
    config_free(&cfg);
}

TESTS(T(every_link_lists_what_its_figure_counts), T(trained_up_to_a_day))
