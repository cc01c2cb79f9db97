"""Keys as terminals really send them, decoded by the program itself (keydec.c):
page and editing keys that terminfo does not know (TERM=vt100), bytes that are not
valid in the locale, bracketed paste, typing in multi-line fields, the size taken
from the terminal rather than LINES/COLUMNS, and the usual terminal types.

Every check is on the screen or in the database; none depends on speed."""
import os
import re

import pytest

from conftest import FAKE_EDITOR, TODAY, db_query, first_member, fold, key_bytes, \
    pane_split, start

ESC = b"\033"
PASTE_ON, PASTE_OFF = ESC + b"[200~", ESC + b"[201~"
# The bytes real terminals send, whatever TERM's terminfo says: the vt220/xterm/PuTTY
# CSI forms, xterm's CSI and SS3 Home/End, rxvt's 7~/8~.
PGDN, PGUP, DELETE = ESC + b"[6~", ESC + b"[5~", ESC + b"[3~"
HOMES = [ESC + b"[1~", ESC + b"[H", ESC + b"OH", ESC + b"[7~"]
ENDS = [ESC + b"[4~", ESC + b"[F", ESC + b"OF", ESC + b"[8~"]
UNKNOWN = ESC + b"[99z"
C_LOCALE = {"LANG": "C", "LC_ALL": "C"}


def send(s, data):
    os.write(s.fd, data)


def paste(s, data):
    send(s, PASTE_ON + data + PASTE_OFF)


def status_line(s):
    return s.line(s.screen.lines - 1)


# ---- the database --------------------------------------------------------------------------
def members(db):
    return [r["name"] for r in db_query(db, "SELECT name FROM member ORDER BY sort_key, id")]


def member_named(db, name):
    return db_query(db, "SELECT * FROM member WHERE name = ?", (name,))[0]


def open_queue(db):
    """Action ids in the open queue's order: overdue first, then priority, due date
    (none last: due_key), id."""
    return [r[0] for r in db_query(
        db, "SELECT id FROM action WHERE status IN ('open','in_progress','wait_member',"
            "'wait_provider') ORDER BY due_key < ? DESC, priority, due_key, id", (TODAY,))]


def newest_interaction(db, member_id):
    return db_query(db, "SELECT * FROM interaction WHERE member_id = ? ORDER BY id DESC "
                        "LIMIT 1", (member_id,))[0]


# ---- the panes -----------------------------------------------------------------------------
def timeline_of(s):
    """The member the timeline's title names (" - " instead of " — " in LANG=C)."""
    pos = s.find("Timeline")
    m = pos and re.search(r"Timeline (?:—|-) (.+?)\s*$", s.line(pos[1]))
    return m.group(1) if m else ""


def shows_member(s, name):
    """The timeline is the member's (compared without accents: LANG=C drops them)."""
    return fold(timeline_of(s))[:20] == fold(name)[:20]


def pane_rows(s, pane):
    """(first row, end row, x0, x1) of the list rows of "members" or "actions"."""
    split = pane_split(s)
    end = s.screen.lines - 1                     # the status line
    if pane == "members":
        return s.find("Members")[1] + 1, end, 0, split
    return s.find("Actions")[1] + 1, end, split + 1, s.screen.columns


def highlighted_rows(s, pane):
    y0, y1, x0, x1 = pane_rows(s, pane)
    return [y for y in range(y0, y1) if s.highlighted(y, x0 + 1, x1 - 1)]


def pane_text(s, pane):
    y0, y1, x0, x1 = pane_rows(s, pane)
    return s.region(x0, y0, x1, y1)


def pane_state(s, pane):
    """What a move changes: the rows shown, the highlighted one, the timeline."""
    return pane_text(s, pane), highlighted_rows(s, pane), timeline_of(s)


def assert_no_debris(s, rows, where):
    """No piece of a key sequence (`6~`, `1~`, `[H`) in these rows: the demo's texts
    hold no '~' nor '[' (and the ellipsis is '…' in a UTF-8 locale)."""
    text = "\n".join(rows)
    assert "~" not in text and "[" not in text, \
        "pieces of a key sequence in the %s\n%s" % (where, s.dump())


# ---- forms ---------------------------------------------------------------------------------
def form_row(s, label):
    pos = s.find(label + ":")
    assert pos, "no field %r on the screen\n%s" % (label, s.dump())
    return pos[1]


