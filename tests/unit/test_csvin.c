/* SPDX-License-Identifier: MIT
 * Unit tests for src/ingest/csvin (through ingest_read): quoting, embedded newlines
 * and line numbers, line ends, BOM, delimiter detection, whitespace columns, headers,
 * ragged rows, unterminated quotes, typed columns with bad values, a 10 MB field,
 * and the real datasets under data/. */
#define FX_NAME "t.csv"
#include "base/date.h"
#include "ingestfx.h"

#include <cJSON.h>

#include "base/rng.h"
#include "ingest/csvin.h"
#include "ingest/ingest.h"

static const char *
text_at(const struct table *t, const char *col, size_t row)
{
	struct table_column *c = table_column_find(t, col);
	if (!c)
		fail_msg("no column '%s'", col);
	assert_int_equal(c->type, TABLE_TEXT);
	return table_text(c, row);
}

static double
num_at(const struct table *t, const char *col, size_t row)
{
	struct table_column *c = table_column_find(t, col);
	if (!c)
		fail_msg("no column '%s'", col);
	assert_int_not_equal(c->type, TABLE_TEXT);
	return c->num[row];
}

static void
test_quoting_and_embedded_newlines(void **state)
{
	struct fx *f = *state;
	struct table *t = ingest_read(&f->a, &f->d, "tests/data/ingest/quoted.csv", "q.csv", NULL);
	assert_non_null(t);
	assert_int_equal(t->nrows, 4);
	assert_int_equal(t->ncols, 3);
	assert_string_equal(text_at(t, "comment", 0), "Smith, John");
	assert_string_equal(text_at(t, "comment", 1), "He said \"hi\"");
	assert_string_equal(text_at(t, "comment", 2), "two\nlines");
	assert_string_equal(text_at(t, "comment", 3), "plain");
	assert_true(num_at(t, "amount", 0) == 10.5);
	/* rows start on lines 2, 3, 4 and 6 (row 3 spans lines 4-5) */
	size_t lines[] = { 2, 3, 4, 6 };
	for (size_t r = 0; r < 4; r++)
		assert_int_equal(t->srcline[r], lines[r]);
	assert_string_equal(t->path, "q.csv");
	assert_int_equal(table_column_find(t, "amount")->srccol, 3);
}

/* Dictionary codes follow first appearance even when quoted lines (libcsv) and
 * plain lines (split in place, interned a few cells late) alternate. */
static void
all_text(void *ctx, const char *name, size_t index, struct ingest_colspec *spec)
{
	(void)ctx;
	(void)name;
	(void)index;
	spec->type = INGEST_TEXT;
}

static void
test_dictionary_order(void **state)
{
	struct fx *f = *state;
	struct ingest_opts o = { .column = all_text };
	struct buf b;
	buf_init(&b);
	buf_puts(&b, "k,n\nb,1\n\"a\",2\nc,3\nb,4\n\"c\",5\nd,6\n");
	for (int i = 0; i < 100; i++)
		buf_printf(&b, i % 3 ? "x%d,%d\n" : "\"x%d\",%d\n", i % 17, i);
	struct table *t = load(f, b.data, &o);
	assert_non_null(t);
	struct table_column *k = table_column_find(t, "k");
	const char *first[] = { "b", "a", "c", "d", "x0", "x1", "x2" };
	for (size_t i = 0; i < 7; i++)
		assert_string_equal(k->dict[i], first[i]);
	int32_t codes[] = { 0, 1, 2, 0, 2, 3, 4, 5 };
	for (size_t r = 0; r < 8; r++)
		assert_int_equal(k->code[r], codes[r]);
	assert_int_equal(k->ndict, 4 + 17);
	for (size_t r = 6; r < t->nrows; r++) {
		char want[16];
		snprintf(want, sizeof want, "x%zu", (r - 6) % 17);
		assert_string_equal(table_text(k, r), want);
	}
	buf_release(&b);
}

