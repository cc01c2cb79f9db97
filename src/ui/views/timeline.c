/* timeline — the right top pane: the interactions of the member selected in the
 * members pane, newest first: date, kind, subject, author. */
#include <stdlib.h>

#include "lists.h"
#include "suivi/base/xalloc.h"
#include "suivi/ui/term.h"

#define KIND_COLS 8
#define AUTHOR_COLS 8
#define MIN_SUBJECT_COLS 16

struct timeline {
    struct list_state list;
    struct followed who;         /* the member of the members pane */
};

static int fetch(struct listview *lv, enum page_dir dir, const void *anchor, int limit,
                 void *rows, int *n)
{
    const struct timeline *t = list_view_state(lv);
    *n = 0;
    if (!t->who.member_id)
        return STORE_OK;
    return store_interactions_page(list_ui(lv)->s, t->who.member_id, lv_filter(lv), dir, anchor,
                                   limit, rows, n);
}

/* What the row shows besides its id and version. */
static bool same_fields(const struct interaction *x, const struct interaction *y)
{
    return x->occurred_at == y->occurred_at && x->kind == y->kind &&
           same_str(x->subject, y->subject) && same_str(x->author, y->author);
}

static void draw(struct listview *lv, WINDOW *w, int y, int cols, const void *row, attr_t base)
{
    const struct ui_ctx *ui = list_ui(lv);
    const struct interaction *it = row;
    char date[64];
    view_format_instant(ui, it->occurred_at, date, sizeof date);
    /* margin, date, kind, subject, author; narrow panes drop the kind, then the author */
    int kind_cols = KIND_COLS, author_cols = AUTHOR_COLS;
    int subject_cols = cols - 1 - (ui->date_cols + 1) - (kind_cols + 1) - (author_cols + 1);
    if (subject_cols < MIN_SUBJECT_COLS) {
        subject_cols += kind_cols + 1;
        kind_cols = 0;
    }
    if (subject_cols < MIN_SUBJECT_COLS) {
        subject_cols += author_cols + 1;
        author_cols = 0;
    }
    int x = lv_col(w, y, 1, ui->date_cols, date, base);
    x = lv_col(w, y, x, kind_cols, _(enum_abbrev(&INTERACTION_KIND_NAMES, (int)it->kind)), base);
    x = lv_col(w, y, x, subject_cols, it->subject, base);
    lv_col(w, y, x, author_cols, it->author, base);
}

static void title(struct listview *lv, char *buf, size_t len)
{
    const struct timeline *t = list_view_state(lv);
    view_title(buf, len, _("Timeline"), t->who.member_name);
}

LIST_ROW_OPS(interaction, store_interaction_get, interaction_clear);

/* ---- the view ------------------------------------------------------------------- */

static int open_view(struct view *v, const struct view_arg *arg)
{
    (void)arg;
    return list_open(v, sizeof(struct timeline), &interaction_rows);
}

static void close_view(struct view *v)
{
    struct timeline *t = v->state;
    if (t)
        free(t->who.member_name);
    list_close(v);
}

static int keymaps(const struct view *v, enum keymap_id *chain, int max)
{
    return list_keymaps(v, KEYMAP_TIMELINE, chain, max);
}

static enum reaction export_list(struct view *v)
{
    const struct timeline *t = v->state;
    if (!t->who.member_id) {
        term_flash(true, "%s", _("No member selected: nothing to export"));
        return R_NONE;
    }
    struct export_request r = { .what = EXPORT_INTERACTIONS, .format = OUT_CSV_EXCEL,
                                .member_id = t->who.member_id };
    return view_export(v, &r, "interactions");
}

static enum reaction command(struct view *v, enum command cmd, bool keycode, int key)
{
    if (cmd == CMD_EXPORT)
        return export_list(v);
    return list_command(v, cmd, keycode, key);
}

static struct selection selected(const struct view *v)
{
    const struct timeline *t = v->state;
    const struct interaction *it = lv_selected(&t->list.lv);
    struct selection sel = { .kind = SEL_NONE, .member_id = t->who.member_id,
                             .label = t->who.member_name };
    if (it) {
        sel.kind = SEL_INTERACTION;
        sel.id = sel.interaction_id = it->id;
        sel.label = it->subject;
    }
    return sel;
}

/* Follow the members pane: another member, from the newest; a renamed one, its title. */
static void follow(struct view *v, const struct selection *lead)
{
    struct timeline *t = v->state;
    bool retitle;
    if (list_follow_member(&t->who, lead, &retitle)) {
        t->list.reset_due = true;
        v->recalc_due = true;
    }
    if (retitle)
        lv_touch_title(&t->list.lv);
}

static bool reveal(struct view *v, const struct selection *what)
{
    return what->kind == SEL_INTERACTION && list_reveal(v, what->id);
}

const struct view_ops timeline_view_ops = {
    .keymaps = keymaps, .open = open_view, .close = close_view, LIST_VIEW_BASICS,
    .recalc = list_recalc, .command = command, .selected = selected, .follow = follow, .reveal = reveal,
};
