/* screen — see screen.h.  The stack knows views only through view_ops and the
 * table of views.h; it never names one. */
#include "suivi/ui/screen.h"

#include <string.h>

#include "suivi/ui/term.h"

static void view_init(struct view *v, struct ui_ctx *ui, enum view_id id)
{
    memset(v, 0, sizeof *v);
    v->id = id;
    v->ops = views_info(id)->ops;
    v->ui = ui;
}

static void screen_free(struct screen *sc)
{
    for (int i = 0; i < sc->nviews; i++)
        sc->views[i].ops->close(&sc->views[i]);
    if (sc->chrome)
        delwin(sc->chrome);
    memset(sc, 0, sizeof *sc);
}

void stack_init(struct screen_stack *st, struct ui_ctx *ui)
{
    memset(st, 0, sizeof *st);
    st->ui = ui;
}

void stack_free(struct screen_stack *st)
{
    while (st->depth > 0)
        screen_free(&st->screens[--st->depth]);
}

struct screen *stack_top(struct screen_stack *st)
{
    return st->depth > 0 ? &st->screens[st->depth - 1] : NULL;
}

struct view *screen_focused(struct screen *sc)
{
    return sc && sc->nviews > 0 ? &sc->views[sc->focus] : NULL;
}

void screen_focus(struct screen *sc, int index)
{
    if (!sc || index < 0 || index >= sc->nviews || index == sc->focus)
        return;
    struct view *old = &sc->views[sc->focus], *now = &sc->views[index];
    old->focused = false;
    old->ops->focus(old, false);
    sc->focus = index;
    now->focused = true;
    now->ops->focus(now, true);
}

/* ---- layout ----------------------------------------------------------------- */

static WINDOW *chrome_window(WINDOW *old, const struct rect *r)
{
    if (old)
        delwin(old);
    if (r->w <= 0 || r->h <= 0)
        return NULL;
    WINDOW *w = newwin(r->h, r->w, r->y, r->x);
    if (w)
        leaveok(w, TRUE);
    return w;
}

static void screen_place(struct screen *sc, struct rect body)
{
    struct rect rects[SCREEN_VIEWS_MAX];
    struct rect chrome = { 0, 0, 0, 0 };
    views_layout(sc->kind, body.w, body.h, rects, sc->nviews, &chrome);
    for (int i = 0; i < sc->nviews; i++)
        rects[i].y += body.y, rects[i].x += body.x;
    chrome.y += body.y;
    chrome.x += body.x;
    for (int i = 0; i < sc->nviews; i++)
        sc->views[i].ops->place(&sc->views[i], rects[i]);
    sc->chrome_rect = chrome;
    sc->chrome = chrome_window(sc->chrome, &chrome);
    sc->chrome_dirty = true;
    sc->placed = true;
}

void stack_place(struct screen_stack *st, struct rect body)
{
    st->body = body;
    for (int i = 0; i < st->depth; i++)
        st->screens[i].placed = false;
    struct screen *top = stack_top(st);
    if (top)
        screen_place(top, body);
}

/* ---- opening and closing ------------------------------------------------------ */

static int open_view(struct view *v, const struct view_arg *arg)
{
    int rc = v->ops->open(v, arg);
    if (rc != STORE_OK)
        v->ops->close(v);
    return rc;
}

/* Push a screen of every view of this kind (main, people). */
static int open_group(struct screen_stack *st, enum screen_kind kind)
{
    if (st->depth >= SCREEN_STACK_MAX)
        return STACK_FULL;
    struct screen *sc = &st->screens[st->depth];
    memset(sc, 0, sizeof *sc);
    sc->kind = kind;
    for (int id = 0; id < VIEW_COUNT && sc->nviews < SCREEN_VIEWS_MAX; id++) {
        if (views_info((enum view_id)id)->screen != kind)
            continue;
        struct view *v = &sc->views[sc->nviews];
        view_init(v, st->ui, (enum view_id)id);
        struct view_arg arg = { .view = (enum view_id)id };
        int rc = open_view(v, &arg);
        if (rc != STORE_OK) {
            screen_free(sc);
            return rc;
        }
        sc->nviews++;
    }
    st->depth++;
    sc->views[0].focused = true;
    sc->views[0].ops->focus(&sc->views[0], true);
    return STORE_OK;
}

int stack_open_main(struct screen_stack *st)
{
    return open_group(st, SCREEN_MAIN);
}

/* The screen (index) and view holding a view of this id, searching from the top. */
static int find_view(struct screen_stack *st, enum view_id id, int *view_index)
{
    for (int s = st->depth - 1; s >= 0; s--)
        for (int i = 0; i < st->screens[s].nviews; i++)
            if (st->screens[s].views[i].id == id) {
                *view_index = i;
                return s;
            }
    return -1;
}

