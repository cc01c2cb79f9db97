/* flows_work — the interaction and action forms, and the status menu (see flows.h).
 * Shared helpers are in flows.c. */
#include "suivi/ui/flows.h"

#include <stdlib.h>
#include <string.h>

#include "suivi/core/domain.h"
#include "suivi/ui/form.h"
#include "suivi/ui/term.h"
#include "suivi/base/timeutil.h"
#include "suivi/base/xalloc.h"
#include "flows_priv.h"

/* ---- interactions ---------------------------------------------------------------- */

enum { IF_WHEN, IF_KIND, IF_POLE, IF_CONTACT, IF_SUBJECT, IF_BODY, IF_COUNT };

struct interaction_flow {
    store *s;
    struct interaction it;
    struct choices poles, contacts;
};

static bool load_contacts(store *s, int64_t member_id, struct choices *c)
{
    struct contact *cs = NULL;
    int n = 0;
    if (store_contacts_of_member(s, member_id, &cs, &n) != STORE_OK) {
        term_flash(true, "Cannot read the contacts: %s", store_errmsg(s));
        return false;
    }
    choices_add(c, "(none)", 0, false);
    for (int i = 0; i < n; i++) {
        char *label = cs[i].role && cs[i].role[0]
                    ? xasprintf("%s (%s)", cs[i].name, cs[i].role) : xstrdup(cs[i].name);
        choices_add(c, label, cs[i].id, false);
        free(label);
    }
    contacts_free(cs, n);
    return true;
}

/* The entry for id, added when the list lacks it (a row read before a change). */
static int find_or_add(struct choices *c, int64_t id, const char *name)
{
    if (!id)
        return 0;
    int i = choices_find(c, id, false);
    if (i == 0) {
        choices_add(c, name ? name : "?", id, false);
        i = c->n - 1;
    }
    return i;
}

static int interaction_apply(void *ctx, struct form *f, char *err, size_t errlen)
{
    struct interaction_flow *fl = ctx;
    struct interaction *it = &fl->it;
    struct form_field *fd = f->fields;
    int64_t when;
    if (time_parse_user(fd[IF_WHEN].value, &when, err, errlen) != 0) {
        f->focus = IF_WHEN;
        return DOMAIN_INVALID;           /* the form checked it; the clock moved? */
    }
    it->occurred_at = when;
    it->kind = (enum interaction_kind)fd[IF_KIND].choice;
    it->pole_id = fl->poles.ids[fd[IF_POLE].choice];
    it->contact_id = fl->contacts.ids[fd[IF_CONTACT].choice];
    str_replace(&it->subject, fd[IF_SUBJECT].value);
    str_replace(&it->body, flow_value(&fd[IF_BODY]));
    int rc = interaction_save(fl->s, it, err, errlen);
    return flow_after_save(fl->s, rc, FLOW_INTERACTION, it->id, &it->version, err, errlen);
}

static enum flow_result interaction_form(struct interaction_flow *fl, const char *title)
{
    struct interaction *it = &fl->it;
    struct form_field fields[IF_COUNT];
    struct form f = { .title = title, .fields = fields, .nfields = IF_COUNT };
    char when[64];
    time_to_user_input(it->occurred_at, when, sizeof when);
    flow_text(&fields[IF_WHEN], "When", FIELD_DATETIME, true, when);
    flow_choice(&fields[IF_KIND], "Kind", INTERACTION_KIND_NAMES.label,
                INTERACTION_KIND_NAMES.count, (int)it->kind);
    flow_choices(&fields[IF_POLE], "Pôle", &fl->poles,
                 find_or_add(&fl->poles, it->pole_id, it->pole_name));
    flow_choices(&fields[IF_CONTACT], "Contact", &fl->contacts,
                 find_or_add(&fl->contacts, it->contact_id, it->contact_name));
    flow_text(&fields[IF_SUBJECT], "Subject", FIELD_TEXT, true, it->subject);
    flow_text(&fields[IF_BODY], "Body", FIELD_LONGTEXT, false, it->body);
    enum flow_result r = flow_run_form(&f, it->id != 0, interaction_apply, fl);
    form_free_values(&f);
    if (r == FLOW_SAVED)
        term_flash(false, "Saved interaction #%lld", (long long)it->id);
    return r;
}

static enum flow_result interaction_flow_run(struct interaction_flow *fl, const char *title)
{
    enum flow_result r = FLOW_UNCHANGED;
    if (flow_load_poles(fl->s, &fl->poles) && load_contacts(fl->s, fl->it.member_id, &fl->contacts))
        r = interaction_form(fl, title);
    choices_free(&fl->poles);
    choices_free(&fl->contacts);
    return r;
}

