/* Forms without a terminal: the UTF-8 line editing, choice jumps
 * and the editor hand-over driven by fake editors (term_suspend
 * and term_resume do nothing while curses is not running). */
#include <dirent.h>
#include <locale.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "check.h"
#include "suivi/ui/editor.h"
#include "suivi/ui/form.h"
#include "suivi/core/validate.h"

static void utf8_locale(void)
{
    if (!setlocale(LC_ALL, "C.UTF-8"))
        setlocale(LC_ALL, "en_US.UTF-8");
}

TEST(prev_next_step_over_whole_characters)
{
    const char *s = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80z";   /* a é € 😀 z */
    CHECK_INT(form_text_next(s, 0), 1);
    CHECK_INT(form_text_next(s, 1), 3);
    CHECK_INT(form_text_next(s, 3), 6);
    CHECK_INT(form_text_next(s, 6), 10);
    CHECK_INT(form_text_next(s, 10), 11);
    CHECK_INT(form_text_next(s, 11), 11);          /* at the end: stays */
    CHECK_INT(form_text_prev(s, 11), 10);
    CHECK_INT(form_text_prev(s, 10), 6);
    CHECK_INT(form_text_prev(s, 6), 3);
    CHECK_INT(form_text_prev(s, 3), 1);
    CHECK_INT(form_text_prev(s, 1), 0);
    CHECK_INT(form_text_prev(s, 0), 0);
}

TEST(invalid_bytes_count_as_one_character)
{
    const char *s = "x\xff\xc3y\x80";   /* stray 0xFF, a lead byte without its tail, a lone tail */
    CHECK_INT(form_text_next(s, 1), 2);
    CHECK_INT(form_text_next(s, 2), 3);
    CHECK_INT(form_text_prev(s, 5), 4);
    CHECK_INT(form_text_prev(s, 4), 3);
    CHECK_INT(form_text_prev(s, 3), 2);
    CHECK_INT(form_text_prev(s, 2), 1);
}

TEST(insert_encodes_utf8_at_the_cursor)
{
    char *v = NULL;
    size_t cur = 0;
    CHECK(form_text_insert(&v, &cur, L'P'));
    CHECK(form_text_insert(&v, &cur, L'l'));
    CHECK(form_text_insert(&v, &cur, L'm'));
    cur = 2;
    CHECK(form_text_insert(&v, &cur, 0x153));      /* œ between l and m */
    CHECK_STR(v, "Pl\xc5\x93m");
    CHECK_INT(cur, 4);
    cur = 0;
    CHECK(form_text_insert(&v, &cur, 0x1F600));
    CHECK_STR(v, "\xf0\x9f\x98\x80Pl\xc5\x93m");
    CHECK_INT(cur, 4);
    free(v);
}

TEST(insert_refuses_controls_and_overlong_values)
{
    char *v = NULL;
    size_t cur = 0;
    CHECK(!form_text_insert(&v, &cur, L'\n'));
    CHECK(!form_text_insert(&v, &cur, 0x1b));
    CHECK(!form_text_insert(&v, &cur, 0x7f));
    CHECK(!form_text_insert(&v, &cur, 0x85));      /* C1 */
    CHECK(!form_text_insert(&v, &cur, 0xD800));    /* surrogate */
    CHECK(v == NULL && cur == 0);
    int n = 0;
    while (form_text_insert(&v, &cur, L'a'))
        n++;
    CHECK(n > 100 && n < 100000);                  /* bounded, and says so */
    CHECK_INT(strlen(v), (size_t)n);
    free(v);
}

TEST(erase_removes_a_whole_character)
{
    char *v = strdup("Ch\xc3\xa2teaulin");
    size_t cur = 4;                                /* after â */
    form_text_erase(&v, &cur);
    CHECK_STR(v, "Chteaulin");
    CHECK_INT(cur, 2);
    cur = 0;
    form_text_erase(&v, &cur);                     /* at the start: nothing */
    CHECK_STR(v, "Chteaulin");
    cur = strlen(v);
    form_text_erase(&v, &cur);
    CHECK_STR(v, "Chteauli");
    free(v);
}

