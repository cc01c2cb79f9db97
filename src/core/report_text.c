/* report_text — a report as lines of text (report.h): the dashboard's screen and
 * `suivi report --format text`.  Every bar has its number beside it, so that the
 * figures read the same in monochrome, in ASCII and on paper. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "suivi/base/chart.h"
#include "suivi/base/i18n.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/journey.h"
#include "suivi/core/report.h"
#include "suivi/model/model.h"

#define LABEL_COLS 26
#define FUNNEL_COLS 20   /* a step of the journey: "Convention signed" */

#define EPCI_SHOWN 15    /* the EPCIs listed; the CSV has them all */

struct out {
    report_emit_fn *emit;
    void *ctx;
    int width;
    bool ascii;
    const struct report_link *link;     /* for the next line, then NULL again */
};

static void line(struct out *o, bool heading, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void line(struct out *o, bool heading, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    o->emit(o->ctx, buf, heading, o->link);
    o->link = NULL;
}

/* label cut or padded to width columns (display width, at most LABEL_COLS), cleaned. */
static void padded_to(const char *label, bool ascii, int width, char *out, size_t len)
{
    wchar_t w[LABEL_COLS + 1];
    int cols = san_fit(label ? label : _("(none)"), width, ascii, w, LABEL_COLS + 1);
    size_t n = san_wcs_to_mb(w, out, len);
    for (; cols < width && n + 1 < len; cols++)
        out[n++] = ' ';
    out[n] = '\0';
}

static void padded(const char *label, bool ascii, char *out, size_t len)
{
    padded_to(label, ascii, LABEL_COLS, out, len);
}

static int64_t max_a(const struct stat_row *r, int n)
{
    int64_t m = 0;
    for (int i = 0; i < n; i++)
        m = r[i].a > m ? r[i].a : m;
    return m;
}

static int bar_cols(const struct out *o)
{
    int cols = o->width - LABEL_COLS - 24;    /* the label, the figure, "(12 overdue)" */
    return cols < 4 ? 4 : cols > 40 ? 40 : cols;
}

/* "label  ████  12  (3 overdue)". */
/* b_word: what the second figure counts ("overdue"), shown when not 0. */
/* How a row of a section is listed: the query for the row (0 when it cannot be). */
typedef bool link_fn(const struct stat_row *row, struct report_link *link);

static void bars(struct out *o, const char *title, const struct stat_row *r, int n,
                 const char *b_word, const char *const *labels, link_fn *link_of)
{
    line(o, true, "%s", title);
    if (n == 0)
        line(o, false, "  %s", _("(none)"));
    int64_t max = max_a(r, n);
    for (int i = 0; i < n; i++) {
        char label[256], bar[256], extra[64] = "";
        padded(labels ? labels[i] : r[i].label, o->ascii, label, sizeof label);
        chart_bar(r[i].a, max, bar_cols(o), o->ascii, true, bar, sizeof bar);
        if (b_word && r[i].b)
            snprintf(extra, sizeof extra, "  (%lld %s)", (long long)r[i].b, b_word);
        struct report_link link = { .kind = REPORT_LINK_NONE };
        if (link_of && link_of(&r[i], &link))
            o->link = &link;
        line(o, false, "  %s %s %5lld%s", label, bar, (long long)r[i].a, extra);
    }
}

static void duration(double s, char *out, size_t len)
{
    if (s < 3600)
        snprintf(out, len, _("%.0f min"), s / 60);
    else if (s < 48 * 3600)
        snprintf(out, len, _("%.1f h"), s / 3600);
    else
        snprintf(out, len, _("%.1f days"), s / 86400);
}

/* The period's last day (its to is the day after). */
static void last_day(const struct report *r, char out[DATE_ISO_LEN])
{
    if (date_add_days(r->period.to, -1, out) != 0)
        snprintf(out, DATE_ISO_LEN, "%s", r->period.to);
}

/* The actions closed in the period: those measured. */
static void link_closed(struct out *o, const struct report *r, struct report_link *link)
{
    char last[DATE_ISO_LEN];
    last_day(r, last);
    *link = (struct report_link){ .kind = REPORT_LINK_ACTIONS };
    snprintf(link->query, sizeof link->query, "closed:%s..%s", r->period.from, last);
    o->link = link;
}

static void times(struct out *o, const struct report *r, const char *what,
                  const struct durations *d)
{
    char med[32], p90[32];
    struct report_link link = { .kind = REPORT_LINK_NONE };
    duration(d->median_s, med, sizeof med);
    duration(d->p90_s, p90, sizeof p90);
    if (d->n)
        link_closed(o, r, &link);
    if (d->n == 0)
        line(o, false, "  %s: %s", what, _("no action to measure"));
    else
        line(o, false, _("  %s: median %s, 90%% in %s (%d)"), what, med, p90, d->n);
}

static void weeks(struct out *o, const struct report *r)
{
    line(o, true, "%s", _("Actions opened and closed per week (Monday)"));
    if (r->nweeks == 0)
        line(o, false, "  %s", _("(none)"));
    int64_t max = 0;
    for (int i = 0; i < r->nweeks; i++) {
        max = r->weeks[i].a > max ? r->weeks[i].a : max;
        max = r->weeks[i].b > max ? r->weeks[i].b : max;
    }
    int cols = bar_cols(o) / 2;
    char last[DATE_ISO_LEN];
    last_day(r, last);
    for (int i = 0; i < r->nweeks; i++) {
        char a[128], b[128], sunday[DATE_ISO_LEN];
        /* The actions opened that week, within the period (its first and last weeks
         * may begin before it or end after it). */
        const char *monday = r->weeks[i].label ? r->weeks[i].label : r->period.from;
        if (date_add_days(monday, 6, sunday) != 0)
            snprintf(sunday, sizeof sunday, "%s", last);
        struct report_link link = { .kind = REPORT_LINK_ACTIONS };
        snprintf(link.query, sizeof link.query, "status:all opened:%s..%s",
                 strcmp(monday, r->period.from) < 0 ? r->period.from : monday,
                 strcmp(sunday, last) > 0 ? last : sunday);
        o->link = &link;
        chart_bar(r->weeks[i].a, max, cols, o->ascii, true, a, sizeof a);
        chart_bar(r->weeks[i].b, max, cols, o->ascii, true, b, sizeof b);
        line(o, false, _("  %s  opened %s %4lld  closed %s %4lld"), r->weeks[i].label, a,
             (long long)r->weeks[i].a, b, (long long)r->weeks[i].b);
    }
}

static void usage(struct out *o, const struct report *r)
{
    line(o, true, _("Usage per service, month by month from %s"), r->usage_from);
    if (r->nusage == 0)
        line(o, false, "  %s", _("(no figure imported for the period)"));
    for (int i = 0; i < r->nseries; i++) {
        const struct usage_series *u = &r->series[i];
        char label[256], spark[REPORT_MONTHS_MAX * 4 + 1];
        padded(u->code, o->ascii, label, sizeof label);
        chart_sparkline(u->months, r->nmonths, o->ascii, spark, sizeof spark);
        struct report_link link = { .kind = REPORT_LINK_MEMBERS };
        snprintf(link.query, sizeof link.query, "uses:%s", u->code);
        o->link = &link;
        line(o, false, _("  %s %s  %lld in all"), label, spark, (long long)u->total);
    }
}

#define MARKS_MAX 60        /* marks of a sparkline at most */

/* Each kind, week by week: a sparkline, weeks taken in pairs (or more) when they
 * would not fit the width. */
static void kind_weeks(struct out *o, const struct report *r, const char *const *labels)
{
    char (*mondays)[DATE_ISO_LEN] = NULL;
    int n = report_weeks(r, &mondays);
    int room = o->width - LABEL_COLS - 14, per = 1;
    room = room < 4 ? 4 : room > MARKS_MAX ? MARKS_MAX : room;
    while ((n + per - 1) / per > room)
        per++;
    if (per == 1)
        line(o, true, "%s", _("Interactions per week, by kind (a mark a week)"));
    else
        line(o, true, _("Interactions per week, by kind (a mark for %d weeks)"), per);
    int64_t *marks = xcalloc((size_t)n + 1, sizeof *marks);
    char last[DATE_ISO_LEN];
    last_day(r, last);
    for (int i = 0; i < r->nkinds; i++) {
        int nm = report_kind_series(r, r->kinds[i].label ? r->kinds[i].label : "", mondays,
                                    n, per, marks);
        char label[256], spark[MARKS_MAX * 4 + 1];
        padded(labels[i], o->ascii, label, sizeof label);
        chart_sparkline(marks, nm, o->ascii, spark, sizeof spark);
        /* The kind's interactions of the period, every member's (report.h). */
        struct report_link link = { .kind = REPORT_LINK_INTERACTIONS };
        if (r->kinds[i].label && strspn(r->kinds[i].label, "abcdefghijklmnopqrstuvwxyz_") ==
                                     strlen(r->kinds[i].label)) {
            snprintf(link.query, sizeof link.query, "kind:%s %s..%s", r->kinds[i].label,
                     r->period.from, last);
            o->link = &link;
        }
        line(o, false, _("  %s %s  %lld"), label, spark, (long long)r->kinds[i].a);
    }
    free(marks);
    free(mondays);
}

static void departements(struct out *o, const struct report *r)
{
    line(o, true, "%s", _("By département: members, open actions, interactions"));
    if (r->ndepartements == 0)
        line(o, false, "  %s", _("(none)"));
    for (int i = 0; i < r->ndepartements; i++) {
        const struct stat_row *d = &r->departements[i];
        struct report_link link = { .kind = REPORT_LINK_MEMBERS };
        if (d->label && strspn(d->label, "0123456789AB") == strlen(d->label)) {
            snprintf(link.query, sizeof link.query, "dept:%s", d->label);
            o->link = &link;
        }
        line(o, false, _("  %-4s %5lld members  %5lld open  %6lld interactions"),
             d->label ? d->label : "-", (long long)d->id, (long long)d->a, (long long)d->b);
    }
}

static void epcis(struct out *o, const struct report *r)
{
    line(o, true, "%s", _("By EPCI, its communes with it: open actions, interactions"));
    if (r->nepci == 0)
        line(o, false, "  %s", _("(none)"));
    for (int i = 0; i < r->nepci && i < EPCI_SHOWN; i++) {
        const struct stat_row *e = &r->epci[i];
        char label[256];
        padded(e->label, o->ascii, label, sizeof label);
        struct report_link link = { .kind = REPORT_LINK_ACTIONS };
        snprintf(link.query, sizeof link.query, "member:#%lld", (long long)e->id);
        o->link = &link;
        line(o, false, _("  %s %3lld communes %6lld open %6lld interactions"), label,
             (long long)e->c, (long long)e->a, (long long)e->b);
    }
    if (r->nepci > EPCI_SHOWN)
        line(o, false, ngettext("  and %d more (suivi report --format csv lists it)",
                                "  and %d more (suivi report --format csv lists them)",
                                r->nepci - EPCI_SHOWN), r->nepci - EPCI_SHOWN);
}

static void funnel(struct out *o, const struct report *r, const struct config *cfg)
{
    /* Every stay to date, whatever the period: a month holds too few ended stays
     * for a median to mean anything. */
    line(o, true, _("The journey's funnel to %s: stays begun, moved on, back, left; median"),
         r->today);
    for (int i = 0; i < r->nfunnel; i++) {
        const struct funnel_stage *f = &r->funnel[i];
        char label[256], pct[16] = "  (-)", median[32] = "";
        /* A narrower label than the other sections': five figures in 80 columns. */
        padded_to(journey_label(cfg, f->code), o->ascii, FUNNEL_COLS, label, sizeof label);
        if (f->entered)
            snprintf(pct, sizeof pct, "(%2.0f%%)",
                     100.0 * (double)f->moved_on / (double)f->entered);
        if (f->entered > f->still)      /* some stays ended: they have a length */
            snprintf(median, sizeof median, _(" %4.0f days"), f->median_days);
        struct report_link link = { .kind = REPORT_LINK_MEMBERS };
        snprintf(link.query, sizeof link.query, "stage:%s", f->code);
        o->link = &link;
        line(o, false, _("  %s %5lld begun %5lld on %5s %4lld back %4lld left%s"), label,
             (long long)f->entered, (long long)f->moved_on, pct, (long long)f->moved_back,
             (long long)f->exited, median);
    }
}

static void training(struct out *o, const struct report *r)
{
    line(o, true, _("Incidents and requests %d days before and after a first training, to %s"),
         REPORT_TRAINING_DAYS, r->today);
    if (r->ntrained == 0)
        line(o, false, "  %s", _("(no member trained long enough ago)"));
    char by[DATE_ISO_LEN] = "";
    if (date_add_days(r->today, -REPORT_TRAINING_DAYS, by) != 0)
        by[0] = '\0';
    for (int i = 0; i < r->ntrained; i++) {
        const struct stat_row *t = &r->trained[i];
        char label[256], change[32] = "";
        padded(t->label, o->ascii, label, sizeof label);
        /* Those the figure counts: first trained at least a window ago. */
        struct report_link link = { .kind = REPORT_LINK_MEMBERS };
        if (by[0])
            snprintf(link.query, sizeof link.query, "trained:%s..%s", t->label ? t->label : "",
                     by);
        else
            snprintf(link.query, sizeof link.query, "trained:%s", t->label ? t->label : "");
        o->link = &link;
        if (t->a > 0)       /* in double: the figures may come from a frozen body */
            snprintf(change, sizeof change, "  (%+.0f%%)",
                     100.0 * ((double)t->b - (double)t->a) / (double)t->a);
        line(o, false, _("  %s %4lld members  before %5lld  after %5lld%s"), label,
             (long long)t->c, (long long)t->a, (long long)t->b, change);
    }
}

/* The links of the sections: a query in the queue, a filter of the members.  A
 * pôle, a colleague, a provider by id (two may share a name: a name would list
 * nothing but "names match"), its name kept for the queue's title; by its name
 * only when the row has no id. */
static bool quotable(const char *name)
{
    return name && *name && !strchr(name, '"') && strlen(name) < 160;
}

static bool link_by(const struct stat_row *row, const char *field, struct report_link *link)
{
    link->kind = REPORT_LINK_ACTIONS;
    snprintf(link->label, sizeof link->label, "%s", row->label ? row->label : "");
    if (row->id > 0)
        snprintf(link->query, sizeof link->query, "%s:#%lld", field, (long long)row->id);
    else
        snprintf(link->query, sizeof link->query, "%s:\"%s\"", field,
                 row->label ? row->label : "");
    return row->id > 0 || quotable(row->label);
}

static bool link_pole(const struct stat_row *row, struct report_link *link)
{
    return link_by(row, "pole", link);
}

static bool link_assignee(const struct stat_row *row, struct report_link *link)
{
    if (!row->label && row->id <= 0) {      /* the actions no one is assigned */
        link->kind = REPORT_LINK_ACTIONS;
        snprintf(link->query, sizeof link->query, "assignee:none");
        return true;
    }
    return link_by(row, "assignee", link);
}

static bool link_provider(const struct stat_row *row, struct report_link *link)
{
    return link_by(row, "provider", link);
}

static bool link_stage(const struct stat_row *row, struct report_link *link)
{
    link->kind = REPORT_LINK_MEMBERS;
    snprintf(link->query, sizeof link->query, "stage:%s", row->label ? row->label : "none");
    return true;
}

static void emit_plain(void *ctx, const char *text, bool heading,
                       const struct report_link *link)
{
    (void)link;
    const struct plain { void (*emit)(void *, const char *, bool); void *ctx; } *p = ctx;
    p->emit(p->ctx, text, heading);
}

void report_text(const struct report *r, const struct config *cfg, int width, bool ascii,
                 void (*emit)(void *ctx, const char *text, bool heading), void *ctx)
{
    struct plain { void (*emit)(void *, const char *, bool); void *ctx; } p = { emit, ctx };
    report_text_linked(r, cfg, width, ascii, emit_plain, &p);
}

void report_text_linked(const struct report *r, const struct config *cfg, int width,
                        bool ascii, report_emit_fn *emit, void *ctx)
{
    struct out o = { emit, ctx, width < 40 ? 40 : width, ascii, NULL };
    char last[DATE_ISO_LEN];
    if (date_add_days(r->period.to, -1, last) != 0)
        snprintf(last, sizeof last, "%s", r->period.to);
    line(&o, true, _("Activity %s (%s to %s), open actions as of %s"), r->period.label,
         r->period.from, last, r->today);
    bars(&o, _("Open actions by pôle"), r->by_pole, r->npole, _("overdue"), NULL, link_pole);
    bars(&o, _("Open actions by assignee (staff)"), r->by_assignee, r->nassignee,
         _("overdue"), NULL, link_assignee);
    bars(&o, _("Open actions by provider"), r->by_provider, r->nprovider,
         _("overdue"), NULL, link_provider);
    weeks(&o, r);
    line(&o, true, "%s", _("Response and resolution of the actions closed in the period"));
    times(&o, r, _("First response"), &r->first_response);
    times(&o, r, _("Resolution, member's waits left out"), &r->resolution);
    times(&o, r, _("Of it, waiting on a provider"), &r->provider_wait);
    const char **kinds = xcalloc((size_t)r->nkinds + 1, sizeof *kinds);
    for (int i = 0; i < r->nkinds; i++) {
        int k = enum_from_code(&INTERACTION_KIND_NAMES, r->kinds[i].label);
        kinds[i] = k >= 0 ? _(enum_label(&INTERACTION_KIND_NAMES, k)) : r->kinds[i].label;
    }
    bars(&o, _("Interactions in the period, by kind"), r->kinds, r->nkinds, NULL, kinds, NULL);
    if (r->nkinds)
        kind_weeks(&o, r, kinds);
    free(kinds);
    const char **stages = xcalloc((size_t)r->nstages + 1, sizeof *stages);
    for (int i = 0; i < r->nstages; i++)
        stages[i] = r->stages[i].label ? journey_label(cfg, r->stages[i].label)
                                       : _("(no stage yet)");
    bars(&o, _("The journey: members per stage"), r->stages, r->nstages, _("stalled"),
         stages, link_stage);
    free(stages);
    funnel(&o, r, cfg);
    usage(&o, r);
    training(&o, r);
    departements(&o, r);
    epcis(&o, r);
}
