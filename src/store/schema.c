/* schema — the migration scripts.  store_migrations[v] takes a database from
 * user_version v to v + 1 and ends by setting user_version itself, so that the
 * script and the version it claims cannot drift apart.  db.c runs them in one
 * BEGIN IMMEDIATE transaction.  Never edit a released script: add a new one.
 *
 * Codes in CHECK constraints are those of model.c.  Times are UTC text
 * "YYYY-MM-DD HH:MM:SS", dates "YYYY-MM-DD": both sort as text. */
#include "store_internal.h"

static const char schema_v1[] =
    "CREATE TABLE pole (\n"
    "  id   INTEGER PRIMARY KEY,\n"
    "  name TEXT NOT NULL UNIQUE\n"
    ");\n"
    "CREATE TABLE staff (\n"
    "  id           INTEGER PRIMARY KEY,\n"
    "  login        TEXT NOT NULL UNIQUE,\n"
    "  display_name TEXT NOT NULL,\n"
    "  pole_id      INTEGER REFERENCES pole(id)\n"
    ");\n"
    "CREATE TABLE provider (\n"
    "  id    INTEGER PRIMARY KEY,\n"
    "  name  TEXT NOT NULL UNIQUE,\n"
    "  email TEXT,\n"
    "  phone TEXT\n"
    ");\n"
    "CREATE TABLE member (\n"
    "  id          INTEGER PRIMARY KEY,\n"
    "  name        TEXT NOT NULL,\n"
    "  sort_key    TEXT NOT NULL,\n"
    "  kind        TEXT NOT NULL CHECK (kind = 'region' OR "
    "                                   kind = 'departement' OR "
    "                                   kind = 'epci' OR "
    "                                   kind = 'commune' OR "
    "                                   kind = 'ccas' OR "
    "                                   kind = 'hospital' OR kind = 'other'),\n"
    "  siren       TEXT CHECK (siren IS NULL OR\n"
    "                (length(siren) = 9 AND siren NOT GLOB '*[^0-9]*')),\n"
    "  departement TEXT CHECK (departement IS NULL OR length(departement) IN (2, 3)),\n"
    "  status      TEXT NOT NULL CHECK (status = 'prospect' OR "
    "                                   status = 'joining' OR "
    "                                   status = 'member' OR "
    "                                   status = 'partner' OR "
    "                                   status = 'left' OR "
    "                                   status = 'refused' OR "
    "                                   status = 'dissolved'),\n"
    "  parent_id   INTEGER REFERENCES member(id),\n"
    "  created_at  TEXT NOT NULL,\n"
    "  updated_at  TEXT NOT NULL,\n"
    "  version     INTEGER NOT NULL DEFAULT 1\n"
    ");\n"
    "CREATE INDEX member_order ON member(sort_key, id);\n"
    "CREATE TABLE contact (\n"
    "  id        INTEGER PRIMARY KEY,\n"
    "  member_id INTEGER NOT NULL REFERENCES member(id),\n"
    "  name      TEXT NOT NULL,\n"
    "  role      TEXT,\n"
    "  email     TEXT,\n"
    "  phone     TEXT\n"
    ");\n"
    "CREATE INDEX contact_member ON contact(member_id, name);\n"
    "CREATE TABLE interaction (\n"
    "  id          INTEGER PRIMARY KEY,\n"
    "  member_id   INTEGER NOT NULL REFERENCES member(id),\n"
    "  contact_id  INTEGER REFERENCES contact(id),\n"
    "  occurred_at TEXT NOT NULL,\n"
    "  kind        TEXT NOT NULL CHECK (kind = 'call_in' OR "
    "                                   kind = 'call_out' OR "
    "                                   kind = 'email_in' OR "
    "                                   kind = 'email_out' OR "
    "                                   kind = 'meeting' OR "
    "                                   kind = 'training' OR "
    "                                   kind = 'incident' OR "
    "                                   kind = 'request' OR "
    "                                   kind = 'key_event'),\n"
    "  pole_id     INTEGER REFERENCES pole(id),\n"
    "  author      TEXT NOT NULL,\n"
    "  subject     TEXT NOT NULL,\n"
    "  body        TEXT,\n"
    "  search      TEXT NOT NULL,\n" /* folded subject LF folded author: the filter */
    "  created_at  TEXT NOT NULL,\n"
    "  version     INTEGER NOT NULL DEFAULT 1\n"
    ");\n"
    "CREATE INDEX interaction_timeline ON interaction(member_id, occurred_at, id);\n"
    "CREATE TABLE action (\n"
    "  id                   INTEGER PRIMARY KEY,\n"
    "  interaction_id       INTEGER REFERENCES interaction(id),\n"
    "  member_id            INTEGER NOT NULL REFERENCES member(id),\n"
    "  title                TEXT NOT NULL,\n"
    "  description          TEXT,\n"
    "  search               TEXT NOT NULL,\n" /* folded title */
    "  assignee_staff_id    INTEGER REFERENCES staff(id),\n"
    "  assignee_provider_id INTEGER REFERENCES provider(id),\n"
    "  pole_id              INTEGER REFERENCES pole(id),\n"
    "  status               TEXT NOT NULL CHECK (status = 'open' OR "
    "                                            status = 'in_progress' OR "
    "                                            status = 'wait_member' OR "
    "                                            status = 'wait_provider' OR "
    "                                            status = 'done' OR "
    "                                            status = 'cancelled'),\n"
    "  priority             INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 4),\n"
    "  due                  TEXT CHECK (due IS NULL OR due GLOB\n"
    "                         '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),\n"
    "  created_by           TEXT NOT NULL,\n"
    "  created_at           TEXT NOT NULL,\n"
    "  updated_at           TEXT NOT NULL,\n"
    "  closed_at            TEXT,\n"
    "  version              INTEGER NOT NULL DEFAULT 1,\n"
    /* The queue's sort column: no due date sorts after every date. */
    "  due_key              TEXT GENERATED ALWAYS AS (coalesce(due, '9999-99-99')) VIRTUAL,\n"
    "  CHECK (assignee_staff_id IS NULL OR assignee_provider_id IS NULL),\n"
    "  CHECK ((" SQL_IS_CLOSED("status") ") = (closed_at IS NOT NULL))\n"
    ");\n"
    /* The open queue and "mine": partial indexes in queue order within one
     * priority, so a page is a few range scans (store_action.c); their size is
     * the number of open actions whatever the history holds. */
    "CREATE INDEX action_open ON action(priority, due_key, id)\n"
    "  WHERE " SQL_IS_OPEN("status") ";\n"
    "CREATE INDEX action_mine ON action(assignee_staff_id, priority, due_key, id)\n"
    "  WHERE " SQL_IS_OPEN("status") ";\n"
    "CREATE INDEX action_member ON action(member_id, status);\n"
    "CREATE TABLE note (\n"
    "  id         INTEGER PRIMARY KEY,\n"
    "  action_id  INTEGER NOT NULL REFERENCES action(id),\n"
    "  author     TEXT NOT NULL,\n"
    "  at         TEXT NOT NULL,\n"
    "  visibility TEXT NOT NULL CHECK (visibility = 'internal' OR "
    "                                  visibility = 'member' OR "
    "                                  visibility = 'provider'),\n"
    "  body       TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX note_action ON note(action_id, at, id);\n"
    "CREATE TABLE audit (\n"
    "  id        INTEGER PRIMARY KEY,\n"
    "  at        TEXT NOT NULL,\n"
    "  login     TEXT NOT NULL,\n"
    "  entity    TEXT NOT NULL,\n"
    "  entity_id INTEGER NOT NULL,\n"
    "  change    TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX audit_entity ON audit(entity, entity_id, id);\n"
    "PRAGMA user_version = 1;\n";

