/* report — suivi report: the dashboard's figures for a period as text, CSV or HTML
 * (core/report.h), and the frozen ones: --freeze, --force, --frozen, --live
 * (core/report_freeze.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "suivi/base/csv.h"
#include "suivi/base/i18n.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/report.h"
#include "suivi/core/report_freeze.h"
#include "suivi/core/roles.h"
#include "suivi/store/report_freeze.h"

/* A line of the report: it holds names from the database, cleaned of control
 * characters before any reaches the terminal or the file. */
static void print_line(void *ctx, const char *text, bool heading)
{
    FILE *f = ctx;
    if (heading)
        fputc('\n', f);
    char *clean = san_line_dup(text);
    fprintf(f, "%s\n", clean);
    free(clean);
}

/* The report's figures as rows: section, label, and its values. */
static void csv_rows(struct table_out *t, const char *section, const struct stat_row *r, int n)
{
    for (int i = 0; i < n; i++) {
        table_text(t, section);
        char *label = r[i].label ? xstrdup(r[i].label) : NULL;
        for (char *p = label; p && *p; p++)
            *p = *p == '\t' ? ' ' : *p;    /* "kind\tMonday", "stage\tnext": two words */
        table_text(t, label);
        free(label);
        table_int(t, r[i].a);
        table_int(t, r[i].b);
        table_int(t, r[i].c);
        table_end_row(t);
    }
}

/* median, 90th percentile (seconds), actions measured. */
static void csv_duration(struct table_out *t, const char *what, const struct durations *d)
{
    table_text(t, "durations_s");
    table_text(t, what);
    table_int(t, (int64_t)d->median_s);
    table_int(t, (int64_t)d->p90_s);
    table_int(t, d->n);
    table_end_row(t);
}

/* The funnel, derived from stage_moves: stays begun, moved on, left; then the
 * stays not ended and the median stay of those that did (days); then those that
 * ended by going back (begun = on + left + still + back: a row of its own, so that
 * the rows before keep their meaning). */
static void csv_funnel(struct table_out *t, const struct report *r)
{
    for (int i = 0; i < r->nfunnel; i++) {
        const struct funnel_stage *s = &r->funnel[i];
        table_text(t, "funnel_begun_on_left");
        table_text(t, s->code);
        table_int(t, s->entered);
        table_int(t, s->moved_on);
        table_int(t, s->exited);
        table_end_row(t);
        table_text(t, "funnel_still_median_days");
        table_text(t, s->code);
        table_int(t, s->still);
        table_int(t, (int64_t)(s->median_days + 0.5));
        table_int(t, 0);
        table_end_row(t);
        table_text(t, "funnel_moved_back");
        table_text(t, s->code);
        table_int(t, s->moved_back);
        table_int(t, 0);
        table_int(t, 0);
        table_end_row(t);
    }
}

/* Every section of the report, as the table of its fields gives them (one more
 * there is one more here); a frozen report says so in a first row. */
static int report_csv(const struct report *r, const struct frozen_info *fi, FILE *f)
{
    static const char *const cols[] = { "section", "label", "a", "b", "c", NULL };
    struct table_out t;
    table_begin(&t, f, OUT_CSV_EXCEL, cols);
    if (fi->frozen) {
        char note[256];
        frozen_note(fi, note, sizeof note);
        table_text(&t, "frozen");
        table_text(&t, note);
        table_text(&t, "");
        table_text(&t, "");
        table_text(&t, "");
        table_end_row(&t);
    }
    for (int i = 0; i < REPORT_FIELD_COUNT; i++) {
        const struct report_field *rf = &REPORT_FIELDS[i];
        int n = 0;
        if (rf->kind == RF_ROWS) {
            const struct stat_row *rows = report_field_rows(r, rf, &n);
            csv_rows(&t, rf->name, rows, n);
        } else if (rf->kind == RF_DURATIONS) {
            csv_duration(&t, rf->name, report_field_durations(r, rf));
        }
    }
    csv_funnel(&t, r);
    return table_end(&t);
}

