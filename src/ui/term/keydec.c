/* keydec — see keydec.h.
 *
 * Decoding is one pure step, parse(): it looks at the undecoded bytes and tells what
 * the first item is (a key, a sequence to swallow, a paste marker) and how many bytes
 * it takes, or that it is unfinished.  keydec_next applies the steps, and
 * keydec_timeout_ms asks the same step whether something is unfinished, so the two
 * cannot disagree.  `final` tells parse that the bytes it sees are all there will be
 * (keydec_flush was called): then nothing is unfinished. */
#include "suivi/ui/keydec.h"

#include <curses.h>
#include <langinfo.h>
#include <string.h>
#include <wchar.h>

#define ESC 0x1b
#define PASTE_START 200          /* ESC [ 200 ~ */
#define PASTE_END   201          /* ESC [ 201 ~ */

enum step {
    ST_MORE,                     /* unfinished: wait for more bytes */
    ST_KEY,                      /* a key for the caller */
    ST_UNKNOWN,                  /* a well-formed sequence that is no key */
    ST_DROP,                     /* a malformed or unfinished sequence */
    ST_PASTE_ON, ST_PASTE_OFF,   /* bracketed-paste markers */
    ST_SKIP                      /* the LF of a pasted CR LF */
};

/* Final bytes of CSI (ESC [ A, ESC [ 1 ; 5 A) and SS3 (ESC O A) keys: arrows in both
 * cursor-key modes, xterm Home/End, F1-F4 (ESC O P, ESC [ 1 ; 2 P), Shift-Tab, and
 * rxvt's shifted (ESC [ a) and control (ESC O a) arrows, reported unmodified. */
static const struct { unsigned char final; int code; } letters[] = {
    {'A', KEY_UP}, {'B', KEY_DOWN}, {'C', KEY_RIGHT}, {'D', KEY_LEFT},
    {'a', KEY_UP}, {'b', KEY_DOWN}, {'c', KEY_RIGHT}, {'d', KEY_LEFT},
    {'H', KEY_HOME}, {'F', KEY_END}, {'Z', KEY_BTAB},
    {'P', KEY_F(1)}, {'Q', KEY_F(2)}, {'R', KEY_F(3)}, {'S', KEY_F(4)},
};

/* ESC [ N ~ : vt220 and PuTTY 1-6 (Home/Find, Insert, Delete, End/Select, PgUp,
 * PgDn), rxvt 7 and 8, the F keys.  rxvt ends them with $ ^ @ for its modifiers. */
static const int tilde[] = {
    [1] = KEY_HOME, [2] = KEY_IC, [3] = KEY_DC, [4] = KEY_END,
    [5] = KEY_PPAGE, [6] = KEY_NPAGE, [7] = KEY_HOME, [8] = KEY_END,
    [11] = KEY_F(1), [12] = KEY_F(2), [13] = KEY_F(3), [14] = KEY_F(4),
    [15] = KEY_F(5), [17] = KEY_F(6), [18] = KEY_F(7), [19] = KEY_F(8),
    [20] = KEY_F(9), [21] = KEY_F(10), [23] = KEY_F(11), [24] = KEY_F(12),
};

/* The keypad in application mode sends ESC O j .. ESC O y for these characters. */
static const char keypad_chars[] = "*+,-./0123456789";

static enum step put(struct key *k, enum key_kind kind, int code)
{
    k->kind = kind;
    k->code = code;
    return ST_KEY;
}

static bool is_param(unsigned char c) { return c >= 0x30 && c <= 0x3F; }
static bool is_inter(unsigned char c) { return c >= 0x20 && c <= 0x2F; }
static bool is_final(unsigned char c) { return c >= 0x40 && c <= 0x7E; }

/* Lead bytes of strict UTF-8 (Unicode table 3-7): how many continuation bytes
 * follow, and the range of the first one, narrowed to exclude overlongs (E0, F0),
 * surrogates (ED) and values above U+10FFFF (F4).  Any other lead is bad alone:
 * a stray continuation or C1 byte, C0 and C1 (always overlong), F5-FF. */
