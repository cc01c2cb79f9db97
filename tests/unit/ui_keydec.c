/* The key decoder: every sequence family real terminals send, fed whole and in
 * pieces down to one byte, timeouts, invalid bytes (the bug: one Latin-1 é and every
 * later key was lost), bracketed paste, and the bounded buffer.
 *
 * Keys are shown as text to compare: names for KEY_* codes ("Up", "PgDn", "F5"),
 * "Esc", caret notation for controls ("^N"), <U+00E9> beyond ASCII, "!E9" for bad
 * bytes; pasted keys are run together inside braces: "{ab^J}".
 *
 * The ISO-8859-1 test skips unless such a locale exists; to run it anyway:
 *   localedef -f ISO-8859-1 -i fr_FR /tmp/loc/fr_FR.ISO-8859-1
 *   LOCPATH=/tmp/loc build/tests/ui_keydec */
#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <stdint.h>
#include <unistd.h>

#include "../../src/ui/term/term_priv.h"
#include "check.h"
#include "suivi/ui/keydec.h"
#include "suivi/ui/term.h"

#define E "\033"

static struct keydec D;   /* the decoder of the last decode(), for its counters */

struct shown { char s[256]; size_t n; bool paste; };

static const struct { int code; const char *name; } names[] = {
    {KEY_UP, "Up"}, {KEY_DOWN, "Down"}, {KEY_LEFT, "Left"}, {KEY_RIGHT, "Right"},
    {KEY_HOME, "Home"}, {KEY_END, "End"}, {KEY_PPAGE, "PgUp"}, {KEY_NPAGE, "PgDn"},
    {KEY_IC, "Ins"}, {KEY_DC, "Del"}, {KEY_BTAB, "BTab"},
};

static void say(struct shown *o, const char *text)
{
    size_t n = strlen(text);
    if (o->n + n < sizeof o->s) {
        memcpy(o->s + o->n, text, n + 1);
        o->n += n;
    }
}

static void token(const struct key *k, char *t, size_t cap)
{
    if (k->kind == KEYK_BAD) {
        size_t n = (size_t)snprintf(t, cap, "!");
        for (int i = 0; i < k->nbytes && n < cap; i++)
            n += (size_t)snprintf(t + n, cap - n, "%02X", k->bytes[i]);
        return;
    }
    if (k->kind == KEYK_CODE) {
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
            if (names[i].code == k->code) {
                snprintf(t, cap, "%s", names[i].name);
                return;
            }
        if (k->code > KEY_F0 && k->code <= KEY_F(12))
            snprintf(t, cap, "F%d", k->code - KEY_F0);
        else
            snprintf(t, cap, "KEY%d", k->code);
    } else if (k->code == 27 && !k->paste) {
        snprintf(t, cap, "Esc");
    } else if (k->code < 0x20 || k->code == 0x7f) {
        snprintf(t, cap, "^%c", k->code == 0x7f ? '?' : k->code + 64);
    } else {
        snprintf(t, cap, k->code < 0x80 ? "%c" : "<U+%04X>", k->code);
    }
}

/* Appends a key: spaces between keys, a paste's keys run together in braces. */
static void show(struct shown *o, const struct key *k)
{
    char t[64];
    token(k, t, sizeof t);
    if (o->paste && !k->paste)
        say(o, "}");
    if (o->n && !(o->paste && k->paste))
        say(o, " ");
    if (k->paste && !o->paste)
        say(o, "{");
    o->paste = k->paste;
    say(o, t);
}

static void drain(struct shown *o)
{
    struct key k;
    while (keydec_next(&D, &k))
        show(o, &k);
}

/* Feeds n bytes in pieces of `step` bytes, taking the keys after each piece, then
 * (time is up) flushes: the keys as text. */
static const char *decode(enum keydec_charset cs, const char *bytes, size_t n, size_t step)
{
    static struct shown o;
    memset(&o, 0, sizeof o);
    keydec_init(&D, cs);
    for (size_t off = 0; off < n; drain(&o)) {
        size_t piece = n - off < step ? n - off : step;
        off += keydec_feed(&D, (const unsigned char *)bytes + off, piece);
    }
    keydec_flush(&D);
    drain(&o);
    if (o.paste)
        say(&o, "}");
    return o.s;
}

