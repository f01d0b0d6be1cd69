/* SPDX-License-Identifier: MIT
 * Tests for render/canvas and its backends: state and path recording through the
 * trace backend, the sticky error status, text anchoring from font metrics, SVG
 * validity (xmllint) and escaping, and a libharu page checked by qpdf. */
#include "testutil.h"

#include <hpdf.h>
#include <unistd.h>

#include "render/canvas.h"
#include "render/canvas_pdf.h"
#include "render/canvas_svg.h"
#include "render/canvas_trace.h"

/* Writes text to a temporary file and runs cmd on it ("%s" = the path); returns the
 * command's exit status. */
static int
run_on_file(const char *cmd, const char *text, size_t n)
{
	char path[] = "/tmp/bdreport-test-XXXXXX";
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

static void
test_trace_records_calls(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b);
	struct canvas *c = canvas_trace_create(&b, NULL);
	canvas_set_fill(c, 0x1f77b4, 1);
	canvas_rect(c, 10, 20, 30, 40);
	canvas_fill(c);
	double dash[2] = { 3, 2 };
	canvas_set_stroke(c, 0xff0000, 0.5);
	canvas_set_line_width(c, 2);
	canvas_set_dash(c, dash, 2);
	canvas_set_cap(c, CANVAS_CAP_ROUND);
	canvas_move_to(c, 0, 0);
	canvas_line_to(c, 5, 5.04);
	canvas_curve_to(c, 1, 2, 3, 4, 5, 6);
	canvas_close(c);
	canvas_stroke(c);
	canvas_save(c);
	canvas_clip_rect(c, 1, 2, 3, 4);
	canvas_restore(c);
	canvas_finish(c);
	assert_int_equal(canvas_status(c), 0);
	assert_string_equal(buf_str(&b),
		"rect 10.0 20.0 30.0 40.0 fill=#1f77b4\n"
		"path M 0.0 0.0 L 5.0 5.0 C 1.0 2.0 3.0 4.0 5.0 6.0 Z stroke=#ff0000@0.50 width=2 cap=round dash=3,2\n"
		"save\nclip 1.0 2.0 3.0 4.0\nrestore\nfinish\n");
	canvas_trace_destroy(c);
	buf_release(&b);
}

static void
test_sticky_errors(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b);
	struct canvas *c = canvas_trace_create(&b, NULL);
	canvas_rect(c, 0, 0, 1, 1);
	canvas_fill(c);
	canvas_line_to(c, NAN, 1);
	assert_int_not_equal(canvas_status(c), 0);
	assert_non_null(strstr(canvas_error(c), "not a finite number"));
	size_t len = b.len;
	canvas_set_fill(c, 0, 2);              /* a second error: the first one stays */
	canvas_rect(c, 0, 0, 1, 1);
	canvas_fill(c);
	canvas_text(c, 0, 0, "x", CANVAS_START, CANVAS_BASELINE, 0);
	canvas_finish(c);
	assert_int_equal(b.len, len);          /* nothing recorded after the error */
	assert_non_null(strstr(canvas_error(c), "line_to"));
	canvas_trace_destroy(c);

	/* each kind of misuse is refused */
	struct { int kind; const char *msg; } cases[] = {
		{ 0, "alpha" }, { 1, "dash pattern of 9" }, { 2, "nested saves" },
		{ 3, "restore without save" }, { 4, "unmatched save" }, { 5, "infinite" },
		{ 6, "font size" }, { 7, "clip outside" }, { 8, "curve_to without" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		double d9[9] = { 1, 1, 1, 1, 1, 1, 1, 1, 1 };
		c = canvas_trace_create(&b, NULL);
		switch (cases[i].kind) {
		case 0: canvas_set_stroke(c, 0, -0.1); break;
		case 1: canvas_set_dash(c, d9, 9); break;
		case 2: for (int k = 0; k <= CANVAS_MAX_DEPTH; k++) canvas_save(c); break;
		case 3: canvas_restore(c); break;
		case 4: canvas_save(c); canvas_finish(c); break;
		case 5: canvas_rect(c, 0, 0, INFINITY, 1); break;
		case 6: canvas_set_font(c, 0, 0); break;
		case 7: canvas_clip_rect(c, 0, 0, 1, 1); break;
		case 8: canvas_curve_to(c, 1, 1, 2, 2, 3, 3); break;
		}
		assert_int_not_equal(canvas_status(c), 0);
		if (!strstr(canvas_error(c), cases[i].msg) &&
		    !(cases[i].kind == 5 && strstr(canvas_error(c), "finite")))
			fail_msg("case %zu: '%s' lacks '%s'", i, canvas_error(c), cases[i].msg);
		canvas_trace_destroy(c);
	}
	canvas_trace_destroy(NULL);
	buf_release(&b);
}

