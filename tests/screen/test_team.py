"""A real team on a real, empty database, through the keys: `suivi init`, the people
screen (staff, a pôle, a provider), a member with a contact, a call, an action handed
to the provider, notes of each visibility, a status change with its comment, a close
with its resolution — each checked on the screen and in the database.  Then the
rules a team relies on: only an admin changes the team, a duplicate SIREN is refused
naming its member, contacts are added, edited and retired from the member's detail
or created from the interaction form."""
import sqlite3

import pytest

from conftest import LOGIN, db_query, run_cli

SIREN = "253514491"          # the syndicate's own SIREN: a valid one


@pytest.fixture
def empty_db(env, tmp_path):
    path = str(tmp_path / "team.db")
    r = run_cli(["init", "--db", path], env)
    assert r.returncode == 0, r.stderr
    return path


def fill(s, label, text):
    """Put text in a one-line field (erasing what is there)."""
    s.focus_field(label)
    s.keys("^U")
    if text:
        s.type(text)
    s.wait_for(text)


def save(s, message):
    s.keys("^X")
    s.wait_for(message)


def open_ui(spawn, db):
    s = spawn(db=db)
    s.wait_for("Members")
    s.wait_for("Actions")
    return s


def test_a_day_of_work_on_an_empty_database(spawn, empty_db):
    db = empty_db
    s = open_ui(spawn, db)
    assert "(none)" in s.screen_text(), "an empty database shows empty panes\n" + s.dump()

    # The people screen: the one who ran `suivi init` is its first admin.
    s.keys("P")
    s.wait_for("Staff (1)")
    assert LOGIN in s.screen_text() and "admin" in s.screen_text(), s.dump()
    s.keys("a")
    s.wait_for("New staff member")
    fill(s, "Login", "amorel")
    fill(s, "Name", "Anne Morel")
    save(s, "Saved amorel")
    s.wait_for("Staff (2)")
    s.keys("a")
    s.wait_for("New staff member")
    fill(s, "Login", "bleguen")
    fill(s, "Name", "Bruno Le Guen")
    s.focus_field("Role")
    s.type("r")                                   # read only
    s.wait_for("read only")
    save(s, "Saved bleguen")
    s.wait_for("Staff (3)")
    s.keys("Tab")                                 # pôles
    s.wait_until(lambda: "Pôles (0)   a: add" in s.screen_text(), "the pôles list focused")
    s.keys("a")
    s.wait_for("New pôle")
    fill(s, "Name", "Support")
    save(s, "Saved Support")
    s.keys("Tab")                                 # providers
    s.wait_until(lambda: "Providers (0)   a: add" in s.screen_text(), "providers focused")
    s.keys("a")
    s.wait_for("New provider")
    fill(s, "Name", "CertiBreizh")
    fill(s, "Contact", "Mme Tanguy")
    fill(s, "Email", "support@certibreizh.example")
    save(s, "Saved CertiBreizh")
    s.wait_for("Providers (1)")
    staff = {r["login"]: r for r in db_query(db, "SELECT * FROM staff")}
    assert set(staff) == {LOGIN, "amorel", "bleguen"}
    assert staff["bleguen"]["role"] == "readonly" and staff["amorel"]["role"] == "staff"
    assert db_query(db, "SELECT name FROM pole")[0]["name"] == "Support"
    s.keys("q")
    s.wait_for("Timeline")

    # A member, then a contact for it from the members pane.
    s.keys("N")
    s.wait_for("New member")
    fill(s, "Name", "Plouguerneau")
    fill(s, "SIREN", "253 514 491")               # as people write it
    save(s, "Saved member #")
    s.wait_gone("New member")
    s.wait_for("Plouguerneau")
    member = db_query(db, "SELECT * FROM member")[0]
    assert member["siren"] == SIREN
    s.keys("C")
    s.wait_for("New contact")
    fill(s, "Name", "Yvon Le Bras")
    fill(s, "Role", "DGS")
    fill(s, "Email", "dgs@plouguerneau.example")
    save(s, "Saved contact")
    contact = db_query(db, "SELECT * FROM contact")[0]
    assert contact["member_id"] == member["id"] and contact["role"] == "DGS"

    # A call from that contact.
    s.keys("i")
    s.wait_for("New interaction")
    s.focus_field("Contact")
    s.type("y")
    s.wait_for("Yvon Le Bras")
    fill(s, "Subject", "Certificat expire")
    save(s, "Saved interaction #")
    it = db_query(db, "SELECT * FROM interaction")[0]
    assert it["contact_id"] == contact["id"]

    # An action from it, then handed to the provider.
    s.keys("2")
    s.wait_for("Certificat expire")
    s.keys("a")
    s.wait_for("New action")
    save(s, "Saved action #")
    s.keys("3", "e")
    s.wait_for("Edit action")
    s.focus_field("Assignee")
    s.type("c")
    s.wait_for("CertiBreizh (provider)")
    save(s, "Saved action #")
    act = db_query(db, "SELECT * FROM action")[0]
    assert act["interaction_id"] == it["id"]
    assert act["assignee_provider_id"] == db_query(db, "SELECT id FROM provider")[0]["id"]
    s.wait_for("CertiB")                         # the assignee column of the queue

    # Notes of each visibility.
    for i, (letter, vis) in enumerate((("i", "internal"), ("s", "member"), ("s", "provider"))):
        s.keys("c")
        s.wait_for("Note on action")
        s.focus_field("Visible to")
        s.type(letter * (1 if i < 2 else 2))      # s jumps to "shared with …", twice: provider
        s.focus_field("Note")
        s.type("Note %s 3f2e" % vis)
        save(s, "Note added")
    notes = db_query(db, "SELECT visibility, body FROM note ORDER BY id")
    assert [n["visibility"] for n in notes] == ["internal", "member", "provider"], \
        [dict(n) for n in notes]

    # A status change with a comment, then the close with its resolution.
    s.keys("s")
    s.wait_for("Status of action")
    s.type("w")                                   # waiting on member
    s.type("w")                                   # waiting on provider
    s.keys("Enter")
    s.wait_for("Comment")
    s.type("Ticket ouvert chez le prestataire")
    save(s, "waiting on provider")
    s.keys("s")
    s.wait_for("Status of action")
    s.type("d")
    s.keys("Enter")
    s.wait_for("Resolution")
    s.type("Certificat renouvelé")
    save(s, ": done")
    act = db_query(db, "SELECT * FROM action")[0]
    assert act["status"] == "done" and act["resolution"] == "Certificat renouvelé"

    # The detail shows it for people: resolution, notes with visibility, history.
    s.keys("v")                                   # this member's actions: closed ones too
    s.wait_for("Actions — Plouguerneau")
    s.keys("g", "Enter")
    s.wait_for("Action #%d" % act["id"])
    seen = []
    for _ in range(8):
        seen.append(s.screen_text())
        s.keys("Space")
        s.settle(0.1)
    text = "\n".join(seen)
    for want in ("Resolution", "Certificat renouvelé", "[shared with provider]",
                 "[shared with member]", "[internal]", "assignee: (nobody) → CertiBreizh",
                 "status: open → waiting on provider",
                 "status: waiting on provider → done", "CertiBreizh (provider)", "Mme Tanguy"):
        assert want in text, "%r not in the action detail\n%s" % (want, text)
    assert "wait_provider" not in text and "assignee_provider" not in text
    s.keys("q")
    s.quit()


