/* SPDX-License-Identifier: MIT
 * chart_axis: the chart module's layout helpers (private to src/render/chart*.c): "nice"
 * 1-2-5 scales, date ticks, tick label formatting per locale, text fitting with an
 * ellipsis, wrapping legends, and the drawing context shared by the chart types. */
#ifndef RENDER_CHART_AXIS_H
#define RENDER_CHART_AXIS_H

#include <stddef.h>

#include "base/buf.h"
#include "render/canvas.h"
#include "render/chart.h"

/* Drawing context of one chart_draw call. */
struct chart_ctx {
	struct canvas *c;
	const struct chart_theme *th;
	struct diag *d;
	const char *title;           /* spec title, "" when none (for messages) */
	struct buf tmp;              /* scratch for formatting */
};

/* A linear scale from data [lo, hi] to pixels [p0, p1] (p1 < p0 is fine: y up). */
struct chart_scale {
	double lo, hi, step;         /* nice bounds and tick step */
	double p0, p1;
	int is_date;                 /* ticks are days; step in days */
	int months;                  /* date ticks every `months` months on the 1st (0: daily steps) */
};

/* Nice bounds and step: about `target` ticks, steps 1, 2 or 5 times a power of ten.
 * include_zero stretches the range to 0. A zero-width range grows around its value. */
void chart_axis_nice(struct chart_scale *s, double min, double max, int target,
                     int include_zero);
/* Date scale: min/max in days; steps of 1, 2, 7 or 14 days (weekly ticks on Mondays)
 * or 1, 2, 3, 6, 12, 24, 60, 120 months (ticks on the first of a month). */
void chart_axis_dates(struct chart_scale *s, double min, double max, int target);
/* Number of ticks and the i-th tick value. */
int chart_axis_nticks(const struct chart_scale *s);
double chart_axis_tick(const struct chart_scale *s, int i);
double chart_axis_map(const struct chart_scale *s, double v);

/* Appends a tick label: kind is the axis "format" (see fmt_value); decimals are derived
 * from the step so neighbouring labels differ. */
void chart_axis_format(struct chart_ctx *x, struct buf *out, double v, const char *kind,
                       const struct chart_scale *s);
/* Appends s, cut at a code point boundary with "…" so it is at most maxw points wide
 * in the current font. Returns 1 when it was cut. */
int chart_axis_fit(struct canvas *c, const char *s, double maxw, struct buf *out);
/* Height of one text line in the current font. */
double chart_axis_line_height(const struct canvas *c);

/* Legend: items laid out left to right, wrapping at width w. Draws when draw != 0.
 * Returns the height used (0 when n == 0). */
double chart_axis_legend(struct chart_ctx *x, const char *const *names, const uint32_t *colors,
                         size_t n, double lx, double ly, double w, int draw);

#endif
