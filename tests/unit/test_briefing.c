/* SPDX-License-Identifier: MIT
 * test_briefing: the PDF briefing renderer on the hand-made report models under
 * tests/data/briefing/: section plan, layout (pages, headings, figures), labels and
 * values, errors, and the tolerant page comparer. Also the e2e driver:
 *   test_briefing --render MODEL.json OUT.pdf [SECTIONS,...|-] [A4|Letter]
 *   test_briefing --expect MODEL.json      (strings pdftotext must give back)
 *   test_briefing --bookmarks MODEL.json   (the section bookmarks)
 *   test_briefing --has-cjk MODEL.json     (exit 0 when the model's text has CJK)
 *   test_briefing --compare GOT.pgm WANT.pgm[.gz]   (exit 0 when alike) */
#include "testutil.h"

#include <zlib.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/diag.h"
#include "model/results.h"
#include "render/briefing.h"
#include "render/briefing_impl.h"
#include "render/font.h"
#include "render/pdfdoc.h"

#define MODEL_EN "tests/data/briefing/model-en.json"
#define MODEL_ZH "tests/data/briefing/model-zh.json"

static cJSON *
load_model(const char *path)
{
	char *text = test_read_file(path, NULL);
	cJSON *m;
	if (!text)
		return NULL;
	m = cJSON_Parse(text);
	free(text);
	return m;
}

/* ------------------------------------------------------------ page comparer */

struct pgm {
	int w, h;
	unsigned char *px;
};

/* Reads a binary PGM (P5, maxval 255), gzip-compressed or not. 0 on success. */
static int
pgm_read(const char *path, struct pgm *img)
{
	gzFile f = gzopen(path, "rb");
	char hdr[64];
	int n = 0, c, fields[3], nf = 0, maxv;
	memset(img, 0, sizeof *img);
	if (!f)
		return -1;
	if (gzgetc(f) != 'P' || gzgetc(f) != '5')
		goto bad;
	while (nf < 3) {
		c = gzgetc(f);
		if (c == '#') {
			while (c != '\n' && c != -1)
				c = gzgetc(f);
			continue;
		}
		if (c >= '0' && c <= '9' && n < (int)sizeof hdr - 1) {
			hdr[n++] = (char)c;
			continue;
		}
		if (c == -1)
			goto bad;
		if (n) {
			hdr[n] = '\0';
			fields[nf++] = atoi(hdr);
			n = 0;
		}
	}
	img->w = fields[0];
	img->h = fields[1];
	maxv = fields[2];
	if (img->w <= 0 || img->h <= 0 || img->w > 10000 || img->h > 10000 || maxv != 255)
		goto bad;
	img->px = malloc((size_t)img->w * (size_t)img->h);
	if (gzread(f, img->px, (unsigned)(img->w * img->h)) != img->w * img->h)
		goto bad;
	gzclose(f);
	return 0;
bad:
	free(img->px);
	img->px = NULL;
	gzclose(f);
	return -1;
}

/* Tolerant comparison: a pixel differs when its grey level is off by more than 64 from
 * every pixel of the other image in its 3x3 neighbourhood (antialiasing and sub-pixel
 * shifts pass; moved or missing text, bars and lines do not). Returns the share of
 * differing pixels, or 1 when the sizes differ. */
static double
pgm_diff(const struct pgm *a, const struct pgm *b)
{
	long bad = 0;
	if (a->w != b->w || a->h != b->h)
		return 1;
	for (int y = 0; y < a->h; y++)
		for (int x = 0; x < a->w; x++) {
			int v = a->px[y * a->w + x], best = 255;
			for (int dy = -1; dy <= 1; dy++)
				for (int dx = -1; dx <= 1; dx++) {
					int yy = y + dy, xx = x + dx, d;
					if (yy < 0 || yy >= b->h || xx < 0 || xx >= b->w)
						continue;
					d = abs(v - b->px[yy * b->w + xx]);
					if (d < best)
						best = d;
				}
			bad += best > 64;
		}
	return (double)bad / ((double)a->w * a->h);
}

#define PGM_TOLERANCE 0.0005

