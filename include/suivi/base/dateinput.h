/* dateinput — dates and times as people type them, in French or in English, whatever
 * the interface's language (a team mixes both, and "demain" must never be refused).
 *
 * Dates (case and accents do not matter):
 *   2026-12-15, 15/12/2026, 15/12/26, 15.12.2026, 15-12-2026
 *   15/12                      the day without a year (see "lean" below)
 *   today, aujourd'hui, auj    tomorrow, demain, après-demain
 *   yesterday, hier, avant-hier
 *   +3, +3d, +3j               days from today; +2w, +2s weeks; -3, -1w… before today
 *   fri, friday, ven, vendredi a day of the week, by three letters or more
 * An instant is a date, a time, or both: "15/12 14:30", "demain 9h", "14h30" (today),
 * "now" or "maintenant"; a date alone means 09:00.
 *
 * A date without its year and a day of the week lean: a due date looks ahead ("fri"
 * is the next Friday, after today; "15/01" typed in December is next January), the
 * time of something that happened looks back ("lundi" is last Monday).
 *
 * Errors name the input and what is wrong ("31/02/2026: no such day"); the input is
 * shown with control bytes replaced, as it may reach a terminal. */
#ifndef SUIVI_DATEINPUT_H
#define SUIVI_DATEINPUT_H

#include <stddef.h>
#include <stdint.h>

#include "suivi/base/timeutil.h"

/* A due date: leans ahead.  Returns 0 and the stored form, or -1 with a message. */
int date_parse_user(const char *in, char out[DATE_ISO_LEN], char *err, size_t errlen);
/* A day that is as often past as ahead (a training session recorded after it was
 * held, a subscription's start): of the two readings, ahead and back, the nearer
 * to today ("15/11" on 20 November is this 15 November; "lundi" the nearer Monday;
 * a tie goes ahead).  Same returns as date_parse_user. */
int date_parse_near(const char *in, char out[DATE_ISO_LEN], char *err, size_t errlen);

/* When something happened, in local time: leans back.  Returns 0 and the UTC
 * instant, or -1 with a message (*t untouched). */
int time_parse_user(const char *in, int64_t *t, char *err, size_t errlen);

#endif
