/* listview — see listview.h.
 *
 * The window of rows is a slice of the pane's ordered query; the only positions
 * known are the rows themselves, which serve as keyset anchors.  Every operation
 * fetches at most one window's worth of rows, so its cost does not depend on the
 * size of the table. */
#include "suivi/ui/listview.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suivi/base/i18n.h"
#include "suivi/base/xalloc.h"
#include "suivi/ui/term.h"

#include "listview_priv.h"

/* ---- batches ------------------------------------------------------------------ */

void batch_alloc(struct batch *b, const struct listview *lv, int cap)
{
    b->size = lv->ops->row_size;
    b->cap = cap > 0 ? cap : 1;
    b->n = 0;
    b->rows = xcalloc((size_t)b->cap, b->size);
}

void *batch_row(const struct batch *b, int i)
{
    return b->rows + (size_t)i * b->size;
}

/* Release the rows still owned by the batch (those not moved into the window). */
void batch_free(struct batch *b, const struct listview *lv, int from)
{
    for (int i = from; i < b->n; i++)
        lv->ops->release(batch_row(b, i));
    free(b->rows);
    b->rows = NULL;
}

int batch_fetch(struct listview *lv, struct batch *b, enum page_dir dir,
                const void *anchor, int limit)
{
    if (limit > b->cap)
        limit = b->cap;
    int n = 0;
    int rc = lv->ops->fetch(lv, dir, anchor, limit, b->rows, &n);
    if (rc != STORE_OK) {
        /* rows may hold partial results: release whatever was filled */
        for (int i = 0; i < limit; i++)
            lv->ops->release(batch_row(b, i));
        memset(b->rows, 0, (size_t)b->cap * b->size);
        b->n = 0;
        return rc;
    }
    b->n = n < 0 ? 0 : (n > limit ? limit : n);
    return STORE_OK;
}


void lv_init(struct listview *lv, const struct lv_ops *ops, void *ctx, const char *name)
{
    memset(lv, 0, sizeof *lv);
    lv->ops = ops;
    lv->ctx = ctx;
    lv->name = name;
    lv->dirty_all = lv->dirty_title = true;
}

void lv_clear_rows(struct listview *lv, int from, int to)
{
    for (int i = from; i < to; i++) {
        lv->ops->release(ROW(lv, i));
        memset(ROW(lv, i), 0, lv->ops->row_size);
    }
}

void lv_free(struct listview *lv)
{
    if (lv->rows)
        lv_clear_rows(lv, 0, lv->n);
    free(lv->rows);
    free(lv->dirty_row);
    if (lv->title_win)
        delwin(lv->title_win);
    if (lv->list_win)
        delwin(lv->list_win);
    lv->rows = NULL;
    lv->dirty_row = NULL;
    lv->title_win = lv->list_win = NULL;
    lv->n = lv->sel = lv->height = 0;
}

/* ---- window moves ------------------------------------------------------------- */

void lv_mark(struct listview *lv, int i)
{
    if (i >= 0 && i < lv->height)
        lv->dirty_row[i] = true;
}

void lv_select_row(struct listview *lv, int i)
{
    if (i < 0)
        i = 0;
    if (i > lv->n - 1)
        i = lv->n > 0 ? lv->n - 1 : 0;
    if (i == lv->sel)
        return;
    lv_mark(lv, lv->sel);
    lv_mark(lv, i);
    lv->sel = i;
}

/* Scroll the window's contents by d rows (d > 0: up) so that the terminal can
 * scroll too instead of repainting; pending repaint marks move along. */
static void scroll_window(struct listview *lv, int d)
{
    if (d == 0 || lv->dirty_all)
        return;
    if (d >= lv->height || -d >= lv->height) {
        lv->dirty_all = true;
        return;
    }
    scrollok(lv->list_win, TRUE);
    wscrl(lv->list_win, d);
    scrollok(lv->list_win, FALSE);   /* never scroll by writing the last cell */
    if (d > 0) {
        memmove(lv->dirty_row, lv->dirty_row + d, (size_t)(lv->height - d) * sizeof(bool));
        memset(lv->dirty_row + lv->height - d, 0, (size_t)d * sizeof(bool));
    } else {
        memmove(lv->dirty_row - d, lv->dirty_row, (size_t)(lv->height + d) * sizeof(bool));
        memset(lv->dirty_row, 0, (size_t)(-d) * sizeof(bool));
    }
}

