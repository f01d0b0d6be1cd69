/* SPDX-License-Identifier: MIT
 * Unit tests for src/render/pdfdoc*: the line breaker (Latin, CJK, mixed, kinsoku,
 * long words), font run splitting, and layout through the trace (table pagination with
 * the header repeated, headings kept with what follows, landscape pages, errors).
 * With "--sample en|zh OUT.pdf" it writes the e2e sample document instead. */
#include "testutil.h"

#include <unistd.h>

#include "base/rng.h"
#include "render/pdfdoc.h"

/* ------------------------------------------------------------ line breaker */

/* Every code point is 1 unit wide: widths equal character counts. */
static double
unit_w(void *ctx, uint32_t cp)
{
	(void)ctx;
	(void)cp;
	return 1;
}

/* Breaks s at max_w and joins the lines with '|'. */
static char *
lines_of(struct arena *a, const char *s, double max_w)
{
	struct pdfdoc_text_line *ln;
	size_t n = pdfdoc_text_break(s, strlen(s), max_w, unit_w, NULL, a, &ln);
	struct buf b;
	buf_init(&b);
	for (size_t k = 0; k < n; k++) {
		if (k)
			buf_putc(&b, '|');
		buf_add(&b, s + ln[k].start, ln[k].end - ln[k].start);
	}
	char *r = arena_strdup(a, buf_str(&b));
	buf_release(&b);
	return r;
}

static void
test_break_latin(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	assert_string_equal(lines_of(&a, "the quick brown fox", 9), "the quick|brown fox");
	assert_string_equal(lines_of(&a, "the quick brown fox", 8), "the|quick|brown|fox");
	assert_string_equal(lines_of(&a, "the quick brown fox", 100), "the quick brown fox");
	/* several spaces are dropped at the break, kept inside a line */
	assert_string_equal(lines_of(&a, "ab   cd  ef", 5), "ab|cd|ef");
	assert_string_equal(lines_of(&a, "ab cd", 5), "ab cd");
	/* after a hyphen between letters, not after a leading minus */
	assert_string_equal(lines_of(&a, "well-known fact", 7), "well-|known|fact");
	assert_string_equal(lines_of(&a, "x -42 y", 3), "x|-42|y");
	/* forced breaks */
	assert_string_equal(lines_of(&a, "one\ntwo three", 20), "one|two three");
	assert_string_equal(lines_of(&a, "a\n\nb", 20), "a||b");
	assert_string_equal(lines_of(&a, "", 20), "");
	arena_finish(&a);
}

static void
test_break_long_word(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	assert_string_equal(lines_of(&a, "abcdefghij", 4), "abcd|efgh|ij");
	assert_string_equal(lines_of(&a, "to abcdefghij ok", 4), "to|abcd|efgh|ij|ok");
	/* narrower than one character: one character per line, never an empty line */
	assert_string_equal(lines_of(&a, "abc", 0.5), "a|b|c");
	arena_finish(&a);
}

static void
test_break_cjk(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	assert_string_equal(lines_of(&a, "一二三四五六七", 3), "一二三|四五六|七");
	/* no line starts with a closing mark: the character before it moves down */
	assert_string_equal(lines_of(&a, "一二，三四", 2), "一|二，|三四");
	assert_string_equal(lines_of(&a, "一二三。", 3), "一二|三。");
	assert_string_equal(lines_of(&a, "甲乙」丙", 2), "甲|乙」|丙");
	/* no line ends with an opening mark */
	assert_string_equal(lines_of(&a, "一二（三四", 3), "一二|（三四");
	assert_string_equal(lines_of(&a, "一【二三", 2), "一|【二|三");
	arena_finish(&a);
}

static void
test_break_mixed(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	/* CJK next to Latin breaks, inside a Latin word it does not */
	assert_string_equal(lines_of(&a, "销售revenue增长", 9), "销售revenue|增长");
	assert_string_equal(lines_of(&a, "销售revenue增长", 8), "销售|revenue增|长");
	assert_string_equal(lines_of(&a, "客户 CRM 数据", 6), "客户 CRM|数据");
	arena_finish(&a);
}

static int
is_closing(uint32_t c)
{
	static const uint32_t set[] = { 0xFF0C, 0x3002, 0x3001, 0xFF1B, 0xFF1A, 0xFF1F, 0xFF01,
	                                0xFF09, 0x300D, 0x300F, 0x3011 };
	for (size_t k = 0; k < sizeof set / sizeof set[0]; k++)
		if (set[k] == c)
			return 1;
	return 0;
}

