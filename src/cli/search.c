/* search — `suivi search TEXT… [--limit N] [--json]`: the global search of
 * store/search.h from the command line, for people and scripts.
 *
 * Its options are its own (--limit, --json), so it is dispatched before the
 * grammar of args.c (search_requested); --db and --config mean what they mean
 * everywhere.  Hits are printed grouped by kind, a heading over each group
 * ("Members (2)"): on a terminal in columns fitted to a screen, otherwise one tab
 * between fields; every field from the database sanitised (sanitize.h).  --json
 * prints one JSON array, escaped so that it is valid UTF-8 whatever the database
 * holds, and safe on a terminal (controls, bidi and invisible characters as \u
 * escapes, which a JSON reader turns back into the original: csv.h's
 * json_write_string).
 *
 * Exit status, as grep's: 0 when something was found, 1 when nothing was (or on a
 * runtime error, said on stderr), 2 on a usage error. */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "suivi/base/csv.h"
#include "suivi/base/i18n.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/timeutil.h"
#include "suivi/base/xalloc.h"
#include "suivi/store/search.h"

#define DEFAULT_LIMIT 10
#define MAX_LIMIT     1000
#define NFIELDS       5          /* id, date, title, member, snippet */

/* Only its name is used: the messages of a usage error say "suivi search". */
static const struct cli_command SEARCH_COMMAND = { .group = "search" };

static const char *const HEADINGS[SEARCH_KINDS] = {
    [SEARCH_MEMBER] = N_("Members"), [SEARCH_CONTACT] = N_("Contacts"),
    [SEARCH_INTERACTION] = N_("Interactions"), [SEARCH_ACTION] = N_("Actions"),
    [SEARCH_NOTE] = N_("Notes"),
};

/* Widest a field may be on a terminal, in columns (the snippet: the rest). */
static const int FIELD_MAX[NFIELDS] = { 8, 16, 44, 28, 60 };

struct search_cli {
    struct cli c;               /* db, config: what load_config reads */
    char *text;                 /* the words, joined by one space */
    const char *limit_text;
    int limit;
    bool json, help;
};

/* ---- the command line ---- */

/* Options that take a value, so that their value is not taken for a word. */
static const char *const VALUED[] = { "--db", "--config", "--limit", NULL };

bool search_requested(int argc, char **argv)
{
    return early_requested(argc, argv, "search", VALUED);
}

static int parse_option(int argc, char **argv, int *i, struct search_cli *sc)
{
    const char *a = argv[*i];
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
        sc->help = true;
        return 0;
    }
    if (strcmp(a, "--json") == 0) {
        if (sc->json)
            return usage_error(&SEARCH_COMMAND, _("%s given twice"), a);
        sc->json = true;
        return 0;
    }
    int r = early_option_value(&SEARCH_COMMAND, argc, argv, i, "--db", &sc->c.db);
    if (r == 0)
        r = early_option_value(&SEARCH_COMMAND, argc, argv, i, "--config", &sc->c.config);
    if (r == 0)
        r = early_option_value(&SEARCH_COMMAND, argc, argv, i, "--limit", &sc->limit_text);
    if (r == 0)
        return usage_error(&SEARCH_COMMAND, _("unknown option '%s' (a word starting with "
                           "'-' goes after '--')"), a);
    return r < 0 ? EXIT_USAGE : 0;
}

/* The words after "search", joined by one space. */
static void add_word(struct search_cli *sc, const char *w)
{
    char *t = sc->text ? xasprintf("%s %s", sc->text, w) : xstrdup(w);
    free(sc->text);
    sc->text = t;
}

static int check_values(struct search_cli *sc)
{
    if (sc->c.db && !*sc->c.db)
        return usage_error(&SEARCH_COMMAND, "%s", _("--db: empty file name"));
    if (sc->limit_text) {
        const char *t = sc->limit_text;
        char *end;
        errno = 0;
        long v = strtol(t, &end, 10);
        if (!*t || *end || errno == ERANGE || v < 1 || v > MAX_LIMIT)
            return usage_error(&SEARCH_COMMAND, _("--limit: '%s' is not a number from 1 "
                               "to %d"), t, MAX_LIMIT);
        sc->limit = (int)v;
    }
    if (!sc->text)
        return usage_error(&SEARCH_COMMAND, "%s", _("'suivi search' needs TEXT"));
    return 0;
}

