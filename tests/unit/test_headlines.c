/* SPDX-License-Identifier: MIT
 * Tests for analysis/headlines on hand-made results trees: every topic's sentence in
 * en and zh-CN, topics left out when their analysis did not run, the flat and
 * no-previous cases, the fallback from RFM to k-means segments, determinism. */
#include "testutil.h"

#include "analysis/headlines.h"
#include "base/date.h"

static const char *full_tree =
	"{\"kpis\": {\"revenue\": {\"value\": 83481.21, \"previous\": 95465.09, \"change_pct\": -0.12553,"
	"                         \"beyond_noise\": true, \"counts_fmt\": \"142 vs 160 orders\"},"
	"            \"open_pipeline\": {\"value\": 4413817.35, \"previous\": 1},"
	"            \"win_rate\": {\"value\": 0.25}},"
	" \"funnel\": {\"open\": 73, \"win_rate\": 0.4196, \"open_pipeline\": 4413817.35},"
	" \"rfm\": {\"segments\": [{\"name\": \"Hibernating\", \"customers\": 341, \"revenue\": 100},"
	"                          {\"name\": \"Champions\", \"customers\": 120, \"revenue\": 300},"
	"                          {\"name\": \"Loyal\", \"customers\": 200, \"revenue\": 300},"
	"                          {\"name\": \"Other\", \"customers\": 1, \"revenue\": null}]},"
	" \"forecast\": {\"holt\": {\"history\": [{\"value\": 1}, {\"value\": 80}, {\"value\": 90}, {\"value\": 100},"
	"                                        {\"value\": 110}],"
	"                           \"forecast\": [{\"value\": 120}, {\"value\": 130}]}},"
	" \"targets\": {\"summary\": {\"at_risk_customers\": 42, \"value_at_stake\": 310000},"
	"             \"prospects\": [{\"name\": \"Eagle Inc.\", \"amount\": 96881.2, \"p_win\": 0.8928}]}}";

static cJSON *
build(const char *json, const char *locale)
{
	cJSON *r = cJSON_Parse(json), *h;
	assert_non_null(r);
	h = headlines_build(r, date_from_civil(2026, 11, 21), locale_of(locale), "USD");
	cJSON_Delete(r);
	return h;
}

static const char *
text(const cJSON *h, int i, const char *topic)
{
	const cJSON *e = cJSON_GetArrayItem(h, i);
	assert_non_null(e);
	assert_string_equal(cJSON_GetObjectItem(e, "topic")->valuestring, topic);
	return cJSON_GetObjectItem(e, "text")->valuestring;
}

static void
test_en(void **s)
{
	cJSON *h = build(full_tree, "en"), *again;
	char *a, *b;
	(void)s;
	assert_int_equal(cJSON_GetArraySize(h), 6);
	assert_string_equal(text(h, 0, "revenue"),
	                    "Revenue for the week to 21 Nov 2026 was $83.5k, down 12.6% on the previous week, "
	                    "beyond the usual range (142 vs 160 orders).");
	assert_string_equal(text(h, 1, "pipeline"),
	                    "Open pipeline stands at $4.4M across 73 deals, with a historical win rate of 42.0%.");
	assert_string_equal(text(h, 2, "churn_risk"),
	                    "42 active customers are likely to churn (probability 50% or more), with $310k of "
	                    "lifetime value at stake.");
	/* a tie on revenue goes to the first segment listed */
	assert_string_equal(text(h, 3, "segment"),
	                    "Champions is the top RFM segment by revenue: 120 customers, 42.9% of revenue.");
	/* next 2 weeks average 125 against the last 4 weeks' 95 */
	assert_string_equal(text(h, 4, "forecast"),
	                    "The revenue forecast points up: about $125 a week over the next 2 weeks, against $95 "
	                    "a week over the last 4 weeks.");
	assert_string_equal(text(h, 5, "prospect"),
	                    "The open deal most worth chasing is Eagle Inc.: $96.9k, 89.3% likely to win.");
	again = build(full_tree, "en");
	a = cJSON_PrintUnformatted(h);
	b = cJSON_PrintUnformatted(again);
	assert_string_equal(a, b);
	free(a);
	free(b);
	cJSON_Delete(again);
	cJSON_Delete(h);
}

