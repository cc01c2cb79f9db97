"""`/` filters the focused pane as you type, without accents; Esc clears it."""
from conftest import db_query, first_member, fold, members_rows, start


def member_lines(s):
    """Non-empty rows of the members pane (the filter prompt excluded)."""
    return [r for r in members_rows(s) if r.strip(" ─-") and not r.lstrip().startswith("/")]


def test_filter_members_accent_insensitive(spawn, db):
    s = start(spawn, db)
    first = first_member(db)["name"]
    s.wait_for(first[:20])
    s.keys("/")
    s.type("plo")
    s.wait_for("Plœmeur")
    s.settle()
    rows = member_lines(s)
    assert rows, s.dump()
    # Every listed member matches; the list is not the unfiltered one.
    for r in rows:
        assert "plo" in fold(r), "row %r does not match 'plo'\n%s" % (r, s.dump())
    expected = [r["name"] for r in db_query(db, "SELECT name, sort_key FROM member "
                                                "ORDER BY sort_key, id")
                if "plo" in fold(r["name"])]
    assert expected and any(e[:12] in "\n".join(rows) for e in expected)
    assert first[:20] not in "\n".join(rows) or "plo" in fold(first)
    s.keys("Esc")
    s.wait_until(lambda: first[:20] in "\n".join(member_lines(s)),
                 "Esc to clear the filter")
    assert any("plo" not in fold(r) for r in member_lines(s)), s.dump()
    s.quit()


def test_filter_uppercase_and_accented_query(spawn, db):
    """Typing the accented capitalised form finds the same members."""
    s = start(spawn, db)
    s.keys("/")
    s.type("PLŒ")
    s.wait_for("Plœmeur")
    s.settle()
    for r in member_lines(s):
        assert "ploe" in fold(r) or "plo" in fold(r), s.dump()
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
