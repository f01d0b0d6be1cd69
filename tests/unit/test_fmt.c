/* SPDX-License-Identifier: MIT
 * Tests for base/fmt: grouping, compact units per locale, currencies, percent, signed
 * change with U+2212, dates and ISO weeks per locale, and edge values. */
#include "testutil.h"

#include "base/date.h"
#include "base/fmt.h"

static struct buf b;

static const char *
out(void)
{
	return buf_str(&b);
}

#define CHECK(call, want) do { buf_reset(&b); call; assert_string_equal(out(), want); } while (0)

static void
test_number(void **s)
{
	(void)s;
	buf_init(&b);
	CHECK(fmt_number(&b, 1234567, 0, LOCALE_EN), "1,234,567");
	CHECK(fmt_number(&b, 1234567.891, 2, LOCALE_ZH_CN), "1,234,567.89");
	CHECK(fmt_number(&b, -1234.5, 1, LOCALE_EN), "-1,234.5");
	CHECK(fmt_number(&b, 999.5, 0, LOCALE_EN), "1,000");
	CHECK(fmt_number(&b, 12, 0, LOCALE_EN), "12");
	CHECK(fmt_number(&b, 123, 0, LOCALE_EN), "123");
	CHECK(fmt_number(&b, -0.004, 2, LOCALE_EN), "0.00");
	CHECK(fmt_number(&b, 1e15, 0, LOCALE_EN), "1,000,000,000,000,000");
	CHECK(fmt_number(&b, NAN, 0, LOCALE_EN), "\xE2\x80\x93");
	CHECK(fmt_number(&b, INFINITY, 0, LOCALE_EN), "\xE2\x80\x93");
	buf_release(&b);
}

static void
test_compact(void **s)
{
	(void)s;
	buf_init(&b);
	CHECK(fmt_compact(&b, 950, -1, LOCALE_EN), "950");
	CHECK(fmt_compact(&b, 1234, -1, LOCALE_EN), "1.2k");
	CHECK(fmt_compact(&b, 1000, -1, LOCALE_EN), "1k");
	CHECK(fmt_compact(&b, 3.4e6, -1, LOCALE_EN), "3.4M");
	CHECK(fmt_compact(&b, 1.2e9, -1, LOCALE_EN), "1.2B");
	CHECK(fmt_compact(&b, 5e12, -1, LOCALE_EN), "5T");
	CHECK(fmt_compact(&b, 999960, -1, LOCALE_EN), "1M");
	CHECK(fmt_compact(&b, 999.96, -1, LOCALE_EN), "1k");
	CHECK(fmt_compact(&b, -2500, -1, LOCALE_EN), "-2.5k");
	CHECK(fmt_compact(&b, 0.25, -1, LOCALE_EN), "0.25");
	CHECK(fmt_compact(&b, 12.34, -1, LOCALE_EN), "12.3");
	CHECK(fmt_compact(&b, 0, -1, LOCALE_EN), "0");
	CHECK(fmt_compact(&b, 12345, 2, LOCALE_EN), "12.35k");
	CHECK(fmt_compact(&b, 9500, -1, LOCALE_ZH_CN), "9500");
	CHECK(fmt_compact(&b, 12345, -1, LOCALE_ZH_CN), "1.2万");
	CHECK(fmt_compact(&b, 3.4e8, -1, LOCALE_ZH_CN), "3.4亿");
	CHECK(fmt_compact(&b, 2e12, -1, LOCALE_ZH_CN), "2万亿");
	CHECK(fmt_compact(&b, 99999600, -1, LOCALE_ZH_CN), "1亿");
	buf_release(&b);
}

