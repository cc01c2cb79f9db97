/* query_names — the names of a query looked up: a pôle, an assignee (a colleague
 * or a provider), a provider, a member; or their ids ("#12").  A name matches when it is the record's name, or the
 * start of it, or a part of it, accents and case ignored — in that order, so that
 * "pole:support" is Support even when "Support niveau 2" exists (names.h, as
 * `suivi add` does).  Several at the best level is an error listing them: a query
 * never picks one silently. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suivi/base/i18n.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/domain.h"
#include "suivi/core/members.h"
#include "suivi/core/names.h"
#include "suivi/core/query.h"

/* Three names in the message, and room after them for the rest of it. */
#define LISTED 3
#define LISTED_ROOM 160

static int refuse(struct query_error *err, int col, const char *field, const char *typed,
                  const struct name_pick *p)
{
    err->column = col;
    if (p->count == 0)
        snprintf(err->msg, sizeof err->msg, _("%s:%s: nothing by that name"), field, typed);
    else
        snprintf(err->msg, sizeof err->msg,
                 ngettext("%s:%s: %d name matches (%s); type more",
                          "%s:%s: %d names match (%s); type more", p->count),
                 field, typed, p->count, p->names);
    return DOMAIN_INVALID;
}

static int store_failed(store *s, struct query_error *err, const char *what)
{
    err->column = 0;
    snprintf(err->msg, sizeof err->msg, _("Cannot look up %s: %s"), what, store_errmsg(s));
    return STORE_ERROR;
}

/* "#12": the id of a record (the dashboard's links name records by id, since two
 * may share a name); 0 for anything else. */
static int64_t typed_id(const char *typed)
{
    if (typed[0] != '#' || !typed[1] || strspn(typed + 1, "0123456789") != strlen(typed + 1) ||
        strlen(typed + 1) > 18)
        return 0;
    return strtoll(typed + 1, NULL, 10);
}

/* What the getter of a record named "#id" said (rc): none is the query's error. */
static int by_id_found(store *s, int rc, struct query_error *err, int col, const char *field,
                       const char *typed, const char *what)
{
    if (rc == STORE_OK)
        return STORE_OK;
    if (rc != STORE_NOT_FOUND)
        return store_failed(s, err, what);
    err->column = col;
    snprintf(err->msg, sizeof err->msg, _("%s:%s: nothing has that number"), field, typed);
    return DOMAIN_INVALID;
}

static int pole_by_id(store *s, struct query *q, int64_t id, struct query_error *err)
{
    struct pole p = {0};
    int rc = by_id_found(s, store_pole_get(s, id, &p), err, q->pole_col, "pole", q->pole,
                         _("the pôles"));
    if (rc == STORE_OK)
        q->where.pole_id = p.id;
    pole_clear(&p);
    return rc;
}

static int resolve_pole(store *s, struct query *q, struct query_error *err)
{
    int64_t id = typed_id(q->pole);
    if (id)
        return pole_by_id(s, q, id, err);
    struct pole *poles = NULL;
    int n = 0;
    if (store_poles_list(s, &poles, &n) != STORE_OK)
        return store_failed(s, err, _("the pôles"));
    struct name_pick p;
    name_pick_begin(&p, q->pole, LISTED, LISTED_ROOM);
    for (int i = 0; i < n; i++)
        name_pick_consider(&p, i, poles[i].name, poles[i].name, NULL);
    int rc = p.count == 1 ? STORE_OK : refuse(err, q->pole_col, "pole", q->pole, &p);
    if (rc == STORE_OK)
        q->where.pole_id = poles[p.index].id;
    name_pick_end(&p);
    poles_free(poles, n);
    return rc;
}

static bool is_word(const char *typed, const char *const *words)
{
    char *f = fold_for_search(typed);
    bool yes = false;
    for (; *words && !yes; words++)
        yes = strcmp(f, *words) == 0;
    free(f);
    return yes;
}

