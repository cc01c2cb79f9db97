/* journey — J: move a member along its journey.  A form of two fields, the stage
 * (the config's [journey], preset to the next expected one) and why; saved as one
 * change (core/journey.h): the member's stage, its journey's row and a key event
 * on its timeline.  Someone else's move meanwhile is a conflict shown under ours. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flows_priv.h"
#include "suivi/base/i18n.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/domain.h"
#include "suivi/core/journey.h"

enum { JF_STAGE, JF_WHY, JF_COUNT };

struct journey_flow {
    struct flow fl;
    struct member base, theirs;
    int stage;                      /* mine: an index into the config's stages */
    const char *labels[CONFIG_STAGES_MAX], *codes[CONFIG_STAGES_MAX];
};

static int index_of(const struct config *cfg, const char *code)
{
    for (int i = 0; code && i < cfg->nstages; i++)
        if (strcmp(cfg->stages[i].code, code) == 0)
            return i;
    return -1;
}

static void fill(struct flow *fl, const void *record, enum slot s)
{
    const struct member *m = record;
    int i = index_of(fl->ui->cfg, m->stage);
    slot_choice(&fl->fields[JF_STAGE], s, i < 0 ? 0 : i);
}

static int take(struct flow *fl, char *err, size_t errlen)
{
    (void)err;
    (void)errlen;
    ((struct journey_flow *)fl)->stage = fl->fields[JF_STAGE].choice;
    return STORE_OK;
}

static int save(struct flow *fl, char *err, size_t errlen)
{
    struct journey_flow *jf = (struct journey_flow *)fl;
    const struct config *cfg = fl->ui->cfg;
    const struct config_stage *to = &cfg->stages[jf->stage];
    int rc = journey_move(fl->ui->s, cfg, jf->base.id, to->code,
                          flow_value(&fl->fields[JF_WHY]), jf->base.version, err, errlen);
    if (rc == STORE_CONFLICT) {
        member_clear(&jf->theirs);
        if (store_member_get(fl->ui->s, jf->base.id, &jf->theirs) != STORE_OK)
            return rc;
        fl->conflicts = 1;
    } else if (rc == STORE_OK) {
        snprintf(fl->saved_msg, sizeof fl->saved_msg, _("%s: journey at %s"), jf->base.name,
                 to->label);
    }
    return rc;
}

static const void *theirs(struct flow *fl)
{
    return &((struct journey_flow *)fl)->theirs;
}

static void rebase(struct flow *fl)
{
    struct journey_flow *jf = (struct journey_flow *)fl;
    member_clear(&jf->base);
    member_copy(&jf->base, &jf->theirs);
}

static const void *base(struct flow *fl)
{
    return &((struct journey_flow *)fl)->base;
}

static const struct flow_hooks journey_hooks = { fill, take, save, theirs, rebase, base };

/* The stage the form offers first: what the facts propose, else the next expected
 * one, else where it is. */
static int preset(const struct config *cfg, const struct member *m,
                  const struct journey_proposal *p)
{
    if (p->to)
        return index_of(cfg, p->to->code);
    const struct config_stage *next = journey_next(cfg, m->stage);
    int i = next ? index_of(cfg, next->code) : index_of(cfg, m->stage);
    return i < 0 ? 0 : i;
}

enum flow_result flow_member_journey(struct ui_ctx *ui, int64_t member_id, struct draft *d)
{
    struct journey_flow jf;
    memset(&jf, 0, sizeof jf);
    const struct config *cfg = ui->cfg;
    if (!cfg || cfg->nstages < 1)
        return FLOW_UNCHANGED;
    if (store_member_get(ui->s, member_id, &jf.base) != STORE_OK) {
        flow_cannot_open(ui->s, SEL_MEMBER, member_id);
        member_clear(&jf.base);
        return FLOW_UNCHANGED;
    }
    for (int i = 0; i < cfg->nstages; i++) {
        jf.labels[i] = cfg->stages[i].label;
        jf.codes[i] = cfg->stages[i].code;
    }
    struct flow *fl = &jf.fl;
    char *title = jf.base.stage
        ? xasprintf(_("Journey of %s — now %s"), jf.base.name, journey_label(cfg, jf.base.stage))
        : xasprintf(_("Journey of %s"), jf.base.name);
    fl->ui = ui;
    fl->hooks = &journey_hooks;
    fl->form.title = title;
    fl->editing = false;
    flow_choice(fl, JF_STAGE, "stage", _("Stage"), jf.labels, jf.codes, cfg->nstages, 1);
    flow_text(fl, JF_WHY, "why", _("Why"), FIELD_LONGTEXT, false, 0);
    fill(fl, &jf.base, SLOT_BASE);
    struct journey_proposal prop;
    if (journey_propose(ui->s, cfg, &jf.base, ui->today, &prop) != STORE_OK)
        prop.to = NULL;
    fl->fields[JF_STAGE].choice = preset(cfg, &jf.base, &prop);
    if (prop.to && !d) {             /* the reason, as a start for why */
        char *why = xasprintf(_("Proposed by suivi: %s"), prop.why);
        slot_text(&fl->fields[JF_WHY], SLOT_VALUE, why);
        free(why);
    }
    fl->form.focus = JF_WHY;
    snprintf(fl->form.ref.kind, sizeof fl->form.ref.kind, "journey");
    fl->form.ref.id = member_id;
    fl->form.ref.member_id = member_id;
    if (d)
        flow_restore(fl, d);
    enum flow_result r = flow_run(fl);
    flow_free(fl);
    free(title);
    member_clear(&jf.base);
    member_clear(&jf.theirs);
    return r;
}