def field_rows(s, label, n=1):
    """The values shown for a field: its row and the n-1 rows under it (multi-line)."""
    pos = s.find(label + ":")
    if not pos:
        return None
    x, y = pos[0] + len(label) + 1, pos[1]
    return [re.split(r"[│|]", s.line(y + i)[x:])[0].strip() for i in range(n)]


def field_text(s, label):
    rows = field_rows(s, label)
    return rows and rows[0]


def form_box(s, title):
    """(top, bottom) rows of a form's box: its title and its row of key hints."""
    return s.find(title)[1], s.find("^X save")[1]


def said_in_box(s, box, pattern):
    top, bottom = box
    return re.search(pattern, "\n".join(s.line(y) for y in range(top + 1, bottom)))


def open_new_interaction(s):
    s.keys("i")
    s.wait_for("New interaction")
    s.focus_field("Subject")
    return form_box(s, "New interaction")


def save_form(s, saved):
    s.keys("^X")
    s.wait_for(saved)


# ---- 1. page and editing keys, whatever terminfo says --------------------------------------

def test_vt100_page_keys_in_the_members_pane(spawn, db):
    """TERM=vt100 has no PgDn/PgUp/Home/End in terminfo: the bytes terminals send for
    them still move the selection, exactly as ^F, ^B, g and G do."""
    s = start(spawn, db, term="vt100")
    names = members(db)
    s.wait_until(lambda: shows_member(s, names[0]), "the first member selected")
    top = pane_state(s, "members")
    assert top[1] == [pane_rows(s, "members")[0]], "first row not highlighted\n" + s.dump()
    s.keys("^F")
    s.wait_until(lambda: not shows_member(s, names[0]), "^F to move a page")
    paged = pane_state(s, "members")
    assert len(paged[1]) == 1 and paged[2][:12] in s.line(paged[1][0]), \
        "the highlighted row is not the member the timeline shows\n" + s.dump()
    s.keys("g")
    s.wait_until(lambda: pane_state(s, "members") == top, "g back to the top")
    send(s, PGDN)
    s.wait_until(lambda: pane_state(s, "members") == paged, "ESC [ 6 ~ to page down as ^F")
    send(s, PGUP)
    s.wait_until(lambda: pane_state(s, "members") == top, "ESC [ 5 ~ to page back up")
    for home, end in zip(HOMES, ENDS):
        send(s, end)
        s.wait_until(lambda: shows_member(s, names[-1]), "%r to the last member" % end)
        y = highlighted_rows(s, "members")
        assert len(y) == 1 and names[-1][:12] in s.line(y[0]), \
            "%r: the last member is not the highlighted row\n%s" % (end, s.dump())
        send(s, home)
        s.wait_until(lambda: pane_state(s, "members") == top, "%r back to the top" % home)
    assert_no_debris(s, pane_text(s, "members"), "members pane")
    s.quit()


def open_selected_action(s):
    """Enter on the actions pane: the number of the action it opens; back with q."""
    s.keys("Enter")
    s.wait_for(re.compile(r"Action #\d+ —"))
    n = int(re.search(r"Action #(\d+) —", s.screen_text()).group(1))
    s.keys("q")
    s.wait_gone("Action #%d —" % n)
    s.wait_for("Actions — open queue")
    return n


def test_vt100_page_keys_in_the_actions_pane(spawn, db):
    s = start(spawn, db, term="vt100")
    queue = open_queue(db)
    s.keys("3")
    s.wait_until(lambda: highlighted_rows(s, "actions") == [pane_rows(s, "actions")[0]],
                 "the first action highlighted in the focused actions pane")
    assert open_selected_action(s) == queue[0], "not the queue order the test expects"
    top = pane_state(s, "actions")
    s.keys("^F")
    s.wait_until(lambda: pane_state(s, "actions") != top, "^F to move a page")
    paged = pane_state(s, "actions")
    paged_id = open_selected_action(s)
    assert paged_id in queue[1:], "^F did not move down the queue"
    s.keys("g")
    s.wait_until(lambda: pane_state(s, "actions") == top, "g back to the top")
    send(s, PGDN)
    s.wait_until(lambda: pane_state(s, "actions") == paged, "ESC [ 6 ~ to page down as ^F")
    assert open_selected_action(s) == paged_id
    send(s, PGUP)
    s.wait_until(lambda: pane_state(s, "actions") == top, "ESC [ 5 ~ to page back up")
    for home, end in zip(HOMES, ENDS):
        send(s, end)
        s.wait_until(lambda: highlighted_rows(s, "actions") == [pane_rows(s, "actions")[1] - 1],
                     "%r to highlight the bottom row of the pane" % end)
        assert open_selected_action(s) == queue[-1], "%r: not the last action" % end
        send(s, home)
        s.wait_until(lambda: pane_state(s, "actions") == top, "%r back to the top" % home)
    assert open_selected_action(s) == queue[0]
    assert shows_member(s, members(db)[0]), "the members pane moved\n" + s.dump()
    assert_no_debris(s, pane_text(s, "actions"), "actions pane")
    s.quit()


