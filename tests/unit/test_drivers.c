/* SPDX-License-Identifier: MIT
 * Unit tests for src/analysis/drivers on hand-made tables: a three-level text
 * feature splits one level against the rest with readable rules, min_samples_leaf
 * and max_depth are honoured, the dataset/target defaults, importances sum to 1,
 * and the results.json paths. */
#include "testutil.h"
#include "model_fixture.h"

#include "analysis/drivers.h"

#define N 120

/* Deals: region "North" wins 90%, "South" and "West" 20%; amount adds nothing. */
static struct table *
deals(struct arena *a)
{
	struct table *t = table_new(a, "opportunities", N);
	static const char *const regions[] = { "South", "North", "West" };
	const char *region[N], *ids[N];
	double won[N], amount[N];
	table_add_column(a, t, "id", TABLE_TEXT);
	table_add_column(a, t, "region", TABLE_TEXT);
	table_add_column(a, t, "amount", TABLE_NUM);
	table_add_column(a, t, "won", TABLE_NUM);
	for (size_t i = 0; i < N; i++) {
		ids[i] = arena_printf(a, "D%zu", i);
		region[i] = regions[i % 3];
		amount[i] = (double)(i % 7);
		won[i] = region[i][0] == 'N' ? (i / 3) % 10 != 0 : (i / 3) % 5 == 0;
	}
	won[5] = NAN; /* an open deal: not in the tree */
	fixture_text(a, t, "id", ids);
	fixture_text(a, t, "region", region);
	fixture_num(t, "amount", amount);
	fixture_num(t, "won", won);
	return t;
}

static void
test_text_feature_one_level_against_rest(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f);
	fixture_set(&f, PROJECT_OPPORTUNITIES, deals(&f.a));
	cJSON *p = cJSON_Parse("{\"features\": [\"region\"], \"max_depth\": 1, \"min_samples_leaf\": 5}");
	const struct drivers_result *r = drivers_compute(&f.ctx, p);
	assert_non_null(r);
	assert_string_equal(r->dataset, "opportunities");
	assert_string_equal(r->target, "won");
	assert_int_equal(r->n, N - 1);
	/* three levels -> three indicator columns, sorted */
	assert_int_equal(r->design.ncols, 3);
	assert_string_equal(r->design.cols[0].name, "region[North]");
	/* the root splits North against the rest */
	assert_int_equal(r->tree.nnodes, 3);
	assert_int_equal(r->tree.nodes[0].feature, 0);
	assert_close_abs(r->tree.nodes[0].threshold, 0.5, 0);
	assert_close_abs(r->importance[0], 1, 1e-15);
	cJSON *o = drivers_to_model(&f.ctx, r);
	const cJSON *rules = cJSON_GetObjectItem(o, "rules");
	assert_int_equal(cJSON_GetArraySize(rules), 2);
	assert_string_equal(cJSON_GetObjectItem(rules->child, "text")->valuestring,
	                    "if region is not North then Lost (80%, 79 rows)");
	assert_string_equal(cJSON_GetObjectItem(rules->child->next, "text")->valuestring,
	                    "if region is North then Won (90%, 40 rows)");
	const cJSON *nodes = cJSON_GetObjectItem(o, "nodes");
	assert_string_equal(cJSON_GetObjectItem(nodes->child, "feature")->valuestring, "region[North]");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(nodes, 1), "feature")));
	const cJSON *counts = cJSON_GetObjectItem(nodes->child, "counts");
	assert_int_equal(cJSON_GetArrayItem(counts, 0)->valueint + cJSON_GetArrayItem(counts, 1)->valueint, N - 1);
	assert_true(cJSON_IsNumber(cJSON_GetObjectItem(o, "accuracy")));
	assert_non_null(cJSON_GetObjectItem(cJSON_GetObjectItem(f.ctx.results, "charts"), "drivers_importance"));
	assert_int_equal(fixture_draw_charts(&f), 1);
	cJSON_Delete(o);
	cJSON_Delete(p);
	fixture_finish(&f);
}

static void
test_min_samples_leaf_and_depth(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f);
	fixture_set(&f, PROJECT_OPPORTUNITIES, deals(&f.a));
	/* no split leaves 60 rows on both sides: a root-only tree */
	cJSON *p = cJSON_Parse("{\"features\": [\"region\"], \"min_samples_leaf\": 60}");
	const struct drivers_result *r = drivers_compute(&f.ctx, p);
	assert_non_null(r);
	assert_int_equal(r->tree.nnodes, 1);
	assert_true(r->importance[0] == 0);
	cJSON_Delete(p);
	/* defaults: depth 3, leaves of at least 20 rows */
	r = drivers_compute(&f.ctx, NULL);
	assert_non_null(r);
	assert_int_equal(r->max_depth, 3);
	for (size_t k = 0; k < r->tree.nnodes; k++) {
		assert_true(r->tree.nodes[k].depth <= 3);
		assert_true(r->tree.nodes[k].samples >= 20);
	}
	/* default features: region and amount, not id (120 levels) nor won */
	assert_int_equal(r->design.nfeatures, 2);
	assert_string_equal(r->design.features[0], "region");
	assert_string_equal(r->design.features[1], "amount");
	double s = 0;
	for (size_t k = 0; k < r->design.ncols; k++)
		s += r->importance[k];
	assert_close_abs(s, 1, 1e-12);
	fixture_finish(&f);
}

