/* store_search — the global search (search.h): every kind found, case, accents
 * and ligatures, prefixes, phrases, several words, SIRENs; the index kept right
 * by rows written behind the store's back with plain SQL (as the sqlite3 shell
 * would), and built for the rows of a schema-2 file; FTS5 syntax typed by the
 * user never obeyed nor an error; limits, ranking, and the order of very common
 * words. */
#include <sqlite3.h>
#include <stdlib.h>

#include "check.h"
#include "store_fixture.h"
#include "suivi/base/xalloc.h"
#include "suivi/store/search.h"
#include "suivi/store/store.h"

/* White box: the migration scripts, to build a schema-2 file. */
#include "../../src/store/store_internal.h"

#define INTEGRITY(t) "INSERT INTO " t "_fts(" t "_fts) VALUES ('integrity-check')"

/* What one search found. */
struct found {
    struct search_hit *h;
    int n;
};

static struct found search(store *s, const char *text, int limit)
{
    struct found f = {0};
    int rc = store_search(s, text, limit, &f.h, &f.n);
    if (rc != STORE_OK)
        fprintf(stderr, "store_search(%s): %s\n", text, store_errmsg(s));
    CHECK_INT(rc, STORE_OK);
    return f;
}

static const struct search_hit *hit_of(const struct found *f, enum search_kind k, int64_t id)
{
    for (int i = 0; i < f->n; i++)
        if (f->h[i].kind == k && f->h[i].id == id)
            return &f->h[i];
    return NULL;
}

static int count_kind(const struct found *f, enum search_kind k)
{
    int c = 0;
    for (int i = 0; i < f->n; i++)
        c += f->h[i].kind == k;
    return c;
}

/* Whether text finds the row (kind, id). */
static bool finds(store *s, const char *text, enum search_kind k, int64_t id)
{
    struct found f = search(s, text, 50);
    bool yes = hit_of(&f, k, id) != NULL;
    search_hits_free(f.h, f.n);
    return yes;
}

#define CHECK_FINDS(s, text, k, id) do { if (!finds(s, text, k, id)) { \
    fprintf(stderr, "'%s' should find %s #%lld\n", text, search_kind_code(k), \
            (long long)(id)); \
    CHECK(!"not found"); } } while (0)
#define CHECK_MISSES(s, text, k, id) do { if (finds(s, text, k, id)) { \
    fprintf(stderr, "'%s' should not find %s #%lld\n", text, search_kind_code(k), \
            (long long)(id)); \
    CHECK(!"found"); } } while (0)

/* One row of every kind, with the spellings the searches below look for. */
struct world {
    int64_t member, contact, interaction, action, note;
};

static void seed(store *s, struct world *w)
{
    struct member m = { .name = xstrdup("Plœmeur"), .kind = MEMBER_COMMUNE,
                        .status = MSTATUS_MEMBER, .siren = xstrdup("253514491") };
    CHECK_INT(store_member_add(s, &m), STORE_OK);
    w->member = m.id;
    member_clear(&m);
    struct contact c = { .member_id = w->member, .name = xstrdup("Yann Créac'h"),
                         .role = xstrdup("DGS"), .email = xstrdup("yann.creach@mairie.bzh") };
    CHECK_INT(store_contact_add(s, &c), STORE_OK);
    w->contact = c.id;
    contact_clear(&c);
    struct interaction it = {
        .member_id = w->member, .occurred_at = 1760000000, .kind = IKIND_CALL_IN,
        .subject = xstrdup("Mise à jour du parapheur"),
        .body = xstrdup("Le certificat RGS de l'Évêché expire.\nRappeler lundi."),
    };
    CHECK_INT(store_interaction_add(s, &it), STORE_OK);
    w->interaction = it.id;
    interaction_clear(&it);
    struct action a = { .member_id = w->member, .interaction_id = w->interaction,
                        .title = xstrdup("Renouveler le certificat"),
                        .description = xstrdup("Commander auprès de CertiBreizh, ex æquo"),
                        .status = ASTATUS_OPEN, .priority = 2 };
    CHECK_INT(store_action_add(s, &a), STORE_OK);
    w->action = a.id;
    action_clear(&a);
    struct note nt = { .action_id = w->action, .visibility = NOTE_INTERNAL,
                       .body = xstrdup("Relancé par téléphone : le bon de commande arrive") };
    CHECK_INT(store_note_add(s, &nt), STORE_OK);
    w->note = nt.id;
    note_clear(&nt);
}

