/* SPDX-License-Identifier: MIT
 * briefing_sections: the analysis sections of the PDF briefing (pipeline and prospects,
 * customers, retention, segments, partners, forecast). Each reads its analyses' parts
 * of the report model and leaves out whatever did not run. */
#include <stdio.h>
#include <string.h>

#include "render/briefing_impl.h"

#define CHART_H 165

static const cJSON *
get(struct briefing *b, const char *path)
{
	return briefing_get(b->model, path);
}

static void
heading(struct briefing *b, int level, const char *key)
{
	pdfdoc_heading(b->doc, level, briefing_label(b, key));
}

/* Model metrics of a classifier as one line: "Lead-scoring model: ROC AUC 0.81 · ...". */
static void
model_metrics(struct briefing *b, const char *path, const char *title_key)
{
	const cJSON *m = get(b, path);
	static const char *const pairs[] = { "auc", "auc", "accuracy", "accuracy",
	                                     "precision", "precision", "recall", "recall",
	                                     NULL, NULL };
	struct buf t;
	if (!m)
		return;
	buf_init(&t);
	for (size_t i = 0; pairs[i]; i += 2) {
		const char *v = briefing_value(b, m, pairs[i]);
		if (v)
			buf_printf(&t, "%s%s %s", t.len ? "  ·  " : "", briefing_label(b, pairs[i + 1]), v);
	}
	if (t.len)
		briefing_note(b, arena_printf(&b->a, "%s%s%s", briefing_label(b, title_key),
		                              b->zh ? "：" : ": ", buf_str(&t)));
	buf_release(&t);
}

/* A model's verdict sentence (results <key>.verdict) and, in place of its target list
 * when that is empty on purpose, the reason (targets.why.<list>). */
static void
model_verdict(struct briefing *b, const char *key, const char *list)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(get(b, key), "verdict");
	const cJSON *w = cJSON_GetObjectItemCaseSensitive(get(b, "targets.why"), list);
	if (cJSON_IsString(v))
		briefing_note(b, v->valuestring);
	if (cJSON_IsString(w))
		briefing_note(b, w->valuestring);
}

static size_t
top(struct briefing *b)
{
	return (size_t)b->top;
}

/* -------------------------------------------------------------- pipeline */

void
briefing_pipeline(struct briefing *b)
{
	static const char *const facts[] = {
		"win_rate", "win_rate", "avg_won_amount", "avg_won_amount",
		"median_cycle_days", "median_cycle_days", "open_pipeline", "open_pipeline",
		"weighted_pipeline", "weighted_pipeline", NULL, NULL };
	static const char *const stage_cols[] = { "stage", "name", "reached", "count", "amount",
	                                          "conversion", "probability", "win_rate", NULL };
	static const char *const prospect_cols[] = { "rank", "name", "account", "stage", "amount",
	                                             "p_win", "score", "reasons", NULL };
	static const char *const funnel_charts[] = { "funnel", "pipeline", NULL };
	const cJSON *funnel = get(b, "funnel");
	heading(b, 1, "page_pipeline");
	briefing_chart_prefix(b, funnel_charts, 150);
	briefing_facts(b, funnel, facts);
	if (cJSON_GetArraySize(get(b, "funnel.stages")) > 0) {
		heading(b, 2, "sec_funnel");
		briefing_table(b, get(b, "funnel.stages"), stage_cols, 0);
	}
	model_metrics(b, "lead_scoring.metrics", "ui_lead_model_holdout");
	model_verdict(b, "lead_scoring", "prospects");
	if (cJSON_GetArraySize(get(b, "targets.prospects")) > 0) {
		heading(b, 2, "sec_targets_prospects");
		briefing_table(b, get(b, "targets.prospects"), prospect_cols, top(b));
	}
}

/* ------------------------------------------------------------- customers */

