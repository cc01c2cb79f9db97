/* export — see export.h. */
#include "suivi/core/export.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "suivi/base/i18n.h"
#include "suivi/base/timeutil.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/domain.h"
#include "suivi/core/validate.h"

#define PAGE 256

static const char *const ACTION_COLUMNS[] = {
    "id", "member_id", "member", "title", "status", "priority", "due", "overdue",
    "assignee", "pole", "created_by", "created_at", "updated_at", "closed_at",
    "resolution", "description", NULL,
};
static const char *const MEMBER_COLUMNS[] = {
    "id", "name", "kind", "siren", "departement", "status", "parent_id", "open_actions",
    "stage", "stage_since", "stage_due", NULL,
};
static const char *const INTERACTION_COLUMNS[] = {
    "id", "member_id", "member", "occurred_at", "kind", "pole", "contact", "author",
    "subject", "body", NULL,
};

static void cell_instant(struct table_out *t, int64_t at)
{
    char buf[32];
    if (at && time_format_local(at, "%Y-%m-%d %H:%M", buf, sizeof buf) == 0)
        table_text(t, buf);
    else
        table_text(t, NULL);
}

static void cell_id(struct table_out *t, int64_t id)
{
    if (id)
        table_int(t, id);
    else
        table_text(t, NULL);
}

static void action_row(struct table_out *t, const struct action *a, const char *today)
{
    table_int(t, a->id);
    table_int(t, a->member_id);
    table_text(t, a->member_name);
    table_text(t, a->title);
    table_text(t, enum_code(&ACTION_STATUS_NAMES, (int)a->status));
    table_int(t, a->priority);
    table_text(t, a->due);
    table_text(t, action_is_overdue(a, today) ? "yes" : "no");
    table_text(t, a->assignee_name);
    table_text(t, a->pole_name);
    table_text(t, a->created_by);
    cell_instant(t, a->created_at);
    cell_instant(t, a->updated_at);
    cell_instant(t, a->closed_at);
    table_text(t, a->resolution);
    table_text(t, a->description);
    table_end_row(t);
}

static int export_actions(store *s, const struct export_request *r, struct table_out *t)
{
    struct action *rows = xcalloc(PAGE, sizeof *rows), last = {0};
    char today[DATE_ISO_LEN];
    struct action_query q = r->actions;
    if (!q.today) {
        date_today(today);
        q.today = today;
    }
    int n = 0, rc = STORE_OK;
    for (enum page_dir dir = PAGE_FIRST; rc == STORE_OK; dir = PAGE_AFTER) {
        rc = store_actions_page(s, &q, dir, dir == PAGE_FIRST ? NULL : &last, PAGE, rows, &n);
        for (int i = 0; rc == STORE_OK && i < n; i++)
            action_row(t, &rows[i], q.today);
        action_clear(&last);
        if (rc == STORE_OK && n > 0)
            action_copy(&last, &rows[n - 1]);
        for (int i = 0; i < n; i++)
            action_clear(&rows[i]);
        if (n < PAGE)
            break;
    }
    action_clear(&last);
    free(rows);
    return rc;
}

static void member_row(struct table_out *t, const struct member *m)
{
    table_int(t, m->id);
    table_text(t, m->name);
    table_text(t, enum_code(&MEMBER_KIND_NAMES, (int)m->kind));
    table_text(t, m->siren);
    table_text(t, m->departement);
    table_text(t, enum_code(&MEMBER_STATUS_NAMES, (int)m->status));
    cell_id(t, m->parent_id);
    table_int(t, m->open_actions);
    table_text(t, m->stage);
    cell_instant(t, m->stage_since);
    table_text(t, m->stage_due);
    table_end_row(t);
}

/* Every member (matching filter), in list order; each_member is called on each row
 * (the interactions export walks its members this way). */
