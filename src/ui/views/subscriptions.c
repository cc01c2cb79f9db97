/* subscriptions — u: a member's subscriptions to the syndicate's services, by
 * service then since: the service, since, until, the convention's reference, and
 * whether it runs today.  Admins change them here: a adds one, e or Enter changes
 * the selected one, x ends it (on a day offered as today), R removes one entered by
 * mistake; anyone else reads them (the keys' needs say so, the store checks again).
 *
 * A member has a few, so the list is read whole at each recalc (other sessions'
 * writes too) and paged from memory in its order, (service, since, id), so that
 * the listview's anchors work as they do on the database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lists.h"
#include "suivi/base/xalloc.h"
#include "suivi/store/usage.h"
#include "suivi/ui/flows.h"
#include "suivi/ui/term.h"

struct subscriptions_view {
    struct list_state list;
    int64_t member_id;
    char *member_name;
    struct subscription *all;
    int nall;
};

static void copy_sub(struct subscription *d, const struct subscription *s)
{
    *d = *s;
    d->service_code = s->service_code ? xstrdup(s->service_code) : NULL;
    d->service_name = s->service_name ? xstrdup(s->service_name) : NULL;
    d->since = s->since ? xstrdup(s->since) : NULL;
    d->until = s->until ? xstrdup(s->until) : NULL;
    d->convention = s->convention ? xstrdup(s->convention) : NULL;
}

static int compare(const void *pa, const void *pb)
{
    const struct subscription *a = pa, *b = pb;
    int c = strcmp(a->service_name ? a->service_name : "", b->service_name ? b->service_name
                                                                           : "");
    if (c == 0)
        c = strcmp(a->since ? a->since : "", b->since ? b->since : "");
    return c ? c : (a->id > b->id) - (a->id < b->id);
}

static void copy_row(void *dst, const void *src)
{
    copy_sub(dst, src);
}

static int64_t row_id(const void *row)
{
    return ((const struct subscription *)row)->id;
}

static struct mem_list rows_of(const struct subscriptions_view *sv)
{
    return (struct mem_list){ .all = sv->all, .n = sv->nall, .size = sizeof *sv->all,
                              .order = compare, .copy = copy_row, .id = row_id };
}

static int fetch(struct listview *lv, enum page_dir dir, const void *anchor, int limit,
                 void *rows, int *n)
{
    struct mem_list m = rows_of(list_view_state(lv));
    return mem_fetch(&m, dir, anchor, limit, rows, n);
}

static int get(struct listview *lv, int64_t id, void *row)
{
    struct mem_list m = rows_of(list_view_state(lv));
    return mem_get(&m, id, row);
}

static void release(void *row)
{
    subscription_clear(row);
}

static bool same(struct listview *lv, const void *a, const void *b)
{
    const struct subscription *x = a, *y = b;
    (void)lv;
    return x->id == y->id && same_str(x->service_name, y->service_name) &&
           same_str(x->since, y->since) && same_str(x->until, y->until) &&
           same_str(x->convention, y->convention);
}

/* Runs today, ended, or begins later (a convention signed ahead). */
static const char *state(const struct subscription *b, const char *today)
{
    if (b->since && strcmp(b->since, today) > 0)
        return _("later");
    if (b->until && strcmp(b->until, today) < 0)
        return _("ended");
    return _("running");
}

/* service, since, until, state, convention. */
static void draw(struct listview *lv, WINDOW *w, int y, int cols, const void *row, attr_t base)
{
    const struct subscription *b = row;
    const struct ui_ctx *ui = list_ui(lv);
    char since[64], until[64];
    view_format_date(ui, b->since, since, sizeof since);
    if (b->until)
        view_format_date(ui, b->until, until, sizeof until);
    else
        snprintf(until, sizeof until, "%s", _("no end"));
    int state_cols = 8, service = cols - 1 - 2 * (ui->date_cols + 1) - (state_cols + 1) - 18;
    service = service < 12 ? 12 : service > 40 ? 40 : service;
    int x = lv_col(w, y, 1, service, b->service_name, base);
    x = lv_col(w, y, x, ui->date_cols, since, base);
    x = lv_col(w, y, x, ui->date_cols > 7 ? ui->date_cols : 7, until, base);
    x = lv_col(w, y, x, state_cols, state(b, ui->today), base);
    if (x < cols)
        lv_col(w, y, x, cols - x, b->convention ? b->convention : "-", base);
}

