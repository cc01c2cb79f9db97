/* args — the grammar of the command line: the commands, their options, the
 * parser, help texts and the messages of a usage error.
 *
 * Options may come before or after the command words, as "--opt value" or
 * "--opt=value"; "--" ends them.  --db and --config apply to every command. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "suivi/base/i18n.h"
#include "suivi/base/sanitize.h"

#define DEFAULT_SEED 1u

#define STAFF_OPTS N_( \
    "  --name NAME        the name shown for them (required to add)\n" \
    "  --pole POLE        their pôle, by name (see 'suivi pole list')\n" \
    "  --no-pole          no pôle (edit)\n" \
    "  --role ROLE        admin, staff (the default) or readonly:\n" \
    "                     admin manages staff, pôles and providers; staff reads and\n" \
    "                     writes members, interactions and actions; readonly reads\n")
#define PROVIDER_OPTS N_( \
    "  --name NEW         a new name (edit)\n" \
    "  --email EMAIL      their support address (\"\" for none)\n" \
    "  --phone PHONE      their phone number (\"\" for none)\n" \
    "  --contact TEXT     the person to ask for, e.g. \"Mme Le Goff, support\"\n")

/* The options every `suivi add` takes, and what they all obey (cli_command_help). */
#define ADD_OPTS N_( \
    "  --json             print what was added as one JSON object (for scripts;\n" \
    "                     instants in UTC, \"YYYY-MM-DD HH:MM:SS\")\n")
#define ADD_NOTES N_( \
    "The same rules, roles and audit as the interface: the write is recorded under\n" \
    "your Unix login.  A value that cannot be read (a date, a member, a name that\n" \
    "matches nobody or several) is a usage error: status 2, nothing written.\n")
/* Likewise for every `suivi export`. */
#define EXPORT_OPTS N_( \
    "  --format FORMAT    excel (the default; also csv): UTF-8 with a byte order mark\n" \
    "                     and ';', as spreadsheets in France open it; rfc4180: ','\n" \
    "                     and no mark; json: an array of objects\n" \
    "  --out FILE         write a new file (never over an existing one) instead of\n" \
    "                     standard output ('-'); a failed export leaves no file\n" \
    "  --force            with --out: replace the file if it exists\n")
#define EXPORT_NOTES N_( \
    "A cell starting with =, +, - or @ gets an apostrophe so that a spreadsheet\n" \
    "cannot run it as a formula.  On a terminal, control characters are shown as\n" \
    "placeholders; redirected, the bytes are exact.\n")
#define EXPORT_ALLOWED (OPT_FORMAT | OPT_OUT | OPT_FORCE)

