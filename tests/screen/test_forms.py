"""Writing through the keys: a new interaction, an action from it, a status change —
each visible on the screen and in the database (with its audit row)."""
import os
import re

from conftest import LOGIN, TODAY, db_query, first_member, start

INTERACTION_LABELS = ["When", "Kind", "Pôle", "Contact", "Subject", "Body"]
ACTION_LABELS = ["Member", "Title", "Description", "Assignee", "Pôle", "Priority", "Due"]
STATUS_ITEMS = ["open", "in progress", "waiting on member", "waiting on provider",
                "done", "cancelled"]


def editor_calls(env):
    path = env["SUIVI_TEST_EDITOR_LOG"]
    if not os.path.exists(path):
        return 0
    with open(path) as f:
        return len(f.readlines())


def edit_long_text(s, env, label):
    """Open the long-text field in the (fake) editor and wait for the form to return."""
    n = editor_calls(env)
    s.focus_field(label)
    s.keys("^O")
    s.wait_until(lambda: editor_calls(env) > n, "the editor to run for %s" % label)
    s.wait_for(label)


def new_interaction(s, env, subject):
    s.keys("i")
    s.wait_for("New interaction")
    for label in INTERACTION_LABELS:
        assert label in s.screen_text(), "label %r missing\n%s" % (label, s.dump())
    assert "2026-11-20 11:00" in s.screen_text(), "When: now in Paris time\n" + s.dump()
    s.focus_field("Subject")
    s.type(subject)
    s.wait_for(subject)
    edit_long_text(s, env, "Body")
    s.keys("^X")
    s.wait_for("Saved interaction #")
    s.wait_gone("New interaction")
    s.wait_for(subject)


def test_new_interaction(spawn, db, env):
    s = start(spawn, db)
    member = first_member(db)
    subject = "Certif expiré 7f3a"   # fits the subject column at 80x24
    new_interaction(s, env, subject)
    # On screen: the newest interaction is the first row of the timeline.
    tx, ty = s.find("Timeline")
    _, ay = s.find("Actions")
    rows = [r for r in s.region(tx - 2, ty + 1, s.screen.columns, ay)
            if r.strip(" │|─-+")]
    # The first row of the pane (a column header may come before it).
    assert any(subject[:20] in r for r in rows[:2]), \
        "new interaction not at the top of the timeline\n" + s.dump()
    rows = db_query(db, "SELECT * FROM interaction WHERE subject = ?", (subject,))
    assert len(rows) == 1
    it = rows[0]
    assert it["member_id"] == member["id"]
    assert it["author"] == LOGIN
    assert (it["body"] or "").strip() == env["SUIVI_TEST_EDITOR_TEXT"]
    # When: prefilled with now ($SUIVI_NOW is UTC; the form shows Paris time).
    assert it["occurred_at"].startswith("2026-11-20 10:00"), it["occurred_at"]
    audit = db_query(db, "SELECT * FROM audit WHERE entity = 'interaction' AND entity_id = ?",
                     (it["id"],))
    assert audit and audit[0]["login"] == LOGIN
    s.quit()


def test_form_keeps_values_on_error(spawn, db, env):
    """Saving without the required subject shows a message on the form and keeps it
    open; typing the subject then saves."""
    s = start(spawn, db)
    s.keys("i")
    s.wait_for("New interaction")
    s.keys("^X")
    s.wait_for(re.compile(r"Subject\W+required", re.I))
    assert "New interaction" in s.screen_text(), "form closed on an error\n" + s.dump()
    assert db_query(db, "SELECT count(*) FROM interaction WHERE subject = ''")[0][0] == 0
    s.focus_field("Subject")
    s.type("Second try")
    s.keys("^X")
    s.wait_for("Saved interaction #")
    s.wait_gone("New interaction")
    assert db_query(db, "SELECT count(*) FROM interaction WHERE subject = 'Second try'")[0][0] == 1
    s.quit()


