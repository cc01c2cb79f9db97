/* core_journey — the member journey: the next step, a move written whole (the
 * member's row, its journey, a key event on its timeline, the audit) or not at
 * all (an unknown stage, the same stage, a stale version, a read-only login), the
 * days spent at each stage, stalled members, and the members list's filter words
 * (stage:, stalled:) with their errors, and the list they give. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "store_fixture.h"
#include "suivi/base/timeutil.h"
#include "suivi/base/xalloc.h"
#include "suivi/config/config.h"
#include "suivi/core/domain.h"
#include "suivi/core/journey.h"
#include "suivi/store/usage.h"

static struct config cfg;

static void setup_config(void)
{
    config_free(&cfg);
    config_defaults(&cfg);
}

static store *open_with_member(const char *path, int64_t *member)
{
    setup_config();
    store *s = fixture_open(path, true);
    *member = fixture_add_member(s, "Plouguerneau");
    return s;
}

TEST(the_next_step_skips_the_exits)
{
    setup_config();
    CHECK_STR(journey_next(&cfg, NULL)->code, "prospect");
    CHECK_STR(journey_next(&cfg, "prospect")->code, "joining");
    CHECK_STR(journey_next(&cfg, "first_use")->code, "regular");
    CHECK(journey_next(&cfg, "renewal") == NULL);     /* the last step */
    CHECK(journey_next(&cfg, "left") == NULL);        /* an exit */
    CHECK(journey_next(&cfg, "gone_since") == NULL);  /* no longer configured */
    CHECK_STR(journey_label(&cfg, "gone_since"), "gone_since");
    CHECK_STR(journey_tag(&cfg, "gone_since"), "?");
    CHECK_STR(journey_tag(&cfg, "trained"), "TRN");
    CHECK_STR(journey_label(&cfg, NULL), "");
}

TEST(a_move_writes_the_member_its_journey_a_key_event_and_the_audit)
{
    const char *path = check_tmpfile("j.db");
    int64_t id;
    store *s = open_with_member(path, &id);
    char err[256] = "";
    CHECK_INT(journey_move(s, &cfg, id, "prospect", NULL, 0, err, sizeof err), STORE_OK);
    CHECK_INT(journey_move(s, &cfg, id, "trained", "Formation GRETA", 0, err, sizeof err),
              STORE_OK);
    struct member m = {0};
    CHECK_INT(store_member_get(s, id, &m), STORE_OK);
    CHECK_STR(m.stage, "trained");
    CHECK(m.stage_since > 0);
    /* Due 90 days (trained's limit) after today. */
    char today[DATE_ISO_LEN], due[DATE_ISO_LEN];
    date_today(today);
    CHECK_INT(date_add_days(today, 90, due), 0);
    CHECK_STR(m.stage_due, due);
    CHECK(!journey_stalled(&m, today));
    CHECK(journey_stalled(&m, "2999-01-01"));
    struct stage_change *ch = NULL;
    int n = 0;
    CHECK_INT(store_member_stages(s, id, &ch, &n), STORE_OK);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(ch[0].stage, "prospect");
        CHECK(ch[0].why == NULL);
        CHECK_STR(ch[1].stage, "trained");
        CHECK_STR(ch[1].why, "Formation GRETA");
        CHECK_STR(ch[1].login, unix_login());
        char *sql = xasprintf("SELECT subject || '|' || kind || '|' || body FROM interaction"
                              " WHERE id = %lld", (long long)ch[1].interaction_id);
        char *event = fixture_sql_text(path, sql);
        CHECK_STR(event, "Journey: Trained (was Prospect)|key_event|Formation GRETA");
        free(event);
        free(sql);
    }
    stage_changes_free(ch, n);
    int na = 0;
    struct audit_entry *au = fixture_audit(s, "member", id, &na);
    CHECK(na >= 3);     /* created, then the two moves */
    if (na >= 3)
        CHECK_STR(au[na - 1].change, "{\"stage\":[\"prospect\",\"trained\"]}");
    audit_free(au, na);
    member_clear(&m);
    store_close(s);
}

static int64_t count(const char *path, const char *sql)
{
    return fixture_sql_int(path, sql);
}

