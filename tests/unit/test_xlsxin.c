/* SPDX-License-Identifier: MIT
 * Unit tests for src/ingest/xlsxin (through ingest_read): the workbooks of
 * tests/data/xlsx (written by tests/data/xlsx/make.py with Python's zipfile and
 * openpyxl, not by bdreport): every cell kind, dates in both date systems, merged and
 * empty cells, sheets by name and position, FILE:SHEET!CELL positions, and errors. */
#define FX_NAME "cells.xlsx"
#include "base/date.h"
#include "ingestfx.h"

#include "ingest/xlsxbook.h"
#include "ingest/xlsxin.h"

#define CELLS "tests/data/xlsx/cells.xlsx"
#define CELLS1904 "tests/data/xlsx/cells1904.xlsx"

static struct table *
read_book(struct fx *f, const char *path, const char *sheet, int index)
{
	struct ingest_opts o;
	memset(&o, 0, sizeof o);
	o.sheet = sheet;
	o.sheet_index = index;
	return ingest_read(&f->a, &f->d, path, NULL, &o);
}

static void
check_deals(struct table *t)
{
	struct table_column *c;
	assert_non_null(t);
	assert_string_equal(t->sheet, "Deals");
	/* header from B2 to H2; the value in I7 is outside the header and ignored */
	assert_int_equal(t->ncols, 7);
	assert_string_equal(t->cols[0].name, "id");
	assert_string_equal(t->cols[6].name, "hours");
	/* rows 3, 4, 6, 7 (row 5 holds no value) */
	assert_int_equal(t->nrows, 4);
	assert_int_equal(t->srcline[0], 3);
	assert_int_equal(t->srcline[2], 6);
	c = table_column_find(t, "id");
	assert_int_equal(c->type, TABLE_TEXT);
	assert_string_equal(table_text(c, 0), "101");       /* a number cell */
	assert_string_equal(table_text(c, 1), "A-7");       /* a formula string */
	assert_string_equal(table_text(c, 2), "X-9");       /* inline rich text */
	c = table_column_find(t, "region");
	assert_string_equal(table_text(c, 0), "Nord & Süd"); /* without the phonetic run */
	assert_string_equal(table_text(c, 1), "Nord & Süd"); /* merged C3:C4 */
	assert_null(table_text(c, 2));
	c = table_column_find(t, "stage");
	assert_string_equal(table_text(c, 0), "Closed Won"); /* rich runs joined */
	c = table_column_find(t, "amount");
	assert_int_equal(c->type, TABLE_NUM);   /* a column of numbers stays one: "n/a" in */
	assert_int_equal(c->nbad, 1);           /* E7 is a bad value, reported, not text */
	c = table_column_find(t, "close");
	assert_int_equal(c->type, TABLE_DATE);
	assert_true(c->num[0] == date_from_civil(2025, 1, 1));   /* built-in 14 */
	assert_true(c->num[1] == date_from_civil(2025, 1, 2));   /* dd/mm/yyyy */
	assert_true(c->num[2] == date_from_civil(2025, 1, 3) + 0.75); /* date-time */
	assert_true(isnan(c->num[3]));          /* a formula without a cached value */
	c = table_column_find(t, "flag");
	assert_string_equal(table_text(c, 0), "true");
	assert_string_equal(table_text(c, 1), "false");
	c = table_column_find(t, "hours");
	assert_int_equal(c->type, TABLE_NUM);   /* h:mm and 0.00" days" are not dates */
	assert_true(c->num[0] == 0.5);
	assert_true(c->num[1] == 2.25);
}

static void
test_cells(void **state)
{
	struct fx *f = *state;
	check_deals(read_book(f, CELLS, NULL, 0));
	assert_int_equal(f->d.nerrors, 0);
}

static void
test_date1904(void **state)
{
	struct fx *f = *state;
	check_deals(read_book(f, CELLS1904, "Deals", 0));
}

static void
amount_num_cb(void *ctx, const char *name, size_t index, struct ingest_colspec *spec)
{
	(void)ctx, (void)index;
	if (!strcmp(name, "amount"))
		spec->type = INGEST_NUM;
}

static void
test_typed_and_bad(void **state)
{
	struct fx *f = *state;
	struct ingest_opts o;
	struct table *t;
	struct table_column *c;
	char ref[16];
	memset(&o, 0, sizeof o);
	o.column = amount_num_cb;
	t = ingest_read(&f->a, &f->d, CELLS, NULL, &o);
	assert_non_null(t);
	c = table_column_find(t, "amount");
	assert_int_equal(c->type, TABLE_NUM);
	assert_true(c->num[0] == 1250.5);
	assert_true(c->num[1] == 2501);         /* the formula's cached value */
	assert_true(isnan(c->num[2]));          /* #DIV/0! is missing, not bad */
	assert_int_equal(c->nbad, 1);           /* "n/a" in E7 */
	assert_int_equal(c->example[0].line, 7);
	assert_int_equal(c->example[0].col, 5);
	assert_string_equal(xlsxbook_cell_name(c->example[0].line, c->example[0].col, ref), "E7");
	assert_string_equal(xlsxbook_cell_name(12, 55, ref), "BC12");
}

