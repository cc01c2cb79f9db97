/* usage_import — see usage_import.h.  Two passes over the rows in memory: each
 * row checked into a figure (or a problem), then all the figures written at once;
 * a file is a few thousand rows a month at most. */
#include "suivi/core/usage_import.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suivi/base/csv_read.h"
#include "suivi/base/i18n.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/domain.h"
#include "suivi/core/members.h"
#include "suivi/store/usage.h"

enum { COL_MEMBER, COL_SERVICE, COL_MONTH, COL_COUNT, COLS };

struct import {
    store *s;
    struct usage_report *r;
    struct service *services;
    int nservices;
    int col[COLS];               /* which cell holds each column */
    struct usage_put *puts;
    int *lines;                  /* the line of each figure, for duplicates */
    int n, cap;
};

static void problem(struct import *im, int line, int column, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void problem(struct import *im, int line, int column, const char *fmt, ...)
{
    struct usage_report *r = im->r;
    if (r->nproblems < USAGE_PROBLEMS_KEPT) {
        struct usage_problem *p = &r->problems[r->nproblems++];
        p->line = line;
        p->column = column;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p->msg, sizeof p->msg, fmt, ap);
        va_end(ap);
    }
}

/* ---- the header ---- */

static int column_named(const char *cell)
{
    static const struct { const char *name; int col; } names[] = {
        { "siren", COL_MEMBER }, { "member", COL_MEMBER }, { "member_id", COL_MEMBER },
        { "membre", COL_MEMBER }, { "adherent", COL_MEMBER }, { "id", COL_MEMBER },
        { "service", COL_SERVICE }, { "month", COL_MONTH }, { "mois", COL_MONTH },
        { "periode", COL_MONTH }, { "count", COL_COUNT }, { "nombre", COL_COUNT },
        { "valeur", COL_COUNT }, { "quantite", COL_COUNT }, { "total", COL_COUNT },
    };
    char *f = fold_for_search(cell);
    char *t = f + strspn(f, " ");
    t[strcspn(t, " ")] = '\0';
    int col = -1;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && col < 0; i++)
        if (strcmp(t, names[i].name) == 0)
            col = names[i].col;
    free(f);
    return col;
}

/* A first row that names its columns sets their order; true when it is one. */
static bool read_header(struct import *im, const struct csv_row *row)
{
    int col[COLS] = { -1, -1, -1, -1 };
    for (int i = 0; i < row->n; i++) {
        int c = column_named(row->cells[i]);
        if (c >= 0 && col[c] < 0)
            col[c] = i;
    }
    for (int c = 0; c < COLS; c++)
        if (col[c] < 0)
            return false;
    memcpy(im->col, col, sizeof col);
    return true;
}

/* ---- one row ---- */

static char *trimmed(const char *cell)
{
    const char *p = cell + strspn(cell, " \t");
    size_t n = strlen(p);
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    return xstrndup(p, n);
}

static bool find_member(struct import *im, const char *typed, int64_t *id)
{
    struct member m = {0};
    char *siren = siren_normalize(typed);
    const char *digits = siren;
    int rc = STORE_NOT_FOUND;
    if (strlen(digits) == 9 && strspn(digits, "0123456789") == 9) {
        rc = store_member_by_siren(im->s, digits, &m);
    } else {
        const char *p = typed[0] == '#' ? typed + 1 : typed;
        char *end = NULL;
        long long v = *p ? strtoll(p, &end, 10) : 0;
        if (end && *end == '\0' && v > 0)
            rc = store_member_get(im->s, v, &m);
    }
    *id = m.id;
    member_clear(&m);
    free(siren);
    return rc == STORE_OK;
}

static bool find_service(struct import *im, const char *typed, int64_t *id)
{
    char *want = fold_for_search(typed);
    bool found = false;
    for (int i = 0; i < im->nservices && !found; i++) {
        char *name = fold_for_search(im->services[i].name);
        found = strcmp(im->services[i].code, want) == 0 || strcmp(name, want) == 0;
        free(name);
        if (found)
            *id = im->services[i].id;
    }
    free(want);
    return found;
}

