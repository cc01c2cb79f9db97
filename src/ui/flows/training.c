/* training — the training sessions' writes: the form of a new session (its day as
 * people type it, topic, service, trainer, place or online), then its attendees,
 * chosen by typing among the contacts of every member; and an attendee's
 * attendance and score.  Each write is one store call, one transaction (the store
 * puts the session on each attending member's timeline); rights are the store's
 * (a read-only login is refused there, and the keys' needs say so first). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flows_priv.h"
#include "suivi/base/dateinput.h"
#include "suivi/base/i18n.h"
#include "suivi/base/sanitize.h"
#include "suivi/base/xalloc.h"
#include "suivi/store/training.h"
#include "suivi/store/usage.h"
#include "suivi/ui/chooser.h"
#include "suivi/ui/form.h"
#include "suivi/ui/term.h"

/* Contacts offered at once: a region's worth; with more, a few letters first. */
#define CANDIDATES_MAX 20000

enum { SF_DAY, SF_TOPIC, SF_SERVICE, SF_KIND, SF_TRAINER, SF_PLACE, SF_ONLINE, SF_COUNT };

struct session_flow {
    struct flow fl;
    struct training_session mine;
    struct choices services;
    const char *kinds[TRAINER_COUNT], *kind_codes[TRAINER_COUNT];
    const char *online[2], *online_codes[2];
};

/* A new session has nothing stored to merge with: the fields start as the form
 * sets them, and there is no "theirs". */
static void fill(struct flow *fl, const void *record, enum slot s)
{
    (void)fl;
    (void)record;
    (void)s;
}

static int take(struct flow *fl, char *err, size_t errlen)
{
    struct session_flow *sf = (struct session_flow *)fl;
    struct form_field *f = fl->fields;
    struct training_session *t = &sf->mine;
    char day[DATE_ISO_LEN];
    if (date_parse_near(f[SF_DAY].value, day, err, errlen) != 0) {
        fl->form.focus = SF_DAY;
        return STORE_ERROR;
    }
    training_clear(t);
    t->held_on = xstrdup(day);
    t->service_id = sf->services.ids[f[SF_SERVICE].choice];
    /* A service alone says what the session was about. */
    const char *topic = flow_value(&f[SF_TOPIC]);
    t->topic = xstrdup(topic ? topic : t->service_id ? sf->services.labels[f[SF_SERVICE].choice]
                                                     : "");
    if (!*t->topic) {
        snprintf(err, errlen, "%s", _("Topic: give one, or choose a service"));
        fl->form.focus = SF_TOPIC;
        return STORE_ERROR;
    }
    t->trainer_kind = (enum trainer_kind)f[SF_KIND].choice;
    t->trainer = flow_value(&f[SF_TRAINER]) ? xstrdup(f[SF_TRAINER].value) : NULL;
    t->place = flow_value(&f[SF_PLACE]) ? xstrdup(f[SF_PLACE].value) : NULL;
    t->online = f[SF_ONLINE].choice == 1;
    return STORE_OK;
}

static int save(struct flow *fl, char *err, size_t errlen)
{
    struct session_flow *sf = (struct session_flow *)fl;
    int rc = store_training_add(fl->ui->s, &sf->mine);
    if (rc == STORE_OK)
        snprintf(fl->saved_msg, sizeof fl->saved_msg, _("Saved training session #%lld"),
                 (long long)sf->mine.id);
    else
        snprintf(err, errlen, "%s", store_errmsg(fl->ui->s));
    return rc;
}

static const void *no_record(struct flow *fl)
{
    return &((struct session_flow *)fl)->mine;
}

static void no_rebase(struct flow *fl)
{
    (void)fl;
}

static const struct flow_hooks hooks = { fill, take, save, no_record, no_rebase, no_record };

/* "(none)", then the catalogue of services. */
static void load_services(struct session_flow *sf, store *s)
{
    struct service *sv = NULL;
    int n = 0;
    choices_add(&sf->services, _("(none)"), 0, false);
    if (store_services(s, &sv, &n) == STORE_OK)
        for (int i = 0; i < n; i++)
            choices_add(&sf->services, sv[i].name, sv[i].id, false);
    services_free(sv, n);
}

