#!/bin/sh
# Every test, after `make all unit asan` (see `make test`):
#   1. the unit tests of build/tests/ under valgrind (in the background),
#   2. the unit tests of build/asan/tests/ (ASan + UBSan),
#   3. the screen tests against build/suivi, then against build/asan/suivi.
# Ends with one line "N passed, N failed" and a non-zero status on any failure.
set -u
cd "$(dirname "$0")/.." || exit 1

BUILD=${BUILD:-build}
ASAN_BUILD=${ASAN_BUILD:-build/asan}
PY=/usr/bin/python3     # Debian's: the one that sees python3-pyte and python3-pytest
passed=0
failed=0

tmp=$(mktemp -d "${TMPDIR:-/tmp}/suivi-test.XXXXXX") || exit 1
valgrind_pid=
trap 'rm -rf "$tmp"' EXIT
trap '[ -z "$valgrind_pid" ] || kill "$valgrind_pid" 2>/dev/null; exit 130' INT TERM

add() { passed=$((passed + $1)); failed=$((failed + $2)); }

# A unit binary prints "SUITE: N passed, N failed".  A crash before that line, or a
# non-zero status with no failed test (valgrind's 99, a leak), counts as one failure.
unit() {
    name=$1
    shift
    "$@" >"$out" 2>&1
    rc=$?
    sum=$(sed -n 's/^.*: \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1 \2/p' "$out" | tail -n 1)
    sum=${sum:-0 0}
    p=${sum% *} f=${sum#* }
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    add "$p" "$f"
    if [ "$f" -ne 0 ]; then
        echo "FAIL $name (status $rc)"
        sed 's/^/    /' "$out"
    else
        echo "ok   $name ($p)"
    fi
}

# Valgrind is the slow part: it runs on the second core while the rest goes on, and
# reports its counts through a file.
valgrind_units() {
    passed=0 failed=0 out=$tmp/valgrind.out
    for t in "$BUILD"/tests/*; do
        [ -f "$t" ] && [ -x "$t" ] || continue
        unit "valgrind $t" valgrind -q --error-exitcode=99 --leak-check=full \
            --errors-for-leak-kinds=definite "$t"
    done
    echo "$passed $failed" >"$tmp/valgrind.count"
}
valgrind_units >"$tmp/valgrind.log" 2>&1 &
valgrind_pid=$!

out=$tmp/asan.out
for t in "$ASAN_BUILD"/tests/*; do
    [ -f "$t" ] && [ -x "$t" ] || continue
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 unit "asan $t" "$t"
done

# pytest's counts come from its JUnit report; no report at all is one failure.
screen() {
    label=$1 bin=$2
    if [ ! -x "$bin" ]; then
        echo "FAIL screen tests ($label): no $bin"
        add 0 1
        return
    fi
    xml=$tmp/screen-$label.xml
    SUIVI_BIN=$bin "$PY" -m pytest -q -p no:cacheprovider --junitxml="$xml" tests/screen
    rc=$?
    if [ ! -s "$xml" ]; then
        echo "FAIL screen tests ($label): pytest status $rc, no report"
        add 0 1
        return
    fi
    attr() { sed -n "s/.*<testsuite [^>]*$1=\"\([0-9]*\)\".*/\1/p" "$xml" | head -n 1; }
    n=$(attr tests) f=$(attr failures) e=$(attr errors) s=$(attr skipped)
    f=$((${f:-0} + ${e:-0}))
    [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
    add $((${n:-0} - f - ${s:-0})) "$f"
    echo "screen tests ($label): $((${n:-0} - f - ${s:-0})) passed, $f failed, ${s:-0} skipped"
}

if ! "$PY" -c 'import pyte, pytest' 2>/dev/null; then
    echo "FAIL screen tests: $PY lacks pyte or pytest (make test-deps installs them)"
    add 0 1
else
    screen plain "$BUILD/suivi"
    # Sanitizer reports go to files (not into the pty); the harness fails a test
    # whose run leaves one, and any report left over counts here.
    mkdir "$tmp/san"
    ASAN_OPTIONS=log_path=$tmp/san/asan:detect_leaks=1:abort_on_error=0 \
    UBSAN_OPTIONS=log_path=$tmp/san/ubsan:print_stacktrace=1:halt_on_error=1 \
        screen asan "$ASAN_BUILD/suivi"
    for r in "$tmp"/san/*; do
        [ -f "$r" ] || continue
        echo "FAIL sanitizer report $r:"
        head -n 40 "$r" | sed 's/^/    /'
        add 0 1
    done
fi

wait "$valgrind_pid"
cat "$tmp/valgrind.log"
if [ -s "$tmp/valgrind.count" ]; then
    read -r vp vf <"$tmp/valgrind.count"
    add "$vp" "$vf"
else
    echo "FAIL valgrind run (no result)"
    add 0 1
fi
[ "$passed" -gt 0 ] || { echo "FAIL no test ran"; add 0 1; }

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
