/* mailin — filing a message that came in (see mailin.h for the rules).
 *
 * A reply is filed in one store_begin/store_commit: the note, the interaction (and
 * the whole message beside a note that had to be cut) are committed together or not
 * at all.  A refusal that a retry would meet again (a rule, a constraint) rolls it
 * all back and keeps the message unsorted instead, in a transaction of its own;
 * anything else (busy, denied, the file replaced, a disk error) goes back to the
 * caller with nothing written, for the mail server to try again later. */
#include "suivi/core/mailin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "suivi/base/i18n.h"
#include "suivi/base/timeutil.h"
#include "suivi/base/strbuf.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/domain.h"
#include "suivi/core/validate.h"

#define DATE_MIN       INT64_C(946684800)  /* 2000-01-01: before it, a broken clock */
#define DATE_AHEAD_MAX INT64_C(86400)      /* clocks drift; a day ahead is not a Date */
#define NAME_BYTES_MAX 400                 /* a sender's name in the first line */
#define ADDR_BYTES_MAX 320                 /* the longest address RFC 5321 allows */
#define MIB            ((size_t)1024 * 1024)

/* Data, not messages: French and never translated (see mailin.h). */
static const char SENDER_PREFIX[] = "De : ";
static const char SENDER_UNKNOWN[] = "(expéditeur inconnu)";
static const char NO_SUBJECT[] = "(sans objet)";
static const char CUT_FILED[] =
    "[Texte coupé ici : il dépassait la limite de %zu Mio. Le message entier est gardé "
    "dans le courrier non trié #%lld.]";
static const char CUT_KEPT[] =
    "[Texte coupé ici : il dépassait la limite de %zu Mio. Le message entier est dans "
    "sa source.]";
static const char TOO_LARGE[] =
    "[Message de plus de %zu Mio : seuls ses %zu premiers Mio sont gardés, et il n'a pas "
    "été classé.]";

size_t mailin_fit(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max)
        return n;
    n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)  /* s[n] starts the cut */
        n--;
    return n;
}

/* s into t, cut to max bytes with the line marker after it when it does not fit
 * or when the text went on past s (more). */
static void add_fitted(struct strbuf *t, const char *s, size_t max, const char *marker,
                       bool more)
{
    if (!more && strlen(s) <= max) {
        strbuf_adds(t, s);
        return;
    }
    size_t room = max > strlen(marker) + 1 ? max - strlen(marker) - 1 : 0;
    strbuf_add(t, s, mailin_fit(s, room));
    strbuf_adds(t, "\n");
    strbuf_adds(t, marker);
}

/* ---- what a reply becomes -------------------------------------------------------- */

int64_t mailin_action_ref(const struct mail_in *m)
{
    int64_t id = mail_action_ref(m->subject);
    if (!id)
        id = mail_action_ref_from_ids(m->in_reply_to);
    if (!id)
        id = mail_action_ref_from_ids(m->references);
    return id;
}

/* s cut to max bytes, its controls as spaces: it goes on one line. */
static void add_one_line(struct strbuf *t, const char *s, size_t max)
{
    size_t from = t->len;
    strbuf_add(t, s, mailin_fit(s, max));
    for (size_t i = from; i < t->len; i++)
        if ((unsigned char)t->p[i] < 0x20 || t->p[i] == 0x7F)
            t->p[i] = ' ';
}

/* "De : Name <addr>", "De : addr", or that nobody said who. */
static void add_sender(struct strbuf *t, const struct mail_in *m)
{
    const char *name = m->from_name, *addr = m->from_addr;
    bool has_name = name && *name && strcmp(name, addr ? addr : "") != 0;
    strbuf_adds(t, SENDER_PREFIX);
    if (has_name)
        add_one_line(t, name, NAME_BYTES_MAX);
    if (addr && *addr) {
        strbuf_adds(t, has_name ? " <" : "");
        add_one_line(t, addr, ADDR_BYTES_MAX);
        strbuf_adds(t, has_name ? ">" : "");
    } else if (!has_name) {
        strbuf_adds(t, SENDER_UNKNOWN);
    }
}

/* The body of the note and the interaction; *cut when the text did not fit (the
 * marker then names kept_id, the whole message). */
static char *reply_body(const struct mail_in *m, const char *text, int64_t kept_id,
                        bool *cut)
{
    struct strbuf t = {0};
    add_sender(&t, m);
    *cut = false;
    if (*text) {
        strbuf_adds(&t, "\n");
        size_t room = BODY_MAX_BYTES > t.len ? BODY_MAX_BYTES - t.len : 0;
        *cut = strlen(text) > room;
        char *marker = xasprintf(CUT_FILED, (size_t)BODY_MAX_BYTES / MIB,
                                 (long long)kept_id);
        add_fitted(&t, text, room, marker, false);
        free(marker);
    }
    return strbuf_take(&t);
}

