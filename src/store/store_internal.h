/* store_internal — what the files of src/store share behind store.h: the store
 * struct, the prepared-statement cache, binding/column helpers, the write
 * transaction wrapper, the file checks and the audit trail.  Not for use outside
 * src/store (white-box tests excepted). */
#ifndef SUIVI_STORE_INTERNAL_H
#define SUIVI_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "suivi/store/store.h"

#define STMT_CACHE_SIZE 96

struct stmt_slot {
    const char *sql;          /* identity of a statement: the address of its constant */
    sqlite3_stmt *st;
};

/* Who the login is for the rules of access.c, read when a write transaction
 * begins (so a write cannot change who wrote it: the first admin names itself). */
enum actor_kind { ACTOR_ANYONE, ACTOR_STAFF, ACTOR_PROVIDER, ACTOR_UNKNOWN };
struct actor {
    enum actor_kind kind;
    enum staff_role role;
    bool disabled;
    int64_t provider_id;
};

struct store {
    sqlite3 *db;
    char *path;
    char *login;
    int busy_timeout_ms;
    int64_t busy_since_ms;    /* when the current wait for a lock began */
    bool (*interrupted)(void);/* store_set_interrupt: stop waiting for a lock */
    int depth;                /* store_begin nesting; writes inside use savepoints */
    int read_depth;           /* store_read_begin nesting outside store_begin */
    dev_t dev;                /* the file opened: the path must keep naming it */
    ino_t ino;
    bool replaced;            /* the path named another file once: never write again */
    bool unknown_writes;      /* store_options.unknown_writes (access.c) */
    bool unknown_login;       /* the login is neither staff nor a provider's (at open) */
    int64_t provider_only;    /* a provider's login: reads narrowed to it (access.c) */
    int vocab;                /* the search's vocabularies: 0 not made yet, 1 made, -1
                                 cannot be (search_vocab.c) */
    struct actor actor;       /* as the current write transaction began */
    char err[512];
    int nslots;
    struct stmt_slot slots[STMT_CACHE_SIZE];
};

/* The migration scripts: scripts[v] moves user_version v to v + 1 (schema.c). */
extern const char *const store_migrations[];
extern const int store_migration_count;
/* The message of the triggers that keep SIRENs unique (schema v2).  Stored in the
 * schema of every file: never change it. */
#define SCHEMA_DUPLICATE_SIREN "duplicate SIREN"

/* Open = not done and not cancelled; said the same way in queries and in the
 * partial indexes so the planner can use them.  Two values, not four: SQLite
 * evaluates an IN list of three or more through a temporary table, built again
 * for every row written (heap churn that made bulk writes 6x slower). */
#define SQL_IS_OPEN(col)   col " NOT IN ('done','cancelled')"
#define SQL_IS_CLOSED(col) col " IN ('done','cancelled')"

