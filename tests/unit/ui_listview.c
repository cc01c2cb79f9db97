/* ui_listview — the keyset paging of a list pane, over a fake in-memory list whose
 * fetches are counted: moves keep the selection and the window right, every fetch
 * asks for at most one window of rows, and a failing store changes nothing. */
#include <curses.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "suivi/ui/listview.h"
#include "suivi/base/xalloc.h"

struct row {
    int64_t id;
    int64_t version;
    char *label;          /* heap: checks that rows are released exactly once */
};

/* The fake table: ids 1..n in display order, minus the deleted ones. */
static struct {
    int n;
    bool *deleted;
    int64_t *version;
    int fetches, max_limit;
    int fail;                  /* store rc to return, 0 = succeed */
    int live_labels;           /* allocated minus released */
} fake;

static void fake_reset(int n)
{
    free(fake.deleted);
    free(fake.version);
    memset(&fake, 0, sizeof fake);
    fake.n = n;
    fake.deleted = xcalloc((size_t)n + 2, sizeof(bool));
    fake.version = xcalloc((size_t)n + 2, sizeof(int64_t));
}

static bool present(int64_t id)
{
    return id >= 1 && id <= fake.n && !fake.deleted[id];
}

static void fill(struct row *r, int64_t id)
{
    r->id = id;
    r->version = fake.version[id];
    r->label = xasprintf("row %lld", (long long)id);
    fake.live_labels++;
}

static int fetch(struct listview *lv, enum page_dir dir, const void *anchor, int limit,
                 void *rows, int *n)
{
    (void)lv;
    struct row *out = rows;
    const struct row *a = anchor;
    *n = 0;
    fake.fetches++;
    if (limit > fake.max_limit)
        fake.max_limit = limit;
    if (fake.fail)
        return fake.fail;
    if (dir == PAGE_FIRST || dir == PAGE_AFTER) {
        for (int64_t id = dir == PAGE_FIRST ? 1 : a->id + 1; id <= fake.n && *n < limit; id++)
            if (present(id))
                fill(&out[(*n)++], id);
        return STORE_OK;
    }
    /* LAST / BEFORE: collect backwards, then put in display order */
    for (int64_t id = dir == PAGE_LAST ? fake.n : a->id - 1; id >= 1 && *n < limit; id--)
        if (present(id))
            fill(&out[(*n)++], id);
    for (int i = 0, j = *n - 1; i < j; i++, j--) {
        struct row t = out[i];
        out[i] = out[j];
        out[j] = t;
    }
    return STORE_OK;
}

static int get(struct listview *lv, int64_t id, void *row)
{
    (void)lv;
    if (fake.fail)
        return fake.fail;
    if (id < 1 || id > fake.n)
        return STORE_NOT_FOUND;
    fill(row, id);   /* deleted rows can still be read: the anchor is by value */
    return STORE_OK;
}

static void release(void *row)
{
    struct row *r = row;
    if (r->label)
        fake.live_labels--;
    free(r->label);
    r->label = NULL;
}

static int64_t row_id(const void *row)
{
    return ((const struct row *)row)->id;
}

static bool same(struct listview *lv, const void *x, const void *y)
{
    (void)lv;
    const struct row *a = x, *b = y;
    return a->id == b->id && a->version == b->version;
}

static void draw(struct listview *lv, WINDOW *w, int y, int cols, const void *row, attr_t base)
{
    (void)lv;
    lv_col(w, y, 0, cols, ((const struct row *)row)->label, base);
}

static void title(struct listview *lv, char *buf, size_t len)
{
    (void)lv;
    snprintf(buf, len, "Fake");
}

static const struct lv_ops fake_ops = {
    .row_size = sizeof(struct row), .fetch = fetch, .get = get, .release = release,
    .id = row_id, .same = same, .draw = draw, .title = title,
};

static SCREEN *screen;
static FILE *scr_out, *scr_in;

static void curses_up(void)
{
    if (screen)
        return;
    setlocale(LC_ALL, "C.UTF-8");
    scr_out = fopen("/dev/null", "w");
    scr_in = fopen("/dev/null", "r");
    screen = newterm("vt100", scr_out, scr_in);
    if (!screen) {
        fprintf(stderr, "newterm failed\n");
        exit(2);
    }
    set_term(screen);
}

