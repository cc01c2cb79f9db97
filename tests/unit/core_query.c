/* core_query — the query language of `/`: every field, quoting, French words, errors
 * that point at their column, names looked up (ambiguity refused), and the lists
 * the store gives for a query: roll-up of an EPCI and a département, closed actions
 * in the open queue when asked, every part ANDed. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "store_fixture.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/domain.h"
#include "suivi/core/query.h"

#define TODAY "2026-11-20"   /* a Friday */
#define B(s) (1u << (s))

static struct query parse_ok(const char *text)
{
    struct query q;
    struct query_error e;
    int rc = query_parse(text, TODAY, &q, &e);
    if (rc != 0)
        fprintf(stderr, "%s: column %d: %s\n", text, e.column, e.msg);
    CHECK_INT(rc, 0);
    return q;
}

/* The column an error points at (0 when the text parsed). */
static int error_column(const char *text, char *msg, size_t len)
{
    struct query q;
    struct query_error e;
    int rc = query_parse(text, TODAY, &q, &e);
    query_free(&q);
    snprintf(msg, len, "%s", e.msg);
    return rc == 0 ? 0 : e.column;
}

TEST(statuses_single_lists_groups_and_french)
{
    struct query q = parse_ok("status:open");
    CHECK_INT(q.where.statuses, B(ASTATUS_OPEN));
    query_free(&q);
    q = parse_ok("status:progress,wmember");
    CHECK_INT(q.where.statuses, B(ASTATUS_IN_PROGRESS) | B(ASTATUS_WAIT_MEMBER));
    query_free(&q);
    q = parse_ok("statut:clos");
    CHECK_INT(q.where.statuses, B(ASTATUS_DONE) | B(ASTATUS_CANCELLED));
    query_free(&q);
    q = parse_ok("Status:Waiting");
    CHECK_INT(q.where.statuses, B(ASTATUS_WAIT_MEMBER) | B(ASTATUS_WAIT_PROVIDER));
    query_free(&q);
    q = parse_ok("status:annulé");
    CHECK_INT(q.where.statuses, B(ASTATUS_CANCELLED));
    query_free(&q);
}

