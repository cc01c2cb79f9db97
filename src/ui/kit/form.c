/* form — the key loop of a form (see form.h): fields, checks, the multi-line
 * editor, the external editor, conflicts and the draft.  Drawing is form_draw.c.
 *
 * A dialog is an overlay (term.h): the screen under it keeps being refreshed at idle
 * and is painted again when the dialog closes, so the caller's panes reappear
 * without being told.  Keys come from KEYMAP_TEXTAREA (in a multi-line field), then
 * KEYMAP_FORM; only printable characters are taken as they are, to be inserted. */
#include "suivi/ui/form.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "form_priv.h"
#include "suivi/base/i18n.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/dateinput.h"
#include "suivi/base/timeutil.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/validate.h"
#include "suivi/ui/draft.h"
#include "suivi/ui/editor.h"
#include "suivi/ui/keymap.h"
#include "suivi/ui/textedit.h"

/* After this long without a key, what was typed goes to the draft file. */
#define DRAFT_AFTER_MS 1000

enum step { STEP_GO, STEP_SAVED, STEP_CANCELLED, STEP_HANGUP };

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

/* A multi-line field's value follows its editor (copied only when needed: on a
 * check, a draft, a save — not on every key). */
static void sync(struct form_field *fld)
{
    if (fld->te)
        form_set_value(fld, te_text(fld->te));
}

static void sync_all(struct form *f)
{
    for (int i = 0; i < f->nfields; i++)
        sync(&f->fields[i]);
}

static void start_editors(struct form *f)
{
    for (int i = 0; i < f->nfields; i++) {
        struct form_field *fld = &f->fields[i];
        if (fld->type == FIELD_LONGTEXT && !fld->te) {
            fld->te = xcalloc(1, sizeof *fld->te);
            te_init(fld->te, fld->value, BODY_MAX_BYTES);
        }
    }
}

static void reset_editor(struct form_field *fld)
{
    form_field_reload(fld);
}

static void trim(char *s)
{
    size_t a = strspn(s, " \t"), len = strlen(s);
    while (len > a && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    memmove(s, s + a, len - a);
    s[len - a] = '\0';
}

/* Rewrite a date in its canonical form once it parses; err set when it does not. */
static void check_date(struct form_field *fld, char *err, size_t errlen)
{
    char buf[64];
    int64_t t;
    if (fld->type == FIELD_DATE || fld->type == FIELD_DAY) {
        int (*parse)(const char *, char *, char *, size_t) =
            fld->type == FIELD_DAY ? date_parse_near : date_parse_user;
        if (parse(fld->value, buf, err, errlen) == 0)
            form_set_value(fld, buf);
    } else if (fld->type == FIELD_DATETIME) {
        if (time_parse_user(fld->value, &t, err, errlen) == 0) {
            time_to_user_input(t, buf, sizeof buf);
            form_set_value(fld, buf);
        }
    }
}

/* Check field i; on_save adds "required".  On error: message naming the field. */
static bool check_field(struct form *f, int i, bool on_save)
{
    struct form_field *fld = &f->fields[i];
    char err[200] = "";
    if (fld->type == FIELD_CHOICE) {
        if (fld->choice >= 0 && fld->choice < fld->nchoices)
            return true;
        set_message(f, true, fld->label, _("choose one"));
        return false;
    }
    if (fld->type == FIELD_READONLY)
        return true;
    sync(fld);
    if (!fld->value)
        form_set_value(fld, "");
    /* Only what the user typed is tidied: a stored value left as it was must stay
     * equal to its base, or the save would write a field nobody touched. */
    bool touched = form_field_touched(fld);
    if (form_is_line(fld) && touched)
        trim(fld->value);
    if (!fld->value[strspn(fld->value, " \t\r\n")]) {
        if (!on_save || !fld->required)
            return true;
        set_message(f, true, fld->label, _("required"));
        return false;
    }
    if (touched)
        check_date(fld, err, sizeof err);
    if (!err[0] && fld->check && !fld->check(fld->value, err, sizeof err) && !err[0])
        snprintf(err, sizeof err, "%s", _("not valid"));
    if (!err[0])
        return true;
    set_message(f, true, fld->label, err);
    return false;
}

/* ---- actions on fields ------------------------------------------------------------- */

static enum step open_editor(struct frun *r, struct form_field *fld)
{
    char err[sizeof r->f->message];
    sync(fld);
    int rc = editor_edit(&fld->value, fld->label, err, sizeof err);
    /* The terminal was handed over and the panes laid out again: start afresh. */
    form_drop_window(r);
    if (rc > 0) {
        r->f->modified = true;
        reset_editor(fld);
    } else if (rc < 0) {
        set_message(r->f, true, fld->label, err);
    }
    return STEP_GO;
}

/* Leave the focused field for another (after checking it). */
static void move_focus(struct frun *r, int dir)
{
    if (check_field(r->f, r->f->focus, false))
        focus_on(r, next_editable(r->f, r->f->focus, dir));
}

/* The field's action entry ("(new contact…)") is chosen: the caller's hook. */
static bool run_action(struct frun *r, int i)
{
    struct form_field *fld = &r->f->fields[i];
    if (fld->type != FIELD_CHOICE || fld->action_choice < 0 || fld->choice != fld->action_choice)
        return false;
    if (r->f->on_action)
        r->f->on_action(r->f, i, r->f->ctx);
    form_drop_window(r);      /* another dialog was drawn: lay out again */
    return true;
}

static enum step save(struct frun *r)
{
    for (int i = 0; i < r->f->nfields; i++) {
        if (run_action(r, i) && r->f->fields[i].choice == r->f->fields[i].action_choice) {
            focus_on(r, i);
            set_message(r->f, true, r->f->fields[i].label, _("choose an entry"));
            return STEP_GO;
        }
        if (!check_field(r->f, i, true)) {
            focus_on(r, i);
            return STEP_GO;
        }
    }
    return STEP_SAVED;
}

/* ^T on a field in conflict: show their value, or the user's again. */
static void swap_theirs(struct frun *r, struct form_field *fld)
{
    if (!fld->conflict) {
        set_message(r->f, false, NULL, _("No conflict on this field"));
        return;
    }
    sync(fld);
    if (fld->type == FIELD_CHOICE) {
        if (!fld->showing_theirs)
            fld->mine_choice = fld->choice;
        fld->choice = fld->showing_theirs ? fld->mine_choice : fld->theirs_choice;
    } else {
        if (!fld->showing_theirs) {
            free(fld->mine);
            fld->mine = xstrdup(fld->value ? fld->value : "");
        }
        form_set_value(fld, fld->showing_theirs ? fld->mine : fld->theirs);
        reset_editor(fld);
    }
    fld->showing_theirs = !fld->showing_theirs;
    r->cursor = fld->value ? strlen(fld->value) : 0;
    r->scroll = 0;
    r->f->modified = true;
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
    } else if (fld->type == FIELD_LONGTEXT && fld->te) {
        if (te_insert(fld->te, (wchar_t)key))
            r->f->modified = true;
        else if (key >= 0x20)
            set_message(r->f, true, fld->label, _("the text is full"));
    } else if (form_is_line(fld)) {
        if (form_text_insert(&fld->value, &r->cursor, (wchar_t)key))
            r->f->modified = true;
        else if (key >= 0x20)
            set_message(r->f, true, fld->label, _("the field is full"));
    }
}

