/* demo_names — the tables the demo generator draws from: Breton organisations,
 * people, and the helpdesk scenarios of a digital-services syndicate.
 * Private to src/demo; nothing here touches the store. */
#ifndef SUIVI_DEMO_NAMES_H
#define SUIVI_DEMO_NAMES_H

#include <stddef.h>
#include "suivi/model/model.h"

enum demo_pole { POLE_ADMIN, POLE_DEV, POLE_SERVICES, POLE_SUPPORT, DEMO_POLE_COUNT };
enum demo_provider { PROV_MARCHES, PROV_ARCHIVES, PROV_CERTS, DEMO_PROVIDER_COUNT, PROV_NONE = -1 };

/* An organisation other than a commune: département, hospital, CCAS, other body. */
struct demo_org {
    enum member_kind kind;
    const char *name;
    const char *dep;       /* département code, NULL for the Région */
    const char *domain;    /* e-mail domain, ASCII */
};

/* An EPCI and its communes: "Name|Name|…"; a leading '*' marks a commune kept
 * whatever the seed (the seat, and names people expect to see). */
struct demo_epci {
    const char *name;
    const char *dep;
    const char *domain;
    const char *communes;
};

struct demo_staff { const char *login, *name; enum demo_pole pole; enum staff_role role; };
struct demo_provider_info { const char *name, *email, *phone, *contact; };

/* One kind of exchange with a member.  Text templates take tokens:
 * {m} member, {c} contact (or "l'agent"), {s} a service, {a} the member's agreement,
 * {d} a date, {n} a small number. */
struct demo_scenario {
    enum interaction_kind kind;
    enum demo_pole pole;
    int weight;               /* relative frequency */
    const char *subject;
    const char *body;         /* lines separated by '\n'; NULL = no body */
    const char *action;       /* title of the follow-up action, or NULL */
    int action_pct;           /* chance (%) that the exchange calls for it */
    int provider;             /* enum demo_provider that usually handles it */
    int priority;             /* usual priority, 1..4 */
};

#define DEMO_TABLE(type, name) extern const type name[]; extern const size_t name##_count
DEMO_TABLE(char *const, demo_pole_names);
DEMO_TABLE(struct demo_provider_info, demo_providers);
DEMO_TABLE(struct demo_staff, demo_staff);
DEMO_TABLE(struct demo_org, demo_orgs);
DEMO_TABLE(struct demo_epci, demo_epcis);
DEMO_TABLE(char *const, demo_first_names);
DEMO_TABLE(char *const, demo_last_names);
DEMO_TABLE(char *const, demo_services);
DEMO_TABLE(struct demo_scenario, demo_scenarios);
DEMO_TABLE(char *const, demo_extra_lines);
DEMO_TABLE(char *const, demo_note_bodies);
DEMO_TABLE(char *const, demo_standalone_actions);
DEMO_TABLE(char *const, demo_my_actions);
DEMO_TABLE(char *const, demo_resolutions);
DEMO_TABLE(char *const, demo_cancellations);
DEMO_TABLE(char *const, demo_status_comments);
#undef DEMO_TABLE

/* Roles of a member's contacts, "|"-separated, by kind (the first contact is
 * always the référent). */
const char *demo_roles_of(enum member_kind kind);

#endif
