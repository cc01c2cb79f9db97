"""Untrusted text from the database never reaches the terminal raw."""
import sqlite3

from conftest import db_query

EVIL = "Evil\x1b[2J\x1b]0;pwned\x07\u202eCorp\rX\x08"
# Sequences that can only come from the name, never from ncurses itself.
FORBIDDEN = [b"\x1b[2J\x1b]0;pwned", b"\x1b]0;pwned", b"pwned\x07",
             "\u202e".encode(), b"Corp\rX", b"\x1b[33;44;1mHACK"]


def insert_member(path, name, sort_key, subject=None):
    """A copy of the first member under another name, sorted first; optionally with an
    interaction whose subject is `subject`."""
    con = sqlite3.connect(path)
    try:
        con.row_factory = sqlite3.Row
        row = dict(con.execute("SELECT * FROM member ORDER BY id LIMIT 1").fetchone())
        del row["id"]
        row.update(name=name, sort_key=sort_key, siren=None, parent_id=None)
        cols = ", ".join(row)
        cur = con.execute("INSERT INTO member (%s) VALUES (%s)"
                          % (cols, ", ".join("?" * len(row))), list(row.values()))
        mid = cur.lastrowid
        if subject is not None:
            it = dict(con.execute("SELECT * FROM interaction ORDER BY id LIMIT 1").fetchone())
            del it["id"]
            it.update(member_id=mid, contact_id=None, subject=subject, body=subject,
                      author="evil\x1b[33;44;1mHACK", occurred_at="2026-11-19 08:00:00")
            con.execute("INSERT INTO interaction (%s) VALUES (%s)"
                        % (", ".join(it), ", ".join("?" * len(it))), list(it.values()))
        con.commit()
        return mid
    finally:
        con.close()


def check_raw(s):
    for seq in FORBIDDEN:
        assert seq not in bytes(s.raw), "raw %r reached the terminal" % seq
    assert "pwned" not in (s.screen.title or ""), "window title changed"


def test_escape_and_bidi_in_member_name(spawn, db):
    insert_member(db, EVIL, "aaa evil", subject="Sub\x1b]0;pwned\x07ject\u202e\r\x08!")
    assert db_query(db, "SELECT name FROM member ORDER BY sort_key, id LIMIT 1")[0][0] == EVIL
    s = spawn(db=db)
    s.wait_for("Members")
    s.wait_for("Evil^[")            # ESC in caret notation
    s.settle()
    text = s.screen_text()
    assert "Evil^[[2J" in text, s.dump()
    # The timeline's title has room for the whole name: every control made visible.
    s.wait_for("Timeline — Evil^[[2J^[]0;pwned^G\ufffdCorp^MX^H")
    check_raw(s)
    # The interaction's subject and author (timeline) are shown the same way.
    s.wait_for("Sub^[")
    # Detail views draw the full name and body: open both.
    s.keys("Enter")
    s.wait_for("Member — Evil^[[2J")
    check_raw(s)
    s.keys("q")
    s.wait_gone("Member — ")
    s.keys("2", "Enter")
    s.wait_until(lambda: "Interaction" in s.line(0) and "Sub^[" in s.screen_text(),
                 "the interaction's detail view")
    assert "evil^[[33;44;1mHACK" in s.screen_text(), s.dump()
    check_raw(s)
    s.keys("q")
    s.wait_for("Members")
    s.quit()
    check_raw(s)


def test_invalid_utf8_and_c1_in_name(spawn, db):
    insert_member(db, "Bad\u009b2J\u0085Name\u2066x\u2069", "aaa bad")
    # Invalid UTF-8 straight in the file (the program must not trust what it reads).
    insert_member(db, "placeholder", "aab invalid")
    con = sqlite3.connect(db)
    con.execute("UPDATE member SET name = CAST(X'496e76616c6964ff1b5b33333b34343b316d4841434b'"
                " AS TEXT) WHERE sort_key = 'aab invalid'")
    con.commit()
    con.close()
    s = spawn(db=db)
    s.wait_for("Members")
    s.wait_for("Bad")
    s.wait_for("Invalid")
    s.settle()
    raw = bytes(s.raw)
    for seq in (b"\xc2\x9b", b"\xc2\x85", "\u2066".encode(), "\u2069".encode(),
                b"\xff", b"\x1b[33;44;1mHACK"):
        assert seq not in raw, "raw %r reached the terminal" % seq
    assert "Invalid\ufffd^[" in s.screen_text(), s.dump()
    s.quit()


def test_filter_shows_the_match_in_a_huge_name(spawn, db):
    """A name of 30,000 characters (written by another program): a filter that matches
    it only at its end shows the name from the match on.  (What it costs per key is
    a figure of `make bench`, not a pass/fail here.)"""
    insert_member(db, "Long" + "\u00e9" * 30000 + " zzq", "long" + "e" * 30000 + " zzq")
    s = spawn(db=db)
    s.wait_for("Members")
    s.keys("/")
    s.type("zzq")
    s.wait_for("/zzq_", timeout=60)
    s.wait_for("\u2026zzq ", timeout=60)   # shown from the match on
    s.keys("Esc")
    s.quit()
