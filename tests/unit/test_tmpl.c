/* SPDX-License-Identifier: MIT
 * Unit tests for the mustache engine (src/render/tmpl.c, tmpl_json.c) beyond the
 * spec: escaping, value printing, falsy values, error positions, partial folders and
 * caching, refused names, depth and output limits, and the data interface. */
#include "testutil.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cJSON.h>

#include "base/rng.h"
#include "render/tmpl.h"

struct ctx {
	struct diag d;
	struct buf msgs, out;
};

static void
ctx_init(struct ctx *c)
{
	diag_init(&c->d);
	c->d.out = NULL;
	buf_init(&c->msgs);
	buf_init(&c->out);
	c->d.capture = &c->msgs;
}

static void
ctx_finish(struct ctx *c)
{
	buf_release(&c->msgs);
	buf_release(&c->out);
}

/* Compiles tpl (no partials), renders json; returns the status, output in c->out. */
static int
render_str(struct ctx *c, const char *tpl, const char *json, const struct tmpl_opts *opts)
{
	cJSON *data = json ? cJSON_Parse(json) : NULL;
	struct tmpl *t = tmpl_compile("t.mustache", tpl, strlen(tpl), opts, &c->d);
	int rc;
	if (json)
		assert_non_null(data);
	if (!t) {
		cJSON_Delete(data);
		return -1;
	}
	buf_reset(&c->out);
	rc = tmpl_render(t, data, &c->out, &c->d);
	tmpl_destroy(t);
	cJSON_Delete(data);
	return rc;
}

static void
expect(const char *tpl, const char *json, const char *want)
{
	struct ctx c;
	ctx_init(&c);
	int rc = render_str(&c, tpl, json, NULL);
	if (rc != 0)
		fail_msg("render of [%s] failed: %s", tpl, buf_str(&c.msgs));
	assert_string_equal(buf_str(&c.out), want);
	ctx_finish(&c);
}

/* Compile must fail with exactly this message (after "bdreport: "). */
static void
expect_error(const char *tpl, const char *msg)
{
	struct ctx c;
	ctx_init(&c);
	struct tmpl *t = tmpl_compile("t.mustache", tpl, strlen(tpl), NULL, &c.d);
	assert_null(t);
	assert_int_equal(c.d.status, BD_EINPUT);
	if (!strstr(buf_str(&c.msgs), msg))
		fail_msg("for [%s]\nwant: %s\ngot:  %s", tpl, msg, buf_str(&c.msgs));
	ctx_finish(&c);
}

static void
test_escaping(void **state)
{
	(void)state;
	expect("{{x}}|{{{x}}}|{{&x}}", "{\"x\":\"<a href='u'>&\\\"</a>\"}",
	       "&lt;a href=&#39;u&#39;&gt;&amp;&quot;&lt;/a&gt;|<a href='u'>&\"</a>|<a href='u'>&\"</a>");
	expect("{{=<% %>=}}<%x%>|<%{x}%>|<%&x%>", "{\"x\":\"<\"}", "&lt;|<|<");
}

static void
test_values(void **state)
{
	(void)state;
	expect("{{a}} {{b}} {{c}} {{d}} {{e}} {{f}} [{{g}}] [{{missing}}]",
	       "{\"a\":1.21,\"b\":3,\"c\":1e21,\"d\":-0.5,\"e\":true,\"f\":false,\"g\":null}",
	       "1.21 3 1e+21 -0.5 true false [] []");
	expect("{{o}} {{{l}}}", "{\"o\":{\"k\":\"<\"},\"l\":[1,\"a\"]}",
	       "{&quot;k&quot;:&quot;&lt;&quot;} [1,\"a\"]");
	expect("{{.}}", "0.1", "0.1");
	expect("{{#.}}({{.}}){{/.}}", "[1,2.5,\"x\"]", "(1)(2.5)(x)");
}