static int
is_opening(uint32_t c)
{
	return c == 0xFF08 || c == 0x300C || c == 0x300E || c == 0x3010;
}

/* Random texts from words, ideographs and punctuation: the lines cover the text in
 * order, only spaces are dropped, every line fits, kinsoku holds. */
static void
test_break_properties(void **state)
{
	(void)state;
	static const char *const tok[] = { "word", " ", "customer", "-", "数据", "客", "，", "。",
	                                   "（", "）", "「", "」", "retention", "A", "季度" };
	struct rng r;
	rng_seed(&r, 7);
	for (int it = 0; it < 400; it++) {
		struct arena a;
		struct buf b;
		arena_init(&a);
		buf_init(&b);
		size_t nt = 1 + rng_below(&r, 40);
		uint32_t last = 0;
		for (size_t k = 0; k < nt; k++) {
			const char *t = tok[rng_below(&r, sizeof tok / sizeof tok[0])];
			size_t i = 0;
			uint32_t c = pdfdoc_text_next(t, strlen(t), &i);
			/* keep punctuation isolated so kinsoku is always satisfiable */
			if ((is_closing(c) || is_opening(c)) && (is_closing(last) || is_opening(last)))
				continue;
			buf_puts(&b, t);
			last = c;
		}
		double maxw = 2 + (double)rng_below(&r, 12);
		const char *s = buf_str(&b);
		struct pdfdoc_text_line *ln;
		size_t n = pdfdoc_text_break(s, b.len, maxw, unit_w, NULL, &a, &ln);
		size_t pos = 0;
		for (size_t k = 0; k < n; k++) {
			/* only spaces between lines */
			while (pos < ln[k].start) {
				assert_int_equal(s[pos], ' ');
				pos++;
			}
			assert_true(ln[k].end >= ln[k].start);
			size_t i = ln[k].start, chars = 0;
			uint32_t first = 0, lastc = 0;
			while (i < ln[k].end) {
				lastc = pdfdoc_text_next(s, ln[k].end, &i);
				if (chars++ == 0)
					first = lastc;
			}
			assert_true(ln[k].width <= maxw || chars == 1 || is_closing(lastc) || lastc == ',');
			assert_close_abs(ln[k].width, (double)chars, 1e-9);
			if (k > 0 && chars > 0 && is_closing(first))
				fail_msg("line %zu of \"%s\" (max %g) starts with a closing mark", k, s, maxw);
			if (k + 1 < n && chars > 1)
				assert_false(is_opening(lastc));
			pos = ln[k].end;
		}
		while (pos < b.len) {
			assert_int_equal(s[pos], ' ');
			pos++;
		}
		buf_release(&b);
		arena_finish(&a);
	}
}

static void
test_utf8_decode(void **state)
{
	(void)state;
	const char s[] = "A\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80\xFF\xE4\xB8";
	size_t i = 0, n = sizeof s - 1;
	assert_int_equal(pdfdoc_text_next(s, n, &i), 'A');
	assert_int_equal(pdfdoc_text_next(s, n, &i), 0xE9);
	assert_int_equal(pdfdoc_text_next(s, n, &i), 0x4E2D);
	assert_int_equal(pdfdoc_text_next(s, n, &i), 0x1F600);
	assert_int_equal(pdfdoc_text_next(s, n, &i), 0xFFFD);   /* stray byte */
	assert_int_equal(pdfdoc_text_next(s, n, &i), 0xFFFD);   /* truncated sequence */
	assert_int_equal(pdfdoc_text_next(s, n, &i), 0xFFFD);
	assert_int_equal(i, n);
}

/* ------------------------------------------------------------------- runs */

static int
toy_font(void *ctx, uint32_t cp)
{
	(void)ctx;
	if (cp < 0x80)
		return 0;
	if (cp >= 0x4E00 && cp <= 0x9FFF)
		return 1;
	return -1;
}