def test_vt100_editing_keys_in_a_one_line_field(spawn, db):
    """Home and End (every family), Delete, and keys that mean nothing in a field (PgDn,
    PgUp, an unknown sequence): the cursor moves, nothing like `6~` is typed."""
    s = start(spawn, db, term="vt100")
    member = first_member(db)
    box = open_new_interaction(s)
    left = key_bytes("vt100", "Left")
    steps = [                                     # (bytes sent, the value after them)
        (b"world", "world"),
        (HOMES[0] + b"A", "Aworld"),
        (ENDS[0] + b"B", "AworldB"),
        (HOMES[1] + b"C", "CAworldB"),
        (ENDS[1] + b"D", "CAworldBD"),
        (HOMES[2] + b"E", "ECAworldBD"),
        (ENDS[2] + b"F", "ECAworldBDF"),
        (PGDN + PGUP + b"G", "ECAworldBDFG"),
        (UNKNOWN + b"H", "ECAworldBDFGH"),
        (HOMES[3] + DELETE, "CAworldBDFGH"),      # Delete at the start: the first one
        (DELETE, "AworldBDFGH"),
        (ENDS[3] + left + left + DELETE, "AworldBDFH"),   # under the cursor: the G
    ]
    for data, value in steps:
        send(s, data)
        s.wait_until(lambda: field_text(s, "Subject") == value,
                     "Subject to read %r after %r" % (value, data))
    assert_no_debris(s, s.lines()[box[0]:box[1] + 1], "form")
    save_form(s, "Saved interaction #")
    assert newest_interaction(db, member["id"])["subject"] == "AworldBDFH"
    s.quit()


def test_unknown_and_overlong_sequences_type_nothing(spawn, db):
    """Sequences that are no key, alone, by the hundred in one read, or longer than
    the decoder holds: swallowed whole, and the text after them lands."""
    s = start(spawn, db)
    member = first_member(db)
    box = open_new_interaction(s)
    s.type("a")
    f13 = ESC + b"[25~"                           # a key the program does not know
    send(s, UNKNOWN + b"b" + f13 * 120 + b"c" + ESC + b"[" + b"1;" * 200 + b"2z" + b"d")
    s.wait_until(lambda: field_text(s, "Subject") == "abcd", "only the text typed")
    assert_no_debris(s, s.lines()[box[0]:box[1] + 1], "form")
    save_form(s, "Saved interaction #")
    assert newest_interaction(db, member["id"])["subject"] == "abcd"
    s.quit()


# ---- 2 and 3. bytes that are not valid in the locale ---------------------------------------

def test_latin1_byte_in_a_utf8_locale_is_ignored_and_keys_go_on(spawn, db):
    """é from a Latin-1 terminal (0xE9) under a UTF-8 locale: one ignored byte, said
    on the form; every later key works (the old bug: all of them were lost)."""
    s = start(spawn, db)
    names = members(db)
    send(s, b"\xe9")                              # on the main screen: said, then j works
    s.wait_until(lambda: "Ignored" in status_line(s), "the status line to say it")
    s.keys("j")
    s.wait_until(lambda: shows_member(s, names[1]), "j to work after the bad byte")
    box = open_new_interaction(s)
    s.type("caf")
    s.wait_until(lambda: field_text(s, "Subject") == "caf", "caf typed")
    send(s, b"\xe9")                              # alone: it might start a character
    s.wait_until(lambda: said_in_box(s, box, r"[Ii]gnored.*\bE9\b"),
                 "the form to say E9 was ignored")
    s.type("e ok")
    s.wait_until(lambda: field_text(s, "Subject") == "cafe ok", "typing after the bad byte")
    # Bad bytes followed at once by text: decoding starts again right after them.
    for bad in (b"\xe9", b"\xc3", b"\xff", b"\xed\xa0\x80", b"\x9b"):
        send(s, bad + b"!")
    s.wait_until(lambda: field_text(s, "Subject") == "cafe ok!!!!!", "each ! after a bad byte")
    save_form(s, "Saved interaction #")
    s.wait_gone("New interaction")
    subject = newest_interaction(db, member_named(db, names[1])["id"])["subject"]
    assert subject == "cafe ok!!!!!", repr(subject)
    # Said on the form only: once the form is gone the status line does not say it.
    box = open_new_interaction(s)
    send(s, b"\xe9" + UNKNOWN)                   # ends the bad byte, types nothing
    s.wait_until(lambda: said_in_box(s, box, r"[Ii]gnored.*\bE9\b"), "the form to say it")
    s.keys("Esc")                                 # nothing typed: it closes at once
    s.wait_until(lambda: "New interaction" not in s.screen_text()
                 and "overdue" in status_line(s), "Esc to close the form")
    assert "Ignored" not in status_line(s), "a stale message\n" + s.dump()
    s.quit()


