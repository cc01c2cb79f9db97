/* validate — the domain's rules on values (see validate.h).
 *
 * Messages may reach a terminal, so a value is echoed in them only when it is
 * short printable ASCII; otherwise the message names the field alone. */
#include "suivi/core/validate.h"

#include <stdio.h>
#include <string.h>

#include "suivi/base/i18n.h"
#include "suivi/base/timeutil.h"

static bool empty(const char *s)
{
    return !s || !*s;
}

static bool all_digits(const char *s, size_t n)
{
    if (strlen(s) != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* True when s can be quoted in a message as is. */
static bool echoable(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 24)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < 0x20 || s[i] > 0x7e)
            return false;
    return true;
}

static bool fail(char *err, size_t errlen, const char *fmt, const char *what,
                 const char *value)
{
    if (err && errlen) {
        if (value && echoable(value))
            snprintf(err, errlen, _("%s %s: %s"), what, value, fmt);
        else
            snprintf(err, errlen, _("%s: %s"), what, fmt);
    }
    return false;
}

bool siren_is_valid(const char *siren)
{
    if (!siren || !all_digits(siren, 9))
        return false;
    /* Luhn: from the right, every second digit is doubled (digits summed). */
    int sum = 0;
    for (int i = 0; i < 9; i++) {
        int d = siren[8 - i] - '0';
        if (i % 2 == 1) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
    }
    return sum % 10 == 0;
}

bool validate_siren(const char *s, char *err, size_t errlen)
{
    if (empty(s))
        return true;
    if (!all_digits(s, 9))
        return fail(err, errlen, _("must be 9 digits"), _("SIREN"), s);
    if (!siren_is_valid(s))
        return fail(err, errlen, _("checksum is wrong"), _("SIREN"), s);
    return true;
}

bool validate_departement(const char *s, char *err, size_t errlen)
{
    if (empty(s))
        return true;
    if (strcmp(s, "2A") == 0 || strcmp(s, "2B") == 0)
        return true;
    if (all_digits(s, 2) && strcmp(s, "01") >= 0 && strcmp(s, "95") <= 0 &&
        strcmp(s, "20") != 0)
        return true;
    if (all_digits(s, 3) && strcmp(s, "971") >= 0 && strcmp(s, "976") <= 0)
        return true;
    return fail(err, errlen, _("no such département (01-95, 2A, 2B, 971-976)"),
                _("département"), s);
}

/* Characters in a valid UTF-8 string, or -1 when it is not valid (overlong
 * forms, surrogates and code points past U+10FFFF included). */
static long utf8_chars(const char *str)
{
    const unsigned char *s = (const unsigned char *)str;
    long count = 0;
    while (*s) {
        unsigned c = *s;
        int len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
                : (c & 0xF8) == 0xF0 ? 4 : 0;
        if (len == 0)
            return -1;
        unsigned long cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F)
                         : (c & 0x07);
        for (int i = 1; i < len; i++) {
            if ((s[i] & 0xC0) != 0x80)
                return -1;
            cp = (cp << 6) | (s[i] & 0x3F);
        }
        static const unsigned long min[] = { 0, 0, 0x80, 0x800, 0x10000 };
        if (cp < min[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return -1;
        s += len;
        count++;
    }
    return count;
}

static bool blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    return true;
}

bool validate_required_text(const char *what, const char *s, int max,
                            char *err, size_t errlen)
{
    if (!s || blank(s))
        return fail(err, errlen, _("required"), what, NULL);
    long n = utf8_chars(s);
    if (n < 0)
        return fail(err, errlen, _("not valid UTF-8 text"), what, NULL);
    if (n > max) {
        if (err && errlen)
            snprintf(err, errlen, _("%s: too long (%ld characters, at most %d)"), what, n, max);
        return false;
    }
    return true;
}

/* Optional long text: NULL or "" allowed, bounded in bytes, valid UTF-8. */
static bool validate_body(const char *what, const char *s, char *err, size_t errlen)
{
    if (empty(s))
        return true;
    if (strlen(s) > BODY_MAX_BYTES)
        return fail(err, errlen, _("too long (more than 1 MiB)"), what, NULL);
    if (utf8_chars(s) < 0)
        return fail(err, errlen, _("not valid UTF-8 text"), what, NULL);
    return true;
}

