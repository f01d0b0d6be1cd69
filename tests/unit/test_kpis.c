/* SPDX-License-Identifier: MIT
 * Tests for analysis/kpis on hand-made tables: the week boundaries (the 7 days ending
 * as_of inclusive), rows after as_of ignored, distinct orders and customers, new and
 * churned customers, pipeline at week ends, win rate, change_pct with a zero previous,
 * omitted KPIs with notes, formatting in en and zh-CN, sparkline specs. */
#include "testutil.h"

#include "analysis/headlines.h"
#include "analysis/kpis.h"
#include "base/date.h"
#include "render/chart.h"

static double as_of;

static struct table_column *
text_col(struct arena *a, struct table *t, const char *name, const char *const *v)
{
	struct table_column *c = table_add_column(a, t, name, TABLE_TEXT);
	for (size_t r = 0; r < t->nrows; r++)
		c->code[r] = v[r] ? table_intern(a, c, v[r], strlen(v[r])) : -1;
	return c;
}

static struct table_column *
num_col(struct arena *a, struct table *t, const char *name, enum table_type type, const double *v)
{
	struct table_column *c = table_add_column(a, t, name, type);
	for (size_t r = 0; r < t->nrows; r++)
		c->num[r] = v[r];
	return c;
}

static struct table *
orders(struct arena *a)
{
	static const char *const cust[] = { "A", "A", "B", "B", "C", "C", "A" };
	static const char *const ord[] = { "O1", "O1", "O2", "O3", "O4", "O5", "O6" };
	double date[] = { as_of + 0.75, as_of - 6, as_of - 7, as_of + 1, as_of - 13, as_of - 14, as_of - 100 };
	double amount[] = { 100, 50, 30, 1000, 20, 5, 1 };
	struct table *t = table_new(a, "orders", 7);
	text_col(a, t, "customer", cust);
	num_col(a, t, "date", TABLE_DATE, date);
	num_col(a, t, "amount", TABLE_NUM, amount);
	text_col(a, t, "order", ord);
	return t;
}

static struct table *
customers(struct arena *a)
{
	static const char *const id[] = { "A", "B", "C", "D" };
	double sat[] = { 8, 6, 4, NAN }, churned[] = { 0, 0, 0, 1 };
	double churn_date[] = { NAN, NAN, as_of - 30, as_of - 3 };  /* C has a date but is not churned */
	struct table *t = table_new(a, "customers", 4);
	text_col(a, t, "id", id);
	num_col(a, t, "satisfaction", TABLE_NUM, sat);
	num_col(a, t, "churned", TABLE_NUM, churned);
	num_col(a, t, "churn_date", TABLE_DATE, churn_date);
	return t;
}

static struct table *
opportunities(struct arena *a)
{
	double won[] = { NAN, 1, 0, NAN }, amount[] = { 1000, 500, 200, 300 };
	double created[] = { as_of - 30, as_of - 40, as_of - 20, as_of - 3 };
	double closed[] = { NAN, as_of - 2, as_of - 6, NAN };
	struct table *t = table_new(a, "opportunities", 4);
	num_col(a, t, "won", TABLE_NUM, won);
	num_col(a, t, "amount", TABLE_NUM, amount);
	num_col(a, t, "created_date", TABLE_DATE, created);
	num_col(a, t, "close_date", TABLE_DATE, closed);
	return t;
}

struct fixture {
	struct arena a;
	struct project p;
	struct analysis_ctx ctx;
	cJSON *root, *notes;
};

static void
setup(struct fixture *f, const char *locale)
{
	memset(f, 0, sizeof *f);
	arena_init(&f->a);
	f->p.locale = locale_of(locale);
	f->p.currency = "USD";
	as_of = date_from_civil(2026, 11, 21);
	f->root = cJSON_CreateObject();
	f->notes = cJSON_CreateArray();
	f->ctx.a = &f->a;
	f->ctx.project = &f->p;
	f->ctx.as_of = as_of;
	f->ctx.results = f->root;
	f->ctx.notes = f->notes;
}

static void
teardown(struct fixture *f)
{
	cJSON_Delete(f->root);
	cJSON_Delete(f->notes);
	arena_finish(&f->a);
}

#define CUR(k, id) ((k)->s[id].week[KPIS_WEEKS - 1])
#define PREV(k, id) ((k)->s[id].week[KPIS_WEEKS - 2])