def test_c_locale_starts_and_refuses_high_bytes(spawn, db):
    """LANG=C: the program starts (ASCII lines), keys work, and every byte >= 0x80 is
    refused as under UTF-8."""
    s = start(spawn, db, extra_env=C_LOCALE)
    names = members(db)
    assert "│" not in s.screen_text() and "|" in s.screen_text(), s.dump()
    s.keys("j")
    s.wait_until(lambda: shows_member(s, names[1]), "j to move in LANG=C")
    send(s, b"\xe9")
    s.wait_until(lambda: "Ignored" in status_line(s), "the status line to say it")
    box = open_new_interaction(s)
    s.type("abc")
    send(s, "é".encode())                         # UTF-8 from the terminal: two bad bytes
    s.wait_until(lambda: said_in_box(s, box, r"[Ii]gnored.*\bA9\b"), "the form to refuse them")
    s.type("d")
    s.wait_until(lambda: field_text(s, "Subject") == "abcd", "typing after the bad bytes")
    save_form(s, "Saved interaction #")
    assert newest_interaction(db, member_named(db, names[1])["id"])["subject"] == "abcd"
    s.quit()


def test_c_locale_is_said_at_start(spawn, db):
    s = start(spawn, db, extra_env=C_LOCALE)
    s.wait_until(lambda: "UTF-8" in status_line(s), "the locale message on the status line")
    s.quit()


# ---- 4. bracketed paste ----------------------------------------------------------------------

def test_paste_into_a_form_is_text(spawn, db):
    s = start(spawn, db)
    assert b"\033[?2004h" in s.raw, "bracketed paste not turned on at start"
    member = first_member(db)
    s.keys("i")
    s.wait_for("New interaction")
    paste(s, ESC)                                 # a real Esc closes an untouched form
    s.focus_field("Subject")                      # (Tab would move the panes then)
    paste(s, b"a" + ESC + b"b")
    s.wait_until(lambda: field_text(s, "Subject") == "ab", "the paste typed, not its ESC")
    # One line: pasted new lines and TABs are blanks, not "next field".
    paste(s, b" one\r\ntwo\tthree\rfour\nfive")
    s.wait_until(lambda: field_text(s, "Subject") == "ab one two three four five",
                 "new lines pasted as blanks")
    assert "Discard" not in s.screen_text(), "a pasted ESC asked to cancel\n" + s.dump()
    assert s.cursor()[1] == form_row(s, "Subject"), "the paste left the field\n" + s.dump()
    s.focus_field("Body")
    paste(s, b"first line\r\nsecond line")
    s.wait_until(lambda: field_rows(s, "Body", 2) == ["first line", "second line"],
                 "both pasted lines in Body")
    assert "New interaction" in s.screen_text(), "the pasted new line saved the form"
    assert s.cursor()[1] == form_row(s, "Body") + 1, "the cursor is not after the paste"
    save_form(s, "Saved interaction #")
    it = newest_interaction(db, member["id"])
    assert it["subject"] == "ab one two three four five", repr(it["subject"])
    assert it["body"] == "first line\nsecond line", repr(it["body"])
    s.quit()
    assert s.raw.rfind(b"\033[?2004l") > s.raw.rfind(b"\033[?2004h"), \
        "bracketed paste left on at exit"


