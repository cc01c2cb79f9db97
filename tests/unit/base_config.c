/* Unit tests: configuration defaults, file loading, every error case, lookup, env. */
#include <locale.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "check.h"
#include "suivi/config/config.h"

static const char *write_ini(const char *text)
{
    const char *p = check_tmpfile("c.ini");
    check_write_file(p, text);
    return p;
}

/* Load text over the defaults; returns config_load's result, error in err. */
static int load(struct config *cfg, const char *text, char *err, size_t errlen)
{
    config_defaults(cfg);
    return config_load(cfg, write_ini(text), err, errlen);
}

static bool has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return true;
    return false;
}

/* Loading text must fail with "FILE:LINE: ...needle..." and leave the defaults. */
static void expect_error(const char *text, int line, const char *needle, int src_line)
{
    struct config cfg;
    char err[512] = "", want[600];
    int rc = load(&cfg, text, err, sizeof err);
    snprintf(want, sizeof want, "%s:%d: ", check_tmpfile("c.ini"), line);
    if (rc != -1 || strncmp(err, want, strlen(want)) != 0 || !strstr(err, needle)
        || has_control(err)) {
        char d[1200];
        snprintf(d, sizeof d, "rc %d, error \"%s\", want \"%s...%s\"", rc, err, want, needle);
        check_fail(__FILE__, src_line, "config error", d);
    }
    if (cfg.busy_timeout_ms != 5000 || cfg.color != COLOR_AUTO || cfg.borders != BORDERS_UNICODE
        || cfg.refresh_ms != 2000 || strcmp(cfg.date_format, "%Y-%m-%d") != 0
        || strcmp(cfg.db_path, "/var/lib/suivi/suivi.db") != 0 || cfg.source != NULL)
        check_fail(__FILE__, src_line, "defaults changed by a failed load", NULL);
    config_free(&cfg);
}
#define EXPECT_ERROR(text, line, needle) expect_error((text), (line), (needle), __LINE__)

TEST(defaults)
{
    struct config cfg;
    config_defaults(&cfg);
    CHECK_STR(cfg.db_path, "/var/lib/suivi/suivi.db");
    CHECK_STR(config_default_db_path(), "/var/lib/suivi/suivi.db");
    CHECK_INT(cfg.busy_timeout_ms, 5000);
    CHECK_INT(cfg.color, COLOR_AUTO);
    CHECK_INT(cfg.borders, BORDERS_UNICODE);
    CHECK_STR(cfg.date_format, "%Y-%m-%d");
    CHECK_INT(cfg.refresh_ms, 2000);
    CHECK(cfg.source == NULL);
    config_free(&cfg);
    CHECK(cfg.db_path == NULL && cfg.date_format == NULL);
    config_free(&cfg);                                   /* twice is harmless */
}

TEST(known_keys_table)
{
    const struct config_key_info *k = config_known_keys();
    int n = 0;
    for (; k[n].section; n++)
        CHECK(k[n].key && k[n].default_text && k[n].doc && *k[n].doc);
    CHECK_INT(n, 14);
}

TEST(full_file_loads)
{
    struct config cfg;
    char err[512] = "";
    int rc = load(&cfg,
        "# suivi settings\r\n"
        "[database]\r\n"
        "  path = /srv/suivi data/suivi.db   \r\n"
        "busy_timeout_ms=010\n"
        "\n"
        "[ UI ]\n"
        "; colour off\n"
        "COLOR = Never\n"
        "borders = \"ascii\" ; for PuTTY\n"
        "date_format = %d/%m/%Y\n"
        "refresh_ms = 60000\n", err, sizeof err);
    CHECK_INT(rc, 0);
    CHECK_STR(err, "");
    CHECK_STR(cfg.db_path, "/srv/suivi data/suivi.db");
    CHECK_INT(cfg.busy_timeout_ms, 10);                  /* base 10, not octal */
    CHECK_INT(cfg.color, COLOR_NEVER);
    CHECK_INT(cfg.borders, BORDERS_ASCII);
    CHECK_STR(cfg.date_format, "%d/%m/%Y");
    CHECK_INT(cfg.refresh_ms, 60000);
    CHECK_STR(cfg.source, check_tmpfile("c.ini"));
    config_free(&cfg);
}

