/* SPDX-License-Identifier: MIT
 * Tests for render/chart: golden trace and SVG output per chart type (tests/golden/charts,
 * BDREPORT_GOLDEN_UPDATE=1 rewrites them), xmllint on every SVG, geometry checks from the
 * trace, edge cases (empty, one point, huge/negative, 200 categories, long Chinese
 * labels, NaN refused) and a PDF page with every chart type checked by qpdf. */
#include "testutil.h"

#include <hpdf.h>
#include <unistd.h>

#include "base/date.h"
#include "render/canvas_pdf.h"
#include "render/canvas_trace.h"
#include "render/chart.h"
#include "render/chart_axis.h"
#include "base/fmt.h"

#define GOLDEN "tests/golden/charts/"

static const char *const golden_names[] = {
	"bar", "bar_stacked", "hbar_signed", "line", "band", "step", "scatter", "bubble",
	"heatmap", "donut", "funnel", "sparkline", "roc", "zh_bar",
};

static int
run_on_file(const char *cmd, const char *text, size_t n)
{
	char path[] = "/tmp/bdreport-chart-XXXXXX";
	char line[512];
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, n), (ssize_t)n);
	close(fd);
	snprintf(line, sizeof line, cmd, path);
	int rc = system(line);
	unlink(path);
	return rc;
}

static cJSON *
load_spec(const char *name)
{
	char path[256];
	snprintf(path, sizeof path, GOLDEN "%s.json", name);
	char *txt = test_read_file(path, NULL);
	if (!txt)
		fail_msg("cannot read %s (tests run from the repository root)", path);
	cJSON *spec = cJSON_Parse(txt);
	free(txt);
	if (!spec)
		fail_msg("%s is not valid JSON", path);
	return spec;
}

static void
theme_for(const char *name, struct chart_theme *th)
{
	chart_theme_default(th);
	if (strncmp(name, "zh_", 3) == 0) {
		th->locale = LOCALE_ZH_CN;
		th->currency = "CNY";
	}
}

static void
size_for(const char *name, double *w, double *h)
{
	*w = strcmp(name, "sparkline") == 0 ? 120 : 400;
	*h = strcmp(name, "sparkline") == 0 ? 30 : 250;
}

/* Compares got with the golden file, or rewrites it under BDREPORT_GOLDEN_UPDATE=1. */
static void
check_golden(const char *name, const char *ext, const char *got)
{
	char path[256];
	const char *upd = getenv("BDREPORT_GOLDEN_UPDATE");
	snprintf(path, sizeof path, GOLDEN "%s.%s", name, ext);
	if (upd && strcmp(upd, "1") == 0) {
		FILE *f = fopen(path, "wb");
		assert_non_null(f);
		fputs(got, f);
		fclose(f);
		return;
	}
	char *want = test_read_file(path, NULL);
	if (!want)
		fail_msg("missing golden file %s (create it with BDREPORT_GOLDEN_UPDATE=1 make check)", path);
	if (strcmp(want, got) != 0) {
		int line = 1;
		const char *a = want, *b = got;
		while (*a && *a == *b) {
			if (*a == '\n')
				line++;
			a++, b++;
		}
		while (a > want && a[-1] != '\n')      /* show whole lines */
			a--, b--;
		fail_msg("%s differs at line %d:\n  want: %.*s\n  got:  %.*s", path, line,
		         (int)strcspn(a, "\n"), a, (int)strcspn(b, "\n"), b);
	}
	free(want);
}

static void
render_trace(const cJSON *spec, const struct chart_theme *th, double w, double h,
             struct buf *out, struct diag *d, int expect_rc)
{
	struct canvas *c = canvas_trace_create(out, NULL);
	int rc = chart_draw(c, spec, 0, 0, w, h, th, d);
	canvas_finish(c);
	assert_int_equal(rc, expect_rc);
	assert_int_equal(canvas_status(c), 0);
	canvas_trace_destroy(c);
}