/* Status codes as an OR chain (see SQL_IS_OPEN on IN lists). */
#define STATUS_CODE(col) \
    "(" col " = 'open' OR " col " = 'in_progress' OR " col " = 'wait_member' OR " \
    col " = 'wait_provider' OR " col " = 'done' OR " col " = 'cancelled')"

/* Version 2: roles and the life of people (disabled staff and providers, retired
 * contacts), versions on every record an admin edits, resolutions and status
 * changes on actions and notes, a provider's contact person, and indexes for the
 * provider and staff views.
 *
 * SIRENs become unique, but a v1 file may already hold the same SIREN twice: a
 * UNIQUE index would make the upgrade fail on that file.  Triggers refuse every
 * new duplicate instead, and leave the old ones for a person to sort out. */
static const char schema_v2[] =
    "ALTER TABLE staff ADD COLUMN role TEXT NOT NULL DEFAULT 'staff'\n"
    "  CHECK (role = 'admin' OR role = 'staff' OR role = 'readonly');\n"
    "ALTER TABLE staff ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0\n"
    "  CHECK (disabled IN (0, 1));\n"
    "ALTER TABLE staff ADD COLUMN version INTEGER NOT NULL DEFAULT 1;\n"
    "ALTER TABLE provider ADD COLUMN contact TEXT;\n"
    "ALTER TABLE provider ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0\n"
    "  CHECK (disabled IN (0, 1));\n"
    "ALTER TABLE provider ADD COLUMN version INTEGER NOT NULL DEFAULT 1;\n"
    "ALTER TABLE pole ADD COLUMN version INTEGER NOT NULL DEFAULT 1;\n"
    "ALTER TABLE contact ADD COLUMN retired INTEGER NOT NULL DEFAULT 0\n"
    "  CHECK (retired IN (0, 1));\n"
    "ALTER TABLE contact ADD COLUMN version INTEGER NOT NULL DEFAULT 1;\n"
    /* A resolution says how a closed action ended: never on an open one. */
    "ALTER TABLE action ADD COLUMN resolution TEXT\n"
    "  CHECK (resolution IS NULL OR " SQL_IS_CLOSED("status") ");\n"
    "ALTER TABLE note ADD COLUMN status_from TEXT\n"
    "  CHECK (status_from IS NULL OR " STATUS_CODE("status_from") ");\n"
    "ALTER TABLE note ADD COLUMN status_to TEXT\n"
    "  CHECK (status_to IS NULL OR " STATUS_CODE("status_to") ");\n"
    "CREATE INDEX member_siren ON member(siren) WHERE siren IS NOT NULL;\n"
    "CREATE INDEX member_parent ON member(parent_id, sort_key, id)\n"
    "  WHERE parent_id IS NOT NULL;\n"
    "CREATE TRIGGER member_siren_insert BEFORE INSERT ON member\n"
    "  WHEN NEW.siren IS NOT NULL\n"
    "   AND EXISTS (SELECT 1 FROM member WHERE siren = NEW.siren)\n"
    "BEGIN SELECT RAISE(ABORT, '" SCHEMA_DUPLICATE_SIREN "'); END;\n"
    "CREATE TRIGGER member_siren_update BEFORE UPDATE OF siren ON member\n"
    "  WHEN NEW.siren IS NOT NULL AND NEW.siren IS NOT OLD.siren\n"
    "   AND EXISTS (SELECT 1 FROM member WHERE siren = NEW.siren AND id <> NEW.id)\n"
    "BEGIN SELECT RAISE(ABORT, '" SCHEMA_DUPLICATE_SIREN "'); END;\n"
    /* A provider's and a staff member's actions: open ones in queue order within
     * one priority (as action_open), closed ones newest first (store_action.c). */
    "CREATE INDEX action_provider ON action(assignee_provider_id, priority, due_key, id)\n"
    "  WHERE " SQL_IS_OPEN("status") ";\n"
    "CREATE INDEX action_provider_closed ON action(assignee_provider_id, closed_at DESC, id)\n"
    "  WHERE " SQL_IS_CLOSED("status") ";\n"
    "CREATE INDEX action_staff_closed ON action(assignee_staff_id, closed_at DESC, id)\n"
    "  WHERE " SQL_IS_CLOSED("status") ";\n"
    "CREATE INDEX action_interaction ON action(interaction_id)\n"
    "  WHERE interaction_id IS NOT NULL;\n"
    "PRAGMA user_version = 2;\n";

