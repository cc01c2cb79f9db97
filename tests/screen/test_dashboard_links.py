"""The dashboard's links name records by id: two colleagues of one display name
each get their own actions on Enter (by name, the query would answer "2 names
match"), and so do a pôle and a provider; the queue's filter says which by
number.  The before/after training line lists only the members it counts."""
from conftest import TODAY, db_query, start
from test_dashboard import OPEN, listed_rows, selected_row


def tab_to_line(s, name, count, tries=200):
    """Tab until the selected line is name's, with count open actions."""
    for _ in range(tries):
        s.keys("Tab")
        s.settle()
        row = selected_row(s)
        if row and name[:20] in row and (" %d " % count) in row + " ":
            return row
    raise AssertionError("no line of %r with %d\n%s" % (name, count, s.dump()))


def test_two_colleagues_of_one_name_each_list_their_own(spawn, db):
    top = db_query(db, "SELECT st.id, st.display_name AS name, count(*) AS n FROM action a"
                       " JOIN staff st ON st.id = a.assignee_staff_id WHERE a.status IN " +
                       OPEN + " GROUP BY st.id ORDER BY n DESC LIMIT 1")[0]
    import sqlite3
    con = sqlite3.connect(db)
    with con:
        twin = con.execute("INSERT INTO staff (login, display_name, role) VALUES"
                           " ('twin', ?, 'staff')", (top["name"],)).lastrowid
        con.execute("UPDATE action SET assignee_staff_id = ?, version = version + 1 WHERE id ="
                    " (SELECT id FROM action WHERE assignee_staff_id = ? AND status IN " +
                    OPEN + " ORDER BY id LIMIT 1)", (twin, top["id"]))
    con.close()
    s = start(spawn, db)
    s.keys("B")
    s.wait_for("Open actions by p")
    tab_to_line(s, top["name"], top["n"] - 1)
    s.keys("Enter")
    rows = listed_rows(s, "[filter: assignee:#%d]" % top["id"])
    assert "names match" not in s.screen_text(), s.dump()
    assert len(rows) == min(top["n"] - 1, 22), s.dump()
    s.keys("q")
    s.wait_for("Dashboard")
    tab_to_line(s, top["name"], 1)
    s.keys("Enter")
    rows = listed_rows(s, "[filter: assignee:#%d]" % twin)
    assert len(rows) == 1 and "names match" not in s.screen_text(), s.dump()
    s.keys("q")
    s.wait_for("Dashboard")
    s.keys("q")
    s.wait_gone("Dashboard")
    s.quit()


def test_a_pole_by_its_number(spawn, db):
    pole = db_query(db, "SELECT p.id, p.name, count(*) AS n FROM action a JOIN pole p"
                        " ON p.id = a.pole_id WHERE a.status IN " + OPEN +
                        " GROUP BY p.id ORDER BY n, p.name LIMIT 1")[0]
    s = start(spawn, db)
    s.keys("B")
    s.wait_for("Open actions by p")
    tab_to_line(s, pole["name"], pole["n"])
    s.keys("Enter")
    rows = listed_rows(s, "[filter: pole:#%d]" % pole["id"])
    assert len(rows) == min(pole["n"], 22), s.dump()
    s.keys("q")
    s.wait_for("Dashboard")
    s.keys("q")
    s.wait_gone("Dashboard")
    s.quit()


def test_trained_lists_only_those_the_figure_counts(spawn, db):
    """Before/after a first training counts members trained at least 90 days ago
    (a whole window after); its Enter lists those, not the recently trained."""
    since = db_query(db, "SELECT date(?, '-90 days') AS d", (TODAY,))[0]["d"]
    svc = db_query(db, "SELECT v.code, count(*) AS n FROM (SELECT s.service_id, c.member_id,"
                       " min(s.held_on) AS d FROM training_attendee t JOIN training_session s"
                       " ON s.id = t.session_id JOIN contact c ON c.id = t.contact_id"
                       " WHERE t.attended AND s.service_id IS NOT NULL"
                       " GROUP BY s.service_id, c.member_id) f JOIN service v"
                       " ON v.id = f.service_id WHERE f.d <= ? GROUP BY f.service_id"
                       " ORDER BY n, v.code LIMIT 1", (since,))[0]
    s = start(spawn, db)
    s.keys("B")
    s.wait_for("Open actions by p")
    for _ in range(300):
        s.keys("Tab")
        s.settle()
        row = selected_row(s)
        if row and svc["code"] in row and "members" in row and "before" in row:
            break
    else:
        raise AssertionError("no training line for %s\n%s" % (svc["code"], s.dump()))
    assert (" %d members" % svc["n"]) in row, row
    s.keys("Enter")
    rows = listed_rows(s, "[filter: trained:%s..%s]" % (svc["code"], since))
    assert len(rows) == min(svc["n"], 22), s.dump()
    s.keys("q")
    s.wait_for("Dashboard")
    s.keys("q")
    s.wait_gone("Dashboard")
    s.quit()
