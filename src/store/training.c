/* training — see training.h.  Writes are one transaction each, audited (the
 * role is checked there); an attendee's member gets the session on its timeline
 * through store_interaction_add, and its "(absent)" mark through
 * store_interaction_write, savepoints inside the same transaction. */
#include "suivi/store/training.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "suivi/base/i18n.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/timeutil.h"
#include "suivi/base/xalloc.h"

static const char *const KIND_CODES[TRAINER_COUNT] = { "internal", "greta", "independent" };

int trainer_kind_from_code(const char *code)
{
    for (int i = 0; code && i < TRAINER_COUNT; i++)
        if (strcmp(code, KIND_CODES[i]) == 0)
            return i;
    return -1;
}

const char *trainer_kind_code(enum trainer_kind k)
{
    return (unsigned)k < TRAINER_COUNT ? KIND_CODES[k] : "?";
}

const char *trainer_kind_label(enum trainer_kind k)
{
    static const char *const labels[TRAINER_COUNT] = {
        N_("internal"), N_("GRETA"), N_("independent"),
    };
    return (unsigned)k < TRAINER_COUNT ? _(labels[k]) : "?";
}

static const char SQL_ADD[] =
    "INSERT INTO training_session (held_on, topic, service_id, trainer_kind, trainer, place,"
    " online, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
#define SESSION_SELECT \
    "SELECT t.id, t.held_on, t.topic, t.service_id, t.trainer_kind, t.trainer, t.place," \
    " t.online, (SELECT count(*) FROM training_attendee x WHERE x.session_id = t.id)," \
    " (SELECT count(*) FROM training_attendee x WHERE x.session_id = t.id AND x.attended)," \
    " (SELECT avg(satisfaction) FROM training_attendee x WHERE x.session_id = t.id)" \
    " FROM training_session t"
static const char SQL_GET[] = SESSION_SELECT " WHERE t.id = ?1";
static const char SQL_LIST[] = SESSION_SELECT " ORDER BY t.held_on DESC, t.id DESC LIMIT ?1";
/* The member's interaction for this session, if one of its contacts is there. */
static const char SQL_MEMBER_EVENT[] =
    "SELECT x.interaction_id FROM training_attendee x JOIN contact c ON c.id = x.contact_id"
    " WHERE x.session_id = ?1 AND c.member_id = ?2 AND x.interaction_id IS NOT NULL LIMIT 1";
/* ?1 session, ?2 member: its entry for the session (as SQL_MEMBER_EVENT), and how
 * many of its attendees are present. */
static const char SQL_MEMBER_STATE[] =
    "SELECT (SELECT x.interaction_id FROM training_attendee x JOIN contact c"
    " ON c.id = x.contact_id WHERE x.session_id = ?1 AND c.member_id = ?2"
    " AND x.interaction_id IS NOT NULL LIMIT 1), (SELECT count(*) FROM training_attendee x"
    " JOIN contact c ON c.id = x.contact_id WHERE x.session_id = ?1 AND c.member_id = ?2"
    " AND x.attended)";
/* What a member's entry starts with while none of its attendees came. */
#define ABSENT_MARK N_("(absent) ")
static const char SQL_ATTEND[] =
    "INSERT INTO training_attendee (session_id, contact_id, attended, satisfaction,"
    " interaction_id) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (session_id, contact_id)"
    " DO UPDATE SET attended = excluded.attended,"
    " satisfaction = coalesce(excluded.satisfaction, training_attendee.satisfaction),"
    " interaction_id = coalesce(training_attendee.interaction_id, excluded.interaction_id)";
static const char SQL_PRIOR[] =
    "SELECT attended, satisfaction FROM training_attendee WHERE session_id = ?1"
    " AND contact_id = ?2";
/* Who may be registered: every contact still there, by member then name; ?1 the
 * limit, ?2 NULL or a part of the contact's name (LIKE: ASCII case aside) or of
 * the member's folded name (?3). */
static const char SQL_CANDIDATES[] =
    "SELECT 0, c.id, c.member_id, 0, c.name, m.name, 0, 0, c.role FROM contact c"
    " JOIN member m ON m.id = c.member_id WHERE NOT c.retired AND (?2 IS NULL"
    " OR c.name LIKE '%' || ?2 || '%' ESCAPE '\\' OR m.sort_key LIKE '%' || ?3 || '%'"
    " ESCAPE '\\') ORDER BY m.sort_key, m.id, c.name, c.id LIMIT ?1";
