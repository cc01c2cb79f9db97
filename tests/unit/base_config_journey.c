/* Unit tests: the member journey ([journey]) — defaults, a file's section replacing
 * them in its order, and every error with its line number. */
#include <locale.h>
#include <stdlib.h>

#include "check.h"
#include "suivi/config/config.h"

static const char *write_ini(const char *text)
{
    const char *p = check_tmpfile("j.ini");
    check_write_file(p, text);
    return p;
}

static int load(struct config *cfg, const char *text, char *err, size_t errlen)
{
    config_defaults(cfg);
    return config_load(cfg, write_ini(text), err, errlen);
}

/* The stage at i is code, label, tag, days, exit. */
static void expect_stage(const struct config *cfg, int i, const char *code, const char *label,
                         const char *tag, int days, bool exit, int src_line)
{
    char d[512];
    if (i >= cfg->nstages) {
        snprintf(d, sizeof d, "stage %d of %d", i, cfg->nstages);
        check_fail(__FILE__, src_line, "stage exists", d);
        return;
    }
    const struct config_stage *s = &cfg->stages[i];
    if (strcmp(s->code, code) != 0 || strcmp(s->label, label) != 0 || strcmp(s->tag, tag) != 0
        || s->limit_days != days || s->exit != exit) {
        snprintf(d, sizeof d, "stage %d is %s = %s | %s | %d%s, want %s = %s | %s | %d%s", i,
                 s->code, s->label, s->tag, s->limit_days, s->exit ? " exit" : "",
                 code, label, tag, days, exit ? " exit" : "");
        check_fail(__FILE__, src_line, "stage", d);
    }
}
#define EXPECT_STAGE(cfg, i, code, label, tag, days, exit) \
    expect_stage((cfg), (i), (code), (label), (tag), (days), (exit), __LINE__)

static void expect_default_journey(const struct config *cfg, int src_line)
{
    static const char *const codes[] = { "prospect", "joining", "convention", "referent",
        "trained", "first_use", "regular", "renewal", "left", "refused", "dissolved" };
    bool ok = cfg->nstages == 11;
    for (int i = 0; ok && i < 11; i++)
        ok = strcmp(cfg->stages[i].code, codes[i]) == 0;
    if (!ok)
        check_fail(__FILE__, src_line, "the default journey", NULL);
}

/* Loading text must fail with "FILE:LINE: ...needle..." and keep the default journey. */
static void expect_error(const char *text, int line, const char *needle, int src_line)
{
    struct config cfg;
    char err[512] = "", want[600];
    int rc = load(&cfg, text, err, sizeof err);
    snprintf(want, sizeof want, "%s:%d: ", check_tmpfile("j.ini"), line);
    if (rc != -1 || strncmp(err, want, strlen(want)) != 0 || !strstr(err, needle)) {
        char d[1200];
        snprintf(d, sizeof d, "rc %d, error \"%s\", want \"%s...%s\"", rc, err, want, needle);
        check_fail(__FILE__, src_line, "journey error", d);
    }
    expect_default_journey(&cfg, src_line);
    config_free(&cfg);
}
#define EXPECT_ERROR(text, line, needle) expect_error((text), (line), (needle), __LINE__)

TEST(defaults)
{
    struct config cfg;
    config_defaults(&cfg);
    CHECK_INT(cfg.nstages, 11);
    EXPECT_STAGE(&cfg, 0, "prospect", "Prospect", "PRO", 180, false);
    EXPECT_STAGE(&cfg, 1, "joining", "Joining", "JOI", 90, false);
    EXPECT_STAGE(&cfg, 2, "convention", "Convention signed", "CNV", 60, false);
    EXPECT_STAGE(&cfg, 3, "referent", "R\xc3\xa9" "f\xc3\xa9rent named", "REF", 60, false);
    EXPECT_STAGE(&cfg, 4, "trained", "Trained", "TRN", 90, false);
    EXPECT_STAGE(&cfg, 5, "first_use", "First use", "1ST", 90, false);
    EXPECT_STAGE(&cfg, 6, "regular", "Regular use", "USE", 0, false);
    EXPECT_STAGE(&cfg, 7, "renewal", "Renewal due", "RNW", 60, false);
    EXPECT_STAGE(&cfg, 8, "left", "Left", "LFT", 0, true);
    EXPECT_STAGE(&cfg, 9, "refused", "Refused", "RFS", 0, true);
    EXPECT_STAGE(&cfg, 10, "dissolved", "Dissolved", "DIS", 0, true);
    config_free(&cfg);
    CHECK(cfg.stages == NULL);
    CHECK_INT(cfg.nstages, 0);
    config_free(&cfg);                                   /* twice is harmless */
}

