"""`/` filters the focused pane as you type, without accents; Esc clears it."""
from conftest import db_query, first_member, fold, members_rows, start


def member_lines(s):
    """Non-empty rows of the members pane."""
    return [r for r in members_rows(s) if r.strip(" ─-")]


def shows(row, name):
    """True when a members-pane row shows this name (whole, or cut with "…")."""
    r = row.strip()
    return r.startswith(name) or ("…" in r and name.startswith(r.split("…")[0]))


def check_all_match(s, db, word):
    """Every member listed is one whose name contains word (folded), and some are."""
    names = [r["name"] for r in db_query(db, "SELECT name FROM member")
             if word in fold(r["name"])]
    rows = member_lines(s)
    assert rows and names, s.dump()
    for r in rows:
        assert any(shows(r, n) for n in names), \
            "row %r is not a member matching %r\n%s" % (r, word, s.dump())
    return rows


def test_filter_members_accent_insensitive(spawn, db):
    s = start(spawn, db)
    first = first_member(db)["name"]
    s.keys("/")
    s.type("plo")
    s.wait_for("Plœmeur")
    s.settle()
    rows = check_all_match(s, db, "plo")
    assert first[:12] not in "\n".join(rows) or "plo" in fold(first)
    s.keys("Esc")
    s.wait_until(lambda: first[:12] in "\n".join(member_lines(s)),
                 "Esc to clear the filter")
    assert "/plo" not in s.screen_text(), s.dump()
    s.quit()


def test_filter_uppercase_and_accented_query(spawn, db):
    """Typing the accented capitalised form finds the same members."""
    s = start(spawn, db)
    s.keys("/")
    s.type("PLŒ")
    s.wait_for("Plœmeur")
    s.settle()
    check_all_match(s, db, "ploe")
    s.keys("Enter")        # keep the filter, back to the list
    s.settle()
    assert "Plœmeur" in s.screen_text()
    s.keys("j")
    s.settle()
    s.quit()


def test_filter_no_match_then_erase(spawn, db):
    s = start(spawn, db)
    first = first_member(db)["name"]
    s.keys("/")
    s.type("zzqqxx")
    s.wait_until(lambda: first[:20] not in s.screen_text(), "the list to empty")
    s.keys("^U")           # erase the whole filter: everything back
    s.wait_for(first[:20])
    s.keys("Esc")
    s.settle()
    s.quit()
