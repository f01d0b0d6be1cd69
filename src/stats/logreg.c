/* SPDX-License-Identifier: MIT
 * logreg: Newton-Raphson (= IRLS) for the logistic log-likelihood. One pass over
 * the rows gives log-likelihood, gradient and X'WX; the p x p system is solved by
 * Cholesky (stats/linalg). Rows are cut into fixed chunks summed in order, so the
 * pthread split never changes the result. Part of src/stats. */
#include "stats/logreg.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/arena.h"
#include "stats/linalg.h"
#include "stats/special.h"

#define NCHUNK 64
#define PERFECT 1e-10    /* |y - p| below this: the row is fitted perfectly */

void
logreg_opts_default(struct logreg_opts *o)
{
	o->max_iter = 100;
	o->tol = 1e-10;
	o->C = 0;
	o->fallback_C = 0;
	o->intercept_col = 0;
	o->threads = 0;
	o->start = NULL;
}

/* log(1 + exp(e)) without overflow */
static double
log1pexp(double e)
{
	return e > 0 ? e + log1p(exp(-e)) : log1p(exp(e));
}

struct pass {
	const double *x;
	const int *y;
	size_t n, p;
	const double *b;
	/* per chunk: ll, g[p], h[p*p] (upper triangle), nperfect */
	double *ll, *g, *h;
	size_t *nperfect;
	int next;                   /* next chunk to take */
	pthread_mutex_t mu;
	int want_hess;
};

/* H[j][k] += sum_r w_r x_r[j] x_r[k] (k >= j) for nr <= 4 rows at once: each H entry
 * is loaded and stored once per 4 rows instead of once per row */
static void
hess_rows(double *restrict h, size_t p, const double *const *xr, const double *w, int nr)
{
	const double *x0 = xr[0], *x1 = nr > 1 ? xr[1] : xr[0];
	const double *x2 = nr > 2 ? xr[2] : xr[0], *x3 = nr > 3 ? xr[3] : xr[0];
	double w1 = nr > 1 ? w[1] : 0, w2 = nr > 2 ? w[2] : 0, w3 = nr > 3 ? w[3] : 0;
	for (size_t j = 0; j < p; j++) {
		double a0 = w[0] * x0[j], a1 = w1 * x1[j], a2 = w2 * x2[j], a3 = w3 * x3[j];
		double *restrict hj = h + j * p;
		for (size_t k = j; k < p; k++)
			hj[k] += a0 * x0[k] + a1 * x1[k] + a2 * x2[k] + a3 * x3[k];
	}
}

static void
do_chunk(struct pass *ps, int c)
{
	size_t n = ps->n, p = ps->p;
	size_t r0 = n * (size_t)c / NCHUNK, r1 = n * (size_t)(c + 1) / NCHUNK;
	double ll = 0, *g = ps->g + (size_t)c * p, *h = ps->h + (size_t)c * p * p;
	size_t np = 0;
	const double *xr[4];
	double wr[4];
	int nr = 0;
	memset(g, 0, p * sizeof *g);
	if (ps->want_hess)
		memset(h, 0, p * p * sizeof *h);
	for (size_t i = r0; i < r1; i++) {
		const double *xi = ps->x + i * p;
		double eta = 0;
		for (size_t j = 0; j < p; j++)
			eta += xi[j] * ps->b[j];
		int yi = ps->y[i] != 0;
		/* ll_i = y eta - log(1+e^eta) */
		ll += (yi ? eta : 0) - log1pexp(eta);
		double pr = 1 / (1 + exp(-eta));
		double r = (double)yi - pr;
		if (fabs(r) < PERFECT)
			np++;
		for (size_t j = 0; j < p; j++)
			g[j] += r * xi[j];
		if (ps->want_hess) {
			xr[nr] = xi;
			wr[nr++] = pr * (1 - pr);
			if (nr == 4) {
				hess_rows(h, p, xr, wr, nr);
				nr = 0;
			}
		}
	}
	if (nr > 0)
		hess_rows(h, p, xr, wr, nr);
	ps->ll[c] = ll;
	ps->nperfect[c] = np;
}

static void *
worker(void *arg)
{
	struct pass *ps = arg;
	for (;;) {
		pthread_mutex_lock(&ps->mu);
		int c = ps->next++;
		pthread_mutex_unlock(&ps->mu);
		if (c >= NCHUNK)
			return NULL;
		do_chunk(ps, c);
	}
}

