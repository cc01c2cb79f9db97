"""Nothing typed is lost, nothing someone else saved is undone: two sessions editing
one action (field-level merge, conflicts settled by the user), a kill -9 or a hang-up
while a save waits on another session's lock, drafts reopened after a crash, a
locked database with busy_timeout_ms = 0, and a database file replaced under a
running session.

The screen is read with pyte, the database with python's sqlite3; "another
session" is either a second suivi or a python connection holding the write lock."""
import hashlib
import json
import os
import re
import signal
import sqlite3
import time

import pytest

from conftest import (LOGIN, SLOW, TODAY, db_query, first_member, run_cli, start)

OPEN = "('open','in_progress','wait_member','wait_provider')"
STATUS_LABELS = {"open": "open", "in_progress": "in progress", "wait_member": "waiting on member",
                 "wait_provider": "waiting on provider"}
STATUS_ORDER = ["open", "in_progress", "wait_member", "wait_provider", "done", "cancelled"]


# ---- helpers -------------------------------------------------------------------------------
def config(tmp_path, busy_timeout_ms=None):
    """refresh_ms = 200 (other sessions' writes show quickly), and a busy timeout."""
    text = "[ui]\nrefresh_ms = 200\n"
    if busy_timeout_ms is not None:
        text += "[database]\nbusy_timeout_ms = %d\n" % busy_timeout_ms
    path = str(tmp_path / "test.ini")
    with open(path, "w") as f:
        f.write(text)
    return path


def first_in_queue(db):
    return db_query(db, "SELECT * FROM action WHERE status IN " + OPEN +
                    " ORDER BY coalesce(due < ?, 0) DESC, priority, due IS NULL, due, id LIMIT 1",
                    (TODAY,))[0]


def action(db, n):
    return db_query(db, "SELECT * FROM action WHERE id = ?", (n,))[0]


def audit_since(db, entity, n, after_id):
    """The audit rows of one record written after audit row `after_id`, oldest first,
    as (login, change) with JSON changes decoded."""
    rows = db_query(db, "SELECT login, change FROM audit WHERE entity = ? AND entity_id = ? "
                        "AND id > ? ORDER BY id", (entity, n, after_id))
    out = []
    for r in rows:
        try:
            change = json.loads(r["change"])
        except ValueError:
            change = r["change"]
        out.append((r["login"], change))
    return out


def last_audit_id(db):
    return db_query(db, "SELECT coalesce(max(id), 0) FROM audit")[0][0]


def draft_dir(env):
    return os.path.join(env["XDG_STATE_HOME"], "suivi", "recovered")


def draft_files(env):
    d = draft_dir(env)
    return sorted(os.path.join(d, n) for n in os.listdir(d)) if os.path.isdir(d) else []


def drafts_holding(env, text):
    found = []
    for path in draft_files(env):
        try:
            with open(path, errors="replace") as f:
                if text in f.read():
                    found.append(path)
        except FileNotFoundError:      # replaced (rename) while we looked
            pass
    return found


def wait_draft(env, text, what="a draft holding %r"):
    """Poll the recovery directory (the program writes there, not on the screen)."""
    end = time.monotonic() + 5 * SLOW
    while not drafts_holding(env, text):
        if time.monotonic() > end:
            raise AssertionError((what % text) + "; files: %r" % draft_files(env))
        time.sleep(0.05)


def rows_with_subject(db, subject):
    return db_query(db, "SELECT count(*) FROM interaction WHERE subject LIKE ?",
                    (subject + "%",))[0][0]


def open_edit_on_top_action(s, n):
    """Actions pane, first row (the top of the open queue), e."""
    s.keys("3", "g")
    s.settle()
    s.keys("e")
    s.wait_for("Edit action #%d" % n)


def field_value(s, label):
    """The value on the form row of label ("Priority", "Title"), without the "< >" a
    focused choice is drawn with."""
    for row in s.lines():
        m = re.search(r"[│|][>! ]%s:\s+(.*?)\s*[│|]" % re.escape(label), row)
        if m:
            v = m.group(1)
            return v[2:-2] if v.startswith("< ") and v.endswith(" >") else v
    return None


