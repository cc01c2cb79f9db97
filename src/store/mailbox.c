/* mailbox — unsorted mail and who an address is (see mailbox.h).
 *
 * The raw bytes are a BLOB bound by length: a message may hold NUL bytes and
 * invalid UTF-8, and must come back byte for byte.  Lists leave raw and body out
 * (a row may weigh megabytes; a list shows who, what and when): SQLite then reads
 * only the start of each record, and length(raw) needs no read of the blob. */
#include "suivi/store/mailbox.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "people_row.h"
#include "suivi/base/i18n.h"
#include "suivi/base/timeutil.h"
#include "suivi/base/xalloc.h"

#define LIST_MAX 1000

static const char SQL_ADD[] =
    "INSERT INTO unsorted_mail (received_at, from_addr, subject, body, raw, filed_at,"
    " action_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
/* Newest first is the order they came in: the rowid, with no sort. */
static const char SQL_LIST[] =
    "SELECT id, received_at, from_addr, subject, NULL, length(raw), filed_at, action_id"
    " FROM unsorted_mail WHERE ?2 = 0 OR filed_at IS NULL ORDER BY id DESC LIMIT ?1";
static const char SQL_GET[] =
    "SELECT id, received_at, from_addr, subject, body, length(raw), filed_at, action_id,"
    " raw FROM unsorted_mail WHERE id = ?1";
static const char SQL_FILE[] =
    "UPDATE unsorted_mail SET filed_at = ?1, action_id = ?2"
    " WHERE id = ?3 AND filed_at IS NULL";
static const char SQL_ACTION_EXISTS[] = "SELECT 1 FROM action WHERE id = ?1";
/* Addresses as people store them: any case, blanks around (see mailbox.h).  No
 * index serves it: a scan of the contacts, a few thousand rows,
 * once per message. */
#define SAME_ADDRESS "lower(trim(email, char(32, 9))) = lower(trim(?1, char(32, 9)))"
/* The rows as contact.c and people.c read them (people_row.h). */
static const char SQL_CONTACT_BY_EMAIL[] =
    CONTACT_SELECT " WHERE " SAME_ADDRESS " AND (?2 = 0 OR member_id = ?2)"
    " ORDER BY retired, id LIMIT 1";
static const char SQL_PROVIDER_BY_EMAIL[] =
    PROVIDER_SELECT " WHERE " SAME_ADDRESS " ORDER BY x.disabled, x.id LIMIT 1";

/* ---- rows ---- */

static void read_mail(sqlite3_stmt *st, void *out)
{
    struct unsorted_mail *m = out;
    m->id = db_col_int(st, 0);
    m->received_at = db_col_time(st, 1);
    m->from_addr = db_col_text(st, 2);
    m->subject = db_col_text(st, 3);
    m->body = db_col_text(st, 4);
    m->raw_len = (size_t)db_col_int(st, 5);
    m->filed_at = db_col_time(st, 6);
    m->action_id = db_col_int(st, 7);
    if (sqlite3_column_count(st) > 8) {          /* SQL_GET: the bytes themselves */
        const void *raw = sqlite3_column_blob(st, 8);
        m->raw_len = (size_t)sqlite3_column_bytes(st, 8);
        m->raw = xmalloc(m->raw_len + 1);         /* + 1: never a 0-byte malloc */
        if (raw && m->raw_len)
            memcpy(m->raw, raw, m->raw_len);
        m->raw[m->raw_len] = '\0';
    }
}

void unsorted_mail_clear(struct unsorted_mail *m)
{
    if (!m)
        return;
    free(m->from_addr);
    free(m->subject);
    free(m->body);
    free(m->raw);
    memset(m, 0, sizeof *m);
}

static void clear_mail(void *p) { unsorted_mail_clear(p); }

static const struct db_row_kind MAIL_ROW = {
    "unsorted_mail", sizeof(struct unsorted_mail), read_mail, clear_mail,
    N_("reading an unsorted mail"), N_("keeping an unsorted mail"),
    N_("filing an unsorted mail"), N_("this unsorted mail does not exist"),
    N_("this unsorted mail was filed by someone else"),
};

void unsorted_mails_free(struct unsorted_mail *a, int n)
{
    db_rows_free(&MAIL_ROW, a, n);
}

/* ---- unsorted mail ---- */

static int mail_insert(store *s, void *rec)
{
    struct unsorted_mail *m = rec;
    sqlite3_stmt *st = db_stmt(s, SQL_ADD);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_time(st, 1, m->received_at, &rc);
    db_bind_opt_text(st, 2, m->from_addr, &rc);
    db_bind_opt_text(st, 3, m->subject, &rc);
    db_bind_opt_text(st, 4, m->body, &rc);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_blob64(st, 5, m->raw, m->raw_len, SQLITE_STATIC);
    if (m->filed_at)
        db_bind_time(st, 6, m->filed_at, &rc);
    db_bind_id(st, 7, m->action_id, &rc);
    return db_insert_audited(s, st, rc, &MAIL_ROW, &m->id);
}

