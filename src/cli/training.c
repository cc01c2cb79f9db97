/* training — `suivi training add|attend|list|show`: training sessions and their
 * attendees from the command line (store/training.h: an attendee puts the session
 * on its member's timeline, in the same transaction). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "suivi/base/dateinput.h"
#include "suivi/base/i18n.h"
#include "suivi/base/xalloc.h"
#include "suivi/store/training.h"
#include "suivi/store/usage.h"

#define LIST_MAX 500

/* "12" or "#12" (parse_id): the id, or 0. */
static int64_t id_of(const char *typed)
{
    int64_t id = 0;
    return typed && parse_id(typed, &id) ? id : 0;
}

static int training_add(store *s, const struct cli *c)
{
    char day[DATE_ISO_LEN], err[256];
    if (date_parse_near(c->date, day, err, sizeof err) != 0)
        return usage_error(c->cmd, "--date: %s", err);
    int kind = c->kind ? trainer_kind_from_code(c->kind) : TRAINER_INTERNAL;
    if (kind < 0)
        return usage_error(c->cmd, _("--kind: '%s' is not internal, greta or independent"),
                           c->kind);
    struct training_session t = { .held_on = day, .topic = (char *)c->topic,
                                  .trainer_kind = (enum trainer_kind)kind,
                                  .trainer = (char *)c->trainer, .place = (char *)c->place,
                                  .online = (c->given & OPT_ONLINE) != 0 };
    int status = c->service ? cli_service(s, "--service", c->service, &t.service_id) : 0;
    if (status)
        return status;
    if (store_training_add(s, &t) != STORE_OK)
        return cli_fail(s, store_errmsg(s));
    say(stdout, _("%s: training session #%lld added (%s, %s)"), store_path(s),
        (long long)t.id, day, c->topic);
    return 0;
}

static int training_attend(store *s, const struct cli *c)
{
    struct training_attendee a = { .session_id = id_of(c->words[0]),
                                   .contact_id = id_of(c->words[1]),
                                   .attended = !(c->given & OPT_ABSENT) };
    if (!a.session_id || !a.contact_id)
        return usage_error(c->cmd, "%s", _("SESSION and CONTACT are ids (12 or #12)"));
    if (c->score) {
        int64_t v = id_of(c->score);
        if (v < 1 || v > 5)
            return usage_error(c->cmd, _("--score: '%s' is not 1 to 5"), c->score);
        a.satisfaction = (int)v;
    }
    if (store_training_attend(s, &a) != STORE_OK)
        return cli_fail(s, store_errmsg(s));
    say(stdout, _("%s: contact #%lld %s session #%lld"), store_path(s),
        (long long)a.contact_id, a.attended ? _("attended") : _("missed"),
        (long long)a.session_id);
    return 0;
}

static void session_row(struct table *t, const struct training_session *x)
{
    char id[24], n[48], score[16];
    snprintf(id, sizeof id, "%lld", (long long)x->id);
    snprintf(n, sizeof n, "%d/%d", x->present, x->attendees);
    snprintf(score, sizeof score, x->satisfaction > 0 ? "%.1f" : "", x->satisfaction);
    const char *row[] = { id, x->held_on, x->topic, trainer_kind_code(x->trainer_kind),
                          x->trainer, x->online ? "online" : x->place, n, score };
    table_add(t, row);
}

static const char *const SESSION_HEAD[] = { "ID", "DATE", "TOPIC", "KIND", "TRAINER",
                                            "PLACE", "PRESENT", "SATISFACTION" };

static int training_list(store *s)
{
    struct training_session *x = NULL;
    int n = 0;
    if (store_trainings(s, LIST_MAX, &x, &n) != STORE_OK)
        return cli_fail(s, store_errmsg(s));
    struct table t;
    table_init(&t, 8, SESSION_HEAD);
    for (int i = 0; i < n; i++)
        session_row(&t, &x[i]);
    int status = table_print(&t, stdout);
    table_free(&t);
    trainings_free(x, n);
    return status;
}

static int training_show(store *s, const struct cli *c)
{
    struct training_session x = {0};
    int64_t id = id_of(c->words[0]);
    if (!id || store_training_get(s, id, &x) != STORE_OK) {
        training_clear(&x);
        return cli_fail(s, id ? store_errmsg(s) : _("SESSION is an id (12 or #12)"));
    }
    struct table t;
    table_init(&t, 8, SESSION_HEAD);
    session_row(&t, &x);
    int status = table_print(&t, stdout);
    table_free(&t);
    struct training_attendee *a = NULL;
    int n = 0;
    if (status == 0 && store_training_attendees(s, id, &a, &n) != STORE_OK)
        status = cli_fail(s, store_errmsg(s));
    if (status == 0) {
        static const char *const head[] = { "CONTACT", "NAME", "MEMBER", "ATTENDED", "SCORE" };
        fputc('\n', stdout);
        table_init(&t, 5, head);
        for (int i = 0; i < n; i++) {
            char cid[24], score[8];
            snprintf(cid, sizeof cid, "%lld", (long long)a[i].contact_id);
            snprintf(score, sizeof score, a[i].satisfaction ? "%d" : "", a[i].satisfaction);
            const char *row[] = { cid, a[i].contact_name, a[i].member_name,
                                  a[i].attended ? "yes" : "no", score };
            table_add(&t, row);
        }
        status = table_print(&t, stdout);
        table_free(&t);
    }
    training_attendees_free(a, n);
    training_clear(&x);
    return status;
}

int run_training(const struct config *cfg, const struct cli *c)
{
    store *s;
    int status = open_store(cfg, false, &s);
    if (status)
        return status;
    const char *verb = c->cmd->verb;
    if (strcmp(verb, "add") == 0)
        status = training_add(s, c);
    else if (strcmp(verb, "attend") == 0)
        status = training_attend(s, c);
    else if (strcmp(verb, "list") == 0)
        status = training_list(s);
    else
        status = training_show(s, c);
    store_close(s);
    return status;
}