def set_priority(s, p):
    """Move the Priority choice to Pp with Left/Right."""
    s.focus_field("Priority")
    for _ in range(4):
        shown = field_value(s, "Priority")
        if shown and shown.startswith("P%d" % p):
            return
        cur = int(shown[1]) if shown and shown[1:2].isdigit() else 1   # "P2" -> 2
        s.keys("Right" if p > cur else "Left")
        s.wait_until(lambda: field_value(s, "Priority") != shown, "the priority to change")
    assert field_value(s, "Priority").startswith("P%d" % p), s.dump()


def form_text(s):
    """The form's rows joined, its borders removed: a message may wrap."""
    rows = [re.sub(r"^.*?[│|] ?|[│|].*$", "", r) for r in s.lines() if "│" in r[:3]]
    return " ".join(r.strip() for r in rows if r.strip())


def holder(db):
    """Another connection holding the write lock (BEGIN IMMEDIATE), until released."""
    con = sqlite3.connect(db, timeout=10, isolation_level=None)
    con.execute("BEGIN IMMEDIATE")
    return con


def release(con):
    con.execute("ROLLBACK")
    con.close()


# ---- B: two sessions, one action -----------------------------------------------------------
def test_edit_keeps_the_field_the_other_session_changed(spawn, db, tmp_path):
    """A edits the title while B changes the priority: both stay (no silent revert)."""
    cfg = config(tmp_path)
    top = first_in_queue(db)
    n, p0 = top["id"], top["priority"]
    p_b = 2 if p0 != 2 else 3
    mark = last_audit_id(db)
    a = start(spawn, db, args=["--config", cfg])
    b = start(spawn, db, args=["--config", cfg])
    open_edit_on_top_action(a, n)
    open_edit_on_top_action(b, n)
    set_priority(b, p_b)
    b.keys("^X")
    b.wait_for("Saved action #%d" % n)
    assert action(db, n)["priority"] == p_b
    title = "Titre de A 3b7e"
    a.focus_field("Title")
    a.keys("^U")
    a.type(title)
    a.wait_for(title)
    # A's form still shows the priority it opened with: A did not touch it.
    assert field_value(a, "Priority").startswith("P%d" % p0), a.dump()
    a.keys("^X")
    a.wait_for("Saved action #%d" % n)
    a.wait_gone("Edit action #%d" % n)
    after = action(db, n)
    assert after["title"] == title, dict(after)
    assert after["priority"] == p_b, "A's save reverted B's priority: %r" % dict(after)
    assert after["description"] == top["description"]
    assert after["due"] == top["due"] and after["pole_id"] == top["pole_id"]
    assert after["version"] == top["version"] + 2, dict(after)
    trail = audit_since(db, "action", n, mark)
    assert len(trail) == 2, trail
    (_, by_b), (_, by_a) = trail
    assert set(by_b) == {"priority"} and by_b["priority"] == [p0, p_b], trail
    assert set(by_a) == {"title"} and by_a["title"] == [top["title"], title], trail
    a.quit()
    b.quit()


@pytest.mark.parametrize("take_theirs", [True, False], ids=["take-theirs", "keep-mine"])
def test_both_change_the_priority(spawn, db, env, tmp_path, take_theirs):
    """B saves a priority (and a description); A changed the priority too: A's save
    stops on the conflict with B's value shown under A's; A takes it (^T) or keeps
    its own. The description A did not touch is B's, never written back."""
    cfg = config(tmp_path)
    top = first_in_queue(db)
    n, p0 = top["id"], top["priority"]
    p_b, p_a = (3, 4) if p0 < 3 else (1, 2)
    a = start(spawn, db, args=["--config", cfg])
    b = start(spawn, db, args=["--config", cfg])
    open_edit_on_top_action(a, n)
    open_edit_on_top_action(b, n)
    set_priority(b, p_b)
    b.focus_field("Description")
    b.type("Ajout de B 5d1c")
    b.wait_for("Ajout de B 5d1c")
    b.keys("^X")
    b.wait_for("Saved action #%d" % n)
    by_b = action(db, n)
    assert by_b["priority"] == p_b and "Ajout de B 5d1c" in (by_b["description"] or "")
    mark = last_audit_id(db)
    set_priority(a, p_a)
    a.keys("^X")
    # The conflict: the form stays, A's value shown, B's under it.
    a.wait_for(re.compile(r"theirs: P%d" % p_b))
    assert "Edit action #%d" % n in a.screen_text(), a.dump()
    assert field_value(a, "Priority").startswith("P%d" % p_a), a.dump()
    assert re.search(r"someone else|meanwhile", a.screen_text(), re.I), a.dump()
    # B's description replaced A's (untouched) one on the form, not in conflict.
    assert "Ajout de B 5d1c" in a.screen_text(), a.dump()
    assert action(db, n)["version"] == by_b["version"], "A wrote during the conflict"
    assert audit_since(db, "action", n, mark) == []
    if take_theirs:
        a.focus_field("Priority")
        a.keys("^T")
        a.wait_until(lambda: field_value(a, "Priority").startswith("P%d" % p_b),
                     "^T to show their priority")
    a.keys("^X")
    a.wait_gone("Edit action #%d" % n)
    after = action(db, n)
    assert after["priority"] == (p_b if take_theirs else p_a), dict(after)
    # What A did not touch is as B left it.
    assert after["title"] == top["title"] and after["description"] == by_b["description"]
    assert after["due"] == top["due"] and after["assignee_staff_id"] == top["assignee_staff_id"]
    trail = audit_since(db, "action", n, mark)
    if take_theirs:
        assert trail == [], "taking theirs writes nothing: %r" % trail
        assert after["version"] == by_b["version"]
    else:
        assert [set(c) for _, c in trail] == [{"priority"}], trail
        assert trail[0][1]["priority"] == [p_b, p_a] and trail[0][0] == LOGIN
    # A's draft went with the save (or with "nothing changed").
    assert drafts_holding(env, "action-edit") == [], draft_files(env)
    a.quit()
    b.quit()