static int
compare_main(const char *got, const char *want)
{
	struct pgm a, b;
	double d1, d2;
	if (pgm_read(got, &a) != 0 || pgm_read(want, &b) != 0) {
		fprintf(stderr, "cannot read '%s' or '%s' as PGM\n", got, want);
		free(a.px);
		return 2;
	}
	d1 = pgm_diff(&a, &b);
	d2 = pgm_diff(&b, &a);
	if (d2 > d1)
		d1 = d2;
	printf("%s: %dx%d vs %dx%d, %.4f%% of pixels differ (limit %.2f%%)\n", got, a.w, a.h,
	       b.w, b.h, 100 * d1, 100 * PGM_TOLERANCE);
	free(a.px);
	free(b.px);
	return d1 <= PGM_TOLERANCE ? 0 : 1;
}

/* --------------------------------------------------------------- drivers */

static int
render_main(int argc, char **argv)
{
	cJSON *m = load_model(argv[2]), *sec = NULL;
	struct briefing_options o;
	struct diag d;
	int rc;
	if (!m) {
		fprintf(stderr, "cannot read model '%s'\n", argv[2]);
		return 2;
	}
	memset(&o, 0, sizeof o);
	if (argc > 4 && strcmp(argv[4], "-") != 0) {
		char *list = strdup(argv[4]), *save = NULL;
		sec = cJSON_CreateArray();
		for (char *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save))
			cJSON_AddItemToArray(sec, cJSON_CreateString(t));
		free(list);
		o.sections = sec;
	}
	if (argc > 5)
		o.paper = argv[5];
	diag_init(&d);
	rc = briefing_write(m, &o, argv[3], &d);
	cJSON_Delete(sec);
	cJSON_Delete(m);
	return rc;
}

/* Prints the strings the PDF text must contain: headlines, KPI names, target names. */
static int
expect_main(const char *path, int bookmarks)
{
	cJSON *m = load_model(path);
	struct briefing b;
	const cJSON *e, *k, *kpis;
	static const char *const lists[] = { "targets.prospects", "targets.retention", NULL };
	if (!m)
		return 2;
	memset(&b, 0, sizeof b);
	arena_init(&b.a);
	b.model = m;
	b.labels = briefing_get(m, "labels");
	b.locale = results_locale(m);
	b.zh = b.locale == LOCALE_ZH_CN;
	if (!bookmarks)
		cJSON_ArrayForEach(e, briefing_get(m, "headlines")) {
			const char *h = cJSON_IsString(e) ? e->valuestring : briefing_value(&b, e, "text");
			if (h)
				printf("%s\n", h);
		}
	kpis = bookmarks ? NULL : briefing_get(m, "kpis");
	cJSON_ArrayForEach(k, kpis) {
		if (!cJSON_IsObject(k))
			continue;
		printf("%s\n", briefing_value(&b, k, "label") ? briefing_value(&b, k, "label")
		                                              : briefing_label(&b, k->string));
	}
	for (int i = 0; !bookmarks && lists[i]; i++) {
		int n = 0;
		cJSON_ArrayForEach(e, briefing_get(m, lists[i]))
			if (n++ < 8 && briefing_value(&b, e, "name"))
				printf("%s\n", briefing_value(&b, e, "name"));
	}
	if (bookmarks) {
		enum briefing_section p[BRIEFING_NSECTIONS];
		struct diag d;
		size_t n;
		diag_init(&d);
		n = briefing_plan(m, NULL, &d, p);
		/* the label keys of the sections' headings (briefing.c) */
		static const char *const heading[BRIEFING_NSECTIONS] = {
			[BRIEFING_KPIS] = "sec_kpis", [BRIEFING_PIPELINE] = "page_pipeline",
			[BRIEFING_CUSTOMERS] = "page_customers", [BRIEFING_RETENTION] = "page_retention",
			[BRIEFING_SEGMENTS] = "page_segments", [BRIEFING_PARTNERS] = "page_partners",
			[BRIEFING_FORECAST] = "page_forecast", [BRIEFING_APPENDIX] = "page_data",
		};
		for (size_t i = 0; i < n; i++)
			if (p[i] != BRIEFING_COVER)
				printf("%s\n", briefing_label(&b, heading[p[i]]));
	}
	arena_finish(&b.a);
	cJSON_Delete(m);
	return 0;
}