TEST(a_refused_move_writes_nothing)
{
    const char *path = check_tmpfile("j.db");
    int64_t id;
    store *s = open_with_member(path, &id);
    char err[256] = "";
    CHECK_INT(journey_move(s, &cfg, id, "nowhere", NULL, 0, err, sizeof err), DOMAIN_INVALID);
    CHECK(strstr(err, "'nowhere' is not a stage") != NULL);
    CHECK_INT(journey_move(s, &cfg, id, "joining", NULL, 0, err, sizeof err), STORE_OK);
    CHECK_INT(journey_move(s, &cfg, id, "joining", NULL, 0, err, sizeof err), DOMAIN_INVALID);
    CHECK(strstr(err, "at Joining already") != NULL);
    /* Someone moved it since the version we saw. */
    CHECK_INT(journey_move(s, &cfg, id, "convention", NULL, 1, err, sizeof err),
              STORE_CONFLICT);
    CHECK_INT(journey_move(s, &cfg, 999, "convention", NULL, 0, err, sizeof err),
              STORE_NOT_FOUND);
    CHECK_INT(count(path, "SELECT count(*) FROM member_stage"), 1);
    CHECK_INT(count(path, "SELECT count(*) FROM interaction"), 1);
    store_close(s);
    /* A read-only login (the team has an admin: until then anyone may write):
     * refused where every write passes, and nothing left. */
    char *sql = sqlite3_mprintf("INSERT INTO staff (login, display_name, role) VALUES"
                                " ('chef', 'Chef', 'admin'), (%Q, 'Me', 'readonly')",
                                unix_login());
    fixture_exec(path, sql);
    sqlite3_free(sql);
    s = fixture_open(path, false);
    CHECK_INT(journey_move(s, &cfg, id, "convention", "x", 0, err, sizeof err), STORE_DENIED);
    CHECK(strstr(err, "read-only") != NULL);
    CHECK_INT(count(path, "SELECT count(*) FROM member_stage"), 1);
    CHECK_INT(count(path, "SELECT count(*) FROM interaction"), 1);
    CHECK_INT(count(path, "SELECT count(*) FROM member WHERE stage = 'joining'"), 1);
    store_close(s);
}

TEST(days_spent_at_each_stage)
{
    struct stage_change ch[3] = {
        { .entered_at = 1000 }, { .entered_at = 1000 + 86400 * 30 },
        { .entered_at = 1000 + 86400 * 45 },
    };
    int64_t now = 1000 + 86400 * 50;
    CHECK_INT(journey_time_in(ch, 3, 0, now) / 86400, 30);
    CHECK_INT(journey_time_in(ch, 3, 1, now) / 86400, 15);
    CHECK_INT(journey_time_in(ch, 3, 2, now) / 86400, 5);    /* the current one: until now */
    CHECK_INT(journey_time_in(ch, 3, 3, now), 0);
}

static int parse(const char *text, struct member_where *w, char *buf, struct query_error *e)
{
    return journey_parse_filter(&cfg, text, "2026-12-01", w, buf, e);
}

TEST(filter_words_and_their_errors)
{
    setup_config();
    struct member_where w;
    struct query_error e;
    char buf[128];
    CHECK_INT(parse("lorient  plo", &w, buf, &e), 0);        /* as typed, its spaces too */
    CHECK_STR(w.text, "lorient  plo");
    CHECK(!w.by_stage && w.stalled == -1);
    CHECK_INT(parse("stage:trained", &w, buf, &e), 0);
    CHECK(w.by_stage && w.text == NULL);
    CHECK_STR(w.stage, "trained");
    CHECK_INT(parse("plo stage:conv stalled:yes", &w, buf, &e), 0);   /* a code's start */
    CHECK_STR(w.stage, "convention");
    CHECK_STR(w.text, "plo");
    CHECK_INT(w.stalled, 1);
    CHECK_INT(parse("\xc3\xa9tape:Form\xc3\xa9 bloqu\xc3\xa9:non", &w, buf, &e), -1);
    CHECK_INT(parse("\xc3\xa9tape:Tra bloqu\xc3\xa9:non", &w, buf, &e), 0);  /* a label */
    CHECK_STR(w.stage, "trained");
    CHECK_INT(w.stalled, 0);
    CHECK_INT(parse("stage:none", &w, buf, &e), 0);
    CHECK(w.by_stage && w.stage == NULL);
    CHECK_INT(parse("ab stage:zz", &w, buf, &e), -1);
    CHECK_INT(e.column, 10);
    CHECK(strstr(e.msg, "stage:zz: no such stage") != NULL);
    CHECK_INT(parse("stage:re", &w, buf, &e), -1);     /* référent, regular, renewal, refused */
    CHECK(strstr(e.msg, "several stages") != NULL);
    CHECK_INT(parse("stalled:perhaps", &w, buf, &e), -1);
    CHECK_INT(e.column, 9);
    CHECK_INT(parse("other:word", &w, buf, &e), 0);     /* not a field: part of a name */
    CHECK_STR(w.text, "other:word");
    CHECK_INT(parse("dept:2a uses:actes", &w, buf, &e), 0);
    CHECK_STR(w.departement, "2A");
    CHECK_STR(w.uses, "actes");
    CHECK(w.text == NULL);
    CHECK_INT(parse("form\xc3\xa9:parapheur", &w, buf, &e), 0);
    CHECK_STR(w.trained, "parapheur");
    CHECK_INT(parse("uses:Actes!", &w, buf, &e), -1);
    CHECK_INT(e.column, 6);
    CHECK_INT(parse("dept:123456", &w, buf, &e), -1);
}