static void
test_text_anchor(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b);
	struct canvas *c = canvas_trace_create(&b, NULL);
	canvas_set_font(c, 20, 0);
	const struct font_set *fs = font_set_default();
	double w = canvas_text_width(c, "Total 合计");
	assert_close_abs(w, font_set_width(fs, 0, "Total 合计", strlen("Total 合计"), 20), 1e-12);
	double asc = canvas_ascent(c), desc = canvas_descent(c);
	assert_close_abs(asc, font_ascent(fs->regular) * 20 / 1000.0, 1e-12);
	char want[256];
	/* middle / top: start point moves left by w/2 and down by the ascent */
	canvas_text(c, 100, 50, "Total 合计", CANVAS_MIDDLE, CANVAS_TOP, 0);
	snprintf(want, sizeof want, "text %.1f %.1f rot=0", round((100 - w / 2) * 10) / 10,
	         round((50 + asc) * 10) / 10);
	assert_non_null(strstr(buf_str(&b), want));
	buf_reset(&b);
	/* end / vertical middle, rotated -90: offsets turn with the text */
	canvas_text(c, 100, 50, "Total 合计", CANVAS_END, CANVAS_VMIDDLE, -90);
	double dy = (asc + desc) / 2;
	snprintf(want, sizeof want, "text %.1f %.1f rot=-90", round((100 + dy) * 10) / 10,
	         round((50 + w) * 10) / 10);
	if (!strstr(buf_str(&b), want))
		fail_msg("got %s, want %s", buf_str(&b), want);
	canvas_trace_destroy(c);
	buf_release(&b);
}

static void
test_arc_endpoints(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b);
	struct canvas *c = canvas_trace_create(&b, NULL);
	canvas_arc(c, 50, 50, 10, 0, 90);         /* 3 o'clock to 6 o'clock (y down) */
	const struct canvas_path *p = &c->path;
	assert_int_equal(p->n, 2);
	assert_close_abs(p->el[0].p[0][0], 60, 1e-9);
	assert_close_abs(p->el[0].p[0][1], 50, 1e-9);
	assert_close_abs(p->el[1].p[2][0], 50, 1e-9);
	assert_close_abs(p->el[1].p[2][1], 60, 1e-9);
	/* the Bézier midpoint of a quarter circle is within 0.03% of the radius */
	double t = 0.5, mt = 1 - t, x = 0, y = 0;
	double P[4][2] = { { 60, 50 }, { p->el[1].p[0][0], p->el[1].p[0][1] },
	                   { p->el[1].p[1][0], p->el[1].p[1][1] }, { 50, 60 } };
	double k[4] = { mt * mt * mt, 3 * mt * mt * t, 3 * mt * t * t, t * t * t };
	for (int i = 0; i < 4; i++) {
		x += k[i] * P[i][0];
		y += k[i] * P[i][1];
	}
	assert_close_abs(hypot(x - 50, y - 50), 10, 0.003);
	canvas_paint(c, 0);
	canvas_arc(c, 0, 0, 5, 0, 360);            /* full circle: four segments */
	assert_int_equal(c->path.n, 5);
	canvas_trace_destroy(c);
	buf_release(&b);
}

