/* people — the admin forms: staff, pôles and providers (add, edit, disable), saved
 * through core (people.h), which keeps the rules (one login, one name, an admin
 * left).  The dispatcher has checked the role before any of these runs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flows_priv.h"
#include "suivi/base/i18n.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/domain.h"
#include "suivi/core/forms.h"
#include "suivi/core/people.h"
#include "suivi/core/validate.h"
#include "suivi/ui/draft.h"
#include "suivi/ui/term.h"

/* The record a form edits: one of the three. */
struct people_rec {
    struct staff staff;
    struct pole pole;
    struct provider provider;
};

/* One form for the three: the record it edits (the base, and the form's values
 * written into it to save), and after a conflict the record stored now. */
struct people_flow {
    struct flow fl;
    enum sel_kind kind;
    struct people_rec rec, theirs;
    struct choices poles;
    const char *roles[SROLE_COUNT];
};

enum { STF_LOGIN, STF_NAME, STF_POLE, STF_ROLE };
enum { POF_NAME };
enum { PRF_NAME, PRF_CONTACT, PRF_EMAIL, PRF_PHONE };

static void rec_clear(struct people_rec *r)
{
    staff_clear(&r->staff);
    pole_clear(&r->pole);
    provider_clear(&r->provider);
}

static void fill(struct flow *fl, const void *record, enum slot s)
{
    struct people_flow *pf = (struct people_flow *)fl;
    const struct people_rec *r = record;
    struct form_field *f = fl->fields;
    if (pf->kind == SEL_STAFF) {
        slot_text(&f[STF_LOGIN], s, r->staff.login);
        slot_text(&f[STF_NAME], s, r->staff.display_name);
        slot_choice(&f[STF_POLE], s, choices_find_or_add(&pf->poles, r->staff.pole_id, false,
                                                         r->staff.pole_name));
        choices_point(&f[STF_POLE], &pf->poles);
        slot_choice(&f[STF_ROLE], s, (int)r->staff.role);
    } else if (pf->kind == SEL_POLE) {
        slot_text(&f[POF_NAME], s, r->pole.name);
    } else {
        slot_text(&f[PRF_NAME], s, r->provider.name);
        slot_text(&f[PRF_CONTACT], s, r->provider.contact);
        slot_text(&f[PRF_EMAIL], s, r->provider.email);
        slot_text(&f[PRF_PHONE], s, r->provider.phone);
    }
}

static int take(struct flow *fl, char *err, size_t errlen)
{
    struct people_flow *pf = (struct people_flow *)fl;
    struct people_rec *r = &pf->rec;
    struct form_field *f = fl->fields;
    (void)err;
    (void)errlen;
    if (pf->kind == SEL_STAFF) {
        if (!r->staff.id)
            str_replace(&r->staff.login, f[STF_LOGIN].value);
        str_replace(&r->staff.display_name, f[STF_NAME].value);
        r->staff.pole_id = pf->poles.ids[f[STF_POLE].choice];
        r->staff.role = (enum staff_role)f[STF_ROLE].choice;
    } else if (pf->kind == SEL_POLE) {
        str_replace(&r->pole.name, f[POF_NAME].value);
    } else {
        str_replace(&r->provider.name, f[PRF_NAME].value);
        str_replace(&r->provider.contact, flow_value(&f[PRF_CONTACT]));
        str_replace(&r->provider.email, flow_value(&f[PRF_EMAIL]));
        str_replace(&r->provider.phone, flow_value(&f[PRF_PHONE]));
    }
    return STORE_OK;
}

/* The record as stored now, after a conflict.  A store rc. */
static int read_theirs(struct people_flow *pf, store *s)
{
    rec_clear(&pf->theirs);
    if (pf->kind == SEL_STAFF)
        return store_staff_get(s, pf->rec.staff.id, &pf->theirs.staff);
    if (pf->kind == SEL_POLE)
        return store_pole_get(s, pf->rec.pole.id, &pf->theirs.pole);
    return store_provider_get(s, pf->rec.provider.id, &pf->theirs.provider);
}

