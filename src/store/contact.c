/* contact — the people of a member: add, version-checked update, get, a member's
 * list (the ones still there first, then those who left, each by name). */
#include <stddef.h>

#include "people_row.h"
#include "suivi/base/i18n.h"

static const char SQL_ADD[] =
    "INSERT INTO contact (member_id, name, role, email, phone, retired, version)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1)";
static const char SQL_GET[] = CONTACT_SELECT " WHERE id = ?1";
static const char SQL_OF_MEMBER[] =
    CONTACT_SELECT " WHERE member_id = ?1 ORDER BY retired, name, id";
static const char SQL_UPDATE[] =
    "UPDATE contact SET name = ?2, role = ?3, email = ?4, phone = ?5, retired = ?6,"
    " version = version + 1 WHERE id = ?7 AND version = ?8";

static void read_contact(sqlite3_stmt *st, void *out)
{
    struct contact *c = out;
    c->id = db_col_int(st, 0);
    c->member_id = db_col_int(st, 1);
    c->name = db_col_text(st, 2);
    c->role = db_col_text(st, 3);
    c->email = db_col_text(st, 4);
    c->phone = db_col_text(st, 5);
    c->retired = db_col_int(st, 6) != 0;
    c->version = db_col_int(st, 7);
}

static void clear_contact(void *p) { contact_clear(p); }

const struct db_row_kind CONTACT_ROW = {
    "contact", sizeof(struct contact), read_contact, clear_contact,
    N_("reading a contact"), N_("adding a contact"), N_("updating a contact"),
    N_("this contact does not exist"),
    N_("this contact was changed by someone else"),
};

/* ?2..?6: the fields a caller edits (?1, the member, only on add). */
static void bind_fields(sqlite3_stmt *st, const struct contact *c, int *rc)
{
    db_bind_text(st, 2, c->name, rc);
    db_bind_opt_text(st, 3, c->role, rc);
    db_bind_opt_text(st, 4, c->email, rc);
    db_bind_opt_text(st, 5, c->phone, rc);
    db_bind_int(st, 6, c->retired ? 1 : 0, rc);
}

static int contact_insert(store *s, void *rec)
{
    struct contact *c = rec;
    sqlite3_stmt *st = db_stmt(s, SQL_ADD);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_int(st, 1, c->member_id, &rc);
    bind_fields(st, c, &rc);
    return db_insert_audited(s, st, rc, &CONTACT_ROW, &c->id);
}

int store_contact_add(store *s, struct contact *c)
{
    int rc = db_with_write(s, contact_insert, c, &c->id);
    if (rc == STORE_OK)
        c->version = 1;
    return rc;
}

int store_contact_get(store *s, int64_t id, struct contact *out)
{
    if (db_provider_only(s))
        return db_hidden(s);
    return db_get_by_id(s, SQL_GET, id, &CONTACT_ROW, out);
}

int store_contacts_of_member(store *s, int64_t member_id, struct contact **out, int *n)
{
    *out = NULL;
    *n = 0;
    if (db_provider_only(s))
        return STORE_OK;
    sqlite3_stmt *st = db_stmt(s, SQL_OF_MEMBER);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_int(st, 1, member_id, &rc);
    return db_read_list(s, st, rc, &CONTACT_ROW, (void **)out, n, _("reading contacts"));
}

void contacts_free(struct contact *a, int n)
{
    db_rows_free(&CONTACT_ROW, a, n);
}

static void describe(struct change *c, const void *old, void *ctx)
{
    const struct contact *o = old, *n = ctx;
    change_str(c, "name", o->name, n->name);
    change_str(c, "role", o->role, n->role);
    change_str(c, "email", o->email, n->email);
    change_str(c, "phone", o->phone, n->phone);
    change_bool(c, "retired", o->retired, n->retired);
}

static int update_row(store *s, const void *old, void *ctx)
{
    (void)old;
    const struct contact *c = ctx;
    sqlite3_stmt *st = db_stmt(s, SQL_UPDATE);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    bind_fields(st, c, &rc);
    db_bind_int(st, 7, c->id, &rc);
    db_bind_int(st, 8, c->version, &rc);
    return db_update_versioned(s, st, rc, &CONTACT_ROW, c->id);
}

static const struct db_update CONTACT_UPDATE = {
    &CONTACT_ROW, SQL_GET, offsetof(struct contact, version), describe, update_row
};

int store_contact_update(store *s, struct contact *c)
{
    bool changed = false;
    int rc = db_update_audited(s, &CONTACT_UPDATE, c->id, c->version, c, &changed);
    if (rc == STORE_OK && changed)
        c->version++;
    return rc;
}