static void
test_golden(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof golden_names / sizeof golden_names[0]; i++) {
		const char *name = golden_names[i];
		struct chart_theme th;
		struct diag d;
		struct buf tr, svg;
		double w, h;
		diag_init(&d);
		buf_init(&tr);
		buf_init(&svg);
		cJSON *spec = load_spec(name);
		theme_for(name, &th);
		size_for(name, &w, &h);
		render_trace(spec, &th, w, h, &tr, &d, 0);
		assert_int_equal(chart_svg(spec, w, h, &th, &svg, &d), 0);
		assert_int_equal(d.nerrors, 0);
		check_golden(name, "trace", buf_str(&tr));
		check_golden(name, "svg", buf_str(&svg));
		if (run_on_file("xmllint --noout %s", svg.data, svg.len) != 0)
			fail_msg("%s: SVG is not well-formed XML", name);
		/* no drawing outside the box: every rect and text anchor inside it */
		cJSON_Delete(spec);
		buf_release(&tr);
		buf_release(&svg);
	}
}

/* Parses "rect X Y W H fill=..." lines of a trace, leaving out legend swatches
 * (narrower than 8 pt). */
static size_t
rects(const char *trace, const char *fill, double (*out)[4], size_t max)
{
	size_t n = 0;
	for (const char *p = trace; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		double r[4];
		char f[32];
		if (sscanf(p, "rect %lf %lf %lf %lf fill=%31s", &r[0], &r[1], &r[2], &r[3], f) == 5 &&
		    strcmp(f, fill) == 0 && r[2] > 8 && n < max)
			memcpy(out[n++], r, sizeof r);
	}
	return n;
}

static void
test_bar_geometry(void **state)
{
	(void)state;
	struct diag d;
	struct buf tr;
	double r[8][4];
	diag_init(&d);
	buf_init(&tr);
	cJSON *spec = cJSON_Parse("{\"type\":\"bar\",\"x\":{\"categories\":[\"a\",\"b\",\"c\"]},"
	                          "\"series\":[{\"values\":[1,2,4]}]}");
	render_trace(spec, NULL, 300, 200, &tr, &d, 0);
	assert_int_equal(rects(buf_str(&tr), "#0072b2", r, 8), 3);
	/* heights proportional to the values, bottoms on one baseline, equal widths */
	assert_close_rel(r[1][3], 2 * r[0][3], 0.02);
	assert_close_rel(r[2][3], 4 * r[0][3], 0.02);
	assert_close_abs(r[0][1] + r[0][3], r[2][1] + r[2][3], 0.11);
	assert_close_abs(r[0][2], r[1][2], 0.11);
	assert_true(r[0][0] < r[1][0] && r[1][0] < r[2][0]);
	cJSON_Delete(spec);

	/* stacked: the second segment starts where the first ends */
	buf_reset(&tr);
	spec = cJSON_Parse("{\"type\":\"bar\",\"stacked\":true,\"x\":{\"categories\":[\"a\"]},"
	                   "\"series\":[{\"values\":[3]},{\"values\":[5]}]}");
	render_trace(spec, NULL, 300, 200, &tr, &d, 0);
	double r2[2][4];
	assert_int_equal(rects(buf_str(&tr), "#0072b2", r, 8), 1);
	assert_int_equal(rects(buf_str(&tr), "#e69f00", r2, 2), 1);
	assert_close_abs(r2[0][1] + r2[0][3], r[0][1], 0.11);
	assert_close_rel(r2[0][3], r[0][3] * 5 / 3, 0.03);
	cJSON_Delete(spec);
	buf_release(&tr);
}

