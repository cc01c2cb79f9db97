/* training — F: the training sessions, newest first: day, topic, who trained (the
 * syndicate's staff, the GRETA, an independent trainer), where or online, present
 * of registered, the mean score.  `/` keeps the sessions whose topic, trainer or
 * place hold what is typed; Enter opens a session (its attendees); `a` records a
 * new one.  A provider's login sees none (the store reads it no member's people).
 *
 * Sessions are few (a few a month), so the list is read whole at recalc and paged
 * from memory in the store's order (day, then id, both descending), so that the
 * listview's keyset anchors work as they do on the database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lists.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/xalloc.h"
#include "suivi/store/training.h"
#include "suivi/ui/flows.h"
#include "suivi/ui/term.h"

#define SESSIONS_MAX 5000

struct training_view {
    struct list_state list;
    struct training_session *all;      /* as the store lists them */
    int nall;
};

static void copy_session(struct training_session *d, const struct training_session *s)
{
    *d = *s;
    d->held_on = s->held_on ? xstrdup(s->held_on) : NULL;
    d->topic = s->topic ? xstrdup(s->topic) : NULL;
    d->trainer = s->trainer ? xstrdup(s->trainer) : NULL;
    d->place = s->place ? xstrdup(s->place) : NULL;
}

static bool matches(const void *row, const void *ctx)
{
    const struct training_session *t = row;
    const char *want = ctx;
    if (!want)
        return true;
    char *text = xasprintf("%s %s %s %s", t->topic ? t->topic : "", t->trainer ? t->trainer : "",
                           t->place ? t->place : "", trainer_kind_label(t->trainer_kind));
    char *folded = fold_for_search(text);
    bool ok = strstr(folded, want) != NULL;
    free(folded);
    free(text);
    return ok;
}

/* The list's order: day, then id, newest first (the store's). */
static int order(const void *pa, const void *pb)
{
    const struct training_session *a = pa, *b = pb;
    int c = strcmp(b->held_on ? b->held_on : "", a->held_on ? a->held_on : "");
    return c ? c : (a->id < b->id) - (a->id > b->id);
}

static void copy_row(void *dst, const void *src)
{
    copy_session(dst, src);
}

static int64_t row_id(const void *row)
{
    return ((const struct training_session *)row)->id;
}

static struct mem_list rows_of(const struct training_view *tv, const char *want)
{
    return (struct mem_list){ .all = tv->all, .n = tv->nall, .size = sizeof *tv->all,
                              .order = order, .keep = matches, .ctx = want,
                              .copy = copy_row, .id = row_id };
}

static int fetch(struct listview *lv, enum page_dir dir, const void *anchor, int limit,
                 void *rows, int *n)
{
    const char *f = lv_filter(lv);
    char *want = f ? fold_for_search(f) : NULL;
    struct mem_list m = rows_of(list_view_state(lv), want);
    int rc = mem_fetch(&m, dir, anchor, limit, rows, n);
    free(want);
    return rc;
}

static int get(struct listview *lv, int64_t id, void *row)
{
    struct mem_list m = rows_of(list_view_state(lv), NULL);
    return mem_get(&m, id, row);
}

static void release(void *row)
{
    training_clear(row);
}

static bool same(struct listview *lv, const void *a, const void *b)
{
    const struct training_session *x = a, *y = b;
    (void)lv;
    return x->id == y->id && same_str(x->held_on, y->held_on) && same_str(x->topic, y->topic) &&
           x->trainer_kind == y->trainer_kind && same_str(x->trainer, y->trainer) &&
           same_str(x->place, y->place) && x->online == y->online &&
           x->attendees == y->attendees && x->present == y->present &&
           x->satisfaction == y->satisfaction;
}