/* A list of n rows in a pane of `rows` list rows (plus the title row). */
static void open_list(struct listview *lv, int n, int rows)
{
    curses_up();
    fake_reset(n);
    lv_init(lv, &fake_ops, NULL, "fake");
    CHECK_INT(lv_place(lv, 0, 0, rows + 1, 30), STORE_OK);
}

static int64_t id_at(const struct listview *lv, int i)
{
    return ((const struct row *)(lv->rows + (size_t)i * sizeof(struct row)))->id;
}

static void close_list(struct listview *lv)
{
    lv_draw(lv);   /* drawing whatever state we are in must be safe */
    lv_free(lv);
    CHECK_INT(fake.live_labels, 0);
}

TEST(opens_on_the_first_page)
{
    struct listview lv;
    open_list(&lv, 1000, 10);
    CHECK_INT(lv.n, 10);
    CHECK_INT(lv.sel, 0);
    CHECK_INT(lv_selected_id(&lv), 1);
    CHECK_INT(id_at(&lv, 9), 10);
    CHECK(fake.max_limit <= 10);
    close_list(&lv);
}

TEST(line_moves_inside_the_window_fetch_nothing)
{
    struct listview lv;
    open_list(&lv, 1000, 10);
    int before = fake.fetches;
    for (int i = 0; i < 9; i++)
        CHECK_INT(lv_move(&lv, 1), STORE_OK);
    CHECK_INT(fake.fetches, before);
    CHECK_INT(lv_selected_id(&lv), 10);
    CHECK_INT(lv.sel, 9);
    close_list(&lv);
}

TEST(moving_past_the_bottom_fetches_one_row_and_scrolls)
{
    struct listview lv;
    open_list(&lv, 1000, 10);
    for (int i = 0; i < 9; i++)
        lv_move(&lv, 1);
    fake.max_limit = 0;
    int before = fake.fetches;
    CHECK_INT(lv_move(&lv, 1), STORE_OK);
    CHECK_INT(fake.fetches, before + 1);
    CHECK_INT(fake.max_limit, 1);
    CHECK_INT(lv_selected_id(&lv), 11);
    CHECK_INT(lv.sel, 9);
    CHECK_INT(id_at(&lv, 0), 2);
    /* and back up past the top */
    for (int i = 0; i < 10; i++)
        lv_move(&lv, -1);
    CHECK_INT(lv_selected_id(&lv), 1);
    CHECK_INT(id_at(&lv, 0), 1);
    CHECK_INT(lv.sel, 0);
    close_list(&lv);
}

TEST(page_moves_keep_the_selection_row)
{
    struct listview lv;
    open_list(&lv, 1000, 10);
    lv_move(&lv, 1);
    lv_move(&lv, 1);                       /* selection on the 3rd row */
    CHECK_INT(lv_move(&lv, 10), STORE_OK);
    CHECK_INT(lv.sel, 2);
    CHECK_INT(lv_selected_id(&lv), 13);
    CHECK_INT(id_at(&lv, 0), 11);
    CHECK_INT(lv_move(&lv, 5), STORE_OK);  /* half page */
    CHECK_INT(lv_selected_id(&lv), 18);
    CHECK_INT(lv_move(&lv, -10), STORE_OK);
    CHECK_INT(lv_selected_id(&lv), 8);
    CHECK_INT(lv_move(&lv, -10), STORE_OK); /* only 5 rows above: stops on the first */
    CHECK_INT(id_at(&lv, 0), 1);
    CHECK_INT(lv_selected_id(&lv), 1);
    close_list(&lv);
}

