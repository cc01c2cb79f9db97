/* config — see config.h.
 *
 * Two passes over the file.  First we read its lines ourselves: iniparser gives no
 * line numbers, silently keeps the last of duplicate keys, joins lines ending in a
 * backslash and cuts unquoted values at ';' or '#'.  Only a file that passes our
 * reading is handed to iniparser, and every value it returns must equal the one we
 * read, so nothing is ever silently cut or changed.  Values are taken with
 * iniparser_getstring only (its int/bool getters crash on a section name,
 * CVE-2023-33461) and checked here. */
#include "config_priv.h"

#include <errno.h>
#include <iniparser.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "suivi/base/i18n.h"
#include "suivi/base/xalloc.h"

#define DEFAULT_DB_PATH   "/var/lib/suivi/suivi.db"
#define MAX_LINE          1000          /* iniparser 4.1 fails past 1022 */
#define MAX_FILE          (1 << 20)


enum key_id {
    K_DB_PATH, K_BUSY_TIMEOUT, K_COLOR, K_BORDERS, K_DATE_FORMAT, K_REFRESH,
    K_SLA_P1, K_SLA_P2, K_SLA_P3, K_SLA_P4, K_SENDMAIL, K_MAIL_FROM, K_MAIL_FROM_NAME,
    K_ACCESS_UNKNOWN, K_COUNT
};
#define DEFAULT_SENDMAIL "/usr/sbin/sendmail -t -oi"
#define VIEWS_SECTION 4            /* sections[]: keys of its own choosing */
#define JOURNEY_SECTION 6          /* sections[]: stage codes, in the journey's order */

#define SLA_DOC(p) "due date of a new " p " action, in working days (Saturdays, Sundays " \
                   "and French public holidays do not count): Nd, or none"

static const struct config_key_info known_keys[K_COUNT + 1] = {
    [K_DB_PATH]      = { "database", "path", DEFAULT_DB_PATH,
                         "SQLite database file shared by every user (local filesystem, not NFS)" },
    [K_BUSY_TIMEOUT] = { "database", "busy_timeout_ms", "5000",
                         "how long to wait for another session's write, in ms (0 to 600000)" },
    [K_COLOR]        = { "ui", "color", "auto",
                         "colours: auto (when the terminal has them), always or never" },
    [K_BORDERS]      = { "ui", "borders", "unicode",
                         "pane borders: unicode line drawing, or ascii (+, -, |) for PuTTY and old terminals" },
    [K_DATE_FORMAT]  = { "ui", "date_format", "%Y-%m-%d",
                         "how dates are shown: a strftime format of at most 64 bytes, e.g. %d/%m/%Y" },
    [K_REFRESH]      = { "ui", "refresh_ms", "2000",
                         "how often to look for other sessions' changes, in ms (100 to 60000)" },
    [K_SLA_P1]       = { "sla", "P1", "1d", SLA_DOC("P1 (most urgent)") },
    [K_SLA_P2]       = { "sla", "P2", "2d", SLA_DOC("P2") },
    [K_SLA_P3]       = { "sla", "P3", "5d", SLA_DOC("P3") },
    [K_SLA_P4]       = { "sla", "P4", "10d", SLA_DOC("P4 (least urgent)") },
    [K_SENDMAIL]     = { "mail", "sendmail", DEFAULT_SENDMAIL,
                         "the command that sends mail, reading it on standard input (run "
                         "without a shell: no quotes, pipes or variables)" },
    [K_MAIL_FROM]    = { "mail", "from", "",
                         "the From address of mail sent (empty: your login at this machine)" },
    [K_MAIL_FROM_NAME] = { "mail", "from_name", "",
                         "the name beside it (empty: your name in the staff list)" },
    [K_ACCESS_UNKNOWN] = { "access", "unknown", "readonly",
                         "a login that is not in the staff list: readonly (looks, changes "
                         "nothing) or deny (cannot open the database)" },
    [K_COUNT]        = { NULL, NULL, NULL, NULL },
};

