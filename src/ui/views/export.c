/* export — E in a list: the list as it is shown (its scope and query or filter)
 * into a CSV file the user names, ~/suivi-actions-2026-11-20.csv by default.  An
 * existing file is never overwritten: the name is for a new file. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lists.h"
#include "suivi/base/xalloc.h"
#include "suivi/ui/form.h"
#include "suivi/ui/term.h"

static char *default_path(const struct ui_ctx *ui, const char *what)
{
    const char *home = getenv("HOME");
    char *path = xasprintf("%s/suivi-%s-%s.csv", home && *home ? home : ".", what, ui->today);
    for (int i = 2; access(path, F_OK) == 0 && i < 100; i++) {
        free(path);
        path = xasprintf("%s/suivi-%s-%s-%d.csv", home && *home ? home : ".", what,
                         ui->today, i);
    }
    return path;
}

/* A new file, private to its group as the database is (0640 under the umask). */
static FILE *create_file(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    if (fd < 0)
        return NULL;
    FILE *f = fdopen(fd, "wb");
    if (!f)
        close(fd);
    return f;
}

enum reaction view_export(struct view *v, struct export_request *r, const char *what)
{
    char *initial = default_path(v->ui, what), *path = NULL;
    enum form_result fr = form_ask_with(_("Export this list to a CSV file (UTF-8, ';')"),
                                        _("File"), FIELD_TEXT, initial, &path);
    free(initial);
    if (fr == FORM_HANGUP) {
        free(path);
        return R_QUIT;
    }
    if (fr != FORM_SAVED || !path || !*path) {
        free(path);
        return R_NONE;
    }
    FILE *f = create_file(path);
    if (!f) {
        /* The reason first: a long path is what the status line cuts. */
        if (errno == EEXIST)
            term_flash(true, _("Not exported: the file exists already (give another name): "
                               "%s"), path);
        else
            term_flash(true, _("Not exported: %s: %s"), strerror(errno), path);
        free(path);
        return R_NONE;
    }
    long rows = 0;
    char err[256] = "";
    int rc = export_write(v->ui->s, r, f, &rows, err, sizeof err);
    if (fclose(f) != 0 && rc == STORE_OK) {
        snprintf(err, sizeof err, "%s", strerror(errno));
        rc = STORE_ERROR;
    }
    if (rc != STORE_OK) {
        unlink(path);          /* half a file would pass for the whole list */
        term_flash(true, _("Export to %s failed: %s"), path, err);
    } else {
        term_flash(false, ngettext("Exported %ld row to %s", "Exported %ld rows to %s", rows),
                   rows, path);
    }
    free(path);
    lv_touch(&list_of(v)->lv);
    return R_NONE;
}