static void
test_zh(void **s)
{
	cJSON *h = build(full_tree, "zh-CN");
	(void)s;
	assert_int_equal(cJSON_GetArraySize(h), 6);
	assert_string_equal(text(h, 0, "revenue"), "截至2026年11月21日的一周收入为$8.3万，较上周下降12.6%，超出正常波动范围（142 vs 160 orders）。");
	assert_string_equal(text(h, 1, "pipeline"), "在途商机金额为$441.4万，共73个商机，历史赢单率为42.0%。");
	assert_string_equal(text(h, 2, "churn_risk"), "42位活跃客户的流失概率不低于50%，涉及客户终身价值$31万。");
	assert_string_equal(text(h, 3, "segment"), "RFM分群中“Champions”收入最高：120位客户，占收入的42.9%。");
	assert_string_equal(text(h, 4, "forecast"), "收入预测呈上升趋势：未来2周平均每周约$125，近4周为每周$95。");
	assert_string_equal(text(h, 5, "prospect"), "最值得跟进的商机：Eagle Inc.，金额$9.7万，赢单概率89.3%。");
	cJSON_Delete(h);
}

static void
test_partial(void **s)
{
	cJSON *h;
	(void)s;
	/* only kpis: revenue without a previous week, pipeline from the kpis with the week's
	 * win rate; nothing about churn, segments, forecast or prospects */
	h = build("{\"kpis\": {\"revenue\": {\"value\": 1200, \"change_pct\": null},"
	          " \"open_pipeline\": {\"value\": 5000}, \"win_rate\": {\"value\": 0.5}}}", "en");
	assert_int_equal(cJSON_GetArraySize(h), 2);
	assert_string_equal(text(h, 0, "revenue"), "Revenue for the week to 21 Nov 2026 was $1.2k.");
	assert_string_equal(text(h, 1, "pipeline"),
	                    "Open pipeline stands at $5k, with a win rate of 50.0% on the deals closed this week.");
	cJSON_Delete(h);
	/* flat revenue, nobody at risk, k-means segments instead of RFM, a flat forecast */
	h = build("{\"kpis\": {\"revenue\": {\"value\": 100, \"change_pct\": 0}},"
	          " \"targets\": {\"summary\": {\"at_risk_customers\": 0, \"value_at_stake\": 0}},"
	          " \"segmentation\": {\"clusters\": [{\"name\": \"Small\", \"size\": 10, \"share\": 0.1},"
	          "                                  {\"name\": \"Big\", \"size\": 90, \"share\": 0.9}]},"
	          " \"forecast\": {\"holt\": {\"history\": [{\"value\": 100}], \"forecast\": [{\"value\": 101}]}}}",
	          "en");
	assert_int_equal(cJSON_GetArraySize(h), 4);
	assert_string_equal(text(h, 0, "revenue"), "Revenue for the week to 21 Nov 2026 was $100, flat on the previous week.");
	assert_string_equal(text(h, 1, "churn_risk"), "No active customer has a churn probability of 50% or more.");
	assert_string_equal(text(h, 2, "segment"), "The largest customer segment is Big, with 90 customers (90.0%).");
	assert_string_equal(text(h, 3, "forecast"),
	                    "The revenue forecast is flat: about $101 a week over the next 1 week, against $100 a "
	                    "week over the last 1 week.");
	cJSON_Delete(h);
	h = build("{}", "zh-CN");
	assert_int_equal(cJSON_GetArraySize(h), 0);
	cJSON_Delete(h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_en),
		cmocka_unit_test(test_zh),
		cmocka_unit_test(test_partial),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
