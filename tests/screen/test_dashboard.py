"""The dashboard (B) at 80x24, in colour and on a monochrome vt100 with LANG=C:
every section is there with its figures beside the bars (equal to what SQL says),
the bars are Unicode blocks or ASCII, nothing runs past the screen's edge, p moves
to the next period, c to one typed, a frozen period shows its frozen figures, Tab
and Enter list the actions or members behind a figure, and `suivi report` prints
the same figures."""
import html.parser
import os

from conftest import TODAY, base_env, db_query, run_cli, start

OPEN = "('open','in_progress','wait_member','wait_provider')"


def pages(s):
    """The whole dashboard, page by page (space), as text."""
    seen = []
    for _ in range(12):
        text = s.screen_text()
        seen.append(text)
        if "(1-" not in text.splitlines()[0] and "of " not in text.splitlines()[0]:
            break
        first = text.splitlines()[0]
        s.keys("Space")
        s.settle()
        if s.screen_text().splitlines()[0] == first:
            break
    return "\n".join(seen)


def busiest_pole(db):
    return db_query(db, "SELECT p.name, count(*) AS n FROM action a JOIN pole p"
                        " ON p.id = a.pole_id WHERE a.status IN " + OPEN +
                        " GROUP BY p.id ORDER BY n DESC LIMIT 1")[0]


def check_dashboard(s, db, block):
    s.keys("B")
    s.wait_for("Dashboard")
    s.wait_for("Open actions by p")
    top = busiest_pole(db)
    row = [l for l in s.screen_text().splitlines() if top["name"][:20] in l]
    assert row and block * 3 in row[0] and (" %d " % top["n"]) in row[0] + " ", s.dump()
    for line in s.screen_text().splitlines():
        assert len(line.rstrip()) <= 80
    text = pages(s)
    for section in ("per week", "First response", "by kind", "members per stage",
                    "Usage per service", "By d", "Interactions per week, by kind",
                    "funnel", "before and after a first training", "By EPCI"):
        assert section in text, section + "\n" + text
    s.keys("p")
    s.wait_for("Dashboard")
    s.settle()
    s.keys("q")
    s.wait_gone("Dashboard")


def test_the_dashboard_in_colour(spawn, db):
    s = start(spawn, db)
    check_dashboard(s, db, "\u2588")
    s.quit()


def test_the_dashboard_in_monochrome_ascii(spawn, db):
    s = start(spawn, db, term="vt100", extra_env={"LANG": "C", "LC_ALL": "C"})
    check_dashboard(s, db, "#")
    s.quit()


def test_suivi_report_says_the_same(db, tmp_path):
    env = base_env(str(tmp_path))
    r = run_cli(["report", "--db", db, "--period", TODAY[:7]], env)
    assert r.returncode == 0, r.stderr
    top = busiest_pole(db)
    row = [l for l in r.stdout.splitlines() if top["name"][:20] in l]
    assert row and (" %d " % top["n"]) in row[0] + " ", row
    c = run_cli(["report", "--db", db, "--format", "csv"], env)
    assert c.returncode == 0 and "open_by_pole" in c.stdout
    bad = run_cli(["report", "--db", db, "--period", "2026-13"], env)
    assert bad.returncode == 2 and "is not a period" in bad.stderr


class _Tags(html.parser.HTMLParser):
    """Checks that every element opened is closed in order (void ones aside), and
    keeps the text of each table row."""
    VOID = {"meta", "rect", "polyline", "br"}

    def __init__(self):
        super().__init__()
        self.stack, self.errors, self.rows, self.row = [], [], [], None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.row = []
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(tag)
        else:
            self.stack.pop()
        if tag == "tr" and self.row is not None:
            self.rows.append([c.strip() for c in self.row if c.strip()])
            self.row = None

    def handle_data(self, data):
        if self.row is not None:
            self.row.append(data)


def test_the_html_report_is_one_page_with_the_same_figures(db, tmp_path):
    env = base_env(str(tmp_path))
    page = run_cli(["report", "--db", db, "--period", TODAY[:7], "--format", "html"], env)
    assert page.returncode == 0, page.stderr
    text = page.stdout
    assert text.startswith("<!DOCTYPE html>") and "<svg" in text
    for outside in ("http:", "https:", "src=", "href=", "url(", "<script", "@import"):
        assert outside not in text, outside
    tags = _Tags()
    tags.feed(text)
    tags.close()
    assert not tags.errors and not tags.stack, (tags.errors, tags.stack)
    # Each pôle's open count as the text report says it.
    plain = run_cli(["report", "--db", db, "--period", TODAY[:7]], env).stdout
    # The period's days as the text says them: its last day, not the next month's first.
    assert "(%s-01 to %s-30)" % (TODAY[:7], TODAY[:7]) in plain, plain[:200]
    assert "<p>%s-01 &ndash; %s-30;" % (TODAY[:7], TODAY[:7]) in text, text[:600]
    rows = db_query(db, "SELECT p.name, count(*) AS n FROM action a JOIN pole p"
                        " ON p.id = a.pole_id WHERE a.status IN " + OPEN + " GROUP BY p.id")
    for r in rows:
        cells = [row for row in tags.rows if row and row[0] == r["name"]]
        assert cells and cells[0][1] == str(r["n"]), (r["name"], cells)
        line = [l for l in plain.splitlines() if r["name"][:20] in l][0]
        assert (" %d " % r["n"]) in line + " ", line