TEST(quoted_values_keep_semicolon_and_hash)
{
    struct config cfg;
    char err[512] = "";
    CHECK_INT(load(&cfg, "[database]\npath = \"/srv/a;b#c.db\"   # comment\n"
                         "[ui]\ndate_format = '%d %B %Y # %H'\n", err, sizeof err), 0);
    CHECK_STR(err, "");
    CHECK_STR(cfg.db_path, "/srv/a;b#c.db");
    CHECK_STR(cfg.date_format, "%d %B %Y # %H");
    config_free(&cfg);
    CHECK_INT(load(&cfg, "[ui]\ndate_format = \"  %d=%m  \"\n", err, sizeof err), 0);
    CHECK_STR(cfg.date_format, "  %d=%m  ");
    config_free(&cfg);
}

TEST(sections_may_repeat_and_file_may_be_empty)
{
    struct config cfg;
    char err[512] = "";
    CHECK_INT(load(&cfg, "", err, sizeof err), 0);
    CHECK_INT(cfg.busy_timeout_ms, 5000);
    config_free(&cfg);
    CHECK_INT(load(&cfg, "[ui]\ncolor = always\n[database]\nbusy_timeout_ms = 0\n[ui]\n"
                         "refresh_ms = 100", err, sizeof err), 0);   /* no final newline */
    CHECK_INT(cfg.color, COLOR_ALWAYS);
    CHECK_INT(cfg.busy_timeout_ms, 0);
    CHECK_INT(cfg.refresh_ms, 100);
    config_free(&cfg);
}

TEST(syntax_errors_name_the_line)
{
    EXPECT_ERROR("[ui]\ncolor = auto\nthis is junk\n", 3, "syntax error in \"this is junk\"");
    EXPECT_ERROR("[ui\n", 1, "syntax error");
    EXPECT_ERROR("[ui] ; comment\n", 1, "syntax error");
    EXPECT_ERROR("[ui]\n= never\n", 2, "syntax error");
    EXPECT_ERROR("[ui]\nmy color = never\n", 2, "syntax error");
    EXPECT_ERROR("[ui]\ncolor: never\n", 2, "syntax error");
    EXPECT_ERROR("color = never\n", 1, "outside any section");
}

TEST(continuation_lines_are_refused)
{
    EXPECT_ERROR("[ui]\ndate_format = %d \\\n/%m\n", 2, "continuation");
    /* iniparser would swallow the next line into the comment: refused too. */
    EXPECT_ERROR("[ui]\n; see C:\\dir\\\ncolor = sometimes\n", 2, "continuation");
}

TEST(unknown_sections_and_keys)
{
    EXPECT_ERROR("[database]\npath = x\n[colors]\n", 3, "unknown section [colors]");
    EXPECT_ERROR("[]\n", 1, "unknown section []");
    EXPECT_ERROR("[ui]\ncolour = never\n", 2, "unknown key \"colour\" in [ui] (known keys: "
                 "color, borders, date_format, refresh_ms)");
    EXPECT_ERROR("[ui]\ndatabase = x\n", 2, "unknown key \"database\" in [ui]");
    EXPECT_ERROR("[ui]\npath = /tmp/x.db\n", 2, "belongs in section [database], not [ui]");
    EXPECT_ERROR("[database]\ncolor = never\n", 2, "belongs in section [ui]");
    /* CVE-2023-33461: names that iniparser would see as sections, not keys. */
    EXPECT_ERROR("[database:path]\n", 1, "unknown section [database:path]");
    EXPECT_ERROR("[ui:refresh_ms]\nx = 1\n", 1, "unknown section");
    EXPECT_ERROR("[ui]\nui = 1\n", 2, "unknown key \"ui\"");
    EXPECT_ERROR("[database]\ndatabase:path = x\n", 2, "syntax error");
}

TEST(duplicate_keys_are_refused)
{
    EXPECT_ERROR("[ui]\ncolor = never\nborders = ascii\ncolor = always\n", 4,
                 "duplicate key \"color\" in [ui] (already set on line 2)");
    EXPECT_ERROR("[ui]\ncolor = never\n[database]\npath = x\n[ui]\nCOLOR = never\n", 6,
                 "duplicate key \"color\"");
}

