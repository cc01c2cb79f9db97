/* mail_charset — see mail.h: charsets, transfer encodings and encoded words, to UTF-8.
 *
 * UTF-8 and the charsets French mail really comes in (Latin-1, Latin-9, Windows-1252)
 * are decoded here by table.  iconv is asked only for the others: a minimal system may
 * lack glibc's gconv modules, and glibc maps ISO-8859-1 0x80-0x9F to C1 controls where
 * the sender meant Windows-1252 (€ ’ œ from Outlook labelled "iso-8859-1"); mail
 * readers and the WHATWG encoding standard read ISO-8859-1 as Windows-1252. */
#include "suivi/base/mail.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "mail_int.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/xalloc.h"

/* ---- buffer -------------------------------------------------------------------------- */

void mail_buf_add(struct mail_buf *b, const void *s, size_t n)
{
    if (n == 0)
        return;
    if (b->cap - b->len <= n) {                  /* keep one byte for the NUL */
        size_t cap = b->cap ? b->cap : 64;
        while (cap - b->len <= n)
            cap = cap > SIZE_MAX / 2 ? SIZE_MAX : cap * 2;
        b->p = xreallocarray(b->p, cap, 1);
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

void mail_buf_adds(struct mail_buf *b, const char *s)
{
    mail_buf_add(b, s, strlen(s));
}

void mail_buf_addc(struct mail_buf *b, char c)
{
    mail_buf_add(b, &c, 1);
}

void mail_buf_add_cp(struct mail_buf *b, uint32_t cp)
{
    unsigned char u[4];
    size_t n;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = MAIL_REPLACEMENT;
    if (cp < 0x80) {
        u[0] = (unsigned char)cp, n = 1;
    } else if (cp < 0x800) {
        u[0] = (unsigned char)(0xC0 | cp >> 6), n = 2;
    } else if (cp < 0x10000) {
        u[0] = (unsigned char)(0xE0 | cp >> 12), n = 3;
    } else {
        u[0] = (unsigned char)(0xF0 | cp >> 18), n = 4;
    }
    for (size_t i = 1; i < n; i++)
        u[i] = (unsigned char)(0x80 | ((cp >> (6 * (n - 1 - i))) & 0x3F));
    mail_buf_add(b, u, n);
}

char *mail_buf_take(struct mail_buf *b)
{
    char *p = b->p ? b->p : xmalloc(1);
    p[b->len] = '\0';
    b->p = NULL;
    b->len = b->cap = 0;
    return p;
}

/* ---- UTF-8 and single-byte tables ---------------------------------------------------- */

void mail_utf8_clean(struct mail_buf *b, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t run = i;                          /* copy valid runs in one go */
        uint32_t cp;
        size_t k;
        while (run < n && u[run] != 0 && (k = utf8_decode(u + run, n - run, &cp)) > 0)
            run += k;
        mail_buf_add(b, s + i, run - i);
        if (run < n) {
            mail_buf_add_cp(b, MAIL_REPLACEMENT);
            run++;
        }
        i = run;
    }
}

static bool valid_utf8(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t cp;
    for (size_t i = 0, k; i < n; i += k)
        if ((k = utf8_decode(u + i, n - i, &cp)) == 0)
            return false;
    return true;
}

static const uint16_t cp1252_c1[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
    0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

uint32_t mail_cp1252_c1(unsigned char c)
{
    return c >= 0x80 && c <= 0x9F ? cp1252_c1[c - 0x80] : c;
}

/* ISO-8859-15 differs from ISO-8859-1 in eight places. */
static uint32_t latin9(unsigned char c)
{
    static const struct { unsigned char c; uint16_t cp; } diff[] = {
        { 0xA4, 0x20AC }, { 0xA6, 0x0160 }, { 0xA8, 0x0161 }, { 0xB4, 0x017D },
        { 0xB8, 0x017E }, { 0xBC, 0x0152 }, { 0xBD, 0x0153 }, { 0xBE, 0x0178 },
    };
    for (size_t i = 0; i < sizeof diff / sizeof diff[0]; i++)
        if (diff[i].c == c)
            return diff[i].cp;
    return mail_cp1252_c1(c);
}

static void single_byte(struct mail_buf *b, const char *s, size_t n, bool is_latin9)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0)
            mail_buf_add_cp(b, MAIL_REPLACEMENT);
        else if (c < 0x80)
            mail_buf_addc(b, (char)c);
        else
            mail_buf_add_cp(b, is_latin9 ? latin9(c) : mail_cp1252_c1(c));
    }
}

