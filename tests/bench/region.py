"""A region-scale copy of the demo database, built by SQL in seconds (`make bench`).

    region.py DEMO_DB OUT_DB          (also imported by tests/screen/bench.py)

From the demo (300 members, ~6,000 interactions, ~960 actions) to 100,000 members,
2,000,000 interactions and 300,000 actions: copy k of a row gets id + k * (the
demo's largest id), so every copy keeps the demo's own links (an EPCI's communes,
an action's interaction) within the copy.  A copy must look different on the screen,
or a list scrolling over copies would draw nothing (the bench times a key to its
last byte): copy k of a member is named "k Name", of an action titled "k Title"
(the pane cuts names and titles at their end), and its dates move back k days (an
interaction's time, k % 61 for a due date) or k minutes (a closing time).

Who the rows belong to: a region is a few very busy members (a Région, a
Métropole) and many quiet ones.  Two copies in three of the interactions and
actions stay on the demo's own 300 members (the busiest then holds some 3,300
actions and 18,000 interactions, the figures of the issue this bench answers);
the third goes to the member copy of the same k; 2/3 of the 100,000 members have
no history at all.  Contacts, notes and the audit trail are not copied.

The search index: an interaction row inserted with schema v3's FTS trigger live
costs a tokenisation and an index write each (2,000,000 of them: minutes).  The
triggers on interaction and action are dropped, the rows copied, the new rows
indexed in one INSERT ... SELECT with the triggers' own folding (FTS_FOLD of
schema.c: œ æ spelt out, so that a later 'delete' from the triggers finds the
values as they were indexed), and the triggers put back from the exact text
sqlite_schema kept of them.  An FTS5 'rebuild' would be wrong here: it reads the
content table's raw columns, unfolded.
"""
import os
import shutil
import sqlite3
import sys
import time

# Part of the cached copy's name: bump it when build() makes a different copy.
VERSION = "2"
MEMBERS = 100000
INTERACTIONS = 2000000
ACTIONS = 300000

# Schema v3's FTS_FOLD, on a column (the triggers' NEW.x, here the row's own x).
FOLD = ("replace(replace(replace(replace(%s, '\u0153', 'oe'), '\u0152', 'OE'),"
        " '\u00e6', 'ae'), '\u00c6', 'AE')")


# action.search of copy k: its title's copy ("k Title"), then its owner's name (schema
# v5: "title\nmember"), the demo member's or, for copy k of it, "k Name".
SEARCH = ("k.n || ' ' || substr(a.search, 1, instr(a.search, char(10)))"
          " || CASE WHEN k.n % 3 = 0 THEN k.n || ' ' ELSE '' END"
          " || substr(a.search, instr(a.search, char(10)) + 1)")


def _owner(k_expr, member_expr, span):
    """The member a copy k of a row of member_expr belongs to: the demo's own member
    (k % 3 != 0) or its copy k."""
    return ("CASE WHEN (%s) %% 3 = 0 THEN %s + (%s) * %d ELSE %s END"
            % (k_expr, member_expr, k_expr, span, member_expr))