# ---- Enter: the records behind a figure -------------------------------------------

def selected_row(s):
    """The text of the row drawn selected, or None."""
    for y in range(1, s.screen.lines - 1):
        if s.highlighted(y, 2, 30):
            return s.line(y)
    return None


def tab_to(s, text, tries=160):
    """Tab until the selected figure's line holds text."""
    for _ in range(tries):
        s.keys("Tab")
        s.settle()
        row = selected_row(s)
        if row and text in row:
            return row
    raise AssertionError("no figure holding %r\n%s" % (text, s.dump()))


def listed_rows(s, title):
    """The rows of the list under its title (a short list: one screen)."""
    s.wait_for(title)
    s.settle()
    lines = s.screen_text().splitlines()
    return [l for l in lines[1:-1] if l.strip()]


def test_enter_lists_the_actions_and_members_behind_a_figure(spawn, db):
    s = start(spawn, db)
    s.keys("B")
    s.wait_for("Open actions by p")
    # The provider with the fewest open actions: all of them fit one screen.
    prov = db_query(db, "SELECT pr.id, pr.name, count(*) AS n FROM action a JOIN provider pr"
                        " ON pr.id = a.assignee_provider_id WHERE a.status IN " + OPEN +
                        " GROUP BY pr.id ORDER BY n, pr.name LIMIT 1")[0]
    tab_to(s, prov["name"][:20])
    s.keys("Enter")
    rows = listed_rows(s, "[filter: provider:#%d]" % prov["id"])   # by id: names may repeat
    assert len(rows) == prov["n"], s.dump()
    s.keys("q")
    s.wait_for("Dashboard")
    # The stage with the fewest members (one at least): the members list, filtered.
    stage = db_query(db, "SELECT stage, count(*) AS n FROM member WHERE stage IS NOT NULL"
                         " GROUP BY stage ORDER BY n, stage LIMIT 1")[0]
    label = {"prospect": "Prospect", "joining": "Joining", "convention": "Convention signed",
             "referent": "R\u00e9f\u00e9rent named", "trained": "Trained",
             "first_use": "First use", "regular": "Regular use", "renewal": "Renewal due",
             "left": "Left", "refused": "Refused", "dissolved": "Dissolved"}[stage["stage"]]
    tab_to(s, label)
    s.keys("Enter")
    rows = listed_rows(s, "[filter: stage:%s]" % stage["stage"])
    assert len(rows) == min(stage["n"], 22), s.dump()
    s.keys("q")
    s.wait_for("Dashboard")
    # The least used service: its users (a figure above 0), in the members list.
    svc = db_query(db, "SELECT v.code, count(DISTINCT u.member_id) AS n FROM usage u JOIN"
                       " service v ON v.id = u.service_id WHERE u.count > 0 GROUP BY v.id"
                       " ORDER BY n, v.code LIMIT 1")[0]
    tab_to(s, "  %s " % svc["code"], tries=300)
    s.keys("Enter")
    rows = listed_rows(s, "[filter: uses:%s]" % svc["code"])
    assert len(rows) == min(svc["n"], 22), s.dump()
    s.keys("q")
    s.wait_for("Dashboard")
    # The first EPCI: its actions and its communes' (member:#id rolls them up).
    epci = db_query(db, "SELECT e.id, e.name, (SELECT count(*) FROM action a JOIN member m"
                        " ON m.id = a.member_id WHERE a.status IN " + OPEN +
                        " AND (m.id = e.id OR m.parent_id = e.id)) AS n FROM member e"
                        " WHERE e.kind = 'epci' ORDER BY n DESC, e.sort_key LIMIT 1")[0]
    tab_to(s, epci["name"][:20], tries=400)
    s.keys("Enter")
    rows = listed_rows(s, "[filter: member:#%d]" % epci["id"])
    assert len(rows) == min(epci["n"], 22), s.dump()
    s.keys("q")
    s.wait_for("Dashboard")
    s.keys("q")
    s.wait_gone("Dashboard")
    s.quit()


