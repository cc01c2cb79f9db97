/* journey — see journey.h.  One change is one transaction: the timeline's key
 * event (store_interaction_add, a savepoint inside), the member's row, the
 * journey's row and the audit (which checks the role): any refusal or failure
 * undoes all of them. */
#include "suivi/store/journey.h"

#include <stdlib.h>

#include "store_internal.h"
#include "suivi/base/i18n.h"
#include "suivi/base/timeutil.h"
#include "suivi/base/xalloc.h"

/* ?5 = 0: any version. */
static const char SQL_MOVE[] =
    "UPDATE member SET stage = ?1, stage_since = ?2, stage_due = ?3, updated_at = ?2,"
    " version = version + 1 WHERE id = ?4 AND (?5 = 0 OR version = ?5)";
static const char SQL_STAGE_OF[] = "SELECT stage, version FROM member WHERE id = ?1";
static const char SQL_ADD_CHANGE[] =
    "INSERT INTO member_stage (member_id, stage, entered_at, login, why, interaction_id)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
/* The audit's change, as the field writes spell theirs: {"stage": [old, new]}. */
static const char SQL_CHANGE_JSON[] = "SELECT json_object('stage', json_array(?1, ?2))";
static const char SQL_STAGES[] =
    "SELECT id, member_id, stage, entered_at, login, why, interaction_id FROM member_stage"
    " WHERE member_id = ?1 ORDER BY entered_at, id";

/* The member's stage now (*old: a copy or NULL) and whether it is there at all. */
static int current_stage(store *s, int64_t member_id, int64_t expect_version, char **old)
{
    *old = NULL;
    sqlite3_stmt *st = db_stmt(s, SQL_STAGE_OF);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_int(st, 1, member_id, &rc);
    if (db_bind_check(s, st, rc) != STORE_OK)
        return STORE_ERROR;
    int step = sqlite3_step(st);
    int out = STORE_OK;
    if (step == SQLITE_ROW) {
        *old = db_col_text(st, 0);
        if (expect_version && db_col_int(st, 1) != expect_version)
            out = db_failf(s, STORE_CONFLICT, "%s",
                           _("this member was changed by someone else"));
    } else if (step == SQLITE_DONE) {
        out = db_failf(s, STORE_NOT_FOUND, "%s", _("this member does not exist"));
    } else {
        out = db_fail(s, step, _("reading a member"));
    }
    db_reset(st);
    return out;
}

static int audit_move(store *s, int64_t member_id, const char *old, const char *stage)
{
    sqlite3_stmt *st = db_stmt(s, SQL_CHANGE_JSON);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_text(st, 1, old, &rc);
    db_bind_text(st, 2, stage, &rc);
    if (db_bind_check(s, st, rc) != STORE_OK)
        return STORE_ERROR;
    int step = sqlite3_step(st);
    char *change = step == SQLITE_ROW ? db_col_text(st, 0) : NULL;
    db_reset(st);
    if (!change)
        return db_fail(s, step, _("writing the audit trail"));
    rc = db_audit(s, "member", member_id, change);
    free(change);
    return rc;
}

/* The member's row, then the journey's, inside the transaction. */
static int write_move(store *s, const struct stage_write *w, int64_t at, int64_t event)
{
    sqlite3_stmt *st = db_stmt(s, SQL_MOVE);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_text(st, 1, w->stage, &rc);
    db_bind_time(st, 2, at, &rc);
    db_bind_opt_text(st, 3, w->due, &rc);
    db_bind_int(st, 4, w->member_id, &rc);
    db_bind_int(st, 5, w->expect_version, &rc);
    if ((rc = db_bind_check(s, st, rc)) != STORE_OK ||
        (rc = db_exec_stmt(s, st, _("moving a member along its journey"))) != STORE_OK)
        return rc;
    if (sqlite3_changes(s->db) != 1)
        return db_failf(s, STORE_CONFLICT, "%s", _("this member was changed by someone else"));
    st = db_stmt(s, SQL_ADD_CHANGE);
    if (!st)
        return STORE_ERROR;
    db_bind_int(st, 1, w->member_id, &rc);
    db_bind_text(st, 2, w->stage, &rc);
    db_bind_time(st, 3, at, &rc);
    db_bind_text(st, 4, s->login, &rc);
    db_bind_opt_text(st, 5, w->why, &rc);
    db_bind_id(st, 6, event, &rc);
    if ((rc = db_bind_check(s, st, rc)) != STORE_OK)
        return rc;
    return db_exec_stmt(s, st, _("moving a member along its journey"));
}

int store_member_set_stage(store *s, const struct stage_write *w, int64_t *interaction_id)
{
    if (interaction_id)
        *interaction_id = 0;
    if (!w->stage || !*w->stage)
        return db_failf(s, STORE_ERROR, "%s", _("internal error: a stage with no code"));
    int64_t at = w->at ? w->at : time_now();
    int rc = store_begin(s);
    if (rc != STORE_OK)
        return rc;
    char *old = NULL;
    rc = current_stage(s, w->member_id, w->expect_version, &old);
    struct interaction it = { .member_id = w->member_id, .occurred_at = at,
                              .kind = IKIND_KEY_EVENT, .subject = (char *)w->subject,
                              .body = (char *)w->why };
    if (rc == STORE_OK)
        rc = store_interaction_add(s, &it);
    if (rc == STORE_OK)
        rc = write_move(s, w, at, it.id);
    if (rc == STORE_OK)
        rc = audit_move(s, w->member_id, old, w->stage);
    free(old);
    free(it.author);          /* the add filled it in; the rest is the caller's */
    if (rc == STORE_OK)
        rc = store_commit(s);
    else
        store_rollback(s);
    if (rc == STORE_OK && interaction_id)
        *interaction_id = it.id;
    return rc;
}

static void read_change(sqlite3_stmt *st, void *row)
{
    struct stage_change *c = row;
    c->id = db_col_int(st, 0);
    c->member_id = db_col_int(st, 1);
    c->stage = db_col_text(st, 2);
    c->entered_at = db_col_time(st, 3);
    c->login = db_col_text(st, 4);
    c->why = db_col_text(st, 5);
    c->interaction_id = db_col_int(st, 6);
}

static void clear_change(void *row)
{
    struct stage_change *c = row;
    free(c->stage);
    free(c->login);
    free(c->why);
}

static const struct db_row_kind STAGE_ROW = {
    "member_stage", sizeof(struct stage_change), read_change, clear_change,
    N_("reading a member's journey"), N_("moving a member along its journey"),
    N_("moving a member along its journey"), N_("no such step of a journey"),
    N_("this member was changed by someone else"),
};

int store_member_stages(store *s, int64_t member_id, struct stage_change **out, int *n)
{
    return db_list_by_id(s, SQL_STAGES, member_id, &STAGE_ROW, (void **)out, n);
}

void stage_changes_free(struct stage_change *c, int n)
{
    db_rows_free(&STAGE_ROW, c, n);
}
