/* term — the terminal: curses set-up and tear-down, colour roles, borders, drawing
 * of untrusted text, key input, hand-over to child programs, and signals.
 *
 * Only src/ui/ includes this header (curses lives in the UI layer). */
#ifndef SUIVI_TERM_H
#define SUIVI_TERM_H

#include <stdbool.h>
#include <stddef.h>
#include <curses.h>
#include "suivi/config/config.h"

/* Drawing roles.  With colour each has a colour pair; without (vt100, NO_COLOR,
 * color = never) a monochrome attribute: the selection is always A_REVERSE. */
enum ui_role {
    ROLE_NORMAL,
    ROLE_SELECTED,          /* selected row in the focused pane */
    ROLE_SELECTED_DIM,      /* selected row in an unfocused pane */
    ROLE_BORDER,
    ROLE_TITLE,             /* pane titles; focused pane's title */
    ROLE_TITLE_DIM,
    ROLE_HEADER,            /* field labels, column headers */
    ROLE_STATUS,            /* status line */
    ROLE_ERROR,             /* messages that say something went wrong */
    ROLE_OVERDUE,           /* overdue actions */
    ROLE_DIM,               /* closed actions, secondary text */
    ROLE_COUNT
};

/* Smallest usable screen; below it the UI shows only a "terminal too small" notice. */
#define TERM_MIN_COLS 60
#define TERM_MIN_ROWS 16

/* Key codes returned by term_getkey besides real keys. */
#define TERM_KEY_NONE   (-1)  /* timeout: nothing typed */
#define TERM_KEY_HANGUP (-2)  /* SIGHUP/SIGTERM, or the terminal is gone: save and leave */
#define TERM_KEY_BAD    (-3)  /* bytes not valid in the locale: ignored (a flash says so) */

/* setlocale must have been called.  Uses newterm (initscr exits on an unknown TERM):
 * returns -1 with "unknown terminal type 'foo'" style message on failure. */
int  term_init(const struct config *cfg, char *err, size_t errlen);
void term_end(void);                /* idempotent; safe from atexit */
bool term_active(void);

attr_t term_attr(enum ui_role role);
bool   term_ascii(void);            /* borders = ascii, or no UTF-8 locale */

/* Box-drawing characters honouring the borders setting (ACS fallback or ASCII). */
void term_box(WINDOW *w);
void term_hline(WINDOW *w, int y, int x, int n);
void term_vline(WINDOW *w, int y, int x, int n);

/* Draw untrusted text at (y,x) in exactly `cols` columns with attr: sanitised
 * (sanitize.h), truncated with a visible mark, padded with spaces.  Never writes
 * outside the window.  Returns the columns of text drawn (before padding). */
int term_draw_text(WINDOW *w, int y, int x, int cols, const char *text, attr_t attr);

/* One key.  Waits up to timeout_ms (-1: forever), running the idle hook whenever it
 * asked to be run while nothing is typed.  Returns TERM_KEY_NONE on timeout,
 * TERM_KEY_HANGUP when the session must end (hang-up, termination, or a terminal
 * that answers ERR at once forever — ssh dropped), KEY_RESIZE after a resize (the
 * resize hook has already run), else the key: *keycode tells a KEY_* code from a
 * character.  Ctrl-C is delivered as a character (it does not kill the program). */
int term_getkey(WINDOW *w, int timeout_ms, bool *keycode);
/* True if more input is already waiting (typeahead: draw once after the burst). */
bool term_input_pending(void);
/* The last key came from a bracketed paste: text to insert, never a command (a
 * pasted newline stays in a multi-line field; a pasted Esc is dropped). */
bool term_key_pasted(void);

/* The single place resize is handled: term_getkey calls this hook on KEY_RESIZE
 * before returning it, so the panes are laid out again under any open dialog. */
void term_set_resize_hook(void (*hook)(void));
/* Idle work (live refresh, drafts): term_getkey calls the hook before it waits for a
 * key, never while keys are waiting, and again when the time it returned (ms; -1:
 * no hurry) has passed.  So every loop that reads keys (forms, menus) keeps it going. */
void term_set_idle_hook(int (*hook)(void));
/* Repaint everything under the dialogs (and the dialogs again): called when a
 * dialog closes, so that what it covered comes back. */
void term_set_repaint_hook(void (*hook)(void));

/* Dialogs (forms, menus, questions) drawn over the screen, bottom first.  Whoever
 * repaints the screen under them calls term_overlays_refresh before doupdate, so a
 * dialog stays on top of a pane refreshed at idle. */
void term_overlay_push(WINDOW *w);
void term_overlay_pop(WINDOW *w);       /* then runs the repaint hook */
void term_overlays_refresh(void);
bool term_too_small(void);          /* LINES/COLS below the minimum */
void term_draw_too_small(void);     /* the notice, on stdscr */

/* Hand the terminal to a child (editor): leave curses completely, restore the tty;
 * then take it back, re-apply modes, and run the resize hook (size may have changed). */
void term_suspend(void);
void term_resume(void);

/* Signals: SIGHUP/SIGTERM set a flag (handlers do nothing else). */
void term_install_signals(void);
bool term_hangup_requested(void);

/* Status message shown on the status line until the next key ("Saved action #42"). */
void term_flash(bool error, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *term_flash_text(bool *error);
void term_flash_clear(void);

#endif
