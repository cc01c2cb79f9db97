/* keymap — every view, every command and every key, in tables.
 *
 * Views are declared once (SUIVI_VIEWS): each gets a keymap of its own and, when it
 * has one, a "go to" command.  Commands are declared once (SUIVI_COMMANDS) with what
 * they need (a selected member, the right to write…), checked in one place by the
 * dispatcher (command.h).  A key is looked up in the focused view's map, then in the
 * maps its kind of view shares (lists, text), then in the global map — tig's "first
 * the view's map, then the generic one".  The `?` help screen, `suivi --list-keys`
 * and the checks of the man page and README are generated from or against these
 * tables, so a key cannot exist without being documented. */
#ifndef SUIVI_KEYMAP_H
#define SUIVI_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "suivi/base/i18n.h"

/* id, name (for tests and messages), title of its keymap in the help, help of its
 * "go to" command (NULL: none; the view is opened on something, e.g. a detail). */
#define SUIVI_VIEWS(_) \
    _(MEMBERS,  "members",  N_("Members pane"),  N_("Go to the members pane")) \
    _(TIMELINE, "timeline", N_("Timeline pane"), N_("Go to the timeline pane")) \
    _(ACTIONS,  "actions",  N_("Actions pane"),  N_("Go to the actions pane")) \
    _(DETAIL,   "detail",   N_("Detail views"),  NULL) \
    _(HELP,     "help",     N_("Help"),          N_("Show the keys (this help)")) \
    _(QUEUE,    "queue",    N_("Actions of a staff member or a provider"), NULL) \
    _(MEMBER_LIST, "member-list", N_("Members behind a figure"), NULL) \
    _(INTERACTION_LIST, "interaction-list", N_("Interactions behind a figure"), NULL) \
    _(STAFF,    "staff",    N_("Staff"), N_("People: staff, pôles and providers")) \
    _(POLES,    "poles",    N_("Pôles"), NULL) \
    _(PROVIDERS, "providers", N_("Providers"), NULL) \
    _(SEARCH,   "search",   N_("Search results"), NULL) \
    _(INBOX,    "inbox",    N_("Inbox"), N_("Show what changed on your actions since you "\
                                            "last looked (inbox)")) \
    _(UNSORTED, "unsorted", N_("Unsorted mail"), N_("Show the mail that named no action, "\
                                                    "to file by hand")) \
    _(DASHBOARD, "dashboard", N_("Dashboard"), N_("Show the dashboard: where the activity "\
                                                  "stands, for a period")) \
    _(TRAINING, "training", N_("Training sessions"), N_("Show the training sessions "\
                                                        "(formations)")) \
    _(SESSION,  "session",  N_("A training session"), NULL) \
    _(SUBSCRIPTIONS, "subscriptions", N_("A member's subscriptions to services"), NULL)

enum view_id {
#define SUIVI_VIEW_ENUM(id, name, title, go) VIEW_##id,
    SUIVI_VIEWS(SUIVI_VIEW_ENUM)
#undef SUIVI_VIEW_ENUM
    VIEW_COUNT
};

/* What a command needs before it may run (checked by command.c). */
#define NEED_MEMBER      (1u << 0)   /* a member is selected (or shown) */
#define NEED_INTERACTION (1u << 1)
#define NEED_ACTION      (1u << 2)
#define NEED_CONTACT     (1u << 3)
#define NEED_ITEM        (1u << 4)   /* anything selected */
#define NEED_WRITE       (1u << 5)   /* the role may write (core/roles.h) */
#define NEED_ADMIN       (1u << 6)   /* the role may change staff, pôles, providers */
#define NEED_UPDATE      (1u << 7)   /* the role may update an action (providers too) */

