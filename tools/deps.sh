#!/bin/sh
# Install the Debian/Ubuntu packages suivi needs — only those that are missing,
# with sudo when not root.  Silent when nothing is missing.
#   tools/deps.sh        to build and run
#   tools/deps.sh test   to run the tests as well (python, pyte, valgrind, chromium…)
# When it cannot install them (not root and no sudo, sudo refused, no apt-get), it
# says which packages are missing and the command that installs them, and fails.
set -u
pkgs="gcc make pkg-config libncurses-dev libsqlite3-dev libiniparser-dev ncurses-base"
if [ "${1:-}" = test ]; then
    pkgs="$pkgs sqlite3 python3 python3-pyte python3-pytest valgrind man-db groff-base tmux"
    # The HTML report's screenshot (tests/screen/test_report_screenshot.py): headless
    # Chromium, and a font named here rather than left to fontconfig's choice.
    pkgs="$pkgs chromium fonts-dejavu-core"
fi

say() { printf 'suivi: %s\n' "$*" >&2; }

if ! command -v dpkg-query >/dev/null 2>&1; then
    # Not Debian/Ubuntu: nothing to check against.  The build says what is missing.
    say "not a Debian/Ubuntu system: not checking packages (suivi needs a C compiler,"
    say "make, pkg-config, and the ncursesw, sqlite3 and iniparser development files)"
    exit 0
fi

missing=""
for p in $pkgs; do
    st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$st" in *"ok installed"*) ;; *) missing="$missing $p" ;; esac
done
[ -z "$missing" ] && exit 0

# $1: why we cannot install them and who can; $2: the command that would.
by_hand() {
    say "these packages are missing:$missing"
    say "$1"
    printf '    %s\n' "$2" >&2
    say "then run make again."
    exit 1
}

if ! command -v apt-get >/dev/null 2>&1; then
    by_hand "there is no apt-get here: install them with your system's package manager, as:" \
        "apt-get install -y$missing"
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
        by_hand "installing them needs root and sudo is not installed; as root (su -), or ask your administrator to, run:" \
            "apt-get update && apt-get install -y$missing"
    fi
    sudo="sudo"
    echo "suivi: installing missing packages:$missing (apt-get through sudo: it may ask for your password)"
else
    echo "suivi: installing missing packages:$missing"
fi

# No questions, no "apt-utils is not installed" warning; wait for another apt
# (unattended upgrades on a fresh machine) rather than fail on its lock.  Its output
# goes through a pipe, indented: dpkg then prints no progress counters.
status=$(mktemp "${TMPDIR:-/tmp}/suivi-deps.XXXXXX") || exit 1
trap 'rm -f "$status"' EXIT
apt() {
    { $sudo env DEBIAN_FRONTEND=noninteractive DEBCONF_NOWARNINGS=yes \
          apt-get -o Dpkg::Use-Pty=0 -o DPkg::Lock::Timeout=120 "$@" 2>&1
      echo $? >"$status"; } | sed 's/^/    /'
    return "$(cat "$status")"
}
apt update -qq || say "apt-get update failed: trying with the package lists already here"
# shellcheck disable=SC2086  # one word per package
if ! apt install -y -qq --no-install-recommends $missing; then
    by_hand "apt-get could not install them (its message is above); fix that, or install them yourself:" \
        "${sudo:+sudo }apt-get install -y$missing"
fi
