/* config_values — the checks of single values: numbers in a range, SLA days,
 * a stage's days, one of a few words, a strftime format.  Each says why it refuses. */
#include "config_priv.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include "suivi/base/i18n.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/xalloc.h"

/* For quoting a value in a message: src[0..n) made safe for a terminal (no control
 * or bidi characters), at most cols columns, as multibyte text of the locale. */
void config_quote(const char *src, size_t n, int cols, char *out, size_t outcap)
{
    char *copy = xstrndup(src, n);
    wchar_t w[128];
    san_fit(copy, cols, false, w, sizeof w / sizeof w[0]);
    free(copy);
    san_wcs_to_mb(w, out, outcap);
}

/* Explain why a value is refused; returns -1. */
int config_refuse(char *why, size_t whylen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, whylen, fmt, ap);
    va_end(ap);
    return -1;
}

int config_parse_int(const char *v, long min, long max, long *out, char *why, size_t whylen)
{
    char q[128];
    config_quote(v, strlen(v), QUOTE_COLS, q, sizeof q);
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    /* strtol alone would accept leading blanks; "010" is ten, not eight. */
    if (end == v || *end != '\0' || !(*v == '-' || *v == '+' || (*v >= '0' && *v <= '9')))
        return config_refuse(why, whylen, "\"%s\" is not a whole number", q);
    if (errno == ERANGE || x < min || x > max)
        return config_refuse(why, whylen, "%s is out of range (%ld to %ld)", q, min, max);
    *out = x;
    return 0;
}

/* A number of days as written, "90d" or "90": its digits' length, and v quoted
 * into q for the messages. */
static size_t days_digits(const char *v, char *q, size_t qlen)
{
    config_quote(v, strlen(v), QUOTE_COLS, q, qlen);
    size_t n = strlen(v);
    if (n > 1 && (v[n - 1] == 'd' || v[n - 1] == 'D'))
        n--;
    return n;
}

/* "5d" (or "5") working days, or "none": -1. */
int config_parse_sla(const char *v, int *out, char *why, size_t whylen)
{
    if (strcasecmp(v, "none") == 0) {
        *out = -1;
        return 0;
    }
    char q[128], digits[16];
    size_t n = days_digits(v, q, sizeof q);
    long days;
    if (n >= sizeof digits)
        return config_refuse(why, whylen, "\"%s\" is not a number of working days (5d, or none)", q);
    memcpy(digits, v, n);
    digits[n] = '\0';
    if (config_parse_int(digits, 0, SLA_MAX_DAYS, &days, why, whylen) < 0)
        return config_refuse(why, whylen, "\"%s\" is not a number of working days from 0 to %d "
                      "(5d, or none)", q, SLA_MAX_DAYS);
    *out = (int)days;
    return 0;
}

int config_parse_stage_days(const char *v, int *days, bool *exit, char *why, size_t whylen)
{
    if (strcasecmp(v, "exit") == 0) {
        *days = 0;
        *exit = true;
        return 0;
    }
    char q[128], digits[16];
    size_t n = days_digits(v, q, sizeof q);
    long x;
    /* Digits only: config_parse_int would take a sign, and "-0" or "+90" here is
     * more likely a slip than a wish. */
    bool ok = n > 0 && n < sizeof digits && strspn(v, "0123456789") >= n;
    if (ok) {
        memcpy(digits, v, n);
        digits[n] = '\0';
        ok = config_parse_int(digits, 0, STAGE_MAX_DAYS, &x, why, whylen) == 0;
    }
    if (!ok)
        return config_refuse(why, whylen, _("'%s' is not a number of days (0..%d) or exit"),
                             q, STAGE_MAX_DAYS);
    *days = (int)x;
    *exit = false;
    return 0;
}

int config_parse_choice(const char *v, const char *const *choices, int *out,
                        char *why, size_t whylen)
{
    char list[128] = "";
    for (int i = 0; choices[i]; i++) {
        if (strcasecmp(v, choices[i]) == 0) {
            *out = i;
            return 0;
        }
        size_t used = strlen(list);
        snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", choices[i]);
    }
    char q[128];
    config_quote(v, strlen(v), QUOTE_COLS, q, sizeof q);
    return config_refuse(why, whylen, "\"%s\" is not one of %s", q, list);
}

/* A strftime format we can trust: short, no control characters, known conversions. */
int config_check_date_format(const char *v, char *why, size_t whylen)
{
    if (!*v)
        return config_refuse(why, whylen, "must not be empty");
    if (strlen(v) > MAX_DATE_FORMAT)
        return config_refuse(why, whylen, "longer than %d bytes", MAX_DATE_FORMAT);
    for (const char *p = v; *p; p++) {
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            return config_refuse(why, whylen, "contains a control character");
        if (*p != '%')
            continue;
        p++;
        while (*p && strchr("_-0^#", *p))          /* glibc flags */
            p++;
        while (*p >= '0' && *p <= '9')             /* field width */
            p++;
        if (*p == 'E' || *p == 'O')
            p++;
        if (!*p)
            return config_refuse(why, whylen, "ends with an incomplete %% conversion");
        if (strchr("aAbBcCdDeFgGhHIjklmMnpPrRsStTuUVwWxXyYzZ%", *p))
            continue;
        if ((unsigned char)*p > 0x20 && (unsigned char)*p < 0x7f)
            return config_refuse(why, whylen, "%%%c is not a strftime conversion", *p);
        return config_refuse(why, whylen, "unknown strftime conversion after %%");
    }
    return 0;
}