/* The interaction's subject: the mail's, or a word saying it had none, cut with
 * "…" past SUBJECT_MAX_CHARS characters. */
static char *reply_subject(const char *subject)
{
    const char *p = subject + strspn(subject, " \t\r\n");
    size_t n = strlen(p);
    while (n > 0 && strchr(" \t\r\n", p[n - 1]))
        n--;
    if (n == 0)
        return xstrdup(NO_SUBJECT);
    size_t chars = 0, keep = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)p[i] & 0xC0) != 0x80 && ++chars == SUBJECT_MAX_CHARS)
            keep = i;               /* the characters before it, then "…" */
    return chars <= SUBJECT_MAX_CHARS ? xstrndup(p, n) : xasprintf("%.*s…", (int)keep, p);
}

static int64_t sent_at(int64_t date)
{
    int64_t now = time_now();
    return date >= DATE_MIN && date <= now + DATE_AHEAD_MAX ? date : now;
}

/* Who wrote, for the note's visibility (see mailin.h, rule 3). */
static int sender_of(store *s, const struct action *a, const char *from,
                     struct mailin_result *out)
{
    out->visibility = NOTE_INTERNAL;
    if (a->assignee_provider_id) {
        struct provider p = {0};
        int rc = store_provider_get(s, a->assignee_provider_id, &p);
        bool theirs = rc == STORE_OK && mailbox_same_address(p.email, from);
        provider_clear(&p);
        if (rc != STORE_OK && rc != STORE_NOT_FOUND)
            return rc;
        if (theirs) {
            out->visibility = NOTE_PROVIDER;
            return STORE_OK;
        }
    }
    struct contact c = {0};
    int rc = store_contact_by_email(s, from, a->member_id, &c);
    if (rc == STORE_OK) {
        out->visibility = NOTE_MEMBER;
        out->contact_id = c.id;
    }
    contact_clear(&c);
    return rc == STORE_NOT_FOUND ? STORE_OK : rc;
}

/* The text a kept mail shows: its decoded body (or, not a mail, its bytes read as
 * text), cut at BODY_MAX_BYTES like any other; a message too large says so first. */
static char *kept_body(const char *raw, size_t len, const struct mail_in *m, bool too_large)
{
    struct strbuf t = {0};
    if (too_large) {
        char *line = xasprintf(TOO_LARGE, MAILIN_INPUT_MAX / MIB, MAILIN_INPUT_MAX / MIB);
        strbuf_adds(&t, line);
        strbuf_adds(&t, "\n");
        free(line);
    }
    /* Only what can be kept is converted: 25 MiB of Latin-1 would triple. */
    char *own = m ? NULL : mail_to_utf8(NULL, raw, len < BODY_MAX_BYTES ? len
                                                                        : BODY_MAX_BYTES);
    char *marker = xasprintf(CUT_KEPT, (size_t)BODY_MAX_BYTES / MIB);
    size_t room = BODY_MAX_BYTES > t.len ? BODY_MAX_BYTES - t.len : 0;
    add_fitted(&t, m ? m->body : own, room, marker, !m && len > BODY_MAX_BYTES);
    free(marker);
    free(own);
    return strbuf_take(&t);
}

static int add_kept(store *s, const char *raw, size_t len, const struct mail_in *m,
                    bool too_large, int64_t filed_on, int64_t *id)
{
    struct unsorted_mail u = {
        .from_addr = m ? m->from_addr : NULL, .subject = m ? m->subject : NULL,
        .raw = (unsigned char *)raw, .raw_len = len,
        .filed_at = filed_on ? time_now() : 0, .action_id = filed_on,
    };
    char *body = kept_body(raw, len, m, too_large);
    u.body = body;
    int rc = store_unsorted_add(s, &u);
    *id = u.id;
    free(body);
    return rc;
}

/* ---- filing ---------------------------------------------------------------------- */

struct reply {
    const struct mail_in *m;
    const char *raw;
    size_t len;
    struct action a;
    char *body;
};

/* The body, and the whole message kept beside it when the body had to be cut. */
static int make_body(store *s, struct reply *r, struct mailin_result *out)
{
    char *text = mailin_trim_quoted(r->m->body);
    r->body = reply_body(r->m, text, 0, &out->cut);
    int rc = STORE_OK;
    if (out->cut) {
        rc = add_kept(s, r->raw, r->len, r->m, false, r->a.id, &out->unsorted_id);
        free(r->body);
        r->body = rc == STORE_OK ? reply_body(r->m, text, out->unsorted_id, &out->cut)
                                 : NULL;
    }
    free(text);
    return rc;
}