enum flow_result flow_interaction_new(const struct flow_ctx *c, int64_t member_id,
                                      int64_t *new_id)
{
    struct member m = {0};
    if (store_member_get(c->s, member_id, &m) != STORE_OK) {
        flow_cannot_open(c->s, "member", member_id);
        member_clear(&m);
        return FLOW_UNCHANGED;
    }
    struct interaction_flow fl = { .s = c->s };
    fl.it.member_id = member_id;
    fl.it.occurred_at = time_now();
    fl.it.kind = IKIND_CALL_IN;
    fl.it.pole_id = flow_my_pole(c->s);
    char *title = xasprintf("New interaction — %s", m.name);
    enum flow_result r = interaction_flow_run(&fl, title);
    if (r == FLOW_SAVED && new_id)
        *new_id = fl.it.id;
    free(title);
    interaction_clear(&fl.it);
    member_clear(&m);
    return r;
}

enum flow_result flow_interaction_edit(const struct flow_ctx *c, int64_t interaction_id)
{
    struct interaction_flow fl = { .s = c->s };
    enum flow_result r = FLOW_UNCHANGED;
    if (store_interaction_get(c->s, interaction_id, &fl.it) == STORE_OK)
        r = interaction_flow_run(&fl, "Edit interaction");
    else
        flow_cannot_open(c->s, "interaction", interaction_id);
    interaction_clear(&fl.it);
    return r;
}

/* ---- actions ------------------------------------------------------------------- */

enum { AF_MEMBER, AF_TITLE, AF_DESC, AF_ASSIGNEE, AF_POLE, AF_PRIORITY, AF_DUE, AF_STATUS,
       AF_COUNT };

#define DEFAULT_PRIORITY 3

static const char *const priority_labels[] = { "P1", "P2", "P3", "P4" };

struct action_flow {
    store *s;
    struct action a;
    struct choices assignees, poles;
};

/* "(nobody)", the staff (display name and login), then the providers. */
static bool load_assignees(store *s, struct choices *c)
{
    struct staff *st = NULL;
    struct provider *pv = NULL;
    int nst = 0, npv = 0;
    if (store_staff_list(s, &st, &nst) != STORE_OK ||
        store_providers_list(s, &pv, &npv) != STORE_OK) {
        term_flash(true, "Cannot read the staff and providers: %s", store_errmsg(s));
        staff_list_free(st, nst);
        return false;
    }
    choices_add(c, "(nobody)", 0, false);
    for (int i = 0; i < nst; i++) {
        char *label = st[i].display_name && st[i].display_name[0]
                    ? xasprintf("%s (%s)", st[i].display_name, st[i].login)
                    : xstrdup(st[i].login);
        choices_add(c, label, st[i].id, false);
        free(label);
    }
    for (int i = 0; i < npv; i++) {
        char *label = xasprintf("%s (provider)", pv[i].name);
        choices_add(c, label, pv[i].id, true);
        free(label);
    }
    staff_list_free(st, nst);
    providers_free(pv, npv);
    return true;
}

static int action_apply(void *ctx, struct form *f, char *err, size_t errlen)
{
    struct action_flow *fl = ctx;
    struct action *a = &fl->a;
    struct form_field *fd = f->fields;
    int who = fd[AF_ASSIGNEE].choice;
    char due[DATE_ISO_LEN];
    str_replace(&a->title, fd[AF_TITLE].value);
    str_replace(&a->description, flow_value(&fd[AF_DESC]));
    a->assignee_staff_id = fl->assignees.provider[who] ? 0 : fl->assignees.ids[who];
    a->assignee_provider_id = fl->assignees.provider[who] ? fl->assignees.ids[who] : 0;
    a->pole_id = fl->poles.ids[fd[AF_POLE].choice];
    a->priority = PRIORITY_MIN + fd[AF_PRIORITY].choice;
    free_and_null(&a->due);
    if (flow_value(&fd[AF_DUE])) {
        if (date_parse_user(fd[AF_DUE].value, due, err, errlen) != 0) {
            f->focus = AF_DUE;
            return DOMAIN_INVALID;
        }
        a->due = xstrdup(due);
    }
    if (f->nfields > AF_STATUS)
        a->status = (enum action_status)fd[AF_STATUS].choice;
    int rc = action_save(fl->s, a, err, errlen);
    return flow_after_save(fl->s, rc, FLOW_ACTION, a->id, &a->version, err, errlen);
}