static const char SQL_ATTENDEES[] =
    "SELECT x.session_id, x.contact_id, c.member_id, x.interaction_id, c.name, m.name,"
    " x.attended, x.satisfaction, c.role FROM training_attendee x"
    " JOIN contact c ON c.id = x.contact_id"
    " LEFT JOIN member m ON m.id = c.member_id WHERE x.session_id = ?1 ORDER BY m.sort_key, c.name";

/* ---- sessions ---- */

static void read_session(sqlite3_stmt *st, void *row)
{
    struct training_session *t = row;
    t->id = db_col_int(st, 0);
    t->held_on = db_col_text(st, 1);
    t->topic = db_col_text(st, 2);
    t->service_id = db_col_int(st, 3);
    int k = trainer_kind_from_code((const char *)sqlite3_column_text(st, 4));
    t->trainer_kind = k < 0 ? TRAINER_INTERNAL : (enum trainer_kind)k;
    t->trainer = db_col_text(st, 5);
    t->place = db_col_text(st, 6);
    t->online = db_col_int(st, 7) != 0;
    t->attendees = (int)db_col_int(st, 8);
    t->present = (int)db_col_int(st, 9);
    t->satisfaction = sqlite3_column_double(st, 10);
}

void training_clear(struct training_session *t)
{
    free(t->held_on);
    free(t->topic);
    free(t->trainer);
    free(t->place);
    memset(t, 0, sizeof *t);
}

static void clear_session(void *row)
{
    training_clear(row);
}

static const struct db_row_kind SESSION_ROW = {
    "training", sizeof(struct training_session), read_session, clear_session,
    N_("reading a training session"), N_("adding a training session"),
    N_("updating a training session"), N_("this training session does not exist"),
    N_("this training session was changed by someone else"),
};

int store_training_add(store *s, struct training_session *t)
{
    sqlite3_stmt *st = db_stmt(s, SQL_ADD);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_text(st, 1, t->held_on, &rc);
    db_bind_text(st, 2, t->topic, &rc);
    db_bind_id(st, 3, t->service_id, &rc);
    db_bind_text(st, 4, trainer_kind_code(t->trainer_kind), &rc);
    db_bind_opt_text(st, 5, t->trainer, &rc);
    db_bind_opt_text(st, 6, t->place, &rc);
    db_bind_int(st, 7, t->online, &rc);
    db_bind_text(st, 8, s->login, &rc);
    db_bind_time(st, 9, time_now(), &rc);
    if ((rc = db_bind_check(s, st, rc)) != STORE_OK)
        return rc;
    /* No write begun, nothing to end: db_write_end would undo a savepoint (or
     * roll back a transaction) that is not ours. */
    if ((rc = db_write_begin(s)) != STORE_OK) {
        db_reset(st);
        return rc;
    }
    rc = db_exec_stmt(s, st, _(SESSION_ROW.adding));
    if (rc == STORE_OK) {
        t->id = sqlite3_last_insert_rowid(s->db);
        rc = db_audit(s, "training", t->id, "created");
    }
    return db_write_end(s, rc);
}

int store_training_get(store *s, int64_t id, struct training_session *out)
{
    if (db_provider_only(s))
        return db_hidden(s);
    return db_get_by_id(s, SQL_GET, id, &SESSION_ROW, out);
}

int store_trainings(store *s, int limit, struct training_session **out, int *n)
{
    return db_list_by_id(s, SQL_LIST, limit, &SESSION_ROW, (void **)out, n);
}

void trainings_free(struct training_session *t, int n)
{
    db_rows_free(&SESSION_ROW, t, n);
}

/* ---- attendees ---- */

/* The member's training interaction for the session: the one an attendee of
 * that member has already, or a new one on its timeline. */
static int member_event(store *s, const struct training_session *t, const struct contact *c,
                        int64_t *interaction_id)
{
    sqlite3_stmt *st = db_stmt(s, SQL_MEMBER_EVENT);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_int(st, 1, t->id, &rc);
    db_bind_int(st, 2, c->member_id, &rc);
    if (db_bind_check(s, st, rc) != STORE_OK)
        return STORE_ERROR;
    rc = sqlite3_step(st);
    *interaction_id = rc == SQLITE_ROW ? db_col_int(st, 0) : 0;
    db_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(s, rc, _(SESSION_ROW.reading));
    if (*interaction_id)
        return STORE_OK;
    int64_t at = 0;
    char when[32];
    snprintf(when, sizeof when, "%s 09:00:00", t->held_on);
    if (time_from_iso(when, &at) != 0)
        at = time_now();
    char *subject = xasprintf(_("Training: %s"), t->topic);
    char *body = xasprintf(_("Training session #%lld (%s%s%s)"), (long long)t->id,
                           trainer_kind_code(t->trainer_kind), t->trainer ? ", " : "",
                           t->trainer ? t->trainer : "");
    struct interaction it = { .member_id = c->member_id, .contact_id = c->id,
                              .occurred_at = at, .kind = IKIND_TRAINING, .subject = subject,
                              .body = body };
    rc = store_interaction_add(s, &it);
    *interaction_id = it.id;
    free(it.author);
    free(subject);
    free(body);
    return rc;
}

