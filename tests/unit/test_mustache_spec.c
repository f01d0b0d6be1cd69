/* SPDX-License-Identifier: MIT
 * Runs the shared mustache spec (the JSON files in tests/spec/mustache) through
 * tmpl: one cmocka test per spec test, partials served from the test's "partials"
 * object by a loader callback, and a per-file pass count. Lambdas are not supported. */
#include "testutil.h"

#include <cJSON.h>

#include "render/tmpl.h"

static const char *const spec_files[] = {
	"comments", "delimiters", "interpolation", "inverted", "partials", "sections",
	"~dynamic-names", "~inheritance",
};

struct spec_case {
	const char *file;
	const cJSON *test;
	int passed;
};

static int
memory_loader(void *ctx, const char *name, struct buf *text, struct buf *path, struct diag *d)
{
	const cJSON *p = cJSON_GetObjectItemCaseSensitive((const cJSON *)ctx, name);
	(void)d;
	if (!cJSON_IsString(p))
		return 0;
	buf_puts(text, p->valuestring);
	buf_puts(path, name);
	return 1;
}

static void
run_case(void **state)
{
	struct spec_case *sc = *state;
	const cJSON *t = sc->test;
	const cJSON *tpl = cJSON_GetObjectItemCaseSensitive(t, "template");
	const cJSON *want = cJSON_GetObjectItemCaseSensitive(t, "expected");
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(t, "data");
	struct tmpl_opts opts = { 0 };
	struct diag d;
	struct buf out, msgs;
	struct tmpl *tm;

	assert_non_null(tpl);
	assert_non_null(want);
	diag_init(&d);
	d.out = NULL;
	buf_init(&msgs);
	buf_init(&out);
	d.capture = &msgs;
	opts.load = memory_loader;
	opts.load_ctx = cJSON_GetObjectItemCaseSensitive(t, "partials");
	tm = tmpl_compile("spec", tpl->valuestring, strlen(tpl->valuestring), &opts, &d);
	if (!tm)
		fail_msg("%s: compile failed: %s", sc->file, buf_str(&msgs));
	int rc = tmpl_render(tm, data, &out, &d);
	if (rc != 0 || strcmp(buf_str(&out), want->valuestring) != 0) {
		char *dt = cJSON_PrintUnformatted(data);
		print_message("# template: %s\n# data: %s\n# expected: [%s]\n# got:      [%s]\n# %s",
		              tpl->valuestring, dt, want->valuestring, buf_str(&out), buf_str(&msgs));
		free(dt);
	}
	assert_int_equal(rc, 0);
	assert_string_equal(buf_str(&out), want->valuestring);
	tmpl_destroy(tm);
	buf_release(&out);
	buf_release(&msgs);
	sc->passed = 1;
}

int
main(void)
{
	int failed = 0, total = 0, total_pass = 0;
	for (size_t f = 0; f < sizeof spec_files / sizeof *spec_files; f++) {
		char path[1024];
		snprintf(path, sizeof path, "%s/tests/spec/mustache/%s.json", test_repo_dir(), spec_files[f]);
		char *text = test_read_file(path, NULL);
		if (!text) {
			printf("not ok - cannot read %s\n", path);
			failed++;
			continue;
		}
		cJSON *root = cJSON_Parse(text);
		free(text);
		const cJSON *tests = cJSON_GetObjectItemCaseSensitive(root, "tests");
		int n = cJSON_GetArraySize(tests);
		if (n <= 0) {
			printf("not ok - no tests in %s\n", path);
			failed++;
			cJSON_Delete(root);
			continue;
		}
		struct CMUnitTest *ut = calloc((size_t)n, sizeof *ut);
		struct spec_case *cases = calloc((size_t)n, sizeof *cases);
		char **names = calloc((size_t)n, sizeof *names);
		int i = 0;
		for (const cJSON *t = tests->child; t; t = t->next, i++) {
			const cJSON *nm = cJSON_GetObjectItemCaseSensitive(t, "name");
			size_t len = strlen(spec_files[f]) + (cJSON_IsString(nm) ? strlen(nm->valuestring) : 0) + 32;
			names[i] = malloc(len);
			snprintf(names[i], len, "%s #%d %s", spec_files[f], i + 1,
			         cJSON_IsString(nm) ? nm->valuestring : "?");
			cases[i].file = spec_files[f];
			cases[i].test = t;
			ut[i].name = names[i];
			ut[i].test_func = run_case;
			ut[i].initial_state = &cases[i];
		}
		failed += _cmocka_run_group_tests(spec_files[f], ut, (size_t)n, NULL, NULL);
		int passed = 0;
		for (i = 0; i < n; i++) {
			passed += cases[i].passed;
			free(names[i]);
		}
		printf("# %s.json: %d of %d spec tests pass\n", spec_files[f], passed, n);
		total += n;
		total_pass += passed;
		free(names);
		free(cases);
		free(ut);
		cJSON_Delete(root);
	}
	printf("# mustache spec: %d of %d pass\n", total_pass, total);
	return failed ? 1 : 0;
}
