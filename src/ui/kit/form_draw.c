/* form_draw — the box of a running form: where each field goes, and its drawing.
 * A multi-line field takes the rows the terminal can spare (up to LONG_ROWS_MAX); a
 * field in conflict shows their value on a row of its own under it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form_priv.h"
#include "suivi/base/i18n.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/xalloc.h"
#include "suivi/ui/editor.h"
#include "suivi/ui/keymap.h"
#include "suivi/ui/textedit.h"

#define FORM_MAX_WIDTH 78
#define LONG_ROWS_MAX 8
#define CHROME_ROWS 7   /* borders, blank above and below, 2 message rows, keys */

bool form_is_line(const struct form_field *fld)
{
    return fld->type == FIELD_TEXT || fld->type == FIELD_DATE || fld->type == FIELD_DAY ||
           fld->type == FIELD_DATETIME;
}

bool form_is_resize(int key, bool keycode)
{
    return keycode && key == KEY_RESIZE;
}

/* Rows for each field: one each, a row more for a conflict, and what is left shared
 * by the multi-line fields.  Returns the rows of all fields. */
static int place_fields(struct frun *r, int room)
{
    struct form *f = r->f;
    int used = 0, nlong = 0;
    for (int i = 0; i < f->nfields; i++) {
        used += 1 + f->fields[i].conflict;
        nlong += f->fields[i].type == FIELD_LONGTEXT;
    }
    int spare = room - used;
    int extra = nlong && spare > 0 ? spare / nlong : 0;
    if (extra > LONG_ROWS_MAX - 1)
        extra = LONG_ROWS_MAX - 1;
    int y = 2;
    for (int i = 0; i < f->nfields; i++) {
        r->rows[i] = 1 + (f->fields[i].type == FIELD_LONGTEXT ? extra : 0);
        r->y[i] = y;
        y += r->rows[i] + f->fields[i].conflict;
    }
    return y - 2;
}

bool form_layout(struct frun *r)
{
    struct form *f = r->f;
    if (f->nfields > FORM_FIELDS_MAX)
        return false;
    r->w = COLS - 4 < FORM_MAX_WIDTH ? COLS - 4 : FORM_MAX_WIDTH;
    r->h = place_fields(r, LINES - 1 - CHROME_ROWS) + CHROME_ROWS;
    if (term_too_small() || r->h > LINES - 1 || r->w < 40)
        return false;
    int lw = 0;
    for (int i = 0; i < f->nfields; i++) {
        int lab = san_width(f->fields[i].label);
        lw = lab > lw ? lab : lw;
    }
    lw += 2;                                  /* ": " */
    lw = lw > r->w / 2 ? r->w / 2 : lw;
    r->vx = 2 + lw;
    r->vcols = r->w - 2 - r->vx;
    r->win = kit_overlay_open(r->h, r->w);
    return r->win != NULL;
}

WINDOW *kit_overlay_open(int h, int w)
{
    WINDOW *win = newwin(h, w, (LINES - 1 - h) / 2, (COLS - w) / 2);
    if (win) {
        keypad(win, TRUE);
        term_overlay_push(win);
    }
    return win;
}

void kit_overlay_close(WINDOW **w)
{
    if (*w) {
        WINDOW *win = *w;
        *w = NULL;          /* first: a redraw from the pop must not draw it again */
        term_overlay_pop(win);
        delwin(win);
    }
}

void form_drop_window(struct frun *r)
{
    kit_overlay_close(&r->win);
}

/* ---- fields -------------------------------------------------------------------- */

static const char *choice_label(const struct form_field *fld, int c)
{
    return c >= 0 && c < fld->nchoices ? fld->choices[c] : "?";
}

static void draw_longtext(struct frun *r, int i, attr_t attr, bool focused)
{
    struct form_field *fld = &r->f->fields[i];
    struct te_row rows[LONG_ROWS_MAX];
    te_layout(fld->te, r->vcols, r->rows[i]);
    int n = te_visible(fld->te, rows, r->rows[i]);
    const char *text = te_text(fld->te);
    for (int k = 0; k < r->rows[i]; k++) {
        char *part = k < n ? xstrndup(text + rows[k].start, rows[k].end - rows[k].start)
                           : xstrdup("");
        term_draw_text(r->win, r->y[i] + k, r->vx, r->vcols, part, attr);
        free(part);
    }
    if (focused) {
        int row, col;
        te_cursor(fld->te, &row, &col);
        wmove(r->win, r->y[i] + row, r->vx + (col < r->vcols ? col : r->vcols - 1));
    }
}

