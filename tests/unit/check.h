/* check — a tiny unit-test harness.  A test file defines TESTS(...) with its test
 * functions; each CHECK that fails prints FILE:LINE and the expression, and marks the
 * test failed.  The binary prints "NAME: N passed, N failed" and exits non-zero on a
 * failure.  Tests get a fresh temporary directory in check_tmpdir(). */
#ifndef SUIVI_CHECK_H
#define SUIVI_CHECK_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

extern int check_failures_in_test;
void check_fail(const char *file, int line, const char *expr, const char *detail);
const char *check_tmpdir(void);                  /* per test, created on demand */
const char *check_tmpfile(const char *name);     /* path inside check_tmpdir (static ring) */
void check_write_file(const char *path, const char *content);

#define CHECK(cond) do { if (!(cond)) check_fail(__FILE__, __LINE__, #cond, NULL); } while (0)
#define CHECK_STR(a, b) do { const char *a_ = (a), *b_ = (b); \
    if (!a_ || !b_ || strcmp(a_, b_) != 0) { char d_[1024]; \
        snprintf(d_, sizeof d_, "\"%.480s\" != \"%.480s\"", a_ ? a_ : "(null)", b_ ? b_ : "(null)"); \
        check_fail(__FILE__, __LINE__, #a " == " #b, d_); } } while (0)
#define CHECK_INT(a, b) do { long long a_ = (long long)(a), b_ = (long long)(b); \
    if (a_ != b_) { char d_[128]; snprintf(d_, sizeof d_, "%lld != %lld", a_, b_); \
        check_fail(__FILE__, __LINE__, #a " == " #b, d_); } } while (0)
#define CHECK_CONTAINS(hay, needle) do { const char *h_ = (hay), *n_ = (needle); \
    if (!h_ || !strstr(h_, n_)) { char d_[1024]; \
        snprintf(d_, sizeof d_, "\"%.480s\" does not contain \"%.480s\"", h_ ? h_ : "(null)", n_); \
        check_fail(__FILE__, __LINE__, #hay " contains " #needle, d_); } } while (0)

struct check_test { const char *name; void (*fn)(void); };
int check_run(const char *suite, const struct check_test *tests, size_t n);

#define TEST(name) static void name(void)
#define TESTS(...) \
    int main(void) { \
        static const struct check_test t_[] = { __VA_ARGS__ }; \
        return check_run(__FILE__, t_, sizeof t_ / sizeof t_[0]); \
    }
#define T(name) { #name, name }

#endif
