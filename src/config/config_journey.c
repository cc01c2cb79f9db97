/* config_journey — the member journey ([journey], "parcours de l'adhérent"): its
 * built-in stages, the reading of one stage's value, copies and frees.  config.c
 * finds the lines (in the file's order, which is the journey's order) and reports
 * with line numbers; this file knows what a stage is. */
#include "config_priv.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "suivi/base/i18n.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/xalloc.h"

struct stage_default {
    const char *code, *label, *tag;
    int days;
    bool exit;
};

/* The journey of a member of the syndicate, then its three ways out.  Tags stay
 * untranslated: they are fixed-width codes, and a translation could not keep to
 * CONFIG_STAGE_TAG_MAX columns. */
static const struct stage_default default_stages[] = {
    /* L10N: stages of the member journey, shown in the members pane and reports. */
    { "prospect",   N_("Prospect"),          "PRO", 180, false },
    { "joining",    N_("Joining"),           "JOI",  90, false },
    { "convention", N_("Convention signed"), "CNV",  60, false },
    { "referent",   N_("Référent named"),    "REF",  60, false },
    { "trained",    N_("Trained"),           "TRN",  90, false },
    { "first_use",  N_("First use"),         "1ST",  90, false },
    { "regular",    N_("Regular use"),       "USE",   0, false },
    { "renewal",    N_("Renewal due"),       "RNW",  60, false },
    { "left",       N_("Left"),              "LFT",   0, true  },
    { "refused",    N_("Refused"),           "RFS",   0, true  },
    { "dissolved",  N_("Dissolved"),         "DIS",   0, true  },
};
#define DEFAULT_STAGES ((int)(sizeof default_stages / sizeof default_stages[0]))
_Static_assert(DEFAULT_STAGES <= CONFIG_STAGES_MAX, "too many default stages");

void config_stages_defaults(struct config *cfg)
{
    cfg->stages = xcalloc(DEFAULT_STAGES, sizeof *cfg->stages);
    for (int i = 0; i < DEFAULT_STAGES; i++) {
        const struct stage_default *d = &default_stages[i];
        /* Translated now: the locale is set before the settings are read. */
        cfg->stages[i] = (struct config_stage){ xstrdup(d->code), xstrdup(_(d->label)),
                                                xstrdup(d->tag), d->days, d->exit };
    }
    cfg->nstages = DEFAULT_STAGES;
}

void config_stages_free(struct config_stage *s, int n)
{
    for (int i = 0; s && i < n; i++) {
        free(s[i].code);
        free(s[i].label);
        free(s[i].tag);
    }
}

struct config_stage *config_stages_dup(const struct config_stage *s, int n)
{
    struct config_stage *copy = xcalloc((size_t)n + 1, sizeof *copy);
    for (int i = 0; i < n; i++)
        copy[i] = (struct config_stage){ xstrdup(s[i].code), xstrdup(s[i].label),
                                         xstrdup(s[i].tag), s[i].limit_days, s[i].exit };
    return copy;
}

bool config_stages_have_step(const struct config_stage *s, int n)
{
    for (int i = 0; i < n; i++)
        if (!s[i].exit)
            return true;
    return false;
}

/* [a-z][a-z0-9_]*: the database stores it, and scripts and queries type it. */
bool config_stage_code_ok(const char *s, size_t n)
{
    if (n == 0 || n > CONFIG_STAGE_CODE_MAX || s[0] < 'a' || s[0] > 'z')
        return false;
    for (size_t i = 1; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return false;
    return true;
}

enum text_fault { TEXT_OK, TEXT_NOT_UTF8, TEXT_CONTROL };

/* Labels and tags go to the screen and into reports: valid UTF-8 without control
 * characters (C0, DEL, C1), which would show as placeholders or move the cursor. */
static enum text_fault text_fault(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    while (n) {
        uint32_t cp;
        size_t k = utf8_decode(p, n, &cp);
        if (k == 0)
            return TEXT_NOT_UTF8;
        if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
            return TEXT_CONTROL;
        p += k;
        n -= k;
    }
    return TEXT_OK;
}

static int check_label(const char *s, size_t n, char *why, size_t whylen)
{
    if (n == 0)
        return config_refuse(why, whylen, _("the label is empty"));
    switch (text_fault(s, n)) {
    case TEXT_NOT_UTF8: return config_refuse(why, whylen, _("the label is not valid UTF-8"));
    case TEXT_CONTROL:  return config_refuse(why, whylen, _("the label contains a control "
                                                            "character"));
    default:            return 0;
    }
}

/* The tag has a fixed column in the members pane: measured as it will be drawn. */
static int check_tag(const char *s, size_t n, char *why, size_t whylen)
{
    if (n == 0)
        return config_refuse(why, whylen, _("the tag is empty (1 to %d columns)"),
                             CONFIG_STAGE_TAG_MAX);
    switch (text_fault(s, n)) {
    case TEXT_NOT_UTF8: return config_refuse(why, whylen, _("the tag is not valid UTF-8"));
    case TEXT_CONTROL:  return config_refuse(why, whylen, _("the tag contains a control "
                                                            "character"));
    default:            break;
    }
    char *tag = xstrndup(s, n), q[128];
    int width = san_width(tag);
    config_quote(tag, n, QUOTE_COLS, q, sizeof q);
    free(tag);
    if (width > CONFIG_STAGE_TAG_MAX)
        return config_refuse(why, whylen, _("tag '%s' is %d columns wide (1 to %d)"),
                             q, width, CONFIG_STAGE_TAG_MAX);
    return 0;
}

/* One of the value's three fields, trimmed: field i (0..2) of "a | b | c". */
static void field(const char *value, const char *bar1, const char *bar2, int i,
                  const char **s, size_t *n)
{
    const char *start = i == 0 ? value : i == 1 ? bar1 + 1 : bar2 + 1;
    const char *end = i == 0 ? bar1 : i == 1 ? bar2 : value + strlen(value);
    *s = start;
    *n = (size_t)(end - start);
    config_trim(s, n);
}

int config_stage_parse(const char *value, struct config_stage *out, char *why, size_t whylen)
{
    const char *bar1 = strchr(value, '|');
    const char *bar2 = bar1 ? strchr(bar1 + 1, '|') : NULL;
    if (!bar2 || strchr(bar2 + 1, '|'))
        return config_refuse(why, whylen, _("expected 'Label | TAG | days' or "
                             "'Label | TAG | exit' (no '|' in the label or tag)"));
    const char *label, *tag, *days;
    size_t ln, tn, dn;
    field(value, bar1, bar2, 0, &label, &ln);
    field(value, bar1, bar2, 1, &tag, &tn);
    field(value, bar1, bar2, 2, &days, &dn);
    if (check_label(label, ln, why, whylen) < 0 || check_tag(tag, tn, why, whylen) < 0)
        return -1;
    char *d = xstrndup(days, dn);
    int rc = config_parse_stage_days(d, &out->limit_days, &out->exit, why, whylen);
    free(d);
    if (rc < 0)
        return -1;
    out->label = xstrndup(label, ln);
    out->tag = xstrndup(tag, tn);
    return 0;
}
