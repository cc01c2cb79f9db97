/* form — field-by-field data entry drawn as a box over the screen, and short menus.
 *
 * A form never loses what was typed: on a validation error the message is shown on
 * the form and the values stay; when the caller's save fails (conflict, busy…) it
 * sets `message` and runs the form again with the same values.  While a form is
 * open its values are also kept in a private draft file (draft.h), rewritten
 * whenever the user pauses for a second and once more before the save is tried:
 * the caller removes it only after its save committed, so a crash, a kill -9 or a
 * dropped connection at any moment leaves the row in the database or the draft on
 * disk.
 *
 * Each field holds three values: the one shown and edited, the base (the record as
 * the form opened it: a field whose value is its base was not touched, and a save
 * never writes it), and after a conflict theirs (someone else's, shown under the
 * field; ^T swaps it with the user's, who keeps the one they want). */
#ifndef SUIVI_FORM_H
#define SUIVI_FORM_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

enum field_type {
    FIELD_TEXT,       /* one line */
    FIELD_CHOICE,     /* one of choices[]; Left/Right/Space or first letter */
    FIELD_DATE,       /* one line, checked with date_parse_user; may be empty unless required */
    FIELD_DATETIME,   /* one line, checked with time_parse_user */
    FIELD_DAY,        /* as FIELD_DATE, read with date_parse_near: a day past or ahead */
    FIELD_LONGTEXT,   /* several lines, typed in place (textedit.h) or in $EDITOR (^O) */
    FIELD_READONLY,   /* shown, not editable (e.g. the member an action is for) */
};

struct textedit;

struct form_field {
    const char *key;                /* stable name, for drafts: "title" */
    const char *label;              /* shown: "Title" */
    enum field_type type;
    bool required;
    char *value;                    /* owned, UTF-8 (text types) */
    const char *const *choices;     /* FIELD_CHOICE: labels (may come from the database) */
    const char *const *codes;       /* FIELD_CHOICE: stable codes for drafts, or NULL */
    int nchoices;
    int choice;                     /* FIELD_CHOICE: selected index */
    /* Optional extra check of a non-empty value (validate.h functions fit). */
    bool (*check)(const char *value, char *err, size_t errlen);
    /* FIELD_CHOICE: the entry that runs the form's on_action hook ("(new contact…)"),
     * -1 for none. */
    int action_choice;
    /* The record's value when the form opened (the merge's base). */
    char *base;
    int base_choice;
    /* After a conflict: someone else's value, and the user's while theirs is shown. */
    bool conflict;
    bool showing_theirs;
    char *theirs, *mine;
    int theirs_choice, mine_choice;
    struct textedit *te;            /* FIELD_LONGTEXT while the form runs */
};

/* What a form is for, so that its draft can be reopened into the same form. */
struct form_ref {
    char kind[24];                  /* "action-edit", "note"…: the flow that restores it */
    int64_t id;                     /* the record edited (0: a new one) */
    int64_t member_id, parent_id;   /* what a new record belongs to (member, origin…) */
};

struct form {
    const char *title;              /* "New interaction — Plœmeur" (sanitised when drawn) */
    struct form_field *fields;
    int nfields;
    int focus;                      /* field with the cursor */
    char message[256];              /* shown at the bottom (set by the caller after a failed save) */
    bool message_is_error;
    bool modified;                  /* something was typed since the form was opened */
    bool no_draft;                  /* a prompt of a few keys, for no record: no draft */
    struct form_ref ref;
    char draft[PATH_MAX];           /* the draft file, "" until the first write */
    /* A choice field's action entry was taken (Enter on it, or saving with it):
     * the caller may change the field (add the new contact and choose it). */
    void (*on_action)(struct form *f, int field, void *ctx);
    void *ctx;
};

enum form_result { FORM_SAVED, FORM_CANCELLED, FORM_HANGUP };

/* Run the form until the user saves (all checks pass) or cancels.  FORM_SAVED: the
 * values are in fields[] and the draft is written (the caller discards it once the
 * save committed: form_draft_done).  FORM_CANCELLED: the draft is removed.
 * FORM_HANGUP: the draft is written and kept; the caller must leave. */
enum form_result form_run(struct form *f);

/* Set a field's value, base or their value (copied). */
void form_set_value(struct form_field *fld, const char *value);
void form_set_base(struct form_field *fld, const char *value);
void form_set_theirs(struct form_field *fld, const char *value);
/* The field's value was changed from outside (not typed): its editor follows. */
void form_field_reload(struct form_field *fld);
/* The field's base is its value: it counts as untouched. */
void form_field_settle(struct form_field *fld);
/* The field differs from its base. */
bool form_field_touched(const struct form_field *fld);
bool form_touched(const struct form *f);
/* After a conflict: mark the field, with their value already in theirs/theirs_choice. */
void form_field_conflict(struct form_field *fld);
/* Free every field's values and editing state. */
void form_free_values(struct form *f);

/* The save committed: remove the draft.  A failed save keeps it. */
void form_draft_done(struct form *f);

/* Editing helpers behind the form, free of curses (unit-tested).  A value is UTF-8
 * edited at a byte cursor; one character is one UTF-8 sequence (an invalid byte
 * counts as one character, so it can be erased). */
size_t form_text_prev(const char *s, size_t pos);    /* start of the character before pos */
size_t form_text_next(const char *s, size_t pos);    /* end of the character at pos */
/* Insert wc at *cursor; false (nothing changed) for a control or a value too long. */
bool form_text_insert(char **value, size_t *cursor, wchar_t wc);
/* Erase the whole character before *cursor, or the one at it. */
void form_text_erase(char **value, size_t *cursor);
void form_text_delete(char **value, size_t cursor);
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

/* Ask for one value (type FIELD_TEXT or FIELD_DATE, checked as in a form) in a small
 * box with no draft (a few keys, for no one record).  FORM_SAVED with *out the text
 * (caller frees), FORM_CANCELLED, or FORM_HANGUP. */
enum form_result form_ask(const char *title, const char *label, enum field_type type,
                          char **out);
/* The same with the field holding initial (NULL: empty) at first. */
enum form_result form_ask_with(const char *title, const char *label, enum field_type type,
                               const char *initial, char **out);

/* Ask a question on the status line and return the key that answers it (a paste or
 * a bad byte does not), or TERM_KEY_HANGUP. */
int ask_key(const char *question, bool *keycode);
/* Ask a yes/no question on the status line; returns true for y/Y. */
bool confirm(const char *question);

#endif
