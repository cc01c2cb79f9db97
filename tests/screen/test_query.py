"""The query language of `/` in the action pane, on the real binary: every field
narrows the queue to what SQL says it should (in queue order), an EPCI rolls up
its communes, closed statuses bring closed actions in, a wrong query says its
column and keeps the list, and a named view from the config is one key away."""
import os

from conftest import LOGIN, TODAY, db_query, start

OPEN = "('open','in_progress','wait_member','wait_provider')"
QUEUE_ORDER = " ORDER BY coalesce(a.due < ?, 0) DESC, a.priority, a.due IS NULL, a.due, a.id"


def action_rows(s):
    """The rows of the actions pane, below its title, without the status line."""
    x, y = s.find("Actions — ")
    rows = [s.line(r)[max(x - 1, 0):] for r in range(y + 1, s.screen.lines - 1)]
    return [r for r in rows if r.strip()]


def apply_query(s, text):
    s.keys("/")
    s.keys("^U")
    s.type(text)
    s.keys("Enter")
    s.wait_for("[filter: " + text[:40])
    s.settle()


def check_rows(s, want, query):
    rows = action_rows(s)
    shown = min(len(want), len(rows))
    assert want, "the demo has actions for " + query
    assert len(rows) == shown, "%s: %d rows shown, SQL says %d\n%s" % (
        query, len(rows), len(want), s.dump())
    for i in range(shown):
        assert want[i]["title"][:18] in rows[i], "%s: row %d is not %r\n%s" % (
            query, i, want[i]["title"], s.dump())


def open_where(db, where, args=()):
    return db_query(db, "SELECT a.* FROM action a JOIN member m ON m.id = a.member_id "
                        "WHERE a.status IN " + OPEN + " AND " + where + QUEUE_ORDER,
                    tuple(args) + (TODAY,))


def test_every_field_narrows_the_queue_as_sql_says(spawn, db):
    pole = db_query(db, "SELECT p.name FROM pole p JOIN action a ON a.pole_id = p.id "
                        "WHERE a.status = 'wait_provider' GROUP BY p.id "
                        "ORDER BY count(*) LIMIT 1")[0]["name"]
    week = db_query(db, "SELECT date(?, '+6 days')", (TODAY,))[0][0]
    cases = [
        ("prio:1 overdue:yes", open_where(db, "a.priority = 1 AND a.due < ?", (TODAY,))),
        ("pole:%s status:wprovider" % pole.split()[0].lower(),
         open_where(db, "a.pole_id = (SELECT id FROM pole WHERE name = ?) AND "
                        "a.status = 'wait_provider'", (pole,))),
        ("assignee:me due:<7d",
         open_where(db, "a.assignee_staff_id = (SELECT id FROM staff WHERE login = ?) "
                        "AND a.due <= ?", (LOGIN, week))),
        ("prio:<=2 overdue:no due:none", open_where(db, "a.priority <= 2 AND a.due IS NULL")),
    ]
    s = start(spawn, db, cols=200, rows=60)
    s.keys("3")
    for query, want in cases:
        apply_query(s, query)
        check_rows(s, want, query)
    s.quit()


def test_an_epci_rolls_up_its_communes(spawn, db):
    epci = db_query(db, "SELECT e.id, e.name, count(*) n FROM member e "
                        "JOIN member c ON c.parent_id = e.id JOIN action a ON a.member_id = c.id "
                        "WHERE e.kind = 'epci' AND a.status IN " + OPEN +
                        " GROUP BY e.id ORDER BY n DESC LIMIT 1")[0]
    want = open_where(db, "(m.id = ? OR m.parent_id = ?)", (epci["id"], epci["id"]))
    assert any(w["member_id"] != epci["id"] for w in want), "communes' actions included"
    s = start(spawn, db, cols=200, rows=60)
    s.keys("3")
    query = 'member:"%s"' % epci["name"]
    apply_query(s, query)
    check_rows(s, want, query)
    s.quit()


def test_closed_statuses_bring_closed_actions(spawn, db):
    want = db_query(db, "SELECT a.* FROM action a WHERE a.status = 'done' AND "
                        "lower(a.title) LIKE '%certificat%' ORDER BY a.closed_at DESC, a.id")
    s = start(spawn, db, cols=200, rows=60)
    s.keys("3")
    apply_query(s, "status:done certificat")
    check_rows(s, want, "status:done certificat")
    assert "done" in action_rows(s)[0]
    s.quit()


def test_a_wrong_query_says_its_column_and_keeps_the_list(spawn, db):
    s = start(spawn, db)
    s.keys("3")
    apply_query(s, "prio:1")
    before = action_rows(s)
    s.keys("/")
    s.type(" prio:7")
    s.wait_for("Query, column 13: prio:7 is not a priority")  # after "prio:1"
    assert action_rows(s) == before, "the list keeps the last query that was right"
    s.keys("Esc")
    s.quit()


def test_a_named_view_from_the_config(spawn, db, env):
    conf = os.path.join(env["XDG_CONFIG_HOME"], "suivi")
    os.makedirs(conf, exist_ok=True)
    with open(os.path.join(conf, "config.ini"), "w") as f:
        f.write('[views]\nmine = "assignee:me status:active"\nurgent = "prio:1 overdue:yes"\n')
    want = open_where(db, "a.priority = 1 AND a.due < ?", (TODAY,))
    s = start(spawn, db, cols=200, rows=60)
    s.keys("3", "V")
    s.wait_for("Named views")
    s.wait_for("prio:1 overdue:yes")
    s.type("urg")
    s.keys("Enter")
    s.wait_for("[filter: prio:1 overdue:yes]")
    s.settle()
    check_rows(s, want, "urgent")
    s.keys("V")
    s.wait_for("Named views")
    s.keys("Enter")                 # the first entry: no view, the whole queue
    s.wait_gone("[filter: ")
    s.quit()


def test_o_sorts_newest_first_with_the_query(spawn, db):
    want = open_where(db, "a.priority <= 2")
    want.sort(key=lambda r: -r["id"])
    s = start(spawn, db, cols=200, rows=60)
    s.keys("3")
    apply_query(s, "prio:<=2")
    s.keys("o")
    s.wait_for("(newest first)")
    s.settle()
    check_rows(s, want, "prio:<=2, newest first")
    s.keys("o")
    s.wait_gone("(newest first)")
    s.quit()
