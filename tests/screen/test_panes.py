"""The three panes, the status line, moving, resizing and terminal types."""
import re

import pytest

from conftest import LOGIN, TODAY, db_query, first_member, pane_split, start, timeline_text

OPEN = "('open','in_progress','wait_member','wait_provider')"


def test_three_panes_at_80x24(spawn, db):
    s = start(spawn, db)
    first = first_member(db)["name"]
    s.wait_for(first[:20])
    text = s.screen_text()
    # One screen holds all three titles: members on the left, timeline above actions.
    (mx, _), (tx, ty), (ax, ay) = s.find("Members"), s.find("Timeline"), s.find("Actions")
    assert mx < tx and ty < ay and tx > 15 and ax > 15, s.dump()
    assert first[:20] in text
    s.quit()


def test_status_line_counts_and_login(spawn, db):
    s = start(spawn, db)
    n_open = db_query(db, "SELECT count(*) FROM action WHERE status IN " + OPEN)[0][0]
    n_over = db_query(db, "SELECT count(*) FROM action WHERE status IN " + OPEN +
                      " AND due < ?", (TODAY,))[0][0]
    assert n_open > 0 and n_over > 0, "the demo should have open and overdue actions"
    s.wait_for("overdue")
    status = s.line(s.screen.lines - 1)
    assert LOGIN in status, s.dump()
    for count, word in ((n_open, "open"), (n_over, "overdue")):
        pat = r"\b%d\s+%s\b|\b%s:?\s+%d\b" % (count, word, word, count)
        assert re.search(pat, status), "want %d %s on the status line\n%s" % (count, word, s.dump())
    s.quit()


def test_moving_in_members_changes_timeline(spawn, db):
    s = start(spawn, db)
    members = db_query(db, "SELECT id, name FROM member ORDER BY sort_key, id LIMIT 3")

    def newest(m):
        r = db_query(db, "SELECT subject FROM interaction WHERE member_id = ? "
                         "ORDER BY occurred_at DESC, id DESC LIMIT 1", (m["id"],))
        return r[0]["subject"][:15] if r else None

    def shows(m):
        text = timeline_text(s)
        return "Timeline — " + m["name"][:20] in text and (newest(m) or "") in text

    s.wait_until(lambda: shows(members[0]), "the first member's timeline")
    s.keys("j")
    s.wait_until(lambda: shows(members[1]), "j to show the 2nd member's timeline")
    s.keys("Down")
    s.wait_until(lambda: shows(members[2]), "Down to show the 3rd member's timeline")
    s.keys("k")
    s.wait_until(lambda: shows(members[1]), "k to come back to the 2nd member")
    s.quit()


def test_timeline_newest_first(spawn, db):
    """The selected member's interactions, newest first: the newest subject shows."""
    s = start(spawn, db)
    m = first_member(db)
    rows = db_query(db, "SELECT subject FROM interaction WHERE member_id = ? "
                        "ORDER BY occurred_at DESC, id DESC LIMIT 1", (m["id"],))
    if not rows:
        pytest.skip("first demo member has no interaction")
    s.wait_until(lambda: rows[0]["subject"][:12] in timeline_text(s), "newest subject")
    s.quit()


def test_pane_switching_keys(spawn, db):
    """3/Tab/1 move the focus: j moves the selection of the focused pane only."""
    s = start(spawn, db)
    s.wait_for(first_member(db)["name"][:20])
    timeline = timeline_text(s)
    s.keys("3", "j", "j")
    s.settle()
    assert timeline_text(s) == timeline, "j in the actions pane moved the members\n" + s.dump()
    s.keys("Tab", "j")     # Tab from actions wraps round to members
    s.wait_until(lambda: timeline_text(s) != timeline, "j in the members pane after Tab")
    s.keys("2", "j")
    s.settle()
    s.keys("1", "k")
    s.wait_until(lambda: timeline_text(s) == timeline, "k in the members pane after 1")
    s.quit()


def test_resize_too_small_and_back(spawn, db):
    s = start(spawn, db)
    first = first_member(db)["name"]
    s.wait_for(first[:20])
    s.resize(50, 12)
    s.wait_until(lambda: "too small" in s.screen_text().lower(), "the too-small notice")
    s.resize(80, 24)
    s.wait_until(lambda: "too small" not in s.screen_text().lower(), "the notice to go")
    s.wait_for("Members")
    s.wait_for("Timeline")
    s.wait_for("Actions")
    s.wait_for(first[:20])
    s.quit()


def test_start_too_small_then_grow(spawn, db):
    s = spawn(db=db, cols=40, rows=10)
    s.wait_until(lambda: "too small" in s.screen_text().lower(), "the too-small notice")
    s.resize(100, 30)
    s.wait_for("Members")
    s.wait_for("Timeline")
    s.wait_for("Actions")
    # Keys still work after the resize.
    s.quit()