/* Only an admin freezes (the store refuses anyone else too: this says it first,
 * in the words of roles.h). */
static int may_freeze(store *s)
{
    struct me me;
    if (me_load(s, &me) != STORE_OK)
        return cli_fail(s, store_errmsg(s));
    return role_can(&me, VERB_ADMIN) ? 0 : cli_fail(s, role_refusal(&me, VERB_ADMIN));
}

static int64_t sum_a(const struct stat_row *r, int n)
{
    int64_t sum = 0;
    for (int i = 0; i < n; i++)
        sum += r[i].a;
    return sum;
}

static int report_freeze_run(store *s, const struct config *cfg, const struct period *p,
                             const char *today, bool force)
{
    int status = may_freeze(s);
    if (status)
        return status;
    struct report r;
    struct frozen_info was;
    char err[ERR_LEN] = "", day[DATE_ISO_LEN];
    int rc = report_freeze(s, cfg, p, today, force, &r, &was, err, sizeof err);
    date_of_instant(was.frozen_at, day);
    if (rc == STORE_CONFLICT && was.frozen)
        say(stderr, _("suivi: %s: %s was frozen on %s by %s; --force replaces it"),
            store_path(s), p->label, day, was.frozen_by);
    else if (rc == STORE_CONSTRAINT)
        say(stderr, _("suivi: %s: %s; --force freezes it all the same"), store_path(s), err);
    else if (rc != STORE_OK)
        say(stderr, "suivi: %s: %s", store_path(s), err);
    if (rc != STORE_OK)
        return EXIT_RUNTIME;
    char last[DATE_ISO_LEN];
    if (date_add_days(p->to, -1, last) != 0)
        snprintf(last, sizeof last, "%s", p->to);
    say(stdout, _("%s: %s (%s to %s) frozen with the figures of %s: %lld open actions, "
                  "%d closed in the period, %lld interactions"), store_path(s), p->label,
        p->from, last, today, (long long)sum_a(r.by_pole, r.npole), r.closed,
        (long long)sum_a(r.kinds, r.nkinds));
    if (was.frozen)
        say(stdout, _("%s: it replaces the freeze of %s by %s"), store_path(s), day,
            was.frozen_by);
    report_free(&r);
    return 0;
}

static int report_frozen_list(store *s)
{
    struct frozen_report *f = NULL;
    int n = 0;
    if (store_report_frozen_list(s, &f, &n) != STORE_OK)
        return cli_fail(s, store_errmsg(s));
    static const char *const head[] = { "PERIOD", "FROM", "TO", "FROZEN AT", "BY", "FIGURES OF" };
    struct table t;
    table_init(&t, 6, head);
    for (int i = 0; i < n; i++) {
        char at[32], last[DATE_ISO_LEN];
        time_format_local(f[i].frozen_at, "%Y-%m-%d %H:%M", at, sizeof at);
        if (date_add_days(f[i].period_to, -1, last) != 0)
            snprintf(last, sizeof last, "%s", f[i].period_to);
        const char *row[] = { f[i].period, f[i].period_from, last, at, f[i].frozen_by,
                              f[i].today };
        table_add(&t, row);
    }
    int status = table_print(&t, stdout);
    table_free(&t);
    frozen_reports_free(f, n);
    return status;
}

