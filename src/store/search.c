/* search — the global search (search.h) over the FTS5 indexes of schema v3.
 *
 * The user's text never reaches FTS5 as syntax: query_make cuts it into words
 * and quoted phrases and writes each as an FTS5 string ("..."), with a star
 * after it only where search.h says a prefix is meant.  Expressions are bound as
 * parameters of constant statements, three per kind.
 *
 * What a search costs, measured on 2,000,000 interactions: bm25 counts, before
 * scoring the first row, every row holding each of the search's terms (its IDF);
 * for a term in a million rows that alone is some 40 ms, whatever the LIMIT.  So
 * each kind is probed first (a walk of at most SEARCH_RANK_MAX rows per term):
 * when every term is rarer than that, bm25 ranks the rows (FTS5 sorts itself,
 * and joins and snippet() run for the rows returned only); otherwise the rows
 * come newest first, read from the end of the index with no count at all. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "suivi/base/i18n.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/strbuf.h"
#include "suivi/base/xalloc.h"
#include "suivi/store/search.h"

/* The shortest prefix searched, in characters: FTS5 merges the rows of every
 * word a prefix names before returning the first, and on 2,000,000 interactions
 * a two-letter prefix ("de*") took a quarter of a second; two-letter words typed
 * bare ("de", "la") are whole words anyway. */
#define PREFIX_MIN 3

/* ---- the FTS5 expression ---- */

/* Where a SIREN typed in groups may break: ASCII spaces, and the no-break and
 * narrow no-break spaces of French typography (U+00A0, U+202F), as pasted from a
 * web page.  Returns the bytes of the space at p, 0 if none. */
static size_t space_at(const char *p)
{
    if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\v' || *p == '\f')
        return 1;
    if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0)
        return 2;
    if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
        (unsigned char)p[2] == 0xAF)
        return 3;
    return 0;
}

/* A byte of a word to the unicode61 tokenizer: ASCII letters and digits, and any
 * byte of a non-ASCII character (we cannot tell its class without the tokenizer's
 * tables; one that turns out to be punctuation only leaves an empty phrase, which
 * FTS5 ignores). */
static bool is_word_byte(char c)
{
    unsigned char u = (unsigned char)c;
    return u >= 0x80 || (u >= '0' && u <= '9') || ((u | 0x20) >= 'a' && (u | 0x20) <= 'z');
}

/* The characters of the last word of [p, p + len), punctuation after it
 * skipped: what a star would extend ("certif." -> 6, "Créac'h" -> 1). */
static size_t tail_chars(const char *p, size_t len)
{
    size_t n = 0;
    while (len > 0 && !is_word_byte(p[len - 1]))
        len--;
    for (; len > 0 && is_word_byte(p[len - 1]); len--)
        if (((unsigned char)p[len - 1] & 0xC0) != 0x80)
            n++;
    return n;
}

static bool has_word_byte(const char *p, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (is_word_byte(p[i]))
            return true;
    return false;
}

/* œ Œ æ Æ spelt out, as schema v3's FTS_FOLD does on the indexed text: the same
 * byte length (two bytes each way), so the copy is as long as text. */
static char *fold_ligatures(const char *text)
{
    char *t = xstrdup(text);
    for (unsigned char *p = (unsigned char *)t; *p; p++) {
        const char *to = NULL;
        if (p[0] == 0xC5 && p[1] == 0x93)
            to = "oe";
        else if (p[0] == 0xC5 && p[1] == 0x92)
            to = "OE";
        else if (p[0] == 0xC3 && p[1] == 0xA6)
            to = "ae";
        else if (p[0] == 0xC3 && p[1] == 0x86)
            to = "AE";
        if (to) {
            p[0] = (unsigned char)to[0];
            p[1] = (unsigned char)to[1];
            p++;
        }
    }
    return t;
}

/* A text that is a SIREN (9 digits) or a SIRET (14), maybe in groups, into
 * digits (15 bytes). */
static bool siren_digits(const char *t, char *digits)
{
    size_t n = 0;
    while (*t) {
        size_t sp = space_at(t);
        if (sp) {
            t += sp;
            continue;
        }
        if (*t < '0' || *t > '9' || n == 14)
            return false;
        digits[n++] = *t++;
    }
    digits[n] = '\0';
    return n == 9 || n == 14;
}

/* A word or a phrase of the user's text: bytes [p, p + len). */
struct term {
    const char *p;
    size_t len;
    bool phrase;        /* typed in double quotes */
    bool star;          /* typed with a trailing '*'; once read_terms is done,
                           searched as a prefix */
};

