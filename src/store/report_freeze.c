/* report_freeze — see report_freeze.h.  A freeze is one write transaction: the
 * stored freeze of the period read under the write lock (so two admins freezing
 * at once cannot both believe they were first), then the row and its audit row,
 * where the role is checked (access.c: an admin's write). */
#include "suivi/store/report_freeze.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "suivi/base/i18n.h"
#include "suivi/base/timeutil.h"

#define FROZEN_COLS "rowid, period, period_from, period_to, frozen_at, frozen_by, today"
static const char SQL_GET[] =
    "SELECT " FROZEN_COLS ", body FROM report_frozen WHERE period = ?1";
static const char SQL_HEAD[] =
    "SELECT " FROZEN_COLS ", NULL FROM report_frozen WHERE period = ?1";
static const char SQL_LIST[] =
    "SELECT " FROZEN_COLS ", NULL FROM report_frozen"
    " ORDER BY period_from DESC, period_to DESC, period";
/* A forced replace keeps the row (and its rowid, the audit's entity_id). */
static const char SQL_PUT[] =
    "INSERT INTO report_frozen (period, period_from, period_to, frozen_at, frozen_by, today,"
    " body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (period) DO UPDATE SET"
    " period_from = excluded.period_from, period_to = excluded.period_to,"
    " frozen_at = excluded.frozen_at, frozen_by = excluded.frozen_by,"
    " today = excluded.today, body = excluded.body";
static const char SQL_ROWID[] = "SELECT rowid FROM report_frozen WHERE period = ?1";
/* The audit's change, {"field": [old, new]} as elsewhere, quoted by SQLite's JSON:
 * the period, and when, by whom and on which day the freeze replaced was taken
 * (null for a first freeze). */
static const char SQL_CHANGE[] =
    "SELECT json_object('period', json_array(?1, ?2), 'frozen_at', json_array(?3, ?4),"
    " 'frozen_by', json_array(?5, ?6), 'today', json_array(?7, ?8))";

static void read_frozen(sqlite3_stmt *st, void *row)
{
    struct frozen_report *f = row;
    f->period = db_col_text(st, 1);
    f->period_from = db_col_text(st, 2);
    f->period_to = db_col_text(st, 3);
    f->frozen_at = db_col_time(st, 4);
    f->frozen_by = db_col_text(st, 5);
    f->today = db_col_text(st, 6);
    f->body = db_col_text(st, 7);
}

void frozen_report_clear(struct frozen_report *f)
{
    free(f->period);
    free(f->period_from);
    free(f->period_to);
    free(f->frozen_by);
    free(f->today);
    free(f->body);
    memset(f, 0, sizeof *f);
}

static void clear_frozen(void *row)
{
    frozen_report_clear(row);
}

static const struct db_row_kind FROZEN_ROW = {
    "report_frozen", sizeof(struct frozen_report), read_frozen, clear_frozen,
    N_("reading the frozen reports"), N_("freezing a report"), N_("freezing a report"),
    N_("this period is not frozen"), N_("this frozen report was replaced by someone else"),
};

/* The stored freeze of period by sql (SQL_GET or SQL_HEAD); STORE_NOT_FOUND. */
static int read_one(store *s, const char *sql, const char *period, struct frozen_report *out)
{
    memset(out, 0, sizeof *out);
    if (db_provider_only(s))
        return STORE_NOT_FOUND;     /* a provider's login sees no one's figures */
    sqlite3_stmt *st = db_stmt(s, sql);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_text(st, 1, period, &rc);
    return db_read_one(s, st, rc, &FROZEN_ROW, out, _(FROZEN_ROW.reading));
}

int store_report_frozen_get(store *s, const char *period, struct frozen_report *out)
{
    return read_one(s, SQL_GET, period, out);
}

int store_report_frozen_list(store *s, struct frozen_report **out, int *n)
{
    *out = NULL;
    *n = 0;
    if (db_provider_only(s))
        return STORE_OK;
    sqlite3_stmt *st = db_stmt(s, SQL_LIST);
    if (!st)
        return STORE_ERROR;
    return db_read_list(s, st, SQLITE_OK, &FROZEN_ROW, (void **)out, n,
                        _(FROZEN_ROW.reading));
}

