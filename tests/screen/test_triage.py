"""Triage from the keyboard, on the action at the top of the queue: A assigns by
typing a few letters (disabled people are not offered), p then a digit sets the
priority, d the due date as people say it, x closes with a resolution.  Each is one
audited write of that field alone; a change to the same field by someone else while
the menu was open is said, and nothing is written."""
import json
import sqlite3

from conftest import LOGIN, TODAY, db_query, start


def top_of_queue(db):
    """The action at the top of the open queue: overdue first, then priority, due, id."""
    return db_query(db, "SELECT * FROM action WHERE status IN ('open','in_progress',"
                        "'wait_member','wait_provider') ORDER BY coalesce(due < ?, 0) DESC, priority, "
                        "due IS NULL, due, id LIMIT 1", (TODAY,))[0]


def last_change(db, action_id):
    row = db_query(db, "SELECT change FROM audit WHERE entity = 'action' AND entity_id = ? "
                       "ORDER BY id DESC LIMIT 1", (action_id,))[0]
    return json.loads(row["change"])


def on_top_action(spawn, db):
    s = start(spawn, db)
    s.keys("3", "g")
    s.settle()
    return s, top_of_queue(db)


def test_assign_by_typing_a_few_letters(spawn, db):
    s, a = on_top_action(spawn, db)
    staff = db_query(db, "SELECT * FROM staff WHERE id IS NOT ? AND disabled = 0 "
                         "ORDER BY login LIMIT 1", (a["assignee_staff_id"],))[0]
    s.keys("A")
    s.wait_for("Assign action #%d" % a["id"])
    s.wait_for("(nobody)")
    assert "open" in s.screen_text(), "each candidate shows their open actions\n" + s.dump()
    s.type(staff["display_name"][:4].lower())
    s.wait_for("Find: " + staff["display_name"][:4].lower())
    s.keys("Enter")
    s.wait_for("Action #%d: assigned to %s" % (a["id"], staff["display_name"][:10]))
    row = db_query(db, "SELECT * FROM action WHERE id = ?", (a["id"],))[0]
    assert row["assignee_staff_id"] == staff["id"] and row["assignee_provider_id"] is None
    assert row["priority"] == a["priority"] and row["title"] == a["title"]
    assert set(last_change(db, a["id"])) <= {"assignee_staff", "assignee_provider"}
    s.quit()


def test_a_disabled_colleague_is_not_offered(spawn, db):
    con = sqlite3.connect(db)
    with con:
        con.execute("UPDATE staff SET disabled = 1, version = version + 1 "
                    "WHERE login = 'pcariou'")
    con.close()
    name = db_query(db, "SELECT display_name FROM staff WHERE login = 'pcariou'")[0][0]
    s, a = on_top_action(spawn, db)
    s.keys("A")
    s.wait_for("Assign action #%d" % a["id"])
    s.type(name.split()[-1])
    s.wait_for("(nothing matches)")
    s.keys("Esc")
    s.wait_gone("Assign action")
    assert db_query(db, "SELECT * FROM action WHERE id = ?", (a["id"],))[0]["version"] == \
        a["version"], "Esc wrote something"
    s.quit()


def test_priority_by_a_digit(spawn, db):
    s, a = on_top_action(spawn, db)
    want = 4 if a["priority"] != 4 else 3
    s.keys("p")
    s.wait_for("Priority of action #%d" % a["id"])
    s.keys(str(want))
    s.wait_for("Action #%d: priority P%d" % (a["id"], want))
    row = db_query(db, "SELECT * FROM action WHERE id = ?", (a["id"],))[0]
    assert row["priority"] == want
    assert last_change(db, a["id"]) == {"priority": [a["priority"], want]}
    s.quit()


def test_due_date_in_french(spawn, db):
    """Today is Friday 2026-11-20 (pinned): "demain" is Saturday the 21st."""
    s, a = on_top_action(spawn, db)
    s.keys("d")
    s.wait_for("Due date of action #%d" % a["id"])
    s.keys("^U")
    s.type("31/11")
    s.keys("Enter")
    s.wait_for("31/11: no such day")
    s.keys("^U")
    s.type("demain")
    s.keys("Enter")
    s.wait_for("Action #%d: due Sat 2026-11-21" % a["id"])
    row = db_query(db, "SELECT * FROM action WHERE id = ?", (a["id"],))[0]
    assert row["due"] == "2026-11-21" and row["priority"] == a["priority"]
    assert last_change(db, a["id"]) == {"due": [a["due"], "2026-11-21"]}
    s.quit()


def test_x_closes_with_a_resolution(spawn, db):
    s, a = on_top_action(spawn, db)
    s.keys("x")
    s.wait_for("Action #%d: " % a["id"])
    s.wait_for("done")
    s.wait_for("Resolution")
    s.type("Certificat renouvelé")
    s.keys("^X")
    s.wait_for("Action #%d: done" % a["id"])
    row = db_query(db, "SELECT * FROM action WHERE id = ?", (a["id"],))[0]
    assert row["status"] == "done" and row["resolution"] == "Certificat renouvelé"
    assert row["closed_at"]
    s.quit()


