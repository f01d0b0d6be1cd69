/* SPDX-License-Identifier: MIT
 * clv: customer lifetime value (DESIGN.md §6). Per customer, annual value = AOV x
 * orders per year x margin, with orders per year = orders x 365 / max(tenure, 30)
 * and tenure = as_of - first order (days); CLV = sum_{t=1..T} annual value x
 * r^(t-1) / (1+d)^t with retention r = 1 - annual churn rate. */
#ifndef ANALYSIS_CLV_H
#define ANALYSIS_CLV_H
#include <stddef.h>
#include <cJSON.h>
#include "analysis/analysis.h"
#include "analysis/custagg.h"

struct clv_params {
	double horizon_years;           /* T, default 5 (a fraction adds that share of the next year) */
	double discount_rate;           /* d, default 0.10 */
	double margin;                  /* default 1.0 */
};
void clv_params_parse(const cJSON *params, struct clv_params *p);

/* The multiplier sum_{t=1..T} r^(t-1) / (1+d)^t (non-integer T: the last year
 * weighted by its fraction). */
double clv_factor(double retention, const struct clv_params *p);

enum clv_churn_source { CLV_CHURN_FLAG, CLV_CHURN_LIFECYCLE };

struct clv_result {
	struct clv_params p;
	const struct custagg *ca;
	double churn_rate, retention, factor;
	enum clv_churn_source source;
	double *annual, *clv;           /* by custagg code; NaN for customers without orders */
	size_t n;                       /* customers valued */
	double total, mean, median;
	int32_t *top;                   /* codes by CLV descending (ties: id order), ntop */
	size_t ntop;
};

/* churn_rate in [0, 1] (the caller chooses its source). top: how many codes to keep
 * in res->top (25 in the report). */
struct clv_result *clv_compute(struct arena *a, const struct custagg *ca, const struct clv_params *p,
                               double churn_rate, enum clv_churn_source source, size_t top);

/* Annual churn rate: the share of flagged customers in customers.churned (source
 * CLV_CHURN_FLAG) when the column exists and has values; else the share of ordering
 * customers whose last order is more than churn_days before as_of (lifecycle's rule). */
double clv_churn_rate(const struct custagg *ca, const struct table *cust, double churn_days,
                      enum clv_churn_source *source);

/* {parameters, churn_rate, churn_source, retention, factor, customers, total, mean,
 * median (+ _fmt), by_segment[] (with rfm), top[] {id, name, clv, annual_value, orders,
 * segment}} + charts.clv_segments. */
cJSON *clv_model(const struct clv_result *r, struct analysis_ctx *ctx);

/* Registry entry (needs orders; sets ctx->clv). */
cJSON *clv_run(struct analysis_ctx *ctx, const cJSON *params);
/* The entry of the registry (analysis.h). */
extern const struct analysis clv_analysis;
#endif
