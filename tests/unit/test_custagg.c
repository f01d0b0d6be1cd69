/* SPDX-License-Identifier: MIT
 * Unit tests for src/analysis/custagg: per-customer first/last day, distinct orders
 * (including an order shared by two customers and lines without an order), money,
 * 12-month windows, rows after as_of, id order, lookups and the formatting helper. */
#include "testutil.h"

#include "analysis/custagg.h"
#include "custdata.h"

static struct arena A;

static int
setup(void **s)
{
	(void)s;
	arena_init(&A);
	return 0;
}

static int
teardown(void **s)
{
	(void)s;
	arena_finish(&A);
	return 0;
}

/* as_of = 1000. Customer "10": orders o1 (2 lines), o2; "9": o3, o1 (shared with
 * "10"), o1 again, and one line without an order; "100": only after as_of. */
static struct table *
orders(void)
{
	static const char *const cust[] = { "10", "10", "9", "10", "9", "9", "100", "9", "10" };
	static const char *const ord[] = { "o1", "o1", "o3", "o2", "o1", "o1", "o9", NULL, "o1" };
	static const double day[] = { 200.5, 200.7, 990.2, 900, 995, 996, 1001, 400, 1000.9 };
	static const double amt[] = { 10, 20, 5, 100, 1, 2, 50, 7, 3 };
	return cd_orders(&A, 9, cust, day, amt, ord);
}

static void
test_aggregate(void **s)
{
	struct custagg *ca;
	int32_t c10, c9, c100;
	(void)s;
	ca = custagg_build(&A, orders(), 1000);
	assert_non_null(ca);
	assert_int_equal(ca->n, 3);
	c10 = custagg_find(ca, "10");
	c9 = custagg_find(ca, "9");
	c100 = custagg_find(ca, "100");
	assert_true(c10 >= 0 && c9 >= 0 && c100 >= 0);
	assert_int_equal(custagg_find(ca, "11"), -1);
	assert_int_equal(ca->rows_used, 8);
	assert_int_equal(ca->nactive, 2);
	/* "10": o1, o2 (o1's last line on day 1000.9 is the same order) */
	assert_close_abs(ca->orders[c10], 2, 0);
	assert_close_abs(ca->lines[c10], 4, 0);
	assert_close_abs(ca->monetary[c10], 133, 1e-12);
	assert_close_abs(ca->first[c10], 200, 0);
	assert_close_abs(ca->last[c10], 1000, 0);
	assert_close_abs(ca->prev_last[c10], 900, 0);
	/* "9": o3, o1 (shared), the line without an order: 3 orders */
	assert_close_abs(ca->orders[c9], 3, 0);
	assert_close_abs(ca->monetary[c9], 15, 1e-12);
	assert_close_abs(ca->first[c9], 400, 0);
	assert_close_abs(ca->last[c9], 996, 0);
	assert_close_abs(ca->prev_last[c9], 990, 0);
	/* 12-month windows: (635, 1000] and (270, 635] */
	assert_close_abs(ca->rev12[c10], 103, 1e-12);
	assert_close_abs(ca->rev_prev12[c10], 0, 0);
	assert_close_abs(ca->rev12[c9], 8, 1e-12);
	assert_close_abs(ca->rev_prev12[c9], 7, 1e-12);
	/* after as_of only */
	assert_close_abs(ca->orders[c100], 0, 0);
	assert_true(isnan(ca->first[c100]));
	/* numeric id order: 9 before 10 */
	assert_int_equal(ca->active[0], c9);
	assert_int_equal(ca->active[1], c10);
	assert_close_abs(ca->total_revenue, 148, 1e-12);
}

static void
test_without_order_column(void **s)
{
	static const char *const cust[] = { "b", "a", "b" };
	static const double day[] = { 1, 2, 3 }, amt[] = { 1, 2, 3 };
	struct custagg *ca;
	(void)s;
	ca = custagg_build(&A, cd_orders(&A, 3, cust, day, amt, NULL), 10);
	assert_int_equal(ca->has_order, 0);
	assert_close_abs(ca->orders[custagg_find(ca, "b")], 2, 0);
	/* text ids sort bytewise */
	assert_string_equal(ca->ids[ca->active[0]], "a");
	assert_string_equal(ca->ids[ca->active[1]], "b");
}

static void
test_order_as_date(void **s)
{
	/* `order` mapped to a date column: distinct purchase days */
	static const char *const cust[] = { "x", "x", "x", "y" };
	static const double day[] = { 5.1, 5.9, 7.2, 5.5 }, amt[] = { 1, 1, 1, 1 };
	struct table *t = table_new(&A, "orders", 4);
	struct custagg *ca;
	(void)s;
	cd_text(&A, t, "customer", cust);
	cd_num(&A, t, "date", TABLE_DATE, day);
	cd_num(&A, t, "amount", TABLE_NUM, amt);
	cd_num(&A, t, "order", TABLE_DATE, day);
	ca = custagg_build(&A, t, 10);
	assert_close_abs(ca->orders[custagg_find(ca, "x")], 2, 0);
	assert_close_abs(ca->orders[custagg_find(ca, "y")], 1, 0);
}

