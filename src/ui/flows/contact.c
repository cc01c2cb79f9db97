/* contact — the people of a member: add, edit, retire.  Opened from the member's
 * detail, or from the interaction form when the person who calls is new. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flows_priv.h"
#include "suivi/base/i18n.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/domain.h"
#include "suivi/core/forms.h"
#include "suivi/core/validate.h"
#include "suivi/ui/draft.h"
#include "suivi/ui/term.h"

enum { CF_MEMBER, CF_NAME, CF_ROLE, CF_EMAIL, CF_PHONE, CF_COUNT };

struct contact_flow {
    struct flow fl;
    struct contact base, mine, theirs;
};

static void fill(struct flow *fl, const void *record, enum slot s)
{
    const struct contact *c = record;
    struct form_field *f = fl->fields;
    slot_text(&f[CF_NAME], s, c->name);
    slot_text(&f[CF_ROLE], s, c->role);
    slot_text(&f[CF_EMAIL], s, c->email);
    slot_text(&f[CF_PHONE], s, c->phone);
}

static int take(struct flow *fl, char *err, size_t errlen)
{
    struct contact_flow *cf = (struct contact_flow *)fl;
    struct form_field *f = fl->fields;
    (void)err;
    (void)errlen;
    contact_clear(&cf->mine);
    contact_copy(&cf->mine, &cf->base);
    str_replace(&cf->mine.name, f[CF_NAME].value);
    str_replace(&cf->mine.role, flow_value(&f[CF_ROLE]));
    str_replace(&cf->mine.email, flow_value(&f[CF_EMAIL]));
    str_replace(&cf->mine.phone, flow_value(&f[CF_PHONE]));
    return STORE_OK;
}

/* A contact is saved whole against its version; when someone else saved it first,
 * their record comes back, and the form merges field by field (flows.c). */
static int save(struct flow *fl, char *err, size_t errlen)
{
    struct contact_flow *cf = (struct contact_flow *)fl;
    int rc = contact_save(fl->ui->s, &cf->mine, err, errlen);
    if (rc == STORE_OK) {
        snprintf(fl->saved_msg, sizeof fl->saved_msg, _("Saved contact %s"), cf->mine.name);
    } else if (rc == STORE_CONFLICT) {
        contact_clear(&cf->theirs);
        int got = store_contact_get(fl->ui->s, cf->base.id, &cf->theirs);
        if (got != STORE_OK)
            return domain_explain(fl->ui->s, got, err, errlen);
    }
    return rc;
}

static const void *theirs(struct flow *fl)
{
    return &((struct contact_flow *)fl)->theirs;
}

static void rebase(struct flow *fl)
{
    struct contact_flow *cf = (struct contact_flow *)fl;
    contact_clear(&cf->base);
    cf->base = cf->theirs;
    memset(&cf->theirs, 0, sizeof cf->theirs);
}

static const void *base(struct flow *fl)
{
    return &((struct contact_flow *)fl)->base;
}

static const struct flow_hooks hooks = { fill, take, save, theirs, rebase, base };

enum flow_result flow_contact_open(struct ui_ctx *ui, int64_t contact_id, int64_t member_id,
                                   struct draft *d, int64_t *id)
{
    struct contact_flow cf;
    struct contact_form data;
    memset(&cf, 0, sizeof cf);
    if (contact_form_read(ui->s, contact_id, member_id, &data) != STORE_OK) {
        flow_cannot_open(ui->s, contact_id ? SEL_CONTACT : SEL_MEMBER,
                         contact_id ? contact_id : member_id);
        contact_form_free(&data);
        return FLOW_UNCHANGED;
    }
    cf.base = data.c;
    memset(&data.c, 0, sizeof data.c);
    const char *member_name = data.member_name;
    struct flow *fl = &cf.fl;
    char *title = contact_id ? xasprintf(_("Edit contact — %s"), member_name)
                             : xasprintf(_("New contact — %s"), member_name);
    fl->ui = ui;
    fl->hooks = &hooks;
    fl->form.title = title;
    fl->editing = contact_id != 0;
    flow_text(fl, CF_MEMBER, "member", _("Member"), FIELD_READONLY, false, 0);
    form_set_value(&fl->fields[CF_MEMBER], member_name);
    flow_text(fl, CF_NAME, "name", _("Name"), FIELD_TEXT, true, 1u << CF_NAME);
    flow_text(fl, CF_ROLE, "role", _("Role"), FIELD_TEXT, false, 1u << CF_ROLE);
    flow_text(fl, CF_EMAIL, "email", _("Email"), FIELD_TEXT, false, 1u << CF_EMAIL);
    fl->fields[CF_EMAIL].check = validate_email;
    flow_text(fl, CF_PHONE, "phone", _("Phone"), FIELD_TEXT, false, 1u << CF_PHONE);
    fl->fields[CF_PHONE].check = validate_phone;
    fill(fl, &cf.base, SLOT_VALUE);
    fill(fl, &cf.base, SLOT_BASE);
    snprintf(fl->form.ref.kind, sizeof fl->form.ref.kind, "%s",
             contact_id ? "contact-edit" : "contact-new");
    fl->form.ref.id = contact_id;
    fl->form.ref.member_id = cf.base.member_id;
    if (d)
        flow_restore(fl, d);
    enum flow_result r = flow_run(fl);
    if (r == FLOW_SAVED && id)
        *id = cf.mine.id;
    flow_free(fl);
    free(title);
    contact_clear(&cf.base);
    contact_clear(&cf.mine);
    contact_clear(&cf.theirs);
    contact_form_free(&data);
    return r;
}

enum flow_result flow_contact_retire(struct ui_ctx *ui, int64_t contact_id)
{
    struct contact c = {0};
    char err[256] = "", q[256];
    if (store_contact_get(ui->s, contact_id, &c) != STORE_OK) {
        flow_cannot_open(ui->s, SEL_CONTACT, contact_id);
        contact_clear(&c);
        return FLOW_UNCHANGED;
    }
    bool retire = !c.retired;
    snprintf(q, sizeof q, retire ? _("Retire %s (no longer offered for new interactions)? (y/n)")
                                 : _("Bring %s back as an active contact? (y/n)"), c.name);
    enum flow_result r = FLOW_UNCHANGED;
    if (confirm(q)) {
        if (contact_set_retired(ui->s, contact_id, retire, err, sizeof err) == STORE_OK) {
            term_flash(false, retire ? _("%s retired") : _("%s is active again"), c.name);
            r = FLOW_SAVED;
        } else {
            flow_flash_failure(c.name, err);
        }
    } else if (term_hangup_requested()) {
        r = FLOW_HANGUP;
    }
    contact_clear(&c);
    return r;
}