/* Version 3: full-text search (search.c) over members, contacts, interactions,
 * actions and notes, with SQLite FTS5.
 *
 * One external-content FTS5 table per kind (content='interaction' …): the index
 * holds no second copy of the text, and snippet() reads the original row.  It is
 * kept by SQL triggers alone — no application function — so a row written with
 * the sqlite3 shell is indexed too, and a shell without suivi's code can still
 * write.  SQLite 3.40 (Debian 12) has no contentless_delete: an external-content
 * index forgets a row only through a 'delete' given the exact values it indexed,
 * which the triggers pass from OLD.
 *
 * Tokens: unicode61 with remove_diacritics 2 folds case and accents ("Évêché" ->
 * "eveche"), but œ and æ are letters of their own to it, so the text is fed
 * through FTS_FOLD first ("Plœmeur" -> "Ploemeur"); search.c folds the query the
 * same way.  A later change of FTS_FOLD or of the tokenizer must rebuild every
 * index in its migration (drop the triggers, 'delete-all', re-insert): the
 * 'delete' of an old row must see the values as they were indexed.
 *
 * detail=full: phrases ("mise à jour") need token positions.  No prefix index:
 * prefix='2 3' made the index 2.5 times bigger; without it a prefix query merges
 * the rows of every word the prefix names, which is why search.c wants three
 * letters at least (search.h).
 *
 * An INSERT OR REPLACE (or an UPSERT) onto an existing id deletes the old row
 * without firing its DELETE trigger (recursive_triggers is off by default), which
 * would leave its words in the index for good; such an insert is refused with
 * FTS_REPLACED_ID instead — change a row with UPDATE (NEW.id is -1 in a BEFORE
 * INSERT trigger when SQLite chooses the id: nothing to check).  The WHEN
 * clauses of the UPDATE triggers skip the index when the indexed text did not
 * change (the store's writes name every column, an action's status change
 * included). */
/* The refusal of such an insert.  Stored in the schema of every file: never
 * change it. */
#define FTS_REPLACED_ID \
    "this id is taken: change the row with UPDATE (the search index needs its old text)"