/* Saved whole against their version; when someone saved first, their record comes
 * back and the form merges field by field (flows.c). */
static int save(struct flow *fl, char *err, size_t errlen)
{
    struct people_flow *pf = (struct people_flow *)fl;
    struct people_rec *r = &pf->rec;
    store *s = fl->ui->s;
    int rc;
    if (pf->kind == SEL_STAFF)
        rc = people_staff_save(s, &r->staff, err, errlen);
    else if (pf->kind == SEL_POLE)
        rc = people_pole_save(s, &r->pole, err, errlen);
    else
        rc = people_provider_save(s, &r->provider, err, errlen);
    if (rc == STORE_OK) {
        snprintf(fl->saved_msg, sizeof fl->saved_msg, _("Saved %s"),
                 pf->kind == SEL_STAFF ? r->staff.login
                 : pf->kind == SEL_POLE ? r->pole.name : r->provider.name);
    } else if (rc == STORE_CONFLICT) {
        int got = read_theirs(pf, s);
        if (got != STORE_OK)
            return domain_explain(s, got, err, errlen);
    }
    return rc;
}

static const void *theirs(struct flow *fl)
{
    return &((struct people_flow *)fl)->theirs;
}

static void rebase(struct flow *fl)
{
    struct people_flow *pf = (struct people_flow *)fl;
    rec_clear(&pf->rec);
    pf->rec = pf->theirs;
    memset(&pf->theirs, 0, sizeof pf->theirs);
}

static const void *base(struct flow *fl)
{
    return &((struct people_flow *)fl)->rec;
}

static const struct flow_hooks hooks = { fill, take, save, theirs, rebase, base };

static bool check_login(const char *v, char *err, size_t errlen)
{
    return people_login_valid(v, err, errlen);
}

static void staff_fields(struct people_flow *pf)
{
    struct flow *fl = &pf->fl;
    for (int i = 0; i < SROLE_COUNT; i++)
        pf->roles[i] = _(enum_label(&STAFF_ROLE_NAMES, i));
    flow_text(fl, STF_LOGIN, "login", _("Login"),
              pf->rec.staff.id ? FIELD_READONLY : FIELD_TEXT, true, 0);
    fl->fields[STF_LOGIN].check = check_login;
    flow_text(fl, STF_NAME, "name", _("Name"), FIELD_TEXT, true, 0);
    flow_choices(fl, STF_POLE, "pole", _("Pôle"), &pf->poles, 0);
    flow_choice(fl, STF_ROLE, "role", _("Role"), pf->roles, STAFF_ROLE_NAMES.code, SROLE_COUNT,
                0);
}

static void provider_fields(struct people_flow *pf)
{
    struct flow *fl = &pf->fl;
    flow_text(fl, PRF_NAME, "name", _("Name"), FIELD_TEXT, true, 0);
    flow_text(fl, PRF_CONTACT, "contact", _("Contact"), FIELD_TEXT, false, 0);
    flow_text(fl, PRF_EMAIL, "email", _("Email"), FIELD_TEXT, false, 0);
    fl->fields[PRF_EMAIL].check = validate_email;
    flow_text(fl, PRF_PHONE, "phone", _("Phone"), FIELD_TEXT, false, 0);
    fl->fields[PRF_PHONE].check = validate_phone;
}

/* The record to edit (id 0: a new one) read into pf, with the pôles a staff member
 * may belong to (*poles, from the same snapshot). */
static int read_record(struct people_flow *pf, store *s, int64_t id, struct staff_form *data)
{
    if (pf->kind == SEL_STAFF) {
        int rc = staff_form_read(s, id, data);
        pf->rec.staff = data->st;
        memset(&data->st, 0, sizeof data->st);
        return rc;
    }
    if (pf->kind == SEL_POLE)
        return id ? store_pole_get(s, id, &pf->rec.pole) : STORE_OK;
    return id ? store_provider_get(s, id, &pf->rec.provider) : STORE_OK;
}

static const char *title_of(enum sel_kind kind, bool editing)
{
    if (kind == SEL_STAFF)
        return editing ? _("Edit staff member") : _("New staff member");
    if (kind == SEL_POLE)
        return editing ? _("Rename pôle") : _("New pôle");
    return editing ? _("Edit provider") : _("New provider");
}