/* The same keys whether the bytes come at once or one, two, three, five at a time. */
#define CHECK_KEYS_CS(cs, lit, want) do { \
        static const size_t steps_[] = {SIZE_MAX, 1, 2, 3, 5}; \
        for (size_t i_ = 0; i_ < sizeof steps_ / sizeof steps_[0]; i_++) \
            CHECK_STR(decode(cs, lit, sizeof lit - 1, steps_[i_]), want); \
    } while (0)
#define CHECK_KEYS(lit, want) CHECK_KEYS_CS(KEYDEC_UTF8, lit, want)

static void feed(const char *s)
{
    CHECK_INT(keydec_feed(&D, (const unsigned char *)s, strlen(s)), strlen(s));
}

static const char *next_keys(void)
{
    static struct shown o;
    memset(&o, 0, sizeof o);
    drain(&o);
    if (o.paste)
        say(&o, "}");
    return o.s;
}

TEST(plain_bytes_and_control_keys)
{
    CHECK_KEYS("aZ~ \t\r\x0e\x18\x7f\x01", "a Z ~   ^I ^M ^N ^X ^? ^A");
    CHECK_KEYS("x\0y", "x ^@ y");
}

TEST(arrows_in_both_cursor_modes)
{
    CHECK_KEYS(E "[A" E "[B" E "[C" E "[D", "Up Down Right Left");
    CHECK_KEYS(E "OA" E "OB" E "OC" E "OD", "Up Down Right Left");
}

TEST(modified_keys_report_the_plain_key)
{
    CHECK_KEYS(E "[1;5A" E "[1;2B" E "[1;3C" E "[1;6D" E "[1;5H" E "[1;2F",
               "Up Down Right Left Home End");
    CHECK_KEYS(E "[3;5~" E "[5;2~" E "[6;3~" E "[1;2P" E "[1;5S" E "O5A" E "O2P",
               "Del PgUp PgDn F1 F4 Up F1");
    CHECK_KEYS(E "[12;5R" "r", "r");               /* a cursor report is no F3 */
}

TEST(home_and_end_of_every_family)
{
    CHECK_KEYS(E "[H" E "[F" E "OH" E "OF", "Home End Home End");      /* xterm */
    CHECK_KEYS(E "[1~" E "[4~" E "[7~" E "[8~", "Home End Home End");  /* vt220, rxvt */
}

TEST(vt220_and_putty_editing_keys)
{
    CHECK_KEYS(E "[1~" E "[2~" E "[3~" E "[4~" E "[5~" E "[6~" "q",
               "Home Ins Del End PgUp PgDn q");
}

TEST(rxvt_arrows_and_suffix_modifiers)
{
    CHECK_KEYS(E "[a" E "[b" E "[c" E "[d", "Up Down Right Left");   /* shifted */
    CHECK_KEYS(E "Oa" E "Ob" E "Oc" E "Od", "Up Down Right Left");   /* control */
    /* $ (shift) ends the sequence: the next byte is a key of its own */
    CHECK_KEYS(E "[2$" "x" E "[3^" E "[5@" E "[6$" E "[7^" E "[8@" E "[11^",
               "Ins x Del PgUp PgDn Home End F1");
}

TEST(linux_console_and_function_keys)
{
    CHECK_KEYS(E "[[A" E "[[B" E "[[C" E "[[D" E "[[E", "F1 F2 F3 F4 F5");
    CHECK_KEYS(E "OP" E "OQ" E "OR" E "OS", "F1 F2 F3 F4");
    CHECK_KEYS(E "[11~" E "[12~" E "[13~" E "[14~" E "[15~" E "[17~" E "[18~"
               E "[19~" E "[20~" E "[21~" E "[23~" E "[24~",
               "F1 F2 F3 F4 F5 F6 F7 F8 F9 F10 F11 F12");
    CHECK_KEYS(E "[1;2Q" E "[1;2R" E "[15;2~" E "[24;5~", "F2 F3 F5 F12");
}