#define FTS_FOLD(x) \
    "replace(replace(replace(replace(" x ", '\xc5\x93', 'oe'), '\xc5\x92', 'OE'), " \
    "'\xc3\xa6', 'ae'), '\xc3\x86', 'AE')"            /* œ Œ æ Æ, as UTF-8 bytes */
#define FOLD1(p, a)       FTS_FOLD(p a)
#define FOLD2(p, a, b)    FTS_FOLD(p a) ", " FTS_FOLD(p b)
#define FOLD3(p, a, b, c) FTS_FOLD(p a) ", " FTS_FOLD(p b) ", " FTS_FOLD(p c)
#define DIFF(a)           " OR OLD." a " IS NOT NEW." a

/* The index of table t over cols (as the table names them): the FTS5 table, its
 * ranking, the rows already there, and the four triggers.  newv/oldv/curv: the
 * folded columns of NEW, OLD and the table itself; changed: the DIFF()s. */
#define FTS_INDEX(t, cols, newv, oldv, curv, changed, rank) \
    "CREATE VIRTUAL TABLE " t "_fts USING fts5(" cols ", content='" t "',\n" \
    "  content_rowid='id', tokenize='unicode61 remove_diacritics 2', detail=full);\n" \
    "INSERT INTO " t "_fts(" t "_fts, rank) VALUES ('rank', '" rank "');\n" \
    "INSERT INTO " t "_fts(rowid, " cols ") SELECT id, " curv " FROM " t ";\n" \
    "CREATE TRIGGER " t "_fts_replace BEFORE INSERT ON " t "\n" \
    "  WHEN NEW.id <> -1 AND EXISTS (SELECT 1 FROM " t " WHERE id = NEW.id)\n" \
    "BEGIN SELECT RAISE(ABORT, '" FTS_REPLACED_ID "'); END;\n" \
    "CREATE TRIGGER " t "_fts_insert AFTER INSERT ON " t " BEGIN\n" \
    "  INSERT INTO " t "_fts(rowid, " cols ") VALUES (NEW.id, " newv ");\n" \
    "END;\n" \
    "CREATE TRIGGER " t "_fts_delete AFTER DELETE ON " t " BEGIN\n" \
    "  INSERT INTO " t "_fts(" t "_fts, rowid, " cols ")\n" \
    "    VALUES ('delete', OLD.id, " oldv ");\n" \
    "END;\n" \
    "CREATE TRIGGER " t "_fts_update AFTER UPDATE OF id, " cols " ON " t "\n" \
    "  WHEN OLD.id IS NOT NEW.id" changed " BEGIN\n" \
    "  INSERT INTO " t "_fts(" t "_fts, rowid, " cols ")\n" \
    "    VALUES ('delete', OLD.id, " oldv ");\n" \
    "  INSERT INTO " t "_fts(rowid, " cols ") VALUES (NEW.id, " newv ");\n" \
    "END;\n"

/* bm25 weights, one per column: a word in a title or a name counts more than
 * one in a body. */
static const char schema_v3[] =
    /* A SIREN is nine digits (schema v1): nothing to fold. */
    FTS_INDEX("member", "name, siren",
              FOLD1("NEW.", "name") ", NEW.siren", FOLD1("OLD.", "name") ", OLD.siren",
              FOLD1("", "name") ", siren", DIFF("name") DIFF("siren"), "bm25(1.0, 1.0)")
    FTS_INDEX("contact", "name, role, email",
              FOLD3("NEW.", "name", "role", "email"), FOLD3("OLD.", "name", "role", "email"),
              FOLD3("", "name", "role", "email"), DIFF("name") DIFF("role") DIFF("email"),
              "bm25(2.0, 1.0, 1.0)")
    FTS_INDEX("interaction", "subject, body",
              FOLD2("NEW.", "subject", "body"), FOLD2("OLD.", "subject", "body"),
              FOLD2("", "subject", "body"), DIFF("subject") DIFF("body"), "bm25(3.0, 1.0)")
    FTS_INDEX("action", "title, description",
              FOLD2("NEW.", "title", "description"), FOLD2("OLD.", "title", "description"),
              FOLD2("", "title", "description"), DIFF("title") DIFF("description"),
              "bm25(3.0, 1.0)")
    FTS_INDEX("note", "body", FOLD1("NEW.", "body"), FOLD1("OLD.", "body"),
              FOLD1("", "body"), DIFF("body"), "bm25(1.0)")
    "PRAGMA user_version = 3;\n";

/* Version 4: what a team needs around the actions.
 *   - provider_login: the Unix logins of a provider's people (access.c), apart from
 *     staff, whose role CHECK a provider would not fit without rebuilding it;
 *   - action_closed: closed actions newest first, for queries asking for them in
 *     the open queue (action_page.c);
 *   - session: who has suivi open and what they are editing (presence), with a
 *     heartbeat, so that a crashed session's row simply goes stale;
 *   - inbox_seen: up to which audit row each login has looked at its inbox;
 *   - unsorted_mail: mail-in messages that name no action, kept whole, to file by hand. */
