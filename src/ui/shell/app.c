/* app — ui_run: the one main loop, the layout, the status line.
 *
 * One thread, one loop: read a key (with the refresh timeout), act on it, and only
 * when no more keys are waiting do the deferred work (the timeline follows the
 * members pane, filters re-query) and draw once.  Resizes are handled in one place,
 * the terminal's resize hook (app_place), which also runs under modal forms. */
#include "suivi/ui/ui.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "app_internal.h"
#include "suivi/ui/form.h"
#include "suivi/base/login.h"
#include "suivi/base/xalloc.h"

/* The resize hook takes no argument: the running app. */
static struct app *running;

/* ---- layout ------------------------------------------------------------------- */

void app_layout_compute(int cols, int rows, struct app_layout *o)
{
    memset(o, 0, sizeof *o);
    o->too_small = cols < TERM_MIN_COLS || rows < TERM_MIN_ROWS;
    if (o->too_small)
        return;
    int body = rows - 1;
    int mw = cols * 36 / 100;
    int rx = mw + 1, rw = cols - rx;
    int th = body / 2;
    o->members = (struct rect){ 0, 0, body, mw };
    o->separator = (struct rect){ 0, mw, body, 1 };
    o->timeline = (struct rect){ 0, rx, th, rw };
    o->actions = (struct rect){ th, rx, body - th, rw };
    o->view = (struct rect){ 0, 0, body, cols };
    o->status = (struct rect){ rows - 1, 0, 1, cols };
}

static WINDOW *place_win(WINDOW *old, const struct rect *r)
{
    if (old)
        delwin(old);
    WINDOW *w = newwin(r->h, r->w, r->y, r->x);
    if (w)
        leaveok(w, TRUE);
    return w;
}

static void place_pane(struct app *a, enum pane_id p, const struct rect *r)
{
    int rc = lv_place(&a->panes[p], r->y, r->x, r->h, r->w);
    app_report(a, rc, a->panes[p].name);
    if (a->panes[p].title_win)
        leaveok(a->panes[p].title_win, TRUE);
    if (a->panes[p].list_win)
        leaveok(a->panes[p].list_win, TRUE);
}

/* Lay everything out for the current size: the single place resize is handled. */
static void app_place(struct app *a)
{
    app_layout_compute(COLS, LINES, &a->lay);
    clearok(curscr, TRUE);   /* the terminal may have reflowed what it showed */
    if (a->lay.too_small)
        return;
    place_pane(a, PANE_MEMBERS, &a->lay.members);
    place_pane(a, PANE_TIMELINE, &a->lay.timeline);
    place_pane(a, PANE_ACTIONS, &a->lay.actions);
    a->sep = place_win(a->sep, &a->lay.separator);
    a->status = place_win(a->status, &a->lay.status);
    if (a->view != VIEW_NONE) {
        const struct rect *v = &a->lay.view;
        tv_place(&a->tv, v->y, v->x, v->h, v->w);
        if (a->tv.win)
            leaveok(a->tv.win, TRUE);
    }
    a->dirty_sep = a->dirty_status = true;
}

/* ---- drawing ------------------------------------------------------------------ */

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
            snprintf(buf, len, "%d open, %d overdue | mine: %d open, %d overdue ",
                     c->open, c->overdue, c->mine_open, c->mine_overdue);
        else if (form == 1)
            snprintf(buf, len, "%d open, %d overdue | mine: %d/%d ", c->open, c->overdue,
                     c->mine_open, c->mine_overdue);
        else
            snprintf(buf, len, "%d open, %d overdue ", c->open, c->overdue);
        if (cols - (int)strlen(buf) - 1 >= room)
            break;
    }
    return (int)strlen(buf);
}

static void draw_status(struct app *a)
{
    WINDOW *w = a->status;
    int cols = a->lay.status.w;
    char right[160], left[320];
    bool error = false;
    const char *flash = term_flash_text(&error);
    bool flashing = flash && *flash;
    /* A message needs more room than the file and login. */
    int rw = format_counts(&a->counts, cols, flashing ? cols / 2 : 24, right, sizeof right);
    attr_t la = term_attr(ROLE_STATUS);
    if (flashing) {
        snprintf(left, sizeof left, " %s", flash);
        la = term_attr(error ? ROLE_ERROR : ROLE_STATUS);
    } else {
        snprintf(left, sizeof left, " %s | %s", base_name(store_path(a->s)),
                 store_login(a->s));
    }
    int lw = cols - rw;
    if (lw < 1) {
        lw = cols;
        rw = 0;
    }
    term_draw_text(w, 0, 0, lw, left, la);
    if (rw > 0)
        term_draw_text(w, 0, lw, rw, right, term_attr(ROLE_STATUS));
    wnoutrefresh(w);
}

