/* store_usage — the writers of services, subscriptions and figures when their write
 * cannot begin: refused inside a read snapshot, each says so and leaves the
 * snapshot as it was (ending a write that never began rolled it back: the next
 * read saw another session's rows), and nothing is written.  A subscription
 * edited and removed: only the fields given change, none clears, an until before
 * the since and a since taken by another are refused, only an admin may, and each
 * write leaves its audit row of old and new values. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "store_fixture.h"
#include "suivi/base/xalloc.h"
#include "suivi/store/usage.h"

static int64_t service_id(store *s, const char *code)
{
    struct service *sv = NULL;
    int n = 0;
    int64_t id = 0;
    CHECK_INT(store_services(s, &sv, &n), STORE_OK);
    for (int i = 0; i < n; i++)
        if (strcmp(sv[i].code, code) == 0)
            id = sv[i].id;
    services_free(sv, n);
    CHECK(id > 0);
    return id;
}

static int subscriptions(store *s, int64_t member)
{
    struct subscription *b = NULL;
    int n = 0;
    CHECK_INT(store_subscriptions_of(s, member, &b, &n), STORE_OK);
    subscriptions_free(b, n);
    return n;
}

static int figures(store *s, int64_t member, int64_t service)
{
    struct usage_point *p = NULL;
    int n = 0;
    CHECK_INT(store_usage_of(s, member, service, "2026-01", "2026-12", &p, &n), STORE_OK);
    free(p);
    return n;
}

TEST(a_write_refused_in_a_read_snapshot_keeps_the_snapshot)
{
    const char *path = check_tmpfile("u.db");
    store *a = fixture_open(path, true), *b = fixture_open(path, false);
    if (!a || !b)
        return;
    int64_t m = fixture_add_member(a, "Vannes"), actes = service_id(a, "actes");
    int64_t parapheur = service_id(a, "parapheur");
    CHECK_INT(store_read_begin(a), STORE_OK);
    CHECK_INT(subscriptions(a, m), 0);
    CHECK_INT(figures(a, m, actes), 0);
    /* Another session writes meanwhile: a's snapshot does not see it. */
    struct subscription sub = { .member_id = m, .service_id = actes, .since = "2026-01-05" };
    CHECK_INT(store_subscription_add(b, &sub), STORE_OK);
    struct usage_put row = { .member_id = m, .service_id = actes, .month = "2026-02",
                             .count = 12 };
    CHECK_INT(store_usage_put(b, &row, 1, "usage-2026-02.csv"), STORE_OK);

    /* Each of the three writers, refused; the snapshot still the same instant. */
    struct subscription mine = { .member_id = m, .service_id = parapheur,
                                 .since = "2026-03-01" };
    CHECK_INT(store_subscription_add(a, &mine), STORE_ERROR);
    CHECK_CONTAINS(store_errmsg(a), "read snapshot");
    CHECK_INT(subscriptions(a, m), 0);
    CHECK_INT(figures(a, m, actes), 0);
    struct usage_put again = { .member_id = m, .service_id = parapheur, .month = "2026-03",
                               .count = 3 };
    CHECK_INT(store_usage_put(a, &again, 1, "usage-2026-03.csv"), STORE_ERROR);
    CHECK_CONTAINS(store_errmsg(a), "read snapshot");
    CHECK_INT(subscriptions(a, m), 0);
    CHECK_INT(figures(a, m, actes), 0);
    struct service sv = { .code = "gnau", .name = "Guichet numérique des autorisations" };
    CHECK_INT(store_service_add(a, &sv), STORE_ERROR);
    CHECK_CONTAINS(store_errmsg(a), "read snapshot");
    CHECK_INT(subscriptions(a, m), 0);
    CHECK_INT(figures(a, m, actes), 0);
    store_read_end(a);

    /* Out of it: the other session's rows, none of the refused ones; and a writes. */
    CHECK_INT(subscriptions(a, m), 1);
    CHECK_INT(figures(a, m, actes), 1);
    CHECK_INT(figures(a, m, parapheur), 0);
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM service WHERE code = 'gnau'"), 0);
    CHECK_INT(store_usage_put(a, &again, 1, "usage-2026-03.csv"), STORE_OK);
    CHECK_INT(figures(a, m, parapheur), 1);
    store_close(a);
    store_close(b);
}