static const char schema_v4[] =
    "CREATE TABLE provider_login (\n"
    "  login       TEXT PRIMARY KEY,\n"
    "  provider_id INTEGER NOT NULL REFERENCES provider(id)\n"
    ");\n"
    "CREATE INDEX provider_login_provider ON provider_login(provider_id);\n"
    "CREATE INDEX action_closed ON action(closed_at DESC, id)\n"
    "  WHERE " SQL_IS_CLOSED("status") ";\n"
    "CREATE TABLE session (\n"
    "  id          INTEGER PRIMARY KEY,\n"
    "  login       TEXT NOT NULL,\n"
    "  host        TEXT,\n"
    "  pid         INTEGER,\n"
    "  started_at  TEXT NOT NULL,\n"
    "  seen_at     TEXT NOT NULL,\n"
    "  entity      TEXT,\n"      /* what its form edits now: "action", … */
    "  entity_id   INTEGER\n"
    ");\n"
    "CREATE INDEX session_editing ON session(entity, entity_id) WHERE entity IS NOT NULL;\n"
    "CREATE TABLE inbox_seen (\n"
    "  login    TEXT PRIMARY KEY,\n"
    "  audit_id INTEGER NOT NULL DEFAULT 0\n"
    ");\n"
    "CREATE TABLE unsorted_mail (\n"
    "  id          INTEGER PRIMARY KEY,\n"
    "  received_at TEXT NOT NULL,\n"
    "  from_addr   TEXT,\n"
    "  subject     TEXT,\n"
    "  body        TEXT,\n"
    "  raw         BLOB NOT NULL,\n"
    "  filed_at    TEXT,\n"
    "  action_id   INTEGER REFERENCES action(id)\n"
    ");\n"
    "PRAGMA user_version = 4;\n";

/* Version 5: what a region's worth of rows needs (tests/bench: 100,000 members,
 * 2,000,000 interactions, 300,000 actions) for a key to cost the same as on the demo.
 *
 *   - action_member_open, action_member_closed: one member's actions as a
 *     provider's are (action_provider, action_provider_closed): open ones in queue
 *     order within one priority, closed ones newest first, so that a page of a busy
 *     member's actions is a few range scans, not a sort of all of them.  status ends
 *     action_member_open so that counting a member's open actions reads the index
 *     alone.
 *   - action_open_filter: the open queue's order (as action_open) with what a filter
 *     compares (search, member_id) and status: walking the queue for a word reads
 *     this index alone, in order, and an action's row only when the word is in it
 *     (SQLite reads the row when the WHERE first needs a column the index lacks).
 *     Reading the rows themselves, one page of the table each, cost the most.
 *   - action_open_counts: the status line's counts (action_page.c).  SQLite 3.40
 *     reads a partial index alone (covering) only when it holds every column the
 *     query names, the partial index's own WHERE included, and due_key (a virtual
 *     column) does not count: due and status are in it.  The counts still read one
 *     entry per open action, but nothing else.
 *   - action_tri, member_tri: the trigrams of what the list filters compare
 *     (action.search, the folded title and member's name; member.sort_key, the
 *     folded name), so that a
 *     filter on a rare word reads the few rows holding one of its trigrams instead
 *     of every row (action_page.c, member.c, rows.c).  FTS5's trigram tokenizer
 *     with detail=none (rowids only: a trigram's rows, no positions) and
 *     columnsize=0 (no ranking), contentless (content=''): the index holds no copy
 *     of the text, and only rowids are ever read from it.  Kept by triggers alone,
 *     as schema v3's indexes are (a row written with the sqlite3 shell is indexed
 *     too); a contentless index forgets a row only through a 'delete' given the
 *     values it indexed, which the triggers pass from OLD.  The INSERT OR REPLACE
 *     that would bypass them is refused by v3's *_fts_replace triggers already.
 *     The filter's LIKE is still what decides: a trigram only narrows the rows it
 *     is tried on.
 *   - action_gram, member_gram: the same for a filter of one or two letters or
 *     digits, which has no trigram: each row's distinct letters and pairs of
 *     letters of the same column ("ab" -> "a b ab"), as words of FTS5's default
 *     tokenizer, so that "ke" is a word to look up.  They are computed by the
 *     triggers themselves, from gram_pos (the positions 1..1024: no recursive
 *     query is allowed in a trigger), and the 'delete' computes them again from OLD
 *     (the same set: a contentless index forgets the words it is given, in any
 *     order).  A column longer than 1024 characters (200 are allowed: validate.h)
 *     has its later pairs unindexed, and a filter on one of them reads rows one by
 *     one: slower, never wrong. */