static store *open_world(const char **path, struct world *w)
{
    *path = check_tmpfile("s.db");
    store *s = fixture_open(*path, true);
    seed(s, w);
    return s;
}

TEST(every_kind_is_found_with_its_names)
{
    const char *path;
    struct world w;
    store *s = open_world(&path, &w);
    struct found f = search(s, "certificat", 10);
    CHECK_INT(f.n, 2);
    const struct search_hit *i = hit_of(&f, SEARCH_INTERACTION, w.interaction);
    const struct search_hit *a = hit_of(&f, SEARCH_ACTION, w.action);
    CHECK(i && a);
    if (i && a) {
        CHECK(i < a);                   /* grouped in enum order */
        CHECK_STR(i->title, "Mise à jour du parapheur");
        CHECK_STR(i->member_name, "Plœmeur");
        CHECK_INT(i->member_id, w.member);
        CHECK_INT(i->at, 1760000000);
        /* the body on one line, no markup */
        CHECK_CONTAINS(i->snippet, "Le certificat RGS de l'Évêché expire. Rappeler");
        CHECK_STR(a->title, "Renouveler le certificat");
        CHECK_INT(a->action_id, w.action);
        CHECK_CONTAINS(a->snippet, "CertiBreizh");
        CHECK(a->at > 0);
    }
    search_hits_free(f.h, f.n);

    f = search(s, "telephone", 10);
    CHECK_INT(f.n, 1);
    if (f.n == 1) {
        CHECK_INT(f.h[0].kind, SEARCH_NOTE);
        CHECK_INT(f.h[0].id, w.note);
        CHECK_INT(f.h[0].action_id, w.action);
        CHECK_INT(f.h[0].member_id, w.member);
        CHECK_STR(f.h[0].title, "Renouveler le certificat");
        CHECK_STR(f.h[0].member_name, "Plœmeur");
    }
    search_hits_free(f.h, f.n);

    f = search(s, "dgs", 10);
    CHECK_INT(f.n, 1);
    if (f.n == 1) {
        CHECK_INT(f.h[0].kind, SEARCH_CONTACT);
        CHECK_STR(f.h[0].title, "Yann Créac'h");
        CHECK_STR(f.h[0].snippet, "DGS · yann.creach@mairie.bzh");
        CHECK_INT(f.h[0].at, 0);
    }
    search_hits_free(f.h, f.n);

    f = search(s, "ploemeur", 10);
    const struct search_hit *m = hit_of(&f, SEARCH_MEMBER, w.member);
    CHECK(m != NULL);
    if (m) {
        CHECK_STR(m->title, "Plœmeur");
        CHECK_STR(m->snippet, "253514491");
        CHECK_INT(m->member_id, w.member);
    }
    search_hits_free(f.h, f.n);
    CHECK_FINDS(s, "yann.creach@mairie.bzh", SEARCH_CONTACT, w.contact);
    CHECK_FINDS(s, "parapheur", SEARCH_INTERACTION, w.interaction);
    CHECK_FINDS(s, "rappeler", SEARCH_INTERACTION, w.interaction);
    store_close(s);
}

