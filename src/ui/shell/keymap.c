/* keymap — the binding tables.  Editing a key here changes the help screen and the
 * `--list-keys` output; tests/screen/test_keys.py checks the man page and the README
 * against it (tools/keys-doc.py rewrites their key tables from it). */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "suivi/ui/keymap.h"

#define CTRL(c) ((c) & 0x1f)
#define CH(map, c, cmd, name)  { KEYMAP_##map, false, (c), CMD_##cmd, (name) }
#define KC(map, k, cmd, name)  { KEYMAP_##map, true, (k), CMD_##cmd, (name) }
#define ENTER(map, cmd) CH(map, '\r', cmd, "Enter"), CH(map, '\n', cmd, "Enter"), \
                        KC(map, KEY_ENTER, cmd, "Enter")
#define BACKSPACE(map, cmd) KC(map, KEY_BACKSPACE, cmd, "Backspace"), \
                            CH(map, 127, cmd, "Backspace"), CH(map, CTRL('H'), cmd, "^H")

/* Every navigation key has a letter or control binding too, for terminals whose
 * keys cannot be decoded (the input decoder knows the usual sequences, but a
 * terminal may send its own). */
static const struct key_binding bindings[] = {
    CH(GLOBAL, '?', GOTO_HELP, "?"), KC(GLOBAL, KEY_F(1), GOTO_HELP, "F1"),
    CH(GLOBAL, '1', GOTO_MEMBERS, "1"),
    CH(GLOBAL, '2', GOTO_TIMELINE, "2"),
    CH(GLOBAL, '3', GOTO_ACTIONS, "3"),
    CH(GLOBAL, 'P', GOTO_STAFF, "P"),
    CH(GLOBAL, 'I', GOTO_INBOX, "I"),
    CH(GLOBAL, 'B', GOTO_DASHBOARD, "B"),
    CH(DASHBOARD, 'p', NEXT_PERIOD, "p"), CH(DASHBOARD, 'c', CUSTOM_PERIOD, "c"),
    CH(DASHBOARD, '\t', NEXT_LINK, "Tab"), KC(DASHBOARD, KEY_BTAB, PREV_LINK, "S-Tab"),
    ENTER(DASHBOARD, LIST_FIGURE),
    CH(GLOBAL, 'U', GOTO_UNSORTED, "U"),
    CH(GLOBAL, 'F', GOTO_TRAINING, "F"),
    CH(GLOBAL, '\t', FOCUS_NEXT, "Tab"),
    KC(GLOBAL, KEY_BTAB, FOCUS_PREV, "S-Tab"),
    ENTER(GLOBAL, OPEN),
    CH(GLOBAL, 'N', NEW_MEMBER, "N"),
    CH(GLOBAL, 'i', NEW_INTERACTION, "i"),
    CH(GLOBAL, 'a', NEW_ACTION, "a"),
    CH(GLOBAL, 'C', NEW_CONTACT, "C"),
    CH(GLOBAL, 'J', JOURNEY, "J"),
    CH(GLOBAL, 's', SET_STATUS, "s"),
    CH(GLOBAL, 'c', ADD_NOTE, "c"),
    CH(GLOBAL, 'm', MAIL, "m"),
    CH(GLOBAL, 'S', SEARCH, "S"),
    CH(GLOBAL, 'A', ASSIGN, "A"),
    CH(GLOBAL, 'p', SET_PRIORITY, "p"),
    CH(GLOBAL, 'd', SET_DUE, "d"),
    CH(GLOBAL, 'x', MARK_DONE, "x"),
    CH(GLOBAL, ';', APPLY_TAGGED, ";"),
    CH(GLOBAL, 'e', EDIT, "e"),
    CH(GLOBAL, 'v', ACTIONS_SCOPE, "v"),
    CH(GLOBAL, 'u', SUBSCRIPTIONS, "u"),
    CH(GLOBAL, 'D', DRAFTS, "D"),
    CH(GLOBAL, CTRL('L'), REDRAW, "^L"),
    CH(GLOBAL, 'q', CLOSE, "q"),

    CH(DETAIL, '\t', NEXT_LINK, "Tab"),
    KC(DETAIL, KEY_BTAB, PREV_LINK, "S-Tab"),
    CH(DETAIL, 'R', RETIRE, "R"),
    CH(DETAIL, 'n', SEARCH_NEXT, "n"), CH(DETAIL, 'N', SEARCH_PREV, "N"),
    CH(SEARCH, 'n', SEARCH_NEXT, "n"), CH(SEARCH, 'N', SEARCH_PREV, "N"),
    CH(SEARCH, 27, CLOSE, "Esc"),
    CH(INBOX, 27, CLOSE, "Esc"),
    CH(INTERACTION_LIST, 27, CLOSE, "Esc"),
    CH(UNSORTED, 'f', FILE_MAIL, "f"), CH(UNSORTED, 27, CLOSE, "Esc"),
    CH(TRAINING, 'a', NEW_SESSION, "a"), CH(TRAINING, 27, CLOSE, "Esc"),
    CH(SESSION, '\t', NEXT_LINK, "Tab"), KC(SESSION, KEY_BTAB, PREV_LINK, "S-Tab"),
    CH(SESSION, 'a', ADD_ATTENDEE, "a"), CH(SESSION, 'p', ATTENDANCE, "p"),
    CH(SESSION, '1', SET_SCORE, "1"), CH(SESSION, '2', SET_SCORE, "2"),
    CH(SESSION, '3', SET_SCORE, "3"), CH(SESSION, '4', SET_SCORE, "4"),
    CH(SESSION, '5', SET_SCORE, "5"),
    CH(SUBSCRIPTIONS, 'a', NEW_SUBSCRIPTION, "a"), CH(SUBSCRIPTIONS, 'e', EDIT_SUBSCRIPTION, "e"),
    ENTER(SUBSCRIPTIONS, EDIT_SUBSCRIPTION), CH(SUBSCRIPTIONS, 'x', END_SUBSCRIPTION, "x"),
    CH(SUBSCRIPTIONS, 'R', REMOVE_SUBSCRIPTION, "R"), CH(SUBSCRIPTIONS, 27, CLOSE, "Esc"),

    CH(ACTIONS, 't', TAG, "t"), CH(ACTIONS, 'T', TAG_MATCHING, "T"),
    CH(ACTIONS, CTRL('T'), UNTAG_ALL, "^T"), CH(ACTIONS, 'V', NAMED_VIEW, "V"),
    CH(ACTIONS, 'E', EXPORT, "E"), CH(ACTIONS, 'o', SORT, "o"), CH(QUEUE, 'o', SORT, "o"),
    CH(MEMBERS, 'E', EXPORT, "E"), CH(TIMELINE, 'E', EXPORT, "E"),

    CH(QUEUE, 't', TAG, "t"), CH(QUEUE, 'T', TAG_MATCHING, "T"),
    CH(QUEUE, CTRL('T'), UNTAG_ALL, "^T"), CH(QUEUE, 'V', NAMED_VIEW, "V"),
    CH(QUEUE, 'E', EXPORT, "E"),
    CH(QUEUE, 27, CLOSE, "Esc"),

    CH(PEOPLE, 'a', PEOPLE_ADD, "a"),
    CH(PEOPLE, 'd', DISABLE, "d"),
    CH(PEOPLE, 27, CLOSE, "Esc"),

    CH(LIST, 'j', DOWN, "j"), KC(LIST, KEY_DOWN, DOWN, "Down"), CH(LIST, CTRL('N'), DOWN, "^N"),
    CH(LIST, 'k', UP, "k"), KC(LIST, KEY_UP, UP, "Up"), CH(LIST, CTRL('P'), UP, "^P"),
    KC(LIST, KEY_NPAGE, PAGE_DOWN, "PgDn"), CH(LIST, CTRL('F'), PAGE_DOWN, "^F"),
    CH(LIST, ' ', PAGE_DOWN, "Space"),
    KC(LIST, KEY_PPAGE, PAGE_UP, "PgUp"), CH(LIST, CTRL('B'), PAGE_UP, "^B"),
    CH(LIST, CTRL('D'), HALF_DOWN, "^D"),
    CH(LIST, CTRL('U'), HALF_UP, "^U"),
    CH(LIST, 'g', FIRST, "g"), KC(LIST, KEY_HOME, FIRST, "Home"),
    CH(LIST, 'G', LAST, "G"), KC(LIST, KEY_END, LAST, "End"),
    CH(LIST, '/', FILTER, "/"),

    CH(TEXT, 'j', DOWN, "j"), KC(TEXT, KEY_DOWN, DOWN, "Down"), CH(TEXT, CTRL('N'), DOWN, "^N"),
    CH(TEXT, 'k', UP, "k"), KC(TEXT, KEY_UP, UP, "Up"), CH(TEXT, CTRL('P'), UP, "^P"),
    CH(TEXT, ' ', PAGE_DOWN, "Space"), KC(TEXT, KEY_NPAGE, PAGE_DOWN, "PgDn"),
    CH(TEXT, CTRL('F'), PAGE_DOWN, "^F"),
    CH(TEXT, 'b', PAGE_UP, "b"), KC(TEXT, KEY_PPAGE, PAGE_UP, "PgUp"), CH(TEXT, CTRL('B'), PAGE_UP, "^B"),
    CH(TEXT, CTRL('D'), HALF_DOWN, "^D"),
    CH(TEXT, CTRL('U'), HALF_UP, "^U"),
    CH(TEXT, 'g', FIRST, "g"), KC(TEXT, KEY_HOME, FIRST, "Home"),
    CH(TEXT, 'G', LAST, "G"), KC(TEXT, KEY_END, LAST, "End"),
    CH(TEXT, 27, CLOSE, "Esc"),

    ENTER(FILTER, FILTER_ACCEPT),
    CH(FILTER, 27, FILTER_CLEAR, "Esc"),
    BACKSPACE(FILTER, FILTER_ERASE),
    CH(FILTER, CTRL('U'), FILTER_KILL, "^U"),
    KC(FILTER, KEY_DOWN, DOWN, "Down"), KC(FILTER, KEY_UP, UP, "Up"),

    CH(FORM, '\t', FIELD_NEXT, "Tab"), KC(FORM, KEY_DOWN, FIELD_NEXT, "Down"),
    ENTER(FORM, FIELD_NEXT),
    KC(FORM, KEY_BTAB, FIELD_PREV, "S-Tab"), KC(FORM, KEY_UP, FIELD_PREV, "Up"),
    KC(FORM, KEY_LEFT, FIELD_LEFT, "Left"),
    KC(FORM, KEY_RIGHT, FIELD_RIGHT, "Right"),
    CH(FORM, CTRL('A'), FIELD_HOME, "^A"), KC(FORM, KEY_HOME, FIELD_HOME, "Home"),
    CH(FORM, CTRL('E'), FIELD_END, "^E"), KC(FORM, KEY_END, FIELD_END, "End"),
    BACKSPACE(FORM, FIELD_ERASE),
    KC(FORM, KEY_DC, FIELD_DELETE, "Delete"), CH(FORM, CTRL('D'), FIELD_DELETE, "^D"),
    CH(FORM, CTRL('U'), FIELD_KILL, "^U"),
    CH(FORM, CTRL('O'), FIELD_EDITOR, "^O"),
    CH(FORM, CTRL('T'), FIELD_THEIRS, "^T"),
    CH(FORM, CTRL('X'), FORM_SAVE, "^X"), KC(FORM, KEY_F(2), FORM_SAVE, "F2"),
    CH(FORM, 27, FORM_CANCEL, "Esc"),
    CH(FORM, CTRL('L'), REDRAW, "^L"),

    ENTER(TEXTAREA, TEXT_NEWLINE),
    KC(TEXTAREA, KEY_UP, TEXT_UP, "Up"), CH(TEXTAREA, CTRL('P'), TEXT_UP, "^P"),
    KC(TEXTAREA, KEY_DOWN, TEXT_DOWN, "Down"), CH(TEXTAREA, CTRL('N'), TEXT_DOWN, "^N"),
    KC(TEXTAREA, KEY_LEFT, TEXT_LEFT, "Left"), CH(TEXTAREA, CTRL('B'), TEXT_LEFT, "^B"),
    KC(TEXTAREA, KEY_RIGHT, TEXT_RIGHT, "Right"), CH(TEXTAREA, CTRL('F'), TEXT_RIGHT, "^F"),
    CH(TEXTAREA, CTRL('A'), TEXT_HOME, "^A"), KC(TEXTAREA, KEY_HOME, TEXT_HOME, "Home"),
    CH(TEXTAREA, CTRL('E'), TEXT_END, "^E"), KC(TEXTAREA, KEY_END, TEXT_END, "End"),
    CH(TEXTAREA, CTRL('K'), TEXT_KILL_LINE, "^K"),

    CH(PICKER, 'j', DOWN, "j"), KC(PICKER, KEY_DOWN, DOWN, "Down"),
    CH(PICKER, 'k', UP, "k"), KC(PICKER, KEY_UP, UP, "Up"),
    CH(PICKER, 'g', FIRST, "g"), KC(PICKER, KEY_HOME, FIRST, "Home"),
    CH(PICKER, 'G', LAST, "G"), KC(PICKER, KEY_END, LAST, "End"),
    ENTER(PICKER, PICK),
    CH(PICKER, 'q', BACK, "q"), CH(PICKER, 27, BACK, "Esc"),

    KC(CHOOSER, KEY_DOWN, DOWN, "Down"), CH(CHOOSER, CTRL('N'), DOWN, "^N"),
    KC(CHOOSER, KEY_UP, UP, "Up"), CH(CHOOSER, CTRL('P'), UP, "^P"),
    KC(CHOOSER, KEY_NPAGE, PAGE_DOWN, "PgDn"), KC(CHOOSER, KEY_PPAGE, PAGE_UP, "PgUp"),
    ENTER(CHOOSER, PICK),
    CH(CHOOSER, 27, BACK, "Esc"),
    BACKSPACE(CHOOSER, FILTER_ERASE),
    CH(CHOOSER, CTRL('U'), FILTER_KILL, "^U"),
};

