/* SPDX-License-Identifier: MIT
 * Unit tests for src/ingest/sqlin: types from declared column types, storage classes
 * into cells, NULLs, renamed duplicate names, bad values located by result row and
 * column, and the errors (a query that writes, a syntax error, a missing database).
 * The database is made here with libsqlite3 in a temporary folder. */
#define FX_NAME "crm.db"
#include "base/date.h"
#include "ingestfx.h"

#include <sqlite3.h>
#include <unistd.h>

#include "ingest/sqlin.h"

static char dbpath[64];

static void
make_db(void)
{
	sqlite3 *h;
	char *err = NULL;
	int fd;
	strcpy(dbpath, "/tmp/test_sqlin-XXXXXX");
	fd = mkstemp(dbpath);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(sqlite3_open(dbpath, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h,
		"CREATE TABLE o (id INTEGER, amount REAL, day DATE, who VARCHAR(20), won BOOLEAN, n NUMERIC);"
		"INSERT INTO o VALUES (1, 12.5, '2026-11-20', 'Ann', 1, 3);"
		"INSERT INTO o VALUES (2, NULL, '2026-11-21 10:30:00', NULL, 0, 4.25);"
		"INSERT INTO o VALUES (3, 7, 'soon', 'Bo', NULL, 5);",
		NULL, NULL, &err), SQLITE_OK);
	sqlite3_free(err);
	sqlite3_close(h);
}

static struct table *
query(struct fx *f, const char *sql)
{
	struct diag_loc q = { "p.json", 7, 14 };
	return sqlin_read(&f->a, &f->d, dbpath, sql, "crm.db", &q, NULL);
}

static void
test_types(void **state)
{
	struct fx *f = *state;
	struct table *t;
	struct table_column *c;
	make_db();
	t = query(f, "SELECT id, amount, day, who, won, n, amount * 2, id AS who FROM o ORDER BY id");
	assert_non_null(t);
	assert_int_equal(t->nrows, 3);
	assert_int_equal(t->ncols, 8);
	assert_int_equal(t->srcline[2], 3);
	c = table_column_find(t, "id");
	assert_int_equal(c->type, TABLE_NUM);
	assert_true(c->num[1] == 2);
	c = table_column_find(t, "amount");
	assert_true(c->num[0] == 12.5 && isnan(c->num[1]));
	c = table_column_find(t, "day");
	assert_int_equal(c->type, TABLE_DATE);
	assert_true(c->num[0] == date_from_civil(2026, 11, 20));
	assert_true(c->num[1] == date_from_civil(2026, 11, 21) + 10.5 / 24);
	assert_int_equal(c->nbad, 1);           /* 'soon' at result row 3, column 3 */
	assert_int_equal(c->example[0].line, 3);
	assert_int_equal(c->example[0].col, 3);
	c = table_column_find(t, "who");
	assert_int_equal(c->type, TABLE_TEXT);
	assert_null(table_text(c, 1));
	c = table_column_find(t, "won");       /* BOOLEAN: inferred, numbers here */
	assert_int_equal(c->type, TABLE_NUM);
	c = table_column_find(t, "amount * 2"); /* no declared type: inferred */
	assert_int_equal(c->type, TABLE_NUM);
	assert_non_null(table_column_find(t, "who_2"));
	expect_msg(f, "p.json:7:14: warning: query column 8: duplicate name 'who' renamed to 'who_2'");
	unlink(dbpath);
}

static void
test_errors(void **state)
{
	struct fx *f = *state;
	make_db();
	assert_null(query(f, "DELETE FROM o"));
	expect_msg(f, "p.json:7:14: error: query: expected a SELECT that returns rows");
	assert_null(query(f, "SELEC * FROM o"));
	expect_msg(f, "p.json:7:14: error: query: near \"SELEC\": syntax error");
	assert_int_equal(f->d.status, BD_EINPUT);
	unlink(dbpath);
	assert_null(query(f, "SELECT 1"));
	expect_msg(f, "crm.db: error: cannot open the SQLite database");
	assert_int_equal(f->d.status, BD_EIO);
}

static void
test_decltype(void **state)
{
	(void)state;
	assert_int_equal(sqlin_decltype("BIGINT"), INGEST_NUM);
	assert_int_equal(sqlin_decltype("double precision"), INGEST_NUM);
	assert_int_equal(sqlin_decltype("DECIMAL(10,2)"), INGEST_NUM);
	assert_int_equal(sqlin_decltype("TIMESTAMP"), INGEST_DATE);
	assert_int_equal(sqlin_decltype("NVARCHAR(40)"), INGEST_TEXT);
	assert_int_equal(sqlin_decltype("BLOB"), INGEST_AUTO);
	assert_int_equal(sqlin_decltype(NULL), INGEST_AUTO);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_types, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_decltype, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
