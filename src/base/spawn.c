/* spawn — see spawn.h. */
#include "suivi/base/spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "suivi/base/i18n.h"

int spawn_split(const char *command_line, char *buf, size_t buflen, char **argv)
{
    if (!command_line || strlen(command_line) >= buflen)
        return -1;
    strcpy(buf, command_line);
    int n = 0;
    for (char *save = NULL, *w = strtok_r(buf, " \t", &save); w;
         w = strtok_r(NULL, " \t", &save)) {
        if (n == SPAWN_ARGS_MAX)
            return -1;
        argv[n++] = w;
    }
    argv[n] = NULL;
    return n > 0 ? n : -1;
}

/* In the child: stdin from the pipe, stdout to /dev/null, stderr to the other pipe. */
static void child(int in_fd, int err_fd, char **argv)
{
    int devnull = open("/dev/null", O_WRONLY);
    dup2(in_fd, STDIN_FILENO);
    if (devnull >= 0)
        dup2(devnull, STDOUT_FILENO);
    dup2(err_fd, STDERR_FILENO);
    signal(SIGPIPE, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    signal(SIGQUIT, SIG_DFL);
    execv(argv[0], argv);
    dprintf(STDERR_FILENO, "%s", strerror(errno));
    _exit(127);
}

static void write_all(int fd, const char *p, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;          /* the command stopped reading: its status says why */
        p += w;
        len -= (size_t)w;
    }
}

/* The first line of what the command wrote on stderr. */
static void read_first_line(int fd, char *line, size_t len)
{
    size_t used = 0;
    ssize_t r;
    while (used + 1 < len && (r = read(fd, line + used, len - 1 - used)) != 0) {
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            break;
        used += (size_t)r;
    }
    line[used] = '\0';
    line[strcspn(line, "\r\n")] = '\0';
    char drain[256];
    while (read(fd, drain, sizeof drain) > 0)
        ;
}

static int cloexec_pipe(int fd[2])
{
    if (pipe(fd) < 0)
        return -1;
    fcntl(fd[0], F_SETFD, FD_CLOEXEC);
    fcntl(fd[1], F_SETFD, FD_CLOEXEC);
    return 0;
}

/* The program's own name: a long path would push the reason off a form's line. */
static int explain(int status, const char *path, const char *said, char *err, size_t errlen)
{
    const char *slash = strrchr(path, '/');
    const char *cmd = slash && slash[1] ? slash + 1 : path;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        snprintf(err, errlen, _("cannot run %s: %s"), cmd, *said ? said : _("not found"));
    else if (WIFEXITED(status))
        snprintf(err, errlen, _("%s exited with status %d%s%s"), cmd, WEXITSTATUS(status),
                 *said ? ": " : "", said);
    else
        snprintf(err, errlen, _("%s was stopped by signal %d"), cmd, WTERMSIG(status));
    return -1;
}

int spawn_with_input(const char *command_line, const char *input, size_t len,
                     char *err, size_t errlen)
{
    char buf[1024], *argv[SPAWN_ARGS_MAX + 1];
    if (spawn_split(command_line, buf, sizeof buf, argv) < 0 || argv[0][0] != '/') {
        snprintf(err, errlen, _("the command \"%s\" is not a full path followed by at most "
                                "%d words"), command_line ? command_line : "", SPAWN_ARGS_MAX);
        return -1;
    }
    /* Close-on-exec: the command must hold no copy of our ends (its own stdin's
     * write end would keep it from ever seeing the end of its input). */
    int in[2], er[2];
    if (cloexec_pipe(in) < 0 || cloexec_pipe(er) < 0) {
        snprintf(err, errlen, _("cannot run %s: %s"), argv[0], strerror(errno));
        return -1;
    }
    /* A command that exits before reading all of it must not kill us with SIGPIPE. */
    void (*old_pipe)(int) = signal(SIGPIPE, SIG_IGN);
    pid_t pid = fork();
    if (pid == 0)
        child(in[0], er[1], argv);
    int fork_errno = errno;
    close(in[0]);
    close(er[1]);
    int status = 0;
    char said[256] = "";
    if (pid > 0) {
        write_all(in[1], input, len);
        close(in[1]);
        read_first_line(er[0], said, sizeof said);
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
            ;
    } else {
        close(in[1]);
    }
    close(er[0]);
    signal(SIGPIPE, old_pipe);
    if (pid < 0) {
        snprintf(err, errlen, _("cannot run %s: %s"), argv[0], strerror(fork_errno));
        return -1;
    }
    return explain(status, argv[0], said, err, errlen);
}
