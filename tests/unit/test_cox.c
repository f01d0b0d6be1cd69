/* SPDX-License-Identifier: MIT
 * Unit tests for src/stats/cox: coxph(Surv(tenure, churn) ~ MonthlyCharges +
 * SeniorCitizen + Contract) on the Telco data against R (reference_R.json
 * cox_efron / cox_breslow), and a hand case for the partial likelihood. */
#include "testutil.h"
#include "telco_data.h"

#include "stats/cox.h"

static const char *names[] = { "MonthlyCharges", "SeniorCitizen", "ContractOne year",
                                "ContractTwo year" };

static double
named(const cJSON *obj, const char *group, int j)
{
	return telco_num(cJSON_GetObjectItem(obj, group), names[j]);
}

static void
check_against(enum cox_ties ties, const char *key)
{
	struct telco t;
	assert_int_equal(telco_load(&t), 0);
	cJSON *ref = telco_reference_r();
	assert_non_null(ref);
	const cJSON *r = cJSON_GetObjectItem(ref, key);
	assert_non_null(r);
	/* design matrix as R's model.matrix: Month-to-month is the reference level */
	double *x = malloc(t.n * 4 * sizeof *x);
	for (size_t i = 0; i < t.n; i++) {
		x[i * 4 + 0] = t.monthly[i];
		x[i * 4 + 1] = t.senior[i];
		x[i * 4 + 2] = t.contract[i] == 1;
		x[i * 4 + 3] = t.contract[i] == 2;
	}
	struct cox_options o;
	cox_options_default(&o);
	o.ties = ties;
	struct arena a;
	arena_init(&a);
	struct cox_fit f;
	assert_int_equal(cox_fit(&a, x, t.n, 4, t.tenure, t.churn, &o, &f), 0);
	assert_true(f.converged);
	assert_int_equal(f.n, (long)telco_num(r, "n"));
	assert_int_equal(f.n_events, (long)telco_num(r, "n_events"));
	assert_int_equal(f.iterations, (int)telco_num(r, "iterations"));
	for (int j = 0; j < 4; j++) {
		assert_close_rel(f.coef[j], named(r, "coef", j), 1e-6);
		assert_close_rel(f.se[j], named(r, "se", j), 1e-6);
		assert_close_rel(f.z[j], named(r, "z", j), 1e-6);
		assert_close_rel(f.p_value[j], named(r, "p", j), 1e-6);
		assert_close_rel(f.hr[j], named(r, "exp_coef", j), 1e-6);
		assert_close_rel(f.hr_lower[j], named(r, "ci95_exp_coef_lower", j), 1e-6);
		assert_close_rel(f.hr_upper[j], named(r, "ci95_exp_coef_upper", j), 1e-6);
	}
	assert_close_rel(f.loglik_null, telco_num(r, "loglik_null"), 1e-9);
	assert_close_rel(f.loglik, telco_num(r, "loglik"), 1e-9);
	static const char *tests[] = { "likelihood_ratio_test", "wald_test", "score_test" };
	double stat[] = { f.lr, f.wald, f.score }, logp[] = { f.lr_log_p, f.wald_log_p, f.score_log_p };
	for (int k = 0; k < 3; k++) {
		const cJSON *tt = cJSON_GetObjectItem(r, tests[k]);
		assert_int_equal((int)telco_num(tt, "df"), 4);
		assert_close_rel(stat[k], telco_num(tt, "stat"), 1e-6);
		assert_close_rel(logp[k], telco_num(tt, "log_p"), 1e-6);
	}
	assert_close_rel(f.concordance, telco_num(r, "concordance"), 1e-9);
	assert_close_rel(f.concordance_se, telco_num(r, "concordance_se"), 1e-9);
	const cJSON *cc = cJSON_GetObjectItem(r, "concordance_counts");
	assert_int_equal(f.concordant, (long long)telco_num(cc, "concordant"));
	assert_int_equal(f.discordant, (long long)telco_num(cc, "discordant"));
	assert_int_equal(f.tied_x, (long long)telco_num(cc, "tied.x"));
	assert_int_equal(f.tied_y, (long long)telco_num(cc, "tied.y"));
	assert_int_equal(f.tied_xy, (long long)telco_num(cc, "tied.xy"));
	arena_finish(&a);
	free(x);
	cJSON_Delete(ref);
	telco_free(&t);
}

