/* Unit tests: reading CSV as spreadsheets write it — separators, encodings, line
 * ends, quoting, where errors are, the limits, and a large file in linear time. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "suivi/base/csv_read.h"
#include "suivi/base/strbuf.h"
#include "suivi/base/xalloc.h"

/* Every row of data as "LINE:cell|cell" joined by " / " (caller frees), or NULL with
 * err when opening or a row failed (rows read before then are lost). */
static char *dump_n(const char *data, size_t len, char *err, size_t errlen)
{
    struct csv_reader *r = csv_read_open(data, len, err, errlen);
    if (!r)
        return NULL;
    struct strbuf b = {0};
    struct csv_row row;
    int rc;
    while ((rc = csv_read_row(r, &row, err, errlen)) == 1) {
        char head[32];
        snprintf(head, sizeof head, "%s%d:", b.len ? " / " : "", row.line);
        strbuf_adds(&b, head);
        for (int i = 0; i < row.n; i++) {
            strbuf_adds(&b, i ? "|" : "");
            strbuf_adds(&b, row.cells[i]);
        }
    }
    csv_read_close(r);
    char *s = strbuf_take(&b);
    if (rc < 0)
        free_and_null(&s);
    return s;
}

static char *dump(const char *data, char *err, size_t errlen)
{
    return dump_n(data, strlen(data), err, errlen);
}

#define CHECK_DUMP(data, want) do { char cerr_[256] = ""; char *cdump_ = dump((data), cerr_, sizeof cerr_); \
    CHECK_STR(cdump_ ? cdump_ : cerr_, (want)); free(cdump_); } while (0)
/* data must fail, with this message (the rows before it are not shown). */
#define CHECK_FAILS(data, len, want) do { char cerr_[256] = ""; char *cdump_ = dump_n((data), (len), cerr_, sizeof cerr_); \
    CHECK(cdump_ == NULL); CHECK_STR(cerr_, (want)); free(cdump_); } while (0)

static char separator_of(const char *data)
{
    char err[256];
    struct csv_reader *r = csv_read_open(data, strlen(data), err, sizeof err);
    char sep = r ? csv_read_separator(r) : '?';
    csv_read_close(r);
    return sep;
}

TEST(separator_is_the_most_frequent_on_the_first_line)
{
    CHECK_INT(separator_of("a;b;c\n1,5;2,5;3\n"), ';');
    CHECK_INT(separator_of("a,b,c\n1;2;3\n"), ',');
    CHECK_INT(separator_of("a\tb\tc,d\n"), '\t');
    CHECK_INT(separator_of("a;b,c\n"), ';');                 /* ties: ';' */
    CHECK_INT(separator_of("a,b\tc\n"), ',');                /* then ',' */
    CHECK_INT(separator_of("one column\n"), ';');
    CHECK_INT(separator_of(""), ';');
    CHECK_INT(separator_of("\"x,y,z\";b\n"), ';');           /* not inside quotes */
    CHECK_INT(separator_of("\"a,\nb,c,d\";e;f\ng,h,i,j\n"), ';');   /* a quoted line break */
    CHECK_INT(separator_of("\r\n\na,b\n"), ',');             /* the first non-empty line */
    CHECK_INT(separator_of("ab\"c,d,e\";f\n"), ',');        /* a quote inside a cell is text */
    CHECK_DUMP("a,b;c\n", "1:a,b|c");               /* the tie went to ";" */
    CHECK_DUMP("a\tb \tc\n", "1:a|b |c");                    /* never trimmed */
}

TEST(byte_order_mark_dropped)
{
    char err[256];
    const char *data = "\xEF\xBB\xBFnom;pr\xC3\xA9nom\n";
    struct csv_reader *r = csv_read_open(data, strlen(data), err, sizeof err);
    CHECK(r != NULL);
    if (!r)
        return;
    CHECK_STR(csv_read_encoding(r), "UTF-8");
    struct csv_row row;
    CHECK_INT(csv_read_row(r, &row, err, sizeof err), 1);
    CHECK_INT(row.n, 2);
    CHECK_STR(row.cells[0], "nom");
    CHECK_INT(row.cols[0], 1);
    CHECK_STR(row.cells[1], "pr\xC3\xA9nom");
    CHECK_INT(csv_read_row(r, &row, err, sizeof err), 0);
    csv_read_close(r);
    CHECK_DUMP("\xEF\xBB\xBF", "");
    /* A mark, then bytes that are not UTF-8: refused, not read as windows-1252. */
    CHECK_FAILS("\xEF\xBB\xBFnom\n\xC3\xA9t\xE9", 11,
                "line 2, column 3: byte 0xE9 is not UTF-8 text, though the file starts "
                "with the UTF-8 mark");
}