TEST(shift_tab_and_application_keypad)
{
    CHECK_KEYS(E "[Z" "\t", "BTab ^I");
    CHECK_KEYS(E "OM" E "Oj" E "Ok" E "Ol" E "Om" E "On" E "Oo" E "OX",
               "^M * + , - . / =");
    CHECK_KEYS(E "Op" E "Oq" E "Or" E "Os" E "Ot" E "Ou" E "Ov" E "Ow" E "Ox" E "Oy",
               "0 1 2 3 4 5 6 7 8 9");
}

TEST(unknown_sequences_are_swallowed_whole)
{
    CHECK_KEYS(E "[999z" "a", "a");
    CHECK_INT(D.unknown, 1);
    /* focus events, DEC replies, unknown finals and numbers, a paste end outside
     * a paste, a DECRPM reply with its $ intermediate, a paste start with rxvt's ^ */
    CHECK_KEYS(E "[I" E "[O" E "[?1;2c" E "[>0;95;0c" E "[99~" E "[0~" E "[201~"
               E "[?1;2$y" E "[1 q" E "Oz" E "[[Z" E "[1;5x" E "[200^" "b", "b");
    CHECK_INT(D.unknown, 12);                     /* the stray paste end is no count */
    CHECK_INT(D.dropped, 0);
}

TEST(malformed_sequence_is_dropped_and_its_breaking_byte_decoded)
{
    CHECK_KEYS(E "[1\x03", "^C");                 /* a control byte inside */
    CHECK_KEYS(E "[" E "[A", "Up");               /* ESC inside: starts afresh */
    CHECK_KEYS(E "[1;\xc3\xa9", "<U+00E9>");       /* a byte above 0x7E */
    CHECK_KEYS(E "[ 1A", "1 A");                  /* parameter after intermediate */
    CHECK_INT(D.dropped, 1);
    CHECK_INT(D.unknown, 0);
}

TEST(esc_then_a_byte_that_starts_no_sequence)
{
    CHECK_KEYS(E "j", "Esc j");                   /* Alt-j, or Esc and j typed fast */
    CHECK_KEYS(E "\xc3\xa9" E "\r", "Esc <U+00E9> Esc ^M");
    CHECK_KEYS(E E "[A", "Esc Up");
    CHECK_KEYS(E E, "Esc Esc");                   /* the second waited, then timed out */
}

TEST(lone_esc_is_the_esc_key_after_the_delay)
{
    keydec_init(&D, KEYDEC_UTF8);
    CHECK_INT(keydec_timeout_ms(&D), -1);
    feed(E);
    CHECK_STR(next_keys(), "");
    CHECK_INT(keydec_timeout_ms(&D), KEYDEC_ESC_DELAY_MS);
    keydec_set_esc_delay(&D, 25);
    CHECK_INT(keydec_timeout_ms(&D), 25);
    keydec_flush(&D);
    CHECK_INT(keydec_timeout_ms(&D), 0);          /* the Esc key is ready */
    CHECK_STR(next_keys(), "Esc");
    CHECK_INT(keydec_timeout_ms(&D), -1);
    feed("[A");                                   /* after the timeout: plain text */
    CHECK_STR(next_keys(), "[ A");
}

TEST(sequence_split_across_feeds_waits_for_its_end)
{
    keydec_init(&D, KEYDEC_UTF8);
    feed(E);
    CHECK_INT(keydec_timeout_ms(&D), KEYDEC_ESC_DELAY_MS);
    feed("[");
    CHECK_STR(next_keys(), "");
    CHECK_INT(keydec_timeout_ms(&D), KEYDEC_SEQ_MS); /* a slow link: not the Esc key */
    feed("6");
    CHECK_STR(next_keys(), "");
    CHECK_INT(keydec_timeout_ms(&D), KEYDEC_SEQ_MS);
    feed("~");
    CHECK_STR(next_keys(), "PgDn");
    CHECK_INT(keydec_timeout_ms(&D), -1);
}

