/* members — see members.h. */
#include "suivi/core/members.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suivi/base/i18n.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/domain.h"

#define PARENT_PAGE 64       /* members read per page while resolving a parent */
#define PARENT_SCAN_MAX 2048 /* past this, the user must type more */

char *siren_normalize(const char *typed)
{
    if (!typed)
        return NULL;
    char *out = xstrdup(typed);
    size_t j = 0;
    for (size_t i = 0; out[i]; i++)
        if (out[i] != ' ' && out[i] != '\t')
            out[j++] = out[i];
    out[j] = '\0';
    return out;
}

void member_normalize(struct member *m)
{
    char *siren = siren_normalize(m->siren);
    free(m->siren);
    m->siren = siren && *siren ? siren : (free(siren), NULL);
    if (m->departement && !*m->departement)
        free_and_null(&m->departement);
    for (char *p = m->departement; p && *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
}

/* ---- parent ---------------------------------------------------------------------- */

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

/* Page through the members whose name contains the typed text, counting the EPCI. */
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

static int parent_refusal(const struct parent_search *ps, char *err, size_t errlen)
{
    const char *label = _("Parent EPCI");
    if (!ps->complete)
        snprintf(err, errlen, _("%s: too many members match '%s'; type more"), label, ps->typed);
    else if (ps->matches == 0)
        snprintf(err, errlen, _("%s: no EPCI matches '%s'"), label, ps->typed);
    else
        snprintf(err, errlen, ngettext("%s: %d EPCI matches '%s'; type more",
                                       "%s: %d EPCI match '%s'; type more", ps->matches),
                 label, ps->matches, ps->typed);
    return DOMAIN_INVALID;
}

int member_resolve_parent(store *s, const char *typed, int64_t self, int64_t *id,
                          char **name, char *err, size_t errlen)
{
    *id = 0;
    *name = NULL;
    if (!typed || !typed[strspn(typed, " \t")])
        return STORE_OK;
    struct parent_search ps = { .typed = typed, .folded = fold_for_search(typed), .self = self };
    int rc = parent_scan(s, &ps);
    if (rc != STORE_OK) {
        snprintf(err, errlen, _("Parent EPCI: cannot search: %s"), store_errmsg(s));
    } else if ((ps.complete && ps.matches == 1) || ps.exact == 1) {
        bool one = ps.complete && ps.matches == 1;
        *id = one ? ps.match_id : ps.exact_id;
        *name = xstrdup(one ? ps.match_name : ps.exact_name);
    } else {
        rc = parent_refusal(&ps, err, errlen);
    }
    free(ps.folded);
    free(ps.match_name);
    free(ps.exact_name);
    return rc;
}

/* ---- SIREN ------------------------------------------------------------------------- */

int member_check_siren(store *s, const struct member *m, char *err, size_t errlen)
{
    if (!m->siren || !*m->siren)
        return STORE_OK;
    struct member other = {0};
    int rc = store_member_by_siren(s, m->siren, &other);
    if (rc == STORE_OK && other.id != m->id) {
        snprintf(err, errlen, _("SIREN %s: already the SIREN of %s (member #%lld)"), m->siren,
                 other.name ? other.name : "?", (long long)other.id);
        rc = DOMAIN_INVALID;
    } else if (rc == STORE_NOT_FOUND || rc == STORE_OK) {
        rc = STORE_OK;
    } else {
        domain_explain(s, rc, err, errlen);
    }
    member_clear(&other);
    return rc;
}
