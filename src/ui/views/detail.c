/* detail — see detail.h.  Every value goes into the textview as it is stored; the
 * textview sanitises it. */
#include "suivi/ui/detail.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suivi/base/sanitize.h"
#include "suivi/core/validate.h"
#include "suivi/base/xalloc.h"

#define LABEL_COLS 12

static const char *dash(void)
{
    return san_locale_is_utf8() ? "\u2014" : "-";
}

/* An instant in the user's date format, with the time. */
static void when(const struct panes_ctx *c, int64_t t, char *buf, size_t len)
{
    if (!t) {
        snprintf(buf, len, "-");
        return;
    }
    char fmt[128];
    const char *df = c->cfg && c->cfg->date_format ? c->cfg->date_format : "%Y-%m-%d";
    snprintf(fmt, sizeof fmt, "%s %%H:%%M", df);
    if (time_format_local(t, fmt, buf, len) != 0)
        snprintf(buf, len, "?");
}

static void title_of(struct textview *tv, const char *what, const char *name)
{
    char *t = xasprintf("%s %s %s", what, dash(), name ? name : "");
    free(tv->title);
    tv->title = t;
}

/* ---- member -------------------------------------------------------------------- */

static void add_contacts(struct textview *tv, const struct panes_ctx *c, int64_t member_id)
{
    struct contact *cs = NULL;
    int n = 0;
    if (store_contacts_of_member(c->s, member_id, &cs, &n) != STORE_OK) {
        tv_heading(tv, "Contacts");
        tv_add_styled(tv, ROLE_NORMAL, NULL, ROLE_ERROR, store_errmsg(c->s));
        return;
    }
    char head[64];
    snprintf(head, sizeof head, "Contacts (%d)", n);
    tv_heading(tv, head);
    if (n == 0)
        tv_text(tv, "(none)");
    for (int i = 0; i < n; i++) {
        tv_add(tv, cs[i].role && *cs[i].role ? cs[i].role : "contact", cs[i].name);
        if (cs[i].email && *cs[i].email)
            tv_add(tv, "", cs[i].email);
        if (cs[i].phone && *cs[i].phone)
            tv_add(tv, "", cs[i].phone);
    }
    contacts_free(cs, n);
}

static int build_member(struct textview *tv, const struct panes_ctx *c, struct detail_ref *ref)
{
    struct member m;
    memset(&m, 0, sizeof m);
    int rc = store_member_get(c->s, ref->id, &m);
    if (rc != STORE_OK)
        return rc;
    ref->member_id = m.id;
    char buf[96];
    title_of(tv, "Member", m.name);
    tv_add(tv, "Name", m.name);
    tv_add(tv, "Kind", enum_label(&MEMBER_KIND_NAMES, (int)m.kind));
    tv_add(tv, "Status", enum_label(&MEMBER_STATUS_NAMES, (int)m.status));
    tv_add(tv, "SIREN", m.siren);
    tv_add(tv, "D\u00e9partement", m.departement);
    tv_add(tv, "Belongs to", m.parent_id ? m.parent_name : NULL);
    when(c, m.created_at, buf, sizeof buf);
    tv_add(tv, "Created", buf);
    when(c, m.updated_at, buf, sizeof buf);
    tv_add(tv, "Updated", buf);
    add_contacts(tv, c, m.id);
    member_clear(&m);
    return STORE_OK;
}

/* ---- interaction --------------------------------------------------------------- */

static void add_member_name(struct textview *tv, const struct panes_ctx *c, int64_t id)
{
    struct member m;
    memset(&m, 0, sizeof m);
    if (store_member_get(c->s, id, &m) == STORE_OK)
        tv_add(tv, "Member", m.name);
    else
        tv_add(tv, "Member", "?");
    member_clear(&m);
}

static int build_interaction(struct textview *tv, const struct panes_ctx *c,
                             struct detail_ref *ref)
{
    struct interaction it;
    memset(&it, 0, sizeof it);
    int rc = store_interaction_get(c->s, ref->id, &it);
    if (rc != STORE_OK)
        return rc;
    ref->member_id = it.member_id;
    ref->interaction_id = it.id;
    char buf[96];
    title_of(tv, "Interaction", it.subject);
    tv_add(tv, "Subject", it.subject);
    add_member_name(tv, c, it.member_id);
    when(c, it.occurred_at, buf, sizeof buf);
    tv_add(tv, "When", buf);
    tv_add(tv, "Kind", enum_label(&INTERACTION_KIND_NAMES, (int)it.kind));
    tv_add(tv, "Contact", it.contact_name);
    tv_add(tv, "P\u00f4le", it.pole_name);
    tv_add(tv, "Author", it.author);
    tv_heading(tv, "Body");
    tv_text(tv, it.body && *it.body ? it.body : "(empty)");
    interaction_clear(&it);
    return STORE_OK;
}

/* ---- action -------------------------------------------------------------------- */

