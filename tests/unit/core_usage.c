/* core_usage — the usage import (a good file; each kind of bad row with its line
 * and column, and nothing imported unless partial; windows-1252 with accents; a
 * month imported again replaces its figure; a header in any order, or none) and
 * what a member makes of its services (a year of figures, the flags), and the
 * sparkline drawn from them. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "store_fixture.h"
#include "suivi/base/chart.h"
#include "suivi/base/xalloc.h"
#include "suivi/config/config.h"
#include "suivi/core/domain.h"
#include "suivi/core/journey.h"
#include "suivi/core/usage.h"
#include "suivi/core/usage_import.h"

struct world {
    const char *path;
    store *s;
    int64_t m1, m2;
};

static void build(struct world *w)
{
    w->path = check_tmpfile("u.db");
    w->s = fixture_open(w->path, true);
    w->m1 = fixture_add_member(w->s, "Plouguerneau");
    w->m2 = fixture_add_member(w->s, "Brest");
    char *sql = xasprintf("UPDATE member SET siren = '253514491' WHERE id = %lld",
                          (long long)w->m1);
    fixture_exec(w->path, sql);
    free(sql);
}

static int import(struct world *w, const char *text, bool partial, struct usage_report *r)
{
    char err[512] = "";
    int rc = usage_import(w->s, text, strlen(text), "test.csv", partial, r, err, sizeof err);
    if (rc != STORE_OK && rc != DOMAIN_INVALID)
        fprintf(stderr, "usage_import: %s\n", err);
    return rc;
}

static int64_t figure(struct world *w, int64_t member, const char *service, const char *month)
{
    char *sql = xasprintf("SELECT u.count FROM usage u JOIN service v ON v.id = u.service_id"
                          " WHERE u.member_id = %lld AND v.code = '%s' AND u.month = '%s'",
                          (long long)member, service, month);
    int64_t v = fixture_sql_int(w->path, sql);
    free(sql);
    return v;
}

TEST(a_good_file_is_imported_whole)
{
    struct world w;
    build(&w);
    struct usage_report r;
    char *text = xasprintf("siren;service;mois;nombre\r\n"
                           "253 514 491;actes;2026-10;12\r\n"
                           "#%lld;Parapheur électronique;11/2026;1 234\r\n"
                           "%lld;marches;2026/09;0\r\n", (long long)w.m2, (long long)w.m1);
    CHECK_INT(import(&w, text, false, &r), STORE_OK);
    CHECK(r.rows == 3 && r.imported == 3 && r.bad == 0);
    CHECK_STR(r.encoding, "UTF-8");
    CHECK_INT(r.separator, ';');
    CHECK_INT(figure(&w, w.m1, "actes", "2026-10"), 12);
    CHECK_INT(figure(&w, w.m2, "parapheur", "2026-11"), 1234);
    CHECK_INT(figure(&w, w.m1, "marches", "2026-09"), 0);
    CHECK_INT(fixture_sql_int(w.path, "SELECT count(*) FROM audit WHERE entity = 'usage'"), 1);
    free(text);
    store_close(w.s);
}

static void check_problem(const struct usage_report *r, int i, int line, int column,
                          const char *says)
{
    CHECK(i < r->nproblems);
    if (i >= r->nproblems)
        return;
    CHECK_INT(r->problems[i].line, line);
    CHECK_INT(r->problems[i].column, column);
    CHECK_CONTAINS(r->problems[i].msg, says);
}

TEST(each_bad_row_is_said_and_nothing_is_imported_unless_partial)
{
    struct world w;
    build(&w);
    const char *text = "member,service,month,count\n"
                       "253514491,actes,2026-10,12\n"
                       "999999999,actes,2026-10,3\n"
                       "253514491,zz,2026-10,3\n"
                       "253514491,actes,2026-13,3\n"
                       "253514491,actes,2026-09,-3\n"
                       "253514491,actes,2026-08,2.5\n"
                       "253514491,,2026-07,1\n"
                       "253514491,actes,2026-06,10000000000000\n"
                       "253514491,actes,2026-10,5\n";
    struct usage_report r;
    CHECK_INT(import(&w, text, false, &r), DOMAIN_INVALID);
    CHECK(r.rows == 9 && r.bad == 8 && r.imported == 0);
    check_problem(&r, 0, 3, 1, "no member has the SIREN or id '999999999'");
    check_problem(&r, 1, 4, 11, "'zz' is not a service");
    check_problem(&r, 2, 5, 17, "'2026-13' is not a month");
    check_problem(&r, 3, 6, 25, "'-3' is not a count");
    check_problem(&r, 4, 7, 25, "'2.5' is not a count");
    check_problem(&r, 5, 8, 11, "the service is missing");
    check_problem(&r, 6, 9, 25, "'10000000000000' is not a count");
    check_problem(&r, 7, 10, 0, "the same member, service and month as line 2");
    CHECK_INT(fixture_sql_int(w.path, "SELECT count(*) FROM usage"), 0);
    CHECK_INT(import(&w, text, true, &r), STORE_OK);
    CHECK(r.imported == 1 && r.bad == 8);
    CHECK_INT(figure(&w, w.m1, "actes", "2026-10"), 12);
    store_close(w.s);
}

TEST(windows_1252_with_accents_and_a_header_in_another_order)
{
    struct world w;
    build(&w);
    /* "Télétransmission des actes" and "Mois" with 0xE9 for é, in windows-1252 */
    const char text[] = "nombre;mois;service;siren\r\n"
                        "7;2026-05;T\xe9l\xe9transmission des actes;253514491\r\n";
    struct usage_report r;
    CHECK_INT(import(&w, text, false, &r), STORE_OK);
    CHECK_STR(r.encoding, "windows-1252");
    CHECK_INT(r.imported, 1);
    CHECK_INT(figure(&w, w.m1, "actes", "2026-05"), 7);
    store_close(w.s);
}