/* ---- charset names ------------------------------------------------------------------- */

enum charset { CS_GUESS, CS_UTF8, CS_CP1252, CS_LATIN9, CS_OTHER };

static bool name_in(const char *key, const char *const *names)
{
    for (; *names; names++)
        if (strcmp(key, *names) == 0)
            return true;
    return false;
}

/* The charset a label names.  Labels are compared without case and punctuation, so
 * "ISO_8859-1", "iso-8859-1" and "ISO8859-1" are one; an RFC 2231 language suffix
 * ("utf-8*fr") is ignored. */
static enum charset charset_of(const char *label, char key[48])
{
    static const char *const guess[] = { "", "usascii", "ascii", "us", "ansix341968",
        "iso646us", "cp367", "csascii", "unknown", "unknown8bit", "xunknown", "default",
        "xuserdefined", NULL };
    static const char *const utf8[] = { "utf8", "unicode11utf8", "xunicode20utf8", NULL };
    static const char *const cp1252[] = { "iso88591", "latin1", "l1", "cp819", "ibm819",
        "iso885911987", "isoir100", "csisolatin1", "windows1252", "cp1252", "xcp1252",
        "ms1252", "ansi1252", NULL };
    static const char *const latin9[] = { "iso885915", "latin9", "l9", "csisolatin9",
        "iso8859151998", "latin0", NULL };
    size_t j = 0;
    for (const char *p = label ? label : ""; *p && *p != '*' && j < 47; p++) {
        char c = mail_lower(*p);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            key[j++] = c;
    }
    key[j] = '\0';
    if (name_in(key, guess))
        return CS_GUESS;
    if (name_in(key, utf8))
        return CS_UTF8;
    if (name_in(key, cp1252))
        return CS_CP1252;
    if (name_in(key, latin9))
        return CS_LATIN9;
    return CS_OTHER;
}

/* A label iconv may be shown: a short run of name characters, nothing else. */
static bool plausible_label(const char *label)
{
    size_t n = strlen(label);
    if (n == 0 || n > 40)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = label[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
              || c == '-' || c == '_' || c == '.' || c == ':'))
            return false;
    }
    return true;
}

/* Through iconv into b (still to be cleaned: it may hold NUL); false when iconv does
 * not know the charset.  A byte it cannot convert becomes U+FFFD and is skipped. */
static bool via_iconv(struct mail_buf *b, const char *label, const char *s, size_t n)
{
    if (!plausible_label(label))
        return false;
    iconv_t cd = iconv_open("UTF-8", label);
    if (cd == (iconv_t)-1)
        return false;
    char tmp[1024];
    char *in = (char *)s;
    size_t inleft = n;
    while (inleft > 0) {
        char *o = tmp;
        size_t oleft = sizeof tmp;
        size_t r = iconv(cd, &in, &inleft, &o, &oleft);
        mail_buf_add(b, tmp, sizeof tmp - oleft);
        if (r == (size_t)-1 && errno != E2BIG) {     /* EILSEQ, or EINVAL at the end */
            mail_buf_add_cp(b, MAIL_REPLACEMENT);
            in++, inleft--;
            iconv(cd, NULL, NULL, NULL, NULL);
        }
    }
    char *o = tmp;
    size_t oleft = sizeof tmp;
    iconv(cd, NULL, NULL, &o, &oleft);              /* the end of a stateful charset */
    mail_buf_add(b, tmp, sizeof tmp - oleft);
    iconv_close(cd);
    return true;
}

