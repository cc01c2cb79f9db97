/* main — the `suivi` command: read the command line and the configuration, then
 * open the full-screen interface, or create an empty (init) or demo database.
 *
 * Exit status: 0 ok, 1 runtime error (database, terminal), 2 usage or configuration
 * error.  Every message on stderr starts with "suivi: " and names the file at fault. */
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "suivi/base/i18n.h"
#include "suivi/config/config.h"
#include "suivi/demo/demo.h"
#include "suivi/ui/keymap.h"
#include "suivi/base/sanitize.h"
#include "suivi/store/store.h"
#include "suivi/ui/ui.h"
#include "suivi/base/xalloc.h"

#define EXIT_RUNTIME 1
#define EXIT_USAGE   2
#define DEFAULT_SEED 1u
#define ERR_LEN      1024

enum run { RUN_UI, RUN_INIT, RUN_DEMO, RUN_HELP, RUN_VERSION, RUN_LIST_KEYS };

struct cli {
    enum run what;
    const char *db;        /* --db */
    const char *config;    /* --config */
    const char *seed_text; /* --seed, demo only */
    unsigned seed;
    bool force;            /* --force, demo only */
};

static void usage(FILE *f)
{
    fputs("Usage: suivi [--db FILE] [--config FILE]       open the interface\n"
          "       suivi init [--db FILE]                  create an empty database\n"
          "       suivi demo [--db FILE] [--seed N] [--force]\n"
          "                                               create a demo database\n"
          "       suivi --help | --version | --list-keys\n"
          "\n"
          "suivi follows the members of a digital-services syndicate, their\n"
          "interactions and the actions they call for, in one shared SQLite file.\n"
          "\n"
          "Options:\n"
          "  --db FILE      the database (overrides $SUIVI_DB and [database] path)\n"
          "  --config FILE  the configuration file (overrides $SUIVI_CONFIG)\n"
          "  --seed N       demo: the random seed (default 1); same seed, same data\n"
          "  --force        demo: replace an existing file\n"
          "  --list-keys    print every key binding: MAP<TAB>KEYS<TAB>HELP\n"
          "  --help         this help\n"
          "  --version      the version and the database schema version\n"
          "\n"
          "Environment: SUIVI_CONFIG, SUIVI_DB, SUIVI_EDITOR, VISUAL, EDITOR, NO_COLOR.\n"
          "Exit status: 0 ok, 1 runtime error, 2 usage or configuration error.\n"
          "See suivi(1).\n", f);
}

/* One line to f, sanitised: a message may hold data (a file name, an SQLite
 * message quoting the schema of a crafted file), and stderr is a terminal too. */
static void vsay(FILE *f, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
static void vsay(FILE *f, const char *fmt, va_list ap)
{
    char raw[3 * ERR_LEN + PATH_MAX];
    vsnprintf(raw, sizeof raw, fmt, ap);
    char *safe = san_line_dup(raw);
    fprintf(f, "%s\n", safe);
    free(safe);
}

static void say(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay(f, fmt, ap);
    va_end(ap);
}

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("suivi: ", stderr);
    vsay(stderr, fmt, ap);
    va_end(ap);
    fputs("Try 'suivi --help'.\n", stderr);
    return EXIT_USAGE;
}

/* argv[*i] is "--name VALUE" or "--name=VALUE": 1 with *value set (and *i moved past
 * a separate value); 0 if argv[*i] is another option; -1 if the value is missing. */
static int option_value(int argc, char **argv, int *i, const char *name, const char **value)
{
    size_t n = strlen(name);
    const char *a = argv[*i];
    if (strncmp(a, name, n) != 0)
        return 0;
    if (a[n] == '=') {
        *value = a + n + 1;
        return 1;
    }
    if (a[n] != '\0')
        return 0;
    if (*i + 1 >= argc)
        return -1;
    *value = argv[++*i];
    return 1;
}