TEST(case_accents_and_ligatures_never_matter)
{
    const char *path;
    struct world w;
    store *s = open_world(&path, &w);
    static const char *const member_spellings[] = {
        "ploemeur", "PLOEMEUR", "Plœmeur", "PLŒMEUR", "plOEmeur", "Ploëmeur",
    };
    for (size_t i = 0; i < sizeof member_spellings / sizeof member_spellings[0]; i++)
        CHECK_FINDS(s, member_spellings[i], SEARCH_MEMBER, w.member);
    CHECK_FINDS(s, "eveche", SEARCH_INTERACTION, w.interaction);
    CHECK_FINDS(s, "ÉVÊCHÉ", SEARCH_INTERACTION, w.interaction);
    CHECK_FINDS(s, "Evéché", SEARCH_INTERACTION, w.interaction);
    CHECK_FINDS(s, "creac", SEARCH_CONTACT, w.contact);
    CHECK_FINDS(s, "Créac'h", SEARCH_CONTACT, w.contact);
    CHECK_FINDS(s, "aequo", SEARCH_ACTION, w.action);
    CHECK_FINDS(s, "ÆQUO", SEARCH_ACTION, w.action);
    CHECK_FINDS(s, "relance", SEARCH_NOTE, w.note);
    CHECK_MISSES(s, "ploermel", SEARCH_MEMBER, w.member);
    store_close(s);
}

TEST(prefixes_phrases_and_several_words)
{
    const char *path;
    struct world w;
    store *s = open_world(&path, &w);
    CHECK_FINDS(s, "certif*", SEARCH_ACTION, w.action);
    CHECK_FINDS(s, "CERTIF*", SEARCH_INTERACTION, w.interaction);
    CHECK_FINDS(s, "certif", SEARCH_ACTION, w.action);      /* the bare last word */
    CHECK_FINDS(s, "certi", SEARCH_ACTION, w.action);       /* "CertiBreizh" too */
    CHECK_FINDS(s, "cer*", SEARCH_ACTION, w.action);
    CHECK_MISSES(s, "ce*", SEARCH_ACTION, w.action);        /* the word "ce" */
    CHECK_MISSES(s, "certif renouveler", SEARCH_ACTION, w.action);  /* only the last */
    CHECK_FINDS(s, "renouveler certif", SEARCH_ACTION, w.action);
    CHECK_MISSES(s, "re", SEARCH_ACTION, w.action);         /* too short to extend */
    CHECK_FINDS(s, "\"mise à jour\"", SEARCH_INTERACTION, w.interaction);
    CHECK_FINDS(s, "\"MISE A JOUR DU\"", SEARCH_INTERACTION, w.interaction);
    CHECK_FINDS(s, "\"mise à jou\"*", SEARCH_INTERACTION, w.interaction);
    CHECK_MISSES(s, "\"jour à mise\"", SEARCH_INTERACTION, w.interaction);
    CHECK_MISSES(s, "\"mise à jo\"", SEARCH_INTERACTION, w.interaction);  /* no prefix */
    /* all the words, in any field of the row */
    CHECK_FINDS(s, "certificat eveche", SEARCH_INTERACTION, w.interaction);
    CHECK_FINDS(s, "parapheur lundi", SEARCH_INTERACTION, w.interaction);
    CHECK_MISSES(s, "certificat eveche", SEARCH_ACTION, w.action);
    CHECK_MISSES(s, "parapheur mardi", SEARCH_INTERACTION, w.interaction);
    store_close(s);
}

TEST(a_siren_is_found_with_or_without_spaces)
{
    const char *path;
    struct world w;
    store *s = open_world(&path, &w);
    CHECK_FINDS(s, "253514491", SEARCH_MEMBER, w.member);
    CHECK_FINDS(s, "253 514 491", SEARCH_MEMBER, w.member);
    CHECK_FINDS(s, " 253  514 491 ", SEARCH_MEMBER, w.member);
    CHECK_FINDS(s, "253\xc2\xa0" "514\xe2\x80\xaf" "491", SEARCH_MEMBER, w.member);
    CHECK_MISSES(s, "253 514 492", SEARCH_MEMBER, w.member);
    CHECK_MISSES(s, "253 514", SEARCH_MEMBER, w.member);
    /* A SIRET in a text: its SIREN finds it, and so does the SIRET typed in groups. */
    fixture_exec(path, "UPDATE interaction SET body = 'SIRET 25351449100012'");
    CHECK_FINDS(s, "253 514 491", SEARCH_INTERACTION, w.interaction);
    CHECK_FINDS(s, "253 514 491 00012", SEARCH_INTERACTION, w.interaction);
    store_close(s);
}

