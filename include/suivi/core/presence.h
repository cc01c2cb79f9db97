/* presence — this session among the others (store/presence.h): registered at start,
 * saying which record its form is on, and telling who else is on a record.  A
 * session of this host counts while its process lives; one of another host for
 * PRESENCE_MAX_AGE after it last said something. */
#ifndef SUIVI_CORE_PRESENCE_H
#define SUIVI_CORE_PRESENCE_H

#include <stddef.h>
#include <stdint.h>

#include "suivi/store/store.h"

#define PRESENCE_MAX_AGE (12 * 3600)

/* Register this process: *id, 0 when that failed (presence is a courtesy: a
 * session works without it). */
void presence_start(store *s, int64_t *id);
void presence_end(store *s, int64_t id);
/* The record a form of this kind ("action-edit", "note", "member-edit"…) is on:
 * "action", "member", "interaction", "contact", or NULL (a new record, people). */
const char *presence_entity(const char *form_kind, int64_t id);
/* This session is on (entity, id) now, or on nothing (entity NULL). */
void presence_editing(store *s, int64_t self, const char *entity, int64_t id);
/* Who else is on it, for the form: "Anne Morel (amorel) since 10:02", "" when no one.
 * Returns how many. */
int presence_others(store *s, int64_t self, const char *entity, int64_t id, char *who,
                    size_t len);

#endif