/* The keys of a multi-line field.  Up on its first row and Down on its last go to
 * the field above or below, as in the rest of the form. */
static bool longtext_key(struct frun *r, struct form_field *fld, enum command cmd)
{
    struct textedit *te = fld->te;
    size_t before = te->cursor;
    switch (cmd) {
    case CMD_TEXT_NEWLINE:  r->f->modified |= te_insert(te, L'\n'); break;
    case CMD_TEXT_LEFT:     te_left(te); break;
    case CMD_TEXT_RIGHT:    te_right(te); break;
    case CMD_TEXT_HOME:     te_home(te); break;
    case CMD_TEXT_END:      te_end(te); break;
    case CMD_TEXT_KILL_LINE: r->f->modified |= te_kill_line(te); break;
    case CMD_FIELD_ERASE:   r->f->modified |= te_backspace(te); break;
    case CMD_FIELD_DELETE:  r->f->modified |= te_delete(te); break;
    case CMD_TEXT_UP:
        te_up(te);
        if (te->cursor == before)
            move_focus(r, -1);
        break;
    case CMD_TEXT_DOWN:
        te_down(te);
        if (te->cursor == before)
            move_focus(r, +1);
        break;
    case CMD_FIELD_KILL:
        if (te_text(te)[0]) {
            form_set_value(fld, "");
            reset_editor(fld);
            r->f->modified = true;
        }
        break;
    default:
        return false;
    }
    return true;
}

