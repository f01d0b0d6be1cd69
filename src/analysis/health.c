/* SPDX-License-Identifier: MIT
 * health: percentile-normalised value and loyalty, min-max satisfaction, weighted
 * into a 0-100 score per customer; summary, bands, per-segment means and a histogram. */
#include "analysis/health.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/rfm.h"
#include "stats/rsort.h"

int
health_params_parse(struct arena *a, const cJSON *params, struct health_weights *w, const char **err)
{
	const cJSON *ws = cJSON_GetObjectItemCaseSensitive(params, "weights");
	w->value = 0.4;
	w->satisfaction = 0.3;
	w->loyalty = 0.3;
	*err = NULL;
	if (!ws)
		return 0;
	for (const cJSON *j = ws->child; j; j = j->next) {
		double *dst = !strcmp(j->string, "value") ? &w->value :
		              !strcmp(j->string, "satisfaction") ? &w->satisfaction :
		              !strcmp(j->string, "loyalty") ? &w->loyalty : NULL;
		if (!dst) {
			*err = arena_printf(a, "analysis 'health': 'weights': unknown component '%s' "
			                    "(expected value, satisfaction, loyalty)", j->string);
			return -1;
		}
		if (!cJSON_IsNumber(j) || !(j->valuedouble >= 0) || !isfinite(j->valuedouble)) {
			*err = arena_printf(a, "analysis 'health': 'weights': '%s': expected a number >= 0", j->string);
			return -1;
		}
		*dst = j->valuedouble;
	}
	if (w->value + w->satisfaction + w->loyalty <= 0) {
		*err = arena_printf(a, "analysis 'health': 'weights': at least one weight must be positive");
		return -1;
	}
	return 0;
}

void
health_percentile(const double *v, size_t n, double *out)
{
	uint64_t *key = xmalloc((n + 1) * sizeof *key);
	uint32_t *ord = xmalloc((n + 1) * sizeof *ord);
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		out[i] = NAN;
		if (v[i] == v[i]) {
			key[m] = rsort_dkey(v[i]);
			ord[m++] = (uint32_t)i;
		}
	}
	rsort_pairs(key, ord, m);
	for (size_t i = 0; i < m;) {
		size_t j = i;
		double p;
		while (j < m && key[j] == key[i])
			j++;
		/* positions i..j-1 (0-based) share the average (i + j - 1) / 2 */
		p = m > 1 ? ((double)(i + j - 1) / 2.0) / (double)(m - 1) : 1.0;
		for (size_t t = i; t < j; t++)
			out[ord[t]] = p;
		i = j;
	}
	free(key);
	free(ord);
}

struct health_result *
health_compute(struct arena *a, const struct custagg *ca, const double *sat, const struct health_weights *w)
{
	struct health_result *r = arena_calloc(a, 1, sizeof *r);
	size_t n = ca->nactive, N = ca->n + 1;
	double *v = xmalloc((n + 1) * sizeof *v), *p1 = xmalloc((n + 1) * sizeof *p1);
	double *p2 = xmalloc((n + 1) * sizeof *p2), smin = INFINITY, smax = -INFINITY, sum = 0;
	size_t scored = 0;
	r->w = *w;
	r->ca = ca;
	r->n = n;
	r->score = arena_alloc(a, N * sizeof(double));
	r->value = arena_alloc(a, N * sizeof(double));
	r->satisfaction = arena_alloc(a, N * sizeof(double));
	r->loyalty = arena_alloc(a, N * sizeof(double));
	for (size_t c = 0; c < ca->n; c++)
		r->score[c] = r->value[c] = r->satisfaction[c] = r->loyalty[c] = NAN;
	for (size_t i = 0; i < n; i++)
		v[i] = ca->monetary[ca->active[i]];
	health_percentile(v, n, p1);
	for (size_t i = 0; i < n; i++)
		r->value[ca->active[i]] = p1[i];
	for (size_t i = 0; i < n; i++)
		v[i] = ca->as_of - ca->first[ca->active[i]];
	health_percentile(v, n, p1);
	for (size_t i = 0; i < n; i++)
		v[i] = ca->orders[ca->active[i]];
	health_percentile(v, n, p2);
	for (size_t i = 0; i < n; i++)
		r->loyalty[ca->active[i]] = (p1[i] + p2[i]) / 2;
	if (sat)
		for (size_t i = 0; i < n; i++) {
			double s = sat[ca->active[i]];
			if (s == s) {
				smin = s < smin ? s : smin;
				smax = s > smax ? s : smax;
			}
		}
	for (size_t i = 0; i < n; i++) {
		int32_t c = ca->active[i];
		double s = sat ? sat[c] : NAN, num, den;
		if (s == s) {
			r->satisfaction[c] = smax > smin ? (s - smin) / (smax - smin) : 1.0;
			r->with_satisfaction++;
		}
		num = w->value * r->value[c] + w->loyalty * r->loyalty[c];
		den = w->value + w->loyalty;
		if (r->satisfaction[c] == r->satisfaction[c]) {
			num += w->satisfaction * r->satisfaction[c];
			den += w->satisfaction;
		}
		r->score[c] = den > 0 ? 100 * num / den : NAN;
		if (r->score[c] == r->score[c]) {
			int b = (int)(r->score[c] / 10);
			r->hist[b > 9 ? 9 : b < 0 ? 0 : b]++;
			r->bands[r->score[c] >= 70 ? HEALTH_HEALTHY : r->score[c] >= 40 ? HEALTH_WATCH : HEALTH_AT_RISK]++;
			sum += r->score[c];
			v[scored++] = r->score[c];
		}
	}
	r->mean = scored ? sum / (double)scored : NAN;
	r->median = custagg_median(v, scored);
	free(v);
	free(p1);
	free(p2);
	return r;
}

