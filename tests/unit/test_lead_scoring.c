/* SPDX-License-Identifier: MIT
 * Unit tests for src/analysis/lead_scoring (and the scoring pipeline it shares with
 * churn) on a seeded hand-made opportunities table: the coefficients equal a direct
 * stats/logreg fit of the same design, contributions add up to each open deal's
 * logit, held-out metrics equal a manual split-fit-score, the default feature rule,
 * and the results.json paths. */
#include "testutil.h"
#include "model_fixture.h"

#include "analysis/lead_scoring.h"
#include "base/rng.h"
#include "stats/logreg.h"
#include "stats/metrics.h"

#define N 300

static struct table *
opportunities(struct arena *a, int one_class)
{
	struct table *t = table_new(a, "opportunities", N);
	static const char *const prod[] = { "C", "A", "B" };
	const char *ids[N], *stage[N], *product[N];
	double x1[N], won[N], amount[N];
	struct rng r;
	rng_seed(&r, 7);
	table_add_column(a, t, "id", TABLE_TEXT);
	table_add_column(a, t, "stage", TABLE_TEXT);
	table_add_column(a, t, "amount", TABLE_NUM);
	table_add_column(a, t, "x1", TABLE_NUM);
	table_add_column(a, t, "product", TABLE_TEXT);
	table_add_column(a, t, "won", TABLE_NUM);
	for (size_t i = 0; i < N; i++) {
		int open = i % 5 == 4;
		double eta;
		ids[i] = arena_printf(a, "D%03zu", i);
		x1[i] = rng_normal(&r);
		product[i] = prod[rng_below(&r, 3)];
		eta = -0.3 + 1.2 * x1[i] + (product[i][0] == 'B' ? 0.8 : product[i][0] == 'C' ? -0.5 : 0);
		won[i] = open ? NAN : (one_class ? 1.0 : (double)(rng_uniform(&r) < 1 / (1 + exp(-eta))));
		stage[i] = open ? "Proposal" : won[i] != 0 ? "Won" : "Lost";
		amount[i] = open ? NAN : 1000 + 10 * (double)i;
	}
	x1[9] = NAN; /* an open deal that cannot be scored */
	x1[10] = NAN; /* a closed deal left out of the fit */
	fixture_text(a, t, "id", ids);
	fixture_text(a, t, "stage", stage);
	fixture_num(t, "amount", amount);
	fixture_num(t, "x1", x1);
	fixture_text(a, t, "product", product);
	fixture_num(t, "won", won);
	return t;
}

static cJSON *
params(const char *text)
{
	return cJSON_Parse(text);
}

static void
test_coefficients_equal_direct_fit(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f);
	struct table *t = opportunities(&f.a, 0);
	cJSON *p = params("{\"features\": [\"x1\", \"product\"]}");
	const struct lead_scoring_result *res = lead_scoring_compute(&f.ctx, t, p);
	assert_non_null(res);
	const struct scoring_model *m = &res->model;
	assert_int_equal(m->p, 4);
	assert_string_equal(m->design.cols[2].name, "product[B]");
	assert_string_equal(m->design.cols[3].name, "product[C]");
	/* the same design by hand: closed deals with x1 present */
	const struct table_column *x1 = table_column_find(t, "x1"), *pr = table_column_find(t, "product"),
	                          *won = table_column_find(t, "won");
	double *x = calloc(N * 4, sizeof *x);
	int *y = calloc(N, sizeof *y);
	size_t n = 0;
	for (size_t i = 0; i < N; i++) {
		if (won->num[i] != won->num[i] || x1->num[i] != x1->num[i])
			continue;
		const char *lv = table_text(pr, i);
		x[n * 4 + 0] = 1;
		x[n * 4 + 1] = x1->num[i];
		x[n * 4 + 2] = strcmp(lv, "B") == 0;
		x[n * 4 + 3] = strcmp(lv, "C") == 0;
		y[n++] = won->num[i] != 0;
	}
	assert_int_equal(m->n, n);
	assert_int_equal(m->dropped, 1);
	struct logreg_fit fit;
	logreg_fit(&fit, x, n, 4, y, NULL);
	assert_int_equal(fit.status, LOGREG_OK);
	for (size_t k = 0; k < 4; k++) {
		assert_close_rel(m->coef[k], fit.coef[k], 1e-12);
		assert_close_rel(m->se[k], fit.se[k], 1e-12);
	}
	assert_close_rel(m->loglik, fit.loglik, 1e-12);
	/* the data were made with x1 > 0 and B > A > C */
	assert_true(m->coef[1] > 0.5);
	assert_true(m->coef[2] > m->coef[3]);
	logreg_finish(&fit);
	free(x);
	free(y);
	cJSON_Delete(p);
	fixture_finish(&f);
}

