"""Mail that named no action is kept unsorted by suivi mail-in; U lists it, f files
it on an action by its number: a note on the action and an incoming mail on the
member's timeline, and it leaves the list."""
import subprocess

from conftest import SUIVI_BIN, db_query, start

MAIL = ("From: Yann Le Roux <yann.leroux@mairie.example>\n"
        "Subject: Question sur le parapheur\n"
        "Date: Fri, 20 Nov 2026 09:30:00 +0100\n"
        "Content-Type: text/plain; charset=utf-8\n\n"
        "Bonjour, le parapheur ne s’ouvre plus depuis ce matin.\n")


def test_file_an_unsorted_mail_by_hand(spawn, db, env):
    r = subprocess.run([SUIVI_BIN, "--db", db, "mail-in"], input=MAIL.encode(), env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30)
    assert r.returncode == 0 and b"unsorted mail #" in r.stdout, r.stderr
    a = db_query(db, "SELECT id, member_id FROM action ORDER BY id LIMIT 1")[0]
    s = start(spawn, db)
    s.keys("U")
    s.wait_for("Unsorted mail — 1 to file")
    s.wait_for("Question sur le parapheur")
    s.keys("f")
    s.wait_for("File unsorted mail #")
    s.type("%d" % a["id"])
    s.keys("Enter")
    s.wait_for("filed on action #%d" % a["id"])
    s.wait_for("Unsorted mail — 0 to file")
    note = db_query(db, "SELECT * FROM note WHERE action_id = ? ORDER BY id DESC LIMIT 1",
                    (a["id"],))[0]
    assert "le parapheur ne s’ouvre plus" in note["body"]
    it = db_query(db, "SELECT * FROM interaction ORDER BY id DESC LIMIT 1")[0]
    assert it["kind"] == "email_in" and it["member_id"] == a["member_id"]
    u = db_query(db, "SELECT * FROM unsorted_mail")[0]
    assert u["filed_at"] and u["action_id"] == a["id"]
    s.keys("q")
    s.wait_for("Timeline")
    s.quit()
