/* Unit tests: composing a mail (headers, RFC 2047 words, folding, header injection,
 * quoted-printable) and the codecs underneath (base64, QP, charsets, encoded words,
 * HTML to text).  What is composed is read back with mail_parse. */
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "suivi/base/mail.h"

#define LIT(s) s, sizeof s - 1                 /* a literal and its length */
#define PARIS_TZ "CET-1CEST,M3.5.0,M10.5.0/3"   /* no tzdata needed */

static struct mail_out sample(void)
{
    return (struct mail_out){
        .from_name = "Équipe support", .from_addr = "support@megalis.bzh",
        .to_name = "Mairie de Plœmeur", .to_addr = "accueil@ploemeur.bzh",
        .subject = "Réunion", .body = "Bonjour,\nÀ demain.\n",
        .message_id_domain = "megalis.bzh", .date = 1796130180,   /* 2026-12-01 13:03 UTC */
    };
}

/* The value of header name in a composed message ("" if absent), unfolded. */
static const char *header(const char *msg, const char *name)
{
    static char out[2048];
    size_t k = strlen(name);
    out[0] = '\0';
    for (const char *p = msg; *p && *p != '\n'; p = strchr(p, '\n') + 1) {
        if (strncmp(p, name, k) != 0 || p[k] != ':')
            continue;
        size_t o = 0;
        for (const char *q = p + k + 1; *q && o + 1 < sizeof out; q++) {
            if (*q == '\n' && q[1] != ' ' && q[1] != '\t')
                break;
            if (*q != '\n')
                out[o++] = *q;
        }
        out[o] = '\0';
        return out[0] == ' ' ? out + 1 : out;
    }
    return out;
}

static size_t longest_line(const char *s, size_t upto)
{
    size_t max = 0;
    for (const char *p = s; *p && (size_t)(p - s) < upto;) {
        size_t n = strcspn(p, "\n");
        max = n > max ? n : max;
        p += n + (p[n] == '\n');
    }
    return max;
}

static size_t header_len(const char *msg)
{
    const char *e = strstr(msg, "\n\n");
    return e ? (size_t)(e - msg) + 1 : strlen(msg);
}

/* ---- composing ----------------------------------------------------------------------- */

TEST(compose_has_every_header)
{
    setenv("TZ", PARIS_TZ, 1);
    tzset();
    struct mail_out m = sample();
    m.cc_addr = "dsi@megalis.bzh";
    m.in_reply_to = "abc.123@ploemeur.bzh";
    m.action_id = 42;
    char err[256];
    char *s = mail_compose(&m, err, sizeof err);
    CHECK(s != NULL);
    if (!s)
        return;
    CHECK_STR(header(s, "Date"), "Tue, 01 Dec 2026 14:03:00 +0100");
    CHECK_STR(header(s, "From"), "=?UTF-8?Q?=C3=89quipe_support?= <support@megalis.bzh>");
    CHECK_STR(header(s, "To"), "=?UTF-8?Q?Mairie_de_Pl=C5=93meur?= <accueil@ploemeur.bzh>");
    CHECK_STR(header(s, "Cc"), "dsi@megalis.bzh");
    CHECK_STR(header(s, "Subject"), "=?UTF-8?Q?R=C3=A9union?=");
    CHECK_STR(header(s, "In-Reply-To"), "<abc.123@ploemeur.bzh>");
    CHECK_STR(header(s, "References"), "<abc.123@ploemeur.bzh>");
    CHECK_STR(header(s, "MIME-Version"), "1.0");
    CHECK_STR(header(s, "Content-Type"), "text/plain; charset=utf-8");
    CHECK_STR(header(s, "Content-Transfer-Encoding"), "quoted-printable");
    CHECK_STR(header(s, "X-Mailer"), "suivi");
    const char *id = header(s, "Message-ID");
    CHECK(strncmp(id, "<suivi.action.42.", 17) == 0);
    CHECK(strlen(id) > 30 && strcmp(id + strlen(id) - 13, "@megalis.bzh>") == 0);
    CHECK(strstr(s, "\r") == NULL);                          /* LF for sendmail */
    CHECK_CONTAINS(s, "\n\nBonjour,\n=C3=80 demain.\n");
    CHECK(s[strlen(s) - 1] == '\n');

    struct mail_in in;
    CHECK_INT(mail_parse(s, strlen(s), &in, err, sizeof err), 0);
    CHECK_STR(in.from_addr, "support@megalis.bzh");
    CHECK_STR(in.from_name, "Équipe support");
    CHECK_STR(in.subject, "Réunion");
    CHECK_STR(in.body, "Bonjour,\nÀ demain.\n");
    CHECK_INT(in.date, 1796130180);
    CHECK_INT(mail_action_ref_from_ids(in.message_id), 42);
    mail_in_free(&in);
    free(s);
}

