/* refresh — re-reading a list window in place (after someone else's write) and
 * bringing a given row on screen (see listview.h).
 *
 * The window is re-read around its selected row, the cursor kept on the same record
 * and, when it can be, on the same screen row.  A window that showed the start of
 * the list keeps showing it, so that a row another session adds before the first
 * (a new newest interaction, a new overdue P1, a member that sorts first) appears.
 * A selected record that moved in the list (its priority changed) is followed; one
 * that left it (closed, filtered out) leaves the cursor where it was.  Every step
 * fetches at most a window of rows: the cost does not depend on the table's size. */
#include <stdlib.h>
#include <string.h>

#include "listview_priv.h"

/* Fill the batch with a window's worth of rows starting just after `before` (NULL:
 * from the first row), topped up from above when the end is reached.  *at_start:
 * the batch begins with the list's first row. */
static int fetch_window(struct listview *lv, struct batch *b, const void *before,
                        bool *at_start)
{
    *at_start = before == NULL;
    int rc = batch_fetch(lv, b, before ? PAGE_AFTER : PAGE_FIRST, before, lv->height);
    if (rc != STORE_OK || b->n >= lv->height || !before)
        return rc;
    /* Short: the list ends here.  Top up with the rows just above. */
    int want = lv->height - b->n;
    struct batch up;
    batch_alloc(&up, lv, want);
    rc = b->n > 0 ? batch_fetch(lv, &up, PAGE_BEFORE, batch_row(b, 0), want)
                  : batch_fetch(lv, &up, PAGE_LAST, NULL, lv->height);
    if (rc == STORE_OK) {
        *at_start = up.n < want || b->n == 0;
        if (up.n > 0) {
            if (b->n > 0)
                memmove(batch_row(b, up.n), batch_row(b, 0), (size_t)b->n * b->size);
            else
                up.n = up.n > b->cap ? b->cap : up.n;
            memcpy(b->rows, up.rows, (size_t)up.n * b->size);
            memset(up.rows, 0, (size_t)up.n * up.size);
            b->n += up.n;
        }
    }
    batch_free(&up, lv, 0);
    return rc;
}

static bool batch_has(const struct listview *lv, const struct batch *b, int64_t id)
{
    for (int i = 0; id && i < b->n; i++)
        if (lv->ops->id(batch_row(b, i)) == id)
            return true;
    return false;
}

/* Install a freshly fetched window, repainting only the rows that differ, and put
 * the selection on `keep_id` if present, else at index `fallback`. */
static bool install_window(struct listview *lv, struct batch *b, int64_t keep_id, int fallback,
                           bool at_start)
{
    bool changed = false;
    int k = b->n > lv->height ? lv->height : b->n;
    int old_sel = lv->sel;
    for (int i = 0; i < k || i < lv->n; i++) {
        bool differ = i >= k || i >= lv->n ||
                      !lv->ops->same(lv, ROW(lv, i), batch_row(b, i));
        if (differ) {
            lv_mark(lv, i);
            changed = true;
        }
    }
    lv_clear_rows(lv, 0, lv->n);
    for (int i = 0; i < k; i++) {
        memcpy(ROW(lv, i), batch_row(b, i), lv->ops->row_size);
        memset(batch_row(b, i), 0, b->size);
    }
    lv->n = k;
    lv->at_start = at_start;
    int sel = -1;
    for (int i = 0; keep_id && i < k; i++)
        if (lv->ops->id(ROW(lv, i)) == keep_id)
            sel = i;
    if (sel < 0)
        sel = fallback;
    if (sel > k - 1)
        sel = k > 0 ? k - 1 : 0;
    if (sel < 0)
        sel = 0;
    if (sel != old_sel) {
        lv_mark(lv, old_sel);
        lv_mark(lv, sel);
        changed = true;
    }
    lv->sel = sel;
    return changed;
}

/* The window re-read so that the selected row's old place stays on the same screen
 * row: the rows just before it (as many as are above it on screen), then on. */
static int window_around_selection(struct listview *lv, struct batch *b, bool *at_start)
{
    struct batch prev;
    batch_alloc(&prev, lv, lv->sel + 1);
    int rc = batch_fetch(lv, &prev, PAGE_BEFORE, ROW(lv, lv->sel), lv->sel + 1);
    if (rc == STORE_OK)
        rc = fetch_window(lv, b, prev.n == lv->sel + 1 ? batch_row(&prev, 0) : NULL,
                          at_start);
    batch_free(&prev, lv, 0);
    return rc;
}

/* Put the row with this id on screen when the list holds it: the window from half
 * a window above it.  *found says whether it did; the window is left as it was
 * otherwise (a record filtered out, or in another scope). */
static int show_id(struct listview *lv, int64_t id, bool *found)
{
    *found = false;
    if (!id || !lv->ops->get)
        return STORE_OK;
    struct batch target, before, b;
    batch_alloc(&target, lv, 1);
    int rc = lv->ops->get(lv, id, target.rows);
    if (rc != STORE_OK) {
        lv->ops->release(target.rows);
        free(target.rows);
        return rc == STORE_NOT_FOUND ? STORE_OK : rc;
    }
    target.n = 1;
    int half = lv->height / 2 + 1;
    batch_alloc(&before, lv, half);
    batch_alloc(&b, lv, lv->height);
    bool at_start = false;
    rc = batch_fetch(lv, &before, PAGE_BEFORE, target.rows, half);
    if (rc == STORE_OK)
        rc = fetch_window(lv, &b, before.n > 1 ? batch_row(&before, 0) : NULL, &at_start);
    *found = rc == STORE_OK && batch_has(lv, &b, id);
    if (*found)
        install_window(lv, &b, id, 0, at_start);
    batch_free(&b, lv, 0);
    batch_free(&before, lv, 0);
    batch_free(&target, lv, 0);
    return rc;
}

int lv_reload(struct listview *lv, bool *changed)
{
    bool c = false, at_start = false, found;
    if (changed)
        *changed = false;
    if (lv->height <= 0)
        return STORE_OK;
    int64_t keep = lv_selected_id(lv);
    struct batch b;
    batch_alloc(&b, lv, lv->height);
    int rc = STORE_OK;
    bool done = false;
    if (lv->n == 0 || lv->at_start) {
        rc = fetch_window(lv, &b, NULL, &at_start);
        done = rc == STORE_OK && (!keep || batch_has(lv, &b, keep) || lv->n == 0);
        if (!done) {
            batch_free(&b, lv, 0);
            batch_alloc(&b, lv, lv->height);
        }
    }
    if (rc == STORE_OK && !done)
        rc = window_around_selection(lv, &b, &at_start);
    if (rc == STORE_OK)
        c = install_window(lv, &b, keep, lv->sel, at_start);
    batch_free(&b, lv, 0);
    /* The selected record moved in the list (or off the window): follow it. */
    if (rc == STORE_OK && keep && lv_selected_id(lv) != keep) {
        rc = show_id(lv, keep, &found);
        c = c || found;
    }
    if (changed)
        *changed = c;
    return rc;
}

int lv_goto_id(struct listview *lv, int64_t id)
{
    if (lv->height <= 0)
        return STORE_OK;
    /* Already on screen once re-read: select it without moving the window. */
    int rc = lv_reload(lv, NULL);
    if (rc != STORE_OK || !id)
        return rc;
    for (int i = 0; i < lv->n; i++)
        if (lv->ops->id(ROW(lv, i)) == id) {
            lv_select_row(lv, i);
            return STORE_OK;
        }
    bool found;
    return show_id(lv, id, &found);
}
