/* SPDX-License-Identifier: MIT
 * rng: the one seeded pseudo-random generator (xoshiro256**, seeded through
 * splitmix64). Everything random in bdreport (k-means++, silhouette samples,
 * train/test splits, weight perturbations) draws from a struct rng seeded from a
 * project parameter, so the same input gives the same output. */
#ifndef BASE_RNG_H
#define BASE_RNG_H

#include <stddef.h>
#include <stdint.h>

struct rng {
	uint64_t s[4];
};

void     rng_seed(struct rng *r, uint64_t seed);
/* An independent stream for sub-task i (e.g. one per k-means restart), so results do
 * not depend on how tasks are spread over threads. */
void     rng_split(const struct rng *parent, uint64_t i, struct rng *child);
uint64_t rng_u64(struct rng *r);
double   rng_uniform(struct rng *r);               /* [0, 1), 53 random bits */
uint64_t rng_below(struct rng *r, uint64_t n);     /* uniform in [0, n), unbiased; n > 0 */
double   rng_normal(struct rng *r);                /* standard normal (polar method) */
/* Fisher–Yates shuffle of idx[0..n). */
void     rng_shuffle(struct rng *r, size_t *idx, size_t n);

#endif