def test_taking_theirs_over_typed_text_keeps_the_typing(spawn, db, env, tmp_path):
    """A typed a title, B saved another one; A takes theirs (^T) and saves: the record
    keeps B's title, and A's typing is not thrown away: it stays in a draft, which the
    next start offers (D)."""
    cfg = config(tmp_path)
    top = first_in_queue(db)
    n = top["id"]
    a = start(spawn, db, args=["--config", cfg])
    b = start(spawn, db, args=["--config", cfg])
    open_edit_on_top_action(a, n)
    open_edit_on_top_action(b, n)
    b.focus_field("Title")
    b.keys("^U")
    b.type("Titre de B 2e")
    b.keys("^X")
    b.wait_for("Saved action #%d" % n)
    b.quit()
    mark = last_audit_id(db)
    typed = "Titre tapé par A 9f4d"
    a.focus_field("Title")
    a.keys("^U")
    a.type(typed)
    a.keys("^X")
    a.wait_for("theirs: Titre de B 2e")
    a.focus_field("Title")
    a.keys("^T")
    a.wait_until(lambda: field_value(a, "Title") == "Titre de B 2e", "^T to show theirs")
    a.keys("^X")
    a.wait_gone("Edit action #%d" % n)
    assert action(db, n)["title"] == "Titre de B 2e"
    assert audit_since(db, "action", n, mark) == [], "taking theirs wrote something"
    kept = drafts_holding(env, typed)
    assert kept, "the title A typed, replaced by theirs, was thrown away"
    # The status line says so (cut at 80 columns, before the file's name).
    assert "the text you replaced by th" in a.line(a.screen.lines - 1), a.dump()
    a.quit()
    s = start(spawn, db, args=["--config", cfg])
    s.wait_for("1 unsaved form kept")
    s.quit()


def pick_status(s, status):
    """s on the top action, then the status from the menu."""
    s.keys("3", "g")
    s.settle()
    s.keys("s")
    s.wait_for("Status of action #")
    s.keys("g", *(["j"] * STATUS_ORDER.index(status)))
    s.settle()
    s.keys("Enter")
    s.wait_for(re.compile(r"Action #\d+: .*" + re.escape(STATUS_LABELS[status])))


