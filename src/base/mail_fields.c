/* mail_fields — see mail.h and mail_int.h: the header fields a reader needs (From,
 * Date, message ids, the "[suivi #N]" tag) and the small text helpers the mail_*.c
 * files share.  Each takes an unfolded header value, already a C string. */
#include "suivi/base/mail.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mail_int.h"
#include "suivi/base/xalloc.h"

#define NONE ((size_t)-1)

/* ---- small helpers ------------------------------------------------------------------- */

char mail_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

bool mail_has_prefix_ci(const char *s, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    if (n < k)
        return false;
    for (size_t i = 0; i < k; i++)
        if (mail_lower(s[i]) != mail_lower(prefix[i]))
            return false;
    return true;
}

bool mail_starts_ci(const char *s, const char *prefix)
{
    for (; *prefix; s++, prefix++)
        if (mail_lower(*s) != mail_lower(*prefix))
            return false;
    return true;
}

static bool blank(char c)
{
    return c == ' ' || c == '\t';
}

char *mail_value_string(const char *s, size_t n)
{
    while (n && (blank(*s) || *s == '\r' || *s == '\n'))
        s++, n--;
    while (n && (blank(s[n - 1]) || s[n - 1] == '\r' || s[n - 1] == '\n'))
        n--;
    char *v = xmalloc(n + 1);                        /* not strndup: s may hold NUL */
    memcpy(v, s, n);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)v[i] < ' ')
            v[i] = ' ';
    v[n] = '\0';
    return v;
}

/* ---- From ---------------------------------------------------------------------------- */

/* The first mailbox of a From value: where its '<' is (or NONE), its end (a ',' outside
 * quotes, comments and brackets), and the text of its comments. */
static size_t scan_mailbox(const char *v, size_t *lt, struct mail_buf *comment)
{
    int paren = 0;
    bool quoted = false, angle = false;
    *lt = NONE;
    size_t i = 0;
    for (; v[i]; i++) {
        char c = v[i];
        if ((quoted || paren) && c == '\\' && v[i + 1]) {
            if (paren)
                mail_buf_addc(comment, v[i + 1]);
            i++;
        } else if (quoted) {
            quoted = c != '"';
        } else if (paren) {
            paren += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (paren)
                mail_buf_addc(comment, c);
        } else if (c == '"') {
            quoted = true;
        } else if (c == '(') {
            paren = 1;
            if (comment->len)
                mail_buf_addc(comment, ' ');
        } else if (c == '<' && *lt == NONE) {
            *lt = i, angle = true;
        } else if (c == '>') {
            angle = false;
        } else if (c == ',' && !angle) {
            break;
        }
    }
    return i;
}

/* A display name: quotes and escapes removed, then encoded words decoded (mailers do
 * put encoded words inside quotes), controls as spaces. */
static char *display_name(const char *s, size_t n)
{
    struct mail_buf b = { 0 };
    bool quoted = false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && quoted && i + 1 < n)
            mail_buf_addc(&b, s[++i]);
        else if (s[i] == '"')
            quoted = !quoted;
        else
            mail_buf_addc(&b, s[i]);
    }
    char *raw = mail_buf_take(&b);
    char *d = mail_decode_header(raw);
    free(raw);
    char *v = mail_value_string(d, strlen(d));
    free(d);
    return v;
}

/* The address of a mailbox without brackets: outside comments, the first word with
 * an '@', else the first word. */
static char *bare_address(const char *s, size_t n)
{
    const char *first = NULL, *pick = NULL;
    size_t first_n = 0, pick_n = 0;
    int paren = 0;
    for (size_t i = 0; i < n && !pick;) {
        if (s[i] == '(' || (s[i] == ')' && paren) || paren || blank(s[i])) {
            paren += s[i] == '(' ? 1 : s[i] == ')' ? -1 : 0;
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && !blank(s[j]) && s[j] != '(')
            j++;
        if (!first)
            first = s + i, first_n = j - i;
        if (memchr(s + i, '@', j - i))
            pick = s + i, pick_n = j - i;
        i = j;
    }
    return pick ? xstrndup(pick, pick_n) : first ? xstrndup(first, first_n) : xstrdup("");
}

void mail_parse_from(const char *v, char **addr, char **name)
{
    struct mail_buf comment = { 0 };
    size_t lt, end = scan_mailbox(v, &lt, &comment);
    char *c = mail_buf_take(&comment);
    if (lt != NONE) {
        const char *a = v + lt + 1;
        size_t an = strcspn(a, ">");
        if (a + an > v + end)
            an = (size_t)(v + end - a);
        const char *colon = memchr(a, ':', an);      /* obsolete route "@a,@b:x@y" */
        if (colon)
            an -= (size_t)(colon + 1 - a), a = colon + 1;
        *addr = mail_value_string(a, an);
        *name = display_name(v, lt);
    } else {
        *addr = bare_address(v, end);
        *name = display_name(c, strlen(c));
    }
    free(c);
    for (char *p = *addr; *p; p++)
        *p = mail_lower(*p);
}

