"""The dashboard's "interactions per week, by kind": Enter on a kind's line lists
that kind's interactions of the period, every member's, newest first (as SQL
says), with the member of each; Enter opens one, q and Esc come back, / narrows
to a member's name; in colour and on a monochrome vt100 with LANG=C."""
import calendar

from conftest import TODAY, db_query, start
from test_dashboard import selected_row, tab_to

MONTH = TODAY[:7]
LAST = "%s-%02d" % (MONTH, calendar.monthrange(int(MONTH[:4]), int(MONTH[5:]))[1])
LABELS = {"call_in": "call in", "call_out": "call out", "email_in": "email in",
          "email_out": "email out", "meeting": "meeting", "training": "training",
          "incident": "incident", "request": "request", "key_event": "key event"}
ABBREV = dict(LABELS, email_in="mail in", email_out="mail out", key_event="event")


def busiest_short_kind(db):
    """The kind with the most interactions this month that still fit one screen,
    from several members."""
    rows = db_query(db, "SELECT kind, count(*) AS n, count(DISTINCT member_id) AS members"
                        " FROM interaction WHERE occurred_at >= ? AND occurred_at <"
                        " date(?, '+1 month') GROUP BY kind HAVING n <= 22 AND members >= 2"
                        " ORDER BY n DESC, kind LIMIT 1", (MONTH + "-01", MONTH + "-01"))
    assert rows, "the demo has a kind of interaction with a few this month"
    return rows[0]


def expected(db, kind):
    """Its interactions newest first (the list's order), with the day shown (Paris,
    UTC+1 in November) and the member's name."""
    return db_query(db, "SELECT i.id, date(i.occurred_at, '+1 hour') AS day, m.name,"
                        " i.subject FROM interaction i JOIN member m ON m.id = i.member_id"
                        " WHERE i.kind = ? AND i.occurred_at >= ? AND i.occurred_at <"
                        " date(?, '+1 month') ORDER BY i.occurred_at DESC, i.kind DESC,"
                        " i.member_id DESC, i.id DESC", (kind, MONTH + "-01", MONTH + "-01"))


def open_kind(s, kind, n):
    s.keys("B")
    s.wait_for("Open actions by p")
    row = tab_to(s, "  %s " % LABELS[kind], tries=200)
    assert row.rstrip().endswith(" %d" % n), row       # the weekly line, its total
    s.keys("Enter")
    s.wait_for("Interactions")
    s.wait_for("%s, %s-01 to %s" % (LABELS[kind], MONTH, LAST))
    s.settle()
    return [l for l in s.screen_text().splitlines()[1:-1] if l.strip()]


def check_list(s, db, ascii_only):
    k = busiest_short_kind(db)
    rows = open_kind(s, k["kind"], k["n"])
    want = expected(db, k["kind"])
    assert len(rows) == k["n"] == len(want), s.dump()
    members = set()
    for line, w in zip(rows, want):
        assert line.startswith(" " + w["day"]), (line, w["day"])
        assert ABBREV[k["kind"]] in line, line
        assert len(line.rstrip()) <= 80
        if ascii_only:
            assert all(ord(c) < 128 for c in line), line
        cut = w["name"][:8] if ascii_only else w["name"][:12]
        if all(ord(c) < 128 for c in cut):
            assert cut in line, (line, w["name"])
        members.add(w["name"])
    assert len(members) >= 2 and k["members"] == len(members)
    return k, want


def test_enter_on_a_kind_lists_its_interactions(spawn, db):
    s = start(spawn, db)
    k, want = check_list(s, db, False)
    # Enter: the first one's detail; q: the list again, where it was.
    s.keys("Enter")
    s.wait_for("Interaction \u2014 ")
    s.wait_for(want[0]["subject"][:30])
    assert any(l.startswith(" Kind") and LABELS[k["kind"]] in l
               for l in s.screen_text().splitlines()), s.dump()
    s.keys("q")
    s.wait_for("%s, %s-01" % (LABELS[k["kind"]], MONTH))
    # / narrows to a member's name (the first row's member).
    name = want[0]["name"]
    word = [w for w in name.split() if len(w) >= 4 and all(ord(c) < 128 for c in w)]
    if word:
        s.type("/" + word[0])
        s.settle()
        rows = [l for l in s.screen_text().splitlines()[1:-1] if l.strip()]
        n = sum(1 for w in want if word[0].lower() in w["name"].lower()
                or word[0].lower() in w["subject"].lower())
        assert 0 < len(rows) <= n, s.dump()
        s.keys("Esc")              # the filter cleared
        s.settle()
    # q: the dashboard, the kind's line still selected.
    s.keys("q")
    s.wait_for("Dashboard")
    row = selected_row(s)
    assert row and LABELS[k["kind"]] in row, s.dump()
    # Esc closes the list as q does.
    s.keys("Enter")
    s.wait_for("%s, %s-01" % (LABELS[k["kind"]], MONTH))
    s.keys("Esc")
    s.wait_for("Dashboard")
    s.keys("q")
    s.wait_gone("Dashboard")
    s.quit()


def test_the_list_in_monochrome_ascii(spawn, db):
    s = start(spawn, db, term="vt100", extra_env={"LANG": "C", "LC_ALL": "C"})
    check_list(s, db, True)
    s.keys("q")
    s.wait_for("Dashboard")
    s.keys("q")
    s.wait_gone("Dashboard")
    s.quit()