static void
test_runs(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	const char *s = "abc 中文 def☃☃x";
	struct pdfdoc_text_run *r;
	size_t n = pdfdoc_text_runs(s, strlen(s), toy_font, NULL, &a, &r);
	const char *want[] = { "abc ", "中文 ", "def", "☃☃", "x" };
	int font[] = { 0, 1, 0, -1, 0 };
	assert_int_equal(n, 5);
	for (size_t k = 0; k < n; k++) {
		assert_int_equal(r[k].end - r[k].start, strlen(want[k]));
		assert_memory_equal(s + r[k].start, want[k], strlen(want[k]));
		assert_int_equal(r[k].font, font[k]);
	}
	assert_int_equal(pdfdoc_text_runs("", 0, toy_font, NULL, &a, &r), 0);
	arena_finish(&a);
}

/* ------------------------------------------------------- documents, trace */

static struct diag quiet_diag;
static struct buf diag_text;

static struct pdfdoc *
new_doc(const char *lang, struct buf *trace)
{
	struct pdfdoc_options o = { 0 };
	o.locale = locale_of(lang);
	o.title = "Weekly BD report";
	diag_init(&quiet_diag);
	buf_reset(&diag_text);
	quiet_diag.out = NULL;
	quiet_diag.capture = &diag_text;
	struct pdfdoc *d = pdfdoc_create(&o, &quiet_diag);
	if (trace)
		pdfdoc_set_trace(d, trace);
	return d;
}

/* Value of "key=" in the line, as a double. */
static double
field(const char *line, const char *key)
{
	const char *p = strstr(line, key);
	assert_non_null(p);
	return atof(p + strlen(key));
}

static void
tmp_pdf(char *out, size_t n, const char *name)
{
	snprintf(out, n, "%s/bdreport-test-%ld-%s.pdf", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
	         (long)getpid(), name);
}

static void
test_table_pagination(void **state)
{
	(void)state;
	struct buf tr;
	buf_init(&tr);
	struct pdfdoc *d = new_doc("en", &tr);
	static const struct pdfdoc_col cols[] = {
		{ "Account", 0, PDFDOC_LEFT, 0 }, { "Region", 0, PDFDOC_LEFT, 0 },
		{ "Revenue", 0.2, PDFDOC_LEFT, 1 }, { "Note", 0.35, PDFDOC_LEFT, 0 },
	};
	enum { NR = 150 };
	struct arena a;
	arena_init(&a);
	const char **cells = arena_calloc(&a, NR * 4, sizeof *cells);
	for (int r = 0; r < NR; r++) {
		cells[r * 4] = arena_printf(&a, "Account %d", r);
		cells[r * 4 + 1] = r % 3 ? "EMEA" : "华东";
		cells[r * 4 + 2] = arena_printf(&a, "%d.%02d", r * 37, r % 100);
		/* every 10th note wraps to several lines */
		cells[r * 4 + 3] = r % 10 ? "ok" : "a longer note that has to wrap inside its column "
		                                 "because it is far wider than the column itself";
	}
	const char *totals[] = { "Total", "", "123456.00", "" };
	struct pdfdoc_table t = { cols, 4, cells, NR, totals, 1, 0, 0 };
	pdfdoc_heading(d, 1, "Accounts");
	pdfdoc_table(d, &t);
	assert_int_equal(pdfdoc_status(d), BD_OK);

	/* walk the trace: rows in order; a header at the top of every continuation page,
	 * directly followed by the next row; nothing below the bottom margin */
	double ph = 0, head_y = -1, last_bottom = 0;
	size_t page = 0, heads = 0, next_row = 0, pages_with_rows = 0, row_page = 0;
	int saw_totals = 0;
	char *line = tr.data;
	while (line && *line) {
		char *nl = strchr(line, '\n');
		*nl = '\0';
		if (strncmp(line, "page ", 5) == 0) {
			page++;
			ph = atof(strchr(line, 'x') + 1);
			assert_close_abs(ph, 842, 1);
		} else if (strncmp(line, "thead ", 6) == 0) {
			heads++;
			assert_int_equal((size_t)field(line, "page="), page);
			head_y = field(line, "y=");
			if (heads > 1)
				assert_close_abs(head_y, 54, 0.01);  /* margin 50 + 4: top of the page */
			last_bottom = -1;
		} else if (strncmp(line, "row ", 4) == 0) {
			assert_int_equal((size_t)atoi(line + 4), next_row);
			next_row++;
			assert_int_equal((size_t)field(line, "page="), page);
			double y = field(line, "y="), h = field(line, "h=");
			assert_true(y > head_y);
			if (last_bottom >= 0)
				assert_close_abs(y, last_bottom, 0.11);   /* the trace rounds to 0.1 */
			assert_true(y + h <= ph - 50 + 1e-6);
			last_bottom = y + h;
			if (row_page != page) {
				row_page = page;
				pages_with_rows++;
			}
		} else if (strncmp(line, "totals ", 7) == 0) {
			saw_totals = 1;
			assert_int_equal(next_row, NR);
		}
		*nl = '\n';
		line = nl + 1;
	}
	assert_int_equal(next_row, NR);
	assert_true(saw_totals);
	assert_true(pages_with_rows >= 3);
	assert_int_equal(heads, pdfdoc_page_count(d));   /* one header per page */
	assert_int_equal(pdfdoc_page_count(d), pages_with_rows);
	char path[256];
	tmp_pdf(path, sizeof path, "table");
	assert_int_equal(pdfdoc_save(d, path), BD_OK);
	remove(path);
	pdfdoc_destroy(d);
	arena_finish(&a);
	buf_release(&tr);
}

