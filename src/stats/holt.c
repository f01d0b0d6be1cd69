/* SPDX-License-Identifier: MIT
 * holt: the smoothing recursion, heuristic initial states, a bounded 2-parameter
 * SSE minimiser (grid, clamped Nelder–Mead, golden-section polish) and ETS(A,A,N)
 * prediction intervals. Part of src/stats. */
#include "stats/holt.h"

#include <math.h>
#include <string.h>

#define Z975 1.959963984540054

void
holt_initial(const double *y, size_t n, double *level0, double *trend0)
{
	size_t m = n < 10 ? n : 10;
	if (m < 2) {
		*level0 = n ? y[0] : 0;
		*trend0 = 0;
		return;
	}
	double sx = 0, sy = 0;
	for (size_t i = 0; i < m; i++) {
		sx += (double)(i + 1);
		sy += y[i];
	}
	double mx = sx / (double)m, my = sy / (double)m, sxx = 0, sxy = 0;
	for (size_t i = 0; i < m; i++) {
		double dx = (double)(i + 1) - mx;
		sxx += dx * dx;
		sxy += dx * (y[i] - my);
	}
	*trend0 = sxy / sxx;
	*level0 = my - *trend0 * mx;
}

static double
clamp01(double v)
{
	return v < 0 ? 0 : v > 1 ? 1 : v;
}

/* SSE of the one-step predictions; fitted and final states optional. */
static double
smooth(const double *y, size_t n, double alpha, double beta, double l0, double b0,
       double *fitted, double *level, double *trend)
{
	double l = l0, b = b0, sse = 0;
	for (size_t t = 0; t < n; t++) {
		double yhat = l + b, e = y[t] - yhat;
		if (fitted)
			fitted[t] = yhat;
		sse += e * e;
		double nl = l + b + alpha * e;
		b = beta * (nl - l) + (1 - beta) * b;
		l = nl;
	}
	if (level)
		*level = l;
	if (trend)
		*trend = b;
	return sse;
}

static void
finish(struct arena *a, const double *y, size_t n, double alpha, double beta, double l0,
       double b0, struct holt_fit *out)
{
	memset(out, 0, sizeof *out);
	out->n = n;
	out->alpha = alpha;
	out->beta = beta;
	out->level0 = l0;
	out->trend0 = b0;
	out->fitted = arena_alloc(a, (n ? n : 1) * sizeof *out->fitted);
	out->sse = smooth(y, n, alpha, beta, l0, b0, out->fitted, &out->level, &out->trend);
	out->sigma2 = n ? out->sse / (double)n : NAN;
}

void
holt_fit_fixed(struct arena *a, const double *y, size_t n, double alpha, double beta,
               struct holt_fit *out)
{
	double l0, b0;
	holt_initial(y, n, &l0, &b0);
	finish(a, y, n, clamp01(alpha), clamp01(beta), l0, b0, out);
}

struct obj {
	const double *y;
	size_t n;
	double l0, b0;
};

static double
f_at(const struct obj *o, const double *p)
{
	double s = smooth(o->y, o->n, p[0], p[1], o->l0, o->b0, NULL, NULL, NULL);
	return isfinite(s) ? s : INFINITY;
}

