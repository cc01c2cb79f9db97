"""Checks of the source tree itself: the layers (a folder includes only the headers of
the layers below it), and the libraries each kept to its one module."""
import os
import re

from conftest import ROOT

# Bottom to top.  config and model sit on base, side by side.
RANK = {"base": 0, "config": 1, "model": 1, "store": 2, "core": 3, "demo": 4, "ui": 5,
        "cli": 6}
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^">]+)[">]', re.M)


def sources():
    for top in ("src", "include/suivi"):
        for d, _, files in os.walk(os.path.join(ROOT, top)):
            for f in files:
                if f.endswith((".c", ".h")):
                    yield os.path.join(d, f)


def group_of(path):
    rel = os.path.relpath(path, ROOT).split(os.sep)
    return rel[2] if rel[0] == "include" else rel[1]


def includes(path):
    with open(path, encoding="utf-8") as f:
        return INCLUDE.findall(f.read())


def test_every_file_is_in_a_layer():
    stray = [p for p in sources() if group_of(p) not in RANK]
    assert not stray, "files outside the layers: %s" % stray


def test_no_layer_includes_one_above_it():
    bad = []
    for path in sources():
        g = group_of(path)
        for inc in includes(path):
            m = re.match(r"suivi/([a-z]+)/", inc)
            if not m:
                continue
            other = m.group(1)
            if other != g and (other not in RANK or RANK[other] >= RANK[g]):
                bad.append("%s (%s) includes %s" % (os.path.relpath(path, ROOT), g, inc))
    assert not bad, "\n".join(bad)


def test_libraries_stay_in_their_module():
    where = {"sqlite3.h": ("store",), "curses.h": ("ui",), "ncurses.h": ("ui",),
             "term.h": ("ui",), "iniparser.h": ("config",)}
    bad = []
    for path in sources():
        for inc in includes(path):
            if inc in where and group_of(path) not in where[inc]:
                bad.append("%s includes <%s>" % (os.path.relpath(path, ROOT), inc))
    assert not bad, "\n".join(bad)


def test_the_main_loop_and_the_screen_stack_know_no_view_by_name():
    """A view plugs in through its line in SUIVI_VIEWS and the table of views.c: the
    loop and the stack of screens name none (adding the people screen did not touch
    them for its views)."""
    names = re.findall(r"_\((\w+),", open(os.path.join(ROOT, "include/suivi/ui/keymap.h"),
                                          encoding="utf-8").read().split("SUIVI_VIEWS(_)")[1]
                       .split("enum view_id")[0])
    assert "MEMBERS" in names and "STAFF" in names, names
    for f in ("src/ui/shell/loop.c", "src/ui/shell/screen.c"):
        with open(os.path.join(ROOT, f), encoding="utf-8") as fh:
            text = fh.read()
        for n in names:
            assert "VIEW_" + n not in text and n.lower() + "_view_ops" not in text, \
                "%s names the view %s" % (f, n)
