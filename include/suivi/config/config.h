/* config — settings: built-in defaults, overridden by one INI file.
 *
 * The only module that talks to iniparser.  iniparser 4.1 crashes in its int/bool
 * getters when a key names a section (CVE-2023-33461) and gives no line numbers, so
 * we read the file's lines ourselves for syntax and names, and take values with
 * iniparser_getstring only, parsing numbers ourselves.  Every problem is reported as
 * "FILE:LINE: what is wrong" with the offending text sanitised. */
#ifndef SUIVI_CONFIG_H
#define SUIVI_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

enum color_mode  { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };
enum border_kind { BORDERS_UNICODE, BORDERS_ASCII };
/* What a login with no staff record may do. */
enum access_unknown { ACCESS_READONLY, ACCESS_DENY };
#define CONFIG_VIEWS_MAX 32
#define CONFIG_STAGES_MAX 24
#define CONFIG_STAGE_TAG_MAX 3   /* columns of a stage's tag in the members pane */

/* One stage of the member journey ([journey]: `code = Label | TAG | days` or
 * `code = Label | TAG | exit`). */
struct config_stage {
    char *code;       /* [a-z][a-z0-9_]*, at most 32 bytes: what the database stores */
    char *label;      /* what the screens and reports show */
    char *tag;        /* 1..CONFIG_STAGE_TAG_MAX columns, for the members pane */
    int   limit_days; /* days a member may stay in it before it is stalled; 0 = no limit */
    bool  exit;       /* a way out (left, refused, dissolved): no next step, never stalled */
};

struct config {
    char *db_path;            /* [database] path; default: see config_default_db_path */
    int   busy_timeout_ms;    /* [database] busy_timeout_ms; 0..600000, default 5000 */
    enum color_mode  color;   /* [ui] color = auto|always|never; default auto */
    enum border_kind borders; /* [ui] borders = unicode|ascii; default unicode */
    char *date_format;        /* [ui] date_format, strftime; default "%Y-%m-%d" */
    int   refresh_ms;         /* [ui] refresh_ms; 100..60000, default 2000 */
    /* [sla] P1..P4: the due date of a new action of that priority, in working days
     * (index 1..4; -1 = none); defaults 1, 2, 5, 10. */
    int   sla_days[5];
    /* [mail]: how mail about an action leaves.  sendmail is a command line split on
     * blanks and run without a shell; from/from_name empty = the login at this host
     * and the staff member's name. */
    char *mail_sendmail;      /* default "/usr/sbin/sendmail -t -oi" */
    char *mail_from;
    char *mail_from_name;
    enum access_unknown access_unknown;  /* [access] unknown = readonly|deny */
    /* [views]: named queries (core/query.h), in the file's order. */
    struct config_view { char *name, *query; } *views;
    int   nviews;
    /* [journey]: the stages in the file's order (the journey's steps, then its
     * exits); the defaults when the file has no [journey] section.  Never empty. */
    struct config_stage *stages;
    int   nstages;
    char *source;             /* file the settings came from, or NULL for defaults */
};

/* One row of the settings table (also used to check config.example.ini in tests). */
struct config_key_info {
    const char *section;
    const char *key;
    const char *default_text;  /* as it would be written in the file */
    const char *doc;           /* one line */
};
/* NULL-terminated (section == NULL) table of every known key. */
const struct config_key_info *config_known_keys(void);

/* Fill cfg with built-in defaults (allocates strings; free with config_free). */
void config_defaults(struct config *cfg);
void config_free(struct config *cfg);

/* The default database path: "/var/lib/suivi/suivi.db". */
const char *config_default_db_path(void);

/* Which file to read: cli_path (from --config) if given, else $SUIVI_CONFIG, else
 * $XDG_CONFIG_HOME/suivi/config.ini (or ~/.config/suivi/config.ini), else
 * /etc/suivi/config.ini — the first that exists; an explicitly named file (option or
 * variable) must exist.  Returns a malloc'd path, or NULL when no file is to be read.
 * On error (named file missing) returns NULL and writes a message into err. */
char *config_locate(const char *cli_path, char *err, size_t errlen);

/* Read path over the defaults already in cfg.  Returns 0, or -1 with
 * "FILE:LINE: message" in err (errlen >= 256 recommended).  On error cfg keeps
 * the values it had. */
int config_load(struct config *cfg, const char *path, char *err, size_t errlen);

/* Apply the environment: NO_COLOR (non-empty) forces color = never.  $SUIVI_DB is
 * applied by the caller, after config_load, since it overrides the file. */
void config_apply_env(struct config *cfg);

#endif