cJSON *
health_model(const struct health_result *r, struct analysis_ctx *ctx)
{
	static const char *const keys[3] = { "at_risk", "watch", "healthy" };
	static const char *const en[3] = { "At risk (< 40)", "Watch (40-70)", "Healthy (>= 70)" };
	static const char *const zh[3] = {
		"\xe6\x9c\x89\xe9\xa3\x8e\xe9\x99\xa9 (< 40)", "\xe9\x9c\x80\xe5\x85\xb3\xe6\xb3\xa8 (40-70)",
		"\xe5\x81\xa5\xe5\xba\xb7 (>= 70)",
	};
	const struct custagg *ca = r->ca;
	cJSON *o = cJSON_CreateObject(), *wo, *arr, *ch, *ax, *cats, *ser, *s1, *vals;
	int z = project_locale(ctx->project) == LOCALE_ZH_CN;
	wo = cJSON_AddObjectToObject(o, "weights");
	cJSON_AddNumberToObject(wo, "value", r->w.value);
	cJSON_AddNumberToObject(wo, "satisfaction", r->w.satisfaction);
	cJSON_AddNumberToObject(wo, "loyalty", r->w.loyalty);
	cJSON_AddStringToObject(o, "normalisation", "percentile");
	custagg_add_num(o, "customers", (double)r->n, "integer", ctx);
	custagg_add_num(o, "with_satisfaction", (double)r->with_satisfaction, "integer", ctx);
	custagg_add_num(o, "mean", r->mean, "number", ctx);
	custagg_add_num(o, "median", r->median, "number", ctx);
	arr = cJSON_AddArrayToObject(o, "bands");
	for (int b = 2; b >= 0; b--) {
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "key", keys[b]);
		cJSON_AddStringToObject(e, "name", z ? zh[b] : en[b]);
		custagg_add_num(e, "customers", (double)r->bands[b], "integer", ctx);
		custagg_add_num(e, "share", r->n ? (double)r->bands[b] / (double)r->n : NAN, "percent", ctx);
		cJSON_AddItemToArray(arr, e);
	}
	if (ctx->rfm) {
		const struct rfm_result *rfm = ctx->rfm;
		double tot[RFM_MAX_SEGMENTS] = { 0 };
		size_t cnt[RFM_MAX_SEGMENTS] = { 0 };
		for (size_t i = 0; i < ca->nactive; i++) {
			int32_t c = ca->active[i];
			if (rfm->segment[c] >= 0 && r->score[c] == r->score[c]) {
				tot[rfm->segment[c]] += r->score[c];
				cnt[rfm->segment[c]]++;
			}
		}
		arr = cJSON_AddArrayToObject(o, "by_segment");
		for (size_t s = 0; s < rfm->nseg; s++) {
			cJSON *e = cJSON_CreateObject();
			cJSON_AddStringToObject(e, "key", rfm->seg[s].key);
			cJSON_AddStringToObject(e, "name", rfm->seg[s].name);
			custagg_add_num(e, "customers", (double)cnt[s], "integer", ctx);
			custagg_add_num(e, "mean", cnt[s] ? tot[s] / (double)cnt[s] : NAN, "number", ctx);
			cJSON_AddItemToArray(arr, e);
		}
	}
	ch = custagg_chart(ctx, "health_distribution");
	cJSON_AddStringToObject(ch, "type", "bar");
	cJSON_AddStringToObject(ch, "title", z ? "\xe5\xae\xa2\xe6\x88\xb7\xe5\x81\xa5\xe5\xba\xb7\xe5\xba\xa6\xe5\x88\x86\xe5\xb8\x83" : "Account health distribution");
	ax = cJSON_AddObjectToObject(ch, "x");
	cats = cJSON_AddArrayToObject(ax, "categories");
	for (int b = 0; b < 10; b++)
		cJSON_AddItemToArray(cats, cJSON_CreateString(arena_printf(ctx->a, "%d-%d", 10 * b, 10 * b + 10)));
	ax = cJSON_AddObjectToObject(ch, "y");
	cJSON_AddStringToObject(ax, "format", "integer");
	ser = cJSON_AddArrayToObject(ch, "series");
	s1 = cJSON_CreateObject();
	cJSON_AddStringToObject(s1, "name", z ? "\xe5\xae\xa2\xe6\x88\xb7" : "Customers");
	vals = cJSON_AddArrayToObject(s1, "values");
	for (int b = 0; b < 10; b++)
		cJSON_AddItemToArray(vals, cJSON_CreateNumber((double)r->hist[b]));
	cJSON_AddItemToArray(ser, s1);
	return o;
}

