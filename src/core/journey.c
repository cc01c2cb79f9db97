/* journey — see journey.h. */
#include "suivi/core/journey.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suivi/base/dateinput.h"
#include "suivi/base/i18n.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/timeutil.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/domain.h"
#include "suivi/store/usage.h"

static int stage_index(const struct config *cfg, const char *code)
{
    for (int i = 0; code && i < cfg->nstages; i++)
        if (strcmp(cfg->stages[i].code, code) == 0)
            return i;
    return -1;
}

const struct config_stage *journey_stage(const struct config *cfg, const char *code)
{
    int i = stage_index(cfg, code);
    return i < 0 ? NULL : &cfg->stages[i];
}

const struct config_stage *journey_next(const struct config *cfg, const char *code)
{
    int i = code ? stage_index(cfg, code) : -1;
    if (code && (i < 0 || cfg->stages[i].exit))
        return NULL;
    for (int k = i + 1; k < cfg->nstages; k++)
        if (!cfg->stages[k].exit)
            return &cfg->stages[k];
    return NULL;
}

const char *journey_label(const struct config *cfg, const char *code)
{
    const struct config_stage *st = journey_stage(cfg, code);
    return st ? st->label : code ? code : "";
}

const char *journey_tag(const struct config *cfg, const char *code)
{
    const struct config_stage *st = journey_stage(cfg, code);
    return st ? st->tag : code ? "?" : "";
}

bool journey_stalled(const struct member *m, const char *today)
{
    return m->stage && m->stage_due && *m->stage_due && strcmp(m->stage_due, today) < 0;
}

/* The date by which a member entering st today should have moved on, or "". */
static void due_of(const struct config_stage *st, char due[DATE_ISO_LEN])
{
    due[0] = '\0';
    if (st->exit || st->limit_days <= 0)
        return;
    char today[DATE_ISO_LEN];
    date_today(today);
    if (date_add_days(today, st->limit_days, due) != 0)
        due[0] = '\0';
}

int journey_move(store *s, const struct config *cfg, int64_t member_id, const char *code,
                 const char *why, int64_t expect_version, char *err, size_t errlen)
{
    const struct config_stage *to = journey_stage(cfg, code);
    if (!to) {
        snprintf(err, errlen, _("'%s' is not a stage of the journey (see [journey])"),
                 code ? code : "");
        return DOMAIN_INVALID;
    }
    struct member m = {0};
    int rc = store_member_get(s, member_id, &m);
    if (rc == STORE_OK && m.stage && strcmp(m.stage, to->code) == 0) {
        snprintf(err, errlen, _("%s is at %s already"), m.name, to->label);
        rc = DOMAIN_INVALID;
    }
    if (rc == STORE_OK) {
        char due[DATE_ISO_LEN];
        due_of(to, due);
        char *subject = m.stage
            ? xasprintf(_("Journey: %s (was %s)"), to->label, journey_label(cfg, m.stage))
            : xasprintf(_("Journey: %s"), to->label);
        struct stage_write w = { .member_id = member_id, .stage = to->code,
                                 .due = *due ? due : NULL, .why = why && *why ? why : NULL,
                                 .subject = subject, .expect_version = expect_version };
        rc = store_member_set_stage(s, &w, NULL);
        free(subject);
    }
    if (rc != STORE_OK && rc != DOMAIN_INVALID)
        snprintf(err, errlen, "%s", store_errmsg(s));
    member_clear(&m);
    return rc;
}

/* Whether the member is before stage code in the journey's order (at none, or at
 * an earlier step; never at an exit). */
static bool before(const struct config *cfg, const struct member *m, const char *code)
{
    int at = stage_index(cfg, m->stage), to = stage_index(cfg, code);
    if (to < 0 || (m->stage && at < 0))
        return false;
    return !m->stage || (!cfg->stages[at].exit && at < to);
}

int journey_propose(store *s, const struct config *cfg, const struct member *m,
                    const char *today, struct journey_proposal *p)
{
    memset(p, 0, sizeof *p);
    char first[MONTH_LEN], from[DATE_ISO_LEN], convention[64];
    int months = 0;
    /* The last REGULAR_MONTHS whole months (this one is not over: its figures come
     * once it is), counted from the first of them on. */
    month_add(today, -REGULAR_MONTHS, from);
    int rc = store_member_usage_facts(s, m->id, from, first, &months, convention,
                                      sizeof convention);
    if (rc != STORE_OK)
        return rc;
    if (*convention && before(cfg, m, "convention")) {
        p->to = journey_stage(cfg, "convention");
        snprintf(p->why, sizeof p->why, _("a subscription under convention %s"), convention);
    } else if (*first && before(cfg, m, "first_use")) {
        p->to = journey_stage(cfg, "first_use");
        snprintf(p->why, sizeof p->why, _("its first usage figures, for %s"), first);
    } else if (m->stage && strcmp(m->stage, "first_use") == 0 && months >= REGULAR_MONTHS) {
        p->to = journey_stage(cfg, "regular");
        snprintf(p->why, sizeof p->why, _("usage figures in each of the last %d months"),
                 REGULAR_MONTHS);
    }
    return STORE_OK;
}

int64_t journey_time_in(const struct stage_change *changes, int n, int i, int64_t now)
{
    if (i < 0 || i >= n)
        return 0;
    int64_t end = i + 1 < n ? changes[i + 1].entered_at : now;
    return end > changes[i].entered_at ? end - changes[i].entered_at : 0;
}

/* ---- the members filter ---- */

/* The stage a typed value names: a code, or a label or its start, folded; one
 * only.  "none" (aucune) is the members with none yet: *none. */