static int resolve_me(store *s, struct query *q, struct query_error *err)
{
    struct staff me = {0};
    int rc = store_staff_by_login(s, store_login(s), &me);
    if (rc == STORE_NOT_FOUND) {
        err->column = q->assignee_col;
        snprintf(err->msg, sizeof err->msg, _("assignee:me: your login %s has no staff record"),
                 store_login(s));
        return DOMAIN_INVALID;
    }
    if (rc != STORE_OK)
        return store_failed(s, err, _("your staff record"));
    q->where.who = WHO_STAFF;
    q->where.who_id = me.id;
    staff_clear(&me);
    return STORE_OK;
}

static int staff_by_id(store *s, struct query *q, int64_t id, struct query_error *err)
{
    struct staff st = {0};
    int rc = by_id_found(s, store_staff_get(s, id, &st), err, q->assignee_col, "assignee",
                         q->assignee, _("the assignees"));
    if (rc == STORE_OK) {
        q->where.who = WHO_STAFF;
        q->where.who_id = st.id;
    }
    staff_clear(&st);
    return rc;
}

static int provider_by_id(store *s, struct query *q, int64_t id, struct query_error *err)
{
    struct provider p = {0};
    int rc = by_id_found(s, store_provider_get(s, id, &p), err, q->provider_col, "provider",
                         q->provider, _("the providers"));
    if (rc == STORE_OK) {
        q->where.who = WHO_PROVIDER;
        q->where.who_id = p.id;
    }
    provider_clear(&p);
    return rc;
}

/* provider: a provider by name (only providers are candidates) or "#id". */
static int resolve_provider(store *s, struct query *q, struct query_error *err)
{
    int64_t id = typed_id(q->provider);
    if (id)
        return provider_by_id(s, q, id, err);
    struct provider *prov = NULL;
    int np = 0;
    if (store_providers_list(s, &prov, &np) != STORE_OK)
        return store_failed(s, err, _("the providers"));
    struct name_pick p;
    name_pick_begin(&p, q->provider, LISTED, LISTED_ROOM);
    for (int i = 0; i < np; i++)
        name_pick_consider(&p, i, prov[i].name, prov[i].name, NULL);
    int rc = p.count == 1 ? STORE_OK
           : refuse(err, q->provider_col, "provider", q->provider, &p);
    if (rc == STORE_OK) {
        q->where.who = WHO_PROVIDER;
        q->where.who_id = prov[p.index].id;
    }
    name_pick_end(&p);
    providers_free(prov, np);
    return rc;
}

/* Staff by login or name, then providers by name: one candidate list; "#id" is a
 * colleague's (a provider's is provider:#id). */
static int resolve_assignee(store *s, struct query *q, struct query_error *err)
{
    static const char *const me[] = { "me", "moi", NULL };
    static const char *const nobody[] = { "none", "nobody", "personne", "aucun", NULL };
    if (is_word(q->assignee, me))
        return resolve_me(s, q, err);
    if (is_word(q->assignee, nobody)) {
        q->where.who = WHO_NOBODY;
        return STORE_OK;
    }
    if (typed_id(q->assignee))
        return staff_by_id(s, q, typed_id(q->assignee), err);
    struct staff *staff = NULL;
    struct provider *prov = NULL;
    int ns = 0, np = 0;
    if (store_staff_list(s, &staff, &ns) != STORE_OK ||
        store_providers_list(s, &prov, &np) != STORE_OK) {
        staff_list_free(staff, ns);
        return store_failed(s, err, _("the assignees"));
    }
    struct name_pick p;
    name_pick_begin(&p, q->assignee, LISTED, LISTED_ROOM);
    for (int i = 0; i < ns; i++)
        name_pick_consider(&p, i, staff[i].display_name, staff[i].display_name,
                           staff[i].login);
    for (int i = 0; i < np; i++)
        name_pick_consider(&p, ns + i, prov[i].name, prov[i].name, NULL);
    int rc = p.count == 1 ? STORE_OK
           : refuse(err, q->assignee_col, "assignee", q->assignee, &p);
    if (rc == STORE_OK) {
        bool is_staff = p.index < ns;
        q->where.who = is_staff ? WHO_STAFF : WHO_PROVIDER;
        q->where.who_id = is_staff ? staff[p.index].id : prov[p.index - ns].id;
    }
    name_pick_end(&p);
    staff_list_free(staff, ns);
    providers_free(prov, np);
    return rc;
}

