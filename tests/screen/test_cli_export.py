"""`suivi export actions|members|interactions`: lists for spreadsheets and scripts,
read back with Python's csv and json modules: UTF-8 with a byte order mark and ';'
by default (excel), ',' without the mark (rfc4180), JSON; accents intact, a formula
in a name neutralised; --query narrowing as SQL says; --out never over an existing
file (unless --force) and nothing left by a failed export."""
import csv
import io
import json
import os
import subprocess

from conftest import SLOW, SUIVI_BIN, db_connect, db_query, fold, run_cli

OPEN = "('open','in_progress','wait_member','wait_provider')"
BOM = b"\xef\xbb\xbf"


def export(db, env, *args):
    """Standard output (not a terminal) as bytes decoded, line ends kept."""
    r = subprocess.run([SUIVI_BIN, "--db", db, "export"] + list(args), env=env,
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60 * SLOW)
    assert r.returncode == 0, (args, r.returncode, r.stderr)
    assert r.stderr == b""
    return r.stdout.decode("utf-8")


def rows_of(text, delimiter=";"):
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


def read_file(path):
    with open(path, "rb") as f:
        raw = f.read()
    assert raw.startswith(BOM), "UTF-8 with a byte order mark"
    return rows_of(raw[len(BOM):].decode("utf-8"))


def excel(db, env, *args):
    """The default format: a byte order mark, ';', CRLF."""
    text = export(db, env, *args)
    assert text.startswith("\ufeff"), "a byte order mark first"
    assert text.split("\n", 1)[0].endswith("\r") and ";" in text.split("\n", 1)[0]
    return rows_of(text[1:])


def test_the_open_actions_with_accents_and_a_formula_neutralised(db, env):
    m = db_query(db, "SELECT m.id, m.name FROM member m JOIN action a ON a.member_id = m.id "
                     "WHERE a.status IN " + OPEN + " GROUP BY m.id ORDER BY count(*) DESC "
                     "LIMIT 1")[0]
    con = db_connect(db)
    con.execute("UPDATE member SET name = ? WHERE id = ?", ("=1+2 " + m["name"], m["id"]))
    con.commit()
    con.close()
    want = {r["id"]: r["title"] for r in
            db_query(db, "SELECT id, title FROM action WHERE status IN " + OPEN)}
    rows = excel(db, env, "actions")
    assert sorted(int(r["id"]) for r in rows) == sorted(want)
    assert all(r["title"] == want[int(r["id"])] for r in rows), "accents intact"
    assert any(not r["title"].isascii() for r in rows)
    theirs = [r for r in rows if int(r["member_id"]) == m["id"]]
    assert theirs and all(r["member"] == "'=1+2 " + m["name"] for r in theirs)
    assert {r["overdue"] for r in rows} <= {"yes", "no"}
    members = excel(db, env, "members")
    named = [r for r in members if int(r["id"]) == m["id"]]
    assert [r["name"] for r in named] == ["'=1+2 " + m["name"]]


def test_rfc4180_and_json(db, env):
    text = export(db, env, "members", "--format", "rfc4180")
    assert not text.startswith("\ufeff") and text.split("\n", 1)[0].endswith("\r")
    rows = rows_of(text, ",")
    want = db_query(db, "SELECT id, name, siren FROM member")
    assert len(rows) == len(want)
    names = {r["id"]: r["name"] for r in want}
    assert all(r["name"] == names[int(r["id"])] for r in rows)
    out = json.loads(export(db, env, "members", "--format", "json"))
    assert sorted(o["id"] for o in out) == sorted(names)
    assert all(o["name"] == names[o["id"]] for o in out)
    acts = json.loads(export(db, env, "actions", "--format", "json", "--query", "prio:1"))
    assert acts and all(a["priority"] == 1 for a in acts)


def test_the_query_narrows_as_sql_says(db, env):
    def ids(query):
        return sorted(int(r["id"]) for r in excel(db, env, "actions", "--query", query))

    p1 = db_query(db, "SELECT id FROM action WHERE priority = 1 AND status IN " + OPEN)
    assert ids("prio:1") == sorted(r[0] for r in p1)
    done = db_query(db, "SELECT id FROM action WHERE status = 'done'")
    assert done and ids("status:done") == sorted(r[0] for r in done)
    pole = db_query(db, "SELECT id, name FROM pole ORDER BY name LIMIT 1")[0]
    sql = db_query(db, "SELECT id FROM action WHERE pole_id = ? AND priority IN (1, 2) AND "
                       "status IN " + OPEN, (pole["id"],))
    assert ids('pole:"%s" prio:1,2' % pole["name"]) == sorted(r[0] for r in sql)
    word = "certificat"
    sql = db_query(db, "SELECT a.id, a.title, m.name FROM action a JOIN member m "
                       "ON m.id = a.member_id WHERE a.status IN " + OPEN)
    want = sorted(r[0] for r in sql if word in fold(r[1]) or word in fold(r[2]))
    assert want and ids(word) == want


