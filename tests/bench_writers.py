"""The writers benchmark for `make bench`: figures, never pass/fail.

WRITERS processes (20) each run `suivi add interaction` CALLS times (500), one
process per write as a script does it, all at once on ONE database made by
`suivi init` plus one member.  The busy timeout of a configuration file
([database] busy_timeout_ms) is what lets a writer wait for the others: set high
here, so that a failure means something else than a long queue.

Then it checks what a team relies on and says it, without failing: every write is
there exactly once (WRITERS x CALLS interactions, each subject once, one audit row
each), PRAGMA integrity_check says ok, and no call exited non-zero (those that did
are counted by their message, busy ones apart).  Figures: commits per second over
the whole run, and the time of one call as the script sees it (process start
included): p50, p90, p99 and the worst, alone and under WRITERS writers.

    bench_writers.py BINARY [WRITERS [CALLS]]     ($SUIVI_BENCH_BUSY_MS: the timeout)
"""
import multiprocessing
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "screen"))
import conftest  # noqa: E402  (the screen tests' fixed environment: base_env)

# $SUIVI_BENCH_BUSY_MS tries another one (5000 is the default of a real config).
BUSY_TIMEOUT_MS = int(os.environ.get("SUIVI_BENCH_BUSY_MS", "120000"))
MEMBER = "Commune de Banc-d'Essai"


def make_database(binary, tmp, env, name):
    db = os.path.join(tmp, name)
    r = subprocess.run([binary, "init", "--db", db], env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, errors="replace")
    if r.returncode != 0:
        sys.exit("bench: suivi init failed (%d): %s" % (r.returncode, r.stderr))
    # No `suivi add member` yet: the member row as the store writes it (sort_key is
    # fold_for_search of the name; the schema's triggers index it).
    con = sqlite3.connect(db)
    con.execute("INSERT INTO member (name, sort_key, kind, status, created_at, updated_at) "
                "VALUES (?, ?, 'commune', 'member', ?, ?)",
                (MEMBER, conftest.fold(MEMBER), conftest.NOW, conftest.NOW))
    con.commit()
    member = con.execute("SELECT id FROM member").fetchone()[0]
    con.close()
    config = os.path.join(tmp, "suivi.ini")
    with open(config, "w") as f:
        f.write("[database]\nbusy_timeout_ms = %d\n" % BUSY_TIMEOUT_MS)
    return db, config, member


def writer(job):
    """One writer: its calls one after the other; (seconds of each, failures)."""
    binary, db, config, member, env, w, calls = job
    times, failures = [], []
    for i in range(calls):
        argv = [binary, "--db", db, "--config", config, "add", "interaction", "--member",
                str(member), "--kind", "call_in", "--subject", "writer %d call %d" % (w, i)]
        t0 = time.monotonic()
        r = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE)
        times.append(time.monotonic() - t0)
        if r.returncode != 0:
            failures.append((r.returncode, r.stderr.decode("utf-8", "replace").strip()))
    return times, failures


def pct(sorted_times, p):
    return sorted_times[min(len(sorted_times) - 1, int(len(sorted_times) * p / 100))]


def say_times(label, times):
    t = sorted(times)
    print("  %-34s p50 %6.1f ms  p90 %6.1f ms  p99 %6.1f ms  worst %7.1f ms"
          % (label, 1000 * statistics.median(t), 1000 * pct(t, 90), 1000 * pct(t, 99),
             1000 * t[-1]))


def check(db, writers, calls):
    """What must hold, said as figures: (lines, problems found)."""
    con = sqlite3.connect(db, timeout=30)
    n = con.execute("SELECT count(*) FROM interaction").fetchone()[0]
    dup = con.execute("SELECT count(*) FROM (SELECT subject FROM interaction GROUP BY subject "
                      "HAVING count(*) > 1)").fetchone()[0]
    audited = con.execute("SELECT count(*) FROM audit WHERE entity = 'interaction' "
                          "AND change = 'created'").fetchone()[0]
    integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
    con.close()
    want = writers * calls
    lines = ["  interactions written               %d of %d%s" % (n, want, "" if n == want
                                                              else "  <-- MISSING"),
             "  subjects written twice             %d" % dup,
             "  audit rows ('created')             %d" % audited,
             "  PRAGMA integrity_check             %s" % integrity]
    problems = (n != want) + (dup != 0) + (audited != n) + (integrity != "ok")
    return lines, problems


def main():
    binary = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else "build/suivi"
    writers = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    calls = int(sys.argv[3]) if len(sys.argv) > 3 else 500
    tmp = tempfile.mkdtemp(prefix="suivi-bench-writers.")
    env = conftest.base_env(tmp)
    db, config, member = make_database(binary, tmp, env, "writers.db")
    alone_db, _, _ = make_database(binary, tmp, env, "alone.db")
    print("Writers: %d processes x %d calls of `suivi add interaction`, one database "
          "(busy_timeout_ms = %d, %d CPUs)" % (writers, calls, BUSY_TIMEOUT_MS, os.cpu_count()))
    alone, alone_failed = writer((binary, alone_db, config, member, env, 0, 100))
    jobs = [(binary, db, config, member, env, w, calls) for w in range(writers)]
    t0 = time.monotonic()
    with multiprocessing.Pool(writers) as pool:
        results = pool.map(writer, jobs, chunksize=1)
    wall = time.monotonic() - t0
    times = [t for r in results for t in r[0]]
    failures = [f for r in results for f in r[1]]
    busy = [f for f in failures if "busy" in f[1].lower() or "locked" in f[1].lower()]
    ok = len(times) - len(failures)
    print("  wall time                          %.1f s" % wall)
    print("  commits per second                 %.0f" % (ok / wall))
    say_times("one call, alone (100 calls)", alone)
    say_times("one call, %d writers at once" % writers, times)
    print("  calls that exited non-zero         %d (busy: %d)" % (len(failures), len(busy)))
    for code, msg in sorted(set(failures))[:5]:
        print("    status %d: %s" % (code, msg[:160]))
    lines, problems = check(db, writers, calls)
    print("\n".join(lines))
    sizes = {s: os.path.getsize(db + s) for s in ("", "-wal") if os.path.exists(db + s)}
    print("  database, WAL                      %.1f MB, %.1f MB"
          % (sizes.get("", 0) / 1e6, sizes.get("-wal", 0) / 1e6))
    print("  verdict (a figure, not a test)     %s" % (
        "every write there, database intact" if problems == 0 and not failures
        else "%d check(s) off, %d failed call(s)" % (problems, len(failures) + len(alone_failed))))
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
