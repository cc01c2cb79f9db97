"""Live refresh: another session's writes show up with no key pressed — in the
three panes, under an open form, in a detail view — and an idle screen with nothing
new sends nothing.

Another session is a python sqlite3 connection writing rows with the columns the
program writes (src/store/schema.c), each with its audit row, in one transaction.
refresh_ms is 200 (a --config file), so each wait below is a few polls long; the
waits are for content, never for a duration."""
import re
import sqlite3

from conftest import (NOW, TODAY, db_query, first_member, fold, pane_split,
                      start, timeline_text)

OTHER = "tmorvan"          # another member of staff, as the demo has
OPEN = "('open','in_progress','wait_member','wait_provider')"


# ---- another session's writes ---------------------------------------------------------
def live_config(tmp_path, extra=""):
    path = str(tmp_path / "live.ini")
    with open(path, "w") as f:
        f.write("[ui]\nrefresh_ms = 200\n" + extra)
    return path


def write(db, sql, args, entity):
    """One transaction of another connection: the row and its audit row."""
    con = sqlite3.connect(db, timeout=10, isolation_level=None)
    try:
        con.execute("BEGIN IMMEDIATE")
        rowid = con.execute(sql, args).lastrowid
        con.execute("INSERT INTO audit (at, login, entity, entity_id, change) "
                    "VALUES (?, ?, ?, ?, 'created')", (NOW, OTHER, entity, rowid))
        con.execute("COMMIT")
        return rowid
    finally:
        con.close()


def add_member(db, name, kind="commune"):
    return write(db, "INSERT INTO member (name, sort_key, kind, status, created_at, "
                     "updated_at, version) VALUES (?, ?, ?, 'member', ?, ?, 1)",
                 (name, fold(name), kind, NOW, NOW), "member")


def add_interaction(db, member_id, subject, at=NOW):
    return write(db, "INSERT INTO interaction (member_id, occurred_at, kind, author, subject, "
                     "search, created_at, version) VALUES (?, ?, 'call_in', ?, ?, ?, ?, 1)",
                 (member_id, at, OTHER, subject, fold(subject) + "\n" + fold(OTHER), NOW),
                 "interaction")


def add_action(db, member_id, title, due, priority=1):
    return write(db, "INSERT INTO action (member_id, title, search, status, priority, due, "
                     "created_by, created_at, updated_at, version) "
                     "VALUES (?, ?, ?, 'open', ?, ?, ?, ?, ?, 1)",
                 (member_id, title, fold(title) + "\n" + member_key(db, member_id), priority,
                  due, OTHER, NOW, NOW), "action")


def member_key(db, member_id):
    """A member's folded name: the end of its actions' search column (schema v5)."""
    return db_query(db, "SELECT sort_key FROM member WHERE id = ?", (member_id,))[0][0]


def add_contact(db, member_id, name, role):
    return write(db, "INSERT INTO contact (member_id, name, role, retired, version) "
                     "VALUES (?, ?, ?, 0, 1)", (member_id, name, role), "contact")


# ---- reading the panes ------------------------------------------------------------------
def member_rows(s):
    """(y, text) of the members pane's rows."""
    _, top = s.find("Members")
    split = pane_split(s)
    return [(y, s.line(y)[:split].strip(" │|")) for y in range(top + 1, s.screen.lines - 1)]


def selected_member_row(s):
    split = pane_split(s)
    rows = [text for y, text in member_rows(s) if s.highlighted(y, 1, split - 1)]
    return rows[0] if len(rows) == 1 else None


def timeline_rows(s):
    """The timeline's rows below its title, blank ones left out."""
    return [r for r in timeline_text(s).split("\n")[1:] if r.strip(" │|")]


def action_rows(s, y=None):
    """The actions pane's rows; y: its title's row (when a form hides it)."""
    split = pane_split(s)
    if y is None:
        _, y = s.find("Actions — ")
    return [s.line(r)[split:] for r in range(y + 1, s.screen.lines - 1)]


def counts(s):
    return s.line(s.screen.lines - 1)


def db_counts(db):
    n_open = db_query(db, "SELECT count(*) FROM action WHERE status IN " + OPEN)[0][0]
    n_over = db_query(db, "SELECT count(*) FROM action WHERE status IN " + OPEN +
                      " AND due < ?", (TODAY,))[0][0]
    return "%d open, %d overdue" % (n_open, n_over)


def members_in_order(db, n):
    return db_query(db, "SELECT * FROM member ORDER BY sort_key, id LIMIT ?", (n,))


