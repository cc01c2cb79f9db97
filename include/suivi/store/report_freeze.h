/* report_freeze — frozen reports (schema v9): a period's figures as they were
 * presented, kept in the database so that a report of a past period reads the
 * same after later edits.  One per period label; the body is opaque here (its
 * format is core/report_freeze.h's).  Freezing is an admin's write (access.c), one
 * transaction with its audit row; replacing a frozen period is done only on
 * purpose (force) and the audit row says which freeze it replaced.  A provider's
 * login sees none (as it sees no figures). */
#ifndef SUIVI_STORE_REPORT_FREEZE_H
#define SUIVI_STORE_REPORT_FREEZE_H

#include <stdbool.h>
#include <stdint.h>

#include "suivi/store/store.h"

struct frozen_report {
    char *period;                /* the label: "2026-11", "2026-Q4", "2026", "A..B" */
    char *period_from, *period_to;   /* [from, to), "YYYY-MM-DD" */
    int64_t frozen_at;           /* when it was frozen (UTC seconds) */
    char *frozen_by;             /* the login that froze it */
    char *today;                 /* the day its figures were taken */
    char *body;                  /* the report, serialized; NULL in lists */
};

/* Store f's period (f->frozen_at and frozen_by are set here: now, the login).
 * A period frozen already is replaced only with force; without it nothing is
 * written and STORE_CONFLICT comes back, with *was (when not NULL) holding the
 * stored freeze's period, frozen_at and frozen_by, to say so.  With force the
 * audit row names the freeze replaced.  STORE_DENIED for a login that is not an
 * admin. */
int store_report_freeze(store *s, struct frozen_report *f, bool force,
                        struct frozen_report *was);
/* The frozen report of a period label, body included; STORE_NOT_FOUND when the
 * period is not frozen (or the login is a provider's). */
int store_report_frozen_get(store *s, const char *period, struct frozen_report *out);
/* Every frozen period, without their bodies, the newest period first. */
int store_report_frozen_list(store *s, struct frozen_report **out, int *n);
void frozen_report_clear(struct frozen_report *f);
void frozen_reports_free(struct frozen_report *f, int n);

#endif
