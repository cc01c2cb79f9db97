/* store_training — training sessions: attendees from several members, one
 * training interaction on each member's timeline whatever the number of its
 * contacts there, none for an absent one, the counts and satisfaction read back,
 * an unknown contact refused with nothing written, and incidents and requests
 * before and after a member's first session; a member whose attendees are all
 * absent has its entry marked so (never deleted), and picking an attendee again
 * leaves them as they are. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "store_fixture.h"
#include "suivi/base/login.h"
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

static char *subject_of(const char *path, int64_t interaction)
{
    char *sql = xasprintf("SELECT subject FROM interaction WHERE id = %lld",
                          (long long)interaction);
    char *v = fixture_sql_text(path, sql);
    free(sql);
    return v;
}

static int64_t audits(const char *path)
{
    return fixture_sql_int(path, "SELECT count(*) FROM audit");
}

static void set(store *s, int64_t session, int64_t contact, bool attended)
{
    struct training_attendee x = { .session_id = session, .contact_id = contact,
                                   .attended = attended };
    CHECK_INT(store_training_attend(s, &x), STORE_OK);
}

/* A review found an absent attendee's member keeping the session on its timeline
 * as if someone came.  The entry stays while one of the member's attendees is
 * present; once all are absent its subject says so, in the same transaction,
 * audited as the interaction's own change; present again takes the mark off.
 * Whatever someone wrote into the entry meanwhile is kept. */
TEST(a_member_whose_attendees_are_all_absent_has_its_entry_marked)
{
    const char *path = check_tmpfile("t.db");
    store *s = fixture_open(path, true);
    int64_t m = fixture_add_member(s, "Vannes");
    int64_t a = add_contact(s, m, "Anne"), b = add_contact(s, m, "Bruno");
    struct training_session t = { .held_on = "2026-11-15", .topic = "Parapheur" };
    CHECK_INT(store_training_add(s, &t), STORE_OK);
    struct training_attendee x = { .session_id = t.id, .contact_id = a, .attended = true };
    CHECK_INT(store_training_attend(s, &x), STORE_OK);
    int64_t it = x.interaction_id;
    set(s, t.id, b, true);
    set(s, t.id, a, false);                            /* Bruno still came */
    char *subj = subject_of(path, it);
    CHECK_STR(subj, "Training: Parapheur");
    free(subj);
    set(s, t.id, b, false);                            /* nobody of Vannes came */
    subj = subject_of(path, it);
    CHECK_STR(subj, "(absent) Training: Parapheur");
    free(subj);
    CHECK_INT(count(path, "SELECT count(*) FROM interaction"), 1);          /* not deleted */
    char *c = fixture_sql_text(path, "SELECT change FROM audit WHERE entity = 'interaction'"
                                     " ORDER BY id DESC LIMIT 1");
    CHECK_CONTAINS(c, "(absent) Training: Parapheur");
    free(c);
    /* Someone edits the entry while it is marked: the mark goes, their words stay. */
    struct interaction e = {0};
    CHECK_INT(store_interaction_get(s, it, &e), STORE_OK);
    free(e.subject);
    free(e.body);
    e.subject = xstrdup("(absent) Training: Parapheur, reported to March");
    e.body = xstrdup("Anne was ill; Bruno had a council.");
    CHECK_INT(store_interaction_write(s, &e, 1u << INTERACTION_F_SUBJECT |
                                      1u << INTERACTION_F_BODY, e.version), STORE_OK);
    interaction_clear(&e);
    set(s, t.id, a, true);
    subj = subject_of(path, it);
    CHECK_STR(subj, "Training: Parapheur, reported to March");
    free(subj);
    set(s, t.id, a, false);
    subj = subject_of(path, it);
    CHECK_STR(subj, "(absent) Training: Parapheur, reported to March");
    free(subj);
    CHECK_INT(count(path, "SELECT count(*) FROM interaction WHERE body ="
                          " 'Anne was ill; Bruno had a council.'"), 1);
    store_close(s);
}

/* The mark and the attendance are one transaction: a refused write (read-only)
 * leaves both, and the audit, as they were. */