static int stage_named(const struct config *cfg, const char *typed, const char **code,
                       bool *none)
{
    char *want = fold_for_search(typed);
    *none = strcmp(want, "none") == 0 || strcmp(want, "aucune") == 0;
    int found = *none ? 1 : 0;
    size_t wl = strlen(want);
    for (int i = 0; !*none && i < cfg->nstages && wl; i++) {
        char *label = fold_for_search(cfg->stages[i].label);
        bool exact = strcmp(cfg->stages[i].code, want) == 0 || strcmp(label, want) == 0;
        bool prefix = strncmp(cfg->stages[i].code, want, wl) == 0 ||
                      strncmp(label, want, wl) == 0;
        free(label);
        if (exact) {
            *code = cfg->stages[i].code;
            found = 1;
            break;
        }
        if (prefix && found++ == 0)
            *code = cfg->stages[i].code;
    }
    free(want);
    return found;
}

/* The field a word names ("stage", "stalled"), folded, or NULL. */
static const char *field_of(const char *word, size_t len)
{
    char *raw = xstrndup(word, len), *f = fold_for_search(raw);
    free(raw);
    const char *out = NULL;
    if (strcmp(f, "stage") == 0 || strcmp(f, "etape") == 0)
        out = "stage";
    else if (strcmp(f, "stalled") == 0 || strcmp(f, "bloque") == 0)
        out = "stalled";
    else if (strcmp(f, "dept") == 0 || strcmp(f, "departement") == 0)
        out = "dept";
    else if (strcmp(f, "uses") == 0 || strcmp(f, "utilise") == 0)
        out = "uses";
    else if (strcmp(f, "trained") == 0 || strcmp(f, "forme") == 0)
        out = "trained";
    free(f);
    return out;
}

/* Characters (not bytes) from s to end: a column as the user counts it. */
static int chars_in(const char *s, const char *end)
{
    int n = 0;
    for (; s < end; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* trained:CODE..DAY: first trained on or before DAY (the dashboard's before/after
 * figure counts only those trained long enough ago).  The code is then checked
 * as uses:'s is. */
static int trained_by(const char *value, int col, struct member_where *w,
                      struct query_error *err)
{
    const char *dots = strstr(value, "..");
    if (!dots)
        return 0;
    char why[160];
    if (date_parse_user(dots + 2, w->trained_by, why, sizeof why) != 0)
        return query_fail(err, col + chars_in(value, dots + 2), "trained: %s", why);
    return 0;
}

/* One field word: its value after the colon, at column col. */
static int apply_field(const struct config *cfg, const char *field, const char *value, int col,
                       struct member_where *w, struct query_error *err)
{
    if (strcmp(field, "uses") == 0 || strcmp(field, "trained") == 0) {
        if (field[0] == 't' && trained_by(value, col, w, err) != 0)
            return -1;
        size_t n = w->trained_by[0] && field[0] == 't' ? (size_t)(strstr(value, "..") - value)
                                                        : strlen(value);
        if (n == 0 || n > 32 || strspn(value, "abcdefghijklmnopqrstuvwxyz0123456789_") != n)
            return query_fail(err, col, _("%s:%s: a service's code (see suivi service list)"),
                              field, value);
        snprintf(field[0] == 'u' ? w->uses : w->trained, 33, "%.*s", (int)n, value);
        return 0;
    }
    if (strcmp(field, "dept") == 0) {
        size_t n = strlen(value);
        if ((n != 2 && n != 3) || strspn(value, "0123456789ABab") != n)
            return query_fail(err, col, _("dept:%s: a département is 2 or 3 characters "
                                          "(29, 2A, 971)"), value);
        for (size_t i = 0; i < n; i++)
            w->departement[i] = (char)(value[i] == 'a' ? 'A' : value[i] == 'b' ? 'B'
                                                                       : value[i]);
        w->departement[n] = '\0';
        return 0;
    }
    if (strcmp(field, "stalled") == 0) {
        if ((w->stalled = query_yes_no(value)) < 0)
            return query_fail(err, col, _("stalled:%s: say stalled:yes or stalled:no"), value);
        return 0;
    }
    bool none = false;
    const char *code = NULL;
    int found = stage_named(cfg, value, &code, &none);
    if (found == 0)
        return query_fail(err, col, _("stage:%s: no such stage (see [journey])"), value);
    if (found > 1)
        return query_fail(err, col, _("stage:%s names several stages: type more"), value);
    w->by_stage = true;
    w->stage = none ? NULL : code;
    return 0;
}

int journey_parse_filter(const struct config *cfg, const char *text, const char *today,
                         struct member_where *w, char *text_out, struct query_error *err)
{
    *w = (struct member_where){ .stalled = -1, .today = today };
    err->column = 0;
    err->msg[0] = '\0';
    char *o = text_out;
    *o = '\0';
    for (const char *p = text ? text : ""; *p;) {
        const char *end = p + strcspn(p, " \t");
        const char *colon = memchr(p, ':', (size_t)(end - p));
        const char *field = colon ? field_of(p, (size_t)(colon - p)) : NULL;
        if (field) {
            char *value = xstrndup(colon + 1, (size_t)(end - colon - 1));
            int col = chars_in(text, colon + 1) + 1;
            int rc = apply_field(cfg, field, value, col, w, err);
            free(value);
            if (rc != 0)
                return rc;
        } else {
            if (o > text_out)
                *o++ = ' ';
            memcpy(o, p, (size_t)(end - p));
            o += end - p;
            *o = '\0';
        }
        p = end + strspn(end, " \t");
    }
    /* No field word: the filter is the text as typed (its spaces too). */
    if (!w->by_stage && w->stalled < 0 && !w->departement[0] && !w->uses[0] && !w->trained[0])
        strcpy(text_out, text ? text : "");
    w->text = *text_out ? text_out : NULL;
    return 0;
}