def build(src, dst, log=print):
    """Write dst (replaced if there) from the demo database src; returns the counts."""
    t0 = time.monotonic()
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(dst + suffix):
            os.remove(dst + suffix)
    if os.path.exists(src + "-wal"):
        raise RuntimeError("%s has a -wal: close what has it open first" % src)
    # The demo file as it is (its rows, their search and filter indexes), then the
    # copies added to it.
    shutil.copyfile(src, dst)
    con = sqlite3.connect(dst, isolation_level=None)
    con.execute("PRAGMA journal_mode = DELETE")  # the demo is WAL: one file, written alone
    con.execute("PRAGMA synchronous = OFF")      # a scratch file until it is renamed
    con.execute("PRAGMA cache_size = -262144")   # 256 MB while building
    con.execute("ATTACH DATABASE ? AS demo", ("file:%s?mode=ro" % src,))
    con.execute("BEGIN")
    span_m = con.execute("SELECT max(id) FROM member").fetchone()[0]
    span_i = con.execute("SELECT max(id) FROM interaction").fetchone()[0]
    span_a = con.execute("SELECT max(id) FROM action").fetchone()[0]
    copies = max(-(-MEMBERS // span_m), -(-INTERACTIONS // span_i), -(-ACTIONS // span_a))
    con.execute("CREATE TEMP TABLE k(n INTEGER PRIMARY KEY)")
    con.execute("WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c"
                " WHERE n < ?) INSERT INTO k SELECT n FROM c", (copies,))

    # Members: few (100,000), with their FTS triggers live (search and filter).
    con.execute(
        "INSERT INTO member (id, name, sort_key, kind, siren, departement, status,"
        " parent_id, created_at, updated_at, version)"
        " SELECT m.id + k.n * ?1, k.n || ' ' || m.name, k.n || ' ' || m.sort_key, m.kind,"
        " NULL, m.departement, m.status,"
        " CASE WHEN m.parent_id IS NULL THEN NULL ELSE m.parent_id + k.n * ?1 END,"
        " m.created_at, m.updated_at, 1"
        " FROM k, demo.member AS m WHERE m.id + k.n * ?1 <= ?2"
        " ORDER BY k.n, m.id", (span_m, MEMBERS))

    # Interactions and actions: the search's FTS triggers off, rows in, index in
    # bulk, back on (the filter's trigram triggers of schema v5 stay: quick).
    triggers = con.execute(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'"
        " AND tbl_name IN ('interaction', 'action') AND name LIKE '%\\_fts\\_%' ESCAPE '\\'"
        " ORDER BY rowid").fetchall()
    for name, _ in triggers:
        con.execute("DROP TRIGGER %s" % name)
    con.execute(
        "INSERT INTO interaction (id, member_id, contact_id, occurred_at, kind, pole_id,"
        " author, subject, body, search, created_at, version)"
        " SELECT i.id + k.n * ?1, " + _owner("k.n", "i.member_id", span_m) + ","
        " CASE WHEN k.n % 3 = 0 THEN NULL ELSE i.contact_id END,"
        " datetime(i.occurred_at, '-' || k.n || ' days'), i.kind, i.pole_id, i.author,"
        " i.subject, i.body, i.search, datetime(i.created_at, '-' || k.n || ' days'), 1"
        " FROM k, demo.interaction AS i WHERE i.id + k.n * ?1 <= ?2"
        " ORDER BY k.n, i.id", (span_i, INTERACTIONS))
    con.execute(
        "INSERT INTO action (id, interaction_id, member_id, title, description, search,"
        " assignee_staff_id, assignee_provider_id, pole_id, status, priority, due,"
        " created_by, created_at, updated_at, closed_at, version, resolution)"
        " SELECT a.id + k.n * ?1,"
        " CASE WHEN a.interaction_id IS NULL THEN NULL ELSE a.interaction_id + k.n * ?3 END, "
        + _owner("k.n", "a.member_id", span_m) + ","
        " k.n || ' ' || a.title, a.description, " + SEARCH + ","
        " a.assignee_staff_id, a.assignee_provider_id, a.pole_id, a.status, a.priority,"
        " date(a.due, '-' || (k.n % 61) || ' days'), a.created_by, a.created_at,"
        " a.updated_at, datetime(a.closed_at, '-' || k.n || ' minutes'), 1, a.resolution"
        " FROM k, demo.action AS a WHERE a.id + k.n * ?1 <= ?2"
        " ORDER BY k.n, a.id", (span_a, ACTIONS, span_i))
    con.execute("INSERT INTO interaction_fts(rowid, subject, body)"
                " SELECT id, %s, %s FROM interaction WHERE id > ?"
                % (FOLD % "subject", FOLD % "body"), (span_i,))
    con.execute("INSERT INTO action_fts(rowid, title, description)"
                " SELECT id, %s, %s FROM action WHERE id > ?"
                % (FOLD % "title", FOLD % "description"), (span_a,))
    for _, sql in triggers:
        con.execute(sql)
    con.execute("COMMIT")
    # One segment per index: what a long-lived database's automerge converges to.
    for (t,) in con.execute("SELECT name FROM sqlite_schema WHERE name IN ('interaction_fts',"
                            " 'action_fts', 'member_fts', 'action_tri', 'member_tri')"
                            " ORDER BY name").fetchall():
        con.execute("INSERT INTO %s(%s) VALUES ('optimize')" % (t, t))
    con.execute("DETACH DATABASE demo")
    counts = {t: con.execute("SELECT count(*) FROM %s" % t).fetchone()[0]
              for t in ("member", "interaction", "action")}
    con.execute("PRAGMA journal_mode = DELETE")
    con.close()
    log("region copy: %(member)d members, %(interaction)d interactions, %(action)d actions"
        % counts + " (%.1f s to build, %.0f MB)" % (time.monotonic() - t0,
                                                   os.path.getsize(dst) / 1e6))
    return counts


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    build(sys.argv[1], sys.argv[2])