cJSON *
health_run(struct analysis_ctx *ctx, const cJSON *params)
{
	struct health_weights w;
	const char *err;
	const struct custagg *ca = custagg_get(ctx);
	const struct table *cust = analysis_table_of(ctx, PROJECT_CUSTOMERS);
	const struct table_column *sc = cust ? table_column_find(cust, "satisfaction") : NULL;
	double *sat = NULL;
	struct health_result *r;
	if (health_params_parse(ctx->a, params, &w, &err) != 0) {
		ctx->error = err;
		ctx->error_path = "analyses.health.weights";
		return NULL;
	}
	if (!ca) {
		analysis_note(ctx, "health skipped: orders has no customer, date or amount field");
		return NULL;
	}
	if (sc && sc->type != TABLE_TEXT) {
		int32_t *map = custagg_map_rows(ctx->a, ca, cust);
		sat = xmalloc((ca->n + 1) * sizeof *sat);
		for (size_t c = 0; c < ca->n; c++)
			sat[c] = NAN;
		for (size_t i = 0; i < cust->nrows; i++)
			if (map[i] >= 0 && sat[map[i]] != sat[map[i]])
				sat[map[i]] = sc->num[i];
	} else {
		analysis_note(ctx, "health: no customers 'satisfaction' field; scored on value and loyalty only");
	}
	r = health_compute(ctx->a, ca, sat, &w);
	free(sat);
	ctx->health = r;
	return health_model(r, ctx);
}

/* the weights name known criteria with numbers >= 0 (data-free) */
static int
check_health(struct analysis_ctx *ctx, const cJSON *params)
{
	struct health_weights w;
	ctx->error_path = "analyses.health.weights";
	return health_params_parse(ctx->a, params, &w, &ctx->error) != 0 ? -1 : 0;
}

static const struct jsoncheck_param params[] = {
	{ "weights", JSONCHECK_OBJ, NULL, 0, 0, "{\"value\": 0.4, \"satisfaction\": 0.3, \"loyalty\": 0.3}",
	  "criterion weights (value, satisfaction, loyalty), each a number >= 0" },
};

const struct analysis health_analysis = {
	.key = "health",
	.doc = "account health 0-100 from the percentiles of value, satisfaction and loyalty, in bands",
	.needs = ANALYSIS_ROLE(PROJECT_ORDERS),
	.data = "orders: customer, date, amount; customers: satisfaction",
	.params = params,
	.nparams = sizeof params / sizeof params[0],
	.check = check_health,
	.run = health_run,
};
