/* triage — the one-key changes of the selected action: A (who has it, chosen by
 * typing), p (its priority, a digit), d (its due date, typed as people say it).
 * Each is one audited write through core/triage.h, of that field alone.  The same
 * changes on every tagged action (;) are in tagged.c, with these menus. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flows_priv.h"
#include "suivi/base/dateinput.h"
#include "suivi/base/i18n.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/domain.h"
#include "suivi/core/triage.h"
#include "suivi/ui/chooser.h"
#include "suivi/ui/draft.h"
#include "suivi/ui/term.h"

/* The action as the user sees it now; false (said) when it cannot be read. */
static bool read_action(struct ui_ctx *ui, int64_t id, struct action *a)
{
    memset(a, 0, sizeof *a);
    if (store_action_get(ui->s, id, a) == STORE_OK)
        return true;
    flow_cannot_open(ui->s, SEL_ACTION, id);
    action_clear(a);
    return false;
}

/* Write c on the action seen as *seen, and say what happened.  A conflict counts as
 * a change for the caller: the views re-read, and the user sees the other value. */
static enum flow_result apply(struct ui_ctx *ui, const struct action *seen,
                              const struct triage_change *c, const char *done_msg)
{
    char err[256] = "";
    int changed = 0;
    int rc = triage_apply(ui->s, &seen->id, seen, 1, c, &changed, err, sizeof err);
    if (rc == STORE_OK && changed) {
        term_flash(false, "%s", done_msg);
        return FLOW_SAVED;
    }
    if (rc == STORE_OK) {
        term_flash(false, _("Action #%lld: nothing changed"), (long long)seen->id);
        return FLOW_UNCHANGED;
    }
    term_flash(true, "%s", err);
    return rc == STORE_CONFLICT ? FLOW_SAVED : FLOW_UNCHANGED;
}

/* ---- A: assign ------------------------------------------------------------------------ */

void assign_list_free(struct assign_list *l)
{
    for (int i = 0; i <= l->n && l->items; i++) {
        free(l->items[i]);
        free(l->notes[i]);
    }
    free(l->items);
    free(l->notes);
    triage_candidates_free(l->cand, l->n);
}

int assign_list_read(struct ui_ctx *ui, struct assign_list *l)
{
    memset(l, 0, sizeof *l);
    int rc = triage_candidates(ui->s, &l->cand, &l->n);
    if (rc != STORE_OK)
        return rc;
    l->items = xcalloc((size_t)l->n + 1, sizeof *l->items);
    l->notes = xcalloc((size_t)l->n + 1, sizeof *l->notes);
    l->items[0] = xstrdup(_("(nobody)"));
    l->notes[0] = xstrdup("");
    for (int i = 0; i < l->n; i++) {
        const struct triage_candidate *c = &l->cand[i];
        l->items[i + 1] = c->provider_id ? xasprintf(_("%s (provider)"), c->name)
                                         : xstrdup(c->name);
        l->notes[i + 1] = xasprintf(ngettext("%d open", "%d open", c->open_actions),
                                    c->open_actions);
    }
    return STORE_OK;
}

static int current_assignee(const struct assign_list *l, const struct action *a)
{
    for (int i = 0; i < l->n; i++)
        if ((a->assignee_staff_id && l->cand[i].staff_id == a->assignee_staff_id) ||
            (a->assignee_provider_id && l->cand[i].provider_id == a->assignee_provider_id))
            return i + 1;
    return 0;
}

int pick_assignee(struct assign_list *l, const char *title, int current,
                         struct triage_change *c, const char **who)
{
    int pick = chooser_run(title, (const char *const *)l->items, (const char *const *)l->notes,
                           l->n + 1, current);
    if (pick < 0)
        return pick;
    *c = (struct triage_change){ .fields = 1u << ACTION_F_ASSIGNEE };
    *who = NULL;
    if (pick > 0) {
        c->staff_id = l->cand[pick - 1].staff_id;
        c->provider_id = l->cand[pick - 1].provider_id;
        *who = l->cand[pick - 1].name;
    }
    return 0;
}

enum flow_result flow_action_assign(struct ui_ctx *ui, int64_t action_id)
{
    struct action a;
    if (!read_action(ui, action_id, &a))
        return FLOW_UNCHANGED;
    struct assign_list l;
    enum flow_result r = FLOW_UNCHANGED;
    if (assign_list_read(ui, &l) != STORE_OK) {
        flow_cannot_open(ui->s, SEL_ACTION, action_id);
    } else {
        char *title = xasprintf(_("Assign action #%lld"), (long long)action_id);
        struct triage_change c;
        const char *who = NULL;
        int pick = pick_assignee(&l, title, current_assignee(&l, &a), &c, &who);
        free(title);
        if (pick == -2) {
            r = FLOW_HANGUP;
        } else if (pick == 0) {
            char *msg = who ? xasprintf(_("Action #%lld: assigned to %s"), (long long)action_id,
                                        who)
                            : xasprintf(_("Action #%lld: assigned to nobody"),
                                        (long long)action_id);
            r = apply(ui, &a, &c, msg);
            free(msg);
        }
    }
    assign_list_free(&l);
    action_clear(&a);
    return r;
}