/* Read the term at *p (not a space) and move *p past it.  A phrase runs to the
 * next double quote or the end of the text; a word to a space or a quote. */
static struct term next_term(const char **p)
{
    struct term w = { .p = *p };
    const char *q = *p;
    if (*q == '"') {
        const char *end = strchr(q + 1, '"');
        w.p = q + 1;
        w.len = end ? (size_t)(end - w.p) : strlen(w.p);
        w.phrase = true;
        q = end ? end + 1 : w.p + w.len;
        for (; *q == '*'; q++)
            w.star = true;
    } else {
        while (*q && !space_at(q) && *q != '"')
            q++;
        w.len = (size_t)(q - w.p);
        for (; w.len > 0 && w.p[w.len - 1] == '*'; w.len--)
            w.star = true;
    }
    *p = q;
    return w;
}

/* w as an FTS5 string (a double quote inside doubled), with a star when star. */
static char *quoted(const struct term *w, bool star)
{
    char *out = xmalloc(2 * w->len + 4), *o = out;
    *o++ = '"';
    for (size_t i = 0; i < w->len; i++) {
        if (w->p[i] == '"')
            *o++ = '"';
        *o++ = w->p[i];
    }
    *o++ = '"';
    if (star)
        *o++ = '*';
    *o = '\0';
    return out;
}

/* Whether w is searched as a prefix (search.h): starred, or the last word typed
 * bare, and long enough. */
static bool wants_prefix(const struct term *w, bool last)
{
    return (w->star || (last && !w->phrase)) && tail_chars(w->p, w->len) >= PREFIX_MIN;
}

/* The terms of t into terms (room for one per byte of t), those with no word in
 * them dropped ("-", "*", "()"); returns their number. */
static size_t read_terms(const char *t, struct term *terms)
{
    size_t k = 0;
    for (const char *p = t; *p;) {
        size_t sp = space_at(p);
        if (sp) {
            p += sp;
            continue;
        }
        struct term w = next_term(&p);
        if (has_word_byte(w.p, w.len))
            terms[k++] = w;
    }
    for (size_t i = 0; i < k; i++)
        terms[i].star = wants_prefix(&terms[i], i + 1 == k);
    return k;
}

/* A search, ready for FTS5: the whole expression (every term, space-separated:
 * all of them), and each term alone, as a prefix and without the star, for the
 * probes that decide how to rank (search_kind). */
struct query {
    char *expr;         /* NULL: nothing to search */
    size_t len;         /* of expr */
    size_t n;
    char **term;        /* "certif"* */
    char **exact;       /* "certif", or NULL when the term is no prefix */
    char **word;        /* certif, folded: a prefix that may be asked as the words
                           it names (search_vocab.c); else NULL */
    bool too_many;      /* more than SEARCH_MAX_TERMS terms: expr stays NULL */
};

/* A prefix typed as one bare word of letters and digits, folded as the index
 * folds it; NULL for anything else (a phrase, "Créac'h", a word FTS5 would cut). */
static char *vocab_word(const struct term *w)
{
    if (!w->star || w->phrase)
        return NULL;
    char *raw = xmalloc(w->len + 1);
    memcpy(raw, w->p, w->len);
    raw[w->len] = '\0';
    char *f = fold_for_search(raw);
    free(raw);
    for (const char *c = f; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9'))) {
            free(f);
            return NULL;
        }
    return f;
}

static void query_add(struct query *q, const struct term *w)
{
    char *t = q->term[q->n] = quoted(w, w->star);
    q->exact[q->n] = w->star ? quoted(w, false) : NULL;
    q->word[q->n] = vocab_word(w);
    size_t len = strlen(t);
    q->expr = xreallocarray(q->expr, q->len + len + 2, 1);
    if (q->len)
        q->expr[q->len++] = ' ';
    memcpy(q->expr + q->len, t, len + 1);
    q->len += len;
    q->n++;
}

static void query_free(struct query *q)
{
    for (size_t i = 0; i < q->n; i++) {
        free(q->term[i]);
        free(q->exact[i]);
        free(q->word[i]);
    }
    free(q->term);
    free(q->exact);
    free(q->word);
    free(q->expr);
}