def newest_interaction(db, member_id):
    return db_query(db, "SELECT * FROM interaction WHERE member_id = ? "
                        "ORDER BY occurred_at DESC, id DESC LIMIT 1", (member_id,))[0]


def first_in_queue(db):
    return db_query(db, "SELECT * FROM action WHERE status IN " + OPEN +
                    " ORDER BY coalesce(due < ?, 0) DESC, priority, due IS NULL, due, id LIMIT 1",
                    (TODAY,))[0]


# ---- A(1-3): the panes follow other sessions' writes -------------------------------------
def test_member_sorting_first_appears_and_cursor_stays(spawn, db, tmp_path):
    s = start(spawn, db, args=["--config", live_config(tmp_path)])
    third = members_in_order(db, 3)[2]
    s.keys("j", "j")
    s.wait_for("Timeline — " + third["name"][:20])
    s.wait_until(lambda: (selected_member_row(s) or "").startswith(third["name"][:15]),
                 "the cursor on the third member")
    name = "Aaa Nouvelle 4f2e"
    mid = add_member(db, name)
    # No key pressed: the new first member shows at the top of the pane...
    s.wait_until(lambda: member_rows(s)[0][1].startswith(name), "the new member at the top")
    assert first_member(db)["id"] == mid, "the test's member should sort first"
    # ... and the cursor is still on the member it was on (now one row lower).
    assert (selected_member_row(s) or "").startswith(third["name"][:15]), \
        "the cursor left %s\n%s" % (third["name"], s.dump())
    rows = [t for _, t in member_rows(s)]
    assert rows.index(next(t for t in rows if t.startswith(third["name"][:15]))) == 3, s.dump()
    assert "Timeline — " + third["name"][:20] in s.screen_text(), s.dump()
    # The keys still act from there: k goes to the member above it.
    above = members_in_order(db, 3)[2]     # the old second, below the new first
    s.keys("k")
    s.wait_for("Timeline — " + above["name"][:20])
    s.quit()


def test_new_newest_interaction_tops_the_timeline(spawn, db, tmp_path):
    s = start(spawn, db, args=["--config", live_config(tmp_path)])
    m = first_member(db)
    before = newest_interaction(db, m["id"])
    s.wait_until(lambda: timeline_rows(s) and before["subject"][:15] in timeline_rows(s)[0],
                 "the timeline")
    subject = "Live 8d2c rappel"
    add_interaction(db, m["id"], subject)
    s.wait_until(lambda: subject in timeline_rows(s)[0], "the new interaction at the top")
    assert newest_interaction(db, m["id"])["subject"] == subject
    rows = timeline_rows(s)
    assert before["subject"][:15] in rows[1], "the old newest moved down one\n" + s.dump()
    assert "2026-11-20" in rows[0] and OTHER in rows[0], s.dump()
    assert "Timeline — " + m["name"][:20] in s.screen_text()
    s.quit()


def selected_action_row(s):
    split = pane_split(s)
    _, y = s.find("Actions — ")
    rows = [s.line(r)[split:] for r in range(y + 1, s.screen.lines - 1)
            if s.highlighted(r, split + 1)]
    return rows[0] if len(rows) == 1 else None


def test_new_overdue_p1_tops_the_open_queue(spawn, db, tmp_path):
    s = start(spawn, db, args=["--config", live_config(tmp_path)])
    top = first_in_queue(db)
    s.wait_until(lambda: top["title"][:10] in action_rows(s)[0], "the open queue")
    s.wait_until(lambda: db_counts(db) in counts(s), "the counts")
    s.keys("3")                 # the actions pane, its cursor on the top row
    s.wait_until(lambda: top["title"][:10] in (selected_action_row(s) or ""),
                 "the cursor on the top action")
    member = members_in_order(db, 5)[4]
    title = "Live P1 7a1b"
    aid = add_action(db, member["id"], title, "2024-01-02", priority=1)
    s.wait_until(lambda: title in action_rows(s)[0], "the new P1 at the top of the queue")
    assert first_in_queue(db)["id"] == aid
    row = action_rows(s)[0]
    assert "!2024-01-02" in row and "P1" in row, "overdue mark, due date, priority\n" + s.dump()
    assert top["title"][:10] in action_rows(s)[1], "the old top moved down one\n" + s.dump()
    # The cursor stayed on the action it was on, and the keys act on that one.
    assert top["title"][:10] in (selected_action_row(s) or ""), s.dump()
    # The status line counts it (open and overdue).
    s.wait_until(lambda: db_counts(db) in counts(s), "the counts to follow: " + db_counts(db))
    s.keys("e")
    s.wait_for("Edit action #%d" % top["id"])
    s.keys("Esc")
    s.wait_gone("Edit action #")
    s.quit()


