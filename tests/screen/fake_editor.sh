#!/bin/sh
# A stand-in for $EDITOR in the screen tests: writes $SUIVI_TEST_EDITOR_TEXT into the
# file named by the last argument, and logs the call to $SUIVI_TEST_EDITOR_LOG.
for f in "$@"; do :; done
[ -n "${f:-}" ] || { echo "fake_editor: no file" >&2; exit 2; }
if [ -n "${SUIVI_TEST_EDITOR_LOG:-}" ]; then
    printf 'edit %s (was %d bytes)\n' "$f" "$(wc -c <"$f" 2>/dev/null || echo 0)" \
        >>"$SUIVI_TEST_EDITOR_LOG"
fi
printf '%s\n' "${SUIVI_TEST_EDITOR_TEXT:-edited}" >"$f"
