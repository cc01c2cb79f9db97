/* member_page — the members list: keyset pages in (sort_key, id) order, served by
 * the member_order index, narrowed by a filter and by the journey (stage:,
 * stalled:; schema v6).
 *
 * A filter is a folded substring of the name (LIKE on sort_key).  Walking
 * member_order until a page is full costs little when many names hold it, and
 * every member when none does; so a filter that has a trigram in at most
 * RARE_MEMBERS names (member_tri, schema v5; rows.c), or that is one or two
 * letters found in as few (member_gram), reads those names only and sorts them.
 * A stage reads its own members from member_by_stage (stage, sort_key, id), in
 * order.  Every way gives the same rows in the same order: the WHERE decides. */
#include <stdlib.h>

#include "member_row.h"
#include "suivi/base/i18n.h"
#include "suivi/base/sanitize.h"

/* ?1 = LIKE pattern or NULL, ?2/?3 = anchor (sort_key, id), ?4 = limit; ?7 stalled
 * (1 or 0, NULL for either) as of ?8 (today); ?9 a département, ?10 a service's
 * code its members use (usage figures above 0), ?11 one they were trained to, ?12
 * on or before that day (the dashboard's Enter: rarely typed; each a list of ids
 * read once, not per row). */
#define STALLED " AND (?7 IS NULL OR (m.stage_due IS NOT NULL AND m.stage_due < ?8) = ?7)" \
                " AND (?9 IS NULL OR m.departement = ?9)" \
    " AND (?10 IS NULL OR m.id IN (SELECT u.member_id FROM usage u JOIN service v" \
    "  ON v.id = u.service_id WHERE v.code = ?10 AND u.count > 0))" \
    " AND (?11 IS NULL OR m.id IN (SELECT c.member_id FROM training_attendee t" \
    "  JOIN training_session s ON s.id = t.session_id JOIN service v ON v.id = s.service_id" \
    "  JOIN contact c ON c.id = t.contact_id WHERE v.code = ?11 AND t.attended" \
    "  AND (?12 IS NULL OR s.held_on <= ?12)))"
#define MEMBER_FILTER " WHERE (?1 IS NULL OR m.sort_key LIKE ?1 ESCAPE '\\')" STALLED
#define MEMBER_ASC  " ORDER BY m.sort_key, m.id LIMIT ?4"
#define MEMBER_DESC " ORDER BY m.sort_key DESC, m.id DESC LIMIT ?4"

/* One stage's members (?6; NULL: those with none), from member_by_stage. */
#define STAGE_FILTER MEMBER_FILTER " AND m.stage IS ?6"
static const char *const SQL_STAGE_PAGE[] = {
    [PAGE_FIRST]  = MEMBER_SELECT STAGE_FILTER MEMBER_ASC,
    [PAGE_LAST]   = MEMBER_SELECT STAGE_FILTER MEMBER_DESC,
    [PAGE_AFTER]  = MEMBER_SELECT STAGE_FILTER " AND (m.sort_key, m.id) > (?2, ?3)" MEMBER_ASC,
    [PAGE_BEFORE] = MEMBER_SELECT STAGE_FILTER " AND (m.sort_key, m.id) < (?2, ?3)" MEMBER_DESC,
};
static const char *const SQL_PAGE[] = {
    [PAGE_FIRST]  = MEMBER_SELECT MEMBER_FILTER MEMBER_ASC,
    [PAGE_LAST]   = MEMBER_SELECT MEMBER_FILTER MEMBER_DESC,
    [PAGE_AFTER]  = MEMBER_SELECT MEMBER_FILTER
                    " AND (m.sort_key, m.id) > (?2, ?3)" MEMBER_ASC,
    [PAGE_BEFORE] = MEMBER_SELECT MEMBER_FILTER
                    " AND (m.sort_key, m.id) < (?2, ?3)" MEMBER_DESC,
};
/* The same pages over the names holding the trigram (member_tri) or, for a word
 * of one or two letters, the gram (member_gram) ?5, an FTS5 string.  Those rows
 * are sorted (no index gives their order), and a sort computes a row's whole
 * select list before it keeps or drops it: the page's ids are chosen first, and
 * only their rows count their open actions. */
#define MEMBER_RARE(idx) MEMBER_FILTER \
    " AND m.id IN (SELECT rowid FROM " idx " WHERE " idx " MATCH ?5)"
#define RARE_IDS(idx, where, order) \
    "WITH page AS MATERIALIZED (SELECT m.id FROM member m" MEMBER_RARE(idx) where order ")" \
    MEMBER_SELECT " JOIN page ON page.id = m.id" order
#define RARE_PAGES(idx) { \
    [PAGE_FIRST]  = RARE_IDS(idx, "", MEMBER_ASC), \
    [PAGE_LAST]   = RARE_IDS(idx, "", MEMBER_DESC), \
    [PAGE_AFTER]  = RARE_IDS(idx, " AND (m.sort_key, m.id) > (?2, ?3)", MEMBER_ASC), \
    [PAGE_BEFORE] = RARE_IDS(idx, " AND (m.sort_key, m.id) < (?2, ?3)", MEMBER_DESC) }
