/* SPDX-License-Identifier: MIT
 * churn: logistic regression of churned on customer features (DESIGN.md §6), the
 * same method as lead_scoring, with p(churn) and per-feature contributions for every
 * customer. Analysis layer over scoring.h. */
#ifndef ANALYSIS_CHURN_H
#define ANALYSIS_CHURN_H
#include <cJSON.h>
#include "analysis/analysis.h"
#include "analysis/scoring.h"

/* ctx->churn after a run. model.row[] are row indices of the customers table (every
 * customer with all features present, churned or not); model.prob[] is p(churn) and
 * model.contrib[] the per-column contributions coef * (x - mean) (scoring.h). */
struct churn_result {
	struct scoring_params params;
	struct scoring_model model;
};

/* Fits on the customers with a known `churned` flag and scores every customer;
 * stores ctx->churn and returns the churn subtree, or NULL after a note (or with
 * ctx->error set: an unknown feature or reference level). Default
 * features when `features` is not given: those of recency, frequency, monetary,
 * satisfaction and tenure that the customers table has; recency (days from the last
 * order to as_of), frequency (orders) and monetary (sum of amount) come from the
 * orders through ctx's shared aggregation (custagg) when the table lacks them
 * (customers without an order are then left out of the model). */
cJSON *churn_run(struct analysis_ctx *ctx, const cJSON *params);
/* The entry of the registry (analysis.h). */
extern const struct analysis churn_analysis;

/* The model on a table without setting ctx->churn; NULL after a note. */
const struct churn_result *churn_compute(struct analysis_ctx *ctx, const struct table *t,
                                         const cJSON *params);
#endif
