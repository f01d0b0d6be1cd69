/* SPDX-License-Identifier: MIT
 * Unit tests for src/stats/metrics: AUC against an O(n²) pair count (with ties),
 * the ROC curve's consistency with the confusion matrix at each threshold, the
 * confusion/precision/recall/F1 definitions, and the stratified split. */
#include "testutil.h"

#include "base/arena.h"
#include "base/rng.h"
#include "stats/metrics.h"

static double
auc_brute(const int *y, const double *s, size_t n)
{
	double w = 0, np = 0, nn = 0;
	for (size_t i = 0; i < n; i++) {
		np += y[i] != 0;
		nn += y[i] == 0;
		if (!y[i])
			continue;
		for (size_t j = 0; j < n; j++)
			if (!y[j])
				w += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
	}
	return w / (np * nn);
}

static void
test_auc_small_and_ties(void **state)
{
	(void)state;
	int y[4] = { 0, 0, 1, 1 };
	double s[4] = { 0.1, 0.4, 0.35, 0.8 };
	assert_close_rel(metrics_auc(y, s, 4), 0.75, 1e-15);
	double t[4] = { 0.5, 0.5, 0.5, 0.5 };
	assert_close_rel(metrics_auc(y, t, 4), 0.5, 1e-15);
	int one[3] = { 1, 1, 1 };
	assert_true(isnan(metrics_auc(one, s, 3)));

	struct rng r;
	rng_seed(&r, 7);
	size_t n = 3000;
	int *yy = xmalloc(n * sizeof *yy);
	double *ss = xmalloc(n * sizeof *ss);
	for (size_t i = 0; i < n; i++) {
		yy[i] = rng_uniform(&r) < 0.3;
		/* coarse scores: many ties */
		ss[i] = floor((rng_normal(&r) + yy[i]) * 4) / 4;
	}
	double a = metrics_auc(yy, ss, n);
	assert_close_rel(a, auc_brute(yy, ss, n), 1e-14);
	assert_true(a > 0.6 && a < 0.9);
	free(yy);
	free(ss);
}

static void
test_roc_and_confusion(void **state)
{
	(void)state;
	struct rng r;
	rng_seed(&r, 8);
	size_t n = 500;
	int *y = xmalloc(n * sizeof *y);
	double *s = xmalloc(n * sizeof *s);
	size_t npos = 0;
	for (size_t i = 0; i < n; i++) {
		y[i] = rng_uniform(&r) < 0.4;
		npos += y[i];
		s[i] = round((rng_normal(&r) + 1.5 * y[i]) * 10) / 10;
	}
	struct metrics_roc roc;
	metrics_roc_curve(y, s, n, &roc);
	assert_true(isinf(roc.thr[0]) && roc.fpr[0] == 0 && roc.tpr[0] == 0);
	assert_close_rel(roc.fpr[roc.n - 1], 1, 0);
	assert_close_rel(roc.tpr[roc.n - 1], 1, 0);
	double area = 0;
	for (size_t k = 1; k < roc.n; k++) {
		assert_true(roc.thr[k] < roc.thr[k - 1]);
		struct metrics_confusion c;
		metrics_confusion(y, s, n, roc.thr[k], &c);
		assert_close_rel(roc.tpr[k], (double)c.tp / (double)npos, 1e-15);
		assert_close_rel(roc.fpr[k], (double)c.fp / (double)(n - npos), 1e-15);
		area += (roc.fpr[k] - roc.fpr[k - 1]) * (roc.tpr[k] + roc.tpr[k - 1]) / 2;
	}
	/* trapezoids under the full ROC = Mann-Whitney AUC */
	assert_close_rel(area, metrics_auc(y, s, n), 1e-12);
	metrics_roc_finish(&roc);
	metrics_roc_finish(NULL);

	struct metrics_confusion c;
	metrics_confusion(y, s, n, 0.75, &c);
	assert_int_equal(c.tp + c.fp + c.tn + c.fn, n);
	assert_close_rel(c.accuracy, (double)(c.tp + c.tn) / (double)n, 1e-15);
	double P = (double)c.tp / (double)(c.tp + c.fp), R = (double)c.tp / (double)(c.tp + c.fn);
	assert_close_rel(c.precision, P, 1e-15);
	assert_close_rel(c.recall, R, 1e-15);
	assert_close_rel(c.f1, 2 * P * R / (P + R), 1e-15);
	metrics_confusion(y, s, n, 1e9, &c);   /* nothing predicted positive */
	assert_int_equal(c.tp + c.fp, 0);
	assert_true(c.precision == 0 && c.f1 == 0);
	free(y);
	free(s);
}

static void
test_stratified_split(void **state)
{
	(void)state;
	size_t n = 1001;
	int *y = xmalloc(n * sizeof *y);
	size_t npos = 0;
	for (size_t i = 0; i < n; i++) {
		y[i] = i % 4 == 0;
		npos += y[i];
	}
	unsigned char *a = xmalloc(n), *b = xmalloc(n), *c = xmalloc(n);
	size_t nt = metrics_stratified_split(y, n, 0.2, 42, a);
	metrics_stratified_split(y, n, 0.2, 42, b);
	metrics_stratified_split(y, n, 0.2, 43, c);
	size_t tpos = 0, tcount = 0, diff = 0;
	for (size_t i = 0; i < n; i++) {
		tcount += a[i];
		tpos += a[i] && y[i];
		assert_int_equal(a[i], b[i]);
		diff += a[i] != c[i];
	}
	assert_int_equal(tcount, nt);
	assert_int_equal(tpos, (size_t)llround(0.2 * (double)npos));
	assert_int_equal(tcount - tpos, (size_t)llround(0.2 * (double)(n - npos)));
	assert_true(diff > 0);   /* another seed, another split */
	free(y);
	free(a);
	free(b);
	free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_auc_small_and_ties),
		cmocka_unit_test(test_roc_and_confusion),
		cmocka_unit_test(test_stratified_split),
	};
	return cmocka_run_group_tests_name("metrics", tests, NULL, NULL);
}
