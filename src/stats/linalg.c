/* SPDX-License-Identifier: MIT
 * linalg: Householder QR with column pivoting, Cholesky, triangular solves and the
 * SPD inverse, for the small dense systems of OLS, logistic regression and Cox
 * (src/stats). Public matrices are row-major; the QR keeps its factor column-major
 * so each Householder reflection walks contiguous memory. */
#include "stats/linalg.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"

int
linalg_cholesky(double *a, size_t n)
{
	double maxdiag = 0;
	for (size_t i = 0; i < n; i++)
		if (fabs(a[i * n + i]) > maxdiag)
			maxdiag = fabs(a[i * n + i]);
	double floor_ = maxdiag * DBL_EPSILON * (double)n;
	for (size_t j = 0; j < n; j++) {
		double *rj = a + j * n;
		double d = rj[j];
		for (size_t k = 0; k < j; k++)
			d -= rj[k] * rj[k];
		if (!(d > floor_) || !isfinite(d))
			return LINALG_NOT_SPD;
		d = sqrt(d);
		rj[j] = d;
		for (size_t i = j + 1; i < n; i++) {
			double *ri = a + i * n;
			double s = ri[j];
			for (size_t k = 0; k < j; k++)
				s -= ri[k] * rj[k];
			ri[j] = s / d;
		}
		for (size_t k = j + 1; k < n; k++)
			rj[k] = 0;
	}
	return LINALG_OK;
}

int
linalg_solve_lower(const double *l, size_t n, double *b)
{
	for (size_t i = 0; i < n; i++) {
		double s = b[i];
		for (size_t k = 0; k < i; k++)
			s -= l[i * n + k] * b[k];
		if (l[i * n + i] == 0)
			return LINALG_SINGULAR;
		b[i] = s / l[i * n + i];
	}
	return LINALG_OK;
}

int
linalg_solve_lower_t(const double *l, size_t n, double *b)
{
	for (size_t ii = n; ii-- > 0;) {
		double s = b[ii];
		for (size_t k = ii + 1; k < n; k++)
			s -= l[k * n + ii] * b[k];
		if (l[ii * n + ii] == 0)
			return LINALG_SINGULAR;
		b[ii] = s / l[ii * n + ii];
	}
	return LINALG_OK;
}

int
linalg_solve_upper(const double *u, size_t n, double *b)
{
	for (size_t ii = n; ii-- > 0;) {
		double s = b[ii];
		for (size_t k = ii + 1; k < n; k++)
			s -= u[ii * n + k] * b[k];
		if (u[ii * n + ii] == 0)
			return LINALG_SINGULAR;
		b[ii] = s / u[ii * n + ii];
	}
	return LINALG_OK;
}

void
linalg_chol_solve(const double *l, size_t n, double *b)
{
	linalg_solve_lower(l, n, b);
	linalg_solve_lower_t(l, n, b);
}

int
linalg_spd_inverse(double *a, size_t n)
{
	int rc = linalg_cholesky(a, n);
	if (rc != LINALG_OK)
		return rc;
	double *l = xmalloc(n * n * sizeof *l);
	memcpy(l, a, n * n * sizeof *l);
	double *col = xmalloc(n * sizeof *col);
	for (size_t j = 0; j < n; j++) {
		memset(col, 0, n * sizeof *col);
		col[j] = 1;
		linalg_chol_solve(l, n, col);
		for (size_t i = 0; i < n; i++)
			a[i * n + j] = col[i];
	}
	/* symmetrise away rounding differences */
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++) {
			double m = 0.5 * (a[i * n + j] + a[j * n + i]);
			a[i * n + j] = a[j * n + i] = m;
		}
	free(col);
	free(l);
	return LINALG_OK;
}

static double
colnorm2(const double *c, size_t from, size_t n)
{
	/* scaled sum of squares: no overflow for huge entries */
	double scale = 0, ssq = 1;
	for (size_t i = from; i < n; i++) {
		double v = fabs(c[i]);
		if (v == 0)
			continue;
		if (v > scale) {
			ssq = 1 + ssq * (scale / v) * (scale / v);
			scale = v;
		} else {
			ssq += (v / scale) * (v / scale);
		}
	}
	return scale * sqrt(ssq);
}