static void
test_landscape_table(void **state)
{
	(void)state;
	struct buf tr;
	buf_init(&tr);
	struct pdfdoc *d = new_doc("en", &tr);
	static const struct pdfdoc_col cols[] = { { "A", 0, PDFDOC_LEFT, 0 }, { "B", 0, PDFDOC_LEFT, 1 } };
	const char *cells[] = { "x", "1", "y", "2" };
	struct pdfdoc_table t = { cols, 2, cells, 2, NULL, 0, 1, 0 };
	pdfdoc_paragraph(d, "Before.", NULL);
	pdfdoc_heading(d, 2, "Wide");
	pdfdoc_table(d, &t);
	pdfdoc_paragraph(d, "After.", NULL);
	assert_int_equal(pdfdoc_status(d), BD_OK);
	assert_int_equal(pdfdoc_page_count(d), 3);
	const char *s = buf_str(&tr);
	assert_non_null(strstr(s, "page 1 595x842"));
	assert_non_null(strstr(s, "page 2 842x595\nheading 2 page=2"));
	assert_non_null(strstr(s, "page 3 595x842"));
	pdfdoc_destroy(d);
	buf_release(&tr);
}

/* A row taller than a page is split between lines; each piece stays inside the page,
 * follows a repeated header, and the rows around it stay whole. Letter paper. */
static void
test_tall_row_splits(void **state)
{
	(void)state;
	struct buf tr, big;
	buf_init(&tr);
	buf_init(&big);
	struct pdfdoc_options o = { 0 };
	o.paper = PDFDOC_LETTER;
	struct diag dg;
	diag_init(&dg);
	struct pdfdoc *d = pdfdoc_create(&o, &dg);
	pdfdoc_set_trace(d, &tr);
	for (int i = 0; i < 1500; i++)
		buf_printf(&big, "word%d ", i);
	static const struct pdfdoc_col cols[] = { { "Key", 0.2, PDFDOC_LEFT, 0 }, { "Text", 0.8, PDFDOC_LEFT, 0 } };
	const char *cells[] = { "a", "short", "b", buf_str(&big), "c", "after" };
	struct pdfdoc_table t = { cols, 2, cells, 3, NULL, 0, 0, 0 };
	pdfdoc_table(d, &t);
	assert_int_equal(pdfdoc_status(d), BD_OK);
	assert_true(pdfdoc_page_count(d) >= 3);

	size_t page = 0, pieces = 0, heads = 0;
	double head_y = 0, ph = 0, expect_y = -1;
	long last_row = -1;
	char *line = tr.data;
	while (line && *line) {
		char *nl = strchr(line, '\n');
		*nl = '\0';
		if (strncmp(line, "page ", 5) == 0) {
			page++;
			assert_non_null(strstr(line, " 612x792"));
			ph = 792;
		} else if (strncmp(line, "thead ", 6) == 0) {
			heads++;
			head_y = field(line, "y=");
			expect_y = -1;
		} else if (strncmp(line, "row ", 4) == 0) {
			long r = atol(line + 4);
			double y = field(line, "y="), h = field(line, "h=");
			assert_true(y > head_y);
			assert_true(y + h <= ph - 50 + 1e-6);
			if (expect_y >= 0)
				assert_close_abs(y, expect_y, 0.11);
			expect_y = y + h;
			if (r == 1) {
				pieces++;
				if (pieces > 1)
					assert_non_null(strstr(line, "part="));
			} else {
				assert_null(strstr(line, "part="));
			}
			assert_true(r == last_row || r == last_row + 1);
			last_row = r;
		}
		*nl = '\n';
		line = nl + 1;
	}
	assert_int_equal(last_row, 2);
	assert_true(pieces >= 2);
	assert_int_equal(heads, page);
	pdfdoc_destroy(d);
	buf_release(&big);
	buf_release(&tr);
}