static void line_key(struct frun *r, struct form_field *fld, enum command cmd)
{
    char *v = fld->value;
    if (fld->type == FIELD_CHOICE) {
        if (cmd == CMD_FIELD_LEFT || cmd == CMD_FIELD_RIGHT)
            choice_step(r->f, fld, cmd == CMD_FIELD_LEFT ? -1 : +1);
        return;
    }
    if (!form_is_line(fld) || !v)
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
    case CMD_FIELD_DELETE:
        if (v[r->cursor]) {
            form_text_delete(&fld->value, r->cursor);
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

static enum step field_next(struct frun *r, struct form_field *fld, bool keycode, int key)
{
    bool enter = !keycode ? key == '\r' || key == '\n' : key == KEY_ENTER;
    if (enter && run_action(r, r->f->focus))
        return STEP_GO;
    if (enter && is_last_editable(r->f))
        return check_field(r->f, r->f->focus, false) ? save(r) : STEP_GO;
    (void)fld;
    move_focus(r, +1);
    return STEP_GO;
}

/* A pasted character: text in the focused field, whatever key it looks like. */
static enum step pasted(struct frun *r, struct form_field *fld, bool keycode, int key)
{
    if (keycode || fld->type == FIELD_CHOICE || fld->type == FIELD_READONLY)
        return STEP_GO;
    if (fld->type == FIELD_LONGTEXT && fld->te) {
        char tab[] = "\t";
        bool ok = key == '\t' ? te_insert_text(fld->te, tab) : te_insert(fld->te, (wchar_t)key);
        r->f->modified |= ok;
        return STEP_GO;
    }
    if (key == '\n' || key == '\t')      /* one line: a new line is a blank */
        key = ' ';
    typed(r, fld, key);
    return STEP_GO;
}

static enum step handle_key(struct frun *r, bool keycode, int key)
{
    struct form *f = r->f;
    struct form_field *fld = &f->fields[f->focus];
    if (key == TERM_KEY_BAD) {
        /* Said on the form, where the user looks: not also on the status line under
         * it, where it would stay after the form is gone. */
        set_message(f, true, NULL, term_flash_text(NULL));
        term_flash_clear();
        return STEP_GO;
    }
    if (term_key_pasted())
        return pasted(r, fld, keycode, key);
    enum keymap_id chain[2] = { KEYMAP_TEXTAREA, KEYMAP_FORM };
    bool multi = fld->type == FIELD_LONGTEXT && fld->te;
    enum command cmd = keymap_lookup_chain(multi ? chain : chain + 1, multi ? 2 : 1,
                                           keycode, key);
    f->message[0] = '\0';
    if (multi && longtext_key(r, fld, cmd))
        return STEP_GO;
    switch (cmd) {
    case CMD_FIELD_NEXT:
        return field_next(r, fld, keycode, key);
    case CMD_FIELD_PREV:
        move_focus(r, -1);
        return STEP_GO;
    case CMD_FIELD_EDITOR:
        return fld->type == FIELD_LONGTEXT ? open_editor(r, fld) : STEP_GO;
    case CMD_FIELD_THEIRS:
        swap_theirs(r, fld);
        return STEP_GO;
    case CMD_FORM_SAVE:
        return save(r);
    case CMD_FORM_CANCEL:
        if (!f->modified || confirm(_("Discard what you typed? (y/n)")))
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
        line_key(r, fld, cmd);
        return STEP_GO;
    }
}

/* ---- the loop ---------------------------------------------------------------------- */

static enum form_result form_finish(struct frun *r, enum step st)
{
    form_drop_window(r);
    curs_set(0);
    sync_all(r->f);
    if (st == STEP_CANCELLED) {
        draft_remove(r->f);
        return FORM_CANCELLED;
    }
    /* Saved: the draft is written before the save is tried, and removed by the caller
     * once it committed (form_draft_done): a kill while the save waits on a lock
     * leaves it.  Hang-up: the last word goes to the draft. */
    if (!r->f->no_draft && (r->f->modified || r->f->draft[0] || form_touched(r->f)))
        draft_write(r->f, NULL, 0);
    return st == STEP_SAVED ? FORM_SAVED : FORM_HANGUP;
}

/* Write the draft; true while it is still due.  A draft that cannot be written is
 * said once per form (a full disk would say it on every pause otherwise), so the
 * user knows to save soon. */
static bool keep_draft(struct frun *r)
{
    char err[PATH_MAX + 128];
    if (draft_write(r->f, err, sizeof err) == 0)
        return false;
    if (!r->draft_warned) {
        r->draft_warned = true;
        /* TRANSLATORS: %s is a reason and a directory: "Not a directory (/home/…)". */
        term_flash(true, _("Save soon, no draft kept: %s"), err);
    }
    return true;
}

enum form_result form_run(struct form *f)
{
    struct frun r = { .f = f };
    if (f->nfields <= 0)
        return FORM_CANCELLED;
    start_editors(f);
    int start = f->focus >= 0 && f->focus < f->nfields ? f->focus : 0;
    if (f->fields[start].type == FIELD_READONLY)
        start = next_editable(f, start, +1);
    focus_on(&r, start);
    bool draft_due = f->modified && !f->no_draft;   /* values kept from a failed save too */
    enum step st = STEP_GO;
    while (st == STEP_GO) {
        if (term_hangup_requested()) {
            st = STEP_HANGUP;
            break;
        }
        bool fresh = !r.win;
        if (fresh && !form_layout(&r))
            term_draw_too_small();
        else if (fresh || !term_input_pending())   /* a paste: draw once at its end */
            form_draw(&r);
        bool keycode = false;
        int key = term_getkey(r.win ? r.win : stdscr, draft_due ? DRAFT_AFTER_MS : -1, &keycode);
        if (key == TERM_KEY_HANGUP) {
            st = STEP_HANGUP;
        } else if (key == TERM_KEY_NONE) {
            if (draft_due) {
                sync_all(f);
                draft_due = keep_draft(&r);
            }
        } else if (form_is_resize(key, keycode)) {
            form_drop_window(&r);
        } else if (r.win) {
            st = handle_key(&r, keycode, key);
            draft_due = (draft_due || f->modified) && !f->no_draft;
        }
    }
    return form_finish(&r, st);
}
