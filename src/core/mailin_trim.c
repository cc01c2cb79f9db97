/* mailin_trim — a reply without the history it quotes (see mailin_trim_quoted in
 * mailin.h): "> " lines, the attribution line before them ("Le … a écrit :", "On …
 * wrote:"), Outlook's "De : / Envoyé :" block and "-----Original Message-----",
 * never down to nothing. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "suivi/base/strbuf.h"
#include "suivi/base/xalloc.h"
#include "suivi/core/mailin.h"

/* ---- lines, for trimming --------------------------------------------------------- */

struct line {
    const char *s;
    size_t n;
};

static struct line *split_lines(const char *text, size_t *count)
{
    size_t cap = 32, n = 0;
    struct line *l = xreallocarray(NULL, cap, sizeof *l);
    for (const char *p = text;;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len > 0 && p[len - 1] == '\r')
            len--;
        if (n == cap)
            l = xreallocarray(l, cap *= 2, sizeof *l);
        l[n++] = (struct line){ p, len };
        if (!e)
            break;
        p = e + 1;
    }
    *count = n;
    return l;
}

static bool is_blank_char(char c)
{
    return c == ' ' || c == '\t';
}

/* The bytes of a blank at the start (end) of s[0..n): a space, a tab, or a
 * (narrow) no-break space, which mailers put before a colon; 0 when none. */
static size_t blank_at(const char *s, size_t n, bool end)
{
    static const char *const blanks[] = { " ", "\t", "\xC2\xA0", "\xE2\x80\xAF" };
    for (size_t i = 0; i < sizeof blanks / sizeof blanks[0]; i++) {
        size_t k = strlen(blanks[i]);
        if (n >= k && memcmp(end ? s + n - k : s, blanks[i], k) == 0)
            return k;
    }
    return 0;
}

/* The line without its blanks at both ends. */
static struct line stripped(struct line l)
{
    for (size_t k; (k = blank_at(l.s, l.n, false)) > 0;)
        l.s += k, l.n -= k;
    for (size_t k; (k = blank_at(l.s, l.n, true)) > 0;)
        l.n -= k;
    return l;
}

static bool is_blank_line(struct line l)
{
    return stripped(l).n == 0;
}

static bool is_quoted(struct line l)
{
    l = stripped(l);
    return l.n > 0 && l.s[0] == '>';
}

/* Without case: ASCII letters (the bytes of "é" compare as they are). */
static bool same_ci(const char *a, const char *b, size_t n)
{
    return strncasecmp(a, b, n) == 0;
}

static bool starts_ci(struct line l, const char *prefix)
{
    size_t k = strlen(prefix);
    return l.n >= k && same_ci(l.s, prefix, k);
}

static bool ends_ci(struct line l, const char *suffix)
{
    size_t k = strlen(suffix);
    return l.n >= k && same_ci(l.s + l.n - k, suffix, k);
}

/* "… a écrit :" or "… wrote:": a colon, maybe after a (no-break) space. */
static bool ends_attribution(struct line l)
{
    l = stripped(l);
    if (l.n == 0 || l.s[l.n - 1] != ':')
        return false;
    l.n--;
    l = stripped(l);
    return ends_ci(l, " a écrit") || ends_ci(l, " wrote");
}

static bool starts_attribution(struct line l)
{
    l = stripped(l);
    return starts_ci(l, "Le ") || starts_ci(l, "On ");
}

/* The lines (1 to 3: mailers wrap a long one) of an attribution starting at line i,
 * or 0; *strict when it starts "Le"/"On", as only mail readers write it. */
static size_t attribution(const struct line *l, size_t n, size_t i, bool *strict)
{
    *strict = starts_attribution(l[i]);
    if (ends_attribution(l[i]))
        return 1;
    if (!*strict)
        return 0;
    for (size_t j = i + 1; j < n && j < i + 3; j++) {
        if (is_blank_line(l[j]) || is_quoted(l[j]))
            return 0;
        if (ends_attribution(l[j]))
            return j - i + 1;
    }
    return 0;
}

