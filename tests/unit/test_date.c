/* SPDX-License-Identifier: MIT
 * Tests for base/date: civil conversion around the 1970 epoch and before it, leap
 * years (1900 is not one, 2000 is), weekdays, ISO weeks (week 53, New Year), the ISO
 * and strftime-style parsers with bad input, the text forms and the build's clock. */
#include "testutil.h"

#include "base/date.h"

static void
test_civil(void **state)
{
	(void)state;
	int y, m, d;
	assert_int_equal(date_from_civil(1970, 1, 1), 0);
	assert_int_equal(date_from_civil(1969, 12, 31), -1);
	assert_int_equal(date_from_civil(1900, 1, 1), -25567);
	assert_int_equal(date_from_civil(2000, 3, 1), 11017);
	assert_int_equal(date_from_civil(2000, 2, 29) + 1, date_from_civil(2000, 3, 1));
	assert_int_equal(date_from_civil(1900, 2, 28) + 1, date_from_civil(1900, 3, 1));
	assert_int_equal(date_from_civil(0, 1, 1), -719528);
	date_to_civil(-1, &y, &m, &d);
	assert_int_equal(y * 10000 + m * 100 + d, 19691231);
	date_to_civil(-719528 - 1, &y, &m, &d);          /* 1 BC is year -1 */
	assert_int_equal(y, -1);
	assert_int_equal(m * 100 + d, 1231);
	for (long k = -800000; k <= 800000; k += 97) {   /* round trip over ±2000 years */
		date_to_civil(k, &y, &m, &d);
		assert_int_equal(date_from_civil(y, m, d), k);
		assert_true(d >= 1 && d <= date_days_in_month(y, m));
	}
	assert_false(date_is_leap(1900));
	assert_true(date_is_leap(2000));
	assert_true(date_is_leap(2024));
	assert_false(date_is_leap(2026));
	assert_false(date_is_leap(2100));
	assert_int_equal(date_days_in_month(1900, 2), 28);
	assert_int_equal(date_days_in_month(2000, 2), 29);
	assert_int_equal(date_days_in_month(2026, 4), 30);
	assert_int_equal(date_days_in_month(2026, 12), 31);
	/* 365 * 400 + 97 leap days in every 400 years */
	assert_int_equal(date_from_civil(2400, 1, 1) - date_from_civil(2000, 1, 1), 146097);
}

static void
test_weekday_and_iso_week(void **state)
{
	(void)state;
	static const struct { int y, m, d; const char *week; } cases[] = {
		{ 1970, 1, 1, "1970-W01" }, { 1969, 12, 29, "1970-W01" }, { 1969, 12, 28, "1969-W52" },
		{ 2026, 11, 21, "2026-W47" }, { 2026, 11, 16, "2026-W47" }, { 2026, 11, 15, "2026-W46" },
		{ 2026, 12, 31, "2026-W53" }, { 2027, 1, 1, "2026-W53" }, { 2027, 1, 4, "2027-W01" },
		{ 2020, 12, 31, "2020-W53" }, { 2021, 1, 3, "2020-W53" }, { 2024, 12, 30, "2025-W01" },
		{ 2000, 1, 1, "1999-W52" }, { 1900, 1, 1, "1900-W01" },
	};
	char w[16];
	int wy;
	assert_int_equal(date_weekday(0), 4);                          /* a Thursday */
	assert_int_equal(date_weekday(-1), 3);
	assert_int_equal(date_weekday(-3), 1);
	assert_int_equal(date_weekday(date_from_civil(2026, 11, 22)), 7);
	assert_int_equal(date_weekday(date_from_civil(1900, 1, 1)), 1);
	for (long k = -1000; k < 1000; k++)
		assert_int_equal(date_weekday(k + 1), date_weekday(k) % 7 + 1);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		long days = date_from_civil(cases[i].y, cases[i].m, cases[i].d);
		assert_string_equal(date_format_week(days, w), cases[i].week);
		assert_true(date_is_week_name(w));
	}
	assert_int_equal(date_iso_week(date_from_civil(2026, 12, 31), &wy), 53);
	assert_int_equal(wy, 2026);
	assert_int_equal(date_iso_week(date_from_civil(2027, 1, 1), NULL), 53);
	assert_false(date_is_week_name("2026-W4"));
	assert_false(date_is_week_name("2026-W470"));
	assert_false(date_is_week_name("index.html"));
	assert_false(date_is_week_name("2026_W47"));
	assert_false(date_is_week_name("2026-W00"));
	assert_false(date_is_week_name("2026-W54"));
	assert_false(date_is_week_name("2026-w47"));
	assert_false(date_is_week_name(""));
}

