/* store_usage — the writers of services, subscriptions and figures when their write
 * cannot begin: refused inside a read snapshot, each says so and leaves the
 * snapshot as it was (ending a write that never began rolled it back: the next
 * read saw another session's rows), and nothing is written. */
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
    CHECK_INT(store_subscription_add(s, &sub), STORE_CONFLICT);
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

TESTS(T(a_write_refused_in_a_read_snapshot_keeps_the_snapshot),
      T(writers_inside_a_transaction_commit_or_roll_back_with_it))
