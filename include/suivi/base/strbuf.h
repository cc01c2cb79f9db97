/* strbuf — a string that grows as text is added: for building bodies and messages
 * whose size is not known in advance (never a fixed buffer that would cut them). */
#ifndef SUIVI_STRBUF_H
#define SUIVI_STRBUF_H

#include <stddef.h>

struct strbuf {
    char *p;              /* NUL-terminated once anything was added; NULL before */
    size_t len, cap;
};

void strbuf_add(struct strbuf *b, const char *s, size_t n);
void strbuf_adds(struct strbuf *b, const char *s);
/* The text (caller frees; "" when nothing was added); b is empty again. */
char *strbuf_take(struct strbuf *b);

#endif