/* Inside a transaction of the caller's, a writer's savepoint begins and ends in it:
 * the caller's earlier writes stay, and its rollback undoes them all. */
TEST(writers_inside_a_transaction_commit_or_roll_back_with_it)
{
    const char *path = check_tmpfile("t.db");
    store *s = fixture_open(path, true);
    if (!s)
        return;
    int64_t m = fixture_add_member(s, "Auray"), actes = service_id(s, "actes");
    CHECK_INT(store_begin(s), STORE_OK);
    struct subscription sub = { .member_id = m, .service_id = actes, .since = "2026-01-05" };
    CHECK_INT(store_subscription_add(s, &sub), STORE_OK);
    struct usage_put row = { .member_id = m, .service_id = actes, .month = "2026-02",
                             .count = 7 };
    CHECK_INT(store_usage_put(s, &row, 1, "usage-2026-02.csv"), STORE_OK);
    /* The same subscription again: refused alone, the rest kept. */
    CHECK_INT(store_subscription_add(s, &sub), STORE_CONSTRAINT);
    CHECK_INT(subscriptions(s, m), 1);
    store_rollback(s);
    CHECK_INT(subscriptions(s, m), 0);
    CHECK_INT(figures(s, m, actes), 0);
    CHECK_INT(store_begin(s), STORE_OK);
    CHECK_INT(store_usage_put(s, &row, 1, "usage-2026-02.csv"), STORE_OK);
    CHECK_INT(store_commit(s), STORE_OK);
    CHECK_INT(fixture_sql_int(path, "SELECT count FROM usage"), 7);
    store_close(s);
}

/* ---- editing and removing a subscription ---- */

static int64_t add_sub(store *s, int64_t member, int64_t service, const char *since,
                       const char *until, const char *convention)
{
    struct subscription sub = { .member_id = member, .service_id = service,
                                .since = (char *)since, .until = (char *)until,
                                .convention = (char *)convention };
    CHECK_INT(store_subscription_add(s, &sub), STORE_OK);
    return sub.id;
}

/* The subscription's since|until|convention as stored ("-" for NULL), read behind
 * the store's back (caller frees). */
static char *stored(const char *path, int64_t id)
{
    char *sql = sqlite3_mprintf("SELECT since || '|' || coalesce(until, '-') || '|' ||"
                                " coalesce(convention, '-') FROM subscription WHERE id = %lld",
                                (long long)id);
    char *v = fixture_sql_text(path, sql);
    sqlite3_free(sql);
    return v ? v : xstrdup("(gone)");
}

static int64_t audit_rows(const char *path, int64_t id)
{
    char *sql = sqlite3_mprintf("SELECT count(*) FROM audit WHERE entity = 'subscription'"
                                " AND entity_id = %lld", (long long)id);
    int64_t n = fixture_sql_int(path, sql);
    sqlite3_free(sql);
    return n;
}

/* The change of the subscription's latest audit row (caller frees). */
static char *last_change(const char *path, int64_t id)
{
    char *sql = sqlite3_mprintf("SELECT change FROM audit WHERE entity = 'subscription'"
                                " AND entity_id = %lld ORDER BY id DESC LIMIT 1", (long long)id);
    char *v = fixture_sql_text(path, sql);
    sqlite3_free(sql);
    return v;
}

#define CHECK_STORED(path, id, want) do { char *v_ = stored(path, id); \
    CHECK_STR(v_, want); free(v_); } while (0)
#define CHECK_LAST_CHANGE(path, id, want) do { char *v_ = last_change(path, id); \
    CHECK_STR(v_, want); free(v_); } while (0)

