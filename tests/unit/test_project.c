/* SPDX-License-Identifier: MIT
 * Unit tests for src/ingest/project and jsonpos: a full project parses with defaults,
 * and each kind of mistake gives its message at the right line:column. */
#include "testutil.h"
#include "base/date.h"
#include "ingest/jsonpos.h"
#include "ingest/project.h"

static struct arena A;
static struct diag D;
static struct buf cap;

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
	buf_release(&cap);
	arena_finish(&A);
	return 0;
}

static struct project *
parse(const char *text)
{
	return project_parse(&A, "dir/p.json", text, strlen(text), &D);
}

/* The project must fail with a message containing want. */
static void
fails_with(const char *text, const char *want)
{
	struct project *p;
	buf_reset(&cap);
	D.nerrors = 0;
	p = parse(text);
	if (p) {
		project_finish(p);
		fail_msg("parsed, expected an error containing: %s", want);
	}
	if (!strstr(buf_str(&cap), want))
		fail_msg("got:\n%s\nexpected to contain: %s", buf_str(&cap), want);
	assert_int_equal(D.status, BD_EINPUT);
}

static void
test_full(void **s)
{
	const char *text =
		"{\n"
		"  \"title\": \"ACME\", \"organization\": \"ACME Corp\", \"as_of\": \"2026-11-20\",\n"
		"  \"currency\": \"EUR\", \"locale\": \"zh-CN\",\n"
		"  \"datasets\": {\n"
		"    \"orders\": {\"path\": \"data/o.csv\", \"columns\": {\"customer\": \"CustomerID\",\n"
		"       \"amount\": \"=Quantity * UnitPrice\"}, \"filter\": \"Quantity > 0\",\n"
		"       \"derive\": {\"big\": \"=amount > 100\"}},\n"
		"    \"opportunities\": {\"path\": \"/abs/deals.csv\", \"join\": {\"path\": \"acc.csv\", \"on\": {\"account\": \"name\"}},\n"
		"       \"won\": [\"Won\"]}\n"
		"  },\n"
		"  \"analyses\": {\"segmentation\": {\"k\": \"auto\", \"k_range\": [2, 8]}, \"partners\": false},\n"
		"  \"output\": {\"dir\": \"out\", \"pdf\": false},\n"
		"  \"pdf\": {\"paper\": \"Letter\"}\n"
		"}\n";
	struct project *p;
	struct project_dataset *o, *op;
	(void)s;
	p = parse(text);
	if (!p)
		fail_msg("%s", buf_str(&cap));
	assert_string_equal(p->title, "ACME");
	assert_int_equal(p->locale, LOCALE_ZH_CN);
	assert_int_equal(p->as_of_kind, PROJECT_ASOF_DATE);
	assert_true(p->as_of == date_from_civil(2026, 11, 20));
	o = p->datasets[PROJECT_ORDERS];
	assert_non_null(o);
	assert_string_equal(o->path, "dir/data/o.csv");
	assert_int_equal(o->ncolumns, 2);
	assert_string_equal(o->columns[1].field, "amount");
	assert_int_equal(o->columns[1].is_expr, 1);
	assert_string_equal(o->columns[1].source, "Quantity * UnitPrice");
	/* the expression text starts after the quote and the '=' on line 6 */
	assert_int_equal(o->columns[1].loc.line, 6);
	assert_int_equal(o->columns[1].loc.col, 20);
	assert_string_equal(o->filter, "Quantity > 0");
	assert_int_equal(o->filter_loc.line, 6);
	assert_int_equal(o->filter_loc.col, 55);
	assert_int_equal(o->nderive, 1);
	op = p->datasets[PROJECT_OPPORTUNITIES];
	assert_string_equal(op->path, "/abs/deals.csv");
	assert_string_equal(op->join_path, "dir/acc.csv");
	assert_string_equal(op->join_left, "account");
	assert_string_equal(op->join_right, "name");
	assert_int_equal(op->nwon, 1);
	assert_true(op->nlost >= 2);
	assert_null(p->datasets[PROJECT_CUSTOMERS]);
	assert_string_equal(p->output.dir, "dir/out");
	assert_null(p->output.pdf);
	assert_string_equal(p->output.json, "results.json");
	assert_string_equal(p->paper, "Letter");
	assert_false(project_enabled(p, "partners"));
	assert_true(project_enabled(p, "rfm"));
	assert_non_null(project_params(p, "segmentation"));
	project_finish(p);
}

