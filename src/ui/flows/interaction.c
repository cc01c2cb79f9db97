/* interaction — the interaction form: new or edit.  Its contact is chosen among the
 * member's, or created from the form itself ("(new contact…)"), without leaving it. */
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

enum { IF_WHEN, IF_KIND, IF_POLE, IF_CONTACT, IF_SUBJECT, IF_BODY, IF_COUNT };

struct interaction_flow {
    struct flow fl;
    struct interaction_form data;     /* base record and choice lists, from core */
    struct interaction mine, theirs;
    struct choices poles, contacts;
    const char *kinds[IKIND_COUNT];
};

static char *contact_label(const struct contact *c)
{
    return c->role && c->role[0] ? xasprintf("%s (%s)", c->name, c->role) : xstrdup(c->name);
}

/* "(none)", the member's contacts, then the entry that creates one. */
static void load_contacts(struct interaction_flow *xf)
{
    struct choices *c = &xf->contacts;
    choices_add(c, _("(none)"), 0, false);
    for (int i = 0; i < xf->data.ncontacts; i++) {
        char *label = contact_label(&xf->data.contacts[i]);
        choices_add(c, label, xf->data.contacts[i].id, false);
        free(label);
    }
    choices_add(c, _("(new contact…)"), -1, false);
}

static void point_contact_field(struct interaction_flow *xf)
{
    struct form_field *fld = &xf->fl.fields[IF_CONTACT];
    choices_point(fld, &xf->contacts);
    fld->action_choice = xf->contacts.n - 1;
}

/* The entry of contact id, added before "(new contact…)" when the list lacks it (a
 * contact added since: by this form, or by someone else). */
static int contact_index(struct interaction_flow *xf, int64_t id, const char *label)
{
    struct choices *cs = &xf->contacts;
    if (!id)
        return 0;
    for (int i = 0; i < cs->n; i++)
        if (cs->ids[i] == id)
            return i;
    cs->n--;                                  /* the action entry goes last again */
    free(cs->labels[cs->n]);
    free(cs->codes[cs->n]);
    choices_add(cs, label ? label : "?", id, false);
    choices_add(cs, _("(new contact…)"), -1, false);
    point_contact_field(xf);
    return cs->n - 2;
}

/* "(new contact…)" taken: the contact form over this one; the new contact is chosen. */
static void new_contact(struct form *f, int field, void *ctx)
{
    struct interaction_flow *xf = ctx;
    struct form_field *fld = &f->fields[field];
    int64_t id = 0;
    fld->choice = fld->base_choice == fld->action_choice ? 0 : fld->base_choice;
    if (flow_contact_open(xf->fl.ui, 0, xf->data.it.member_id, NULL, &id) != FLOW_SAVED)
        return;
    struct contact c = {0};
    if (store_contact_get(xf->fl.ui->s, id, &c) == STORE_OK) {
        char *label = contact_label(&c);
        fld->choice = contact_index(xf, c.id, label);
        free(label);
        f->modified = true;
    }
    contact_clear(&c);
}

static void fill(struct flow *fl, const void *record, enum slot s)
{
    struct interaction_flow *xf = (struct interaction_flow *)fl;
    const struct interaction *it = record;
    struct form_field *f = fl->fields;
    char when[64];
    time_to_user_input(it->occurred_at, when, sizeof when);
    slot_text(&f[IF_WHEN], s, when);
    slot_choice(&f[IF_KIND], s, (int)it->kind);
    /* A pôle renamed or added since the list was read is added to it. */
    slot_choice(&f[IF_POLE], s,
                choices_find_or_add(&xf->poles, it->pole_id, false, it->pole_name));
    choices_point(&f[IF_POLE], &xf->poles);
    slot_choice(&f[IF_CONTACT], s, contact_index(xf, it->contact_id, it->contact_name));
    slot_text(&f[IF_SUBJECT], s, it->subject);
    slot_text(&f[IF_BODY], s, it->body);
}

static int take(struct flow *fl, char *err, size_t errlen)
{
    struct interaction_flow *xf = (struct interaction_flow *)fl;
    struct interaction *it = &xf->mine;
    struct form_field *f = fl->fields;
    interaction_clear(it);
    interaction_copy(it, &xf->data.it);
    /* The form shows the time to the minute: parsed back only when the user
     * changed it, so that an edit of the subject keeps the seconds (and the hour
     * of a clock change) as stored. */
    if (form_field_touched(&f[IF_WHEN]) &&
        time_parse_user(f[IF_WHEN].value, &it->occurred_at, err, errlen) != 0) {
        fl->form.focus = IF_WHEN;
        return DOMAIN_INVALID;           /* the form checked it; the clock moved? */
    }
    it->kind = (enum interaction_kind)f[IF_KIND].choice;
    it->pole_id = xf->poles.ids[f[IF_POLE].choice];
    it->contact_id = xf->contacts.ids[f[IF_CONTACT].choice];
    str_replace(&it->subject, f[IF_SUBJECT].value);
    str_replace(&it->body, flow_value(&f[IF_BODY]));
    return STORE_OK;
}

