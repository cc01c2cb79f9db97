/* chooser — a list to choose from by typing, as an assignee among the team and the
 * providers: what is typed narrows the list to the entries that contain it (case and
 * accents aside: "pl" finds "Plœmeur"), arrows move, Enter chooses, Esc leaves.  Each
 * entry may carry a note shown on its right ("3 open").  Drawn over the screen like a
 * form, and the screen it covered comes back. */
#ifndef SUIVI_CHOOSER_H
#define SUIVI_CHOOSER_H

/* The chosen index (into items), -1 when cancelled, -2 on a hang-up.  notes may be
 * NULL; current is the entry selected at first (when the query is empty). */
int chooser_run(const char *title, const char *const *items, const char *const *notes,
                int n, int current);

#endif
