/* mailbox — what mail-in (core/mailin.h) needs from the database: the unsorted
 * mail, kept whole to be filed by hand, and who a sender's address is.
 *
 * Unsorted mail (table unsorted_mail, schema v4): a message that named no action,
 * or an action that does not exist, or that could not be read at all, is kept with
 * its raw bytes (exactly as received: nothing is lost even when the parser got it
 * wrong), its sender, subject and decoded body.  Filing one by hand later marks it
 * filed on an action; a filed row stays (its raw bytes are the record of what came
 * in).  Every write is audited and checked for the login's rights, as every other
 * (access.c): a provider's login or a read-only one cannot add or file one, and a
 * provider's login reads none (STORE_NOT_FOUND, an empty list).
 *
 * Address lookups compare without case (the domain part is case-insensitive, and
 * people type the local part as they please) and with blanks around the stored
 * address ignored; NULL or "" finds nothing. */
#ifndef SUIVI_STORE_MAILBOX_H
#define SUIVI_STORE_MAILBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "suivi/store/store.h"

/* The most a message may be: store_unsorted_add refuses more (STORE_ERROR).  Mail
 * servers refuse larger ones anyway (25 MB is the usual limit). */
#define MAILBOX_RAW_MAX ((size_t)25 * 1024 * 1024)

struct unsorted_mail {
    int64_t id;
    int64_t received_at;     /* set by the store on add */
    char *from_addr;         /* may be NULL (no From, or not a mail at all) */
    char *subject;           /* may be NULL */
    char *body;              /* the decoded text; may be NULL */
    unsigned char *raw;      /* the bytes received (may hold NUL): add, get */
    size_t raw_len;          /* in a list: the size, raw itself left NULL */
    int64_t filed_at;        /* 0 while unsorted */
    int64_t action_id;       /* the action it was filed on, 0 while unsorted */
};
void unsorted_mail_clear(struct unsorted_mail *m);
void unsorted_mails_free(struct unsorted_mail *a, int n);

/* Add m (raw required, 1 to MAILBOX_RAW_MAX bytes; filed_at and action_id as given,
 * so that a message both filed and kept whole is one write).  Sets id and
 * received_at (now). */
int store_unsorted_add(store *s, struct unsorted_mail *m);
/* Up to limit rows (1..1000), newest first (received_at, then id), without their
 * raw bytes (raw_len says how many); unfiled_only: the ones still to file. */
int store_unsorted_list(store *s, int limit, bool unfiled_only,
                        struct unsorted_mail **out, int *n);
/* One row with its raw bytes; STORE_NOT_FOUND when there is none. */
int store_unsorted_get(store *s, int64_t id, struct unsorted_mail *out);
/* Mark a row filed on action_id (now).  STORE_NOT_FOUND when the row or the action
 * does not exist; STORE_CONFLICT when it was filed already (by someone else: the
 * first filing stands). */
int store_unsorted_file(store *s, int64_t id, int64_t action_id);

/* The contact whose e-mail is addr: of member_id only (0: of any member), active
 * ones before retired ones, then the oldest.  STORE_NOT_FOUND when none. */
int store_contact_by_email(store *s, const char *addr, int64_t member_id,
                           struct contact *out);
/* The provider whose e-mail is addr, an active one before a disabled one, then the
 * oldest.  STORE_NOT_FOUND when none. */
int store_provider_by_email(store *s, const char *addr, struct provider *out);

/* Whether two e-mail addresses are the same one: without case, blanks around
 * either ignored (the rule of the lookups above, for a record already read). */
bool mailbox_same_address(const char *a, const char *b);

#endif
