/* SPDX-License-Identifier: MIT
 * metrics: classification metrics for the churn / scoring analyses (src/stats).
 * AUC and ROC sort (score, label) pairs once; ties share their average rank, so the
 * AUC is the Mann-Whitney statistic with ties counted half. */
#include "stats/metrics.h"

#include <math.h>
#include <stdlib.h>

#include "base/arena.h"
#include "base/rng.h"
#include "stats/rsort.h"

void
metrics_confusion(const int *y, const double *score, size_t n, double threshold,
                  struct metrics_confusion *out)
{
	size_t tp = 0, fp = 0, tn = 0, fn = 0;
	for (size_t i = 0; i < n; i++) {
		int pos = y[i] != 0, pred = score[i] >= threshold;
		tp += pos && pred;
		fp += !pos && pred;
		tn += !pos && !pred;
		fn += pos && !pred;
	}
	out->tp = tp;
	out->fp = fp;
	out->tn = tn;
	out->fn = fn;
	out->accuracy = n ? (double)(tp + tn) / (double)n : NAN;
	out->precision = tp + fp ? (double)tp / (double)(tp + fp) : 0;
	out->recall = tp + fn ? (double)tp / (double)(tp + fn) : 0;
	double s = out->precision + out->recall;
	out->f1 = s > 0 ? 2 * out->precision * out->recall / s : 0;
}

struct pair {
	double s;
	int pos;
};

static int
cmp_desc(const void *a, const void *b)
{
	double x = ((const struct pair *)a)->s, y = ((const struct pair *)b)->s;
	if (x != x || y != y)
		return rsort_cmp(x, y);     /* NaN scores last */
	return (x < y) - (x > y);
}

static struct pair *
sorted_pairs(const int *y, const double *score, size_t n)
{
	struct pair *pr = xmalloc((n ? n : 1) * sizeof *pr);
	for (size_t i = 0; i < n; i++) {
		pr[i].s = score[i];
		pr[i].pos = y[i] != 0;
	}
	qsort(pr, n, sizeof *pr, cmp_desc);
	return pr;
}

double
metrics_auc(const int *y, const double *score, size_t n)
{
	struct pair *pr = sorted_pairs(y, score, n);
	/* walk groups of equal scores from the top: each positive in a group beats every
	 * negative below it and ties half of the negatives inside the group */
	double wins = 0;
	size_t npos = 0, nneg = 0, negs_below;
	for (size_t i = 0; i < n; i++)
		nneg += !pr[i].pos;
	negs_below = nneg;
	for (size_t i = 0; i < n;) {
		size_t j = i, gp = 0, gn = 0;
		while (j < n && rsort_tied(pr[j].s, pr[i].s)) {
			gp += pr[j].pos;
			gn += !pr[j].pos;
			j++;
		}
		negs_below -= gn;
		wins += (double)gp * ((double)negs_below + 0.5 * (double)gn);
		npos += gp;
		i = j;
	}
	free(pr);
	if (npos == 0 || nneg == 0)
		return NAN;
	return wins / ((double)npos * (double)nneg);
}

void
metrics_roc_curve(const int *y, const double *score, size_t n, struct metrics_roc *roc)
{
	struct pair *pr = sorted_pairs(y, score, n);
	size_t npos = 0, nneg = 0;
	for (size_t i = 0; i < n; i++) {
		npos += pr[i].pos;
		nneg += !pr[i].pos;
	}
	roc->fpr = xmalloc((n + 1) * sizeof *roc->fpr);
	roc->tpr = xmalloc((n + 1) * sizeof *roc->tpr);
	roc->thr = xmalloc((n + 1) * sizeof *roc->thr);
	roc->fpr[0] = roc->tpr[0] = 0;
	roc->thr[0] = INFINITY;
	size_t k = 1, tp = 0, fp = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && rsort_tied(pr[j].s, pr[i].s)) {
			tp += pr[j].pos;
			fp += !pr[j].pos;
			j++;
		}
		roc->thr[k] = pr[i].s;
		roc->tpr[k] = npos ? (double)tp / (double)npos : NAN;
		roc->fpr[k] = nneg ? (double)fp / (double)nneg : NAN;
		k++;
		i = j;
	}
	roc->n = k;
	free(pr);
}

void
metrics_roc_finish(struct metrics_roc *roc)
{
	if (!roc)
		return;
	free(roc->fpr);
	free(roc->tpr);
	free(roc->thr);
	roc->fpr = roc->tpr = roc->thr = NULL;
	roc->n = 0;
}

size_t
metrics_stratified_split(const int *y, size_t n, double test_frac, uint64_t seed,
                         unsigned char *is_test)
{
	struct rng r;
	rng_seed(&r, seed);
	size_t *idx = xmalloc((n ? n : 1) * sizeof *idx);
	size_t total = 0;
	if (test_frac < 0)
		test_frac = 0;
	if (test_frac > 1)
		test_frac = 1;
	for (int cls = 0; cls < 2; cls++) {
		size_t m = 0;
		for (size_t i = 0; i < n; i++)
			if ((y[i] != 0) == cls)
				idx[m++] = i;
		struct rng child;
		rng_split(&r, (uint64_t)cls, &child);
		rng_shuffle(&child, idx, m);
		size_t nt = (size_t)llround(test_frac * (double)m);
		for (size_t k = 0; k < m; k++)
			is_test[idx[k]] = k < nt;
		total += nt;
	}
	free(idx);
	return total;
}

void
metrics_stratified_folds(const int *y, size_t n, size_t k, uint64_t seed, int *fold)
{
	struct rng r;
	size_t *idx = xmalloc((n ? n : 1) * sizeof *idx);
	rng_seed(&r, seed);
	for (int cls = 0; cls < 2; cls++) {
		struct rng child;
		size_t m = 0;
		for (size_t i = 0; i < n; i++)
			if ((y[i] != 0) == cls)
				idx[m++] = i;
		rng_split(&r, (uint64_t)cls, &child);
		rng_shuffle(&child, idx, m);
		/* the positives continue the dealing where the negatives stopped, so the
		 * folds' sizes differ by at most one */
		for (size_t j = 0; j < m; j++)
			fold[idx[j]] = (int)((j + (cls ? n - m : 0)) % k);
	}
	free(idx);
}

double
metrics_brier(const int *y, const double *prob, size_t n)
{
	double s = 0;
	if (!n)
		return NAN;
	for (size_t i = 0; i < n; i++) {
		double d = prob[i] - (y[i] != 0);
		s += d * d;
	}
	return s / (double)n;
}