static const struct cli_command COMMANDS[] = {
    { RUN_INIT, "init", NULL, NULL, 0, "", N_("Create an empty database at the current "
      "schema, and make you (your Unix login) its first admin; on an existing suivi "
      "database, upgrade it and report its schema version."), NULL, OPT_GLOBAL, 0,
      false, NULL },
    { RUN_DEMO, "demo", NULL, NULL, 0, "[--seed N] [--force]", N_("Create a realistic "
      "demo database; you are one of its admins."), N_(
      "  --seed N           the random seed, 0 to 4294967295 (default 1): same seed,\n"
      "                     same data\n"
      "  --force            replace an existing file (and its -wal and -shm)\n"),
      OPT_GLOBAL | OPT_SEED | OPT_FORCE, 0, false, NULL },
    { RUN_PEOPLE, "staff", "add", "LOGIN", 1, "--name NAME [--pole POLE] [--role ROLE]",
      N_("Add a member of staff; LOGIN is their Unix login."), STAFF_OPTS,
      OPT_NAME | OPT_POLE | OPT_ROLE, OPT_NAME, true, run_staff_add },
    { RUN_PEOPLE, "staff", "list", NULL, 0, "", N_("List the staff: login, name, role, "
      "pôle, active or disabled, open actions."), NULL, 0, 0, false, run_staff_list },
    { RUN_PEOPLE, "staff", "edit", "LOGIN", 1,
      "[--name NAME] [--pole POLE | --no-pole] [--role ROLE]",
      N_("Change a member of staff's name, pôle or role."), STAFF_OPTS,
      OPT_NAME | OPT_POLE | OPT_NO_POLE | OPT_ROLE, 0, true, run_staff_edit },
    { RUN_PEOPLE, "staff", "disable", "LOGIN", 1, "", N_("Disable a member of staff "
      "who left: kept in the history, no longer offered for new work."), NULL, 0, 0,
      true, run_staff_disable },
    { RUN_PEOPLE, "staff", "enable", "LOGIN", 1, "", N_("Enable a disabled member of "
      "staff again."), NULL, 0, 0, true, run_staff_enable },
    { RUN_PEOPLE, "pole", "add", "NAME", 1, "", N_("Add a pôle."), NULL, 0, 0, true,
      run_pole_add },
    { RUN_PEOPLE, "pole", "list", NULL, 0, "", N_("List the pôles and how many active "
      "staff each has."), NULL, 0, 0, false, run_pole_list },
    { RUN_PEOPLE, "pole", "rename", "OLD NEW", 2, "", N_("Rename a pôle."), NULL, 0, 0,
      true, run_pole_rename },
    { RUN_PEOPLE, "provider", "add", "NAME", 1,
      "[--email EMAIL] [--phone PHONE] [--contact TEXT]", N_("Add a provider."),
      PROVIDER_OPTS, OPT_EMAIL | OPT_PHONE | OPT_CONTACT, 0, true, run_provider_add },
    { RUN_PEOPLE, "provider", "list", NULL, 0, "", N_("List the providers: name, e-mail, "
      "phone, contact, active or disabled, open actions."), NULL, 0, 0, false,
      run_provider_list },
    { RUN_PEOPLE, "provider", "edit", "NAME", 1,
      "[--name NEW] [--email EMAIL] [--phone PHONE] [--contact TEXT]",
      N_("Change a provider's name, e-mail, phone or contact."), PROVIDER_OPTS,
      OPT_NAME | OPT_EMAIL | OPT_PHONE | OPT_CONTACT, 0, true, run_provider_edit },
    { RUN_PEOPLE, "provider", "disable", "NAME", 1, "", N_("Disable a provider: kept in "
      "the history, no longer offered for new actions."), NULL, 0, 0, true,
      run_provider_disable },
    { RUN_PEOPLE, "provider", "enable", "NAME", 1, "", N_("Enable a disabled provider "
      "again."), NULL, 0, 0, true, run_provider_enable },
    { RUN_PEOPLE, "provider", "login", "NAME LOGIN", 2, "", N_("Let a Unix login work as "
      "the provider's: it sees only the provider's actions, updates their status and adds "
      "notes shared with providers."), NULL, 0, 0, true, run_provider_login },
    { RUN_PEOPLE, "provider", "logout", "LOGIN", 1, "", N_("Take a login back from its "
      "provider."), NULL, 0, 0, true, run_provider_logout },
    { RUN_ADD, "add", "interaction", NULL, 0, "--member MEMBER --kind KIND --subject TEXT "
      "[--body TEXT|-] [--at WHEN] [--pole POLE] [--contact NAME] [--json]",
      N_("Add an interaction to a member's timeline, as the interface's form does."), N_(
      "  --member MEMBER    the member: its id (12 or #12) or its SIREN, nine digits\n"
      "                     (blanks allowed: \"253 514 491\")\n"
      "  --kind KIND        call_in, call_out, email_in, email_out, meeting, training,\n"
      "                     incident, request or key_event\n"
      "  --subject TEXT     one line, at most 200 characters\n"
      "  --body TEXT        the text, at most 1 MiB of UTF-8; '-' reads it from standard\n"
      "                     input\n"
      "  --at WHEN          when it happened, as typed in the forms: \"hier 14h30\",\n"
      "                     \"2026-11-20 10:00\", \"lundi 9h\" (default: now)\n"
      "  --pole POLE        its pôle, by name (default: yours)\n"
      "  --contact NAME     one of the member's contacts, by name or #id\n"),
      OPT_MEMBER | OPT_KIND | OPT_SUBJECT | OPT_BODY | OPT_AT | OPT_POLE | OPT_CONTACT |
      OPT_JSON, OPT_MEMBER | OPT_KIND | OPT_SUBJECT, false, NULL },
    { RUN_ADD, "add", "action", NULL, 0, "--member MEMBER --title TEXT [--description TEXT|-] "
      "[--priority P] [--due DATE] [--assignee WHO] [--pole POLE] [--from-interaction ID] "
      "[--json]",
      N_("Add an action for a member, due by the SLA of its priority."), N_(
      "  --member MEMBER    the member: its id (12 or #12) or its SIREN, nine digits\n"
      "                     (blanks allowed: \"253 514 491\"); not needed with\n"
      "                     --from-interaction\n"
      "  --title TEXT       one line, at most 200 characters (default with\n"
      "                     --from-interaction: the interaction's subject)\n"
      "  --description TEXT the details, at most 1 MiB; '-' reads them from standard input\n"
      "  --priority P       1 to 4, or P1 to P4 (default 3); P1 is the most urgent\n"
      "  --due DATE         as typed in the forms: \"demain\", \"vendredi\", \"+3j\",\n"
      "                     \"15/12\", \"2026-12-15\", or none (default: [sla] working days\n"
      "                     for its priority)\n"
      "  --assignee WHO     a colleague's login or name, or a provider's name (accents and\n"
      "                     case do not matter; \"me\" for you); default: nobody\n"
      "  --pole POLE        its pôle, by name (default: the interaction's, or yours)\n"
      "  --from-interaction ID\n"
      "                     the interaction it comes from: its member, pôle and subject\n"),
      OPT_MEMBER | OPT_TITLE | OPT_DESCRIPTION | OPT_PRIORITY | OPT_DUE | OPT_ASSIGNEE |
      OPT_POLE | OPT_FROM | OPT_JSON, 0, false, NULL },
    { RUN_ADD, "add", "note", NULL, 0, "--action ID --body TEXT|- "
      "[--visibility internal|member|provider] [--json]",
      N_("Add a note to an action."), N_(
      "  --action ID        the action, by its number (12 or #12)\n"
      "  --body TEXT        the note, at most 1 MiB of UTF-8; '-' reads it from standard\n"
      "                     input\n"
      "  --visibility WHO   who may read it besides the staff: internal (the default),\n"
      "                     member or provider (the default for a provider's login,\n"
      "                     the only one it may write)\n"),
      OPT_ACTION | OPT_BODY | OPT_VISIBILITY | OPT_JSON, OPT_ACTION | OPT_BODY, false, NULL },
    { RUN_EXPORT, "export", "actions", NULL, 0, "[--query QUERY] [--format FORMAT] "
      "[--out FILE [--force]]", N_("Export the open actions, or those a query selects, as "
      "CSV or JSON."), N_(
      "  --query QUERY      as typed after / in the actions pane, e.g. 'pole:services\n"
      "                     due:<7d prio:1,2'; status:done or status:all for closed ones\n"
      "                     (see QUERIES in suivi(1))\n"),
      OPT_QUERY | EXPORT_ALLOWED, 0, false, NULL },
    { RUN_EXPORT, "export", "members", NULL, 0, "[--query TEXT] [--format FORMAT] "
      "[--out FILE [--force]]", N_("Export the members, or those whose name contains a "
      "text, as CSV or JSON."), N_(
      "  --query TEXT       part of the name (accents and case do not matter)\n"),
      OPT_QUERY | EXPORT_ALLOWED, 0, false, NULL },
    { RUN_EXPORT, "export", "interactions", NULL, 0, "[--member MEMBER] [--format FORMAT] "
      "[--out FILE [--force]]", N_("Export the interactions of every member, or of one, "
      "newest first, as CSV or JSON."), N_(
      "  --member MEMBER    the member: its id (12 or #12) or its SIREN, nine digits\n"
      "                     (blanks allowed: \"253 514 491\")\n"),
      OPT_MEMBER | EXPORT_ALLOWED, 0, false, NULL },
    { RUN_JOURNEY, "journey", "set", "MEMBER STAGE", 2, "[--why TEXT]",
      N_("Move a member along its journey: to STAGE (a code or label of [journey]), with "
         "a key event on its timeline."), N_(
      "  MEMBER             its id (12 or #12) or its SIREN\n"
      "  --why TEXT         why, on its timeline and in its journey\n"),
      OPT_WHY, 0, false, NULL },
    { RUN_JOURNEY, "journey", "show", "MEMBER", 1, "",
      N_("Show a member's journey: each stage, when, who, why, and the days spent there."),
      NULL, 0, 0, false, NULL },
    { RUN_JOURNEY, "journey", "list", NULL, 0, "[--query FILTER]",
      N_("List the members with their stage, since when and by when they should move on."),
      N_("  --query FILTER     as typed after / in the members pane: part of the name,\n"
         "                     stage:CODE (stage:none), stalled:yes\n"),
      OPT_QUERY, 0, false, NULL },
    { RUN_USAGE, "import", "usage", "FILE", 1, "[--partial]",
      N_("Import monthly usage figures from a CSV file: member (SIREN or id), service "
         "(code or name), month, count."), N_(
      "  FILE               UTF-8 or windows-1252, ';', ',' or tab; a first row may name\n"
      "                     the columns (siren, service, month, count)\n"
      "  --partial          import the good rows when some are wrong (by default a\n"
      "                     wrong row, said with its line and column, stops it all)\n"),
      OPT_PARTIAL, 0, false, NULL },
    { RUN_USAGE, "service", "list", NULL, 0, "", N_("List the catalogue of services: code, "
      "name."), NULL, 0, 0, false, NULL },
    { RUN_USAGE, "service", "add", "CODE", 1, "--name NAME", N_("Add a service to the "
      "catalogue (admins)."), NULL, OPT_NAME, OPT_NAME, false, NULL },
    { RUN_USAGE, "subscription", "add", "MEMBER SERVICE", 2,
      "[--since DATE] [--until DATE] [--convention REF]",
      N_("Record a member's subscription to a service (admins)."), N_(
      "  --since DATE       from (default today), --until DATE: to (default open)\n"
      "  --convention REF   the convention's reference\n"),
      OPT_SINCE | OPT_UNTIL | OPT_CONVENTION, 0, false, NULL },
    { RUN_USAGE, "subscription", "list", "MEMBER", 1, "", N_("List a member's subscriptions: "
      "id, service, name, since, until, convention."), NULL, 0, 0, false, NULL },
    { RUN_USAGE, "subscription", "edit", "ID", 1,
      "[--since DATE] [--until DATE|none] [--convention REF|none]",
      N_("Change a subscription's dates or convention; only the options given change."), N_(
      "  ID                 the subscription, as 'suivi subscription list' shows it (12\n"
      "                     or #12)\n"
      "  --since DATE       from, as typed in the forms (15/12, 2026-12-15); not a\n"
      "                     day the member's other subscription to it begins on\n"
      "  --until DATE       to, never before since; none: open again\n"
      "  --convention REF   the convention's reference; none: no convention\n"),
      OPT_SINCE | OPT_UNTIL | OPT_CONVENTION, 0, true, NULL },
    { RUN_USAGE, "subscription", "end", "ID", 1, "[--on DATE]",
      N_("End a subscription: its until becomes that day."), N_(
      "  ID                 the subscription, as 'suivi subscription list' shows it\n"
      "  --on DATE          its last day (default today; never before its since)\n"),
      OPT_ON, 0, true, NULL },
    { RUN_USAGE, "subscription", "remove", "ID", 1, "",
      N_("Remove a subscription entered by mistake (one that ended is ended: 'suivi "
         "subscription end'); the audit keeps what it held."), N_(
      "  ID                 the subscription, as 'suivi subscription list' shows it\n"),
      0, 0, true, NULL },
    { RUN_REPORT, "report", NULL, NULL, 0, "[--period PERIOD [--live]] [--format "
      "text|csv|html] [--out FILE [--force]] | --freeze PERIOD [--force] | --frozen",
      N_("The dashboard's figures for a period: open and overdue actions by pôle, "
         "assignee and provider, opened and closed per week, response and resolution "
         "times, interactions by kind, the journey, usage per service, départements.  A "
         "frozen period shows its figures as they were frozen."), N_(
      "  --period PERIOD    2026-11, 2026-Q4, 2026, this-month (the default),\n"
      "                     last-month, quarter, year, or 2026-10-01..2026-11-15\n"
      "  --format FORMAT    text (the default: bars with their numbers) or csv\n"
      "                     (section;label;a;b;c, UTF-8 with a byte order mark) or html\n"
      "                     (one page, inline SVG charts, nothing fetched; prints on A4)\n"
      "  --freeze PERIOD    store the period's figures as they are now (admins): its\n"
      "                     report then shows them, whatever is changed later; a period\n"
      "                     not over yet, or frozen already, only with --force\n"
      "  --out FILE         write a new file (never over an existing one) instead of\n"
      "                     standard output; removed if the report fails\n"
      "  --force            with --freeze: replace a freeze (the audit keeps which), or\n"
      "                     freeze a period not over yet; with --out: replace the file\n"
      "  --frozen           list the frozen periods: period, frozen on, by\n"
      "  --live             with --period: today's figures, even for a frozen period\n"),
      OPT_PERIOD | OPT_FORMAT | OPT_FREEZE | OPT_FORCE | OPT_FROZEN | OPT_LIVE | OPT_OUT, 0,
      false,
      NULL },
    { RUN_TRAINING, "training", "add", NULL, 0, "--date DATE --topic TEXT [--service S] "
      "[--kind internal|greta|independent] [--trainer NAME] [--place P | --online]",
      N_("Record a training session."), N_(
      "  --date DATE        the day, as typed in the forms (15/12, demain, 2026-12-15)\n"
      "  --topic TEXT       what it was about; --service: the service (code or name)\n"
      "  --kind KIND        who trained: internal (the default), greta, independent\n"
      "  --trainer NAME     the trainer; --place P where, or --online\n"),
      OPT_DATE | OPT_TOPIC | OPT_SERVICE | OPT_KIND | OPT_TRAINER | OPT_PLACE | OPT_ONLINE,
      OPT_DATE | OPT_TOPIC, false, NULL },
    { RUN_TRAINING, "training", "attend", "SESSION CONTACT", 2, "[--absent] [--score 1-5]",
      N_("Record a contact (its id, 12 or #12) at a session: the session goes on its "
         "member's timeline."), N_(
      "  --absent           registered but did not come\n"
      "  --score N          satisfaction, 1 to 5\n"),
      OPT_ABSENT | OPT_SCORE, 0, false, NULL },
    { RUN_TRAINING, "training", "list", NULL, 0, "", N_("List the training sessions, "
      "newest first."), NULL, 0, 0, false, NULL },
    { RUN_TRAINING, "training", "show", "SESSION", 1, "", N_("Show a session and its "
      "attendees."), NULL, 0, 0, false, NULL },
    { RUN_JOURNEY, "journey", "stages", NULL, 0, "",
      N_("List the stages of the journey ([journey]): code, label, tag, limit in days."),
      NULL, 0, 0, false, NULL },
};
static const int COMMAND_COUNT = (int)(sizeof COMMANDS / sizeof COMMANDS[0]);

