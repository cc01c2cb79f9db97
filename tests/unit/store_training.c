/* store_training — training sessions: attendees from several members, one
 * training interaction on each member's timeline whatever the number of its
 * contacts there, none for an absent one, the counts and satisfaction read back,
 * an unknown contact refused with nothing written, and incidents and requests
 * before and after a member's first session. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "store_fixture.h"
#include "suivi/base/xalloc.h"
#include "suivi/store/training.h"

static int64_t add_contact(store *s, int64_t member, const char *name)
{
    struct contact c = { .member_id = member, .name = xstrdup(name) };
    CHECK_INT(store_contact_add(s, &c), STORE_OK);
    int64_t id = c.id;
    contact_clear(&c);
    return id;
}

static int64_t count(const char *path, const char *sql)
{
    return fixture_sql_int(path, sql);
}

TEST(attendees_from_several_members_put_it_on_each_timeline)
{
    const char *path = check_tmpfile("t.db");
    store *s = fixture_open(path, true);
    int64_t m1 = fixture_add_member(s, "Vannes"), m2 = fixture_add_member(s, "Auray");
    int64_t a = add_contact(s, m1, "Anne"), b = add_contact(s, m1, "Bruno");
    int64_t c = add_contact(s, m2, "Claire");
    struct training_session t = { .held_on = "2026-11-15", .topic = "Parapheur",
                                  .trainer_kind = TRAINER_GRETA, .trainer = "GRETA" };
    CHECK_INT(store_training_add(s, &t), STORE_OK);
    struct training_attendee x[3] = {
        { .session_id = t.id, .contact_id = a, .attended = true, .satisfaction = 4 },
        { .session_id = t.id, .contact_id = b, .attended = true, .satisfaction = 5 },
        { .session_id = t.id, .contact_id = c, .attended = false },
    };
    for (int i = 0; i < 3; i++)
        CHECK_INT(store_training_attend(s, &x[i]), STORE_OK);
    CHECK(x[0].interaction_id && x[0].interaction_id == x[1].interaction_id);
    CHECK_INT(x[2].interaction_id, 0);
    CHECK_INT(count(path, "SELECT count(*) FROM interaction WHERE kind = 'training'"), 1);
    /* Claire came after all: her member gets the session too — once, however
     * often her attendance is changed back and forth (a review found a new
     * interaction at each change), and a score given stays. */
    for (int k = 0; k < 3; k++) {       /* each call as the command line makes it */
        x[2] = (struct training_attendee){ .session_id = t.id, .contact_id = c,
                                           .attended = true, .satisfaction = k ? 0 : 3 };
        CHECK_INT(store_training_attend(s, &x[2]), STORE_OK);
        x[2] = (struct training_attendee){ .session_id = t.id, .contact_id = c };
        CHECK_INT(store_training_attend(s, &x[2]), STORE_OK);
    }
    x[2] = (struct training_attendee){ .session_id = t.id, .contact_id = c, .attended = true };
    CHECK_INT(store_training_attend(s, &x[2]), STORE_OK);
    CHECK_INT(count(path, "SELECT count(*) FROM interaction WHERE kind = 'training'"), 2);
    CHECK_INT(count(path, "SELECT satisfaction FROM training_attendee WHERE satisfaction = 3"),
              3);
    char *sql = xasprintf("SELECT count(*) FROM interaction WHERE kind = 'training' AND"
                          " member_id = %lld AND occurred_at LIKE '2026-11-15%%'",
                          (long long)m2);
    CHECK_INT(count(path, sql), 1);
    free(sql);
    struct training_session got = {0};
    CHECK_INT(store_training_get(s, t.id, &got), STORE_OK);
    CHECK(got.attendees == 3 && got.present == 3 && got.satisfaction == 4.0);  /* 4, 5, 3 */
    CHECK(got.trainer_kind == TRAINER_GRETA);
    training_clear(&got);
    struct training_attendee *list = NULL;
    int n = 0;
    CHECK_INT(store_training_attendees(s, t.id, &list, &n), STORE_OK);
    CHECK_INT(n, 3);
    if (n == 3)
        CHECK_STR(list[0].member_name, "Auray");     /* by member, then name */
    training_attendees_free(list, n);
    /* An unknown contact: refused, nothing written. */
    struct training_attendee bad = { .session_id = t.id, .contact_id = 999, .attended = true };
    CHECK_INT(store_training_attend(s, &bad), STORE_NOT_FOUND);
    CHECK_INT(count(path, "SELECT count(*) FROM training_attendee"), 3);
    store_close(s);
}

