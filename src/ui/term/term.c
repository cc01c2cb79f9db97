/* term — see term.h.  Everything that talks to the terminal directly lives here:
 * set-up (newterm, modes, colours), drawing of untrusted text, dialogs, hand-over
 * to child programs, signals, flash messages.  Keys are input.c's. */
#include "suivi/ui/term.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "suivi/base/i18n.h"
#include "suivi/base/sanitize.h"
#include "probe.h"
#include "term_priv.h"

#define TERM_OVERLAYS_MAX  8
#define ESC_DELAY_MS       50
/* Bracketed paste (xterm and most terminals; others ignore an unknown mode). */
#define PASTE_ON  "\033[?2004h"
#define PASTE_OFF "\033[?2004l"

struct role_style {
    attr_t mono;        /* without colour */
    short fg, bg;       /* with colour; -1 = the terminal's default */
    attr_t extra;       /* added to the colour pair */
};

static const struct role_style role_styles[ROLE_COUNT] = {
    [ROLE_NORMAL]       = { A_NORMAL,             -1,            -1,          A_NORMAL },
    [ROLE_SELECTED]     = { A_REVERSE,            COLOR_BLACK,   COLOR_CYAN,  A_NORMAL },
    [ROLE_SELECTED_DIM] = { A_UNDERLINE,          COLOR_BLACK,   COLOR_WHITE, A_NORMAL },
    [ROLE_BORDER]       = { A_NORMAL,             COLOR_BLUE,    -1,          A_NORMAL },
    [ROLE_TITLE]        = { A_REVERSE | A_BOLD,   COLOR_WHITE,   COLOR_BLUE,  A_BOLD },
    [ROLE_TITLE_DIM]    = { A_BOLD,               COLOR_BLUE,    -1,          A_BOLD },
    [ROLE_HEADER]       = { A_BOLD,               COLOR_YELLOW,  -1,          A_BOLD },
    [ROLE_STATUS]       = { A_NORMAL,             COLOR_CYAN,    -1,          A_NORMAL },
    [ROLE_ERROR]        = { A_BOLD,               COLOR_RED,     -1,          A_BOLD },
    [ROLE_OVERDUE]      = { A_BOLD,               COLOR_RED,     -1,          A_NORMAL },
    [ROLE_DIM]          = { A_DIM,                -1,            -1,          A_DIM },
};

static struct {
    SCREEN *screen;
    bool active;
    bool paste_mode;    /* bracketed paste asked of the terminal */
    bool ascii;
    attr_t attrs[ROLE_COUNT];
    void (*repaint_hook)(void);
    WINDOW *overlays[TERM_OVERLAYS_MAX];
    int noverlays;
    char flash[256];
    bool flash_error;
} T;

static volatile sig_atomic_t hangup_flag;

/* ---- signals ------------------------------------------------------------------ */

static void on_hangup(int sig)
{
    (void)sig;
    hangup_flag = 1;
}

/* SIGINT/SIGQUIT: a caught signal (unlike SIG_IGN) is reset to default in an exec'd
 * child, so Ctrl-C still works in the editor while we wait for it. */
static void on_ignored(int sig)
{
    (void)sig;
}

void term_install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_hangup;
    sa.sa_flags = 0; /* no SA_RESTART: a blocked read must return so we notice */
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sa.sa_handler = on_ignored;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGQUIT, &sa, NULL);
}

bool term_hangup_requested(void)
{
    return hangup_flag != 0;
}

/* ---- set-up ------------------------------------------------------------------ */

static void setup_colors(const struct config *cfg)
{
    bool use = cfg && cfg->color != COLOR_NEVER && has_colors() && start_color() == OK;
    bool defaults = use && use_default_colors() == OK;
    for (int r = 0; r < ROLE_COUNT; r++) {
        const struct role_style *st = &role_styles[r];
        if (!use || (st->fg < 0 && st->bg < 0)) {
            T.attrs[r] = use ? st->extra : st->mono;
            continue;
        }
        short fg = st->fg, bg = st->bg;
        if (!defaults) {    /* vt100-like: no "default" colour to fall back on */
            if (fg < 0)
                fg = COLOR_WHITE;
            if (bg < 0)
                bg = COLOR_BLACK;
        }
        if (r + 1 >= COLOR_PAIRS || init_pair((short)(r + 1), fg, bg) != OK)
            T.attrs[r] = st->mono;
        else
            T.attrs[r] = COLOR_PAIR(r + 1) | st->extra;
    }
}