TEST(pause_inside_a_sequence_drops_it)
{
    keydec_init(&D, KEYDEC_UTF8);
    feed("ab" E "[6");
    CHECK_INT(keydec_timeout_ms(&D), 0);          /* a and b are ready */
    keydec_flush(&D);                             /* flushed before they were taken */
    CHECK_STR(next_keys(), "a b");
    CHECK_INT(D.dropped, 1);
    CHECK_INT(keydec_timeout_ms(&D), -1);
    feed("j");
    CHECK_STR(next_keys(), "j");
    feed(E "O");
    keydec_flush(&D);
    feed(E "[");                                  /* bytes after the flush are new */
    CHECK_STR(next_keys(), "");
    CHECK_INT(D.dropped, 2);
    feed("B");
    CHECK_STR(next_keys(), "Down");
}

TEST(utf8_characters_of_every_length)
{
    CHECK_KEYS("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80z", "<U+00E9> <U+20AC> <U+1F600> z");
    keydec_init(&D, KEYDEC_UTF8);
    feed("\xf0\x9f\x98");
    CHECK_STR(next_keys(), "");
    CHECK_INT(keydec_timeout_ms(&D), KEYDEC_SEQ_MS);
    feed("\x80");
    CHECK_STR(next_keys(), "<U+1F600>");
    struct key k;
    feed("\xf0\x9f\x98\x80");
    CHECK(keydec_next(&D, &k));
    CHECK_INT(k.kind, KEYK_CHAR);
    CHECK_INT(k.code, 0x1F600);
    CHECK_INT(k.nbytes, 4);
    CHECK(!k.paste);
}

TEST(latin1_byte_under_utf8_is_one_bad_key_and_later_keys_survive)
{
    CHECK_KEYS("\xe9q" E "[Bj\r", "!E9 q Down j ^M");
    CHECK_KEYS("\xe9\xe9" "a", "!E9 !E9 a");
    keydec_init(&D, KEYDEC_UTF8);
    feed("caf\xe9");                              /* é typed last: it may be a start */
    CHECK_STR(next_keys(), "c a f");
    CHECK_INT(keydec_timeout_ms(&D), KEYDEC_SEQ_MS);
    keydec_flush(&D);
    struct key k;
    CHECK(keydec_next(&D, &k));
    CHECK_INT(k.kind, KEYK_BAD);
    CHECK_INT(k.nbytes, 1);
    CHECK_INT(k.bytes[0], 0xE9);
    CHECK(!keydec_next(&D, &k));
    feed("q");
    CHECK_STR(next_keys(), "q");
}

TEST(stray_continuation_and_c1_bytes_are_bad)
{
    CHECK_KEYS("\x80" "a\xbf\xbf" "b", "!80 a !BF !BF b");
    CHECK_KEYS("\x9b" "A\x85", "!9B A !85");       /* 8-bit CSI is not decoded */
}

TEST(overlongs_surrogates_and_out_of_range_are_bad)
{
    CHECK_KEYS("\xc0\xaf" "a", "!C0 !AF a");       /* overlong '/' */
    CHECK_KEYS("\xe0\x80\xaf", "!E0 !80 !AF");     /* overlong '/', 3 bytes */
    CHECK_KEYS("\xf0\x80\x80\xaf", "!F0 !80 !80 !AF");
    CHECK_KEYS("\xed\xa0\x80", "!ED !A0 !80");     /* surrogate U+D800 */
    CHECK_KEYS("\xf4\x90\x80\x80", "!F4 !90 !80 !80"); /* U+110000 */
    CHECK_KEYS("\xf5\xff" "x", "!F5 !FF x");
    CHECK_KEYS("\xe2\x82" "A", "!E282 A");         /* cut short: one bad key */
    CHECK_KEYS("a\xf0\x9f\x98", "a !F09F98");        /* unfinished when time is up */
    CHECK_KEYS("\xed\x9f\xbf\xf4\x8f\xbf\xbf", "<U+D7FF> <U+10FFFF>"); /* the edges */
}