/* The members a filter lists, as ids in list order, paged by 2. */
static int list(store *s, const char *text, int64_t *ids, int max)
{
    struct member_where w;
    struct query_error e;
    char buf[128];
    CHECK_INT(journey_parse_filter(&cfg, text, "2026-12-01", &w, buf, &e), 0);
    struct member rows[2], last = {0};
    int n = 0, got = 0;
    for (enum page_dir dir = PAGE_FIRST;; dir = PAGE_AFTER) {
        CHECK_INT(store_members_where_page(s, &w, dir, dir == PAGE_FIRST ? NULL : &last, 2,
                                           rows, &n), STORE_OK);
        member_clear(&last);
        for (int i = 0; i < n && got < max; i++)
            ids[got++] = rows[i].id;
        if (n > 0)
            member_copy(&last, &rows[n - 1]);
        for (int i = 0; i < n; i++)
            member_clear(&rows[i]);
        if (n < 2)
            break;
    }
    member_clear(&last);
    return got;
}

TEST(the_members_a_stage_lists)
{
    const char *path = check_tmpfile("j.db");
    int64_t first;
    store *s = open_with_member(path, &first);
    static const char *const names[] = { "Brest", "Ambon", "Carhaix", "Dinan", "Erquy" };
    int64_t id[5];
    char err[256];
    for (int i = 0; i < 5; i++) {
        id[i] = fixture_add_member(s, names[i]);
        CHECK_INT(journey_move(s, &cfg, id[i], i < 3 ? "trained" : "joining", NULL, 0, err,
                               sizeof err), STORE_OK);
    }
    /* Dinan entered long ago: past joining's limit. */
    char *sql = xasprintf("UPDATE member SET stage_due = '2026-01-01' WHERE id = %lld",
                          (long long)id[3]);
    fixture_exec(path, sql);
    free(sql);
    int64_t got[8];
    int n = list(s, "stage:trained", got, 8);
    CHECK(n == 3 && got[0] == id[1] && got[1] == id[0] && got[2] == id[2]);   /* by name */
    n = list(s, "stage:trained a", got, 8);        /* Ambon, Carhaix */
    CHECK(n == 2 && got[0] == id[1] && got[1] == id[2]);
    n = list(s, "stalled:yes", got, 8);
    CHECK(n == 1 && got[0] == id[3]);
    n = list(s, "stage:joining stalled:no", got, 8);
    CHECK(n == 1 && got[0] == id[4]);
    n = list(s, "stage:none", got, 8);             /* Plouguerneau */
    CHECK(n == 1 && got[0] == first);
    n = list(s, "", got, 8);
    CHECK_INT(n, 6);
    /* The dashboard's Enter: a département's members, a service's users (a figure
     * above 0), those trained to it (present at a session on it). */
    sql = xasprintf("UPDATE member SET departement = '29' WHERE id IN (%lld, %lld);"
                    "INSERT INTO usage (member_id, service_id, month, count, imported_at)"
                    " VALUES (%lld, 1, '2026-10', 4, ''), (%lld, 1, '2026-10', 0, '');"
                    "INSERT INTO contact (id, member_id, name) VALUES (1, %lld, 'A'), (2, %lld, 'B');"
                    "INSERT INTO training_session (id, held_on, topic, service_id, trainer_kind,"
                    " created_by, created_at) VALUES (1, '2026-06-01', 't', 1, 'greta', 'x', '');"
                    "INSERT INTO training_attendee (session_id, contact_id, attended)"
                    " VALUES (1, 1, 1), (1, 2, 0);",
                    (long long)id[0], (long long)id[4], (long long)id[2], (long long)id[3],
                    (long long)id[1], (long long)id[3]);
    fixture_exec(path, sql);
    free(sql);
    char *code = fixture_sql_text(path, "SELECT code FROM service WHERE id = 1");
    char *q = xasprintf("uses:%s", code);
    n = list(s, "dept:29", got, 8);                    /* Brest, Erquy */
    CHECK(n == 2 && got[0] == id[0] && got[1] == id[4]);
    n = list(s, q, got, 8);                            /* Carhaix; Dinan's figure is 0 */
    CHECK(n == 1 && got[0] == id[2]);
    free(q);
    q = xasprintf("trained:%s", code);
    n = list(s, q, got, 8);                            /* Ambon; Dinan's agent was absent */
    CHECK(n == 1 && got[0] == id[1]);
    free(q);
    q = xasprintf("trained:%s dept:29", code);
    CHECK_INT(list(s, q, got, 8), 0);
    free(q);
    free(code);
    store_close(s);
    config_free(&cfg);
}

