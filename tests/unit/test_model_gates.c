/* SPDX-License-Identifier: MIT
 * Unit tests for the model quality gates and the leakage guard of src/analysis/scoring
 * (issue #16 items 4 and 5): cross-validated AUC and Brier equal scikit-learn's on the
 * same folds (tests/data/cv_reference.json, written by tests/data/cv_reference.py),
 * the stratified folds, a random-label model marked not predictive (no target list,
 * no headline) while an informative one passes, and features left out for being
 * missing on the rows to score, constant, or the outcome's definition. */
#include "testutil.h"
#include "model_fixture.h"

#include "analysis/churn.h"
#include "analysis/headlines.h"
#include "analysis/lead_scoring.h"
#include "analysis/targets.h"
#include "base/rng.h"
#include "stats/metrics.h"

static double *
numbers(const cJSON *arr, size_t *n)
{
	double *v = calloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof *v);
	const cJSON *e;
	*n = 0;
	cJSON_ArrayForEach(e, arr)
		v[(*n)++] = e->valuedouble;
	return v;
}

static void
test_cv_matches_sklearn(void **state)
{
	(void)state;
	char *txt = test_read_file("tests/data/cv_reference.json", NULL);
	assert_non_null(txt);
	cJSON *ref = cJSON_Parse(txt);
	free(txt);
	assert_non_null(ref);
	const cJSON *c;
	int ncases = 0;
	cJSON_ArrayForEach(c, cJSON_GetObjectItem(ref, "cases")) {
		const cJSON *xs = cJSON_GetObjectItem(c, "x"), *row;
		size_t n = (size_t)cJSON_GetArraySize(xs), p = (size_t)cJSON_GetArraySize(xs->child) + 1, i = 0, nauc;
		double *x = calloc(n * p, sizeof *x), *y = NULL, *fo = NULL, *auc;
		int *yi = calloc(n, sizeof *yi), *fold = calloc(n, sizeof *fold);
		struct scoring_params sp;
		struct scoring_cv cv;
		cJSON_ArrayForEach(row, xs) {
			size_t k = 1, m;
			double *r = numbers(row, &m);
			x[i * p] = 1;
			for (; k < p; k++)
				x[i * p + k] = r[k - 1];
			free(r);
			i++;
		}
		y = numbers(cJSON_GetObjectItem(c, "y"), &i);
		fo = numbers(cJSON_GetObjectItem(c, "fold"), &i);
		for (i = 0; i < n; i++) {
			yi[i] = (int)y[i];
			fold[i] = (int)fo[i];
		}
		auc = numbers(cJSON_GetObjectItem(c, "auc"), &nauc);
		scoring_params_read(NULL, NULL, "y", &sp);
		scoring_cv_run(&sp, x, yi, n, p, fold, nauc, NULL, &cv);
		assert_int_equal(cv.nvalid, nauc);
		for (size_t k = 0; k < nauc; k++)
			assert_close_abs(cv.auc[k], auc[k], 1e-6);
		assert_close_abs(cv.brier, cJSON_GetObjectItem(c, "brier")->valuedouble, 1e-6);
		assert_true(cv.auc_low < cv.auc_mean && cv.auc_mean < cv.auc_high);
		free(x), free(y), free(fo), free(yi), free(fold), free(auc);
		ncases++;
	}
	assert_int_equal(ncases, 2);
	cJSON_Delete(ref);
}

static void
test_folds_stratified(void **state)
{
	(void)state;
	enum { n = 103, k = 5 };
	int y[n], fold[n], again[n];
	size_t cnt[2][k] = { { 0 } }, npos = 0;
	for (size_t i = 0; i < n; i++)
		npos += (size_t)(y[i] = i % 4 == 0);
	metrics_stratified_folds(y, n, k, 42, fold);
	metrics_stratified_folds(y, n, k, 42, again);
	assert_memory_equal(fold, again, sizeof fold);
	for (size_t i = 0; i < n; i++) {
		assert_true(fold[i] >= 0 && fold[i] < k);
		cnt[y[i]][fold[i]]++;
	}
	for (size_t f = 0; f < k; f++) {
		assert_true(cnt[1][f] == npos / k || cnt[1][f] == npos / k + 1);
		assert_true(cnt[0][f] == (n - npos) / k || cnt[0][f] == (n - npos) / k + 1);
		assert_true(cnt[0][f] + cnt[1][f] == n / k || cnt[0][f] + cnt[1][f] == n / k + 1);
	}
}

#define N 400

