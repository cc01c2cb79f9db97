/* mail — writing a message for sendmail, and reading one that came in.
 *
 * Composing (mail_out.c) gives an RFC 5322 / MIME message with LF line ends, for
 * `sendmail -t -oi`: header values are RFC 2047 encoded and folded at 78 columns,
 * the body is 7bit when that is exact, else quoted-printable UTF-8.  A line break in
 * a value can never start a new header: addresses and ids are refused, a subject or a
 * display name has it replaced by a space.
 *
 * Parsing (mail_in.c) takes any message as it arrives — CRLF or LF, folded headers,
 * encoded words, quoted-printable or base64, Latin-1, Windows-1252 and the rest, nested
 * multiparts, HTML-only mail — and gives the sender, the subject, the ids and one text
 * body in UTF-8.  Malformed input yields what could be read, never a crash.
 *
 * The codecs underneath (mail_charset.c, mail_html.c; header fields in mail_fields.c)
 * are exported too: the tests drive them directly, and a caller may hold such text.
 * Every char * returned is malloc'd, NUL-terminated, and the caller's to free. */
#ifndef SUIVI_MAIL_H
#define SUIVI_MAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- composing ----------------------------------------------------------------------- */

struct mail_out {
    const char *from_name, *from_addr;  /* name may be NULL or "" */
    const char *to_name, *to_addr;
    const char *cc_addr;                /* NULL or "": no Cc */
    const char *subject;                /* UTF-8 */
    const char *body;                   /* UTF-8, LF line ends */
    const char *message_id_domain;      /* NULL or "": the domain of from_addr */
    const char *in_reply_to;            /* a Message-ID, with or without <>; may be NULL */
    int64_t date;                       /* unix time; 0: now */
    /* Optional (zero when unused): */
    int64_t action_id;                  /* > 0: a Message-ID naming the action */
    const char *message_id;             /* e.g. from mail_message_id, when the caller
                                         * stores the id before sending; NULL: a new
                                         * one is made */
};

/* The whole message, LF line ends, ending in a newline.  NULL with a message in err
 * naming the field (From, To, Cc, In-Reply-To, Message-ID) when an address or id is
 * unusable: missing, not exactly one '@', a space, a control character, <>, a
 * non-ASCII byte. */
char *mail_compose(const struct mail_out *m, char *err, size_t errlen);

/* An unstructured header value (UTF-8) as it goes on the wire: words with non-ASCII
 * (or "=?", or longer than 60 bytes) become =?UTF-8?Q?…?= or =?UTF-8?B?…?= words of
 * at most 66 characters, never splitting a UTF-8 character; the result has no line
 * break (mail_compose folds at its spaces).  Controls become spaces, runs of spaces
 * one, and the ends are trimmed; invalid UTF-8 becomes U+FFFD. */
char *mail_encode_header_word(const char *utf8);

/* A new Message-ID, "<suivi.T.P.C.R@domain>", or "<suivi.action.N.T.P.C.R@domain>"
 * when action_id > 0 (T time, P pid, C a counter, R 64 random bits).  0, or -1 when
 * the domain is not a host name or the id does not fit (MAIL_ID_MAX is enough). */
#define MAIL_ID_MAX 320
int mail_message_id(const char *domain, int64_t action_id, char *out, size_t outlen);

/* ---- parsing ------------------------------------------------------------------------- */

/* Every string is non-NULL ("" when the header or body is missing). */
struct mail_in {
    char *from_addr;        /* lower-cased addr-spec */
    char *from_name;        /* UTF-8, decoded */
    char *subject;          /* UTF-8, decoded, controls turned into spaces */
    char *message_id;       /* "<id>" */
    char *in_reply_to;      /* "<id>", or several separated by one space */
    char *references;       /* "<id1> <id2> …", unfolded */
    int64_t date;           /* unix time; 0 if missing or unreadable */
    char *body;             /* UTF-8 text, LF line ends */
    bool body_from_html;    /* the body is text made from the text/html part */
};

/* 0, or -1 with a message when raw is empty or has no header section (then *out is
 * zeroed, nothing to free).  On success free *out with mail_in_free. */
int mail_parse(const char *raw, size_t len, struct mail_in *out, char *err, size_t errlen);
void mail_in_free(struct mail_in *m);

/* The action N named by a "[suivi #N]" tag in a subject ("[suivi#N]", any case), or
 * 0.  The first tag counts. */
int mail_action_ref(const char *subject);
/* The action N of the last "<suivi.action.N.…@…>" id in an In-Reply-To or References
 * value, or 0.  NULL is fine. */
int64_t mail_action_ref_from_ids(const char *ids);

/* ---- codecs -------------------------------------------------------------------------- */

/* RFC 2047: a header value with encoded words, raw 8-bit text (UTF-8, else taken as
 * Windows-1252) and whitespace between adjacent encoded words dropped, to UTF-8. */
char *mail_decode_header(const char *value);

/* Quoted-printable (RFC 2045) of a UTF-8 text with LF line ends: lines of at most 76
 * characters with soft breaks, '=' and trailing blanks encoded, ending in a newline
 * ("" stays ""). */
char *mail_qp_encode(const char *text);
/* Content-Transfer-Encoding decoders, tolerant of junk; *outlen (may be NULL) gets the
 * length, the result may hold NUL bytes. */
char *mail_qp_decode(const char *s, size_t len, size_t *outlen);
char *mail_base64_decode(const char *s, size_t len, size_t *outlen);

/* Bytes in a charset (NULL or "": unknown) to valid UTF-8.  UTF-8, US-ASCII,
 * ISO-8859-1, ISO-8859-15 and Windows-1252 by table (ISO-8859-1 read as Windows-1252,
 * as mail readers do), others through iconv; unknown or unlabelled 8-bit text is kept
 * when it is valid UTF-8, else read as Windows-1252.  Bad bytes and NUL become U+FFFD. */
char *mail_to_utf8(const char *charset, const char *s, size_t len);

/* Text of an HTML document (UTF-8): head, style and script dropped, tags stripped,
 * block ends as line breaks, entities decoded, blank lines collapsed, trailing blanks
 * cut; ends in a newline unless empty. */
char *mail_html_to_text(const char *html, size_t len);

#endif
