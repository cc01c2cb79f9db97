"""suivi mail-in: the real binary, one message of tests/mail/ on its standard input,
against a copy of the demo database, checked with python's sqlite3: a reply becomes a
note (visibility from the sender) and an incoming mail on the member's timeline;
anything else is kept whole, unsorted; the exit statuses are the mail server's
(sysexits.h): 0 filed or kept, 65 empty input, 75 try again (nothing written), 77
this login may not write.

The samples hold placeholders the tests fill in: {ACTION} the action's id,
{PROVIDER_ADDR} the address of the provider it is assigned to, {CONTACT_ADDR} the
address of a contact of its member."""
import os

import pytest

from conftest import LOGIN, NOW, ROOT, db_connect, db_query, run_cli

MAIL_DIR = os.path.join(ROOT, "tests", "mail")
COUNTS = ("SELECT (SELECT count(*) FROM note), (SELECT count(*) FROM interaction),"
          " (SELECT count(*) FROM unsorted_mail), (SELECT count(*) FROM audit)")


@pytest.fixture
def world(db):
    """An open action assigned to a provider that has an address, whose member has an
    active contact with an address."""
    row = db_query(db, """
        SELECT a.id, a.member_id, p.email AS provider_email, c.id AS contact_id,
               c.email AS contact_email
          FROM action a JOIN provider p ON p.id = a.assignee_provider_id
          JOIN contact c ON c.member_id = a.member_id AND c.retired = 0
                        AND coalesce(c.email, '') <> ''
         WHERE a.status NOT IN ('done', 'cancelled') AND coalesce(p.email, '') <> ''
         ORDER BY a.id, c.id LIMIT 1""")
    assert row, "the demo database has no action for these tests"
    return dict(row[0])


def sample(name, world, tmp_path, **subs):
    """The sample with its placeholders filled in, as a file to give as stdin."""
    with open(os.path.join(MAIL_DIR, name), "rb") as f:
        data = f.read()
    values = {"ACTION": str(world["id"]), "PROVIDER_ADDR": world["provider_email"],
              "CONTACT_ADDR": world["contact_email"]}
    values.update(subs)
    for key, value in values.items():
        data = data.replace(("{%s}" % key).encode(), value.encode())
    path = str(tmp_path / name)
    with open(path, "wb") as f:
        f.write(data)
    return path


def mail_in(db, env, path, *args):
    with open(path, "rb") as f:
        return run_cli(["--db", db, "mail-in"] + list(args), env, stdin=f)


def counts(db):
    return tuple(db_query(db, COUNTS)[0])


def newest(db, table):
    return dict(db_query(db, "SELECT * FROM %s ORDER BY id DESC LIMIT 1" % table)[0])


def write_config(env, text):
    conf = os.path.join(env["XDG_CONFIG_HOME"], "suivi")
    os.makedirs(conf, exist_ok=True)
    with open(os.path.join(conf, "config.ini"), "w") as f:
        f.write(text)


# ---- replies ---------------------------------------------------------------------------

# sample, visibility, sender line, from the contact?, text kept, text trimmed, when sent
# (UTC; NOW when the mail has no Date or an absurd one).
REPLIES = [
    ("reply_plain_utf8.eml", "internal", "De : Jean Le Moal <jean.lemoal@gmail.com>", False,
     ["ont pu déposer l'avis d'appel public", "les agents du service des marchés"], [],
     "2026-11-19 08:12:40"),
    ("reply_qp_latin1_provider.eml", "provider", "De : Support Achatpublic Ouest <", False,
     ["Le correctif a été déployé en production ce matin à 7h30. La salle des marchés",
      "L'équipe support"], ["erreur 502", "a écrit", "> "], "2026-11-19 07:05:02"),
    ("reply_base64_contact.eml", "member", "De : Secrétariat de mairie <", True,
     ["La télétransmission des actes", "Mairie — Secrétariat général"],
     ["arrive à expiration", "a écrit"], "2026-11-19 09:30:58"),
    ("reply_multipart_alternative.eml", "internal",
     "De : Gwenaëlle Le Bihan <gwenaelle.lebihan@gmail.com>", False,
     ["La formation au parapheur électronique est confirmée", "Gwenaëlle"],
     ["Pouvez-vous nous confirmer", "a écrit", "suivi@syndicat-numerique.example>"],
     "2026-11-19 10:14:21"),
    ("reply_html_only.eml", "internal", "De : finances@mairie-exemple.fr", False,
     ["Le devis signé pour l'archivage électronique", "Service finances"],
     ["HISTORIQUE-NE-PAS-GARDER", "Nous attendons", "a écrit", "<p>"], "2026-11-19 13:02:11"),
    ("reply_in_reply_to_only.eml", "internal",
     "De : Direction generale <dgs@commune-exemple.bzh>", False,
     ["La délibération du conseil municipal"], [], NOW),
    ("reply_quoted_history.eml", "internal", "De : Christine Tanguy <c.tanguy@orange.fr>",
     False, ["la convention modifiée nous convient", "-- \nChristine Tanguy\nSecrétaire"],
     ["Vous trouverez", "article 4", "a écrit", "Bien cordialement"], "2026-11-20 07:47:50"),
    ("outlook_cp1252.eml", "member", "De : Le Goff, Annick <", True,
     ["l\u2019accord de la collectivité", "1\u00a0250 € HT par an", "Annick Le Goff"],
     ["Voici notre devis", "Envoyé", "______"], "2026-11-19 15:20:36"),
    ("reply_references_only.eml", "member", "De : ", True, ["Vu, merci."], [], NOW),
]


