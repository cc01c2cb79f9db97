/* mail_in — see mail.h: reading a message as it arrives.
 *
 * The raw message is bytes with a length, not a C string: it may hold NUL, so only
 * bounded loops and mem* functions touch it; what is copied out becomes C strings.
 * Headers are looked up where they are (a handful of lookups per part) instead of
 * being stored.  The body is the first text/plain part that is not an attachment,
 * else the first text/html part made into text; the MIME tree is walked depth-first
 * down to MAX_DEPTH, so a hostile nesting cannot exhaust the stack. */
#include "suivi/base/mail.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mail_int.h"
#include "suivi/base/i18n.h"
#include "suivi/base/xalloc.h"

#define MAX_DEPTH    20
#define BOUNDARY_MAX 200
#define NONE         ((size_t)-1)

/* ---- lines --------------------------------------------------------------------------- */

static bool blank(char c)
{
    return c == ' ' || c == '\t';
}

/* The line starting at i: its end before CR LF, and where the next one starts. */
static size_t line_end(const char *s, size_t n, size_t i, size_t *next)
{
    const char *lf = memchr(s + i, '\n', n - i);
    size_t e = lf ? (size_t)(lf - s) : n;
    *next = lf ? e + 1 : n;
    if (e > i && s[e - 1] == '\r')
        e--;
    return e;
}

/* "Name:" (obsolete "Name :" too): printable ASCII up to the colon. */
static bool header_line(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i] > ' ' && s[i] < 0x7F && s[i] != ':')
        i++;
    if (i == 0)
        return false;
    while (i < n && blank(s[i]))
        i++;
    return i < n && s[i] == ':';
}

/* ---- entities: headers and body ------------------------------------------------------ */

struct entity {
    const char *h, *b;          /* header block, body */
    size_t hlen, blen;
};

/* Cut at the first empty line.  A part whose first line is no header has none: it is
 * all body.  A line without a colon among the headers is passed over. */
static void split_entity(const char *s, size_t n, struct entity *e)
{
    size_t next, end = line_end(s, n, 0, &next);
    e->h = s, e->hlen = 0, e->b = s, e->blen = n;
    if (end == 0 && n > 0) {                         /* no headers, then the body */
        e->b = s + next, e->blen = n - next;
        return;
    }
    if (!header_line(s, end))
        return;
    for (size_t i = 0; i < n; i = next) {
        end = line_end(s, n, i, &next);
        if (end == i) {
            e->hlen = i, e->b = s + next, e->blen = n - next;
            return;
        }
    }
    e->hlen = n, e->b = s + n, e->blen = 0;
}

/* The unfolded value of the first header called name, or NULL. */
static char *header_get(const struct entity *e, const char *name)
{
    size_t k = strlen(name), next;
    for (size_t i = 0; i < e->hlen; i = next) {
        size_t end = line_end(e->h, e->hlen, i, &next);
        const char *l = e->h + i;
        size_t ln = end - i, c = k;
        if (!mail_has_prefix_ci(l, ln, name))
            continue;
        while (c < ln && blank(l[c]))
            c++;
        if (c >= ln || l[c] != ':')
            continue;
        struct mail_buf b = { 0 };
        mail_buf_add(&b, l + c + 1, ln - c - 1);
        while (next < e->hlen && blank(e->h[next])) {        /* continuation lines */
            size_t j = next;
            end = line_end(e->h, e->hlen, j, &next);
            mail_buf_add(&b, e->h + j, end - j);
        }
        char *v = mail_value_string(b.p ? b.p : "", b.len);
        free(b.p);
        return v;
    }
    return NULL;
}

/* ---- Content-Type and friends -------------------------------------------------------- */

struct ctype {
    char type[64];                  /* "text/plain", lower case */
    char charset[48];
    char boundary[BOUNDARY_MAX + 1];
    bool flowed, delsp;
};