/* "Word :" at the start of a line: a header of a quoted message's block. */
static bool header_word(struct line l, const char *word)
{
    l = stripped(l);
    size_t k = strlen(word);
    if (!starts_ci(l, word))
        return false;
    struct line rest = stripped((struct line){ l.s + k, l.n - k });
    return rest.n > 0 && rest.s[0] == ':';
}

static bool is_separator(struct line l)
{
    static const char *const names[] = {
        "original message", "message d'origine", "mail original", "message original",
    };
    l = stripped(l);
    while (l.n && (l.s[0] == '-' || is_blank_char(l.s[0])))
        l.s++, l.n--;
    while (l.n && (l.s[l.n - 1] == '-' || is_blank_char(l.s[l.n - 1])))
        l.n--;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (l.n == strlen(names[i]) && same_ci(l.s, names[i], l.n))
            return true;
    return false;
}

/* Where a quoted message starts, unquoted: Outlook's block or a separator. */
static bool history_starts(const struct line *l, size_t n, size_t i)
{
    if (is_separator(l[i]))
        return true;
    if (!(header_word(l[i], "De") || header_word(l[i], "From")) || i + 1 >= n)
        return false;
    return header_word(l[i + 1], "Envoyé") || header_word(l[i + 1], "Sent") ||
           header_word(l[i + 1], "Date");
}

/* A line of underscores or dashes just above the history belongs to it. */
static bool is_rule(struct line l)
{
    l = stripped(l);
    if (l.n < 5)
        return false;
    for (size_t i = 0; i < l.n; i++)
        if (l.s[i] != '_' && l.s[i] != '-')
            return false;
    return true;
}

static size_t next_nonblank(const struct line *l, size_t n, size_t i)
{
    while (i < n && is_blank_line(l[i]))
        i++;
    return i;
}

/* Lines [0, end) not dropped, runs of blank lines as one, none at either end. */
static char *join_kept(const struct line *l, const bool *drop, size_t end)
{
    struct strbuf t = {0};
    bool gap = false;
    for (size_t i = 0; i < end; i++) {
        if (drop && drop[i])
            continue;
        if (is_blank_line(l[i])) {
            gap = t.len > 0;
            continue;
        }
        if (t.len)
            strbuf_adds(&t, gap ? "\n\n" : "\n");
        strbuf_add(&t, l[i].s, l[i].n);
        gap = false;
    }
    return strbuf_take(&t);
}

/* Mark what is history; returns the line where the trailing history begins (n when
 * there is none). */
static size_t mark_history(const struct line *l, size_t n, bool *drop)
{
    for (size_t i = 0; i < n; i++) {
        if (is_quoted(l[i])) {
            drop[i] = true;
            continue;
        }
        if (history_starts(l, n, i))
            return i;
        bool strict;
        size_t span = attribution(l, n, i, &strict);
        if (!span)
            continue;
        size_t next = next_nonblank(l, n, i + span);
        if (next == n || is_quoted(l[next])) {
            for (size_t j = i; j < i + span; j++)
                drop[j] = true;
            i += span - 1;
        } else if (strict) {
            return i;                   /* an HTML quote: its '>' are gone */
        }
    }
    return n;
}

char *mailin_trim_quoted(const char *text)
{
    size_t n;
    struct line *l = split_lines(text ? text : "", &n);
    bool *drop = xcalloc(n, sizeof *drop);
    size_t end = mark_history(l, n, drop);
    bool history = end < n;
    while (end > 0 && (is_blank_line(l[end - 1]) || (history && is_rule(l[end - 1]))))
        end--;
    char *out = join_kept(l, drop, end);
    if (!*out) {
        free(out);
        out = join_kept(l, NULL, n);
    }
    free(drop);
    free(l);
    return out;
}

