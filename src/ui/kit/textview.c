/* textview — see textview.h. */
#include "suivi/ui/textview.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suivi/base/i18n.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/xalloc.h"

void tv_init(struct textview *tv, const char *title, int label_cols)
{
    memset(tv, 0, sizeof *tv);
    tv->title = xstrdup(title ? title : "");
    tv->label_cols = label_cols;
    tv->sel_para = -1;
    tv->dirty = true;
}

static void free_lines(struct textview *tv)
{
    for (int i = 0; i < tv->nlines; i++)
        free(tv->lines[i].text);
    free(tv->lines);
    tv->lines = NULL;
    tv->nlines = 0;
}

void tv_free(struct textview *tv)
{
    free_lines(tv);
    for (int i = 0; i < tv->npara; i++) {
        free(tv->paras[i].label);
        free(tv->paras[i].text);
    }
    free(tv->paras);
    free(tv->title);
    if (tv->win)
        delwin(tv->win);
    memset(tv, 0, sizeof *tv);
}

void tv_add_styled(struct textview *tv, enum ui_role label_role, const char *label,
                   enum ui_role text_role, const char *text)
{
    if (tv->npara == tv->cap_para) {
        tv->cap_para = tv->cap_para ? tv->cap_para * 2 : 32;
        tv->paras = xreallocarray(tv->paras, (size_t)tv->cap_para, sizeof *tv->paras);
    }
    struct tv_para *p = &tv->paras[tv->npara++];
    struct san_text st;
    san_text_make(&st, text, SAN_MULTILINE);
    p->label_role = label_role;
    p->text_role = text_role;
    p->label = label ? xstrdup(label) : NULL;
    p->text = st.wcs;   /* ownership moves to the paragraph */
    p->indent = 0;
    p->link = -1;
}

void tv_add(struct textview *tv, const char *label, const char *text)
{
    tv_add_styled(tv, ROLE_HEADER, label, ROLE_NORMAL, text && *text ? text : "-");
}

void tv_heading(struct textview *tv, const char *text)
{
    if (tv->npara > 0)
        tv_blank(tv);
    tv_add_styled(tv, ROLE_NORMAL, NULL, ROLE_TITLE_DIM, text);
}

void tv_text(struct textview *tv, const char *text)
{
    tv_add_styled(tv, ROLE_NORMAL, NULL, ROLE_NORMAL, text);
}

void tv_text_indented(struct textview *tv, int indent, const char *text)
{
    tv_text(tv, text);
    tv->paras[tv->npara - 1].indent = indent > 0 ? indent : 0;
}

void tv_blank(struct textview *tv)
{
    tv_add_styled(tv, ROLE_NORMAL, NULL, ROLE_NORMAL, "");
}

/* ---- wrapping ----------------------------------------------------------------- */

static int char_cols(wchar_t c)
{
    int w = wcwidth(c);
    return w < 0 ? 1 : w;   /* sanitised text has no unprintables; be safe anyway */
}

size_t tv_wrap_piece(const wchar_t *s, size_t len, int cols, size_t *next)
{
    int used = 0;
    size_t fit = 0, space = 0;
    bool have_space = false;
    while (fit < len) {
        int w = char_cols(s[fit]);
        if (used + w > cols)
            break;
        if (s[fit] == L' ') {
            space = fit;
            have_space = true;
        }
        used += w;
        fit++;
    }
    if (fit == len) {
        *next = len;
        return len;
    }
    size_t end = fit;
    if (s[fit] == L' ')
        end = fit;                  /* the break falls on a space: cut there */
    else if (have_space && space > 0)
        end = space;                /* cut at the last space that fits */
    if (end == 0)
        end = fit > 0 ? fit : 1;    /* no room even for one character: progress */
    size_t n = end;
    while (n < len && s[n] == L' ')
        n++;
    *next = n;
    while (end > 0 && s[end - 1] == L' ')
        end--;
    return end;
}

