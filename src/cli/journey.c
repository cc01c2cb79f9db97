/* journey — `suivi journey set|show|list|stages`: the member journey from the
 * command line, through core/journey.h (the same rules, audit and roles as J in
 * the interface).  Lists are tables (cli.h): padded on a terminal, tab-separated
 * for scripts; stage columns print codes, which do not change with the language. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "suivi/base/i18n.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/timeutil.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/domain.h"
#include "suivi/core/journey.h"

#define LIST_PAGE 200

/* The stage a user typed: a code, or a label (or the start of one) naming one. */
static const struct config_stage *stage_typed(const struct config *cfg, const char *typed)
{
    struct member_where w;
    struct query_error e;
    char *q = xasprintf("stage:%s", typed), *buf = xmalloc(strlen(q) + 1);
    const struct config_stage *st = NULL;
    if (!strchr(typed, ' ') && journey_parse_filter(cfg, q, "", &w, buf, &e) == 0 && w.stage)
        st = journey_stage(cfg, w.stage);
    free(q);
    free(buf);
    return st;
}

static int journey_set(const struct config *cfg, store *s, const struct cli *c)
{
    const struct config_stage *st = stage_typed(cfg, c->words[1]);
    if (!st)
        return usage_error(c->cmd, _("'%s' is not a stage of the journey (suivi journey "
                                     "stages lists them)"), c->words[1]);
    struct member m = {0};
    int status = cli_member(s, c->words[0], &m);
    char err[ERR_LEN] = "";
    if (status == 0) {
        int rc = journey_move(s, cfg, m.id, st->code, c->why, 0, err, sizeof err);
        if (rc == STORE_OK)
            say(stdout, _("%s: %s: journey at %s"), store_path(s), m.name, st->label);
        else
            say(stderr, "suivi: %s: %s", store_path(s), err);
        status = rc == STORE_OK ? 0 : EXIT_RUNTIME;
    }
    member_clear(&m);
    return status;
}

static void when_text(int64_t t, char *buf, size_t len)
{
    if (!t || time_format_local(t, "%Y-%m-%d %H:%M", buf, len) != 0)
        snprintf(buf, len, "%s", "");
}

static int journey_show(const struct config *cfg, store *s, const struct cli *c)
{
    struct member m = {0};
    int status = cli_member(s, c->words[0], &m);
    struct stage_change *ch = NULL;
    int n = 0;
    if (status == 0 && store_member_stages(s, m.id, &ch, &n) != STORE_OK) {
        say(stderr, "suivi: %s: %s", store_path(s), store_errmsg(s));
        status = EXIT_RUNTIME;
    }
    if (status == 0) {
        static const char *const head[] = { "ENTERED", "STAGE", "DAYS", "BY", "WHY" };
        struct table t;
        table_init(&t, 5, head);
        int64_t now = time_now();
        for (int i = 0; i < n; i++) {
            char when[64], days[24];
            when_text(ch[i].entered_at, when, sizeof when);
            snprintf(days, sizeof days, "%lld",
                     (long long)(journey_time_in(ch, n, i, now) / 86400));
            const char *row[] = { when, ch[i].stage, days, ch[i].login, ch[i].why };
            table_add(&t, row);
        }
        status = table_print(&t, stdout);
        table_free(&t);
        if (status == 0 && n == 0)
            say(stdout, _("%s: no stage yet (suivi journey set)"), m.name);
        char today[DATE_ISO_LEN];
        date_today(today);
        struct journey_proposal p;
        if (status == 0 && journey_propose(s, cfg, &m, today, &p) == STORE_OK && p.to)
            say(stdout, _("%s: proposed: %s, from %s (suivi journey set %s %s)"), m.name,
                p.to->label, p.why, c->words[0], p.to->code);
    }
    stage_changes_free(ch, n);
    member_clear(&m);
    return status;
}

static void add_member_row(struct table *t, const struct member *m, const char *today)
{
    char id[24], since[64];
    snprintf(id, sizeof id, "%lld", (long long)m->id);
    when_text(m->stage_since, since, sizeof since);
    const char *row[] = { id, m->name, m->stage ? m->stage : "", since,
                          m->stage_due ? m->stage_due : "",
                          journey_stalled(m, today) ? "yes" : "no" };
    table_add(t, row);
}

static int journey_list(const struct config *cfg, store *s, const struct cli *c)
{
    char today[DATE_ISO_LEN];
    date_today(today);
    struct member_where w;
    struct query_error e;
    char *text = xmalloc(strlen(c->query ? c->query : "") + 1);
    if (journey_parse_filter(cfg, c->query, today, &w, text, &e) != 0) {
        free(text);
        return usage_error(c->cmd, _("--query, column %d: %s"), e.column, e.msg);
    }
    static const char *const head[] = { "ID", "NAME", "STAGE", "SINCE", "DUE", "STALLED" };
    struct table t;
    table_init(&t, 6, head);
    struct member *rows = xcalloc(LIST_PAGE, sizeof *rows), last = {0};
    int n = 0, rc = STORE_OK;
    for (enum page_dir dir = PAGE_FIRST; rc == STORE_OK; dir = PAGE_AFTER) {
        rc = store_members_where_page(s, &w, dir, dir == PAGE_FIRST ? NULL : &last, LIST_PAGE,
                                      rows, &n);
        member_clear(&last);
        for (int i = 0; rc == STORE_OK && i < n; i++)
            add_member_row(&t, &rows[i], today);
        if (n > 0)
            member_copy(&last, &rows[n - 1]);
        for (int i = 0; i < n; i++)
            member_clear(&rows[i]);
        if (n < LIST_PAGE)
            break;
    }
    member_clear(&last);
    free(rows);
    free(text);
    int status = 0;
    if (rc != STORE_OK) {
        say(stderr, "suivi: %s: %s", store_path(s), store_errmsg(s));
        status = EXIT_RUNTIME;
    } else {
        status = table_print(&t, stdout);
    }
    table_free(&t);
    return status;
}

static int journey_stages(const struct config *cfg)
{
    static const char *const head[] = { "CODE", "LABEL", "TAG", "DAYS" };
    struct table t;
    table_init(&t, 4, head);
    for (int i = 0; i < cfg->nstages; i++) {
        const struct config_stage *st = &cfg->stages[i];
        char days[24];
        snprintf(days, sizeof days, "%d", st->limit_days);
        const char *row[] = { st->code, st->label, st->tag, st->exit ? "exit" : days };
        table_add(&t, row);
    }
    int status = table_print(&t, stdout);
    table_free(&t);
    return status;
}

int run_journey(const struct config *cfg, const struct cli *c)
{
    const char *verb = c->cmd->verb;
    if (strcmp(verb, "stages") == 0)
        return journey_stages(cfg);
    if (strcmp(verb, "set") == 0 && !stage_typed(cfg, c->words[1]))
        return usage_error(c->cmd, _("'%s' is not a stage of the journey (suivi journey "
                                     "stages lists them)"), c->words[1]);
    store *s;
    int status = open_store(cfg, false, &s);
    if (status)
        return status;
    if (strcmp(verb, "set") == 0)
        status = journey_set(cfg, s, c);
    else if (strcmp(verb, "show") == 0)
        status = journey_show(cfg, s, c);
    else
        status = journey_list(cfg, s, c);
    store_close(s);
    return status;
}
