/* csv — rows out as CSV or JSON, the way the tools that read them expect.
 *
 * CSV for spreadsheets in France (CSV_EXCEL, the default): UTF-8 with a byte order
 * mark (without it Excel reads the file as windows-1252) and ';' between fields
 * (',' is the decimal mark there).  CSV_RFC4180: no mark, ','.  Both end lines with
 * CRLF and quote a field holding the separator, a quote or a line break, doubling
 * its quotes.
 *
 * A text cell that starts with '=', '+', '-', '@', a tab or a carriage return would
 * be run as a formula by LibreOffice or Excel ("=HYPERLINK(…)" from a member's
 * name): it gets a leading apostrophe, which both show as text.  Numbers go through
 * csv_int and are never touched.
 *
 * JSON: an array of objects, one per row, keys from the header; strings as
 * json_write_string writes them. */
#ifndef SUIVI_CSV_H
#define SUIVI_CSV_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum out_format { OUT_CSV_EXCEL, OUT_CSV_RFC4180, OUT_JSON };

struct table_out {
    FILE *f;
    enum out_format format;
    const char *const *columns;   /* the header: column names, NULL-terminated */
    int ncolumns, col;            /* columns; the next column of the row */
    long rows;                    /* rows written */
};

/* Start: the byte order mark and header (CSV), or '[' (JSON). */
void table_begin(struct table_out *t, FILE *f, enum out_format format,
                 const char *const *columns);
/* The next cell of the row: text (NULL: empty / null) or a number. */
void table_text(struct table_out *t, const char *text);
void table_int(struct table_out *t, int64_t v);
void table_end_row(struct table_out *t);
/* Close the array (JSON).  Returns 0, or -1 when a write failed (ferror). */
int table_end(struct table_out *t);

/* s as a JSON string (NULL: null), valid UTF-8 whatever s holds and safe on a
 * terminal: quotes and backslashes escaped, a line feed as \n, controls, C1
 * controls, bidi and invisible characters as \u escapes (which a JSON reader
 * turns back into the original), invalid UTF-8 as \ufffd.  For every JSON suivi
 * writes: the tables here, the command line's records and search hits. */
void json_write_string(FILE *f, const char *s);

/* "excel", "rfc4180", "json" (and "csv" = excel): 0, or -1 when unknown. */
int out_format_parse(const char *name, enum out_format *out);

#endif
