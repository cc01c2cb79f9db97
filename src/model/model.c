/* model — enum name tables and record ownership helpers (see model.h).
 *
 * Labels and abbreviations are English, marked N_(): the UI translates them where it
 * shows them (_(enum_label(…))).
 *
 * Codes are what the database stores and what its CHECK constraints list
 * (schema.c): never rename one without a migration. */
#include "suivi/model/model.h"

#include <stdlib.h>
#include <string.h>

#include "suivi/base/i18n.h"
#include "suivi/base/xalloc.h"

#define NAMES(codes, labels, abbrevs) { \
    (int)(sizeof codes / sizeof codes[0]), codes, labels, abbrevs }

static const char *const member_kind_code[] = {
    "region", "departement", "epci", "commune", "ccas", "hospital", "other" };
static const char *const member_kind_label[] = {
    N_("région"), N_("département"), N_("EPCI"), N_("commune"), N_("CCAS/CIAS"), N_("hospital"),
    N_("other public body") };
static const char *const member_kind_abbrev[] = {
    "REG", "DEP", "EPCI", "COM", "CCAS", "HOSP", "OTH" };   /* 4 columns: the member list at 80x24 */
const struct enum_names MEMBER_KIND_NAMES =
    NAMES(member_kind_code, member_kind_label, member_kind_abbrev);

static const char *const member_status_code[] = {
    "prospect", "joining", "member", "partner", "left", "refused", "dissolved" };
static const char *const member_status_label[] = {
    N_("prospect"), N_("joining"), N_("member"), N_("partner"), N_("left"), N_("refused"),
    N_("dissolved") };
static const char *const member_status_abbrev[] = {
    N_("prospect"), N_("joining"), N_("member"), N_("partner"), N_("left"), N_("refused"),
    N_("dissolv") };
const struct enum_names MEMBER_STATUS_NAMES =
    NAMES(member_status_code, member_status_label, member_status_abbrev);

static const char *const ikind_code[] = {
    "call_in", "call_out", "email_in", "email_out", "meeting", "training",
    "incident", "request", "key_event" };
static const char *const ikind_label[] = {
    N_("call in"), N_("call out"), N_("email in"), N_("email out"), N_("meeting"),
    N_("training"),
    N_("incident"), N_("request"), N_("key event") };
static const char *const ikind_abbrev[] = {
    N_("call in"), N_("call out"), N_("mail in"), N_("mail out"), N_("meeting"), N_("training"),
    N_("incident"), N_("request"), N_("event") };
const struct enum_names INTERACTION_KIND_NAMES =
    NAMES(ikind_code, ikind_label, ikind_abbrev);

static const char *const astatus_code[] = {
    "open", "in_progress", "wait_member", "wait_provider", "done", "cancelled" };
static const char *const astatus_label[] = {
    N_("open"), N_("in progress"), N_("waiting on member"), N_("waiting on provider"),
    N_("done"),
    N_("cancelled") };
static const char *const astatus_abbrev[] = {
    N_("open"), N_("in prog"), N_("wait mbr"), N_("wait prv"), N_("done"), N_("cancel") };
const struct enum_names ACTION_STATUS_NAMES =
    NAMES(astatus_code, astatus_label, astatus_abbrev);

static const char *const vis_code[] = { "internal", "member", "provider" };
static const char *const vis_label[] = { N_("internal"), N_("shared with member"),
                                         N_("shared with provider") };
static const char *const vis_abbrev[] = { N_("internal"), N_("member"), N_("provider") };
const struct enum_names NOTE_VISIBILITY_NAMES = NAMES(vis_code, vis_label, vis_abbrev);

static const char *const role_code[] = { "admin", "staff", "readonly" };
static const char *const role_label[] = { N_("admin"), N_("staff"), N_("read only") };
static const char *const role_abbrev[] = { N_("admin"), N_("staff"), N_("readonly") };
const struct enum_names STAFF_ROLE_NAMES = NAMES(role_code, role_label, role_abbrev);

