/* SPDX-License-Identifier: MIT
 * clv: per-customer annual value and discounted lifetime value from custagg, the
 * churn rate from customers.churned or lifecycle's rule, totals, the distribution by
 * RFM segment and the top customers (named from customers when it has names). */
#include "analysis/clv.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/lifecycle.h"
#include "analysis/rfm.h"

void
clv_params_parse(const cJSON *params, struct clv_params *p)
{
	const cJSON *j;
	p->horizon_years = 5;
	p->discount_rate = 0.10;
	p->margin = 1.0;
	if ((j = cJSON_GetObjectItemCaseSensitive(params, "horizon_years")) && cJSON_IsNumber(j))
		p->horizon_years = j->valuedouble;
	if ((j = cJSON_GetObjectItemCaseSensitive(params, "discount_rate")) && cJSON_IsNumber(j))
		p->discount_rate = j->valuedouble;
	if ((j = cJSON_GetObjectItemCaseSensitive(params, "margin")) && cJSON_IsNumber(j))
		p->margin = j->valuedouble;
}

double
clv_factor(double r, const struct clv_params *p)
{
	double f = 0, rt = 1, dt = 1, T = p->horizon_years;
	int t;
	for (t = 1; t <= (int)floor(T); t++) {
		dt *= 1 + p->discount_rate;
		f += rt / dt;
		rt *= r;
	}
	if (T > floor(T)) {
		dt *= 1 + p->discount_rate;
		f += (T - floor(T)) * rt / dt;
	}
	return f;
}

double
clv_churn_rate(const struct custagg *ca, const struct table *cust, double churn_days,
               enum clv_churn_source *source)
{
	const struct table_column *fl = cust ? table_column_find(cust, "churned") : NULL;
	size_t n = 0, k = 0;
	if (fl && fl->type != TABLE_TEXT) {
		for (size_t i = 0; i < cust->nrows; i++)
			if (fl->num[i] == fl->num[i]) {
				n++;
				k += fl->num[i] == 1;
			}
		if (n) {
			*source = CLV_CHURN_FLAG;
			return (double)k / (double)n;
		}
	}
	*source = CLV_CHURN_LIFECYCLE;
	for (size_t i = 0; i < ca->nactive; i++) {
		int32_t c = ca->active[i];
		n++;
		k += ca->as_of - ca->last[c] > churn_days;
	}
	return n ? (double)k / (double)n : 0;
}

struct clv_result *
clv_compute(struct arena *a, const struct custagg *ca, const struct clv_params *p, double churn_rate,
            enum clv_churn_source source, size_t top)
{
	struct clv_result *r = arena_calloc(a, 1, sizeof *r);
	size_t n = ca->nactive;
	double *tmp = xmalloc((n + 1) * sizeof *tmp);
	size_t keep = top < n ? top : n, nt = 0;
	r->p = *p;
	r->ca = ca;
	r->churn_rate = churn_rate;
	r->retention = 1 - churn_rate;
	r->factor = clv_factor(r->retention, p);
	r->source = source;
	r->annual = arena_alloc(a, (ca->n + 1) * sizeof *r->annual);
	r->clv = arena_alloc(a, (ca->n + 1) * sizeof *r->clv);
	for (size_t c = 0; c < ca->n; c++)
		r->annual[c] = r->clv[c] = NAN;
	r->top = arena_alloc(a, (keep + 1) * sizeof *r->top);
	for (size_t i = 0; i < n; i++) {
		int32_t c = ca->active[i];
		double tenure = ca->as_of - ca->first[c];
		double aov = ca->monetary[c] / ca->orders[c];
		double per_year = ca->orders[c] * 365.0 / (tenure > 30 ? tenure : 30);
		r->annual[c] = aov * per_year * p->margin;
		r->clv[c] = r->annual[c] * r->factor;
		r->total += r->clv[c];
		tmp[i] = r->clv[c];
		/* top list by insertion: strictly greater moves up, so ties keep id order */
		if (keep && (nt < keep || r->clv[c] > r->clv[r->top[nt - 1]])) {
			size_t j = nt < keep ? nt++ : keep - 1;
			while (j > 0 && r->clv[c] > r->clv[r->top[j - 1]]) {
				r->top[j] = r->top[j - 1];
				j--;
			}
			r->top[j] = c;
		}
	}
	r->n = n;
	r->mean = n ? r->total / (double)n : NAN;
	r->median = custagg_median(tmp, n);
	r->ntop = nt;
	free(tmp);
	return r;
}

