"""`suivi add interaction|action|note`: the command-line write path, driven as a
script would (no terminal).  Each write goes through the same rules as the forms
(an audit row under the running login, the SLA due date of a new action, the
roles), a value that cannot be read is status 2 with a message naming it, a refusal
is status 1, and neither writes anything."""
import json
import os
import sqlite3
import subprocess

from conftest import LOGIN, SLOW, SUIVI_BIN, TODAY, db_connect, db_query, run_cli

# SUIVI_NOW is Friday 2026-11-20 10:00 UTC: working days skip the weekend.
DUE_P1, DUE_P3, DUE_P3_2D = "2026-11-23", "2026-11-27", "2026-11-24"


def run(args, env, data=None):
    """suivi with args; data (bytes) on standard input, else nothing."""
    r = subprocess.run([SUIVI_BIN] + list(args), env=env, input=data or b"",
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30 * SLOW)
    return subprocess.CompletedProcess(r.args, r.returncode, r.stdout.decode("utf-8", "replace"),
                                       r.stderr.decode("utf-8", "replace"))


def add(db, env, *args, data=None):
    return run(["--db", db, "add"] + list(args), env, data)


def count(db, table):
    return db_query(db, "SELECT count(*) FROM %s" % table)[0][0]


def counts(db):
    return tuple(count(db, t) for t in ("interaction", "action", "note", "audit"))


def member_with_siren(db):
    return db_query(db, "SELECT id, name, siren FROM member WHERE siren IS NOT NULL "
                        "AND kind = 'commune' ORDER BY id LIMIT 1")[0]


def audit_of(db, entity, entity_id):
    return [tuple(r) for r in db_query(db, "SELECT login, change FROM audit WHERE entity = ? "
                                           "AND entity_id = ?", (entity, entity_id))]


def added_id(r, db, what):
    """The id in "FILE: interaction #12 added"."""
    assert r.returncode == 0, (r.returncode, r.stdout, r.stderr)
    line = r.stdout.strip()
    assert line.endswith(" added") or " added to action #" in line, line
    assert line.startswith(db + ": " + what + " #"), line
    return int(line.split("#")[1].split()[0])


# ---- interactions ----------------------------------------------------------------------
def test_an_interaction_by_siren_with_blanks(db, env):
    m = member_with_siren(db)
    siren = "%s %s %s" % (m["siren"][:3], m["siren"][3:6], m["siren"][6:])
    r = add(db, env, "interaction", "--member", siren, "--kind", "call_out",
            "--subject", "Appel de suivi : parapheur électronique", "--body", "Rappel à J+3")
    new = added_id(r, db, "interaction")
    row = db_query(db, "SELECT * FROM interaction WHERE id = ?", (new,))[0]
    assert row["member_id"] == m["id"] and row["kind"] == "call_out"
    assert row["subject"] == "Appel de suivi : parapheur électronique"
    assert row["body"] == "Rappel à J+3" and row["author"] == LOGIN
    assert audit_of(db, "interaction", new) == [(LOGIN, "created")]
    assert r.stderr == ""


def test_the_body_from_standard_input_and_json(db, env):
    m = member_with_siren(db)
    text = "Bonjour,\n\nle certificat de Mme Le Goff expire le 15/12.\n— Sophie\n"
    r = add(db, env, "interaction", "--member", "#%d" % m["id"], "--kind", "email_in",
            "--subject", "Certificat à renouveler", "--body", "-", "--at", "hier 14h30",
            "--json", data=text.encode())
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["kind"] == "interaction" and out["member_id"] == m["id"]
    assert out["member"] == m["name"] and out["interaction_kind"] == "email_in"
    row = db_query(db, "SELECT * FROM interaction WHERE id = ?", (out["id"],))[0]
    assert row["body"] == text.rstrip("\n"), "the last line break dropped, the rest kept"
    assert out["body"] == row["body"] and out["author"] == LOGIN
    # hier 14h30 in Europe/Paris (UTC+1 in November), stored in UTC
    assert row["occurred_at"] == "2026-11-19 13:30:00" == out["occurred_at"]


def test_the_contact_and_pole_by_name(db, env):
    c = db_query(db, "SELECT c.id, c.name, c.member_id FROM contact c WHERE c.retired = 0 "
                     "ORDER BY c.id LIMIT 1")[0]
    pole = db_query(db, "SELECT id, name FROM pole ORDER BY name LIMIT 1")[0]
    r = add(db, env, "interaction", "--member", str(c["member_id"]), "--kind", "meeting",
            "--subject", "Réunion", "--contact", c["name"].upper(), "--pole", pole["name"],
            "--json")
    assert r.returncode == 0, r.stderr
    row = db_query(db, "SELECT * FROM interaction WHERE id = ?", (json.loads(r.stdout)["id"],))[0]
    assert row["contact_id"] == c["id"] and row["pole_id"] == pole["id"]


