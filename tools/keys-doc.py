#!/usr/bin/env python3
"""Rewrite the key tables of README.md and share/man/suivi.1 from `suivi --list-keys`
(the program's one key table), so that the documentation cannot drift from it:
    tools/keys-doc.py [build/suivi]      (make docs)
tests/screen/test_keys.py checks both files against the same output."""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def bindings(binary):
    out = subprocess.run([binary, "--list-keys"], check=True, stdout=subprocess.PIPE,
                         text=True, env=dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8")).stdout
    maps = []
    for line in out.splitlines():
        title, keys, help_ = line.split("\t")
        if not maps or maps[-1][0] != title:
            maps.append((title, []))
        maps[-1][1].append((keys, help_))
    return maps


def md_escape(text):
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*")


def readme_tables(maps):
    parts = []
    for title, rows in maps:
        parts.append("**%s**\n\n| Keys | What they do |\n|---|---|\n" % title)
        for keys, help_ in rows:
            shown = keys if keys == "(other keys)" else ", ".join(
                "`%s`" % k.replace("`", "\\`") for k in keys.split(", "))
            parts.append("| %s | %s |\n" % (md_escape(shown) if keys == "(other keys)" else
                                           shown.replace("|", "\\|"), md_escape(help_)))
        parts.append("\n")
    return "".join(parts)


def man_escape(text):
    text = text.replace("\\", "\\e").replace("-", "\\-")
    # groff reads its input as Latin-1 unless told: write other characters by name.
    text = "".join(c if ord(c) < 128 else "\\[u%04X]" % ord(c) for c in text)
    return "\\&" + text if text[:1] in (".", "'") else text


def man_tables(maps):
    parts = []
    for title, rows in maps:
        parts.append(".SS %s\n" % man_escape(title))
        for keys, help_ in rows:
            parts.append(".TP\n")
            if keys == "(other keys)":
                parts.append(".I (other keys)\n")
            else:
                parts.append(".B %s\n" % man_escape(keys))
            parts.append("%s%s\n" % (man_escape(help_), "" if help_.endswith(".") else "."))
    return "".join(parts)


def replace_between(text, start_pat, end_pat, new, what):
    m = re.search(start_pat, text, re.M)
    e = re.search(end_pat, text[m.end():] if m else "", re.M)
    if not m or not e:
        sys.exit("keys-doc: cannot find the key section of %s" % what)
    return text[:m.start()] + new + text[m.end() + e.start():]


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "suivi")
    maps = bindings(binary)
    readme = os.path.join(ROOT, "README.md")
    with open(readme, encoding="utf-8") as f:
        text = f.read()
    # From the first table heading of "## Keys" up to the next "## " section.
    keys_at = text.index("## Keys")
    head, rest = text[:keys_at], text[keys_at:]
    rest = replace_between(rest, r"^\*\*", r"^## ", readme_tables(maps), "README.md")
    with open(readme, "w", encoding="utf-8") as f:
        f.write(head + rest)
    man = os.path.join(ROOT, "share", "man", "suivi.1")
    with open(man, encoding="utf-8") as f:
        text = f.read()
    keys_at = text.index(".SH KEYS")
    head, rest = text[:keys_at], text[keys_at:]
    rest = replace_between(rest, r"^\.SS ", r"^\.SH ", man_tables(maps), "suivi.1")
    with open(man, "w", encoding="utf-8") as f:
        f.write(head + rest)


if __name__ == "__main__":
    main()
