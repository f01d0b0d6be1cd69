/* SPDX-License-Identifier: MIT
 * retention: Kaplan–Meier survival of customers (DESIGN.md §6): duration = tenure
 * (in tenure_unit) or signup -> churn date / as_of (days), event = churned; median
 * and its CI, KM and the log-rank test by group_by, optional Cox model with hazard
 * ratios and concordance. Analysis layer over stats/survival and stats/cox. */
#ifndef ANALYSIS_RETENTION_H
#define ANALYSIS_RETENTION_H
#include <cJSON.h>
#include "analysis/analysis.h"
#include "analysis/features.h"
#include "stats/cox.h"
#include "stats/survival.h"

struct retention_result {
	const char *unit;               /* "days", "weeks", "months" or "years" */
	const char *duration;           /* "tenure" or "signup_date" */
	size_t n, dropped;              /* customers used; dropped (no duration / flag) */
	size_t *row;                    /* n customers-table row indices, ascending */
	double *time;                   /* n durations in unit */
	int *event;                     /* n: 1 churned, 0 censored */
	enum survival_ci ci;
	struct survival_km km;          /* overall */
	/* by group_by (ngroups == 0 when not asked for or not possible) */
	const char *group_by;
	int ngroups;
	const char **group_names;       /* sorted: bytewise for text, numerically for numbers */
	struct survival_km *group_km;   /* ngroups */
	struct survival_logrank logrank;
	size_t group_dropped;           /* rows without a group value */
	/* Cox model (has_cox == 0 when not asked for or when it failed, with a note) */
	int has_cox;
	struct features_design cox_design;
	size_t cox_n, cox_dropped;
	struct cox_fit cox;
};

/* Parameters: group_by (a field or column name; a list uses its first entry), ci
 * ("log" default, "log-log", "plain"), cox ({"features": [...]} or false).
 * Computes on customers table t; NULL after a note (no churned field, no duration),
 * or with ctx->error and ctx->error_path set (an unknown group_by column or Cox
 * feature: a project error).
 * as_of is the report day (days since 1970-01-01). Memory from ctx->a. */
const struct retention_result *retention_compute(struct analysis_ctx *ctx, const struct table *t,
                                                 const char *tenure_unit, const cJSON *params);

/* The retention subtree {unit, duration, rows, events, censored, dropped, ci, km[],
 * median, median_lower, median_upper, group_by, groups[], logrank{}, cox{}} and the
 * charts km_overall and km_by_group. */
cJSON *retention_to_model(struct analysis_ctx *ctx, const struct retention_result *r);

/* Registry entry: retention_compute on the customers dataset + retention_to_model. */
cJSON *retention_run(struct analysis_ctx *ctx, const cJSON *params);
/* The entry of the registry (analysis.h). */
extern const struct analysis retention_analysis;
#endif