def test_options_before_or_after_the_words(db, env):
    m = member_with_siren(db)
    r = run(["--kind", "request", "--db", db, "add", "--subject=Demande", "interaction",
             "--member=%d" % m["id"]], env)
    new = added_id(r, db, "interaction")
    assert db_query(db, "SELECT kind FROM interaction WHERE id = ?", (new,))[0][0] == "request"


def test_invalid_utf8_on_standard_input_is_refused(db, env):
    m = member_with_siren(db)
    before = counts(db)
    r = add(db, env, "interaction", "--member", str(m["id"]), "--kind", "call_in",
            "--subject", "Appel", "--body", "-", data=b"caf\xe9 au lait\n")
    assert r.returncode == 2 and r.stderr.startswith("suivi: --body")
    assert "UTF-8" in r.stderr
    r = add(db, env, "interaction", "--member", str(m["id"]), "--kind", "call_in",
            "--subject", "Appel", "--body", "-", data=b"a\x00b")
    assert r.returncode == 2 and "NUL" in r.stderr
    assert counts(db) == before


def test_values_that_cannot_be_read_write_nothing(db, env):
    m = member_with_siren(db)
    before = counts(db)
    cases = [
        (["interaction", "--member", "999999", "--kind", "call_in", "--subject", "x"],
         "999999"),
        (["interaction", "--member", "123 456 789", "--kind", "call_in", "--subject", "x"],
         "123 456 789"),
        (["interaction", "--member", "Lorient", "--kind", "call_in", "--subject", "x"],
         "Lorient"),
        (["interaction", "--member", str(m["id"]), "--kind", "phone", "--subject", "x"],
         "phone"),
        (["interaction", "--member", str(m["id"]), "--kind", "call_in", "--subject", "x",
          "--at", "31/02/2026"], "31/02/2026"),
        (["interaction", "--member", str(m["id"]), "--kind", "call_in", "--subject", " "],
         "--subject"),
        (["interaction", "--member", str(m["id"]), "--kind", "call_in", "--subject", "x",
          "--contact", "Personne Inconnue"], "Personne Inconnue"),
        (["action", "--member", str(m["id"]), "--title", "x", "--due", "31/02/2026"],
         "31/02/2026"),
        (["action", "--member", str(m["id"]), "--title", "x", "--priority", "P7"], "P7"),
        (["action", "--member", str(m["id"]), "--title", "x", "--pole", "Nulle part"],
         "Nulle part"),
        (["action", "--member", str(m["id"])], "--title"),
        (["action", "--title", "x"], "--member"),
        (["action", "--from-interaction", "999999"], "999999"),
        (["note", "--action", "999999", "--body", "x"], "999999"),
        (["note", "--action", "1", "--body", "x", "--visibility", "public"], "public"),
        (["note", "--action", "1"], "--body"),
        (["note", "--action", "1", "--body", "x", "--kind", "call_in"], "--kind"),
    ]
    for args, named in cases:
        r = add(db, env, *args)
        assert r.returncode == 2, (args, r.returncode, r.stdout, r.stderr)
        assert r.stderr.startswith("suivi: ") and named in r.stderr, (args, r.stderr)
        assert r.stdout == ""
    assert counts(db) == before


