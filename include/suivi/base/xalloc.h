/* xalloc — allocation that never returns NULL, and small string helpers.
 * Out of memory is not recoverable for an interactive program: we print and
 * exit(1) rather than thread ENOMEM through every caller. */
#ifndef SUIVI_XALLOC_H
#define SUIVI_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);          /* overflow-checked */
void *xreallocarray(void *p, size_t count, size_t size);
char *xstrdup(const char *s);                      /* xstrdup(NULL) == NULL */
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Free *pp and set it to NULL. */
void free_and_null(char **pp);
/* Replace *pp with a copy of s (s may be NULL). */
void str_replace(char **pp, const char *s);

/* snprintf that reports truncation: returns 0 if it fit, -1 if not. */
int str_copy(char *dst, size_t dstlen, const char *src);

#endif
