"""Training sessions, what a review found: the form's day is the interface's today
(not the clock's), picking an attendee again in the chooser leaves them as they
are (an "absent" is not undone, and Enter moves on to the next contact), and a
member none of whose attendees came has the session's entry on its timeline
marked "(absent)" — marked, not deleted, and unmarked when one is present again.

The demo may hold sessions of its own: these tests count only theirs."""
import os
import re
import subprocess

from conftest import TODAY, db_query, run_cli, start
from test_training import leave, member_timeline, open_sessions, unique_contacts


def cli_session(db, env, topic, attendees):
    """A session held today, its attendees (contact id, present?) recorded."""
    r = run_cli(["--db", db, "training", "add", "--date", TODAY, "--topic", topic], env)
    assert r.returncode == 0, r.stderr
    sid = int(re.search(r"#(\d+)", r.stdout).group(1))
    for contact, present in attendees:
        r = run_cli(["--db", db, "training", "attend", str(sid), str(contact)]
                    + ([] if present else ["--absent"]), env)
        assert r.returncode == 0, r.stderr
    return sid


def open_session(s, topic):
    open_sessions(s)
    s.keys("/")
    s.type(topic)
    s.keys("Enter")
    s.wait_for(topic)
    s.keys("Enter")
    s.wait_for("Training session — " + topic)


def attended(db, sid):
    return {r["contact_id"]: r["attended"] for r in db_query(
        db, "SELECT contact_id, attended FROM training_attendee WHERE session_id = ?", (sid,))}


# ---- the form's day ---------------------------------------------------------------------

# time() from a file, so that the clock can move while suivi runs (SUIVI_NOW pins it
# for good): the form must still take the interface's today.
CLOCK_SHIM = r"""
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
time_t time(time_t *out)
{
    const char *path = getenv("SUIVI_TEST_CLOCK");
    long long v = 0;
    FILE *f = path ? fopen(path, "r") : NULL;
    if (f) {
        if (fscanf(f, "%lld", &v) != 1)
            v = 0;
        fclose(f);
    }
    if (!v) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        v = ts.tv_sec;
    }
    if (out)
        *out = (time_t)v;
    return (time_t)v;
}
"""