/* q->expr stays NULL when there is nothing to search. */
static void query_make(struct query *q, const char *text)
{
    *q = (struct query){0};
    if (!text)
        return;
    char *t = fold_ligatures(text);
    size_t n = strlen(t);
    struct term *terms = xcalloc(n + 1, sizeof *terms);
    char digits[15];
    size_t k = 1;
    if (siren_digits(t, digits))
        terms[0] = (struct term){ digits, strlen(digits), false, strlen(digits) == 9 };
    else
        k = read_terms(t, terms);
    q->too_many = k > SEARCH_MAX_TERMS;
    if (q->too_many)
        k = 0;
    q->term = xcalloc(k + 1, sizeof *q->term);
    q->exact = xcalloc(k + 1, sizeof *q->exact);
    q->word = xcalloc(k + 1, sizeof *q->word);
    for (size_t i = 0; i < k; i++)
        query_add(q, &terms[i]);
    free(terms);
    free(t);
}

char *search_match_expr(const char *text)
{
    struct query q;
    query_make(&q, text);
    char *expr = q.expr;
    q.expr = NULL;
    query_free(&q);
    return expr;
}

/* ---- the statements ---- */

/* Every kind's rows: id, member_id, action_id, title, member name, snippet, time;
 * ?1 the expression, ?2 the limit.  A member or an action missing behind a row
 * (written with foreign keys off) leaves a hit without its names, not no hit.
 * Ranked: bm25 with the weights of the index (schema v3), FTS5 sorting itself.
 * Recent: the rows written last first, read from the end of the index. */
#define MATCHES(t) " WHERE " t "_fts MATCH ?1"
#define RANKED(t) MATCHES(t) " ORDER BY " t "_fts.rank LIMIT ?2"
#define RECENT(t) MATCHES(t) " ORDER BY " t "_fts.rowid DESC LIMIT ?2"
/* ?3: a provider's login sees its own actions, and the notes shared with providers
 * on them, nothing else (0: everyone's). */
#define OWN_ACTION " AND (?3 = 0 OR a.assignee_provider_id = ?3)"
#define OWN_NOTE " AND (?3 = 0 OR (a.assignee_provider_id = ?3 AND n.visibility = 'provider'))"
#define RANKED_IF(t, own) MATCHES(t) own " ORDER BY " t "_fts.rank LIMIT ?2"
#define RECENT_IF(t, own) MATCHES(t) own " ORDER BY " t "_fts.rowid DESC LIMIT ?2"
/* A few words of column col around the words found, plain text. */
#define SNIPPET(t, col) "snippet(" t "_fts, " col ", '', '', '\xe2\x80\xa6', 12)"

#define MEMBERS \
    "SELECT m.id, m.id, 0, m.name, m.name, m.siren, NULL" \
    " FROM member_fts JOIN member m ON m.id = member_fts.rowid"
#define CONTACTS \
    "SELECT c.id, c.member_id, 0, c.name, m.name," \
    " CASE WHEN c.role IS NULL THEN c.email WHEN c.email IS NULL THEN c.role" \
    "      ELSE c.role || ' \xc2\xb7 ' || c.email END, NULL" \
    " FROM contact_fts JOIN contact c ON c.id = contact_fts.rowid" \
    " LEFT JOIN member m ON m.id = c.member_id"
#define INTERACTIONS \
    "SELECT i.id, i.member_id, 0, i.subject, m.name, " SNIPPET("interaction", "1") "," \
    " i.occurred_at" \
    " FROM interaction_fts JOIN interaction i ON i.id = interaction_fts.rowid" \
    " LEFT JOIN member m ON m.id = i.member_id"
#define ACTIONS \
    "SELECT a.id, a.member_id, a.id, a.title, m.name, " SNIPPET("action", "1") "," \
    " a.created_at" \
    " FROM action_fts JOIN action a ON a.id = action_fts.rowid" \
    " LEFT JOIN member m ON m.id = a.member_id"
#define NOTES \
    "SELECT n.id, a.member_id, n.action_id, a.title, m.name, " SNIPPET("note", "0") "," \
    " n.at" \
    " FROM note_fts JOIN note n ON n.id = note_fts.rowid" \
    " LEFT JOIN action a ON a.id = n.action_id" \
    " LEFT JOIN member m ON m.id = a.member_id"

