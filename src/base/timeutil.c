/* timeutil — see timeutil.h.
 *
 * UTC arithmetic uses our own civil-calendar conversion (proleptic Gregorian), so
 * stored forms never depend on TZ or on time_t quirks; only the local-time functions
 * go through localtime_r/mktime, which honour TZ. */
#include "suivi/base/timeutil.h"

#include "suivi/base/i18n.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SECS_PER_DAY 86400
#define YEAR_MIN 1
#define YEAR_MAX 9999

struct ymd { int y, m, d; };

/* Days since 1970-01-01 of a civil date (H. Hinnant's algorithm). */
static int64_t days_from_civil(int y, int m, int d)
{
    int64_t yy = y - (m <= 2);
    int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
    int64_t yoe = yy - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static struct ymd civil_from_days(int64_t z)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    struct ymd r;
    r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
    r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
    r.y = (int)(yoe + era * 400 + (r.m <= 2));
    return r;
}

static int days_in_month(int y, int m)
{
    static const int len[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : len[m - 1];
}

static int64_t floor_div(int64_t a, int64_t b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* Exactly n ASCII digits (no sign, no space) at s. */
static bool take_digits(const char *s, int n, int *val)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *val = v;
    return true;
}

/* "YYYY-MM-DD" exactly; fields not range-checked. */
static bool scan_iso_date(const char *s, struct ymd *r)
{
    return take_digits(s, 4, &r->y) && s[4] == '-' && take_digits(s + 5, 2, &r->m)
        && s[7] == '-' && take_digits(s + 8, 2, &r->d);
}

static bool ymd_valid(struct ymd r)
{
    return r.y >= YEAR_MIN && r.y <= YEAR_MAX && r.m >= 1 && r.m <= 12
        && r.d >= 1 && r.d <= days_in_month(r.y, r.m);
}

/* Zero-padded decimal of v (0 <= v < 10^width) into p; callers keep v in range.
 * Written by hand: snprintf's truncation warnings cannot see our range checks. */
static char *put_num(char *p, int v, int width)
{
    for (int i = width - 1; i >= 0; i--, v /= 10)
        p[i] = (char)('0' + v % 10);
    return p + width;
}

static void ymd_to_text(struct ymd r, char out[DATE_ISO_LEN])
{
    char *p = put_num(out, r.y, 4);
    *p++ = '-';
    p = put_num(p, r.m, 2);
    *p++ = '-';
    p = put_num(p, r.d, 2);
    *p = '\0';
}

/* Stored date -> ymd; false when malformed or impossible. */
static bool parse_stored_date(const char *s, struct ymd *r)
{
    return s && strlen(s) == 10 && scan_iso_date(s, r) && ymd_valid(*r);
}

int64_t time_monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t time_now(void)
{
    const char *pin = getenv("SUIVI_NOW");
    int64_t t;
    if (pin && *pin && time_from_iso(pin, &t) == 0)
        return t;
    return (int64_t)time(NULL);
}

void time_to_iso(int64_t t, char out[TIME_ISO_LEN])
{
    /* Clamp to years 0001..9999 so the text always has its fixed shape. */
    const int64_t lo = days_from_civil(YEAR_MIN, 1, 1) * SECS_PER_DAY;
    const int64_t hi = days_from_civil(YEAR_MAX, 12, 31) * SECS_PER_DAY + SECS_PER_DAY - 1;
    if (t < lo)
        t = lo;
    if (t > hi)
        t = hi;
    int64_t days = floor_div(t, SECS_PER_DAY);
    int64_t secs = t - days * SECS_PER_DAY;
    struct ymd r = civil_from_days(days);
    ymd_to_text(r, out);
    char *p = out + 10;
    *p++ = ' ';
    p = put_num(p, (int)(secs / 3600), 2);
    *p++ = ':';
    p = put_num(p, (int)(secs / 60 % 60), 2);
    *p++ = ':';
    p = put_num(p, (int)(secs % 60), 2);
    *p = '\0';
}

int time_from_iso(const char *s, int64_t *t)
{
    struct ymd r;
    int hh, mm, ss;
    if (!s || strlen(s) != 19 || !scan_iso_date(s, &r) || s[10] != ' '
        || !take_digits(s + 11, 2, &hh) || s[13] != ':' || !take_digits(s + 14, 2, &mm)
        || s[16] != ':' || !take_digits(s + 17, 2, &ss))
        return -1;
    if (!ymd_valid(r) || hh > 23 || mm > 59 || ss > 59)
        return -1;
    *t = days_from_civil(r.y, r.m, r.d) * SECS_PER_DAY + hh * 3600 + mm * 60 + ss;
    return 0;
}

/* Local broken-down time of t; falls back to UTC if the C library cannot. */
static void local_tm(int64_t t, struct tm *tm)
{
    time_t tt = (time_t)t;
    if (localtime_r(&tt, tm))
        return;
    memset(tm, 0, sizeof *tm);
    int64_t days = floor_div(t, SECS_PER_DAY);
    struct ymd r = civil_from_days(days);
    tm->tm_year = r.y - 1900;
    tm->tm_mon = r.m - 1;
    tm->tm_mday = r.d;
}

void date_of_instant(int64_t t, char out[DATE_ISO_LEN])
{
    struct tm tm;
    local_tm(t, &tm);
    struct ymd r = { tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday };
    if (r.y < YEAR_MIN)
        r = (struct ymd){ YEAR_MIN, 1, 1 };
    if (r.y > YEAR_MAX)
        r = (struct ymd){ YEAR_MAX, 12, 31 };
    ymd_to_text(r, out);
}

void date_today(char out[DATE_ISO_LEN])
{
    date_of_instant(time_now(), out);
}

static bool ymd_add_days(struct ymd in, int64_t days, struct ymd *out)
{
    struct ymd r = civil_from_days(days_from_civil(in.y, in.m, in.d) + days);
    if (r.y < YEAR_MIN || r.y > YEAR_MAX)
        return false;
    *out = r;
    return true;
}

int date_add_days(const char *date, int days, char out[DATE_ISO_LEN])
{
    struct ymd r;
    if (!parse_stored_date(date, &r) || !ymd_add_days(r, days, &r))
        return -1;
    ymd_to_text(r, out);
    return 0;
}

/* ---- parts, for dateinput.c ---- */

int date_make(int y, int m, int d, char out[DATE_ISO_LEN])
{
    if (y < YEAR_MIN || y > YEAR_MAX)
        return DATE_BAD_YEAR;
    if (m < 1 || m > 12)
        return DATE_BAD_MONTH;
    if (d < 1 || d > days_in_month(y, m))
        return DATE_BAD_DAY;
    ymd_to_text((struct ymd){ y, m, d }, out);
    return 0;
}

int date_split(const char *date, int *y, int *m, int *d)
{
    struct ymd r;
    if (!parse_stored_date(date, &r))
        return -1;
    *y = r.y;
    *m = r.m;
    *d = r.d;
    return 0;
}

int date_weekday(const char *date)
{
    struct ymd r;
    if (!parse_stored_date(date, &r))
        return -1;
    /* 1970-01-01 was a Thursday (3 when Monday is 0). */
    return (int)((days_from_civil(r.y, r.m, r.d) % 7 + 10) % 7);
}

int time_from_local(const char *date, int hh, int mm, int64_t *t)
{
    struct ymd r;
    if (!parse_stored_date(date, &r) || hh < 0 || hh > 23 || mm < 0 || mm > 59)
        return -1;
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = r.y - 1900;
    tm.tm_mon = r.m - 1;
    tm.tm_mday = r.d;
    tm.tm_hour = hh;
    tm.tm_min = mm;
    tm.tm_isdst = -1;
    time_t tt = mktime(&tm);
    if (tt == (time_t)-1)      /* never a real answer here: we ask for whole minutes */
        return -1;
    /* mktime moves a wall time skipped by a clock change: that time does not exist. */
    if (tm.tm_hour != hh || tm.tm_min != mm || tm.tm_mday != r.d)
        return -1;
    *t = (int64_t)tt;
    return 0;
}

/* The format comes from the user's configuration: it cannot be a literal. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static size_t strftime_user(char *buf, size_t buflen, const char *fmt, const struct tm *tm)
{
    return strftime(buf, buflen, fmt, tm);
}
#pragma GCC diagnostic pop

/* strftime that tells an empty result from one that did not fit. */
static int format_tm(const struct tm *tm, const char *fmt, char *buf, size_t buflen)
{
    if (!buf || buflen == 0)
        return -1;
    if (!fmt || !*fmt) {
        buf[0] = '\0';
        return 0;
    }
    size_t n = strftime_user(buf, buflen, fmt, tm);
    if (n == 0) {
        char probe[512];
        if (strftime_user(probe, sizeof probe, fmt, tm) == 0) {
            buf[0] = '\0';   /* the format genuinely yields nothing (e.g. "%p" in some locales) */
            return 0;
        }
        snprintf(buf, buflen, "?");
        return -1;
    }
    return 0;
}

int time_format_local(int64_t t, const char *fmt, char *buf, size_t buflen)
{
    struct tm tm;
    local_tm(t, &tm);
    return format_tm(&tm, fmt, buf, buflen);
}

int date_format_user(const char *date, const char *fmt, char *buf, size_t buflen)
{
    struct ymd r;
    if (!parse_stored_date(date, &r)) {
        if (buf && buflen)
            snprintf(buf, buflen, "?");
        return -1;
    }
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    int64_t days = days_from_civil(r.y, r.m, r.d);
    tm.tm_year = r.y - 1900;
    tm.tm_mon = r.m - 1;
    tm.tm_mday = r.d;
    tm.tm_wday = (int)((days % 7 + 11) % 7);   /* 1970-01-01 was a Thursday */
    tm.tm_yday = (int)(days - days_from_civil(r.y, 1, 1));
    tm.tm_isdst = -1;
    return format_tm(&tm, fmt, buf, buflen);
}

void time_to_user_input(int64_t t, char *buf, size_t buflen)
{
    struct tm tm;
    local_tm(t, &tm);
    if (format_tm(&tm, "%Y-%m-%d %H:%M", buf, buflen) < 0 && buflen)
        buf[0] = '\0';
}

void month_add(const char *ym, int k, char out[8])
{
    int total = atoi(ym) * 12 + atoi(ym + 5) - 1 + k;   /* months since year 0 */
    if (total < 0)
        total = 0;
    unsigned y = (unsigned)(total / 12) % 10000u, m = (unsigned)(total % 12) + 1u;
    snprintf(out, 8, "%04u-%02u", y, m % 100u);
}
