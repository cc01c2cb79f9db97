"""Training sessions from the keyboard: F lists them, a records one in a form (its
day as people type it, topic, service, trainer, place), then its attendees, chosen
by typing among every member's contacts; the session's detail lists them by member,
p and the digits change an attendee's attendance and score (audited old and new),
and the session is on each attending member's timeline, once.  A new team records
its first session on an empty database; a read-only login is refused; TERM=vt100
with LANG=C fits 80 columns in ASCII; a kill -9 in the form keeps what was typed.

The demo may hold sessions of its own: these tests count only theirs."""
import os
import re
import signal
import sqlite3

from conftest import LOGIN, TODAY, db_query, run_cli, start, timeline_text


def leave(s):
    """q until suivi ends (each q closes a screen, the last one quits), status 0."""
    for _ in range(8):
        s.keys("q")
        if s.reap(0.5) is not None:
            break
    assert s.status == 0, "quit: status %r\n%s" % (s.status, s.dump())


def fill(s, label, text):
    s.focus_field(label)
    s.keys("^U")
    s.type(text)
    s.wait_for(text)


def open_sessions(s):
    s.keys("F")
    s.wait_for("Training sessions (")


def new_session(s, topic, trainer_letter=None, trainer="", place="",
                saved="Saved training session #"):
    """The form, saved; the chooser of attendees is then open."""
    s.keys("a")
    s.wait_for("New training session")
    s.wait_for("Day:")
    assert TODAY in s.screen_text(), "the day starts at today\n" + s.dump()
    fill(s, "Topic", topic)
    if trainer_letter:
        s.focus_field("Trainer:")
        s.type(trainer_letter)
    if trainer:
        fill(s, "Trainer name", trainer)
    if place:
        fill(s, "Place", place)
    s.keys("^X")
    s.wait_for(saved)


def add_attendee(s, contact, member):
    """In the chooser: find the contact by name, take it."""
    s.wait_for("Add an attendee")
    s.type(contact)
    s.wait_until(lambda: any(re.search(r"[│|]>" + re.escape(contact), r) for r in s.lines()),
                 "%s selected in the chooser" % contact)
    s.keys("Enter")
    s.wait_for("present at session #")
    s.wait_for("Find:")                    # the chooser again, for the next one


def unique_contacts(db, n):
    """n contacts of n different members, each found alone by its name (and whose
    member is found alone by its name in the members pane's filter)."""
    rows = db_query(db, """
        SELECT c.id, c.name, c.member_id, m.name AS member FROM contact c
        JOIN member m ON m.id = c.member_id
        WHERE NOT c.retired AND length(c.name) >= 8
          AND (SELECT count(*) FROM contact d WHERE instr(lower(d.name), lower(c.name)) > 0) = 1
          AND (SELECT count(*) FROM member o WHERE instr(lower(o.name), lower(m.name)) > 0) = 1
          AND (SELECT count(*) FROM member o WHERE instr(lower(o.name), lower(c.name)) > 0) = 0
        ORDER BY m.sort_key, c.name""")
    out, seen = [], set()
    for r in rows:
        if r["member_id"] not in seen:
            seen.add(r["member_id"])
            out.append(r)
        if len(out) == n:
            break
    assert len(out) == n, "the demo lacks %d such contacts" % n
    return out


def session_lines(s):
    return [r.strip() for r in s.lines()]


def member_timeline(s, name):
    """The main screen's timeline of the member found by name in the members pane."""
    s.keys("1", "/")
    s.type(name)
    s.keys("Enter")
    s.wait_until(lambda: "Timeline — " + name[:20] in s.screen_text(), "the timeline of " + name)
    s.settle(0.3)
    text = timeline_text(s)
    s.keys("/", "^U", "Esc")
    return text