static void
test_parse_day(void **state)
{
	(void)state;
	long d = 12345;
	assert_int_equal(date_parse_day("2026-11-12", &d), 0);
	assert_int_equal(d, date_from_civil(2026, 11, 12));
	assert_int_equal(date_parse_day("1970-01-01", &d), 0);
	assert_int_equal(d, 0);
	assert_int_equal(date_parse_day("1969-12-31", &d), 0);
	assert_int_equal(d, -1);
	assert_int_equal(date_parse_day("2000-02-29", &d), 0);
	assert_int_equal(date_parse_day("2024-02-29", &d), 0);
	d = 12345;
	static const char *const bad[] = { "2026-02-29", "1900-02-29", "2026-13-01", "2026-00-01",
	                                   "2026-04-31", "2026-1-01", "2026-11-12T10:00:00",
	                                   "2026-11-12x", " 2026-11-12", "26-11-12", "today", "" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (date_parse_day(bad[i], &d) == 0)
			fail_msg("'%s' accepted", bad[i]);
	assert_int_equal(date_parse_day(NULL, &d), -1);
	assert_int_equal(d, 12345);                                    /* untouched */
}

static void
test_iso_dates(void **state)
{
	(void)state;
	double v, day = date_from_civil(2026, 11, 20);
	assert_int_equal(date_parse_iso("2026-11-20", 10, &v), 0);
	assert_true(v == day);
	const char *s = "2026-11-20T14:03:00";
	assert_int_equal(date_parse_iso(s, strlen(s), &v), 0);
	assert_close_abs(v, day + (14 * 3600 + 3 * 60) / 86400.0, 1e-9);
	s = " 2026-11-20 14:03:00 ";
	assert_int_equal(date_parse_iso(s, strlen(s), &v), 0);
	assert_close_abs(v, day + (14 * 3600 + 3 * 60) / 86400.0, 1e-9);
	s = "2026-11-20T14:03";
	assert_int_equal(date_parse_iso(s, strlen(s), &v), 0);
	assert_close_abs(v, day + (14 * 3600 + 3 * 60) / 86400.0, 1e-9);
	s = "2026-11-20T14:03:07.250Z";
	assert_int_equal(date_parse_iso(s, strlen(s), &v), 0);
	assert_close_abs(v, day + (14 * 3600 + 3 * 60 + 7.25) / 86400.0, 1e-9);
	s = "2026-11-20T01:30:00+02:00";                 /* 23:30 UTC the day before */
	assert_int_equal(date_parse_iso(s, strlen(s), &v), 0);
	assert_close_abs(v, day - 1 + 23.5 / 24, 1e-9);
	s = "2026-11-20T22:00:00-0330";
	assert_int_equal(date_parse_iso(s, strlen(s), &v), 0);
	assert_close_abs(v, day + 1 + 1.5 / 24, 1e-9);
	assert_int_equal(date_parse_iso("2024-02-29", 10, &v), 0);
	const char *bad[] = { "2026-02-29", "2026-13-01", "2026-00-10", "2026-11-31",
	                      "2026-11-20X", "20-11-2026", "2026/11/20", "2026-11-20T25:00",
	                      "2026-11-20T12:60", "2026-11-20T12", "2026-1-5", "1900-02-29", "" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (date_parse_iso(bad[i], strlen(bad[i]), &v) == 0)
			fail_msg("'%s' accepted", bad[i]);
}

static void
check_fmt(const char *s, const char *fmt, int y, int m, int d, double hours)
{
	double v;
	if (date_parse_fmt(s, strlen(s), fmt, &v) != 0)
		fail_msg("'%s' with '%s' rejected", s, fmt);
	assert_close_abs(v, date_from_civil(y, m, d) + hours / 24, 1e-9);
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
		if (date_parse_fmt(bad[i][0], strlen(bad[i][0]), bad[i][1], &v) == 0)
			fail_msg("'%s' accepted by '%s'", bad[i][0], bad[i][1]);
	assert_null(date_check_fmt("%d-%b-%y %H:%M:%S %p %j %% %e %B"));
	assert_non_null(strstr(date_check_fmt("%Y-%q"), "'%q'"));
	assert_non_null(date_check_fmt("%Y%"));
}

static void
test_reader_rule(void **state)
{
	(void)state;
	double v;
	const char *s = "20.11.2026";
	assert_int_equal(date_parse(s, strlen(s), "%d.%m.%Y", &v), 0);
	assert_true(v == date_from_civil(2026, 11, 20));
	s = "2026-11-21";                                   /* ISO still read with a format */
	assert_int_equal(date_parse(s, strlen(s), "%d.%m.%Y", &v), 0);
	assert_true(v == date_from_civil(2026, 11, 21));
	assert_int_equal(date_parse(s, strlen(s), NULL, &v), 0);
	s = "21.11.2026";
	assert_int_equal(date_parse(s, strlen(s), NULL, &v), -1);
	assert_int_equal(date_parse("", 0, "%Y", &v), -1);
}

static void
test_text(void **state)
{
	(void)state;
	char out[32];
	assert_string_equal(date_format_iso(date_from_civil(2026, 11, 20) + 0.75, out), "2026-11-20");
	assert_string_equal(date_format_iso(0, out), "1970-01-01");
	assert_string_equal(date_format_iso(-0.25, out), "1969-12-31");    /* the day of 18:00 */
	assert_string_equal(date_format_iso(date_from_civil(2000, 2, 29), out), "2000-02-29");
	assert_string_equal(date_format_iso(NAN, out), "");
	assert_string_equal(date_format_iso(INFINITY, out), "");
	assert_string_equal(date_format_iso(date_from_civil(12026, 1, 1), out), "0000-01-01");
	assert_string_equal(date_format_epoch(0, out), "1970-01-01T00:00:00Z");
	assert_string_equal(date_format_epoch(1700000000, out), "2023-11-14T22:13:20Z");
	assert_string_equal(date_format_epoch(951782399, out), "2000-02-28T23:59:59Z");
	long days;
	int h, mi, sec;
	date_split_epoch(86399, &days, &h, &mi, &sec);
	assert_int_equal(days, 0);
	assert_int_equal(h * 10000 + mi * 100 + sec, 235959);
}

static void
test_clock(void **state)
{
	(void)state;
	long long secs = 7;
	char *saved = test_env_swap("SOURCE_DATE_EPOCH", NULL);
	assert_int_equal(date_source_epoch(&secs), 0);
	assert_true(date_today() > date_from_civil(2020, 1, 1));
	setenv("SOURCE_DATE_EPOCH", "", 1);
	assert_int_equal(date_source_epoch(&secs), 0);
	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	assert_int_equal(date_source_epoch(&secs), 1);
	assert_true(secs == 1700000000);
	assert_int_equal(date_today(), date_from_civil(2023, 11, 14));
	setenv("SOURCE_DATE_EPOCH", "0", 1);
	assert_int_equal(date_today(), 0);
	static const char *const bad[] = { "abc", "-5", "17e8", "1700000000 ", "99999999999999999999" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		setenv("SOURCE_DATE_EPOCH", bad[i], 1);
		if (date_source_epoch(&secs) != -1)
			fail_msg("SOURCE_DATE_EPOCH '%s' accepted", bad[i]);
		assert_true(date_today() > date_from_civil(2020, 1, 1));   /* the system clock */
	}
	test_env_restore("SOURCE_DATE_EPOCH", saved);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_civil),
		cmocka_unit_test(test_weekday_and_iso_week),
		cmocka_unit_test(test_parse_day),
		cmocka_unit_test(test_iso_dates),
		cmocka_unit_test(test_date_formats),
		cmocka_unit_test(test_reader_rule),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_clock),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
