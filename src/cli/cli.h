/* cli — what the files of src/cli share: the parsed command line, the command
 * table, messages on stdout/stderr and exit statuses.
 *
 * Exit status: 0 ok, 1 runtime error (database, rules, terminal), 2 usage or
 * configuration error (checked before the database is opened).  Every message on
 * stderr starts with "suivi: " and names the file at fault; messages may hold data
 * (file names, names from the database) and are sanitised. */
#ifndef SUIVI_CLI_H
#define SUIVI_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "suivi/config/config.h"
#include "suivi/store/store.h"

#define EXIT_RUNTIME 1
#define EXIT_USAGE   2
#define ERR_LEN      1024
#define MAX_WORDS    6

/* Options, one bit each: what a command accepts, and what was given (64 of them:
 * a uint64_t, an enum holding only an int). */
typedef uint64_t option_bits;
#define OPT_BIT(n) ((option_bits)1 << (n))
#define OPT_DB OPT_BIT(0)
#define OPT_CONFIG OPT_BIT(1)
#define OPT_SEED OPT_BIT(2)
#define OPT_FORCE OPT_BIT(3)
#define OPT_NAME OPT_BIT(4)
#define OPT_POLE OPT_BIT(5)
#define OPT_NO_POLE OPT_BIT(6)
#define OPT_ROLE OPT_BIT(7)
#define OPT_EMAIL OPT_BIT(8)
#define OPT_PHONE OPT_BIT(9)
#define OPT_CONTACT OPT_BIT(10)
/* suivi add … (add.c) */
#define OPT_MEMBER OPT_BIT(11)
#define OPT_KIND OPT_BIT(12)
#define OPT_SUBJECT OPT_BIT(13)
#define OPT_BODY OPT_BIT(14)
#define OPT_AT OPT_BIT(15)
#define OPT_JSON OPT_BIT(16)
#define OPT_TITLE OPT_BIT(17)
#define OPT_DESCRIPTION OPT_BIT(18)
#define OPT_PRIORITY OPT_BIT(19)
#define OPT_DUE OPT_BIT(20)
#define OPT_ASSIGNEE OPT_BIT(21)
#define OPT_FROM OPT_BIT(22)
#define OPT_ACTION OPT_BIT(23)
#define OPT_VISIBILITY OPT_BIT(24)
/* suivi export … (export.c) */
#define OPT_QUERY OPT_BIT(25)
#define OPT_FORMAT OPT_BIT(26)
#define OPT_OUT OPT_BIT(27)
/* suivi journey … (journey.c) */
#define OPT_WHY OPT_BIT(28)
/* suivi import usage, service, subscription (usage.c) */
#define OPT_PARTIAL OPT_BIT(29)
#define OPT_SINCE OPT_BIT(30)
#define OPT_UNTIL OPT_BIT(31)
#define OPT_CONVENTION OPT_BIT(32)
/* suivi report */
#define OPT_PERIOD OPT_BIT(33)
/* suivi training (training.c) */
#define OPT_DATE OPT_BIT(34)
#define OPT_TOPIC OPT_BIT(35)
#define OPT_SERVICE OPT_BIT(36)
#define OPT_TRAINER OPT_BIT(37)
#define OPT_PLACE OPT_BIT(38)
#define OPT_ONLINE OPT_BIT(39)
#define OPT_ABSENT OPT_BIT(40)
#define OPT_SCORE OPT_BIT(41)
/* suivi report --freeze, --frozen, --live (usage.c) */
#define OPT_FREEZE OPT_BIT(42)
#define OPT_FROZEN OPT_BIT(43)
#define OPT_LIVE OPT_BIT(44)
/* suivi subscription end --on (usage.c) */
#define OPT_ON OPT_BIT(45)
#define OPT_GLOBAL (OPT_DB | OPT_CONFIG)

enum run { RUN_UI, RUN_INIT, RUN_DEMO, RUN_PEOPLE, RUN_ADD, RUN_EXPORT, RUN_JOURNEY, RUN_USAGE,
           RUN_REPORT, RUN_TRAINING, RUN_HELP, RUN_VERSION, RUN_LIST_KEYS };

