/* flows — the member forms, and what every flow shares: choice lists from the
 * database, field set-up, and the save loop that keeps the user's values on a
 * failed save.  Interactions and actions are in flows_work.c. */
#include "suivi/ui/flows.h"

#include <stdlib.h>
#include <string.h>

#include "suivi/core/domain.h"
#include "suivi/ui/keymap.h"
#include "suivi/base/login.h"
#include "suivi/base/sanitize.h"
#include "suivi/ui/term.h"
#include "suivi/core/validate.h"
#include "suivi/base/xalloc.h"
#include "flows_priv.h"

#define PARENT_PAGE 64       /* members read per page while resolving a parent */
#define PARENT_SCAN_MAX 2048 /* past this, the user must type more */

/* ---- shared helpers ------------------------------------------------------------- */

void choices_add(struct choices *c, const char *label, int64_t id, bool provider)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 8;
        c->labels = xreallocarray(c->labels, (size_t)c->cap, sizeof *c->labels);
        c->ids = xreallocarray(c->ids, (size_t)c->cap, sizeof *c->ids);
        c->provider = xreallocarray(c->provider, (size_t)c->cap, sizeof *c->provider);
    }
    c->labels[c->n] = xstrdup(label ? label : "");
    c->ids[c->n] = id;
    c->provider[c->n] = provider;
    c->n++;
}

void choices_free(struct choices *c)
{
    for (int i = 0; i < c->n; i++)
        free(c->labels[i]);
    free(c->labels);
    free(c->ids);
    free(c->provider);
    memset(c, 0, sizeof *c);
}

int choices_find(const struct choices *c, int64_t id, bool provider)
{
    for (int i = 0; i < c->n; i++)
        if (c->ids[i] == id && c->provider[i] == provider)
            return i;
    return 0;
}

bool flow_load_poles(store *s, struct choices *c)
{
    struct pole *poles = NULL;
    int n = 0;
    if (store_poles_list(s, &poles, &n) != STORE_OK) {
        term_flash(true, "Cannot read the pôles: %s", store_errmsg(s));
        return false;
    }
    choices_add(c, "(none)", 0, false);
    for (int i = 0; i < n; i++)
        choices_add(c, poles[i].name, poles[i].id, false);
    poles_free(poles, n);
    return true;
}

int64_t flow_my_pole(store *s)
{
    struct staff me = {0};
    int64_t pole = 0;
    if (store_staff_by_login(s, store_login(s), &me) == STORE_OK)
        pole = me.pole_id;
    staff_clear(&me);
    return pole;
}

void flow_text(struct form_field *fld, const char *label, enum field_type type,
               bool required, const char *value)
{
    memset(fld, 0, sizeof *fld);
    fld->label = label;
    fld->type = type;
    fld->required = required;
    form_set_value(fld, value);
}

void flow_choice(struct form_field *fld, const char *label, const char *const *labels,
                 int n, int selected)
{
    memset(fld, 0, sizeof *fld);
    fld->label = label;
    fld->type = FIELD_CHOICE;
    fld->choices = labels;
    fld->nchoices = n;
    fld->choice = selected >= 0 && selected < n ? selected : 0;
}

void flow_choices(struct form_field *fld, const char *label, const struct choices *c,
                  int selected)
{
    flow_choice(fld, label, (const char *const *)c->labels, c->n, selected);
}

const char *flow_value(const struct form_field *fld)
{
    const char *v = fld->value;
    return v && v[strspn(v, " \t\r\n")] ? v : NULL;
}

/* The version stored for a record, or -1 when it cannot be read. */
static int64_t stored_version(store *s, enum flow_kind kind, int64_t id)
{
    union { struct member m; struct interaction it; struct action a; } r;
    int64_t v = -1;
    memset(&r, 0, sizeof r);
    switch (kind) {
    case FLOW_MEMBER:
        v = store_member_get(s, id, &r.m) == STORE_OK ? r.m.version : -1;
        member_clear(&r.m);
        break;
    case FLOW_INTERACTION:
        v = store_interaction_get(s, id, &r.it) == STORE_OK ? r.it.version : -1;
        interaction_clear(&r.it);
        break;
    case FLOW_ACTION:
        v = store_action_get(s, id, &r.a) == STORE_OK ? r.a.version : -1;
        action_clear(&r.a);
        break;
    }
    return v;
}

static void conflict_message(char *err, size_t errlen)
{
    char save[32], cancel[32];
    keymap_keys_of(KEYMAP_FORM, CMD_FORM_SAVE, save, sizeof save);
    keymap_keys_of(KEYMAP_FORM, CMD_FORM_CANCEL, cancel, sizeof cancel);
    save[strcspn(save, ",")] = '\0';
    cancel[strcspn(cancel, ",")] = '\0';
    snprintf(err, errlen, "Changed by someone else meanwhile: %s saves yours over it, %s cancels",
             save, cancel);
}

