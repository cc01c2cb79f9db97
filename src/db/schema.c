/* schema — the migration scripts.  store_migrations[v] takes a database from
 * user_version v to v + 1 and ends by setting user_version itself, so that the
 * script and the version it claims cannot drift apart.  db.c runs them in one
 * BEGIN IMMEDIATE transaction.  Never edit a released script: add a new one.
 *
 * Codes in CHECK constraints are those of model.c.  Times are UTC text
 * "YYYY-MM-DD HH:MM:SS", dates "YYYY-MM-DD": both sort as text. */
#include "store_internal.h"

#define OPEN_STATUSES SQL_OPEN_STATUSES

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
    "  kind        TEXT NOT NULL CHECK (kind IN ('region','departement','epci',\n"
    "                'commune','ccas','hospital','other')),\n"
    "  siren       TEXT CHECK (siren IS NULL OR\n"
    "                (length(siren) = 9 AND siren NOT GLOB '*[^0-9]*')),\n"
    "  departement TEXT CHECK (departement IS NULL OR length(departement) IN (2, 3)),\n"
    "  status      TEXT NOT NULL CHECK (status IN ('prospect','joining','member',\n"
    "                'partner','left','refused','dissolved')),\n"
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
    "  kind        TEXT NOT NULL CHECK (kind IN ('call_in','call_out','email_in',\n"
    "                'email_out','meeting','training','incident','request','key_event')),\n"
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
    "  status               TEXT NOT NULL CHECK (status IN ('open','in_progress',\n"
    "                         'wait_member','wait_provider','done','cancelled')),\n"
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
    "  CHECK ((status IN ('done','cancelled')) = (closed_at IS NOT NULL))\n"
    ");\n"
    /* The open queue and "mine": partial indexes in queue order within one
     * priority, so a page is a few range scans (store_action.c); their size is
     * the number of open actions whatever the history holds. */
    "CREATE INDEX action_open ON action(priority, due_key, id)\n"
    "  WHERE status IN " OPEN_STATUSES ";\n"
    "CREATE INDEX action_mine ON action(assignee_staff_id, priority, due_key, id)\n"
    "  WHERE status IN " OPEN_STATUSES ";\n"
    "CREATE INDEX action_member ON action(member_id, status);\n"
    "CREATE TABLE note (\n"
    "  id         INTEGER PRIMARY KEY,\n"
    "  action_id  INTEGER NOT NULL REFERENCES action(id),\n"
    "  author     TEXT NOT NULL,\n"
    "  at         TEXT NOT NULL,\n"
    "  visibility TEXT NOT NULL CHECK (visibility IN ('internal','member','provider')),\n"
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

const char *const store_migrations[] = { schema_v1 };
const int store_migration_count = (int)(sizeof store_migrations / sizeof store_migrations[0]);

int store_schema_version(void)
{
    return store_migration_count;
}