static void app_draw(struct app *a)
{
    if (a->lay.too_small) {
        term_draw_too_small();
        return;
    }
    if (a->view != VIEW_NONE) {
        tv_draw(&a->tv);
    } else {
        for (int p = 0; p < PANE_COUNT; p++)
            lv_draw(&a->panes[p]);
        if (a->dirty_sep && a->sep) {
            term_vline(a->sep, 0, 0, a->lay.separator.h);
            wnoutrefresh(a->sep);
        }
        a->dirty_sep = false;
    }
    if (a->dirty_status && a->status)
        draw_status(a);
    a->dirty_status = false;
}

void app_touch_all(struct app *a)
{
    for (int p = 0; p < PANE_COUNT; p++)
        lv_touch(&a->panes[p]);
    if (a->view != VIEW_NONE)
        tv_touch(&a->tv);
    if (a->sep)
        touchwin(a->sep);
    if (a->status)
        touchwin(a->status);
    a->dirty_sep = a->dirty_status = true;
}

/* The resize hook: lay out and draw into the virtual screen, so that a modal form
 * drawn next sits on an up-to-date background. */
static void on_resize(void)
{
    if (!running)
        return;
    app_place(running);
    app_touch_all(running);
    app_draw(running);
}

/* ---- state -------------------------------------------------------------------- */

void app_report(struct app *a, int rc, const char *what)
{
    if (rc == STORE_OK)
        return;
    if (rc == STORE_BUSY)
        term_flash(true, "%s: the database is busy, try again", what);
    else
        term_flash(true, "%s: %s", what, store_errmsg(a->s));
    a->dirty_status = true;
}

void app_reload_counts(struct app *a)
{
    struct action_counts c;
    memset(&c, 0, sizeof c);
    int rc = store_action_counts(a->s, a->ctx.today, &c);
    if (rc != STORE_OK) {
        app_report(a, rc, "counts");
        return;
    }
    if (memcmp(&c, &a->counts, sizeof c) != 0) {
        a->counts = c;
        a->dirty_status = true;
    }
}

static bool same_text(const char *x, const char *y)
{
    return (!x && !y) || (x && y && strcmp(x, y) == 0);
}

void app_sync(struct app *a)
{
    for (int p = 0; p < PANE_COUNT; p++)
        if (a->filter_changed[p]) {
            a->filter_changed[p] = false;
            app_report(a, lv_reset(&a->panes[p]), a->panes[p].name);
        }
    const struct member *m = lv_selected(&a->panes[PANE_MEMBERS]);
    int64_t id = m ? m->id : 0;
    const char *name = m ? m->name : NULL;
    if (id == a->ctx.member_id && same_text(name, a->ctx.member_name))
        return;
    bool moved = id != a->ctx.member_id;
    panes_ctx_set_member(&a->ctx, id, name);
    lv_touch_title(&a->panes[PANE_TIMELINE]);
    if (a->ctx.scope == ACTIONS_MEMBER)
        lv_touch_title(&a->panes[PANE_ACTIONS]);
    if (!moved)
        return;
    app_report(a, lv_reset(&a->panes[PANE_TIMELINE]), "timeline");
    if (a->ctx.scope == ACTIONS_MEMBER)
        app_report(a, lv_reset(&a->panes[PANE_ACTIONS]), "actions");
}

/* Nothing typed for refresh_ms: follow other sessions' writes and the date.  Only
 * rows that differ are repainted, so an idle screen sends nothing. */
static void app_idle(struct app *a)
{
    char today[DATE_ISO_LEN];
    date_today(today);
    bool new_day = strcmp(today, a->ctx.today) != 0;
    if (new_day) {
        memcpy(a->ctx.today, today, sizeof today);
        lv_touch(&a->panes[PANE_ACTIONS]);   /* what is overdue changed */
    }
    int64_t v = 0;
    if (store_data_version(a->s, &v) != STORE_OK)
        return;   /* busy or failing: try again next time, quietly */
    if (v == a->data_version && !new_day)
        return;
    a->data_version = v;
    for (int p = 0; p < PANE_COUNT; p++) {
        int rc = lv_reload(&a->panes[p], NULL);
        if (rc != STORE_OK && rc != STORE_BUSY)
            app_report(a, rc, a->panes[p].name);
    }
    app_reload_counts(a);
}

/* ---- keys --------------------------------------------------------------------- */