static int parse_search(int argc, char **argv, struct search_cli *sc)
{
    bool only_words = false, command_seen = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!only_words && strcmp(a, "--") == 0)
            only_words = true;
        else if (only_words || a[0] != '-' || a[1] == '\0') {
            if (command_seen)
                add_word(sc, a);
            command_seen = true;          /* the first word is "search" itself */
        } else if (parse_option(argc, argv, &i, sc)) {
            return EXIT_USAGE;
        }
    }
    return sc->help ? 0 : check_values(sc);
}

static int print_help(void)
{
    fputs(_("Usage: suivi search TEXT... [--limit N] [--json]\n"
            "\n"
            "Search the members (name, SIREN), contacts (name, role, e-mail),\n"
            "interactions (subject, body), actions (title, description) and notes at\n"
            "once, and print what was found, kind by kind, the best first.\n"
            "Case, accents and the ligatures oe and ae never matter; a row must hold\n"
            "every word; \"words in quotes\" must follow each other in that order;\n"
            "certif* is any word starting with certif (a prefix needs three letters),\n"
            "and so is the last word typed bare; a SIREN may be typed in groups\n"
            "(253 514 491).  A word starting with '-' goes after '--'.\n"
            "\n"
            "Options:\n"
            "  --limit N          at most N hits of each kind, 1 to 1000 (default 10)\n"
            "  --json             one JSON array of the hits, for scripts\n"
            "  --db FILE          the database (overrides $SUIVI_DB and the configuration)\n"
            "  --config FILE      the configuration file to read\n"
            "Exit status: 0 something found, 1 nothing found (or a runtime error, said\n"
            "on stderr), 2 usage error.\n"), stdout);
    return fflush(stdout) == 0 ? 0 : EXIT_RUNTIME;
}

/* ---- text output ---- */

/* The fields of one hit, owned. */
static void hit_fields(const struct search_hit *h, const char *date_format,
                       char *f[NFIELDS])
{
    char date[64] = "";
    if (h->at)
        time_format_local(h->at, date_format, date, sizeof date);
    f[0] = xasprintf("#%lld", (long long)h->id);
    f[1] = xstrdup(date);
    f[2] = xstrdup(h->title ? h->title : "");
    /* a member is its own member: its name is the title already */
    f[3] = xstrdup(h->kind != SEARCH_MEMBER && h->member_name ? h->member_name : "");
    f[4] = xstrdup(h->snippet ? h->snippet : "");
}

/* src sanitised and cut to cols columns ('…' where cut), as multibyte text. */
static char *fitted(const char *src, int cols)
{
    size_t wcap = (size_t)cols * 8 + 16;
    wchar_t *w = xcalloc(wcap, sizeof *w);
    san_fit(src, cols, false, w, wcap);
    size_t cap = wcap * MB_LEN_MAX;
    char *out = xmalloc(cap);
    san_wcs_to_mb(w, out, cap);
    free(w);
    return out;
}

/* One group's rows: columns as wide as their widest cell (up to FIELD_MAX), a
 * column empty in every row left out (a member's date). */
static void print_aligned(FILE *out, char *(*cells)[NFIELDS], int nrows)
{
    int width[NFIELDS] = {0};
    for (int r = 0; r < nrows; r++)
        for (int i = 0; i < NFIELDS; i++) {
            int w = san_width(cells[r][i]);
            width[i] = w > width[i] ? w : width[i];
        }
    for (int r = 0; r < nrows; r++) {
        fputs(" ", out);
        for (int i = 0; i < NFIELDS; i++) {
            if (width[i] == 0)
                continue;
            int cols = width[i] < FIELD_MAX[i] ? width[i] : FIELD_MAX[i];
            char *cell = fitted(cells[r][i], cols);
            bool last = i == NFIELDS - 1;
            fprintf(out, " %s%*s", cell, last ? 0 : cols - san_width(cell) + 1, "");
            free(cell);
        }
        fputc('\n', out);
    }
}