TEST(first_and_last)
{
    struct listview lv;
    open_list(&lv, 1000, 10);
    CHECK_INT(lv_last(&lv), STORE_OK);
    CHECK_INT(lv_selected_id(&lv), 1000);
    CHECK_INT(id_at(&lv, 0), 991);
    CHECK_INT(lv_move(&lv, 1), STORE_OK);  /* at the end: stays */
    CHECK_INT(lv_selected_id(&lv), 1000);
    CHECK_INT(lv_move(&lv, 10), STORE_OK);
    CHECK_INT(lv_selected_id(&lv), 1000);
    CHECK_INT(lv_first(&lv), STORE_OK);
    CHECK_INT(lv_selected_id(&lv), 1);
    CHECK_INT(lv_move(&lv, -1), STORE_OK);
    CHECK_INT(lv_selected_id(&lv), 1);
    close_list(&lv);
}

TEST(a_short_list_fills_part_of_the_window)
{
    struct listview lv;
    open_list(&lv, 3, 10);
    CHECK_INT(lv.n, 3);
    lv_move(&lv, 10);
    CHECK_INT(lv_selected_id(&lv), 3);
    lv_move(&lv, 1);
    CHECK_INT(lv_selected_id(&lv), 3);
    close_list(&lv);
    open_list(&lv, 0, 10);
    CHECK_INT(lv.n, 0);
    CHECK(lv_selected(&lv) == NULL);
    CHECK_INT(lv_move(&lv, 1), STORE_OK);
    CHECK_INT(lv_last(&lv), STORE_OK);
    CHECK_INT(lv_selected_id(&lv), 0);
    close_list(&lv);
}

TEST(cost_does_not_depend_on_the_table_size)
{
    int counts[2];
    for (int t = 0; t < 2; t++) {
        struct listview lv;
        open_list(&lv, t == 0 ? 100 : 100000, 10);
        for (int i = 0; i < 30; i++)
            lv_move(&lv, 1);
        lv_move(&lv, 10);
        lv_move(&lv, -5);
        lv_last(&lv);
        lv_move(&lv, -1);
        bool changed;
        lv_reload(&lv, &changed);
        counts[t] = fake.fetches;
        CHECK(fake.max_limit <= 10);
        close_list(&lv);
    }
    CHECK_INT(counts[0], counts[1]);
}

TEST(reload_keeps_place_and_selection_and_reports_changes)
{
    struct listview lv;
    open_list(&lv, 1000, 10);
    for (int i = 0; i < 3; i++)
        lv_move(&lv, 10);                     /* a page at a time: window 31..40 */
    for (int i = 0; i < 3; i++)
        lv_move(&lv, 1);                      /* selection on 34 */
    CHECK_INT(lv_selected_id(&lv), 34);
    CHECK_INT(id_at(&lv, 0), 31);
    int64_t sel = lv_selected_id(&lv);
    bool changed = true;
    CHECK_INT(lv_reload(&lv, &changed), STORE_OK);
    CHECK(!changed);
    CHECK_INT(lv_selected_id(&lv), sel);
    CHECK_INT(id_at(&lv, 0), 31);
    /* another session edits one row and deletes another: the selected record stays
     * on its screen row, the window filled from above */
    int row = lv.sel;
    fake.version[36]++;
    fake.deleted[32] = true;
    CHECK_INT(lv_reload(&lv, &changed), STORE_OK);
    CHECK(changed);
    CHECK_INT(lv_selected_id(&lv), sel);
    CHECK_INT(lv.sel, row);
    CHECK_INT(id_at(&lv, 0), 30);
    CHECK_INT(id_at(&lv, 1), 31);
    CHECK_INT(id_at(&lv, 2), 33);
    CHECK_INT(id_at(&lv, 9), 40);
    /* the selected row itself goes: the selection stays at its place */
    int at = lv.sel;
    fake.deleted[sel] = true;
    CHECK_INT(lv_reload(&lv, &changed), STORE_OK);
    CHECK_INT(lv.sel, at);
    CHECK(lv_selected_id(&lv) != sel);
    close_list(&lv);
}

/* Rows 1..3 are "not yet written"; a window showing the start keeps showing it when
 * another session adds one that sorts first. */
