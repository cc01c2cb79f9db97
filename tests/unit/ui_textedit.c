/* The multi-line field's editing core without a terminal: UTF-8 editing, wrapping
 * measured as the sanitiser draws, Up/Down with a wanted column, nano's Home/End,
 * scrolling, paste cleaning and the byte limit.  The last test drives random keys
 * and checks the incremental layout against a whole re-wrap written apart here. */
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "suivi/ui/textedit.h"

#define MIB (1024 * 1024)

static void utf8_locale(void)
{
    if (!setlocale(LC_ALL, "C.UTF-8"))
        setlocale(LC_ALL, "en_US.UTF-8");
}

/* A field on text, laid out at cols x rows, cursor at the end. */
static void open_field(struct textedit *te, const char *text, int cols, int rows)
{
    utf8_locale();
    te_init(te, text, MIB);
    te_layout(te, cols, rows);
}

static void type(struct textedit *te, const wchar_t *s)
{
    for (; *s; s++)
        CHECK(te_insert(te, *s));
}

/* The visible rows as "start-end" pairs, continuations marked '+': "0-6 +6-12". */
static const char *rows_of(const struct textedit *te)
{
    static char out[512];
    struct te_row r[32];
    int n = te_visible(te, r, 32);
    out[0] = '\0';
    for (int i = 0; i < n; i++)
        snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s%zu-%zu", i ? " " : "",
                 r[i].cont ? "+" : "", r[i].start, r[i].end);
    return out;
}

static void check_cursor(const struct textedit *te, int row, int col)
{
    int r, c;
    te_cursor(te, &r, &c);
    CHECK_INT(r, row);
    CHECK_INT(c, col);
}

TEST(typing_and_erasing_multibyte_text)
{
    struct textedit te;
    open_field(&te, "", 40, 3);
    type(&te, L"\u00e9\u0153\u65e5\u672c\U0001F600");        /* é œ 日 本 😀 */
    CHECK_STR(te_text(&te), "\xc3\xa9\xc5\x93\xe6\x97\xa5\xe6\x9c\xac\xf0\x9f\x98\x80");
    check_cursor(&te, 0, 1 + 1 + 2 + 2 + 2);
    CHECK(te_backspace(&te));                                 /* the emoji, whole */
    CHECK_STR(te_text(&te), "\xc3\xa9\xc5\x93\xe6\x97\xa5\xe6\x9c\xac");
    te_left(&te);
    te_left(&te);
    check_cursor(&te, 0, 2);
    CHECK(te_backspace(&te));                                 /* œ */
    CHECK_STR(te_text(&te), "\xc3\xa9\xe6\x97\xa5\xe6\x9c\xac");
    CHECK(te_delete(&te));                                    /* 日 */
    CHECK_STR(te_text(&te), "\xc3\xa9\xe6\x9c\xac");
    check_cursor(&te, 0, 1);
    CHECK(te_modified(&te));
    te_free(&te);
}

TEST(newline_splits_and_backspace_at_line_start_joins)
{
    struct textedit te;
    open_field(&te, "abcd", 40, 3);
    te_left(&te);
    te_left(&te);
    CHECK(te_insert(&te, L'\n'));
    CHECK_STR(te_text(&te), "ab\ncd");
    check_cursor(&te, 1, 0);
    CHECK_STR(rows_of(&te), "0-2 3-5");
    CHECK(te_backspace(&te));
    CHECK_STR(te_text(&te), "abcd");
    check_cursor(&te, 0, 2);
    te_free(&te);
}

TEST(wraps_after_the_last_space_that_fits)
{
    struct textedit te;
    open_field(&te, "hello world foo", 8, 5);
    /* The space stays at the end of its row, where the cursor can sit on it. */
    CHECK_STR(rows_of(&te), "0-6 +6-12 +12-15");
    check_cursor(&te, 2, 3);
    te_layout(&te, 11, 5);              /* "hello world" fits, not its space: earlier */
    CHECK_STR(rows_of(&te), "0-6 +6-15");
    te_layout(&te, 12, 5);
    CHECK_STR(rows_of(&te), "0-12 +12-15");
    te_free(&te);
}

TEST(a_word_longer_than_the_width_is_cut)
{
    struct textedit te;
    open_field(&te, "abcdefghij", 4, 5);
    CHECK_STR(rows_of(&te), "0-4 +4-8 +8-10");
    te_free(&te);
    open_field(&te, "xx abcdefghij", 4, 5);
    CHECK_STR(rows_of(&te), "0-3 +3-7 +7-11 +11-13");
    te_free(&te);
}

