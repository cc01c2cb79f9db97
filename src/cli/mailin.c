/* mailin — `suivi mail-in [--db FILE] [--config FILE]`: one message on standard
 * input, filed by the rules of core/mailin.h, for a .forward ("|suivi mail-in"),
 * procmail or an MTA pipe.
 *
 * Its statuses are the mail server's (sysexits.h), not those of cli.h, since that is
 * who reads them:
 *   0  EX_OK        filed as a note, or kept in the unsorted mail
 *   64 EX_USAGE     a bad command line (nothing read)
 *   65 EX_DATAERR   an empty input: there is no message to keep
 *   75 EX_TEMPFAIL  nothing was written, and a retry may succeed: the database is
 *                   busy, cannot be opened, is not one (yet), was replaced; the
 *                   configuration is broken; standard input failed; a disk error.
 *                   The server keeps the message and tries again: an admin's fix
 *                   loses nothing, where a bounce would
 *   77 EX_NOPERM    the login may not write: mail-in must run as a staff login
 *                   (admin or staff role); said on stderr
 * A message is read whole, up to MAILIN_INPUT_MAX (25 MiB); the rest of a larger
 * one is read and dropped (the server must not see a broken pipe) and its start is
 * kept unsorted, saying so (rule 6).  Once the database has committed, the status
 * is 0 whatever happens to standard output (SIGPIPE is ignored): a failure then
 * would make the server deliver the message twice.  One line on stdout says what
 * was done. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli.h"
#include "suivi/base/i18n.h"
#include "suivi/base/login.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/domain.h"
#include "suivi/core/mailin.h"
#include "suivi/core/validate.h"

#define READ_CHUNK ((size_t)64 * 1024)
#define MIB        ((size_t)1024 * 1024)

/* Only its name is used: the messages of a usage error say "suivi mail-in". */
static const struct cli_command MAILIN_COMMAND = { .group = "mail-in" };

struct mailin_cli {
    struct cli c;               /* db, config: what load_config reads */
    bool help;
};

struct input {
    char *p;
    size_t len;
    bool truncated;             /* more than MAILIN_INPUT_MAX came */
};

/* ---- the command line ---- */

bool mailin_requested(int argc, char **argv)
{
    static const char *const valued[] = { "--db", "--config", NULL };
    return early_requested(argc, argv, "mail-in", valued);
}

/* --db or --config: early_option_value's 1, 0 or -1; an empty name is an error. */
static int file_option(int argc, char **argv, int *i, const char *name, const char **value)
{
    int r = early_option_value(&MAILIN_COMMAND, argc, argv, i, name, value);
    if (r == 1 && !**value) {
        usage_error(&MAILIN_COMMAND, _("%s: empty file name"), name);
        return -1;
    }
    return r;
}

static int parse_mailin(int argc, char **argv, struct mailin_cli *mc)
{
    bool command_seen = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0)
            continue;
        if (a[0] != '-' || a[1] == '\0') {
            if (command_seen) {
                usage_error(&MAILIN_COMMAND, _("'suivi mail-in' takes no argument (the "
                            "message comes on standard input): '%s'"), a);
                return EX_USAGE;
            }
            command_seen = true;
            continue;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            mc->help = true;
            continue;
        }
        int r = file_option(argc, argv, &i, "--db", &mc->c.db);
        if (r == 0)
            r = file_option(argc, argv, &i, "--config", &mc->c.config);
        if (r == 0)
            usage_error(&MAILIN_COMMAND, _("unknown option '%s'"), a);
        if (r <= 0)
            return EX_USAGE;
    }
    return 0;
}

static int print_help(void)
{
    fputs(_("Usage: suivi mail-in [--db FILE] [--config FILE] < MESSAGE\n"
            "\n"
            "File one e-mail read on standard input, for a .forward (\"|suivi mail-in\"),\n"
            "procmail or a mail server's pipe.  A reply about an action (\"[suivi #N]\" in\n"
            "its subject, or an answer to a mail suivi sent about it) becomes a note on\n"
            "the action, shared with the provider when the action's provider sent it,\n"
            "with the member when one of its contacts did, internal otherwise, and an\n"
            "incoming e-mail on the member's timeline.  Anything else is kept whole in\n"
            "the unsorted mail, to be filed by hand.  The login that runs it must be\n"
            "staff (admin or staff role): the records are written under its name.\n"
            "\n"
            "Options:\n"
            "  --db FILE          the database (overrides $SUIVI_DB and the configuration)\n"
            "  --config FILE      the configuration file to read\n"
            "Exit status (sysexits.h): 0 filed or kept; 64 usage error; 65 empty input;\n"
            "75 nothing written, try again later (database busy or not available,\n"
            "configuration broken); 77 this login may not write.\n"), stdout);
    return fflush(stdout) == 0 ? 0 : EX_TEMPFAIL;
}

/* ---- standard input ---- */

/* One read(2), again when a signal cut it: *got bytes (0 at the end), 0 or an errno. */
static int read_some(int fd, char *buf, size_t len, size_t *got)
{
    *got = 0;
    for (;;) {
        ssize_t r = read(fd, buf, len);
        if (r >= 0) {
            *got = (size_t)r;
            return 0;
        }
        if (errno != EINTR)
            return errno;
    }
}

