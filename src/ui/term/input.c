/* input — keys from the terminal (term.h term_getkey and friends).
 *
 * We read the terminal's bytes ourselves (poll and read on standard input) and
 * decode them with keydec.h, not with ncurses' wget_wch: whatever terminfo lacks
 * (PgDn, Home, End, Delete on TERM=vt100) is decoded from the sequences real
 * terminals send, an unknown sequence is swallowed whole, a byte that is not valid
 * in the locale's encoding is one bad key (said, then every following key works),
 * and a bracketed paste arrives as text that runs no command.  Resizes come from our
 * own SIGWINCH flag, the size from the terminal (ioctl), never from LINES/COLUMNS. */
#include "suivi/ui/term.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "suivi/base/i18n.h"
#include "suivi/base/timeutil.h"
#include "suivi/ui/keydec.h"
#include "term_priv.h"

#define READ_CHUNK 512

static struct {
    struct keydec kd;
    struct key ahead;            /* a key decoded by term_input_pending, not yet taken */
    bool have_ahead;
    bool pasted;                 /* the last key came from a paste */
    long long last_byte_ms;      /* when the bytes keydec holds arrived */
    unsigned char pending[READ_CHUNK];
    size_t npending, pos;        /* read but not yet taken by keydec */
    void (*resize_hook)(void);
    int (*idle_hook)(void);
    bool in_idle;
    bool started;
} I;

static volatile sig_atomic_t winch_flag;

static void on_winch(int sig)
{
    (void)sig;
    winch_flag = 1;
}

void term_input_start(int esc_delay_ms)
{
    keydec_init(&I.kd, keydec_charset_for_locale());
    keydec_set_esc_delay(&I.kd, esc_delay_ms);
    I.have_ahead = I.pasted = false;
    I.npending = I.pos = 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_winch;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGWINCH, &sa, NULL);
    I.started = true;
}

void term_input_reset(void)
{
    keydec_init(&I.kd, I.kd.cs);
    I.have_ahead = false;
    I.npending = I.pos = 0;
}

void term_set_resize_hook(void (*hook)(void))
{
    I.resize_hook = hook;
}

void term_run_resize_hook(void)
{
    if (I.resize_hook)
        I.resize_hook();
}

void term_set_idle_hook(int (*hook)(void))
{
    I.idle_hook = hook;
}

bool term_key_pasted(void)
{
    return I.pasted;
}

/* ---- bytes ------------------------------------------------------------------------ */

/* Hand what was read to the decoder (it takes what fits; the rest waits). */
static void feed(void)
{
    if (I.pos < I.npending) {
        I.pos += keydec_feed(&I.kd, I.pending + I.pos, I.npending - I.pos);
        I.last_byte_ms = time_monotonic_ms();
    }
    if (I.pos >= I.npending)
        I.pos = I.npending = 0;
}

/* Read what the terminal has sent, without waiting.  -1: the terminal is gone. */
static int read_available(void)
{
    if (I.npending > 0)
        return 0;
    struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
    int r = poll(&p, 1, 0);
    if (r < 0)
        return errno == EINTR ? 0 : -1;
    if (r == 0)
        return 0;
    if (!(p.revents & POLLIN))
        return (p.revents & (POLLHUP | POLLERR | POLLNVAL)) ? -1 : 0;
    ssize_t n = read(STDIN_FILENO, I.pending, sizeof I.pending);
    if (n < 0)
        return errno == EINTR || errno == EAGAIN ? 0 : -1;
    if (n == 0)
        return -1;          /* end of file: the terminal closed */
    I.npending = (size_t)n;
    I.pos = 0;
    return 1;
}

/* Wait for a byte at most wait_ms (-1: forever).  1 readable, 0 timeout or signal,
 * -1 the terminal is gone. */
static int wait_input(int wait_ms)
{
    struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
    int r = poll(&p, 1, wait_ms);
    if (r < 0)
        return errno == EINTR ? 0 : -1;
    if (r > 0 && !(p.revents & POLLIN) && (p.revents & (POLLHUP | POLLERR | POLLNVAL)))
        return -1;
    return r > 0;
}

/* The next key from the decoder.  A pasted ESC is text that no field takes, and
 * never "cancel": it is dropped here, so that term_input_pending never promises a
 * key that will not come (the caller would not draw, and a paste ending with an
 * ESC would show only when the idle hook next drew). */