static void
test_line_ends(void **state)
{
	struct fx *f = *state;
	const char *variants[] = {
		"a,b\n1,x\n2,\"y\ny\"\n3,z",               /* LF, no final newline */
		"a,b\r\n1,x\r\n2,\"y\ny\"\r\n3,z\r\n",     /* CRLF */
		"a,b\r1,x\r2,\"y\ry\"\r3,z\r",             /* CR only */
		"a,b\n1,x\r\n2,\"y\r\ny\"\n3,z\r\n",        /* mixed LF and CRLF */
		"\xef\xbb\xbf" "a,b\n\n1,x\n2,\"y\ny\"\n3,z\n\n",   /* BOM, blank lines */
	};
	size_t want_line[5][3] = { { 2, 3, 5 }, { 2, 3, 5 }, { 2, 3, 5 }, { 2, 3, 5 }, { 3, 4, 6 } };
	for (size_t v = 0; v < 5; v++) {
		struct table *t = load(f, variants[v], NULL);
		assert_non_null(t);
		assert_int_equal(t->nrows, 3);
		assert_string_equal(t->cols[0].name, "a");
		assert_string_equal(text_at(t, "b", 2), "z");
		assert_int_equal(strlen(text_at(t, "b", 1)), v == 3 ? 4 : 3);
		assert_true(num_at(t, "a", 2) == 3);
		for (size_t r = 0; r < 3; r++)
			if (t->srcline[r] != want_line[v][r])
				fail_msg("variant %zu row %zu: line %zu, expected %zu", v, r,
				         t->srcline[r], want_line[v][r]);
	}
	assert_int_equal(f->d.nwarnings, 0);
}

