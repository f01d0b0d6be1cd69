/* SPDX-License-Identifier: MIT
 * Unit tests for src/analysis/features: one-hot names and reference levels
 * (sorted-first and named), indicator coding for trees, rows with a missing
 * feature dropped and counted, unseen levels, the default feature rule, and the
 * column-major fill against the row-major one. */
#include "testutil.h"

#include "analysis/features.h"

/* contract, tenure, paperless per row; NULL / NaN = missing */
static const char *const contract[] = { "Two year", "Month-to-month", "One year", "Month-to-month",
                                        NULL, "One year", "Month-to-month", "Zero" };
static const double tenure[] = { 60, 3, 24, NAN, 10, 30, 5, 7 };
static const char *const paperless[] = { "Yes", "No", "No", "Yes", "Yes", "No", "Yes", "No" };
#define NR 8

static void
set_text(struct arena *a, struct table_column *c, const char *const *v, size_t n)
{
	c->nmissing = 0;
	for (size_t i = 0; i < n; i++) {
		c->code[i] = v[i] ? table_intern(a, c, v[i], strlen(v[i])) : -1;
		c->nmissing += !v[i];
	}
}

static void
set_num(struct table_column *c, const double *v, size_t n)
{
	c->nmissing = 0;
	for (size_t i = 0; i < n; i++) {
		c->num[i] = v[i];
		c->nmissing += v[i] != v[i];
	}
}

static struct table *
make(struct arena *a)
{
	struct table *t = table_new(a, "customers", NR);
	table_add_column(a, t, "Contract", TABLE_TEXT);
	table_add_column(a, t, "tenure", TABLE_NUM);
	table_add_column(a, t, "PaperlessBilling", TABLE_TEXT);
	set_text(a, table_column_find(t, "Contract"), contract, NR);
	set_num(table_column_find(t, "tenure"), tenure, NR);
	set_text(a, table_column_find(t, "PaperlessBilling"), paperless, NR);
	return t;
}

static void
test_treatment_names_and_sorted_reference(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct table *t = make(&a);
	const char *names[] = { "tenure", "Contract" }, *err = NULL;
	unsigned char rows[NR] = { 1, 1, 1, 1, 1, 1, 1, 0 }; /* "Zero" only on the last row */
	struct features_design d;
	struct features_matrix m;
	assert_int_equal(features_plan(&a, t, names, 2, rows, 1, FEATURES_TREATMENT, NULL, &d, &err), 0);
	assert_int_equal(d.ncols, 4);
	assert_string_equal(d.cols[0].name, "(intercept)");
	assert_int_equal(d.cols[0].feature, -1);
	assert_string_equal(d.cols[1].name, "tenure");
	/* reference = first in sorted order (Month-to-month), other levels sorted */
	assert_string_equal(d.cols[2].name, "Contract[One year]");
	assert_string_equal(d.cols[3].name, "Contract[Two year]");
	assert_string_equal(d.reference[1], "Month-to-month");
	assert_null(d.reference[0]);
	features_fill(&a, &d, t, rows, &m);
	/* rows 3 (tenure missing) and 4 (Contract missing) dropped; 7 not asked for */
	assert_int_equal(m.n, 5);
	assert_int_equal(m.dropped, 2);
	size_t want_rows[] = { 0, 1, 2, 5, 6 };
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(m.row[i], want_rows[i]);
	double row0[] = { 1, 60, 0, 1 }, row1[] = { 1, 3, 0, 0 }, row2[] = { 1, 24, 1, 0 };
	for (size_t k = 0; k < 4; k++) {
		assert_true(m.x[0 * 4 + k] == row0[k]);
		assert_true(m.x[1 * 4 + k] == row1[k]);
		assert_true(m.x[2 * 4 + k] == row2[k]);
	}
	/* the last row has a level the plan has not seen: dropped when scored */
	unsigned char last[NR] = { 0, 0, 0, 0, 0, 0, 0, 1 };
	features_fill(&a, &d, t, last, &m);
	assert_int_equal(m.n, 0);
	assert_int_equal(m.dropped, 1);
	arena_finish(&a);
}

static void
test_named_reference_level(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct table *t = make(&a);
	const char *names[] = { "Contract" }, *err = NULL;
	cJSON *ref = cJSON_Parse("{\"Contract\": \"Two year\"}");
	struct features_design d;
	assert_int_equal(features_plan(&a, t, names, 1, NULL, 1, FEATURES_TREATMENT, ref, &d, &err), 0);
	assert_int_equal(d.ncols, 4);
	assert_string_equal(d.cols[1].name, "Contract[Month-to-month]");
	assert_string_equal(d.cols[2].name, "Contract[One year]");
	assert_string_equal(d.cols[3].name, "Contract[Zero]");
	assert_string_equal(d.reference[0], "Two year");
	cJSON_Delete(ref);
	/* a level that is not in the data is an error naming it */
	ref = cJSON_Parse("{\"Contract\": \"Three year\"}");
	assert_int_equal(features_plan(&a, t, names, 1, NULL, 1, FEATURES_TREATMENT, ref, &d, &err), -2);
	assert_non_null(strstr(err, "'Three year'"));
	cJSON_Delete(ref);
	arena_finish(&a);
}

static void
test_unknown_feature_suggests(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct table *t = make(&a);
	const char *names[] = { "Tenure" }, *err = NULL;
	struct features_design d;
	assert_int_equal(features_plan(&a, t, names, 1, NULL, 1, FEATURES_TREATMENT, NULL, &d, &err), -1);
	assert_string_equal(err, "unknown feature 'Tenure'; did you mean 'tenure'?");
	arena_finish(&a);
}