/* ---- p: priority ------------------------------------------------------------------------ */

int pick_priority(const char *title, int current, struct triage_change *c)
{
    const char *items[] = { _("P1 — most urgent"), "P2", "P3", _("P4 — least urgent") };
    int pick = picker_run(title, items, PRIORITY_MAX, current - PRIORITY_MIN);
    if (pick >= 0)
        *c = (struct triage_change){ .fields = 1u << ACTION_F_PRIORITY,
                                     .priority = pick + PRIORITY_MIN };
    return pick < 0 ? pick : 0;
}

enum flow_result flow_action_priority(struct ui_ctx *ui, int64_t action_id)
{
    struct action a;
    if (!read_action(ui, action_id, &a))
        return FLOW_UNCHANGED;
    char *title = xasprintf(_("Priority of action #%lld"), (long long)action_id);
    struct triage_change c;
    int pick = pick_priority(title, a.priority, &c);
    free(title);
    enum flow_result r = pick == -2 ? FLOW_HANGUP : FLOW_UNCHANGED;
    if (pick == 0) {
        char *msg = xasprintf(_("Action #%lld: priority P%d"), (long long)action_id,
                              c.priority);
        r = apply(ui, &a, &c, msg);
        free(msg);
    }
    action_clear(&a);
    return r;
}

/* ---- d: due date -------------------------------------------------------------------------- */

struct due_flow {
    struct flow fl;
    struct action base, theirs;
    char due[DATE_ISO_LEN];       /* what the user typed, in stored form; "" for none */
};

static void due_fill(struct flow *fl, const void *record, enum slot s)
{
    const struct action *a = record;
    slot_text(&fl->fields[0], s, a->due ? a->due : "");
}

static int due_take(struct flow *fl, char *err, size_t errlen)
{
    struct due_flow *df = (struct due_flow *)fl;
    const char *v = flow_value(&fl->fields[0]);
    df->due[0] = '\0';
    if (v && date_parse_user(v, df->due, err, errlen) != 0)
        return DOMAIN_INVALID;      /* the form checked it already: only a race of "today" */
    return STORE_OK;
}

static int due_save(struct flow *fl, char *err, size_t errlen)
{
    struct due_flow *df = (struct due_flow *)fl;
    struct triage_change c = { .fields = 1u << ACTION_F_DUE };
    memcpy(c.due, df->due, sizeof c.due);
    int rc = triage_apply(fl->ui->s, &df->base.id, &df->base, 1, &c, NULL, err, errlen);
    if (rc == STORE_CONFLICT) {
        action_clear(&df->theirs);
        if (store_action_get(fl->ui->s, df->base.id, &df->theirs) != STORE_OK)
            return rc;
        fl->conflicts = 1u << ACTION_F_DUE;
    } else if (rc == STORE_OK) {
        char shown[64];
        /* The day of the week too: "vendredi" typed, "Fri 2026-12-04" seen. */
        if (df->due[0] && date_format_user(df->due, "%a %Y-%m-%d", shown, sizeof shown) != 0)
            snprintf(shown, sizeof shown, "%s", df->due);
        if (df->due[0])
            snprintf(fl->saved_msg, sizeof fl->saved_msg, _("Action #%lld: due %s"),
                     (long long)df->base.id, shown);
        else
            snprintf(fl->saved_msg, sizeof fl->saved_msg, _("Action #%lld: no due date"),
                     (long long)df->base.id);
    }
    return rc;
}

static const void *due_theirs(struct flow *fl)
{
    return &((struct due_flow *)fl)->theirs;
}

static void due_rebase(struct flow *fl)
{
    struct due_flow *df = (struct due_flow *)fl;
    free(df->base.due);
    df->base.due = df->theirs.due ? xstrdup(df->theirs.due) : NULL;
    df->base.version = df->theirs.version;
}

static const void *due_base(struct flow *fl)
{
    return &((struct due_flow *)fl)->base;
}

static const struct flow_hooks due_hooks = { due_fill, due_take, due_save, due_theirs,
                                             due_rebase, due_base };

enum flow_result flow_action_due(struct ui_ctx *ui, int64_t action_id, struct draft *d)
{
    struct due_flow df;
    memset(&df, 0, sizeof df);
    if (!read_action(ui, action_id, &df.base))
        return FLOW_UNCHANGED;
    struct flow *fl = &df.fl;
    char *title = xasprintf(_("Due date of action #%lld — %s"), (long long)action_id,
                            df.base.title ? df.base.title : "");
    fl->ui = ui;
    fl->hooks = &due_hooks;
    fl->form.title = title;
    fl->editing = true;
    flow_text(fl, 0, "due", _("Due"), FIELD_DATE, false, 1u << ACTION_F_DUE);
    due_fill(fl, &df.base, SLOT_VALUE);
    due_fill(fl, &df.base, SLOT_BASE);
    snprintf(fl->form.ref.kind, sizeof fl->form.ref.kind, "due");
    fl->form.ref.id = action_id;
    fl->form.ref.member_id = df.base.member_id;
    if (d)
        flow_restore(fl, d);
    enum flow_result r = flow_run(fl);
    flow_free(fl);
    free(title);
    action_clear(&df.base);
    action_clear(&df.theirs);
    return r;
}