TEST(compose_summer_date_and_plain_names)
{
    setenv("TZ", PARIS_TZ, 1);
    tzset();
    struct mail_out m = sample();
    m.date = 1782907200;                                     /* 2026-07-01 12:00 UTC */
    m.from_name = "Support";
    m.to_name = "Dupont, Jean \"JD\"";
    m.subject = "Hello world";
    m.body = "Plain ASCII body.\n";
    char err[256];
    char *s = mail_compose(&m, err, sizeof err);
    CHECK_STR(header(s, "Date"), "Wed, 01 Jul 2026 14:00:00 +0200");
    CHECK_STR(header(s, "From"), "Support <support@megalis.bzh>");
    CHECK_STR(header(s, "To"), "\"Dupont, Jean \\\"JD\\\"\" <accueil@ploemeur.bzh>");
    CHECK_STR(header(s, "Subject"), "Hello world");
    CHECK_STR(header(s, "Content-Transfer-Encoding"), "7bit");
    CHECK(strstr(s, "\nCc:") == NULL && strstr(s, "\nIn-Reply-To:") == NULL);
    CHECK_CONTAINS(s, "\n\nPlain ASCII body.\n");
    const char *id = header(s, "Message-ID");
    CHECK(strncmp(id, "<suivi.", 7) == 0 && strncmp(id, "<suivi.action.", 14) != 0);
    struct mail_in in;
    CHECK_INT(mail_parse(s, strlen(s), &in, err, sizeof err), 0);
    CHECK_STR(in.from_name, "Support");
    CHECK_STR(in.subject, "Hello world");
    mail_in_free(&in);
    free(s);

    m.to_name = NULL;                                        /* no name: bare address */
    m.message_id_domain = NULL;                              /* the From domain */
    m.message_id = "<given.1@megalis.bzh>";
    s = mail_compose(&m, err, sizeof err);
    CHECK_STR(header(s, "To"), "accueil@ploemeur.bzh");
    CHECK_STR(header(s, "Message-ID"), "<given.1@megalis.bzh>");
    free(s);
    m.message_id = NULL;
    s = mail_compose(&m, err, sizeof err);
    CHECK(strstr(header(s, "Message-ID"), "@megalis.bzh>") != NULL);
    free(s);
}

TEST(encoded_words)
{
    char *w = mail_encode_header_word("Réunion");
    CHECK_STR(w, "=?UTF-8?Q?R=C3=A9union?=");
    free(w);
    w = mail_encode_header_word("  Hello \t world  ");
    CHECK_STR(w, "Hello world");
    free(w);
    w = mail_encode_header_word("Réunion du comité");          /* "du" stays plain */
    CHECK_STR(w, "=?UTF-8?Q?R=C3=A9union?= du =?UTF-8?Q?comit=C3=A9?=");
    free(w);
    w = mail_encode_header_word("élus à Brest");       /* one run, so that the space between */
    CHECK_STR(w, "=?UTF-8?B?w6lsdXMgw6A=?= Brest");    /* is kept; B is shorter here than Q */
    char *d = mail_decode_header(w);
    CHECK_STR(d, "élus à Brest");
    free(d);
    free(w);
    w = mail_encode_header_word("a =?utf-8?q?x?= b");          /* looks encoded: encoded */
    d = mail_decode_header(w);
    CHECK_STR(d, "a =?utf-8?q?x?= b");
    free(d);
    free(w);
    w = mail_encode_header_word("");
    CHECK_STR(w, "");
    free(w);
    w = mail_encode_header_word("bad \xC3 byte");
    d = mail_decode_header(w);
    CHECK_STR(d, "bad \xEF\xBF\xBD byte");
    free(d);
    free(w);
}

