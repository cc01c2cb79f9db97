/* sanitize — see sanitize.h.
 *
 * Input is cut into "pieces": one source character (or one invalid byte) and what
 * it becomes on screen, with its width.  A piece is never split, so a caret pair
 * such as "^[" or a double-width character is kept or dropped whole when fitting.
 *
 * In a UTF-8 locale characters are decoded with mbrtowc and measured with wcwidth.
 * In any other locale the output is plain ASCII: we decode UTF-8 ourselves (the
 * database always holds UTF-8), spell Latin letters without accents and show
 * everything else as '?'.  fold_for_search uses the same Latin table but never the
 * locale, so sort keys are the same whatever LC_ALL says. */
#include "suivi/base/sanitize.h"

#include <langinfo.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "suivi/base/xalloc.h"

#define REPLACEMENT_CHAR 0xFFFD
#define ELLIPSIS         0x2026
#define TAB_STOP         8
#define PIECE_MAX        8       /* a TAB at column 0 expands to 8 spaces */
#define NOT_A_CHAR       UINT32_MAX

struct piece {
    wchar_t wc[PIECE_MAX];
    int n;       /* wide characters in wc */
    int width;   /* columns */
};

struct cursor {
    const char *s;
    size_t left;          /* bytes left before the NUL */
    mbstate_t st;
    bool utf8;            /* locale is UTF-8: emit Unicode; else ASCII only */
    enum san_mode mode;
    int col;              /* column in the current line, for tab stops */
};

