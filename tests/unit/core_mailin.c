/* core_mailin — the filing rules of mail-in (core/mailin.h) against a fixture
 * database: who the sender is decides the note's visibility, the quoted history is
 * trimmed but never to nothing, what names no action is kept whole, unsorted, and a
 * reply is one transaction (nothing written when any part of it fails).  Also the
 * store's side (store/mailbox.h): unsorted mail, and who an address is. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "store_fixture.h"
#include "suivi/base/login.h"
#include "suivi/base/timeutil.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/domain.h"
#include "suivi/core/mailin.h"
#include "suivi/core/validate.h"
#include "suivi/store/mailbox.h"

#define NOW "2026-11-20 10:00:00"

struct world {
    const char *path;
    int64_t member, other_member, provider, alice, bob, carol, pole;
    int64_t ours;          /* assigned to the provider */
    int64_t staffs;        /* assigned to staff */
};

static int64_t add_contact(store *s, int64_t member, const char *name, const char *email,
                           bool retired)
{
    struct contact c = { .member_id = member, .name = xstrdup(name),
                         .email = xstrdup(email), .retired = retired };
    CHECK_INT(store_contact_add(s, &c), STORE_OK);
    int64_t id = c.id;
    contact_clear(&c);
    return id;
}

static int64_t add_action(store *s, const struct world *w, int64_t provider)
{
    struct action a = { .member_id = w->member, .title = xstrdup("Certificat RGS"),
                        .priority = 2, .status = ASTATUS_WAIT_PROVIDER,
                        .assignee_provider_id = provider, .pole_id = w->pole };
    CHECK_INT(store_action_add(s, &a), STORE_OK);
    int64_t id = a.id;
    action_clear(&a);
    return id;
}

/* A member with contacts (one retired), another member's contact, a provider, an
 * action assigned to it and one that is not; the running login an admin. */
static void build(struct world *w)
{
    setenv("SUIVI_NOW", NOW, 1);
    memset(w, 0, sizeof *w);
    w->path = check_tmpfile("m.db");
    store *s = fixture_open(w->path, true);
    fixture_make_me_admin(w->path);
    w->member = fixture_add_member(s, "Plœmeur");
    w->other_member = fixture_add_member(s, "Lorient");
    struct pole pl = { .name = xstrdup("Services") };
    CHECK_INT(store_pole_add(s, &pl), STORE_OK);
    w->pole = pl.id;
    pole_clear(&pl);
    struct provider p = { .name = xstrdup("CertiBreizh"),
                          .email = xstrdup(" Support@CertiBreizh.example ") };
    CHECK_INT(store_provider_add(s, &p), STORE_OK);
    w->provider = p.id;
    provider_clear(&p);
    w->alice = add_contact(s, w->member, "Alice Le Gall", "alice@ploemeur.bzh", false);
    w->bob = add_contact(s, w->member, "Bob Tanguy", "bob@ploemeur.bzh", true);
    w->carol = add_contact(s, w->other_member, "Carol", "carol@lorient.bzh", false);
    w->ours = add_action(s, w, w->provider);
    w->staffs = add_action(s, w, 0);
    store_close(s);
}

static int64_t count(const struct world *w, const char *sql)
{
    return fixture_sql_int(w->path, sql);
}

/* A reply from `from` about action id, with body as its text. */
static char *reply(const char *from, int64_t id, const char *body)
{
    return xasprintf("From: %s\nTo: suivi@syndicat.example\n"
                     "Subject: Re: [suivi #%lld] Certificat\n"
                     "Date: Thu, 19 Nov 2026 09:12:40 +0100\n"
                     "Content-Type: text/plain; charset=utf-8\n\n%s",
                     from, (long long)id, body);
}

static int file(store *s, const char *raw, struct mailin_result *r)
{
    char err[512] = "";
    int rc = mailin_file(s, raw, strlen(raw), false, r, err, sizeof err);
    if (rc != STORE_OK)
        fprintf(stderr, "mailin_file: %s\n", err);
    return rc;
}

/* ---- trimming ---- */

static void check_trim(const char *in, const char *want)
{
    char *out = mailin_trim_quoted(in);
    CHECK_STR(out, want);
    free(out);
}

