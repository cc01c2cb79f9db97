/* chart — see chart.h. */
#include "suivi/base/chart.h"

#include <string.h>

/* U+2581..U+2588, lowest to full; the ASCII ramp has the same eight steps. */
static const char *const BLOCKS[8] = {
    "\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
    "\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88",
};
static const char RAMP[] = "_.:-=+*#";

static void put(char **o, const char *end, const char *s)
{
    size_t n = strlen(s);
    if (*o + n < end) {
        memcpy(*o, s, n);
        *o += n;
    }
}

void chart_sparkline(const int64_t *values, int n, bool ascii, char *out, size_t outlen)
{
    if (!outlen)
        return;
    int64_t max = 0;
    for (int i = 0; i < n; i++)
        max = values[i] > max ? values[i] : max;
    char *o = out, *end = out + outlen;
    for (int i = 0; i < n; i++) {
        if (values[i] < 0) {
            put(&o, end, " ");
            continue;
        }
        /* 0 is the lowest mark; anything above it at least the second step. */
        int h = max == 0 || values[i] == 0 ? 0 : 1 + (int)(values[i] * 6 / max);
        h = h > 7 ? 7 : h;
        char a[2] = { RAMP[h], '\0' };
        put(&o, end, ascii ? a : BLOCKS[h]);
    }
    *o = '\0';
}

int chart_bar(int64_t value, int64_t max, int width, bool ascii, bool pad, char *out,
              size_t outlen)
{
    if (!outlen)
        return 0;
    int cols = max > 0 && value > 0 ? (int)((value * width + max - 1) / max) : 0;
    cols = cols > width ? width : cols;
    char *o = out, *end = out + outlen;
    for (int i = 0; i < cols; i++)
        put(&o, end, ascii ? "#" : BLOCKS[7]);
    for (int i = cols; pad && i < width; i++)
        put(&o, end, " ");
    *o = '\0';
    return cols;
}
