/* SPDX-License-Identifier: MIT
 * kmeans: k-means clustering as scikit-learn's KMeans(algorithm="lloyd") does it
 * (greedy k-means++ seeding, Lloyd iterations, n_init restarts keeping the lowest
 * inertia), plus the silhouette score and the Davies–Bouldin index (src/stats).
 * Data: n x d row-major doubles; labels are ints 0..k-1. */
#ifndef STATS_KMEANS_H
#define STATS_KMEANS_H

#include <stddef.h>
#include <stdint.h>

struct kmeans_opts {
	int k;              /* clusters, 1 <= k <= n */
	int n_init;         /* restarts; default 10 */
	int max_iter;       /* Lloyd iterations per restart; default 300 */
	double tol;         /* relative: stop when the summed squared centre shift
	                       <= tol * mean_j var(X[:, j]); default 1e-4 */
	uint64_t seed;      /* restart i draws from rng_split(rng_seed(seed), i) */
	int threads;        /* 0 = online CPUs; restarts run in parallel; results do
	                       not depend on this */
};

/* k 2, n_init 10, max_iter 300, tol 1e-4, seed 0, threads 0 */
void kmeans_opts_default(struct kmeans_opts *o);

struct kmeans_result {
	size_t n, d;
	int k;
	double *centers;    /* k x d row-major */
	int *labels;        /* n: index of the nearest centre */
	size_t *sizes;      /* k: points per cluster */
	double inertia;     /* sum of squared distances to the nearest centre */
	int n_iter;         /* Lloyd iterations of the best restart */
	int converged;      /* the best restart stopped before max_iter */
	int best_init;      /* which restart won (ties: the lowest index) */
};

/* Cluster x (n x d row-major; not kept). Arrays are xmalloc'd, owned by r; free
 * with kmeans_finish. k is clamped to [1, n]; n must be > 0. */
void kmeans_fit(struct kmeans_result *r, const double *x, size_t n, size_t d,
                const struct kmeans_opts *o);
void kmeans_finish(struct kmeans_result *r);

/* Mean silhouette coefficient (Euclidean), as sklearn.metrics.silhouette_score: a
 * point alone in its cluster scores 0; NaN unless 2 <= clusters used <= n - 1.
 * When n > sample (sample 0 = 10,000) it is computed on `sample` rows drawn without
 * replacement from rng_seed(seed), distances among those rows only. O(min(n,sample)²
 * d), spread over threads (0 = online CPUs) with a thread-independent result.
 * Distances are computed in float (SIMD), so the result carries ~1e-7 relative error. */
double kmeans_silhouette(const double *x, size_t n, size_t d, const int *labels, int k,
                         size_t sample, uint64_t seed, int threads);

/* Davies–Bouldin index (Euclidean) as sklearn.metrics.davies_bouldin_score: centroids
 * are the label means; mean over clusters of max_j (s_i + s_j) / |c_i - c_j|. Lower is
 * better. NaN when fewer than 2 clusters are used. Empty clusters are skipped. */
double kmeans_davies_bouldin(const double *x, size_t n, size_t d, const int *labels, int k);

#endif