static const struct { unsigned char first, last, more, lo, hi; } utf8_leads[] = {
    {0xC2, 0xDF, 1, 0x80, 0xBF}, {0xE0, 0xE0, 2, 0xA0, 0xBF}, {0xE1, 0xEC, 2, 0x80, 0xBF},
    {0xED, 0xED, 2, 0x80, 0x9F}, {0xEE, 0xEF, 2, 0x80, 0xBF}, {0xF0, 0xF0, 3, 0x90, 0xBF},
    {0xF1, 0xF3, 3, 0x80, 0xBF}, {0xF4, 0xF4, 3, 0x80, 0x8F},
};

/* Returns the length of the character at b, 0 if the bytes are a valid start that
 * needs more, or -(length of the longest valid start) so that decoding resumes at
 * the byte that broke it (as Unicode and WHATWG decoders count bad bytes). */
static int utf8_char(const unsigned char *b, size_t lim, long *wc)
{
    size_t t = 0, nt = sizeof utf8_leads / sizeof utf8_leads[0];
    while (t < nt && b[0] > utf8_leads[t].last)
        t++;
    if (t == nt || b[0] < utf8_leads[t].first)
        return -1;
    int more = utf8_leads[t].more;
    unsigned char lo = utf8_leads[t].lo, hi = utf8_leads[t].hi;
    long v = b[0] & (0x3F >> more);
    for (int i = 1; i <= more; i++) {
        if ((size_t)i >= lim)
            return 0;
        if (b[i] < lo || b[i] > hi)
            return -i;
        v = v << 6 | (b[i] & 0x3F);
        lo = 0x80;
        hi = 0xBF;
    }
    *wc = v;
    return more + 1;
}

/* The character at b in the locale's encoding, same results as utf8_char.  A fresh
 * state each time: terminals send no shift states, and parse stays pure. */
static int locale_char(const unsigned char *b, size_t lim, long *wc)
{
    mbstate_t st;
    wchar_t w = 0;
    size_t n = lim < 8 ? lim : 8;
    memset(&st, 0, sizeof st);
    size_t r = mbrtowc(&w, (const char *)b, n, &st);
    if (r == (size_t)-2)
        return n < 8 ? 0 : -1;
    if (r == (size_t)-1 || r == 0)
        return -1;
    /* A C1 control (Latin-1 0x9B) is no key; musl's C locale maps bytes >= 0x80 to
     * the surrogates U+DF80.., which glibc reports as EILSEQ: both are bad. */
    if ((w >= 0x80 && w < 0xA0) || (w >= 0xD800 && w <= 0xDFFF))
        return -(int)r;
    *wc = w;
    return (int)r;
}

static enum step parse_char(const struct keydec *d, const unsigned char *b, size_t lim,
                            bool final, struct key *k, size_t *used)
{
    long wc = b[0];
    int n = b[0] < 0x80 ? 1 : d->cs == KEYDEC_UTF8 ? utf8_char(b, lim, &wc)
                                                   : locale_char(b, lim, &wc);
    if (n == 0 && !final)
        return ST_MORE;
    if (n > 0) {
        *used = (size_t)n;
        return put(k, KEYK_CHAR, (int)wc);
    }
    *used = n < 0 ? (size_t)-n : lim;   /* timed out halfway: what came is bad */
    return put(k, KEYK_BAD, 0);
}

static bool plain_number(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] < '0' || p[i] > '9')
            return false;
    return n > 0;
}

/* The end of the sequence at b: ESC [ or ESC O, parameter bytes, intermediate bytes,
 * one final byte.  ST_KEY with *end past the final, ST_MORE if the bytes end first,
 * ST_DROP with *end at the byte that breaks the grammar (decoded afresh). */
static enum step scan(const unsigned char *b, size_t lim, size_t *end)
{
    size_t i = 2;
    if (b[1] == '[' && i < lim && b[i] == '[') {
        i++;                            /* Linux console: ESC [ [ A, one final */
    } else {
        while (i < lim && is_param(b[i]))
            i++;
        /* rxvt's ESC [ 2 $ is complete: a $ right after a plain number is its final,
         * not an intermediate (a DEC reply ESC [ 1 ; 2 $ y has a ';' or a '?'). */
        if (b[1] == '[' && i < lim && b[i] == '$' && plain_number(b + 2, i - 2)) {
            *end = i + 1;
            return ST_KEY;
        }
        while (i < lim && is_inter(b[i]))
            i++;
    }
    if (i >= lim)
        return ST_MORE;
    *end = i + is_final(b[i]);
    return *end > i ? ST_KEY : ST_DROP;
}

