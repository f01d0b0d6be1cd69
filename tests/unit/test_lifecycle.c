/* SPDX-License-Identifier: MIT
 * Unit tests for src/analysis/lifecycle: the stage rules at their boundaries, and a
 * hand-made orders + customers case with prospects, flags, churn dates and signups
 * giving this week's and last week's counts and the moves between them. */
#include "testutil.h"

#include "analysis/lifecycle.h"
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
test_rules(void **s)
{
	struct lifecycle_params p = { 90, 180, 365 };
	(void)s;
	assert_int_equal(lifecycle_stage_of(&p, 990, 999, 1000, 1, 1), LIFECYCLE_CHURNED);
	assert_int_equal(lifecycle_stage_of(&p, NAN, NAN, 1000, 0, 1), LIFECYCLE_PROSPECT);
	assert_int_equal(lifecycle_stage_of(&p, NAN, NAN, 1000, 0, 0), LIFECYCLE_NONE);
	assert_int_equal(lifecycle_stage_of(&p, 500, 600, 1000, 0, 0), LIFECYCLE_CHURNED);
	assert_int_equal(lifecycle_stage_of(&p, 500, 635, 1000, 0, 0), LIFECYCLE_AT_RISK); /* 365: not yet */
	assert_int_equal(lifecycle_stage_of(&p, 910, 950, 1000, 0, 0), LIFECYCLE_NEW);     /* 90: still new */
	assert_int_equal(lifecycle_stage_of(&p, 909, 950, 1000, 0, 0), LIFECYCLE_ACTIVE);
	assert_int_equal(lifecycle_stage_of(&p, 500, 820, 1000, 0, 0), LIFECYCLE_ACTIVE);  /* 180 */
	assert_int_equal(lifecycle_stage_of(&p, 500, 819, 1000, 0, 0), LIFECYCLE_AT_RISK);
}

static void
test_counts_and_moves(void **s)
{
	static const char *const cust[] = { "A", "A", "B", "B", "C", "D", "E" };
	static const double day[] = { 950, 995, 500, 820, 640, 630, 996 }, amt[] = { 1, 1, 1, 1, 1, 1, 1 };
	static const char *const ids[] = { "A", "B", "P", "Q", "S" };
	static const double churned[] = { 0, 1, 0, 1, 0 }, cdate[] = { NAN, 997, NAN, 998, NAN };
	static const double signup[] = { NAN, NAN, 100, NAN, 999 };
	struct table *c = table_new(&A, "customers", 5);
	struct table *t[PROJECT_NROLES] = { cd_orders(&A, 7, cust, day, amt, NULL), c };
	struct dataset ds[PROJECT_NROLES];
	struct analysis_ctx ctx;
	const struct lifecycle_result *r;
	cJSON *o, *e;
	int moves = 0;
	(void)s;
	cd_text(&A, c, "id", ids);
	cd_num(&A, c, "churned", TABLE_NUM, churned);
	cd_num(&A, c, "churn_date", TABLE_DATE, cdate);
	cd_num(&A, c, "signup_date", TABLE_DATE, signup);
	cd_ctx(&ctx, &A, ds, t, 1000);
	o = lifecycle_run(&ctx, NULL);
	assert_non_null(o);
	r = ctx.lifecycle;
	assert_int_equal(r->total, 8);
	assert_int_equal(r->counts[LIFECYCLE_PROSPECT], 2);   /* P, S */
	assert_int_equal(r->counts[LIFECYCLE_NEW], 2);        /* A, E */
	assert_int_equal(r->counts[LIFECYCLE_ACTIVE], 0);
	assert_int_equal(r->counts[LIFECYCLE_AT_RISK], 1);    /* C */
	assert_int_equal(r->counts[LIFECYCLE_CHURNED], 3);    /* B (flag), D (370 days), Q (flag) */
	assert_int_equal(r->prev_counts[LIFECYCLE_PROSPECT], 2); /* P, Q (churn date after the cut) */
	assert_int_equal(r->prev_counts[LIFECYCLE_NEW], 1);
	assert_int_equal(r->prev_counts[LIFECYCLE_ACTIVE], 1);
	assert_int_equal(r->prev_counts[LIFECYCLE_AT_RISK], 2);
	assert_int_equal(r->prev_counts[LIFECYCLE_CHURNED], 0);
	assert_int_equal(r->moves[0][LIFECYCLE_NEW], 1);       /* E */
	assert_int_equal(r->moves[0][LIFECYCLE_PROSPECT], 1);  /* S signed up this week */
	assert_int_equal(r->moves[LIFECYCLE_ACTIVE + 1][LIFECYCLE_CHURNED], 1);
	assert_int_equal(r->moves[LIFECYCLE_AT_RISK + 1][LIFECYCLE_CHURNED], 1);
	assert_int_equal(r->moves[LIFECYCLE_PROSPECT + 1][LIFECYCLE_CHURNED], 1);
	assert_int_equal(r->stage_row[2], LIFECYCLE_PROSPECT);
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(o, "moves"))
		moves += cJSON_GetObjectItem(e, "customers")->valueint;
	assert_int_equal(moves, 5);
	e = cJSON_GetArrayItem(cJSON_GetObjectItem(o, "stages"), LIFECYCLE_CHURNED);
	assert_string_equal(cJSON_GetObjectItem(e, "key")->valuestring, "churned");
	assert_int_equal(cJSON_GetObjectItem(e, "change")->valueint, 3);
	assert_string_equal(cJSON_GetObjectItem(e, "change_fmt")->valuestring, "+3");
	assert_non_null(cJSON_GetObjectItem(cJSON_GetObjectItem(ctx.results, "charts"), "lifecycle"));
	cJSON_Delete(o);
	cJSON_Delete(ctx.results);
	cJSON_Delete(ctx.notes);
}

static void
test_bad_params(void **s)
{
	struct lifecycle_params p;
	const char *err;
	cJSON *j = cJSON_Parse("{\"active_days\": 400}");
	(void)s;
	assert_int_equal(lifecycle_params_parse(&A, j, &p, &err), -1);
	assert_non_null(strstr(err, "'active_days'"));
	cJSON_Delete(j);
	j = cJSON_Parse("{\"new_days\": 30, \"active_days\": 60, \"churn_days\": 120}");
	assert_int_equal(lifecycle_params_parse(&A, j, &p, &err), 0);
	assert_close_abs(p.new_days + p.active_days + p.churn_days, 210, 0);
	cJSON_Delete(j);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_counts_and_moves, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_params, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