/* Read and drop what is left: *more when there was anything.  0 or an errno. */
static int drain(int fd, bool *more)
{
    char buf[8192];
    for (;;) {
        size_t got;
        int e = read_some(fd, buf, sizeof buf, &got);
        if (e || got == 0)
            return e;
        *more = true;
    }
}

/* The whole input, up to MAILIN_INPUT_MAX bytes.  0 or an errno. */
static int read_input(int fd, struct input *in)
{
    size_t cap = READ_CHUNK;
    in->p = xmalloc(cap);
    for (;;) {
        if (in->len == MAILIN_INPUT_MAX)
            return drain(fd, &in->truncated);
        if (in->len == cap) {
            cap = cap * 2 < MAILIN_INPUT_MAX ? cap * 2 : MAILIN_INPUT_MAX;
            in->p = xreallocarray(in->p, cap, 1);
        }
        size_t got;
        int e = read_some(fd, in->p + in->len, cap - in->len, &got);
        if (e || got == 0)
            return e;
        in->len += got;
    }
}

/* ---- filing ---- */

static void say_done(const struct mailin_result *r)
{
    if (r->outcome == MAILIN_NOTE) {
        const char *vis = enum_code(&NOTE_VISIBILITY_NAMES, (int)r->visibility);
        if (r->cut)
            say(stdout, _("filed as a note on action #%lld (%s), its text cut at %zu MiB; "
                "the whole message is kept in unsorted mail #%lld"),
                (long long)r->action_id, vis, (size_t)BODY_MAX_BYTES / MIB,
                (long long)r->unsorted_id);
        else
            say(stdout, _("filed as a note on action #%lld (%s)"), (long long)r->action_id,
                vis);
        return;
    }
    long long id = (long long)r->unsorted_id, action = (long long)r->action_id;
    switch (r->why) {
    case MAILIN_NO_SUCH_ACTION:
        say(stdout, _("kept in unsorted mail #%lld (action #%lld does not exist)"), id, action);
        break;
    case MAILIN_UNREADABLE:
        say(stdout, _("kept in unsorted mail #%lld (not a mail: no header section)"), id);
        break;
    case MAILIN_TOO_LARGE:
        say(stdout, _("kept in unsorted mail #%lld (larger than %zu MiB: only its start is "
            "kept)"), id, MAILIN_INPUT_MAX / MIB);
        break;
    case MAILIN_NOT_FILED:
        say(stdout, _("kept in unsorted mail #%lld (it could not be filed on action #%lld: "
            "%s)"), id, action, r->detail);
        break;
    default:
        say(stdout, _("kept in unsorted mail #%lld (it names no action)"), id);
        break;
    }
}

/* A failure, on stderr, as the status the mail server understands. */
static int failed(int rc, const char *where, const char *err)
{
    if (where)
        say(stderr, "suivi: %s: %s", where, err);
    else
        say(stderr, "suivi: %s", err);
    if (rc == STORE_DENIED) {
        say(stderr, _("suivi: mail-in: nothing was written: the login that runs mail-in "
            "(%s) must be a staff login with the admin or staff role"), unix_login());
        return EX_NOPERM;
    }
    if (rc == DOMAIN_INVALID)
        return EX_DATAERR;
    say(stderr, "%s", _("suivi: mail-in: nothing was written; the mail server will try "
        "again later (status 75)"));
    return EX_TEMPFAIL;
}

static int file_input(const struct config *cfg, const struct input *in)
{
    char err[ERR_LEN] = "";
    struct store_options opt = { .busy_timeout_ms = cfg->busy_timeout_ms,
                                 .deny_unknown = cfg->access_unknown == ACCESS_DENY };
    store *s = NULL;
    int rc = store_open(cfg->db_path, &opt, &s, err, sizeof err);
    if (rc != STORE_OK)
        return failed(rc, NULL, err);
    /* Its reads would be narrowed to its actions: no contact would match. */
    if (store_provider_only(s)) {
        store_close(s);
        return failed(STORE_DENIED, cfg->db_path, _("a provider's login cannot run "
                      "mail-in"));
    }
    struct mailin_result r;
    rc = mailin_file(s, in->p, in->len, in->truncated, &r, err, sizeof err);
    store_close(s);
    if (rc != STORE_OK)
        return failed(rc, cfg->db_path, err);
    say_done(&r);
    fflush(stdout);              /* committed: its failure must not change the status */
    return EX_OK;
}

int run_mailin(int argc, char **argv)
{
    struct mailin_cli mc = {0};
    int rc = parse_mailin(argc, argv, &mc);
    if (rc || mc.help)
        return rc ? rc : print_help();
    signal(SIGPIPE, SIG_IGN);
    struct input in = {0};
    int e = read_input(STDIN_FILENO, &in);
    if (e) {
        say(stderr, _("suivi: mail-in: reading standard input: %s"), strerror(e));
        rc = failed(STORE_ERROR, NULL, _("mail-in: the message could not be read"));
    } else if (in.len == 0) {
        rc = failed(DOMAIN_INVALID, NULL, _("mail-in: empty input: no message on "
                    "standard input"));
    } else {
        struct config cfg;
        rc = load_config(&mc.c, &cfg) == 0 ? file_input(&cfg, &in)
                                           : failed(STORE_ERROR, NULL, _("mail-in: the "
                                                    "configuration cannot be read"));
        config_free(&cfg);
    }
    free(in.p);
    return rc;
}