static const char *pick(const struct enum_names *e, const char *const *names, int v)
{
    return (e && v >= 0 && v < e->count) ? names[v] : "?";
}

const char *enum_code(const struct enum_names *e, int v)
{
    return pick(e, e ? e->code : NULL, v);
}

const char *enum_label(const struct enum_names *e, int v)
{
    return pick(e, e ? e->label : NULL, v);
}

const char *enum_abbrev(const struct enum_names *e, int v)
{
    return pick(e, e ? e->abbrev : NULL, v);
}

int enum_from_code(const struct enum_names *e, const char *code)
{
    if (!e || !code)
        return -1;
    for (int i = 0; i < e->count; i++)
        if (strcmp(e->code[i], code) == 0)
            return i;
    return -1;
}

bool action_status_is_open(enum action_status s)
{
    return s == ASTATUS_OPEN || s == ASTATUS_IN_PROGRESS ||
           s == ASTATUS_WAIT_MEMBER || s == ASTATUS_WAIT_PROVIDER;
}

/* Each *_clear frees the strings and zeroes the record, so that it can be reused
 * (and cleared twice) safely. */
void pole_clear(struct pole *p)
{
    free_and_null(&p->name);
    memset(p, 0, sizeof *p);
}

void provider_clear(struct provider *p)
{
    free_and_null(&p->name);
    free_and_null(&p->email);
    free_and_null(&p->phone);
    free_and_null(&p->contact);
    memset(p, 0, sizeof *p);
}

void staff_clear(struct staff *s)
{
    free_and_null(&s->login);
    free_and_null(&s->display_name);
    free_and_null(&s->pole_name);
    memset(s, 0, sizeof *s);
}

void contact_clear(struct contact *c)
{
    free_and_null(&c->name);
    free_and_null(&c->role);
    free_and_null(&c->email);
    free_and_null(&c->phone);
    memset(c, 0, sizeof *c);
}

void member_clear(struct member *m)
{
    free_and_null(&m->name);
    free_and_null(&m->siren);
    free_and_null(&m->departement);
    free_and_null(&m->parent_name);
    free_and_null(&m->sort_key);
    free_and_null(&m->stage);
    free_and_null(&m->stage_due);
    memset(m, 0, sizeof *m);
}

void interaction_clear(struct interaction *i)
{
    free_and_null(&i->contact_name);
    free_and_null(&i->pole_name);
    free_and_null(&i->author);
    free_and_null(&i->subject);
    free_and_null(&i->body);
    memset(i, 0, sizeof *i);
}

void action_clear(struct action *a)
{
    free_and_null(&a->member_name);
    free_and_null(&a->title);
    free_and_null(&a->description);
    free_and_null(&a->assignee_name);
    free_and_null(&a->pole_name);
    free_and_null(&a->due);
    free_and_null(&a->created_by);
    free_and_null(&a->resolution);
    memset(a, 0, sizeof *a);
}

void note_clear(struct note *n)
{
    free_and_null(&n->author);
    free_and_null(&n->body);
    memset(n, 0, sizeof *n);
}

void audit_entry_clear(struct audit_entry *e)
{
    free_and_null(&e->login);
    free_and_null(&e->entity);
    free_and_null(&e->change);
    for (int i = 0; i < e->nfields; i++) {
        free_and_null(&e->fields[i].field);
        free_and_null(&e->fields[i].old_value);
        free_and_null(&e->fields[i].new_value);
    }
    free(e->fields);
    memset(e, 0, sizeof *e);
}

void member_copy(struct member *dst, const struct member *src)
{
    *dst = *src;
    dst->name = xstrdup(src->name);
    dst->siren = xstrdup(src->siren);
    dst->departement = xstrdup(src->departement);
    dst->parent_name = xstrdup(src->parent_name);
    dst->sort_key = xstrdup(src->sort_key);
    dst->stage = xstrdup(src->stage);
    dst->stage_due = xstrdup(src->stage_due);
}

