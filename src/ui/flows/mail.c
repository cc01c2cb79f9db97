/* mail — m on an action: a mail to the provider or one of the member's contacts,
 * from the template (core/mailout.h), edited in the form (or in $EDITOR with ^O),
 * sent through [mail] sendmail, then recorded on the member's timeline and as a
 * note on the action.  The form is a draft like any other: when the command fails,
 * the form stays with the text, and the draft stays on disk, for another try. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "flows_priv.h"
#include "suivi/base/i18n.h"
#include "suivi/base/mail.h"
#include "suivi/base/spawn.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/domain.h"
#include "suivi/core/mailout.h"
#include "suivi/ui/draft.h"
#include "suivi/ui/term.h"

enum { MF_TO, MF_SUBJECT, MF_BODY, MF_COUNT };

struct mail_flow {
    struct flow fl;
    struct action action;
    struct mail_recipient *to;
    int nto;
    const char **labels, **codes;
    char **code_text;
    /* What sendmail took: a retry after a failed record records this, not what the
     * form holds by then (the mail that went is the one to keep). */
    bool sent;
    int sent_to;
    char *sent_subject, *sent_body;
};

static void fill_nothing(struct flow *fl, const void *record, enum slot s)
{
    (void)fl, (void)record, (void)s;
}

static int take_nothing(struct flow *fl, char *err, size_t errlen)
{
    (void)fl, (void)err, (void)errlen;
    return STORE_OK;
}

static const void *base(struct flow *fl)
{
    return &((struct mail_flow *)fl)->action;
}

static void rebase(struct flow *fl)
{
    (void)fl;
}

/* The sender: [mail] from and from_name, else the login at this host and the
 * staff member's name. */
static void sender(struct ui_ctx *ui, char *addr, size_t alen, char *name, size_t nlen)
{
    const struct config *cfg = ui->cfg;
    char host[256] = "localhost";
    gethostname(host, sizeof host - 1);
    if (cfg && cfg->mail_from && *cfg->mail_from)
        snprintf(addr, alen, "%s", cfg->mail_from);
    else
        snprintf(addr, alen, "%s@%s", store_login(ui->s), host);
    struct staff st = {0};
    if (cfg && cfg->mail_from_name && *cfg->mail_from_name)
        snprintf(name, nlen, "%s", cfg->mail_from_name);
    else if (ui->me.staff_id && store_staff_get(ui->s, ui->me.staff_id, &st) == STORE_OK)
        snprintf(name, nlen, "%s", st.display_name ? st.display_name : "");
    else
        snprintf(name, nlen, "%s", store_login(ui->s));
    staff_clear(&st);
}

static int send_it(struct mail_flow *mf, const struct mail_recipient *r, char *err,
                   size_t errlen)
{
    struct ui_ctx *ui = mf->fl.ui;
    char from[256], from_name[256], why[512] = "";
    sender(ui, from, sizeof from, from_name, sizeof from_name);
    struct mail_out m = {
        .from_name = from_name, .from_addr = from, .to_name = r->name, .to_addr = r->addr,
        .subject = mf->fl.fields[MF_SUBJECT].value, .body = mf->fl.fields[MF_BODY].value,
        .action_id = mf->action.id,
    };
    char *text = mail_compose(&m, why, sizeof why);
    if (!text) {
        snprintf(err, errlen, _("Not sent: %s"), why);
        return DOMAIN_INVALID;
    }
    const char *cmd = ui->cfg && ui->cfg->mail_sendmail ? ui->cfg->mail_sendmail
                                                        : "/usr/sbin/sendmail -t -oi";
    int rc = spawn_with_input(cmd, text, strlen(text), why, sizeof why);
    free(text);
    if (rc != 0) {
        snprintf(err, errlen, _("Not sent: %s (the text stays here and in its draft)"), why);
        return DOMAIN_INVALID;
    }
    mf->sent = true;
    mf->sent_to = (int)(r - mf->to);
    mf->sent_subject = xstrdup(m.subject);
    mf->sent_body = xstrdup(m.body);
    return STORE_OK;
}

