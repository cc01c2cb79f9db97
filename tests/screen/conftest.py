"""Screen-test harness: the real suivi binary in a pseudo-terminal, its output fed
into a pyte screen, keys sent as the terminal would send them.

Run with Debian's interpreter (it has python3-pyte and python3-pytest):
    SUIVI_BIN=build/suivi /usr/bin/python3 -m pytest -q tests/screen
"""
import errno
import fcntl
import glob
import os
import pty
import pwd
import re
import select
import shutil
import signal
import sqlite3
import struct
import subprocess
import termios
import time
import unicodedata

import pyte
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SUIVI_BIN = os.path.abspath(os.environ.get("SUIVI_BIN", os.path.join(ROOT, "build", "suivi")))
FAKE_EDITOR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fake_editor.sh")
NOW = "2026-11-20 10:00:00"
TODAY = NOW[:10]
LOGIN = pwd.getpwuid(os.getuid()).pw_name
# ASan/valgrind builds are several times slower: one factor for every timeout.
SLOW = float(os.environ.get("SUIVI_TEST_SLOW", "3" if "asan" in SUIVI_BIN else "1"))


# ---- the screen ---------------------------------------------------------------------
class Screen(pyte.Screen):
    """pyte 0.8 lacks a few sequences ncurses uses with xterm-256color and screen:
    REP (repeat the last character), SU/SD (scroll the region), CBT/CHT (tabs).
    Without them the emulated screen would silently differ from a real one."""

    last_char = " "

    def draw(self, data):
        super().draw(data)
        if data:
            self.last_char = data[-1]

    def repeat_last(self, count=None, *_, **__):
        self.draw(self.last_char * max(count or 1, 1))

    def scroll_up(self, count=None, *_, **__):
        top, bottom = self.margins or pyte.screens.Margins(0, self.lines - 1)
        for _i in range(max(count or 1, 1)):
            for y in range(top, bottom):
                self.buffer[y] = self.buffer[y + 1]
            self.buffer.pop(bottom, None)
        self.dirty.update(range(self.lines))

    def scroll_down(self, count=None, *_, **__):
        top, bottom = self.margins or pyte.screens.Margins(0, self.lines - 1)
        for _i in range(max(count or 1, 1)):
            for y in range(bottom, top, -1):
                self.buffer[y] = self.buffer[y - 1]
            self.buffer.pop(top, None)
        self.dirty.update(range(self.lines))

    def cursor_back_tab(self, count=None, *_, **__):
        for _i in range(max(count or 1, 1)):
            stops = [s for s in self.tabstops if s < self.cursor.x]
            self.cursor.x = max(stops) if stops else 0

    def cursor_forward_tab(self, count=None, *_, **__):
        for _i in range(max(count or 1, 1)):
            self.tab()

    def resize(self, lines=None, columns=None):
        super().resize(lines, columns)
        self.tabstops = set(range(8, self.columns, 8))


class ByteStream(pyte.ByteStream):
    """UTF-8 input that still honours ESC ( 0 and SO/SI, as xterm does: ncurses draws
    its line-drawing characters that way on xterm and vt100."""
    csi = dict(pyte.ByteStream.csi, b="repeat_last", S="scroll_up", T="scroll_down",
               Z="cursor_back_tab", I="cursor_forward_tab")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.use_utf8 = False       # pyte ignores charsets in UTF-8 mode

    def feed(self, data):
        pyte.Stream.feed(self, self.utf8_decoder.decode(data))


# ---- keys ---------------------------------------------------------------------------
# Keys named after terminfo capabilities: the bytes depend on TERM (ncurses puts the
# keypad in application mode with smkx, so Down is ESC O B on xterm, not ESC [ B).
TERMINFO_KEYS = {
    "Up": "kcuu1", "Down": "kcud1", "Left": "kcub1", "Right": "kcuf1",
    "PgUp": "kpp", "PgDn": "knp", "Home": "khome", "End": "kend",
    "S-Tab": "kcbt", "F1": "kf1", "F2": "kf2", "Backspace": "kbs", "Delete": "kdch1",
}
FIXED_KEYS = {"Tab": "\t", "Enter": "\r", "Esc": "\x1b", "Space": " "}
_terminfo_cache = {}


