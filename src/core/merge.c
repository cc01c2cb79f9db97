/* merge — see merge.h. */
#include "suivi/core/merge.h"

struct merge merge_fields(unsigned touched, unsigned theirs, unsigned agree)
{
    struct merge m;
    m.write = touched & ~theirs & ~agree;
    m.conflict = touched & theirs & ~agree;
    return m;
}

/* The three masks of a record with `count` fields, through its equality. */
#define MASKS(count, equal, base, mine, theirs)                         \
    unsigned touched = 0, changed = 0, agree = 0;                       \
    for (int f = 0; f < (count); f++) {                                 \
        unsigned bit = 1u << f;                                         \
        if (!equal(mine, base, f))                                      \
            touched |= bit;                                             \
        if (!equal(theirs, base, f))                                    \
            changed |= bit;                                             \
        if (equal(theirs, mine, f))                                     \
            agree |= bit;                                               \
    }                                                                   \
    return merge_fields(touched, changed, agree)

struct merge merge_members(const struct member *base, const struct member *mine,
                           const struct member *theirs)
{
    MASKS(MEMBER_F_COUNT, member_field_equal, base, mine, theirs);
}

struct merge merge_interactions(const struct interaction *base, const struct interaction *mine,
                                const struct interaction *theirs)
{
    MASKS(INTERACTION_F_COUNT, interaction_field_equal, base, mine, theirs);
}

struct merge merge_actions(const struct action *base, const struct action *mine,
                           const struct action *theirs)
{
    MASKS(ACTION_F_COUNT, action_field_equal, base, mine, theirs);
}