static void
test_indicator_coding(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct table *t = make(&a);
	const char *names[] = { "PaperlessBilling", "Contract" }, *err = NULL;
	struct features_design d;
	struct features_matrix m;
	assert_int_equal(features_plan(&a, t, names, 2, NULL, 0, FEATURES_INDICATOR, NULL, &d, &err), 0);
	/* two levels: one column (the second sorted level); four levels: four columns */
	assert_int_equal(d.ncols, 5);
	assert_string_equal(d.cols[0].name, "PaperlessBilling[Yes]");
	assert_string_equal(d.cols[0].level, "Yes");
	assert_string_equal(d.cols[1].name, "Contract[Month-to-month]");
	assert_string_equal(d.cols[4].name, "Contract[Zero]");
	features_fill(&a, &d, t, NULL, &m);
	assert_int_equal(m.n, 7);
	assert_int_equal(m.dropped, 1);
	/* row 0: Yes, Two year */
	double row0[] = { 1, 0, 0, 1, 0 };
	for (size_t k = 0; k < 5; k++)
		assert_true(m.x[k] == row0[k]);
	/* the column-major fill (for trees) is the same matrix transposed, same rows */
	struct features_matrix c;
	features_fill_columns(&a, &d, t, NULL, &c);
	assert_int_equal(c.n, m.n);
	assert_int_equal(c.p, m.p);
	assert_int_equal(c.dropped, m.dropped);
	for (size_t i = 0; i < m.n; i++) {
		assert_int_equal(c.row[i], m.row[i]);
		for (size_t k = 0; k < m.p; k++)
			assert_true(c.x[k * c.n + i] == m.x[i * m.p + k]);
	}
	arena_finish(&a);
}

static void
test_default_rule(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct table *t = make(&a);
	table_add_column(&a, t, "signup", TABLE_DATE);
	table_add_column(&a, t, "constant", TABLE_NUM);
	table_add_column(&a, t, "id", TABLE_TEXT);
	table_add_column(&a, t, "sparse", TABLE_NUM);   /* present on 3 of 8 rows */
	struct table_column *c = table_column_find(t, "sparse");
	c->num[0] = 1, c->num[1] = 2, c->num[5] = 3;
	c = table_column_find(t, "constant");
	for (size_t i = 0; i < NR; i++)
		c->num[i] = 7;
	c = table_column_find(t, "signup");
	for (size_t i = 0; i < NR; i++)
		c->num[i] = 20000 + (double)i;
	c = table_column_find(t, "id");
	for (size_t i = 0; i < NR; i++) {
		char s[8];
		snprintf(s, sizeof s, "C%zu", i);
		c->code[i] = table_intern(&a, c, s, strlen(s));
	}
	const char **names;
	const char *ex[] = { "PaperlessBilling", NULL };
	/* dates, constants, excluded names and text with more than 3 levels are left out */
	size_t n = features_default(&a, t, NULL, ex, 3, &names);
	assert_int_equal(n, 1);
	assert_string_equal(names[0], "tenure");
	n = features_default(&a, t, NULL, NULL, 8, &names);
	assert_int_equal(n, 4);
	assert_string_equal(names[0], "Contract");
	assert_string_equal(names[1], "tenure");
	assert_string_equal(names[2], "PaperlessBilling");
	assert_string_equal(names[3], "id");
	/* on these rows Contract has 3 levels and sparse is present on 3 of 5: both kept */
	unsigned char half[NR] = { 1, 1, 1, 1, 0, 1, 0, 0 };
	n = features_default(&a, t, half, ex, 3, &names);
	assert_int_equal(n, 3);
	assert_string_equal(names[0], "Contract");
	assert_string_equal(names[2], "sparse");
	/* mapped role fields hide their source columns; expressions and same names do not */
	struct project_map maps[] = { { "stage", "deal_stage", 0, { 0 } }, { "id", "id", 0, { 0 } },
	                              { "amount", "Qty * Price", 1, { 0 } } };
	struct project_dataset spec;
	memset(&spec, 0, sizeof spec);
	spec.columns = maps;
	spec.ncolumns = 3;
	const char *base[] = { "id", NULL };
	const char **exl = features_exclude(&a, base, "won", &spec);
	assert_string_equal(exl[0], "id");
	assert_string_equal(exl[1], "won");
	assert_string_equal(exl[2], "deal_stage");
	assert_null(exl[3]);
	arena_finish(&a);
}

static void
test_names_from_json(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	const char **names;
	cJSON *v = cJSON_Parse("[\"a\", \"b\"]");
	assert_int_equal(features_names_from_json(&a, v, &names), 2);
	assert_string_equal(names[1], "b");
	cJSON_Delete(v);
	v = cJSON_Parse("\"x\"");
	assert_int_equal(features_names_from_json(&a, v, &names), 1);
	assert_string_equal(names[0], "x");
	cJSON_Delete(v);
	assert_int_equal(features_names_from_json(&a, NULL, &names), 0);
	assert_null(names);
	arena_finish(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_treatment_names_and_sorted_reference),
		cmocka_unit_test(test_named_reference_level),
		cmocka_unit_test(test_unknown_feature_suggests),
		cmocka_unit_test(test_indicator_coding),
		cmocka_unit_test(test_default_rule),
		cmocka_unit_test(test_names_from_json),
	};
	return cmocka_run_group_tests_name("features", tests, NULL, NULL);
}