# ---- actions ----------------------------------------------------------------------------
def test_a_new_action_is_due_by_the_sla(db, env, tmp_path):
    m = member_with_siren(db)
    r = add(db, env, "action", "--member", str(m["id"]), "--title", "Envoyer la convention",
            "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    row = db_query(db, "SELECT * FROM action WHERE id = ?", (out["id"],))[0]
    assert row["priority"] == 3 and row["due"] == DUE_P3 == out["due"]
    assert row["status"] == "open" and row["created_by"] == LOGIN
    assert row["member_id"] == m["id"] and out["member_id"] == m["id"]
    assert audit_of(db, "action", out["id"]) == [(LOGIN, "created")]
    # A priority given: its own SLA; a due date given: that one.
    r = add(db, env, "action", "--member", str(m["id"]), "--title", "Urgent", "--priority",
            "P1", "--json")
    assert json.loads(r.stdout)["due"] == DUE_P1
    r = add(db, env, "action", "--member", str(m["id"]), "--title", "Plus tard",
            "--priority", "4", "--due", "15/12", "--json")
    assert json.loads(r.stdout)["due"] == "2026-12-15"
    r = add(db, env, "action", "--member", str(m["id"]), "--title", "Sans date",
            "--due", "none", "--json")
    assert json.loads(r.stdout)["due"] is None
    # The configuration's [sla], as the interface reads it.
    conf = tmp_path / "suivi.ini"
    conf.write_text("[sla]\nP3 = 2d\n")
    r = run(["--db", db, "--config", str(conf), "add", "action", "--member", str(m["id"]),
             "--title", "Selon le SLA", "--json"], env)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["due"] == DUE_P3_2D


def test_an_action_from_an_interaction(db, env):
    it = db_query(db, "SELECT id, member_id, subject, pole_id FROM interaction "
                      "WHERE pole_id IS NOT NULL ORDER BY id DESC LIMIT 1")[0]
    r = add(db, env, "action", "--from-interaction", str(it["id"]), "--description", "-",
            "--json", data="Détails\nsur deux lignes\n".encode())
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    row = db_query(db, "SELECT * FROM action WHERE id = ?", (out["id"],))[0]
    assert row["interaction_id"] == it["id"] and row["member_id"] == it["member_id"]
    assert row["title"] == it["subject"] and row["pole_id"] == it["pole_id"]
    assert row["description"] == "Détails\nsur deux lignes" and row["due"] == DUE_P3
    other = db_query(db, "SELECT id FROM member WHERE id != ? LIMIT 1", (it["member_id"],))[0][0]
    r = add(db, env, "action", "--from-interaction", str(it["id"]), "--member", str(other))
    assert r.returncode == 2 and "another member" in r.stderr


def test_the_assignee_by_login_name_or_provider(db, env):
    m = member_with_siren(db)
    st = db_query(db, "SELECT id, login, display_name FROM staff WHERE disabled = 0 "
                      "AND display_name LIKE '%ë%'")
    st = st[0] if st else db_query(db, "SELECT id, login, display_name FROM staff "
                                       "WHERE disabled = 0 AND login != ? LIMIT 1", (LOGIN,))[0]
    prov = db_query(db, "SELECT id, name FROM provider WHERE disabled = 0 ORDER BY id LIMIT 1")[0]
    me = db_query(db, "SELECT id FROM staff WHERE login = ?", (LOGIN,))[0][0]

    def assignee(who):
        r = add(db, env, "action", "--member", str(m["id"]), "--title", "Pour " + who,
                "--assignee", who, "--json")
        assert r.returncode == 0, (who, r.stderr)
        row = db_query(db, "SELECT assignee_staff_id, assignee_provider_id FROM action "
                           "WHERE id = ?", (json.loads(r.stdout)["id"],))[0]
        return tuple(row)

    assert assignee(st["login"]) == (st["id"], None)
    # the name, without accents and in capitals
    folded = st["display_name"].replace("ë", "e").upper()
    assert assignee(folded) == (st["id"], None)
    assert assignee(prov["name"].split()[0].lower()) == (None, prov["id"])
    assert assignee("me") == (me, None)


def test_an_ambiguous_or_unknown_assignee_is_refused(db, env):
    m = member_with_siren(db)
    for login, name in (("amorel", "Anne Morel"), ("amoreau", "Anne Moreau")):
        r = run(["--db", db, "staff", "add", login, "--name", name], env)
        assert r.returncode == 0, r.stderr
    before = counts(db)
    r = add(db, env, "action", "--member", str(m["id"]), "--title", "x", "--assignee", "anne mor")
    assert r.returncode == 2, r.stderr
    assert "--assignee anne mor" in r.stderr
    assert "Anne Morel (amorel)" in r.stderr and "Anne Moreau (amoreau)" in r.stderr
    r = add(db, env, "action", "--member", str(m["id"]), "--title", "x", "--assignee", "Zoé")
    assert r.returncode == 2 and "--assignee Zoé" in r.stderr
    assert counts(db) == before
    # A disabled colleague is no longer offered.
    assert run(["--db", db, "staff", "disable", "amoreau"], env).returncode == 0
    before = counts(db)
    r = add(db, env, "action", "--member", str(m["id"]), "--title", "x", "--assignee", "amoreau")
    assert r.returncode == 2, r.stderr
    assert counts(db) == before
    r = add(db, env, "action", "--member", str(m["id"]), "--title", "x", "--assignee", "anne mor")
    assert r.returncode == 0, r.stderr


# ---- notes ------------------------------------------------------------------------------
def test_a_note_on_an_action(db, env):
    a = db_query(db, "SELECT id, member_id FROM action ORDER BY id LIMIT 1")[0]
    r = add(db, env, "note", "--action", "#%d" % a["id"], "--body", "-", "--visibility",
            "member", "--json", data="Convention signée reçue.\n".encode())
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["kind"] == "note" and out["action_id"] == a["id"]
    assert out["member_id"] == a["member_id"] and out["visibility"] == "member"
    row = db_query(db, "SELECT * FROM note WHERE id = ?", (out["id"],))[0]
    assert row["body"] == "Convention signée reçue." and row["author"] == LOGIN
    assert row["visibility"] == "member"
    assert [r2[0] for r2 in audit_of(db, "note", out["id"])] == [LOGIN]
    r = add(db, env, "note", "--action", str(a["id"]), "--body", "Interne")
    new = added_id(r, db, "note")
    assert "to action #%d" % a["id"] in r.stdout
    assert db_query(db, "SELECT visibility FROM note WHERE id = ?", (new,))[0][0] == "internal"


# ---- roles ------------------------------------------------------------------------------
def become_provider(db):
    """The running login becomes CertiBreizh's, no longer staff."""
    con = db_connect(db)
    prov = con.execute("SELECT id FROM provider WHERE name LIKE 'CertiBreizh%'").fetchone()[0]
    con.execute("UPDATE staff SET login = login || '-was' WHERE login = ?", (LOGIN,))
    con.execute("INSERT INTO provider_login (login, provider_id) VALUES (?, ?)", (LOGIN, prov))
    con.commit()
    con.close()
    return prov


def test_a_providers_login_adds_only_provider_notes_on_its_actions(db, env):
    m = member_with_siren(db)
    prov = become_provider(db)
    theirs = db_query(db, "SELECT id FROM action WHERE assignee_provider_id = ? LIMIT 1",
                      (prov,))[0][0]
    other = db_query(db, "SELECT id FROM action WHERE assignee_provider_id IS NULL "
                         "LIMIT 1")[0][0]
    before = counts(db)
    for args in (["interaction", "--member", str(m["id"]), "--kind", "call_in", "--subject", "x"],
                 ["action", "--member", str(m["id"]), "--title", "x"],
                 ["note", "--action", str(theirs), "--body", "x", "--visibility", "internal"]):
        r = add(db, env, *args)
        assert r.returncode == 1, (args, r.returncode, r.stderr)
        assert r.stderr.startswith("suivi: ") and "provider" in r.stderr, r.stderr
    r = add(db, env, "note", "--action", str(other), "--body", "x")
    assert r.returncode == 2 and str(other) in r.stderr
    assert counts(db) == before, "nothing written"
    r = add(db, env, "note", "--action", str(theirs), "--body", "Certificat expédié", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["visibility"] == "provider"


def test_an_unknown_or_readonly_login_writes_nothing(db, env):
    m = member_with_siren(db)
    args = ["interaction", "--member", str(m["id"]), "--kind", "call_in", "--subject", "x"]
    con = db_connect(db)
    con.execute("UPDATE staff SET role = 'readonly' WHERE login = ?", (LOGIN,))
    con.commit()
    before = counts(db)
    r = add(db, env, *args)
    assert r.returncode == 1 and "read-only" in r.stderr, r.stderr
    con.execute("UPDATE staff SET login = login || '-was' WHERE login = ?", (LOGIN,))
    con.commit()
    con.close()
    r = add(db, env, *args)
    assert r.returncode == 1 and "not in the staff list" in r.stderr, r.stderr
    assert counts(db) == before


# ---- help -------------------------------------------------------------------------------
def test_help(env):
    r = run_cli(["add", "--help"], env)
    assert r.returncode == 0
    for verb in ("interaction", "action", "note"):
        assert "suivi add " + verb in r.stdout
    r = run_cli(["add", "action", "--help"], env)
    assert r.returncode == 0
    for opt in ("--member", "--title", "--priority", "--due", "--assignee",
                "--from-interaction", "--json"):
        assert opt in r.stdout, opt
    r = run_cli(["add", "interaction"], env)
    assert r.returncode == 2 and "--member" in r.stderr
    r = run_cli(["add", "contact"], env)
    assert r.returncode == 2 and "suivi add contact" in r.stderr
