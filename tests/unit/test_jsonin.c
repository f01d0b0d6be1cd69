/* SPDX-License-Identifier: MIT
 * Unit tests for src/ingest/jsonin (through ingest_read): arrays of objects and
 * {"rows": [...]}, key union order, value kinds, typed columns, and the errors:
 * nested values, non-object rows, malformed and too deeply nested JSON. */
#define FX_NAME "d.json"
#include "base/date.h"
#include "ingestfx.h"

#include <zlib.h>

#include "ingest/ingest.h"

static void
test_array_of_objects(void **state)
{
	struct fx *f = *state;
	const char *text = "[\n"
		"{\"id\": \"A1\", \"amount\": 12.5, \"won\": true, \"day\": \"2026-11-20\"},\n"
		"{\"amount\": null, \"id\": \"A2\", \"extra\": \"x\", \"won\": false},\n"
		"{\"id\": \"上海\", \"amount\": 1e3, \"day\": \"2026-11-21T10:00:00\"}\n"
		"]";
	struct table *t = load(f, text, NULL);
	assert_non_null(t);
	assert_int_equal(t->nrows, 3);
	assert_int_equal(t->ncols, 5);
	const char *order[] = { "id", "amount", "won", "day", "extra" };
	for (size_t j = 0; j < 5; j++)
		assert_string_equal(t->cols[j].name, order[j]);
	struct table_column *id = table_column_find(t, "id");
	assert_int_equal(id->type, TABLE_TEXT);
	assert_string_equal(table_text(id, 1), "A2");
	assert_string_equal(table_text(id, 2), "上海");
	struct table_column *amt = table_column_find(t, "amount");
	assert_int_equal(amt->type, TABLE_NUM);
	assert_true(amt->num[0] == 12.5);
	assert_true(isnan(amt->num[1]));
	assert_true(amt->num[2] == 1000);
	struct table_column *won = table_column_find(t, "won");
	assert_string_equal(table_text(won, 0), "true");
	assert_string_equal(table_text(won, 1), "false");
	assert_null(table_text(won, 2));
	struct table_column *day = table_column_find(t, "day");
	assert_int_equal(day->type, TABLE_DATE);
	assert_true(day->num[0] == date_from_civil(2026, 11, 20));
	assert_int_equal(day->nmissing, 1);
	assert_int_equal(table_column_find(t, "extra")->nmissing, 2);
	for (size_t r = 0; r < 3; r++)
		assert_int_equal(t->srcline[r], r + 2);   /* the line of the row's { */
}

static void
cols_spec(void *ctx, const char *name, size_t index, struct ingest_colspec *spec)
{
	(void)ctx;
	(void)index;
	if (!strcmp(name, "amount"))
		spec->type = INGEST_NUM;
	else if (!strcmp(name, "id"))
		spec->type = INGEST_TEXT;
	else if (!strcmp(name, "note"))
		spec->type = INGEST_SKIP;
}

static void
test_rows_member_and_types(void **state)
{
	struct fx *f = *state;
	const char *text = "{\"meta\": {\"x\": 1}, \"rows\": ["
		"{\"id\": 7, \"amount\": \"1,200\", \"note\": \"n\"},"
		"{\"id\": 8, \"amount\": \"12\"},"
		"{\"id\": 0.1, \"amount\": 3}]}";
	struct ingest_opts o = { .column = cols_spec };
	struct table *t = load(f, text, &o);
	assert_non_null(t);
	assert_int_equal(t->ncols, 2);
	struct table_column *id = table_column_find(t, "id");
	assert_string_equal(table_text(id, 0), "7");
	assert_string_equal(table_text(id, 2), "0.1");
	struct table_column *amt = table_column_find(t, "amount");
	assert_true(isnan(amt->num[0]));         /* "1,200" without thousands declared */
	assert_int_equal(amt->nbad, 1);
	assert_string_equal(amt->example[0].raw, "1,200");
	assert_int_equal(amt->example[0].line, 1);
	assert_true(amt->num[1] == 12);
	assert_true(amt->num[2] == 3);
	o.num.thousands = ',';
	t = load(f, text, &o);
	assert_true(table_column_find(t, "amount")->num[0] == 1200);
	/* empty array: a table with no rows and no columns */
	t = load(f, "[]", NULL);
	assert_non_null(t);
	assert_int_equal(t->nrows, 0);
}

/* A field of numbers with a string or 1e999 among them stays numeric; the others are
 * bad values with their line:column; a field of mostly strings stays text. */