static void
test_nice_ticks(void **state)
{
	(void)state;
	struct chart_scale s;
	chart_axis_nice(&s, 0, 97, 5, 0);
	assert_close_abs(s.step, 20, 1e-12);
	assert_close_abs(s.lo, 0, 1e-12);
	assert_close_abs(s.hi, 100, 1e-12);
	chart_axis_nice(&s, -0.37, 0.81, 5, 0);
	assert_close_abs(s.step, 0.5, 1e-12);
	assert_close_abs(s.lo, -0.5, 1e-12);
	assert_close_abs(s.hi, 1, 1e-12);
	chart_axis_nice(&s, 12, 12, 5, 0);          /* one value: a range around it */
	assert_true(s.lo < 12 && s.hi > 12);
	chart_axis_nice(&s, 5, 9, 5, 1);            /* bars include zero */
	assert_close_abs(s.lo, 0, 1e-12);
	for (int i = 0; i < 60; i++) {   /* steps are 1, 2 or 5 x 10^k over many magnitudes */
		double lo = (i % 2 ? -1 : 1) * pow(10, i / 4.0 - 6) * (1 + i % 7);
		chart_axis_nice(&s, lo, lo + fabs(lo) * 0.3 + pow(10, i / 5.0 - 5), 6, 0);
		double m = s.step / pow(10, floor(log10(s.step)));
		assert_true(fabs(m - 1) < 1e-9 || fabs(m - 2) < 1e-9 || fabs(m - 5) < 1e-9);
		assert_true(chart_axis_nticks(&s) >= 2 && chart_axis_nticks(&s) <= 13);
		assert_true(s.lo <= lo && s.hi >= lo + fabs(lo) * 0.3 + pow(10, i / 5.0 - 5) - 1e-9 * s.step);
	}
	chart_axis_dates(&s, 20400, 20450, 6);       /* 50 days: weekly ticks on Mondays */
	assert_true(s.is_date);
	assert_int_equal(s.months, 0);
	assert_int_equal((long)s.step % 7, 0);
	assert_int_equal(((long)s.lo - 4) % 7, 0);
	assert_true(s.lo <= 20400 && s.hi >= 20450);
	/* a year and a half: month ticks, each on the 1st, in order, no month twice */
	chart_axis_dates(&s, 20400, 20950, 8);
	assert_true(s.months >= 1);
	int n = chart_axis_nticks(&s), prev_key = -1;
	assert_true(n >= 2 && n <= 9);
	assert_true(s.lo <= 20400 && s.hi >= 20950);
	for (int i = 0; i < n; i++) {
		int y, m, d;
		date_to_civil((long)chart_axis_tick(&s, i), &y, &m, &d);
		assert_int_equal(d, 1);
		assert_true(y * 12 + m > prev_key);
		prev_key = y * 12 + m;
	}
}

static int
count_lines(const char *s, const char *prefix)
{
	int n = 0;
	size_t k = strlen(prefix);
	for (const char *p = s; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		n += strncmp(p, prefix, k) == 0;
	return n;
}

static void
test_edge_cases(void **state)
{
	(void)state;
	struct diag d;
	struct buf tr;
	diag_init(&d);
	buf_init(&tr);
	/* empty data: "No data", no error, for every type */
	static const char *const types[] = { "bar", "hbar", "line", "band", "step", "scatter",
		"bubble", "heatmap", "donut", "funnel", "sparkline", "roc" };
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
		char js[128];
		snprintf(js, sizeof js, "{\"type\":\"%s\",\"title\":\"Empty\",\"series\":[]}", types[i]);
		cJSON *spec = cJSON_Parse(js);
		buf_reset(&tr);
		render_trace(spec, NULL, 300, 200, &tr, &d, 0);
		if (!strstr(buf_str(&tr), "\"No data\""))
			fail_msg("%s: no 'No data' in\n%s", types[i], buf_str(&tr));
		cJSON_Delete(spec);
	}
	/* one point: drawn as a dot (a closed curve), axes still there */
	cJSON *spec = cJSON_Parse("{\"type\":\"line\",\"series\":[{\"points\":[[3,7]]}]}");
	buf_reset(&tr);
	render_trace(spec, NULL, 300, 200, &tr, &d, 0);
	assert_non_null(strstr(buf_str(&tr), " C "));
	assert_true(count_lines(buf_str(&tr), "text ") >= 3);
	cJSON_Delete(spec);
	/* huge and negative values: compact labels, zero line, no error */
	spec = cJSON_Parse("{\"type\":\"bar\",\"y\":{\"format\":\"compact\"},\"x\":{\"categories\":"
	                   "[\"a\",\"b\"]},\"series\":[{\"values\":[1.5e12,-4e11]}]}");
	buf_reset(&tr);
	render_trace(spec, NULL, 300, 200, &tr, &d, 0);
	assert_non_null(strstr(buf_str(&tr), "\"1.5T\""));
	assert_non_null(strstr(buf_str(&tr), "\"-500B\""));
	cJSON_Delete(spec);
	/* found by random specs: "values" and "points" series mixed in one chart, and a
	 * sparkline whose first series has no valid point, drew at non-finite places */
	static const char *const mixed[] = {
		"{\"type\":\"line\",\"series\":[{\"values\":[1,2]},{\"points\":[[5,1],[900,2]]}]}",
		"{\"type\":\"sparkline\",\"series\":[{\"points\":[[null,4]]},{\"values\":[3]}]}",
		"{\"type\":\"bar\",\"series\":[{\"values\":[1e300,-1e300]}]}",
	};
	for (size_t i = 0; i < 3; i++) {
		spec = cJSON_Parse(mixed[i]);
		buf_reset(&tr);
		render_trace(spec, NULL, 300, 200, &tr, &d, 0);
		cJSON_Delete(spec);
	}
	assert_int_equal(d.nerrors, 0);
	buf_release(&tr);
}

