/* csv — see csv.h. */
#include "suivi/base/csv.h"

#include <string.h>

#include "suivi/base/sanitize.h"

static const char BOM[] = "\xEF\xBB\xBF";

static char separator(const struct table_out *t)
{
    return t->format == OUT_CSV_RFC4180 ? ',' : ';';
}

static bool needs_quotes(const char *s, char sep)
{
    for (; *s; s++)
        if (*s == sep || *s == '"' || *s == '\n' || *s == '\r')
            return true;
    return false;
}

static bool looks_like_formula(const char *s)
{
    return *s && strchr("=+-@\t\r", *s) != NULL;
}

static void csv_cell(struct table_out *t, const char *s)
{
    char sep = separator(t);
    if (t->col > 0)
        fputc(sep, t->f);
    if (!s)
        return;
    bool quote = needs_quotes(s, sep);
    if (quote)
        fputc('"', t->f);
    if (looks_like_formula(s))
        fputc('\'', t->f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', t->f);
        fputc(*s, t->f);
    }
    if (quote)
        fputc('"', t->f);
}

/* Escaped rather than written: what a terminal would act on or hide (controls,
 * C1 controls, bidi and invisible characters); a JSON reader turns the escape
 * back into the character. */
static bool json_escapes(uint32_t cp)
{
    return cp < 0x20 || cp == '"' || cp == '\\' || (cp >= 0x7F && cp <= 0x9F) ||
           cp == 0x061C || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
           (cp >= 0x2060 && cp <= 0x2069) || cp == 0xFEFF;
}

void json_write_string(FILE *f, const char *s)
{
    if (!s) {
        fputs("null", f);
        return;
    }
    fputc('"', f);
    size_t left = strlen(s);
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        uint32_t cp = 0xFFFD;                    /* an invalid byte: U+FFFD */
        size_t n = utf8_decode(p, left, &cp);
        if (cp == '"' || cp == '\\')
            fprintf(f, "\\%c", (char)cp);
        else if (cp == '\n')
            fputs("\\n", f);                     /* the short form, for a reader's eyes */
        else if (n == 0 || json_escapes(cp))
            fprintf(f, "\\u%04x", (unsigned)cp);
        else
            fwrite(p, 1, n, f);
        p += n ? n : 1;
        left -= n ? n : 1;
    }
    fputc('"', f);
}

static void json_key(struct table_out *t)
{
    fputs(t->col == 0 ? (t->rows ? ",\n  {" : "\n  {") : ", ", t->f);
    json_write_string(t->f, t->col < t->ncolumns ? t->columns[t->col] : "?");
    fputs(": ", t->f);
}

void table_begin(struct table_out *t, FILE *f, enum out_format format,
                 const char *const *columns)
{
    memset(t, 0, sizeof *t);
    t->f = f;
    t->format = format;
    t->columns = columns;
    while (columns[t->ncolumns])
        t->ncolumns++;
    if (format == OUT_JSON) {
        fputc('[', f);
        return;
    }
    if (format == OUT_CSV_EXCEL)
        fputs(BOM, f);
    for (int i = 0; i < t->ncolumns; i++) {
        t->col = i;
        csv_cell(t, columns[i]);
    }
    fputs("\r\n", f);
    t->col = 0;
}

void table_text(struct table_out *t, const char *text)
{
    if (t->format == OUT_JSON) {
        json_key(t);
        json_write_string(t->f, text);
    } else {
        csv_cell(t, text);
    }
    t->col++;
}

void table_int(struct table_out *t, int64_t v)
{
    if (t->format == OUT_JSON)
        json_key(t);
    else if (t->col > 0)
        fputc(separator(t), t->f);
    fprintf(t->f, "%lld", (long long)v);
    t->col++;
}

void table_end_row(struct table_out *t)
{
    fputs(t->format == OUT_JSON ? "}" : "\r\n", t->f);
    t->col = 0;
    t->rows++;
}

int table_end(struct table_out *t)
{
    if (t->format == OUT_JSON)
        fputs(t->rows ? "\n]\n" : "]\n", t->f);
    fflush(t->f);
    return ferror(t->f) ? -1 : 0;
}

int out_format_parse(const char *name, enum out_format *out)
{
    static const struct { const char *name; enum out_format f; } names[] = {
        { "csv", OUT_CSV_EXCEL }, { "excel", OUT_CSV_EXCEL },
        { "rfc4180", OUT_CSV_RFC4180 }, { "json", OUT_JSON },
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i].name) == 0) {
            *out = names[i].f;
            return 0;
        }
    return -1;
}
