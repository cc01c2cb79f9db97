/* spawn — see spawn.h. */
#include "suivi/base/spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include "suivi/base/i18n.h"
#include "suivi/base/timeutil.h"

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

#define SPAWN_TIMEOUT_MS 60000   /* a sendmail that hangs must not hang the form */

/* Feed the command its input while reading its error output, both at once: one
 * that writes a lot before reading would otherwise block us both.  Keeps the first
 * line it says.  false when it took longer than SPAWN_TIMEOUT_MS. */
static bool talk(int in_fd, int err_fd, const char *input, size_t len, char *said,
                 size_t said_len)
{
    size_t sent = 0, got = 0;
    fcntl(in_fd, F_SETFL, fcntl(in_fd, F_GETFL) | O_NONBLOCK);
    if (len == 0) {
        close(in_fd);
        in_fd = -1;
    }
    int64_t end = time_monotonic_ms() + SPAWN_TIMEOUT_MS;
    while (err_fd >= 0) {
        struct pollfd p[2] = { { err_fd, POLLIN, 0 }, { in_fd, POLLOUT, 0 } };
        int64_t left = end - time_monotonic_ms();
        if (left <= 0)
            return false;
        if (poll(p, in_fd >= 0 ? 2 : 1, (int)left) < 0 && errno != EINTR)
            return false;
        if (in_fd >= 0 && (p[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
            ssize_t w = write(in_fd, input + sent, len - sent);
            if (w > 0)
                sent += (size_t)w;
            if ((w < 0 && errno != EAGAIN && errno != EINTR) || sent == len) {
                close(in_fd);        /* done, or it stopped reading: its status says */
                in_fd = -1;
            }
        }
        if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            char buf[512];
            ssize_t r = read(err_fd, buf, sizeof buf);
            if (r <= 0 && !(r < 0 && errno == EINTR)) {
                err_fd = -1;         /* it closed its error output: it has ended */
            } else if (r > 0 && got + 1 < said_len) {
                size_t take = (size_t)r < said_len - 1 - got ? (size_t)r : said_len - 1 - got;
                memcpy(said + got, buf, take);
                got += take;
            }
        }
    }
    if (in_fd >= 0)
        close(in_fd);
    said[got] = '\0';
    said[strcspn(said, "\r\n")] = '\0';
    return true;
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
    if (cloexec_pipe(in) < 0) {
        snprintf(err, errlen, _("cannot run %s: %s"), argv[0], strerror(errno));
        return -1;
    }
    if (cloexec_pipe(er) < 0) {
        close(in[0]);
        close(in[1]);
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
    bool finished = true;
    if (pid > 0) {
        finished = talk(in[1], er[0], input, len, said, sizeof said);
        if (!finished)
            kill(pid, SIGKILL);
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
    if (!finished) {
        snprintf(err, errlen, _("%s did not finish within %d s: stopped"), argv[0],
                 SPAWN_TIMEOUT_MS / 1000);
        return -1;
    }
    return explain(status, argv[0], said, err, errlen);
}
