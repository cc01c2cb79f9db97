/* timeutil — times and dates.
 *
 * Stored form (database): UTC, text, sortable:
 *   instants  "YYYY-MM-DD HH:MM:SS"  (UTC)
 *   dates     "YYYY-MM-DD"           (calendar dates such as due dates; no zone)
 * Shown form: local time, formatted with the user's strftime date_format.
 * "Now" can be pinned with $SUIVI_NOW ("YYYY-MM-DD HH:MM:SS", UTC) so that tests
 * and demo data are reproducible. */
#ifndef SUIVI_TIMEUTIL_H
#define SUIVI_TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>

#define TIME_ISO_LEN  20  /* "YYYY-MM-DD HH:MM:SS" + NUL */
#define DATE_ISO_LEN  11  /* "YYYY-MM-DD" + NUL */

/* Milliseconds of a clock that only goes forward (CLOCK_MONOTONIC): for timeouts
 * and periods, which a change of the wall clock must not stretch or cut. */
int64_t time_monotonic_ms(void);

/* Seconds since the epoch, UTC; honours $SUIVI_NOW. */
int64_t time_now(void);

/* Instant <-> stored text.  time_from_iso returns 0 on success, -1 on a malformed
 * or impossible value (month 13, 31 February, trailing junk). */
void time_to_iso(int64_t t, char out[TIME_ISO_LEN]);
int  time_from_iso(const char *s, int64_t *t);

/* Today's local calendar date as "YYYY-MM-DD" (honours $SUIVI_NOW). */
void date_today(char out[DATE_ISO_LEN]);
/* Local calendar date of an instant. */
void date_of_instant(int64_t t, char out[DATE_ISO_LEN]);
/* Add days to a stored date (normalising month/year). 0 ok, -1 malformed input. */
int date_add_days(const char *date, int days, char out[DATE_ISO_LEN]);
/* The month k months after ym ("YYYY-MM", or a date: its first 7 characters),
 * k negative for before, as "YYYY-MM" in out (8 bytes). */
void month_add(const char *ym, int k, char out[8]);

/* A stored date from its parts: 0, or which part is impossible (31 February is a bad
 * day, month 13 a bad month, years outside 1..9999 a bad year). */
enum { DATE_BAD_YEAR = -1, DATE_BAD_MONTH = -2, DATE_BAD_DAY = -3 };
int date_make(int y, int m, int d, char out[DATE_ISO_LEN]);
/* A stored date's parts; 0, or -1 when malformed. */
int date_split(const char *date, int *y, int *m, int *d);
/* Day of the week of a stored date: 0 Monday … 6 Sunday; -1 when malformed. */
int date_weekday(const char *date);
/* The UTC instant of a local wall-clock time on a stored date; -1 when that time
 * does not exist there (skipped by a clock change) or the input is malformed. */
int time_from_local(const char *date, int hh, int mm, int64_t *t);

/* Format an instant in local time with a strftime format.  Writes "?" and returns -1
 * if the result does not fit (never a silently cut string). */
int time_format_local(int64_t t, const char *fmt, char *buf, size_t buflen);
/* Format a stored date ("YYYY-MM-DD") with a strftime format (date fields only). */
int date_format_user(const char *date, const char *fmt, char *buf, size_t buflen);

/* A user-editable representation of an instant, accepted back by time_parse_user
 * (dateinput.h):
 * "YYYY-MM-DD HH:MM" local. */
void time_to_user_input(int64_t t, char *buf, size_t buflen);

#endif
