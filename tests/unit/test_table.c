/* SPDX-License-Identifier: MIT
 * Unit tests for src/ingest/table: interning, filtering, suggestions. */
#include "testutil.h"

#include "ingest/table.h"

static void
test_intern_dedups_in_first_seen_order(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct table *t = table_new(&a, "x", 100000);
	struct table_column *c = table_add_column(&a, t, "id", TABLE_TEXT);
	char key[32];
	for (size_t r = 0; r < t->nrows; r++) {
		int n = snprintf(key, sizeof key, "C%05zu", (r * 7919) % 5000);
		c->code[r] = table_intern(&a, c, key, (size_t)n);
	}
	assert_int_equal(c->ndict, 5000);
	assert_string_equal(c->dict[0], "C00000");
	assert_string_equal(c->dict[1], "C02919");
	for (size_t r = 0; r < t->nrows; r++) {
		snprintf(key, sizeof key, "C%05zu", (r * 7919) % 5000);
		assert_string_equal(table_text(c, r), key);
	}
	/* a prefix of an existing key is a different key */
	assert_int_equal(table_intern(&a, c, "C0000", 5), 5000);
	assert_int_equal(table_intern(&a, c, "C00000", 6), 0);
	arena_finish(&a);
}

static void
test_filter_rows_keeps_columns_aligned(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct table *t = table_new(&a, "x", 6);
	struct table_column *n = table_add_column(&a, t, "n", TABLE_NUM);
	struct table_column *s = table_add_column(&a, t, "s", TABLE_TEXT);
	unsigned char keep[6] = { 1, 0, 1, 0, 1, 1 };
	for (size_t r = 0; r < 6; r++) {
		char k[2] = { (char)('a' + r), 0 };
		n->num[r] = (double)r;
		s->code[r] = table_intern(&a, s, k, 1);
	}
	n->num[5] = NAN;
	table_filter_rows(t, keep);
	assert_int_equal(t->nrows, 4);
	n = table_column_find(t, "n");
	s = table_column_find(t, "s");
	assert_true(n->num[2] == 4.0);
	assert_string_equal(table_text(s, 3), "f");
	assert_int_equal(n->nmissing, 1);
	assert_int_equal(s->nmissing, 0);
	arena_finish(&a);
}

/* A column seen under a second name shares its storage; after filtering both names
 * hold the same, correct rows; interning into the alias leaves the original's
 * dictionary alone. */
static void
test_alias_shares_and_filters_once(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct table *t = table_new(&a, "x", 5);
	struct table_column *n = table_add_column(&a, t, "n", TABLE_NUM);
	struct table_column *s = table_add_column(&a, t, "s", TABLE_TEXT);
	for (size_t r = 0; r < 5; r++) {
		char k[2] = { (char)('a' + r), 0 };
		n->num[r] = (double)r * 10;
		s->code[r] = table_intern(&a, s, k, 1);
	}
	table_add_column_alias(&a, t, "n2", table_column_find(t, "n"));
	table_add_column_alias(&a, t, "s2", table_column_find(t, "s"));
	n = table_column_find(t, "n");
	struct table_column *n2 = table_column_find(t, "n2"), *s2 = table_column_find(t, "s2");
	assert_ptr_equal(n->num, n2->num);
	assert_ptr_equal(table_column_find(t, "s")->code, s2->code);
	unsigned char keep[5] = { 0, 1, 0, 1, 1 };
	table_filter_rows(t, keep);
	assert_int_equal(t->nrows, 3);
	n = table_column_find(t, "n");
	s = table_column_find(t, "s");
	n2 = table_column_find(t, "n2");
	s2 = table_column_find(t, "s2");
	for (size_t r = 0; r < 3; r++) {
		static const double want[] = { 10, 30, 40 };
		static const char *const wtext[] = { "b", "d", "e" };
		assert_true(n->num[r] == want[r] && n2->num[r] == want[r]);
		assert_string_equal(table_text(s, r), wtext[r]);
		assert_string_equal(table_text(s2, r), wtext[r]);
	}
	assert_int_equal(table_intern(&a, s2, "z", 1), 5);
	assert_int_equal(s->ndict, 5);
	assert_int_equal(table_intern(&a, s2, "c", 1), 2);
	arena_finish(&a);
}

static void
test_suggest(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct table *t = table_new(&a, "x", 0);
	table_add_column(&a, t, "CustomerID", TABLE_TEXT);
	table_add_column(&a, t, "InvoiceDate", TABLE_DATE);
	assert_string_equal(table_column_suggest(t, "customerid"), "CustomerID");
	assert_string_equal(table_column_suggest(t, "CustomerId "), "CustomerID");
	assert_string_equal(table_column_suggest(t, "InvoiceDat"), "InvoiceDate");
	assert_null(table_column_suggest(t, "amount"));
	assert_null(table_column_find(t, "amount"));
	arena_finish(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_intern_dedups_in_first_seen_order),
		cmocka_unit_test(test_filter_rows_keeps_columns_aligned),
		cmocka_unit_test(test_alias_shares_and_filters_once),
		cmocka_unit_test(test_suggest),
	};
	return cmocka_run_group_tests_name("table", tests, NULL, NULL);
}
