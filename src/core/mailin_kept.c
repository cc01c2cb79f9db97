/* mailin_kept — an unsorted mail filed by hand on an action (see mailin.h): the
 * reply's note and interaction, and the unsorted row marked filed, in one
 * transaction, so the mail is in one place or the other, never both or neither. */
#include <stdio.h>

#include "suivi/base/i18n.h"
#include "suivi/core/domain.h"
#include "suivi/core/mailin.h"

int mailin_file_kept(store *s, int64_t unsorted_id, int64_t action_id,
                     struct mailin_result *out, char *err, size_t errlen)
{
    int rc = store_begin(s);
    if (rc != STORE_OK)
        return domain_explain(s, rc, err, errlen);
    struct unsorted_mail u = {0};
    rc = store_unsorted_get(s, unsorted_id, &u);
    if (rc != STORE_OK) {
        domain_explain(s, rc, err, errlen);
    } else if (u.filed_at) {
        snprintf(err, errlen, _("unsorted mail #%lld is filed already"), (long long)unsorted_id);
        rc = DOMAIN_INVALID;
    }
    if (rc == STORE_OK)
        rc = mailin_file_on(s, (const char *)u.raw, u.raw_len, action_id, out, err, errlen);
    if (rc == STORE_OK)
        rc = domain_explain(s, store_unsorted_file(s, unsorted_id, action_id), err, errlen);
    if (rc == STORE_OK)
        rc = domain_explain(s, store_commit(s), err, errlen);
    else
        store_rollback(s);
    unsorted_mail_clear(&u);
    return rc;
}
