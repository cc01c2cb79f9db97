"""Roles, enforced where every write passes: a provider's login sees only its
provider's actions (no member, no timeline), may change their status and add notes
shared with providers, and nothing else; an unknown login only looks, or is refused
with [access] unknown = deny; the command line obeys the same rules."""
import os

from conftest import LOGIN, db_connect, db_query, run_cli, start


def make_provider_login(db):
    """The running login becomes CertiBreizh's, no longer staff."""
    con = db_connect(db)
    prov = con.execute("SELECT id, name FROM provider WHERE name LIKE 'CertiBreizh%'").fetchone()
    con.execute("UPDATE staff SET login = login || '-was' WHERE login = ?", (LOGIN,))
    con.execute("INSERT INTO provider_login (login, provider_id) VALUES (?, ?)",
                (LOGIN, prov["id"]))
    con.commit()
    con.close()
    return prov


def test_a_provider_sees_and_updates_only_its_own_actions(spawn, db, env):
    prov = make_provider_login(db)
    theirs = db_query(db, "SELECT count(*) FROM action WHERE assignee_provider_id = ?",
                      (prov["id"],))[0][0]
    s = start_provider(spawn, db)
    s.wait_for("Actions — " + prov["name"][:20])
    s.wait_for(LOGIN + " (provider)")          # the status line says what it is
    rows = [r for r in s.lines()[s.find("Actions — ")[1] + 1:-1] if r.strip(" │")]
    assert len(rows) == min(theirs, len(rows)) and all("CertiB" in r for r in rows), s.dump()
    assert "(none)" in s.line(1), "no member is shown to a provider\n" + s.dump()
    s.keys("N")
    s.wait_for("A provider's login may only update the status of its own actions")
    s.keys("3", "g", "c")
    s.wait_for("Visible to: shared with provider")
    s.type("Certificat expédié ce jour")
    s.keys("^X")
    s.wait_for("Note added to action")
    note = db_query(db, "SELECT visibility, author FROM note ORDER BY id DESC LIMIT 1")[0]
    assert note["visibility"] == "provider" and note["author"] == LOGIN
    s.keys("c")
    s.wait_for("Visible to: shared with provider")
    s.keys("S-Tab", "Left")             # visibility: "shared with member", refused by the store
    s.keys("Tab")
    s.type("Entre nous")
    s.keys("^X")
    s.wait_for("only notes shared with providers")
    s.keys("Esc")
    s.wait_for("Discard what you typed?")
    s.keys("y")
    s.quit()
    # The command line obeys the same rules.
    r = run_cli(["--db", db, "pole", "add", "Nouveau"], env)
    assert r.returncode == 1 and "provider" in r.stderr, r.stderr


def start_provider(spawn, db):
    s = spawn(db=db)
    s.wait_for("Members")
    s.wait_for("Actions — ")
    return s


def test_an_unknown_login_looks_or_is_refused(spawn, db, env):
    con = db_connect(db)
    con.execute("UPDATE staff SET login = login || '-was' WHERE login = ?", (LOGIN,))
    con.commit()
    con.close()
    s = start(spawn, db)
    s.wait_for(LOGIN + " (read-only)")
    s.keys("N")
    s.wait_for("Your login is not in the staff list")
    s.quit()
    conf = os.path.join(env["XDG_CONFIG_HOME"], "suivi")
    os.makedirs(conf, exist_ok=True)
    with open(os.path.join(conf, "config.ini"), "w") as f:
        f.write("[access]\nunknown = deny\n")
    r = run_cli(["--db", db, "staff", "list"], env)
    assert r.returncode == 1 and "is not in the staff list of this database" in r.stderr
