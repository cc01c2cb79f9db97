/* drafts — the D key: the forms a crash, a kill or a lost connection left unsaved,
 * newest first; the one chosen opens again in the form that wrote it, with what was
 * typed, built on the record as it is stored now. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flows_priv.h"
#include "suivi/base/i18n.h"
#include "suivi/base/timeutil.h"
#include "suivi/base/xalloc.h"
#include "suivi/ui/draft.h"
#include "suivi/ui/term.h"

/* Reopen d in the flow that wrote it (its kind); kind and id: what a save shows. */
static enum flow_result reopen(struct ui_ctx *ui, struct draft *d, enum sel_kind *kind,
                               int64_t *id)
{
    const struct form_ref *r = &d->ref;
    const char *k = r->kind;
    *kind = SEL_NONE;
    *id = 0;
    if (strncmp(k, "member-", 7) == 0) {
        *kind = SEL_MEMBER;
        return flow_member_open(ui, r->id, d, id);
    }
    if (strncmp(k, "interaction-", 12) == 0) {
        *kind = SEL_INTERACTION;
        return flow_interaction_open(ui, r->id, r->member_id, d, id);
    }
    if (strncmp(k, "action-", 7) == 0) {
        *kind = SEL_ACTION;
        return flow_action_open(ui, r->id, r->member_id, r->parent_id, d, id);
    }
    if (strncmp(k, "contact-", 8) == 0) {
        *kind = SEL_MEMBER;
        *id = r->member_id;
        return flow_contact_open(ui, r->id, r->member_id, d, NULL);
    }
    static const struct { const char *prefix; enum sel_kind kind; } people[] = {
        { "staff-", SEL_STAFF }, { "pole-", SEL_POLE }, { "provider-", SEL_PROVIDER },
    };
    for (size_t i = 0; i < sizeof people / sizeof people[0]; i++)
        if (strncmp(k, people[i].prefix, strlen(people[i].prefix)) == 0) {
            *kind = people[i].kind;
            return flow_people_open(ui, people[i].kind, r->id, d, id);
        }
    if (strncmp(k, "subscription-", 13) == 0) {
        *kind = SEL_SUBSCRIPTION;
        return flow_subscription_open(ui, r->id, r->member_id, d, id);
    }
    if (strcmp(k, "training-new") == 0) {
        *kind = SEL_SESSION;
        return flow_session_open(ui, d, id);
    }
    if (strcmp(k, "due") == 0) {
        *kind = SEL_ACTION;
        *id = r->id;
        return flow_action_due(ui, r->id, d);
    }
    if (strcmp(k, "journey") == 0) {
        *kind = SEL_MEMBER;
        *id = r->id;
        return flow_member_journey(ui, r->id, d);
    }
    if (strcmp(k, "mail") == 0) {
        *kind = SEL_ACTION;
        *id = r->id;
        return flow_mail(ui, r->id, d);
    }
    if (strcmp(k, "status") == 0 || strcmp(k, "note") == 0) {
        *kind = SEL_ACTION;
        *id = r->id;
        return k[0] == 's' ? flow_action_status(ui, r->id, d) : flow_note_add(ui, r->id, d);
    }
    term_flash(true, _("%s: a draft of a form this suivi does not know (%s)"), d->path, k);
    return FLOW_UNCHANGED;
}

/* When it was written, in local time. */
static char *written(const struct draft *d)
{
    int64_t t = 0;
    char buf[64] = "?";
    if (d->written && time_from_iso(d->written, &t) == 0)
        time_format_local(t, "%Y-%m-%d %H:%M", buf, sizeof buf);
    return xstrdup(buf);
}

enum flow_result flow_drafts(struct ui_ctx *ui, enum sel_kind *kind, int64_t *id)
{
    struct draft *ds = NULL;
    int n = 0;
    char dir[PATH_MAX];
    *kind = SEL_NONE;
    *id = 0;
    if (drafts_list(&ds, &n, dir, sizeof dir) != 0 || n == 0) {
        term_flash(false, "%s", _("No unsaved form to reopen"));
        drafts_free(ds, n);
        return FLOW_UNCHANGED;
    }
    char **items = xcalloc((size_t)n, sizeof *items);
    for (int i = 0; i < n; i++) {
        char *when = written(&ds[i]);
        items[i] = xasprintf("%s  %s", when, ds[i].title ? ds[i].title : "?");
        free(when);
    }
    int pick = picker_run(_("Reopen an unsaved form"), (const char *const *)items, n, 0);
    enum flow_result r = pick == -2 ? FLOW_HANGUP : FLOW_UNCHANGED;
    if (pick >= 0)
        r = reopen(ui, &ds[pick], kind, id);
    for (int i = 0; i < n; i++)
        free(items[i]);
    free(items);
    drafts_free(ds, n);
    return r;
}
