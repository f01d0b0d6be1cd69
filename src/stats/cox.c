/* SPDX-License-Identifier: MIT
 * cox: partial likelihood (Efron/Breslow) score and information in one backward
 * pass over time, R coxfit6-style Newton–Raphson, and an O(n log n) concordance
 * with a Fenwick tree over risk-score ranks. Part of src/stats; uses stats/linalg. */
#include "stats/cox.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats/linalg.h"
#include "stats/rsort.h"
#include "stats/survival.h"

#define Z975 1.959963984540054

void
cox_options_default(struct cox_options *o)
{
	o->ties = COX_EFRON;
	o->max_iter = 20;
	o->eps = 1e-9;
}

struct tidx {
	double t;
	size_t i;
};

static int
cmp_desc(const void *pa, const void *pb)
{
	const struct tidx *a = pa, *b = pb;
	if (a->t != a->t || b->t != b->t) {
		if (rsort_cmp(a->t, b->t))
			return rsort_cmp(a->t, b->t);   /* NaN times last */
	} else if (a->t != b->t) {
		return a->t > b->t ? -1 : 1;
	}
	return (a->i > b->i) - (a->i < b->i);
}

struct work {
	size_t n, p;
	const double *xc;           /* centred covariates */
	const int *event;
	const struct tidx *ord;     /* time descending */
	enum cox_ties ties;
	double *s1, *s2, *d1, *d2, *a1, *eta;
};

/* Log partial likelihood, score u (p) and information info (p x p) at beta. */
static double
evaluate(struct work *w, const double *beta, double *u, double *info)
{
	size_t n = w->n, p = w->p;
	double ll = 0, s0 = 0;
	memset(u, 0, p * sizeof *u);
	memset(info, 0, p * p * sizeof *info);
	memset(w->s1, 0, p * sizeof *w->s1);
	memset(w->s2, 0, p * p * sizeof *w->s2);
	for (size_t i = 0; i < n; i++) {
		double e = 0;
		for (size_t j = 0; j < p; j++)
			e += w->xc[i * p + j] * beta[j];
		w->eta[i] = e;
	}
	size_t k = 0;
	while (k < n) {
		double t = w->ord[k].t, d0 = 0;
		size_t nd = 0;
		memset(w->d1, 0, p * sizeof *w->d1);
		memset(w->d2, 0, p * p * sizeof *w->d2);
		for (; k < n && rsort_tied(w->ord[k].t, t); k++) {
			size_t i = w->ord[k].i;
			const double *xi = w->xc + i * p;
			double r = exp(w->eta[i]);
			s0 += r;
			for (size_t a = 0; a < p; a++) {
				w->s1[a] += r * xi[a];
				for (size_t b = 0; b <= a; b++)
					w->s2[a * p + b] += r * xi[a] * xi[b];
			}
			if (w->event[i]) {
				nd++;
				d0 += r;
				ll += w->eta[i];
				for (size_t a = 0; a < p; a++) {
					u[a] += xi[a];
					w->d1[a] += r * xi[a];
					for (size_t b = 0; b <= a; b++)
						w->d2[a * p + b] += r * xi[a] * xi[b];
				}
			}
		}
		for (size_t l = 0; l < nd; l++) {
			double f = w->ties == COX_EFRON ? (double)l / (double)nd : 0;
			double a0 = s0 - f * d0;
			ll -= log(a0);
			for (size_t a = 0; a < p; a++) {
				w->a1[a] = (w->s1[a] - f * w->d1[a]) / a0;
				u[a] -= w->a1[a];
			}
			for (size_t a = 0; a < p; a++)
				for (size_t b = 0; b <= a; b++)
					info[a * p + b] += (w->s2[a * p + b] - f * w->d2[a * p + b]) / a0 -
					                   w->a1[a] * w->a1[b];
		}
	}
	for (size_t a = 0; a < p; a++)
		for (size_t b = 0; b < a; b++)
			info[b * p + a] = info[a * p + b];
	return ll;
}

