/* core_cards — the read models: one call gathers what a detail view shows (an
 * EPCI's communes with their open actions, contacts active first, the actions made
 * from an interaction, an action's origin, provider, notes), and the history comes
 * out written for people: labels, names, P2, the arrow — no internal codes. */
#include <locale.h>
#include <sqlite3.h>
#include <stdlib.h>

#include "check.h"
#include "store_fixture.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/cards.h"
#include "suivi/core/domain.h"

struct world {
    store *s;
    int64_t epci, commune, contact, retired, provider, interaction, action;
};

static int64_t member(store *s, const char *name, enum member_kind kind, int64_t parent)
{
    char err[256];
    struct member m = { .name = xstrdup(name), .kind = kind, .status = MSTATUS_MEMBER,
                        .parent_id = parent };
    CHECK_INT(member_save(s, &m, err, sizeof err), STORE_OK);
    int64_t id = m.id;
    member_clear(&m);
    return id;
}

static int64_t contact(store *s, int64_t member_id, const char *name, bool retired)
{
    char err[256];
    struct contact c = { .member_id = member_id, .name = xstrdup(name),
                         .role = xstrdup("DGS") };
    CHECK_INT(contact_save(s, &c, err, sizeof err), STORE_OK);
    int64_t id = c.id;
    contact_clear(&c);
    if (retired)
        CHECK_INT(contact_set_retired(s, id, true, err, sizeof err), STORE_OK);
    return id;
}

static void build(struct world *w, const char *path)
{
    char err[256];
    w->s = fixture_open(path, true);
    w->epci = member(w->s, "Lorient Agglomération", MEMBER_EPCI, 0);
    w->commune = member(w->s, "Plœmeur", MEMBER_COMMUNE, w->epci);
    w->retired = contact(w->s, w->epci, "Ancien DGS", true);
    w->contact = contact(w->s, w->epci, "Zoé Le Goff", false);
    struct provider p = { .name = xstrdup("CertiBreizh"), .contact = xstrdup("Mme Tanguy"),
                          .email = xstrdup("support@certibreizh.example") };
    CHECK_INT(store_provider_add(w->s, &p), STORE_OK);
    w->provider = p.id;
    provider_clear(&p);
    struct interaction it = { .member_id = w->commune, .kind = IKIND_CALL_IN,
                              .subject = xstrdup("Certificat expiré") };
    CHECK_INT(interaction_save(w->s, &it, err, sizeof err), STORE_OK);
    w->interaction = it.id;
    struct action a;
    action_init_from_interaction(&a, &it, "2026-11-20", NULL);
    interaction_clear(&it);
    CHECK_INT(action_save(w->s, &a, err, sizeof err), STORE_OK);
    w->action = a.id;
    /* Then a colleague raises it and hands it to the provider. */
    a.priority = 2;
    a.assignee_provider_id = w->provider;
    CHECK_INT(action_save(w->s, &a, err, sizeof err), STORE_OK);
    action_clear(&a);
    struct status_change wait = { .from = ASTATUS_OPEN, .to = ASTATUS_WAIT_PROVIDER,
                                  .text = "Ticket ouvert", .visibility = NOTE_PROVIDER };
    enum action_status now;
    CHECK_INT(action_change_status(w->s, w->action, &wait, &now, err, sizeof err), STORE_OK);
}

TEST(a_member_card_has_its_communes_and_contacts)
{
    struct world w;
    build(&w, check_tmpfile("x.db"));
    struct member_card c;
    CHECK_INT(member_card_read(w.s, w.epci, &c), STORE_OK);
    CHECK_STR(c.m.name, "Lorient Agglomération");
    CHECK_INT(c.nchildren, 1);
    if (c.nchildren == 1) {
        CHECK_STR(c.children[0].name, "Plœmeur");
        CHECK_INT(c.children[0].open_actions, 1);
    }
    CHECK_INT(c.ncontacts, 2);
    if (c.ncontacts == 2) {
        CHECK_STR(c.contacts[0].name, "Zoé Le Goff");    /* active first */
        CHECK(!c.contacts[0].retired && c.contacts[1].retired);
    }
    member_card_free(&c);
    /* and a commune's card names its EPCI */
    CHECK_INT(member_card_read(w.s, w.commune, &c), STORE_OK);
    CHECK_INT(c.parent.id, w.epci);
    CHECK_STR(c.parent.name, "Lorient Agglomération");
    member_card_free(&c);
    CHECK_INT(member_card_read(w.s, 9999, &c), STORE_NOT_FOUND);
    member_card_free(&c);
    store_close(w.s);
}

