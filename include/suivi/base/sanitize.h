/* sanitize — make untrusted UTF-8 safe and measurable before it reaches a terminal.
 *
 * Every string that comes from the database or a file goes through here at draw
 * time.  ncurses alone is not enough: it passes U+202E raw and acts on CR, BS and
 * LF (see shared/pitfalls.md).  The original bytes stay untouched in the database.
 *
 * Placeholders (all visible, never zero-width):
 *   C0 controls and DEL        caret notation: ESC -> "^[", CR -> "^M", DEL -> "^?"
 *   TAB                        spaces up to the next multiple of 8 columns
 *   LF                         "^J" in SAN_LINE mode; a line break in SAN_MULTILINE
 *   C1 controls (U+0080-009F), bidi and format controls (U+202A-202E, U+2066-2069,
 *   U+200E, U+200F, U+061C), line/paragraph separators, invisible characters
 *   (U+200B, U+2060-2064, U+FEFF), invalid UTF-8, and anything wcwidth() calls
 *   unprintable               U+FFFD, or '?' when the locale is not UTF-8
 */
#ifndef SUIVI_SANITIZE_H
#define SUIVI_SANITIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

enum san_mode { SAN_LINE, SAN_MULTILINE };

/* A cleaned string: wide characters ready for waddnwstr, with its width in columns. */
struct san_text {
    wchar_t *wcs;    /* NUL-terminated, owned */
    size_t   len;    /* wide characters, excluding the NUL */
    int      width;  /* columns on screen */
};

/* Clean src (bytes, maybe invalid UTF-8, may be NULL = "") into out.  out->wcs must
 * later be released with san_text_free.  In SAN_MULTILINE mode LF is kept as L'\n'
 * and width is that of the widest line. */
void san_text_make(struct san_text *out, const char *src, enum san_mode mode);
void san_text_free(struct san_text *t);

/* Clean src and fit it into at most `cols` columns, writing into dst (capacity dstcap
 * wide chars including the NUL).  When it does not fit, the last column shows the
 * truncation mark (U+2026 '…', or '~' when ascii is true or the locale is not UTF-8).
 * A double-width character is never cut in half.  Returns the columns used. */
int san_fit(const char *src, int cols, bool ascii, wchar_t *dst, size_t dstcap);

/* Wide text back to multibyte text of the current locale in out (capacity outcap
 * bytes, NUL included, cut at a whole character); a character the locale cannot
 * encode becomes '?'.  Returns the bytes written. */
size_t san_wcs_to_mb(const wchar_t *w, char *out, size_t outcap);
/* src cleaned (single-line mode) as multibyte text of the current locale: for
 * messages written outside curses (stderr, stdout) that may hold data, such as a
 * file name or an SQLite message quoting the file's schema.  Caller frees. */
char *san_line_dup(const char *src);

/* Columns src takes once cleaned (single-line mode). */
int san_width(const char *src);

/* True when the current locale encodes UTF-8 (decided once, after setlocale). */
bool san_locale_is_utf8(void);

/* Strict UTF-8: the length (1..4) of the sequence at s (left bytes readable) and its
 * code point, or 0 when s does not start a valid one (stray continuation, truncated
 * sequence, overlong form, surrogate, beyond U+10FFFF).  The one decoder of base:
 * sanitising, mail and JSON read text the same way. */
size_t utf8_decode(const unsigned char *s, size_t left, uint32_t *cp);

/* Fold for sorting and searching: lower case, Latin accents and ligatures removed
 * ("Plœmeur" -> "ploemeur", "Châteaulin" -> "chateaulin").  Result is ASCII-only
 * for Latin text, other characters are kept as they are.  Caller frees. */
char *fold_for_search(const char *src);

#endif