TEST(scroll_keeps_the_cursor_visible)
{
    utf8_locale();
    const char *s = "abcdefghijklmnopqrstuvwxyz";
    CHECK_INT(form_text_scroll(s, 5, 0, 10), 0);        /* fits: from the start */
    size_t sc = form_text_scroll(s, 26, 0, 10);        /* cursor at the end */
    CHECK(sc > 0);
    CHECK(form_text_width(s, sc, 26) <= 8);            /* mark + text + cursor in 10 */
    CHECK(form_text_width(s, sc, 26) >= 7);            /* and no wasted room */
    CHECK_INT(form_text_scroll(s, 20, sc, 10), sc);     /* still visible: no jump */
    CHECK_INT(form_text_scroll(s, 12, sc, 10), 12);     /* moved left past it */
    /* Double-width characters: never more columns than there are. */
    const char *wide = "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e";
    size_t ws = form_text_scroll(wide, 18, 0, 7);
    CHECK(form_text_width(wide, ws, 18) <= 5);
}

TEST(choice_jump_by_first_letter_ignores_case_and_accents)
{
    utf8_locale();
    const char *const c[] = { "(none)", "commune", "EPCI", "École", "département" };
    CHECK_INT(form_choice_jump(c, 5, 0, L'e'), 2);
    CHECK_INT(form_choice_jump(c, 5, 2, L'e'), 3);      /* next one, accent folded */
    CHECK_INT(form_choice_jump(c, 5, 3, 0xC9), 2);      /* É wraps round to EPCI */
    CHECK_INT(form_choice_jump(c, 5, 2, L'D'), 4);
    CHECK_INT(form_choice_jump(c, 5, 3, L'n'), 0);      /* "(none)" answers to n */
    CHECK_INT(form_choice_jump(c, 5, 1, L'z'), 1);      /* no match: unchanged */
}

/* The file's content (caller frees), or NULL. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    size_t cap = 8192;
    char *buf = malloc(cap);
    size_t n = buf ? fread(buf, 1, cap - 1, f) : 0;
    if (buf)
        buf[n] = '\0';
    fclose(f);
    return buf;
}

/* ---- editor ---- */

static char saved_tmpdir[512];

/* Run editors in a private TMPDIR with a script as $SUIVI_EDITOR. */
static void fake_editor(const char *script_body, const char *extra_args)
{
    const char *t = getenv("TMPDIR");
    snprintf(saved_tmpdir, sizeof saved_tmpdir, "%s", t ? t : "");
    const char *script = check_tmpfile("editor.sh");
    check_write_file(script, script_body);
    chmod(script, 0700);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s%s%s", script, extra_args ? " " : "", extra_args ? extra_args : "");
    setenv("SUIVI_EDITOR", cmd, 1);
    char dir[600];
    snprintf(dir, sizeof dir, "%s/tmp", check_tmpdir());
    mkdir(dir, 0700);
    setenv("TMPDIR", dir, 1);
}

static void fake_editor_done(void)
{
    unsetenv("SUIVI_EDITOR");
    if (saved_tmpdir[0])
        setenv("TMPDIR", saved_tmpdir, 1);
    else
        unsetenv("TMPDIR");
}

/* Files left in the editor's TMPDIR. */
static int temp_files_left(void)
{
    DIR *d = opendir(getenv("TMPDIR"));
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d)) != NULL; )
        n += strncmp(e->d_name, "suivi-", 6) == 0;
    if (d)
        closedir(d);
    return n;
}

TEST(editor_command_order)
{
    unsetenv("SUIVI_EDITOR");
    setenv("VISUAL", "vis", 1);
    setenv("EDITOR", "ed", 1);
    CHECK_STR(editor_command(), "vis");
    setenv("SUIVI_EDITOR", "  ", 1);                   /* blank: skipped */
    CHECK_STR(editor_command(), "vis");
    setenv("SUIVI_EDITOR", "nano -R", 1);
    CHECK_STR(editor_command(), "nano -R");
    unsetenv("SUIVI_EDITOR");
    unsetenv("VISUAL");
    CHECK_STR(editor_command(), "ed");
    unsetenv("EDITOR");
    /* Then the first program found in PATH, in this order; none: NULL. */
    const char *old_path = getenv("PATH");
    char *saved = old_path ? strdup(old_path) : NULL;
    char bin[600];
    snprintf(bin, sizeof bin, "%s/bin", check_tmpdir());
    mkdir(bin, 0700);
    setenv("PATH", bin, 1);
    CHECK(editor_command() == NULL);
    char *text = strdup("x"), err[256] = "";
    CHECK_INT(editor_edit(&text, "Body", err, sizeof err), -1);
    CHECK_CONTAINS(err, "no editor found");
    free(text);
    char prog[700];
    snprintf(prog, sizeof prog, "%s/vi", bin);
    check_write_file(prog, "#!/bin/sh\n");
    chmod(prog, 0700);
    CHECK_STR(editor_command(), "vi");
    snprintf(prog, sizeof prog, "%s/nano", bin);
    check_write_file(prog, "#!/bin/sh\n");
    chmod(prog, 0700);
    CHECK_STR(editor_command(), "nano");
    if (saved)
        setenv("PATH", saved, 1);
    free(saved);
}

