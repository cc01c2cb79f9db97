/* core_mailout — mail about an action: the built-in template is share/'s, filled
 * in with the action and the names, its subject always carries [suivi #N]; the
 * recipients are the provider then the member's active contacts with an address;
 * a sent mail leaves an outgoing interaction and a note, together. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "store_fixture.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/domain.h"
#include "suivi/core/mailout.h"

TEST(the_builtin_template_is_the_shared_one)
{
    char *shared = mail_template_read("share/mail/action.txt");
    CHECK_STR(shared, mail_template_builtin());
    free(shared);
    char *fallback = mail_template_read("/no/such/template");   /* installed or built in */
    CHECK_CONTAINS(fallback, "{action}");
    free(fallback);
}

TEST(filled_in_with_the_tag_in_the_subject)
{
    struct action a = { .id = 42, .title = "Certificat RGS", .member_name = "Plœmeur",
                        .due = "2026-12-15", .status = ASTATUS_WAIT_PROVIDER };
    char *subject = NULL;
    char *body = mail_template_fill(mail_template_builtin(), &a, "Mme Le Goff", "Anne Morel",
                                    &subject);
    CHECK_STR(subject, "[suivi #42] Certificat RGS");
    CHECK(strncmp(body, "Bonjour Mme Le Goff,", 20) == 0);
    CHECK_CONTAINS(body, "« Certificat RGS » pour Plœmeur (action #42, échéance : 2026-12-15)");
    CHECK_CONTAINS(body, "Anne Morel\n");
    free(body);
    free(subject);
    body = mail_template_fill("Subject: {title}\n\n{unknown} {title}", &a, "x", "y", &subject);
    CHECK_STR(subject, "[suivi #42] Certificat RGS");      /* the tag is never lost */
    CHECK_STR(body, "{unknown} Certificat RGS");
    free(body);
    free(subject);
}

TEST(recipients_and_the_record_of_a_sent_mail)
{
    store *s = fixture_open(check_tmpfile("m.db"), true);
    int64_t member = fixture_add_member(s, "Plœmeur");
    struct provider p = { .name = xstrdup("CertiBreizh"), .email = xstrdup("c@certi.example") };
    CHECK_INT(store_provider_add(s, &p), STORE_OK);
    struct contact c1 = { .member_id = member, .name = xstrdup("Yann"), .email = xstrdup("y@m.fr") };
    struct contact c2 = { .member_id = member, .name = xstrdup("Sans adresse") };
    struct contact c3 = { .member_id = member, .name = xstrdup("Parti"), .email = xstrdup("p@m.fr"),
                          .retired = true };
    CHECK_INT(store_contact_add(s, &c1), STORE_OK);
    CHECK_INT(store_contact_add(s, &c2), STORE_OK);
    CHECK_INT(store_contact_add(s, &c3), STORE_OK);
    struct action a = { .member_id = member, .title = xstrdup("Certificat"), .priority = 2,
                        .status = ASTATUS_OPEN, .assignee_provider_id = p.id };
    char err[256];
    CHECK_INT(action_save(s, &a, err, sizeof err), STORE_OK);
    struct action got = {0};
    CHECK_INT(store_action_get(s, a.id, &got), STORE_OK);
    struct mail_recipient *r = NULL;
    int n = 0;
    CHECK_INT(mail_recipients(s, &got, &r, &n), STORE_OK);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(r[0].addr, "c@certi.example");
        CHECK_INT(r[0].visibility, NOTE_PROVIDER);
        CHECK_STR(r[1].addr, "y@m.fr");
        CHECK_INT(r[1].contact_id, c1.id);
        CHECK_INT(r[1].visibility, NOTE_MEMBER);
        CHECK_INT(mail_record_sent(s, &got, &r[1], "[suivi #1] Certificat", "Bonjour", err,
                                   sizeof err), STORE_OK);
    }
    const char *path = check_tmpfile("m.db");
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM interaction WHERE kind = 'email_out'"
                              " AND contact_id IS NOT NULL"), 1);
    CHECK_INT(fixture_sql_int(path, "SELECT count(*) FROM note WHERE visibility = 'member'"
                              " AND body LIKE 'Mail sent to Yann <y@m.fr>%'"), 1);
    mail_recipients_free(r, n);
    action_clear(&got);
    action_clear(&a);
    contact_clear(&c1);
    contact_clear(&c2);
    contact_clear(&c3);
    provider_clear(&p);
    store_close(s);
}

TESTS(T(the_builtin_template_is_the_shared_one), T(filled_in_with_the_tag_in_the_subject),
      T(recipients_and_the_record_of_a_sent_mail))
