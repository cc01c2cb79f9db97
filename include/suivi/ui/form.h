/* form — field-by-field data entry, and short menus.
 *
 * A form never loses what was typed: on a validation error the message is shown on
 * the form and the values stay; when the caller's save fails (conflict, busy…) it
 * sets `message` and runs the form again with the same values.  While a form is
 * open its values are also kept in a private draft file, rewritten whenever the
 * user pauses for a second, so that a crash, a kill -9 or a dropped connection
 * loses at most the last second of typing (see form_draft_write). */
#ifndef SUIVI_FORM_H
#define SUIVI_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

enum field_type {
    FIELD_TEXT,       /* one line */
    FIELD_CHOICE,     /* one of choices[]; Left/Right/Space or first letter */
    FIELD_DATE,       /* one line, checked with date_parse_user; may be empty unless required */
    FIELD_DATETIME,   /* one line, checked with time_parse_user */
    FIELD_LONGTEXT,   /* several lines, edited in $SUIVI_EDITOR/$VISUAL/$EDITOR/vi */
    FIELD_READONLY,   /* shown, not editable (e.g. the member an action is for) */
};

struct form_field {
    const char *label;
    enum field_type type;
    bool required;
    char *value;                    /* owned, UTF-8; for FIELD_CHOICE unused */
    const char *const *choices;     /* FIELD_CHOICE: labels (may come from the database) */
    int nchoices;
    int choice;                     /* FIELD_CHOICE: selected index */
    /* Optional extra check of a non-empty value (validate.h functions fit). */
    bool (*check)(const char *value, char *err, size_t errlen);
};

struct form {
    const char *title;              /* "New interaction — Plœmeur" (sanitised when drawn) */
    struct form_field *fields;
    int nfields;
    int focus;                      /* field with the cursor */
    char message[256];              /* shown at the bottom (set by the caller after a failed save) */
    bool message_is_error;
    bool modified;                  /* something was typed since the form was opened */
};

enum form_result { FORM_SAVED, FORM_CANCELLED, FORM_HANGUP };

/* Run the form until the user saves (all checks pass) or cancels.  FORM_SAVED: the
 * values are in fields[].  FORM_HANGUP: values saved to a recovery file, the caller
 * must leave. */
enum form_result form_run(struct form *f);

/* Set a field's value (copied). */
void form_set_value(struct form_field *fld, const char *value);
/* Free every field's value. */
void form_free_values(struct form *f);

/* Write the form's values to a new file in the recovery directory
 * ($XDG_STATE_HOME/suivi/recovered, or ~/.local/state/suivi/recovered) and return
 * its path (static), or NULL. */
const char *form_save_recovery(const struct form *f);

/* Drafts.  path (of len bytes) starts empty: the first write creates a new private
 * file in the recovery directory and records its name there; later writes replace
 * it atomically (temporary file + rename).  Returns 0, or -1 (nothing to do about
 * it but try again later: a draft is a safety net, not a save). */
int form_draft_write(const struct form *f, char *path, size_t len);
/* Remove the draft (the form was saved or cancelled) and empty path. */
void form_draft_discard(char *path, size_t len);
/* How many drafts in the recovery directory were left by sessions that are no
 * longer running; the directory is written into dir. */
int form_drafts_left(char *dir, size_t len);

/* Editing helpers behind the form, free of curses (unit-tested).  A value is UTF-8
 * edited at a byte cursor; one character is one UTF-8 sequence (an invalid byte
 * counts as one character, so it can be erased). */
size_t form_text_prev(const char *s, size_t pos);    /* start of the character before pos */
size_t form_text_next(const char *s, size_t pos);    /* end of the character at pos */
/* Insert wc at *cursor; false (nothing changed) for a control or a value too long. */
bool form_text_insert(char **value, size_t *cursor, wchar_t wc);
/* Erase the whole character before *cursor. */
void form_text_erase(char **value, size_t *cursor);
/* Columns s[a..b) takes once sanitised (as term_draw_text shows it). */
int form_text_width(const char *s, size_t a, size_t b);
/* First byte to show so that the cursor fits in cols columns (one column is kept for
 * the cursor, one for the "more on the left" mark when the start is hidden). */
size_t form_text_scroll(const char *s, size_t cursor, size_t scroll, int cols);
/* The next choice after current whose label starts with wc, ignoring case, accents
 * and leading punctuation; current when none does. */
int form_choice_jump(const char *const *choices, int n, int current, wchar_t wc);

/* A short menu: returns the chosen index, or -1 (cancelled), or -2 (hang-up). */
int picker_run(const char *title, const char *const *items, int nitems, int current);

/* Ask a yes/no question on the status line; returns true for y/Y. */
bool confirm(const char *question);

#endif
