/* SPDX-License-Identifier: MIT
 * survival: Kaplan–Meier (Greenwood, R's CI types, median as quantile.survfit) and
 * the log-rank test (survdiff). Observations are radix-sorted by time once
 * (O(n)), then one pass builds the table. Part of src/stats. */
#include "stats/survival.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stats/rsort.h"
#include "stats/special.h"

#define Z975 1.959963984540054        /* qnorm(0.975) */
#define MEDIAN_TOL 1.4901161193847656e-08 /* sqrt(DBL_EPSILON), as quantile.survfit */

struct obs {
	double t;
	int event;
	int group;
};

/* Stable sort of o[0..n) by time (rsort). */
static void
sort_obs(struct obs *o, size_t n)
{
	if (n < 2)
		return;
	uint64_t *key = xmalloc(n * sizeof *key);
	uint32_t *ord = xmalloc(n * sizeof *ord);
	struct obs *tmp = xmalloc(n * sizeof *tmp);
	for (size_t i = 0; i < n; i++) {
		key[i] = rsort_dkey(o[i].t);
		ord[i] = (uint32_t)i;
	}
	rsort_pairs(key, ord, n);
	for (size_t i = 0; i < n; i++)
		tmp[i] = o[ord[i]];
	memcpy(o, tmp, n * sizeof *o);
	free(tmp);
	free(ord);
	free(key);
}

static void
band(enum survival_ci ci, double s, double se_h, double se_s, double *lo, double *hi)
{
	switch (ci) {
	case SURVIVAL_CI_LOG:
		if (s == 0 || isnan(se_h)) {
			*lo = *hi = NAN;
		} else {
			*lo = s * exp(-Z975 * se_h);
			*hi = fmin(1.0, s * exp(Z975 * se_h));
		}
		break;
	case SURVIVAL_CI_LOGLOG:
		if (s == 0 || s == 1 || isnan(se_h)) {
			*lo = *hi = NAN;
		} else {
			double ls = log(s);
			*lo = pow(s, exp(-Z975 * se_h / ls));
			*hi = pow(s, exp(Z975 * se_h / ls));
		}
		break;
	case SURVIVAL_CI_PLAIN:
		if (isnan(se_s)) {
			*lo = *hi = NAN;
		} else {
			*lo = fmax(0.0, s - Z975 * se_s);
			*hi = fmin(1.0, s + Z975 * se_s);
		}
		break;
	}
}

/* R's quantile.survfit rule for one curve y(x) at level p (0.5 for the median). */
static double
find_quantile(const struct survival_row *r, size_t nr, int which, double p)
{
	size_t i;
#define CURVE(k) (which == 0 ? r[k].surv : which == 1 ? r[k].lower : r[k].upper)
	for (i = 0; i < nr; i++) {
		double y = CURVE(i);
		if (!isnan(y) && y <= p + MEDIAN_TOL)
			break;
	}
	if (i == nr)
		return NAN;
	double yi = CURVE(i);
	if (fabs(yi - p) < MEDIAN_TOL) {
		/* a flat stretch at p: midpoint between its start and the next drop
		 * below p, or the last time on the curve if it never drops */
		for (size_t j = i + 1; j < nr; j++) {
			double y = CURVE(j);
			if (!isnan(y) && y <= p - MEDIAN_TOL)
				return (r[i].time + r[j].time) / 2;
		}
		return (r[i].time + r[nr - 1].time) / 2;
	}
	return r[i].time;
#undef CURVE
}

/* Next distinct time of the merged sequences ev[*i..ne) and ce[*j..nc): the
 * counts of events and censorings at it. Returns 0 when both are exhausted. */
static int
next_time(const uint64_t *ev, size_t ne, size_t *i, const uint64_t *ce, size_t nc, size_t *j,
          uint64_t *key, long *d, long *c)
{
	if (*i >= ne && *j >= nc)
		return 0;
	uint64_t k = *i >= ne ? ce[*j] : *j >= nc ? ev[*i] : (ev[*i] < ce[*j] ? ev[*i] : ce[*j]);
	size_t i0 = *i, j0 = *j;
	while (*i < ne && ev[*i] == k)
		(*i)++;
	while (*j < nc && ce[*j] == k)
		(*j)++;
	*key = k;
	*d = (long)(*i - i0);
	*c = (long)(*j - j0);
	return 1;
}

