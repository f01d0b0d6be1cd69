/* SPDX-License-Identifier: MIT
 * Unit tests for src/analysis/health: percentile normalisation with ties and gaps,
 * a three-customer score worked by hand (one without satisfaction: reweighted),
 * bands, and bad weights as input errors naming the key. */
#include "testutil.h"

#include "analysis/health.h"
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
test_percentile(void **s)
{
	double v[] = { 20, 10, NAN, 40, 20 }, out[5];
	(void)s;
	health_percentile(v, 5, out);
	assert_close_abs(out[1], 0, 1e-15);
	assert_close_abs(out[0], 0.5, 1e-15);
	assert_close_abs(out[4], 0.5, 1e-15);
	assert_close_abs(out[3], 1, 1e-15);
	assert_true(isnan(out[2]));
	health_percentile(v + 3, 1, out);
	assert_close_abs(out[0], 1, 0);
}

/* as_of 1000. a: 100 in 1 order, first day 900; b: 300 in 3 orders from day 500;
 * c: 200 in 2 orders from day 700. Value and loyalty percentiles: a 0, b 1, c 0.5.
 * Satisfaction a 5, b 1, c unknown -> a 1, b 0. Scores: a 100 (0.3 x 1) = 30,
 * b 100 (0.4 + 0.3) = 70, c 100 (0.4 x 0.5 + 0.3 x 0.5) / 0.7 = 50. */
static void
test_scores(void **s)
{
	static const char *const cust[] = { "a", "b", "b", "b", "c", "c" };
	static const char *const ord[] = { "1", "2", "3", "4", "5", "6" };
	static const double day[] = { 900, 500, 600, 700, 700, 800 }, amt[] = { 100, 100, 100, 100, 150, 50 };
	static const char *const ids[] = { "a", "b", "c" };
	static const double sat[] = { 5, 1, NAN };
	struct table *c = table_new(&A, "customers", 3);
	struct table *t[PROJECT_NROLES] = { cd_orders(&A, 6, cust, day, amt, ord), c };
	struct dataset ds[PROJECT_NROLES];
	struct analysis_ctx ctx;
	const struct health_result *r;
	const struct custagg *ca;
	cJSON *o;
	(void)s;
	cd_text(&A, c, "id", ids);
	cd_num(&A, c, "satisfaction", TABLE_NUM, sat);
	cd_ctx(&ctx, &A, ds, t, 1000);
	o = health_run(&ctx, NULL);
	assert_non_null(o);
	r = ctx.health;
	ca = ctx.custagg;
	assert_close_rel(r->score[custagg_find(ca, "a")], 30, 1e-12);
	assert_close_rel(r->score[custagg_find(ca, "b")], 70, 1e-12);
	assert_close_rel(r->score[custagg_find(ca, "c")], 50, 1e-12);
	assert_int_equal(r->with_satisfaction, 2);
	assert_int_equal(r->bands[HEALTH_HEALTHY], 1);
	assert_int_equal(r->bands[HEALTH_WATCH], 1);
	assert_int_equal(r->bands[HEALTH_AT_RISK], 1);
	assert_close_rel(r->mean, 50, 1e-12);
	assert_close_rel(cJSON_GetObjectItem(o, "median")->valuedouble, 50, 1e-12);
	assert_int_equal(r->hist[3] + r->hist[5] + r->hist[7], 3);
	cJSON_Delete(o);
	/* satisfaction only: a 100, b 0; c has none, so value and loyalty again */
	cJSON *p = cJSON_Parse("{\"weights\": {\"value\": 0, \"loyalty\": 0, \"satisfaction\": 2}}");
	o = health_run(&ctx, p);
	assert_close_rel(ctx.health->score[custagg_find(ca, "a")], 100, 1e-12);
	assert_close_abs(ctx.health->score[custagg_find(ca, "b")], 0, 1e-12);
	assert_true(isnan(ctx.health->score[custagg_find(ca, "c")]));
	assert_close_rel(ctx.health->mean, 50, 1e-12);          /* over scored customers only */
	cJSON_Delete(o);
	cJSON_Delete(p);
	cJSON_Delete(ctx.results);
	cJSON_Delete(ctx.notes);
}

static void
test_bad_weights(void **s)
{
	static const char *const bad[] = {
		"{\"weights\": {\"value\": -1}}", "{\"weights\": {\"valu\": 1}}",
		"{\"weights\": {\"value\": 0, \"satisfaction\": 0, \"loyalty\": 0}}",
		"{\"weights\": {\"loyalty\": \"high\"}}",
	};
	static const char *const key[] = { "'value'", "'valu'", "'weights'", "'loyalty'" };
	struct health_weights w;
	const char *err;
	(void)s;
	for (size_t i = 0; i < 4; i++) {
		cJSON *j = cJSON_Parse(bad[i]);
		assert_int_equal(health_params_parse(&A, j, &w, &err), -1);
		assert_non_null(strstr(err, key[i]));
		cJSON_Delete(j);
	}
	assert_int_equal(health_params_parse(&A, NULL, &w, &err), 0);
	assert_close_abs(w.value + w.satisfaction + w.loyalty, 1, 1e-15);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_percentile, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scores, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_weights, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
