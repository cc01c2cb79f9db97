/* flows — what every flow shares: choice lists, field set-up, and the save loop
 * (see flows_priv.h). */
#include "flows_priv.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suivi/base/i18n.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/domain.h"
#include "suivi/core/merge.h"
#include "suivi/core/presence.h"
#include "suivi/ui/draft.h"
#include "suivi/ui/term.h"

/* ---- choices ------------------------------------------------------------------------ */

void choices_add(struct choices *c, const char *label, int64_t id, bool provider)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 8;
        c->labels = xreallocarray(c->labels, (size_t)c->cap, sizeof *c->labels);
        c->codes = xreallocarray(c->codes, (size_t)c->cap, sizeof *c->codes);
        c->ids = xreallocarray(c->ids, (size_t)c->cap, sizeof *c->ids);
        c->provider = xreallocarray(c->provider, (size_t)c->cap, sizeof *c->provider);
    }
    c->labels[c->n] = xstrdup(label ? label : "");
    c->codes[c->n] = xasprintf("%s%" PRId64, provider ? "p" : "", id);
    c->ids[c->n] = id;
    c->provider[c->n] = provider;
    c->n++;
}

void choices_free(struct choices *c)
{
    for (int i = 0; i < c->n; i++) {
        free(c->labels[i]);
        free(c->codes[i]);
    }
    free(c->labels);
    free(c->codes);
    free(c->ids);
    free(c->provider);
    memset(c, 0, sizeof *c);
}

int choices_find(const struct choices *c, int64_t id, bool provider)
{
    for (int i = 0; i < c->n; i++)
        if (c->ids[i] == id && c->provider[i] == provider)
            return i;
    return 0;
}

int choices_find_or_add(struct choices *c, int64_t id, bool provider, const char *label)
{
    if (!id)
        return 0;
    int i = choices_find(c, id, provider);
    if (i == 0) {
        choices_add(c, label ? label : "?", id, provider);
        i = c->n - 1;
    }
    return i;
}

void choices_point(struct form_field *fld, const struct choices *c)
{
    fld->choices = (const char *const *)c->labels;
    fld->codes = (const char *const *)c->codes;
    fld->nchoices = c->n;
}

void choices_of_poles(struct choices *c, const struct pole *p, int n)
{
    choices_add(c, _("(none)"), 0, false);
    for (int i = 0; i < n; i++)
        choices_add(c, p[i].name, p[i].id, false);
}

/* ---- fields --------------------------------------------------------------------------- */

void slot_text(struct form_field *fld, enum slot s, const char *text)
{
    if (s == SLOT_VALUE)
        form_set_value(fld, text);
    else if (s == SLOT_BASE)
        form_set_base(fld, text);
    else
        form_set_theirs(fld, text);
}

void slot_choice(struct form_field *fld, enum slot s, int choice)
{
    if (s == SLOT_VALUE)
        fld->choice = choice;
    else if (s == SLOT_BASE)
        fld->base_choice = choice;
    else
        fld->theirs_choice = choice;
}

static struct form_field *setup(struct flow *fl, int i, const char *key, const char *label,
                                enum field_type type, unsigned bits)
{
    struct form_field *fld = &fl->fields[i];
    memset(fld, 0, sizeof *fld);
    fld->key = key;
    fld->label = label;
    fld->type = type;
    fld->action_choice = -1;
    fl->bits[i] = bits;
    if (i >= fl->form.nfields)
        fl->form.nfields = i + 1;
    fl->form.fields = fl->fields;
    return fld;
}

void flow_text(struct flow *fl, int i, const char *key, const char *label,
               enum field_type type, bool required, unsigned bits)
{
    setup(fl, i, key, label, type, bits)->required = required;
}

void flow_choice(struct flow *fl, int i, const char *key, const char *label,
                 const char *const *labels, const char *const *codes, int n, unsigned bits)
{
    struct form_field *fld = setup(fl, i, key, label, FIELD_CHOICE, bits);
    fld->choices = labels;
    fld->codes = codes;
    fld->nchoices = n;
}

void flow_choices(struct flow *fl, int i, const char *key, const char *label,
                  const struct choices *c, unsigned bits)
{
    flow_choice(fl, i, key, label, NULL, NULL, 0, bits);
    choices_point(&fl->fields[i], c);
}

const char *flow_value(const struct form_field *fld)
{
    const char *v = fld->value;
    return v && v[strspn(v, " \t\r\n")] ? v : NULL;
}

/* ---- the save loop ------------------------------------------------------------------- */

/* The fields' values are compared as shown (text, or the index of a choice). */
static bool same_value(const struct form_field *fld, const char *text, int choice,
                       const char *other, int other_choice)
{
    if (fld->type == FIELD_CHOICE)
        return choice == other_choice;
    return strcmp(text ? text : "", other ? other : "") == 0;
}

#define ALL_FIELDS (~0u)

/* The merge rule (core/merge.h) on the form's fields in `mask` (bit i for field i),
 * once theirs is filled in: those both sides changed, differently. */