@pytest.mark.parametrize("take_theirs", [True, False], ids=["take-theirs", "keep-mine"])
def test_status_change_meets_another_status_change(spawn, db, tmp_path, take_theirs):
    cfg = config(tmp_path)
    top = first_in_queue(db)
    n, s0 = top["id"], top["status"]
    others = [st for st in STATUS_ORDER[:4] if st != s0]
    s_a, s_b = others[0], others[1]
    notes0 = db_query(db, "SELECT count(*) FROM note WHERE action_id = ?", (n,))[0][0]
    a = start(spawn, db, args=["--config", cfg])
    b = start(spawn, db, args=["--config", cfg])
    pick_status(a, s_a)
    a.type("Commentaire de A 8c2f")
    a.wait_for("Commentaire de A 8c2f")
    pick_status(b, s_b)
    b.type("Commentaire de B")
    b.keys("^X")
    b.wait_gone("Commentaire de B")
    b.wait_for("Action #%d: %s" % (n, STATUS_LABELS[s_b]))
    assert action(db, n)["status"] == s_b
    mark = last_audit_id(db)
    a.keys("^X")
    a.wait_for(re.compile(r"theirs: " + re.escape(STATUS_LABELS[s_b])))
    assert re.search(r"changed the status meanwhile", a.screen_text()), a.dump()
    assert "Commentaire de A 8c2f" in a.screen_text(), "the comment left the form\n" + a.dump()
    # Nothing written until A decides.
    assert action(db, n)["status"] == s_b
    assert db_query(db, "SELECT count(*) FROM note WHERE action_id = ?", (n,))[0][0] == notes0 + 1
    assert audit_since(db, "action", n, mark) == []
    if take_theirs:
        a.focus_field("Status")
        a.keys("^T")
        a.wait_until(lambda: field_value(a, "Status") == STATUS_LABELS[s_b], "theirs taken")
    a.keys("^X")
    a.wait_gone("Commentaire de A 8c2f")
    after = action(db, n)
    assert after["status"] == (s_b if take_theirs else s_a), dict(after)
    notes = db_query(db, "SELECT * FROM note WHERE action_id = ? ORDER BY id", (n,))
    assert len(notes) == notes0 + 2 and notes[-1]["body"] == "Commentaire de A 8c2f", \
        [dict(x) for x in notes[-2:]]
    if take_theirs:     # nothing moved: A's text is a plain note, not a status change
        assert notes[-1]["status_from"] is None and notes[-1]["status_to"] is None, \
            dict(notes[-1])
    else:
        assert notes[-1]["status_from"] == s_b, "the change is from the status stored now"
        assert notes[-1]["status_to"] == after["status"]
    assert after["title"] == top["title"] and after["priority"] == top["priority"]
    a.quit()
    b.quit()


# ---- C: kill -9 and SIGHUP while a save waits on another session's lock -----------------------
def new_interaction_typed(spawn, db, env, cfg, subject, db_arg=None):
    """A session with a new interaction form holding `subject`, once its draft is
    written (the pause after typing).  db_arg: the --db given (default db)."""
    s = spawn(db=db_arg or db, args=["--config", cfg])
    s.wait_for("Timeline — " + first_member(db)["name"][:20])
    s.keys("i")
    s.wait_for("New interaction")
    s.focus_field("Subject")
    s.type(subject)
    s.wait_for(subject)
    wait_draft(env, subject)
    return s


def kill_9(s):
    os.kill(s.pid, signal.SIGKILL)
    st = s.reap(5)
    assert st == -signal.SIGKILL, st


def test_kill_9_while_the_save_waits_on_a_lock(spawn, db, env, tmp_path):
    """The draft is written before the save is tried and removed only once it
    committed: killed at any point of the wait, the typing survives."""
    cfg = config(tmp_path, busy_timeout_ms=10000)
    for delay in (0.0, 0.2, 1.0, None):       # None: once the pre-save draft is seen
        subject = "Sous verrou %s 4c1e" % delay
        s = new_interaction_typed(spawn, db, env, cfg, subject)
        lock = holder(db)
        try:
            s.type(" fin")                    # typed with no pause before ^X
            s.keys("^X")
            if delay is None:
                # The save is waiting (the lock is held): this draft is the one written
                # just before it, with what was typed last.
                wait_draft(env, subject + " fin", "the draft written before the save: %r")
            else:
                time.sleep(delay * SLOW)
            kill_9(s)
        finally:
            release(lock)
        rows = rows_with_subject(db, subject)
        assert rows <= 1, "%s: saved %d times" % (delay, rows)
        # The lock was held until after the kill: nothing can have committed, so the
        # draft is all there is — it must be there.
        assert rows == 0, "%s: committed under another session's lock?" % delay
        assert drafts_holding(env, subject), "kill -9 %ss after ^X lost %r (no row, no draft)" \
            % (delay, subject)
        if delay is None:
            assert drafts_holding(env, subject + " fin"), draft_files(env)
    # Each kill left its draft, and the next start offers them all.
    s = start(spawn, db, args=["--config", cfg])
    s.wait_for("4 unsaved forms kept: press D to reopen them")
    s.quit()