def test_the_same_field_changed_meanwhile_is_said_not_overwritten(spawn, db):
    s, a = on_top_action(spawn, db)
    s.keys("p")
    s.wait_for("Priority of action #%d" % a["id"])
    theirs = 4 if a["priority"] != 4 else 3
    con = sqlite3.connect(db)          # a colleague, while the menu is open
    with con:
        con.execute("UPDATE action SET priority = ?, version = version + 1 WHERE id = ?",
                    (theirs, a["id"]))
    con.close()
    s.keys("1")
    s.wait_for("someone else changed its priority")
    s.wait_for("(now P%d)" % theirs)
    assert db_query(db, "SELECT priority FROM action WHERE id = ?", (a["id"],))[0][0] == theirs
    s.quit()


def test_a_reader_cannot_triage(spawn, db):
    con = sqlite3.connect(db)
    with con:
        con.execute("INSERT INTO staff (login, display_name, role) VALUES ('boss', 'Boss', "
                    "'admin')")
        con.execute("UPDATE staff SET role = 'readonly' WHERE login = ?", (LOGIN,))
    con.close()
    s, a = on_top_action(spawn, db)
    for key, title in (("A", "Assign action"), ("p", "Priority of"), ("d", "Due date of"),
                       ("x", "Resolution")):
        s.keys(key)
        s.wait_for("read")                   # the refusal names the role
        assert title not in s.screen_text(), "%s opened for a reader\n%s" % (key, s.dump())
    assert db_query(db, "SELECT version FROM action WHERE id = ?", (a["id"],))[0][0] == \
        a["version"]
    s.quit()


# ---- tags and changes on all of them ------------------------------------------------

def queue_ids(db, n):
    """The first n actions of the open queue, in its order."""
    return [r["id"] for r in db_query(
        db, "SELECT id FROM action WHERE status IN ('open','in_progress','wait_member',"
            "'wait_provider') ORDER BY coalesce(due < ?, 0) DESC, priority, due IS NULL, due, id LIMIT ?",
        (TODAY, n))]


def test_tag_three_then_set_their_priority(spawn, db):
    s, a = on_top_action(spawn, db)
    ids = queue_ids(db, 4)
    s.keys("t", "t", "t")                        # t tags and moves on
    s.wait_for("| 3 tagged")
    marks = [line for line in s.lines() if "│*" in line]
    assert len(marks) == 3, "three rows marked *\n" + s.dump()
    s.keys("j", "k")                             # tags survive moving and a refresh
    s.settle(2.5)
    assert "| 3 tagged" in s.screen_text()
    s.keys(";")
    s.wait_for("3 tagged: A assign")
    s.keys("p")
    s.wait_for("Priority of 3 tagged actions")
    s.keys("4")
    s.wait_for("3 actions set to P4")
    rows = {r["id"]: r for r in db_query(db, "SELECT * FROM action WHERE id IN (?,?,?,?)",
                                         ids)}
    assert [rows[i]["priority"] for i in ids[:3]] == [4, 4, 4]
    assert rows[ids[3]]["priority"] != 4 or rows[ids[3]]["version"] == 1, "untagged changed"
    s.keys("^T")
    s.wait_for("Untagged 3 actions")
    s.wait_gone("| 3 tagged")
    s.quit()


def test_tag_matching_then_a_note_on_all(spawn, db):
    word = "certificat"
    want = [r["id"] for r in db_query(
        db, "SELECT a.id FROM action a JOIN member m ON m.id = a.member_id WHERE a.status "
            "IN ('open','in_progress','wait_member','wait_provider') AND a.priority <= 2 "
            "AND (lower(a.title) LIKE '%certificat%' OR lower(m.name) LIKE '%certificat%')")]
    assert want, "the demo has open actions about certificates"
    s, a = on_top_action(spawn, db)
    s.keys("T")
    s.wait_for("Tag the actions of this list")
    s.type(word + " prio:<=2")
    s.keys("Enter")
    s.wait_for("Tagged %d actions matching \"%s prio:<=2\"" % (len(want), word))
    s.keys(";")
    s.wait_for("tagged: A assign")
    s.keys("c")
    s.wait_for("Note on %d tagged actions" % len(want))
    s.type("Campagne de renouvellement lancée")
    s.keys("^X")
    s.wait_for("Note added to %d actions" % len(want))
    n = db_query(db, "SELECT count(DISTINCT action_id) FROM note WHERE body = "
                     "'Campagne de renouvellement lancée'")[0][0]
    assert n == len(want)
    s.quit()


def test_nothing_tagged_says_how(spawn, db):
    s, a = on_top_action(spawn, db)
    s.keys(";")
    s.wait_for("No action is tagged: t tags one, T those that match")
    s.quit()