/* ------------------------------------------------------------------ tests */

struct laid {
	struct buf trace, msgs;
	struct diag d;
	int rc;
	size_t pages;
};

static void
layout(const cJSON *m, const struct briefing_options *o, struct laid *l)
{
	struct pdfdoc_options po;
	struct pdfdoc *doc;
	memset(l, 0, sizeof *l);
	buf_init(&l->trace);
	buf_init(&l->msgs);
	diag_init(&l->d);
	l->d.out = NULL;
	l->d.capture = &l->msgs;
	briefing_doc_options(m, o, &po);
	doc = pdfdoc_create(&po, &l->d);
	pdfdoc_set_trace(doc, &l->trace);
	l->rc = briefing_render(doc, m, o, &l->d);
	l->pages = pdfdoc_page_count(doc);
	pdfdoc_destroy(doc);
}

static void
laid_release(struct laid *l)
{
	buf_release(&l->trace);
	buf_release(&l->msgs);
}

static size_t
count_lines(const struct buf *b, const char *prefix)
{
	size_t n = 0, len = strlen(prefix);
	const char *s = buf_str(b);
	while (*s) {
		if (strncmp(s, prefix, len) == 0)
			n++;
		s = strchr(s, '\n');
		if (!s)
			break;
		s++;
	}
	return n;
}

static void
test_plan_default(void **state)
{
	cJSON *m = load_model(MODEL_EN);
	enum briefing_section p[BRIEFING_NSECTIONS];
	struct diag d;
	(void)state;
	assert_non_null(m);
	diag_init(&d);
	assert_int_equal(briefing_plan(m, NULL, &d, p), BRIEFING_NSECTIONS);
	for (int i = 0; i < BRIEFING_NSECTIONS; i++)
		assert_int_equal(p[i], i);
	/* analyses that did not run leave their sections out */
	cJSON_DeleteItemFromObject(m, "partners");
	assert_int_equal(briefing_plan(m, NULL, &d, p), BRIEFING_NSECTIONS);  /* schemes still there */
	cJSON_DeleteItemFromObject(m, "schemes");
	assert_int_equal(briefing_plan(m, NULL, &d, p), BRIEFING_NSECTIONS - 1);
	for (int i = 0; i < BRIEFING_NSECTIONS - 1; i++)
		assert_int_not_equal(p[i], BRIEFING_PARTNERS);
	cJSON_Delete(m);
}

static void
test_plan_from_project(void **state)
{
	cJSON *m = load_model(MODEL_EN);
	cJSON *sec = cJSON_Parse("[\"cover\", \"forecast\", \"kpis\", \"bogus\", \"forecast\", \"appendix\"]");
	enum briefing_section p[BRIEFING_NSECTIONS];
	struct briefing_options o = { NULL, sec, 0, NULL };
	struct diag d;
	struct buf msgs;
	(void)state;
	buf_init(&msgs);
	diag_init(&d);
	d.out = NULL;
	d.capture = &msgs;
	assert_int_equal(briefing_plan(m, &o, &d, p), 4);
	assert_int_equal(p[0], BRIEFING_COVER);
	assert_int_equal(p[1], BRIEFING_FORECAST);
	assert_int_equal(p[2], BRIEFING_KPIS);
	assert_int_equal(p[3], BRIEFING_APPENDIX);
	assert_int_equal(d.nwarnings, 1);
	assert_non_null(strstr(buf_str(&msgs), "unknown section 'bogus'"));
	assert_int_equal(d.status, 0);
	buf_release(&msgs);
	cJSON_Delete(sec);
	cJSON_Delete(m);
}