static void print_tabbed(FILE *out, char *(*cells)[NFIELDS], int nrows)
{
    for (int r = 0; r < nrows; r++)
        for (int i = 0; i < NFIELDS; i++) {
            char *cell = san_line_dup(cells[r][i]);
            fprintf(out, "%s%c", cell, i == NFIELDS - 1 ? '\n' : '\t');
            free(cell);
        }
}

static void print_group(FILE *out, const struct search_hit *h, int n, const char *date_format,
                        bool aligned)
{
    char *(*cells)[NFIELDS] = xcalloc((size_t)n, sizeof *cells);
    for (int r = 0; r < n; r++)
        hit_fields(&h[r], date_format, cells[r]);
    fprintf(out, "%s (%d)\n", _(HEADINGS[h[0].kind]), n);
    if (aligned)
        print_aligned(out, cells, n);
    else
        print_tabbed(out, cells, n);
    for (int r = 0; r < n; r++)
        for (int i = 0; i < NFIELDS; i++)
            free(cells[r][i]);
    free(cells);
}

static void print_text(FILE *out, const struct search_hit *h, int n, const char *date_format)
{
    bool aligned = isatty(fileno(out));
    for (int i = 0; i < n;) {
        int j = i;
        while (j < n && h[j].kind == h[i].kind)
            j++;
        print_group(out, h + i, j - i, date_format, aligned);
        i = j;
    }
}

/* ---- JSON output ---- */

static void json_id(FILE *out, const char *key, int64_t id)
{
    if (id)
        fprintf(out, ", \"%s\": %lld", key, (long long)id);
    else
        fprintf(out, ", \"%s\": null", key);
}

static void print_json(FILE *out, const struct search_hit *h, int n)
{
    fputs("[", out);
    for (int i = 0; i < n; i++) {
        fprintf(out, "%s\n  {\"kind\": \"%s\", \"id\": %lld", i ? "," : "",
                search_kind_code(h[i].kind), (long long)h[i].id);
        json_id(out, "member_id", h[i].member_id);
        json_id(out, "action_id", h[i].action_id);
        fputs(", \"title\": ", out);
        json_write_string(out, h[i].title);
        fputs(", \"member\": ", out);
        json_write_string(out, h[i].member_name);
        fputs(", \"at\": ", out);
        char iso[TIME_ISO_LEN];
        if (h[i].at)
            time_to_iso(h[i].at, iso);
        json_write_string(out, h[i].at ? iso : NULL);
        fputs(", \"snippet\": ", out);
        json_write_string(out, h[i].snippet);
        fputs("}", out);
    }
    fputs(n ? "\n]\n" : "]\n", out);
}

/* ---- the command ---- */

static int search_and_print(const struct config *cfg, const struct search_cli *sc)
{
    store *s;
    int rc = open_store(cfg, false, &s);
    if (rc)
        return rc;
    struct search_hit *h = NULL;
    int n = 0;
    if (store_search(s, sc->text, sc->limit, &h, &n) != STORE_OK) {
        say(stderr, "suivi: %s: %s", store_path(s), store_errmsg(s));
        store_close(s);
        return EXIT_RUNTIME;
    }
    store_close(s);
    if (sc->json)
        print_json(stdout, h, n);
    else
        print_text(stdout, h, n, cfg->date_format);
    search_hits_free(h, n);
    if (fflush(stdout) != 0 || ferror(stdout))
        return EXIT_RUNTIME;
    return n > 0 ? 0 : 1;
}

int run_search(int argc, char **argv)
{
    struct search_cli sc = { .limit = DEFAULT_LIMIT };
    int rc = parse_search(argc, argv, &sc);
    if (rc == 0 && sc.help)
        rc = print_help();
    else if (rc == 0) {
        struct config cfg;
        rc = load_config(&sc.c, &cfg);
        if (rc == 0)
            rc = search_and_print(&cfg, &sc);
        config_free(&cfg);
    }
    free(sc.text);
    return rc;
}