TEST(line_ends_crlf_lf_cr)
{
    CHECK_DUMP("a;b\r\nc;d\ne;f\rg;h", "1:a|b / 2:c|d / 3:e|f / 4:g|h");
    CHECK_DUMP("a\r\n\r\nb\r\n", "1:a / 3:b");
    CHECK_DUMP("a\n\n\r\n\rb\n\n", "1:a / 5:b");              /* empty lines skipped */
    CHECK_DUMP("\n\n", "");
    CHECK_DUMP(" \n", "1: ");                                 /* a space is not empty */
}

TEST(quoted_cells)
{
    CHECK_DUMP("\"a;b\";\"say \"\"hi\"\"\";\"\"\n", "1:a;b|say \"hi\"|");
    CHECK_DUMP("\"\"\"\"\n", "1:\"");
    /* Line breaks inside quotes are kept as \n; the next rows keep their line. */
    CHECK_DUMP("\"two\r\nlines\";x\n\"cr\rline\"\nlast;\"3\n\n\nlines\"\nend\n",
               "1:two\nlines|x / 3:cr\nline / 5:last|3\n\n\nlines / 9:end");
    /* A quote inside an unquoted cell is an ordinary character. */
    CHECK_DUMP("ab\"c;d\";e\"\"f\n", "1:ab\"c|d\"|e\"\"f");
    CHECK_DUMP(" \"x\";y\n", "1: \"x\"|y");                   /* not at the cell start */
}

TEST(empty_cells_and_trailing_separator)
{
    CHECK_DUMP("a;;c;\n;\nz", "1:a||c| / 2:| / 3:z");
    char err[256];
    struct csv_reader *r = csv_read_open("a;;c;", 5, err, sizeof err);
    struct csv_row row;
    CHECK_INT(csv_read_row(r, &row, err, sizeof err), 1);
    CHECK_INT(row.n, 4);
    CHECK_STR(row.cells[3], "");
    CHECK_INT(row.cols[3], 6);
    CHECK_INT(csv_read_row(r, &row, err, sizeof err), 0);
    csv_read_close(r);
}

TEST(windows_1252_converted)
{
    char err[256];
    const char *data = "nom;ville;prix\n\xC9lise;Pl\x9Cmeur;10\x80\ncaf\xE9;\x93ok\x94;\xA0\n";
    struct csv_reader *r = csv_read_open(data, strlen(data), err, sizeof err);
    CHECK(r != NULL);
    if (!r)
        return;
    CHECK_STR(csv_read_encoding(r), "windows-1252");
    CHECK_INT(csv_read_separator(r), ';');
    csv_read_close(r);
    CHECK_DUMP(data, "1:nom|ville|prix / 2:\xC3\x89lise|Pl\xC5\x93meur|10\xE2\x82\xAC"
                     " / 3:caf\xC3\xA9|\xE2\x80\x9Cok\xE2\x80\x9D|\xC2\xA0");
    /* Columns count the converted characters. */
    r = csv_read_open("\xE9t\xE9;\x80;x", 7, err, sizeof err);
    struct csv_row row;
    CHECK_INT(csv_read_row(r, &row, err, sizeof err), 1);
    CHECK_INT(row.n, 3);
    CHECK_INT(row.cols[1], 5);
    CHECK_INT(row.cols[2], 7);
    csv_read_close(r);
}

TEST(undefined_windows_1252_bytes_refused)
{
    CHECK_FAILS("a;b\nab;c\x81" "d\n", 9, "line 2, column 5: byte 0x81 is not windows-1252 text");
    CHECK_FAILS("\xE9\r\n\r\n\xE9;\x8D", 8, "line 3, column 3: byte 0x8D is not windows-1252 text");
    CHECK_FAILS("\x8F", 1, "line 1, column 1: byte 0x8F is not windows-1252 text");
    CHECK_FAILS("x\r\x90", 3, "line 2, column 1: byte 0x90 is not windows-1252 text");
    CHECK_FAILS("\"a\nb\x9D\"", 6, "line 2, column 2: byte 0x9D is not windows-1252 text");
}

