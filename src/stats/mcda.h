/* SPDX-License-Identifier: MIT
 * mcda: multi-criteria scoring of alternatives (partners, cooperation schemes):
 * min-max weighted sum, TOPSIS, ranks, and rank stability under seeded random
 * weight changes. Part of src/stats; used by analysis/partners and schemes. */
#ifndef STATS_MCDA_H
#define STATS_MCDA_H

#include <stddef.h>
#include <stdint.h>

/* n alternatives x m criteria, x row-major (x[i*m + j]); every value finite.
 * weights: m non-negative numbers (NULL = equal); they are normalised to sum 1, and
 * a sum <= 0 also means equal weights. lower_is_better: m flags (NULL = all
 * criteria are benefits). */
struct mcda_input {
	size_t n, m;
	const double *x;
	const double *weights;
	const int *lower_is_better;
};

enum mcda_method { MCDA_WEIGHTED, MCDA_TOPSIS };

/* w (m entries) -> out normalised to sum 1 (equal weights if the sum is <= 0 or
 * not finite). out may equal w. */
void mcda_normalise_weights(const double *w, size_t m, double *out);

/* Weighted sum of min-max normalised criteria: benefit (x - min)/(max - min), cost
 * (max - x)/(max - min); a constant criterion normalises to 1 for everyone (it
 * cannot separate alternatives, so it shifts every score equally). score gets n
 * values in [0, 1]; norm (n x m, may be NULL) receives the normalised matrix. */
void mcda_weighted(const struct mcda_input *in, double *score, double *norm);

/* TOPSIS: vector normalisation r = x / sqrt(sum_i x^2) (a zero column stays 0),
 * v = w r; ideal = best per criterion (max for benefit, min for cost), anti-ideal
 * the worst; closeness = d- / (d+ + d-) with Euclidean distances, 0.5 when both
 * are 0 (all alternatives identical). closeness gets n values in [0, 1]. */
void mcda_topsis(const struct mcda_input *in, double *closeness);

/* Scores (higher is better) -> ranks 1..n; equal scores share the smallest rank
 * ("1, 2, 2, 4"). */
void mcda_rank(const double *score, size_t n, int *rank);

/* Rank stability: in each of trials (0 -> 200) runs every weight is multiplied by
 * 1 + U(-spread, spread) (spread 0.2 for ±20%), renormalised, and the alternatives
 * re-scored with method. Per alternative (n entries each): keep = share of trials
 * with the same rank as with the base weights, top = share with rank <= top_k,
 * mean_rank = average rank. Randomness from a struct rng seeded with seed. */
void mcda_stability(const struct mcda_input *in, enum mcda_method method, size_t trials,
                    double spread, size_t top_k, uint64_t seed,
                    double *keep, double *top, double *mean_rank);

#endif