static const char SQL_MEMBERS_RANKED[] = MEMBERS RANKED("member");
static const char SQL_MEMBERS_RECENT[] = MEMBERS RECENT("member");
static const char SQL_CONTACTS_RANKED[] = CONTACTS RANKED("contact");
static const char SQL_CONTACTS_RECENT[] = CONTACTS RECENT("contact");
static const char SQL_INTERACTIONS_RANKED[] = INTERACTIONS RANKED("interaction");
static const char SQL_INTERACTIONS_RECENT[] = INTERACTIONS RECENT("interaction");
static const char SQL_ACTIONS_RANKED[] = ACTIONS RANKED_IF("action", OWN_ACTION);
static const char SQL_ACTIONS_RECENT[] = ACTIONS RECENT_IF("action", OWN_ACTION);
static const char SQL_NOTES_RANKED[] = NOTES RANKED_IF("note", OWN_NOTE);
static const char SQL_NOTES_RECENT[] = NOTES RECENT_IF("note", OWN_NOTE);

/* A row when one term (?1) is in more than ?2 rows: the walk stops there. */
#define PROBE(t) "SELECT 1 FROM " t "_fts" MATCHES(t) " LIMIT 1 OFFSET ?2"
static const char SQL_PROBE_MEMBERS[] = PROBE("member");
static const char SQL_PROBE_CONTACTS[] = PROBE("contact");
static const char SQL_PROBE_INTERACTIONS[] = PROBE("interaction");
static const char SQL_PROBE_ACTIONS[] = PROBE("action");
static const char SQL_PROBE_NOTES[] = PROBE("note");

static const struct {
    const char *ranked, *recent, *probe;
} SQL_KIND[SEARCH_KINDS] = {
    [SEARCH_MEMBER] = { SQL_MEMBERS_RANKED, SQL_MEMBERS_RECENT, SQL_PROBE_MEMBERS },
    [SEARCH_CONTACT] = { SQL_CONTACTS_RANKED, SQL_CONTACTS_RECENT, SQL_PROBE_CONTACTS },
    [SEARCH_INTERACTION] = { SQL_INTERACTIONS_RANKED, SQL_INTERACTIONS_RECENT,
                             SQL_PROBE_INTERACTIONS },
    [SEARCH_ACTION] = { SQL_ACTIONS_RANKED, SQL_ACTIONS_RECENT, SQL_PROBE_ACTIONS },
    [SEARCH_NOTE] = { SQL_NOTES_RANKED, SQL_NOTES_RECENT, SQL_PROBE_NOTES },
};

static const char *const KIND_CODE[SEARCH_KINDS] = {
    "member", "contact", "interaction", "action", "note",
};

const char *search_kind_code(enum search_kind k)
{
    return (unsigned)k < SEARCH_KINDS ? KIND_CODE[k] : "?";
}

/* ---- reading ---- */

/* s on one line (a body's line breaks and tabs become single spaces), trimmed;
 * NULL when nothing is left.  Takes ownership of s. */
static char *one_line(char *s)
{
    if (!s)
        return NULL;
    char *o = s;
    bool space = true;              /* drops leading spaces */
    for (const char *p = s; *p; p++) {
        bool ws = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\v' ||
                  *p == '\f';
        if (ws && !space)
            *o++ = ' ';
        else if (!ws)
            *o++ = *p;
        space = ws;
    }
    if (o > s && o[-1] == ' ')
        o--;
    *o = '\0';
    if (o == s) {
        free(s);
        return NULL;
    }
    return s;
}

static void read_hit(sqlite3_stmt *st, enum search_kind k, struct search_hit *h)
{
    h->kind = k;
    h->id = db_col_int(st, 0);
    h->member_id = db_col_int(st, 1);
    h->action_id = db_col_int(st, 2);
    h->title = db_col_text(st, 3);
    h->member_name = db_col_text(st, 4);
    h->snippet = one_line(db_col_text(st, 5));
    h->at = db_col_time(st, 6);
}

struct hits {
    struct search_hit *a;
    int n, cap;
};

/* Run st (bound to probe expr) and say whether it found a row. */
static int probe(store *s, sqlite3_stmt *st, const char *expr, bool *common)
{
    int rc = SQLITE_OK;
    db_bind_text(st, 1, expr, &rc);
    db_bind_int(st, 2, SEARCH_RANK_MAX, &rc);
    if ((rc = db_bind_check(s, st, rc)) != STORE_OK)
        return rc;
    int step = sqlite3_step(st);
    *common = step == SQLITE_ROW;
    int out = step == SQLITE_ROW || step == SQLITE_DONE ? STORE_OK
            : db_fail(s, step, _("searching"));
    db_reset(st);
    return out;
}

