/* tagged — `;` then a key: one change on every tagged action, in one transaction
 * (assign, status, done, priority, due date, note), with the count said after.
 * The change is what the user chose for them all: each action moves from what it is
 * now, and a field nobody named is left as it is.
 *
 * The forms here keep no draft: a draft reopens into one record's form, and these
 * are about a set of actions that only this session knows.  What they hold is a
 * word or a comment; the message before them says so. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flows_priv.h"
#include "suivi/base/dateinput.h"
#include "suivi/base/i18n.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/domain.h"
#include "suivi/core/triage.h"
#include "suivi/ui/term.h"

struct tagged {
    struct ui_ctx *ui;
    const int64_t *ids;
    int n;
    enum action_status to;       /* a status change: to what */
};

/* Say how it went: "Assigned 3 actions to Anne Morel (1 already was)". */
static enum flow_result report(int rc, const char *err, int changed, int n, const char *done)
{
    if (rc != STORE_OK) {
        term_flash(true, "%s", err);
        return FLOW_UNCHANGED;
    }
    if (changed == n)
        term_flash(false, "%s", done);
    else
        term_flash(false, _("%s (already so: %d)"), done, n - changed);
    return changed ? FLOW_SAVED : FLOW_UNCHANGED;
}

static enum flow_result apply(const struct tagged *t, const struct triage_change *c,
                              const char *done)
{
    char err[256] = "";
    int changed = 0;
    int rc = triage_apply(t->ui->s, t->ids, NULL, t->n, c, &changed, err, sizeof err);
    return report(rc, err, changed, t->n, done);
}

static enum flow_result assign(const struct tagged *t)
{
    struct assign_list l;
    if (assign_list_read(t->ui, &l) != STORE_OK) {
        term_flash(true, "%s", store_errmsg(t->ui->s));
        assign_list_free(&l);
        return FLOW_UNCHANGED;
    }
    char *title = xasprintf(ngettext("Assign %d tagged action", "Assign %d tagged actions",
                                     t->n), t->n);
    struct triage_change c;
    const char *who = NULL;
    int pick = pick_assignee(&l, title, 0, &c, &who);
    free(title);
    enum flow_result r = pick == -2 ? FLOW_HANGUP : FLOW_UNCHANGED;
    if (pick == 0) {
        char *done = who ? xasprintf(ngettext("Assigned %d action to %s",
                                              "Assigned %d actions to %s", t->n), t->n, who)
                         : xasprintf(ngettext("Assigned %d action to nobody",
                                              "Assigned %d actions to nobody", t->n), t->n);
        r = apply(t, &c, done);
        free(done);
    }
    assign_list_free(&l);
    return r;
}

static enum flow_result priority(const struct tagged *t)
{
    char *title = xasprintf(ngettext("Priority of %d tagged action",
                                     "Priority of %d tagged actions", t->n), t->n);
    struct triage_change c;
    int pick = pick_priority(title, PRIORITY_MIN, &c);
    free(title);
    if (pick < 0)
        return pick == -2 ? FLOW_HANGUP : FLOW_UNCHANGED;
    char *done = xasprintf(ngettext("%d action set to P%d", "%d actions set to P%d", t->n),
                           t->n, c.priority);
    enum flow_result r = apply(t, &c, done);
    free(done);
    return r;
}

static enum flow_result due(const struct tagged *t)
{
    char *title = xasprintf(ngettext("Due date of %d tagged action",
                                     "Due date of %d tagged actions", t->n), t->n);
    char *text = NULL;
    enum form_result fr = form_ask(title, _("Due"), FIELD_DATE, &text);
    free(title);
    enum flow_result r = fr == FORM_HANGUP ? FLOW_HANGUP : FLOW_UNCHANGED;
    struct triage_change c = { .fields = 1u << ACTION_F_DUE };
    char err[256] = "";
    if (fr == FORM_SAVED && text && text[strspn(text, " ")] &&
        date_parse_user(text, c.due, err, sizeof err) != 0) {
        term_flash(true, "%s", err);      /* the form checked it: only "today" moved on */
    } else if (fr == FORM_SAVED) {
        char *done = c.due[0] ? xasprintf(ngettext("%d action due %s", "%d actions due %s",
                                                   t->n), t->n, c.due)
                              : xasprintf(ngettext("%d action with no due date",
                                                   "%d actions with no due date", t->n), t->n);
        r = apply(t, &c, done);
        free(done);
    }
    free(text);
    return r;
}

/* ---- status and notes: a text for them all ---------------------------------------- */

enum { TF_TEXT, TF_VISIBILITY, TF_COUNT };