/* Append the batch's rows below the window, dropping rows off the top as needed.
 * Returns the number of rows dropped. */
static int append_rows(struct listview *lv, struct batch *b)
{
    int k = b->n, d = lv->n + k - lv->height;
    if (d < 0)
        d = 0;
    if (d > 0) {
        int keep = lv->n - d;
        lv_clear_rows(lv, 0, d < lv->n ? d : lv->n);
        if (keep > 0)
            memmove(ROW(lv, 0), ROW(lv, d), (size_t)keep * lv->ops->row_size);
        lv->n = keep > 0 ? keep : 0;
        scroll_window(lv, d);
    }
    int first = b->n - (lv->height - lv->n);   /* only the last rows fit if k > height */
    if (first < 0)
        first = 0;
    for (int i = first; i < b->n; i++) {
        memcpy(ROW(lv, lv->n), batch_row(b, i), lv->ops->row_size);
        memset(batch_row(b, i), 0, b->size);
        lv_mark(lv, lv->n);
        lv->n++;
    }
    return d;
}

/* Prepend the batch's rows above the window, dropping rows off the bottom. */
static void prepend_rows(struct listview *lv, struct batch *b)
{
    int k = b->n > lv->height ? lv->height : b->n;
    int skip = b->n - k;                      /* oldest rows that do not fit */
    int keep = lv->n;
    if (keep + k > lv->height) {
        lv_clear_rows(lv, lv->height - k, lv->n);
        keep = lv->height - k;
    }
    if (keep > 0)
        memmove(ROW(lv, k), ROW(lv, 0), (size_t)keep * lv->ops->row_size);
    scroll_window(lv, -k);
    for (int i = 0; i < k; i++) {
        memcpy(ROW(lv, i), batch_row(b, skip + i), lv->ops->row_size);
        memset(batch_row(b, skip + i), 0, b->size);
        lv_mark(lv, i);
    }
    if (keep + k < lv->n)
        for (int i = keep + k; i < lv->n; i++)
            lv_mark(lv, i);
    lv->n = keep + k;
}

/* Replace the whole window with the batch. */
static void replace_rows(struct listview *lv, struct batch *b, int sel)
{
    lv_clear_rows(lv, 0, lv->n);
    lv->n = 0;
    int k = b->n > lv->height ? lv->height : b->n;
    for (int i = 0; i < k; i++) {
        memcpy(ROW(lv, i), batch_row(b, i), lv->ops->row_size);
        memset(batch_row(b, i), 0, b->size);
    }
    lv->n = k;
    lv->sel = sel < 0 ? 0 : (sel >= k ? (k > 0 ? k - 1 : 0) : sel);
    lv->dirty_all = true;
}

/* True when a row sorts before the window's first: the window is not at the start.
 * One row read, only after a move that may have reached the start. */
static int check_start(struct listview *lv)
{
    if (lv->n == 0) {
        lv->at_start = true;
        return STORE_OK;
    }
    struct batch b;
    batch_alloc(&b, lv, 1);
    int rc = batch_fetch(lv, &b, PAGE_BEFORE, ROW(lv, 0), 1);
    lv->at_start = rc == STORE_OK && b.n == 0;
    batch_free(&b, lv, 0);
    return rc;
}

