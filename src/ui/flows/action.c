/* action — the action form: new (from an interaction, or for a member) or edit.
 * Its status is changed with `s` (status.c), which asks for a comment or a
 * resolution: the form does not offer it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flows_priv.h"
#include "suivi/base/i18n.h"
#include "suivi/base/dateinput.h"
#include "suivi/base/timeutil.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/domain.h"
#include "suivi/core/forms.h"
#include "suivi/ui/draft.h"

enum { AF_MEMBER, AF_TITLE, AF_DESC, AF_ASSIGNEE, AF_POLE, AF_PRIORITY, AF_DUE, AF_COUNT };

static const char *const priority_labels[] = { "P1", "P2", "P3", "P4" };
static const char *const priority_codes[] = { "1", "2", "3", "4" };

struct action_flow {
    struct flow fl;
    struct action_form data;          /* base record and choice lists, from core */
    struct action mine, theirs;
    struct choices assignees, poles;
};

/* "(nobody)", the staff (display name and login), then the providers. */
static void load_assignees(struct action_flow *af)
{
    struct choices *c = &af->assignees;
    choices_add(c, _("(nobody)"), 0, false);
    for (int i = 0; i < af->data.nstaff; i++) {
        const struct staff *st = &af->data.staff[i];
        char *label = st->display_name && st->display_name[0]
                    ? xasprintf("%s (%s)", st->display_name, st->login) : xstrdup(st->login);
        choices_add(c, label, st->id, false);
        free(label);
    }
    for (int i = 0; i < af->data.nproviders; i++) {
        char *label = xasprintf(_("%s (provider)"), af->data.providers[i].name);
        choices_add(c, label, af->data.providers[i].id, true);
        free(label);
    }
}

static int assignee_index(struct action_flow *af, const struct action *a)
{
    bool provider = a->assignee_provider_id != 0;
    int64_t id = provider ? a->assignee_provider_id : a->assignee_staff_id;
    int i = choices_find_or_add(&af->assignees, id, provider, a->assignee_name);
    choices_point(&af->fl.fields[AF_ASSIGNEE], &af->assignees);
    return i;
}

static void fill(struct flow *fl, const void *record, enum slot s)
{
    struct action_flow *af = (struct action_flow *)fl;
    const struct action *a = record;
    struct form_field *f = fl->fields;
    slot_text(&f[AF_TITLE], s, a->title);
    slot_text(&f[AF_DESC], s, a->description);
    slot_choice(&f[AF_ASSIGNEE], s, assignee_index(af, a));
    slot_choice(&f[AF_POLE], s, choices_find_or_add(&af->poles, a->pole_id, false, a->pole_name));
    choices_point(&f[AF_POLE], &af->poles);
    slot_choice(&f[AF_PRIORITY], s, a->priority - PRIORITY_MIN);
    slot_text(&f[AF_DUE], s, a->due);
}

static int take(struct flow *fl, char *err, size_t errlen)
{
    struct action_flow *af = (struct action_flow *)fl;
    struct action *a = &af->mine;
    struct form_field *f = fl->fields;
    action_clear(a);
    action_copy(a, &af->data.a);
    int who = f[AF_ASSIGNEE].choice;
    str_replace(&a->title, f[AF_TITLE].value);
    str_replace(&a->description, flow_value(&f[AF_DESC]));
    a->assignee_staff_id = af->assignees.provider[who] ? 0 : af->assignees.ids[who];
    a->assignee_provider_id = af->assignees.provider[who] ? af->assignees.ids[who] : 0;
    a->pole_id = af->poles.ids[f[AF_POLE].choice];
    a->priority = PRIORITY_MIN + f[AF_PRIORITY].choice;
    if (!form_field_touched(&f[AF_DUE]))
        return STORE_OK;                 /* the due date as stored */
    free_and_null(&a->due);
    if (flow_value(&f[AF_DUE])) {
        char due[DATE_ISO_LEN];
        if (date_parse_user(f[AF_DUE].value, due, err, errlen) != 0) {
            fl->form.focus = AF_DUE;
            return DOMAIN_INVALID;
        }
        a->due = xstrdup(due);
    }
    return STORE_OK;
}

static int save(struct flow *fl, char *err, size_t errlen)
{
    struct action_flow *af = (struct action_flow *)fl;
    int rc = fl->editing
           ? action_save_edit(fl->ui->s, &af->data.a, &af->mine, &af->theirs, &fl->conflicts,
                              err, errlen)
           : action_save(fl->ui->s, &af->mine, err, errlen);
    if (rc == STORE_OK)
        snprintf(fl->saved_msg, sizeof fl->saved_msg, _("Saved action #%lld"),
                 (long long)af->mine.id);
    return rc;
}

