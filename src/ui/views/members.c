/* members — the left pane: every member, by name; its journey's stage (a tag, '!'
 * when stalled), kind and open actions.  It leads the main screen: the timeline
 * and the member's actions follow its selection.  Its filter is a name's
 * substring, with the journey's words (stage:, stalled:; core/journey.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lists.h"
#include "suivi/core/journey.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/xalloc.h"
#include "suivi/ui/term.h"

#define COUNT_COLS 3
#define NAME_COLS_WITH_KIND 16   /* narrower: the name alone, without the kind */
#define NAME_COLS_WITH_TAG 13    /* narrower: without the stage's tag either */
#define TAG_COLS (CONFIG_STAGE_TAG_MAX + 1)   /* the tag, and '!' when stalled */

struct members {
    struct list_state list;
    /* The filter as last compiled: an error is said once, when the text changes. */
    char *filter_text;
    struct member_where where;
    char where_text[512];
};

static int kind_cols(void)
{
    static int cols;   /* constant for the run: the widest abbreviation */
    if (!cols)
        for (int k = 0; k < MEMBER_KIND_COUNT; k++) {
            int w = san_width(enum_abbrev(&MEMBER_KIND_NAMES, k));
            cols = w > cols ? w : cols;
        }
    return cols;
}

/* The filter's words, compiled when the text changes; while the text is wrong
 * (half typed) the list keeps the last filter that was right. */
static const struct member_where *list_where(struct members *m, struct ui_ctx *ui,
                                             const char *text)
{
    if (!text)
        text = "";
    if (m->filter_text && strcmp(m->filter_text, text) == 0)
        return &m->where;
    str_replace(&m->filter_text, text);
    struct member_where w;
    struct query_error e;
    char *buf = xmalloc(strlen(text) + 1);
    if (strlen(text) >= sizeof m->where_text) {
        term_flash(true, "%s", _("Filter: too long"));
    } else if (journey_parse_filter(ui->cfg, text, ui->today, &w, buf, &e) != 0) {
        term_flash(true, _("Filter, column %d: %s"), e.column, e.msg);
    } else {
        memcpy(m->where_text, buf, strlen(buf) + 1);
        m->where = w;
        m->where.text = w.text ? m->where_text : NULL;
    }
    free(buf);
    m->where.today = ui->today;
    return &m->where;
}

static int fetch(struct listview *lv, enum page_dir dir, const void *anchor, int limit,
                 void *rows, int *n)
{
    struct members *m = list_view_state(lv);
    struct ui_ctx *ui = list_ui(lv);
    return store_members_where_page(ui->s, list_where(m, ui, lv_filter(lv)), dir, anchor,
                                    limit, rows, n);
}

/* What the row shows besides its id and version. */
static bool same_fields(const struct member *x, const struct member *y)
{
    return x->open_actions == y->open_actions && x->kind == y->kind &&
           same_str(x->name, y->name) && same_str(x->stage, y->stage) &&
           same_str(x->stage_due, y->stage_due);
}

/* With a filter, a name whose match lies past the visible part is shown from the
 * match on ("…de Ploërmel"), so that every row shows why it is listed. */
static const char *match_start(const char *name, const char *filter)
{
    char *want = fold_for_search(filter);
    size_t wl = strlen(want);
    /* Fold only what can match at p (a folded character is never longer than its
     * UTF-8 form; the slack covers decomposed accents, which fold to nothing):
     * folding the whole rest at every position costs seconds on a huge name. */
    size_t span = 4 * wl + 16;
    const char *found = NULL;
    for (const char *p = name; *p && !found && wl; p++) {
        if (((unsigned char)*p & 0xC0) == 0x80)
            continue;   /* not the start of a character */
        char *head = xstrndup(p, span);
        char *f = fold_for_search(head);
        free(head);
        if (strncmp(f, want, wl) == 0)
            found = p;
        free(f);
    }
    free(want);
    return found;
}

