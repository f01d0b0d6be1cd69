/* SPDX-License-Identifier: MIT
 * holt: Holt's linear-trend exponential smoothing (additive trend, no season):
 * smoothing with given or SSE-optimal alpha, beta in [0, 1], h-step forecasts and
 * 95% prediction intervals of ETS(A,A,N). Part of src/stats; used by
 * analysis/forecast for weekly revenue. Parameterisation as statsmodels' Holt:
 *   l_t = alpha y_t + (1 - alpha)(l_{t-1} + b_{t-1})
 *   b_t = beta (l_t - l_{t-1}) + (1 - beta) b_{t-1},   yhat_t = l_{t-1} + b_{t-1} */
#ifndef STATS_HOLT_H
#define STATS_HOLT_H

#include <stddef.h>

#include "base/arena.h"

struct holt_fit {
	size_t n;
	double alpha, beta;         /* smoothing of level and trend */
	double level0, trend0;      /* initial states (see holt_initial) */
	double level, trend;        /* states after the last observation */
	double sse;                 /* sum of squared one-step errors y_t - yhat_t */
	double sigma2;              /* SSE / n (statsmodels ETSModel's mse) */
	double *fitted;             /* n one-step predictions (arena) */
	int optimized;              /* 1 if alpha, beta came from holt_fit_optimal */
};

/* Initial states as statsmodels initialization_method="heuristic": an OLS line
 * through the first 10 points at x = 1..10; level0 = intercept (x = 0), trend0 =
 * slope. With 2 <= n < 10 points the line uses all of them; n == 1 gives trend 0. */
void holt_initial(const double *y, size_t n, double *level0, double *trend0);

/* Smooth with fixed alpha, beta (clamped to [0, 1]) from holt_initial states. n >= 1. */
void holt_fit_fixed(struct arena *a, const double *y, size_t n, double alpha, double beta,
                    struct holt_fit *out);

/* SSE-optimal alpha, beta in [0, 1]^2 with the initial states held at holt_initial's
 * values (statsmodels 0.13 Holt(..., "estimated") with initial_level/trend pinned by
 * fix_params; its "heuristic" fit() would re-optimise them):
 * a 51 x 51 grid, Nelder–Mead from the best grid point with every vertex clamped
 * to the box, then alternating golden-section polishing of each parameter. */
void holt_fit_optimal(struct arena *a, const double *y, size_t n, struct holt_fit *out);

/* Forecasts for steps 1..h: mean[k] = level + (k+1) trend; 95% interval
 * mean -+ 1.959964 sqrt(sigma2 (1 + sum_{j=1}^{k} (alpha + alpha beta j)^2)) for
 * step k+1. lower/upper may be NULL. */
void holt_forecast(const struct holt_fit *f, size_t h, double *mean, double *lower, double *upper);

#endif
