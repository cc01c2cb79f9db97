/* form_menu — the short dialogs: a boxed menu (picker_run) and a yes/no question on
 * the status line (confirm).  Like forms, they put back the screen they covered. */
#include "suivi/ui/form.h"

#include <stdlib.h>

#include "suivi/ui/keymap.h"
#include "suivi/base/sanitize.h"
#include "suivi/ui/term.h"
#include "suivi/base/xalloc.h"
#include "form_priv.h"

struct prun {
    const char *title;
    const char *const *items;
    int n, sel, top;
    WINDOW *win;
    int h, w;
};

static bool picker_layout(struct prun *p)
{
    int w = san_width(p->title) + 6;      /* " title " inside the corners */
    for (int i = 0; i < p->n; i++) {
        int iw = san_width(p->items[i]) + 4;
        w = iw > w ? iw : w;
    }
    p->w = w > COLS - 4 ? COLS - 4 : w;
    p->h = (p->n < LINES - 5 ? p->n : LINES - 5) + 2;
    if (term_too_small() || p->h < 3 || p->w < 12)
        return false;
    p->win = kit_overlay_open(p->h, p->w);
    return p->win != NULL;
}

static void drop_picker(struct prun *p)
{
    kit_overlay_close(&p->win);
}

static void picker_draw(struct prun *p)
{
    int rows = p->h - 2;
    if (p->sel < p->top)
        p->top = p->sel;
    if (p->sel >= p->top + rows)
        p->top = p->sel - rows + 1;
    werase(p->win);
    wattrset(p->win, term_attr(ROLE_BORDER));
    term_box(p->win);
    wattrset(p->win, A_NORMAL);
    char *title = xasprintf(" %s ", p->title);
    int tw = san_width(title);
    term_draw_text(p->win, 0, 2, tw < p->w - 4 ? tw : p->w - 4, title, term_attr(ROLE_TITLE));
    free(title);
    for (int i = 0; i < rows && p->top + i < p->n; i++) {
        int idx = p->top + i;
        attr_t a = term_attr(idx == p->sel ? ROLE_SELECTED : ROLE_NORMAL);
        term_draw_text(p->win, 1 + i, 1, 1, idx == p->sel ? ">" : " ", a);
        term_draw_text(p->win, 1 + i, 2, p->w - 3, p->items[idx], a);
    }
    curs_set(0);
    wnoutrefresh(p->win);
    doupdate();
}

/* Apply a key; returns the chosen index, -1 cancelled, or -3 to go on. */
static int picker_key(struct prun *p, bool keycode, int key)
{
    switch (keymap_lookup(KEYMAP_PICKER, keycode, key)) {
    case CMD_DOWN:  p->sel += p->sel + 1 < p->n; break;
    case CMD_UP:    p->sel -= p->sel > 0; break;
    case CMD_FIRST: p->sel = 0; break;
    case CMD_LAST:  p->sel = p->n - 1; break;
    case CMD_PICK:  return p->sel;
    case CMD_BACK:  return -1;
    case CMD_NONE:
        if (!keycode && key >= '1' && key <= '9' && key - '1' < p->n)
            return key - '1';         /* the priority menu: 1 is P1 */
        if (!keycode)
            p->sel = form_choice_jump(p->items, p->n, p->sel, (wchar_t)key);
        break;
    default: break;
    }
    return -3;
}

int picker_run(const char *title, const char *const *items, int nitems, int current)
{
    if (nitems <= 0)
        return -1;
    struct prun p = { .title = title ? title : "", .items = items, .n = nitems,
                      .sel = current >= 0 && current < nitems ? current : 0 };
    int result = -3;
    while (result == -3) {
        if (term_hangup_requested()) {
            result = -2;
            break;
        }
        if (!p.win && !picker_layout(&p))
            term_draw_too_small();
        else
            picker_draw(&p);
        bool keycode = false;
        int key = term_getkey(p.win ? p.win : stdscr, -1, &keycode);
        if (key == TERM_KEY_HANGUP) {
            result = -2;
        } else if (form_is_resize(key, keycode)) {
            drop_picker(&p);
        } else if (key >= 0 && p.win && !term_key_pasted()) {
            result = picker_key(&p, keycode, key);
        }
    }
    drop_picker(&p);
    return result;
}

enum form_result form_ask(const char *title, const char *label, enum field_type type,
                          char **out)
{
    return form_ask_with(title, label, type, NULL, out);
}

enum form_result form_ask_with(const char *title, const char *label, enum field_type type,
                               const char *initial, char **out)
{
    struct form_field fld = { .key = "text", .label = label, .type = type,
                              .action_choice = -1 };
    if (initial)
        form_set_value(&fld, initial);
    struct form f = { .title = title, .fields = &fld, .nfields = 1, .no_draft = true };
    enum form_result r = form_run(&f);
    *out = r == FORM_SAVED && fld.value ? xstrdup(fld.value) : NULL;
    form_free_values(&f);
    return r;
}

int ask_key(const char *question, bool *keycode)
{
    WINDOW *w = NULL;
    int key = TERM_KEY_NONE;
    *keycode = false;
    for (;;) {
        if (!w && (w = newwin(1, COLS, LINES - 1, 0)) != NULL) {
            keypad(w, TRUE);
            term_overlay_push(w);
        }
        if (!w || term_hangup_requested())
            break;
        int used = term_draw_text(w, 0, 0, COLS, question, term_attr(ROLE_STATUS));
        wmove(w, 0, used + 1 < COLS ? used + 1 : COLS - 1);
        curs_set(1);
        wnoutrefresh(w);
        doupdate();
        key = term_getkey(w, -1, keycode);
        if (form_is_resize(key, *keycode)) {
            term_overlay_pop(w);
            delwin(w);
            w = NULL;
        } else if (key == TERM_KEY_HANGUP || (key >= 0 && !term_key_pasted())) {
            break;      /* a paste or a bad byte does not answer the question */
        }
    }
    curs_set(0);
    if (w) {
        term_overlay_pop(w);
        delwin(w);
    }
    /* No window (out of memory): no answer, TERM_KEY_NONE. */
    return term_hangup_requested() ? TERM_KEY_HANGUP : key;
}

bool confirm(const char *question)
{
    bool keycode = false;
    int key = ask_key(question, &keycode);
    return !keycode && (key == 'y' || key == 'Y');
}
