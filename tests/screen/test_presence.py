"""Presence: a record whose form is open in another session says "Being edited by
<name> since HH:MM" when opened; the other session closing its form, or being
killed (-9), leaves nothing that blocks or misleads."""
import os
import signal

from conftest import LOGIN, db_query, start
from test_triage import top_of_queue


def open_edit(s, a):
    s.keys("3", "g", "e")
    s.wait_for("#%d" % a["id"])


def test_being_edited_by_shows_and_expires(spawn, db):
    a = top_of_queue(db)
    one = start(spawn, db)
    two = start(spawn, db)
    open_edit(one, a)
    open_edit(two, a)
    two.wait_for("Being edited by")
    two.wait_for(LOGIN)
    two.keys("Esc")
    # The first one closes its form: no one is on the record any more.
    one.keys("Esc")
    one.wait_gone("Edit action")
    open_edit(two, a)
    two.settle()
    assert "Being edited by" not in two.screen_text(), two.dump()
    two.keys("Esc")
    # A session killed with its form open leaves a row that no longer counts.
    open_edit(one, a)
    os.kill(one.pid, signal.SIGKILL)
    one.reap(5)
    rows = db_query(db, "SELECT count(*) FROM session WHERE entity = 'action' AND "
                        "entity_id = ?", (a["id"],))[0][0]
    assert rows == 1, "the killed session's row stays behind"
    open_edit(two, a)
    two.settle()
    assert "Being edited by" not in two.screen_text(), two.dump()
    two.keys("Esc")
    two.quit()
    assert db_query(db, "SELECT count(*) FROM session WHERE pid = ?", (two.pid,))[0][0] == 0
