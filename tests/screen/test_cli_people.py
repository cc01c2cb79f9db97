"""The team from the command line: `suivi init` naming its first admin, and the
staff, pole and provider commands, driven as scripts would (no terminal), with
their exit statuses, messages, and the rows they leave in the database (read with
python's sqlite3)."""
import json
import os
import sqlite3
import stat
import time

import pytest

from conftest import LOGIN, run_cli


def q(path, sql, args=()):
    con = sqlite3.connect(path, timeout=10)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def one(path, sql, args=()):
    rows = q(path, sql, args)
    return rows[0][0] if rows else None


@pytest.fixture
def team(env, tmp_path):
    """A new database made by `suivi init`: the running login is its admin."""
    path = str(tmp_path / "team.db")
    r = run_cli(["init", "--db", path], env)
    assert r.returncode == 0, r.stderr
    return path


def ok(args, env, db):
    r = run_cli(list(args) + ["--db", db], env)
    assert r.returncode == 0, (args, r.returncode, r.stdout, r.stderr)
    assert not r.stderr, (args, r.stderr)
    return r


def audit_rows(db):
    """Audit rows in db, read-only (connecting must not create the file)."""
    if not os.path.isfile(db):
        return None
    try:
        con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
        try:
            return con.execute("SELECT count(*) FROM audit").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:          # not a database (yet)
        return None


def fails(args, env, db, status, *words):
    """The command fails with that status and message, and writes nothing."""
    before = audit_rows(db)
    r = run_cli(["--db", db] + list(args), env)
    assert r.returncode == status, (args, r.returncode, r.stdout, r.stderr)
    assert r.stderr.startswith("suivi: "), r.stderr
    for w in words:
        assert w in r.stderr, (args, w, r.stderr)
    assert audit_rows(db) == before, "something was written"
    return r


def rows(stdout):
    """A list as a script reads it: the header, then one list of cells per row."""
    lines = stdout.rstrip("\n").split("\n")
    return [line.split("\t") for line in lines]


# ---- init ---------------------------------------------------------------------------
def test_init_makes_the_running_login_its_first_admin(env, tmp_path):
    path = str(tmp_path / "new.db")
    r = run_cli(["init", "--db", path], env)
    assert r.returncode == 0, r.stderr
    assert "first admin" in r.stdout and LOGIN in r.stdout, r.stdout
    assert q(path, "SELECT login, role, disabled, version FROM staff") == \
        [(LOGIN, "admin", 0, 1)]
    assert one(path, "SELECT change FROM audit WHERE entity = 'staff'") == "created"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o660
    # Again: nothing added, and it says so.
    r = run_cli(["init", "--db", path], env)
    assert r.returncode == 0, r.stderr
    assert "already staff" in r.stdout and "admin" in r.stdout, r.stdout
    assert one(path, "SELECT count(*) FROM staff") == 1


def test_init_does_not_make_anyone_admin_of_a_team_that_has_one(env, team):
    con = sqlite3.connect(team)
    con.execute("UPDATE staff SET login = 'someone-else'")
    con.commit()
    con.close()
    r = run_cli(["init", "--db", team], env)
    assert r.returncode == 0, r.stderr
    assert "not staff" in r.stdout, r.stdout
    assert q(team, "SELECT login FROM staff") == [("someone-else",)]


def test_init_on_an_empty_file_and_refusals_of_what_is_no_database(env, tmp_path):
    empty = str(tmp_path / "empty.db")
    open(empty, "w").close()
    r = fails(["staff", "list"], env, empty, 1, "%s is empty: not a suivi database; create "
              "one with 'suivi init --db %s'" % (empty, empty))
    assert r.stderr.count(empty) == 2, r.stderr
    r = run_cli(["init", "--db", empty], env)
    assert r.returncode == 0, r.stderr
    assert one(empty, "SELECT role FROM staff") == "admin"
    fails(["init"], env, "/dev/null", 1, "/dev/null", "not a regular file")
    fails(["staff", "list"], env, str(tmp_path / "absent.db"), 1, "absent.db",
          "no such database")
    assert not os.path.exists(str(tmp_path / "absent.db"))


