/* dashboard — B: where the activity stands, on one scrolling screen: the figures
 * of core/report.h for a period (this month first; p moves to last month, the
 * quarter, the year), drawn as core/report_text draws them for `suivi report`,
 * so both say the same.  Re-read when another session writes (live refresh). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "texts.h"
#include "suivi/base/i18n.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/report.h"
#include "suivi/ui/term.h"

static const char *const PERIODS[] = { "this-month", "last-month", "quarter", "year" };
#define NPERIODS ((int)(sizeof PERIODS / sizeof PERIODS[0]))

struct dashboard {
    struct textview tv;          /* first: the text views' helpers take it so */
    int period;                  /* an index into PERIODS */
    int width;                   /* the columns the text was laid out for */
};

static void add_line(void *ctx, const char *text, bool heading)
{
    struct textview *tv = ctx;
    if (heading)
        tv_heading(tv, text);
    else
        tv_text_indented(tv, 1, text + strspn(text, " "));
}

/* The report into the text view, laid out for width columns. */
static int build(struct dashboard *db, const struct ui_ctx *ui, int width)
{
    struct period p;
    char err[256];
    if (period_parse(PERIODS[db->period], ui->today, &p, err, sizeof err) != 0)
        return STORE_ERROR;
    char *title = xasprintf(_("Dashboard — %s (p: another period)"), p.label);
    tv_init(&db->tv, title, 0);
    free(title);
    struct report r;
    int rc = report_build(ui->s, ui->cfg, &p, ui->today, &r);
    if (rc == STORE_OK) {
        report_text(&r, ui->cfg, width, term_ascii(), add_line, &db->tv);
        report_free(&r);
    } else {
        tv_text(&db->tv, store_errmsg(ui->s));
    }
    db->width = width;
    return STORE_OK;
}

/* Again, where the view stands (its window, its scroll). */
static int rebuild(struct view *v)
{
    struct dashboard *db = v->state;
    int top = db->tv.top;
    WINDOW *win = db->tv.win;
    int y = win ? getbegy(win) : 0, x = win ? getbegx(win) : 0;
    int h = win ? getmaxy(win) : 0, w = win ? getmaxx(win) : 0;
    tv_free(&db->tv);
    int rc = build(db, v->ui, w > 0 ? w - 2 : db->width);
    if (w > 0)
        tv_place(&db->tv, y, x, h, w);
    if (db->tv.win)
        leaveok(db->tv.win, TRUE);
    tv_scroll(&db->tv, top);
    return rc;
}

static int open_view(struct view *v, const struct view_arg *arg)
{
    (void)arg;
    struct dashboard *db = v->state = xcalloc(1, sizeof *db);
    return build(db, v->ui, COLS > 2 ? COLS - 2 : 78);
}

static int keymaps(const struct view *v, enum keymap_id *chain, int max)
{
    (void)v;
    return text_view_keymaps(KEYMAP_DASHBOARD, chain, max);
}

static void place(struct view *v, struct rect r)
{
    struct dashboard *db = v->state;
    text_view_place(v, r);
    if (r.w - 2 != db->width)       /* a resize: the bars fit the new width */
        rebuild(v);
}

static enum reaction command(struct view *v, enum command cmd, bool keycode, int key)
{
    (void)keycode;
    (void)key;
    struct dashboard *db = v->state;
    if (cmd == CMD_NEXT_PERIOD) {
        db->period = (db->period + 1) % NPERIODS;
        db->tv.top = 0;             /* the new period from its top */
        return R_RECALC;
    }
    return text_command(&db->tv, cmd);
}

static struct selection selected(const struct view *v)
{
    (void)v;
    return (struct selection){ .kind = SEL_NONE };
}

const struct view_ops dashboard_view_ops = {
    .keymaps = keymaps, .open = open_view, .close = text_view_close, .place = place,
    .repaint = text_view_repaint, .touch = text_view_touch, .focus = text_view_focus,
    .recalc = rebuild, .command = command, .selected = selected,
};