TEST(c_locale_makes_every_high_byte_bad)
{
    CHECK(setlocale(LC_ALL, "C"));
    CHECK_INT(keydec_charset_for_locale(), KEYDEC_LOCALE);
    CHECK_KEYS_CS(KEYDEC_LOCALE, "a\xe9" "b\x80\xff" E "[A", "a !E9 b !80 !FF Up");
    if (setlocale(LC_ALL, "C.UTF-8")) {
        CHECK_INT(keydec_charset_for_locale(), KEYDEC_UTF8);
        CHECK_KEYS_CS(KEYDEC_LOCALE, "\xc3\xa9\xe9q\xf0\x9f\x98\x80", "<U+00E9> !E9 q <U+1F600>");
    }
    setlocale(LC_ALL, "C");
}

TEST(latin1_locale_decodes_e_acute)
{
    static const char *const names_[] = {
        "fr_FR.ISO-8859-1", "en_US.ISO-8859-1", "fr_FR.iso88591", "en_US.iso88591",
        "fr_FR", "de_DE",
    };
    bool found = false;
    for (size_t i = 0; i < sizeof names_ / sizeof names_[0] && !found; i++)
        found = setlocale(LC_ALL, names_[i])
                && strcmp(nl_langinfo(CODESET), "ISO-8859-1") == 0;
    if (!found) {
        fprintf(stderr, "latin1_locale_decodes_e_acute: no ISO-8859-1 locale, skipped\n");
        setlocale(LC_ALL, "C");
        return;
    }
    CHECK_INT(keydec_charset_for_locale(), KEYDEC_LOCALE);
    CHECK_KEYS_CS(KEYDEC_LOCALE, "caf\xe9\xff" E "[5~", "c a f <U+00E9> <U+00FF> PgUp");
    CHECK_KEYS_CS(KEYDEC_LOCALE, "\x9b" "a", "!9B a");   /* C1 control: no key */
    setlocale(LC_ALL, "C");
}

TEST(bracketed_paste_is_text_whatever_it_holds)
{
    CHECK_KEYS("j" E "[200~line1\r\nline2" E "[Ax" E "[201~" "j",
               "j {line1^Jline2^[[Ax} j");
    CHECK_KEYS(E "[200~a\rb\nc\r\r\nd\n\ne\tf\x03" E "[201~",
               "{a^Jb^Jc^J^Jd^J^Je^If^C}");
    CHECK_KEYS(E "[200~\xc3\xa9\xe9" E "[200~" E "[201" "x" E E "[201~",
               "{<U+00E9>!E9^[[200~^[[201x^[}");
    keydec_init(&D, KEYDEC_UTF8);                 /* CR, then its LF in the next read */
    feed(E "[200~a\r");
    CHECK_STR(next_keys(), "{a^J}");
    feed("\nb" E "[201~\r\n");
    CHECK_STR(next_keys(), "{b} ^M ^J");          /* after the paste: Enter again */
}

TEST(unterminated_paste_ends_after_a_pause)
{
    keydec_init(&D, KEYDEC_UTF8);
    feed(E "[200~abc");
    CHECK_STR(next_keys(), "{abc}");
    CHECK_INT(keydec_timeout_ms(&D), KEYDEC_PASTE_MS);
    keydec_flush(&D);
    CHECK_INT(keydec_timeout_ms(&D), -1);
    feed("j");
    CHECK_STR(next_keys(), "j");

    feed(E "[200~ab" E "[20");                    /* the end marker lost halfway */
    CHECK_STR(next_keys(), "{ab}");
    CHECK_INT(keydec_timeout_ms(&D), KEYDEC_PASTE_MS);
    keydec_flush(&D);
    CHECK_STR(next_keys(), "{^[[20}");
    feed(E "[A");
    CHECK_STR(next_keys(), "Up");
}