TEST(quote_never_closed)
{
    CHECK_FAILS("a;b\nc;\"open\nmore\nlines", 22,
                "line 2, column 3: a quote opened here is never closed");
    CHECK_FAILS("\"", 1, "line 1, column 1: a quote opened here is never closed");
    CHECK_FAILS("\"a\"\"", 4, "line 1, column 1: a quote opened here is never closed");
    /* The rows before it are read; the error stays. */
    char err[256];
    struct csv_reader *r = csv_read_open("a;b\nc;\"d", 8, err, sizeof err);
    struct csv_row row;
    CHECK_INT(csv_read_row(r, &row, err, sizeof err), 1);
    CHECK_INT(row.n, 2);
    CHECK_INT(csv_read_row(r, &row, err, sizeof err), -1);
    CHECK_STR(err, "line 2, column 3: a quote opened here is never closed");
    err[0] = '\0';
    CHECK_INT(csv_read_row(r, &row, err, sizeof err), -1);
    CHECK_STR(err, "line 2, column 3: a quote opened here is never closed");
    csv_read_close(r);
}

TEST(text_after_a_closing_quote)
{
    CHECK_FAILS("x;\"ab\"c;d", 9, "line 1, column 7: text after a closing quote");
    CHECK_FAILS("1\n\"a\nb\" ;c", 10, "line 3, column 3: text after a closing quote");
    CHECK_FAILS("\xC3\xA9;\"\xC3\xA0" "b\"x", 9, "line 1, column 7: text after a closing quote");
}

TEST(nul_byte_refused)
{
    CHECK_FAILS("ab\0c", 4, "line 1, column 3: a NUL byte: this is not a text file");
    CHECK_FAILS("a\n\"b\0\"", 6, "line 2, column 3: a NUL byte: this is not a text file");
    CHECK_FAILS("\xE9\0", 2, "line 1, column 2: a NUL byte: this is not a text file");
}

TEST(columns_in_characters)
{
    char err[256];
    /* é ; ç a ; " œ u f " ; z */
    const char *data = "\xC3\xA9;\xC3\xA7" "a;\"\xC5\x93uf\";z\n\"a\nbc\";d;\xE2\x82\xAC;e\n";
    struct csv_reader *r = csv_read_open(data, strlen(data), err, sizeof err);
    struct csv_row row;
    CHECK_INT(csv_read_row(r, &row, err, sizeof err), 1);
    CHECK_INT(row.n, 4);
    CHECK_INT(row.cols[0], 1);
    CHECK_INT(row.cols[1], 3);
    CHECK_INT(row.cols[2], 6);
    CHECK_INT(row.cols[3], 12);
    CHECK_STR(row.cells[2], "\xC5\x93uf");
    CHECK_INT(csv_read_row(r, &row, err, sizeof err), 1);
    CHECK_INT(row.line, 2);
    CHECK_INT(row.n, 4);
    CHECK_INT(row.cols[0], 1);        /* on line 2 */
    CHECK_INT(row.cols[1], 5);        /* on line 3, where the cell is */
    CHECK_INT(row.cols[2], 7);
    CHECK_INT(row.cols[3], 9);
    CHECK_INT(csv_read_row(r, &row, err, sizeof err), 0);
    csv_read_close(r);
}

/* n cells "a;a;...;a", after prefix. */
static char *cells(const char *prefix, int n)
{
    struct strbuf b = {0};
    strbuf_adds(&b, prefix);
    for (int i = 0; i < n; i++)
        strbuf_adds(&b, i == 0 ? "a" : ";a");
    return strbuf_take(&b);
}

TEST(too_many_cells_refused)
{
    char err[256];
    char *ok = cells("", CSV_ROW_MAX_CELLS), *bad = cells("x\n", CSV_ROW_MAX_CELLS + 1);
    struct csv_reader *r = csv_read_open(ok, strlen(ok), err, sizeof err);
    struct csv_row row;
    CHECK_INT(csv_read_row(r, &row, err, sizeof err), 1);
    CHECK_INT(row.n, CSV_ROW_MAX_CELLS);
    CHECK_INT(row.cols[CSV_ROW_MAX_CELLS - 1], 2 * CSV_ROW_MAX_CELLS - 1);
    csv_read_close(r);
    CHECK_FAILS(bad, strlen(bad), "line 2, column 513: a row has more than 256 cells");
    free(ok);
    free(bad);
}

