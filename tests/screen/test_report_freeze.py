"""suivi report --freeze: a month's figures stored as they were presented, so that
its report reads the same after later edits (text, CSV and HTML say it is a frozen
one; --live shows today's); a frozen period is replaced only with --force, and the
audit says which freeze it replaced; --frozen lists them; a month not over is not
frozen without --force; only an admin freezes."""
import subprocess

from conftest import LOGIN, base_env, db_query, run_cli

# The day after November: the month is over.
DECEMBER = "2026-12-01 09:00:00"


def december_env(tmp_path):
    env = base_env(str(tmp_path))
    env["SUIVI_NOW"] = DECEMBER
    return env


def sqlite(db, sql):
    """A change behind suivi's back, as anyone with the file could make it."""
    r = subprocess.run(["sqlite3", db, sql], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       errors="replace", timeout=30)
    assert r.returncode == 0, r.stderr


def busiest_pole(db):
    return db_query(db, "SELECT p.id, p.name, count(*) AS n FROM action a JOIN pole p"
                        " ON p.id = a.pole_id WHERE a.status NOT IN ('done', 'cancelled')"
                        " GROUP BY p.id ORDER BY n DESC LIMIT 1")[0]


def pole_line(text, name):
    rows = [l for l in text.splitlines() if l.startswith("  " + name[:20])]
    assert rows, text
    return rows[0]


def test_a_frozen_month_keeps_its_figures(db, tmp_path):
    env = december_env(tmp_path)
    top = busiest_pole(db)
    live = run_cli(["report", "--db", db, "--period", "2026-11"], env)
    assert live.returncode == 0, live.stderr
    r = run_cli(["report", "--db", db, "--freeze", "2026-11"], env)
    assert r.returncode == 0, r.stderr
    assert "2026-11 (2026-11-01 to 2026-11-30) frozen with the figures of 2026-12-01" in r.stdout
    frozen = run_cli(["report", "--db", db, "--period", "2026-11"], env).stdout
    note = "Frozen on 2026-12-01 by %s (figures as presented then)" % LOGIN
    assert frozen.splitlines()[0] == note, frozen
    assert frozen.split("\n", 1)[1] == live.stdout     # the same figures, under the note
    # Later edits: the pôle renamed, one of its actions closed.
    sqlite(db, "UPDATE pole SET name = 'Pôle renommé' WHERE id = %d;"
               "UPDATE action SET status = 'done', closed_at = '2026-11-25 10:00:00'"
               " WHERE id = (SELECT min(id) FROM action WHERE pole_id = %d"
               " AND status NOT IN ('done', 'cancelled'));" % (top["id"], top["id"]))
    after = run_cli(["report", "--db", db, "--period", "2026-11"], env)
    assert after.returncode == 0, after.stderr
    assert after.stdout == frozen
    assert (" %d " % top["n"]) in pole_line(after.stdout, top["name"]) + " "
    assert "Pôle renommé" not in after.stdout
    today = run_cli(["report", "--db", db, "--period", "2026-11", "--live"], env).stdout
    assert "Frozen on" not in today
    assert (" %d " % (top["n"] - 1)) in pole_line(today, "Pôle renommé") + " ", today
    # CSV and HTML say it too.
    csv = run_cli(["report", "--db", db, "--period", "2026-11", "--format", "csv"], env).stdout
    lines = csv.lstrip("\ufeff").splitlines()
    assert lines[0] == "section;label;a;b;c" and lines[1] == "frozen;%s;;;" % note, lines[:2]
    assert any(l.startswith("open_by_pole;%s;%d;" % (top["name"], top["n"])) for l in lines)
    page = run_cli(["report", "--db", db, "--period", "2026-11", "--format", "html"], env)
    assert page.returncode == 0 and note in page.stdout and "Pôle renommé" not in page.stdout
    # Another period is not frozen: today's figures, no note.
    october = run_cli(["report", "--db", db, "--period", "2026-10"], env).stdout
    assert "Frozen on" not in october and "Pôle renommé" in october