def test_a_period_of_ones_own_and_a_frozen_one(spawn, db, tmp_path):
    env = base_env(str(tmp_path))
    last = db_query(db, "SELECT strftime('%Y-%m', date(?, 'start of month', '-1 month'))"
                        " AS m", (TODAY,))[0]["m"]
    r = run_cli(["report", "--db", db, "--freeze", last], env)
    assert r.returncode == 0, r.stderr
    s = start(spawn, db)
    s.keys("B")
    s.wait_for("Open actions by p")
    s.keys("c")
    s.wait_for("Period")
    s.type("2026-13")
    s.keys("Enter")
    s.wait_for("is not a period")
    assert "Dashboard \u2014 %s" % TODAY[:7] in s.line(0), s.dump()
    s.keys("c")
    s.wait_for("Period")
    s.type("2026-Q3")
    s.keys("Enter")
    s.wait_for("Dashboard \u2014 2026-Q3")
    s.keys("p")                    # back to the fixed periods: this month, then last
    s.wait_for("Dashboard \u2014 %s" % TODAY[:7])
    # A figure far down selected: the next period still reads from its top, its
    # "Frozen on" note first (a review found the selection kept it scrolled away).
    for _ in range(30):
        s.keys("Tab")
    s.settle()
    assert "(1-" not in s.line(0), s.dump()
    s.keys("p")
    s.wait_for("Dashboard \u2014 %s" % last)
    s.wait_for("Frozen on")
    s.keys("q")
    s.wait_gone("Dashboard")
    s.quit()


def test_a_departement_filters_the_members(db, tmp_path):
    """The dashboard's département lines list their members (dept:29), as the
    members' filter and `suivi journey list --query` take it."""
    env = base_env(str(tmp_path))
    n = db_query(db, "SELECT count(*) AS n FROM member WHERE departement = '29'")[0]["n"]
    r = run_cli(["journey", "list", "--db", db, "--query", "dept:29"], env)
    assert r.returncode == 0, r.stderr
    assert len(r.stdout.splitlines()) - 1 == n > 0, r.stdout
    bad = run_cli(["journey", "list", "--db", db, "--query", "dept:2"], env)
    assert bad.returncode == 2 and "column 6" in bad.stderr, bad.stderr


def test_the_dashboard_follows_another_sessions_write(spawn, db):
    """Two sessions on one file: what another one commits shows on the dashboard
    at its next refresh, without a key."""
    import sqlite3
    s = start(spawn, db)
    s.keys("B")
    s.wait_for("Open actions by p")
    top = busiest_pole(db)
    row = [l for l in s.screen_text().splitlines() if top["name"][:20] in l]
    assert row and (" %d " % top["n"]) in row[0] + " ", s.dump()
    con = sqlite3.connect(db)
    with con:
        con.execute("UPDATE action SET status = 'done', closed_at = ?, version = version + 1"
                    " WHERE id = (SELECT a.id FROM action a JOIN pole p ON p.id = a.pole_id"
                    " WHERE p.name = ? AND a.status IN " + OPEN + " LIMIT 1)",
                    (TODAY + " 10:00:00", top["name"]))
    con.close()
    s.wait_until(lambda: any(top["name"][:20] in l and (" %d " % (top["n"] - 1)) in l + " "
                             for l in s.screen_text().splitlines()),
                 "the pole's count one less", timeout=10)
    s.keys("q")
    s.wait_gone("Dashboard")
    s.quit()


def test_enter_on_a_week_and_on_the_resolution_times(spawn, db):
    """A week's line lists the actions opened that week (closed since or not); the
    response and resolution lines the actions closed in the period."""
    month = TODAY[:7]
    weeks = db_query(db, "SELECT date(created_at, '-6 days', 'weekday 1') AS w, count(*) AS n"
                         " FROM action WHERE created_at >= ? AND created_at < date(?, '+1 month')"
                         " GROUP BY w ORDER BY n, w LIMIT 1", (month + "-01", month + "-01"))
    closed = db_query(db, "SELECT count(*) AS n FROM action WHERE closed_at >= ? AND closed_at"
                          " < date(?, '+1 month') AND status IN ('done', 'cancelled')",
                      (month + "-01", month + "-01"))[0]["n"]
    s = start(spawn, db)
    s.keys("B")
    s.wait_for("Open actions by p")
    assert weeks and closed, "the demo has actions opened and closed this month"
    if weeks:
        row = tab_to(s, "  %s  opened" % weeks[0]["w"])   # the line of its Monday
        assert (" %d " % weeks[0]["n"]) in row + " ", row
        s.keys("Enter")
        rows = listed_rows(s, "opened:")
        assert len(rows) == min(weeks[0]["n"], 22), s.dump()
        s.keys("q")
        s.wait_for("Dashboard")
    if closed:
        tab_to(s, "Resolution, member")
        s.keys("Enter")
        rows = listed_rows(s, "closed:%s-01.." % month)
        assert len(rows) == min(closed, 22), s.dump()
        s.keys("q")
        s.wait_for("Dashboard")
    s.keys("q")
    s.wait_gone("Dashboard")
    s.quit()