def test_kill_9_after_the_save_committed(spawn, db, env, tmp_path):
    """The lock released, the save commits: a kill then loses nothing either (the row
    is there; a draft may be left over, never a second row)."""
    cfg = config(tmp_path, busy_timeout_ms=10000)
    subject = "Après le verrou 0d7b"
    s = new_interaction_typed(spawn, db, env, cfg, subject)
    lock = holder(db)
    try:
        s.type(" fin")
        s.keys("^X")
        # The save is waiting on the lock (its pre-save draft is there): let go.
        wait_draft(env, subject + " fin", "the draft written before the save: %r")
        assert rows_with_subject(db, subject) == 0
    finally:
        release(lock)
    end = time.monotonic() + 10 * SLOW
    while rows_with_subject(db, subject) == 0 and time.monotonic() < end:
        time.sleep(0.02)
    kill_9(s)
    assert rows_with_subject(db, subject) == 1, "the committed row is not there"
    row = db_query(db, "SELECT * FROM interaction WHERE subject = ?", (subject + " fin",))[0]
    assert row["author"] == LOGIN and row["member_id"] == first_member(db)["id"]
    assert db_query(db, "SELECT count(*) FROM audit WHERE entity = 'interaction' AND "
                        "entity_id = ?", (row["id"],))[0][0] == 1, "row without its audit"


@pytest.mark.parametrize("released", [True, False], ids=["lock-released", "lock-kept"])
def test_sighup_while_the_save_waits_on_a_lock(spawn, db, env, tmp_path, released):
    """A dropped connection during the wait: the program ends at once (the wait for
    the lock stops on the hang-up: nobody is there to wait for), and the typing is in
    the database or in the draft.  lock-released: the other session lets go after
    the hang-up; lock-kept: it holds on past busy_timeout_ms."""
    cfg = config(tmp_path, busy_timeout_ms=10000 if released else 1000)
    subject = "Raccroché %s 6f2a" % released
    s = new_interaction_typed(spawn, db, env, cfg, subject)
    lock = holder(db)
    try:
        s.type(" fin")
        s.keys("^X")
        wait_draft(env, subject + " fin", "the draft written before the save: %r")
        os.kill(s.pid, signal.SIGHUP)
        if released:
            time.sleep(0.2 * SLOW)            # the signal lands during the wait
            release(lock)
            lock = None
        st = s.reap(3)          # at once, not after busy_timeout_ms (10 s)
    finally:
        if lock:
            release(lock)
    assert st in (0, 1, 129), "after SIGHUP in a blocked save: status %r\n%s" % (st, s.dump())
    rows = rows_with_subject(db, subject)
    assert rows <= 1
    assert rows == 1 or drafts_holding(env, subject + " fin"), \
        "SIGHUP during the lock wait lost the typing (no row, no draft)"
    if rows == 1:
        assert not drafts_holding(env, subject), "saved, yet its draft is left behind"


# ---- D: drafts reopened after kill -9 ---------------------------------------------------------
def reopen_the_draft(spawn, db, cfg, title_part):
    """Start again: the message, D, the entry; the session with the form open."""
    s = start(spawn, db, args=["--config", cfg])
    s.wait_for("1 unsaved form kept: press D to reopen it")
    s.keys("D")
    s.wait_for("Reopen an unsaved form")
    assert title_part in s.screen_text(), "the entry names the form\n" + s.dump()
    s.keys("Enter")
    s.wait_gone("Reopen an unsaved form")
    return s


def test_new_form_reopened_after_kill_9(spawn, db, env, tmp_path):
    cfg = config(tmp_path)
    subject = "Repris après kill 2d4e"
    m = first_member(db)
    s = new_interaction_typed(spawn, db, env, cfg, subject)
    kill_9(s)
    assert rows_with_subject(db, subject) == 0
    # The draft is private: it holds what the user typed.
    (path,) = drafts_holding(env, subject)
    assert os.stat(path).st_mode & 0o077 == 0 and os.stat(draft_dir(env)).st_mode & 0o077 == 0
    s = reopen_the_draft(spawn, db, cfg, "New interaction — " + m["name"][:15])
    s.wait_for("New interaction — " + m["name"][:15])
    s.wait_for(subject)
    s.keys("^X")
    s.wait_for("Saved interaction #")
    s.wait_gone("New interaction")
    rows = db_query(db, "SELECT * FROM interaction WHERE subject = ?", (subject,))
    assert len(rows) == 1 and rows[0]["member_id"] == m["id"], [dict(r) for r in rows]
    assert draft_files(env) == [], "the draft stayed after its save"
    s.quit()
    # Nothing left to reopen.
    s = start(spawn, db, args=["--config", cfg])
    s.settle(0.3)
    assert "unsaved form" not in s.screen_text(), s.dump()
    s.keys("D")
    s.wait_for("No unsaved form to reopen")
    s.quit()