static const void *theirs(struct flow *fl)
{
    return &((struct action_flow *)fl)->theirs;
}

static void rebase(struct flow *fl)
{
    struct action_flow *af = (struct action_flow *)fl;
    action_clear(&af->data.a);
    af->data.a = af->theirs;
    memset(&af->theirs, 0, sizeof af->theirs);
}

static const void *base(struct flow *fl)
{
    return &((struct action_flow *)fl)->data.a;
}

static const struct flow_hooks hooks = { fill, take, save, theirs, rebase, base };

static void build(struct action_flow *af, struct ui_ctx *ui, const char *title)
{
    struct flow *fl = &af->fl;
    const struct action *a = &af->data.a;
    fl->ui = ui;
    fl->hooks = &hooks;
    fl->form.title = title;
    fl->editing = a->id != 0;
    load_assignees(af);
    choices_of_poles(&af->poles, af->data.poles, af->data.npoles);
    flow_text(fl, AF_MEMBER, "member", _("Member"), FIELD_READONLY, false, 0);
    form_set_value(&fl->fields[AF_MEMBER], af->data.member_name);
    flow_text(fl, AF_TITLE, "title", _("Title"), FIELD_TEXT, true, 1u << ACTION_F_TITLE);
    flow_text(fl, AF_DESC, "description", _("Description"), FIELD_LONGTEXT, false,
              1u << ACTION_F_DESCRIPTION);
    flow_choices(fl, AF_ASSIGNEE, "assignee", _("Assignee"), &af->assignees,
                 1u << ACTION_F_ASSIGNEE);
    flow_choices(fl, AF_POLE, "pole", _("Pôle"), &af->poles, 1u << ACTION_F_POLE);
    flow_choice(fl, AF_PRIORITY, "priority", _("Priority"), priority_labels, priority_codes,
                PRIORITY_MAX - PRIORITY_MIN + 1, 1u << ACTION_F_PRIORITY);
    flow_text(fl, AF_DUE, "due", _("Due"), FIELD_DATE, false, 1u << ACTION_F_DUE);
    fill(fl, a, SLOT_VALUE);
    fill(fl, a, SLOT_BASE);
    snprintf(fl->form.ref.kind, sizeof fl->form.ref.kind, "%s",
             fl->editing ? "action-edit" : "action-new");
    fl->form.ref.id = a->id;
    fl->form.ref.member_id = a->member_id;
    fl->form.ref.parent_id = a->interaction_id;
}

enum flow_result flow_action_open(struct ui_ctx *ui, int64_t action_id, int64_t member_id,
                                  int64_t origin_id, struct draft *d, int64_t *id)
{
    struct action_flow af;
    memset(&af, 0, sizeof af);
    enum flow_result r = FLOW_UNCHANGED;
    struct sla sla;
    _Static_assert(sizeof sla.days == sizeof ui->cfg->sla_days, "[sla] is one day count per "
                   "priority");
    memcpy(sla.days, ui->cfg ? ui->cfg->sla_days : SLA_DEFAULT.days, sizeof sla.days);
    if (action_form_read(ui->s, action_id, member_id, origin_id, ui->today, &sla, &af.data)
            != STORE_OK) {
        flow_cannot_open(ui->s, action_id ? SEL_ACTION : origin_id ? SEL_INTERACTION
                                                                     : SEL_MEMBER,
                         action_id ? action_id : origin_id ? origin_id : member_id);
        action_form_free(&af.data);
        return r;
    }
    char *title = action_id ? xasprintf(_("Edit action #%lld"), (long long)action_id)
                            : xasprintf(_("New action — %s"), af.data.member_name);
    build(&af, ui, title);
    if (d)
        flow_restore(&af.fl, d);
    r = flow_run(&af.fl);
    if (r == FLOW_SAVED && id)
        *id = af.mine.id;
    flow_free(&af.fl);
    free(title);
    action_clear(&af.mine);
    action_clear(&af.theirs);
    action_form_free(&af.data);
    choices_free(&af.assignees);
    choices_free(&af.poles);
    return r;
}

enum flow_result flow_action_new(struct ui_ctx *ui, int64_t member_id,
                                 int64_t origin_interaction_id, int64_t *new_id)
{
    return flow_action_open(ui, 0, member_id, origin_interaction_id, NULL, new_id);
}

enum flow_result flow_action_edit(struct ui_ctx *ui, int64_t action_id)
{
    return flow_action_open(ui, action_id, 0, 0, NULL, NULL);
}
