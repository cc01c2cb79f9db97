/* panes_priv — what the three list panes (pane_*.c) share behind panes.h.
 * Not part of the public API. */
#ifndef SUIVI_PANES_PRIV_H
#define SUIVI_PANES_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "suivi/ui/panes.h"

/* The lv_ops every pane writes the same way for its row type `struct T`, as
 * they differ only in names (which C cannot pass as values): row_get through
 * the store's getter, row_release through the type's clear, row_id, and
 * row_same, true when two rows would be drawn alike: same id and version, and
 * same_fields(x, y), the pane's, for every other field it draws (a row may
 * change without a version bump: repairs by hand). */
#define PANE_ROW_OPS(T, getter, clear)                                           \
    static int row_get(struct listview *lv, int64_t id, void *row)              \
    {                                                                            \
        return getter(((struct panes_ctx *)lv->ctx)->s, id, (struct T *)row);   \
    }                                                                            \
    static void row_release(void *row) { clear((struct T *)row); }              \
    static int64_t row_id(const void *row) { return ((const struct T *)row)->id; } \
    static bool row_same(struct listview *lv, const void *a, const void *b)     \
    {                                                                            \
        const struct T *x = a, *y = b;                                          \
        (void)lv;                                                                \
        return x->id == y->id && x->version == y->version && same_fields(x, y); \
    }

/* Equal texts, NULL equal only to NULL (for the lv_ops.same of each pane). */
bool pane_same_str(const char *a, const char *b);
/* A pane title "Timeline — Plœmeur" ("-" outside a UTF-8 locale); `what` alone
 * when whose is NULL. */
void pane_title(char *buf, size_t len, const char *what, const char *whose);

#endif