/* The subject with the absent mark put on (absent) or taken off, or NULL when it
 * is right already.  Only the mark is touched: a subject someone edited keeps
 * what they wrote.  The untranslated mark is recognised too, so that a colleague
 * in another language can take it off. */
static char *marked_subject(const char *subject, bool absent)
{
    const char *marks[] = { _(ABSENT_MARK), ABSENT_MARK };
    size_t skip = 0;
    for (int i = 0; i < 2 && !skip; i++)
        if (strncmp(subject, marks[i], strlen(marks[i])) == 0)
            skip = strlen(marks[i]);
    if (absent == (skip > 0))
        return NULL;
    return absent ? xasprintf("%s%s", marks[0], subject) : xstrdup(subject + skip);
}

/* The member's entry for the session says whether anyone of the member came:
 * marked while all its attendees are absent, unmarked once one is present again.
 * A mark rather than a deletion: the entry may hold what someone wrote since,
 * and the actions made from it name it.  An interaction write, audited there. */
static int mark_member_event(store *s, int64_t session_id, int64_t member_id)
{
    sqlite3_stmt *st = db_stmt(s, SQL_MEMBER_STATE);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_int(st, 1, session_id, &rc);
    db_bind_int(st, 2, member_id, &rc);
    if (db_bind_check(s, st, rc) != STORE_OK)
        return STORE_ERROR;
    rc = sqlite3_step(st);
    int64_t id = rc == SQLITE_ROW ? db_col_int(st, 0) : 0;
    bool absent = rc == SQLITE_ROW && db_col_int(st, 1) == 0;
    db_reset(st);
    if (rc != SQLITE_ROW)
        return db_fail(s, rc, _(SESSION_ROW.reading));
    if (!id)
        return STORE_OK;                /* none yet: no one of the member came so far */
    struct interaction it = {0};
    rc = store_interaction_get(s, id, &it);
    char *subject = rc == STORE_OK ? marked_subject(it.subject, absent) : NULL;
    if (subject) {
        free(it.subject);
        it.subject = subject;
        rc = store_interaction_write(s, &it, 1u << INTERACTION_F_SUBJECT, it.version);
    }
    interaction_clear(&it);
    return rc;
}

/* What the contact's row held before this write, for the audit. */
struct prior {
    bool found, attended;
    int satisfaction;                   /* 0: none */
};

static int prior_of(store *s, const struct training_attendee *a, struct prior *p)
{
    memset(p, 0, sizeof *p);
    sqlite3_stmt *st = db_stmt(s, SQL_PRIOR);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_int(st, 1, a->session_id, &rc);
    db_bind_int(st, 2, a->contact_id, &rc);
    if (db_bind_check(s, st, rc) != STORE_OK)
        return STORE_ERROR;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        p->found = true;
        p->attended = db_col_int(st, 0) != 0;
        p->satisfaction = (int)db_col_int(st, 1);
    }
    db_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK
                                                 : db_fail(s, rc, _(SESSION_ROW.reading));
}

/* Would this write leave the row as it is?  A score of 0 keeps the stored one. */
static bool unchanged(const struct prior *p, const struct training_attendee *a)
{
    return p->found && p->attended == a->attended &&
           (!a->satisfaction || a->satisfaction == p->satisfaction);
}

/* The audit of an attendance: {"contact": [old, new], "attended": [old, new],
 * "satisfaction": [old, new]}.  The contact is always there, [null, 12] when it
 * is new to the session and [12, 12] when its row changes, so that the trail says
 * whose attendance it was; the other two only when they change (a score of 0
 * leaves the stored one, as SQL_ATTEND does).  Only numbers and null: no text to
 * escape. */
