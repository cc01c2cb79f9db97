/* help — see help.h.  Nothing here is written by hand per key: a binding added to
 * keymap.c shows up on this screen. */
#include "suivi/ui/help.h"

#include <stdio.h>
#include <string.h>

#include "suivi/ui/keymap.h"
#include "suivi/base/sanitize.h"

#define KEYS_MAX 128
#define LABEL_COLS_MAX 24

static int widest_keys(void)
{
    int widest = 0;
    char keys[KEYS_MAX];
    for (int map = 0; map < KEYMAP_COUNT; map++)
        for (int cmd = CMD_NONE + 1; cmd < CMD_COUNT; cmd++) {
            keymap_keys_of((enum keymap_id)map, (enum command)cmd, keys, sizeof keys);
            int w = san_width(keys);
            widest = w > widest ? w : widest;
        }
    return widest > LABEL_COLS_MAX ? LABEL_COLS_MAX : widest;
}

/* A map with no key of its own (a view that only uses the shared maps). */
static bool map_is_empty(enum keymap_id map)
{
    size_t n;
    const struct key_binding *b = keymap_bindings(&n);
    for (size_t i = 0; i < n; i++)
        if (b[i].map == map)
            return false;
    return !keymap_other_keys(map);
}

void help_build(struct textview *tv)
{
    char title[96];
    snprintf(title, sizeof title, _("Help %s suivi %s: keys"),
             san_locale_is_utf8() ? "\u2014" : "-", SUIVI_VERSION);
    tv_init(tv, title, widest_keys());
    char keys[KEYS_MAX];
    for (int map = 0; map < KEYMAP_COUNT; map++) {
        if (map_is_empty((enum keymap_id)map))
            continue;
        tv_heading(tv, keymap_title((enum keymap_id)map));
        for (int cmd = CMD_NONE + 1; cmd < CMD_COUNT; cmd++) {
            keymap_keys_of((enum keymap_id)map, (enum command)cmd, keys, sizeof keys);
            if (keys[0])
                tv_add(tv, keys, command_help((enum command)cmd));
        }
        const char *other = keymap_other_keys((enum keymap_id)map);
        if (other)
            tv_add(tv, _("(other keys)"), other);
    }
}
