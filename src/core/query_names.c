/* query_names — the names of a query looked up: a pôle, an assignee (a colleague
 * or a provider), a member.  A name matches when it is the record's name, or the
 * start of it, or a part of it, accents and case ignored — in that order, so that
 * "pole:support" is Support even when "Support niveau 2" exists.  Several at the
 * best level is an error listing them: a query never picks one silently. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suivi/base/i18n.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/domain.h"
#include "suivi/core/members.h"
#include "suivi/core/query.h"

enum match { M_NONE, M_PART, M_START, M_EXACT };

static enum match match_of(const char *folded_typed, const char *name)
{
    if (!name)
        return M_NONE;
    char *f = fold_for_search(name);
    enum match m = strcmp(f, folded_typed) == 0 ? M_EXACT
                 : strncmp(f, folded_typed, strlen(folded_typed)) == 0 ? M_START
                 : strstr(f, folded_typed) ? M_PART : M_NONE;
    free(f);
    return m;
}

/* Candidates considered one by one; the best level wins. */
struct pick {
    char *folded;
    enum match best;
    int count;            /* candidates at the best level */
    int index;            /* the first of them */
    char names[160];      /* up to three of them, for the error */
};

static void pick_consider(struct pick *p, int index, const char *name, const char *also)
{
    enum match m = match_of(p->folded, name);
    enum match m2 = match_of(p->folded, also);
    if (m2 > m)
        m = m2;
    if (m == M_NONE || m < p->best)
        return;
    if (m > p->best) {
        p->best = m;
        p->count = 0;
        p->names[0] = '\0';
    }
    if (p->count++ == 0)
        p->index = index;
    size_t len = strlen(p->names);
    if (p->count <= 3)
        snprintf(p->names + len, sizeof p->names - len, "%s%s", len ? ", " : "", name);
    else if (p->count == 4)
        snprintf(p->names + len, sizeof p->names - len, ", …");
}

static int refuse(struct query_error *err, int col, const char *field, const char *typed,
                  const struct pick *p)
{
    err->column = col;
    if (p->count == 0)
        snprintf(err->msg, sizeof err->msg, _("%s:%s: nothing by that name"), field, typed);
    else
        snprintf(err->msg, sizeof err->msg,
                 ngettext("%s:%s: %d matches (%s); type more",
                          "%s:%s: %d match (%s); type more", p->count),
                 field, typed, p->count, p->names);
    return DOMAIN_INVALID;
}

static int store_failed(store *s, struct query_error *err, const char *what)
{
    err->column = 0;
    snprintf(err->msg, sizeof err->msg, _("Cannot look up %s: %s"), what, store_errmsg(s));
    return STORE_ERROR;
}

static int resolve_pole(store *s, struct query *q, struct query_error *err)
{
    struct pole *poles = NULL;
    int n = 0;
    if (store_poles_list(s, &poles, &n) != STORE_OK)
        return store_failed(s, err, _("the pôles"));
    struct pick p = { .folded = fold_for_search(q->pole) };
    for (int i = 0; i < n; i++)
        pick_consider(&p, i, poles[i].name, NULL);
    int rc = p.count == 1 ? STORE_OK : refuse(err, q->pole_col, "pole", q->pole, &p);
    if (rc == STORE_OK)
        q->where.pole_id = poles[p.index].id;
    free(p.folded);
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

/* Staff by login or name, then providers by name: one candidate list. */
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
    struct staff *staff = NULL;
    struct provider *prov = NULL;
    int ns = 0, np = 0;
    if (store_staff_list(s, &staff, &ns) != STORE_OK ||
        store_providers_list(s, &prov, &np) != STORE_OK) {
        staff_list_free(staff, ns);
        return store_failed(s, err, _("the assignees"));
    }
    struct pick p = { .folded = fold_for_search(q->assignee) };
    for (int i = 0; i < ns; i++)
        pick_consider(&p, i, staff[i].display_name, staff[i].login);
    for (int i = 0; i < np; i++)
        pick_consider(&p, ns + i, prov[i].name, NULL);
    int rc = p.count == 1 ? STORE_OK
           : refuse(err, q->assignee_col, "assignee", q->assignee, &p);
    if (rc == STORE_OK) {
        bool is_staff = p.index < ns;
        q->where.who = is_staff ? WHO_STAFF : WHO_PROVIDER;
        q->where.who_id = is_staff ? staff[p.index].id : prov[p.index - ns].id;
    }
    free(p.folded);
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
    struct pick p = { .folded = fold_for_search(typed) };
    for (int i = 0; i < n; i++)
        pick_consider(&p, i, rows[i].name, NULL);
    rc = p.count == 1 && (p.best == M_EXACT || n < MEMBER_PAGE) ? STORE_OK
       : refuse(err, q->member_col, "member", typed, &p);
    if (rc == STORE_OK)
        rc = store_member_get(s, rows[p.index].id, out);
    for (int i = 0; i < n; i++)
        member_clear(&rows[i]);
    free(p.folded);
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
