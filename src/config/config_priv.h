/* config_priv — what the config module's files share.  Private to src/config. */
#ifndef SUIVI_CONFIG_PRIV_H
#define SUIVI_CONFIG_PRIV_H

#include <stddef.h>

#include "suivi/config/config.h"

/* src[0..n) made safe for a terminal (no control or bidi characters), at most
 * cols columns, as multibyte text of the current locale. */
void config_quote(const char *src, size_t n, int cols, char *out, size_t outcap);

#define MAX_DATE_FORMAT 64
#define SLA_MAX_DAYS    250
#define QUOTE_COLS      60      /* of a value quoted in a message */

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

#endif
