/* listview_priv — what listview.c (moves, drawing) shares with refresh.c (re-reading
 * the window in place): batches of rows fetched from the store, and row marks.
 * Private to src/ui/kit. */
#ifndef SUIVI_LISTVIEW_PRIV_H
#define SUIVI_LISTVIEW_PRIV_H

#include "suivi/ui/listview.h"

#define ROW(lv, i) ((void *)((lv)->rows + (size_t)(i) * (lv)->ops->row_size))

/* A batch of rows fetched from the store, moved into the window or released. */
struct batch {
    unsigned char *rows;
    int n, cap;
    size_t size;
};

void batch_alloc(struct batch *b, const struct listview *lv, int cap);
void *batch_row(const struct batch *b, int i);
/* Release the rows still owned by the batch (those not moved into the window). */
void batch_free(struct batch *b, const struct listview *lv, int from);
/* Up to limit rows (at most the batch's capacity) in display order; on failure the
 * batch is empty.  Returns a store rc. */
int batch_fetch(struct listview *lv, struct batch *b, enum page_dir dir,
                const void *anchor, int limit);

/* Mark row i for repaint; select row i (clamped), marking both rows. */
void lv_mark(struct listview *lv, int i);
void lv_select_row(struct listview *lv, int i);
/* Release rows [from, to) of the window. */
void lv_clear_rows(struct listview *lv, int from, int to);

#endif