static const char *const sections[] = { "database", "ui", "sla", "mail", "views", "access",
                                        "journey" };
static const int sla_defaults[] = { 0, 1, 2, 5, 10 };     /* by priority; [0] unused */
#define SECTION_COUNT ((int)(sizeof sections / sizeof sections[0]))
#define NO_SECTION (-1)

/* What the first pass found. */
struct scan {
    const char *path;
    char *err;
    size_t errlen;
    int line[K_COUNT];       /* line where the key was set, 0 = absent */
    char *value[K_COUNT];    /* the value as we read it */
    struct config_view views[CONFIG_VIEWS_MAX];   /* [views], as read */
    int view_line[CONFIG_VIEWS_MAX];
    int nviews;
    struct config_stage stages[CONFIG_STAGES_MAX];  /* [journey], as read */
    int stage_line[CONFIG_STAGES_MAX];
    int nstages;
    int journey_line;        /* first [journey] line, 0 = none: the defaults stay */
};

const struct config_key_info *config_known_keys(void)
{
    return known_keys;
}

const char *config_default_db_path(void)
{
    return DEFAULT_DB_PATH;
}

void config_defaults(struct config *cfg)
{
    cfg->db_path = xstrdup(DEFAULT_DB_PATH);
    cfg->busy_timeout_ms = 5000;
    cfg->color = COLOR_AUTO;
    cfg->borders = BORDERS_UNICODE;
    cfg->date_format = xstrdup("%Y-%m-%d");
    cfg->refresh_ms = 2000;
    for (int p = 0; p < 5; p++)
        cfg->sla_days[p] = sla_defaults[p];
    cfg->mail_sendmail = xstrdup(DEFAULT_SENDMAIL);
    cfg->mail_from = xstrdup("");
    cfg->mail_from_name = xstrdup("");
    cfg->access_unknown = ACCESS_READONLY;
    cfg->views = NULL;
    cfg->nviews = 0;
    config_stages_defaults(cfg);
    cfg->source = NULL;
}

static void views_free(struct config_view *v, int n)
{
    for (int i = 0; i < n; i++) {
        free(v[i].name);
        free(v[i].query);
    }
}

void config_free(struct config *cfg)
{
    if (!cfg)
        return;
    free_and_null(&cfg->db_path);
    free_and_null(&cfg->date_format);
    free_and_null(&cfg->mail_sendmail);
    free_and_null(&cfg->mail_from);
    free_and_null(&cfg->mail_from_name);
    views_free(cfg->views, cfg->nviews);
    free(cfg->views);
    cfg->views = NULL;
    cfg->nviews = 0;
    config_stages_free(cfg->stages, cfg->nstages);
    free(cfg->stages);
    cfg->stages = NULL;
    cfg->nstages = 0;
    free_and_null(&cfg->source);
}

void config_apply_env(struct config *cfg)
{
    const char *nc = getenv("NO_COLOR");
    if (nc && *nc)
        cfg->color = COLOR_NEVER;
}

/* ---- messages ---- */

/* "FILE:LINE: message" (or "FILE: message" when line is 0) into sc->err; returns -1. */
__attribute__((format(printf, 3, 4)))
static int report(struct scan *sc, int line, const char *fmt, ...)
{
    if (!sc->err || sc->errlen == 0)
        return -1;
    char file[256], msg[512];
    config_quote(sc->path, strlen(sc->path), 120, file, sizeof file);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (line > 0)
        snprintf(sc->err, sc->errlen, "%s:%d: %s", file, line, msg);
    else
        snprintf(sc->err, sc->errlen, "%s: %s", file, msg);
    return -1;
}

/* ---- first pass: lines ---- */

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

void config_trim(const char **s, size_t *n)
{
    while (*n && is_blank(**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n && is_blank((*s)[*n - 1]))
        (*n)--;
}

static bool names_equal(const char *a, size_t n, const char *b)
{
    return strlen(b) == n && strncasecmp(a, b, n) == 0;
}

static bool is_key_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '_' || c == '-' || c == '.';
}

