/* Unit tests: Easter and the French public holidays over years whose dates are
 * known (service-public.fr), working days across weekends and holidays. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "suivi/base/workdays.h"

TEST(easter_of_known_years)
{
    static const char *const known[][2] = {
        { "2024", "2024-03-31" }, { "2025", "2025-04-20" }, { "2026", "2026-04-05" },
        { "2027", "2027-03-28" }, { "2038", "2038-04-25" }, { "2285", "2285-03-22" },
        { "2000", "2000-04-23" }, { "1818", "1818-03-22" },
    };
    char d[DATE_ISO_LEN];
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        CHECK_INT(easter_sunday(atoi(known[i][0]), d), 0);
        CHECK_STR(d, known[i][1]);
    }
    CHECK_INT(easter_sunday(1500, d), -1);
}

TEST(the_eleven_holidays_of_2026)
{
    static const char *const days[] = {
        "2026-01-01", "2026-04-06", "2026-05-01", "2026-05-08", "2026-05-14", "2026-05-25",
        "2026-07-14", "2026-08-15", "2026-11-01", "2026-11-11", "2026-12-25",
    };
    for (size_t i = 0; i < sizeof days / sizeof days[0]; i++)
        CHECK(holiday_fr(days[i]) != NULL);
    CHECK_STR(holiday_fr("2026-04-06"), "Lundi de Pâques");
    CHECK_STR(holiday_fr("2026-05-14"), "Ascension");
    CHECK(holiday_fr("2026-04-05") == NULL);           /* Easter Sunday: a Sunday anyway */
    CHECK(holiday_fr("2026-04-03") == NULL);           /* Good Friday: not here */
    CHECK(holiday_fr("2026-12-26") == NULL);
    CHECK(holiday_fr("not a date") == NULL);
}

TEST(working_days)
{
    CHECK(is_working_day("2026-12-01"));               /* a Tuesday */
    CHECK(!is_working_day("2026-12-05"));              /* Saturday */
    CHECK(!is_working_day("2026-12-25"));              /* Christmas, a Friday */
    char d[DATE_ISO_LEN];
    CHECK_INT(add_working_days("2026-11-20", 5, d), 0);   /* Friday + 5: the next Friday */
    CHECK_STR(d, "2026-11-27");
    CHECK_INT(add_working_days("2026-11-20", 1, d), 0);   /* Friday + 1: Monday */
    CHECK_STR(d, "2026-11-23");
    CHECK_INT(add_working_days("2026-11-21", 1, d), 0);   /* Saturday + 1: Monday */
    CHECK_STR(d, "2026-11-23");
    CHECK_INT(add_working_days("2026-11-21", 0, d), 0);   /* Saturday + 0: Monday */
    CHECK_STR(d, "2026-11-23");
    CHECK_INT(add_working_days("2026-12-23", 3, d), 0);   /* over Christmas */
    CHECK_STR(d, "2026-12-29");
    CHECK_INT(add_working_days("2026-04-30", 2, d), 0);   /* over 1 May (Friday) */
    CHECK_STR(d, "2026-05-05");
    CHECK_INT(add_working_days("2026-05-07", 1, d), 0);   /* 8 May is a Friday */
    CHECK_STR(d, "2026-05-11");
    CHECK_INT(add_working_days("2026-02-30", 1, d), -1);
    CHECK_INT(add_working_days("2026-11-20", -1, d), -1);
    CHECK_INT(working_days_between("2026-11-20", "2026-11-27"), 5);
    CHECK_INT(working_days_between("2026-11-27", "2026-11-20"), -5);
    CHECK_INT(working_days_between("2026-12-24", "2026-12-28"), 1);   /* 25th, weekend */
    CHECK_INT(working_days_between("2026-11-20", "2026-11-20"), 0);
}

TESTS(T(easter_of_known_years), T(the_eleven_holidays_of_2026), T(working_days))