TEST(trim_drops_quotes_and_their_attribution)
{
    check_trim("Merci !\n\nLe 12/11/2026, Erwan Jaouen a écrit :\n> Bonjour,\n>\n> old\n",
               "Merci !");
    check_trim("Thanks.\n\nOn Wed, Nov 18, 2026 at 5:45 PM Syndicat <s@x.example> wrote:\n"
               "> old\n", "Thanks.");
    /* Gmail wraps a long attribution; a no-break space before the colon */
    check_trim("Oui.\r\n\r\nLe mer. 18 nov. 2026 à 17:45, Syndicat numérique <\r\n"
               "suivi@x.example> a écrit\xC2\xA0:\r\n\r\n> old\r\n>> older\r\n", "Oui.");
    /* interleaved answers stay, the quotes go */
    check_trim("Erwan a écrit :\n> Question 1 ?\nRéponse 1.\n> Question 2 ?\nRéponse 2.\n",
               "Réponse 1.\nRéponse 2.");
    /* at the end with nothing after it */
    check_trim("Vu.\nOn Tue, X wrote:\n\n", "Vu.");
}

TEST(trim_cuts_unquoted_history)
{
    /* text made from HTML: the quote lost its '>' */
    check_trim("Bonjour,\nLe devis est signé.\n\nLe jeu. 12 nov. 2026 à 10:00, Syndicat "
               "<s@x> a écrit :\nBonjour,\nNous attendons votre devis.\n",
               "Bonjour,\nLe devis est signé.");
    /* Outlook's block, with its rule */
    check_trim("D'accord pour 1 250 €.\n\n________________________________\n"
               "De : Syndicat <s@x>\nEnvoyé : mercredi 18 novembre 2026 17:45\n"
               "À : Annick\nObjet : Devis\n\nVoici le devis.\n", "D'accord pour 1 250 €.");
    check_trim("Ok.\nFrom: Syndicat\nSent: Wednesday\nTo: me\n\nold\n", "Ok.");
    check_trim("Ok.\n-----Original Message-----\nold\n", "Ok.");
    check_trim("Ok.\n\n----- Mail original -----\nDe: x\nold\n", "Ok.");
    check_trim("Ok.\n-------- Message d'origine --------\nold\n", "Ok.");
}

TEST(trim_keeps_what_is_not_history)
{
    /* "a écrit :" in a sentence followed by text of one's own is not an attribution */
    check_trim("Voici ce que le maire a écrit :\nNous sommes d'accord.\n",
               "Voici ce que le maire a écrit :\nNous sommes d'accord.");
    /* blank runs become one, ends trimmed; a signature stays */
    check_trim("\n\nBonjour,\n\n\n\nMerci.\n-- \nAnnick\n\n", "Bonjour,\n\nMerci.\n-- \nAnnick");
    check_trim("De : Jean\nOn verra demain.\n", "De : Jean\nOn verra demain.");
    /* a trailing rule without history after it stays */
    check_trim("Texte\n-----\n", "Texte\n-----");
}

TEST(trim_never_leaves_nothing)
{
    check_trim("> tout est cité\n> rien d'autre\n", "> tout est cité\n> rien d'autre");
    check_trim("Le 12/11/2026, X a écrit :\n> cité\n", "Le 12/11/2026, X a écrit :\n> cité");
    check_trim("", "");
    check_trim("\n \n", "");
    char *out = mailin_trim_quoted(NULL);
    CHECK_STR(out, "");
    free(out);
}

TEST(fit_cuts_at_a_character_boundary)
{
    CHECK_INT(mailin_fit("abc", 5), 3);
    CHECK_INT(mailin_fit("abc", 2), 2);
    CHECK_INT(mailin_fit("aé", 2), 1);          /* é is 2 bytes: not cut in two */
    CHECK_INT(mailin_fit("a€b", 3), 1);
    CHECK_INT(mailin_fit("a€b", 4), 4);
    CHECK_INT(mailin_fit("€", 0), 0);
}

TEST(the_action_named_subject_first_then_ids)
{
    struct mail_in m = { .subject = "Re: [suivi #12] x",
                         .in_reply_to = "<suivi.action.13.1.2.3.4@h>",
                         .references = "<suivi.action.14.1@h>" };
    CHECK_INT(mailin_action_ref(&m), 12);
    m.subject = "Re: x";
    CHECK_INT(mailin_action_ref(&m), 13);
    m.in_reply_to = "<other@h>";
    CHECK_INT(mailin_action_ref(&m), 14);
    m.references = "";
    CHECK_INT(mailin_action_ref(&m), 0);
}

