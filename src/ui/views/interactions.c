/* interactions — the interactions behind a dashboard figure: every member's, of
 * one kind (or all) in a period, newest first (store/interaction_list.h): date,
 * member, kind, subject.  Opened by the dashboard's Enter on a line of
 * "interactions per week, by kind", on the link's query (core/report.h:
 * "kind:call_in 2026-11-01..2026-11-30").  Enter opens an interaction's detail;
 * `/` narrows to a subject, an author or a member's name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lists.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/report.h"
#include "suivi/store/interaction_list.h"
#include "suivi/ui/term.h"

#define KIND_COLS 8
#define MIN_MEMBER_COLS 10
#define MAX_MEMBER_COLS 32

struct interactions {
    struct list_state list;
    struct interaction_span span;    /* from == to: nothing (a query it could not read) */
    char what[128];                  /* for the title: "Call in, 2026-11-01 to 2026-11-30" */
};

/* The link's query: "kind:CODE" (optional), then a period as period_parse reads it
 * ("2026-11-01..2026-11-30").  0, or -1 with err. */
static int parse_query(const struct ui_ctx *ui, const char *q, struct interactions *t,
                       char *err, size_t errlen)
{
    q += strspn(q, " ");
    t->span.kind = -1;
    if (strncmp(q, "kind:", 5) == 0) {
        size_t n = strcspn(q + 5, " ");
        char code[40];
        snprintf(code, sizeof code, "%.*s", (int)(n < sizeof code ? n : sizeof code - 1),
                 q + 5);
        t->span.kind = enum_from_code(&INTERACTION_KIND_NAMES, code);
        if (t->span.kind < 0) {
            snprintf(err, errlen, _("kind:%s is not a kind of interaction"), code);
            return -1;
        }
        q += 5 + n;
        q += strspn(q, " ");
    }
    struct period p;
    if (!*q) {
        snprintf(err, errlen, "%s", _("No period to list the interactions of"));
        return -1;
    }
    if (period_parse(q, ui->today, &p, err, errlen) != 0)
        return -1;
    char from[TIME_ISO_LEN + 1], to[TIME_ISO_LEN + 1], last[DATE_ISO_LEN];
    snprintf(from, sizeof from, "%s 00:00:00", p.from);
    snprintf(to, sizeof to, "%s 00:00:00", p.to);
    if (time_from_iso(from, &t->span.from) != 0 || time_from_iso(to, &t->span.to) != 0 ||
        date_add_days(p.to, -1, last) != 0) {
        snprintf(err, errlen, "%s", _("That period cannot be read"));
        return -1;
    }
    char a[64], b[64];
    view_format_date(ui, p.from, a, sizeof a);
    view_format_date(ui, last, b, sizeof b);
    snprintf(t->what, sizeof t->what, _("%s, %s to %s"),
             t->span.kind < 0 ? _("every kind")
                              : _(enum_label(&INTERACTION_KIND_NAMES, t->span.kind)), a, b);
    return 0;
}

static int fetch(struct listview *lv, enum page_dir dir, const void *anchor, int limit,
                 void *rows, int *n)
{
    const struct interactions *t = list_view_state(lv);
    *n = 0;
    if (t->span.from >= t->span.to)
        return STORE_OK;
    return store_interactions_span_page(list_ui(lv)->s, &t->span, lv_filter(lv), dir, anchor,
                                        limit, rows, n);
}

static int get(struct listview *lv, int64_t id, void *row)
{
    return store_interaction_listed_get(list_ui(lv)->s, id, row);
}

static void release(void *row)
{
    interaction_listed_clear(row);
}

static int64_t row_id(const void *row)
{
    return ((const struct interaction_listed *)row)->it.id;
}

/* Drawn alike: what the row shows (a member renamed does not bump the version). */
static bool same(struct listview *lv, const void *a, const void *b)
{
    (void)lv;
    const struct interaction_listed *x = a, *y = b;
    return x->it.id == y->it.id && x->it.version == y->it.version &&
           x->it.occurred_at == y->it.occurred_at && x->it.kind == y->it.kind &&
           same_str(x->it.subject, y->it.subject) && same_str(x->member_name, y->member_name);
}

/* margin, date, member, kind, subject: a narrow list drops the kind first. */
static void draw(struct listview *lv, WINDOW *w, int y, int cols, const void *row, attr_t base)
{
    const struct ui_ctx *ui = list_ui(lv);
    const struct interaction_listed *r = row;
    char date[64];
    view_format_instant(ui, r->it.occurred_at, date, sizeof date);
    int member_cols = cols / 4 < MIN_MEMBER_COLS ? MIN_MEMBER_COLS
                    : cols / 4 > MAX_MEMBER_COLS ? MAX_MEMBER_COLS : cols / 4;
    int kind_cols = KIND_COLS;
    int subject_cols = cols - 1 - (ui->date_cols + 1) - (member_cols + 1) - (kind_cols + 1);
    if (subject_cols < MIN_MEMBER_COLS) {
        subject_cols += kind_cols + 1;
        kind_cols = 0;
    }
    int x = lv_col(w, y, 1, ui->date_cols, date, base);
    x = lv_col(w, y, x, member_cols, r->member_name, base);
    x = lv_col(w, y, x, kind_cols, _(enum_abbrev(&INTERACTION_KIND_NAMES, (int)r->it.kind)),
               base);
    lv_col(w, y, x, subject_cols, r->it.subject, base);
}

static void title(struct listview *lv, char *buf, size_t len)
{
    const struct interactions *t = list_view_state(lv);
    view_title(buf, len, _("Interactions"), t->what[0] ? t->what : NULL);
}

static const struct lv_ops listed_rows = {
    .row_size = sizeof(struct interaction_listed), .fetch = fetch, .get = get,
    .release = release, .id = row_id, .same = same, .draw = draw, .title = title,
};

/* ---- the view ------------------------------------------------------------------- */

static int open_view(struct view *v, const struct view_arg *arg)
{
    int rc = list_open(v, sizeof(struct interactions), &listed_rows);
    struct interactions *t = v->state;
    char err[256];
    if (parse_query(v->ui, arg->filter ? arg->filter : "", t, err, sizeof err) != 0) {
        t->span.from = t->span.to = 0;     /* an empty list, and why */
        term_flash(true, "%s", err);
    }
    return rc;
}

static int keymaps(const struct view *v, enum keymap_id *chain, int max)
{
    return list_keymaps(v, KEYMAP_INTERACTION_LIST, chain, max);
}

static enum reaction command(struct view *v, enum command cmd, bool keycode, int key)
{
    return list_command(v, cmd, keycode, key);
}

static struct selection selected(const struct view *v)
{
    const struct interaction_listed *r = lv_selected(&list_of(v)->lv);
    if (!r)
        return (struct selection){ .kind = SEL_NONE };
    return (struct selection){ .kind = SEL_INTERACTION, .id = r->it.id,
                               .interaction_id = r->it.id, .member_id = r->it.member_id,
                               .label = r->it.subject };
}

static bool reveal(struct view *v, const struct selection *what)
{
    return what->kind == SEL_INTERACTION && list_reveal(v, what->id);
}

const struct view_ops interactions_view_ops = {
    .keymaps = keymaps, .open = open_view, .close = list_close, LIST_VIEW_BASICS,
    .recalc = list_recalc, .command = command, .selected = selected, .reveal = reveal,
};