/* ll, g, H (full symmetric) of the unpenalized likelihood at b */
static void
evaluate(struct pass *ps, int nthreads, const double *b, double *ll, double *g, double *h,
         size_t *nperfect)
{
	size_t p = ps->p;
	ps->b = b;
	ps->next = 0;
	if (nthreads > 1 && ps->n * p >= 200000) {
		pthread_t tid[64];
		int nt = nthreads > 64 ? 64 : nthreads, started = 0;
		for (int t = 0; t < nt - 1; t++)
			if (pthread_create(&tid[started], NULL, worker, ps) == 0)
				started++;
		worker(ps);
		for (int t = 0; t < started; t++)
			pthread_join(tid[t], NULL);
	} else {
		for (int c = 0; c < NCHUNK; c++)
			do_chunk(ps, c);
	}
	*ll = 0;
	*nperfect = 0;
	memset(g, 0, p * sizeof *g);
	if (ps->want_hess)
		memset(h, 0, p * p * sizeof *h);
	for (int c = 0; c < NCHUNK; c++) {
		*ll += ps->ll[c];
		*nperfect += ps->nperfect[c];
		for (size_t j = 0; j < p; j++)
			g[j] += ps->g[(size_t)c * p + j];
		if (ps->want_hess)
			for (size_t j = 0; j < p; j++)
				for (size_t k = j; k < p; k++)
					h[j * p + k] += ps->h[(size_t)c * p * p + j * p + k];
	}
	if (ps->want_hess)
		for (size_t j = 0; j < p; j++)
			for (size_t k = 0; k < j; k++)
				h[j * p + k] = h[k * p + j];
}

/* add the penalty -||w||²/(2C) to ll, g, H */
static void
penalize(double C, int icol, size_t p, const double *b, double *ll, double *g, double *h)
{
	if (!(C > 0))
		return;
	for (size_t j = 0; j < p; j++) {
		if ((int)j == icol)
			continue;
		*ll -= b[j] * b[j] / (2 * C);
		g[j] -= b[j] / C;
		if (h)
			h[j * p + j] += 1 / C;
	}
}

struct newton_out {
	int converged, iterations, singular;
	size_t nperfect;
	double ll;     /* unpenalized */
};

static void
newton(struct pass *ps, int nthreads, double C, int icol, int max_iter, double tol,
       double *b, double *cov, struct newton_out *out)
{
	size_t p = ps->p;
	double *g = xmalloc(p * sizeof *g), *h = xmalloc(p * p * sizeof *h);
	double *b1 = xmalloc(p * sizeof *b1), *step = xmalloc(p * sizeof *step);
	double *l = xmalloc(p * p * sizeof *l);
	double ll, pll;
	size_t np;
	memset(out, 0, sizeof *out);
	ps->want_hess = 1;
	evaluate(ps, nthreads, b, &ll, g, h, &np);
	pll = ll;
	penalize(C, icol, p, b, &pll, g, h);
	for (int it = 0; it < max_iter; it++) {
		memcpy(l, h, p * p * sizeof *l);
		if (linalg_cholesky(l, p) != LINALG_OK) {
			out->singular = 1;
			break;
		}
		memcpy(step, g, p * sizeof *step);
		linalg_chol_solve(l, p, step);
		double nll = 0, npll = 0;
		size_t nnp = 0;
		double *ng = xmalloc(p * sizeof *ng), *nh = xmalloc(p * p * sizeof *nh);
		for (int half = 0; half < 40; half++) {
			for (size_t j = 0; j < p; j++)
				b1[j] = b[j] + step[j];
			evaluate(ps, nthreads, b1, &nll, ng, nh, &nnp);
			npll = nll;
			penalize(C, icol, p, b1, &npll, ng, nh);
			if (npll >= pll - 1e-13 * fabs(pll) || !isfinite(pll))
				break;
			for (size_t j = 0; j < p; j++)
				step[j] *= 0.5;
		}
		double maxrel = 0;
		for (size_t j = 0; j < p; j++) {
			double r = fabs(b1[j] - b[j]) / (1 + fabs(b1[j]));
			if (r > maxrel)
				maxrel = r;
		}
		memcpy(b, b1, p * sizeof *b);
		memcpy(g, ng, p * sizeof *g);
		memcpy(h, nh, p * p * sizeof *h);
		free(ng);
		free(nh);
		ll = nll;
		pll = npll;
		np = nnp;
		out->iterations = it + 1;
		if (maxrel <= tol) {
			out->converged = 1;
			break;
		}
	}
	out->ll = ll;
	out->nperfect = np;
	memcpy(cov, h, p * p * sizeof *cov);
	if (linalg_spd_inverse(cov, p) != LINALG_OK) {
		out->singular = 1;
		for (size_t j = 0; j < p * p; j++)
			cov[j] = NAN;
	}
	free(g);
	free(h);
	free(b1);
	free(step);
	free(l);
}

static int
cpu_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

