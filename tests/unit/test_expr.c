/* SPDX-License-Identifier: MIT
 * Unit tests for src/ingest/expr: parsing, precedence, missing values, text and
 * date comparisons, regex matches, error positions. */
#include "testutil.h"
#include "base/date.h"
#include "ingest/expr.h"

static struct arena A;

/* qty: 1, 2, missing, -4 ; price: 2.5, 3, 1, 2 ; inv: "536365", "C536379", missing, "A1"
 * day: 2020-01-01, 2020-06-30, missing, 2021-01-01 */
static struct table *
mktable(void)
{
	struct table *t = table_new(&A, "orders", 4);
	/* table_add_column reallocates the column array: take pointers afterwards */
	table_add_column(&A, t, "Quantity", TABLE_NUM);
	table_add_column(&A, t, "Unit Price", TABLE_NUM);
	table_add_column(&A, t, "InvoiceNo", TABLE_TEXT);
	table_add_column(&A, t, "day", TABLE_DATE);
	struct table_column *q = &t->cols[0], *p = &t->cols[1], *inv = &t->cols[2], *d = &t->cols[3];
	double qv[] = { 1, 2, NAN, -4 }, pv[] = { 2.5, 3, 1, 2 };
	const char *iv[] = { "536365", "C536379", NULL, "A1" };
	for (int i = 0; i < 4; i++) {
		q->num[i] = qv[i];
		p->num[i] = pv[i];
		inv->code[i] = iv[i] ? table_intern(&A, inv, iv[i], strlen(iv[i])) : -1;
	}
	d->num[0] = date_from_civil(2020, 1, 1);
	d->num[1] = date_from_civil(2020, 6, 30);
	d->num[2] = NAN;
	d->num[3] = date_from_civil(2021, 1, 1);
	return t;
}

static struct table_column *
eval(struct table *t, const char *src)
{
	struct expr_error err = { 0, NULL };
	struct expr *e = expr_compile(&A, src, t, &err);
	struct table_column *c;
	if (!e)
		fail_msg("'%s' failed at %zu: %s", src, err.pos, err.msg);
	c = expr_eval_column(&A, e, t, "out");
	expr_release(e);
	return c;
}

static void
mask(struct table *t, const char *src, const char *want)
{
	struct expr_error err = { 0, NULL };
	struct expr *e = expr_compile(&A, src, t, &err);
	unsigned char keep[4];
	char got[5] = { 0 };
	if (!e)
		fail_msg("'%s' failed at %zu: %s", src, err.pos, err.msg);
	expr_eval_mask(&A, e, t, keep);
	for (int i = 0; i < 4; i++)
		got[i] = keep[i] ? '1' : '0';
	expr_release(e);
	if (strcmp(got, want) != 0)
		fail_msg("'%s': mask %s, expected %s", src, got, want);
}

static void
error_at(struct table *t, const char *src, size_t pos, const char *substr)
{
	struct expr_error err = { 0, NULL };
	struct expr *e = expr_compile(&A, src, t, &err);
	if (e)
		fail_msg("'%s' compiled, expected an error", src);
	if (err.pos != pos || !strstr(err.msg, substr))
		fail_msg("'%s': error at %zu '%s', expected at %zu containing '%s'", src, err.pos,
		         err.msg, pos, substr);
}

static int setup(void **s) { (void)s; arena_init(&A); return 0; }
static int teardown(void **s) { (void)s; arena_finish(&A); return 0; }

static void
test_arith(void **s)
{
	struct table *t = mktable();
	struct table_column *c = eval(t, "Quantity * `Unit Price` + 1");
	(void)s;
	assert_int_equal(c->type, TABLE_NUM);
	assert_close_rel(c->num[0], 3.5, 1e-12);
	assert_close_rel(c->num[1], 7.0, 1e-12);
	assert_true(isnan(c->num[2]));
	assert_close_rel(c->num[3], -7.0, 1e-12);
	assert_int_equal(c->nmissing, 1);
	c = eval(t, "-(1 + 2) * 3 - -2 / 4");
	assert_close_rel(c->num[0], -8.5, 1e-12);
	c = eval(t, "2 + 3 * 4 - 6 / 2 / 3");
	assert_close_rel(c->num[2], 13.0, 1e-12);
	c = eval(t, "Quantity / 0");
	assert_true(isnan(c->num[0]));
}

