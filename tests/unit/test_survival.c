/* SPDX-License-Identifier: MIT
 * Unit tests for src/stats/survival: Kaplan–Meier tables, CIs, medians and the
 * log-rank test against R survival's output for the Telco churn data
 * (data/telco_churn/reference_R.json, km_by_contract.csv). */
#include "testutil.h"
#include "telco_data.h"

#include "stats/special.h"
#include "stats/survival.h"

/* Both NaN (R's NA), or equal to rel (absolute when the reference is 0). */
#define check_val(got, want, rel) do { \
	double w_ = (want), g_ = (got); \
	if (isnan(w_)) { if (!isnan(g_)) fail_msg("%s = %.17g, expected NA", #got, g_); } \
	else if (w_ == 0) assert_close_abs(g_, w_, 1e-12); \
	else assert_close_rel(g_, w_, rel); \
} while (0)

static const char *ci_lo[] = { "lower95_log", "lower95_loglog", "lower95_plain" };
static const char *ci_hi[] = { "upper95_log", "upper95_loglog", "upper95_plain" };

static void
test_km_overall(void **state)
{
	(void)state;
	struct telco t;
	assert_int_equal(telco_load(&t), 0);
	assert_int_equal(t.n, 7043);
	cJSON *ref = telco_reference_r();
	assert_non_null(ref);
	cJSON *km = cJSON_GetObjectItem(cJSON_GetObjectItem(ref, "R") ? cJSON_GetObjectItem(ref, "R") : ref, "km_overall");
	assert_non_null(km);
	cJSON *tab = cJSON_GetObjectItem(km, "table");
	struct arena a;
	arena_init(&a);
	for (int ci = 0; ci < 3; ci++) {
		struct survival_km f;
		survival_km_fit(&a, t.tenure, t.churn, t.n, (enum survival_ci)ci, &f);
		assert_int_equal(f.n, (long)telco_num(km, "n"));
		assert_int_equal(f.events, (long)telco_num(km, "events"));
		assert_int_equal(f.nrows, cJSON_GetArraySize(tab));
		size_t i = 0;
		const cJSON *row;
		cJSON_ArrayForEach(row, tab) {
			const struct survival_row *r = &f.rows[i++];
			assert_true(r->time == telco_num(row, "time"));
			assert_int_equal(r->n_risk, (long)telco_num(row, "n_risk"));
			assert_int_equal(r->n_event, (long)telco_num(row, "n_event"));
			assert_int_equal(r->n_censor, (long)telco_num(row, "n_censor"));
			check_val(r->surv, telco_num(row, "surv"), 1e-9);
			check_val(r->std_err, telco_num(row, "std_err_surv"), 1e-9);
			check_val(r->std_err_cumhaz, telco_num(row, "std_err_cumhaz"), 1e-9);
			check_val(r->cumhaz, telco_num(row, "cumhaz_nelson_aalen"), 1e-9);
			check_val(r->lower, telco_num(row, ci_lo[ci]), 1e-9);
			check_val(r->upper, telco_num(row, ci_hi[ci]), 1e-9);
		}
		const cJSON *at;
		cJSON_ArrayForEach(at, cJSON_GetObjectItem(km, "surv_at")) {
			double sv;
			long nr;
			survival_km_at(&f, telco_num(at, "time"), &sv, &nr);
			assert_close_rel(sv, telco_num(at, "surv"), 1e-9);
			assert_int_equal(nr, (long)telco_num(at, "n_risk"));
		}
		double rm, rse;
		survival_km_rmean(&f, NAN, &rm, &rse);
		assert_close_rel(rm, telco_num(km, "rmean"), 1e-9);
		assert_close_rel(rse, telco_num(km, "rmean_se"), 1e-9);
		/* not reached overall: R gives NA for the median and its limits */
		check_val(f.median, telco_num(km, "median"), 1e-12);
		if (ci == 0) {
			check_val(f.median_lower, telco_num(km, "median_lower95_log"), 1e-12);
			check_val(f.median_upper, telco_num(km, "median_upper95_log"), 1e-12);
		}
	}
	arena_finish(&a);
	cJSON_Delete(ref);
	telco_free(&t);
}

static double
csv_num(const char *s)
{
	return strcmp(s, "NA") == 0 ? NAN : atof(s);
}

static void
test_km_by_contract(void **state)
{
	(void)state;
	struct telco t;
	assert_int_equal(telco_load(&t), 0);
	cJSON *ref = telco_reference_r();
	assert_non_null(ref);
	cJSON *strata = cJSON_GetObjectItem(cJSON_GetObjectItem(ref, "km_by_contract"), "strata");
	assert_int_equal(cJSON_GetArraySize(strata), 3);
	char path[512];
	snprintf(path, sizeof path, "%s/data/telco_churn/km_by_contract.csv", test_repo_dir());
	char *txt = test_read_file(path, NULL);
	assert_non_null(txt);
	static const char *names[] = { "\"Month-to-month\"", "\"One year\"", "\"Two year\"" };
	struct arena a;
	arena_init(&a);
	for (int ci = 0; ci < 3; ci++) {
		struct survival_km f[3];
		survival_km_fit_groups(&a, t.tenure, t.churn, t.contract, t.n, 3, (enum survival_ci)ci, f);
		char *copy = strdup(txt), *save = NULL;
		size_t k[3] = { 0, 0, 0 }, lines = 0;
		strtok_r(copy, "\r\n", &save); /* header */
		for (char *line = strtok_r(NULL, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save)) {
			char *c[20];
			assert_int_equal(telco_split(line, c, 20), 15);
			int g = strcmp(c[0], names[0]) == 0 ? 0 : strcmp(c[0], names[1]) == 0 ? 1 : 2;
			assert_true(k[g] < f[g].nrows);
			const struct survival_row *r = &f[g].rows[k[g]++];
			lines++;
			assert_true(r->time == atof(c[1]));
			assert_int_equal(r->n_risk, atol(c[2]));
			assert_int_equal(r->n_event, atol(c[3]));
			assert_int_equal(r->n_censor, atol(c[4]));
			check_val(r->surv, csv_num(c[5]), 1e-9);
			check_val(r->std_err, csv_num(c[6]), 1e-9);
			check_val(r->std_err_cumhaz, csv_num(c[7]), 1e-9);
			check_val(r->lower, csv_num(c[8 + 2 * ci]), 1e-9);
			check_val(r->upper, csv_num(c[9 + 2 * ci]), 1e-9);
			check_val(r->cumhaz, csv_num(c[14]), 1e-9);
		}
		for (int g = 0; g < 3; g++)
			assert_int_equal(k[g], f[g].nrows);
		assert_true(lines > 100);
		free(copy);
		if (ci == SURVIVAL_CI_PLAIN)
			continue;
		static const char *gname[] = { "Month-to-month", "One year", "Two year" };
		const cJSON *at;
		int nat = 0;
		cJSON_ArrayForEach(at, cJSON_GetObjectItem(cJSON_GetObjectItem(ref, "km_by_contract"), "surv_at")) {
			const char *sname = cJSON_GetObjectItem(at, "strata")->valuestring;
			int gi = strcmp(sname, gname[0]) == 0 ? 0 : strcmp(sname, gname[1]) == 0 ? 1 : 2;
			assert_string_equal(sname, gname[gi]);
			double sv;
			long nr;
			survival_km_at(&f[gi], telco_num(at, "time"), &sv, &nr);
			assert_close_rel(sv, telco_num(at, "surv"), 1e-9);
			assert_int_equal(nr, (long)telco_num(at, "n_risk"));
			nat++;
		}
		assert_int_equal(nat, 24);
		const char *lo = ci == 0 ? "median_lower95_log" : "median_lower95_loglog";
		const char *hi = ci == 0 ? "median_upper95_log" : "median_upper95_loglog";
		int g = 0;
		const cJSON *s;
		cJSON_ArrayForEach(s, strata) {
			assert_int_equal(f[g].n, (long)telco_num(s, "n"));
			assert_int_equal(f[g].events, (long)telco_num(s, "events"));
			check_val(f[g].median, telco_num(s, "median"), 1e-12);
			double rm;
			survival_km_rmean(&f[g], NAN, &rm, NULL);
			assert_close_rel(rm, telco_num(s, "rmean"), 1e-9);
			check_val(f[g].median_lower, telco_num(s, lo), 1e-12);
			check_val(f[g].median_upper, telco_num(s, hi), 1e-12);
			g++;
		}
	}
	free(txt);
	arena_finish(&a);
	cJSON_Delete(ref);
	telco_free(&t);
}

static void
test_logrank_contract(void **state)
{
	(void)state;
	struct telco t;
	assert_int_equal(telco_load(&t), 0);
	cJSON *ref = telco_reference_r();
	cJSON *lr = cJSON_GetObjectItem(ref, "logrank_contract");
	assert_non_null(lr);
	struct arena a;
	arena_init(&a);
	struct survival_logrank r;
	survival_logrank_test(&a, t.tenure, t.churn, t.contract, t.n, 3, &r);
	assert_close_rel(r.chi2, telco_num(lr, "chisq"), 1e-9);
	assert_int_equal(r.df, (int)telco_num(lr, "df"));
	check_val(r.p, telco_num(lr, "p"), 1e-9);
	assert_close_rel(r.log_p, telco_num(lr, "log_p"), 1e-9);
	for (int g = 0; g < 3; g++) {
		assert_int_equal(r.n[g], (long)cJSON_GetArrayItem(cJSON_GetObjectItem(lr, "n"), g)->valuedouble);
		assert_close_rel(r.observed[g], cJSON_GetArrayItem(cJSON_GetObjectItem(lr, "observed"), g)->valuedouble, 1e-9);
		assert_close_rel(r.expected[g], cJSON_GetArrayItem(cJSON_GetObjectItem(lr, "expected"), g)->valuedouble, 1e-9);
	}
	arena_finish(&a);
	cJSON_Delete(ref);
	telco_free(&t);
}

/* Hand case: four events at 1,2,3,4 -> S = .75, .5, .25, 0. S == 0.5 exactly on
 * [2,3), so R's median is the midpoint 2.5. Upper-tail chi-square: df 2 gives
 * exp(-x/2), df 1 at x = 3.841458820694124 gives 0.05. */
static void
test_small_cases(void **state)
{
	(void)state;
	double tm[] = { 4, 2, 3, 1 };
	int ev[] = { 1, 1, 1, 1 };
	struct arena a;
	arena_init(&a);
	struct survival_km f;
	survival_km_fit(&a, tm, ev, 4, SURVIVAL_CI_LOG, &f);
	assert_int_equal(f.nrows, 4);
	assert_close_rel(f.rows[1].surv, 0.5, 1e-15);
	assert_close_rel(f.median, 2.5, 1e-15);
	assert_true(isnan(f.rows[3].lower));
	/* no censoring: the restricted mean is the plain mean (1+2+3+4)/4 */
	double rm;
	survival_km_rmean(&f, NAN, &rm, NULL);
	assert_close_rel(rm, 2.5, 1e-15);
	survival_km_rmean(&f, 2, &rm, NULL);   /* area to t=2: 1 + 0.75 */
	assert_close_rel(rm, 1.75, 1e-15);
	survival_km_fit(&a, tm, ev, 0, SURVIVAL_CI_LOG, &f);
	assert_int_equal(f.nrows, 0);
	assert_true(isnan(f.median));
	assert_close_rel(survival_chisq_log_sf(10, 2), -5, 1e-14);
	/* agrees with stats/special where the tail does not underflow */
	for (double x = 0.25; x < 200; x *= 1.7)
		for (double df = 1; df <= 7; df++)
			assert_close_rel(exp(survival_chisq_log_sf(x, df)), special_chi2_sf(x, df), 1e-11);
	assert_close_rel(exp(survival_chisq_log_sf(3.841458820694124, 1)), 0.05, 1e-12);
	/* df 3 closed form: erfc(sqrt(x/2)) + sqrt(2x/pi) exp(-x/2) */
	assert_close_rel(exp(survival_chisq_log_sf(0.5, 3)),
	                 erfc(sqrt(0.25)) + sqrt(1.0 / M_PI) * exp(-0.25), 1e-12);
	assert_close_rel(exp(survival_chisq_log_sf(40, 3)),
	                 erfc(sqrt(20.0)) + sqrt(80.0 / M_PI) * exp(-20.0), 1e-12);
	arena_finish(&a);
}

/* Quantile rule on a hand case: (time, event) = (9,1) (1,1) (1,0) (6,1) (6,1) (8,0)
 * (10,0). At t=1: 7 at risk, 1 event -> S = 6/7; t=6: 5 at risk, 2 events ->
 * S = 6/7 * 3/5 = 18/35; t=9: 2 at risk, 1 event -> S = 9/35; t=10 censored.
 *   S level 13/14 -> first t with S <= 13/14 = 1
 *   S level 6/7   -> flat at 6/7 from 1 to the drop at 6: (1 + 6)/2 = 3.5
 *   S level 2/3   -> 6;  level 1/2 (median) -> 18/35 > 1/2, so 9
 *   S level 9/35  -> flat from 9 to the end of the curve (10): 9.5
 *   S level 0.1   -> never reached: NA
 * The log band's upper limit stays at or above every level (NA); the lower limits
 * 1, 1, 1, 6, 6, 9 are the ones R survival's own tests/quantile.R expects for this
 * data set (the same case appears there). */
static void
test_quantile_rule(void **state)
{
	(void)state;
	double tm[] = { 9, 1, 1, 6, 6, 8, 10 };
	int ev[] = { 1, 1, 0, 1, 1, 0, 0 };
	double level[] = { 13.0 / 14, 6.0 / 7, 2.0 / 3, 0.5, 9.0 / 35, 0.1 };
	double want[] = { 1, 3.5, 6, 9, 9.5, NAN }, want_lo[] = { 1, 1, 1, 6, 6, 9 };
	struct arena a;
	arena_init(&a);
	struct survival_km f;
	survival_km_fit(&a, tm, ev, 7, SURVIVAL_CI_LOG, &f);
	assert_close_rel(f.rows[3].surv, 9.0 / 35, 1e-15);
	for (int k = 0; k < 6; k++) {
		double q, lo, hi;
		survival_km_quantile(&f, 1 - level[k], &q, &lo, &hi);
		check_val(q, want[k], 1e-15);
		assert_true(isnan(hi));
		check_val(lo, want_lo[k], 1e-15);
	}
	assert_close_rel(f.median, 9, 1e-15);
	arena_finish(&a);
}

/* Log-rank with an empty group: it is dropped (df = groups with data - 1). Two
 * groups, one event each at distinct times 1 (group 0) and 2 (group 2), one
 * censored at 3 in group 0. At t=1: n=3, n0=2 -> E0 = 2/3, V = 1*(3-1)/(3-1) *
 * (2/3)(1/3) = 2/9; at t=2: n=2, n0=1 -> E0 += 1/2, V += 1*(1)/(1) * (1/2)(1/2)
 * = 1/4. O0 = 1, E0 = 7/6, V = 17/36: chi2 = (1/6)^2 / (17/36) = 1/17. */
static void
test_logrank_hand(void **state)
{
	(void)state;
	double tm[] = { 1, 2, 3 };
	int ev[] = { 1, 1, 0 }, gr[] = { 0, 2, 0 };
	struct arena a;
	arena_init(&a);
	struct survival_logrank r;
	survival_logrank_test(&a, tm, ev, gr, 3, 3, &r);
	assert_int_equal(r.df, 1);
	assert_int_equal(r.n[1], 0);
	assert_close_rel(r.expected[0], 7.0 / 6, 1e-15);
	assert_close_rel(r.chi2, 1.0 / 17, 1e-14);
	assert_close_rel(r.p, erfc(sqrt(1.0 / 34)), 1e-12);
	arena_finish(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_km_overall),
		cmocka_unit_test(test_km_by_contract),
		cmocka_unit_test(test_logrank_contract),
		cmocka_unit_test(test_small_cases),
		cmocka_unit_test(test_quantile_rule),
		cmocka_unit_test(test_logrank_hand),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
