/* inbox — see inbox.h.  Both queries start from the login's open actions (the
 * action_mine partial index) and reach their audit rows through audit_entity, so
 * they cost what one person's queue holds, whatever the size of the trail. */
#include "suivi/store/inbox.h"

#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "suivi/base/i18n.h"

#define MINE "a.assignee_staff_id = ?1 AND " SQL_IS_OPEN("a.status")
/* Changes to the actions themselves, and notes written on them, by someone else. */
#define ITEMS(cols_action, cols_note) \
    "SELECT " cols_action " FROM action a JOIN member m ON m.id = a.member_id" \
    " JOIN audit au ON au.entity = 'action' AND au.entity_id = a.id" \
    " WHERE " MINE " AND au.id > ?2 AND au.login <> ?3" \
    " UNION ALL SELECT " cols_note " FROM action a JOIN member m ON m.id = a.member_id" \
    " JOIN note n ON n.action_id = a.id" \
    " JOIN audit au ON au.entity = 'note' AND au.entity_id = n.id" \
    " WHERE " MINE " AND au.id > ?2 AND au.login <> ?3"
#define AU_COLS "au.id, au.at, au.login, au.entity, au.entity_id, au.change," \
                " substr(au.change, 1, 1) = '{' AND json_valid(au.change), a.id, a.title, m.name"
static const char SQL_ITEMS[] =
    ITEMS(AU_COLS ", NULL, NULL", AU_COLS ", n.body, n.visibility")
    " ORDER BY 1 DESC LIMIT ?4";
static const char SQL_COUNT[] =
    "SELECT count(*) FROM (" ITEMS("au.id", "au.id") " LIMIT ?4)";
static const char SQL_SEEN[] = "SELECT audit_id FROM inbox_seen WHERE login = ?1";
static const char SQL_MARK[] =
    "INSERT INTO inbox_seen (login, audit_id) VALUES (?1, ?2)"
    " ON CONFLICT (login) DO UPDATE SET audit_id = max(audit_id, excluded.audit_id)";

static int bind_common(store *s, sqlite3_stmt *st, int64_t staff_id, int64_t since, int limit)
{
    int rc = SQLITE_OK;
    db_bind_int(st, 1, staff_id, &rc);
    db_bind_int(st, 2, since, &rc);
    db_bind_text(st, 3, s->login, &rc);
    db_bind_int(st, 4, limit, &rc);
    return db_bind_check(s, st, rc);
}

int store_inbox_seen(store *s, int64_t *audit_id)
{
    *audit_id = 0;
    sqlite3_stmt *st = db_stmt(s, SQL_SEEN);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_text(st, 1, s->login, &rc);
    if (db_bind_check(s, st, rc) != STORE_OK)
        return STORE_ERROR;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *audit_id = sqlite3_column_int64(st, 0);
    int out = rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK
                                                    : db_fail(s, rc, _("reading your inbox"));
    db_reset(st);
    return out;
}

int store_inbox_mark_seen(store *s, int64_t audit_id)
{
    int rc = db_write_begin(s);
    if (rc != STORE_OK)
        return rc;
    sqlite3_stmt *st = db_stmt(s, SQL_MARK);
    if (!st)
        return db_write_end(s, STORE_ERROR);
    int brc = SQLITE_OK;
    db_bind_text(st, 1, s->login, &brc);
    db_bind_int(st, 2, audit_id, &brc);
    rc = db_bind_check(s, st, brc);
    if (rc == STORE_OK)
        rc = db_exec_stmt(s, st, _("keeping your place in the inbox"));
    return db_write_end(s, rc);
}

int store_inbox_items(store *s, int64_t staff_id, int64_t since, int limit,
                      struct inbox_item **out, int *n)
{
    *out = NULL;
    *n = 0;
    if (db_provider_only(s))          /* a staff member's inbox, never a provider's */
        return STORE_OK;
    sqlite3_stmt *st = db_stmt(s, SQL_ITEMS);
    if (!st || bind_common(s, st, staff_id, since, limit) != STORE_OK)
        return STORE_ERROR;
    int rc, cap = 0, out_rc = STORE_OK;
    while (out_rc == STORE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct inbox_item *it = db_array_push((void **)out, n, &cap, sizeof *it);
        bool is_json = false;
        db_audit_read_entry(st, &it->entry, &is_json);
        it->action_id = db_col_int(st, 7);
        it->action_title = db_col_text(st, 8);
        it->member_name = db_col_text(st, 9);
        it->note_body = db_col_text(st, 10);
        it->visibility = (enum note_visibility)db_col_enum(st, 11, &NOTE_VISIBILITY_NAMES);
        if (is_json)
            out_rc = db_audit_read_fields(s, &it->entry);
    }
    if (out_rc == STORE_OK && rc != SQLITE_DONE)
        out_rc = db_fail(s, rc, _("reading your inbox"));
    db_reset(st);
    if (out_rc != STORE_OK) {
        inbox_items_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return out_rc;
}

int store_inbox_count(store *s, int64_t staff_id, int64_t since, int cap, int *n)
{
    *n = 0;
    if (db_provider_only(s))
        return STORE_OK;
    sqlite3_stmt *st = db_stmt(s, SQL_COUNT);
    if (!st || bind_common(s, st, staff_id, since, cap) != STORE_OK)
        return STORE_ERROR;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *n = sqlite3_column_int(st, 0);
    int out = rc == SQLITE_ROW ? STORE_OK : db_fail(s, rc, _("counting your inbox"));
    db_reset(st);
    return out;
}

void inbox_items_free(struct inbox_item *items, int n)
{
    for (int i = 0; i < n; i++) {
        audit_entry_clear(&items[i].entry);
        free(items[i].action_title);
        free(items[i].member_name);
        free(items[i].note_body);
    }
    free(items);
}
