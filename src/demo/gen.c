/* gen — the generator's tools (see gen.h): its own randomness, the simulated
 * clock, paced progress, errors, and the text helpers of the templates. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gen.h"
#include "suivi/base/i18n.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/xalloc.h"

/* ---- randomness ------------------------------------------------------------------ */

uint64_t gen_rnd(struct gen *g)
{
    uint64_t z = (g->rng += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* 0..n-1 (the modulo bias is far below anything a demo could show). */
int gen_below(struct gen *g, int n)
{
    return n > 0 ? (int)(gen_rnd(g) % (uint64_t)n) : 0;
}

int gen_range(struct gen *g, int lo, int hi)
{
    return lo + gen_below(g, hi - lo + 1);
}

bool gen_pct(struct gen *g, int pct)
{
    return gen_below(g, 100) < pct;
}

const char *gen_item(struct gen *g, const char *const *items, size_t n)
{
    return items[gen_below(g, (int)n)];
}

/* ---- clock, progress, errors ----------------------------------------------------- */

/* putenv() installs our own buffer, rewritten in place for each instant: no copy
 * is made per row (setenv would keep every old value alive). */
int gen_clock_start(struct gen *g)
{
    static const char prefix[] = "SUIVI_NOW=";
    const char *old = getenv("SUIVI_NOW");
    g->saved_now = old ? xstrdup(old) : NULL;
    g->clock_var = xmalloc(sizeof prefix + TIME_ISO_LEN);
    memcpy(g->clock_var, prefix, sizeof prefix);
    time_to_iso(g->now, g->clock_var + sizeof prefix - 1);
    return putenv(g->clock_var) == 0 ? 0 : -1;
}

void gen_clock_set(struct gen *g, int64_t t)
{
    time_to_iso(t < g->now ? t : g->now, g->clock_var + sizeof "SUIVI_NOW=" - 1);
}

void gen_clock_stop(struct gen *g)
{
    if (!g->clock_var)
        return;
    /* Both calls drop our buffer from the environment before it is freed. */
    if (g->saved_now)
        setenv("SUIVI_NOW", g->saved_now, 1);
    else
        unsetenv("SUIVI_NOW");
    free(g->clock_var);
    free(g->saved_now);
    g->clock_var = g->saved_now = NULL;
}

void gen_progress(struct gen *g, const char *what, int done, int total)
{
    if (!g->progress)
        return;
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    long ns = (long)(t.tv_sec - g->last_progress.tv_sec) * 1000000000L
              + (t.tv_nsec - g->last_progress.tv_nsec);
    if (ns < PROGRESS_NS)
        return;
    g->last_progress = t;
    char count[32];
    if (total > 0)
        snprintf(count, sizeof count, "%d/%d", done, total);
    else
        snprintf(count, sizeof count, "%d", done);
    fprintf(g->progress, "%sdemo: %s %s%s", g->progress_tty ? "\r" : "", what, count,
            g->progress_tty ? "   " : "\n");
    fflush(g->progress);
}

int gen_fail(struct gen *g, int rc, const char *what)
{
    snprintf(g->err, g->errlen, _("demo: %s: %s"), what, store_errmsg(g->s));
    return rc;
}

/* ---- text ------------------------------------------------------------------------ */

static void buf_add(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (*len + n + 1 > *cap) {
        *cap = (*len + n + 1) * 2;
        *buf = xreallocarray(*buf, *cap, 1);
    }
    memcpy(*buf + *len, s, n);
    *len += n;
    (*buf)[*len] = '\0';
}

/* Replace the {x} tokens of tpl (see demo_names.h).  Caller frees. */
char *gen_expand(const char *tpl, const struct subst *v)
{
    char *buf = NULL;
    size_t len = 0, cap = 0;
    buf_add(&buf, &len, &cap, "", 0);
    for (const char *p = tpl; *p; ) {
        const char *val = NULL;
        if (p[0] == '{' && p[1] && p[2] == '}') {
            switch (p[1]) {
            case 'm': val = v->m; break;
            case 'c': val = v->c; break;
            case 's': val = v->s; break;
            case 'a': val = v->a; break;
            case 'd': val = v->d; break;
            case 'n': val = v->n; break;
            default: break;
            }
        }
        if (val) {
            buf_add(&buf, &len, &cap, val, strlen(val));
            p += 3;
        } else {
            buf_add(&buf, &len, &cap, p, 1);
            p++;
        }
    }
    return buf;
}

/* ASCII for e-mail addresses: accents folded; in a local part spaces and
 * apostrophes vanish ("Le Floc'h" -> "lefloch"), in a domain they become '-'. */
char *gen_ascii_slug(const char *s, bool domain)
{
    char *folded = fold_for_search(s);
    char *out = xmalloc(strlen(folded) + 1), *o = out;
    for (const char *p = folded; *p; p++) {
        char c = *p;
        bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (alnum || c == '-' || c == '.')
            *o++ = c;
        else if (domain && (c == ' ' || c == '\'') && o > out && o[-1] != '-')
            *o++ = '-';
    }
    *o = '\0';
    free(folded);
    return out;
}

/* UTC calendar date of t, "YYYY-MM-DD": independent of TZ, so the demo is too. */
void gen_utc_date(int64_t t, char out[DATE_ISO_LEN])
{
    char iso[TIME_ISO_LEN];
    time_to_iso(t, iso);
    memcpy(out, iso, DATE_ISO_LEN - 1);
    out[DATE_ISO_LEN - 1] = '\0';
}

/* "DD/MM/YYYY" for bodies. */
void gen_french_date(int64_t t, char out[DATE_ISO_LEN])
{
    char d[DATE_ISO_LEN];
    gen_utc_date(t, d);
    snprintf(out, DATE_ISO_LEN, "%.2s/%.2s/%.4s", d + 8, d + 5, d);
}