/* Deals: x1 drives won when signal, else won is a coin toss; after_close exists only
 * on closed deals; flat is constant; every fifth deal is open. */
static struct table *
deals(struct arena *a, int signal)
{
	struct table *t = table_new(a, "opportunities", N);
	const char *ids[N], *stage[N];
	double x1[N], x2[N], after[N], flat[N], won[N], amount[N];
	struct rng r;
	rng_seed(&r, 2026);
	table_add_column(a, t, "id", TABLE_TEXT);
	table_add_column(a, t, "stage", TABLE_TEXT);
	table_add_column(a, t, "amount", TABLE_NUM);
	table_add_column(a, t, "x1", TABLE_NUM);
	table_add_column(a, t, "x2", TABLE_NUM);
	table_add_column(a, t, "after_close", TABLE_NUM);
	table_add_column(a, t, "flat", TABLE_NUM);
	table_add_column(a, t, "won", TABLE_NUM);
	for (size_t i = 0; i < N; i++) {
		int open = i % 5 == 4;
		x1[i] = rng_normal(&r);
		x2[i] = rng_normal(&r);
		double eta = signal ? 2.0 * x1[i] : 0;
		won[i] = open ? NAN : (double)(rng_uniform(&r) < 1 / (1 + exp(-eta)));
		after[i] = open ? NAN : 10 + 5 * won[i] + rng_normal(&r);
		flat[i] = 3;
		ids[i] = arena_printf(a, "D%03zu", i);
		stage[i] = open ? "Proposal" : won[i] != 0 ? "Won" : "Lost";
		amount[i] = 1000 + (double)i;
	}
	fixture_text(a, t, "id", ids);
	fixture_text(a, t, "stage", stage);
	fixture_num(t, "amount", amount);
	fixture_num(t, "x1", x1);
	fixture_num(t, "x2", x2);
	fixture_num(t, "after_close", after);
	fixture_num(t, "flat", flat);
	fixture_num(t, "won", won);
	return t;
}

static void
test_random_labels_not_predictive(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f);
	fixture_set(&f, PROJECT_OPPORTUNITIES, deals(&f.a, 0));
	cJSON *p = cJSON_Parse("{\"features\": [\"x1\", \"x2\"]}");
	cJSON *o = lead_scoring_run(&f.ctx, p);
	assert_non_null(o);
	assert_true(f.ctx.lead_scoring->model.verdict != SCORING_PREDICTIVE);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(o, "predictive")));
	assert_true(cJSON_IsString(cJSON_GetObjectItem(o, "predictive_reason")));
	assert_non_null(strstr(cJSON_GetObjectItem(o, "verdict")->valuestring, "so its scores drive no target list"));
	const cJSON *q = cJSON_GetObjectItem(o, "quality");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(q, "cv_auc_folds")), 5);
	assert_true(cJSON_IsNumber(cJSON_GetObjectItem(q, "baseline_brier")));
	cJSON_AddItemToObject(f.ctx.results, "lead_scoring", o);
	/* the prospects list is empty with the reason in its place, and no headline */
	cJSON *tg = targets_run(&f.ctx, NULL);
	assert_non_null(tg);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(tg, "prospects")), 0);
	assert_non_null(strstr(cJSON_GetObjectItem(cJSON_GetObjectItem(tg, "why"), "prospects")->valuestring,
	                       "This list is empty"));
	assert_null(cJSON_GetObjectItem(cJSON_GetObjectItem(tg, "summary"), "expected_value"));
	cJSON_AddItemToObject(f.ctx.results, "targets", tg);
	/* a headline would come from a prospect row: put one in, the gate must hold */
	cJSON *row = cJSON_Parse("{\"name\": \"D001\", \"amount\": 1000, \"p_win\": 0.9}");
	cJSON_AddItemToArray(cJSON_GetObjectItem(tg, "prospects"), row);
	cJSON *h = headlines_build(f.ctx.results, f.ctx.as_of, LOCALE_EN, "USD");
	const cJSON *e;
	cJSON_ArrayForEach(e, h)
		assert_string_not_equal(cJSON_GetObjectItem(e, "topic")->valuestring, "prospect");
	cJSON_Delete(h);
	cJSON_SetValuestring(cJSON_GetObjectItem(cJSON_GetObjectItem(f.ctx.results, "lead_scoring"),
	                     "verdict"), "x");
	cJSON_ReplaceItemInObject(cJSON_GetObjectItem(f.ctx.results, "lead_scoring"), "predictive",
	                          cJSON_CreateTrue());
	h = headlines_build(f.ctx.results, f.ctx.as_of, LOCALE_EN, "USD");
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(h, cJSON_GetArraySize(h) - 1), "topic")->valuestring,
	                    "prospect");
	cJSON_Delete(h);
	cJSON_Delete(p);
	fixture_finish(&f);
}