def test_a_frozen_period_is_replaced_only_with_force(db, tmp_path):
    env = december_env(tmp_path)
    assert run_cli(["report", "--db", db, "--freeze", "2026-11"], env).returncode == 0
    again = run_cli(["report", "--db", db, "--freeze", "2026-11"], env)
    assert again.returncode == 1
    assert ("2026-11 was frozen on 2026-12-01 by %s; --force replaces it" % LOGIN
            in again.stderr), again.stderr
    assert len(db_query(db, "SELECT * FROM audit WHERE entity = 'report_frozen'")) == 1
    env["SUIVI_NOW"] = "2026-12-03 15:00:00"
    forced = run_cli(["report", "--db", db, "--freeze", "2026-11", "--force"], env)
    assert forced.returncode == 0, forced.stderr
    assert "it replaces the freeze of 2026-12-01 by %s" % LOGIN in forced.stdout
    audit = db_query(db, "SELECT login, change ->> '$.frozen_at[0]' AS was_at,"
                         " change ->> '$.frozen_by[0]' AS was_by,"
                         " change ->> '$.period[1]' AS period FROM audit"
                         " WHERE entity = 'report_frozen' ORDER BY id")
    assert len(audit) == 2
    assert audit[0]["was_at"] is None
    assert (audit[1]["login"], audit[1]["was_at"], audit[1]["was_by"], audit[1]["period"]) == \
        (LOGIN, DECEMBER, LOGIN, "2026-11")
    shown = run_cli(["report", "--db", db, "--period", "2026-11"], env).stdout
    assert shown.startswith("Frozen on 2026-12-03 by " + LOGIN)
    listed = run_cli(["report", "--db", db, "--frozen"], env)
    assert listed.returncode == 0, listed.stderr
    rows = [l.split("\t") for l in listed.stdout.splitlines()]
    assert rows[0][:5] == ["PERIOD", "FROM", "TO", "FROZEN AT", "BY"], rows
    assert rows[1][:5] == ["2026-11", "2026-11-01", "2026-11-30", "2026-12-03 16:00", LOGIN]


def test_a_month_not_over_is_frozen_only_with_force(db, tmp_path):
    env = december_env(tmp_path)
    r = run_cli(["report", "--db", db, "--freeze", "this-month"], env)
    assert r.returncode == 1 and "2026-12 is not over (it runs to 2026-12-31)" in r.stderr
    assert "--force" in r.stderr
    assert db_query(db, "SELECT count(*) FROM report_frozen")[0][0] == 0
    r = run_cli(["report", "--db", db, "--freeze", "this-month", "--force"], env)
    assert r.returncode == 0, r.stderr
    assert db_query(db, "SELECT period FROM report_frozen")[0][0] == "2026-12"
    # Only what period_parse reads is a period; options that do not go together.
    for args, said in ((["--freeze", "november"], "is not a period"),
                       (["--freeze", "2026-11", "--period", "2026-11"], "--freeze PERIOD"),
                       (["--frozen", "--period", "2026-11"], "--frozen"),
                       (["--period", "2026-11", "--force"], "--force goes with --freeze")):
        bad = run_cli(["report", "--db", db] + args, env)
        assert bad.returncode == 2 and said in bad.stderr, (args, bad.stderr)


def test_only_an_admin_freezes(db, tmp_path):
    env = december_env(tmp_path)
    for role in ("readonly", "staff"):
        sqlite(db, "UPDATE staff SET role = '%s' WHERE login = '%s'" % (role, LOGIN))
        r = run_cli(["report", "--db", db, "--freeze", "2026-11"], env)
        assert r.returncode == 1 and "Only an admin" in r.stderr, r.stderr
        assert db_query(db, "SELECT count(*) FROM report_frozen")[0][0] == 0
        # Reading stays anyone's.
        assert run_cli(["report", "--db", db, "--frozen"], env).returncode == 0
        assert run_cli(["report", "--db", db, "--period", "2026-11"], env).returncode == 0
