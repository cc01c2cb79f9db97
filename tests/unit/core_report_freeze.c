/* core_report_freeze — a report written as a frozen body and read back draws the
 * same text and HTML as the original, labels with any character included, for
 * every section of the table (a section added to it is tested here without a
 * line more); a body cut short, corrupted, of another format or naming what it
 * should not is refused with its line, never a crash; and on a small database,
 * a frozen period keeps its figures after an edit, a period not over or frozen
 * already is not frozen without force. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "store_fixture.h"
#include "suivi/base/xalloc.h"
#include "suivi/config/config.h"
#include "suivi/core/report_freeze.h"
#include "suivi/store/report_freeze.h"

/* Labels that an escaping mistake would break. */
static const char *const LABELS[] = {
    "Support", NULL, "", "-", "\"quoted\" and \\ backslash", "tab\there, new\nline",
    "Pôle Éducation – œuvre…", "\x01\x1f\x7f control", " leading and trailing ",
    "end", "open_by_pole 2",
};
#define NLABELS (int)(sizeof LABELS / sizeof LABELS[0])

static struct stat_row *rows_of(int n, int seed)
{
    struct stat_row *r = xcalloc((size_t)n + 1, sizeof *r);
    for (int i = 0; i < n; i++) {
        r[i].label = xstrdup(LABELS[(i + seed) % NLABELS]);
        r[i].id = i * 7 + 3;
        r[i].a = (int64_t)(seed + 1) * 1000003 * (i + 1);
        r[i].b = i % 3;
        r[i].c = 10 - i % 10;         /* figures are never negative (a frozen body says so) */
    }
    return r;
}

static void set_rows(struct report *r, const char *name, struct stat_row *rows, int n)
{
    for (int i = 0; i < REPORT_FIELD_COUNT; i++)
        if (strcmp(REPORT_FIELDS[i].name, name) == 0) {
            int old = 0;
            struct stat_row *was = report_field_rows(r, &REPORT_FIELDS[i], &old);
            stat_rows_free(was, old);
            *(struct stat_row **)((char *)r + REPORT_FIELDS[i].at) = rows;
            *(int *)((char *)r + REPORT_FIELDS[i].aux) = n;
            return;
        }
    CHECK(!"no such section");
}

static struct stat_row *labelled(const char *const *labels, int n)
{
    struct stat_row *r = rows_of(n, 0);
    for (int i = 0; i < n; i++) {
        free(r[i].label);
        r[i].label = xstrdup(labels[i]);
    }
    return r;
}

/* Every section of the table filled (and some with the labels their readers
 * expect: the usage "code YYYY-MM", the stages' codes, the journey's moves). */
static void hand_made(struct report *r, const struct config *cfg)
{
    memset(r, 0, sizeof *r);
    snprintf(r->period.label, sizeof r->period.label, "2026-11");
    snprintf(r->period.from, sizeof r->period.from, "2026-11-01");
    snprintf(r->period.to, sizeof r->period.to, "2026-12-01");
    snprintf(r->today, sizeof r->today, "2026-12-01");
    snprintf(r->usage_from, sizeof r->usage_from, "2025-12");
    int seed = 0;
    for (int i = 0; i < REPORT_FIELD_COUNT; i++)
        if (REPORT_FIELDS[i].kind == RF_ROWS)
            set_rows(r, REPORT_FIELDS[i].name, rows_of(NLABELS, seed), NLABELS), seed++;
    static const char *const usage[] = { "actes 2025-12", "actes 2026-03", "marches 2026-11" };
    set_rows(r, "usage_by_service_month", labelled(usage, 3), 3);
    static const char *const stages[] = { "trained", "prospect", "joining" };
    set_rows(r, "members_by_stage", labelled(stages, 3), 3);
    static const char *const moves[] = { "prospect\tjoining", "joining\ttrained", "trained\t" };
    set_rows(r, "stage_moves", labelled(moves, 3), 3);
    r->first_response = (struct durations){ 3, 7200.5, 86400.0 / 3 };
    r->resolution = (struct durations){ 2, 0.1, 1e9 + 0.25 };
    r->provider_wait = (struct durations){ 0, 0, 0 };
    r->closed = 42;
    report_derive(r, cfg);
}

static void collect(void *ctx, const char *text, bool heading)
{
    char **all = ctx;
    char *more = xasprintf("%s%s%s\n", *all ? *all : "", heading ? "# " : "", text);
    free(*all);
    *all = more;
}

static char *text_of(const struct report *r, const struct config *cfg, bool ascii)
{
    char *text = NULL;
    report_text(r, cfg, 100, ascii, collect, &text);
    return text;
}