TEST(a_double_width_character_never_straddles_the_edge)
{
    struct textedit te;
    open_field(&te, "abcd\xe6\x97\xa5\xe6\x9c\xac", 5, 5);  /* abcd日本 */
    CHECK_STR(rows_of(&te), "0-4 +4-10");                   /* 日 would take columns 5-6 */
    check_cursor(&te, 1, 4);
    te_free(&te);
}

TEST(the_end_of_a_full_row_gets_a_row_of_its_own)
{
    struct textedit te;
    open_field(&te, "abcde", 5, 5);
    CHECK_STR(rows_of(&te), "0-5 +5-5");
    check_cursor(&te, 1, 0);                                  /* never in column 5 of 5 */
    te_left(&te);
    check_cursor(&te, 0, 4);
    te_free(&te);
}

TEST(columns_are_those_the_sanitiser_draws)
{
    struct textedit te;
    open_field(&te, "a\tb", 40, 3);                           /* TAB to column 8 */
    check_cursor(&te, 0, 9);
    te_free(&te);
    open_field(&te, "\x01z", 40, 3);                           /* ^A is two columns */
    check_cursor(&te, 0, 3);
    te_free(&te);
    open_field(&te, "\x01\x01\x01x", 5, 3);                    /* ^A^A fits, the 3rd wraps */
    CHECK_STR(rows_of(&te), "0-2 +2-4");
    te_free(&te);
}

TEST(up_and_down_keep_the_wanted_column)
{
    struct textedit te;
    open_field(&te, "abcdefgh\nab\nabcdefgh", 40, 5);
    te_text_start(&te);
    for (int i = 0; i < 6; i++)
        te_right(&te);
    te_down(&te);                                             /* the short line: its end */
    check_cursor(&te, 1, 2);
    te_down(&te);                                             /* back to column 6 */
    check_cursor(&te, 2, 6);
    te_up(&te);
    te_up(&te);
    check_cursor(&te, 0, 6);
    te_up(&te);                                               /* first row: stays */
    check_cursor(&te, 0, 6);
    te_down(&te);
    te_left(&te);                                             /* a side move forgets it */
    te_down(&te);
    check_cursor(&te, 2, 1);
    te_free(&te);
}

/* The form calls te_layout before each draw, so between every two keys: at the same
 * size that must not forget the wanted column (it did: Up from a long line through
 * a short one came back at the short one's column). */
TEST(a_layout_at_the_same_size_keeps_the_wanted_column)
{
    struct textedit te;
    open_field(&te, "abcdefgh\nab\nabcdefgh", 40, 5);
    te_layout(&te, 40, 5);
    te_up(&te);                                               /* the short line: its end */
    te_layout(&te, 40, 5);
    check_cursor(&te, 1, 2);
    te_up(&te);
    check_cursor(&te, 0, 8);
    te_layout(&te, 40, 5);
    te_down(&te);
    te_layout(&te, 40, 3);                                    /* fewer rows: still kept */
    te_down(&te);
    check_cursor(&te, 2, 8);
    te_up(&te);
    te_layout(&te, 30, 5);                                    /* a new width forgets it */
    te_down(&te);
    check_cursor(&te, 2, 2);
    te_free(&te);
    /* The end of a full row is on a row of its own (column 0): Up passes it. */
    open_field(&te, "", 5, 5);
    type(&te, L"xxxxx\nyyy");
    te_up(&te);
    te_layout(&te, 5, 5);
    check_cursor(&te, 1, 0);
    te_up(&te);
    check_cursor(&te, 0, 3);
    CHECK_INT(te.cursor, 3);
    te_free(&te);
}

TEST(up_and_down_walk_visual_rows_of_a_wrapped_line)
{
    struct textedit te;
    open_field(&te, "aaaa bbbb cccc", 5, 5);                  /* "aaaa " "bbbb " "cccc" */
    te_text_start(&te);
    te_right(&te);
    te_right(&te);
    te_down(&te);
    check_cursor(&te, 1, 2);
    CHECK_INT(te.cursor, 7);
    te_end(&te);                                              /* on the row's space */
    CHECK_INT(te.cursor, 9);
    te_down(&te);
    te_down(&te);                                             /* last row: stays */
    check_cursor(&te, 2, 4);
    CHECK_INT(te.cursor, 14);
    te_free(&te);
}

