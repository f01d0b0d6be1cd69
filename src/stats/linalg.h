/* SPDX-License-Identifier: MIT
 * linalg: dense linear algebra for small p (p up to a few hundred): Householder QR
 * with column pivoting and rank detection, Cholesky, triangular solves, SPD inverse
 * and least squares. Part of src/stats (libc + libm only); used by ols, logreg, cox.
 * Storage: every matrix is ROW-MAJOR, a[i*ncol + j] is row i, column j. */
#ifndef STATS_LINALG_H
#define STATS_LINALG_H

#include <stddef.h>

enum linalg_status {
	LINALG_OK = 0,
	LINALG_NOT_SPD = -1,      /* Cholesky met a non-positive pivot */
	LINALG_SINGULAR = -2,     /* a zero diagonal in a triangular solve / rank < p */
};

/* Cholesky A = L L' in place. a is n x n row-major symmetric; only the lower
 * triangle is read. On LINALG_OK the lower triangle holds L and the strict upper
 * triangle is set to 0. On LINALG_NOT_SPD (a pivot <= tol * max diagonal, or not
 * finite) a is left partially overwritten and must not be used. */
int linalg_cholesky(double *a, size_t n);

/* Solve L x = b in place (b has n entries); L lower-triangular n x n row-major.
 * Returns LINALG_SINGULAR (b partially overwritten) if a diagonal entry is 0. */
int linalg_solve_lower(const double *l, size_t n, double *b);
/* Solve L' x = b in place, L lower-triangular (i.e. back substitution with L'). */
int linalg_solve_lower_t(const double *l, size_t n, double *b);
/* Solve U x = b in place; U upper-triangular n x n row-major (lower part ignored). */
int linalg_solve_upper(const double *u, size_t n, double *b);

/* Solve A x = b given the Cholesky factor L of A (from linalg_cholesky); b in place. */
void linalg_chol_solve(const double *l, size_t n, double *b);

/* Inverse of a symmetric positive-definite n x n matrix, in place (full symmetric
 * result). Returns LINALG_NOT_SPD if the Cholesky factorisation fails (a is then
 * unusable). Needs n*n doubles of scratch from xmalloc. */
int linalg_spd_inverse(double *a, size_t n);

/* Householder QR with column pivoting of an n x p matrix (n >= p not required;
 * rank <= min(n, p)). X P = Q R. Owns its storage (xmalloc); linalg_qr_finish frees. */
struct linalg_qr {
	size_t n, p;
	size_t rank;        /* number of |R_kk| > tol * |R_00| */
	double *qr;         /* n x p COLUMN-major (internal): R on/above the diagonal,
	                       Householder vectors below; qr[j*n + i] is row i, column j */
	double *tau;        /* p Householder scalars (H = I - tau v v', v_k = 1) */
	size_t *perm;       /* column k of R is column perm[k] of X */
};

/* Factor X (n x p row-major, copied). tol <= 0 selects a default of
 * max(n, p) * DBL_EPSILON * 10. Columns beyond rank are treated as aliased
 * (linearly dependent on the earlier pivoted columns). */
void linalg_qr_init(struct linalg_qr *q, const double *x, size_t n, size_t p, double tol);
void linalg_qr_finish(struct linalg_qr *q);

/* Least-squares solution of min ||X b - y||. y has n entries (not modified);
 * beta gets p entries in the original column order; aliased columns get 0.
 * If resid is not NULL it receives y - X beta (n entries). Returns the rank. */
size_t linalg_qr_lstsq(const struct linalg_qr *q, const double *y, double *beta, double *resid);

/* (X'X)^{-1} = (R'R)^{-1} in original column order, p x p row-major, for standard
 * errors. Rows/columns of aliased columns are set to NaN. */
void linalg_qr_xtx_inverse(const struct linalg_qr *q, double *out);

/* Convenience: least squares without keeping the factorisation; returns the rank. */
size_t linalg_lstsq(const double *x, size_t n, size_t p, const double *y, double *beta);

/* C = A' A for A n x p row-major (C p x p, full symmetric). */
void linalg_gram(const double *a, size_t n, size_t p, double *c);

#endif