TEST(too_long_cell_refused)
{
    size_t max = CSV_CELL_MAX_BYTES;
    char *s = xmalloc(max + 8);
    memset(s, 'x', max + 8);
    char err[256];
    struct csv_reader *r = csv_read_open(s, max, err, sizeof err);   /* just the limit */
    struct csv_row row;
    CHECK_INT(csv_read_row(r, &row, err, sizeof err), 1);
    CHECK_INT(strlen(row.cells[0]), max);
    csv_read_close(r);
    memcpy(s, "a;", 2);
    CHECK_FAILS(s, max + 3, "line 1, column 3: a cell is longer than 65536 bytes");
    s[2] = '"';
    s[max + 4] = '"';   /* quoted: max + 1 bytes inside */
    CHECK_FAILS(s, max + 5, "line 1, column 3: a cell is longer than 65536 bytes");
    memcpy(s + 3, "\"\"", 2);   /* "" counts as one byte: now max inside */
    char *d = dump_n(s, max + 5, err, sizeof err);
    CHECK(d != NULL);
    CHECK_INT(d ? strlen(d) : 0, strlen("1:a|") + max);
    free(d);
    free(s);
}

TEST(empty_input)
{
    char err[256] = "";
    struct csv_reader *r = csv_read_open(NULL, 0, err, sizeof err);
    CHECK(r != NULL);
    if (!r)
        return;
    struct csv_row row;
    CHECK_INT(csv_read_row(r, &row, err, sizeof err), 0);
    CHECK_INT(csv_read_row(r, &row, err, sizeof err), 0);
    CHECK_STR(err, "");
    CHECK_STR(csv_read_encoding(r), "UTF-8");
    csv_read_close(r);
    csv_read_close(NULL);
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

TEST(hundred_thousand_rows_in_linear_time)
{
    enum { ROWS = 100000 };
    struct strbuf b = {0};
    strbuf_adds(&b, "id;commune;visites;note\r\n");
    for (int i = 1; i <= ROWS; i++) {
        char line[128];
        snprintf(line, sizeof line, "%d;Plo\xC3\xABrmel %d;%d;\"dit \"\"oui\"\"; %d\"\r\n",
                 i, i, i * 7, i);
        strbuf_adds(&b, line);
    }
    size_t len = b.len;
    char *data = strbuf_take(&b);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    char err[256];
    struct csv_reader *r = csv_read_open(data, len, err, sizeof err);
    struct csv_row row;
    int rows = 0, rc;
    char last[256] = "";
    while ((rc = csv_read_row(r, &row, err, sizeof err)) == 1) {
        rows++;
        if (row.n == 4)
            snprintf(last, sizeof last, "%d:%s|%s|%s|%s", row.line, row.cells[0],
                     row.cells[1], row.cells[2], row.cells[3]);
    }
    double took = seconds_since(&t0);
    csv_read_close(r);
    free(data);
    CHECK_INT(rc, 0);
    CHECK_INT(rows, ROWS + 1);
    CHECK_STR(last, "100001:100000|Plo\xC3\xABrmel 100000|700000|dit \"oui\"; 100000");
    /* Well under a second natively; valgrind (LD_PRELOAD) runs it tens of times slower. */
    const char *preload = getenv("LD_PRELOAD");
    CHECK(took < (preload && strstr(preload, "vgpreload") ? 60.0 : 1.0));
}

TESTS(T(separator_is_the_most_frequent_on_the_first_line), T(byte_order_mark_dropped),
      T(line_ends_crlf_lf_cr), T(quoted_cells), T(empty_cells_and_trailing_separator),
      T(windows_1252_converted), T(undefined_windows_1252_bytes_refused),
      T(quote_never_closed), T(text_after_a_closing_quote), T(nul_byte_refused),
      T(columns_in_characters), T(too_many_cells_refused), T(too_long_cell_refused),
      T(empty_input), T(hundred_thousand_rows_in_linear_time))
