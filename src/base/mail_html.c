/* mail_html — see mail.h: the text of an HTML-only mail.
 *
 * Not an HTML parser: a single pass that drops what is never read (head, style,
 * script), turns block boundaries into line breaks and everything else into running
 * text, as a reader would see it.  Every search looks forward once and remembers a
 * failure, so that hostile input ("<<<<…", an unclosed <head>) stays linear. */
#include "suivi/base/mail.h"

#include <stdlib.h>
#include <string.h>

#include "mail_int.h"

#define NONE        ((size_t)-1)
#define QUOTE_SPAN  8192    /* a quoted attribute longer than this is a broken tag */

struct html {
    const char *s;
    size_t n, i;
    struct mail_buf out;
    bool space;             /* a collapsed blank is owed before the next text */
    bool pre;               /* inside <pre>: blanks and breaks are kept */
    bool no_gt;             /* no '>' after i: every '<' from here is text */
    bool no_head_end;       /* neither </head> nor <body> after i */
};

static bool html_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static char last_out(const struct html *h)
{
    return h->out.len ? h->out.p[h->out.len - 1] : '\n';
}

static void emit(struct html *h, const char *s, size_t n)
{
    if (h->space && last_out(h) != '\n' && last_out(h) != ' ')
        mail_buf_addc(&h->out, ' ');
    h->space = false;
    mail_buf_add(&h->out, s, n);
}

/* A line break; a soft one only ends a line that has text. */
static void line_break(struct html *h, bool hard)
{
    if (hard || last_out(h) != '\n')
        mail_buf_addc(&h->out, '\n');
    h->space = false;
}

/* Where needle (lower case) next starts at or after from, without case; or NONE. */
static size_t find_ci(const struct html *h, size_t from, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = from; i + k <= h->n; i++)
        if (mail_lower(h->s[i]) == needle[0] && mail_has_prefix_ci(h->s + i, k, needle))
            return i;
    return NONE;
}

/* ---- entities ------------------------------------------------------------------------ */