/* The screen at index s becomes the top one again: lay it out, re-read if stale. */
static void uncover(struct screen_stack *st)
{
    struct screen *sc = stack_top(st);
    if (!sc)
        return;
    if (!sc->placed)
        screen_place(sc, st->body);
    for (int i = 0; i < sc->nviews; i++) {
        struct view *v = &sc->views[i];
        if (v->stale)
            v->recalc_due = true;
        v->stale = false;
        v->ops->touch(v);
    }
    sc->chrome_dirty = true;
}

void stack_close_top(struct screen_stack *st)
{
    if (st->depth <= 1)
        return;
    screen_free(&st->screens[--st->depth]);
    uncover(st);
}

int stack_open(struct screen_stack *st, const struct view_arg *arg)
{
    const struct view_info *info = views_info(arg->view);
    int vi = 0;
    /* A view that opens on nothing in particular is shown where it already is. */
    int s = arg->kind == SEL_NONE ? find_view(st, arg->view, &vi) : -1;
    if (s >= 0) {
        while (st->depth - 1 > s)
            stack_close_top(st);
        screen_focus(stack_top(st), vi);
        return STORE_OK;
    }
    if (info->screen == SCREEN_MAIN)
        return STORE_ERROR;
    if (st->depth >= SCREEN_STACK_MAX)
        return STACK_FULL;
    if (info->screen != SCREEN_ALONE) {
        int rc = open_group(st, info->screen);
        if (rc != STORE_OK)
            return rc;
        struct screen *top = stack_top(st);
        for (int i = 0; i < top->nviews; i++)
            if (top->views[i].id == arg->view)
                screen_focus(top, i);
        screen_place(top, st->body);
        return STORE_OK;
    }
    struct screen *sc = &st->screens[st->depth];
    memset(sc, 0, sizeof *sc);
    sc->kind = SCREEN_ALONE;
    view_init(&sc->views[0], st->ui, arg->view);
    int rc = open_view(&sc->views[0], arg);
    if (rc != STORE_OK) {
        memset(sc, 0, sizeof *sc);
        return rc;
    }
    sc->nviews = 1;
    sc->views[0].focused = true;
    sc->views[0].ops->focus(&sc->views[0], true);
    st->depth++;
    screen_place(sc, st->body);
    return STORE_OK;
}

/* ---- data ----------------------------------------------------------------------- */

void stack_flag_all(struct screen_stack *st)
{
    for (int s = 0; s < st->depth; s++)
        for (int i = 0; i < st->screens[s].nviews; i++) {
            struct view *v = &st->screens[s].views[i];
            if (s == st->depth - 1)
                v->recalc_due = true;
            else
                v->stale = true;
        }
}

void stack_sync(struct screen_stack *st)
{
    struct screen *sc = stack_top(st);
    if (!sc || !sc->placed)
        return;
    /* Twice at most: a lead view's recalc may move its selection, which the others
     * follow, which flags them. */
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < sc->nviews; i++) {
            struct view *v = &sc->views[i];
            if (!v->recalc_due)
                continue;
            v->recalc_due = false;
            ui_report(st->ui, v->ops->recalc(v), view_name(v->id));
        }
        struct selection lead = sc->views[0].ops->selected(&sc->views[0]);
        for (int i = 1; i < sc->nviews; i++)
            if (sc->views[i].ops->follow)
                sc->views[i].ops->follow(&sc->views[i], &lead);
    }
}

void stack_reveal(struct screen_stack *st, const struct selection *what, bool focus)
{
    struct screen *sc = stack_top(st);
    if (!sc || what->kind == SEL_NONE)
        return;
    stack_sync(st);
    for (int i = 0; i < sc->nviews; i++) {
        struct view *v = &sc->views[i];
        if (v->ops->reveal && v->ops->reveal(v, what) && focus)
            screen_focus(sc, i);
    }
}

/* ---- drawing -------------------------------------------------------------------- */

void stack_repaint(struct screen_stack *st)
{
    struct screen *sc = stack_top(st);
    if (!sc || !sc->placed)
        return;
    for (int i = 0; i < sc->nviews; i++)
        sc->views[i].ops->repaint(&sc->views[i]);
    if (sc->chrome && sc->chrome_dirty) {
        term_vline(sc->chrome, 0, 0, sc->chrome_rect.h);
        wnoutrefresh(sc->chrome);
    }
    sc->chrome_dirty = false;
}

void stack_touch(struct screen_stack *st)
{
    struct screen *sc = stack_top(st);
    if (!sc)
        return;
    for (int i = 0; i < sc->nviews; i++)
        sc->views[i].ops->touch(&sc->views[i]);
    if (sc->chrome)
        touchwin(sc->chrome);
    sc->chrome_dirty = true;
}
