/* SPDX-License-Identifier: MIT
 * Unit tests for src/ingest/parse: missing tokens, numbers (exactness against strtod,
 * separators, currency, percent). Dates are tested in test_date. */
#include "testutil.h"

#include "base/rng.h"
#include "ingest/parse.h"
#include "ingest/table.h"

static int
num(const char *s, const struct parse_numfmt *f, double *v)
{
	return parse_number(s, strlen(s), f, v);
}

static void
test_missing_tokens(void **state)
{
	(void)state;
	const char *yes[] = { "", "   ", "\t", "NA", "N/A", "null", "NULL", "-", " NA " };
	const char *no[] = { "n/a", "none", "0", "na", "--", "Null", "nan", "NaN", "x" };
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
		assert_true(parse_is_missing(yes[i], strlen(yes[i])));
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		assert_false(parse_is_missing(no[i], strlen(no[i])));
}

static void
test_plain_numbers(void **state)
{
	(void)state;
	double v;
	assert_int_equal(num(" 42 ", NULL, &v), 0);
	assert_true(v == 42.0);
	assert_int_equal(num("-0.5", NULL, &v), 0);
	assert_true(v == -0.5);
	assert_int_equal(num("+.25", NULL, &v), 0);
	assert_true(v == 0.25);
	assert_int_equal(num("17850.0", NULL, &v), 0);
	assert_true(v == 17850.0);
	assert_int_equal(num("1e3", NULL, &v), 0);
	assert_true(v == 1000.0);
	assert_int_equal(num("2.5E-3", NULL, &v), 0);
	assert_true(v == strtod("2.5E-3", NULL));
	assert_int_equal(num("5.", NULL, &v), 0);
	assert_true(v == 5.0);
	const char *bad[] = { "", " ", ".", "-", "+", "1e", "1e+", "abc", "1.2.3", "1,234",
	                      "12%", "$5", "0x10", "0x1A", "inf", "-inf", "Infinity", "nan", "NaN",
	                      "1e999", "-1e400", "1 2", "--1", "(12.50)" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		v = 99;
		assert_int_equal(num(bad[i], NULL, &v), -1);
		assert_true(v == 99);   /* untouched on failure */
	}
}

static void
test_decorated_numbers(void **state)
{
	(void)state;
	double v;
	struct parse_numfmt us = { '.', ',', 1, 1, 0 };
	struct parse_numfmt eu = { ',', '.', 1, 1, 0 };
	assert_int_equal(num("1,234.50", &us, &v), 0);
	assert_true(v == 1234.5);
	assert_int_equal(num("1.234,50", &eu, &v), 0);
	assert_true(v == 1234.5);
	assert_int_equal(num("$1,200", &us, &v), 0);
	assert_true(v == 1200.0);
	assert_int_equal(num("-$1,200.75", &us, &v), 0);
	assert_true(v == -1200.75);
	assert_int_equal(num("$-3", &us, &v), 0);
	assert_true(v == -3.0);
	assert_int_equal(num("12%", &us, &v), 0);
	assert_true(v == strtod("0.12", NULL));
	assert_int_equal(num("12,5 %", &eu, &v), 0);
	assert_true(v == strtod("0.125", NULL));
	assert_int_equal(num("\xe2\x82\xac 9,99", &eu, &v), 0);    /* € 9,99 */
	assert_true(v == 9.99);
	assert_int_equal(num("\xc2\xa3" "40.00", &us, &v), 0);     /* £40.00 */
	assert_true(v == 40.0);
	assert_int_equal(num("\xc2\xa5" "1,000", &us, &v), 0);     /* ¥1,000 */
	assert_true(v == 1000.0);
	assert_int_equal(num("1,234,567.8 USD", &us, &v), 0);
	assert_true(v == 1234567.8);
	assert_int_equal(num("EUR 12", &us, &v), 0);
	assert_true(v == 12.0);
	/* grouping must be in threes; no separator in the fraction */
	assert_int_equal(num("1,23", &us, &v), -1);
	assert_int_equal(num("1234,567", &us, &v), -1);
	assert_int_equal(num(",123", &us, &v), -1);
	assert_int_equal(num("1.5,2", &us, &v), -1);
	assert_int_equal(num("USDX 5", &us, &v), -1);
	assert_int_equal(num("$", &us, &v), -1);
}