/* The table from sorted event keys ev[0..ne) and censoring keys ce[0..nc). */
static void
km_keys(struct arena *a, const uint64_t *ev, size_t ne, const uint64_t *ce, size_t nc,
        enum survival_ci ci, struct survival_km *out)
{
	size_t ndist = 0, i = 0, j = 0;
	uint64_t key;
	long d, c;
	while (next_time(ev, ne, &i, ce, nc, &j, &key, &d, &c))
		ndist++;
	memset(out, 0, sizeof *out);
	out->ci = ci;
	out->n = (long)(ne + nc);
	out->events = (long)ne;
	out->rows = arena_alloc(a, (ndist ? ndist : 1) * sizeof *out->rows);
	out->nrows = ndist;
	double s = 1, gsum = 0, h = 0;
	long at_risk = out->n;
	size_t k = 0;
	i = j = 0;
	while (next_time(ev, ne, &i, ce, nc, &j, &key, &d, &c)) {
		struct survival_row *r = &out->rows[k++];
		r->time = rsort_dval(key);
		r->n_risk = at_risk;
		r->n_event = d;
		r->n_censor = c;
		if (d > 0) {
			double nr = (double)at_risk, dd = (double)d;
			s *= (nr - dd) / nr;
			gsum += at_risk > d ? dd / (nr * (nr - dd)) : INFINITY;
			h += dd / nr;
		}
		r->surv = s;
		r->std_err_cumhaz = sqrt(gsum);
		r->std_err = s == 0 ? NAN : s * r->std_err_cumhaz;
		r->cumhaz = h;
		band(ci, s, r->std_err_cumhaz, r->std_err, &r->lower, &r->upper);
		at_risk -= d + c;
	}
	survival_km_quantile(out, 0.5, &out->median, &out->median_lower, &out->median_upper);
}

