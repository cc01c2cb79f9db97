"""m on an action: a mail from the template to its provider (or a contact of the
member), sent through the configured sendmail — here a fake one that keeps what it
reads — with correct MIME (UTF-8 body, RFC 2047 subject carrying [suivi #N], Date,
Message-ID naming the action, From from the config), then recorded as an outgoing
interaction and a note.  A failing sendmail says why, and the text stays, in the
form and in its draft."""
import email
import email.policy
import glob
import os
import stat

from conftest import TODAY, db_query, start
from test_triage import top_of_queue

SENDMAIL = """#!/bin/sh
cat > "{out}"
echo "$@" > "{out}.args"
"""
FAILING = """#!/bin/sh
cat > /dev/null
echo "sendmail: cannot connect to the relay" >&2
exit 75
"""


def configure(env, tmp_path, script):
    path = str(tmp_path / "sendmail.sh")
    out = str(tmp_path / "sent.eml")
    with open(path, "w") as f:
        f.write(script.format(out=out))
    os.chmod(path, stat.S_IRWXU)
    conf = os.path.join(env["XDG_CONFIG_HOME"], "suivi")
    os.makedirs(conf, exist_ok=True)
    with open(os.path.join(conf, "config.ini"), "w") as f:
        f.write("[mail]\nsendmail = %s -t -oi\nfrom = support@syndicat.example\n"
                "from_name = Support du syndicat\n" % path)
    return out


def providers_top_action(db):
    """The first action in queue order of a provider with an e-mail address (and so
    the first of its provider's queue too), and that provider."""
    rows = db_query(db, "SELECT a.* FROM action a JOIN provider p ON p.id ="
                        " a.assignee_provider_id WHERE p.email IS NOT NULL AND a.status IN"
                        " ('open','in_progress','wait_member','wait_provider')"
                        " ORDER BY coalesce(a.due < ?, 0) DESC, a.priority, a.due IS NULL,"
                        " a.due, a.id LIMIT 1", (TODAY,))
    assert rows, "the demo has an open action of a provider with an e-mail address"
    prov = db_query(db, "SELECT * FROM provider WHERE id = ?", (rows[0]["assignee_provider_id"],))
    return rows[0], prov


def test_a_mail_to_the_provider_is_sent_and_recorded(spawn, db, env, tmp_path):
    out = configure(env, tmp_path, SENDMAIL)
    a, prov = providers_top_action(db)
    s = start(spawn, db)
    s.keys("3", "/")
    s.type('assignee:"%s"' % prov[0]["name"])
    s.keys("Enter")
    s.wait_for("[filter: ")
    s.keys("g", "m")
    s.wait_for("Mail about action #%d" % a["id"])
    s.wait_for(prov[0]["email"][:15])
    s.type("Pouvez-vous nous donner un délai ? Merci — l'équipe")
    s.keys("^X")
    s.wait_for("Mail sent to " + prov[0]["email"])
    with open(out, "rb") as f:
        raw = f.read()
    with open(out + ".args") as f:
        assert f.read().split() == ["-t", "-oi"]
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert msg["Subject"].startswith("[suivi #%d] " % a["id"])
    assert a["title"][:30] in msg["Subject"]
    subject_line = [l for l in raw.decode("ascii").split("\n") if l.startswith("Subject:")][0]
    assert "=?UTF-8?" in subject_line or a["title"].isascii(), "RFC 2047 for non-ASCII"
    assert msg["From"].addresses[0].addr_spec == "support@syndicat.example"
    assert msg["From"].addresses[0].display_name == "Support du syndicat"
    assert msg["To"].addresses[0].addr_spec == prov[0]["email"]
    assert "suivi.action.%d." % a["id"] in msg["Message-ID"]
    assert msg["Date"] and msg["MIME-Version"] == "1.0"
    assert msg.get_content_charset() == "utf-8"
    assert "Pouvez-vous nous donner un délai ? Merci — l'équipe" in msg.get_content()
    it = db_query(db, "SELECT * FROM interaction ORDER BY id DESC LIMIT 1")[0]
    assert it["kind"] == "email_out" and it["member_id"] == a["member_id"]
    assert it["subject"] == msg["Subject"]
    note = db_query(db, "SELECT * FROM note WHERE action_id = ? ORDER BY id DESC LIMIT 1",
                    (a["id"],))[0]
    assert note["visibility"] == "provider" and prov[0]["email"] in note["body"]
    s.quit()


def test_a_failing_sendmail_keeps_the_text(spawn, db, env, tmp_path):
    configure(env, tmp_path, FAILING)
    a = top_of_queue(db)
    before = db_query(db, "SELECT count(*) FROM interaction")[0][0]
    s = start(spawn, db)
    s.keys("3", "g", "m")
    s.wait_for("Mail about action #%d" % a["id"])
    s.type("Texte à ne pas perdre")
    s.keys("^X")
    s.wait_for("Not sent")
    s.wait_for("status 75")
    assert "Texte à ne pas perdre" in s.screen_text(), "the form stays with the text"
    drafts = glob.glob(os.path.join(env["XDG_STATE_HOME"], "suivi", "recovered", "*"))
    assert any("Texte à ne pas perdre" in open(p).read() for p in drafts), drafts
    assert db_query(db, "SELECT count(*) FROM interaction")[0][0] == before
    s.keys("Esc")
    s.wait_for("Discard what you typed?")
    s.keys("y")
    s.quit()
