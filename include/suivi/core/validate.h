/* validate — the domain's rules on values, shared by forms, the command line and
 * imports.  Each check returns true when the value is acceptable; otherwise false
 * with a short message for the user in err ("SIREN 123456789: checksum is wrong").
 * Optional fields accept NULL and "". */
#ifndef SUIVI_VALIDATE_H
#define SUIVI_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>
#include "suivi/model/model.h"

#define NAME_MAX_CHARS    200   /* member, contact, staff names */
#define SUBJECT_MAX_CHARS 200   /* interaction subject, action title */
#define BODY_MAX_BYTES    (1 << 20)

/* 9 digits, Luhn checksum (the syndicate's own: 253514491). Required != optional. */
bool siren_is_valid(const char *siren);
bool validate_siren(const char *s, char *err, size_t errlen);          /* optional */
/* "01".."95" (no "20"), "2A", "2B", "971".."976". */
bool validate_departement(const char *s, char *err, size_t errlen);    /* optional */
/* Required, trimmed non-empty, at most max characters (not bytes), valid UTF-8. */
bool validate_required_text(const char *what, const char *s, int max,
                            char *err, size_t errlen);
bool validate_priority(int p, char *err, size_t errlen);
/* Optional: one '@' with something before it and a dot in what follows, no blank. */
bool validate_email(const char *s, char *err, size_t errlen);
/* Optional: digits, blanks and + . - ( ), with at least 4 digits. */
bool validate_phone(const char *s, char *err, size_t errlen);

/* Whole-record checks used before any write (also by non-UI callers). */
bool member_validate(const struct member *m, char *err, size_t errlen);
bool interaction_validate(const struct interaction *it, char *err, size_t errlen);
bool action_validate(const struct action *a, char *err, size_t errlen);
bool contact_validate(const struct contact *c, char *err, size_t errlen);

/* Overdue: open, with a due date strictly before today ("YYYY-MM-DD"). */
bool action_is_overdue(const struct action *a, const char *today);

#endif
