/* SPDX-License-Identifier: MIT
 * Tests of the dashboard modules: theme (colours, contrast of every built-in theme,
 * extends, errors), i18n (both locales complete) and html (pages written, escaping,
 * "not available" sections, template overrides, template errors). */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/i18n.h"
#include "render/html.h"
#include "render/theme.h"

static char tmpdir[64];

static int
setup(void **state)
{
	(void)state;
	if (!getenv("BDREPORT_DATA_DIR"))
		setenv("BDREPORT_DATA_DIR", ".", 1);
	strcpy(tmpdir, "/tmp/bd-test-html.XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int
teardown(void **state)
{
	char cmd[128];
	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static char *
read_page(const char *dir, const char *page)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s.html", dir, page);
	return test_read_file(path, NULL);
}

static void
test_parse_color(void **state)
{
	uint32_t c;
	(void)state;
	assert_int_equal(theme_parse_color("#0b5cad", &c), 0);
	assert_int_equal(c, 0x0B5CAD);
	assert_int_equal(theme_parse_color("#FfF", &c), 0);
	assert_int_equal(c, 0xFFFFFF);
	assert_int_equal(theme_parse_color("0b5cad", &c), -1);
	assert_int_equal(theme_parse_color("#0b5ca", &c), -1);
	assert_int_equal(theme_parse_color("#0b5cag", &c), -1);
	assert_close_rel(theme_contrast(0x000000, 0xFFFFFF), 21.0, 1e-9);
	assert_close_rel(theme_contrast(0x777777, 0x777777), 1.0, 1e-9);
}

/* WCAG AA: body text and muted text 4.5:1 on the background and on the surface,
 * links (accent) and the good/bad arrows 3:1 at least (4.5 for links). */
static void
test_builtin_contrast(void **state)
{
	static const char *const names[] = { "default", "dark", "print" };
	(void)state;
	for (size_t i = 0; i < 3; i++) {
		struct diag d;
		struct theme *t;
		diag_init(&d);
		t = theme_load(names[i], &d);
		assert_non_null(t);
		assert_string_equal(t->name, names[i]);
		if (theme_contrast(t->c.text, t->c.background) < 7 || theme_contrast(t->c.text, t->c.surface) < 4.5 ||
		    theme_contrast(t->c.muted, t->c.background) < 4.5 || theme_contrast(t->c.muted, t->c.surface) < 4.5 ||
		    theme_contrast(t->c.accent, t->c.background) < 4.5 || theme_contrast(t->c.good, t->c.surface) < 3 ||
		    theme_contrast(t->c.bad, t->c.surface) < 3)
			fail_msg("theme %s: contrast too low (text %.2f, muted %.2f, accent %.2f, good %.2f, bad %.2f)", names[i],
			         theme_contrast(t->c.text, t->c.background), theme_contrast(t->c.muted, t->c.surface),
			         theme_contrast(t->c.accent, t->c.background), theme_contrast(t->c.good, t->c.surface),
			         theme_contrast(t->c.bad, t->c.surface));
		assert_true(t->css.len > 0);
		assert_int_equal(d.nwarnings, 0);   /* no built-in theme carries an ignored key */
		theme_destroy(t);
	}
}

static void
test_theme_extends_and_errors(void **state)
{
	char dir[128], path[192];
	struct diag d;
	struct buf cap;
	struct theme *t;
	(void)state;
	snprintf(dir, sizeof dir, "%s/mine", tmpdir);
	mkdir(dir, 0755);
	snprintf(path, sizeof path, "%s/theme.json", dir);
	write_text(path, "{\"extends\": \"dark\", \"colors\": {\"accent\": \"#abcdef\"}, \"palette\": [\"#111111\", \"#222222\"]}");
	diag_init(&d);
	t = theme_load(dir, &d);
	assert_non_null(t);
	assert_string_equal(t->name, "mine");
	assert_int_equal(t->c.accent, 0xABCDEF);
	assert_int_equal(t->c.background, 0x12181F);        /* from dark */
	assert_int_equal(t->npalette, 2);
	assert_non_null(strstr(buf_str(&t->css), "color-scheme: dark"));
	assert_non_null(t->parent_dir);
	theme_destroy(t);

	write_text(path, "{\"colors\": {\"text\": \"red\"}}");
	buf_init(&cap);
	diag_init(&d);
	d.out = NULL;
	d.capture = &cap;
	assert_null(theme_load(dir, &d));
	assert_int_equal(d.status, BD_EINPUT);
	assert_non_null(strstr(buf_str(&cap), "theme colour 'text': expected \"#rrggbb\""));
	buf_reset(&cap);
	diag_init(&d);
	d.out = NULL;
	d.capture = &cap;
	assert_null(theme_load("no-such-theme", &d));
	assert_non_null(strstr(buf_str(&cap), "theme 'no-such-theme'"));
	/* the PDF's fonts are not themed: an old theme's "pdf" key warns and is ignored */
	write_text(path, "{\"pdf\": {\"font\": \"DejaVuSerif\"}}");
	buf_reset(&cap);
	diag_init(&d);
	d.out = NULL;
	d.capture = &cap;
	t = theme_load(dir, &d);
	assert_non_null(t);
	assert_int_equal(d.nwarnings, 1);
	assert_non_null(strstr(buf_str(&cap), "theme key 'pdf' is ignored"));
	theme_destroy(t);
	buf_release(&cap);
	theme_destroy(NULL);
}

static void
test_i18n_complete(void **state)
{
	cJSON *en = i18n_labels(LOCALE_EN), *zh = i18n_labels(LOCALE_ZH_CN);
	const cJSON *e;
	struct buf b;
	(void)state;
	assert_true(cJSON_GetArraySize(en) > 100);
	assert_int_equal(cJSON_GetArraySize(en), cJSON_GetArraySize(zh));
	cJSON_ArrayForEach(e, en) {
		const cJSON *z = cJSON_GetObjectItemCaseSensitive(zh, e->string);
		assert_true(cJSON_IsString(e) && e->valuestring[0]);
		assert_true(cJSON_IsString(z) && z->valuestring[0]);
		/* every page, section, interface and method text is translated */
		if (!strncmp(e->string, "page_", 5) || !strncmp(e->string, "sec_", 4) || !strncmp(e->string, "ui_", 3) ||
		    !strncmp(e->string, "method_", 7) || !strncmp(e->string, "unit_", 5))
			if (!strcmp(e->valuestring, z->valuestring))
				fail_msg("label '%s' is not translated", e->string);
	}
	assert_string_equal(i18n_label(LOCALE_ZH_CN, "page_index"), "概览");
	assert_string_equal(i18n_label(LOCALE_EN, "page_index"), "Overview");
	assert_null(i18n_label(LOCALE_EN, "no_such_label"));
	buf_init(&b);
	i18n_field(LOCALE_EN, "revenue_per_customer", &b);
	assert_string_equal(buf_str(&b), "Revenue per customer");
	buf_reset(&b);
	i18n_field(LOCALE_EN, "open_deals_x", &b);
	assert_string_equal(buf_str(&b), "Open deals x");
	buf_release(&b);
	cJSON_Delete(en);
	cJSON_Delete(zh);
}

static cJSON *
fixture(void)
{
	char *text = test_read_file("tests/data/html/results.json", NULL);
	cJSON *m;
	assert_non_null(text);
	m = cJSON_Parse(text);
	free(text);
	assert_non_null(m);
	return m;
}

static void
test_pages_escape_and_sections(void **state)
{
	cJSON *m = fixture();
	struct diag d;
	char out[128];
	char *page;
	(void)state;
	snprintf(out, sizeof out, "%s/fx", tmpdir);
	mkdir(out, 0755);
	diag_init(&d);
	assert_int_equal(html_write(m, NULL, NULL, out, &d), 0);
	for (size_t i = 0; i < html_npages; i++) {
		page = read_page(out, html_pages[i]);
		assert_non_null(page);
		assert_null(strstr(page, "<script>alert"));
		assert_null(strstr(page, "<img"));
		assert_non_null(strstr(page, "Generated by bdreport 0.1.0 for the week 2026-11-15 – 2026-11-21"));
		free(page);
	}
	page = read_page(out, "partners");
	assert_non_null(strstr(page, "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
	assert_non_null(strstr(page, "{{labels.page_index}} {{{meta}}}"));   /* shown, not expanded */
	free(page);
	page = read_page(out, "pipeline");
	assert_non_null(strstr(page, "<th scope=\"col\" class=\"num\">P(win)</th>"));
	free(page);

	/* without the analyses: each section says so; the page stays in navigation */
	cJSON_DeleteItemFromObject(m, "retention");
	cJSON_DeleteItemFromObject(m, "churn");
	cJSON_DeleteItemFromObject(m, "targets");
	cJSON_DeleteItemFromObject(m, "charts");
	assert_int_equal(html_write(m, NULL, NULL, out, &d), 0);
	page = read_page(out, "retention");
	assert_non_null(strstr(page, "<h2 id=\"h-retention\">Kaplan–Meier retention</h2>\n<p class=\"na\" role=\"note\">Not available"));
	assert_non_null(strstr(page, "<p class=\"na\" role=\"note\">Nothing on this page ran"));
	free(page);
	page = read_page(out, "index");
	assert_non_null(strstr(page, "<li><a href=\"retention.html\">Retention</a></li>"));
	free(page);
	cJSON_Delete(m);
}

static void
test_template_override_and_errors(void **state)
{
	cJSON *m = fixture();
	struct diag d;
	struct buf cap;
	struct html_opts o;
	char proj[128], path[192], out[128];
	char *page;
	(void)state;
	snprintf(proj, sizeof proj, "%s/proj", tmpdir);
	snprintf(out, sizeof out, "%s/ovr", tmpdir);
	mkdir(proj, 0755);
	mkdir(out, 0755);
	snprintf(path, sizeof path, "%s/templates", proj);
	mkdir(path, 0755);
	snprintf(path, sizeof path, "%s/templates/section_rfm.mustache", proj);
	write_text(path, "<section id=\"rfm\"><h2>{{title}}</h2><p class=\"mine\">{{#figures}}{{label}};{{/figures}}</p></section>\n");
	memset(&o, 0, sizeof o);
	o.project_dir = proj;
	o.theme = "print";
	diag_init(&d);
	assert_int_equal(html_write(m, NULL, &o, out, &d), 0);
	page = read_page(out, "customers");
	assert_non_null(strstr(page, "<p class=\"mine\">Unmatched;</p>"));
	assert_non_null(strstr(page, "theme-print"));
	free(page);

	write_text(path, "{{#figures}}unclosed\n");
	buf_init(&cap);
	diag_init(&d);
	d.out = NULL;
	d.capture = &cap;
	assert_int_equal(html_write(m, NULL, &o, out, &d), BD_EINPUT);
	assert_non_null(strstr(buf_str(&cap), "section_rfm.mustache"));
	buf_release(&cap);
	cJSON_Delete(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_color),
		cmocka_unit_test(test_builtin_contrast),
		cmocka_unit_test(test_theme_extends_and_errors),
		cmocka_unit_test(test_i18n_complete),
		cmocka_unit_test(test_pages_escape_and_sections),
		cmocka_unit_test(test_template_override_and_errors),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
