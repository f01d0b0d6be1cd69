/* SPDX-License-Identifier: MIT
 * Unit tests for src/analysis/mcdaeval (partners and schemes): scores, ranks,
 * contributions, reasons in en and zh-CN, default criteria, left-out rows, TOPSIS and
 * the model part, on small cases worked by hand (arithmetic in the comments). */
#include "chartcheck.h"

#include "analysis/mcdaeval.h"
#include "ingest/table.h"
#include "render/chart.h"

/*  id  name     quality  cost   partner_no
 *  P1  Alpha      10      100      1
 *  P2  Beta       20      300      2
 *  P3  Gamma      30      200      3
 *  P4  Delta      25      NaN      4      (missing cost: left out)
 * weights quality 3, cost 1 -> .75, .25; cost lower is better.
 * quality (min 10, max 30): P1 0, P2 .5, P3 1
 * cost (min 100, max 300; (300 - x) / 200): P1 1, P2 0, P3 .5
 * score P1 = .25 * 1 = .25; P2 = .75 * .5 = .375; P3 = .75 + .25 * .5 = .875
 * ranks P3 1, P2 2, P1 3. */
static const char *const ID[] = { "P1", "P2", "P3", "P4" };
static const char *const NAME[] = { "Alpha", "Beta", "Gamma", "Delta" };
static const double QUALITY[] = { 10, 20, 30, 25 };
static const double COST[] = { 100, 300, 200, NAN };
static const double NO[] = { 1, 2, 3, 4 };

struct fx {
	struct arena a;
	struct table *t;
	struct project_dataset spec;
	struct project_map map[1];
	struct analysis_ctx ctx;
	cJSON *notes;
};

static void
text_col(struct fx *f, const char *name, const char *const *v)
{
	struct table_column *c = table_add_column(&f->a, f->t, name, TABLE_TEXT);
	for (size_t r = 0; r < f->t->nrows; r++)
		c->code[r] = table_intern(&f->a, c, v[r], strlen(v[r]));
}

static void
num_col(struct fx *f, const char *name, const double *v)
{
	struct table_column *c = table_add_column(&f->a, f->t, name, TABLE_NUM);
	for (size_t r = 0; r < f->t->nrows; r++)
		c->num[r] = v[r];
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	arena_init(&f->a);
	f->t = table_new(&f->a, "partners", 4);
	text_col(f, "id", ID);
	text_col(f, "name", NAME);
	num_col(f, "quality", QUALITY);
	num_col(f, "cost", COST);
	num_col(f, "partner_no", NO);
	/* "name" is mapped from partner_no in one test; default: no mapping */
	f->spec.name = "partners";
	f->spec.role = PROJECT_PARTNERS;
	f->notes = cJSON_CreateArray();
	f->ctx.a = &f->a;
	f->ctx.notes = f->notes;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	cJSON_Delete(f->notes);
	arena_finish(&f->a);
	free(f);
	return 0;
}

static const char *PARAMS =
	"{\"criteria\": [\"quality\", \"cost\"], \"weights\": {\"quality\": 3, \"cost\": 1},"
	" \"lower_is_better\": [\"cost\"], \"stability_trials\": 200}";

static void
test_weighted_hand(void **state)
{
	struct fx *f = *state;
	cJSON *params = cJSON_Parse(PARAMS);
	struct mcdaeval_result *r = mcdaeval_compute(&f->a, "partners", f->t, &f->spec, params, LOCALE_EN, &f->ctx);
	assert_non_null(r);
	assert_int_equal(r->m, 2);
	assert_int_equal(r->n, 3);
	assert_int_equal(r->left_out, 1);
	assert_int_equal(cJSON_GetArraySize(f->notes), 1);
	assert_close_rel(r->weights[0], 0.75, 1e-15);
	assert_close_rel(r->weights[1], 0.25, 1e-15);
	/* rows in rank order */
	assert_string_equal(r->rows[0].id, "P3");
	assert_string_equal(r->rows[0].name, "Gamma");
	assert_int_equal(r->rows[0].rank, 1);
	assert_close_rel(r->rows[0].score, 0.875, 1e-15);
	assert_string_equal(r->rows[1].id, "P2");
	assert_close_rel(r->rows[1].score, 0.375, 1e-15);
	assert_string_equal(r->rows[2].id, "P1");
	assert_int_equal(r->rows[2].rank, 3);
	assert_close_rel(r->rows[2].score, 0.25, 1e-15);
	/* contributions of P3: quality .75 * 1, cost .25 * .5 */
	assert_close_rel(r->rows[0].contrib[0], 0.75, 1e-15);
	assert_close_rel(r->rows[0].contrib[1], 0.125, 1e-15);
	assert_close_rel(r->rows[0].value[1], 200, 1e-15);
	/* reasons: P3 is first of 3 on quality (ceil(100 * 1/3) = 34%) and second on
	 * cost (P1 is cheaper: ceil(100 * 2/3) = 67%) */
	assert_int_equal(r->rows[0].strongest[0], 0);
	assert_int_equal(r->rows[0].strongest[1], 1);
	assert_string_equal(r->rows[0].reasons[0], "quality 100/100, best 34%");
	assert_string_equal(r->rows[0].reasons[1], "low cost 50/100, best 67%");
	/* P1: cost contributes .25, quality 0 (last of 3: 100%) */
	assert_string_equal(r->rows[2].reasons[0], "low cost 100/100, best 34%");
	assert_string_equal(r->rows[2].reasons[1], "quality 0/100, best 100%");
	/* stability: a rank change needs P2 .5 wq = P1 wc, i.e. wq/wc = 2, but ±20% keeps
	 * wq/wc within [3 * .8/1.2, 3 * 1.2/.8] = [2, 4.5], reached only at the edge */
	for (size_t i = 0; i < 3; i++) {
		assert_close_rel(r->rows[i].keep, 1, 1e-15);
		assert_close_rel(r->rows[i].mean_rank, r->rows[i].rank, 1e-15);
	}
	assert_close_rel(r->rows[0].top, 1, 1e-15);
	cJSON_Delete(params);
}

