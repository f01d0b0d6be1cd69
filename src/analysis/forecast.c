/* SPDX-License-Identifier: MIT
 * forecast: builds the OLS design matrix from the marketing table (intercept first),
 * fits and predicts the planned weeks; sums order amounts into weeks ending on
 * as_of's weekday for Holt; writes the "forecast" model part and its three charts. */
#include "analysis/forecast.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/fmt.h"
#include "analysis/modelfmt.h"
#include "stats/holt.h"
#include "stats/ols.h"
#include "stats/special.h"

static double *
dup_arr(struct arena *a, const double *v, size_t n)
{
	double *d = arena_calloc(a, n ? n : 1, sizeof *d);
	if (v && n)
		memcpy(d, v, n * sizeof *d);
	return d;
}

/* row order by date, ties by row index; missing dates last */
struct dated {
	double d;
	size_t row;
};

static int
cmp_dated(const void *pa, const void *pb)
{
	const struct dated *a = pa, *b = pb;
	if (a->d != b->d) {
		if (a->d != a->d)
			return 1;
		if (b->d != b->d)
			return -1;
		return a->d < b->d ? -1 : 1;
	}
	return a->row < b->row ? -1 : a->row > b->row;
}

/* Planned value of driver j (name) in week k, or NaN when the plan does not say. */
static double
plan_value(const cJSON *plan, const char *name, size_t k)
{
	const cJSON *e;
	if (cJSON_IsArray(plan)) {
		int n = cJSON_GetArraySize(plan);
		if (n == 0)
			return NAN;
		e = cJSON_GetArrayItem(plan, (int)k < n ? (int)k : n - 1);
		e = cJSON_GetObjectItemCaseSensitive(e, name);
		return cJSON_IsNumber(e) ? e->valuedouble : NAN;
	}
	e = cJSON_GetObjectItemCaseSensitive(plan, name);
	if (cJSON_IsNumber(e))
		return e->valuedouble;
	if (cJSON_IsArray(e)) {
		int n = cJSON_GetArraySize(e);
		const cJSON *v;
		if (n == 0)
			return NAN;
		v = cJSON_GetArrayItem(e, (int)k < n ? (int)k : n - 1);
		return cJSON_IsNumber(v) ? v->valuedouble : NAN;
	}
	return NAN;
}

