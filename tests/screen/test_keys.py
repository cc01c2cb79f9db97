"""Every key is documented: in the `?` help screen, the man page and the README,
all checked against `suivi --list-keys` (generated from the keymap table)."""
import os
import re
import shutil
import subprocess

import pytest

from conftest import ROOT, run_cli, squash

MAN = os.path.join(ROOT, "share", "man", "suivi.1")
README = os.path.join(ROOT, "README.md")


@pytest.fixture(scope="module")
def bindings(tmp_path_factory):
    """[(map, [key names], help)] from `suivi --list-keys` (MAP<TAB>KEYS<TAB>HELP)."""
    from conftest import base_env
    r = run_cli(["--list-keys"], base_env(str(tmp_path_factory.mktemp("keys"))))
    assert r.returncode == 0, r.stderr
    out = []
    for line in r.stdout.splitlines():
        if not line.strip():
            continue
        parts = line.split("\t")
        assert len(parts) == 3, "bad --list-keys line %r" % line
        out.append((parts[0], [k.strip() for k in parts[1].split(", ")], parts[2]))
    assert len(out) >= 30, "too few bindings listed:\n" + r.stdout
    return out


def key_pattern(name):
    """A key name as a whole token: "j" must not match inside "just"."""
    return r"(?<![\w^\-])%s(?![\w\-])" % re.escape(name)


def documented(text, keys, help_text, window=160):
    """True when help_text occurs with every key name near it (before or after)."""
    for m in re.finditer(re.escape(squash(help_text)), text):
        around = text[max(0, m.start() - window):m.end() + window]
        if all(re.search(key_pattern(k), around) for k in keys):
            return True
    return False


def missing_from(text, bindings):
    text = squash(text)
    return ["%s: %s — %s" % (m, ", ".join(k), h) for m, k, h in bindings
            if not documented(text, k, h)]


def test_help_screen_lists_every_key(spawn, db, bindings):
    s = spawn(db=db)
    s.wait_for("Members")
    s.keys("?")
    s.wait_for(bindings[0][2][:30])
    seen = []
    # Through the whole help view by half pages (^D), collecting every screen: an
    # entry wrapped over two lines is then whole on at least one of them.
    for _ in range(100):
        seen.append(s.screen_text())
        before = s.screen_text()
        s.keys("^D")
        s.settle(0.15)
        if s.screen_text() == before:
            break
    else:
        raise AssertionError("the help view never reached its end\n" + s.dump())
    missing = [m for b in bindings for m in missing_from(seen[0], [b])
               if all(missing_from(screen, [b]) for screen in seen[1:])]
    assert not missing, "not in the help screen:\n" + "\n".join(missing)
    s.keys("q")
    s.wait_for("Timeline")
    s.quit()


def test_help_pages_with_space(spawn, db, bindings):
    s = spawn(db=db)
    s.wait_for("Members")
    s.keys("?")
    s.wait_for(bindings[0][2][:30])
    first = s.screen_text()
    s.keys("Space")
    s.wait_until(lambda: s.screen_text() != first, "Space to page the help")
    s.keys("Esc")
    s.wait_for("Timeline")
    s.quit()


def render_man(path):
    """The man page as plain text (no hyphenation, no justification)."""
    if shutil.which("groff"):
        r = subprocess.run(["groff", "-man", "-Tutf8", "-rHY=0", "-dAD=l", "-rLL=200n",
                            "-P-cbou", path], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, errors="replace")
        assert r.returncode == 0, r.stderr
        assert "warning" not in r.stderr.lower(), r.stderr
        text = r.stdout
        # groff's UTF-8 device draws some ASCII with typographic glyphs.
        for a, b in (("\u2010", "-"), ("\u2212", "-"), ("\u02c6", "^"), ("\u2018", "`"),
                     ("\u2019", "'"), ("\u02dc", "~"), ("\u00a0", " ")):
            text = text.replace(a, b)
        return text
    with open(path) as f:   # no groff: read the source, unescaped
        src = f.read()
    src = re.sub(r"^\.\S+\s?", "", src, flags=re.M)
    src = re.sub(r"\\f[BIRP]|\\f\(..|\\&", "", src)
    return src.replace("\\-", "-").replace("\\(ha", "^").replace("\\e", "\\")


def test_man_page_documents_every_key(bindings):
    assert os.path.exists(MAN), "no man page at %s" % MAN
    missing = missing_from(render_man(MAN), bindings)
    assert not missing, "not in %s:\n%s" % (MAN, "\n".join(missing))


def test_readme_documents_every_key(bindings):
    assert os.path.exists(README), "no README.md"
    with open(README) as f:
        text = f.read()
    # Markdown: drop code ticks and table bars, unescape \| and \*.
    text = re.sub(r"\\([|*_`<>\\])", r"\1", text.replace("`", ""))
    text = text.replace("|", " ")
    missing = missing_from(text, bindings)
    assert not missing, "not in README.md:\n" + "\n".join(missing)


def test_man_page_renders_cleanly():
    assert os.path.exists(MAN)
    if not shutil.which("man"):
        pytest.skip("man not installed")
    r = subprocess.run(["man", "--warnings", "-l", MAN], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, errors="replace",
                       env=dict(os.environ, MANWIDTH="80", MANPAGER="cat", PAGER="cat"))
    assert r.returncode == 0, r.stderr
    assert not r.stderr.strip(), "man warnings:\n" + r.stderr
    for section in ("SYNOPSIS", "OPTIONS", "KEYS", "FILES", "ENVIRONMENT", "EXIT STATUS"):
        assert section in r.stdout, "man page lacks %s" % section
