/* editor — long texts in the user's editor (see editor.h).
 *
 * The text goes through a private temporary file (mkstemps: 0600, O_EXCL); the
 * editor runs without a shell (its command is split on blanks), with the terminal
 * handed over completely.  The file is removed only once its content is safely back
 * in memory: whatever goes wrong, the user's typing survives in it and the message
 * says where. */
#include "suivi/ui/editor.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "suivi/ui/term.h"
#include "suivi/core/validate.h"
#include "suivi/base/i18n.h"
#include "suivi/base/xalloc.h"

/* True when PATH holds an executable of that name. */
static bool in_path(const char *name)
{
    const char *path = getenv("PATH");
    for (const char *p = path ? path : ""; *p; ) {
        size_t n = strcspn(p, ":");
        char *file = xasprintf("%.*s/%s", (int)n, p, name);
        bool ok = n > 0 && access(file, X_OK) == 0;
        free(file);
        if (ok)
            return true;
        p += n + (p[n] == ':');
    }
    return false;
}

const char *editor_command(void)
{
    static const char *const vars[] = { "SUIVI_EDITOR", "VISUAL", "EDITOR" };
    /* Debian's editor and sensible-editor follow the system's choice; a minimal
     * system may have only nano, or vi, or none (then the text is typed in place). */
    static const char *const programs[] = { "editor", "sensible-editor", "nano", "vi" };
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && v[strspn(v, " \t")])
            return v;
    }
    for (size_t i = 0; i < sizeof programs / sizeof programs[0]; i++)
        if (in_path(programs[i]))
            return programs[i];
    return NULL;
}

/* argv for the command line plus the file name; free with free_argv. */
static char **split_command(const char *cmd, const char *path)
{
    size_t cap = 4, n = 0;
    char **argv = xcalloc(cap, sizeof *argv);
    const char *p = cmd;
    for (;;) {
        p += strspn(p, " \t");
        if (!*p)
            break;
        size_t len = strcspn(p, " \t");
        if (n + 2 >= cap)
            argv = xreallocarray(argv, cap *= 2, sizeof *argv);
        argv[n++] = xstrndup(p, len);
        p += len;
    }
    if (n == 0)
        argv[n++] = xstrdup("vi");
    argv[n++] = xstrdup(path);
    argv[n] = NULL;
    return argv;
}

static void free_argv(char **argv)
{
    for (char **a = argv; *a; a++)
        free(*a);
    free(argv);
}

static int write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, buf, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        buf += w;
        len -= (size_t)w;
    }
    return 0;
}

/* Create the temporary file holding text (plus the final newline editors expect). */
static int make_temp(const char *text, char *path, size_t pathlen, char *err, size_t errlen)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || dir[0] != '/')
        dir = "/tmp";
    if (snprintf(path, pathlen, "%s/suivi-XXXXXX.txt", dir) >= (int)pathlen) {
        snprintf(err, errlen, _("temporary directory name too long: %s"), dir);
        return -1;
    }
    int fd = mkstemps(path, 4);
    if (fd < 0) {
        snprintf(err, errlen, _("cannot create a temporary file in %s: %s"), dir, strerror(errno));
        return -1;
    }
    size_t len = text ? strlen(text) : 0;
    if ((len && (write_all(fd, text, len) < 0 || write_all(fd, "\n", 1) < 0)) || close(fd) < 0) {
        snprintf(err, errlen, _("cannot write %s: %s"), path, strerror(errno));
        unlink(path);
        return -1;
    }
    return 0;
}

/* The child: real gid (setgid installs must not leak into the editor), default
 * signals, exec; on failure the errno goes back through the close-on-exec pipe. */
static _Noreturn void run_child(char **argv, int errfd)
{
    if (getegid() != getgid() && setgid(getgid()) != 0) {
        int e = errno;
        if (write(errfd, &e, sizeof e) < 0) { /* nothing more to do */ }
        _exit(127);
    }
    signal(SIGINT, SIG_DFL);
    signal(SIGQUIT, SIG_DFL);
    execvp(argv[0], argv);
    int e = errno;
    if (write(errfd, &e, sizeof e) < 0) { /* nothing more to do */ }
    free_argv(argv);      /* our copy of the parent's memory: keeps leak checkers quiet */
    _exit(127);
}

/* The program's name without its directory, for messages that must fit a line. */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash && slash[1] ? slash + 1 : path;
}

