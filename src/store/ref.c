/* store_ref — reference data (pôles, providers, staff, contacts) and notes.
 * These lists are small by nature (a team, a member's contacts, an action's
 * notes), so they are read whole. */

#include "store_internal.h"
#include "suivi/base/timeutil.h"
#include "suivi/base/xalloc.h"

static const char SQL_POLE_ADD[] = "INSERT INTO pole (name) VALUES (?1)";
static const char SQL_POLES[] = "SELECT id, name FROM pole ORDER BY name, id";
static const char SQL_PROVIDER_ADD[] =
    "INSERT INTO provider (name, email, phone) VALUES (?1, ?2, ?3)";
static const char SQL_PROVIDERS[] =
    "SELECT id, name, email, phone FROM provider ORDER BY name, id";
static const char SQL_STAFF_ADD[] =
    "INSERT INTO staff (login, display_name, pole_id) VALUES (?1, ?2, ?3)";
#define STAFF_SELECT "SELECT s.id, s.login, s.display_name, s.pole_id, p.name" \
                     " FROM staff s LEFT JOIN pole p ON p.id = s.pole_id"
static const char SQL_STAFF[] = STAFF_SELECT " ORDER BY s.login";
static const char SQL_STAFF_BY_LOGIN[] = STAFF_SELECT " WHERE s.login = ?1";
static const char SQL_CONTACT_ADD[] =
    "INSERT INTO contact (member_id, name, role, email, phone) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char SQL_CONTACTS[] =
    "SELECT id, member_id, name, role, email, phone FROM contact"
    " WHERE member_id = ?1 ORDER BY name, id";
static const char SQL_NOTE_ADD[] =
    "INSERT INTO note (action_id, author, at, visibility, body) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char SQL_NOTES[] =
    "SELECT id, action_id, author, at, visibility, body FROM note"
    " WHERE action_id = ?1 ORDER BY at, id";

/* One write transaction around fn(s, rec), which fetches its statements after
 * the transaction began and ends with db_insert_audited; *id (the record's) is
 * 0 again when the transaction fails. */
static int with_write(store *s, int (*fn)(store *, void *), void *rec, int64_t *id)
{
    int rc = db_write_begin(s);
    rc = rc == STORE_OK ? db_write_end(s, fn(s, rec)) : rc;
    if (rc != STORE_OK)
        *id = 0;
    return rc;
}

/* ---- pôles ---- */
static int pole_insert(store *s, void *rec)
{
    struct pole *p = rec;
    sqlite3_stmt *st = db_stmt(s, SQL_POLE_ADD);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_text(st, 1, p->name, &rc);
    return db_insert_audited(s, st, rc, "pole", &p->id);
}

int store_pole_add(store *s, struct pole *p)
{
    return with_write(s, pole_insert, p, &p->id);
}

static void read_pole(sqlite3_stmt *st, void *out)
{
    struct pole *p = out;
    p->id = db_col_int(st, 0);
    p->name = db_col_text(st, 1);
}

static void clear_pole(void *p) { pole_clear(p); }

static const struct db_row_kind POLE_ROW = {
    "pole", sizeof(struct pole), read_pole, clear_pole
};

int store_poles_list(store *s, struct pole **out, int *n)
{
    sqlite3_stmt *st = db_stmt(s, SQL_POLES);
    if (!st)
        return STORE_ERROR;
    return db_read_list(s, st, SQLITE_OK, &POLE_ROW, (void **)out, n, "reading pôles");
}

void poles_free(struct pole *a, int n)
{
    db_rows_free(&POLE_ROW, a, n);
}

/* ---- providers ---- */
static int provider_insert(store *s, void *rec)
{
    struct provider *p = rec;
    sqlite3_stmt *st = db_stmt(s, SQL_PROVIDER_ADD);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_text(st, 1, p->name, &rc);
    db_bind_opt_text(st, 2, p->email, &rc);
    db_bind_opt_text(st, 3, p->phone, &rc);
    return db_insert_audited(s, st, rc, "provider", &p->id);
}

int store_provider_add(store *s, struct provider *p)
{
    return with_write(s, provider_insert, p, &p->id);
}

static void read_provider(sqlite3_stmt *st, void *out)
{
    struct provider *p = out;
    p->id = db_col_int(st, 0);
    p->name = db_col_text(st, 1);
    p->email = db_col_text(st, 2);
    p->phone = db_col_text(st, 3);
}

static void clear_provider(void *p) { provider_clear(p); }

static const struct db_row_kind PROVIDER_ROW = {
    "provider", sizeof(struct provider), read_provider, clear_provider
};

int store_providers_list(store *s, struct provider **out, int *n)
{
    sqlite3_stmt *st = db_stmt(s, SQL_PROVIDERS);
    if (!st)
        return STORE_ERROR;
    return db_read_list(s, st, SQLITE_OK, &PROVIDER_ROW, (void **)out, n,
                        "reading providers");
}

void providers_free(struct provider *a, int n)
{
    db_rows_free(&PROVIDER_ROW, a, n);
}

/* ---- staff ---- */
static int staff_insert(store *s, void *rec)
{
    struct staff *stf = rec;
    sqlite3_stmt *st = db_stmt(s, SQL_STAFF_ADD);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_text(st, 1, stf->login, &rc);
    db_bind_text(st, 2, stf->display_name ? stf->display_name : stf->login, &rc);
    db_bind_id(st, 3, stf->pole_id, &rc);
    return db_insert_audited(s, st, rc, "staff", &stf->id);
}