static const char *const SQL_TRI_PAGE[] = RARE_PAGES("member_tri");
static const char *const SQL_GRAM_PAGE[] = RARE_PAGES("member_gram");
#define PROBE(idx) \
    "SELECT count(*) FROM (SELECT 1 FROM " idx " WHERE " idx " MATCH ?1 LIMIT ?2)"
static const char SQL_TRI_PROBE[] = PROBE("member_tri");
static const char SQL_GRAM_PROBE[] = PROBE("member_gram");
/* Sorting this many names costs about what walking a few thousand does. */
#define RARE_MEMBERS 1000
#define TRI_FTS_LEN 64


/* What a page's statements bind besides the filter and the limit. */
struct page_ctx {
    const struct member_where *w;
    const char *fts;            /* the rare trigram or gram (?5), or NULL */
};

/* ?2/?3: the anchor's (sort_key, id); ?5 the trigram; ?6 the stage; ?7/?8 stalled. */
static void bind_page(sqlite3_stmt *st, const void *anchor, const void *ctx, int *rc)
{
    const struct page_ctx *c = ctx;
    const struct member *a = anchor;
    if (a) {
        db_bind_text(st, 2, a->sort_key ? a->sort_key : "", rc);
        db_bind_int(st, 3, a->id, rc);
    }
    if (c->fts)
        db_bind_text(st, 5, c->fts, rc);
    if (c->w->by_stage)
        db_bind_text(st, 6, c->w->stage, rc);
    if (c->w->stalled >= 0) {
        db_bind_int(st, 7, c->w->stalled, rc);
        db_bind_text(st, 8, c->w->today ? c->w->today : "", rc);
    }
    if (c->w->departement[0])
        db_bind_text(st, 9, c->w->departement, rc);
    if (c->w->uses[0])
        db_bind_text(st, 10, c->w->uses, rc);
    if (c->w->trained[0])
        db_bind_text(st, 11, c->w->trained, rc);
    if (c->w->trained[0] && c->w->trained_by[0])
        db_bind_text(st, 12, c->w->trained_by, rc);
}

static const struct db_page MEMBER_PAGE = {
    SQL_PAGE, &MEMBER_ROW, N_("reading members"), bind_page
};
static const struct db_page MEMBER_STAGE_PAGE = {
    SQL_STAGE_PAGE, &MEMBER_ROW, N_("reading members"), bind_page
};
static const struct db_page MEMBER_TRI_PAGE = {
    SQL_TRI_PAGE, &MEMBER_ROW, N_("reading members"), bind_page
};
static const struct db_page MEMBER_GRAM_PAGE = {
    SQL_GRAM_PAGE, &MEMBER_ROW, N_("reading members"), bind_page
};

/* Which pages answer w: a stage's own index first, then a rare word's. */
static int choose_page(store *s, const struct member_where *w, const struct db_page **p,
                       char *fts, size_t ftslen)
{
    *p = w->by_stage ? &MEMBER_STAGE_PAGE : &MEMBER_PAGE;
    if (w->by_stage || !w->text || !*w->text)
        return STORE_OK;
    char *folded = fold_for_search(w->text);
    int rare = -1;
    bool gram = db_short_gram(folded, fts, ftslen);
    int rc = gram ? db_count_upto(s, SQL_GRAM_PROBE, fts, RARE_MEMBERS, &rare)
                  : db_rare_trigram(s, SQL_TRI_PROBE, folded, RARE_MEMBERS, fts, ftslen, &rare);
    free(folded);
    if (rc == STORE_OK && rare >= 0 && rare <= RARE_MEMBERS)
        *p = gram ? &MEMBER_GRAM_PAGE : &MEMBER_TRI_PAGE;
    return rc;
}

int store_members_where_page(store *s, const struct member_where *w, enum page_dir dir,
                             const struct member *anchor, int limit,
                             struct member *rows, int *n)
{
    *n = 0;
    if (db_provider_only(s))
        return STORE_OK;
    char fts[TRI_FTS_LEN] = "";
    const struct db_page *p = &MEMBER_PAGE;
    int rc = limit > 0 ? choose_page(s, w, &p, fts, sizeof fts) : STORE_OK;
    if (rc != STORE_OK)
        return rc;
    struct page_ctx c = { w, p == &MEMBER_TRI_PAGE || p == &MEMBER_GRAM_PAGE ? fts : NULL };
    return db_keyset_page(s, p, w->text, &c, dir, anchor, limit, rows, n);
}

int store_members_page(store *s, const char *filter, enum page_dir dir,
                       const struct member *anchor, int limit,
                       struct member *rows, int *n)
{
    struct member_where w = { .text = filter, .stalled = -1 };
    return store_members_where_page(s, &w, dir, anchor, limit, rows, n);
}
