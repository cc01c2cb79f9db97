/* core_export — lists as files: CSV as French spreadsheets open it (BOM, ';', CRLF,
 * quoting), formulas neutralised, accents intact, JSON escaped; the actions of a
 * query only; the interactions of every member. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "store_fixture.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/domain.h"
#include "suivi/core/export.h"
#include "suivi/core/query.h"

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    CHECK(f != NULL);
    if (!f)
        return xstrdup("");
    char *buf = xcalloc(1, 1 << 16);
    size_t n = fread(buf, 1, (1 << 16) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static char *export_to_text(store *s, struct export_request *r, long *rows)
{
    const char *path = check_tmpfile("out");
    FILE *f = fopen(path, "wb");
    char err[256] = "";
    int rc = export_write(s, r, f, rows, err, sizeof err);
    if (rc != STORE_OK)
        fprintf(stderr, "export: %s\n", err);
    CHECK_INT(rc, STORE_OK);
    fclose(f);
    return slurp(path);
}

static store *world(int64_t *member, int64_t *other)
{
    store *s = fixture_open(check_tmpfile("x.db"), true);
    *member = fixture_add_member(s, "=HYPERLINK(\"http://evil\";\"Plœmeur\")");
    *other = fixture_add_member(s, "Brest");
    const char *titles[] = { "Certificat; \"RGS\" à renouveler", "-1 livraison", "Formation" };
    int64_t members[] = { *member, *member, *other };
    char err[256];
    for (int i = 0; i < 3; i++) {
        struct action a = { .member_id = members[i], .title = xstrdup(titles[i]),
                            .status = ASTATUS_OPEN, .priority = i + 1,
                            .description = i == 0 ? xstrdup("ligne 1\nligne 2") : NULL };
        CHECK_INT(action_save(s, &a, err, sizeof err), STORE_OK);
        action_clear(&a);
    }
    struct interaction it = { .member_id = *other, .occurred_at = 1763630000,
                              .kind = IKIND_CALL_IN, .subject = xstrdup("@appel") };
    CHECK_INT(store_interaction_add(s, &it), STORE_OK);
    interaction_clear(&it);
    return s;
}

TEST(csv_for_french_spreadsheets)
{
    int64_t m, o;
    store *s = world(&m, &o);
    struct export_request r = { .what = EXPORT_ACTIONS, .format = OUT_CSV_EXCEL,
                                .actions = { .scope = ACTIONS_OPEN, .today = "2026-11-20" } };
    long rows = 0;
    char *text = export_to_text(s, &r, &rows);
    CHECK_INT(rows, 3);
    CHECK(strncmp(text, "\xEF\xBB\xBFid;member_id;member;title;", 25) == 0);
    CHECK_CONTAINS(text, ";\"Certificat; \"\"RGS\"\" à renouveler\";");
    CHECK_CONTAINS(text, ";\"'=HYPERLINK(\"\"http://evil\"\";\"\"Plœmeur\"\")\";");
    CHECK_CONTAINS(text, ";'-1 livraison;");
    CHECK_CONTAINS(text, ";\"ligne 1\nligne 2\"\r\n");
    CHECK(strstr(text, "\r\n") != NULL);
    free(text);
    r.format = OUT_CSV_RFC4180;
    text = export_to_text(s, &r, &rows);
    CHECK(strncmp(text, "id,member_id,member,title,", 26) == 0);
    CHECK_CONTAINS(text, ",\"Certificat; \"\"RGS\"\" à renouveler\",");
    free(text);
    store_close(s);
}

TEST(json_and_a_query)
{
    int64_t m, o;
    store *s = world(&m, &o);
    struct query q;
    struct query_error e;
    CHECK_INT(query_compile(s, "prio:1,2", "2026-11-20", &q, &e), STORE_OK);
    struct export_request r = { .what = EXPORT_ACTIONS, .format = OUT_JSON,
                                .actions = { .scope = ACTIONS_OPEN, .today = "2026-11-20",
                                             .where = &q.where } };
    long rows = 0;
    char *text = export_to_text(s, &r, &rows);
    CHECK_INT(rows, 2);
    CHECK(text[0] == '[');
    CHECK_CONTAINS(text, "\"title\": \"Certificat; \\\"RGS\\\" à renouveler\"");
    CHECK_CONTAINS(text, "\"description\": \"ligne 1\\nligne 2\"");
    CHECK_CONTAINS(text, "\"due\": null");
    CHECK(strstr(text, "Formation") == NULL);
    free(text);
    query_free(&q);
    store_close(s);
}

TEST(members_and_interactions)
{
    int64_t m, o;
    store *s = world(&m, &o);
    struct export_request r = { .what = EXPORT_MEMBERS, .format = OUT_CSV_EXCEL };
    long rows = 0;
    char *text = export_to_text(s, &r, &rows);
    CHECK_INT(rows, 2);
    CHECK_CONTAINS(text, ";Brest;commune;");
    free(text);
    r.what = EXPORT_INTERACTIONS;
    text = export_to_text(s, &r, &rows);
    CHECK_INT(rows, 1);
    CHECK_CONTAINS(text, ";Brest;");
    CHECK_CONTAINS(text, ";call_in;");
    CHECK_CONTAINS(text, ";'@appel;");
    free(text);
    store_close(s);
}

TESTS(T(csv_for_french_spreadsheets), T(json_and_a_query), T(members_and_interactions))
