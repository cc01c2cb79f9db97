/* members — the left pane: every member, by name; kind and open actions.  It leads
 * the main screen: the timeline and the member's actions follow its selection. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lists.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/xalloc.h"
#include "suivi/ui/term.h"

#define COUNT_COLS 3
#define NAME_COLS_WITH_KIND 16   /* narrower: the name alone, without the kind */

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

static int fetch(struct listview *lv, enum page_dir dir, const void *anchor, int limit,
                 void *rows, int *n)
{
    return store_members_page(list_ui(lv)->s, lv_filter(lv), dir, anchor, limit, rows, n);
}

/* What the row shows besides its id and version. */
static bool same_fields(const struct member *x, const struct member *y)
{
    return x->open_actions == y->open_actions && x->kind == y->kind &&
           same_str(x->name, y->name);
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
    const char *filter = lv_filter(lv);
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
    int kc = kind_cols();
    int name_cols = cols - 1 - 1 - COUNT_COLS;
    /* The name comes first: the kind shows only when the pane is wide enough. */
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
    (void)arg;
    return list_open(v, sizeof(struct list_state), &member_rows);
}

static int keymaps(const struct view *v, enum keymap_id *chain, int max)
{
    return list_keymaps(v, KEYMAP_MEMBERS, chain, max);
}

static enum reaction export_list(struct view *v)
{
    struct export_request r = { .what = EXPORT_MEMBERS, .format = OUT_CSV_EXCEL,
                                .member_filter = lv_filter(&list_of(v)->lv) };
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

const struct view_ops members_view_ops = {
    .keymaps = keymaps, .open = open_view, .close = list_close, LIST_VIEW_BASICS,
    .recalc = list_recalc, .command = command, .selected = selected, .reveal = reveal,
};