int
forecast_ols_compute(struct arena *a, const struct table *m, const struct project_dataset *spec,
                     const cJSON *params, struct analysis_ctx *ctx, struct forecast_result *r)
{
	const cJSON *tg = params ? cJSON_GetObjectItemCaseSensitive(params, "target") : NULL;
	const cJSON *dr = params ? cJSON_GetObjectItemCaseSensitive(params, "drivers") : NULL;
	const cJSON *hz = params ? cJSON_GetObjectItemCaseSensitive(params, "horizon") : NULL;
	const cJSON *plan = params ? cJSON_GetObjectItemCaseSensitive(params, "plan") : NULL;
	const char *target = cJSON_IsString(tg) ? tg->valuestring : "target";
	const struct table_column *yc = table_column_find(m, target), *dc = table_column_find(m, "date");
	const struct table_column **xc = arena_calloc(a, m->ncols + 1, sizeof *xc);
	struct forecast_ols *o = &r->ols;
	struct ols_fit fit;
	size_t k = 0, n = 0, p, *rows;
	double *x, *y, tq;
	r->target = target;
	r->drivers = arena_calloc(a, m->ncols + 1, sizeof *r->drivers);
	if (!yc || yc->type != TABLE_NUM) {
		if (ctx)
			analysis_note(ctx, "forecast model skipped: marketing has no numeric '%s' field", target);
		return -1;
	}
	if (cJSON_IsArray(dr)) {
		const cJSON *e;
		cJSON_ArrayForEach(e, dr) {
			const struct table_column *c = cJSON_IsString(e) ? table_column_find(m, e->valuestring) : NULL;
			if (!c || c->type != TABLE_NUM) {
				if (ctx && cJSON_IsString(e))
					analysis_note(ctx, "forecast: driver '%s' skipped: marketing has no numeric '%s' column",
					              e->valuestring, e->valuestring);
				continue;
			}
			xc[k] = c;
			r->drivers[k++] = c->name;
		}
	} else {
		const char *ts = dataset_column_source(spec, "target"), *ds = dataset_column_source(spec, "date");
		for (size_t j = 0; j < m->ncols; j++) {
			const struct table_column *c = &m->cols[j];
			if (c->type != TABLE_NUM || c == yc || !strcmp(c->name, "target") ||
			    !strcmp(c->name, "date") || (ts && !strcmp(c->name, ts)) ||
			    (ds && !strcmp(c->name, ds)) || !strcmp(c->name, target))
				continue;
			xc[k] = c;
			r->drivers[k++] = c->name;
		}
	}
	r->ndrivers = k;
	p = k + 1;
	rows = xmalloc((m->nrows + 1) * sizeof *rows);
	for (size_t i = 0; i < m->nrows; i++) {
		int ok = isfinite(yc->num[i]);
		for (size_t j = 0; j < k && ok; j++)
			ok = isfinite(xc[j]->num[i]);
		if (ok)
			rows[n++] = i;
	}
	if (n <= p) {
		if (ctx)
			analysis_note(ctx, "forecast model skipped: %zu complete rows for %zu terms", n, p);
		free(rows);
		return -1;
	}
	if (dc) {
		struct dated *tmp = xmalloc(n * sizeof *tmp);
		for (size_t i = 0; i < n; i++) {
			tmp[i].d = dc->num[rows[i]];
			tmp[i].row = rows[i];
		}
		qsort(tmp, n, sizeof *tmp, cmp_dated);
		for (size_t i = 0; i < n; i++)
			rows[i] = tmp[i].row;
		free(tmp);
	}
	x = xmalloc(n * p * sizeof *x);
	y = xmalloc(n * sizeof *y);
	o->date = arena_calloc(a, n, sizeof *o->date);
	for (size_t i = 0; i < n; i++) {
		x[i * p] = 1;
		for (size_t j = 0; j < k; j++)
			x[i * p + 1 + j] = xc[j]->num[rows[i]];
		y[i] = yc->num[rows[i]];
		o->date[i] = dc ? floor(dc->num[rows[i]]) : NAN;
	}
	ols_fit(&fit, x, n, p, y, 1);
	o->n = n;
	o->p = p;
	o->terms = arena_calloc(a, p, sizeof *o->terms);
	o->terms[0] = "(intercept)";
	for (size_t j = 0; j < k; j++)
		o->terms[j + 1] = r->drivers[j];
	o->coef = dup_arr(a, fit.coef, p);
	o->se = dup_arr(a, fit.se, p);
	o->t = dup_arr(a, fit.t, p);
	o->pval = dup_arr(a, fit.p_value, p);
	o->actual = dup_arr(a, y, n);
	o->fitted = dup_arr(a, fit.fitted, n);
	o->r2 = fit.r2;
	o->adj_r2 = fit.adj_r2;
	o->rmse = fit.rmse;
	o->sigma2 = fit.sigma2;
	o->df_resid = fit.df_resid;
	o->f_stat = fit.f_stat;
	o->f_p = fit.f_p;
	if (fit.rank < p && ctx)
		analysis_note(ctx, "forecast: the drivers are collinear (rank %zu of %zu terms); aliased "
		              "coefficients are 0", fit.rank, p);
	/* what-if: planned weeks after the last row */
	o->horizon = cJSON_IsNumber(hz) ? (size_t)hz->valuedouble : 8;
	o->week = arena_calloc(a, o->horizon, sizeof *o->week);
	o->x = arena_calloc(a, o->horizon * (k ? k : 1), sizeof *o->x);
	o->value = arena_calloc(a, o->horizon, sizeof *o->value);
	o->lower = arena_calloc(a, o->horizon, sizeof *o->lower);
	o->upper = arena_calloc(a, o->horizon, sizeof *o->upper);
	tq = o->df_resid > 0 ? special_t_quantile(0.975, o->df_resid) : NAN;
	{
		size_t last = n < 4 ? n : 4;
		double *base = xcalloc(k + 1, sizeof *base), *x0 = xmalloc(p * sizeof *x0);
		for (size_t j = 0; j < k; j++) {
			for (size_t i = n - last; i < n; i++)
				base[j] += x[i * p + 1 + j];
			base[j] /= (double)last;
		}
		for (size_t h = 0; h < o->horizon; h++) {
			double v = 0, q = 0;
			o->week[h] = o->date[n - 1] + 7.0 * (double)(h + 1);
			x0[0] = 1;
			for (size_t j = 0; j < k; j++) {
				double pv = plan ? plan_value(plan, r->drivers[j], h) : NAN;
				x0[j + 1] = isfinite(pv) ? pv : base[j];
				o->x[h * k + j] = x0[j + 1];
			}
			ols_predict(&fit, x0, 1, &v);
			for (size_t i = 0; i < p; i++)
				for (size_t j = 0; j < p; j++)
					if (isfinite(fit.cov[i * p + j]))
						q += x0[i] * fit.cov[i * p + j] * x0[j];
			o->value[h] = v;
			o->lower[h] = v - tq * sqrt(o->sigma2 + q);
			o->upper[h] = v + tq * sqrt(o->sigma2 + q);
		}
		free(base);
		free(x0);
	}
	ols_finish(&fit);
	free(x);
	free(y);
	free(rows);
	r->has_ols = 1;
	return 0;
}

