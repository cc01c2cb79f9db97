/* dashboard — B: where the activity stands, on one scrolling screen: the figures
 * of core/report.h for a period (this month first; p moves to last month, the
 * quarter, the year), drawn as core/report_text draws them for `suivi report`,
 * so both say the same, and a frozen period's figures as they were presented.
 * Re-read when another session writes what a figure reads (live refresh), not
 * for its form opened or its mail filed.
 * Tab selects a figure that stands for records; Enter lists them: the actions
 * in a queue (the query as typed after /), the members in a list (its filter),
 * a kind's interactions in a list of every member's (views/interactions.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "texts.h"
#include "suivi/base/i18n.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/report.h"
#include "suivi/core/report_freeze.h"
#include "suivi/store/changes.h"
#include "suivi/ui/form.h"
#include "suivi/ui/term.h"

static const char *const PERIODS[] = { "this-month", "last-month", "quarter", "year" };
#define NPERIODS ((int)(sizeof PERIODS / sizeof PERIODS[0]))

struct dashboard {
    struct textview tv;          /* first: the text views' helpers take it so */
    int period;                  /* an index into PERIODS */
    char custom[64];             /* c: a period typed, "" for PERIODS[period] */
    bool new_period;             /* p or c: the next read starts from the top */
    int width;                   /* the columns the text was laid out for */
    struct report_link *links;   /* a link's tag is its index */
    int nlinks, cap;
    /* What was read when: another session's commit re-reads the figures only when
     * it may change them (store/changes.h), or when the day moved on. */
    struct change_mark mark;
    char today[DATE_ISO_LEN];
};

/* What the audit records and no figure reads: a commit of these alone leaves the
 * dashboard as it is.  Anything else (a new kind of record too) re-reads it. */
static const char IGNORED[] = "[\"unsorted_mail\", \"subscription\", \"provider_login\"]";

static void add_line(void *ctx, const char *text, bool heading,
                     const struct report_link *link)
{
    struct dashboard *db = ctx;
    if (heading)
        tv_heading(&db->tv, text);
    else
        tv_text_indented(&db->tv, 1, text + strspn(text, " "));
    if (link && !heading) {
        if (db->nlinks == db->cap) {
            db->cap = db->cap ? db->cap * 2 : 32;
            db->links = xreallocarray(db->links, (size_t)db->cap, sizeof *db->links);
        }
        db->links[db->nlinks] = *link;
        tv_link(&db->tv, db->nlinks++);
    }
}

/* The report into the text view, laid out for width columns. */
static int build(struct dashboard *db, const struct ui_ctx *ui, int width)
{
    struct period p;
    char err[256];
    const char *want = db->custom[0] ? db->custom : PERIODS[db->period];
    if (period_parse(want, ui->today, &p, err, sizeof err) != 0)
        return STORE_ERROR;
    char *title = xasprintf(_("Dashboard — %s (p, c: another period)"), p.label);
    tv_init(&db->tv, title, 0);
    free(title);
    struct report r;
    struct frozen_info fi;
    db->nlinks = 0;
    /* Before the figures: a commit while they are read is seen the next time. */
    if (store_change_mark(ui->s, &db->mark) != STORE_OK)
        change_mark_free(&db->mark);
    snprintf(db->today, sizeof db->today, "%s", ui->today);
    /* A frozen period shows what was presented then (suivi report --freeze). */
    int rc = report_load(ui->s, ui->cfg, &p, ui->today, &r, &fi, err, sizeof err);
    if (rc == STORE_OK) {
        if (fi.frozen) {
            char note[256];
            frozen_note(&fi, note, sizeof note);
            tv_heading(&db->tv, note);
        }
        report_text_linked(&r, ui->cfg, width, term_ascii(), add_line, db);
        report_free(&r);
    } else {
        tv_text(&db->tv, err);
    }
    db->width = width;
    return STORE_OK;
}

