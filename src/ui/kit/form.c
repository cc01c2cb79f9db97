/* form — field-by-field data entry drawn as a box over the panes (see form.h).
 *
 * The screen under a dialog is kept in a copy of curscr and put back when the
 * dialog closes, so the caller's panes reappear without being told.  Keys come from
 * KEYMAP_FORM; only printable characters are taken as they are, to be inserted. */
#include "suivi/ui/form.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "suivi/ui/editor.h"
#include "suivi/ui/keymap.h"
#include "suivi/base/sanitize.h"
#include "suivi/ui/term.h"
#include "suivi/base/timeutil.h"
#include "suivi/base/xalloc.h"
#include "form_priv.h"

#define FORM_MAX_WIDTH 78

/* ---- the screen under a dialog ------------------------------------------------ */

WINDOW *form_screen_save(void)
{
    doupdate();
    return dupwin(curscr);
}

void form_screen_restore(WINDOW **saved)
{
    if (!*saved)
        return;
    touchwin(*saved);
    wnoutrefresh(*saved);
    doupdate();
    delwin(*saved);
    *saved = NULL;
}

bool form_is_resize(int key, bool keycode)
{
    return keycode && key == KEY_RESIZE;
}

/* ---- the form --------------------------------------------------------------------- */

struct frun {
    struct form *f;
    WINDOW *win, *under;
    int h, w, vx, vcols;
    size_t cursor, scroll;   /* in the focused one-line field */
};

enum step { STEP_GO, STEP_SAVED, STEP_CANCELLED, STEP_HANGUP };

static bool is_line(const struct form_field *fld)
{
    return fld->type == FIELD_TEXT || fld->type == FIELD_DATE || fld->type == FIELD_DATETIME;
}

void form_set_value(struct form_field *fld, const char *value)
{
    char *copy = xstrdup(value ? value : "");
    free(fld->value);
    fld->value = copy;
}

void form_free_values(struct form *f)
{
    for (int i = 0; i < f->nfields; i++)
        free_and_null(&f->fields[i].value);
}

/* True when text already starts with the label ("SIREN 123: …" for "SIREN"). */
static bool names_itself(const char *label, const char *text)
{
    char *l = fold_for_search(label), *t = fold_for_search(text);
    bool same = strncmp(t, l, strlen(l)) == 0;
    free(l);
    free(t);
    return same;
}

static void set_message(struct form *f, bool error, const char *label, const char *text)
{
    if (label && names_itself(label, text))
        label = NULL;
    int n = snprintf(f->message, sizeof f->message, "%s%s%s", label ? label : "",
                     label ? ": " : "", text);
    if (n >= (int)sizeof f->message)     /* cut: say so rather than end mid-word */
        memcpy(f->message + sizeof f->message - 4, "...", 4);
    f->message_is_error = error;
}

/* The next field after from (dir +1/-1, wrapping) that takes input; from if none. */
static int next_editable(const struct form *f, int from, int dir)
{
    for (int i = 1; i <= f->nfields; i++) {
        int idx = ((from + dir * i) % f->nfields + f->nfields) % f->nfields;
        if (f->fields[idx].type != FIELD_READONLY)
            return idx;
    }
    return from;
}

static void focus_on(struct frun *r, int idx)
{
    r->f->focus = idx;
    const char *v = r->f->fields[idx].value;
    r->cursor = v ? strlen(v) : 0;
    r->scroll = 0;
}

