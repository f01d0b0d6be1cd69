/* SPDX-License-Identifier: MIT
 * Unit tests for src/analysis/retention on tables small enough to work by hand:
 * the KM table and median from tenure, the log-rank statistic of two groups, the
 * durations from signup/churn dates and as_of, the Cox model's names and its
 * agreement with stats/cox, and the notes for what cannot be computed. */
#include "testutil.h"
#include "model_fixture.h"

#include "analysis/retention.h"

static struct table *
small(struct arena *a)
{
	static const double tenure[] = { 1, 2, 2, 3, 4, 5, NAN };
	static const double churned[] = { 1, 1, 0, 1, 0, 1, 1 };
	static const char *const grp[] = { "b", "a", "a", "b", "a", "b", "b" };
	static const double x[] = { 0.5, 1.5, -1, 2, 0, 1, 3 };
	struct table *t = table_new(a, "customers", 7);
	table_add_column(a, t, "tenure", TABLE_NUM);
	table_add_column(a, t, "churned", TABLE_NUM);
	table_add_column(a, t, "grp", TABLE_TEXT);
	table_add_column(a, t, "x", TABLE_NUM);
	fixture_num(t, "tenure", tenure);
	fixture_num(t, "churned", churned);
	fixture_text(a, t, "grp", grp);
	fixture_num(t, "x", x);
	return t;
}

static void
test_km_by_hand(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f);
	fixture_set(&f, PROJECT_CUSTOMERS, small(&f.a));
	cJSON *o = retention_run(&f.ctx, NULL);
	assert_non_null(o);
	assert_string_equal(cJSON_GetObjectItem(o, "unit")->valuestring, "days");
	assert_int_equal(cJSON_GetObjectItem(o, "rows")->valueint, 6);
	assert_int_equal(cJSON_GetObjectItem(o, "dropped")->valueint, 1);
	assert_true(fixture_noted(&f, "1 customers without a usable duration"));
	const cJSON *km = cJSON_GetObjectItem(o, "km");
	static const double time[] = { 1, 2, 3, 4, 5 };
	static const int risk[] = { 6, 5, 3, 2, 1 }, ev[] = { 1, 1, 1, 0, 1 }, cens[] = { 0, 1, 0, 1, 0 };
	const double surv[] = { 5.0 / 6, 2.0 / 3, 4.0 / 9, 4.0 / 9, 0 };
	assert_int_equal(cJSON_GetArraySize(km), 5);
	int i = 0;
	for (const cJSON *r = km->child; r; r = r->next, i++) {
		assert_true(cJSON_GetObjectItem(r, "time")->valuedouble == time[i]);
		assert_int_equal(cJSON_GetObjectItem(r, "at_risk")->valueint, risk[i]);
		assert_int_equal(cJSON_GetObjectItem(r, "events")->valueint, ev[i]);
		assert_int_equal(cJSON_GetObjectItem(r, "censored")->valueint, cens[i]);
		assert_close_abs(cJSON_GetObjectItem(r, "survival")->valuedouble, surv[i], 1e-15);
	}
	/* Greenwood at t = 1: S sqrt(d / (n (n - d))) */
	assert_close_rel(cJSON_GetObjectItem(km->child, "std_err")->valuedouble, 5.0 / 6 * sqrt(1.0 / 30), 1e-12);
	/* S first below 0.5 at t = 3 */
	assert_true(cJSON_GetObjectItem(o, "median")->valuedouble == 3);
	assert_string_equal(cJSON_GetObjectItem(o, "median_fmt")->valuestring, "3");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "logrank")));
	/* the step chart starts at (0, 1) */
	const cJSON *ch = cJSON_GetObjectItem(cJSON_GetObjectItem(f.ctx.results, "charts"), "km_overall");
	const cJSON *pts = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(ch, "series"), 0), "points");
	assert_int_equal(cJSON_GetArraySize(pts), 6);
	assert_true(cJSON_GetArrayItem(pts->child, 1)->valuedouble == 1);
	cJSON_Delete(o);
	fixture_finish(&f);
}

static void
test_logrank_two_groups_by_hand(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f);
	fixture_set(&f, PROJECT_CUSTOMERS, small(&f.a));
	cJSON *p = cJSON_Parse("{\"group_by\": \"grp\"}");
	cJSON *o = retention_run(&f.ctx, p);
	assert_non_null(o);
	const cJSON *g = cJSON_GetObjectItem(o, "groups");
	assert_int_equal(cJSON_GetArraySize(g), 2);
	assert_string_equal(cJSON_GetObjectItem(g->child, "name")->valuestring, "a");
	assert_int_equal(cJSON_GetObjectItem(g->child, "rows")->valueint, 3);
	assert_int_equal(cJSON_GetObjectItem(g->child, "events")->valueint, 1);
	/* group a: times 2 (event), 2, 4; group b: 1, 3, 5, all events.
	 * For b: O = 3, E = 3/6 + 2/5 + 2/3 + 1/1 (at t = 1, 2, 3, 5); V = sum of
	 * n_a n_b d (n - d) / (n^2 (n - 1)) = 9/36 + 6*4/100 + 2*2/18 (+ 0 at t = 5). */
	double e = 0.5 + 0.4 + 2.0 / 3 + 1, v = 0.25 + 0.24 + 2.0 / 9;
	const cJSON *lr = cJSON_GetObjectItem(o, "logrank");
	assert_close_rel(cJSON_GetObjectItem(lr, "chi2")->valuedouble, (3 - e) * (3 - e) / v, 1e-12);
	assert_int_equal(cJSON_GetObjectItem(lr, "df")->valueint, 1);
	assert_non_null(cJSON_GetObjectItem(cJSON_GetObjectItem(f.ctx.results, "charts"), "km_by_group"));
	assert_int_equal(fixture_draw_charts(&f), 2);
	cJSON_Delete(o);
	cJSON_Delete(p);
	fixture_finish(&f);
}