static void
test_customers_and_two_level_text(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f);
	struct table *t = table_new(&f.a, "customers", 60);
	const char *pb[60];
	double churned[60];
	table_add_column(&f.a, t, "paperless", TABLE_TEXT);
	table_add_column(&f.a, t, "churned", TABLE_NUM);
	for (size_t i = 0; i < 60; i++) {
		pb[i] = i % 2 ? "Yes" : "No";
		churned[i] = i % 2 ? i % 6 != 1 : i % 10 == 0;
	}
	fixture_text(&f.a, t, "paperless", pb);
	fixture_num(t, "churned", churned);
	fixture_set(&f, PROJECT_CUSTOMERS, t);
	cJSON *o = drivers_run(&f.ctx, NULL);
	assert_non_null(o);
	assert_string_equal(cJSON_GetObjectItem(o, "dataset")->valuestring, "customers");
	assert_string_equal(cJSON_GetObjectItem(o, "target")->valuestring, "churned");
	/* two levels: one column; the rules name both levels */
	const cJSON *rules = cJSON_GetObjectItem(o, "rules");
	assert_int_equal(cJSON_GetArraySize(rules), 2);
	assert_non_null(strstr(cJSON_GetObjectItem(rules->child, "text")->valuestring, "paperless is No then Stayed"));
	assert_non_null(strstr(cJSON_GetObjectItem(rules->child->next, "text")->valuestring,
	                       "paperless is Yes then Churned"));
	cJSON_Delete(o);
	fixture_finish(&f);
}

/* The rules as stats/cart words them (en), and in zh-CN. */
static void
test_rules_match_cart_and_zh(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f);
	fixture_set(&f, PROJECT_OPPORTUNITIES, deals(&f.a));
	cJSON *p = cJSON_Parse("{\"features\": [\"amount\", \"region\"], \"min_samples_leaf\": 5}");
	const struct drivers_result *r = drivers_compute(&f.ctx, p);
	assert_non_null(r);
	struct cart_feature_text ft[4] = { { "amount", NULL, NULL } };
	for (size_t k = 1; k < r->design.ncols; k++)
		ft[k] = (struct cart_feature_text){ r->design.cols[k].name,
			arena_printf(&f.a, "region is %s", r->design.cols[k].level),
			arena_printf(&f.a, "region is not %s", r->design.cols[k].level) };
	struct buf b;
	buf_init(&b);
	cart_rules(&r->tree, ft, r->class_names, &b);
	cJSON *o = drivers_to_model(&f.ctx, r);
	const char *line = buf_str(&b);
	size_t nrules = 0;
	for (const cJSON *e = cJSON_GetObjectItem(o, "rules")->child; e; e = e->next, nrules++) {
		const char *txt = cJSON_GetObjectItem(e, "text")->valuestring, *nl = strchr(line, '\n');
		assert_non_null(nl);
		assert_int_equal(strlen(txt), (size_t)(nl - line));
		assert_memory_equal(txt, line, strlen(txt));
		line = nl + 1;
	}
	assert_true(nrules > 2);
	assert_string_equal(line, "");
	cJSON_Delete(o);
	buf_release(&b);
	/* zh-CN */
	struct project pr;
	memset(&pr, 0, sizeof pr);
	pr.locale = LOCALE_ZH_CN;
	f.ctx.project = &pr;
	r = drivers_compute(&f.ctx, p);
	o = drivers_to_model(&f.ctx, r);
	const char *txt = cJSON_GetObjectItem(cJSON_GetObjectItem(o, "rules")->child, "text")->valuestring;
	assert_true(strncmp(txt, "若 ", strlen("若 ")) == 0);
	assert_non_null(strstr(txt, "，则 输单（"));
	assert_non_null(strstr(txt, " 行）"));
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
	assert_null(drivers_run(&f.ctx, NULL));
	assert_true(fixture_noted(&f, "drivers skipped: no 'customers' dataset"));
	fixture_set(&f, PROJECT_OPPORTUNITIES, deals(&f.a));
	cJSON *p = cJSON_Parse("{\"features\": [\"regoin\"]}");
	assert_null(drivers_run(&f.ctx, p));
	assert_non_null(f.ctx.error);
	assert_non_null(strstr(f.ctx.error, "unknown feature 'regoin'; did you mean 'region'?"));
	assert_string_equal(f.ctx.error_path, "analyses.drivers.features");
	cJSON_Delete(p);
	fixture_finish(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_feature_one_level_against_rest),
		cmocka_unit_test(test_min_samples_leaf_and_depth),
		cmocka_unit_test(test_customers_and_two_level_text),
		cmocka_unit_test(test_rules_match_cart_and_zh),
		cmocka_unit_test(test_notes),
	};
	return cmocka_run_group_tests_name("drivers", tests, NULL, NULL);
}