TEST(priorities_as_people_write_them)
{
    static const struct { const char *text; unsigned bits; } cases[] = {
        { "prio:P1", 1u << 1 }, { "prio:2", 1u << 2 }, { "prio:p1,P3", (1u << 1) | (1u << 3) },
        { "prio:1-3", (1u << 1) | (1u << 2) | (1u << 3) }, { "prio:<=2", (1u << 1) | (1u << 2) },
        { "prio:<3", (1u << 1) | (1u << 2) }, { "priorite:>=P3", (1u << 3) | (1u << 4) },
        { "prio:>3", 1u << 4 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct query q = parse_ok(cases[i].text);
        CHECK_INT(q.where.priorities, cases[i].bits);
        query_free(&q);
    }
}

TEST(due_dates_relative_absolute_and_none)
{
    setenv("SUIVI_NOW", TODAY " 10:00:00", 1);   /* what dates as typed count from */
    struct query q = parse_ok("due:<7d");
    CHECK_STR(q.where.due_from, "");
    CHECK_STR(q.where.due_to, "2026-11-26");   /* before the 27th */
    query_free(&q);
    q = parse_ok("due:<=1s");
    CHECK_STR(q.where.due_to, "2026-11-27");
    query_free(&q);
    q = parse_ok("echeance:>2026-12-15");
    CHECK_STR(q.where.due_from, "2026-12-16");
    CHECK_STR(q.where.due_to, "");
    query_free(&q);
    q = parse_ok("due:15/12");
    CHECK_STR(q.where.due_from, "2026-12-15");
    CHECK_STR(q.where.due_to, "2026-12-15");
    query_free(&q);
    q = parse_ok("due:<=vendredi");             /* the next Friday: a due date leans ahead */
    CHECK_STR(q.where.due_to, "2026-11-27");
    query_free(&q);
    q = parse_ok("due:none");
    CHECK(q.where.due_none);
    query_free(&q);
    q = parse_ok("échéance:<7d priorité:1");      /* accents as people type them */
    CHECK_STR(q.where.due_to, "2026-11-26");
    CHECK_INT(q.where.priorities, 1u << 1);
    query_free(&q);
}

TEST(overdue_names_and_free_text)
{
    struct query q = parse_ok("overdue:yes pole:services assignee:me "
                              "member:\"Lorient Agglomération\" Certificat \"mise à jour\"");
    CHECK_INT(q.where.overdue, 1);
    CHECK_STR(q.pole, "services");
    CHECK_STR(q.assignee, "me");
    CHECK_STR(q.member, "Lorient Agglomération");
    CHECK_INT(q.member_col, 46);   /* at its opening quote */
    CHECK_STR(q.where.terms[0], "certificat");
    CHECK_STR(q.where.terms[1], "mise a jour");
    CHECK(q.where.terms[2] == NULL);
    query_free(&q);
    q = parse_ok("retard:non");
    CHECK_INT(q.where.overdue, -1);
    query_free(&q);
    q = parse_ok("   ");
    CHECK(query_is_empty(&q));
    query_free(&q);
}

TEST(errors_point_at_their_column)
{
    char msg[256];
    CHECK_INT(error_column("status:open prio:P7", msg, sizeof msg), 18);
    CHECK_CONTAINS(msg, "P7");
    CHECK_INT(error_column("certificat colour:blue", msg, sizeof msg), 12);
    CHECK_CONTAINS(msg, "colour: is not a field");
    CHECK_INT(error_column("status:open,shut", msg, sizeof msg), 13);
    CHECK_CONTAINS(msg, "shut");
    CHECK_INT(error_column("member:\"Lorient", msg, sizeof msg), 8);
    CHECK_CONTAINS(msg, "never closed");
    CHECK_INT(error_column("due:<31/02/2026", msg, sizeof msg), 6);
    CHECK_CONTAINS(msg, "no such day");
    CHECK_INT(error_column("overdue:maybe", msg, sizeof msg), 9);
    CHECK_INT(error_column("écoles prio:9", msg, sizeof msg), 13);  /* characters, not bytes */
    CHECK_INT(error_column("a b c d e", msg, sizeof msg), 9);
    CHECK_INT(error_column("pole:a pole:b", msg, sizeof msg), 8);
    CHECK_INT(error_column("due:", msg, sizeof msg), 5);
}

/* ---- against a database ---- */

struct world {
    store *s;
    int64_t dep, epci, commune, other, support, services, amorel, me, prov;
    int64_t a_epci, a_commune, a_other, a_done, a_dep_member;
};

static int64_t add_member(store *s, const char *name, enum member_kind kind,
                          int64_t parent, const char *dep)
{
    struct member m = { .name = xstrdup(name), .kind = kind, .status = MSTATUS_MEMBER,
                        .parent_id = parent, .departement = dep ? xstrdup(dep) : NULL };
    CHECK_INT(store_member_add(s, &m), STORE_OK);
    int64_t id = m.id;
    member_clear(&m);
    return id;
}

static int64_t add_pole(store *s, const char *name)
{
    struct pole p = { .name = xstrdup(name) };
    CHECK_INT(store_pole_add(s, &p), STORE_OK);
    int64_t id = p.id;
    pole_clear(&p);
    return id;
}

static int64_t add_staff(store *s, const char *login, const char *name)
{
    struct staff st = { .login = xstrdup(login), .display_name = xstrdup(name),
                        .role = SROLE_STAFF };
    CHECK_INT(store_staff_add(s, &st), STORE_OK);
    int64_t id = st.id;
    staff_clear(&st);
    return id;
}

static int64_t add_action(struct world *w, int64_t member, const char *title, int prio,
                          const char *due, int64_t pole, int64_t staff, int64_t prov)
{
    struct action a = { .member_id = member, .title = xstrdup(title), .priority = prio,
                        .status = ASTATUS_OPEN, .due = due ? xstrdup(due) : NULL,
                        .pole_id = pole, .assignee_staff_id = staff,
                        .assignee_provider_id = prov };
    char err[256] = "";
    int rc = action_save(w->s, &a, err, sizeof err);
    if (rc != STORE_OK)
        fprintf(stderr, "action_save: %s\n", err);
    CHECK_INT(rc, STORE_OK);
    int64_t id = a.id;
    action_clear(&a);
    return id;
}

static void build(struct world *w)
{
    memset(w, 0, sizeof *w);
    w->s = fixture_open(check_tmpfile("q.db"), true);
    w->dep = add_member(w->s, "Département du Morbihan", MEMBER_DEPARTEMENT, 0, "56");
    w->epci = add_member(w->s, "Lorient Agglomération", MEMBER_EPCI, 0, "56");
    w->commune = add_member(w->s, "Plœmeur", MEMBER_COMMUNE, w->epci, "56");
    w->other = add_member(w->s, "Brest", MEMBER_COMMUNE, 0, "29");
    w->support = add_pole(w->s, "Support");
    w->services = add_pole(w->s, "Services numériques");
    w->amorel = add_staff(w->s, "amorel", "Anne Morel");
    w->me = add_staff(w->s, store_login(w->s), "Moi Même");
    struct provider p = { .name = xstrdup("CertiBreizh") };
    CHECK_INT(store_provider_add(w->s, &p), STORE_OK);
    w->prov = p.id;
    provider_clear(&p);
    w->a_epci = add_action(w, w->epci, "Certificat RGS", 1, "2026-11-10", w->support, w->me, 0);
    w->a_commune = add_action(w, w->commune, "Mise à jour du certificat", 2, "2026-11-25",
                              w->services, 0, w->prov);
    w->a_other = add_action(w, w->other, "Formation Pastell", 3, NULL, w->support, w->amorel, 0);
    w->a_dep_member = add_action(w, w->dep, "Convention", 4, "2026-12-20", 0, 0, 0);
    w->a_done = add_action(w, w->other, "Certificat expiré", 2, "2026-11-01", 0, w->me, 0);
    struct status_change chg = { .from = ASTATUS_OPEN, .to = ASTATUS_DONE,
                                 .text = "Renouvelé" };
    char err[256];
    CHECK_INT(action_change_status(w->s, w->a_done, &chg, NULL, err, sizeof err), STORE_OK);
}

/* The ids a query gives in a scope, in list order, as "1,2,3". */
static char *ids_of(struct world *w, enum action_scope scope, int64_t member, const char *text)
{
    struct query q;
    struct query_error e;
    int rc = query_compile(w->s, text, TODAY, &q, &e);
    if (rc != STORE_OK)
        fprintf(stderr, "%s: column %d: %s\n", text, e.column, e.msg);
    CHECK_INT(rc, STORE_OK);
    struct action_query aq = { .scope = scope, .member_id = member, .today = TODAY,
                               .where = &q.where };
    struct action rows[32] = {{0}};
    int n = 0;
    CHECK_INT(store_actions_page(w->s, &aq, PAGE_FIRST, NULL, 32, rows, &n), STORE_OK);
    char *out = xstrdup("");
    for (int i = 0; i < n; i++) {
        char *next = xasprintf("%s%s%lld", out, i ? "," : "", (long long)rows[i].id);
        free(out);
        out = next;
        action_clear(&rows[i]);
    }
    query_free(&q);
    return out;
}

#define CHECK_IDS(w, scope, member, text, ...) do { \
    char *got_ = ids_of(w, scope, member, text); \
    char want_[128]; int64_t v_[] = { __VA_ARGS__ }; want_[0] = '\0'; \
    for (size_t i_ = 0; i_ < sizeof v_ / sizeof v_[0]; i_++) \
        if (v_[i_]) snprintf(want_ + strlen(want_), sizeof want_ - strlen(want_), "%s%lld", \
                             *want_ ? "," : "", (long long)v_[i_]); \
    CHECK_STR(got_, want_); free(got_); } while (0)