static void
test_durations_from_dates(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f);
	struct table *t = table_new(&f.a, "customers", 5);
	static const double signup[] = { 19900, 19990.75, 19900, NAN, 19995 };
	static const double cdate[] = { 19950, NAN, NAN, NAN, NAN };
	static const double churned[] = { 1, 0, 1, 0, 0 };
	table_add_column(&f.a, t, "signup_date", TABLE_DATE);
	table_add_column(&f.a, t, "churn_date", TABLE_DATE);
	table_add_column(&f.a, t, "churned", TABLE_NUM);
	fixture_num(t, "signup_date", signup);
	fixture_num(t, "churn_date", cdate);
	fixture_num(t, "churned", churned);
	const struct retention_result *r = retention_compute(&f.ctx, t, NULL, NULL);
	assert_non_null(r);
	assert_string_equal(r->unit, "days");
	assert_string_equal(r->duration, "signup_date");
	/* churned without a churn date and no signup: dropped */
	assert_int_equal(r->n, 3);
	assert_int_equal(r->dropped, 2);
	assert_int_equal(r->row[0], 0);
	assert_true(r->time[0] == 50 && r->event[0] == 1);
	assert_true(r->time[1] == 10 && r->event[1] == 0);   /* whole days to as_of 20000 */
	assert_true(r->time[2] == 5 && r->event[2] == 0);
	fixture_finish(&f);
}

static void
test_cox_names_and_fit(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f);
	struct table *t = small(&f.a);
	cJSON *p = cJSON_Parse("{\"cox\": {\"features\": [\"x\", \"grp\"]}}");
	const struct retention_result *r = retention_compute(&f.ctx, t, "months", p);
	assert_non_null(r);
	assert_string_equal(r->unit, "months");
	assert_true(r->has_cox);
	assert_int_equal(r->cox.p, 2);
	assert_string_equal(r->cox_design.cols[1].name, "grp[b]");
	/* the same fit straight from stats/cox */
	double x[12], time[6];
	int event[6];
	const struct table_column *xc = table_column_find(t, "x"), *gc = table_column_find(t, "grp");
	for (size_t i = 0; i < 6; i++) {
		x[i * 2] = xc->num[i];
		x[i * 2 + 1] = strcmp(table_text(gc, i), "b") == 0;
		time[i] = r->time[i];
		event[i] = r->event[i];
	}
	struct cox_fit c;
	assert_int_equal(cox_fit(&f.a, x, 6, 2, time, event, NULL, &c), 0);
	for (size_t k = 0; k < 2; k++)
		assert_close_rel(r->cox.coef[k], c.coef[k], 1e-12);
	cJSON *o = retention_to_model(&f.ctx, r);
	const cJSON *cx = cJSON_GetObjectItem(o, "cox");
	assert_true(cJSON_IsNumber(cJSON_GetObjectItem(cJSON_GetObjectItem(cx, "hazard_ratios"), "grp[b]")));
	assert_close_rel(cJSON_GetObjectItem(cJSON_GetObjectItem(cx, "hazard_ratios"), "x")->valuedouble,
	                 exp(c.coef[0]), 1e-12);
	assert_true(cJSON_IsNumber(cJSON_GetObjectItem(cx, "concordance")));
	cJSON_Delete(o);
	cJSON_Delete(p);
	fixture_finish(&f);
}

static void
test_notes(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f);
	struct table *t = table_new(&f.a, "customers", 2);
	table_add_column(&f.a, t, "tenure", TABLE_NUM);
	assert_null(retention_compute(&f.ctx, t, NULL, NULL));
	assert_true(fixture_noted(&f, "retention skipped: customers has no 'churned' field"));
	table_add_column(&f.a, t, "churned", TABLE_NUM);
	struct table_column *c = table_column_find(t, "tenure");
	c->nmissing = 2;
	assert_null(retention_compute(&f.ctx, t, NULL, NULL));
	assert_true(fixture_noted(&f, "neither 'tenure' nor 'signup_date'"));
	/* an unknown group_by column: a project error naming the key, with a hint */
	t = small(&f.a);
	cJSON *p = cJSON_Parse("{\"group_by\": \"Grp\"}");
	assert_null(retention_compute(&f.ctx, t, NULL, p));
	assert_non_null(f.ctx.error);
	assert_non_null(strstr(f.ctx.error, "unknown column 'Grp'; did you mean 'grp'?"));
	assert_string_equal(f.ctx.error_path, "analyses.retention.group_by");
	cJSON_Delete(p);
	fixture_finish(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_km_by_hand),
		cmocka_unit_test(test_logrank_two_groups_by_hand),
		cmocka_unit_test(test_durations_from_dates),
		cmocka_unit_test(test_cox_names_and_fit),
		cmocka_unit_test(test_notes),
	};
	return cmocka_run_group_tests_name("retention", tests, NULL, NULL);
}
