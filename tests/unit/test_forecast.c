/* SPDX-License-Identifier: MIT
 * Unit tests for src/analysis/forecast: a four-week OLS and what-if worked by hand,
 * the plan forms, and the weekly revenue series Holt is fitted on (weeks ending on
 * as_of's weekday, complete weeks only). Arithmetic in the comments. */
#include "chartcheck.h"

#include "analysis/forecast.h"
#include "ingest/table.h"
#include "render/chart.h"
#include "stats/holt.h"
#include "stats/special.h"

struct fx {
	struct arena a;
	struct analysis_ctx ctx;
	cJSON *notes;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	arena_init(&f->a);
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

static void
num_col(struct arena *a, struct table *t, const char *name, enum table_type type, const double *v)
{
	struct table_column *c = table_add_column(a, t, name, type);
	for (size_t r = 0; r < t->nrows; r++)
		c->num[r] = v[r];
}

/* Weeks (days) 21, 0, 14, 7 (rows out of order), spend 3, 0, 2, 1, target 5, 1, 2, 3;
 * a row without spend is left out. By date: x = 0 1 2 3, y = 1 3 2 5.
 * x mean 1.5, y mean 2.75, Sxx = 5, Sxy = 2.625 - .125 - .375 + 3.375 = 5.5
 * slope 1.1, intercept 2.75 - 1.65 = 1.1; fitted 1.1 2.2 3.3 4.4;
 * residuals -.1 .8 -1.3 .6, RSS 2.7; TSS 8.75; R² = 1 - 2.7/8.75; RMSE sqrt(2.7/4);
 * sigma² = 2.7/2 = 1.35; se(slope) = sqrt(1.35/5); adj R² = 1 - (1 - R²) 3/2. */
static struct table *
marketing(struct arena *a)
{
	static const double date[] = { 21, 0, 14, 7, 28 };
	static const double spend[] = { 3, 0, 2, 1, NAN };
	static const double target[] = { 5, 1, 2, 3, 9 };
	static const double other[] = { 1, 1, 1, 1, 1 };
	struct table *t = table_new(a, "marketing", 5);
	num_col(a, t, "date", TABLE_DATE, date);
	num_col(a, t, "target", TABLE_NUM, target);
	num_col(a, t, "spend", TABLE_NUM, spend);
	num_col(a, t, "other", TABLE_NUM, other);
	return t;
}

static void
test_ols_hand(void **state)
{
	struct fx *f = *state;
	struct forecast_result r;
	cJSON *params = cJSON_Parse("{\"drivers\": [\"spend\", \"missing\"], \"horizon\": 3,"
	                            " \"plan\": {\"spend\": [10, 20]}}");
	double r2 = 1 - 2.7 / 8.75, tq, var;
	memset(&r, 0, sizeof r);
	assert_int_equal(forecast_ols_compute(&f->a, marketing(&f->a), NULL, params, &f->ctx, &r), 0);
	assert_true(r.has_ols);
	assert_int_equal(r.ndrivers, 1);
	assert_int_equal(cJSON_GetArraySize(f->notes), 1);   /* driver 'missing' */
	assert_int_equal(r.ols.n, 4);
	assert_string_equal(r.ols.terms[0], "(intercept)");
	assert_string_equal(r.ols.terms[1], "spend");
	assert_close_rel(r.ols.coef[0], 1.1, 1e-12);
	assert_close_rel(r.ols.coef[1], 1.1, 1e-12);
	assert_close_rel(r.ols.se[1], sqrt(1.35 / 5), 1e-12);
	assert_close_rel(r.ols.r2, r2, 1e-12);
	assert_close_rel(r.ols.adj_r2, 1 - (1 - r2) * 3 / 2, 1e-12);
	assert_close_rel(r.ols.rmse, sqrt(2.7 / 4), 1e-12);
	/* in date order */
	assert_close_rel(r.ols.date[3], 21, 1e-15);
	assert_close_rel(r.ols.actual[3], 5, 1e-15);
	assert_close_rel(r.ols.fitted[3], 4.4, 1e-12);
	/* what-if: weeks 28, 35, 42 at spend 10, 20, 20 (the last entry repeats):
	 * 1.1 + 1.1 x = 12.1, 23.1, 23.1; variance sigma² (1 + 1/4 + (x - 1.5)²/5) */
	assert_int_equal(r.ols.horizon, 3);
	assert_close_rel(r.ols.week[0], 28, 1e-15);
	assert_close_rel(r.ols.week[2], 42, 1e-15);
	assert_close_rel(r.ols.x[0], 10, 1e-15);
	assert_close_rel(r.ols.x[2], 20, 1e-15);
	assert_close_rel(r.ols.value[0], 12.1, 1e-12);
	assert_close_rel(r.ols.value[2], 23.1, 1e-12);
	tq = special_t_quantile(0.975, 2);
	var = 1.35 * (1 + 0.25 + 8.5 * 8.5 / 5);
	assert_close_rel(r.ols.upper[0] - r.ols.value[0], tq * sqrt(var), 1e-10);
	assert_close_rel(r.ols.value[0] - r.ols.lower[0], tq * sqrt(var), 1e-10);
	cJSON_Delete(params);
}

static void
test_ols_default_plan(void **state)
{
	struct fx *f = *state;
	struct forecast_result r;
	/* drivers default to every numeric column but date and target: spend and other;
	 * other is constant like the intercept, so the design is rank 2 of 3 (noted).
	 * The default plan is the mean of the last 4 rows by date: spend 1.5, which the
	 * model maps to the mean of y, 2.75. Plan as an array of weeks. */
	cJSON *params = cJSON_Parse("{\"horizon\": 2, \"plan\": [{\"other\": 1}]}");
	memset(&r, 0, sizeof r);
	assert_int_equal(forecast_ols_compute(&f->a, marketing(&f->a), NULL, params, &f->ctx, &r), 0);
	assert_int_equal(r.ndrivers, 2);
	assert_string_equal(r.drivers[0], "spend");
	assert_string_equal(r.drivers[1], "other");
	assert_close_rel(r.ols.x[0], 1.5, 1e-15);
	assert_close_rel(r.ols.value[0], 2.75, 1e-12);
	assert_close_rel(r.ols.value[1], 2.75, 1e-12);
	assert_int_equal(cJSON_GetArraySize(f->notes), 1);   /* collinear */
	cJSON_Delete(params);
}

static void
test_ols_too_few(void **state)
{
	struct fx *f = *state;
	struct forecast_result r;
	struct table *t = table_new(&f->a, "marketing", 2);
	static const double d[] = { 0, 7 }, y[] = { 1, 2 };
	memset(&r, 0, sizeof r);
	num_col(&f->a, t, "date", TABLE_DATE, d);
	num_col(&f->a, t, "target", TABLE_NUM, y);
	num_col(&f->a, t, "spend", TABLE_NUM, y);
	assert_int_equal(forecast_ols_compute(&f->a, t, NULL, NULL, &f->ctx, &r), -1);
	assert_false(r.has_ols);
	assert_int_equal(cJSON_GetArraySize(f->notes), 1);
}

/* Orders, as_of = day 100 (weeks end on days 100, 93, 86, 79, ...):
 *   day 72: 1000  -> week 66..72 starts before the first order: incomplete, left out
 *   day 73: 1     -> week 73..79
 *   day 80: 2, day 86.7: 3 (time of day) -> week 80..86 = 5
 *   day 87: 4     -> week 87..93
 *   day 94: 5, day 100: 6 -> week 94..100 = 11
 *   day 101: 50   -> after as_of, left out
 * First order day 72: floor((100 - 72 + 1) / 7) = 4 complete weeks: 1, 5, 4, 11. */
static void
test_holt_weeks(void **state)
{
	struct fx *f = *state;
	static const double date[] = { 72, 73, 80, 86.7, 87, 94, 100, 101 };
	static const double amount[] = { 1000, 1, 2, 3, 4, 5, 6, 50 };
	static const double want[] = { 1, 5, 4, 11 };
	struct table *t = table_new(&f->a, "orders", 8);
	struct forecast_result r;
	struct holt_fit fit;
	double mean[3], lo[3], hi[3];
	memset(&r, 0, sizeof r);
	num_col(&f->a, t, "date", TABLE_DATE, date);
	num_col(&f->a, t, "amount", TABLE_NUM, amount);
	assert_int_equal(forecast_holt_compute(&f->a, t, 100, 3, &f->ctx, &r), 0);
	assert_true(r.has_holt);
	assert_int_equal(r.holt.n, 4);
	for (size_t i = 0; i < 4; i++) {
		assert_close_rel(r.holt.value[i], want[i], 1e-15);
		assert_close_rel(r.holt.week[i], 79 + 7.0 * (double)i, 1e-15);
	}
	assert_close_rel(r.holt.f_week[0], 107, 1e-15);
	assert_close_rel(r.holt.f_week[2], 121, 1e-15);
	/* the forecast is Holt's on that series */
	holt_fit_optimal(&f->a, want, 4, &fit);
	holt_forecast(&fit, 3, mean, lo, hi);
	assert_close_rel(r.holt.alpha, fit.alpha, 1e-15);
	for (size_t k = 0; k < 3; k++) {
		assert_close_rel(r.holt.mean[k], mean[k], 1e-12);
		assert_close_rel(r.holt.upper[k], hi[k], 1e-12);
		assert_true(r.holt.lower[k] <= r.holt.mean[k] && r.holt.mean[k] <= r.holt.upper[k]);
	}
	{
		cJSON *charts = cJSON_CreateObject(), *m = forecast_to_model(&r, LOCALE_ZH_CN, "CNY", charts);
		const cJSON *h = cJSON_GetObjectItemCaseSensitive(m, "holt");
		assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(h, "history")), 4);
		assert_string_equal(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(
			cJSON_GetObjectItemCaseSensitive(h, "forecast"), 0), "week")->valuestring, "1970-04-18");
		assert_non_null(cJSON_GetObjectItemCaseSensitive(charts, "forecast_revenue"));
		assert_charts_draw(charts);
		cJSON_Delete(m);
		cJSON_Delete(charts);
	}
	/* three complete weeks are too few */
	memset(&r, 0, sizeof r);
	assert_int_equal(forecast_holt_compute(&f->a, t, 93, 3, &f->ctx, &r), -1);
	assert_false(r.has_holt);
	assert_int_equal(cJSON_GetArraySize(f->notes), 1);
}