/* day, topic, trainer, place (or online), present/registered, mean score. */
static void draw(struct listview *lv, WINDOW *w, int y, int cols, const void *row, attr_t base)
{
    const struct training_session *t = row;
    const struct ui_ctx *ui = list_ui(lv);
    char day[64], count[32], score[16];
    view_format_date(ui, t->held_on, day, sizeof day);
    snprintf(count, sizeof count, "%d/%d", t->present, t->attendees);
    snprintf(score, sizeof score, t->satisfaction > 0 ? "%.1f" : "-", t->satisfaction);
    int place_cols = cols >= 100 ? 20 : 12, kind_cols = 11;
    int topic = cols - 1 - (ui->date_cols + 1) - (kind_cols + 1) - (place_cols + 1) - 6 - 4;
    int x = lv_col(w, y, 1, ui->date_cols, day, base);
    x = lv_col(w, y, x, topic > 8 ? topic : 8, t->topic, base);
    x = lv_col(w, y, x, kind_cols, trainer_kind_label(t->trainer_kind), base);
    x = lv_col(w, y, x, place_cols, t->online ? _("online") : t->place ? t->place : "-", base);
    x = lv_col(w, y, x, 5, count, base);
    lv_col(w, y, x, 3, score, base);
}

static void title(struct listview *lv, char *buf, size_t len)
{
    const struct training_view *tv = list_view_state(lv);
    snprintf(buf, len, ngettext("Training sessions (%d)%s", "Training sessions (%d)%s",
                                tv->nall),
             tv->nall, lv->width >= 70 ? _("   a: new  Enter: attendees  /: find") : "");
}

static const struct lv_ops session_rows = {
    .row_size = sizeof(struct training_session), .fetch = fetch, .get = get,
    .release = release, .id = row_id, .same = same, .draw = draw, .title = title,
};

static int open_view(struct view *v, const struct view_arg *arg)
{
    (void)arg;
    int rc = list_open(v, sizeof(struct training_view), &session_rows);
    v->recalc_due = true;
    if (store_provider_only(v->ui->s))
        term_flash(false, "%s", _("A provider's login sees no training session"));
    return rc;
}

static void close_view(struct view *v)
{
    struct training_view *tv = v->state;
    if (tv)
        trainings_free(tv->all, tv->nall);
    list_close(v);
}

static int keymaps(const struct view *v, enum keymap_id *chain, int max)
{
    return list_keymaps(v, KEYMAP_TRAINING, chain, max);
}

/* Read the whole list again (other sessions' writes), then the window from it. */
static int recalc(struct view *v)
{
    struct training_view *tv = v->state;
    struct training_session *all = NULL;
    int n = 0;
    int rc = store_trainings(v->ui->s, SESSIONS_MAX, &all, &n);
    if (rc != STORE_OK)
        return rc;
    trainings_free(tv->all, tv->nall);
    tv->all = all;
    tv->nall = n;
    lv_touch_title(&tv->list.lv);
    return list_recalc(v);
}

static struct selection selected(const struct view *v)
{
    const struct training_view *tv = v->state;
    const struct training_session *t = lv_selected(&tv->list.lv);
    struct selection sel = { .kind = SEL_NONE, .adds = SEL_SESSION };
    if (t) {
        sel.kind = SEL_SESSION;
        sel.id = t->id;
        sel.label = t->topic;
    }
    return sel;
}

static enum reaction new_session(struct view *v)
{
    int64_t id = 0;
    enum flow_result r = flow_session_open(v->ui, NULL, &id);
    if (r == FLOW_HANGUP)
        return R_QUIT;
    if (r != FLOW_SAVED)
        return R_NONE;
    v->ui->open = (struct view_arg){ .view = VIEW_SESSION, .kind = SEL_SESSION, .id = id };
    return R_RECALC_ALL | R_OPEN;
}

static enum reaction command(struct view *v, enum command cmd, bool keycode, int key)
{
    const struct training_view *tv = v->state;
    if (cmd == CMD_NEW_SESSION && !tv->list.lv.filtering)
        return new_session(v);
    if (cmd == CMD_OPEN && !tv->list.lv.filtering) {
        struct selection sel = selected(v);
        v->ui->open = (struct view_arg){ .view = VIEW_SESSION, .kind = SEL_SESSION,
                                         .id = sel.id };
        return R_OPEN;
    }
    return list_command(v, cmd, keycode, key);
}

static bool reveal(struct view *v, const struct selection *what)
{
    return what->kind == SEL_SESSION && list_reveal(v, what->id);
}

const struct view_ops training_view_ops = {
    .keymaps = keymaps, .open = open_view, .close = close_view, LIST_VIEW_BASICS,
    .recalc = recalc, .command = command, .selected = selected, .reveal = reveal,
};