/* ---- messages ---- */

/* ---- help ---- */

void cli_usage(FILE *f)
{
    fputs(_("Usage: suivi [--db FILE] [--config FILE]       open the interface\n"
            "       suivi init [--db FILE]                  create an empty database\n"
            "       suivi demo [--db FILE] [--seed N] [--force]\n"
            "                                               create a demo database\n"
            "       suivi staff add|list|edit|disable|enable ...  the team\n"
            "       suivi pole add|list|rename ...          the pôles\n"
            "       suivi provider add|list|edit|disable|enable|login|logout ...\n"
            "                                               the providers\n"
            "       suivi search TEXT... [--limit N] [--json]\n"
            "                                               find any record\n"
            "       suivi mail-in < MESSAGE                 file one incoming mail\n"
            "       suivi add interaction|action|note ...   add a record, for scripts\n"
            "       suivi export actions|members|interactions [--query Q] [--format F]\n"
            "                    [--out FILE]               a list as CSV or JSON\n"
            "       suivi COMMAND --help                    help on one command\n"
            "       suivi --help | --version | --list-keys\n"
            "\n"
            "suivi follows the members of a digital-services syndicate, their\n"
            "interactions and the actions they call for, in one shared SQLite file.\n"
            "Only admins add or change staff, pôles and providers; lists are one row per\n"
            "line under a header, with tabs between columns when the output is not a\n"
            "terminal.\n"
            "\n"
            "Options:\n"
            "  --db FILE      the database (overrides $SUIVI_DB and [database] path)\n"
            "  --config FILE  the configuration file (overrides $SUIVI_CONFIG)\n"
            "  --seed N       demo: the random seed (default 1); same seed, same data\n"
            "  --force        demo, export --out: replace an existing file\n"
            "  --list-keys    print every key binding: MAP<TAB>KEYS<TAB>HELP\n"
            "  --help         this help\n"
            "  --version      the version and the database schema version\n"
            "Options take their value as '--opt value' or '--opt=value'.\n"
            "\n"
            "Environment: SUIVI_CONFIG, SUIVI_DB, SUIVI_EDITOR, VISUAL, EDITOR, NO_COLOR.\n"
            "Exit status: 0 ok, 1 runtime error, 2 usage or configuration error.\n"
            "See suivi(1).\n"), f);
}

