/* SPDX-License-Identifier: MIT
 * Unit tests for src/ingest/dataset: mapping (names, expressions, defaults), type
 * conversion, required-field drops, join, derive, filter, stages, data quality; and
 * the online_retail example against data/online_retail/reference.json. */
#include "testutil.h"
#include <cJSON.h>
#include "base/date.h"
#include "ingest/dataset.h"

static struct arena A;
static struct diag D;
static struct buf cap;
static struct project *parsed[16];      /* finished in teardown */
static size_t nparsed;

static int
setup(void **s)
{
	(void)s;
	arena_init(&A);
	diag_init(&D);
	D.out = NULL;
	buf_init(&cap);
	D.capture = &cap;
	return 0;
}

static int
teardown(void **s)
{
	(void)s;
	while (nparsed > 0)
		project_finish(parsed[--nparsed]);
	buf_release(&cap);
	arena_finish(&A);
	return 0;
}

static struct project *
parse(const char *text)
{
	struct project *p = project_parse(&A, "p.json", text, strlen(text), &D);
	if (!p)
		fail_msg("%s", buf_str(&cap));
	if (nparsed < 16)
		parsed[nparsed++] = p;
	return p;
}

static void
set_text(struct table *t, size_t col, const char *const *v)
{
	struct table_column *c = &t->cols[col];
	for (size_t r = 0; r < t->nrows; r++)
		c->code[r] = v[r] ? table_intern(&A, c, v[r], strlen(v[r])) : -1;
}

/* Cust, When (text dates), Qty, Price, Kind; 6 rows, one without Cust, one bad date */
static struct table *
raw_orders(void)
{
	static const char *const cust[] = { "c1", "c2", NULL, "c1", "c3", "c2" };
	static const char *const when[] = { "2024-01-01", "2024-01-08", "2024-01-09", "soon", "2024-02-01", "2024-02-03" };
	static const char *const kind[] = { "sale", "sale", "sale", "sale", "refund", "sale" };
	double qty[] = { 1, 2, 3, 4, 5, 6 }, price[] = { 10, 20, 30, 40, 50, NAN };
	struct table *t = table_new(&A, "orders", 6);
	table_add_column(&A, t, "Cust", TABLE_TEXT);
	table_add_column(&A, t, "When", TABLE_TEXT);
	table_add_column(&A, t, "Qty", TABLE_NUM);
	table_add_column(&A, t, "Price", TABLE_NUM);
	table_add_column(&A, t, "Kind", TABLE_TEXT);
	t->srcline = arena_alloc(&A, 6 * sizeof *t->srcline);
	for (size_t r = 0; r < 6; r++) {
		t->cols[2].num[r] = qty[r];
		t->cols[3].num[r] = price[r];
		t->srcline[r] = r + 2;
	}
	t->cols[1].srccol = 2;
	set_text(t, 0, cust);
	set_text(t, 1, when);
	set_text(t, 4, kind);
	return t;
}

static const char orders_project[] =
	"{\"datasets\": {\"orders\": {\"path\": \"o.csv\",\n"
	" \"columns\": {\"customer\": \"Cust\", \"date\": \"When\", \"amount\": \"=Qty * Price\"},\n"
	" \"derive\": {\"big\": \"=amount >= 100\"},\n"
	" \"filter\": \"Kind != 'refund'\"}}}";