def test_a_query_that_cannot_be_read(db, env, tmp_path):
    out = str(tmp_path / "never.csv")
    r = run_cli(["--db", db, "export", "actions", "--query", "prio:1 due:<zz", "--out", out],
                env)
    assert r.returncode == 2, r.stderr
    assert r.stderr.startswith("suivi: --query, column 13: "), r.stderr  # at "zz"
    assert not os.path.exists(out)
    r = run_cli(["--db", db, "export", "actions", "--format", "xlsx"], env)
    assert r.returncode == 2 and "xlsx" in r.stderr


def test_members_by_name_and_interactions_of_one_member(db, env):
    rows = excel(db, env, "members", "--query", "PLOU")
    n = db_query(db, "SELECT count(*) FROM member WHERE sort_key LIKE '%plou%'")[0][0]
    assert len(rows) == n and all("plou" in fold(r["name"]) for r in rows)
    m = db_query(db, "SELECT m.id, m.siren FROM member m JOIN interaction i ON i.member_id = m.id "
                     "WHERE m.siren IS NOT NULL GROUP BY m.id ORDER BY count(*) DESC "
                     "LIMIT 1")[0]
    siren = "%s %s %s" % (m["siren"][:3], m["siren"][3:6], m["siren"][6:])
    rows = excel(db, env, "interactions", "--member", siren)
    n = db_query(db, "SELECT count(*) FROM interaction WHERE member_id = ?", (m["id"],))[0][0]
    assert len(rows) == n and all(int(r["member_id"]) == m["id"] for r in rows)
    every = excel(db, env, "interactions")
    assert len(every) == db_query(db, "SELECT count(*) FROM interaction")[0][0]
    r = run_cli(["--db", db, "export", "interactions", "--member", "999999"], env)
    assert r.returncode == 2 and "999999" in r.stderr


def test_out_makes_a_new_file_and_never_overwrites_one(db, env, tmp_path):
    path = str(tmp_path / "membres.csv")
    r = run_cli(["--db", db, "export", "members", "--out", path], env)
    assert r.returncode == 0, r.stderr
    n = db_query(db, "SELECT count(*) FROM member")[0][0]
    assert r.stdout == "%s: %d rows exported\n" % (path, n)
    assert len(read_file(path)) == n
    assert os.stat(path).st_mode & 0o077 in (0, 0o040), "private to owner and group"
    before = open(path, "rb").read()
    r = run_cli(["--db", db, "export", "members", "--query", "plou", "--out", path], env)
    assert r.returncode == 1 and "exists already" in r.stderr and path in r.stderr
    assert open(path, "rb").read() == before
    r = run_cli(["--db", db, "export", "members", "--query", "plou", "--out", path, "--force"],
                env)
    assert r.returncode == 0, r.stderr
    assert 0 < len(read_file(path)) < n
    assert os.listdir(str(tmp_path)).count("membres.csv") == 1
    assert not [f for f in os.listdir(str(tmp_path)) if f.startswith("membres.csv.")], \
        "no temporary file left"
    r = run_cli(["--db", db, "export", "members", "--force"], env)
    assert r.returncode == 2 and "--out" in r.stderr


def test_on_a_terminal_the_rows_cannot_act_on_it(spawn, db, env):
    m = db_query(db, "SELECT id, name FROM member ORDER BY id LIMIT 1")[0]
    con = db_connect(db)
    con.execute("UPDATE member SET name = ? WHERE id = ?", ("\x1b[2J\u202e" + m["name"], m["id"]))
    con.commit()
    con.close()
    s = spawn(db=db, args=["export", "members"])
    assert s.reap(10) == 0, s.dump()
    out = bytes(s.raw)
    assert b"\x1b[2J" not in out and "\u202e".encode() not in out, "sanitised"
    assert b"^[[2J" in out and m["name"].encode() in out
    assert not out.startswith(BOM), "no byte order mark on a screen"
    # Redirected, the bytes are the database's.
    assert "\x1b[2J\u202e" + m["name"] in export(db, env, "members")


def test_help(env):
    r = run_cli(["export", "--help"], env)
    assert r.returncode == 0
    for what in ("actions", "members", "interactions"):
        assert "suivi export " + what in r.stdout
    r = run_cli(["export", "actions", "--help"], env)
    assert r.returncode == 0
    for opt in ("--query", "--format", "--out", "--force"):
        assert opt in r.stdout