int flow_after_save(store *s, int rc, enum flow_kind kind, int64_t id, int64_t *version,
                    char *err, size_t errlen)
{
    if (rc != STORE_CONFLICT || !id)
        return rc;
    int64_t v = stored_version(s, kind, id);
    if (v >= 0) {
        *version = v;
        conflict_message(err, errlen);
    }
    return rc;
}

void flow_cannot_open(store *s, const char *what, int64_t id)
{
    term_flash(true, "Cannot open %s #%lld: %s", what, (long long)id, store_errmsg(s));
}

enum flow_result flow_run_form(struct form *f, bool editing, flow_apply_fn apply, void *ctx)
{
    for (;;) {
        enum form_result fr = form_run(f);
        if (fr == FORM_HANGUP)
            return FLOW_HANGUP;
        if (fr == FORM_CANCELLED)
            return FLOW_UNCHANGED;
        if (editing && !f->modified) {
            term_flash(false, "Nothing changed");
            return FLOW_UNCHANGED;
        }
        char err[sizeof f->message] = "";
        if (apply(ctx, f, err, sizeof err) == STORE_OK)
            return FLOW_SAVED;
        snprintf(f->message, sizeof f->message, "%s", err[0] ? err : "could not save");
        f->message_is_error = true;
    }
}

/* ---- members ------------------------------------------------------------------- */

enum { MF_NAME, MF_KIND, MF_STATUS, MF_SIREN, MF_DEPT, MF_PARENT, MF_COUNT };

struct member_flow {
    store *s;
    struct member m;
};

/* The SIREN as typed, blanks removed ("253 514 491" is how it is often written). */
static char *siren_digits(const char *typed)
{
    char *out = xstrdup(typed ? typed : "");
    size_t j = 0;
    for (size_t i = 0; out[i]; i++)
        if (out[i] != ' ' && out[i] != '\t')
            out[j++] = out[i];
    out[j] = '\0';
    return out;
}

static bool check_siren(const char *value, char *err, size_t errlen)
{
    char *digits = siren_digits(value);
    bool ok = validate_siren(digits, err, errlen);
    free(digits);
    return ok;
}

static bool check_departement(const char *value, char *err, size_t errlen)
{
    char up[8];
    size_t n = strlen(value);
    if (n >= sizeof up)
        return validate_departement(value, err, errlen);
    for (size_t i = 0; i <= n; i++)            /* "2a" means "2A" */
        up[i] = value[i] >= 'a' && value[i] <= 'z' ? (char)(value[i] - 'a' + 'A') : value[i];
    return validate_departement(up, err, errlen);
}

struct parent_search {
    const char *typed;
    char *folded;
    int64_t self;
    int matches, exact, scanned;
    bool complete;           /* every member matching the text was seen */
    int64_t match_id, exact_id;
    char *match_name, *exact_name;
};

static void parent_consider(struct parent_search *ps, const struct member *row)
{
    if (row->kind != MEMBER_EPCI || row->id == ps->self)
        return;
    if (ps->matches++ == 0) {
        ps->match_id = row->id;
        ps->match_name = xstrdup(row->name);
    }
    char *f = fold_for_search(row->name);
    if (strcmp(f, ps->folded) == 0 && ps->exact++ == 0) {
        ps->exact_id = row->id;
        ps->exact_name = xstrdup(row->name);
    }
    free(f);
}

/* Page through the members whose name contains the typed text (never the whole
 * table at once), counting the EPCI among them. */
static int parent_scan(store *s, struct parent_search *ps)
{
    struct member rows[PARENT_PAGE], anchor = {0};
    enum page_dir dir = PAGE_FIRST;
    int rc = STORE_OK, n = 0;
    do {
        memset(rows, 0, sizeof rows);
        rc = store_members_page(s, ps->typed, dir, dir == PAGE_FIRST ? NULL : &anchor,
                                PARENT_PAGE, rows, &n);
        if (rc != STORE_OK)
            break;
        for (int i = 0; i < n; i++)
            parent_consider(ps, &rows[i]);
        ps->scanned += n;
        if (n > 0) {
            member_clear(&anchor);
            anchor.id = rows[n - 1].id;
            anchor.sort_key = xstrdup(rows[n - 1].sort_key);
        }
        for (int i = 0; i < n; i++)
            member_clear(&rows[i]);
        dir = PAGE_AFTER;
    } while (n == PARENT_PAGE && ps->scanned < PARENT_SCAN_MAX);
    ps->complete = rc == STORE_OK && n < PARENT_PAGE;
    member_clear(&anchor);
    return rc;
}

/* Turn the typed part of a name into the parent EPCI: exactly one EPCI matches, or
 * one has exactly that name.  On success *id (0 for none) and *name are set. */
