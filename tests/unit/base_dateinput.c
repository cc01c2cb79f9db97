/* Unit tests: dates and times as people type them, in French and in English, each
 * form and the ways each goes wrong; a due date leans ahead, the time of something
 * that happened leans back.  The harness pins TZ=Europe/Paris; "now" is pinned here. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "suivi/base/dateinput.h"

static const char *to_iso(int64_t t)
{
    static char ring[4][TIME_ISO_LEN];
    static int next;
    char *b = ring[next++ % 4];
    time_to_iso(t, b);
    return b;
}

/* date_parse_user must give `want`. */
static void parse_ok(const char *in, const char *want, int line)
{
    char out[DATE_ISO_LEN] = "", err[160] = "";
    if (date_parse_user(in, out, err, sizeof err) != 0 || strcmp(out, want) != 0) {
        char d[320];
        snprintf(d, sizeof d, "\"%s\" -> \"%s\" (%s), want %s", in, out, err, want);
        check_fail(__FILE__, line, "date_parse_user", d);
    }
}

/* date_parse_user must fail with a message containing want_err, free of control bytes. */
static void parse_bad(const char *in, const char *want_err, int line)
{
    char out[DATE_ISO_LEN] = "", err[160] = "";
    if (date_parse_user(in, out, err, sizeof err) != -1 || !strstr(err, want_err)) {
        char d[320];
        snprintf(d, sizeof d, "\"%s\" -> \"%s\", error \"%s\", want \"%s\"", in, out, err,
                 want_err);
        check_fail(__FILE__, line, "date_parse_user error", d);
    }
    for (const char *p = err; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            check_fail(__FILE__, line, "control character in message", NULL);
}

#define OK(in, want) parse_ok(in, want, __LINE__)
#define BAD(in, why) parse_bad(in, why, __LINE__)

TEST(full_dates_in_every_spelling)
{
    setenv("SUIVI_NOW", "2026-02-27 12:00:00", 1);          /* a Friday */
    OK("2026-03-15", "2026-03-15");
    OK("2026-3-5", "2026-03-05");
    OK("15/03/2026", "2026-03-15");
    OK("5/3/2026", "2026-03-05");
    OK("15.03.2026", "2026-03-15");
    OK("15-03-2026", "2026-03-15");
    OK("15/03/26", "2026-03-15");
    OK("  29/02/2024 ", "2024-02-29");
    OK("15/03/2020", "2020-03-15");                         /* a past due date is a date */
    unsetenv("SUIVI_NOW");
}

TEST(words_and_offsets_in_both_languages)
{
    setenv("SUIVI_NOW", "2026-02-27 12:00:00", 1);
    OK("today", "2026-02-27");
    OK("Aujourd'hui", "2026-02-27");
    OK("aujourd\u2019hui", "2026-02-27");                   /* the typographic apostrophe */
    OK("auj", "2026-02-27");
    OK("Tomorrow", "2026-02-28");
    OK("DEMAIN", "2026-02-28");
    OK("après-demain", "2026-03-01");
    OK("APRÈS-DEMAIN", "2026-03-01");
    OK("apres demain", "2026-03-01");
    OK("hier", "2026-02-26");
    OK("yesterday", "2026-02-26");
    OK("avant-hier", "2026-02-25");
    OK("+2", "2026-03-01");
    OK("+2d", "2026-03-01");
    OK("+2j", "2026-03-01");
    OK("+0", "2026-02-27");
    OK("+1w", "2026-03-06");
    OK("+2s", "2026-03-13");
    OK("-3", "2026-02-24");
    OK("-1w", "2026-02-20");
    unsetenv("SUIVI_NOW");
}

TEST(a_due_date_looks_ahead)
{
    setenv("SUIVI_NOW", "2026-02-27 12:00:00", 1);          /* Friday 27 February */
    OK("fri", "2026-03-06");                                /* not today: the next one */
    OK("vendredi", "2026-03-06");
    OK("ven", "2026-03-06");
    OK("sat", "2026-02-28");
    OK("samedi", "2026-02-28");
    OK("Lundi", "2026-03-02");
    OK("mon", "2026-03-02");
    OK("thursday", "2026-03-05");
    OK("jeudi", "2026-03-05");
    OK("mer", "2026-03-04");
    OK("wednesday", "2026-03-04");
    OK("mar", "2026-03-03");
    OK("dim", "2026-03-01");
    OK("15/03", "2026-03-15");
    OK("27/02", "2026-02-27");                              /* today is not behind */
    OK("15/01", "2027-01-15");                              /* January: next year's */
    OK("29/02", "2028-02-29");                              /* the next leap day */
    unsetenv("SUIVI_NOW");
}

TEST(what_is_not_a_date_says_why)
{
    setenv("SUIVI_NOW", "2026-02-27 12:00:00", 1);
    BAD("31/02/2026", "31/02/2026: no such day");
    BAD("2026-02-29", "no such day");
    BAD("2026-13-01", "no such month");
    BAD("01/00/2026", "no such month");
    BAD("32/01", "no such day");
    BAD("0000-01-01", "no such year");
    BAD("2026-03-15x", "not a date");
    BAD("15/03/2026/1", "not a date");
    BAD("15/03/202", "not a date");
    BAD("15/03-2026", "not a date");
    BAD("2026/03/15", "not a date");
    BAD("+", "not a date");
    BAD("+x", "not a date");
    BAD("+3y", "not a date");
    BAD("fr", "not a date");                                /* three letters at least */
    BAD("vendredii", "not a date");
    BAD("demainn", "not a date");
    BAD("+99999999999", "too far in the future");
    BAD("+9999w", "too far in the future");
    BAD("-99999999", "too far in the past");
    BAD("", "empty date");
    BAD("   ", "empty date");
    BAD("\x1b[2J", "?[2J: not a date");
    BAD("a very long text that is not a date at all, typed by mistake", "not a date");
    char out[DATE_ISO_LEN];
    CHECK_INT(date_parse_user(NULL, out, NULL, 0), -1);
    unsetenv("SUIVI_NOW");
}

static int64_t parse_time(const char *in)
{
    int64_t t = -1;
    char err[160] = "";
    if (time_parse_user(in, &t, err, sizeof err) != 0)
        check_fail(__FILE__, __LINE__, in, err);
    return t;
}

static void time_bad(const char *in, const char *why, int line)
{
    int64_t t = 7;
    char err[160] = "";
    if (time_parse_user(in, &t, err, sizeof err) != -1 || !strstr(err, why) || t != 7) {
        char d[320];
        snprintf(d, sizeof d, "\"%s\": error \"%s\", want \"%s\"", in, err, why);
        check_fail(__FILE__, line, "time_parse_user error", d);
    }
}

TEST(instants_in_local_time)
{
    setenv("SUIVI_NOW", "2026-02-27 12:00:00", 1);          /* 13:00 in Paris */
    CHECK_STR(to_iso(parse_time("2026-07-01 14:30")), "2026-07-01 12:30:00");   /* CEST */
    CHECK_STR(to_iso(parse_time("2026-01-15 14:30")), "2026-01-15 13:30:00");   /* CET */
    CHECK_STR(to_iso(parse_time("15/01/2026 9:05")), "2026-01-15 08:05:00");
    CHECK_STR(to_iso(parse_time("2026-01-15")), "2026-01-15 08:00:00");         /* 09:00 */
    CHECK_STR(to_iso(parse_time("tomorrow 10:00")), "2026-02-28 09:00:00");
    CHECK_STR(to_iso(parse_time("demain 9h")), "2026-02-28 08:00:00");
    CHECK_STR(to_iso(parse_time("15/01 14h30")), "2026-01-15 13:30:00");
    CHECK_STR(to_iso(parse_time("après demain 10H05")), "2026-03-01 09:05:00");
    CHECK_STR(to_iso(parse_time("14h30")), "2026-02-27 13:30:00");              /* today */
    CHECK_STR(to_iso(parse_time("8:15")), "2026-02-27 07:15:00");
    CHECK_STR(to_iso(parse_time(" now ")), "2026-02-27 12:00:00");
    CHECK_STR(to_iso(parse_time("maintenant")), "2026-02-27 12:00:00");
    unsetenv("SUIVI_NOW");
}

TEST(the_time_of_what_happened_looks_back)
{
    setenv("SUIVI_NOW", "2026-02-27 12:00:00", 1);          /* Friday 27 February */
    CHECK_STR(to_iso(parse_time("lundi 14h")), "2026-02-23 13:00:00");
    CHECK_STR(to_iso(parse_time("fri")), "2026-02-20 08:00:00");   /* not today: last week */
    CHECK_STR(to_iso(parse_time("15/03")), "2025-03-15 08:00:00");   /* not yet this year */
    CHECK_STR(to_iso(parse_time("hier 17:45")), "2026-02-26 16:45:00");
    unsetenv("SUIVI_NOW");
}

TEST(what_is_not_a_time_says_why)
{
    setenv("SUIVI_NOW", "2026-02-27 12:00:00", 1);
    time_bad("2026-03-29 02:30", "clock change", __LINE__);     /* skipped in Paris */
    time_bad("2026-07-01 24:00", "no such time of day", __LINE__);
    time_bad("2026-07-01 9h75", "no such time of day", __LINE__);
    time_bad("25h", "no such time of day", __LINE__);
    time_bad("2026-07-01 1430", "not a time", __LINE__);
    time_bad("2026-02-30 10:00", "no such day", __LINE__);
    time_bad("someday 10:00", "not a date", __LINE__);
    time_bad("", "empty date", __LINE__);
    setenv("TZ", "UTC", 1);
    tzset();
    CHECK_STR(to_iso(parse_time("2026-07-01 14:30")), "2026-07-01 14:30:00");
    setenv("TZ", "Europe/Paris", 1);
    tzset();
    unsetenv("SUIVI_NOW");
}

TEST(user_input_form_round_trips)
{
    char buf[32];
    int64_t t = 0;
    CHECK_INT(time_from_iso("2026-10-25 00:59:00", &t), 0);  /* 02:59 CEST, before the change */
    time_to_user_input(t, buf, sizeof buf);
    CHECK_STR(buf, "2026-10-25 02:59");
    CHECK_INT(time_from_iso("2026-06-10 07:45:00", &t), 0);
    time_to_user_input(t, buf, sizeof buf);
    CHECK_STR(buf, "2026-06-10 09:45");
    CHECK_INT(parse_time(buf), t);
}

/* A day past or ahead (a session recorded after it was held, a subscription's
 * start): the nearer reading. */
#define NEAR(in, want) do { char o_[DATE_ISO_LEN], e_[200] = ""; \
    CHECK_INT(date_parse_near(in, o_, e_, sizeof e_), 0); CHECK_STR(o_, want); } while (0)
