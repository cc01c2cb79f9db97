/* query — parse the query language (query.h) into a struct action_where, then
 * look its names up in the store.
 *
 * The parser walks the text once, token by token, keeping the column of each token
 * so that an error can point at it.  A token is a bare word, a "quoted phrase", or
 * field:value where the value may itself be quoted.  Values are checked here
 * (statuses, priorities, dates); names are only looked up by query_resolve, so the
 * parser can be tested without a database. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suivi/base/dateinput.h"
#include "suivi/base/i18n.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/domain.h"
#include "suivi/core/members.h"
#include "suivi/core/query.h"

enum field { F_STATUS, F_PRIO, F_POLE, F_ASSIGNEE, F_PROVIDER, F_DUE, F_OVERDUE, F_MEMBER,
             F_OPENED, F_CLOSED, F_COUNT };

/* Field names, English first (the one errors use), then French and short forms. */
static const struct { const char *name; enum field f; } FIELD_NAMES[] = {
    { "status", F_STATUS }, { "statut", F_STATUS },
    { "prio", F_PRIO }, { "priority", F_PRIO }, { "priorite", F_PRIO },
    { "pole", F_POLE },
    { "assignee", F_ASSIGNEE }, { "assigne", F_ASSIGNEE }, { "who", F_ASSIGNEE },
    { "provider", F_PROVIDER }, { "prestataire", F_PROVIDER },
    { "due", F_DUE }, { "echeance", F_DUE },
    { "overdue", F_OVERDUE }, { "retard", F_OVERDUE },
    { "member", F_MEMBER }, { "adherent", F_MEMBER },
    { "opened", F_OPENED }, { "ouverte", F_OPENED }, { "creee", F_OPENED },
    { "closed", F_CLOSED }, { "fermee", F_CLOSED }, { "close", F_CLOSED },
};

#define OPEN_BITS ((1u << ASTATUS_OPEN) | (1u << ASTATUS_IN_PROGRESS) | \
                   (1u << ASTATUS_WAIT_MEMBER) | (1u << ASTATUS_WAIT_PROVIDER))
#define WAIT_BITS ((1u << ASTATUS_WAIT_MEMBER) | (1u << ASTATUS_WAIT_PROVIDER))
#define BIT(s) (1u << (s))

static const struct { const char *name; unsigned bits; } STATUS_WORDS[] = {
    { "open", BIT(ASTATUS_OPEN) }, { "ouvert", BIT(ASTATUS_OPEN) },
    { "progress", BIT(ASTATUS_IN_PROGRESS) }, { "in_progress", BIT(ASTATUS_IN_PROGRESS) },
    { "encours", BIT(ASTATUS_IN_PROGRESS) },
    { "wmember", BIT(ASTATUS_WAIT_MEMBER) }, { "wait_member", BIT(ASTATUS_WAIT_MEMBER) },
    { "wprovider", BIT(ASTATUS_WAIT_PROVIDER) },
    { "wait_provider", BIT(ASTATUS_WAIT_PROVIDER) },
    { "waiting", WAIT_BITS }, { "wait", WAIT_BITS }, { "attente", WAIT_BITS },
    { "done", BIT(ASTATUS_DONE) }, { "fait", BIT(ASTATUS_DONE) },
    { "cancelled", BIT(ASTATUS_CANCELLED) }, { "canceled", BIT(ASTATUS_CANCELLED) },
    { "annule", BIT(ASTATUS_CANCELLED) },
    { "closed", WHERE_CLOSED_BITS }, { "clos", WHERE_CLOSED_BITS },
    { "active", OPEN_BITS }, { "actif", OPEN_BITS },
    { "all", OPEN_BITS | WHERE_CLOSED_BITS }, { "tout", OPEN_BITS | WHERE_CLOSED_BITS },
};

/* A token of the text: its value (unquoted, owned) and where it starts. */
struct token {
    char *field;        /* NULL for free text */
    char *value;
    int col, value_col; /* 1-based columns of the token and of its value */
    bool quoted;
};

int query_fail(struct query_error *err, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    err->column = col;
    return -1;
}

/* Characters, not bytes: a column on screen (UTF-8 continuation bytes don't count). */
static int column_of(const char *text, const char *at)
{
    int col = 1;
    for (const char *p = text; p < at; p++)
        col += ((unsigned char)*p & 0xC0) != 0x80;
    return col;
}