static int parse_seed(struct cli *c)
{
    const char *t = c->seed_text;
    char *end;
    errno = 0;
    unsigned long v = strtoul(t, &end, 10);
    if (!*t || *t == '-' || *t == '+' || *end || errno == ERANGE || v > UINT_MAX)
        return usage_error("--seed: '%s' is not a number from 0 to %u", t, UINT_MAX);
    c->seed = (unsigned)v;
    return 0;
}

static int parse_command(const char *word, struct cli *c, bool *have_command)
{
    if (*have_command)
        return usage_error("unexpected argument '%s'", word);
    if (strcmp(word, "init") == 0)
        c->what = RUN_INIT;
    else if (strcmp(word, "demo") == 0)
        c->what = RUN_DEMO;
    else
        return usage_error("unknown command '%s' (commands: init, demo)", word);
    *have_command = true;
    return 0;
}

/* Options may come before or after the command. */
static int parse_args(int argc, char **argv, struct cli *c)
{
    static const char *const valued[] = { "--db", "--config", "--seed" };
    bool have_command = false, only_args = false;
    *c = (struct cli){ .what = RUN_UI, .seed = DEFAULT_SEED };
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (only_args || a[0] != '-' || a[1] == '\0') {
            if (parse_command(a, c, &have_command))
                return EXIT_USAGE;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_args = true;
            continue;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            c->what = RUN_HELP;
            return 0;
        }
        if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
            c->what = RUN_VERSION;
            return 0;
        }
        if (strcmp(a, "--list-keys") == 0) {
            c->what = RUN_LIST_KEYS;
            return 0;
        }
        if (strcmp(a, "--force") == 0) {
            c->force = true;
            continue;
        }
        const char **slot[] = { &c->db, &c->config, &c->seed_text };
        int found = 0;
        for (size_t k = 0; k < sizeof valued / sizeof valued[0] && !found; k++) {
            found = option_value(argc, argv, &i, valued[k], slot[k]);
            if (found < 0)
                return usage_error("%s needs a value", valued[k]);
        }
        if (!found)
            return usage_error("unknown option '%s'", a);
    }
    if ((c->seed_text || c->force) && c->what != RUN_DEMO)
        return usage_error("%s only applies to 'suivi demo'", c->force ? "--force" : "--seed");
    if (c->db && !*c->db)
        return usage_error("--db: empty file name");
    return c->seed_text ? parse_seed(c) : 0;
}

/* The same walk as the help screen (help.c): every map, every command with keys. */
static void list_keys(void)
{
    char keys[256];
    for (int map = 0; map < KEYMAP_COUNT; map++) {
        const char *title = keymap_title((enum keymap_id)map);
        for (int cmd = CMD_NONE + 1; cmd < CMD_COUNT; cmd++) {
            keymap_keys_of((enum keymap_id)map, (enum command)cmd, keys, sizeof keys);
            if (keys[0])
                printf("%s\t%s\t%s\n", title, keys, command_help((enum command)cmd));
        }
        const char *other = keymap_other_keys((enum keymap_id)map);
        if (other)
            printf("%s\t(other keys)\t%s\n", title, other);
    }
}

/* Defaults, then the file (--config, $SUIVI_CONFIG, XDG, /etc), then the
 * environment, then $SUIVI_DB, then --db. */
static int load_config(const struct cli *c, struct config *cfg)
{
    char err[ERR_LEN];
    config_defaults(cfg);
    char *path = config_locate(c->config, err, sizeof err);
    if (!path && err[0]) {
        say(stderr, "suivi: %s", err);
        return EXIT_USAGE;
    }
    int rc = path ? config_load(cfg, path, err, sizeof err) : 0;
    free(path);
    if (rc != 0) {
        say(stderr, "suivi: %s", err);
        return EXIT_USAGE;
    }
    config_apply_env(cfg);
    const char *env_db = getenv("SUIVI_DB");
    if (env_db && *env_db)
        str_replace(&cfg->db_path, env_db);
    if (c->db)
        str_replace(&cfg->db_path, c->db);
    return 0;
}

