/* action — actions: add, masked and version-checked writes and status changes,
 * get, the actions of an interaction.  Pages and counts: action_page.c.
 *
 * closed_at and resolution follow the status: moving to done or cancelled sets
 * closed_at (kept while it stays closed), moving back to an open status clears
 * both; the schema refuses a closed_at or a resolution on an open action. */
#include <stddef.h>
#include <stdlib.h>

#include "action_row.h"
#include "suivi/base/i18n.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/timeutil.h"
#include "suivi/base/xalloc.h"

static const char SQL_GET[] = A_SELECT " WHERE a.id = ?1";
static const char SQL_OF_INTERACTION[] =
    A_SELECT " WHERE a.interaction_id = ?1 ORDER BY a.created_at, a.id";
/* action.search (schema v5): the folded title ?5, a line break, the folded name of
 * the member `member` (the filters compare both from the action's own index). */
#define SEARCH(member) \
    "?5 || char(10) || coalesce((SELECT sort_key FROM member WHERE id = " member "), '')"
static const char SQL_ADD[] =
    "INSERT INTO action (interaction_id, member_id, title, description, search,"
    " assignee_staff_id, assignee_provider_id, pole_id, status, priority, due,"
    " created_by, created_at, updated_at, closed_at, resolution, version)"
    " VALUES (?1, ?2, ?3, ?4, " SEARCH("?2") ", ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?14,"
    " ?17, 1)";
/* Only the fields whose bit is in ?20 are written: 1 << ACTION_F_…, and two of our
 * own for store_action_update, which may also change the member and the origin.
 * search, closed_at and resolution follow title and status (bound as merged). */
#define F_MEMBER ACTION_F_COUNT
#define F_INTERACTION (ACTION_F_COUNT + 1)
_Static_assert(ACTION_F_TITLE == 0 && ACTION_F_DESCRIPTION == 1 && ACTION_F_ASSIGNEE == 2 &&
               ACTION_F_POLE == 3 && ACTION_F_PRIORITY == 4 && ACTION_F_DUE == 5 &&
               ACTION_F_STATUS == 6 && ACTION_F_RESOLUTION == 7 && F_MEMBER == 8 &&
               F_INTERACTION == 9, "SQL_WRITE spells the action field bits out");
static const char SQL_WRITE[] =
    "UPDATE action SET"
    " title = CASE WHEN ?20 & 1 THEN ?3 ELSE title END,"
    " description = CASE WHEN ?20 & 2 THEN ?4 ELSE description END,"
    " assignee_staff_id = CASE WHEN ?20 & 4 THEN ?6 ELSE assignee_staff_id END,"
    " assignee_provider_id = CASE WHEN ?20 & 4 THEN ?7 ELSE assignee_provider_id END,"
    " pole_id = CASE WHEN ?20 & 8 THEN ?8 ELSE pole_id END,"
    " priority = CASE WHEN ?20 & 16 THEN ?10 ELSE priority END,"
    " due = CASE WHEN ?20 & 32 THEN ?11 ELSE due END,"
    " status = CASE WHEN ?20 & 64 THEN ?9 ELSE status END,"
    " member_id = CASE WHEN ?20 & 256 THEN ?2 ELSE member_id END,"
    " interaction_id = CASE WHEN ?20 & 512 THEN ?1 ELSE interaction_id END,"
    " search = " SEARCH("CASE WHEN ?20 & 256 THEN ?2 ELSE member_id END") ", closed_at = ?14, resolution = ?17, updated_at = ?13,"
    " version = version + 1 WHERE id = ?15 AND version = ?16";

static void read_row(sqlite3_stmt *st, void *row)
{
    struct action *a = row;
    a->id = db_col_int(st, 0);
    a->interaction_id = db_col_int(st, 1);
    a->member_id = db_col_int(st, 2);
    a->member_name = db_col_text(st, 3);
    a->title = db_col_text(st, 4);
    a->description = db_col_text(st, 5);
    a->assignee_staff_id = db_col_int(st, 6);
    a->assignee_provider_id = db_col_int(st, 7);
    a->assignee_name = db_col_text(st, 8);
    a->pole_id = db_col_int(st, 9);
    a->pole_name = db_col_text(st, 10);
    a->status = (enum action_status)db_col_enum(st, 11, &ACTION_STATUS_NAMES);
    a->priority = (int)db_col_int(st, 12);
    a->due = db_col_text(st, 13);
    a->created_by = db_col_text(st, 14);
    a->created_at = db_col_time(st, 15);
    a->updated_at = db_col_time(st, 16);
    a->closed_at = db_col_time(st, 17);
    a->version = db_col_int(st, 18);
    a->resolution = db_col_text(st, 19);
}

