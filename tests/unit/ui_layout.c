/* ui_layout — the pure parts of the screen: pane geometry for a terminal size, word
 * wrapping of the detail view, the view table and its keymaps, and the help screen
 * listing every key binding. */
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "check.h"
#include "suivi/ui/help.h"
#include "suivi/ui/keymap.h"
#include "suivi/ui/term.h"
#include "suivi/ui/textview.h"
#include "suivi/ui/views.h"

/* The main screen's places: members | separator | timeline over actions, edge to
 * edge, above the status line (body_rows = rows - 1). */
struct tiles { struct rect members, timeline, actions, sep; };

static struct tiles tiles_for(int cols, int rows)
{
    struct rect r[3], sep;
    views_main_layout(cols, rows - 1, r, 3, &sep);
    return (struct tiles){ r[0], r[1], r[2], sep };
}

static void check_tiles(const struct tiles *l, int cols, int rows)
{
    CHECK_INT(l->members.x, 0);
    CHECK_INT(l->sep.x, l->members.w);
    CHECK_INT(l->sep.w, 1);
    CHECK_INT(l->timeline.x, l->members.w + 1);
    CHECK_INT(l->timeline.x + l->timeline.w, cols);
    CHECK_INT(l->actions.x, l->timeline.x);
    CHECK_INT(l->actions.w, l->timeline.w);
    CHECK_INT(l->members.h, rows - 1);
    CHECK_INT(l->timeline.y + l->timeline.h, l->actions.y);
    CHECK_INT(l->actions.y + l->actions.h, rows - 1);
}

TEST(layout_at_80x24_shows_three_usable_panes)
{
    struct tiles l = tiles_for(80, 24);
    check_tiles(&l, 80, 24);
    CHECK_INT(l.members.w, 28);              /* ~36% */
    CHECK(l.timeline.w >= 50);
    CHECK(l.timeline.h - 1 >= 9);            /* list rows under the title */
    CHECK(l.actions.h - 1 >= 9);
    CHECK(l.actions.h >= l.timeline.h);
}

TEST(layout_grows_with_the_terminal)
{
    struct tiles small = tiles_for(80, 24), big = tiles_for(120, 40);
    check_tiles(&big, 120, 40);
    CHECK(big.members.w > small.members.w);
    CHECK(big.timeline.h > small.timeline.h);
    CHECK(big.actions.h > small.actions.h);
}

TEST(layout_at_the_minimum)
{
    struct tiles l = tiles_for(TERM_MIN_COLS, TERM_MIN_ROWS);
    check_tiles(&l, TERM_MIN_COLS, TERM_MIN_ROWS);
    CHECK(l.timeline.h >= 3 && l.actions.h >= 3 && l.members.w >= 20);
}

/* ---- the view table -------------------------------------------------------------- */

TEST(every_view_has_its_operations_and_a_keymap_title)
{
    for (int v = 0; v < VIEW_COUNT; v++) {
        const struct view_info *vi = views_info((enum view_id)v);
        CHECK(vi->ops != NULL);
        if (!vi->ops)
            continue;
        CHECK(vi->ops->keymaps && vi->ops->open && vi->ops->close && vi->ops->place &&
              vi->ops->recalc && vi->ops->repaint && vi->ops->touch && vi->ops->focus &&
              vi->ops->command && vi->ops->selected);
        CHECK(keymap_title(KEYMAP_MEMBERS + v)[0] != '\0');
        CHECK(view_name((enum view_id)v)[0] != '?');
    }
}

TEST(a_view_map_comes_before_the_generic_ones)
{
    /* Tab focuses the next pane everywhere, but selects the next link in a detail. */
    enum keymap_id detail[] = { KEYMAP_DETAIL, KEYMAP_TEXT, KEYMAP_GLOBAL };
    enum keymap_id members[] = { KEYMAP_MEMBERS, KEYMAP_LIST, KEYMAP_GLOBAL };
    CHECK_INT(keymap_lookup_chain(detail, 3, false, '\t'), CMD_NEXT_LINK);
    CHECK_INT(keymap_lookup_chain(members, 3, false, '\t'), CMD_FOCUS_NEXT);
    CHECK_INT(keymap_lookup_chain(members, 3, false, 'j'), CMD_DOWN);
    CHECK_INT(keymap_lookup_chain(members, 3, false, 'e'), CMD_EDIT);
    CHECK_INT(keymap_lookup_chain(members, 2, false, 'e'), CMD_NONE);
    /* go-to commands name their view */
    CHECK_INT(keymap_lookup(KEYMAP_GLOBAL, false, '?'), CMD_GOTO_HELP);
    CHECK_INT(command_goto_view(CMD_GOTO_HELP), VIEW_HELP);
    CHECK_INT(command_goto_view(CMD_EDIT), -1);
    /* needs are declared with the commands */
    CHECK(command_needs(CMD_SET_STATUS) & NEED_ACTION);
    CHECK(command_needs(CMD_SET_STATUS) & NEED_UPDATE);   /* a provider may */
    CHECK(command_needs(CMD_ASSIGN) & NEED_WRITE);
    CHECK_INT(command_needs(CMD_DOWN), 0);
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
      T(layout_at_the_minimum), T(every_view_has_its_operations_and_a_keymap_title),
      T(a_view_map_comes_before_the_generic_ones), T(wrap_breaks_at_spaces_and_drops_them),
      T(wrap_cuts_long_words_and_counts_columns), T(help_lists_every_binding_under_its_map))