static void push_line(struct textview *tv, int *cap, const struct tv_para *p, bool first,
                      int indent, const wchar_t *s, size_t n)
{
    if (tv->nlines == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        tv->lines = xreallocarray(tv->lines, (size_t)*cap, sizeof *tv->lines);
    }
    struct tv_line *l = &tv->lines[tv->nlines++];
    l->label = first ? p->label : NULL;
    l->label_role = p->label_role;
    l->text_role = p->text_role;
    l->indent = indent;
    l->para = (int)(p - tv->paras);
    l->text = xcalloc(n + 1, sizeof(wchar_t));
    memcpy(l->text, s, n * sizeof(wchar_t));
}

static void wrap_para(struct textview *tv, int *cap, const struct tv_para *p)
{
    int indent = p->label ? tv->label_cols + 1 : p->indent;
    int cols = tv->width - 1 - indent;    /* one column of margin on the left */
    if (cols < 1)
        cols = 1;
    const wchar_t *s = p->text;
    bool first = true;
    for (;;) {   /* one source line (up to L'\n') at a time */
        const wchar_t *nl = wcschr(s, L'\n');
        size_t len = nl ? (size_t)(nl - s) : wcslen(s);
        size_t at = 0;
        do {
            size_t next = len;
            size_t n = tv_wrap_piece(s + at, len - at, cols, &next);
            push_line(tv, cap, p, first, indent, s + at, n);
            first = false;
            at += next;
        } while (at < len);
        if (!nl)
            break;
        s = nl + 1;
    }
}

void tv_place(struct textview *tv, int y, int x, int h, int w)
{
    if (tv->win)
        delwin(tv->win);
    tv->win = h > 1 && w > 0 ? newwin(h, w, y, x) : NULL;
    tv->height = h > 1 ? h - 1 : 0;
    tv->width = w;
    free_lines(tv);
    int cap = 0;
    for (int i = 0; i < tv->npara; i++)
        wrap_para(tv, &cap, &tv->paras[i]);
    tv->dirty = true;
    tv_scroll(tv, 0);   /* clamp top to the new number of lines */
}

/* ---- scrolling and drawing ------------------------------------------------------ */

static void draw_line(struct textview *tv, int row, const struct tv_line *l);

/* Paint text rows [from, to) of the window from the current top. */
static void draw_rows(struct textview *tv, int from, int to)
{
    for (int r = from; r < to && r < tv->height; r++) {
        int i = tv->top + r;
        if (i < tv->nlines)
            draw_line(tv, r + 1, &tv->lines[i]);
        else
            mvwhline(tv->win, r + 1, 0, ' ', tv->width);
    }
}

void tv_scroll(struct textview *tv, int delta)
{
    int max = tv->nlines - tv->height;
    if (max < 0)
        max = 0;
    int top = tv->top + delta;
    top = top < 0 ? 0 : (top > max ? max : top);
    int d = top - tv->top;
    tv->top = top;
    if (d == 0)
        return;
    tv->title_dirty = true;
    if (!tv->win || tv->dirty || d >= tv->height || -d >= tv->height) {
        tv->dirty = true;
        return;
    }
    /* The view is as wide as the screen: let the terminal scroll the text rows and
     * paint only the rows that come into view. */
    wsetscrreg(tv->win, 1, tv->height);
    scrollok(tv->win, TRUE);
    wscrl(tv->win, d);
    scrollok(tv->win, FALSE);
    if (d > 0)
        draw_rows(tv, tv->height - d, tv->height);
    else
        draw_rows(tv, 0, -d);
}

void tv_home(struct textview *tv)
{
    tv_scroll(tv, -tv->top);
}

void tv_end(struct textview *tv)
{
    tv_scroll(tv, tv->nlines);
}

void tv_touch(struct textview *tv)
{
    tv->dirty = true;
    if (tv->win)
        touchwin(tv->win);
}

