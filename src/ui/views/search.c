/* search — the results of S, alone on a screen: grouped by kind under a heading
 * ("Members (2)"), best first within a kind.  Enter opens the record (a contact's
 * member, a note's action); n and N open the next or previous match, from here or
 * from the detail opened.
 *
 * The hits are held by the shell (ui_ctx.search) and paged from memory: the rows
 * are positions in the list of headings and hits, so the listview's anchors work. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lists.h"
#include "suivi/base/xalloc.h"
#include "suivi/ui/term.h"

/* A line of the list: a heading (hit < 0, of kind) or a hit (index into hits). */
struct entry { int hit; enum search_kind kind; int count; };

struct search_view {
    struct list_state list;
    struct entry *entries;
    int n;
};

static const char *const KIND_TITLES[SEARCH_KINDS] = {
    N_("Members"), N_("Contacts"), N_("Interactions"), N_("Actions"), N_("Notes"),
};

static void build_entries(struct search_view *sv, const struct search_state *st)
{
    free(sv->entries);
    sv->entries = xcalloc((size_t)st->n + SEARCH_KINDS, sizeof *sv->entries);
    sv->n = 0;
    for (int i = 0; i < st->n; i++) {
        if (i == 0 || st->hits[i].kind != st->hits[i - 1].kind)
            sv->entries[sv->n++] = (struct entry){ -1, st->hits[i].kind, 0 };
        sv->entries[sv->n++] = (struct entry){ i, st->hits[i].kind, 0 };
    }
    for (int i = 0, head = -1; i < sv->n; i++) {
        if (sv->entries[i].hit < 0)
            head = i;
        else if (head >= 0)
            sv->entries[head].count++;
    }
}

static int fetch(struct listview *lv, enum page_dir dir, const void *anchor, int limit,
                 void *rows, int *n)
{
    return pos_fetch(((const struct search_view *)list_view_state(lv))->n, dir, anchor, limit, rows, n);
}

static int get(struct listview *lv, int64_t id, void *row)
{
    return pos_get(((const struct search_view *)list_view_state(lv))->n, id, row);
}

static void draw(struct listview *lv, WINDOW *w, int y, int cols, const void *row, attr_t base)
{
    const struct search_view *sv = list_view_state(lv);
    const struct ui_ctx *ui = list_ui(lv);
    const struct entry *e = &sv->entries[pos_id(row) - 1];
    if (e->hit < 0) {
        char head[96];
        snprintf(head, sizeof head, "%s (%d)", _(KIND_TITLES[e->kind]), e->count);
        lv_col(w, y, 0, cols, head, base | term_attr(ROLE_TITLE_DIM));
        return;
    }
    const struct search_hit *h = &ui->search.hits[e->hit];
    char id[24], when[64] = "";
    snprintf(id, sizeof id, "#%lld", (long long)h->id);
    if (h->at)
        view_format_instant(ui, h->at, when, sizeof when);
    int x = lv_col(w, y, 2, 8, id, base);
    x = lv_col(w, y, x, ui->date_cols, when, base);
    int title = cols / 3 > 16 ? cols / 3 : 16;
    x = lv_col(w, y, x, title, h->title, base);
    if (h->kind != SEARCH_MEMBER)
        x = lv_col(w, y, x, cols / 5 > 10 ? cols / 5 : 10, h->member_name, base);
    if (x < cols)
        lv_col(w, y, x, cols - x, h->snippet ? h->snippet : "", base | term_attr(ROLE_DIM));
}

static void title(struct listview *lv, char *buf, size_t len)
{
    const struct ui_ctx *ui = list_ui(lv);
    snprintf(buf, len, _("Search: %s — %d found (Enter opens, n/N the next/previous)"),
             ui->search.text ? ui->search.text : "", ui->search.n);
}

static const struct lv_ops search_rows = {
    POS_ROW_OPS, .fetch = fetch, .get = get, .draw = draw, .title = title,
};

static int open_view(struct view *v, const struct view_arg *arg)
{
    (void)arg;
    int rc = list_open(v, sizeof(struct search_view), &search_rows);
    build_entries(v->state, &v->ui->search);
    v->recalc_due = true;
    return rc;
}

static void close_view(struct view *v)
{
    struct search_view *sv = v->state;
    if (sv)
        free(sv->entries);
    list_close(v);
}

static int keymaps(const struct view *v, enum keymap_id *chain, int max)
{
    return list_keymaps(v, KEYMAP_SEARCH, chain, max);
}

/* The hit under the cursor; on a heading, the first of its group. */
static int selected_hit(const struct view *v)
{
    const struct search_view *sv = v->state;
    const struct pos_row *r = lv_selected(&sv->list.lv);
    if (!r)
        return -1;
    const struct entry *e = &sv->entries[r->pos - 1];
    return e->hit >= 0 ? e->hit : r->pos < sv->n ? sv->entries[r->pos].hit : -1;
}

static struct selection selected(const struct view *v)
{
    int i = selected_hit(v);
    if (i < 0)
        return (struct selection){ .kind = SEL_NONE };
    const struct search_hit *h = &v->ui->search.hits[i];
    switch (h->kind) {
    case SEARCH_MEMBER:
    case SEARCH_CONTACT:
        return (struct selection){ .kind = SEL_MEMBER, .id = h->member_id,
                                   .member_id = h->member_id, .label = h->member_name };
    case SEARCH_INTERACTION:
        return (struct selection){ .kind = SEL_INTERACTION, .id = h->id, .interaction_id = h->id,
                                   .member_id = h->member_id, .label = h->title };
    default:
        return (struct selection){ .kind = SEL_ACTION, .id = h->action_id,
                                   .action_id = h->action_id, .member_id = h->member_id,
                                   .label = h->title };
    }
}

static const struct entry *list_of_entries(const struct view *v)
{
    return ((const struct search_view *)v->state)->entries;
}

static enum reaction command(struct view *v, enum command cmd, bool keycode, int key)
{
    struct listview *lv = &list_of(v)->lv;
    int i = selected_hit(v);
    if (cmd == CMD_OPEN && i >= 0)
        v->ui->search.current = i;      /* what n and N move on from, in the detail */
    if (cmd == CMD_OPEN)
        return R_UNHANDLED;             /* the shell opens the record */
    if (cmd == CMD_SEARCH_NEXT || cmd == CMD_SEARCH_PREV) {
        /* Here, to the next match; a heading is stepped over. */
        int step = cmd == CMD_SEARCH_NEXT ? 1 : -1;
        ui_report(v->ui, lv_move(lv, step), lv->name);
        const struct pos_row *r = lv_selected(lv);
        if (r && list_of_entries(v)[r->pos - 1].hit < 0)
            ui_report(v->ui, lv_move(lv, step), lv->name);
        return R_NONE;
    }
    return list_command(v, cmd, keycode, key);
}

static bool reveal(struct view *v, const struct selection *what)
{
    (void)v, (void)what;
    return false;
}

const struct view_ops search_view_ops = {
    .keymaps = keymaps, .open = open_view, .close = close_view, LIST_VIEW_BASICS,
    .recalc = list_recalc, .command = command, .selected = selected, .reveal = reveal,
};