def test_only_an_admin_changes_the_team(spawn, empty_db):
    db = empty_db
    con = sqlite3.connect(db)
    with con:      # another admin, and the running login made read-only
        con.execute("INSERT INTO staff (login, display_name, role) VALUES ('boss', 'Boss', "
                    "'admin')")
        con.execute("UPDATE staff SET role = 'readonly' WHERE login = ?", (LOGIN,))
    con.close()
    s = open_ui(spawn, db)
    s.keys("P")
    s.wait_for("Staff (2)")
    s.keys("a")
    s.wait_for("Only an admin")
    assert "New staff member" not in s.screen_text()
    s.keys("q")
    s.wait_for("Timeline")
    s.keys("N")                                   # read only: no write at all
    s.wait_for("read")
    assert "New member" not in s.screen_text(), s.dump()
    s.quit()


def test_a_role_changed_by_an_admin_elsewhere_applies_without_a_restart(spawn, empty_db):
    """The running session re-reads who it is when another commits: made read-only by
    another admin, it refuses a write at its next refresh, not at its next start."""
    db = empty_db
    s = open_ui(spawn, db)
    s.keys("N")
    s.wait_for("New member")
    s.keys("Esc")
    s.wait_for("Timeline")
    con = sqlite3.connect(db)
    with con:
        con.execute("INSERT INTO staff (login, display_name, role) VALUES ('boss', 'Boss', "
                    "'admin')")
        con.execute("UPDATE staff SET role = 'readonly' WHERE login = ?", (LOGIN,))
    con.close()
    s.settle(3.0)                                 # one refresh (2 s by default)
    s.keys("N")
    s.wait_for("read")
    assert "New member" not in s.screen_text(), s.dump()
    s.quit()