/* ---- who the sender is ---- */

TEST(visibility_comes_from_the_sender)
{
    struct world w;
    build(&w);
    store *s = fixture_open(w.path, false);
    struct {
        const char *from;
        int64_t action;
        enum note_visibility vis;
        int64_t contact;
    } cases[] = {
        { "\"Support\" <SUPPORT@certibreizh.EXAMPLE>", w.ours, NOTE_PROVIDER, 0 },
        { "Alice <Alice@Ploemeur.bzh>", w.ours, NOTE_MEMBER, w.alice },
        { "bob@ploemeur.bzh", w.ours, NOTE_MEMBER, w.bob },          /* retired: theirs */
        { "Carol <carol@lorient.bzh>", w.ours, NOTE_INTERNAL, 0 },   /* another member's */
        { "someone@gmail.com", w.ours, NOTE_INTERNAL, 0 },
        { "support@certibreizh.example", w.staffs, NOTE_INTERNAL, 0 }, /* not its provider */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *raw = reply(cases[i].from, cases[i].action, "Bonjour.\n");
        struct mailin_result r;
        CHECK_INT(file(s, raw, &r), STORE_OK);
        CHECK_INT(r.outcome, MAILIN_NOTE);
        CHECK_INT(r.action_id, cases[i].action);
        CHECK_INT(r.visibility, cases[i].vis);
        CHECK_INT(r.contact_id, cases[i].contact);
        struct note *nt = NULL;
        int n = 0;
        CHECK_INT(store_notes_of_action(s, cases[i].action, &nt, &n), STORE_OK);
        CHECK(n > 0 && nt[n - 1].id == r.note_id);
        if (n > 0) {
            CHECK_INT(nt[n - 1].visibility, cases[i].vis);
            CHECK_STR(nt[n - 1].author, unix_login());
        }
        notes_free(nt, n);
        struct interaction it = {0};
        CHECK_INT(store_interaction_get(s, r.interaction_id, &it), STORE_OK);
        CHECK_INT(it.contact_id, cases[i].contact);
        interaction_clear(&it);
        free(raw);
    }
    store_close(s);
}

TEST(a_reply_is_a_note_and_an_incoming_mail)
{
    struct world w;
    build(&w);
    store *s = fixture_open(w.path, false);
    char *raw = reply("=?utf-8?Q?Alice_Le_Gall?= <alice@ploemeur.bzh>", w.ours,
                      "Merci, c'est installé.\n\nLe 18/11/2026, Syndicat a écrit :\n"
                      "> Le certificat expire.\n");
    struct mailin_result r;
    CHECK_INT(file(s, raw, &r), STORE_OK);
    struct interaction it = {0};
    CHECK_INT(store_interaction_get(s, r.interaction_id, &it), STORE_OK);
    CHECK_INT(it.member_id, w.member);
    CHECK_INT(it.contact_id, w.alice);
    CHECK_INT(it.kind, IKIND_EMAIL_IN);
    CHECK_INT(it.pole_id, w.pole);
    char *subject = xasprintf("Re: [suivi #%lld] Certificat", (long long)w.ours);
    CHECK_STR(it.subject, subject);
    free(subject);
    CHECK_STR(it.body, "De : Alice Le Gall <alice@ploemeur.bzh>\nMerci, c'est installé.");
    CHECK_STR(it.author, unix_login());
    char iso[TIME_ISO_LEN];
    time_to_iso(it.occurred_at, iso);
    CHECK_STR(iso, "2026-11-19 08:12:40");
    interaction_clear(&it);
    char *body = fixture_sql_text(w.path, "SELECT body FROM note ORDER BY id DESC LIMIT 1");
    CHECK_STR(body, "De : Alice Le Gall <alice@ploemeur.bzh>\nMerci, c'est installé.");
    free(body);
    CHECK_INT(count(&w, "SELECT count(*) FROM unsorted_mail"), 0);
    CHECK_INT(count(&w, "SELECT count(*) FROM audit WHERE entity IN ('note', "
                        "'interaction') AND change = 'created'"), 2);
    free(raw);
    store_close(s);
}

