/* Unit tests: reading mail as it arrives — the messages below are modelled on real
 * ones (Gmail, Outlook, Thunderbird, a French public platform's notifications), then
 * broken ones that must give what can be read and never crash. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "suivi/base/mail.h"

static struct mail_in in;

/* Parse raw (len bytes, or up to its NUL when len is 0) into `in`, freeing the last. */
static int parse_n(const char *raw, size_t len)
{
    char err[256];
    mail_in_free(&in);
    return mail_parse(raw, len ? len : strlen(raw), &in, err, sizeof err);
}

static int parse(const char *raw)
{
    return parse_n(raw, 0);
}

TEST(plain_utf8)
{
    CHECK_INT(parse(
        "Return-Path: <jean.dupont@ploemeur.bzh>\n"
        "Received: from mx.ploemeur.bzh (mx.ploemeur.bzh [192.0.2.1])\n"
        "\tby mail.megalis.bzh with ESMTPS id 4Xyz\n"
        "\tfor <support@megalis.bzh>; Tue, 24 Nov 2026 10:15:27 +0100\n"
        "From: \"Jean Dupont\" <Jean.Dupont@Ploemeur.BZH>\n"
        "To: support@megalis.bzh\n"
        "Subject: Certificat RGS** expiré\n"
        "Date: Tue, 24 Nov 2026 10:15:27 +0100\n"
        "Message-ID: <CAF1234@mail.ploemeur.bzh>\n"
        "MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=\"UTF-8\"\n"
        "Content-Transfer-Encoding: 8bit\n"
        "\n"
        "Bonjour,\n"
        "\n"
        "Le certificat de la mairie de Plœmeur a expiré hier.\n"
        "Merci de l’équipe.\n"), 0);
    CHECK_STR(in.from_addr, "jean.dupont@ploemeur.bzh");
    CHECK_STR(in.from_name, "Jean Dupont");
    CHECK_STR(in.subject, "Certificat RGS** expiré");
    CHECK_STR(in.message_id, "<CAF1234@mail.ploemeur.bzh>");
    CHECK_STR(in.in_reply_to, "");
    CHECK_STR(in.references, "");
    CHECK_INT(in.date, 1795511727);
    CHECK_STR(in.body, "Bonjour,\n\nLe certificat de la mairie de Plœmeur a expiré hier.\n"
                       "Merci de l’équipe.\n");
    CHECK(!in.body_from_html);
}

TEST(crlf_and_folding)
{
    CHECK_INT(parse(
        "From: Marie Le Guen <mleguen@quimper.bzh>\r\n"
        "Subject: =?utf-8?Q?Demande_d'acc=C3=A8s_au?=\r\n"
        " =?utf-8?Q?_parapheur?=\r\n"
        "Date: 24 Nov 2026 10:15:27 +0100 (CET)\r\n"
        "Message-ID:\r\n"
        " <folded.id@quimper.bzh>\r\n"
        "\r\n"
        "Ligne 1\r\n"
        "Ligne 2\r\n"), 0);
    CHECK_STR(in.from_addr, "mleguen@quimper.bzh");
    CHECK_STR(in.from_name, "Marie Le Guen");
    CHECK_STR(in.subject, "Demande d'accès au parapheur");
    CHECK_STR(in.message_id, "<folded.id@quimper.bzh>");
    CHECK_INT(in.date, 1795511727);
    CHECK_STR(in.body, "Ligne 1\nLigne 2\n");
}

TEST(quoted_printable_latin1)
{
    CHECK_INT(parse(
        "From: =?iso-8859-1?Q?Mairie_de_B=E9nodet?= <mairie@benodet.fr>\n"
        "Subject: Conseil\n"
        "MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=ISO-8859-1\n"
        "Content-Transfer-Encoding: Quoted-Printable\n"
        "\n"
        "Bonjour,=0A\n"
        "La s=E9ance du conseil est report=E9e =E0 jeudi. Merci de pr=E9venir les =\n"
        "=e9lus concern=E9s.\n"
        "Co=FBt : 12 =80.\n"), 0);
    CHECK_STR(in.from_name, "Mairie de Bénodet");
    CHECK_STR(in.body, "Bonjour,\n\nLa séance du conseil est reportée à jeudi. Merci de "
                       "prévenir les élus concernés.\nCoût : 12 €.\n");
}