static void
test_orders(void **s)
{
	struct project *p = parse(orders_project);
	struct dataset *ds = dataset_prepare(&A, p, p->datasets[PROJECT_ORDERS], raw_orders(), NULL, &D);
	const struct table *t;
	(void)s;
	if (!ds)
		fail_msg("%s", buf_str(&cap));
	t = ds->table;
	/* row 3: no customer; row 4: bad date; row 6: no amount; row 5: refund */
	assert_int_equal(ds->q.rows_read, 6);
	assert_int_equal(ds->q.rows_kept, 2);
	assert_int_equal(ds->q.ndropped, 4);
	assert_string_equal(ds->q.dropped[0].name, "missing customer");
	assert_int_equal(ds->q.dropped[0].n, 1);
	assert_string_equal(ds->q.dropped[1].name, "bad date");
	assert_int_equal(ds->q.dropped[1].n, 1);
	assert_string_equal(ds->q.dropped[2].name, "missing amount");
	assert_string_equal(ds->q.dropped[3].name, "filter");
	assert_int_equal(ds->q.dropped[3].n, 1);
	/* the bad date is reported with its source line and column */
	assert_non_null(strstr(buf_str(&cap), "o.csv:5:2: warning: column 'When': expected a date, got \"soon\""));
	assert_string_equal(t->cols[0].name, "customer");
	assert_int_equal(table_column_find(t, "date")->type, TABLE_DATE);
	assert_close_rel(table_column_find(t, "amount")->num[1], 40, 1e-12);
	assert_close_rel(table_column_find(t, "big")->num[0], 0, 1e-12);
	/* source columns stay available under their own names */
	assert_non_null(table_column_find(t, "Kind"));
	assert_non_null(table_column_find(t, "Cust"));
	assert_string_equal(table_text(table_column_find(t, "Cust"), 1), "c2");
	assert_true(ds->q.date_min == date_from_civil(2024, 1, 1));
	assert_true(ds->q.date_max == date_from_civil(2024, 1, 8));
	assert_int_equal(ds->q.duplicates, -1);
}

static void
test_strict_and_errors(void **s)
{
	struct project *p;
	(void)s;
	p = parse("{\"datasets\": {\"orders\": {\"path\": \"o.csv\", \"strict\": true,\n"
	          " \"columns\": {\"customer\": \"Cust\", \"date\": \"When\", \"amount\": \"Qty\"}}}}");
	assert_null(dataset_prepare(&A, p, p->datasets[PROJECT_ORDERS], raw_orders(), NULL, &D));
	assert_non_null(strstr(buf_str(&cap), "o.csv:5:2: error: column 'When': expected a date, got \"soon\""));
	assert_int_equal(D.status, BD_EINPUT);
	buf_reset(&cap);
	p = parse("{\"datasets\": {\"orders\": {\"path\": \"o.csv\",\n"
	          " \"columns\": {\"customer\": \"cust\", \"date\": \"When\", \"amount\": \"Qty\"}}}}");
	assert_null(dataset_prepare(&A, p, p->datasets[PROJECT_ORDERS], raw_orders(), NULL, &D));
	assert_non_null(strstr(buf_str(&cap), "p.json:2:26: error: dataset 'orders': column 'cust' (field 'customer') not found (columns: Cust, When, Qty, Price, Kind); did you mean 'Cust'?"));
	buf_reset(&cap);
	p = parse("{\"datasets\": {\"orders\": {\"path\": \"o.csv\", \"filter\": \"Qty >\",\n"
	          " \"columns\": {\"customer\": \"Cust\", \"date\": \"When\", \"amount\": \"Qty\"}}}}");
	assert_null(dataset_prepare(&A, p, p->datasets[PROJECT_ORDERS], raw_orders(), NULL, &D));
	assert_non_null(strstr(buf_str(&cap), "p.json:1:59: error: filter of dataset 'orders': expected a value"));
	buf_reset(&cap);
	/* required field defaulting to a same-named column that does not exist */
	p = parse("{\"datasets\": {\"orders\": {\"path\": \"o.csv\", \"columns\": {\"customer\": \"Cust\"}}}}");
	assert_null(dataset_prepare(&A, p, p->datasets[PROJECT_ORDERS], raw_orders(), NULL, &D));
	assert_non_null(strstr(buf_str(&cap), "no column 'date' for the required field 'date'"));
}