TEST(bad_numbers)
{
    EXPECT_ERROR("[database]\nbusy_timeout_ms = 5s\n", 2, "busy_timeout_ms: \"5s\" is not a whole number");
    EXPECT_ERROR("[database]\nbusy_timeout_ms =\n", 2, "\"\" is not a whole number");
    EXPECT_ERROR("[database]\nbusy_timeout_ms = 0x10\n", 2, "not a whole number");
    EXPECT_ERROR("[database]\nbusy_timeout_ms = 12.5\n", 2, "not a whole number");
    EXPECT_ERROR("[database]\nbusy_timeout_ms = \" 7\"\n", 2, "not a whole number");
    EXPECT_ERROR("[database]\nbusy_timeout_ms = -1\n", 2, "-1 is out of range (0 to 600000)");
    EXPECT_ERROR("[database]\nbusy_timeout_ms = 600001\n", 2, "out of range (0 to 600000)");
    EXPECT_ERROR("[database]\nbusy_timeout_ms = 99999999999999999999999\n", 2, "out of range");
    EXPECT_ERROR("[ui]\nrefresh_ms = 99\n", 2, "refresh_ms: 99 is out of range (100 to 60000)");
    EXPECT_ERROR("[ui]\nrefresh_ms = 60001\n", 2, "out of range");
}

TEST(bad_choices_and_strings)
{
    EXPECT_ERROR("[ui]\ncolor = blue\n", 2, "color: \"blue\" is not one of auto, always, never");
    EXPECT_ERROR("[ui]\nborders = fancy\n", 2, "\"fancy\" is not one of unicode, ascii");
    EXPECT_ERROR("[ui]\ncolor = \n", 2, "is not one of");
    EXPECT_ERROR("[database]\npath =\n", 2, "path: must not be empty");
    EXPECT_ERROR("[database]\npath = \"\"\n", 2, "path: must not be empty");
    EXPECT_ERROR("[ui]\ndate_format = \"\"\n", 2, "date_format: must not be empty");
    EXPECT_ERROR("[ui]\ndate_format = %d/%m/%Y %\n", 2, "incomplete % conversion");
    EXPECT_ERROR("[ui]\ndate_format = %d %Q\n", 2, "%Q is not a strftime conversion");
    EXPECT_ERROR("[ui]\ndate_format = \"%d\x1b[2J\"\n", 2, "control character");
    char longfmt[200];
    snprintf(longfmt, sizeof longfmt, "[ui]\ndate_format = %065d\n", 0);
    EXPECT_ERROR(longfmt, 2, "longer than 64 bytes");
    struct config cfg;
    char err[512] = "";
    snprintf(longfmt, sizeof longfmt, "[ui]\ndate_format = %%-d.%%m %057d\n", 0);
    CHECK_INT(load(&cfg, longfmt, err, sizeof err), 0);   /* 64 bytes, glibc flag: fine */
    CHECK_STR(err, "");
    config_free(&cfg);
}

TEST(values_are_never_silently_cut)
{
    EXPECT_ERROR("[database]\npath = /srv/a;b.db\n", 2, "put the value in double quotes");
    EXPECT_ERROR("[database]\npath = /srv/suivi #1/s.db\n", 2, "double quotes");
    EXPECT_ERROR("[ui]\ndate_format = %d/%m/%Y ; French\n", 2, "double quotes");
    EXPECT_ERROR("[database]\npath = \"/srv/a\n", 2, "unterminated quoted value");
    EXPECT_ERROR("[database]\npath = \"/srv/a\" b\n", 2, "text after the closing quote");
}

TEST(long_lines_nul_bytes_and_bom)
{
    char big[1200];
    memset(big, 'x', sizeof big);
    memcpy(big, "[ui]\n; ", 7);
    big[5 + 1000] = '\n';                               /* a 1000-byte comment: fine */
    memcpy(big + 1006, "[ui]\n", 6);
    struct config cfg;
    char err[512] = "";
    CHECK_INT(load(&cfg, big, err, sizeof err), 0);
    config_free(&cfg);
    memset(big, 'x', sizeof big);
    memcpy(big, "[ui]\n; ", 7);
    big[5 + 1001] = '\0';
    EXPECT_ERROR(big, 2, "line longer than 1000 bytes");
    EXPECT_ERROR("\xef\xbb\xbf[ui]\n", 1, "byte order mark");
    const char *p = check_tmpfile("nul.ini");
    FILE *f = fopen(p, "w");
    fwrite("[ui]\ncolor = a\0uto\n", 1, 19, f);
    fclose(f);
    config_defaults(&cfg);
    CHECK_INT(config_load(&cfg, p, err, sizeof err), -1);
    CHECK_CONTAINS(err, ":2: NUL byte");
    config_free(&cfg);
}