/* The backend's own number printing must match buf_num byte for byte. */
static void
test_numbers_match_buf_num(void **state)
{
	(void)state;
	struct rng r;
	struct tmpl *t;
	struct diag d;
	struct buf got, want;
	static const double fixed[] = { 0, -0.0, 1, -1, 0.1, 0.3, 1.21, -2.5, 1e-4, 9.99e-5, 1e-7,
	                                 123456.789, 999999999999999, 1e15, 1e15 + 0.5, 4.35, 0.07,
	                                 1e21, 1.0 / 3, 2.675, 5e-324, 1.7976931348623157e308 };
	rng_seed(&r, 7);
	diag_init(&d);
	buf_init(&got);
	buf_init(&want);
	t = tmpl_compile("t", "{{.}}", 5, NULL, &d);
	assert_non_null(t);
	for (int i = 0; i < 20000; i++) {
		double v;
		if (i < (int)(sizeof fixed / sizeof *fixed))
			v = fixed[i];
		else if (i % 4 == 0)
			v = (double)(int64_t)(rng_u64(&r) >> 20) / 100.0;          /* money */
		else if (i % 4 == 1)
			v = (double)(int64_t)rng_below(&r, 100000) / 1000.0 - 50;   /* few decimals */
		else if (i % 4 == 2)
			v = rng_normal(&r) * pow(10, (double)rng_below(&r, 30) - 15);
		else
			v = (double)(int64_t)(rng_u64(&r) >> (rng_below(&r, 60) + 4));
		cJSON *j = cJSON_CreateNumber(v);
		buf_reset(&got);
		buf_reset(&want);
		assert_int_equal(tmpl_render(t, j, &got, &d), 0);
		buf_num(&want, v);
		if (strcmp(buf_str(&got), buf_str(&want)) != 0)
			fail_msg("%.17g: got %s, buf_num %s", v, buf_str(&got), buf_str(&want));
		cJSON_Delete(j);
	}
	tmpl_destroy(t);
	buf_release(&got);
	buf_release(&want);
}

static void
test_falsy(void **state)
{
	(void)state;
	const char *tpl = "{{#v}}T{{/v}}{{^v}}F{{/v}}";
	static const char *const falsy[] = { "{}", "{\"v\":null}", "{\"v\":false}", "{\"v\":[]}",
	                                     "{\"v\":\"\"}" };
	static const char *const truthy[] = { "{\"v\":0}", "{\"v\":true}", "{\"v\":\"0\"}",
	                                      "{\"v\":{}}", "{\"v\":[0]}" };
	for (size_t i = 0; i < sizeof falsy / sizeof *falsy; i++)
		expect(tpl, falsy[i], "F");
	for (size_t i = 0; i < sizeof truthy / sizeof *truthy; i++)
		expect(tpl, truthy[i], "T");
	expect("{{#list}}{{name}}{{^last}}, {{/last}}{{/list}}",
	       "{\"list\":[{\"name\":\"a\"},{\"name\":\"b\",\"last\":true}]}", "a, b");
}

static void
test_context_stack(void **state)
{
	(void)state;
	expect("{{#a}}{{#b}}{{x}}{{y}}{{a.x}}{{/b}}{{/a}}",
	       "{\"y\":\"Y\",\"a\":{\"x\":\"AX\",\"b\":{\"x\":\"BX\"}}}", "BXYAX");
	expect("{{a.b.c}}|{{a.b.z}}|{{#a.b}}{{c}}{{/a.b}}", "{\"a\":{\"b\":{\"c\":1}}}", "1||1");
}

static void
test_compile_once(void **state)
{
	(void)state;
	struct ctx c;
	const char *tpl = "{{#rows}}<td>{{v}}</td>{{/rows}}";
	cJSON *d1 = cJSON_Parse("{\"rows\":[{\"v\":1},{\"v\":\"<\"}]}");
	cJSON *d2 = cJSON_Parse("{\"rows\":[{\"v\":2}]}");
	ctx_init(&c);
	struct tmpl *t = tmpl_compile("t", tpl, strlen(tpl), NULL, &c.d);
	assert_non_null(t);
	for (int k = 0; k < 3; k++) {
		buf_reset(&c.out);
		assert_int_equal(tmpl_render(t, d1, &c.out, &c.d), 0);
		assert_string_equal(buf_str(&c.out), "<td>1</td><td>&lt;</td>");
		buf_reset(&c.out);
		assert_int_equal(tmpl_render(t, d2, &c.out, &c.d), 0);
		assert_string_equal(buf_str(&c.out), "<td>2</td>");
	}
	/* appends to what out already holds */
	assert_int_equal(tmpl_render(t, d2, &c.out, &c.d), 0);
	assert_string_equal(buf_str(&c.out), "<td>2</td><td>2</td>");
	tmpl_destroy(t);
	tmpl_destroy(NULL);
	cJSON_Delete(d1);
	cJSON_Delete(d2);
	ctx_finish(&c);
}