static int syntax_error(struct scan *sc, int lineno, const char *line, size_t len)
{
    char q[256];
    config_quote(line, len, QUOTE_COLS, q, sizeof q);
    return report(sc, lineno, _("syntax error in \"%s\" (expected [section], key = value, "
                  "or a comment starting with ; or #)"), q);
}

static int scan_section(struct scan *sc, int lineno, const char *line, size_t len, int *section)
{
    if (line[len - 1] != ']')
        return syntax_error(sc, lineno, line, len);
    const char *name = line + 1;
    size_t n = len - 2;
    config_trim(&name, &n);
    for (int i = 0; i < SECTION_COUNT; i++) {
        if (names_equal(name, n, sections[i])) {
            *section = i;
            if (i == JOURNEY_SECTION && !sc->journey_line)
                sc->journey_line = lineno;
            return 0;
        }
    }
    char q[256];
    config_quote(name, n, QUOTE_COLS, q, sizeof q);
    char list[128] = "";
    for (int i = 0; i < SECTION_COUNT; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s[%s]", i ? ", " : "",
                 sections[i]);
    return report(sc, lineno, _("unknown section [%s] (known sections: %s)"), q, list);
}

/* The text after '=': a bare value, or one in "double" or 'single' quotes that may
 * hold ';' and '#'.  On success *out is a malloc'd copy. */
static int lex_value(struct scan *sc, int lineno, const char *v, size_t n, char **out)
{
    config_trim(&v, &n);
    if (n && (v[0] == '"' || v[0] == '\'')) {
        const char *close = memchr(v + 1, v[0], n - 1);
        if (!close)
            return report(sc, lineno, _("unterminated quoted value (missing closing %c)"), v[0]);
        const char *rest = close + 1;
        size_t rn = n - (size_t)(rest - v);
        config_trim(&rest, &rn);
        if (rn && rest[0] != ';' && rest[0] != '#')
            return report(sc, lineno, _("unexpected text after the closing quote"));
        *out = xstrndup(v + 1, (size_t)(close - v - 1));
        return 0;
    }
    if (memchr(v, ';', n) || memchr(v, '#', n))
        return report(sc, lineno, _("';' or '#' in a value without quotes would start a "
                      "comment and cut the value: put the value in double quotes"));
    *out = xstrndup(v, n);
    return 0;
}

static int find_key(int section, const char *key, size_t n)
{
    for (int i = 0; i < K_COUNT; i++)
        if (strcmp(known_keys[i].section, sections[section]) == 0
            && names_equal(key, n, known_keys[i].key))
            return i;
    return -1;
}

static int unknown_key(struct scan *sc, int lineno, int section, const char *key, size_t n)
{
    char q[256];
    config_quote(key, n, QUOTE_COLS, q, sizeof q);
    for (int s = 0; s < SECTION_COUNT; s++)
        if (s != section && find_key(s, key, n) >= 0)
            return report(sc, lineno, _("key \"%s\" belongs in section [%s], not [%s]"),
                          q, sections[s], sections[section]);
    char list[256] = "";
    for (int i = 0; i < K_COUNT; i++) {
        if (strcmp(known_keys[i].section, sections[section]) != 0)
            continue;
        size_t used = strlen(list);
        snprintf(list + used, sizeof list - used, "%s%s", used ? ", " : "", known_keys[i].key);
    }
    return report(sc, lineno, _("unknown key \"%s\" in [%s] (known keys: %s)"),
                  q, sections[section], list);
}

/* A named view: any name (a word), a query checked where it is used (core/query.h:
 * the names in it live in the database). */
