/* SPDX-License-Identifier: MIT
 * Tests for analysis/reasons: the sentence templates per feature kind in en and
 * zh-CN, feature kinds from names, and the choice of the strongest contributions. */
#include "testutil.h"

#include "analysis/reasons.h"

static const char *
say(struct buf *b, const char *feature, const char *level, enum reasons_kind kind, double v,
    double mean, double usual, const char *locale)
{
	struct reasons_term t = { feature, level, kind, v, mean, usual, NULL };
	buf_reset(b);
	reasons_text(b, &t, locale_of(locale), "USD");
	return buf_str(b);
}

static void
test_text_en(void **s)
{
	struct buf b;
	(void)s;
	buf_init(&b);
	assert_string_equal(say(&b, "engagement_score", NULL, REASONS_NUMBER, 82, 51.37, NAN, "en"),
	                    "engagement score 82, well above the average of 51.4");
	assert_string_equal(say(&b, "satisfaction", NULL, REASONS_NUMBER, 4, 6.5, NAN, "en"),
	                    "satisfaction 4, below the average of 6.5");
	assert_string_equal(say(&b, "satisfaction", NULL, REASONS_NUMBER, 6.6, 6.5, NAN, "en"),
	                    "satisfaction 6.6, close to the average of 6.5");
	assert_string_equal(say(&b, "recency", NULL, REASONS_RECENCY, 140, 60, 20, "en"),
	                    "no order for 140 days, usually orders every 20");
	assert_string_equal(say(&b, "recency", NULL, REASONS_RECENCY, 140, 60, NAN, "en"),
	                    "no order for 140 days, well above the average of 60 days");
	assert_string_equal(say(&b, "recency", NULL, REASONS_RECENCY, 5, 60, NAN, "en"),
	                    "last order 5 days ago, well below the average of 60 days");
	assert_string_equal(say(&b, "frequency", NULL, REASONS_FREQUENCY, 3, 12, NAN, "en"),
	                    "3 orders, well below the average of 12");
	assert_string_equal(say(&b, "amount", NULL, REASONS_MONEY, 18782.79, 15000, NAN, "en"),
	                    "deal size $18.8k, above the average of $15k");
	assert_string_equal(say(&b, "industry", "Energy", REASONS_LEVEL, 1, 0.2, NAN, "en"),
	                    "industry is Energy");
	assert_string_equal(say(&b, "competitor_activity", NULL, REASONS_FLAG, 1, 0.3, NAN, "en"),
	                    "competitor activity: yes");
	assert_string_equal(say(&b, "my_custom_col", NULL, REASONS_NUMBER, 0.5, 0, NAN, "en"),
	                    "my custom col 0.5, well above the average of 0");
	buf_release(&b);
}

static void
test_text_zh(void **s)
{
	struct buf b;
	(void)s;
	buf_init(&b);
	assert_string_equal(say(&b, "engagement_score", NULL, REASONS_NUMBER, 82, 51, NAN, "zh-CN"),
	                    "参与度评分 82，远高于平均值 51");
	assert_string_equal(say(&b, "recency", NULL, REASONS_RECENCY, 140, 60, 20, "zh-CN"),
	                    "已 140 天未下单，通常每 20 天下单一次");
	assert_string_equal(say(&b, "frequency", NULL, REASONS_FREQUENCY, 3, 12, NAN, "zh-CN"),
	                    "订单 3 笔，远低于平均 12 笔");
	assert_string_equal(say(&b, "monetary", NULL, REASONS_MONEY, 120000, 100000, NAN, "zh-CN"),
	                    "累计消费 $12万，高于平均值 $10万");
	assert_string_equal(say(&b, "industry", "Energy", REASONS_LEVEL, 1, 0.2, NAN, "zh-CN"),
	                    "行业为Energy");
	assert_string_equal(say(&b, "competitor_activity", NULL, REASONS_FLAG, 0, 0.3, NAN, "zh-CN"),
	                    "竞争对手活动：否");
	buf_release(&b);
}

static void
test_group(void **s)
{
	struct buf b;
	struct reasons_term t = { "monetary", NULL, REASONS_MONEY, 1200, 5300, NAN, "Loyal Customers" };
	(void)s;
	buf_init(&b);
	reasons_text(&b, &t, LOCALE_EN, "USD");
	assert_string_equal(buf_str(&b), "total spend $1.2k, well below the Loyal Customers median of $5.3k");
	buf_reset(&b);
	reasons_text(&b, &t, LOCALE_ZH_CN, "USD");
	assert_string_equal(buf_str(&b), "累计消费 $1200，远低于“Loyal Customers”中位数 $5300");
	t.kind = REASONS_FREQUENCY;
	t.value = 3;
	t.mean = 8;
	buf_reset(&b);
	reasons_text(&b, &t, LOCALE_EN, "USD");
	assert_string_equal(buf_str(&b), "3 orders, well below the Loyal Customers median of 8");
	buf_reset(&b);
	reasons_text(&b, &t, LOCALE_ZH_CN, "USD");
	assert_string_equal(buf_str(&b), "订单 3 笔，远低于“Loyal Customers”中位数 8 笔");
	buf_release(&b);
}

static void
test_kinds(void **s)
{
	(void)s;
	assert_int_equal(reasons_kind_of("recency", 0), REASONS_RECENCY);
	assert_int_equal(reasons_kind_of("frequency", 0), REASONS_FREQUENCY);
	assert_int_equal(reasons_kind_of("monetary", 0), REASONS_MONEY);
	assert_int_equal(reasons_kind_of("amount", 0), REASONS_MONEY);
	assert_int_equal(reasons_kind_of("employees", 0), REASONS_NUMBER);
	assert_int_equal(reasons_kind_of("industry", 1), REASONS_LEVEL);
}

static void
test_pick(void **s)
{
	double c[] = { 0.5, -1.0, 2.0, 0.5, 0.0, 3.0 };
	unsigned char skip[] = { 0, 0, 0, 0, 0, 1 };
	size_t out[3], n;
	(void)s;
	n = reasons_pick(c, skip, 6, 1, out, 2);        /* column 5 skipped */
	assert_int_equal(n, 2);
	assert_int_equal(out[0], 2);
	assert_int_equal(out[1], 0);                    /* tie 0.5 / 0.5: lower index */
	n = reasons_pick(c, NULL, 6, 1, out, 3);
	assert_int_equal(n, 3);
	assert_int_equal(out[0], 5);
	assert_int_equal(out[1], 2);
	assert_int_equal(out[2], 0);
	n = reasons_pick(c, NULL, 6, -1, out, 2);       /* toward the other outcome */
	assert_int_equal(n, 1);
	assert_int_equal(out[0], 1);
	n = reasons_pick(c, NULL, 0, 1, out, 2);
	assert_int_equal(n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_en),
		cmocka_unit_test(test_text_zh),
		cmocka_unit_test(test_group),
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_pick),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