static void filter_key(struct app *a, bool keycode, int key)
{
    struct listview *lv = &a->panes[a->focus];
    enum command cmd = keymap_lookup(KEYMAP_FILTER, keycode, key);
    switch (cmd) {
    case CMD_FILTER_ACCEPT:
        lv->filtering = false;
        lv_touch_title(lv);
        return;
    case CMD_FILTER_CLEAR:
    case CMD_FILTER_KILL:
        if (cmd == CMD_FILTER_CLEAR)
            lv->filtering = false;
        if (lv->filter[0])
            a->filter_changed[a->focus] = true;
        lv_filter_clear(lv);
        return;
    case CMD_FILTER_ERASE:
        if (lv->filter[0]) {
            lv_filter_erase(lv);
            a->filter_changed[a->focus] = true;
        }
        return;
    case CMD_DOWN:
    case CMD_UP:
        app_report(a, lv_move(lv, cmd == CMD_DOWN ? 1 : -1), lv->name);
        return;
    default:
        break;
    }
    if (keycode || key < 0x20 || key == 0x7f || !iswprint((wint_t)key))
        return;
    char mb[MB_LEN_MAX + 1];
    mbstate_t st;
    memset(&st, 0, sizeof st);
    size_t n = wcrtomb(mb, (wchar_t)key, &st);
    if (n == (size_t)-1)
        return;
    mb[n] = '\0';
    if (!lv_filter_append(lv, mb)) {
        term_flash(true, "The filter is full");
        a->dirty_status = true;
        return;
    }
    a->filter_changed[a->focus] = true;
}

static void app_key(struct app *a, bool keycode, int key)
{
    if (a->lay.too_small) {
        enum command cmd = keymap_lookup(KEYMAP_MAIN, keycode, key);
        if (cmd == CMD_QUIT)
            a->quit = true;
        return;
    }
    if (a->view != VIEW_NONE) {
        app_view_command(a, keymap_lookup(KEYMAP_VIEW, keycode, key));
        return;
    }
    if (a->panes[a->focus].filtering) {
        filter_key(a, keycode, key);
        return;
    }
    enum command cmd = keymap_lookup(KEYMAP_MAIN, keycode, key);
    if (cmd == CMD_NONE && !keycode && key == 3) {
        term_flash(false, "Ctrl-C does nothing here: q quits");
        a->dirty_status = true;
        return;
    }
    app_command(a, cmd);
}

/* ---- run ---------------------------------------------------------------------- */

static void app_free(struct app *a)
{
    if (a->view != VIEW_NONE)
        tv_free(&a->tv);
    for (int p = 0; p < PANE_COUNT; p++)
        lv_free(&a->panes[p]);
    if (a->sep)
        delwin(a->sep);
    if (a->status)
        delwin(a->status);
    panes_ctx_free(&a->ctx);
}

static void app_loop(struct app *a)
{
    int timeout = a->cfg && a->cfg->refresh_ms > 0 ? a->cfg->refresh_ms : -1;
    while (!a->quit) {
        /* Typeahead: act on every waiting key, then draw once. */
        if (!term_input_pending()) {
            app_sync(a);
            app_draw(a);
            doupdate();
        }
        bool keycode = false;
        int key = term_getkey(NULL, timeout, &keycode);
        if (key == TERM_KEY_HANGUP)
            break;
        if (key == TERM_KEY_NONE) {
            app_idle(a);
            continue;
        }
        if (keycode && key == KEY_RESIZE)
            continue;   /* the hook has laid everything out */
        const char *flash = term_flash_text(NULL);
        if (flash && *flash) {
            term_flash_clear();
            a->dirty_status = true;
        }
        app_key(a, keycode, key);
    }
}

/* Forms that a crash, a kill or a lost connection interrupted are kept as drafts
 * (form.h): say so once at start, where the user will see it. */
static void tell_drafts_left(void)
{
    char dir[PATH_MAX];
    int n = form_drafts_left(dir, sizeof dir);
    if (n > 0)
        term_flash(false, "%d unsaved form%s kept in %s", n, n > 1 ? "s" : "", dir);
}

int ui_run(const struct config *cfg, store *s, char *err, size_t errlen)
{
    struct app a;
    memset(&a, 0, sizeof a);
    a.cfg = cfg;
    a.s = s;
    if (term_init(cfg, err, errlen) != 0)
        return 1;
    panes_ctx_init(&a.ctx, s, cfg);
    lv_init(&a.panes[PANE_MEMBERS], &pane_members_ops, &a.ctx, "members");
    lv_init(&a.panes[PANE_TIMELINE], &pane_timeline_ops, &a.ctx, "timeline");
    lv_init(&a.panes[PANE_ACTIONS], &pane_actions_ops, &a.ctx, "actions");
    a.focus = PANE_MEMBERS;
    lv_set_focus(&a.panes[PANE_MEMBERS], true);
    if (store_data_version(s, &a.data_version) != STORE_OK)
        a.data_version = -1;
    running = &a;
    term_set_resize_hook(on_resize);
    app_place(&a);
    app_sync(&a);
    app_reload_counts(&a);
    tell_drafts_left();
    app_loop(&a);
    term_set_resize_hook(NULL);
    running = NULL;
    app_free(&a);
    term_end();
    return 0;
}