static void
test_nul_bytes(void **state)
{
	(void)state;
	struct ctx c;
	static const char tpl[] = "a\0b{{x}}";
	ctx_init(&c);
	struct tmpl *t = tmpl_compile("t", tpl, sizeof tpl - 1, NULL, &c.d);
	assert_non_null(t);
	cJSON *d = cJSON_Parse("{\"x\":\"c\"}");
	assert_int_equal(tmpl_render(t, d, &c.out, &c.d), 0);
	assert_int_equal(c.out.len, 4);
	assert_memory_equal(c.out.data, "a\0bc", 4);
	cJSON_Delete(d);
	tmpl_destroy(t);
	static const char bad[] = "{{>a\0b}}";
	t = tmpl_compile("t", bad, sizeof bad - 1, NULL, &c.d);
	assert_null(t);
	assert_non_null(strstr(buf_str(&c.msgs), "refused"));
	ctx_finish(&c);
}

static void
test_errors(void **state)
{
	(void)state;
	expect_error("line\n  {{#rows}}\n{{x}}\n", "t.mustache:2:3: error: unclosed section 'rows'");
	expect_error("{{#a}}\n{{#b}}\n {{/a}}", "t.mustache:3:2: error: closing tag 'a' does not match open section 'b' (line 2, column 1)");
	expect_error("x\n\n   {{/a}}", "t.mustache:3:4: error: closing tag 'a' without an open section");
	expect_error("ab {{=<% %>=}} <%x%> <%= a b c =%>", "t.mustache:1:22: error: bad delimiter change 'a b c'");
	expect_error("{{=<%%>=}}", "t.mustache:1:1: error: bad delimiter change '<%%>'");
	expect_error("{{= <= >= =}}", "t.mustache:1:1: error: bad delimiter change");
	expect_error("ok\nx {{name\n", "t.mustache:2:3: error: unclosed tag: no closing '}}' after it");
	expect_error("{{{name}}", "t.mustache:1:1: error: unclosed tag: no closing '}}}' after it");
	expect_error("{{=[ ]=}}\n [x", "t.mustache:2:2: error: unclosed tag: no closing ']' after it");
	expect_error("a {{ }}", "t.mustache:1:3: error: empty tag name");
	expect_error("{{a..b}}", "t.mustache:1:1: error: bad name 'a..b': empty part");
	expect_error("{{>../secret}}", "t.mustache:1:1: error: partial name '../secret' refused");
	expect_error("{{</etc/passwd}}{{//etc/passwd}}", "t.mustache:1:1: error: partial name '/etc/passwd' refused");
}

static void
test_deep_nesting(void **state)
{
	(void)state;
	struct buf tpl;
	buf_init(&tpl);
	for (int i = 0; i < 600; i++)
		buf_puts(&tpl, "{{#a}}");
	expect_error(buf_str(&tpl), "error: sections nested deeper than 512");
	buf_reset(&tpl);
	for (int i = 0; i < 500; i++)
		buf_puts(&tpl, "{{#a}}");
	buf_puts(&tpl, "x");
	for (int i = 0; i < 500; i++)
		buf_puts(&tpl, "{{/a}}");
	expect(buf_str(&tpl), "{\"a\":true}", "x");
	buf_release(&tpl);
}

