/* csv_read — see csv_read.h.
 *
 * The file is first made UTF-8 text (the input's own bytes when they already are),
 * then rows are cut from that text.  The reader keeps one position with its line and
 * column, moved forward a byte at a time, so reporting where an error is costs
 * nothing and no part of the text is ever scanned twice.  The cells of a row are
 * copied, one after the other, into one buffer that is reused for every row: its
 * size is that of the longest row, and a file is read in time linear in its size. */
#include "suivi/base/csv_read.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suivi/base/i18n.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/xalloc.h"

#define ERR_MAX 256
#define UNDEFINED 0xFFFF     /* in the table below: a byte windows-1252 leaves undefined */

struct csv_reader {
    char *text;              /* UTF-8, BOM removed */
    size_t len, pos;         /* pos: the next byte to read */
    int line, col;           /* where text[pos] is, from 1; col in characters */
    char sep;
    bool cp1252;             /* converted from windows-1252 */
    char *bytes;             /* the current row's cells, each NUL-terminated */
    size_t nbytes, capbytes;
    size_t starts[CSV_ROW_MAX_CELLS];   /* where each cell starts in bytes */
    int cols[CSV_ROW_MAX_CELLS];
    char *cells[CSV_ROW_MAX_CELLS];
    char err[ERR_MAX];       /* set once a row failed: every later call fails the same */
};

static void set_err(char *err, size_t errlen, const char *msg)
{
    if (err && errlen > 0)
        snprintf(err, errlen, "%s", msg);
}

/* "line L, column C: " and the message, into buf. */
__attribute__((format(printf, 5, 6)))
static void where(char *buf, size_t cap, int line, int col, const char *fmt, ...)
{
    char msg[ERR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* L10N: the place of an error in a CSV file, then what is wrong there. */
    snprintf(buf, cap, _("line %d, column %d: %s"), line, col, msg);
}

/* ---- encoding ---------------------------------------------------------------- */

/* windows-1252 0x80-0x9F; the rest of the bytes are Latin-1, the code point itself. */
static const uint16_t cp1252_c1[32] = {
    0x20AC, UNDEFINED, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, UNDEFINED, 0x017D, UNDEFINED,
    UNDEFINED, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, UNDEFINED, 0x017E, 0x0178,
};

static uint32_t cp1252_decode(unsigned char c)
{
    return c >= 0x80 && c <= 0x9F ? cp1252_c1[c - 0x80] : c;
}

/* cp (below U+10000: all windows-1252 gives) as UTF-8 at out; returns the bytes. */
static size_t utf8_put(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    out[0] = (char)(0xE0 | cp >> 12);
    out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
}

/* The offset of the first byte that does not start valid UTF-8, or n. */
static size_t utf8_invalid_at(const unsigned char *s, size_t n)
{
    uint32_t cp;
    size_t i = 0, k;
    while (i < n && (k = utf8_decode(s + i, n - i, &cp)) > 0)
        i += k;
    return i;
}

/* Line and column of offset `at` in s: for an error found before rows are read.
 * Characters are UTF-8 sequences, or single bytes (windows-1252). */
static void locate(const unsigned char *s, size_t at, bool bytes_are_chars, int *line, int *col)
{
    *line = 1, *col = 1;
    for (size_t i = 0; i < at; i++) {
        if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= at || s[i + 1] != '\n'))) {
            ++*line, *col = 1;
        } else if (s[i] != '\r' && (bytes_are_chars || (s[i] & 0xC0) != 0x80)) {
            ++*col;
        }
    }
}

/* s (n bytes of windows-1252) as UTF-8 into r->text, or -1 with err. */
static int from_cp1252(struct csv_reader *r, const unsigned char *s, size_t n,
                       char *err, size_t errlen)
{
    r->text = xmalloc(n * 3 + 1);   /* every byte becomes at most 3 */
    char *out = r->text;
    for (size_t i = 0; i < n; i++) {
        uint32_t cp = cp1252_decode(s[i]);
        if (cp == UNDEFINED) {
            int line, col;
            locate(s, i, true, &line, &col);
            where(err, errlen, line, col, _("byte 0x%02X is not windows-1252 text"), s[i]);
            return -1;
        }
        out += utf8_put(out, cp);
    }
    r->len = (size_t)(out - r->text);
    r->cp1252 = true;
    return 0;
}