TEST(base64_utf8)
{
    CHECK_INT(parse(
        "From: y.kerbrat@ccas-brest.fr\n"
        "Subject: =?UTF-8?B?Tm90aWZpY2F0aW9uIGRlIGTDqXDDtHQ=?=\n"
        "Content-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: base64\n"
        "\n"
        "Qm9uam91ciwKClBpw6hjZSBqb2ludGUgOiBsZSBib3JkZXJlYXUgc2lnbsOpLgpDb3JkaWFsZW1l\r\n"
        "bnQsCllhbm4gS2VyYnJhdCDigJQgQ0NBUyBkZSBCcmVzdAo=\r\n"
        "\r\n"), 0);
    CHECK_STR(in.from_addr, "y.kerbrat@ccas-brest.fr");
    CHECK_STR(in.from_name, "");
    CHECK_STR(in.subject, "Notification de dépôt");
    CHECK_STR(in.body, "Bonjour,\n\nPièce jointe : le bordereau signé.\nCordialement,\n"
                       "Yann Kerbrat — CCAS de Brest\n");
}

TEST(multipart_alternative_prefers_plain)
{
    CHECK_INT(parse(
        "From: Sophie Riou <sophie.riou@bretagne.bzh>\n"
        "Subject: Formation\n"
        "MIME-Version: 1.0\n"
        "Content-Type: multipart/alternative; boundary=\"000000000000a1b2c3\"\n"
        "\n"
        "--000000000000a1b2c3\n"
        "Content-Type: text/html; charset=\"UTF-8\"\n"
        "Content-Transfer-Encoding: quoted-printable\n"
        "\n"
        "<div dir=3D\"ltr\">La formation aura lieu le <b>3 d=C3=A9cembre</b>.</div>\n"
        "\n"
        "--000000000000a1b2c3\n"
        "Content-Type: text/plain; charset=\"UTF-8\"\n"
        "Content-Transfer-Encoding: quoted-printable\n"
        "\n"
        "La formation aura lieu le 3 d=C3=A9cembre.\n"
        "\n"
        "--000000000000a1b2c3--\n"
        "epilogue, ignored\n"), 0);
    CHECK_STR(in.body, "La formation aura lieu le 3 décembre.\n");
    CHECK(!in.body_from_html);
}

