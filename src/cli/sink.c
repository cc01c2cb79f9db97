/* sink — where `suivi export` and `suivi report` write: standard output (cleaned
 * of control characters when it is a terminal), or --out FILE, a new file that is
 * never written over an existing one without --force (then written beside it and
 * renamed over it once complete), and removed when the writing failed, so that half
 * a file never passes for the whole. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "suivi/base/i18n.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/xalloc.h"

/* --force: a new file beside the one to replace, group-readable as the interface's
 * exports are (0640 under the umask). */
static int open_beside(const char *path, struct sink *k)
{
    k->path = xasprintf("%s.XXXXXX", path);
    int fd = mkstemp(k->path);
    if (fd >= 0) {
        mode_t mask = umask(0);
        umask(mask);
        if (fchmod(fd, 0640 & ~mask) == 0) {
            k->final = xstrdup(path);
            return fd;
        }
        int e = errno;
        close(fd);
        unlink(k->path);
        errno = e;
    }
    return -1;
}

int sink_open(const struct cli *c, struct sink *k)
{
    memset(k, 0, sizeof *k);
    if (!c->out || strcmp(c->out, "-") == 0) {
        k->f = isatty(STDOUT_FILENO) ? open_memstream(&k->buf, &k->len) : stdout;
        if (k->f)
            return 0;
        say(stderr, _("suivi: cannot write: %s"), strerror(errno));
        return EXIT_RUNTIME;
    }
    int fd = c->given & OPT_FORCE ? open_beside(c->out, k)
           : open(c->out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    if (fd >= 0 && !k->path)
        k->path = xstrdup(c->out);
    if (fd >= 0 && (k->f = fdopen(fd, "wb")) != NULL)
        return 0;
    if (errno == EEXIST)
        say(stderr, _("suivi: %s exists already: nothing written (give another name, or "
            "--force to replace it)"), c->out);
    else
        say(stderr, _("suivi: %s: cannot create: %s"), c->out, strerror(errno));
    if (fd >= 0) {
        close(fd);
        unlink(k->path);
    }
    free(k->path);
    free(k->final);
    return EXIT_RUNTIME;
}

/* Each line cleaned (sanitize.h), without the byte order mark or the CR of CRLF. */
static void print_clean(const char *buf, size_t len)
{
    static const char BOM[] = "\xEF\xBB\xBF";
    size_t at = len >= 3 && memcmp(buf, BOM, 3) == 0 ? 3 : 0;
    while (at < len) {
        const char *nl = memchr(buf + at, '\n', len - at);
        size_t end = nl ? (size_t)(nl - buf) : len;
        char *line = xstrndup(buf + at, end - at - (end > at && buf[end - 1] == '\r'));
        char *safe = san_line_dup(line);
        puts(safe);
        free(safe);
        free(line);
        at = end + 1;
    }
}

/* Finish: the file complete (renamed over the old one with --force), or removed
 * when the export failed.  0, or EXIT_RUNTIME after saying why. */
int sink_close(struct sink *k, bool ok)
{
    int rc = ok ? 0 : EXIT_RUNTIME;
    if (k->f != stdout && fclose(k->f) != 0 && rc == 0) {
        say(stderr, _("suivi: %s: cannot write: %s"), k->path ? k->path : "-",
            strerror(errno));
        rc = EXIT_RUNTIME;
    }
    if (rc == 0 && k->final && rename(k->path, k->final) != 0) {
        say(stderr, _("suivi: %s: cannot replace: %s"), k->final, strerror(errno));
        rc = EXIT_RUNTIME;
    }
    if (rc != 0 && k->path)
        unlink(k->path);           /* half a file would pass for the whole list */
    if (rc == 0 && k->buf)
        print_clean(k->buf, k->len);
    free(k->buf);
    free(k->path);
    free(k->final);
    return rc;
}
