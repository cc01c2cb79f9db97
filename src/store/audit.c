/* audit — the trail every write leaves: who, when, which entity, what changed.
 * Rows are appended inside the write's own transaction (db_write_begin), so a
 * change and its audit row are committed or lost together. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "suivi/base/timeutil.h"
#include "suivi/base/xalloc.h"

static const char SQL_AUDIT_ADD[] =
    "INSERT INTO audit (at, login, entity, entity_id, change) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char SQL_AUDIT_OF[] =
    "SELECT id, at, login, entity, entity_id, change FROM audit"
    " WHERE entity = ?1 AND entity_id = ?2 ORDER BY id";

int db_audit(store *s, const char *entity, int64_t entity_id, const char *change)
{
    sqlite3_stmt *st = db_stmt(s, SQL_AUDIT_ADD);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_time(st, 1, time_now(), &rc);
    db_bind_text(st, 2, s->login, &rc);
    db_bind_text(st, 3, entity, &rc);
    db_bind_int(st, 4, entity_id, &rc);
    db_bind_text(st, 5, change && *change ? change : "no change", &rc);
    if (db_bind_check(s, st, rc) != STORE_OK)
        return STORE_ERROR;
    return db_exec_stmt(s, st, "writing the audit trail");
}

int store_audit_of(store *s, const char *entity, int64_t entity_id,
                   struct audit_entry **out, int *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_stmt(s, SQL_AUDIT_OF);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK, cap = 0;
    db_bind_text(st, 1, entity, &rc);
    db_bind_int(st, 2, entity_id, &rc);
    if (db_bind_check(s, st, rc) != STORE_OK)
        return STORE_ERROR;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct audit_entry *e = db_array_push((void **)out, n, &cap, sizeof *e);
        e->id = db_col_int(st, 0);
        e->at = db_col_time(st, 1);
        e->login = db_col_text(st, 2);
        e->entity = db_col_text(st, 3);
        e->entity_id = db_col_int(st, 4);
        e->change = db_col_text(st, 5);
    }
    int out_rc = rc == SQLITE_DONE ? STORE_OK : db_fail(s, rc, "reading the history");
    db_reset(st);
    if (out_rc != STORE_OK) {
        audit_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return out_rc;
}

void audit_free(struct audit_entry *a, int n)
{
    for (int i = 0; i < n; i++)
        audit_entry_clear(&a[i]);
    free(a);
}

/* ---- change descriptions ---- */

static void change_append(struct change *c, const char *field, const char *text)
{
    size_t need = strlen(field) + strlen(text) + 5;
    if (c->len + need + 1 > c->cap) {
        size_t ncap = c->cap ? c->cap * 2 : 128;
        while (ncap < c->len + need + 1)
            ncap *= 2;
        c->text = xreallocarray(c->text, ncap, 1);
        c->cap = ncap;
    }
    c->len += (size_t)snprintf(c->text + c->len, c->cap - c->len, "%s%s: %s",
                               c->len ? "; " : "", field, text);
}

/* NULL and "" are the same value to a user: both show as an empty field. */
static const char *shown(const char *v)
{
    return v && *v ? v : "(none)";
}

static bool same_text(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

void change_str(struct change *c, const char *field, const char *old, const char *new_)
{
    if (same_text(old, new_))
        return;
    char *t = xasprintf("%s -> %s", shown(old), shown(new_));
    change_append(c, field, t);
    free(t);
}

/* Long texts (bodies, descriptions) are only flagged: the trail is for who
 * changed what, not a second copy of every revision. */
void change_long(struct change *c, const char *field, const char *old, const char *new_)
{
    if (!same_text(old, new_))
        change_append(c, field, "changed");
}

void change_int(struct change *c, const char *field, int64_t old, int64_t new_)
{
    if (old == new_)
        return;
    char t[64];
    snprintf(t, sizeof t, "%" PRId64 " -> %" PRId64, old, new_);
    change_append(c, field, t);
}

void change_id(struct change *c, const char *field, int64_t old, int64_t new_)
{
    if (old == new_)
        return;
    char a[32] = "(none)", b[32] = "(none)", t[80];
    if (old)
        snprintf(a, sizeof a, "#%" PRId64, old);
    if (new_)
        snprintf(b, sizeof b, "#%" PRId64, new_);
    snprintf(t, sizeof t, "%s -> %s", a, b);
    change_append(c, field, t);
}

void change_enum(struct change *c, const char *field, const struct enum_names *e,
                 int old, int new_)
{
    if (old != new_)
        change_str(c, field, enum_code(e, old), enum_code(e, new_));
}

void change_free(struct change *c)
{
    free(c->text);
    memset(c, 0, sizeof *c);
}
