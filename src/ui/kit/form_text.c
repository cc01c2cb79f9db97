/* form_text — the editing helpers behind form fields, free of curses so that they
 * can be unit-tested (declared in form.h).  Values are UTF-8 bytes; the cursor is a
 * byte offset always on a character boundary. */
#include "suivi/ui/form.h"

#include <stdlib.h>
#include <string.h>

#include "suivi/base/sanitize.h"
#include "suivi/base/xalloc.h"

#define FORM_TEXT_MAX 4096   /* bytes in a one-line field; longer texts go to the editor */

/* Length of the UTF-8 sequence at s, or 1 for an invalid byte. */
static size_t utf8_len(const unsigned char *s)
{
    size_t n = *s < 0x80 ? 1 : *s >= 0xC2 && *s <= 0xDF ? 2
             : *s >= 0xE0 && *s <= 0xEF ? 3 : *s >= 0xF0 && *s <= 0xF4 ? 4 : 1;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 1;
    return n;
}

size_t form_text_next(const char *s, size_t pos)
{
    return s[pos] ? pos + utf8_len((const unsigned char *)s + pos) : pos;
}

size_t form_text_prev(const char *s, size_t pos)
{
    if (pos == 0)
        return 0;
    size_t start = pos - 1;
    while (start > 0 && pos - start < 4 && ((unsigned char)s[start] & 0xC0) == 0x80)
        start--;
    return form_text_next(s, start) == pos ? start : pos - 1;
}

static size_t utf8_encode(wchar_t wc, char out[4])
{
    unsigned long c = (unsigned long)wc;
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (c >> 18));
    out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

bool form_text_insert(char **value, size_t *cursor, wchar_t wc)
{
    if (wc < 0x20 || (wc >= 0x7F && wc <= 0x9F) || (wc >= 0xD800 && wc <= 0xDFFF)
        || wc > 0x10FFFF)
        return false;
    char enc[4];
    size_t n = utf8_encode(wc, enc);
    size_t len = *value ? strlen(*value) : 0;
    if (len + n > FORM_TEXT_MAX)
        return false;
    size_t at = *cursor > len ? len : *cursor;
    char *v = xmalloc(len + n + 1);
    memcpy(v, *value ? *value : "", at);
    memcpy(v + at, enc, n);
    memcpy(v + at + n, *value ? *value + at : "", len - at + 1);
    free(*value);
    *value = v;
    *cursor = at + n;
    return true;
}

void form_text_erase(char **value, size_t *cursor)
{
    if (!*value || *cursor == 0)
        return;
    size_t p = form_text_prev(*value, *cursor);
    memmove(*value + p, *value + *cursor, strlen(*value + *cursor) + 1);
    *cursor = p;
}

void form_text_delete(char **value, size_t cursor)
{
    if (!*value || !(*value)[cursor])
        return;
    size_t end = form_text_next(*value, cursor);
    memmove(*value + cursor, *value + end, strlen(*value + end) + 1);
}

/* Columns of s[a..b): a copy, so that sanitising sees the part alone. */
int form_text_width(const char *s, size_t a, size_t b)
{
    char *part = xstrndup(s + a, b - a);
    int w = san_width(part);
    free(part);
    return w;
}

size_t form_text_scroll(const char *s, size_t cursor, size_t scroll, int cols)
{
    if (!s || cols < 3 || form_text_width(s, 0, cursor) <= cols - 1)
        return 0;
    /* Leftmost start that still shows the cursor: walk back from it. */
    size_t start = cursor;
    int used = 0;
    while (start > 0) {
        size_t p = form_text_prev(s, start);
        int cw = form_text_width(s, p, start);
        if (used + cw > cols - 2)
            break;
        used += cw;
        start = p;
    }
    if (scroll > cursor)
        return cursor;
    return scroll < start ? start : scroll;
}

/* Skip leading ASCII punctuation ("(none)" answers to 'n'). */
static const char *skip_punct(const char *s)
{
    while (*s && (unsigned char)*s < 0x80 && !(*s >= 'a' && *s <= 'z') && !(*s >= '0' && *s <= '9'))
        s++;
    return s;
}

int form_choice_jump(const char *const *choices, int n, int current, wchar_t wc)
{
    char enc[5] = {0};
    if (wc <= 0x20 || wc > 0x10FFFF || (wc >= 0xD800 && wc <= 0xDFFF))
        return current;
    utf8_encode(wc, enc);
    char *typed = fold_for_search(enc);
    /* Typed punctuation matches as it is; a letter or digit skips the label's. */
    bool punct = !skip_punct(typed)[0];
    const char *t = typed;
    int found = current;
    for (int i = 1; i <= n; i++) {
        int idx = ((current < 0 ? -1 : current) + i) % n;
        char *label = fold_for_search(choices[idx] ? choices[idx] : "");
        const char *l = punct ? label : skip_punct(label);
        bool match = *t && strncmp(l, t, strlen(t)) == 0;
        free(label);
        if (match) {
            found = idx;
            break;
        }
    }
    free(typed);
    return found;
}