void interaction_copy(struct interaction *dst, const struct interaction *src)
{
    *dst = *src;
    dst->contact_name = xstrdup(src->contact_name);
    dst->pole_name = xstrdup(src->pole_name);
    dst->author = xstrdup(src->author);
    dst->subject = xstrdup(src->subject);
    dst->body = xstrdup(src->body);
}

void action_copy(struct action *dst, const struct action *src)
{
    *dst = *src;
    dst->member_name = xstrdup(src->member_name);
    dst->title = xstrdup(src->title);
    dst->description = xstrdup(src->description);
    dst->assignee_name = xstrdup(src->assignee_name);
    dst->pole_name = xstrdup(src->pole_name);
    dst->due = xstrdup(src->due);
    dst->created_by = xstrdup(src->created_by);
    dst->resolution = xstrdup(src->resolution);
}

void contact_copy(struct contact *dst, const struct contact *src)
{
    *dst = *src;
    dst->name = xstrdup(src->name);
    dst->role = xstrdup(src->role);
    dst->email = xstrdup(src->email);
    dst->phone = xstrdup(src->phone);
}

void staff_copy(struct staff *dst, const struct staff *src)
{
    *dst = *src;
    dst->login = xstrdup(src->login);
    dst->display_name = xstrdup(src->display_name);
    dst->pole_name = xstrdup(src->pole_name);
}

void provider_copy(struct provider *dst, const struct provider *src)
{
    *dst = *src;
    dst->name = xstrdup(src->name);
    dst->email = xstrdup(src->email);
    dst->phone = xstrdup(src->phone);
    dst->contact = xstrdup(src->contact);
}

/* ---- field equality: what a masked write compares ---- */

static bool same_text(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

bool member_field_equal(const struct member *a, const struct member *b, enum member_field f)
{
    switch (f) {
    case MEMBER_F_NAME:        return same_text(a->name, b->name);
    case MEMBER_F_KIND:        return a->kind == b->kind;
    case MEMBER_F_STATUS:      return a->status == b->status;
    case MEMBER_F_SIREN:       return same_text(a->siren, b->siren);
    case MEMBER_F_DEPARTEMENT: return same_text(a->departement, b->departement);
    case MEMBER_F_PARENT:      return a->parent_id == b->parent_id;
    case MEMBER_F_COUNT:       break;
    }
    return true;
}

bool interaction_field_equal(const struct interaction *a, const struct interaction *b,
                             enum interaction_field f)
{
    switch (f) {
    case INTERACTION_F_OCCURRED: return a->occurred_at == b->occurred_at;
    case INTERACTION_F_KIND:     return a->kind == b->kind;
    case INTERACTION_F_POLE:     return a->pole_id == b->pole_id;
    case INTERACTION_F_CONTACT:  return a->contact_id == b->contact_id;
    case INTERACTION_F_SUBJECT:  return same_text(a->subject, b->subject);
    case INTERACTION_F_BODY:     return same_text(a->body, b->body);
    case INTERACTION_F_COUNT:    break;
    }
    return true;
}

bool action_field_equal(const struct action *a, const struct action *b, enum action_field f)
{
    switch (f) {
    case ACTION_F_TITLE:       return same_text(a->title, b->title);
    case ACTION_F_DESCRIPTION: return same_text(a->description, b->description);
    case ACTION_F_ASSIGNEE:    return a->assignee_staff_id == b->assignee_staff_id &&
                                      a->assignee_provider_id == b->assignee_provider_id;
    case ACTION_F_POLE:        return a->pole_id == b->pole_id;
    case ACTION_F_PRIORITY:    return a->priority == b->priority;
    case ACTION_F_DUE:         return same_text(a->due, b->due);
    case ACTION_F_STATUS:      return a->status == b->status;
    case ACTION_F_RESOLUTION:  return same_text(a->resolution, b->resolution);
    case ACTION_F_COUNT:       break;
    }
    return true;
}
