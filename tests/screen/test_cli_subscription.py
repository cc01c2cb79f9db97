"""suivi subscription edit|end|remove: a member's subscription changed from the
command line by its id (as `subscription list` shows it), only the fields given;
none clears; an until before the since and a since another subscription of the
member to the service begins on are refused (1), an id or date that cannot be read
or names nothing is a usage error (2), and in each case nothing is written; only an
admin writes, every write audited with its old and new values."""
import json
import sqlite3

import pytest

from conftest import LOGIN, TODAY, db_query, run_cli


def cli(db, env, *args):
    return run_cli(["--db", db] + list(args), env)


def ok(db, env, *args):
    r = cli(db, env, *args)
    assert r.returncode == 0, (args, r.returncode, r.stdout, r.stderr)
    return r


def fails(db, env, status, words, *args):
    """The command fails with status, says words on stderr, and writes nothing."""
    before = snapshot(db)
    r = cli(db, env, *args)
    assert r.returncode == status, (args, r.returncode, r.stdout, r.stderr)
    assert words in r.stderr, (args, r.stderr)
    assert r.stderr.startswith("suivi: "), r.stderr
    assert not r.stdout, r.stdout
    assert snapshot(db) == before, "%r wrote something" % (args,)
    return r


def snapshot(db):
    return (db_query(db, "SELECT id, since, until, convention FROM subscription ORDER BY id"),
            db_query(db, "SELECT count(*) FROM audit")[0][0])


def row(db, sid):
    rows = db_query(db, "SELECT * FROM subscription WHERE id = ?", (sid,))
    return rows[0] if rows else None


def last_audit(db, sid):
    r = db_query(db, "SELECT login, change FROM audit WHERE entity = 'subscription'"
                     " AND entity_id = ? ORDER BY id DESC LIMIT 1", (sid,))[0]
    return r["login"], json.loads(r["change"]) if r["change"].startswith("{") else r["change"]


@pytest.fixture
def sub(db):
    """An open subscription under a convention, of a member with another service."""
    return db_query(db, "SELECT b.*, v.code FROM subscription b JOIN service v"
                        " ON v.id = b.service_id WHERE b.until IS NULL"
                        " AND b.convention IS NOT NULL AND (SELECT count(*) FROM subscription"
                        " o WHERE o.member_id = b.member_id) >= 2 ORDER BY b.id LIMIT 1")[0]


def table(stdout):
    return [line.split("\t") for line in stdout.splitlines()]


def test_list_shows_each_subscription_with_its_id(db, env, sub):
    t = table(ok(db, env, "subscription", "list", str(sub["member_id"])).stdout)
    assert t[0] == ["ID", "SERVICE", "NAME", "SINCE", "UNTIL", "CONVENTION"], t[0]
    mine = [r for r in t[1:] if r[0] == str(sub["id"])]
    assert mine and mine[0][1] == sub["code"] and mine[0][3] == sub["since"], t
    assert mine[0][4] == "" and mine[0][5] == sub["convention"], mine


def test_edit_changes_only_the_fields_given_and_none_clears(db, env, sub):
    sid = str(sub["id"])
    r = ok(db, env, "subscription", "edit", sid, "--until", "2026-12-31")
    assert "subscription #%s" % sid in r.stdout and "until 2026-12-31" in r.stdout, r.stdout
    got = row(db, sid)
    assert (got["since"], got["until"], got["convention"]) == \
        (sub["since"], "2026-12-31", sub["convention"])
    assert last_audit(db, sid) == (LOGIN, {"until": [None, "2026-12-31"]})

    ok(db, env, "subscription", "edit", "#" + sid, "--convention", "CONV-2026-9999",
       "--since", "2024-02-01")
    got = row(db, sid)
    assert (got["since"], got["until"], got["convention"]) == \
        ("2024-02-01", "2026-12-31", "CONV-2026-9999")
    assert last_audit(db, sid)[1] == {"since": [sub["since"], "2024-02-01"],
                                      "convention": [sub["convention"], "CONV-2026-9999"]}

    r = ok(db, env, "subscription", "edit", sid, "--until", "none", "--convention", "none")
    assert "no end" in r.stdout and "no convention" in r.stdout, r.stdout
    got = row(db, sid)
    assert got["until"] is None and got["convention"] is None and got["since"] == "2024-02-01"
    assert last_audit(db, sid)[1] == {"until": ["2026-12-31", None],
                                      "convention": ["CONV-2026-9999", None]}

    audits = db_query(db, "SELECT count(*) FROM audit")[0][0]
    r = ok(db, env, "subscription", "edit", sid, "--since", "2024-02-01")
    assert "nothing to change" in r.stdout, r.stdout
    assert db_query(db, "SELECT count(*) FROM audit")[0][0] == audits