TEST(invalid_bytes_are_characters_of_their_own)
{
    struct textedit te;
    open_field(&te, "x\xff\xc3y\xe0\x80\x80", 40, 3);    /* overlong: 3 placeholders */
    check_cursor(&te, 0, 7);
    te_left(&te);
    check_cursor(&te, 0, 6);
    CHECK(te_backspace(&te));
    CHECK_STR(te_text(&te), "x\xff\xc3y\xe0\x80");
    te_text_start(&te);
    te_right(&te);
    te_right(&te);
    CHECK_INT(te.cursor, 2);
    CHECK(te_delete(&te));                                    /* the lone lead byte */
    CHECK_STR(te_text(&te), "x\xffy\xe0\x80");
    te_free(&te);
}

TEST(up_and_down_stay_on_rows_narrower_than_the_wanted_column)
{
    struct textedit te;
    /* "ab " ends at a blank, "cdef" ends its line, "xxxxx" below. */
    open_field(&te, "ab cdef\nxxxxx", 6, 5);
    check_cursor(&te, 2, 5);
    te_up(&te);
    CHECK_INT(te.cursor, 7);                                  /* end of "cdef" */
    te_up(&te);
    CHECK_INT(te.cursor, 2);                                  /* on the blank, not past it */
    check_cursor(&te, 0, 2);
    te_down(&te);
    te_down(&te);
    check_cursor(&te, 2, 5);
    te_free(&te);
    /* A double-width character across the wanted column: the cursor stops before it. */
    open_field(&te, "abcdef\nab\xe6\x97\xa5" "c", 40, 5);
    te_text_start(&te);
    for (int i = 0; i < 3; i++)
        te_right(&te);
    te_down(&te);
    check_cursor(&te, 1, 2);
    te_free(&te);
}

TEST(home_and_end_go_to_the_row_then_the_line_as_nano)
{
    struct textedit te;
    open_field(&te, "hello world foo\nbar", 8, 5);
    te_text_start(&te);
    te_down(&te);
    te_right(&te);                                            /* in "world " */
    te_home(&te);
    CHECK_INT(te.cursor, 6);
    te_home(&te);
    CHECK_INT(te.cursor, 0);
    te_end(&te);                                              /* last character of the row */
    CHECK_INT(te.cursor, 5);
    te_end(&te);                                              /* then the line's end */
    CHECK_INT(te.cursor, 15);
    te_end(&te);
    CHECK_INT(te.cursor, 15);
    te_free(&te);
}

TEST(the_window_scrolls_to_keep_the_cursor_visible)
{
    struct textedit te;
    open_field(&te, "l0\nl1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nl9", 10, 3);
    CHECK_STR(rows_of(&te), "21-23 24-26 27-29");            /* opened at the end */
    check_cursor(&te, 2, 2);
    te_text_start(&te);
    CHECK_STR(rows_of(&te), "0-2 3-5 6-8");
    for (int i = 0; i < 3; i++)
        te_down(&te);                                         /* one below the window */
    CHECK_INT(te.top, 3);
    check_cursor(&te, 2, 0);
    te_down(&te);
    te_down(&te);
    CHECK_INT(te.top, 9);
    check_cursor(&te, 2, 0);
    te_up(&te);
    te_up(&te);
    check_cursor(&te, 0, 0);
    te_up(&te);                                               /* one above the window */
    CHECK_INT(te.top, 6);
    check_cursor(&te, 0, 0);
    te_free(&te);
}

TEST(typing_past_the_bottom_scrolls_one_row_at_a_time)
{
    struct textedit te;
    open_field(&te, "", 4, 2);
    /* 4 x fill the first row and put the cursor on the second; 8 x on a third. */
    const char *expect_top[] = { "0", "0", "0", "0", "0", "0", "0", "4", "4", "4", "4", "8" };
    for (int i = 0; i < 12; i++) {
        CHECK(te_insert(&te, L'x'));
        char top[16];
        snprintf(top, sizeof top, "%zu", te.top);
        CHECK_STR(top, expect_top[i]);
    }
    check_cursor(&te, 1, 0);
    te_free(&te);
}

TEST(an_edit_that_unwraps_the_top_row_scrolls_back)
{
    struct textedit te;
    open_field(&te, "ab cdef", 6, 1);                         /* "ab " "cdef" */
    CHECK_STR(rows_of(&te), "+3-7");
    CHECK(te_backspace(&te));
    CHECK(te_backspace(&te));                                 /* "ab cd" fits on one row */
    CHECK_STR(rows_of(&te), "0-5");
    check_cursor(&te, 0, 5);
    te_free(&te);
}

TEST(a_narrower_field_rewraps_and_keeps_the_cursor)
{
    struct textedit te;
    open_field(&te, "one two three four five six", 40, 2);
    te_text_start(&te);
    te_layout(&te, 6, 2);
    CHECK_STR(rows_of(&te), "0-4 +4-8");
    te_text_end(&te);
    check_cursor(&te, 1, 3);
    te_layout(&te, 40, 2);                                    /* all fits again: top goes back */
    CHECK_STR(rows_of(&te), "0-27");
    te_free(&te);
}