def terminfo_key(term, name):
    cap = TERMINFO_KEYS[name]
    if (term, cap) not in _terminfo_cache:
        r = subprocess.run(["tput", "-T", term, cap], stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL)
        _terminfo_cache[term, cap] = r.stdout if r.returncode == 0 else b""
    seq = _terminfo_cache[term, cap]
    if not seq:
        pytest.skip("TERM=%s has no %s key (%s)" % (term, name, cap))
    return seq


def key_bytes(term, name):
    """Bytes for a key name: "Tab", "Down", "^X" (control), or a single character."""
    if name in FIXED_KEYS:
        return FIXED_KEYS[name].encode()
    if name in TERMINFO_KEYS:
        return terminfo_key(term, name)
    if len(name) == 2 and name[0] == "^":
        return bytes([ord(name[1].upper()) & 0x1F])
    if len(name) == 1:
        return name.encode()
    raise ValueError("unknown key name %r" % name)


# ---- text helpers -------------------------------------------------------------------
def fold(text):
    """Lower case without accents, as the program's filter compares ("Plœmeur" →
    "ploemeur")."""
    text = text.lower().replace("œ", "oe").replace("æ", "ae")
    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))


def squash(text):
    return re.sub(r"\s+", " ", text).strip()


# ---- the program in a pty -------------------------------------------------------------
class Suivi:
    """One running suivi in a pseudo-terminal."""

    def __init__(self, args, env, cols=80, rows=24, cwd=None, block_sighup=False):
        self.term = env.get("TERM", "xterm-256color")
        self.screen = Screen(cols, rows)
        self.stream = ByteStream(self.screen)
        self.raw = bytearray()
        self.status = None          # exit status once reaped (negative: signal)
        self.last_rx = 0.0          # when the last output arrived (time.monotonic)
        self.argv = [SUIVI_BIN] + list(args)
        pid, fd = pty.fork()
        if pid == 0:  # child: never return into pytest
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
                if block_sighup:
                    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGHUP})
                if cwd:
                    os.chdir(cwd)
                os.execve(self.argv[0], self.argv, env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd

    # -- output --
    def _read(self, timeout):
        """Read what is available within timeout; False once the pty is closed."""
        if self.fd is None:
            return False
        r, _, _ = select.select([self.fd], [], [], timeout)
        if not r:
            return True
        try:
            data = os.read(self.fd, 65536)
        except OSError as e:
            if e.errno != errno.EIO:
                raise
            data = b""
        if not data:          # EIO: the child closed its side (it exited)
            return False
        self.raw += data
        self.last_rx = time.monotonic()
        self.stream.feed(data)
        return True

    def pump(self, timeout=0.0):
        self._read(timeout)

    def settle(self, quiet=0.15, timeout=5):
        """Read until the program has been silent for `quiet` seconds."""
        end = time.monotonic() + timeout * SLOW
        while time.monotonic() < end:
            n = len(self.raw)
            if not self._read(quiet * SLOW):
                return
            if len(self.raw) == n:
                return

    def wait_until(self, pred, what, timeout=5):
        """Poll until pred() holds, then let the redraw in progress finish."""
        end = time.monotonic() + timeout * SLOW
        while True:
            if pred():
                self.settle(0.05)
                return
            if time.monotonic() > end:
                raise AssertionError("timeout waiting for %s\n%s" % (what, self.dump()))
            if not self._read(0.05) and not pred():
                self.reap(0.5)
                raise AssertionError("program ended (status %s) while waiting for %s\n%s"
                                     % (self.status, what, self.dump()))

    def wait_for(self, text, timeout=5):
        """Wait until text (a string, or a compiled regex) is on the screen."""
        if isinstance(text, re.Pattern):
            self.wait_until(lambda: text.search(self.screen_text()), repr(text.pattern), timeout)
        else:
            self.wait_until(lambda: text in self.screen_text(), repr(text), timeout)

    def wait_gone(self, text, timeout=5):
        self.wait_until(lambda: text not in self.screen_text(), "%r to go" % text, timeout)

    # -- input --
    def type(self, text):
        """Type literal text."""
        os.write(self.fd, text.encode())

    def keys(self, *names):
        """Press named keys ("Tab", "Down", "^X", "j"…)."""
        for name in names:
            os.write(self.fd, key_bytes(self.term, name))
            if name == "Esc":
                # A lone Esc must not merge with what follows into an escape sequence.
                time.sleep(0.2)
                self.pump()

    def focus_field(self, label, max_tabs=12):
        """In a form: Tab until the cursor is on the row of `label`."""
        for _ in range(max_tabs):
            self.settle(0.1)
            if label in self.line(self.screen.cursor.y):
                return
            self.keys("Tab")
        raise AssertionError("cannot reach field %r with Tab\n%s" % (label, self.dump()))

    # -- screen --
    def lines(self):
        return self.screen.display

    def line(self, n):
        return self.screen.display[n]

    def screen_text(self):
        return "\n".join(self.screen.display)

    def cell(self, x, y):
        return self.screen.buffer[y][x]

    def cursor(self):
        return self.screen.cursor.x, self.screen.cursor.y

    def region(self, x0, y0, x1, y1):
        """Text of the rectangle [x0,x1) x [y0,y1) as lines."""
        return [self.line(y)[x0:x1] for y in range(y0, y1)]

    def highlighted(self, y, x0=0, x1=None):
        """True when row y (columns x0..x1) is drawn as a selection: reverse video or a
        non-default background over most of its cells."""
        x1 = self.screen.columns if x1 is None else x1
        cells = [self.screen.buffer[y][x] for x in range(x0, x1)]
        marked = sum(1 for c in cells if c.reverse or c.bg != "default")
        return cells and marked * 2 > len(cells)

    def find(self, text):
        """(x, y) of the first occurrence of text on the screen, or None."""
        for y, row in enumerate(self.screen.display):
            x = row.find(text)
            if x >= 0:
                return x, y
        return None

    def dump(self):
        rows = ["%2d|%s|" % (y, r) for y, r in enumerate(self.screen.display)]
        return ("screen %dx%d, cursor %s, TERM=%s:\n%s\nlast bytes: %r"
                % (self.screen.columns, self.screen.lines, self.cursor(), self.term,
                   "\n".join(rows), bytes(self.raw[-300:])))

    def resize(self, cols, rows):
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.screen.resize(rows, cols)

    # -- process --
    def reap(self, timeout=5):
        """Wait up to timeout for the process to end; its status, or None."""
        if self.status is not None:
            return self.status
        end = time.monotonic() + timeout * SLOW
        while True:
            pid, st = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = (os.WEXITSTATUS(st) if os.WIFEXITED(st)
                               else -os.WTERMSIG(st))
                while self._read(0.05):   # what it wrote last
                    if self.fd is None:
                        break
                    r, _, _ = select.select([self.fd], [], [], 0)
                    if not r:
                        break
                return self.status
            if time.monotonic() > end:
                return None
            self._read(0.05) if self.fd is not None else time.sleep(0.05)

    def cpu_seconds(self):
        """User+system CPU time used so far by the process (Linux /proc)."""
        try:
            with open("/proc/%d/stat" % self.pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError):
            return 0.0

    def close_master(self):
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def quit(self, timeout=5):
        """Press q and expect a clean exit with status 0."""
        self.keys("q")
        st = self.reap(timeout)
        assert st == 0, "quit: status %r\n%s" % (st, self.dump())

    def kill(self):
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.reap(5)
        self.close_master()


# ---- environment and fixtures ------------------------------------------------------------
def base_env(tmp, term="xterm-256color", editor_text="Body written in the editor"):
    """A fixed environment: same time zone, locale, clock and home on every machine."""
    home = os.path.join(tmp, "home")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": home,
        "XDG_CONFIG_HOME": os.path.join(home, ".config"),
        "XDG_DATA_HOME": os.path.join(home, ".local", "share"),
        "XDG_STATE_HOME": os.path.join(home, ".local", "state"),
        "XDG_CACHE_HOME": os.path.join(home, ".cache"),
        "TZ": "Europe/Paris",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TERM": term,
        "SUIVI_NOW": NOW,
        "SUIVI_EDITOR": FAKE_EDITOR,
        "SUIVI_TEST_EDITOR_TEXT": editor_text,
        "SUIVI_TEST_EDITOR_LOG": os.path.join(tmp, "editor.log"),
    }
    for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
        if k in os.environ:
            env[k] = os.environ[k]
    os.makedirs(env["XDG_CONFIG_HOME"], exist_ok=True)
    return env