/* In-memory partials: a cJSON object name -> text. */
static int
mem_loader(void *ctx, const char *name, struct buf *text, struct buf *path, struct diag *d)
{
	const cJSON *p = cJSON_GetObjectItemCaseSensitive((const cJSON *)ctx, name);
	(void)d;
	if (!cJSON_IsString(p))
		return 0;
	buf_puts(text, p->valuestring);
	buf_printf(path, "mem/%s", name);
	return 1;
}

static void
test_partial_limits(void **state)
{
	(void)state;
	struct ctx c;
	struct tmpl_opts o = { 0 };
	cJSON *parts = cJSON_Parse("{\"self\":\"x{{>self}}\",\"a\":\"{{>b}}\",\"b\":\"{{<a}}{{/a}}\","
	                           "\"bad\":\"ok\\n{{#x}}\",\"dyn\":\"[{{>*p}}]\"}");
	o.load = mem_loader;
	o.load_ctx = parts;
	o.max_depth = 10;
	ctx_init(&c);

	/* a partial that includes itself stops at the depth limit, with its position */
	buf_puts(&c.out, "keep");
	struct tmpl *t = tmpl_compile("t", "{{>self}}", 9, &o, &c.d);
	assert_non_null(t);
	assert_int_equal(tmpl_render(t, NULL, &c.out, &c.d), BD_EINPUT);
	assert_string_equal(buf_str(&c.out), "keep");
	assert_non_null(strstr(buf_str(&c.msgs), "mem/self:1:2: error: partials nested deeper than the limit"));
	tmpl_destroy(t);

	/* mutual recursion through partial and parent */
	buf_reset(&c.msgs);
	t = tmpl_compile("t", "{{>a}}", 6, &o, &c.d);
	assert_non_null(t);
	assert_int_equal(tmpl_render(t, NULL, &c.out, &c.d), BD_EINPUT);
	assert_non_null(strstr(buf_str(&c.msgs), "nested deeper than the limit"));
	tmpl_destroy(t);

	/* errors in a partial name the partial's file */
	buf_reset(&c.msgs);
	assert_null(tmpl_compile("t", "{{>bad}}", 8, &o, &c.d));
	assert_non_null(strstr(buf_str(&c.msgs), "mem/bad:2:1: error: unclosed section 'x'"));

	/* missing partials render empty; warn_missing reports them */
	buf_reset(&c.msgs);
	o.warn_missing = 1;
	assert_int_equal(render_str(&c, "<{{>nope}}>", "{}", &o), 0);
	assert_string_equal(buf_str(&c.out), "<>");
	assert_non_null(strstr(buf_str(&c.msgs), "t.mustache:1:2: warning: partial 'nope' not found"));
	c.d.nwarnings = 0;
	o.warn_missing = 0;
	assert_int_equal(render_str(&c, "<{{>nope}}>", "{}", &o), 0);
	assert_int_equal(c.d.nwarnings, 0);

	/* dynamic names: found, missing, refused */
	assert_int_equal(render_str(&c, "{{>dyn}}", "{\"p\":\"a0\"}", &o), 0);
	assert_string_equal(buf_str(&c.out), "[]");
	buf_reset(&c.msgs);
	assert_int_equal(render_str(&c, "{{>dyn}}", "{\"p\":\"../../etc/passwd\"}", &o), BD_EINPUT);
	assert_non_null(strstr(buf_str(&c.msgs), "mem/dyn:1:2: error: partial name '../../etc/passwd' refused"));

	/* output and step limits */
	o.max_output = 1000;
	assert_int_equal(render_str(&c, "{{#l}}{{#l}}{{#l}}xxxxxxxxxx{{/l}}{{/l}}{{/l}}",
	                            "{\"l\":[1,2,3,4,5,6,7,8,9,10]}", &o), BD_EINPUT);
	assert_int_equal(c.out.len, 0);
	o.max_output = 0;
	o.max_steps = 50;
	assert_int_equal(render_str(&c, "{{#l}}{{#l}}{{/l}}{{/l}}", "{\"l\":[1,2,3,4,5,6,7,8,9,10]}", &o),
	                 BD_EINPUT);
	assert_non_null(strstr(buf_str(&c.msgs), "work limit"));
	cJSON_Delete(parts);
	ctx_finish(&c);
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void
test_partial_dirs(void **state)
{
	(void)state;
	char base[] = "/tmp/tmpl-test-XXXXXX", p[512], d1[128], d2[128];
	struct ctx c;
	assert_non_null(mkdtemp(base));
	snprintf(d1, sizeof d1, "%s/one", base);
	snprintf(d2, sizeof d2, "%s/two", base);
	assert_int_equal(mkdir(d1, 0700), 0);
	assert_int_equal(mkdir(d2, 0700), 0);
	snprintf(p, sizeof p, "%s/head.mustache", d1);
	write_file(p, "one:{{t}}");
	snprintf(p, sizeof p, "%s/head.mustache", d2);
	write_file(p, "two:{{t}}");
	snprintf(p, sizeof p, "%s/foot.mustache", d2);
	write_file(p, "{{<frame}}{{$b}}foot{{/b}}{{/frame}}");
	snprintf(p, sizeof p, "%s/frame.mustache", d2);
	write_file(p, "({{$b}}{{/b}})");

	const char *dirs[] = { d1, d2 };
	struct tmpl_opts o = { 0 };
	o.dirs = dirs;
	o.ndirs = 2;
	ctx_init(&c);
	struct tmpl *t = tmpl_compile("page", "{{>head}} {{>foot}}", 19, &o, &c.d);
	assert_non_null(t);
	cJSON *d = cJSON_Parse("{\"t\":\"<T>\"}");
	assert_int_equal(tmpl_render(t, d, &c.out, &c.d), 0);
	assert_string_equal(buf_str(&c.out), "one:&lt;T&gt; (foot)");
	/* compiled once: changing or removing the files does not change the output */
	snprintf(p, sizeof p, "%s/head.mustache", d1);
	write_file(p, "changed");
	snprintf(p, sizeof p, "%s/foot.mustache", d2);
	assert_int_equal(unlink(p), 0);
	buf_reset(&c.out);
	assert_int_equal(tmpl_render(t, d, &c.out, &c.d), 0);
	assert_string_equal(buf_str(&c.out), "one:&lt;T&gt; (foot)");
	tmpl_destroy(t);

	/* the folder order decides */
	const char *rev[] = { d2, d1 };
	o.dirs = rev;
	buf_reset(&c.out);
	assert_int_equal(render_str(&c, "{{>head}}", "{\"t\":1}", &o), 0);
	assert_string_equal(buf_str(&c.out), "two:1");

	/* an unreadable template file is an I/O error */
	snprintf(p, sizeof p, "%s/none.mustache", base);
	assert_null(tmpl_compile_file(p, &o, &c.d));
	assert_int_equal(c.d.status, BD_EIO);
	cJSON_Delete(d);
	ctx_finish(&c);

	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", base);
	assert_int_equal(system(cmd), 0);
}

/* A second backend: wraps cJSON and counts lookups, to show the interface stands alone. */
static int gets;

static const void *
count_get(void *ctx, const void *v, const char *key)
{
	gets++;
	return tmpl_json_ops.get(ctx, v, key);
}

static void
test_data_interface(void **state)
{
	(void)state;
	struct tmpl_data_ops ops = tmpl_json_ops;
	struct ctx c;
	ops.get = count_get;
	ctx_init(&c);
	struct tmpl *t = tmpl_compile("t", "{{#a}}{{b}}{{/a}}", 17, NULL, &c.d);
	cJSON *d = cJSON_Parse("{\"a\":[{\"b\":1},{\"b\":2}]}");
	gets = 0;
	assert_int_equal(tmpl_render_data(t, &ops, NULL, d, &c.out, &c.d), 0);
	assert_string_equal(buf_str(&c.out), "12");
	assert_int_equal(gets, 3);   /* a once, then b in each item */
	cJSON_Delete(d);
	tmpl_destroy(t);
	ctx_finish(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_numbers_match_buf_num),
		cmocka_unit_test(test_falsy),
		cmocka_unit_test(test_context_stack),
		cmocka_unit_test(test_compile_once),
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_partial_limits),
		cmocka_unit_test(test_partial_dirs),
		cmocka_unit_test(test_data_interface),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