static int scan_view(struct scan *sc, int lineno, const char *key, size_t kn,
                     const char *v, size_t vn)
{
    for (int i = 0; i < sc->nviews; i++)
        if (names_equal(key, kn, sc->views[i].name))
            return report(sc, lineno, _("duplicate view \"%s\" (already on line %d)"),
                          sc->views[i].name, sc->view_line[i]);
    if (sc->nviews == CONFIG_VIEWS_MAX)
        return report(sc, lineno, _("more than %d views"), CONFIG_VIEWS_MAX);
    char *query = NULL;
    if (lex_value(sc, lineno, v, vn, &query) < 0)
        return -1;
    if (!*query) {
        free(query);
        return report(sc, lineno, _("view \"%.*s\" has an empty query"), (int)kn, key);
    }
    sc->views[sc->nviews].name = xstrndup(key, kn);
    sc->views[sc->nviews].query = query;
    sc->view_line[sc->nviews++] = lineno;
    return 0;
}

/* A stage of the journey: its code is the key, the order of the lines is the
 * journey's. */
static int scan_stage(struct scan *sc, int lineno, const char *key, size_t kn,
                      const char *v, size_t vn)
{
    char q[256], why[256];
    config_quote(key, kn, QUOTE_COLS, q, sizeof q);
    if (!config_stage_code_ok(key, kn))
        return report(sc, lineno, _("[journey] '%s' is not a stage code (a lower-case letter, "
                      "then lower-case letters, digits or _, at most %d bytes)"),
                      q, CONFIG_STAGE_CODE_MAX);
    for (int i = 0; i < sc->nstages; i++)
        if (strlen(sc->stages[i].code) == kn && memcmp(sc->stages[i].code, key, kn) == 0)
            return report(sc, lineno, _("[journey] %s: duplicate stage (already on line %d)"),
                          q, sc->stage_line[i]);
    if (sc->nstages == CONFIG_STAGES_MAX)
        return report(sc, lineno, _("[journey] %s: more than %d stages"), q, CONFIG_STAGES_MAX);
    char *value = NULL;
    if (lex_value(sc, lineno, v, vn, &value) < 0)
        return -1;
    struct config_stage *st = &sc->stages[sc->nstages];
    int rc = config_stage_parse(value, st, why, sizeof why);
    free(value);
    if (rc < 0)
        return report(sc, lineno, _("[journey] %s: %s"), q, why);
    st->code = xstrndup(key, kn);
    sc->stage_line[sc->nstages++] = lineno;
    return 0;
}

static int scan_assignment(struct scan *sc, int lineno, const char *line, size_t len,
                           int section)
{
    const char *eq = memchr(line, '=', len);
    if (!eq)
        return syntax_error(sc, lineno, line, len);
    const char *key = line;
    size_t kn = (size_t)(eq - line);
    config_trim(&key, &kn);
    if (kn == 0)
        return syntax_error(sc, lineno, line, len);
    for (size_t i = 0; i < kn; i++)
        if (!is_key_char(key[i]))
            return syntax_error(sc, lineno, line, len);
    if (section == NO_SECTION)
        return report(sc, lineno, _("key outside any section (start with [database] or [ui])"));
    if (section == VIEWS_SECTION)
        return scan_view(sc, lineno, key, kn, eq + 1, len - (size_t)(eq + 1 - line));
    if (section == JOURNEY_SECTION)
        return scan_stage(sc, lineno, key, kn, eq + 1, len - (size_t)(eq + 1 - line));
    int id = find_key(section, key, kn);
    if (id < 0)
        return unknown_key(sc, lineno, section, key, kn);
    if (sc->line[id])
        return report(sc, lineno, _("duplicate key \"%s\" in [%s] (already set on line %d)"),
                      known_keys[id].key, sections[section], sc->line[id]);
    if (lex_value(sc, lineno, eq + 1, len - (size_t)(eq + 1 - line), &sc->value[id]) < 0)
        return -1;
    sc->line[id] = lineno;
    return 0;
}

static int scan_line(struct scan *sc, int lineno, const char *line, size_t len, int *section)
{
    if (len > MAX_LINE)
        return report(sc, lineno, _("line longer than %d bytes"), MAX_LINE);
    if (memchr(line, '\0', len))
        return report(sc, lineno, _("NUL byte in the line (is this a text file?)"));
    if (lineno == 1 && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0)
        return report(sc, lineno, _("the file starts with a byte order mark: save it as UTF-8 "
                      "without BOM"));
    config_trim(&line, &len);
    if (len == 0)
        return 0;
    /* iniparser would join the next line, even to a comment: refuse the surprise. */
    if (line[len - 1] == '\\')
        return report(sc, lineno, _("a line ending with '\\' (continuation) is not supported"));
    if (line[0] == ';' || line[0] == '#')
        return 0;
    if (line[0] == '[')
        return scan_section(sc, lineno, line, len, section);
    return scan_assignment(sc, lineno, line, len, *section);
}