TEST(dates_subjects_and_senders_that_are_missing_or_odd)
{
    struct world w;
    build(&w);
    store *s = fixture_open(w.path, false);
    char *long_subject = xcalloc(1, 700);
    for (int i = 0; i < 300; i++)
        strcat(long_subject, i % 2 ? "é" : "a");
    const char *dates[] = { "", "Date: Mon, 01 Jan 2099 00:00:00 +0000\n",
                            "Date: Mon, 01 Jan 1990 00:00:00 +0000\n" };
    for (int i = 0; i < 3; i++) {
        /* no subject; exactly SUBJECT_MAX_CHARS (200) characters; 300 */
        char *raw = xasprintf("%sSubject: %.*s\nIn-Reply-To: <suivi.action.%lld.1.2@h>\n"
                              "\nTexte.\n", dates[i], i == 0 ? 0 : i == 1 ? 300 : 450,
                              long_subject, (long long)w.ours);
        struct mailin_result r;
        CHECK_INT(file(s, raw, &r), STORE_OK);
        struct interaction it = {0};
        CHECK_INT(store_interaction_get(s, r.interaction_id, &it), STORE_OK);
        char iso[TIME_ISO_LEN];
        time_to_iso(it.occurred_at, iso);
        CHECK_STR(iso, NOW);                          /* no Date, or an absurd one */
        if (i == 0)
            CHECK_STR(it.subject, "(sans objet)");
        else if (i == 1)
            CHECK(strlen(it.subject) == 300 && strncmp(it.subject, long_subject, 300) == 0);
        else
            CHECK(validate_required_text("s", it.subject, SUBJECT_MAX_CHARS, NULL, 0) &&
                  strstr(it.subject, "…") && strncmp(it.subject, "aéaé", 6) == 0);
        CHECK_STR(it.body, "De : (expéditeur inconnu)\nTexte.");
        interaction_clear(&it);
        free(raw);
    }
    free(long_subject);
    store_close(s);
}

/* ---- kept unsorted ---- */

TEST(what_names_no_action_is_kept_whole)
{
    struct world w;
    build(&w);
    store *s = fixture_open(w.path, false);
    const char *plain = "From: Accueil <accueil@mairie.bzh>\nSubject: Formation\n\nBonjour.\n";
    struct mailin_result r;
    CHECK_INT(file(s, plain, &r), STORE_OK);
    CHECK_INT(r.outcome, MAILIN_UNSORTED);
    CHECK_INT(r.why, MAILIN_NO_REFERENCE);
    struct unsorted_mail u = {0};
    CHECK_INT(store_unsorted_get(s, r.unsorted_id, &u), STORE_OK);
    CHECK_STR(u.from_addr, "accueil@mairie.bzh");
    CHECK_STR(u.subject, "Formation");
    CHECK_STR(u.body, "Bonjour.\n");
    CHECK(u.raw_len == strlen(plain) && memcmp(u.raw, plain, u.raw_len) == 0);
    CHECK_INT(u.filed_at, 0);
    unsorted_mail_clear(&u);

    CHECK_INT(file(s, "Subject: Re: [suivi #999] x\n\nOù en est-on ?\n", &r), STORE_OK);
    CHECK_INT(r.why, MAILIN_NO_SUCH_ACTION);
    CHECK_INT(r.action_id, 999);

    /* not a mail at all, NUL bytes included: kept byte for byte */
    static const char junk[] = "\x00\xff[suivi #1]\x00\x80 garbage\n";
    char err[256] = "";
    CHECK_INT(mailin_file(s, junk, sizeof junk - 1, false, &r, err, sizeof err), STORE_OK);
    CHECK_INT(r.why, MAILIN_UNREADABLE);
    CHECK_INT(store_unsorted_get(s, r.unsorted_id, &u), STORE_OK);
    CHECK(u.raw_len == sizeof junk - 1 && memcmp(u.raw, junk, u.raw_len) == 0);
    CHECK(u.from_addr == NULL && u.subject == NULL);
    CHECK_CONTAINS(u.body, "garbage");
    unsorted_mail_clear(&u);

    CHECK_INT(mailin_file(s, "", 0, false, &r, err, sizeof err), DOMAIN_INVALID);
    CHECK_INT(count(&w, "SELECT count(*) FROM unsorted_mail"), 3);
    CHECK_INT(count(&w, "SELECT count(*) FROM note"), 0);
    store_close(s);
}

