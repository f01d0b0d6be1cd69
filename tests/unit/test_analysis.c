/* SPDX-License-Identifier: MIT
 * Unit tests for src/analysis/analysis and src/ingest/jsoncheck: the registry's
 * entries describe themselves consistently (unique keys and parameters, bounds that
 * hold their documented defaults), and analysis_validate reports each mistake in
 * the project's "analyses" object at its FILE:LINE:COL, exactly as printed. */
#include "testutil.h"
#include <math.h>
#include <stdlib.h>
#include "analysis/analysis.h"
#include "analysis/segmentation.h"

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

/* Validates {"datasets": ..., "analyses": ANALYSES} (one line) and returns the
 * number of errors; the messages are in cap. */
static size_t
validate(const char *analyses)
{
	char text[1024];
	struct project *p;
	size_t n;
	snprintf(text, sizeof text, "{\"datasets\": {\"orders\": {\"path\": \"a\"}}, \"analyses\": %s}", analyses);
	buf_reset(&cap);
	diag_init(&D);
	D.out = NULL;
	D.capture = &cap;
	p = project_parse(&A, "p.json", text, strlen(text), &D);
	assert_non_null(p);
	n = analysis_validate(&A, p, &D);
	if (n)
		assert_int_equal(D.status, BD_EINPUT);
	project_finish(p);
	return n;
}

/* The analyses object must give exactly the message want (one line, newline added). */
static void
fails_with(const char *analyses, const char *want)
{
	char line[512];
	size_t n = validate(analyses);
	snprintf(line, sizeof line, "bdreport: p.json:%s\n", want);
	if (n != 1 || strcmp(buf_str(&cap), line) != 0)
		fail_msg("%s: %zu errors:\n%sexpected:\n%s", analyses, n, buf_str(&cap), line);
}

static void
test_valid(void **s)
{
	(void)s;
	assert_int_equal(validate("{}"), 0);
	assert_int_equal(validate("{\"rfm\": false, \"partners\": true, \"segmentation\": {\"k\": \"auto\", "
	                          "\"k_range\": [2, 64], \"seed\": 4294967295}, \"churn\": {\"C\": 0.5}, "
	                          "\"retention\": {\"group_by\": \"region\", \"cox\": false}}"),
	                 0);
	assert_int_equal(validate("{\"segmentation\": {\"k\": 2}, \"targets\": {\"top\": 1}, "
	                          "\"forecast\": {\"plan\": [{\"tv\": 1}], \"horizon\": 520}}"),
	                 0);
}

