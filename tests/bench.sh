#!/bin/sh
# Benchmarks (figures, never pass/fail): demo creation, start-up, bytes and time per
# keystroke, on the demo database and on one with 300,000 members.  See
# tests/screen/bench.py.  Usage: tests/bench.sh [BINARY]
set -u
cd "$(dirname "$0")/.." || exit 1
bin=${1:-${BUILD:-build}/suivi}
PY=/usr/bin/python3
if ! "$PY" -c 'import pyte, pytest' 2>/dev/null; then
    echo "bench: $PY needs python3-pyte and python3-pytest (make test-deps)" >&2
    exit 1
fi
exec "$PY" tests/screen/bench.py "$bin"
