/* SPDX-License-Identifier: MIT
 * lifecycle: the lifecycle analysis (DESIGN.md §6): every customer's stage
 * (prospect, new, active, at risk, churned) as of as_of and as of a week earlier,
 * with stage counts and the moves between stages since last week. */
#ifndef ANALYSIS_LIFECYCLE_H
#define ANALYSIS_LIFECYCLE_H
#include <stddef.h>
#include <stdint.h>
#include <cJSON.h>
#include "analysis/analysis.h"
#include "analysis/custagg.h"

enum lifecycle_stage {
	LIFECYCLE_NONE = -1,            /* not a customer yet (a week ago) */
	LIFECYCLE_PROSPECT, LIFECYCLE_NEW, LIFECYCLE_ACTIVE, LIFECYCLE_AT_RISK, LIFECYCLE_CHURNED,
	LIFECYCLE_NSTAGES
};
extern const char *const lifecycle_stage_keys[LIFECYCLE_NSTAGES];  /* "prospect", "new", ... */

struct lifecycle_params {
	double new_days, active_days, churn_days;   /* 90, 180, 365 */
};
/* Defaults then params; -1 with *err (naming the key) unless new_days <= active_days
 * <= churn_days. */
int lifecycle_params_parse(struct arena *a, const cJSON *params, struct lifecycle_params *p,
                           const char **err);

/* Stage of one customer: first/last order day (NaN: no order), as_of (day), flagged
 * churned (1), known to the customers table (prospect when no order). Rules, in order:
 * flagged -> churned; no order -> prospect (if known) or none; as_of - last > churn_days
 * -> churned; as_of - first <= new_days -> new; as_of - last <= active_days -> active;
 * else at risk. */
enum lifecycle_stage lifecycle_stage_of(const struct lifecycle_params *p, double first, double last,
                                        double as_of, int flagged, int known);

struct lifecycle_result {
	struct lifecycle_params p;
	int8_t *stage, *previous;       /* by custagg code (size ca->n; NULL without orders) */
	int8_t *stage_row;              /* by customers row (NULL without customers) */
	size_t counts[LIFECYCLE_NSTAGES], prev_counts[LIFECYCLE_NSTAGES];
	size_t moves[LIFECYCLE_NSTAGES + 1][LIFECYCLE_NSTAGES]; /* [from + 1][to]; from -1 = none */
	size_t total;
	int flags_used;                 /* customers.churned was read */
};

/* Stages of every customer of the orders (ca, may be NULL) and of the customers table
 * (cust, may be NULL; joined on id through custagg_map_rows). Previous stages use
 * as_of - 7 with last = the last order on or before then (ca->prev_last) and the
 * churned flag only when churn_date is absent or on or before as_of - 7. */
struct lifecycle_result *lifecycle_compute(struct arena *a, const struct custagg *ca,
                                           const struct table *cust, double as_of,
                                           const struct lifecycle_params *p);

/* {parameters, customers, stages[] {key, name, customers, previous, change, share},
 * moves[] {from, to, customers} (from != to, non-zero, in stage order)} + charts.lifecycle. */
cJSON *lifecycle_model(const struct lifecycle_result *r, struct analysis_ctx *ctx);

/* Registry entry (needs orders or customers; sets ctx->lifecycle). */
cJSON *lifecycle_run(struct analysis_ctx *ctx, const cJSON *params);
/* The entry of the registry (analysis.h). */
extern const struct analysis lifecycle_analysis;
#endif
