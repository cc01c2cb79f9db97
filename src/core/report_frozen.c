/* report_frozen — see report_freeze.h: a period's report from its freeze or from
 * today's figures, freezing one, and what says that a report is a frozen one.
 * The body's format is report_freeze.c's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suivi/base/i18n.h"
#include "suivi/base/strbuf.h"
#include "suivi/core/report_freeze.h"
#include "suivi/store/report_freeze.h"

static void info_of(const struct frozen_report *f, struct frozen_info *fi)
{
    memset(fi, 0, sizeof *fi);
    if (!f->period)
        return;
    fi->frozen = true;
    snprintf(fi->period, sizeof fi->period, "%s", f->period);
    fi->frozen_at = f->frozen_at;
    snprintf(fi->frozen_by, sizeof fi->frozen_by, "%s", f->frozen_by ? f->frozen_by : "?");
    snprintf(fi->today, sizeof fi->today, "%s", f->today ? f->today : "");
}

void frozen_note(const struct frozen_info *fi, char *buf, size_t len)
{
    char day[DATE_ISO_LEN];
    date_of_instant(fi->frozen_at, day);
    snprintf(buf, len, _("Frozen on %s by %s (figures as presented then)"), day,
             fi->frozen_by);
}

static int store_failed(store *s, int rc, char *err, size_t errlen)
{
    snprintf(err, errlen, "%s", store_errmsg(s));
    return rc;
}

int report_load(store *s, const struct config *cfg, const struct period *p,
                const char *today, struct report *r, struct frozen_info *info, char *err,
                size_t errlen)
{
    memset(r, 0, sizeof *r);
    if (info)
        memset(info, 0, sizeof *info);
    struct frozen_report f;
    int rc = store_report_frozen_get(s, p->label, &f);
    if (rc == STORE_NOT_FOUND) {
        rc = report_build(s, cfg, p, today, r);
        return rc == STORE_OK ? rc : store_failed(s, rc, err, errlen);
    }
    if (rc != STORE_OK)
        return store_failed(s, rc, err, errlen);
    char why[512];
    if (report_parse(f.body, cfg, r, why, sizeof why) != 0) {
        /* Not today's figures in its place: a report said to be as presented then
         * must be that one, or none. */
        snprintf(err, errlen, _("the frozen report of %s cannot be read: %s"), p->label, why);
        rc = STORE_ERROR;
    } else if (info) {
        info_of(&f, info);
    }
    frozen_report_clear(&f);
    return rc;
}

/* Its last day today or later: its figures may still change. */
static bool not_over(const struct period *p, const char *today, char last[DATE_ISO_LEN])
{
    if (date_add_days(p->to, -1, last) != 0)
        snprintf(last, DATE_ISO_LEN, "%s", p->to);
    return strcmp(last, today) >= 0;
}

static void add_line(void *ctx, const char *text, bool heading)
{
    struct strbuf *b = ctx;
    strbuf_adds(b, heading ? "# " : "  ");
    strbuf_adds(b, text);
    strbuf_adds(b, "\n");
}

/* r as its text and its HTML page, one string. */
static char *drawn(const struct report *r, const struct config *cfg)
{
    struct strbuf b = {0};
    report_text(r, cfg, 100, false, add_line, &b);
    char *page = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&page, &len);
    if (f) {
        report_html(r, cfg, f);
        fclose(f);
        strbuf_add(&b, page, len);
    }
    free(page);
    return strbuf_take(&b);
}

/* The body read back draws what r draws, and written again gives itself: what is
 * stored shows as it was presented.  A section of struct report missing from
 * REPORT_FIELDS, or a fault of the writer, is found now, not in a year. */
static char *checked_body(const struct report *r, const struct config *cfg, char *err,
                          size_t errlen)
{
    char *body = report_serialize(r), why[512] = "";
    struct report back;
    bool ok = report_parse(body, cfg, &back, why, sizeof why) == 0;
    if (ok) {
        char *again = report_serialize(&back), *was = drawn(r, cfg), *now = drawn(&back, cfg);
        ok = strcmp(again, body) == 0 && strcmp(was, now) == 0;
        if (!ok)
            snprintf(why, sizeof why, "%s", _("they draw otherwise"));
        free(again);
        free(was);
        free(now);
        report_free(&back);
    }
    if (!ok) {
        snprintf(err, errlen, _("the figures of %s do not read back as written (%s): "
                                "nothing frozen"), r->period.label, why);
        free(body);
        body = NULL;
    }
    return body;
}

int report_freeze(store *s, const struct config *cfg, const struct period *p,
                  const char *today, bool force, struct report *r, struct frozen_info *was,
                  char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    if (was)
        memset(was, 0, sizeof *was);
    char last[DATE_ISO_LEN];
    if (!force && not_over(p, today, last)) {
        snprintf(err, errlen, _("%s is not over (it runs to %s): its figures may still "
                                "change"), p->label, last);
        return STORE_CONSTRAINT;
    }
    int rc = report_build(s, cfg, p, today, r);
    if (rc != STORE_OK)
        return store_failed(s, rc, err, errlen);
    char *body = checked_body(r, cfg, err, errlen);
    if (!body) {
        report_free(r);
        return STORE_ERROR;
    }
    struct frozen_report f = { .period = (char *)p->label, .period_from = (char *)p->from,
                               .period_to = (char *)p->to, .today = (char *)today,
                               .body = body };
    struct frozen_report old;
    rc = store_report_freeze(s, &f, force, &old);
    free(body);
    if (was)
        info_of(&old, was);
    frozen_report_clear(&old);
    if (rc != STORE_OK) {
        report_free(r);
        return store_failed(s, rc, err, errlen);
    }
    return STORE_OK;
}

static void esc(FILE *f, const char *s)
{
    for (; *s; s++)
        if (*s == '<' || *s == '>' || *s == '&' || *s == '"')
            fprintf(f, "&#%d;", *s);
        else if ((unsigned char)*s >= 0x20 && *s != 0x7f)
            fputc(*s, f);
}

int report_html_frozen(const struct report *r, const struct config *cfg,
                       const struct frozen_info *fi, FILE *f)
{
    if (!fi || !fi->frozen)
        return report_html(r, cfg, f);
    /* The page drawn apart, then the line put after its title: report_html stays
     * the one place that lays the page out. */
    char *page = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&page, &len);
    if (!mem)
        return -1;
    int rc = report_html(r, cfg, mem);
    if (fclose(mem) != 0)
        rc = -1;
    const char *title = rc == 0 ? strstr(page, "</h1>\n") : NULL;
    size_t head = title ? (size_t)(title - page) + strlen("</h1>\n") : len;
    char note[256];
    frozen_note(fi, note, sizeof note);
    if (rc == 0) {
        fwrite(page, 1, head, f);
        fputs("<p class=\"frozen\"><strong>", f);
        esc(f, note);
        fputs("</strong></p>\n", f);
        fwrite(page + head, 1, len - head, f);
    }
    free(page);
    return rc == 0 && !ferror(f) ? 0 : -1;
}
