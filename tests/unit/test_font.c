/* SPDX-License-Identifier: MIT
 * Tests for render/font: our TrueType widths must equal libharu's HPDF_Font_TextWidth for
 * the same font and string; cmap lookups, TTC faces, fallback runs, UTF-8 decoding,
 * coverage maps and table offsets. */
#include "testutil.h"

#include <hpdf.h>

#include "render/font.h"

#define DEJAVU FONT_FILE_REGULAR
#define DEJAVU_B FONT_FILE_BOLD
#define ZENHEI FONT_FILE_CJK

static jmp_buf hpdf_env;
static unsigned long hpdf_err;

static void
on_hpdf_error(HPDF_STATUS e, HPDF_STATUS detail, void *user)
{
	(void)detail;
	(void)user;
	hpdf_err = e;
	longjmp(hpdf_env, 1);
}

static const char *const samples[] = {
	"Weekly BD Report", "Revenue $1,234,567.89 (+4.1%)", "Ångström naïve café – “quotes”",
	"周报 Weekly 客户细分 2026年11月12日", "1.2万 3.4亿 ¥", "AVAV WAWA ffi fl", "",
	"Ωμέγα Кириллица", "−2.0% …",
};

/* Compares font_text_units with libharu for every sample string. */
static void
compare_with_libharu(const char *path, unsigned face)
{
	struct diag d;
	diag_init(&d);
	struct font *f = font_create(path, face, &d);
	assert_non_null(f);
	HPDF_Doc volatile pdf = HPDF_New(on_hpdf_error, NULL);
	assert_non_null(pdf);
	if (setjmp(hpdf_env)) {
		HPDF_Free(pdf);
		font_destroy(f);
		fail_msg("libharu error 0x%04lX", hpdf_err);
	}
	HPDF_UseUTFEncodings(pdf);
	const char *name = strstr(path, ".ttc") ? HPDF_LoadTTFontFromFile2(pdf, path, face, HPDF_TRUE)
	                                        : HPDF_LoadTTFontFromFile(pdf, path, HPDF_TRUE);
	HPDF_Font hf = HPDF_GetFont(pdf, name, "UTF-8");
	for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
		const char *s = samples[i];
		HPDF_TextWidth tw = HPDF_Font_TextWidth(hf, (const HPDF_BYTE *)s, (HPDF_UINT)strlen(s));
		long ours = font_text_units(f, s, strlen(s));
		if ((long)tw.width != ours)
			fail_msg("%s: \"%s\": ours %ld, libharu %u", path, s, ours, tw.width);
	}
	/* every printable code point of Latin-1 and a CJK block, one at a time */
	for (uint32_t cp = 0x20; cp < 0x3000 + 0x200; cp++) {
		if (cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
			continue;
		if (cp == 0x300)
			cp = 0x3000;
		if (font_glyph(f, cp) == 0)
			continue;
		HPDF_INT w = HPDF_Font_GetUnicodeWidth(hf, (HPDF_UNICODE)cp);
		if (w != font_advance(f, cp))
			fail_msg("%s: U+%04X: ours %d, libharu %d", path, (unsigned)cp, font_advance(f, cp), (int)w);
	}
	HPDF_Free(pdf);
	font_destroy(f);
}

static void test_widths_dejavu(void **s) { (void)s; compare_with_libharu(DEJAVU, 0); }
static void test_widths_dejavu_bold(void **s) { (void)s; compare_with_libharu(DEJAVU_B, 0); }
static void test_widths_zenhei(void **s) { (void)s; compare_with_libharu(ZENHEI, 0); }

static void
test_metrics_and_cmap(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	struct font *f = font_create(ZENHEI, 0, &d);
	struct font *g = font_create(DEJAVU, 0, &d);
	assert_non_null(f);
	assert_non_null(g);
	assert_true(font_glyph(f, 0x5468) != 0);     /* 周 */
	assert_int_equal(font_glyph(g, 0x5468), 0);  /* DejaVu has no CJK */
	assert_int_equal(font_advance(f, 0x5468), 1000);
	assert_true(font_ascent(g) > 500 && font_ascent(g) < 1100);
	assert_true(font_descent(g) < 0 && font_descent(g) > -400);
	assert_true(font_glyph(g, 'A') != 0);
	assert_int_equal(font_glyph(g, 0x10FFFF), 0);
	font_destroy(f);
	font_destroy(g);
}

static void
test_errors(void **state)
{
	(void)state;
	struct diag d;
	struct buf cap;
	buf_init(&cap);
	diag_init(&d);
	d.out = NULL;
	d.capture = &cap;
	assert_null(font_create("/nonexistent/font.ttf", 0, &d));
	assert_int_equal(d.status, BD_EIO);
	assert_non_null(strstr(buf_str(&cap), "cannot open font '/nonexistent/font.ttf'"));
	d.status = 0;
	assert_null(font_create("/etc/passwd", 0, &d));
	assert_int_equal(d.status, BD_EINPUT);
	d.status = 0;
	assert_null(font_create(ZENHEI, 99, &d));         /* no such face */
	assert_int_equal(d.status, BD_EINPUT);
	d.status = 0;
	assert_null(font_create(DEJAVU, 1, &d));          /* a .ttf has one face */
	assert_int_equal(d.status, BD_EINPUT);
	font_destroy(NULL);
	buf_release(&cap);
}