static int save(struct flow *fl, char *err, size_t errlen)
{
    struct mail_flow *mf = (struct mail_flow *)fl;
    int i = fl->fields[MF_TO].choice;
    if (i < 0 || i >= mf->nto || !flow_value(&fl->fields[MF_SUBJECT]) ||
        !flow_value(&fl->fields[MF_BODY])) {
        snprintf(err, errlen, "%s", _("A mail needs a recipient, a subject and a text"));
        return DOMAIN_INVALID;
    }
    int rc = mf->sent ? STORE_OK : send_it(mf, &mf->to[i], err, errlen);
    const struct mail_recipient *r = &mf->to[mf->sent ? mf->sent_to : i];
    if (rc == STORE_OK)
        rc = mail_record_sent(fl->ui->s, &mf->action, r, mf->sent_subject, mf->sent_body,
                              err, errlen);
    if (rc != STORE_OK && mf->sent) {
        char why[256];
        snprintf(why, sizeof why, "%s", err);
        snprintf(err, errlen, _("Sent to %s, but not recorded (^X records what was sent): "
                                "%s"), r->addr, why);
        rc = DOMAIN_INVALID;     /* said here: not the busy retry's generic sentence */
    }
    if (rc == STORE_OK)
        snprintf(fl->saved_msg, sizeof fl->saved_msg,
                 _("Mail sent to %s; on the timeline and as a note on action #%lld"),
                 r->addr, (long long)mf->action.id);
    return rc;
}

static const struct flow_hooks mail_hooks = { fill_nothing, take_nothing, save, base, rebase,
                                              base };

static void free_flow(struct mail_flow *mf)
{
    for (int i = 0; i < mf->nto; i++)
        free(mf->code_text[i]);
    free(mf->code_text);
    free(mf->labels);
    free(mf->codes);
    mail_recipients_free(mf->to, mf->nto);
    action_clear(&mf->action);
    free(mf->sent_subject);
    free(mf->sent_body);
}

static bool read_recipients(struct ui_ctx *ui, struct mail_flow *mf, int64_t action_id)
{
    if (store_action_get(ui->s, action_id, &mf->action) != STORE_OK) {
        flow_cannot_open(ui->s, SEL_ACTION, action_id);
        return false;
    }
    if (mail_recipients(ui->s, &mf->action, &mf->to, &mf->nto) != STORE_OK || mf->nto == 0) {
        term_flash(true, "%s", _("Nobody to write to: neither the provider nor a contact of "
                                 "the member has an e-mail address (C adds a contact)"));
        return false;
    }
    mf->labels = xcalloc((size_t)mf->nto, sizeof *mf->labels);
    mf->codes = xcalloc((size_t)mf->nto, sizeof *mf->codes);
    mf->code_text = xcalloc((size_t)mf->nto, sizeof *mf->code_text);
    for (int i = 0; i < mf->nto; i++) {
        mf->labels[i] = mf->to[i].label;
        mf->code_text[i] = xstrdup(mf->to[i].addr);     /* stable for drafts */
        mf->codes[i] = mf->code_text[i];
    }
    return true;
}

static void start_text(struct mail_flow *mf)
{
    struct flow *fl = &mf->fl;
    char from[256], name[256], *subject = NULL;
    sender(fl->ui, from, sizeof from, name, sizeof name);
    char *tmpl = mail_template_read(NULL);
    char *body = mail_template_fill(tmpl, &mf->action, mf->to[0].name, name, &subject);
    form_set_value(&fl->fields[MF_SUBJECT], subject);
    form_set_value(&fl->fields[MF_BODY], body);
    free(tmpl);
    free(body);
    free(subject);
}

enum flow_result flow_mail(struct ui_ctx *ui, int64_t action_id, struct draft *d)
{
    struct mail_flow mf = {0};
    if (!read_recipients(ui, &mf, action_id)) {
        free_flow(&mf);
        return FLOW_UNCHANGED;
    }
    struct flow *fl = &mf.fl;
    char *title = xasprintf(_("Mail about action #%lld — %s"), (long long)action_id,
                            mf.action.title ? mf.action.title : "");
    fl->ui = ui;
    fl->hooks = &mail_hooks;
    fl->form.title = title;
    flow_choice(fl, MF_TO, "to", _("To"), mf.labels, mf.codes, mf.nto, 0);
    flow_text(fl, MF_SUBJECT, "subject", _("Subject"), FIELD_TEXT, true, 0);
    flow_text(fl, MF_BODY, "body", _("Text"), FIELD_LONGTEXT, true, 0);
    start_text(&mf);
    fl->form.focus = MF_BODY;
    snprintf(fl->form.ref.kind, sizeof fl->form.ref.kind, "mail");
    fl->form.ref.id = action_id;
    fl->form.ref.member_id = mf.action.member_id;
    if (d)
        flow_restore(fl, d);
    enum flow_result r = flow_run(fl);
    flow_free(fl);
    free(title);
    free_flow(&mf);
    return r;
}