static void
test_weeks(void **s)
{
	struct fixture f;
	struct kpis_result *k;
	(void)s;
	setup(&f, "en");
	k = kpis_compute(&f.ctx, orders(&f.a), customers(&f.a), opportunities(&f.a));
	assert_true(k->week_end[KPIS_WEEKS - 1] == as_of);
	assert_true(k->week_end[0] == as_of - 77);
	/* this week: as_of (with a time of day) and as_of - 6, both lines of order O1 */
	assert_close_abs(CUR(k, KPIS_REVENUE), 150, 1e-9);
	assert_close_abs(CUR(k, KPIS_ORDERS), 1, 0);
	assert_close_abs(CUR(k, KPIS_AOV), 150, 1e-9);
	assert_close_abs(CUR(k, KPIS_ACTIVE), 1, 0);
	/* previous week: as_of - 7 .. as_of - 13; the line after as_of is ignored */
	assert_close_abs(PREV(k, KPIS_REVENUE), 50, 1e-9);
	assert_close_abs(PREV(k, KPIS_ORDERS), 2, 0);
	assert_close_abs(PREV(k, KPIS_AOV), 25, 1e-9);
	assert_close_abs(PREV(k, KPIS_ACTIVE), 2, 0);
	assert_close_abs(k->s[KPIS_REVENUE].week[KPIS_WEEKS - 3], 5, 1e-9);
	/* A first ordered 100 days ago; B's first order (the later one is after as_of) is
	 * in the previous week, C's two weeks back */
	assert_close_abs(CUR(k, KPIS_NEW), 0, 0);
	assert_close_abs(PREV(k, KPIS_NEW), 1, 0);
	assert_close_abs(k->s[KPIS_NEW].week[KPIS_WEEKS - 3], 1, 0);
	/* satisfaction of the week's active customers: A; then B and C */
	assert_close_abs(CUR(k, KPIS_SATISFACTION), 8, 1e-12);
	assert_close_abs(PREV(k, KPIS_SATISFACTION), 5, 1e-12);
	/* D churned 3 days ago out of 4 customers; C's date does not count (not flagged) */
	assert_close_abs(CUR(k, KPIS_CHURNED), 1, 0);
	assert_close_abs(PREV(k, KPIS_CHURNED), 0, 0);
	assert_close_abs(CUR(k, KPIS_CHURN_RATE), 0.25, 1e-12);
	assert_close_abs(PREV(k, KPIS_CHURN_RATE), 0, 0);
	/* pipeline at each week's end */
	assert_close_abs(CUR(k, KPIS_PIPELINE), 1300, 1e-9);
	assert_close_abs(PREV(k, KPIS_PIPELINE), 1700, 1e-9);
	assert_close_abs(k->s[KPIS_PIPELINE].week[0], 0, 0);
	assert_close_abs(CUR(k, KPIS_WON), 1, 0);
	assert_close_abs(PREV(k, KPIS_WON), 0, 0);
	assert_close_abs(CUR(k, KPIS_WIN_RATE), 0.5, 1e-12);
	assert_true(isnan(PREV(k, KPIS_WIN_RATE)));
	assert_int_equal(cJSON_GetArraySize(f.notes), 0);
	teardown(&f);
}

static const cJSON *
get(const cJSON *o, const char *k1, const char *k2)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k1);
	if (k2)
		v = cJSON_GetObjectItemCaseSensitive(v, k2);
	assert_non_null(v);
	return v;
}

