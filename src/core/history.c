/* history — audit entries written for people (cards.h history_text):
 *   status: waiting on provider → done; priority: P3 → P2; assignee: (nobody) → CertiBreizh
 * The store keeps codes and ids (stable, language-free); labels and names are put
 * in only here, when shown, so a translation or a renamed pôle shows everywhere. */
#include "suivi/core/cards.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suivi/base/i18n.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/timeutil.h"
#include "suivi/base/xalloc.h"

enum value_type {
    V_TEXT, V_LONG, V_INSTANT, V_MEMBER_KIND, V_MEMBER_STATUS, V_INTERACTION_KIND, V_ACTION_STATUS,
    V_ROLE, V_PRIORITY, V_STAFF, V_PROVIDER, V_POLE, V_MEMBER, V_REF, V_BOOL
};

struct field_info {
    const char *entity;          /* NULL: any */
    const char *field;
    const char *label;           /* N_() */
    enum value_type type;
};

/* The first match wins: entity-specific entries come first. */
static const struct field_info fields[] = {
    { "member", "kind", N_("kind"), V_MEMBER_KIND },
    { "member", "status", N_("status"), V_MEMBER_STATUS },
    { "interaction", "kind", N_("kind"), V_INTERACTION_KIND },
    { "action", "status", N_("status"), V_ACTION_STATUS },
    { "contact", "role", N_("role"), V_TEXT },
    { NULL, "role", N_("role"), V_ROLE },
    { NULL, "name", N_("name"), V_TEXT },
    { NULL, "display_name", N_("name"), V_TEXT },
    { NULL, "siren", N_("SIREN"), V_TEXT },
    { NULL, "departement", N_("département"), V_TEXT },
    { NULL, "parent", N_("belongs to"), V_MEMBER },
    { NULL, "member", N_("member"), V_MEMBER },
    { NULL, "contact", N_("contact"), V_REF },
    { NULL, "occurred_at", N_("when"), V_INSTANT },
    { NULL, "pole", N_("pôle"), V_POLE },
    { NULL, "author", N_("author"), V_TEXT },
    { NULL, "subject", N_("subject"), V_TEXT },
    { NULL, "body", N_("body"), V_LONG },
    { NULL, "title", N_("title"), V_TEXT },
    { NULL, "description", N_("description"), V_LONG },
    { NULL, "interaction", N_("from interaction"), V_REF },
    { NULL, "assignee_staff", N_("assignee"), V_STAFF },
    { NULL, "assignee_provider", N_("assignee"), V_PROVIDER },
    { NULL, "priority", N_("priority"), V_PRIORITY },
    { NULL, "due", N_("due"), V_TEXT },
    { NULL, "resolution", N_("resolution"), V_LONG },
    { NULL, "email", N_("email"), V_TEXT },
    { NULL, "phone", N_("phone"), V_TEXT },
    { NULL, "disabled", N_("disabled"), V_BOOL },
    { NULL, "retired", N_("retired"), V_BOOL },
};

static const struct field_info *info_of(const char *entity, const char *field)
{
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if ((!fields[i].entity || strcmp(fields[i].entity, entity) == 0) &&
            strcmp(fields[i].field, field) == 0)
            return &fields[i];
    return NULL;
}

static int64_t id_of(const char *v)
{
    return v ? strtoll(v[0] == '#' ? v + 1 : v, NULL, 10) : 0;
}

static const char *staff_name(const struct name_book *nb, int64_t id)
{
    for (int i = 0; i < nb->nstaff; i++)
        if (nb->staff[i].id == id)
            return nb->staff[i].display_name && *nb->staff[i].display_name
                 ? nb->staff[i].display_name : nb->staff[i].login;
    return NULL;
}

static const char *provider_name(const struct name_book *nb, int64_t id)
{
    for (int i = 0; i < nb->nproviders; i++)
        if (nb->providers[i].id == id)
            return nb->providers[i].name;
    return NULL;
}

static const char *pole_name(const struct name_book *nb, int64_t id)
{
    for (int i = 0; i < nb->npoles; i++)
        if (nb->poles[i].id == id)
            return nb->poles[i].name;
    return NULL;
}

static char *enum_value(const struct enum_names *e, const char *code)
{
    int v = enum_from_code(e, code);
    return xstrdup(v >= 0 ? _(enum_label(e, v)) : code);
}

/* Instants are stored in UTC; people read them in their own time, as the timeline
 * shows them.  A value that does not parse is shown as stored. */
static char *local_instant(const char *v)
{
    int64_t t;
    char buf[64];
    if (time_from_iso(v, &t) != 0 || time_format_local(t, "%Y-%m-%d %H:%M", buf, sizeof buf) != 0)
        return xstrdup(v);
    return xstrdup(buf);
}

/* One value as people say it (caller frees); NULL or "" is "(none)". */
static char *shown(store *s, const struct name_book *nb, enum value_type t, const char *v)
{
    if (!v || !*v)
        return xstrdup(t == V_STAFF || t == V_PROVIDER ? _("(nobody)") : _("(none)"));
    const char *name = NULL;
    struct member m = {0};
    switch (t) {
    case V_MEMBER_KIND:      return enum_value(&MEMBER_KIND_NAMES, v);
    case V_MEMBER_STATUS:    return enum_value(&MEMBER_STATUS_NAMES, v);
    case V_INTERACTION_KIND: return enum_value(&INTERACTION_KIND_NAMES, v);
    case V_ACTION_STATUS:    return enum_value(&ACTION_STATUS_NAMES, v);
    case V_ROLE:             return enum_value(&STAFF_ROLE_NAMES, v);
    case V_PRIORITY:         return xasprintf("P%s", v);
    case V_BOOL:             return xstrdup(strcmp(v, "0") ? _("yes") : _("no"));
    case V_REF:              return xasprintf("#%lld", (long long)id_of(v));
    case V_INSTANT:          return local_instant(v);
    case V_STAFF:            name = staff_name(nb, id_of(v)); break;
    case V_PROVIDER:         name = provider_name(nb, id_of(v)); break;
    case V_POLE:             name = pole_name(nb, id_of(v)); break;
    case V_MEMBER:
        if (store_member_get(s, id_of(v), &m) == STORE_OK)
            name = m.name;
        break;
    default:
        return xstrdup(v);
    }
    char *out = name ? xstrdup(name) : xasprintf("#%lld", (long long)id_of(v));
    member_clear(&m);
    return out;
}