/* "number_format": named styles, accounting negatives, and what stays unreadable. */
static void
test_number_formats(void **state)
{
	(void)state;
	struct parse_numfmt f;
	double v;
	assert_int_equal(parse_numfmt_named("de", &f), 0);
	assert_int_equal(num("1.234,5", &f, &v), 0);
	assert_true(v == 1234.5);
	assert_int_equal(num("1,234.5", &f, &v), -1);       /* en spelling under de */
	assert_int_equal(parse_numfmt_named("fr", &f), 0);
	assert_int_equal(num("12 345,75", &f, &v), 0);
	assert_true(v == 12345.75);
	assert_int_equal(parse_numfmt_named("ch", &f), 0);
	assert_int_equal(num("1'000'000.25", &f, &v), 0);
	assert_true(v == 1000000.25);
	assert_int_equal(parse_numfmt_named("en", &f), 0);
	assert_int_equal(num("1,234.5", &f, &v), 0);
	assert_true(v == 1234.5);
	assert_int_equal(num("$5.00", &f, &v), -1);         /* no currency in plain en */
	assert_int_equal(num("(12.50)", &f, &v), -1);
	assert_int_equal(parse_numfmt_named("accounting", &f), 0);
	assert_int_equal(num("(12.50)", &f, &v), 0);
	assert_true(v == -12.5);
	assert_int_equal(num("($1,234.50)", &f, &v), 0);
	assert_true(v == -1234.5);
	assert_int_equal(num(" ( 7 ) ", &f, &v), 0);
	assert_true(v == -7.0);
	assert_int_equal(num("$5.00", &f, &v), 0);
	assert_true(v == 5.0);
	assert_int_equal(num("(-3)", &f, &v), -1);          /* two signs */
	assert_int_equal(num("()", &f, &v), -1);
	assert_int_equal(num("(12", &f, &v), -1);
	assert_int_equal(num("0x1A", &f, &v), -1);
	assert_int_equal(num("1e999", &f, &v), -1);
	assert_int_equal(parse_numfmt_named("plain", &f), 0);
	assert_int_equal(num("1e308", &f, &v), 0);
	assert_true(v == 1e308);
	assert_int_equal(num("4.9e-324", &f, &v), 0);       /* denormal: finite */
	assert_true(v > 0);
	assert_int_equal(num("1e-999", &f, &v), 0);         /* underflow: zero */
	assert_true(v == 0);
	assert_int_equal(parse_numfmt_named("EN", &f), -1);
	assert_int_equal(parse_numfmt_named("us", &f), -1);
}

/* Random decimal strings must parse to exactly strtod's double. */
static void
test_numbers_equal_strtod(void **state)
{
	(void)state;
	struct rng r;
	rng_seed(&r, 20261120);
	char s[64];
	for (int i = 0; i < 200000; i++) {
		size_t k = 0;
		if (rng_below(&r, 4) == 0)
			s[k++] = '-';
		int nd = 1 + (int)rng_below(&r, 22);
		int point = (int)rng_below(&r, (uint64_t)nd + 2) - 1;
		for (int j = 0; j < nd; j++) {
			if (j == point)
				s[k++] = '.';
			s[k++] = (char)('0' + rng_below(&r, 10));
		}
		if (rng_below(&r, 5) == 0)
			k += (size_t)snprintf(s + k, sizeof s - k, "e%d", (int)rng_below(&r, 80) - 40);
		s[k] = '\0';
		double v, ref = strtod(s, NULL);
		if (parse_number(s, k, NULL, &v) != 0)
			fail_msg("'%s' not parsed", s);
		if (memcmp(&v, &ref, sizeof v) != 0)
			fail_msg("'%s': %.17g, strtod %.17g", s, v, ref);
	}
	/* amounts with 2 decimals, as exports write them */
	for (int i = 0; i < 100000; i++) {
		int n = snprintf(s, sizeof s, "%.2f", (rng_uniform(&r) - 0.1) * 1e6);
		double v;
		assert_int_equal(parse_number(s, (size_t)n, NULL, &v), 0);
		assert_true(v == strtod(s, NULL));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_tokens),
		cmocka_unit_test(test_plain_numbers),
		cmocka_unit_test(test_decorated_numbers),
		cmocka_unit_test(test_number_formats),
		cmocka_unit_test(test_numbers_equal_strtod),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