static void
test_delimiter_detection(void **state)
{
	struct fx *f = *state;
	struct {
		const char *text;
		char delim;
	} cases[] = {
		{ "a;b;c\n1;2,5;3\n4;5,5;6\n", ';' },
		{ "a\tb\tc\n1\t2\t3\n", '\t' },
		{ "a|b|c\n1|2|3\n", '|' },
		{ "a,b\n1,2\n", ',' },
		{ "\"x;y\",b\n1,2\n", ',' },          /* delimiters inside quotes do not count */
		{ "single\n1\n", ',' },
		{ "a,b;c;d\n1,2;3;4\n5,6;7\n", ',' }, /* ; is not consistent across lines */
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		if (csvin_detect(cases[i].text, strlen(cases[i].text)) != cases[i].delim)
			fail_msg("case %zu: detected '%c'", i,
			         csvin_detect(cases[i].text, strlen(cases[i].text)));
	struct table *t = load(f, "a;b;c\n1;2,5;3\n", NULL);
	assert_non_null(t);
	assert_int_equal(t->ncols, 3);
	assert_string_equal(text_at(t, "b", 0), "2,5");
	struct ingest_opts o = { .delimiter = ";", .num = { ',', 0, 0, 0 } };
	t = load(f, "a;b;c\n1;2,5;3\n", &o);
	assert_true(num_at(t, "b", 0) == 2.5);
	t = load(f, "a\tb\n x \t\n", NULL);      /* TSV: spaces trimmed, empty field kept */
	assert_int_equal(t->ncols, 2);
	assert_string_equal(text_at(t, "a", 0), "x");
	assert_null(text_at(t, "b", 0));
	struct ingest_opts bad = { .delimiter = "::" };
	assert_null(load(f, "a\n1\n", &bad));
	expect_msg(f, "unknown delimiter '::'");
	assert_int_equal(csvin_delimiter_parse("tab"), '\t');
	assert_int_equal(csvin_delimiter_parse("whitespace"), ' ');
	assert_int_equal(csvin_delimiter_parse(NULL), 0);
}

static void
test_whitespace_delimiter(void **state)
{
	struct fx *f = *state;
	struct ingest_opts o = { .delimiter = "whitespace" };
	const char *text = "  id   region     sales\n"
	                   "   1   north    12.50\n"
	                   "\n"
	                   "\t2\tsouth\t 7\n"
	                   "3 east 1 extra\n";
	struct table *t = load(f, text, &o);
	assert_null(t);         /* the last row has a 4th field */
	expect_msg(f, "t.csv:5:10: error: row has 4 fields, the header has 3");
	buf_reset(&f->msg);
	t = load(f, "  id   region     sales\n   1   north    12.50\n\n\t2\tsouth\t 7\n", &o);
	assert_non_null(t);
	assert_int_equal(t->nrows, 2);
	assert_string_equal(text_at(t, "region", 1), "south");
	assert_true(num_at(t, "sales", 0) == 12.5);
	assert_int_equal(t->srcline[1], 4);
}

static void
test_headers(void **state)
{
	struct fx *f = *state;
	struct table *t = load(f, "amount,,amount,name,\n1,2,3,x,5\n", NULL);
	assert_non_null(t);
	assert_string_equal(t->cols[0].name, "amount");
	assert_string_equal(t->cols[1].name, "col_2");
	assert_string_equal(t->cols[2].name, "amount_2");
	assert_string_equal(t->cols[4].name, "col_5");
	assert_int_equal(f->d.nwarnings, 3);
	expect_msg(f, "t.csv:1:8: warning: empty column name (field 2) renamed to 'col_2'");
	expect_msg(f, "t.csv:1:9: warning: duplicate column name 'amount' renamed to 'amount_2'");
	assert_true(num_at(t, "amount_2", 0) == 3);

	buf_reset(&f->msg);
	t = load(f, "a,b\r\n", NULL);             /* header only: fine, no rows */
	assert_non_null(t);
	assert_int_equal(t->nrows, 0);
	assert_int_equal(t->ncols, 2);

	assert_null(load(f, "", NULL));
	expect_msg(f, "bdreport: t.csv: error: the file has no header row");
	assert_null(load(f, "\n\r\n  \n", NULL));
	assert_int_equal(f->d.status, BD_EINPUT);
	assert_null(ingest_read(&f->a, &f->d, "tests/data/ingest/empty.csv", "e.csv", NULL));
	expect_msg(f, "e.csv: error: the file has no header row");
}

static void
test_ragged_rows(void **state)
{
	struct fx *f = *state;
	assert_null(load(f, "a,b,c\n1,2,3\n4,5\n6,\"7,x\",8,9\n", NULL));
	expect_msg(f, "bdreport: t.csv:3:4: error: row has 2 fields, the header has 3 (too few");
	expect_msg(f, "bdreport: t.csv:4:11: error: row has 4 fields, the header has 3 (too many");
	assert_int_equal(f->d.nerrors, 2);
	/* many ragged rows: five listed, then a count */
	struct buf b;
	buf_init(&b);
	buf_puts(&b, "a,b\n");
	for (int i = 0; i < 12; i++)
		buf_puts(&b, "1\n");
	buf_reset(&f->msg);
	assert_null(load(f, b.data, NULL));
	expect_msg(f, "t.csv:6:2: error: row has 1 field,");
	expect_msg(f, "12 rows in all have a wrong number of fields");
	assert_null(strstr(buf_str(&f->msg), "t.csv:7:"));
	buf_release(&b);
}

static void
test_quote_errors(void **state)
{
	struct fx *f = *state;
	assert_null(load(f, "a,b\n1,x\n2,\"open\nmore\n3,y\n", NULL));
	expect_msg(f, "bdreport: t.csv:3:3: error: unterminated quoted field");
	buf_reset(&f->msg);
	assert_null(load(f, "a,b\n1,x\"y\n", NULL));
	expect_msg(f, "t.csv:2:4: error: unexpected '\"' inside an unquoted field");
	buf_reset(&f->msg);
	assert_null(load(f, "a,b\n1,\"x\"y\n", NULL));
	expect_msg(f, "t.csv:2:6: error: unexpected 'y' after the closing quote");
	assert_int_equal(f->d.status, BD_EINPUT);
}

static void
test_nul_and_encoding(void **state)
{
	struct fx *f = *state;
	const char nul[] = "a,b\n1,2\n3,\0\n";
	assert_null(ingest_read_mem(&f->a, &f->d, nul, sizeof nul - 1, "n.csv", NULL));
	expect_msg(f, "n.csv:3:3: error: NUL byte");
	struct ingest_opts o = { .encoding = "latin-1" };
	struct table *t = load(f, "name,city\nM\xfcller,Z\xfcrich\n", &o);
	assert_non_null(t);
	assert_string_equal(text_at(t, "name", 0), "M\xc3\xbcller");
	struct ingest_opts bad = { .encoding = "ebcdic" };
	assert_null(load(f, "a\n", &bad));
	expect_msg(f, "unknown encoding 'ebcdic'");
	/* Chinese text, and invalid UTF-8 reported with its position */
	t = load(f, "客户,金额\n上海华信科技有限公司,\"1,200\"\n", NULL);
	assert_non_null(t);
	assert_string_equal(t->cols[0].name, "客户");
	assert_string_equal(text_at(t, "客户", 0), "上海华信科技有限公司");
	assert_null(load(f, "a\nok\nbad\xff\n", NULL));
	expect_msg(f, "t.csv:3:4: error: invalid UTF-8 byte 0xff");
}

static void
typed_cols(void *ctx, const char *name, size_t index, struct ingest_colspec *spec)
{
	(void)ctx;
	(void)index;
	if (!strcmp(name, "amount"))
		spec->type = INGEST_NUM;
	else if (!strcmp(name, "day"))
		spec->type = INGEST_DATE;
	else if (!strcmp(name, "when"))
		spec->type = INGEST_DATE, spec->date_format = "%d-%b-%y";
	else if (!strcmp(name, "skip"))
		spec->type = INGEST_SKIP;
	else if (!strcmp(name, "id"))
		spec->type = INGEST_TEXT;
}

static void
test_typed_columns_and_bad_values(void **state)
{
	struct fx *f = *state;
	struct ingest_opts o = { .column = typed_cols };
	const char *text = "id,amount,skip,day,when\n"
	                   "007,12.5,zzz,2026-11-20,05-Nov-26\n"
	                   "8,n/a,zzz,2026-11-20,06-Nov-26\n"
	                   "9,  , ,2026-02-30,2026-11-07\n"
	                   "NA,\"1,5\",x,2026-11-20,7 nov 26\n";
	struct table *t = load(f, text, &o);
	assert_non_null(t);
	assert_int_equal(t->ncols, 4);                 /* skip is not loaded */
	assert_null(table_column_find(t, "skip"));
	assert_string_equal(text_at(t, "id", 0), "007"); /* TEXT keeps ids as written */
	assert_null(text_at(t, "id", 3));               /* NA is missing */
	struct table_column *amt = table_column_find(t, "amount");
	assert_int_equal(amt->srccol, 2);
	assert_true(amt->num[0] == 12.5);
	assert_int_equal(amt->nbad, 2);                 /* "n/a" and "1,5"; "  " is missing */
	assert_int_equal(amt->nmissing, 3);
	assert_int_equal(amt->badrow[0], 1);
	assert_int_equal(amt->badrow[1], 3);
	assert_int_equal(amt->nexample, 2);
	assert_string_equal(amt->example[0].raw, "n/a");
	assert_int_equal(amt->example[0].line, 3);
	assert_int_equal(amt->example[0].col, 3);
	assert_string_equal(amt->example[1].raw, "1,5");
	assert_int_equal(amt->example[1].line, 5);
	assert_int_equal(amt->example[1].col, 4);
	struct table_column *day = table_column_find(t, "day");
	assert_int_equal(day->type, TABLE_DATE);
	assert_true(day->num[1] == date_from_civil(2026, 11, 20));
	assert_int_equal(day->nbad, 1);
	assert_string_equal(day->example[0].raw, "2026-02-30");
	assert_int_equal(day->example[0].line, 4);
	assert_int_equal(day->example[0].col, 8);
	/* empty cells in a typed column are missing, not bad (also before any value) */
	t = load(f, "id,amount,day\n1,,\n2,,2026-11-20\n3,,\n", &o);
	assert_non_null(t);
	assert_int_equal(table_column_find(t, "day")->nbad, 0);
	assert_int_equal(table_column_find(t, "day")->nmissing, 2);
	assert_int_equal(table_column_find(t, "amount")->nbad, 0);
	assert_int_equal(table_column_find(t, "amount")->nmissing, 3);
	t = load(f, text, &o);
	struct table_column *when = table_column_find(t, "when");
	assert_true(when->num[1] == date_from_civil(2026, 11, 6));
	assert_true(when->num[2] == date_from_civil(2026, 11, 7));   /* ISO accepted too */
	assert_int_equal(when->nbad, 1);
	assert_int_equal(when->example[0].line, 5);
	assert_int_equal(when->example[0].col, 23);
	assert_string_equal(when->example[0].raw, "7 nov 26");
}

static void
test_auto_inference(void **state)
{
	struct fx *f = *state;
	const char *text = "n,d,t,dt,blank,pct\n"
	                   "1, 2026-11-20 ,a,2026-11-20 14:03:00,,12%\n"
	                   " ,NA,b,2026-11-21T00:00:00Z, ,5%\n"
	                   "17850.0,2026-11-22,1,-,NULL,1.5%\n";
	struct ingest_opts o = { .num = { '.', 0, 0, 1 } };
	struct table *t = load(f, text, &o);
	assert_non_null(t);
	assert_int_equal(table_column_find(t, "n")->type, TABLE_NUM);
	assert_int_equal(table_column_find(t, "n")->nmissing, 1);
	assert_true(num_at(t, "n", 2) == 17850.0);
	assert_int_equal(table_column_find(t, "d")->type, TABLE_DATE);
	assert_true(num_at(t, "d", 2) == date_from_civil(2026, 11, 22));
	assert_int_equal(table_column_find(t, "t")->type, TABLE_TEXT);
	assert_string_equal(text_at(t, "t", 2), "1");
	assert_int_equal(table_column_find(t, "dt")->type, TABLE_DATE);
	assert_int_equal(table_column_find(t, "dt")->nmissing, 1);
	assert_int_equal(table_column_find(t, "blank")->nmissing, 3);
	assert_true(num_at(t, "pct", 0) == strtod("0.12", NULL));
	for (size_t j = 0; j < t->ncols; j++)
		assert_int_equal(t->cols[j].nbad, 0);
}

static void
test_long_field(void **state)
{
	struct fx *f = *state;
	size_t big = 10u << 20;
	char *text = malloc(big + 64);
	size_t k = (size_t)sprintf(text, "id,blob\n1,\"");
	memset(text + k, 'x', big);
	k += big;
	k += (size_t)sprintf(text + k, "\"\n2,short\n");
	struct table *t = ingest_read_mem(&f->a, &f->d, text, k, "big.csv", NULL);
	assert_non_null(t);
	assert_int_equal(t->nrows, 2);
	assert_int_equal(strlen(text_at(t, "blob", 0)), big);
	assert_string_equal(text_at(t, "blob", 1), "short");
	assert_int_equal(t->srcline[1], 3);
	free(text);
}

/* ---- real datasets ---------------------------------------------------------- */

/* data/REL in the repository; the file must exist (the datasets ship with it). */
static char *
data_path(const char *rel)
{
	static char p[1024];
	snprintf(p, sizeof p, "%s/data/%s", test_repo_dir(), rel);
	FILE *fp = fopen(p, "rb");
	if (!fp)
		fail_msg("%s: missing from the repository", p);
	fclose(fp);
	return p;
}

static cJSON *
reference(const char *rel)
{
	char *path = data_path(rel);
	char *text = test_read_file(path, NULL);
	assert_non_null(text);
	cJSON *j = cJSON_Parse(text);
	free(text);
	assert_non_null(j);
	return j;
}

static double
ref_num(const cJSON *j, const char *a, const char *b)
{
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(j, a);
	if (b)
		x = cJSON_GetObjectItemCaseSensitive(x, b);
	if (!cJSON_IsNumber(x))
		fail_msg("reference %s.%s missing", a, b ? b : "");
	return x->valuedouble;
}

static void
test_real_online_retail(void **state)
{
	struct fx *f = *state;
	char *p = data_path("online_retail/online_retail.csv.gz");
	struct table *t = ingest_read(&f->a, &f->d, p, NULL, NULL);
	assert_non_null(t);
	cJSON *ref = reference("online_retail/reference.json");
	assert_int_equal(t->nrows, (size_t)ref_num(ref, "raw_counts", "rows"));
	assert_int_equal(t->ncols, 8);
	struct table_column *cid = table_column_find(t, "CustomerID");
	assert_int_equal(cid->type, TABLE_NUM);                 /* "17850.0" */
	assert_int_equal(cid->nmissing, (size_t)ref_num(ref, "raw_counts", "rows_missing_customer_id"));
	assert_int_equal(table_column_find(t, "Description")->nmissing,
	                 (size_t)ref_num(ref, "raw_counts", "rows_missing_description"));
	assert_int_equal(table_column_find(t, "InvoiceNo")->ndict,
	                 (size_t)ref_num(ref, "raw_counts", "distinct_invoices"));
	assert_int_equal(table_column_find(t, "StockCode")->ndict,
	                 (size_t)ref_num(ref, "raw_counts", "distinct_stock_codes"));
	assert_int_equal(table_column_find(t, "Country")->ndict,
	                 (size_t)ref_num(ref, "raw_counts", "distinct_countries"));
	struct table_column *date = table_column_find(t, "InvoiceDate");
	assert_int_equal(date->type, TABLE_DATE);
	struct table_column *q = table_column_find(t, "Quantity"), *u = table_column_find(t, "UnitPrice");
	double sum = 0, first = 1e300, last = -1e300;
	for (size_t r = 0; r < t->nrows; r++) {
		sum += q->num[r] * u->num[r];
		first = date->num[r] < first ? date->num[r] : first;
		last = date->num[r] > last ? date->num[r] : last;
	}
	assert_close_rel(sum, ref_num(ref, "raw_counts", "sum_quantity_times_unitprice_all_rows"), 1e-9);
	const char *fd = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(ref, "raw_counts"), "first_invoice_date")->valuestring;
	double want;
	assert_int_equal(date_parse_iso(fd, strlen(fd), &want), 0);
	assert_close_abs(first, want, 1e-6);
	/* "£" survives as UTF-8 in descriptions */
	struct table_column *desc = table_column_find(t, "Description");
	size_t pound = 0;
	for (size_t k = 0; k < desc->ndict; k++)
		pound += strstr(desc->dict[k], "\xc2\xa3") != NULL;
	assert_true(pound > 0);
	assert_int_equal(t->srcline[t->nrows - 1], t->nrows + 1);
	cJSON_Delete(ref);
}

