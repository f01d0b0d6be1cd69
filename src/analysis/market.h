/* SPDX-License-Identifier: MIT
 * market: segments of the market (DESIGN.md §6) by dimensions of the customers table
 * (default industry, region): customers, revenue and growth from orders, open pipeline
 * and win rate from opportunities, and an attractiveness score (src/stats/mcda). */
#ifndef ANALYSIS_MARKET_H
#define ANALYSIS_MARKET_H
#include <stddef.h>
#include <cJSON.h>
#include "analysis/analysis.h"
#include "analysis/custagg.h"

#define MARKET_MAX_DIMS 4
#define MARKET_NCRIT 5
/* Criteria of the attractiveness score, in this order (all benefits):
 * revenue, growth, revenue_per_customer, pipeline, win_rate. */
extern const char *const market_criteria[MARKET_NCRIT];

struct market_segment {
	const char *key;                /* dimension values joined with " / " */
	const char **values;            /* one per dimension */
	size_t customers;
	double revenue, revenue_prev;   /* last 12 months, the 12 before */
	double growth;                  /* revenue / revenue_prev - 1; NaN when prev is 0 */
	double share;                   /* of total revenue */
	double revenue_per_customer;
	double pipeline;                /* open opportunity amount */
	size_t open, won, lost;
	double win_rate;                /* won / (won + lost); NaN without closed deals */
	double score;                   /* attractiveness 0..100 */
	int rank;                       /* 1 = most attractive; ties share the smallest */
};

struct market_result {
	const char *dims[MARKET_MAX_DIMS];
	size_t ndims;
	struct market_segment *seg;     /* by rank, ties by key */
	size_t nseg;
	double weights[MARKET_NCRIT];   /* normalised; 0 for criteria not used */
	int used[MARKET_NCRIT];
	double total_revenue;
	int has_orders, has_opps;
};

/* Segments of customers by dims. ca (orders aggregation) and opps may be NULL;
 * opportunities count in the segment of their own dimension columns when they have
 * them all, else through account -> customers id. weights: MARKET_NCRIT values
 * (NaN = default equal). Dimension columns must be text (caller checks). */
struct market_result *market_compute(struct arena *a, const struct table *cust, const char **dims,
                                     size_t ndims, const struct custagg *ca, const struct table *opps,
                                     const struct project_dataset *opp_spec, const double *weights,
                                     const char *missing_label);

/* {dimensions[], criteria{name: weight}, segments[] {key, <dims>, customers, revenue,
 * share, growth, revenue_per_customer, pipeline, win_rate, score, rank (+ _fmt)}}
 * + charts.market_attractiveness. */
cJSON *market_model(const struct market_result *r, struct analysis_ctx *ctx);

/* Registry entry (needs customers). */
cJSON *market_run(struct analysis_ctx *ctx, const cJSON *params);
/* The entry of the registry (analysis.h). */
extern const struct analysis market_analysis;
#endif
