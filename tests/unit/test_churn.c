/* SPDX-License-Identifier: MIT
 * Unit tests for src/analysis/churn on a seeded customers table: the default
 * features (those of recency/frequency/monetary/satisfaction/tenure present), every
 * customer scored (also those without a churned flag), contributions, one-hot
 * names, and the notes when the churned field is absent. */
#include "testutil.h"
#include "model_fixture.h"

#include "analysis/churn.h"
#include "base/rng.h"

#define N 200

static struct table *
customers(struct arena *a, int with_churned)
{
	struct table *t = table_new(a, "customers", N);
	static const char *const plans[] = { "Monthly", "Annual" };
	const char *ids[N], *plan[N];
	double tenure[N], sat[N], churned[N];
	struct rng r;
	rng_seed(&r, 11);
	table_add_column(a, t, "id", TABLE_TEXT);
	table_add_column(a, t, "tenure", TABLE_NUM);
	table_add_column(a, t, "satisfaction", TABLE_NUM);
	table_add_column(a, t, "plan", TABLE_TEXT);
	if (with_churned)
		table_add_column(a, t, "churned", TABLE_NUM);
	for (size_t i = 0; i < N; i++) {
		ids[i] = arena_printf(a, "C%03zu", i);
		tenure[i] = (double)rng_below(&r, 60);
		sat[i] = 1 + (double)rng_below(&r, 5);
		plan[i] = plans[rng_below(&r, 2)];
		double eta = 1.0 - 0.05 * tenure[i] - 0.3 * (sat[i] - 3) + (plan[i][0] == 'M' ? 0.7 : 0);
		churned[i] = rng_uniform(&r) < 1 / (1 + exp(-eta));
	}
	churned[3] = NAN;  /* unknown flag: scored, not fitted */
	fixture_text(a, t, "id", ids);
	fixture_num(t, "tenure", tenure);
	fixture_num(t, "satisfaction", sat);
	fixture_text(a, t, "plan", plan);
	if (with_churned)
		fixture_num(t, "churned", churned);
	return t;
}

static void
test_default_features_and_scores(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f);
	fixture_set(&f, PROJECT_CUSTOMERS, customers(&f.a, 1));
	cJSON *o = churn_run(&f.ctx, NULL);
	assert_non_null(o);
	const struct churn_result *res = f.ctx.churn;
	assert_non_null(res);
	const struct scoring_model *m = &res->model;
	/* satisfaction and tenure present, in the documented order */
	assert_int_equal(res->params.nfeatures, 2);
	assert_string_equal(res->params.features[0], "satisfaction");
	assert_string_equal(res->params.features[1], "tenure");
	assert_int_equal(m->n, N - 1);
	/* every customer scored, row i at index i */
	assert_int_equal(m->nscored, N);
	for (size_t i = 0; i < N; i++) {
		assert_int_equal(m->row[i], i);
		double s = m->base_logit;
		for (size_t k = 0; k < m->p; k++)
			s += m->contrib[i * m->p + k];
		assert_close_abs(1 / (1 + exp(-s)), m->prob[i], 1e-12);
	}
	/* made with churn falling with tenure and satisfaction */
	assert_true(m->coef[1] < 0 && m->coef[2] < 0);
	assert_string_equal(cJSON_GetObjectItem(o, "target")->valuestring, "churned");
	assert_non_null(cJSON_GetObjectItem(cJSON_GetObjectItem(f.ctx.results, "charts"), "churn_coefficients"));
	assert_int_equal(fixture_draw_charts(&f), 3);
	cJSON_Delete(o);
	fixture_finish(&f);
}

static void
test_text_feature_and_probabilities_order(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f);
	struct table *t = customers(&f.a, 1);
	cJSON *p = cJSON_Parse("{\"features\": [\"tenure\", \"plan\"], \"penalty\": \"l2\", \"C\": 1000}");
	const struct churn_result *res = churn_compute(&f.ctx, t, p);
	assert_non_null(res);
	const struct scoring_model *m = &res->model;
	assert_string_equal(m->design.cols[2].name, "plan[Monthly]");  /* Annual is the reference */
	assert_true(m->penalized);
	assert_true(m->coef[2] > 0);
	/* two customers alike but for the plan: Monthly scores higher */
	const struct table_column *ten = table_column_find(t, "tenure"), *pl = table_column_find(t, "plan");
	for (size_t i = 0; i < N; i++)
		for (size_t j = 0; j < N; j++)
			if (ten->num[i] == ten->num[j] && strcmp(table_text(pl, i), "Monthly") == 0 &&
			    strcmp(table_text(pl, j), "Annual") == 0)
				assert_true(m->prob[i] > m->prob[j]);
	cJSON_Delete(p);
	fixture_finish(&f);
}

