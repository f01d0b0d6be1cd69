/* SPDX-License-Identifier: MIT
 * survival: Kaplan–Meier product-limit estimator with Greenwood standard errors,
 * 95% confidence bands as R survival defines them ("log", "log-log", "plain"), the
 * median and its CI as R's quantile.survfit, and the log-rank test as survdiff.
 * Part of src/stats (plain arrays in, structs out); used by analysis/retention. */
#ifndef STATS_SURVIVAL_H
#define STATS_SURVIVAL_H

#include <stddef.h>

#include "base/arena.h"

enum survival_ci { SURVIVAL_CI_LOG, SURVIVAL_CI_LOGLOG, SURVIVAL_CI_PLAIN };

/* One row per distinct time (event or censoring), as summary(survfit, censored=TRUE). */
struct survival_row {
	double time;
	long n_risk, n_event, n_censor;
	double surv;            /* S(t) */
	double std_err;         /* Greenwood standard error of S(t) (R summary()$std.err) */
	double std_err_cumhaz;  /* sqrt(sum d/(n(n-d))): se of -log S(t) (R fit$std.err) */
	double lower, upper;    /* 95% band of the requested type; NaN where R gives NA */
	double cumhaz;          /* Nelson–Aalen cumulative hazard sum d/n */
};

struct survival_km {
	size_t nrows;
	struct survival_row *rows;  /* arena memory, times ascending */
	long n, events;
	enum survival_ci ci;
	/* Median as R: smallest t with S(t) < 0.5, or the midpoint of a flat stretch on
	 * which S(t) == 0.5 (within 1.49e-8) and the next drop (the last time when the
	 * curve stays at 0.5); NaN when not reached. The CI applies
	 * the same rule to the lower band (-> lower limit) and upper band (-> upper). */
	double median, median_lower, median_upper;
};

/* Fit KM on n observations: time[i] >= 0 (any unit), event[i] != 0 for an event,
 * 0 for censored. Rows are allocated from a. n == 0 gives an empty fit with NaN
 * median. Time O(n log n). NaN times must be filtered by the caller. */
void survival_km_fit(struct arena *a, const double *time, const int *event, size_t n,
                     enum survival_ci ci, struct survival_km *out);

/* Quantile of the survival time for probability prob in (0, 1) (0.5 = median), by
 * the same rule as the median: the time where S(t) first drops to 1 - prob, and
 * its CI from the lower and upper bands. NaN when not reached. lower/upper may be
 * NULL. */
void survival_km_quantile(const struct survival_km *km, double prob, double *q,
                          double *lower, double *upper);

/* S(t) at any time t (the step function, 1 before the first time) and the number
 * at risk at t (rows with time >= t; 0 past the end), as summary(fit, times = t,
 * extend = TRUE). n_risk may be NULL. O(log rows). */
void survival_km_at(const struct survival_km *km, double t, double *surv, long *n_risk);

/* Restricted mean survival time: the area under S(t) from 0 to tau (NaN = the last
 * time in the table, R's default rmean), and its standard error
 * sqrt(sum_events A_k^2 d_k / (n_k (n_k - d_k))), A_k the area after t_k, as R's
 * print.survfit. se may be NULL. Times are assumed >= 0. For groups, R's default
 * ("common") uses one tau for all: pass the largest time over all groups. */
void survival_km_rmean(const struct survival_km *km, double tau, double *mean, double *se);

/* KM per group: group[i] in [0, ngroups); out has ngroups entries. One pass over
 * the input per group (O(n * ngroups)): meant for a handful of groups. */
void survival_km_fit_groups(struct arena *a, const double *time, const int *event,
                            const int *group, size_t n, int ngroups, enum survival_ci ci,
                            struct survival_km *out);

/* Log-rank test (survdiff, rho = 0) across groups. */
struct survival_logrank {
	int ngroups;
	long *n;                 /* per group (arena) */
	double *observed, *expected;
	double chi2;
	int df;                  /* groups with at least one observation, minus 1 */
	double p;                /* upper chi-square tail (special_chi2_sf); may be 0 */
	double log_p;            /* natural log of p, finite when p underflows */
};

/* group[i] in [0, ngroups). Arrays are allocated from a. With fewer than two
 * non-empty groups chi2 = 0, df = 0, p = 1. */
void survival_logrank_test(struct arena *a, const double *time, const int *event,
                           const int *group, size_t n, int ngroups,
                           struct survival_logrank *out);

/* log of the upper tail of chi-square(df) at x (df > 0, x >= 0), finite where the
 * tail itself underflows (special_chi2_sf gives the tail). */
double survival_chisq_log_sf(double x, double df);

#endif