static void usage_line(FILE *f, const struct cli_command *cmd, const char *lead)
{
    char name[64];
    fprintf(f, "%s%s%s%s%s%s\n", lead, command_name(cmd, name, sizeof name),
            cmd->args ? " " : "", cmd->args ? cmd->args : "", *cmd->usage ? " " : "",
            cmd->usage);
}

void cli_command_help(FILE *f, const struct cli_command *cmd)
{
    usage_line(f, cmd, _("Usage: "));
    fprintf(f, "\n%s\n", _(cmd->what));
    if (cmd->admin)
        fprintf(f, "%s\n", _("Only an admin may do this (see 'suivi staff list')."));
    fprintf(f, "\n%s\n", _("Options:"));
    if (cmd->details)
        fputs(_(cmd->details), f);
    if (cmd->kind == RUN_ADD || cmd->kind == RUN_EXPORT)
        fputs(cmd->kind == RUN_ADD ? _(ADD_OPTS) : _(EXPORT_OPTS), f);
    fputs(_("  --db FILE          the database (overrides $SUIVI_DB and the configuration)\n"
            "  --config FILE      the configuration file to read\n"), f);
    if (cmd->kind == RUN_ADD || cmd->kind == RUN_EXPORT)
        fprintf(f, "\n%s", cmd->kind == RUN_ADD ? _(ADD_NOTES) : _(EXPORT_NOTES));
    fputs(_("Exit status: 0 ok, 1 runtime error (database, rules), 2 usage error.\n"), f);
}