static void to_utf8(struct mail_buf *b, const char *label, const char *s, size_t n)
{
    char key[48];
    enum charset cs = charset_of(label, key);
    if (cs == CS_OTHER) {
        struct mail_buf tmp = { 0 };
        if (via_iconv(&tmp, label, s, n)) {
            mail_utf8_clean(b, tmp.p ? tmp.p : "", tmp.len);
            free(tmp.p);
            return;
        }
        cs = CS_GUESS;
    }
    if (cs == CS_GUESS)
        cs = valid_utf8(s, n) ? CS_UTF8 : CS_CP1252;
    if (cs == CS_UTF8)
        mail_utf8_clean(b, s, n);
    else
        single_byte(b, s, n, cs == CS_LATIN9);
}

char *mail_to_utf8(const char *charset, const char *s, size_t len)
{
    struct mail_buf b = { 0 };
    to_utf8(&b, charset, s ? s : "", s ? len : 0);
    return mail_buf_take(&b);
}

/* ---- transfer encodings -------------------------------------------------------------- */

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = mail_lower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static bool blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Where the line break at s[i] ends, or i when there is none there. */
static size_t skip_eol(const char *s, size_t n, size_t i)
{
    if (i < n && s[i] == '\n')
        return i + 1;
    if (i + 1 < n && s[i] == '\r' && s[i + 1] == '\n')
        return i + 2;
    return i;
}

char *mail_qp_decode(const char *s, size_t n, size_t *outlen)
{
    struct mail_buf b = { 0 };
    size_t i = 0;
    while (i < n) {
        char c = s[i];
        if (c == '=' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
            mail_buf_addc(&b, (char)(hexval(s[i + 1]) << 4 | hexval(s[i + 2])));
            i += 3;
            continue;
        }
        if (c == '=' || blank(c)) {
            size_t j = i + 1;                        /* blanks up to a line break: */
            while (j < n && blank(s[j]))             /* added in transport, dropped */
                j++;
            size_t e = skip_eol(s, n, j);
            if (e > j || j == n) {
                if (c == '=')                        /* "=" then the break: soft break */
                    i = e;
                else
                    i = j;
                continue;
            }
        }
        mail_buf_addc(&b, c);                        /* a stray '=' is kept as it is */
        i++;
    }
    if (outlen)
        *outlen = b.len;
    return mail_buf_take(&b);
}

static int b64val(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* Bytes of a group of k (2..4) sextets; a lone sextet carries no whole byte. */
static void b64_flush(struct mail_buf *b, const int v[4], int k)
{
    unsigned char o[3] = {
        (unsigned char)(v[0] << 2 | v[1] >> 4),
        (unsigned char)((v[1] & 0x0F) << 4 | v[2] >> 2),
        (unsigned char)((v[2] & 0x03) << 6 | v[3]),
    };
    if (k >= 2)
        mail_buf_add(b, o, (size_t)k - 1);
}

char *mail_base64_decode(const char *s, size_t n, size_t *outlen)
{
    struct mail_buf b = { 0 };
    int v[4] = { 0 }, k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '=') {                           /* padding closes a group: some */
            b64_flush(&b, v, k);                     /* mailers join padded chunks */
            memset(v, 0, sizeof v), k = 0;
            continue;
        }
        int x = b64val(s[i]);
        if (x < 0)                                   /* line breaks and junk */
            continue;
        v[k++] = x;
        if (k == 4) {
            b64_flush(&b, v, 4);
            memset(v, 0, sizeof v), k = 0;
        }
    }
    b64_flush(&b, v, k);                             /* truncated input: what is whole */
    if (outlen)
        *outlen = b.len;
    return mail_buf_take(&b);
}

/* ---- RFC 2047 encoded words ---------------------------------------------------------- */

/* RFC 2047 "Q": quoted-printable where '_' is a space and there are no soft breaks. */
static void q_decode(struct mail_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '_') {
            mail_buf_addc(b, ' ');
        } else if (s[i] == '=' && i + 2 < n && hexval(s[i + 1]) >= 0
                   && hexval(s[i + 2]) >= 0) {
            mail_buf_addc(b, (char)(hexval(s[i + 1]) << 4 | hexval(s[i + 2])));
            i += 2;
        } else {
            mail_buf_addc(b, s[i]);
        }
    }
}

