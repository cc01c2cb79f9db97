/* mailin — filing one message that came in by mail (`suivi mail-in`, for a .forward,
 * procmail or an MTA pipe): a reply about an action becomes a note on it and an
 * incoming mail on its member's timeline; anything else is kept whole, unsorted
 * (store/mailbox.h), for someone to file by hand.  Nothing that came in is lost.
 *
 * The rules, in order:
 *   1. The action is the one named by a "[suivi #N]" tag in the Subject, else by the
 *      last <suivi.action.N.…@…> id of In-Reply-To, else of References (the ids of
 *      the mail suivi sent about it, mail.h).
 *   2. No action named, or one that does not exist, or a message that cannot be
 *      read as a mail at all (no header section): kept unsorted, with its raw bytes,
 *      sender, subject and decoded body (for one that is not a mail: its bytes read
 *      as text).
 *   3. Otherwise, in ONE transaction:
 *        - a note on the action, whose visibility comes from the sender: the address
 *          of the provider the action is assigned to -> shared with providers; the
 *          address of a contact of the action's member (an active one first, a
 *          retired one still counts: it was theirs) -> shared with the member;
 *          anyone else -> internal;
 *        - an incoming e-mail (email_in) on the member's timeline: the mail's
 *          subject ("(sans objet)" when it has none, cut with "…" past
 *          SUBJECT_MAX_CHARS), the same body as the note, when it was sent (its
 *          Date; now when it has none, or one before 2000 or more than a day
 *          ahead), the matching contact, the action's pôle.
 *      Both bodies are one line naming the sender, "De : Name <addr>", then the text
 *      with the quoted history trimmed (mailin_trim_quoted).  They are written
 *      through the domain (note_add, interaction_save): the same rules and audit as
 *      the interface.
 *   4. A body longer than BODY_MAX_BYTES is cut at a UTF-8 boundary, with a last line
 *      saying so — and then the whole message is kept too, as an unsorted mail
 *      already filed on the action, in the same transaction (the line names it).
 *   5. When the note or the interaction cannot be written for a reason that will not
 *      go away by retrying (a rule, a constraint of the database), nothing of it is
 *      written and the message is kept unsorted instead (why = MAILIN_NOT_FILED,
 *      detail says what refused it).
 *   6. A message larger than MAILIN_INPUT_MAX is not filed: its first
 *      MAILIN_INPUT_MAX bytes are kept unsorted, the body starting with a line
 *      saying it was cut (the caller reads and drops the rest, so that the mail
 *      server does not see a broken pipe).
 * The texts written into the records ("De : ", "(sans objet)", the lines saying a
 * text was cut) are French and never translated: they are data, read by the whole
 * team, and must not depend on the locale of the process the mail server ran.
 *
 * Who writes: the Unix login running mail-in is the author of every record (the
 * store records it), and the store checks its rights as for any write: it must be
 * a staff login with the admin or staff role (not read-only, not disabled, not a
 * provider's), or STORE_DENIED and nothing is written. */
#ifndef SUIVI_CORE_MAILIN_H
#define SUIVI_CORE_MAILIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "suivi/base/mail.h"
#include "suivi/store/mailbox.h"
#include "suivi/store/store.h"

#define MAILIN_INPUT_MAX MAILBOX_RAW_MAX

enum mailin_outcome { MAILIN_NOTE, MAILIN_UNSORTED };

/* Why a message was kept unsorted. */
enum mailin_why {
    MAILIN_FILED,           /* it was not: a note was written */
    MAILIN_NO_REFERENCE,    /* it names no action */
    MAILIN_NO_SUCH_ACTION,  /* it names an action that does not exist */
    MAILIN_UNREADABLE,      /* not a mail (no header section) */
    MAILIN_TOO_LARGE,       /* larger than MAILIN_INPUT_MAX: its start kept */
    MAILIN_NOT_FILED,       /* the note or interaction was refused (detail) */
};

struct mailin_result {
    enum mailin_outcome outcome;
    enum mailin_why why;
    int64_t action_id;            /* the action named, 0 when none */
    int64_t note_id, interaction_id;
    int64_t contact_id;           /* the member's contact who wrote, 0 when none */
    enum note_visibility visibility;
    /* The unsorted row: the message kept (MAILIN_UNSORTED), or kept whole beside a
     * note whose body was cut (cut); else 0. */
    int64_t unsorted_id;
    bool cut;                     /* a body was cut at BODY_MAX_BYTES */
    char detail[256];             /* MAILIN_NOT_FILED: what refused the note */
};

/* File the message raw[0..len) (len > 0); truncated: the input went on past len
 * (rule 6).  STORE_OK with *out filled (filed or kept), or, with nothing written and
 * a sentence in err: DOMAIN_INVALID for an empty message, STORE_DENIED when the
 * login may not write, STORE_BUSY, STORE_REPLACED or another store rc (say
 * "try again": a retry may succeed). */
int mailin_file(store *s, const char *raw, size_t len, bool truncated,
                struct mailin_result *out, char *err, size_t errlen);

/* The action a parsed message names (rule 1), 0 when none. */
int64_t mailin_action_ref(const struct mail_in *m);

/* File raw as a reply on action_id, whatever it names (by hand, from the unsorted
 * mail): the same note and interaction as mailin_file, in one transaction that
 * joins the caller's (store_begin).  Nothing is kept unsorted on a refusal. */
int mailin_file_on(store *s, const char *raw, size_t len, int64_t action_id,
                   struct mailin_result *out, char *err, size_t errlen);
/* An unsorted mail filed on an action by hand: filed as above, and marked filed,
 * together.  Returns a store rc or DOMAIN_INVALID, with err. */
int mailin_file_kept(store *s, int64_t unsorted_id, int64_t action_id,
                     struct mailin_result *out, char *err, size_t errlen);

/* The text of a reply without the history it quotes: lines starting with '>' (after
 * blanks) are dropped; an attribution line ("Le … a écrit :", "On … wrote:", "X a
 * écrit :", over one or two lines) is dropped when quoted lines or nothing follow
 * it, and cut with everything after it when unquoted text follows (an HTML mail
 * whose quotes lost their '>'); an Outlook or webmail header block ("De :" / "From:"
 * then "Envoyé :" / "Sent:" / "Date :", or "-----Original Message-----", "-----
 * Message d'origine -----", "----- Mail original -----") is cut with everything
 * after it.  Runs of blank lines become one, those at both ends go.  When that
 * leaves nothing, the whole text (its blank ends cut) comes back: never an empty
 * note for a mail that said something.  Never NULL; no final newline. */
char *mailin_trim_quoted(const char *text);

/* How many bytes of s to keep so that it fits in max bytes, cut at a UTF-8 character
 * boundary (strlen(s) when it fits). */
size_t mailin_fit(const char *s, size_t max);

#endif