static void
test_model_en(void **s)
{
	struct fixture f;
	cJSON *m;
	const cJSON *spec;
	(void)s;
	setup(&f, "en");
	m = kpis_model(kpis_compute(&f.ctx, orders(&f.a), customers(&f.a), opportunities(&f.a)), &f.ctx);
	assert_string_equal(get(m, "weeks", NULL)->child->valuestring, "2026-09-05");
	assert_close_abs(get(m, "revenue", "value")->valuedouble, 150, 1e-9);
	assert_close_abs(get(m, "revenue", "previous")->valuedouble, 50, 1e-9);
	assert_close_abs(get(m, "revenue", "change")->valuedouble, 100, 1e-9);
	assert_close_abs(get(m, "revenue", "change_pct")->valuedouble, 2, 1e-12);
	assert_string_equal(get(m, "revenue", "value_fmt")->valuestring, "$150");
	assert_string_equal(get(m, "revenue", "change_fmt")->valuestring, "+$100");
	assert_string_equal(get(m, "revenue", "change_pct_fmt")->valuestring, "+200.0%");
	assert_string_equal(get(m, "revenue", "direction")->valuestring, "up");
	assert_string_equal(get(m, "revenue", "tone")->valuestring, "good");
	assert_int_equal(cJSON_GetArraySize(get(m, "revenue", "trend")), KPIS_WEEKS);
	/* a zero previous week: change_pct is null, change is not */
	assert_true(cJSON_IsNull(get(m, "deals_won", "change_pct")));
	assert_close_abs(get(m, "deals_won", "change")->valuedouble, 1, 0);
	assert_string_equal(get(m, "deals_won", "change_pct_fmt")->valuestring, "\xE2\x80\x93");
	assert_true(cJSON_IsNull(get(m, "churn_rate", "change_pct")));
	/* up is bad for churn */
	assert_string_equal(get(m, "churned_customers", "direction")->valuestring, "up");
	assert_string_equal(get(m, "churned_customers", "tone")->valuestring, "bad");
	assert_true(cJSON_IsFalse(get(m, "churn_rate", "good")));
	assert_string_equal(get(m, "churn_rate", "change_fmt")->valuestring, "+25.0 pp");
	/* going down: U+2212 */
	assert_string_equal(get(m, "open_pipeline", "change_fmt")->valuestring, "\xE2\x88\x92$400");
	assert_string_equal(get(m, "new_customers", "change_fmt")->valuestring, "\xE2\x88\x92" "1");
	/* no previous win rate: nothing to compare */
	assert_true(cJSON_IsNull(get(m, "win_rate", "previous")));
	assert_true(cJSON_IsNull(get(m, "win_rate", "change")));
	assert_string_equal(get(m, "win_rate", "direction")->valuestring, "flat");
	assert_string_equal(get(m, "win_rate", "value_fmt")->valuestring, "50.0%");
	spec = get(f.root, "charts", "kpi_revenue");
	assert_string_equal(get(spec, "type", NULL)->valuestring, "sparkline");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetArrayItem(get(spec, "series", NULL), 0)->child->next),
	                 KPIS_WEEKS);
	{       /* the chart module draws every sparkline (a null week included) */
		struct chart_theme th;
		struct diag d;
		struct buf svg;
		const cJSON *c;
		chart_theme_default(&th);
		diag_init(&d);
		d.out = NULL;
		buf_init(&svg);
		cJSON_ArrayForEach(c, get(f.root, "charts", NULL))
			assert_int_equal(chart_svg(c, 120, 32, &th, &svg, &d), 0);
		assert_non_null(strstr(buf_str(&svg), "<svg"));
		buf_release(&svg);
	}
	cJSON_Delete(m);
	teardown(&f);
}

static void
test_absent_and_zh(void **s)
{
	struct fixture f;
	cJSON *m;
	char *notes;
	(void)s;
	setup(&f, "zh-CN");
	m = kpis_model(kpis_compute(&f.ctx, orders(&f.a), NULL, opportunities(&f.a)), &f.ctx);
	assert_null(cJSON_GetObjectItemCaseSensitive(m, "churn_rate"));
	assert_null(cJSON_GetObjectItemCaseSensitive(m, "average_satisfaction"));
	notes = cJSON_PrintUnformatted(f.notes);
	assert_non_null(strstr(notes, "kpi 'churn_rate' omitted: no 'customers' dataset"));
	assert_non_null(strstr(notes, "kpi 'average_satisfaction' omitted: no 'customers' dataset"));
	free(notes);
	assert_string_equal(get(m, "revenue", "label")->valuestring, "收入");
	assert_string_equal(get(m, "win_rate", "label")->valuestring, "赢单率");
	cJSON_Delete(m);
	teardown(&f);

	setup(&f, "zh-CN");
	m = kpis_model(kpis_compute(&f.ctx, orders(&f.a), customers(&f.a), NULL), &f.ctx);
	assert_string_equal(get(m, "churn_rate", "change_fmt")->valuestring, "+25.0个百分点");
	assert_null(cJSON_GetObjectItemCaseSensitive(m, "open_pipeline"));
	cJSON_Delete(m);
	teardown(&f);
}

/* Closed deals: won1 of n1 closed on as_of - 1, won0 of n0 on as_of - 8. */
static struct table *
closed_deals(struct arena *a, int won1, int n1, int won0, int n0)
{
	struct table *t = table_new(a, "opportunities", (size_t)(n1 + n0));
	struct table_column *won = table_add_column(a, t, "won", TABLE_NUM);
	struct table_column *cl = table_add_column(a, t, "close_date", TABLE_DATE);
	for (int r = 0; r < n1 + n0; r++) {
		won->num[r] = r < n1 ? r < won1 : r - n1 < won0;
		cl->num[r] = r < n1 ? as_of - 1 : as_of - 8;
	}
	return t;
}

/* The headlines of the kpis model m (kpis_model's tree under "kpis"). */
static cJSON *
headlines_of(struct fixture *f, cJSON *m, char **flat)
{
	cJSON *h;
	cJSON_AddItemToObject(f->root, "kpis", m);
	h = headlines_build(f->root, as_of, f->p.locale, "USD");
	*flat = cJSON_PrintUnformatted(h);
	return h;
}

/* A win rate of 1 of 3 against 4 of 5 closed deals (-58%) is within the noise: its
 * counts are shown, it is said to be within the usual range and it is no headline.
 * The same rates on 300 and 200 deals are beyond it and make a headline. */