static void
test_errors(void **s)
{
	(void)s;
	fails_with("{\"titel\": \"x\", \"datasets\": {\"orders\": {\"path\": \"a.csv\"}}}",
	           "dir/p.json:1:2: error: unknown key 'titel' in project; did you mean 'title'?");
	fails_with("{\n  \"datasets\": {\"orders\": {\"path\": \"a.csv\", \"fliter\": \"x\"}}}",
	           "p.json:2:44: error: unknown key 'fliter' in dataset 'orders'; did you mean 'filter'?");
	fails_with("{\"datasets\": {\"orders\": {\"path\": 3}}}",
	           "p.json:1:34: error: 'path': expected a string, got a number");
	fails_with("{\"datasets\": {\"ordres\": {\"path\": \"a\"}}}", "did you mean 'orders'?");
	/* the members of "analyses" are the analysis layer's (test_analysis.c) */
	fails_with("{\"datasets\": {\"orders\": {\"path\": \"a\"}}, \"analyses\": [1]}",
	           "p.json:1:53: error: 'analyses': expected an object, got an array");
	fails_with("{\"datasets\": {\"orders\": {\"path\": \"a\"}}, \"as_of\": \"2026-02-30\"}",
	           "'as_of': expected a date (YYYY-MM-DD), \"today\" or \"latest\", got '2026-02-30'");
	fails_with("{\"datasets\": {\"orders\": {\"path\": \"a\"}}, \"currency\": \"usd\"}", "3-letter");
	fails_with("{\"datasets\": {\"orders\": {\"path\": \"a\"}}, \"locale\": \"fr\"}", "expected one of en|zh-CN");
	fails_with("{\"datasets\": {\"orders\": {\"path\": \"a\", \"columns\": {\"custmer\": \"x\"}}}}",
	           "unknown field 'custmer' for role 'orders'; did you mean 'customer'?");
	fails_with("{\"datasets\": {\"orders\": {\"columns\": {}}}}", "dataset 'orders': missing key 'path'");
	fails_with("{\"datasets\": {}}", "expected at least one dataset");
	fails_with("{\"title\": \"x\"}", "missing key 'datasets'");
	fails_with("{\n\"title\": \"x\",\n\"datasets\": [}", "p.json:3:14: error: malformed JSON");
	fails_with("{\"title\": ", "malformed JSON: unexpected end of file");
	fails_with("[1, 2]", "expected the project to be a JSON object");
	fails_with("{\"datasets\": {\"orders\": {\"path\": \"a\"}}, \"pdf\": {\"paper\": \"A5\"}}", "A4|Letter");
	fails_with("{\"datasets\": {\"orders\": {\"path\": \"a\"}}, \"output\": {\"pdf\": \"../x.pdf\"}}",
	           "expected a plain file name");
	fails_with("{\"datasets\": {\"customers\": {\"path\": \"a\", \"tenure_unit\": \"hours\"}}}",
	           "days|weeks|months|years");
	fails_with("{\"datasets\": {\"orders\": {\"path\": \"a\", \"join\": {\"path\": \"b\"}}}}", "missing key 'on'");
	/* every error is reported, not only the first */
	fails_with("{\"titel\": 1, \"locale\": 2, \"datasets\": {\"orders\": {\"path\": \"a\"}}}", "'locale': expected a string");
}

