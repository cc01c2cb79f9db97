/* workdays — working days in France: Monday to Friday, but the eleven public
 * holidays of the Code du travail (art. L3133-1): 1 January, Easter Monday, 1 May,
 * 8 May, Ascension Thursday, Whit Monday, 14 July, 15 August, 1 November,
 * 11 November, 25 December.  (Alsace-Moselle's Good Friday and 26 December are not
 * counted: the syndicates we serve are elsewhere.)  Dates are stored forms,
 * "YYYY-MM-DD". */
#ifndef SUIVI_WORKDAYS_H
#define SUIVI_WORKDAYS_H

#include <stdbool.h>

#include "suivi/base/timeutil.h"

/* Easter Sunday of a year (Gregorian computus); 0, or -1 outside 1583..9999. */
int easter_sunday(int year, char out[DATE_ISO_LEN]);
/* The public holiday's name ("Lundi de Pâques"), or NULL when date is none. */
const char *holiday_fr(const char *date);
bool is_working_day(const char *date);
/* The n-th working day after date (Friday + 1 is Monday, and so is Saturday + 1);
 * n = 0: date itself if it is a working day, else the next one.  Returns 0, or -1
 * when malformed, n < 0 or out of range. */
int add_working_days(const char *date, int n, char out[DATE_ISO_LEN]);
/* Working days from a to b: those in (a, b]; negative when b is before a. */
int working_days_between(const char *a, const char *b);

#endif
