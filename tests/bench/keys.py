"""Per-key figures for `make bench`: one session of the real binary in a pseudo-terminal
(the screen-test harness), every key timed on its own.

A key's latency is the time from writing it to the pty to the last byte of the
screen update it caused (the update ends when the program has been silent for
QUIET seconds); its work is the CPU time the process used meanwhile (schedstat,
nanoseconds), and its bytes what it wrote.  The program draws once per key, after
the work, so the first byte comes when the work is done.

Each group of keys is pressed many times (median and p99 over the presses); a
filter is typed letter by letter, each letter one press, and cleared with Esc
between rounds.
"""
import os
import statistics
import time

import conftest  # noqa: E402  (tests/screen on sys.path: the caller puts it there)

QUIET = 0.03       # s of silence that ends a screen update
FIRST_BYTE = 0.6   # s to wait for a key's first byte before calling it silent


def cpu_ns(pid):
    """CPU time used so far by every thread of pid, in ns (schedstat; else ticks)."""
    total, ok = 0, False
    try:
        for t in os.listdir("/proc/%d/task" % pid):
            with open("/proc/%d/task/%s/schedstat" % (pid, t)) as f:
                total += int(f.read().split()[0])
                ok = True
    except (OSError, ValueError, IndexError):
        ok = False
    if ok and total > 0:
        return total
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * 10**9 // os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0


def peak_kb(pid):
    """The process's peak resident set (VmHWM) and, of what it holds now, the pages
    of mapped files (RssFile: the binary, libc, SQLite, ncurses, the locale: the
    same pages for every session on a server), in kB; 0 if unreadable.  VmHWM less
    RssFile is what the session itself held at its peak (nearly: a file page first
    touched after the peak counts against it)."""
    got = {"VmHWM:": 0, "RssFile:": 0}
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                key = line.split(":", 1)[0] + ":"
                if key in got:
                    got[key] = int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return got["VmHWM:"], got["RssFile:"]


def quiet(s, seconds=QUIET):
    """Read until the program has been silent for `seconds`."""
    while True:
        n = len(s.raw)
        s.pump(seconds)
        if len(s.raw) == n or s.fd is None:
            return


def press(s, data, wait=FIRST_BYTE):
    """Write data (bytes) once; (seconds to the last byte or None, bytes, CPU ns)."""
    quiet(s)
    n0, c0 = len(s.raw), cpu_ns(s.pid)
    t0 = time.monotonic()
    os.write(s.fd, data)
    end = t0 + wait
    while len(s.raw) == n0 and time.monotonic() < end and s.fd is not None:
        s.pump(0.05)
    quiet(s)
    took = s.last_rx - t0 if len(s.raw) > n0 else None
    return took, len(s.raw) - n0, cpu_ns(s.pid) - c0


def kb(s, name):
    return conftest.key_bytes(s.term, name)


class Figures:
    """Presses by group, in the order first seen."""

    def __init__(self, log=None):
        self.groups = {}
        self.letters = {}       # group of a typed filter: [samples of letter 1, 2, ...]
        self.log = log

    def add(self, group, sample):
        if self.log and group not in self.groups:
            self.log(group)
        self.groups.setdefault(group, []).append(sample)

    def keys(self, s, group, name, times, back=None):
        """Press name times; at the end of a short list (a press that drew nothing)
        go on with back, the other way, and so on."""
        for _ in range(times):
            sample = press(s, kb(s, name))
            self.add(group, sample)
            if sample[0] is None and back:
                name, back = back, name

    def typed(self, s, group, text, rounds, opener="/"):
        """Type text letter by letter after opener (each letter a press); Esc."""
        for _ in range(rounds):
            press(s, opener.encode())
            by_letter = self.letters.setdefault(group, [[] for _ in text])
            for i, ch in enumerate(text):
                sample = press(s, ch.encode())
                self.add(group, sample)
                by_letter[i].append(sample)
            press(s, kb(s, "Esc"))
            time.sleep(0.05)     # a lone Esc must not merge with the next key