static void trim(char *s)
{
    size_t a = strspn(s, " \t"), len = strlen(s);
    while (len > a && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    memmove(s, s + a, len - a);
    s[len - a] = '\0';
}

/* Check field i; on_save adds "required".  Dates are rewritten in their stored or
 * canonical form once they parse.  On error: message naming the field, false. */
static bool check_field(struct form *f, int i, bool on_save)
{
    struct form_field *fld = &f->fields[i];
    char err[200] = "", buf[64];
    if (fld->type == FIELD_CHOICE) {
        if (fld->choice >= 0 && fld->choice < fld->nchoices)
            return true;
        set_message(f, true, fld->label, "choose one");
        return false;
    }
    if (fld->type == FIELD_READONLY)
        return true;
    if (!fld->value)
        form_set_value(fld, "");
    if (is_line(fld))
        trim(fld->value);
    if (!fld->value[strspn(fld->value, " \t\n")]) {
        if (!on_save || !fld->required)
            return true;
        set_message(f, true, fld->label, "required");
        return false;
    }
    int64_t t;
    if (fld->type == FIELD_DATE) {
        if (date_parse_user(fld->value, buf, err, sizeof err) == 0)
            form_set_value(fld, buf);
    } else if (fld->type == FIELD_DATETIME) {
        if (time_parse_user(fld->value, &t, err, sizeof err) == 0) {
            time_to_user_input(t, buf, sizeof buf);
            form_set_value(fld, buf);
        }
    }
    if (!err[0] && fld->check && !fld->check(fld->value, err, sizeof err) && !err[0])
        snprintf(err, sizeof err, "not valid");
    if (!err[0])
        return true;
    set_message(f, true, fld->label, err);
    return false;
}

static bool layout(struct frun *r)
{
    r->h = r->f->nfields + 7;   /* borders, blank, fields, blank, 2 message rows, keys */
    r->w = COLS - 4 < FORM_MAX_WIDTH ? COLS - 4 : FORM_MAX_WIDTH;
    if (term_too_small() || r->h > LINES - 1 || r->w < 40)
        return false;
    int lw = 0;
    for (int i = 0; i < r->f->nfields; i++) {
        int lab = san_width(r->f->fields[i].label);
        lw = lab > lw ? lab : lw;
    }
    lw += 2;                                  /* ": " */
    lw = lw > r->w / 2 ? r->w / 2 : lw;
    r->vx = 2 + lw;
    r->vcols = r->w - 2 - r->vx;
    r->win = newwin(r->h, r->w, (LINES - 1 - r->h) / 2, (COLS - r->w) / 2);
    if (!r->win)
        return false;
    keypad(r->win, TRUE);
    return true;
}

static void drop_window(struct frun *r)
{
    if (r->win)
        delwin(r->win);
    r->win = NULL;
}

/* The first name of cmd's keys in KEYMAP_FORM ("Tab" of "Tab, Down, Enter"). */
static void first_key(enum command cmd, char *buf, size_t len)
{
    keymap_keys_of(KEYMAP_FORM, cmd, buf, len);
    buf[strcspn(buf, ",")] = '\0';
}

static bool key_is_enter(bool keycode, int key)
{
    size_t n;
    const struct key_binding *b = keymap_bindings(&n);
    for (size_t i = 0; i < n; i++)
        if (b[i].map == KEYMAP_FORM && b[i].keycode == keycode && b[i].key == key)
            return strcmp(b[i].name, "Enter") == 0;
    return false;
}

static void draw_longtext(WINDOW *w, int y, int x, int cols, const char *v, attr_t attr)
{
    size_t first = strcspn(v, "\n");
    int lines = 1;
    for (const char *p = v; (p = strchr(p, '\n')) != NULL; p++)
        lines++;
    char *line = xstrndup(v, first);
    char suffix[32] = "";
    if (lines > 1)
        snprintf(suffix, sizeof suffix, "  (%d lines)", lines);
    int sw = (int)strlen(suffix) < cols / 2 ? (int)strlen(suffix) : 0;
    term_draw_text(w, y, x, cols - sw, line, attr);
    if (sw)
        term_draw_text(w, y, x + cols - sw, sw, suffix, attr);
    free(line);
}

static void draw_field(struct frun *r, int i)
{
    struct form_field *fld = &r->f->fields[i];
    bool focused = i == r->f->focus;
    int y = 2 + i;
    attr_t va = term_attr(focused ? ROLE_SELECTED : fld->type == FIELD_READONLY ? ROLE_DIM
                                                                                 : ROLE_NORMAL);
    char *label = xasprintf("%s:", fld->label);
    term_draw_text(r->win, y, 1, 1, focused ? ">" : " ", term_attr(ROLE_HEADER));
    term_draw_text(r->win, y, 2, r->vx - 2, label, term_attr(ROLE_HEADER));
    free(label);
    const char *v = fld->value ? fld->value : "";
    if (fld->type == FIELD_CHOICE) {
        const char *c = fld->choice >= 0 && fld->choice < fld->nchoices ? fld->choices[fld->choice] : "?";
        char *shown = focused ? xasprintf("< %s >", c) : xstrdup(c);
        term_draw_text(r->win, y, r->vx, r->vcols, shown, va);
        free(shown);
    } else if (fld->type == FIELD_LONGTEXT) {
        draw_longtext(r->win, y, r->vx, r->vcols, v, va);
    } else if (focused && is_line(fld)) {
        r->scroll = form_text_scroll(v, r->cursor, r->scroll, r->vcols);
        int lead = r->scroll > 0;
        if (lead)
            term_draw_text(r->win, y, r->vx, 1, term_ascii() ? "<" : "\xe2\x80\xa6", va);
        term_draw_text(r->win, y, r->vx + lead, r->vcols - lead, v + r->scroll, va);
    } else {
        term_draw_text(r->win, y, r->vx, r->vcols, v, va);
    }
}

/* What to type in the focused field, when there is no message. */
static void field_hint(const struct form_field *fld, char *buf, size_t len)
{
    char k1[32], k2[32];
    buf[0] = '\0';
    if (fld->type == FIELD_DATE)
        snprintf(buf, len, "YYYY-MM-DD, DD/MM/YYYY, today, tomorrow, +7 (days), +2w (weeks)");
    else if (fld->type == FIELD_DATETIME)
        snprintf(buf, len, "YYYY-MM-DD HH:MM, DD/MM/YYYY HH:MM, a date alone, or now");
    else if (fld->type == FIELD_CHOICE) {
        first_key(CMD_FIELD_LEFT, k1, sizeof k1);
        first_key(CMD_FIELD_RIGHT, k2, sizeof k2);
        snprintf(buf, len, "%s/%s or Space: change; a letter: jump to it", k1, k2);
    } else if (fld->type == FIELD_LONGTEXT) {
        first_key(CMD_FIELD_EDITOR, k1, sizeof k1);
        snprintf(buf, len, "Enter or %s: edit in %s", k1, editor_command());
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

static void draw(struct frun *r)
{
    WINDOW *w = r->win;
    struct form *f = r->f;
    char buf[256], k[32];
    werase(w);
    wattrset(w, term_attr(ROLE_BORDER));
    term_box(w);
    wattrset(w, A_NORMAL);
    char *title = xasprintf(" %s ", f->title ? f->title : "");
    int tw = san_width(title);
    term_draw_text(w, 0, 2, tw < r->w - 4 ? tw : r->w - 4, title, term_attr(ROLE_TITLE));
    free(title);
    for (int i = 0; i < f->nfields; i++)
        draw_field(r, i);
    if (f->message[0]) {
        draw_message(w, r->h - 4, r->w - 4, f->message,
                     term_attr(f->message_is_error ? ROLE_ERROR : ROLE_NORMAL));
    } else {
        field_hint(&f->fields[f->focus], buf, sizeof buf);
        term_draw_text(w, r->h - 4, 2, r->w - 4, buf, term_attr(ROLE_DIM));
    }
    static const struct { enum command cmd; const char *word; } hints[] = {
        { CMD_FIELD_NEXT, "next" }, { CMD_FORM_SAVE, "save" },
        { CMD_FORM_CANCEL, "cancel" }, { CMD_FIELD_EDITOR, "editor" },
    };
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof hints / sizeof hints[0] && used < sizeof buf; i++) {
        first_key(hints[i].cmd, k, sizeof k);
        int n = snprintf(buf + used, sizeof buf - used, "%s%s %s", used ? "  " : "", k,
                         hints[i].word);
        used += n > 0 ? (size_t)n : 0;
    }
    term_draw_text(w, r->h - 2, 2, r->w - 4, buf, term_attr(ROLE_DIM));
    struct form_field *fld = &f->fields[f->focus];
    if (is_line(fld)) {
        const char *v = fld->value ? fld->value : "";
        int col = r->vx + (r->scroll > 0) + form_text_width(v, r->scroll, r->cursor);
        wmove(w, 2 + f->focus, col < r->vx + r->vcols ? col : r->vx + r->vcols - 1);
        curs_set(1);
    } else {
        wmove(w, 2 + f->focus, r->vx);   /* hidden, but on the field (screen readers) */
        curs_set(0);
    }
    wrefresh(w);
}

static enum step open_editor(struct frun *r, struct form_field *fld)
{
    char err[sizeof r->f->message];
    int rc = editor_edit(&fld->value, fld->label, err, sizeof err);
    /* The terminal was handed over and the panes laid out again: start afresh. */
    drop_window(r);
    if (r->under)
        delwin(r->under);
    r->under = form_screen_save();
    if (rc > 0)
        r->f->modified = true;
    else if (rc < 0)
        set_message(r->f, true, fld->label, err);
    return STEP_GO;
}

/* Leave the focused field for another (after checking it). */
static void move_focus(struct frun *r, int dir)
{
    if (check_field(r->f, r->f->focus, false))
        focus_on(r, next_editable(r->f, r->f->focus, dir));
}

static enum step save(struct frun *r)
{
    for (int i = 0; i < r->f->nfields; i++) {
        if (!check_field(r->f, i, true)) {
            focus_on(r, i);
            return STEP_GO;
        }
    }
    return STEP_SAVED;
}

static void choice_step(struct form *f, struct form_field *fld, int dir)
{
    if (fld->nchoices <= 0)
        return;
    fld->choice = ((fld->choice + dir) % fld->nchoices + fld->nchoices) % fld->nchoices;
    f->modified = true;
}

/* A key that is not a command: a character typed into the focused field. */
static void typed(struct frun *r, struct form_field *fld, int key)
{
    if (fld->type == FIELD_CHOICE) {
        int before = fld->choice;
        if (key == ' ')
            choice_step(r->f, fld, +1);
        else
            fld->choice = form_choice_jump(fld->choices, fld->nchoices, fld->choice, (wchar_t)key);
        r->f->modified |= before != fld->choice;
    } else if (is_line(fld)) {
        if (form_text_insert(&fld->value, &r->cursor, (wchar_t)key))
            r->f->modified = true;
        else if (key >= 0x20)
            set_message(r->f, true, fld->label, "the field is full");
    }
}

static void edit_key(struct frun *r, struct form_field *fld, enum command cmd)
{
    char *v = fld->value;
    if (fld->type == FIELD_CHOICE) {
        if (cmd == CMD_FIELD_LEFT || cmd == CMD_FIELD_RIGHT)
            choice_step(r->f, fld, cmd == CMD_FIELD_LEFT ? -1 : +1);
        return;
    }
    if (!is_line(fld) || !v)
        return;
    switch (cmd) {
    case CMD_FIELD_LEFT:  r->cursor = form_text_prev(v, r->cursor); break;
    case CMD_FIELD_RIGHT: r->cursor = form_text_next(v, r->cursor); break;
    case CMD_FIELD_HOME:  r->cursor = 0; break;
    case CMD_FIELD_END:   r->cursor = strlen(v); break;
    case CMD_FIELD_ERASE:
        if (r->cursor > 0) {
            form_text_erase(&fld->value, &r->cursor);
            r->f->modified = true;
        }
        break;
    case CMD_FIELD_KILL:
        if (v[0]) {
            form_set_value(fld, "");
            r->cursor = r->scroll = 0;
            r->f->modified = true;
        }
        break;
    default: break;
    }
}

static bool is_last_editable(const struct form *f)
{
    return next_editable(f, f->focus, +1) <= f->focus;
}

static enum step handle_key(struct frun *r, bool keycode, int key)
{
    struct form *f = r->f;
    struct form_field *fld = &f->fields[f->focus];
    enum command cmd = keymap_lookup(KEYMAP_FORM, keycode, key);
    f->message[0] = '\0';
    switch (cmd) {
    case CMD_FIELD_NEXT:
        if (fld->type == FIELD_LONGTEXT && key_is_enter(keycode, key))
            return open_editor(r, fld);
        if (key_is_enter(keycode, key) && is_last_editable(f))
            return check_field(f, f->focus, false) ? save(r) : STEP_GO;
        move_focus(r, +1);
        return STEP_GO;
    case CMD_FIELD_PREV:
        move_focus(r, -1);
        return STEP_GO;
    case CMD_FIELD_EDITOR:
        return fld->type == FIELD_LONGTEXT ? open_editor(r, fld) : STEP_GO;
    case CMD_FORM_SAVE:
        return save(r);
    case CMD_FORM_CANCEL:
        if (!f->modified || confirm("Discard what you typed? (y/n)"))
            return STEP_CANCELLED;
        return term_hangup_requested() ? STEP_HANGUP : STEP_GO;
    case CMD_REDRAW:
        clearok(curscr, TRUE);
        return STEP_GO;
    case CMD_NONE:
        if (!keycode)
            typed(r, fld, key);
        return STEP_GO;
    default:
        edit_key(r, fld, cmd);
        return STEP_GO;
    }
}

/* After this long without a key, what was typed goes to the draft file. */
#define DRAFT_AFTER_MS 1000

static enum form_result form_finish(struct frun *r, enum step st, char *draft, size_t len)
{
    drop_window(r);
    curs_set(0);
    if (st == STEP_HANGUP) {
        if (r->under)
            delwin(r->under);
        /* The last word goes to the draft (kept), or to a new file if that fails. */
        if (form_draft_write(r->f, draft, len) < 0)
            form_save_recovery(r->f);
        return FORM_HANGUP;
    }
    form_draft_discard(draft, len);
    form_screen_restore(&r->under);
    return st == STEP_SAVED ? FORM_SAVED : FORM_CANCELLED;
}

enum form_result form_run(struct form *f)
{
    struct frun r = { .f = f };
    char draft[PATH_MAX] = "";
    if (f->nfields <= 0)
        return FORM_CANCELLED;
    int start = f->focus >= 0 && f->focus < f->nfields ? f->focus : 0;
    if (f->fields[start].type == FIELD_READONLY)
        start = next_editable(f, start, +1);
    focus_on(&r, start);
    r.under = form_screen_save();
    bool draft_due = f->modified;   /* values kept from a failed save count too */
    enum step st = STEP_GO;
    while (st == STEP_GO) {
        if (term_hangup_requested()) {
            st = STEP_HANGUP;
            break;
        }
        bool fresh = !r.win;
        if (fresh && !layout(&r))
            term_draw_too_small();
        else if (fresh || !term_input_pending())   /* a paste: draw once at its end */
            draw(&r);
        bool keycode = false;
        int key = term_getkey(r.win ? r.win : stdscr, draft_due ? DRAFT_AFTER_MS : -1, &keycode);
        if (key == TERM_KEY_HANGUP) {
            st = STEP_HANGUP;
        } else if (key == TERM_KEY_NONE) {
            if (draft_due && form_draft_write(f, draft, sizeof draft) == 0)
                draft_due = false;
        } else if (form_is_resize(key, keycode)) {
            drop_window(&r);
            delwin(r.under);
            r.under = form_screen_save();
        } else if (r.win) {
            st = handle_key(&r, keycode, key);
            draft_due = draft_due || f->modified;
        }
    }
    return form_finish(&r, st, draft, sizeof draft);
}