# ---- help and usage -------------------------------------------------------------------
@pytest.mark.parametrize("args, words", [
    (["--help"], ["staff", "pole", "provider", "--db"]),
    (["staff", "--help"], ["suivi staff add LOGIN", "suivi staff list", "suivi staff edit",
                           "suivi staff disable", "suivi staff enable"]),
    (["staff", "add", "--help"], ["Usage: suivi staff add LOGIN --name NAME", "--role",
                                  "readonly", "admin"]),
    (["pole", "--help"], ["suivi pole add NAME", "suivi pole rename OLD NEW"]),
    (["provider", "edit", "--help"], ["suivi provider edit NAME", "--email", "--contact"]),
    (["init", "--help"], ["Usage: suivi init", "first admin"]),
])
def test_help_for_each_command(env, args, words):
    r = run_cli(args, env)
    assert r.returncode == 0, r.stderr
    for w in words:
        assert w in r.stdout, (args, w, r.stdout)


@pytest.mark.parametrize("args, words", [
    (["staff"], ["'suivi staff' needs a command"]),
    (["staff", "fire", "x"], ["unknown command 'suivi staff fire'"]),
    (["staff", "add", "jdoe"], ["needs --name"]),
    (["staff", "add", "Jean Doe", "--name", "J"], ["login", "lower-case"]),
    (["staff", "add", "jdoe", "--name", "J", "--role", "boss"], ["role boss"]),
    (["staff", "add", "jdoe", "--name", ""], ["name"]),
    (["staff", "add", "jdoe", "extra", "--name", "J"], ["unexpected argument 'extra'"]),
    (["staff", "add", "--name", "J"], ["needs LOGIN"]),
    (["staff", "edit", "jdoe"], ["nothing to change"]),
    (["staff", "edit", "jdoe", "--pole", "X", "--no-pole"], ["--pole and --no-pole"]),
    (["staff", "list", "--email", "a@b.fr"], ["--email does not apply to 'suivi staff list'"]),
    (["staff", "add", "jdoe", "--name"], ["--name needs a value"]),
    (["staff", "add", "jdoe", "--name", "J", "--name", "K"], ["--name given twice"]),
    (["pole", "rename", "A"], ["needs OLD NEW"]),
    (["provider", "add", "P", "--email", "nope"], ["email"]),
    (["provider", "add", "P", "--phone", "call me"], ["phone"]),
    (["demo", "--name", "x"], ["--name does not apply to 'suivi demo'"]),
])
def test_usage_errors_say_what_and_write_nothing(env, team, args, words):
    r = fails(args, env, team, 2, *words)
    assert "--help" in r.stderr


# ---- staff ----------------------------------------------------------------------------
def test_staff_add_and_list(env, team):
    ok(["pole", "add", "Développement"], env, team)
    r = ok(["staff", "add", "jdoe", "--name=Jean Doe", "--pole", "developpement",
            "--role=readonly"], env, team)
    assert "jdoe" in r.stdout
    ok(["staff", "add", "ana", "--name", "Ana Le Goff"], env, team)
    assert q(team, "SELECT s.display_name, s.role, p.name FROM staff s LEFT JOIN pole p"
                   " ON p.id = s.pole_id WHERE login = 'jdoe'") == \
        [("Jean Doe", "readonly", "Développement")]
    assert one(team, "SELECT role FROM staff WHERE login = 'ana'") == "staff"
    r = ok(["staff", "list"], env, team)
    table = rows(r.stdout)
    assert table[0] == ["LOGIN", "NAME", "ROLE", "PÔLE", "STATUS", "OPEN"]
    assert ["jdoe", "Jean Doe", "readonly", "Développement", "active", "0"] in table
    assert ["ana", "Ana Le Goff", "staff", "", "active", "0"] in table
    assert [r[0] for r in table[1:]] == sorted(["ana", "jdoe", LOGIN])


def test_staff_refusals_that_depend_on_the_data(env, team):
    ok(["staff", "add", "jdoe", "--name", "Jean Doe"], env, team)
    fails(["staff", "add", "jdoe", "--name", "Other"], env, team, 1,
          "login jdoe already exists (Jean Doe")
    fails(["staff", "add", "ana", "--name", "Ana", "--pole", "Nowhere"], env, team, 1,
          "no pôle is named Nowhere")
    fails(["staff", "edit", "nobody", "--name", "X"], env, team, 1,
          "no staff member has the login nobody")
    # The only admin can be neither demoted nor disabled.
    fails(["staff", "edit", LOGIN, "--role", "staff"], env, team, 1,
          "at least one admin must remain")
    fails(["staff", "disable", LOGIN], env, team, 1, "at least one admin must remain")
    assert one(team, "SELECT count(*) FROM staff WHERE login = 'ana'") == 0