void cli_group_help(FILE *f, const char *group)
{
    fprintf(f, "%s\n", _("Usage:"));
    for (int i = 0; i < COMMAND_COUNT; i++)
        if (COMMANDS[i].verb && strcmp(COMMANDS[i].group, group) == 0) {
            usage_line(f, &COMMANDS[i], "  ");
            fprintf(f, "      %s\n", _(COMMANDS[i].what));
        }
    fprintf(f, _("\nSee 'suivi %s COMMAND --help' for one of them.\n"), group);
}

/* ---- parsing ---- */

struct option_spec {
    const char *name;
    option_bits bit;
    size_t value_at;            /* offsetof a const char * in struct cli; 0: a flag */
};
static const struct option_spec OPTIONS[] = {
    { "--db", OPT_DB, offsetof(struct cli, db) },
    { "--config", OPT_CONFIG, offsetof(struct cli, config) },
    { "--seed", OPT_SEED, offsetof(struct cli, seed_text) },
    { "--force", OPT_FORCE, 0 },
    { "--name", OPT_NAME, offsetof(struct cli, name) },
    { "--pole", OPT_POLE, offsetof(struct cli, pole) },
    { "--no-pole", OPT_NO_POLE, 0 },
    { "--role", OPT_ROLE, offsetof(struct cli, role) },
    { "--email", OPT_EMAIL, offsetof(struct cli, email) },
    { "--phone", OPT_PHONE, offsetof(struct cli, phone) },
    { "--contact", OPT_CONTACT, offsetof(struct cli, contact) },
    { "--member", OPT_MEMBER, offsetof(struct cli, member) },
    { "--kind", OPT_KIND, offsetof(struct cli, kind) },
    { "--subject", OPT_SUBJECT, offsetof(struct cli, subject) },
    { "--body", OPT_BODY, offsetof(struct cli, body) },
    { "--at", OPT_AT, offsetof(struct cli, at) },
    { "--json", OPT_JSON, 0 },
    { "--title", OPT_TITLE, offsetof(struct cli, title) },
    { "--description", OPT_DESCRIPTION, offsetof(struct cli, description) },
    { "--priority", OPT_PRIORITY, offsetof(struct cli, priority) },
    { "--due", OPT_DUE, offsetof(struct cli, due) },
    { "--assignee", OPT_ASSIGNEE, offsetof(struct cli, assignee) },
    { "--from-interaction", OPT_FROM, offsetof(struct cli, from) },
    { "--action", OPT_ACTION, offsetof(struct cli, action) },
    { "--visibility", OPT_VISIBILITY, offsetof(struct cli, visibility) },
    { "--query", OPT_QUERY, offsetof(struct cli, query) },
    { "--format", OPT_FORMAT, offsetof(struct cli, format) },
    { "--out", OPT_OUT, offsetof(struct cli, out) },
    { "--why", OPT_WHY, offsetof(struct cli, why) },
    { "--partial", OPT_PARTIAL, 0 },
    { "--since", OPT_SINCE, offsetof(struct cli, since) },
    { "--until", OPT_UNTIL, offsetof(struct cli, until) },
    { "--convention", OPT_CONVENTION, offsetof(struct cli, convention) },
    { "--on", OPT_ON, offsetof(struct cli, on) },
    { "--period", OPT_PERIOD, offsetof(struct cli, period) },
    { "--date", OPT_DATE, offsetof(struct cli, date) },
    { "--topic", OPT_TOPIC, offsetof(struct cli, topic) },
    { "--service", OPT_SERVICE, offsetof(struct cli, service) },
    { "--trainer", OPT_TRAINER, offsetof(struct cli, trainer) },
    { "--place", OPT_PLACE, offsetof(struct cli, place) },
    { "--online", OPT_ONLINE, 0 },
    { "--absent", OPT_ABSENT, 0 },
    { "--score", OPT_SCORE, offsetof(struct cli, score) },
    { "--freeze", OPT_FREEZE, offsetof(struct cli, freeze) },
    { "--frozen", OPT_FROZEN, 0 },
    { "--live", OPT_LIVE, 0 },
};
#define NOPTIONS (sizeof OPTIONS / sizeof OPTIONS[0])

