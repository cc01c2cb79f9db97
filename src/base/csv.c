/* csv — see csv.h. */
#include "suivi/base/csv.h"

#include <string.h>

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

/* Length of the valid UTF-8 sequence at s, or 0. */
static int utf8_len(const unsigned char *s)
{
    int n = s[0] < 0x80 ? 1 : s[0] >= 0xC2 && s[0] <= 0xDF ? 2
          : s[0] >= 0xE0 && s[0] <= 0xEF ? 3 : s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : 0;
    for (int i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if ((n == 3 && s[0] == 0xE0 && s[1] < 0xA0) || (n == 3 && s[0] == 0xED && s[1] >= 0xA0) ||
        (n == 4 && s[0] == 0xF0 && s[1] < 0x90) || (n == 4 && s[0] == 0xF4 && s[1] >= 0x90))
        return 0;   /* overlong forms and surrogates */
    return n;
}

static void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; ) {
        int n = utf8_len(p);
        if (n == 0) {
            fputs("\\ufffd", f);
            p++;
        } else if (*p == '"' || *p == '\\') {
            fprintf(f, "\\%c", *p++);
        } else if (*p == '\n') {
            fputs("\\n", f), p++;
        } else if (*p < 0x20 || *p == 0x7f) {
            fprintf(f, "\\u%04x", *p++);
        } else {
            fwrite(p, 1, (size_t)n, f);
            p += n;
        }
    }
    fputc('"', f);
}

static void json_key(struct table_out *t)
{
    fputs(t->col == 0 ? (t->rows ? ",\n  {" : "\n  {") : ", ", t->f);
    json_string(t->f, t->col < t->ncolumns ? t->columns[t->col] : "?");
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
        if (text)
            json_string(t->f, text);
        else
            fputs("null", t->f);
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