def test_a_draft_that_cannot_be_kept_is_said_once(spawn, db, tmp_path):
    """No place for drafts (here a file where the directory should be): the form
    still works and saves, and the user is told, once, where and why."""
    blocked = tmp_path / "state-is-a-file"
    blocked.write_text("")
    s = spawn(db=db, extra_env={"XDG_STATE_HOME": str(blocked)})
    s.wait_for("Timeline — " + first_member(db)["name"][:20])
    s.keys("i")
    s.wait_for("New interaction")
    s.focus_field("Subject")
    s.type("Sans brouillon")
    s.wait_for("Save soon, no draft kept: Not a directory (/", timeout=3)
    s.keys("^X")
    s.wait_for("Saved interaction #")
    assert rows_with_subject(db, "Sans brouillon") == 1
    s.quit()


def test_edit_reopened_after_kill_9_is_merged_with_the_record_now(spawn, db, env, tmp_path):
    """The draft of an edit (the title) comes back on the record as stored now: a
    priority someone changed meanwhile is kept."""
    cfg = config(tmp_path)
    top = first_in_queue(db)
    n, p0 = top["id"], top["priority"]
    p_b = 3 if p0 != 3 else 2
    title = "Titre repris 6a0c"
    s = start(spawn, db, args=["--config", cfg])
    open_edit_on_top_action(s, n)
    s.focus_field("Title")
    s.keys("^U")
    s.type(title)
    s.wait_for(title)
    wait_draft(env, title)
    kill_9(s)
    b = start(spawn, db, args=["--config", cfg])
    open_edit_on_top_action(b, n)
    set_priority(b, p_b)
    b.keys("^X")
    b.wait_for("Saved action #%d" % n)
    b.quit()
    mark = last_audit_id(db)
    s = reopen_the_draft(spawn, db, cfg, "Edit action #%d" % n)
    s.wait_for("Edit action #%d" % n)
    s.wait_for(title)
    assert field_value(s, "Priority") == "P%d" % p_b, "B's priority not shown\n" + s.dump()
    assert "theirs:" not in s.screen_text(), "no conflict: B changed another field\n" + s.dump()
    s.keys("^X")
    s.wait_for("Saved action #%d" % n)
    after = action(db, n)
    assert after["title"] == title and after["priority"] == p_b, dict(after)
    assert after["description"] == top["description"] and after["due"] == top["due"]
    trail = audit_since(db, "action", n, mark)
    assert [set(c) for _, c in trail] == [{"title"}], trail
    assert draft_files(env) == [], "the draft stayed after its save"
    s.quit()


def test_status_change_reopened_after_kill_9_meets_another_status_change(spawn, db, env,
                                                                          tmp_path):
    """A status change left in a draft, the status changed by someone else since:
    reopened, it shows the conflict as a live one does, and nothing is written
    until A decides (here: A keeps its own)."""
    cfg = config(tmp_path)
    top = first_in_queue(db)
    n, s0 = top["id"], top["status"]
    others = [st for st in STATUS_ORDER[:4] if st != s0]
    s_a, s_b = others[0], others[1]
    s = start(spawn, db, args=["--config", cfg])
    pick_status(s, s_a)
    s.type("Commentaire gardé 3a5b")
    s.wait_for("Commentaire gardé 3a5b")
    wait_draft(env, "Commentaire gardé 3a5b")
    kill_9(s)
    b = start(spawn, db, args=["--config", cfg])
    pick_status(b, s_b)
    b.type("Par B")
    b.keys("^X")
    b.wait_for("Action #%d: %s" % (n, STATUS_LABELS[s_b]))
    b.quit()
    mark = last_audit_id(db)
    notes = db_query(db, "SELECT count(*) FROM note WHERE action_id = ?", (n,))[0][0]
    s = reopen_the_draft(spawn, db, cfg, "Action #%d" % n)
    s.wait_for("Commentaire gardé 3a5b")
    s.wait_for(re.compile(r"theirs: " + re.escape(STATUS_LABELS[s_b])))
    assert field_value(s, "Status") == STATUS_LABELS[s_a], s.dump()
    assert action(db, n)["status"] == s_b and audit_since(db, "action", n, mark) == []
    s.keys("^X")
    s.wait_gone("Commentaire gardé 3a5b")
    after = action(db, n)
    assert after["status"] == s_a, dict(after)
    last = db_query(db, "SELECT * FROM note WHERE action_id = ? ORDER BY id DESC LIMIT 1",
                    (n,))[0]
    assert last["body"] == "Commentaire gardé 3a5b" and last["status_from"] == s_b
    assert db_query(db, "SELECT count(*) FROM note WHERE action_id = ?", (n,))[0][0] == notes + 1
    assert draft_files(env) == []
    s.quit()