TEST(rows_written_with_plain_sql_are_indexed)
{
    const char *path;
    struct world w;
    store *s = open_world(&path, &w);
    fixture_exec(path, "INSERT INTO interaction (id, member_id, occurred_at, kind, author,"
                 " subject, body, search, created_at) VALUES (500, 1, '2025-01-02 10:00:00',"
                 " 'call_in', 'shell', 'Appel de Kerœnez', 'Question sur le zéphyr',"
                 " 'x', '2025-01-02 10:00:00')");
    CHECK_FINDS(s, "keroenez", SEARCH_INTERACTION, 500);
    CHECK_FINDS(s, "zephyr", SEARCH_INTERACTION, 500);
    fixture_exec(path, "UPDATE interaction SET subject = 'Appel de Tréméven' WHERE id = 500");
    CHECK_MISSES(s, "keroenez", SEARCH_INTERACTION, 500);
    CHECK_FINDS(s, "tremeven", SEARCH_INTERACTION, 500);
    CHECK_FINDS(s, "zephyr", SEARCH_INTERACTION, 500);    /* the body stays */
    fixture_exec(path, "UPDATE interaction SET body = NULL WHERE id = 500");
    CHECK_MISSES(s, "zephyr", SEARCH_INTERACTION, 500);
    fixture_exec(path, "DELETE FROM interaction WHERE id = 500");
    CHECK_MISSES(s, "tremeven", SEARCH_INTERACTION, 500);

    /* every kind, through its triggers */
    fixture_exec(path, "UPDATE member SET name = 'Lanester' WHERE id = 1;"
                 "UPDATE contact SET role = 'Secrétaire générale';"
                 "UPDATE action SET description = 'Voir Kerlann';"
                 "UPDATE note SET body = 'Courriel envoyé'");
    CHECK_FINDS(s, "lanester", SEARCH_MEMBER, w.member);
    CHECK_MISSES(s, "ploemeur", SEARCH_MEMBER, w.member);
    CHECK_FINDS(s, "secretaire", SEARCH_CONTACT, w.contact);
    CHECK_MISSES(s, "dgs", SEARCH_CONTACT, w.contact);
    CHECK_FINDS(s, "kerlann", SEARCH_ACTION, w.action);
    CHECK_FINDS(s, "courriel", SEARCH_NOTE, w.note);
    CHECK_MISSES(s, "telephone", SEARCH_NOTE, w.note);
    /* a write that leaves the text as it was (a status change) is fine too */
    fixture_exec(path, "UPDATE action SET status = 'in_progress', version = version + 1");
    CHECK_FINDS(s, "kerlann", SEARCH_ACTION, w.action);
    fixture_exec(path, "DELETE FROM note; DELETE FROM action; DELETE FROM interaction;"
                 "DELETE FROM contact; DELETE FROM member");
    static const char *const gone[] = {
        "lanester", "secretaire", "parapheur", "kerlann", "certificat", "courriel",
    };
    for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++) {
        struct found f = search(s, gone[i], 10);
        CHECK_INT(f.n, 0);
        search_hits_free(f.h, f.n);
    }
    static const char *const tables[] = {
        INTEGRITY("member"), INTEGRITY("contact"), INTEGRITY("interaction"),
        INTEGRITY("action"), INTEGRITY("note"),
    };
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
        fixture_exec(path, tables[i]);
    store_close(s);
}

/* sql on a connection of its own, expected to fail: its message (caller frees). */
static char *exec_refused(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    char *msg = NULL;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    CHECK(rc != SQLITE_OK);
    char *out = xstrdup(msg ? msg : "");
    sqlite3_free(msg);
    sqlite3_close(db);
    return out;
}

/* A REPLACE onto an existing id would delete the old row without its trigger,
 * leaving its words in the index: refused, and the index stays whole. */
