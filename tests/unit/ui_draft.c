/* ui_draft — what was typed in a form survives in its draft file: every value and
 * base (text with new lines and backslashes, a choice by its code), private, never an
 * old file overwritten, listed only when the session that wrote it is gone, and put
 * back into a form by key. */
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "suivi/ui/draft.h"

static const char *const kinds[] = { "call in", "meeting" };
static const char *const kind_codes[] = { "call_in", "meeting" };

static void state_dir(void)
{
    char state[512];
    snprintf(state, sizeof state, "%s/state", check_tmpdir());
    setenv("XDG_STATE_HOME", state, 1);
}

static void sample(struct form *f, struct form_field *fl)
{
    memset(fl, 0, 3 * sizeof *fl);
    fl[0] = (struct form_field){ .key = "subject", .label = "Subject", .type = FIELD_TEXT };
    fl[1] = (struct form_field){ .key = "kind", .label = "Kind", .type = FIELD_CHOICE,
                                 .choices = kinds, .codes = kind_codes, .nchoices = 2,
                                 .choice = 1, .base_choice = 0 };
    fl[2] = (struct form_field){ .key = "body", .label = "Body", .type = FIELD_LONGTEXT };
    form_set_value(&fl[0], "Certificat expiré");
    form_set_base(&fl[0], "Certificat");
    form_set_value(&fl[2], "line one\nline two \\n not a newline");
    memset(f, 0, sizeof *f);
    f->title = "New interaction — Plœmeur";
    f->fields = fl;
    f->nfields = 3;
    snprintf(f->ref.kind, sizeof f->ref.kind, "interaction-edit");
    f->ref.id = 42;
    f->ref.member_id = 7;
}

TEST(a_draft_round_trips_every_value_and_base)
{
    state_dir();
    struct form_field fl[3];
    struct form f;
    sample(&f, fl);
    CHECK_INT(draft_write(&f, NULL, 0), 0);
    CHECK(f.draft[0] != '\0');
    struct stat st;
    CHECK(stat(f.draft, &st) == 0 && (st.st_mode & 0777) == 0600);
    struct draft d;
    CHECK_INT(draft_read(f.draft, &d), 0);
    CHECK_STR(d.ref.kind, "interaction-edit");
    CHECK_INT(d.ref.id, 42);
    CHECK_INT(d.ref.member_id, 7);
    CHECK_STR(d.title, "New interaction — Plœmeur");
    CHECK_INT(d.nfields, 3);
    if (d.nfields == 3) {
        CHECK_STR(d.fields[0].value, "Certificat expiré");
        CHECK_STR(d.fields[0].base, "Certificat");
        CHECK_STR(d.fields[1].value, "meeting");          /* by its code */
        CHECK_STR(d.fields[1].base, "call_in");
        CHECK_STR(d.fields[2].value, "line one\nline two \\n not a newline");
    }
    draft_clear(&d);
    /* Rewritten in place, same file. */
    char first[sizeof f.draft];
    snprintf(first, sizeof first, "%s", f.draft);
    form_set_value(&fl[0], "changed");
    CHECK_INT(draft_write(&f, NULL, 0), 0);
    CHECK(strcmp(f.draft, first) == 0);
    CHECK_INT(draft_read(f.draft, &d), 0);
    CHECK_STR(d.fields[0].value, "changed");
    draft_clear(&d);
    draft_remove(&f);
    CHECK(access(first, F_OK) != 0);
    CHECK(f.draft[0] == 0);
    form_free_values(&f);
}

TEST(a_new_draft_never_overwrites_an_old_one)
{
    state_dir();
    struct form_field fl[3], gl[3];
    struct form f, g;
    sample(&f, fl);
    sample(&g, gl);
    CHECK_INT(draft_write(&f, NULL, 0), 0);
    CHECK_INT(draft_write(&g, NULL, 0), 0);
    CHECK(strcmp(f.draft, g.draft) != 0);
    draft_remove(&f);
    draft_remove(&g);
    form_free_values(&f);
    form_free_values(&g);
}

/* A child writes a draft and dies without removing it, as kill -9 would leave it. */
static void draft_of_a_dead_session(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        struct form_field fl[3];
        struct form f;
        sample(&f, fl);
        _exit(draft_write(&f, NULL, 0) == 0 ? 0 : 1);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

TEST(only_drafts_of_dead_sessions_are_listed_and_they_reopen_by_key)
{
    state_dir();
    struct form_field mine[3];
    struct form live;
    sample(&live, mine);
    CHECK_INT(draft_write(&live, NULL, 0), 0);          /* ours: still running, not listed */
    draft_of_a_dead_session();
    struct draft *ds = NULL;
    int n = 0;
    char dir[1024];
    CHECK_INT(drafts_list(&ds, &n, dir, sizeof dir), 0);
    CHECK_INT(n, 1);
    if (n == 1) {
        struct form_field fl[3];
        struct form f;
        sample(&f, fl);
        form_set_value(&fl[0], "");
        fl[1].choice = 0;
        draft_apply(&ds[0], &f);
        CHECK_STR(fl[0].value, "Certificat expiré");
        CHECK_STR(fl[0].base, "Certificat");
        CHECK_INT(fl[1].choice, 1);
        CHECK_INT(fl[1].base_choice, 0);
        CHECK(f.modified);
        /* adopted: now this session's, so no longer listed as left behind */
        CHECK(f.draft[0] && access(f.draft, F_OK) == 0);
        drafts_free(ds, n);
        CHECK_INT(drafts_list(&ds, &n, dir, sizeof dir), 0);
        CHECK_INT(n, 0);
        draft_remove(&f);
        form_free_values(&f);
    }
    drafts_free(ds, n);
    draft_remove(&live);
    form_free_values(&live);
}

TEST(a_file_that_is_not_a_draft_is_refused)
{
    const char *p = check_tmpfile("junk.txt");
    check_write_file(p, "hello\nworld\n");
    struct draft d;
    CHECK_INT(draft_read(p, &d), -1);
    CHECK_INT(draft_read(check_tmpfile("missing.txt"), &d), -1);
}

TEST(aa_setup)
{
    if (!setlocale(LC_ALL, "C.UTF-8"))
        setlocale(LC_ALL, "en_US.UTF-8");
}

/* The user is told where and why (a draft that fails is a warning on the screen). */
TEST(a_draft_that_cannot_be_written_says_where_and_why)
{
    char state[512];
    snprintf(state, sizeof state, "%s/not-a-dir", check_tmpdir());
    FILE *fp = fopen(state, "w");           /* a file where the directory should be */
    CHECK(fp != NULL);
    if (fp)
        fclose(fp);
    setenv("XDG_STATE_HOME", state, 1);
    struct form_field fl[3];
    struct form f;
    sample(&f, fl);
    char err[1024] = "";
    CHECK_INT(draft_write(&f, err, sizeof err), -1);
    CHECK_INT(f.draft[0], 0);
    CHECK_CONTAINS(err, "Not a directory (");
    CHECK_CONTAINS(err, "not-a-dir/suivi/recovered)");
    form_free_values(&f);
    state_dir();
}

TESTS(T(aa_setup), T(a_draft_round_trips_every_value_and_base),
      T(a_draft_that_cannot_be_written_says_where_and_why),
      T(a_new_draft_never_overwrites_an_old_one),
      T(only_drafts_of_dead_sessions_are_listed_and_they_reopen_by_key),
      T(a_file_that_is_not_a_draft_is_refused))
