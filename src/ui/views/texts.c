/* texts — see texts.h. */
#include <stdlib.h>

#include "texts.h"

void text_place(struct textview *tv, struct rect r)
{
    tv_place(tv, r.y, r.x, r.h, r.w);
    if (tv->win)
        leaveok(tv->win, TRUE);
}

enum reaction text_command(struct textview *tv, enum command cmd)
{
    int half = tv->height / 2 > 0 ? tv->height / 2 : 1;
    switch (cmd) {
    case CMD_DOWN:      tv_scroll(tv, 1); break;
    case CMD_UP:        tv_scroll(tv, -1); break;
    case CMD_PAGE_DOWN: tv_scroll(tv, tv->height); break;
    case CMD_PAGE_UP:   tv_scroll(tv, -tv->height); break;
    case CMD_HALF_DOWN: tv_scroll(tv, half); break;
    case CMD_HALF_UP:   tv_scroll(tv, -half); break;
    case CMD_FIRST:     tv_home(tv); break;
    case CMD_LAST:      tv_end(tv); break;
    default:            return R_UNHANDLED;
    }
    return R_NONE;
}

void text_view_place(struct view *v, struct rect r)
{
    text_place(v->state, r);
}

void text_view_repaint(struct view *v)
{
    tv_draw(v->state);
}

void text_view_touch(struct view *v)
{
    tv_touch(v->state);
}

void text_view_focus(struct view *v, bool focused)
{
    (void)v;
    (void)focused;   /* one view alone on its screen: always focused */
}

void text_view_close(struct view *v)
{
    if (v->state)
        tv_free(v->state);
    free(v->state);
    v->state = NULL;
}

int text_view_keymaps(enum keymap_id own, enum keymap_id *chain, int max)
{
    if (max < 2)
        return 0;
    chain[0] = own;
    chain[1] = KEYMAP_TEXT;
    return 2;
}
