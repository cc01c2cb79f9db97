/* draft — see draft.h. */
#include "suivi/ui/draft.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "suivi/base/i18n.h"
#include "suivi/base/timeutil.h"
#include "suivi/base/xalloc.h"
#include "suivi/ui/textedit.h"

/* $XDG_STATE_HOME/suivi/recovered, or ~/.local/state/suivi/recovered. */
static int draft_dir(char *buf, size_t len)
{
    const char *state = getenv("XDG_STATE_HOME");
    if (state && state[0] == '/')
        return snprintf(buf, len, "%s/suivi/recovered", state) < (int)len ? 0 : -1;
    const char *home = getenv("HOME");
    if (!home || home[0] != '/') {
        struct passwd *pw = getpwuid(getuid());
        home = pw ? pw->pw_dir : NULL;
    }
    if (!home || home[0] != '/')
        return -1;
    return snprintf(buf, len, "%s/.local/state/suivi/recovered", home) < (int)len ? 0 : -1;
}

/* mkdir -p, private (0700) for the parts it creates. */
static int make_dirs(char *path)
{
    for (char *p = path + 1; ; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char c = *p;
        *p = '\0';
        int rc = mkdir(path, 0700);
        *p = c;
        if (rc < 0 && errno != EEXIST)
            return -1;
        if (c == '\0')
            return 0;
    }
}

/* "form-20260303-101200-PID" for now and this process, in dir, with a suffix n. */
static int name_file(const char *dir, int n, char *path, size_t len)
{
    char iso[TIME_ISO_LEN], stamp[TIME_ISO_LEN];
    time_to_iso(time_now(), iso);
    size_t j = 0;
    for (size_t i = 0; iso[i]; i++)       /* "2026-03-03 10:12:00" -> "20260303-101200" */
        if (iso[i] != '-' && iso[i] != ':')
            stamp[j++] = iso[i] == ' ' ? '-' : iso[i];
    stamp[j] = '\0';
    int w = n == 0 ? snprintf(path, len, "%s/form-%s-%ld.txt", dir, stamp, (long)getpid())
                   : snprintf(path, len, "%s/form-%s-%ld-%d.txt", dir, stamp, (long)getpid(), n);
    return w < 0 || w >= (int)len ? -1 : 0;
}

