"""Benchmarks for `make bench`: figures to compare between versions, never pass/fail.

Drives the real binary in a pseudo-terminal (the screen-test harness) on the demo
database and on a region-scale copy of it (tests/bench/region.py: 100,000 members,
2,000,000 interactions, 300,000 actions, built by SQL once and kept under
$BUILD/bench/), side by side: per-key work must not grow with the data.

Figures: demo creation; the time to the first screen and the peak memory of a
session; per key (tests/bench/keys.py) the median and p99 latency, bytes and CPU
for movement in each pane and each scope of the actions pane, the filters as
they are typed (a rare word, and one no row holds), and S (search); the idle cost
(bytes, CPU, wake-ups while nothing is typed, and per refresh while another
connection commits); a save (^X to "Saved", and fsync calls per save with strace),
also against the commit before durable commits (synchronous=NORMAL).

    bench.py BINARY [OLD_BINARY|none]
    $SUIVI_BENCH_KEYS_ONLY=1: the first screen, memory and per-key figures only
"""
import hashlib
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "bench"))
import conftest  # noqa: E402  (the harness; SUIVI_BIN comes from argv)
import keys  # noqa: E402  (per-key figures)
import region  # noqa: E402  (the region-scale copy)


def timed(fn):
    t0 = time.monotonic()
    r = fn()
    return time.monotonic() - t0, r


def huge_name(src, env):
    """CPU seconds for a three-letter filter matching a 30,000-character name at its
    end (the match is searched in every visible name at every key)."""
    db = src + ".huge"
    shutil.copyfile(src, db)
    con = sqlite3.connect(db)
    with con:
        con.execute("INSERT INTO member (name, sort_key, kind, status, created_at,"
                    " updated_at) VALUES (?, ?, 'other', 'member', '2026-01-01 00:00:00',"
                    " '2026-01-01 00:00:00')",
                    ("Long" + "\u00e9" * 30000 + " zzq", "long" + "e" * 30000 + " zzq"))
    con.close()
    s = conftest.Suivi(["--db", db], env)
    s.wait_for("Members", timeout=60)
    s.settle(0.3)
    before = s.cpu_seconds()
    s.type("/zzq")
    s.wait_for("/zzq_", timeout=120)
    s.settle(0.3)
    spent = s.cpu_seconds() - before
    s.keys("q")
    s.reap(10)
    s.kill()
    return spent


# ---- idle cost ------------------------------------------------------------------------
IDLE_S = 10          # seconds measured, nothing typed
COMMIT_REFRESH = 1000


cpu_ns = keys.cpu_ns  # one reader of /proc/PID/task/*/schedstat


def wakeups(pid):
    """Context switches so far (voluntary + not): how often the process woke up."""
    n = 0
    try:
        for t in os.listdir("/proc/%d/task" % pid):
            with open("/proc/%d/task/%s/status" % (pid, t)) as f:
                for line in f:
                    if "ctxt_switches:" in line:
                        n += int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return n


def open_ui(db, env, config=None):
    args = ["--db", db] + (["--config", config] if config else [])
    s = conftest.Suivi(args, env)
    s.wait_for(conftest.first_member(db)["name"][:20], timeout=60)
    s.settle(1.0)       # start-up work done (draft check, first refresh)
    return s


def watch(s, seconds, commit=None):
    """Read the pty for `seconds`, nothing typed; commit() once a second if given.
    Returns (bytes written, CPU ns, wake-ups, redraws: bursts of output)."""
    n0, c0, w0 = len(s.raw), cpu_ns(s.pid), wakeups(s.pid)
    t0 = time.monotonic()
    end = t0 + seconds
    next_commit = t0 + 0.5
    bursts, last = 0, None
    while True:
        now = time.monotonic()
        if now >= end:
            break
        if commit and now >= next_commit:
            commit()
            next_commit += 1.0
        before = len(s.raw)
        s.pump(min(0.05, max(end - now, 0)))
        if len(s.raw) > before:
            if last is None or s.last_rx - last > 0.25:
                bursts += 1
            last = s.last_rx
    return len(s.raw) - n0, cpu_ns(s.pid) - c0, wakeups(s.pid) - w0, bursts


