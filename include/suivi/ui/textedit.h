/* textedit — the editing core of a multi-line text field (an interaction's Body,
 * an action's Description, a note), free of curses so that it can be unit-tested.
 * The form owns the window and the keys; this owns the text, the cursor and the
 * scrolling.
 *
 * The text is UTF-8 bytes (it may be empty and may hold '\n'); the cursor is a byte
 * offset, always on a character boundary (an invalid byte counts as one character,
 * so it can be erased).  For display the text is soft-wrapped at `cols` columns and
 * `rows` visual rows are shown, scrolled so that the cursor is always visible.
 *
 * Columns are those the screen shows: each character is measured with san_width on
 * its own bytes (a control is "^X", two columns; CJK and most emoji two; a TAB runs
 * to the next multiple of 8 counted from the start of its row).  So a row drawn with
 * the sanitiser on its own (term_draw_text of a copy of its bytes) takes exactly
 * the columns counted here.
 *
 * Wrapping, as nano does with softwrap and atblanks: a row takes as many characters
 * as fit in `cols`; when the next one does not fit, the row ends after the last
 * space or TAB that fits (the blank stays at the end of its row, so the cursor can
 * sit on it), otherwise it is cut at the edge (a word longer than the width; a
 * double-width character that would straddle the edge goes to the next row).  Every
 * cursor position has a cell of its own: when the last row of a line is exactly
 * `cols` wide, the end of that line is shown on an extra, empty continuation row.
 *
 * Cost: the first visible row is kept as a byte offset and only the logical lines
 * around the cursor and the window are wrapped, so a keystroke never re-wraps the
 * whole text.  (One pathological case stays linear in its size: a single logical
 * line of a megabyte is wrapped from its start when the cursor leaves the window.) */
#ifndef SUIVI_TEXTEDIT_H
#define SUIVI_TEXTEDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

struct textedit {
    char *buf;              /* the text, NUL-terminated, owned */
    size_t len, cap;        /* bytes in buf (without the NUL), bytes allocated */
    size_t max;             /* at most this many bytes may be typed or pasted */
    size_t cursor;          /* byte offset of the cursor */
    size_t top;             /* byte offset where the first visible row starts */
    int cols, rows;         /* the field's size (te_layout) */
    int want;               /* column kept by Up/Down, -1 when none */
    bool modified;          /* the text was changed since te_init */
};

/* One visible row: bytes [start, end) of te_text() to draw from the left edge.
 * cont: the row continues a wrapped line (it does not start a logical line). */
struct te_row {
    size_t start, end;
    bool cont;
};

/* Start editing a copy of text (NULL = ""), with the cursor at its end (as one-line
 * fields do) and a layout of 80 columns by 1 row until te_layout.  Typing and
 * pasting keep the text at most max_bytes long; a longer initial text is kept whole
 * (nothing stored is ever cut) but can then only shrink. */
void te_init(struct textedit *te, const char *text, size_t max_bytes);
void te_free(struct textedit *te);

/* The text, NUL-terminated, never NULL; valid until the next change. */
const char *te_text(const struct textedit *te);
/* True once any change was made to the text (even if undone by hand). */
bool te_modified(const struct textedit *te);

/* Insert one typed character at the cursor: a printable character or L'\n'.  False,
 * and nothing changes, for a control character (TAB included: it moves between
 * fields) or when the text would exceed the byte limit. */
bool te_insert(struct textedit *te, wchar_t wc);
/* Insert pasted UTF-8 text at the cursor.  CR LF and lone CR become LF; TAB is kept;
 * other control characters (C0, DEL, C1) are dropped; an invalid byte becomes
 * U+FFFD.  Pass a whole paste at once (a CR LF split across two calls gives two
 * line breaks).  False when the limit cut it: what fits, cut at a character, is
 * inserted. */
bool te_insert_text(struct textedit *te, const char *utf8);

/* Erase the character before the cursor (Backspace; at the start of a line, joins
 * it to the previous one), the one at the cursor (Delete), or from the cursor to
 * the end of its logical line (^K, as Emacs: at the end of a line, joins the next
 * one; no kill buffer).  Each returns whether the text changed. */
bool te_backspace(struct textedit *te);
bool te_delete(struct textedit *te);
bool te_kill_line(struct textedit *te);

/* Cursor moves.  Left/Right step one character, crossing line breaks.  Up/Down go
 * to the visual row above/below at the wanted column: the column the cursor had
 * when the run of Up/Down began, so passing through a short row and back returns
 * to it (any other operation forgets it); nothing happens on the first/last row. */
void te_left(struct textedit *te);
void te_right(struct textedit *te);
void te_up(struct textedit *te);
void te_down(struct textedit *te);
/* Home/End as nano does with softwrap: the start (end) of the visual row; when the
 * cursor is already there, the start (end) of the logical line.  The end of a
 * wrapped row is its last character, since the position after it is the next row. */
void te_home(struct textedit *te);
void te_end(struct textedit *te);
void te_text_start(struct textedit *te);
void te_text_end(struct textedit *te);

/* Set the field's size (at least 1x1) and re-scroll; call it before drawing and
 * whenever the size changes. */
void te_layout(struct textedit *te, int cols, int rows);

/* Fill rows[0..max) with the visible rows, top to bottom, and return how many
 * there are (at least 1 when max > 0: an empty text has one empty row; fewer than
 * the field's rows when the text ends above its bottom). */
int te_visible(const struct textedit *te, struct te_row *rows, int max);
/* The cursor's row within the visible window (0 = first shown) and its column. */
void te_cursor(const struct textedit *te, int *row, int *col);

#endif