TEST(a_replace_onto_an_existing_id_is_refused)
{
    const char *path;
    struct world w;
    store *s = open_world(&path, &w);
    static const char *const sql[] = {
        "INSERT OR REPLACE INTO note (id, action_id, author, at, visibility, body)"
        " VALUES (1, 1, 'x', '2025-01-01 00:00:00', 'internal', 'Remplacée')",
        "INSERT OR IGNORE INTO note (id, action_id, author, at, visibility, body)"
        " VALUES (1, 1, 'x', '2025-01-01 00:00:00', 'internal', 'Ignorée')",
        "REPLACE INTO member (id, name, sort_key, kind, status, created_at, updated_at)"
        " VALUES (1, 'Autre', 'autre', 'commune', 'member', '2025-01-01 00:00:00',"
        " '2025-01-01 00:00:00')",
    };
    for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
        char *msg = exec_refused(path, sql[i]);
        CHECK_CONTAINS(msg, "change the row with UPDATE");
        free(msg);
    }
    CHECK_FINDS(s, "telephone", SEARCH_NOTE, w.note);
    CHECK_FINDS(s, "ploemeur", SEARCH_MEMBER, w.member);
    fixture_exec(path, INTEGRITY("note"));
    fixture_exec(path, INTEGRITY("member"));
    /* a new id is welcome, given or not */
    fixture_exec(path, "INSERT INTO note (id, action_id, author, at, visibility, body)"
                 " VALUES (77, 1, 'x', '2025-01-01 00:00:00', 'internal', 'Septante-sept');"
                 "INSERT INTO note (action_id, author, at, visibility, body)"
                 " VALUES (1, 'x', '2025-01-01 00:00:00', 'internal', 'Suivante')");
    CHECK_FINDS(s, "septante", SEARCH_NOTE, 77);
    CHECK_FINDS(s, "suivante", SEARCH_NOTE, 78);
    store_close(s);
}

static const char V2_DATA[] =
    "INSERT INTO member (id, name, sort_key, kind, siren, status, created_at, updated_at)"
    " VALUES (1, 'Plœmeur', 'ploemeur', 'commune', '215601626', 'member',"
    "         '2024-01-01 00:00:00', '2024-01-01 00:00:00');"
    "INSERT INTO contact (id, member_id, name, role) VALUES (1, 1, 'Anne Créac''h', 'DGS');"
    "INSERT INTO interaction (id, member_id, occurred_at, kind, author, subject, body,"
    " search, created_at) VALUES (1, 1, '2024-02-01 09:00:00', 'call_in', 'mlegall',"
    " 'Évêché', 'Mise à jour', 'x', '2024-02-01 09:05:00');"
    "INSERT INTO action (id, interaction_id, member_id, title, description, search,"
    " status, priority, created_by, created_at, updated_at) VALUES (1, 1, 1, 'Certificat',"
    " 'Commander', 'certificat', 'open', 2, 'mlegall', '2024-02-01 09:06:00',"
    " '2024-02-01 09:06:00');"
    "INSERT INTO note (id, action_id, author, at, visibility, body) VALUES"
    " (1, 1, 'sriou', '2024-02-02 10:00:00', 'internal', 'Relancé');";