/* ---- the line ----------------------------------------------------------------------- */

struct line {
    char *text;
    size_t len, cap;
};

static void add(struct line *l, const char *a, const char *b, const char *c)
{
    const char *parts[] = { l->len ? "; " : "", a, b, c };
    for (size_t i = 0; i < 4; i++) {
        size_t n = strlen(parts[i]);
        if (l->len + n + 1 > l->cap) {
            l->cap = (l->len + n + 1) * 2;
            l->text = xreallocarray(l->text, l->cap, 1);
        }
        memcpy(l->text + l->len, parts[i], n + 1);
        l->len += n;
    }
}

static void add_change(struct line *l, const char *label, const char *old, const char *new_)
{
    const char *arrow = san_locale_is_utf8() ? " \u2192 " : " -> ";
    char *pair = xasprintf("%s%s%s", old, arrow, new_);
    add(l, label, ": ", pair);
    free(pair);
}

/* assignee_staff and assignee_provider are one thing to people: who has it.  The
 * schema lets at most one be set, so a field absent from the change was none. */
static void add_assignee(store *s, const struct name_book *nb, struct line *l,
                         const struct audit_field *st, const struct audit_field *pr)
{
    const char *old_s = st ? st->old_value : NULL, *new_s = st ? st->new_value : NULL;
    const char *old_p = pr ? pr->old_value : NULL, *new_p = pr ? pr->new_value : NULL;
    char *old = old_s && *old_s ? shown(s, nb, V_STAFF, old_s) : shown(s, nb, V_PROVIDER, old_p);
    char *new_ = new_s && *new_s ? shown(s, nb, V_STAFF, new_s) : shown(s, nb, V_PROVIDER, new_p);
    add_change(l, _("assignee"), old, new_);
    free(old);
    free(new_);
}

static int same_text(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

static void render(store *s, const struct name_book *nb, const char *entity, struct line *l,
                   const struct audit_field *f, int n)
{
    const struct audit_field *staff = NULL, *provider = NULL;
    for (int i = 0; i < n; i++) {
        const struct field_info *fi = info_of(entity, f[i].field);
        if (fi && fi->type == V_STAFF)
            staff = &f[i];
        else if (fi && fi->type == V_PROVIDER)
            provider = &f[i];
        else if (fi && fi->type == V_LONG) {
            /* NULL and "" are one "nothing": clearing an empty text is no change. */
            if (!same_text(f[i].old_value, f[i].new_value)) {
                /* TRANSLATORS: %s is a field's name: "description changed". */
                char *said = xasprintf(_("%s changed"), _(fi->label));
                add(l, said, "", "");
                free(said);
            }
        } else {
            char *old = shown(s, nb, fi ? fi->type : V_TEXT, f[i].old_value);
            char *new_ = shown(s, nb, fi ? fi->type : V_TEXT, f[i].new_value);
            if (strcmp(old, new_) != 0)
                add_change(l, fi ? _(fi->label) : f[i].field, old, new_);
            free(old);
            free(new_);
        }
    }
    if (staff || provider)
        add_assignee(s, nb, l, staff, provider);
}

/* Schema 1 wrote "field: old -> new; field: changed" with "(none)" and "#id". */
static int parse_legacy(const char *text, struct audit_field **out)
{
    int n = 0, cap = 0;
    *out = NULL;
    char *copy = xstrdup(text);
    for (char *part = copy, *next; part && *part; part = next) {
        next = strstr(part, "; ");
        if (next) {
            *next = '\0';
            next += 2;
        }
        char *colon = strstr(part, ": ");
        if (!colon)
            continue;
        *colon = '\0';
        char *value = colon + 2, *arrow = strstr(value, " -> ");
        if (n == cap)
            *out = xreallocarray(*out, (size_t)(cap = cap ? cap * 2 : 4), sizeof **out);
        struct audit_field *f = &(*out)[n++];
        f->field = xstrdup(part);
        if (arrow)
            *arrow = '\0';
        f->old_value = arrow && strcmp(value, "(none)") ? xstrdup(value) : NULL;
        /* "body: changed" had no values: a new one that differs says so. */
        f->new_value = !arrow ? xstrdup(value)
                     : strcmp(arrow + 4, "(none)") ? xstrdup(arrow + 4) : NULL;
    }
    free(copy);
    return n;
}

char *history_text(store *s, const struct name_book *nb, const char *entity,
                   const struct audit_entry *e)
{
    if (e->created || (e->change && strcmp(e->change, "created") == 0))
        return xstrdup(_("created"));
    struct line l = {0};
    if (e->fields) {
        render(s, nb, entity, &l, e->fields, e->nfields);
    } else if (e->change) {
        struct audit_field *f = NULL;
        int n = parse_legacy(e->change, &f);
        render(s, nb, entity, &l, f, n);
        for (int i = 0; i < n; i++) {
            free(f[i].field);
            free(f[i].old_value);
            free(f[i].new_value);
        }
        free(f);
    }
    return l.text ? l.text : xstrdup(e->change ? e->change : _("no change"));
}