static char *html_of(const struct report *r, const struct config *cfg)
{
    char *page = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&page, &len);
    CHECK(f != NULL);
    CHECK_INT(report_html(r, cfg, f), 0);
    fclose(f);
    return page;
}

static bool same_rows(const struct report *x, const struct report *y)
{
    for (int i = 0; i < REPORT_FIELD_COUNT; i++) {
        if (REPORT_FIELDS[i].kind != RF_ROWS)
            continue;
        int nx, ny;
        const struct stat_row *a = report_field_rows(x, &REPORT_FIELDS[i], &nx);
        const struct stat_row *b = report_field_rows(y, &REPORT_FIELDS[i], &ny);
        if (nx != ny)
            return false;
        for (int k = 0; k < nx; k++)
            if (a[k].id != b[k].id || a[k].a != b[k].a || a[k].b != b[k].b ||
                a[k].c != b[k].c || (!a[k].label) != (!b[k].label) ||
                (a[k].label && strcmp(a[k].label, b[k].label) != 0))
                return false;
    }
    return true;
}

TEST(a_report_read_back_draws_the_same)
{
    struct config cfg;
    config_defaults(&cfg);
    struct report r, back;
    hand_made(&r, &cfg);
    char *body = report_serialize(&r), err[256] = "";
    CHECK(strncmp(body, "suivi-report 1\n", 15) == 0);
    CHECK_INT(report_parse(body, &cfg, &back, err, sizeof err), 0);
    CHECK_STR(err, "");
    CHECK(same_rows(&r, &back));
    CHECK(back.first_response.median_s == 7200.5 && back.first_response.p90_s == 86400.0 / 3);
    CHECK(back.resolution.p90_s == 1e9 + 0.25 && back.resolution.n == 2);
    CHECK_INT(back.closed, 42);
    CHECK_STR(back.today, "2026-12-01");
    CHECK_INT(back.nseries, r.nseries);    /* derived again from the usage rows */
    CHECK_INT(back.nmonths, 12);
    for (int ascii = 0; ascii < 2; ascii++) {
        char *a = text_of(&r, &cfg, ascii), *b = text_of(&back, &cfg, ascii);
        CHECK_STR(a, b);
        CHECK_CONTAINS(b, "Activity 2026-11 (2026-11-01 to 2026-11-30), open actions as of "
                          "2026-12-01");
        free(a);
        free(b);
    }
    char *ha = html_of(&r, &cfg), *hb = html_of(&back, &cfg);
    CHECK_STR(ha, hb);
    CHECK_CONTAINS(hb, "&quot;quoted&quot;");
    free(ha);
    free(hb);
    char *again = report_serialize(&back);
    CHECK_STR(again, body);
    free(again);
    free(body);
    report_free(&back);
    report_free(&r);
    config_free(&cfg);
}

TEST(an_empty_report_reads_back_empty)
{
    struct config cfg;
    config_defaults(&cfg);
    struct report r = {0}, back;
    snprintf(r.period.label, sizeof r.period.label, "2026-10-01..2026-10-15");
    snprintf(r.period.from, sizeof r.period.from, "2026-10-01");
    snprintf(r.period.to, sizeof r.period.to, "2026-10-16");
    snprintf(r.today, sizeof r.today, "2026-12-01");
    snprintf(r.usage_from, sizeof r.usage_from, "2025-10");
    report_derive(&r, &cfg);
    char *body = report_serialize(&r), err[256];
    CHECK_INT(report_parse(body, &cfg, &back, err, sizeof err), 0);
    char *a = text_of(&r, &cfg, true), *b = text_of(&back, &cfg, true);
    CHECK_STR(a, b);
    free(a);
    free(b);
    free(body);
    report_free(&back);
    report_free(&r);
    config_free(&cfg);
}

static void refused(const char *body, const char *why)
{
    struct config cfg;
    config_defaults(&cfg);
    struct report r;
    char err[256] = "";
    CHECK_INT(report_parse(body, &cfg, &r, err, sizeof err), -1);
    if (why)
        CHECK_CONTAINS(err, why);
    CHECK(r.by_pole == NULL && r.npole == 0 && r.period.label[0] == '\0');
    config_free(&cfg);
}

#define HEAD "suivi-report 1\nperiod \"2026-11\"\nfrom \"2026-11-01\"\nto \"2026-12-01\"\n" \
             "today \"2026-12-01\"\n"

