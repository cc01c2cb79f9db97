/* keymap — the binding tables.  Editing a key here changes the help screen and the
 * `--list-keys` output; tests/screen/test_keys.py checks the man page against it. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "suivi/ui/keymap.h"

#define CTRL(c) ((c) & 0x1f)
#define CH(map, c, cmd, name)  { KEYMAP_##map, false, (c), CMD_##cmd, (name) }
#define KC(map, k, cmd, name)  { KEYMAP_##map, true, (k), CMD_##cmd, (name) }

/* Every navigation key has a letter or control binding too: a vt100 terminfo entry
 * has no PgUp/PgDn/Home/End, so those keys cannot be decoded there. */
static const struct key_binding bindings[] = {
    CH(MAIN, '\t', NEXT_PANE, "Tab"),
    KC(MAIN, KEY_BTAB, PREV_PANE, "S-Tab"),
    CH(MAIN, '1', PANE_MEMBERS, "1"),
    CH(MAIN, '2', PANE_TIMELINE, "2"),
    CH(MAIN, '3', PANE_ACTIONS, "3"),
    CH(MAIN, 'j', DOWN, "j"), KC(MAIN, KEY_DOWN, DOWN, "Down"), CH(MAIN, CTRL('N'), DOWN, "^N"),
    CH(MAIN, 'k', UP, "k"), KC(MAIN, KEY_UP, UP, "Up"), CH(MAIN, CTRL('P'), UP, "^P"),
    KC(MAIN, KEY_NPAGE, PAGE_DOWN, "PgDn"), CH(MAIN, CTRL('F'), PAGE_DOWN, "^F"),
    CH(MAIN, ' ', PAGE_DOWN, "Space"),
    KC(MAIN, KEY_PPAGE, PAGE_UP, "PgUp"), CH(MAIN, CTRL('B'), PAGE_UP, "^B"),
    CH(MAIN, CTRL('D'), HALF_DOWN, "^D"),
    CH(MAIN, CTRL('U'), HALF_UP, "^U"),
    CH(MAIN, 'g', FIRST, "g"), KC(MAIN, KEY_HOME, FIRST, "Home"),
    CH(MAIN, 'G', LAST, "G"), KC(MAIN, KEY_END, LAST, "End"),
    CH(MAIN, '\r', OPEN, "Enter"), CH(MAIN, '\n', OPEN, "Enter"), KC(MAIN, KEY_ENTER, OPEN, "Enter"),
    CH(MAIN, '/', FILTER, "/"),
    CH(MAIN, 'v', ACTIONS_SCOPE, "v"),
    CH(MAIN, 'N', NEW_MEMBER, "N"),
    CH(MAIN, 'i', NEW_INTERACTION, "i"),
    CH(MAIN, 'a', NEW_ACTION, "a"),
    CH(MAIN, 's', SET_STATUS, "s"),
    CH(MAIN, 'e', EDIT, "e"),
    CH(MAIN, '?', HELP, "?"), KC(MAIN, KEY_F(1), HELP, "F1"),
    CH(MAIN, CTRL('L'), REDRAW, "^L"),
    CH(MAIN, 'q', QUIT, "q"),

    CH(FILTER, '\r', FILTER_ACCEPT, "Enter"), CH(FILTER, '\n', FILTER_ACCEPT, "Enter"),
    KC(FILTER, KEY_ENTER, FILTER_ACCEPT, "Enter"),
    CH(FILTER, 27, FILTER_CLEAR, "Esc"),
    KC(FILTER, KEY_BACKSPACE, FILTER_ERASE, "Backspace"), CH(FILTER, 127, FILTER_ERASE, "Backspace"),
    CH(FILTER, CTRL('H'), FILTER_ERASE, "^H"),
    CH(FILTER, CTRL('U'), FILTER_KILL, "^U"),
    KC(FILTER, KEY_DOWN, DOWN, "Down"), KC(FILTER, KEY_UP, UP, "Up"),

    CH(VIEW, 'j', DOWN, "j"), KC(VIEW, KEY_DOWN, DOWN, "Down"), CH(VIEW, CTRL('N'), DOWN, "^N"),
    CH(VIEW, 'k', UP, "k"), KC(VIEW, KEY_UP, UP, "Up"), CH(VIEW, CTRL('P'), UP, "^P"),
    CH(VIEW, ' ', PAGE_DOWN, "Space"), KC(VIEW, KEY_NPAGE, PAGE_DOWN, "PgDn"),
    CH(VIEW, CTRL('F'), PAGE_DOWN, "^F"),
    CH(VIEW, 'b', PAGE_UP, "b"), KC(VIEW, KEY_PPAGE, PAGE_UP, "PgUp"), CH(VIEW, CTRL('B'), PAGE_UP, "^B"),
    CH(VIEW, CTRL('D'), HALF_DOWN, "^D"),
    CH(VIEW, CTRL('U'), HALF_UP, "^U"),
    CH(VIEW, 'g', FIRST, "g"), KC(VIEW, KEY_HOME, FIRST, "Home"),
    CH(VIEW, 'G', LAST, "G"), KC(VIEW, KEY_END, LAST, "End"),
    CH(VIEW, 'e', EDIT, "e"),
    CH(VIEW, 's', SET_STATUS, "s"),
    CH(VIEW, 'a', NEW_ACTION, "a"),
    CH(VIEW, CTRL('L'), REDRAW, "^L"),
    CH(VIEW, 'q', BACK, "q"), CH(VIEW, 27, BACK, "Esc"),

    CH(FORM, '\t', FIELD_NEXT, "Tab"), KC(FORM, KEY_DOWN, FIELD_NEXT, "Down"),
    CH(FORM, '\r', FIELD_NEXT, "Enter"), CH(FORM, '\n', FIELD_NEXT, "Enter"),
    KC(FORM, KEY_ENTER, FIELD_NEXT, "Enter"),
    KC(FORM, KEY_BTAB, FIELD_PREV, "S-Tab"), KC(FORM, KEY_UP, FIELD_PREV, "Up"),
    KC(FORM, KEY_LEFT, FIELD_LEFT, "Left"),
    KC(FORM, KEY_RIGHT, FIELD_RIGHT, "Right"),
    CH(FORM, CTRL('A'), FIELD_HOME, "^A"), KC(FORM, KEY_HOME, FIELD_HOME, "Home"),
    CH(FORM, CTRL('E'), FIELD_END, "^E"), KC(FORM, KEY_END, FIELD_END, "End"),
    KC(FORM, KEY_BACKSPACE, FIELD_ERASE, "Backspace"), CH(FORM, 127, FIELD_ERASE, "Backspace"),
    CH(FORM, CTRL('H'), FIELD_ERASE, "^H"),
    CH(FORM, CTRL('U'), FIELD_KILL, "^U"),
    CH(FORM, CTRL('O'), FIELD_EDITOR, "^O"),
    CH(FORM, CTRL('X'), FORM_SAVE, "^X"), KC(FORM, KEY_F(2), FORM_SAVE, "F2"),
    CH(FORM, 27, FORM_CANCEL, "Esc"),
    CH(FORM, CTRL('L'), REDRAW, "^L"),

    CH(PICKER, 'j', DOWN, "j"), KC(PICKER, KEY_DOWN, DOWN, "Down"),
    CH(PICKER, 'k', UP, "k"), KC(PICKER, KEY_UP, UP, "Up"),
    CH(PICKER, 'g', FIRST, "g"), KC(PICKER, KEY_HOME, FIRST, "Home"),
    CH(PICKER, 'G', LAST, "G"), KC(PICKER, KEY_END, LAST, "End"),
    CH(PICKER, '\r', PICK, "Enter"), CH(PICKER, '\n', PICK, "Enter"), KC(PICKER, KEY_ENTER, PICK, "Enter"),
    CH(PICKER, 'q', BACK, "q"), CH(PICKER, 27, BACK, "Esc"),
};