/* "2026-11", "2026/11", "11/2026" into "2026-11". */
static bool parse_month(const char *t, char out[MONTH_LEN])
{
    int y = 0, m = 0, k = 0;
    if (!((sscanf(t, "%4d-%2d%n", &y, &m, &k) == 2 && t[k] == '\0' && k == 7) ||
          (sscanf(t, "%4d/%2d%n", &y, &m, &k) == 2 && t[k] == '\0' && k == 7) ||
          (sscanf(t, "%2d/%4d%n", &m, &y, &k) == 2 && t[k] == '\0' && k == 7)))
        return false;
    if (y < 2000 || y > 2100 || m < 1 || m > 12)
        return false;
    snprintf(out, MONTH_LEN, "%04d-%02d", y, m);
    return true;
}

/* A whole number, blanks (and the no-break spaces of French typography) between
 * thousands allowed, at most COUNT_MAX: sums over a region and years stay far from
 * the limits of 64 bits. */
#define COUNT_MAX 1000000000000LL
static bool parse_count(const char *t, int64_t *out)
{
    int64_t v = 0;
    int digits = 0;
    for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
        if (*p == ' ')
            continue;
        if (p[0] == 0xC2 && p[1] == 0xA0) { p++; continue; }
        if (p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0xAF) { p += 2; continue; }
        if (*p < '0' || *p > '9' || v > COUNT_MAX / 10)
            return false;
        v = v * 10 + (*p - '0');
        digits++;
    }
    *out = v;
    return digits > 0 && v <= COUNT_MAX;
}

static bool check_cell(struct import *im, const struct csv_row *row, int c, char **v)
{
    int i = im->col[c];
    *v = i < row->n ? trimmed(row->cells[i]) : xstrdup("");
    if (**v)
        return true;
    static const char *const what[COLS] = { N_("the member"), N_("the service"),
                                            N_("the month"), N_("the count") };
    problem(im, row->line, i < row->n ? row->cols[i] : 0, _("%s is missing"), _(what[c]));
    return false;
}

/* The row as a figure, or false with its problem said. */
static bool read_figure(struct import *im, const struct csv_row *row, struct usage_put *u)
{
    char *v[COLS] = {0};
    bool ok = true;
    for (int c = 0; c < COLS && ok; c++)
        ok = check_cell(im, row, c, &v[c]);
    int line = row->line;
    const int *at = im->col;
    if (ok && !(ok = find_member(im, v[COL_MEMBER], &u->member_id)))
        problem(im, line, row->cols[at[COL_MEMBER]],
                _("no member has the SIREN or id '%s'"), v[COL_MEMBER]);
    if (ok && !(ok = find_service(im, v[COL_SERVICE], &u->service_id)))
        problem(im, line, row->cols[at[COL_SERVICE]],
                _("'%s' is not a service (suivi service list: codes and names)"),
                v[COL_SERVICE]);
    if (ok && !(ok = parse_month(v[COL_MONTH], u->month)))
        problem(im, line, row->cols[at[COL_MONTH]],
                _("'%s' is not a month (2026-11, 11/2026 or 2026/11)"), v[COL_MONTH]);
    if (ok && !(ok = parse_count(v[COL_COUNT], &u->count)))
        problem(im, line, row->cols[at[COL_COUNT]],
                _("'%s' is not a count (a whole number, 0 or more)"), v[COL_COUNT]);
    for (int c = 0; c < COLS; c++)
        free(v[c]);
    return ok;
}

static void keep(struct import *im, const struct usage_put *u, int line)
{
    if (im->n == im->cap) {
        im->cap = im->cap ? im->cap * 2 : 256;
        im->puts = xreallocarray(im->puts, (size_t)im->cap, sizeof *im->puts);
        im->lines = xreallocarray(im->lines, (size_t)im->cap, sizeof *im->lines);
    }
    im->puts[im->n] = *u;
    im->lines[im->n++] = line;
}

/* ---- the same figure twice ---- */

static const struct import *sorting;     /* for qsort's comparison: one import at a time */