static void
check_full_layout(const char *path)
{
	cJSON *m = load_model(path);
	struct laid l;
	size_t charts;
	assert_non_null(m);
	layout(m, NULL, &l);
	assert_int_equal(l.rc, 0);
	assert_int_equal(l.d.nerrors, 0);
	/* 4-10 pages, A4 portrait unless a table needs landscape */
	assert_true(l.pages >= 4 && l.pages <= 10);
	assert_non_null(strstr(buf_str(&l.trace), "page 1 595x842"));
	/* one level-1 heading (and bookmark) per section but the cover */
	assert_int_equal(count_lines(&l.trace, "heading 1 "), BRIEFING_NSECTIONS - 1);
	assert_true(count_lines(&l.trace, "heading 2 ") >= 10);
	/* every chart of the model is drawn, once */
	charts = (size_t)cJSON_GetArraySize(cJSON_GetObjectItem(m, "charts"));
	assert_int_equal(count_lines(&l.trace, "figure "), charts);
	/* the cover page holds no table rows: the KPI table starts on page 2 */
	assert_null(strstr(buf_str(&l.trace), "thead page=1 "));
	assert_non_null(strstr(buf_str(&l.trace), "thead page=2 "));
	laid_release(&l);
	cJSON_Delete(m);
}

static void
test_layout_en(void **state)
{
	(void)state;
	check_full_layout(MODEL_EN);
}

static void
test_layout_zh(void **state)
{
	(void)state;
	check_full_layout(MODEL_ZH);
}

static void
test_small_model_and_letter(void **state)
{
	cJSON *m = load_model(MODEL_EN);
	struct briefing_options o = { "Letter", NULL, 0, NULL };
	struct laid l;
	static const char *const drop[] = { "rfm", "clv", "lifecycle", "segmentation", "market",
	                                    "retention", "churn", "lead_scoring", "funnel", "partners",
	                                    "schemes", "forecast", "drivers", "targets", "charts" };
	(void)state;
	for (size_t i = 0; i < sizeof drop / sizeof drop[0]; i++)
		cJSON_DeleteItemFromObject(m, drop[i]);
	layout(m, &o, &l);
	assert_int_equal(l.rc, 0);
	assert_non_null(strstr(buf_str(&l.trace), "page 1 612x792"));
	assert_int_equal(count_lines(&l.trace, "heading 1 "), 2);   /* kpis, appendix */
	assert_int_equal(count_lines(&l.trace, "figure "), 0);
	assert_true(l.pages >= 2 && l.pages <= 3);
	laid_release(&l);
	cJSON_Delete(m);
}

static void
test_values_and_labels(void **state)
{
	struct briefing b;
	cJSON *o = cJSON_Parse("{\"revenue\": 1234.5, \"revenue_fmt\": \"$1.2k\", \"n\": 42,"
	                       " \"x\": 0.123456, \"reasons\": [\"a\", \"b\"], \"none\": null,"
	                       " \"flag\": true, \"name\": \"Globex\"}");
	cJSON *labels = cJSON_Parse("{\"sec_kpis\": \"Indicators\", \"amount\": \"Deal size\","
	                            " \"revenue\": \"Sales\", \"page_data\": \"\"}");
	(void)state;
	memset(&b, 0, sizeof b);
	arena_init(&b.a);
	assert_string_equal(briefing_value(&b, o, "revenue"), "$1.2k");
	assert_string_equal(briefing_value(&b, o, "n"), "42");
	assert_string_equal(briefing_value(&b, o, "x"), "0.123");
	assert_string_equal(briefing_value(&b, o, "reasons"), "a; b");
	assert_string_equal(briefing_value(&b, o, "flag"), "yes");
	assert_null(briefing_value(&b, o, "none"));
	assert_null(briefing_value(&b, o, "absent"));
	/* the catalogue's wording per locale, humanised fallback, model labels first */
	assert_string_equal(briefing_label(&b, "sec_kpis"), "Key figures");
	assert_string_equal(briefing_label(&b, "rank_sign"), "#");
	assert_string_equal(briefing_label(&b, "first_order_date"), "First order date");
	b.locale = LOCALE_ZH_CN;
	b.zh = 1;
	assert_string_equal(briefing_label(&b, "sec_kpis"), "关键指标");
	assert_string_equal(briefing_label(&b, "ui_week_over_week"), "周环比");
	assert_string_equal(briefing_value(&b, o, "reasons"), "a；b");
	b.labels = labels;
	assert_string_equal(briefing_label(&b, "sec_kpis"), "Indicators");
	assert_string_equal(briefing_label(&b, "amount"), "Deal size");
	assert_string_equal(briefing_label(&b, "revenue"), "Sales");
	assert_string_equal(briefing_label(&b, "orders"), "订单数");            /* not in the model */
	assert_string_equal(briefing_label(&b, "page_data"), "数据与方法");     /* empty in the model */
	arena_finish(&b.a);
	cJSON_Delete(labels);
	cJSON_Delete(o);
}

