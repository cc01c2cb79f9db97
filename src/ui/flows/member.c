/* member — the member form: new or edit.  The parent EPCI is typed as part of its
 * name and resolved by core (members.h) when saving. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flows_priv.h"
#include "suivi/base/i18n.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/domain.h"
#include "suivi/core/members.h"
#include "suivi/core/validate.h"
#include "suivi/ui/draft.h"
#include "suivi/ui/term.h"

enum { MF_NAME, MF_KIND, MF_STATUS, MF_SIREN, MF_DEPT, MF_PARENT, MF_COUNT };

struct member_flow {
    struct flow fl;             /* first: the hooks get a struct flow * */
    struct member base, mine, theirs;
    const char *kinds[MEMBER_KIND_COUNT], *statuses[MSTATUS_COUNT];
};

static bool check_siren(const char *value, char *err, size_t errlen)
{
    char *digits = siren_normalize(value);
    bool ok = validate_siren(digits, err, errlen);
    free(digits);
    return ok;
}

static bool check_departement(const char *value, char *err, size_t errlen)
{
    struct member m = { .departement = xstrdup(value) };
    member_normalize(&m);
    bool ok = validate_departement(m.departement, err, errlen);
    member_clear(&m);
    return ok;
}

static void fill(struct flow *fl, const void *record, enum slot s)
{
    const struct member *m = record;
    struct form_field *f = fl->fields;
    slot_text(&f[MF_NAME], s, m->name);
    slot_choice(&f[MF_KIND], s, (int)m->kind);
    slot_choice(&f[MF_STATUS], s, (int)m->status);
    slot_text(&f[MF_SIREN], s, m->siren);
    slot_text(&f[MF_DEPT], s, m->departement);
    slot_text(&f[MF_PARENT], s, m->parent_id ? m->parent_name : NULL);
}

static int take(struct flow *fl, char *err, size_t errlen)
{
    struct member_flow *mf = (struct member_flow *)fl;
    struct member *m = &mf->mine;
    struct form_field *f = fl->fields;
    member_clear(m);
    member_copy(m, &mf->base);
    str_replace(&m->name, f[MF_NAME].value);
    m->kind = (enum member_kind)f[MF_KIND].choice;
    m->status = (enum member_status)f[MF_STATUS].choice;
    str_replace(&m->siren, flow_value(&f[MF_SIREN]));
    str_replace(&m->departement, flow_value(&f[MF_DEPT]));
    if (!form_field_touched(&f[MF_PARENT]))
        return STORE_OK;            /* the same parent: no need to search */
    char *name = NULL;
    int rc = member_resolve_parent(fl->ui->s, flow_value(&f[MF_PARENT]), m->id, &m->parent_id,
                                   &name, err, errlen);
    if (rc != STORE_OK) {
        fl->form.focus = MF_PARENT;
        return rc;
    }
    free(m->parent_name);
    m->parent_name = name;
    form_set_value(&f[MF_PARENT], name);  /* show the name it resolved to */
    return STORE_OK;
}

static int save(struct flow *fl, char *err, size_t errlen)
{
    struct member_flow *mf = (struct member_flow *)fl;
    int rc = fl->editing
           ? member_save_edit(fl->ui->s, &mf->base, &mf->mine, &mf->theirs, &fl->conflicts,
                              err, errlen)
           : member_save(fl->ui->s, &mf->mine, err, errlen);
    if (rc == STORE_OK)
        snprintf(fl->saved_msg, sizeof fl->saved_msg, _("Saved member #%lld"),
                 (long long)mf->mine.id);
    return rc;
}

static const void *theirs(struct flow *fl)
{
    return &((struct member_flow *)fl)->theirs;
}

static void rebase(struct flow *fl)
{
    struct member_flow *mf = (struct member_flow *)fl;
    member_clear(&mf->base);
    mf->base = mf->theirs;
    memset(&mf->theirs, 0, sizeof mf->theirs);
}

static const void *base(struct flow *fl)
{
    return &((struct member_flow *)fl)->base;
}

static const struct flow_hooks hooks = { fill, take, save, theirs, rebase, base };

static void build(struct member_flow *mf, struct ui_ctx *ui, const char *title)
{
    struct flow *fl = &mf->fl;
    fl->ui = ui;
    fl->hooks = &hooks;
    fl->form.title = title;
    fl->editing = mf->base.id != 0;
    for (int i = 0; i < MEMBER_KIND_COUNT; i++)
        mf->kinds[i] = _(enum_label(&MEMBER_KIND_NAMES, i));
    for (int i = 0; i < MSTATUS_COUNT; i++)
        mf->statuses[i] = _(enum_label(&MEMBER_STATUS_NAMES, i));
    flow_text(fl, MF_NAME, "name", _("Name"), FIELD_TEXT, true, 1u << MEMBER_F_NAME);
    flow_choice(fl, MF_KIND, "kind", _("Kind"), mf->kinds, MEMBER_KIND_NAMES.code,
                MEMBER_KIND_COUNT, 1u << MEMBER_F_KIND);
    flow_choice(fl, MF_STATUS, "status", _("Status"), mf->statuses, MEMBER_STATUS_NAMES.code,
                MSTATUS_COUNT, 1u << MEMBER_F_STATUS);
    flow_text(fl, MF_SIREN, "siren", _("SIREN"), FIELD_TEXT, false, 1u << MEMBER_F_SIREN);
    fl->fields[MF_SIREN].check = check_siren;
    flow_text(fl, MF_DEPT, "departement", _("Département"), FIELD_TEXT, false,
              1u << MEMBER_F_DEPARTEMENT);
    fl->fields[MF_DEPT].check = check_departement;
    flow_text(fl, MF_PARENT, "parent", _("Parent EPCI"), FIELD_TEXT, false,
              1u << MEMBER_F_PARENT);
    fill(fl, &mf->base, SLOT_VALUE);
    fill(fl, &mf->base, SLOT_BASE);
    snprintf(fl->form.ref.kind, sizeof fl->form.ref.kind, "%s",
             fl->editing ? "member-edit" : "member-new");
    fl->form.ref.id = mf->base.id;
}

static enum flow_result run(struct member_flow *mf, struct ui_ctx *ui, const char *title,
                            struct draft *d, int64_t *id)
{
    build(mf, ui, title);
    if (d)
        flow_restore(&mf->fl, d);
    enum flow_result r = flow_run(&mf->fl);
    if (r == FLOW_SAVED && id)
        *id = mf->mine.id;
    flow_free(&mf->fl);
    member_clear(&mf->base);
    member_clear(&mf->mine);
    member_clear(&mf->theirs);
    return r;
}

enum flow_result flow_member_open(struct ui_ctx *ui, int64_t member_id, struct draft *d,
                                  int64_t *id)
{
    struct member_flow mf;
    memset(&mf, 0, sizeof mf);
    if (!member_id) {
        mf.base.kind = MEMBER_COMMUNE;
        mf.base.status = MSTATUS_PROSPECT;
        return run(&mf, ui, _("New member"), d, id);
    }
    if (store_member_get(ui->s, member_id, &mf.base) != STORE_OK) {
        flow_cannot_open(ui->s, SEL_MEMBER, member_id);
        member_clear(&mf.base);
        return FLOW_UNCHANGED;
    }
    return run(&mf, ui, _("Edit member"), d, id);
}

enum flow_result flow_member_new(struct ui_ctx *ui, int64_t *new_id)
{
    return flow_member_open(ui, 0, NULL, new_id);
}

enum flow_result flow_member_edit(struct ui_ctx *ui, int64_t member_id)
{
    return flow_member_open(ui, member_id, NULL, NULL);
}