/* id, needs, help */
#define SUIVI_COMMANDS(_) \
    _(FOCUS_NEXT,      0, N_("Focus the next pane")) \
    _(FOCUS_PREV,      0, N_("Focus the previous pane")) \
    _(DOWN,            0, N_("Move down one line")) \
    _(UP,              0, N_("Move up one line")) \
    _(PAGE_DOWN,       0, N_("Move down one page")) \
    _(PAGE_UP,         0, N_("Move up one page")) \
    _(HALF_DOWN,       0, N_("Move down half a page")) \
    _(HALF_UP,         0, N_("Move up half a page")) \
    _(FIRST,           0, N_("Go to the first line")) \
    _(LAST,            0, N_("Go to the last line")) \
    _(NEXT_LINK,       0, N_("Select the next link: a contact, a commune, an action")) \
    _(PREV_LINK,       0, N_("Select the previous link")) \
    _(OPEN,            NEED_ITEM, N_("Open the selected item")) \
    _(FILTER,          0, N_("Filter the list as you type (actions: a query, see QUERIES)")) \
    _(ACTIONS_SCOPE,   0, N_("Actions pane: open queue, this member's, mine")) \
    _(NEXT_LIST,       0, N_("Next list: staff, pôles, providers")) \
    _(NEW_MEMBER,      NEED_WRITE, N_("New member")) \
    _(NEW_INTERACTION, NEED_MEMBER | NEED_WRITE, N_("New interaction for the member")) \
    _(NEW_ACTION,      NEED_MEMBER | NEED_WRITE, \
                       N_("New action (from the selected interaction, or for the member)")) \
    _(NEW_CONTACT,     NEED_MEMBER | NEED_WRITE, N_("New contact for the member")) \
    _(NEXT_PERIOD,     0, N_("Dashboard: the next period (this month, last month, quarter, "\
                          "year)")) \
    _(CUSTOM_PERIOD,   0, N_("Dashboard: a period of your own (2026-11, 2026-Q4, 2026, "\
                          "2026-10-01..2026-11-15)")) \
    _(LIST_FIGURE,     0, N_("Dashboard: list the actions, members or interactions behind "\
                          "the selected figure (Tab selects one)")) \
    _(JOURNEY,         NEED_MEMBER | NEED_WRITE, \
                       N_("Move the member along its journey: the stage, and why")) \
    _(SET_STATUS,      NEED_ACTION | NEED_UPDATE, \
                       N_("Change the status of the action, with a comment")) \
    _(ADD_NOTE,        NEED_ACTION | NEED_UPDATE, N_("Add a note to the action")) \
    _(MAIL,            NEED_ACTION | NEED_WRITE, \
                       N_("Write a mail about the action to its provider or the member")) \
    _(TAG,             NEED_ACTION, N_("Tag or untag the action, and go to the next one")) \
    _(TAG_MATCHING,    0, N_("Tag every action of this list that matches a query")) \
    _(EXPORT,          0, N_("Export this list, as shown, to a CSV file")) \
    _(FILE_MAIL,       NEED_WRITE, N_("File the selected mail on an action (by its number)")) \
    _(SEARCH,          0, N_("Search everything: members, contacts, interactions, actions, "\
                             "notes")) \
    _(SEARCH_NEXT,     0, N_("Open the next match of the search")) \
    _(SEARCH_PREV,     0, N_("Open the previous match of the search")) \
    _(SORT,            0, N_("Sort the actions: the queue's order, or newest first")) \
    _(NAMED_VIEW,      0, N_("Show a named view: a query from the [views] of the config")) \
    _(UNTAG_ALL,       0, N_("Untag every action")) \
    _(APPLY_TAGGED,    NEED_WRITE, \
                       N_("Then A, s, x, p, d or c: that change on every tagged action")) \
    _(ASSIGN,          NEED_ACTION | NEED_WRITE, \
                       N_("Assign the action: a colleague or a provider (type to find)")) \
    _(SET_PRIORITY,    NEED_ACTION | NEED_WRITE, N_("Set the priority of the action (1 to 4)")) \
    _(SET_DUE,         NEED_ACTION | NEED_WRITE, N_("Set the due date of the action")) \
    _(MARK_DONE,       NEED_ACTION | NEED_UPDATE, \
                       N_("Mark the action done, with its resolution")) \
    _(EDIT,            NEED_ITEM | NEED_WRITE, N_("Edit the selected item")) \
    _(RETIRE,          NEED_CONTACT | NEED_WRITE, N_("Retire the selected contact")) \
    _(PEOPLE_ADD,      NEED_ADMIN, N_("Add to this list (staff, pôle or provider)")) \
    _(DISABLE,         NEED_ITEM | NEED_ADMIN, \
                       N_("Disable or enable the selected staff member or provider")) \
    _(NEW_SESSION,     NEED_WRITE, N_("New training session, then its attendees")) \
    _(ADD_ATTENDEE,    NEED_WRITE, N_("Add attendees: contacts of any members (type to "\
                                      "find)")) \
    _(ATTENDANCE,      NEED_WRITE, N_("The selected attendee: present or absent")) \
    _(SET_SCORE,       NEED_WRITE, N_("The selected attendee's satisfaction score (1 to 5)")) \
    _(SUBSCRIPTIONS,   NEED_MEMBER, N_("The member's subscriptions to services (admins "\
                                       "add, change, end them there)")) \
    _(NEW_SUBSCRIPTION, NEED_ADMIN, N_("New subscription: a service, from a day, under a "\
                                       "convention")) \
    _(EDIT_SUBSCRIPTION, NEED_ITEM | NEED_ADMIN, N_("Change the selected subscription: its "\
                                                    "days, its convention")) \
    _(END_SUBSCRIPTION, NEED_ITEM | NEED_ADMIN, N_("End the selected subscription (on the "\
                                                   "day you give)")) \
    _(REMOVE_SUBSCRIPTION, NEED_ITEM | NEED_ADMIN, N_("Remove the selected subscription, "\
                                                      "one entered by mistake (asks y/n)")) \
    _(DRAFTS,          0, N_("Reopen a form that was left unsaved")) \
    _(REDRAW,          0, N_("Redraw the screen")) \
    _(CLOSE,           0, N_("Close this screen (on the main screen: quit)")) \
    _(FILTER_ACCEPT,   0, N_("Keep the filter and return to the list")) \
    _(FILTER_CLEAR,    0, N_("Clear the filter and return to the list")) \
    _(FILTER_ERASE,    0, N_("Erase the last character")) \
    _(FILTER_KILL,     0, N_("Erase the whole filter")) \
    _(FIELD_NEXT,      0, N_("Next field (Enter on the last field saves)")) \
    _(FIELD_PREV,      0, N_("Previous field")) \
    _(FIELD_EDITOR,    0, N_("Edit a long text in your editor")) \
    _(FIELD_ERASE,     0, N_("Erase the character before the cursor")) \
    _(FIELD_DELETE,    0, N_("Erase the character under the cursor")) \
    _(FIELD_KILL,      0, N_("Erase the whole field")) \
    _(FIELD_LEFT,      0, N_("Cursor left; on a choice, the previous choice")) \
    _(FIELD_RIGHT,     0, N_("Cursor right; on a choice, the next choice")) \
    _(FIELD_HOME,      0, N_("Cursor to the start of the field")) \
    _(FIELD_END,       0, N_("Cursor to the end of the field")) \
    _(FIELD_THEIRS,    0, N_("After a conflict: take their value, or yours again")) \
    _(FORM_SAVE,       0, N_("Save the form")) \
    _(FORM_CANCEL,     0, N_("Cancel the form (asks when something was typed)")) \
    _(TEXT_NEWLINE,    0, N_("New line")) \
    _(TEXT_UP,         0, N_("Cursor up one line")) \
    _(TEXT_DOWN,       0, N_("Cursor down one line")) \
    _(TEXT_LEFT,       0, N_("Cursor left")) \
    _(TEXT_RIGHT,      0, N_("Cursor right")) \
    _(TEXT_HOME,       0, N_("Cursor to the start of the line")) \
    _(TEXT_END,        0, N_("Cursor to the end of the line")) \
    _(TEXT_KILL_LINE,  0, N_("Erase to the end of the line")) \
    _(PICK,            0, N_("Choose the selected entry")) \
    _(BACK,            0, N_("Back (close this menu)"))