def test_a_duplicate_siren_is_refused_naming_its_member(spawn, empty_db):
    db = empty_db
    s = open_ui(spawn, db)
    for name in ("Lannion", "Perros-Guirec"):
        s.keys("N")
        s.wait_for("New member")
        fill(s, "Name", name)
        fill(s, "SIREN", SIREN)
        s.keys("^X")
        if name == "Lannion":
            s.wait_for("Saved member #")
    s.wait_for("already the SIREN of Lannion")
    assert "New member" in s.screen_text(), "the form stays open with what was typed"
    assert db_query(db, "SELECT count(*) FROM member")[0][0] == 1
    s.keys("Esc")
    s.wait_for("Discard")
    s.type("y")
    s.quit()


def test_contacts_from_the_detail_and_from_the_interaction_form(spawn, empty_db):
    db = empty_db
    s = open_ui(spawn, db)
    s.keys("N")
    s.wait_for("New member")
    fill(s, "Name", "Morlaix Communauté")
    s.focus_field("Kind")
    s.type("e")                                   # EPCI
    save(s, "Saved member #")
    s.keys("N")
    s.wait_for("New member")
    fill(s, "Name", "Carantec")
    fill(s, "Parent EPCI", "morlaix")
    save(s, "Saved member #")
    # From the interaction form: "(new contact…)" without leaving it.
    s.keys("g")                                   # Carantec sorts first
    s.wait_for("Timeline — Carantec")
    s.keys("i")
    s.wait_for("New interaction")
    s.focus_field("Contact")
    s.type("(")                                   # "(new contact…)", the next after "(none)"
    s.wait_for("(new contact")
    s.keys("Enter")
    s.wait_for("New contact — Carantec")
    fill(s, "Name", "Maïwenn Guivarc'h")
    save(s, "Saved contact")
    s.wait_gone("New contact")
    s.wait_for("Maïwenn Guivarc'h")               # chosen in the interaction form
    fill(s, "Subject", "Question sur la charte")
    save(s, "Saved interaction #")
    it = db_query(db, "SELECT * FROM interaction")[0]
    c = db_query(db, "SELECT * FROM contact")[0]
    assert it["contact_id"] == c["id"]
    # From the member's detail: the EPCI lists its commune; edit, then retire a contact.
    s.keys("1", "Enter")
    s.wait_for("Member — Carantec")
    assert "Belongs to" in s.screen_text() and "Morlaix Communauté" in s.screen_text()
    s.keys("Tab")                                 # the EPCI link, then the contact
    s.keys("Tab")
    s.keys("e")
    s.wait_for("Edit contact")
    fill(s, "Role", "Secrétaire de mairie")
    save(s, "Saved contact")
    s.wait_for("Secrétaire de mairie")
    s.keys("R")
    s.wait_for("Retire")
    s.type("y")
    s.wait_for("(retired)")
    row = db_query(db, "SELECT * FROM contact")[0]
    assert row["role"] == "Secrétaire de mairie" and row["retired"] == 1
    s.keys("q", "k")                              # back; up to the EPCI
    s.keys("g")
    s.keys("j")
    s.keys("Enter")
    s.wait_for("Member — Morlaix Communauté")
    s.wait_for("Communes (1)")
    assert "Carantec" in s.screen_text()
    s.keys("q")
    s.quit()


def test_a_providers_own_list_of_actions(spawn, db):
    """From the people screen, Enter on a provider lists its actions (open first)."""
    prov = db_query(db, "SELECT p.id, p.name, count(a.id) AS n FROM provider p JOIN action a "
                        "ON a.assignee_provider_id = p.id GROUP BY p.id ORDER BY p.name "
                        "LIMIT 1")[0]
    titles = [r["title"] for r in db_query(
        db, "SELECT title FROM action WHERE assignee_provider_id = ? AND status NOT IN "
            "('done', 'cancelled')", (prov["id"],))]
    s = open_ui(spawn, db)
    s.keys("P")
    s.wait_for("Providers (")
    s.keys("Tab", "Tab")
    s.wait_until(lambda: "Providers (" in s.screen_text() and
                 s.find("Providers (")[1] == (s.find("a: add") or (0, -1))[1],
                 "the providers list focused")
    s.keys("g", "Enter")
    s.wait_for("Actions — " + prov["name"][:20])
    assert any(t[:12] in s.screen_text() for t in titles), s.dump()
    s.keys("Esc")
    s.wait_for("Staff (")
    s.keys("q")
    s.wait_for("Timeline")
    s.quit()