def run_cli(args, env, timeout=30, stdin=subprocess.DEVNULL):
    """Run suivi without a terminal; CompletedProcess with text output."""
    return subprocess.run([SUIVI_BIN] + list(args), env=env, stdin=stdin,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=timeout * SLOW, errors="replace")


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory):
    """The demo database, created once per run with a fixed seed and clock."""
    if not os.access(SUIVI_BIN, os.X_OK):
        pytest.fail("no binary at %s (set SUIVI_BIN)" % SUIVI_BIN)
    tmp = str(tmp_path_factory.mktemp("demo"))
    path = os.path.join(tmp, "demo.db")
    before = sanitizer_logs()
    r = run_cli(["demo", "--db", path, "--seed", "42"], base_env(tmp), timeout=120)
    check_sanitizer_logs(before)
    assert r.returncode == 0, "suivi demo failed (%d):\n%s%s" % (r.returncode, r.stdout, r.stderr)
    assert os.path.getsize(path) > 0
    return path


@pytest.fixture
def env(tmp_path):
    return base_env(str(tmp_path))


@pytest.fixture
def db(demo_db, tmp_path):
    """A private copy of the demo database (the demo file is not live: copying is safe)."""
    path = str(tmp_path / "suivi.db")
    for suffix in ("", "-wal"):
        if os.path.exists(demo_db + suffix):
            shutil.copyfile(demo_db + suffix, path + suffix)
    return path


