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

/* What an evaluation made missing, and why: text that is not a number (hex, NaN,
 * thousands separators unless declared), division by zero, overflow. */
static void
test_report(void **state)
{
	(void)state;
	struct table *t = table_new(&A, "orders", 6);
	table_add_column(&A, t, "txt", TABLE_TEXT);
	table_add_column(&A, t, "n", TABLE_NUM);
	struct table_column *x = &t->cols[0], *n = &t->cols[1];
	const char *tv[] = { "2", "1,234.5", "NaN", NULL, "0x1A", "1e300" };
	double nv[] = { 1, 1, 1, 1, 0, 1e-10 };
	x->srccol = 4;
	for (int i = 0; i < 6; i++) {
		x->code[i] = tv[i] ? table_intern(&A, x, tv[i], strlen(tv[i])) : -1;
		n->num[i] = nv[i];
	}
	struct expr_error err;
	struct expr *e = expr_compile(&A, "txt * 2 / n * n", t, &err);
	struct expr_report rep;
	assert_non_null(e);
	struct table_column *c = expr_eval_column_report(&A, e, t, "v", &rep);
	assert_true(c->num[0] == 4);
	for (int i = 1; i < 6; i++)
		assert_true(isnan(c->num[i]));
	assert_int_equal(rep.nissue, 2);
	assert_int_equal(rep.issue[0].why, EXPR_UNREADABLE);
	assert_string_equal(rep.issue[0].column, "txt");
	assert_int_equal(rep.issue[0].n, 3);            /* 1,234.5  NaN  0x1A */
	assert_int_equal(rep.issue[0].first_row, 1);
	assert_string_equal(rep.issue[0].first_raw, "1,234.5");
	assert_int_equal(rep.issue[0].srccol, 4);
	assert_int_equal(rep.issue[1].why, EXPR_OVERFLOW); /* 1e300 * 2 / 1e-10 */
	assert_int_equal(rep.issue[1].n, 1);
	assert_int_equal(rep.issue[1].first_row, 5);
	/* row 4 divides by zero, but 0x1A made it missing first: no division counted */
	/* per row: the reason the value is missing; a missing input is no reason */
	const unsigned char want[] = { 0, EXPR_UNREADABLE, EXPR_UNREADABLE, 0, EXPR_UNREADABLE,
	                               EXPR_OVERFLOW };
	assert_memory_equal(rep.why, want, 6);
	/* with the thousands separator declared, row 1 reads */
	struct parse_numfmt f;
	parse_numfmt_named("en", &f);
	expr_set_number_format(e, &f);
	c = expr_eval_column_report(&A, e, t, "v2", &rep);
	assert_true(c->num[1] == 2469);
	assert_int_equal(rep.issue[0].n, 2);
	assert_string_equal(rep.issue[0].first_raw, "NaN");
	expr_release(e);
	/* a zero divisor with a value to divide */
	e = expr_compile(&A, "1 / n", t, &err);
	assert_non_null(e);
	c = expr_eval_column_report(&A, e, t, "w", &rep);
	assert_int_equal(rep.nissue, 1);
	assert_int_equal(rep.issue[0].why, EXPR_DIV0);
	assert_int_equal(rep.issue[0].n, 1);
	assert_int_equal(rep.issue[0].first_row, 4);
	assert_int_equal(rep.why[4], EXPR_DIV0);
	assert_true(isnan(c->num[4]));
	expr_release(e);
	/* a filter reports too, and rows whose condition holds carry no reason */
	unsigned char keep[6];
	e = expr_compile(&A, "n / n > 0 or n == 0", t, &err);
	assert_non_null(e);
	expr_eval_mask_report(&A, e, t, keep, &rep);
	assert_int_equal(keep[4], 1);
	assert_int_equal(rep.nissue, 1);
	assert_int_equal(rep.issue[0].why, EXPR_DIV0);
	expr_release(e);
}

/* Number literals are decimal and finite. */
static void
test_literals(void **state)
{
	(void)state;
	struct table *t = mktable();
	struct expr_error err;
	assert_null(expr_compile(&A, "Quantity * 1e999", t, &err));
	assert_int_equal(err.pos, 11);
	assert_null(expr_compile(&A, "Quantity + 0x1A", t, &err));
	assert_int_equal(eval(t, "Quantity * 1.5e2")->num[0], 150);
	assert_true(eval(t, "2.5e-3 + 0")->num[0] == 2.5e-3);
	assert_null(expr_compile(&A, "'NaN' + 0", t, &err));
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
		cmocka_unit_test_setup_teardown(test_report, setup, teardown),
		cmocka_unit_test_setup_teardown(test_literals, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
