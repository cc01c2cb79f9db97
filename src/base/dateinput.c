/* dateinput — see dateinput.h.  The input is folded once (ASCII case, é/è, the
 * typographic apostrophe) and then read by small scanners, each of which either
 * recognises its form or says it is not its form, so that the first error reported
 * is about the form the user meant. */
#include "suivi/base/dateinput.h"

#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "suivi/base/i18n.h"

#define DEFAULT_HOUR 9           /* a date alone, as an instant, means 09:00 local */
#define MAX_OFFSET_DAYS 36500    /* "+N": a hundred years is plenty */
#define FOLDED_MAX 40            /* longer input is none of our forms */

enum lean { AHEAD, BEHIND };

/* ---- messages ---------------------------------------------------------------------- */

/* The user's text, safe to put in a message: bounded, control bytes as '?', and no
 * UTF-8 sequence cut at the end (the message may reach a terminal). */
static void quote_input(const char *in, size_t n, char *buf, size_t buflen)
{
    size_t max = buflen - 1 < 40 ? buflen - 1 : 40;
    size_t j = 0;
    for (size_t i = 0; i < n && j < max; i++) {
        unsigned char c = (unsigned char)in[i];
        buf[j++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
    }
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

static const char *not_a_date(void)
{
    return _("not a date (try 15/12, 15/12/2026, 2026-12-15, today, tomorrow, +3d or fri)");
}

/* ---- reading ------------------------------------------------------------------------- */

static void trim(const char **s, size_t *n)
{
    while (*n && isspace((unsigned char)**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n && isspace((unsigned char)(*s)[*n - 1]))
        (*n)--;
}

/* Lower-case ASCII, é è É È as e, ’ as '.  False when too long to be one of ours. */
static bool fold(const char *s, size_t n, char out[FOLDED_MAX + 1])
{
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (j == FOLDED_MAX)
            return false;
        if (c == 0xC3 && i + 1 < n && s[i + 1] && strchr("\xa8\xa9\x88\x89", s[i + 1])) {
            out[j++] = 'e';
            i++;
        } else if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
                   (unsigned char)s[i + 2] == 0x99) {
            out[j++] = '\'';
            i += 2;
        } else {
            out[j++] = (char)tolower(c);
        }
    }
    out[j] = '\0';
    return true;
}

/* 1 or 2 digits at *p, moving it on; false when there is none. */
static bool take_number(const char **p, int max_digits, int *val)
{
    int v = 0, k = 0;
    while (k < max_digits && **p >= '0' && **p <= '9') {
        v = v * 10 + (**p - '0');
        (*p)++;
        k++;
    }
    *val = v;
    return k > 0;
}

/* ---- the forms ------------------------------------------------------------------------ */

static const struct { const char *word; int days; } relative_words[] = {
    { "today", 0 }, { "aujourd'hui", 0 }, { "aujourdhui", 0 }, { "auj", 0 },
    { "tomorrow", 1 }, { "demain", 1 }, { "apres-demain", 2 }, { "apres demain", 2 },
    { "yesterday", -1 }, { "hier", -1 }, { "avant-hier", -2 }, { "avant hier", -2 },
};

static const char *const weekday_names[7][2] = {
    { "monday", "lundi" }, { "tuesday", "mardi" }, { "wednesday", "mercredi" },
    { "thursday", "jeudi" }, { "friday", "vendredi" }, { "saturday", "samedi" },
    { "sunday", "dimanche" },
};

/* "today", "demain"…: 1 and the days from today, or 0. */
static int scan_word(const char *w, int64_t *days)
{
    for (size_t i = 0; i < sizeof relative_words / sizeof relative_words[0]; i++)
        if (strcmp(w, relative_words[i].word) == 0) {
            *days = relative_words[i].days;
            return 1;
        }
    return 0;
}

/* "+3", "+3d", "+3j", "+2w", "+2s", "-1w": 1 with the days, 0 not this form, -1 too far. */
static int scan_offset(const char *w, int64_t *days)
{
    if (w[0] != '+' && w[0] != '-')
        return 0;
    const char *p = w + 1;
    int64_t v = 0;
    if (*p < '0' || *p > '9')
        return 0;
    for (; *p >= '0' && *p <= '9'; p++)
        if ((v = v * 10 + (*p - '0')) > MAX_OFFSET_DAYS)
            return -1;
    if (*p == 'w' || *p == 's') {
        v *= 7;
        p++;
    } else if (*p == 'd' || *p == 'j') {
        p++;
    }
    if (*p)
        return 0;
    if (v > MAX_OFFSET_DAYS)
        return -1;
    *days = w[0] == '-' ? -v : v;
    return 1;
}

/* "fri", "vendredi": 1 with the day (0 Monday), or 0. */
static int scan_weekday(const char *w, int *day)
{
    size_t n = strlen(w);
    if (n < 3)
        return 0;
    for (int d = 0; d < 7; d++)
        for (int lang = 0; lang < 2; lang++)
            if (strncmp(w, weekday_names[d][lang], n) == 0) {
                *day = d;
                return 1;
            }
    return 0;
}

/* Digits and separators: y, m, d with y = -1 when absent.  1, or 0 not this form. */
static int scan_numeric(const char *w, int *y, int *m, int *d)
{
    const char *p = w;
    int a, b, c = 0;
    if (!take_number(&p, 4, &a))
        return 0;
    char sep = *p;
    if (sep != '/' && sep != '.' && sep != '-')
        return 0;
    size_t first = (size_t)(p - w);
    p++;
    if (!take_number(&p, 2, &b))
        return 0;
    bool has_third = *p == sep;
    if (has_third) {
        const char *start = ++p;
        if (!take_number(&p, 4, &c))
            return 0;
        ptrdiff_t len = p - start;
        if (first == 4 ? len > 2 : len != 2 && len != 4)
            return 0;
        if (first <= 2 && len == 2)
            c += 2000;                           /* 15/12/26 */
    }
    if (*p)
        return 0;
    if (first == 4) {                            /* 2026-12-15 */
        if (!has_third || sep != '-')
            return 0;
        *y = a, *m = b, *d = c;
        return 1;
    }
    if (first > 2)
        return 0;
    *y = has_third ? c : -1, *m = b, *d = a;
    return 1;
}

static const char *bad_part(int rc)
{
    return rc == DATE_BAD_YEAR ? _("no such year")
         : rc == DATE_BAD_MONTH ? _("no such month") : _("no such day");
}

/* A day and month without a year: the first on or after today (ahead), or on or
 * before it (back); 29 February looks for its leap year. */
static int place_in_year(const char *today, int m, int d, enum lean lean,
                         char out[DATE_ISO_LEN])
{
    int ty, tm, td;
    date_split(today, &ty, &tm, &td);
    int step = lean == AHEAD ? 1 : -1, rc = 0;
    for (int k = 0; k <= 8; k++) {
        rc = date_make(ty + k * step, m, d, out);
        if (rc == DATE_BAD_MONTH || (rc == DATE_BAD_DAY && !(m == 2 && d == 29)))
            return rc;
        if (rc == 0 && (lean == AHEAD ? strcmp(out, today) >= 0 : strcmp(out, today) <= 0))
            return 0;
    }
    return rc ? rc : DATE_BAD_DAY;
}

static int parse_date(const char *in, size_t n, enum lean lean, char out[DATE_ISO_LEN],
                      char *err, size_t errlen)
{
    trim(&in, &n);
    if (n == 0)
        return fail(err, errlen, in, 0, _("empty date"));
    char w[FOLDED_MAX + 1], today[DATE_ISO_LEN];
    if (!fold(in, n, w))
        return fail(err, errlen, in, n, not_a_date());
    date_today(today);
    int64_t days = 0;
    int wd, y, m, d, o = scan_offset(w, &days);
    if (o < 0)
        return fail(err, errlen, in, n, w[0] == '-' ? _("too far in the past")
                                                    : _("too far in the future"));
    if (o == 0 && scan_weekday(w, &wd)) {
        int from = date_weekday(today);
        days = lean == AHEAD ? (wd - from + 7) % 7 : -((from - wd + 7) % 7);
        if (days == 0)
            days = lean == AHEAD ? 7 : -7;
        o = 1;
    }
    if (o > 0 || scan_word(w, &days)) {
        if (date_add_days(today, (int)days, out) != 0)
            return fail(err, errlen, in, n, _("out of range"));
        return 0;
    }
    if (!scan_numeric(w, &y, &m, &d))
        return fail(err, errlen, in, n, not_a_date());
    int rc = y >= 0 ? date_make(y, m, d, out) : place_in_year(today, m, d, lean, out);
    return rc == 0 ? 0 : fail(err, errlen, in, n, bad_part(rc));
}

int date_parse_user(const char *in, char out[DATE_ISO_LEN], char *err, size_t errlen)
{
    if (!in)
        in = "";
    return parse_date(in, strlen(in), AHEAD, out, err, errlen);
}

/* Days since 1970-01-01 of a valid "YYYY-MM-DD" (the civil-from-days inverse). */
static int64_t day_number(const char *date)
{
    int y, m, d;
    date_split(date, &y, &m, &d);
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

int date_parse_near(const char *in, char out[DATE_ISO_LEN], char *err, size_t errlen)
{
    if (!in)
        in = "";
    char back[DATE_ISO_LEN], today[DATE_ISO_LEN];
    if (parse_date(in, strlen(in), AHEAD, out, err, errlen) != 0)
        return -1;
    if (parse_date(in, strlen(in), BEHIND, back, NULL, 0) != 0 || strcmp(back, out) == 0)
        return 0;
    date_today(today);
    int64_t t = day_number(today);
    if (t - day_number(back) < day_number(out) - t)
        memcpy(out, back, DATE_ISO_LEN);
    return 0;
}

/* ---- instants ------------------------------------------------------------------------- */

/* "14:30", "9:05", "14h30", "14h", "9H": 1 with the time, 0 not this form, -1 a time
 * of this form that does not exist (24:00, 9h75). */
static int scan_time(const char *s, size_t n, int *hh, int *mm)
{
    char w[FOLDED_MAX + 1];
    if (n == 0 || !fold(s, n, w))
        return 0;
    const char *p = w;
    int h, m = 0;
    if (!take_number(&p, 2, &h) || (*p != ':' && *p != 'h'))
        return 0;
    char sep = *p++;
    const char *start = p;
    if (*p && (!take_number(&p, 2, &m) || p - start != 2))
        return 0;
    if (*p || (sep == ':' && p == start))
        return 0;
    *hh = h;           /* only now: a caller keeps its default when this is no time */
    *mm = m;
    return h > 23 || m > 59 ? -1 : 1;
}

int time_parse_user(const char *in, int64_t *t, char *err, size_t errlen)
{
    if (!in)
        in = "";
    size_t n = strlen(in);
    trim(&in, &n);
    char w[FOLDED_MAX + 1];
    if (fold(in, n, w) && (strcmp(w, "now") == 0 || strcmp(w, "maintenant") == 0)) {
        *t = time_now();
        return 0;
    }
    int hh = DEFAULT_HOUR, mm = 0;
    size_t date_n = n;
    int tr = scan_time(in, n, &hh, &mm);            /* a time alone: today */
    const char *sp = NULL;
    for (size_t i = n; i > 0 && !sp; i--)
        if (in[i - 1] == ' ')
            sp = in + i - 1;
    if (tr == 0 && sp) {                            /* "DATE TIME" */
        size_t at = (size_t)(sp - in) + 1;
        tr = scan_time(in + at, n - at, &hh, &mm);
        if (tr != 0)
            date_n = (size_t)(sp - in);
    }
    if (tr < 0)
        return fail(err, errlen, in, n, _("no such time of day"));
    char date[DATE_ISO_LEN];
    if (tr > 0 && date_n == n)
        date_today(date);
    else if (parse_date(in, date_n, BEHIND, date, err, errlen) < 0) {
        /* "2026-07-01 1430": a date, then something that is not a time. */
        char ignored[DATE_ISO_LEN];
        if (sp && tr == 0 && parse_date(in, (size_t)(sp - in), BEHIND, ignored, NULL, 0) == 0)
            return fail(err, errlen, in, n, _("not a time (use 14:30 or 14h30)"));
        return -1;
    }
    if (time_from_local(date, hh, mm, t) < 0)
        return fail(err, errlen, in, n, _("no such local time (clock change)"));
    return 0;
}
