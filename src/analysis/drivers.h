/* SPDX-License-Identifier: MIT
 * drivers: a CART decision tree (Gini) explaining won/lost deals or churned
 * customers as readable rules (DESIGN.md §6). Numbers split at midpoints; a text
 * feature splits one level against the rest (indicator columns). Analysis layer
 * over stats/cart. */
#ifndef ANALYSIS_DRIVERS_H
#define ANALYSIS_DRIVERS_H
#include <cJSON.h>
#include "analysis/analysis.h"
#include "analysis/features.h"
#include "stats/cart.h"

struct drivers_result {
	const char *dataset;            /* "opportunities" or "customers" */
	const char *target;             /* "won", "churned" or the target parameter */
	const char *class_names[2];     /* target 0 and 1, in the project's locale */
	struct features_design design;  /* indicator coding, no intercept */
	size_t n, dropped;              /* rows fitted; labelled rows with a missing feature */
	int max_depth;
	size_t min_samples_leaf;
	struct cart_tree tree;
	double *importance;             /* design.ncols Gini importances, summing to 1 (0s for a
	                                   root-only tree) */
};

/* Parameters: dataset (default opportunities when present, else customers), target
 * (won / churned; a 0/1 numeric column), features (default: numeric and text columns
 * with 2..20 values among the labelled rows, except ids, names, stage, account,
 * the target, dates, churn_date, source columns behind mapped role fields and
 * columns missing on more than half of the rows), max_depth (3), min_samples_leaf (20). NULL
 * after a note, or with ctx->error set for an unknown feature. Memory from ctx->a. */
const struct drivers_result *drivers_compute(struct analysis_ctx *ctx, const cJSON *params);

/* The drivers subtree {dataset, target, features[], rows, dropped, classes[],
 * nodes[] {feature, threshold, left, right, samples, counts[], predicted, gini},
 * rules[] {text, predicted, share, samples}, accuracy, importance[]} and the chart
 * drivers_importance. */
cJSON *drivers_to_model(struct analysis_ctx *ctx, const struct drivers_result *r);

/* Registry entry: drivers_compute + drivers_to_model. */
cJSON *drivers_run(struct analysis_ctx *ctx, const cJSON *params);
/* The entry of the registry (analysis.h). */
extern const struct analysis drivers_analysis;
#endif