static void
test_compare_logic(void **s)
{
	struct table *t = mktable();
	(void)s;
	mask(t, "Quantity > 0", "1100");
	mask(t, "Quantity != 2", "1001");          /* missing compares false */
	mask(t, "Quantity is missing", "0010");
	mask(t, "Quantity is not missing", "1101");
	mask(t, "not Quantity > 0", "0011");
	mask(t, "Quantity > 0 and `Unit Price` > 2.6 or InvoiceNo == 'A1'", "0101");
	mask(t, "Quantity > 0 and (`Unit Price` > 2.6 or InvoiceNo == \"A1\")", "0100");
	mask(t, "InvoiceNo < 'B'", "1001");
	mask(t, "'B' > InvoiceNo", "1001");
	mask(t, "not InvoiceNo ~ '^C' and Quantity > 0", "1000");
	mask(t, "InvoiceNo ~ '^[0-9]+$'", "1000");
	mask(t, "Quantity ~ '^-'", "0001");
	mask(t, "day >= '2020-06-30'", "0101");
	mask(t, "day - '2020-01-01' > 100", "0101");
	mask(t, "InvoiceNo", "1101");
	{
		struct table_column *c = eval(t, "(InvoiceNo == 'A1') + 2 * (Quantity == 2)");
		assert_close_rel(c->num[0], 0, 1e-12);
		assert_close_rel(c->num[1], 2, 1e-12);
		assert_close_rel(c->num[2], 0, 1e-12);
		assert_close_rel(c->num[3], 1, 1e-12);
	}
}

static void
test_types(void **s)
{
	struct table *t = mktable();
	struct table_column *c;
	(void)s;
	c = eval(t, "InvoiceNo");
	assert_int_equal(c->type, TABLE_TEXT);
	assert_string_equal(table_text(c, 1), "C536379");
	assert_null(table_text(c, 2));
	c = eval(t, "day + 1");
	assert_int_equal(c->type, TABLE_DATE);
	assert_close_rel(c->num[0], date_from_civil(2020, 1, 2), 1e-12);
	c = eval(t, "Quantity * 7 + '2020-01-05'");   /* week number to a date */
	assert_int_equal(c->type, TABLE_DATE);
	assert_close_rel(c->num[1], date_from_civil(2020, 1, 19), 1e-12);
	c = eval(t, "InvoiceNo * 2");             /* text read as a number */
	assert_close_rel(c->num[0], 1072730, 1e-12);
	assert_true(isnan(c->num[1]));
}

static void
test_errors(void **s)
{
	struct table *t = mktable();
	(void)s;
	error_at(t, "Quantity * ", 11, "expected a value");
	error_at(t, "(Quantity + 1", 13, "expected ')'");
	error_at(t, "Quantiy > 0", 0, "did you mean 'Quantity'");
	error_at(t, "Quantity > 0 and Colour == 'x'", 17, "unknown column 'Colour'");
	error_at(t, "InvoiceNo ~ '('", 12, "bad regular expression");
	error_at(t, "Quantity = 1", 9, "'=='");
	error_at(t, "Quantity 2", 9, "expected an operator");
	error_at(t, "'abc", 0, "unterminated string");
	error_at(t, "day > 'yesterday'", 6, "expected a date");
	error_at(t, "Quantity is here", 12, "expected 'missing'");
}

static void
test_deep_nesting(void **s)
{
	struct table *t = mktable();
	char src[2000];
	(void)s;
	memset(src, '(', 1000);
	src[1000] = '1';
	memset(src + 1001, ')', 998);
	src[1999] = '\0';
	{
		struct expr_error err = { 0, NULL };
		assert_null(expr_compile(&A, src, t, &err));
		assert_non_null(strstr(err.msg, "nested too deeply"));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_arith, setup, teardown),
		cmocka_unit_test_setup_teardown(test_compare_logic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_types, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deep_nesting, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
