/* SPDX-License-Identifier: MIT
 * special: special functions and distribution tails for the statistics core
 * (src/stats): regularized incomplete gamma and beta, normal CDF/quantile, Student t,
 * chi-square and F tails. libm only; accurate to ~1e-13 relative in the tails used
 * for p-values (see tests/data/special_reference.json). */
#ifndef STATS_SPECIAL_H
#define STATS_SPECIAL_H

/* Regularized lower/upper incomplete gamma P(a, x), Q(a, x) = 1 - P; a > 0, x >= 0.
 * Q is computed directly (not as 1 - P) where it is small. NaN for invalid input. */
double special_gamma_p(double a, double x);
double special_gamma_q(double a, double x);

/* Regularized incomplete beta I_x(a, b); a, b > 0, 0 <= x <= 1. NaN otherwise. */
double special_beta_inc(double a, double b, double x);
/* 1 - I_x(a, b) = I_{1-x}(b, a), without cancellation. */
double special_beta_inc_c(double a, double b, double x);

/* Standard normal: CDF Phi(x), survival 1 - Phi(x) (erfc-based, accurate far in both
 * tails), density, and the quantile Phi^-1(p) (p in (0,1); -inf/+inf at 0/1, NaN
 * outside), accurate to a few ulps. */
double special_normal_cdf(double x);
double special_normal_sf(double x);
double special_normal_pdf(double x);
double special_normal_quantile(double p);

/* Student t with df > 0 degrees of freedom (df may be non-integer). Relative error
 * ~1e-14 for df <= 1000, ~1e-12 at df = 1e4, ~1e-9 at df = 1e8 (the beta continued
 * fraction converges slowly there); use the normal for df beyond ~1e6. */
double special_t_cdf(double t, double df);
double special_t_sf(double t, double df);          /* P(T > t) */
double special_t_p2(double t, double df);          /* two-sided P(|T| > |t|) */
double special_t_quantile(double p, double df);    /* inverse of special_t_cdf */

/* Chi-square survival P(X > x) with k > 0 degrees of freedom. */
double special_chi2_sf(double x, double k);
/* F survival P(F > f) with d1, d2 > 0 degrees of freedom. */
double special_f_sf(double f, double d1, double d2);

#endif