int
forecast_holt_compute(struct arena *a, const struct table *o, double as_of, size_t horizon,
                      struct analysis_ctx *ctx, struct forecast_result *r)
{
	const struct table_column *dc = table_column_find(o, "date"), *am = table_column_find(o, "amount");
	struct forecast_holt *h = &r->holt;
	double dmin = INFINITY, *sum;
	size_t w;
	struct holt_fit fit;
	if (!dc || !am || am->type != TABLE_NUM) {
		if (ctx)
			analysis_note(ctx, "revenue forecast skipped: orders has no date and amount");
		return -1;
	}
	as_of = floor(as_of);
	for (size_t i = 0; i < o->nrows; i++)
		if (isfinite(dc->num[i]) && floor(dc->num[i]) < dmin)
			dmin = floor(dc->num[i]);
	w = isfinite(dmin) && as_of >= dmin ? (size_t)floor((as_of - dmin + 1) / 7) : 0;
	if (w > FORECAST_MAX_WEEKS)
		w = FORECAST_MAX_WEEKS;
	if (w < FORECAST_MIN_WEEKS) {
		if (ctx)
			analysis_note(ctx, "revenue forecast skipped: %zu complete weeks of orders up to as_of "
			              "(%d needed)", w, FORECAST_MIN_WEEKS);
		return -1;
	}
	/* sum[i]: week i back from as_of (0 = the week ending on as_of) */
	sum = xcalloc(w, sizeof *sum);
	for (size_t i = 0; i < o->nrows; i++) {
		double d = floor(dc->num[i]), v = am->num[i], back;
		if (!isfinite(d) || !isfinite(v) || d > as_of)
			continue;
		back = floor((as_of - d) / 7);
		if (back < (double)w)
			sum[(size_t)back] += v;
	}
	h->n = w;
	h->week = arena_calloc(a, w, sizeof *h->week);
	h->value = arena_calloc(a, w, sizeof *h->value);
	for (size_t i = 0; i < w; i++) {
		h->week[i] = as_of - 7.0 * (double)(w - 1 - i);
		h->value[i] = sum[w - 1 - i];
	}
	free(sum);
	holt_fit_optimal(a, h->value, w, &fit);
	h->fitted = fit.fitted;
	h->alpha = fit.alpha;
	h->beta = fit.beta;
	h->sse = fit.sse;
	h->sigma2 = fit.sigma2;
	h->horizon = horizon;
	h->f_week = arena_calloc(a, horizon, sizeof *h->f_week);
	h->mean = arena_calloc(a, horizon, sizeof *h->mean);
	h->lower = arena_calloc(a, horizon, sizeof *h->lower);
	h->upper = arena_calloc(a, horizon, sizeof *h->upper);
	holt_forecast(&fit, horizon, h->mean, h->lower, h->upper);
	for (size_t k = 0; k < horizon; k++)
		h->f_week[k] = as_of + 7.0 * (double)(k + 1);
	r->has_holt = 1;
	return 0;
}

/* ---- report model ---- */

static cJSON *
num_or_null(double v)
{
	return isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull();
}

static void
add_date(cJSON *o, const char *key, double days)
{
	char s[16];
	if (isfinite(days))
		cJSON_AddStringToObject(o, key, date_format_iso(days, s));
	else
		cJSON_AddNullToObject(o, key);
}

static cJSON *
date_str(double days)
{
	char s[16];
	return isfinite(days) ? cJSON_CreateString(date_format_iso(days, s)) : cJSON_CreateNull();
}

static cJSON *
point(double x_days, double y)
{
	cJSON *p = cJSON_CreateArray();
	cJSON_AddItemToArray(p, date_str(x_days));
	cJSON_AddItemToArray(p, cJSON_CreateNumber(y));
	return p;
}