TEST(incidents_and_requests_before_and_after_the_first_session)
{
    const char *path = check_tmpfile("t.db");
    store *s = fixture_open(path, true);
    int64_t m = fixture_add_member(s, "Vannes"), a = add_contact(s, m, "Anne");
    fixture_exec(path,
                 "INSERT INTO interaction (member_id, occurred_at, kind, author, subject, search,"
                 " created_at, version) VALUES"
                 " (1, '2026-09-01 10:00:00', 'incident', 'x', 's', 's', '', 1),"
                 " (1, '2026-10-01 10:00:00', 'request', 'x', 's', 's', '', 1),"
                 " (1, '2026-10-20 10:00:00', 'incident', 'x', 's', 's', '', 1),"
                 " (1, '2026-12-01 10:00:00', 'incident', 'x', 's', 's', '', 1),"
                 " (1, '2026-10-21 10:00:00', 'call_in', 'x', 's', 's', '', 1),"
                 " (1, '2026-01-01 10:00:00', 'incident', 'x', 's', 's', '', 1);");
    char first[11];
    int before = -1, after = -1;
    CHECK_INT(store_training_effect(s, m, 90, first, &before, &after), STORE_OK);
    CHECK_STR(first, "");                       /* no session yet */
    struct training_session t = { .held_on = "2026-11-01", .topic = "Actes" };
    CHECK_INT(store_training_add(s, &t), STORE_OK);
    struct training_attendee x = { .session_id = t.id, .contact_id = a, .attended = true };
    CHECK_INT(store_training_attend(s, &x), STORE_OK);
    CHECK_INT(store_training_effect(s, m, 90, first, &before, &after), STORE_OK);
    CHECK_STR(first, "2026-11-01");
    CHECK_INT(before, 3);     /* September, October (x2); January is too far, calls don't count */
    CHECK_INT(after, 1);      /* December */
    store_close(s);
}

static char *last_change(const char *path)
{
    return fixture_sql_text(path, "SELECT change FROM audit WHERE entity = 'training'"
                                  " ORDER BY id DESC LIMIT 1");
}

/* The trail says whose attendance changed and from what to what (a review found
 * only "attendee"), and the candidates are every contact still there. */
TEST(an_attendance_change_is_audited_old_to_new)
{
    const char *path = check_tmpfile("t.db");
    store *s = fixture_open(path, true);
    int64_t m = fixture_add_member(s, "Vannes"), a = add_contact(s, m, "Anne");
    struct training_session t = { .held_on = "2026-11-15", .topic = "Actes" };
    CHECK_INT(store_training_add(s, &t), STORE_OK);
    struct training_attendee x = { .session_id = t.id, .contact_id = a, .attended = true };
    CHECK_INT(store_training_attend(s, &x), STORE_OK);
    char *c = last_change(path);
    CHECK_STR(c, "{\"contact\": [null, 1], \"attended\": [null, 1]}");
    free(c);
    x = (struct training_attendee){ .session_id = t.id, .contact_id = a, .attended = true,
                                    .satisfaction = 4 };
    CHECK_INT(store_training_attend(s, &x), STORE_OK);
    c = last_change(path);
    CHECK_STR(c, "{\"contact\": [1, 1], \"satisfaction\": [null, 4]}");
    free(c);
    x = (struct training_attendee){ .session_id = t.id, .contact_id = a };
    CHECK_INT(store_training_attend(s, &x), STORE_OK);
    c = last_change(path);
    CHECK_STR(c, "{\"contact\": [1, 1], \"attended\": [1, 0]}");   /* the score stays */
    free(c);
    CHECK_INT(fixture_sql_int(path, "SELECT json_valid(change) FROM audit WHERE"
                                    " entity = 'training' AND change <> 'created'"
                                    " ORDER BY id LIMIT 1"), 1);
    struct training_attendee *cand = NULL;
    int n = 0;
    add_contact(s, m, "Bruno");
    CHECK_INT(store_training_candidates(s, NULL, 100, &cand, &n), STORE_OK);
    CHECK_INT(n, 2);
    if (n == 2)
        CHECK(strcmp(cand[0].contact_name, "Anne") == 0 && cand[1].member_id == m &&
              strcmp(cand[1].member_name, "Vannes") == 0);
    training_attendees_free(cand, n);
    /* Narrowed by a part of a contact's name, or of the member's, accents aside. */
    int64_t p = fixture_add_member(s, "Plœmeur");
    add_contact(s, p, "Zoé 50%");
    static const struct { const char *find; int n; } want[] = {
        { "bru", 1 }, { "VANN", 2 }, { "ploem", 1 }, { "50%", 1 }, { "5_", 0 }, { "%", 1 },
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        CHECK_INT(store_training_candidates(s, want[i].find, 100, &cand, &n), STORE_OK);
        CHECK_INT(n, want[i].n);
        training_attendees_free(cand, n);
    }
    store_close(s);
}

/* A write that cannot begin (the database is read-only here) leaves nothing to
 * end: the session is refused and the store still works. */
TEST(a_session_that_cannot_begin_writes_nothing)
{
    const char *path = check_tmpfile("t.db");
    store *s = fixture_open(path, true);
    CHECK_INT(store_begin(s), STORE_OK);
    struct training_session t = { .held_on = "2026-11-15", .topic = "Actes" };
    CHECK_INT(store_training_add(s, &t), STORE_OK);          /* a savepoint inside */
    store_rollback(s);
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM training_session"), 0);
    struct training_session *list = NULL;
    int n = 0;
    CHECK_INT(store_read_begin(s), STORE_OK);
    t.id = 0;
    CHECK(store_training_add(s, &t) != STORE_OK);             /* no write in a snapshot */
    store_read_end(s);
    CHECK_INT(t.id, 0);
    CHECK_INT(store_trainings(s, 10, &list, &n), STORE_OK);
    CHECK_INT(n, 0);
    trainings_free(list, n);
    CHECK_INT(store_training_add(s, &t), STORE_OK);           /* and it works again */
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM training_session"), 1);
    store_close(s);
}

TESTS(T(attendees_from_several_members_put_it_on_each_timeline),
      T(incidents_and_requests_before_and_after_the_first_session),
      T(an_attendance_change_is_audited_old_to_new),
      T(a_session_that_cannot_begin_writes_nothing))