/* Ask the terminal to mark pastes (or stop), unless it is a dumb one. */
static void paste_mode(bool on)
{
    const char *term = getenv("TERM");
    if (!term || strcmp(term, "dumb") == 0 || on == T.paste_mode)
        return;
    fflush(stdout);
    const char *seq = on ? PASTE_ON : PASTE_OFF;
    if (write(STDOUT_FILENO, seq, strlen(seq)) >= 0)
        T.paste_mode = on;
}

int term_init(const struct config *cfg, char *err, size_t errlen)
{
    if (T.active)
        return 0;
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        snprintf(err, errlen, "%s", _("not a terminal: the screen needs a terminal on stdin "
                                      "and stdout"));
        return -1;
    }
    const char *term = getenv("TERM");
    if (!term || !*term) {
        snprintf(err, errlen, "%s", _("TERM is not set: cannot drive the terminal"));
        return -1;
    }
    if (term_probe_type(term) == 0) {
        snprintf(err, errlen, _("unknown terminal type '%.60s' (TERM): try TERM=xterm-256color "
                                "or vt100"),
                 term);
        return -1;
    }
    /* The terminal's size comes from the terminal: LINES/COLUMNS exported in the
     * environment would otherwise fix it for good (no resize would be seen). */
    use_env(TRUE);
    use_tioctl(TRUE);
    T.screen = newterm(NULL, stdout, stdin);
    if (!T.screen) {
        snprintf(err, errlen, _("unknown terminal type '%.60s' (TERM): try TERM=xterm-256color "
                                "or vt100"),
                 term);
        return -1;
    }
    set_term(T.screen);
    T.active = true;
    atexit(term_end);
    /* raw, not cbreak: Ctrl-C and Ctrl-\ arrive as keys instead of killing us. */
    raw();
    noecho();
    nonl();
    curs_set(0);
    leaveok(stdscr, TRUE);
    T.ascii = (cfg && cfg->borders == BORDERS_ASCII) || !san_locale_is_utf8();
    setup_colors(cfg);
    term_install_signals();
    term_input_start(ESC_DELAY_MS);
    paste_mode(true);
    return 0;
}

void term_end(void)
{
    if (!T.active)
        return;
    T.active = false;
    paste_mode(false);
    curs_set(1);
    endwin();
    if (T.screen) {
        delscreen(T.screen);
        T.screen = NULL;
    }
}

bool term_active(void)
{
    return T.active;
}

attr_t term_attr(enum ui_role role)
{
    if (role < 0 || role >= ROLE_COUNT)
        return A_NORMAL;
    return T.active ? T.attrs[role] : role_styles[role].mono;
}

bool term_ascii(void)
{
    return T.ascii;
}

/* ---- lines ------------------------------------------------------------------- */

/* A copy of a WACS character carrying the border role's attributes (whline_set
 * takes its attributes from the character, not from wattrset). */
static cchar_t styled(const cchar_t *base)
{
    wchar_t wc[CCHARW_MAX + 1];
    attr_t a;
    short pair;
    cchar_t out;
    attr_t role = term_attr(ROLE_BORDER);
    memset(wc, 0, sizeof wc);
    getcchar(base, wc, &a, &pair, NULL);
    setcchar(&out, wc, (a | role) & ~A_COLOR, (short)PAIR_NUMBER(role), NULL);
    return out;
}

void term_box(WINDOW *w)
{
    if (!w)
        return;
    if (T.ascii) {
        chtype a = term_attr(ROLE_BORDER);
        wborder(w, '|' | a, '|' | a, '-' | a, '-' | a, '+' | a, '+' | a, '+' | a, '+' | a);
        return;
    }
    cchar_t ls = styled(WACS_VLINE), ts = styled(WACS_HLINE);
    cchar_t tl = styled(WACS_ULCORNER), tr = styled(WACS_URCORNER);
    cchar_t bl = styled(WACS_LLCORNER), br = styled(WACS_LRCORNER);
    wborder_set(w, &ls, &ls, &ts, &ts, &tl, &tr, &bl, &br);
}

void term_hline(WINDOW *w, int y, int x, int n)
{
    if (!w || n <= 0)
        return;
    if (T.ascii) {
        mvwhline(w, y, x, '-' | term_attr(ROLE_BORDER), n);
        return;
    }
    cchar_t c = styled(WACS_HLINE);
    mvwhline_set(w, y, x, &c, n);
}

void term_vline(WINDOW *w, int y, int x, int n)
{
    if (!w || n <= 0)
        return;
    if (T.ascii) {
        mvwvline(w, y, x, '|' | term_attr(ROLE_BORDER), n);
        return;
    }
    cchar_t c = styled(WACS_VLINE);
    mvwvline_set(w, y, x, &c, n);
}

