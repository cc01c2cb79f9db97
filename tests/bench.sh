#!/bin/sh
# Benchmarks (figures, never pass/fail): demo creation, the first screen, peak memory,
# latency, bytes and CPU per key, the idle cost, and a save, on the demo database and
# side by side on a region-scale copy of it (100,000 members, 2,000,000 interactions,
# 300,000 actions: tests/bench/region.py, built by SQL once and kept in
# $BUILD/bench/) (tests/screen/bench.py, tests/bench/keys.py); then 20 writers at
# once, each running `suivi add interaction` 500 times on one file
# (tests/bench_writers.py).  A non-zero status only says that a benchmark could not
# run; `make bench` itself never fails on a figure.
#   tests/bench.sh [BINARY]
# The save is also timed on commit 0a97f04, the last one with synchronous = NORMAL,
# built from `git archive` in a temporary directory with its own Makefile;
# SUIVI_BENCH_OLD=path/to/suivi uses that binary instead, SUIVI_BENCH_OLD=none skips it.
set -u
cd "$(dirname "$0")/.." || exit 1
bin=${1:-${BUILD:-build}/suivi}
PY=/usr/bin/python3
OLD_REV=0a97f04
if ! "$PY" -c 'import pyte, pytest' 2>/dev/null; then
    echo "bench: $PY needs python3-pyte and python3-pytest (make test-deps)" >&2
    exit 0   # figures only: never fails the build
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/suivi-bench-old.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

old=${SUIVI_BENCH_OLD:-}
if [ -z "$old" ]; then
    old=none
    if ! command -v git >/dev/null 2>&1; then
        echo "bench: no git: the synchronous=NORMAL save figure ($OLD_REV) is skipped"
    elif ! git cat-file -e "$OLD_REV^{commit}" 2>/dev/null; then
        echo "bench: commit $OLD_REV is not in this checkout (a shallow clone, or no .git): the synchronous=NORMAL save figure is skipped"
    else
        echo "bench: building $OLD_REV (synchronous=NORMAL) for the save figure..."
        # Its own Makefile and defaults: none of this make's variables (BUILD=...).
        if git archive "$OLD_REV" | tar -x -C "$tmp" &&
            MAKEFLAGS='' MAKEOVERRIDES='' MFLAGS='' MAKELEVEL='' make -C "$tmp" --no-print-directory \
                -j"$(nproc 2>/dev/null || echo 1)" BUILD=build all >"$tmp/build.log" 2>&1 &&
            [ -x "$tmp/build/suivi" ]; then
            old=$tmp/build/suivi
        else
            echo "bench: cannot build $OLD_REV: the synchronous=NORMAL save figure is skipped"
            tail -n 20 "$tmp/build.log" 2>/dev/null | sed 's/^/    /'
        fi
    fi
    echo
fi
failed=0
"$PY" tests/screen/bench.py "$bin" "$old" || failed=$((failed + 1))
echo
# 20 processes x 500 `suivi add interaction` at once on one file (tests/bench_writers.py).
"$PY" tests/bench_writers.py "$bin" || failed=$((failed + 1))
# Figures only: a benchmark that could not run is said, and the build goes on.
if [ "$failed" -gt 0 ]; then
    echo "bench: $failed of the 2 benchmark scripts stopped before the end (see above)" >&2
fi
exit 0