/* ---- Date ---------------------------------------------------------------------------- */

static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int zone_minutes(const char *z, bool *ok)
{
    static const struct { const char *name; int min; } zones[] = {
        { "UT", 0 }, { "UTC", 0 }, { "GMT", 0 }, { "Z", 0 }, { "EST", -300 },
        { "EDT", -240 }, { "CST", -360 }, { "CDT", -300 }, { "MST", -420 },
        { "MDT", -360 }, { "PST", -480 }, { "PDT", -420 }, { "CET", 60 }, { "CEST", 120 },
    };
    *ok = true;
    if ((z[0] == '+' || z[0] == '-') && strspn(z + 1, "0123456789") >= 4) {
        int hh = (z[1] - '0') * 10 + z[2] - '0', mm = (z[3] - '0') * 10 + z[4] - '0';
        *ok = hh <= 23 && mm <= 59;
        return (z[0] == '-' ? -1 : 1) * (hh * 60 + mm);
    }
    size_t n = strspn(z, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
    for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++)
        if (n == strlen(zones[i].name) && mail_has_prefix_ci(z, n, zones[i].name))
            return zones[i].min;
    return 0;                                        /* unknown or missing: UTC */
}

static int month_of(const char *s)
{
    static const char mon[] = "janfebmaraprmayjunjulaugsepoctnovdec";
    char m[3] = { 0 };
    for (int i = 0; i < 3 && s[i]; i++)
        m[i] = mail_lower(s[i]);
    for (int i = 0; i < 12; i++)
        if (memcmp(mon + 3 * i, m, 3) == 0)
            return i + 1;
    return 0;
}

/* RFC 5322 3.3, with the obsolete forms seen in the wild: no weekday, two-digit
 * years, no seconds, named zones, a "(CET)" comment after the offset. */
int64_t mail_parse_date(const char *v)
{
    static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    const char *p = v;
    while (*p == ' ' || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') || *p == ',')
        p++;                                         /* the weekday */
    int d, y, hh, mm, ss = 0, used = 0;
    char mon[16];
    if (sscanf(p, "%2d %15s %d %2d:%2d%n", &d, mon, &y, &hh, &mm, &used) != 5)
        return 0;
    p += used;
    if (*p == ':' && sscanf(p + 1, "%2d%n", &ss, &used) == 1)
        p += 1 + used;
    int m = month_of(mon);
    if (y < 50)
        y += 2000;
    else if (y < 1000)
        y += 1900;
    if (m == 0 || d < 1 || d > mdays[m - 1] || hh > 23 || mm > 59 || ss > 60 || y < 1970
        || y > 9999 || (m == 2 && d == 29 && (y % 4 || (y % 100 == 0 && y % 400))))
        return 0;
    while (*p == ' ' || *p == '\t')
        p++;
    bool ok;
    int off = zone_minutes(p, &ok);
    if (!ok)
        return 0;
    int64_t t = days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss - off * 60;
    return t > 0 ? t : 0;
}

/* ---- ids ----------------------------------------------------------------------------- */

/* The "<…>" ids of a value, separated by one space; the value itself, spaces
 * collapsed, when it has none (some mailers drop the brackets). */
char *mail_ids_of(const char *v)
{
    struct mail_buf b = { 0 };
    for (const char *p = v; (p = strchr(p, '<')) != NULL;) {
        const char *e = strchr(p, '>');
        if (!e)
            break;
        if (b.len)
            mail_buf_addc(&b, ' ');
        mail_buf_add(&b, p, (size_t)(e + 1 - p));
        p = e + 1;
    }
    if (b.len == 0) {
        bool space = false;
        for (const char *p = v; *p; p++) {
            if (blank(*p)) {
                space = b.len > 0;
                continue;
            }
            if (space)
                mail_buf_addc(&b, ' ');
            mail_buf_addc(&b, *p);
            space = false;
        }
    }
    return mail_buf_take(&b);
}

int mail_action_ref(const char *subject)
{
    for (const char *p = subject ? subject : ""; *p; p++) {
        if (!mail_starts_ci(p, "[suivi"))
            continue;
        const char *q = p + 6;
        while (*q == ' ')
            q++;
        if (*q++ != '#')
            continue;
        while (*q == ' ')
            q++;
        long long v = 0;
        const char *dg = q;
        while (*q >= '0' && *q <= '9' && v <= 0x7FFFFFFF)
            v = v * 10 + (*q++ - '0');
        if (q > dg && *q == ']' && v > 0 && v <= 0x7FFFFFFF)
            return (int)v;
    }
    return 0;
}

int64_t mail_action_ref_from_ids(const char *ids)
{
    int64_t found = 0;
    for (const char *p = ids ? ids : ""; *p; p++) {
        if (!mail_starts_ci(p, "<suivi.action."))
            continue;
        const char *q = p + 14;
        int64_t v = 0;
        while (*q >= '0' && *q <= '9' && v < INT64_MAX / 10 - 9)
            v = v * 10 + (*q++ - '0');
        if (q > p + 14 && *q == '.' && v > 0)
            found = v;
    }
    return found;
}

