/* main — the `suivi` command: read the command line (args.c) and the
 * configuration, then open the full-screen interface, create an empty (init) or
 * demo database, or run a command on the team (people.c).  Statuses and messages:
 * see cli.h. */
#include <errno.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "suivi/base/i18n.h"
#include "suivi/base/xalloc.h"
#include "suivi/config/config.h"
#include "suivi/core/people.h"
#include "suivi/demo/demo.h"
#include "suivi/store/store.h"
#include "suivi/ui/keymap.h"
#include "suivi/ui/ui.h"

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
int load_config(const struct cli *c, struct config *cfg)
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

int open_store(const struct config *cfg, bool create, store **s)
{
    char err[ERR_LEN];
    struct store_options opt = { .busy_timeout_ms = cfg->busy_timeout_ms, .create = create,
                                 .deny_unknown = cfg->access_unknown == ACCESS_DENY };
    if (store_open(cfg->db_path, &opt, s, err, sizeof err) != STORE_OK) {
        say(stderr, "suivi: %s", err);
        return EXIT_RUNTIME;
    }
    return 0;
}

static int run_ui(const struct config *cfg)
{
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        say(stderr, _("suivi: %s: the interface needs a terminal on its input and "
            "output (see 'suivi --help' for the other commands)"), cfg->db_path);
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
            err[0] ? err : _("the interface stopped on an error"));
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

/* Say what became of the login running init (people_init_first_admin). */
static void say_first_admin(const char *path, enum first_admin what, const struct staff *me)
{
    switch (what) {
    case FIRST_ADMIN_ADDED:
        say(stdout, _("%s: %s (%s) is its first admin"), path, me->login, me->display_name);
        break;
    case FIRST_ADMIN_ALREADY_STAFF:
        say(stdout, _("%s: %s is already staff there, role %s"), path, me->login,
            enum_code(&STAFF_ROLE_NAMES, (int)me->role));
        break;
    case FIRST_ADMIN_NOT_NEEDED:
        say(stdout, _("%s: you are not staff there; an admin can add you with "
            "'suivi staff add LOGIN --name NAME'"), path);
        break;
    }
}

static int run_init(const struct config *cfg)
{
    bool existed = has_content(cfg->db_path);
    store *s;
    int rc = open_store(cfg, true, &s);
    if (rc)
        return rc;
    say(stdout, existed ? _("%s: already initialised at schema %d")
                        : _("%s: created an empty database at schema %d"),
        cfg->db_path, store_schema_version());
    enum first_admin what;
    struct staff me = {0};
    char err[ERR_LEN] = "";
    if (people_init_first_admin(s, &what, &me, err, sizeof err) == STORE_OK) {
        say_first_admin(cfg->db_path, what, &me);
    } else {
        say(stderr, "suivi: %s: %s", cfg->db_path, err);
        rc = EXIT_RUNTIME;
    }
    staff_clear(&me);
    store_close(s);
    return rc;
}

/* Remove the database and its WAL companions; a missing file is fine. */
static int remove_database(const char *path)
{
    static const char *const suffixes[] = { "", "-wal", "-shm" };
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        char *p = xasprintf("%s%s", path, suffixes[i]);
        int rc = unlink(p) == 0 || errno == ENOENT ? 0 : -1;
        if (rc)
            say(stderr, _("suivi: %s: cannot remove: %s"), p, strerror(errno));
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
        if (!(c->given & OPT_FORCE)) {
            say(stderr, _("suivi: %s already exists; use --force to replace it"), path);
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
        say(stderr, "suivi: %s: %s", path, err[0] ? err : _("demo data not written"));
        remove_database(path);     /* we created it: leave nothing half-made */
        return EXIT_RUNTIME;
    }
    say(stdout, _("%s: demo database ready (seed %u); open it with: suivi --db %s"), path,
        c->seed, path);
    return fflush(stdout) == 0 ? 0 : EXIT_RUNTIME;
}

static int run_help(const struct cli *c)
{
    if (c->cmd)
        cli_command_help(stdout, c->cmd);
    else if (c->help_group)
        cli_group_help(stdout, c->help_group);
    else
        cli_usage(stdout);
    return fflush(stdout) == 0 ? 0 : EXIT_RUNTIME;
}

static int run(const struct config *cfg, const struct cli *c)
{
    switch (c->what) {
    case RUN_INIT:
        return run_init(cfg);
    case RUN_DEMO:
        return run_demo(cfg, c);
    case RUN_PEOPLE:
        return run_people(cfg, c);
    case RUN_ADD:
        return run_add(cfg, c);
    case RUN_EXPORT:
        return run_export(cfg, c);
    case RUN_JOURNEY:
        return run_journey(cfg, c);
    case RUN_USAGE:
        return run_usage(cfg, c);
    case RUN_REPORT:
        return run_report(cfg, c);
    case RUN_TRAINING:
        return run_training(cfg, c);
    default:
        return run_ui(cfg);
    }
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    i18n_init();
    if (search_requested(argc, argv))        /* options of its own: search.c */
        return run_search(argc, argv);
    if (mailin_requested(argc, argv))        /* one message on stdin: mailin.c */
        return run_mailin(argc, argv);
    struct cli c;
    if (parse_args(argc, argv, &c))
        return EXIT_USAGE;
    switch (c.what) {
    case RUN_HELP:
        return run_help(&c);
    case RUN_VERSION:
        printf("suivi %s (database schema %d)\n", SUIVI_VERSION, store_schema_version());
        return 0;
    case RUN_LIST_KEYS:
        list_keys();
        return 0;
    case RUN_PEOPLE:
        if (people_check_args(&c))
            return EXIT_USAGE;
        break;
    default:
        break;
    }
    struct config cfg;
    int rc = load_config(&c, &cfg);
    if (rc == 0)
        rc = run(&cfg, &c);
    config_free(&cfg);
    return rc;
}