static void
test_reasons_zh(void **state)
{
	struct fx *f = *state;
	cJSON *params = cJSON_Parse(PARAMS);
	struct mcdaeval_result *r = mcdaeval_compute(&f->a, "partners", f->t, &f->spec, params, LOCALE_ZH_CN, NULL);
	assert_string_equal(r->rows[0].reasons[0], "质量 100/100，前 34%");
	assert_string_equal(r->rows[0].reasons[1], "低成本 50/100，前 67%");
	cJSON_Delete(params);
}

static void
test_default_criteria(void **state)
{
	struct fx *f = *state;
	/* id mapped from partner_no: that column is a key, not a criterion; without weights
	 * each criterion weighs 1/2 and both are benefits:
	 * quality 0, .5, 1; cost (x - 100)/200: 0, 1, .5 -> P1 0, P2 .75, P3 .75 (tie) */
	f->map[0].field = "id";
	f->map[0].source = "partner_no";
	f->spec.columns = f->map;
	f->spec.ncolumns = 1;
	struct mcdaeval_result *r = mcdaeval_compute(&f->a, "partners", f->t, &f->spec, NULL, LOCALE_EN, &f->ctx);
	assert_non_null(r);
	assert_int_equal(r->m, 2);
	assert_string_equal(r->criteria[0], "quality");
	assert_string_equal(r->criteria[1], "cost");
	assert_int_equal(r->trials, 200);
	/* a tie shares rank 1 and is ordered by id */
	assert_string_equal(r->rows[0].id, "P2");
	assert_string_equal(r->rows[1].id, "P3");
	assert_int_equal(r->rows[0].rank, 1);
	assert_int_equal(r->rows[1].rank, 1);
	assert_int_equal(r->rows[2].rank, 3);
	assert_close_rel(r->rows[0].score, 0.75, 1e-15);
}

static void
test_topsis_and_model(void **state)
{
	struct fx *f = *state;
	/* TOPSIS on quality and cost (lower is better), equal weights, P1..P3.
	 * quality: sqrt(100 + 400 + 900) = sqrt(1400); cost: sqrt(1e4 + 9e4 + 4e4) = sqrt(14e4)
	 * v = .5 x / norm: quality 10k, 20k, 30k; cost 100c, 300c, 200c with k = .5/sqrt(1400),
	 * c = .5/sqrt(14e4) = k / 10: so v_cost = 10k, 30k, 20k.
	 * ideal (30k, 10k), anti (10k, 30k), in units of k:
	 * P1: d+ = sqrt(400 + 0) = 20, d- = sqrt(0 + 400) = 20 -> .5
	 * P2: d+ = sqrt(100 + 400) = sqrt(500), d- = sqrt(100 + 0) = 10 -> 10/(10 + sqrt 500)
	 * P3: d+ = sqrt(0 + 100) = 10, d- = sqrt(400 + 100) = sqrt(500) -> sqrt 500/(10 + sqrt 500) */
	cJSON *params = cJSON_Parse("{\"criteria\": [\"quality\", \"cost\", \"nope\", \"name\"],"
	                            " \"lower_is_better\": [\"cost\"], \"method\": \"topsis\","
	                            " \"stability_trials\": 0}");
	struct mcdaeval_result *r = mcdaeval_compute(&f->a, "schemes", f->t, &f->spec, params, LOCALE_EN, &f->ctx);
	double s5 = sqrt(500.0);
	assert_non_null(r);
	assert_int_equal(r->method, MCDA_TOPSIS);
	assert_int_equal(r->m, 2);
	/* "nope" (absent), "name" (text) and the missing cost of P4: three notes */
	assert_int_equal(cJSON_GetArraySize(f->notes), 3);
	assert_string_equal(r->rows[0].id, "P3");
	assert_close_rel(r->rows[0].score, s5 / (10 + s5), 1e-12);
	assert_string_equal(r->rows[1].id, "P1");
	assert_close_rel(r->rows[1].score, 0.5, 1e-12);
	assert_close_rel(r->rows[2].score, 10 / (10 + s5), 1e-12);
	assert_true(isnan(r->rows[0].keep));
	cJSON *charts = cJSON_CreateObject();
	cJSON *m = mcdaeval_to_model(r, LOCALE_EN, charts);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(m, "method")->valuestring, "topsis");
	const cJSON *rk = cJSON_GetObjectItemCaseSensitive(m, "ranking"), *e = cJSON_GetArrayItem(rk, 0);
	assert_int_equal(cJSON_GetArraySize(rk), 3);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(e, "id")->valuestring, "P3");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(e, "name")->valuestring, "Gamma");
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(e, "rank")->valueint, 1);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(e, "reasons")), 2);
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(e, "stability"), "keep")));
	assert_non_null(cJSON_GetObjectItemCaseSensitive(charts, "schemes_scores"));
	assert_null(cJSON_GetObjectItemCaseSensitive(charts, "schemes_stability"));
	assert_charts_draw(charts);
	cJSON_Delete(m);
	cJSON_Delete(charts);
	cJSON_Delete(params);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_weighted_hand, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reasons_zh, setup, teardown),
		cmocka_unit_test_setup_teardown(test_default_criteria, setup, teardown),
		cmocka_unit_test_setup_teardown(test_topsis_and_model, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