def test_new_action_from_interaction(spawn, db, env):
    s = start(spawn, db)
    member = first_member(db)
    subject = "Parapheur KO 9c1d"
    new_interaction(s, env, subject)
    it = db_query(db, "SELECT id FROM interaction WHERE subject = ?", (subject,))[0]
    s.keys("2", "g")            # timeline pane, newest interaction
    s.settle()
    s.keys("a")
    s.wait_for("New action")
    for label in ACTION_LABELS:
        assert label in s.screen_text(), "label %r missing\n%s" % (label, s.dump())
    # Prefilled from the interaction: the member, its subject as title, due in 7 days.
    text = s.screen_text()
    assert member["name"][:15] in text, s.dump()
    assert subject in text, "title not prefilled from the subject\n" + s.dump()
    assert "2026-11-27" in text, "due date not prefilled (today + 7)\n" + s.dump()
    title = "DGS 9c1d"     # fits the title column at 80x24
    s.focus_field("Title")
    s.keys("^U")
    s.type(title)
    s.wait_for(title)
    edit_long_text(s, env, "Description")
    s.keys("^X")
    s.wait_for("Saved action #")
    s.wait_gone("New action")
    rows = db_query(db, "SELECT * FROM action WHERE title = ?", (title,))
    assert len(rows) == 1, s.dump()
    a = rows[0]
    assert a["interaction_id"] == it["id"]
    assert a["member_id"] == member["id"]
    assert a["status"] == "open" and a["closed_at"] is None
    assert a["due"] == "2026-11-27" and a["priority"] == 3
    assert a["created_by"] == LOGIN
    assert (a["description"] or "").strip() == env["SUIVI_TEST_EDITOR_TEXT"]
    assert db_query(db, "SELECT count(*) FROM audit WHERE entity = 'action' AND entity_id = ?",
                    (a["id"],))[0][0] >= 1
    # On screen: in this member's actions (v: open queue -> member -> mine).
    s.keys("v")
    s.wait_for("Actions — " + member["name"][:10])
    s.wait_for(title)
    s.quit()


def test_due_dates_typed_as_people_say_them(spawn, db):
    """A due date in French: a day that does not exist is refused naming it, the form
    keeps what was typed; "mardi" is next Tuesday (today, 2026-11-20, is a Friday)."""
    s = start(spawn, db)
    s.keys("3", "a")
    s.wait_for("New action")
    s.focus_field("Title")
    s.type("Relancer 5e2a")
    s.focus_field("Due")
    s.keys("^U")
    s.type("31/11")
    s.keys("^X")
    s.wait_for("31/11: no such day")
    assert "New action" in s.screen_text() and "31/11" in s.screen_text(), s.dump()
    s.keys("^U")
    s.type("mardi")
    s.keys("^X")
    s.wait_for("Saved action #")
    rows = db_query(db, "SELECT due FROM action WHERE title = 'Relancer 5e2a'")
    assert [r["due"] for r in rows] == ["2026-11-24"], s.dump()
    s.quit()


def test_when_typed_as_people_say_it(spawn, db):
    """"hier 17h30" in When: yesterday at 17:30 in Paris, stored in UTC."""
    s = start(spawn, db)
    s.keys("i")
    s.wait_for("New interaction")
    s.keys("^U")
    s.type("hier 17h30")
    s.focus_field("Subject")
    s.type("Rappel 7f3b")
    s.keys("^X")
    s.wait_for("Saved interaction #")
    rows = db_query(db, "SELECT occurred_at FROM interaction WHERE subject = 'Rappel 7f3b'")
    assert [r["occurred_at"] for r in rows] == ["2026-11-19 16:30:00"], s.dump()
    s.quit()


def test_a_new_action_is_due_by_the_sla_in_working_days(spawn, db, tmp_path):
    """[sla] P3 = 2d: a new action (P3) made on Friday 2026-11-20 is due Tuesday the
    24th, the weekend not counted."""
    cfg = tmp_path / "sla.ini"
    cfg.write_text("[sla]\nP3 = 2d\n")
    s = start(spawn, db, args=["--config", str(cfg)])
    s.keys("3", "a")
    s.wait_for("New action")
    s.wait_for("2026-11-24")
    s.focus_field("Title")
    s.type("Selon le SLA 3c9d")
    s.keys("^X")
    s.wait_for("Saved action #")
    assert db_query(db, "SELECT due FROM action WHERE title = 'Selon le SLA 3c9d'")[0][0] == \
        "2026-11-24"
    s.quit()


