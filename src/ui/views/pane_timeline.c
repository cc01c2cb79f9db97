/* pane_timeline — the right top pane: the selected member's interactions, newest
 * first: date, kind, subject, author. */

#include "suivi/ui/panes.h"
#include "suivi/ui/term.h"
#include "panes_priv.h"

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

/* What the row shows besides its id and version. */
static bool same_fields(const struct interaction *x, const struct interaction *y)
{
    return x->occurred_at == y->occurred_at && x->kind == y->kind &&
           pane_same_str(x->subject, y->subject) && pane_same_str(x->author, y->author);
}

PANE_ROW_OPS(interaction, store_interaction_get, interaction_clear)

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
    pane_title(buf, len, "Timeline", c->member_name);
}

const struct lv_ops pane_timeline_ops = {
    .row_size = sizeof(struct interaction),
    .fetch = fetch,
    .get = row_get,
    .release = row_release,
    .id = row_id,
    .same = row_same,
    .draw = draw,
    .title = title,
};