static void
test_real_telco(void **state)
{
	struct fx *f = *state;
	char *p = data_path("telco_churn/WA_Fn-UseC_-Telco-Customer-Churn.csv");
	struct table *t = ingest_read(&f->a, &f->d, p, NULL, NULL);
	assert_non_null(t);
	cJSON *ref = reference("telco_churn/reference.json");
	const cJSON *py = cJSON_GetObjectItemCaseSensitive(ref, "python");
	assert_int_equal(t->nrows, (size_t)ref_num(py, "rows", NULL));
	const cJSON *cols = cJSON_GetObjectItemCaseSensitive(py, "columns");
	assert_int_equal(t->ncols, (size_t)cJSON_GetArraySize(cols));
	for (size_t j = 0; j < t->ncols; j++)
		assert_string_equal(t->cols[j].name, cJSON_GetArrayItem(cols, (int)j)->valuestring);
	struct table_column *tc = table_column_find(t, "TotalCharges");
	assert_int_equal(tc->type, TABLE_NUM);                  /* " " blanks are missing */
	assert_int_equal(tc->nmissing, (size_t)ref_num(py, "basic", "TotalCharges_blank_rows"));
	struct table_column *ten = table_column_find(t, "tenure");
	double s = 0;
	for (size_t r = 0; r < t->nrows; r++)
		s += ten->num[r];
	assert_close_rel(s / (double)t->nrows, ref_num(py, "basic", "tenure_mean"), 1e-9);
	assert_close_rel(s / (double)t->nrows, ref_num(py, "basic", "tenure_mean"), 1e-9);
	cJSON_Delete(ref);
}

