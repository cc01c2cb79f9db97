/* loop — ui_run: the one main loop, the status line, and the work done while
 * nothing is typed.
 *
 * One thread, one loop: read a key, turn it into a command for the top screen
 * (command.h), apply what the command asked for, and only when no more keys are
 * waiting bring the views up to date and draw once.  Resizes are handled in one
 * place (on_resize, the terminal's resize hook); other sessions' writes are looked
 * for at idle (on_idle, the terminal's idle hook), which every loop that reads keys
 * runs — a form, a menu or a detail view open does not stop live refresh. */
#include "suivi/ui/ui.h"

#include <langinfo.h>
#include <limits.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "suivi/base/sanitize.h"
#include "suivi/core/presence.h"
#include "suivi/store/inbox.h"
#include "suivi/ui/command.h"
#include "suivi/ui/draft.h"
#include "suivi/ui/term.h"

struct shell {
    struct ui_ctx ui;
    struct screen_stack st;
    WINDOW *status;
    struct action_counts counts;
    int inbox_new;               /* changes on my actions since I last looked */
    int64_t data_version;
    int64_t audit_seen;           /* the newest audit row seen by poll_changes */
    long long counted_ms;         /* when the counts were last read */
    long long last_poll_ms;
    bool status_dirty;
    int shown_tags;              /* the tagged count the status line shows */
    bool replaced;               /* the database file was replaced: said once */
};

#define INBOX_CAP 100        /* the status line says "100+" past it */
#define COUNTS_MAX_AGE_MS 60000

/* The hooks take no argument: the running shell. */
static struct shell *running;

void ui_report(struct ui_ctx *ui, int rc, const char *what)
{
    (void)ui;
    if (rc == STORE_OK)
        return;
    /* A refused write said why already (the flow's message). */
    if (rc == STORE_BUSY)
        term_flash(true, _("%s: the database is busy, try again"), what);
    else
        term_flash(true, "%s: %s", what, store_errmsg(ui->s));
}

/* ---- the status line ------------------------------------------------------------ */

static const char *base_name(const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    return slash ? slash + 1 : (path ? path : "?");
}

/* The counts, in the longest form that leaves `room` columns for the rest. */
static int format_counts(const struct action_counts *c, int cols, int room, char *buf,
                         size_t len)
{
    for (int form = 0; form < 3; form++) {
        if (form == 0)
            snprintf(buf, len, _("%d open, %d overdue | mine: %d open, %d overdue "),
                     c->open, c->overdue, c->mine_open, c->mine_overdue);
        else if (form == 1)
            snprintf(buf, len, _("%d open, %d overdue | mine: %d/%d "), c->open, c->overdue,
                     c->mine_open, c->mine_overdue);
        else
            snprintf(buf, len, _("%d open, %d overdue "), c->open, c->overdue);
        if (cols - san_width(buf) - 1 >= room)
            break;
    }
    return san_width(buf);
}

/* What this login may not do, beside it: the keys it lacks are refused, not hidden. */
static const char *role_hint(const struct me *me)
{
    if (me->provider_id)
        return _(" (provider)");
    if (!role_can(me, VERB_UPDATE))
        return _(" (read-only)");
    return "";
}