static void
test_model(void **state)
{
	struct fx *f = *state;
	struct forecast_result r;
	cJSON *params = cJSON_Parse("{\"drivers\": [\"spend\"]}");
	cJSON *charts = cJSON_CreateObject(), *m;
	const cJSON *ols, *c;
	memset(&r, 0, sizeof r);
	assert_int_equal(forecast_ols_compute(&f->a, marketing(&f->a), NULL, params, &f->ctx, &r), 0);
	m = forecast_to_model(&r, LOCALE_EN, "USD", charts);
	ols = cJSON_GetObjectItemCaseSensitive(m, "ols");
	c = cJSON_GetObjectItemCaseSensitive(ols, "coefficients");
	assert_close_rel(cJSON_GetObjectItemCaseSensitive(c, "(intercept)")->valuedouble, 1.1, 1e-12);
	assert_close_rel(cJSON_GetObjectItemCaseSensitive(c, "spend")->valuedouble, 1.1, 1e-12);
	assert_non_null(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(ols, "std_errors"), "spend"));
	assert_non_null(cJSON_GetObjectItemCaseSensitive(ols, "r2"));
	assert_non_null(cJSON_GetObjectItemCaseSensitive(ols, "adj_r2"));
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(ols, "rmse_fmt")->valuestring, "0.82");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(m, "whatif")), 8);
	assert_null(cJSON_GetObjectItemCaseSensitive(m, "holt"));
	assert_non_null(cJSON_GetObjectItemCaseSensitive(charts, "forecast_coefficients"));
	assert_non_null(cJSON_GetObjectItemCaseSensitive(charts, "forecast_fit"));
	assert_null(cJSON_GetObjectItemCaseSensitive(charts, "forecast_revenue"));
	assert_charts_draw(charts);
	cJSON_Delete(m);
	cJSON_Delete(charts);
	cJSON_Delete(params);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ols_hand, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ols_default_plan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ols_too_few, setup, teardown),
		cmocka_unit_test_setup_teardown(test_holt_weeks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_model, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