static void
test_fallback_runs(void **state)
{
	(void)state;
	const struct font_set *fs = font_set_default();
	assert_non_null(fs);
	assert_non_null(fs->fallback);
	const char *s = "Sales 销售额 up";
	struct font *face;
	size_t n = strlen(s), r1 = font_set_run(fs, 0, s, n, &face);
	assert_int_equal(r1, 6);                          /* "Sales " */
	assert_ptr_equal(face, fs->regular);
	size_t r2 = font_set_run(fs, 0, s + r1, n - r1, &face);
	assert_int_equal(r2, 9);                          /* three CJK characters */
	assert_ptr_equal(face, fs->fallback);
	/* the set's width is the sum of the runs measured in their faces */
	double w = font_set_width(fs, 0, s, n, 10);
	double parts = (font_text_units(fs->regular, s, r1) + font_text_units(fs->fallback, s + r1, r2) +
	                font_text_units(fs->regular, s + r1 + r2, n - r1 - r2)) * 10 / 1000.0;
	assert_close_abs(w, parts, 1e-9);
	assert_true(font_set_width(fs, 1, "Bold", 4, 10) > font_set_width(fs, 0, "Bold", 4, 10));
}

static void
test_utf8(void **state)
{
	(void)state;
	const char s[] = "a\xC3\xA9\xE5\x91\xA8\xF0\x9F\x98\x80\xFFz\xE5\x91";
	const char *p = s, *end = s + sizeof s - 1;
	assert_int_equal(font_utf8_next(&p, end), 'a');
	assert_int_equal(font_utf8_next(&p, end), 0xE9);
	assert_int_equal(font_utf8_next(&p, end), 0x5468);
	assert_int_equal(font_utf8_next(&p, end), 0x1F600);
	assert_int_equal(font_utf8_next(&p, end), UINT32_MAX);   /* 0xFF */
	assert_int_equal(font_utf8_next(&p, end), 'z');
	assert_int_equal(font_utf8_next(&p, end), UINT32_MAX);   /* truncated sequence */
	assert_int_equal(font_utf8_next(&p, end), UINT32_MAX);
	assert_ptr_equal(p, end);
	/* above the BMP counts as a space, as libharu draws it */
	const struct font_set *fs = font_set_default();
	assert_close_abs(font_set_width(fs, 0, "\xF0\x9F\x98\x80", 4, 10),
	                 font_set_width(fs, 0, " ", 1, 10), 1e-12);
}

/* Coverage maps and table offsets for the PDF engine and the subsetter. */
static void
test_coverage_and_tables(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	struct font *latin = font_create(DEJAVU, 0, &d), *cjk = font_create(ZENHEI, 0, &d);
	assert_non_null(latin);
	assert_non_null(cjk);
	unsigned char *bits = malloc(8192);
	font_coverage(latin, bits);
	assert_true(bits['A' >> 3] >> ('A' & 7) & 1);
	assert_false(bits[0x4E2D >> 3] >> (0x4E2D & 7) & 1);        /* 中 is not in DejaVu */
	long n = 0, want = 0;
	for (uint32_t cp = 0; cp < 65536; cp++) {
		n += bits[cp >> 3] >> (cp & 7) & 1;
		want += cp < 0xFFFF && font_glyph(latin, cp) != 0;
	}
	assert_int_equal(n, want);
	assert_true(n > 3000);
	font_coverage(cjk, bits);
	assert_true(bits[0x4E2D >> 3] >> (0x4E2D & 7) & 1);
	free(bits);

	/* head of each face: 54 bytes whose magic number 0x5F0F3CF5 sits at offset 12 */
	const struct { struct font *f; const char *path; } faces[] = { { latin, DEJAVU }, { cjk, ZENHEI } };
	for (size_t i = 0; i < 2; i++) {
		size_t off = 0, len = 0;
		unsigned char m[4];
		assert_int_equal(font_table(faces[i].f, "head", &off, &len), 0);
		assert_int_equal(len, 54);
		FILE *fp = fopen(faces[i].path, "rb");
		assert_non_null(fp);
		assert_int_equal(fseek(fp, (long)off + 12, SEEK_SET), 0);
		assert_int_equal(fread(m, 1, 4, fp), 4);
		fclose(fp);
		assert_true(m[0] == 0x5F && m[1] == 0x0F && m[2] == 0x3C && m[3] == 0xF5);
		assert_int_equal(font_table(faces[i].f, "glyf", &off, &len), 0);
		assert_true(len > 1000);
		assert_int_equal(font_table(faces[i].f, "CFF ", &off, &len), -1);
	}
	font_destroy(latin);
	font_destroy(cjk);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_widths_dejavu),
		cmocka_unit_test(test_widths_dejavu_bold),
		cmocka_unit_test(test_widths_zenhei),
		cmocka_unit_test(test_metrics_and_cmap),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_fallback_runs),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_coverage_and_tables),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