cJSON *
clv_model(const struct clv_result *r, struct analysis_ctx *ctx)
{
	const struct custagg *ca = r->ca;
	const struct rfm_result *rfm = ctx->rfm;
	const struct table *cust = analysis_table_of(ctx, PROJECT_CUSTOMERS);
	const struct table_column *nm = cust ? table_column_find(cust, "name") : NULL;
	int32_t *row_of = NULL;
	cJSON *o = cJSON_CreateObject(), *pa, *arr;
	int zh = project_locale(ctx->project) == LOCALE_ZH_CN;
	pa = cJSON_AddObjectToObject(o, "parameters");
	cJSON_AddNumberToObject(pa, "horizon_years", r->p.horizon_years);
	cJSON_AddNumberToObject(pa, "discount_rate", r->p.discount_rate);
	cJSON_AddNumberToObject(pa, "margin", r->p.margin);
	custagg_add_num(o, "churn_rate", r->churn_rate, "percent", ctx);
	cJSON_AddStringToObject(o, "churn_source", r->source == CLV_CHURN_FLAG ? "customers.churned" : "lifecycle");
	custagg_add_num(o, "retention", r->retention, "percent", ctx);
	cJSON_AddNumberToObject(o, "factor", r->factor);
	custagg_add_num(o, "customers", (double)r->n, "integer", ctx);
	custagg_add_num(o, "total", r->total, "money", ctx);
	custagg_add_num(o, "mean", r->mean, "money", ctx);
	custagg_add_num(o, "median", r->median, "money", ctx);
	if (rfm) {
		cJSON *ch, *ax, *cats, *ser, *s1, *vals;
		double tot[RFM_MAX_SEGMENTS] = { 0 };
		size_t cnt[RFM_MAX_SEGMENTS] = { 0 };
		for (size_t i = 0; i < ca->nactive; i++) {
			int32_t c = ca->active[i];
			if (rfm->segment[c] >= 0) {
				tot[rfm->segment[c]] += r->clv[c];
				cnt[rfm->segment[c]]++;
			}
		}
		arr = cJSON_AddArrayToObject(o, "by_segment");
		ch = custagg_chart(ctx, "clv_segments");
		cJSON_AddStringToObject(ch, "type", "hbar");
		cJSON_AddStringToObject(ch, "title", zh ? "\xe5\x90\x84\xe7\xbb\x86\xe5\x88\x86\xe7\x9a\x84\xe5\xb9\xb3\xe5\x9d\x87\xe5\xae\xa2\xe6\x88\xb7\xe7\x94\x9f\xe5\x91\xbd\xe5\x91\xa8\xe6\x9c\x9f\xe4\xbb\xb7\xe5\x80\xbc"
		                                        : "Average CLV by RFM segment");
		ax = cJSON_AddObjectToObject(ch, "x");
		cats = cJSON_AddArrayToObject(ax, "categories");
		ax = cJSON_AddObjectToObject(ch, "y");
		cJSON_AddStringToObject(ax, "format", "currency");
		ser = cJSON_AddArrayToObject(ch, "series");
		s1 = cJSON_CreateObject();
		cJSON_AddStringToObject(s1, "name", "CLV");
		vals = cJSON_AddArrayToObject(s1, "values");
		cJSON_AddItemToArray(ser, s1);
		for (size_t s = 0; s < rfm->nseg; s++) {
			cJSON *e = cJSON_CreateObject();
			double mean = cnt[s] ? tot[s] / (double)cnt[s] : NAN;
			cJSON_AddStringToObject(e, "key", rfm->seg[s].key);
			cJSON_AddStringToObject(e, "name", rfm->seg[s].name);
			custagg_add_num(e, "customers", (double)cnt[s], "integer", ctx);
			custagg_add_num(e, "total", tot[s], "money", ctx);
			custagg_add_num(e, "mean", mean, "money", ctx);
			custagg_add_num(e, "share", r->total > 0 ? tot[s] / r->total : NAN, "percent", ctx);
			cJSON_AddItemToArray(arr, e);
			cJSON_AddItemToArray(cats, cJSON_CreateString(rfm->seg[s].name));
			cJSON_AddItemToArray(vals, isfinite(mean) ? cJSON_CreateNumber(mean) : cJSON_CreateNull());
		}
	}
	if (nm && nm->type == TABLE_TEXT) {
		int32_t *map = custagg_map_rows(ctx->a, ca, cust);
		row_of = xmalloc((ca->n + 1) * sizeof *row_of);
		for (size_t c = 0; c < ca->n; c++)
			row_of[c] = -1;
		for (size_t i = cust->nrows; i-- > 0;)   /* the first row of an id wins */
			if (map[i] >= 0)
				row_of[map[i]] = (int32_t)i;
	}
	arr = cJSON_AddArrayToObject(o, "top");
	for (size_t i = 0; i < r->ntop; i++) {
		int32_t c = r->top[i];
		cJSON *e = cJSON_CreateObject();
		const char *name = row_of && row_of[c] >= 0 ? table_text(nm, (size_t)row_of[c]) : NULL;
		cJSON_AddNumberToObject(e, "rank", (double)(i + 1));
		cJSON_AddStringToObject(e, "id", ca->ids[c]);
		cJSON_AddStringToObject(e, "name", name ? name : ca->ids[c]);
		custagg_add_num(e, "clv", r->clv[c], "money", ctx);
		custagg_add_num(e, "annual_value", r->annual[c], "money", ctx);
		custagg_add_num(e, "orders", ca->orders[c], "integer", ctx);
		custagg_add_num(e, "monetary", ca->monetary[c], "money", ctx);
		cJSON_AddStringToObject(e, "segment", rfm && rfm->segment[c] >= 0 ? rfm->seg[rfm->segment[c]].name : "");
		cJSON_AddItemToArray(arr, e);
	}
	free(row_of);
	return o;
}