static void draw_name(struct listview *lv, WINDOW *w, int y, int x, int cols,
                      const char *name, attr_t base)
{
    const struct members *ms = list_view_state(lv);
    const char *filter = ms->where.text;
    const char *at = filter && name ? match_start(name, filter) : NULL;
    if (!at || at == name || san_width(name) <= cols) {
        lv_col(w, y, x, cols, name, base);
        return;
    }
    /* Does the match end within the columns shown?  Then nothing to do. */
    char *head = xstrndup(name, (size_t)(at - name) + strlen(filter));
    bool visible = san_width(head) < cols;
    free(head);
    if (visible) {
        lv_col(w, y, x, cols, name, base);
        return;
    }
    char *shown = xasprintf("%s%s", term_ascii() ? "~" : "\u2026", at);
    lv_col(w, y, x, cols, shown, base);
    free(shown);
}

static void draw(struct listview *lv, WINDOW *w, int y, int cols, const void *row, attr_t base)
{
    const struct member *m = row;
    struct ui_ctx *ui = list_ui(lv);
    int kc = kind_cols();
    int name_cols = cols - 1 - 1 - COUNT_COLS;
    /* The name comes first, then the journey's stage, then the kind, each shown
     * when the pane is wide enough. */
    bool tag = name_cols - TAG_COLS - 1 >= NAME_COLS_WITH_TAG;
    if (tag)
        name_cols -= TAG_COLS + 1;
    bool kind = name_cols - kc - 1 >= NAME_COLS_WITH_KIND;
    if (kind)
        name_cols -= kc + 1;
    char count[16] = "";
    if (m->open_actions > 999)
        snprintf(count, sizeof count, "1k+");
    else if (m->open_actions > 0)
        snprintf(count, sizeof count, "%3d", m->open_actions);
    draw_name(lv, w, y, 1, name_cols, m->name, base);
    int x = 1 + name_cols + 1;
    if (tag) {
        char t[16];
        snprintf(t, sizeof t, "%s%s", journey_tag(ui->cfg, m->stage),
                 journey_stalled(m, ui->today) ? "!" : "");
        x = lv_col(w, y, x, TAG_COLS, t, base);
    }
    if (kind)
        x = lv_col(w, y, x, kc, enum_abbrev(&MEMBER_KIND_NAMES, (int)m->kind), base);
    lv_col(w, y, x, COUNT_COLS, count, base);
}

static void title(struct listview *lv, char *buf, size_t len)
{
    (void)lv;
    snprintf(buf, len, "%s", _("Members"));
}

LIST_ROW_OPS(member, store_member_get, member_clear);

/* ---- the view ------------------------------------------------------------------- */

static int open_view(struct view *v, const struct view_arg *arg)
{
    int rc = list_open(v, sizeof(struct members), &member_rows);
    if (arg->filter)            /* the dashboard's Enter: the members behind a figure */
        lv_filter_append(&list_of(v)->lv, arg->filter);
    return rc;
}

static int keymaps(const struct view *v, enum keymap_id *chain, int max)
{
    return list_keymaps(v, KEYMAP_MEMBERS, chain, max);
}

static enum reaction export_list(struct view *v)
{
    struct export_request r = { .what = EXPORT_MEMBERS, .format = OUT_CSV_EXCEL,
                                .members = list_where(list_view_state(&list_of(v)->lv),
                                                      list_ui(&list_of(v)->lv),
                                                      lv_filter(&list_of(v)->lv)) };
    return view_export(v, &r, "members");
}

static enum reaction command(struct view *v, enum command cmd, bool keycode, int key)
{
    if (cmd == CMD_EXPORT)
        return export_list(v);
    return list_command(v, cmd, keycode, key);
}

static struct selection selected(const struct view *v)
{
    const struct member *m = lv_selected(&list_of(v)->lv);
    if (!m)
        return (struct selection){ .kind = SEL_NONE };
    return (struct selection){ .kind = SEL_MEMBER, .id = m->id, .member_id = m->id,
                               .label = m->name };
}

static bool reveal(struct view *v, const struct selection *what)
{
    return what->kind == SEL_MEMBER && list_reveal(v, what->id);
}

static void close_view(struct view *v)
{
    if (v->state)
        free(((struct members *)list_view_state(&list_of(v)->lv))->filter_text);
    list_close(v);
}

const struct view_ops members_view_ops = {
    .keymaps = keymaps, .open = open_view, .close = close_view, LIST_VIEW_BASICS,
    .recalc = list_recalc, .command = command, .selected = selected, .reveal = reveal,
};
