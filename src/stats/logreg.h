/* SPDX-License-Identifier: MIT
 * logreg: binary logistic regression by Newton/IRLS with step-halving (src/stats).
 * Unpenalized maximum likelihood as statsmodels' Logit, or with an L2 penalty
 * ||w||²/(2C) as scikit-learn (intercept unpenalized); detects non-convergence and
 * (quasi-)complete separation and can fall back to the penalty. Row-major X. */
#ifndef STATS_LOGREG_H
#define STATS_LOGREG_H

#include <stddef.h>

enum logreg_status {
	LOGREG_OK = 0,
	LOGREG_NOT_CONVERGED,     /* max_iter reached without meeting tol */
	LOGREG_SEPARATION,        /* complete separation: every row fitted perfectly */
	LOGREG_QUASI_SEPARATION,  /* some rows fitted perfectly, coefficients diverge */
	LOGREG_SINGULAR,          /* Hessian not positive definite (aliased columns) */
	LOGREG_BAD_INPUT,         /* n == 0, p == 0, y not 0/1, or non-finite X */
};

struct logreg_opts {
	int max_iter;          /* Newton iterations; default 100 */
	double tol;            /* converged when max_j |step_j| <= tol*(1+|b_j|); default 1e-10 */
	double C;              /* > 0: always fit with penalty ||w||²/(2C); 0: unpenalized */
	double fallback_C;     /* > 0: when the unpenalized fit fails (status != OK), refit
	                          with this C and keep the failure status + message */
	int intercept_col;     /* column of X that is the constant (not penalized); -1 none */
	int threads;           /* 0 = number of online CPUs; results do not depend on it */
	const double *start;   /* p starting coefficients (e.g. a fit on more rows, for
	                          cross-validation folds); NULL = zeros */
};

/* max_iter 100, tol 1e-10, C 0, fallback_C 0, intercept_col 0, threads 0, start NULL */
void logreg_opts_default(struct logreg_opts *o);

struct logreg_fit {
	size_t n, p;
	enum logreg_status status;
	char message[200];      /* "" when OK, else what went wrong, lower case */
	int converged;          /* the reported coefficients met tol */
	int iterations;         /* Newton iterations of the reported fit */
	int penalized;          /* coefficients come from an L2 fit ... */
	double C;               /* ... with this C (0 when unpenalized) */
	double *coef, *se, *z, *p_value;   /* p each; se from the inverse (penalized) Hessian */
	double *cov;            /* p x p row-major inverse Hessian (NaN when singular) */
	double loglik;          /* log-likelihood (without the penalty term) */
	double loglik_null;     /* intercept-only model (p̄ = mean y); NaN without intercept */
	double aic, bic;        /* -2 loglik + 2p, -2 loglik + p ln n */
	double pseudo_r2;       /* McFadden: 1 - loglik / loglik_null */
};

/* Fit P(y=1) = 1 / (1 + exp(-x.b)). x: n x p row-major, y: n values 0 or 1 (any
 * nonzero counts as 1). o may be NULL for defaults. Always fills f (xmalloc'd
 * arrays, free with logreg_finish); check f->status. */
void logreg_fit(struct logreg_fit *f, const double *x, size_t n, size_t p, const int *y,
                const struct logreg_opts *o);
void logreg_finish(struct logreg_fit *f);

/* prob[i] = P(y=1 | x_i) for m rows of x (m x p row-major, same columns as the fit). */
void logreg_predict(const struct logreg_fit *f, const double *x, size_t m, double *prob);

#endif
