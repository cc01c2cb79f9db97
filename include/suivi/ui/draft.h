/* draft — what was typed in a form, kept in a private file until its save commits
 * (as nano writes NAME.save and vim keeps its swap file).  Curses-free: it must work
 * after the terminal is gone.
 *
 * Files live in $XDG_STATE_HOME/suivi/recovered (or ~/.local/state/suivi/recovered),
 * mode 0600, named form-YYYYMMDD-HHMMSS-PID.txt: a draft whose PID is no longer
 * running was left by a crash, a kill or a lost connection.  The text is meant for
 * both people and suivi: a header says what it is and how to reopen it (key D), then
 * one line per value, "\n" and "\\" escaped; a field's base (the record as the form
 * opened it) is kept too, so a reopened edit still writes only what was changed. */
#ifndef SUIVI_DRAFT_H
#define SUIVI_DRAFT_H

#include <stddef.h>
#include <stdint.h>

#include "suivi/ui/form.h"

/* Write f's values to its draft: a new file on the first call (f->draft names it),
 * then the whole file replaced atomically, fsync'd.  0, or -1 with the directory and
 * the reason in err (a draft is a safety net: the caller goes on, tells the user,
 * and tries again later). */
int draft_write(struct form *f, char *err, size_t errlen);
/* Remove f's draft file and empty f->draft. */
void draft_remove(struct form *f);

struct draft_field {
    char *key;
    char *value, *base;   /* NULL when absent */
};

struct draft {
    char *path;
    struct form_ref ref;
    char *title;
    char *written;        /* "YYYY-MM-DD HH:MM:SS" UTC, as written in the file */
    struct draft_field *fields;
    int nfields;
};

/* The drafts left by sessions that are no longer running, newest first; the
 * directory is written into dir.  Returns 0, or -1 (no directory: no drafts). */
int drafts_list(struct draft **out, int *n, char *dir, size_t dirlen);
void drafts_free(struct draft *d, int n);
/* Read one draft file.  0, or -1 when it is not a draft. */
int draft_read(const char *path, struct draft *out);
void draft_clear(struct draft *d);

/* Put the draft's values and bases into a form its flow has built, by key (a choice
 * by its code, or its label), and make the draft's file the form's own (renamed for
 * this session): it is removed once the form is saved. */
void draft_apply(struct draft *d, struct form *f);

#endif