/* Read a value at *p: quoted ("…", no escapes: a query holds names, not quotes) or
 * up to the next blank. */
static char *read_value(const char **p, bool *quoted, const char *text,
                        struct query_error *err)
{
    const char *s = *p;
    *quoted = *s == '"';
    if (*quoted) {
        const char *end = strchr(s + 1, '"');
        if (!end) {
            query_fail(err, column_of(text, s), _("a quote opened here is never closed"));
            return NULL;
        }
        *p = end + 1;
        return xstrndup(s + 1, (size_t)(end - s - 1));
    }
    while (**p && !isspace((unsigned char)**p))
        (*p)++;
    return xstrndup(s, (size_t)(*p - s));
}

/* The next token from *p, or false at the end (or on an error: err->msg set). */
static bool next_token(const char **p, const char *text, struct token *t,
                       struct query_error *err)
{
    memset(t, 0, sizeof *t);
    while (isspace((unsigned char)**p))
        (*p)++;
    if (!**p)
        return false;
    const char *s = *p;
    t->col = column_of(text, s);
    const char *f = s;
    /* Letters, accented ones too: "échéance:" is "echeance:" once folded. */
    while (isalpha((unsigned char)*f) || *f == '_' || (unsigned char)*f >= 0x80)
        f++;
    if (*f == ':' && f > s && *s != '"') {
        t->field = xstrndup(s, (size_t)(f - s));
        *p = f + 1;
    }
    t->value_col = column_of(text, *p);
    t->value = read_value(p, &t->quoted, text, err);
    if (!t->value) {
        free(t->field);
        t->field = NULL;
    }
    return t->value != NULL;
}

static void token_free(struct token *t)
{
    free(t->field);
    free(t->value);
}

static int field_of(const char *name)
{
    char *folded = fold_for_search(name);
    int f = -1;
    for (size_t i = 0; i < sizeof FIELD_NAMES / sizeof FIELD_NAMES[0] && f < 0; i++)
        if (strcmp(folded, FIELD_NAMES[i].name) == 0)
            f = (int)FIELD_NAMES[i].f;
    free(folded);
    return f;
}

/* ---- values ---- */

static int parse_statuses(const struct token *t, struct action_where *w,
                          struct query_error *err)
{
    char *folded = fold_for_search(t->value), *save = NULL;
    int rc = 0, col = t->value_col;
    for (char *word = strtok_r(folded, ",", &save); word && rc == 0;
         word = strtok_r(NULL, ",", &save)) {
        unsigned bits = 0;
        for (size_t i = 0; i < sizeof STATUS_WORDS / sizeof STATUS_WORDS[0]; i++)
            if (strcmp(word, STATUS_WORDS[i].name) == 0)
                bits = STATUS_WORDS[i].bits;
        if (!bits)
            rc = query_fail(err, col + (int)(word - folded),
                      _("status:%s is not a status (open, progress, wmember, wprovider, "
                        "waiting, done, cancelled, closed, active, all)"), word);
        w->statuses |= bits;
    }
    if (rc == 0 && !*t->value)
        rc = query_fail(err, col, _("status: needs a status, e.g. status:open"));
    free(folded);
    return rc;
}

/* One priority: "P2", "p2" or "2". */
static int priority_of(const char *s, const char **end)
{
    if (*s == 'P' || *s == 'p')
        s++;
    if (*s < '0' + PRIORITY_MIN || *s > '0' + PRIORITY_MAX)
        return 0;
    *end = s + 1;
    return *s - '0';
}

static int parse_priorities(const struct token *t, struct action_where *w,
                            struct query_error *err)
{
    const char *s = t->value, *end = s;
    int lo = PRIORITY_MIN, hi = PRIORITY_MAX;
    if (s[0] == '<' || s[0] == '>') {
        bool less = s[0] == '<', eq = s[1] == '=';
        int p = priority_of(s + 1 + eq, &end);
        if (p && !*end) {
            /* P1 is the most urgent: "prio:<=2" reads "P2 or more urgent" as digits. */
            if (less)
                hi = eq ? p : p - 1;
            else
                lo = eq ? p : p + 1;
            for (int i = lo; i <= hi; i++)
                w->priorities |= 1u << i;
            if (w->priorities)
                return 0;
        }
    } else {
        for (;;) {
            int a = priority_of(s, &end), b = a;
            if (a && *end == '-')
                b = priority_of(end + 1, &end);
            if (!a || !b || b < a)
                break;
            for (int i = a; i <= b; i++)
                w->priorities |= 1u << i;
            if (!*end)
                return 0;
            if (*end != ',')
                break;
            s = end + 1;
        }
    }
    return query_fail(err, t->value_col, _("prio:%s is not a priority (P1 to P4: prio:P1, "
                                     "prio:1,2, prio:1-2, prio:<=2)"), t->value);
}