static int save(struct flow *fl, char *err, size_t errlen)
{
    struct interaction_flow *xf = (struct interaction_flow *)fl;
    int rc = fl->editing
           ? interaction_save_edit(fl->ui->s, &xf->data.it, &xf->mine, &xf->theirs,
                                   &fl->conflicts, err, errlen)
           : interaction_save(fl->ui->s, &xf->mine, err, errlen);
    if (rc == STORE_OK)
        snprintf(fl->saved_msg, sizeof fl->saved_msg, _("Saved interaction #%lld"),
                 (long long)xf->mine.id);
    return rc;
}

static const void *theirs(struct flow *fl)
{
    return &((struct interaction_flow *)fl)->theirs;
}

static void rebase(struct flow *fl)
{
    struct interaction_flow *xf = (struct interaction_flow *)fl;
    interaction_clear(&xf->data.it);
    xf->data.it = xf->theirs;
    memset(&xf->theirs, 0, sizeof xf->theirs);
}

static const void *base(struct flow *fl)
{
    return &((struct interaction_flow *)fl)->data.it;
}

static const struct flow_hooks hooks = { fill, take, save, theirs, rebase, base };

static void build(struct interaction_flow *xf, struct ui_ctx *ui, const char *title)
{
    struct flow *fl = &xf->fl;
    fl->ui = ui;
    fl->hooks = &hooks;
    fl->form.title = title;
    fl->editing = xf->data.it.id != 0;
    choices_of_poles(&xf->poles, xf->data.poles, xf->data.npoles);
    load_contacts(xf);
    for (int i = 0; i < IKIND_COUNT; i++)
        xf->kinds[i] = _(enum_label(&INTERACTION_KIND_NAMES, i));
    flow_text(fl, IF_WHEN, "when", _("When"), FIELD_DATETIME, true, 1u << INTERACTION_F_OCCURRED);
    flow_choice(fl, IF_KIND, "kind", _("Kind"), xf->kinds, INTERACTION_KIND_NAMES.code,
                IKIND_COUNT, 1u << INTERACTION_F_KIND);
    flow_choices(fl, IF_POLE, "pole", _("Pôle"), &xf->poles, 1u << INTERACTION_F_POLE);
    flow_choices(fl, IF_CONTACT, "contact", _("Contact"), &xf->contacts,
                 1u << INTERACTION_F_CONTACT);
    point_contact_field(xf);
    flow_text(fl, IF_SUBJECT, "subject", _("Subject"), FIELD_TEXT, true,
              1u << INTERACTION_F_SUBJECT);
    flow_text(fl, IF_BODY, "body", _("Body"), FIELD_LONGTEXT, false, 1u << INTERACTION_F_BODY);
    fill(fl, &xf->data.it, SLOT_VALUE);
    fill(fl, &xf->data.it, SLOT_BASE);
    fl->form.on_action = new_contact;
    fl->form.ctx = xf;
    snprintf(fl->form.ref.kind, sizeof fl->form.ref.kind, "%s",
             fl->editing ? "interaction-edit" : "interaction-new");
    fl->form.ref.id = xf->data.it.id;
    fl->form.ref.member_id = xf->data.it.member_id;
}

enum flow_result flow_interaction_open(struct ui_ctx *ui, int64_t interaction_id,
                                       int64_t member_id, struct draft *d, int64_t *id)
{
    struct interaction_flow xf;
    memset(&xf, 0, sizeof xf);
    enum flow_result r = FLOW_UNCHANGED;
    if (interaction_form_read(ui->s, interaction_id, member_id, &xf.data) != STORE_OK) {
        flow_cannot_open(ui->s, interaction_id ? SEL_INTERACTION : SEL_MEMBER,
                         interaction_id ? interaction_id : member_id);
        interaction_form_free(&xf.data);
        return r;
    }
    char *title = interaction_id ? xstrdup(_("Edit interaction"))
                                 : xasprintf(_("New interaction — %s"), xf.data.member_name);
    build(&xf, ui, title);
    if (d)
        flow_restore(&xf.fl, d);
    r = flow_run(&xf.fl);
    if (r == FLOW_SAVED && id)
        *id = xf.mine.id;
    flow_free(&xf.fl);
    free(title);
    interaction_clear(&xf.mine);
    interaction_clear(&xf.theirs);
    interaction_form_free(&xf.data);
    choices_free(&xf.poles);
    choices_free(&xf.contacts);
    return r;
}

enum flow_result flow_interaction_new(struct ui_ctx *ui, int64_t member_id, int64_t *new_id)
{
    return flow_interaction_open(ui, 0, member_id, NULL, new_id);
}

enum flow_result flow_interaction_edit(struct ui_ctx *ui, int64_t interaction_id)
{
    return flow_interaction_open(ui, interaction_id, 0, NULL, NULL);
}
