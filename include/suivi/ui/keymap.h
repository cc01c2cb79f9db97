/* keymap — every command and every key, in tables.  The `?` help screen, the
 * `suivi --list-keys` output and the checks of the man page are generated from or
 * against these tables, so a key cannot exist without being documented. */
#ifndef SUIVI_KEYMAP_H
#define SUIVI_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

/* id, help text */
#define SUIVI_COMMANDS(_) \
    _(NEXT_PANE,       "Focus the next pane") \
    _(PREV_PANE,       "Focus the previous pane") \
    _(PANE_MEMBERS,    "Focus the members pane") \
    _(PANE_TIMELINE,   "Focus the timeline pane") \
    _(PANE_ACTIONS,    "Focus the actions pane") \
    _(DOWN,            "Move down one line") \
    _(UP,              "Move up one line") \
    _(PAGE_DOWN,       "Move down one page") \
    _(PAGE_UP,         "Move up one page") \
    _(HALF_DOWN,       "Move down half a page") \
    _(HALF_UP,         "Move up half a page") \
    _(FIRST,           "Go to the first line") \
    _(LAST,            "Go to the last line") \
    _(OPEN,            "Open the selected item in a detail view") \
    _(FILTER,          "Filter the current pane as you type") \
    _(ACTIONS_SCOPE,   "Actions pane: open queue, this member's, mine") \
    _(NEW_MEMBER,      "New member") \
    _(NEW_INTERACTION, "New interaction for the selected member") \
    _(NEW_ACTION,      "New action (from the selected interaction, or for the member)") \
    _(SET_STATUS,      "Change the status of the selected action") \
    _(EDIT,            "Edit the selected item") \
    _(HELP,            "Show this help") \
    _(REDRAW,          "Redraw the screen") \
    _(QUIT,            "Quit") \
    _(BACK,            "Back (close this view)") \
    _(FILTER_ACCEPT,   "Keep the filter and return to the list") \
    _(FILTER_CLEAR,    "Clear the filter and return to the list") \
    _(FILTER_ERASE,    "Erase the last character") \
    _(FILTER_KILL,     "Erase the whole filter") \
    _(FIELD_NEXT,      "Next field (Enter on the last field saves)") \
    _(FIELD_PREV,      "Previous field") \
    _(FIELD_EDITOR,    "Edit a long text in your editor (Enter does too)") \
    _(FIELD_ERASE,     "Erase the character before the cursor") \
    _(FIELD_KILL,      "Erase the whole field") \
    _(FIELD_LEFT,      "Cursor left; on a choice, the previous choice") \
    _(FIELD_RIGHT,     "Cursor right; on a choice, the next choice") \
    _(FIELD_HOME,      "Cursor to the start of the field") \
    _(FIELD_END,       "Cursor to the end of the field") \
    _(FORM_SAVE,       "Save the form") \
    _(FORM_CANCEL,     "Cancel the form (asks when something was typed)") \
    _(PICK,            "Choose the selected entry")

enum command {
    CMD_NONE = 0,
#define SUIVI_CMD_ENUM(id, help) CMD_##id,
    SUIVI_COMMANDS(SUIVI_CMD_ENUM)
#undef SUIVI_CMD_ENUM
    CMD_COUNT
};

/* Where a binding applies.  Order = order of the help screen. */
enum keymap_id {
    KEYMAP_MAIN,    /* the three panes */
    KEYMAP_FILTER,  /* typing a filter after `/` */
    KEYMAP_VIEW,    /* detail and help views */
    KEYMAP_FORM,    /* forms */
    KEYMAP_PICKER,  /* short menus (status, …) */
    KEYMAP_COUNT
};

struct key_binding {
    enum keymap_id map;
    bool keycode;        /* true: a curses KEY_* code; false: a character */
    int key;
    enum command cmd;
    const char *name;    /* as shown in help and man page: "j", "Down", "^F", "Tab" */
};

/* The command bound to (keycode, key) in map, or CMD_NONE. */
enum command keymap_lookup(enum keymap_id map, bool keycode, int key);
/* All bindings, in help order (by map, then by command). */
const struct key_binding *keymap_bindings(size_t *n);
const char *keymap_title(enum keymap_id map);   /* "Panes", "Filter", … */
/* What the keys that are not in the table do in map (typed text, a letter that
 * jumps to a choice…), shown as "(other keys)" in the help; NULL when nothing. */
const char *keymap_other_keys(enum keymap_id map);
const char *command_help(enum command cmd);
const char *command_id_name(enum command cmd);  /* "NEXT_PANE" */

/* All key names of cmd in map joined with ", " into buf ("j, Down, ^N"). */
void keymap_keys_of(enum keymap_id map, enum command cmd, char *buf, size_t len);

#endif