/* A parameter's value (quoted or not, name without case), or false. */
static bool param_get(const char *v, const char *name, char *out, size_t outlen)
{
    const char *p = strchr(v, ';');
    size_t k = strlen(name);
    while (p && *p) {
        p++;
        while (blank(*p))
            p++;
        bool match = mail_starts_ci(p, name);
        const char *q = p + (match ? k : 0);
        while (blank(*q))
            q++;
        match = match && *q == '=';
        const char *val = match ? q + 1 : q;
        while (blank(*val))
            val++;
        size_t o = 0;
        bool quoted = *val == '"';
        const char *r = val + quoted;
        for (; *r && (quoted ? *r != '"' : (*r != ';' && !blank(*r))); r++) {
            if (quoted && *r == '\\' && r[1])
                r++;
            if (match && o + 1 < outlen)
                out[o++] = *r;
        }
        if (match && outlen) {
            out[o] = '\0';
            return true;
        }
        p = strchr(r, ';');
    }
    return false;
}

static void parse_ctype(const struct entity *e, struct ctype *ct)
{
    memset(ct, 0, sizeof *ct);
    char *v = header_get(e, "Content-Type");
    size_t n = v ? strcspn(v, "; \t") : 0;
    if (n > 0 && n < sizeof ct->type && memchr(v, '/', n)) {
        for (size_t i = 0; i < n; i++)
            ct->type[i] = mail_lower(v[i]);
    } else {
        strcpy(ct->type, "text/plain");              /* RFC 2045 5.2: the default */
    }
    if (v) {
        char f[16];
        param_get(v, "charset", ct->charset, sizeof ct->charset);
        param_get(v, "boundary", ct->boundary, sizeof ct->boundary);
        ct->flowed = param_get(v, "format", f, sizeof f) && mail_starts_ci(f, "flowed");
        ct->delsp = param_get(v, "delsp", f, sizeof f) && mail_starts_ci(f, "yes");
    }
    free(v);
}

static bool is_attachment(const struct entity *e)
{
    char *v = header_get(e, "Content-Disposition");
    bool a = v && mail_starts_ci(v, "attachment");
    free(v);
    return a;
}

static char *decode_transfer(const struct entity *e, size_t *len)
{
    char *v = header_get(e, "Content-Transfer-Encoding");
    const char *cte = v ? v : "";
    char *d;
    if (mail_starts_ci(cte, "base64"))
        d = mail_base64_decode(e->b, e->blen, len);
    else if (mail_starts_ci(cte, "quoted-printable"))
        d = mail_qp_decode(e->b, e->blen, len);
    else {                                           /* 7bit, 8bit, binary, unknown */
        d = xmalloc(e->blen + 1);                    /* (not strndup: it may hold NUL) */
        memcpy(d, e->b, e->blen);
        d[e->blen] = '\0';
        *len = e->blen;
    }
    free(v);
    return d;
}

/* ---- text ---------------------------------------------------------------------------- */

/* CRLF and lone CR as LF, in place. */
static void lf_only(char *s)
{
    size_t j = 0;
    for (size_t i = 0; s[i]; i++) {
        if (s[i] == '\r' && s[i + 1] == '\n')
            continue;
        s[j++] = s[i] == '\r' ? '\n' : s[i];
    }
    s[j] = '\0';
}

/* RFC 3676: a line ending in a space goes on with the next one of the same quote
 * depth; the leading space that stuffed a line goes; "-- " stays a line. */
