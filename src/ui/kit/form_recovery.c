/* form_recovery — when the terminal goes away in the middle of a form, what was
 * typed goes to a private file (as nano writes NAME.save and vim keeps its swap
 * file).  Curses-free: it must work after the terminal is gone. */
#include "suivi/ui/form.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "suivi/base/timeutil.h"

/* $XDG_STATE_HOME/suivi/recovered, or ~/.local/state/suivi/recovered. */
static int recovery_dir(char *buf, size_t len)
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

static void write_field(FILE *fp, const struct form_field *fld)
{
    const char *v = fld->value ? fld->value : "";
    if (fld->type == FIELD_CHOICE)
        v = fld->choice >= 0 && fld->choice < fld->nchoices ? fld->choices[fld->choice] : "";
    if (fld->type == FIELD_LONGTEXT || strchr(v, '\n'))
        fprintf(fp, "%s:\n%s\n-- end of %s --\n", fld->label, v, fld->label);
    else
        fprintf(fp, "%s: %s\n", fld->label, v);
}

/* Open a new file (never an existing one) named after the time and our pid. */
static int create_file(const char *dir, char *path, size_t len)
{
    char iso[TIME_ISO_LEN], stamp[TIME_ISO_LEN];
    time_to_iso(time_now(), iso);
    size_t j = 0;
    for (size_t i = 0; iso[i]; i++)       /* "2026-03-03 10:12:00" -> "20260303-101200" */
        if (iso[i] != '-' && iso[i] != ':')
            stamp[j++] = iso[i] == ' ' ? '-' : iso[i];
    stamp[j] = '\0';
    for (int n = 0; n < 100; n++) {
        int w = n == 0 ? snprintf(path, len, "%s/form-%s-%ld.txt", dir, stamp, (long)getpid())
                       : snprintf(path, len, "%s/form-%s-%ld-%d.txt", dir, stamp,
                                  (long)getpid(), n);
        if (w < 0 || w >= (int)len)
            return -1;
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    return -1;
}

/* The content of a recovery file or draft: a header, then every field. */
static int write_form(int fd, const struct form *f, const char *why)
{
    FILE *fp = fdopen(fd, "w");
    if (!fp) {
        close(fd);
        return -1;
    }
    char iso[TIME_ISO_LEN];
    time_to_iso(time_now(), iso);
    fprintf(fp, "# suivi: %s, %s UTC\n", why, iso);
    fprintf(fp, "%s\n\n", f->title ? f->title : "(form)");
    for (int i = 0; i < f->nfields; i++)
        write_field(fp, &f->fields[i]);
    bool bad = ferror(fp) != 0 || fflush(fp) != 0 || fsync(fileno(fp)) != 0;
    return (fclose(fp) != 0 || bad) ? -1 : 0;
}

const char *form_save_recovery(const struct form *f)
{
    static char path[PATH_MAX];
    char dir[PATH_MAX];
    if (recovery_dir(dir, sizeof dir) < 0 || make_dirs(dir) < 0)
        return NULL;
    int fd = create_file(dir, path, sizeof path);
    if (fd < 0)
        return NULL;
    if (write_form(fd, f, "a form left open when the terminal went away") < 0) {
        unlink(path);
        return NULL;
    }
    return path;
}

int form_draft_write(const struct form *f, char *path, size_t len)
{
    static const char why[] = "a form that was being filled in (suivi stopped before it was saved)";
    if (!path[0]) {   /* first draft of this form: a new file, never an existing one */
        char dir[PATH_MAX];
        if (recovery_dir(dir, sizeof dir) < 0 || make_dirs(dir) < 0)
            return -1;
        int fd = create_file(dir, path, len);
        if (fd < 0) {
            path[0] = '\0';
            return -1;
        }
        return write_form(fd, f, why);
    }
    /* Later drafts replace the file whole, so a kill in the middle of a write
     * leaves the previous draft rather than half of the new one. */
    char tmp[PATH_MAX];
    if (snprintf(tmp, sizeof tmp, "%s.new", path) >= (int)sizeof tmp)
        return -1;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        return -1;
    if (write_form(fd, f, why) < 0 || rename(tmp, path) < 0) {
        unlink(tmp);
        return -1;
    }
    return 0;
}

void form_draft_discard(char *path, size_t len)
{
    if (len && path[0]) {
        unlink(path);
        path[0] = '\0';
    }
}

int form_drafts_left(char *dir, size_t len)
{
    if (recovery_dir(dir, len) < 0)
        return 0;
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        char date[9], clock[7], ext[5];
        long pid;
        if (sscanf(e->d_name, "form-%8[0-9]-%6[0-9]-%ld%4[.txt-0-9]", date, clock, &pid, ext) != 4)
            continue;
        size_t nl = strlen(e->d_name);
        if (nl < 4 || strcmp(e->d_name + nl - 4, ".txt") != 0)
            continue;
        /* A draft of a session still running (its own pid included) is no news. */
        if (pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM))
            continue;
        n++;
    }
    closedir(d);
    return n;
}