def first_in_queue(db):
    """The action at the top of the open queue: overdue first, then priority, due, id."""
    return db_query(db, "SELECT * FROM action WHERE status IN ('open','in_progress',"
                        "'wait_member','wait_provider') ORDER BY coalesce(due < ?, 0) DESC, priority, "
                        "due IS NULL, due, id LIMIT 1", (TODAY,))[0]


def test_status_change(spawn, db):
    s = start(spawn, db)
    before = first_in_queue(db)
    n = before["id"]
    s.keys("3", "g")
    s.settle()
    s.keys("s")
    s.wait_for("cancelled")
    for item in STATUS_ITEMS:
        assert item in s.screen_text(), "menu lacks %r\n%s" % (item, s.dump())
    menu = s.screen_text()
    s.keys("g", "j", "j", "j", "j")      # first item, then down to "done"
    s.settle()
    _, y = s.find(">done") or (None, None)
    assert y is not None and s.highlighted(y, *_span(s.line(y), "done")), \
        "done not selected\n" + s.dump()
    s.keys("Enter")
    s.wait_gone("cancelled")
    # Closing asks how it ended: saving without a resolution keeps the form.
    s.wait_for("Resolution")
    assert "Action #%d:" % n in s.screen_text(), "form title names the action\n" + s.dump()
    s.keys("^X")
    s.wait_for("required to close")
    assert db_query(db, "SELECT status FROM action WHERE id = ?", (n,))[0][0] == \
        before["status"], "closed without a resolution"
    s.type("Certificat renouvelé")
    s.keys("Enter")
    s.type("et installé.")
    s.keys("^X")
    s.wait_gone("Resolution")
    # On screen: the status line names the action (the write is done by then).
    s.wait_until(lambda: "#%d" % n in s.line(s.screen.lines - 1), "a message naming #%d" % n)
    after = db_query(db, "SELECT * FROM action WHERE id = ?", (n,))[0]
    assert after["status"] == "done", dict(after)
    assert after["closed_at"] is not None
    assert after["version"] == before["version"] + 1
    assert after["resolution"] == "Certificat renouvelé\net installé.", dict(after)
    note = db_query(db, "SELECT * FROM note WHERE action_id = ? ORDER BY id DESC LIMIT 1", (n,))
    assert note and note[0]["body"] == after["resolution"] and note[0]["status_to"] == "done" \
        and note[0]["status_from"] == before["status"] and note[0]["visibility"] == "internal"
    audit = db_query(db, "SELECT * FROM audit WHERE entity = 'action' AND entity_id = ? "
                         "ORDER BY id DESC LIMIT 1", (n,))
    assert audit and "done" in audit[0]["change"] and audit[0]["login"] == LOGIN, \
        [dict(r) for r in audit]
    s.quit()
    # The menu's title names the action it changes.
    assert "Status of action #%d" % n in menu, "menu title\n" + menu


def _span(row, word):
    x = row.find(word)
    return x, x + len(word)


def test_two_sessions_write_the_same_file(spawn, db, env):
    a = start(spawn, db)
    b = start(spawn, db)
    # b opens its form before a writes, and saves after.
    b.keys("i")
    b.wait_for("New interaction")
    new_interaction(a, env, "Written by session A")
    b.focus_field("Subject")
    b.type("Written by session B")
    b.keys("^X")
    b.wait_for("Saved interaction #")
    b.wait_gone("New interaction")
    b.wait_for("Written by session B")
    new_interaction(a, env, "Second from A")
    for subj in ("Written by session A", "Written by session B", "Second from A"):
        assert db_query(db, "SELECT count(*) FROM interaction WHERE subject = ?",
                        (subj,))[0][0] == 1, subj
    assert "rror" not in a.line(a.screen.lines - 1) + b.line(b.screen.lines - 1)
    a.quit()
    b.quit()