static void draw_status(struct shell *sh)
{
    WINDOW *w = sh->status;
    int cols = getmaxx(w);
    char right[160], left[320];
    bool error = false;
    const char *flash = term_flash_text(&error);
    bool flashing = flash && *flash;
    attr_t la = term_attr(ROLE_STATUS);
    if (flashing) {
        snprintf(left, sizeof left, " %s", flash);
        la = term_attr(error ? ROLE_ERROR : ROLE_STATUS);
    } else {
        int n = snprintf(left, sizeof left, " %s | %s%s", base_name(store_path(sh->ui.s)),
                         store_login(sh->ui.s), role_hint(&sh->ui.me));
        if (sh->inbox_new > 0 && n > 0 && (size_t)n < sizeof left)
            n += snprintf(left + n, sizeof left - (size_t)n,
                          sh->inbox_new >= INBOX_CAP ? _(" | %d+ new for you (I)")
                          : ngettext(" | %d new for you (I)", " | %d new for you (I)",
                                     sh->inbox_new), sh->inbox_new);
        if (sh->ui.tags.n > 0 && n > 0 && (size_t)n < sizeof left)
            snprintf(left + n, sizeof left - (size_t)n,
                     ngettext(" | %d tagged", " | %d tagged", sh->ui.tags.n), sh->ui.tags.n);
    }
    /* The counts shorten first: a message, "new for you" and the tags matter more. */
    int room = flashing ? cols / 2 : san_width(left) + 1;
    int rw = format_counts(&sh->counts, cols, room < 24 ? 24 : room, right, sizeof right);
    int lw = cols - rw;
    if (lw < 1 || (flashing && san_width(left) > lw)) {
        lw = cols;      /* a message the counts would cut takes the whole line */
        rw = 0;
    }
    term_draw_text(w, 0, 0, lw, left, la);
    if (rw > 0)
        term_draw_text(w, 0, lw, rw, right, term_attr(ROLE_STATUS));
    wnoutrefresh(w);
}

/* What is new on my actions, for the status line (a staff login only). */
static void reload_inbox(struct shell *sh)
{
    int64_t since = 0;
    int n = 0;
    if (!sh->ui.me.staff_id)
        return;
    int rc = store_inbox_seen(sh->ui.s, &since);
    if (rc == STORE_OK)
        rc = store_inbox_count(sh->ui.s, sh->ui.me.staff_id, since, INBOX_CAP, &n);
    if (rc == STORE_OK && n != sh->inbox_new) {
        sh->inbox_new = n;
        sh->status_dirty = true;
    }
}

static void reload_counts(struct shell *sh)
{
    struct action_counts c;
    memset(&c, 0, sizeof c);
    sh->counted_ms = time_monotonic_ms();
    reload_inbox(sh);
    int rc = store_action_counts(sh->ui.s, sh->ui.today, &c);
    if (rc != STORE_OK) {
        ui_report(&sh->ui, rc, _("counts"));
        return;
    }
    if (memcmp(&c, &sh->counts, sizeof c) != 0) {
        sh->counts = c;
        sh->status_dirty = true;
    }
}

/* ---- drawing ----------------------------------------------------------------------- */

/* Draw what changed into the virtual screen, the dialogs on top, then send it. */
static void draw(struct shell *sh)
{
    if (term_too_small()) {
        term_draw_too_small();
    } else {
        stack_repaint(&sh->st);
        static char shown[256];
        const char *flash = term_flash_text(NULL);
        if (strcmp(shown, flash) != 0) {
            snprintf(shown, sizeof shown, "%s", flash);
            sh->status_dirty = true;
        }
        if (sh->shown_tags != sh->ui.tags.n) {
            sh->shown_tags = sh->ui.tags.n;
            sh->status_dirty = true;
        }
        if (sh->status_dirty && sh->status)
            draw_status(sh);
        sh->status_dirty = false;
        term_overlays_refresh();
    }
    doupdate();
}

static void touch_all(struct shell *sh)
{
    stack_touch(&sh->st);
    if (sh->status)
        touchwin(sh->status);
    sh->status_dirty = true;
}

/* The resize hook: lay out and draw into the virtual screen, so that a dialog drawn
 * next sits on an up-to-date background. */
static void on_resize(void)
{
    struct shell *sh = running;
    if (!sh)
        return;
    clearok(curscr, TRUE);   /* the terminal may have reflowed what it showed */
    if (term_too_small())
        return;
    struct rect body = { 0, 0, LINES - 1, COLS };
    stack_place(&sh->st, body);
    if (sh->status)
        delwin(sh->status);
    sh->status = newwin(1, COLS, LINES - 1, 0);
    if (sh->status)
        leaveok(sh->status, TRUE);
    touch_all(sh);
    stack_sync(&sh->st);
    stack_repaint(&sh->st);
    if (sh->status)
        draw_status(sh);
}