static unsigned field_conflicts(const struct form *f, unsigned mask)
{
    unsigned touched = 0, changed = 0, agree = 0;
    for (int i = 0; i < f->nfields; i++) {
        const struct form_field *fld = &f->fields[i];
        if (fld->type == FIELD_READONLY || !(mask & (1u << i)))
            continue;
        unsigned bit = 1u << i;
        if (form_field_touched(fld))
            touched |= bit;
        if (!same_value(fld, fld->theirs, fld->theirs_choice, fld->base, fld->base_choice))
            changed |= bit;
        if (same_value(fld, fld->theirs, fld->theirs_choice, fld->value, fld->choice))
            agree |= bit;
    }
    return merge_fields(touched, changed, agree).conflict;
}

/* Someone else saved the record (their values in the fields' theirs) since the base:
 * every field in `mask` the user did not touch shows their value; a field in
 * `conflicts` (bit i for field i) shows theirs under the user's; and their values
 * become the base. */
static void show_theirs(struct flow *fl, unsigned conflicts, unsigned mask)
{
    struct form *f = &fl->form;
    for (int i = 0; i < f->nfields; i++) {
        struct form_field *fld = &f->fields[i];
        if (fld->type == FIELD_READONLY || !(mask & (1u << i)))
            continue;
        bool touched = form_field_touched(fld);
        if (fld->type == FIELD_CHOICE) {
            if (!touched)
                fld->choice = fld->theirs_choice;
            fld->base_choice = fld->theirs_choice;
        } else {
            if (!touched) {
                form_set_value(fld, fld->theirs);
                form_field_reload(fld);
            }
            form_set_base(fld, fld->theirs);
        }
        bool agree = same_value(fld, fld->theirs, fld->theirs_choice, fld->value, fld->choice);
        if (touched && !agree && (conflicts & (1u << i)))
            form_field_conflict(fld);
    }
}

/* A save met someone else's change (their record from the save hook): the fields
 * they changed show their value, those both changed show theirs under the user's,
 * and the next save is made against what is stored now.  Returns the fields (bit i
 * for field i) in conflict: none means their change touched nothing of the user's. */
static unsigned rebase(struct flow *fl)
{
    fl->hooks->fill(fl, fl->hooks->theirs(fl), SLOT_THEIRS);
    unsigned conflicts = field_conflicts(&fl->form, ALL_FIELDS);
    show_theirs(fl, conflicts, ALL_FIELDS);
    fl->hooks->rebase(fl);
    return conflicts;
}

/* The fields a reopened draft is merged on.  An edit: all of them.  A form about a
 * stored record that is not an edit of it (a status change, which is not "editing"
 * so that a comment alone can be saved): the fields that show one of the record's
 * fields, so that a status someone changed since the draft is a conflict, as it is
 * in a live session.  A new record: none (its defaults, "now" for one, moved on). */
static unsigned restore_mask(const struct flow *fl)
{
    if (fl->editing)
        return ALL_FIELDS;
    unsigned mask = 0;
    for (int i = 0; fl->form.ref.id != 0 && i < fl->form.nfields; i++)
        if (fl->bits[i])
            mask |= 1u << i;
    return mask;
}

void flow_restore(struct flow *fl, struct draft *d)
{
    draft_apply(d, &fl->form);
    unsigned mask = restore_mask(fl);
    if (!mask)
        return;
    /* The record as stored now is the base: what changed since the draft's base
     * shows as their change, a conflict where the draft changed it too. */
    const void *now = fl->hooks->base(fl);
    fl->hooks->fill(fl, now, SLOT_THEIRS);
    unsigned conflicts = field_conflicts(&fl->form, mask);
    show_theirs(fl, conflicts, mask);
    if (conflicts)
        snprintf(fl->form.message, sizeof fl->form.message, "%s",
                 _("Reopened; someone else changed a field you had changed too: see theirs "
                   "under yours"));
    fl->form.message_is_error = conflicts != 0;
}

/* A field the user left on their value after a conflict held text they typed: the
 * draft (which keeps the user's values) stays, so nothing typed is thrown away. */
static bool kept_theirs_over_typing(const struct form *f)
{
    for (int i = 0; i < f->nfields; i++) {
        const struct form_field *fld = &f->fields[i];
        if (fld->showing_theirs && fld->type != FIELD_CHOICE && fld->mine && fld->mine[0])
            return true;
    }
    return false;
}

static void saved(struct flow *fl)
{
    if (kept_theirs_over_typing(&fl->form)) {
        term_flash(false, _("Saved; the text you replaced by theirs is kept in %s"),
                   fl->form.draft);
        return;
    }
    form_draft_done(&fl->form);
    term_flash(false, "%s", fl->saved_msg[0] ? fl->saved_msg : _("Saved"));
}

/* An edit left as stored.  Taking theirs on every field the user had typed into
 * also ends here (nothing differs from the record any more), so the same rule as a
 * save applies: the typing replaced by theirs stays in the draft. */