struct eword {
    const char *charset, *text;
    size_t cslen, textlen, len;                      /* len: the whole "=?…?=" */
    char enc;                                        /* 'b' or 'q' */
};

/* An encoded word "=?charset?B|Q?text?=" at s, or false.  The text may not hold
 * "=?" (a broken word must not swallow the next one); long words are tolerated. */
static bool eword_at(const char *s, size_t n, struct eword *w)
{
    if (n < 8 || s[0] != '=' || s[1] != '?')
        return false;
    size_t i = 2;
    while (i < n && i < 70 && s[i] != '?' && !blank(s[i]))
        i++;
    if (i == 2 || i + 2 >= n || s[i] != '?' || s[i + 2] != '?')
        return false;
    w->charset = s + 2, w->cslen = i - 2;
    w->enc = mail_lower(s[i + 1]);
    if (w->enc != 'b' && w->enc != 'q')
        return false;
    size_t t = i + 3, j = t;
    size_t limit = n - t > 2000 ? t + 2000 : n;
    for (;; j++) {
        if (j + 1 >= limit)
            return false;
        if (s[j] == '?' && s[j + 1] == '=')
            break;
        if (s[j] == '=' && s[j + 1] == '?' && !(j + 2 < n && s[j + 2] == '='))
            return false;                            /* "=?=": base64 padding, then the end */
    }
    w->text = s + t, w->textlen = j - t, w->len = j + 2;
    return true;
}

/* Blanks between words; a value handed over still folded has CR LF among them. */
static bool lws(char c)
{
    return blank(c) || c == '\r' || c == '\n';
}

/* Bytes of adjacent encoded words in one charset are decoded together: senders do
 * split a multibyte character, or a base64 group, across two words. */
struct pending {
    struct mail_buf raw;
    char charset[48];
};

static void pending_flush(struct mail_buf *out, struct pending *pd)
{
    if (pd->raw.len)
        to_utf8(out, pd->charset, pd->raw.p, pd->raw.len);
    pd->raw.len = 0;
    pd->charset[0] = '\0';
}

static void pending_add(struct mail_buf *out, struct pending *pd, const struct eword *w)
{
    char cs[48];                                     /* lower case: "UTF-8" = "utf-8" */
    size_t n = w->cslen < sizeof cs - 1 ? w->cslen : sizeof cs - 1;
    for (size_t i = 0; i < n; i++)
        cs[i] = mail_lower(w->charset[i]);
    cs[n] = '\0';
    if (pd->raw.len && strcmp(cs, pd->charset) != 0)
        pending_flush(out, pd);
    memcpy(pd->charset, cs, n + 1);
    if (w->enc == 'q') {
        q_decode(&pd->raw, w->text, w->textlen);
    } else {
        size_t len;
        char *d = mail_base64_decode(w->text, w->textlen, &len);
        mail_buf_add(&pd->raw, d, len);
        free(d);
    }
}

char *mail_decode_header(const char *value)
{
    struct mail_buf out = { 0 };
    struct pending pd = { .raw = { 0 } };
    const char *s = value ? value : "";
    size_t n = strlen(s), i = 0;
    bool after_word = false;
    while (i < n) {
        struct eword w;
        size_t j = i;
        while (j < n && lws(s[j]))
            j++;
        if (after_word && j > i && j < n && eword_at(s + j, n - j, &w)) {
            i = j;                                   /* blanks between two words go */
            continue;
        }
        if (eword_at(s + i, n - i, &w)) {
            pending_add(&out, &pd, &w);
            i += w.len;
            after_word = true;
            continue;
        }
        pending_flush(&out, &pd);
        size_t k = j;                                /* a run of blanks, or plain text */
        if (k == i)                                  /* up to a blank or a "=?" */
            for (k = i + 1; k < n && !lws(s[k]) && !(s[k] == '=' && s[k + 1] == '?'); k++)
                ;
        to_utf8(&out, NULL, s + i, k - i);
        after_word = false;
        i = k;
    }
    pending_flush(&out, &pd);
    free(pd.raw.p);
    return mail_buf_take(&out);
}
