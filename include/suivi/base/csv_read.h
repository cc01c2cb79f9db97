/* csv_read — rows in from a CSV file, the way spreadsheets and other tools write them.
 *
 * Why: usage statistics arrive as CSV exported by whatever tool the structure has
 * (LibreOffice, Excel in France, a web service).  They disagree on everything csv.h
 * settles for our own output, so the reader guesses instead of asking the user:
 *
 *   encoding    a UTF-8 byte order mark is dropped.  Text that is valid UTF-8 is read
 *               as UTF-8; anything else as windows-1252 (what Excel writes in France;
 *               it covers Latin-1), converted to UTF-8.  A byte windows-1252 leaves
 *               undefined (0x81 0x8D 0x8F 0x90 0x9D) is an error.  A file that starts
 *               with the UTF-8 mark but is not UTF-8 further on is an error too, never
 *               read as windows-1252: its accents would silently become "Ã©".
 *   separator   ';', ',' or a tab: the one seen most often outside quotes on the first
 *               non-empty line.  Ties go to ';', then ','.
 *   line ends   CRLF, LF or CR, even mixed.
 *   quotes      as RFC 4180: a cell that starts with '"' runs to the next lone quote and
 *               may hold separators, doubled quotes ("" -> ") and line breaks (kept as
 *               "\n").  Only the separator or the line end may follow its closing quote.
 *               A quote inside an unquoted cell (ab"c) is an ordinary character.
 *
 * Cells are given as they are, never trimmed: the caller decides what spaces mean.
 * Empty lines (nothing but the line end) are skipped.  Nothing is ever truncated: a
 * NUL byte, a row of more than CSV_ROW_MAX_CELLS cells or a cell of more than
 * CSV_CELL_MAX_BYTES bytes is an error.  Errors are sentences for the user, naming
 * where: "line 4, column 12: a quote opened here is never closed"; columns count
 * characters of the decoded line, as an editor does, from 1.
 *
 * The whole file is in memory (a few MB at most); each row is read in time linear
 * in its length. */
#ifndef SUIVI_CSV_READ_H
#define SUIVI_CSV_READ_H

#include <stddef.h>

#define CSV_ROW_MAX_CELLS 256
#define CSV_CELL_MAX_BYTES 65536

struct csv_row {
    char **cells;     /* UTF-8, NUL-terminated; quotes removed, "" -> " */
    int n;            /* cells in this row */
    int line;         /* 1-based line of the file where the row starts */
    int *cols;        /* 1-based column (in characters, as an editor counts) where each cell starts */
};

struct csv_reader;

/* A reader over a whole file's bytes (data, len; need not be NUL-terminated; copied,
 * so data may be freed afterwards).  Returns NULL with err ("line 3, column 7: ...")
 * when the encoding is wrong. */
struct csv_reader *csv_read_open(const char *data, size_t len, char *err, size_t errlen);
/* The next row into *row (valid until the next call or csv_read_close): 1, 0 at the
 * end, -1 with err naming the line and column (a quote never closed: where it opened;
 * text after a closing quote, as in "ab"c: that text; a NUL byte; too many cells or a
 * cell too long: where that cell starts).  After -1 every call returns -1 again. */
int csv_read_row(struct csv_reader *r, struct csv_row *row, char *err, size_t errlen);
const char *csv_read_encoding(const struct csv_reader *r);   /* "UTF-8" or "windows-1252" */
char csv_read_separator(const struct csv_reader *r);         /* ';', ',' or '\t' */
void csv_read_close(struct csv_reader *r);                   /* NULL is fine */

#endif