static bool decode(struct key *k)
{
    while (keydec_next(&I.kd, k))
        if (!(k->paste && k->kind == KEYK_CHAR && k->code == 27))
            return true;
    return false;
}

/* The next decoded key, from the one looked ahead or the decoder. */
static bool next_key(struct key *k)
{
    if (I.have_ahead) {
        *k = I.ahead;
        I.have_ahead = false;
        return true;
    }
    feed();
    return decode(k);
}

/* ---- keys --------------------------------------------------------------------------- */

static void resized(void)
{
    winch_flag = 0;
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
        resize_term(ws.ws_row, ws.ws_col);
    if (I.resize_hook)
        I.resize_hook();
}

/* A bad byte: said on the status line, then ignored like any unknown key. */
static void say_bad(const struct key *k)
{
    char hex[3 * 8 + 1] = "";
    for (int i = 0; i < k->nbytes && i < 8; i++)
        snprintf(hex + 3 * i, sizeof hex - 3 * (size_t)i, "%s%02X", i ? " " : "", k->bytes[i]);
    term_flash(true, _("Ignored input that is not valid in this locale's encoding (%s): "
                       "is the terminal set to UTF-8?"), hex);
}

/* The key for the caller: TERM_KEY_BAD for bytes not valid in the encoding. */
static int deliver(const struct key *k, bool *keycode)
{
    I.pasted = k->paste;
    *keycode = k->kind == KEYK_CODE;
    if (k->kind == KEYK_BAD) {
        say_bad(k);
        return TERM_KEY_BAD;
    }
    return k->code;
}

/* The idle hook, unless it is already running (it may draw, never read keys). */
static int run_idle(void)
{
    if (!I.idle_hook || I.in_idle)
        return -1;
    I.in_idle = true;
    int next = I.idle_hook();
    I.in_idle = false;
    return next;
}

static int shortest(int a, int b)
{
    return a < 0 ? b : (b < 0 ? a : (a < b ? a : b));
}

int term_getkey(WINDOW *w, int timeout_ms, bool *keycode)
{
    (void)w;
    long long deadline = timeout_ms >= 0 ? time_monotonic_ms() + timeout_ms : -1;
    *keycode = false;
    for (;;) {
        if (term_hangup_requested())
            return TERM_KEY_HANGUP;
        if (winch_flag) {
            resized();
            *keycode = true;
            return KEY_RESIZE;
        }
        struct key k;
        if (next_key(&k))
            return deliver(&k, keycode);
        /* Bytes already read that the decoder had no room for (a read of more than
         * it holds, mostly sequences it swallowed): decode them before waiting.
         * Waiting would stall every key behind them for a sequence timeout, and a
         * flush at its end would cut the key at the decoder's edge in two. */
        if (I.npending > 0)
            continue;
        int r = read_available();
        if (r < 0)
            return TERM_KEY_HANGUP;
        if (r > 0)
            continue;
        /* Nothing waiting: idle work, then wait for a byte, the end of a sequence,
         * the idle hook's next turn or the caller's deadline, whichever is first. */
        long long left = deadline < 0 ? -1 : deadline - time_monotonic_ms();
        if (deadline >= 0 && left <= 0)
            return TERM_KEY_NONE;
        int wait = shortest((int)left, run_idle());
        int seq = keydec_timeout_ms(&I.kd);
        if (seq >= 0) {
            long long due = I.last_byte_ms + seq - time_monotonic_ms();
            if (due <= 0) {
                keydec_flush(&I.kd);
                continue;
            }
            wait = shortest(wait, (int)due);
        }
        if (wait_input(wait) < 0)
            return TERM_KEY_HANGUP;
    }
}

bool term_input_pending(void)
{
    if (!I.started || term_hangup_requested())
        return false;
    if (I.have_ahead)
        return true;
    read_available();       /* a hang-up is term_getkey's to tell */
    /* Only a key counts: bytes that make none (unknown sequences, a paste's markers)
     * must not stop the caller from drawing.  What was read is decoded in pieces
     * when it is more than the decoder holds. */
    do {
        feed();
        I.have_ahead = decode(&I.ahead);
    } while (!I.have_ahead && I.npending > 0);
    return I.have_ahead;
}