@pytest.mark.parametrize("name,vis,sender,by_contact,kept,trimmed,sent", REPLIES,
                         ids=[r[0] for r in REPLIES])
def test_a_reply_becomes_a_note_and_an_incoming_mail(db, env, world, tmp_path, name, vis,
                                                    sender, by_contact, kept, trimmed, sent):
    before = counts(db)
    # the provider's address as its mailer writes it, not as it is stored
    path = sample(name, world, tmp_path, PROVIDER_ADDR=world["provider_email"].upper())
    r = mail_in(db, env, path)
    assert r.returncode == 0, r.stderr
    assert r.stdout == "filed as a note on action #%d (%s)\n" % (world["id"], vis)
    after = counts(db)
    assert after[:3] == (before[0] + 1, before[1] + 1, before[2]), (before, after)
    note, it = newest(db, "note"), newest(db, "interaction")
    assert note["action_id"] == world["id"] and note["visibility"] == vis
    assert note["author"] == LOGIN and it["author"] == LOGIN
    body = note["body"]
    first, _, text = body.partition("\n")
    assert first.startswith(sender), body
    assert text.strip(), body
    for t in kept:
        assert t in text, "%r not in %r" % (t, body)
    for t in trimmed:
        assert t not in text, "%r in %r" % (t, body)
    assert it["kind"] == "email_in" and it["member_id"] == world["member_id"]
    assert it["contact_id"] == (world["contact_id"] if by_contact else None)
    assert it["body"] == body and it["occurred_at"] == sent
    assert "[suivi #%d]" % world["id"] in it["subject"] or name in (
        "reply_in_reply_to_only.eml", "reply_references_only.eml")
    audit = db_query(db, "SELECT entity, login FROM audit ORDER BY id DESC LIMIT 2")
    assert sorted(a["entity"] for a in audit) == ["interaction", "note"]
    assert all(a["login"] == LOGIN for a in audit)


def test_the_windows_1252_subject_and_the_provider_by_case(db, env, world, tmp_path):
    r = mail_in(db, env, sample("outlook_cp1252.eml", world, tmp_path))
    assert r.returncode == 0, r.stderr
    assert newest(db, "interaction")["subject"] == (
        "RE\u00a0: [suivi #%d] Devis archivage – 1 250 € HT" % world["id"])
    r = mail_in(db, env, sample("reply_qp_latin1_provider.eml", world, tmp_path))
    assert r.returncode == 0 and "(provider)" in r.stdout, r.stdout + r.stderr


# ---- kept unsorted ---------------------------------------------------------------------

KEPT = [
    ("no_reference.eml", "it names no action", "accueil@mairie-exemple.bzh",
     "Demande de formation au parapheur", "Deux nouveaux agents arrivent en janvier"),
    ("unknown_action.eml", "action #987654321 does not exist", "jean.lemoal@gmail.com",
     "Re: [suivi #987654321] Ancienne demande", "où en est ma demande"),
    ("garbage.eml", "not a mail: no header section", None, None, "[suivi #1]"),
]


@pytest.mark.parametrize("name,why,sender,subject,text", KEPT, ids=[k[0] for k in KEPT])
def test_what_names_no_action_is_kept_whole(db, env, world, tmp_path, name, why, sender,
                                            subject, text):
    before = counts(db)
    path = sample(name, world, tmp_path)
    r = mail_in(db, env, path)
    assert r.returncode == 0, r.stderr
    row = newest(db, "unsorted_mail")
    assert r.stdout == "kept in unsorted mail #%d (%s)\n" % (row["id"], why)
    after = counts(db)
    assert after[:3] == (before[0], before[1], before[2] + 1)
    with open(path, "rb") as f:
        assert row["raw"] == f.read()                   # byte for byte
    assert row["from_addr"] == sender and row["subject"] == subject
    assert text in row["body"]
    assert row["filed_at"] is None and row["action_id"] is None
    assert row["received_at"] == NOW


