/* form_recovery — when the terminal goes away in the middle of a form, what was
 * typed goes to a private file (as nano writes NAME.save and vim keeps its swap
 * file).  Curses-free: it must work after the terminal is gone. */
#include "suivi/form.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "suivi/timeutil.h"

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

const char *form_save_recovery(const struct form *f)
{
    static char path[PATH_MAX];
    char dir[PATH_MAX];
    if (recovery_dir(dir, sizeof dir) < 0 || make_dirs(dir) < 0)
        return NULL;
    int fd = create_file(dir, path, sizeof path);
    if (fd < 0)
        return NULL;
    FILE *fp = fdopen(fd, "w");
    if (!fp) {
        close(fd);
        unlink(path);
        return NULL;
    }
    char iso[TIME_ISO_LEN];
    time_to_iso(time_now(), iso);
    fprintf(fp, "# suivi: a form left open when the terminal went away, %s UTC\n", iso);
    fprintf(fp, "%s\n\n", f->title ? f->title : "(form)");
    for (int i = 0; i < f->nfields; i++)
        write_field(fp, &f->fields[i]);
    bool bad = ferror(fp) != 0;
    if (fclose(fp) != 0 || bad) {
        unlink(path);
        return NULL;
    }
    return path;
}