static void
test_real_crm_and_advertising(void **state)
{
	struct fx *f = *state;
	char *p = data_path("crm_sales_opportunities/sales_pipeline.csv");
	struct table *t = ingest_read(&f->a, &f->d, p, NULL, NULL);
	assert_non_null(t);
	cJSON *ref = reference("crm_sales_opportunities/reference.json");
	assert_int_equal(t->nrows, (size_t)ref_num(ref, "rows", NULL));
	cJSON_Delete(ref);
	assert_int_equal(table_column_find(t, "close_date")->type, TABLE_DATE);
	assert_int_equal(table_column_find(t, "close_value")->type, TABLE_NUM);

	p = data_path("advertising/Advertising.csv");
	assert_non_null(p);
	t = ingest_read(&f->a, &f->d, p, "Advertising.csv", NULL);
	assert_non_null(t);
	expect_msg(f, "Advertising.csv:1:1: warning: empty column name (field 1) renamed to 'col_1'");
	ref = reference("advertising/reference.json");
	const char *names[] = { "TV", "radio", "newspaper", "sales" };
	for (size_t k = 0; k < 4; k++) {
		struct table_column *c = table_column_find(t, names[k]);
		assert_non_null(c);
		double s = 0;
		for (size_t r = 0; r < t->nrows; r++)
			s += c->num[r];
		const cJSON *desc = cJSON_GetObjectItemCaseSensitive(ref, "describe");
		assert_close_rel(s / (double)t->nrows, ref_num(desc, names[k], "mean"), 1e-12);
	}
	cJSON_Delete(ref);
}

