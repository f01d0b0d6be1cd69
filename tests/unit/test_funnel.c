/* SPDX-License-Identifier: MIT
 * Unit tests for src/analysis/funnel: a nine-deal pipeline worked by hand (stage
 * counts, reached, conversion, win rate, cycles, pipelines, velocity, breakdowns,
 * notes) and its report-model part. Arithmetic in the comments. */
#include "chartcheck.h"

#include "analysis/funnel.h"
#include "ingest/table.h"
#include "render/chart.h"

/*  #  stage       amount owner created close
 *  1  Lead         100   A      -       -
 *  2  Lead         200   B      -       -
 *  3  Demo         300   A      -       -
 *  4  Won         1000   A      0      10     cycle 10
 *  5  won (case)  3000   B      5      25     cycle 20
 *  6  Won         2000   A      0      30     cycle 30
 *  7  Lost         500   B      0       7
 *  8  Weird          7   A      -       -     in no list: left out
 *  9  Lost           0   (none) 0       3     counted, but in no owner group */
static const char *const STAGE[] = { "Lead", "Lead", "Demo", "Won", "won", "Won", "Lost", "Weird", "Lost" };
static const double AMOUNT[] = { 100, 200, 300, 1000, 3000, 2000, 500, 7, 0 };
static const char *const OWNER[] = { "A", "B", "A", "A", "B", "A", "B", "A", NULL };
static const double CREATED[] = { NAN, NAN, NAN, 0, 5, 0, 0, NAN, 0 };
static const double CLOSED[] = { NAN, NAN, NAN, 10.25, 25, 30, 7, NAN, 3 };

static const char *OPEN_STAGES[] = { "Lead", "Demo", "Proposal", NULL };
static const char *WON[] = { "Won", NULL };
static const char *LOST[] = { "Lost", NULL };

struct fx {
	struct arena a;
	struct table *t;
	struct project_dataset spec;
	struct analysis_ctx ctx;
	cJSON *notes;
};

static void
text_col(struct fx *f, const char *name, const char *const *v)
{
	struct table_column *c = table_add_column(&f->a, f->t, name, TABLE_TEXT);
	for (size_t r = 0; r < f->t->nrows; r++)
		c->code[r] = v[r] ? table_intern(&f->a, c, v[r], strlen(v[r])) : -1;
}

static void
num_col(struct fx *f, const char *name, enum table_type type, const double *v)
{
	struct table_column *c = table_add_column(&f->a, f->t, name, type);
	for (size_t r = 0; r < f->t->nrows; r++)
		c->num[r] = v[r];
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	arena_init(&f->a);
	f->t = table_new(&f->a, "opportunities", 9);
	text_col(f, "stage", STAGE);
	num_col(f, "amount", TABLE_NUM, AMOUNT);
	text_col(f, "owner", OWNER);
	num_col(f, "created_date", TABLE_DATE, CREATED);
	num_col(f, "close_date", TABLE_DATE, CLOSED);
	f->spec.name = "opportunities";
	f->spec.role = PROJECT_OPPORTUNITIES;
	f->spec.stages = OPEN_STAGES;
	f->spec.nstages = 3;
	f->spec.won = WON;
	f->spec.nwon = 1;
	f->spec.lost = LOST;
	f->spec.nlost = 1;
	f->notes = cJSON_CreateArray();
	f->ctx.a = &f->a;
	f->ctx.notes = f->notes;
	f->ctx.as_of = 100;             /* after every date: each deal as it ends */
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

static int
has_note(const cJSON *notes, const char *part)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, notes)
		if (strstr(e->valuestring, part))
			return 1;
	return 0;
}