static int by_key(const void *pa, const void *pb)
{
    int a = *(const int *)pa, b = *(const int *)pb;
    const struct usage_put *x = &sorting->puts[a], *y = &sorting->puts[b];
    if (x->member_id != y->member_id)
        return x->member_id < y->member_id ? -1 : 1;
    if (x->service_id != y->service_id)
        return x->service_id < y->service_id ? -1 : 1;
    int c = strcmp(x->month, y->month);
    return c ? c : sorting->lines[a] - sorting->lines[b];
}

/* A figure for a member, service and month given twice: the later row is wrong.
 * Sorted, not compared pair by pair: a year's regional file is a million rows. */
static void drop_duplicates(struct import *im)
{
    int *order = xcalloc((size_t)im->n + 1, sizeof *order);
    bool *dup = xcalloc((size_t)im->n + 1, sizeof *dup);
    for (int i = 0; i < im->n; i++)
        order[i] = i;
    sorting = im;
    qsort(order, (size_t)im->n, sizeof *order, by_key);
    sorting = NULL;
    for (int i = 1; i < im->n; i++) {
        const struct usage_put *x = &im->puts[order[i - 1]], *y = &im->puts[order[i]];
        if (x->member_id == y->member_id && x->service_id == y->service_id &&
            strcmp(x->month, y->month) == 0) {
            int first = i - 1;
            while (first > 0 && dup[order[first]])
                first--;
            dup[order[i]] = true;
            problem(im, im->lines[order[i]], 0,
                    _("the same member, service and month as line %d"),
                    im->lines[order[first]]);
            im->r->bad++;
        }
    }
    int k = 0;
    for (int i = 0; i < im->n; i++)
        if (!dup[i]) {
            im->puts[k] = im->puts[i];
            im->lines[k++] = im->lines[i];
        }
    im->n = k;
    free(order);
    free(dup);
}

/* ---- the file ---- */

static int read_rows(struct import *im, struct csv_reader *cr, char *err, size_t errlen)
{
    struct csv_row row;
    int got;
    bool first = true;
    while ((got = csv_read_row(cr, &row, err, errlen)) == 1) {
        if (first && read_header(im, &row)) {
            first = false;
            continue;
        }
        first = false;
        im->r->rows++;
        struct usage_put u = {0};
        if (read_figure(im, &row, &u))
            keep(im, &u, row.line);
        else
            im->r->bad++;
    }
    return got < 0 ? DOMAIN_INVALID : STORE_OK;
}

int usage_import(store *s, const char *data, size_t len, const char *name, bool partial,
                 struct usage_report *r, char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    struct import im = { .s = s, .r = r, .col = { COL_MEMBER, COL_SERVICE, COL_MONTH,
                                                   COL_COUNT } };
    struct csv_reader *cr = csv_read_open(data, len, err, errlen);
    if (!cr)
        return DOMAIN_INVALID;
    snprintf(r->encoding, sizeof r->encoding, "%s", csv_read_encoding(cr));
    r->separator = csv_read_separator(cr);
    int rc = store_services(s, &im.services, &im.nservices);
    if (rc != STORE_OK)
        snprintf(err, errlen, "%s", store_errmsg(s));
    else
        rc = read_rows(&im, cr, err, errlen);
    csv_read_close(cr);
    if (rc == STORE_OK)
        drop_duplicates(&im);
    if (rc == STORE_OK && r->bad && !partial) {
        snprintf(err, errlen, ngettext("%d row is wrong: nothing imported (--partial "
                                       "imports the others)",
                                       "%d rows are wrong: nothing imported (--partial "
                                       "imports the others)", r->bad), r->bad);
        rc = DOMAIN_INVALID;
    }
    if (rc == STORE_OK && im.n > 0) {
        rc = store_usage_put(s, im.puts, im.n, name);
        if (rc == STORE_OK)
            r->imported = im.n;
        else
            snprintf(err, errlen, "%s", store_errmsg(s));
    }
    services_free(im.services, im.nservices);
    free(im.puts);
    free(im.lines);
    return rc;
}