TEST(multipart_mixed_with_attachment_and_nested_alternative)
{
    CHECK_INT(parse(
        "From: \"Kerbrat, Yann\" <y.kerbrat@ccas-brest.fr>\r\n"
        "Subject: Bordereau\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: multipart/mixed;\r\n"
        "\tboundary=----=_NextPart_000_0012_01DB3E4F.12345678\r\n"
        "\r\n"
        "This is a multi-part message in MIME format.\r\n"
        "\r\n"
        "------=_NextPart_000_0012_01DB3E4F.12345678\r\n"
        "Content-Type: text/plain; name=\"notes.txt\"\r\n"
        "Content-Disposition: attachment; filename=\"notes.txt\"\r\n"
        "\r\n"
        "Ceci est une pièce jointe, pas le corps.\r\n"
        "\r\n"
        "------=_NextPart_000_0012_01DB3E4F.12345678\r\n"
        "Content-Type: multipart/alternative;\r\n"
        "\tboundary=\"----=_NextPart_001_0013_01DB3E4F.12345678\"\r\n"
        "\r\n"
        "\r\n"
        "------=_NextPart_001_0013_01DB3E4F.12345678\r\n"
        "Content-Type: text/plain;\r\n"
        "\tcharset=\"iso-8859-1\"\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n"
        "\r\n"
        "Veuillez trouver ci-joint le bordereau sign=E9.\r\n"
        "\r\n"
        "------=_NextPart_001_0013_01DB3E4F.12345678\r\n"
        "Content-Type: text/html;\r\n"
        "\tcharset=\"iso-8859-1\"\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n"
        "\r\n"
        "<html><body><p>Veuillez trouver ci-joint le bordereau sign=E9.</p></body></html>\r\n"
        "\r\n"
        "------=_NextPart_001_0013_01DB3E4F.12345678--\r\n"
        "\r\n"
        "------=_NextPart_000_0012_01DB3E4F.12345678\r\n"
        "Content-Type: application/pdf; name=\"bordereau.pdf\"\r\n"
        "Content-Transfer-Encoding: base64\r\n"
        "Content-Disposition: attachment; filename=\"bordereau.pdf\"\r\n"
        "\r\n"
        "JVBERi0xLjQK\r\n"
        "\r\n"
        "------=_NextPart_000_0012_01DB3E4F.12345678--\r\n"), 0);
    CHECK_STR(in.from_name, "Kerbrat, Yann");
    CHECK_STR(in.body, "Veuillez trouver ci-joint le bordereau signé.\n");
    CHECK(!in.body_from_html);
}

TEST(html_only_with_entities_and_style)
{
    CHECK_INT(parse(
        "From: Chorus Pro <noreply@chorus-pro.gouv.fr>\n"
        "Subject: Facture\n"
        "Content-Type: multipart/related; boundary=rel\n"
        "\n"
        "--rel\n"
        "Content-Type: text/html; charset=utf-8\n"
        "Content-Transfer-Encoding: quoted-printable\n"
        "\n"
        "<html><head><style type=3D\"text/css\">body { font-family: Arial; }</style>=\n"
        "<title>Notification</title></head>\n"
        "<body><p>Bonjour,</p><p>Votre facture n&deg;&nbsp;2026-118 a &eacute;t&eacute; =\n"
        "d&eacute;pos&eacute;e.</p>\n\n\n"
        "<p>Montant&nbsp;: 1&#8239;250,00&nbsp;&euro;</p><br><br><br>"
        "<p>L&rsquo;&eacute;quipe Chorus&nbsp;Pro &amp; la DGFiP</p></body></html>\n"
        "--rel\n"
        "Content-Type: image/png\n"
        "Content-Transfer-Encoding: base64\n"
        "\n"
        "iVBORw0KGgo=\n"
        "--rel--\n"), 0);
    CHECK_STR(in.body, "Bonjour,\nVotre facture n° 2026-118 a été déposée.\n"
                       "Montant : 1\u202F250,00 €\n\nL’équipe Chorus Pro & la DGFiP\n");
    CHECK(in.body_from_html);
}

TEST(html_charset_from_meta)
{
    CHECK_INT(parse(
        "From: a@b.fr\n"
        "Content-Type: text/html\n"
        "\n"
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
        "charset=windows-1252\"></head><body>Pl\x9Cmeur \x80</body></html>\n"), 0);
    CHECK_STR(in.body, "Plœmeur €\n");
    CHECK(in.body_from_html);
}

TEST(windows_1252)
{
    CHECK_INT(parse(
        "From: =?Windows-1252?Q?Fran=E7oise_L=E9on?= <fleon@plouha.fr>\n"
        "Subject: =?windows-1252?Q?Facture_=80_et_l=92=E9quipe?=\n"
        "Content-Type: text/plain; charset=windows-1252\n"
        "Content-Transfer-Encoding: 8bit\n"
        "\n"
        "Le devis de la mairie de Pl\x9Cmeur s\x92\xE9l\xE8ve \xE0 450 \x80.\n"
        "\x93Merci\x94 \x85\n"), 0);
    CHECK_STR(in.from_name, "Françoise Léon");
    CHECK_STR(in.subject, "Facture € et l’équipe");
    CHECK_STR(in.body, "Le devis de la mairie de Plœmeur s’élève à 450 €.\n“Merci” …\n");
    CHECK_CONTAINS(in.body, "Plœmeur");
    CHECK_CONTAINS(in.body, "€");
}

