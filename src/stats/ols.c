/* SPDX-License-Identifier: MIT
 * ols: least squares via stats/linalg's pivoted QR, then the inference statistics
 * of statsmodels' nonrobust OLS (t tests, F test, Gaussian likelihood, AIC/BIC).
 * Part of src/stats; plain arrays in, struct ols_fit out. */
#include "stats/ols.h"

#include <math.h>
#include <stdlib.h>

#include "base/arena.h"
#include "stats/linalg.h"
#include "stats/special.h"

static double *
darr(size_t n)
{
	return xcalloc(n ? n : 1, sizeof(double));
}

void
ols_fit(struct ols_fit *f, const double *x, size_t n, size_t p, const double *y,
        int has_intercept)
{
	f->n = n;
	f->p = p;
	f->has_intercept = has_intercept != 0;
	f->coef = darr(p);
	f->se = darr(p);
	f->t = darr(p);
	f->p_value = darr(p);
	f->ci_lo = darr(p);
	f->ci_hi = darr(p);
	f->cov = darr(p * p);
	f->fitted = darr(n);
	f->resid = darr(n);

	struct linalg_qr q;
	linalg_qr_init(&q, x, n, p, 0);
	f->rank = linalg_qr_lstsq(&q, y, f->coef, f->resid);
	linalg_qr_xtx_inverse(&q, f->cov);
	linalg_qr_finish(&q);

	double ybar = 0;
	for (size_t i = 0; i < n; i++)
		ybar += y[i];
	ybar = n ? ybar / (double)n : 0;
	f->rss = 0;
	f->tss = 0;
	for (size_t i = 0; i < n; i++) {
		f->fitted[i] = y[i] - f->resid[i];
		f->rss += f->resid[i] * f->resid[i];
		double d = f->has_intercept ? y[i] - ybar : y[i];
		f->tss += d * d;
	}
	double dn = (double)n, k = (double)f->rank;
	f->df_model = k - f->has_intercept;
	f->df_resid = dn - k;
	f->r2 = 1 - f->rss / f->tss;
	f->adj_r2 = 1 - (dn - f->has_intercept) / f->df_resid * (1 - f->r2);
	f->mse = f->rss / dn;
	f->rmse = sqrt(f->mse);
	f->sigma2 = f->df_resid > 0 ? f->rss / f->df_resid : NAN;
	f->rse = sqrt(f->sigma2);
	f->loglik = -0.5 * dn * (log(2 * M_PI) + log(f->rss / dn) + 1);
	f->aic = -2 * f->loglik + 2 * k;
	f->bic = -2 * f->loglik + log(dn) * k;
	if (f->df_model > 0 && f->df_resid > 0) {
		f->f_stat = ((f->tss - f->rss) / f->df_model) / f->sigma2;
		f->f_p = special_f_sf(f->f_stat, f->df_model, f->df_resid);
	} else {
		f->f_stat = NAN;
		f->f_p = NAN;
	}
	double tq = f->df_resid > 0 ? special_t_quantile(0.975, f->df_resid) : NAN;
	for (size_t i = 0; i < p * p; i++)
		f->cov[i] *= f->sigma2;
	for (size_t j = 0; j < p; j++) {
		f->se[j] = sqrt(f->cov[j * p + j]);
		f->t[j] = f->coef[j] / f->se[j];
		f->p_value[j] = f->df_resid > 0 && !isnan(f->t[j]) ? special_t_p2(f->t[j], f->df_resid) : NAN;
		f->ci_lo[j] = f->coef[j] - tq * f->se[j];
		f->ci_hi[j] = f->coef[j] + tq * f->se[j];
	}
}

void
ols_finish(struct ols_fit *f)
{
	if (!f)
		return;
	free(f->coef);
	free(f->se);
	free(f->t);
	free(f->p_value);
	free(f->ci_lo);
	free(f->ci_hi);
	free(f->cov);
	free(f->fitted);
	free(f->resid);
	f->coef = f->se = f->t = f->p_value = f->ci_lo = f->ci_hi = NULL;
	f->cov = f->fitted = f->resid = NULL;
}

void
ols_predict(const struct ols_fit *f, const double *x, size_t m, double *out)
{
	for (size_t i = 0; i < m; i++) {
		double s = 0;
		for (size_t j = 0; j < f->p; j++)
			s += x[i * f->p + j] * f->coef[j];
		out[i] = s;
	}
}