static void make_v2(const char *path)
{
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    CHECK_INT(sqlite3_exec(db, "PRAGMA journal_mode = WAL; BEGIN", NULL, NULL, NULL),
              SQLITE_OK);
    CHECK_INT(sqlite3_exec(db, store_migrations[0], NULL, NULL, NULL), SQLITE_OK);
    CHECK_INT(sqlite3_exec(db, store_migrations[1], NULL, NULL, NULL), SQLITE_OK);
    char *msg = NULL;
    int rc = sqlite3_exec(db, V2_DATA, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fprintf(stderr, "v2 data: %s\n", msg);
    sqlite3_free(msg);
    CHECK_INT(rc, SQLITE_OK);
    CHECK_INT(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    CHECK_INT(fixture_sql_int(path, "PRAGMA user_version"), 2);
}

TEST(a_schema_2_file_has_its_rows_indexed_by_the_upgrade)
{
    const char *path = check_tmpfile("v2.db");
    make_v2(path);
    store *s = fixture_open(path, false);
    CHECK(store_schema_version() >= 3);
    CHECK_INT(fixture_sql_int(path, "PRAGMA user_version"), store_schema_version());
    CHECK_FINDS(s, "ploemeur", SEARCH_MEMBER, 1);
    CHECK_FINDS(s, "215 601 626", SEARCH_MEMBER, 1);
    CHECK_FINDS(s, "creac", SEARCH_CONTACT, 1);
    CHECK_FINDS(s, "eveche", SEARCH_INTERACTION, 1);
    CHECK_FINDS(s, "\"mise a jour\"", SEARCH_INTERACTION, 1);
    CHECK_FINDS(s, "commander", SEARCH_ACTION, 1);
    CHECK_FINDS(s, "relance", SEARCH_NOTE, 1);
    fixture_exec(path, INTEGRITY("interaction"));
    /* the old rows are kept in the index by the new triggers */
    fixture_exec(path, "UPDATE interaction SET subject = 'Préfecture' WHERE id = 1");
    CHECK_MISSES(s, "eveche", SEARCH_INTERACTION, 1);
    CHECK_FINDS(s, "prefecture", SEARCH_INTERACTION, 1);
    fixture_exec(path, INTEGRITY("interaction"));
    store_close(s);
}

/* Text that means something to FTS5, or nothing at all. */
static const char *const HOSTILE[] = {
    "NEAR(", "NEAR(a b, 3)", "\"", "\"\"", "\"\"\"", "*", "**", "-x", "col:val",
    "title:certificat", "subject:x", "{subject body}:x", "AND OR", "AND", "OR", "NOT",
    "a AND", "a OR NOT b", "^certificat", "a + b", "(", ")", "(a OR b)", "'", "x'",
    "\\", "%", "_", "\"unclosed phrase", "*certif", "certif**", "\"a\"*\"b\"", "-",
    "--", "::", ",", ".", "…", "«»", "’", "\xff\xfe", "\xc3", "", "   ", "\t\n",
    "a\"b", "\"mise\"\"à\"", "NEAR", "rank:1", "rowid", "*:*", "x*y", "\x01\x02",
};

TEST(fts_syntax_in_the_text_is_never_obeyed_nor_an_error)
{
    const char *path;
    struct world w;
    store *s = open_world(&path, &w);
    for (size_t i = 0; i < sizeof HOSTILE / sizeof HOSTILE[0]; i++) {
        struct search_hit *h = NULL;
        int n = -1;
        int rc = store_search(s, HOSTILE[i], 5, &h, &n);
        if (rc != STORE_OK)
            fprintf(stderr, "'%s': %s\n", HOSTILE[i], store_errmsg(s));
        CHECK_INT(rc, STORE_OK);
        CHECK(n >= 0);
        search_hits_free(h, n);
    }
    /* operators are words: "-" and ":" separate words, they neither exclude nor
     * name a column ("le:certificat" is the phrase "le certificat") */
    CHECK_FINDS(s, "certificat -eveche", SEARCH_INTERACTION, w.interaction);
    CHECK_FINDS(s, "le:certificat", SEARCH_ACTION, w.action);
    CHECK_MISSES(s, "title:certificat", SEARCH_ACTION, w.action);
    CHECK_MISSES(s, "certificat OR zzz", SEARCH_ACTION, w.action);
    /* nothing to search: no hit, no error */
    static const char *const empty[] = { "", "  ", "*", "\"\"", "-", "«»", "...", "()" };
    for (size_t i = 0; i < sizeof empty / sizeof empty[0]; i++) {
        struct found f = search(s, empty[i], 5);
        CHECK_INT(f.n, 0);
        CHECK(f.h == NULL);
        search_hits_free(f.h, f.n);
    }
    struct search_hit *h = NULL;
    int n = -1;
    CHECK_INT(store_search(s, NULL, 5, &h, &n), STORE_OK);
    CHECK_INT(n, 0);
    CHECK_INT(store_search(s, "x", 0, &h, &n), STORE_ERROR);
    /* a pasted page is refused, said, rather than probed word by word */
    char *many = xstrdup("");
    for (int i = 0; i <= SEARCH_MAX_TERMS; i++) {
        char *more = xasprintf("%s mot%d", many, i);
        free(many);
        many = more;
    }
    CHECK_INT(store_search(s, many, 5, &h, &n), STORE_ERROR);
    CHECK_CONTAINS(store_errmsg(s), "at most");
    CHECK(n == 0 && h == NULL);
    CHECK(search_match_expr(many) == NULL);
    strrchr(many, ' ')[0] = '\0';          /* SEARCH_MAX_TERMS words: fine */
    CHECK_INT(store_search(s, many, 5, &h, &n), STORE_OK);
    free(many);
    store_close(s);
}

TEST(the_expression_quotes_every_word)
{
    static const char *const cases[][2] = {
        { "certif*", "\"certif\"*" },
        { "certif", "\"certif\"*" },
        { "mise à jour", "\"mise\" \"à\" \"jour\"*" },
        { "\"mise à jour\"", "\"mise à jour\"" },
        { "\"mise à j\"*", "\"mise à j\"" },
        { "\"mise à jou\"*", "\"mise à jou\"*" },
        { "Plœmeur", "\"Ploemeur\"*" },
        { "ŒUVRE Æ", "\"OEUVRE\" \"AE\"" },
        { "253 514 491", "\"253514491\"*" },
        { "253 514 491 00012", "\"25351449100012\"" },
        { "253 514", "\"253\" \"514\"*" },
        { "d*", "\"d\"" },
        { "de*", "\"de\"" },
        { "dem*", "\"dem\"*" },
        { "de", "\"de\"" },
        { "NEAR(a b)", "\"NEAR(a\" \"b)\"" },
        { "NEAR(", "\"NEAR(\"*" },
        { "col:val", "\"col:val\"*" },
        { "AND OR", "\"AND\" \"OR\"" },
        { "-x", "\"-x\"" },
        { "a\"b c\"d", "\"a\" \"b c\" \"d\"" },
        { "\"unclosed phrase", "\"unclosed phrase\"" },
        { "Créac'h", "\"Créac'h\"" },
        { "certif. ", "\"certif.\"*" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *e = search_match_expr(cases[i][0]);
        CHECK_STR(e, cases[i][1]);
        free(e);
    }
    static const char *const nothing[] = { "", " ", "*", "\"\"", "\" \"*", "- -", "()" };
    for (size_t i = 0; i < sizeof nothing / sizeof nothing[0]; i++)
        CHECK(search_match_expr(nothing[i]) == NULL);
    CHECK(search_match_expr(NULL) == NULL);
}

static void add_interactions(const char *path, int count, const char *subject,
                             const char *body)
{
    char *sql = xasprintf(
        "WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < %d)"
        " INSERT INTO interaction (member_id, occurred_at, kind, author, subject, body,"
        " search, created_at) SELECT 1, '2025-03-01 10:00:00', 'call_in', 'x', '%s' || n,"
        " '%s', 'x', '2025-03-01 10:00:00' FROM k", count, subject, body);
    fixture_exec(path, sql);
    free(sql);
}

TEST(limits_and_ranking)
{
    const char *path;
    struct world w;
    store *s = open_world(&path, &w);
    /* the word in the body of four rows, then in the subject of one: that one first */
    add_interactions(path, 4, "Appel ", "Question sur le marché de voirie");
    add_interactions(path, 1, "Marché public ", "Rien");
    struct found f = search(s, "marche", 3);
    CHECK_INT(count_kind(&f, SEARCH_INTERACTION), 3);
    CHECK(f.n > 0 && f.h[0].kind == SEARCH_INTERACTION);
    if (f.n > 0)
        CHECK_STR(f.h[0].title, "Marché public 1");
    search_hits_free(f.h, f.n);
    f = search(s, "marche", 1000);
    CHECK_INT(f.n, 5);
    search_hits_free(f.h, f.n);
    store_close(s);
}

/* The first 5 rows text finds: first titled first, and newest first. */
static void check_newest_first(store *s, const char *text, const char *first)
{
    struct found f = search(s, text, 5);
    CHECK(f.n == 5 && strcmp(f.h[0].title, first) == 0);
    for (int i = 1; i < f.n; i++)
        CHECK(f.h[i].id < f.h[i - 1].id);
    search_hits_free(f.h, f.n);
}

/* A word in more than SEARCH_RANK_MAX rows of a kind is not ranked (bm25 would
 * count them all first): the rows come newest first; under it, bm25 decides. */
TEST(a_very_common_word_gives_the_newest_rows_first)
{
    const char *path;
    struct world w;
    store *s = open_world(&path, &w);
    add_interactions(path, 1, "Voirie voirie voirie ", "voirie");
    add_interactions(path, SEARCH_RANK_MAX - 1, "Appel ", "Un mot sur la voirie");
    struct found f = search(s, "voirie", 5);
    CHECK(f.n == 5 && strcmp(f.h[0].title, "Voirie voirie voirie 1") == 0);
    search_hits_free(f.h, f.n);
    add_interactions(path, 1, "Appel récent ", "Un mot sur la voirie");
    check_newest_first(s, "voirie", "Appel récent 1");
    /* the same when the common word is only one of the words */
    f = search(s, "voirie appel", 5);
    CHECK(f.n == 5 && strcmp(f.h[0].title, "Appel récent 1") == 0);
    search_hits_free(f.h, f.n);
    store_close(s);
}

/* A prefix naming a few words of an index is asked as those words (search_vocab.c),
 * one naming many as FTS5's prefix: the same rows either way, and in the order of
 * a very common word too. */
TEST(a_prefix_finds_every_word_it_names_few_or_many)
{
    const char *path;
    struct world w;
    store *s = open_world(&path, &w);
    static const char *const few[] = { "certificats", "certification", "Certifié",
                                       "CERTIFIER" };
    for (size_t i = 0; i < sizeof few / sizeof few[0]; i++)
        add_interactions(path, 1, "Few ", few[i]);
    struct found f = search(s, "certif", 50);
    /* the world's own interaction ("certificat"), and the four */
    CHECK_INT(count_kind(&f, SEARCH_INTERACTION), 5);
    search_hits_free(f.h, f.n);
    CHECK_INT(s->vocab, 1);     /* white box: asked as its words, not as a prefix */
    /* 40 words under "zorb": more than are asked one by one */
    for (int i = 0; i < 40; i++) {
        char body[16];
        snprintf(body, sizeof body, "zorb%c%c", 'a' + i / 26, 'a' + i % 26);
        add_interactions(path, 1, "Many ", body);
    }
    f = search(s, "zorb", 100);
    CHECK_INT(count_kind(&f, SEARCH_INTERACTION), 40);
    search_hits_free(f.h, f.n);
    f = search(s, "zorbab", 100);
    CHECK_INT(count_kind(&f, SEARCH_INTERACTION), 1);
    search_hits_free(f.h, f.n);
    /* several terms, each prefix asked as its words */
    f = search(s, "few certifi", 100);
    CHECK_INT(count_kind(&f, SEARCH_INTERACTION), 4);
    search_hits_free(f.h, f.n);
    /* a very common word's prefix: newest first, as the word itself */
    add_interactions(path, SEARCH_RANK_MAX + 1, "Appel ", "Un mot sur la voirie");
    add_interactions(path, 1, "Appel récent ", "voiries");
    check_newest_first(s, "voiri", "Appel récent 1");
    store_close(s);
}

TESTS(T(every_kind_is_found_with_its_names), T(case_accents_and_ligatures_never_matter),
      T(prefixes_phrases_and_several_words), T(a_siren_is_found_with_or_without_spaces),
      T(rows_written_with_plain_sql_are_indexed), T(a_replace_onto_an_existing_id_is_refused),
      T(a_schema_2_file_has_its_rows_indexed_by_the_upgrade),
      T(fts_syntax_in_the_text_is_never_obeyed_nor_an_error),
      T(the_expression_quotes_every_word), T(limits_and_ranking),
      T(a_very_common_word_gives_the_newest_rows_first),
      T(a_prefix_finds_every_word_it_names_few_or_many))