static char *unflow(const char *s, bool delsp)
{
    struct mail_buf b = { 0 };
    bool open = false;                               /* the last line was flowed */
    size_t open_depth = 0;
    while (*s) {
        size_t n = strcspn(s, "\n"), depth = 0;
        while (depth < n && s[depth] == '>')
            depth++;
        const char *c = s + depth;
        size_t cn = n - depth;
        if (cn && *c == ' ')
            c++, cn--;
        bool flowed = cn && c[cn - 1] == ' ' && !(cn == 3 && memcmp(c, "-- ", 3) == 0);
        if (!(open && depth == open_depth)) {
            if (open)
                mail_buf_addc(&b, '\n');
            for (size_t i = 0; i < depth; i++)
                mail_buf_addc(&b, '>');
            if (depth && cn)
                mail_buf_addc(&b, ' ');
        }
        mail_buf_add(&b, c, flowed && delsp ? cn - 1 : cn);
        if (!flowed)
            mail_buf_addc(&b, '\n');
        open = flowed, open_depth = depth;
        s += n + (s[n] == '\n');
    }
    if (open)
        mail_buf_addc(&b, '\n');
    return mail_buf_take(&b);
}

/* The charset an HTML part declares in a <meta>, for a part whose header does not. */
static void html_meta_charset(const char *s, size_t n, char *out, size_t outlen)
{
    size_t lim = n < 4096 ? n : 4096;
    for (size_t i = 0; i + 8 < lim; i++) {
        if (!mail_has_prefix_ci(s + i, lim - i, "charset="))
            continue;
        size_t j = i + 8, o = 0;
        if (j < lim && (s[j] == '"' || s[j] == '\''))
            j++;
        for (; j < lim && o + 1 < outlen; j++) {
            char c = mail_lower(s[j]);
            if (!(c == '-' || c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')))
                break;
            out[o++] = s[j];
        }
        out[o] = '\0';
        return;
    }
}

/* ---- the MIME tree ------------------------------------------------------------------- */

struct pick {
    char *plain, *html;
};

static void walk(const char *s, size_t n, int depth, struct pick *pk);

static char *leaf_text(const struct entity *e, const struct ctype *ct, bool html)
{
    size_t len;
    char *raw = decode_transfer(e, &len);
    char cs[sizeof ct->charset];
    memcpy(cs, ct->charset, sizeof cs);
    if (html && !cs[0])
        html_meta_charset(raw, len, cs, sizeof cs);
    char *t = mail_to_utf8(cs, raw, len);
    free(raw);
    lf_only(t);
    char *r = html ? mail_html_to_text(t, strlen(t)) : ct->flowed ? unflow(t, ct->delsp) : NULL;
    if (r) {
        free(t);
        t = r;
    }
    return t;
}

/* Is the line s[0..n) "--boundary" or "--boundary--"?  Sets *close for the latter. */
static bool delimiter(const char *s, size_t n, const char *bd, size_t bl, bool *close)
{
    if (n < bl + 2 || s[0] != '-' || s[1] != '-' || memcmp(s + 2, bd, bl) != 0)
        return false;
    size_t i = bl + 2;
    *close = i + 1 < n && s[i] == '-' && s[i + 1] == '-';
    if (*close)
        i += 2;
    while (i < n && blank(s[i]))                     /* transport padding */
        i++;
    return i == n;
}

/* Walk the parts between delimiters; preamble and epilogue are ignored, a missing
 * close delimiter ends the last part at the end.  False when no delimiter was seen. */
static bool walk_parts(const char *s, size_t n, const char *bd, int depth, struct pick *pk)
{
    size_t bl = strlen(bd), start = NONE, next;
    if (bl == 0)
        return false;
    for (size_t i = 0; i < n && !pk->plain; i = next) {
        size_t end = line_end(s, n, i, &next);
        bool close;
        if (!delimiter(s + i, end - i, bd, bl, &close))
            continue;
        if (start != NONE) {
            size_t pe = i;                           /* the break before a delimiter */
            if (pe > start && s[pe - 1] == '\n')     /* is the delimiter's */
                pe--;
            if (pe > start && s[pe - 1] == '\r')
                pe--;
            walk(s + start, pe - start, depth + 1, pk);
        }
        if (close)
            return true;
        start = next;
    }
    if (start != NONE && !pk->plain)
        walk(s + start, n - start, depth + 1, pk);
    return start != NONE;
}

/* No boundary parameter, or one that matches nothing: the first "--" line's. */
static void guess_boundary(const char *s, size_t n, char *out, size_t outlen)
{
    out[0] = '\0';
    for (size_t i = 0, next; i < n; i = next) {
        size_t end = line_end(s, n, i, &next);
        while (end > i && blank(s[end - 1]))
            end--;
        if (end - i > 2 && end - i - 2 < outlen && s[i] == '-' && s[i + 1] == '-') {
            memcpy(out, s + i + 2, end - i - 2);
            out[end - i - 2] = '\0';
            return;
        }
    }
}

static void walk(const char *s, size_t n, int depth, struct pick *pk)
{
    struct entity e;
    struct ctype ct;
    if (depth > MAX_DEPTH)
        return;
    split_entity(s, n, &e);
    parse_ctype(&e, &ct);
    if (depth > 0 && is_attachment(&e))
        return;
    if (strncmp(ct.type, "multipart/", 10) == 0) {
        if (walk_parts(e.b, e.blen, ct.boundary, depth, pk))
            return;
        char guess[BOUNDARY_MAX + 1];
        guess_boundary(e.b, e.blen, guess, sizeof guess);
        if (!walk_parts(e.b, e.blen, guess, depth, pk) && !pk->plain) {
            struct ctype plain = { .type = "text/plain" };   /* no delimiter at all: */
            pk->plain = leaf_text(&e, &plain, false);        /* mislabelled text */
        }
    } else if (strcmp(ct.type, "text/plain") == 0 && !pk->plain) {
        pk->plain = leaf_text(&e, &ct, false);
    } else if (strcmp(ct.type, "text/html") == 0 && !pk->html) {
        pk->html = leaf_text(&e, &ct, true);
    }
}

/* ---- the message --------------------------------------------------------------------- */

static char *decoded_or_empty(const struct entity *e, const char *name)
{
    char *v = header_get(e, name);
    char *d = mail_decode_header(v ? v : "");
    free(v);
    char *r = mail_value_string(d, strlen(d));           /* a decoded "=0A" is a control */
    free(d);
    return r;
}

static char *ids_or_empty(const struct entity *e, const char *name)
{
    char *v = header_get(e, name);
    char *r = mail_ids_of(v ? v : "");
    free(v);
    return r;
}

static int fail(char *err, size_t errlen, const char *why)
{
    if (err && errlen)
        snprintf(err, errlen, "%s", why);
    return -1;
}

int mail_parse(const char *raw, size_t len, struct mail_in *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (!raw || len == 0)
        return fail(err, errlen, _("empty message"));
    size_t skip = 0;
    if (len > 5 && memcmp(raw, "From ", 5) == 0)     /* an mbox separator line */
        line_end(raw, len, 0, &skip);
    struct entity e;
    split_entity(raw + skip, len - skip, &e);
    if (e.hlen == 0)
        return fail(err, errlen, _("not a mail: no header section"));
    char *from = header_get(&e, "From");
    mail_parse_from(from ? from : "", &out->from_addr, &out->from_name);
    free(from);
    out->subject = decoded_or_empty(&e, "Subject");
    out->message_id = ids_or_empty(&e, "Message-ID");
    out->in_reply_to = ids_or_empty(&e, "In-Reply-To");
    out->references = ids_or_empty(&e, "References");
    char *date = header_get(&e, "Date");
    out->date = date ? mail_parse_date(date) : 0;
    free(date);
    struct pick pk = { 0 };
    walk(raw + skip, len - skip, 0, &pk);
    out->body_from_html = !pk.plain && pk.html != NULL;
    out->body = pk.plain ? pk.plain : pk.html ? pk.html : xstrdup("");
    if (pk.plain)
        free(pk.html);
    return 0;
}

void mail_in_free(struct mail_in *m)
{
    if (!m)
        return;
    free(m->from_addr);
    free(m->from_name);
    free(m->subject);
    free(m->message_id);
    free(m->in_reply_to);
    free(m->references);
    free(m->body);
    memset(m, 0, sizeof *m);
}
