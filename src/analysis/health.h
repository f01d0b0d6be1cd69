/* SPDX-License-Identifier: MIT
 * health: account health 0-100 (DESIGN.md §6) = 100 x the weighted mean of three
 * normalised components: value (monetary), satisfaction (customers.satisfaction)
 * and loyalty (tenure and frequency). Weights default 0.4 / 0.3 / 0.3. */
#ifndef ANALYSIS_HEALTH_H
#define ANALYSIS_HEALTH_H
#include <stddef.h>
#include <cJSON.h>
#include "analysis/analysis.h"
#include "analysis/custagg.h"

struct health_weights {
	double value, satisfaction, loyalty;
};
/* Defaults then the "weights" object; -1 with *err naming the key for an unknown
 * component, a negative or non-numeric weight, or all weights zero. */
int health_params_parse(struct arena *a, const cJSON *params, struct health_weights *w, const char **err);

/* Percentile normalisation: out[i] = (average rank of v[i] - 1) / (n - 1) in [0, 1]
 * (ties share their average rank; n == 1 gives 1). Robust to the heavy right tail
 * of money, which min-max would squash toward 0. NaN values stay NaN and are not
 * ranked. */
void health_percentile(const double *v, size_t n, double *out);

/* Bands: healthy >= 70, watch 40..70, at risk < 40. */
enum health_band { HEALTH_AT_RISK, HEALTH_WATCH, HEALTH_HEALTHY };

struct health_result {
	struct health_weights w;
	const struct custagg *ca;
	double *score;                  /* by custagg code, 0..100; NaN without orders */
	double *value, *satisfaction, *loyalty; /* components 0..1 by code (satisfaction NaN if unknown) */
	size_t n, with_satisfaction;
	double mean, median;
	size_t bands[3];
	size_t hist[10];                /* scores in [0,10), [10,20), ... [90,100] */
};

/* Scores every customer of ca. satisfaction: by custagg code (NaN = unknown) or NULL.
 * loyalty = mean of the percentiles of tenure (as_of - first order) and frequency;
 * value = percentile of monetary; satisfaction = min-max over known values. A
 * customer without satisfaction is scored on value and loyalty, weights renormalised. */
struct health_result *health_compute(struct arena *a, const struct custagg *ca, const double *satisfaction,
                                     const struct health_weights *w);

/* {weights, customers, with_satisfaction, mean, median, bands[] {key, name, customers,
 * share}, by_segment[] (with rfm)} + charts.health_distribution. */
cJSON *health_model(const struct health_result *r, struct analysis_ctx *ctx);

/* Registry entry (needs orders; sets ctx->health). */
cJSON *health_run(struct analysis_ctx *ctx, const cJSON *params);
/* The entry of the registry (analysis.h). */
extern const struct analysis health_analysis;
#endif