/* Whether one of q's terms is in more than SEARCH_RANK_MAX of kind k's rows.
 * Every term is first probed as a whole word (a walk of at most that many rows):
 * "certificat"* is common when "certificat" is, and a prefix costs more to probe
 * (as the words it names, alt[i], when it could be: search_vocab.c). */
static int has_common_term(store *s, enum search_kind k, const struct query *q,
                           char *const *alt, bool *common)
{
    *common = false;
    sqlite3_stmt *st = db_stmt(s, SQL_KIND[k].probe);
    if (!st)
        return STORE_ERROR;
    int rc = STORE_OK;
    for (size_t i = 0; rc == STORE_OK && !*common && i < q->n; i++)
        rc = probe(s, st, q->exact[i] ? q->exact[i] : q->term[i], common);
    for (size_t i = 0; rc == STORE_OK && !*common && i < q->n; i++)
        if (q->exact[i])
            rc = probe(s, st, alt[i] ? alt[i] : q->term[i], common);
    return rc;
}

/* q's expression for kind k: each prefix that names few words of k's index as
 * those words (alt[i], filled here; search_vocab.c), the other terms as typed. */
static char *kind_expr(store *s, enum search_kind k, const struct query *q, char **alt)
{
    struct strbuf b = {0};
    for (size_t i = 0; i < q->n; i++) {
        alt[i] = q->word[i] ? db_vocab_words(s, (int)k, q->word[i]) : NULL;
        if (i)
            strbuf_adds(&b, " AND ");   /* FTS5 joins a "(...)" by no implicit AND */
        if (alt[i]) {
            strbuf_adds(&b, "(");
            strbuf_adds(&b, alt[i]);
            strbuf_adds(&b, ")");
        } else {
            strbuf_adds(&b, q->term[i]);
        }
    }
    return strbuf_take(&b);
}

static int search_rows(store *s, enum search_kind k, const char *expr, bool common,
                       int limit, struct hits *h)
{
    sqlite3_stmt *st = db_stmt(s, common ? SQL_KIND[k].recent : SQL_KIND[k].ranked);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_text(st, 1, expr, &rc);
    db_bind_int(st, 2, limit, &rc);
    if (k == SEARCH_ACTION || k == SEARCH_NOTE)
        db_bind_int(st, 3, s->provider_only, &rc);
    if ((rc = db_bind_check(s, st, rc)) != STORE_OK)
        return rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        read_hit(st, k, db_array_push((void **)&h->a, &h->n, &h->cap, sizeof *h->a));
    int out = rc == SQLITE_DONE ? STORE_OK : db_fail(s, rc, _("searching"));
    db_reset(st);
    return out;
}

static int search_kind(store *s, enum search_kind k, const struct query *q, int limit,
                       struct hits *h)
{
    char **alt = xcalloc(q->n + 1, sizeof *alt);
    char *expr = kind_expr(s, k, q, alt);
    bool common;
    int rc = has_common_term(s, k, q, alt, &common);
    if (rc == STORE_OK)
        rc = search_rows(s, k, expr, common, limit, h);
    for (size_t i = 0; i < q->n; i++)
        free(alt[i]);
    free(alt);
    free(expr);
    return rc;
}

int store_search(store *s, const char *text, int limit_per_kind, struct search_hit **out,
                 int *n)
{
    *out = NULL;
    *n = 0;
    if (limit_per_kind < 1)
        return db_failf(s, STORE_ERROR, "%s", _("internal error: a search limit below 1"));
    struct query q;
    query_make(&q, text);
    if (!q.expr) {
        bool too_many = q.too_many;
        query_free(&q);
        return too_many ? db_failf(s, STORE_ERROR, _("a search takes at most %d words"),
                                   SEARCH_MAX_TERMS) : STORE_OK;
    }
    struct hits h = {0};
    int rc = store_read_begin(s);
    bool began = rc == STORE_OK;
    for (int k = 0; rc == STORE_OK && k < SEARCH_KINDS; k++)
        if (!db_provider_only(s) || k == SEARCH_ACTION || k == SEARCH_NOTE)
            rc = search_kind(s, (enum search_kind)k, &q, limit_per_kind, &h);
    if (began)
        store_read_end(s);
    query_free(&q);
    if (rc != STORE_OK) {
        search_hits_free(h.a, h.n);
        return rc;
    }
    *out = h.a;
    *n = h.n;
    return STORE_OK;
}

void search_hits_free(struct search_hit *h, int n)
{
    for (int i = 0; i < n; i++) {
        free(h[i].title);
        free(h[i].member_name);
        free(h[i].snippet);
    }
    free(h);
}