def committer(db, member_id):
    """A function that commits one change to member_id's name from another
    connection (toggling a prefix: names are cut to the pane's width, so every commit
    changes what a screen shows of it)."""
    con = sqlite3.connect(db, timeout=10, isolation_level=None)
    name = con.execute("SELECT name FROM member WHERE id = ?", (member_id,)).fetchone()[0]
    state = {"n": 0}

    def commit():
        state["n"] += 1
        con.execute("BEGIN IMMEDIATE")
        con.execute("UPDATE member SET name = ?, version = version + 1,"
                    " updated_at = strftime('%Y-%m-%d %H:%M:%S', 'now') WHERE id = ?",
                    (("B " if state["n"] % 2 else "") + name, member_id))
        con.execute("COMMIT")
    return commit, con, name


def idle(db, env, tmp):
    """Idle figures on one database: 10 s at the default refresh and at 1000 ms, then
    10 s of one commit a second on a row off screen, then on a row on screen."""
    conf = os.path.join(tmp, "refresh-%d.ini" % COMMIT_REFRESH)
    with open(conf, "w") as f:
        f.write("[ui]\nrefresh_ms = %d\n" % COMMIT_REFRESH)
    con = sqlite3.connect(db)
    # Off screen: the last member in list order with no action (the actions pane
    # shows the members of open actions); on screen: the third row of the list.
    off = con.execute("SELECT id FROM member AS m WHERE NOT EXISTS (SELECT 1 FROM action"
                      " WHERE member_id = m.id) ORDER BY sort_key DESC, id DESC"
                      " LIMIT 1").fetchone()[0]
    on = con.execute("SELECT id FROM member ORDER BY sort_key, id LIMIT 1 OFFSET 2"
                     ).fetchone()[0]
    con.close()
    out = {}
    s = open_ui(db, env)
    out["default"] = watch(s, IDLE_S)
    s.keys("q")
    s.reap(10)
    s.kill()
    s = open_ui(db, env, conf)
    out["fast"] = watch(s, IDLE_S)
    for key, mid in (("off", off), ("on", on)):
        commit, c, name = committer(db, mid)
        out[key] = watch(s, IDLE_S, commit)
        c.close()
        shown = ("B " + name)[:10] in s.screen_text() or name[:10] in s.screen_text()
        if key == "on" and not shown:
            print("bench: note: the 'on screen' member %r was not on the screen" % name)
    s.keys("q")
    s.reap(10)
    s.kill()
    return out


def print_idle(cols):
    """cols: [(title, idle() result)]."""
    w = 26
    print("Idle: nothing typed, %d s, 80x24 (bytes written to the terminal, CPU ms used,"
          " wake-ups = context switches)" % IDLE_S)
    print("%-36s" % "" + "".join("%*s" % (w, t) for t, _ in cols))
    print("%-36s" % "" + "".join("%*s" % (w, "bytes  CPU ms  wake-ups") for _ in cols))
    for key, label in (("default", "refresh_ms 2000 (default), %d s" % IDLE_S),
                       ("fast", "refresh_ms %d, %d s" % (COMMIT_REFRESH, IDLE_S))):
        row = "%-36s" % label
        for _, r in cols:
            b, c, wk, _ = r[key]
            row += "%*s" % (w, "%6d %7.1f %9d" % (b, c / 1e6, wk))
        print(row)
    print()
    n = IDLE_S * 1000 // COMMIT_REFRESH
    print("Another connection commits once a second; refresh_ms %d: per refresh (%d refreshes"
          " in %d s), and the redraws seen" % (COMMIT_REFRESH, n, IDLE_S))
    print("%-36s" % "" + "".join("%*s" % (w, t) for t, _ in cols))
    print("%-36s" % "" + "".join("%*s" % (w, "bytes  CPU ms   redraws") for _ in cols))
    for key, label in (("fast", "nothing committed"),
                       ("off", "a member off screen renamed"),
                       ("on", "a member on screen renamed")):
        row = "%-36s" % label
        for _, r in cols:
            b, c, _, bursts = r[key]
            row += "%*s" % (w, "%6.0f %7.2f %9d" % (b / n, c / 1e6 / n, bursts))
        print(row)


# ---- a save --------------------------------------------------------------------------
SAVES = 10
STRACE_SAVES = 5


SAVED_RE = re.compile(r"Saved interaction #(\d+)")