static int scan_text(struct scan *sc, const char *text, size_t size)
{
    int section = NO_SECTION, lineno = 0;
    size_t pos = 0;
    while (pos < size) {
        const char *line = text + pos;
        const char *nl = memchr(line, '\n', size - pos);
        size_t len = nl ? (size_t)(nl - line) : size - pos;
        pos += len + (nl ? 1 : 0);
        if (scan_line(sc, ++lineno, line, len, &section) < 0)
            return -1;
    }
    /* Only exits would leave no journey to follow: the screens need a first step. */
    if (sc->journey_line && !config_stages_have_step(sc->stages, sc->nstages))
        return report(sc, sc->journey_line, _("[journey] needs at least one stage that is not "
                      "an exit (code = Label | TAG | days)"));
    return 0;
}

/* Whole file into memory (NUL-terminated, *size without the NUL). */
static char *read_file(struct scan *sc, size_t *size)
{
    FILE *f = fopen(sc->path, "r");
    if (!f) {
        report(sc, 0, _("%s"), strerror(errno));
        return NULL;
    }
    char *buf = xmalloc(MAX_FILE + 1);
    size_t n = fread(buf, 1, MAX_FILE + 1, f);
    int bad = ferror(f), saved = errno;
    fclose(f);
    if (bad || n > MAX_FILE) {
        free(buf);
        if (bad)
            report(sc, 0, _("cannot read: %s"), strerror(saved));
        else
            report(sc, 0, _("larger than %d bytes: not a configuration file"), MAX_FILE);
        return NULL;
    }
    buf[n] = '\0';
    *size = n;
    return buf;
}

/* ---- values ---- */

static int apply_value(struct config *cfg, int id, const char *v, char *why, size_t whylen)
{
    static const char *const colors[] = { "auto", "always", "never", NULL };
    static const char *const borders[] = { "unicode", "ascii", NULL };
    static const char *const unknown_access[] = { "readonly", "deny", NULL };
    long n;
    int c;
    switch (id) {
    case K_DB_PATH:
        if (!*v)
            return config_refuse(why, whylen, "must not be empty");
        str_replace(&cfg->db_path, v);
        return 0;
    case K_BUSY_TIMEOUT:
        if (config_parse_int(v, 0, 600000, &n, why, whylen) < 0)
            return -1;
        cfg->busy_timeout_ms = (int)n;
        return 0;
    case K_COLOR:
        if (config_parse_choice(v, colors, &c, why, whylen) < 0)
            return -1;
        cfg->color = (enum color_mode)c;
        return 0;
    case K_BORDERS:
        if (config_parse_choice(v, borders, &c, why, whylen) < 0)
            return -1;
        cfg->borders = (enum border_kind)c;
        return 0;
    case K_DATE_FORMAT:
        if (config_check_date_format(v, why, whylen) < 0)
            return -1;
        str_replace(&cfg->date_format, v);
        return 0;
    case K_REFRESH:
        if (config_parse_int(v, 100, 60000, &n, why, whylen) < 0)
            return -1;
        cfg->refresh_ms = (int)n;
        return 0;
    case K_SLA_P1: case K_SLA_P2: case K_SLA_P3: case K_SLA_P4:
        return config_parse_sla(v, &cfg->sla_days[id - K_SLA_P1 + 1], why, whylen);
    case K_SENDMAIL:
        if (!*v || *v != '/')
            return config_refuse(why, whylen, "must be a command with its full path, e.g. "
                          DEFAULT_SENDMAIL);
        str_replace(&cfg->mail_sendmail, v);
        return 0;
    case K_MAIL_FROM:
        if (*v && (!strchr(v, '@') || strpbrk(v, " <>\t")))
            return config_refuse(why, whylen, "not an address (name@example.fr)");
        str_replace(&cfg->mail_from, v);
        return 0;
    case K_MAIL_FROM_NAME:
        str_replace(&cfg->mail_from_name, v);
        return 0;
    case K_ACCESS_UNKNOWN:
        if (config_parse_choice(v, unknown_access, &c, why, whylen) < 0)
            return -1;
        cfg->access_unknown = (enum access_unknown)c;
        return 0;
    default:
        return config_refuse(why, whylen, "internal error: unknown key");
    }
}

