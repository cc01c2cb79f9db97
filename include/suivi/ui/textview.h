/* textview — a scrollable page of labelled paragraphs (detail and help views).
 *
 * Paragraphs are added as UTF-8 (labels are ours, values may be untrusted); they are
 * sanitised once (sanitize.h, multi-line mode) and word-wrapped to the window width
 * each time the view is placed, so a resize re-wraps them. */
#ifndef SUIVI_TEXTVIEW_H
#define SUIVI_TEXTVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>
#include <curses.h>
#include "suivi/ui/term.h"

struct tv_para {
    enum ui_role label_role, text_role;
    char *label;            /* NULL: the text starts at the left edge */
    wchar_t *text;          /* sanitised, may hold L'\n' */
    int indent;             /* columns before unlabelled text */
    int link;               /* a selectable link: the caller's tag; -1 when not */
};

struct tv_line {
    const char *label;      /* borrowed from the paragraph; only on its first line */
    enum ui_role label_role, text_role;
    int indent;             /* columns before the text */
    wchar_t *text;          /* owned, fits in the width */
    int para;               /* the paragraph it belongs to */
};

struct textview {
    char *title;                    /* may contain data: sanitised when drawn */
    struct tv_para *paras;
    int npara, cap_para;
    int label_cols;                 /* width of the label column */
    struct tv_line *lines;
    int nlines;
    int top;                        /* first line shown */
    int sel_para;                   /* the selected link's paragraph, -1: none */
    WINDOW *win;
    int height, width;              /* text rows (window minus its title row) */
    bool dirty, title_dirty;
};

void tv_init(struct textview *tv, const char *title, int label_cols);
void tv_free(struct textview *tv);

/* A "label  text" paragraph; text may be NULL (shown as "-") and multi-line. */
void tv_add(struct textview *tv, const char *label, const char *text);
/* Same with explicit roles. */
void tv_add_styled(struct textview *tv, enum ui_role label_role, const char *label,
                   enum ui_role text_role, const char *text);
/* A section heading, preceded by a blank line unless it is the first paragraph. */
void tv_heading(struct textview *tv, const char *text);
/* Free text from the left edge (bodies, descriptions). */
void tv_text(struct textview *tv, const char *text);
/* Free text indented by `indent` columns (a note under its header). */
void tv_text_indented(struct textview *tv, int indent, const char *text);
void tv_blank(struct textview *tv);
/* Make the last paragraph added a link the user can select (Tab), with this tag
 * (>= 0), drawn highlighted when selected. */
void tv_link(struct textview *tv, int tag);
/* Select the next (dir +1) or previous (-1) link, from the selected one or, when
 * none is, from the lines on screen; scroll to show it.  Returns its tag, or -1
 * when there is none that way (the selection does not move). */
int tv_select_link(struct textview *tv, int dir);
/* The selected link's tag, -1 when none.  tv_select_tag selects a link by tag
 * (after a rebuild), without scrolling unless it is off screen. */
int tv_selected_link(const struct textview *tv);
void tv_select_tag(struct textview *tv, int tag);

/* Create the window at this place and wrap the text to its width. */
void tv_place(struct textview *tv, int y, int x, int h, int w);

/* Scroll by delta lines (clamped); first and last page. */
void tv_scroll(struct textview *tv, int delta);
void tv_home(struct textview *tv);
void tv_end(struct textview *tv);

void tv_touch(struct textview *tv);
void tv_draw(struct textview *tv);      /* wnoutrefresh, no doupdate */

/* Word-wrap a sanitised line into pieces of at most `cols` columns: returns the
 * length (in wide chars) of the first piece and sets *next to where the following
 * one starts (spaces at the break are dropped).  Pure; used by tv_place. */
size_t tv_wrap_piece(const wchar_t *s, size_t len, int cols, size_t *next);

#endif