TEST(reply_with_quoted_history)
{
    CHECK_INT(parse(
        "From: Yann Kerbrat <y.kerbrat@ccas-brest.fr>\n"
        "To: support@megalis.bzh\n"
        "Subject: RE: [suivi #318] Certificat RGS** =?utf-8?q?expir=C3=A9?=\n"
        "In-Reply-To: <suivi.action.318.6b0ec61d.4736.1.4164c728e9a990f8@megalis.bzh>\n"
        "References: <CAF1234@mail.ploemeur.bzh>\n"
        " <suivi.action.318.6b0ec61d.4736.1.4164c728e9a990f8@megalis.bzh>\n"
        "Content-Type: text/plain; charset=utf-8\n"
        "\n"
        "Merci, c'est réglé.\n"
        "\n"
        "Le 24/11/2026 à 10:15, Support Mégalis a écrit :\n"
        "> Bonjour,\n"
        ">\n"
        "> Le certificat a été renouvelé.\n"
        ">> Message d’origine\n"), 0);
    CHECK_STR(in.subject, "RE: [suivi #318] Certificat RGS** expiré");
    CHECK_INT(mail_action_ref(in.subject), 318);
    CHECK_STR(in.in_reply_to,
              "<suivi.action.318.6b0ec61d.4736.1.4164c728e9a990f8@megalis.bzh>");
    CHECK_STR(in.references, "<CAF1234@mail.ploemeur.bzh> "
                             "<suivi.action.318.6b0ec61d.4736.1.4164c728e9a990f8@megalis.bzh>");
    CHECK_INT(mail_action_ref_from_ids(in.in_reply_to), 318);
    CHECK_INT(mail_action_ref_from_ids(in.references), 318);
    CHECK_STR(in.body, "Merci, c'est réglé.\n\n"
                       "Le 24/11/2026 à 10:15, Support Mégalis a écrit :\n"
                       "> Bonjour,\n>\n> Le certificat a été renouvelé.\n"
                       ">> Message d’origine\n");
}

TEST(outlook_subject_in_two_encoded_words)
{
    CHECK_INT(parse(
        "Received: from EX01.ville-lannion.local ([fe80::1]) by EX02 with mapi;\r\n"
        " Tue, 24 Nov 2026 10:15:27 +0100\r\n"
        "From: =?iso-8859-1?Q?B=E9atrice_Morvan?= <B.Morvan@ville-lannion.fr>\r\n"
        "To: \"support@megalis.bzh\" <support@megalis.bzh>\r\n"
        "Subject: =?iso-8859-1?Q?RE=A0:_Pr=E9paration_de_la_r=E9union_du_conseil_d'adm?=\r\n"
        " =?iso-8859-1?Q?inistration?=\r\n"
        "Thread-Topic: =?iso-8859-1?Q?Pr=E9paration?=\r\n"
        "Thread-Index: AdtE5fz2Qm9uam91cg==\r\n"
        "Date: Tue, 24 Nov 2026 09:15:27 +0000\r\n"
        "Message-ID: <AM0PR01MB1234ABCD@AM0PR01MB1234.eurprd01.prod.outlook.com>\r\n"
        "Accept-Language: fr-FR, en-US\r\n"
        "Content-Type: text/plain; charset=\"iso-8859-1\"\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n"
        "MIME-Version: 1.0\r\n"
        "\r\n"
        "C'est not=E9, merci.\r\n"), 0);
    CHECK_STR(in.from_addr, "b.morvan@ville-lannion.fr");
    CHECK_STR(in.from_name, "Béatrice Morvan");
    CHECK_STR(in.subject, "RE\u00A0: Préparation de la réunion du conseil d'administration");
    CHECK_INT(in.date, 1795511727);
    CHECK_STR(in.body, "C'est noté, merci.\n");
}