static void
test_hand_pipeline(void **state)
{
	struct fx *f = *state;
	struct funnel_result *r = funnel_compute(&f->a, f->t, &f->spec, NULL, &f->ctx);
	assert_non_null(r);
	/* Proposal has no deal and the list is not the project's own: not shown */
	assert_int_equal(r->nstages, 4);
	assert_string_equal(r->stages[0].name, "Lead");
	assert_string_equal(r->stages[1].name, "Demo");
	assert_string_equal(r->stages[2].name, "Won");
	assert_string_equal(r->stages[3].name, "Lost");
	assert_int_equal(r->stages[0].count, 2);
	assert_int_equal(r->stages[1].count, 1);
	assert_int_equal(r->stages[2].count, 3);
	assert_int_equal(r->stages[3].count, 2);
	assert_int_equal(r->deals, 8);
	assert_int_equal(r->unknown, 1);
	assert_int_equal(r->open, 3);
	/* amounts: Lead 300, Demo 300, Won 6000, Lost 500 */
	assert_close_rel(r->stages[0].amount, 300, 1e-15);
	assert_close_rel(r->stages[2].amount, 6000, 1e-15);
	assert_close_rel(r->stages[3].amount, 500, 1e-15);
	/* reached: Demo = 1 + 5 closed = 6; Lead = 2 + 6 = 8 */
	assert_int_equal(r->stages[0].reached, 8);
	assert_int_equal(r->stages[1].reached, 6);
	/* conversion: Lead 1, Demo 6/8, Won 3/6, Lost 2/6 */
	assert_close_rel(r->stages[0].conversion, 1, 1e-15);
	assert_close_rel(r->stages[1].conversion, 0.75, 1e-15);
	assert_close_rel(r->stages[2].conversion, 0.5, 1e-15);
	assert_close_rel(r->stages[3].conversion, 2.0 / 6, 1e-15);
	/* win rate 3 / (3 + 2); average won 6000 / 3; cycles 10 (time of day dropped), 20, 30 */
	assert_close_rel(r->win_rate, 0.6, 1e-15);
	assert_close_rel(r->avg_won_amount, 2000, 1e-15);
	assert_int_equal(r->ncycle, 3);
	assert_close_rel(r->median_cycle_days, 20, 1e-15);
	assert_close_rel(r->mean_cycle_days, 20, 1e-15);
	/* historical probabilities: won / reached = 3/8 (Lead), 3/6 (Demo);
	 * open pipeline 300 + 300; weighted .375 * 300 + .5 * 300 = 262.5 */
	assert_close_rel(r->stages[0].probability, 0.375, 1e-15);
	assert_close_rel(r->stages[1].probability, 0.5, 1e-15);
	assert_close_rel(r->open_pipeline, 600, 1e-15);
	assert_close_rel(r->weighted_pipeline, 262.5, 1e-15);
	/* velocity: 3 open deals x .6 x 2000 / 20 days = 180 a day */
	assert_close_rel(r->velocity, 180, 1e-15);
	/* by owner (source is absent: noted and skipped) */
	assert_int_equal(r->nby, 1);
	assert_true(has_note(f->notes, "breakdown by 'source' skipped"));
	assert_true(has_note(f->notes, "1 deals left out"));
	const struct funnel_breakdown *b = &r->by[0];
	assert_string_equal(b->field, "owner");
	assert_int_equal(b->ngroups, 2);
	assert_int_equal(b->missing, 1);
	/* A: deals 1, 3, 4, 6: won 2 (1000 + 2000), lost 0, open 2; cycles 10, 30 */
	assert_string_equal(b->groups[0].value, "A");
	assert_int_equal(b->groups[0].deals, 4);
	assert_int_equal(b->groups[0].won, 2);
	assert_int_equal(b->groups[0].lost, 0);
	assert_int_equal(b->groups[0].open, 2);
	assert_close_rel(b->groups[0].win_rate, 1, 1e-15);
	assert_close_rel(b->groups[0].won_amount, 3000, 1e-15);
	assert_close_rel(b->groups[0].avg_won, 1500, 1e-15);
	assert_close_rel(b->groups[0].median_cycle_days, 20, 1e-15);
	assert_close_rel(b->groups[0].open_amount, 400, 1e-15);
	assert_int_equal(b->groups[0].stage_counts[0], 1);
	assert_int_equal(b->groups[0].stage_counts[1], 1);
	assert_int_equal(b->groups[0].stage_counts[2], 2);
	assert_int_equal(b->groups[0].stage_counts[3], 0);
	/* B: deals 2, 5, 7: won 1 (3000), lost 1, open 1; win rate .5 */
	assert_string_equal(b->groups[1].value, "B");
	assert_int_equal(b->groups[1].deals, 3);
	assert_close_rel(b->groups[1].win_rate, 0.5, 1e-15);
	assert_close_rel(b->groups[1].avg_won, 3000, 1e-15);
	assert_close_rel(b->groups[1].median_cycle_days, 20, 1e-15);
}

static void
test_given_probabilities(void **state)
{
	struct fx *f = *state;
	cJSON *params = cJSON_Parse("{\"by\": \"owner\", \"stage_probabilities\": {\"lead\": 0.1, \"Demo\": 0.6}}");
	struct funnel_result *r = funnel_compute(&f->a, f->t, &f->spec, params, &f->ctx);
	assert_non_null(r);
	assert_true(r->probabilities_given);
	/* matched case-insensitively: .1 * 300 + .6 * 300 = 210 */
	assert_close_rel(r->stages[0].probability, 0.1, 1e-15);
	assert_close_rel(r->weighted_pipeline, 210, 1e-15);
	assert_int_equal(r->nby, 1);
	assert_false(has_note(f->notes, "'source'"));
	cJSON_Delete(params);
}

/* Point in time. On day 8 deals 4, 5 and 6 (closed on 10, 25, 30) were open, at a
 * stage the data does not keep: open 3 + 3 = 6, open pipeline 100 + 200 + 300 + their
 * final 1000 + 3000 + 2000 = 6600, win rate 0 of 2 closed (7 and 9), weighted 0 x 6000
 * on top of the staged deals; first stage reached by all 8. On day 4 deal 5 (created
 * on 5) did not exist yet and deal 7 (lost on 7) was open too. */