/* Every encoded word of a long value is at most 66 characters and decodes alone to
 * valid UTF-8: no character is cut between two words. */
TEST(encoded_words_never_cut_a_character)
{
    static const char *const texts[] = {
        "Plœmeur Plœmeur Plœmeur Plœmeur Plœmeur Plœmeur Plœmeur Plœmeur Plœmeur",
        "日本語のテキストです。長い件名をテストします。日本語のテキストです。",
        "ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé",
        "€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€",
    };
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        char *w = mail_encode_header_word(texts[t]);
        int words = 0;
        for (char *p = strtok(w, " "); p; p = strtok(NULL, " "), words++) {
            CHECK(strlen(p) <= 66);
            CHECK(strncmp(p, "=?UTF-8?", 8) == 0);
            char *d = mail_decode_header(p);
            CHECK(strstr(d, "\xEF\xBF\xBD") == NULL);
            free(d);
        }
        CHECK(words >= 2);
        free(w);
        w = mail_encode_header_word(texts[t]);
        char *d = mail_decode_header(w);
        CHECK_STR(d, texts[t]);
        free(d);
        free(w);
    }
}

TEST(long_subject_is_folded)
{
    struct mail_out m = sample();
    m.subject = "[suivi #1234] Réunion de déploiement du parapheur électronique à la mairie "
                "de Plœmeur, salle du conseil municipal — ordre du jour, pièces jointes et "
                "compte rendu de la précédente séance";
    m.from_name = "Direction des systèmes d’information et du numérique du syndicat mixte";
    char err[256];
    char *s = mail_compose(&m, err, sizeof err);
    CHECK(s != NULL);
    CHECK(longest_line(s, header_len(s)) <= 78);
    CHECK(strstr(s, "\n ") != NULL && strstr(s, "\n ") < s + header_len(s));   /* folded */
    CHECK(strstr(header(s, "Subject"), "[suivi #1234]") == header(s, "Subject"));
    struct mail_in in;
    CHECK_INT(mail_parse(s, strlen(s), &in, err, sizeof err), 0);
    CHECK_STR(in.subject, m.subject);
    CHECK_STR(in.from_name, m.from_name);
    CHECK_INT(mail_action_ref(in.subject), 1234);
    mail_in_free(&in);
    free(s);
}