static const struct { const char *name; uint16_t cp; } entities[] = {
    { "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' }, { "apos", '\'' },
    { "nbsp", ' ' }, { "ensp", ' ' }, { "emsp", ' ' }, { "thinsp", ' ' }, { "shy", 0 },
    { "zwnj", 0 }, { "zwj", 0 },
    { "eacute", 0xE9 }, { "Eacute", 0xC9 }, { "egrave", 0xE8 }, { "Egrave", 0xC8 },
    { "ecirc", 0xEA }, { "Ecirc", 0xCA }, { "euml", 0xEB }, { "Euml", 0xCB },
    { "agrave", 0xE0 }, { "Agrave", 0xC0 }, { "acirc", 0xE2 }, { "Acirc", 0xC2 },
    { "auml", 0xE4 }, { "Auml", 0xC4 }, { "aacute", 0xE1 }, { "Aacute", 0xC1 },
    { "atilde", 0xE3 }, { "aring", 0xE5 }, { "ccedil", 0xE7 }, { "Ccedil", 0xC7 },
    { "icirc", 0xEE }, { "Icirc", 0xCE }, { "iuml", 0xEF }, { "Iuml", 0xCF },
    { "iacute", 0xED }, { "igrave", 0xEC }, { "ocirc", 0xF4 }, { "Ocirc", 0xD4 },
    { "ouml", 0xF6 }, { "Ouml", 0xD6 }, { "oacute", 0xF3 }, { "ograve", 0xF2 },
    { "otilde", 0xF5 }, { "oslash", 0xF8 }, { "ucirc", 0xFB }, { "Ucirc", 0xDB },
    { "ugrave", 0xF9 }, { "Ugrave", 0xD9 }, { "uuml", 0xFC }, { "Uuml", 0xDC },
    { "uacute", 0xFA }, { "yuml", 0xFF }, { "Yuml", 0x178 }, { "ntilde", 0xF1 },
    { "Ntilde", 0xD1 }, { "szlig", 0xDF }, { "oelig", 0x153 }, { "OElig", 0x152 },
    { "aelig", 0xE6 }, { "AElig", 0xC6 }, { "euro", 0x20AC }, { "rsquo", 0x2019 },
    { "lsquo", 0x2018 }, { "rdquo", 0x201D }, { "ldquo", 0x201C }, { "sbquo", 0x201A },
    { "bdquo", 0x201E }, { "laquo", 0xAB }, { "raquo", 0xBB }, { "hellip", 0x2026 },
    { "ndash", 0x2013 }, { "mdash", 0x2014 }, { "bull", 0x2022 }, { "middot", 0xB7 },
    { "copy", 0xA9 }, { "reg", 0xAE }, { "trade", 0x2122 }, { "deg", 0xB0 },
    { "sect", 0xA7 }, { "para", 0xB6 }, { "times", 0xD7 }, { "divide", 0xF7 },
    { "iexcl", 0xA1 }, { "iquest", 0xBF }, { "cent", 0xA2 }, { "pound", 0xA3 },
    { "yen", 0xA5 }, { "ordm", 0xBA }, { "ordf", 0xAA }, { "sup2", 0xB2 },
    { "frac12", 0xBD }, { "micro", 0xB5 }, { "plusmn", 0xB1 },
};

static void emit_cp(struct html *h, uint32_t cp)
{
    struct mail_buf b = { 0 };
    if (cp == 0)                                     /* &shy; and the joiners: nothing */
        return;
    mail_buf_add_cp(&b, cp);
    emit(h, b.p, b.len);
    free(b.p);
}

/* &#233; &#xE9; (the ';' may be missing), or a named entity with its ';'. */
static bool entity(struct html *h)
{
    const char *s = h->s;
    size_t i = h->i + 1, n = h->n;
    uint32_t cp;
    if (i < n && s[i] == '#') {
        bool hex = i + 1 < n && (s[i + 1] == 'x' || s[i + 1] == 'X');
        i += hex ? 2 : 1;
        size_t start = i;
        cp = 0;
        for (; i < n && i - start < 8; i++) {       /* 8 digits: no overflow */
            char c = mail_lower(s[i]);
            int d = c >= '0' && c <= '9' ? c - '0'
                  : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (d < 0)
                break;
            cp = cp * (hex ? 16 : 10) + (uint32_t)d;
        }
        if (i == start)
            return false;
        if (i < n && s[i] == ';')
            i++;
        if (cp == 0xA0)                              /* as &nbsp; */
            cp = ' ';
        else if (cp >= 0x80 && cp <= 0x9F)           /* HTML5: these mean Windows-1252 */
            cp = mail_cp1252_c1((unsigned char)cp);
        else if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            cp = MAIL_REPLACEMENT;
    } else {
        size_t start = i;
        while (i < n && i - start < 10 && alnum(s[i]))
            i++;
        if (i == start || i >= n || s[i] != ';')
            return false;
        size_t k = 0, count = sizeof entities / sizeof entities[0];
        while (k < count && !(strlen(entities[k].name) == i - start
                              && memcmp(entities[k].name, s + start, i - start) == 0))
            k++;
        if (k == count)
            return false;
        cp = entities[k].cp;
        i++;
    }
    h->i = i;
    emit_cp(h, cp);
    return true;
}

/* ---- tags ---------------------------------------------------------------------------- */

/* The '>' that ends the tag begun before i: quoted attribute values may hold one. */
static size_t tag_end(const struct html *h, size_t i)
{
    char quote = 0, prev = 0;
    for (size_t j = i; j < h->n && j < i + QUOTE_SPAN; j++) {
        char c = h->s[j];
        if (quote) {
            quote = c == quote ? 0 : quote;
        } else if ((c == '"' || c == '\'') && prev == '=') {
            quote = c;
        } else if (c == '>') {
            return j;
        }
        if (!html_space(c))
            prev = c;
    }
    const char *gt = memchr(h->s + i, '>', h->n - i);   /* unbalanced quote: the next */
    return gt ? (size_t)(gt - h->s) : NONE;              /* '>' then */
}

/* Skip to the '>' of the </name> that closes this element, or to the end. */
static void skip_element(struct html *h, const char *name)
{
    char close[20] = "</";
    strncat(close, name, sizeof close - 3);
    size_t at = find_ci(h, h->i, close);
    const char *gt = at == NONE ? NULL : memchr(h->s + at, '>', h->n - at);
    h->i = gt ? (size_t)(gt - h->s) + 1 : h->n;
}

/* Skip the head up to </head>, or to <body> when it is not closed. */
static void skip_head(struct html *h)
{
    if (h->no_head_end)
        return;
    size_t at = find_ci(h, h->i, "</head");
    if (at == NONE)
        at = find_ci(h, h->i, "<body");
    if (at == NONE)
        h->no_head_end = true;
    else
        h->i = at;
}

static bool name_in(const char *name, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(name, *list) == 0)
            return true;
    return false;
}