/* Open a new file (never an existing one) named after the time and our pid. */
static int create_file(char *path, size_t len)
{
    char dir[PATH_MAX];
    if (draft_dir(dir, sizeof dir) < 0 || make_dirs(dir) < 0)
        return -1;
    for (int n = 0; n < 100; n++) {
        if (name_file(dir, n, path, len) < 0)
            return -1;
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    return -1;
}

/* ---- writing -------------------------------------------------------------------- */

static void put_escaped(FILE *fp, const char *tag, const char *v)
{
    fprintf(fp, "%s ", tag);
    for (const char *p = v; *p; p++) {
        if (*p == '\\')
            fputs("\\\\", fp);
        else if (*p == '\n')
            fputs("\\n", fp);
        else if (*p == '\r')
            fputs("\\r", fp);
        else
            fputc(*p, fp);
    }
    fputc('\n', fp);
}

/* A choice as it is kept: its code when it has one, else its label. */
static const char *choice_text(const struct form_field *fld, int choice)
{
    if (choice < 0 || choice >= fld->nchoices)
        return "";
    return fld->codes && fld->codes[choice] ? fld->codes[choice] : fld->choices[choice];
}

static void put_field(FILE *fp, const struct form_field *fld)
{
    if (fld->type == FIELD_READONLY)
        return;
    fprintf(fp, "field %s\n", fld->key ? fld->key : fld->label);
    if (fld->type == FIELD_CHOICE) {
        /* The user's own choice, even while theirs is shown after a conflict. */
        int mine = fld->showing_theirs ? fld->mine_choice : fld->choice;
        put_escaped(fp, "value", choice_text(fld, mine));
        put_escaped(fp, "base", choice_text(fld, fld->base_choice));
        return;
    }
    const char *v = fld->te ? te_text(fld->te) : fld->value;
    if (fld->showing_theirs && fld->mine)
        v = fld->mine;
    put_escaped(fp, "value", v ? v : "");
    if (fld->base)
        put_escaped(fp, "base", fld->base);
}

static int write_form(int fd, const struct form *f)
{
    FILE *fp = fdopen(fd, "w");
    if (!fp) {
        close(fd);
        return -1;
    }
    char iso[TIME_ISO_LEN];
    time_to_iso(time_now(), iso);
    fprintf(fp, "# suivi draft: a form that was being filled in when suivi stopped.\n"
                "# Start suivi and press D to reopen it, or copy what you need below.\n");
    fprintf(fp, "form %s\nid %" PRId64 "\nmember %" PRId64 "\nparent %" PRId64 "\n",
            f->ref.kind[0] ? f->ref.kind : "unknown", f->ref.id, f->ref.member_id,
            f->ref.parent_id);
    put_escaped(fp, "title", f->title ? f->title : "");
    fprintf(fp, "written %s\n", iso);
    for (int i = 0; i < f->nfields; i++)
        put_field(fp, &f->fields[i]);
    bool bad = ferror(fp) != 0 || fflush(fp) != 0 || fsync(fileno(fp)) != 0;
    return (fclose(fp) != 0 || bad) ? -1 : 0;
}

/* Why, then where (a narrow status line cuts the end): "No space left on device
 * (/home/x/.local/state/suivi/recovered)". */
static int failed(int saved_errno, char *err, size_t errlen)
{
    char dir[PATH_MAX];
    if (err && errlen) {
        if (draft_dir(dir, sizeof dir) < 0)
            snprintf(err, errlen, "%s", _("no home directory to keep drafts in"));
        else
            snprintf(err, errlen, "%s (%s)",
                     saved_errno ? strerror(saved_errno) : _("path too long"), dir);
    }
    return -1;
}

int draft_write(struct form *f, char *err, size_t errlen)
{
    errno = 0;
    if (!f->draft[0]) {   /* the first draft of this form: a new file, never an old one */
        int fd = create_file(f->draft, sizeof f->draft);
        if (fd < 0) {
            f->draft[0] = '\0';
            return failed(errno, err, errlen);
        }
        if (write_form(fd, f) == 0)
            return 0;
        int e = errno;
        unlink(f->draft);
        f->draft[0] = '\0';
        return failed(e, err, errlen);
    }
    /* Later drafts replace the file whole, so a kill in the middle of a write
     * leaves the previous draft rather than half of the new one. */
    char tmp[PATH_MAX];
    if (snprintf(tmp, sizeof tmp, "%s.new", f->draft) >= (int)sizeof tmp)
        return failed(0, err, errlen);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        return failed(errno, err, errlen);
    if (write_form(fd, f) < 0 || rename(tmp, f->draft) < 0) {
        int e = errno;
        unlink(tmp);
        return failed(e, err, errlen);
    }
    return 0;
}

void draft_remove(struct form *f)
{
    if (f->draft[0]) {
        unlink(f->draft);
        f->draft[0] = '\0';
    }
}

/* ---- reading ---------------------------------------------------------------------- */

static char *unescape(const char *s)
{
    char *out = xmalloc(strlen(s) + 1), *o = out;
    for (const char *p = s; *p; p++) {
        if (*p == '\\' && p[1]) {
            p++;
            *o++ = *p == 'n' ? '\n' : *p == 'r' ? '\r' : *p;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
    return out;
}

static struct draft_field *add_field(struct draft *d, const char *key)
{
    d->fields = xreallocarray(d->fields, (size_t)d->nfields + 1, sizeof *d->fields);
    struct draft_field *fl = &d->fields[d->nfields++];
    memset(fl, 0, sizeof *fl);
    fl->key = xstrdup(key);
    return fl;
}

/* One line "tag rest" of a draft into d. */
static void read_line(struct draft *d, const char *tag, const char *rest)
{
    struct draft_field *last = d->nfields ? &d->fields[d->nfields - 1] : NULL;
    if (strcmp(tag, "form") == 0)
        snprintf(d->ref.kind, sizeof d->ref.kind, "%s", rest);
    else if (strcmp(tag, "id") == 0)
        d->ref.id = strtoll(rest, NULL, 10);
    else if (strcmp(tag, "member") == 0)
        d->ref.member_id = strtoll(rest, NULL, 10);
    else if (strcmp(tag, "parent") == 0)
        d->ref.parent_id = strtoll(rest, NULL, 10);
    else if (strcmp(tag, "title") == 0 && !d->title)
        d->title = unescape(rest);
    else if (strcmp(tag, "written") == 0)
        str_replace(&d->written, rest);
    else if (strcmp(tag, "field") == 0)
        add_field(d, rest);
    else if (last && strcmp(tag, "value") == 0 && !last->value)
        last->value = unescape(rest);
    else if (last && strcmp(tag, "base") == 0 && !last->base)
        last->base = unescape(rest);
}

int draft_read(const char *path, struct draft *out)
{
    memset(out, 0, sizeof *out);
    FILE *fp = fopen(path, "re");
    if (!fp)
        return -1;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, fp)) >= 0) {
        if (n > 0 && line[n - 1] == '\n')
            line[--n] = '\0';
        if (line[0] == '#' || !line[0])
            continue;
        char *sp = strchr(line, ' ');
        if (sp)
            *sp = '\0';
        read_line(out, line, sp ? sp + 1 : "");
    }
    free(line);
    fclose(fp);
    out->path = xstrdup(path);
    if (!out->ref.kind[0]) {
        draft_clear(out);
        return -1;
    }
    return 0;
}