static void title(struct listview *lv, char *buf, size_t len)
{
    const struct subscriptions_view *sv = list_view_state(lv);
    const struct ui_ctx *ui = list_ui(lv);
    char what[160];
    view_title(what, sizeof what, _("Subscriptions"), sv->member_name);
    const char *keys = !role_can(&ui->me, VERB_ADMIN) ? _("   (an admin's to change)")
                       : lv->width >= 78 ? _("   a: new  e: change  x: end  R: remove")
                       : lv->width >= 60 ? _("   a e x R") : "";
    snprintf(buf, len, "%s (%d)%s", what, sv->nall, keys);
}

static const struct lv_ops subscription_rows = {
    .row_size = sizeof(struct subscription), .fetch = fetch, .get = get,
    .release = release, .id = row_id, .same = same, .draw = draw, .title = title,
};

static int open_view(struct view *v, const struct view_arg *arg)
{
    struct member m = {0};
    int rc = store_member_get(v->ui->s, arg->id, &m);
    if (rc != STORE_OK) {
        member_clear(&m);
        return rc;
    }
    rc = list_open(v, sizeof(struct subscriptions_view), &subscription_rows);
    struct subscriptions_view *sv = v->state;
    if (sv) {
        sv->member_id = m.id;
        sv->member_name = xstrdup(m.name ? m.name : "?");
    }
    member_clear(&m);
    v->recalc_due = true;
    return rc;
}

static void close_view(struct view *v)
{
    struct subscriptions_view *sv = v->state;
    if (sv) {
        subscriptions_free(sv->all, sv->nall);
        free(sv->member_name);
    }
    list_close(v);
}

static int keymaps(const struct view *v, enum keymap_id *chain, int max)
{
    return list_keymaps(v, KEYMAP_SUBSCRIPTIONS, chain, max);
}

/* Read the member's subscriptions again (other sessions' writes), then the window. */
static int recalc(struct view *v)
{
    struct subscriptions_view *sv = v->state;
    struct subscription *all = NULL;
    int n = 0;
    int rc = store_subscriptions_of(v->ui->s, sv->member_id, &all, &n);
    if (rc != STORE_OK)
        return rc;
    if (n > 1)                      /* qsort wants an array, even of none */
        qsort(all, (size_t)n, sizeof *all, compare);
    subscriptions_free(sv->all, sv->nall);
    sv->all = all;
    sv->nall = n;
    lv_touch_title(&sv->list.lv);
    return list_recalc(v);
}

static struct selection selected(const struct view *v)
{
    const struct subscriptions_view *sv = v->state;
    const struct subscription *b = lv_selected(&sv->list.lv);
    struct selection sel = { .kind = SEL_NONE, .adds = SEL_SUBSCRIPTION,
                             .member_id = sv->member_id, .label = sv->member_name };
    if (b) {
        sel.kind = SEL_SUBSCRIPTION;
        sel.id = b->id;
        sel.label = b->service_name;
    }
    return sel;
}

/* After a flow: saved, the list is read again with the cursor on what was saved. */
static enum reaction written(struct view *v, enum flow_result r, int64_t id)
{
    if (r == FLOW_HANGUP)
        return R_QUIT;
    if (r != FLOW_SAVED)
        return R_NONE;
    v->ui->reveal = (struct selection){ .kind = id ? SEL_SUBSCRIPTION : SEL_NONE, .id = id };
    return R_RECALC_ALL;
}

static enum reaction command(struct view *v, enum command cmd, bool keycode, int key)
{
    const struct subscriptions_view *sv = v->state;
    int64_t id = 0, at = lv_selected_id(&sv->list.lv);
    if (sv->list.lv.filtering)
        return list_command(v, cmd, keycode, key);
    switch (cmd) {
    case CMD_NEW_SUBSCRIPTION: {
        enum flow_result r = flow_subscription_open(v->ui, 0, sv->member_id, NULL, &id);
        return written(v, r, id);
    }
    case CMD_EDIT_SUBSCRIPTION: {
        enum flow_result r = flow_subscription_open(v->ui, at, sv->member_id, NULL, &id);
        return written(v, r, id);
    }
    case CMD_END_SUBSCRIPTION: {
        enum flow_result r = flow_subscription_end(v->ui, at, &id);
        return written(v, r, id);
    }
    case CMD_REMOVE_SUBSCRIPTION:
        return written(v, flow_subscription_remove(v->ui, at), 0);
    case CMD_SUBSCRIPTIONS:
        return R_NONE;                  /* here already */
    default:
        return list_command(v, cmd, keycode, key);
    }
}

static bool reveal(struct view *v, const struct selection *what)
{
    return what->kind == SEL_SUBSCRIPTION && list_reveal(v, what->id);
}

const struct view_ops subscriptions_view_ops = {
    .keymaps = keymaps, .open = open_view, .close = close_view, LIST_VIEW_BASICS,
    .recalc = recalc, .command = command, .selected = selected, .reveal = reveal,
};