TEST(paste_of_10000_bytes_fed_in_one_call)
{
    enum { N = 10000 };
    static unsigned char in[N + 32];
    size_t n = 6, off = 0, first = 0;
    memcpy(in, E "[200~", 6);
    for (int i = 0; i < N; i++)
        in[n++] = (unsigned char)(i % 61 == 60 ? '\n' : 'a' + i % 26);
    memcpy(in + n, E "[201~q", 7);
    n += 7;
    keydec_init(&D, KEYDEC_UTF8);
    int got = 0, wrong = 0;
    struct key k;
    while (off < n) {
        size_t took = keydec_feed(&D, in + off, n - off);
        if (off == 0)
            first = took;
        off += took;
        while (keydec_next(&D, &k)) {
            bool ok = got < N ? k.paste && k.kind == KEYK_CHAR && k.code == in[6 + got]
                              : !k.paste && k.code == 'q';
            wrong += !ok;
            got++;
        }
    }
    CHECK(first < n);                             /* the buffer is bounded */
    CHECK_INT(got, N + 1);
    CHECK_INT(wrong, 0);
    CHECK_INT(keydec_timeout_ms(&D), -1);
}

TEST(many_sequences_across_buffer_refills)
{
    static char in[3 * 1000 + 1];
    for (int i = 0; i < 1000; i++)
        memcpy(in + 3 * i, i % 2 ? E "[B" : E "OA", 3);
    keydec_init(&D, KEYDEC_UTF8);
    int up = 0, down = 0;
    struct key k;
    for (size_t off = 0; off < 3000; ) {
        off += keydec_feed(&D, (unsigned char *)in + off, 3000 - off);
        while (keydec_next(&D, &k)) {
            up += k.code == KEY_UP;
            down += k.code == KEY_DOWN;
        }
    }
    CHECK_INT(up, 500);
    CHECK_INT(down, 500);
}

TEST(sequence_longer_than_the_buffer_is_swallowed_whole)
{
    static char in[600];
    memcpy(in, E "[", 2);
    memset(in + 2, '1', 500);
    memcpy(in + 502, "z" "a", 3);
    CHECK_STR(decode(KEYDEC_UTF8, in, 504, SIZE_MAX), "a");
    CHECK_INT(D.dropped, 1);
    CHECK_STR(decode(KEYDEC_UTF8, in, 504, 1), "a");
    memcpy(in + 502, "\x03" "a", 3);              /* broken by a control byte */
    CHECK_STR(decode(KEYDEC_UTF8, in, 504, 7), "^C a");
    keydec_init(&D, KEYDEC_UTF8);                 /* or never ended: a pause ends it */
    for (size_t off = 0; off < 300; ) {
        off += keydec_feed(&D, (unsigned char *)in + off, 300 - off);
        CHECK_STR(next_keys(), "");
    }
    CHECK_INT(keydec_timeout_ms(&D), KEYDEC_SEQ_MS);
    keydec_flush(&D);
    feed("1b");                                   /* typed after the pause: text */
    CHECK_STR(next_keys(), "1 b");
}

TEST(keys_carry_their_bytes)
{
    keydec_init(&D, KEYDEC_UTF8);
    feed(E "[1;5A" E "[200~" E "[201~");
    struct key k;
    CHECK(keydec_next(&D, &k));
    CHECK_INT(k.kind, KEYK_CODE);
    CHECK_INT(k.code, KEY_UP);
    CHECK_INT(k.nbytes, 6);
    CHECK(memcmp(k.bytes, E "[1;5A", 6) == 0);
    CHECK(!keydec_next(&D, &k));                  /* an empty paste gives nothing */
    CHECK_INT(keydec_timeout_ms(&D), -1);
}

/* The reader (input.c) with a pipe as standard input: term_getkey(…, 0, …) gives
 * the keys of the bytes already sent, then TERM_KEY_NONE.  Keys as in token(); a
 * '.' after a key when term_input_pending() then said that no key is waiting (it
 * must be right: the callers skip drawing while it says yes). */
static const char *read_keys(const char *bytes, size_t n)
{
    static struct shown o;
    memset(&o, 0, sizeof o);
    int p[2], saved = dup(STDIN_FILENO);
    if (saved < 0 || pipe(p) != 0)
        return "(no pipe)";
    CHECK_INT(write(p[1], bytes, n), n);
    dup2(p[0], STDIN_FILENO);
    term_input_start(50);
    for (int i = 0; i < 64; i++) {
        bool keycode = false;
        int code = term_getkey(NULL, 0, &keycode);
        if (code < 0)
            break;
        struct key k = { .kind = keycode ? KEYK_CODE : KEYK_CHAR, .code = code,
                         .paste = term_key_pasted() };
        show(&o, &k);
        if (!term_input_pending())
            say(&o, ".");
    }
    if (o.paste)
        say(&o, "}");
    term_input_reset();
    dup2(saved, STDIN_FILENO);
    close(saved);
    close(p[0]);
    close(p[1]);
    return o.s;
}