TEST(a_wrong_body_is_refused_and_says_where)
{
    refused("suivi-report 2\nend\n", "format 2");
    refused("suivi-report 1x\nend\n", "format 1x");
    refused("", "not a frozen report");
    refused(NULL, "not a frozen report");
    refused("<html>", "not a frozen report");
    refused(HEAD, "cut short");
    refused(HEAD "open_by_pole 2\n\"a\" 1 2 3 4\n", "line 8: a text in quotes is missing");
    refused(HEAD "open_by_pole 99999999\n\"a\" 1 2 3 4\nend\n", "out of range");
    refused(HEAD "open_by_pole -1\nend\n", "out of range");
    refused(HEAD "open_by_pole 1\n\"a\" 1 2 x 4\nend\n", "not a whole number");
    refused(HEAD "open_by_pole 1\n\"a\" 1 2 3 99999999999999999999\nend\n", "whole number");
    refused(HEAD "open_by_pole 1\n\"a\" 1 2 3\nend\n", "line 7: a value is missing");
    /* A review found a frozen body could crash the renderers: a negative count
     * and a huge one made INT64_MIN / -1 in a percentage (SIGFPE). */
    refused(HEAD "training_before_after 1\n\"actes\" 2 -1 2305843009213693951 7\nend\n",
            "out of range");
    refused(HEAD "open_by_pole 1\n\"a\" 1 -2 3 4\nend\n", "out of range");
    refused(HEAD "open_by_pole 1\n\"a 1 2 3 4\nend\n", "cut");
    refused(HEAD "open_by_pole 1\n\"a\\x00b\" 1 2 3 4\nend\n", "escape");
    refused(HEAD "open_by_pole 1\n\"a\\n\" 1 2 3 4\nend\n", "escape");
    refused(HEAD "open_by_pole 1\nsupport 1 2 3 4\nend\n", "in quotes");
    refused(HEAD "open_by_pole 0 junk\nend\n", "end of the line");
    refused(HEAD "journey_funnel_v9 0\nend\n", "unknown field 'journey_funnel_v9'");
    refused(HEAD "closed 1\nclosed 2\nend\n", "'closed' is given twice");
    refused(HEAD "first_response 1 nan 2\nend\n", "not a number");
    refused(HEAD "first_response 1 1e999 2\nend\n", "not a number");
    refused(HEAD "end\nmore\n", "after the end");
    refused("suivi-report 1\nperiod \"2026-11 far too long a label for its field\"\nend\n",
            "too long");
    refused("suivi-report 1\nperiod -\nend\n", "missing");
    refused("suivi-report 1\nend\n", "names no period");
    refused("suivi-report 1\nperiod \"x\"\nfrom \"2026-11-01\"\nto \"2026-13-01\"\n"
            "today \"2026-12-01\"\nend\n", "not a day");
    refused(HEAD "usage_from \"2025-1x\"\nend\n", "not a month");
    refused(HEAD "usage_from \"2027-01\"\nend\n", "not a month");
}

/* Every cut of a body, and every byte of it changed, parse or are refused: no
 * crash, no leak (valgrind and ASan run this too). */
TEST(a_cut_or_damaged_body_never_crashes)
{
    struct config cfg;
    config_defaults(&cfg);
    struct report r, back;
    hand_made(&r, &cfg);
    char *body = report_serialize(&r), err[256];
    size_t len = strlen(body);
    char *copy = xmalloc(len + 1);
    for (size_t cut = 0; cut < len; cut++) {
        memcpy(copy, body, cut);
        copy[cut] = '\0';
        int rc = report_parse(copy, &cfg, &back, err, sizeof err);
        CHECK_INT(rc, cut == len - 1 ? 0 : -1);    /* only the last newline may go */
        if (rc == 0)
            report_free(&back);
    }
    static const char junk[] = { '"', '\\', '9', ' ', '\n', '-' };
    for (size_t at = 0; at < len; at += 3)
        for (size_t j = 0; j < sizeof junk; j++) {
            memcpy(copy, body, len + 1);
            copy[at] = junk[j];
            if (report_parse(copy, &cfg, &back, err, sizeof err) == 0)
                report_free(&back);
        }
    free(copy);
    free(body);
    report_free(&r);
    config_free(&cfg);
}

/* ---- on a database ---- */

static const char *const DATA =
    "INSERT INTO pole (id, name) VALUES (1, 'Support');"
    "INSERT INTO action (id, member_id, title, search, status, priority, due, pole_id,"
    " created_by, created_at, updated_at, closed_at, version) VALUES"
    " (1, 1, 'a', 'a', 'open', 3, '2026-11-01', 1, 'x', '2026-10-01 09:00:00', '', NULL, 1),"
    " (2, 1, 'b', 'b', 'done', 3, NULL, 1, 'x', '2026-11-02 10:00:00', '',"
    "  '2026-11-04 10:00:00', 1);";

