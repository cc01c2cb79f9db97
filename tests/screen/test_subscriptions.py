"""A member's subscriptions from the keyboard: u lists them (service, since, until,
running or ended, convention); an admin adds one (a), changes it (e, Enter), ends
it (x, on today unless another day is typed) and removes one entered by mistake (R,
y/n), each one audited transaction.  An edit writes only the fields changed, so
another session's change meanwhile is kept, and one to the same field shows under
the user's.  Others read the list and are refused its keys; a killed form comes back
with D; an empty `suivi init` database can record its first one."""
import os
import signal
import sqlite3

from conftest import LOGIN, TODAY, db_query, first_member, run_cli, start


def subs(db, member_id):
    return db_query(db, "SELECT s.id, v.code, s.since, s.until, s.convention"
                        " FROM subscription s JOIN service v ON v.id = s.service_id"
                        " WHERE s.member_id = ? ORDER BY v.name, s.since", (member_id,))


def audit_of(db, sub_id):
    return [r["change"] for r in db_query(db, "SELECT change FROM audit WHERE entity ="
                                              " 'subscription' AND entity_id = ? ORDER BY id",
                                          (sub_id,))]


def open_list(s, name):
    s.keys("u")
    s.wait_for("Subscriptions — " + name[:12])


def leave(s):
    """Back to the main screen, then quit."""
    s.keys("q")
    s.wait_gone("Subscriptions — ")
    s.quit()


def fill(s, label, text):
    s.focus_field(label)
    s.keys("^U")
    if text:
        s.type(text)


def select_row(s, service_name):
    """Move the cursor onto the row of this service (the list is short)."""
    s.keys("g")
    for _ in range(12):
        s.settle(0.1)
        pos = s.find(service_name[:20])
        if pos and s.highlighted(pos[1]):
            return
        s.keys("j")
    raise AssertionError("no row for %s\n%s" % (service_name, s.dump()))


def test_an_admin_adds_changes_ends_and_removes_a_subscription(spawn, db):
    m = first_member(db)
    before = subs(db, m["id"])
    s = start(spawn, db)
    open_list(s, m["name"])
    s.wait_for("(%d)" % len(before))
    assert "a: new  e: change  x: end  R: remove" in s.line(0), s.dump()
    # a: the catalogue, from today; an until before the since is refused, named.
    s.keys("a")
    s.wait_for("New subscription — " + m["name"][:12])
    s.wait_for("Since:")
    assert TODAY in s.screen_text(), s.dump()
    s.keys("O")                                  # Open data, by its first letter
    s.wait_for("< Open data >")
    fill(s, "Since", "1/3/2026")
    fill(s, "Until", "1/2/2026")
    fill(s, "Convention", "CONV-OD-7")
    s.keys("^X")
    s.wait_for("cannot end before it begins")
    fill(s, "Until", "")
    s.keys("^X")
    s.wait_for("Saved subscription #")
    s.wait_gone("New subscription")
    s.wait_for("(%d)" % (len(before) + 1))
    new = [r for r in subs(db, m["id"]) if r["code"] == "opendata"]
    assert [(r["since"], r["until"], r["convention"]) for r in new] == \
        [("2026-03-01", None, "CONV-OD-7")]
    sid = new[0]["id"]
    row = s.find("Open data")
    assert row and "2026-03-01" in s.line(row[1]) and "running" in s.line(row[1]), s.dump()
    assert "CONV-OD-7" in s.line(row[1])
    # Enter: change the convention alone; the audit says what changed.
    select_row(s, "Open data")
    s.keys("Enter")
    s.wait_for("Subscription #%d — " % sid)
    fill(s, "Convention", "CONV-OD-8")
    s.keys("^X")
    s.wait_for("Saved subscription #%d to Open data" % sid)
    assert audit_of(db, sid)[-1] == '{"convention": ["CONV-OD-7", "CONV-OD-8"]}'
    # x: the same form, ending today; saved as offered.
    select_row(s, "Open data")
    s.keys("x")
    s.wait_for("Subscription #%d — " % sid)
    s.keys("^X")
    s.wait_for("Saved subscription #%d" % sid)
    assert db_query(db, "SELECT until FROM subscription WHERE id = ?", (sid,))[0][0] == TODAY
    # R: asks, n keeps it, y removes it, with what it held in the audit.
    select_row(s, "Open data")
    s.keys("R")
    s.wait_for("Remove #%d, Open data from 2026-03-01? (y/n)" % sid)
    s.keys("n")
    s.settle(0.3)
    assert any(r["id"] == sid for r in subs(db, m["id"]))
    s.keys("R")
    s.wait_for("(y/n)")
    s.keys("y")
    s.wait_for("Removed subscription #%d to Open data" % sid)
    s.wait_for("(%d)" % len(before))
    assert not any(r["id"] == sid for r in subs(db, m["id"]))
    assert '"convention": ["CONV-OD-8", null]' in audit_of(db, sid)[-1]
    # q: back where u was pressed; the member's detail points at u.
    s.keys("q")
    s.wait_for("Timeline")
    s.keys("Enter")
    s.wait_for("Member — " + m["name"][:12])
    s.keys("G")
    s.wait_for("u: subscriptions")
    s.keys("q")
    s.wait_gone("Member — ")
    s.quit()


