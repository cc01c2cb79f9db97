/* view — the interface every view implements (after tig's view_ops, htop's Panel
 * handlers and neomutt's recalc/repaint), and what the shell offers them.
 *
 * A view owns its windows and its data.  The shell (screen.h, loop) places it,
 * asks it to re-read its data only when something flagged it (recalc), and to draw
 * what changed (repaint: wnoutrefresh only; one doupdate per frame).  Its command
 * handler returns what must happen next instead of calling back into the loop;
 * anything it does not handle falls through to the generic commands (command.h),
 * which act on what the view says is selected. */
#ifndef SUIVI_VIEW_H
#define SUIVI_VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "suivi/base/timeutil.h"
#include "suivi/config/config.h"
#include "suivi/core/roles.h"
#include "suivi/store/search.h"
#include "suivi/store/store.h"
#include "suivi/ui/keymap.h"
#include "suivi/ui/tags.h"

struct rect { int y, x, h, w; };

/* What a command handler asks the shell to do; flags may be combined. */
enum reaction {
    R_NONE       = 0,
    R_RECALC     = 1 << 0,   /* re-read this view's data before the next frame */
    R_RECALC_ALL = 1 << 1,   /* something was written: re-read every view */
    R_REDRAW     = 1 << 2,   /* repaint the whole terminal */
    R_OPEN       = 1 << 3,   /* open ui_ctx.open on a new screen */
    R_CLOSE      = 1 << 4,   /* close this screen */
    R_QUIT       = 1 << 5,
    R_UNHANDLED  = 1 << 6,   /* not this view's: try the generic commands */
};

/* What can be selected, shown or opened. */
enum sel_kind {
    SEL_NONE, SEL_MEMBER, SEL_INTERACTION, SEL_ACTION, SEL_CONTACT, SEL_STAFF,
    SEL_POLE, SEL_PROVIDER, SEL_SESSION,     /* a training session */
    SEL_SUBSCRIPTION                         /* a member's subscription to a service */
};

/* What the cursor is on, with what it belongs to (0: none): a contact link in a
 * member's detail is {SEL_CONTACT, contact id, member_id = the member}. */
struct selection {
    enum sel_kind kind;
    int64_t id;
    int64_t member_id, interaction_id, action_id;
    const char *label;       /* borrowed, valid until the view changes: for titles */
    enum sel_kind adds;      /* what "add" makes in this view (a list of staff: staff) */
};

/* What a view is opened on. */
struct view_arg {
    enum view_id view;
    enum sel_kind kind;      /* detail: the record; queue: SEL_STAFF or SEL_PROVIDER */
    int64_t id;
    const char *label;       /* borrowed, for the title; valid during open only */
    const char *filter;      /* borrowed: a list's filter to start with (as typed after /) */
};

/* The shell's services, shared by every view and flow. */
struct ui_ctx {
    store *s;
    const struct config *cfg;
    struct me me;                      /* who runs suivi, and their role */
    char today[DATE_ISO_LEN];          /* decides what is overdue */
    int date_cols;                     /* columns of a date in cfg->date_format */
    struct tagset tags;                /* the actions tagged (t) for a change on all (;) */
    /* Set by a handler for the shell, read after it returns. */
    struct view_arg open;              /* with R_OPEN */
    struct selection reveal;           /* after a write: put this record on screen */
    bool reveal_focus;                 /* … and focus the view that shows it */
    int64_t session_id;                /* this session's presence row (0: none) */
    /* The last search (S): its hits, and the one opened last (n and N move on). */
    struct search_state {
        char *text;
        struct search_hit *hits;
        int n, current;
    } search;
};

struct view;

struct view_ops {
    /* The maps keys are looked up in, first to last (the view's own map first);
     * the shell adds KEYMAP_GLOBAL at the end.  Returns how many. */
    int  (*keymaps)(const struct view *v, enum keymap_id *chain, int max);
    int  (*open)(struct view *v, const struct view_arg *arg);     /* store rc */
    void (*close)(struct view *v);
    void (*place)(struct view *v, struct rect r);
    int  (*recalc)(struct view *v);                               /* store rc */
    void (*repaint)(struct view *v);
    void (*touch)(struct view *v);                                /* repaint all */
    void (*focus)(struct view *v, bool focused);
    /* A command, or CMD_NONE with the key for text typed into the view (a filter). */
    enum reaction (*command)(struct view *v, enum command cmd, bool keycode, int key);
    struct selection (*selected)(const struct view *v);
    /* Optional.  Follow the selection of the screen's first view (the timeline
     * follows the members pane): mark for recalc when it changed. */
    void (*follow)(struct view *v, const struct selection *lead);
    /* Optional.  Put this record on screen if this view lists it; true if it did. */
    bool (*reveal)(struct view *v, const struct selection *what);
};

struct view {
    enum view_id id;
    const struct view_ops *ops;
    struct ui_ctx *ui;
    void *state;             /* the view's own, allocated by open */
    bool focused;
    bool recalc_due;         /* recalc before the next frame */
    bool stale;              /* data changed while the view was hidden */
};

/* Views flash a message on the status line through here (term_flash). */
void ui_report(struct ui_ctx *ui, int rc, const char *what);

#endif