def test_resize_bigger_uses_the_space(spawn, db):
    s = start(spawn, db)
    s.resize(120, 40)
    # Members pane wider, timeline and actions taller than at 80x24.
    s.wait_until(lambda: s.find("Timeline") and s.find("Timeline")[0] > 35
                 and s.find("Actions") and s.find("Actions")[1] > 12
                 and s.find("overdue") and s.find("overdue")[1] == 39,
                 "the layout to use 120x40")
    s.quit()


@pytest.mark.parametrize("term", ["screen", "linux", "vt100", "xterm-256color"])
def test_terminal_types_start(spawn, db, term):
    s = start(spawn, db, term=term)
    s.wait_for(first_member(db)["name"][:20])
    s.keys("j", "Tab", "j")
    s.settle()
    s.quit()


def test_vt100_monochrome_selection_in_reverse(spawn, db):
    s = start(spawn, db, term="vt100")
    s.settle()
    coloured = [(x, y) for y in range(s.screen.lines) for x in range(s.screen.columns)
                if s.cell(x, y).fg != "default" or s.cell(x, y).bg != "default"]
    assert not coloured, "colour on a vt100 at %s\n%s" % (coloured[:5], s.dump())
    split = pane_split(s)
    _, top = s.find("Members")
    first = first_member(db)["name"][:12]
    rows = [y for y in range(top + 1, s.screen.lines - 1)
            if first in s.line(y)[:split]]
    assert rows, "first member not in the members pane\n" + s.dump()

    def reversed_rows():
        return [y for y in range(top + 1, s.screen.lines - 1)
                if sum(s.cell(x, y).reverse for x in range(1, split - 1)) > (split - 2) // 2]
    assert reversed_rows() == rows[:1], \
        "want exactly the selected row in reverse\n" + s.dump()
    s.keys("j")
    s.wait_until(lambda: reversed_rows() == [rows[0] + 1], "the selection to move down")
    s.quit()


def test_no_color_env_is_monochrome(spawn, db):
    s = start(spawn, db, extra_env={"NO_COLOR": "1"})
    s.settle()
    coloured = [(x, y) for y in range(s.screen.lines) for x in range(s.screen.columns)
                if s.cell(x, y).fg != "default" or s.cell(x, y).bg != "default"]
    assert not coloured, "NO_COLOR set but colours at %s\n%s" % (coloured[:5], s.dump())
    s.quit()


def test_redraw_and_idle_is_silent(spawn, db):
    """^L repaints; an idle screen sends nothing (no clock ticking over SSH)."""
    s = start(spawn, db)
    s.settle(0.3)
    n = len(s.raw)
    s.pump(1.5)
    s.settle(0.3)
    assert len(s.raw) == n, "idle screen sent %d bytes" % (len(s.raw) - n)
    s.keys("^L")
    s.wait_until(lambda: len(s.raw) > n, "^L to repaint")
    s.wait_for("Members")
    s.quit()


def test_first_and_last_member(spawn, db):
    """G/End jump to the last member (keyset paging from the end), g/Home back."""
    s = start(spawn, db)
    first = first_member(db)["name"][:12]
    last = db_query(db, "SELECT name FROM member ORDER BY sort_key DESC, id DESC LIMIT 1")[0][0]
    s.keys("G")
    s.wait_for("Timeline — " + last[:20])
    assert last[:12] in "\n".join(s.region(0, 0, pane_split(s), s.screen.lines)), s.dump()
    s.keys("g")
    s.wait_for("Timeline — " + first)
    s.keys("End")
    s.wait_for("Timeline — " + last[:20])
    s.keys("Home")
    s.wait_for("Timeline — " + first)
    s.quit()


def test_page_down_and_up(spawn, db):
    s = start(spawn, db)
    names = [r[0] for r in db_query(db, "SELECT name FROM member ORDER BY sort_key, id LIMIT 60")]
    s.keys("PgDn")
    s.wait_until(lambda: names[0][:12] not in s.region(0, 1, pane_split(s), 23)[0],
                 "PgDn to move past the first screen")
    s.keys("^B")
    s.wait_for("Timeline — " + names[0][:20])
    s.keys("^F", "^F")
    s.wait_until(lambda: not any(n[:12] in "\n".join(s.region(0, 1, pane_split(s), 23))
                                 for n in names[:20]), "two pages down")
    s.quit()


def test_vt100_navigation_without_page_keys(spawn, db):
    """vt100 has no PgDn/Home/End keys: ^F, ^B, g, G do the same."""
    s = start(spawn, db, term="vt100")
    first = first_member(db)["name"][:20]
    last = db_query(db, "SELECT name FROM member ORDER BY sort_key DESC, id DESC LIMIT 1")[0][0]
    s.keys("^F")
    s.wait_until(lambda: "Timeline — " + first not in s.screen_text(), "^F to page")
    s.keys("G")
    s.wait_for("Timeline — " + last[:20])
    s.keys("g")
    s.wait_for("Timeline — " + first)
    s.quit()


def test_ctrl_c_does_not_kill(spawn, db):
    s = start(spawn, db)
    s.keys("^C")
    s.settle(0.3)
    assert s.reap(0.2) is None, "Ctrl-C ended the program\n" + s.dump()
    s.wait_for("Members")
    s.quit()


def test_member_detail_view(spawn, db):
    s = start(spawn, db)
    m = first_member(db)
    s.keys("Enter")
    s.wait_for("Member — " + m["name"][:20])
    text = s.screen_text()
    for value in (m["name"], m["siren"], m["departement"]):
        if value:
            assert value in text, "%r not in the detail view\n%s" % (value, s.dump())
    contacts = db_query(db, "SELECT name FROM contact WHERE member_id = ? ORDER BY name",
                        (m["id"],))
    if contacts:
        assert any(c[0] in text for c in contacts), s.dump()
    s.keys("j", "G", "g")
    s.keys("q")
    s.wait_for("Timeline")
    s.wait_gone("Member — ")
    s.keys("Enter")
    s.wait_for("Member — ")
    s.keys("Esc")
    s.wait_gone("Member — ")
    s.quit()


def test_action_detail_view(spawn, db):
    s = start(spawn, db)
    s.keys("3", "Enter")
    s.wait_for(re.compile(r"Action #(\d+)"))
    n = int(re.search(r"Action #(\d+)", s.screen_text()).group(1))
    a = db_query(db, "SELECT * FROM action WHERE id = ?", (n,))[0]
    assert a["title"][:30] in s.screen_text(), s.dump()
    assert "P%d" % a["priority"] in s.screen_text(), s.dump()
    s.keys("q")
    s.wait_gone("Action #%d" % n)
    s.quit()


def test_the_assignee_link_opens_their_queue_named(spawn, db):
    """Detail of an action, Tab to its Assignee (the second link, after Member), Enter:
    that person's or provider's queue, with their name in the title (seen in review:
    a link carries only the id, and the title read "Actions — ?")."""
    s = start(spawn, db)
    s.keys("3")
    for _ in range(10):
        s.keys("Enter")
        s.wait_for(re.compile(r"Action #(\d+)"))
        n = int(re.search(r"Action #(\d+)", s.screen_text()).group(1))
        rows = db_query(db, "SELECT coalesce(p.name, st.display_name) AS who FROM action a "
                            "LEFT JOIN provider p ON p.id = a.assignee_provider_id "
                            "LEFT JOIN staff st ON st.id = a.assignee_staff_id "
                            "WHERE a.id = ?", (n,))
        if rows[0]["who"]:
            break
        s.keys("q")
        s.wait_gone("Action #%d" % n)
        s.keys("j")
    who = rows[0]["who"]
    assert who, "no assigned action among the first ten\n" + s.dump()
    s.keys("Tab", "Tab", "Enter")
    s.wait_for("Actions — " + who[:15])
    assert "Actions — ?" not in s.screen_text(), s.dump()
    s.keys("q")
    s.wait_for("Action #")
    s.keys("q")
    s.wait_for("Timeline")
    s.quit()


def test_following_links_too_deep_says_so(spawn, db):
    """Links followed detail to detail stack screens; at the stack's limit (16) the
    next one is refused with a message, and q walks back down."""
    m = db_query(db, "SELECT c.name FROM member c JOIN member e ON e.id = c.parent_id "
                     "ORDER BY c.sort_key LIMIT 1")[0]
    s = start(spawn, db)
    s.keys("/")
    s.type(m["name"])
    s.keys("Enter")
    s.wait_for("[filter: ")
    s.keys("Enter")
    s.wait_for("Member — ")
    # The commune's first link is its EPCI; the EPCI's last is its last commune
    # (at its end, G first: S-Tab takes the last link on the screen).
    for i in range(20):
        s.keys(*(("Tab",) if i % 2 == 0 else ("G", "S-Tab")), "Enter")
        s.settle(0.1)
        if "screens are open" in s.screen_text():
            break
    s.wait_for("16 screens are open: close one (q)")
    for _ in range(15):
        s.keys("q")
    s.wait_for("Timeline")
    s.quit()


def test_actions_scope_cycles(spawn, db):
    """v: the open queue, then the selected member's actions, then mine."""
    s = start(spawn, db)
    name = first_member(db)["name"]
    s.wait_for("Actions — open queue")
    s.keys("3", "v")
    s.wait_for("Actions — " + name[:20])
    s.keys("v")
    s.wait_for("Actions — mine")
    mine = db_query(db, "SELECT a.title FROM action a JOIN staff st ON st.id = a.assignee_staff_id "
                        "WHERE st.login = ? AND a.status IN " + OPEN, (LOGIN,))
    assert mine, "the demo gives the running login open actions"
    s.keys("v")
    s.wait_for("Actions — open queue")
    s.quit()
