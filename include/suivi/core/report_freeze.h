/* report_freeze — a report's figures frozen as they were presented (`suivi report
 * --freeze 2026-11`), so that the report of a past period reads the same after
 * later edits: the model (struct report) written as text into the database
 * (store/report_freeze.h) and read back into a struct report that report_text,
 * report_html and the CSV draw exactly as the original.
 *
 * The body is lines of text, its first "suivi-report 1" (the format's version:
 * another is refused, said so), then one line per field of REPORT_FIELDS, by name,
 * what report_build reads (what report_derive makes of it is made again),
 * a section of rows followed by its rows, and a last line "end" (a body cut short
 * is refused).  Texts are quoted, with \" \\ and \xHH for control bytes, so a
 * label may hold any character; a NULL label is a bare "-".  Numbers are written
 * in the C locale whatever the user's.  A field the body lacks reads as empty (a
 * section added since the freeze); a name it does not know is refused.
 *
 * A new section of struct report is one line of REPORT_FIELDS (report_freeze.c):
 * it is then frozen, read back and written by `suivi report --format csv`. */
#ifndef SUIVI_CORE_REPORT_FREEZE_H
#define SUIVI_CORE_REPORT_FREEZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "suivi/config/config.h"
#include "suivi/core/report.h"
#include "suivi/store/store.h"

#define REPORT_BODY_VERSION 1

/* The fields of struct report, in the order the body and the CSV give them. */
enum report_field_kind {
    RF_TEXT,         /* a char array: at, size in aux */
    RF_INT,          /* an int */
    RF_DURATIONS,    /* a struct durations */
    RF_ROWS,         /* a struct stat_row * at, its int count at aux */
};
struct report_field {
    const char *name;            /* in the body; for rows and durations, the CSV's too */
    enum report_field_kind kind;
    size_t at, aux;
};
extern const struct report_field REPORT_FIELDS[];
extern const int REPORT_FIELD_COUNT;

/* The rows and their count of a RF_ROWS field of r. */
struct stat_row *report_field_rows(const struct report *r, const struct report_field *f,
                                   int *n);
/* The durations of a RF_DURATIONS field of r. */
const struct durations *report_field_durations(const struct report *r,
                                               const struct report_field *f);

/* r as a body (heap text, the caller frees it). */
char *report_serialize(const struct report *r);
/* A body back into *r (released with report_free), what is derived from the
 * figures (report_derive: the usage series, the funnel) made again with cfg: 0,
 * or -1 with err saying where it is wrong and *r empty. */
int report_parse(const char *body, const struct config *cfg, struct report *r, char *err,
                 size_t errlen);

/* Whose figures a report holds: a freeze's, or today's. */
struct frozen_info {
    bool frozen;
    char period[32];
    int64_t frozen_at;
    char frozen_by[64];
    char today[DATE_ISO_LEN];    /* the day its figures were taken */
};
/* "Frozen on 2026-12-01 by alice (figures as presented then)". */
void frozen_note(const struct frozen_info *fi, char *buf, size_t len);

/* The report of period p: its frozen figures when the period is frozen, else
 * report_build's (today's).  info (may be NULL) says which.  STORE_OK, or a
 * store rc with err saying why (a frozen body that cannot be read too). */
int report_load(store *s, const struct config *cfg, const struct period *p,
                const char *today, struct report *r, struct frozen_info *info, char *err,
                size_t errlen);

/* Freeze period p as report_build gives it today.  A period not over yet (its
 * last day today or later) is refused unless force; a period frozen already is
 * replaced only with force (STORE_CONFLICT, *was saying the freeze that stays;
 * with force, the one replaced: was->frozen false when there was none).  *r holds
 * the figures frozen on success (report_free).  STORE_OK, or a store rc with err. */
int report_freeze(store *s, const struct config *cfg, const struct period *p,
                  const char *today, bool force, struct report *r, struct frozen_info *was,
                  char *err, size_t errlen);

/* The HTML page of r (report_html) with a line for a frozen report after its
 * title: 0, or -1 when writing failed. */
int report_html_frozen(const struct report *r, const struct config *cfg,
                       const struct frozen_info *fi, FILE *f);

#endif