static int update(store *s, int64_t id, unsigned fields, const char *since, const char *until,
                  const char *convention, bool *changed)
{
    struct subscription sub = { .id = id, .since = (char *)since, .until = (char *)until,
                                .convention = (char *)convention };
    return store_subscription_update(s, &sub, fields, NULL, changed);
}

TEST(an_edit_changes_only_the_fields_given_and_none_clears)
{
    const char *path = check_tmpfile("e.db");
    store *s = fixture_open(path, true);
    if (!s)
        return;
    int64_t m = fixture_add_member(s, "Vannes"), actes = service_id(s, "actes");
    int64_t id = add_sub(s, m, actes, "2026-01-05", NULL, "CONV-1");
    bool changed = false;
    CHECK_INT(update(s, id, SUB_F_UNTIL, "ignored", "2026-12-31", "ignored", &changed),
              STORE_OK);
    CHECK(changed);
    CHECK_STORED(path, id, "2026-01-05|2026-12-31|CONV-1");
    CHECK_LAST_CHANGE(path, id, "{\"until\": [null, \"2026-12-31\"]}");
    CHECK_INT(update(s, id, SUB_F_SINCE | SUB_F_CONVENTION, "2025-12-01", NULL, "CONV-2",
                     &changed), STORE_OK);
    CHECK_STORED(path, id, "2025-12-01|2026-12-31|CONV-2");
    CHECK_LAST_CHANGE(path, id, "{\"since\": [\"2026-01-05\", \"2025-12-01\"], "
                      "\"convention\": [\"CONV-1\", \"CONV-2\"]}");
    /* none: NULL or "" clears the until (open again) and the convention. */
    CHECK_INT(update(s, id, SUB_F_UNTIL | SUB_F_CONVENTION, NULL, "", NULL, &changed),
              STORE_OK);
    CHECK(changed);
    CHECK_STORED(path, id, "2025-12-01|-|-");
    CHECK_LAST_CHANGE(path, id, "{\"until\": [\"2026-12-31\", null], "
                      "\"convention\": [\"CONV-2\", null]}");
    CHECK_INT(audit_rows(path, id), 4);                 /* created, then three changes */
    /* The same values again: nothing written, no audit row. */
    CHECK_INT(update(s, id, SUB_F_SINCE | SUB_F_UNTIL, "2025-12-01", NULL, NULL, &changed),
              STORE_OK);
    CHECK(!changed);
    CHECK_INT(audit_rows(path, id), 4);
    /* Read back through the store, with its service. */
    struct subscription got;
    CHECK_INT(store_subscription_get(s, id, &got), STORE_OK);
    CHECK_STR(got.since, "2025-12-01");
    CHECK(got.until == NULL && got.convention == NULL);
    CHECK_STR(got.service_code, "actes");
    CHECK_INT(got.member_id, m);
    subscription_clear(&got);
    CHECK_INT(store_subscription_get(s, id + 100, &got), STORE_NOT_FOUND);
    CHECK_CONTAINS(store_errmsg(s), "no such subscription");
    CHECK_INT(update(s, id + 100, SUB_F_UNTIL, NULL, "2026-12-31", NULL, &changed),
              STORE_NOT_FOUND);
    CHECK(!changed);
    store_close(s);
}