/* "7d", "2w", "3j", "1s": days or weeks from today (a due date looks ahead). */
static bool relative_days(const char *s, int *days)
{
    char *end;
    long n = strtol(s, &end, 10);
    if (end == s || !isdigit((unsigned char)*s) || n > 3660 || end[0] == '\0' || end[1])
        return false;
    int unit = tolower((unsigned char)*end);
    if (unit == 'd' || unit == 'j')
        *days = (int)n;
    else if (unit == 'w' || unit == 's')
        *days = (int)n * 7;
    else
        return false;
    return true;
}

static int parse_day(const char *field, const char *s, const char *today,
                     char out[DATE_ISO_LEN], int col, struct query_error *err)
{
    int days;
    if (relative_days(s, &days))
        return date_add_days(today, days, out) == 0 ? 0
             : query_fail(err, col, _("%s:%s: too far away"), field, s);
    char why[160];
    if (date_parse_user(s, out, why, sizeof why) != 0)
        return query_fail(err, col, "%s: %s", field, why);
    return 0;
}

/* "A..B": both days in (the dashboard's Enter on a week, a period). */
static bool parse_span(const char *field, const struct token *t, const char *today,
                       char from[11], char to[11], int *rc, struct query_error *err)
{
    const char *dots = strstr(t->value, "..");
    if (!dots)
        return false;
    char a[64];
    snprintf(a, sizeof a, "%.*s", (int)(dots - t->value < 63 ? dots - t->value : 63), t->value);
    char da[DATE_ISO_LEN], db[DATE_ISO_LEN];
    *rc = parse_day(field, a, today, da, t->value_col, err);
    if (*rc == 0)
        *rc = parse_day(field, dots + 2, today, db, t->value_col + (int)(dots + 2 - t->value),
                        err);
    if (*rc == 0 && strcmp(da, db) > 0)
        *rc = query_fail(err, t->value_col, _("%s:%s: the first day is after the last"), field,
                         t->value);
    if (*rc == 0) {
        snprintf(from, 11, "%s", da);
        snprintf(to, 11, "%s", db);
    }
    return true;
}

/* due:, opened:, closed: — <, <=, >, >=, = or a day, or A..B: inclusive bounds. */
static int parse_dates(const char *field, const struct token *t, const char *today,
                       char from[11], char to[11], struct query_error *err)
{
    int rc = 0;
    if (parse_span(field, t, today, from, to, &rc, err))
        return rc;
    const char *s = t->value;
    char op = 0;
    bool eq = false;
    if (*s == '<' || *s == '>' || *s == '=') {
        op = *s++;
        eq = op == '=' || *s == '=';
        s += op != '=' && *s == '=';
    }
    char day[DATE_ISO_LEN];
    int col = t->value_col + (int)(s - t->value);
    if (!*s)
        rc = query_fail(err, col, _("%s: needs a date, e.g. %s:<7d or %s:15/12"), field, field,
                        field);
    else
        rc = parse_day(field, s, today, day, col, err);
    /* Strict bounds become inclusive ones a day off. */
    if (rc == 0 && (op == '<' || op == '>') && !eq &&
        date_add_days(day, op == '<' ? -1 : 1, day) != 0)
        rc = query_fail(err, col, _("%s:%s: too far away"), field, s);
    if (rc == 0 && op != '>')
        snprintf(to, 11, "%s", day);
    if (rc == 0 && op != '<')
        snprintf(from, 11, "%s", day);
    return rc;
}

static int parse_due(const struct token *t, const char *today, struct action_where *w,
                     struct query_error *err)
{
    char *folded = fold_for_search(t->value);
    int rc = 0;
    if (strcmp(folded, "none") == 0 || strcmp(folded, "aucune") == 0) {
        w->due_none = true;
    } else {
        rc = parse_dates("due", t, today, w->due_from, w->due_to, err);
    }
    free(folded);
    return rc;
}