/* recency/frequency/monetary from an orders table through custagg */
static void
test_rfm_from_orders(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f);
	struct table *c = customers(&f.a, 1);
	/* customers 0..149 order; customer i has 1 + i % 4 orders, the last one i % 90
	 * days before as_of, each of amount 10 * (1 + i % 7) */
	size_t no = 0;
	for (size_t i = 0; i < 150; i++)
		no += 1 + i % 4;
	struct table *o = table_new(&f.a, "orders", no);
	table_add_column(&f.a, o, "customer", TABLE_TEXT);
	table_add_column(&f.a, o, "date", TABLE_DATE);
	table_add_column(&f.a, o, "amount", TABLE_NUM);
	table_add_column(&f.a, o, "order", TABLE_TEXT);
	const char **cust = calloc(no, sizeof *cust), **ord = calloc(no, sizeof *ord);
	double *date = calloc(no, sizeof *date), *amount = calloc(no, sizeof *amount);
	size_t k = 0;
	for (size_t i = 0; i < 150; i++)
		for (size_t j = 0; j <= i % 4; j++, k++) {
			cust[k] = arena_printf(&f.a, "C%03zu", i);
			ord[k] = arena_printf(&f.a, "O%zu-%zu", i, j);
			date[k] = f.ctx.as_of - (double)(i % 90) - 30 * (double)j;
			amount[k] = 10 * (double)(1 + i % 7);
		}
	fixture_text(&f.a, o, "customer", cust);
	fixture_num(o, "date", date);
	fixture_num(o, "amount", amount);
	fixture_text(&f.a, o, "order", ord);
	fixture_set(&f, PROJECT_CUSTOMERS, c);
	fixture_set(&f, PROJECT_ORDERS, o);
	cJSON *p = cJSON_Parse("{\"features\": [\"recency\", \"frequency\", \"monetary\"]}");
	const struct churn_result *res = churn_compute(&f.ctx, c, p);
	assert_non_null(res);
	const struct scoring_model *m = &res->model;
	assert_string_equal(m->design.cols[1].name, "recency");
	assert_string_equal(m->design.cols[3].name, "monetary");
	/* customers 150..199 have no order; customer 3's flag is unknown */
	assert_int_equal(m->n, 149);
	assert_int_equal(m->nscored, 150);
	double rec = 0, freq = 0, mon = 0;
	for (size_t i = 0; i < 150; i++)
		if (i != 3) {
			rec += (double)(i % 90);
			freq += (double)(1 + i % 4);
			mon += (double)(1 + i % 4) * 10 * (double)(1 + i % 7);
		}
	assert_close_rel(m->mean[1], rec / 149, 1e-12);
	assert_close_rel(m->mean[2], freq / 149, 1e-12);
	assert_close_rel(m->mean[3], mon / 149, 1e-12);
	/* the customers table itself is left as it was */
	assert_null(table_column_find(c, "recency"));
	free(cust), free(ord), free(date), free(amount);
	cJSON_Delete(p);
	fixture_finish(&f);
}

static void
test_missing_churned_is_a_note(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f);
	fixture_set(&f, PROJECT_CUSTOMERS, customers(&f.a, 0));
	assert_null(churn_run(&f.ctx, NULL));
	assert_null(f.ctx.churn);
	assert_true(fixture_noted(&f, "churn model skipped: customers has no 'churned' field"));
	fixture_finish(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_features_and_scores),
		cmocka_unit_test(test_text_feature_and_probabilities_order),
		cmocka_unit_test(test_rfm_from_orders),
		cmocka_unit_test(test_missing_churned_is_a_note),
	};
	return cmocka_run_group_tests_name("churn", tests, NULL, NULL);
}