/* Again, where the view stands (its window, its scroll). */
static int rebuild(struct view *v)
{
    struct dashboard *db = v->state;
    /* Another period reads from its top (its "Frozen on" note first); the same
     * one read again (another session's write, a resize) keeps its place and the
     * figure selected. */
    int top = db->new_period ? 0 : db->tv.top, was = tv_selected_link(&db->tv);
    struct report_link was_link = !db->new_period && was >= 0 && was < db->nlinks
                                ? db->links[was] : (struct report_link){0};
    db->new_period = false;
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
    /* The same figure stays selected when the figures are read again. */
    for (int i = 0; i < db->nlinks && was_link.kind != REPORT_LINK_NONE; i++)
        if (db->links[i].kind == was_link.kind &&
            strcmp(db->links[i].query, was_link.query) == 0) {
            tv_select_tag(&db->tv, i);
            break;
        }
    return rc;
}

/* Another session's commit, the date: the figures again only when they may differ. */
static int follow_writes(struct view *v)
{
    struct dashboard *db = v->state;
    bool matters = true;
    if (!db->new_period && strcmp(db->today, v->ui->today) == 0 &&
        store_change_since(v->ui->s, &db->mark, IGNORED, &matters) == STORE_OK && !matters)
        return STORE_OK;
    return rebuild(v);
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

/* Enter: the records behind the selected figure, in a list of their own. */
static enum reaction list_figure(struct view *v)
{
    struct dashboard *db = v->state;
    int tag = tv_selected_link(&db->tv);
    if (tag < 0 || tag >= db->nlinks) {
        term_flash(false, "%s", _("Tab selects a figure; Enter then lists what it counts"));
        return R_NONE;
    }
    const struct report_link *l = &db->links[tag];
    enum view_id to = l->kind == REPORT_LINK_MEMBERS ? VIEW_MEMBER_LIST
                    : l->kind == REPORT_LINK_INTERACTIONS ? VIEW_INTERACTION_LIST : VIEW_QUEUE;
    v->ui->open = (struct view_arg){ .view = to, .kind = SEL_NONE, .filter = l->query,
                                     .label = l->label[0] ? l->label : NULL };
    return R_OPEN;
}

/* c: a period of the user's own; a wrong one is said and the period kept. */
static enum reaction custom_period(struct view *v)
{
    struct dashboard *db = v->state;
    char *text = NULL;
    enum form_result fr = form_ask(_("2026-11, 2026-Q4, 2026 or 2026-10-01..2026-11-15"),
                                   _("Period"), FIELD_TEXT, &text);
    enum reaction r = R_NONE;
    struct period p;
    char err[256];
    if (fr == FORM_HANGUP)
        r = R_QUIT;
    else if (fr == FORM_SAVED && text && *text) {
        char *t = text + strspn(text, " ");
        for (size_t n = strlen(t); n > 0 && t[n - 1] == ' '; n--)
            t[n - 1] = '\0';
        if (strlen(t) >= sizeof db->custom ||
            period_parse(t, v->ui->today, &p, err, sizeof err) != 0) {
            term_flash(true, "%s", strlen(t) >= sizeof db->custom ? _("That period is too long")
                                                                  : err);
        } else {
            snprintf(db->custom, sizeof db->custom, "%s", t);
            db->new_period = true;
            r = R_RECALC;
        }
    }
    free(text);
    return r;
}

static void close_view(struct view *v)
{
    struct dashboard *db = v->state;
    if (db) {
        free(db->links);
        change_mark_free(&db->mark);
    }
    text_view_close(v);
}

static enum reaction command(struct view *v, enum command cmd, bool keycode, int key)
{
    (void)keycode;
    (void)key;
    struct dashboard *db = v->state;
    if (cmd == CMD_NEXT_LINK || cmd == CMD_PREV_LINK) {
        if (tv_select_link(&db->tv, cmd == CMD_NEXT_LINK ? 1 : -1) < 0)
            term_flash(false, "%s", _("No figure to list here"));
        return R_NONE;
    }
    if (cmd == CMD_LIST_FIGURE)
        return list_figure(v);
    if (cmd == CMD_CUSTOM_PERIOD)
        return custom_period(v);
    if (cmd == CMD_NEXT_PERIOD) {
        if (db->custom[0])
            db->custom[0] = '\0';      /* back to the fixed period it left */
        else
            db->period = (db->period + 1) % NPERIODS;
        db->new_period = true;      /* the new period from its top */
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
    .keymaps = keymaps, .open = open_view, .close = close_view, .place = place,
    .repaint = text_view_repaint, .touch = text_view_touch, .focus = text_view_focus,
    .recalc = follow_writes, .command = command, .selected = selected,
};
