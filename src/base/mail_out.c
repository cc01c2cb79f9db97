/* mail_out — see mail.h: a message for `sendmail -t -oi`.
 *
 * sendmail -t reads the recipients from the headers, so a line break smuggled into a
 * value would add recipients (a "Bcc:" line): every value is built from cleaned text,
 * addresses and ids are checked and refused rather than repaired, since a silently
 * changed address would reach someone else.  Lines end in LF: sendmail turns them into
 * CRLF itself.  The Date is in English whatever the locale (RFC 5322 names). */
#include "suivi/base/mail.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mail_int.h"
#include "suivi/base/i18n.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/timeutil.h"
#include "suivi/base/xalloc.h"

#define LINE_MAX_COLS   78   /* RFC 5322 2.1.1: lines SHOULD be at most 78 columns */
#define QP_LINE_MAX     76   /* RFC 2045 6.7 (5) */
#define EWORD_MAX       66   /* "Subject: " + a word still fits in 78 columns */
#define EWORD_OVERHEAD  12   /* "=?UTF-8?Q?" + "?=" */
#define LONG_WORD       60   /* a longer plain word is encoded, so that it can be cut */
#define ADDR_MAX        254  /* RFC 5321 4.5.3.1.3 */

/* ---- header text --------------------------------------------------------------------- */

/* Valid UTF-8 with controls as spaces, runs of blanks as one, the ends trimmed. */
static char *clean_text(const char *s)
{
    struct mail_buf u = { 0 }, b = { 0 };
    mail_utf8_clean(&u, s ? s : "", s ? strlen(s) : 0);
    char *t = mail_buf_take(&u);
    bool space = false;
    for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
        if (*p <= ' ' || *p == 0x7F) {
            space = b.len > 0;
            continue;
        }
        if (space)
            mail_buf_addc(&b, ' ');
        space = false;
        mail_buf_addc(&b, (char)*p);
    }
    free(t);
    return mail_buf_take(&b);
}

static bool needs_encoding(const char *w, size_t n)
{
    if (n > LONG_WORD)
        return true;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)w[i] >= 0x80 || (w[i] == '=' && i + 1 < n && w[i + 1] == '?'))
            return true;
    return false;
}

/* RFC 2047 5 (3): what a Q word may carry as is, in a phrase as in a subject. */
static bool q_literal(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '!' || c == '*' || c == '+' || c == '-' || c == '/';
}

/* The Q form of one character (one UTF-8 sequence), into out (>= 13 bytes). */
static size_t q_char(const unsigned char *c, size_t k, char *out)
{
    static const char hex[] = "0123456789ABCDEF";
    if (k == 1 && (q_literal(c[0]) || c[0] == ' ')) {
        out[0] = c[0] == ' ' ? '_' : (char)c[0];
        return 1;
    }
    for (size_t i = 0; i < k; i++) {
        out[3 * i] = '=';
        out[3 * i + 1] = hex[c[i] >> 4];
        out[3 * i + 2] = hex[c[i] & 0x0F];
    }
    return 3 * k;
}

static size_t char_len(const char *s, size_t left)
{
    uint32_t cp;
    size_t k = utf8_decode((const unsigned char *)s, left, &cp);
    return k ? k : 1;                                /* clean_text left none invalid */
}

static void q_words(struct mail_buf *b, const char *s, size_t n)
{
    size_t room = EWORD_MAX - EWORD_OVERHEAD, used = 0;
    mail_buf_adds(b, "=?UTF-8?Q?");
    for (size_t i = 0; i < n;) {
        size_t k = char_len(s + i, n - i);
        char q[13];
        size_t ql = q_char((const unsigned char *)s + i, k, q);
        if (used + ql > room) {
            mail_buf_adds(b, "?= =?UTF-8?Q?");
            used = 0;
        }
        mail_buf_add(b, q, ql);
        used += ql;
        i += k;
    }
    mail_buf_adds(b, "?=");
}

