/* textedit — see textedit.h.
 *
 * Words: a "line" is a logical line (up to a '\n' or the end of the text), a "row"
 * one visual row of it.  Greedy wrapping only looks forward, so rows can be found
 * from any known row start: the start of a line, or te->top.  A position belongs to
 * the row [start, end) that holds it, and the end of a line to the line's last row.
 *
 * Invariants between calls: te->top is a row start for the current width, and the
 * cursor is in one of the te->rows rows from there.  Hence the work done for a key
 * is bounded by the window (walks from top), except where it must go back above
 * top: that wraps the lines concerned from their start (rows_back). */
#include "suivi/ui/textedit.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "suivi/base/sanitize.h"
#include "suivi/base/xalloc.h"

#define TAB_STOP 8

/* One row: bytes [start, end).  last: the last row of its line, which ends at the
 * '\n' or the end of the text (the next row, if any, starts at end + 1). */
struct span {
    size_t start, end;
    bool last;
};

/* ---- characters ----------------------------------------------------------------- */

/* Bytes of the UTF-8 sequence at s (1..4), or 1 for an invalid byte.  Same rules as
 * the sanitiser (no overlong form, surrogate or value past U+10FFFF), so that one
 * character here is one piece there. */
static size_t char_len(const unsigned char *s, size_t left)
{
    unsigned c = s[0], lo = 0x80, hi = 0xBF;
    size_t n;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    else
        return 1;
    if (left < n || s[1] < lo || s[1] > hi)
        return 1;
    for (size_t i = 2; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 1;
    return n;
}

static size_t next_char(const struct textedit *te, size_t p)
{
    return p < te->len ? p + char_len((const unsigned char *)te->buf + p, te->len - p) : p;
}

static size_t prev_char(const struct textedit *te, size_t p)
{
    if (p == 0)
        return 0;
    size_t s = p - 1;
    while (s > 0 && p - s < 4 && ((unsigned char)te->buf[s] & 0xC0) == 0x80)
        s--;
    return next_char(te, s) == p ? s : p - 1;
}

/* Columns of the character [p, q) when it starts at column col of its row: what the
 * sanitiser shows for the row drawn on its own. */
static int char_cols(const struct textedit *te, size_t p, size_t q, int col)
{
    unsigned char c = (unsigned char)te->buf[p];
    if (c == '\t')
        return TAB_STOP - col % TAB_STOP;
    if (c >= 0x20 && c < 0x7F)
        return 1;                       /* the common case, without a copy */
    char one[5];
    memcpy(one, te->buf + p, q - p);
    one[q - p] = '\0';
    return san_width(one);
}

static size_t utf8_encode(wchar_t wc, char out[4])
{
    unsigned long c = (unsigned long)wc;
    size_t n = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    static const unsigned char lead[] = { 0, 0, 0xC0, 0xE0, 0xF0 };
    for (size_t i = n - 1; i > 0; i--, c >>= 6)
        out[i] = (char)(0x80 | (c & 0x3F));
    out[0] = (char)(lead[n] | c);
    return n;
}

/* ---- rows ----------------------------------------------------------------------- */

static size_t line_start(const struct textedit *te, size_t p)
{
    while (p > 0 && te->buf[p - 1] != '\n')
        p--;
    return p;
}

static size_t line_end(const struct textedit *te, size_t p)
{
    const char *nl = memchr(te->buf + p, '\n', te->len - p);
    return nl ? (size_t)(nl - te->buf) : te->len;
}

/* The row that starts at s.  It stops at the line's end by itself (no search for
 * it first: that would make wrapping a long line quadratic). */
static struct span row_at(const struct textedit *te, size_t s)
{
    size_t p = s, after_blank = s;
    int col = 0;
    while (p < te->len && te->buf[p] != '\n') {
        size_t q = next_char(te, p);
        int w = char_cols(te, p, q, col);
        if (col + w > te->cols)
            break;
        col += w;
        if (te->buf[p] == ' ' || te->buf[p] == '\t')
            after_blank = q;
        p = q;
    }
    if (p == te->len || te->buf[p] == '\n')
        /* The rest of the line fits.  Its end needs a cell for the cursor: when the
         * row is full, the end goes on an empty row of its own. */
        return (struct span){ s, p, col < te->cols };
    if (after_blank > s)
        return (struct span){ s, after_blank, false };
    if (p == s)
        p = next_char(te, s);           /* one character wider than the field */
    return (struct span){ s, p, false };
}

static bool in_row(struct span sp, size_t pos)
{
    return sp.start <= pos && (pos < sp.end || (sp.last && pos == sp.end));
}

/* Start of the row after sp in *next; false at the end of the text. */
static bool next_row(const struct textedit *te, struct span sp, size_t *next)
{
    if (sp.last && sp.end >= te->len)
        return false;
    *next = sp.last ? sp.end + 1 : sp.end;
    return true;
}

/* The row start n rows below row start r, or the last row's start. */
static size_t rows_forward(const struct textedit *te, size_t r, int n)
{
    while (n-- > 0 && next_row(te, row_at(te, r), &r))
        ;
    return r;
}

/* Which row of its line (0 = first) holds pos; ls is the line's start. */
static int row_index(const struct textedit *te, size_t ls, size_t pos)
{
    int k = 0;
    for (struct span sp = row_at(te, ls); !in_row(sp, pos) && !sp.last; k++)
        sp = row_at(te, sp.end);
    return k;
}

/* The start of the row n rows above the one holding pos (n = 0: pos's own row),
 * or 0.  Each line is wrapped from its start, at most twice. */
static size_t rows_back(const struct textedit *te, size_t pos, int n)
{
    for (;;) {
        size_t ls = line_start(te, pos);
        int k = row_index(te, ls, pos);
        if (k >= n)
            return rows_forward(te, ls, k - n);
        if (ls == 0)
            return 0;
        n -= k + 1;
        pos = ls - 1;                   /* the previous line's end, on its last row */
    }
}

static int col_in_row(const struct textedit *te, size_t r, size_t pos)
{
    int col = 0;
    for (size_t p = r; p < pos; p = next_char(te, p))
        col += char_cols(te, p, next_char(te, p), col);
    return col;
}

/* The position in row r nearest to column want, without passing it and without
 * leaving the row (the end of a wrapped row is the next row's start). */
static size_t pos_at_col(const struct textedit *te, size_t r, int want)
{
    struct span sp = row_at(te, r);
    size_t p = sp.start;
    int col = 0;
    while (p < sp.end) {
        size_t q = next_char(te, p);
        int w = char_cols(te, p, q, col);
        if (col + w > want)
            break;
        col += w;
        p = q;
    }
    return p == sp.end && !sp.last ? prev_char(te, p) : p;
}

/* Start of the cursor's row, walking from top; *above gets the start of the row
 * before it, or SIZE_MAX when that one is above the window. */
static size_t cursor_row(const struct textedit *te, size_t *above, int *index)
{
    size_t r = te->top, prev = SIZE_MAX;
    int k = 0;
    for (;; k++) {
        struct span sp = row_at(te, r);
        if (in_row(sp, te->cursor) || !next_row(te, sp, &r)) {
            if (above)
                *above = prev;
            if (index)
                *index = k;
            return sp.start;
        }
        prev = sp.start;
    }
}

/* ---- scrolling ------------------------------------------------------------------ */

/* Scroll as little as needed for the cursor to be in the window; then, when the
 * text ends above the window's bottom while rows are hidden above its top, bring
 * those back into view (after a deletion, or a taller field). */
static void scroll_to_cursor(struct textedit *te)
{
    if (te->cursor < te->top) {
        te->top = rows_back(te, te->cursor, 0);
        return;
    }
    size_t r = te->top;
    int k = 0;
    for (; k < 2 * te->rows; k++) {     /* near the window: walk, bounded */
        struct span sp = row_at(te, r);
        if (in_row(sp, te->cursor))
            break;
        if (!next_row(te, sp, &r)) {    /* not reached: cannot happen, recover */
            k = 2 * te->rows;
            break;
        }
    }
    if (k >= 2 * te->rows)              /* far below: from the cursor back */
        te->top = rows_back(te, te->cursor, te->rows - 1);
    else if (k >= te->rows)
        te->top = rows_forward(te, te->top, k - te->rows + 1);
    int shown = 1;
    for (r = te->top; shown < te->rows && next_row(te, row_at(te, r), &r); shown++)
        ;
    if (shown < te->rows && te->top > 0)
        te->top = rows_back(te, te->top, te->rows - shown);
}

/* After the text changed at byte at (never above the window): the rows above top
 * can only have moved if the change is in top's line, so only then is top
 * re-aligned, by wrapping that line from its start. */
static void after_edit(struct textedit *te, size_t at)
{
    te->modified = true;
    te->want = -1;
    if (at <= te->top || !memchr(te->buf + te->top, '\n', at - te->top))
        te->top = rows_back(te, te->top, 0);
    scroll_to_cursor(te);
}

/* Put n bytes at the cursor (the caller checked the limit). */
static void put_bytes(struct textedit *te, const char *s, size_t n)
{
    if (te->len + n + 1 > te->cap) {
        te->cap = te->len + n + 1 > te->cap * 2 ? te->len + n + 1 : te->cap * 2;
        te->buf = xreallocarray(te->buf, te->cap, 1);
    }
    size_t at = te->cursor;
    memmove(te->buf + at + n, te->buf + at, te->len - at + 1);
    memcpy(te->buf + at, s, n);
    te->len += n;
    te->cursor = at + n;
    after_edit(te, at);
}

/* Remove bytes [a, b); the cursor goes to a. */
static void remove_bytes(struct textedit *te, size_t a, size_t b)
{
    memmove(te->buf + a, te->buf + b, te->len - b + 1);
    te->len -= b - a;
    te->cursor = a;
    if (te->top > a)
        te->top = te->top >= b ? te->top - (b - a) : a;
    after_edit(te, a);
}

/* A move: the wanted column is forgotten, except by Up/Down. */
static void move_to(struct textedit *te, size_t pos)
{
    te->cursor = pos;
    te->want = -1;
    scroll_to_cursor(te);
}

/* ---- public --------------------------------------------------------------------- */

void te_init(struct textedit *te, const char *text, size_t max_bytes)
{
    memset(te, 0, sizeof *te);
    te->buf = xstrdup(text ? text : "");
    te->len = strlen(te->buf);
    te->cap = te->len + 1;
    te->max = max_bytes;
    te->cols = 80;
    te->rows = 1;
    move_to(te, te->len);
}

void te_free(struct textedit *te)
{
    free(te->buf);
    memset(te, 0, sizeof *te);
}

const char *te_text(const struct textedit *te)
{
    return te->buf;
}

bool te_modified(const struct textedit *te)
{
    return te->modified;
}

bool te_insert(struct textedit *te, wchar_t wc)
{
    if (wc != L'\n' && (wc < 0x20 || (wc >= 0x7F && wc <= 0x9F)))
        return false;
    if ((wc >= 0xD800 && wc <= 0xDFFF) || wc > 0x10FFFF)
        return false;
    char enc[4];
    size_t n = utf8_encode(wc, enc);
    if (te->len + n > te->max)
        return false;
    put_bytes(te, enc, n);
    return true;
}

/* Pasted bytes to drop: C0 controls but TAB and LF (CR is handled apart), DEL, C1. */
static bool dropped(const unsigned char *s, size_t n)
{
    if (n == 1)
        return (s[0] < 0x20 && s[0] != '\t' && s[0] != '\n') || s[0] == 0x7F;
    return n == 2 && s[0] == 0xC2 && s[1] <= 0x9F;
}

bool te_insert_text(struct textedit *te, const char *utf8)
{
    const unsigned char *s = (const unsigned char *)(utf8 ? utf8 : "");
    size_t n = strlen((const char *)s), o = 0;
    size_t room = te->max > te->len ? te->max - te->len : 0;
    char *out = xmalloc(n * 3 + 1);     /* an invalid byte grows to U+FFFD */
    bool whole = true;
    for (size_t i = 0, k; i < n; i += k) {
        k = char_len(s + i, n - i);
        const char *piece = (const char *)s + i;
        size_t pn = k;
        if (k == 1 && s[i] >= 0x80)
            piece = "\xEF\xBF\xBD", pn = 3;
        else if (s[i] == '\r')
            piece = "\n", k = i + 1 < n && s[i + 1] == '\n' ? 2 : 1;
        else if (dropped(s + i, k))
            pn = 0;
        if (o + pn > room) {
            whole = false;
            break;
        }
        memcpy(out + o, piece, pn);
        o += pn;
    }
    if (o > 0)
        put_bytes(te, out, o);          /* one move of the tail for the whole paste */
    free(out);
    return whole;
}

bool te_backspace(struct textedit *te)
{
    if (te->cursor == 0)
        return false;
    remove_bytes(te, prev_char(te, te->cursor), te->cursor);
    return true;
}

bool te_delete(struct textedit *te)
{
    if (te->cursor >= te->len)
        return false;
    remove_bytes(te, te->cursor, next_char(te, te->cursor));
    return true;
}

bool te_kill_line(struct textedit *te)
{
    if (te->cursor >= te->len)
        return false;
    size_t e = line_end(te, te->cursor);
    remove_bytes(te, te->cursor, e > te->cursor ? e : e + 1);
    return true;
}

void te_left(struct textedit *te)
{
    move_to(te, prev_char(te, te->cursor));
}

void te_right(struct textedit *te)
{
    move_to(te, next_char(te, te->cursor));
}

void te_up(struct textedit *te)
{
    size_t above, r = cursor_row(te, &above, NULL);
    if (r == 0)
        return;
    if (te->want < 0)
        te->want = col_in_row(te, r, te->cursor);
    if (above == SIZE_MAX)
        above = rows_back(te, r, 1);
    te->cursor = pos_at_col(te, above, te->want);
    scroll_to_cursor(te);
}

void te_down(struct textedit *te)
{
    size_t r = cursor_row(te, NULL, NULL), below;
    if (!next_row(te, row_at(te, r), &below))
        return;
    if (te->want < 0)
        te->want = col_in_row(te, r, te->cursor);
    te->cursor = pos_at_col(te, below, te->want);
    scroll_to_cursor(te);
}

void te_home(struct textedit *te)
{
    size_t r = cursor_row(te, NULL, NULL);
    move_to(te, te->cursor != r ? r : line_start(te, te->cursor));
}

void te_end(struct textedit *te)
{
    struct span sp = row_at(te, cursor_row(te, NULL, NULL));
    size_t end = sp.last ? sp.end : prev_char(te, sp.end);
    move_to(te, te->cursor != end ? end : line_end(te, te->cursor));
}

void te_text_start(struct textedit *te)
{
    move_to(te, 0);
}

void te_text_end(struct textedit *te)
{
    move_to(te, te->len);
}

void te_layout(struct textedit *te, int cols, int rows)
{
    cols = cols > 1 ? cols : 1;
    /* The form lays out before every draw: only a new width (the rows re-wrap) may
     * forget the column a run of Up/Down keeps, or Up and Down never keep it. */
    if (cols != te->cols)
        te->want = -1;
    te->cols = cols;
    te->rows = rows > 1 ? rows : 1;
    te->top = rows_back(te, te->top, 0);
    scroll_to_cursor(te);
}

int te_visible(const struct textedit *te, struct te_row *rows, int max)
{
    size_t r = te->top;
    int n = 0;
    while (n < max && n < te->rows) {
        struct span sp = row_at(te, r);
        rows[n++] = (struct te_row){ sp.start, sp.end,
                                     sp.start > 0 && te->buf[sp.start - 1] != '\n' };
        if (!next_row(te, sp, &r))
            break;
    }
    return n;
}

void te_cursor(const struct textedit *te, int *row, int *col)
{
    int k;
    size_t r = cursor_row(te, NULL, &k);
    int c = col_in_row(te, r, te->cursor);
    *row = k;
    *col = c < te->cols ? c : te->cols - 1;   /* only a field narrower than a character */
}