def test_staff_edit_disable_enable(env, team):
    ok(["pole", "add", "Support"], env, team)
    ok(["staff", "add", "jdoe", "--name", "Jean Doe", "--pole", "Support"], env, team)
    ok(["staff", "edit", "jdoe", "--name", "Jean Dupont", "--role", "admin"], env, team)
    assert q(team, "SELECT display_name, role, pole_id IS NOT NULL, version FROM staff"
                   " WHERE login = 'jdoe'") == [("Jean Dupont", "admin", 1, 2)]
    change = json.loads(one(team, "SELECT change FROM audit WHERE entity = 'staff'"
                                  " ORDER BY id DESC LIMIT 1"))
    assert change == {"display_name": ["Jean Doe", "Jean Dupont"], "role": ["staff", "admin"]}
    ok(["staff", "edit", "jdoe", "--no-pole"], env, team)
    assert one(team, "SELECT pole_id FROM staff WHERE login = 'jdoe'") is None
    r = ok(["staff", "edit", "jdoe", "--no-pole"], env, team)
    assert "nothing to change" in r.stdout
    # With a second admin, the first may be disabled, then enabled again.
    ok(["staff", "disable", LOGIN], env, team)
    assert one(team, "SELECT disabled FROM staff WHERE login = ?", (LOGIN,)) == 1
    r = ok(["staff", "list"], env, team)
    assert [LOGIN, LOGIN, "admin", "", "disabled", "0"] in rows(r.stdout) or \
        any(row[0] == LOGIN and row[4] == "disabled" for row in rows(r.stdout))
    # Disabled, the login works as staff: no more admin commands...
    fails(["staff", "enable", LOGIN], env, team, 1, "Only an admin")
    # ...until an admin enables it (done here behind its back).
    con = sqlite3.connect(team)
    con.execute("UPDATE staff SET disabled = 0 WHERE login = ?", (LOGIN,))
    con.commit()
    con.close()
    r = ok(["staff", "enable", LOGIN], env, team)
    assert "nothing to change" in r.stdout


def test_only_admins_write_but_everyone_reads(env, team):
    con = sqlite3.connect(team)
    con.execute("UPDATE staff SET role = 'readonly'")
    con.execute("INSERT INTO staff (login, display_name, role) VALUES ('boss', 'Boss', 'admin')")
    con.commit()
    con.close()
    for args in (["staff", "add", "x", "--name", "X"], ["staff", "edit", "boss", "--name", "B"],
                 ["staff", "disable", "boss"], ["pole", "add", "P"],
                 ["provider", "add", "P"], ["pole", "rename", "A", "B"]):
        fails(args, env, team, 1, team, "Only an admin")
    assert one(team, "SELECT count(*) FROM staff") == 2
    for args in (["staff", "list"], ["pole", "list"], ["provider", "list"]):
        ok(args, env, team)


def test_a_team_without_any_admin_lets_anyone_name_one(env, team):
    con = sqlite3.connect(team)
    con.execute("UPDATE staff SET role = 'staff'")
    con.commit()
    con.close()
    ok(["staff", "edit", LOGIN, "--role", "admin"], env, team)
    assert one(team, "SELECT role FROM staff") == "admin"


def test_lists_cannot_be_forged_by_the_data(env, team):
    con = sqlite3.connect(team)
    con.execute("INSERT INTO staff (login, display_name) VALUES ('evil', ?)",
                ("Bad\tname\nfake\trow\x1b[2J",))
    con.commit()
    con.close()
    r = ok(["staff", "list"], env, team)
    table = rows(r.stdout)
    assert len(table) == 3 and all(len(row) == 6 for row in table), r.stdout
    assert "\x1b" not in r.stdout