TEST(every_field_narrows_the_open_queue)
{
    struct world w;
    build(&w);
    CHECK_IDS(&w, ACTIONS_OPEN, 0, "", w.a_epci, w.a_commune, w.a_other, w.a_dep_member);
    CHECK_IDS(&w, ACTIONS_OPEN, 0, "pole:support", w.a_epci, w.a_other);
    CHECK_IDS(&w, ACTIONS_OPEN, 0, "pole:serv", w.a_commune);
    CHECK_IDS(&w, ACTIONS_OPEN, 0, "assignee:me", w.a_epci);
    CHECK_IDS(&w, ACTIONS_OPEN, 0, "assignee:\"anne morel\"", w.a_other);
    CHECK_IDS(&w, ACTIONS_OPEN, 0, "assignee:amorel", w.a_other);
    CHECK_IDS(&w, ACTIONS_OPEN, 0, "assignee:certibreizh", w.a_commune);
    CHECK_IDS(&w, ACTIONS_OPEN, 0, "assignee:none", w.a_dep_member);
    CHECK_IDS(&w, ACTIONS_OPEN, 0, "prio:<=2", w.a_epci, w.a_commune);
    CHECK_IDS(&w, ACTIONS_OPEN, 0, "overdue:yes", w.a_epci);
    CHECK_IDS(&w, ACTIONS_OPEN, 0, "overdue:no", w.a_commune, w.a_other, w.a_dep_member);
    CHECK_IDS(&w, ACTIONS_OPEN, 0, "due:<7d", w.a_epci, w.a_commune);
    CHECK_IDS(&w, ACTIONS_OPEN, 0, "due:none", w.a_other);
    CHECK_IDS(&w, ACTIONS_OPEN, 0, "certificat", w.a_epci, w.a_commune);
    CHECK_IDS(&w, ACTIONS_OPEN, 0, "certificat jour", w.a_commune);
    CHECK_IDS(&w, ACTIONS_OPEN, 0, "ploemeur", w.a_commune);
    CHECK_IDS(&w, ACTIONS_OPEN, 0, "certificat prio:1 pole:support assignee:me", w.a_epci);
    CHECK_IDS(&w, ACTIONS_OPEN, 0, "certificat prio:3", 0);
    store_close(w.s);
}