def test_an_edit_keeps_another_sessions_change(spawn, db):
    """Mine changes the convention while someone else ends the subscription: both
    stay.  Then both change the convention: theirs shows under mine, nothing is
    written until the user saves again."""
    m = first_member(db)
    first = subs(db, m["id"])[0]
    s = start(spawn, db)
    open_list(s, m["name"])
    s.keys("g", "e")
    s.wait_for("Subscription #%d — " % first["id"])
    fill(s, "Convention", "MINE-1")
    con = sqlite3.connect(db)
    with con:
        con.execute("UPDATE subscription SET until = '2027-06-30' WHERE id = ?", (first["id"],))
    s.keys("^X")
    s.wait_for("Saved subscription #%d" % first["id"])
    row = db_query(db, "SELECT until, convention FROM subscription WHERE id = ?",
                   (first["id"],))[0]
    assert (row["until"], row["convention"]) == ("2027-06-30", "MINE-1")
    s.keys("g", "e")
    s.wait_for("Subscription #%d — " % first["id"])
    fill(s, "Convention", "MINE-2")
    with con:
        con.execute("UPDATE subscription SET convention = 'THEIRS-2' WHERE id = ?",
                    (first["id"],))
    con.close()
    s.keys("^X")
    s.wait_for("THEIRS-2")                       # shown under mine, not written over
    assert db_query(db, "SELECT convention FROM subscription WHERE id = ?",
                    (first["id"],))[0][0] == "THEIRS-2"
    s.keys("^X")                                  # mine, on purpose
    s.wait_for("Saved subscription #%d" % first["id"])
    assert tuple(db_query(db, "SELECT convention, until FROM subscription WHERE id = ?",
                          (first["id"],))[0]) == ("MINE-2", "2027-06-30")
    leave(s)


def test_a_staff_login_reads_them_and_is_refused_the_keys(spawn, db):
    m = first_member(db)
    con = sqlite3.connect(db)
    with con:
        con.execute("UPDATE staff SET role = 'staff' WHERE login = ?", (LOGIN,))
    con.close()
    mark = db_query(db, "SELECT max(id) FROM audit")[0][0]
    s = start(spawn, db)
    open_list(s, m["name"])
    s.wait_for("(an admin's to change)")
    for key in ("a", "e", "x", "R"):
        s.keys(key)
        s.wait_for("admin")
        assert "New subscription" not in s.screen_text() and "(y/n)" not in s.screen_text()
        s.keys("^L")
        s.settle(0.2)
    assert db_query(db, "SELECT max(id) FROM audit")[0][0] == mark
    leave(s)


def test_kill_9_in_the_form_keeps_what_was_typed(spawn, db):
    m = first_member(db)
    n = len(subs(db, m["id"]))
    s = start(spawn, db)
    open_list(s, m["name"])
    s.keys("a")
    s.wait_for("New subscription")
    s.keys("O")
    fill(s, "Convention", "CONV-KILL-3")
    s.settle(1.6)                                 # a pause: the draft is written
    os.kill(s.pid, signal.SIGKILL)
    s.reap(5)
    assert len(subs(db, m["id"])) == n
    s = start(spawn, db)
    s.wait_for("unsaved form kept")
    s.keys("D")
    s.wait_for("New subscription")
    s.keys("Enter")
    s.wait_for("CONV-KILL-3")
    s.wait_for("< Open data >")
    s.keys("^X")
    s.wait_for("Saved subscription #")
    rows = [r for r in subs(db, m["id"]) if r["convention"] == "CONV-KILL-3"]
    assert [(r["code"], r["since"]) for r in rows] == [("opendata", TODAY)]
    leave(s)


def test_a_new_team_records_its_first_subscription(spawn, env, tmp_path):
    db = str(tmp_path / "team.db")
    r = run_cli(["init", "--db", db], env)
    assert r.returncode == 0, r.stderr
    s = spawn(db=db)
    s.wait_for("Members")
    s.keys("N")
    s.wait_for("New member")
    fill(s, "Name", "Plouguerneau")
    s.keys("^X")
    s.wait_for("Saved member #")
    s.wait_gone("New member")
    s.keys("Enter")
    s.wait_for("Member — Plouguerneau")
    s.keys("G")
    s.wait_for("No subscription and no use yet (u: subscriptions)")
    s.keys("u")
    s.wait_for("Subscriptions — Plouguerneau (0)")
    s.keys("a")
    s.wait_for("New subscription")
    s.keys("T")
    s.wait_for("< Télétransmission des actes >")
    # A day without its year is the nearer one: a start last week, not next year's.
    fill(s, "Since", "15/11")
    s.keys("Tab")
    s.wait_for("Since:      2026-11-15")
    fill(s, "Since", "today")
    s.keys("^X")
    s.wait_for("Saved subscription #")
    s.wait_for("Subscriptions — Plouguerneau (1)")
    s.keys("q")
    s.wait_for("Member — Plouguerneau")
    s.wait_for("Télétransmission des actes  no use in 12 months  subscribed since " + TODAY)
    rows = db_query(db, "SELECT since, until FROM subscription")
    assert [tuple(r) for r in rows] == [(TODAY, None)]
    s.keys("q")
    s.wait_gone("Member — ")
    s.quit()


def test_keys_typed_ahead_of_the_list_move_on_its_rows(spawn, db):
    """u, j, e typed at once (a slow link's typeahead): j moves on the list just
    opened, not on an empty one, so e opens the second subscription."""
    m = first_member(db)
    rows = subs(db, m["id"])
    assert len(rows) >= 2
    s = start(spawn, db)
    s.type("uje")
    s.wait_for("Subscription #%d — " % rows[1]["id"])
    s.keys("Esc")
    s.wait_gone("Subscription #")
    leave(s)