static void
test_small_samples(void **s)
{
	struct fixture f;
	cJSON *m, *h;
	char *flat;
	(void)s;
	setup(&f, "en");
	m = kpis_model(kpis_compute(&f.ctx, NULL, NULL, closed_deals(&f.a, 1, 3, 4, 5)), &f.ctx);
	assert_close_rel(get(m, "win_rate", "change_pct")->valuedouble, (1.0 / 3 - 0.8) / 0.8, 1e-12);
	assert_int_equal(get(m, "win_rate", "count")->valueint, 3);
	assert_int_equal(get(m, "win_rate", "previous_count")->valueint, 5);
	assert_string_equal(get(m, "win_rate", "change_test")->valuestring, "two_proportion");
	assert_false(cJSON_IsTrue(get(m, "win_rate", "beyond_noise")));
	assert_string_equal(get(m, "win_rate", "counts_fmt")->valuestring, "1 of 3 vs 4 of 5 closed deals");
	assert_string_equal(get(m, "win_rate", "noise_fmt")->valuestring, "within the usual range");
	assert_false(cJSON_IsTrue(get(m, "deals_won", "beyond_noise")));
	h = headlines_of(&f, m, &flat);
	assert_null(strstr(flat, "Win rate was"));
	assert_null(strstr(flat, "\"change\""));
	free(flat);
	cJSON_Delete(h);
	teardown(&f);

	setup(&f, "en");
	m = kpis_model(kpis_compute(&f.ctx, NULL, NULL, closed_deals(&f.a, 150, 300, 150, 200)), &f.ctx);
	assert_true(cJSON_IsTrue(get(m, "win_rate", "beyond_noise")));
	assert_false(cJSON_IsTrue(get(m, "deals_won", "beyond_noise")));   /* 150 against 150 */
	assert_string_equal(get(m, "win_rate", "noise_fmt")->valuestring, "beyond the usual range");
	h = headlines_of(&f, m, &flat);
	assert_non_null(strstr(flat, "Win rate was 50.0%, \xE2\x88\x92" "25.0 pp on the previous week "
	                             "(150 of 300 vs 150 of 200 closed deals), beyond the usual range."));
	free(flat);
	cJSON_Delete(h);
	teardown(&f);

	setup(&f, "zh-CN");
	m = kpis_model(kpis_compute(&f.ctx, NULL, NULL, closed_deals(&f.a, 1, 3, 4, 5)), &f.ctx);
	assert_string_equal(get(m, "win_rate", "counts_fmt")->valuestring, "1/3 对 4/5 个已成交商机");
	assert_string_equal(get(m, "win_rate", "noise_fmt")->valuestring, "在正常波动范围内");
	cJSON_Delete(m);
	teardown(&f);
}

/* Revenue against the spread of its own past weekly changes: one order a week of
 * 100, 110, 100, 110, ... then 105 is within the usual range; then 1000 is beyond. */
static void
test_revenue_spread(void **s)
{
	static const char *const cust[KPIS_WEEKS] = { "A", "A", "A", "A", "A", "A", "A", "A", "A", "A", "A", "A" };
	struct fixture f;
	for (int big = 0; big <= 1; big++) {
		double date[KPIS_WEEKS], amount[KPIS_WEEKS];
		struct table *t;
		cJSON *m, *h;
		char *flat;
		(void)s;
		setup(&f, "en");
		for (int w = 0; w < KPIS_WEEKS; w++) {
			date[w] = as_of - 7.0 * (KPIS_WEEKS - 1 - w);
			amount[w] = w == KPIS_WEEKS - 1 ? (big ? 1000 : 105) : w % 2 ? 110 : 100;
		}
		t = table_new(&f.a, "orders", KPIS_WEEKS);
		text_col(&f.a, t, "customer", cust);
		num_col(&f.a, t, "date", TABLE_DATE, date);
		num_col(&f.a, t, "amount", TABLE_NUM, amount);
		m = kpis_model(kpis_compute(&f.ctx, t, NULL, NULL), &f.ctx);
		assert_string_equal(get(m, "revenue", "change_test")->valuestring, "spread");
		assert_int_equal(cJSON_IsTrue(get(m, "revenue", "beyond_noise")), big);
		assert_string_equal(get(m, "revenue", "counts_fmt")->valuestring, "1 vs 1 orders");
		h = headlines_of(&f, m, &flat);
		assert_non_null(strstr(flat, big ? "was $1k, up 900.0% on the previous week, beyond the usual range (1 vs 1 orders)."
		                                 : "was $105, within the usual range of the previous week (1 vs 1 orders)."));
		free(flat);
		cJSON_Delete(h);
		teardown(&f);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_weeks),
		cmocka_unit_test(test_model_en),
		cmocka_unit_test(test_absent_and_zh),
		cmocka_unit_test(test_small_samples),
		cmocka_unit_test(test_revenue_spread),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