static void draw_line_value(struct frun *r, int i, attr_t va, bool focused)
{
    struct form_field *fld = &r->f->fields[i];
    const char *v = fld->value ? fld->value : "";
    int y = r->y[i];
    if (!focused) {
        term_draw_text(r->win, y, r->vx, r->vcols, v, va);
        return;
    }
    r->scroll = form_text_scroll(v, r->cursor, r->scroll, r->vcols);
    int lead = r->scroll > 0;
    if (lead)
        term_draw_text(r->win, y, r->vx, 1, term_ascii() ? "<" : "\xe2\x80\xa6", va);
    term_draw_text(r->win, y, r->vx + lead, r->vcols - lead, v + r->scroll, va);
    int col = r->vx + lead + form_text_width(v, r->scroll, r->cursor);
    wmove(r->win, y, col < r->vx + r->vcols ? col : r->vx + r->vcols - 1);
}

/* The row under a field in conflict: the value not shown, and how to take it. */
static void draw_conflict(struct frun *r, int i)
{
    struct form_field *fld = &r->f->fields[i];
    char key[32];
    keymap_first_key(KEYMAP_FORM, CMD_FIELD_THEIRS, key, sizeof key);
    const char *other;
    if (fld->type == FIELD_CHOICE)
        other = choice_label(fld, fld->showing_theirs ? fld->mine_choice : fld->theirs_choice);
    else
        other = fld->showing_theirs ? fld->mine : fld->theirs;
    char *first = xstrndup(other ? other : "", strcspn(other ? other : "", "\n"));
    char *line = fld->showing_theirs
        ? xasprintf(_("yours was: %s  (%s: back to yours)"), *first ? first : _("(none)"), key)
        : xasprintf(_("theirs: %s  (%s: take theirs)"), *first ? first : _("(none)"), key);
    term_draw_text(r->win, r->y[i] + r->rows[i], r->vx, r->vcols, line, term_attr(ROLE_ERROR));
    free(line);
    free(first);
}

static void draw_field(struct frun *r, int i)
{
    struct form_field *fld = &r->f->fields[i];
    bool focused = i == r->f->focus;
    int y = r->y[i];
    attr_t va = term_attr(focused ? ROLE_SELECTED : fld->type == FIELD_READONLY ? ROLE_DIM
                                                                                 : ROLE_NORMAL);
    char *label = xasprintf("%s:", fld->label);
    term_draw_text(r->win, y, 1, 1, fld->conflict ? "!" : focused ? ">" : " ",
                   term_attr(fld->conflict ? ROLE_ERROR : ROLE_HEADER));
    term_draw_text(r->win, y, 2, r->vx - 2, label, term_attr(ROLE_HEADER));
    free(label);
    if (fld->conflict)      /* before the value: drawing the value places the cursor */
        draw_conflict(r, i);
    if (fld->type == FIELD_CHOICE) {
        const char *c = choice_label(fld, fld->choice);
        char *shown = focused ? xasprintf("< %s >", c) : xstrdup(c);
        term_draw_text(r->win, y, r->vx, r->vcols, shown, va);
        free(shown);
        if (focused)
            wmove(r->win, y, r->vx);
    } else if (fld->type == FIELD_LONGTEXT && fld->te) {
        draw_longtext(r, i, va, focused);
    } else {
        draw_line_value(r, i, va, focused && form_is_line(fld));
    }
}

/* ---- the box --------------------------------------------------------------------- */

/* What to type in the focused field, when there is no message. */
static void field_hint(const struct form_field *fld, char *buf, size_t len)
{
    char k1[32], k2[32];
    buf[0] = '\0';
    if (fld->type == FIELD_DATE || fld->type == FIELD_DAY) {
        snprintf(buf, len, "%s", _("15/12, 15/12/2026, today, tomorrow, +3d, +2w, fri "
                                   "(or demain, vendredi)"));
    } else if (fld->type == FIELD_DATETIME) {
        snprintf(buf, len, "%s", _("15/12 14:30, yesterday 9h, 14h30 (today), mon, now "
                                   "(or hier, lundi)"));
    } else if (fld->type == FIELD_CHOICE) {
        keymap_first_key(KEYMAP_FORM, CMD_FIELD_LEFT, k1, sizeof k1);
        keymap_first_key(KEYMAP_FORM, CMD_FIELD_RIGHT, k2, sizeof k2);
        snprintf(buf, len, _("%s/%s or Space: change; a letter: jump to it"), k1, k2);
    } else if (fld->type == FIELD_LONGTEXT) {
        keymap_first_key(KEYMAP_FORM, CMD_FIELD_EDITOR, k1, sizeof k1);
        const char *ed = editor_command();
        if (ed)
            snprintf(buf, len, _("Type here (Enter: new line); %s: edit in %s"), k1, ed);
        else
            snprintf(buf, len, "%s", _("Type here (Enter: new line)"));
    }
}

