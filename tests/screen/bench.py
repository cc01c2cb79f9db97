"""Benchmarks for `make bench`: figures to compare between versions, never pass/fail.

Drives the real binary in a pseudo-terminal (the screen-test harness) on the demo
database and on a copy grown to 300,000 members: paging must make both cost the same.
"""
import os
import shutil
import sqlite3
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import conftest  # noqa: E402  (the harness; SUIVI_BIN comes from argv)


def timed(fn):
    t0 = time.monotonic()
    r = fn()
    return time.monotonic() - t0, r


def grow(src, dst, factor):
    """dst = src with every member repeated `factor` times (names suffixed)."""
    shutil.copyfile(src, dst)
    con = sqlite3.connect(dst)
    con.executescript("""
        BEGIN;
        WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < %d)
        INSERT INTO member (name, sort_key, kind, siren, departement, status, parent_id,
                            created_at, updated_at, version)
        SELECT m.name || ' ' || k.n, m.sort_key || ' ' || k.n, m.kind, NULL,
               m.departement, m.status, NULL, m.created_at, m.updated_at, 1
        FROM member AS m, k WHERE m.id <= (SELECT max(id) FROM member);
        COMMIT;
    """ % (factor - 1))
    n = con.execute("SELECT count(*) FROM member").fetchone()[0]
    con.close()
    return n


def keystroke(s, keys, text=None):
    """Send keys; return (bytes written in reply, seconds until the last byte)."""
    s.settle(0.2)
    n0 = len(s.raw)
    t0 = time.monotonic()
    if text is not None:
        s.type(text)
    else:   # straight to the pty: s.keys() pauses after Esc
        os.write(s.fd, b"".join(conftest.key_bytes(s.term, k) for k in keys))
    s.settle(0.3)
    return len(s.raw) - n0, max(s.last_rx - t0, 0.0)


def session(db, env):
    t0 = time.monotonic()
    s = conftest.Suivi(["--db", db], env)
    first = conftest.first_member(db)["name"][:20]
    s.wait_for(first, timeout=60)
    start = time.monotonic() - t0
    s.settle(0.3)
    rows = [("start-up to first screen", len(s.raw), start)]
    rows.append(("j (one row down)",) + keystroke(s, ["j"]))
    rows.append(("100 x j at once",) + keystroke(s, [], text="j" * 100))
    rows.append(("^F (page down)",) + keystroke(s, ["^F"]))
    rows.append(("G (last member)",) + keystroke(s, ["G"]))
    rows.append(("g (first member)",) + keystroke(s, ["g"]))
    rows.append(("/plo (filter)",) + keystroke(s, [], text="/plo"))
    rows.append(("Esc (clear filter)",) + keystroke(s, ["Esc"]))
    rows.append(("3, j (actions pane)",) + keystroke(s, ["3", "j"]))
    s.keys("q")
    s.reap(10)
    s.kill()
    return rows


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


def main():
    bin_ = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/suivi")
    conftest.SUIVI_BIN = bin_
    tmp = tempfile.mkdtemp(prefix="suivi-bench.")
    try:
        env = conftest.base_env(tmp)
        demo = os.path.join(tmp, "demo.db")
        t, r = timed(lambda: conftest.run_cli(["demo", "--db", demo, "--seed", "42"],
                                              env, timeout=300))
        if r.returncode != 0:
            sys.exit("bench: suivi demo failed: " + r.stderr)
        print("suivi demo --seed 42: %.2f s, %.1f MB" % (t, os.path.getsize(demo) / 1e6))
        big = os.path.join(tmp, "big.db")
        t, n = timed(lambda: grow(demo, big, 1000))
        print("grown copy: %d members (%.1f s to build)" % (n, t))
        print()
        print("%-28s %18s %18s" % ("80x24, xterm-256color", "demo db", "%d members" % n))
        print("%-28s %18s %18s" % ("", "bytes     ms", "bytes     ms"))
        a, b = session(demo, env), session(big, env)
        for (name, b1, t1), (_, b2, t2) in zip(a, b):
            print("%-28s %8d %8.0f  %8d %8.0f" % (name, b1, t1 * 1000, b2, t2 * 1000))
        print()
        print("filter /zzq on a 30,000-character name: %.2f s CPU" % huge_name(demo, env))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