TEST(member_rolls_up_its_communes)
{
    struct world w;
    build(&w);
    CHECK_IDS(&w, ACTIONS_OPEN, 0, "member:\"Lorient Agglomération\"", w.a_epci, w.a_commune);
    CHECK_IDS(&w, ACTIONS_OPEN, 0, "member:plœmeur", w.a_commune);
    char *ref = xasprintf("member:#%lld", (long long)w.commune);
    CHECK_IDS(&w, ACTIONS_OPEN, 0, ref, w.a_commune);
    free(ref);
    /* The département gives every member of its département, not Brest (29). */
    CHECK_IDS(&w, ACTIONS_OPEN, 0, "member:morbihan", w.a_epci, w.a_commune, w.a_dep_member);
    store_close(w.s);
}

TEST(closed_statuses_list_closed_actions_in_any_scope)
{
    struct world w;
    build(&w);
    CHECK_IDS(&w, ACTIONS_OPEN, 0, "status:done", w.a_done);
    CHECK_IDS(&w, ACTIONS_MINE, 0, "status:all", w.a_epci, w.a_done);
    CHECK_IDS(&w, ACTIONS_MINE, 0, "status:open", w.a_epci);
    CHECK_IDS(&w, ACTIONS_MEMBER, w.other, "status:closed", w.a_done);
    CHECK_IDS(&w, ACTIONS_MEMBER, w.other, "status:active", w.a_other);
    CHECK_IDS(&w, ACTIONS_OPEN, 0, "status:all certificat", w.a_epci, w.a_commune, w.a_done);
    store_close(w.s);
}

TEST(unknown_and_ambiguous_names_are_refused_with_their_column)
{
    struct world w;
    build(&w);
    struct query q;
    struct query_error e;
    CHECK_INT(query_compile(w.s, "prio:1 pole:s", TODAY, &q, &e), DOMAIN_INVALID);
    CHECK_INT(e.column, 13);
    CHECK_CONTAINS(e.msg, "2 names match (Services numériques, Support)");
    query_free(&q);
    CHECK_INT(query_compile(w.s, "assignee:zorro", TODAY, &q, &e), DOMAIN_INVALID);
    CHECK_INT(e.column, 10);
    CHECK_CONTAINS(e.msg, "nothing by that name");
    query_free(&q);
    CHECK_INT(query_compile(w.s, "member:#999", TODAY, &q, &e), DOMAIN_INVALID);
    CHECK_CONTAINS(e.msg, "no such member");
    query_free(&q);
    /* "Support" exactly beats a longer name that starts the same. */
    add_pole(w.s, "Support niveau 2");
    CHECK_INT(query_compile(w.s, "pole:support", TODAY, &q, &e), STORE_OK);
    CHECK_INT(q.where.pole_id, w.support);
    query_free(&q);
    store_close(w.s);
}

