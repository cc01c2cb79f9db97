/* report_funnel — see report_funnel.h. */
#include "suivi/core/report_funnel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suivi/base/xalloc.h"

/* The value of rank k (from 0) of the list the weights expand to. */
static double value_at(const int64_t *v, const int64_t *w, int n, int64_t k)
{
    int64_t seen = 0;
    for (int i = 0; i < n; i++) {
        seen += w[i] > 0 ? w[i] : 0;
        if (k < seen)
            return (double)v[i];
    }
    return n > 0 ? (double)v[n - 1] : 0;
}

double weighted_quantile(const int64_t *v, const int64_t *w, int n, double q)
{
    int64_t total = 0;
    for (int i = 0; i < n; i++)
        total += w[i] > 0 ? w[i] : 0;
    if (total == 0)
        return 0;
    double pos = q * (double)(total - 1);
    int64_t lo = (int64_t)pos;
    double at_lo = value_at(v, w, n, lo);
    if (lo >= total - 1)
        return at_lo;
    return at_lo + (pos - (double)lo) * (value_at(v, w, n, lo + 1) - at_lo);
}

/* The stage's place in the journey's order, -1 when not configured. */
static int stage_index(const struct config *cfg, const char *code, size_t len)
{
    for (int i = 0; i < cfg->nstages; i++)
        if (strlen(cfg->stages[i].code) == len && strncmp(cfg->stages[i].code, code, len) == 0)
            return i;
    return -1;
}

/* The journey's last step (renewal due): what follows it starts a new round. */
static bool last_step(const struct config *cfg, int i)
{
    for (int j = i + 1; j < cfg->nstages; j++)
        if (!cfg->stages[j].exit)
            return false;
    return true;
}

struct stays {                    /* the ended stays of one stage: days, how many */
    int64_t *days, *count;
    int n;
};

static void add_stay(struct stays *s, int64_t days, int64_t count)
{
    for (int i = 0; i < s->n; i++)
        if (s->days[i] == days) {
            s->count[i] += count;
            return;
        }
    s->days[s->n] = days;
    s->count[s->n++] = count;
}

static void sort_stays(struct stays *s)
{
    for (int i = 1; i < s->n; i++)          /* few distinct values, mostly in order */
        for (int j = i; j > 0 && s->days[j - 1] > s->days[j]; j--) {
            int64_t d = s->days[j], c = s->count[j];
            s->days[j] = s->days[j - 1];
            s->count[j] = s->count[j - 1];
            s->days[j - 1] = d;
            s->count[j - 1] = c;
        }
}

/* One row of moves ("stage\tnext", days, how many) into the funnel. */
static void count_move(const struct config *cfg, const struct stat_row *m,
                       struct funnel_stage *f, struct stays *stays)
{
    const char *label = m->label ? m->label : "";
    size_t cl = strcspn(label, "\t");
    int from = stage_index(cfg, label, cl);
    if (from < 0 || cfg->stages[from].exit)
        return;
    const char *next = label[cl] ? label + cl + 1 : "";
    f[from].entered += m->a;
    if (!*next) {
        f[from].still += m->a;
        return;
    }
    int to = stage_index(cfg, next, strlen(next));
    if (to >= 0 && cfg->stages[to].exit)
        f[from].exited += m->a;
    else if (to > from || (to >= 0 && to != from && last_step(cfg, from)))
        f[from].moved_on += m->a;       /* from the last step, back is a renewal */
    else
        f[from].moved_back += m->a;     /* an earlier step (or see report_funnel.h) */
    add_stay(&stays[from], m->id, m->a);
}

void report_funnel(struct report *r, const struct config *cfg)
{
    free(r->funnel);
    r->nfunnel = cfg->nstages;
    r->funnel = xcalloc((size_t)cfg->nstages + 1, sizeof *r->funnel);
    struct stays *stays = xcalloc((size_t)cfg->nstages + 1, sizeof *stays);
    for (int i = 0; i < cfg->nstages; i++) {
        snprintf(r->funnel[i].code, sizeof r->funnel[i].code, "%s", cfg->stages[i].code);
        stays[i].days = xcalloc((size_t)r->nmoves + 1, sizeof *stays[i].days);
        stays[i].count = xcalloc((size_t)r->nmoves + 1, sizeof *stays[i].count);
    }
    for (int i = 0; i < r->nmoves; i++)
        count_move(cfg, &r->moves[i], r->funnel, stays);
    for (int i = 0; i < cfg->nstages; i++) {
        sort_stays(&stays[i]);
        r->funnel[i].median_days = weighted_quantile(stays[i].days, stays[i].count,
                                                     stays[i].n, 0.5);
        free(stays[i].days);
        free(stays[i].count);
    }
    free(stays);
    /* The exits end journeys; they have no stays of their own to count. */
    int k = 0;
    for (int i = 0; i < cfg->nstages; i++)
        if (!cfg->stages[i].exit)
            r->funnel[k++] = r->funnel[i];
    r->nfunnel = k;
}