static void
test_cox_efron(void **state)
{
	(void)state;
	check_against(COX_EFRON, "cox_efron");
}

static void
test_cox_breslow(void **state)
{
	(void)state;
	check_against(COX_BRESLOW, "cox_breslow");
}

/* Hand case, one binary covariate, no ties: times 1..4 with events at 1, 2, 3 and
 * x = 1, 0, 1, 0. At beta = 0 the risk sets have 4, 3, 2 members, so
 * loglik_null = -(log 4 + log 3 + log 2) = -log 24. Concordance of the fitted
 * risk (beta > 0 since x=1 fails early): comparable pairs (i earlier event):
 * (1,2) x 1>0 conc, (1,3) tied, (1,4) conc, (2,3) 0<1 disc, (2,4) tied, (3,4) conc
 * -> 3 concordant, 1 discordant, 2 tied: (3 + 1) / 6 = 2/3. */
static void
test_cox_hand(void **state)
{
	(void)state;
	double x[] = { 1, 0, 1, 0 }, tm[] = { 1, 2, 3, 4 };
	int ev[] = { 1, 1, 1, 0 };
	struct arena a;
	arena_init(&a);
	struct cox_fit f;
	assert_int_equal(cox_fit(&a, x, 4, 1, tm, ev, NULL, &f), 0);
	assert_close_rel(f.loglik_null, -log(24.0), 1e-14);
	assert_true(f.coef[0] > 0);
	assert_true(f.loglik > f.loglik_null);
	assert_int_equal(f.concordant, 3);
	assert_int_equal(f.discordant, 1);
	assert_int_equal(f.tied_x, 2);
	assert_close_rel(f.concordance, 2.0 / 3, 1e-14);
	/* a constant column makes the information singular */
	double c[] = { 1, 1, 1, 1 };
	assert_int_equal(cox_fit(&a, c, 4, 1, tm, ev, NULL, &f), -1);
	assert_true(isnan(f.coef[0]));
	arena_finish(&a);
}

/* Ties at beta = 0: times 1, 1, 2 with events 1, 1, 0. The risk set at t=1 has 3
 * members and 2 deaths. Breslow: -2 log 3 = -log 9. Efron: -log 3 - log(3 - 1/2 * 2)
 * = -log 6. Also a capped iteration count stops unconverged at the last accepted
 * point. */
static void
test_cox_ties_and_cap(void **state)
{
	(void)state;
	double x[] = { 1, 0, 0 }, tm[] = { 1, 1, 2 };
	int ev[] = { 1, 1, 0 };
	struct arena a;
	arena_init(&a);
	struct cox_fit f;
	struct cox_options o;
	cox_options_default(&o);
	cox_fit(&a, x, 3, 1, tm, ev, &o, &f);
	assert_close_rel(f.loglik_null, -log(6.0), 1e-14);
	o.ties = COX_BRESLOW;
	cox_fit(&a, x, 3, 1, tm, ev, &o, &f);
	assert_close_rel(f.loglik_null, -log(9.0), 1e-14);

	struct telco t;
	assert_int_equal(telco_load(&t), 0);
	double *xx = malloc(t.n * sizeof *xx);
	for (size_t i = 0; i < t.n; i++)
		xx[i] = t.contract[i];
	cox_options_default(&o);
	o.max_iter = 1;
	assert_int_equal(cox_fit(&a, xx, t.n, 1, t.tenure, t.churn, &o, &f), 0);
	assert_false(f.converged);
	assert_int_equal(f.iterations, 1);
	assert_true(f.loglik > f.loglik_null);
	o.max_iter = 20;
	struct cox_fit g;
	assert_int_equal(cox_fit(&a, xx, t.n, 1, t.tenure, t.churn, &o, &g), 0);
	assert_true(g.converged);
	assert_true(g.loglik >= f.loglik);
	free(xx);
	telco_free(&t);
	arena_finish(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cox_efron),
		cmocka_unit_test(test_cox_breslow),
		cmocka_unit_test(test_cox_hand),
		cmocka_unit_test(test_cox_ties_and_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