/* A figure taller than the page is shrunk to the content height. */
static void
test_figure_clamped(void **state)
{
	(void)state;
	struct buf tr;
	buf_init(&tr);
	struct pdfdoc *d = new_doc("en", &tr);
	pdfdoc_paragraph(d, "Intro.", NULL);
	pdfdoc_figure(d, 5000, NULL, NULL, NULL);
	const char *f = strstr(buf_str(&tr), "figure page=2");
	assert_non_null(f);
	assert_close_abs(field(f, "y="), 54, 0.01);
	assert_true(field(f, "y=") + field(f, "h=") <= 842 - 50 + 0.1);
	assert_true(field(f, "h=") > 700);
	pdfdoc_destroy(d);
	buf_release(&tr);
}

static void
fill_box(void *ctx, HPDF_Doc pdf, HPDF_Page page, double x, double y, double w, double h,
         double page_h)
{
	(void)pdf;
	int *calls = ctx;
	(*calls)++;
	HPDF_Page_SetRGBFill(page, 0.8f, 0.2f, 0.2f);
	HPDF_Page_Rectangle(page, (float)x, (float)(page_h - y - h), (float)w, (float)h);
	HPDF_Page_Fill(page);
}

static void
test_heading_kept_with_next(void **state)
{
	(void)state;
	struct buf tr;
	buf_init(&tr);
	struct pdfdoc *d = new_doc("en", &tr);
	int calls = 0;
	/* fill page 1 down to about 200 pt above the bottom margin */
	pdfdoc_figure(d, 842 - 104 - 200, NULL, fill_box, &calls);
	pdfdoc_heading(d, 1, "Section");
	pdfdoc_heading(d, 2, "Subsection");
	pdfdoc_figure(d, 300, "Figure 1", fill_box, &calls);
	pdfdoc_heading(d, 1, "Next");
	pdfdoc_paragraph(d, "Short text.", NULL);
	assert_int_equal(pdfdoc_status(d), BD_OK);
	assert_int_equal(calls, 2);
	const char *s = buf_str(&tr);
	/* both headings moved to page 2 with the figure, in order, above it */
	const char *h1 = strstr(s, "heading 1 page=2"), *h2 = strstr(s, "heading 2 page=2");
	const char *f2 = strstr(s, "figure page=2");
	assert_non_null(h1);
	assert_non_null(h2);
	assert_non_null(f2);
	assert_true(h1 < h2 && h2 < f2);
	assert_true(field(h2, "y=") > field(h1, "y="));
	assert_true(field(f2, "y=") > field(h2, "y="));
	assert_null(strstr(s, "heading 1 page=1"));
	assert_non_null(strstr(s, "heading 1 page=2 y=54.0"));   /* top of the page, no space before */
	pdfdoc_destroy(d);
	buf_release(&tr);
}

static void
test_fonts_and_substitutes(void **state)
{
	(void)state;
	struct pdfdoc *d = new_doc("zh-CN", NULL);
	double wa = pdfdoc_text_width(d, "A", 10, 0), wab = pdfdoc_text_width(d, "AB", 10, 0);
	double wz = pdfdoc_text_width(d, "中", 10, 0);
	assert_true(wa > 3 && wa < 10);
	assert_true(wab > wa);
	assert_close_abs(wz, 10, 0.01);   /* ideographs are 1 em in zenhei */
	assert_true(pdfdoc_text_width(d, "A", 10, 1) >= wa);
	assert_non_null(pdfdoc_font(d, PDFDOC_FONT_CJK));
	assert_non_null(pdfdoc_font(d, PDFDOC_FONT_LATIN_BOLD));
	/* U+1F600 is outside the BMP and U+0378 is unassigned: no font draws them */
	pdfdoc_paragraph(d, "smile \xF0\x9F\x98\x80 and \xCD\xB8 end", NULL);
	assert_int_equal(pdfdoc_substituted(d), 2);
	char path[256];
	tmp_pdf(path, sizeof path, "subst");
	assert_int_equal(pdfdoc_save(d, path), BD_OK);
	assert_non_null(strstr(buf_str(&diag_text), "warning: pdf: 2 character(s) have no glyph"));
	assert_non_null(strstr(buf_str(&diag_text), "U+1F600"));
	remove(path);
	pdfdoc_destroy(d);
}