/* The period's report, a frozen one saying so first, into out. */
static int report_write(store *s, const struct config *cfg, const struct period *p,
                        const char *today, bool live, const char *format, FILE *out)
{
    struct report r;
    struct frozen_info fi = {0};
    char err[ERR_LEN] = "";
    int rc = live ? report_build(s, cfg, p, today, &r)
                  : report_load(s, cfg, p, today, &r, &fi, err, sizeof err);
    if (rc != STORE_OK) {
        say(stderr, "suivi: %s: %s", store_path(s), live ? store_errmsg(s) : err);
        return EXIT_RUNTIME;
    }
    int status = 0;
    if (strcmp(format, "csv") == 0) {
        status = report_csv(&r, &fi, out) == 0 ? 0 : EXIT_RUNTIME;
    } else if (strcmp(format, "html") == 0) {
        status = report_html_frozen(&r, cfg, &fi, out) == 0 ? 0 : EXIT_RUNTIME;
    } else {
        if (fi.frozen) {
            char note[256];
            frozen_note(&fi, note, sizeof note);
            print_line(out, note, false);
        }
        report_text(&r, cfg, 80, !san_locale_is_utf8(), print_line, out);
    }
    report_free(&r);
    return status;
}

/* On standard output, or --out FILE (a new file; --force replaces one), which is
 * removed if the report could not be written whole. */
static int report_show(store *s, const struct config *cfg, const struct cli *c,
                       const struct period *p, const char *today)
{
    struct sink k;
    int status = sink_open(c, &k);
    if (status)
        return status;
    status = report_write(s, cfg, p, today, (c->given & OPT_LIVE) != 0,
                          c->format ? c->format : "text", k.f);
    int closed = sink_close(&k, status == 0);
    if (status == 0 && closed == 0 && c->out && strcmp(c->out, "-") != 0)
        say(stdout, _("%s: the report of %s written"), c->out, p->label);
    return status ? status : closed;
}

/* Which of the report's options go together: 0, or EXIT_USAGE after saying why. */
static int report_check_args(const struct cli *c)
{
    option_bits g = c->given;
    if ((g & OPT_FROZEN) && (g & (OPT_FREEZE | OPT_PERIOD | OPT_FORMAT | OPT_LIVE | OPT_FORCE)))
        return usage_error(c->cmd, "%s", _("--frozen lists the frozen periods: it takes no "
                                           "other option"));
    if ((g & OPT_FREEZE) && (g & (OPT_PERIOD | OPT_FORMAT | OPT_LIVE)))
        return usage_error(c->cmd, "%s", _("--freeze PERIOD names its period: not with "
                                           "--period, --format or --live"));
    if ((g & OPT_OUT) && (g & (OPT_FREEZE | OPT_FROZEN)))
        return usage_error(c->cmd, "%s", _("--out FILE takes a report: not with --freeze "
                                           "or --frozen"));
    if (c->out && !*c->out)
        return usage_error(c->cmd, "%s", _("--out needs a file name"));
    if ((g & OPT_FORCE) && !(g & (OPT_FREEZE | OPT_OUT)))
        return usage_error(c->cmd, "%s", _("--force goes with --freeze, or with --out FILE"));
    if (c->format && strcmp(c->format, "csv") != 0 && strcmp(c->format, "html") != 0 &&
        strcmp(c->format, "text") != 0)
        return usage_error(c->cmd, _("--format: '%s' is not text, csv or html"), c->format);
    return 0;
}

int run_report(const struct config *cfg, const struct cli *c)
{
    char today[DATE_ISO_LEN], err[ERR_LEN] = "";
    date_today(today);
    int status = report_check_args(c);
    if (status)
        return status;
    bool freeze = (c->given & OPT_FREEZE) != 0;
    struct period p;
    if (!(c->given & OPT_FROZEN) &&
        period_parse(freeze ? c->freeze : c->period, today, &p, err, sizeof err) != 0)
        return usage_error(c->cmd, "%s%s", freeze ? "--freeze: " : "", err);
    store *s;
    status = open_store(cfg, false, &s);
    if (status)
        return status;
    if (c->given & OPT_FROZEN)
        status = report_frozen_list(s);
    else if (freeze)
        status = report_freeze_run(s, cfg, &p, today, (c->given & OPT_FORCE) != 0);
    else
        status = report_show(s, cfg, c, &p, today);
    store_close(s);
    return status;
}
