/* SPDX-License-Identifier: MIT
 * kpis: the weekly key figures of DESIGN.md §6 for the week ending as_of (the 7 days
 * as_of-6 .. as_of, inclusive) against the previous week, with 12-week trends and a
 * sparkline chart each. Analysis layer: tables in, struct kpis_result and cJSON out. */
#ifndef ANALYSIS_KPIS_H
#define ANALYSIS_KPIS_H
#include <cJSON.h>
#include "analysis/analysis.h"

#define KPIS_WEEKS 12
#define KPIS_Z 1.96                     /* |z| of a change beyond week-to-week noise */
#define KPIS_Z_SPREAD 2.5               /* the same against the robust spread of past changes */
#define KPIS_MIN_HISTORY 6              /* past weekly changes the spread test needs */

enum kpis_id {
	KPIS_REVENUE, KPIS_ORDERS, KPIS_AOV, KPIS_ACTIVE, KPIS_NEW, KPIS_CHURNED,
	KPIS_CHURN_RATE, KPIS_PIPELINE, KPIS_WON, KPIS_WIN_RATE, KPIS_SATISFACTION, KPIS_COUNT
};

/* What each figure means (week = the 7 days ending on a week's last day):
 *   revenue              sum of orders.amount dated in the week
 *   orders               distinct orders.order in the week (order rows without `order`)
 *   average_order_value  revenue / orders (NaN when no order)
 *   active_customers     distinct orders.customer with an order in the week
 *   new_customers        customers whose first order ever falls in the week
 *   churned_customers    customers.churn_date in the week (rows flagged churned = 0 skipped)
 *   churn_rate           churned / customers not churned before the week began (signed up
 *                        by its end when signup_date is known); NaN when none
 *   open_pipeline        sum of opportunities.amount open at the week's end: created by then
 *                        (or no created_date) and either still open or closed after it
 *   deals_won            won deals with close_date in the week
 *   win_rate             won / (won + lost) among deals closed in the week; NaN when none
 *   average_satisfaction mean customers.satisfaction of the week's active customers */
struct kpis_series {
	const char *key;                /* "revenue", "average_order_value", ... */
	int present;                    /* 0: its data is absent (a note says which) */
	int up_is_good;
	double week[KPIS_WEEKS];        /* oldest first; week[KPIS_WEEKS - 1] ends on as_of */
	double count[KPIS_WEEKS];       /* what the figure stands on: orders (revenue, orders,
	                                   average order value), customers (active, new,
	                                   churned; churn rate: customers at risk; satisfaction:
	                                   customers rated), open deals (pipeline), won deals,
	                                   closed deals (win rate) */
	double part[KPIS_WEEKS];        /* rates: the numerator (won deals, churned customers) */
	const char *test;               /* "poisson" (counts), "two_proportion" (rates), "spread"
	                                   (money and means: the change against the median and
	                                   MAD of the 10 weekly changes before it) */
	double z;                       /* the change in units of noise; NaN: not testable */
	int beyond_noise;               /* |z| >= KPIS_Z (KPIS_Z_SPREAD for "spread") */
};

struct kpis_result {
	double as_of;
	double week_end[KPIS_WEEKS];    /* last day of each week, oldest first */
	struct kpis_series s[KPIS_COUNT];
};

/* Computes every KPI whose data the tables have (any table may be NULL); a KPI whose
 * data is absent has present = 0 and a note in ctx (ctx->notes may be NULL). Rows
 * dated after as_of are ignored. Memory from ctx->a. */
struct kpis_result *kpis_compute(struct analysis_ctx *ctx, const struct table *orders,
                                 const struct table *customers, const struct table *opps);

/* The kpis subtree: weeks[] (ISO last days), then per present KPI {label, value,
 * previous, change, change_pct, count, previous_count, count_of, change_test, change_z,
 * beyond_noise, trend[], value_fmt, previous_fmt, change_fmt, change_pct_fmt, counts_fmt
 * ("142 vs 160 orders", "2 of 6 vs 4 of 5 closed deals"), noise_fmt ("within the usual range", "beyond the usual
 * range", "" when flat), direction ("up" | "down" | "flat"), good (1 when up is good), tone
 * ("good" | "bad" | "neutral")}; change_pct is null when previous is 0 or missing. Adds
 * charts.kpi_<key> sparklines to the root's "charts". Locale and currency of the project. */
cJSON *kpis_model(const struct kpis_result *k, struct analysis_ctx *ctx);

/* Registry entry: computes from the role tables; NULL (with a note) when no KPI has data. */
cJSON *kpis_run(struct analysis_ctx *ctx, const cJSON *params);
/* The entry of the registry (analysis.h). */
extern const struct analysis kpis_analysis;
#endif