TEST(format_flowed)
{
    CHECK_INT(parse(
        "From: a@b.fr\n"
        "Content-Type: text/plain; charset=utf-8; format=flowed\n"
        "\n"
        "Ceci est une longue ligne qui a été coupée \n"
        "par le client de messagerie.\n"
        "> Une citation \n"
        "> coupée aussi.\n"
        " From stuffed\n"
        "-- \n"
        "Signature\n"), 0);
    CHECK_STR(in.body, "Ceci est une longue ligne qui a été coupée par le client de "
                       "messagerie.\n"
                       "> Une citation coupée aussi.\nFrom stuffed\n-- \nSignature\n");
    CHECK_INT(parse(
        "From: a@b.fr\n"
        "Content-Type: text/plain; charset=utf-8; format=\"Flowed\"; DelSp=Yes\n"
        "\n"
        "Bonjour tout le mon \n"
        "de\n"), 0);
    CHECK_STR(in.body, "Bonjour tout le monde\n");
}

TEST(from_forms)
{
    static const char *const cases[][3] = {
        { "\"Jean Dupont\" <Jean.Dupont@X.fr>", "jean.dupont@x.fr", "Jean Dupont" },
        { "Jean Dupont <jd@x.fr>", "jd@x.fr", "Jean Dupont" },
        { "jd@x.fr (Jean Dupont)", "jd@x.fr", "Jean Dupont" },
        { "JD@X.FR", "jd@x.fr", "" },
        { "<jd@x.fr>", "jd@x.fr", "" },
        { "=?UTF-8?Q?J=C3=A9r=C3=B4me?= Le Bihan <jlb@x.fr>", "jlb@x.fr", "Jérôme Le Bihan" },
        { "\"=?utf-8?Q?J=C3=A9r=C3=B4me?=\" <jlb@x.fr>", "jlb@x.fr", "Jérôme" },
        { "\"Dupont, Jean\" <jd@x.fr>, other@y.fr", "jd@x.fr", "Dupont, Jean" },
        { "\"Quote \\\"Q\\\" Name\" <q@x.fr>", "q@x.fr", "Quote \"Q\" Name" },
        { "Mairie <mairie@x.fr> (accueil)", "mairie@x.fr", "Mairie" },
        { "\"\" <a@b.fr>", "a@b.fr", "" },
        { "jd@x.fr (Jean (le grand) Dupont)", "jd@x.fr", "Jean (le grand) Dupont" },
        { "Jean <jd@x.fr", "jd@x.fr", "Jean" },
        { "<@relay.fr:jd@x.fr>", "jd@x.fr", "" },
        { "Lo\xEF" "c <l@x.fr>", "l@x.fr", "Loïc" },
        { "", "", "" },
    };
    char raw[512];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(raw, sizeof raw, "From: %s\nSubject: x\n\nbody\n", cases[i][0]);
        CHECK_INT(parse(raw), 0);
        CHECK_STR(in.from_addr, cases[i][1]);
        CHECK_STR(in.from_name, cases[i][2]);
    }
    CHECK_INT(parse("Subject: no From\n\nbody\n"), 0);
    CHECK_STR(in.from_addr, "");
    CHECK_STR(in.from_name, "");
}