int store_staff_add(store *s, struct staff *stf)
{
    return with_write(s, staff_insert, stf, &stf->id);
}

static void read_staff(sqlite3_stmt *st, void *out)
{
    struct staff *s = out;
    s->id = db_col_int(st, 0);
    s->login = db_col_text(st, 1);
    s->display_name = db_col_text(st, 2);
    s->pole_id = db_col_int(st, 3);
    s->pole_name = db_col_text(st, 4);
}

static void clear_staff(void *p) { staff_clear(p); }

static const struct db_row_kind STAFF_ROW = {
    "staff", sizeof(struct staff), read_staff, clear_staff
};

int store_staff_list(store *s, struct staff **out, int *n)
{
    sqlite3_stmt *st = db_stmt(s, SQL_STAFF);
    if (!st)
        return STORE_ERROR;
    return db_read_list(s, st, SQLITE_OK, &STAFF_ROW, (void **)out, n, "reading staff");
}

int store_staff_by_login(store *s, const char *login, struct staff *out)
{
    sqlite3_stmt *st = db_stmt(s, SQL_STAFF_BY_LOGIN);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_text(st, 1, login, &rc);
    rc = db_read_one(s, st, rc, &STAFF_ROW, out, "reading staff");
    if (rc == STORE_NOT_FOUND)
        db_failf(s, rc, "no staff member with that login");
    return rc;
}

void staff_list_free(struct staff *a, int n)
{
    db_rows_free(&STAFF_ROW, a, n);
}

/* ---- contacts ---- */
static int contact_insert(store *s, void *rec)
{
    struct contact *c = rec;
    sqlite3_stmt *st = db_stmt(s, SQL_CONTACT_ADD);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_int(st, 1, c->member_id, &rc);
    db_bind_text(st, 2, c->name, &rc);
    db_bind_opt_text(st, 3, c->role, &rc);
    db_bind_opt_text(st, 4, c->email, &rc);
    db_bind_opt_text(st, 5, c->phone, &rc);
    return db_insert_audited(s, st, rc, "contact", &c->id);
}

int store_contact_add(store *s, struct contact *c)
{
    return with_write(s, contact_insert, c, &c->id);
}

static void read_contact(sqlite3_stmt *st, void *out)
{
    struct contact *c = out;
    c->id = db_col_int(st, 0);
    c->member_id = db_col_int(st, 1);
    c->name = db_col_text(st, 2);
    c->role = db_col_text(st, 3);
    c->email = db_col_text(st, 4);
    c->phone = db_col_text(st, 5);
}

static void clear_contact(void *p) { contact_clear(p); }

static const struct db_row_kind CONTACT_ROW = {
    "contact", sizeof(struct contact), read_contact, clear_contact
};

int store_contacts_of_member(store *s, int64_t member_id, struct contact **out, int *n)
{
    sqlite3_stmt *st = db_stmt(s, SQL_CONTACTS);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_int(st, 1, member_id, &rc);
    return db_read_list(s, st, rc, &CONTACT_ROW, (void **)out, n, "reading contacts");
}

void contacts_free(struct contact *a, int n)
{
    db_rows_free(&CONTACT_ROW, a, n);
}

/* ---- notes ---- */
static int note_insert(store *s, void *rec)
{
    struct note *nt = rec;
    sqlite3_stmt *st = db_stmt(s, SQL_NOTE_ADD);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_int(st, 1, nt->action_id, &rc);
    db_bind_text(st, 2, nt->author ? nt->author : s->login, &rc);
    db_bind_time(st, 3, nt->at, &rc);
    db_bind_text(st, 4, enum_code(&NOTE_VISIBILITY_NAMES, (int)nt->visibility), &rc);
    db_bind_text(st, 5, nt->body ? nt->body : "", &rc);
    return db_insert_audited(s, st, rc, "note", &nt->id);
}

/* The store stamps the note with "now" and the running user unless told. */
int store_note_add(store *s, struct note *nt)
{
    int64_t at = nt->at;
    nt->at = time_now();
    int rc = with_write(s, note_insert, nt, &nt->id);
    if (rc != STORE_OK) {
        nt->at = at;
    } else if (!nt->author) {
        nt->author = xstrdup(s->login);
    }
    return rc;
}

static void read_note(sqlite3_stmt *st, void *out)
{
    struct note *nt = out;
    nt->id = db_col_int(st, 0);
    nt->action_id = db_col_int(st, 1);
    nt->author = db_col_text(st, 2);
    nt->at = db_col_time(st, 3);
    nt->visibility = (enum note_visibility)db_col_enum(st, 4, &NOTE_VISIBILITY_NAMES);
    nt->body = db_col_text(st, 5);
}

static void clear_note(void *p) { note_clear(p); }

static const struct db_row_kind NOTE_ROW = {
    "note", sizeof(struct note), read_note, clear_note
};

int store_notes_of_action(store *s, int64_t action_id, struct note **out, int *n)
{
    sqlite3_stmt *st = db_stmt(s, SQL_NOTES);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_int(st, 1, action_id, &rc);
    return db_read_list(s, st, rc, &NOTE_ROW, (void **)out, n, "reading notes");
}

void notes_free(struct note *a, int n)
{
    db_rows_free(&NOTE_ROW, a, n);
}
