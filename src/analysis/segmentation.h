/* SPDX-License-Identifier: MIT
 * segmentation: the k-means customer segments of DESIGN.md §6 over z-scored
 * log1p(recency, frequency, monetary) (or chosen customers features), with k chosen
 * by the best silhouette over k_range, clusters described in original units and named. */
#ifndef ANALYSIS_SEGMENTATION_H
#define ANALYSIS_SEGMENTATION_H
#include <stddef.h>
#include <stdint.h>
#include <cJSON.h>
#include "analysis/analysis.h"
#include "analysis/custagg.h"

#define SEGMENTATION_MAX_FEATURES 32
#define SEGMENTATION_MAX_K 64

struct segmentation_params {
	int use_customers;              /* dataset "customers" (else the RFM table) */
	const char *features[SEGMENTATION_MAX_FEATURES];
	size_t nfeatures;               /* 0 = recency, frequency, monetary */
	int log1p;                      /* transform; default 1 for RFM, 0 for customers */
	int k;                          /* 0 = "auto" */
	int k_lo, k_hi;                 /* k_range, default 2..8 */
	int n_init, max_iter;           /* 10, 300 */
	double tol;                     /* 1e-4 */
	uint64_t seed;                  /* 0 */
	size_t silhouette_sample;       /* 10000 */
	int threads;                    /* 0 = online CPUs (results do not depend on it) */
};

/* Defaults, then the keys of params (validated for kind and bounds, k and k_range
 * in [2, SEGMENTATION_MAX_K], by analysis_validate against the entry's table). Returns 0, or -1 with a message naming the key in *err (arena). */
int segmentation_params_parse(struct arena *a, const cJSON *params, struct segmentation_params *p,
                              const char **err);

struct segmentation_candidate {
	int k;
	double inertia, silhouette, davies_bouldin;
};

struct segmentation_cluster {
	size_t size;
	double share;                   /* of clustered customers */
	double *centroid;               /* d values: member means in original units */
	double *center_z;               /* d values: the k-means centre (scaled space) */
	const char *name;               /* localized */
};

/* Clusters are numbered by size, largest first (ties: lower k-means label). */
struct segmentation_result {
	size_t n, d;                    /* customers clustered, features */
	const char **features;          /* d names */
	int from_customers;             /* rows are customers-table rows (else custagg codes) */
	int32_t *rows;                  /* n: custagg code or customers row of each point */
	double *x;                      /* n x d original values */
	int *labels;                    /* n: cluster 0..k-1 */
	int32_t *label_by_code;         /* custagg code -> cluster (-1); RFM dataset only */
	int k;
	double inertia, silhouette, davies_bouldin;
	struct segmentation_candidate cand[SEGMENTATION_MAX_K];
	size_t ncand;
	struct segmentation_cluster *clusters;
	int auto_k;
	size_t sampled;                 /* 0, or the sample size the candidates were fitted on */
};

/* Clusters n points of d original features x (n x d, row-major, copied). log1p
 * applies log1p(max(v, 0)) before z-scoring (population std; a constant feature
 * scores 0). Candidates cover k_range (clamped to 2..n-1); the chosen k is p->k or the
 * best silhouette (ties: smaller k). Above silhouette_sample rows, every k is fitted
 * (k-means++, n_init restarts) on a seeded sample of silhouette_sample rows, its
 * silhouette computed exactly on that sample, then refined by Lloyd iterations on all
 * rows, which give the reported inertia, Davies-Bouldin and labels (this keeps k
 * "auto" linear in n). names_rfm names clusters from the RFM centroid ranks; else
 * "Cluster i". Returns NULL when n < 3. */
struct segmentation_result *segmentation_fit(struct arena *a, const double *x, size_t n, size_t d,
                                             const char **features,
                                             const struct segmentation_params *p,
                                             int names_rfm, int zh);

/* results.json subtree: {k, auto, features[], inertia, silhouette, davies_bouldin,
 * candidates[], clusters[] {id, name, size, share, centroid{feature: v}, ..._fmt}};
 * adds charts.segmentation_scatter and charts.segmentation_elbow. */
cJSON *segmentation_model(const struct segmentation_result *r, struct analysis_ctx *ctx);

/* Registry entry (sets ctx->segmentation). */
cJSON *segmentation_run(struct analysis_ctx *ctx, const cJSON *params);
/* The entry of the registry (analysis.h). */
extern const struct analysis segmentation_analysis;
#endif