/* o: newest first, in every scope, a page at a time both ways. */
TEST(newest_first_pages_both_ways)
{
    struct world w;
    build(&w);
    struct action_query q = { .scope = ACTIONS_OPEN, .today = TODAY, .order = ORDER_NEWEST };
    struct action rows[8] = {{0}};
    int n = 0;
    CHECK_INT(store_actions_page(w.s, &q, PAGE_FIRST, NULL, 2, rows, &n), STORE_OK);
    CHECK_INT(n, 2);
    CHECK_INT(rows[0].id, w.a_dep_member);      /* open ones only, newest first */
    CHECK_INT(rows[1].id, w.a_other);
    struct action anchor = {0};
    action_copy(&anchor, &rows[1]);
    for (int i = 0; i < n; i++)
        action_clear(&rows[i]);
    CHECK_INT(store_actions_page(w.s, &q, PAGE_AFTER, &anchor, 8, rows, &n), STORE_OK);
    CHECK_INT(n, 2);
    CHECK_INT(rows[0].id, w.a_commune);
    CHECK_INT(rows[1].id, w.a_epci);
    action_clear(&anchor);
    action_copy(&anchor, &rows[0]);
    for (int i = 0; i < n; i++)
        action_clear(&rows[i]);
    CHECK_INT(store_actions_page(w.s, &q, PAGE_BEFORE, &anchor, 8, rows, &n), STORE_OK);
    CHECK_INT(n, 2);                            /* in display order */
    CHECK_INT(rows[0].id, w.a_dep_member);
    CHECK_INT(rows[1].id, w.a_other);
    for (int i = 0; i < n; i++)
        action_clear(&rows[i]);
    action_clear(&anchor);
    CHECK_INT(store_actions_page(w.s, &q, PAGE_LAST, NULL, 1, rows, &n), STORE_OK);
    CHECK_INT(rows[0].id, w.a_epci);
    action_clear(&rows[0]);
    /* A member's, closed ones too; and with a query. */
    q.scope = ACTIONS_MEMBER;
    q.member_id = w.other;
    CHECK_INT(store_actions_page(w.s, &q, PAGE_FIRST, NULL, 8, rows, &n), STORE_OK);
    CHECK_INT(n, 2);
    CHECK_INT(rows[0].id, w.a_done);
    for (int i = 0; i < n; i++)
        action_clear(&rows[i]);
    store_close(w.s);
}

/* opened: and closed: (the dashboard's Enter on a week or on the period's
 * resolution times): days as due: takes them, or A..B, both in. */
TEST(opened_and_closed_days)
{
    setenv("SUIVI_NOW", TODAY " 10:00:00", 1);
    struct query q = parse_ok("opened:2026-11-02..2026-11-08");
    CHECK_STR(q.where.opened_from, "2026-11-02");
    CHECK_STR(q.where.opened_to, "2026-11-08");
    CHECK_INT(q.where.statuses, 0);
    query_free(&q);
    q = parse_ok("fermée:<7d");
    CHECK_STR(q.where.closed_from, "");
    CHECK_STR(q.where.closed_to, "2026-11-26");
    query_free(&q);
    q = parse_ok("closed:2026-11-01..30/11/2026");
    CHECK_STR(q.where.closed_from, "2026-11-01");
    CHECK_STR(q.where.closed_to, "2026-11-30");
    CHECK_INT(q.where.statuses, WHERE_CLOSED_BITS);   /* closed ones, in any scope */
    query_free(&q);
    char msg[256];
    CHECK_INT(error_column("opened:2026-11-09..2026-11-02", msg, sizeof msg), 8);
    CHECK_CONTAINS(msg, "the first day is after the last");
    CHECK(error_column("closed:2026-11-01..zz", msg, sizeof msg) > 0);
    struct world w;
    build(&w);
    char *sql = xasprintf("UPDATE action SET created_at = '2026-10-01 09:00:00';"
                          "UPDATE action SET created_at = '2026-11-08 17:00:00' WHERE id = %lld;"
                          "UPDATE action SET closed_at = '2026-11-05 10:00:00' WHERE id = %lld;",
                          (long long)w.a_epci, (long long)w.a_done);
    fixture_exec(check_tmpfile("q.db"), sql);
    free(sql);
    CHECK_IDS(&w, ACTIONS_OPEN, 0, "opened:2026-11-02..2026-11-08", w.a_epci);
    CHECK_IDS(&w, ACTIONS_OPEN, 0, "opened:2026-11-09..2026-11-15", 0);
    CHECK_IDS(&w, ACTIONS_OPEN, 0, "closed:2026-11-01..2026-11-30", w.a_done);
    CHECK_IDS(&w, ACTIONS_OPEN, 0, "closed:2026-11-06..2026-11-30", 0);
    store_close(w.s);
}