static void
nelder_mead(const struct obj *o, double *best, double *fbest)
{
	double v[3][2], fv[3], step = 0.05;
	for (int k = 0; k < 3; k++) {
		v[k][0] = best[0];
		v[k][1] = best[1];
	}
	v[1][0] = clamp01(best[0] + (best[0] + step <= 1 ? step : -step));
	v[2][1] = clamp01(best[1] + (best[1] + step <= 1 ? step : -step));
	for (int k = 0; k < 3; k++)
		fv[k] = f_at(o, v[k]);
	for (int it = 0; it < 2000; it++) {
		/* order: v[0] best, v[2] worst */
		for (int i = 0; i < 3; i++)
			for (int j = i + 1; j < 3; j++)
				if (fv[j] < fv[i]) {
					double t0 = v[i][0], t1 = v[i][1], tf = fv[i];
					v[i][0] = v[j][0];
					v[i][1] = v[j][1];
					fv[i] = fv[j];
					v[j][0] = t0;
					v[j][1] = t1;
					fv[j] = tf;
				}
		double size = fabs(v[1][0] - v[0][0]) + fabs(v[1][1] - v[0][1]) +
		              fabs(v[2][0] - v[0][0]) + fabs(v[2][1] - v[0][1]);
		if (size < 1e-13 || fv[2] - fv[0] <= 1e-15 * fabs(fv[0]))
			break;
		double c[2] = { (v[0][0] + v[1][0]) / 2, (v[0][1] + v[1][1]) / 2 };
		double r[2] = { clamp01(2 * c[0] - v[2][0]), clamp01(2 * c[1] - v[2][1]) };
		double fr = f_at(o, r);
		if (fr < fv[0]) {
			double e[2] = { clamp01(3 * c[0] - 2 * v[2][0]), clamp01(3 * c[1] - 2 * v[2][1]) };
			double fe = f_at(o, e);
			if (fe < fr) {
				v[2][0] = e[0];
				v[2][1] = e[1];
				fv[2] = fe;
			} else {
				v[2][0] = r[0];
				v[2][1] = r[1];
				fv[2] = fr;
			}
		} else if (fr < fv[1]) {
			v[2][0] = r[0];
			v[2][1] = r[1];
			fv[2] = fr;
		} else {
			double k[2] = { (c[0] + v[2][0]) / 2, (c[1] + v[2][1]) / 2 };
			double fk = f_at(o, k);
			if (fk < fv[2]) {
				v[2][0] = k[0];
				v[2][1] = k[1];
				fv[2] = fk;
			} else {
				for (int i = 1; i < 3; i++) {
					v[i][0] = (v[i][0] + v[0][0]) / 2;
					v[i][1] = (v[i][1] + v[0][1]) / 2;
					fv[i] = f_at(o, v[i]);
				}
			}
		}
	}
	for (int k = 0; k < 3; k++)
		if (fv[k] < *fbest) {
			*fbest = fv[k];
			best[0] = v[k][0];
			best[1] = v[k][1];
		}
}

/* Golden-section search of coordinate j on [lo, hi]; keeps the better point. */
static void
golden(const struct obj *o, double *p, double *fp, int j, double lo, double hi)
{
	const double g = 0.6180339887498949;
	double q[2] = { p[0], p[1] };
	double a = lo, b = hi, x1 = b - g * (b - a), x2 = a + g * (b - a);
	q[j] = x1;
	double f1 = f_at(o, q);
	q[j] = x2;
	double f2 = f_at(o, q);
	while (b - a > 1e-12) {
		if (f1 <= f2) {
			b = x2;
			x2 = x1;
			f2 = f1;
			x1 = b - g * (b - a);
			q[j] = x1;
			f1 = f_at(o, q);
		} else {
			a = x1;
			x1 = x2;
			f1 = f2;
			x2 = a + g * (b - a);
			q[j] = x2;
			f2 = f_at(o, q);
		}
	}
	double cand[3] = { (a + b) / 2, lo, hi };
	for (int k = 0; k < 3; k++) {
		q[j] = cand[k];
		double f = f_at(o, q);
		if (f < *fp) {
			*fp = f;
			p[j] = cand[k];
		}
	}
}

void
holt_fit_optimal(struct arena *a, const double *y, size_t n, struct holt_fit *out)
{
	struct obj o = { y, n, 0, 0 };
	holt_initial(y, n, &o.l0, &o.b0);
	double best[2] = { 0.5, 0.5 }, fbest = INFINITY;
	for (int i = 0; i <= 50; i++)
		for (int j = 0; j <= 50; j++) {
			double p[2] = { i / 50.0, j / 50.0 };
			double f = f_at(&o, p);
			if (f < fbest) {
				fbest = f;
				best[0] = p[0];
				best[1] = p[1];
			}
		}
	nelder_mead(&o, best, &fbest);
	for (int round = 0; round < 4; round++) {
		double w = round == 0 ? 0.05 : 0.01;
		for (int j = 0; j < 2; j++)
			golden(&o, best, &fbest, j, fmax(0, best[j] - w), fmin(1, best[j] + w));
	}
	nelder_mead(&o, best, &fbest);
	finish(a, y, n, best[0], best[1], o.l0, o.b0, out);
	out->optimized = 1;
}

void
holt_forecast(const struct holt_fit *f, size_t h, double *mean, double *lower, double *upper)
{
	double var = 1;
	for (size_t k = 0; k < h; k++) {
		if (k > 0) {
			double c = f->alpha + f->alpha * f->beta * (double)k;
			var += c * c;
		}
		mean[k] = f->level + (double)(k + 1) * f->trend;
		double half = Z975 * sqrt(f->sigma2 * var);
		if (lower)
			lower[k] = mean[k] - half;
		if (upper)
			upper[k] = mean[k] + half;
	}
}