static void
test_currency_percent_change(void **s)
{
	(void)s;
	buf_init(&b);
	CHECK(fmt_currency(&b, 1.2e6, "USD", LOCALE_EN, 1, -1), "$1.2M");
	CHECK(fmt_currency(&b, -1.2e6, "USD", LOCALE_EN, 1, -1), "-$1.2M");
	CHECK(fmt_currency(&b, 1234.5, "EUR", LOCALE_EN, 0, 2), "\xE2\x82\xAC" "1,234.50");
	CHECK(fmt_currency(&b, 3400, "GBP", LOCALE_EN, 1, -1), "\xC2\xA3" "3.4k");
	CHECK(fmt_currency(&b, 3.4e8, "CNY", LOCALE_ZH_CN, 1, -1), "\xC2\xA5" "3.4亿");
	CHECK(fmt_currency(&b, 1.2e6, "XYZ", LOCALE_EN, 1, -1), "XYZ 1.2M");
	CHECK(fmt_currency(&b, -0.001, "USD", LOCALE_EN, 0, 0), "$0");
	CHECK(fmt_percent(&b, 0.1234, 1), "12.3%");
	CHECK(fmt_percent(&b, 1, 0), "100%");
	CHECK(fmt_percent(&b, -0.05, -1), "-5.0%");
	CHECK(fmt_change(&b, 0.041, 1), "+4.1%");
	CHECK(fmt_change(&b, -0.02, 1), "\xE2\x88\x92" "2.0%");
	CHECK(fmt_change(&b, 0.0001, 1), "0.0%");
	CHECK(fmt_change(&b, NAN, 1), "\xE2\x80\x93");
	buf_release(&b);
}

static void
test_dates(void **s)
{
	(void)s;
	long d = date_from_civil(2026, 11, 12);
	buf_init(&b);
	CHECK(fmt_date(&b, d, FMT_DATE_ISO, LOCALE_EN), "2026-11-12");
	CHECK(fmt_date(&b, d, FMT_DATE_LONG, LOCALE_EN), "12 Nov 2026");
	CHECK(fmt_date(&b, d, FMT_DATE_LONG, LOCALE_ZH_CN), "2026年11月12日");
	CHECK(fmt_date(&b, d, FMT_DATE_SHORT, LOCALE_EN), "12 Nov");
	CHECK(fmt_date(&b, d, FMT_DATE_SHORT, LOCALE_ZH_CN), "11月12日");
	CHECK(fmt_date(&b, d, FMT_DATE_MONTH, LOCALE_EN), "Nov 2026");
	CHECK(fmt_date(&b, d, FMT_DATE_MONTH, LOCALE_ZH_CN), "2026年11月");
	CHECK(fmt_week(&b, d, LOCALE_EN), "2026-W46");
	CHECK(fmt_week(&b, d, LOCALE_ZH_CN), "2026年第46周");
	/* ISO week edge cases: 2021-01-03 is in 2020-W53, 2024-12-30 in 2025-W01 */
	CHECK(fmt_week(&b, date_from_civil(2021, 1, 3), LOCALE_EN), "2020-W53");
	CHECK(fmt_week(&b, date_from_civil(2021, 1, 3), LOCALE_ZH_CN), "2020年第53周");
	CHECK(fmt_week(&b, date_from_civil(2024, 12, 30), LOCALE_EN), "2025-W01");
	CHECK(fmt_week(&b, date_from_civil(2026, 1, 1), LOCALE_EN), "2026-W01");
	buf_release(&b);
}

static void
test_value_kinds(void **s)
{
	(void)s;
	buf_init(&b);
	long d = date_from_civil(2026, 11, 12);
	CHECK(fmt_value(&b, 1234567, NULL, -1, LOCALE_EN, "USD"), "1,234,567");
	CHECK(fmt_value(&b, 3.14159, "number", -1, LOCALE_EN, "USD"), "3.14");
	CHECK(fmt_value(&b, 2.5e6, "currency", -1, LOCALE_EN, "EUR"), "\xE2\x82\xAC" "2.5M");
	CHECK(fmt_value(&b, 2500.4, "money", -1, LOCALE_EN, "USD"), "$2,500");
	CHECK(fmt_value(&b, 0.5, "percent", 0, LOCALE_EN, NULL), "50%");
	CHECK(fmt_value(&b, 0.5, "change", 0, LOCALE_EN, NULL), "+50%");
	CHECK(fmt_value(&b, 7.6, "integer", -1, LOCALE_EN, NULL), "8");
	CHECK(fmt_value(&b, (double)d, "date", -1, LOCALE_EN, NULL), "2026-11-12");
	CHECK(fmt_value(&b, (double)d, "date_long", -1, LOCALE_ZH_CN, NULL), "2026年11月12日");
	CHECK(fmt_value(&b, (double)d, "week", -1, LOCALE_EN, NULL), "2026-W46");
	CHECK(fmt_value(&b, 1e300, "date", -1, LOCALE_EN, NULL), "\xE2\x80\x93");
	buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_number),
		cmocka_unit_test(test_compact),
		cmocka_unit_test(test_currency_percent_change),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_value_kinds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
