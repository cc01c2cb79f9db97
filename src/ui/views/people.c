/* people — the people screen: staff, pôles and providers, one list each (P opens
 * it; Tab goes from list to list).  Everyone may look; adding, editing and
 * disabling are an admin's (the dispatcher checks).  Enter on a staff member or a
 * provider opens their actions.
 *
 * These lists are small by nature, so each is read whole at recalc and paged from
 * memory, in the store's order (login, or name then id), so that the listview's
 * keyset anchors work as they do on the database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lists.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/xalloc.h"
#include "suivi/ui/term.h"

/* What differs between the three lists. */
struct people_kind {
    enum sel_kind kind;
    enum keymap_id map;
    size_t size;
    const char *title;                              /* N_() */
    int (*read)(store *s, void **rows, int *n);
    void (*free_all)(void *rows, int n);
    void (*copy)(void *dst, const void *src);
    void (*clear)(void *row);
    int64_t (*id)(const void *row);
    const char *(*key)(const void *row);            /* the store's order */
    const char *(*name)(const void *row);           /* shown, filtered on */
    bool (*same)(const void *a, const void *b);
    void (*draw)(WINDOW *w, int y, int cols, const void *row, attr_t base);
};

struct people_list {
    struct list_state list;
    const struct people_kind *k;
    unsigned char *all;                             /* the whole list, k->size each */
    int nall;
};

static const struct people_kind *kind_of(const struct listview *lv)
{
    return ((const struct people_list *)list_view_state(lv))->k;
}

static const void *row_in(const struct people_list *pl, int i)
{
    return pl->all + (size_t)i * pl->k->size;
}

static bool matches(const struct people_list *pl, const void *row, const char *filter)
{
    if (!filter)
        return true;
    char *name = fold_for_search(pl->k->name(row)), *want = fold_for_search(filter);
    bool ok = strstr(name, want) != NULL;
    free(name);
    free(want);
    return ok;
}

/* Where a row with this key and id would sort: the first row after it. */
static int position_after(const struct people_list *pl, const void *anchor)
{
    const char *key = pl->k->key(anchor);
    int64_t id = pl->k->id(anchor);
    int i = 0;
    while (i < pl->nall) {
        const void *r = row_in(pl, i);
        int c = strcmp(pl->k->key(r), key);
        if (c > 0 || (c == 0 && pl->k->id(r) > id))
            break;
        i++;
    }
    return i;
}

static int fetch(struct listview *lv, enum page_dir dir, const void *anchor, int limit,
                 void *rows, int *n)
{
    const struct people_list *pl = list_view_state(lv);
    const char *filter = lv_filter(lv);
    bool back = dir == PAGE_LAST || dir == PAGE_BEFORE;
    int i = dir == PAGE_FIRST ? 0 : dir == PAGE_LAST ? pl->nall - 1 : position_after(pl, anchor);
    if (dir == PAGE_BEFORE) {           /* strictly before: skip the anchor itself */
        i--;
        while (i >= 0 && pl->k->id(row_in(pl, i)) == pl->k->id(anchor))
            i--;
    }
    *n = 0;
    for (; i >= 0 && i < pl->nall && *n < limit; i += back ? -1 : 1)
        if (matches(pl, row_in(pl, i), filter))
            pl->k->copy((unsigned char *)rows + (size_t)(*n)++ * pl->k->size, row_in(pl, i));
    if (back)   /* display order */
        for (int a = 0, b = *n - 1; a < b; a++, b--) {
            /* Byte by byte: rows are of any kind's size, with no buffer to outgrow. */
            unsigned char *x = (unsigned char *)rows + (size_t)a * pl->k->size;
            unsigned char *y = (unsigned char *)rows + (size_t)b * pl->k->size;
            for (size_t j = 0; j < pl->k->size; j++) {
                unsigned char t = x[j];
                x[j] = y[j];
                y[j] = t;
            }
        }
    return STORE_OK;
}

static int get(struct listview *lv, int64_t id, void *row)
{
    const struct people_list *pl = list_view_state(lv);
    for (int i = 0; i < pl->nall; i++)
        if (pl->k->id(row_in(pl, i)) == id) {
            pl->k->copy(row, row_in(pl, i));
            return STORE_OK;
        }
    return STORE_NOT_FOUND;
}

static void release_staff(void *r) { staff_clear(r); }
static void release_pole(void *r) { pole_clear(r); }
static void release_provider(void *r) { provider_clear(r); }

static bool same(struct listview *lv, const void *a, const void *b)
{
    return kind_of(lv)->same(a, b);
}

static void draw(struct listview *lv, WINDOW *w, int y, int cols, const void *row, attr_t base)
{
    kind_of(lv)->draw(w, y, cols, row, base);
}