/* Run a form of a text and its visibility until save succeeds or the user leaves. */
static enum flow_result text_form(const struct tagged *t, const char *title, const char *label,
                                  int (*save)(const struct tagged *, const char *,
                                              enum note_visibility, char *, size_t, char *,
                                              size_t))
{
    const char *vis[NOTE_VIS_COUNT];
    for (int i = 0; i < NOTE_VIS_COUNT; i++)
        vis[i] = _(enum_label(&NOTE_VISIBILITY_NAMES, i));
    struct form_field fl[TF_COUNT] = {
        { .key = "text", .label = label, .type = FIELD_LONGTEXT, .action_choice = -1 },
        { .key = "visibility", .label = _("Visible to"), .type = FIELD_CHOICE,
          .choices = vis, .codes = NOTE_VISIBILITY_NAMES.code, .nchoices = NOTE_VIS_COUNT,
          .action_choice = -1 },
    };
    struct form f = { .title = title, .fields = fl, .nfields = TF_COUNT, .no_draft = true };
    enum flow_result r = FLOW_UNCHANGED;
    for (;;) {
        enum form_result fr = form_run(&f);
        if (fr != FORM_SAVED) {
            r = fr == FORM_HANGUP ? FLOW_HANGUP : FLOW_UNCHANGED;
            break;
        }
        char err[sizeof f.message] = "", done[256] = "";
        int rc = save(t, fl[TF_TEXT].value, (enum note_visibility)fl[TF_VISIBILITY].choice,
                      err, sizeof err, done, sizeof done);
        if (rc == STORE_OK) {
            r = FLOW_SAVED;
            term_flash(false, "%s", done);
            break;
        }
        snprintf(f.message, sizeof f.message, "%s", err);   /* the text stays */
        f.message_is_error = true;
    }
    form_free_values(&f);
    return r;
}

static int save_status(const struct tagged *t, const char *text, enum note_visibility vis,
                       char *err, size_t errlen, char *done, size_t donelen)
{
    struct status_change chg = { .to = t->to, .text = text, .visibility = vis };
    int moved = 0;
    int rc = actions_change_status(t->ui->s, t->ids, t->n, &chg, &moved, err, errlen);
    const char *to = _(enum_label(&ACTION_STATUS_NAMES, (int)chg.to));
    if (rc == STORE_OK && moved == t->n)
        snprintf(done, donelen, ngettext("%d action: %s", "%d actions: %s", t->n), t->n, to);
    else if (rc == STORE_OK)
        snprintf(done, donelen, ngettext("%d action: %s (already so: %d)",
                                         "%d actions: %s (already so: %d)", t->n),
                 t->n, to, t->n - moved);
    return rc;
}

static enum flow_result status(const struct tagged *t, int pick)
{
    const char *items[ASTATUS_COUNT];
    for (int i = 0; i < ASTATUS_COUNT; i++)
        items[i] = _(enum_label(&ACTION_STATUS_NAMES, i));
    if (pick < 0) {
        char *title = xasprintf(ngettext("Status of %d tagged action",
                                         "Status of %d tagged actions", t->n), t->n);
        pick = picker_run(title, items, ASTATUS_COUNT, 0);
        free(title);
    }
    if (pick < 0)
        return pick == -2 ? FLOW_HANGUP : FLOW_UNCHANGED;
    struct tagged to = *t;
    to.to = (enum action_status)pick;
    char *title = xasprintf(ngettext("%d tagged action: %s", "%d tagged actions: %s", t->n),
                            t->n, items[pick]);
    enum flow_result r = text_form(&to, title, action_status_is_open(to.to)
                                               ? _("Comment") : _("Resolution"), save_status);
    free(title);
    return r;
}

static int save_note(const struct tagged *t, const char *text, enum note_visibility vis,
                     char *err, size_t errlen, char *done, size_t donelen)
{
    int rc = notes_add(t->ui->s, t->ids, t->n, text, vis, err, errlen);
    if (rc == STORE_OK)
        snprintf(done, donelen, ngettext("Note added to %d action", "Note added to %d actions",
                                         t->n), t->n);
    return rc;
}

static enum flow_result note(const struct tagged *t)
{
    char *title = xasprintf(ngettext("Note on %d tagged action", "Note on %d tagged actions",
                                     t->n), t->n);
    enum flow_result r = text_form(t, title, _("Note"), save_note);
    free(title);
    return r;
}

/* ---- ; ----------------------------------------------------------------------------- */

enum flow_result flow_tagged(struct ui_ctx *ui)
{
    struct tagged t = { ui, ui->tags.ids, ui->tags.n, ASTATUS_OPEN };
    if (t.n == 0) {
        term_flash(false, "%s", _("No action is tagged: t tags one, T those that match"));
        return FLOW_UNCHANGED;
    }
    char *q = xasprintf(ngettext("%d tagged: A assign, s status, x done, p priority, d due "
                                 "date, c note (Esc: none)",
                                 "%d tagged: A assign, s status, x done, p priority, d due "
                                 "date, c note (Esc: none)", t.n), t.n);
    bool keycode = false;
    int key = ask_key(q, &keycode);
    free(q);
    if (key == TERM_KEY_HANGUP)
        return FLOW_HANGUP;
    switch (key < 0 ? CMD_NONE : keymap_lookup(KEYMAP_GLOBAL, keycode, key)) {
    case CMD_ASSIGN:       return assign(&t);
    case CMD_SET_STATUS:   return status(&t, -1);
    case CMD_MARK_DONE:    return status(&t, ASTATUS_DONE);
    case CMD_SET_PRIORITY: return priority(&t);
    case CMD_SET_DUE:      return due(&t);
    case CMD_ADD_NOTE:     return note(&t);
    default:
        term_flash(false, "%s", _("Nothing changed"));
        return FLOW_UNCHANGED;
    }
}