def test_a_session_with_attendees_from_three_members(spawn, db):
    people = unique_contacts(db, 3)
    before = db_query(db, "SELECT coalesce(max(id), 0) FROM training_session")[0][0]
    s = start(spawn, db)
    open_sessions(s)
    new_session(s, "Actes T1", trainer_letter="g", trainer="Jean Martin",
                place="Salle du conseil")
    for p in people:
        add_attendee(s, p["name"], p["member"])
    s.keys("Esc")
    s.wait_for("Training session — Actes T1")
    text = s.screen_text()
    assert "GRETA — Jean Martin" in text and "Salle du conseil" in text, s.dump()
    assert "3 present of 3 registered" in text, s.dump()
    for p in people:                       # by member: its name, then its contact
        _, ym = s.find(p["member"][:30])
        _, yc = s.find(p["name"])
        assert yc == ym + 1 and "present" in s.line(yc), s.dump()
    # The second attendee: a score, then absent; Tab goes member, attendee, member…
    s.keys("Tab", "Tab", "Tab", "Tab")
    s.keys("4")
    s.wait_for("Score 4 recorded")
    s.wait_for("score 4/5")
    s.keys("p")
    s.wait_for("Marked absent")
    s.wait_for("2 present of 3 registered; mean score 4.0")
    assert "absent" in s.line(s.find(people[1]["name"])[1]), s.dump()
    s.keys("G")                                                    # the history
    s.wait_for(people[1]["name"] + ": present → absent")
    s.wait_for(people[1]["name"] + ": score - → 4")
    s.wait_for(people[0]["name"] + " registered: present")
    # The database: one session, three attendees, the audit old → new.
    t = db_query(db, "SELECT * FROM training_session WHERE id > ?", (before,))
    assert len(t) == 1 and t[0]["topic"] == "Actes T1" and t[0]["trainer_kind"] == "greta"
    assert t[0]["held_on"] == TODAY and t[0]["created_by"] == LOGIN
    sid = t[0]["id"]
    att = {r["contact_id"]: r for r in db_query(
        db, "SELECT * FROM training_attendee WHERE session_id = ?", (sid,))}
    assert set(att) == {p["id"] for p in people}
    assert att[people[1]["id"]]["attended"] == 0 and att[people[1]["id"]]["satisfaction"] == 4
    changes = [r["change"] for r in db_query(
        db, "SELECT change FROM audit WHERE entity = 'training' AND entity_id = ? ORDER BY id",
        (sid,))]
    c2 = people[1]["id"]
    assert changes[-2:] == ['{"contact": [%d, %d], "satisfaction": [null, 4]}' % (c2, c2),
                            '{"contact": [%d, %d], "attended": [1, 0]}' % (c2, c2)], changes
    # Enter on an attendee opens their member.
    s.keys("Enter")
    s.wait_for("Member — " + people[1]["member"][:20])
    s.keys("q")
    s.wait_for("Training session — Actes T1")
    s.keys("q")
    s.wait_for("Training sessions (")
    row = [r for r in s.lines() if "Actes T1" in r]
    assert row and "2/3" in row[0] and "4.0" in row[0] and "GRETA" in row[0], s.dump()
    # The filter keeps it, and only what matches.
    s.keys("/")
    s.type("conseil")
    s.wait_for("Actes T1")
    s.keys("Enter")
    # Each member's timeline shows it, once; the second member's, whose only
    # attendee was absent, says so.
    s.keys("q")
    s.wait_for("Timeline")
    for i, p in enumerate(people):
        subject = ("(absent) " if i == 1 else "") + "Training: Actes T1"
        events = db_query(db, "SELECT count(*) FROM interaction WHERE member_id = ? AND"
                              " kind = 'training' AND subject LIKE '%Training: Actes T1'",
                          (p["member_id"],))[0][0]
        assert events == 1, (p["member"], events)
        assert db_query(db, "SELECT count(*) FROM interaction WHERE member_id = ? AND"
                            " subject = ?", (p["member_id"], subject))[0][0] == 1, subject
        text = member_timeline(s, p["member"])
        # At 80 columns the mark leaves little of the topic: the mark is what matters.
        assert text.count("(absent) Training: A" if i == 1 else "Training: Actes T1") == 1, text
        assert ("(absent) Training" in text) == (i == 1), text
    leave(s)