static void
test_signal_is_predictive_and_guarded(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f);
	fixture_set(&f, PROJECT_OPPORTUNITIES, deals(&f.a, 1));
	cJSON *p = cJSON_Parse("{\"features\": [\"x1\", \"after_close\", \"flat\", \"x2\"]}");
	cJSON *o = lead_scoring_run(&f.ctx, p);
	assert_non_null(o);
	const struct scoring_model *m = &f.ctx.lead_scoring->model;
	assert_int_equal(m->verdict, SCORING_PREDICTIVE);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(o, "predictive")));
	assert_true(m->cv.auc_low > 0.7);
	assert_true(m->cv.brier < m->cv.base_brier);
	/* after_close (no open deal has it) and flat (constant) are left out and named */
	assert_int_equal(m->nexcluded, 2);
	assert_string_equal(m->excluded[0], "after_close");
	assert_string_equal(m->excluded[1], "flat");
	assert_true(fixture_noted(&f, "feature 'after_close' left out (missing for 80 of the 80 rows to score)"));
	assert_true(fixture_noted(&f, "feature 'flat' left out (constant"));
	assert_int_equal(m->design.nfeatures, 2);
	assert_int_equal(m->nscored, N / 5);
	/* standardised coefficients: coef x SD of the column */
	const cJSON *c = cJSON_GetArrayItem(cJSON_GetObjectItem(o, "coefficients"), 1);
	assert_string_equal(cJSON_GetObjectItem(c, "name")->valuestring, "x1");
	assert_close_rel(cJSON_GetObjectItem(c, "std_coef")->valuedouble, m->coef[1] * m->sd[1], 1e-12);
	assert_true(m->sd[1] > 0.8 && m->sd[1] < 1.2);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(o, "coefficients"), 0),
	                                             "std_coef")));
	cJSON_Delete(o);
	cJSON_Delete(p);
	fixture_finish(&f);
}

/* Customers whose churned flag is an inactivity rule (recency > 180) or not. */
static struct table *
customers(struct arena *a, int rule)
{
	enum { M = 300 };
	struct table *t = table_new(a, "customers", M);
	const char *ids[M];
	double rec[M], sat[M], churned[M];
	struct rng r;
	rng_seed(&r, 5);
	table_add_column(a, t, "id", TABLE_TEXT);
	table_add_column(a, t, "recency", TABLE_NUM);
	table_add_column(a, t, "satisfaction", TABLE_NUM);
	table_add_column(a, t, "churned", TABLE_NUM);
	for (size_t i = 0; i < M; i++) {
		ids[i] = arena_printf(a, "C%03zu", i);
		rec[i] = (double)rng_below(&r, 400);
		sat[i] = 1 + (double)rng_below(&r, 5);
		churned[i] = rule ? rec[i] > 180 : (double)(rng_uniform(&r) < 1 / (1 + exp(2 - rec[i] / 100 - 0.5 * sat[i])));
	}
	fixture_text(a, t, "id", ids);
	fixture_num(t, "recency", rec);
	fixture_num(t, "satisfaction", sat);
	fixture_num(t, "churned", churned);
	return t;
}

static void
test_churn_inactivity_rule_drops_recency(void **state)
{
	(void)state;
	for (int rule = 0; rule < 2; rule++) {
		struct fixture f;
		fixture_init(&f);
		cJSON *p = cJSON_Parse("{\"features\": [\"recency\", \"satisfaction\"]}");
		const struct churn_result *res = churn_compute(&f.ctx, customers(&f.a, rule), p);
		assert_non_null(res);
		assert_int_equal(res->model.nexcluded, (size_t)rule);
		assert_int_equal(res->model.design.nfeatures, rule ? 1 : 2);
		assert_int_equal(fixture_noted(&f, "feature 'recency' left out (churn is defined by inactivity"), rule);
		if (rule) /* satisfaction alone does not predict this churn */
			assert_true(res->model.verdict != SCORING_PREDICTIVE);
		cJSON_Delete(p);
		fixture_finish(&f);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cv_matches_sklearn),
		cmocka_unit_test(test_folds_stratified),
		cmocka_unit_test(test_random_labels_not_predictive),
		cmocka_unit_test(test_signal_is_predictive_and_guarded),
		cmocka_unit_test(test_churn_inactivity_rule_drops_recency),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