static void
test_many_categories(void **state)
{
	(void)state;
	struct diag d;
	struct buf tr, svg;
	diag_init(&d);
	buf_init(&tr);
	buf_init(&svg);
	cJSON *spec = cJSON_CreateObject(), *x = cJSON_AddObjectToObject(spec, "x");
	cJSON_AddStringToObject(spec, "type", "bar");
	cJSON *cats = cJSON_AddArrayToObject(x, "categories");
	cJSON *ser = cJSON_AddArrayToObject(spec, "series"), *s0 = cJSON_CreateObject();
	cJSON *vals = cJSON_AddArrayToObject(s0, "values");
	cJSON_AddItemToArray(ser, s0);
	for (int i = 0; i < 200; i++) {
		char name[32];
		snprintf(name, sizeof name, "Customer %03d", i);
		cJSON_AddItemToArray(cats, cJSON_CreateString(name));
		cJSON_AddItemToArray(vals, cJSON_CreateNumber((i * 37) % 101));
	}
	render_trace(spec, NULL, 600, 300, &tr, &d, 0);
	/* labels rotated and thinned so that rotated neighbours are >= one line apart */
	int nrot = 0;
	double prev = -1e9, minsep = 1e9;
	for (const char *p = buf_str(&tr); p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		double tx, ty, tw;
		if (sscanf(p, "text %lf %lf rot=-45 size=9 w=%lf", &tx, &ty, &tw) == 3) {
			tx += tw * 0.7071;                   /* end-anchored: back to the anchor */
			nrot++;
			if (prev > -1e9)
				minsep = fmin(minsep, (tx - prev) * 0.7071);   /* perpendicular distance */
			prev = tx;
		}
	}
	assert_true(nrot > 5 && nrot < 200);
	if (minsep < 9 * 1.1)                        /* 9 pt tick font, line height > 1.1 em */
		fail_msg("rotated labels only %.2f pt apart", minsep);
	assert_int_equal(rects(buf_str(&tr), "#0072b2", NULL, 0), 0);
	assert_int_equal(chart_svg(spec, 600, 300, NULL, &svg, &d), 0);
	assert_int_equal(run_on_file("xmllint --noout %s", svg.data, svg.len), 0);
	cJSON_Delete(spec);
	buf_release(&tr);
	buf_release(&svg);
}

static void
test_long_chinese_labels(void **state)
{
	(void)state;
	struct diag d;
	struct buf tr;
	diag_init(&d);
	buf_init(&tr);
	cJSON *spec = cJSON_Parse("{\"type\":\"hbar\",\"x\":{\"categories\":[\"华东地区重点客户及战略合作伙伴"
	                          "渠道销售额合计（含税）\",\"华南\"]},\"series\":[{\"values\":[5,3]}]}");
	render_trace(spec, NULL, 300, 150, &tr, &d, 0);
	/* the long label is cut with an ellipsis to at most 35% of the width, measured
	 * with the CJK fallback font; the short one is whole */
	const char *p = strstr(buf_str(&tr), "…\"");
	assert_non_null(p);
	const char *line = p;
	while (line > buf_str(&tr) && line[-1] != '\n')
		line--;
	double tx, ty, w;
	assert_int_equal(sscanf(line, "text %lf %lf rot=0 size=9 w=%lf", &tx, &ty, &w), 3);
	assert_true(w <= 300 * 0.35 + 0.05);
	assert_true(w > 300 * 0.35 - 9.5);           /* cut at most one CJK glyph short */
	assert_non_null(strstr(buf_str(&tr), "\"华南\""));
	cJSON_Delete(spec);
	buf_release(&tr);
}