static void clear_row(void *row) { action_clear(row); }

const struct db_row_kind ACTION_ROW = {
    "action", sizeof(struct action), read_row, clear_row,
    N_("reading an action"), N_("adding an action"), N_("updating an action"),
    N_("this action does not exist"),
    N_("this action was changed by someone else"),
};

/* Bind ?1..?11 (the fields a caller edits), ?14 closed_at and ?17 the resolution
 * (NULL while open). */
static void bind_fields(sqlite3_stmt *st, const struct action *a, int64_t closed_at, int *rc)
{
    char *search = fold_for_search(a->title ? a->title : "");
    db_bind_id(st, 1, a->interaction_id, rc);
    db_bind_int(st, 2, a->member_id, rc);
    db_bind_text(st, 3, a->title, rc);
    db_bind_opt_text(st, 4, a->description, rc);
    db_bind_text(st, 5, search, rc);
    db_bind_id(st, 6, a->assignee_staff_id, rc);
    db_bind_id(st, 7, a->assignee_provider_id, rc);
    db_bind_id(st, 8, a->pole_id, rc);
    db_bind_text(st, 9, enum_code(&ACTION_STATUS_NAMES, (int)a->status), rc);
    db_bind_int(st, 10, a->priority, rc);
    db_bind_opt_text(st, 11, a->due, rc);
    if (closed_at)
        db_bind_time(st, 14, closed_at, rc);
    else
        db_bind_text(st, 14, NULL, rc);
    db_bind_opt_text(st, 17, action_status_is_open(a->status) ? NULL : a->resolution, rc);
    free(search);
}

int store_action_get(store *s, int64_t id, struct action *out)
{
    int rc = db_get_by_id(s, SQL_GET, id, &ACTION_ROW, out);
    if (rc == STORE_OK && db_provider_only(s) && out->assignee_provider_id != s->provider_only) {
        action_clear(out);
        return db_hidden(s);
    }
    return rc;
}

int store_actions_of_interaction(store *s, int64_t interaction_id, struct action **out,
                                 int *n)
{
    *out = NULL;
    *n = 0;
    if (db_provider_only(s))
        return STORE_OK;
    sqlite3_stmt *st = db_stmt(s, SQL_OF_INTERACTION);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_int(st, 1, interaction_id, &rc);
    return db_read_list(s, st, rc, &ACTION_ROW, (void **)out, n, _("reading actions"));
}

void actions_free(struct action *a, int n)
{
    db_rows_free(&ACTION_ROW, a, n);
}

static int insert_locked(store *s, struct action *a, const char *by, int64_t now,
                         int64_t closed_at)
{
    sqlite3_stmt *st = db_stmt(s, SQL_ADD);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    bind_fields(st, a, closed_at, &rc);
    db_bind_text(st, 12, by, &rc);
    db_bind_time(st, 13, now, &rc);
    return db_insert_audited(s, st, rc, &ACTION_ROW, &a->id);
}

int store_action_add(store *s, struct action *a)
{
    int64_t now = time_now();
    int64_t closed_at = action_status_is_open(a->status) ? 0 : now;
    const char *by = a->created_by ? a->created_by : s->login;
    int rc = db_write_begin(s);
    if (rc == STORE_OK)
        rc = db_write_end(s, insert_locked(s, a, by, now, closed_at));
    if (rc != STORE_OK) {
        a->id = 0;
        return rc;
    }
    if (!a->created_by)
        a->created_by = xstrdup(s->login);
    if (action_status_is_open(a->status))
        free_and_null(&a->resolution);
    a->created_at = a->updated_at = now;
    a->closed_at = closed_at;
    a->version = 1;
    return STORE_OK;
}

/* closed_at after a move from old to the new status: kept while closed, set on
 * closing, cleared on reopening. */
static int64_t next_closed_at(const struct action *old, enum action_status status,
                              int64_t now)
{
    if (action_status_is_open(status))
        return 0;
    return !action_status_is_open(old->status) && old->closed_at ? old->closed_at : now;
}

/* A write being made: the caller's record and fields, and what the row becomes
 * (the stored row with those fields replaced: borrowed strings). */
struct edit {
    const struct action *a;
    unsigned fields;
    int64_t version;            /* expected */
    int64_t now;
    struct action merged;       /* borrows from a and from the stored row (freed after) */
    bool open;                  /* the merged status is open (so: no resolution) */
};

static bool has(unsigned fields, int f)
{
    return fields & (1u << f);
}