static void
test_join_customers(void **s)
{
	static const char *const ids[] = { "a", "b", "a", "c" };
	static const char *const churn[] = { "Yes", "no", "TRUE", "maybe" };
	static const char *const acc[] = { "a", "b", "b" };
	static const char *const sect[] = { "retail", "tech", "other" };
	struct project *p = parse("{\"datasets\": {\"customers\": {\"path\": \"c.csv\",\n"
	                          " \"columns\": {\"churned\": \"Churn\"},\n"
	                          " \"join\": {\"path\": \"acc.csv\", \"on\": {\"id\": \"account\"}}}}}");
	struct table *l = table_new(&A, "customers", 4), *r = table_new(&A, "acc", 3);
	struct dataset *ds;
	const struct table_column *c;
	(void)s;
	table_add_column(&A, l, "id", TABLE_TEXT);
	table_add_column(&A, l, "Churn", TABLE_TEXT);
	set_text(l, 0, ids);
	set_text(l, 1, churn);
	table_add_column(&A, r, "account", TABLE_TEXT);
	table_add_column(&A, r, "sector", TABLE_TEXT);
	table_add_column(&A, r, "revenue", TABLE_NUM);
	set_text(r, 0, acc);
	set_text(r, 1, sect);
	r->cols[2].num[0] = 5;
	r->cols[2].num[1] = 7;
	r->cols[2].num[2] = 9;
	ds = dataset_prepare(&A, p, p->datasets[PROJECT_CUSTOMERS], l, r, &D);
	if (!ds)
		fail_msg("%s", buf_str(&cap));
	assert_non_null(strstr(buf_str(&cap), "1 duplicate key in 'acc.csv'; the first row wins"));
	c = table_column_find(ds->table, "sector");
	assert_string_equal(table_text(c, 0), "retail");
	assert_string_equal(table_text(c, 1), "tech");
	assert_null(table_text(c, 3));
	c = table_column_find(ds->table, "revenue");
	assert_close_rel(c->num[2], 5, 1e-12);
	assert_true(isnan(c->num[3]));
	c = table_column_find(ds->table, "churned");
	assert_int_equal(c->type, TABLE_NUM);
	assert_close_rel(c->num[0], 1, 0);
	assert_close_rel(c->num[1], 0, 0);
	assert_close_rel(c->num[2], 1, 0);
	assert_true(isnan(c->num[3]));
	assert_int_equal(ds->q.duplicates, 1);
	assert_non_null(strstr(buf_str(&cap), "1 value of field 'churned' could not be read; treated as missing"));
}

static void
test_stages(void **s)
{
	static const char *const ids[] = { "1", "2", "3", "4" };
	static const char *const st[] = { " closed won ", "Lost", "Proposal", "WON" };
	struct project *p = parse("{\"datasets\": {\"opportunities\": {\"path\": \"d.csv\", \"lost\": [\"Lost\"]}}}");
	struct table *t = table_new(&A, "opportunities", 4);
	struct dataset *ds;
	const struct table_column *w;
	(void)s;
	table_add_column(&A, t, "id", TABLE_TEXT);
	table_add_column(&A, t, "stage", TABLE_TEXT);
	set_text(t, 0, ids);
	set_text(t, 1, st);
	ds = dataset_prepare(&A, p, p->datasets[PROJECT_OPPORTUNITIES], t, NULL, &D);
	assert_non_null(ds);
	w = table_column_find(ds->table, "won");
	assert_close_rel(w->num[0], 1, 0);
	assert_close_rel(w->num[1], 0, 0);
	assert_true(isnan(w->num[2]));
	assert_close_rel(w->num[3], 1, 0);
	assert_int_equal(dataset_stage_index((const char *const *)ds->spec->stages, ds->spec->nstages, "proposal"), 3);
}