/* A dialog closed: paint what it covered. */
static void on_repaint(void)
{
    struct shell *sh = running;
    if (!sh)
        return;
    touch_all(sh);
    draw(sh);
}

/* ---- idle ------------------------------------------------------------------------ */

/* An admin in another session may have changed our role, pôle or name: the rules
 * follow at once rather than at the next start.  A failed read keeps what we had. */
static void reload_me(struct shell *sh)
{
    struct me me;
    if (me_load(sh->ui.s, &me) == STORE_OK)
        sh->ui.me = me;
}

/* Other sessions' writes, the date, the file: only what differs is drawn again, so
 * an idle screen sends nothing. */
static void poll_changes(struct shell *sh)
{
    char today[DATE_ISO_LEN];
    date_today(today);
    bool new_day = strcmp(today, sh->ui.today) != 0;
    if (new_day)
        memcpy(sh->ui.today, today, sizeof today);
    if (!sh->replaced && store_check_file(sh->ui.s) == STORE_REPLACED) {
        sh->replaced = true;
        term_flash(true, "%s", store_errmsg(sh->ui.s));
    }
    int64_t v = 0;
    if (store_data_version(sh->ui.s, &v) != STORE_OK)
        return;   /* busy or failing: try again next time, quietly */
    if (v == sh->data_version && !new_day)
        return;
    sh->data_version = v;
    reload_me(sh);
    stack_flag_all(&sh->st);
    /* The counts read every open action (and the inbox, every one of mine): only
     * when an action or a note was written, as the audit says, or the date moved —
     * or, for a write the audit does not see (the sqlite3 shell), at most
     * COUNTS_MAX_AGE_MS later. */
    bool actions = true;
    if (store_audit_news(sh->ui.s, &sh->audit_seen, &actions) != STORE_OK)
        actions = true;
    if (actions || new_day || time_monotonic_ms() - sh->counted_ms >= COUNTS_MAX_AGE_MS)
        reload_counts(sh);
}

static int on_idle(void)
{
    struct shell *sh = running;
    int period = sh->ui.cfg && sh->ui.cfg->refresh_ms > 0 ? sh->ui.cfg->refresh_ms : 2000;
    long long now = time_monotonic_ms();
    if (now - sh->last_poll_ms >= period) {
        sh->last_poll_ms = now;
        poll_changes(sh);
        stack_sync(&sh->st);
        draw(sh);
    }
    long long next = sh->last_poll_ms + period - now;
    return next < 0 ? 0 : (int)next;
}

/* ---- run --------------------------------------------------------------------------- */

/* After our own write: re-read the counts; our commit does not change
 * data_version, so there is nothing more to re-read at idle. */
static void after_write(struct shell *sh)
{
    reload_me(sh);
    reload_counts(sh);
    store_data_version(sh->ui.s, &sh->data_version);
}

static void main_loop(struct shell *sh)
{
    for (;;) {
        /* Typeahead: act on every waiting key, then draw once. */
        if (!term_input_pending()) {
            stack_sync(&sh->st);
            draw(sh);
        }
        bool keycode = false;
        int key = term_getkey(NULL, -1, &keycode);
        if (key == TERM_KEY_HANGUP)
            return;
        if (key == TERM_KEY_NONE || key == TERM_KEY_BAD || (keycode && key == KEY_RESIZE))
            continue;   /* the hook has laid everything out; a bad byte was said */
        term_flash_clear();
        /* A paste is text: typed into a filter, or refused, never run as commands. */
        enum command cmd = term_key_pasted() ? CMD_NONE
                                             : command_for_key(&sh->st, keycode, key);
        if (term_too_small() && cmd != CMD_CLOSE)
            continue;
        enum reaction r = command_run(&sh->st, cmd, keycode, key);
        if (command_apply(&sh->st, r))
            return;
        if (r & R_RECALC_ALL)
            after_write(sh);
        else if (r & (R_OPEN | R_CLOSE))
            reload_inbox(sh);   /* opening the inbox is looking at it */
        if (r & (R_OPEN | R_CLOSE | R_REDRAW))
            touch_all(sh);
    }
}