static void
ols_charts(const struct forecast_result *r, enum locale locale, cJSON *charts)
{
	const struct forecast_ols *o = &r->ols;
	int z = (locale == LOCALE_ZH_CN), dated = o->n && isfinite(o->date[0]);
	cJSON *c, *cats, *s, *vals, *ser, *pts;
	c = cJSON_AddObjectToObject(charts, "forecast_coefficients");
	cJSON_AddStringToObject(c, "type", "hbar");
	cJSON_AddStringToObject(c, "title", z ? "驱动因素系数" : "Driver coefficients");
	cJSON_AddBoolToObject(c, "signed", 1);
	cats = cJSON_AddArrayToObject(cJSON_AddObjectToObject(c, "x"), "categories");
	s = cJSON_CreateObject();
	cJSON_AddStringToObject(s, "name", z ? "系数" : "Coefficient");
	vals = cJSON_AddArrayToObject(s, "values");
	for (size_t j = 1; j < o->p; j++) {
		cJSON_AddItemToArray(cats, cJSON_CreateString(o->terms[j]));
		cJSON_AddItemToArray(vals, num_or_null(o->coef[j]));
	}
	cJSON_AddItemToArray(cJSON_AddArrayToObject(c, "series"), s);
	/* actual vs fitted over time (or row number), then the what-if weeks */
	c = cJSON_AddObjectToObject(charts, "forecast_fit");
	cJSON_AddStringToObject(c, "type", "band");
	cJSON_AddStringToObject(c, "title", z ? "实际值与拟合值" : "Actual and fitted");
	if (dated)
		cJSON_AddStringToObject(cJSON_AddObjectToObject(c, "x"), "type", "date");
	ser = cJSON_AddArrayToObject(c, "series");
	for (int which = 0; which < 2; which++) {
		s = cJSON_CreateObject();
		cJSON_AddStringToObject(s, "name", which ? (z ? "拟合" : "Fitted") : (z ? "实际" : "Actual"));
		pts = cJSON_AddArrayToObject(s, "points");
		for (size_t i = 0; i < o->n; i++) {
			double yv = which ? o->fitted[i] : o->actual[i];
			if (dated)
				cJSON_AddItemToArray(pts, point(o->date[i], yv));
			else {
				cJSON *p = cJSON_CreateArray();
				cJSON_AddItemToArray(p, cJSON_CreateNumber((double)(i + 1)));
				cJSON_AddItemToArray(p, cJSON_CreateNumber(yv));
				cJSON_AddItemToArray(pts, p);
			}
		}
		cJSON_AddItemToArray(ser, s);
	}
	if (dated && o->horizon) {
		cJSON *lo, *hi;
		s = cJSON_CreateObject();
		cJSON_AddStringToObject(s, "name", z ? "情景预测" : "What-if");
		pts = cJSON_AddArrayToObject(s, "points");
		lo = cJSON_AddArrayToObject(s, "lower");
		hi = cJSON_AddArrayToObject(s, "upper");
		for (size_t h = 0; h < o->horizon; h++) {
			cJSON_AddItemToArray(pts, point(o->week[h], o->value[h]));
			cJSON_AddItemToArray(lo, num_or_null(o->lower[h]));
			cJSON_AddItemToArray(hi, num_or_null(o->upper[h]));
		}
		cJSON_AddItemToArray(ser, s);
	}
}

static void
holt_chart(const struct forecast_result *r, enum locale locale, cJSON *charts)
{
	const struct forecast_holt *h = &r->holt;
	int z = (locale == LOCALE_ZH_CN);
	cJSON *c = cJSON_AddObjectToObject(charts, "forecast_revenue"), *ser, *s, *pts, *lo, *hi, *y;
	cJSON_AddStringToObject(c, "type", "band");
	cJSON_AddStringToObject(c, "title", z ? "周收入预测（Holt）" : "Weekly revenue forecast (Holt)");
	cJSON_AddStringToObject(cJSON_AddObjectToObject(c, "x"), "type", "date");
	y = cJSON_AddObjectToObject(c, "y");
	cJSON_AddStringToObject(y, "format", "currency");
	ser = cJSON_AddArrayToObject(c, "series");
	s = cJSON_CreateObject();
	cJSON_AddStringToObject(s, "name", z ? "收入" : "Revenue");
	pts = cJSON_AddArrayToObject(s, "points");
	for (size_t i = 0; i < h->n; i++)
		cJSON_AddItemToArray(pts, point(h->week[i], h->value[i]));
	cJSON_AddItemToArray(ser, s);
	s = cJSON_CreateObject();
	cJSON_AddStringToObject(s, "name", z ? "预测（95% 区间）" : "Forecast (95% interval)");
	pts = cJSON_AddArrayToObject(s, "points");
	lo = cJSON_AddArrayToObject(s, "lower");
	hi = cJSON_AddArrayToObject(s, "upper");
	for (size_t k = 0; k < h->horizon; k++) {
		cJSON_AddItemToArray(pts, point(h->f_week[k], h->mean[k]));
		cJSON_AddItemToArray(lo, num_or_null(h->lower[k]));
		cJSON_AddItemToArray(hi, num_or_null(h->upper[k]));
	}
	cJSON_AddItemToArray(ser, s);
}