void
linalg_qr_init(struct linalg_qr *q, const double *x, size_t n, size_t p, double tol)
{
	q->n = n;
	q->p = p;
	q->qr = xmalloc((n * p > 0 ? n * p : 1) * sizeof *q->qr);
	q->tau = xcalloc(p ? p : 1, sizeof *q->tau);
	q->perm = xmalloc((p ? p : 1) * sizeof *q->perm);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < p; j++)
			q->qr[j * n + i] = x[i * p + j];
	for (size_t j = 0; j < p; j++)
		q->perm[j] = j;
	if (tol <= 0)
		tol = (double)(n > p ? n : p) * DBL_EPSILON * 10;

	size_t m = n < p ? n : p;
	double r00 = 0;
	q->rank = 0;
	double *norms = xmalloc((p ? p : 1) * sizeof *norms);
	for (size_t k = 0; k < m; k++) {
		/* pivot: the remaining column with the largest norm below row k */
		size_t best = k;
		for (size_t j = k; j < p; j++) {
			norms[j] = colnorm2(q->qr + j * n, k, n);
			if (norms[j] > norms[best])
				best = j;
		}
		if (best != k) {
			double *a = q->qr + k * n, *b = q->qr + best * n;
			for (size_t i = 0; i < n; i++) {
				double t = a[i];
				a[i] = b[i];
				b[i] = t;
			}
			size_t t = q->perm[k];
			q->perm[k] = q->perm[best];
			q->perm[best] = t;
			norms[best] = norms[k];
		}
		double nrm = colnorm2(q->qr + k * n, k, n);
		if (k == 0)
			r00 = nrm;
		if (!(nrm > tol * r00) || nrm == 0)
			break;
		double *c = q->qr + k * n;
		double alpha = c[k] > 0 ? -nrm : nrm;
		double v0 = c[k] - alpha;
		for (size_t i = k + 1; i < n; i++)
			c[i] /= v0;
		q->tau[k] = (alpha - c[k]) / alpha;
		c[k] = alpha;
		for (size_t j = k + 1; j < p; j++) {
			double *d = q->qr + j * n;
			double w = d[k];
			for (size_t i = k + 1; i < n; i++)
				w += c[i] * d[i];
			w *= q->tau[k];
			d[k] -= w;
			for (size_t i = k + 1; i < n; i++)
				d[i] -= w * c[i];
		}
		q->rank = k + 1;
	}
	free(norms);
}

void
linalg_qr_finish(struct linalg_qr *q)
{
	if (!q)
		return;
	free(q->qr);
	free(q->tau);
	free(q->perm);
	q->qr = NULL;
	q->tau = NULL;
	q->perm = NULL;
}

/* y <- H_k y for the reflection stored in column k */
static void
apply_h(const struct linalg_qr *q, size_t k, double *y)
{
	const double *c = q->qr + k * q->n;
	double w = y[k];
	for (size_t i = k + 1; i < q->n; i++)
		w += c[i] * y[i];
	w *= q->tau[k];
	y[k] -= w;
	for (size_t i = k + 1; i < q->n; i++)
		y[i] -= w * c[i];
}

size_t
linalg_qr_lstsq(const struct linalg_qr *q, const double *y, double *beta, double *resid)
{
	size_t n = q->n, p = q->p, r = q->rank;
	double *qty = xmalloc((n ? n : 1) * sizeof *qty);
	memcpy(qty, y, n * sizeof *qty);
	for (size_t k = 0; k < r; k++)
		apply_h(q, k, qty);
	double *b = xmalloc((r ? r : 1) * sizeof *b);
	for (size_t ii = r; ii-- > 0;) {
		double s = qty[ii];
		for (size_t k = ii + 1; k < r; k++)
			s -= q->qr[k * n + ii] * b[k];
		b[ii] = s / q->qr[ii * n + ii];
	}
	for (size_t j = 0; j < p; j++)
		beta[j] = 0;
	for (size_t k = 0; k < r; k++)
		beta[q->perm[k]] = b[k];
	if (resid) {
		for (size_t i = 0; i < r; i++)
			qty[i] = 0;
		for (size_t k = r; k-- > 0;)
			apply_h(q, k, qty);
		memcpy(resid, qty, n * sizeof *qty);
	}
	free(b);
	free(qty);
	return r;
}

void
linalg_qr_xtx_inverse(const struct linalg_qr *q, double *out)
{
	size_t n = q->n, p = q->p, r = q->rank;
	/* Rinv: upper triangular r x r, row-major */
	double *ri = xcalloc(r > 0 ? r * r : 1, sizeof *ri);
	for (size_t j = 0; j < r; j++) {
		ri[j * r + j] = 1 / q->qr[j * n + j];
		for (size_t ii = j; ii-- > 0;) {
			double s = 0;
			for (size_t k = ii + 1; k <= j; k++)
				s += q->qr[k * n + ii] * ri[k * r + j];
			ri[ii * r + j] = -s / q->qr[ii * n + ii];
		}
	}
	for (size_t i = 0; i < p * p; i++)
		out[i] = NAN;
	for (size_t a = 0; a < r; a++)
		for (size_t b = a; b < r; b++) {
			double s = 0;
			for (size_t k = b; k < r; k++)
				s += ri[a * r + k] * ri[b * r + k];
			out[q->perm[a] * p + q->perm[b]] = s;
			out[q->perm[b] * p + q->perm[a]] = s;
		}
	free(ri);
}

size_t
linalg_lstsq(const double *x, size_t n, size_t p, const double *y, double *beta)
{
	struct linalg_qr q;
	linalg_qr_init(&q, x, n, p, 0);
	size_t r = linalg_qr_lstsq(&q, y, beta, NULL);
	linalg_qr_finish(&q);
	return r;
}

void
linalg_gram(const double *a, size_t n, size_t p, double *c)
{
	memset(c, 0, p * p * sizeof *c);
	for (size_t i = 0; i < n; i++) {
		const double *row = a + i * p;
		for (size_t j = 0; j < p; j++) {
			double v = row[j];
			if (v == 0)
				continue;
			double *cj = c + j * p;
			for (size_t k = j; k < p; k++)
				cj[k] += v * row[k];
		}
	}
	for (size_t j = 0; j < p; j++)
		for (size_t k = 0; k < j; k++)
			c[j * p + k] = c[k * p + j];
}