static int walk_members(store *s, const struct member_where *filter,
                        int (*each)(store *, const struct member *, void *), void *arg)
{
    struct member *rows = xcalloc(PAGE, sizeof *rows), last = {0};
    const struct member_where all = { .stalled = -1 };
    int n = 0, rc = STORE_OK;
    for (enum page_dir dir = PAGE_FIRST; rc == STORE_OK; dir = PAGE_AFTER) {
        rc = store_members_where_page(s, filter ? filter : &all, dir,
                                      dir == PAGE_FIRST ? NULL : &last, PAGE, rows, &n);
        for (int i = 0; rc == STORE_OK && i < n; i++)
            rc = each(s, &rows[i], arg);
        member_clear(&last);
        if (n > 0) {
            last.id = rows[n - 1].id;
            last.sort_key = xstrdup(rows[n - 1].sort_key ? rows[n - 1].sort_key : "");
        }
        for (int i = 0; i < n; i++)
            member_clear(&rows[i]);
        if (n < PAGE)
            break;
    }
    member_clear(&last);
    free(rows);
    return rc;
}

static int each_member_row(store *s, const struct member *m, void *arg)
{
    (void)s;
    member_row(arg, m);
    return STORE_OK;
}

static void interaction_row(struct table_out *t, const struct interaction *it,
                            const char *member)
{
    table_int(t, it->id);
    table_int(t, it->member_id);
    table_text(t, member);
    cell_instant(t, it->occurred_at);
    table_text(t, enum_code(&INTERACTION_KIND_NAMES, (int)it->kind));
    table_text(t, it->pole_name);
    table_text(t, it->contact_name);
    table_text(t, it->author);
    table_text(t, it->subject);
    table_text(t, it->body);
    table_end_row(t);
}

static int member_interactions(store *s, const struct member *m, void *arg)
{
    struct table_out *t = arg;
    struct interaction *rows = xcalloc(PAGE, sizeof *rows), last = {0};
    int n = 0, rc = STORE_OK;
    for (enum page_dir dir = PAGE_FIRST; rc == STORE_OK; dir = PAGE_AFTER) {
        rc = store_interactions_page(s, m->id, NULL, dir, dir == PAGE_FIRST ? NULL : &last,
                                     PAGE, rows, &n);
        for (int i = 0; rc == STORE_OK && i < n; i++)
            interaction_row(t, &rows[i], m->name);
        if (n > 0) {
            last.id = rows[n - 1].id;
            last.occurred_at = rows[n - 1].occurred_at;
        }
        for (int i = 0; i < n; i++)
            interaction_clear(&rows[i]);
        if (n < PAGE)
            break;
    }
    free(rows);
    return rc;
}

static int export_interactions(store *s, const struct export_request *r, struct table_out *t)
{
    if (!r->member_id)
        return walk_members(s, NULL, member_interactions, t);
    struct member m = {0};
    int rc = store_member_get(s, r->member_id, &m);
    if (rc == STORE_OK)
        rc = member_interactions(s, &m, t);
    member_clear(&m);
    return rc;
}

int export_write(store *s, const struct export_request *r, FILE *f, long *rows,
                 char *err, size_t errlen)
{
    static const char *const *const columns[] = {
        [EXPORT_ACTIONS] = ACTION_COLUMNS, [EXPORT_MEMBERS] = MEMBER_COLUMNS,
        [EXPORT_INTERACTIONS] = INTERACTION_COLUMNS,
    };
    *rows = 0;
    struct table_out t;
    int rc = store_read_begin(s);
    if (rc != STORE_OK) {
        snprintf(err, errlen, _("Cannot read the database: %s"), store_errmsg(s));
        return rc;
    }
    table_begin(&t, f, r->format, columns[r->what]);
    if (r->what == EXPORT_ACTIONS)
        rc = export_actions(s, r, &t);
    else if (r->what == EXPORT_MEMBERS)
        rc = walk_members(s, r->members, each_member_row, &t);
    else
        rc = export_interactions(s, r, &t);
    store_read_end(s);
    *rows = t.rows;
    if (rc != STORE_OK) {
        snprintf(err, errlen, _("Cannot read the rows to export: %s"), store_errmsg(s));
        return rc;
    }
    if (table_end(&t) != 0) {
        snprintf(err, errlen, _("Cannot write the export: %s"), strerror(errno));
        return DOMAIN_INVALID;
    }
    return STORE_OK;
}

int export_what_parse(const char *name, enum export_what *out)
{
    static const char *const names[] = { "actions", "members", "interactions" };
    for (int i = 0; i < 3; i++)
        if (strcmp(name, names[i]) == 0) {
            *out = (enum export_what)i;
            return 0;
        }
    return -1;
}
