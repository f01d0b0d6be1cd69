/* SPDX-License-Identifier: MIT
 * chart_spec: reads and validates a chart spec (cJSON, documented in chart.h) into
 * plain arrays for the drawing code in chart.c: finite numbers only, ISO dates on date
 * axes, known types. Private to src/render/chart*.c. */
#ifndef RENDER_CHART_SPEC_H
#define RENDER_CHART_SPEC_H

#include <cJSON.h>

#include "base/arena.h"
#include "render/chart_axis.h"

enum chart_type { CHART_BAR, CHART_HBAR, CHART_LINE, CHART_BAND, CHART_STEP, CHART_SCATTER,
                  CHART_BUBBLE, CHART_HEATMAP, CHART_DONUT, CHART_FUNNEL, CHART_SPARK,
                  CHART_ROC, CHART_NTYPES };

/* One series; strings point into the cJSON spec, arrays into the arena. */
struct chart_series {
	const char *name;
	uint32_t color;
	size_t n;
	double *x, *y, *lo, *hi, *sz;   /* x NULL: y[i] belongs to category i; NaN = missing */
};

/* A validated spec. cats has ncat entries (numbered when values outnumber them). */
struct chart_spec {
	enum chart_type type;
	const char *title, *desc;
	const cJSON *xax, *yax;
	const char *xfmt, *yfmt, *vfmt, *xlabel, *ylabel;
	const char **cats, **ycats;
	size_t ncat, nycat;
	struct chart_series *s;
	size_t ns;
	int stacked, signed_, x_date, has_fit, has_auc;
	double fit_a, fit_b, auc;
	double *hm;                      /* heatmap rows x cols, row-major */
	size_t npoints;                  /* valid data points, all series */
};

extern const char *const chart_spec_type_names[CHART_NTYPES];

/* Fills sp from spec (arrays in arena a; strings point into spec, which must outlive
 * sp). Returns 0, or -1 after a diag error naming the chart title and the element.
 * Missing values (JSON null) become NaN; least-squares fit computed for "fit": true. */
int chart_spec_parse(struct chart_ctx *x, struct arena *a, const cJSON *spec,
                     struct chart_spec *sp);
/* Smallest and largest value (with lower/upper; stacked sums for stacked bars);
 * +inf/-inf when there is none. */
void chart_spec_range(const struct chart_spec *sp, double *mn, double *mx);
/* Appends a one-sentence description (the spec's "description" when given). */
void chart_spec_describe(const struct chart_ctx *x, const struct chart_spec *sp,
                         struct buf *out);

#endif