TEST(file_replaces_the_defaults_in_its_order)
{
    setlocale(LC_ALL, "C.UTF-8");
    struct config cfg;
    char err[512] = "";
    CHECK_INT(load(&cfg, "[journey]\n"
                         "zeta = Premier contact | 1ER | 30d\n"
                         "  alpha=Convention sign\xc3\xa9" "e|CNV|0   \n"
                         "; a comment between stages\n"
                         "m_2 = \"Form\xc3\xa9 ; niveau 1\" \n"
                         "gone = Parti | \xc3\x89T\xc3\x89 | exit\n"
                         "[ui]\ncolor = never\n"
                         "[journey]\n"
                         "late = Retard | LAT | 3650D\n"
                         "out = Sorti | X | EXIT\n", err, sizeof err), -1);
    /* The quoted value above holds no '|': refused, with its line. */
    CHECK_CONTAINS(err, ":5: [journey] m_2: expected 'Label | TAG | days'");
    config_free(&cfg);
    CHECK_INT(load(&cfg, "[journey]\n"
                         "zeta = Premier contact | 1ER | 30d\n"
                         "  alpha=Convention sign\xc3\xa9" "e|CNV|0   \n"
                         "; a comment between stages\n"
                         "m_2 = \"Form\xc3\xa9 ; niveau 1 | F1 | 90\" # quoted for the ';'\n"
                         "gone = Parti | \xc3\x89T\xc3\x89 | exit\n"
                         "[ui]\ncolor = never\n"
                         "[journey]\n"
                         "late = Retard | LAT | 3650D\n"
                         "out = Sorti | X | EXIT\n", err, sizeof err), 0);
    CHECK_STR(err, "");
    CHECK_INT(cfg.nstages, 6);
    EXPECT_STAGE(&cfg, 0, "zeta", "Premier contact", "1ER", 30, false);
    EXPECT_STAGE(&cfg, 1, "alpha", "Convention sign\xc3\xa9" "e", "CNV", 0, false);
    EXPECT_STAGE(&cfg, 2, "m_2", "Form\xc3\xa9 ; niveau 1", "F1", 90, false);
    EXPECT_STAGE(&cfg, 3, "gone", "Parti", "\xc3\x89T\xc3\x89", 0, true);
    EXPECT_STAGE(&cfg, 4, "late", "Retard", "LAT", 3650, false);
    EXPECT_STAGE(&cfg, 5, "out", "Sorti", "X", 0, true);
    CHECK_INT(cfg.color, COLOR_NEVER);
    config_free(&cfg);
    setlocale(LC_ALL, "C");
}

TEST(a_file_without_journey_keeps_the_stages)
{
    struct config cfg;
    char err[512] = "";
    CHECK_INT(load(&cfg, "[ui]\ncolor = never\n", err, sizeof err), 0);
    expect_default_journey(&cfg, __LINE__);
    EXPECT_STAGE(&cfg, 3, "referent", "R\xc3\xa9" "f\xc3\xa9rent named", "REF", 60, false);
    config_free(&cfg);
    /* Loaded over a file's journey: that journey stays, as other values do. */
    CHECK_INT(load(&cfg, "[journey]\nonly = Only | ONE | 7\n", err, sizeof err), 0);
    CHECK_INT(config_load(&cfg, write_ini("[ui]\nborders = ascii\n"), err, sizeof err), 0);
    CHECK_INT(cfg.nstages, 1);
    EXPECT_STAGE(&cfg, 0, "only", "Only", "ONE", 7, false);
    /* A failed load keeps it too. */
    CHECK_INT(config_load(&cfg, write_ini("[journey]\nnew = New | NEW | 1\nbad = | B | 1\n"),
                          err, sizeof err), -1);
    CHECK_CONTAINS(err, ":3: [journey] bad: the label is empty");
    CHECK_INT(cfg.nstages, 1);
    EXPECT_STAGE(&cfg, 0, "only", "Only", "ONE", 7, false);
    config_free(&cfg);
}

