/* subscription — a member's subscription to a service: add one (the service from
 * the catalogue, since, until, the convention's reference), change its days or its
 * convention, end it on a day, remove one entered by mistake.  An admin's writes
 * (the keys need it; the store checks it again), each one audited transaction.
 *
 * An edit writes only the fields the user changed, against the row as the form
 * read it: a field someone else changed meanwhile is never written back, and one
 * both changed shows theirs under the user's (the store's expect, flows.c's
 * merge).  The service of a stored subscription is not changed: that is another
 * subscription (end this one, add the other). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flows_priv.h"
#include "suivi/base/dateinput.h"
#include "suivi/base/i18n.h"
#include "suivi/base/xalloc.h"
#include "suivi/store/usage.h"
#include "suivi/ui/form.h"
#include "suivi/ui/term.h"

enum { BF_MEMBER, BF_SERVICE, BF_SINCE, BF_UNTIL, BF_CONVENTION, BF_COUNT };

struct sub_flow {
    struct flow fl;
    struct subscription base, mine, theirs;
    struct choices services;      /* a new one: the catalogue */
    unsigned fields;              /* SUB_F_… the user changed (an edit) */
};

static void dup_into(char **dst, const char *src)
{
    free(*dst);
    *dst = src && *src ? xstrdup(src) : NULL;
}

static void sub_copy(struct subscription *d, const struct subscription *s)
{
    *d = (struct subscription){ .id = s->id, .member_id = s->member_id,
                                .service_id = s->service_id };
    dup_into(&d->service_code, s->service_code);
    dup_into(&d->service_name, s->service_name);
    dup_into(&d->since, s->since);
    dup_into(&d->until, s->until);
    dup_into(&d->convention, s->convention);
}

static void fill(struct flow *fl, const void *record, enum slot s)
{
    const struct subscription *b = record;
    struct form_field *f = fl->fields;
    slot_text(&f[BF_SINCE], s, b->since);
    slot_text(&f[BF_UNTIL], s, b->until);
    slot_text(&f[BF_CONVENTION], s, b->convention);
}

/* A date field as stored: "" (none) when blank, else its ISO day. */
static int take_date(struct flow *fl, int i, char out[DATE_ISO_LEN], char *err, size_t errlen)
{
    const char *typed = flow_value(&fl->fields[i]);
    out[0] = '\0';
    if (!typed)
        return 0;
    char why[160];
    if (date_parse_near(typed, out, why, sizeof why) == 0)
        return 0;
    snprintf(err, errlen, "%s: %s", fl->fields[i].label, why);
    fl->form.focus = i;
    return -1;
}

static bool differs(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") != 0;
}

static int take(struct flow *fl, char *err, size_t errlen)
{
    struct sub_flow *bf = (struct sub_flow *)fl;
    char since[DATE_ISO_LEN], until[DATE_ISO_LEN];
    if (take_date(fl, BF_SINCE, since, err, errlen) != 0 ||
        take_date(fl, BF_UNTIL, until, err, errlen) != 0)
        return STORE_ERROR;
    if (!*since) {
        snprintf(err, errlen, "%s", _("Since: a subscription begins on a day"));
        fl->form.focus = BF_SINCE;
        return STORE_ERROR;
    }
    subscription_clear(&bf->mine);
    sub_copy(&bf->mine, &bf->base);
    if (!bf->base.id)
        bf->mine.service_id = bf->services.ids[fl->fields[BF_SERVICE].choice];
    dup_into(&bf->mine.since, since);
    dup_into(&bf->mine.until, until);
    dup_into(&bf->mine.convention, flow_value(&fl->fields[BF_CONVENTION]));
    bf->fields = 0;
    if (differs(bf->mine.since, bf->base.since))
        bf->fields |= SUB_F_SINCE;
    if (differs(bf->mine.until, bf->base.until))
        bf->fields |= SUB_F_UNTIL;
    if (differs(bf->mine.convention, bf->base.convention))
        bf->fields |= SUB_F_CONVENTION;
    return STORE_OK;
}

