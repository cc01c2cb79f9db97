/* ui_layout — the pure parts of the screen: pane geometry for a terminal size, word
 * wrapping of the detail view, and the help screen listing every key binding. */
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "check.h"
#include "suivi/ui/app.h"
#include "suivi/ui/help.h"
#include "suivi/ui/keymap.h"
#include "suivi/ui/term.h"
#include "suivi/ui/textview.h"

static void check_tiles(const struct app_layout *l, int cols, int rows)
{
    /* members | separator | right column, edge to edge, above the status line */
    CHECK_INT(l->members.x, 0);
    CHECK_INT(l->separator.x, l->members.w);
    CHECK_INT(l->separator.w, 1);
    CHECK_INT(l->timeline.x, l->members.w + 1);
    CHECK_INT(l->timeline.x + l->timeline.w, cols);
    CHECK_INT(l->actions.x, l->timeline.x);
    CHECK_INT(l->actions.w, l->timeline.w);
    CHECK_INT(l->members.h, rows - 1);
    CHECK_INT(l->timeline.y + l->timeline.h, l->actions.y);
    CHECK_INT(l->actions.y + l->actions.h, rows - 1);
    CHECK_INT(l->status.y, rows - 1);
    CHECK_INT(l->status.w, cols);
    CHECK_INT(l->view.h, rows - 1);
    CHECK_INT(l->view.w, cols);
}

TEST(layout_at_80x24_shows_three_usable_panes)
{
    struct app_layout l;
    app_layout_compute(80, 24, &l);
    CHECK(!l.too_small);
    check_tiles(&l, 80, 24);
    CHECK_INT(l.members.w, 28);              /* ~36% */
    CHECK(l.timeline.w >= 50);
    CHECK(l.timeline.h - 1 >= 9);            /* list rows under the title */
    CHECK(l.actions.h - 1 >= 9);
    CHECK(l.actions.h >= l.timeline.h);
}

TEST(layout_grows_with_the_terminal)
{
    struct app_layout small, big;
    app_layout_compute(80, 24, &small);
    app_layout_compute(120, 40, &big);
    check_tiles(&big, 120, 40);
    CHECK(big.members.w > small.members.w);
    CHECK(big.timeline.h > small.timeline.h);
    CHECK(big.actions.h > small.actions.h);
}

TEST(layout_at_the_minimum_and_below)
{
    struct app_layout l;
    app_layout_compute(TERM_MIN_COLS, TERM_MIN_ROWS, &l);
    CHECK(!l.too_small);
    check_tiles(&l, TERM_MIN_COLS, TERM_MIN_ROWS);
    CHECK(l.timeline.h >= 3 && l.actions.h >= 3 && l.members.w >= 20);
    app_layout_compute(TERM_MIN_COLS - 1, 40, &l);
    CHECK(l.too_small);
    app_layout_compute(200, TERM_MIN_ROWS - 1, &l);
    CHECK(l.too_small);
    app_layout_compute(0, 0, &l);
    CHECK(l.too_small);
}

/* ---- wrapping ------------------------------------------------------------------ */

static char *piece(const wchar_t *s, int cols, size_t *next)
{
    static char out[256];
    size_t n = tv_wrap_piece(s, wcslen(s), cols, next);
    wchar_t tmp[128];
    wcsncpy(tmp, s, n);
    tmp[n] = L'\0';
    wcstombs(out, tmp, sizeof out);
    return out;
}

TEST(wrap_breaks_at_spaces_and_drops_them)
{
    size_t next;
    CHECK_STR(piece(L"hello world", 20, &next), "hello world");
    CHECK_INT(next, 11);
    CHECK_STR(piece(L"hello world again", 11, &next), "hello world");
    CHECK_INT(next, 12);                       /* the space is not carried over */
    CHECK_STR(piece(L"hello world", 8, &next), "hello");
    CHECK_INT(next, 6);
    CHECK_STR(piece(L"hello   world", 7, &next), "hello");
    CHECK_INT(next, 8);
}

TEST(wrap_cuts_long_words_and_counts_columns)
{
    size_t next;
    CHECK_STR(piece(L"abcdefghij", 4, &next), "abcd");
    CHECK_INT(next, 4);
    /* double-width characters count two columns and are never split */
    CHECK_STR(piece(L"\u6771\u4eac\u90fd", 5, &next), "\u6771\u4eac");
    CHECK_INT(next, 2);
    /* no room even for one: one character anyway, so wrapping always advances */
    CHECK_STR(piece(L"\u6771x", 1, &next), "\u6771");
    CHECK_INT(next, 1);
    CHECK_STR(piece(L"", 5, &next), "");
    CHECK_INT(next, 0);
}

/* ---- help ---------------------------------------------------------------------- */

TEST(help_lists_every_binding_under_its_map)
{
    struct textview tv;
    help_build(&tv);
    size_t n;
    const struct key_binding *b = keymap_bindings(&n);
    CHECK(n > 40);
    for (size_t i = 0; i < n; i++) {
        /* find the map's heading, then the command's line below it */
        char title[128];
        mbstate_t st;
        memset(&st, 0, sizeof st);
        const char *want = keymap_title(b[i].map);
        int section = -1, found = 0;
        for (int p = 0; p < tv.npara; p++) {
            const wchar_t *w = tv.paras[p].text;
            memset(&st, 0, sizeof st);
            size_t len = wcsrtombs(title, &w, sizeof title, &st);
            if (!tv.paras[p].label) {
                /* a heading starts a section; blank lines do not end one */
                if (len != (size_t)-1 && strcmp(title, want) == 0)
                    section = p;
                else if (len != (size_t)-1 && title[0])
                    section = -1;
                continue;
            }
            if (section < 0)
                continue;
            const char *label = tv.paras[p].label;
            const wchar_t *tw = tv.paras[p].text;
            memset(&st, 0, sizeof st);
            len = wcsrtombs(title, &tw, sizeof title, &st);
            if (len != (size_t)-1 && strcmp(title, command_help(b[i].cmd)) == 0 &&
                strstr(label, b[i].name))
                found = 1;
        }
        if (!found)
            fprintf(stderr, "missing from help: %s %s (%s)\n", keymap_title(b[i].map),
                    b[i].name, command_id_name(b[i].cmd));
        CHECK(found);
    }
    tv_free(&tv);
}

static void setup(void)
{
    if (!setlocale(LC_ALL, "C.UTF-8"))
        setlocale(LC_ALL, "en_US.UTF-8");
}

TEST(aa_setup)
{
    setup();
}

TESTS(T(aa_setup), T(layout_at_80x24_shows_three_usable_panes), T(layout_grows_with_the_terminal),
      T(layout_at_the_minimum_and_below), T(wrap_breaks_at_spaces_and_drops_them),
      T(wrap_cuts_long_words_and_counts_columns), T(help_lists_every_binding_under_its_map))