def test_paste_on_the_main_screen_runs_no_command(spawn, db):
    s = start(spawn, db)
    names = members(db)
    paste(s, b"qqqNi3\r")                        # quit, new member, new interaction...
    s.wait_until(lambda: "paste" in status_line(s).lower(),
                 "the status line to say the paste was not run")
    s.keys("j")                                   # still running, still the members pane
    s.wait_until(lambda: shows_member(s, names[1]), "j after the paste")
    text = s.screen_text()
    assert "New member" not in text and "New interaction" not in text, s.dump()
    s.quit()


# ---- 5. typing in a multi-line field ----------------------------------------------------------

def open_new_action(s, title):
    s.keys("1", "a")                              # on the members pane: for the member
    s.wait_for("New action")
    s.focus_field("Title")
    s.type(title)
    s.wait_until(lambda: field_text(s, "Title") == title, "the title typed")
    s.focus_field("Description")


def test_typing_in_a_description(spawn, db):
    """Two lines typed with Enter; Up/Down/Left/Right/Home/End move inside the text,
    Backspace at the start of a line joins it to the one above, Delete erases under
    the cursor: what is saved is what the screen showed."""
    s = start(spawn, db)
    member = first_member(db)
    open_new_action(s, "Typed 5a")
    steps = [                                     # (keys, "t:" text typed; rows after)
        (["t:abc", "Enter", "t:def"], ["abc", "def"]),
        (["Up", "t:X"], ["abcX", "def"]),
        (["Home", "t:<", "End", "t:>"], ["<abcX>", "def"]),
        (["Down", "t:Y"], ["<abcX>", "defY"]),             # its column is past "def"
        (["Left", "Left", "t:-", "Right", "t:+"], ["<abcX>", "de-f+Y"]),
        (["Home", "Backspace"], ["<abcX>de-f+Y", ""]),     # joins the two lines
        (["Enter", "Delete"], ["<abcX>", "e-f+Y"]),        # splits again; erases the d
    ]
    for keys, want in steps:
        for k in keys:
            if k.startswith("t:"):
                s.type(k[2:])
            else:
                s.keys(k)
        s.wait_until(lambda: field_rows(s, "Description", 2) == want,
                     "Description to read %r after %r" % (want, keys))
    assert "New action" in s.screen_text()
    save_form(s, "Saved action #")
    rows = db_query(db, "SELECT * FROM action WHERE title = 'Typed 5a'")
    assert len(rows) == 1 and rows[0]["member_id"] == member["id"], [dict(r) for r in rows]
    assert rows[0]["description"] == "<abcX>\ne-f+Y", repr(rows[0]["description"])
    s.quit()


def test_up_and_down_keep_their_column_through_a_short_line(spawn, db):
    """Up from column 5 through the line "ab" comes back to column 5 of the line
    above (the form used to forget the column at each redraw: X landed after "ab")."""
    s = start(spawn, db)
    open_new_action(s, "Column 5c")
    s.type("abcdefgh")
    s.keys("Enter")
    s.type("ab")
    s.keys("Enter")
    s.type("abcde")
    s.wait_until(lambda: field_rows(s, "Description", 3) == ["abcdefgh", "ab", "abcde"],
                 "three lines typed")
    y = form_row(s, "Description")
    x = s.line(y).find("abcdefgh")
    s.keys("Up")
    s.wait_until(lambda: s.cursor() == (x + 2, y + 1), "Up to the end of \"ab\"")
    s.keys("Up")
    s.wait_until(lambda: s.cursor() == (x + 5, y), "Up again: back to column 5")
    s.type("X")
    s.keys("Down", "Down")
    s.type("Y")
    s.wait_until(lambda: field_rows(s, "Description", 3) == ["abcdeXfgh", "ab", "abcdeY"],
                 "X typed at column 5, Y at the end of the last line")
    save_form(s, "Saved action #")
    rows = db_query(db, "SELECT description FROM action WHERE title = 'Column 5c'")
    assert len(rows) == 1 and rows[0][0] == "abcdeXfgh\nab\nabcdeY", [tuple(r) for r in rows]
    s.quit()


def editor_log(env):
    path = env["SUIVI_TEST_EDITOR_LOG"]
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return f.read().splitlines()