static void
test_sheets(void **state)
{
	struct fx *f = *state;
	struct table *t = read_book(f, CELLS, NULL, 2);
	assert_non_null(t);
	assert_string_equal(t->sheet, "Notes & more");
	assert_int_equal(t->nrows, 1);
	assert_string_equal(t->cols[1].name, "note_2");     /* duplicate renamed */
	expect_msg(f, "cells.xlsx:Notes & more!B1: warning: duplicate column name 'note' renamed to 'note_2'");
	t = read_book(f, CELLS, "Notes & more", 0);
	assert_non_null(t);
	assert_null(read_book(f, CELLS, "deals", 0));
	expect_msg(f, "no sheet 'deals' in the workbook (sheets: 'Deals', 'Notes & more'); did you mean 'Deals'?");
	assert_null(read_book(f, CELLS, NULL, 3));
	expect_msg(f, "sheet 3 does not exist (the workbook has 2 sheets)");
	assert_int_equal(f->d.status, BD_EINPUT);
}

static void
test_crm_export(void **state)
{
	struct fx *f = *state;
	struct table *x = read_book(f, "tests/data/xlsx/crm.xlsx", NULL, 0);
	struct table *c = ingest_read(&f->a, &f->d, "tests/data/xlsx/crm.csv", NULL, NULL);
	assert_non_null(x);
	assert_non_null(c);
	assert_int_equal(x->nrows, 300);
	assert_int_equal(x->nrows, c->nrows);
	assert_int_equal(x->ncols, c->ncols);
	for (size_t j = 0; j < x->ncols; j++) {
		struct table_column *a = &x->cols[j], *b = &c->cols[j];
		assert_string_equal(a->name, b->name);
		assert_int_equal(a->type, b->type);
		assert_int_equal(a->nmissing, b->nmissing);
		for (size_t r = 0; r < x->nrows; r++) {
			if (a->type == TABLE_TEXT) {
				const char *s = table_text(a, r), *u = table_text(b, r);
				assert_true((!s && !u) || (s && u && !strcmp(s, u)));
			} else {
				assert_true(a->num[r] == b->num[r] || (isnan(a->num[r]) && isnan(b->num[r])));
			}
		}
	}
}

/* Runs of rows parsed in parallel give the same table as one thread. */
static int
same_table(const struct table *x, const struct table *c)
{
	if (x->nrows != c->nrows || x->ncols != c->ncols)
		return 0;
	for (size_t j = 0; j < x->ncols; j++) {
		const struct table_column *a = &x->cols[j], *b = &c->cols[j];
		if (strcmp(a->name, b->name) || a->type != b->type || a->nmissing != b->nmissing ||
		    a->nbad != b->nbad)
			return 0;
		for (size_t r = 0; r < x->nrows; r++) {
			if (a->type == TABLE_TEXT) {
				const char *s = table_text(a, r), *u = table_text(b, r);
				if ((s || u) && (!s || !u || strcmp(s, u)))
					return 0;
			} else if (!(a->num[r] == b->num[r] || (isnan(a->num[r]) && isnan(b->num[r])))) {
				return 0;
			}
		}
		if (x->srcline[j < x->nrows ? j : 0] != c->srcline[j < x->nrows ? j : 0])
			return 0;
	}
	return 1;
}

static void
test_parallel(void **state)
{
	struct fx *f = *state;
	static const char *const books[] = { "tests/data/xlsx/crm.xlsx", CELLS, CELLS1904 };
	for (size_t i = 0; i < 3; i++) {
		struct ingest_opts o;
		struct table *one, *many;
		memset(&o, 0, sizeof o);
		o.threads = 1;
		one = ingest_read(&f->a, &f->d, books[i], NULL, &o);
		for (int k = 2; k <= 4; k++) {
			o.threads = k;
			many = ingest_read(&f->a, &f->d, books[i], NULL, &o);
			assert_non_null(one);
			assert_non_null(many);
			assert_true(same_table(one, many));
		}
	}
}

static void
test_not_a_workbook(void **state)
{
	struct fx *f = *state;
	static const char junk[] = "PK\003\004 this is not a zip archive at all";
	struct ingest_opts o;
	memset(&o, 0, sizeof o);
	assert_null(ingest_read_mem(&f->a, &f->d, junk, sizeof junk, "junk.xlsx", &o));
	expect_msg(f, "junk.xlsx: error: not an Excel workbook");
	assert_null(read_book(f, "tests/data/xlsx/no-such.xlsx", NULL, 0));
	assert_int_equal(f->d.status, BD_EIO);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cells, setup, teardown),
		cmocka_unit_test_setup_teardown(test_date1904, setup, teardown),
		cmocka_unit_test_setup_teardown(test_typed_and_bad, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_crm_export, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parallel, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_a_workbook, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