bool san_locale_is_utf8(void)
{
    /* Not cached: cheap, and always right even if setlocale is called later. */
    if (MB_CUR_MAX <= 1)
        return false;
    const char *cs = nl_langinfo(CODESET);
    return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

/* Strict UTF-8: the length (1..4) of the sequence at s and its code point, or 0
 * when s does not start a valid one (stray continuation, truncated sequence,
 * overlong form, surrogate, beyond U+10FFFF). */
size_t utf8_decode(const unsigned char *s, size_t left, uint32_t *cp)
{
    unsigned c = s[0];
    size_t n;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2, v = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3, v = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (left < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return n;
}

/* ---- Latin letters spelt in ASCII (case kept) ---- */

/* '*' = see latin_special, '.' = no ASCII spelling. */
static const char latin1_base[] =
    "AAAAAA*CEEEEIIII" "DNOOOOO.OUUUUY**" "aaaaaa*ceeeeiiii" "dnooooo.ouuuuy*y";
static const char latin_ext_a_base[] =
    "AaAaAaCcCcCcCcDd" "DdEeEeEeEeEeGgGg" "GgGgHhHhIiIiIiIi" "Ii**JjKkkLlLlLlL"
    "lLlNnNnNnnNnOoOo" "Oo**RrRrRrSsSsSs" "SsTtTtTtUuUuUuUu" "UuUuWwYyYZzZzZzs";

static const struct { uint32_t cp; const char *ascii; } latin_special[] = {
    { 0x00A0, " " },  { 0x00AB, "\"" }, { 0x00BB, "\"" }, { 0x00C6, "AE" },
    { 0x00DE, "TH" }, { 0x00DF, "ss" }, { 0x00E6, "ae" }, { 0x00FE, "th" },
    { 0x0132, "IJ" }, { 0x0133, "ij" }, { 0x0152, "OE" }, { 0x0153, "oe" },
    { 0x1E9E, "SS" }, { 0x2010, "-" },  { 0x2011, "-" },  { 0x2013, "-" },
    { 0x2014, "-" },  { 0x2018, "'" },  { 0x2019, "'" },  { 0x201C, "\"" },
    { 0x201D, "\"" }, { 0x202F, " " },  { 0xFB00, "ff" }, { 0xFB01, "fi" },
    { 0xFB02, "fl" }, { 0xFB03, "ffi" }, { 0xFB04, "ffl" }, { 0xFB06, "st" },
};

/* ASCII spelling of a Latin letter or common typographic sign (e.g. U+0153 -> "oe",
 * U+00C9 -> "E", U+2019 -> "'"), or NULL.  Writes into buf (>= 2 bytes) when needed. */
static const char *latin_ascii(uint32_t cp, char buf[2])
{
    char base = '.';
    if (cp >= 0xC0 && cp <= 0xFF)
        base = latin1_base[cp - 0xC0];
    else if (cp >= 0x100 && cp <= 0x17F)
        base = latin_ext_a_base[cp - 0x100];
    if (base != '.' && base != '*') {
        buf[0] = base;
        buf[1] = '\0';
        return buf;
    }
    for (size_t i = 0; i < sizeof latin_special / sizeof latin_special[0]; i++)
        if (latin_special[i].cp == cp)
            return latin_special[i].ascii;
    return NULL;
}

static bool is_combining_diacritic(uint32_t cp)
{
    return cp >= 0x0300 && cp <= 0x036F;
}

/* Characters that are printable to wcwidth but reorder or break the line, and the
 * invisible ones (zero width space, word joiner, BOM…) that would let two names
 * look identical on screen ("Plœmeur" and "Plœ<U+200B>meur"). ZWJ/ZWNJ stay: they
 * shape emoji and some scripts. */
static bool is_hidden_control(uint32_t cp)
{
    return (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E)
        || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F
        || cp == 0x061C || cp == 0x2028 || cp == 0x2029
        || cp == 0x200B || (cp >= 0x2060 && cp <= 0x2064) || cp == 0xFEFF;
}

/* ---- pieces ---- */

static void cursor_init(struct cursor *c, const char *src, enum san_mode mode)
{
    c->s = src ? src : "";
    c->left = strlen(c->s);
    memset(&c->st, 0, sizeof c->st);
    c->utf8 = san_locale_is_utf8();
    c->mode = mode;
    c->col = 0;
}

/* Decode one character at the cursor; NOT_A_CHAR for an invalid byte (consumed alone). */
static uint32_t take_char(struct cursor *c)
{
    uint32_t cp = NOT_A_CHAR;
    size_t used = 0;
    if (c->utf8) {
        wchar_t wc;
        size_t r = mbrtowc(&wc, c->s, c->left, &c->st);
        /* glibc accepts some values Unicode does not (e.g. F4 90 80 80 = U+110000). */
        if (r != (size_t)-1 && r != (size_t)-2 && r != 0 && (uint32_t)wc <= 0x10FFFF
            && !((uint32_t)wc >= 0xD800 && (uint32_t)wc <= 0xDFFF)) {
            cp = (uint32_t)wc;
            used = r;
        } else {
            memset(&c->st, 0, sizeof c->st);
        }
    } else {
        used = utf8_decode((const unsigned char *)c->s, c->left, &cp);
    }
    if (used == 0) {
        cp = NOT_A_CHAR;
        used = 1;        /* each bad byte becomes one placeholder */
    }
    c->s += used;
    c->left -= used;
    return cp;
}

static void put(struct piece *p, uint32_t cp, int width)
{
    p->wc[p->n++] = (wchar_t)cp;
    p->width += width;
}

static void put_placeholder(struct piece *p, bool utf8)
{
    put(p, utf8 ? REPLACEMENT_CHAR : '?', 1);
}

/* A non-ASCII character in an ASCII-only locale. */
static void put_ascii_spelling(struct piece *p, uint32_t cp)
{
    char buf[2];
    const char *a = latin_ascii(cp, buf);
    if (is_combining_diacritic(cp))
        return;                          /* the base letter is already shown */
    if (!a) {
        put(p, '?', 1);
        return;
    }
    for (; *a; a++)
        put(p, (unsigned char)*a, 1);
}

static void next_piece(struct cursor *c, struct piece *p)
{
    p->n = 0;
    p->width = 0;
    uint32_t cp = take_char(c);
    if (cp == NOT_A_CHAR) {
        put_placeholder(p, c->utf8);
    } else if (cp == '\t') {
        for (int k = TAB_STOP - c->col % TAB_STOP; k > 0; k--)
            put(p, ' ', 1);
    } else if (cp == '\n' && c->mode == SAN_MULTILINE) {
        put(p, '\n', 0);
        c->col = 0;
        return;
    } else if (cp == '\r' && c->mode == SAN_MULTILINE && c->left && c->s[0] == '\n') {
        /* CR of a CRLF pair: the line break that follows says it all. */
    } else if (cp < 0x20 || cp == 0x7F) {
        put(p, '^', 1);
        put(p, cp == 0x7F ? '?' : cp + 0x40, 1);
    } else if (cp < 0x7F) {
        put(p, cp, 1);
    } else if (!c->utf8) {
        put_ascii_spelling(p, cp);
    } else {
        int w = is_hidden_control(cp) ? -1 : wcwidth((wchar_t)cp);
        if (w < 0)
            put_placeholder(p, true);
        else
            put(p, cp, w);
    }
    c->col += p->width;
}

/* ---- public ---- */

void san_text_make(struct san_text *out, const char *src, enum san_mode mode)
{
    struct cursor c;
    cursor_init(&c, src, mode);
    size_t cap = c.left + PIECE_MAX + 1, len = 0;
    wchar_t *w = xreallocarray(NULL, cap, sizeof *w);
    int line = 0, widest = 0;
    while (c.left) {
        struct piece p;
        next_piece(&c, &p);
        if (len + (size_t)p.n + 1 > cap) {
            cap = cap * 2 + PIECE_MAX;
            w = xreallocarray(w, cap, sizeof *w);
        }
        wmemcpy(w + len, p.wc, (size_t)p.n);
        len += (size_t)p.n;
        if (p.n == 1 && p.wc[0] == L'\n') {
            line = 0;
            continue;
        }
        line += p.width;
        if (line > widest)
            widest = line;
    }
    w[len] = L'\0';
    out->wcs = w;
    out->len = len;
    out->width = widest;
}

void san_text_free(struct san_text *t)
{
    if (!t)
        return;
    free(t->wcs);
    t->wcs = NULL;
    t->len = 0;
    t->width = 0;
}

int san_fit(const char *src, int cols, bool ascii, wchar_t *dst, size_t dstcap)
{
    if (!dst || dstcap == 0)
        return 0;
    dst[0] = L'\0';
    if (cols <= 0 || dstcap < 2)
        return 0;
    struct cursor c;
    cursor_init(&c, src, SAN_LINE);
    /* keep_*: the longest prefix that still leaves room for the mark. */
    size_t len = 0, keep_len = 0;
    int used = 0, keep_used = 0;
    while (c.left) {
        struct piece p;
        next_piece(&c, &p);
        if (used + p.width > cols || len + (size_t)p.n + 1 > dstcap) {
            dst[keep_len] = (ascii || !c.utf8) ? L'~' : (wchar_t)ELLIPSIS;
            dst[keep_len + 1] = L'\0';
            return keep_used + 1;
        }
        wmemcpy(dst + len, p.wc, (size_t)p.n);
        len += (size_t)p.n;
        used += p.width;
        if (used <= cols - 1 && len + 2 <= dstcap) {
            keep_len = len;
            keep_used = used;
        }
    }
    dst[len] = L'\0';
    return used;
}

size_t san_wcs_to_mb(const wchar_t *w, char *out, size_t outcap)
{
    if (!out || outcap == 0)
        return 0;
    size_t o = 0;
    mbstate_t st;
    memset(&st, 0, sizeof st);
    for (size_t i = 0; w && w[i]; i++) {
        char mb[MB_LEN_MAX];
        size_t k = wcrtomb(mb, w[i], &st);
        if (k == (size_t)-1) {
            mb[0] = '?';
            k = 1;
            memset(&st, 0, sizeof st);
        }
        if (o + k >= outcap)
            break;
        memcpy(out + o, mb, k);
        o += k;
    }
    out[o] = '\0';
    return o;
}

char *san_line_dup(const char *src)
{
    struct san_text t;
    san_text_make(&t, src, SAN_LINE);
    size_t cap = t.len * MB_LEN_MAX + 1;
    char *out = xmalloc(cap);
    san_wcs_to_mb(t.wcs, out, cap);
    san_text_free(&t);
    return out;
}

int san_width(const char *src)
{
    struct cursor c;
    cursor_init(&c, src, SAN_LINE);
    int width = 0;
    while (c.left) {
        struct piece p;
        next_piece(&c, &p);
        width += p.width;
    }
    return width;
}

char *fold_for_search(const char *src)
{
    if (!src)
        src = "";
    size_t n = strlen(src);
    /* Never longer than the input: each mapping is at most as long as its UTF-8 form. */
    char *out = xmalloc(n + 1), *o = out;
    const unsigned char *s = (const unsigned char *)src;
    while (n) {
        uint32_t cp;
        size_t used = utf8_decode(s, n, &cp);
        char buf[2];
        const char *a = used > 1 ? latin_ascii(cp, buf) : NULL;
        if (used == 0) {
            *o++ = (char)*s;          /* invalid byte: kept, so keys stay distinct */
            used = 1;
        } else if (used == 1) {
            *o++ = (char)(*s >= 'A' && *s <= 'Z' ? *s + ('a' - 'A') : *s);
        } else if (is_combining_diacritic(cp)) {
            /* decomposed accent (NFD): dropped */
        } else if (a) {
            for (; *a; a++)
                *o++ = (char)(*a >= 'A' && *a <= 'Z' ? *a + ('a' - 'A') : *a);
        } else {
            memcpy(o, s, used);
            o += used;
        }
        s += used;
        n -= used;
    }
    *o = '\0';
    return out;
}
