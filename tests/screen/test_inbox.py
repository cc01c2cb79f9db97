"""The inbox: when another session hands you an action and writes a note on it,
the status line says "2 new for you (I)" within a refresh; I lists both, newest
first, with who and what; looking clears the count; Enter opens the action."""
import json

from conftest import LOGIN, db_connect, start


def another_session_assigns_me_an_action(db):
    """What amorel's session writes (the store's rows and their audit trail)."""
    con = db_connect(db)
    me = con.execute("SELECT id FROM staff WHERE login = ?", (LOGIN,)).fetchone()["id"]
    a = con.execute("SELECT id, title, assignee_staff_id FROM action WHERE status = 'open' "
                    "AND assignee_staff_id IS NOT NULL AND assignee_staff_id <> ? "
                    "ORDER BY id LIMIT 1", (me,)).fetchone()
    con.execute("UPDATE action SET assignee_staff_id = ?, version = version + 1 WHERE id = ?",
                (me, a["id"]))
    con.execute("INSERT INTO audit (at, login, entity, entity_id, change) VALUES "
                "('2026-11-20 09:05:00', 'amorel', 'action', ?, ?)",
                (a["id"], json.dumps({"assignee_staff": [a["assignee_staff_id"], me]})))
    cur = con.execute("INSERT INTO note (action_id, author, at, visibility, body) VALUES "
                      "(?, 'amorel', '2026-11-20 09:06:00', 'internal', ?)",
                      (a["id"], "Je te le passe, tu connais le dossier.\nMerci"))
    con.execute("INSERT INTO audit (at, login, entity, entity_id, change) VALUES "
                "('2026-11-20 09:06:00', 'amorel', 'note', ?, 'created')", (cur.lastrowid,))
    con.commit()
    con.close()
    return a


def test_the_inbox_after_another_session_assigns_me_an_action(spawn, db):
    s = start(spawn, db)
    assert "new for you" not in s.screen_text()
    a = another_session_assigns_me_an_action(db)
    s.wait_for("2 new for you (I)", timeout=8)
    s.keys("I")
    s.wait_for("Inbox — 2 changes on your actions since you last looked")
    lines = s.screen_text().split("\n")
    assert "amorel" in lines[1] and "note (internal): Je te" in lines[1], s.dump()
    assert "amorel" in lines[2] and "assignee:" in lines[2], s.dump()
    s.keys("Enter")
    s.wait_for("Action #%d" % a["id"])
    s.keys("q")
    s.wait_for("Inbox")
    s.keys("q")
    s.wait_gone("new for you")
    s.keys("I")
    s.wait_for("Inbox — 0 changes")        # looked at: nothing new since
    s.keys("q")
    s.quit()
