"""The command line and the ways a session can go wrong: bad TERM, bad config, a
database from a newer suivi, a file that is not a database, a dropped connection."""
import hashlib
import os
import re
import signal
import sqlite3
import time

import pytest

from conftest import SLOW, run_cli


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def test_help_and_version(env):
    r = run_cli(["--help"], env)
    assert r.returncode == 0, r.stderr
    for word in ("--db", "--config", "init", "demo", "staff", "pole", "provider",
                 "--version"):
        assert word in r.stdout, "--help does not mention %s:\n%s" % (word, r.stdout)
    r = run_cli(["--version"], env)
    assert r.returncode == 0, r.stderr
    assert re.search(r"suivi\S* \d+\.\d+", r.stdout), r.stdout


def test_unknown_option_is_a_usage_error(env):
    r = run_cli(["--no-such-option"], env)
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert "--no-such-option" in r.stderr and not r.stdout


def test_bad_term_is_a_clean_error(spawn, db):
    s = spawn(db=db, term="nonexistent-term")
    st = s.reap(10)
    assert st == 1, "status %r (want 1)\n%s" % (st, s.dump())
    text = s.screen_text()
    assert "nonexistent-term" in text, "message should name the terminal\n" + s.dump()


def test_init_creates_an_empty_database(env, tmp_path):
    path = str(tmp_path / "new.db")
    r = run_cli(["init", "--db", path], env)
    assert r.returncode == 0, r.stderr
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA user_version").fetchone()[0] >= 1
        assert con.execute("SELECT count(*) FROM member").fetchone()[0] == 0
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        con.close()


def test_demo_refuses_to_overwrite(env, db):
    before = digest(db)
    r = run_cli(["demo", "--db", db, "--seed", "1"], env)
    assert r.returncode != 0 and "--force" in r.stderr, (r.returncode, r.stderr)
    assert digest(db) == before


def test_demo_is_deterministic(env, demo_db, tmp_path):
    path = str(tmp_path / "again.db")
    r = run_cli(["demo", "--db", path, "--seed", "42"], env, timeout=120)
    assert r.returncode == 0, r.stderr

    def sample(p):
        con = sqlite3.connect(p)
        try:
            return (con.execute("SELECT count(*), group_concat(name, '|') FROM "
                                "(SELECT name FROM member ORDER BY id)").fetchone(),
                    con.execute("SELECT count(*), sum(priority), group_concat(title, '|') "
                                "FROM (SELECT * FROM action ORDER BY id)").fetchone(),
                    con.execute("SELECT count(*) FROM interaction").fetchone())
        finally:
            con.close()
    assert sample(path) == sample(demo_db)


def test_demo_has_realistic_size(demo_db):
    con = sqlite3.connect(demo_db)
    try:
        def count(table):
            return con.execute("SELECT count(*) FROM %s" % table).fetchone()[0]
        assert 250 <= count("member") <= 400
        assert 900 <= count("contact") <= 1600
        # The exchanges: not the journeys' key events nor the training sessions on
        # the attendees' timelines, which grow with the journeys and the sessions.
        assert 4500 <= count("interaction WHERE kind != 'key_event' AND id NOT IN"
                             " (SELECT interaction_id FROM training_attendee"
                             " WHERE interaction_id IS NOT NULL)") <= 8000
        assert 600 <= count("action") <= 1300
        names = {r[0] for r in con.execute("SELECT name FROM member")}
        assert any("Plœmeur" in n for n in names), "Plœmeur missing from the demo"
        assert {r[0] for r in con.execute("SELECT DISTINCT departement FROM member "
                                          "WHERE departement IS NOT NULL")} >= \
            {"22", "29", "35", "56"}
    finally:
        con.close()


@pytest.mark.parametrize("content, line, what", [
    ("[database]\nbusy_timeout_ms = 100\n[ui\ncolor = never\n", 3, "syntax"),
    ("[database]\nbusy_timeout_ms = 100\n\n[ui]\ncolour = never\n", 5, "unknown key"),
    ("[database]\nbusy_timeout_ms = lots\n", 2, "bad number"),
    ("[ui]\ncolor = sometimes\n", 2, "bad choice"),
    ("[nosuchsection]\nkey = 1\n", 1, "unknown section"),
])
def test_bad_config_file(env, db, tmp_path, content, line, what):
    cfg = str(tmp_path / "bad.ini")
    with open(cfg, "w") as f:
        f.write(content)
    r = run_cli(["--config", cfg, "--db", db], env)
    assert r.returncode == 2, "%s: status %d\n%s" % (what, r.returncode, r.stderr)
    assert re.search(r"(^|\n)(suivi: )?%s:%d: \S" % (re.escape(cfg), line), r.stderr), \
        "%s: want '%s:%d: …' in:\n%s" % (what, cfg, line, r.stderr)
    # Also through $SUIVI_CONFIG.
    r = run_cli(["--db", db], dict(env, SUIVI_CONFIG=cfg))
    assert r.returncode == 2 and "%s:%d:" % (cfg, line) in r.stderr, r.stderr