/* A locale that is not UTF-8 cannot show or take every character: say so at start,
 * rather than let accents vanish as they are typed. */
static bool tell_locale(void)
{
    if (san_locale_is_utf8())
        return false;
    const char *cs = nl_langinfo(CODESET);
    const char *lang = getenv("LC_ALL");
    if (!lang || !*lang)
        lang = getenv("LC_CTYPE");
    if (!lang || !*lang)
        lang = getenv("LANG");
    bool ascii = !cs || strcmp(cs, "ANSI_X3.4-1968") == 0 || strcmp(cs, "ASCII") == 0;
    if (ascii)
        term_flash(true, _("Locale %s is not UTF-8: accents cannot be typed; use LANG=C.UTF-8"), lang && *lang ? lang : "C");
    else
        term_flash(true, _("The locale's encoding is %s, not UTF-8: only its characters can "
                           "be typed"), cs);
    return true;
}

/* Forms that a crash, a kill or a lost connection interrupted are kept as drafts
 * (draft.h): say so once at start, where the user will see it. */
static void tell_drafts_left(void)
{
    char dir[PATH_MAX];
    struct draft *ds = NULL;
    int n = 0;
    drafts_list(&ds, &n, dir, sizeof dir);
    drafts_free(ds, n);
    if (n > 0)
        term_flash(false, ngettext("%d unsaved form kept: press D to reopen it",
                                   "%d unsaved forms kept: press D to reopen them", n), n);
}

static void ctx_init(struct ui_ctx *ui, store *s, const struct config *cfg)
{
    memset(ui, 0, sizeof *ui);
    ui->s = s;
    ui->cfg = cfg;
    me_load(s, &ui->me);
    presence_start(s, &ui->session_id);
    date_today(ui->today);
    /* The date column is as wide as today's date in the user's format (formats
     * with variable-width parts such as month names may be cut with a mark). */
    char buf[64];
    const char *fmt = cfg && cfg->date_format ? cfg->date_format : "%Y-%m-%d";
    if (date_format_user(ui->today, fmt, buf, sizeof buf) != 0)
        snprintf(buf, sizeof buf, "%s", ui->today);
    int w = san_width(buf);
    ui->date_cols = w < 1 ? 1 : (w > 20 ? 20 : w);
}

int ui_run(const struct config *cfg, store *s, char *err, size_t errlen)
{
    struct shell sh;
    memset(&sh, 0, sizeof sh);
    if (term_init(cfg, err, errlen) != 0)
        return 1;
    ctx_init(&sh.ui, s, cfg);
    store_set_interrupt(s, term_hangup_requested);
    stack_init(&sh.st, &sh.ui);
    int rc = stack_open_main(&sh.st);
    if (rc != STORE_OK) {
        term_end();
        snprintf(err, errlen, "%s", store_errmsg(s));
        presence_end(s, sh.ui.session_id);
        return 1;
    }
    if (store_data_version(s, &sh.data_version) != STORE_OK)
        sh.data_version = -1;
    bool unused;
    if (store_audit_news(s, &sh.audit_seen, &unused) != STORE_OK)
        sh.audit_seen = 0;
    sh.last_poll_ms = time_monotonic_ms();
    running = &sh;
    term_set_resize_hook(on_resize);
    term_set_idle_hook(on_idle);
    term_set_repaint_hook(on_repaint);
    on_resize();
    reload_counts(&sh);
    if (!tell_locale())
        tell_drafts_left();
    main_loop(&sh);
    term_set_resize_hook(NULL);
    term_set_idle_hook(NULL);
    term_set_repaint_hook(NULL);
    running = NULL;
    store_set_interrupt(s, NULL);
    stack_free(&sh.st);
    presence_end(s, sh.ui.session_id);
    tags_free(&sh.ui.tags);
    search_hits_free(sh.ui.search.hits, sh.ui.search.n);
    free(sh.ui.search.text);
    if (sh.status)
        delwin(sh.status);
    term_end();
    return 0;
}
