/* workdays — see workdays.h.  Easter by the anonymous Gregorian algorithm (Meeus,
 * Astronomical Algorithms, ch. 8); the movable holidays follow it: Easter Monday
 * +1, Ascension +39, Whit Monday +50. */
#include "suivi/base/workdays.h"

#include <stdio.h>
#include <string.h>

#include "suivi/base/i18n.h"

#define MAX_SPAN_DAYS 36500     /* a hundred years of counting is plenty */

int easter_sunday(int year, char out[DATE_ISO_LEN])
{
    if (year < 1583 || year > 9999)
        return -1;
    int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
    int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
    return date_make(year, month, day, out) == 0 ? 0 : -1;
}

static const struct { int m, d; const char *name; } fixed[] = {
    { 1, 1, N_("Jour de l'an") }, { 5, 1, N_("Fête du Travail") },
    { 5, 8, N_("Victoire 1945") }, { 7, 14, N_("Fête nationale") },
    { 8, 15, N_("Assomption") }, { 11, 1, N_("Toussaint") },
    { 11, 11, N_("Armistice 1918") }, { 12, 25, N_("Noël") },
};

static const struct { int after_easter; const char *name; } movable[] = {
    { 1, N_("Lundi de Pâques") }, { 39, N_("Ascension") }, { 50, N_("Lundi de Pentecôte") },
};

const char *holiday_fr(const char *date)
{
    int y, m, d;
    if (date_split(date, &y, &m, &d) != 0)
        return NULL;
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        if (fixed[i].m == m && fixed[i].d == d)
            return _(fixed[i].name);
    char easter[DATE_ISO_LEN], day[DATE_ISO_LEN];
    if (easter_sunday(y, easter) != 0)
        return NULL;
    for (size_t i = 0; i < sizeof movable / sizeof movable[0]; i++)
        if (date_add_days(easter, movable[i].after_easter, day) == 0 && strcmp(day, date) == 0)
            return _(movable[i].name);
    return NULL;
}

bool is_working_day(const char *date)
{
    int wd = date_weekday(date);
    return wd >= 0 && wd < 5 && !holiday_fr(date);
}

int add_working_days(const char *date, int n, char out[DATE_ISO_LEN])
{
    char day[DATE_ISO_LEN];
    if (n < 0 || date_add_days(date, 0, day) != 0)
        return -1;
    for (int steps = 0; n == 0 && !is_working_day(day); steps++)   /* this day or the next */
        if (steps > 14 || date_add_days(day, 1, day) != 0)
            return -1;
    for (int left = n, span = 0; left > 0; span++) {
        if (span > MAX_SPAN_DAYS || date_add_days(day, 1, day) != 0)
            return -1;
        left -= is_working_day(day);
    }
    memcpy(out, day, DATE_ISO_LEN);
    return 0;
}

int working_days_between(const char *a, const char *b)
{
    char day[DATE_ISO_LEN];
    int sign = strcmp(a, b) <= 0 ? 1 : -1;
    const char *from = sign > 0 ? a : b, *to = sign > 0 ? b : a;
    if (date_add_days(from, 0, day) != 0)
        return 0;
    int n = 0;
    for (int span = 0; strcmp(day, to) < 0 && span <= MAX_SPAN_DAYS; span++) {
        if (date_add_days(day, 1, day) != 0)
            break;
        n += is_working_day(day);
    }
    return sign * n;
}