static void attendance_change(const struct prior *p, const struct training_attendee *a,
                              char *buf, size_t len)
{
    long long id = (long long)a->contact_id;
    int score = a->satisfaction ? a->satisfaction : p->satisfaction;
    char was[24] = "null", now[24] = "null";
    int n = p->found ? snprintf(buf, len, "{\"contact\": [%lld, %lld]", id, id)
                     : snprintf(buf, len, "{\"contact\": [null, %lld]", id);
    if (n > 0 && (size_t)n < len && (!p->found || p->attended != a->attended))
        n += snprintf(buf + n, len - (size_t)n, ", \"attended\": [%s, %d]",
                      p->found ? (p->attended ? "1" : "0") : "null", a->attended ? 1 : 0);
    if (p->satisfaction)
        snprintf(was, sizeof was, "%d", p->satisfaction);
    if (score)
        snprintf(now, sizeof now, "%d", score);
    if (n > 0 && (size_t)n < len && score != p->satisfaction)
        n += snprintf(buf + n, len - (size_t)n, ", \"satisfaction\": [%s, %s]", was, now);
    if (n > 0 && (size_t)n < len)
        snprintf(buf + n, len - (size_t)n, "}");
}

/* The row itself (insert or update). */
static int attendee_write(store *s, const struct training_attendee *a)
{
    sqlite3_stmt *st = db_stmt(s, SQL_ATTEND);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_int(st, 1, a->session_id, &rc);
    db_bind_int(st, 2, a->contact_id, &rc);
    db_bind_int(st, 3, a->attended, &rc);
    db_bind_id(st, 4, a->satisfaction, &rc);
    db_bind_id(st, 5, a->interaction_id, &rc);
    if ((rc = db_bind_check(s, st, rc)) != STORE_OK)
        return rc;
    return db_exec_stmt(s, st, _("recording an attendee"));
}

/* Inside the transaction, the session and contact read: the member's entry made
 * (someone present) or marked, the row written, the change audited. */
static int attend_locked(store *s, struct training_attendee *a, const char *change,
                         const struct training_session *t, const struct contact *c)
{
    int rc = a->attended ? member_event(s, t, c, &a->interaction_id) : STORE_OK;
    if (rc == STORE_OK)
        rc = attendee_write(s, a);
    if (rc == STORE_OK)
        rc = mark_member_event(s, a->session_id, c->member_id);
    if (rc == STORE_OK)
        rc = db_audit(s, "training", a->session_id, change);
    return rc;
}

/* keep: a contact already there stays as it is (*already set, a as stored).  A
 * write that would change nothing writes nothing, not even an audit row. */
static int attend(store *s, struct training_attendee *a, bool keep, bool *already)
{
    struct prior was = {0};
    struct training_session t = {0};
    struct contact c = {0};
    int rc = store_begin(s);
    if (rc != STORE_OK)
        return rc;
    rc = store_training_get(s, a->session_id, &t);
    if (rc == STORE_OK)
        rc = store_contact_get(s, a->contact_id, &c);
    if (rc == STORE_OK)
        rc = prior_of(s, a, &was);
    if (already)
        *already = was.found;
    if (rc == STORE_OK && was.found && keep) {
        a->attended = was.attended;
        a->satisfaction = was.satisfaction;
    }
    /* Nothing to write is still refused to a login that may not write: the
     * command line and the interface say the same whatever the row holds. */
    char change[160];
    attendance_change(&was, a, change, sizeof change);
    bool write = !(was.found && keep) && !unchanged(&was, a);
    if (rc == STORE_OK)
        rc = write ? attend_locked(s, a, change, &t, &c)
                   : db_check_write(s, "training", a->session_id, change);
    a->member_id = c.member_id;
    training_clear(&t);
    contact_clear(&c);
    if (rc == STORE_OK)
        return store_commit(s);
    store_rollback(s);
    return rc;
}

int store_training_attend(store *s, struct training_attendee *a)
{
    return attend(s, a, false, NULL);
}

int store_training_register(store *s, struct training_attendee *a, bool *already)
{
    a->attended = true;
    return attend(s, a, true, already);
}

static void read_attendee(sqlite3_stmt *st, void *row)
{
    struct training_attendee *a = row;
    a->session_id = db_col_int(st, 0);
    a->contact_id = db_col_int(st, 1);
    a->member_id = db_col_int(st, 2);
    a->interaction_id = db_col_int(st, 3);
    a->contact_name = db_col_text(st, 4);
    a->member_name = db_col_text(st, 5);
    a->attended = db_col_int(st, 6) != 0;
    a->satisfaction = (int)db_col_int(st, 7);
    a->contact_role = db_col_text(st, 8);
}