void
briefing_customers(struct briefing *b)
{
	static const char *const clv_facts[] = { "total", "ui_clv_total", "median", "ui_clv_median",
	                                         NULL, NULL };
	static const char *const rfm_cols[] = { "name", "segment", "customers", "revenue", "share", NULL };
	static const char *const life_cols[] = { "name", "stage", "customers", "count", "previous",
	                                          "change", "share", NULL };
	static const char *const exp_cols[] = { "rank", "name", "spend", "monetary", "gap", "reasons", NULL };
	static const char *const rfm_charts[] = { "rfm", "clv", "lifecycle", NULL };
	heading(b, 1, "page_customers");
	briefing_facts(b, get(b, "clv"), clv_facts);
	if (cJSON_GetArraySize(get(b, "rfm.segments")) > 0) {
		heading(b, 2, "sec_rfm");
		briefing_chart_prefix(b, rfm_charts, CHART_H);
		briefing_table(b, get(b, "rfm.segments"), rfm_cols, 0);
	}
	if (cJSON_GetArraySize(get(b, "lifecycle.stages")) > 0) {
		heading(b, 2, "sec_lifecycle");
		briefing_table(b, get(b, "lifecycle.stages"), life_cols, 0);
	}
	if (cJSON_GetArraySize(get(b, "targets.expansion")) > 0) {
		heading(b, 2, "sec_targets_expansion");
		briefing_table(b, get(b, "targets.expansion"), exp_cols, top(b));
	}
}

/* ------------------------------------------------------------- retention */

void
briefing_retention(struct briefing *b)
{
	static const char *const facts[] = { "median", "ui_median_lifetime", "logrank.p", "ui_logrank_p",
	                                     "cox.concordance", "concordance", NULL, NULL };
	static const char *const risk_cols[] = { "rank", "name", "p_churn", "clv", "risk", "reasons", NULL };
	static const char *const km_charts[] = { "km_overall", "km", "retention", "survival", NULL };
	heading(b, 1, "page_retention");
	briefing_chart_prefix(b, km_charts, CHART_H);
	briefing_facts(b, get(b, "retention"), facts);
	model_metrics(b, "churn.metrics", "ui_churn_model_holdout");
	model_verdict(b, "churn", "retention");
	if (cJSON_GetArraySize(get(b, "targets.retention")) > 0) {
		heading(b, 2, "sec_targets_retention");
		briefing_table(b, get(b, "targets.retention"), risk_cols, top(b));
	}
}

/* -------------------------------------------------------------- segments */

void
briefing_segments(struct briefing *b)
{
	static const char *const facts[] = { "k", "k", "silhouette", "silhouette",
	                                     "davies_bouldin", "davies_bouldin", NULL, NULL };
	const cJSON *clusters = get(b, "segmentation.clusters"), *c;
	const char *cl_cols[12] = { "name", "size", "share", "recency", "frequency", "monetary" };
	size_t ncl = 6;
	static const char *const mk_cols[] = { "rank", "segment", "name", "key", "customers", "revenue",
	                                       "share", "growth", "win_rate", "score", NULL };
	static const char *const seg_charts[] = { "segments", "segmentation", "clusters", "market", NULL };
	heading(b, 1, "page_segments");
	briefing_chart_prefix(b, seg_charts, CHART_H);
	briefing_facts(b, get(b, "segmentation"), facts);
	/* cluster centres in original units, when the clusters carry them */
	c = cJSON_IsArray(clusters) ? cJSON_GetObjectItemCaseSensitive(clusters->child, "centroid") : NULL;
	for (c = cJSON_IsObject(c) ? c->child : NULL; c && ncl < 11; c = c->next)
		if (!strstr(c->string, "_fmt"))
			cl_cols[ncl++] = arena_printf(&b->a, "centroid.%s", c->string);
	cl_cols[ncl] = NULL;
	if (cJSON_GetArraySize(clusters) > 0) {
		heading(b, 2, "sec_segmentation");
		briefing_table(b, clusters, cl_cols, 0);
	}
	if (cJSON_GetArraySize(get(b, "market.segments")) > 0) {
		heading(b, 2, "sec_market");
		briefing_table(b, get(b, "market.segments"), mk_cols, top(b) > 8 ? 8 : top(b));
	}
}

/* -------------------------------------------------------------- partners */

void
briefing_partners(struct briefing *b)
{
	static const char *const cols[] = { "rank", "name", "score", "stability.keep", "stability",
	                                    "reasons", NULL };
	static const char *const method[] = { "method", "ui_method", NULL, NULL };
	static const char *const charts[] = { "partners", NULL };
	heading(b, 1, "page_partners");
	if (cJSON_GetArraySize(get(b, "partners.ranking")) > 0) {
		briefing_chart_prefix(b, charts, 150);
		heading(b, 2, "sec_partners");
		briefing_facts(b, get(b, "partners"), method);
		briefing_table(b, get(b, "partners.ranking"), cols, top(b) > 8 ? 8 : top(b));
	}
	if (cJSON_GetArraySize(get(b, "schemes.ranking")) > 0) {
		heading(b, 2, "sec_schemes");
		briefing_facts(b, get(b, "schemes"), method);
		briefing_table(b, get(b, "schemes.ranking"), cols, top(b) > 5 ? 5 : top(b));
	}
}