def test_a_new_team_records_its_first_session(spawn, env, tmp_path):
    db = str(tmp_path / "team.db")
    r = run_cli(["init", "--db", db], env)
    assert r.returncode == 0, r.stderr
    s = spawn(db=db)
    s.wait_for("Members")
    open_sessions(s)
    s.wait_for("Training sessions (0)")
    # No member yet, so no contact: said (what to do first), and the session is kept.
    new_session(s, "Prise en main", saved="No member yet: N adds one, then C one of its contacts")
    s.wait_for("Training session — Prise en main")
    s.wait_for("(none: a adds them, from any members)")
    s.keys("q", "q")
    s.wait_for("Timeline")
    # As a new team would: two members, a contact each (N, then C).
    for member, contact in (("Plouguerneau", "Yvon Le Bras"), ("Landéda", "Soizic Tanguy")):
        s.keys("N")
        s.wait_for("New member")
        fill(s, "Name", member)
        s.keys("^X")
        s.wait_for("Saved member #")
        s.wait_gone("New member")
        s.keys("1", "/")
        s.type(member)
        s.keys("Enter")
        s.wait_for("Timeline — " + member)
        s.keys("C")
        s.wait_for("New contact")
        fill(s, "Name", contact)
        s.keys("^X")
        s.wait_for("Saved contact")
        s.keys("/", "^U", "Esc")
    open_sessions(s)
    s.wait_for("Training sessions (1)")
    s.keys("Enter")
    s.wait_for("Training session — Prise en main")
    s.keys("a")
    add_attendee(s, "Yvon Le Bras", "Plouguerneau")
    add_attendee(s, "Soizic Tanguy", "Landéda")
    s.keys("Esc")
    s.wait_for("2 present of 2 registered")
    rows = db_query(db, "SELECT c.name, m.name AS member, x.attended FROM training_attendee x"
                        " JOIN contact c ON c.id = x.contact_id JOIN member m ON m.id = c.member_id"
                        " ORDER BY m.sort_key")
    assert [(r["name"], r["member"], r["attended"]) for r in rows] == \
        [("Soizic Tanguy", "Landéda", 1), ("Yvon Le Bras", "Plouguerneau", 1)]
    assert db_query(db, "SELECT count(*) FROM interaction WHERE kind = 'training'")[0][0] == 2
    leave(s)


def cli_session(db, env, topic, contacts):
    r = run_cli(["--db", db, "training", "add", "--date", "15/11/2026", "--topic", topic,
                 "--kind", "independent", "--trainer", "Marie Le Goff", "--place",
                 "Mediatheque de Lannion, salle des commissions"], env)
    assert r.returncode == 0, r.stderr
    sid = int(re.search(r"#(\d+)", r.stdout).group(1))
    for i, c in enumerate(contacts):
        r = run_cli(["--db", db, "training", "attend", str(sid), str(c), "--score",
                     str(3 + i % 3)], env)
        assert r.returncode == 0, r.stderr
    return sid


def test_a_read_only_login_is_refused(spawn, db, env):
    people = unique_contacts(db, 2)
    sid = cli_session(db, env, "Marches publics", [p["id"] for p in people[:1]])
    con = sqlite3.connect(db)
    con.execute("UPDATE staff SET role = 'readonly' WHERE login = ?", (LOGIN,))
    con.commit()
    con.close()
    mark = db_query(db, "SELECT max(id) FROM audit")[0][0]
    s = start(spawn, db)
    open_sessions(s)
    s.keys("a")
    s.wait_for("Your role is read-only")
    assert "New training session" not in s.screen_text()
    s.keys("/")
    s.type("Marches publics")
    s.keys("Enter")
    s.keys("Enter")
    s.wait_for("Training session — Marches publics")
    s.keys("Tab", "Tab")
    for key in ("a", "p", "5"):
        s.keys(key)
        s.wait_for("Your role is read-only")
        s.keys("^L")
        s.settle(0.2)
    assert "Add an attendee" not in s.screen_text()
    assert db_query(db, "SELECT max(id) FROM audit")[0][0] == mark, "a refused key wrote"
    assert tuple(db_query(db, "SELECT attended, satisfaction FROM training_attendee"
                        " WHERE session_id = ?", (sid,))[0]) == (1, 3)
    leave(s)