#define TRI_INDEX(t, col) \
    "CREATE VIRTUAL TABLE " t "_tri USING fts5(" col ", content='', columnsize=0,\n" \
    "  tokenize='trigram', detail=none);\n" \
    "INSERT INTO " t "_tri(rowid, " col ") SELECT id, " col " FROM " t ";\n" \
    "CREATE TRIGGER " t "_tri_insert AFTER INSERT ON " t " BEGIN\n" \
    "  INSERT INTO " t "_tri(rowid, " col ") VALUES (NEW.id, NEW." col ");\n" \
    "END;\n" \
    "CREATE TRIGGER " t "_tri_delete AFTER DELETE ON " t " BEGIN\n" \
    "  INSERT INTO " t "_tri(" t "_tri, rowid, " col ") VALUES ('delete', OLD.id, OLD." col ");\n" \
    "END;\n" \
    "CREATE TRIGGER " t "_tri_update AFTER UPDATE OF id, " col " ON " t "\n" \
    "  WHEN OLD.id IS NOT NEW.id OR OLD." col " IS NOT NEW." col " BEGIN\n" \
    "  INSERT INTO " t "_tri(" t "_tri, rowid, " col ") VALUES ('delete', OLD.id, OLD." col ");\n" \
    "  INSERT INTO " t "_tri(rowid, " col ") VALUES (NEW.id, NEW." col ");\n" \
    "END;\n"

/* The distinct letters and pairs of letters (a-z, 0-9: the folded columns' ASCII)
 * of x, space-separated. */
#define GRAMS(x) \
    "(SELECT group_concat(g, ' ') FROM (" \
    "SELECT substr(" x ", n, 1) AS g FROM gram_pos WHERE n <= length(" x ")" \
    " AND substr(" x ", n, 1) GLOB '[a-z0-9]'" \
    " UNION SELECT substr(" x ", n, 2) FROM gram_pos WHERE n < length(" x ")" \
    " AND substr(" x ", n, 2) GLOB '[a-z0-9][a-z0-9]'))"
#define GRAM_INDEX(t, col) \
    "CREATE VIRTUAL TABLE " t "_gram USING fts5(grams, content='', columnsize=0,\n" \
    "  detail=none);\n" \
    "INSERT INTO " t "_gram(rowid, grams) SELECT id, " GRAMS(col) " FROM " t ";\n" \
    "CREATE TRIGGER " t "_gram_insert AFTER INSERT ON " t " BEGIN\n" \
    "  INSERT INTO " t "_gram(rowid, grams) VALUES (NEW.id, " GRAMS("NEW." col) ");\n" \
    "END;\n" \
    "CREATE TRIGGER " t "_gram_delete AFTER DELETE ON " t " BEGIN\n" \
    "  INSERT INTO " t "_gram(" t "_gram, rowid, grams)\n" \
    "    VALUES ('delete', OLD.id, " GRAMS("OLD." col) ");\n" \
    "END;\n" \
    "CREATE TRIGGER " t "_gram_update AFTER UPDATE OF id, " col " ON " t "\n" \
    "  WHEN OLD.id IS NOT NEW.id OR OLD." col " IS NOT NEW." col " BEGIN\n" \
    "  INSERT INTO " t "_gram(" t "_gram, rowid, grams)\n" \
    "    VALUES ('delete', OLD.id, " GRAMS("OLD." col) ");\n" \
    "  INSERT INTO " t "_gram(rowid, grams) VALUES (NEW.id, " GRAMS("NEW." col) ");\n" \
    "END;\n"

static const char schema_v5[] =
    /* action.search: the folded title, a line break, the member's folded name
     * (action.c writes both; the trigger follows a rename), so that a filter
     * compares one column of the action's own index, not a joined row each. */
    "UPDATE action SET search = search || char(10) ||\n"
    "  coalesce((SELECT sort_key FROM member m WHERE m.id = action.member_id), '');\n"
    "CREATE TRIGGER member_name_in_actions AFTER UPDATE OF sort_key ON member\n"
    "  WHEN OLD.sort_key IS NOT NEW.sort_key BEGIN\n"
    "  UPDATE action SET search = substr(search, 1, instr(search || char(10), char(10)) - 1)\n"
    "    || char(10) || coalesce(NEW.sort_key, '') WHERE member_id = NEW.id;\n"
    "END;\n"
    "CREATE INDEX action_member_open ON action(member_id, priority, due_key, id, status)\n"
    "  WHERE " SQL_IS_OPEN("status") ";\n"
    "CREATE INDEX action_member_closed ON action(member_id, closed_at DESC, id)\n"
    "  WHERE " SQL_IS_CLOSED("status") ";\n"
    "CREATE INDEX action_open_filter ON action(priority, due_key, id, search, member_id,\n"
    "  status) WHERE " SQL_IS_OPEN("status") ";\n"
    "CREATE INDEX action_open_counts ON action(assignee_staff_id, due, status)\n"
    "  WHERE " SQL_IS_OPEN("status") ";\n"
    TRI_INDEX("action", "search")
    TRI_INDEX("member", "sort_key")
    "CREATE TABLE gram_pos (n INTEGER PRIMARY KEY);\n"
    "WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 1024)\n"
    "  INSERT INTO gram_pos SELECT n FROM k;\n"
    GRAM_INDEX("action", "search")
    GRAM_INDEX("member", "sort_key")
    "PRAGMA user_version = 5;\n";

