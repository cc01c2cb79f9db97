/* note — what is written on an action over its life, oldest first.  A note written
 * with a status change keeps it (status_from, status_to), so the history can say
 * "waiting on provider -> done: replaced the certificate". */
#include "store_internal.h"
#include "suivi/base/i18n.h"
#include "suivi/base/timeutil.h"
#include "suivi/base/xalloc.h"

static const char SQL_ADD[] =
    "INSERT INTO note (action_id, author, at, visibility, body, status_from, status_to)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char SQL_OF_ACTION[] =
    "SELECT id, action_id, author, at, visibility, body, status_from, status_to FROM note"
    " WHERE action_id = ?1 ORDER BY at, id";

static void read_note(sqlite3_stmt *st, void *out)
{
    struct note *nt = out;
    nt->id = db_col_int(st, 0);
    nt->action_id = db_col_int(st, 1);
    nt->author = db_col_text(st, 2);
    nt->at = db_col_time(st, 3);
    nt->visibility = (enum note_visibility)db_col_enum(st, 4, &NOTE_VISIBILITY_NAMES);
    nt->body = db_col_text(st, 5);
    nt->status_change = sqlite3_column_type(st, 6) != SQLITE_NULL;
    if (nt->status_change) {
        nt->status_from = (enum action_status)db_col_enum(st, 6, &ACTION_STATUS_NAMES);
        nt->status_to = (enum action_status)db_col_enum(st, 7, &ACTION_STATUS_NAMES);
    }
}

static void clear_note(void *p) { note_clear(p); }

static const struct db_row_kind NOTE_ROW = {
    "note", sizeof(struct note), read_note, clear_note,
    N_("reading a note"), N_("adding a note"), N_("updating a note"),
    N_("this note does not exist"), N_("this note was changed by someone else"),
};

static int note_insert(store *s, void *rec)
{
    struct note *nt = rec;
    sqlite3_stmt *st = db_stmt(s, SQL_ADD);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_int(st, 1, nt->action_id, &rc);
    db_bind_text(st, 2, nt->author ? nt->author : s->login, &rc);
    db_bind_time(st, 3, nt->at, &rc);
    db_bind_text(st, 4, enum_code(&NOTE_VISIBILITY_NAMES, (int)nt->visibility), &rc);
    db_bind_text(st, 5, nt->body ? nt->body : "", &rc);
    db_bind_text(st, 6, nt->status_change ? enum_code(&ACTION_STATUS_NAMES,
                                                      (int)nt->status_from) : NULL, &rc);
    db_bind_text(st, 7, nt->status_change ? enum_code(&ACTION_STATUS_NAMES,
                                                      (int)nt->status_to) : NULL, &rc);
    return db_insert_audited(s, st, rc, &NOTE_ROW, &nt->id);
}

/* The store stamps the note with "now" and the running user unless told. */
int store_note_add(store *s, struct note *nt)
{
    int64_t at = nt->at;
    nt->at = time_now();
    int rc = db_with_write(s, note_insert, nt, &nt->id);
    if (rc != STORE_OK)
        nt->at = at;
    else if (!nt->author)
        nt->author = xstrdup(s->login);
    return rc;
}

/* A provider's login reads the notes shared with providers, on its own actions. */
static void keep_provider_notes(store *s, int64_t action_id, struct note *notes, int *n)
{
    struct action a = {0};
    bool theirs = store_action_get(s, action_id, &a) == STORE_OK;
    action_clear(&a);
    int kept = 0;
    for (int i = 0; i < *n; i++) {
        if (theirs && notes[i].visibility == NOTE_PROVIDER)
            notes[kept++] = notes[i];
        else
            note_clear(&notes[i]);
    }
    *n = kept;
    s->err[0] = '\0';
}

int store_notes_of_action(store *s, int64_t action_id, struct note **out, int *n)
{
    sqlite3_stmt *st = db_stmt(s, SQL_OF_ACTION);
    if (!st)
        return STORE_ERROR;
    int rc = SQLITE_OK;
    db_bind_int(st, 1, action_id, &rc);
    rc = db_read_list(s, st, rc, &NOTE_ROW, (void **)out, n, _("reading notes"));
    if (rc == STORE_OK && db_provider_only(s))
        keep_provider_notes(s, action_id, *out, n);
    return rc;
}

void notes_free(struct note *a, int n)
{
    db_rows_free(&NOTE_ROW, a, n);
}