bool validate_priority(int p, char *err, size_t errlen)
{
    if (p >= PRIORITY_MIN && p <= PRIORITY_MAX)
        return true;
    if (err && errlen)
        snprintf(err, errlen, _("priority: must be P%d to P%d"), PRIORITY_MIN, PRIORITY_MAX);
    return false;
}

bool validate_email(const char *s, char *err, size_t errlen)
{
    if (empty(s))
        return true;
    const char *at = strchr(s, '@');
    bool ok = at && at > s && !strchr(at + 1, '@') && strchr(at + 1, '.') &&
              at[1] != '.' && s[strlen(s) - 1] != '.' && !strpbrk(s, " \t\r\n<>,;");
    return ok || fail(err, errlen, _("not an email address (name@example.fr)"), _("email"), s);
}

bool validate_phone(const char *s, char *err, size_t errlen)
{
    if (empty(s))
        return true;
    int digits = 0;
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9')
            digits++;
        else if (!strchr(" +.-()", *p))
            return fail(err, errlen, _("digits, blanks and + . - ( ) only"), _("phone"), s);
    }
    return digits >= 4 || fail(err, errlen, _("too few digits"), _("phone"), s);
}

static bool in_range(int v, int count, const char *what, char *err, size_t errlen)
{
    if (v >= 0 && v < count)
        return true;
    return fail(err, errlen, _("unknown value"), what, NULL);
}

bool member_validate(const struct member *m, char *err, size_t errlen)
{
    if (!validate_required_text("name", m->name, NAME_MAX_CHARS, err, errlen) ||
        !in_range((int)m->kind, MEMBER_KIND_COUNT, "kind", err, errlen) ||
        !in_range((int)m->status, MSTATUS_COUNT, "status", err, errlen) ||
        !validate_siren(m->siren, err, errlen) ||
        !validate_departement(m->departement, err, errlen))
        return false;
    if (m->id && m->parent_id == m->id)
        return fail(err, errlen, _("a member cannot belong to itself"), _("parent"), NULL);
    return true;
}

bool interaction_validate(const struct interaction *it, char *err, size_t errlen)
{
    if (!it->member_id)
        return fail(err, errlen, _("required"), _("member"), NULL);
    return in_range((int)it->kind, IKIND_COUNT, "kind", err, errlen) &&
           validate_required_text("subject", it->subject, SUBJECT_MAX_CHARS, err, errlen) &&
           validate_body("body", it->body, err, errlen);
}

/* A stored date: "YYYY-MM-DD" naming a real day. */
static bool validate_due(const char *due, char *err, size_t errlen)
{
    char norm[DATE_ISO_LEN];
    if (empty(due))
        return true;
    if (date_add_days(due, 0, norm) != 0 || strcmp(norm, due) != 0)
        return fail(err, errlen, _("not a date (YYYY-MM-DD)"), _("due date"), due);
    return true;
}

bool action_validate(const struct action *a, char *err, size_t errlen)
{
    if (!a->member_id)
        return fail(err, errlen, _("required"), _("member"), NULL);
    if (!validate_required_text("title", a->title, SUBJECT_MAX_CHARS, err, errlen) ||
        !validate_body("description", a->description, err, errlen) ||
        !in_range((int)a->status, ASTATUS_COUNT, "status", err, errlen) ||
        !validate_priority(a->priority, err, errlen) ||
        !validate_due(a->due, err, errlen))
        return false;
    if (a->assignee_staff_id && a->assignee_provider_id)
        return fail(err, errlen, _("either a staff member or a provider, not both"),
                    _("assignee"), NULL);
    return true;
}

bool contact_validate(const struct contact *c, char *err, size_t errlen)
{
    if (!c->member_id)
        return fail(err, errlen, _("required"), _("member"), NULL);
    return validate_required_text(_("name"), c->name, NAME_MAX_CHARS, err, errlen) &&
           (empty(c->role) ||
            validate_required_text(_("role"), c->role, NAME_MAX_CHARS, err, errlen)) &&
           validate_email(c->email, err, errlen) && validate_phone(c->phone, err, errlen);
}

bool action_is_overdue(const struct action *a, const char *today)
{
    return action_status_is_open(a->status) && !empty(a->due) && today &&
           strcmp(a->due, today) < 0;
}