def bump_priority(db, n, priority):
    """Another session's edit of one field, as the program writes it (version + 1)."""
    con = sqlite3.connect(db, timeout=10, isolation_level=None)
    try:
        con.execute("BEGIN IMMEDIATE")
        old = con.execute("SELECT priority FROM action WHERE id = ?", (n,)).fetchone()[0]
        con.execute("UPDATE action SET priority = ?, updated_at = ?, version = version + 1 "
                    "WHERE id = ?", (priority, NOW, n))
        con.execute("INSERT INTO audit (at, login, entity, entity_id, change) "
                    "VALUES (?, ?, 'action', ?, ?)",
                    (NOW, OTHER, n, '{"priority": [%d, %d]}' % (old, priority)))
        con.execute("COMMIT")
    finally:
        con.close()


def test_selected_action_that_moves_is_followed(spawn, db, tmp_path):
    """Another session lowers the priority of the action under the cursor: it moves
    down the queue, and the cursor goes with it."""
    s = start(spawn, db, args=["--config", live_config(tmp_path)])
    top, second = db_query(db, "SELECT * FROM action WHERE status IN " + OPEN +
                           " ORDER BY coalesce(due < ?, 0) DESC, priority, due IS NULL, due, id LIMIT 2",
                           (TODAY,))
    s.keys("3")
    s.wait_until(lambda: top["title"][:10] in (selected_action_row(s) or ""),
                 "the cursor on the top action")
    bump_priority(db, top["id"], 4)
    s.wait_until(lambda: "P4" in (selected_action_row(s) or ""), "the row to move, selected")
    assert top["title"][:10] in selected_action_row(s), s.dump()
    s.keys("e")
    s.wait_for("Edit action #%d" % top["id"])
    s.keys("Esc")
    s.wait_gone("Edit action #")
    s.keys("g")
    s.wait_until(lambda: second["title"][:10] in (selected_action_row(s) or ""),
                 "the next one at the top of the queue")
    assert second["title"][:10] in action_rows(s)[0], s.dump()
    s.quit()


# ---- A(4): the same while a form is open --------------------------------------------------
def test_panes_refresh_under_an_open_form(spawn, db, tmp_path):
    """160x40: a form is 78 columns wide and centred, so the members' names (left),
    the timeline's top rows (above it) and the actions' member column (right) stay
    in view around it."""
    s = start(spawn, db, args=["--config", live_config(tmp_path)], cols=160, rows=40)
    m = first_member(db)
    _, actions_y = s.find("Actions — ")
    s.keys("i")
    s.wait_for("New interaction — " + m["name"][:20])
    form_box = s.find("┌─ New interaction")
    assert form_box, s.dump()
    fx, fy = form_box
    name, subject = "Aaa Sous Formulaire 5c", "Pendant le formulaire 9e1f"
    zname = "Zz Live 6b3d"
    add_member(db, name)
    add_interaction(db, m["id"], subject)
    zid = add_member(db, zname)
    add_action(db, zid, "Live under form 2c8a", "2024-01-03", priority=1)

    def uncovered():
        return (member_rows(s)[0][1].startswith(name[:fx - 2].strip())
                and subject in timeline_rows(s)[0]
                and zname in action_rows(s, actions_y)[0])
    cursor = s.cursor()
    s.wait_until(uncovered, "the three panes to change around the form")
    assert s.cursor() == cursor, "the refresh moved the cursor out of the form field\n" + s.dump()
    assert fy > 1, "the form covers the timeline's first row\n" + s.dump()
    # The form itself is intact and still takes keys.
    assert "New interaction — " + m["name"][:20] in s.screen_text()
    s.focus_field("Subject")
    s.type("x")
    s.wait_for(re.compile(r"Subject:\s+x\s"))
    s.keys("Esc")
    s.wait_for("Discard what you typed?")
    s.keys("y")
    s.wait_gone("New interaction")
    # Once the form is gone, the rows it covered are the new ones too.
    s.wait_until(lambda: "Live under form 2c8a" in action_rows(s)[0], "the whole new row")
    assert member_rows(s)[0][1].startswith(name), s.dump()
    assert db_query(db, "SELECT count(*) FROM interaction WHERE subject = 'x'")[0][0] == 0
    s.quit()