static int save_new(struct sub_flow *bf, char *err, size_t errlen)
{
    struct flow *fl = &bf->fl;
    if (!bf->mine.service_id) {
        snprintf(err, errlen, "%s", _("Service: choose one"));
        fl->form.focus = BF_SERVICE;
        return STORE_ERROR;
    }
    int rc = store_subscription_add(fl->ui->s, &bf->mine);
    if (rc == STORE_OK)
        snprintf(fl->saved_msg, sizeof fl->saved_msg, _("Saved subscription #%lld to %s"),
                 (long long)bf->mine.id, bf->services.labels[fl->fields[BF_SERVICE].choice]);
    else
        snprintf(err, errlen, "%s", store_errmsg(fl->ui->s));
    return rc;
}

static int save(struct flow *fl, char *err, size_t errlen)
{
    struct sub_flow *bf = (struct sub_flow *)fl;
    if (!bf->base.id)
        return save_new(bf, err, errlen);
    bool changed = false;
    int rc = store_subscription_update(fl->ui->s, &bf->mine, bf->fields, &bf->base, &changed);
    if (rc == STORE_CONFLICT) {
        subscription_clear(&bf->theirs);
        int got = store_subscription_get(fl->ui->s, bf->base.id, &bf->theirs);
        if (got != STORE_OK) {
            snprintf(err, errlen, "%s", store_errmsg(fl->ui->s));
            return got;
        }
        fl->conflicts = 1;
    } else if (rc == STORE_OK) {
        snprintf(fl->saved_msg, sizeof fl->saved_msg, changed
                 ? _("Saved subscription #%lld to %s") : _("Subscription #%lld to %s: "
                 "nothing to change"), (long long)bf->base.id, bf->base.service_name);
    } else {
        snprintf(err, errlen, "%s", store_errmsg(fl->ui->s));
    }
    return rc;
}

static const void *theirs(struct flow *fl)
{
    return &((struct sub_flow *)fl)->theirs;
}

static void rebase(struct flow *fl)
{
    struct sub_flow *bf = (struct sub_flow *)fl;
    subscription_clear(&bf->base);
    bf->base = bf->theirs;
    memset(&bf->theirs, 0, sizeof bf->theirs);
}

static const void *base(struct flow *fl)
{
    return &((struct sub_flow *)fl)->base;
}

static const struct flow_hooks hooks = { fill, take, save, theirs, rebase, base };

/* "(choose)", then the catalogue. */
static int load_services(struct sub_flow *bf, store *s)
{
    struct service *sv = NULL;
    int n = 0;
    choices_add(&bf->services, _("(choose one)"), 0, false);
    int rc = store_services(s, &sv, &n);
    for (int i = 0; rc == STORE_OK && i < n; i++)
        choices_add(&bf->services, sv[i].name, sv[i].id, false);
    services_free(sv, n);
    return rc;
}

/* The record behind the form: the stored one, or a new one of the member's from
 * today.  The member's name into *name (owned). */
static int read_base(struct ui_ctx *ui, struct sub_flow *bf, int64_t sub_id,
                     int64_t member_id, char **name)
{
    int rc = sub_id ? store_subscription_get(ui->s, sub_id, &bf->base) : STORE_OK;
    if (rc != STORE_OK)
        return rc;
    if (!sub_id) {
        bf->base.member_id = member_id;
        rc = load_services(bf, ui->s);
    }
    struct member m = {0};
    if (rc == STORE_OK)
        rc = store_member_get(ui->s, bf->base.member_id, &m);
    *name = xstrdup(m.name ? m.name : "?");
    member_clear(&m);
    return rc;
}