/* The online_retail example end to end through the real reader. */
static void
test_online_retail(void **s)
{
	char path[512], *ref, *text;
	cJSON *j, *fc;
	struct project *p;
	struct dataset *ds[PROJECT_NROLES];
	const struct table *t;
	const struct table_column *c;
	double sum = 0;
	(void)s;
	snprintf(path, sizeof path, "%s/data/online_retail/reference.json", test_repo_dir());
	ref = test_read_file(path, NULL);
	assert_non_null(ref);
	j = cJSON_Parse(ref);
	free(ref);
	assert_non_null(j);
	fc = cJSON_GetObjectItem(j, "filter_counts");
	text = arena_printf(&A,
		"{\"datasets\": {\"orders\": {\"path\": \"%s/data/online_retail/online_retail.csv.gz\",\n"
		" \"columns\": {\"customer\": \"CustomerID\", \"date\": \"InvoiceDate\", \"order\": \"InvoiceNo\",\n"
		"   \"amount\": \"=Quantity * UnitPrice\"},\n"
		" \"filter\": \"not InvoiceNo ~ '^C' and Quantity > 0 and UnitPrice > 0\"}}}", test_repo_dir());
	p = parse(text);
	D.quiet = 1;
	assert_int_equal(dataset_load_all(&A, p, dataset_read, ds, &D), 0);
	assert_int_equal(ds[PROJECT_ORDERS]->q.rows_read,
	                 cJSON_GetObjectItem(cJSON_GetObjectItem(j, "raw_counts"), "rows")->valuedouble);
	assert_int_equal(ds[PROJECT_ORDERS]->q.rows_kept,
	                 cJSON_GetObjectItem(fc, "positive_lines_used")->valuedouble);
	t = ds[PROJECT_ORDERS]->table;
	c = table_column_find(t, "customer");
	{
		size_t n = 0;
		unsigned char *seen = calloc(c->ndict + 1, 1);
		for (size_t r = 0; r < t->nrows; r++)
			if (c->code[r] >= 0 && !seen[c->code[r]]) {
				seen[c->code[r]] = 1;
				n++;
			}
		free(seen);
		assert_int_equal(n, cJSON_GetObjectItem(fc, "customers_with_positive_lines")->valuedouble);
	}
	c = table_column_find(t, "amount");
	for (size_t r = 0; r < t->nrows; r++)
		sum += c->num[r];
	/* the reference sums the per-customer monetary values of the same rows */
	assert_close_rel(sum, cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "rfm_summary"),
	                                          "monetary"), "sum")->valuedouble, 1e-9);
	cJSON_Delete(j);
}

/* Where a role field comes from, and the report date resolved from the datasets. */
static void
test_mapping_and_as_of(void **s)
{
	(void)s;
	struct project_map cols[] = {
		{ .field = "customer", .source = "CustomerID" },
		{ .field = "amount", .source = "Quantity * UnitPrice", .is_expr = 1 },
	};
	struct project_dataset spec = { .name = "orders", .columns = cols, .ncolumns = 2 };
	assert_ptr_equal(dataset_mapping(&spec, "amount"), &cols[1]);
	assert_null(dataset_mapping(&spec, "date"));
	assert_null(dataset_mapping(NULL, "customer"));
	assert_string_equal(dataset_column_source(&spec, "customer"), "CustomerID");
	assert_null(dataset_column_source(&spec, "amount"));        /* an expression */
	assert_null(dataset_column_source(&spec, "date"));          /* a default */
	assert_null(dataset_column_source(NULL, "customer"));

	struct dataset a, b;
	struct dataset *ds[PROJECT_NROLES] = { 0 };
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	a.q.date_max = date_from_civil(2026, 11, 20) + 0.75;
	b.q.date_max = NAN;
	ds[0] = &b;
	ds[2] = &a;
	double d = 0;
	assert_int_equal(dataset_as_of(PROJECT_ASOF_LATEST, 0, ds, &d), 0);
	assert_true(d == date_from_civil(2026, 11, 20));
	assert_int_equal(dataset_as_of(PROJECT_ASOF_DATE, 123, ds, &d), 0);
	assert_true(d == 123);
	char *saved = test_env_swap("SOURCE_DATE_EPOCH", "1700000000");
	assert_int_equal(dataset_as_of(PROJECT_ASOF_TODAY, 0, ds, &d), 0);
	assert_true(d == date_from_civil(2023, 11, 14));
	ds[2] = NULL;                                   /* no dates at all: an error */
	d = 7;
	assert_int_equal(dataset_as_of(PROJECT_ASOF_LATEST, 0, ds, &d), -1);
	assert_true(d == 7);
	test_env_restore("SOURCE_DATE_EPOCH", saved);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_orders, setup, teardown),
		cmocka_unit_test_setup_teardown(test_strict_and_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_join_customers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_online_retail, setup, teardown),
		cmocka_unit_test(test_mapping_and_as_of),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
