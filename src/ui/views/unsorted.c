/* unsorted — U: the mail suivi mail-in kept because it named no action, newest
 * first (when, from, subject, the start of its text).  f files the selected one on
 * an action by its number: it becomes that action's note and an incoming mail on
 * its member's timeline, as a reply naming it would have (core/mailin.h), and
 * leaves this list.  Read whole at open and at each refresh (a short list by
 * nature: what nobody has filed yet), paged from memory by position. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lists.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/mailin.h"
#include "suivi/ui/form.h"
#include "suivi/ui/term.h"

#define UNSORTED_MAX 500

struct unsorted_view {
    struct list_state list;
    struct unsorted_mail *mails;
    int n;
};

static int reload(struct unsorted_view *uv, store *s)
{
    unsorted_mails_free(uv->mails, uv->n);
    uv->mails = NULL;
    uv->n = 0;
    return store_unsorted_list(s, UNSORTED_MAX, true, &uv->mails, &uv->n);
}

static int fetch(struct listview *lv, enum page_dir dir, const void *anchor, int limit,
                 void *rows, int *n)
{
    struct unsorted_view *uv = list_view_state(lv);
    if (dir == PAGE_FIRST || dir == PAGE_LAST) {
        int rc = reload(uv, list_ui(lv)->s);      /* a refresh starts from an end */
        if (rc != STORE_OK)
            return rc;
    }
    return pos_fetch(uv->n, dir, anchor, limit, rows, n);
}

static int get(struct listview *lv, int64_t id, void *row)
{
    return pos_get(((const struct unsorted_view *)list_view_state(lv))->n, id, row);
}

static void draw(struct listview *lv, WINDOW *w, int y, int cols, const void *row, attr_t base)
{
    const struct unsorted_view *uv = list_view_state(lv);
    const struct ui_ctx *ui = list_ui(lv);
    const struct unsorted_mail *m = &uv->mails[pos_id(row) - 1];
    char when[64], ref[24];
    view_format_when(ui, m->received_at, when, sizeof when);
    snprintf(ref, sizeof ref, "#%lld", (long long)m->id);
    int x = lv_col(w, y, 1, 6, ref, base);
    x = lv_col(w, y, x, ui->date_cols + 6, when, base);
    int from = cols / 4 > 12 ? cols / 4 : 12;
    x = lv_col(w, y, x, from, m->from_addr ? m->from_addr : _("(no sender)"), base);
    int subject = cols / 3 > 12 ? cols / 3 : 12;
    x = lv_col(w, y, x, subject, m->subject ? m->subject : _("(no subject)"), base);
    if (x < cols && m->body)
        lv_col(w, y, x, cols - x, m->body, base | term_attr(ROLE_DIM));
}

static void title(struct listview *lv, char *buf, size_t len)
{
    const struct unsorted_view *uv = list_view_state(lv);
    snprintf(buf, len, ngettext("Unsorted mail — %d to file (f files it on an action)",
                                "Unsorted mail — %d to file (f files it on an action)",
                                uv->n), uv->n);
}

static const struct lv_ops unsorted_rows = {
    POS_ROW_OPS, .fetch = fetch, .get = get, .draw = draw, .title = title,
};

static int open_view(struct view *v, const struct view_arg *arg)
{
    (void)arg;
    int rc = list_open(v, sizeof(struct unsorted_view), &unsorted_rows);
    v->recalc_due = true;
    return rc;
}

static void close_view(struct view *v)
{
    struct unsorted_view *uv = v->state;
    if (uv)
        unsorted_mails_free(uv->mails, uv->n);
    list_close(v);
}

static int keymaps(const struct view *v, enum keymap_id *chain, int max)
{
    return list_keymaps(v, KEYMAP_UNSORTED, chain, max);
}

static const struct unsorted_mail *selected_mail(const struct view *v)
{
    const struct unsorted_view *uv = v->state;
    const struct pos_row *r = lv_selected(&uv->list.lv);
    return r && r->pos <= uv->n ? &uv->mails[r->pos - 1] : NULL;
}

static struct selection selected(const struct view *v)
{
    (void)v;
    return (struct selection){ .kind = SEL_NONE };
}

static enum reaction file_selected(struct view *v)
{
    const struct unsorted_mail *m = selected_mail(v);
    if (!m) {
        term_flash(true, "%s", _("No mail selected"));
        return R_NONE;
    }
    int64_t id = m->id;
    char *title = xasprintf(_("File unsorted mail #%lld on an action"), (long long)id);
    char *text = NULL;
    enum form_result fr = form_ask(title, _("Action #"), FIELD_TEXT, &text);
    free(title);
    if (fr == FORM_HANGUP) {
        free(text);
        return R_QUIT;
    }
    char *end = NULL;
    long long action = text ? strtoll(text + (text[0] == '#'), &end, 10) : 0;
    bool number = text && end && *end == '\0' && action > 0;
    free(text);
    if (fr != FORM_SAVED)
        return R_NONE;
    if (!number) {
        term_flash(true, "%s", _("Not filed: give the action's number, e.g. 12"));
        return R_NONE;
    }
    struct mailin_result res;
    char err[256] = "";
    int rc = mailin_file_kept(v->ui->s, id, action, &res, err, sizeof err);
    if (rc == STORE_OK)
        term_flash(false, _("Mail #%lld filed on action #%lld as a note (%s) and on the "
                            "member's timeline"), (long long)id, action,
                   _(enum_label(&NOTE_VISIBILITY_NAMES, (int)res.visibility)));
    else
        term_flash(true, _("Not filed: %s"), err);
    list_of(v)->reset_due = true;
    return rc == STORE_OK ? R_RECALC_ALL | R_RECALC : R_RECALC;
}

static enum reaction command(struct view *v, enum command cmd, bool keycode, int key)
{
    if (cmd == CMD_FILE_MAIL)
        return file_selected(v);
    return list_command(v, cmd, keycode, key);
}

const struct view_ops unsorted_view_ops = {
    .keymaps = keymaps, .open = open_view, .close = close_view, LIST_VIEW_BASICS,
    .recalc = list_recalc, .command = command, .selected = selected,
};
