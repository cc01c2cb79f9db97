"""E exports the list as shown: the action pane with its query, the members pane,
a member's timeline, to a CSV file that Python's csv module (and so a spreadsheet)
reads back: UTF-8 with BOM, ';', accents intact, a formula in a name neutralised.
An existing file is never overwritten."""
import csv
import os

from conftest import TODAY, db_connect, db_query, start

OPEN = "('open','in_progress','wait_member','wait_provider')"


def read_csv(path):
    with open(path, "rb") as f:
        raw = f.read()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte order mark"
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


def export(s, home, name):
    s.keys("E")
    s.wait_for("Export this list to a CSV file")
    s.keys("^U")
    path = os.path.join(home, name)
    s.type(path)
    s.keys("Enter")
    s.wait_for("Exported ")
    return path


def test_the_action_pane_with_its_query(spawn, db, env):
    m = db_query(db, "SELECT m.id, m.name FROM member m JOIN action a ON a.member_id = m.id "
                     "WHERE a.status IN " + OPEN + " AND m.kind NOT IN ('epci', 'departement') "
                     "GROUP BY m.id ORDER BY count(*) DESC "
                     "LIMIT 1")[0]
    con = db_connect(db)
    con.execute("UPDATE member SET name = ? WHERE id = ?", ("=1+2 " + m["name"], m["id"]))
    con.commit()
    con.close()
    want = db_query(db, "SELECT id, title FROM action WHERE member_id = ? AND status IN "
                        + OPEN, (m["id"],))
    s = start(spawn, db)
    s.keys("3", "/")
    s.type("member:#%d" % m["id"])
    s.keys("Enter")
    s.wait_for("[filter: member:#")
    path = export(s, env["HOME"], "queue.csv")
    s.wait_for("Exported %d rows to" % len(want))
    rows = read_csv(path)
    assert sorted(int(r["id"]) for r in rows) == sorted(w["id"] for w in want)
    assert {r["member"] for r in rows} == {"'=1+2 " + m["name"]}, "formula neutralised"
    titles = {w["id"]: w["title"] for w in want}
    assert all(r["title"] == titles[int(r["id"])] for r in rows), "accents intact"
    assert all(r["overdue"] in ("yes", "no") for r in rows)
    # The same name again: refused, the file kept.
    before = os.path.getsize(path)
    s.keys("E")
    s.wait_for("Export this list")
    s.keys("^U")
    s.type(path)
    s.keys("Enter")
    s.wait_for("Not exported: the file exists already")
    assert os.path.getsize(path) == before
    s.quit()


def test_members_and_a_timeline(spawn, db, env):
    s = start(spawn, db)
    s.keys("/")
    s.type("plou")
    s.keys("Enter")
    s.wait_for("[filter: plou]")
    path = export(s, env["HOME"], "members.csv")
    rows = read_csv(path)
    n = db_query(db, "SELECT count(*) FROM member WHERE sort_key LIKE '%plou%'")[0][0]
    assert len(rows) == n and all("plou" in r["name"].lower() for r in rows)
    first = db_query(db, "SELECT id FROM member WHERE sort_key LIKE '%plou%' "
                         "ORDER BY sort_key, id LIMIT 1")[0]["id"]
    s.keys("2")
    path = export(s, env["HOME"], "timeline.csv")
    rows = read_csv(path)
    n = db_query(db, "SELECT count(*) FROM interaction WHERE member_id = ?", (first,))[0][0]
    assert len(rows) == n and all(int(r["member_id"]) == first for r in rows)
    s.quit()