static const char *const command_helps[CMD_COUNT] = {
    [CMD_NONE] = "",
#define SUIVI_CMD_HELP(id, help) [CMD_##id] = help,
    SUIVI_COMMANDS(SUIVI_CMD_HELP)
#undef SUIVI_CMD_HELP
};

static const char *const command_ids[CMD_COUNT] = {
    [CMD_NONE] = "NONE",
#define SUIVI_CMD_ID(id, help) [CMD_##id] = #id,
    SUIVI_COMMANDS(SUIVI_CMD_ID)
#undef SUIVI_CMD_ID
};

static const char *const map_titles[KEYMAP_COUNT] = {
    [KEYMAP_MAIN] = "Panes",
    [KEYMAP_FILTER] = "Filter (after /)",
    [KEYMAP_VIEW] = "Detail and help views",
    [KEYMAP_FORM] = "Forms",
    [KEYMAP_PICKER] = "Menus",
};

static const char *const map_other_keys[KEYMAP_COUNT] = {
    [KEYMAP_FILTER] = "Typed into the filter; the pane follows as you type",
    [KEYMAP_FORM] = "Typed into the field; on a choice, Space takes the next choice and a "
                    "letter the first choice that starts with it; Esc on a changed form "
                    "asks y/n",
    [KEYMAP_PICKER] = "A letter jumps to the first entry that starts with it",
};

const char *keymap_other_keys(enum keymap_id map)
{
    return (map >= 0 && map < KEYMAP_COUNT) ? map_other_keys[map] : NULL;
}

enum command keymap_lookup(enum keymap_id map, bool keycode, int key)
{
    for (size_t i = 0; i < sizeof bindings / sizeof bindings[0]; i++) {
        const struct key_binding *b = &bindings[i];
        if (b->map == map && b->keycode == keycode && b->key == key)
            return b->cmd;
    }
    return CMD_NONE;
}

const struct key_binding *keymap_bindings(size_t *n)
{
    *n = sizeof bindings / sizeof bindings[0];
    return bindings;
}

const char *keymap_title(enum keymap_id map)
{
    return (map >= 0 && map < KEYMAP_COUNT) ? map_titles[map] : "?";
}

const char *command_help(enum command cmd)
{
    return (cmd > CMD_NONE && cmd < CMD_COUNT) ? command_helps[cmd] : "";
}

const char *command_id_name(enum command cmd)
{
    return (cmd >= CMD_NONE && cmd < CMD_COUNT) ? command_ids[cmd] : "?";
}

void keymap_keys_of(enum keymap_id map, enum command cmd, char *buf, size_t len)
{
    size_t used = 0;
    if (len == 0)
        return;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof bindings / sizeof bindings[0]; i++) {
        const struct key_binding *b = &bindings[i];
        if (b->map != map || b->cmd != cmd)
            continue;
        /* "Enter" is bound to \r, \n and KEY_ENTER: list a name once. */
        bool seen = false;
        for (size_t j = 0; j < i; j++)
            if (bindings[j].map == map && bindings[j].cmd == cmd &&
                strcmp(bindings[j].name, b->name) == 0)
                seen = true;
        if (seen)
            continue;
        int w = snprintf(buf + used, len - used, "%s%s", used ? ", " : "", b->name);
        if (w < 0 || (size_t)w >= len - used)
            return; /* full: keep what fits (help column is sized for the longest) */
        used += (size_t)w;
    }
}
