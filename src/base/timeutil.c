/* timeutil — see timeutil.h.
 *
 * UTC arithmetic uses our own civil-calendar conversion (proleptic Gregorian), so
 * stored forms never depend on TZ or on time_t quirks; only the local-time functions
 * go through localtime_r/mktime, which honour TZ. */
#include "suivi/base/timeutil.h"

#include "suivi/base/i18n.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define SECS_PER_DAY 86400
#define YEAR_MIN 1
#define YEAR_MAX 9999
#define DEFAULT_HOUR 9        /* a date typed alone as an instant means 09:00 local */
#define MAX_OFFSET_DAYS 36500 /* "+N": a hundred years is plenty */

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

/* ---- user input ---- */

/* Copy of the user's text safe to put in a message: trimmed, bounded, and with
 * control bytes shown as '?' (the message may reach a terminal). */
static void quote_input(const char *in, size_t n, char *buf, size_t buflen)
{
    size_t max = buflen - 1 < 40 ? buflen - 1 : 40;
    size_t j = 0;
    for (size_t i = 0; i < n && j < max; i++) {
        unsigned char c = (unsigned char)in[i];
        buf[j++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
    }
    /* Do not leave a cut UTF-8 sequence at the end. */
    if (j < n) {
        while (j > 0 && ((unsigned char)buf[j - 1] & 0xC0) == 0x80)
            j--;
        if (j > 0 && (unsigned char)buf[j - 1] >= 0xC0)
            j--;
    }
    buf[j] = '\0';
}

static int fail(char *err, size_t errlen, const char *in, size_t n, const char *why)
{
    if (err && errlen) {
        char q[48];
        quote_input(in, n, q, sizeof q);
        if (n)
            snprintf(err, errlen, "%s: %s", q, why);
        else
            snprintf(err, errlen, "%s", why);
    }
    return -1;
}

static void trim(const char **s, size_t *n)
{
    while (*n && isspace((unsigned char)**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n && isspace((unsigned char)(*s)[*n - 1]))
        (*n)--;
}

static bool word_is(const char *s, size_t n, const char *word)
{
    return strlen(word) == n && strncasecmp(s, word, n) == 0;
}

/* 1 or 2 digits; returns characters consumed, 0 on failure. */
static size_t take_1or2(const char *s, size_t n, int *val)
{
    if (n >= 1 && s[0] >= '0' && s[0] <= '9') {
        if (n >= 2 && s[1] >= '0' && s[1] <= '9') {
            *val = (s[0] - '0') * 10 + (s[1] - '0');
            return 2;
        }
        *val = s[0] - '0';
        return 1;
    }
    return 0;
}

/* "DD/MM/YYYY" (day and month may have one digit). */
static bool scan_french_date(const char *s, size_t n, struct ymd *r)
{
    size_t a = take_1or2(s, n, &r->d);
    if (!a || a >= n || s[a] != '/')
        return false;
    size_t b = take_1or2(s + a + 1, n - a - 1, &r->m);
    size_t pos = a + 1 + b;
    return b && pos < n && s[pos] == '/' && n - pos - 1 == 4
        && take_digits(s + pos + 1, 4, &r->y);
}

/* "+N", "+Nd", "+Nw".  Returns 1 ok, 0 not this form, -1 out of range. */
static int scan_offset(const char *s, size_t n, int64_t *days)
{
    if (n < 2 || s[0] != '+')
        return 0;
    size_t i = 1;
    int64_t v = 0;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
        v = v * 10 + (s[i] - '0');
        if (v > MAX_OFFSET_DAYS)
            return -1;
    }
    if (i == 1)
        return 0;
    if (i == n || (i + 1 == n && (s[i] == 'd' || s[i] == 'D'))) {
        *days = v;
        return 1;
    }
    if (i + 1 == n && (s[i] == 'w' || s[i] == 'W')) {
        *days = v * 7;
        return *days > MAX_OFFSET_DAYS ? -1 : 1;
    }
    return 0;
}

static int parse_date_n(const char *in, size_t n, struct ymd *r, char *err, size_t errlen)
{
    trim(&in, &n);
    if (n == 0)
        return fail(err, errlen, in, 0, _("empty date"));
    char today[DATE_ISO_LEN];
    date_today(today);
    struct ymd now;
    parse_stored_date(today, &now);
    int64_t off = 0;
    int o = scan_offset(in, n, &off);
    if (o < 0)
        return fail(err, errlen, in, n, _("too far in the future"));
    if (o > 0 || word_is(in, n, "today") || word_is(in, n, "tomorrow")) {
        if (word_is(in, n, "tomorrow"))
            off = 1;
        if (!ymd_add_days(now, off, r))
            return fail(err, errlen, in, n, _("out of range"));
        return 0;
    }
    if (!(n == 10 && scan_iso_date(in, r)) && !scan_french_date(in, n, r))
        return fail(err, errlen, in, n,
                    "not a date (use YYYY-MM-DD, DD/MM/YYYY, today, tomorrow or +N)");
    if (r->y < YEAR_MIN)
        return fail(err, errlen, in, n, _("no such year"));
    if (r->m < 1 || r->m > 12)
        return fail(err, errlen, in, n, _("no such month"));
    if (r->d < 1 || r->d > days_in_month(r->y, r->m))
        return fail(err, errlen, in, n, _("no such day"));
    return 0;
}

int date_parse_user(const char *in, char out[DATE_ISO_LEN], char *err, size_t errlen)
{
    struct ymd r;
    if (!in)
        in = "";
    if (parse_date_n(in, strlen(in), &r, err, errlen) < 0)
        return -1;
    ymd_to_text(r, out);
    return 0;
}

/* Local wall-clock time -> UTC instant; -1 when that wall time does not exist
 * (skipped by a daylight-saving change) or cannot be represented. */
static int local_to_instant(struct ymd r, int hh, int mm, int64_t *t)
{
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
    if (tm.tm_hour != hh || tm.tm_min != mm || tm.tm_mday != r.d)
        return -1;
    *t = (int64_t)tt;
    return 0;
}

/* "HH:MM" (hour may have one digit). */
static bool scan_hhmm(const char *s, size_t n, int *hh, int *mm)
{
    size_t a = take_1or2(s, n, hh);
    return a && a < n && s[a] == ':' && n - a - 1 == 2 && take_digits(s + a + 1, 2, mm);
}

int time_parse_user(const char *in, int64_t *t, char *err, size_t errlen)
{
    if (!in)
        in = "";
    size_t n = strlen(in);
    trim(&in, &n);
    if (word_is(in, n, "now")) {
        *t = time_now();
        return 0;
    }
    int hh = DEFAULT_HOUR, mm = 0;
    size_t date_n = n;
    const char *sp = memchr(in, ' ', n);
    if (sp) {
        size_t tpos = (size_t)(sp - in) + 1;
        while (tpos < n && in[tpos] == ' ')
            tpos++;
        if (!scan_hhmm(in + tpos, n - tpos, &hh, &mm))
            return fail(err, errlen, in, n, _("not a time (use YYYY-MM-DD HH:MM)"));
        if (hh > 23 || mm > 59)
            return fail(err, errlen, in, n, _("no such time of day"));
        date_n = (size_t)(sp - in);
    }
    struct ymd r;
    if (parse_date_n(in, date_n, &r, err, errlen) < 0)
        return -1;
    if (local_to_instant(r, hh, mm, t) < 0)
        return fail(err, errlen, in, n, _("no such local time (clock change)"));
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