static void
test_invalid_specs(void **state)
{
	(void)state;
	struct diag d;
	struct buf tr, cap, svg;
	buf_init(&tr);
	buf_init(&cap);
	buf_init(&svg);
	diag_init(&d);
	d.out = NULL;
	d.capture = &cap;
	/* NaN and infinity (possible in a cJSON tree built in C) are refused */
	double bad[] = { NAN, INFINITY, -INFINITY };
	for (int i = 0; i < 3; i++) {
		cJSON *spec = cJSON_Parse("{\"type\":\"line\",\"title\":\"Trend\",\"series\":"
		                          "[{\"name\":\"rev\",\"values\":[1,2]}]}");
		cJSON *vals = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(spec, "series"), 0),
		                                  "values");
		cJSON_AddItemToArray(vals, cJSON_CreateNumber(bad[i]));
		buf_reset(&cap);
		d.status = 0;
		render_trace(spec, NULL, 300, 200, &tr, &d, -1);
		assert_int_equal(d.status, BD_EINPUT);
		assert_non_null(strstr(buf_str(&cap),
		                       "error: chart 'Trend': series 'rev': element 2 is not a finite number"));
		assert_int_equal(chart_svg(spec, 300, 200, NULL, &svg, &d), -1);
		assert_int_equal(svg.len, 0);             /* nothing half-written */
		cJSON_Delete(spec);
	}
	static const struct { const char *json, *msg; } cases[] = {
		{ "{\"type\":\"pie3d\"}", "unknown type 'pie3d'" },
		{ "{\"type\":\"bar\",\"series\":[{\"name\":\"s\",\"values\":[1e308]}]}", "element 0 is too large to plot" },
		{ "{\"title\":\"x\"}", "missing \"type\"" },
		{ "[1,2]", "spec is not a JSON object" },
		{ "{\"type\":\"line\",\"series\":[{\"name\":\"s\",\"values\":[1,\"a\"]}]}", "element 1: expected a number" },
		{ "{\"type\":\"line\",\"x\":{\"type\":\"date\"},\"series\":[{\"name\":\"s\",\"points\":[[\"2026-02-30\",1]]}]}", "not an ISO date" },
		{ "{\"type\":\"donut\",\"series\":[{\"name\":\"s\",\"values\":[1,-2]}]}", "element 1 is negative" },
		{ "{\"type\":\"band\",\"series\":[{\"name\":\"s\",\"values\":[1,2],\"lower\":[1]}]}", "expected an array of 2 numbers" },
		{ "{\"type\":\"heatmap\",\"x\":{\"categories\":[\"a\"]},\"y\":{\"categories\":[\"r\"]},\"values\":[[1,2]]}", "expected an array of 1 numbers" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cJSON *spec = cJSON_Parse(cases[i].json);
		assert_non_null(spec);
		buf_reset(&cap);
		render_trace(spec, NULL, 300, 200, &tr, &d, -1);
		if (!strstr(buf_str(&cap), cases[i].msg))
			fail_msg("case %zu: '%s' lacks '%s'", i, buf_str(&cap), cases[i].msg);
		cJSON_Delete(spec);
	}
	buf_release(&tr);
	buf_release(&cap);
	buf_release(&svg);
}


static void
test_labels_and_legend(void **state)
{
	(void)state;
	struct diag d;
	struct buf tr;
	diag_init(&d);
	buf_init(&tr);
	/* horizontal category labels: measured widths never overlap */
	cJSON *spec = load_spec("bar");
	render_trace(spec, NULL, 400, 250, &tr, &d, 0);
	double prev_end = -1e9;
	int nlab = 0;
	for (const char *p = buf_str(&tr); p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		double tx, ty, tw;
		char fill[16];
		if (sscanf(p, "text %lf %lf rot=0 size=9 w=%lf fill=%15s", &tx, &ty, &tw, fill) == 4 &&
		    ty > 200 && strcmp(fill, "#222222") == 0) {
			assert_true(tx >= prev_end);
			prev_end = tx + tw;
			nlab++;
		}
	}
	assert_int_equal(nlab, 5);
	cJSON_Delete(spec);
	/* a legend too wide for one line wraps onto more, each item inside the width */
	spec = cJSON_Parse("{\"type\":\"line\",\"series\":["
	                   "{\"name\":\"Enterprise accounts\",\"values\":[1,2]},"
	                   "{\"name\":\"Mid-market accounts\",\"values\":[2,3]},"
	                   "{\"name\":\"Small business accounts\",\"values\":[3,1]},"
	                   "{\"name\":\"渠道合作伙伴\",\"values\":[2,2]}]}");
	buf_reset(&tr);
	render_trace(spec, NULL, 220, 200, &tr, &d, 0);
	double ys[8] = { 0 };
	int nsw = 0;
	for (const char *p = buf_str(&tr); p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		double r[4];
		if (sscanf(p, "rect %lf %lf %lf %lf", &r[0], &r[1], &r[2], &r[3]) == 4 && r[2] < 8 &&
		    nsw < 8) {
			ys[nsw++] = r[1];
			assert_true(r[0] >= 0 && r[0] + r[2] <= 220);
		}
	}
	assert_int_equal(nsw, 4);
	assert_true(ys[3] > ys[0]);                  /* at least two legend lines */
	for (int i = 1; i < nsw; i++)
		assert_true(ys[i] >= ys[i - 1]);
	cJSON_Delete(spec);
	buf_release(&tr);
}