def test_end_is_today_or_the_day_given(db, env, sub):
    sid = str(sub["id"])
    r = ok(db, env, "subscription", "end", sid)
    assert "ended" in r.stdout and "until " + TODAY in r.stdout, r.stdout
    assert row(db, sid)["until"] == TODAY
    ok(db, env, "subscription", "end", sid, "--on", "2026-12-31")
    got = row(db, sid)
    assert got["until"] == "2026-12-31" and got["convention"] == sub["convention"]
    assert last_audit(db, sid)[1] == {"until": [TODAY, "2026-12-31"]}
    # The list shows it ended.
    t = table(ok(db, env, "subscription", "list", str(sub["member_id"])).stdout)
    assert [r[4] for r in t if r[0] == sid] == ["2026-12-31"], t


def test_remove_audits_what_it_held(db, env, sub):
    sid = str(sub["id"])
    r = ok(db, env, "subscription", "remove", sid)
    assert "removed" in r.stdout and sub["code"] in r.stdout, r.stdout
    assert row(db, sid) is None
    login, change = last_audit(db, sid)
    assert login == LOGIN and change == {
        "member": [sub["member_id"], None], "service": [sub["service_id"], None],
        "since": [sub["since"], None], "convention": [sub["convention"], None]}, change
    t = table(ok(db, env, "subscription", "list", str(sub["member_id"])).stdout)
    assert sid not in [r[0] for r in t], t
    fails(db, env, 2, "no such subscription (#%s)" % sid, "subscription", "remove", sid)


def test_refusals_say_why_and_write_nothing(db, env, sub):
    sid = str(sub["id"])
    fails(db, env, 1, "until 2000-01-01 is before since " + sub["since"],
          "subscription", "edit", sid, "--until", "2000-01-01")
    fails(db, env, 1, "cannot end before it begins", "subscription", "end", sid,
          "--on", "2000-01-01")
    fails(db, env, 1, "cannot end before it begins", "subscription", "edit", sid,
          "--since", "2026-12-01", "--until", "2026-11-30")
    # Another subscription of the member to the service, from a later day: the
    # since it begins on is taken, and the message names it.
    ok(db, env, "subscription", "edit", sid, "--until", "2026-06-30")
    r = ok(db, env, "subscription", "add", str(sub["member_id"]), sub["code"],
           "--since", "2026-07-01")
    other = db_query(db, "SELECT id FROM subscription WHERE member_id = ? AND service_id = ?"
                         " AND since = '2026-07-01'", (sub["member_id"], sub["service_id"]))
    assert other, r.stdout
    fails(db, env, 1, "subscription #%d to %s begins on 2026-07-01 already"
          % (other[0]["id"], sub["code"]), "subscription", "edit", sid,
          "--since", "2026-07-01", "--until", "none")
    # Usage errors: an id or a date that cannot be read, no such id, nothing to do.
    fails(db, env, 2, "'abc' is not a subscription's id", "subscription", "edit", "abc",
          "--until", "none")
    fails(db, env, 2, "no such subscription (#999999)", "subscription", "edit", "999999",
          "--until", "none")
    fails(db, env, 2, "no such subscription (#999999)", "subscription", "end", "999999")
    fails(db, env, 2, "--until: ", "subscription", "edit", sid, "--until", "pouet")
    fails(db, env, 2, "--on: ", "subscription", "end", sid, "--on", "31/02/2026")
    fails(db, env, 2, "needs --since, --until or --convention", "subscription", "edit", sid)
    fails(db, env, 2, "--on does not apply", "subscription", "edit", sid, "--on", "2026-12-01")
    fails(db, env, 2, "needs ID", "subscription", "remove")


@pytest.mark.parametrize("role,words", [("staff", "Only an admin"),
                                        ("readonly", "read-only")])
def test_only_an_admin_changes_a_subscription(db, env, sub, role, words):
    con = sqlite3.connect(db)
    con.execute("UPDATE staff SET role = ? WHERE login = ?", (role, LOGIN))
    con.commit()
    con.close()
    assert db_query(db, "SELECT count(*) FROM staff WHERE role = 'admin' AND disabled = 0")[0][0]
    sid = str(sub["id"])
    for args in (["edit", sid, "--until", "2026-12-31"], ["edit", sid, "--until", "2000-01-01"],
                 ["end", sid], ["remove", sid],
                 ["add", str(sub["member_id"]), sub["code"], "--since", "2026-12-01"]):
        fails(db, env, 1, words, "subscription", *args)
    ok(db, env, "subscription", "list", str(sub["member_id"]))      # reading is everyone's


def test_help_names_the_options(env):
    r = run_cli(["subscription", "edit", "--help"], env)
    assert r.returncode == 0, r.stderr
    for words in ("subscription edit ID", "--until DATE|none", "--convention REF|none",
                  "Only an admin"):
        assert words in r.stdout, r.stdout
    r = run_cli(["subscription", "end", "--help"], env)
    assert r.returncode == 0 and "--on DATE" in r.stdout, r.stdout
    r = run_cli(["subscription", "--help"], env)
    assert r.returncode == 0, r.stderr
    for verb in ("add", "list", "edit", "end", "remove"):
        assert "suivi subscription " + verb in r.stdout, r.stdout