cJSON *
clv_run(struct analysis_ctx *ctx, const cJSON *params)
{
	struct clv_params p;
	const struct custagg *ca = custagg_get(ctx);
	const struct table *cust = analysis_table_of(ctx, PROJECT_CUSTOMERS);
	enum clv_churn_source src;
	double churn;
	struct clv_result *r;
	if (!ca) {
		analysis_note(ctx, "clv skipped: orders has no customer, date or amount field");
		return NULL;
	}
	clv_params_parse(params, &p);
	churn = clv_churn_rate(ca, cust, ctx->lifecycle ? ctx->lifecycle->p.churn_days : 365, &src);
	if (src == CLV_CHURN_LIFECYCLE)
		analysis_note(ctx, "clv: churn rate from lifecycle (no order for %g days), no customers.churned values",
		              ctx->lifecycle ? ctx->lifecycle->p.churn_days : 365.0);
	r = clv_compute(ctx->a, ca, &p, churn, src, 25);
	ctx->clv = r;
	return clv_model(r, ctx);
}

static const struct jsoncheck_param params[] = {
	{ "horizon_years", JSONCHECK_NUM, NULL, 1e-9, 100, "5",
	  "years T summed over" },
	{ "discount_rate", JSONCHECK_NUM, NULL, 0, 10, "0.10",
	  "yearly discount rate d" },
	{ "margin", JSONCHECK_NUM, NULL, 0, 1e6, "1.0",
	  "gross margin applied to revenue" },
};

const struct analysis clv_analysis = {
	.key = "clv",
	.doc = "customer lifetime value: annual value x retention, discounted over the horizon",
	.needs = ANALYSIS_ROLE(PROJECT_ORDERS),
	.data = "orders: customer, date, amount, order; customers: churned (for the retention rate)",
	.params = params,
	.nparams = sizeof params / sizeof params[0],
	.run = clv_run,
};
