/* search — S: one search over everything (store/search.h); the hits are kept in
 * the shell's context for the results view and for n/N. */
#include <stdio.h>
#include <stdlib.h>

#include "flows_priv.h"
#include "suivi/base/i18n.h"
#include "suivi/base/xalloc.h"
#include "suivi/ui/term.h"

#define HITS_PER_KIND 20

void flow_search_clear(struct ui_ctx *ui)
{
    search_hits_free(ui->search.hits, ui->search.n);
    free(ui->search.text);
    ui->search = (struct search_state){ .current = -1 };
}

enum flow_result flow_search(struct ui_ctx *ui)
{
    char *text = NULL;
    enum form_result fr = form_ask_with(_("Search everything (members, SIREN, contacts, "
                                          "interactions, actions, notes)"),
                                        _("Words"), FIELD_TEXT, ui->search.text, &text);
    if (fr == FORM_HANGUP) {
        free(text);
        return FLOW_HANGUP;
    }
    if (fr != FORM_SAVED || !text || !*text) {
        free(text);
        return FLOW_UNCHANGED;
    }
    struct search_hit *hits = NULL;
    int n = 0;
    int rc = store_search(ui->s, text, HITS_PER_KIND, &hits, &n);
    if (rc != STORE_OK) {
        term_flash(true, _("Search: %s"), store_errmsg(ui->s));
        free(text);
        return FLOW_UNCHANGED;
    }
    if (n == 0) {
        term_flash(true, _("Nothing found for \"%s\""), text);
        free(text);
        return FLOW_UNCHANGED;
    }
    flow_search_clear(ui);
    ui->search = (struct search_state){ .text = text, .hits = hits, .n = n, .current = -1 };
    return FLOW_SAVED;
}

/* The detail that shows hit i: a contact's member, a note's action. */
void flow_search_target(const struct ui_ctx *ui, int i, struct view_arg *arg)
{
    const struct search_hit *h = &ui->search.hits[i];
    switch (h->kind) {
    case SEARCH_MEMBER:
    case SEARCH_CONTACT:
        *arg = (struct view_arg){ .view = VIEW_DETAIL, .kind = SEL_MEMBER, .id = h->member_id };
        break;
    case SEARCH_INTERACTION:
        *arg = (struct view_arg){ .view = VIEW_DETAIL, .kind = SEL_INTERACTION, .id = h->id };
        break;
    default:
        *arg = (struct view_arg){ .view = VIEW_DETAIL, .kind = SEL_ACTION, .id = h->action_id };
        break;
    }
}