def test_ctrl_o_hands_the_typed_text_to_the_editor(spawn, db, env):
    """^O after typing: the editor gets the typed text, its text replaces the field,
    and typing and pasting still work in the form after it."""
    assert env["SUIVI_EDITOR"] == FAKE_EDITOR
    s = start(spawn, db)
    open_new_action(s, "Edited 5b")
    s.type("typed text")
    s.wait_until(lambda: field_text(s, "Description") == "typed text", "the typed text")
    pastes_on = s.raw.count(b"\033[?2004h")
    s.keys("^O")
    s.wait_until(lambda: len(editor_log(env)) == 1, "the editor to run")
    assert "(was %d bytes)" % len("typed text\n") in editor_log(env)[0], editor_log(env)
    text = env["SUIVI_TEST_EDITOR_TEXT"]
    s.wait_until(lambda: "New action" in s.screen_text() and field_text(s, "Description") == text,
                 "the editor's text in the field")
    # Bracketed paste off while the editor runs, on again after it.
    assert b"\033[?2004l" in s.raw and s.raw.count(b"\033[?2004h") == pastes_on + 1
    s.type("!")                                   # the cursor is at the end of the text
    paste(s, b"\r\npasted")
    s.wait_until(lambda: field_rows(s, "Description", 2) == [text + "!", "pasted"],
                 "typing and pasting after the editor")
    save_form(s, "Saved action #")
    rows = db_query(db, "SELECT description FROM action WHERE title = 'Edited 5b'")
    assert len(rows) == 1 and rows[0][0] == text + "!\npasted", [tuple(r) for r in rows]
    s.quit()


# ---- 6. the size comes from the terminal -------------------------------------------------------

def snapshot(s):
    """The screen once drawn whole (the status line is drawn last)."""
    s.wait_until(lambda: "overdue" in status_line(s), "the status line")
    s.settle()
    return s.screen_text()


def test_exported_lines_and_columns_do_not_fix_the_size(spawn, db):
    """LINES=24 COLUMNS=80 exported, in a 100x30 terminal: the screen is what a plain
    start at that size draws; resizes to 90x26 and back are followed, and a form
    opened then is laid out for 90x26."""
    ref = {}
    for size in ((100, 30), (90, 26)):
        r = start(spawn, db, cols=size[0], rows=size[1])
        ref[size] = snapshot(r)
        r.keys("i")
        r.wait_for("New interaction")
        r.settle()
        ref[size, "form"] = r.screen_text()
        r.keys("Esc")
        r.wait_gone("New interaction")
        r.quit()
    s = start(spawn, db, cols=100, rows=30, extra_env={"LINES": "24", "COLUMNS": "80"})
    for size in ((100, 30), (90, 26), (100, 30), (90, 26)):
        s.resize(*size)                           # the first one changes nothing
        s.wait_until(lambda: s.screen_text() == ref[size],
                     "the screen laid out for %dx%d, as:\n%s" % (size + (ref[size],)))
        assert "overdue" in status_line(s)
    s.keys("i")
    s.wait_until(lambda: s.screen_text() == ref[(90, 26), "form"],
                 "the form laid out for 90x26, as:\n" + ref[(90, 26), "form"])
    s.keys("Esc")
    s.wait_gone("New interaction")
    s.quit()


# ---- 7. terminal types -------------------------------------------------------------------------

def walk(spawn, db, term, want=None):
    """Start, move, open a detail, back, quit: the screen after each step.  With
    `want`, wait at each step for the screen to be want's."""
    names = members(db)
    s = start(spawn, db, term=term)
    shots = []

    def shot(step):
        if want:
            s.wait_until(lambda: s.screen_text() == want[step],
                         "TERM=%s step %d to show as on xterm:\n%s" % (term, step, want[step]))
        shots.append(snapshot(s))

    shot(0)
    s.keys("j")
    s.wait_until(lambda: shows_member(s, names[1]), "j on TERM=%s" % term)
    shot(1)
    s.keys("Enter")
    s.wait_for("Member — " + names[1][:20])
    shot(2)
    s.keys("q")
    s.wait_gone("Member — ")
    s.wait_until(lambda: shows_member(s, names[1]), "back on TERM=%s" % term)
    shot(3)
    s.quit()
    return shots


_xterm_walk = []          # the reference, walked once (every test's db is the same copy)


@pytest.mark.parametrize("term", ["vt100", "linux", "screen"])
def test_terminal_types_basic_run(spawn, db, term):
    """The same screens as on xterm-256color, with nothing that looks like the
    pieces of a sequence."""
    if not _xterm_walk:
        _xterm_walk.extend(walk(spawn, db, "xterm-256color"))
    for step, text in enumerate(walk(spawn, db, term, _xterm_walk)):
        assert "\x1b" not in text and "^[" not in text and "~" not in text, \
            "TERM=%s step %d: garbage\n%s" % (term, step, text)