/* Parallel reading: the table must be the same byte for byte whatever the thread
 * count. The file mixes quoted fields, doubled quotes, embedded newlines, blank lines,
 * bad numbers and dates, missing values, AUTO columns (one that stays numeric, one
 * that turns to text late in the file) and high-cardinality ids. */
static void
make_mixed(struct buf *b, const char *eol, size_t rows, uint64_t seed)
{
	struct rng r;
	rng_seed(&r, seed);
	buf_printf(b, "id,name,amount,day,num,late,cust%s", eol);
	for (size_t i = 0; i < rows; i++) {
		unsigned k = (unsigned)rng_below(&r, 1000);
		buf_printf(b, "O%zu,", i - (size_t)(k % 3 == 0));
		if (k < 50)
			buf_printf(b, "\"Acme, \"\"Inc\"\"%s line %u\",", eol, k % 7);
		else if (k < 100)
			buf_printf(b, "\"name %u\",", k % 11);
		else if (k < 110)
			buf_puts(b, ",");
		else
			buf_printf(b, "n%u,", k % 13);
		if (k < 5)
			buf_puts(b, "n/a,");
		else if (k < 15)
			buf_puts(b, "NA,");
		else
			buf_printf(b, "%u.%02u,", k, (unsigned)i % 100);
		if (k > 995)
			buf_puts(b, "2026-02-30,");
		else
			buf_printf(b, "2026-%02u-%02u,", 1 + k % 12, 1 + k % 28);
		buf_printf(b, "%u,", k % 37);
		if (i > rows * 9 / 10 && k < 3)
			buf_puts(b, "word,");
		else
			buf_printf(b, "%u,", k);
		buf_printf(b, "C%u%s", (unsigned)rng_below(&r, rows / 4 + 1), eol);
		if (k == 500)
			buf_puts(b, eol);       /* a blank line between rows */
	}
}