TEST(an_until_before_the_since_and_a_since_taken_are_refused)
{
    const char *path = check_tmpfile("r.db");
    store *s = fixture_open(path, true);
    if (!s)
        return;
    int64_t m = fixture_add_member(s, "Lorient"), actes = service_id(s, "actes");
    int64_t first = add_sub(s, m, actes, "2025-01-01", "2025-12-31", NULL);
    int64_t second = add_sub(s, m, actes, "2026-01-01", NULL, "CONV-9");
    bool changed = true;
    CHECK_INT(update(s, second, SUB_F_UNTIL, NULL, "2025-12-31", NULL, &changed),
              STORE_CONSTRAINT);
    CHECK(!changed);
    CHECK_CONTAINS(store_errmsg(s), "until 2025-12-31 is before since 2026-01-01");
    /* A since after the stored until, alone: refused the same way. */
    CHECK_INT(update(s, first, SUB_F_SINCE, "2026-02-01", NULL, NULL, &changed),
              STORE_CONSTRAINT);
    CHECK_CONTAINS(store_errmsg(s), "cannot end before it begins");
    /* The day it ends may be the day it begins. */
    CHECK_INT(update(s, first, SUB_F_UNTIL, NULL, "2025-01-01", NULL, &changed), STORE_OK);
    CHECK_INT(update(s, first, SUB_F_UNTIL, NULL, "2025-12-31", NULL, &changed), STORE_OK);
    /* The since of the member's other subscription to the service: named. */
    CHECK_INT(update(s, first, SUB_F_SINCE | SUB_F_UNTIL, "2026-01-01", NULL, NULL, &changed),
              STORE_CONSTRAINT);
    char want[128];
    snprintf(want, sizeof want, "subscription #%lld to actes begins on 2026-01-01 already",
             (long long)second);
    CHECK_CONTAINS(store_errmsg(s), want);
    CHECK_STORED(path, first, "2025-01-01|2025-12-31|-");
    CHECK_STORED(path, second, "2026-01-01|-|CONV-9");
    CHECK_INT(audit_rows(path, first), 3);              /* created and the two untils */
    CHECK_INT(audit_rows(path, second), 1);
    /* Another service's since that day is no clash. */
    int64_t other = add_sub(s, m, service_id(s, "parapheur"), "2024-06-01", NULL, NULL);
    CHECK_INT(update(s, other, SUB_F_SINCE, "2026-01-01", NULL, NULL, &changed), STORE_OK);
    CHECK_STORED(path, other, "2026-01-01|-|-");
    store_close(s);
}

TEST(a_removed_subscription_is_audited_with_what_it_held)
{
    const char *path = check_tmpfile("d.db");
    store *s = fixture_open(path, true);
    if (!s)
        return;
    int64_t m = fixture_add_member(s, "Quimper"), actes = service_id(s, "actes");
    int64_t keep = add_sub(s, m, actes, "2024-01-01", "2024-12-31", NULL);
    int64_t id = add_sub(s, m, actes, "2026-03-01", "2026-06-30", "CONV-7");
    struct subscription was;
    CHECK_INT(store_subscription_remove(s, id, &was), STORE_OK);
    CHECK_INT(was.id, id);
    CHECK_STR(was.since, "2026-03-01");
    CHECK_STR(was.convention, "CONV-7");
    CHECK_STR(was.service_code, "actes");
    subscription_clear(&was);
    CHECK_STORED(path, id, "(gone)");
    CHECK_STORED(path, keep, "2024-01-01|2024-12-31|-");
    char *want = xasprintf("{\"member\": [%lld, null], \"service\": [%lld, null], "
                           "\"since\": [\"2026-03-01\", null], \"until\": [\"2026-06-30\", "
                           "null], \"convention\": [\"CONV-7\", null]}",
                           (long long)m, (long long)actes);
    CHECK_LAST_CHANGE(path, id, want);
    free(want);
    CHECK_INT(audit_rows(path, id), 2);
    CHECK_INT(subscriptions(s, m), 1);
    /* Gone: said, and nothing more written. */
    CHECK_INT(store_subscription_remove(s, id, NULL), STORE_NOT_FOUND);
    CHECK_CONTAINS(store_errmsg(s), "no such subscription");
    CHECK_INT(audit_rows(path, id), 2);
    store_close(s);
}

/* Staff and read-only logins are refused before anything else is said (not the
 * dates they got wrong), with nothing written, no audit row; an admin may. */
