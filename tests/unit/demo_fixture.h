/* demo_fixture — what the demo tests share (demo_generate.c, demo_services.c): the
 * demo made with a pinned clock, and everything read back through the store's
 * pages, as the interface reads it.  Header-only (static inline) so that the
 * Makefile's one-file-per-test rule stays as it is. */
#ifndef SUIVI_DEMO_FIXTURE_H
#define SUIVI_DEMO_FIXTURE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "suivi/base/xalloc.h"
#include "suivi/config/config.h"
#include "suivi/demo/demo.h"
#include "suivi/store/usage.h"

#define NOW   "2026-11-20 10:00:00"
#define TODAY "2026-11-20"
#define PAGE  64

static inline store *make_demo(const char *name, unsigned seed, FILE *progress,
                               struct demo_stats *st)
{
    struct store_options o = { .busy_timeout_ms = 5000, .create = true };
    store *s = NULL;
    char err[512] = "";
    setenv("SUIVI_NOW", NOW, 1);
    CHECK_INT(store_open(check_tmpfile(name), &o, &s, err, sizeof err), STORE_OK);
    if (!s)
        return NULL;
    int rc = demo_generate(s, seed, progress, st, err, sizeof err);
    if (rc != STORE_OK)
        fprintf(stderr, "demo_generate: %s\n", err);
    CHECK_INT(rc, STORE_OK);
    return s;
}

/* ---- reading everything back, a page at a time -------------------------------------- */

static inline struct member *all_members(store *s, int *n)
{
    struct member *a = NULL;
    int count = 0, got = 0, rc;
    do {
        a = xreallocarray(a, (size_t)count + PAGE, sizeof *a);
        memset(a + count, 0, PAGE * sizeof *a);
        rc = store_members_page(s, NULL, count ? PAGE_AFTER : PAGE_FIRST,
                                count ? &a[count - 1] : NULL, PAGE, a + count, &got);
        CHECK_INT(rc, STORE_OK);
        count += got;
    } while (rc == STORE_OK && got == PAGE);
    *n = count;
    return a;
}

static inline struct interaction *all_interactions(store *s, int64_t member_id, int *n)
{
    struct interaction *a = NULL;
    int count = 0, got = 0, rc;
    do {
        a = xreallocarray(a, (size_t)count + PAGE, sizeof *a);
        memset(a + count, 0, PAGE * sizeof *a);
        rc = store_interactions_page(s, member_id, NULL, count ? PAGE_AFTER : PAGE_FIRST,
                                     count ? &a[count - 1] : NULL, PAGE, a + count, &got);
        CHECK_INT(rc, STORE_OK);
        count += got;
    } while (rc == STORE_OK && got == PAGE);
    *n = count;
    return a;
}

static inline struct action *all_actions(store *s, const struct action_query *q, int *n)
{
    struct action *a = NULL;
    int count = 0, got = 0, rc;
    do {
        a = xreallocarray(a, (size_t)count + PAGE, sizeof *a);
        memset(a + count, 0, PAGE * sizeof *a);
        rc = store_actions_page(s, q, count ? PAGE_AFTER : PAGE_FIRST,
                                count ? &a[count - 1] : NULL, PAGE, a + count, &got);
        CHECK_INT(rc, STORE_OK);
        count += got;
    } while (rc == STORE_OK && got == PAGE);
    *n = count;
    return a;
}

static inline void free_members(struct member *a, int n)
{
    for (int i = 0; i < n; i++)
        member_clear(&a[i]);
    free(a);
}

static inline void free_interactions(struct interaction *a, int n)
{
    for (int i = 0; i < n; i++)
        interaction_clear(&a[i]);
    free(a);
}

static inline void free_actions(struct action *a, int n)
{
    for (int i = 0; i < n; i++)
        action_clear(&a[i]);
    free(a);
}

static inline int find_member(const struct member *m, int n, int64_t id)
{
    for (int i = 0; i < n; i++)
        if (m[i].id == id)
            return i;
    return -1;
}

/* A member's figures for a service, all of them (fewer than 120). */
static inline struct usage_point *figures_of(store *s, int64_t member_id, int64_t service_id,
                                             int *n)
{
    struct usage_point *p;
    CHECK_INT(store_usage_of(s, member_id, service_id, "2020-01", "2029-12", &p, n), STORE_OK);
    return p;
}

/* The stage's index in the configured journey, or -1. */
static inline int stage_rank(const struct config *cfg, const char *code)
{
    for (int i = 0; code && i < cfg->nstages; i++)
        if (strcmp(cfg->stages[i].code, code) == 0)
            return i;
    return -1;
}

#endif
