/* SPDX-License-Identifier: MIT
 * cox: Cox proportional hazards by Newton–Raphson as R's coxph (Efron or Breslow
 * ties, step-halving, convergence on the relative log-likelihood change), with
 * Wald standard errors, hazard ratios, and Harrell's concordance as R counts it.
 * Part of src/stats (plain arrays in, struct out); used by analysis/retention. */
#ifndef STATS_COX_H
#define STATS_COX_H

#include <stddef.h>

#include "base/arena.h"

enum cox_ties { COX_EFRON, COX_BRESLOW };

struct cox_options {
	enum cox_ties ties;     /* default COX_EFRON (R's default) */
	int max_iter;           /* default 20 */
	double eps;             /* default 1e-9: stop when |1 - ll_old/ll_new| <= eps */
};

/* Fills the R defaults. */
void cox_options_default(struct cox_options *o);

struct cox_fit {
	size_t p;
	long n, n_events;
	/* p entries each, arena memory */
	double *coef, *se, *z, *p_value;        /* p_value = 2 P(Z > |z|) */
	double *hr, *hr_lower, *hr_upper;       /* exp(coef), exp(coef -+ 1.959964 se) */
	double *var;                            /* p x p inverse information, row-major */
	double loglik_null, loglik;             /* partial log-likelihood at 0 and at coef */
	/* global tests of coef = 0, each chi-square with p degrees of freedom, with
	 * the natural log of the p-value (finite where p underflows) */
	double lr, lr_log_p;                    /* 2 (loglik - loglik_null) */
	double wald, wald_log_p;                /* coef' I(coef) coef */
	double score, score_log_p;              /* U(0)' I(0)^-1 U(0) */
	int iterations, converged;
	/* Concordance of the linear predictor as R's concordance()/coxph: a pair is
	 * comparable when the shorter time is an event (a censoring at the same time
	 * counts as later); concordant when the earlier event has the higher risk.
	 * concordance = (concordant + tied_x/2) / (concordant + discordant + tied_x);
	 * tied_y / tied_xy count event pairs at the same time (tied_xy: risk tied too).
	 * concordance_se: infinitesimal-jackknife standard error, as R's "std". */
	double concordance, concordance_se;
	long long concordant, discordant, tied_x, tied_y, tied_xy;
};

/* Fit on n rows: x is n x p row-major (covariates; no intercept column), time[i]
 * the follow-up, event[i] != 0 for an event. opt NULL = defaults. Arrays in out
 * come from a. Returns 0 on success, -1 if the information matrix is singular
 * (e.g. a constant or aliased column, or no events): out then holds NaNs. */
int cox_fit(struct arena *a, const double *x, size_t n, size_t p, const double *time,
            const int *event, const struct cox_options *opt, struct cox_fit *out);

#endif