TEST(dates)
{
    static const struct { const char *date; long long t; } cases[] = {
        { "Tue, 24 Nov 2026 10:15:27 +0100", 1795511727 },
        { "24 Nov 2026 09:15:27 GMT", 1795511727 },
        { "Tue, 24 Nov 2026 04:15:27 -0500 (EST)", 1795511727 },
        { "Tue, 24 Nov 2026 03:15:27 CST", 1795511727 },
        { "Tue,  24 Nov 2026 10:15:27 CET", 1795511727 },
        { "Tue, 24 Nov 2026 09:15:27 Z", 1795511727 },
        { "Tue, 24 Nov 2026 09:15:27", 1795511727 },
        { "tue, 24 nov 2026 09:15:27 +0000", 1795511727 },
        { "Tue, 24 Nov 26 09:15 +0000", 1795511700 },
        { "Fri, 5 Mar 99 10:00:00 +0000", 920628000 },
        { "yesterday", 0 },
        { "Tue, 31 Feb 2026 10:00:00 +0100", 0 },
        { "Tue, 29 Feb 2026 10:00:00 +0100", 0 },
        { "Tue, 24 Foo 2026 10:00 +0100", 0 },
        { "24 Nov 2026 25:00:00 +0000", 0 },
        { "24 Nov 2026 10:00:00 +9999", 0 },
        { "", 0 },
    };
    char raw[256];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(raw, sizeof raw, "From: a@b.fr\nDate: %s\n\nx\n", cases[i].date);
        CHECK_INT(parse(raw), 0);
        CHECK_INT(in.date, cases[i].t);
    }
    CHECK_INT(parse("From: a@b.fr\n\nx\n"), 0);
    CHECK_INT(in.date, 0);
}

/* ---- broken input -------------------------------------------------------------------- */

TEST(not_a_mail)
{
    char err[256] = "";
    struct mail_in m;
    CHECK_INT(mail_parse("", 0, &m, err, sizeof err), -1);
    CHECK(err[0] != '\0');
    CHECK_INT(mail_parse(NULL, 10, &m, err, sizeof err), -1);
    CHECK_INT(mail_parse("just some text\nwithout headers\n", 31, &m, err, sizeof err), -1);
    CHECK_INT(mail_parse("\n\nbody", 6, &m, NULL, 0), -1);
    CHECK_INT(mail_parse(": no name\n\nbody", 15, &m, err, sizeof err), -1);
    CHECK(m.body == NULL && m.subject == NULL);
    mail_in_free(&m);                                        /* harmless after a failure */
}

TEST(malformed_multiparts)
{
    CHECK_INT(parse(                                         /* no close delimiter */
        "From: a@b.fr\nContent-Type: multipart/mixed; boundary=\"b1\"\n\n"
        "--b1\nContent-Type: text/plain; charset=utf-8\n\n"
        "Pas de fin de d\xC3\xA9limiteur.\n"), 0);
    CHECK_STR(in.body, "Pas de fin de délimiteur.\n");
    CHECK_INT(parse(                                         /* no boundary parameter */
        "From: a@b.fr\nContent-Type: multipart/mixed\n\n"
        "--guess\nContent-Type: text/plain\n\ntrouv\xE9\n--guess--\n"), 0);
    CHECK_STR(in.body, "trouvé");
    CHECK_INT(parse(                                         /* multipart, but plain text */
        "From: a@b.fr\nContent-Type: multipart/alternative; boundary=zz\n\n"
        "Juste du texte.\n"), 0);
    CHECK_STR(in.body, "Juste du texte.\n");
    CHECK_INT(parse(                                         /* a boundary that is a prefix */
        "From: a@b.fr\nContent-Type: multipart/mixed; boundary=b\n\n"
        "--b\nContent-Type: multipart/alternative; boundary=b2\n\n"
        "--b2\nContent-Type: text/plain\n\ninner\n--b2--\n--b--\n"), 0);
    CHECK_STR(in.body, "inner");
    CHECK_INT(parse(                                         /* only attachments */
        "From: a@b.fr\nContent-Type: multipart/mixed; boundary=b\n\n"
        "--b\nContent-Type: text/plain\nContent-Disposition: attachment\n\nnot me\n"
        "--b\nContent-Type: application/pdf\n\n%PDF\n--b--\n"), 0);
    CHECK_STR(in.body, "");
    CHECK(!in.body_from_html);
    CHECK_INT(parse(                                         /* a part without headers */
        "From: a@b.fr\nContent-Type: multipart/mixed; boundary=b\n\n"
        "--b\n\nsans en-t\xC3\xAAte\n--b--\n"), 0);
    CHECK_STR(in.body, "sans en-tête");
    CHECK_INT(parse("From: a@b.fr\nContent-Type: multipart/mixed; boundary=b\n\n--b--\n"), 0);
    CHECK_STR(in.body, "");
}

