/* SPDX-License-Identifier: MIT
 * Unit tests for src/stats/linalg: Cholesky, triangular solves, SPD inverse,
 * pivoted Householder QR (full rank and rank-deficient) and least squares. Inputs
 * are seeded random matrices; every check compares against an identity
 * (L L' = A, A A^-1 = I, X'r = 0, normal equations) rather than stored numbers. */
#include "testutil.h"

#include "base/arena.h"
#include "base/rng.h"
#include "stats/linalg.h"

static double *
rand_matrix(struct rng *r, size_t n, size_t p)
{
	double *x = xmalloc(n * p * sizeof *x);
	for (size_t i = 0; i < n * p; i++)
		x[i] = rng_normal(r);
	return x;
}

/* A = X'X + n I: well-conditioned SPD */
static double *
rand_spd(struct rng *r, size_t n)
{
	double *x = rand_matrix(r, 2 * n, n);
	double *a = xmalloc(n * n * sizeof *a);
	linalg_gram(x, 2 * n, n, a);
	for (size_t i = 0; i < n; i++)
		a[i * n + i] += (double)n;
	free(x);
	return a;
}

static void
test_cholesky_reconstructs(void **state)
{
	(void)state;
	struct rng r;
	rng_seed(&r, 1);
	size_t n = 12;
	double *a = rand_spd(&r, n);
	double *l = xmalloc(n * n * sizeof *l);
	memcpy(l, a, n * n * sizeof *l);
	assert_int_equal(linalg_cholesky(l, n), LINALG_OK);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++) {
			if (j > i)
				assert_true(l[i * n + j] == 0);
			double s = 0;
			for (size_t k = 0; k < n; k++)
				s += l[i * n + k] * l[j * n + k];
			assert_close_abs(s, a[i * n + j], 1e-12 * (double)n * fabs(a[i * n + i]));
		}
	/* chol_solve then multiply back */
	double b[12], x[12];
	for (size_t i = 0; i < n; i++)
		b[i] = x[i] = rng_normal(&r);
	linalg_chol_solve(l, n, x);
	for (size_t i = 0; i < n; i++) {
		double s = 0;
		for (size_t k = 0; k < n; k++)
			s += a[i * n + k] * x[k];
		assert_close_abs(s, b[i], 1e-12);
	}
	free(a);
	free(l);
}

static void
test_cholesky_rejects_non_spd(void **state)
{
	(void)state;
	double indef[4] = { 1, 2, 2, 1 };          /* eigenvalues 3, -1 */
	assert_int_equal(linalg_cholesky(indef, 2), LINALG_NOT_SPD);
	double sing[9] = { 1, 1, 0, 1, 1, 0, 0, 0, 1 };  /* rank 2 */
	assert_int_equal(linalg_cholesky(sing, 3), LINALG_NOT_SPD);
	double nanm[4] = { NAN, 0, 0, 1 };
	assert_int_equal(linalg_cholesky(nanm, 2), LINALG_NOT_SPD);
	double inv[4] = { 1, 2, 2, 1 };
	assert_int_equal(linalg_spd_inverse(inv, 2), LINALG_NOT_SPD);
}

static void
test_triangular_solves(void **state)
{
	(void)state;
	/* L = [[2,0,0],[1,3,0],[-1,2,4]] ; x = (1,-2,0.5) */
	double l[9] = { 2, 0, 0, 1, 3, 0, -1, 2, 4 };
	double x[3] = { 1, -2, 0.5 };
	double b[3], bt[3], bu[3];
	for (int i = 0; i < 3; i++) {
		b[i] = bt[i] = bu[i] = 0;
		for (int k = 0; k < 3; k++) {
			b[i] += l[i * 3 + k] * x[k];
			bt[i] += l[k * 3 + i] * x[k];   /* L' x */
		}
	}
	memcpy(bu, bt, sizeof bu);
	assert_int_equal(linalg_solve_lower(l, 3, b), LINALG_OK);
	assert_int_equal(linalg_solve_lower_t(l, 3, bt), LINALG_OK);
	double u[9];   /* U = L' row-major */
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 3; j++)
			u[i * 3 + j] = l[j * 3 + i];
	assert_int_equal(linalg_solve_upper(u, 3, bu), LINALG_OK);
	for (int i = 0; i < 3; i++) {
		assert_close_abs(b[i], x[i], 1e-15);
		assert_close_abs(bt[i], x[i], 1e-15);
		assert_close_abs(bu[i], x[i], 1e-15);
	}
	double z[9] = { 1, 0, 0, 1, 0, 0, 1, 1, 1 };
	double y[3] = { 1, 1, 1 };
	assert_int_equal(linalg_solve_lower(z, 3, y), LINALG_SINGULAR);
}