static void
typed_mixed(void *ctx, const char *name, size_t index, struct ingest_colspec *spec)
{
	(void)ctx;
	(void)index;
	if (!strcmp(name, "amount"))
		spec->type = INGEST_NUM;
	else if (!strcmp(name, "day"))
		spec->type = INGEST_DATE;
	else if (!strcmp(name, "id") || !strcmp(name, "cust"))
		spec->type = INGEST_TEXT;
}

static void
assert_same_table(const struct table *x, const struct table *y)
{
	assert_int_equal(x->nrows, y->nrows);
	assert_int_equal(x->ncols, y->ncols);
	assert_memory_equal(x->srcline, y->srcline, x->nrows * sizeof *x->srcline);
	for (size_t j = 0; j < x->ncols; j++) {
		const struct table_column *a = &x->cols[j], *b = &y->cols[j];
		assert_string_equal(a->name, b->name);
		assert_int_equal(a->type, b->type);
		assert_int_equal(a->srccol, b->srccol);
		assert_int_equal(a->nmissing, b->nmissing);
		assert_int_equal(a->nbad, b->nbad);
		if (a->nbad)
			assert_memory_equal(a->badrow, b->badrow, a->nbad * sizeof *a->badrow);
		assert_int_equal(a->nexample, b->nexample);
		for (size_t i = 0; i < a->nexample; i++) {
			assert_int_equal(a->example[i].row, b->example[i].row);
			assert_int_equal(a->example[i].line, b->example[i].line);
			assert_int_equal(a->example[i].col, b->example[i].col);
			assert_string_equal(a->example[i].raw, b->example[i].raw);
		}
		if (a->type == TABLE_TEXT) {
			assert_int_equal(a->ndict, b->ndict);
			for (size_t i = 0; i < a->ndict; i++)
				assert_string_equal(a->dict[i], b->dict[i]);
			assert_memory_equal(a->code, b->code, x->nrows * sizeof *a->code);
		} else {
			assert_memory_equal(a->num, b->num, x->nrows * sizeof *a->num);
		}
		/* where a column's numbers stopped: the same block-independent place */
		assert_int_equal(a->nonnum.raw != NULL, b->nonnum.raw != NULL);
		if (a->nonnum.raw) {
			assert_int_equal(a->nonnum.row, b->nonnum.row);
			assert_int_equal(a->nonnum.line, b->nonnum.line);
			assert_int_equal(a->nonnum.col, b->nonnum.col);
			assert_string_equal(a->nonnum.raw, b->nonnum.raw);
		}
	}
}

