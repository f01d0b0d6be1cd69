/* SPDX-License-Identifier: MIT
 * Unit tests for src/analysis/clv: the discount factor (integer and fractional
 * horizons), annual value with the 30-day tenure floor and margin, the churn-rate
 * sources (customers.churned, else lifecycle's rule) and the top list with names. */
#include "testutil.h"

#include "analysis/clv.h"
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

static void
test_factor(void **s)
{
	struct clv_params p = { 5, 0, 1 };
	(void)s;
	assert_close_rel(clv_factor(1, &p), 5, 1e-15);
	p.horizon_years = 2;
	p.discount_rate = 0.1;
	assert_close_rel(clv_factor(0.5, &p), 1 / 1.1 + 0.5 / 1.21, 1e-15);
	p.horizon_years = 1.5;
	assert_close_rel(clv_factor(0.5, &p), 1 / 1.1 + 0.5 * 0.5 / 1.21, 1e-15);
	clv_params_parse(NULL, &p);
	assert_close_abs(p.horizon_years, 5, 0);
	assert_close_abs(p.discount_rate, 0.10, 0);
	assert_close_abs(p.margin, 1.0, 0);
}

/* as_of 1000. X: two orders, days 635 and 1000, 100 each: tenure 365, 2 orders a year,
 * annual 200 x margin. Y: one order of 60 on day 990: tenure 10 -> 30, 365/30 orders a
 * year, annual 730 x margin. Z: one order of 10 on day 600 (churned by lifecycle). */
static struct table *
orders(void)
{
	static const char *const cust[] = { "X", "X", "Y", "Z" }, *const ord[] = { "1", "2", "3", "4" };
	static const double day[] = { 635, 1000, 990, 600 }, amt[] = { 100, 100, 60, 10 };
	return cd_orders(&A, 4, cust, day, amt, ord);
}

static void
test_compute(void **s)
{
	struct custagg *ca = custagg_build(&A, orders(), 1000);
	struct clv_params p = { 2, 0.1, 0.5 };
	struct clv_result *r;
	enum clv_churn_source src;
	double f = 1 / 1.1 + 0.8 / 1.21;
	int32_t x = custagg_find(ca, "X"), y = custagg_find(ca, "Y");
	(void)s;
	assert_close_rel(clv_churn_rate(ca, NULL, 365, &src), 1.0 / 3, 1e-15);
	assert_int_equal(src, CLV_CHURN_LIFECYCLE);
	r = clv_compute(&A, ca, &p, 0.2, CLV_CHURN_FLAG, 2);
	assert_close_rel(r->annual[x], 100, 1e-12);
	assert_close_rel(r->annual[y], 60 * 365.0 / 30 * 0.5, 1e-12);
	assert_close_rel(r->clv[x], 100 * f, 1e-12);
	assert_close_rel(r->clv[y], 365 * f, 1e-12);
	assert_int_equal(r->ntop, 2);
	assert_int_equal(r->top[0], y);
	assert_int_equal(r->top[1], x);
	assert_close_rel(r->median, 100 * f, 1e-12);
	assert_close_rel(r->total, r->clv[x] + r->clv[y] + r->clv[custagg_find(ca, "Z")], 1e-12);
}

static void
test_run_with_customers(void **s)
{
	static const char *const ids[] = { "X", "Y", "Z", "W" }, *const names[] = { "Xeno Ltd", NULL, "Zed", "Wu" };
	static const double churned[] = { 0, 0, 1, 0 };
	struct table *c = table_new(&A, "customers", 4);
	struct table *t[PROJECT_NROLES] = { orders(), c };
	struct dataset ds[PROJECT_NROLES];
	struct analysis_ctx ctx;
	cJSON *o, *top;
	(void)s;
	cd_text(&A, c, "id", ids);
	cd_text(&A, c, "name", names);
	cd_num(&A, c, "churned", TABLE_NUM, churned);
	cd_ctx(&ctx, &A, ds, t, 1000);
	o = clv_run(&ctx, NULL);
	assert_non_null(o);
	assert_close_rel(ctx.clv->churn_rate, 0.25, 1e-15);
	assert_string_equal(cJSON_GetObjectItem(o, "churn_source")->valuestring, "customers.churned");
	assert_close_rel(ctx.clv->factor, clv_factor(0.75, &ctx.clv->p), 1e-15);
	top = cJSON_GetObjectItem(o, "top");
	assert_int_equal(cJSON_GetArraySize(top), 3);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(top, 0), "name")->valuestring, "Y"); /* no name: id */
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(top, 1), "name")->valuestring, "Xeno Ltd");
	assert_non_null(cJSON_GetObjectItem(o, "total_fmt"));
	cJSON_Delete(o);
	cJSON_Delete(ctx.results);
	cJSON_Delete(ctx.notes);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_factor, setup, teardown),
		cmocka_unit_test_setup_teardown(test_compute, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_with_customers, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
