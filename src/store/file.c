/* file — the database file itself, apart from what SQLite does with it.
 *
 *   - Only a regular file is handed to SQLite: a directory, a device such as
 *     /dev/null, a FIFO or a socket is refused by name, before anything opens it
 *     (opening a FIFO could block, and SQLite would take /dev/null for an empty
 *     database).  An empty file is a database only for `suivi init` (create).
 *   - A file we create is ours from the start: open(O_CREAT|O_EXCL), mode 0660
 *     whatever the umask (SQLite would make it 0644 minus the umask, world-readable
 *     under the usual 022); SQLite gives -wal and -shm the mode of the database.
 *   - The device and inode are kept.  An admin who restores a backup with mv, or
 *     removes the file, leaves us writing into a file that is no longer the one at
 *     the path (seen: the file at the path then failed integrity_check).  So every
 *     write transaction first checks that the path still names our file, and once
 *     it does not, no write is ever made again (STORE_REPLACED).
 * Only stat() touches the path after SQLite opened it: closing any descriptor of
 * the file would drop SQLite's POSIX locks on it. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store_internal.h"
#include "suivi/base/i18n.h"
#include "suivi/base/xalloc.h"

#define DB_FILE_MODE 0660

/* A missing file without create: say how to make one. */
static int no_such_file(store *s)
{
    return db_failf(s, STORE_CANT_OPEN, _("%s: no such database; create one with "
                    "'suivi init --db %s'"), s->path, s->path);
}

static int not_regular(store *s, const struct stat *sb)
{
    if (S_ISDIR(sb->st_mode))
        return db_failf(s, STORE_CANT_OPEN, _("%s: is a directory, not a suivi database"),
                        s->path);
    return db_failf(s, STORE_CANT_OPEN, _("%s: not a regular file (a device, a FIFO or a "
                    "socket): not a suivi database"), s->path);
}

/* Empty, and no -wal holding what a checkpoint has not copied into it yet. */
static bool really_empty(const char *path, const struct stat *sb)
{
    if (sb->st_size != 0)
        return false;
    char *wal = xasprintf("%s-wal", path);
    struct stat wb;
    bool empty = stat(wal, &wb) != 0 || wb.st_size == 0;
    free(wal);
    return empty;
}

/* O_EXCL: of two sessions creating the file at once, one makes it and the other
 * finds it (EEXIST), as it would an old file. */
static int create_file(store *s, bool *created)
{
    int fd = open(s->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, DB_FILE_MODE);
    if (fd < 0 && errno == EEXIST)
        return STORE_OK;
    if (fd < 0)
        return db_failf(s, STORE_CANT_OPEN, _("%s: cannot create the database: %s (does "
                        "its directory exist, and may you write in it?)"), s->path,
                        strerror(errno));
    int rc = STORE_OK;
    if (fchmod(fd, DB_FILE_MODE) != 0)             /* the umask took bits off */
        rc = db_failf(s, STORE_CANT_OPEN, _("%s: cannot set the mode of the new "
                      "database: %s"), s->path, strerror(errno));
    close(fd);
    if (rc != STORE_OK)
        unlink(s->path);
    else
        *created = true;
    return rc;
}

int db_file_prepare(store *s, bool create, bool *created)
{
    *created = false;
    struct stat sb;
    if (stat(s->path, &sb) != 0) {
        if (errno != ENOENT)
            return db_failf(s, STORE_CANT_OPEN, _("%s: cannot open the database: %s"),
                            s->path, strerror(errno));
        if (!create)
            return no_such_file(s);
        int rc = create_file(s, created);
        if (rc != STORE_OK)
            return rc;
        if (stat(s->path, &sb) != 0)
            return db_failf(s, STORE_CANT_OPEN, _("%s: the new database vanished: %s"),
                            s->path, strerror(errno));
    }
    if (!S_ISREG(sb.st_mode))
        return not_regular(s, &sb);
    if (!create && really_empty(s->path, &sb))
        return db_failf(s, STORE_NOT_A_DATABASE, _("%s is empty: not a suivi database; "
                        "create one with 'suivi init --db %s'"), s->path, s->path);
    s->dev = sb.st_dev;
    s->ino = sb.st_ino;
    return STORE_OK;
}

static int replaced(store *s)
{
    s->replaced = true;
    return db_failf(s, STORE_REPLACED, _("%s was deleted, renamed or replaced since suivi "
                    "opened it: nothing was written; quit and start suivi again"), s->path);
}

int db_file_check(store *s)
{
    if (s->replaced)
        return replaced(s);
    struct stat sb;
    if (stat(s->path, &sb) != 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return replaced(s);
        return db_failf(s, STORE_CANT_OPEN, _("%s: cannot check the database file: %s; "
                        "nothing was written"), s->path, strerror(errno));
    }
    if (sb.st_dev != s->dev || sb.st_ino != s->ino)
        return replaced(s);
    return STORE_OK;
}

int store_check_file(store *s)
{
    return db_file_check(s);
}