static void
test_svg_valid_and_escaped(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b);
	struct canvas *c = canvas_svg_create(&b, 200, 100, "A & B <chart>", "desc \"q\" 'x'",
	                                     "t1", NULL);
	canvas_set_fill(c, 0x123456, 0.25);
	canvas_rect(c, 0.04, 1.06, 10, -5);
	canvas_fill(c);
	canvas_save(c);
	canvas_clip_rect(c, 0, 0, 50, 50);
	canvas_save(c);
	canvas_clip_rect(c, 0, 0, 20, 20);
	canvas_set_stroke(c, 0xabcdef, 1);
	canvas_arc(c, 10, 10, 5, 0, 180);
	canvas_stroke(c);
	canvas_restore(c);
	canvas_restore(c);
	canvas_set_fill(c, 0, 1);
	canvas_text(c, 5, 5, "<b>\"R&D\" 研发</b>", CANVAS_START, CANVAS_BASELINE, 45);
	canvas_finish(c);
	assert_int_equal(canvas_status(c), 0);
	const char *s = buf_str(&b);
	assert_non_null(strstr(s, "role=\"img\""));
	assert_non_null(strstr(s, "<title id=\"t1-title\">A &amp; B &lt;chart&gt;</title>"));
	assert_non_null(strstr(s, "&lt;b&gt;&quot;R&amp;D&quot; 研发&lt;/b&gt;"));
	assert_non_null(strstr(s, "<rect x=\"0\" y=\"-3.9\" width=\"10\" height=\"5\" fill=\"#123456\" fill-opacity=\"0.25\"/>"));
	assert_non_null(strstr(s, "font-family=\"inherit\""));
	assert_null(strstr(s, "font-family=\"Deja"));
	assert_int_equal(run_on_file("xmllint --noout %s", s, b.len), 0);
	/* groups balanced: as many </g> as <g */
	size_t open = 0, close = 0;
	for (const char *p = s; (p = strstr(p, "<g ")); p++) open++;
	for (const char *p = s; (p = strstr(p, "</g>")); p++) close++;
	assert_int_equal(open, 2);
	assert_int_equal(close, 2);
	/* deterministic */
	struct buf b2;
	buf_init(&b2);
	struct canvas *c2 = canvas_svg_create(&b2, 200, 100, "x", NULL, "bad prefix!", NULL);
	assert_non_null(strstr(buf_str(&b2), "id=\"c-title\""));
	canvas_svg_destroy(c2);
	canvas_svg_destroy(c);
	buf_release(&b);
	buf_release(&b2);
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
test_pdf_backend(void **state)
{
	(void)state;
	HPDF_Doc volatile pdf = HPDF_New(on_pdf_error, NULL);
	struct canvas *volatile c = NULL;
	assert_non_null(pdf);
	if (setjmp(pdf_env)) {
		canvas_pdf_destroy(c);
		HPDF_Free(pdf);
		fail_msg("libharu error 0x%04lX", pdf_err);
	}
	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(pdf);
	HPDF_Page page = HPDF_AddPage(pdf);
	HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
	c = canvas_pdf_create(pdf, page, NULL, NULL);
	double dash[3] = { 2.4, 1.2, 0.3 };
	canvas_set_fill(c, 0x0072b2, 0.5);
	canvas_rect(c, 50, 50, 100, 40);
	canvas_fill(c);
	canvas_set_fill(c, 0x0072b2, 0.5);        /* same alpha: the cached ExtGState */
	canvas_rect(c, 50, 100, 100, 40);
	canvas_fill(c);
	canvas_save(c);
	canvas_clip_rect(c, 40, 40, 300, 300);
	canvas_set_stroke(c, 0xd55e00, 1);
	canvas_set_dash(c, dash, 3);
	canvas_move_to(c, 50, 200);
	canvas_arc(c, 100, 200, 50, 0, 270);
	canvas_close(c);
	canvas_paint(c, CANVAS_FILL | CANVAS_STROKE);
	canvas_restore(c);
	canvas_set_font(c, 14, 1);
	canvas_set_fill(c, 0x222222, 1);
	canvas_text(c, 50, 300, "周报 Weekly — 客户细分", CANVAS_START, CANVAS_BASELINE, 0);
	canvas_set_fill(c, 0x222222, 0.6);
	canvas_text(c, 300, 300, "Rotated 旋转", CANVAS_MIDDLE, CANVAS_VMIDDLE, -90);
	canvas_finish(c);
	assert_int_equal(canvas_status(c), 0);
	assert_int_equal(HPDF_Page_GetGStateDepth(page), 1);
	canvas_pdf_destroy(c);
	c = NULL;
	HPDF_SaveToStream(pdf);
	HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
	char *bytes = malloc(size);
	HPDF_UINT32 got = size;
	HPDF_ReadFromStream(pdf, (HPDF_BYTE *)bytes, &got);
	assert_int_equal(got, size);
	assert_int_equal(run_on_file("qpdf --check %s > /dev/null", bytes, size), 0);
	assert_int_equal(run_on_file("pdftotext -q %s - | grep -q '周报 Weekly'", bytes, size), 0);
	free(bytes);
	HPDF_Free(pdf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trace_records_calls),
		cmocka_unit_test(test_sticky_errors),
		cmocka_unit_test(test_text_anchor),
		cmocka_unit_test(test_arc_endpoints),
		cmocka_unit_test(test_svg_valid_and_escaped),
		cmocka_unit_test(test_pdf_backend),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