/* Run argv with the terminal handed over.  Returns 0 when it exited with status 0. */
static int run_editor(char **argv, char *err, size_t errlen)
{
    int pfd[2];
    if (pipe(pfd) < 0 || fcntl(pfd[1], F_SETFD, FD_CLOEXEC) < 0) {
        snprintf(err, errlen, _("cannot start the editor: %s"), strerror(errno));
        return -1;
    }
    /* Ignored before the fork so that a Ctrl-C typed in the editor never reaches us
     * in the window between fork and wait; the child puts the defaults back. */
    struct sigaction ign = { .sa_handler = SIG_IGN }, old_int, old_quit;
    sigemptyset(&ign.sa_mask);
    sigaction(SIGINT, &ign, &old_int);
    sigaction(SIGQUIT, &ign, &old_quit);
    term_suspend();
    pid_t pid = fork();
    if (pid == 0)
        run_child(argv, pfd[1]);
    int fork_errno = errno, status = 0, child_errno = 0;
    close(pfd[1]);
    if (pid > 0) {
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
            ;
        while (read(pfd[0], &child_errno, sizeof child_errno) < 0 && errno == EINTR)
            ;
    }
    close(pfd[0]);
    term_resume();
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGQUIT, &old_quit, NULL);

    if (pid < 0)
        snprintf(err, errlen, _("cannot start the editor: %s"), strerror(fork_errno));
    else if (child_errno)
        snprintf(err, errlen, _("cannot run the editor '%s': %s"), argv[0], strerror(child_errno));
    else if (WIFSIGNALED(status))
        snprintf(err, errlen, _("editor '%s' killed by signal %d"), base_name(argv[0]),
                 WTERMSIG(status));
    else if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
        snprintf(err, errlen, _("editor '%s' exited with status %d"), base_name(argv[0]),
                 WEXITSTATUS(status));
    else
        return 0;
    return -1;
}

/* Read the whole file into *out (NUL-terminated).  Refuses more than BODY_MAX_BYTES
 * and NUL bytes rather than cut the text. */
static int read_back(const char *path, const char *what, char **out, char *err, size_t errlen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, _("cannot read %s back: %s"), path, strerror(errno));
        return -1;
    }
    size_t cap = 4096, len = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        if (len + 1 >= cap)
            buf = xreallocarray(buf, cap *= 2, 1);
        ssize_t r = read(fd, buf + len, cap - len - 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            snprintf(err, errlen, _("cannot read %s back: %s"), path, strerror(errno));
            break;
        }
        if (r == 0) {
            close(fd);
            buf[len] = '\0';
            if (memchr(buf, '\0', len)) {
                snprintf(err, errlen, _("%s holds a NUL byte; text kept in %s"), what, path);
                free(buf);
                return -1;
            }
            *out = buf;
            return 0;
        }
        len += (size_t)r;
        if (len > BODY_MAX_BYTES) {
            snprintf(err, errlen, _("%s is longer than %d KiB; text kept in %s"), what,
                     BODY_MAX_BYTES / 1024, path);
            break;
        }
    }
    close(fd);
    free(buf);
    return -1;
}

/* err, then where the text is kept: one sentence each for translators, not pieces.
 * file_kept: the editor failed and its file stays; else the text typed stays. */
static void add_where(char *err, size_t errlen, bool file_kept, const char *path)
{
    char first[512];
    snprintf(first, sizeof first, "%s", err);
    if (file_kept)
        snprintf(err, errlen, _("%s; the file is kept: %s"), first, path);
    else
        snprintf(err, errlen, _("%s; text kept in %s"), first, path);
}

int editor_edit(char **text, const char *what, char *err, size_t errlen)
{
    char path[1024];
    const char *cmd = editor_command();
    if (!cmd) {
        snprintf(err, errlen, "%s", _("no editor found (set $EDITOR, or install nano): "
                                      "type the text in the field"));
        return -1;
    }
    const char *orig = *text ? *text : "";
    if (!what)
        what = _("the text");
    if (make_temp(orig, path, sizeof path, err, errlen) < 0)
        return -1;
    char **argv = split_command(cmd, path);
    int rc = run_editor(argv, err, errlen);
    free_argv(argv);

    char *now = NULL;
    char rerr[2048];
    if (read_back(path, what, &now, rerr, sizeof rerr) < 0) {
        if (rc == 0)
            snprintf(err, errlen, "%s", rerr);   /* the file is kept: rerr names it */
        else
            add_where(err, errlen, true, path);
        return -1;
    }
    size_t len = strlen(now);
    if (len > 0 && now[len - 1] == '\n')
        now[--len] = '\0';
    bool same = strcmp(now, orig) == 0;
    if (rc < 0) {
        /* Keep what the user typed on disk; say where. */
        if (same) {
            unlink(path);
        } else {
            add_where(err, errlen, false, path);
        }
        free(now);
        return -1;
    }
    unlink(path);
    if (same) {
        free(now);
        return 0;
    }
    free(*text);
    *text = now;
    return 1;
}
