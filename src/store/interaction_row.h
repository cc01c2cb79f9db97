/* interaction_row — what interaction.c (records, pages) and interaction_list.c
 * (every member's, behind a figure) share: the reading of the first 13 columns of
 * an interaction's select, in interaction.c's order.  Private to src/store. */
#ifndef SUIVI_STORE_INTERACTION_ROW_H
#define SUIVI_STORE_INTERACTION_ROW_H

#include "store_internal.h"

void interaction_read_columns(sqlite3_stmt *st, struct interaction *it);

#endif