def test_queue_refreshes_under_a_menu_and_the_menu_keeps_its_action(spawn, db, tmp_path):
    """The status menu of the top action is open when a new P1 arrives above it: the
    queue and the counts show it, and the status chosen goes to the action the menu
    was for.  At 200 columns the queue's date column stays left of the menu."""
    s = start(spawn, db, args=["--config", live_config(tmp_path)], cols=200, rows=50)
    top = first_in_queue(db)
    s.wait_until(lambda: db_counts(db) in counts(s), "the counts")
    _, actions_y = s.find("Actions — ")
    s.keys("3", "g", "s")
    s.wait_for("Status of action #%d" % top["id"])
    menu_x, _ = s.find("┌─ Status of action")
    split = pane_split(s)
    assert menu_x > split + 12, "the menu hides the date column\n" + s.dump()
    member = members_in_order(db, 5)[4]
    new = add_action(db, member["id"], "Live menu 1d9c", "2024-01-04", priority=1)
    s.wait_until(lambda: "!2024-01-04" in action_rows(s, actions_y)[0] and
                 db_counts(db) in counts(s), "the new P1 and the counts beside the menu")
    assert "Status of action #%d" % top["id"] in s.screen_text(), s.dump()
    target = "in progress" if top["status"] != "in_progress" else "open"
    s.keys("g", "j" if target == "in progress" else "g")
    s.settle()
    s.keys("Enter")
    s.wait_for("Action #%d:" % top["id"])
    s.type("Pris en charge")
    s.keys("^X")
    s.wait_for(re.compile(r"Action #%d: %s" % (top["id"], target)))
    assert db_query(db, "SELECT status FROM action WHERE id = ?", (top["id"],))[0][0] == \
        target.replace(" ", "_")
    assert db_query(db, "SELECT status FROM action WHERE id = ?", (new,))[0][0] == "open"
    s.quit()


# ---- A(5): a detail view ------------------------------------------------------------------
def test_contact_added_shows_in_the_open_detail_view(spawn, db, tmp_path):
    s = start(spawn, db, args=["--config", live_config(tmp_path)])
    m = first_member(db)
    n = db_query(db, "SELECT count(*) FROM contact WHERE member_id = ? AND retired = 0",
                 (m["id"],))[0][0]
    s.keys("Enter")
    s.wait_for("Member — " + m["name"][:20])
    s.wait_for("Contacts (%d)" % n)
    add_contact(db, m["id"], "Aaron Vivant", "Testeur")
    s.wait_for("Contacts (%d)" % (n + 1))
    s.wait_for("Aaron Vivant")
    assert "Member — " + m["name"][:20] in s.screen_text(), s.dump()
    assert db_query(db, "SELECT count(*) FROM contact WHERE member_id = ? AND retired = 0",
                    (m["id"],))[0][0] == n + 1
    s.keys("q")
    s.wait_gone("Member — ")
    s.quit()


# ---- A(6): nothing new, nothing sent --------------------------------------------------------
def test_nothing_changed_nothing_sent(spawn, db, tmp_path):
    s = start(spawn, db, args=["--config", live_config(tmp_path)])
    s.wait_until(lambda: db_counts(db) in counts(s), "the counts")
    s.settle(0.5)
    n = len(s.raw)
    # Ten polls with no other session's write.
    s.pump(2.0)
    s.settle(0.3)
    assert len(s.raw) == n, "an idle screen sent %r" % bytes(s.raw[n:])[:200]
    # A commit that changes nothing shown (a contact of a member far down the list):
    # the panes are re-read, and still nothing is drawn.
    last = db_query(db, "SELECT * FROM member ORDER BY sort_key DESC, id DESC LIMIT 1")[0]
    add_contact(db, last["id"], "Invisible Ici", "Hors écran")
    s.pump(2.0)
    s.settle(0.3)
    assert len(s.raw) == n, "an unseen change sent %r" % bytes(s.raw[n:])[:200]
    # The session is alive and still follows changes that do show.
    subject = "Visible 3f0a"
    add_interaction(db, first_member(db)["id"], subject)
    s.wait_until(lambda: subject in timeline_rows(s)[0], "a visible change to be drawn")
    # The same with a form open: the form is not drawn again at each poll.
    s.keys("i")
    s.wait_for("New interaction")
    s.settle(0.5)
    n = len(s.raw)
    s.pump(2.0)
    s.settle(0.3)
    assert len(s.raw) == n, "an idle form sent %r" % bytes(s.raw[n:])[:200]
    s.keys("Esc")
    s.wait_gone("New interaction")
    s.quit()