TEST(only_an_admin_edits_or_removes_a_subscription)
{
    const char *path = check_tmpfile("a.db");
    store *s = fixture_open(path, true);
    if (!s)
        return;
    int64_t m = fixture_add_member(s, "Brest"), actes = service_id(s, "actes");
    int64_t id = add_sub(s, m, actes, "2026-01-05", NULL, "CONV-1");
    store_close(s);
    static const char *const roles[] = { "staff", "readonly" };
    for (int i = 0; i < 2; i++) {
        char *sql = sqlite3_mprintf("INSERT OR IGNORE INTO staff (login, display_name, role)"
                                    " VALUES ('boss', 'Boss', 'admin');"
                                    "INSERT OR IGNORE INTO staff (login, display_name, role)"
                                    " VALUES (%Q, 'Me', 'staff');"
                                    "UPDATE staff SET role = %Q WHERE login = %Q", unix_login(),
                                    roles[i], unix_login());
        fixture_exec(path, sql);
        sqlite3_free(sql);
        int64_t audits = fixture_sql_int(path, "SELECT count(*) FROM audit");
        s = fixture_open(path, false);
        bool changed = true;
        CHECK_INT(update(s, id, SUB_F_UNTIL, NULL, "2026-12-31", NULL, &changed), STORE_DENIED);
        CHECK(!changed);
        CHECK_CONTAINS(store_errmsg(s), i == 0 ? "Only an admin" : "read-only");
        CHECK_INT(update(s, id, SUB_F_UNTIL, NULL, "2020-01-01", NULL, &changed), STORE_DENIED);
        CHECK_INT(update(s, id, SUB_F_SINCE, "2026-01-05", NULL, NULL, &changed), STORE_DENIED);
        CHECK_INT(store_subscription_remove(s, id, NULL), STORE_DENIED);
        CHECK_CONTAINS(store_errmsg(s), i == 0 ? "Only an admin" : "read-only");
        CHECK_STORED(path, id, "2026-01-05|-|CONV-1");
        CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM audit"), audits);
        store_close(s);
    }
    fixture_exec(path, "UPDATE staff SET role = 'admin' WHERE login <> 'boss'");
    s = fixture_open(path, false);
    bool changed = false;
    CHECK_INT(update(s, id, SUB_F_UNTIL, NULL, "2026-12-31", NULL, &changed), STORE_OK);
    CHECK(changed);
    int n = 0;
    struct audit_entry *au = fixture_audit(s, "subscription", id, &n);
    CHECK_INT(n, 2);
    if (n == 2)
        CHECK_STR(au[1].login, unix_login());
    audit_free(au, n);
    CHECK_INT(store_subscription_remove(s, id, NULL), STORE_OK);
    CHECK_STORED(path, id, "(gone)");
    store_close(s);
}

/* Their write cannot begin in a read snapshot: said, nothing written; inside the
 * caller's transaction they roll back with it. */
TEST(edit_and_remove_refused_in_a_snapshot_roll_back_in_a_transaction)
{
    const char *path = check_tmpfile("w.db");
    store *s = fixture_open(path, true);
    if (!s)
        return;
    int64_t m = fixture_add_member(s, "Rennes"), actes = service_id(s, "actes");
    int64_t id = add_sub(s, m, actes, "2026-01-05", NULL, NULL);
    bool changed = true;
    CHECK_INT(store_read_begin(s), STORE_OK);
    CHECK_INT(update(s, id, SUB_F_UNTIL, NULL, "2026-12-31", NULL, &changed), STORE_ERROR);
    CHECK(!changed);
    CHECK_CONTAINS(store_errmsg(s), "read snapshot");
    CHECK_INT(store_subscription_remove(s, id, NULL), STORE_ERROR);
    CHECK_CONTAINS(store_errmsg(s), "read snapshot");
    CHECK_INT(subscriptions(s, m), 1);
    store_read_end(s);
    CHECK_STORED(path, id, "2026-01-05|-|-");
    CHECK_INT(store_begin(s), STORE_OK);
    CHECK_INT(update(s, id, SUB_F_UNTIL, NULL, "2026-12-31", NULL, &changed), STORE_OK);
    CHECK_INT(update(s, id, SUB_F_UNTIL, NULL, "2025-01-01", NULL, &changed),
              STORE_CONSTRAINT);                        /* refused alone, the rest kept */
    CHECK_INT(store_subscription_remove(s, id, NULL), STORE_OK);
    CHECK_INT(subscriptions(s, m), 0);
    store_rollback(s);
    CHECK_STORED(path, id, "2026-01-05|-|-");
    CHECK_INT(audit_rows(path, id), 1);
    store_close(s);
}