static void
test_doc_options(void **state)
{
	cJSON *m = load_model(MODEL_ZH);
	struct pdfdoc_options po;
	struct briefing_options o = { "Letter", NULL, 0, NULL };
	(void)state;
	briefing_doc_options(m, &o, &po);
	assert_int_equal(po.paper, PDFDOC_LETTER);
	assert_int_equal(po.locale, LOCALE_ZH_CN);
	assert_string_equal(po.title, "ACME 商务拓展周报");
	assert_string_equal(po.author, "ACME Corp");
	assert_string_equal(po.subject, "商务拓展周报简报");
	cJSON_Delete(m);
}

static void
test_bad_chart_fails(void **state)
{
	cJSON *m = load_model(MODEL_EN);
	struct laid l;
	(void)state;
	cJSON_ReplaceItemInObject(cJSON_GetObjectItem(m, "charts"), "funnel",
	                          cJSON_Parse("{\"type\": \"pie-in-the-sky\"}"));
	layout(m, NULL, &l);
	assert_int_not_equal(l.rc, 0);
	assert_true(l.d.nerrors >= 1);
	assert_non_null(strstr(buf_str(&l.msgs), "pie-in-the-sky"));
	laid_release(&l);
	cJSON_Delete(m);
}

static void
test_wide_table_landscape(void **state)
{
	cJSON *m = load_model(MODEL_EN);
	cJSON *t = cJSON_GetObjectItem(m, "targets");
	cJSON *wide = cJSON_Parse("[{\"c1\": \"a\", \"c2\": 1, \"c3\": 2, \"c4\": 3, \"c5\": 4,"
	                          " \"c6\": 5, \"c7\": 6, \"c8\": 7, \"c9\": 8, \"c10\": 9}]");
	struct laid l;
	(void)state;
	layout(m, NULL, &l);
	assert_null(strstr(buf_str(&l.trace), "x595"));   /* the example fits portrait */
	laid_release(&l);
	/* a list without the known columns shows its own keys (at most 10): landscape */
	cJSON_ReplaceItemInObject(t, "prospects", wide);
	layout(m, NULL, &l);
	assert_int_equal(l.rc, 0);
	assert_non_null(strstr(buf_str(&l.trace), "842x595"));
	laid_release(&l);
	cJSON_Delete(m);
}

static void
test_missing_glyph_warns(void **state)
{
	cJSON *m = load_model(MODEL_EN);
	char out[] = "/tmp/tb-pdf-XXXXXX";
	struct diag d;
	struct buf msgs;
	(void)state;
	close(mkstemp(out));
	/* U+A500 (Vai) is in neither DejaVu Sans nor WenQuanYi Zen Hei */
	cJSON_ReplaceItemInArray(cJSON_GetObjectItem(m, "headlines"), 0,
	                         cJSON_CreateString("Vai \xEA\x94\x80 script"));
	buf_init(&msgs);
	diag_init(&d);
	d.out = NULL;
	d.capture = &msgs;
	assert_int_equal(briefing_write(m, NULL, out, &d), 0);
	assert_int_equal(d.nwarnings, 1);
	assert_non_null(strstr(buf_str(&msgs), "U+A500"));
	remove(out);
	buf_release(&msgs);
	cJSON_Delete(m);
}

static void
set_cp(unsigned char *set, const char *s)
{
	size_t at = 0, n = strlen(s);
	while (at < n) {
		uint32_t cp = pdfdoc_text_next(s, n, &at);
		set[cp >> 3] |= (unsigned char)(1u << (cp & 7));
	}
}

/* A subset keeps glyph ids and advances of the code points asked for, and maps nothing
 * else; it is far smaller than the font. */
