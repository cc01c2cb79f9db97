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

const char *const store_migrations[] = { schema_v1, schema_v2 };
const int store_migration_count = (int)(sizeof store_migrations / sizeof store_migrations[0]);

int store_schema_version(void)
{
    return store_migration_count;
}
