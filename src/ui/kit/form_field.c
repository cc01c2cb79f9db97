/* form_field — a field's three values (shown, base, theirs) and what the flows ask
 * of them (see form.h). */
#include "suivi/ui/form.h"

#include <stdlib.h>
#include <string.h>

#include "suivi/base/xalloc.h"
#include "suivi/core/validate.h"
#include "suivi/ui/draft.h"
#include "suivi/ui/textedit.h"

static void set(char **slot, const char *value)
{
    char *copy = xstrdup(value ? value : "");
    free(*slot);
    *slot = copy;
}

void form_set_value(struct form_field *fld, const char *value)
{
    set(&fld->value, value);
}

void form_set_base(struct form_field *fld, const char *value)
{
    set(&fld->base, value);
}

void form_set_theirs(struct form_field *fld, const char *value)
{
    set(&fld->theirs, value);
}

void form_field_reload(struct form_field *fld)
{
    if (fld->te) {
        te_free(fld->te);
        te_init(fld->te, fld->value, BODY_MAX_BYTES);
    }
}

void form_field_settle(struct form_field *fld)
{
    if (fld->type == FIELD_CHOICE)
        fld->base_choice = fld->choice;
    else
        form_set_base(fld, fld->value);
}

/* NULL and "" are the same value to a user. */
static bool same_text(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

bool form_field_touched(const struct form_field *fld)
{
    switch (fld->type) {
    case FIELD_READONLY:
        return false;
    case FIELD_CHOICE:
        return fld->choice != fld->base_choice;
    default:
        return !same_text(fld->te ? te_text(fld->te) : fld->value, fld->base);
    }
}

bool form_touched(const struct form *f)
{
    for (int i = 0; i < f->nfields; i++)
        if (form_field_touched(&f->fields[i]))
            return true;
    return false;
}

void form_field_conflict(struct form_field *fld)
{
    fld->conflict = true;
    fld->showing_theirs = false;
}

void form_free_values(struct form *f)
{
    for (int i = 0; i < f->nfields; i++) {
        struct form_field *fld = &f->fields[i];
        free_and_null(&fld->value);
        free_and_null(&fld->base);
        free_and_null(&fld->theirs);
        free_and_null(&fld->mine);
        if (fld->te) {
            te_free(fld->te);
            free(fld->te);
            fld->te = NULL;
        }
    }
}

void form_draft_done(struct form *f)
{
    draft_remove(f);
}