def clock_shim(tmp_path):
    src, lib = tmp_path / "clock.c", tmp_path / "clock.so"
    src.write_text(CLOCK_SHIM)
    r = subprocess.run(["cc", "-shared", "-fPIC", "-o", str(lib), str(src)],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert r.returncode == 0, r.stdout
    return str(lib)


def test_the_form_takes_the_interfaces_today(spawn, db, env, tmp_path):
    """The clock passes midnight while suivi runs, and the interface has not yet
    looked (refresh_ms): its today, the one overdue actions and the status line go
    by, is still the 20th, and so is the form's (it read the clock: the 21st)."""
    conf = os.path.join(env["XDG_CONFIG_HOME"], "suivi")
    os.makedirs(conf, exist_ok=True)
    with open(os.path.join(conf, "config.ini"), "w") as f:
        f.write("[ui]\nrefresh_ms = 60000\n")
    clock = tmp_path / "clock"
    clock.write_text("1795168800\n")              # 2026-11-20 10:00:00 UTC
    asan = os.environ.get("ASAN_OPTIONS", "")
    s = start(spawn, db, extra_env={
        "SUIVI_NOW": "", "SUIVI_TEST_CLOCK": str(clock), "LD_PRELOAD": clock_shim(tmp_path),
        "ASAN_OPTIONS": (asan + ":" if asan else "") + "verify_asan_link_order=0"})
    s.settle(0.5)
    clock.write_text("1795255200\n")              # the next day, 10:00 UTC
    open_sessions(s)
    s.keys("a")
    s.wait_for("New training session")
    s.wait_for("Day:")
    day = [r for r in s.lines() if "Day:" in r][0]
    assert "2026-11-20" in day, "the form's day is not the interface's today\n" + s.dump()
    s.keys("Esc")
    leave(s)


# ---- picking someone again ----------------------------------------------------------------

def test_picking_an_absent_attendee_again_leaves_them_absent(spawn, db, env):
    people = unique_contacts(db, 2)
    sid = cli_session(db, env, "Rattrapage T2", [(people[0]["id"], False)])
    mark = db_query(db, "SELECT max(id) FROM audit")[0][0]
    s = start(spawn, db)
    open_session(s, "Rattrapage T2")
    s.wait_for("0 present of 1 registered")
    s.keys("a")
    s.wait_for("Add an attendee")
    s.type(people[0]["name"])
    s.wait_for("registered, absent")               # the chooser says who is there
    s.keys("Enter")
    s.wait_for("already registered (absent)")
    s.keys("Esc")
    s.wait_gone("Add an attendee")
    s.wait_for("0 present of 1 registered")
    assert attended(db, sid) == {people[0]["id"]: 0}
    assert db_query(db, "SELECT max(id) FROM audit")[0][0] == mark, "a pick again wrote"
    assert "picked again" not in s.screen_text(), s.dump()
    leave(s)


def test_enter_twice_in_the_chooser_takes_two_people(spawn, db, env):
    """After a pick the chooser comes back on the next contact, not on the one just
    taken: Enter, Enter registers two people (it registered the first twice)."""
    s = start(spawn, db)
    sid = cli_session(db, env, "Enchainement T4", [])
    open_session(s, "Enchainement T4")
    s.keys("a")
    s.wait_for("Add an attendee")
    s.keys("Enter")
    s.wait_for("present at session #%d" % sid)
    s.wait_for("Find:")
    s.keys("Enter")
    s.wait_until(lambda: len(attended(db, sid)) == 2, "a second attendee")
    s.keys("Esc")
    s.wait_for("2 present of 2 registered")
    leave(s)


# ---- absent: the member's timeline ---------------------------------------------------------

def member_with_two_contacts(db):
    """A member found alone by its name, with two contacts still there."""
    rows = db_query(db, """
        SELECT m.id, m.name FROM member m
        WHERE (SELECT count(*) FROM contact c WHERE c.member_id = m.id AND NOT c.retired) >= 2
          AND (SELECT count(*) FROM member o WHERE instr(lower(o.name), lower(m.name)) > 0) = 1
          AND length(m.name) >= 6
        ORDER BY m.sort_key LIMIT 1""")
    assert rows, "the demo lacks a member with two contacts"
    m = rows[0]
    contacts = db_query(db, "SELECT id, name FROM contact WHERE member_id = ? AND NOT retired"
                            " ORDER BY name, id LIMIT 2", (m["id"],))
    return m, contacts


def entry(db, sid, member_id):
    rows = db_query(db, "SELECT DISTINCT i.id, i.subject FROM interaction i JOIN"
                        " training_attendee x ON x.interaction_id = i.id"
                        " WHERE x.session_id = ? AND i.member_id = ?", (sid, member_id))
    assert len(rows) == 1, rows
    return rows[0]


def test_a_member_whose_attendees_are_all_absent_has_its_entry_marked(spawn, db, env):
    m, (c1, c2) = member_with_two_contacts(db)
    sid = cli_session(db, env, "Absences T3", [(c1["id"], True), (c2["id"], True)])
    it = entry(db, sid, m["id"])
    assert it["subject"] == "Training: Absences T3"
    s = start(spawn, db)
    open_session(s, "Absences T3")
    s.keys("Tab", "Tab")                           # the member, then its first contact
    s.keys("p")
    s.wait_for("Marked absent")
    s.wait_for("1 of 2 present")
    assert entry(db, sid, m["id"])["subject"] == "Training: Absences T3"   # one came
    s.keys("Tab", "p")
    s.wait_for("0 of 2 present")
    assert entry(db, sid, m["id"])["subject"] == "(absent) Training: Absences T3"
    audit = db_query(db, "SELECT change FROM audit WHERE entity = 'interaction' AND"
                         " entity_id = ? ORDER BY id DESC LIMIT 1", (it["id"],))
    assert audit and "(absent) Training: Absences T3" in audit[0]["change"], audit
    s.keys("q", "q")
    s.wait_for("Timeline")
    text = member_timeline(s, m["name"])
    assert "(absent) Training" in text, text
    # Present again: the mark goes, the entry is the same one.
    open_session(s, "Absences T3")
    s.keys("Tab", "Tab", "Tab", "p")
    s.wait_for("1 of 2 present")
    assert tuple(entry(db, sid, m["id"])) == (it["id"], "Training: Absences T3")
    s.keys("q", "q")
    s.wait_for("Timeline")
    text = member_timeline(s, m["name"])
    assert "Training: Absences" in text and "(absent) Training" not in text, text
    leave(s)