static void
test_map_rows_and_missing_columns(void **s)
{
	static const char *const ids[] = { "9", "zz", NULL, "10" };
	struct custagg *ca;
	struct table *cust = table_new(&A, "customers", 4), *bad = table_new(&A, "orders", 0);
	int32_t *map;
	(void)s;
	ca = custagg_build(&A, orders(), 1000);
	cd_text(&A, cust, "id", ids);
	map = custagg_map_rows(&A, ca, cust);
	assert_int_equal(map[0], custagg_find(ca, "9"));
	assert_int_equal(map[1], -1);
	assert_int_equal(map[2], -1);
	assert_int_equal(map[3], custagg_find(ca, "10"));
	assert_null(custagg_build(&A, bad, 1000));
}

static void
test_format(void **s)
{
	struct analysis_ctx ctx;
	cJSON *o = cJSON_CreateObject();
	(void)s;
	memset(&ctx, 0, sizeof ctx);
	custagg_add_num(o, "a", 1234567.4, "integer", &ctx);
	custagg_add_num(o, "b", 0.1234, "percent", &ctx);
	custagg_add_num(o, "c", NAN, "money", &ctx);
	custagg_add_num(o, "d", 2054.27, "money", &ctx);
	assert_string_equal(cJSON_GetObjectItem(o, "a_fmt")->valuestring, "1,234,567");
	assert_string_equal(cJSON_GetObjectItem(o, "b_fmt")->valuestring, "12.3%");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "c")));
	assert_string_equal(cJSON_GetObjectItem(o, "c_fmt")->valuestring, "\xe2\x80\x93");
	assert_string_equal(cJSON_GetObjectItem(o, "d_fmt")->valuestring, "$2.1k");
	custagg_add_num(o, "e", 950, "money", &ctx);
	custagg_add_num(o, "f", 12, "days", &ctx);
	custagg_add_num(o, "g", 3, "delta", &ctx);
	custagg_add_num(o, "h", -1200, "delta", &ctx);
	custagg_add_num(o, "i", 0, "delta", &ctx);
	assert_string_equal(cJSON_GetObjectItem(o, "e_fmt")->valuestring, "$950");
	assert_string_equal(cJSON_GetObjectItem(o, "f_fmt")->valuestring, "12 days");
	assert_string_equal(cJSON_GetObjectItem(o, "g_fmt")->valuestring, "+3");
	assert_string_equal(cJSON_GetObjectItem(o, "h_fmt")->valuestring, "\xe2\x88\x92" "1,200");
	assert_string_equal(cJSON_GetObjectItem(o, "i_fmt")->valuestring, "0");
	cJSON_Delete(o);
	/* zh-CN and a project currency: the same fmt.h units as funnel and forecast */
	{
		struct project p;
		memset(&p, 0, sizeof p);
		p.locale = LOCALE_ZH_CN;
		p.currency = "CNY";
		ctx.project = &p;
		o = cJSON_CreateObject();
		custagg_add_num(o, "m", 123456, "money", &ctx);
		custagg_add_num(o, "n", 12, "days", &ctx);
		custagg_add_num(o, "k", 1234567, "integer", &ctx);
		assert_string_equal(cJSON_GetObjectItem(o, "m_fmt")->valuestring, "\xc2\xa5" "12.3\xe4\xb8\x87");
		assert_string_equal(cJSON_GetObjectItem(o, "n_fmt")->valuestring, "12\xe5\xa4\xa9");
		assert_string_equal(cJSON_GetObjectItem(o, "k_fmt")->valuestring, "1,234,567");
		cJSON_Delete(o);
		ctx.project = NULL;
	}
	{
		double v[] = { 5, 1, 3, 2 }, w[] = { 5, 1, 3 };
		assert_close_abs(custagg_median(v, 4), 2.5, 0);
		assert_close_abs(custagg_median(w, 3), 3, 0);
		assert_true(isnan(custagg_median(v, 0)));
	}
	/* quickselect against a sort, with many ties, odd and even sizes */
	for (size_t n = 1; n < 60; n++) {
		double v[60], s2[60], want;
		for (size_t i = 0; i < n; i++)
			v[i] = s2[i] = (double)((i * 7919 + n * 31) % 13);
		for (size_t i = 1; i < n; i++)     /* insertion sort of the copy */
			for (size_t j = i; j > 0 && s2[j] < s2[j - 1]; j--) {
				double t = s2[j];
				s2[j] = s2[j - 1];
				s2[j - 1] = t;
			}
		want = n % 2 ? s2[n / 2] : (s2[n / 2 - 1] + s2[n / 2]) / 2;
		assert_close_abs(custagg_median(v, n), want, 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_aggregate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_without_order_column, setup, teardown),
		cmocka_unit_test_setup_teardown(test_order_as_date, setup, teardown),
		cmocka_unit_test_setup_teardown(test_map_rows_and_missing_columns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_format, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