/* Facts propose a stage, and only propose: nothing is written by asking. */
TEST(facts_propose_the_next_stage)
{
    const char *path = check_tmpfile("j.db");
    int64_t id;
    store *s = open_with_member(path, &id);
    char err[256];
    struct member m = {0};
    struct journey_proposal p;
    CHECK_INT(journey_move(s, &cfg, id, "joining", NULL, 0, err, sizeof err), STORE_OK);
    CHECK_INT(store_member_get(s, id, &m), STORE_OK);
    CHECK_INT(journey_propose(s, &cfg, &m, "2026-12-01", &p), STORE_OK);
    CHECK(p.to == NULL);
    struct subscription sub = { .member_id = id, .service_id = 1, .since = "2026-06-01",
                                .convention = "CONV-2026-0042" };
    CHECK_INT(store_subscription_add(s, &sub), STORE_OK);
    CHECK_INT(journey_propose(s, &cfg, &m, "2026-12-01", &p), STORE_OK);
    CHECK(p.to && strcmp(p.to->code, "convention") == 0);
    CHECK_CONTAINS(p.why, "CONV-2026-0042");
    CHECK_STR(m.stage, "joining");                      /* proposed, not applied */
    member_clear(&m);
    CHECK_INT(journey_move(s, &cfg, id, "trained", NULL, 0, err, sizeof err), STORE_OK);
    CHECK_INT(store_member_get(s, id, &m), STORE_OK);
    struct usage_put u[3] = { { id, 1, "2026-10", 4 }, { id, 1, "2026-11", 0 },
                              { id, 1, "2026-12", 5 } };
    CHECK_INT(store_usage_put(s, u, 3, "t"), STORE_OK);
    CHECK_INT(journey_propose(s, &cfg, &m, "2026-12-01", &p), STORE_OK);
    CHECK(p.to && strcmp(p.to->code, "first_use") == 0);
    CHECK_CONTAINS(p.why, "2026-10");
    member_clear(&m);
    CHECK_INT(journey_move(s, &cfg, id, "first_use", NULL, 0, err, sizeof err), STORE_OK);
    CHECK_INT(store_member_get(s, id, &m), STORE_OK);
    CHECK_INT(journey_propose(s, &cfg, &m, "2026-12-01", &p), STORE_OK);
    CHECK(p.to == NULL);                  /* November had none: not yet regular */
    struct usage_put nov = { id, 1, "2026-11", 3 };
    CHECK_INT(store_usage_put(s, &nov, 1, "t"), STORE_OK);
    CHECK_INT(journey_propose(s, &cfg, &m, "2026-12-01", &p), STORE_OK);
    CHECK(p.to && strcmp(p.to->code, "regular") == 0);
    member_clear(&m);
    store_close(s);
}

TESTS(T(the_next_step_skips_the_exits), T(facts_propose_the_next_stage),
      T(a_move_writes_the_member_its_journey_a_key_event_and_the_audit),
      T(a_refused_move_writes_nothing), T(days_spent_at_each_stage),
      T(filter_words_and_their_errors), T(the_members_a_stage_lists))