/* What the complete sequence b[0..n) stands for. */
static enum step sequence_key(const unsigned char *b, size_t n, struct key *k)
{
    unsigned char f = b[n - 1];
    bool csi = b[1] == '[';
    size_t np = 0;
    long num = -1;                      /* the first parameter, -1 if there is none */
    if (csi && b[2] == '[')
        return f >= 'A' && f <= 'E' ? put(k, KEYK_CODE, KEY_F(1) + (f - 'A')) : ST_UNKNOWN;
    while (2 + np < n - 1 && is_param(b[2 + np]))
        np++;
    if (2 + np != n - 1 || (np > 0 && b[2] >= '<'))
        return ST_UNKNOWN;              /* intermediates; private (ESC [ ? 1 ; 2 c) */
    for (size_t i = 2; i < 2 + np && b[i] >= '0' && b[i] <= '9'; i++)
        if (num < 100000)               /* larger is no key anyway: no overflow */
            num = (num < 0 ? 0 : num * 10) + (b[i] - '0');
    if (!csi) {
        if (f >= 'j' && f <= 'y')
            return put(k, KEYK_CHAR, keypad_chars[f - 'j']);
        if (f == 'M' || f == 'X')       /* keypad Enter and = */
            return put(k, KEYK_CHAR, f == 'M' ? '\r' : '=');
    } else if (strchr("~$^@", f)) {
        if (num == PASTE_START || num == PASTE_END)
            return f != '~' ? ST_UNKNOWN : num == PASTE_START ? ST_PASTE_ON : ST_PASTE_OFF;
        if (num > 0 && num < (long)(sizeof tilde / sizeof tilde[0]) && tilde[num])
            return put(k, KEYK_CODE, tilde[num]);
        return ST_UNKNOWN;
    } else if (num > 1) {
        /* xterm writes a modified key as ESC [ 1 ; 5 A: another first number is no
         * key (a cursor position report, ESC [ 12 ; 5 R). */
        return ST_UNKNOWN;
    }
    for (size_t i = 0; i < sizeof letters / sizeof letters[0]; i++)
        if (letters[i].final == f)
            return put(k, KEYK_CODE, letters[i].code);
    return ST_UNKNOWN;
}

static enum step parse_esc(const unsigned char *b, size_t lim, bool final, struct key *k,
                           size_t *used)
{
    *used = 1;
    if (lim == 1 && !final)
        return ST_MORE;                 /* the Esc key, or a sequence on its way */
    if (lim == 1 || (b[1] != '[' && b[1] != 'O'))
        return put(k, KEYK_CHAR, ESC);  /* what follows is decoded afresh (Alt-j) */
    enum step s = scan(b, lim, used);
    if (s == ST_MORE) {
        *used = lim;
        return final ? ST_DROP : ST_MORE;
    }
    return s == ST_KEY ? sequence_key(b, *used, k) : s;
}

/* Inside a paste only the end marker is a sequence: the text must not run commands. */
static enum step parse_paste(const struct keydec *d, const unsigned char *b, size_t lim,
                             bool final, struct key *k, size_t *used)
{
    static const unsigned char end[] = "\x1b[201~";
    size_t m = lim < 6 ? lim : 6;
    *used = 1;
    /* Half a marker waits for the rest; when time is up it is text. */
    if (b[0] == ESC && memcmp(b, end, m) == 0 && (m == 6 || !final)) {
        *used = m;
        return m == 6 ? ST_PASTE_OFF : ST_MORE;
    }
    if (b[0] == '\n' && d->paste_cr)
        return ST_SKIP;
    if (b[0] == '\r' || b[0] == '\n')
        return put(k, KEYK_CHAR, '\n');
    return parse_char(d, b, lim, final, k, used);
}

/* The first item in the first lim undecoded bytes (lim >= 1). */
static enum step parse(const struct keydec *d, size_t lim, bool final, struct key *k,
                       size_t *used)
{
    const unsigned char *b = d->buf + d->pos;
    memset(k, 0, sizeof *k);
    if (d->in_paste)
        return parse_paste(d, b, lim, final, k, used);
    if (b[0] == ESC)
        return parse_esc(b, lim, final, k, used);
    return parse_char(d, b, lim, final, k, used);
}