TEST(codes_are_free_names_but_well_formed)
{
    struct config cfg;
    char err[512] = "";
    /* A name that is a key elsewhere is just a stage code here. */
    CHECK_INT(load(&cfg, "[journey]\npath = Path | PTH | 5\ncolor = Colour | COL | exit\n",
                   err, sizeof err), 0);
    CHECK_STR(err, "");
    CHECK_INT(cfg.nstages, 2);
    config_free(&cfg);
    char code[40], text[200];
    memset(code, 'a', 32);
    code[32] = '\0';
    snprintf(text, sizeof text, "[journey]\n%s = Long | LNG | 1\n", code);
    CHECK_INT(load(&cfg, text, err, sizeof err), 0);      /* 32 bytes: fine */
    CHECK_INT(cfg.nstages, 1);
    config_free(&cfg);
    snprintf(text, sizeof text, "[journey]\n%sa = Long | LNG | 1\n", code);
    EXPECT_ERROR(text, 2, "is not a stage code (a lower-case letter, then lower-case "
                 "letters, digits or _, at most 32 bytes)");
    EXPECT_ERROR("[journey]\nok = Ok | OK | 1\nTrained = Trained | TRN | 90\n", 3,
                 "[journey] 'Trained' is not a stage code");
    EXPECT_ERROR("[journey]\n1st = First | 1ST | 90\n", 2, "'1st' is not a stage code");
    EXPECT_ERROR("[journey]\n_x = X | X | 1\n", 2, "'_x' is not a stage code");
    EXPECT_ERROR("[journey]\nfirst-use = X | X | 1\n", 2, "'first-use' is not a stage code");
    EXPECT_ERROR("[journey]\nfirst.use = X | X | 1\n", 2, "'first.use' is not a stage code");
    EXPECT_ERROR("[journey]\nfirst use = X | X | 1\n", 2, "syntax error");
    EXPECT_ERROR("[journey]\na = A | A | 1\nb = B | B | 2\n\na = C | C | 3\n", 5,
                 "[journey] a: duplicate stage (already on line 2)");
    EXPECT_ERROR("[journey]\na = A | A | 1\n[journey]\na = A | A | 1\n", 4, "duplicate stage");
    EXPECT_ERROR("[journeys]\n", 1, "known sections: [database], [ui], [sla], [mail], "
                 "[views], [access], [journey]");
}

TEST(labels_and_tags)
{
    setlocale(LC_ALL, "C.UTF-8");
    EXPECT_ERROR("[journey]\nok = Ok | OK | 1\nx =   | X | 1\n", 3,
                 "[journey] x: the label is empty");
    EXPECT_ERROR("[journey]\nx = \"\" \n", 2, "[journey] x: expected 'Label | TAG | days' or "
                 "'Label | TAG | exit'");
    EXPECT_ERROR("[journey]\nx = X | 1\n", 2, "expected 'Label | TAG | days'");
    EXPECT_ERROR("[journey]\nx = X | Y | 1 | 2\n", 2, "(no '|' in the label or tag)");
    EXPECT_ERROR("[journey]\nx = X |  | 1\n", 2, "[journey] x: the tag is empty (1 to 3 columns)");
    EXPECT_ERROR("[journey]\nx = X | ABCD | 1\n", 2, "[journey] x: tag 'ABCD' is 4 columns wide "
                 "(1 to 3)");
    /* Two double-width characters: 4 columns though 2 characters. */
    EXPECT_ERROR("[journey]\nx = X | \xe6\x97\xa5\xe6\x9c\xac | 1\n", 2, "is 4 columns wide");
    EXPECT_ERROR("[journey]\nx = X\xff | X | 1\n", 2, "the label is not valid UTF-8");
    EXPECT_ERROR("[journey]\nx = X | \xc3 | 1\n", 2, "the tag is not valid UTF-8");
    EXPECT_ERROR("[journey]\nx = \"A\x1b[2J | X | 1\"\n", 2,
                 "the label contains a control character");
    EXPECT_ERROR("[journey]\nx = A | \xc2\x9b | 1\n", 2, "the tag contains a control character");
    EXPECT_ERROR("[journey]\nx = A ; B | X | 1\n", 2, "double quotes");
    struct config cfg;
    char err[512] = "";
    /* Accents: one column each, whatever their bytes. */
    CHECK_INT(load(&cfg, "[journey]\n"
                         "ete = \xc3\x89t\xc3\xa9 sign\xc3\xa9 | \xc3\x89T\xc3\x89 | 1\n",
                   err, sizeof err), 0);
    CHECK_STR(err, "");
    EXPECT_STAGE(&cfg, 0, "ete", "\xc3\x89t\xc3\xa9 sign\xc3\xa9", "\xc3\x89T\xc3\x89", 1, false);
    config_free(&cfg);
    setlocale(LC_ALL, "C");
}

