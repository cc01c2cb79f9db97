/* core_validate — the domain's rules on values. */
#include "check.h"
#include "suivi/core/validate.h"
#include "suivi/base/xalloc.h"

#include <stdlib.h>

TEST(siren_luhn)
{
    CHECK(siren_is_valid("253514491"));          /* the syndicate's own */
    CHECK(siren_is_valid("732829320"));
    CHECK(siren_is_valid("000000000"));
    CHECK(!siren_is_valid("253514492"));
    CHECK(!siren_is_valid("253514419"));         /* swapped digits */
    CHECK(!siren_is_valid("25351449"));
    CHECK(!siren_is_valid("2535144910"));
    CHECK(!siren_is_valid("25351449a"));
    CHECK(!siren_is_valid(" 253514491"));
    CHECK(!siren_is_valid(""));
    CHECK(!siren_is_valid(NULL));
}

TEST(siren_messages)
{
    char err[128] = "";
    CHECK(validate_siren(NULL, err, sizeof err));
    CHECK(validate_siren("", err, sizeof err));
    CHECK(validate_siren("253514491", err, sizeof err));
    CHECK(!validate_siren("123456789", err, sizeof err));
    CHECK_STR(err, "SIREN 123456789: checksum is wrong");
    CHECK(!validate_siren("12345", err, sizeof err));
    CHECK_STR(err, "SIREN 12345: must be 9 digits");
    /* a value with control bytes is never echoed into a message */
    CHECK(!validate_siren("12\x1b[2J", err, sizeof err));
    CHECK_STR(err, "SIREN: must be 9 digits");
}

TEST(departements)
{
    char err[128] = "";
    static const char *const good[] = { "01", "22", "29", "35", "56", "95", "2A", "2B",
                                        "971", "976", "19", "21" };
    static const char *const bad[] = { "00", "20", "96", "2C", "2a", "970", "977", "1",
                                       "022", "9A", "abc", " 22" };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        CHECK(validate_departement(good[i], err, sizeof err));
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        CHECK(!validate_departement(bad[i], err, sizeof err));
        CHECK_CONTAINS(err, "département");
    }
    CHECK(validate_departement(NULL, err, sizeof err));
    CHECK(validate_departement("", err, sizeof err));
    CHECK(!validate_departement("20", err, sizeof err));
    CHECK_STR(err, "département 20: no such département (01-95, 2A, 2B, 971-976)");
}

TEST(required_text)
{
    char err[128] = "";
    CHECK(validate_required_text("name", "Plœmeur", 200, err, sizeof err));
    CHECK(!validate_required_text("name", NULL, 200, err, sizeof err));
    CHECK_STR(err, "name: required");
    CHECK(!validate_required_text("name", "  \t ", 200, err, sizeof err));
    CHECK_STR(err, "name: required");
    /* characters, not bytes: 5 two-byte characters fit in 5 */
    CHECK(validate_required_text("name", "ééééé", 5, err, sizeof err));
    CHECK(!validate_required_text("name", "éééééé", 5, err, sizeof err));
    CHECK_STR(err, "name: too long (6 characters, at most 5)");
    CHECK(!validate_required_text("subject", "bad \xff byte", 200, err, sizeof err));
    CHECK_STR(err, "subject: not valid UTF-8 text");
    CHECK(!validate_required_text("x", "\xc0\xaf", 200, err, sizeof err));      /* overlong */
    CHECK(!validate_required_text("x", "\xed\xa0\x80", 200, err, sizeof err));  /* surrogate */
    CHECK(!validate_required_text("x", "\xf4\x90\x80\x80", 200, err, sizeof err));
    CHECK(!validate_required_text("x", "cut \xc3", 200, err, sizeof err));
    CHECK(validate_required_text("x", "\xf0\x9f\x98\x80", 1, err, sizeof err));
}

TEST(priority)
{
    char err[128] = "";
    for (int p = PRIORITY_MIN; p <= PRIORITY_MAX; p++)
        CHECK(validate_priority(p, err, sizeof err));
    CHECK(!validate_priority(0, err, sizeof err));
    CHECK_STR(err, "priority: must be P1 to P4");
    CHECK(!validate_priority(5, err, sizeof err));
}

TEST(member_rules)
{
    char err[128] = "";
    struct member m = { .name = "Saint-Brieuc", .kind = MEMBER_COMMUNE,
                        .status = MSTATUS_MEMBER, .siren = "253514491", .departement = "22" };
    CHECK(member_validate(&m, err, sizeof err));
    m.siren = "253514492";
    CHECK(!member_validate(&m, err, sizeof err));
    CHECK_CONTAINS(err, "SIREN");
    m.siren = NULL;
    m.departement = "20";
    CHECK(!member_validate(&m, err, sizeof err));
    m.departement = NULL;
    m.kind = MEMBER_KIND_COUNT;
    CHECK(!member_validate(&m, err, sizeof err));
    CHECK_STR(err, "kind: unknown value");
    m.kind = MEMBER_EPCI;
    m.id = 4;
    m.parent_id = 4;
    CHECK(!member_validate(&m, err, sizeof err));
    CHECK_CONTAINS(err, "parent");
    m.parent_id = 5;
    CHECK(member_validate(&m, err, sizeof err));
    m.name = "";
    CHECK(!member_validate(&m, err, sizeof err));
    CHECK_STR(err, "name: required");
}