/* Fonts are embedded only when used: English text never pulls in zenhei; one
 * ideograph does. Mixed text measures as the sum of its runs. */
static void
test_lazy_fonts(void **state)
{
	(void)state;
	char path[256];
	tmp_pdf(path, sizeof path, "lazy");
	for (int with_cjk = 0; with_cjk < 2; with_cjk++) {
		struct pdfdoc *d = new_doc("en", NULL);
		struct pdfdoc_kpi k = { "Revenue", "1.2 M", "+3%", 1, 1 };
		pdfdoc_heading(d, 1, "Summary");
		pdfdoc_kpis(d, &k, 1);
		pdfdoc_paragraph(d, with_cjk ? "Sales in 华东 grew." : "Sales in EMEA grew.", NULL);
		if (with_cjk)
			assert_close_abs(pdfdoc_text_width(d, "A中", 12, 0),
			                 pdfdoc_text_width(d, "A", 12, 0) + pdfdoc_text_width(d, "中", 12, 0), 1e-9);
		assert_int_equal(pdfdoc_save(d, path), BD_OK);
		pdfdoc_destroy(d);
		size_t n = 0;
		char *pdf = test_read_file(path, &n);
		assert_non_null(pdf);
		int has_zenhei = 0, has_dejavu = 0;
		for (size_t i = 0; i + 16 < n; i++) {
			if (memcmp(pdf + i, "WenQuanYiZenHei", 15) == 0)
				has_zenhei = 1;
			if (memcmp(pdf + i, "DejaVuSans", 10) == 0)
				has_dejavu = 1;
		}
		free(pdf);
		assert_true(has_dejavu);
		assert_int_equal(has_zenhei, with_cjk);
	}
	remove(path);
}

static void
bad_draw(void *ctx, HPDF_Doc pdf, HPDF_Page page, double x, double y, double w, double h,
         double page_h)
{
	(void)ctx; (void)pdf; (void)x; (void)y; (void)w; (void)h; (void)page_h;
	HPDF_Page_LineTo(page, 10, 10);   /* no current point: libharu raises 0x1051 */
}

static void
test_errors_are_sticky(void **state)
{
	(void)state;
	struct pdfdoc *d = new_doc("en", NULL);
	pdfdoc_paragraph(d, "ok", NULL);
	pdfdoc_figure(d, 50, NULL, bad_draw, NULL);
	assert_int_equal(pdfdoc_status(d), BD_EINTERNAL);
	assert_non_null(strstr(buf_str(&diag_text), "error: pdf: operation not allowed"));
	size_t pages = pdfdoc_page_count(d);
	pdfdoc_paragraph(d, "ignored", NULL);   /* no-op now */
	assert_int_equal(pdfdoc_page_count(d), pages);
	char path[256];
	tmp_pdf(path, sizeof path, "err");
	assert_int_equal(pdfdoc_save(d, path), BD_EINTERNAL);
	assert_null(fopen(path, "rb"));
	pdfdoc_destroy(d);

	/* an unwritable path is an I/O error and leaves no file behind */
	d = new_doc("en", NULL);
	pdfdoc_paragraph(d, "text", NULL);
	assert_int_equal(pdfdoc_save(d, "/nonexistent-dir/x.pdf"), BD_EIO);
	assert_non_null(strstr(buf_str(&diag_text), "error: pdf: cannot open file"));
	pdfdoc_destroy(d);
	pdfdoc_destroy(NULL);
}

/* ------------------------------------------------------------ e2e sample */