static void
check_subset(enum pdfdoc_font_kind kind, const struct font *orig, const char *keep, uint32_t in,
             uint32_t out, long max_size)
{
	unsigned char set[8192] = { 0 };
	struct diag d;
	char *path;
	struct font *f;
	size_t size = 0;
	diag_init(&d);
	set_cp(set, keep);
	path = briefing_font_subset(kind, set, &d);
	assert_non_null(path);
	free(test_read_file(path, &size));
	assert_true((long)size < max_size);
	f = font_create(path, 0, &d);
	assert_non_null(f);
	assert_int_not_equal(font_glyph(orig, in), 0);
	assert_int_equal(font_glyph(f, in), font_glyph(orig, in));
	assert_int_equal(font_advance(f, in), font_advance(orig, in));
	assert_int_not_equal(font_glyph(orig, out), 0);
	assert_int_equal(font_glyph(f, out), 0);
	assert_int_equal(font_ascent(f), font_ascent(orig));
	font_destroy(f);
	unlink(path);
	free(path);
}

static void
test_font_subsets(void **state)
{
	const struct font_set *fs = font_set_default();
	unsigned char set[8192] = { 0 };
	cJSON *en = load_model(MODEL_EN), *zh = load_model(MODEL_ZH);
	(void)state;
	assert_non_null(fs);
	check_subset(PDFDOC_FONT_CJK, fs->fallback, "周报客户 ABC", 0x5468 /* 周 */, 0x6D77 /* 海 */, 400000);
	check_subset(PDFDOC_FONT_LATIN, fs->regular, "Revenue 123", 'R', 0x0416 /* Ж */, 120000);
	check_subset(PDFDOC_FONT_LATIN_BOLD, fs->bold, "Revenue 123", 'v', 'W', 120000);
	/* the model decides whether CJK is needed, not the built-in Chinese labels */
	briefing_font_codepoints(en, 0, set);
	assert_false(briefing_font_needs_cjk(set));
	briefing_font_codepoints(en, 1, set);
	assert_true(briefing_font_needs_cjk(set));
	memset(set, 0, sizeof set);
	briefing_font_codepoints(zh, 0, set);
	assert_true(briefing_font_needs_cjk(set));
	cJSON_Delete(en);
	cJSON_Delete(zh);
}

/* Without a usable TMPDIR the whole fonts are embedded (a note says so); an unwritable
 * output is an I/O error and leaves no file. */
static void
test_write_fallbacks(void **state)
{
	cJSON *m = load_model(MODEL_ZH);
	char out[] = "/tmp/tb-pdf-XXXXXX";
	const char *old = getenv("TMPDIR");
	char *saved = old ? strdup(old) : NULL;
	struct diag d;
	struct buf msgs;
	size_t size = 0;
	(void)state;
	close(mkstemp(out));
	buf_init(&msgs);
	diag_init(&d);
	d.out = NULL;
	d.capture = &msgs;
	setenv("TMPDIR", "/nonexistent/dir", 1);
	assert_int_equal(briefing_write(m, NULL, out, &d), 0);
	if (saved)
		setenv("TMPDIR", saved, 1);
	else
		unsetenv("TMPDIR");
	free(saved);
	assert_non_null(strstr(buf_str(&msgs), "embedding the whole font"));
	free(test_read_file(out, &size));
	assert_true(size > 500000);             /* zenhei whole: why we subset */
	remove(out);
	assert_int_equal(briefing_write(m, NULL, "/nonexistent/dir/b.pdf", &d), BD_EIO);
	assert_int_equal(access("/nonexistent/dir/b.pdf", F_OK), -1);
	buf_release(&msgs);
	cJSON_Delete(m);
}

static char *
render_bytes(const cJSON *m, const struct briefing_options *o, size_t *len)
{
	char out[] = "/tmp/tb-pdf-XXXXXX";
	struct diag d;
	char *bytes;
	close(mkstemp(out));
	diag_init(&d);
	assert_int_equal(briefing_write(m, o, out, &d), 0);
	bytes = test_read_file(out, len);
	remove(out);
	return bytes;
}

/* The theme's chart colours reach the PDF: the default theme gives the same bytes as no
 * theme, another palette other bytes. */