int query_yes_no(const char *typed)
{
    static const char *const yes[] = { "yes", "oui", "y", "o", "true", "1" };
    static const char *const no[] = { "no", "non", "n", "false", "0" };
    char *folded = fold_for_search(typed);
    int v = -1;
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (strcmp(folded, yes[i]) == 0)
            v = 1;
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (strcmp(folded, no[i]) == 0)
            v = 0;
    free(folded);
    return v;
}

static int parse_overdue(const struct token *t, struct action_where *w,
                         struct query_error *err)
{
    int v = query_yes_no(t->value);
    w->overdue = v == 1 ? 1 : v == 0 ? -1 : 0;
    return w->overdue ? 0
         : query_fail(err, t->value_col, _("overdue:%s: say overdue:yes or overdue:no"), t->value);
}

/* A name kept for query_resolve; twice the same field is a mistake worth naming. */
static int keep_name(const struct token *t, char **slot, int *col, struct query_error *err)
{
    if (*slot)
        return query_fail(err, t->col, _("%s: is given twice"), t->field);
    if (!*t->value)
        return query_fail(err, t->value_col, _("%s: needs a name"), t->field);
    *slot = xstrdup(t->value);
    *col = t->value_col;
    return 0;
}

static int add_term(struct query *q, const struct token *t, struct query_error *err)
{
    for (int i = 0; i < WHERE_TERMS; i++)
        if (!q->term[i]) {
            q->term[i] = fold_for_search(t->value);
            q->where.terms[i] = q->term[i];
            return 0;
        }
    return query_fail(err, t->col, _("at most %d words or phrases of free text"), WHERE_TERMS);
}

static int parse_field(struct query *q, const struct token *t, const char *today,
                       struct query_error *err)
{
    switch (field_of(t->field)) {
    case F_STATUS:   return parse_statuses(t, &q->where, err);
    case F_PRIO:     return parse_priorities(t, &q->where, err);
    case F_POLE:     return keep_name(t, &q->pole, &q->pole_col, err);
    case F_ASSIGNEE: return keep_name(t, &q->assignee, &q->assignee_col, err);
    case F_PROVIDER: return keep_name(t, &q->provider, &q->provider_col, err);
    case F_DUE:      return parse_due(t, today, &q->where, err);
    case F_OVERDUE:  return parse_overdue(t, &q->where, err);
    case F_MEMBER:   return keep_name(t, &q->member, &q->member_col, err);
    case F_OPENED:
        return parse_dates("opened", t, today, q->where.opened_from, q->where.opened_to, err);
    case F_CLOSED:
        return parse_dates("closed", t, today, q->where.closed_from, q->where.closed_to, err);
    default:
        return query_fail(err, t->col, _("%s: is not a field (status, prio, pole, assignee, "
                                         "provider, due, overdue, member, opened, closed)"),
                          t->field);
    }
}

int query_parse(const char *text, const char *today, struct query *q,
                struct query_error *err)
{
    memset(q, 0, sizeof *q);
    memset(err, 0, sizeof *err);
    char day[DATE_ISO_LEN];
    if (!today) {
        date_today(day);
        today = day;
    }
    const char *p = text ? text : "";
    struct token t;
    int rc = 0;
    while (rc == 0 && next_token(&p, text, &t, err)) {
        if (t.field)
            rc = parse_field(q, &t, today, err);
        else if (*t.value)
            rc = add_term(q, &t, err);
        token_free(&t);
    }
    if (rc == 0 && err->msg[0])   /* next_token stopped on an error */
        rc = -1;
    /* One assignee: a colleague or nobody (assignee:), or a provider (provider:). */
    if (rc == 0 && q->assignee && q->provider)
        rc = query_fail(err, q->provider_col, "%s",
                        _("provider: and assignee: both name the assignee: give one"));
    /* Closed on some days: the closed actions, unless the statuses say otherwise. */
    if (rc == 0 && q->where.closed_from[0] && !q->where.statuses)
        q->where.statuses = WHERE_CLOSED_BITS;
    return rc;
}

bool query_is_empty(const struct query *q)
{
    static const struct action_where none;
    return !q->pole && !q->assignee && !q->provider && !q->member &&
           memcmp(&q->where, &none, sizeof none) == 0;
}

void query_free(struct query *q)
{
    free(q->pole);
    free(q->assignee);
    free(q->provider);
    free(q->member);
    for (int i = 0; i < WHERE_TERMS; i++)
        free(q->term[i]);
    memset(q, 0, sizeof *q);
}