struct cli;

/* One command of the command line: "init", "demo", "staff add"… */
struct cli_command {
    enum run kind;
    const char *group;          /* "staff", or the command itself ("init") */
    const char *verb;           /* "add", or NULL */
    const char *args;           /* positional arguments, as in the usage: "LOGIN" */
    int nargs;
    const char *usage;          /* the options part of the usage line */
    const char *what;           /* one sentence (N_()) */
    const char *details;        /* option lines for --help (N_()), or NULL */
    option_bits options, required; /* option bits */
    bool admin;                 /* a write only admins may do (roles.h) */
    int (*run)(store *s, const struct cli *c);   /* RUN_PEOPLE */
};

struct cli {
    enum run what;
    const struct cli_command *cmd;  /* the command named, NULL for the interface */
    const char *words[MAX_WORDS];  /* the command's own arguments, in order */
    int nwords;
    option_bits given;          /* option bits seen */
    const char *db, *config, *seed_text;
    const char *name, *pole, *role, *email, *phone, *contact;
    const char *member, *kind, *subject, *body, *at, *title, *description, *priority, *due,
               *assignee, *from, *action, *visibility;      /* add */
    const char *query, *format, *out;                         /* export */
    const char *why;                                          /* journey */
    const char *since, *until, *convention, *on;              /* subscription */
    const char *period, *freeze;                              /* report */
    const char *date, *topic, *service, *trainer, *place, *score;   /* training */
    unsigned seed;
    const char *help_group;     /* --help after a group name alone ("staff") */
};

