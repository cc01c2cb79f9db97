/* command — see command.h.  The generic commands act on a selection, whatever view
 * it comes from: `e` edits a member from the members pane, from its detail view or
 * from a link to it, through the same flow. */
#include "suivi/ui/command.h"

#include "suivi/ui/flows.h"
#include "suivi/ui/term.h"

#define CHAIN_MAX 6

enum command command_for_key(struct screen_stack *st, bool keycode, int key)
{
    struct view *v = screen_focused(stack_top(st));
    enum keymap_id chain[CHAIN_MAX];
    int n = v ? v->ops->keymaps(v, chain, CHAIN_MAX - 1) : 0;
    /* A view typing text (a filter) takes every key that is not its own. */
    if (n == 0 || chain[0] != KEYMAP_FILTER)
        chain[n++] = KEYMAP_GLOBAL;
    return keymap_lookup_chain(chain, n, keycode, key);
}

/* ---- needs ------------------------------------------------------------------------ */

static bool is_people(enum sel_kind k)
{
    return k == SEL_STAFF || k == SEL_POLE || k == SEL_PROVIDER;
}

/* The sentence for a need the selection does not meet, or NULL when it does.  The
 * one place roles are checked: writing to staff, pôles or providers is an admin's. */
static const char *unmet(unsigned needs, const struct selection *sel, const struct me *me)
{
    if ((needs & NEED_WRITE) && is_people(sel->kind))
        needs |= NEED_ADMIN;
    if ((needs & NEED_ITEM) && sel->kind == SEL_NONE)
        return _("Nothing selected");
    if ((needs & NEED_MEMBER) && !sel->member_id)
        return _("No member selected");
    if ((needs & NEED_ACTION) && !sel->action_id)
        return _("No action selected");
    if ((needs & NEED_CONTACT) && sel->kind != SEL_CONTACT)
        return _("No contact selected (Tab selects the links of the detail)");
    if ((needs & NEED_UPDATE) && !role_can(me, VERB_UPDATE))
        return role_refusal(me, VERB_UPDATE);
    if ((needs & NEED_WRITE) && !role_can(me, VERB_WRITE))
        return role_refusal(me, VERB_WRITE);
    if ((needs & NEED_ADMIN) && !role_can(me, VERB_ADMIN))
        return role_refusal(me, VERB_ADMIN);
    return NULL;
}

/* ---- generic commands ---------------------------------------------------------------- */

/* After a flow: a write re-reads everything and shows what was written.  The id is
 * read through a pointer, after the flow that sets it has run (the order in which
 * a call's arguments are evaluated is unspecified). */
static enum reaction after_flow(struct ui_ctx *ui, enum flow_result r, enum sel_kind kind,
                                const int64_t *idp, bool focus)
{
    if (r == FLOW_HANGUP)
        return R_QUIT;
    if (r != FLOW_SAVED)
        return R_NONE;
    int64_t id = idp ? *idp : 0;
    ui->reveal = (struct selection){ .kind = id ? kind : SEL_NONE, .id = id };
    /* A write flow drew over the screen: whatever it saved, every view re-reads. */
    ui->reveal_focus = focus;
    return R_RECALC_ALL;
}

static enum reaction edit(struct ui_ctx *ui, const struct selection *sel)
{
    switch (sel->kind) {
    case SEL_MEMBER:
        return after_flow(ui, flow_member_edit(ui, sel->id), SEL_MEMBER, &sel->id, false);
    case SEL_INTERACTION:
        return after_flow(ui, flow_interaction_edit(ui, sel->id), SEL_INTERACTION, &sel->id,
                          false);
    case SEL_ACTION:
        return after_flow(ui, flow_action_edit(ui, sel->id), SEL_ACTION, &sel->id, false);
    case SEL_CONTACT:
        return after_flow(ui, flow_contact_open(ui, sel->id, sel->member_id, NULL, NULL),
                          SEL_NONE, NULL, false);
    case SEL_STAFF:
    case SEL_POLE:
    case SEL_PROVIDER:
        return after_flow(ui, flow_people_open(ui, sel->kind, sel->id, NULL, NULL), sel->kind,
                          &sel->id, false);
    default:
        term_flash(true, "%s", _("This cannot be edited here"));
        return R_NONE;
    }
}

static enum reaction open_selection(struct ui_ctx *ui, const struct selection *sel)
{
    switch (sel->kind) {
    case SEL_MEMBER:
    case SEL_INTERACTION:
    case SEL_ACTION:
        ui->open = (struct view_arg){ .view = VIEW_DETAIL, .kind = sel->kind, .id = sel->id };
        return R_OPEN;
    case SEL_STAFF:
    case SEL_PROVIDER:
        ui->open = (struct view_arg){ .view = VIEW_QUEUE, .kind = sel->kind, .id = sel->id,
                                      .label = sel->label };
        return R_OPEN;
    case SEL_CONTACT:
        return edit(ui, sel);
    default:
        term_flash(true, "%s", _("Nothing to open here"));
        return R_NONE;
    }
}