/* A read larger than the decoder holds, most of it sequences that are no key: the
 * rest is decoded at once (the reader used to wait for a sequence timeout first,
 * and a flush at its end cut the key at the decoder's edge in two). */
TEST(reader_decodes_all_it_has_read_before_waiting)
{
    static char in[600];
    size_t n = 0;
    for (int i = 0; i < 51; i++, n += 5)          /* 255 bytes of F13, unknown */
        memcpy(in + n, E "[25~", 5);
    memcpy(in + n, E "[6~x", 5);                  /* its ESC is the 256th byte */
    CHECK_STR(read_keys(in, n + 5), "PgDn x.");
    for (int i = 0; i < 100; i++)
        memcpy(in + 5 * i, E "[25~", 5);
    memcpy(in + 500, "y", 1);
    CHECK_STR(read_keys(in, 501), "y.");
    memcpy(in, E "[", 2);                         /* one sequence of 303 bytes */
    memset(in + 2, '1', 300);
    memcpy(in + 302, "zab", 3);
    CHECK_STR(read_keys(in, 305), "a b.");
}

/* "More input waiting" means a key: not a pasted ESC (dropped), nor sequences that
 * give none, even more than the decoder holds.  It used to say yes to them, and a
 * form or the main screen then waited for the idle hook to show what was typed. */
TEST(input_pending_counts_keys_only)
{
#define READ_LIT(lit) read_keys(lit, sizeof lit - 1)
    CHECK_STR(READ_LIT(E "[200~ab" E E "[201~"), "{ab.}");
    CHECK_STR(READ_LIT(E "[200~a" E "b" E "[201~"), "{ab.}");   /* no "." after a */
    CHECK_STR(READ_LIT("a" E "[99z" E "[I"), "a.");
    static char in[400];
    in[0] = 'a';
    for (int i = 0; i < 70; i++)                  /* 350 bytes: more than it holds */
        memcpy(in + 1 + 5 * i, E "[25~", 5);
    CHECK_STR(read_keys(in, 351), "a.");
    memcpy(in + 351, "b", 1);
    CHECK_STR(read_keys(in, 352), "a b.");
    CHECK_STR(READ_LIT(E "[200~" E "[201~"), "");
#undef READ_LIT
}

TESTS(T(plain_bytes_and_control_keys), T(arrows_in_both_cursor_modes),
      T(modified_keys_report_the_plain_key), T(home_and_end_of_every_family),
      T(vt220_and_putty_editing_keys), T(rxvt_arrows_and_suffix_modifiers),
      T(linux_console_and_function_keys), T(shift_tab_and_application_keypad),
      T(unknown_sequences_are_swallowed_whole),
      T(malformed_sequence_is_dropped_and_its_breaking_byte_decoded),
      T(esc_then_a_byte_that_starts_no_sequence), T(lone_esc_is_the_esc_key_after_the_delay),
      T(sequence_split_across_feeds_waits_for_its_end), T(pause_inside_a_sequence_drops_it),
      T(utf8_characters_of_every_length),
      T(latin1_byte_under_utf8_is_one_bad_key_and_later_keys_survive),
      T(stray_continuation_and_c1_bytes_are_bad),
      T(overlongs_surrogates_and_out_of_range_are_bad),
      T(c_locale_makes_every_high_byte_bad), T(latin1_locale_decodes_e_acute),
      T(bracketed_paste_is_text_whatever_it_holds), T(unterminated_paste_ends_after_a_pause),
      T(paste_of_10000_bytes_fed_in_one_call), T(many_sequences_across_buffer_refills),
      T(sequence_longer_than_the_buffer_is_swallowed_whole), T(keys_carry_their_bytes),
      T(reader_decodes_all_it_has_read_before_waiting), T(input_pending_counts_keys_only))