TEST(an_interaction_card_lists_the_actions_made_from_it)
{
    struct world w;
    build(&w, check_tmpfile("x.db"));
    struct interaction_card c;
    CHECK_INT(interaction_card_read(w.s, w.interaction, &c), STORE_OK);
    CHECK_STR(c.member_name, "Plœmeur");
    CHECK_INT(c.nactions, 1);
    if (c.nactions == 1)
        CHECK_INT(c.actions[0].id, w.action);
    interaction_card_free(&c);
    store_close(w.s);
}

TEST(an_action_card_has_origin_provider_notes_and_history_for_people)
{
    struct world w;
    build(&w, check_tmpfile("x.db"));
    struct action_card c;
    CHECK_INT(action_card_read(w.s, w.action, &c), STORE_OK);
    CHECK_INT(c.origin.id, w.interaction);
    CHECK_STR(c.provider.name, "CertiBreizh");
    CHECK_STR(c.provider.contact, "Mme Tanguy");
    CHECK_INT(c.staff.id, 0);
    CHECK_INT(c.nnotes, 1);
    if (c.nnotes == 1)
        CHECK(c.notes[0].status_change && c.notes[0].visibility == NOTE_PROVIDER);
    CHECK_INT(c.nhistory, 3);
    if (c.nhistory == 3) {
        CHECK_STR(c.history[0].text, "created");
        CHECK_CONTAINS(c.history[1].text, "priority: P3 \u2192 P2");
        CHECK_CONTAINS(c.history[1].text, "assignee: (nobody) \u2192 CertiBreizh");
        CHECK_STR(c.history[2].text, "status: open \u2192 waiting on provider");
        for (int i = 0; i < 3; i++) {                   /* no internal codes */
            CHECK(!strstr(c.history[i].text, "wait_provider"));
            CHECK(!strstr(c.history[i].text, "assignee_provider"));
        }
    }
    action_card_free(&c);
    store_close(w.s);
}