static void b64_encode(struct mail_buf *b, const unsigned char *s, size_t n)
{
    static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)s[i] << 16 | (i + 1 < n ? (unsigned)s[i + 1] << 8 : 0)
                   | (i + 2 < n ? s[i + 2] : 0);
        char o[4] = { a[v >> 18], a[(v >> 12) & 63], a[(v >> 6) & 63], a[v & 63] };
        if (i + 1 >= n)
            o[2] = '=';
        if (i + 2 >= n)
            o[3] = '=';
        mail_buf_add(b, o, 4);
    }
}

static void b_words(struct mail_buf *b, const char *s, size_t n)
{
    size_t room = (EWORD_MAX - EWORD_OVERHEAD) / 4 * 3;   /* bytes per word */
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && j - i + char_len(s + j, n - j) <= room)
            j += char_len(s + j, n - j);
        if (i)
            mail_buf_addc(b, ' ');
        mail_buf_adds(b, "=?UTF-8?B?");
        b64_encode(b, (const unsigned char *)s + i, j - i);
        mail_buf_adds(b, "?=");
        i = j;
    }
}

/* Encoded words for s[0..n): Q when it is not longer than B (French text, mostly
 * ASCII, stays readable), B otherwise. */
static void encode_run(struct mail_buf *b, const char *s, size_t n)
{
    size_t q = 0;
    for (size_t i = 0; i < n;) {
        size_t k = char_len(s + i, n - i);
        char tmp[13];
        q += q_char((const unsigned char *)s + i, k, tmp);
        i += k;
    }
    if (q <= (n + 2) / 3 * 4)
        q_words(b, s, n);
    else
        b_words(b, s, n);
}

char *mail_encode_header_word(const char *utf8)
{
    char *t = clean_text(utf8);
    struct mail_buf b = { 0 };
    const char *p = t;
    while (*p) {
        size_t n = strcspn(p, " ");
        if (b.len)
            mail_buf_addc(&b, ' ');
        if (!needs_encoding(p, n)) {
            mail_buf_add(&b, p, n);
            p += n;
        } else {                                     /* with the words that follow and */
            const char *end = p + n;                 /* need it too: the space between */
            while (*end == ' ' && needs_encoding(end + 1, strcspn(end + 1, " ")))
                end += 1 + strcspn(end + 1, " ");    /* encoded words would be lost */
            encode_run(&b, p, (size_t)(end - p));
            p = end;
        }
        if (*p == ' ')
            p++;
    }
    free(t);
    return mail_buf_take(&b);
}

/* A display name as a phrase: atoms as they are, a quoted string when it has
 * specials, encoded words when it has non-ASCII (a quoted string cannot hold them).
 * NULL when there is no name. */
static char *phrase(const char *name)
{
    char *t = clean_text(name);
    if (!*t) {
        free(t);
        return NULL;
    }
    size_t n = strlen(t);
    bool encode = n > LONG_WORD, specials = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)t[i];
        encode |= c >= 0x80 || (c == '=' && t[i + 1] == '?');
        specials |= !(q_literal(c) || c == ' ' || strchr("#$%&'=?^_`{|}~", c));
    }
    struct mail_buf b = { 0 };
    if (encode) {
        encode_run(&b, t, n);
    } else if (specials) {
        mail_buf_addc(&b, '"');
        for (size_t i = 0; i < n; i++) {
            if (t[i] == '"' || t[i] == '\\')
                mail_buf_addc(&b, '\\');
            mail_buf_addc(&b, t[i]);
        }
        mail_buf_addc(&b, '"');
    } else {
        mail_buf_add(&b, t, n);
    }
    free(t);
    return mail_buf_take(&b);
}

/* "Name: value" folded before a space (never inside a quoted string) so that lines
 * stay within 78 columns when the words allow it. */