enum command {
    CMD_NONE = 0,
#define SUIVI_CMD_ENUM(id, needs, help) CMD_##id,
    SUIVI_COMMANDS(SUIVI_CMD_ENUM)
#undef SUIVI_CMD_ENUM
    /* One "go to" command per view (bound only for views that have a go-to help). */
#define SUIVI_GOTO_ENUM(id, name, title, go) CMD_GOTO_##id,
    SUIVI_VIEWS(SUIVI_GOTO_ENUM)
#undef SUIVI_GOTO_ENUM
    CMD_COUNT
};

/* Where a binding applies.  Order = order of the help screen. */
enum keymap_id {
    KEYMAP_GLOBAL,      /* every screen, after the view's own maps */
#define SUIVI_VIEW_MAP(id, name, title, go) KEYMAP_##id,
    SUIVI_VIEWS(SUIVI_VIEW_MAP)
#undef SUIVI_VIEW_MAP
    KEYMAP_PEOPLE,      /* the lists of staff, pôles and providers */
    KEYMAP_LIST,        /* every list (panes, people, queues) */
    KEYMAP_TEXT,        /* scrolled text (detail, help) */
    KEYMAP_FILTER,      /* typing a filter after `/` */
    KEYMAP_FORM,        /* forms */
    KEYMAP_TEXTAREA,    /* a multi-line field of a form, before the form's map */
    KEYMAP_PICKER,      /* short menus (status, visibility, drafts…) */
    KEYMAP_CHOOSER,     /* a list narrowed by typing (the assignee) */
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
/* The first command bound in the maps of chain, in order, or CMD_NONE. */
enum command keymap_lookup_chain(const enum keymap_id *chain, int n, bool keycode, int key);
/* All bindings, in help order (by map, then by command). */
const struct key_binding *keymap_bindings(size_t *n);
const char *keymap_title(enum keymap_id map);   /* translated */
/* What the keys that are not in the table do in map (typed text, a letter that
 * jumps to a choice…), shown as "(other keys)" in the help; NULL when nothing. */
const char *keymap_other_keys(enum keymap_id map);
const char *command_help(enum command cmd);     /* translated */
const char *command_id_name(enum command cmd);  /* "FOCUS_NEXT" */
unsigned command_needs(enum command cmd);
const char *view_name(enum view_id v);          /* "members" */
/* The view a go-to command opens, or -1 when cmd is not one. */
int command_goto_view(enum command cmd);

/* All key names of cmd in map joined with ", " into buf ("j, Down, ^N"). */
void keymap_keys_of(enum keymap_id map, enum command cmd, char *buf, size_t len);
/* The first key name of cmd in map ("^X"), for hints; "" when unbound. */
void keymap_first_key(enum keymap_id map, enum command cmd, char *buf, size_t len);

#endif