/* "number_format" (a style or an object) and "strict" (per dataset, project-wide). */
static void
test_number_format_strict(void **s)
{
	(void)s;
	struct project *p = parse("{\"strict\": true, \"datasets\": {"
		"\"orders\": {\"path\": \"o.csv\", \"number_format\": \"de\"},"
		"\"customers\": {\"path\": \"c.csv\", \"strict\": false, \"number_format\": "
		"{\"style\": \"accounting\", \"currency\": false, \"percent\": true}},"
		"\"partners\": {\"path\": \"p.csv\", \"decimal_comma\": true, \"thousands\": \" \"}}}");
	assert_non_null(p);
	const struct project_dataset *o = p->datasets[PROJECT_ORDERS];
	const struct project_dataset *c = p->datasets[PROJECT_CUSTOMERS];
	const struct project_dataset *pa = p->datasets[PROJECT_PARTNERS];
	assert_int_equal(p->strict, 1);
	assert_int_equal(o->strict, 1);             /* the project's default */
	assert_int_equal(c->strict, 0);             /* its own */
	assert_int_equal(o->num.decimal, ',');
	assert_int_equal(o->num.thousands, '.');
	assert_int_equal(c->num.decimal, '.');
	assert_int_equal(c->num.thousands, ',');
	assert_int_equal(c->num.parens, 1);
	assert_int_equal(c->num.currency, 0);
	assert_int_equal(c->num.percent, 1);
	assert_int_equal(pa->num.decimal, ',');     /* the older keys still work */
	assert_int_equal(pa->num.thousands, ' ');
	project_finish(p);
	fails_with("{\"datasets\": {\"orders\": {\"path\": \"o.csv\", \"number_format\": \"us\"}}}",
	             "p.json:1:60: error: 'number_format': expected one of plain, en, de, fr, ch, "
	             "accounting or an object, got 'us'");
	fails_with("{\"datasets\": {\"orders\": {\"path\": \"o.csv\", \"number_format\": "
	             "{\"decimal\": \",\", \"thousand\": \".\"}}}}",
	             "unknown key 'thousand' in 'number_format'; did you mean 'thousands'?");
	fails_with("{\"datasets\": {\"orders\": {\"path\": \"o.csv\", \"number_format\": "
	             "{\"style\": \"en\", \"decimal\": \",\"}}}}",
	             "the thousands separator and the decimal mark are both ','");
	fails_with("{\"datasets\": {\"orders\": {\"path\": \"o.csv\", \"thousands\": \",\", "
	             "\"number_format\": \"en\"}}}",
	             "'number_format' replaces 'decimal_comma' and 'thousands': give only one");
	fails_with("{\"strict\": 1, \"datasets\": {\"orders\": {\"path\": \"o.csv\"}}}",
	             "'strict': expected true or false, got a number");
}

/* the sources of a dataset (path, sheet, sqlite, postgres + query) and email.smtp */
static void
test_sources(void **s)
{
	struct project *p;
	(void)s;
	p = parse("{\"datasets\": {\"orders\": {\"path\": \"x.xlsx\", \"sheet\": \"Orders\"},"
	          " \"customers\": {\"path\": \"x.xlsx\", \"sheet\": 2},"
	          " \"opportunities\": {\"sqlite\": \"crm.db\", \"query\": \"SELECT 1\"},"
	          " \"partners\": {\"postgres\": \"service=crm\", \"query\": \"SELECT 2\"}},"
	          " \"output\": {\"xlsx\": true, \"email\": {\"from\": \"a@b.c\", \"to\": \"d@e.f\","
	          " \"smtp\": {\"url\": \"smtp://m.example:587\", \"user\": \"bd\", \"password_file\": \"pw\"}}}}");
	assert_non_null(p);
	assert_int_equal(p->datasets[PROJECT_ORDERS]->source, PROJECT_SRC_FILE);
	assert_string_equal(p->datasets[PROJECT_ORDERS]->sheet, "Orders");
	assert_int_equal(p->datasets[PROJECT_CUSTOMERS]->sheet_index, 2);
	assert_int_equal(p->datasets[PROJECT_OPPORTUNITIES]->source, PROJECT_SRC_SQLITE);
	assert_string_equal(p->datasets[PROJECT_OPPORTUNITIES]->path, "dir/crm.db");
	assert_string_equal(p->datasets[PROJECT_OPPORTUNITIES]->query, "SELECT 1");
	assert_int_equal(p->datasets[PROJECT_PARTNERS]->source, PROJECT_SRC_POSTGRES);
	assert_string_equal(p->datasets[PROJECT_PARTNERS]->path, "service=crm");   /* not a file */
	assert_int_equal(p->output.xlsx, 1);
	assert_non_null(p->output.smtp);
	assert_string_equal(p->output.smtp->password_file, "dir/pw");
	assert_int_equal(p->output.smtp->starttls, 1);
	project_finish(p);
	fails_with("{\"datasets\": {\"orders\": {\"path\": \"a\", \"sqlite\": \"b\", \"query\": \"q\"}}}",
	           "dataset 'orders': 'path' and 'sqlite' both name the source; keep one");
	fails_with("{\"datasets\": {\"orders\": {\"sqlite\": \"b\"}}}", "dataset 'orders': missing key 'query'");
	fails_with("{\"datasets\": {\"orders\": {\"path\": \"a\", \"query\": \"q\"}}}",
	           "'query' applies only to 'sqlite' and 'postgres' datasets");
	fails_with("{\"datasets\": {\"orders\": {\"sqlite\": \"b\", \"query\": \"q\", \"sheet\": 1}}}",
	           "'sheet' applies only to workbook files");
	fails_with("{\"datasets\": {\"orders\": {\"path\": \"a\", \"sheet\": 0}}}",
	           "'sheet': expected a sheet name or a position from 1");
	fails_with("{\"datasets\": {\"orders\": {\"postgres\": \"host=h password=x\", \"query\": \"q\"}}}",
	           "'postgres': the connection string holds a password");
	fails_with("{\"datasets\": {\"orders\": {\"postgres\": \"postgresql://bd:secret@h/crm\", \"query\": \"q\"}}}",
	           "'postgres': the connection string holds a password");
	fails_with("{\"datasets\": {\"orders\": {\"sqlit\": \"b\"}}}", "did you mean 'sqlite'?");
	fails_with("{\"datasets\": {\"orders\": {\"path\": \"a\"}}, \"output\": {\"email\": {\"from\": \"a@b.c\","
	           " \"to\": \"d@e.f\", \"smtp\": {\"url\": \"smtp://h\", \"password\": \"x\"}}}}",
	           "'password': a password does not belong in the project file");
	fails_with("{\"datasets\": {\"orders\": {\"path\": \"a\"}}, \"output\": {\"email\": {\"from\": \"a@b.c\","
	           " \"to\": \"d@e.f\", \"smtp\": {\"url\": \"http://h\"}}}}",
	           "'url': expected smtp://HOST[:PORT] or smtps://HOST[:PORT], got 'http://h'");
	fails_with("{\"datasets\": {\"orders\": {\"path\": \"a\"}}, \"output\": {\"email\": {\"from\": \"a@b.c\","
	           " \"to\": \"d@e.f\", \"smtp\": {\"url\": \"smtp://h\", \"password_env\": \"A\","
	           " \"password_file\": \"b\"}}}}", "give 'password_env' or 'password_file', not both");
}