static void fold_header(struct mail_buf *b, const char *name, const char *value)
{
    mail_buf_adds(b, name);
    mail_buf_addc(b, ':');
    size_t col = strlen(name) + 1;
    const char *p = value;
    while (*p) {
        const char *e = p;
        bool quoted = false;
        for (; *e && (quoted || *e != ' '); e++) {
            if (*e == '\\' && quoted && e[1])
                e++;
            else if (*e == '"')
                quoted = !quoted;
        }
        size_t n = (size_t)(e - p);
        if (col + 1 + n > LINE_MAX_COLS && col > strlen(name) + 1) {
            mail_buf_adds(b, "\n ");
            col = 1;
        } else {
            mail_buf_addc(b, ' ');
            col++;
        }
        mail_buf_add(b, p, n);
        col += n;
        p = *e ? e + 1 : e;
    }
    mail_buf_addc(b, '\n');
}

/* ---- addresses and ids --------------------------------------------------------------- */

static int refuse(char *err, size_t errlen, const char *field, const char *why)
{
    if (err && errlen)
        snprintf(err, errlen, "%s: %s", field, why);
    return -1;
}

static int check_addr(const char *a, const char *field, char *err, size_t errlen)
{
    if (!a || !*a)
        return refuse(err, errlen, field, _("no address"));
    if (strlen(a) > ADDR_MAX)
        return refuse(err, errlen, field, _("address too long"));
    int ats = 0;
    for (const unsigned char *p = (const unsigned char *)a; *p; p++) {
        if (*p < ' ' || *p == 0x7F)
            return refuse(err, errlen, field,
                          _("control character or line break in the address"));
        if (*p >= 0x80)
            return refuse(err, errlen, field, _("non-ASCII character in the address"));
        if (*p == ' ' || strchr("<>()[],;:\\\"", *p))
            return refuse(err, errlen, field, _("space or special character in the address"));
        ats += *p == '@';
    }
    const char *at = strchr(a, '@');
    if (ats != 1 || at == a || !at[1] || at[1] == '.')
        return refuse(err, errlen, field, _("not an address (name@domain)"));
    return 0;
}

static bool host_name(const char *d)
{
    size_t n = d ? strlen(d) : 0;
    if (n == 0 || n > 253 || d[0] == '.' || d[0] == '-')
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((d[i] >= 'a' && d[i] <= 'z') || (d[i] >= 'A' && d[i] <= 'Z')
              || (d[i] >= '0' && d[i] <= '9') || d[i] == '-' || d[i] == '.'))
            return false;
    return true;
}

/* "<id>" into out from an id given with or without its brackets, or -1: an id is
 * printable ASCII without spaces or brackets, so it can never carry a line break. */
static int check_id(const char *id, const char *field, char *out, size_t outlen,
                    char *err, size_t errlen)
{
    size_t n = strlen(id);
    if (n >= 2 && id[0] == '<' && id[n - 1] == '>')
        id++, n -= 2;
    if (n == 0 || n + 3 > outlen)
        return refuse(err, errlen, field, _("not a message id"));
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)id[i] <= ' ' || (unsigned char)id[i] >= 0x7F || id[i] == '<'
            || id[i] == '>')
            return refuse(err, errlen, field, _("not a message id"));
    snprintf(out, outlen, "<%.*s>", (int)n, id);
    return 0;
}

static uint64_t random64(void)
{
    uint64_t r = 0;
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        if (read(fd, &r, sizeof r) != (ssize_t)sizeof r)
            r = 0;
        close(fd);
    }
    if (r == 0) {                                    /* no /dev/urandom (chroot): the */
        struct timespec ts;                          /* clock's nanoseconds still differ */
        clock_gettime(CLOCK_REALTIME, &ts);
        r = (uint64_t)ts.tv_nsec * 0x9E3779B97F4A7C15u ^ (uint64_t)ts.tv_sec;
    }
    return r;
}