int lv_move(struct listview *lv, int delta)
{
    if (lv->n == 0 || delta == 0 || lv->height <= 0)
        return STORE_OK;
    int line = delta == 1 || delta == -1;
    if (line && lv->sel + delta >= 0 && lv->sel + delta < lv->n) {
        lv_select_row(lv, lv->sel + delta);
        return STORE_OK;
    }
    int want = line ? 1 : (abs(delta) < lv->height ? abs(delta) : lv->height);
    struct batch b;
    batch_alloc(&b, lv, want);
    int rc, s = lv->sel;
    if (delta > 0) {
        rc = batch_fetch(lv, &b, PAGE_AFTER, ROW(lv, lv->n - 1), want);
        if (rc == STORE_OK) {
            int d = append_rows(lv, &b);
            lv->at_start = lv->at_start && d == 0;
            lv->sel = s - d < 0 ? 0 : s - d;
            lv_mark(lv, lv->sel);
            lv_select_row(lv, s - d + delta);
        }
    } else {
        rc = batch_fetch(lv, &b, PAGE_BEFORE, ROW(lv, 0), want);
        if (rc == STORE_OK) {
            int k = b.n > lv->height ? lv->height : b.n;
            prepend_rows(lv, &b);
            lv->sel = s + k >= lv->n ? lv->n - 1 : s + k;
            lv_mark(lv, lv->sel);
            lv_select_row(lv, s + k + delta);
            lv->at_start = k < want;
        }
    }
    batch_free(&b, lv, 0);
    if (rc == STORE_OK && delta < 0 && !lv->at_start)
        rc = check_start(lv);
    return rc;
}

static int load_edge(struct listview *lv, enum page_dir dir)
{
    struct batch b;
    batch_alloc(&b, lv, lv->height);
    int rc = batch_fetch(lv, &b, dir, NULL, lv->height);
    if (rc == STORE_OK)
        replace_rows(lv, &b, dir == PAGE_FIRST ? 0 : b.n - 1);
    batch_free(&b, lv, 0);
    if (rc == STORE_OK)
        rc = dir == PAGE_FIRST ? (lv->at_start = true, STORE_OK) : check_start(lv);
    return rc;
}

int lv_first(struct listview *lv)
{
    return load_edge(lv, PAGE_FIRST);
}

int lv_last(struct listview *lv)
{
    return load_edge(lv, PAGE_LAST);
}

int lv_reset(struct listview *lv)
{
    return lv_first(lv);
}

/* ---- geometry ----------------------------------------------------------------- */

/* Keep the rows that still fit in `height`, the selection among them. */
static void shrink_rows(struct listview *lv, int height)
{
    if (lv->n <= height)
        return;
    if (height <= 0) {
        lv_clear_rows(lv, 0, lv->n);
        lv->n = lv->sel = 0;
        return;
    }
    int top = lv->sel >= height ? lv->sel - height + 1 : 0;
    lv_clear_rows(lv, 0, top);
    if (top > 0)
        memmove(ROW(lv, 0), ROW(lv, top), (size_t)(lv->n - top) * lv->ops->row_size);
    lv->n -= top;
    lv->sel -= top;
    lv_clear_rows(lv, height, lv->n);
    lv->n = height;
}

int lv_place(struct listview *lv, int y, int x, int h, int w)
{
    if (lv->title_win)
        delwin(lv->title_win);
    if (lv->list_win)
        delwin(lv->list_win);
    lv->title_win = lv->list_win = NULL;
    int height = h - 1 > 0 ? h - 1 : 0;
    if (lv->rows)
        shrink_rows(lv, height);
    unsigned char *rows = xcalloc((size_t)(height > 0 ? height : 1), lv->ops->row_size);
    if (lv->rows && lv->n > 0)
        memcpy(rows, lv->rows, (size_t)lv->n * lv->ops->row_size);
    free(lv->rows);
    lv->rows = rows;
    free(lv->dirty_row);
    lv->dirty_row = xcalloc((size_t)(height > 0 ? height : 1), sizeof(bool));
    lv->height = height;
    lv->width = w;
    lv->dirty_all = lv->dirty_title = true;
    if (h <= 0 || w <= 0)
        return STORE_OK;
    lv->title_win = newwin(1, w, y, x);
    if (height > 0) {
        lv->list_win = newwin(height, w, y + 1, x);
        if (lv->list_win)
            idlok(lv->list_win, TRUE);
    }
    if (height <= 0 || lv->n >= height)
        return STORE_OK;
    /* Taller than before: re-read the slice from the same place to fill it. */
    return lv_reload(lv, NULL);
}

/* ---- selection, focus, drawing ------------------------------------------------- */

const void *lv_selected(const struct listview *lv)
{
    return lv->n > 0 ? (const void *)(lv->rows + (size_t)lv->sel * lv->ops->row_size) : NULL;
}

