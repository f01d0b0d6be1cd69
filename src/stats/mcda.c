/* SPDX-License-Identifier: MIT
 * mcda: weighted-sum and TOPSIS scoring, ranks with shared ties, and seeded weight
 * perturbation for rank stability. Part of src/stats (libc, libm, base only). */
#include "stats/mcda.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/rng.h"

void
mcda_normalise_weights(const double *w, size_t m, double *out)
{
	double sum = 0;
	for (size_t j = 0; j < m; j++)
		sum += w ? (w[j] > 0 ? w[j] : 0) : 1;
	for (size_t j = 0; j < m; j++) {
		if (!(sum > 0) || !isfinite(sum))
			out[j] = 1.0 / (double)m;
		else
			out[j] = (w ? (w[j] > 0 ? w[j] : 0) : 1) / sum;
	}
}

static int
is_cost(const struct mcda_input *in, size_t j)
{
	return in->lower_is_better && in->lower_is_better[j];
}

static void
weighted_with(const struct mcda_input *in, const double *w, double *score, double *norm)
{
	size_t n = in->n, m = in->m;
	for (size_t i = 0; i < n; i++)
		score[i] = 0;
	for (size_t j = 0; j < m; j++) {
		double lo = INFINITY, hi = -INFINITY;
		for (size_t i = 0; i < n; i++) {
			lo = fmin(lo, in->x[i * m + j]);
			hi = fmax(hi, in->x[i * m + j]);
		}
		for (size_t i = 0; i < n; i++) {
			double v = in->x[i * m + j], r;
			if (!(hi > lo))
				r = 1;
			else if (is_cost(in, j))
				r = (hi - v) / (hi - lo);
			else
				r = (v - lo) / (hi - lo);
			if (norm)
				norm[i * m + j] = r;
			score[i] += w[j] * r;
		}
	}
}

static void
topsis_with(const struct mcda_input *in, const double *w, double *cl)
{
	size_t n = in->n, m = in->m;
	double *dp = xcalloc(n ? n : 1, sizeof *dp), *dm = xcalloc(n ? n : 1, sizeof *dm);
	for (size_t j = 0; j < m; j++) {
		double ss = 0;
		for (size_t i = 0; i < n; i++)
			ss += in->x[i * m + j] * in->x[i * m + j];
		double scale = ss > 0 ? w[j] / sqrt(ss) : 0;
		double best = -INFINITY, worst = INFINITY;
		for (size_t i = 0; i < n; i++) {
			double v = in->x[i * m + j] * scale;
			best = fmax(best, v);
			worst = fmin(worst, v);
		}
		if (is_cost(in, j)) {
			double t = best;
			best = worst;
			worst = t;
		}
		for (size_t i = 0; i < n; i++) {
			double v = in->x[i * m + j] * scale;
			dp[i] += (v - best) * (v - best);
			dm[i] += (v - worst) * (v - worst);
		}
	}
	for (size_t i = 0; i < n; i++) {
		double a = sqrt(dp[i]), b = sqrt(dm[i]);
		cl[i] = a + b > 0 ? b / (a + b) : 0.5;
	}
	free(dp);
	free(dm);
}

void
mcda_weighted(const struct mcda_input *in, double *score, double *norm)
{
	double *w = xmalloc((in->m ? in->m : 1) * sizeof *w);
	mcda_normalise_weights(in->weights, in->m, w);
	weighted_with(in, w, score, norm);
	free(w);
}

void
mcda_topsis(const struct mcda_input *in, double *closeness)
{
	double *w = xmalloc((in->m ? in->m : 1) * sizeof *w);
	mcda_normalise_weights(in->weights, in->m, w);
	topsis_with(in, w, closeness);
	free(w);
}

/* O(n^2), fine for the tens of alternatives MCDA is used on. */
void
mcda_rank(const double *score, size_t n, int *rank)
{
	for (size_t i = 0; i < n; i++) {
		int r = 1;
		for (size_t k = 0; k < n; k++)
			if (score[k] > score[i])
				r++;
		rank[i] = r;
	}
}

void
mcda_stability(const struct mcda_input *in, enum mcda_method method, size_t trials,
               double spread, size_t top_k, uint64_t seed,
               double *keep, double *top, double *mean_rank)
{
	size_t n = in->n, m = in->m;
	if (trials == 0)
		trials = 200;
	double *w0 = xmalloc((m ? m : 1) * sizeof *w0), *w = xmalloc((m ? m : 1) * sizeof *w);
	double *score = xmalloc((n ? n : 1) * sizeof *score);
	int *base = xmalloc((n ? n : 1) * sizeof *base), *rank = xmalloc((n ? n : 1) * sizeof *rank);
	mcda_normalise_weights(in->weights, m, w0);
	if (method == MCDA_TOPSIS)
		topsis_with(in, w0, score);
	else
		weighted_with(in, w0, score, NULL);
	mcda_rank(score, n, base);
	for (size_t i = 0; i < n; i++)
		keep[i] = top[i] = mean_rank[i] = 0;
	struct rng r;
	rng_seed(&r, seed);
	for (size_t t = 0; t < trials; t++) {
		for (size_t j = 0; j < m; j++)
			w[j] = w0[j] * (1 + spread * (2 * rng_uniform(&r) - 1));
		mcda_normalise_weights(w, m, w);
		if (method == MCDA_TOPSIS)
			topsis_with(in, w, score);
		else
			weighted_with(in, w, score, NULL);
		mcda_rank(score, n, rank);
		for (size_t i = 0; i < n; i++) {
			keep[i] += rank[i] == base[i];
			top[i] += (size_t)rank[i] <= top_k;
			mean_rank[i] += rank[i];
		}
	}
	for (size_t i = 0; i < n; i++) {
		keep[i] /= (double)trials;
		top[i] /= (double)trials;
		mean_rank[i] /= (double)trials;
	}
	free(w0);
	free(w);
	free(score);
	free(base);
	free(rank);
}