/* "Staff (9)", and what the keys do on the list that has the focus. */
static void title(struct listview *lv, char *buf, size_t len)
{
    const struct people_list *pl = list_view_state(lv);
    const char *keys = !lv->focused ? ""
                     : pl->k->kind == SEL_POLE ? _("   a: add  e: rename  Tab: next list")
                     : _("   a: add  e: edit  d: disable  Enter: their actions  Tab: next list");
    snprintf(buf, len, "%s (%d)%s", _(pl->k->title), pl->nall, keys);
}

/* ---- staff ---------------------------------------------------------------------------- */

static int read_staff(store *s, void **rows, int *n) { return store_staff_list(s, (struct staff **)rows, n); }
static void free_staff(void *rows, int n) { staff_list_free(rows, n); }
static void copy_staff(void *d, const void *s) { staff_copy(d, s); }
static int64_t staff_id(const void *r) { return ((const struct staff *)r)->id; }
static const char *staff_key(const void *r) { return ((const struct staff *)r)->login; }
static const char *staff_name(const void *r) { return ((const struct staff *)r)->display_name; }

static bool staff_same(const void *a, const void *b)
{
    const struct staff *x = a, *y = b;
    return x->id == y->id && x->version == y->version && x->open_actions == y->open_actions &&
           same_str(x->pole_name, y->pole_name);
}

static void count(char *buf, size_t len, int n)
{
    snprintf(buf, len, n ? ngettext("%d open", "%d open", n) : "", n);
}

static void staff_draw(WINDOW *w, int y, int cols, const void *row, attr_t base)
{
    const struct staff *st = row;
    char open[32];
    count(open, sizeof open, st->open_actions);
    int name_cols = cols - 1 - 11 - 10 - 17 - 10 - (st->disabled ? 11 : 0);
    int x = lv_col(w, y, 1, 10, st->login, base);
    x = lv_col(w, y, x, name_cols > 8 ? name_cols : 8, st->display_name, base);
    x = lv_col(w, y, x, 9, _(enum_label(&STAFF_ROLE_NAMES, (int)st->role)), base);
    x = lv_col(w, y, x, 16, st->pole_name ? st->pole_name : "-", base);
    x = lv_col(w, y, x, 9, open, base);
    if (st->disabled)
        lv_col(w, y, x, 10, _("(disabled)"), base | term_attr(ROLE_DIM));
}

static const struct people_kind staff_kind = {
    SEL_STAFF, KEYMAP_STAFF, sizeof(struct staff), N_("Staff"), read_staff, free_staff,
    copy_staff, release_staff, staff_id, staff_key, staff_name, staff_same, staff_draw,
};

/* ---- pôles ------------------------------------------------------------------------------ */

static int read_poles(store *s, void **rows, int *n) { return store_poles_list(s, (struct pole **)rows, n); }
static void free_poles(void *rows, int n) { poles_free(rows, n); }
static int64_t pole_id(const void *r) { return ((const struct pole *)r)->id; }
static const char *pole_name(const void *r) { return ((const struct pole *)r)->name; }

static void copy_pole(void *d, const void *s)
{
    const struct pole *src = s;
    struct pole *dst = d;
    *dst = *src;
    dst->name = xstrdup(src->name);
}

static bool pole_same(const void *a, const void *b)
{
    const struct pole *x = a, *y = b;
    return x->id == y->id && x->version == y->version && x->staff_count == y->staff_count;
}

static void pole_draw(WINDOW *w, int y, int cols, const void *row, attr_t base)
{
    const struct pole *p = row;
    char n[48];
    snprintf(n, sizeof n, ngettext("%d staff member", "%d staff members", p->staff_count),
             p->staff_count);
    int x = lv_col(w, y, 1, cols - 1 - 21, p->name, base);
    lv_col(w, y, x, 20, n, base);
}

static const struct people_kind pole_kind = {
    SEL_POLE, KEYMAP_POLES, sizeof(struct pole), N_("Pôles"), read_poles, free_poles,
    copy_pole, release_pole, pole_id, pole_name, pole_name, pole_same, pole_draw,
};

/* ---- providers ------------------------------------------------------------------------- */

static int read_providers(store *s, void **rows, int *n) { return store_providers_list(s, (struct provider **)rows, n); }
static void free_providers(void *rows, int n) { providers_free(rows, n); }
static void copy_provider(void *d, const void *s) { provider_copy(d, s); }
static int64_t provider_id(const void *r) { return ((const struct provider *)r)->id; }
static const char *provider_name(const void *r) { return ((const struct provider *)r)->name; }

static bool provider_same(const void *a, const void *b)
{
    const struct provider *x = a, *y = b;
    return x->id == y->id && x->version == y->version && x->open_actions == y->open_actions;
}