TEST(days_or_exit)
{
    struct config cfg;
    char err[512] = "";
    CHECK_INT(load(&cfg, "[journey]\na = A | A | 0\nb = B | B | 0d\nc = C | C | 3650\n"
                         "d = D | D | 90d\ne = E | E | 007\nf = F | F | Exit\n",
                   err, sizeof err), 0);
    CHECK_STR(err, "");
    CHECK_INT(cfg.nstages, 6);
    EXPECT_STAGE(&cfg, 0, "a", "A", "A", 0, false);
    EXPECT_STAGE(&cfg, 1, "b", "B", "B", 0, false);
    EXPECT_STAGE(&cfg, 2, "c", "C", "C", 3650, false);
    EXPECT_STAGE(&cfg, 3, "d", "D", "D", 90, false);
    EXPECT_STAGE(&cfg, 4, "e", "E", "E", 7, false);        /* base 10 */
    EXPECT_STAGE(&cfg, 5, "f", "F", "F", 0, true);
    config_free(&cfg);
    EXPECT_ERROR("[journey]\nok = Ok | OK | 1\ntrained = Trained | TRN | abc\n", 3,
                 "[journey] trained: 'abc' is not a number of days (0..3650) or exit");
    EXPECT_ERROR("[journey]\nx = X | X | 3651\n", 2, "'3651' is not a number of days (0..3650)");
    EXPECT_ERROR("[journey]\nx = X | X | -1\n", 2, "'-1' is not a number of days");
    EXPECT_ERROR("[journey]\nx = X | X | +5\n", 2, "'+5' is not a number of days");
    EXPECT_ERROR("[journey]\nx = X | X | 90w\n", 2, "'90w' is not a number of days");
    EXPECT_ERROR("[journey]\nx = X | X | 9 0\n", 2, "'9 0' is not a number of days");
    EXPECT_ERROR("[journey]\nx = X | X | d\n", 2, "'d' is not a number of days");
    EXPECT_ERROR("[journey]\nx = X | X | \n", 2, "'' is not a number of days");
    EXPECT_ERROR("[journey]\nx = X | X | 99999999999999999999\n", 2, "not a number of days");
    EXPECT_ERROR("[journey]\nx = X | X | exited\n", 2, "'exited' is not a number of days");
}

TEST(limits_on_the_whole_journey)
{
    char text[2000] = "[journey]\n";
    for (int i = 0; i < CONFIG_STAGES_MAX; i++)
        snprintf(text + strlen(text), sizeof text - strlen(text), "s%d = Stage %d | S%d | 1\n",
                 i, i, i);
    struct config cfg;
    char err[512] = "";
    CHECK_INT(load(&cfg, text, err, sizeof err), 0);       /* 24: fine */
    CHECK_INT(cfg.nstages, CONFIG_STAGES_MAX);
    config_free(&cfg);
    snprintf(text + strlen(text), sizeof text - strlen(text), "extra = Extra | EXT | 1\n");
    EXPECT_ERROR(text, CONFIG_STAGES_MAX + 2, "[journey] extra: more than 24 stages");
    /* Reported at the section's line: no one stage line is wrong. */
    EXPECT_ERROR("[ui]\ncolor = never\n[journey]\nleft = Left | LFT | exit\n"
                 "gone = Gone | GON | exit\n", 3,
                 "[journey] needs at least one stage that is not an exit");
    EXPECT_ERROR("[journey]\n; nothing yet\n[ui]\n", 1, "needs at least one stage");
}

TESTS(T(defaults), T(file_replaces_the_defaults_in_its_order),
      T(a_file_without_journey_keeps_the_stages), T(codes_are_free_names_but_well_formed),
      T(labels_and_tags), T(days_or_exit), T(limits_on_the_whole_journey))