int mail_message_id(const char *domain, int64_t action_id, char *out, size_t outlen)
{
    static unsigned counter;
    if (!out || outlen == 0)
        return -1;
    out[0] = '\0';
    if (!host_name(domain))
        return -1;
    char action[32] = "";
    if (action_id > 0)
        snprintf(action, sizeof action, "action.%lld.", (long long)action_id);
    int n = snprintf(out, outlen, "<suivi.%s%llx.%ld.%u.%016llx@%s>", action,
                     (unsigned long long)time(NULL), (long)getpid(), ++counter,
                     (unsigned long long)random64(), domain);
    if (n < 0 || (size_t)n >= outlen) {
        out[0] = '\0';
        return -1;
    }
    return 0;
}

/* ---- date ---------------------------------------------------------------------------- */

static void format_date(int64_t t, char *out, size_t outlen)
{
    static const char wd[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
    static const char mon[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    time_t tt = (time_t)t;
    struct tm tm;
    if (!localtime_r(&tt, &tm)) {
        tt = 0;
        gmtime_r(&tt, &tm);
    }
    long off = tm.tm_gmtoff / 60;
    char sign = off < 0 ? '-' : '+';
    off = off < 0 ? -off : off;
    snprintf(out, outlen, "%s, %02d %s %04d %02d:%02d:%02d %c%02ld%02ld",
             wd[tm.tm_wday % 7], tm.tm_mday, mon[tm.tm_mon % 12], tm.tm_year + 1900,
             tm.tm_hour, tm.tm_min, tm.tm_sec, sign, off / 60, off % 60);
}

/* ---- body ---------------------------------------------------------------------------- */

/* Valid UTF-8, CRLF as LF. */
static char *clean_body(const char *s)
{
    struct mail_buf b = { 0 };
    mail_utf8_clean(&b, s ? s : "", s ? strlen(s) : 0);
    char *t = mail_buf_take(&b);
    size_t j = 0;
    for (size_t i = 0; t[i]; i++)
        if (!(t[i] == '\r' && t[i + 1] == '\n'))
            t[j++] = t[i];
    t[j] = '\0';
    return t;
}

/* True when the body can go as 7bit exactly as it is: printable ASCII and tabs, short
 * lines, no trailing blank a transport could strip, no "From " an mbox would mangle. */
static bool plain_7bit(const char *s)
{
    size_t col = 0;
    for (const char *p = s;; p++) {
        if (*p == '\n' || !*p) {
            if (col && (p[-1] == ' ' || p[-1] == '\t'))
                return false;
            if (!*p)
                return true;
            col = 0;
            continue;
        }
        if (col == 0 && strncmp(p, "From ", 5) == 0)
            return false;
        if (((unsigned char)*p < ' ' && *p != '\t') || (unsigned char)*p >= 0x7F
            || ++col > QP_LINE_MAX)
            return false;
    }
}

/* The QP form of one character at p on a line ending at e, into q (>= 13 bytes). */
static size_t qp_char(const char *p, const char *e, bool line_start, char *q)
{
    static const char hex[] = "0123456789ABCDEF";
    unsigned char c = (unsigned char)*p;
    bool last = p + 1 == e;
    bool literal = (c > ' ' && c < 0x7F && c != '=') || ((c == ' ' || c == '\t') && !last);
    if (line_start && strncmp(p, "From ", 5) == 0)
        literal = false;
    if (literal) {
        q[0] = (char)c;
        return 1;
    }
    size_t k = c >= 0x80 ? char_len(p, (size_t)(e - p)) : 1;
    for (size_t i = 0; i < k; i++) {                 /* a character is never cut by a */
        unsigned char x = (unsigned char)p[i];       /* soft break */
        q[3 * i] = '=', q[3 * i + 1] = hex[x >> 4], q[3 * i + 2] = hex[x & 0x0F];
    }
    return 3 * k;
}

char *mail_qp_encode(const char *text)
{
    struct mail_buf b = { 0 };
    const char *p = text ? text : "";
    while (*p) {
        const char *e = strchr(p, '\n');
        if (!e)
            e = p + strlen(p);
        size_t col = 0;
        while (p < e) {
            char q[13];
            size_t n = qp_char(p, e, col == 0, q);
            size_t k = n == 1 ? 1 : n / 3;
            size_t limit = p + k == e ? QP_LINE_MAX : QP_LINE_MAX - 1;
            if (col + n > limit) {
                mail_buf_adds(&b, "=\n");
                col = 0;
                n = qp_char(p, e, true, q);          /* "From " may now start a line */
            }
            mail_buf_add(&b, q, n);
            col += n;
            p += k;
        }
        mail_buf_addc(&b, '\n');
        p = *e ? e + 1 : e;
    }
    return mail_buf_take(&b);
}

/* ---- the message --------------------------------------------------------------------- */

static void address_header(struct mail_buf *b, const char *field, const char *name,
                           const char *addr)
{
    char *ph = phrase(name);
    char *v = ph ? xasprintf("%s <%s>", ph, addr) : xstrdup(addr);
    fold_header(b, field, v);
    free(v);
    free(ph);
}

static int check_all(const struct mail_out *m, char *msgid, char *reply,
                     char *err, size_t errlen)
{
    if (check_addr(m->from_addr, "From", err, errlen) != 0
        || check_addr(m->to_addr, "To", err, errlen) != 0
        || (m->cc_addr && *m->cc_addr && check_addr(m->cc_addr, "Cc", err, errlen) != 0))
        return -1;
    reply[0] = '\0';
    if (m->in_reply_to && *m->in_reply_to
        && check_id(m->in_reply_to, "In-Reply-To", reply, MAIL_ID_MAX, err, errlen) != 0)
        return -1;
    if (m->message_id)
        return check_id(m->message_id, "Message-ID", msgid, MAIL_ID_MAX, err, errlen);
    const char *domain = m->message_id_domain && *m->message_id_domain
                       ? m->message_id_domain : strchr(m->from_addr, '@') + 1;
    if (mail_message_id(domain, m->action_id, msgid, MAIL_ID_MAX) != 0)
        return refuse(err, errlen, "Message-ID", _("the domain is not a host name"));
    return 0;
}

char *mail_compose(const struct mail_out *m, char *err, size_t errlen)
{
    char msgid[MAIL_ID_MAX], reply[MAIL_ID_MAX], date[64];
    if (err && errlen)
        err[0] = '\0';
    if (!m)
        return NULL;
    if (check_all(m, msgid, reply, err, errlen) != 0)
        return NULL;
    struct mail_buf b = { 0 };
    format_date(m->date ? m->date : time_now(), date, sizeof date);
    fold_header(&b, "Date", date);
    address_header(&b, "From", m->from_name, m->from_addr);
    address_header(&b, "To", m->to_name, m->to_addr);
    if (m->cc_addr && *m->cc_addr)
        fold_header(&b, "Cc", m->cc_addr);
    char *subject = mail_encode_header_word(m->subject);
    fold_header(&b, "Subject", subject);
    free(subject);
    fold_header(&b, "Message-ID", msgid);
    if (reply[0]) {
        fold_header(&b, "In-Reply-To", reply);
        fold_header(&b, "References", reply);
    }
    char *body = clean_body(m->body);
    bool plain = plain_7bit(body);
    mail_buf_adds(&b, "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n");
    mail_buf_adds(&b, plain ? "Content-Transfer-Encoding: 7bit\n"
                            : "Content-Transfer-Encoding: quoted-printable\n");
    mail_buf_adds(&b, "X-Mailer: suivi\n\n");
    if (plain) {
        mail_buf_adds(&b, body);
        if (*body && body[strlen(body) - 1] != '\n')
            mail_buf_addc(&b, '\n');
    } else {
        char *qp = mail_qp_encode(body);
        mail_buf_adds(&b, qp);
        free(qp);
    }
    free(body);
    return mail_buf_take(&b);
}
