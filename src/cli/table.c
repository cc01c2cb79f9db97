/* table — lists on stdout: a header, then one row per line.  On a terminal the
 * columns are padded to line up (by display width); otherwise one tab between
 * cells, for scripts (cut -f, awk -F'\t').  Cells are sanitised, so a tab or a
 * newline in a name can neither add a column nor a row. */
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/xalloc.h"

void table_init(struct table *t, int ncols, const char *const *header)
{
    *t = (struct table){ .ncols = ncols };
    table_add(t, header);
}

void table_add(struct table *t, const char *const *row)
{
    if (t->nrows == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 16;
        t->cells = xreallocarray(t->cells, (size_t)t->cap * (size_t)t->ncols,
                                 sizeof *t->cells);
    }
    for (int i = 0; i < t->ncols; i++)
        t->cells[t->nrows * t->ncols + i] = san_line_dup(row[i] ? row[i] : "");
    t->nrows++;
}

int table_print(struct table *t, FILE *f)
{
    bool aligned = isatty(fileno(f));
    int *width = xcalloc((size_t)t->ncols, sizeof *width);
    for (int r = 0; aligned && r < t->nrows; r++)
        for (int i = 0; i < t->ncols; i++) {
            int w = san_width(t->cells[r * t->ncols + i]);
            width[i] = w > width[i] ? w : width[i];
        }
    for (int r = 0; r < t->nrows; r++) {
        for (int i = 0; i < t->ncols; i++) {
            const char *cell = t->cells[r * t->ncols + i];
            bool last = i == t->ncols - 1;
            fputs(cell, f);
            if (!last && aligned)
                fprintf(f, "%*s", width[i] - san_width(cell) + 2, "");
            else if (!last)
                fputc('\t', f);
        }
        fputc('\n', f);
    }
    free(width);
    return fflush(f) == 0 && !ferror(f) ? 0 : EXIT_RUNTIME;
}

void table_free(struct table *t)
{
    for (int i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    free(t->cells);
    *t = (struct table){0};
}