TEST(delete_at_the_end_and_backspace_at_the_start_do_nothing)
{
    struct textedit te;
    open_field(&te, "abc", 40, 3);
    CHECK(!te_delete(&te));
    CHECK(!te_kill_line(&te));
    te_text_start(&te);
    CHECK(!te_backspace(&te));
    CHECK_STR(te_text(&te), "abc");
    CHECK(!te_modified(&te));
    te_free(&te);
}

TEST(kill_line_cuts_to_the_end_then_joins)
{
    struct textedit te;
    open_field(&te, "abc\ndef", 40, 3);
    te_text_start(&te);
    te_right(&te);
    CHECK(te_kill_line(&te));
    CHECK_STR(te_text(&te), "a\ndef");
    CHECK(te_kill_line(&te));
    CHECK_STR(te_text(&te), "adef");
    check_cursor(&te, 0, 1);
    te_free(&te);
}

TEST(paste_normalises_line_ends_and_drops_controls)
{
    struct textedit te;
    open_field(&te, "", 40, 5);
    CHECK(te_insert_text(&te, "a\r\nb\rc\x01\x1b" "d\te\x7f\xc2\x9b" "f\xff" "g"));
    CHECK_STR(te_text(&te), "a\nb\ncd\tef\xef\xbf\xbdg");
    CHECK_STR(rows_of(&te), "0-1 2-3 4-13");
    check_cursor(&te, 2, 12);                                 /* c d TAB(6) e f U+FFFD g */
    te_free(&te);
}

TEST(the_byte_limit_refuses_typing_and_cuts_a_paste)
{
    struct textedit te;
    utf8_locale();
    te_init(&te, "abcd", 6);
    CHECK(te_insert(&te, 0xE9));                              /* é: 6 bytes */
    CHECK(!te_insert(&te, L'x'));
    CHECK_STR(te_text(&te), "abcd\xc3\xa9");
    CHECK(te_backspace(&te));
    CHECK(!te_insert_text(&te, "\xe6\x97\xa5\xe6\x9c\xac"));   /* only 2 bytes left: none of 日本 */
    CHECK_STR(te_text(&te), "abcd");
    CHECK(!te_insert_text(&te, "xy\xe6\x97\xa5"));
    CHECK_STR(te_text(&te), "abcdxy");
    te_free(&te);
    te_init(&te, "longer than the limit", 4);                 /* kept whole, can shrink */
    CHECK_STR(te_text(&te), "longer than the limit");
    CHECK(!te_insert(&te, L'!'));
    CHECK(te_backspace(&te));
    te_free(&te);
}

TEST(control_characters_are_refused)
{
    struct textedit te;
    open_field(&te, "", 40, 3);
    CHECK(!te_insert(&te, 0x01));
    CHECK(!te_insert(&te, L'\t'));
    CHECK(!te_insert(&te, L'\r'));
    CHECK(!te_insert(&te, 0x1B));
    CHECK(!te_insert(&te, 0x7F));
    CHECK(!te_insert(&te, 0x9B));
    CHECK(!te_insert(&te, 0xD800));
    CHECK(!te_insert(&te, 0x110000));
    CHECK_STR(te_text(&te), "");
    CHECK(!te_modified(&te));
    CHECK(te_insert(&te, L'\n'));
    te_free(&te);
}

TEST(the_text_comes_back_exactly)
{
    const char *body = "Bonjour,\r\nLe certificat\t\xe2\x80\x94 expir\xc3\xa9\n\n\xff fin\n";
    struct textedit te;
    open_field(&te, body, 12, 3);
    te_text_start(&te);
    te_down(&te);
    te_end(&te);
    te_right(&te);
    te_home(&te);
    CHECK_STR(te_text(&te), body);
    CHECK(!te_modified(&te));
    CHECK(te_insert(&te, L'X'));
    CHECK(te_backspace(&te));
    CHECK_STR(te_text(&te), body);
    CHECK(te_modified(&te));
    te_free(&te);
    te_init(&te, NULL, 10);
    CHECK_STR(te_text(&te), "");
    CHECK_STR(rows_of(&te), "0-0");
    te_free(&te);
}

/* ---- random keys against a whole re-wrap ----------------------------------------- */

