/* chart — small charts as text, for the terminal and the text report: a sparkline
 * (one character per value, eight heights of Unicode blocks, or an ASCII ramp for
 * terminals without them) and a bar of a given width.  Numbers always go beside
 * them (the caller's): a chart shows the shape, never the only figure. */
#ifndef SUIVI_CHART_H
#define SUIVI_CHART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* values[0..n) as a sparkline into out (n characters; UTF-8: up to 3 bytes each):
 * the highest value full height, 0 the lowest mark, a negative value (no figure)
 * a blank.  ascii: " .:-=+*#" instead of the blocks. */
void chart_sparkline(const int64_t *values, int n, bool ascii, char *out, size_t outlen);
/* A bar of value out of max, width columns at most (at least one for a value > 0),
 * padded with spaces to width when pad; returns the columns of the bar itself. */
int chart_bar(int64_t value, int64_t max, int width, bool ascii, bool pad, char *out,
              size_t outlen);

#endif