int64_t lv_selected_id(const struct listview *lv)
{
    const void *r = lv_selected(lv);
    return r ? lv->ops->id(r) : 0;
}

void lv_set_focus(struct listview *lv, bool focused)
{
    if (lv->focused == focused)
        return;
    lv->focused = focused;
    lv->dirty_title = true;
    if (lv->n > 0)
        lv_mark(lv, lv->sel);
}

void lv_touch(struct listview *lv)
{
    lv->dirty_all = lv->dirty_title = true;
    if (lv->title_win)
        touchwin(lv->title_win);
    if (lv->list_win)
        touchwin(lv->list_win);
}

void lv_touch_title(struct listview *lv)
{
    lv->dirty_title = true;
}

void lv_touch_selected(struct listview *lv)
{
    if (lv->n > 0)
        lv_mark(lv, lv->sel);
}

static void draw_title(struct listview *lv)
{
    char title[512], full[640];
    lv->ops->title(lv, title, sizeof title);
    if (lv->filtering)
        snprintf(full, sizeof full, " %s  /%s_", title, lv->filter);
    else if (lv->filter[0])
        snprintf(full, sizeof full, " %s  [filter: %s]", title, lv->filter);
    else
        snprintf(full, sizeof full, " %s", title);
    attr_t a = term_attr(lv->focused ? ROLE_TITLE : ROLE_TITLE_DIM);
    term_draw_text(lv->title_win, 0, 0, lv->width, full, a);
}

static void draw_row(struct listview *lv, int i)
{
    WINDOW *w = lv->list_win;
    if (i >= lv->n) {
        mvwhline(w, i, 0, ' ', lv->width);
        if (i == 0) {
            const char *msg = lv->filter[0] ? _("(no match)") : _("(none)");
            term_draw_text(w, 0, 1, lv->width - 1, msg, term_attr(ROLE_DIM));
        }
        return;
    }
    attr_t base = term_attr(ROLE_NORMAL);
    if (i == lv->sel)
        base = term_attr(lv->focused ? ROLE_SELECTED : ROLE_SELECTED_DIM);
    mvwhline(w, i, 0, ' ' | base, lv->width);
    lv->ops->draw(lv, w, i, lv->width, ROW(lv, i), base);
}

void lv_draw(struct listview *lv)
{
    if (lv->title_win && lv->dirty_title) {
        draw_title(lv);
        wnoutrefresh(lv->title_win);
    }
    lv->dirty_title = false;
    if (!lv->list_win)
        return;
    bool any = lv->dirty_all;
    for (int i = 0; i < lv->height; i++) {
        if (lv->dirty_all || lv->dirty_row[i]) {
            draw_row(lv, i);
            any = true;
        }
        lv->dirty_row[i] = false;
    }
    lv->dirty_all = false;
    if (any || is_wintouched(lv->list_win))
        wnoutrefresh(lv->list_win);
}

/* ---- filter ------------------------------------------------------------------- */

const char *lv_filter(const struct listview *lv)
{
    return lv->filter[0] ? lv->filter : NULL;
}

bool lv_filter_append(struct listview *lv, const char *utf8)
{
    size_t have = strlen(lv->filter), add = strlen(utf8);
    if (have + add >= sizeof lv->filter)
        return false;
    memcpy(lv->filter + have, utf8, add + 1);
    lv->dirty_title = true;
    return true;
}

void lv_filter_erase(struct listview *lv)
{
    size_t n = strlen(lv->filter);
    while (n > 0) {
        n--;
        if (((unsigned char)lv->filter[n] & 0xC0) != 0x80)
            break;   /* reached the first byte of the last character */
    }
    lv->filter[n] = '\0';
    lv->dirty_title = true;
}

void lv_filter_clear(struct listview *lv)
{
    lv->filter[0] = '\0';
    lv->dirty_title = true;
}

int lv_col(WINDOW *w, int y, int x, int cols, const char *text, attr_t attr)
{
    if (cols <= 0)
        return x;
    term_draw_text(w, y, x, cols, text, attr);
    return x + cols + 1;
}