TEST(editor_changes_text_and_removes_its_file)
{
    fake_editor("#!/bin/sh\n[ \"$1\" = --flag ] || exit 9\n"
                "case \"$2\" in */suivi-*.txt) ;; *) exit 8;; esac\n"
                "printf 'new body\\nsecond line\\n' > \"$2\"\n", "--flag");
    char *text = strdup("old");
    char err[512] = "";
    CHECK_INT(editor_edit(&text, "Body", err, sizeof err), 1);
    CHECK_STR(text, "new body\nsecond line");          /* one trailing newline stripped */
    CHECK_INT(temp_files_left(), 0);
    free(text);
    fake_editor_done();
}

TEST(editor_unchanged_text_round_trips)
{
    fake_editor("#!/bin/sh\nexit 0\n", NULL);
    char *text = strdup("kept\n");                     /* even with its own newline */
    char err[512] = "";
    CHECK_INT(editor_edit(&text, "Body", err, sizeof err), 0);
    CHECK_STR(text, "kept\n");
    char *none = NULL;
    CHECK_INT(editor_edit(&none, "Body", err, sizeof err), 0);
    CHECK(none == NULL);
    CHECK_INT(temp_files_left(), 0);
    free(text);
    fake_editor_done();
}

TEST(editor_failure_keeps_text_and_file)
{
    fake_editor("#!/bin/sh\nprintf 'half typed' > \"$1\"\nexit 3\n", NULL);
    char *text = strdup("before");
    char err[512] = "";
    CHECK_INT(editor_edit(&text, "Body", err, sizeof err), -1);
    CHECK_STR(text, "before");
    CHECK_CONTAINS(err, "status 3");
    CHECK_CONTAINS(err, "kept in");
    CHECK_INT(temp_files_left(), 1);
    const char *path = strstr(err, "kept in ");
    char *kept = path ? slurp(path + 8) : NULL;
    CHECK_STR(kept, "half typed");
    free(kept);
    free(text);
    fake_editor_done();
}

TEST(editor_that_cannot_run_is_reported)
{
    fake_editor("", NULL);
    setenv("SUIVI_EDITOR", "/nonexistent/editor", 1);
    char *text = strdup("same");
    char err[512] = "";
    CHECK_INT(editor_edit(&text, "Body", err, sizeof err), -1);
    CHECK_CONTAINS(err, "cannot run the editor '/nonexistent/editor'");
    CHECK_STR(text, "same");
    CHECK_INT(temp_files_left(), 0);                   /* nothing typed: nothing kept */
    free(text);
    fake_editor_done();
}

TEST(editor_refuses_oversized_text)
{
    fake_editor("#!/bin/sh\nhead -c 1100000 /dev/zero | tr '\\0' x > \"$1\"\n", NULL);
    char *text = strdup("small");
    char err[512] = "";
    CHECK_INT(editor_edit(&text, "Body", err, sizeof err), -1);
    CHECK_CONTAINS(err, "Body is longer than");
    CHECK_STR(text, "small");                          /* never a cut text */
    CHECK_INT(temp_files_left(), 1);
    free(text);
    fake_editor_done();
}

TESTS(T(prev_next_step_over_whole_characters), T(invalid_bytes_count_as_one_character),
      T(insert_encodes_utf8_at_the_cursor), T(insert_refuses_controls_and_overlong_values),
      T(erase_removes_a_whole_character), T(scroll_keeps_the_cursor_visible),
      T(choice_jump_by_first_letter_ignores_case_and_accents),
      T(editor_command_order),
      T(editor_changes_text_and_removes_its_file), T(editor_unchanged_text_round_trips),
      T(editor_failure_keeps_text_and_file), T(editor_that_cannot_run_is_reported),
      T(editor_refuses_oversized_text))