def test_missing_config_file_named_on_the_command_line(env, db, tmp_path):
    r = run_cli(["--config", str(tmp_path / "nope.ini"), "--db", db], env)
    assert r.returncode == 2 and "nope.ini" in r.stderr, (r.returncode, r.stderr)


def test_newer_schema_is_refused_untouched(spawn, db):
    con = sqlite3.connect(db)
    con.execute("PRAGMA user_version = 999")
    con.commit()
    con.close()
    before = digest(db)
    s = spawn(db=db)
    st = s.reap(10)
    assert st == 1, "status %r\n%s" % (st, s.dump())
    assert re.search(r"newer", s.screen_text(), re.I), s.dump()
    assert digest(db) == before, "the newer database was modified"


def test_text_file_as_database(spawn, tmp_path):
    path = str(tmp_path / "notes.txt")
    with open(path, "w") as f:
        f.write("This is not a database.\n" * 200)
    before = digest(path)
    s = spawn(db=path)
    st = s.reap(10)
    assert st == 1, "status %r\n%s" % (st, s.dump())
    text = s.screen_text()
    assert "notes.txt" in text and re.search(r"not .*database|database", text, re.I), s.dump()
    assert digest(path) == before
    assert not os.path.exists(path + "-wal")


def test_messages_quoting_the_file_are_sanitised(env, tmp_path):
    """stderr is a terminal too: SQLite quotes a crafted schema's object name in its
    'malformed database schema' message, and the file name itself may hold ESC."""
    path = str(tmp_path / "evil\x1b[31m.db")
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t(x)")
    con.execute("PRAGMA writable_schema = ON")
    con.execute("UPDATE sqlite_master SET sql = 'CREATE TABLE t(x', name = ?",
                ("t\x1b]0;owned\x07\x1b[2J\r\u202e",))
    con.commit()
    con.close()
    for args in (["init", "--db", path], ["--db", path], ["demo", "--db", path]):
        r = run_cli(args, env)
        out = r.stdout + r.stderr
        assert r.returncode == 1, (args, r.returncode, out)
        assert "\x1b" not in out and "\x07" not in out and "\r" not in out, (args, out)
        assert "\u202e" not in out, (args, out)
        assert "evil^[[31m.db" in r.stderr, (args, r.stderr)
    r = run_cli(["init", "--db", path], env)
    assert "^[]0;owned^G" in r.stderr, r.stderr


def test_missing_database_is_an_error(spawn, tmp_path):
    path = str(tmp_path / "absent.db")
    s = spawn(db=path)
    st = s.reap(10)
    assert st == 1, s.dump()
    assert "absent.db" in s.screen_text()
    assert not os.path.exists(path), "opening the UI must not create a database"


def wait_exit_without_spinning(s, what):
    start_cpu = s.cpu_seconds()
    t0 = time.monotonic()
    st = s.reap(5)
    if st is None:
        cpu = s.cpu_seconds() - start_cpu
        raise AssertionError("%s: still running after %.1fs, %.1fs CPU (spinning?)"
                             % (what, time.monotonic() - t0, cpu))
    return st


def test_hangup_closing_the_terminal(spawn, db):
    s = spawn(db=db)
    s.wait_for("Members")
    s.close_master()
    st = wait_exit_without_spinning(s, "after the terminal closed")
    assert st in (0, 1, 129, -signal.SIGHUP), st


def test_sighup(spawn, db):
    s = spawn(db=db)
    s.wait_for("Members")
    os.kill(s.pid, signal.SIGHUP)
    st = wait_exit_without_spinning(s, "after SIGHUP")
    assert st in (0, 1, 129), "SIGHUP should end it cleanly, status %r" % st


def test_dead_terminal_without_sighup(spawn, db):
    """SIGHUP blocked (as under some session managers): the terminal answers EIO
    forever; the program must notice instead of spinning at 100% CPU."""
    s = spawn(db=db, block_sighup=True)
    s.wait_for("Members")
    cpu0 = s.cpu_seconds()
    s.close_master()
    time.sleep(1.0 * SLOW)
    cpu = s.cpu_seconds() - cpu0
    st = s.reap(5)
    assert st is not None, "still running after the terminal died, %.2fs CPU in %.1fs" % (
        cpu, 1.0 * SLOW)
    assert cpu < 0.8 * SLOW, "spun %.2fs CPU before exiting" % cpu