static void
test_contributions_add_up_for_open_deals(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f);
	struct table *t = opportunities(&f.a, 0);
	cJSON *p = params("{\"features\": [\"x1\", \"product\"]}");
	const struct lead_scoring_result *res = lead_scoring_compute(&f.ctx, t, p);
	assert_non_null(res);
	const struct scoring_model *m = &res->model;
	/* every open deal but row 9 (x1 missing), in row order */
	assert_int_equal(m->nscored, N / 5 - 1);
	for (size_t i = 0, want = 4; i < m->nscored; i++, want += 5) {
		if (want == 9)
			want += 5;
		assert_int_equal(m->row[i], want);
		double s = m->base_logit;
		for (size_t k = 0; k < m->p; k++)
			s += m->contrib[i * m->p + k];
		assert_close_abs(1 / (1 + exp(-s)), m->prob[i], 1e-12);
		assert_true(m->contrib[i * m->p] == 0); /* the intercept column */
	}
	assert_true(fixture_noted(&f, "lead_scoring: 1 of 60 open deals not scored"));
	/* per source feature: product's two columns together */
	double per[2];
	scoring_feature_contrib(m, 0, per);
	assert_true(per[0] == m->contrib[1]);
	assert_true(per[1] == m->contrib[2] + m->contrib[3]);
	/* a row's contribution of x1 is coef * (x1 - mean of the closed deals) */
	const struct table_column *x1 = table_column_find(t, "x1");
	assert_close_abs(m->contrib[0 * m->p + 1], m->coef[1] * (x1->num[m->row[0]] - m->mean[1]), 1e-15);
	cJSON_Delete(p);
	fixture_finish(&f);
}

static void
test_held_out_metrics_as_manual_split(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f);
	struct table *t = opportunities(&f.a, 0);
	cJSON *p = params("{\"features\": [\"x1\", \"product\"], \"seed\": 5, \"test_size\": 0.25}");
	const struct lead_scoring_result *res = lead_scoring_compute(&f.ctx, t, p);
	assert_non_null(res);
	const struct scoring_model *m = &res->model;
	/* rebuild: closed deals with x1, the same split, fit on train, score test */
	const struct table_column *x1 = table_column_find(t, "x1"), *pr = table_column_find(t, "product"),
	                          *won = table_column_find(t, "won");
	double *x = calloc(N * 4, sizeof *x), *xt = calloc(N * 4, sizeof *xt), *xs = calloc(N * 4, sizeof *xs);
	int *y = calloc(N, sizeof *y), *yt = calloc(N, sizeof *yt), *ys = calloc(N, sizeof *ys);
	unsigned char *is_test = calloc(N, 1);
	size_t n = 0, ntr = 0, nte = 0;
	for (size_t i = 0; i < N; i++) {
		if (won->num[i] != won->num[i] || x1->num[i] != x1->num[i])
			continue;
		const char *lv = table_text(pr, i);
		double row[4] = { 1, x1->num[i], strcmp(lv, "B") == 0, strcmp(lv, "C") == 0 };
		memcpy(x + n * 4, row, sizeof row);
		y[n++] = won->num[i] != 0;
	}
	metrics_stratified_split(y, n, 0.25, 5, is_test);
	for (size_t i = 0; i < n; i++) {
		if (is_test[i]) {
			memcpy(xs + nte * 4, x + i * 4, 4 * sizeof *x);
			ys[nte++] = y[i];
		} else {
			memcpy(xt + ntr * 4, x + i * 4, 4 * sizeof *x);
			yt[ntr++] = y[i];
		}
	}
	struct logreg_fit fit;
	struct logreg_opts o;
	logreg_opts_default(&o);
	o.fallback_C = 1;
	logreg_fit(&fit, xt, ntr, 4, yt, &o);
	double *prob = calloc(nte, sizeof *prob);
	logreg_predict(&fit, xs, nte, prob);
	struct metrics_confusion c;
	metrics_confusion(ys, prob, nte, 0.5, &c);
	assert_int_equal(m->n_train, ntr);
	assert_int_equal(m->n_test, nte);
	assert_true(m->has_test);
	assert_int_equal(m->test.tp, c.tp);
	assert_int_equal(m->test.fp, c.fp);
	assert_int_equal(m->test.tn, c.tn);
	assert_int_equal(m->test.fn, c.fn);
	assert_close_rel(m->test.f1, c.f1, 1e-15);
	assert_close_rel(m->test_auc, metrics_auc(ys, prob, nte), 1e-15);
	/* ROC: starts at (0, 0), ends at (1, 1), at most 200 points */
	assert_true(m->nroc >= 2 && m->nroc <= SCORING_ROC_MAX);
	assert_true(m->roc_fpr[0] == 0 && m->roc_tpr[0] == 0);
	assert_true(m->roc_fpr[m->nroc - 1] == 1 && m->roc_tpr[m->nroc - 1] == 1);
	logreg_finish(&fit);
	free(x), free(xt), free(xs), free(y), free(yt), free(ys), free(is_test), free(prob);
	cJSON_Delete(p);
	fixture_finish(&f);
}