TEST(deep_nesting_is_bounded)
{
    size_t cap = 200 * 64 + 256, n = 0;
    char *raw = malloc(cap);
    n += (size_t)snprintf(raw + n, cap - n,
                          "From: a@b.fr\nContent-Type: multipart/mixed; boundary=b0\n\n");
    for (int i = 0; i < 200; i++)
        n += (size_t)snprintf(raw + n, cap - n,
                              "--b%d\nContent-Type: multipart/mixed; boundary=b%d\n\n",
                              i, i + 1);
    n += (size_t)snprintf(raw + n, cap - n, "--b200\nContent-Type: text/plain\n\ndeep\n");
    CHECK_INT(parse_n(raw, n), 0);
    CHECK_STR(in.body, "");                                  /* too deep: not read */
    free(raw);
}

TEST(bad_base64_and_encodings)
{
    CHECK_INT(parse(
        "From: a@b.fr\nContent-Transfer-Encoding: base64\n\n"
        "Qm9uam91ciDDoCB0b3Vz!!!@@@\n$$$Q"), 0);
    CHECK_STR(in.body, "Bonjour à tous");
    CHECK_INT(parse(
        "From: a@b.fr\nContent-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: x-weird\n\n"
        "caf\xE9 \xC3\xA9\n"), 0);
    CHECK_STR(in.body, "caf\xEF\xBF\xBD é\n");
    CHECK_INT(parse(
        "From: a@b.fr\nContent-Type: text/plain; charset=no-such-thing\n"
        "Content-Transfer-Encoding: quoted-printable\n\ncaf=E9=\n"), 0);
    CHECK_STR(in.body, "café");
    CHECK_INT(parse("From: a@b.fr\nSubject: =?utf-8?B?w6k=?= =?utf-8?B?!!!?=\n\n"), 0);
    CHECK_STR(in.subject, "é");
}

TEST(no_body_and_odd_headers)
{
    CHECK_INT(parse("From: a@b.fr\nSubject: headers only"), 0);
    CHECK_STR(in.subject, "headers only");
    CHECK_STR(in.body, "");
    CHECK_INT(parse("From: a@b.fr\nSubject: empty body\n\n"), 0);
    CHECK_STR(in.body, "");
    CHECK_INT(parse(
        "From: a@b.fr\nThis line has no colon\n continued\nSubject: Still here\n"
        "X-Empty:\nsubject: second one ignored\n\nBody\n"), 0);
    CHECK_STR(in.subject, "Still here");
    CHECK_STR(in.body, "Body\n");
    CHECK_INT(parse(
        "From someone@x.fr Tue Nov 24 10:15:27 2026\n"
        "From: a@b.fr\nSubject : obsolete space\n\nmbox\n"), 0);
    CHECK_STR(in.from_addr, "a@b.fr");
    CHECK_STR(in.subject, "obsolete space");
    CHECK_STR(in.body, "mbox\n");
    CHECK_INT(parse("From: a@b.fr\nSubject: =?utf-8?Q?line=0Abreak=0D?=\tand tab\n\nx\n"), 0);
    CHECK_STR(in.subject, "line break  and tab");
    CHECK_INT(parse("From: a@b.fr\nMessage-ID: no-brackets@x.fr  \n"
                    "In-Reply-To: <a@x> (Jean's message)\n\nx"), 0);
    CHECK_STR(in.message_id, "no-brackets@x.fr");
    CHECK_STR(in.in_reply_to, "<a@x>");
}

