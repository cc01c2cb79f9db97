/* inbox — I: what changed on your open actions since you last looked, newest first:
 * who, when, which action, and what ("assigned: amorel → you", a note's first
 * line).  Opening it is looking: the status line's "new for you" goes back to 0.
 * Enter opens the action.  Read whole when opened (a person's recent changes) and
 * paged from memory by position, as the search results are. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lists.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/cards.h"
#include "suivi/store/inbox.h"
#include "suivi/ui/term.h"

#define INBOX_MAX 500

struct inbox_view {
    struct list_state list;
    struct inbox_item *items;
    char **what;                      /* each item said for people */
    int n;
};

static int fetch(struct listview *lv, enum page_dir dir, const void *anchor, int limit,
                 void *rows, int *n)
{
    return pos_fetch(((const struct inbox_view *)list_view_state(lv))->n, dir, anchor, limit, rows, n);
}

static int get(struct listview *lv, int64_t id, void *row)
{
    return pos_get(((const struct inbox_view *)list_view_state(lv))->n, id, row);
}

static void draw(struct listview *lv, WINDOW *w, int y, int cols, const void *row, attr_t base)
{
    const struct inbox_view *iv = list_view_state(lv);
    const struct ui_ctx *ui = list_ui(lv);
    int i = (int)pos_id(row) - 1;
    const struct inbox_item *it = &iv->items[i];
    char when[64], ref[24];
    view_format_when(ui, it->entry.at, when, sizeof when);
    snprintf(ref, sizeof ref, "#%lld", (long long)it->action_id);
    int x = lv_col(w, y, 1, ui->date_cols + 6, when, base);
    x = lv_col(w, y, x, 9, it->entry.login, base);
    x = lv_col(w, y, x, 6, ref, base);
    int title = cols / 4 > 12 ? cols / 4 : 12;
    x = lv_col(w, y, x, title, it->action_title, base);
    if (x < cols)
        lv_col(w, y, x, cols - x, iv->what[i], base);
}

static void title(struct listview *lv, char *buf, size_t len)
{
    const struct inbox_view *iv = list_view_state(lv);
    snprintf(buf, len, ngettext("Inbox — %d change on your actions since you last looked",
                                "Inbox — %d changes on your actions since you last looked",
                                iv->n), iv->n);
}

static const struct lv_ops inbox_rows = {
    POS_ROW_OPS, .fetch = fetch, .get = get, .draw = draw, .title = title,
};

/* A note: its visibility and first line; a change: the history's sentence. */
static char *say(store *s, const struct name_book *nb, const struct inbox_item *it)
{
    if (strcmp(it->entry.entity, "note") == 0) {
        const char *body = it->note_body ? it->note_body : "";
        size_t line = strcspn(body, "\n");
        return xasprintf(_("note (%s): %.*s"),
                         _(enum_label(&NOTE_VISIBILITY_NAMES, (int)it->visibility)),
                         (int)line, body);
    }
    return history_text(s, nb, "action", &it->entry);
}

static int read_items(struct view *v, struct inbox_view *iv)
{
    struct ui_ctx *ui = v->ui;
    int64_t since = 0;
    int rc = store_read_begin(ui->s);
    if (rc != STORE_OK)
        return rc;
    struct name_book nb = {0};
    rc = store_inbox_seen(ui->s, &since);
    if (rc == STORE_OK && ui->me.staff_id)
        rc = store_inbox_items(ui->s, ui->me.staff_id, since, INBOX_MAX, &iv->items, &iv->n);
    if (rc == STORE_OK)
        rc = name_book_read(ui->s, &nb);
    iv->what = xcalloc((size_t)iv->n + 1, sizeof *iv->what);
    for (int i = 0; rc == STORE_OK && i < iv->n; i++)
        iv->what[i] = say(ui->s, &nb, &iv->items[i]);
    name_book_free(&nb);
    store_read_end(ui->s);
    /* Looked at: up to the newest shown (newest first). */
    if (rc == STORE_OK && iv->n > 0)
        rc = store_inbox_mark_seen(ui->s, iv->items[0].entry.id);
    return rc;
}

static int open_view(struct view *v, const struct view_arg *arg)
{
    (void)arg;
    int rc = list_open(v, sizeof(struct inbox_view), &inbox_rows);
    if (rc == STORE_OK)
        rc = read_items(v, v->state);
    v->recalc_due = true;
    return rc;
}

static void close_view(struct view *v)
{
    struct inbox_view *iv = v->state;
    if (iv) {
        for (int i = 0; iv->what && i < iv->n; i++)
            free(iv->what[i]);
        free(iv->what);
        inbox_items_free(iv->items, iv->n);
    }
    list_close(v);
}

static int keymaps(const struct view *v, enum keymap_id *chain, int max)
{
    return list_keymaps(v, KEYMAP_INBOX, chain, max);
}

static struct selection selected(const struct view *v)
{
    const struct inbox_view *iv = v->state;
    const struct pos_row *r = lv_selected(&iv->list.lv);
    if (!r)
        return (struct selection){ .kind = SEL_NONE };
    const struct inbox_item *it = &iv->items[r->pos - 1];
    return (struct selection){ .kind = SEL_ACTION, .id = it->action_id,
                               .action_id = it->action_id, .label = it->action_title };
}

static enum reaction command(struct view *v, enum command cmd, bool keycode, int key)
{
    return list_command(v, cmd, keycode, key);
}

const struct view_ops inbox_view_ops = {
    .keymaps = keymaps, .open = open_view, .close = close_view, LIST_VIEW_BASICS,
    .recalc = list_recalc, .command = command, .selected = selected,
};
