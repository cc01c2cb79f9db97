/* check — see check.h. */
#include "check.h"

#include <errno.h>
#include <ftw.h>
#include <stdlib.h>
#include <unistd.h>

int check_failures_in_test;
static char tmpdir[256];

void check_fail(const char *file, int line, const char *expr, const char *detail)
{
    check_failures_in_test++;
    fprintf(stderr, "%s:%d: check failed: %s%s%s\n", file, line, expr,
            detail ? "  -- " : "", detail ? detail : "");
}

const char *check_tmpdir(void)
{
    if (!tmpdir[0]) {
        const char *base = getenv("TMPDIR");
        snprintf(tmpdir, sizeof tmpdir, "%s/suivi-test-XXXXXX", base && *base ? base : "/tmp");
        if (!mkdtemp(tmpdir)) {
            perror("mkdtemp");
            exit(2);
        }
    }
    return tmpdir;
}

const char *check_tmpfile(const char *name)
{
    static char ring[8][512];
    static int next;
    char *p = ring[next++ % 8];
    snprintf(p, sizeof ring[0], "%s/%s", check_tmpdir(), name);
    return p;
}

void check_write_file(const char *path, const char *content)
{
    FILE *f = fopen(path, "w");
    if (!f || fputs(content, f) == EOF || fclose(f) != 0) {
        fprintf(stderr, "cannot write %s: %s\n", path, strerror(errno));
        exit(2);
    }
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb; (void)flag; (void)ftw;
    return remove(path);
}

static void remove_tmpdir(void)
{
    if (tmpdir[0])
        nftw(tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    tmpdir[0] = '\0';
}

int check_run(const char *suite, const struct check_test *tests, size_t n)
{
    int passed = 0, failed = 0;
    const char *only = getenv("CHECK_ONLY");
    /* Tests must not depend on the developer's environment. */
    setenv("TZ", "Europe/Paris", 1);
    unsetenv("SUIVI_CONFIG");
    unsetenv("SUIVI_DB");
    for (size_t i = 0; i < n; i++) {
        if (only && strcmp(only, tests[i].name) != 0)
            continue;
        check_failures_in_test = 0;
        tests[i].fn();
        remove_tmpdir();
        if (check_failures_in_test) {
            failed++;
            fprintf(stderr, "FAIL %s\n", tests[i].name);
        } else {
            passed++;
        }
    }
    printf("%s: %d passed, %d failed\n", suite, passed, failed);
    return failed ? 1 : 0;
}
