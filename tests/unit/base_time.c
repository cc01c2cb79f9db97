/* Unit tests: stored instants and dates, user input, local formatting, $SUIVI_NOW.
 * The harness pins TZ=Europe/Paris (UTC+1 in winter, UTC+2 in summer). */
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "check.h"
#include "suivi/base/timeutil.h"

static int64_t iso(const char *s)
{
    int64_t t = -12345;
    if (time_from_iso(s, &t) != 0)
        check_fail(__FILE__, __LINE__, "time_from_iso", s);
    return t;
}

static const char *to_iso(int64_t t)
{
    static char ring[4][TIME_ISO_LEN];
    static int next;
    char *b = ring[next++ % 4];
    time_to_iso(t, b);
    return b;
}

TEST(iso_round_trip)
{
    CHECK_INT(iso("1970-01-01 00:00:00"), 0);
    CHECK_INT(iso("2026-03-01 12:00:00"), 1772366400);
    CHECK_STR(to_iso(1772366400), "2026-03-01 12:00:00");
    CHECK_STR(to_iso(-1), "1969-12-31 23:59:59");
    CHECK_STR(to_iso(iso("2024-02-29 23:59:59")), "2024-02-29 23:59:59");
    CHECK_STR(to_iso(iso("2000-12-31 00:00:01")), "2000-12-31 00:00:01");
    CHECK_STR(to_iso(INT64_MAX), "9999-12-31 23:59:59");   /* clamped, never longer */
    CHECK_STR(to_iso(INT64_MIN), "0001-01-01 00:00:00");
}

TEST(iso_rejects_malformed_or_impossible)
{
    static const char *const bad[] = {
        "2026-02-31 10:00:00", "2026-02-29 10:00:00", "2026-13-01 10:00:00",
        "2026-00-10 10:00:00", "2026-01-00 10:00:00", "2026-01-01 24:00:00",
        "2026-01-01 10:60:00", "2026-01-01 10:00:60", "2026-01-01 10:00:00x",
        "2026-01-01 10:00", "2026-1-01 10:00:00", "2026-01-01T10:00:00",
        " 2026-01-01 10:00:00", "2026-01-01 +1:00:00", "", "0000-01-01 00:00:00",
    };
    int64_t t = 42;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (time_from_iso(bad[i], &t) != -1)
            check_fail(__FILE__, __LINE__, "accepted", bad[i]);
    }
    CHECK_INT(t, 42);
    CHECK_INT(time_from_iso(NULL, &t), -1);
}

TEST(now_honours_suivi_now)
{
    setenv("SUIVI_NOW", "2026-05-04 08:30:00", 1);
    CHECK_STR(to_iso(time_now()), "2026-05-04 08:30:00");
    setenv("SUIVI_NOW", "not a date", 1);          /* ignored: the real clock */
    int64_t real = (int64_t)time(NULL);
    CHECK(time_now() >= real - 5 && time_now() <= real + 5);
    unsetenv("SUIVI_NOW");
    CHECK(time_now() >= real - 5);
}

TEST(today_is_local)
{
    char d[DATE_ISO_LEN];
    setenv("SUIVI_NOW", "2026-12-31 23:30:00", 1);   /* already 2027 in Paris */
    date_today(d);
    CHECK_STR(d, "2027-01-01");
    setenv("SUIVI_NOW", "2026-07-01 21:59:59", 1);   /* 23:59:59 CEST */
    date_today(d);
    CHECK_STR(d, "2026-07-01");
    date_of_instant(iso("2026-07-01 22:00:00"), d);
    CHECK_STR(d, "2026-07-02");
    setenv("TZ", "America/New_York", 1);
    tzset();
    date_of_instant(iso("2026-07-01 02:00:00"), d);
    CHECK_STR(d, "2026-06-30");
    setenv("TZ", "Europe/Paris", 1);
    tzset();
    unsetenv("SUIVI_NOW");
}