static void
test_jsonpos(void **s)
{
	const char *t = "{\"a\": {\"b\\\"c\": [1, {\"d\": true}], \"e\": 2},\n \"f\": \"x\"}";
	struct jsonpos_step p1[] = { { "a", 0 }, { "b\"c", 0 }, { NULL, 1 }, { "d", 0 } };
	struct jsonpos_step p2[] = { { "f", 0 } };
	struct jsonpos_step p3[] = { { "zz", 0 } };
	long line, col, off;
	(void)s;
	off = jsonpos_find(t, strlen(t), p1, 4, 0);
	assert_true(off > 0);
	assert_memory_equal(t + off, "true", 4);
	off = jsonpos_find(t, strlen(t), p2, 1, 1);
	jsonpos_linecol(t, (size_t)off, &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 2);
	assert_int_equal(jsonpos_find(t, strlen(t), p3, 1, 0), -1);
	assert_int_equal(jsonpos_find("{\"a\": [1,", 9, p1, 3, 0), -1);
}

/* The one reader of as_of values, shared by the project file and --as-of. */
static void
test_as_of_values(void **s)
{
	(void)s;
	enum project_asof kind = PROJECT_ASOF_LATEST;
	double days = -1;
	assert_int_equal(project_parse_as_of("2026-11-20", &kind, &days), 0);
	assert_int_equal(kind, PROJECT_ASOF_DATE);
	assert_true(days == date_from_civil(2026, 11, 20));
	assert_int_equal(project_parse_as_of("today", &kind, &days), 0);
	assert_int_equal(kind, PROJECT_ASOF_TODAY);
	assert_int_equal(project_parse_as_of("latest", &kind, &days), 0);
	assert_int_equal(kind, PROJECT_ASOF_LATEST);
	static const char *const bad[] = { "2026-02-29", "Today", "2026-11-20T00:00", "20.11.2026", "" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		kind = PROJECT_ASOF_TODAY;
		days = -1;
		if (project_parse_as_of(bad[i], &kind, &days) == 0)
			fail_msg("'%s' accepted", bad[i]);
		assert_int_equal(kind, PROJECT_ASOF_TODAY);             /* untouched */
		assert_true(days == -1);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_full, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sources, setup, teardown),
		cmocka_unit_test_setup_teardown(test_jsonpos, setup, teardown),
		cmocka_unit_test_setup_teardown(test_number_format_strict, setup, teardown),
		cmocka_unit_test(test_as_of_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