TEST(nul_bytes)
{
    static const char raw[] = "From: a@b.fr\nSubject: nul\0here\n\nbody\0with nul\r\nend\r\n";
    CHECK_INT(parse_n(raw, sizeof raw - 1), 0);
    CHECK_STR(in.subject, "nul here");
    CHECK_STR(in.body, "body\xEF\xBF\xBDwith nul\nend\n");
    static const char raw2[] = "From: a@b.fr\nContent-Transfer-Encoding: base64\n\nAGE=\n";
    CHECK_INT(parse_n(raw2, sizeof raw2 - 1), 0);
    CHECK_STR(in.body, "\xEF\xBF\xBD" "a");
}

TEST(megabyte_lines)
{
    size_t big = 1 << 20;
    char *raw = malloc(2 * big + 256);
    size_t n = 0, subject = strlen("From: a@b.fr\nSubject: ");
    n += (size_t)sprintf(raw, "From: a@b.fr\nSubject: ");
    memset(raw + n, 'S', big);
    n += big;
    n += (size_t)sprintf(raw + n, "\nContent-Type: text/plain\n\n");
    memset(raw + n, '=', big);                               /* a megabyte of '=' in QP... */
    n += big;
    raw[n++] = '\n';
    raw[n] = '\0';                                           /* for strstr below */
    CHECK_INT(parse_n(raw, n), 0);
    CHECK_INT(strlen(in.subject), big);
    CHECK_INT(strlen(in.body), big + 1);
    memcpy(strstr(raw, "text/plain"), "text/html;", 10);     /* ...and in HTML */
    CHECK_INT(parse_n(raw, n), 0);
    CHECK(in.body_from_html);
    memset(raw + subject, '<', big / 2);                     /* "=?"s and '<'s in a subject */
    for (size_t i = subject + big / 2; i + 2 < subject + big; i += 2)
        memcpy(raw + i, "=?", 2);
    CHECK_INT(parse_n(raw, n), 0);
    CHECK(strlen(in.subject) > big / 2);
    CHECK_INT(mail_action_ref(in.subject), 0);
    free(raw);
}

/* Truncated at every length, the sample messages still parse or are refused cleanly
 * (valgrind and the sanitizers watch the reads). */
TEST(every_truncation)
{
    static const char raw[] =
        "From: \"K, Y\" <y@x.fr>\r\nSubject: =?iso-8859-1?Q?Pr=E9?= =?utf-8?B?w6k=?=\r\n"
        "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n"
        "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        "PHA+w6k8L3A+\r\n--b\r\nContent-Type: text/plain; format=flowed\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n\r\nfin=E9=20\r\nsuite=\r\n--b--\r\n";
    for (size_t n = 1; n < sizeof raw; n++) {
        char *copy = malloc(n);                              /* exact size: no NUL after */
        memcpy(copy, raw, n);
        int rc = parse_n(copy, n);
        CHECK(rc == 0 || rc == -1);
        if (rc == 0)
            CHECK(in.body != NULL && in.subject != NULL && in.from_addr != NULL);
        free(copy);
    }
    CHECK_INT(parse(raw), 0);
    CHECK_STR(in.body, "finé suite\n");
    CHECK_STR(in.subject, "Préé");
}

static void done(void)
{
    mail_in_free(&in);
}

TEST(cleanup)
{
    done();
    CHECK(in.body == NULL);
}

TESTS(T(plain_utf8), T(crlf_and_folding), T(quoted_printable_latin1), T(base64_utf8),
      T(multipart_alternative_prefers_plain),
      T(multipart_mixed_with_attachment_and_nested_alternative),
      T(html_only_with_entities_and_style), T(html_charset_from_meta), T(windows_1252),
      T(reply_with_quoted_history), T(outlook_subject_in_two_encoded_words),
      T(format_flowed), T(from_forms), T(dates), T(not_a_mail), T(malformed_multiparts),
      T(deep_nesting_is_bounded), T(bad_base64_and_encodings), T(no_body_and_odd_headers),
      T(nul_bytes), T(megabyte_lines), T(every_truncation), T(cleanup))