static void draw_title(struct textview *tv)
{
    char pos[48], full[600];
    int last = tv->top + tv->height < tv->nlines ? tv->top + tv->height : tv->nlines;
    if (tv->nlines > tv->height)
        snprintf(pos, sizeof pos, _("  (%d-%d of %d)  q: back"), tv->top + 1, last, tv->nlines);
    else
        snprintf(pos, sizeof pos, "%s", _("  q: back"));
    int pw = san_width(pos);
    snprintf(full, sizeof full, " %s", tv->title);
    attr_t a = term_attr(ROLE_TITLE);
    int tw = tv->width - pw > 0 ? tv->width - pw : tv->width;
    term_draw_text(tv->win, 0, 0, tw, full, a);
    if (tw < tv->width)
        term_draw_text(tv->win, 0, tw, pw, pos, a);
}

static void draw_line(struct textview *tv, int row, const struct tv_line *l)
{
    WINDOW *w = tv->win;
    bool selected = l->para == tv->sel_para;
    attr_t sel = term_attr(ROLE_SELECTED);
    mvwhline(w, row, 0, ' ' | (selected ? sel : A_NORMAL), tv->width);
    if (l->label)
        term_draw_text(w, row, 1, tv->label_cols, l->label,
                       selected ? sel : term_attr(l->label_role));
    int x = 1 + l->indent;
    if (x < tv->width && l->text[0]) {
        /* Already sanitised and wrapped to fit: draw as is. */
        wattrset(w, (int)(selected ? sel : term_attr(l->text_role)));
        mvwaddnwstr(w, row, x, l->text, -1);
        wattrset(w, A_NORMAL);
    }
}

/* ---- links ---------------------------------------------------------------------- */

void tv_link(struct textview *tv, int tag)
{
    if (tv->npara > 0 && tag >= 0)
        tv->paras[tv->npara - 1].link = tag;
}

int tv_selected_link(const struct textview *tv)
{
    return tv->sel_para >= 0 && tv->sel_para < tv->npara ? tv->paras[tv->sel_para].link : -1;
}

static int first_line_of(const struct textview *tv, int para)
{
    for (int i = 0; i < tv->nlines; i++)
        if (tv->lines[i].para == para)
            return i;
    return -1;
}

static int last_line_of(const struct textview *tv, int para)
{
    for (int i = tv->nlines - 1; i >= 0; i--)
        if (tv->lines[i].para == para)
            return i;
    return -1;
}

/* Select paragraph p (a link) and scroll the least that shows all of it. */
static void select_para(struct textview *tv, int p)
{
    if (p == tv->sel_para)
        return;
    tv->sel_para = p;
    tv->dirty = true;
    int first = first_line_of(tv, p), last = last_line_of(tv, p);
    if (first < 0)
        return;
    if (last >= tv->top + tv->height)
        tv_scroll(tv, last - (tv->top + tv->height) + 1);
    if (first < tv->top)
        tv_scroll(tv, first - tv->top);
    tv->dirty = true;
}

int tv_select_link(struct textview *tv, int dir)
{
    int from = tv->sel_para;
    if (from < 0) {   /* from the screen: its first link going down, its last going up */
        int top = tv->top < tv->nlines ? tv->lines[tv->top].para : tv->npara;
        from = dir > 0 ? top - 1
             : tv->top + tv->height < tv->nlines ? tv->lines[tv->top + tv->height].para
             : tv->npara;
    }
    for (int p = from + dir; p >= 0 && p < tv->npara; p += dir)
        if (tv->paras[p].link >= 0) {
            select_para(tv, p);
            return tv->paras[p].link;
        }
    return -1;
}

void tv_select_tag(struct textview *tv, int tag)
{
    for (int p = 0; p < tv->npara; p++)
        if (tv->paras[p].link == tag) {
            select_para(tv, p);
            return;
        }
}

void tv_draw(struct textview *tv)
{
    if (!tv->win || (!tv->dirty && !tv->title_dirty))
        return;
    draw_title(tv);
    if (tv->dirty)
        draw_rows(tv, 0, tv->height);
    wnoutrefresh(tv->win);
    tv->dirty = tv->title_dirty = false;
}
