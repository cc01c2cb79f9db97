/* pane_members — the left pane: every member, by name; kind and open actions. */
#include <stdio.h>
#include <string.h>

#include "suivi/panes.h"
#include "suivi/sanitize.h"
#include "suivi/term.h"

#define COUNT_COLS 3

static int kind_cols(void)
{
    static int cols;   /* constant for the run: the widest abbreviation */
    if (!cols)
        for (int k = 0; k < MEMBER_KIND_COUNT; k++) {
            int w = san_width(enum_abbrev(&MEMBER_KIND_NAMES, k));
            cols = w > cols ? w : cols;
        }
    return cols;
}

static int fetch(struct listview *lv, enum page_dir dir, const void *anchor, int limit,
                 void *rows, int *n)
{
    struct panes_ctx *c = lv->ctx;
    return store_members_page(c->s, lv_filter(lv), dir, anchor, limit, rows, n);
}

static int get(struct listview *lv, int64_t id, void *row)
{
    struct panes_ctx *c = lv->ctx;
    return store_member_get(c->s, id, row);
}

static void release(void *row)
{
    member_clear(row);
}

static int64_t row_id(const void *row)
{
    return ((const struct member *)row)->id;
}

static bool same(struct listview *lv, const void *a, const void *b)
{
    (void)lv;
    const struct member *x = a, *y = b;
    return x->id == y->id && x->version == y->version && x->open_actions == y->open_actions;
}

static void draw(struct listview *lv, WINDOW *w, int y, int cols, const void *row, attr_t base)
{
    (void)lv;
    const struct member *m = row;
    int kc = kind_cols();
    int name_cols = cols - 1 - kc - 1 - COUNT_COLS - 1;
    char count[16] = "";
    if (m->open_actions > 999)
        snprintf(count, sizeof count, "1k+");
    else if (m->open_actions > 0)
        snprintf(count, sizeof count, "%3d", m->open_actions);
    int x = lv_col(w, y, 1, name_cols, m->name, base);
    x = lv_col(w, y, x, kc, enum_abbrev(&MEMBER_KIND_NAMES, (int)m->kind), base);
    lv_col(w, y, x, COUNT_COLS, count, base);
}

static void title(struct listview *lv, char *buf, size_t len)
{
    (void)lv;
    snprintf(buf, len, "Members");
}

const struct lv_ops pane_members_ops = {
    .row_size = sizeof(struct member),
    .fetch = fetch,
    .get = get,
    .release = release,
    .id = row_id,
    .same = same,
    .draw = draw,
    .title = title,
};
