/* panes — the context the three list panes share (see panes.h). */
#include "suivi/ui/panes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suivi/base/sanitize.h"
#include "suivi/base/xalloc.h"
#include "panes_priv.h"

#define DATE_COLS_MAX 20

void panes_ctx_init(struct panes_ctx *c, store *s, const struct config *cfg)
{
    memset(c, 0, sizeof *c);
    c->s = s;
    c->cfg = cfg;
    c->scope = ACTIONS_OPEN;
    date_today(c->today);
    /* The column is as wide as today's date in the user's format (formats with
     * variable-width parts such as month names may be cut with a mark). */
    char buf[64];
    pane_format_date(c, c->today, buf, sizeof buf);
    int w = san_width(buf);
    c->date_cols = w < 1 ? 1 : (w > DATE_COLS_MAX ? DATE_COLS_MAX : w);
}

void panes_ctx_free(struct panes_ctx *c)
{
    free_and_null(&c->member_name);
}

void panes_ctx_set_member(struct panes_ctx *c, int64_t id, const char *name)
{
    c->member_id = id;
    str_replace(&c->member_name, name);
}

const char *pane_actions_scope_label(const struct panes_ctx *c)
{
    switch (c->scope) {
    case ACTIONS_OPEN:
        return "open queue";
    case ACTIONS_MEMBER:
        return c->member_name ? c->member_name : "no member";
    case ACTIONS_MINE:
        return "mine";
    }
    return "?";
}

void pane_format_date(const struct panes_ctx *c, const char *date, char *buf, size_t len)
{
    if (!date || !*date) {
        snprintf(buf, len, "-");
        return;
    }
    const char *fmt = c->cfg && c->cfg->date_format ? c->cfg->date_format : "%Y-%m-%d";
    if (date_format_user(date, fmt, buf, len) != 0)
        snprintf(buf, len, "%s", date);   /* unformattable: show it as stored */
}

void pane_format_instant(const struct panes_ctx *c, int64_t t, char *buf, size_t len)
{
    const char *fmt = c->cfg && c->cfg->date_format ? c->cfg->date_format : "%Y-%m-%d";
    if (time_format_local(t, fmt, buf, len) != 0)
        snprintf(buf, len, "?");
}

bool pane_same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

void pane_title(char *buf, size_t len, const char *what, const char *whose)
{
    if (whose)
        snprintf(buf, len, "%s %s %s", what, san_locale_is_utf8() ? "\u2014" : "-", whose);
    else
        snprintf(buf, len, "%s", what);
}