TEST(a_row_added_before_the_first_appears)
{
    struct listview lv;
    open_list(&lv, 100, 10);
    for (int id = 1; id <= 3; id++)
        fake.deleted[id] = true;
    lv_first(&lv);                                  /* 4..13 */
    lv_move(&lv, 1);
    lv_move(&lv, 1);                                /* on 6 */
    CHECK_INT(lv_selected_id(&lv), 6);
    fake.deleted[2] = false;                        /* added elsewhere, sorts first */
    bool changed = false;
    CHECK_INT(lv_reload(&lv, &changed), STORE_OK);
    CHECK(changed);
    CHECK_INT(id_at(&lv, 0), 2);
    CHECK_INT(lv_selected_id(&lv), 6);              /* the cursor keeps its record */
    /* the same after reaching the top by moving up from further down */
    lv_move(&lv, 10);
    lv_move(&lv, 10);
    for (int i = 0; i < 25; i++)
        lv_move(&lv, -1);
    CHECK_INT(id_at(&lv, 0), 2);
    fake.deleted[1] = true;
    fake.deleted[3] = false;
    fake.deleted[1] = false;
    CHECK_INT(lv_reload(&lv, &changed), STORE_OK);
    CHECK_INT(id_at(&lv, 0), 1);
    CHECK_INT(id_at(&lv, 2), 3);
    close_list(&lv);
}

/* Scrolled down, a row added above the window does not move what is shown. */
TEST(a_row_added_above_a_scrolled_window_moves_nothing)
{
    struct listview lv;
    open_list(&lv, 100, 10);
    fake.deleted[5] = true;
    lv_move(&lv, 10);
    lv_move(&lv, 10);
    lv_move(&lv, 1);
    int64_t top = id_at(&lv, 0), sel = lv_selected_id(&lv);
    int row = lv.sel;
    fake.deleted[5] = false;
    bool changed = true;
    CHECK_INT(lv_reload(&lv, &changed), STORE_OK);
    CHECK(!changed);
    CHECK_INT(id_at(&lv, 0), top);
    CHECK_INT(lv_selected_id(&lv), sel);
    CHECK_INT(lv.sel, row);
    /* and moving up shows it */
    lv_first(&lv);
    CHECK_INT(id_at(&lv, 4), 5);
    close_list(&lv);
}

TEST(reload_at_the_end_tops_up_from_above)
{
    struct listview lv;
    open_list(&lv, 100, 10);
    lv_last(&lv);                            /* 91..100 */
    for (int id = 95; id <= 100; id++)
        fake.deleted[id] = true;
    bool changed;
    CHECK_INT(lv_reload(&lv, &changed), STORE_OK);
    CHECK(changed);
    CHECK_INT(lv.n, 10);
    CHECK_INT(id_at(&lv, 9), 94);
    CHECK_INT(id_at(&lv, 0), 85);
    close_list(&lv);
}

TEST(goto_puts_the_row_on_screen)
{
    struct listview lv;
    open_list(&lv, 1000, 10);
    CHECK_INT(lv_goto_id(&lv, 500), STORE_OK);
    CHECK_INT(lv_selected_id(&lv), 500);
    CHECK(id_at(&lv, 0) < 500 && id_at(&lv, 9) > 500);
    /* already visible: the window does not move */
    int64_t top = id_at(&lv, 0);
    CHECK_INT(lv_goto_id(&lv, top + 1), STORE_OK);
    CHECK_INT(id_at(&lv, 0), top);
    CHECK_INT(lv_selected_id(&lv), top + 1);
    /* near the start and the end */
    CHECK_INT(lv_goto_id(&lv, 2), STORE_OK);
    CHECK_INT(lv_selected_id(&lv), 2);
    CHECK_INT(id_at(&lv, 0), 1);
    CHECK_INT(lv_goto_id(&lv, 999), STORE_OK);
    CHECK_INT(lv_selected_id(&lv), 999);
    CHECK_INT(lv.n, 10);
    CHECK_INT(id_at(&lv, 9), 1000);
    /* a row this list does not show (filtered out): stay where we are */
    fake.deleted[300] = true;
    top = id_at(&lv, 0);
    CHECK_INT(lv_goto_id(&lv, 300), STORE_OK);
    CHECK_INT(id_at(&lv, 0), top);
    CHECK_INT(lv_goto_id(&lv, 5000), STORE_OK);   /* no such row */
    CHECK_INT(id_at(&lv, 0), top);
    close_list(&lv);
}