/* Two sessions edit the same subscription from what they read: a field the second
 * did not give is never written back, one both changed is a conflict (nothing
 * written), and one the first changed to the second's value is no conflict. */
TEST(an_edit_from_a_stale_read_keeps_the_other_change)
{
    const char *path = check_tmpfile("c.db");
    store *s = fixture_open(path, true);
    if (!s)
        return;
    int64_t m = fixture_add_member(s, "Pontivy"), actes = service_id(s, "actes");
    int64_t id = add_sub(s, m, actes, "2026-01-05", NULL, "CONV-1");
    struct subscription read;
    CHECK_INT(store_subscription_get(s, id, &read), STORE_OK);
    bool changed = false;
    /* Someone else sets the until. */
    CHECK_INT(update(s, id, SUB_F_UNTIL, NULL, "2026-12-31", NULL, &changed), STORE_OK);
    /* Mine, from the stale read, changes the convention alone: their until stays. */
    struct subscription mine = { .id = id, .since = read.since, .until = NULL,
                                 .convention = "CONV-2" };
    CHECK_INT(store_subscription_update(s, &mine, SUB_F_CONVENTION, &read, &changed),
              STORE_OK);
    CHECK(changed);
    CHECK_STORED(path, id, "2026-01-05|2026-12-31|CONV-2");
    /* Mine changes the until too, from the stale read: a conflict, nothing written. */
    mine.until = "2027-06-30";
    mine.convention = "CONV-3";
    CHECK_INT(store_subscription_update(s, &mine, SUB_F_UNTIL | SUB_F_CONVENTION, &read,
                                        &changed), STORE_CONFLICT);
    CHECK(!changed);
    CHECK_CONTAINS(store_errmsg(s), "changed by someone else");
    CHECK_STORED(path, id, "2026-01-05|2026-12-31|CONV-2");
    /* The same until as theirs: agreed, no conflict (and nothing to write). */
    mine.until = "2026-12-31";
    CHECK_INT(store_subscription_update(s, &mine, SUB_F_UNTIL, &read, &changed), STORE_OK);
    CHECK(!changed);
    CHECK_STORED(path, id, "2026-01-05|2026-12-31|CONV-2");
    subscription_clear(&read);
    /* A new one that ends before it begins is refused too. */
    struct subscription bad = { .member_id = m, .service_id = actes, .since = "2026-03-01",
                                .until = "2026-02-01" };
    CHECK_INT(store_subscription_add(s, &bad), STORE_CONSTRAINT);
    CHECK_CONTAINS(store_errmsg(s), "cannot end before it begins");
    CHECK_INT(subscriptions(s, m), 1);
    store_close(s);
}

TESTS(T(a_write_refused_in_a_read_snapshot_keeps_the_snapshot),
      T(writers_inside_a_transaction_commit_or_roll_back_with_it),
      T(an_edit_changes_only_the_fields_given_and_none_clears),
      T(an_until_before_the_since_and_a_since_taken_are_refused),
      T(a_removed_subscription_is_audited_with_what_it_held),
      T(only_an_admin_edits_or_removes_a_subscription),
      T(edit_and_remove_refused_in_a_snapshot_roll_back_in_a_transaction),
      T(an_edit_from_a_stale_read_keeps_the_other_change))