static int resolve_parent(store *s, struct member *m, const char *typed, char *err,
                          size_t errlen)
{
    if (!typed) {
        m->parent_id = 0;
        free_and_null(&m->parent_name);
        return STORE_OK;
    }
    if (m->parent_id && m->parent_name && strcmp(typed, m->parent_name) == 0)
        return STORE_OK;                      /* unchanged: no need to search */
    struct parent_search ps = { .typed = typed, .folded = fold_for_search(typed), .self = m->id };
    int rc = parent_scan(s, &ps);
    const char *label = "Parent EPCI";
    if (rc != STORE_OK) {
        snprintf(err, errlen, "%s: cannot search: %s", label, store_errmsg(s));
    } else if ((ps.complete && ps.matches == 1) || ps.exact == 1) {
        bool one = ps.complete && ps.matches == 1;
        m->parent_id = one ? ps.match_id : ps.exact_id;
        str_replace(&m->parent_name, one ? ps.match_name : ps.exact_name);
    } else {
        if (!ps.complete)
            snprintf(err, errlen, "%s: too many members match '%s'; type more", label, typed);
        else if (ps.matches == 0)
            snprintf(err, errlen, "%s: no EPCI matches '%s'", label, typed);
        else
            snprintf(err, errlen, "%s: %d EPCI match '%s'; type more", label, ps.matches, typed);
        rc = DOMAIN_INVALID;
    }
    free(ps.folded);
    free(ps.match_name);
    free(ps.exact_name);
    return rc;
}

static int member_apply(void *ctx, struct form *f, char *err, size_t errlen)
{
    struct member_flow *mf = ctx;
    struct member *m = &mf->m;
    struct form_field *fl = f->fields;
    str_replace(&m->name, fl[MF_NAME].value);
    m->kind = (enum member_kind)fl[MF_KIND].choice;
    m->status = (enum member_status)fl[MF_STATUS].choice;
    free_and_null(&m->siren);
    if (flow_value(&fl[MF_SIREN]))
        m->siren = siren_digits(fl[MF_SIREN].value);
    str_replace(&m->departement, flow_value(&fl[MF_DEPT]));
    for (char *p = m->departement; p && *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
    int rc = resolve_parent(mf->s, m, flow_value(&fl[MF_PARENT]), err, errlen);
    if (rc != STORE_OK) {
        f->focus = MF_PARENT;
        return rc;
    }
    form_set_value(&fl[MF_PARENT], m->parent_name);  /* show the name it resolved to */
    rc = member_save(mf->s, m, err, errlen);
    return flow_after_save(mf->s, rc, FLOW_MEMBER, m->id, &m->version, err, errlen);
}

static enum flow_result member_form(store *s, struct member *m, const char *title)
{
    struct form_field fields[MF_COUNT];
    struct form f = { .title = title, .fields = fields, .nfields = MF_COUNT };
    flow_text(&fields[MF_NAME], "Name", FIELD_TEXT, true, m->name);
    flow_choice(&fields[MF_KIND], "Kind", MEMBER_KIND_NAMES.label, MEMBER_KIND_NAMES.count,
                (int)m->kind);
    flow_choice(&fields[MF_STATUS], "Status", MEMBER_STATUS_NAMES.label,
                MEMBER_STATUS_NAMES.count, (int)m->status);
    flow_text(&fields[MF_SIREN], "SIREN", FIELD_TEXT, false, m->siren);
    fields[MF_SIREN].check = check_siren;
    flow_text(&fields[MF_DEPT], "Département", FIELD_TEXT, false, m->departement);
    fields[MF_DEPT].check = check_departement;
    flow_text(&fields[MF_PARENT], "Parent EPCI", FIELD_TEXT, false, m->parent_name);
    struct member_flow mf = { .s = s, .m = *m };
    enum flow_result r = flow_run_form(&f, m->id != 0, member_apply, &mf);
    *m = mf.m;
    form_free_values(&f);
    if (r == FLOW_SAVED)
        term_flash(false, "Saved member #%lld", (long long)m->id);
    return r;
}

enum flow_result flow_member_new(const struct flow_ctx *c, int64_t *new_id)
{
    struct member m = { .kind = MEMBER_COMMUNE, .status = MSTATUS_PROSPECT };
    enum flow_result r = member_form(c->s, &m, "New member");
    if (r == FLOW_SAVED && new_id)
        *new_id = m.id;
    member_clear(&m);
    return r;
}

enum flow_result flow_member_edit(const struct flow_ctx *c, int64_t member_id)
{
    struct member m = {0};
    if (store_member_get(c->s, member_id, &m) != STORE_OK) {
        flow_cannot_open(c->s, "member", member_id);
        member_clear(&m);
        return FLOW_UNCHANGED;
    }
    enum flow_result r = member_form(c->s, &m, "Edit member");
    member_clear(&m);
    return r;
}
