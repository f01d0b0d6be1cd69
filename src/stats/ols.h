/* SPDX-License-Identifier: MIT
 * ols: ordinary least squares on a row-major design matrix (src/stats), solved by
 * pivoted QR (stats/linalg). Gives what statsmodels' OLS summary gives: coefficients,
 * standard errors, t, p, 95% CIs, R², adjusted R², F, RSS, MSE, log-likelihood, AIC,
 * BIC. The caller (analysis layer) builds the design matrix and names the terms. */
#ifndef STATS_OLS_H
#define STATS_OLS_H

#include <stddef.h>

struct ols_fit {
	size_t n, p;            /* rows, columns of X (intercept column included) */
	size_t rank;            /* rank of X; < p means aliased columns (coef 0, se NaN) */
	int has_intercept;      /* as passed to ols_fit: X contains a constant column */
	double *coef, *se, *t, *p_value, *ci_lo, *ci_hi;   /* p entries each */
	double *cov;            /* p x p row-major sigma² (X'X)^-1 */
	double *fitted, *resid; /* n entries each */
	double df_model;        /* rank - has_intercept */
	double df_resid;        /* n - rank */
	double rss;             /* residual sum of squares */
	double tss;             /* total SS, centred if has_intercept else uncentred */
	double r2, adj_r2;
	double f_stat, f_p;     /* overall F test (NaN when df_model == 0) */
	double mse;             /* RSS / n (sklearn's mean_squared_error) */
	double rmse;            /* sqrt(RSS / n) */
	double sigma2;          /* RSS / df_resid, the unbiased residual variance */
	double rse;             /* sqrt(sigma2), residual standard error */
	double loglik, aic, bic;   /* Gaussian log-likelihood at sigma² = RSS/n; k = rank */
};

/* Fit y ~ X. x is n x p row-major, y has n entries; neither is kept. has_intercept
 * says whether one column of X is the constant (it changes TSS, R², F, df_model the
 * way statsmodels does). CIs use the Student t quantile with df_resid (95%). Needs
 * n > rank for standard errors; otherwise se/t/p/CIs are NaN. All arrays are
 * xmalloc'd and owned by f: free with ols_finish. */
void ols_fit(struct ols_fit *f, const double *x, size_t n, size_t p, const double *y,
             int has_intercept);
void ols_finish(struct ols_fit *f);

/* out[i] = x_i . coef for m new rows (x is m x p row-major). */
void ols_predict(const struct ols_fit *f, const double *x, size_t m, double *out);

#endif