#define NBINDINGS (sizeof bindings / sizeof bindings[0])

struct command_info {
    const char *id;
    unsigned needs;
    const char *help;
};

static const struct command_info commands[CMD_COUNT] = {
    [CMD_NONE] = { "NONE", 0, "" },
#define SUIVI_CMD_INFO(id, needs, help) [CMD_##id] = { #id, (needs), help },
    SUIVI_COMMANDS(SUIVI_CMD_INFO)
#undef SUIVI_CMD_INFO
#define SUIVI_GOTO_INFO(id, name, title, go) [CMD_GOTO_##id] = { "GOTO_" #id, 0, go },
    SUIVI_VIEWS(SUIVI_GOTO_INFO)
#undef SUIVI_GOTO_INFO
};

static const char *const view_names[VIEW_COUNT] = {
#define SUIVI_VIEW_NAME(id, name, title, go) [VIEW_##id] = name,
    SUIVI_VIEWS(SUIVI_VIEW_NAME)
#undef SUIVI_VIEW_NAME
};

static const char *const map_titles[KEYMAP_COUNT] = {
    [KEYMAP_GLOBAL] = N_("Every screen"),
#define SUIVI_VIEW_TITLE(id, name, title, go) [KEYMAP_##id] = title,
    SUIVI_VIEWS(SUIVI_VIEW_TITLE)
#undef SUIVI_VIEW_TITLE
    [KEYMAP_PEOPLE] = N_("People: staff, pôles and providers"),
    [KEYMAP_LIST] = N_("Lists"),
    [KEYMAP_TEXT] = N_("Detail and help text"),
    [KEYMAP_FILTER] = N_("Filter (after /)"),
    [KEYMAP_FORM] = N_("Forms"),
    [KEYMAP_TEXTAREA] = N_("Multi-line fields (body, description, note)"),
    [KEYMAP_PICKER] = N_("Menus"),
    [KEYMAP_CHOOSER] = N_("Lists to choose from by typing (assign)"),
};

