/* listview — a generic list pane: a title row and a window of rows read from the
 * store a page at a time (keyset paging).  The pane keeps only the rows it shows;
 * moving past an edge fetches one row and scrolls the window (wscrl), a page key
 * fetches a page.  What a row is, how it is fetched and drawn, is the pane's
 * business (struct lv_ops, one per pane, after tig's view ops).
 *
 * Drawing is lazy: operations mark what changed (title, rows) and lv_draw repaints
 * only that, with wnoutrefresh; the caller does one doupdate. */
#ifndef SUIVI_LISTVIEW_H
#define SUIVI_LISTVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <curses.h>
#include "suivi/store/store.h"

struct listview;

struct lv_ops {
    size_t row_size;
    /* Fill rows (zeroed, `limit` entries) in display order; anchor is a row of this
     * list for PAGE_AFTER/PAGE_BEFORE, NULL otherwise.  Returns a store rc. */
    int (*fetch)(struct listview *lv, enum page_dir dir, const void *anchor, int limit,
                 void *rows, int *n);
    /* Read one row by id (used as a paging anchor to put a row on screen). */
    int (*get)(struct listview *lv, int64_t id, void *row);
    void (*release)(void *row);        /* free what a row owns */
    int64_t (*id)(const void *row);
    /* True when a and b would be drawn identically (refresh redraws only changes). */
    bool (*same)(struct listview *lv, const void *a, const void *b);
    void (*draw)(struct listview *lv, WINDOW *w, int y, int cols, const void *row,
                 attr_t base);
    /* The title without the filter ("Timeline — Plœmeur"), may contain data. */
    void (*title)(struct listview *lv, char *buf, size_t len);
};

#define LV_FILTER_MAX 96   /* bytes of filter text */

struct listview {
    const struct lv_ops *ops;
    void *ctx;               /* the pane's shared context */
    const char *name;        /* "Members": used in messages */
    WINDOW *title_win, *list_win;
    int height, width;       /* list rows and columns */
    unsigned char *rows;     /* height * row_size bytes */
    int n;                   /* rows loaded (<= height) */
    int sel;                 /* selected index in rows, 0 when n == 0 */
    bool at_start;           /* rows[0] is the list's first row (refresh shows new ones) */
    bool focused;
    bool filtering;          /* the filter is being typed */
    char filter[LV_FILTER_MAX];
    /* what lv_draw must repaint */
    bool dirty_title, dirty_all;
    bool *dirty_row;         /* height entries */
};

void lv_init(struct listview *lv, const struct lv_ops *ops, void *ctx, const char *name);
void lv_free(struct listview *lv);

/* (Re)create the windows at this place and size (h includes the title row) and
 * re-fetch rows to fill the new height, keeping the selection.  Returns a store rc. */
int lv_place(struct listview *lv, int y, int x, int h, int w);

const void *lv_selected(const struct listview *lv);   /* NULL when empty */
int64_t lv_selected_id(const struct listview *lv);    /* 0 when empty */

/* Moves.  Each returns a store rc (the view is unchanged on failure). */
int lv_move(struct listview *lv, int delta);          /* +-1, +-page, +-half page */
int lv_first(struct listview *lv);
int lv_last(struct listview *lv);

/* Re-read the rows shown, keeping the cursor on its record (followed when it moved
 * in the list) and the window where it was; a window showing the start of the list
 * keeps showing it, rows added above the first included.  *changed (may be NULL)
 * tells whether anything on screen differs; only differing rows are marked for
 * repaint. */
int lv_reload(struct listview *lv, bool *changed);
/* Show the list from its first row, selection on the first row. */
int lv_reset(struct listview *lv);
/* Put the row with this id on screen and select it (falls back to a reload). */
int lv_goto_id(struct listview *lv, int64_t id);

void lv_set_focus(struct listview *lv, bool focused);
void lv_touch(struct listview *lv);                   /* repaint everything */
void lv_touch_title(struct listview *lv);
void lv_touch_selected(struct listview *lv);          /* repaint the selected row */
void lv_draw(struct listview *lv);                    /* wnoutrefresh, no doupdate */

/* Filter text (the store folds it; an empty filter is no filter). */
const char *lv_filter(const struct listview *lv);     /* NULL when empty */
bool lv_filter_append(struct listview *lv, const char *utf8);
void lv_filter_erase(struct listview *lv);            /* last character */
void lv_filter_clear(struct listview *lv);

/* Column helpers for draw ops: text in `cols` columns at x, returns x after it and
 * a one-column gap. */
int lv_col(WINDOW *w, int y, int x, int cols, const char *text, attr_t attr);

#endif
