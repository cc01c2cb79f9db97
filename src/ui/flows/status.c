/* status — what is said about an action: a status change with its comment (a
 * resolution when it closes), and notes, each with who may read it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flows_priv.h"
#include "suivi/base/i18n.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/domain.h"
#include "suivi/ui/draft.h"
#include "suivi/ui/term.h"

enum { SF_STATUS, SF_TEXT, SF_VISIBILITY, SF_COUNT };

struct status_flow {
    struct flow fl;
    struct action base, mine, theirs;   /* only the status and id matter */
    enum note_visibility visibility;
    const char *statuses[ASTATUS_COUNT], *visibilities[NOTE_VIS_COUNT];
};

static void fill(struct flow *fl, const void *record, enum slot s)
{
    const struct action *a = record;
    slot_choice(&fl->fields[SF_STATUS], s, (int)a->status);
}

static int take(struct flow *fl, char *err, size_t errlen)
{
    struct status_flow *sf = (struct status_flow *)fl;
    (void)err;
    (void)errlen;
    sf->mine.status = (enum action_status)fl->fields[SF_STATUS].choice;
    sf->visibility = (enum note_visibility)fl->fields[SF_VISIBILITY].choice;
    return STORE_OK;
}

static int save(struct flow *fl, char *err, size_t errlen)
{
    struct status_flow *sf = (struct status_flow *)fl;
    int waited = 0;
    struct status_change chg = {
        .from = sf->base.status, .to = sf->mine.status,
        .text = flow_value(&fl->fields[SF_TEXT]), .visibility = sf->visibility,
        .waited_days = &waited,
    };
    enum action_status now = sf->base.status;
    int rc = action_change_status(fl->ui->s, sf->base.id, &chg, &now, err, errlen);
    if (rc == STORE_CONFLICT) {
        sf->theirs.status = now;
        fl->conflicts = 1u << ACTION_F_STATUS;
    } else if (rc == STORE_OK) {
        const char *to = _(enum_label(&ACTION_STATUS_NAMES, (int)chg.to));
        if (waited)
            snprintf(fl->saved_msg, sizeof fl->saved_msg,
                     ngettext("Action #%lld: %s; due %d working day later (the wait on the "
                              "member does not count)",
                              "Action #%lld: %s; due %d working days later (the wait on the "
                              "member does not count)", waited),
                     (long long)sf->base.id, to, waited);
        else
            snprintf(fl->saved_msg, sizeof fl->saved_msg, _("Action #%lld: %s"),
                     (long long)sf->base.id, to);
    } else if (rc == DOMAIN_INVALID && !action_status_is_open(chg.to)) {
        fl->form.focus = SF_TEXT;
    }
    return rc;
}

static const void *theirs(struct flow *fl)
{
    return &((struct status_flow *)fl)->theirs;
}

static void rebase(struct flow *fl)
{
    struct status_flow *sf = (struct status_flow *)fl;
    sf->base.status = sf->theirs.status;
}

static const void *base(struct flow *fl)
{
    return &((struct status_flow *)fl)->base;
}

static const struct flow_hooks status_hooks = { fill, take, save, theirs, rebase, base };

static void labels(struct status_flow *sf)
{
    for (int i = 0; i < ASTATUS_COUNT; i++)
        sf->statuses[i] = _(enum_label(&ACTION_STATUS_NAMES, i));
    for (int i = 0; i < NOTE_VIS_COUNT; i++)
        sf->visibilities[i] = _(enum_label(&NOTE_VISIBILITY_NAMES, i));
}

static void visibility_field(struct status_flow *sf, int i)
{
    flow_choice(&sf->fl, i, "visibility", _("Visible to"), sf->visibilities,
                NOTE_VISIBILITY_NAMES.code, NOTE_VIS_COUNT, 0);
}

/* The form of a change from the action's status to `to`. */
static void build_status(struct status_flow *sf, struct ui_ctx *ui, enum action_status to,
                         char *title)
{
    struct flow *fl = &sf->fl;
    fl->ui = ui;
    fl->hooks = &status_hooks;
    fl->form.title = title;
    fl->editing = false;          /* the status may stay: the comment alone is news */
    labels(sf);
    flow_choice(fl, SF_STATUS, "status", _("Status"), sf->statuses, ACTION_STATUS_NAMES.code,
                ASTATUS_COUNT, 1u << ACTION_F_STATUS);
    bool closing = !action_status_is_open(to);
    /* Not "required" on the form: core says why a closing needs it. */
    flow_text(fl, SF_TEXT, "text", closing ? _("Resolution") : _("Comment"), FIELD_LONGTEXT,
              false, 0);
    visibility_field(sf, SF_VISIBILITY);
    fill(fl, &sf->base, SLOT_BASE);
    fl->fields[SF_STATUS].choice = (int)to;
    if (store_provider_only(ui->s))        /* all a provider's login may write */
        fl->fields[SF_VISIBILITY].choice = NOTE_PROVIDER;
    fl->form.focus = SF_TEXT;
    snprintf(fl->form.ref.kind, sizeof fl->form.ref.kind, "status");
    fl->form.ref.id = sf->base.id;
    fl->form.ref.member_id = sf->base.member_id;
}