# ---- pôles ----------------------------------------------------------------------------
def test_poles_add_list_rename(env, team):
    ok(["pole", "add", "Support"], env, team)
    ok(["pole", "add", "Développement"], env, team)
    fails(["pole", "add", "SUPPORT"], env, team, 1, "a pôle named Support already exists")
    ok(["staff", "add", "jdoe", "--name", "Jean", "--pole", "support"], env, team)
    r = ok(["pole", "list"], env, team)
    assert rows(r.stdout) == [["NAME", "STAFF"], ["Développement", "0"], ["Support", "1"]]
    ok(["pole", "rename", "support", "Assistance"], env, team)
    assert q(team, "SELECT name, version FROM pole ORDER BY id") == \
        [("Assistance", 2), ("Développement", 1)]
    assert json.loads(one(team, "SELECT change FROM audit WHERE entity = 'pole'"
                                " ORDER BY id DESC LIMIT 1")) == {"name": ["Support", "Assistance"]}
    fails(["pole", "rename", "Assistance", "developpement"], env, team, 1,
          "a pôle named Développement already exists")
    fails(["pole", "rename", "Nowhere", "X"], env, team, 1, "no pôle is named Nowhere")


# ---- providers ------------------------------------------------------------------------
def test_providers_add_list_edit_disable_enable(env, team):
    ok(["provider", "add", "Mégalis", "--email", "support@megalis.example",
        "--phone=02 99 00 00 00", "--contact", "Mme Le Goff, support"], env, team)
    fails(["provider", "add", "megalis"], env, team, 1, "a provider named Mégalis already exists")
    r = ok(["provider", "list"], env, team)
    assert rows(r.stdout) == [
        ["NAME", "EMAIL", "PHONE", "CONTACT", "STATUS", "OPEN"],
        ["Mégalis", "support@megalis.example", "02 99 00 00 00", "Mme Le Goff, support",
         "active", "0"]]
    ok(["provider", "edit", "MEGALIS", "--name", "Mégalis Bretagne", "--email", ""], env, team)
    assert q(team, "SELECT name, email, phone, version FROM provider") == \
        [("Mégalis Bretagne", None, "02 99 00 00 00", 2)]
    ok(["provider", "disable", "Mégalis Bretagne"], env, team)
    assert one(team, "SELECT disabled FROM provider") == 1
    r = ok(["provider", "disable", "Mégalis Bretagne"], env, team)
    assert "nothing to change" in r.stdout
    ok(["provider", "enable", "Mégalis Bretagne"], env, team)
    assert one(team, "SELECT disabled FROM provider") == 0
    fails(["provider", "edit", "Atexo", "--phone", "01 02 03 04"], env, team, 1,
          "no provider is named Atexo")
    changes = [json.loads(c) for (c,) in q(team, "SELECT change FROM audit WHERE entity ="
                                                 " 'provider' AND change <> 'created' ORDER BY id")]
    assert changes[0] == {"name": ["Mégalis", "Mégalis Bretagne"],
                          "email": ["support@megalis.example", None]}
    assert changes[1:] == [{"disabled": [0, 1]}, {"disabled": [1, 0]}]


# ---- the file and the lock ---------------------------------------------------------------
def test_database_from_config_and_environment(env, team, tmp_path):
    cfg = str(tmp_path / "c.ini")
    with open(cfg, "w") as f:
        f.write("[database]\npath = %s\n" % team)
    r = run_cli(["pole", "add", "Support", "--config", cfg], env)
    assert r.returncode == 0, r.stderr
    r = run_cli(["pole", "list"], dict(env, SUIVI_DB=team))
    assert r.returncode == 0 and "Support" in r.stdout, r.stderr


def test_busy_timeout_zero_refuses_at_once(env, team, tmp_path):
    cfg = str(tmp_path / "c.ini")
    with open(cfg, "w") as f:
        f.write("[database]\nbusy_timeout_ms = 0\n")
    holder = sqlite3.connect(team, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        t0 = time.monotonic()
        r = run_cli(["pole", "add", "Support", "--db", team, "--config", cfg], env)
        assert time.monotonic() - t0 < 5
        assert r.returncode == 1, (r.returncode, r.stderr)
        assert "(0 ms)" in r.stderr and "nothing was written" in r.stderr, r.stderr
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert one(team, "SELECT count(*) FROM pole") == 0