TEST(messages_are_sanitised)
{
    setlocale(LC_ALL, "C.UTF-8");
    EXPECT_ERROR("[\x1b[31mred]\n", 1, "unknown section [^[[31mred]");
    EXPECT_ERROR("[ui]\nco\rlor = x\n", 2, "co^Mlor");
    EXPECT_ERROR("[ui]\ncolor = \"\x1b]0;pwned\x07\"\n", 2, "\"^[]0;pwned^G\" is not one of");
    struct config cfg;
    char err[512] = "";
    CHECK_INT(load(&cfg, "[ui\xe2\x80\xae]\n", err, sizeof err), -1);   /* bidi override */
    CHECK(strstr(err, "\xe2\x80\xae") == NULL);
    CHECK_CONTAINS(err, "[ui\xef\xbf\xbd]");
    config_free(&cfg);
    setlocale(LC_ALL, "C");
    CHECK_INT(load(&cfg, "[d\xc3\xa9j\xc3\xa0]\n", err, sizeof err), -1);
    CHECK_CONTAINS(err, "[deja]");                       /* ASCII when the locale is */
    config_free(&cfg);
}

TEST(failed_load_keeps_previous_values)
{
    struct config cfg;
    char err[512] = "";
    CHECK_INT(load(&cfg, "[ui]\ncolor = never\n", err, sizeof err), 0);
    const char *bad = write_ini("[ui]\nborders = ascii\nrefresh_ms = 1\n");
    CHECK_INT(config_load(&cfg, bad, err, sizeof err), -1);
    CHECK_CONTAINS(err, ":3: refresh_ms");
    CHECK_INT(cfg.color, COLOR_NEVER);
    CHECK_INT(cfg.borders, BORDERS_UNICODE);
    CHECK_INT(cfg.refresh_ms, 2000);
    config_free(&cfg);
    config_defaults(&cfg);
    CHECK_INT(config_load(&cfg, check_tmpfile("missing.ini"), err, sizeof err), -1);
    CHECK_CONTAINS(err, "missing.ini: No such file or directory");
    CHECK_INT(config_load(&cfg, check_tmpdir(), err, sizeof err), -1);   /* a directory */
    CHECK_CONTAINS(err, "Is a directory");
    CHECK_INT(config_load(&cfg, NULL, err, sizeof err), -1);
    config_free(&cfg);
}

/* The example file: loads, and documents every key with its default. */
TEST(example_file_documents_every_key)
{
    struct config cfg;
    char err[512] = "";
    config_defaults(&cfg);
    CHECK_INT(config_load(&cfg, "config.example.ini", err, sizeof err), 0);
    CHECK_STR(err, "");
    config_free(&cfg);

    FILE *f = fopen("config.example.ini", "r");
    CHECK(f != NULL);
    if (!f)
        return;
    char text[8192];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    /* Uncomment every "; key = value" line, and "; [journey]" (a [journey] section
     * replaces the whole journey, so it is written commented out): the result must
     * give the defaults. */
    char live[8192];
    size_t o = 0;
    const struct config_key_info *k = config_known_keys();
    for (int i = 0; k[i].section; i++) {
        char line[256], section[64];
        snprintf(line, sizeof line, "\n; %s = %s\n", k[i].key, k[i].default_text);
        snprintf(section, sizeof section, "\n[%s]\n", k[i].section);
        const char *at = strstr(text, line), *sec = strstr(text, section);
        if (!at || !sec || sec > at) {
            check_fail(__FILE__, __LINE__, "documented in its section", line);
            continue;
        }
        const char *next_sec = strchr(sec + 2, '[');
        for (; next_sec && next_sec[-1] != '\n'; next_sec = strchr(next_sec + 1, '['))
            ;
        CHECK(!next_sec || at < next_sec);
    }
    for (const char *p = text; *p; ) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p + 1) : strlen(p);
        bool setting = len > 2 && p[0] == ';' && p[1] == ' ' && memchr(p, '=', len)
                       && ((p[2] >= 'a' && p[2] <= 'z') || (p[2] >= 'A' && p[2] <= 'Z'))
                       && strcspn(p + 2, " =") < 20
                       && strncmp(p + 2 + strcspn(p + 2, " ="), " = ", 3) == 0;
        setting = setting || strncmp(p, "; [journey]\n", 12) == 0;
        memcpy(live + o, p + (setting ? 2 : 0), len - (setting ? 2 : 0));
        o += len - (setting ? 2 : 0);
        p += len;
    }
    live[o] = '\0';
    CHECK_INT(load(&cfg, live, err, sizeof err), 0);
    CHECK_STR(err, "");
    CHECK_STR(cfg.db_path, config_default_db_path());
    CHECK_INT(cfg.busy_timeout_ms, 5000);
    CHECK_INT(cfg.color, COLOR_AUTO);
    CHECK_INT(cfg.borders, BORDERS_UNICODE);
    CHECK_STR(cfg.date_format, "%Y-%m-%d");
    CHECK_INT(cfg.refresh_ms, 2000);
    CHECK(cfg.sla_days[1] == 1 && cfg.sla_days[2] == 2 && cfg.sla_days[3] == 5 &&
          cfg.sla_days[4] == 10);
    CHECK(cfg.source != NULL);
    struct config def;
    config_defaults(&def);
    CHECK(strstr(live, "\n[journey]\n") != NULL);
    CHECK_INT(cfg.nstages, def.nstages);
    for (int i = 0; i < cfg.nstages && i < def.nstages; i++) {
        CHECK_STR(cfg.stages[i].code, def.stages[i].code);
        CHECK_STR(cfg.stages[i].label, def.stages[i].label);
        CHECK_STR(cfg.stages[i].tag, def.stages[i].tag);
        CHECK_INT(cfg.stages[i].limit_days, def.stages[i].limit_days);
        CHECK_INT(cfg.stages[i].exit, def.stages[i].exit);
    }
    config_free(&def);
    config_free(&cfg);
}

