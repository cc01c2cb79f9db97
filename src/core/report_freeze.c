/* report_freeze — see report_freeze.h: the fields of struct report as a table,
 * and a report written as text and read back by walking it.  The reader trusts
 * nothing of the body (it comes from a file anyone with the database can edit):
 * every count is bounded by what is left of the text, every text by its field's
 * size, and any fault is an error with its line, never a crash. */
#include "suivi/core/report_freeze.h"

#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suivi/base/i18n.h"
#include "suivi/base/strbuf.h"
#include "suivi/base/xalloc.h"

#define HEADER "suivi-report"

/* Each macro checks its member's type at compile time (an unevaluated comparison
 * of pointers of distinct types does not compile with -Werror), so that a table
 * line naming the wrong member cannot read it as something else. */
#define MEMBER(f) (((struct report *)0)->f)
#define TYPED(f, type) (offsetof(struct report, f) + 0 * sizeof((type)0 == &MEMBER(f)))
#define TEXT(name, f) { name, RF_TEXT, TYPED(f, char (*)[sizeof MEMBER(f)]), sizeof MEMBER(f) }
#define INT(name, f) { name, RF_INT, TYPED(f, int *), 0 }
#define DURATIONS(name, f) { name, RF_DURATIONS, TYPED(f, struct durations *), 0 }
#define ROWS(name, rows, count) \
    { name, RF_ROWS, TYPED(rows, struct stat_row **), TYPED(count, int *) }

/* In the CSV's order (its sections are the rows' and durations' names). */
const struct report_field REPORT_FIELDS[] = {
    TEXT("period", period.label),
    TEXT("from", period.from),
    TEXT("to", period.to),
    TEXT("today", today),
    TEXT("usage_from", usage_from),
    ROWS("open_by_pole", by_pole, npole),
    ROWS("open_by_assignee", by_assignee, nassignee),
    ROWS("open_by_provider", by_provider, nprovider),
    ROWS("week_opened_closed", weeks, nweeks),
    DURATIONS("first_response", first_response),
    DURATIONS("resolution", resolution),
    DURATIONS("provider_wait", provider_wait),
    INT("closed", closed),
    ROWS("interactions_by_kind", kinds, nkinds),
    ROWS("interactions_by_kind_week", kind_weeks, nkind_weeks),
    ROWS("members_by_stage", stages, nstages),
    ROWS("usage_by_service_month", usage, nusage),
    ROWS("departement_open_interactions", departements, ndepartements),
    ROWS("stage_moves", moves, nmoves),
    ROWS("epci_open_interactions", epci, nepci),
    ROWS("training_before_after", trained, ntrained),
};
const int REPORT_FIELD_COUNT = (int)(sizeof REPORT_FIELDS / sizeof REPORT_FIELDS[0]);

#define AT(r, f, type) ((type)((char *)(r) + (f)->at))
#define COUNT(r, f) ((int *)((char *)(r) + (f)->aux))

struct stat_row *report_field_rows(const struct report *r, const struct report_field *f,
                                   int *n)
{
    *n = *COUNT(r, f);
    return *AT(r, f, struct stat_row **);
}

const struct durations *report_field_durations(const struct report *r,
                                               const struct report_field *f)
{
    return AT(r, f, const struct durations *);
}

/* Numbers in the C locale: a body frozen in a French session ("1,5") must read
 * in any other.  uselocale is per thread, and put back after. */
struct c_numeric {
    locale_t c, was;
};

static void c_numeric_begin(struct c_numeric *n)
{
    n->c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    n->was = n->c ? uselocale(n->c) : (locale_t)0;
}

static void c_numeric_end(struct c_numeric *n)
{
    if (n->c) {
        uselocale(n->was);
        freelocale(n->c);
    }
}

/* ---- writing ---- */

static void addf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void addf(struct strbuf *b, const char *fmt, ...)
{
    char buf[128];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    strbuf_adds(b, buf);
}

/* " \"text\"", escaped; " -" for NULL. */
static void add_text(struct strbuf *b, const char *s)
{
    if (!s) {
        strbuf_adds(b, " -");
        return;
    }
    strbuf_adds(b, " \"");
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            addf(b, "\\%c", c);
        else if (c < 0x20 || c == 0x7f)
            addf(b, "\\x%02x", c);
        else
            strbuf_add(b, s, 1);
    }
    strbuf_adds(b, "\"");
}

