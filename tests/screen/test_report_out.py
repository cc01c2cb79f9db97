"""suivi report --out FILE: the report written to a new file, as suivi export does:
never over an existing one without --force, nothing left behind when refused, the
same bytes as on standard output."""
import os

from conftest import base_env, run_cli


def test_report_out_writes_a_new_file_and_replaces_only_with_force(db, tmp_path):
    env = base_env(str(tmp_path))
    out = str(tmp_path / "report-2026-11.html")
    stdout = run_cli(["--db", db, "report", "--period", "2026-11", "--format", "html"], env)
    assert stdout.returncode == 0, stdout.stderr
    r = run_cli(["--db", db, "report", "--period", "2026-11", "--format", "html", "--out", out],
                env)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "%s: the report of 2026-11 written" % out
    with open(out, encoding="utf-8") as f:
        assert f.read() == stdout.stdout
    assert oct(os.stat(out).st_mode & 0o777) in ("0o640", "0o600", "0o660")
    # Again: refused, the file as it was.
    before = os.path.getmtime(out), os.path.getsize(out)
    r = run_cli(["--db", db, "report", "--period", "2026-11", "--out", out], env)
    assert r.returncode == 1 and "exists already: nothing written" in r.stderr, r.stderr
    assert (os.path.getmtime(out), os.path.getsize(out)) == before
    # --force: replaced by the text report, and no temporary file left beside it.
    r = run_cli(["--db", db, "report", "--period", "2026-11", "--out", out, "--force"], env)
    assert r.returncode == 0, r.stderr
    with open(out, encoding="utf-8") as f:
        assert f.read().lstrip().startswith("Activity 2026-11")
    assert sorted(os.listdir(str(tmp_path))) == sorted(
        n for n in os.listdir(str(tmp_path)) if not n.startswith("report-2026-11.html."))
    # A wrong period or a freeze with --out: a usage error, no file.
    other = str(tmp_path / "other.txt")
    for args in (["--period", "2026-13", "--out", other], ["--frozen", "--out", other],
                 ["--out", ""]):
        r = run_cli(["--db", db, "report"] + args, env)
        assert r.returncode == 2, (args, r.stderr)
        assert not os.path.exists(other)