/* The file's bytes as UTF-8 text into r->text, or -1 with err. */
static int decode(struct csv_reader *r, const char *data, size_t len, char *err, size_t errlen)
{
    const unsigned char *s = (const unsigned char *)data;
    bool bom = len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0;
    if (bom)
        s += 3, len -= 3;
    size_t bad = utf8_invalid_at(s, len);
    if (bad == len) {
        r->text = xmalloc(len + 1);
        memcpy(r->text, s, len);
        r->len = len;
        return 0;
    }
    if (!bom)
        return from_cp1252(r, s, len, err, errlen);
    int line, col;
    locate(s, bad, false, &line, &col);
    where(err, errlen, line, col,
          _("byte 0x%02X is not UTF-8 text, though the file starts with the UTF-8 mark"),
          s[bad]);
    return -1;
}

/* ---- separator --------------------------------------------------------------- */

/* Bytes of the line end at i (CRLF, LF or CR), 0 when there is none. */
static size_t eol_at(const char *s, size_t n, size_t i)
{
    if (i >= n)
        return 0;
    if (s[i] == '\n')
        return 1;
    if (s[i] == '\r')
        return i + 1 < n && s[i + 1] == '\n' ? 2 : 1;
    return 0;
}

/* The index of the quote that closes the one at i ("" inside is a quote), or n. */
static size_t closing_quote(const char *s, size_t n, size_t i)
{
    for (i++; i < n; i++) {
        if (s[i] != '"')
            continue;
        if (i + 1 >= n || s[i + 1] != '"')
            return i;
        i++;
    }
    return n;
}

/* The separator most seen outside quotes on the first non-empty line (a quoted cell
 * there may span lines).  A quote opens a quoted cell only where a cell may start:
 * at the line start or after one of the three candidates. */
static char guess_separator(const char *s, size_t n)
{
    static const char cand[3] = { ';', ',', '\t' };   /* in the order ties go */
    int count[3] = { 0, 0, 0 };
    size_t i = 0, k;
    while ((k = eol_at(s, n, i)) > 0)
        i += k;
    bool cell_start = true;
    for (; i < n && !eol_at(s, n, i); i++) {
        const char *c = memchr(cand, s[i], sizeof cand);
        if (c) {
            count[c - cand]++;
            cell_start = true;
            continue;
        }
        if (cell_start && s[i] == '"' && (i = closing_quote(s, n, i)) == n)
            break;
        cell_start = false;
    }
    int best = 0;
    for (int j = 1; j < 3; j++)
        if (count[j] > count[best])
            best = j;
    return cand[best];
}

/* ---- rows -------------------------------------------------------------------- */

struct csv_reader *csv_read_open(const char *data, size_t len, char *err, size_t errlen)
{
    struct csv_reader *r = xcalloc(1, sizeof *r);
    if ((len > 0 && !data) || len > (SIZE_MAX - 1) / 3) {
        set_err(err, errlen, _("the file cannot be read"));
        free(r);
        return NULL;
    }
    if (decode(r, len > 0 ? data : "", len, err, errlen) < 0) {
        csv_read_close(r);
        return NULL;
    }
    r->text[r->len] = '\0';
    r->line = r->col = 1;
    r->sep = guess_separator(r->text, r->len);
    return r;
}

/* Move past one byte of the current line: the column counts characters, that is
 * bytes that are not UTF-8 continuation bytes. */
static void step(struct csv_reader *r)
{
    if (((unsigned char)r->text[r->pos++] & 0xC0) != 0x80)
        r->col++;
}

static void next_line(struct csv_reader *r, size_t eol)
{
    r->pos += eol;
    r->line++;
    r->col = 1;
}

/* Fails the row: the message, where it is, kept for later calls. */
static int fail_at(struct csv_reader *r, int line, int col, const char *msg)
{
    where(r->err, sizeof r->err, line, col, "%s", msg);
    return -1;
}

static void add(struct csv_reader *r, char c)
{
    if (r->nbytes == r->capbytes) {
        r->capbytes = r->capbytes ? r->capbytes * 2 : 256;
        r->bytes = xreallocarray(r->bytes, r->capbytes, 1);
    }
    r->bytes[r->nbytes++] = c;
}

/* Appends byte c to the cell that started at byte `start`, or fails when the cell
 * would grow beyond its limit (reported where it starts: line, col). */
