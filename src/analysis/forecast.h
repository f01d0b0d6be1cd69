/* SPDX-License-Identifier: MIT
 * forecast: the forecast analysis of DESIGN.md §6: OLS of the marketing target on its
 * drivers (stats/ols) with a what-if for the next weeks from a plan, and Holt
 * linear-trend smoothing (stats/holt) of weekly order revenue with 95% prediction
 * intervals. Analysis layer: the typed result and its results.json part. */
#ifndef ANALYSIS_FORECAST_H
#define ANALYSIS_FORECAST_H
#include <stddef.h>
#include <cJSON.h>
#include "analysis/analysis.h"
#include "base/locale.h"

/* Weekly revenue history used by Holt: at most this many complete weeks. */
#define FORECAST_MAX_WEEKS 156
/* Fewer complete weeks than this and Holt is skipped. */
#define FORECAST_MIN_WEEKS 4

/* OLS part. Terms are "(intercept)" then the drivers. The what-if rows are weeks
 * last date + 7, + 14, ...; x holds their driver values (horizon x ndrivers), value
 * the prediction and lower/upper its 95% prediction interval
 * (t_{0.975, df_resid} x sqrt(sigma² + x0' Cov x0)). */
struct forecast_ols {
	size_t n, p;                    /* rows used, terms */
	const char **terms;
	double *coef, *se, *t, *pval;
	double r2, adj_r2, rmse, sigma2, df_resid, f_stat, f_p;
	double *date;                   /* n row dates (days), NaN when unknown */
	double *actual, *fitted;        /* n, in date order */
	size_t horizon;
	double *week, *x, *value, *lower, *upper;
};

/* Holt part: weekly revenue over weeks ending on as_of's weekday (the week ending
 * on as_of included), complete weeks only (no earlier than the first order date),
 * at most FORECAST_MAX_WEEKS. week[] are the week end dates (days). */
struct forecast_holt {
	size_t n;
	double *week, *value, *fitted;
	double alpha, beta, sse, sigma2;
	size_t horizon;
	double *f_week, *mean, *lower, *upper;
};

struct forecast_result {
	const char *target;
	const char **drivers;
	size_t ndrivers;
	int has_ols, has_holt;
	struct forecast_ols ols;
	struct forecast_holt holt;
};

/* OLS of params.target (default the role field "target") on params.drivers (default
 * every other numeric column but the date and the source columns of target and date)
 * over the rows of the marketing table m with every value present; what-if for
 * params.horizon (default 8) weeks from params.plan: {driver: number or [per week]}
 * or [{driver: value} per week], the last entry repeating; drivers it does not name
 * take the mean of the last 4 rows by date. Returns 0, or -1 with a note through
 * ctx (may be NULL) when the model cannot be fitted. */
int forecast_ols_compute(struct arena *a, const struct table *m, const struct project_dataset *spec,
                         const cJSON *params, struct analysis_ctx *ctx, struct forecast_result *r);

/* Holt on the weekly sum of amount by date of the orders table o up to as_of;
 * horizon weeks ahead. Returns 0, or -1 with a note when too few weeks. */
int forecast_holt_compute(struct arena *a, const struct table *o, double as_of, size_t horizon,
                          struct analysis_ctx *ctx, struct forecast_result *r);

/* The results.json "forecast" object: target, drivers, ols {coefficients{},
 * std_errors{}, t{}, p{}, r2, adj_r2, rmse, n}, whatif[], holt {alpha, beta, sse,
 * history[] {week, value, fitted}, forecast[] {week, value, lower, upper}}, with
 * *_fmt strings; chart specs forecast_coefficients, forecast_fit and
 * forecast_revenue added to charts when not NULL. Caller owns the result. */
cJSON *forecast_to_model(const struct forecast_result *r, enum locale locale, const char *currency,
                         cJSON *charts);

/* Registry entry: runs with marketing (OLS) and/or orders (Holt); sets ctx->forecast. */
cJSON *forecast_run(struct analysis_ctx *ctx, const cJSON *params);
/* The entry of the registry (analysis.h). */
extern const struct analysis forecast_analysis;
#endif