/* ---- messages (args.c) ---- */
void say(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "suivi: DB: msg" to stderr: EXIT_RUNTIME. */
int cli_fail(store *s, const char *msg);
/* "suivi: <message>" and where to find help; returns EXIT_USAGE. */
int usage_error(const struct cli_command *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* "suivi staff add" for a command. */
const char *command_name(const struct cli_command *cmd, char *buf, size_t len);

/* ---- the grammar (args.c) ---- */
/* Returns 0, or EXIT_USAGE after saying why. */
int parse_args(int argc, char **argv, struct cli *c);
/* suivi --help; one command's help; a group's ("suivi staff --help"). */
void cli_usage(FILE *f);
void cli_command_help(FILE *f, const struct cli_command *cmd);
void cli_group_help(FILE *f, const char *group);

/* ---- staff, pôles, providers (people.c) ---- */
/* Check the values a command was given before any file is opened: 0, or
 * EXIT_USAGE after saying why. */
int people_check_args(const struct cli *c);
/* Open the database, check the role, run the command: an exit status. */
int run_people(const struct config *cfg, const struct cli *c);
int run_staff_add(store *s, const struct cli *c);
int run_staff_list(store *s, const struct cli *c);
int run_staff_edit(store *s, const struct cli *c);
int run_staff_disable(store *s, const struct cli *c);
int run_staff_enable(store *s, const struct cli *c);
int run_pole_add(store *s, const struct cli *c);
int run_pole_list(store *s, const struct cli *c);
int run_pole_rename(store *s, const struct cli *c);
int run_provider_add(store *s, const struct cli *c);
int run_provider_list(store *s, const struct cli *c);
int run_provider_edit(store *s, const struct cli *c);
int run_provider_disable(store *s, const struct cli *c);
int run_provider_enable(store *s, const struct cli *c);
int run_provider_login(store *s, const struct cli *c);
int run_provider_logout(store *s, const struct cli *c);

/* ---- the member journey (journey.c): set, show, list, stages ---- */
int run_journey(const struct config *cfg, const struct cli *c);

/* ---- services and their use (usage.c): import usage, service, subscription ---- */
int run_usage(const struct config *cfg, const struct cli *c);
/* suivi training add|attend|list|show (training.c) */
int run_training(const struct config *cfg, const struct cli *c);
/* suivi report: the dashboard's figures for a period, as text, CSV or HTML (a
 * frozen period's as frozen); --freeze, --frozen (usage.c). */
int run_report(const struct config *cfg, const struct cli *c);

/* ---- records from the command line (add.c) ---- */
/* `suivi add interaction|action|note`: check the values, open the database, write
 * through core/domain.h as the interface does, print what was added: an exit status. */
int run_add(const struct config *cfg, const struct cli *c);

/* ---- records out, for scripts (export.c) ---- */
/* `suivi export actions|members|interactions`: a list as CSV or JSON (core/export.h),
 * on stdout or into a new file: an exit status. */
int run_export(const struct config *cfg, const struct cli *c);
/* The member a script names: "12" or "#12" (an id), or a SIREN (nine digits,
 * blanks allowed).  member_ref_valid says whether typed has one of these forms;
 * cli_member finds it: 0 with *out, or an exit status after saying why (EXIT_USAGE
 * for no such member). */
bool member_ref_valid(const char *typed);
int cli_member(store *s, const char *typed, struct member *out);
/* "12" or "#12": a positive id. */
bool parse_id(const char *typed, int64_t *id);
/* The service a user typed: its code, or its name (case aside): 0, or after saying
 * so ("suivi: WHERE: 'x' is not a service") EXIT_USAGE, or EXIT_RUNTIME. */
int cli_service(store *s, const char *where, const char *typed, int64_t *id);
/* What `suivi add` wrote, on stdout: "FILE: interaction #12 added", or with json
 * one JSON object of its main fields. */
struct interaction_form;
struct action_form;
void print_added_interaction(store *s, bool json, const struct interaction_form *f);
void print_added_action(store *s, bool json, const struct action_form *f);
void print_added_note(store *s, bool json, const struct note *n, const struct action *a);

/* ---- lists (table.c) ---- */
/* Rows of text cells, each sanitised: padded columns on a terminal, one tab
 * between cells otherwise (for scripts).  The header is the first row. */
struct table {
    int ncols, nrows, cap;
    char **cells;               /* nrows * ncols, owned */
};
void table_init(struct table *t, int ncols, const char *const *header);
void table_add(struct table *t, const char *const *row);   /* ncols cells, NULL = "" */
int table_print(struct table *t, FILE *f);                 /* 0, or EXIT_RUNTIME */
void table_free(struct table *t);

/* ---- commands read before parse_args (early.c) ---- */
/* Whether the command line names command (its first word, options aside; valued:
 * the options whose value is the next argument, NULL-terminated). */
bool early_requested(int argc, char **argv, const char *command, const char *const *valued);
/* argv[*i] is "--name VALUE" or "--name=VALUE": 1 with *value set (to "" too), 0
 * if it is another option, -1 after a usage error naming cmd (given twice, no
 * value). */
int early_option_value(const struct cli_command *cmd, int argc, char **argv, int *i,
                       const char *name, const char **value);

/* ---- search (search.c) ---- */
/* Whether the command line names `suivi search` (its first word, options aside). */
bool search_requested(int argc, char **argv);
/* Parse its own options, read the configuration, search, print: an exit status. */
int run_search(int argc, char **argv);

/* ---- mail-in (mailin.c) ---- */
/* Whether the command line names `suivi mail-in` (its first word, options aside). */
bool mailin_requested(int argc, char **argv);
/* Read one message on standard input and file it: a sysexits.h status. */
int run_mailin(int argc, char **argv);

/* ---- shared (main.c) ---- */
int open_store(const struct config *cfg, bool create, store **s);
/* The configuration for c's --config and --db: 0, or EXIT_USAGE after saying why. */
int load_config(const struct cli *c, struct config *cfg);

/* Where export and report write (sink.c): standard output, or c->out (c->given's
 * OPT_FORCE: replace it).  sink_open: 0, or EXIT_RUNTIME after saying why;
 * sink_close(ok): the file complete, or removed when !ok or the write failed. */
struct sink {
    FILE *f;
    char *path;              /* the file written (with --force a temporary one); NULL:
                                standard output */
    char *final;             /* --force: the name it takes once complete */
    char *buf;               /* standard output on a terminal: the text, cleaned at the end */
    size_t len;
};
int sink_open(const struct cli *c, struct sink *k);
int sink_close(struct sink *k, bool ok);

#endif