static int provider_calls;

static HPDF_Font
test_provider(void *ctx, HPDF_Doc doc, const struct font *f)
{
	const char *path = font_path(f), *name;
	(void)ctx;
	provider_calls++;
	if (strstr(path, ".ttc"))
		name = HPDF_LoadTTFontFromFile2(doc, path, font_face(f), HPDF_TRUE);
	else
		name = HPDF_LoadTTFontFromFile(doc, path, HPDF_TRUE);
	return HPDF_GetFont(doc, name, "UTF-8");
}

static jmp_buf pdf_env;
static unsigned long pdf_err;

static void
on_pdf_error(HPDF_STATUS e, HPDF_STATUS detail, void *user)
{
	(void)detail;
	(void)user;
	pdf_err = e;
	longjmp(pdf_env, 1);
}

static void
test_pdf_every_type(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	HPDF_Doc volatile pdf = HPDF_New(on_pdf_error, NULL);
	struct canvas *volatile c = NULL;
	if (setjmp(pdf_env)) {
		canvas_pdf_destroy(c);
		HPDF_Free(pdf);
		fail_msg("libharu error 0x%04lX", pdf_err);
	}
	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(pdf);
	size_t n = sizeof golden_names / sizeof golden_names[0];
	for (size_t i = 0; i < n; i++) {
		HPDF_Page page;
		if (i % 4 == 0) {
			canvas_pdf_destroy(c);
			page = HPDF_AddPage(pdf);
			HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
			/* odd pages load fonts through a caller's provider */
			struct canvas_pdf_fonts prov = { test_provider, NULL };
			c = canvas_pdf_create(pdf, page, NULL, (i / 4) % 2 ? &prov : NULL);
		}
		struct chart_theme th;
		double w, h;
		cJSON *spec = load_spec(golden_names[i]);
		theme_for(golden_names[i], &th);
		size_for(golden_names[i], &w, &h);
		assert_int_equal(chart_draw(c, spec, 40, 40 + (double)(i % 4) * 195, w * 1.2, fmin(h, 180),
		                            &th, &d), 0);
		cJSON_Delete(spec);
	}
	canvas_finish(c);
	assert_int_equal(canvas_status(c), 0);
	canvas_pdf_destroy(c);
	c = NULL;
	/* two canvases used the provider: regular, bold and (for zh_bar) the CJK
	 * fallback, each asked for once per canvas */
	assert_true(provider_calls >= 4 && provider_calls <= 6);
	HPDF_SaveToStream(pdf);
	HPDF_UINT32 size = HPDF_GetStreamSize(pdf), got = size;
	char *bytes = malloc(size);
	HPDF_ReadFromStream(pdf, (HPDF_BYTE *)bytes, &got);
	assert_int_equal(got, size);
	if (getenv("BDREPORT_CHART_PDF")) {            /* keep a copy to look at */
		FILE *f = fopen(getenv("BDREPORT_CHART_PDF"), "wb");
		if (f) {
			fwrite(bytes, 1, size, f);
			fclose(f);
		}
	}
	assert_int_equal(run_on_file("qpdf --check %s > /dev/null", bytes, size), 0);
	assert_int_equal(run_on_file("pdftotext -q %s - | grep -q '各区域销售额'", bytes, size), 0);
	assert_int_equal(run_on_file("pdftotext -q %s - | grep -q 'Pipeline funnel'", bytes, size), 0);
	free(bytes);
	HPDF_Free(pdf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_bar_geometry),
		cmocka_unit_test(test_nice_ticks),
		cmocka_unit_test(test_edge_cases),
		cmocka_unit_test(test_many_categories),
		cmocka_unit_test(test_long_chinese_labels),
		cmocka_unit_test(test_invalid_specs),
		cmocka_unit_test(test_labels_and_legend),
		cmocka_unit_test(test_pdf_every_type),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