def test_a_message_too_large_keeps_its_start(db, env, world, tmp_path):
    """Past 25 MiB the rest is read and dropped, the start kept unsorted (not filed,
    even with a reference), saying so; the status is still 0."""
    head = ("From: jean.lemoal@gmail.com\nSubject: Re: [suivi #%d] Pièces\n"
            "Content-Type: text/plain; charset=utf-8\n\nVoici les pièces.\n" % world["id"])
    limit = 25 * 1024 * 1024
    path = str(tmp_path / "large.eml")
    with open(path, "wb") as f:
        f.write(head.encode())
        f.write(b"x" * 76 + b"\n")
        f.write((b"A" * 76 + b"\n") * ((limit + 4096) // 77))
    before = counts(db)
    r = mail_in(db, env, path)
    assert r.returncode == 0, r.stderr
    assert "(larger than 25 MiB: only its start is kept)" in r.stdout
    after = counts(db)
    assert after[:3] == (before[0], before[1], before[2] + 1)
    row = db_query(db, "SELECT length(raw) AS n, substr(body, 1, 200) AS start, subject"
                       " FROM unsorted_mail ORDER BY id DESC LIMIT 1")[0]
    assert row["n"] == limit
    assert row["start"].startswith("[Message de plus de 25 Mio")
    assert row["subject"] == "Re: [suivi #%d] Pièces" % world["id"]


# ---- statuses --------------------------------------------------------------------------

def test_an_empty_input_is_65_and_writes_nothing(db, env, world, tmp_path):
    before = counts(db)
    path = str(tmp_path / "empty.eml")
    open(path, "wb").close()
    r = mail_in(db, env, path)
    assert r.returncode == 65 and "empty input" in r.stderr, r.stderr
    assert r.stdout == "" and counts(db) == before


def test_a_locked_database_is_75_and_writes_nothing(db, env, world, tmp_path):
    write_config(env, "[database]\nbusy_timeout_ms = 100\n")
    path = sample("reply_base64_contact.eml", world, tmp_path)
    before = counts(db)
    con = db_connect(db)
    con.isolation_level = None
    con.execute("BEGIN IMMEDIATE")
    try:
        r = mail_in(db, env, path)
        assert r.returncode == 75, r.stdout + r.stderr
        assert "nothing was written" in r.stderr and r.stdout == ""
        r = mail_in(db, env, sample("no_reference.eml", world, tmp_path))
        assert r.returncode == 75, r.stdout + r.stderr
    finally:
        con.execute("ROLLBACK")
        con.close()
    assert counts(db) == before
    r = mail_in(db, env, path)                      # the mail server's retry
    assert r.returncode == 0 and "(member)" in r.stdout, r.stderr


def test_a_database_that_cannot_be_opened_is_75(env, world, db, tmp_path):
    path = sample("no_reference.eml", world, tmp_path)
    r = mail_in(str(tmp_path / "missing.db"), env, path)
    assert r.returncode == 75, r.stderr
    assert "missing.db" in r.stderr and not os.path.exists(str(tmp_path / "missing.db"))
    write_config(env, "[database\n")
    r = mail_in(db, env, path)
    assert r.returncode == 75 and "config.ini:1:" in r.stderr, r.stderr


@pytest.mark.parametrize("who", ["unknown", "readonly", "provider"])
def test_a_login_that_is_not_staff_is_77(db, env, world, tmp_path, who):
    con = db_connect(db)
    if who == "readonly":
        con.execute("UPDATE staff SET role = 'readonly' WHERE login = ?", (LOGIN,))
    else:
        con.execute("UPDATE staff SET login = login || '-was' WHERE login = ?", (LOGIN,))
    if who == "provider":
        con.execute("INSERT INTO provider_login (login, provider_id) VALUES (?, 1)", (LOGIN,))
    con.commit()
    con.close()
    before = counts(db)
    for name in ("reply_qp_latin1_provider.eml", "no_reference.eml"):
        r = mail_in(db, env, sample(name, world, tmp_path))
        assert r.returncode == 77, r.stdout + r.stderr
        assert "must be a staff login" in r.stderr and LOGIN in r.stderr
        assert r.stdout == ""
    assert counts(db) == before


def test_usage_and_help(db, env, world, tmp_path):
    path = sample("no_reference.eml", world, tmp_path)
    r = mail_in(db, env, path, "extra")
    assert r.returncode == 64 and "takes no argument" in r.stderr, r.stderr
    r = mail_in(db, env, path, "--bogus")
    assert r.returncode == 64 and "unknown option" in r.stderr, r.stderr
    r = run_cli(["mail-in", "--help"], env)
    assert r.returncode == 0 and r.stdout.startswith("Usage: suivi mail-in")
    with open(path, "rb") as f:
        r = run_cli(["mail-in", "--db=" + db], env, stdin=f)
    assert r.returncode == 0 and r.stdout.startswith("kept in unsorted mail #")
