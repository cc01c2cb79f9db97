/* lists — see lists.h. */
#include "lists.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "suivi/base/sanitize.h"
#include "suivi/base/xalloc.h"
#include "suivi/ui/term.h"

struct list_state *list_of(const struct view *v)
{
    return v->state;
}

struct ui_ctx *list_ui(const struct listview *lv)
{
    return ((const struct view *)lv->ctx)->ui;
}

void *list_view_state(const struct listview *lv)
{
    return ((const struct view *)lv->ctx)->state;
}

int list_open(struct view *v, size_t size, const struct lv_ops *ops)
{
    v->state = xcalloc(1, size);
    lv_init(&list_of(v)->lv, ops, v, view_name(v->id));
    return STORE_OK;
}

void list_close(struct view *v)
{
    if (v->state)
        lv_free(&list_of(v)->lv);
    free(v->state);
    v->state = NULL;
}

int list_keymaps(const struct view *v, enum keymap_id own, enum keymap_id *chain, int max)
{
    if (max < 2)
        return 0;
    if (list_of(v)->lv.filtering) {
        chain[0] = KEYMAP_FILTER;
        return 1;
    }
    chain[0] = own;
    chain[1] = KEYMAP_LIST;
    return 2;
}

void list_place(struct view *v, struct rect r)
{
    struct listview *lv = &list_of(v)->lv;
    ui_report(v->ui, lv_place(lv, r.y, r.x, r.h, r.w), lv->name);
    if (lv->title_win)
        leaveok(lv->title_win, TRUE);
    if (lv->list_win)
        leaveok(lv->list_win, TRUE);
}

void list_repaint(struct view *v)
{
    lv_draw(&list_of(v)->lv);
}

void list_touch(struct view *v)
{
    lv_touch(&list_of(v)->lv);
}

void list_focus(struct view *v, bool focused)
{
    lv_set_focus(&list_of(v)->lv, focused);
}

int list_recalc(struct view *v)
{
    struct list_state *ls = list_of(v);
    if (ls->lv.height <= 0)
        return STORE_OK;
    if (ls->reset_due) {
        ls->reset_due = false;
        lv_touch_title(&ls->lv);
        return lv_reset(&ls->lv);
    }
    return lv_reload(&ls->lv, NULL);
}

bool list_reveal(struct view *v, int64_t id)
{
    struct listview *lv = &list_of(v)->lv;
    ui_report(v->ui, lv_goto_id(lv, id), lv->name);
    return lv_selected_id(lv) == id;
}

static int half(const struct listview *lv)
{
    return lv->height / 2 > 0 ? lv->height / 2 : 1;
}

static int move_by(struct listview *lv, enum command cmd)
{
    switch (cmd) {
    case CMD_DOWN:      return lv_move(lv, 1);
    case CMD_UP:        return lv_move(lv, -1);
    case CMD_PAGE_DOWN: return lv_move(lv, lv->height);
    case CMD_PAGE_UP:   return lv_move(lv, -lv->height);
    case CMD_HALF_DOWN: return lv_move(lv, half(lv));
    case CMD_HALF_UP:   return lv_move(lv, -half(lv));
    case CMD_FIRST:     return lv_first(lv);
    case CMD_LAST:      return lv_last(lv);
    default:            return STORE_OK;
    }
}

/* A character typed into the filter. */
static enum reaction filter_type(struct list_state *ls, bool keycode, int key)
{
    if (!keycode && term_key_pasted() && (key == '\n' || key == '\t'))
        key = ' ';       /* a pasted line break separates words, as in a one-line field */
    if (keycode || key < 0x20 || key == 0x7f || !iswprint((wint_t)key))
        return R_NONE;
    char mb[MB_LEN_MAX + 1];
    mbstate_t st;
    memset(&st, 0, sizeof st);
    size_t n = wcrtomb(mb, (wchar_t)key, &st);
    if (n == (size_t)-1)
        return R_NONE;
    mb[n] = '\0';
    if (!lv_filter_append(&ls->lv, mb)) {
        term_flash(true, "%s", _("The filter is full"));
        return R_NONE;
    }
    ls->reset_due = true;
    return R_RECALC;
}

static enum reaction filter_command(struct list_state *ls, enum command cmd, bool keycode,
                                    int key)
{
    struct listview *lv = &ls->lv;
    bool had = lv->filter[0] != '\0';
    switch (cmd) {
    case CMD_FILTER_ACCEPT:
        lv->filtering = false;
        lv_touch_title(lv);
        return R_NONE;
    case CMD_FILTER_CLEAR:
        lv->filtering = false;
        /* fall through */
    case CMD_FILTER_KILL:
        lv_filter_clear(lv);
        ls->reset_due = ls->reset_due || had;
        return R_RECALC;
    case CMD_FILTER_ERASE:
        if (!had)
            return R_NONE;
        lv_filter_erase(lv);
        ls->reset_due = true;
        return R_RECALC;
    case CMD_NONE:
        return filter_type(ls, keycode, key);
    default:
        return R_UNHANDLED;
    }
}

enum reaction list_command(struct view *v, enum command cmd, bool keycode, int key)
{
    struct list_state *ls = list_of(v);
    struct listview *lv = &ls->lv;
    if (lv->filtering) {
        enum reaction r = filter_command(ls, cmd, keycode, key);
        if (!(r & R_UNHANDLED))
            return r;
    }
    if (cmd >= CMD_DOWN && cmd <= CMD_LAST) {
        ui_report(v->ui, move_by(lv, cmd), lv->name);
        return R_NONE;
    }
    if (cmd == CMD_NONE && term_key_pasted()) {
        term_flash(true, "%s", _("A paste is typed into a filter or a form, not run as keys "
                                 "(/ starts a filter)"));
        return R_NONE;
    }
    if (cmd == CMD_FILTER) {
        lv->filtering = true;
        lv_touch_title(lv);
        return R_NONE;
    }
    return R_UNHANDLED;
}