static const char *const map_other_keys[KEYMAP_COUNT] = {
    [KEYMAP_FILTER] = N_("Typed into the filter; the list follows as you type"),
    [KEYMAP_FORM] = N_("Typed into the field; on a choice, Space takes the next choice and "
                       "a letter the first choice that starts with it; Esc on a changed "
                       "form asks y/n"),
    [KEYMAP_TEXTAREA] = N_("Typed into the text; a paste keeps its new lines"),
    [KEYMAP_PICKER] = N_("A letter jumps to the first entry that starts with it; a digit "
                         "chooses that entry (1 is the first)"),
    [KEYMAP_CHOOSER] = N_("Typed into Find: the list keeps the entries that contain it, "
                          "case and accents aside"),
};

const char *keymap_other_keys(enum keymap_id map)
{
    return (map >= 0 && map < KEYMAP_COUNT && map_other_keys[map]) ? _(map_other_keys[map])
                                                                    : NULL;
}

enum command keymap_lookup(enum keymap_id map, bool keycode, int key)
{
    for (size_t i = 0; i < NBINDINGS; i++) {
        const struct key_binding *b = &bindings[i];
        if (b->map == map && b->keycode == keycode && b->key == key)
            return b->cmd;
    }
    return CMD_NONE;
}

enum command keymap_lookup_chain(const enum keymap_id *chain, int n, bool keycode, int key)
{
    for (int i = 0; i < n; i++) {
        enum command c = keymap_lookup(chain[i], keycode, key);
        if (c != CMD_NONE)
            return c;
    }
    return CMD_NONE;
}