void frozen_reports_free(struct frozen_report *f, int n)
{
    db_rows_free(&FROZEN_ROW, f, n);
}

static int put_row(store *s, const struct frozen_report *f)
{
    sqlite3_stmt *st = db_stmt(s, SQL_PUT);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_text(st, 1, f->period, &rc);
    db_bind_text(st, 2, f->period_from, &rc);
    db_bind_text(st, 3, f->period_to, &rc);
    db_bind_time(st, 4, f->frozen_at, &rc);
    db_bind_text(st, 5, s->login, &rc);
    db_bind_text(st, 6, f->today, &rc);
    db_bind_text(st, 7, f->body, &rc);
    if ((rc = db_bind_check(s, st, rc)) != STORE_OK)
        return rc;
    return db_exec_stmt(s, st, _(FROZEN_ROW.adding));
}

/* The first column of sql's one row, bound with period: an integer (*id) or, with
 * text, the JSON of the change (freed by the caller). */
static int one_value(store *s, const char *sql, const struct frozen_report *f,
                     const struct frozen_report *old, int64_t *id, char **text)
{
    sqlite3_stmt *st = db_stmt(s, sql);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    if (text) {
        char was_at[TIME_ISO_LEN], now_at[TIME_ISO_LEN];
        time_to_iso(old->frozen_at, was_at);
        time_to_iso(f->frozen_at, now_at);
        db_bind_text(st, 1, old->period, &rc);
        db_bind_text(st, 2, f->period, &rc);
        db_bind_text(st, 3, old->period ? was_at : NULL, &rc);
        db_bind_text(st, 4, now_at, &rc);
        db_bind_text(st, 5, old->frozen_by, &rc);
        db_bind_text(st, 6, s->login, &rc);
        db_bind_text(st, 7, old->today, &rc);
        db_bind_text(st, 8, f->today, &rc);
    } else {
        db_bind_text(st, 1, f->period, &rc);
    }
    if ((rc = db_bind_check(s, st, rc)) != STORE_OK)
        return rc;
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW && text)
        *text = db_col_text(st, 0);
    else if (step == SQLITE_ROW)
        *id = db_col_int(st, 0);
    db_reset(st);
    return step == SQLITE_ROW ? STORE_OK : db_fail(s, step, _("writing the audit trail"));
}

static int audit_freeze(store *s, const struct frozen_report *f,
                        const struct frozen_report *old)
{
    int64_t id = 0;
    char *change = NULL;
    int rc = one_value(s, SQL_ROWID, f, old, &id, NULL);
    if (rc == STORE_OK)
        rc = one_value(s, SQL_CHANGE, f, old, NULL, &change);
    if (rc == STORE_OK)
        rc = db_audit(s, "report_frozen", id, change);
    free(change);
    return rc;
}

/* Frozen already and not forced: said, with the freeze that stays. */
static int refuse(store *s, const struct frozen_report *old)
{
    char day[DATE_ISO_LEN];
    date_of_instant(old->frozen_at, day);
    return db_failf(s, STORE_CONFLICT, _("%s was frozen on %s by %s already"),
                    old->period, day, old->frozen_by ? old->frozen_by : "?");
}

int store_report_freeze(store *s, struct frozen_report *f, bool force,
                        struct frozen_report *was)
{
    struct frozen_report old = {0};
    if (was)
        memset(was, 0, sizeof *was);
    if (!f->period || !f->period_from || !f->period_to || !f->today || !f->body)
        return db_failf(s, STORE_CONSTRAINT, "%s", _("a frozen report needs its period, "
                                                     "its day and its figures"));
    int rc = db_write_begin(s);
    if (rc != STORE_OK)
        return rc;
    int got = read_one(s, SQL_HEAD, f->period, &old);
    if (got == STORE_OK && !force)
        rc = refuse(s, &old);
    else if (got != STORE_OK && got != STORE_NOT_FOUND)
        rc = got;
    if (rc == STORE_OK) {
        f->frozen_at = time_now();
        rc = put_row(s, f);
    }
    if (rc == STORE_OK)
        rc = audit_freeze(s, f, &old);
    rc = db_write_end(s, rc);
    if (was && got == STORE_OK)
        *was = old;                 /* the caller owns it now */
    else
        frozen_report_clear(&old);
    return rc;
}