TEST(resizing_refetches_to_the_new_height_keeping_the_selection)
{
    struct listview lv;
    open_list(&lv, 1000, 10);
    lv_move(&lv, 10);
    lv_move(&lv, 10);                         /* window 21..30 */
    for (int i = 0; i < 9; i++)
        lv_move(&lv, 1);                      /* selection on the last row: 30 */
    CHECK_INT(lv_selected_id(&lv), 30);
    CHECK_INT(lv_place(&lv, 0, 0, 5, 30), STORE_OK);   /* 4 rows */
    CHECK_INT(lv.n, 4);
    CHECK_INT(lv_selected_id(&lv), 30);
    CHECK_INT(lv_place(&lv, 0, 0, 21, 30), STORE_OK);  /* 20 rows */
    CHECK_INT(lv.n, 20);
    CHECK_INT(lv_selected_id(&lv), 30);
    close_list(&lv);
}

TEST(a_failing_store_changes_nothing)
{
    struct listview lv;
    open_list(&lv, 1000, 10);
    lv_move(&lv, 10);
    for (int i = 0; i < 9; i++)
        lv_move(&lv, 1);                      /* bottom row: the next move must fetch */
    int64_t sel = lv_selected_id(&lv), top = id_at(&lv, 0);
    fake.fail = STORE_BUSY;
    CHECK_INT(lv_move(&lv, 1), STORE_BUSY);
    CHECK_INT(lv_move(&lv, 10), STORE_BUSY);
    CHECK_INT(lv_last(&lv), STORE_BUSY);
    CHECK_INT(lv_reload(&lv, NULL), STORE_BUSY);
    CHECK_INT(lv_goto_id(&lv, 700), STORE_BUSY);
    CHECK_INT(lv_selected_id(&lv), sel);
    CHECK_INT(id_at(&lv, 0), top);
    CHECK_INT(lv.n, 10);
    fake.fail = 0;
    CHECK_INT(lv_move(&lv, 1), STORE_OK);
    close_list(&lv);
}

TEST(filter_text_edits_whole_characters)
{
    struct listview lv;
    open_list(&lv, 10, 5);
    CHECK(lv_filter(&lv) == NULL);
    CHECK(lv_filter_append(&lv, "pl"));
    CHECK(lv_filter_append(&lv, "\xc5\x93"));   /* œ: two bytes */
    CHECK_STR(lv_filter(&lv), "pl\xc5\x93");
    lv_filter_erase(&lv);
    CHECK_STR(lv_filter(&lv), "pl");
    char big[LV_FILTER_MAX + 1];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    CHECK(!lv_filter_append(&lv, big));         /* refused, never cut */
    CHECK_STR(lv_filter(&lv), "pl");
    lv_filter_clear(&lv);
    CHECK(lv_filter(&lv) == NULL);
    lv_filter_erase(&lv);                      /* erasing nothing is fine */
    close_list(&lv);
}

static void teardown(void)
{
    if (screen) {
        endwin();
        delscreen(screen);
        fclose(scr_out);
        fclose(scr_in);
        screen = NULL;
    }
    free(fake.deleted);
    free(fake.version);
    memset(&fake, 0, sizeof fake);
}

TEST(zz_teardown)
{
    teardown();
}

TESTS(T(opens_on_the_first_page), T(line_moves_inside_the_window_fetch_nothing),
      T(moving_past_the_bottom_fetches_one_row_and_scrolls),
      T(page_moves_keep_the_selection_row), T(first_and_last),
      T(a_short_list_fills_part_of_the_window), T(cost_does_not_depend_on_the_table_size),
      T(reload_keeps_place_and_selection_and_reports_changes),
      T(a_row_added_before_the_first_appears), T(a_row_added_above_a_scrolled_window_moves_nothing),
      T(reload_at_the_end_tops_up_from_above), T(goto_puts_the_row_on_screen),
      T(resizing_refetches_to_the_new_height_keeping_the_selection),
      T(a_failing_store_changes_nothing), T(filter_text_edits_whole_characters),
      T(zz_teardown))