static void
test_default_features_rule(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f);
	struct table *t = opportunities(&f.a, 0);
	const struct lead_scoring_result *res = lead_scoring_compute(&f.ctx, t, NULL);
	assert_non_null(res);
	/* not id (300 levels), stage, won; not amount (no open deal has one) */
	assert_int_equal(res->params.nfeatures, 2);
	assert_string_equal(res->params.features[0], "x1");
	assert_string_equal(res->params.features[1], "product");
	fixture_finish(&f);
}

static void
test_results_paths_and_ctx(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f);
	fixture_set(&f, PROJECT_OPPORTUNITIES, opportunities(&f.a, 0));
	cJSON *p = params("{\"features\": [\"x1\", \"product\"]}");
	cJSON *o = lead_scoring_run(&f.ctx, p);
	assert_non_null(o);
	assert_non_null(f.ctx.lead_scoring);
	const cJSON *m = cJSON_GetObjectItem(o, "model");
	assert_true(cJSON_IsNumber(cJSON_GetObjectItem(cJSON_GetObjectItem(m, "coefficients"), "(intercept)")));
	assert_true(cJSON_IsNumber(cJSON_GetObjectItem(cJSON_GetObjectItem(m, "std_errors"), "product[C]")));
	assert_true(cJSON_IsBool(cJSON_GetObjectItem(m, "converged")));
	assert_true(cJSON_IsNumber(cJSON_GetObjectItem(m, "log_likelihood")));
	const cJSON *met = cJSON_GetObjectItem(o, "metrics");
	static const char *const keys[] = { "accuracy", "precision", "recall", "f1", "auc" };
	for (size_t i = 0; i < 5; i++) {
		assert_true(cJSON_IsNumber(cJSON_GetObjectItem(met, keys[i])));
		char k[32];
		snprintf(k, sizeof k, "%s_fmt", keys[i]);
		assert_true(cJSON_IsString(cJSON_GetObjectItem(met, k)));
	}
	const cJSON *cm = cJSON_GetObjectItem(met, "confusion");
	assert_int_equal(cJSON_GetArraySize(cm), 2);
	double total = 0;
	for (const cJSON *r = cm->child; r; r = r->next)
		for (const cJSON *v = r->child; v; v = v->next)
			total += v->valuedouble;
	assert_true(total == cJSON_GetObjectItem(met, "test_rows")->valuedouble);
	const cJSON *charts = cJSON_GetObjectItem(f.ctx.results, "charts");
	assert_non_null(cJSON_GetObjectItem(charts, "lead_scoring_coefficients"));
	assert_non_null(cJSON_GetObjectItem(charts, "lead_scoring_roc"));
	assert_non_null(cJSON_GetObjectItem(charts, "lead_scoring_confusion"));
	/* the coefficient chart has no intercept bar */
	const cJSON *cats = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(charts,
	                                        "lead_scoring_coefficients"), "x"), "categories");
	assert_int_equal(cJSON_GetArraySize(cats), 3);
	/* the three specs draw */
	assert_int_equal(fixture_draw_charts(&f), 3);
	cJSON_Delete(o);
	cJSON_Delete(p);
	fixture_finish(&f);
}

static void
test_one_class_is_a_note(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f);
	fixture_set(&f, PROJECT_OPPORTUNITIES, opportunities(&f.a, 1));
	cJSON *p = params("{\"features\": [\"x1\"]}");
	assert_null(lead_scoring_run(&f.ctx, p));
	assert_null(f.ctx.lead_scoring);
	assert_true(fixture_noted(&f, "lead_scoring skipped"));
	cJSON_Delete(p);
	p = params("{\"features\": [\"x2\"]}");
	assert_null(lead_scoring_run(&f.ctx, p));
	/* an unknown feature is a project error naming the key, not a note */
	assert_false(fixture_noted(&f, "unknown feature"));
	assert_non_null(f.ctx.error);
	assert_non_null(strstr(f.ctx.error, "unknown feature 'x2'; did you mean 'x1'?"));
	assert_string_equal(f.ctx.error_path, "analyses.lead_scoring.features");
	cJSON_Delete(p);
	fixture_finish(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_coefficients_equal_direct_fit),
		cmocka_unit_test(test_contributions_add_up_for_open_deals),
		cmocka_unit_test(test_held_out_metrics_as_manual_split),
		cmocka_unit_test(test_default_features_rule),
		cmocka_unit_test(test_results_paths_and_ctx),
		cmocka_unit_test(test_one_class_is_a_note),
	};
	return cmocka_run_group_tests_name("lead_scoring", tests, NULL, NULL);
}
