/* usage_import — monthly usage figures from a CSV file (`suivi import usage`):
 * one row per member, service and month: the member (its SIREN, or its id as 12 or
 * #12), the service (its code or its name), the month (2026-11, 11/2026 or
 * 2026/11) and the count (a whole number, "1 234" allowed).  The first row may
 * name the columns (siren/member, service, month/mois, count/nombre…, in any
 * order); without one they come in that order.  UTF-8 or windows-1252, ';', ','
 * or tab (base/csv_read.h).
 *
 * Every row is checked before anything is written: a bad one is reported with its
 * line and column, and nothing is imported unless partial is set (then the good
 * rows are, and the bad ones reported).  A month imported again replaces its
 * figure.  All that is imported is one transaction, with one audit row. */
#ifndef SUIVI_CORE_USAGE_IMPORT_H
#define SUIVI_CORE_USAGE_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "suivi/store/store.h"

#define USAGE_PROBLEMS_KEPT 50

struct usage_problem {
    int line, column;            /* 1-based; column 0: the whole row */
    char msg[200];
};

struct usage_report {
    int rows;                    /* data rows read (the header aside) */
    int imported;                /* figures written */
    int bad;                     /* rows refused */
    struct usage_problem problems[USAGE_PROBLEMS_KEPT];   /* the first ones */
    int nproblems;
    char encoding[16];           /* "UTF-8" or "windows-1252" */
    char separator;
};

/* Import the file's bytes (name: for the audit and the messages).  Returns
 * STORE_OK (r says what was done, problems included with partial), DOMAIN_INVALID
 * (a file that cannot be read, or bad rows without partial: nothing written; r
 * says why), or a store rc (err says what failed). */
int usage_import(store *s, const char *data, size_t len, const char *name, bool partial,
                 struct usage_report *r, char *err, size_t errlen);

#endif
