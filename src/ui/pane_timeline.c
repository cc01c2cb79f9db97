/* pane_timeline — the right top pane: the selected member's interactions, newest
 * first: date, kind, subject, author. */
#include <stdio.h>
#include <string.h>

#include "suivi/panes.h"
#include "suivi/sanitize.h"
#include "suivi/term.h"

#define KIND_COLS 8
#define AUTHOR_COLS 8
#define MIN_SUBJECT_COLS 16

static int fetch(struct listview *lv, enum page_dir dir, const void *anchor, int limit,
                 void *rows, int *n)
{
    struct panes_ctx *c = lv->ctx;
    *n = 0;
    if (!c->member_id)
        return STORE_OK;
    return store_interactions_page(c->s, c->member_id, lv_filter(lv), dir, anchor, limit,
                                   rows, n);
}

static int get(struct listview *lv, int64_t id, void *row)
{
    struct panes_ctx *c = lv->ctx;
    return store_interaction_get(c->s, id, row);
}

static void release(void *row)
{
    interaction_clear(row);
}

static int64_t row_id(const void *row)
{
    return ((const struct interaction *)row)->id;
}

static bool same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool same(struct listview *lv, const void *a, const void *b)
{
    (void)lv;
    const struct interaction *x = a, *y = b;
    /* every drawn field: a row may change without a version bump (repairs by hand) */
    return x->id == y->id && x->version == y->version && x->occurred_at == y->occurred_at &&
           x->kind == y->kind && same_str(x->subject, y->subject) &&
           same_str(x->author, y->author);
}

static void draw(struct listview *lv, WINDOW *w, int y, int cols, const void *row, attr_t base)
{
    const struct panes_ctx *c = lv->ctx;
    const struct interaction *it = row;
    char date[64];
    pane_format_instant(c, it->occurred_at, date, sizeof date);
    /* margin, date, kind, subject, author; narrow panes drop the kind, then the author */
    int kind_cols = KIND_COLS, author_cols = AUTHOR_COLS;
    int subject_cols = cols - 1 - (c->date_cols + 1) - (kind_cols + 1) - (author_cols + 1);
    if (subject_cols < MIN_SUBJECT_COLS) {
        subject_cols += kind_cols + 1;
        kind_cols = 0;
    }
    if (subject_cols < MIN_SUBJECT_COLS) {
        subject_cols += author_cols + 1;
        author_cols = 0;
    }
    int x = lv_col(w, y, 1, c->date_cols, date, base);
    x = lv_col(w, y, x, kind_cols, enum_abbrev(&INTERACTION_KIND_NAMES, (int)it->kind), base);
    x = lv_col(w, y, x, subject_cols, it->subject, base);
    lv_col(w, y, x, author_cols, it->author, base);
}

static void title(struct listview *lv, char *buf, size_t len)
{
    const struct panes_ctx *c = lv->ctx;
    if (c->member_name)
        snprintf(buf, len, "Timeline %s %s", san_locale_is_utf8() ? "\u2014" : "-",
                 c->member_name);
    else
        snprintf(buf, len, "Timeline");
}

const struct lv_ops pane_timeline_ops = {
    .row_size = sizeof(struct interaction),
    .fetch = fetch,
    .get = get,
    .release = release,
    .id = row_id,
    .same = same,
    .draw = draw,
    .title = title,
};