static void consume(struct keydec *d, size_t n)
{
    d->pos += n;
    d->len -= n;
    if (d->len == 0)
        d->pos = 0;
    if (d->cut) {
        d->cut -= n < d->cut ? n : d->cut;
        if (d->cut == 0 && d->paste_expired)
            d->in_paste = d->paste_expired = false;
    }
}

/* Swallows the rest of a sequence longer than the buffer, up to its final byte
 * (parameters and intermediates taken loosely); a byte outside the grammar ends it
 * and is decoded afresh.  False if the bytes ran out first. */
static bool skip_rest(struct keydec *d)
{
    for (;;) {
        if (d->len == 0)
            return false;
        unsigned char c = d->buf[d->pos];
        if (!is_param(c) && !is_inter(c) && !is_final(c))
            break;
        consume(d, 1);
        if (is_final(c))
            break;
    }
    d->skipping = false;
    return true;
}

void keydec_init(struct keydec *d, enum keydec_charset cs)
{
    memset(d, 0, sizeof *d);
    d->cs = cs;
    d->esc_delay_ms = KEYDEC_ESC_DELAY_MS;
}

enum keydec_charset keydec_charset_for_locale(void)
{
    return strcmp(nl_langinfo(CODESET), "UTF-8") == 0 ? KEYDEC_UTF8 : KEYDEC_LOCALE;
}

void keydec_set_esc_delay(struct keydec *d, int ms)
{
    d->esc_delay_ms = ms < 0 ? 0 : ms;
}

size_t keydec_feed(struct keydec *d, const unsigned char *buf, size_t n)
{
    if (d->pos > 0) {
        memmove(d->buf, d->buf + d->pos, d->len);
        d->pos = 0;
    }
    size_t room = sizeof d->buf - d->len;
    if (n > room)
        n = room;
    memcpy(d->buf + d->len, buf, n);
    d->len += n;
    return n;
}

bool keydec_next(struct keydec *d, struct key *out)
{
    for (;;) {
        if (d->skipping && !skip_rest(d))
            return false;
        if (d->len == 0)
            return false;
        bool final = d->cut > 0;
        size_t used = 0;
        struct key k;
        enum step s = parse(d, final ? d->cut : d->len, final, &k, &used);
        if (s == ST_MORE) {
            if (d->len < sizeof d->buf)
                return false;
            /* Only a sequence can outgrow the buffer: its tail must not be typed. */
            d->dropped++;
            d->skipping = true;
            consume(d, d->len);
            continue;
        }
        k.paste = d->in_paste;
        k.nbytes = (int)(used < sizeof k.bytes ? used : sizeof k.bytes);
        memcpy(k.bytes, d->buf + d->pos, (size_t)k.nbytes);
        d->paste_cr = d->in_paste && d->buf[d->pos] == '\r';
        consume(d, used);
        switch (s) {
        case ST_KEY:       *out = k; return true;
        case ST_UNKNOWN:   d->unknown++; break;
        case ST_DROP:      d->dropped++; break;
        case ST_PASTE_ON:  d->in_paste = true; break;
        case ST_PASTE_OFF: d->in_paste = d->paste_expired = false; break;
        case ST_MORE: case ST_SKIP: break;
        }
    }
}

int keydec_timeout_ms(const struct keydec *d)
{
    struct key k;
    size_t used;
    if (d->len == 0)
        return d->in_paste ? KEYDEC_PASTE_MS : d->skipping ? KEYDEC_SEQ_MS : -1;
    if (d->cut || d->skipping || d->len == sizeof d->buf
        || parse(d, d->len, false, &k, &used) != ST_MORE)
        return 0;                       /* keydec_next has something to do */
    if (d->in_paste)
        return KEYDEC_PASTE_MS;
    return d->len == 1 && d->buf[d->pos] == ESC ? d->esc_delay_ms : KEYDEC_SEQ_MS;
}

void keydec_flush(struct keydec *d)
{
    d->skipping = false;                /* the over-long sequence never ended */
    d->cut = d->len;
    if (d->in_paste && d->len)
        d->paste_expired = true;        /* ends once the bytes buffered are decoded */
    else
        d->in_paste = false;
}