static void build(struct session_flow *sf, struct ui_ctx *ui)
{
    struct flow *fl = &sf->fl;
    fl->ui = ui;
    fl->hooks = &hooks;
    fl->form.title = _("New training session");
    load_services(sf, ui->s);
    for (int i = 0; i < TRAINER_COUNT; i++) {
        sf->kinds[i] = trainer_kind_label((enum trainer_kind)i);
        sf->kind_codes[i] = trainer_kind_code((enum trainer_kind)i);
    }
    sf->online[0] = _("no");
    sf->online[1] = _("yes");
    sf->online_codes[0] = "no";
    sf->online_codes[1] = "yes";
    flow_text(fl, SF_DAY, "day", _("Day"), FIELD_DAY, true, 0);
    flow_text(fl, SF_TOPIC, "topic", _("Topic"), FIELD_TEXT, false, 0);
    flow_choices(fl, SF_SERVICE, "service", _("Service"), &sf->services, 0);
    flow_choice(fl, SF_KIND, "trainer_kind", _("Trainer"), sf->kinds, sf->kind_codes,
                TRAINER_COUNT, 0);
    flow_text(fl, SF_TRAINER, "trainer", _("Trainer name"), FIELD_TEXT, false, 0);
    flow_text(fl, SF_PLACE, "place", _("Place"), FIELD_TEXT, false, 0);
    flow_choice(fl, SF_ONLINE, "online", _("Online"), sf->online, sf->online_codes, 2, 0);
    /* The interface's today (what is overdue, the status line), not the clock's:
     * they part at midnight until the next refresh. */
    form_set_value(&fl->fields[SF_DAY], ui->today);
    form_set_base(&fl->fields[SF_DAY], ui->today);
    snprintf(fl->form.ref.kind, sizeof fl->form.ref.kind, "training-new");
}

enum flow_result flow_session_open(struct ui_ctx *ui, struct draft *d, int64_t *id)
{
    struct session_flow sf;
    memset(&sf, 0, sizeof sf);
    build(&sf, ui);
    if (d)
        flow_restore(&sf.fl, d);
    enum flow_result r = flow_run(&sf.fl);
    if (r == FLOW_SAVED && id)
        *id = sf.mine.id;
    /* Then who came: the chooser, one attendee after another, until Esc. */
    if (r == FLOW_SAVED && flow_attendees_add(ui, sf.mine.id) == FLOW_HANGUP)
        r = FLOW_HANGUP;
    flow_free(&sf.fl);
    training_clear(&sf.mine);
    choices_free(&sf.services);
    return r;
}

/* ---- attendees ---------------------------------------------------------------------- */

struct candidates {
    struct training_attendee *all;
    int n;
    char **items, **notes;
};

static void candidates_free(struct candidates *c)
{
    for (int i = 0; i < c->n; i++) {
        free(c->items[i]);
        free(c->notes[i]);
    }
    free(c->items);
    free(c->notes);
    training_attendees_free(c->all, c->n);
    memset(c, 0, sizeof *c);
}

/* "Anne Le Gall — Vannes", their role beside: found by the contact's name or the
 * member's; those already there say so instead ("registered, absent"). */
static int candidates_read(store *s, int64_t session_id, const char *find,
                           struct candidates *c)
{
    struct training_attendee *there = NULL;
    int nthere = 0;
    memset(c, 0, sizeof *c);
    int rc = store_training_candidates(s, find, CANDIDATES_MAX, &c->all, &c->n);
    if (rc == STORE_OK)
        rc = store_training_attendees(s, session_id, &there, &nthere);
    c->items = xcalloc((size_t)c->n + 1, sizeof *c->items);
    c->notes = xcalloc((size_t)c->n + 1, sizeof *c->notes);
    const char *dash = san_locale_is_utf8() ? "\u2014" : "-";
    for (int i = 0; i < c->n; i++) {
        const struct training_attendee *a = &c->all[i];
        c->items[i] = xasprintf("%s %s %s", a->contact_name, dash,
                                a->member_name ? a->member_name : "?");
        c->notes[i] = xstrdup(a->contact_role ? a->contact_role : "");
        for (int j = 0; j < nthere; j++)
            if (there[j].contact_id == a->contact_id)
                str_replace(&c->notes[i], there[j].attended ? _("registered, present")
                                                            : _("registered, absent"));
    }
    training_attendees_free(there, nthere);
    return rc;
}

/* Every contact at once, up to a region's worth; past that, a few letters first
 * (a contact's or a member's name) narrow what the chooser gets.  Returns a
 * store rc, or -1 when cancelled and -2 on a hang-up (as the menus say). */