# ---- E: busy_timeout_ms = 0 --------------------------------------------------------------------
def test_locked_database_with_no_wait(spawn, db, env, tmp_path):
    cfg = config(tmp_path, busy_timeout_ms=0)
    subject = "Verrou zéro 1b9d"
    s = new_interaction_typed(spawn, db, env, cfg, subject)
    lock = holder(db)
    try:
        s.keys("^X")
        # Tried again on its own (twice), then said, with the text kept.
        said = re.compile(r"The database stayed busy \(another session is writing; tried 3 "
                          r"times\): nothing was saved, and what you typed is kept")
        s.wait_until(lambda: said.search(form_text(s)), "the lock named on the form")
        assert "New interaction" in s.screen_text() and subject in s.screen_text(), s.dump()
        assert rows_with_subject(db, subject) == 0
        assert drafts_holding(env, subject), "a refused save dropped the draft"
    finally:
        release(lock)
    s.keys("^X")
    s.wait_for("Saved interaction #")
    s.wait_gone("New interaction")
    assert rows_with_subject(db, subject) == 1
    assert not drafts_holding(env, subject)
    s.quit()


# ---- F: the database file replaced under a running session -------------------------------------
def digest(path):
    if not os.path.exists(path):
        return None
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def integrity(path):
    con = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def test_database_replaced_under_a_running_session(spawn, db, env, tmp_path):
    cfg = config(tmp_path)
    other = str(tmp_path / "backup.db")
    r = run_cli(["demo", "--db", other, "--seed", "7"], env, timeout=120)
    assert r.returncode == 0, r.stderr
    assert integrity(other) == "ok"
    subject = "Après remplacement 7e5a"
    # Named relative to the session's directory (tmp_path), so that the message
    # naming it fits the form at 80 columns.
    s = new_interaction_typed(spawn, db, env, cfg, subject, db_arg=os.path.basename(db))
    old = str(tmp_path / "old-inode.db")
    os.link(db, old)                           # keep the session's file reachable
    before = {"old": digest(old), "new": digest(other), "wal": digest(db + "-wal")}
    os.rename(other, db)                       # the admin's restore
    s.keys("^X")
    said = re.compile(r"database file was deleted, renamed or replaced since suivi opened "
                      r"it: nothing was written; quit and start suivi again")
    s.wait_until(lambda: said.search(form_text(s)), "the refusal on the form")
    text = s.screen_text()
    assert "New interaction" in text and subject in text, "the form went\n" + s.dump()
    assert drafts_holding(env, subject), "the refused save dropped the draft"
    # Neither file was written, nor the -wal beside the path.
    assert digest(db) == before["new"], "the replacing file was written"
    assert digest(old) == before["old"], "the replaced file was written"
    assert digest(db + "-wal") == before["wal"], "the -wal at the path was written"
    # Saving again is refused the same way; leaving is clean.
    s.keys("^X")
    s.settle()
    assert "New interaction" in s.screen_text(), s.dump()
    s.keys("Esc")
    s.wait_for("Discard what you typed?")
    s.keys("y")
    s.wait_gone("New interaction")
    s.quit()
    assert digest(db) == before["new"] and digest(old) == before["old"]
    assert digest(db + "-wal") == before["wal"], "closing wrote the -wal at the path"
    assert integrity(db) == "ok"
    assert rows_with_subject(db, subject) == 0
    assert db_query(old, "SELECT count(*) FROM interaction WHERE subject = ?",
                    (subject,))[0][0] == 0