bool list_follow_member(struct followed *f, const struct selection *lead, bool *title_changed)
{
    *title_changed = !same_str(lead->label, f->member_name);
    if (*title_changed)
        str_replace(&f->member_name, lead->label);
    if (lead->member_id == f->member_id)
        return false;
    f->member_id = lead->member_id;
    return true;
}

/* ---- lists held in memory --------------------------------------------------------- */

int pos_fetch(int total, enum page_dir dir, const void *anchor, int limit, void *rows, int *n)
{
    struct pos_row *out = rows;
    int64_t at = anchor ? ((const struct pos_row *)anchor)->pos : 0;
    bool back = dir == PAGE_LAST || dir == PAGE_BEFORE;
    int64_t first = dir == PAGE_FIRST ? 1 : dir == PAGE_AFTER ? at + 1
                  : dir == PAGE_LAST ? total : at - 1;
    *n = 0;
    for (int64_t p = first; p >= 1 && p <= total && *n < limit; p += back ? -1 : 1)
        out[(*n)++].pos = p;
    for (int i = 0; back && i < *n / 2; i++) {    /* display order */
        struct pos_row t = out[i];
        out[i] = out[*n - 1 - i];
        out[*n - 1 - i] = t;
    }
    return STORE_OK;
}

static const void *mem_row(const struct mem_list *m, int i)
{
    return (const unsigned char *)m->all + (size_t)i * m->size;
}

/* Rows a and b of out (of m->size bytes) swapped, byte by byte: any row type. */
static void mem_swap(const struct mem_list *m, void *out, int a, int b)
{
    unsigned char *x = (unsigned char *)out + (size_t)a * m->size;
    unsigned char *y = (unsigned char *)out + (size_t)b * m->size;
    for (size_t j = 0; j < m->size; j++) {
        unsigned char t = x[j];
        x[j] = y[j];
        y[j] = t;
    }
}

int mem_fetch(const struct mem_list *m, enum page_dir dir, const void *anchor, int limit,
              void *rows, int *n)
{
    bool back = dir == PAGE_LAST || dir == PAGE_BEFORE;
    int i = back ? m->n - 1 : 0;
    if (dir == PAGE_AFTER)          /* the first row after the anchor */
        while (i < m->n && m->order(mem_row(m, i), anchor) <= 0)
            i++;
    if (dir == PAGE_BEFORE)         /* the last row before it */
        while (i >= 0 && m->order(mem_row(m, i), anchor) >= 0)
            i--;
    *n = 0;
    for (; i >= 0 && i < m->n && *n < limit; i += back ? -1 : 1)
        if (!m->keep || m->keep(mem_row(m, i), m->ctx))
            m->copy((unsigned char *)rows + (size_t)(*n)++ * m->size, mem_row(m, i));
    for (int a = 0, b = *n - 1; back && a < b; a++, b--)     /* display order */
        mem_swap(m, rows, a, b);
    return STORE_OK;
}

int mem_get(const struct mem_list *m, int64_t id, void *row)
{
    for (int i = 0; i < m->n; i++)
        if (m->id(mem_row(m, i)) == id) {
            m->copy(row, mem_row(m, i));
            return STORE_OK;
        }
    return STORE_NOT_FOUND;
}

int pos_get(int total, int64_t id, void *row)
{
    if (id < 1 || id > total)
        return STORE_NOT_FOUND;
    ((struct pos_row *)row)->pos = id;
    return STORE_OK;
}

void pos_release(void *row)
{
    (void)row;
}

int64_t pos_id(const void *row)
{
    return ((const struct pos_row *)row)->pos;
}

bool pos_same(struct listview *lv, const void *a, const void *b)
{
    (void)lv;
    return pos_id(a) == pos_id(b);
}

/* ---- formatting -------------------------------------------------------------------- */

static const char *date_format(const struct ui_ctx *ui)
{
    return ui->cfg && ui->cfg->date_format ? ui->cfg->date_format : "%Y-%m-%d";
}

void view_format_date(const struct ui_ctx *ui, const char *date, char *buf, size_t len)
{
    if (!date || !*date) {
        snprintf(buf, len, "-");
        return;
    }
    if (date_format_user(date, date_format(ui), buf, len) != 0)
        snprintf(buf, len, "%s", date);   /* unformattable: show it as stored */
}

void view_format_instant(const struct ui_ctx *ui, int64_t t, char *buf, size_t len)
{
    if (time_format_local(t, date_format(ui), buf, len) != 0)
        snprintf(buf, len, "?");
}

void view_format_when(const struct ui_ctx *ui, int64_t t, char *buf, size_t len)
{
    if (!t) {
        snprintf(buf, len, "-");
        return;
    }
    char fmt[128];
    snprintf(fmt, sizeof fmt, "%s %%H:%%M", date_format(ui));
    if (time_format_local(t, fmt, buf, len) != 0)
        snprintf(buf, len, "?");
}

void view_title(char *buf, size_t len, const char *what, const char *whose)
{
    if (whose)
        snprintf(buf, len, "%s %s %s", what, san_locale_is_utf8() ? "\u2014" : "-", whose);
    else
        snprintf(buf, len, "%s", what);
}

bool same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}