static int open_store(const struct config *cfg, bool create, store **s)
{
    char err[ERR_LEN];
    struct store_options opt = { .busy_timeout_ms = cfg->busy_timeout_ms, .create = create };
    if (store_open(cfg->db_path, &opt, s, err, sizeof err) != STORE_OK) {
        say(stderr, "suivi: %s", err);
        return EXIT_RUNTIME;
    }
    return 0;
}

static int run_ui(const struct config *cfg)
{
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        say(stderr, "suivi: %s: the interface needs a terminal on its input and "
            "output (see 'suivi --help' for the other commands)", cfg->db_path);
        return EXIT_RUNTIME;
    }
    store *s;
    int rc = open_store(cfg, false, &s);
    if (rc)
        return rc;
    char err[ERR_LEN] = "";
    rc = ui_run(cfg, s, err, sizeof err);
    store_close(s);
    if (rc != 0) {
        say(stderr, "%s%s", strncmp(err, "suivi: ", 7) == 0 ? "" : "suivi: ",
            err[0] ? err : "the interface stopped on an error");
        return EXIT_RUNTIME;
    }
    return 0;
}

/* A file that is there and not empty. */
static bool has_content(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && sb.st_size > 0;
}

static int run_init(const struct config *cfg)
{
    bool existed = has_content(cfg->db_path);
    store *s;
    int rc = open_store(cfg, true, &s);
    if (rc)
        return rc;
    store_close(s);
    say(stdout, existed ? "%s: already initialised at schema %d"
                        : "%s: created an empty database at schema %d",
        cfg->db_path, store_schema_version());
    return 0;
}

/* Remove the database and its WAL companions; a missing file is fine. */
static int remove_database(const char *path)
{
    static const char *const suffixes[] = { "", "-wal", "-shm" };
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        char *p = xasprintf("%s%s", path, suffixes[i]);
        int rc = unlink(p) == 0 || errno == ENOENT ? 0 : -1;
        if (rc)
            say(stderr, "suivi: %s: cannot remove: %s", p, strerror(errno));
        free(p);
        if (rc)
            return EXIT_RUNTIME;
    }
    return 0;
}

static int run_demo(const struct config *cfg, const struct cli *c)
{
    const char *path = cfg->db_path;
    struct stat sb;
    if (lstat(path, &sb) != 0 && errno != ENOENT) {
        say(stderr, "suivi: %s: %s", path, strerror(errno));
        return EXIT_RUNTIME;
    }
    if (lstat(path, &sb) == 0) {
        if (!c->force) {
            say(stderr, "suivi: %s already exists; use --force to replace it", path);
            return EXIT_RUNTIME;
        }
        if (remove_database(path))
            return EXIT_RUNTIME;
    }
    store *s;
    int rc = open_store(cfg, true, &s);
    if (rc)
        return rc;
    char err[ERR_LEN] = "";
    struct demo_stats st;
    rc = demo_generate(s, c->seed, stdout, &st, err, sizeof err);
    store_close(s);
    if (rc != STORE_OK) {
        say(stderr, "suivi: %s: %s", path, err[0] ? err : "demo data not written");
        remove_database(path);     /* we created it: leave nothing half-made */
        return EXIT_RUNTIME;
    }
    say(stdout, "%s: demo database ready (seed %u); open it with: suivi --db %s", path, c->seed,
        path);
    return fflush(stdout) == 0 ? 0 : EXIT_RUNTIME;
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    i18n_init();
    struct cli c;
    if (parse_args(argc, argv, &c))
        return EXIT_USAGE;
    switch (c.what) {
    case RUN_HELP:
        usage(stdout);
        return 0;
    case RUN_VERSION:
        printf("suivi %s (database schema %d)\n", SUIVI_VERSION, store_schema_version());
        return 0;
    case RUN_LIST_KEYS:
        list_keys();
        return 0;
    default:
        break;
    }
    struct config cfg;
    int rc = load_config(&c, &cfg);
    if (rc == 0)
        rc = c.what == RUN_INIT ? run_init(&cfg)
           : c.what == RUN_DEMO ? run_demo(&cfg, &c) : run_ui(&cfg);
    config_free(&cfg);
    return rc;
}