static const char *option_name(option_bits bit)
{
    for (size_t k = 0; k < NOPTIONS; k++)
        if (OPTIONS[k].bit == bit)
            return OPTIONS[k].name;
    return "?";
}

/* argv[*i] is spec's "--name VALUE" or "--name=VALUE" (a flag takes no value): 1,
 * with the value stored (and *i moved past a separate value); 0 if argv[*i] is
 * another option; -1 if the value is missing or a flag was given one. */
static int take_option(int argc, char **argv, int *i, const struct option_spec *spec,
                       struct cli *c)
{
    size_t n = strlen(spec->name);
    const char *a = argv[*i], *value;
    if (strncmp(a, spec->name, n) != 0 || (a[n] != '\0' && a[n] != '='))
        return 0;
    if (!spec->value_at)
        return a[n] == '\0' ? 1 : -1;
    if (a[n] == '=')
        value = a + n + 1;
    else if (*i + 1 < argc)
        value = argv[++*i];
    else
        return -1;
    *(const char **)((char *)c + spec->value_at) = value;
    return 1;
}

static int parse_option(int argc, char **argv, int *i, struct cli *c)
{
    for (size_t k = 0; k < NOPTIONS; k++) {
        int found = take_option(argc, argv, i, &OPTIONS[k], c);
        if (found < 0)
            return usage_error(NULL, OPTIONS[k].value_at ? _("%s needs a value")
                               : _("%s takes no value"), OPTIONS[k].name);
        if (!found)
            continue;
        if (c->given & OPTIONS[k].bit)
            return usage_error(NULL, _("%s given twice"), OPTIONS[k].name);
        c->given |= OPTIONS[k].bit;
        return 0;
    }
    return usage_error(NULL, _("unknown option '%s'"), argv[*i]);
}