cJSON *
forecast_to_model(const struct forecast_result *r, enum locale locale, const char *currency,
                  cJSON *charts)
{
	cJSON *root = cJSON_CreateObject(), *arr;
	if (r->has_ols) {
		const struct forecast_ols *o = &r->ols;
		cJSON *ols, *c, *se, *t, *p;
		cJSON_AddStringToObject(root, "target", r->target);
		arr = cJSON_AddArrayToObject(root, "drivers");
		for (size_t j = 0; j < r->ndrivers; j++)
			cJSON_AddItemToArray(arr, cJSON_CreateString(r->drivers[j]));
		ols = cJSON_AddObjectToObject(root, "ols");
		cJSON_AddNumberToObject(ols, "n", (double)o->n);
		c = cJSON_AddObjectToObject(ols, "coefficients");
		se = cJSON_AddObjectToObject(ols, "std_errors");
		t = cJSON_AddObjectToObject(ols, "t");
		p = cJSON_AddObjectToObject(ols, "p");
		for (size_t j = 0; j < o->p; j++) {
			cJSON_AddItemToObject(c, o->terms[j], num_or_null(o->coef[j]));
			cJSON_AddItemToObject(se, o->terms[j], num_or_null(o->se[j]));
			cJSON_AddItemToObject(t, o->terms[j], num_or_null(o->t[j]));
			cJSON_AddItemToObject(p, o->terms[j], num_or_null(o->pval[j]));
		}
		modelfmt_add(ols, "r2", o->r2, "number", 3, locale, currency);
		modelfmt_add(ols, "adj_r2", o->adj_r2, "number", 3, locale, currency);
		modelfmt_add(ols, "rmse", o->rmse, "number", 2, locale, currency);
		modelfmt_add(ols, "f_statistic", o->f_stat, "number", 1, locale, currency);
		cJSON_AddItemToObject(ols, "f_p", num_or_null(o->f_p));
		/* one row per term for the coefficient table */
		arr = cJSON_AddArrayToObject(ols, "table");
		for (size_t j = 0; j < o->p; j++) {
			cJSON *e = cJSON_CreateObject();
			cJSON_AddStringToObject(e, "term", o->terms[j]);
			modelfmt_add(e, "coefficient", o->coef[j], "number", 4, locale, currency);
			modelfmt_add(e, "std_error", o->se[j], "number", 4, locale, currency);
			modelfmt_add(e, "t", o->t[j], "number", 2, locale, currency);
			modelfmt_add(e, "p", o->pval[j], "number", 4, locale, currency);
			if (o->pval[j] < 0.0001)
				cJSON_ReplaceItemInObject(e, "p_fmt", cJSON_CreateString("<0.0001"));
			cJSON_AddItemToArray(arr, e);
		}
		arr = cJSON_AddArrayToObject(root, "whatif");
		for (size_t h = 0; h < o->horizon; h++) {
			cJSON *e = cJSON_CreateObject(), *d;
			struct buf b;
			add_date(e, "week", o->week[h]);
			buf_init(&b);
			if (isfinite(o->week[h]))
				fmt_date(&b, (long)o->week[h], FMT_DATE_SHORT, locale);
			cJSON_AddStringToObject(e, "week_fmt", buf_str(&b));
			buf_release(&b);
			d = cJSON_AddObjectToObject(e, "drivers");
			for (size_t j = 0; j < r->ndrivers; j++)
				cJSON_AddNumberToObject(d, r->drivers[j], o->x[h * r->ndrivers + j]);
			modelfmt_add(e, "value", o->value[h], "number", 2, locale, currency);
			modelfmt_add(e, "lower", o->lower[h], "number", 2, locale, currency);
			modelfmt_add(e, "upper", o->upper[h], "number", 2, locale, currency);
			cJSON_AddItemToArray(arr, e);
		}
	}
	if (r->has_holt) {
		const struct forecast_holt *h = &r->holt;
		cJSON *ho = cJSON_AddObjectToObject(root, "holt");
		modelfmt_add(ho, "alpha", h->alpha, "number", 3, locale, currency);
		modelfmt_add(ho, "beta", h->beta, "number", 3, locale, currency);
		cJSON_AddItemToObject(ho, "sse", num_or_null(h->sse));
		cJSON_AddNumberToObject(ho, "weeks", (double)h->n);
		arr = cJSON_AddArrayToObject(ho, "history");
		for (size_t i = 0; i < h->n; i++) {
			cJSON *e = cJSON_CreateObject();
			add_date(e, "week", h->week[i]);
			modelfmt_add(e, "value", h->value[i], "currency", -1, locale, currency);
			modelfmt_add(e, "fitted", h->fitted[i], "currency", -1, locale, currency);
			cJSON_AddItemToArray(arr, e);
		}
		arr = cJSON_AddArrayToObject(ho, "forecast");
		for (size_t k = 0; k < h->horizon; k++) {
			cJSON *e = cJSON_CreateObject();
			struct buf b;
			add_date(e, "week", h->f_week[k]);
			buf_init(&b);
			fmt_date(&b, (long)h->f_week[k], FMT_DATE_SHORT, locale);
			cJSON_AddStringToObject(e, "week_fmt", buf_str(&b));
			buf_release(&b);
			modelfmt_add(e, "value", h->mean[k], "currency", -1, locale, currency);
			modelfmt_add(e, "lower", h->lower[k], "currency", -1, locale, currency);
			modelfmt_add(e, "upper", h->upper[k], "currency", -1, locale, currency);
			cJSON_AddItemToArray(arr, e);
		}
	}
	if (charts && r->has_ols)
		ols_charts(r, locale, charts);
	if (charts && r->has_holt)
		holt_chart(r, locale, charts);
	return root;
}