/* -------------------------------------------------------------- forecast */

/* The OLS coefficient table from the keyed objects coefficients{} and std_errors{}. */
static void
ols_table(struct briefing *b, const cJSON *ols)
{
	const cJSON *co = cJSON_GetObjectItemCaseSensitive(ols, "coefficients"), *c;
	const cJSON *se = cJSON_GetObjectItemCaseSensitive(ols, "std_errors");
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(ols, "p_values");
	size_t n = (size_t)cJSON_GetArraySize(co), r = 0;
	int np = cJSON_IsObject(p) ? 4 : 3;
	const char **cells;
	struct pdfdoc_col cols[4] = {
		{ briefing_label(b, "feature"), 0.4, PDFDOC_LEFT, 0 },
		{ briefing_label(b, "coefficient"), 0.2, PDFDOC_RIGHT, 1 },
		{ briefing_label(b, "std_error"), 0.2, PDFDOC_RIGHT, 1 },
		{ "p", 0.2, PDFDOC_RIGHT, 1 },
	};
	struct pdfdoc_table t;
	if (!cJSON_IsObject(co) || n == 0)
		return;
	cells = arena_calloc(&b->a, n * 4, sizeof *cells);
	cJSON_ArrayForEach(c, co) {
		cells[r * np + 0] = c->string;
		cells[r * np + 1] = briefing_value(b, co, c->string);
		cells[r * np + 2] = cJSON_IsObject(se) ? briefing_value(b, se, c->string) : NULL;
		if (np == 4)
			cells[r * np + 3] = briefing_value(b, p, c->string);
		r++;
	}
	memset(&t, 0, sizeof t);
	t.cols = cols;
	t.ncols = (size_t)np;
	t.cells = cells;
	t.nrows = r;
	t.zebra = 1;
	pdfdoc_table(b->doc, &t);
	pdfdoc_space(b->doc, 6);
}

void
briefing_forecast(struct briefing *b)
{
	static const char *const fit[] = { "r2", "r2", "adj_r2", "adj_r2", "rmse", "rmse",
	                                   NULL, NULL };
	static const char *const holt[] = { "next_week", "ui_next_week", NULL, NULL };
	static const char *const pt_cols[] = { "week", "date", "forecast", "value", "lower", "upper", NULL };
	static const char *const ols_cols[] = { "term", "feature", "coefficient", "std_error", "t", "p", NULL };
	const cJSON *points = get(b, "forecast.holt.forecast");
	static const char *const charts[] = { "forecast_revenue", "holt", "forecast", NULL };
	const cJSON *rules = get(b, "drivers.rules"), *e;
	heading(b, 1, "page_forecast");
	if (get(b, "forecast.holt")) {
		heading(b, 2, "sec_forecast");
		briefing_facts(b, get(b, "forecast.holt"), holt);
	}
	briefing_chart_prefix(b, charts, CHART_H);
	if (!cJSON_IsArray(points))
		points = get(b, "forecast.holt.points");
	if (cJSON_GetArraySize(points) > 0)
		briefing_table(b, points, pt_cols, 0);
	if (get(b, "forecast.ols")) {
		heading(b, 2, "ui_drivers_ols");
		briefing_facts(b, get(b, "forecast.ols"), fit);
		if (cJSON_GetArraySize(get(b, "forecast.ols.table")) > 0)
			briefing_table(b, get(b, "forecast.ols.table"), ols_cols, 0);
		else
			ols_table(b, get(b, "forecast.ols"));
	}
	if (cJSON_GetArraySize(rules) > 0) {
		const char **items = arena_calloc(&b->a, (size_t)cJSON_GetArraySize(rules), sizeof *items);
		size_t k = 0;
		cJSON_ArrayForEach(e, rules) {
			const char *s = cJSON_IsString(e) ? e->valuestring
			              : cJSON_IsObject(e) ? briefing_value(b, e, "text") : NULL;
			if (s)
				items[k++] = s;
		}
		heading(b, 2, "sec_drivers");
		pdfdoc_bullets(b->doc, items, k);
	}
}
