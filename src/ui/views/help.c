/* help — the `?` view: every keymap, every key, generated from the tables
 * (help_build, shell/help.c). */
#include <stdlib.h>

#include "texts.h"
#include "suivi/base/xalloc.h"
#include "suivi/ui/help.h"

static int open_view(struct view *v, const struct view_arg *arg)
{
    (void)arg;
    struct textview *tv = v->state = xcalloc(1, sizeof *tv);
    help_build(tv);
    return STORE_OK;
}

static int keymaps(const struct view *v, enum keymap_id *chain, int max)
{
    (void)v;
    return text_view_keymaps(KEYMAP_HELP, chain, max);
}

static int recalc(struct view *v)
{
    (void)v;
    return STORE_OK;   /* nothing from the database */
}

static enum reaction command(struct view *v, enum command cmd, bool keycode, int key)
{
    (void)keycode;
    (void)key;
    return text_command(v->state, cmd);
}

static struct selection selected(const struct view *v)
{
    (void)v;
    return (struct selection){ .kind = SEL_NONE };
}

const struct view_ops help_view_ops = {
    .keymaps = keymaps, .open = open_view, .close = text_view_close, TEXT_VIEW_BASICS,
    .recalc = recalc, .command = command, .selected = selected,
};