TEST(add_days)
{
    char d[DATE_ISO_LEN];
    CHECK_INT(date_add_days("2026-01-31", 1, d), 0);
    CHECK_STR(d, "2026-02-01");
    CHECK_INT(date_add_days("2024-02-28", 1, d), 0);
    CHECK_STR(d, "2024-02-29");
    CHECK_INT(date_add_days("2026-12-31", 1, d), 0);
    CHECK_STR(d, "2027-01-01");
    CHECK_INT(date_add_days("2026-03-01", -1, d), 0);
    CHECK_STR(d, "2026-02-28");
    CHECK_INT(date_add_days("2026-03-29", 0, d), 0);
    CHECK_STR(d, "2026-03-29");
    CHECK_INT(date_add_days("2026-01-01", 365 * 400 + 97, d), 0);
    CHECK_STR(d, "2426-01-01");
    CHECK_INT(date_add_days("2026-02-30", 1, d), -1);
    CHECK_INT(date_add_days("2026-02-03x", 1, d), -1);
    CHECK_INT(date_add_days(NULL, 1, d), -1);
    CHECK_INT(date_add_days("9999-12-31", 1, d), -1);
}

/* date_parse_user must give `want`, or fail with a message containing it. */
static void parse_ok(const char *in, const char *want, int line)
{
    char out[DATE_ISO_LEN] = "", err[128] = "";
    if (date_parse_user(in, out, err, sizeof err) != 0 || strcmp(out, want) != 0) {
        char d[256];
        snprintf(d, sizeof d, "\"%s\" -> \"%s\" (%s), want %s", in, out, err, want);
        check_fail(__FILE__, line, "date_parse_user", d);
    }
}

