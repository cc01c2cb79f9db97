/* changes — see changes.h.  Two reads of a few rows: the audit after the mark (a
 * range of its rowid), and the session and inbox_seen tables (one row per running
 * session, per login). */
#include "suivi/store/changes.h"

#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "suivi/base/i18n.h"
#include "suivi/base/xalloc.h"

static const char SQL_NEWEST[] = "SELECT coalesce(max(id), 0) FROM audit";
/* ?1 the mark, ?2 the entities that do not matter (JSON array). */
static const char SQL_SINCE[] =
    "SELECT coalesce(max(id), 0), coalesce(max(entity NOT IN (SELECT value FROM"
    " json_each(?2))), 0) FROM audit WHERE id > ?1";
/* What a session writes unaudited, as one text: any change to it changes the text. */
static const char SQL_STATE[] =
    "SELECT (SELECT count(*) || ' ' || total(id) || ' ' || coalesce(max(seen_at), '') || ' '"
    " || total(coalesce(entity_id, 0)) || ' ' || coalesce(group_concat(coalesce(entity, '-')),"
    " '') FROM session) || ' | ' || (SELECT count(*) || ' ' || total(audit_id) FROM inbox_seen)";

/* One row of sql (bound to ?1 and ?2 when given) into its columns 0 and 1. */
static int one_row(store *s, const char *sql, const int64_t *a, const char *b, int64_t *c0,
                   int64_t *c1, char **text)
{
    sqlite3_stmt *st = db_stmt(s, sql);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    if (a)
        db_bind_int(st, 1, *a, &rc);
    if (b)
        db_bind_text(st, 2, b, &rc);
    if (db_bind_check(s, st, rc) != STORE_OK)
        return STORE_ERROR;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        if (text)
            *text = db_col_text(st, 0);
        if (c0)
            *c0 = db_col_int(st, 0);
        if (c1)
            *c1 = db_col_int(st, 1);
    }
    int out = rc == SQLITE_ROW ? STORE_OK : db_fail(s, rc, _("reading the history"));
    db_reset(st);
    return out;
}

int store_change_mark(store *s, struct change_mark *m)
{
    change_mark_free(m);
    int rc = store_read_begin(s);
    if (rc != STORE_OK)
        return rc;
    rc = one_row(s, SQL_NEWEST, NULL, NULL, &m->audit_id, NULL, NULL);
    if (rc == STORE_OK)
        rc = one_row(s, SQL_STATE, NULL, NULL, NULL, NULL, &m->state);
    store_read_end(s);
    if (rc != STORE_OK)
        change_mark_free(m);
    return rc;
}

int store_change_since(store *s, struct change_mark *m, const char *ignored, bool *matters)
{
    *matters = true;
    if (!m->state)
        return store_change_mark(s, m);
    int rc = store_read_begin(s);
    if (rc != STORE_OK)
        return rc;
    int64_t newest = m->audit_id, relevant = 0;
    char *state = NULL;
    rc = one_row(s, SQL_SINCE, &m->audit_id, ignored ? ignored : "[]", &newest, &relevant,
                 NULL);
    if (rc == STORE_OK)
        rc = one_row(s, SQL_STATE, NULL, NULL, NULL, NULL, &state);
    store_read_end(s);
    if (rc != STORE_OK) {
        free(state);
        return rc;
    }
    bool audited = newest > m->audit_id;
    bool own_state = !state || strcmp(state, m->state) != 0;
    /* Audited: it matters if an entity that matters was written.  Not audited: a
     * session's own state, or else a write from outside suivi. */
    *matters = audited ? relevant != 0 : !own_state;
    if (newest > m->audit_id)
        m->audit_id = newest;
    free(m->state);
    m->state = state ? state : xstrdup("");
    return STORE_OK;
}

void change_mark_free(struct change_mark *m)
{
    free(m->state);
    m->state = NULL;
    m->audit_id = 0;
}