@pytest.fixture
def spawn(env, tmp_path):
    """spawn(db=..., args=[...], term=..., cols=, rows=, env=) → a running Suivi.
    Every process still running at the end of the test is killed."""
    procs = []

    def _spawn(db=None, args=(), term=None, cols=80, rows=24, extra_env=None, **kw):
        e = dict(env)
        if term:
            e["TERM"] = term
        if extra_env:
            e.update(extra_env)
        argv = (["--db", db] if db else []) + list(args)
        p = Suivi(argv, e, cols, rows, cwd=str(tmp_path), **kw)
        procs.append(p)
        return p

    yield _spawn
    for p in procs:
        p.kill()


def sanitizer_logs():
    """Files the sanitizers write (ASAN_OPTIONS/UBSAN_OPTIONS log_path=…)."""
    found = set()
    for var in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
        m = re.search(r"(?:^|:)log_path=([^:]+)", os.environ.get(var, ""))
        if m:
            found.update(glob.glob(m.group(1) + ".*"))
    return found


@pytest.fixture(autouse=True)
def no_sanitizer_reports():
    """Fail the test when a sanitizer report appears while it runs."""
    before = sanitizer_logs()
    yield
    check_sanitizer_logs(before)


def check_sanitizer_logs(before):
    """Fail with the reports written since `before`; each is then removed (reported
    once: tests/run.sh counts any report left over as a failure of its own)."""
    new = sorted(sanitizer_logs() - before)
    if new:
        text = []
        for path in new:
            with open(path, errors="replace") as f:
                text.append("==> %s\n%s" % (path, f.read()[:4000]))
            os.remove(path)
        pytest.fail("sanitizer report(s):\n" + "\n".join(text[:3]), pytrace=False)


# ---- database helpers (the program's own schema, read with python's sqlite3) ---------------
def db_connect(path):
    con = sqlite3.connect(path, timeout=10)
    con.row_factory = sqlite3.Row
    return con


def db_query(path, sql, args=()):
    con = db_connect(path)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def first_member(path):
    return db_query(path, "SELECT * FROM member ORDER BY sort_key, id LIMIT 1")[0]


# ---- the panes ---------------------------------------------------------------------------
def start(spawn, db, **kw):
    """Open the UI on db and wait for the three panes."""
    s = spawn(db=db, **kw)
    s.wait_for("Members")
    s.wait_for("Timeline")
    s.wait_for("Actions")
    s.wait_for(first_member(db)["name"][:20])
    return s


def pane_split(s):
    """Column where the right-hand panes (timeline, actions) begin."""
    x, _ = s.find("Timeline")
    return max(x - 2, 10)


def members_rows(s):
    """The text of the members pane, one string per row below its title."""
    _, y = s.find("Members")
    split = pane_split(s)
    return [r.strip(" │|") for r in s.region(0, y + 1, split, s.screen.lines - 1)]


def timeline_text(s):
    split = pane_split(s)
    _, y0 = s.find("Timeline")
    _, y1 = s.find("Actions") or (0, s.screen.lines - 1)
    return "\n".join(s.region(split, y0, s.screen.columns, y1))