/* Version 6: the member journey (store/journey.c).  A member's current stage is
 * on its row, for the members pane and its filters (stage:, stalled:); each change
 * is a row of member_stage (who, when, why, and the key event it put on the
 * timeline), so that the time spent in each stage can be told.  stage_due is the
 * date by which the member should have moved on, from the stage's limit when it
 * entered it: stalled is stage_due < today, one indexed comparison.  Stage codes
 * are the config's ([journey]): a code no longer configured stays readable. */
static const char schema_v6[] =
    "ALTER TABLE member ADD COLUMN stage TEXT;\n"
    "ALTER TABLE member ADD COLUMN stage_since TEXT;\n"
    "ALTER TABLE member ADD COLUMN stage_due TEXT;\n"
    "CREATE TABLE member_stage (\n"
    "  id             INTEGER PRIMARY KEY,\n"
    "  member_id      INTEGER NOT NULL REFERENCES member(id),\n"
    "  stage          TEXT NOT NULL CHECK (length(stage) BETWEEN 1 AND 32),\n"
    "  entered_at     TEXT NOT NULL,\n"
    "  login          TEXT NOT NULL,\n"
    "  why            TEXT,\n"
    "  interaction_id INTEGER REFERENCES interaction(id)\n"
    ");\n"
    "CREATE INDEX member_stage_of ON member_stage(member_id, entered_at, id);\n"
    "CREATE INDEX member_by_stage ON member(stage, sort_key, id);\n"
    "CREATE INDEX member_stage_due ON member(stage_due) WHERE stage_due IS NOT NULL;\n"
    "PRAGMA user_version = 6;\n";

/* Version 7: services and their use (store/usage.c).  The catalogue starts with
 * the syndicate's bouquet; a subscription is one member's to one service from a
 * date (until one, or open), under a convention; usage is one monthly figure per
 * member, service and month, replaced when the month is imported again (the key
 * is the three of them: WITHOUT ROWID, so the figures are the index). */
static const char schema_v7[] =
    "CREATE TABLE service (\n"
    "  id         INTEGER PRIMARY KEY,\n"
    "  code       TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),\n"
    "  name       TEXT NOT NULL,\n"
    "  created_at TEXT NOT NULL\n"
    ");\n"
    "INSERT INTO service (code, name, created_at) VALUES\n"
    "  ('marches', 'Salle régionale des marchés', datetime('now')),\n"
    "  ('actes', 'Télétransmission des actes', datetime('now')),\n"
    "  ('flux_comptables', 'Flux comptables', datetime('now')),\n"
    "  ('parapheur', 'Parapheur électronique', datetime('now')),\n"
    "  ('archivage', 'Archivage électronique', datetime('now')),\n"
    "  ('opendata', 'Open data', datetime('now')),\n"
    "  ('certificats', 'Certificats électroniques', datetime('now'));\n"
    "CREATE TABLE subscription (\n"
    "  id         INTEGER PRIMARY KEY,\n"
    "  member_id  INTEGER NOT NULL REFERENCES member(id),\n"
    "  service_id INTEGER NOT NULL REFERENCES service(id),\n"
    "  since      TEXT NOT NULL,\n"
    "  until      TEXT,\n"
    "  convention TEXT,\n"
    "  created_at TEXT NOT NULL,\n"
    "  UNIQUE (member_id, service_id, since)\n"
    ");\n"
    "CREATE TABLE usage (\n"
    "  member_id  INTEGER NOT NULL REFERENCES member(id),\n"
    "  service_id INTEGER NOT NULL REFERENCES service(id),\n"
    "  month      TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),\n"
    "  count      INTEGER NOT NULL CHECK (count >= 0),\n"
    "  imported_at TEXT NOT NULL,\n"
    "  PRIMARY KEY (member_id, service_id, month)\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX usage_by_month ON usage(service_id, month);\n"
    "PRAGMA user_version = 7;\n";

/* Version 8: training sessions (store/training.c): when, on what (a service or a
 * topic), by whom (the syndicate's own staff, the GRETA, an independent trainer),
 * where or online; and who came, contacts of any members, with their attendance
 * and satisfaction.  Each member with someone there has the session on its
 * timeline: one training interaction per member, which its attendees' rows name. */
