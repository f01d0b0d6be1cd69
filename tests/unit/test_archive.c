/* SPDX-License-Identifier: MIT
 * Tests for cli/archive: the index page (newest first, a trend chart per KPI, formatted
 * values, escaping, links). Week names are tested in test_date. The folder handling
 * (keep, replace one week) is tested end to end in tests/e2e/publish.sh. */
#include "testutil.h"

#include <cJSON.h>

#include "cli/archive.h"
#include "base/fmt.h"
#include "themefx.h"     /* the dark theme: the archive page takes its colours and font from it */

static cJSON *
week(const char *as_of, double revenue, const char *fmt)
{
	char text[600];
	snprintf(text, sizeof text,
	         "{\"meta\": {\"title\": \"A&B <weekly>\", \"as_of\": \"%s\", \"locale\": \"en\", \"currency\": \"USD\"},"
	         " \"kpis\": {\"weeks\": [\"%s\"], \"revenue\": {\"label\": \"Revenue <net>\", \"value\": %g, \"value_fmt\": \"%s\"}, \"win_rate\": {\"value\": 0.25}}}",
	         as_of, as_of, revenue, fmt);
	return cJSON_Parse(text);
}

static void
test_index(void **s)
{
	struct archive_week w[3];
	struct buf out;
	struct diag d;
	const char *p, *a, *b, *c;
	(void)s;
	memset(w, 0, sizeof w);
	snprintf(w[0].name, 16, "2026-W45");
	w[0].results = week("2026-11-07", 1000, "$1.0k");
	w[0].json = "results.json";
	snprintf(w[1].name, 16, "2026-W46");        /* a week whose results are gone */
	w[1].has_pdf = 1;
	w[1].pdf = "briefing.pdf";
	snprintf(w[2].name, 16, "2026-W47");
	w[2].results = week("2026-11-21", 1500, "$1.5k");
	w[2].json = "results.json";
	w[2].has_html = 1;
	buf_init(&out);
	diag_init(&d);
	d.out = NULL;
	assert_int_equal(archive_index_html(w, 3, 1, theme, &out, &d), 0);
	p = buf_str(&out);
	assert_non_null(strstr(p, "<a href=\"../index.html\">"));
	assert_non_null(strstr(p, "<td class=\"num\">25.0%</td>"));   /* a rate without _fmt */
	assert_non_null(strstr(p, "<title>A&amp;B &lt;weekly&gt;"));
	assert_null(strstr(p, "<script"));
	assert_non_null(strstr(p, "body{font-family:system-ui, -apple-system, \"Segoe UI\""));
	assert_non_null(strstr(p, "color:#e4e7eb;background:#1c252f}"));    /* dark's text, surface */
	assert_null(strstr(p, "#1f2933"));
	assert_non_null(strstr(p, "fill=\"#e4e7eb\""));       /* the trend charts too */
	assert_non_null(strstr(p, "<th>Revenue &lt;net&gt;</th><th>Win rate</th>"));   /* label, else key */
	/* one chart per KPI present, in the newest week's order */
	a = strstr(p, "<svg");
	assert_non_null(a);
	assert_non_null(strstr(a + 1, "<svg"));
	assert_null(strstr(strstr(a + 1, "<svg") + 1, "<svg"));
	/* rows newest first */
	a = strstr(p, "<tr id=\"w2026-W47\">");
	b = strstr(p, "<tr id=\"w2026-W46\">");
	c = strstr(p, "<tr id=\"w2026-W45\">");
	assert_true(a && b && c && a < b && b < c);
	assert_non_null(strstr(a, "<a href=\"2026-W47/index.html\">2026-W47</a>"));
	assert_non_null(strstr(a, "$1.5k"));
	assert_non_null(strstr(b, "<td>2026-W46</td>"));              /* no HTML: no link */
	assert_non_null(strstr(b, "<a href=\"2026-W46/briefing.pdf\">PDF</a>"));
	assert_non_null(strstr(c, "$1.0k"));
	assert_non_null(strstr(c, "<a href=\"2026-W45/results.json\">JSON</a>"));
	assert_int_equal(d.nerrors, 0);

	/* no KPIs anywhere: no chart, a note instead */
	cJSON_DeleteItemFromObject(w[0].results, "kpis");
	cJSON_DeleteItemFromObject(w[2].results, "kpis");
	buf_reset(&out);
	assert_int_equal(archive_index_html(w, 3, 0, theme, &out, &d), 0);
	assert_null(strstr(buf_str(&out), "../index.html"));
	assert_null(strstr(buf_str(&out), "<svg"));
	assert_non_null(strstr(buf_str(&out), "No KPI history yet"));
	cJSON_Delete(w[0].results);
	cJSON_Delete(w[2].results);
	buf_release(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_index),
	};
	return cmocka_run_group_tests(tests, load_theme, free_theme);
}