def save_once(s, n):
    """i, Tab to Subject, type, ^X: seconds from ^X to "Saved interaction #" on the
    screen, and the wall-clock window (for strace's timestamps)."""
    s.keys("i")
    s.wait_for("New interaction", timeout=30)
    s.focus_field("Subject")
    subject = "Bench save %d" % n
    s.type(subject)
    s.wait_for(subject, timeout=30)
    s.settle(0.2)
    # The status line may still say "Saved interaction #N" of the save before.
    before = SAVED_RE.findall(s.screen_text())
    w0 = time.time()
    t0 = time.monotonic()
    os.write(s.fd, conftest.key_bytes(s.term, "^X"))
    end = t0 + 30
    while SAVED_RE.findall(s.screen_text()) in ([], before):
        if time.monotonic() > end:
            raise AssertionError("no 'Saved' 30 s after ^X\n" + s.dump())
        s.pump(0.005)
    took = s.last_rx - t0
    w1 = time.time()
    s.settle(0.3)
    return took, (w0, w1)


def strace_ok():
    strace = shutil.which("strace")
    if not strace:
        return None, "strace is not installed (apt-get install strace)"
    r = subprocess.run([strace, "-o", "/dev/null", "-e", "trace=none", "true"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, errors="replace")
    if r.returncode != 0:
        return None, "strace cannot trace here (%s)" % (r.stderr.strip().splitlines()
                                                       or ["ptrace refused"])[-1]
    return strace, None


FSYNC_RE = re.compile(r"^(?:\d+\s+)?(\d+\.\d+)\s+(fsync|fdatasync)\((\d+)(?:<([^>]*)>)?")


def fsync_kind(path, db):
    if not path:
        return "?"
    if path == db + "-wal":
        return "WAL"
    if path == db:
        return "database"
    if path == db + "-shm":
        return "shm"
    if path == os.path.dirname(db):
        return "db directory"
    if "/recovered" in path:
        return "draft"
    return path


def saves(bin_, db, env, strace):
    """Times of SAVES saves; with strace, fsync calls per save by file."""
    conftest.SUIVI_BIN = bin_
    s = open_ui(db, env)
    times = [save_once(s, i)[0] for i in range(SAVES)]
    s.keys("q")
    s.reap(10)
    s.kill()
    fs = None
    if strace:
        log = db + ".strace"
        conftest.SUIVI_BIN = strace
        try:
            s = conftest.Suivi(["-f", "-ttt", "-y", "-e", "trace=fsync,fdatasync", "-o", log,
                                bin_, "--db", db], env)
        finally:
            conftest.SUIVI_BIN = bin_
        s.wait_for(conftest.first_member(db)["name"][:20], timeout=60)
        s.settle(1.0)
        windows = [save_once(s, 100 + i)[1] for i in range(STRACE_SAVES)]
        s.keys("q")
        s.reap(20)
        s.kill()
        # fs[kind] = [calls in save 1, save 2, ..., calls outside the saves]
        fs = {}
        with open(log, errors="replace") as f:
            for line in f:
                m = FSYNC_RE.match(line)
                if not m:
                    continue
                t, kind = float(m.group(1)), fsync_kind(m.group(4), db)
                counts = fs.setdefault(kind, [0] * (len(windows) + 1))
                i = next((i for i, (a, b) in enumerate(windows) if a <= t <= b), -1)
                counts[i] += 1
    return times, fs


def print_saves(results, strace_why):
    print("A save: i, Tab to Subject, type, ^X, until \"Saved interaction #\" is on the"
          " screen (%d saves each; ms)" % SAVES)
    print("%-44s %8s %8s %8s" % ("", "median", "min", "max"))
    for label, (times, _) in results:
        ms = [t * 1000 for t in times]
        print("%-44s %8.1f %8.1f %8.1f" % (label, statistics.median(ms), min(ms), max(ms)))
    print()
    if strace_why:
        print("fsync calls per save: skipped: %s" % strace_why)
        return
    print("fsync + fdatasync calls, from ^X to \"Saved\" (strace -f -y; %d saves in a row,"
          " then what start-up and quit did)" % STRACE_SAVES)
    print("%-44s %-20s %s" % ("", "saves 1..%d" % STRACE_SAVES, "start+quit"))
    for label, (_, fs) in results:
        if fs is None:
            continue                # not traced (the region copy: the same calls)
        print(label)
        for kind, counts in sorted(fs.items(), key=lambda kv: -sum(kv[1][:-1])):
            print("  %-42s %-20s %d" % (kind, " ".join(str(c) for c in counts[:-1]),
                                       counts[-1]))
        if not fs:
            print("  (none)")


# ---- the region-scale copy, kept between runs --------------------------------------
def region_copy(demo):
    """The region copy of this demo, built once: $BUILD/bench/region-<demo's sha1>.db
    (the demo is the same bytes for the same binary and seed; a new schema makes a
    new demo, hence a new copy).  Older copies are removed: a gigabyte each."""
    cache = os.path.join(conftest.ROOT, os.environ.get("BUILD", "build"), "bench")
    os.makedirs(cache, exist_ok=True)
    with open(demo, "rb") as f:
        digest = hashlib.sha1(f.read()).hexdigest()[:16]
    path = os.path.join(cache, "region-%s-%s.db" % (region.VERSION, digest))
    for old in os.listdir(cache):
        if old.startswith("region-") and os.path.join(cache, old) != path:
            os.remove(os.path.join(cache, old))
    if os.path.exists(path):
        print("region copy: %s (kept from an earlier run)" % os.path.relpath(path, conftest.ROOT))
    else:
        region.build(demo, path + ".tmp")
        os.rename(path + ".tmp", path)
    return path


# ---- per key ------------------------------------------------------------------------
TARGET_START_MS, TARGET_MEDIAN_MS, TARGET_P99_MS, TARGET_PEAK_MB = 50, 1.0, 5.0, 6.0


def mark(value, limit):
    return "%s%s" % (value, "*" if limit is not None and float(value) >= limit else " ")


def print_keys(cols):
    """cols: [(title, (first screen s, (peak kB, file kB), keys.Figures))]."""
    w = 31
    print("Per key, 80x24: latency from the key to the last byte of its screen update"
          " (ms), bytes written, CPU used (ms); * misses the target (first screen < %d ms,"
          " peak < %g MB, median < %g ms, p99 < %g ms)"
          % (TARGET_START_MS, TARGET_PEAK_MB, TARGET_MEDIAN_MS, TARGET_P99_MS))
    print("%-44s" % "" + "".join("%*s" % (w, t) for t, _ in cols))
    print("%-44s" % "" + "".join("%*s" % (w, "median    p99  bytes  CPU p99")
                                 for _ in cols))
    print("%-44s" % "first screen (ms)" + "".join(
        "%*s" % (w, mark("%.1f" % (r[0] * 1000), TARGET_START_MS)) for _, r in cols))
    print("%-44s" % "peak memory (VmHWM, MB)" + "".join(
        "%*s" % (w, mark("%.1f" % (r[1][0] / 1024), TARGET_PEAK_MB)) for _, r in cols))
    print("%-44s" % "  its own (VmHWM less shared file pages)" + "".join(
        "%*s" % (w, mark("%.1f" % ((r[1][0] - r[1][1]) / 1024), TARGET_PEAK_MB))
        for _, r in cols))
    print("%-44s" % "  shared file pages (libraries, locale)" + "".join(
        "%*s" % (w, "%.1f " % (r[1][1] / 1024)) for _, r in cols))
    groups = list(cols[0][1][2].groups)
    skipped = 0
    for g in groups:
        row = "%-44s" % g[:44]
        for _, (_, _, fig) in cols:
            st = keys.stats(fig.groups.get(g, []))
            if not st:
                row += "%*s" % (w, "(no figure)")
                continue
            med, p99, b, _, cpu99, silent = st
            cell = "%s %s %6d %6.2f" % (mark("%6.2f" % med, TARGET_MEDIAN_MS),
                                        mark("%6.2f" % p99, TARGET_P99_MS), b, cpu99)
            row += "%*s" % (w, cell)
            skipped += silent
        print(row)
        for title, (_, _, fig) in cols:
            letters = fig.letters.get(g)
            if letters:
                meds = ["%.1f" % statistics.median(t * 1000 for t, _, _ in l if t is not None)
                        if any(t is not None for t, _, _ in l) else "-" for l in letters]
                print("    %-40s %s" % ("median by letter, " + title, " ".join(meds)))
    print("CPU p99: the CPU the program used, p99 over the presses (a latency p99 well"
          " above it is the machine's, not the program's); %d presses that drew nothing"
          " (the end of a short list, then the other way) are left out"
          % skipped)


def key_figures(dbs, env):
    """dbs: [(title, path)] -> [(title, result)], the rare words planted first."""
    out = []
    for title, path in dbs:
        words = keys.plant(path)
        out.append((title, keys.session(path, env, words)))
    return out


def section(failed, name, fn):
    """Run one benchmark; one that cannot run is said, and the others still run."""
    t0 = time.monotonic()
    try:
        fn()
        print("(%s: %.0f s)" % (name, time.monotonic() - t0))
    except (AssertionError, OSError, subprocess.SubprocessError, sqlite3.Error) as e:
        text = str(e).strip().splitlines()
        print("bench: %s could not run: %s" % (name, text[0] if text else type(e).__name__))
        if len(text) > 1:
            print("\n".join("    " + line for line in text[1:30]))
        failed.append(name)
    print()


def main():
    bin_ = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/suivi")
    old = sys.argv[2] if len(sys.argv) > 2 else "none"
    keys_only = os.environ.get("SUIVI_BENCH_KEYS_ONLY") == "1"
    conftest.SUIVI_BIN = bin_
    tmp = tempfile.mkdtemp(prefix="suivi-bench.")
    failed = []
    try:
        env = conftest.base_env(tmp)
        demo = os.path.join(tmp, "demo.db")
        t, r = timed(lambda: conftest.run_cli(["demo", "--db", demo, "--seed", "42"],
                                              env, timeout=300))
        if r.returncode != 0:
            sys.exit("bench: suivi demo failed: " + r.stderr)
        print("suivi demo --seed 42: %.2f s, %.1f MB" % (t, os.path.getsize(demo) / 1e6))
        cached = region_copy(demo)
        big = os.path.join(tmp, "region.db")
        t, _ = timed(lambda: shutil.copyfile(cached, big))
        small = os.path.join(tmp, "demo-keys.db")
        shutil.copyfile(demo, small)
        con = sqlite3.connect(big)
        counts = [con.execute("SELECT count(*) FROM %s" % k).fetchone()[0]
                  for k in ("member", "interaction", "action")]
        busiest = con.execute("SELECT count(*) FROM action GROUP BY member_id"
                              " ORDER BY 1 DESC LIMIT 1").fetchone()[0]
        con.close()
        big_title = "region (%dk members)" % (counts[0] // 1000)
        print("region copy: %d members, %d interactions, %d actions (the busiest member:"
              " %d); copied in %.1f s" % (counts[0], counts[1], counts[2], busiest, t))
        print()
        dbs = [("demo db", small), (big_title, big)]
        section(failed, "the per-key figures",
                lambda: print_keys(key_figures(dbs, env)))
        if keys_only:
            return
        section(failed, "the huge-name filter", lambda: print(
            "filter /zzq on a 30,000-character name: %.2f s CPU" % huge_name(demo, env)))
        section(failed, "the idle figures",
                lambda: print_idle([(title, idle(path, env, tmp)) for title, path in dbs]))
        section(failed, "the saves", lambda: all_saves(bin_, old, tmp, demo, big, big_title))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if failed:
        sys.exit(1)


def all_saves(bin_, old, tmp, demo, big, big_title):
    strace, why = strace_ok()
    results = []
    copy = demo + ".save"
    shutil.copyfile(demo, copy)
    results.append(("this build (synchronous=FULL)",
                    saves(bin_, copy, conftest.base_env(os.path.join(tmp, "new")), strace)))
    results.append(("this build, " + big_title,
                    saves(bin_, big, conftest.base_env(os.path.join(tmp, "new-big")), None)))
    if old != "none" and os.access(old, os.X_OK):
        old_tmp = os.path.join(tmp, "old")
        old_env = conftest.base_env(old_tmp)
        old_db = os.path.join(old_tmp, "demo.db")
        conftest.SUIVI_BIN = os.path.abspath(old)
        try:
            r = conftest.run_cli(["demo", "--db", old_db, "--seed", "42"], old_env,
                                 timeout=300)
            if r.returncode != 0:
                print("bench: the old binary's demo failed: %s" % r.stderr.strip())
            else:
                results.append(("0a97f04 (synchronous=NORMAL)",
                                saves(os.path.abspath(old), old_db, old_env, strace)))
        finally:
            conftest.SUIVI_BIN = bin_
    print_saves(results, why)
    if old == "none" or not os.access(old, os.X_OK):
        print("(no synchronous=NORMAL figure: no build of 0a97f04; see tests/bench.sh)")


if __name__ == "__main__":
    main()