static void
test_point_in_time(void **state)
{
	struct fx *f = *state;
	struct funnel_result *r;
	cJSON *m;
	f->ctx.as_of = 8;
	r = funnel_compute(&f->a, f->t, &f->spec, NULL, &f->ctx);
	assert_int_equal(r->deals, 8);
	assert_int_equal(r->open, 6);
	assert_int_equal(r->open_then, 3);
	assert_int_equal(r->won, 0);
	assert_int_equal(r->lost, 2);
	assert_int_equal(r->later, 0);
	assert_close_rel(r->open_pipeline, 6600, 1e-15);
	assert_close_rel(r->win_rate, 0, 1e-15);
	assert_int_equal(r->stages[0].reached, 8);
	assert_int_equal(r->stages[2].count, 0);
	assert_true(has_note(f->notes, "3 deals closed after as_of counted open"));
	m = funnel_to_model(r, LOCALE_EN, "USD", NULL);
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(m, "open_final_amount")->valueint, 3);
	cJSON_Delete(m);
	f->ctx.as_of = 4;
	r = funnel_compute(&f->a, f->t, &f->spec, NULL, &f->ctx);
	assert_int_equal(r->later, 1);
	assert_int_equal(r->deals, 7);
	assert_int_equal(r->open_then, 3);
	assert_close_rel(r->open_then_amount, 3500, 1e-15);
	assert_int_equal(r->lost, 1);
	assert_true(has_note(f->notes, "1 deals created after as_of left out"));
}

static void
test_model(void **state)
{
	struct fx *f = *state;
	struct funnel_result *r = funnel_compute(&f->a, f->t, &f->spec, NULL, &f->ctx);
	cJSON *charts = cJSON_CreateObject();
	cJSON *m = funnel_to_model(r, LOCALE_EN, "USD", charts);
	const cJSON *st = cJSON_GetObjectItemCaseSensitive(m, "stages"), *s0 = cJSON_GetArrayItem(st, 1);
	assert_int_equal(cJSON_GetArraySize(st), 4);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(s0, "name")->valuestring, "Demo");
	assert_close_rel(cJSON_GetObjectItemCaseSensitive(s0, "conversion")->valuedouble, 0.75, 1e-15);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(s0, "conversion_fmt")->valuestring, "75.0%");
	assert_close_rel(cJSON_GetObjectItemCaseSensitive(m, "win_rate")->valuedouble, 0.6, 1e-15);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(m, "win_rate_fmt")->valuestring, "60.0%");
	assert_close_rel(cJSON_GetObjectItemCaseSensitive(m, "avg_won_amount")->valuedouble, 2000, 1e-15);
	assert_close_rel(cJSON_GetObjectItemCaseSensitive(m, "median_cycle_days")->valuedouble, 20, 1e-15);
	const cJSON *own = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(m, "by"), "owner");
	assert_int_equal(cJSON_GetArraySize(own), 2);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(own, 1), "value")->valuestring, "B");
	/* charts: the funnel shows reached counts of the open stages and won */
	const cJSON *fc = cJSON_GetObjectItemCaseSensitive(charts, "funnel_stages");
	assert_non_null(fc);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(fc, "type")->valuestring, "funnel");
	const cJSON *vals = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(
		cJSON_GetObjectItemCaseSensitive(fc, "series"), 0), "values");
	assert_int_equal(cJSON_GetArraySize(vals), 3);
	assert_close_rel(cJSON_GetArrayItem(vals, 1)->valuedouble, 6, 1e-15);
	assert_non_null(cJSON_GetObjectItemCaseSensitive(charts, "funnel_win_rate_owner"));
	assert_charts_draw(charts);
	cJSON_Delete(m);
	cJSON_Delete(charts);
}

static void
test_no_stage(void **state)
{
	struct fx *f = *state;
	struct table *t = table_new(&f->a, "opportunities", 1);
	table_add_column(&f->a, t, "amount", TABLE_NUM);
	assert_null(funnel_compute(&f->a, t, &f->spec, NULL, NULL));
}

static void
test_empty(void **state)
{
	struct fx *f = *state;
	struct table *t = table_new(&f->a, "opportunities", 0);
	struct funnel_result *r;
	cJSON *m, *charts = cJSON_CreateObject();
	table_add_column(&f->a, t, "stage", TABLE_TEXT);
	table_add_column(&f->a, t, "owner", TABLE_TEXT);
	r = funnel_compute(&f->a, t, &f->spec, NULL, &f->ctx);
	assert_non_null(r);
	assert_int_equal(r->deals, 0);
	assert_int_equal(r->nstages, 2);    /* won and lost only */
	assert_true(isnan(r->win_rate));
	assert_true(isnan(r->median_cycle_days));
	m = funnel_to_model(r, LOCALE_EN, "USD", charts);
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(m, "win_rate")));
	assert_charts_draw(charts);
	cJSON_Delete(m);
	cJSON_Delete(charts);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_hand_pipeline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_given_probabilities, setup, teardown),
		cmocka_unit_test_setup_teardown(test_point_in_time, setup, teardown),
		cmocka_unit_test_setup_teardown(test_model, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_stage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
