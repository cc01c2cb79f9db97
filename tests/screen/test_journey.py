"""The member journey from the keyboard: J moves the selected member to a stage
(the next one offered first) and asks why; the change is a key event on its
timeline and one row of its journey, the members pane shows the stage's tag ('!'
when stalled), the member's detail its journey, and the members filter takes
stage: and stalled: (an error names its column)."""
import sqlite3

from conftest import TODAY, db_query, first_member, members_rows, start, timeline_text


def fresh_first_member(db):
    """The first member by name, with no stage yet (whatever the demo gave it), and
    nothing that proposes one."""
    m = first_member(db)
    con = sqlite3.connect(db)
    with con:
        con.execute("DELETE FROM member_stage WHERE member_id = ?", (m["id"],))
        # nor facts that would propose a stage (a convention, usage figures)
        con.execute("DELETE FROM subscription WHERE member_id = ?", (m["id"],))
        con.execute("DELETE FROM usage WHERE member_id = ?", (m["id"],))
        con.execute("UPDATE member SET stage = NULL, stage_since = NULL, stage_due = NULL,"
                    " version = version + 1 WHERE id = ?", (m["id"],))
    con.close()
    return m


def member_row(s, name):
    rows = [r for r in members_rows(s) if r.startswith(name[:12])]
    return rows[0] if rows else ""


def move(s, name, stage_label, why):
    s.keys("J")
    s.wait_for("Journey of " + name[:12])
    s.wait_for("Stage: " + stage_label)
    if why:
        s.type(why)
    s.keys("^X")
    s.wait_for("%s: journey at %s" % (name, stage_label))


def test_j_moves_a_member_along_its_journey(spawn, db):
    m = fresh_first_member(db)
    s = start(spawn, db)
    s.wait_for(m["name"][:12])
    move(s, m["name"], "Prospect", "Rencontre au salon des maires")
    s.wait_until(lambda: "PRO" in member_row(s, m["name"]), "the tag in the members pane")
    s.wait_until(lambda: "Journey: Prospect" in timeline_text(s), "the key event")
    move(s, m["name"], "Joining", "")            # the next step, offered first
    s.wait_until(lambda: "JOI" in member_row(s, m["name"]), "the new tag")
    rows = db_query(db, "SELECT stage, why, login FROM member_stage WHERE member_id = ?"
                        " ORDER BY id", (m["id"],))
    assert [r["stage"] for r in rows] == ["prospect", "joining"], rows
    assert rows[0]["why"] == "Rencontre au salon des maires" and rows[1]["why"] is None
    ev = db_query(db, "SELECT kind, subject FROM interaction WHERE member_id = ?"
                      " ORDER BY id DESC LIMIT 1", (m["id"],))[0]
    assert ev["kind"] == "key_event" and ev["subject"] == "Journey: Joining (was Prospect)"
    # The detail: the stage, the next step, each stage with its days.
    s.keys("Enter")
    s.wait_for("Member — " + m["name"][:12])
    s.wait_for("Journey      Joining since")
    assert "Next step    Convention signed" in s.screen_text(), s.dump()
    s.keys("G")                 # its journey, after its contacts
    s.wait_for("Prospect, 0 days")
    assert "Rencontre au salon" in s.screen_text(), s.dump()
    s.keys("q")
    s.wait_gone("Member — ")
    s.quit()


def test_stalled_members_and_the_filter_words(spawn, db):
    m = fresh_first_member(db)
    s = start(spawn, db)
    s.wait_for(m["name"][:12])
    move(s, m["name"], "Prospect", "")
    s.quit()
    con = sqlite3.connect(db)
    with con:
        con.execute("UPDATE member SET stage_due = '2020-01-01', version = version + 1"
                    " WHERE id = ?", (m["id"],))
    con.close()
    s = start(spawn, db)
    s.wait_until(lambda: "PRO!" in member_row(s, m["name"]), "the stalled mark")
    # stalled:yes lists the stalled ones only, the one above among them.
    stalled = db_query(db, "SELECT count(*) FROM member WHERE stage_due < ?", (TODAY,))[0][0]
    s.keys("/")
    s.type("stalled:yes")
    s.wait_until(lambda: len([r for r in members_rows(s) if r.strip()])
                 == min(stalled, len(members_rows(s)))
                 and m["name"][:12] in member_row(s, m["name"]), "the stalled members")
    s.keys("^U")
    s.type("stage:zzz")
    s.wait_for("Filter, column 7: stage:zzz: no such stage")
    s.keys("Esc")
    s.quit()


def test_kill_9_in_the_journey_form_keeps_what_was_typed(spawn, db):
    """A J form killed (kill -9, a dropped SSH connection) before it was saved: the
    next session offers it (D), with the why as typed, and saving it then moves
    the member once."""
    import os
    import signal
    m = fresh_first_member(db)
    s = start(spawn, db)
    s.wait_for(m["name"][:12])
    s.keys("J")
    s.wait_for("Journey of " + m["name"][:12])
    s.type("Courrier du maire 5f1a")
    s.settle(1.6)                          # a pause: the draft is written
    os.kill(s.pid, signal.SIGKILL)
    s.reap(5)
    assert db_query(db, "SELECT count(*) FROM member_stage WHERE member_id = ?",
                    (m["id"],))[0][0] == 0
    s = start(spawn, db)
    s.wait_for("unsaved form kept")
    s.keys("D")
    s.wait_for("Journey")
    s.keys("Enter")
    s.wait_for("Courrier du maire 5f1a")
    s.keys("^X")
    s.wait_for("%s: journey at Prospect" % m["name"])
    rows = db_query(db, "SELECT stage, why FROM member_stage WHERE member_id = ?", (m["id"],))
    assert [(r["stage"], r["why"]) for r in rows] == [("prospect", "Courrier du maire 5f1a")]
    s.quit()
