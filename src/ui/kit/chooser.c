/* chooser — see chooser.h.  The team is small (tens of people, a few providers):
 * each key folds the query once and rescans the folded names, which were folded
 * once when the chooser opened. */
#include "suivi/ui/chooser.h"

#include <stdlib.h>
#include <string.h>

#include "form_priv.h"
#include "suivi/base/i18n.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/xalloc.h"
#include "suivi/ui/form.h"
#include "suivi/ui/keymap.h"
#include "suivi/ui/term.h"

#define CHOOSER_MIN_WIDTH 40

struct crun {
    const char *title;
    const char *const *items, *const *notes;
    char **folded;              /* fold_for_search of each item */
    int n;
    int *shown, nshown;         /* the indexes that match the query, in order */
    int sel, top;               /* in shown */
    char *query;
    size_t cursor;
    WINDOW *win;
    int h, w;
};

static void narrow(struct crun *c)
{
    char *q = fold_for_search(c->query ? c->query : "");
    int keep = c->nshown > 0 ? c->shown[c->sel] : -1;
    c->nshown = 0;
    for (int i = 0; i < c->n; i++)
        if (!*q || strstr(c->folded[i], q))
            c->shown[c->nshown++] = i;
    free(q);
    c->sel = 0;
    for (int i = 0; i < c->nshown; i++)   /* stay on the same entry when it still shows */
        if (c->shown[i] == keep)
            c->sel = i;
    c->top = 0;
}

static bool layout(struct crun *c)
{
    int w = san_width(c->title) + 6;
    for (int i = 0; i < c->n; i++) {
        int iw = san_width(c->items[i]) + (c->notes && c->notes[i] ? san_width(c->notes[i]) + 2
                                                                   : 0) + 5;
        w = iw > w ? iw : w;
    }
    w = w < CHOOSER_MIN_WIDTH ? CHOOSER_MIN_WIDTH : w;
    c->w = w > COLS - 4 ? COLS - 4 : w;
    c->h = (c->n < LINES - 7 ? c->n : LINES - 7) + 4;   /* borders, query, a gap */
    if (term_too_small() || c->h < 5 || c->w < 20)
        return false;
    c->win = kit_overlay_open(c->h, c->w);
    return c->win != NULL;
}

static void drop(struct crun *c)
{
    kit_overlay_close(&c->win);
}

static void draw_entry(struct crun *c, int row, int idx, bool selected)
{
    attr_t a = term_attr(selected ? ROLE_SELECTED : ROLE_NORMAL);
    const char *note = c->notes ? c->notes[idx] : NULL;
    int nw = note && *note ? san_width(note) : 0;
    int room = c->w - 3 - (nw ? nw + 2 : 0);
    term_draw_text(c->win, row, 1, 1, selected ? ">" : " ", a);
    int used = term_draw_text(c->win, row, 2, room > 1 ? room : 1, c->items[idx], a);
    for (int x = 2 + used; x < c->w - 1 - nw; x++)
        mvwaddch(c->win, row, x, ' ' | a);
    if (nw)
        term_draw_text(c->win, row, c->w - 1 - nw, nw, note, selected ? a : term_attr(ROLE_DIM));
}

static void draw(struct crun *c)
{
    int rows = c->h - 4;
    if (c->sel < c->top)
        c->top = c->sel;
    if (c->sel >= c->top + rows)
        c->top = c->sel - rows + 1;
    werase(c->win);
    wattrset(c->win, term_attr(ROLE_BORDER));
    term_box(c->win);
    wattrset(c->win, A_NORMAL);
    char *title = xasprintf(" %s ", c->title);
    int tw = san_width(title);
    term_draw_text(c->win, 0, 2, tw < c->w - 4 ? tw : c->w - 4, title, term_attr(ROLE_TITLE));
    free(title);
    const char *label = _("Find: ");
    int lw = term_draw_text(c->win, 1, 2, c->w - 4, label, term_attr(ROLE_HEADER));
    size_t from = form_text_scroll(c->query, c->cursor, 0, c->w - 4 - lw);
    term_draw_text(c->win, 1, 2 + lw, c->w - 4 - lw, c->query + from, A_NORMAL);
    for (int i = 0; i < rows && c->top + i < c->nshown; i++)
        draw_entry(c, 3 + i, c->shown[c->top + i], c->top + i == c->sel);
    if (c->nshown == 0)
        term_draw_text(c->win, 3, 2, c->w - 4, _("(nothing matches)"), term_attr(ROLE_DIM));
    wmove(c->win, 1, 2 + lw + form_text_width(c->query, from, c->cursor));
    curs_set(1);
    wnoutrefresh(c->win);
    doupdate();
}

/* Apply a key; the chosen index, -1 cancelled, or -3 to go on. */
static int on_key(struct crun *c, bool keycode, int key)
{
    int rows = c->h - 4 > 1 ? c->h - 4 : 1;
    switch (keymap_lookup(KEYMAP_CHOOSER, keycode, key)) {
    case CMD_DOWN:      c->sel += c->sel + 1 < c->nshown; break;
    case CMD_UP:        c->sel -= c->sel > 0; break;
    case CMD_PAGE_DOWN: c->sel = c->sel + rows < c->nshown ? c->sel + rows : c->nshown - 1;
                        c->sel = c->sel < 0 ? 0 : c->sel; break;
    case CMD_PAGE_UP:   c->sel = c->sel > rows ? c->sel - rows : 0; break;
    case CMD_PICK:      return c->nshown > 0 ? c->shown[c->sel] : -3;
    case CMD_BACK:      return -1;
    case CMD_FILTER_ERASE:
        form_text_erase(&c->query, &c->cursor);
        narrow(c);
        break;
    case CMD_FILTER_KILL:
        c->query[0] = '\0';
        c->cursor = 0;
        narrow(c);
        break;
    case CMD_NONE:
        if (!keycode && form_text_insert(&c->query, &c->cursor, (wchar_t)key))
            narrow(c);
        break;
    default:
        break;
    }
    return -3;
}

int chooser_run(const char *title, const char *const *items, const char *const *notes,
                int n, int current)
{
    if (n <= 0)
        return -1;
    struct crun c = { .title = title ? title : "", .items = items, .notes = notes, .n = n,
                      .folded = xcalloc((size_t)n, sizeof(char *)),
                      .shown = xcalloc((size_t)n, sizeof(int)), .query = xstrdup("") };
    for (int i = 0; i < n; i++)
        c.folded[i] = fold_for_search(items[i] ? items[i] : "");
    narrow(&c);
    c.sel = current >= 0 && current < n ? current : 0;
    int result = -3;
    while (result == -3) {
        if (term_hangup_requested()) {
            result = -2;
            break;
        }
        if (!c.win && !layout(&c))
            term_draw_too_small();
        else if (!term_input_pending())     /* a paste: drawn once at its end */
            draw(&c);
        bool keycode = false;
        int key = term_getkey(c.win ? c.win : stdscr, -1, &keycode);
        if (key == TERM_KEY_HANGUP)
            result = -2;
        else if (form_is_resize(key, keycode))
            drop(&c);
        else if (key >= 0 && c.win)
            result = on_key(&c, keycode, key);
    }
    drop(&c);
    curs_set(0);
    for (int i = 0; i < n; i++)
        free(c.folded[i]);
    free(c.folded);
    free(c.shown);
    free(c.query);
    return result;
}