static void
sample_chart(void *ctx, HPDF_Doc pdf, HPDF_Page page, double x, double y, double w, double h,
             double page_h)
{
	struct pdfdoc *d = ctx;
	(void)pdf;
	HPDF_Page_GSave(page);
	HPDF_Page_SetRGBStroke(page, 0.2f, 0.2f, 0.2f);
	HPDF_Page_SetLineWidth(page, 1);
	HPDF_Page_Rectangle(page, (float)x, (float)(page_h - y - h), (float)w, (float)h);
	HPDF_Page_Stroke(page);
	static const double v[] = { 0.3, 0.55, 0.8, 0.45, 0.95, 0.6 };
	for (int i = 0; i < 6; i++) {
		double bw = w / 6 * 0.6, bx = x + w / 6 * (i + 0.2), bh = (h - 30) * v[i];
		HPDF_Page_SetRGBFill(page, 0.12f, 0.23f + 0.1f * (float)i, 0.37f);
		HPDF_Page_Rectangle(page, (float)bx, (float)(page_h - y - h + 10), (float)bw, (float)bh);
		HPDF_Page_Fill(page);
	}
	HPDF_Page_BeginText(page);
	HPDF_Page_SetFontAndSize(page, pdfdoc_font(d, PDFDOC_FONT_LATIN), 8);
	HPDF_Page_SetRGBFill(page, 0, 0, 0);
	HPDF_Page_TextOut(page, (float)(x + 6), (float)(page_h - y - 12), "chart-label");
	HPDF_Page_EndText(page);
	HPDF_Page_GRestore(page);
}