static int parse_seed(struct cli *c)
{
    const char *t = c->seed_text;
    char *end;
    errno = 0;
    unsigned long v = strtoul(t, &end, 10);
    if (!*t || *t == '-' || *t == '+' || *end || errno == ERANGE || v > UINT_MAX)
        return usage_error(c->cmd, _("--seed: '%s' is not a number from 0 to %u"), t,
                           UINT_MAX);
    c->seed = (unsigned)v;
    return 0;
}

static bool is_group(const char *word)
{
    for (int i = 0; i < COMMAND_COUNT; i++)
        if (COMMANDS[i].verb && strcmp(COMMANDS[i].group, word) == 0)
            return true;
    return false;
}

/* The command the words name; *used: how many words that took. */
static int find_command(struct cli *c, bool help, int *used)
{
    const char *w0 = c->words[0], *w1 = c->nwords > 1 ? c->words[1] : NULL;
    bool group = is_group(w0);
    *used = group ? 2 : 1;
    for (int i = 0; i < COMMAND_COUNT; i++) {
        const struct cli_command *k = &COMMANDS[i];
        if (strcmp(k->group, w0) == 0 && (!group || (w1 && strcmp(k->verb, w1) == 0))) {
            c->cmd = k;
            return 0;
        }
    }
    if (!group)
        return usage_error(NULL, _("unknown command '%s' (commands: init, demo, staff, "
                           "pole, provider, add, export, search)"), w0);
    if (!w1 && help) {
        c->help_group = w0;
        return 0;
    }
    if (!w1)
        return usage_error(NULL, _("'suivi %s' needs a command (see 'suivi %s --help')"),
                           w0, w0);
    return usage_error(NULL, _("unknown command 'suivi %s %s' (see 'suivi %s --help')"),
                       w0, w1, w0);
}