/* The dashboard's links name a pôle, a colleague, a provider by id: two staff of
 * one name (a name then matches both) still get their own list. */
TEST(records_by_id_whatever_their_names)
{
    struct query q = parse_ok("pole:#3 provider:#4");
    CHECK_STR(q.pole, "#3");
    CHECK_STR(q.provider, "#4");
    query_free(&q);
    char msg[256];
    CHECK_INT(error_column("assignee:amorel provider:#4", msg, sizeof msg), 26);
    CHECK_CONTAINS(msg, "give one");
    CHECK_INT(error_column("provider:", msg, sizeof msg), 10);
    CHECK_INT(error_column("provider:#4 provider:#5", msg, sizeof msg), 13);
    struct world w;
    build(&w);
    int64_t twin = add_staff(w.s, "amorel2", "Anne Morel");
    int64_t a_twin = add_action(&w, w.other, "Relance", 3, NULL, 0, twin, 0);
    char *pole = xasprintf("pole:#%lld", (long long)w.support);
    char *anne = xasprintf("assignee:#%lld", (long long)w.amorel);
    char *other = xasprintf("assignee:#%lld", (long long)twin);
    char *prov = xasprintf("provider:#%lld", (long long)w.prov);
    char *both = xasprintf("pole:#%lld assignee:#%lld", (long long)w.support,
                           (long long)w.amorel);
    CHECK_IDS(&w, ACTIONS_OPEN, 0, pole, w.a_epci, w.a_other);
    CHECK_IDS(&w, ACTIONS_OPEN, 0, anne, w.a_other);
    CHECK_IDS(&w, ACTIONS_OPEN, 0, other, a_twin);
    CHECK_IDS(&w, ACTIONS_OPEN, 0, prov, w.a_commune);
    CHECK_IDS(&w, ACTIONS_OPEN, 0, both, w.a_other);
    CHECK_IDS(&w, ACTIONS_OPEN, 0, "provider:certi", w.a_commune);
    CHECK_IDS(&w, ACTIONS_OPEN, 0, "prestataire:CertiBreizh", w.a_commune);
    free(pole);
    free(anne);
    free(other);
    free(prov);
    free(both);
    /* The name alone is ambiguous; a number with nothing behind it is said so. */
    struct query_error e;
    CHECK_INT(query_compile(w.s, "assignee:\"Anne Morel\"", TODAY, &q, &e), DOMAIN_INVALID);
    CHECK_CONTAINS(e.msg, "2 names match");
    query_free(&q);
    static const char *const missing[] = { "pole:#999", "assignee:#999", "provider:#999" };
    for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++) {
        CHECK_INT(query_compile(w.s, missing[i], TODAY, &q, &e), DOMAIN_INVALID);
        CHECK_CONTAINS(e.msg, "nothing has that number");
        CHECK_INT(e.column, (int)strcspn(missing[i], ":") + 2);
        query_free(&q);
    }
    /* provider: is a provider's name only; assignee:#id a colleague's id only. */
    CHECK_INT(query_compile(w.s, "provider:amorel", TODAY, &q, &e), DOMAIN_INVALID);
    CHECK_CONTAINS(e.msg, "nothing by that name");
    query_free(&q);
    char *as_staff = xasprintf("assignee:#%lld", (long long)w.prov);
    int rc = query_compile(w.s, as_staff, TODAY, &q, &e);
    CHECK(rc == DOMAIN_INVALID || q.where.who == WHO_STAFF);
    query_free(&q);
    free(as_staff);
    store_close(w.s);
}

TESTS(T(records_by_id_whatever_their_names), T(opened_and_closed_days), T(statuses_single_lists_groups_and_french), T(newest_first_pages_both_ways), T(priorities_as_people_write_them),
      T(due_dates_relative_absolute_and_none), T(overdue_names_and_free_text),
      T(errors_point_at_their_column), T(every_field_narrows_the_open_queue),
      T(member_rolls_up_its_communes), T(closed_statuses_list_closed_actions_in_any_scope),
      T(unknown_and_ambiguous_names_are_refused_with_their_column))