TEST(sla_in_working_days)
{
    struct config cfg;
    char err[512] = "";
    CHECK_INT(load(&cfg, "[sla]\nP1 = 3d\nP2 = 4\nP4 = none\n", err, sizeof err), 0);
    CHECK(cfg.sla_days[1] == 3 && cfg.sla_days[2] == 4 && cfg.sla_days[3] == 5 &&
          cfg.sla_days[4] == -1);
    config_free(&cfg);
    EXPECT_ERROR("[sla]\nP2 = 3w\n", 2, "P2: \"3w\" is not a number of working days from 0 to "
                 "250 (5d, or none)");
    EXPECT_ERROR("[sla]\nP3 = 300d\n", 2, "\"300d\" is not a number of working days");
    EXPECT_ERROR("[sla]\nP5 = 1d\n", 2, "P5");
    EXPECT_ERROR("[SLAS]\n", 1, "known sections: [database], [ui], [sla]");
}

TEST(views_mail_and_access)
{
    struct config cfg;
    char err[512] = "";
    CHECK_INT(load(&cfg, "[views]\nmine = \"assignee:me status:active\"\n"
                         "urgent = prio:P1\n[mail]\nsendmail = /usr/lib/sendmail -t\n"
                         "from = support@syndicat.bzh\nfrom_name = Support du syndicat\n"
                         "[access]\nunknown = deny\n", err, sizeof err), 0);
    CHECK_STR(err, "");
    CHECK_INT(cfg.nviews, 2);
    if (cfg.nviews == 2) {
        CHECK_STR(cfg.views[0].name, "mine");
        CHECK_STR(cfg.views[0].query, "assignee:me status:active");
        CHECK_STR(cfg.views[1].name, "urgent");
        CHECK_STR(cfg.views[1].query, "prio:P1");
    }
    CHECK_STR(cfg.mail_sendmail, "/usr/lib/sendmail -t");
    CHECK_STR(cfg.mail_from, "support@syndicat.bzh");
    CHECK_STR(cfg.mail_from_name, "Support du syndicat");
    CHECK_INT(cfg.access_unknown, ACCESS_DENY);
    config_free(&cfg);
    config_defaults(&cfg);
    CHECK_STR(cfg.mail_sendmail, "/usr/sbin/sendmail -t -oi");
    CHECK_INT(cfg.access_unknown, ACCESS_READONLY);
    CHECK_INT(cfg.nviews, 0);
    config_free(&cfg);
    EXPECT_ERROR("[views]\na = x\n\nA = y\n", 4, "duplicate view \"a\" (already on line 2)");
    EXPECT_ERROR("[views]\nempty = \n", 2, "view \"empty\" has an empty query");
    EXPECT_ERROR("[mail]\nsendmail = sendmail -t\n", 2, "full path");
    EXPECT_ERROR("[mail]\nfrom = support\n", 2, "not an address");
    EXPECT_ERROR("[access]\nunknown = maybe\n", 2, "unknown");
}

