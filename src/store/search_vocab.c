/* search_vocab — a prefix of the global search asked as the words it names
 * (search.c).
 *
 * FTS5 answers "certif"* by merging in memory the rows of every word of the index
 * that starts with "certif", all of them, before it returns the first, whatever
 * the LIMIT: on 2,000,000 interactions "certificat"* built a list of 2 MB, and
 * SQLite's heap peaked at 7.7 MB for it; "certificat" OR "certificats", the same
 * rows, peaked at 0.3 MB and came at once, each word's rows being read from the
 * index as they are returned.  So a prefix that names a few words is asked as
 * those words, found in the index's vocabulary (an fts5vocab table per index, in
 * the connection's temp schema, made on the first search); one that names more,
 * or none, or that the vocabulary cannot answer, is left to FTS5 as a prefix (the
 * same rows, the old cost).
 *
 * The vocabulary is read one word at a time: the first word >= the prefix, then
 * the first >= that word followed by "\x01" (the smallest string after it) — a
 * seek each.  An 'instance' vocabulary yields its rows as it walks, where a 'row'
 * one counts each word's rows before yielding it (10 ms for "certificat"), and
 * "term > w" walks every instance of w before skipping it (34 ms): ">=" on the
 * successor is the seek. */
#include "store_internal.h"

#include <stdlib.h>
#include <string.h>

#include "suivi/base/strbuf.h"
#include "suivi/base/xalloc.h"
#include "suivi/store/search.h"

/* The most words a prefix is asked as; more stay a prefix. */
#define VOCAB_WORDS_MAX 24

#define VOCAB(t) "vocab_" t
#define VOCAB_CREATE(t) \
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp." VOCAB(t) \
    " USING fts5vocab(main, '" t "_fts', 'instance');"
#define VOCAB_NEXT(t) \
    "SELECT term FROM temp." VOCAB(t) " WHERE term >= ?1 AND term < ?2 LIMIT 1"

static const char SQL_VOCAB_CREATE[] =
    VOCAB_CREATE("member") VOCAB_CREATE("contact") VOCAB_CREATE("interaction")
    VOCAB_CREATE("action") VOCAB_CREATE("note");

static const char *const SQL_VOCAB_NEXT[SEARCH_KINDS] = {
    [SEARCH_MEMBER] = VOCAB_NEXT("member"),
    [SEARCH_CONTACT] = VOCAB_NEXT("contact"),
    [SEARCH_INTERACTION] = VOCAB_NEXT("interaction"),
    [SEARCH_ACTION] = VOCAB_NEXT("action"),
    [SEARCH_NOTE] = VOCAB_NEXT("note"),
};

/* Whether the vocabularies are there, made on the first call.  A failure (an
 * SQLite without fts5vocab) is not an error: prefixes stay prefixes. */
static bool vocab_ready(store *s)
{
    if (s->vocab == 0)
        s->vocab = sqlite3_exec(s->db, SQL_VOCAB_CREATE, NULL, NULL, NULL) == SQLITE_OK
                   ? 1 : -1;
    return s->vocab > 0;
}

/* word as an FTS5 string ("..."; the words of the index hold no double quote, but
 * a doubled one is what FTS5 reads if one ever did) appended to b. */
static void append_word(struct strbuf *b, const unsigned char *w, int len)
{
    strbuf_add(b, "\"", 1);
    for (int i = 0; i < len; i++) {
        if (w[i] == '"')
            strbuf_add(b, "\"", 1);
        strbuf_add(b, (const char *)&w[i], 1);
    }
    strbuf_add(b, "\"", 1);
}

char *db_vocab_words(store *s, int k, const char *prefix)
{
    size_t n = strlen(prefix);
    if (n == 0 || (unsigned)k >= SEARCH_KINDS || !vocab_ready(s))
        return NULL;
    /* The bound: the prefix with its last byte one higher (ASCII, so < 0x7f). */
    char *end = xstrdup(prefix);
    end[n - 1]++;
    sqlite3_stmt *st = db_stmt(s, SQL_VOCAB_NEXT[k]);
    if (!st) {
        free(end);
        s->err[0] = '\0';   /* not the search's error: it goes on with the prefix */
        return NULL;
    }
    struct strbuf b = {0};
    char *from = xstrdup(prefix);
    int words = 0;
    bool ok = true;
    for (;;) {
        int rc = SQLITE_OK;
        db_bind_text(st, 1, from, &rc);
        db_bind_text(st, 2, end, &rc);
        int step = rc == SQLITE_OK ? sqlite3_step(st) : rc;
        if (step != SQLITE_ROW) {
            ok = step == SQLITE_DONE;
            db_reset(st);
            break;
        }
        const unsigned char *w = sqlite3_column_text(st, 0);
        int len = sqlite3_column_bytes(st, 0);
        if (!w || ++words > VOCAB_WORDS_MAX) {
            ok = false;
            db_reset(st);
            break;
        }
        if (words > 1)
            strbuf_adds(&b, " OR ");
        append_word(&b, w, len);
        free(from);
        from = xmalloc((size_t)len + 2);
        memcpy(from, w, (size_t)len);
        from[len] = '\x01';
        from[len + 1] = '\0';
        db_reset(st);
    }
    free(from);
    free(end);
    if (!ok || words == 0) {
        free(b.p);
        return NULL;
    }
    return strbuf_take(&b);
}
