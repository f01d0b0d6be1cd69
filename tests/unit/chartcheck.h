/* SPDX-License-Identifier: MIT
 * A check shared by the analysis tests that make chart specs (funnel, forecast,
 * partners/schemes): every spec an analysis writes must draw with the chart module. */
#ifndef TESTS_CHARTCHECK_H
#define TESTS_CHARTCHECK_H

#include "testutil.h"

#include <cJSON.h>

#include "base/buf.h"
#include "base/diag.h"
#include "render/chart.h"

/* Fails the test unless every member of charts draws as SVG (no diag error). */
static inline void
assert_charts_draw(const cJSON *charts)
{
	const cJSON *c;
	struct chart_theme th;
	chart_theme_default(&th);
	cJSON_ArrayForEach(c, charts) {
		struct buf out;
		struct diag d;
		buf_init(&out);
		diag_init(&d);
		d.out = NULL;
		if (chart_svg(c, 600, 400, &th, &out, &d) != 0)
			fail_msg("chart '%s' does not draw", c->string);
		assert_true(out.len > 0);
		buf_release(&out);
	}
}
#endif