static void build(struct sub_flow *bf, struct ui_ctx *ui, const char *member)
{
    struct flow *fl = &bf->fl;
    bool edit = bf->base.id != 0;
    fl->ui = ui;
    fl->hooks = &hooks;
    fl->editing = edit;
    flow_text(fl, BF_MEMBER, "member", _("Member"), FIELD_READONLY, false, 0);
    form_set_value(&fl->fields[BF_MEMBER], member);
    if (edit) {
        flow_text(fl, BF_SERVICE, "service", _("Service"), FIELD_READONLY, false, 0);
        form_set_value(&fl->fields[BF_SERVICE], bf->base.service_name);
    } else {
        flow_choices(fl, BF_SERVICE, "service", _("Service"), &bf->services, 0);
    }
    flow_text(fl, BF_SINCE, "since", _("Since"), FIELD_DAY, true, SUB_F_SINCE);
    flow_text(fl, BF_UNTIL, "until", _("Until"), FIELD_DAY, false,
              SUB_F_UNTIL);
    flow_text(fl, BF_CONVENTION, "convention", _("Convention"), FIELD_TEXT, false,
              SUB_F_CONVENTION);
    if (!edit)
        bf->base.since = xstrdup(ui->today);    /* a new one: from today, as offered */
    fill(fl, &bf->base, SLOT_VALUE);
    fill(fl, &bf->base, SLOT_BASE);
    fl->form.focus = edit ? BF_SINCE : BF_SERVICE;
    snprintf(fl->form.ref.kind, sizeof fl->form.ref.kind, "%s",
             edit ? "subscription-edit" : "subscription-new");
    fl->form.ref.id = bf->base.id;
    fl->form.ref.member_id = bf->base.member_id;
}

static enum flow_result run(struct ui_ctx *ui, int64_t sub_id, int64_t member_id,
                            const char *end_on, struct draft *d, int64_t *id)
{
    struct sub_flow bf;
    memset(&bf, 0, sizeof bf);
    char *member = NULL, *title = NULL;
    enum flow_result r = FLOW_UNCHANGED;
    if (read_base(ui, &bf, sub_id, member_id, &member) != STORE_OK) {
        flow_cannot_open(ui->s, sub_id ? SEL_SUBSCRIPTION : SEL_MEMBER,
                         sub_id ? sub_id : member_id);
        goto out;
    }
    title = sub_id ? xasprintf(_("Subscription #%lld — %s"), (long long)sub_id, member)
                   : xasprintf(_("New subscription — %s"), member);
    bf.fl.form.title = title;
    build(&bf, ui, member);
    if (end_on) {                   /* x: the same form, ending on the day offered */
        form_set_value(&bf.fl.fields[BF_UNTIL], end_on);
        bf.fl.form.focus = BF_UNTIL;
    }
    if (d)
        flow_restore(&bf.fl, d);
    r = flow_run(&bf.fl);
    if (r == FLOW_SAVED && id)
        *id = bf.base.id ? bf.base.id : bf.mine.id;
    flow_free(&bf.fl);
out:
    free(title);
    free(member);
    subscription_clear(&bf.base);
    subscription_clear(&bf.mine);
    subscription_clear(&bf.theirs);
    choices_free(&bf.services);
    return r;
}

enum flow_result flow_subscription_open(struct ui_ctx *ui, int64_t sub_id, int64_t member_id,
                                        struct draft *d, int64_t *id)
{
    return run(ui, sub_id, member_id, NULL, d, id);
}

enum flow_result flow_subscription_end(struct ui_ctx *ui, int64_t sub_id, int64_t *id)
{
    return run(ui, sub_id, 0, ui->today, NULL, id);
}

enum flow_result flow_subscription_remove(struct ui_ctx *ui, int64_t sub_id)
{
    struct subscription b = {0};
    if (store_subscription_get(ui->s, sub_id, &b) != STORE_OK) {
        flow_cannot_open(ui->s, SEL_SUBSCRIPTION, sub_id);
        return FLOW_UNCHANGED;
    }
    char q[256];
    /* Short, so that "(y/n)" fits 80 columns; the help says it is for mistakes. */
    snprintf(q, sizeof q, _("Remove #%lld, %s from %s? (y/n)"), (long long)sub_id,
             b.service_name, b.since);
    enum flow_result r = FLOW_UNCHANGED;
    if (confirm(q)) {
        if (store_subscription_remove(ui->s, sub_id, NULL) == STORE_OK) {
            term_flash(false, _("Removed subscription #%lld to %s"), (long long)sub_id,
                       b.service_name);
            r = FLOW_SAVED;
        } else {
            flow_flash_failure(b.service_name, store_errmsg(ui->s));
        }
    } else if (term_hangup_requested()) {
        r = FLOW_HANGUP;
    }
    subscription_clear(&b);
    return r;
}