TEST(a_day_past_or_ahead_is_the_nearer)
{
    setenv("SUIVI_NOW", "2026-11-20 12:00:00", 1);          /* Friday 20 November */
    NEAR("15/11", "2026-11-15");                            /* 5 days back, not 2027 */
    NEAR("25/11", "2026-11-25");
    NEAR("15/01", "2027-01-15");                            /* 56 days ahead, 309 back */
    NEAR("15/06", "2026-06-15");                            /* 158 back, 207 ahead */
    NEAR("lundi", "2026-11-23");                            /* 3 days ahead, 4 back */
    NEAR("mer", "2026-11-18");                              /* 2 back, 5 ahead */
    NEAR("sat", "2026-11-21");
    NEAR("fri", "2026-11-27");                              /* a week either way: ahead */
    NEAR("today", "2026-11-20");
    NEAR("hier", "2026-11-19");
    NEAR("2025-03-01", "2025-03-01");                       /* a year given is kept */
    char out[DATE_ISO_LEN], err[200] = "";
    CHECK_INT(date_parse_near("31/02", out, err, sizeof err), -1);
    CHECK_CONTAINS(err, "no such day");
    unsetenv("SUIVI_NOW");
}

TESTS(T(full_dates_in_every_spelling), T(words_and_offsets_in_both_languages),
      T(a_due_date_looks_ahead), T(what_is_not_a_date_says_why), T(instants_in_local_time),
      T(the_time_of_what_happened_looks_back), T(what_is_not_a_time_says_why),
      T(user_input_form_round_trips), T(a_day_past_or_ahead_is_the_nearer))