def p99(values):
    v = sorted(values)
    return v[min(len(v) - 1, int(round(0.99 * (len(v) - 1))))]


def stats(samples):
    """(median ms, p99 ms, median bytes, median CPU ms, p99 CPU ms, silent presses)
    of the presses that drew something."""
    drawn = [x for x in samples if x[0] is not None]
    if not drawn:
        return None
    lat = [t * 1000 for t, _, _ in drawn]
    cpu = [c / 1e6 for _, _, c in drawn]
    return (statistics.median(lat), p99(lat), statistics.median(b for _, b, _ in drawn),
            statistics.median(cpu), p99(cpu), len(samples) - len(drawn))


def first_screen(db, env, name):
    """Start suivi on db: (Suivi, seconds from exec to name on the screen)."""
    t0 = time.monotonic()
    s = conftest.Suivi(["--db", db], env)
    end = t0 + 120
    while name not in s.screen_text():
        if time.monotonic() > end or s.fd is None:
            raise AssertionError("no first screen on %s\n%s" % (db, s.dump()))
        s.pump(0.01)
    return s, s.last_rx - t0


MOVES = 30      # presses per movement key
PAGES = 15
ENDS = 6
ROUNDS = 4      # filters typed per word
SEARCHES = 5


def search(s, fig, group, word):
    """S, the word, Enter (the press timed), then Esc back to the main screen."""
    for _ in range(SEARCHES):
        press(s, b"S")
        s.wait_for("Search everything", timeout=10)
        os.write(s.fd, kb(s, "^U") + word.encode())   # the field keeps the last search
        quiet(s)
        fig.add(group, press(s, kb(s, "Enter")))
        if "Nothing found" not in s.screen_text():
            press(s, kb(s, "Esc"))
        s.wait_for("Timeline", timeout=10)
        time.sleep(0.05)


DASHBOARDS = 3  # rounds of B and p through the four periods
PERIODS = ("last month", "quarter", "year", "this month")


def dashboard(s, fig):
    """B (the dashboard on this month), then p through every period, then q; each
    press timed to the last byte of its screen (the figures are read on the key)."""
    for _ in range(DASHBOARDS):
        fig.add("B: dashboard (this month)", press(s, b"B", wait=30))
        for period in PERIODS:
            fig.add("dashboard: p (%s)" % period, press(s, b"p", wait=30))
        press(s, b"q")
        s.wait_for("Timeline", timeout=10)


def movement(s, fig, pane):
    fig.keys(s, pane + ": j", "j", MOVES, back="k")
    fig.keys(s, pane + ": k", "k", MOVES, back="j")
    fig.keys(s, pane + ": ^F (page down)", "^F", PAGES, back="^B")
    fig.keys(s, pane + ": ^B (page up)", "^B", PAGES, back="^F")


STARTS = 3     # the first screen: the median of this many starts


