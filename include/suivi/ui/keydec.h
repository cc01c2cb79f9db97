/* keydec — turns the bytes a terminal sends into keys, whatever terminfo says.
 *
 * Why: with wget_wch and keypad(), TERM=vt100 (no PgUp/PgDn/Home/End/Delete in its
 * terminfo) typed `6~` into forms, one byte invalid in the locale left the decoder
 * stuck and every later key was lost, and a paste with a newline or ESC ran commands.
 * The caller reads raw bytes from the terminal (poll/read on fd 0) and feeds them
 * here; this module makes no curses call (it only uses the KEY_* numbers).
 *
 * What comes out:
 *  - KEYK_CHAR: a character, `code` its wchar_t value.  Control bytes 0x00-0x1F and
 *    0x7F come as themselves (Tab 9, Enter 13, ^N 14, DEL 127...); the Esc key is 27.
 *  - KEYK_CODE: `code` is a <curses.h> KEY_* constant: KEY_UP/DOWN/LEFT/RIGHT,
 *    KEY_HOME, KEY_END, KEY_PPAGE, KEY_NPAGE, KEY_IC, KEY_DC, KEY_BTAB, KEY_F(1..12).
 *    Modifiers (ESC [ 1 ; 5 A, rxvt's $ ^ @ suffixes) are dropped: the plain key.
 *  - KEYK_BAD: bytes not valid in the encoding, in bytes[0..nbytes) ("ignored byte
 *    0xE9: not UTF-8").  Decoding goes on right after them.
 *  - Nothing for an escape sequence that is no key (focus events, DEC replies,
 *    unknown finals) or is malformed or unfinished: it is swallowed whole, never
 *    typed as text; `unknown` and `dropped` count them.
 * Every key carries the bytes that made it (the first 8) in bytes/nbytes.
 *
 * Bracketed paste (ESC [ 200 ~ ... ESC [ 201 ~): every key in between has `paste`
 * set and is a KEYK_CHAR or KEYK_BAD, never a sequence: CR, LF and CR LF are one
 * '\n', Tab stays '\t', and an ESC is KEYK_CHAR 27 (the caller must ignore it, not
 * cancel a form with it).  The markers themselves give no key.
 *
 * The caller's loop (keydec_feed takes at most what fits in the buffer, so a large
 * read is fed in pieces, draining keys between them; no complete key is ever lost):
 *
 *     n = read(0, buf, sizeof buf);
 *     for (size_t off = 0; off < n; ) {
 *         off += keydec_feed(&d, buf + off, n - off);
 *         while (keydec_next(&d, &k)) handle(&k);
 *     }
 *     wait = keydec_timeout_ms(&d);   // -1: nothing pending, block on poll
 *     if (poll(..., wait) == 0) {     // no byte came in time
 *         keydec_flush(&d);
 *         while (keydec_next(&d, &k)) handle(&k);
 *     }
 *
 * The state is plain data: no allocation, no cleanup. */
#ifndef SUIVI_KEYDEC_H
#define SUIVI_KEYDEC_H

#include <stdbool.h>
#include <stddef.h>

enum key_kind { KEYK_CHAR, KEYK_CODE, KEYK_BAD };

struct key {
    enum key_kind kind;
    int code;                  /* the character, or the KEY_* constant */
    bool paste;                /* came between bracketed-paste markers */
    unsigned char bytes[8];    /* the bytes that made the key (the first 8) */
    int nbytes;
};

enum keydec_charset {
    KEYDEC_UTF8,      /* strict UTF-8: overlongs, surrogates, > U+10FFFF, stray
                       * continuation and C1 bytes 0x80-0x9F are KEYK_BAD (the
                       * longest valid start, then each stray byte, as Unicode and
                       * WHATWG decoders count them) */
    KEYDEC_LOCALE     /* mbrtowc of the current LC_CTYPE (ISO-8859-1: 0xE9 is é);
                       * EILSEQ, and a C1 control or surrogate value, is KEYK_BAD;
                       * in the C/POSIX locale every byte >= 0x80 is KEYK_BAD */
};

/* Waits (keydec_timeout_ms) for the rest of something unfinished. */
#define KEYDEC_ESC_DELAY_MS 50     /* lone ESC, then it is the Esc key (settable) */
#define KEYDEC_SEQ_MS       500    /* ESC [ 6 without its final; half a character */
#define KEYDEC_PASTE_MS     1000   /* inside a paste whose end marker has not come */

#define KEYDEC_BUFSIZE 256         /* bytes held; an escape sequence longer than this
                                    * is still swallowed whole */

struct keydec {
    enum keydec_charset cs;
    int esc_delay_ms;
    unsigned char buf[KEYDEC_BUFSIZE];
    size_t pos, len;           /* undecoded bytes: buf[pos .. pos+len) */
    size_t cut;                /* leading bytes that timed out: nothing more will
                                * complete them (set by keydec_flush) */
    bool in_paste;
    bool paste_cr;             /* last pasted byte was CR: a following LF is its pair */
    bool paste_expired;        /* the paste ends once the `cut` bytes are decoded */
    bool skipping;             /* inside an over-long sequence: swallow to its final */
    unsigned long unknown;     /* well-formed sequences that are no key */
    unsigned long dropped;     /* malformed, unfinished or over-long sequences */
};

void keydec_init(struct keydec *d, enum keydec_charset cs);
/* KEYDEC_UTF8 when LC_CTYPE's codeset is UTF-8, else KEYDEC_LOCALE. */
enum keydec_charset keydec_charset_for_locale(void);
void keydec_set_esc_delay(struct keydec *d, int ms);   /* ms < 0 is taken as 0 */

/* Appends up to n bytes; returns how many it took (fewer only when the buffer is
 * full: drain it with keydec_next, then feed the rest). */
size_t keydec_feed(struct keydec *d, const unsigned char *buf, size_t n);

/* The next complete key into *out; false when none is complete yet. */
bool keydec_next(struct keydec *d, struct key *out);

/* After keydec_next returned false: -1 when nothing is pending, else how long to
 * wait for more bytes before calling keydec_flush (0: call keydec_next now). */
int keydec_timeout_ms(const struct keydec *d);

/* Time is up for what is buffered now: a lone ESC becomes the Esc key, an unfinished
 * sequence is dropped, an unfinished character is KEYK_BAD, an unfinished paste ends.
 * The keys come from keydec_next; bytes fed afterwards start afresh. */
void keydec_flush(struct keydec *d);

#endif