/* ---- text -------------------------------------------------------------------- */

int term_draw_text(WINDOW *w, int y, int x, int cols, const char *text, attr_t attr)
{
    if (!w)
        return 0;
    int maxy = getmaxy(w), maxx = getmaxx(w);
    if (y < 0 || y >= maxy || x < 0 || x >= maxx || cols <= 0)
        return 0;
    if (cols > maxx - x)
        cols = maxx - x;
    /* Room for combining marks (zero width) on top of one character per column. */
    wchar_t local[512];
    size_t cap = (size_t)cols * 4 + 8;
    wchar_t *buf = cap <= sizeof local / sizeof local[0] ? local : malloc(cap * sizeof *buf);
    int used = 0;
    wattrset(w, (int)attr);
    if (buf) {
        used = san_fit(text ? text : "", cols, T.ascii, buf,
                       buf == local ? sizeof local / sizeof local[0] : cap);
        if (used < 0)
            used = 0;
        if (used > cols)
            used = cols;
        mvwaddnwstr(w, y, x, buf, -1);
        if (buf != local)
            free(buf);
    }
    if (used < cols)
        mvwhline(w, y, x + used, ' ' | attr, cols - used);
    wattrset(w, A_NORMAL);
    return used;
}

/* ---- resize ------------------------------------------------------------------ */

void term_set_repaint_hook(void (*hook)(void))
{
    T.repaint_hook = hook;
}

/* ---- dialogs ------------------------------------------------------------------- */

void term_overlay_push(WINDOW *w)
{
    if (w && T.noverlays < TERM_OVERLAYS_MAX)
        T.overlays[T.noverlays++] = w;
}

void term_overlay_pop(WINDOW *w)
{
    for (int i = T.noverlays - 1; i >= 0; i--)
        if (T.overlays[i] == w) {
            memmove(&T.overlays[i], &T.overlays[i + 1],
                    (size_t)(T.noverlays - i - 1) * sizeof T.overlays[0]);
            T.noverlays--;
            break;
        }
    if (T.repaint_hook && T.active && !hangup_flag)
        T.repaint_hook();
}

void term_overlays_refresh(void)
{
    for (int i = 0; i < T.noverlays; i++) {
        touchwin(T.overlays[i]);
        wnoutrefresh(T.overlays[i]);
    }
}

bool term_too_small(void)
{
    return LINES < TERM_MIN_ROWS || COLS < TERM_MIN_COLS;
}

void term_draw_too_small(void)
{
    char line1[96], line2[64];
    snprintf(line1, sizeof line1, _("Terminal too small: %dx%d,"), COLS, LINES);
    snprintf(line2, sizeof line2, _("need at least %dx%d"), TERM_MIN_COLS, TERM_MIN_ROWS);
    werase(stdscr);
    if (COLS >= (int)strlen(line1) + 1 + (int)strlen(line2)) {
        char one[160];
        snprintf(one, sizeof one, "%s %s", line1, line2);
        int x = (COLS - (int)strlen(one)) / 2;
        term_draw_text(stdscr, LINES / 2, x, (int)strlen(one), one, term_attr(ROLE_ERROR));
    } else {
        int y = LINES / 2 > 0 ? LINES / 2 - 1 : 0;
        term_draw_text(stdscr, y, 0, COLS, line1, term_attr(ROLE_ERROR));
        term_draw_text(stdscr, y + 1, 0, COLS, line2, term_attr(ROLE_ERROR));
    }
    wnoutrefresh(stdscr);
}

/* ---- hand-over ------------------------------------------------------------------ */

void term_suspend(void)
{
    if (!T.active)
        return;
    paste_mode(false);
    def_prog_mode();
    curs_set(1);
    endwin();
    fflush(stdout);
}

void term_resume(void)
{
    if (!T.active)
        return;
    reset_prog_mode();
    curs_set(0);
    paste_mode(true);
    term_input_reset();     /* what the child left unread is not ours */
    /* The child may have left the terminal at another size: resize before drawing. */
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0 &&
        (ws.ws_row != LINES || ws.ws_col != COLS))
        resizeterm(ws.ws_row, ws.ws_col);
    clearok(curscr, TRUE);
    term_run_resize_hook();
    doupdate();
}

/* ---- flash ------------------------------------------------------------------- */

void term_flash(bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(T.flash, sizeof T.flash, fmt, ap);
    va_end(ap);
    T.flash_error = error;
}

const char *term_flash_text(bool *error)
{
    if (error)
        *error = T.flash_error;
    return T.flash;   /* "" when there is none */
}

void term_flash_clear(void)
{
    T.flash[0] = '\0';
    T.flash_error = false;
}
