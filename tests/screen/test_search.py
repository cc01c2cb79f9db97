"""S searches everything (FTS5): accents, case and ligatures aside, by SIREN with
blanks, in bodies; the results are grouped by kind, Enter opens the record, n and N
the next and previous match; a row written behind suivi's back (sqlite3) is found."""
from conftest import db_connect, db_query, start


def search(s, text):
    s.keys("S")
    s.wait_for("Search everything")
    s.keys("^U")
    s.type(text)
    s.keys("Enter")


def test_grouped_results_enter_and_next(spawn, db):
    m = db_query(db, "SELECT * FROM member WHERE name = 'Plœmeur'")[0]
    s = start(spawn, db)
    search(s, "PLOEMEUR")
    s.wait_for("Search: PLOEMEUR")
    s.wait_for("Members (1)")
    s.wait_for("Contacts (")              # their e-mail at mairie-ploemeur.fr
    s.keys("Enter")                      # on the heading: the first of its group
    s.wait_for("Member — Plœmeur")
    s.keys("n")
    s.wait_for("Match 2 of")
    s.wait_for("Member — Plœmeur")       # a contact opens its member
    s.keys("N", "N")
    s.wait_for("That was the first match")
    s.keys("q")
    s.wait_for("Search: PLOEMEUR")
    s.keys("q")
    s.wait_for("Timeline")
    s.quit()


def test_by_siren_and_in_a_body(spawn, db):
    m = db_query(db, "SELECT * FROM member WHERE siren IS NOT NULL ORDER BY id LIMIT 1")[0]
    # A word of a body that no subject holds: found by its body.
    word = None
    for it in db_query(db, "SELECT subject, body FROM interaction WHERE body IS NOT NULL "
                           "ORDER BY id LIMIT 50"):
        for w in it["body"].split():
            w = w.strip(".,;:!?()«»\"'")
            if len(w) >= 9 and w.isalpha() and not db_query(
                    db, "SELECT 1 FROM interaction WHERE subject LIKE ?", ("%" + w + "%",)):
                word = w
                break
        if word:
            break
    s = start(spawn, db)
    siren = m["siren"]
    search(s, "%s %s %s" % (siren[:3], siren[3:6], siren[6:]))
    s.wait_for("Members (1)")
    s.wait_for(m["name"][:20])
    s.keys("Enter")
    s.wait_for("Member — " + m["name"][:20])
    s.keys("q")
    search(s, "zzzzqqq")
    s.wait_for('Nothing found for "zzzzqqq"')
    assert word, "the demo's bodies have words of their own"
    search(s, word)                      # the new results replace the old ones
    s.wait_for("Search: " + word)
    s.wait_for("Interactions (")
    s.keys("q")                          # the results close, back to the panes
    s.wait_for("Timeline")
    s.quit()


def test_a_row_written_with_sqlite_is_found(spawn, db):
    m = db_query(db, "SELECT id FROM member ORDER BY id LIMIT 1")[0]
    con = db_connect(db)
    con.execute("UPDATE member SET name = 'Zorglubville-sur-Mer' WHERE id = ?", (m["id"],))
    con.commit()
    con.close()
    s = start(spawn, db)
    search(s, "zorglubville")
    s.wait_for("Members (1)")
    s.wait_for("Zorglubville-sur-Mer")
    s.keys("q")
    s.wait_for("Timeline")
    s.quit()