def luhn_ok(digits):
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def test_new_member_with_siren_check(spawn, db):
    s = start(spawn, db)
    s.keys("N")
    s.wait_for("New member")
    for label in ("Name", "Kind", "Status", "SIREN", "Département"):
        assert label in s.screen_text(), "label %r missing\n%s" % (label, s.dump())
    s.type("Aaa Commune Test")
    s.focus_field("SIREN")
    bad = "253514492"                       # the syndicate's SIREN with a wrong last digit
    assert not luhn_ok(bad) and luhn_ok("253514491")
    s.type(bad)
    s.keys("^X")
    s.wait_until(lambda: "New member" in s.screen_text() and
                 re.search(r"SIREN.*(invalid|check|Luhn)", s.screen_text(), re.I | re.S),
                 "a SIREN error on the form")
    assert "Aaa Commune Test" in s.screen_text(), "typed name lost\n" + s.dump()
    assert db_query(db, "SELECT count(*) FROM member WHERE name = 'Aaa Commune Test'")[0][0] == 0
    s.focus_field("SIREN")
    s.keys("^U")
    s.type("253514491")
    s.keys("^X")
    s.wait_for("Saved member #")
    s.wait_gone("New member")
    rows = db_query(db, "SELECT * FROM member WHERE name = 'Aaa Commune Test'")
    assert len(rows) == 1 and rows[0]["siren"] == "253514491", [dict(r) for r in rows]
    assert rows[0]["sort_key"] == "aaa commune test"
    assert db_query(db, "SELECT login FROM audit WHERE entity = 'member' AND entity_id = ?",
                    (rows[0]["id"],))[0][0] == LOGIN
    # It sorts first: the top of the members pane.
    s.keys("1", "g")
    s.wait_for("Timeline — Aaa Commune Test")
    s.quit()


def test_edit_interaction(spawn, db):
    s = start(spawn, db)
    member = first_member(db)
    it = db_query(db, "SELECT * FROM interaction WHERE member_id = ? "
                      "ORDER BY occurred_at DESC, id DESC LIMIT 1", (member["id"],))[0]
    s.keys("2", "g", "e")
    s.wait_for("Edit interaction")
    assert it["subject"][:30] in s.screen_text(), s.dump()
    s.focus_field("Subject")
    s.keys("^U")
    s.type("Edited 1a2b")
    s.keys("^X")
    s.wait_for(re.compile(r"Saved interaction #%d" % it["id"]))
    s.wait_for("Edited 1a2b")
    after = db_query(db, "SELECT * FROM interaction WHERE id = ?", (it["id"],))[0]
    assert after["subject"] == "Edited 1a2b"
    assert after["version"] == it["version"] + 1
    assert after["body"] == it["body"], "the body changed though it was not edited"
    audit = db_query(db, "SELECT change FROM audit WHERE entity = 'interaction' "
                         "AND entity_id = ? ORDER BY id DESC LIMIT 1", (it["id"],))[0][0]
    assert "subject" in audit, audit
    s.quit()


def test_cancel_asks_when_something_was_typed(spawn, db):
    s = start(spawn, db)
    s.keys("i")
    s.wait_for("New interaction")
    s.focus_field("Subject")
    s.type("Not to be saved")
    s.keys("Esc")
    s.wait_until(lambda: re.search(r"\?", s.line(s.screen.lines - 1)) or
                 re.search(r"(discard|lose|cancel).*\?", s.screen_text(), re.I),
                 "a question before losing the typing")
    s.keys("n")
    s.settle()
    assert "Not to be saved" in s.screen_text(), "answering n lost the form\n" + s.dump()
    s.keys("Esc")
    s.settle()
    s.keys("y")
    s.wait_gone("New interaction")
    assert db_query(db, "SELECT count(*) FROM interaction WHERE subject = 'Not to be saved'"
                    )[0][0] == 0
    s.quit()