static int write_records(store *s, struct reply *r, struct mailin_result *out,
                         char *err, size_t errlen)
{
    struct note nt = { .action_id = r->a.id, .visibility = out->visibility,
                       .body = r->body };
    int rc = note_add(s, &nt, err, errlen);
    out->note_id = nt.id;
    nt.body = NULL;
    note_clear(&nt);
    if (rc != STORE_OK)
        return rc;
    struct interaction it = {
        .member_id = r->a.member_id, .contact_id = out->contact_id,
        .occurred_at = sent_at(r->m->date), .kind = IKIND_EMAIL_IN,
        .pole_id = r->a.pole_id, .subject = reply_subject(r->m->subject),
        .body = r->body,
    };
    rc = interaction_save(s, &it, err, errlen);
    out->interaction_id = it.id;
    it.body = NULL;
    interaction_clear(&it);
    return rc;
}

/* Rule 3, in one transaction.  STORE_NOT_FOUND (why set) when the action does not
 * exist; other failures with err set. */
static int file_reply(store *s, struct reply *r, struct mailin_result *out,
                      char *err, size_t errlen)
{
    int rc = store_begin(s);
    if (rc != STORE_OK)
        return domain_explain(s, rc, err, errlen);
    rc = store_action_get(s, out->action_id, &r->a);
    if (rc == STORE_NOT_FOUND) {
        out->why = MAILIN_NO_SUCH_ACTION;
        snprintf(err, errlen, _("action #%lld does not exist"), (long long)out->action_id);
    }
    if (rc == STORE_OK)
        rc = sender_of(s, &r->a, r->m->from_addr, out);
    if (rc == STORE_OK)
        rc = make_body(s, r, out);
    if (rc != STORE_OK && rc != STORE_NOT_FOUND)
        domain_explain(s, rc, err, errlen);
    if (rc == STORE_OK)
        rc = write_records(s, r, out, err, errlen);
    if (rc == STORE_OK)
        rc = domain_explain(s, store_commit(s), err, errlen);
    else
        store_rollback(s);
    return rc;
}

/* A refusal a retry would meet again: the message is kept unsorted instead. */
static bool refused_for_good(int rc)
{
    return rc == DOMAIN_INVALID || rc == STORE_CONSTRAINT || rc == STORE_CONFLICT ||
           rc == STORE_NOT_FOUND;
}

/* Rule 3, and what a rolled-back filing leaves: nothing but the reason when the
 * message is to be kept instead. */
static int try_filing(store *s, const struct mail_in *m, const char *raw, size_t len,
                      struct mailin_result *out, char *err, size_t errlen)
{
    struct reply r = { .m = m, .raw = raw, .len = len };
    out->outcome = MAILIN_NOTE;
    int rc = file_reply(s, &r, out, err, errlen);
    action_clear(&r.a);
    free(r.body);
    if (rc == STORE_OK)
        return rc;
    if (refused_for_good(rc) && out->why != MAILIN_NO_SUCH_ACTION) {
        out->why = MAILIN_NOT_FILED;
        snprintf(out->detail, sizeof out->detail, "%s", err);
    }
    out->note_id = out->interaction_id = out->contact_id = out->unsorted_id = 0;
    out->visibility = NOTE_INTERNAL;
    out->cut = false;
    return rc;
}

int mailin_file_on(store *s, const char *raw, size_t len, int64_t action_id,
                   struct mailin_result *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    struct mail_in m;
    char perr[128];
    if (mail_parse(raw, len, &m, perr, sizeof perr) != 0) {
        snprintf(err, errlen, _("not a mail that can be read: %s"), perr);
        return DOMAIN_INVALID;
    }
    out->action_id = action_id;
    int rc = try_filing(s, &m, raw, len, out, err, errlen);
    mail_in_free(&m);
    return rc;
}

static int keep(store *s, const char *raw, size_t len, const struct mail_in *m,
                struct mailin_result *out, char *err, size_t errlen)
{
    out->outcome = MAILIN_UNSORTED;
    int rc = add_kept(s, raw, len, m, out->why == MAILIN_TOO_LARGE, 0, &out->unsorted_id);
    return domain_explain(s, rc, err, errlen);
}

int mailin_file(store *s, const char *raw, size_t len, bool truncated,
                struct mailin_result *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    out->outcome = MAILIN_UNSORTED;
    if (!raw || len == 0) {
        snprintf(err, errlen, "%s", _("empty message: nothing to file"));
        return DOMAIN_INVALID;
    }
    struct mail_in m;
    char perr[128];
    bool parsed = mail_parse(raw, len, &m, perr, sizeof perr) == 0;
    int rc = STORE_OK;
    bool kept = true;
    if (truncated)
        out->why = MAILIN_TOO_LARGE;
    else if (!parsed)
        out->why = MAILIN_UNREADABLE;
    else if (!(out->action_id = mailin_action_ref(&m)))
        out->why = MAILIN_NO_REFERENCE;
    else
        kept = refused_for_good(rc = try_filing(s, &m, raw, len, out, err, errlen));
    if (kept)
        rc = keep(s, raw, len, parsed ? &m : NULL, out, err, errlen);
    mail_in_free(&m);
    return rc;
}