def test_vt100_and_lang_c_fit_80_columns_in_ascii(spawn, db, env):
    people = unique_contacts(db, 3)
    cli_session(db, env, "Signature electronique des deliberations et des arretes du maire",
                [p["id"] for p in people])
    s = start(spawn, db, term="vt100", extra_env={"LANG": "C", "LC_ALL": "C"})
    open_sessions(s)
    s.keys("/")                  # the demo may hold sessions of its own, newer
    s.type("signature electronique des deliberations")
    s.keys("Enter")
    s.wait_for("Signature electronique")
    row = [r for r in s.lines() if "Signature electronique" in r][0]
    assert len(row.rstrip()) <= 80 and "3/3" in row and "4.0" in row, s.dump()
    assert "independent" in row and "Mediatheque" in row, s.dump()
    assert all(ord(ch) < 128 for ch in s.screen_text()), s.dump()
    s.keys("Enter")
    s.wait_for("Training session - Signature")      # an ASCII dash
    s.wait_for("3 present of 3 registered; mean score 4.0")
    text = s.screen_text()
    assert all(ord(ch) < 128 for ch in text), "non-ASCII on a vt100 in LANG=C\n" + s.dump()
    assert all(len(r) <= 80 for r in s.lines())
    s.keys("q")
    s.wait_for("Training sessions (")
    s.keys("a")
    s.wait_for("New training session")
    assert all(ord(ch) < 128 for ch in s.screen_text()), s.dump()
    s.keys("Esc")
    leave(s)


def test_kill_9_in_the_form_keeps_what_was_typed(spawn, db, env):
    s = start(spawn, db)
    open_sessions(s)
    s.keys("a")
    s.wait_for("New training session")
    fill(s, "Topic", "Archivage 7c2e")
    fill(s, "Place", "Salle B")
    s.settle(1.6)                          # a pause: the draft is written
    os.kill(s.pid, signal.SIGKILL)
    s.reap(5)
    s = start(spawn, db)
    s.wait_for("unsaved form kept")
    s.keys("D")
    s.wait_for("New training session")
    s.keys("Enter")
    s.wait_for("Archivage 7c2e")
    s.wait_for("Salle B")
    s.keys("^X")
    s.wait_for("Saved training session #")
    s.keys("Esc")
    assert db_query(db, "SELECT count(*) FROM training_session WHERE topic = 'Archivage 7c2e'"
                        " AND place = 'Salle B'")[0][0] == 1
    leave(s)


def test_untrusted_text_of_a_session_is_shown_tamed(spawn, db, env):
    """A topic, trainer, place and contact name holding escapes, bidi overrides and
    control characters: never raw on the terminal, in the list, the detail, the
    chooser or the status line."""
    from test_untrusted import EVIL, check_raw
    people = unique_contacts(db, 1)
    con = sqlite3.connect(db)
    con.execute("UPDATE contact SET name = ? WHERE id = ?", (EVIL + " Anne", people[0]["id"]))
    con.commit()
    con.close()
    r = run_cli(["--db", db, "training", "add", "--date", "2030-01-02", "--topic", EVIL,
                 "--trainer", EVIL, "--place", EVIL], env)
    assert r.returncode == 0, r.stderr
    sid = int(re.search(r"#(\d+)", r.stdout).group(1))
    s = start(spawn, db)
    open_sessions(s)
    s.wait_for("Evil^[")                       # the newest session: first
    s.keys("Enter")
    s.wait_for("Training session — Evil^[[2J")
    s.keys("a")
    s.wait_for("Add an attendee")
    s.type("evil")
    s.wait_for("Evil^[")
    s.keys("Enter")
    s.wait_for("present at session #%d" % sid)
    s.keys("Esc")
    s.wait_for(re.compile(r"Evil\^\[.*Anne.*present"))
    check_raw(s)
    leave(s)