TEST(no_color_environment)
{
    struct config cfg;
    config_defaults(&cfg);
    setenv("NO_COLOR", "", 1);
    config_apply_env(&cfg);
    CHECK_INT(cfg.color, COLOR_AUTO);
    setenv("NO_COLOR", "1", 1);
    cfg.color = COLOR_ALWAYS;
    config_apply_env(&cfg);
    CHECK_INT(cfg.color, COLOR_NEVER);
    unsetenv("NO_COLOR");
    config_free(&cfg);
}

TEST(locate_config_file)
{
    char err[256];
    const char *named = write_ini("[ui]\n");
    char *p = config_locate(named, err, sizeof err);
    CHECK_STR(p, named);
    free(p);
    CHECK(config_locate(check_tmpfile("nope.ini"), err, sizeof err) == NULL);
    CHECK_CONTAINS(err, "nope.ini (--config): No such file");
    CHECK(config_locate("", err, sizeof err) == NULL);
    CHECK(err[0] != '\0');

    setenv("SUIVI_CONFIG", named, 1);
    p = config_locate(NULL, err, sizeof err);
    CHECK_STR(p, named);
    free(p);
    setenv("SUIVI_CONFIG", check_tmpfile("gone.ini"), 1);
    CHECK(config_locate(NULL, err, sizeof err) == NULL);
    CHECK_CONTAINS(err, "gone.ini ($SUIVI_CONFIG)");
    unsetenv("SUIVI_CONFIG");

    const char *xdg = check_tmpfile("xdg");
    char dir[600], file[700];
    snprintf(dir, sizeof dir, "%s/suivi", xdg);
    snprintf(file, sizeof file, "%s/config.ini", dir);
    mkdir(xdg, 0700);
    mkdir(dir, 0700);
    check_write_file(file, "[ui]\n");
    char *old_home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
    setenv("XDG_CONFIG_HOME", xdg, 1);
    setenv("HOME", "/nonexistent", 1);
    p = config_locate(NULL, err, sizeof err);
    CHECK_STR(p, file);
    free(p);
    /* A relative XDG_CONFIG_HOME is ignored: ~/.config is used. */
    const char *home = check_tmpfile("home");
    snprintf(dir, sizeof dir, "%s/.config/suivi", home);
    mkdir(home, 0700);
    snprintf(file, sizeof file, "%s/.config", home);
    mkdir(file, 0700);
    mkdir(dir, 0700);
    snprintf(file, sizeof file, "%s/config.ini", dir);
    check_write_file(file, "[ui]\n");
    setenv("XDG_CONFIG_HOME", "relative/dir", 1);
    setenv("HOME", home, 1);
    p = config_locate(NULL, err, sizeof err);
    CHECK_STR(p, file);
    free(p);
    /* Nothing found: NULL without an error (or the system file, if this machine has one). */
    setenv("HOME", "/nonexistent", 1);
    unsetenv("XDG_CONFIG_HOME");
    p = config_locate(NULL, err, sizeof err);
    struct stat st;
    if (stat("/etc/suivi/config.ini", &st) == 0)
        CHECK_STR(p, "/etc/suivi/config.ini");
    else
        CHECK(p == NULL);
    CHECK_STR(err, "");
    free(p);
    if (old_home)
        setenv("HOME", old_home, 1);
    free(old_home);
}

TESTS(T(defaults), T(known_keys_table), T(full_file_loads), T(quoted_values_keep_semicolon_and_hash),
      T(sections_may_repeat_and_file_may_be_empty), T(syntax_errors_name_the_line),
      T(continuation_lines_are_refused), T(unknown_sections_and_keys),
      T(duplicate_keys_are_refused), T(bad_numbers), T(bad_choices_and_strings),
      T(values_are_never_silently_cut), T(long_lines_nul_bytes_and_bom),
      T(messages_are_sanitised), T(failed_load_keeps_previous_values),
      T(example_file_documents_every_key), T(sla_in_working_days), T(views_mail_and_access), T(no_color_environment),
      T(locate_config_file))