static void provider_draw(WINDOW *w, int y, int cols, const void *row, attr_t base)
{
    const struct provider *p = row;
    char open[32];
    count(open, sizeof open, p->open_actions);
    /* name, contact, email, open; the phone too when there is room for it */
    int rest = cols - 1 - 10 - (p->disabled ? 11 : 0);
    int phone = rest >= 90 ? 15 : 0;
    rest -= phone;
    int x = lv_col(w, y, 1, rest * 37 / 100, p->name, base);
    x = lv_col(w, y, x, rest * 26 / 100, p->contact ? p->contact : "-", base);
    x = lv_col(w, y, x, rest - rest * 37 / 100 - rest * 26 / 100 - 3, p->email ? p->email : "-",
               base);
    if (phone)
        x = lv_col(w, y, x, phone - 1, p->phone ? p->phone : "", base);
    x = lv_col(w, y, x, 9, open, base);
    if (p->disabled)
        lv_col(w, y, x, 10, _("(disabled)"), base | term_attr(ROLE_DIM));
}

static const struct people_kind provider_kind = {
    SEL_PROVIDER, KEYMAP_PROVIDERS, sizeof(struct provider), N_("Providers"), read_providers,
    free_providers, copy_provider, release_provider, provider_id, provider_name, provider_name,
    provider_same, provider_draw,
};

/* ---- the views ----------------------------------------------------------------------- */

#define PEOPLE_ROWS(T, k, release_fn, id_fn)                                         \
    { .row_size = sizeof(struct T), .fetch = fetch, .get = get, .release = release_fn, \
      .id = id_fn, .same = same, .draw = draw, .title = title }

static const struct lv_ops staff_rows = PEOPLE_ROWS(staff, staff_kind, release_staff, staff_id);
static const struct lv_ops pole_rows = PEOPLE_ROWS(pole, pole_kind, release_pole, pole_id);
static const struct lv_ops provider_rows =
    PEOPLE_ROWS(provider, provider_kind, release_provider, provider_id);

static const struct people_kind *kind_for(enum view_id id, const struct lv_ops **ops)
{
    *ops = id == VIEW_STAFF ? &staff_rows : id == VIEW_POLES ? &pole_rows : &provider_rows;
    return id == VIEW_STAFF ? &staff_kind : id == VIEW_POLES ? &pole_kind : &provider_kind;
}

static int open_view(struct view *v, const struct view_arg *arg)
{
    (void)arg;
    const struct lv_ops *ops;
    const struct people_kind *k = kind_for(v->id, &ops);
    int rc = list_open(v, sizeof(struct people_list), ops);
    ((struct people_list *)v->state)->k = k;
    v->recalc_due = true;
    return rc;
}

static void drop_all(struct people_list *pl)
{
    pl->k->free_all(pl->all, pl->nall);
    pl->all = NULL;
    pl->nall = 0;
}

static void close_view(struct view *v)
{
    if (v->state)
        drop_all(v->state);
    list_close(v);
}

static int keymaps(const struct view *v, enum keymap_id *chain, int max)
{
    const struct people_list *pl = v->state;
    int n = list_keymaps(v, pl->k->map, chain, max - 1);
    if (n == 2) {               /* own, PEOPLE, LIST (not while typing a filter) */
        chain[2] = chain[1];
        chain[1] = KEYMAP_PEOPLE;
        n = 3;
    }
    return n;
}

/* Read the whole list again, then the window from it. */
static int recalc(struct view *v)
{
    struct people_list *pl = v->state;
    void *rows = NULL;
    int n = 0;
    int rc = pl->k->read(v->ui->s, &rows, &n);
    if (rc != STORE_OK)
        return rc;
    drop_all(pl);
    pl->all = rows;
    pl->nall = n;
    lv_touch_title(&pl->list.lv);
    return list_recalc(v);
}

static enum reaction command(struct view *v, enum command cmd, bool keycode, int key)
{
    return list_command(v, cmd, keycode, key);
}

static struct selection selected(const struct view *v)
{
    const struct people_list *pl = v->state;
    const void *row = lv_selected(&pl->list.lv);
    struct selection sel = { .kind = SEL_NONE, .adds = pl->k->kind };
    if (row) {
        sel.kind = pl->k->kind;
        sel.id = pl->k->id(row);
        sel.label = pl->k->kind == SEL_STAFF ? ((const struct staff *)row)->login
                                             : pl->k->name(row);
    }
    return sel;
}

static bool reveal(struct view *v, const struct selection *what)
{
    const struct people_list *pl = v->state;
    return what->kind == pl->k->kind && list_reveal(v, what->id);
}

#define PEOPLE_VIEW_OPS { .keymaps = keymaps, .open = open_view, .close = close_view, \
    LIST_VIEW_BASICS, .recalc = recalc, .command = command, .selected = selected, \
    .reveal = reveal }

const struct view_ops staff_view_ops = PEOPLE_VIEW_OPS;
const struct view_ops poles_view_ops = PEOPLE_VIEW_OPS;
const struct view_ops providers_view_ops = PEOPLE_VIEW_OPS;
