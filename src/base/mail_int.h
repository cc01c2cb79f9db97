/* mail_int — what the mail_*.c files share and nobody else needs: a growing byte
 * buffer, UTF-8 and ASCII helpers, the header-field readers.  Not under include/:
 * private to the mail module. */
#ifndef SUIVI_MAIL_INT_H
#define SUIVI_MAIL_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MAIL_REPLACEMENT 0xFFFD

/* Bytes that grow; always room for a final NUL.  Zero-initialise. */
struct mail_buf {
    char *p;
    size_t len, cap;
};

void mail_buf_add(struct mail_buf *b, const void *s, size_t n);
void mail_buf_adds(struct mail_buf *b, const char *s);
void mail_buf_addc(struct mail_buf *b, char c);
void mail_buf_add_cp(struct mail_buf *b, uint32_t cp);   /* as UTF-8 */
/* The contents as a NUL-terminated string (never NULL); b is left empty. */
char *mail_buf_take(struct mail_buf *b);

/* s as UTF-8 appended to b, each bad byte and NUL as U+FFFD. */
void mail_utf8_clean(struct mail_buf *b, const char *s, size_t n);
/* Windows-1252 byte 0x80..0x9F as a code point (U+FFFD for the five unused). */
uint32_t mail_cp1252_c1(unsigned char c);

/* mail_fields.c.  ASCII without case: does s[0..n) start with prefix?  The same on
 * a C string (stops at its NUL, so a loop over a long string stays linear). */
bool mail_has_prefix_ci(const char *s, size_t n, const char *prefix);
bool mail_starts_ci(const char *s, const char *prefix);
char mail_lower(char c);
/* s[0..n) (may hold NUL) trimmed, controls and NUL as spaces: a header value. */
char *mail_value_string(const char *s, size_t n);

/* Header fields, from unfolded values (mail_fields.c).  From: the lower-cased address
 * and the decoded name of its first mailbox; Date: unix time or 0; ids: the "<…>" of
 * a value joined by one space (the value, blanks collapsed, if it has none). */
void mail_parse_from(const char *v, char **addr, char **name);
int64_t mail_parse_date(const char *v);
char *mail_ids_of(const char *v);

#endif