static int
write_sample(const char *lang, const char *path)
{
	int zh = strcmp(lang, "zh") == 0;
	struct diag dg;
	diag_init(&dg);
	struct pdfdoc_options o = { 0 };
	o.locale = zh ? LOCALE_ZH_CN : LOCALE_EN;
	o.title = zh ? "业务发展周报" : "Weekly BD Report";
	o.author = zh ? "业务发展部" : "BD Analytics";
	o.subject = zh ? "第 46 周" : "Week 46";
	o.keywords = zh ? "周报, 客户, 销售" : "weekly, customers, revenue";
	struct pdfdoc *d = pdfdoc_create(&o, &dg);
	const char *en_head[] = { "Revenue grew 4.1% week over week, led by EMEA.",
	                          "Churn risk is concentrated in 12 accounts worth 8% of revenue.",
	                          "Three partners account for half of the new pipeline." };
	const char *zh_head[] = { "营业收入环比增长 4.1%，主要来自华东地区。",
	                          "流失风险集中在 12 个客户，占收入的 8%。",
	                          "三家合作伙伴贡献了一半的新增商机。" };
	pdfdoc_cover(d, o.title, zh ? "示例公司 · 2026 年第 46 周" : "Example Corp · Week 46, 2026",
	             zh ? zh_head : en_head, 3);
	pdfdoc_heading(d, 1, zh ? "关键指标" : "Key indicators");
	struct pdfdoc_kpi k[] = {
		{ zh ? "营业收入" : "Revenue", "1.24 M", zh ? "+4.1% 环比" : "+4.1% vs last week", 1, 1 },
		{ zh ? "新客户" : "New customers", "318", zh ? "-2.3% 环比" : "-2.3% vs last week", -1, 0 },
		{ zh ? "流失率" : "Churn rate", "3.2%", zh ? "-0.4 个百分点" : "-0.4 pt", -1, 1 },
		{ zh ? "商机金额" : "Pipeline", "5.9 M", NULL, 0, 1 },
	};
	pdfdoc_kpis(d, k, 4);
	pdfdoc_paragraph(d, zh ? "本周营业收入继续增长，华东和华南地区表现突出。客户流失率略有下降，"
	                         "但大客户的续约风险仍需关注（详见第三部分）。新增商机主要来自合作伙伴渠道，"
	                         "其中三家合作伙伴贡献了一半以上的金额。"
	                       : "Revenue kept growing this week, with EMEA and APAC ahead of plan. "
	                         "Churn eased slightly, but renewal risk among large accounts needs "
	                         "attention (see section three). New pipeline came mostly from partner "
	                         "channels, where three partners brought in more than half of the value.",
	                 NULL);
	pdfdoc_heading(d, 2, zh ? "收入趋势" : "Revenue trend");
	pdfdoc_figure(d, 180, zh ? "图 1：每周收入" : "Figure 1: weekly revenue", sample_chart, d);
	const char *bul_en[] = { "Focus on the 12 at-risk accounts.", "Renew partner agreements before Q1." };
	const char *bul_zh[] = { "重点跟进 12 个高风险客户。", "在第一季度前续签合作协议。" };
	pdfdoc_bullets(d, zh ? bul_zh : bul_en, 2);
	pdfdoc_heading(d, 1, zh ? "客户明细" : "Account details");
	pdfdoc_heading(d, 2, zh ? "重点客户" : "Top accounts");
	struct pdfdoc_col cols[] = {
		{ zh ? "客户名称" : "Account", 0, PDFDOC_LEFT, 0 },
		{ zh ? "地区" : "Region", 0, PDFDOC_LEFT, 0 },
		{ zh ? "收入" : "Revenue", 0.18, PDFDOC_RIGHT, 1 },
		{ zh ? "备注" : "Comment", 0.4, PDFDOC_LEFT, 0 },
	};
	enum { NR = 140 };
	struct arena a;
	arena_init(&a);
	const char **cells = arena_calloc(&a, NR * 4, sizeof *cells);
	for (int r = 0; r < NR; r++) {
		cells[r * 4] = arena_printf(&a, zh ? "客户%03d" : "Account %03d", r);
		cells[r * 4 + 1] = zh ? (r % 2 ? "华东" : "华南") : (r % 2 ? "EMEA" : "APAC");
		cells[r * 4 + 2] = arena_printf(&a, "%d,%03d", 10 + r * 7, (r * 313) % 1000);
		cells[r * 4 + 3] = r % 7 ? (zh ? "正常" : "steady")
		                         : (zh ? "续约风险较高，需要在本季度内安排高层拜访并确认预算。"
		                               : "renewal at risk: schedule an executive visit this quarter");
	}
	const char *totals[] = { zh ? "合计" : "Total", "", "987,654", "" };
	struct pdfdoc_table t = { cols, 4, cells, NR, totals, 1, 0, 0 };
	pdfdoc_table(d, &t);
	/* a wide table on a landscape page of its own */
	struct pdfdoc_col wide[10];
	const char *wtitle_en[] = { "Region", "Q1", "Q2", "Q3", "Q4", "Total", "Share", "Target", "Gap", "Owner" };
	const char *wtitle_zh[] = { "地区", "一季度", "二季度", "三季度", "四季度", "合计", "占比", "目标", "差距", "负责人" };
	for (int c = 0; c < 10; c++)
		wide[c] = (struct pdfdoc_col){ zh ? wtitle_zh[c] : wtitle_en[c], 0, PDFDOC_LEFT, c > 0 && c < 9 };
	const char **wc = arena_calloc(&a, 12 * 10, sizeof *wc);
	for (int r = 0; r < 12; r++)
		for (int c = 0; c < 10; c++)
			wc[r * 10 + c] = c == 0 ? arena_printf(&a, zh ? "区域%02d" : "Region %02d", r)
			               : c == 9 ? (zh ? "张经理" : "A. Smith")
			               : arena_printf(&a, "%d,%03d.%02d", r * 11 + c, (r * 97 + c * 13) % 1000, c);
	struct pdfdoc_table wt = { wide, 10, wc, 12, NULL, 1, 1, 0 };
	pdfdoc_heading(d, 2, zh ? "地区季度明细" : "Regional breakdown");
	pdfdoc_table(d, &wt);
	pdfdoc_heading(d, 3, zh ? "说明" : "Notes");
	pdfdoc_paragraph(d, zh ? "数据来源：客户关系管理系统导出。" : "Source: CRM export.", NULL);
	int st = pdfdoc_save(d, path);
	pdfdoc_destroy(d);
	arena_finish(&a);
	return st;
}

int
main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "--sample") == 0)
		return write_sample(argv[2], argv[3]);
	buf_init(&diag_text);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_break_latin),
		cmocka_unit_test(test_break_long_word),
		cmocka_unit_test(test_break_cjk),
		cmocka_unit_test(test_break_mixed),
		cmocka_unit_test(test_break_properties),
		cmocka_unit_test(test_utf8_decode),
		cmocka_unit_test(test_runs),
		cmocka_unit_test(test_table_pagination),
		cmocka_unit_test(test_landscape_table),
		cmocka_unit_test(test_tall_row_splits),
		cmocka_unit_test(test_figure_clamped),
		cmocka_unit_test(test_heading_kept_with_next),
		cmocka_unit_test(test_fonts_and_substitutes),
		cmocka_unit_test(test_lazy_fonts),
		cmocka_unit_test(test_errors_are_sticky),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	buf_release(&diag_text);
	return r;
}