static void write_rows(struct strbuf *b, const struct stat_row *rows, int n)
{
    addf(b, " %d\n", n);
    for (int i = 0; i < n; i++) {
        add_text(b, rows[i].label);
        addf(b, " %lld %lld %lld %lld\n", (long long)rows[i].id, (long long)rows[i].a,
             (long long)rows[i].b, (long long)rows[i].c);
    }
}

static void write_field(struct strbuf *b, const struct report *r, const struct report_field *f)
{
    strbuf_adds(b, f->name);
    switch (f->kind) {
    case RF_TEXT:
        add_text(b, AT(r, f, const char *));
        strbuf_adds(b, "\n");
        break;
    case RF_INT:
        addf(b, " %d\n", *AT(r, f, const int *));
        break;
    case RF_DURATIONS: {
        const struct durations *d = AT(r, f, const struct durations *);
        /* %.17g: the double read back is the one written, to the last bit. */
        addf(b, " %d %.17g %.17g\n", d->n, d->median_s, d->p90_s);
        break;
    }
    case RF_ROWS: {
        int n;
        const struct stat_row *rows = report_field_rows(r, f, &n);
        write_rows(b, rows, n);
        break;
    }
    }
}

char *report_serialize(const struct report *r)
{
    struct c_numeric num;
    c_numeric_begin(&num);
    struct strbuf b = {0};
    addf(&b, HEADER " %d\n", REPORT_BODY_VERSION);
    for (int i = 0; i < REPORT_FIELD_COUNT; i++)
        write_field(&b, r, &REPORT_FIELDS[i]);
    strbuf_adds(&b, "end\n");
    c_numeric_end(&num);
    return strbuf_take(&b);
}

/* ---- reading ---- */

struct parser {
    const char *p;            /* the next character */
    int line;
    char *err;
    size_t errlen;
    bool failed;
};

static int fail(struct parser *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct parser *ps, const char *fmt, ...)
{
    if (!ps->failed) {
        char what[256];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(what, sizeof what, fmt, ap);
        va_end(ap);
        snprintf(ps->err, ps->errlen, _("line %d: %s"), ps->line, what);
        ps->failed = true;
    }
    return -1;
}

static bool at_eol(const struct parser *ps)
{
    return *ps->p == '\n' || *ps->p == '\0';
}

/* The next word (up to a space or the line's end) into out. */
static int word(struct parser *ps, char *out, size_t len)
{
    while (*ps->p == ' ')
        ps->p++;
    size_t n = strcspn(ps->p, " \n");
    if (n == 0)
        return fail(ps, "%s", _("a value is missing"));
    if (n >= len)
        return fail(ps, "%s", _("a value is too long"));
    memcpy(out, ps->p, n);
    out[n] = '\0';
    ps->p += n;
    return 0;
}

static int number(struct parser *ps, int64_t min, int64_t max, int64_t *v)
{
    char w[32], *end;
    if (word(ps, w, sizeof w) != 0)
        return -1;
    errno = 0;
    long long x = strtoll(w, &end, 10);
    if (*end || end == w || (w[0] != '-' && (w[0] < '0' || w[0] > '9')) || errno == ERANGE)
        return fail(ps, _("'%s' is not a whole number"), w);
    if (x < min || x > max)
        return fail(ps, _("%s is out of range"), w);
    *v = x;
    return 0;
}

static int count(struct parser *ps, int *n)
{
    int64_t v = 0;
    /* A row is at least "- 0 0 0 0\n": a count the rest of the body cannot hold is
     * a corrupt one, refused before anything is allocated for it. */
    int64_t most = (int64_t)strlen(ps->p) / 6;
    if (number(ps, 0, most < INT_MAX ? most : INT_MAX, &v) != 0)
        return -1;
    *n = (int)v;
    return 0;
}

static int real(struct parser *ps, double *v)
{
    char w[64], *end;
    if (word(ps, w, sizeof w) != 0)
        return -1;
    errno = 0;
    *v = strtod(w, &end);
    if (*end || end == w || errno == ERANGE || !isfinite(*v))
        return fail(ps, _("'%s' is not a number"), w);
    return 0;
}

