/* mailout — mail about an action, to the member's contact or to the provider: who
 * it may go to, the text it starts from (a template: share/mail/action.txt), and
 * what stays of it once sent: an outgoing interaction on the member's timeline and
 * a note on the action, in one transaction.
 *
 * The template's first line "Subject: …" gives the subject; the rest is the body.
 * Placeholders: {action} {title} {member} {recipient} {sender} {status} {due}.
 * The subject always carries "[suivi #N]", so that a reply finds its action
 * (suivi mail-in), even when a template forgot it. */
#ifndef SUIVI_MAILOUT_H
#define SUIVI_MAILOUT_H

#include <stddef.h>
#include <stdint.h>

#include "suivi/store/store.h"

struct mail_recipient {
    char *name, *addr;
    char *label;                 /* "CertiBreizh <certificats@…> (provider)" */
    int64_t contact_id;          /* a member's contact, or 0 */
    int64_t provider_id;         /* the provider, or 0 */
    enum note_visibility visibility;   /* of the note that records the mail */
};

/* Who mail about a may go to: its provider (with an address), then the member's
 * active contacts with an address.  Caller frees with mail_recipients_free. */
int mail_recipients(store *s, const struct action *a, struct mail_recipient **out, int *n);
void mail_recipients_free(struct mail_recipient *r, int n);

/* The template's text: path if given, else the installed one, else the built-in
 * copy of share/mail/action.txt.  Caller frees. */
char *mail_template_read(const char *path);
/* The built-in copy (the unit tests compare it with share/mail/action.txt). */
const char *mail_template_builtin(void);
/* The template filled in for a: *subject and the returned body (caller frees both). */
char *mail_template_fill(const char *tmpl, const struct action *a, const char *recipient,
                         const char *sender, char **subject);

/* After sendmail accepted it: the outgoing interaction (the recipient's contact if
 * any) and the note on the action, in one transaction.  Returns a store rc or
 * DOMAIN_INVALID, with err. */
int mail_record_sent(store *s, const struct action *a, const struct mail_recipient *r,
                     const char *subject, const char *body, char *err, size_t errlen);

#endif