static void act(struct html *h, const char *name, bool close)
{
    static const char *const blocks[] = { "p", "div", "tr", "table", "ul", "ol", "h1", "h2",
        "h3", "h4", "h5", "h6", "blockquote", "hr", "dl", "dt", "dd", "center", "section",
        "article", "header", "footer", "address", "form", "fieldset", "nav", "main",
        "aside", "figure", "caption", "thead", "tbody", "tfoot", "body", NULL };
    static const char *const hidden[] = { "style", "script", "title", "xml", "template",
        "svg", NULL };
    if (strcmp(name, "br") == 0) {
        line_break(h, true);
    } else if (strcmp(name, "li") == 0) {
        line_break(h, false);
        if (!close)
            mail_buf_adds(&h->out, "- ");
    } else if (strcmp(name, "pre") == 0) {
        line_break(h, false);
        h->pre = !close;
    } else if (name_in(name, blocks)) {
        line_break(h, false);
    } else if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0) {
        h->space |= close;                            /* cells apart on their row */
    } else if (!close && strcmp(name, "head") == 0) {
        skip_head(h);
    } else if (!close && name_in(name, hidden)) {
        skip_element(h, name);
    }
}

/* A tag, comment or declaration at h->i ('<'): acted on and skipped.  False when the
 * '<' is text ("a < b", or no '>' anywhere after it). */
static bool tag(struct html *h)
{
    const char *s = h->s;
    size_t i = h->i + 1, n = h->n;
    if (i < n && s[i] == '!') {
        size_t end = NONE;
        if (i + 2 < n && s[i + 1] == '-' && s[i + 2] == '-') {
            end = find_ci(h, i + 3, "-->");
            end = end == NONE ? n : end + 3;
        } else {
            const char *gt = memchr(s + i, '>', n - i);
            end = gt ? (size_t)(gt - s) + 1 : n;
        }
        h->i = end;
        return true;
    }
    bool close = i < n && s[i] == '/';
    i += close;
    if (i >= n || !(alnum(s[i]) || s[i] == '?') || (s[i] >= '0' && s[i] <= '9'))
        return false;
    char name[16];
    size_t k = 0;
    for (; i < n && alnum(s[i]); i++)
        if (k + 1 < sizeof name)
            name[k++] = mail_lower(s[i]);
    name[k] = '\0';
    size_t gt = tag_end(h, i);
    if (gt == NONE) {
        h->no_gt = true;
        return false;
    }
    h->i = gt + 1;
    act(h, name, close);
    return true;
}

/* ---- the text ------------------------------------------------------------------------ */

/* Trailing blanks cut, runs of blank lines as one, none at either end. */
static char *finish(struct mail_buf *raw)
{
    struct mail_buf b = { 0 };
    char *t = mail_buf_take(raw);
    bool blank_owed = false;
    for (const char *p = t; *p;) {
        size_t n = strcspn(p, "\n"), k = n;
        while (k && (p[k - 1] == ' ' || p[k - 1] == '\t'))
            k--;
        if (k == 0) {
            blank_owed = b.len > 0;
        } else {
            if (blank_owed)
                mail_buf_addc(&b, '\n');
            blank_owed = false;
            mail_buf_add(&b, p, k);
            mail_buf_addc(&b, '\n');
        }
        p += n + (p[n] == '\n');
    }
    free(t);
    return mail_buf_take(&b);
}

char *mail_html_to_text(const char *html, size_t len)
{
    struct html h = { .s = html ? html : "", .n = html ? len : 0 };
    while (h.i < h.n) {
        char c = h.s[h.i];
        if (c == '<' && !h.no_gt && tag(&h))
            continue;
        if (c == '&' && entity(&h))
            continue;
        h.i++;
        if (!html_space(c) && c != '\0')
            emit(&h, &c, 1);
        else if (!h.pre)
            h.space = true;
        else if (c == '\n')
            line_break(&h, true);
        else if (c != '\r')
            emit(&h, " ", 1);
    }
    return finish(&h.out);
}