static void
test_parallel_same_table(void **state)
{
	struct fx *f = *state;
	const char *eols[] = { "\n", "\r\n", "\r" };
	for (size_t e = 0; e < 3; e++) {
		struct buf b;
		buf_init(&b);
		make_mixed(&b, eols[e], 20000, 7 + e);
		struct ingest_opts o = { .column = e == 1 ? NULL : typed_mixed, .threads = 1 };
		struct table *one = ingest_read_mem(&f->a, &f->d, b.data, b.len, "t.csv", &o);
		assert_non_null(one);
		assert_true(one->nrows >= 20000 - 1);
		assert_int_equal(f->d.nerrors, 0);
		/* "late" holds numbers, then "word" in the last tenth: text, and says where */
		const struct table_column *late = table_column_find(one, "late");
		assert_int_equal(late->type, TABLE_TEXT);
		assert_non_null(late->nonnum.raw);
		assert_string_equal(late->nonnum.raw, "word");
		assert_true(late->nonnum.row > 20000 * 9 / 10 - 10);
		assert_string_equal(table_text(late, late->nonnum.row), "word");
		assert_true(late->nonnum.line >= (long)one->srcline[late->nonnum.row]);   /* its row's */
		assert_true(late->nonnum.row + 1 == one->nrows ||
		            late->nonnum.line < (long)one->srcline[late->nonnum.row + 1]);
		assert_true(late->nonnum.col > 1);
		assert_null(table_column_find(one, "num")->nonnum.raw);
		for (int k = 2; k <= 8; k += 1 + (k > 2) * 2) {
			o.threads = k;
			struct table *many = ingest_read_mem(&f->a, &f->d, b.data, b.len, "t.csv", &o);
			assert_non_null(many);
			assert_same_table(one, many);
		}
		buf_release(&b);
	}
}

/* A broken row far into the file: the same messages, once, whatever the thread count. */
static void
test_parallel_same_errors(void **state)
{
	struct fx *f = *state;
	const char *breaks[] = { "1,2\n", "\"open,x,1,2026-01-01,1,1,C1\n", "a\"b,x,1,2026-01-01,1,1,C\n" };
	for (size_t e = 0; e < 3; e++) {
		struct buf b;
		buf_init(&b);
		make_mixed(&b, "\n", 3000, 3);
		buf_puts(&b, breaks[e]);
		make_mixed(&b, "\n", 3000, 4);  /* a second header: a harmless text row */
		char *msg[2];
		for (int k = 1; k <= 2; k++) {
			struct ingest_opts o = { .column = NULL, .threads = k };
			buf_reset(&f->msg);
			assert_null(ingest_read_mem(&f->a, &f->d, b.data, b.len, "t.csv", &o));
			msg[k - 1] = strdup(buf_str(&f->msg));
		}
		assert_true(strlen(msg[0]) > 0);
		assert_string_equal(msg[0], msg[1]);
		free(msg[0]);
		free(msg[1]);
		buf_release(&b);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_quoting_and_embedded_newlines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dictionary_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_line_ends, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delimiter_detection, setup, teardown),
		cmocka_unit_test_setup_teardown(test_whitespace_delimiter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_headers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ragged_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quote_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nul_and_encoding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_typed_columns_and_bad_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_auto_inference, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_field, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parallel_same_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parallel_same_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_real_online_retail, setup, teardown),
		cmocka_unit_test_setup_teardown(test_real_telco, setup, teardown),
		cmocka_unit_test_setup_teardown(test_real_crm_and_advertising, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
