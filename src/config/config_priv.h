/* config_priv — what the config module's files share.  Private to src/config. */
#ifndef SUIVI_CONFIG_PRIV_H
#define SUIVI_CONFIG_PRIV_H

#include <stdbool.h>
#include <stddef.h>

#include "suivi/config/config.h"

/* src[0..n) made safe for a terminal (no control or bidi characters), at most
 * cols columns, as multibyte text of the current locale. */
void config_quote(const char *src, size_t n, int cols, char *out, size_t outcap);

#define MAX_DATE_FORMAT 64
#define SLA_MAX_DAYS    250
#define QUOTE_COLS      60      /* of a value quoted in a message */
#define STAGE_MAX_DAYS  3650    /* ten years: more is a typing mistake */
#define CONFIG_STAGE_CODE_MAX 32   /* bytes of a stage code (a database column) */

/* Blanks (not newlines) off both ends of s[0..n). */
void config_trim(const char **s, size_t *n);

/* Each returns 0, or -1 with the reason in why. */
int config_refuse(char *why, size_t whylen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int config_parse_int(const char *v, long min, long max, long *out, char *why, size_t whylen);
/* "5d", "5" or "none" (-1) working days. */
int config_parse_sla(const char *v, int *out, char *why, size_t whylen);
/* One of choices (NULL-terminated), case ignored: its index. */
int config_parse_choice(const char *v, const char *const *choices, int *out,
                        char *why, size_t whylen);
int config_check_date_format(const char *v, char *why, size_t whylen);
/* A stage's limit: "90d" or "90" days (0..STAGE_MAX_DAYS, 0 = none), or "exit". */
int config_parse_stage_days(const char *v, int *days, bool *exit, char *why, size_t whylen);

/* [journey] (config_journey.c). */
void config_stages_defaults(struct config *cfg);     /* allocates cfg->stages */
void config_stages_free(struct config_stage *s, int n);  /* the strings, not s */
struct config_stage *config_stages_dup(const struct config_stage *s, int n);
bool config_stages_have_step(const struct config_stage *s, int n);  /* a non-exit */
bool config_stage_code_ok(const char *s, size_t n);
/* "Label | TAG | days" or "Label | TAG | exit" (quotes already removed) into out's
 * label, tag, limit_days and exit; out->code is the caller's. */
int config_stage_parse(const char *value, struct config_stage *out, char *why, size_t whylen);

#endif
