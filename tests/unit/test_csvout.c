/* SPDX-License-Identifier: MIT
 * Tests for base/csvout: RFC 4180 quoting, the formula-injection guard, numbers,
 * row ends, the BOM option and the file writer. */
#include "testutil.h"

#include <sys/stat.h>
#include <unistd.h>

#include "analysis/targets.h"
#include "base/csvout.h"
#include "base/rng.h"

static void
test_quoting(void **s)
{
	struct buf b;
	struct csvout w;
	(void)s;
	buf_init(&b);
	csvout_init(&w, &b, 0);
	csvout_text(&w, "plain");
	csvout_text(&w, "a,b");
	csvout_text(&w, "say \"hi\"");
	csvout_text(&w, "two\nlines");
	csvout_text(&w, NULL);
	csvout_text(&w, "");
	csvout_text(&w, " padded");
	csvout_text(&w, "深圳某某贸易有限公司");
	csvout_end_row(&w);
	assert_string_equal(buf_str(&b),
	                    "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,,\" padded\",深圳某某贸易有限公司\r\n");
	assert_int_equal(w.rows, 1);
	buf_release(&b);
}

static void
test_injection_guard(void **s)
{
	struct buf b;
	struct csvout w;
	(void)s;
	buf_init(&b);
	csvout_init(&w, &b, CSVOUT_LF);
	csvout_text(&w, "=HYPERLINK(\"http://x\")");
	csvout_text(&w, "+1");
	csvout_text(&w, "-2");
	csvout_text(&w, "@SUM(A1)");
	csvout_text(&w, "\tx");
	csvout_text(&w, "a=b");
	csvout_end_row(&w);
	/* numbers are never guarded: a negative number stays a number */
	csvout_num(&w, -2, -1);
	csvout_num(&w, 1.5, 2);
	csvout_num(&w, NAN, 2);
	csvout_num(&w, -0.0001, 2);
	csvout_num(&w, 0.1 + 0.2, -1);
	csvout_end_row(&w);
	assert_string_equal(buf_str(&b),
	                    "\"'=HYPERLINK(\"\"http://x\"\")\",'+1,'-2,'@SUM(A1),\"'\tx\",a=b\n"
	                    "-2,1.50,,0.00,0.30000000000000004\n");
	buf_release(&b);
}

static void
test_bom_and_file(void **s)
{
	struct buf b;
	struct csvout w;
	struct diag d;
	char dir[] = "/tmp/csvout-XXXXXX", sub[64], path[96];
	char *back;
	size_t len;
	(void)s;
	buf_init(&b);
	csvout_init(&w, &b, CSVOUT_BOM);
	csvout_text(&w, "id");
	csvout_end_row(&w);
	assert_memory_equal(buf_str(&b), "\xEF\xBB\xBFid\r\n", 7);
	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof sub, "%s/targets", dir);
	diag_init(&d);
	d.out = NULL;
	assert_int_equal(csvout_write_file(sub, "x.csv", b.data, b.len, &d), 0);
	snprintf(path, sizeof path, "%s/x.csv", sub);
	back = test_read_file(path, &len);
	assert_non_null(back);
	assert_int_equal(len, b.len);
	assert_memory_equal(back, b.data, len);
	free(back);
	/* a folder that cannot be created is an I/O error */
	assert_int_equal(csvout_write_file("/nonexistent-dir/sub", "x.csv", "a", 1, &d), BD_EIO);
	assert_int_equal(d.status, BD_EIO);
	unlink(path);
	rmdir(sub);
	rmdir(dir);
	buf_release(&b);
}

/* Fixed decimals are written without printf; the text must be printf's exactly:
 * 100,000 values of several kinds (halves at the rounding point, tiny, negative,
 * large) at 0..6 decimals, compared with "%.*f". And quotes inside text double. */
static void
test_fixed_decimals_match_printf(void **s)
{
	struct rng r;
	long bad = 0;
	(void)s;
	rng_seed(&r, 1);
	for (int i = 0; i < 100000; i++) {
		double v;
		switch (i % 5) {
		case 0: v = (rng_uniform(&r) - 0.5) * 1e6; break;
		case 1: v = floor((rng_uniform(&r) - 0.5) * 1e6) / 100 + 0.005 * (double)rng_below(&r, 3); break;
		case 2: v = (rng_uniform(&r) - 0.5) * 2e-3; break;
		case 3: v = (double)(int64_t)(rng_u64(&r) >> 20) / 1000.0 * (i & 1 ? 1 : -1); break;
		default: v = ldexp(rng_uniform(&r), (int)rng_below(&r, 60) - 30); break;
		}
		for (int d = 0; d <= 6; d++) {
			struct buf b;
			struct csvout w;
			char ref[128];
			double rr = round(v * pow(10, d)) / pow(10, d);
			buf_init(&b);
			csvout_init(&w, &b, 0);
			csvout_num(&w, v, d);
			snprintf(ref, sizeof ref, "%.*f", d, rr == 0 ? 0.0 : rr);
			if (strcmp(ref, buf_str(&b)) != 0 && bad++ < 5)
				print_message("%.17g at %d decimals: %s, printf %s\n", v, d, buf_str(&b), ref);
			buf_release(&b);
		}
	}
	assert_int_equal(bad, 0);
	{
		struct buf b;
		struct csvout w;
		buf_init(&b);
		csvout_init(&w, &b, 0);
		csvout_text(&w, "a \"b\" \"\"c");
		csvout_text(&w, "\"");
		csvout_num(&w, -0.004, 2);
		csvout_num(&w, 1234567.891, 0);
		assert_string_equal(buf_str(&b), "\"a \"\"b\"\" \"\"\"\"c\",\"\"\"\",0.00,1234568");
		buf_release(&b);
	}
}

/* A target list's CSV text: header, every row in rank order, the formula guard on text.
 * (Writing targets/NAME.csv per list is the build's job, checked by tests/e2e/targets.sh.) */
static void
test_targets_csv_text(void **s)
{
	struct targets_result r;
	struct targets_row rows[3] = {
		{ "P2", "Beta", { NULL, NULL }, { NAN, NAN }, 0.5, { "x", NULL }, 2 },
		{ "P1", "Alpha", { NULL, NULL }, { NAN, NAN }, 0.9, { NULL, NULL }, 1 },
		{ "P3", "-Gamma", { NULL, NULL }, { NAN, NAN }, 0.1, { NULL, NULL }, 3 },
	};
	struct buf b;
	(void)s;
	memset(&r, 0, sizeof r);
	r.top = 1;
	r.list[TARGETS_PARTNERS] = (struct targets_list){ TARGETS_PARTNERS, 1, 3, rows, NULL };
	targets_rank(&r.list[TARGETS_PARTNERS]);
	buf_init(&b);
	targets_csv(&r.list[TARGETS_PARTNERS], &b);
	assert_string_equal(buf_str(&b), "rank,id,name,score,reason_1,reason_2\r\n"
	                                 "1,P1,Alpha,0.9,,\r\n"
	                                 "2,P2,Beta,0.5,x,\r\n"
	                                 "3,P3,'-Gamma,0.1,,\r\n");
	buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_injection_guard),
		cmocka_unit_test(test_bom_and_file),
		cmocka_unit_test(test_targets_csv_text),
		cmocka_unit_test(test_fixed_decimals_match_printf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