static const char schema_v8[] =
    "CREATE TABLE training_session (\n"
    "  id           INTEGER PRIMARY KEY,\n"
    "  held_on      TEXT NOT NULL,\n"
    "  topic        TEXT NOT NULL,\n"
    "  service_id   INTEGER REFERENCES service(id),\n"
    "  trainer_kind TEXT NOT NULL CHECK (trainer_kind IN ('internal', 'greta',"
    " 'independent')),\n"
    "  trainer      TEXT,\n"
    "  place        TEXT,\n"
    "  online       INTEGER NOT NULL DEFAULT 0,\n"
    "  created_by   TEXT NOT NULL,\n"
    "  created_at   TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX training_by_date ON training_session(held_on, id);\n"
    "CREATE TABLE training_attendee (\n"
    "  session_id     INTEGER NOT NULL REFERENCES training_session(id),\n"
    "  contact_id     INTEGER NOT NULL REFERENCES contact(id),\n"
    "  attended       INTEGER NOT NULL DEFAULT 1,\n"
    "  satisfaction   INTEGER CHECK (satisfaction BETWEEN 1 AND 5),\n"
    "  interaction_id INTEGER REFERENCES interaction(id),\n"
    "  PRIMARY KEY (session_id, contact_id)\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX training_attendee_contact ON training_attendee(contact_id);\n"
    "PRAGMA user_version = 8;\n";

/* Version 9: frozen reports (store/report_freeze.c): a period's figures as they
 * were presented, kept so that a report of a past period reads the same after
 * later edits.  One row per period label ("2026-11", "2026-Q4", "2026", or
 * "FROM..TO"); the body is the report's model as core/report_freeze.c writes it,
 * today the day its figures were taken.  Replacing one is audited.
 * And the dashboard's indexes (store/stats.c), so that it opens in well under
 * half a second at 100,000 members and 2,000,000 interactions:
 *   - interaction_by_time: a period's interactions by kind, week, member (for the
 *     département and EPCI roll-ups), read from the index alone;
 *   - action_created: the actions opened per week;
 *   - action_open_stats: the open actions by assignee, provider, pôle, overdue
 *     and member, read from the index alone (partial: open ones only);
 *   - member_departement: members counted by département;
 *   - member_stage_stalled: members and stalled ones by stage, from the index;
 *   - interaction_issues: a member's incidents and requests in a window (before
 *     and after its training, the detail's flags), without reading each of its
 *     interactions' rows for its kind: at region scale a busy member has
 *     thousands in 90 days (0.48 s for the dashboard's figure without it). */
static const char schema_v9[] =
    "CREATE TABLE report_frozen (\n"
    "  period      TEXT PRIMARY KEY,\n"
    "  period_from TEXT NOT NULL,\n"
    "  period_to   TEXT NOT NULL,\n"
    "  frozen_at   TEXT NOT NULL,\n"
    "  frozen_by   TEXT NOT NULL,\n"
    "  today       TEXT NOT NULL,\n"
    "  body        TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX interaction_by_time ON interaction(occurred_at, kind, member_id);\n"
    "CREATE INDEX action_created ON action(created_at);\n"
    "CREATE INDEX action_open_stats ON action(assignee_staff_id, assignee_provider_id,\n"
    "  pole_id, due, member_id, status) WHERE " SQL_IS_OPEN("status") ";\n"
    "CREATE INDEX member_departement ON member(departement);\n"
    "CREATE INDEX member_stage_stalled ON member(stage, stage_due);\n"
    "CREATE INDEX interaction_issues ON interaction(member_id, occurred_at)\n"
    "  WHERE kind IN ('incident', 'request');\n"
    "PRAGMA user_version = 9;\n";

/* Version 10: the dashboard's longer periods at region scale (a year took 1.3 s,
 * a month 0.1 s; store/stats.c, stats_period.c), read from indexes alone:
 * action_closed_times, the period's closed actions with their creation (reading
 * each one's row cost 0.35 s a year); member_areas, every member's département,
 * EPCI and an EPCI's name (half the time of the table's rows); action_open_poles,
 * the open actions in pôle order (action_open_stats had them sorted). */
static const char schema_v10[] =
    "CREATE INDEX action_closed_times ON action(closed_at, id, created_at)\n"
    "  WHERE " SQL_IS_CLOSED("status") ";\n"
    "CREATE INDEX member_areas ON member(departement, kind, parent_id, name);\n"
    "CREATE INDEX action_open_poles ON action(pole_id, due)\n"
    "  WHERE " SQL_IS_OPEN("status") ";\n"
    "PRAGMA user_version = 10;\n";

const char *const store_migrations[] = { schema_v1, schema_v2, schema_v3, schema_v4,
                                         schema_v5, schema_v6, schema_v7, schema_v8,
                                         schema_v9, schema_v10 };
const int store_migration_count = (int)(sizeof store_migrations / sizeof store_migrations[0]);

int store_schema_version(void)
{
    return store_migration_count;
}
