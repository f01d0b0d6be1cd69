/* SPDX-License-Identifier: MIT
 * lead_scoring: logistic regression of won vs lost on the closed opportunities
 * (DESIGN.md §6), held-out metrics on a seeded stratified split, and p(win) with
 * per-feature contributions for every open deal. Analysis layer over scoring.h. */
#ifndef ANALYSIS_LEAD_SCORING_H
#define ANALYSIS_LEAD_SCORING_H
#include <cJSON.h>
#include "analysis/analysis.h"
#include "analysis/scoring.h"

/* ctx->lead_scoring after a run. model.row[] are row indices of the opportunities
 * table (its open deals: rows whose `won` is missing, i.e. neither a won nor a lost
 * stage); model.prob[] is p(win) and model.contrib[] the per-column contributions
 * coef * (x - mean of the closed deals) of those rows (scoring.h). */
struct lead_scoring_result {
	struct scoring_params params;
	struct scoring_model model;
};

/* Fits and scores; stores the typed result in ctx->lead_scoring and returns the
 * lead_scoring subtree, or NULL after a note (or with ctx->error set: an unknown
 * feature or reference level). Default features when `features` is
 * not given: every numeric column and every text column with 2 to 20 distinct values
 * among the closed deals, except id, stage, account, the target, dates, source
 * columns behind mapped role fields (the field stands for them), columns missing on
 * more than half of the closed deals, and numeric columns missing on every open
 * deal (they could not score one, e.g. an amount filled in only at closing). */
cJSON *lead_scoring_run(struct analysis_ctx *ctx, const cJSON *params);
/* The entry of the registry (analysis.h). */
extern const struct analysis lead_scoring_analysis;

/* The same analysis on a table (no ctx pointer set); for tests and lead_scoring_run. */
const struct lead_scoring_result *lead_scoring_compute(struct analysis_ctx *ctx, const struct table *t,
                                                       const cJSON *params);
#endif