static int put(struct csv_reader *r, char c, size_t start, int line, int col)
{
    if (r->nbytes - start >= CSV_CELL_MAX_BYTES) {
        char msg[ERR_MAX];
        snprintf(msg, sizeof msg, _("a cell is longer than %d bytes"), CSV_CELL_MAX_BYTES);
        return fail_at(r, line, col, msg);
    }
    add(r, c);
    return 0;
}

static int nul_byte(struct csv_reader *r)
{
    return fail_at(r, r->line, r->col, _("a NUL byte: this is not a text file"));
}

/* A quoted cell, the position on its opening quote; up to the closing one. */
static int quoted_cell(struct csv_reader *r, size_t start)
{
    int line = r->line, col = r->col;
    step(r);
    for (;;) {
        if (r->pos >= r->len)
            return fail_at(r, line, col, _("a quote opened here is never closed"));
        char c = r->text[r->pos];
        size_t eol = eol_at(r->text, r->len, r->pos);
        if (c == '"' && (r->pos + 1 >= r->len || r->text[r->pos + 1] != '"')) {
            step(r);
            return 0;
        }
        if (c == '\0')
            return nul_byte(r);
        if (put(r, eol ? '\n' : c, start, line, col) < 0)
            return -1;
        if (eol)
            next_line(r, eol);
        else if (c == '"')
            r->pos += 2, r->col += 2;   /* "" is one quote */
        else
            step(r);
    }
}

/* An unquoted cell: up to the separator or line end, quotes included as they are. */
static int plain_cell(struct csv_reader *r, size_t start)
{
    int line = r->line, col = r->col;
    while (r->pos < r->len && r->text[r->pos] != r->sep && !eol_at(r->text, r->len, r->pos)) {
        if (r->text[r->pos] == '\0')
            return nul_byte(r);
        if (put(r, r->text[r->pos], start, line, col) < 0)
            return -1;
        step(r);
    }
    return 0;
}

/* One cell, the position on its first byte; up to the separator or line end. */
static int cell(struct csv_reader *r)
{
    size_t start = r->nbytes;
    if (r->pos < r->len && r->text[r->pos] == '"') {
        if (quoted_cell(r, start) < 0)
            return -1;
        if (r->pos < r->len && r->text[r->pos] != r->sep && !eol_at(r->text, r->len, r->pos))
            return fail_at(r, r->line, r->col, _("text after a closing quote"));
    } else if (plain_cell(r, start) < 0) {
        return -1;
    }
    add(r, '\0');
    return 0;
}

/* The cells of one row, the position on its first byte; past its line end. */
static int row_cells(struct csv_reader *r, int *n)
{
    for (*n = 0;; ++*n) {
        if (*n == CSV_ROW_MAX_CELLS) {
            char msg[ERR_MAX];
            snprintf(msg, sizeof msg, _("a row has more than %d cells"), CSV_ROW_MAX_CELLS);
            return fail_at(r, r->line, r->col, msg);
        }
        r->starts[*n] = r->nbytes;
        r->cols[*n] = r->col;
        if (cell(r) < 0)
            return -1;
        size_t eol = eol_at(r->text, r->len, r->pos);
        if (r->pos >= r->len || eol) {
            if (eol)
                next_line(r, eol);
            ++*n;
            return 0;
        }
        step(r);   /* the separator */
    }
}

int csv_read_row(struct csv_reader *r, struct csv_row *row, char *err, size_t errlen)
{
    size_t eol;
    if (r->err[0]) {
        set_err(err, errlen, r->err);
        return -1;
    }
    while ((eol = eol_at(r->text, r->len, r->pos)) > 0)
        next_line(r, eol);   /* empty lines */
    if (r->pos >= r->len)
        return 0;
    int line = r->line, n;
    r->nbytes = 0;
    if (row_cells(r, &n) < 0) {
        set_err(err, errlen, r->err);
        return -1;
    }
    for (int i = 0; i < n; i++)
        r->cells[i] = r->bytes + r->starts[i];   /* now that bytes moves no more */
    *row = (struct csv_row){ .cells = r->cells, .n = n, .line = line, .cols = r->cols };
    return 1;
}

const char *csv_read_encoding(const struct csv_reader *r)
{
    return r->cp1252 ? "windows-1252" : "UTF-8";
}

char csv_read_separator(const struct csv_reader *r)
{
    return r->sep;
}

void csv_read_close(struct csv_reader *r)
{
    if (!r)
        return;
    free(r->text);
    free(r->bytes);
    free(r);
}