static void
test_spd_inverse(void **state)
{
	(void)state;
	struct rng r;
	rng_seed(&r, 2);
	size_t n = 9;
	double *a = rand_spd(&r, n);
	double *ai = xmalloc(n * n * sizeof *ai);
	memcpy(ai, a, n * n * sizeof *ai);
	assert_int_equal(linalg_spd_inverse(ai, n), LINALG_OK);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++) {
			double s = 0;
			for (size_t k = 0; k < n; k++)
				s += a[i * n + k] * ai[k * n + j];
			assert_close_abs(s, i == j ? 1.0 : 0.0, 1e-13);
			assert_true(ai[i * n + j] == ai[j * n + i]);
		}
	free(a);
	free(ai);
}

static void
test_qr_lstsq_full_rank(void **state)
{
	(void)state;
	struct rng r;
	rng_seed(&r, 3);
	size_t n = 200, p = 6;
	double *x = rand_matrix(&r, n, p);
	double y[200], beta[6], res[200];
	for (size_t i = 0; i < n; i++) {
		x[i * p] = 1;
		y[i] = 3 + 2 * x[i * p + 1] - x[i * p + 5] + 0.1 * rng_normal(&r);
	}
	struct linalg_qr q;
	linalg_qr_init(&q, x, n, p, 0);
	assert_int_equal(q.rank, p);
	assert_int_equal(linalg_qr_lstsq(&q, y, beta, res), p);
	/* normal equations: X'(y - X b) = 0, and res matches y - X b */
	for (size_t j = 0; j < p; j++) {
		double s = 0;
		for (size_t i = 0; i < n; i++)
			s += x[i * p + j] * res[i];
		assert_close_abs(s, 0, 1e-11);
	}
	for (size_t i = 0; i < n; i++) {
		double f = 0;
		for (size_t j = 0; j < p; j++)
			f += x[i * p + j] * beta[j];
		assert_close_abs(res[i], y[i] - f, 1e-12);
	}
	/* compare with the Cholesky route and (X'X)^-1 with spd_inverse */
	double g[36], gi[36], xi[36], xty[6];
	linalg_gram(x, n, p, g);
	memcpy(gi, g, sizeof g);
	for (size_t j = 0; j < p; j++) {
		xty[j] = 0;
		for (size_t i = 0; i < n; i++)
			xty[j] += x[i * p + j] * y[i];
	}
	assert_int_equal(linalg_cholesky(gi, p), LINALG_OK);
	linalg_chol_solve(gi, p, xty);
	for (size_t j = 0; j < p; j++)
		assert_close_rel(beta[j], xty[j], 1e-10);
	memcpy(gi, g, sizeof g);
	assert_int_equal(linalg_spd_inverse(gi, p), LINALG_OK);
	linalg_qr_xtx_inverse(&q, xi);
	for (size_t j = 0; j < p * p; j++)
		assert_close_rel(xi[j], gi[j], 1e-10);
	double b2[6];
	assert_int_equal(linalg_lstsq(x, n, p, y, b2), p);
	for (size_t j = 0; j < p; j++)
		assert_close_rel(b2[j], beta[j], 1e-14);
	linalg_qr_finish(&q);
	free(x);
}

static void
test_qr_rank_deficient(void **state)
{
	(void)state;
	struct rng r;
	rng_seed(&r, 4);
	size_t n = 50, p = 4;
	double *x = rand_matrix(&r, n, p);
	double y[50], beta[4], res[50], xi[16];
	for (size_t i = 0; i < n; i++) {
		x[i * p + 3] = x[i * p + 0] + 2 * x[i * p + 1];   /* aliased column */
		y[i] = x[i * p] - x[i * p + 2] + rng_normal(&r);
	}
	struct linalg_qr q;
	linalg_qr_init(&q, x, n, p, 0);
	assert_int_equal(q.rank, 3);
	assert_int_equal(linalg_qr_lstsq(&q, y, beta, res), 3);
	int zeros = 0;
	for (size_t j = 0; j < p; j++)
		zeros += beta[j] == 0;
	assert_int_equal(zeros, 1);
	for (size_t j = 0; j < p; j++) {
		double s = 0;
		for (size_t i = 0; i < n; i++)
			s += x[i * p + j] * res[i];
		assert_close_abs(s, 0, 1e-10);
	}
	linalg_qr_xtx_inverse(&q, xi);
	int nans = 0;
	for (size_t j = 0; j < p; j++)
		nans += isnan(xi[j * p + j]);
	assert_int_equal(nans, 1);
	linalg_qr_finish(&q);
	linalg_qr_finish(NULL);
	free(x);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cholesky_reconstructs),
		cmocka_unit_test(test_cholesky_rejects_non_spd),
		cmocka_unit_test(test_triangular_solves),
		cmocka_unit_test(test_spd_inverse),
		cmocka_unit_test(test_qr_lstsq_full_rank),
		cmocka_unit_test(test_qr_rank_deficient),
	};
	return cmocka_run_group_tests_name("linalg", tests, NULL, NULL);
}