static void clear_attendee(void *row)
{
    struct training_attendee *a = row;
    free(a->contact_name);
    free(a->member_name);
    free(a->contact_role);
}

static const struct db_row_kind ATTENDEE_ROW = {
    "training", sizeof(struct training_attendee), read_attendee, clear_attendee,
    N_("reading the attendees"), N_("recording an attendee"), N_("recording an attendee"),
    N_("no such attendee"), N_("this training session was changed by someone else"),
};

int store_training_attendees(store *s, int64_t session_id, struct training_attendee **out,
                             int *n)
{
    return db_list_by_id(s, SQL_ATTENDEES, session_id, &ATTENDEE_ROW, (void **)out, n);
}

/* The text for LIKE: its own % and _ and \\ taken literally. */
static char *like_escaped(const char *text)
{
    char *out = xmalloc(strlen(text) * 2 + 1), *o = out;
    for (const char *p = text; *p; p++) {
        if (*p == '%' || *p == '_' || *p == '\\')
            *o++ = '\\';
        *o++ = *p;
    }
    *o = '\0';
    return out;
}

int store_training_candidates(store *s, const char *find, int limit,
                              struct training_attendee **out, int *n)
{
    *out = NULL;
    *n = 0;
    if (db_provider_only(s))
        return STORE_OK;            /* a provider's login sees no member's people */
    sqlite3_stmt *st = db_stmt(s, SQL_CANDIDATES);
    if (!st)
        return STORE_ERROR;
    char *folded = find && *find ? fold_for_search(find) : NULL;
    char *name = find && *find ? like_escaped(find) : NULL;
    char *member = folded ? like_escaped(folded) : NULL;
    int rc = SQLITE_OK;
    db_bind_int(st, 1, limit, &rc);
    db_bind_opt_text(st, 2, name, &rc);
    db_bind_opt_text(st, 3, member, &rc);
    rc = db_read_list(s, st, rc, &ATTENDEE_ROW, (void **)out, n, _(ATTENDEE_ROW.reading));
    free(folded);
    free(name);
    free(member);
    return rc;
}

void training_attendees_free(struct training_attendee *a, int n)
{
    db_rows_free(&ATTENDEE_ROW, a, n);
}

static const char SQL_FIRST[] =
    "SELECT min(t.held_on) FROM training_session t JOIN training_attendee x"
    " ON x.session_id = t.id JOIN contact c ON c.id = x.contact_id"
    " WHERE c.member_id = ?1 AND x.attended";
/* ?2 the first session's day, ?3 the days: [day - days, day) and [day, day + days). */
static const char SQL_AROUND[] =
    "SELECT coalesce(sum(occurred_at < ?2), 0), coalesce(sum(occurred_at >= ?2), 0)"
    " FROM interaction WHERE member_id = ?1 AND kind IN ('incident', 'request')"
    " AND occurred_at >= date(?2, '-' || ?3 || ' days')"
    " AND occurred_at < date(?2, '+' || ?3 || ' days')";

int store_training_effect(store *s, int64_t member_id, int days, char first[11],
                          int *before, int *after)
{
    first[0] = '\0';
    *before = *after = 0;
    if (db_provider_only(s))
        return STORE_OK;            /* a provider's login sees no member's timeline */
    sqlite3_stmt *st = db_stmt(s, SQL_FIRST);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_int(st, 1, member_id, &rc);
    if (db_bind_check(s, st, rc) != STORE_OK)
        return STORE_ERROR;
    rc = sqlite3_step(st);
    const unsigned char *f = rc == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
    snprintf(first, 11, "%s", f ? (const char *)f : "");
    db_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(s, rc, _(SESSION_ROW.reading));
    if (!*first)
        return STORE_OK;
    st = db_stmt(s, SQL_AROUND);
    if (!st)
        return STORE_ERROR;
    rc = SQLITE_OK;
    db_bind_int(st, 1, member_id, &rc);
    db_bind_text(st, 2, first, &rc);
    db_bind_int(st, 3, days, &rc);
    if (db_bind_check(s, st, rc) != STORE_OK)
        return STORE_ERROR;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *before = sqlite3_column_int(st, 0);
        *after = sqlite3_column_int(st, 1);
    }
    db_reset(st);
    return rc == SQLITE_ROW ? STORE_OK : db_fail(s, rc, _(SESSION_ROW.reading));
}