static void add_origin(struct textview *tv, const struct panes_ctx *c, int64_t id)
{
    if (!id) {
        tv_add(tv, "Origin", NULL);
        return;
    }
    struct interaction it;
    memset(&it, 0, sizeof it);
    if (store_interaction_get(c->s, id, &it) == STORE_OK) {
        char date[64];
        pane_format_instant(c, it.occurred_at, date, sizeof date);
        char *s = xasprintf("%s  %s", date, it.subject ? it.subject : "");
        tv_add(tv, "Origin", s);
        free(s);
    } else {
        tv_add(tv, "Origin", "?");
    }
    interaction_clear(&it);
}

static void add_notes(struct textview *tv, const struct panes_ctx *c, int64_t action_id)
{
    struct note *ns = NULL;
    int n = 0;
    if (store_notes_of_action(c->s, action_id, &ns, &n) != STORE_OK) {
        tv_heading(tv, "Notes");
        tv_add_styled(tv, ROLE_NORMAL, NULL, ROLE_ERROR, store_errmsg(c->s));
        return;
    }
    char head[64], at[96];
    snprintf(head, sizeof head, "Notes (%d)", n);
    tv_heading(tv, head);
    if (n == 0)
        tv_text(tv, "(none)");
    for (int i = 0; i < n; i++) {
        when(c, ns[i].at, at, sizeof at);
        char *h = xasprintf("%s  %s  [%s]", at, ns[i].author ? ns[i].author : "?",
                            enum_label(&NOTE_VISIBILITY_NAMES, (int)ns[i].visibility));
        tv_add_styled(tv, ROLE_NORMAL, NULL, ROLE_HEADER, h);
        free(h);
        tv_text_indented(tv, 2, ns[i].body);
    }
    notes_free(ns, n);
}

static void add_history(struct textview *tv, const struct panes_ctx *c, int64_t action_id)
{
    struct audit_entry *es = NULL;
    int n = 0;
    tv_heading(tv, "History");
    if (store_audit_of(c->s, "action", action_id, &es, &n) != STORE_OK) {
        tv_add_styled(tv, ROLE_NORMAL, NULL, ROLE_ERROR, store_errmsg(c->s));
        return;
    }
    char at[96];
    for (int i = 0; i < n; i++) {
        when(c, es[i].at, at, sizeof at);
        char *line = xasprintf("%s  %s  %s", at, es[i].login ? es[i].login : "?",
                               es[i].change ? es[i].change : "");
        tv_text(tv, line);
        free(line);
    }
    audit_free(es, n);
}

static int build_action(struct textview *tv, const struct panes_ctx *c, struct detail_ref *ref)
{
    struct action a;
    memset(&a, 0, sizeof a);
    int rc = store_action_get(c->s, ref->id, &a);
    if (rc != STORE_OK)
        return rc;
    ref->member_id = a.member_id;
    ref->interaction_id = a.interaction_id;
    char buf[96], num[32];
    snprintf(num, sizeof num, "Action #%lld", (long long)a.id);
    title_of(tv, num, a.title);
    tv_add(tv, "Title", a.title);
    tv_add(tv, "Member", a.member_name);
    tv_add(tv, "Status", enum_label(&ACTION_STATUS_NAMES, (int)a.status));
    snprintf(buf, sizeof buf, "P%d", a.priority);
    tv_add(tv, "Priority", buf);
    pane_format_date(c, a.due, buf, sizeof buf);
    if (action_is_overdue(&a, c->today)) {
        char *d = xasprintf("%s  ! overdue", buf);
        tv_add_styled(tv, ROLE_HEADER, "Due", ROLE_OVERDUE, d);
        free(d);
    } else {
        tv_add(tv, "Due", a.due ? buf : NULL);
    }
    tv_add(tv, "Assignee", a.assignee_name);
    tv_add(tv, "P\u00f4le", a.pole_name);
    when(c, a.created_at, buf, sizeof buf);
    char *created = xasprintf("%s by %s", buf, a.created_by ? a.created_by : "?");
    tv_add(tv, "Created", created);
    free(created);
    if (a.closed_at) {
        when(c, a.closed_at, buf, sizeof buf);
        tv_add(tv, "Closed", buf);
    }
    add_origin(tv, c, a.interaction_id);
    tv_heading(tv, "Description");
    tv_text(tv, a.description && *a.description ? a.description : "(empty)");
    add_notes(tv, c, a.id);
    add_history(tv, c, a.id);
    action_clear(&a);
    return STORE_OK;
}

int detail_build(struct textview *tv, const struct panes_ctx *c, struct detail_ref *ref)
{
    tv_init(tv, "", LABEL_COLS);
    ref->member_id = ref->interaction_id = 0;
    switch (ref->kind) {
    case DETAIL_MEMBER:
        return build_member(tv, c, ref);
    case DETAIL_INTERACTION:
        return build_interaction(tv, c, ref);
    case DETAIL_ACTION:
        return build_action(tv, c, ref);
    }
    return STORE_ERROR;
}
