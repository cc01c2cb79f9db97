/* Unit tests: stored instants and dates, their parts, local formatting, $SUIVI_NOW.
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

TEST(parts_of_a_date)
{
    char d[DATE_ISO_LEN];
    CHECK_INT(date_make(2028, 2, 29, d), 0);
    CHECK_STR(d, "2028-02-29");
    CHECK_INT(date_make(2026, 2, 29, d), DATE_BAD_DAY);
    CHECK_INT(date_make(2026, 13, 1, d), DATE_BAD_MONTH);
    CHECK_INT(date_make(0, 1, 1, d), DATE_BAD_YEAR);
    CHECK_INT(date_make(10000, 1, 1, d), DATE_BAD_YEAR);
    int y = 0, m = 0, dd = 0;
    CHECK_INT(date_split("2026-12-01", &y, &m, &dd), 0);
    CHECK(y == 2026 && m == 12 && dd == 1);
    CHECK_INT(date_split("2026-02-30", &y, &m, &dd), -1);
    CHECK_INT(date_weekday("2026-12-01"), 1);              /* a Tuesday */
    CHECK_INT(date_weekday("1970-01-01"), 3);              /* a Thursday */
    CHECK_INT(date_weekday("1969-12-28"), 6);              /* a Sunday, before the epoch */
    CHECK_INT(date_weekday("2026-12-32"), -1);
    int64_t t = 0;
    CHECK_INT(time_from_local("2026-07-01", 14, 30, &t), 0);
    CHECK_STR(to_iso(t), "2026-07-01 12:30:00");           /* CEST */
    CHECK_INT(time_from_local("2026-03-29", 2, 30, &t), -1);   /* skipped by the change */
    CHECK_INT(time_from_local("2026-07-01", 24, 0, &t), -1);
}

TESTS(T(iso_round_trip), T(iso_rejects_malformed_or_impossible), T(now_honours_suivi_now),
      T(today_is_local), T(add_days), T(format_local_and_dates), T(parts_of_a_date))