/* Reference wrap, written apart: the text is a, space, é, 日, '\n' only. */
static int ref_char(const char *s, size_t p, int *w)
{
    unsigned char c = (unsigned char)s[p];
    *w = c == 0xE6 ? 2 : 1;
    return c == 0xC3 ? 2 : c == 0xE6 ? 3 : 1;
}

/* All row starts of s at cols, in order; returns how many. */
static int ref_rows(const char *s, int cols, size_t *starts, int max)
{
    size_t len = strlen(s), p = 0;
    int n = 0;
    while (n < max) {
        starts[n++] = p;
        size_t q = p, blank = p;
        int col = 0, w, k = 0;
        while (q < len && s[q] != '\n' && (k = ref_char(s, q, &w), col + w <= cols)) {
            col += w;
            q += (size_t)k;
            if (s[q - 1] == ' ')
                blank = q;
        }
        if (q == len || s[q] == '\n') {
            if (col == cols) {
                p = q;                         /* the empty row for the line's end */
                continue;
            }
            if (q == len)
                return n;
            p = q + 1;
        } else {
            p = blank > p ? blank : q;
        }
    }
    return n;
}

TEST(random_keys_keep_the_layout_of_a_whole_rewrap)
{
    static size_t starts[4096];
    struct textedit te;
    open_field(&te, "", 7, 3);
    srand(7);
    for (int step = 0; step < 6000; step++) {
        int op = rand() % 16;
        const wchar_t chars[] = { L'a', L'a', L' ', 0xE9, 0x65E5, L'\n' };
        if (op < 6)
            te_insert(&te, chars[op]);
        else if (op == 6) te_backspace(&te);
        else if (op == 7) te_delete(&te);
        else if (op == 8) te_left(&te);
        else if (op == 9) te_right(&te);
        else if (op == 10) te_up(&te);
        else if (op == 11) te_down(&te);
        else if (op == 12) rand() % 2 ? te_home(&te) : te_end(&te);
        else if (op == 13) { if (rand() % 8 == 0) te_kill_line(&te); }
        else if (op == 14) te_layout(&te, 3 + rand() % 8, 1 + rand() % 4);
        else if (rand() % 4 == 0) te_insert_text(&te, "a a\r\n");
        /* top is a row start of the whole wrap, the rows shown follow it, the cursor
         * is among them. */
        int n = ref_rows(te_text(&te), te.cols, starts, 4096), at = -1;
        for (int i = 0; i < n; i++)
            if (starts[i] == te.top)
                at = i;
        CHECK(at >= 0);
        if (at < 0)
            break;
        struct te_row r[8];
        int shown = te_visible(&te, r, 8), row, col;
        CHECK_INT(shown, n - at < te.rows ? n - at : te.rows);
        CHECK(shown == te.rows || at == 0);               /* never a half-empty window */
        for (int i = 0; i < shown; i++)
            CHECK_INT(r[i].start, starts[at + i]);
        te_cursor(&te, &row, &col);
        CHECK(row >= 0 && row < shown);
        CHECK(col >= 0 && col < te.cols);
        CHECK(r[row].start <= te.cursor && te.cursor <= r[row].end);
        if (check_failures_in_test)
            break;
    }
    te_free(&te);
}

TESTS(T(typing_and_erasing_multibyte_text),
      T(newline_splits_and_backspace_at_line_start_joins),
      T(wraps_after_the_last_space_that_fits),
      T(a_word_longer_than_the_width_is_cut),
      T(a_double_width_character_never_straddles_the_edge),
      T(the_end_of_a_full_row_gets_a_row_of_its_own),
      T(columns_are_those_the_sanitiser_draws),
      T(up_and_down_keep_the_wanted_column),
      T(a_layout_at_the_same_size_keeps_the_wanted_column),
      T(up_and_down_walk_visual_rows_of_a_wrapped_line),
      T(invalid_bytes_are_characters_of_their_own),
      T(up_and_down_stay_on_rows_narrower_than_the_wanted_column),
      T(home_and_end_go_to_the_row_then_the_line_as_nano),
      T(the_window_scrolls_to_keep_the_cursor_visible),
      T(typing_past_the_bottom_scrolls_one_row_at_a_time),
      T(an_edit_that_unwraps_the_top_row_scrolls_back),
      T(a_narrower_field_rewraps_and_keeps_the_cursor),
      T(delete_at_the_end_and_backspace_at_the_start_do_nothing),
      T(kill_line_cuts_to_the_end_then_joins),
      T(paste_normalises_line_ends_and_drops_controls),
      T(the_byte_limit_refuses_typing_and_cuts_a_paste),
      T(control_characters_are_refused),
      T(the_text_comes_back_exactly),
      T(random_keys_keep_the_layout_of_a_whole_rewrap))