/* ---- errors (stmt.c) ---- */
/* Record a failure of SQLite code rc while doing `what`; returns the store_rc. */
int db_fail(store *s, int rc, const char *what);
/* Record a failure with a message of our own; returns rc (a store_rc). */
int db_failf(store *s, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int db_rc_of_sqlite(int rc);

/* ---- statements (stmt.c) ---- */
/* The cached statement for a constant SQL string, prepared on first use; NULL on
 * error (message set).  Callers reset it with db_reset before returning. */
sqlite3_stmt *db_stmt(store *s, const char *sql);
void db_reset(sqlite3_stmt *st);
/* Step a statement that returns no row, then reset it. Returns a store_rc. */
int db_exec_stmt(store *s, sqlite3_stmt *st, const char *what);
/* Step/reset the statement for sql with no parameters. */
int db_exec_sql(store *s, const char *sql, const char *what);

/* Binding: each helper does nothing once *rc is not SQLITE_OK, so a run of binds
 * is checked once at the end. */
void db_bind_text(sqlite3_stmt *st, int i, const char *v, int *rc);   /* NULL -> NULL */
void db_bind_opt_text(sqlite3_stmt *st, int i, const char *v, int *rc); /* "" -> NULL */
void db_bind_int(sqlite3_stmt *st, int i, int64_t v, int *rc);
void db_bind_id(sqlite3_stmt *st, int i, int64_t id, int *rc);         /* 0 -> NULL */
void db_bind_time(sqlite3_stmt *st, int i, int64_t t, int *rc);        /* ISO text */
void db_bind_filter(sqlite3_stmt *st, int i, const char *filter, int *rc);
/* Check the result of a run of binds; on failure resets st and sets the error. */
int db_bind_check(store *s, sqlite3_stmt *st, int rc);

char *db_col_text(sqlite3_stmt *st, int i);      /* heap copy, NULL for NULL */
int64_t db_col_time(sqlite3_stmt *st, int i);    /* 0 for NULL or malformed */
int64_t db_col_int(sqlite3_stmt *st, int i);     /* 0 for NULL */
int db_col_enum(sqlite3_stmt *st, int i, const struct enum_names *e); /* 0 if unknown */

/* ---- writes (db.c) ----
 * db_write_begin opens BEGIN IMMEDIATE (or a savepoint inside store_begin), after
 * checking that the path still names the file opened (file.c); db_write_end
 * commits when rc is STORE_OK, otherwise rolls back; returns the final rc (a failed
 * commit turns OK into an error). */
int db_write_begin(store *s);
int db_write_end(store *s, int rc);
/* BEGIN IMMEDIATE with the file checked before waiting for the lock and again
 * once it is held (an admin may replace the file while we wait). */
int db_begin_immediate(store *s, const char *what);

/* ---- the file (file.c) ---- */
/* Before SQLite opens path: refuse what is not a regular file (or, without create,
 * an empty one); with create, make a missing file ourselves, mode 0660.  Records
 * the file's identity; *created tells whether we made it. */
int db_file_prepare(store *s, bool create, bool *created);
/* STORE_OK while the path names the file prepared (checked once SQLite opened it,
 * then before every write); else STORE_REPLACED, for good. */
int db_file_check(store *s);

/* ---- access (access.c) ---- */
/* May the login write this row (entity, id: its audit row; change: "created" or the
 * JSON of the fields)?  STORE_OK, or STORE_DENIED with the reason. */
int db_check_write(store *s, const char *entity, int64_t id, const char *change);
/* Who the login is, for the reads (provider_only) and store_open (unknown_login). */
int db_load_access(store *s);
/* Read s->actor: at the start of each write transaction. */
int db_load_actor(store *s);
/* Reads narrowed to a provider's own actions: true when this row must stay hidden. */
#define db_provider_only(s) ((s)->provider_only != 0)
/* What a hidden record reads as: STORE_NOT_FOUND (as if it did not exist). */
int db_hidden(store *s);

/* ---- the search's vocabularies (search_vocab.c) ---- */
/* The words of kind k's index (an enum search_kind) that start with prefix (folded
 * by fold_for_search, letters and digits only), as an FTS5 expression: "w1" OR
 * "w2" ...; NULL when it names none or more than a few, or the vocabulary cannot
 * say (the caller then searches the prefix as FTS5 does). */
char *db_vocab_words(store *s, int k, const char *prefix);

/* ---- a filter's rare word (rows.c) ---- */
/* The rarest trigram of the folded word, as an FTS5 string into fts, and how many
 * rows probe_sql counts for it (*rows, at most limit + 1); *rows = -1 when the word
 * has no trigram (under three characters, or not UTF-8). */
int db_rare_trigram(store *s, const char *probe_sql, const char *folded, int limit,
                    char *fts, size_t ftslen, int *rows);
/* A folded word of one or two letters or digits (a-z, 0-9), which has no trigram:
 * as an FTS5 string into fts, for the gram indexes (action_gram, member_gram,
 * schema v5) that hold every row's letters and pairs of letters.  False for any
 * other word. */
bool db_short_gram(const char *folded, char *fts, size_t ftslen);
/* The count sql returns for text (?1), counting at most limit + 1 rows (?2). */
int db_count_upto(store *s, const char *sql, const char *text, int limit, int *n);

/* ---- audit (audit.c) ---- */
int db_audit(store *s, const char *entity, int64_t entity_id, const char *change);
/* An audit row from a statement whose first 7 columns are id, at, login, entity,
 * entity_id, change and "change is a JSON object"; then its fields (json_each). */
void db_audit_read_entry(sqlite3_stmt *st, struct audit_entry *e, bool *is_json);
int db_audit_read_fields(store *s, struct audit_entry *e);

/* A change being described, as the JSON object the audit row stores:
 * {"field": [old, new], …} with codes and texts as strings, numbers and ids as
 * numbers, none as null; a long text only says that it changed: {"body": []}.
 * Each change_* call adds its field only when the values differ. */
struct change {
    char *text;
    size_t len, cap;
    int nfields;
};
void change_str(struct change *c, const char *field, const char *old, const char *new_);
void change_long(struct change *c, const char *field, const char *old, const char *new_);
void change_int(struct change *c, const char *field, int64_t old, int64_t new_);
void change_id(struct change *c, const char *field, int64_t old, int64_t new_);
void change_bool(struct change *c, const char *field, bool old, bool new_);
void change_time(struct change *c, const char *field, int64_t old, int64_t new_);
void change_enum(struct change *c, const char *field, const struct enum_names *e,
                 int old, int new_);
/* The finished object ("{}" for no field); valid until the next change_* call. */
const char *change_json(struct change *c);
void change_free(struct change *c);

/* ---- records (rows.c) ----
 * What the shared readers need to know of one kind of record, and the sentences
 * its messages use (marked with N_(), translated where they are shown: whole
 * sentences, never built from the entity's name). */
struct db_row_kind {
    const char *entity;                        /* "member": the audit trail */
    size_t size;                               /* of one record */
    void (*read)(sqlite3_stmt *st, void *row); /* fill a zeroed record from a row */
    void (*clear)(void *row);                  /* free what a record owns */
    const char *reading;                       /* "reading a member" */
    const char *adding;                        /* "adding a member" */
    const char *updating;                      /* "updating a member" */
    const char *missing;                       /* "no such member" */
    const char *changed;                       /* "the member was changed by someone else" */
};

/* Step a bound query (bind_rc: the binds' result) for at most one row into out,
 * then reset it.  No row: STORE_NOT_FOUND with no message (the caller says what
 * is missing). */
int db_read_one(store *s, sqlite3_stmt *st, int bind_rc, const struct db_row_kind *k,
                void *out, const char *what);
/* The row whose id is ?1 of sql; STORE_NOT_FOUND says "<entity> #<id> not found". */
int db_get_by_id(store *s, const char *sql, int64_t id, const struct db_row_kind *k,
                 void *out);

/* Pages: check the request, step the bound page query into rows[*n..limit) (a
 * query may be stepped several times into one page), then db_page_done, which
 * releases everything on failure, or puts a page read backwards (PAGE_LAST,
 * PAGE_BEFORE) in display order.  Each returns a store_rc. */
int db_page_check(store *s, enum page_dir dir, const void *anchor, int limit);
int db_read_page(store *s, sqlite3_stmt *st, int bind_rc, const struct db_row_kind *k,
                 void *rows, int limit, int *n, const char *what);
int db_page_done(int rc, enum page_dir dir, const struct db_row_kind *k, void *rows, int *n);

/* The usual keyset page: sql[dir] with ?1 the filter and ?4 the limit; bind adds
 * the anchor's key (anchor NULL on PAGE_FIRST/PAGE_LAST) and what ctx scopes
 * the list to.  A page of 0 rows is STORE_OK whatever else is asked. */
struct db_page {
    const char *const *sql;                 /* indexed by enum page_dir */
    const struct db_row_kind *kind;
    const char *what;                       /* "reading members" */
    void (*bind)(sqlite3_stmt *st, const void *anchor, const void *ctx, int *rc);
};
int db_keyset_page(store *s, const struct db_page *p, const char *filter, const void *ctx,
                   enum page_dir dir, const void *anchor, int limit, void *rows, int *n);

/* Every row of a bound query (bind_rc: the binds' result) into a new array,
 * released with db_rows_free. */
int db_read_list(store *s, sqlite3_stmt *st, int bind_rc, const struct db_row_kind *k,
                 void **out, int *n, const char *what);
void db_rows_free(const struct db_row_kind *k, void *rows, int n);
/* Every row of sql bound to one integer (?1) into a new array, read as k says;
 * none for a provider's login, which sees only its actions (the member-side
 * lists: journeys, subscriptions, training). */
int db_list_by_id(store *s, const char *sql, int64_t id, const struct db_row_kind *k,
                  void **out, int *n);

/* Writes, inside the caller's write transaction.  db_insert_audited runs a
 * bound INSERT, sets *id and writes the "created" audit row.  db_update_versioned
 * runs a bound "UPDATE … WHERE id = ? AND version = ?": no row changed means
 * someone else changed it first (STORE_CONFLICT). */
int db_insert_audited(store *s, sqlite3_stmt *st, int bind_rc, const struct db_row_kind *k,
                      int64_t *id);
int db_update_versioned(store *s, sqlite3_stmt *st, int bind_rc, const struct db_row_kind *k,
                        int64_t id);
/* One write transaction around fn(s, rec) (an insert ending with db_insert_audited);
 * *id is 0 again when it fails. */
int db_with_write(store *s, int (*fn)(store *, void *), void *rec, int64_t *id);

/* An update of one kind, the same protocol for all: in one write transaction,
 * read the stored row (gone, or at another version than the caller's:
 * STORE_CONFLICT), describe the change against it, and only when something
 * changes, write it and its audit row.  ctx is the caller's, passed through. */
struct db_update {
    const struct db_row_kind *kind;
    const char *sql_get;                    /* SELECT … WHERE id = ?1 */
    size_t version_at;                      /* offsetof the record's int64_t version */
    /* describe may keep what it worked out in ctx (the merged record) for write */
    void (*describe)(struct change *c, const void *old, void *ctx);
    int (*write)(store *s, const void *old, void *ctx);  /* the UPDATE */
};
/* *changed: whether anything was written. */
int db_update_audited(store *s, const struct db_update *u, int64_t id, int64_t version,
                      void *ctx, bool *changed);

/* ---- shared row growth ---- */
/* Grow a caller-visible array by one element, zeroed; returns the new element. */
void *db_array_push(void **arr, int *n, int *cap, size_t size);

#endif