TEST(no_header_injection)
{
    struct mail_out m = sample();
    m.subject = "Salut\r\nBcc: x@y";
    m.from_name = "Eve\nBcc: spy@evil.example";
    m.to_name = "Bob\r\n\r\nbody";
    char err[256];
    char *s = mail_compose(&m, err, sizeof err);
    CHECK(s != NULL);
    CHECK(strstr(s, "\nBcc:") == NULL);
    CHECK(strncmp(s, "Bcc:", 4) != 0);
    for (const char *p = s; *p && p < s + header_len(s); p = strchr(p, '\n') + 1)
        CHECK(*p == ' ' || *p == '\n' || strcspn(p, ":\n") < strcspn(p, " \n"));
    struct mail_in in;
    CHECK_INT(mail_parse(s, strlen(s), &in, err, sizeof err), 0);
    CHECK_STR(in.subject, "Salut Bcc: x@y");
    CHECK_STR(in.from_name, "Eve Bcc: spy@evil.example");
    CHECK_STR(in.body, "Bonjour,\nÀ demain.\n");
    mail_in_free(&in);
    free(s);

    static const struct { const char *to, *cc, *reply, *field; } bad[] = {
        { "a@b.fr\r\nBcc: x@y", NULL, NULL, "To" },
        { "a@b.fr", "c@d.fr\nBcc: x@y", NULL, "Cc" },
        { "a@b.fr", NULL, "<id@x>\r\nBcc: x@y", "In-Reply-To" },
        { "a b@c.fr", NULL, NULL, "To" },
        { "a@@c.fr", NULL, NULL, "To" },
        { "ab.fr", NULL, NULL, "To" },
        { "<a@b.fr>", NULL, NULL, "To" },
        { "a@b.fr, c@d.fr", NULL, NULL, "To" },
        { "é@b.fr", NULL, NULL, "To" },
        { "", NULL, NULL, "To" },
        { NULL, NULL, NULL, "To" },
        { "@b.fr", NULL, NULL, "To" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        m = sample();
        m.to_addr = bad[i].to, m.cc_addr = bad[i].cc, m.in_reply_to = bad[i].reply;
        err[0] = '\0';
        s = mail_compose(&m, err, sizeof err);
        CHECK(s == NULL);
        CHECK(strncmp(err, bad[i].field, strlen(bad[i].field)) == 0);
        CHECK(strchr(err, '\n') == NULL);
        free(s);
    }
    m = sample();
    m.from_addr = "support@megalis.bzh\n";
    s = mail_compose(&m, err, sizeof err);
    CHECK(s == NULL);
    CHECK(strncmp(err, "From", 4) == 0);
    m = sample();
    m.message_id_domain = "evil\n.example";
    s = mail_compose(&m, err, sizeof err);
    CHECK(s == NULL);
    CHECK(strncmp(err, "Message-ID", 10) == 0);
}

/* ---- quoted-printable ---------------------------------------------------------------- */

static void check_qp_lines(const char *qp)
{
    for (const char *p = qp; *p;) {
        size_t n = strcspn(p, "\n");
        CHECK(n <= 76);
        if (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
            CHECK(!"trailing blank in QP");
        for (size_t i = 0; i < n; i++)
            CHECK((unsigned char)p[i] >= ' ' && (unsigned char)p[i] < 0x7F);
        p += n + (p[n] == '\n');
    }
}

TEST(qp_body)
{
    static const char *const bodies[] = {
        "Bonjour,\n\nVoici l’ordre du jour de la réunion : déploiement, formation des agents, "
        "questions diverses.\n",
        "trailing spaces   \ntab\t\n= equals = and ==\n",
        "ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé\n",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
        "From the start\nno final newline",
        "",
        "\n\n\n",
    };
    static const char *const back[] = { NULL, NULL, NULL, NULL, NULL,
                                         "From the start\nno final newline\n", "", NULL };
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        char *qp = mail_qp_encode(bodies[i]);
        check_qp_lines(qp);
        size_t len;
        char *d = mail_qp_decode(qp, strlen(qp), &len);
        CHECK_STR(d, back[i] ? back[i] : bodies[i]);
        CHECK_INT(len, strlen(d));
        free(d);
        free(qp);
    }
    char *qp = mail_qp_encode("a = b  \nFrom x\n");
    CHECK_STR(qp, "a =3D b =20\n=46rom x\n");
    free(qp);
    qp = mail_qp_encode("l’équipe\n");
    CHECK_STR(qp, "l=E2=80=99=C3=A9quipe\n");
    free(qp);
}

TEST(composed_body_round_trips)
{
    struct mail_out m = sample();
    m.body = "Bonjour,\n\nLa réunion de l’équipe aura lieu à Plœmeur, 12 € le repas. "
             "Cette ligne "
             "dépasse largement les soixante-seize colonnes autorisées.\nFrom: pas un en-tête\n"
             "fin   ";
    char err[256];
    char *s = mail_compose(&m, err, sizeof err);
    check_qp_lines(strstr(s, "\n\n") + 2);
    struct mail_in in;
    CHECK_INT(mail_parse(s, strlen(s), &in, err, sizeof err), 0);
    char want[512];
    snprintf(want, sizeof want, "%s\n", m.body);
    CHECK_STR(in.body, want);
    mail_in_free(&in);
    free(s);
}

/* ---- ids and tags -------------------------------------------------------------------- */

TEST(message_ids)
{
    char a[MAIL_ID_MAX], b[MAIL_ID_MAX];
    CHECK_INT(mail_message_id("megalis.bzh", 0, a, sizeof a), 0);
    CHECK_INT(mail_message_id("megalis.bzh", 0, b, sizeof b), 0);
    CHECK(strcmp(a, b) != 0);
    CHECK(strncmp(a, "<suivi.", 7) == 0);
    CHECK(strcmp(a + strlen(a) - 13, "@megalis.bzh>") == 0);
    CHECK_INT(mail_action_ref_from_ids(a), 0);
    CHECK_INT(mail_message_id("megalis.bzh", 9876543210LL, a, sizeof a), 0);
    CHECK(strncmp(a, "<suivi.action.9876543210.", 25) == 0);
    CHECK_INT(mail_action_ref_from_ids(a), 9876543210LL);
    CHECK_INT(mail_message_id("bad domain", 1, a, sizeof a), -1);
    CHECK_INT(mail_message_id("", 1, a, sizeof a), -1);
    CHECK_INT(mail_message_id(NULL, 1, a, sizeof a), -1);
    CHECK_INT(mail_message_id("megalis.bzh", 1, a, 20), -1);
    CHECK_STR(a, "");
}

TEST(action_refs)
{
    CHECK_INT(mail_action_ref("[suivi #42] Réunion"), 42);
    CHECK_INT(mail_action_ref("RE: TR: [suivi #7] x"), 7);
    CHECK_INT(mail_action_ref("Re: [SUIVI#12]"), 12);
    CHECK_INT(mail_action_ref("[Suivi # 5] spaces after #"), 5);
    CHECK_INT(mail_action_ref("[suivi #0]"), 0);
    CHECK_INT(mail_action_ref("[suivi #12 ]"), 0);
    CHECK_INT(mail_action_ref("[suivi #99999999999]"), 0);
    CHECK_INT(mail_action_ref("[suivi] #4"), 0);
    CHECK_INT(mail_action_ref("[suivi #x] [suivi #3]"), 3);
    CHECK_INT(mail_action_ref("suivi #3"), 0);
    CHECK_INT(mail_action_ref(""), 0);
    CHECK_INT(mail_action_ref(NULL), 0);
    CHECK_INT(mail_action_ref_from_ids("<suivi.action.12.abc.1.2.3@megalis.bzh>"), 12);
    CHECK_INT(mail_action_ref_from_ids("<a@b> <SUIVI.ACTION.3.x@m> <suivi.action.8.y@m>"), 8);
    CHECK_INT(mail_action_ref_from_ids("<suivi.action.12@megalis.bzh>"), 0);
    CHECK_INT(mail_action_ref_from_ids("<suivi.action..x@m>"), 0);
    CHECK_INT(mail_action_ref_from_ids("<suivi.1.2.3@m>"), 0);
    CHECK_INT(mail_action_ref_from_ids(NULL), 0);
}

/* ---- decoders ------------------------------------------------------------------------ */

TEST(base64_and_qp_decoders)
{
    size_t n;
    char *d = mail_base64_decode(LIT("Qm9u\r\nam91\n ciDDoCB0\tb3Vz !!"), &n);
    CHECK_STR(d, "Bonjour à tous");
    CHECK_INT(n, strlen("Bonjour à tous"));
    free(d);
    d = mail_base64_decode("QUJD", 3, &n);                    /* truncated: "AB" whole */
    CHECK_STR(d, "AB");
    free(d);
    d = mail_base64_decode("QQ==Qg==", 8, &n);                /* padded chunks joined */
    CHECK_STR(d, "AB");
    free(d);
    d = mail_base64_decode("AGE=", 4, &n);                    /* a NUL byte */
    CHECK_INT(n, 2);
    CHECK(d[0] == '\0' && d[1] == 'a');
    free(d);
    d = mail_base64_decode("", 0, &n);
    CHECK_STR(d, "");
    free(d);
    const char *qp = "caf=E9 =\r\nau lait=3d=3D =\nfin=\n= =ZZ=4  \t\r\nx=";
    d = mail_qp_decode(qp, strlen(qp), &n);
    CHECK_STR(d, "caf\xE9 au lait== fin= =ZZ=4\r\nx");
    free(d);
}

TEST(charsets)
{
    char *t = mail_to_utf8("iso-8859-1", LIT("Pl\x9C" "meur co\xFBte 12\x80 l\x92\xE9quipe"));
    CHECK_STR(t, "Plœmeur coûte 12€ l’équipe");
    free(t);
    t = mail_to_utf8("\"Windows-1252\"", LIT("\x80\x92\x9C\x81"));
    CHECK_STR(t, "€’œ\xEF\xBF\xBD");
    free(t);
    t = mail_to_utf8("ISO_8859-15", LIT("\xA4 \xBD\xBC \xE9"));
    CHECK_STR(t, "€ œŒ é");
    free(t);
    t = mail_to_utf8("latin1", "\xA4", 1);
    CHECK_STR(t, "¤");
    free(t);
    t = mail_to_utf8("UTF-8", LIT("ok \xC3\xA9 \xC3 \xFF \xED\xA0\x80 end"));
    CHECK_STR(t, "ok é \xEF\xBF\xBD \xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD end");
    free(t);
    t = mail_to_utf8("utf-8", LIT("a\0b"));
    CHECK_STR(t, "a\xEF\xBF\xBD" "b");
    free(t);
    t = mail_to_utf8("us-ascii", LIT("d\xC3\xA9j\xC3\xA0"));     /* mislabelled UTF-8 */
    CHECK_STR(t, "déjà");
    free(t);
    t = mail_to_utf8(NULL, LIT("d\xE9j\xE0"));                   /* unlabelled Latin-1 */
    CHECK_STR(t, "déjà");
    free(t);
    t = mail_to_utf8("x-no-such-charset", LIT("caf\xE9"));
    CHECK_STR(t, "café");
    free(t);
    t = mail_to_utf8("../../etc/passwd", LIT("caf\xE9"));
    CHECK_STR(t, "café");
    free(t);
    iconv_t cd = iconv_open("UTF-8", "ISO-8859-2");           /* through iconv when */
    bool have = cd != (iconv_t)-1;                             /* gconv is installed, */
    if (have)                                                  /* else Windows-1252 */
        iconv_close(cd);
    t = mail_to_utf8("iso-8859-2", LIT("\xB3\xF3\xBF"));
    CHECK_STR(t, have ? "łóż" : "³óż");
    free(t);
}

TEST(header_decoding)
{
    static const char *const cases[][2] = {
        { "=?UTF-8?Q?R=C3=A9union?=", "Réunion" },
        { "=?utf-8?q?R=c3=a9union_du_comit=c3=a9?=", "Réunion du comité" },
        { "=?ISO-8859-1?Q?Pr=E9paration?= =?ISO-8859-1?Q?_de_la_r=E9union?=",
          "Préparation de la réunion" },
        { "=?utf-8?B?UsOp?=\r\n =?utf-8?B?dW5pb24=?=", "Réunion" },
        { "=?UTF-8?Q?Pl=C5?= =?utf-8?Q?=93meur?=", "Plœmeur" },   /* a character cut */
        { "Re: =?windows-1252?Q?l=92=E9quipe?= et =?iso-8859-15?q?=A4?=", "Re: l’équipe et €" },
        { "=?UTF-8?B?w4k=?=quipe", "Équipe" },
        { "=?utf-8*fr?Q?caf=C3=A9?=", "café" },
        { "=?us-ascii?Q?plain?=", "plain" },
        { "=?utf-8?X?abc?= =?utf-8?Q?broken", "=?utf-8?X?abc?= =?utf-8?Q?broken" },
        { "=??Q?x?= a=?b", "=??Q?x?= a=?b" },
        { "raw 8bit caf\xE9", "raw 8bit café" },
        { "raw utf-8 caf\xC3\xA9", "raw utf-8 café" },
        { "a  b", "a  b" },
        { "", "" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *d = mail_decode_header(cases[i][0]);
        CHECK_STR(d, cases[i][1]);
        free(d);
    }
    char *d = mail_decode_header(NULL);
    CHECK_STR(d, "");
    free(d);
}

TEST(html_to_text)
{
    const char *h =
        "<!DOCTYPE html><html><head><title>T</title><style>p { color: red; }</style></head>"
        "<body><!-- a comment --><p>Bonjour&nbsp;&agrave; tous,</p>\n"
        "<p>L&rsquo;&eacute;quipe de Pl&oelig;meur   vous   &eacute;crit &amp; "
        "pr&eacute;cise&#160;: 5 &lt; 6 &gt; 4, &#233;t&#xE9; &euro;&#128;</p>"
        "<p>&nbsp;</p><p>&nbsp;</p><p>&nbsp;</p>"
        "<div>ligne<br>suivante<br/></div><ul><li>un</li><li>deux</li></ul>"
        "<script>alert('x')</script><table><tr><td>a</td><td>b</td></tr></table>"
        "<pre>  garder\n  ceci</pre>&unknown; &amp a < b</body></html>";
    char *t = mail_html_to_text(h, strlen(h));
    CHECK_STR(t, "Bonjour à tous,\n"
                 "L’équipe de Plœmeur vous écrit & précise : 5 < 6 > 4, été €€\n"
                 "\n"
                 "ligne\nsuivante\n"
                 "- un\n- deux\n"
                 "a b\n"
                 "  garder\n  ceci\n"
                 "&unknown; &amp a < b\n");
    free(t);
    t = mail_html_to_text(LIT("<head><meta charset=utf-8>unclosed head<p>text"));
    CHECK_STR(t, "unclosed head\ntext\n");
    free(t);
    t = mail_html_to_text(LIT("<style>never closed"));
    CHECK_STR(t, "");
    free(t);
    t = mail_html_to_text("", 0);
    CHECK_STR(t, "");
    free(t);
    t = mail_html_to_text(LIT("<a href=\"x>y\" title='z'>lien</a> <img src=x alt=y>"));
    CHECK_STR(t, "lien\n");
    free(t);
}

/* Hostile HTML stays linear: a megabyte of '<' or of unclosed heads. */
TEST(html_hostile_input_is_fast)
{
    size_t n = 1 << 20;
    char *h = malloc(n + 1);
    memset(h, '<', n);
    h[n] = '\0';
    clock_t c0 = clock();
    char *t = mail_html_to_text(h, n);
    CHECK_INT(strlen(t), n + 1);
    free(t);
    for (size_t i = 0; i + 6 <= n; i += 6)
        memcpy(h + i, "<head>", 6);
    t = mail_html_to_text(h, n);
    free(t);
    for (size_t i = 0; i + 8 <= n; i += 8)
        memcpy(h + i, "<a b=\"c ", 8);
    t = mail_html_to_text(h, n);
    free(t);
    CHECK((double)(clock() - c0) / CLOCKS_PER_SEC < 20.0);
    free(h);
}

TESTS(T(compose_has_every_header), T(compose_summer_date_and_plain_names), T(encoded_words),
      T(encoded_words_never_cut_a_character), T(long_subject_is_folded),
      T(no_header_injection), T(qp_body), T(composed_body_round_trips), T(message_ids),
      T(action_refs), T(base64_and_qp_decoders), T(charsets), T(header_decoding),
      T(html_to_text), T(html_hostile_input_is_fast))