static const char *const draft_kinds[][2] = {
    { "staff-new", "staff-edit" }, { "pole-new", "pole-edit" },
    { "provider-new", "provider-edit" },
};

enum flow_result flow_people_open(struct ui_ctx *ui, enum sel_kind kind, int64_t id,
                                  struct draft *d, int64_t *saved_id)
{
    struct people_flow pf;
    memset(&pf, 0, sizeof pf);
    pf.kind = kind;
    struct staff_form data;
    memset(&data, 0, sizeof data);
    int rc = read_record(&pf, ui->s, id, &data);
    enum flow_result r = FLOW_UNCHANGED;
    if (rc != STORE_OK) {
        flow_cannot_open(ui->s, kind, id);
    } else {
        struct flow *fl = &pf.fl;
        choices_of_poles(&pf.poles, data.poles, data.npoles);
        fl->ui = ui;
        fl->hooks = &hooks;
        fl->editing = id != 0;
        fl->form.title = title_of(kind, id != 0);
        if (kind == SEL_STAFF)
            staff_fields(&pf);
        else if (kind == SEL_POLE)
            flow_text(fl, POF_NAME, "name", _("Name"), FIELD_TEXT, true, 0);
        else
            provider_fields(&pf);
        fill(fl, &pf.rec, SLOT_VALUE);
        fill(fl, &pf.rec, SLOT_BASE);
        int k = kind == SEL_STAFF ? 0 : kind == SEL_POLE ? 1 : 2;
        snprintf(fl->form.ref.kind, sizeof fl->form.ref.kind, "%s", draft_kinds[k][id != 0]);
        fl->form.ref.id = id;
        if (d)
            flow_restore(fl, d);
        r = flow_run(fl);
        if (r == FLOW_SAVED && saved_id)
            *saved_id = kind == SEL_STAFF ? pf.rec.staff.id : kind == SEL_POLE
                      ? pf.rec.pole.id : pf.rec.provider.id;
        flow_free(fl);
    }
    staff_form_free(&data);
    choices_free(&pf.poles);
    rec_clear(&pf.rec);
    rec_clear(&pf.theirs);
    return r;
}

/* d: disable a staff member or provider (asks first), or enable one again. */
enum flow_result flow_people_disable(struct ui_ctx *ui, enum sel_kind kind, int64_t id)
{
    struct staff st = {0};
    struct provider pv = {0};
    char err[256] = "", q[300];
    int rc = kind == SEL_STAFF ? store_staff_get(ui->s, id, &st)
           : kind == SEL_PROVIDER ? store_provider_get(ui->s, id, &pv) : STORE_NOT_FOUND;
    enum flow_result r = FLOW_UNCHANGED;
    bool *disabled = kind == SEL_STAFF ? &st.disabled : &pv.disabled;
    const char *name = kind == SEL_STAFF ? st.login : pv.name;
    if (kind != SEL_STAFF && kind != SEL_PROVIDER) {
        term_flash(true, "%s", _("Only a staff member or a provider can be disabled"));
    } else if (rc != STORE_OK) {
        flow_cannot_open(ui->s, kind, id);
    } else {
        snprintf(q, sizeof q, *disabled ? _("Enable %s again? (y/n)")
                                        : _("Disable %s (kept with its history, no longer "
                                            "assignable)? (y/n)"), name);
        if (confirm(q)) {
            *disabled = !*disabled;
            rc = kind == SEL_STAFF ? people_staff_save(ui->s, &st, err, sizeof err)
                                   : people_provider_save(ui->s, &pv, err, sizeof err);
            if (rc == STORE_OK) {
                term_flash(false, *disabled ? _("%s disabled") : _("%s enabled"), name);
                r = FLOW_SAVED;
            } else {
                flow_flash_failure(name, err);
            }
        } else if (term_hangup_requested()) {
            r = FLOW_HANGUP;
        }
    }
    staff_clear(&st);
    provider_clear(&pv);
    return r;
}
