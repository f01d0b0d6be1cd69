/* SPDX-License-Identifier: MIT
 * Unit tests for src/ingest/parse: missing tokens, numbers (exactness against strtod,
 * separators, currency, percent), ISO dates and strftime-style formats. */
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

static void
test_iso_dates(void **state)
{
	(void)state;
	double v, day = table_days_from_civil(2026, 11, 20);
	assert_int_equal(parse_date_iso("2026-11-20", 10, &v), 0);
	assert_true(v == day);
	const char *s = "2026-11-20T14:03:00";
	assert_int_equal(parse_date_iso(s, strlen(s), &v), 0);
	assert_close_abs(v, day + (14 * 3600 + 3 * 60) / 86400.0, 1e-9);
	s = " 2026-11-20 14:03:00 ";
	assert_int_equal(parse_date_iso(s, strlen(s), &v), 0);
	assert_close_abs(v, day + (14 * 3600 + 3 * 60) / 86400.0, 1e-9);
	s = "2026-11-20T14:03";
	assert_int_equal(parse_date_iso(s, strlen(s), &v), 0);
	assert_close_abs(v, day + (14 * 3600 + 3 * 60) / 86400.0, 1e-9);
	s = "2026-11-20T14:03:07.250Z";
	assert_int_equal(parse_date_iso(s, strlen(s), &v), 0);
	assert_close_abs(v, day + (14 * 3600 + 3 * 60 + 7.25) / 86400.0, 1e-9);
	s = "2026-11-20T01:30:00+02:00";                 /* 23:30 UTC the day before */
	assert_int_equal(parse_date_iso(s, strlen(s), &v), 0);
	assert_close_abs(v, day - 1 + 23.5 / 24, 1e-9);
	s = "2026-11-20T22:00:00-0330";
	assert_int_equal(parse_date_iso(s, strlen(s), &v), 0);
	assert_close_abs(v, day + 1 + 1.5 / 24, 1e-9);
	assert_int_equal(parse_date_iso("2024-02-29", 10, &v), 0);
	const char *bad[] = { "2026-02-29", "2026-13-01", "2026-00-10", "2026-11-31",
	                      "2026-11-20X", "20-11-2026", "2026/11/20", "2026-11-20T25:00",
	                      "2026-11-20T12:60", "2026-11-20T12", "2026-1-5", "" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (parse_date_iso(bad[i], strlen(bad[i]), &v) == 0)
			fail_msg("'%s' accepted", bad[i]);
}

static void
check_fmt(const char *s, const char *fmt, int y, int m, int d, double hours)
{
	double v;
	if (parse_date_fmt(s, strlen(s), fmt, &v) != 0)
		fail_msg("'%s' with '%s' rejected", s, fmt);
	assert_close_abs(v, table_days_from_civil(y, m, d) + hours / 24, 1e-9);
}

static void
test_date_formats(void **state)
{
	(void)state;
	check_fmt("05-Nov-26", "%d-%b-%y", 2026, 11, 5, 0);
	check_fmt("31-DEC-99", "%d-%b-%y", 1999, 12, 31, 0);
	check_fmt("11/20/2026 14:03", "%m/%d/%Y %H:%M", 2026, 11, 20, 14 + 3 / 60.0);
	check_fmt("1/2/2026 9:05", "%m/%d/%Y %H:%M", 2026, 1, 2, 9 + 5 / 60.0);
	check_fmt("20.11.2026", "%d.%m.%Y", 2026, 11, 20, 0);
	check_fmt("November  5, 2026", "%B %e, %Y", 2026, 11, 5, 0);
	check_fmt("2026-11-20 14:03:00", "%Y-%m-%d %H:%M:%S", 2026, 11, 20, 14.05);
	check_fmt("12/01/2026 12:30:00 AM", "%m/%d/%Y %H:%M:%S %p", 2026, 12, 1, 0.5);
	check_fmt("12/01/2026 02:03:00 pm", "%m/%d/%Y %H:%M:%S %p", 2026, 12, 1, 14.05);
	check_fmt("2026-060", "%Y-%j", 2026, 3, 1, 0);
	check_fmt("100% 2026", "100%% %Y", 2026, 1, 1, 0);
	const char *bad[][2] = {
		{ "32.11.2026", "%d.%m.%Y" }, { "20.13.2026", "%d.%m.%Y" },
		{ "29.02.2026", "%d.%m.%Y" }, { "20.11.2026x", "%d.%m.%Y" },
		{ "20-Foo-26", "%d-%b-%y" }, { "13:00 PM", "%H:%M %p" },
		{ "2026-11-20", "%d.%m.%Y" }, { "2026-366", "%Y-%j" },
	};
	double v;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (parse_date_fmt(bad[i][0], strlen(bad[i][0]), bad[i][1], &v) == 0)
			fail_msg("'%s' accepted by '%s'", bad[i][0], bad[i][1]);
	assert_null(parse_check_date_fmt("%d-%b-%y %H:%M:%S %p %j %% %e %B"));
	assert_non_null(strstr(parse_check_date_fmt("%Y-%q"), "'%q'"));
	assert_non_null(parse_check_date_fmt("%Y%"));
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
		cmocka_unit_test(test_iso_dates),
		cmocka_unit_test(test_date_formats),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
