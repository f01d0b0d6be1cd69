/* SPDX-License-Identifier: MIT
 * Unit tests for src/base: arena, buf, diag, locale. */
#include "testutil.h"

#include "base/arena.h"
#include "base/buf.h"
#include "base/diag.h"
#include "base/locale.h"

static void
test_arena_alignment_and_big_blocks(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	for (int i = 1; i < 2000; i++) {
		char *p = arena_alloc(&a, (size_t)i % 97 + 1);
		assert_int_equal((uintptr_t)p % 16, 0);
		p[0] = 'x';
	}
	char *big = arena_alloc(&a, 1 << 20);
	memset(big, 1, 1 << 20);
	char *small = arena_strdup(&a, "after big");
	assert_string_equal(small, "after big");
	assert_string_equal(arena_printf(&a, "%d-%s", 42, "x"), "42-x");
	int *z = arena_calloc(&a, 100, sizeof *z);
	for (int i = 0; i < 100; i++)
		assert_int_equal(z[i], 0);
	arena_finish(&a);
}

/* Chunks grow with the arena (64 KB up to 16 MB): 48 MB in 1,000-byte pieces stay
 * 16-byte aligned and never overlap; big x*alloc blocks (on huge pages) behave as
 * malloc's: xcalloc zeroes, xrealloc keeps the contents, free takes them back. */
static void
test_arena_growth_and_huge_blocks(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	size_t n = 48 * 1024, each = 1000;
	unsigned char **p = xmalloc(n * sizeof *p);
	for (size_t i = 0; i < n; i++) {
		p[i] = arena_alloc(&a, each);
		assert_int_equal((uintptr_t)p[i] % 16, 0);
		memset(p[i], (int)(i & 0xff), each);
	}
	for (size_t i = 0; i < n; i++)
		assert_true(p[i][0] == (i & 0xff) && p[i][each - 1] == (i & 0xff));
	assert_true(a.total >= n * each);
	free(p);
	arena_finish(&a);

	size_t big = (size_t)9 << 20;
	unsigned char *z = xcalloc(big, 1), *m = xmalloc(big + 3);
	for (size_t i = 0; i < big; i += 4093)
		assert_int_equal(z[i], 0);
	assert_int_equal(z[big - 1], 0);
	memset(m, 7, big + 3);
	m = xrealloc(m, 2 * big);
	assert_true(m[0] == 7 && m[big + 2] == 7);
	m[2 * big - 1] = 1;
	free(z);
	free(m);
}

static void
test_buf_num_shortest(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b);
	buf_num(&b, 1.21); buf_putc(&b, ' ');
	buf_num(&b, 3); buf_putc(&b, ' ');
	buf_num(&b, -0.1); buf_putc(&b, ' ');
	buf_num(&b, 1.0 / 3); buf_putc(&b, ' ');
	buf_num(&b, NAN);
	assert_string_equal(buf_str(&b), "1.21 3 -0.1 0.3333333333333333 null");
	buf_release(&b);
}

static void
test_buf_escape(void **state)
{
	(void)state;
	struct buf b;
	const char *s = "<script>\"a\"&'b'</script>";
	buf_init(&b);
	buf_escape_html(&b, s, strlen(s));
	assert_string_equal(buf_str(&b), "&lt;script&gt;&quot;a&quot;&amp;&#39;b&#39;&lt;/script&gt;");
	size_t n;
	char *p = buf_detach(&b, &n);
	assert_int_equal(n, strlen(p));
	free(p);
	assert_null(b.data);
}

static void
test_diag_format_and_status(void **state)
{
	(void)state;
	struct diag d;
	struct buf cap;
	buf_init(&cap);
	diag_init(&d);
	d.out = NULL;
	d.capture = &cap;
	struct diag_loc loc = { "data/orders.csv", 1042, 7 };
	diag_error(&d, BD_EINPUT, &loc, "column '%s': expected a number, got \"%s\"", "amount", "n/a");
	diag_warn(&d, NULL, "something odd");
	assert_string_equal(buf_str(&cap),
		"bdreport: data/orders.csv:1042:7: error: column 'amount': expected a number, got \"n/a\"\n"
		"bdreport: warning: something odd\n");
	assert_int_equal(d.status, BD_EINPUT);
	assert_int_equal(d.nerrors, 1);
	assert_int_equal(d.nwarnings, 1);
	char q[16];
	assert_string_equal(diag_quote(q, sizeof q, "a\tb", 10), "a\\x09b");
	assert_string_equal(diag_quote(q, sizeof q, "abcdefghijklmnopqrstuvwxyz", 8), "abcdefgh...");
	buf_release(&cap);
}

static void
test_diag_meter_only_on_terminals(void **state)
{
	(void)state;
	struct diag d;
	char text[512] = "";
	FILE *f = tmpfile();
	assert_non_null(f);
	diag_init(&d);
	d.out = f;
	diag_meter(&d, "loading orders", 0.5);        /* a file is not a terminal */
	assert_int_equal(ftell(f), 0);
	d.tty = 1;                                     /* pretend it is one */
	diag_meter(&d, "loading orders", 0.5);
	diag_meter(&d, "loading orders", 0.504);      /* same percent: no redraw */
	diag_meter(&d, "loading orders", 2.0);        /* clamped */
	diag_progress(&d, "loaded orders");            /* clears the meter line first */
	rewind(f);
	size_t n = fread(text, 1, sizeof text - 1, f);
	text[n] = '\0';
	assert_string_equal(text,
		"\rbdreport: loading orders [###############...............]  50%"
		"\rbdreport: loading orders [##############################] 100%"
		"\r\033[Kbdreport: loaded orders\n");
	d.quiet = 1;
	diag_meter(&d, "x", 0.1);
	assert_int_equal(ftell(f), (long)n);
	fclose(f);
}

/* the project file's names parse exactly; a saved model's name falls back to English */
static void
test_locale(void **state)
{
	enum locale l = LOCALE_EN;
	(void)state;
	assert_int_equal(locale_parse("zh-CN", &l), 0);
	assert_int_equal(l, LOCALE_ZH_CN);
	assert_int_equal(locale_parse("en", &l), 0);
	assert_int_equal(l, LOCALE_EN);
	l = LOCALE_ZH_CN;
	assert_int_equal(locale_parse("zh", &l), -1);
	assert_int_equal(locale_parse("EN", &l), -1);
	assert_int_equal(locale_parse(NULL, &l), -1);
	assert_int_equal(l, LOCALE_ZH_CN);          /* unchanged */
	assert_int_equal(locale_of("zh-CN"), LOCALE_ZH_CN);
	assert_int_equal(locale_of("fr"), LOCALE_EN);
	assert_int_equal(locale_of(NULL), LOCALE_EN);
	assert_string_equal(locale_name(LOCALE_ZH_CN), "zh-CN");
	assert_string_equal(locale_name(LOCALE_EN), "en");
	assert_string_equal(locale_names, "en|zh-CN");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena_alignment_and_big_blocks),
		cmocka_unit_test(test_arena_growth_and_huge_blocks),
		cmocka_unit_test(test_buf_num_shortest),
		cmocka_unit_test(test_buf_escape),
		cmocka_unit_test(test_diag_format_and_status),
		cmocka_unit_test(test_diag_meter_only_on_terminals),
		cmocka_unit_test(test_locale),
	};
	return cmocka_run_group_tests_name("base", tests, NULL, NULL);
}
