/* lists — what the list views (members, timeline, actions, queues, people) share
 * behind view.h: a listview, its filter, and the view_ops glue.  A list view's
 * state starts with a struct list_state, so these work on any of them.  Private to
 * src/ui/views. */
#ifndef SUIVI_VIEWS_LISTS_H
#define SUIVI_VIEWS_LISTS_H

#include <stdbool.h>
#include <stddef.h>

#include "suivi/core/export.h"
#include "suivi/ui/listview.h"
#include "suivi/ui/view.h"

struct list_state {
    struct listview lv;
    bool reset_due;          /* what the list shows changed (filter, member, scope) */
};

/* The state of a list view, and the ui context behind a listview. */
struct list_state *list_of(const struct view *v);
struct ui_ctx *list_ui(const struct listview *lv);
void *list_view_state(const struct listview *lv);

/* Allocate the view's state (size bytes, a struct list_state first) and set up its
 * listview.  Returns STORE_OK. */
int list_open(struct view *v, size_t size, const struct lv_ops *ops);
void list_close(struct view *v);
/* own, then LIST (or FILTER alone while a filter is typed). */
int list_keymaps(const struct view *v, enum keymap_id own, enum keymap_id *chain, int max);
void list_place(struct view *v, struct rect r);
void list_repaint(struct view *v);
void list_touch(struct view *v);
void list_focus(struct view *v, bool focused);
/* From the first row when reset_due, else re-read in place (other sessions'
 * writes), the cursor kept on its record. */
int list_recalc(struct view *v);
/* Moves, filter and typing; R_UNHANDLED for anything else. */
enum reaction list_command(struct view *v, enum command cmd, bool keycode, int key);
/* Select the row with this id, bringing it on screen; true when it is in the list. */
bool list_reveal(struct view *v, int64_t id);

/* The member a list follows (the timeline, the member's actions), from the
 * selection of the screen's first view.  list_follow_member takes a new one:
 * *title_changed when its name is another (retitle), and true when it is another
 * member (the caller re-reads from the first row). */
struct followed {
    int64_t member_id;           /* 0: none */
    char *member_name;           /* owned; for titles */
};
bool list_follow_member(struct followed *f, const struct selection *lead, bool *title_changed);

/* The view_ops every list view fills the same way. */
#define LIST_VIEW_BASICS \
    .place = list_place, .repaint = list_repaint, .touch = list_touch, .focus = list_focus

/* E: ask for a file name and write the list there as CSV (r->format is set
 * here); says how many rows went where. */
enum reaction view_export(struct view *v, struct export_request *r, const char *what);

/* A list held in memory (search results, inbox, unsorted mail), read whole by its
 * view: its rows are positions 1..total, so the listview pages it, anchors and
 * all, as it pages the store. */
struct pos_row { int64_t pos; };
int pos_fetch(int total, enum page_dir dir, const void *anchor, int limit, void *rows, int *n);
int pos_get(int total, int64_t id, void *row);
void pos_release(void *row);
int64_t pos_id(const void *row);
bool pos_same(struct listview *lv, const void *a, const void *b);
/* The lv_ops fields every such list fills the same way. */
#define POS_ROW_OPS .row_size = sizeof(struct pos_row), .release = pos_release, \
                    .id = pos_id, .same = pos_same

/* A short list read whole into an array (a member's subscriptions, the training
 * sessions), paged by the listview as if from the store: in `order` (a row's
 * strict order, ids last, so that an anchor that was removed still has its place),
 * the rows `keep` says yes to (NULL: all) copied out with `copy`. */
struct mem_list {
    const void *all;
    int n;
    size_t size;
    int (*order)(const void *a, const void *b);       /* <0: a is shown before b */
    bool (*keep)(const void *row, const void *ctx);
    const void *ctx;
    void (*copy)(void *dst, const void *src);
    int64_t (*id)(const void *row);
};
int mem_fetch(const struct mem_list *m, enum page_dir dir, const void *anchor, int limit,
              void *rows, int *n);
int mem_get(const struct mem_list *m, int64_t id, void *row);

/* Dates in the user's format, for columns and detail lines. */
void view_format_date(const struct ui_ctx *ui, const char *date, char *buf, size_t len);
void view_format_instant(const struct ui_ctx *ui, int64_t t, char *buf, size_t len);
/* The same with the time of day ("2026-11-20 10:02"). */
void view_format_when(const struct ui_ctx *ui, int64_t t, char *buf, size_t len);
/* A title "Timeline — Plœmeur" ("-" outside a UTF-8 locale); `what` alone when
 * whose is NULL. */
void view_title(char *buf, size_t len, const char *what, const char *whose);
/* Equal texts, NULL equal only to NULL (for the lv_ops.same of each list). */
bool same_str(const char *a, const char *b);

/* The lv_ops every list writes the same way for its row type `struct T`, as
 * T##_rows: row_get through the store's getter, row_release through the type's
 * clear, row_id, and row_same, true when two rows would be drawn alike: same id
 * and version, and same_fields(x, y), the list's, for every other field it draws (a
 * row may change without a version bump: repairs by hand, counts).  The list
 * defines fetch, draw, title and same_fields before it. */
#define LIST_ROW_OPS(T, getter, clear)                                           \
    static int row_get(struct listview *lv, int64_t id, void *row)              \
    {                                                                            \
        return getter(list_ui(lv)->s, id, (struct T *)row);                     \
    }                                                                            \
    static void row_release(void *row) { clear((struct T *)row); }              \
    static int64_t row_id(const void *row) { return ((const struct T *)row)->id; } \
    static bool row_same(struct listview *lv, const void *a, const void *b)     \
    {                                                                            \
        const struct T *x = a, *y = b;                                          \
        (void)lv;                                                                \
        return x->id == y->id && x->version == y->version && same_fields(x, y); \
    }                                                                            \
    static const struct lv_ops T##_rows = {                                      \
        .row_size = sizeof(struct T), .fetch = fetch, .get = row_get,           \
        .release = row_release, .id = row_id, .same = row_same, .draw = draw,   \
        .title = title,                                                          \
    }

#endif