TEST(a_month_imported_again_replaces_its_figure_and_no_header_is_fine)
{
    struct world w;
    build(&w);
    struct usage_report r;
    CHECK_INT(import(&w, "253514491;actes;2026-10;5\n253514491;actes;2026-11;6\n", false, &r),
              STORE_OK);
    CHECK_INT(r.imported, 2);                         /* no header: the columns in order */
    CHECK_INT(import(&w, "253514491;actes;2026-10;7\n", false, &r), STORE_OK);
    CHECK_INT(figure(&w, w.m1, "actes", "2026-10"), 7);
    CHECK_INT(figure(&w, w.m1, "actes", "2026-11"), 6);
    CHECK_INT(fixture_sql_int(w.path, "SELECT count(*) FROM usage"), 2);
    /* A file that is not text at all says so, and writes nothing. */
    static const char nul[] = "253514491;actes;2026-10;\0" "9\n";
    char err[256] = "";
    CHECK_INT(usage_import(w.s, nul, sizeof nul - 1, "x", false, &r, err, sizeof err),
              DOMAIN_INVALID);
    CHECK_CONTAINS(err, "NUL");
    store_close(w.s);
}

TEST(a_year_of_use_and_the_flags)
{
    struct world w;
    build(&w);
    struct config cfg;
    config_defaults(&cfg);
    char err[256];
    struct service *sv = NULL;
    int nsv = 0;
    CHECK_INT(store_services(w.s, &sv, &nsv), STORE_OK);
    int64_t archivage = 0;
    for (int i = 0; i < nsv; i++)
        if (strcmp(sv[i].code, "archivage") == 0)
            archivage = sv[i].id;
    services_free(sv, nsv);
    /* A code is letters, digits and _ (a review put markup in one, and the HTML
     * report printed it). */
    struct service evil = { .code = "<img src=x>", .name = "Evil" };
    CHECK_INT(store_service_add(w.s, &evil), STORE_CONSTRAINT);
    struct service fine = { .code = "visio_2", .name = "Visio" };
    CHECK_INT(store_service_add(w.s, &fine), STORE_OK);
    struct subscription sub = { .member_id = w.m1, .service_id = archivage,
                                .since = "2025-01-01" };
    CHECK_INT(store_subscription_add(w.s, &sub), STORE_OK);
    CHECK_INT(journey_move(w.s, &cfg, w.m1, "trained", NULL, 0, err, sizeof err), STORE_OK);
    struct member m = {0};
    CHECK_INT(store_member_get(w.s, w.m1, &m), STORE_OK);
    struct member_usage u;
    CHECK_INT(member_usage_read(w.s, &cfg, &m, "2026-12-01", &u), STORE_OK);
    CHECK_STR(u.first_month, "2026-01");
    CHECK_INT(u.n, 1);
    CHECK(u.flags & FLAG_SUBSCRIBED_UNUSED);
    CHECK(u.flags & FLAG_TRAINED_UNUSED);
    member_usage_free(&u);
    struct usage_report r;
    CHECK_INT(import(&w, "253514491;archivage;2026-12;40\n253514491;actes;2026-01;2\n"
                     "253514491;actes;2025-12;99\n", false, &r), STORE_OK);
    CHECK_INT(member_usage_read(w.s, &cfg, &m, "2026-12-01", &u), STORE_OK);
    CHECK_INT(u.n, 2);
    CHECK_INT(u.flags, 0);
    for (int i = 0; i < u.n; i++) {
        const struct service_usage *su = &u.services[i];
        if (strcmp(su->service.code, "actes") == 0)   /* 2025-12 is outside the year */
            CHECK(su->total == 2 && su->months[0] == 2 && !su->subscribed);
        else
            CHECK(su->total == 40 && su->months[11] == 40 && su->subscribed);
    }
    member_usage_free(&u);
    member_clear(&m);
    config_free(&cfg);
    store_close(w.s);
}

TEST(sparklines_show_the_shape)
{
    int64_t v[5] = { 0, 1, 5, 10, -1 };
    char out[64];
    chart_sparkline(v, 5, true, out, sizeof out);
    CHECK_STR(out, "_.=# ");
    chart_sparkline(v, 4, false, out, sizeof out);
    CHECK_STR(out, "\xe2\x96\x81\xe2\x96\x82\xe2\x96\x85\xe2\x96\x88");
    int64_t z[3] = { 0, 0, 0 };
    chart_sparkline(z, 3, true, out, sizeof out);
    CHECK_STR(out, "___");
    CHECK_INT(chart_bar(5, 10, 8, true, false, out, sizeof out), 4);
    CHECK_STR(out, "####");
    CHECK_INT(chart_bar(1, 1000, 8, true, true, out, sizeof out), 1);
    CHECK_STR(out, "#       ");
    CHECK_INT(chart_bar(0, 10, 3, true, true, out, sizeof out), 0);
    CHECK_STR(out, "   ");
}

TESTS(T(a_good_file_is_imported_whole),
      T(each_bad_row_is_said_and_nothing_is_imported_unless_partial),
      T(windows_1252_with_accents_and_a_header_in_another_order),
      T(a_month_imported_again_replaces_its_figure_and_no_header_is_fine),
      T(a_year_of_use_and_the_flags), T(sparklines_show_the_shape))