int store_unsorted_add(store *s, struct unsorted_mail *m)
{
    if (!m->raw || m->raw_len == 0 || m->raw_len > MAILBOX_RAW_MAX)
        return db_failf(s, STORE_ERROR, _("internal error: a mail of %zu bytes cannot be "
                        "kept (1 to %zu)"), m->raw_len, MAILBOX_RAW_MAX);
    int64_t at = m->received_at;
    m->received_at = time_now();
    int rc = db_with_write(s, mail_insert, m, &m->id);
    if (rc != STORE_OK)
        m->received_at = at;
    return rc;
}

int store_unsorted_list(store *s, int limit, bool unfiled_only,
                        struct unsorted_mail **out, int *n)
{
    *out = NULL;
    *n = 0;
    if (limit < 1 || limit > LIST_MAX)
        return db_failf(s, STORE_ERROR, _("internal error: a list of %d unsorted mails "
                        "(1 to %d)"), limit, LIST_MAX);
    if (db_provider_only(s))
        return STORE_OK;
    sqlite3_stmt *st = db_stmt(s, SQL_LIST);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_int(st, 1, limit, &rc);
    db_bind_int(st, 2, unfiled_only ? 1 : 0, &rc);
    return db_read_list(s, st, rc, &MAIL_ROW, (void **)out, n,
                        _("reading the unsorted mail"));
}

int store_unsorted_get(store *s, int64_t id, struct unsorted_mail *out)
{
    if (db_provider_only(s))
        return db_hidden(s);
    return db_get_by_id(s, SQL_GET, id, &MAIL_ROW, out);
}

/* Under the write lock: both rows there, then the update only while unfiled. */
static int file_locked(store *s, int64_t id, int64_t action_id)
{
    struct unsorted_mail old = {0};
    int rc = db_get_by_id(s, SQL_GET, id, &MAIL_ROW, &old);
    bool filed = rc == STORE_OK && old.filed_at != 0;
    int64_t was = old.action_id;
    unsorted_mail_clear(&old);
    if (rc != STORE_OK)
        return rc;
    if (filed)
        return db_failf(s, STORE_CONFLICT, _("unsorted mail #%lld was filed already, on "
                        "action #%lld"), (long long)id, (long long)was);
    sqlite3_stmt *st = db_stmt(s, SQL_ACTION_EXISTS);
    if (!st)
        return STORE_ERROR;
    int brc = SQLITE_OK;
    db_bind_int(st, 1, action_id, &brc);
    if (db_bind_check(s, st, brc) != STORE_OK)
        return STORE_ERROR;
    int step = sqlite3_step(st);
    db_reset(st);
    if (step == SQLITE_DONE)
        return db_failf(s, STORE_NOT_FOUND, _("action #%lld does not exist"),
                        (long long)action_id);
    if (step != SQLITE_ROW)
        return db_fail(s, step, _("reading an action"));
    if (!(st = db_stmt(s, SQL_FILE)))
        return STORE_ERROR;
    db_bind_time(st, 1, time_now(), &brc);
    db_bind_int(st, 2, action_id, &brc);
    db_bind_int(st, 3, id, &brc);
    rc = db_update_versioned(s, st, brc, &MAIL_ROW, id);
    struct change c = {0};
    change_id(&c, "action", 0, action_id);
    if (rc == STORE_OK)
        rc = db_audit(s, MAIL_ROW.entity, id, change_json(&c));
    change_free(&c);
    return rc;
}

int store_unsorted_file(store *s, int64_t id, int64_t action_id)
{
    int rc = db_write_begin(s);
    return rc == STORE_OK ? db_write_end(s, file_locked(s, id, action_id)) : rc;
}

/* ---- who an address is ---- */

static bool no_address(const char *addr)
{
    return !addr || !*addr;
}

int store_contact_by_email(store *s, const char *addr, int64_t member_id,
                           struct contact *out)
{
    if (db_provider_only(s))
        return db_hidden(s);
    if (no_address(addr))
        return STORE_NOT_FOUND;
    sqlite3_stmt *st = db_stmt(s, SQL_CONTACT_BY_EMAIL);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_text(st, 1, addr, &rc);
    db_bind_int(st, 2, member_id, &rc);
    return db_read_one(s, st, rc, &CONTACT_ROW, out, _(CONTACT_ROW.reading));
}

int store_provider_by_email(store *s, const char *addr, struct provider *out)
{
    if (no_address(addr))
        return STORE_NOT_FOUND;
    sqlite3_stmt *st = db_stmt(s, SQL_PROVIDER_BY_EMAIL);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_text(st, 1, addr, &rc);
    return db_read_one(s, st, rc, &PROVIDER_ROW, out, _(PROVIDER_ROW.reading));
}

/* [start, end) of s without the blanks around it. */
static size_t trimmed(const char *s, const char **start)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    *start = s;
    return n;
}

bool mailbox_same_address(const char *a, const char *b)
{
    if (no_address(a) || no_address(b))
        return false;
    const char *pa, *pb;
    size_t na = trimmed(a, &pa), nb = trimmed(b, &pb);
    return na > 0 && na == nb && strncasecmp(pa, pb, na) == 0;
}