void draft_clear(struct draft *d)
{
    for (int i = 0; i < d->nfields; i++) {
        free(d->fields[i].key);
        free(d->fields[i].value);
        free(d->fields[i].base);
    }
    free(d->fields);
    free(d->path);
    free(d->title);
    free(d->written);
    memset(d, 0, sizeof *d);
}

void drafts_free(struct draft *d, int n)
{
    for (int i = 0; i < n; i++)
        draft_clear(&d[i]);
    free(d);
}

/* A draft of a session still running (its own pid included) is no news. */
static bool left_behind(const char *name)
{
    char date[9], clock[7], ext[5];
    long pid;
    size_t nl = strlen(name);
    if (nl < 4 || strcmp(name + nl - 4, ".txt") != 0 ||
        sscanf(name, "form-%8[0-9]-%6[0-9]-%ld%4[.txt-0-9]", date, clock, &pid, ext) != 4)
        return false;
    return !(pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM));
}

static int newest_first(const void *a, const void *b)
{
    const struct draft *x = a, *y = b;
    return strcmp(y->written ? y->written : "", x->written ? x->written : "");
}

int drafts_list(struct draft **out, int *n, char *dir, size_t dirlen)
{
    *out = NULL;
    *n = 0;
    if (draft_dir(dir, dirlen) < 0)
        return -1;
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    struct dirent *e;
    while ((e = readdir(d))) {
        char path[PATH_MAX];
        struct draft one;
        if (!left_behind(e->d_name) ||
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path ||
            draft_read(path, &one) != 0)
            continue;
        *out = xreallocarray(*out, (size_t)*n + 1, sizeof **out);
        (*out)[(*n)++] = one;
    }
    closedir(d);
    if (*n > 1)
        qsort(*out, (size_t)*n, sizeof **out, newest_first);
    return 0;
}

/* ---- restoring ------------------------------------------------------------------- */

static int find_choice(const struct form_field *fld, const char *v)
{
    for (int i = 0; v && i < fld->nchoices; i++)
        if (strcmp(choice_text(fld, i), v) == 0)
            return i;
    return -1;
}

static void apply_field(struct form_field *fld, const struct draft_field *df)
{
    if (fld->type == FIELD_CHOICE) {
        int v = find_choice(fld, df->value), b = find_choice(fld, df->base);
        if (v >= 0)
            fld->choice = v;
        if (b >= 0)
            fld->base_choice = b;
        return;
    }
    if (df->value)
        form_set_value(fld, df->value);
    if (df->base)
        form_set_base(fld, df->base);
}

void draft_apply(struct draft *d, struct form *f)
{
    for (int i = 0; i < d->nfields; i++)
        for (int j = 0; j < f->nfields; j++) {
            const char *key = f->fields[j].key ? f->fields[j].key : f->fields[j].label;
            if (f->fields[j].type != FIELD_READONLY && strcmp(key, d->fields[i].key) == 0)
                apply_field(&f->fields[j], &d->fields[i]);
        }
    f->modified = true;
    /* The file becomes this session's draft: named with our pid, so that no other
     * session lists it as left behind while it is open here. */
    char dir[PATH_MAX], path[PATH_MAX];
    snprintf(f->draft, sizeof f->draft, "%s", d->path);
    if (draft_dir(dir, sizeof dir) != 0)
        return;
    for (int n = 0; n < 100; n++)
        if (name_file(dir, n, path, sizeof path) == 0 && access(path, F_OK) != 0) {
            if (rename(d->path, path) == 0)
                snprintf(f->draft, sizeof f->draft, "%s", path);
            return;
        }
}