TEST(interaction_rules)
{
    char err[128] = "";
    struct interaction it = { .member_id = 1, .kind = IKIND_MEETING, .subject = "Réunion" };
    CHECK(interaction_validate(&it, err, sizeof err));
    it.member_id = 0;
    CHECK(!interaction_validate(&it, err, sizeof err));
    CHECK_STR(err, "member: required");
    it.member_id = 1;
    it.subject = NULL;
    CHECK(!interaction_validate(&it, err, sizeof err));
    CHECK_STR(err, "subject: required");
    it.subject = "ok";
    char *big = xmalloc(BODY_MAX_BYTES + 2);
    memset(big, 'a', BODY_MAX_BYTES + 1);
    big[BODY_MAX_BYTES + 1] = '\0';
    it.body = big;
    CHECK(!interaction_validate(&it, err, sizeof err));
    CHECK_CONTAINS(err, "body");
    big[BODY_MAX_BYTES] = '\0';
    CHECK(interaction_validate(&it, err, sizeof err));
    free(big);
    it.body = "\x80";
    CHECK(!interaction_validate(&it, err, sizeof err));
}

TEST(action_rules)
{
    char err[128] = "";
    struct action a = { .member_id = 1, .title = "Relancer", .status = ASTATUS_OPEN,
                        .priority = 3, .due = "2025-02-28" };
    CHECK(action_validate(&a, err, sizeof err));
    a.due = "2025-02-29";                        /* not a leap year */
    CHECK(!action_validate(&a, err, sizeof err));
    CHECK_STR(err, "due date 2025-02-29: not a date (YYYY-MM-DD)");
    a.due = "2024-02-29";
    CHECK(action_validate(&a, err, sizeof err));
    a.due = "15/06/2025";
    CHECK(!action_validate(&a, err, sizeof err));
    a.due = "";
    CHECK(action_validate(&a, err, sizeof err));
    a.priority = 0;
    CHECK(!action_validate(&a, err, sizeof err));
    a.priority = 1;
    a.assignee_staff_id = 2;
    a.assignee_provider_id = 3;
    CHECK(!action_validate(&a, err, sizeof err));
    CHECK_CONTAINS(err, "not both");
    a.assignee_provider_id = 0;
    a.status = ASTATUS_COUNT;
    CHECK(!action_validate(&a, err, sizeof err));
    a.status = ASTATUS_DONE;
    a.title = " ";
    CHECK(!action_validate(&a, err, sizeof err));
    CHECK_STR(err, "title: required");
}

TEST(overdue)
{
    struct action a = { .status = ASTATUS_OPEN, .due = "2025-06-14" };
    CHECK(action_is_overdue(&a, "2025-06-15"));
    CHECK(!action_is_overdue(&a, "2025-06-14"));
    a.status = ASTATUS_WAIT_PROVIDER;
    CHECK(action_is_overdue(&a, "2025-06-15"));
    a.status = ASTATUS_DONE;
    CHECK(!action_is_overdue(&a, "2025-06-15"));
    a.status = ASTATUS_OPEN;
    a.due = NULL;
    CHECK(!action_is_overdue(&a, "2025-06-15"));
}

TEST(enum_names)
{
    const struct enum_names *all[] = { &MEMBER_KIND_NAMES, &MEMBER_STATUS_NAMES,
                                       &INTERACTION_KIND_NAMES, &ACTION_STATUS_NAMES,
                                       &NOTE_VISIBILITY_NAMES };
    const int counts[] = { MEMBER_KIND_COUNT, MSTATUS_COUNT, IKIND_COUNT, ASTATUS_COUNT,
                           NOTE_VIS_COUNT };
    for (size_t e = 0; e < sizeof all / sizeof all[0]; e++) {
        CHECK_INT(all[e]->count, counts[e]);
        for (int v = 0; v < all[e]->count; v++) {
            CHECK_INT(enum_from_code(all[e], enum_code(all[e], v)), v);
            /* abbreviations fit the list columns (8); all are single-width text */
            const char *ab = enum_abbrev(all[e], v);
            int cols = 0;
            for (const unsigned char *p = (const unsigned char *)ab; *p; p++)
                cols += (*p & 0xC0) != 0x80;
            CHECK(cols <= 8);
        }
        CHECK_STR(enum_code(all[e], -1), "?");
        CHECK_STR(enum_label(all[e], all[e]->count), "?");
    }
    CHECK_INT(enum_from_code(&MEMBER_KIND_NAMES, "nope"), -1);
    CHECK_INT(enum_from_code(&MEMBER_KIND_NAMES, NULL), -1);
    CHECK_STR(enum_code(&MEMBER_KIND_NAMES, MEMBER_CCAS), "ccas");
    CHECK_STR(enum_label(&MEMBER_KIND_NAMES, MEMBER_CCAS), "CCAS/CIAS");
    CHECK_STR(enum_abbrev(&MEMBER_KIND_NAMES, MEMBER_DEPARTEMENT), "DEP");
    CHECK_STR(enum_label(&ACTION_STATUS_NAMES, ASTATUS_WAIT_MEMBER), "waiting on member");
    CHECK_STR(enum_abbrev(&INTERACTION_KIND_NAMES, IKIND_EMAIL_OUT), "mail out");
    CHECK(action_status_is_open(ASTATUS_WAIT_PROVIDER));
    CHECK(!action_status_is_open(ASTATUS_CANCELLED));
}

TESTS(T(siren_luhn), T(siren_messages), T(departements), T(required_text), T(priority),
      T(member_rules), T(interaction_rules), T(action_rules), T(overdue), T(enum_names))