static void parse_bad(const char *in, const char *want_err, int line)
{
    char out[DATE_ISO_LEN] = "", err[128] = "";
    if (date_parse_user(in, out, err, sizeof err) != -1 || !strstr(err, want_err)) {
        char d[256];
        snprintf(d, sizeof d, "\"%s\" -> \"%s\", error \"%s\", want \"%s\"", in, out, err, want_err);
        check_fail(__FILE__, line, "date_parse_user error", d);
    }
    for (const char *p = err; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            check_fail(__FILE__, line, "control character in message", NULL);
}

TEST(parse_user_dates)
{
    setenv("SUIVI_NOW", "2026-02-27 12:00:00", 1);
    parse_ok("2026-03-15", "2026-03-15", __LINE__);
    parse_ok("15/03/2026", "2026-03-15", __LINE__);
    parse_ok("5/3/2026", "2026-03-05", __LINE__);
    parse_ok("  29/02/2024 ", "2024-02-29", __LINE__);
    parse_ok("today", "2026-02-27", __LINE__);
    parse_ok("Tomorrow", "2026-02-28", __LINE__);
    parse_ok("+2", "2026-03-01", __LINE__);
    parse_ok("+2d", "2026-03-01", __LINE__);
    parse_ok("+0", "2026-02-27", __LINE__);
    parse_ok("+1w", "2026-03-06", __LINE__);
    parse_bad("31/02/2026", "31/02/2026: no such day", __LINE__);
    parse_bad("2026-02-29", "no such day", __LINE__);
    parse_bad("2026-13-01", "no such month", __LINE__);
    parse_bad("01/00/2026", "no such month", __LINE__);
    parse_bad("0000-01-01", "no such year", __LINE__);
    parse_bad("2026-03-15x", "not a date", __LINE__);
    parse_bad("2026-3-15", "not a date", __LINE__);
    parse_bad("15/03/26", "not a date", __LINE__);
    parse_bad("15/03/2026/1", "not a date", __LINE__);
    parse_bad("+", "not a date", __LINE__);
    parse_bad("+x", "not a date", __LINE__);
    parse_bad("+3y", "not a date", __LINE__);
    parse_bad("-3", "not a date", __LINE__);
    parse_bad("+99999999999", "too far", __LINE__);
    parse_bad("+9999w", "too far", __LINE__);
    parse_bad("", "empty date", __LINE__);
    parse_bad("   ", "empty date", __LINE__);
    parse_bad("\x1b[2J", "?[2J: not a date", __LINE__);
    char out[DATE_ISO_LEN];
    CHECK_INT(date_parse_user(NULL, out, NULL, 0), -1);
    unsetenv("SUIVI_NOW");
}

static int64_t parse_time(const char *in)
{
    int64_t t = -1;
    char err[128] = "";
    if (time_parse_user(in, &t, err, sizeof err) != 0)
        check_fail(__FILE__, __LINE__, in, err);
    return t;
}

TEST(parse_user_instants_in_local_time)
{
    setenv("SUIVI_NOW", "2026-02-27 12:00:00", 1);
    CHECK_STR(to_iso(parse_time("2026-07-01 14:30")), "2026-07-01 12:30:00");   /* CEST */
    CHECK_STR(to_iso(parse_time("2026-01-15 14:30")), "2026-01-15 13:30:00");   /* CET */
    CHECK_STR(to_iso(parse_time("15/01/2026 9:05")), "2026-01-15 08:05:00");
    CHECK_STR(to_iso(parse_time("2026-01-15")), "2026-01-15 08:00:00");         /* 09:00 */
    CHECK_STR(to_iso(parse_time("tomorrow 10:00")), "2026-02-28 09:00:00");
    CHECK_STR(to_iso(parse_time(" now ")), "2026-02-27 12:00:00");
    int64_t t = 7;
    char err[128];
    CHECK_INT(time_parse_user("2026-03-29 02:30", &t, err, sizeof err), -1);  /* DST gap */
    CHECK_CONTAINS(err, "clock change");
    CHECK_INT(time_parse_user("2026-07-01 24:00", &t, err, sizeof err), -1);
    CHECK_CONTAINS(err, "no such time");
    CHECK_INT(time_parse_user("2026-07-01 14h30", &t, err, sizeof err), -1);
    CHECK_CONTAINS(err, "not a time");
    CHECK_INT(time_parse_user("2026-02-30 10:00", &t, err, sizeof err), -1);
    CHECK_CONTAINS(err, "no such day");
    CHECK_INT(t, 7);
    setenv("TZ", "UTC", 1);
    tzset();
    CHECK_STR(to_iso(parse_time("2026-07-01 14:30")), "2026-07-01 14:30:00");
    setenv("TZ", "Europe/Paris", 1);
    tzset();
    unsetenv("SUIVI_NOW");
}

TEST(format_local_and_dates)
{
    char buf[64];
    CHECK_INT(time_format_local(iso("2026-07-01 12:30:00"), "%Y-%m-%d %H:%M", buf, sizeof buf), 0);
    CHECK_STR(buf, "2026-07-01 14:30");
    CHECK_INT(time_format_local(iso("2026-07-01 12:30:00"), "%d/%m/%Y %H:%M", buf, 8), -1);
    CHECK_STR(buf, "?");                           /* never a silently cut string */
    CHECK_INT(time_format_local(0, "", buf, sizeof buf), 0);
    CHECK_STR(buf, "");
    CHECK_INT(date_format_user("2026-07-14", "%d/%m/%Y", buf, sizeof buf), 0);
    CHECK_STR(buf, "14/07/2026");
    CHECK_INT(date_format_user("2026-07-14", "%A %e %B, day %j", buf, sizeof buf), 0);
    CHECK_STR(buf, "Tuesday 14 July, day 195");
    CHECK_INT(date_format_user("2024-12-31", "%a %j %u", buf, sizeof buf), 0);
    CHECK_STR(buf, "Tue 366 2");
    CHECK_INT(date_format_user("1969-12-31", "%a", buf, sizeof buf), 0);
    CHECK_STR(buf, "Wed");
    CHECK_INT(date_format_user("2026-02-31", "%d/%m/%Y", buf, sizeof buf), -1);
    CHECK_STR(buf, "?");
    CHECK_INT(date_format_user("2026-07-14", "%d/%m/%Y", buf, 10), -1);
    CHECK_STR(buf, "?");
    CHECK_INT(date_format_user("2026-07-14", "%d/%m/%Y", buf, 11), 0);
    CHECK_STR(buf, "14/07/2026");
}

TEST(user_input_form_round_trips)
{
    char buf[32];
    int64_t t = iso("2026-10-25 00:59:00");         /* 02:59 CEST, just before the change */
    time_to_user_input(t, buf, sizeof buf);
    CHECK_STR(buf, "2026-10-25 02:59");
    t = iso("2026-06-10 07:45:00");
    time_to_user_input(t, buf, sizeof buf);
    CHECK_STR(buf, "2026-06-10 09:45");
    CHECK_INT(parse_time(buf), t);
}

TESTS(T(iso_round_trip), T(iso_rejects_malformed_or_impossible), T(now_honours_suivi_now),
      T(today_is_local), T(add_days), T(parse_user_dates), T(parse_user_instants_in_local_time),
      T(format_local_and_dates), T(user_input_form_round_trips))