const struct key_binding *keymap_bindings(size_t *n)
{
    *n = NBINDINGS;
    return bindings;
}

const char *keymap_title(enum keymap_id map)
{
    return (map >= 0 && map < KEYMAP_COUNT) ? _(map_titles[map]) : "?";
}

static bool valid(enum command cmd)
{
    return cmd > CMD_NONE && cmd < CMD_COUNT;
}

const char *command_help(enum command cmd)
{
    return valid(cmd) && commands[cmd].help ? _(commands[cmd].help) : "";
}

const char *command_id_name(enum command cmd)
{
    return (cmd >= CMD_NONE && cmd < CMD_COUNT) ? commands[cmd].id : "?";
}

unsigned command_needs(enum command cmd)
{
    return valid(cmd) ? commands[cmd].needs : 0;
}

const char *view_name(enum view_id v)
{
    return (v >= 0 && v < VIEW_COUNT) ? view_names[v] : "?";
}

int command_goto_view(enum command cmd)
{
    int v = (int)cmd - (int)CMD_GOTO_MEMBERS;
    return cmd >= CMD_GOTO_MEMBERS && v < VIEW_COUNT ? v : -1;
}

void keymap_keys_of(enum keymap_id map, enum command cmd, char *buf, size_t len)
{
    size_t used = 0;
    if (len == 0)
        return;
    buf[0] = '\0';
    for (size_t i = 0; i < NBINDINGS; i++) {
        const struct key_binding *b = &bindings[i];
        if (b->map != map || b->cmd != cmd)
            continue;
        /* "Enter" is bound to \r, \n and KEY_ENTER: list a name once. */
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = bindings[j].map == map && bindings[j].cmd == cmd &&
                   strcmp(bindings[j].name, b->name) == 0;
        if (seen)
            continue;
        int w = snprintf(buf + used, len - used, "%s%s", used ? ", " : "", b->name);
        if (w < 0 || (size_t)w >= len - used)
            return; /* full: keep what fits (help column is sized for the longest) */
        used += (size_t)w;
    }
}

void keymap_first_key(enum keymap_id map, enum command cmd, char *buf, size_t len)
{
    keymap_keys_of(map, cmd, buf, len);
    buf[strcspn(buf, ",")] = '\0';
}