/* The message on two rows, cut at a blank, so that a file name at its end shows. */
static void draw_message(WINDOW *w, int y, int cols, const char *msg, attr_t attr)
{
    size_t cut = 0, len = strlen(msg);
    if (form_text_width(msg, 0, len) <= cols) {
        cut = len;
    } else {
        for (size_t p = 0; p < len; p = form_text_next(msg, p))
            if (msg[p] == ' ' && form_text_width(msg, 0, p) <= cols)
                cut = p;
        for (size_t next; cut == 0 && (next = form_text_next(msg, cut)) != cut &&
                          form_text_width(msg, 0, next) <= cols; )
            cut = next;                               /* no blank: a hard cut */
    }
    char *first = xstrndup(msg, cut);
    term_draw_text(w, y, 2, cols, first, attr);
    free(first);
    term_draw_text(w, y + 1, 2, cols, msg + cut + (msg[cut] == ' '), attr);
}

static void draw_keys(struct frun *r)
{
    static const struct { enum command cmd; const char *word; } hints[] = {
        { CMD_FIELD_NEXT, N_("next") }, { CMD_FORM_SAVE, N_("save") },
        { CMD_FORM_CANCEL, N_("cancel") }, { CMD_FIELD_EDITOR, N_("editor") },
        { CMD_FIELD_THEIRS, N_("theirs/yours") },
    };
    bool conflicts = false, longtext = false;
    for (int i = 0; i < r->f->nfields; i++) {
        conflicts = conflicts || r->f->fields[i].conflict;
        longtext = longtext || r->f->fields[i].type == FIELD_LONGTEXT;
    }
    char buf[256], k[32];
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof hints / sizeof hints[0] && used < sizeof buf; i++) {
        if ((hints[i].cmd == CMD_FIELD_THEIRS && !conflicts) ||
            (hints[i].cmd == CMD_FIELD_EDITOR && !longtext))
            continue;
        keymap_first_key(KEYMAP_FORM, hints[i].cmd, k, sizeof k);
        int n = snprintf(buf + used, sizeof buf - used, "%s%s %s", used ? "  " : "", k,
                         _(hints[i].word));
        used += n > 0 ? (size_t)n : 0;
    }
    term_draw_text(r->win, r->h - 2, 2, r->w - 4, buf, term_attr(ROLE_DIM));
}

void form_draw(struct frun *r)
{
    WINDOW *w = r->win;
    struct form *f = r->f;
    char buf[256];
    werase(w);
    wattrset(w, term_attr(ROLE_BORDER));
    term_box(w);
    wattrset(w, A_NORMAL);
    char *title = xasprintf(" %s ", f->title ? f->title : "");
    int tw = san_width(title);
    term_draw_text(w, 0, 2, tw < r->w - 4 ? tw : r->w - 4, title, term_attr(ROLE_TITLE));
    free(title);
    for (int i = 0; i < f->nfields; i++)
        if (i != f->focus)
            draw_field(r, i);
    if (f->message[0]) {
        draw_message(w, r->h - 4, r->w - 4, f->message,
                     term_attr(f->message_is_error ? ROLE_ERROR : ROLE_NORMAL));
    } else {
        field_hint(&f->fields[f->focus], buf, sizeof buf);
        term_draw_text(w, r->h - 4, 2, r->w - 4, buf, term_attr(ROLE_DIM));
    }
    draw_keys(r);
    /* The focused field last: its cursor is where the terminal's goes. */
    struct form_field *fld = &f->fields[f->focus];
    draw_field(r, f->focus);
    curs_set(form_is_line(fld) || fld->type == FIELD_LONGTEXT ? 1 : 0);
    wnoutrefresh(w);
    doupdate();
}