TEST(a_message_too_large_is_kept_cut_and_not_filed)
{
    struct world w;
    build(&w);
    store *s = fixture_open(w.path, false);
    char *raw = reply("alice@ploemeur.bzh", w.ours, "Le début.\n");
    struct mailin_result r;
    char err[256] = "";
    CHECK_INT(mailin_file(s, raw, strlen(raw), true, &r, err, sizeof err), STORE_OK);
    CHECK_INT(r.outcome, MAILIN_UNSORTED);
    CHECK_INT(r.why, MAILIN_TOO_LARGE);
    struct unsorted_mail u = {0};
    CHECK_INT(store_unsorted_get(s, r.unsorted_id, &u), STORE_OK);
    CHECK(strncmp(u.body, "[Message de plus de 25 Mio", 26) == 0);
    CHECK_CONTAINS(u.body, "Le début.");
    unsorted_mail_clear(&u);
    CHECK_INT(count(&w, "SELECT count(*) FROM note"), 0);
    free(raw);
    store_close(s);
}

TEST(a_body_over_the_limit_is_cut_and_kept_whole)
{
    struct world w;
    build(&w);
    store *s = fixture_open(w.path, false);
    size_t n = BODY_MAX_BYTES / 2 + 10;               /* "é" twice: past the limit */
    char *text = xmalloc(2 * n + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(text + 2 * i, "é", 2);
    text[2 * n] = '\0';
    char *raw = reply("alice@ploemeur.bzh", w.ours, text);
    struct mailin_result r;
    CHECK_INT(file(s, raw, &r), STORE_OK);
    CHECK_INT(r.outcome, MAILIN_NOTE);
    CHECK(r.cut);
    CHECK(r.unsorted_id > 0);
    char *body = fixture_sql_text(w.path, "SELECT body FROM note ORDER BY id DESC LIMIT 1");
    CHECK(body && strlen(body) <= BODY_MAX_BYTES);
    char *marker = xasprintf("\n[Texte coupé ici : il dépassait la limite de 1 Mio. Le "
                             "message entier est gardé dans le courrier non trié #%lld.]",
                             (long long)r.unsorted_id);
    CHECK(body && strlen(body) > strlen(marker) &&
          strcmp(body + strlen(body) - strlen(marker), marker) == 0);
    CHECK(validate_required_text("b", body, BODY_MAX_BYTES, NULL, 0));  /* valid UTF-8 */
    free(body);
    free(marker);
    CHECK_INT(count(&w, "SELECT count(*) FROM interaction WHERE length(body) <= 1048576"), 1);
    struct unsorted_mail u = {0};
    CHECK_INT(store_unsorted_get(s, r.unsorted_id, &u), STORE_OK);
    CHECK_INT(u.action_id, w.ours);
    CHECK(u.filed_at != 0);
    CHECK(u.raw_len == strlen(raw) && memcmp(u.raw, raw, u.raw_len) == 0);
    unsorted_mail_clear(&u);
    free(text);
    free(raw);
    store_close(s);
}

/* ---- one transaction ---- */

/* A message that names no action: kept unsorted. */
static const char KEPT[] = "Subject: x\n\ny\n";
static const char COUNT_ALL[] =
    "SELECT (SELECT count(*) FROM note) * 1000000 + (SELECT count(*) FROM interaction)"
    " * 1000 + (SELECT count(*) FROM unsorted_mail)";

TEST(a_note_that_fails_writes_nothing_of_the_reply)
{
    struct world w;
    build(&w);
    fixture_exec(w.path, "CREATE TRIGGER no_note BEFORE INSERT ON note "
                         "BEGIN SELECT RAISE(ABORT, 'notes refused'); END");
    store *s = fixture_open(w.path, false);
    char *raw = reply("alice@ploemeur.bzh", w.ours, "Bonjour.\n");
    struct mailin_result r;
    CHECK_INT(file(s, raw, &r), STORE_OK);             /* kept instead */
    CHECK_INT(r.outcome, MAILIN_UNSORTED);
    CHECK_INT(r.why, MAILIN_NOT_FILED);
    CHECK_CONTAINS(r.detail, "notes refused");
    CHECK_INT(r.note_id, 0);
    CHECK_INT(count(&w, COUNT_ALL), 1);                /* the unsorted row alone */
    CHECK_INT(count(&w, "SELECT count(*) FROM audit WHERE entity IN ('note', "
                        "'interaction')"), 0);
    free(raw);
    store_close(s);
}

TEST(an_interaction_that_fails_takes_the_note_with_it)
{
    struct world w;
    build(&w);
    fixture_exec(w.path, "CREATE TRIGGER no_mail BEFORE INSERT ON interaction "
                         "BEGIN SELECT RAISE(ABORT, 'no timeline'); END");
    store *s = fixture_open(w.path, false);
    char *raw = reply("alice@ploemeur.bzh", w.ours, "Bonjour.\n");
    struct mailin_result r;
    CHECK_INT(file(s, raw, &r), STORE_OK);
    CHECK_INT(r.why, MAILIN_NOT_FILED);
    CHECK_INT(count(&w, COUNT_ALL), 1);
    free(raw);
    store_close(s);
}

TEST(when_even_keeping_fails_nothing_is_written)
{
    struct world w;
    build(&w);
    fixture_exec(w.path, "CREATE TRIGGER no_note BEFORE INSERT ON note "
                         "BEGIN SELECT RAISE(ABORT, 'no'); END;"
                         "CREATE TRIGGER no_kept BEFORE INSERT ON unsorted_mail "
                         "BEGIN SELECT RAISE(ABORT, 'no'); END");
    store *s = fixture_open(w.path, false);
    char *raw = reply("alice@ploemeur.bzh", w.ours, "Bonjour.\n");
    struct mailin_result r;
    char err[256] = "";
    CHECK(mailin_file(s, raw, strlen(raw), false, &r, err, sizeof err) != STORE_OK);
    CHECK(err[0] != '\0');
    CHECK_INT(count(&w, COUNT_ALL), 0);
    free(raw);
    store_close(s);
}

TEST(a_login_that_may_not_write_writes_nothing)
{
    struct world w;
    build(&w);
    char *sql = sqlite3_mprintf("INSERT INTO staff (login, display_name, role) VALUES "
                                "('zz-boss', 'Boss', 'admin'); UPDATE staff SET role = "
                                "'readonly' WHERE login = %Q", unix_login());
    fixture_exec(w.path, sql);
    sqlite3_free(sql);
    store *s = fixture_open(w.path, false);
    char *raw = reply("alice@ploemeur.bzh", w.ours, "Bonjour.\n");
    struct mailin_result r;
    char err[256] = "";
    CHECK_INT(mailin_file(s, raw, strlen(raw), false, &r, err, sizeof err), STORE_DENIED);
    CHECK_CONTAINS(err, "read-only");
    CHECK_INT(mailin_file(s, KEPT, strlen(KEPT), false, &r, err, sizeof err), STORE_DENIED);
    CHECK_INT(count(&w, COUNT_ALL), 0);
    free(raw);
    store_close(s);
}

TEST(a_busy_database_writes_nothing)
{
    struct world w;
    build(&w);
    sqlite3 *other = NULL;
    CHECK_INT(sqlite3_open(w.path, &other), SQLITE_OK);
    CHECK_INT(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
    struct store_options o = { .busy_timeout_ms = 50 };
    store *s = NULL;
    char err[512] = "";
    CHECK_INT(store_open(w.path, &o, &s, err, sizeof err), STORE_OK);
    char *raw = reply("alice@ploemeur.bzh", w.ours, "Bonjour.\n");
    struct mailin_result r;
    CHECK_INT(mailin_file(s, raw, strlen(raw), false, &r, err, sizeof err), STORE_BUSY);
    CHECK_INT(mailin_file(s, KEPT, strlen(KEPT), false, &r, err, sizeof err), STORE_BUSY);
    sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(other);
    CHECK_INT(count(&w, COUNT_ALL), 0);
    free(raw);
    store_close(s);
}

/* ---- the store's side ---- */

TEST(unsorted_mail_lists_newest_first_and_files_once)
{
    struct world w;
    build(&w);
    store *s = fixture_open(w.path, false);
    int64_t ids[3];
    for (int i = 0; i < 3; i++) {
        char raw[32];
        snprintf(raw, sizeof raw, "Subject: n%d\n\nx", i);
        struct unsorted_mail u = { .subject = "n", .raw = (unsigned char *)raw,
                                   .raw_len = strlen(raw) };
        CHECK_INT(store_unsorted_add(s, &u), STORE_OK);
        ids[i] = u.id;
    }
    struct unsorted_mail empty = { .raw = (unsigned char *)"", .raw_len = 0 };
    CHECK_INT(store_unsorted_add(s, &empty), STORE_ERROR);
    struct unsorted_mail *list = NULL;
    int n = 0;
    CHECK_INT(store_unsorted_list(s, 2, false, &list, &n), STORE_OK);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_INT(list[0].id, ids[2]);
        CHECK_INT(list[1].id, ids[1]);
        CHECK(list[0].raw == NULL && list[0].raw_len == strlen("Subject: n2\n\nx") && list[0].body == NULL);
    }
    unsorted_mails_free(list, n);
    CHECK_INT(store_unsorted_file(s, ids[2], w.ours), STORE_OK);
    CHECK_INT(store_unsorted_file(s, ids[2], w.staffs), STORE_CONFLICT);
    CHECK_INT(store_unsorted_file(s, ids[1], 12345), STORE_NOT_FOUND);
    CHECK_INT(store_unsorted_file(s, 12345, w.ours), STORE_NOT_FOUND);
    CHECK_INT(store_unsorted_list(s, 10, true, &list, &n), STORE_OK);
    CHECK_INT(n, 2);
    if (n == 2)
        CHECK_INT(list[0].id, ids[1]);
    unsorted_mails_free(list, n);
    struct unsorted_mail u = {0};
    CHECK_INT(store_unsorted_get(s, ids[2], &u), STORE_OK);
    CHECK_INT(u.action_id, w.ours);
    CHECK(u.filed_at != 0);
    unsorted_mail_clear(&u);
    int na = 0;
    struct audit_entry *au = fixture_audit(s, "unsorted_mail", ids[2], &na);
    CHECK_INT(na, 2);
    audit_free(au, na);
    store_close(s);
}

TEST(addresses_are_found_without_case)
{
    struct world w;
    build(&w);
    store *s = fixture_open(w.path, false);
    struct contact c = {0};
    CHECK_INT(store_contact_by_email(s, "ALICE@ploemeur.BZH", 0, &c), STORE_OK);
    CHECK_INT(c.id, w.alice);
    contact_clear(&c);
    CHECK_INT(store_contact_by_email(s, "carol@lorient.bzh", w.member, &c), STORE_NOT_FOUND);
    CHECK_INT(store_contact_by_email(s, "", 0, &c), STORE_NOT_FOUND);
    /* the same address on an active and a retired contact: the active one */
    int64_t again = add_contact(s, w.member, "Bob again", "BOB@ploemeur.bzh", false);
    CHECK_INT(store_contact_by_email(s, "bob@ploemeur.bzh", w.member, &c), STORE_OK);
    CHECK_INT(c.id, again);
    contact_clear(&c);
    struct provider p = {0};
    CHECK_INT(store_provider_by_email(s, "support@certibreizh.example", &p), STORE_OK);
    CHECK_INT(p.id, w.provider);
    provider_clear(&p);
    CHECK_INT(store_provider_by_email(s, "nobody@x", &p), STORE_NOT_FOUND);
    CHECK(mailbox_same_address(" A@B.fr", "a@b.FR "));
    CHECK(!mailbox_same_address("a@b.fr", "a@b.fr.x"));
    CHECK(!mailbox_same_address(NULL, "a@b.fr") && !mailbox_same_address(" ", " "));
    store_close(s);
}

TESTS(T(trim_drops_quotes_and_their_attribution), T(trim_cuts_unquoted_history),
      T(trim_keeps_what_is_not_history), T(trim_never_leaves_nothing),
      T(fit_cuts_at_a_character_boundary), T(the_action_named_subject_first_then_ids),
      T(visibility_comes_from_the_sender), T(a_reply_is_a_note_and_an_incoming_mail),
      T(dates_subjects_and_senders_that_are_missing_or_odd),
      T(what_names_no_action_is_kept_whole), T(a_message_too_large_is_kept_cut_and_not_filed),
      T(a_body_over_the_limit_is_cut_and_kept_whole),
      T(a_note_that_fails_writes_nothing_of_the_reply),
      T(an_interaction_that_fails_takes_the_note_with_it),
      T(when_even_keeping_fails_nothing_is_written),
      T(a_login_that_may_not_write_writes_nothing), T(a_busy_database_writes_nothing),
      T(unsorted_mail_lists_newest_first_and_files_once),
      T(addresses_are_found_without_case))
