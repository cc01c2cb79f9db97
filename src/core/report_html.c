/* report_html — a report as one self-contained HTML page (report.h): the same
 * figures as report_text, in tables, each bar an inline SVG with its number
 * beside it.  Nothing is fetched from anywhere (no script, font, image or style
 * sheet outside the page), so it reads the same offline and prints on A4. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suivi/base/i18n.h"
#include "suivi/core/journey.h"
#include "suivi/core/report.h"
#include "suivi/model/model.h"

#define BAR_W 240            /* pixels of the longest bar */
#define SPARK_W 180
#define HTML_EPCI_SHOWN 50   /* on paper; the CSV has them all */

static void esc(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '<')
            fputs("&lt;", f);
        else if (c == '>')
            fputs("&gt;", f);
        else if (c == '&')
            fputs("&amp;", f);
        else if (c == '"')
            fputs("&quot;", f);
        else if (c < 0x20 || c == 0x7f)
            fputc(' ', f);   /* no control character from the data reaches the page */
        else
            fputc(c, f);
    }
}

static void bar(FILE *f, int64_t v, int64_t max)
{
    int w = max > 0 && v > 0 ? (int)(v * BAR_W / max) : 0;
    fprintf(f, "<svg width=\"%d\" height=\"12\" role=\"img\"><rect width=\"%d\" height=\"12\""
               " fill=\"#3a6ea5\"/></svg>", BAR_W, w > 0 ? w : (v > 0 ? 1 : 0));
}

static int64_t max_a(const struct stat_row *r, int n)
{
    int64_t m = 0;
    for (int i = 0; i < n; i++)
        m = r[i].a > m ? r[i].a : m;
    return m;
}