TEST(history_of_schema_1_reads_as_well)
{
    const char *path = check_tmpfile("x.db");
    struct world w;
    build(&w, path);
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    char *sql = sqlite3_mprintf("INSERT INTO audit (at, login, entity, entity_id, change) "
                                "VALUES ('2026-11-20 10:00:00', 'alice', 'action', %lld, "
                                "'status: wait_provider -> done; priority: 2 -> 1; "
                                "description: changed')", (long long)w.action);
    CHECK_INT(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_free(sql);
    sqlite3_close(db);
    struct action_card c;
    CHECK_INT(action_card_read(w.s, w.action, &c), STORE_OK);
    CHECK(c.nhistory >= 4);
    if (c.nhistory >= 4) {
        const char *t = c.history[c.nhistory - 1].text;
        CHECK_CONTAINS(t, "status: waiting on provider \u2192 done");
        CHECK_CONTAINS(t, "priority: P2 \u2192 P1");
        CHECK_CONTAINS(t, "description changed");
    }
    action_card_free(&c);
    store_close(w.s);
}

/* Seen in review: clearing an empty resolution read "resolution: (none) → (none)", and a
 * moved interaction showed its UTC time beside the timeline's local one. */
TEST(history_skips_non_changes_and_shows_instants_in_local_time)
{
    const char *path = check_tmpfile("x.db");
    struct world w;
    build(&w, path);
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    char *sql = sqlite3_mprintf(
        "INSERT INTO audit (at, login, entity, entity_id, change) VALUES "
        "('2026-11-20 10:00:00', 'alice', 'action', %lld, "
        " '{\"resolution\": [null, \"\"], \"title\": [\"a\", \"a\"], "
        "   \"description\": [\"x\", \"y\"]}'), "
        "('2026-11-20 10:00:01', 'alice', 'interaction', %lld, "
        " '{\"occurred_at\": [\"2026-11-20 08:00:00\", \"2026-11-20 09:30:00\"]}')",
        (long long)w.action, (long long)w.interaction);
    CHECK_INT(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_free(sql);
    sqlite3_close(db);
    struct action_card c;
    CHECK_INT(action_card_read(w.s, w.action, &c), STORE_OK);
    CHECK(c.nhistory >= 4);
    if (c.nhistory >= 4)
        CHECK_STR(c.history[c.nhistory - 1].text, "description changed");
    action_card_free(&c);

    struct audit_entry *e = NULL;
    int n = 0;
    CHECK_INT(store_audit_of(w.s, "interaction", w.interaction, &e, &n), STORE_OK);
    struct name_book nb = {0};
    CHECK(n >= 1);
    if (n >= 1) {
        char *t = history_text(w.s, &nb, "interaction", &e[n - 1]);
        CHECK_STR(t, "when: 2026-11-20 09:00 \u2192 2026-11-20 10:30");  /* check.c: Paris */
        free(t);
    }
    audit_free(e, n);
    store_close(w.s);
}

TEST(aa_setup)
{
    if (!setlocale(LC_ALL, "C.UTF-8"))
        setlocale(LC_ALL, "en_US.UTF-8");
    setenv("SUIVI_NOW", "2026-11-20 10:00:00", 1);

}

/* A status change as the trail stores it. */
static struct audit_entry moved(int64_t at, const char *from, const char *to,
                                struct audit_field *f)
{
    f->field = (char *)"status";
    f->old_value = (char *)from;
    f->new_value = (char *)to;
    return (struct audit_entry){ .at = at, .fields = f, .nfields = 1 };
}

TEST(time_waiting_on_the_member_and_on_a_provider_kept_apart)
{
    struct audit_field f[4];
    const int64_t h = 3600, t0 = 1763600000;
    struct audit_entry es[4] = {
        { .at = t0, .created = true },
        moved(t0 + 2 * h, "open", "wait_provider", &f[0]),
        moved(t0 + 50 * h, "wait_provider", "wait_member", &f[1]),
        moved(t0 + 53 * h, "wait_member", "in_progress", &f[2]),
    };
    struct action a = { .created_at = t0, .status = ASTATUS_IN_PROGRESS };
    int64_t member = -1, provider = -1;
    action_wait_times(es, 4, &a, t0 + 100 * h, &member, &provider);
    CHECK_INT(provider, 48 * h);
    CHECK_INT(member, 3 * h);
    /* Waiting on the provider now: the current wait counts up to now. */
    es[3] = moved(t0 + 53 * h, "wait_member", "wait_provider", &f[2]);
    a.status = ASTATUS_WAIT_PROVIDER;
    action_wait_times(es, 4, &a, t0 + 60 * h, &member, &provider);
    CHECK_INT(provider, 48 * h + 7 * h);
    CHECK_INT(member, 3 * h);
    /* Created waiting, never changed. */
    struct action b = { .created_at = t0, .status = ASTATUS_WAIT_MEMBER };
    action_wait_times(es, 1, &b, t0 + 5 * h, &member, &provider);
    CHECK_INT(member, 5 * h);
    CHECK_INT(provider, 0);
}

TESTS(T(aa_setup), T(time_waiting_on_the_member_and_on_a_provider_kept_apart), T(a_member_card_has_its_communes_and_contacts),
      T(an_interaction_card_lists_the_actions_made_from_it),
      T(an_action_card_has_origin_provider_notes_and_history_for_people),
      T(history_of_schema_1_reads_as_well),
      T(history_skips_non_changes_and_shows_instants_in_local_time))