static void merge(struct edit *e, const struct action *o)
{
    const struct action *a = e->a;
    struct action *r = &e->merged;
    *r = *o;
    if (has(e->fields, ACTION_F_TITLE))
        r->title = a->title;
    if (has(e->fields, ACTION_F_DESCRIPTION))
        r->description = a->description;
    if (has(e->fields, ACTION_F_ASSIGNEE)) {
        r->assignee_staff_id = a->assignee_staff_id;
        r->assignee_provider_id = a->assignee_provider_id;
    }
    if (has(e->fields, ACTION_F_POLE))
        r->pole_id = a->pole_id;
    if (has(e->fields, ACTION_F_PRIORITY))
        r->priority = a->priority;
    if (has(e->fields, ACTION_F_DUE))
        r->due = a->due;
    if (has(e->fields, ACTION_F_STATUS))
        r->status = a->status;
    if (has(e->fields, ACTION_F_RESOLUTION))
        r->resolution = a->resolution;
    if (has(e->fields, F_MEMBER))
        r->member_id = a->member_id;
    if (has(e->fields, F_INTERACTION))
        r->interaction_id = a->interaction_id;
    e->open = action_status_is_open(r->status);
    if (e->open)
        r->resolution = NULL;
    r->closed_at = next_closed_at(o, r->status, e->now);
}

static void describe(struct change *c, const void *old, void *ctx)
{
    struct edit *e = ctx;
    const struct action *o = old, *a = &e->merged;
    merge(e, o);
    change_str(c, "title", o->title, a->title);
    change_long(c, "description", o->description, a->description);
    change_id(c, "member", o->member_id, a->member_id);
    change_id(c, "interaction", o->interaction_id, a->interaction_id);
    change_id(c, "assignee_staff", o->assignee_staff_id, a->assignee_staff_id);
    change_id(c, "assignee_provider", o->assignee_provider_id, a->assignee_provider_id);
    change_id(c, "pole", o->pole_id, a->pole_id);
    change_enum(c, "status", &ACTION_STATUS_NAMES, (int)o->status, (int)a->status);
    change_int(c, "priority", o->priority, a->priority);
    change_str(c, "due", o->due, a->due);
    change_long(c, "resolution", o->resolution, a->resolution);
}

static int write_row(store *s, const void *old, void *ctx)
{
    (void)old;
    const struct edit *e = ctx;
    sqlite3_stmt *st = db_stmt(s, SQL_WRITE);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    bind_fields(st, &e->merged, e->merged.closed_at, &rc);
    db_bind_time(st, 13, e->now, &rc);
    db_bind_int(st, 15, e->a->id, &rc);
    db_bind_int(st, 16, e->version, &rc);
    db_bind_int(st, 20, e->fields, &rc);
    return db_update_versioned(s, st, rc, &ACTION_ROW, e->a->id);
}

static const struct db_update ACTION_WRITE = {
    &ACTION_ROW, SQL_GET, offsetof(struct action, version), describe, write_row
};

/* On success a holds the new version, no resolution when it is open, and, when
 * something changed, the stored updated_at and closed_at. */
static int write_fields(store *s, struct action *a, unsigned fields, int64_t expected_version)
{
    struct edit e = { .a = a, .fields = fields, .version = expected_version,
                      .now = time_now() };
    bool changed = false;
    int rc = db_update_audited(s, &ACTION_WRITE, a->id, expected_version, &e, &changed);
    if (rc != STORE_OK)
        return rc;
    a->version = changed ? expected_version + 1 : expected_version;
    if (changed) {
        a->updated_at = e.now;
        a->closed_at = e.merged.closed_at;
    }
    if (e.open)                              /* an open action has no resolution */
        free_and_null(&a->resolution);
    return STORE_OK;
}

int store_action_write(store *s, struct action *a, unsigned fields, int64_t expected_version)
{
    return write_fields(s, a, fields & FIELDS_ALL(ACTION_F_COUNT), expected_version);
}

int store_action_update(store *s, struct action *a)
{
    return write_fields(s, a, FIELDS_ALL(ACTION_F_COUNT + 2), a->version);
}

int store_action_set_status(store *s, int64_t id, int64_t expected_version,
                            enum action_status status, int64_t *new_version)
{
    if ((unsigned)status >= ASTATUS_COUNT)
        return db_failf(s, STORE_CONSTRAINT, _("unknown action status %d"), (int)status);
    struct action a = { .id = id, .status = status };
    int rc = write_fields(s, &a, 1u << ACTION_F_STATUS, expected_version);
    if (rc == STORE_OK && new_version)
        *new_version = a.version;
    return rc;
}