static char *text_of_period(store *s, const struct config *cfg, const struct period *p,
                            struct frozen_info *fi)
{
    struct report r;
    char err[256] = "";
    CHECK_INT(report_load(s, cfg, p, "2026-12-20", &r, fi, err, sizeof err), STORE_OK);
    char *text = text_of(&r, cfg, true);
    report_free(&r);
    return text;
}

TEST(a_frozen_period_keeps_its_figures)
{
    const char *path = check_tmpfile("f.db");
    store *s = fixture_open(path, true);
    fixture_add_member(s, "Plouguerneau");
    fixture_exec(path, DATA);
    struct config cfg;
    config_defaults(&cfg);
    struct period nov, dec;
    char err[256] = "";
    CHECK_INT(period_parse("2026-11", "2026-12-01", &nov, err, sizeof err), 0);
    CHECK_INT(period_parse("2026-12", "2026-12-01", &dec, err, sizeof err), 0);
    struct report r;
    struct frozen_info was, fi;
    /* December is not over on 1 December. */
    CHECK_INT(report_freeze(s, &cfg, &dec, "2026-12-01", false, &r, &was, err, sizeof err),
              STORE_CONSTRAINT);
    CHECK_CONTAINS(err, "2026-12 is not over (it runs to 2026-12-31)");
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM report_frozen"), 0);
    CHECK_INT(report_freeze(s, &cfg, &nov, "2026-12-01", false, &r, &was, err, sizeof err),
              STORE_OK);
    CHECK(!was.frozen);
    CHECK_INT(r.closed, 1);
    report_free(&r);
    char *before = text_of_period(s, &cfg, &nov, &fi);
    CHECK(fi.frozen);
    CHECK_STR(fi.period, "2026-11");
    CHECK_STR(fi.frozen_by, store_login(s));
    CHECK_STR(fi.today, "2026-12-01");
    CHECK_CONTAINS(before, "Support");
    CHECK_CONTAINS(before, "open actions as of 2026-12-01");
    /* Edits after the freeze: the frozen report stays, a live one follows. */
    fixture_exec(path, "UPDATE pole SET name = 'Assistance' WHERE id = 1;"
                       "UPDATE action SET status = 'done', closed_at = '2026-11-20 10:00:00'"
                       " WHERE id = 1;");
    char *after = text_of_period(s, &cfg, &nov, &fi);
    CHECK_STR(after, before);
    struct report live;
    CHECK_INT(report_build(s, &cfg, &nov, "2026-12-20", &live), STORE_OK);
    CHECK_INT(live.closed, 2);
    report_free(&live);
    /* Frozen again: refused without force, saying who froze it; with force, kept. */
    CHECK_INT(report_freeze(s, &cfg, &nov, "2026-12-20", false, &r, &was, err, sizeof err),
              STORE_CONFLICT);
    CHECK(was.frozen);
    CHECK_STR(was.frozen_by, store_login(s));
    CHECK_CONTAINS(err, "2026-11 was frozen on");
    CHECK_INT(report_freeze(s, &cfg, &nov, "2026-12-20", true, &r, &was, err, sizeof err),
              STORE_OK);
    CHECK(was.frozen);
    CHECK_STR(was.today, "2026-12-01");
    report_free(&r);
    char *forced = text_of_period(s, &cfg, &nov, &fi);
    CHECK(strcmp(forced, before) != 0);
    CHECK_CONTAINS(forced, "2026-11-16  opened");      /* the action closed since */
    CHECK_STR(fi.today, "2026-12-20");
    /* A damaged body is said, not replaced by today's figures. */
    fixture_exec(path, "UPDATE report_frozen SET body = 'suivi-report 7' || char(10)");
    struct report bad;
    CHECK_INT(report_load(s, &cfg, &nov, "2026-12-20", &bad, &fi, err, sizeof err),
              STORE_ERROR);
    CHECK_CONTAINS(err, "the frozen report of 2026-11 cannot be read: line 1: frozen in "
                        "format 7");
    free(before);
    free(after);
    free(forced);
    config_free(&cfg);
    store_close(s);
}

TESTS(T(a_report_read_back_draws_the_same), T(an_empty_report_reads_back_empty),
      T(a_wrong_body_is_refused_and_says_where), T(a_cut_or_damaged_body_never_crashes),
      T(a_frozen_period_keeps_its_figures))