/* step = info^{-1} u; returns -1 if info is not positive definite. */
static int
newton_step(const double *info, const double *u, size_t p, double *step, double *scratch)
{
	memcpy(scratch, info, p * p * sizeof *scratch);
	if (linalg_cholesky(scratch, p) != LINALG_OK)
		return -1;
	memcpy(step, u, p * sizeof *step);
	linalg_chol_solve(scratch, p, step);
	return 0;
}

/* Fenwick tree over ranks 1..m. */
static void
bit_add(long long *t, size_t m, size_t i)
{
	for (; i <= m; i += i & (~i + 1))
		t[i]++;
}

static long long
bit_sum(const long long *t, size_t i)
{
	long long s = 0;
	for (; i > 0; i -= i & (~i + 1))
		s += t[i];
	return s;
}

static int
cmp_double(const void *pa, const void *pb)
{
	return rsort_cmp(*(const double *)pa, *(const double *)pb);
}

static size_t
rank_of(const double *sorted, size_t m, double v)
{
	size_t lo = 0, hi = m;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (sorted[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo + 1;
}

static int
cmp_size(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	return (a > b) - (a < b);
}

/* Pair counts and their per-observation shares. ord is time descending. Pass 1
 * (descending; the tree holds everyone later than the events counted) credits the
 * earlier member of each comparable pair; pass 2 (ascending; the tree holds the
 * earlier events) credits the later member. The standard error is the
 * infinitesimal jackknife: dC/dw_i = ((c_i + t_i/2) N - (C + T/2) n_i) / N^2 with
 * N = C + D + T pairs and n_i = c_i + d_i + t_i those involving i. */
static void
concordance(struct cox_fit *f, const double *lp, const struct tidx *ord, const int *event, size_t n)
{
	double *s = xmalloc((n ? n : 1) * sizeof *s);
	memcpy(s, lp, n * sizeof *s);
	qsort(s, n, sizeof *s, cmp_double);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (m == 0 || !rsort_tied(s[i], s[m - 1]))
			s[m++] = s[i];
	long long *bit = xcalloc(m + 1, sizeof *bit), inside = 0;
	size_t *rk = xmalloc((n ? n : 1) * sizeof *rk), *er = xmalloc((n ? n : 1) * sizeof *er);
	double *ci = xcalloc(n ? n : 1, sizeof *ci), *di = xcalloc(n ? n : 1, sizeof *di),
	       *ti = xcalloc(n ? n : 1, sizeof *ti);
	for (size_t i = 0; i < n; i++)
		rk[i] = rank_of(s, m, lp[i]);
	f->concordant = f->discordant = f->tied_x = f->tied_y = f->tied_xy = 0;
	size_t k = 0;
	while (k < n) {
		size_t k0 = k;
		double t = ord[k].t;
		while (k < n && rsort_tied(ord[k].t, t))
			k++;
		/* censorings at t count as later than the events at t */
		for (size_t q = k0; q < k; q++)
			if (!event[ord[q].i]) {
				bit_add(bit, m, rk[ord[q].i]);
				inside++;
			}
		long long nd = 0;
		for (size_t q = k0; q < k; q++) {
			size_t i = ord[q].i;
			if (!event[i])
				continue;
			er[nd++] = rk[i];
			long long below = bit_sum(bit, rk[i] - 1), upto = bit_sum(bit, rk[i]);
			f->concordant += below;
			f->tied_x += upto - below;
			f->discordant += inside - upto;
			ci[i] += (double)below;
			ti[i] += (double)(upto - below);
			di[i] += (double)(inside - upto);
		}
		/* event pairs at the same time: tied on y (tied_xy if the risk ties too) */
		f->tied_y += nd * (nd - 1) / 2;
		qsort(er, (size_t)nd, sizeof *er, cmp_size);
		for (long long q = 0, run = 1; q < nd; q++, run++) {
			if (q + 1 == nd || er[q + 1] != er[q]) {
				f->tied_xy += run * (run - 1) / 2;
				run = 0;
			}
		}
		for (size_t q = k0; q < k; q++)
			if (event[ord[q].i]) {
				bit_add(bit, m, rk[ord[q].i]);
				inside++;
			}
	}
	f->tied_y -= f->tied_xy;
	/* pass 2: ascending time, the tree holds events strictly earlier, then (for
	 * censorings at t) also the events at t */
	memset(bit, 0, (m + 1) * sizeof *bit);
	inside = 0;
	size_t end = n;
	while (end > 0) {
		size_t e0 = end;
		double t = ord[end - 1].t;
		while (end > 0 && rsort_tied(ord[end - 1].t, t))
			end--;
		for (int phase = 0; phase < 3; phase++) {
			for (size_t q = end; q < e0; q++) {
				size_t j = ord[q].i;
				if (phase == 1 && event[j]) {
					bit_add(bit, m, rk[j]);
					inside++;
				}
				if ((phase == 0 && event[j]) || (phase == 2 && !event[j])) {
					long long below = bit_sum(bit, rk[j] - 1), upto = bit_sum(bit, rk[j]);
					ci[j] += (double)(inside - upto);   /* earlier event, higher risk */
					ti[j] += (double)(upto - below);
					di[j] += (double)below;
				}
			}
		}
	}
	double C = (double)f->concordant, D = (double)f->discordant, T = (double)f->tied_x;
	double N = C + D + T, var = 0;
	f->concordance = N > 0 ? (C + T / 2) / N : NAN;
	for (size_t i = 0; i < n && N > 0; i++) {
		double g = ((ci[i] + ti[i] / 2) * N - (C + T / 2) * (ci[i] + di[i] + ti[i])) / (N * N);
		var += g * g;
	}
	f->concordance_se = N > 0 ? sqrt(var) : NAN;
	free(ci);
	free(di);
	free(ti);
	free(er);
	free(rk);
	free(bit);
	free(s);
}

int
cox_fit(struct arena *ar, const double *x, size_t n, size_t p, const double *time,
        const int *event, const struct cox_options *opt, struct cox_fit *out)
{
	struct cox_options o;
	if (opt)
		o = *opt;
	else
		cox_options_default(&o);
	memset(out, 0, sizeof *out);
	out->p = p;
	out->n = (long)n;
	size_t pp = p ? p : 1;
	double **fields[] = { &out->coef, &out->se, &out->z, &out->p_value, &out->hr,
	                      &out->hr_lower, &out->hr_upper };
	for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++)
		*fields[f] = arena_calloc(ar, pp, sizeof(double));
	out->var = arena_calloc(ar, pp * pp, sizeof(double));

	struct work w = { 0 };
	w.n = n;
	w.p = p;
	w.event = event;
	w.ties = o.ties;
	double *xc = xmalloc((n ? n : 1) * pp * sizeof *xc);
	for (size_t j = 0; j < p; j++) {
		double mean = 0;
		for (size_t i = 0; i < n; i++)
			mean += x[i * p + j];
		mean = n ? mean / (double)n : 0;
		for (size_t i = 0; i < n; i++)
			xc[i * p + j] = x[i * p + j] - mean;
	}
	w.xc = xc;
	struct tidx *ord = xmalloc((n ? n : 1) * sizeof *ord);
	for (size_t i = 0; i < n; i++) {
		ord[i].t = time[i];
		ord[i].i = i;
		out->n_events += event[i] != 0;
	}
	qsort(ord, n, sizeof *ord, cmp_desc);
	w.ord = ord;
	w.s1 = xmalloc(pp * sizeof(double));
	w.s2 = xmalloc(pp * pp * sizeof(double));
	w.d1 = xmalloc(pp * sizeof(double));
	w.d2 = xmalloc(pp * pp * sizeof(double));
	w.a1 = xmalloc(pp * sizeof(double));
	w.eta = xmalloc((n ? n : 1) * sizeof(double));
	double *beta = xcalloc(pp, sizeof *beta), *nb = xcalloc(pp, sizeof *nb);
	double *u = xmalloc(pp * sizeof *u), *info = xmalloc(pp * pp * sizeof *info);
	double *step = xmalloc(pp * sizeof *step), *scratch = xmalloc(pp * pp * sizeof *scratch);
	int rc = 0;

	/* R coxfit6: evaluate at 0, step, then at each new point either accept and
	 * step again, or halve back towards the last accepted point. */
	double oldll = evaluate(&w, beta, u, info), ll = oldll;
	out->loglik_null = oldll;
	if (newton_step(info, u, p, step, scratch) < 0) {
		rc = -1;
		goto done;
	}
	out->score = 0;
	for (size_t j = 0; j < p; j++) {
		nb[j] = beta[j] + step[j];
		out->score += u[j] * step[j];
	}
	int halving = 0, iter;
	for (iter = 1; iter <= o.max_iter; iter++) {
		ll = evaluate(&w, nb, u, info);
		if (fabs(1 - oldll / ll) <= o.eps && !halving) {
			out->converged = 1;
			break;
		}
		if (ll < oldll || !isfinite(ll)) {
			halving = 1;
			for (size_t j = 0; j < p; j++)
				nb[j] = (nb[j] + beta[j]) / 2;
		} else {
			halving = 0;
			oldll = ll;
			memcpy(beta, nb, p * sizeof *beta);
			if (newton_step(info, u, p, step, scratch) < 0) {
				rc = -1;
				goto done;
			}
			for (size_t j = 0; j < p; j++)
				nb[j] = beta[j] + step[j];
		}
	}
	if (iter > o.max_iter) {
		/* not converged: report the last accepted point, as R does */
		ll = evaluate(&w, beta, u, info);
		memcpy(nb, beta, p * sizeof *nb);
		iter = o.max_iter;
	}
	out->iterations = iter;
	out->loglik = ll;
	memcpy(out->var, info, p * p * sizeof *info);
	if (linalg_spd_inverse(out->var, p) != LINALG_OK) {
		rc = -1;
		goto done;
	}
	out->wald = 0;
	for (size_t a = 0; a < p; a++) {
		out->coef[a] = nb[a];
		for (size_t b = 0; b < p; b++)
			out->wald += nb[a] * info[a * p + b] * nb[b];
	}
	out->lr = 2 * (out->loglik - out->loglik_null);
	out->lr_log_p = survival_chisq_log_sf(out->lr, (double)p);
	out->wald_log_p = survival_chisq_log_sf(out->wald, (double)p);
	out->score_log_p = survival_chisq_log_sf(out->score, (double)p);
	for (size_t j = 0; j < p; j++) {
		double se = sqrt(out->var[j * p + j]);
		out->se[j] = se;
		out->z[j] = nb[j] / se;
		out->p_value[j] = erfc(fabs(out->z[j]) / sqrt(2.0));
		out->hr[j] = exp(nb[j]);
		out->hr_lower[j] = exp(nb[j] - Z975 * se);
		out->hr_upper[j] = exp(nb[j] + Z975 * se);
	}
	/* linear predictor on the original (uncentred) scale for the concordance:
	 * centring shifts every risk equally and changes no comparison */
	for (size_t i = 0; i < n; i++) {
		double e = 0;
		for (size_t j = 0; j < p; j++)
			e += x[i * p + j] * nb[j];
		w.eta[i] = e;
	}
	concordance(out, w.eta, ord, event, n);
done:
	if (rc < 0) {
		for (size_t j = 0; j < p; j++)
			out->coef[j] = out->se[j] = out->z[j] = out->p_value[j] = out->hr[j] =
				out->hr_lower[j] = out->hr_upper[j] = NAN;
		out->loglik = out->concordance = out->lr = out->wald = out->score = NAN;
		out->lr_log_p = out->wald_log_p = out->score_log_p = NAN;
	}
	free(xc);
	free(ord);
	free(w.s1);
	free(w.s2);
	free(w.d1);
	free(w.d2);
	free(w.a1);
	free(w.eta);
	free(beta);
	free(nb);
	free(u);
	free(info);
	free(step);
	free(scratch);
	return rc;
}