static void
test_errors(void **s)
{
	(void)s;
	/* the column of each message is where the value (or the unknown key) starts */
	fails_with("{\"segmentaton\": {}}",
	           "1:54: error: unknown analysis 'segmentaton'; did you mean 'segmentation'?");
	fails_with("{\"xyzzy\": false}", "1:54: error: unknown analysis 'xyzzy'");
	fails_with("{\"segmentation\": {\"kk\": 3}}",
	           "1:71: error: unknown key 'kk' in analysis 'segmentation'; did you mean 'k'?");
	fails_with("{\"segmentation\": 3}",
	           "1:70: error: 'segmentation': expected false or an object of parameters, got a number");
	fails_with("{\"segmentation\": {\"k_range\": [8, 2]}}", "1:82: error: 'k_range': min 8 is greater than max 2");
	/* k and k_range share one bound: 2..SEGMENTATION_MAX_K */
	fails_with("{\"segmentation\": {\"k\": 1}}", "1:76: error: 'k': 1 is out of range [2, 64]");
	fails_with("{\"segmentation\": {\"k\": 65}}", "1:76: error: 'k': 65 is out of range [2, 64]");
	fails_with("{\"segmentation\": {\"k_range\": [2, 65]}}", "1:86: error: 'k_range': 65 is out of range [2, 64]");
	fails_with("{\"segmentation\": {\"k\": \"many\"}}",
	           "1:76: error: 'k': expected \"auto\" or a number, got 'many'");
	fails_with("{\"churn\": {\"penalty\": \"l1\"}}", "1:75: error: 'penalty': expected one of none|l2, got 'l1'");
	fails_with("{\"lead_scoring\": {\"C\": 0}}", "1:76: error: 'C': 0 is out of range [1e-12, 1e+15]");
	fails_with("{\"clv\": {\"margin\": -1}}", "1:72: error: 'margin': -1 is out of range [0, 1e+06]");
	fails_with("{\"targets\": {\"top\": 2.5}}", "1:73: error: 'top': expected an integer, got 2.5");
	fails_with("{\"market\": {\"dimensions\": [\"region\", 3]}}", "1:90: error: 'dimensions': expected a string, got a number");
	fails_with("{\"schemes\": {\"methd\": \"topsis\"}}",
	           "1:66: error: unknown key 'methd' in analysis 'schemes'; did you mean 'method'?");
	/* an entry's check: across parameters, reported at the analysis */
	fails_with("{\"lifecycle\": {\"active_days\": 400}}",
	           "1:67: error: analysis 'lifecycle': 'active_days' (400) must not exceed 'churn_days' (365)");
	fails_with("{\"health\": {\"weights\": {\"speed\": 1}}}",
	           "1:76: error: analysis 'health': 'weights': unknown component 'speed' (expected value, "
	           "satisfaction, loyalty)");
	/* every problem is reported, not only the first */
	assert_int_equal(validate("{\"clv\": {\"margin\": -1, \"horizon_years\": 0}, \"rfmm\": {}}"), 3);
	/* an analysis with a type error is not checked further */
	assert_int_equal(validate("{\"lifecycle\": {\"active_days\": \"x\", \"churn_days\": 10}}"), 1);
}

/* a documented default that is a plain number lies within the bounds */
static void
default_in_bounds(const struct analysis *an, const struct jsoncheck_param *p)
{
	char *end;
	double v = strtod(p->def, &end);
	if (end == p->def || *end != '\0')
		return;
	if (v < p->min || v > p->max)
		fail_msg("%s.%s: default %s outside [%g, %g]", an->key, p->name, p->def, p->min, p->max);
}

static void
test_entries(void **s)
{
	(void)s;
	assert_true(analysis_count <= ANALYSIS_MAX);
	assert_string_equal(analysis_registry[0]->key, "data_quality");
	for (size_t i = 0; i < analysis_count; i++) {
		const struct analysis *an = analysis_registry[i];
		assert_non_null(an->run);
		assert_true(an->doc && an->doc[0] && an->data && an->data[0]);
		assert_ptr_equal(analysis_find(an->key), an);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(analysis_registry[j]->key, an->key);
		for (size_t k = 0; k < an->nparams; k++) {
			const struct jsoncheck_param *p = &an->params[k];
			assert_true(p->def && p->def[0] && p->doc && p->doc[0]);
			assert_true(p->kind != JSONCHECK_ENUM || (p->allowed && strchr(p->allowed, '|')));
			assert_true(p->min <= p->max);
			for (size_t j = 0; j < k; j++)
				assert_string_not_equal(an->params[j].name, p->name);
			default_in_bounds(an, p);
		}
		/* the defaults pass the entry's own check */
		if (an->check) {
			struct analysis_ctx ctx;
			memset(&ctx, 0, sizeof ctx);
			ctx.a = &A;
			assert_int_equal(an->check(&ctx, NULL), 0);
		}
	}
	assert_null(analysis_find("segmentaton"));
	/* segmentation's table allows no k its result arrays cannot hold */
	for (size_t k = 0; k < segmentation_analysis.nparams; k++)
		if (segmentation_analysis.params[k].name[0] == 'k')
			assert_true(segmentation_analysis.params[k].min == 2 &&
			            segmentation_analysis.params[k].max == SEGMENTATION_MAX_K);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_entries),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