/* What the command takes: its arguments, its options. */
static int check_command(struct cli *c, int used)
{
    const struct cli_command *cmd = c->cmd;
    char name[64];
    command_name(cmd, name, sizeof name);
    int nargs = c->nwords - used;
    if (nargs > cmd->nargs)
        return usage_error(cmd, _("unexpected argument '%s'"), c->words[used + cmd->nargs]);
    if (nargs < cmd->nargs)
        return usage_error(cmd, _("'%s' needs %s"), name, cmd->args);
    memmove(c->words, c->words + used, (size_t)nargs * sizeof c->words[0]);
    c->nwords = nargs;
    option_bits extra = c->given & ~(cmd->options | OPT_GLOBAL);
    if (extra)
        return usage_error(cmd, _("%s does not apply to '%s'"),
                           option_name(extra & -extra), name);
    option_bits missing = cmd->required & ~c->given;
    if (missing)
        return usage_error(cmd, _("'%s' needs %s"), name, option_name(missing & -missing));
    if ((c->given & OPT_POLE) && (c->given & OPT_NO_POLE))
        return usage_error(cmd, "%s", _("--pole and --no-pole cannot go together"));
    c->what = cmd->kind;
    return 0;
}

/* An option the interface does not take: say which command does. */
static int not_for_the_interface(option_bits bit)
{
    const struct cli_command *home = NULL;
    int homes = 0;
    for (int i = 0; i < COMMAND_COUNT; i++)
        if (COMMANDS[i].options & bit)
            home = &COMMANDS[i], homes++;
    char name[64];
    if (homes == 1)
        return usage_error(NULL, _("%s only applies to '%s'"), option_name(bit),
                           command_name(home, name, sizeof name));
    return usage_error(NULL, _("%s only applies to a command (see 'suivi --help')"),
                       option_name(bit));
}

static int resolve(struct cli *c, bool help)
{
    if (c->db && !*c->db)
        return usage_error(NULL, "%s", _("--db: empty file name"));
    if (c->nwords == 0) {
        option_bits extra = c->given & ~OPT_GLOBAL;
        c->what = help ? RUN_HELP : RUN_UI;
        return !help && extra ? not_for_the_interface(extra & -extra) : 0;
    }
    int used = 0;
    if (find_command(c, help, &used))
        return EXIT_USAGE;
    if (help) {
        c->what = RUN_HELP;
        return 0;
    }
    if (check_command(c, used))
        return EXIT_USAGE;
    return c->seed_text ? parse_seed(c) : 0;
}

int parse_args(int argc, char **argv, struct cli *c)
{
    bool only_args = false, help = false;
    *c = (struct cli){ .what = RUN_UI, .seed = DEFAULT_SEED };
    for (int i = 1; i < argc && !help; i++) {
        const char *a = argv[i];
        if (only_args || a[0] != '-' || a[1] == '\0') {
            if (c->nwords == MAX_WORDS)
                return usage_error(NULL, _("unexpected argument '%s'"), a);
            c->words[c->nwords++] = a;
        } else if (strcmp(a, "--") == 0) {
            only_args = true;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            help = true;          /* the words so far say whose help */
        } else if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
            c->what = RUN_VERSION;
            return 0;
        } else if (strcmp(a, "--list-keys") == 0) {
            c->what = RUN_LIST_KEYS;
            return 0;
        } else if (parse_option(argc, argv, &i, c)) {
            return EXIT_USAGE;
        }
    }
    return resolve(c, help);
}
