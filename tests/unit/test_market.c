/* SPDX-License-Identifier: MIT
 * Unit tests for src/analysis/market: three industry segments worked by hand
 * (customers, 12-month revenue and growth, share, pipeline and win rate through
 * opportunity accounts, equal-weight attractiveness and ranks), the two-dimension
 * key, and bad dimensions and weights as input errors naming the key. */
#include "testutil.h"

#include "analysis/market.h"
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

static const char *won[] = { "Won", NULL }, *lost[] = { "Lost", NULL };

/* as_of 1000: last 12 months (635, 1000], the 12 before (270, 635].
 * Retail c1 100 now, c2 50 before; Tech c3 300 now, c4 100 before, c5 nothing;
 * c6 (no industry) nothing. Deals: c1 Won 10, c3 Lost, c4 Proposal 500, c2 Lost. */
static void
build(struct analysis_ctx *ctx, struct dataset *ds, struct project_dataset *spec)
{
	static const char *const ocust[] = { "c1", "c2", "c3", "c4" };
	static const double oday[] = { 900, 500, 700, 300 }, oamt[] = { 100, 50, 300, 100 };
	static const char *const ids[] = { "c1", "c2", "c3", "c4", "c5", "c6" };
	static const char *const ind[] = { "Retail", "Retail", "Tech", "Tech", "Tech", NULL };
	static const char *const reg[] = { "N", "S", "N", "N", "N", "S" };
	static const char *const oid[] = { "o1", "o2", "o3", "o4" }, *const acc[] = { "c1", "c3", "c4", "c2" };
	static const char *const stage[] = { "Won", "Lost", "Proposal", "Lost" };
	static const double damt[] = { 10, NAN, 500, 7 };
	struct table *c = table_new(&A, "customers", 6), *o = table_new(&A, "opportunities", 4);
	struct table *t[PROJECT_NROLES] = { cd_orders(&A, 4, ocust, oday, oamt, NULL), c, o };
	cd_text(&A, c, "id", ids);
	cd_text(&A, c, "industry", ind);
	cd_text(&A, c, "region", reg);
	cd_text(&A, o, "id", oid);
	cd_text(&A, o, "stage", stage);
	cd_num(&A, o, "amount", TABLE_NUM, damt);
	cd_text(&A, o, "account", acc);
	cd_ctx(ctx, &A, ds, t, 1000);
	memset(spec, 0, sizeof *spec);
	spec->won = won;
	spec->nwon = 1;
	spec->lost = lost;
	spec->nlost = 1;
	ds[PROJECT_OPPORTUNITIES].spec = spec;
}

static cJSON *
seg(cJSON *o, const char *key)
{
	cJSON *e;
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(o, "segments"))
		if (!strcmp(cJSON_GetObjectItem(e, "key")->valuestring, key))
			return e;
	fail_msg("no segment '%s'", key);
	return NULL;
}

static double
num(cJSON *e, const char *k)
{
	cJSON *j = cJSON_GetObjectItem(e, k);
	return cJSON_IsNumber(j) ? j->valuedouble : NAN;
}

