/* store_changes — whether another session's commit can matter to a costly view
 * (store/changes.h): its presence, its inbox mark and a subscription do not; an
 * interaction, an action do; a write from outside suivi (no audit row, no
 * session state) does; a mark never taken does. */
#include <stdlib.h>

#include "check.h"
#include "store_fixture.h"
#include "suivi/store/changes.h"
#include "suivi/store/inbox.h"
#include "suivi/store/presence.h"
#include "suivi/store/usage.h"

#define IGNORED "[\"unsorted_mail\", \"subscription\", \"provider_login\"]"

static bool never_stale(int64_t pid)
{
    (void)pid;
    return false;
}

static bool matters(store *s, struct change_mark *m)
{
    bool yes = false;
    CHECK_INT(store_change_since(s, m, IGNORED, &yes), STORE_OK);
    return yes;
}

TEST(what_matters_to_the_dashboard)
{
    const char *path = check_tmpfile("changes.db");
    store *mine = fixture_open(path, true);
    store *other = fixture_open(path, false);
    int64_t member = fixture_add_member(other, "Brest");
    struct change_mark m = {0};
    CHECK(matters(mine, &m));                  /* never taken: read */
    CHECK(m.state != NULL);
    /* Nothing new in the audit nor in the sessions' state: a write the audit
     * cannot see (the sqlite3 shell) — it may matter. */
    fixture_exec(path, "UPDATE member SET name = 'Brest Métropole'");
    CHECK(matters(mine, &m));
    /* Another session starts, opens a form, closes it, reads its inbox. */
    int64_t sid = 0;
    CHECK_INT(store_session_start(other, "host", 4242, never_stale, &sid), STORE_OK);
    CHECK(!matters(mine, &m));
    CHECK_INT(store_session_editing(other, sid, "member", member), STORE_OK);
    CHECK(!matters(mine, &m));
    CHECK_INT(store_session_editing(other, sid, NULL, 0), STORE_OK);
    CHECK(!matters(mine, &m));
    CHECK_INT(store_inbox_mark_seen(other, 1), STORE_OK);
    CHECK(!matters(mine, &m));
    /* An audited write of what no figure reads. */
    int64_t service = fixture_sql_int(path, "SELECT id FROM service ORDER BY id LIMIT 1");
    struct subscription sub = { .member_id = member, .service_id = service,
                                .since = xstrdup("2026-01-01") };
    CHECK_INT(store_subscription_add(other, &sub), STORE_OK);
    subscription_clear(&sub);
    CHECK(!matters(mine, &m));
    /* An interaction does; then nothing more is news. */
    struct interaction it = { .member_id = member, .kind = IKIND_CALL_IN,
                              .subject = xstrdup("Appel") };
    CHECK_INT(store_interaction_add(other, &it), STORE_OK);
    interaction_clear(&it);
    CHECK(matters(mine, &m));
    CHECK_INT(store_session_editing(other, sid, "member", member), STORE_OK);
    CHECK(!matters(mine, &m));
    /* What matters wins over what does not in one commit window. */
    struct subscription sub2 = { .member_id = member, .service_id = service,
                                 .since = xstrdup("2027-01-01") };
    CHECK_INT(store_subscription_add(other, &sub2), STORE_OK);
    subscription_clear(&sub2);
    fixture_add_member(other, "Quimper");
    CHECK(matters(mine, &m));
    change_mark_free(&m);
    CHECK(m.state == NULL);
    store_close(other);
    store_close(mine);
}

TESTS(T(what_matters_to_the_dashboard))
