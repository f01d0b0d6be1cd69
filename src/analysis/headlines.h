/* SPDX-License-Identifier: MIT
 * headlines: 3-6 sentences for the PDF cover and the dashboard, generated from the
 * numbers of the analyses that ran (revenue this week, pipeline and win rate, churn
 * risk and the value at stake, top segment, forecast direction, best open deal), in
 * en or zh-CN. Deterministic: the same results give the same words. Runs last. */
#ifndef ANALYSIS_HEADLINES_H
#define ANALYSIS_HEADLINES_H
#include <cJSON.h>
#include "analysis/analysis.h"
#include "base/locale.h"

/* The sentences for a results tree (reads kpis, funnel, targets, rfm, segmentation,
 * forecast; any may be absent). as_of in days; locale an enum locale; currency an ISO
 * code. Returns an array (caller deletes) of {topic, text} in this order of topics:
 * revenue, pipeline, churn_risk, segment, forecast, prospect; a topic whose analysis
 * did not run is left out. Numbers are formatted here from the JSON numbers. */
cJSON *headlines_build(const cJSON *results, double as_of, enum locale locale, const char *currency);

/* Registry entry: headlines_build on ctx->results; NULL with a note when no sentence
 * could be made. */
cJSON *headlines_run(struct analysis_ctx *ctx, const cJSON *params);
/* The entry of the registry (analysis.h). */
extern const struct analysis headlines_analysis;
#endif