static void
test_mixed_numbers(void **state)
{
	struct fx *f = *state;
	const char *text = "{\"rows\": [\n"
		"  {\"id\": \"P1\", \"cost\": 5, \"tag\": \"a\"},\n"
		"  {\"id\": \"P2\", \"cost\": \"n/a\", \"tag\": 1},\n"
		"  {\"id\": \"P3\", \"cost\": \"7.5\", \"tag\": \"b\"},\n"
		"  {\"id\": \"P4\",  \"cost\": 1e999},\n"
		"  {\"id\": \"P5\", \"cost\": 6, \"tag\": \"c\"}\n"
		"]}";
	struct table *t = load(f, text, NULL);
	assert_non_null(t);
	struct table_column *c = table_column_find(t, "cost");
	assert_int_equal(c->type, TABLE_NUM);
	assert_true(c->num[0] == 5);
	assert_true(isnan(c->num[1]));
	assert_true(c->num[2] == 7.5);                  /* a string that reads as a number */
	assert_true(isnan(c->num[3]));
	assert_true(c->num[4] == 6);
	assert_int_equal(c->nbad, 2);
	assert_int_equal(c->badrow[0], 1);
	assert_int_equal(c->badrow[1], 3);
	assert_string_equal(c->example[0].raw, "n/a");
	assert_int_equal(c->example[0].line, 3);
	assert_int_equal(c->example[0].col, 24);      /* the opening quote */
	assert_string_equal(c->example[1].raw, "1e999");
	assert_int_equal(c->example[1].line, 5);
	assert_int_equal(c->example[1].col, 25);
	struct table_column *tag = table_column_find(t, "tag");
	assert_int_equal(tag->type, TABLE_TEXT);
	assert_int_equal(tag->nbad, 0);
	/* +-1e999 are bad values, never inf */
	t = load(f, "[{\"cost\": 1e999}, {\"cost\": -1e999}, {\"cost\": 2}, {\"cost\": 3}, "
	         "{\"cost\": 4}]", NULL);
	c = table_column_find(t, "cost");
	assert_int_equal(c->type, TABLE_NUM);
	assert_int_equal(c->nbad, 2);
	assert_true(isnan(c->num[0]) && isnan(c->num[1]) && c->num[2] == 2);
	assert_string_equal(c->example[1].raw, "-1e999");
}

static void
test_errors(void **state)
{
	struct fx *f = *state;
	assert_null(load(f, "[{\"a\": 1}, {\"a\": {\"b\": 2}}]", NULL));
	expect_msg(f, "bdreport: d.json: error: row 2: 'a' is an object");
	assert_null(load(f, "[{\"a\": 1}, {\"a\": [1]}]", NULL));
	expect_msg(f, "row 2: 'a' is an array");
	assert_null(load(f, "[{\"a\": 1}, 5]", NULL));
	expect_msg(f, "row 2 is a number, expected an object");
	assert_null(load(f, "{\"data\": []}", NULL));
	expect_msg(f, "expected an array of objects or {\"rows\": [...]}");
	buf_reset(&f->msg);
	assert_null(load(f, "[\n  {\"a\": 1},\n  {\"a\": 2,}\n]", NULL));
	expect_msg(f, "bdreport: d.json:3:11: error: invalid JSON");
	buf_reset(&f->msg);
	assert_null(load(f, "[\n{\"a\": \"x", NULL));
	expect_msg(f, "d.json:2:");
	expect_msg(f, "invalid JSON");
	assert_int_equal(f->d.status, BD_EINPUT);
	/* 5000 levels deep */
	struct buf b;
	buf_init(&b);
	for (int i = 0; i < 5000; i++)
		buf_putc(&b, '[');
	for (int i = 0; i < 5000; i++)
		buf_putc(&b, ']');
	buf_reset(&f->msg);
	assert_null(load(f, b.data, NULL));
	expect_msg(f, "d.json:1:");
	expect_msg(f, "nested too deeply");
	buf_release(&b);
}

static void
test_gzip_json_file(void **state)
{
	struct fx *f = *state;
	const char *text = "[{\"k\": \"v1\"}, {\"k\": \"v2\"}]";
	const char *path = "build-json-test.json.gz";
	gzFile g = gzopen(path, "wb");
	assert_non_null(g);
	gzputs(g, text);
	gzclose(g);
	struct table *t = ingest_read(&f->a, &f->d, path, "x.json.gz", NULL);
	remove(path);
	assert_non_null(t);
	assert_int_equal(t->nrows, 2);
	assert_string_equal(table_text(&t->cols[0], 1), "v2");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_array_of_objects, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mixed_numbers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rows_member_and_types, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gzip_json_file, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