TEST(a_refused_attendance_marks_nothing)
{
    const char *path = check_tmpfile("t.db");
    store *s = fixture_open(path, true);
    int64_t m = fixture_add_member(s, "Vannes"), a = add_contact(s, m, "Anne");
    struct training_session t = { .held_on = "2026-11-15", .topic = "Actes" };
    CHECK_INT(store_training_add(s, &t), STORE_OK);
    set(s, t.id, a, true);
    store_close(s);
    char *sql = sqlite3_mprintf("INSERT INTO staff (login, display_name, role) VALUES"
                                " ('boss', 'Boss', 'admin'), (%Q, 'Me', 'readonly')",
                                unix_login());
    fixture_exec(path, sql);
    sqlite3_free(sql);
    int64_t before = audits(path);
    s = fixture_open(path, false);
    struct training_attendee x = { .session_id = t.id, .contact_id = a };
    CHECK_INT(store_training_attend(s, &x), STORE_DENIED);
    x = (struct training_attendee){ .session_id = t.id, .contact_id = a, .attended = true };
    CHECK_INT(store_training_attend(s, &x), STORE_DENIED);     /* a no-op too */
    bool already = false;
    CHECK_INT(store_training_register(s, &x, &already), STORE_DENIED);
    CHECK_INT(audits(path), before);
    CHECK_INT(count(path, "SELECT attended FROM training_attendee"), 1);
    CHECK_INT(count(path, "SELECT count(*) FROM interaction WHERE subject LIKE '(absent)%'"), 0);
    store_close(s);
}

/* A review found the chooser's second pick of someone marked absent making them
 * present again.  Registering one already there changes nothing and says what
 * is stored; a write that changes nothing leaves no empty line in the history. */
TEST(registering_an_attendee_again_leaves_them_as_they_are)
{
    const char *path = check_tmpfile("t.db");
    store *s = fixture_open(path, true);
    int64_t m = fixture_add_member(s, "Vannes"), a = add_contact(s, m, "Anne");
    int64_t b = add_contact(s, m, "Bruno");
    struct training_session t = { .held_on = "2026-11-15", .topic = "Actes" };
    CHECK_INT(store_training_add(s, &t), STORE_OK);
    struct training_attendee x = { .session_id = t.id, .contact_id = a };
    bool already = true;
    CHECK_INT(store_training_register(s, &x, &already), STORE_OK);
    CHECK(!already && x.attended && x.interaction_id);
    x = (struct training_attendee){ .session_id = t.id, .contact_id = a, .attended = true,
                                    .satisfaction = 2 };
    CHECK_INT(store_training_attend(s, &x), STORE_OK);
    set(s, t.id, a, false);
    int64_t before = audits(path);
    x = (struct training_attendee){ .session_id = t.id, .contact_id = a };
    CHECK_INT(store_training_register(s, &x, &already), STORE_OK);
    CHECK(already && !x.attended && x.satisfaction == 2);
    CHECK_INT(count(path, "SELECT attended FROM training_attendee"), 0);
    CHECK_INT(audits(path), before);
    set(s, t.id, a, false);                                   /* the same again */
    x = (struct training_attendee){ .session_id = t.id, .contact_id = a, .satisfaction = 2 };
    CHECK_INT(store_training_attend(s, &x), STORE_OK);
    CHECK_INT(audits(path), before);
    x = (struct training_attendee){ .session_id = t.id, .contact_id = b };
    CHECK_INT(store_training_register(s, &x, &already), STORE_OK);     /* a new one */
    CHECK(!already && x.attended);
    CHECK_INT(count(path, "SELECT count(*) FROM training_attendee WHERE attended"), 1);
    store_close(s);
}

TESTS(T(attendees_from_several_members_put_it_on_each_timeline),
      T(incidents_and_requests_before_and_after_the_first_session),
      T(an_attendance_change_is_audited_old_to_new),
      T(a_session_that_cannot_begin_writes_nothing),
      T(a_member_whose_attendees_are_all_absent_has_its_entry_marked),
      T(a_refused_attendance_marks_nothing),
      T(registering_an_attendee_again_leaves_them_as_they_are))