def session(db, env, words, log=None):
    """Every figure on db.  words: dict of busy (a member's name), action_word,
    member_word, none_word, search_common, search_rare.  Returns (first screen s,
    (peak kB, file kB), Figures).  A start once before (the first open of a copy makes its
    WAL files) and between starts: the first screen of a session as users have it."""
    first = conftest.first_member(db)["name"][:20]
    conftest.run_cli(["search", "x", "--db", db], env)
    starts = []
    for _ in range(STARTS - 1):
        s, start = first_screen(db, env, first)
        starts.append(start)
        s.keys("q")
        s.reap(10)
        s.kill()
    s, start = first_screen(db, env, first)
    start = statistics.median(starts + [start])
    fig = Figures(log)
    try:
        quiet(s, 0.5)
        movement(s, fig, "members")
        fig.keys(s, "members: G / g (ends)", "G", 1)
        for _ in range(ENDS):
            fig.keys(s, "members: G / g (ends)", "g", 1)
            fig.keys(s, "members: G / g (ends)", "G", 1)
        press(s, b"g")
        fig.typed(s, "members: filter, a match (%s)" % words["member_word"],
                  words["member_word"], ROUNDS)
        fig.typed(s, "members: filter, no match (%s)" % words["none_word"],
                  words["none_word"], ROUNDS)
        # The busiest member, selected with the filter kept (Enter): the last of
        # the names holding its name (copies are "k Name", sorting first).
        press(s, b"/")
        press(s, words["busy_key"].encode(), wait=2.0)   # at once: as a paste
        press(s, kb(s, "Enter"))
        press(s, b"G")
        press(s, b"2")
        movement(s, fig, "timeline (busiest member)")
        press(s, b"3")
        movement(s, fig, "actions, open queue")
        fig.keys(s, "actions, open queue: G / g (ends)", "G", 1)
        for _ in range(ENDS):
            fig.keys(s, "actions, open queue: g / G (ends)", "g", 1)
            fig.keys(s, "actions, open queue: g / G (ends)", "G", 1)
        press(s, b"g")
        fig.typed(s, "actions: filter, a match (%s)" % words["action_word"],
                  words["action_word"], ROUNDS)
        fig.typed(s, "actions: filter, no match (%s)" % words["none_word"],
                  words["none_word"], ROUNDS)
        fig.add("actions: v (next scope)", press(s, b"v"))
        movement(s, fig, "actions, busiest member's")
        fig.add("actions: v (next scope)", press(s, b"v"))
        movement(s, fig, "actions, mine")
        for _ in range(3 * 3 - 1):
            fig.add("actions: v (next scope)", press(s, b"v"))
        search(s, fig, "S: search, a common word (%s)" % words["search_common"],
               words["search_common"])
        search(s, fig, "S: search, a rare word (%s)" % words["search_rare"],
               words["search_rare"])
        peak = peak_kb(s.pid)       # of the keys above; the dashboard reads more
        dashboard(s, fig)
        s.keys("q")
        s.reap(10)
    finally:
        s.kill()
    return start, peak, fig


# Words planted in the copies timed (demo and region alike), so that "a match" is
# rare at every size: the region copy repeats each demo title 313 times.
ACTION_WORD = "Kerzéphyr"       # in one open action's title
MEMBER_WORD = "Plouzorn"        # in one member's name


def plant(db):
    """Put the rare words in db (one action, one member: the store's folded
    columns too, and the triggers index them); return the words to type."""
    con = conftest.db_connect(db)
    try:
        with con:
            a = con.execute("SELECT max(id) FROM action WHERE status NOT IN"
                            " ('done', 'cancelled')").fetchone()[0]
            # search is "title\nmember" (schema v5): the word goes at the title's end
            con.execute("UPDATE action SET title = title || ' ' || ?, search ="
                        " replace(search, char(10), ' ' || ? || char(10)) WHERE id = ?",
                        (ACTION_WORD, conftest.fold(ACTION_WORD), a))
            m = con.execute("SELECT max(id) FROM member").fetchone()[0]
            con.execute("UPDATE member SET name = name || ' ' || ?, sort_key = sort_key"
                        " || ' ' || ? WHERE id = ?",
                        (MEMBER_WORD, conftest.fold(MEMBER_WORD), m))
        busy = con.execute("SELECT m.sort_key FROM action a JOIN member m"
                           " ON m.id = a.member_id GROUP BY m.id"
                           " ORDER BY count(*) DESC, m.id LIMIT 1").fetchone()[0]
    finally:
        con.close()
    return {"action_word": conftest.fold(ACTION_WORD), "member_word": conftest.fold(MEMBER_WORD),
            "none_word": "zqxjw", "busy_key": busy, "search_common": "certificat",
            "search_rare": conftest.fold(ACTION_WORD)}
