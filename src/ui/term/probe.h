/* term_probe — does the terminfo database know a terminal type?  Private to term.c. */
#ifndef SUIVI_TERM_PROBE_H
#define SUIVI_TERM_PROBE_H

/* 1 known, 0 unknown, -1 could not tell (let newterm decide). */
int term_probe_type(const char *name);

#endif