void
logreg_fit(struct logreg_fit *f, const double *x, size_t n, size_t p, const int *y,
           const struct logreg_opts *o)
{
	struct logreg_opts def;
	if (!o) {
		logreg_opts_default(&def);
		o = &def;
	}
	memset(f, 0, sizeof *f);
	f->n = n;
	f->p = p;
	f->coef = xcalloc(p ? p : 1, sizeof(double));
	f->se = xcalloc(p ? p : 1, sizeof(double));
	f->z = xcalloc(p ? p : 1, sizeof(double));
	f->p_value = xcalloc(p ? p : 1, sizeof(double));
	f->cov = xcalloc(p ? p * p : 1, sizeof(double));
	f->loglik_null = NAN;
	int icol = o->intercept_col >= 0 && (size_t)o->intercept_col < p ? o->intercept_col : -1;

	size_t npos = 0;
	for (size_t i = 0; i < n; i++)
		npos += y[i] != 0;
	int finite = 1;
	for (size_t i = 0; i < n * p && finite; i++)
		finite = isfinite(x[i]);
	if (n == 0 || p == 0 || !finite) {
		f->status = LOGREG_BAD_INPUT;
		snprintf(f->message, sizeof f->message, "%s",
		         !finite ? "design matrix has non-finite values" : "no rows or no columns");
		return;
	}
	if (icol >= 0) {
		double pbar = (double)npos / (double)n;
		f->loglik_null = npos == 0 || npos == n ? 0 :
			(double)npos * log(pbar) + (double)(n - npos) * log1p(-pbar);
	}

	struct pass ps;
	memset(&ps, 0, sizeof ps);
	ps.x = x;
	ps.y = y;
	ps.n = n;
	ps.p = p;
	ps.ll = xmalloc(NCHUNK * sizeof *ps.ll);
	ps.nperfect = xmalloc(NCHUNK * sizeof *ps.nperfect);
	ps.g = xmalloc(NCHUNK * p * sizeof *ps.g);
	ps.h = xmalloc(NCHUNK * p * p * sizeof *ps.h);
	pthread_mutex_init(&ps.mu, NULL);
	int nthreads = o->threads > 0 ? o->threads : cpu_count();
	int max_iter = o->max_iter > 0 ? o->max_iter : 100;
	double tol = o->tol > 0 ? o->tol : 1e-10;

	struct newton_out no;
	double C = o->C > 0 ? o->C : 0;
	if (o->start)
		for (size_t j = 0; j < p; j++)
			f->coef[j] = isfinite(o->start[j]) ? o->start[j] : 0;
	newton(&ps, nthreads, C, icol, max_iter, tol, f->coef, f->cov, &no);
	f->penalized = C > 0;
	f->C = C;
	if (no.nperfect == n) {
		f->status = LOGREG_SEPARATION;
		snprintf(f->message, sizeof f->message,
		         "complete separation: every row is predicted perfectly, coefficients are not identified");
	} else if (!no.converged && no.nperfect > 0) {
		f->status = LOGREG_QUASI_SEPARATION;
		snprintf(f->message, sizeof f->message,
		         "quasi-separation: %zu of %zu rows are predicted perfectly, coefficients diverge",
		         no.nperfect, n);
	} else if (no.singular) {
		f->status = LOGREG_SINGULAR;
		snprintf(f->message, sizeof f->message,
		         "the information matrix is singular (aliased or constant columns)");
	} else if (!no.converged) {
		f->status = LOGREG_NOT_CONVERGED;
		snprintf(f->message, sizeof f->message,
		         "no convergence after %d iterations", no.iterations);
	}
	if (f->status != LOGREG_OK && !(C > 0) && o->fallback_C > 0) {
		size_t len = strlen(f->message);
		snprintf(f->message + len, sizeof f->message - len,
		         "; refitted with L2 penalty C=%g", o->fallback_C);
		memset(f->coef, 0, p * sizeof *f->coef);
		C = o->fallback_C;
		newton(&ps, nthreads, C, icol, max_iter, tol, f->coef, f->cov, &no);
		f->penalized = 1;
		f->C = C;
	}
	f->converged = no.converged;
	f->iterations = no.iterations;
	f->loglik = no.ll;
	double k = (double)p;
	f->aic = -2 * f->loglik + 2 * k;
	f->bic = -2 * f->loglik + log((double)n) * k;
	f->pseudo_r2 = icol >= 0 && f->loglik_null < 0 ? 1 - f->loglik / f->loglik_null : NAN;
	for (size_t j = 0; j < p; j++) {
		f->se[j] = sqrt(f->cov[j * p + j]);
		f->z[j] = f->coef[j] / f->se[j];
		f->p_value[j] = isnan(f->z[j]) ? NAN : 2 * special_normal_sf(fabs(f->z[j]));
	}
	pthread_mutex_destroy(&ps.mu);
	free(ps.ll);
	free(ps.nperfect);
	free(ps.g);
	free(ps.h);
}

void
logreg_finish(struct logreg_fit *f)
{
	if (!f)
		return;
	free(f->coef);
	free(f->se);
	free(f->z);
	free(f->p_value);
	free(f->cov);
	f->coef = f->se = f->z = f->p_value = f->cov = NULL;
}

void
logreg_predict(const struct logreg_fit *f, const double *x, size_t m, double *prob)
{
	for (size_t i = 0; i < m; i++) {
		double eta = 0;
		for (size_t j = 0; j < f->p; j++)
			eta += x[i * f->p + j] * f->coef[j];
		prob[i] = 1 / (1 + exp(-eta));
	}
}