/* Is the screen under the top one the search results (n/N replace the detail)? */
static bool above_search(const struct screen_stack *st, enum view_id top)
{
    if (st->depth < 2)
        return top == VIEW_SEARCH;
    return st->screens[st->depth - 2].views[0].id == VIEW_SEARCH;
}

static enum reaction search_again(struct screen_stack *st)
{
    struct ui_ctx *ui = st->ui;
    enum flow_result r = flow_search(ui);
    if (r == FLOW_HANGUP)
        return R_QUIT;
    if (r != FLOW_SAVED)
        return R_NONE;
    bool replace = stack_top(st)->views[0].id == VIEW_SEARCH;
    ui->open = (struct view_arg){ .view = VIEW_SEARCH };
    return R_OPEN | (replace ? R_CLOSE : 0) | R_REDRAW;
}

/* n, N in a detail: the next match's detail, in place of this one if it came from
 * the results. */
static enum reaction search_step(struct screen_stack *st, int step)
{
    struct ui_ctx *ui = st->ui;
    if (ui->search.n == 0) {
        term_flash(true, "%s", _("No search yet: S searches everything"));
        return R_NONE;
    }
    int i = ui->search.current + step;
    if (i < 0 || i >= ui->search.n) {
        term_flash(false, "%s", step > 0 ? _("That was the last match") :
                                           _("That was the first match"));
        return R_NONE;
    }
    ui->search.current = i;
    flow_search_target(ui, i, &ui->open);
    bool replace = stack_top(st)->views[0].id != VIEW_SEARCH &&
                   above_search(st, stack_top(st)->views[0].id);
    term_flash(false, _("Match %d of %d"), i + 1, ui->search.n);
    return R_OPEN | (replace ? R_CLOSE : 0);
}

static enum reaction generic(struct screen_stack *st, enum command cmd,
                             const struct selection *sel)
{
    struct ui_ctx *ui = st->ui;
    struct screen *sc = stack_top(st);
    int64_t id = 0;
    int go = command_goto_view(cmd);
    if (go >= 0) {
        ui->open = (struct view_arg){ .view = (enum view_id)go };
        return R_OPEN;
    }
    switch (cmd) {
    case CMD_FOCUS_NEXT:
        screen_focus(sc, (sc->focus + 1) % sc->nviews);
        return R_NONE;
    case CMD_FOCUS_PREV:
        screen_focus(sc, (sc->focus + sc->nviews - 1) % sc->nviews);
        return R_NONE;
    case CMD_OPEN:
        return open_selection(ui, sel);
    case CMD_SEARCH:
        return search_again(st);
    case CMD_SEARCH_NEXT:
    case CMD_SEARCH_PREV:
        return search_step(st, cmd == CMD_SEARCH_NEXT ? 1 : -1);
    case CMD_EDIT:
        return edit(ui, sel);
    case CMD_NEW_MEMBER:
        return after_flow(ui, flow_member_new(ui, &id), SEL_MEMBER, &id, true);
    case CMD_NEW_INTERACTION:
        return after_flow(ui, flow_interaction_new(ui, sel->member_id, &id), SEL_INTERACTION,
                          &id, false);
    case CMD_NEW_ACTION:
        return after_flow(ui, flow_action_new(ui, sel->member_id, sel->interaction_id, &id),
                          SEL_ACTION, &id, false);
    case CMD_SUBSCRIPTIONS:
        ui->open = (struct view_arg){ .view = VIEW_SUBSCRIPTIONS, .kind = SEL_MEMBER,
                                      .id = sel->member_id };
        return R_OPEN;
    case CMD_JOURNEY:
        return after_flow(ui, flow_member_journey(ui, sel->member_id, NULL), SEL_MEMBER,
                          &sel->member_id, false);
    case CMD_SET_STATUS:
        return after_flow(ui, flow_action_status(ui, sel->action_id, NULL), SEL_ACTION,
                          &sel->action_id, false);
    case CMD_ADD_NOTE:
        return after_flow(ui, flow_note_add(ui, sel->action_id, NULL), SEL_ACTION,
                          &sel->action_id, false);
    case CMD_MAIL:
        return after_flow(ui, flow_mail(ui, sel->action_id, NULL), SEL_ACTION,
                          &sel->action_id, false);
    case CMD_APPLY_TAGGED:
        return after_flow(ui, flow_tagged(ui), SEL_NONE, NULL, false);
    case CMD_MARK_DONE:
        return after_flow(ui, flow_action_done(ui, sel->action_id), SEL_ACTION,
                          &sel->action_id, false);
    case CMD_ASSIGN:
        return after_flow(ui, flow_action_assign(ui, sel->action_id), SEL_ACTION,
                          &sel->action_id, false);
    case CMD_SET_PRIORITY:
        return after_flow(ui, flow_action_priority(ui, sel->action_id), SEL_ACTION,
                          &sel->action_id, false);
    case CMD_SET_DUE:
        return after_flow(ui, flow_action_due(ui, sel->action_id, NULL), SEL_ACTION,
                          &sel->action_id, false);
    case CMD_NEW_CONTACT:
        return after_flow(ui, flow_contact_open(ui, 0, sel->member_id, NULL, &id), SEL_NONE,
                          NULL, false);
    case CMD_PEOPLE_ADD:
        return after_flow(ui, flow_people_open(ui, sel->adds, 0, NULL, &id), sel->adds, &id,
                          false);
    case CMD_DISABLE:
        return after_flow(ui, flow_people_disable(ui, sel->kind, sel->id), sel->kind, &sel->id,
                          false);
    case CMD_RETIRE:
        return after_flow(ui, flow_contact_retire(ui, sel->id), SEL_NONE, NULL, false);
    case CMD_DRAFTS: {
        enum sel_kind kind = SEL_NONE;
        enum flow_result r = flow_drafts(ui, &kind, &id);
        return after_flow(ui, r, kind, &id, false);
    }
    case CMD_REDRAW:
        return R_REDRAW;
    case CMD_CLOSE:
        return st->depth > 1 ? R_CLOSE : R_QUIT;
    default:
        return R_NONE;
    }
}