static int candidates_for(struct ui_ctx *ui, int64_t session_id, struct candidates *c,
                          bool *narrowed)
{
    *narrowed = false;
    int rc = candidates_read(ui->s, session_id, NULL, c);
    if (rc != STORE_OK || c->n < CANDIDATES_MAX)
        return rc;
    candidates_free(c);
    char *find = NULL;
    enum form_result fr = form_ask(_("Add an attendee"), _("Contact or member"), FIELD_TEXT,
                                   &find);
    *narrowed = true;
    rc = fr == FORM_HANGUP ? -2 : fr != FORM_SAVED ? -1
                                : candidates_read(ui->s, session_id, find, c);
    free(find);
    return rc;
}

/* The contact chosen, present, unless already there: then left as they are (an
 * "absent" is not undone by picking them again) and said.  False when refused
 * (said). */
static bool register_one(struct ui_ctx *ui, int64_t session_id, int64_t contact,
                         const char *who)
{
    struct training_attendee a = { .session_id = session_id, .contact_id = contact };
    bool already = false;
    if (store_training_register(ui->s, &a, &already) != STORE_OK) {
        flow_flash_failure(_("Not added"), store_errmsg(ui->s));
        return false;
    }
    if (already)
        term_flash(true, _("%s: already registered (%s); p on them changes it"), who,
                   a.attended ? _("present") : _("absent"));
    else
        term_flash(false, _("%s: present at session #%lld"), who, (long long)session_id);
    return true;
}

/* Nobody to offer: on a new database there is no member either, and C (a contact)
 * needs one selected first. */
static void say_no_one(store *s, bool narrowed)
{
    struct member m = {0};
    int n = 0;
    if (narrowed)
        term_flash(true, "%s", _("No contact or member has that in its name"));
    else if (store_members_page(s, NULL, PAGE_FIRST, NULL, 1, &m, &n) == STORE_OK && n == 0)
        term_flash(true, "%s", _("No member yet: N adds one, then C one of its contacts"));
    else
        term_flash(true, "%s", _("No contact to register yet: C adds one to a member"));
    if (n)
        member_clear(&m);
}

/* One chooser, its selection on the contact after `after` (the one just taken,
 * so that Enter does not take them again): the index chosen into c, -1 when done
 * (said why, if not Esc), -2 on a hang-up. */
static int choose_one(struct ui_ctx *ui, int64_t session_id, int64_t after,
                      struct candidates *c)
{
    bool narrowed;
    int rc = candidates_for(ui, session_id, c, &narrowed);
    if (rc < 0)
        return rc;
    if (rc != STORE_OK) {
        flow_flash_failure(_("Cannot read the contacts"), store_errmsg(ui->s));
        return -1;
    }
    if (c->n == 0) {
        say_no_one(ui->s, narrowed);
        return -1;
    }
    int current = 0;
    for (int i = 0; after && i < c->n; i++)
        if (c->all[i].contact_id == after)
            current = i + 1 < c->n ? i + 1 : i;
    /* Which session: right after the form, the flash saying it was saved is gone. */
    char title[160];
    snprintf(title, sizeof title, _("Add an attendee to session #%lld (a contact or a member; "
                                    "Esc: done)"), (long long)session_id);
    return chooser_run(title, (const char *const *)c->items, (const char *const *)c->notes,
                       c->n, current);
}

enum flow_result flow_attendees_add(struct ui_ctx *ui, int64_t session_id)
{
    enum flow_result r = FLOW_UNCHANGED;
    int64_t taken = 0;
    for (;;) {
        struct candidates c = {0};
        int pick = choose_one(ui, session_id, taken, &c);
        bool ok = pick >= 0 && register_one(ui, session_id, c.all[pick].contact_id,
                                            c.items[pick]);
        if (pick >= 0)
            taken = c.all[pick].contact_id;
        candidates_free(&c);
        if (pick == -2)
            return FLOW_HANGUP;
        if (!ok)            /* Esc; or a refusal (read-only), which would come back */
            return r;
        r = FLOW_SAVED;
    }
}

enum flow_result flow_attendee_set(struct ui_ctx *ui, int64_t session_id, int64_t contact_id,
                                   bool attended, int score)
{
    struct training_attendee a = { .session_id = session_id, .contact_id = contact_id,
                                   .attended = attended, .satisfaction = score };
    if (store_training_attend(ui->s, &a) != STORE_OK) {
        flow_flash_failure(_("Not changed"), store_errmsg(ui->s));
        return FLOW_UNCHANGED;
    }
    if (score)
        term_flash(false, _("Score %d recorded"), score);
    else
        term_flash(false, "%s", attended ? _("Marked present") : _("Marked absent"));
    return FLOW_SAVED;
}