static void unchanged(struct flow *fl)
{
    if (kept_theirs_over_typing(&fl->form)) {
        term_flash(false, _("Nothing to save; the text you replaced by theirs is kept in %s"),
                   fl->form.draft);
        return;
    }
    form_draft_done(&fl->form);
    term_flash(false, "%s", _("Nothing changed"));
}

/* Someone else's save touched none of the user's fields: saved again on top of it,
 * a few times at most (another session saving in a loop). */
#define QUIET_RETRIES 3
/* A lock held past busy_timeout_ms (a long write elsewhere, a backup): the save is
 * tried again this many times more, waiting each time, before the form says so. */
#define BUSY_RETRIES 2

/* Say who else has a form on this record, and that this session has one now. */
static const char *presence_begin(struct flow *fl)
{
    struct form *f = &fl->form;
    const char *entity = presence_entity(f->ref.kind, f->ref.id);
    if (!entity)
        return NULL;
    char who[200];
    if (presence_others(fl->ui->s, fl->ui->session_id, entity, f->ref.id, who,
                        sizeof who) > 0 && !f->message[0]) {
        snprintf(f->message, sizeof f->message, _("Being edited by %s: a save that meets "
                                                  "their change will show it"), who);
        f->message_is_error = false;
    }
    presence_editing(fl->ui->s, fl->ui->session_id, entity, f->ref.id);
    return entity;
}

static enum flow_result run_form(struct flow *fl);

enum flow_result flow_run(struct flow *fl)
{
    const char *entity = presence_begin(fl);
    enum flow_result r = run_form(fl);
    if (entity)
        presence_editing(fl->ui->s, fl->ui->session_id, NULL, 0);
    return r;
}

static enum flow_result run_form(struct flow *fl)
{
    struct form *f = &fl->form;
    int retries = 0, busy = 0;
    bool again = false;
    for (;;) {
        if (!again) {
            enum form_result fr = form_run(f);
            if (fr == FORM_HANGUP)
                return FLOW_HANGUP;
            if (fr == FORM_CANCELLED)
                return FLOW_UNCHANGED;
        }
        again = false;
        if (fl->editing && !form_touched(f)) {
            unchanged(fl);
            return FLOW_UNCHANGED;
        }
        char err[sizeof f->message] = "";
        fl->conflicts = 0;
        int rc = fl->hooks->take(fl, err, sizeof err);
        if (rc == STORE_OK)
            rc = fl->hooks->save(fl, err, sizeof err);
        if (rc == STORE_OK) {
            saved(fl);
            return FLOW_SAVED;
        }
        /* The save hooks give their record with every conflict (they read it). */
        if (rc == STORE_CONFLICT && !rebase(fl) && retries++ < QUIET_RETRIES) {
            again = true;
            continue;
        }
        if (rc == STORE_BUSY && busy++ < BUSY_RETRIES && !term_hangup_requested()) {
            again = true;       /* the store waited busy_timeout_ms each time */
            continue;
        }
        if (rc == STORE_BUSY)
            snprintf(f->message, sizeof f->message, _("The database stayed busy (another "
                     "session is writing; tried %d times): nothing was saved, and what "
                     "you typed is kept; ^X tries again"), busy);
        else
            snprintf(f->message, sizeof f->message, "%s", err[0] ? err : _("could not save"));
        busy = 0;
        f->message_is_error = true;
    }
}

void flow_free(struct flow *fl)
{
    form_free_values(&fl->form);
}

/* Whole sentences, one per kind: a translation agrees its words with the noun. */
void flow_cannot_open(store *s, enum sel_kind kind, int64_t id)
{
    long long n = (long long)id;
    const char *why = store_errmsg(s);
    switch (kind) {
    case SEL_MEMBER:      term_flash(true, _("Cannot open member #%lld: %s"), n, why); break;
    case SEL_INTERACTION: term_flash(true, _("Cannot open interaction #%lld: %s"), n, why);
                          break;
    case SEL_ACTION:      term_flash(true, _("Cannot open action #%lld: %s"), n, why); break;
    case SEL_CONTACT:     term_flash(true, _("Cannot open contact #%lld: %s"), n, why); break;
    case SEL_STAFF:       term_flash(true, _("Cannot open staff member #%lld: %s"), n, why);
                          break;
    case SEL_POLE:        term_flash(true, _("Cannot open pôle #%lld: %s"), n, why); break;
    case SEL_PROVIDER:    term_flash(true, _("Cannot open provider #%lld: %s"), n, why); break;
    case SEL_SESSION:     term_flash(true, _("Cannot open training session #%lld: %s"), n,
                                     why); break;
    case SEL_SUBSCRIPTION: term_flash(true, _("Cannot open subscription #%lld: %s"), n, why);
                           break;
    case SEL_NONE:        term_flash(true, _("Cannot open #%lld: %s"), n, why); break;
    }
}

void flow_flash_failure(const char *what, const char *err)
{
    term_flash(true, "%s: %s", what, err);
}