static enum flow_result action_form(struct action_flow *fl, const char *title,
                                    const char *member_name)
{
    struct action *a = &fl->a;
    struct form_field fields[AF_COUNT];
    struct form f = { .title = title, .fields = fields,
                      .nfields = a->id ? AF_COUNT : AF_STATUS };
    int who = a->assignee_provider_id ? choices_find(&fl->assignees, a->assignee_provider_id, true)
                                      : choices_find(&fl->assignees, a->assignee_staff_id, false);
    int pole = find_or_add(&fl->poles, a->pole_id, a->pole_name);
    flow_text(&fields[AF_MEMBER], "Member", FIELD_READONLY, false, member_name);
    flow_text(&fields[AF_TITLE], "Title", FIELD_TEXT, true, a->title);
    flow_text(&fields[AF_DESC], "Description", FIELD_LONGTEXT, false, a->description);
    flow_choices(&fields[AF_ASSIGNEE], "Assignee", &fl->assignees, who);
    flow_choices(&fields[AF_POLE], "Pôle", &fl->poles, pole);
    flow_choice(&fields[AF_PRIORITY], "Priority", priority_labels, PRIORITY_MAX - PRIORITY_MIN + 1,
                a->priority - PRIORITY_MIN);
    flow_text(&fields[AF_DUE], "Due", FIELD_DATE, false, a->due);
    flow_choice(&fields[AF_STATUS], "Status", ACTION_STATUS_NAMES.label,
                ACTION_STATUS_NAMES.count, (int)a->status);
    enum flow_result r = flow_run_form(&f, a->id != 0, action_apply, fl);
    form_free_values(&f);
    if (r == FLOW_SAVED)
        term_flash(false, "Saved action #%lld", (long long)a->id);
    return r;
}

static enum flow_result action_flow_run(struct action_flow *fl, const char *title,
                                        const char *member_name)
{
    enum flow_result r = FLOW_UNCHANGED;
    if (load_assignees(fl->s, &fl->assignees) && flow_load_poles(fl->s, &fl->poles))
        r = action_form(fl, title, member_name);
    choices_free(&fl->assignees);
    choices_free(&fl->poles);
    return r;
}

/* The new action: from its origin interaction when there is one. */
static int action_prefill(store *s, struct action *a, int64_t member_id, int64_t origin_id)
{
    if (!origin_id) {
        memset(a, 0, sizeof *a);
        a->member_id = member_id;
        a->status = ASTATUS_OPEN;
        a->priority = DEFAULT_PRIORITY;
        a->pole_id = flow_my_pole(s);
        return STORE_OK;
    }
    struct interaction origin = {0};
    char today[DATE_ISO_LEN];
    int rc = store_interaction_get(s, origin_id, &origin);
    if (rc == STORE_OK) {
        date_today(today);
        action_init_from_interaction(a, &origin, today);
    } else {
        flow_cannot_open(s, "interaction", origin_id);
    }
    interaction_clear(&origin);
    return rc;
}

enum flow_result flow_action_new(const struct flow_ctx *c, int64_t member_id,
                                 int64_t origin_interaction_id, int64_t *new_id)
{
    struct action_flow fl = { .s = c->s };
    struct member m = {0};
    enum flow_result r = FLOW_UNCHANGED;
    if (action_prefill(c->s, &fl.a, member_id, origin_interaction_id) != STORE_OK)
        return r;
    if (store_member_get(c->s, fl.a.member_id, &m) == STORE_OK) {
        char *title = xasprintf("New action — %s", m.name);
        r = action_flow_run(&fl, title, m.name);
        free(title);
        if (r == FLOW_SAVED && new_id)
            *new_id = fl.a.id;
    } else {
        flow_cannot_open(c->s, "member", fl.a.member_id);
    }
    member_clear(&m);
    action_clear(&fl.a);
    return r;
}

enum flow_result flow_action_edit(const struct flow_ctx *c, int64_t action_id)
{
    struct action_flow fl = { .s = c->s };
    enum flow_result r = FLOW_UNCHANGED;
    if (store_action_get(c->s, action_id, &fl.a) == STORE_OK) {
        char *title = xasprintf("Edit action #%lld", (long long)action_id);
        char *member = xstrdup(fl.a.member_name);
        r = action_flow_run(&fl, title, member);
        free(member);
        free(title);
    } else {
        flow_cannot_open(c->s, "action", action_id);
    }
    action_clear(&fl.a);
    return r;
}

enum flow_result flow_action_status(const struct flow_ctx *c, int64_t action_id)
{
    struct action a = {0};
    char err[256];
    if (store_action_get(c->s, action_id, &a) != STORE_OK) {
        flow_cannot_open(c->s, "action", action_id);
        action_clear(&a);
        return FLOW_UNCHANGED;
    }
    char *title = xasprintf("Status of action #%lld", (long long)action_id);
    int pick = picker_run(title, ACTION_STATUS_NAMES.label, ACTION_STATUS_NAMES.count,
                          (int)a.status);
    free(title);
    enum flow_result r = FLOW_UNCHANGED;
    if (pick == -2) {
        r = FLOW_HANGUP;
    } else if (pick >= 0 && pick != (int)a.status) {
        if (action_set_status(c->s, &a, (enum action_status)pick, err, sizeof err) == STORE_OK) {
            term_flash(false, "Action #%lld: %s", (long long)action_id,
                       enum_label(&ACTION_STATUS_NAMES, pick));
            r = FLOW_SAVED;
        } else {
            term_flash(true, "Action #%lld: %s", (long long)action_id, err);
        }
    }
    action_clear(&a);
    return r;
}