cJSON *
forecast_run(struct analysis_ctx *ctx, const cJSON *params)
{
	const struct dataset *mk = ctx->datasets[PROJECT_MARKETING], *od = ctx->datasets[PROJECT_ORDERS];
	const cJSON *hz = params ? cJSON_GetObjectItemCaseSensitive(params, "horizon") : NULL;
	struct forecast_result *r = arena_calloc(ctx->a, 1, sizeof *r);
	size_t horizon = cJSON_IsNumber(hz) ? (size_t)hz->valuedouble : 8;
	cJSON *charts;
	if (!mk && !od) {
		analysis_note(ctx, "forecast skipped: no 'marketing' or 'orders' dataset");
		return NULL;
	}
	if (mk)
		forecast_ols_compute(ctx->a, mk->table, mk->spec, params, ctx, r);
	else
		analysis_note(ctx, "forecast model skipped: no 'marketing' dataset");
	if (od)
		forecast_holt_compute(ctx->a, od->table, ctx->as_of, horizon, ctx, r);
	else
		analysis_note(ctx, "revenue forecast skipped: no 'orders' dataset");
	if (!r->has_ols && !r->has_holt)
		return NULL;
	ctx->forecast = r;
	charts = cJSON_GetObjectItemCaseSensitive(ctx->results, "charts");
	if (!charts && ctx->results)
		charts = cJSON_AddObjectToObject(ctx->results, "charts");
	return forecast_to_model(r, ctx->project->locale, ctx->project->currency, charts);
}

static const struct jsoncheck_param params[] = {
	{ "target", JSONCHECK_STR, NULL, 0, 0, "the marketing target field",
	  "what the drivers explain" },
	{ "drivers", JSONCHECK_STRS, NULL, 0, 0, "every other numeric column but the date",
	  "regressors" },
	{ "horizon", JSONCHECK_INT, NULL, 1, 520, "8",
	  "weeks ahead" },
	{ "plan", JSONCHECK_OBJ_OR_ARRAY, NULL, 0, 0, "the mean of the last 4 weeks",
	  "future driver values: {driver: number or [per week]} or [{driver: value}, ...] per week, the last entry repeating" },
};

const struct analysis forecast_analysis = {
	.key = "forecast",
	.doc = "OLS of the marketing target on its drivers with a what-if plan, and Holt's linear-trend forecast of weekly revenue",
	.needs = 0,
	.data = "marketing: date, target and the driver columns; orders: date, amount",
	.params = params,
	.nparams = sizeof params / sizeof params[0],
	.run = forecast_run,
};
