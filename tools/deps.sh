#!/bin/sh
# Install the Debian/Ubuntu packages suivi needs — only those that are missing,
# with sudo when not root.  Silent when nothing is missing.
#   tools/deps.sh        to build and run
#   tools/deps.sh test   to run the tests as well
set -eu
pkgs="gcc make pkg-config libncurses-dev libsqlite3-dev libiniparser-dev ncurses-base"
if [ "${1:-}" = test ]; then
    pkgs="$pkgs sqlite3 python3 python3-pyte python3-pytest valgrind man-db groff-base tmux"
fi
missing=""
for p in $pkgs; do
    st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$st" in *"ok installed"*) ;; *) missing="$missing $p" ;; esac
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
    echo "suivi: missing packages:$missing (no apt-get here: install them by hand)" >&2
    exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "suivi: installing missing packages:$missing"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends $missing