/* Moves and typing act on the view as it is, so that a burst of them is drawn (and
 * followed by the other views) once; anything else needs the screen up to date. */
static bool acts_on_what_is_shown(enum command cmd)
{
    return cmd == CMD_NONE || (cmd >= CMD_DOWN && cmd <= CMD_LAST) ||
           (cmd >= CMD_FILTER_ACCEPT && cmd <= CMD_FILTER_KILL);
}

/* A view's handler; its R_RECALC is for itself, so it is noted on it here. */
static enum reaction view_command(struct view *v, enum command cmd, bool keycode, int key)
{
    enum reaction r = v->ops->command(v, cmd, keycode, key);
    if (r & R_RECALC)
        v->recalc_due = true;
    return r & ~R_RECALC;
}

enum reaction command_run(struct screen_stack *st, enum command cmd, bool keycode, int key)
{
    /* A view still to be read (just opened, or after another session's write) is
     * read first even for a move: keys typed ahead of its first screen move on its
     * rows, not on an empty list.  Typing is not: a filter typed in a burst is read
     * once, at its end. */
    struct view *v = screen_focused(stack_top(st));
    bool move = cmd >= CMD_DOWN && cmd <= CMD_LAST;
    if (!acts_on_what_is_shown(cmd) || (move && v && v->recalc_due)) {
        stack_sync(st);
        v = screen_focused(stack_top(st));
    }
    if (!v)
        return R_NONE;
    unsigned needs = command_needs(cmd);
    struct selection sel = v->ops->selected(v);
    if (needs) {
        const char *why = unmet(needs, &sel, &st->ui->me);
        if (why) {
            term_flash(true, "%s", why);
            return R_NONE;
        }
    }
    enum reaction r = view_command(v, cmd, keycode, key);
    /* Not the focused view's: another view of the screen may own it (v, the actions
     * pane's scope, works from the members pane too). */
    struct screen *sc = stack_top(st);
    for (int i = 0; cmd != CMD_NONE && (r & R_UNHANDLED) && i < sc->nviews; i++)
        if (&sc->views[i] != v)
            r = view_command(&sc->views[i], cmd, keycode, key);
    if (!(r & R_UNHANDLED))
        return r;
    if (cmd == CMD_NONE) {
        if (!keycode && key == 3)
            term_flash(false, "%s", _("Ctrl-C does nothing here: q quits"));
        return R_NONE;
    }
    return (r & ~R_UNHANDLED) | generic(st, cmd, &sel);
}

bool command_apply(struct screen_stack *st, enum reaction r)
{
    struct ui_ctx *ui = st->ui;
    if (r & R_QUIT)
        return true;
    if (r & R_CLOSE)
        stack_close_top(st);
    if (r & R_OPEN) {
        int rc = stack_open(st, &ui->open);
        if (rc == STACK_FULL)     /* links followed from detail to detail, 16 deep */
            term_flash(true, _("%d screens are open: close one (q) before opening another"),
                       SCREEN_STACK_MAX);
        else
            ui_report(ui, rc, view_name(ui->open.view));
        ui->open = (struct view_arg){ 0 };
    }
    if (r & R_RECALC_ALL)
        stack_flag_all(st);
    if (ui->reveal.kind != SEL_NONE) {
        stack_reveal(st, &ui->reveal, ui->reveal_focus);
        ui->reveal = (struct selection){ 0 };
        ui->reveal_focus = false;
    }
    if (r & R_REDRAW) {
        clearok(curscr, TRUE);
        stack_touch(st);
    }
    return false;
}