def drafts_holding(env, text):
    state = os.path.join(env["XDG_STATE_HOME"], "suivi", "recovered")
    found = []
    for dirpath, _, files in os.walk(state):
        for name in files:
            with open(os.path.join(dirpath, name), errors="replace") as f:
                if text in f.read():
                    found.append(name)
    return found


def type_into_new_interaction(spawn, db, subject):
    """Open a session, start a new interaction and type its subject."""
    s = spawn(db=db)
    s.wait_for("Members")
    s.keys("i")
    s.wait_for("New interaction")
    s.focus_field("Subject")
    s.type(subject)
    s.wait_for(subject)
    return s


def test_hangup_in_a_form_keeps_the_typing(spawn, db, env):
    s = type_into_new_interaction(spawn, db, "Half-typed 5e2b")
    os.kill(s.pid, signal.SIGHUP)
    st = wait_exit_without_spinning(s, "after SIGHUP in a form")
    assert st in (0, 1, 129), st
    assert drafts_holding(env, "Half-typed 5e2b"), "typed text not saved"


def test_kill_9_in_a_form_keeps_the_typing(spawn, db, env):
    """No signal handler runs on SIGKILL: what was typed survives only because the
    form keeps a draft once the user pauses; the next start says so."""
    s = type_into_new_interaction(spawn, db, "Typed before kill 7c1d")
    deadline = time.time() + 5 * SLOW
    while not drafts_holding(env, "Typed before kill 7c1d") and time.time() < deadline:
        time.sleep(0.1)
    os.kill(s.pid, signal.SIGKILL)
    s.reap(5)
    assert drafts_holding(env, "Typed before kill 7c1d"), "no draft after kill -9"
    s2 = spawn(db=db)
    s2.wait_for("1 unsaved form kept")
    s2.quit()


def test_saved_form_leaves_no_draft(spawn, db, env):
    s = type_into_new_interaction(spawn, db, "Saved at once 9f3a")
    time.sleep(1.5 * SLOW)          # long enough for a draft to be written
    s.keys("^X")
    s.wait_for("Saved interaction")
    assert not drafts_holding(env, "Saved at once 9f3a")
    s.quit()


def write_config(tmp_path, text):
    path = str(tmp_path / "config.ini")
    with open(path, "w") as f:
        f.write(text)
    return path


def test_example_config_is_valid(spawn, db):
    """config.example.ini, as shipped, is accepted."""
    from conftest import ROOT
    s = spawn(db=db, args=["--config", os.path.join(ROOT, "config.example.ini")])
    s.wait_for("Members")
    s.quit()


def test_config_ascii_borders_and_no_colour(spawn, db, tmp_path):
    cfg = write_config(tmp_path, "[ui]\nborders = ascii\ncolor = never\n"
                                 "date_format = %d/%m/%Y\n")
    s = spawn(db=db, args=["--config", cfg])
    s.wait_for("Members")
    s.wait_for("Timeline")
    s.settle()
    raw = bytes(s.raw)
    assert b"\xe2\x94" not in raw, "unicode box drawing with borders = ascii"
    assert b"\x1b(0" not in raw and b"\x0e" not in raw, "ACS line drawing with borders = ascii"
    coloured = [(x, y) for y in range(s.screen.lines) for x in range(s.screen.columns)
                if s.cell(x, y).fg != "default" or s.cell(x, y).bg != "default"]
    assert not coloured, "color = never but colours at %s\n%s" % (coloured[:5], s.dump())
    # Dates in the timeline follow date_format.
    assert re.search(r"\d\d/\d\d/20\d\d", s.screen_text()), s.dump()
    s.quit()


def test_database_from_env_and_config(spawn, db, tmp_path):
    s = spawn(extra_env={"SUIVI_DB": db})
    s.wait_for("Members")
    s.wait_for(os.path.basename(db))
    s.quit()
    cfg = write_config(tmp_path, "[database]\npath = %s\nbusy_timeout_ms = 2000\n" % db)
    s = spawn(args=["--config", cfg])
    s.wait_for("Members")
    s.wait_for(os.path.basename(db))
    s.quit()


def test_config_found_in_xdg_config_home(spawn, db, env):
    d = os.path.join(env["XDG_CONFIG_HOME"], "suivi")
    os.makedirs(d)
    with open(os.path.join(d, "config.ini"), "w") as f:
        f.write("[ui]\ncolor = sometimes\n")
    s = spawn(db=db)
    assert s.reap(10) == 2, s.dump()
    assert "config.ini:2:" in s.screen_text(), s.dump()