/* A section of bars: label, bar, figure, and the second figure when given. */
static void bars(FILE *f, const char *title, const struct stat_row *r, int n,
                 const char *b_head, const char *const *labels)
{
    fputs("<h2>", f);
    esc(f, title);
    fputs("</h2>\n<table>\n", f);
    if (n == 0) {
        fputs("<tr><td>", f);
        esc(f, _("(none)"));
        fputs("</td></tr>\n", f);
    }
    int64_t max = max_a(r, n);
    for (int i = 0; i < n; i++) {
        fputs("<tr><td>", f);
        esc(f, labels ? labels[i] : r[i].label ? r[i].label : _("(none)"));
        fputs("</td><td>", f);
        bar(f, r[i].a, max);
        fprintf(f, "</td><td class=\"n\">%lld</td>", (long long)r[i].a);
        if (b_head) {
            fprintf(f, "<td class=\"n\">%lld ", (long long)r[i].b);
            esc(f, b_head);
            fputs("</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
}

static void times(FILE *f, const char *what, const struct durations *d)
{
    fputs("<tr><td>", f);
    esc(f, what);
    fprintf(f, "</td><td class=\"n\">%.1f</td><td class=\"n\">%.1f</td><td class=\"n\">%d"
               "</td></tr>\n", d->median_s / 86400, d->p90_s / 86400, d->n);
}

static void sparkline(FILE *f, const int64_t *v, int n)
{
    int64_t max = 0;
    for (int i = 0; i < n; i++)
        max = v[i] > max ? v[i] : max;
    fprintf(f, "<svg width=\"%d\" height=\"24\" role=\"img\"><polyline fill=\"none\""
               " stroke=\"#3a6ea5\" stroke-width=\"2\" points=\"", SPARK_W);
    for (int i = 0; i < n; i++)
        fprintf(f, "%d,%d ", n > 1 ? i * (SPARK_W - 4) / (n - 1) + 2 : SPARK_W / 2,
                max > 0 ? 22 - (int)(v[i] * 20 / max) : 22);
    fputs("\"/></svg>", f);
}

static void usage(FILE *f, const struct report *r)
{
    fputs("<h2>", f);
    esc(f, _("Usage per service, month by month from"));
    fprintf(f, " %s</h2>\n<table>\n", r->usage_from);
    for (int i = 0; i < r->nseries; i++) {
        const struct usage_series *u = &r->series[i];
        fputs("<tr><td>", f);
        esc(f, u->code);
        fputs("</td><td>", f);
        sparkline(f, u->months, r->nmonths);
        fprintf(f, "</td><td class=\"n\">%lld</td></tr>\n", (long long)u->total);
    }
    fputs("</table>\n", f);
}

/* A table: the heading, then one row per call of row(). */
static void table_head(FILE *f, const char *title, const char *const *th)
{
    fputs("<h2>", f);
    esc(f, title);
    fputs("</h2>\n<table>\n<tr>", f);
    for (; *th; th++) {
        fputs("<th>", f);
        esc(f, *th);
        fputs("</th>", f);
    }
    fputs("</tr>\n", f);
}

static void cell_text(FILE *f, const char *s)
{
    fputs("<td>", f);
    esc(f, s);
    fputs("</td>", f);
}

static void cell_n(FILE *f, long long n)
{
    fprintf(f, "<td class=\"n\">%lld</td>", n);
}

#define HTML_MARKS_MAX 60    /* points of a sparkline at most: weeks taken together */

/* Each kind's interactions week by week, as a sparkline. */
static void kind_weeks(FILE *f, const struct report *r)
{
    char (*mondays)[DATE_ISO_LEN] = NULL;
    int n = report_weeks(r, &mondays), per = 1;
    while ((n + per - 1) / per > HTML_MARKS_MAX)
        per++;
    int64_t *v = calloc((size_t)n + 1, sizeof *v);
    const char *th[] = { "", per == 1 ? _("week by week") : _("weeks taken together"),
                         _("in all"), NULL };
    table_head(f, _("Interactions per week, by kind"), th);
    if (r->nkinds == 0) {
        fputs("<tr><td>", f);
        esc(f, _("(none)"));
        fputs("</td></tr>\n", f);
    }
    for (int i = 0; v && n > 0 && i < r->nkinds; i++) {
        const char *code = r->kinds[i].label ? r->kinds[i].label : "";
        int k = enum_from_code(&INTERACTION_KIND_NAMES, code);
        int marks = report_kind_series(r, code, mondays, n, per, v);
        fputs("<tr>", f);
        cell_text(f, k >= 0 ? _(enum_label(&INTERACTION_KIND_NAMES, k)) : code);
        fputs("<td>", f);
        sparkline(f, v, marks);
        fputs("</td>", f);
        cell_n(f, r->kinds[i].a);
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
    free(mondays);
    free(v);
}

/* The funnel, the before/after training and the EPCIs (report_text's order). */
static void report_html_more(const struct report *r, const struct config *cfg, FILE *f)
{
    kind_weeks(f, r);
    const char *funnel_th[] = { "", _("begun"), _("moved on"), _("moved back"), _("left"),
                                _("still there"), _("median stay (days)"), NULL };
    char title[160];
    snprintf(title, sizeof title,
             _("The journey's funnel to %s: stays begun, moved on, back, left; median"),
             r->today);
    table_head(f, title, funnel_th);
    for (int i = 0; i < r->nfunnel; i++) {
        const struct funnel_stage *s = &r->funnel[i];
        fputs("<tr>", f);
        cell_text(f, journey_label(cfg, s->code));
        cell_n(f, s->entered);
        cell_n(f, s->moved_on);
        cell_n(f, s->moved_back);
        cell_n(f, s->exited);
        cell_n(f, s->still);
        if (s->entered > s->still)          /* a median of the stays that ended */
            fprintf(f, "<td class=\"n\">%.0f</td></tr>\n", s->median_days);
        else
            fputs("<td></td></tr>\n", f);
    }
    fputs("</table>\n", f);
    const char *train_th[] = { "", _("members"), _("before"), _("after"), NULL };
    snprintf(title, sizeof title,
             _("Incidents and requests %d days before and after a first training, to %s"),
             REPORT_TRAINING_DAYS, r->today);
    table_head(f, title, train_th);
    if (r->ntrained == 0) {
        fputs("<tr><td>", f);
        esc(f, _("(no member trained long enough ago)"));
        fputs("</td></tr>\n", f);
    }
    for (int i = 0; i < r->ntrained; i++) {
        fputs("<tr>", f);
        cell_text(f, r->trained[i].label);
        cell_n(f, r->trained[i].c);
        cell_n(f, r->trained[i].a);
        cell_n(f, r->trained[i].b);
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
    const char *epci_th[] = { "", _("communes"), "", _("open actions"), _("interactions"),
                              NULL };
    table_head(f, _("By EPCI, its communes with it: open actions, interactions"), epci_th);
    int64_t max = max_a(r->epci, r->nepci);
    for (int i = 0; i < r->nepci && i < HTML_EPCI_SHOWN; i++) {
        fputs("<tr>", f);
        cell_text(f, r->epci[i].label);
        cell_n(f, r->epci[i].c);
        fputs("<td>", f);
        bar(f, r->epci[i].a, max);
        fputs("</td>", f);
        cell_n(f, r->epci[i].a);
        cell_n(f, r->epci[i].b);
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
    if (r->nepci > HTML_EPCI_SHOWN) {
        fputs("<p>", f);
        fprintf(f, ngettext("and %d more (suivi report --format csv lists it)",
                            "and %d more (suivi report --format csv lists them)",
                            r->nepci - HTML_EPCI_SHOWN), r->nepci - HTML_EPCI_SHOWN);
        fputs("</p>\n", f);
    }
}

static const char STYLE[] =
    "@page { size: A4; margin: 15mm; }\n"
    "body { font-family: sans-serif; font-size: 10pt; color: #111; max-width: 180mm; }\n"
    "h1 { font-size: 15pt; } h2 { font-size: 12pt; margin-top: 1.2em;"
    " page-break-after: avoid; }\n"
    "table { border-collapse: collapse; page-break-inside: avoid; }\n"
    "td, th { padding: 1px 6px; text-align: left; }\n"
    "td.n { text-align: right; white-space: nowrap; }\n";

static void head(FILE *f, const struct report *r)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>", f);
    esc(f, _("Activity"));
    fprintf(f, " %s</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", r->period.label, STYLE);
    esc(f, _("Activity"));
    /* The period's last day, as the text says it ([from, to) is the model's). */
    char last[DATE_ISO_LEN];
    if (date_add_days(r->period.to, -1, last) != 0)
        snprintf(last, sizeof last, "%s", r->period.to);
    fprintf(f, " %s</h1>\n<p>%s &ndash; %s; ", r->period.label, r->period.from, last);
    esc(f, _("open actions as of"));
    fprintf(f, " %s</p>\n", r->today);
}

int report_html(const struct report *r, const struct config *cfg, FILE *f)
{
    head(f, r);
    bars(f, _("Open actions by pôle"), r->by_pole, r->npole, _("overdue"), NULL);
    bars(f, _("Open actions by assignee (staff)"), r->by_assignee, r->nassignee, _("overdue"),
         NULL);
    bars(f, _("Open actions by provider"), r->by_provider, r->nprovider, _("overdue"), NULL);
    bars(f, _("Actions opened (and closed) per week (Monday)"), r->weeks, r->nweeks,
         _("closed"), NULL);
    fputs("<h2>", f);
    esc(f, _("Response and resolution of the actions closed in the period (days)"));
    fputs("</h2>\n<table>\n<tr><th></th><th>median</th><th>90%</th><th>n</th></tr>\n", f);
    times(f, _("First response"), &r->first_response);
    times(f, _("Resolution, member's waits left out"), &r->resolution);
    times(f, _("Of it, waiting on a provider"), &r->provider_wait);
    fputs("</table>\n", f);
    const char **kinds = calloc((size_t)r->nkinds + 1, sizeof *kinds);
    for (int i = 0; kinds && i < r->nkinds; i++) {
        int k = enum_from_code(&INTERACTION_KIND_NAMES, r->kinds[i].label);
        kinds[i] = k >= 0 ? _(enum_label(&INTERACTION_KIND_NAMES, k)) : r->kinds[i].label;
    }
    bars(f, _("Interactions in the period, by kind"), r->kinds, r->nkinds, NULL, kinds);
    free(kinds);
    const char **stages = calloc((size_t)r->nstages + 1, sizeof *stages);
    for (int i = 0; stages && i < r->nstages; i++)
        stages[i] = r->stages[i].label ? journey_label(cfg, r->stages[i].label)
                                       : _("(no stage yet)");
    bars(f, _("The journey: members per stage"), r->stages, r->nstages, _("stalled"), stages);
    free(stages);
    usage(f, r);
    fputs("<h2>", f);
    esc(f, _("By département: members, open actions, interactions"));
    fputs("</h2>\n<table>\n", f);
    for (int i = 0; i < r->ndepartements; i++) {
        const struct stat_row *d = &r->departements[i];
        fputs("<tr><td>", f);
        esc(f, d->label ? d->label : "-");
        fprintf(f, "</td><td class=\"n\">%lld</td><td class=\"n\">%lld</td>"
                   "<td class=\"n\">%lld</td></tr>\n", (long long)d->id, (long long)d->a,
                (long long)d->b);
    }
    fputs("</table>\n", f);
    report_html_more(r, cfg, f);
    fputs("</body>\n</html>\n", f);
    return ferror(f) ? -1 : 0;
}
