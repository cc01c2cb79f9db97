/* Unit tests: sanitising untrusted text for the terminal, widths, fitting, folding. */
#include <locale.h>
#include <pwd.h>
#include <unistd.h>
#include <stdint.h>
#include <stdlib.h>
#include <wchar.h>

#include "check.h"
#include "suivi/base/login.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/xalloc.h"

static void utf8_locale(void)
{
    if (!setlocale(LC_ALL, "C.UTF-8")) {
        fprintf(stderr, "C.UTF-8 locale missing\n");
        exit(2);
    }
}

static void ascii_locale(void)
{
    setlocale(LC_ALL, "C");
}

/* UTF-8 of one code point (no validation: tests build bad input on purpose elsewhere). */
static const char *enc(uint32_t cp)
{
    static char ring[8][8];
    static int next;
    unsigned char *b = (unsigned char *)ring[next++ % 8];
    if (cp < 0x80) {
        b[0] = (unsigned char)cp, b[1] = 0;
    } else if (cp < 0x800) {
        b[0] = (unsigned char)(0xC0 | cp >> 6), b[1] = (unsigned char)(0x80 | (cp & 0x3F)), b[2] = 0;
    } else if (cp < 0x10000) {
        b[0] = (unsigned char)(0xE0 | cp >> 12), b[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
        b[2] = (unsigned char)(0x80 | (cp & 0x3F)), b[3] = 0;
    } else {
        b[0] = (unsigned char)(0xF0 | cp >> 18), b[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
        b[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F)), b[3] = (unsigned char)(0x80 | (cp & 0x3F));
        b[4] = 0;
    }
    return (const char *)b;
}

/* Nothing that a terminal would act on, or that reorders text. */
static bool is_safe(const wchar_t *w, bool allow_lf)
{
    for (; *w; w++) {
        uint32_t c = (uint32_t)*w;
        if ((c < 0x20 && !(allow_lf && c == '\n')) || (c >= 0x7F && c <= 0x9F)
            || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)
            || c == 0x200E || c == 0x200F || c == 0x061C || c == 0x2028 || c == 0x2029
            || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
            return false;
    }
    return true;
}

/* A wide string as ASCII for failure messages (works in any locale). */
static void show(const wchar_t *w, char *out, size_t cap)
{
    size_t o = 0;
    out[0] = '\0';
    for (; *w && o + 12 < cap; w++) {
        if (*w >= 0x20 && *w < 0x7f)
            out[o++] = (char)*w, out[o] = '\0';
        else
            o += (size_t)snprintf(out + o, cap - o, "\\x{%x}", (unsigned)*w);
    }
}

static void wide_mismatch(const char *file, int line, const char *expr,
                          const wchar_t *got, const wchar_t *want)
{
    char g[200], w[200], d[420];
    show(got, g, sizeof g);
    show(want, w, sizeof w);
    snprintf(d, sizeof d, "got \"%s\", want \"%s\"", g, w);
    check_fail(file, line, expr, d);
}

/* san_text_make in line mode must give exactly `want`, `width` columns, and be safe. */
static void check_clean(const char *file, int line, const char *src, const wchar_t *want, int width)
{
    struct san_text t;
    san_text_make(&t, src, SAN_LINE);
    if (wcscmp(t.wcs, want) != 0)
        wide_mismatch(file, line, "san_text_make", t.wcs, want);
    if (t.width != width || t.len != wcslen(want) || !is_safe(t.wcs, false))
        check_fail(file, line, "width, length and safety", NULL);
    san_text_free(&t);
}
#define CHECK_CLEAN(src, want, w) check_clean(__FILE__, __LINE__, (src), (want), (w))

static void check_fit(const char *file, int line, const char *src, int cols, bool ascii,
                      const wchar_t *want, int used)
{
    wchar_t b[64];
    int u = san_fit(src, cols, ascii, b, 64);
    if (wcscmp(b, want) != 0)
        wide_mismatch(file, line, "san_fit", b, want);
    if (u != used) {
        char d[64];
        snprintf(d, sizeof d, "used %d, want %d", u, used);
        check_fail(file, line, "san_fit columns", d);
    }
}
#define CHECK_FIT(src, cols, ascii, want, used) \
    check_fit(__FILE__, __LINE__, (src), (cols), (ascii), (want), (used))

TEST(escape_sequences_become_caret_notation)
{
    utf8_locale();
    CHECK_CLEAN("a\x1b[2Jb", L"a^[[2Jb", 7);
    CHECK_CLEAN("\x1b]0;pwned\x07", L"^[]0;pwned^G", 12);
    CHECK_CLEAN("\x01\x1f", L"^A^_", 4);
}

TEST(cr_bs_lf_del_do_not_act)
{
    utf8_locale();
    CHECK_CLEAN("Amount: 100\rAmount: 999", L"Amount: 100^MAmount: 999", 24);
    CHECK_CLEAN("ab\b\bXY", L"ab^H^HXY", 8);
    CHECK_CLEAN("line1\nline2", L"line1^Jline2", 12);
    CHECK_CLEAN("x\x7fy", L"x^?y", 4);
}

TEST(multiline_keeps_line_feeds_only)
{
    utf8_locale();
    struct san_text t;
    san_text_make(&t, "ab\nabcd\r\nx\ry", SAN_MULTILINE);
    if (wcscmp(t.wcs, L"ab\nabcd\nx^My") != 0)
        wide_mismatch(__FILE__, __LINE__, "multiline", t.wcs, L"ab\nabcd\nx^My");
    CHECK_INT(t.width, 4);
    CHECK(is_safe(t.wcs, true));
    san_text_free(&t);
    CHECK(t.wcs == NULL);
    san_text_make(&t, "\tx\n\ty\x1b", SAN_MULTILINE);   /* tab stops restart on each line */
    CHECK(wcscmp(t.wcs, L"        x\n        y^[") == 0);
    CHECK_INT(t.width, 11);
    san_text_free(&t);
}

TEST(tabs_expand_to_next_multiple_of_8)
{
    utf8_locale();
    CHECK_CLEAN("\tx", L"        x", 9);
    CHECK_CLEAN("ab\tc", L"ab      c", 9);
    CHECK_CLEAN("abcdefgh\ti", L"abcdefgh        i", 17);
    CHECK_CLEAN("\x1b\tx", L"^[      x", 9);       /* the caret pair takes two columns */
    CHECK_CLEAN("\xe4\xb8\xad\tx", L"\x4e2d      x", 9);   /* so does a wide character */
    CHECK_INT(san_width("a\tb"), 9);
}

TEST(c1_controls_become_replacement_char)
{
    utf8_locale();
    CHECK_CLEAN("a\xc2\x85" "b", L"a\xfffd" L"b", 3);   /* NEL */
    CHECK_CLEAN("\xc2\x9b" "31m", L"\xfffd" L"31m", 4); /* CSI */
    for (uint32_t cp = 0x80; cp <= 0x9F; cp++)
        CHECK_CLEAN(enc(cp), L"\xfffd", 1);
}

TEST(bidi_and_format_controls_become_replacement_char)
{
    static const uint32_t bad[] = { 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067,
                                    0x2068, 0x2069, 0x200E, 0x200F, 0x061C, 0x2028, 0x2029 };
    utf8_locale();
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_CLEAN(enc(bad[i]), L"\xfffd", 1);
    /* Invisible characters would make two different names look the same. */
    static const uint32_t invisible[] = { 0x200B, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064,
                                          0xFEFF };
    for (size_t i = 0; i < sizeof invisible / sizeof invisible[0]; i++)
        CHECK_CLEAN(enc(invisible[i]), L"\xfffd", 1);
    CHECK_CLEAN("Plo\xe2\x80\x8bmeur", L"Plo\xfffd" L"meur", 8);
    /* Trojan Source: "access level: user" hiding a reversed "admin". */
    CHECK_CLEAN("user\xe2\x80\xae" "nimda", L"user\xfffd" L"nimda", 10);
}

TEST(invalid_utf8_one_placeholder_per_bad_byte)
{
    utf8_locale();
    CHECK_CLEAN("\xff", L"\xfffd", 1);
    CHECK_CLEAN("\x80", L"\xfffd", 1);                              /* stray continuation */
    CHECK_CLEAN("a\xe2\x82", L"a\xfffd\xfffd", 3);                  /* truncated at end */
    CHECK_CLEAN("\xe2\x82" "A", L"\xfffd\xfffd" L"A", 3);           /* truncated in middle */
    CHECK_CLEAN("\xc0\xaf", L"\xfffd\xfffd", 2);                    /* overlong '/' */
    CHECK_CLEAN("\xe0\x80\xaf", L"\xfffd\xfffd\xfffd", 3);          /* overlong, 3 bytes */
    CHECK_CLEAN("\xc1\x9b", L"\xfffd\xfffd", 2);                    /* overlong ESC */
    CHECK_CLEAN("\xed\xa0\x80", L"\xfffd\xfffd\xfffd", 3);          /* surrogate D800 */
    CHECK_CLEAN("\xf4\x90\x80\x80", L"\xfffd\xfffd\xfffd\xfffd", 4); /* beyond U+10FFFF */
    CHECK_CLEAN("\xff\xc3\xa9", L"\xfffd\xe9", 2);                  /* resyncs: U+00E9 */
}

TEST(widths_use_wcwidth)
{
    utf8_locale();
    CHECK_CLEAN("\xe4\xb8\xad\xe6\x96\x87", L"\x4e2d\x6587", 4);   /* CJK: 2 columns each */
    CHECK_CLEAN("e\xcc\x81t\xc3\xa9", L"e\x301t\xe9", 3);           /* combining accent: 0 */
    CHECK_CLEAN(enc(0x1F600), L"\x1f600", 2);                        /* emoji */
    CHECK_CLEAN("Plœmeur", L"Pl\x153meur", 7);
    CHECK_INT(san_width(NULL), 0);
    CHECK_INT(san_width(""), 0);
    CHECK_INT(san_width("\x1b[0m"), 5);
    CHECK_INT(san_width("Ch\xc3\xa2teaulin"), 10);
    CHECK_CLEAN(NULL, L"", 0);
}

TEST(fit_marks_truncation_and_never_splits_wide_chars)
{
    utf8_locale();
    CHECK_FIT("abc", 3, false, L"abc", 3);               /* exact fit: no mark */
    CHECK_FIT("abcd", 3, false, L"ab\x2026", 3);
    CHECK_FIT("abcd", 3, true, L"ab~", 3);               /* ascii borders: '~' */
    CHECK_FIT("abcd", 1, false, L"\x2026", 1);
    CHECK_FIT("abcd", 0, false, L"", 0);
    CHECK_FIT("abcd", -5, false, L"", 0);
    CHECK_FIT("", 5, false, L"", 0);
    CHECK_FIT("ab\xe4\xb8\xad\xe6\x96\x87", 4, false, L"ab\x2026", 3);  /* 中 would be cut */
    CHECK_FIT("ab\xe4\xb8\xad\xe6\x96\x87", 5, false, L"ab\x4e2d\x2026", 5);
    CHECK_FIT("ab\xe4\xb8\xad\xe6\x96\x87", 6, false, L"ab\x4e2d\x6587", 6);
    CHECK_FIT("a\x1b", 2, false, L"a\x2026", 2);          /* "^[" is not split either */
    CHECK_FIT("abe\xcc\x81", 3, false, L"abe\x301", 3);   /* accent kept with its letter */
    CHECK_FIT("abe\xcc\x81x", 3, false, L"ab\x2026", 3);
    CHECK_FIT("a\tb", 4, false, L"a\x2026", 2);           /* the tab is 7 columns */
    CHECK_FIT("x\x1b[31mred", 20, false, L"x^[[31mred", 10);
}

TEST(fit_respects_buffer_capacity)
{
    utf8_locale();
    wchar_t b[4];
    CHECK_INT(san_fit("abcdef", 10, false, b, 4), 3);
    CHECK(wcscmp(b, L"ab\x2026") == 0);
    CHECK_INT(san_fit("abc", 10, false, b, 4), 3);       /* exactly fills: no mark */
    CHECK(wcscmp(b, L"abc") == 0);
    b[0] = L'x';
    CHECK_INT(san_fit("abc", 10, false, b, 1), 0);
    CHECK(b[0] == L'\0');
    CHECK_INT(san_fit("abc", 10, false, NULL, 0), 0);
}

TEST(non_utf8_locale_gives_ascii_only)
{
    ascii_locale();
    CHECK(!san_locale_is_utf8());
    CHECK_CLEAN("Pl\xc5\x93meur", L"Ploemeur", 8);
    CHECK_CLEAN("Ch\xc3\xa2teaulin", L"Chateaulin", 10);
    CHECK_CLEAN("\xc3\x8ele-de-Batz", L"Ile-de-Batz", 11);
    CHECK_CLEAN("\xe4\xb8\xad", L"?", 1);                 /* one '?' per character */
    CHECK_CLEAN("\xff\xfe", L"??", 2);                    /* and per invalid byte */
    CHECK_CLEAN("\x1b[1m", L"^[[1m", 5);
    CHECK_CLEAN("a\xe2\x80\xae" "b", L"a?b", 3);
    CHECK_CLEAN("e\xcc\x81", L"e", 1);                    /* combining accent dropped */
    CHECK_FIT("abcd", 3, false, L"ab~", 3);               /* '~' without UTF-8 */
    struct san_text t;
    san_text_make(&t, "\xc3\xa9\xe4\xb8\xad\xc2\x85\xff", SAN_LINE);
    for (size_t i = 0; i < t.len; i++)
        CHECK(t.wcs[i] > 0 && t.wcs[i] < 0x7f);
    san_text_free(&t);
    utf8_locale();
    CHECK(san_locale_is_utf8());
}

static char *fold(const char *s)
{
    static char out[8][128];
    static int next;
    char *f = fold_for_search(s), *o = out[next++ % 8];
    snprintf(o, sizeof out[0], "%s", f);
    free(f);
    return o;
}

TEST(fold_lowercases_and_strips_latin_accents)
{
    utf8_locale();
    CHECK_STR(fold("Pl\xc5\x93meur"), "ploemeur");
    CHECK_STR(fold("Ch\xc3\xa2teaulin"), "chateaulin");
    CHECK_STR(fold("SAINT-BRIEUC"), "saint-brieuc");
    CHECK_STR(fold("\xc3\x8ele-de-Batz"), "ile-de-batz");
    CHECK_STR(fold("\xc5\x92UVRE \xc3\x86LFRED"), "oeuvre aelfred");
    CHECK_STR(fold("Stra\xc3\x9f" "e \xe1\xba\x9e"), "strasse ss");
    CHECK_STR(fold("\xc3\x87" "A \xc3\xa7" "a \xc3\x89T\xc3\x89 \xc3\xbf\xc5\xb8"), "ca ca ete yy");
    CHECK_STR(fold("Lanv\xc3\xa9" "oc Plou\xc3\xab" "c-du-Trieux"), "lanveoc plouec-du-trieux");
    CHECK_STR(fold("e\xcc\x81t\xc3\xa9"), "ete");                       /* NFD == NFC */
    CHECK_STR(fold("C\xc3\xb4tes-d\xe2\x80\x99" "Armor"), "cotes-d'armor");
    CHECK_STR(fold("\xef\xac\x81" "n"), "fin");                         /* ligature fi */
    CHECK_STR(fold("\xce\x95\xce\xbb\xce\xbb\xce\xac\xce\xb4\xce\xb1"),
              "\xce\x95\xce\xbb\xce\xbb\xce\xac\xce\xb4\xce\xb1");    /* non-Latin kept */
    CHECK_STR(fold("a\xff" "B"), "a\xff" "b");                          /* bad byte kept */
    CHECK_STR(fold(""), "");
    CHECK_STR(fold(NULL), "");
}

TEST(fold_does_not_depend_on_locale)
{
    static const char *const samples[] = { "Pl\xc5\x93meur", "\xc3\x89TRILLON", "Stra\xc3\x9f" "e",
                                           "\xe4\xb8\xad" "A", "x\xc3\x9fy\xff" };
    char a[5][64];
    utf8_locale();
    for (int i = 0; i < 5; i++)
        snprintf(a[i], sizeof a[i], "%s", fold(samples[i]));
    ascii_locale();
    for (int i = 0; i < 5; i++)
        CHECK_STR(fold(samples[i]), a[i]);
    CHECK_STR(fold("\xc3\x89TRILLON"), "etrillon");
    utf8_locale();
}

TEST(long_input_grows_buffer)
{
    utf8_locale();
    char *src = malloc(2001);
    for (int i = 0; i < 2000; i++)
        src[i] = i % 2 ? '\t' : '\x1b';
    src[2000] = '\0';
    struct san_text t;
    san_text_make(&t, src, SAN_LINE);
    CHECK_INT(t.width, 1000 * 8);             /* "^[" then 6 spaces, 1000 times */
    CHECK_INT(t.len, 8000);
    CHECK(is_safe(t.wcs, false));
    san_text_free(&t);
    free(src);
}

/* Random bytes: the output is always safe, and width/fit agree with wcswidth. */
TEST(random_bytes_are_always_safe)
{
    utf8_locale();
    uint32_t seed = 12345;
    for (int round = 0; round < 2000; round++) {
        char src[41];
        for (int i = 0; i < 40; i++) {
            seed = seed * 1103515245u + 12345u;
            int b = (int)(seed >> 16) & 0xFF;
            src[i] = (char)(b ? b : 'x');
        }
        src[40] = '\0';
        struct san_text t;
        san_text_make(&t, src, SAN_LINE);
        CHECK(is_safe(t.wcs, false));
        CHECK_INT(wcswidth(t.wcs, t.len), t.width);
        CHECK_INT(san_width(src), t.width);
        wchar_t b[64];
        int cols = round % 30;
        int used = san_fit(src, cols, false, b, 64);
        CHECK(used <= cols);
        CHECK_INT(wcswidth(b, wcslen(b)), used);
        CHECK(is_safe(b, false));
        san_text_free(&t);
        if (check_failures_in_test)
            break;
    }
}

/* The small string helpers the sanitiser and every other module build on. */
TEST(line_dup_gives_safe_multibyte_text_for_stderr)
{
    utf8_locale();
    char *s = san_line_dup("Pl\xc5\x93meur\x1b]0;x\x07\r\n\xe2\x80\xae\xff");
    CHECK_STR(s, "Pl\xc5\x93meur^[]0;x^G^M^J\xef\xbf\xbd\xef\xbf\xbd");
    free(s);
    s = san_line_dup(NULL);
    CHECK_STR(s, "");
    free(s);
    ascii_locale();
    s = san_line_dup("Pl\xc5\x93meur\x1b");
    CHECK_STR(s, "Ploemeur^[");
    free(s);
    utf8_locale();
}

TEST(xalloc_string_helpers)
{
    char buf[4];
    CHECK_INT(str_copy(buf, sizeof buf, "abc"), 0);
    CHECK_STR(buf, "abc");
    CHECK_INT(str_copy(buf, sizeof buf, "abcd"), -1);     /* truncation is reported */
    CHECK_STR(buf, "abc");
    CHECK_INT(str_copy(buf, 0, "x"), -1);
    char *s = xasprintf("%s-%d", "ab", 42);
    CHECK_STR(s, "ab-42");
    str_replace(&s, s + 3);                               /* source inside the target */
    CHECK_STR(s, "42");
    str_replace(&s, NULL);
    CHECK(s == NULL);
    s = xstrndup("abcdef", 3);
    CHECK_STR(s, "abc");
    free_and_null(&s);
    CHECK(s == NULL);
    CHECK(xstrdup(NULL) == NULL);
    int *v = xcalloc(4, sizeof *v);
    CHECK(v[0] == 0 && v[3] == 0);
    v = xreallocarray(v, 1000, sizeof *v);
    v[999] = 7;
    CHECK_INT(v[999], 7);
    free(v);
}

TEST(login_comes_from_the_uid_not_the_environment)
{
    setenv("USER", "mallory", 1);
    setenv("LOGNAME", "mallory", 1);
    struct passwd *pw = getpwuid(getuid());
    if (pw)
        CHECK_STR(unix_login(), pw->pw_name);
    else
        CHECK(strncmp(unix_login(), "uid", 3) == 0);
    CHECK(unix_full_name()[0] != '\0');
    CHECK(strchr(unix_full_name(), ',') == NULL);
}

TESTS(T(escape_sequences_become_caret_notation), T(cr_bs_lf_del_do_not_act),
      T(multiline_keeps_line_feeds_only), T(tabs_expand_to_next_multiple_of_8),
      T(c1_controls_become_replacement_char), T(bidi_and_format_controls_become_replacement_char),
      T(invalid_utf8_one_placeholder_per_bad_byte), T(widths_use_wcwidth),
      T(fit_marks_truncation_and_never_splits_wide_chars), T(fit_respects_buffer_capacity),
      T(non_utf8_locale_gives_ascii_only), T(fold_lowercases_and_strips_latin_accents),
      T(fold_does_not_depend_on_locale), T(long_input_grows_buffer),
      T(random_bytes_are_always_safe), T(line_dup_gives_safe_multibyte_text_for_stderr),
      T(xalloc_string_helpers),
      T(login_comes_from_the_uid_not_the_environment))