void
survival_km_at(const struct survival_km *km, double t, double *surv, long *n_risk)
{
	/* binary search: first row with time >= t */
	size_t lo = 0, hi = km->nrows;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (km->rows[mid].time < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (n_risk)
		*n_risk = lo < km->nrows ? km->rows[lo].n_risk : 0;
	if (lo < km->nrows && km->rows[lo].time == t)
		*surv = km->rows[lo].surv;
	else
		*surv = lo > 0 ? km->rows[lo - 1].surv : 1;
}

void
survival_km_rmean(const struct survival_km *km, double tau, double *mean, double *se)
{
	size_t nr = km->nrows;
	if (nr == 0) {
		*mean = NAN;
		if (se)
			*se = NAN;
		return;
	}
	if (isnan(tau))
		tau = km->rows[nr - 1].time;
	/* area after each row's time, from the end backwards */
	double after = 0, var = 0;
	for (size_t k = nr; k-- > 0;) {
		const struct survival_row *r = &km->rows[k];
		double next = k + 1 < nr ? fmin(km->rows[k + 1].time, tau) : tau;
		if (r->time < tau)
			after += r->surv * (next - r->time);
		if (r->n_event > 0 && r->time < tau && r->n_risk > r->n_event) {
			double n = (double)r->n_risk, d = (double)r->n_event;
			var += after * after * d / (n * (n - d));
		}
	}
	double t0 = fmin(km->rows[0].time, tau);
	*mean = (t0 > 0 ? t0 : 0) + after;
	if (se)
		*se = sqrt(var);
}

void
survival_km_quantile(const struct survival_km *km, double prob, double *q, double *lower,
                     double *upper)
{
	double level = 1 - prob;
	*q = find_quantile(km->rows, km->nrows, 0, level);
	if (lower)
		*lower = find_quantile(km->rows, km->nrows, 1, level);
	if (upper)
		*upper = find_quantile(km->rows, km->nrows, 2, level);
}

/* Event and censoring times are sorted as two 8-byte key arrays rather than as
 * 16-byte records: at a million rows the page faults of fresh memory cost more
 * than the arithmetic. Rows with sel[i] != g are skipped when sel is given. */
static void
km_select(struct arena *a, const double *time, const int *event, const int *sel, int g,
          size_t n, enum survival_ci ci, struct survival_km *out)
{
	uint64_t *k = xmalloc((n ? n : 1) * sizeof *k), *tmp = xmalloc((n ? n : 1) * sizeof *tmp);
	size_t ne = 0, nc = n;
	for (size_t i = 0; i < n; i++) {
		if (sel && sel[i] != g)
			continue;
		if (event[i])
			k[ne++] = rsort_dkey(time[i]);
		else
			k[--nc] = rsort_dkey(time[i]);
	}
	rsort_keys(k, tmp, ne);
	rsort_keys(k + nc, tmp, n - nc);
	km_keys(a, k, ne, k + nc, n - nc, ci, out);
	free(k);
	free(tmp);
}

void
survival_km_fit(struct arena *a, const double *time, const int *event, size_t n,
                enum survival_ci ci, struct survival_km *out)
{
	km_select(a, time, event, NULL, 0, n, ci, out);
}

void
survival_km_fit_groups(struct arena *a, const double *time, const int *event,
                       const int *group, size_t n, int ngroups, enum survival_ci ci,
                       struct survival_km *out)
{
	for (int g = 0; g < ngroups; g++)
		km_select(a, time, event, group, g, n, ci, &out[g]);
}

/* log Q(a, x), the regularised upper incomplete gamma, by series or continued
 * fraction (Lentz), kept in logs so tiny tails do not underflow (stats/special
 * gives Q itself, which underflows to 0 for the strong effects reports show). */
static double
log_gamma_q(double s, double x)
{
	if (x <= 0)
		return 0;
	double lpre = -x + s * log(x) - lgamma(s);
	if (x < s + 1) {
		double term = 1 / s, sum = term;
		for (int k = 1; k < 10000; k++) {
			term *= x / (s + k);
			sum += term;
			if (term < sum * 1e-17)
				break;
		}
		return log1p(-exp(lpre + log(sum)));
	}
	double tiny = 1e-300, b = x + 1 - s, c = 1 / tiny, d = 1 / b, f = d;
	for (int k = 1; k < 10000; k++) {
		double an = -k * (k - s);
		b += 2;
		d = an * d + b;
		if (fabs(d) < tiny)
			d = tiny;
		c = b + an / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1 / d;
		double delta = d * c;
		f *= delta;
		if (fabs(delta - 1) < 1e-16)
			break;
	}
	return lpre + log(f);
}

double
survival_chisq_log_sf(double x, double df)
{
	return log_gamma_q(df / 2, x / 2);
}

/* Solve the m x m system v w = u in place (Gaussian elimination, partial pivoting);
 * returns u'w, or NAN if singular. */
static double
quad_form(double *v, double *u, int m)
{
	double *w = xmalloc((size_t)(m ? m : 1) * sizeof *w);
	memcpy(w, u, (size_t)m * sizeof *w);
	for (int c = 0; c < m; c++) {
		int piv = c;
		for (int r = c + 1; r < m; r++)
			if (fabs(v[r * m + c]) > fabs(v[piv * m + c]))
				piv = r;
		if (v[piv * m + c] == 0) {
			free(w);
			return NAN;
		}
		if (piv != c) {
			for (int j = 0; j < m; j++) {
				double t = v[c * m + j];
				v[c * m + j] = v[piv * m + j];
				v[piv * m + j] = t;
			}
			double t = w[c];
			w[c] = w[piv];
			w[piv] = t;
		}
		for (int r = c + 1; r < m; r++) {
			double f = v[r * m + c] / v[c * m + c];
			for (int j = c; j < m; j++)
				v[r * m + j] -= f * v[c * m + j];
			w[r] -= f * w[c];
		}
	}
	for (int c = m - 1; c >= 0; c--) {
		for (int j = c + 1; j < m; j++)
			w[c] -= v[c * m + j] * w[j];
		w[c] /= v[c * m + c];
	}
	double q = 0;
	for (int c = 0; c < m; c++)
		q += u[c] * w[c];
	free(w);
	return q;
}

void
survival_logrank_test(struct arena *a, const double *time, const int *event,
                      const int *group, size_t n, int ngroups,
                      struct survival_logrank *out)
{
	size_t k = (size_t)ngroups;
	memset(out, 0, sizeof *out);
	out->ngroups = ngroups;
	out->n = arena_calloc(a, k, sizeof *out->n);
	out->observed = arena_calloc(a, k, sizeof *out->observed);
	out->expected = arena_calloc(a, k, sizeof *out->expected);
	struct obs *o = xmalloc((n ? n : 1) * sizeof *o);
	for (size_t i = 0; i < n; i++) {
		o[i].t = time[i];
		o[i].event = event[i] != 0;
		o[i].group = group[i];
		out->n[group[i]]++;
	}
	sort_obs(o, n);
	long *risk = xcalloc(k, sizeof *risk), *dg = xcalloc(k, sizeof *dg),
	     *leave = xcalloc(k, sizeof *leave);
	double *v = xcalloc(k * k, sizeof *v);
	long total = (long)n;
	for (size_t g = 0; g < k; g++)
		risk[g] = out->n[g];
	size_t i = 0;
	while (i < n) {
		double t = o[i].t;
		long d = 0;
		for (; i < n && rsort_tied(o[i].t, t); i++) {
			leave[o[i].group]++;
			if (o[i].event) {
				dg[o[i].group]++;
				d++;
			}
		}
		if (d > 0) {
			double nn = (double)total, dd = (double)d;
			double f = total > 1 ? dd * (nn - dd) / (nn - 1) : 0;
			for (size_t g = 0; g < k; g++) {
				double pg = (double)risk[g] / nn;
				out->observed[g] += (double)dg[g];
				out->expected[g] += dd * pg;
				for (size_t h = 0; h < k; h++)
					v[g * k + h] += f * pg * ((g == h) - (double)risk[h] / nn);
			}
		}
		for (size_t g = 0; g < k; g++) {
			risk[g] -= leave[g];
			total -= leave[g];
			leave[g] = dg[g] = 0;
		}
	}
	/* drop empty groups, then the last remaining one (V has rank groups - 1) */
	int m = 0;
	for (size_t g = 0; g < k; g++)
		if (out->n[g] > 0)
			m++;
	out->df = m > 0 ? m - 1 : 0;
	out->chi2 = 0;
	out->p = 1;
	out->log_p = 0;
	if (out->df > 0) {
		int *idx = xmalloc((size_t)m * sizeof *idx), q = 0;
		for (size_t g = 0; g < k; g++)
			if (out->n[g] > 0)
				idx[q++] = (int)g;
		int mm = m - 1;
		double *vs = xmalloc((size_t)(mm * mm) * sizeof *vs), *u = xmalloc((size_t)mm * sizeof *u);
		for (int r = 0; r < mm; r++) {
			u[r] = out->observed[idx[r]] - out->expected[idx[r]];
			for (int c = 0; c < mm; c++)
				vs[r * mm + c] = v[(size_t)idx[r] * k + (size_t)idx[c]];
		}
		out->chi2 = quad_form(vs, u, mm);
		if (!isnan(out->chi2)) {
			out->p = special_chi2_sf(out->chi2, out->df);
			out->log_p = out->p > 1e-300 ? log(out->p) :
			             survival_chisq_log_sf(out->chi2, out->df);
		} else {
			out->log_p = out->p = NAN;
		}
		free(idx);
		free(vs);
		free(u);
	}
	free(risk);
	free(dg);
	free(leave);
	free(v);
	free(o);
}