static void
test_chart_theme(void **state)
{
	cJSON *m = load_model(MODEL_EN);
	struct chart_theme th;
	struct briefing_options o = { NULL, NULL, 0, &th };
	size_t n0, n1, n2;
	char *a, *b, *c;
	(void)state;
	a = render_bytes(m, NULL, &n0);
	chart_theme_default(&th);
	b = render_bytes(m, &o, &n1);
	th.palette[0] = 0xAA3377;
	c = render_bytes(m, &o, &n2);
	assert_true(n0 == n1 && memcmp(a, b, n0) == 0);
	assert_false(n0 == n2 && memcmp(a, c, n0) == 0);
	free(a);
	free(b);
	free(c);
	cJSON_Delete(m);
}

static void
write_pgm(const char *path, int w, int h, int shift)
{
	FILE *f = fopen(path, "wb");
	fprintf(f, "P5\n# test\n%d %d\n255\n", w, h);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			int ink = (x >= 20 + shift && x < 40 + shift && y >= 10 && y < 30);
			fputc(ink ? 0 : (x + y) % 3 ? 255 : 250, f);
		}
	fclose(f);
}

static void
test_pgm_compare(void **state)
{
	char a[] = "/tmp/tb-a-XXXXXX", b[] = "/tmp/tb-b-XXXXXX", c[] = "/tmp/tb-c-XXXXXX";
	struct pgm x, y, z;
	(void)state;
	close(mkstemp(a));
	close(mkstemp(b));
	close(mkstemp(c));
	write_pgm(a, 100, 60, 0);
	write_pgm(b, 100, 60, 1);     /* one pixel: antialiasing-sized */
	write_pgm(c, 100, 60, 8);     /* a moved block */
	assert_int_equal(pgm_read(a, &x), 0);
	assert_int_equal(pgm_read(b, &y), 0);
	assert_int_equal(pgm_read(c, &z), 0);
	assert_true(pgm_diff(&x, &x) == 0);
	assert_true(pgm_diff(&x, &y) <= PGM_TOLERANCE);
	assert_true(pgm_diff(&x, &z) > PGM_TOLERANCE);
	assert_int_equal(compare_main(a, b), 0);
	assert_int_equal(compare_main(a, c), 1);
	free(x.px);
	free(y.px);
	free(z.px);
	write_pgm(c, 100, 61, 0);
	assert_int_equal(compare_main(a, c), 1);       /* size differs */
	assert_int_equal(compare_main(a, "/nonexistent.pgm"), 2);
	remove(a);
	remove(b);
	remove(c);
}

int
main(int argc, char **argv)
{
	if (argc >= 4 && strcmp(argv[1], "--render") == 0)
		return render_main(argc, argv);
	if (argc == 3 && strcmp(argv[1], "--expect") == 0)
		return expect_main(argv[2], 0);
	if (argc == 3 && strcmp(argv[1], "--bookmarks") == 0)
		return expect_main(argv[2], 1);
	if (argc == 3 && strcmp(argv[1], "--has-cjk") == 0) {
		cJSON *m = load_model(argv[2]);
		unsigned char set[8192] = { 0 };
		int r;
		if (!m)
			return 2;
		briefing_font_codepoints(m, 0, set);
		r = !briefing_font_needs_cjk(set);
		cJSON_Delete(m);
		return r;
	}
	if (argc == 4 && strcmp(argv[1], "--compare") == 0)
		return compare_main(argv[2], argv[3]);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_default),
		cmocka_unit_test(test_plan_from_project),
		cmocka_unit_test(test_layout_en),
		cmocka_unit_test(test_layout_zh),
		cmocka_unit_test(test_small_model_and_letter),
		cmocka_unit_test(test_values_and_labels),
		cmocka_unit_test(test_doc_options),
		cmocka_unit_test(test_bad_chart_fails),
		cmocka_unit_test(test_wide_table_landscape),
		cmocka_unit_test(test_missing_glyph_warns),
		cmocka_unit_test(test_font_subsets),
		cmocka_unit_test(test_write_fallbacks),
		cmocka_unit_test(test_chart_theme),
		cmocka_unit_test(test_pgm_compare),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