#define MEMBER_PAGE 24

/* "#12", a SIREN, or a name (the first page of members containing it decides: more
 * than a page of them is "type more" anyway). */
static int find_member(store *s, struct query *q, struct member *out, struct query_error *err)
{
    const char *typed = q->member;
    if (typed[0] == '#') {
        char *end;
        long long id = strtoll(typed + 1, &end, 10);
        int rc = id > 0 && !*end ? store_member_get(s, id, out) : STORE_NOT_FOUND;
        if (rc == STORE_NOT_FOUND) {
            err->column = q->member_col;
            snprintf(err->msg, sizeof err->msg, _("member:%s: no such member"), typed);
            return DOMAIN_INVALID;
        }
        return rc == STORE_OK ? rc : store_failed(s, err, _("the member"));
    }
    char *siren = siren_normalize(typed);
    bool digits = strlen(siren) == 9 && strspn(siren, "0123456789") == 9;
    int rc = digits ? store_member_by_siren(s, siren, out) : STORE_NOT_FOUND;
    free(siren);
    if (rc != STORE_NOT_FOUND)
        return rc == STORE_OK ? rc : store_failed(s, err, _("the member"));
    struct member rows[MEMBER_PAGE] = {{0}};
    int n = 0;
    if (store_members_page(s, typed, PAGE_FIRST, NULL, MEMBER_PAGE, rows, &n) != STORE_OK)
        return store_failed(s, err, _("the member"));
    struct name_pick p;
    name_pick_begin(&p, typed, LISTED, LISTED_ROOM);
    for (int i = 0; i < n; i++)
        name_pick_consider(&p, i, rows[i].name, rows[i].name, NULL);
    rc = p.count == 1 && (p.best == NAME_EXACT || n < MEMBER_PAGE) ? STORE_OK
       : refuse(err, q->member_col, "member", typed, &p);
    if (rc == STORE_OK)
        rc = store_member_get(s, rows[p.index].id, out);
    for (int i = 0; i < n; i++)
        member_clear(&rows[i]);
    name_pick_end(&p);
    return rc;
}

static int resolve_member(store *s, struct query *q, struct query_error *err)
{
    struct member m = {0};
    int rc = find_member(s, q, &m, err);
    if (rc == STORE_OK) {
        q->where.member_root = m.id;
        if (m.kind == MEMBER_DEPARTEMENT && m.departement)
            snprintf(q->where.departement, sizeof q->where.departement, "%s", m.departement);
    }
    member_clear(&m);
    return rc;
}

int query_resolve(store *s, struct query *q, struct query_error *err)
{
    memset(err, 0, sizeof *err);
    int rc = STORE_OK;
    if (q->pole)
        rc = resolve_pole(s, q, err);
    if (rc == STORE_OK && q->assignee)
        rc = resolve_assignee(s, q, err);
    if (rc == STORE_OK && q->provider)
        rc = resolve_provider(s, q, err);
    if (rc == STORE_OK && q->member)
        rc = resolve_member(s, q, err);
    return rc;
}

int query_compile(store *s, const char *text, const char *today, struct query *q,
                  struct query_error *err)
{
    if (query_parse(text, today, q, err) != 0)
        return DOMAIN_INVALID;
    int rc = store_read_begin(s);
    if (rc != STORE_OK)
        return store_failed(s, err, _("the query's names"));
    rc = query_resolve(s, q, err);
    store_read_end(s);
    return rc;
}