static void
test_by_industry(void **s)
{
	struct analysis_ctx ctx;
	struct dataset ds[PROJECT_NROLES];
	struct project_dataset spec;
	cJSON *p = cJSON_Parse("{\"dimensions\": [\"industry\"]}"), *o, *r, *t, *m;
	(void)s;
	build(&ctx, ds, &spec);
	o = market_run(&ctx, p);
	assert_non_null(o);
	r = seg(o, "Retail");
	t = seg(o, "Tech");
	m = seg(o, "(missing)");
	assert_close_abs(num(r, "customers"), 2, 0);
	assert_close_abs(num(t, "customers"), 3, 0);
	assert_close_abs(num(r, "revenue"), 100, 1e-12);
	assert_close_abs(num(t, "revenue_previous"), 100, 1e-12);
	assert_close_rel(num(r, "growth"), 1, 1e-12);
	assert_close_rel(num(t, "growth"), 2, 1e-12);
	assert_true(isnan(num(m, "growth")));
	assert_close_rel(num(r, "share"), 0.25, 1e-12);
	assert_close_rel(num(t, "revenue_per_customer"), 100, 1e-12);
	assert_close_abs(num(t, "pipeline"), 500, 1e-12);
	assert_close_abs(num(r, "pipeline"), 0, 0);
	assert_close_rel(num(r, "win_rate"), 0.5, 1e-12);
	assert_close_abs(num(t, "win_rate"), 0, 0);
	/* equal weights 0.2: Retail (1/3 + 0 + 1/2 + 0 + 1) / 5, Tech 4/5, missing 0 */
	assert_close_rel(num(r, "score"), 100 * (1.0 / 3 + 0.5 + 1) / 5, 1e-12);
	assert_close_rel(num(t, "score"), 80, 1e-12);
	assert_close_abs(num(m, "score"), 0, 1e-12);
	assert_close_abs(num(t, "rank"), 1, 0);
	assert_close_abs(num(r, "rank"), 2, 0);
	assert_close_abs(num(m, "rank"), 3, 0);
	/* segments listed by rank */
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(o, "segments"), 0), "key")->valuestring, "Tech");
	assert_non_null(cJSON_GetObjectItem(cJSON_GetObjectItem(ctx.results, "charts"), "market_attractiveness"));
	cJSON_Delete(o);
	cJSON_Delete(p);
	/* weights: revenue only -> Tech 100, Retail 100/3 */
	p = cJSON_Parse("{\"dimensions\": [\"industry\"], \"weights\": {\"revenue\": 1, \"growth\": 0, "
	                "\"revenue_per_customer\": 0, \"pipeline\": 0, \"win_rate\": 0}}");
	o = market_run(&ctx, p);
	assert_close_rel(num(seg(o, "Retail"), "score"), 100.0 / 3, 1e-12);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(ctx.results, "charts")), 1); /* replaced, not doubled */
	cJSON_Delete(o);
	cJSON_Delete(p);
	cJSON_Delete(ctx.results);
	cJSON_Delete(ctx.notes);
}

static void
test_default_dimensions(void **s)
{
	struct analysis_ctx ctx;
	struct dataset ds[PROJECT_NROLES];
	struct project_dataset spec;
	cJSON *o;
	(void)s;
	build(&ctx, ds, &spec);
	o = market_run(&ctx, NULL);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(o, "segments")), 4);
	assert_close_abs(num(seg(o, "Tech / N"), "customers"), 3, 0);
	assert_string_equal(cJSON_GetObjectItem(seg(o, "Retail / S"), "region")->valuestring, "S");
	assert_close_rel(num(seg(o, "Retail / S"), "win_rate"), 0, 0);
	cJSON_Delete(o);
	cJSON_Delete(ctx.results);
	cJSON_Delete(ctx.notes);
}

static void
test_bad_params(void **s)
{
	struct analysis_ctx ctx;
	struct dataset ds[PROJECT_NROLES];
	struct project_dataset spec;
	cJSON *p = cJSON_Parse("{\"dimensions\": [\"country\"]}");
	(void)s;
	build(&ctx, ds, &spec);
	assert_null(market_run(&ctx, p));
	assert_non_null(strstr(ctx.error, "'country'"));
	assert_string_equal(ctx.error_path, "analyses.market.dimensions");
	cJSON_Delete(p);
	ctx.error = NULL;
	/* the weights are the entry's data-free check */
	p = cJSON_Parse("{\"weights\": {\"size\": 1}}");
	assert_int_equal(market_analysis.check(&ctx, p), -1);
	assert_non_null(strstr(ctx.error, "'size'"));
	assert_string_equal(ctx.error_path, "analyses.market.weights");
	cJSON_Delete(p);
	ctx.error = NULL;
	p = cJSON_Parse("{\"weights\": {\"revenue\": -1}}");
	assert_int_equal(market_analysis.check(&ctx, p), -1);
	assert_non_null(strstr(ctx.error, "expected a number >= 0"));
	cJSON_Delete(p);
	p = cJSON_Parse("{\"weights\": {\"revenue\": 2, \"win_rate\": 0}}");
	assert_int_equal(market_analysis.check(&ctx, p), 0);
	cJSON_Delete(p);
	cJSON_Delete(ctx.results);
	cJSON_Delete(ctx.notes);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_by_industry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_default_dimensions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_params, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