static int hex(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* A quoted text (heap, *out) or "-" (NULL). */
static int text(struct parser *ps, char **out)
{
    *out = NULL;
    while (*ps->p == ' ')
        ps->p++;
    if (ps->p[0] == '-' && (ps->p[1] == ' ' || ps->p[1] == '\n' || !ps->p[1])) {
        ps->p++;
        return 0;
    }
    if (*ps->p != '"')
        return fail(ps, "%s", _("a text in quotes is missing"));
    struct strbuf b = {0};
    for (ps->p++; *ps->p != '"'; ps->p++) {
        unsigned char c = (unsigned char)*ps->p;
        char ch = (char)c;
        if (c < 0x20)
            break;                  /* the line's end, or a raw control byte */
        if (c == '\\') {
            char next = *++ps->p;
            int hi = next == 'x' ? hex(ps->p[1]) : -1, lo = hi >= 0 ? hex(ps->p[2]) : -1;
            if (next == '"' || next == '\\')
                ch = next;
            else if (lo >= 0 && (hi || lo)) {
                ch = (char)(hi * 16 + lo);      /* \x00 would cut the text: refused */
                ps->p += 2;
            } else
                break;
        }
        strbuf_add(&b, &ch, 1);
    }
    if (*ps->p != '"') {
        free(strbuf_take(&b));
        return fail(ps, "%s", _("a text is cut or holds a wrong escape"));
    }
    ps->p++;
    *out = strbuf_take(&b);
    return 0;
}

/* The line ends here: on to the next. */
static int eol(struct parser *ps)
{
    while (*ps->p == ' ')
        ps->p++;
    if (!at_eol(ps))
        return fail(ps, "%s", _("unexpected text at the end of the line"));
    if (*ps->p == '\n')
        ps->p++;
    ps->line++;
    return 0;
}

static int read_text_field(struct parser *ps, char *dst, size_t size)
{
    char *t = NULL;
    int rc = text(ps, &t);
    if (rc == 0 && (!t || strlen(t) >= size))
        rc = fail(ps, "%s", t ? _("a text is too long for its field") : _("a text is missing"));
    if (rc == 0)
        memcpy(dst, t, strlen(t) + 1);
    free(t);
    return rc;
}

static int read_durations(struct parser *ps, struct durations *d)
{
    int64_t n = 0;
    if (number(ps, 0, INT_MAX, &n) != 0 || real(ps, &d->median_s) != 0 ||
        real(ps, &d->p90_s) != 0)
        return -1;
    d->n = (int)n;
    return 0;
}

/* Each row on a line of its own: the line before it ends first, and the last
 * one's end is the caller's. */
#define FIGURE_MAX 10000000000000000LL   /* 10^16 */

static int read_rows(struct parser *ps, struct stat_row **rows, int *n)
{
    int want = 0;
    if (count(ps, &want) != 0)
        return -1;
    *rows = xcalloc((size_t)want + 1, sizeof **rows);
    for (int i = 0; i < want; i++) {
        struct stat_row *row = &(*rows)[i];
        *n = i + 1;                 /* a label read before a fault is freed with them */
        /* Every figure is a count (or a record's id, a number of days): none is
         * negative, and a count past 10^16 is no real one (usage is capped at 10^12
         * a month) — so that the renderers' sums and percentages cannot overflow. */
        if (eol(ps) != 0 || text(ps, &row->label) != 0 ||
            number(ps, 0, FIGURE_MAX, &row->id) != 0 ||
            number(ps, 0, FIGURE_MAX, &row->a) != 0 ||
            number(ps, 0, FIGURE_MAX, &row->b) != 0 ||
            number(ps, 0, FIGURE_MAX, &row->c) != 0)
            return -1;
    }
    return 0;
}

/* The rest of a field's line (its name read), and its rows; the line's end is
 * left to the caller. */
static int read_field(struct parser *ps, struct report *r, const struct report_field *f)
{
    switch (f->kind) {
    case RF_TEXT:
        return read_text_field(ps, AT(r, f, char *), f->aux);
    case RF_INT: {
        int64_t v = 0;
        if (number(ps, INT_MIN, INT_MAX, &v) != 0)
            return -1;
        *AT(r, f, int *) = (int)v;
        return 0;
    }
    case RF_DURATIONS:
        return read_durations(ps, AT(r, f, struct durations *));
    case RF_ROWS:
        return read_rows(ps, AT(r, f, struct stat_row **), COUNT(r, f));
    }
    return fail(ps, "%s", _("unknown kind of field"));
}

static int read_header(struct parser *ps)
{
    char w[32];
    int64_t version = 0;
    if (strncmp(ps->p, HEADER " ", sizeof HEADER) != 0)
        return fail(ps, "%s", _("this is not a frozen report"));
    ps->p += sizeof HEADER;
    if (word(ps, w, sizeof w) != 0)
        return -1;
    char *end;
    version = strtoll(w, &end, 10);
    if (*end || version != REPORT_BODY_VERSION)
        return fail(ps, _("frozen in format %s, and this suivi reads format %d only (a newer "
                          "suivi froze it?)"), w, REPORT_BODY_VERSION);
    return eol(ps);
}

static const struct report_field *field_named(const char *name)
{
    for (int i = 0; i < REPORT_FIELD_COUNT; i++)
        if (strcmp(REPORT_FIELDS[i].name, name) == 0)
            return &REPORT_FIELDS[i];
    return NULL;
}

/* Every field line up to "end". */
static int read_fields(struct parser *ps, struct report *r)
{
    bool *seen = xcalloc((size_t)REPORT_FIELD_COUNT, sizeof *seen);
    int rc = 0;
    for (;;) {
        char name[64];
        if (!*ps->p) {
            rc = fail(ps, "%s", _("the report is cut short (no \"end\")"));
            break;
        }
        if ((rc = word(ps, name, sizeof name)) != 0)
            break;
        if (strcmp(name, "end") == 0) {
            rc = eol(ps);
            if (rc == 0 && *ps->p)
                rc = fail(ps, "%s", _("text after the end of the report"));
            break;
        }
        const struct report_field *f = field_named(name);
        if (!f || seen[f - REPORT_FIELDS]) {
            rc = fail(ps, f ? _("'%s' is given twice") : _("unknown field '%s'"), name);
            break;
        }
        seen[f - REPORT_FIELDS] = true;
        if ((rc = read_field(ps, r, f)) != 0 || (rc = eol(ps)) != 0)
            break;
    }
    free(seen);
    return rc;
}

/* What the parser allocated, freed by the table (which knows every section, even
 * one report_free would not yet). */
static void free_fields(struct report *r)
{
    for (int i = 0; i < REPORT_FIELD_COUNT; i++)
        if (REPORT_FIELDS[i].kind == RF_ROWS) {
            int n;
            struct stat_row *rows = report_field_rows(r, &REPORT_FIELDS[i], &n);
            stat_rows_free(rows, n);
        }
    memset(r, 0, sizeof *r);
}

/* The days and months the drawing computes with: real ones, in order (the
 * usage's first month at most the period's last, or no usage at all). */
static int check_dates(struct parser *ps, const struct report *r)
{
    char day[DATE_ISO_LEN], month[DATE_ISO_LEN + 3];
    if (!*r->period.label || !*r->period.from || !*r->period.to || !*r->today)
        return fail(ps, "%s", _("the report names no period or day"));
    if (date_add_days(r->period.from, 0, day) != 0 || date_add_days(r->period.to, 0, day) != 0 ||
        date_add_days(r->today, 0, day) != 0 || strcmp(r->period.from, r->period.to) >= 0)
        return fail(ps, "%s", _("its period or its day is not a day"));
    snprintf(month, sizeof month, "%s-01", r->usage_from);
    if (*r->usage_from && (strlen(r->usage_from) != 7 || date_add_days(month, 0, day) != 0 ||
                           strcmp(month, r->period.to) >= 0))
        return fail(ps, "%s", _("the usage's first month is not a month of the period"));
    return 0;
}

int report_parse(const char *body, const struct config *cfg, struct report *r, char *err,
                 size_t errlen)
{
    memset(r, 0, sizeof *r);
    struct parser ps = { body ? body : "", 1, err, errlen, false };
    struct c_numeric num;
    c_numeric_begin(&num);
    int rc = read_header(&ps);
    if (rc == 0)
        rc = read_fields(&ps, r);
    c_numeric_end(&num);
    if (rc == 0)
        rc = check_dates(&ps, r);
    if (rc != 0)
        free_fields(r);
    else
        report_derive(r, cfg);
    return rc;
}