/* ---- second pass: iniparser ---- */

static int ini_quiet(const char *fmt, ...)
{
    (void)fmt;     /* our own first pass reports problems, with line numbers */
    return 0;
}

static int take_values(struct scan *sc, struct config *cfg)
{
    static const char missing[] = "";
    iniparser_set_error_callback(ini_quiet);
    dictionary *d = iniparser_load(sc->path);
    if (!d)
        return report(sc, 0, _("iniparser could not read the file"));
    int rc = 0;
    for (int id = 0; id < K_COUNT && rc == 0; id++) {
        if (!sc->line[id])
            continue;
        char name[64], why[256];
        snprintf(name, sizeof name, "%s:%s", known_keys[id].section, known_keys[id].key);
        const char *v = iniparser_getstring(d, name, missing);
        if (!v || v == missing || strcmp(v, sc->value[id]) != 0)
            rc = report(sc, sc->line[id], "%s: value read differently by iniparser "
                        "(put it in double quotes)", known_keys[id].key);
        else if (apply_value(cfg, id, v, why, sizeof why) < 0)
            rc = report(sc, sc->line[id], "%s: %s", known_keys[id].key, why);
    }
    iniparser_freedict(d);
    return rc;
}

int config_load(struct config *cfg, const char *path, char *err, size_t errlen)
{
    struct scan sc = { .path = path ? path : "(none)", .err = err, .errlen = errlen };
    if (err && errlen)
        err[0] = '\0';
    if (!path || !*path)
        return report(&sc, 0, _("no configuration file named"));
    size_t size;
    char *text = read_file(&sc, &size);
    if (!text)
        return -1;
    int rc = scan_text(&sc, text, size);
    free(text);
    struct config tmp = *cfg;
    tmp.db_path = xstrdup(cfg->db_path);
    tmp.date_format = xstrdup(cfg->date_format);
    tmp.mail_sendmail = xstrdup(cfg->mail_sendmail);
    tmp.mail_from = xstrdup(cfg->mail_from);
    tmp.mail_from_name = xstrdup(cfg->mail_from_name);
    tmp.source = xstrdup(path);
    /* The file's views replace the ones before (a file names all its views). */
    tmp.views = xcalloc((size_t)sc.nviews + 1, sizeof *tmp.views);
    tmp.nviews = sc.nviews;
    memcpy(tmp.views, sc.views, (size_t)sc.nviews * sizeof *sc.views);
    sc.nviews = 0;
    /* The file's journey replaces the one before; a file without one keeps it. */
    if (sc.journey_line) {
        tmp.stages = xcalloc((size_t)sc.nstages + 1, sizeof *tmp.stages);
        memcpy(tmp.stages, sc.stages, (size_t)sc.nstages * sizeof *sc.stages);
        tmp.nstages = sc.nstages;
        sc.nstages = 0;
    } else {
        tmp.stages = config_stages_dup(cfg->stages, cfg->nstages);
    }
    if (rc == 0)
        rc = take_values(&sc, &tmp);
    for (int i = 0; i < K_COUNT; i++)
        free(sc.value[i]);
    views_free(sc.views, sc.nviews);
    config_stages_free(sc.stages, sc.nstages);
    if (rc < 0) {
        config_free(&tmp);
        return -1;
    }
    config_free(cfg);
    *cfg = tmp;
    return 0;
}