/* Which status: a menu, unless a draft says it already. */
static int pick_status(const struct action *a, const struct status_flow *sf, struct draft *d)
{
    if (d) {
        for (int i = 0; i < d->nfields; i++)
            if (strcmp(d->fields[i].key, "status") == 0 && d->fields[i].value)
                return enum_from_code(&ACTION_STATUS_NAMES, d->fields[i].value);
        return (int)a->status;
    }
    char *title = xasprintf(_("Status of action #%lld"), (long long)a->id);
    int pick = picker_run(title, sf->statuses, ASTATUS_COUNT, (int)a->status);
    free(title);
    return pick;
}

/* The action a status change or a note is about; false (said) when it is gone. */
static bool read_action(struct ui_ctx *ui, int64_t action_id, struct status_flow *sf)
{
    memset(sf, 0, sizeof *sf);
    if (store_action_get(ui->s, action_id, &sf->base) == STORE_OK)
        return true;
    flow_cannot_open(ui->s, SEL_ACTION, action_id);
    action_clear(&sf->base);
    return false;
}

/* The change to `pick` (-1 cancelled, -2 hang-up) of the action read into sf. */
static enum flow_result change_to(struct ui_ctx *ui, struct status_flow *sf, int pick,
                                  struct draft *d)
{
    int64_t action_id = sf->base.id;
    enum flow_result r = FLOW_UNCHANGED;
    if (pick == -2) {
        r = FLOW_HANGUP;
    } else if (pick >= 0 && (pick != (int)sf->base.status || d)) {
        const char *arrow = san_locale_is_utf8() ? " \u2192 " : " -> ";
        char *title = xasprintf(_("Action #%lld: %s%s%s"), (long long)action_id,
                                sf->statuses[sf->base.status], arrow, sf->statuses[pick]);
        build_status(sf, ui, (enum action_status)pick, title);
        if (d)
            flow_restore(&sf->fl, d);
        r = flow_run(&sf->fl);
        flow_free(&sf->fl);
        free(title);
    } else if (pick >= 0) {
        term_flash(false, _("Action #%lld is already %s (c adds a note)"), (long long)action_id,
                   sf->statuses[pick]);
    }
    action_clear(&sf->base);
    return r;
}

enum flow_result flow_action_status(struct ui_ctx *ui, int64_t action_id, struct draft *d)
{
    struct status_flow sf;
    if (!read_action(ui, action_id, &sf))
        return FLOW_UNCHANGED;
    labels(&sf);
    return change_to(ui, &sf, pick_status(&sf.base, &sf, d), d);
}

enum flow_result flow_action_done(struct ui_ctx *ui, int64_t action_id)
{
    struct status_flow sf;
    if (!read_action(ui, action_id, &sf))
        return FLOW_UNCHANGED;
    labels(&sf);
    return change_to(ui, &sf, ASTATUS_DONE, NULL);
}

/* ---- notes -------------------------------------------------------------------------- */

enum { NF_VISIBILITY, NF_BODY, NF_COUNT };

static void fill_nothing(struct flow *fl, const void *record, enum slot s)
{
    (void)fl;
    (void)record;
    (void)s;
}

static int take_nothing(struct flow *fl, char *err, size_t errlen)
{
    (void)fl;
    (void)err;
    (void)errlen;
    return STORE_OK;
}

static int save_note(struct flow *fl, char *err, size_t errlen)
{
    struct status_flow *sf = (struct status_flow *)fl;
    struct note n = {
        .action_id = sf->base.id, .body = xstrdup(fl->fields[NF_BODY].value),
        .visibility = (enum note_visibility)fl->fields[NF_VISIBILITY].choice,
    };
    int rc = note_add(fl->ui->s, &n, err, errlen);
    if (rc == STORE_OK)
        snprintf(fl->saved_msg, sizeof fl->saved_msg, _("Note added to action #%lld (%s)"),
                 (long long)sf->base.id, sf->visibilities[n.visibility]);
    note_clear(&n);
    return rc;
}

static const struct flow_hooks note_hooks = { fill_nothing, take_nothing, save_note, base,
                                              rebase, base };

enum flow_result flow_note_add(struct ui_ctx *ui, int64_t action_id, struct draft *d)
{
    struct status_flow sf;
    if (!read_action(ui, action_id, &sf))
        return FLOW_UNCHANGED;
    struct flow *fl = &sf.fl;
    labels(&sf);
    char *title = xasprintf(_("Note on action #%lld — %s"), (long long)action_id,
                            sf.base.title ? sf.base.title : "");
    fl->ui = ui;
    fl->hooks = &note_hooks;
    fl->form.title = title;
    visibility_field(&sf, NF_VISIBILITY);
    if (store_provider_only(ui->s))        /* all a provider's login may write */
        fl->fields[NF_VISIBILITY].choice = NOTE_PROVIDER;
    flow_text(fl, NF_BODY, "body", _("Note"), FIELD_LONGTEXT, true, 0);
    fl->form.focus = NF_BODY;
    snprintf(fl->form.ref.kind, sizeof fl->form.ref.kind, "note");
    fl->form.ref.id = action_id;
    fl->form.ref.member_id = sf.base.member_id;
    if (d)
        flow_restore(fl, d);
    enum flow_result r = flow_run(fl);
    flow_free(fl);
    free(title);
    action_clear(&sf.base);
    return r;
}
