/* SPDX-License-Identifier: MIT
 * retention: builds (duration, event) per customer from tenure or dates, fits the
 * overall and per-group Kaplan–Meier curves, the log-rank test and an optional Cox
 * model, and writes the retention subtree with its step charts. */
#include "analysis/retention.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/scoring.h"

#define MAX_GROUPS 20

static const double *num_sort_base; /* qsort context */

static int
cmp_num_idx(const void *pa, const void *pb)
{
	double a = num_sort_base[*(const int32_t *)pa], b = num_sort_base[*(const int32_t *)pb];
	return (a > b) - (a < b);
}

static const char *const *text_sort_base;

static int
cmp_text_idx(const void *pa, const void *pb)
{
	return strcmp(text_sort_base[*(const int32_t *)pa], text_sort_base[*(const int32_t *)pb]);
}

/* Fills r->time/event/row. Returns 0 or -1 after a note. */
static int
durations(struct analysis_ctx *ctx, const struct table *t, const char *tenure_unit,
          struct retention_result *r)
{
	const struct table_column *ch = table_column_find(t, "churned");
	const struct table_column *ten = table_column_find(t, "tenure");
	const struct table_column *su = table_column_find(t, "signup_date");
	const struct table_column *cd = table_column_find(t, "churn_date");
	if (!ch || ch->type == TABLE_TEXT) {
		analysis_note(ctx, "retention skipped: customers has no 'churned' field");
		return -1;
	}
	if (ten && (ten->type == TABLE_TEXT || ten->nmissing == t->nrows))
		ten = NULL;
	if (su && (su->type != TABLE_DATE || su->nmissing == t->nrows))
		su = NULL;
	if (cd && cd->type != TABLE_DATE)
		cd = NULL;
	if (!ten && !su) {
		analysis_note(ctx, "retention skipped: customers has neither 'tenure' nor 'signup_date'");
		return -1;
	}
	r->duration = ten ? "tenure" : "signup_date";
	r->unit = ten ? (tenure_unit ? tenure_unit : "days") : "days";
	r->row = arena_alloc(ctx->a, (t->nrows + 1) * sizeof *r->row);
	r->time = arena_alloc(ctx->a, (t->nrows + 1) * sizeof *r->time);
	r->event = arena_alloc(ctx->a, (t->nrows + 1) * sizeof *r->event);
	for (size_t i = 0; i < t->nrows; i++) {
		double flag = ch->num[i], d;
		if (flag != flag) {
			r->dropped++;
			continue;
		}
		if (ten) {
			d = ten->num[i];
		} else {
			double end = ctx->as_of;
			if (flag != 0) {
				end = cd ? cd->num[i] : NAN;
			}
			d = floor(end) - floor(su->num[i]);
		}
		if (!(d >= 0) || !isfinite(d)) {
			r->dropped++;
			continue;
		}
		r->row[r->n] = i;
		r->time[r->n] = d;
		r->event[r->n] = flag != 0;
		r->n++;
	}
	if (r->dropped)
		analysis_note(ctx, "retention: %zu customers without a usable duration or churned flag left out",
		              r->dropped);
	if (r->n == 0) {
		analysis_note(ctx, "retention skipped: no customer has a duration and a churned flag");
		return -1;
	}
	return 0;
}

static void
groups(struct analysis_ctx *ctx, const struct table *t, const char *by, struct retention_result *r)
{
	const struct table_column *c = table_column_find(t, by);
	int32_t *order, *gof;
	int *g;
	size_t nd = 0, m = 0;
	double *gt;
	int *ge;
	if (!c) { /* a project error naming the key */
		const char *hint = table_column_suggest(t, by);
		ctx->error = hint ? arena_printf(ctx->a, "analysis 'retention': 'group_by': unknown column '%s'; "
		                                 "did you mean '%s'?", by, hint)
		                  : arena_printf(ctx->a, "analysis 'retention': 'group_by': unknown column '%s'", by);
		ctx->error_path = "analyses.retention.group_by";
		return;
	}
	/* distinct values in sorted order -> group index */
	if (c->type == TABLE_TEXT) {
		unsigned char *seen = xcalloc(c->ndict + 1, 1);
		order = xmalloc((c->ndict + 1) * sizeof *order);
		for (size_t i = 0; i < r->n; i++)
			if (c->code[r->row[i]] >= 0)
				seen[c->code[r->row[i]]] = 1;
		for (size_t k = 0; k < c->ndict; k++)
			if (seen[k])
				order[nd++] = (int32_t)k;
		free(seen);
		text_sort_base = c->dict;
		qsort(order, nd, sizeof *order, cmp_text_idx);
	} else {
		/* numbers: distinct values among the used rows */
		double *v = xmalloc((r->n + 1) * sizeof *v);
		size_t nv = 0;
		for (size_t i = 0; i < r->n; i++)
			if (c->num[r->row[i]] == c->num[r->row[i]])
				v[nv++] = c->num[r->row[i]];
		order = xmalloc((nv + 1) * sizeof *order);
		for (size_t i = 0; i < nv; i++)
			order[i] = (int32_t)i;
		num_sort_base = v;
		qsort(order, nv, sizeof *order, cmp_num_idx);
		for (size_t i = 0; i < nv; i++)
			if (nd == 0 || v[order[i]] != v[order[nd - 1]])
				order[nd++] = order[i];
		/* keep the values themselves in a second array */
		double *vals = arena_alloc(ctx->a, (nd + 1) * sizeof *vals);
		for (size_t k = 0; k < nd; k++)
			vals[k] = v[order[k]];
		free(v);
		if (nd > MAX_GROUPS || nd < 2) {
			analysis_note(ctx, "retention: group_by '%s' has %zu distinct values; "
			              "grouping needs 2 to %d", by, nd, MAX_GROUPS);
			free(order);
			return;
		}
		r->group_names = arena_calloc(ctx->a, nd, sizeof *r->group_names);
		for (size_t k = 0; k < nd; k++)
			r->group_names[k] = arena_printf(ctx->a, "%.15g", vals[k]);
		g = xmalloc((r->n + 1) * sizeof *g);
		for (size_t i = 0; i < r->n; i++) {
			double x = c->num[r->row[i]];
			size_t lo = 0, hi = nd;
			g[i] = -1;
			if (x != x)
				continue;
			while (lo < hi) {
				size_t mid = (lo + hi) / 2;
				if (vals[mid] < x)
					lo = mid + 1;
				else
					hi = mid;
			}
			g[i] = (int)lo;
		}
		free(order);
		goto fit;
	}
	if (nd > MAX_GROUPS || nd < 2) {
		analysis_note(ctx, "retention: group_by '%s' has %zu distinct values; grouping needs 2 to %d",
		              by, nd, MAX_GROUPS);
		free(order);
		return;
	}
	r->group_names = arena_calloc(ctx->a, nd, sizeof *r->group_names);
	gof = xmalloc((c->ndict + 1) * sizeof *gof);
	for (size_t k = 0; k < c->ndict; k++)
		gof[k] = -1;
	for (size_t k = 0; k < nd; k++) {
		gof[order[k]] = (int32_t)k;
		r->group_names[k] = c->dict[order[k]];
	}
	g = xmalloc((r->n + 1) * sizeof *g);
	for (size_t i = 0; i < r->n; i++) {
		int32_t code = c->code[r->row[i]];
		g[i] = code < 0 ? -1 : gof[code];
	}
	free(gof);
	free(order);
fit:
	/* rows with a group */
	gt = xmalloc((r->n + 1) * sizeof *gt);
	ge = xmalloc((r->n + 1) * sizeof *ge);
	for (size_t i = 0; i < r->n; i++) {
		if (g[i] < 0) {
			r->group_dropped++;
			continue;
		}
		gt[m] = r->time[i];
		ge[m] = r->event[i];
		g[m++] = g[i];
	}
	r->group_by = by;
	r->ngroups = (int)nd;
	r->group_km = arena_calloc(ctx->a, nd, sizeof *r->group_km);
	survival_km_fit_groups(ctx->a, gt, ge, g, m, (int)nd, r->ci, r->group_km);
	survival_logrank_test(ctx->a, gt, ge, g, m, (int)nd, &r->logrank);
	free(g);
	free(gt);
	free(ge);
}

static void
cox(struct analysis_ctx *ctx, const struct table *t, const cJSON *spec, struct retention_result *r)
{
	const char **names, *err = NULL;
	size_t nf = features_names_from_json(ctx->a, cJSON_GetObjectItemCaseSensitive(spec, "features"), &names);
	unsigned char *use;
	struct features_matrix fm;
	double *time;
	int *event;
	size_t k = 0;
	if (!nf) {
		analysis_note(ctx, "retention: cox needs a 'features' list");
		return;
	}
	use = arena_calloc(ctx->a, t->nrows + 1, 1);
	for (size_t i = 0; i < r->n; i++)
		use[r->row[i]] = 1;
	if (features_plan(ctx->a, t, names, nf, use, 0, FEATURES_TREATMENT, NULL, &r->cox_design, &err) < 0) {
		ctx->error = arena_printf(ctx->a, "analysis 'retention': cox: %s", err);
		ctx->error_path = "analyses.retention.cox.features";
		return;
	}
	features_fill(ctx->a, &r->cox_design, t, use, &fm);
	r->cox_n = fm.n;
	r->cox_dropped = fm.dropped;
	time = xmalloc((fm.n + 1) * sizeof *time);
	event = xmalloc((fm.n + 1) * sizeof *event);
	/* fm.row and r->row are both ascending: walk them together */
	for (size_t i = 0; i < fm.n; i++) {
		while (r->row[k] != fm.row[i])
			k++;
		time[i] = r->time[k];
		event[i] = r->event[k];
	}
	if (fm.n == 0 || fm.p == 0 ||
	    cox_fit(ctx->a, fm.x, fm.n, fm.p, time, event, NULL, &r->cox) < 0)
		analysis_note(ctx, "retention: cox model skipped: the information matrix is singular "
		              "(a constant or aliased feature, or no events)");
	else
		r->has_cox = 1;
	free(time);
	free(event);
}

const struct retention_result *
retention_compute(struct analysis_ctx *ctx, const struct table *t, const char *tenure_unit,
                  const cJSON *params)
{
	struct retention_result *r = arena_calloc(ctx->a, 1, sizeof *r);
	const cJSON *v;
	r->ci = SURVIVAL_CI_LOG;
	if (cJSON_IsString(v = cJSON_GetObjectItemCaseSensitive(params, "ci")))
		r->ci = strcmp(v->valuestring, "log-log") == 0 ? SURVIVAL_CI_LOGLOG
		      : strcmp(v->valuestring, "plain") == 0 ? SURVIVAL_CI_PLAIN : SURVIVAL_CI_LOG;
	if (durations(ctx, t, tenure_unit, r) < 0)
		return NULL;
	survival_km_fit(ctx->a, r->time, r->event, r->n, r->ci, &r->km);
	v = cJSON_GetObjectItemCaseSensitive(params, "group_by");
	if (cJSON_IsArray(v)) {
		if (cJSON_GetArraySize(v) > 1)
			analysis_note(ctx, "retention: grouped by '%s' only (the first group_by entry)",
			              cJSON_IsString(v->child) ? v->child->valuestring : "?");
		v = v->child;
	}
	if (cJSON_IsString(v))
		groups(ctx, t, arena_strdup(ctx->a, v->valuestring), r);
	if (cJSON_IsObject(v = cJSON_GetObjectItemCaseSensitive(params, "cox")))
		cox(ctx, t, v, r);
	return ctx->error ? NULL : r;
}

/* ---- results.json ---- */

static cJSON *
num_or_null(double v)
{
	return isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull();
}

static cJSON *
km_table(const struct survival_km *km)
{
	cJSON *arr = cJSON_CreateArray();
	for (size_t i = 0; i < km->nrows; i++) {
		const struct survival_row *w = &km->rows[i];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "time", w->time);
		cJSON_AddNumberToObject(o, "at_risk", (double)w->n_risk);
		cJSON_AddNumberToObject(o, "events", (double)w->n_event);
		cJSON_AddNumberToObject(o, "censored", (double)w->n_censor);
		cJSON_AddItemToObject(o, "survival", num_or_null(w->surv));
		cJSON_AddItemToObject(o, "std_err", num_or_null(w->std_err));
		cJSON_AddItemToObject(o, "lower", num_or_null(w->lower));
		cJSON_AddItemToObject(o, "upper", num_or_null(w->upper));
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

static void
add_median(cJSON *o, const struct survival_km *km)
{
	scoring_add_num(o, "median", km->median, "number");
	scoring_add_num(o, "median_lower", km->median_lower, "number");
	scoring_add_num(o, "median_upper", km->median_upper, "number");
}

/* A step series: (0, 1) first when the table starts later; NaN band ends become
 * the curve itself (charts refuse NaN). */
static cJSON *
step_series(const char *name, const struct survival_km *km, int band)
{
	cJSON *s = cJSON_CreateObject(), *pts, *lo = NULL, *hi = NULL;
	cJSON_AddStringToObject(s, "name", name);
	pts = cJSON_AddArrayToObject(s, "points");
	if (band) {
		lo = cJSON_AddArrayToObject(s, "lower");
		hi = cJSON_AddArrayToObject(s, "upper");
	}
	if (km->nrows == 0 || km->rows[0].time > 0) {
		cJSON *pt = cJSON_CreateArray();
		cJSON_AddItemToArray(pt, cJSON_CreateNumber(0));
		cJSON_AddItemToArray(pt, cJSON_CreateNumber(1));
		cJSON_AddItemToArray(pts, pt);
		if (band) {
			cJSON_AddItemToArray(lo, cJSON_CreateNumber(1));
			cJSON_AddItemToArray(hi, cJSON_CreateNumber(1));
		}
	}
	for (size_t i = 0; i < km->nrows; i++) {
		const struct survival_row *w = &km->rows[i];
		cJSON *pt = cJSON_CreateArray();
		cJSON_AddItemToArray(pt, cJSON_CreateNumber(w->time));
		cJSON_AddItemToArray(pt, cJSON_CreateNumber(w->surv));
		cJSON_AddItemToArray(pts, pt);
		if (band) {
			cJSON_AddItemToArray(lo, cJSON_CreateNumber(isfinite(w->lower) ? w->lower : w->surv));
			cJSON_AddItemToArray(hi, cJSON_CreateNumber(isfinite(w->upper) ? w->upper : w->surv));
		}
	}
	return s;
}

static const char *
unit_label(const char *unit, int zh)
{
	if (!zh)
		return unit;
	return strcmp(unit, "months") == 0 ? "月" : strcmp(unit, "weeks") == 0 ? "周"
	     : strcmp(unit, "years") == 0 ? "年" : "天";
}

static void
add_charts(struct analysis_ctx *ctx, const struct retention_result *r)
{
	int zh = project_locale(ctx->project) == LOCALE_ZH_CN;
	cJSON *charts = scoring_charts(ctx), *c, *ax, *ser;
	c = cJSON_CreateObject();
	cJSON_AddStringToObject(c, "type", "step");
	cJSON_AddStringToObject(c, "title", zh ? "客户留存（Kaplan–Meier，95% 置信区间）"
	                                       : "Customer survival (Kaplan–Meier, 95% CI)");
	ax = cJSON_AddObjectToObject(c, "x");
	cJSON_AddStringToObject(ax, "label", unit_label(r->unit, zh));
	cJSON_AddStringToObject(ax, "type", "number");
	ax = cJSON_AddObjectToObject(c, "y");
	cJSON_AddStringToObject(ax, "format", "percent");
	cJSON_AddNumberToObject(ax, "min", 0);
	cJSON_AddNumberToObject(ax, "max", 1);
	ser = cJSON_AddArrayToObject(c, "series");
	cJSON_AddItemToArray(ser, step_series(zh ? "全部客户" : "All customers", &r->km, 1));
	cJSON_AddItemToObject(charts, "km_overall", c);
	if (!r->ngroups)
		return;
	c = cJSON_CreateObject();
	cJSON_AddStringToObject(c, "type", "step");
	cJSON_AddItemToObject(c, "title", cJSON_CreateString(zh ? "按分组的客户留存" : "Customer survival by group"));
	ax = cJSON_AddObjectToObject(c, "x");
	cJSON_AddStringToObject(ax, "label", unit_label(r->unit, zh));
	cJSON_AddStringToObject(ax, "type", "number");
	ax = cJSON_AddObjectToObject(c, "y");
	cJSON_AddStringToObject(ax, "format", "percent");
	cJSON_AddNumberToObject(ax, "min", 0);
	cJSON_AddNumberToObject(ax, "max", 1);
	ser = cJSON_AddArrayToObject(c, "series");
	for (int k = 0; k < r->ngroups; k++)
		cJSON_AddItemToArray(ser, step_series(r->group_names[k], &r->group_km[k], 0));
	cJSON_AddItemToObject(charts, "km_by_group", c);
}

static cJSON *
cox_model(const struct retention_result *r)
{
	cJSON *o = cJSON_CreateObject(), *feats, *co, *se, *hr, *lo, *hi, *pv, *tab;
	const struct cox_fit *f = &r->cox;
	feats = cJSON_AddArrayToObject(o, "features");
	for (size_t j = 0; j < r->cox_design.nfeatures; j++)
		cJSON_AddItemToArray(feats, cJSON_CreateString(r->cox_design.features[j]));
	scoring_add_num(o, "rows", (double)r->cox_n, "integer");
	scoring_add_num(o, "events", (double)f->n_events, "integer");
	scoring_add_num(o, "dropped", (double)r->cox_dropped, "integer");
	cJSON_AddStringToObject(o, "ties", "efron");
	co = cJSON_AddObjectToObject(o, "coefficients");
	se = cJSON_AddObjectToObject(o, "std_errors");
	hr = cJSON_AddObjectToObject(o, "hazard_ratios");
	lo = cJSON_AddObjectToObject(o, "hr_lower");
	hi = cJSON_AddObjectToObject(o, "hr_upper");
	pv = cJSON_AddObjectToObject(o, "p");
	tab = cJSON_AddArrayToObject(o, "table");
	for (size_t k = 0; k < f->p; k++) {
		const char *name = r->cox_design.cols[k].name;
		cJSON *row = cJSON_CreateObject();
		cJSON_AddItemToObject(co, name, num_or_null(f->coef[k]));
		cJSON_AddItemToObject(se, name, num_or_null(f->se[k]));
		cJSON_AddItemToObject(hr, name, num_or_null(f->hr[k]));
		cJSON_AddItemToObject(lo, name, num_or_null(f->hr_lower[k]));
		cJSON_AddItemToObject(hi, name, num_or_null(f->hr_upper[k]));
		cJSON_AddItemToObject(pv, name, num_or_null(f->p_value[k]));
		cJSON_AddStringToObject(row, "name", name);
		scoring_add_num(row, "coef", f->coef[k], "coef");
		scoring_add_num(row, "std_error", f->se[k], "coef");
		scoring_add_num(row, "hazard_ratio", f->hr[k], "ratio");
		scoring_add_num(row, "hr_lower", f->hr_lower[k], "ratio");
		scoring_add_num(row, "hr_upper", f->hr_upper[k], "ratio");
		scoring_add_num(row, "p", f->p_value[k], "p");
		cJSON_AddItemToArray(tab, row);
	}
	scoring_add_num(o, "concordance", f->concordance, "ratio");
	cJSON_AddItemToObject(o, "log_likelihood", num_or_null(f->loglik));
	cJSON_AddItemToObject(o, "log_likelihood_null", num_or_null(f->loglik_null));
	cJSON_AddItemToObject(o, "lr_chi2", num_or_null(f->lr));
	cJSON_AddItemToObject(o, "lr_log_p", num_or_null(f->lr_log_p));
	cJSON_AddBoolToObject(o, "converged", f->converged);
	cJSON_AddNumberToObject(o, "iterations", f->iterations);
	return o;
}

cJSON *
retention_to_model(struct analysis_ctx *ctx, const struct retention_result *r)
{
	static const char *const ci_names[] = { "log", "log-log", "plain" };
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "unit", r->unit);
	cJSON_AddStringToObject(o, "duration", r->duration);
	cJSON_AddStringToObject(o, "ci", ci_names[r->ci]);
	scoring_add_num(o, "rows", (double)r->n, "integer");
	scoring_add_num(o, "events", (double)r->km.events, "integer");
	scoring_add_num(o, "censored", (double)(r->km.n - r->km.events), "integer");
	scoring_add_num(o, "dropped", (double)r->dropped, "integer");
	add_median(o, &r->km);
	cJSON_AddItemToObject(o, "km", km_table(&r->km));
	if (r->ngroups) {
		cJSON *g = cJSON_AddArrayToObject(o, "groups"), *lr;
		cJSON_AddStringToObject(o, "group_by", r->group_by);
		for (int k = 0; k < r->ngroups; k++) {
			cJSON *e = cJSON_CreateObject();
			const struct survival_km *km = &r->group_km[k];
			cJSON_AddStringToObject(e, "name", r->group_names[k]);
			scoring_add_num(e, "rows", (double)km->n, "integer");
			scoring_add_num(e, "events", (double)km->events, "integer");
			scoring_add_num(e, "event_rate", km->n ? (double)km->events / (double)km->n : NAN, "percent");
			add_median(e, km);
			cJSON_AddItemToObject(e, "km", km_table(km));
			cJSON_AddItemToArray(g, e);
		}
		lr = cJSON_AddObjectToObject(o, "logrank");
		scoring_add_num(lr, "chi2", r->logrank.chi2, "number");
		cJSON_AddNumberToObject(lr, "df", r->logrank.df);
		scoring_add_num(lr, "p", r->logrank.p, "p");
		cJSON_AddItemToObject(lr, "log_p", num_or_null(r->logrank.log_p));
	} else {
		cJSON_AddNullToObject(o, "group_by");
		cJSON_AddArrayToObject(o, "groups");
		cJSON_AddNullToObject(o, "logrank");
	}
	if (r->has_cox)
		cJSON_AddItemToObject(o, "cox", cox_model(r));
	else
		cJSON_AddNullToObject(o, "cox");
	add_charts(ctx, r);
	return o;
}

cJSON *
retention_run(struct analysis_ctx *ctx, const cJSON *params)
{
	const struct table *t = analysis_table_of(ctx, PROJECT_CUSTOMERS);
	const struct project_dataset *spec = ctx->project ? ctx->project->datasets[PROJECT_CUSTOMERS] : NULL;
	const struct retention_result *r;
	if (!t || !(r = retention_compute(ctx, t, spec ? spec->tenure_unit : NULL, params)))
		return NULL;
	return retention_to_model(ctx, r);
}

static const struct jsoncheck_param params[] = {
	{ "group_by", JSONCHECK_STR_OR_STRS, NULL, 0, 0, "none",
	  "a field or column for the group curves and the log-rank test (a list uses its first entry)" },
	{ "ci", JSONCHECK_ENUM, "log|log-log|plain", 0, 0, "\"log\"",
	  "scale of the 95% confidence interval" },
	{ "cox", JSONCHECK_OBJ_OR_FALSE, NULL, 0, 0, "off",
	  "{\"features\": [...]} fits a Cox proportional-hazards model" },
};

const struct analysis retention_analysis = {
	.key = "retention",
	.doc = "Kaplan-Meier survival of customers with confidence intervals, by group with the log-rank test, optionally a Cox model",
	.needs = ANALYSIS_ROLE(PROJECT_CUSTOMERS),
	.data = "customers: tenure or signup_date, churned, churn_date; the group_by fields",
	.params = params,
	.nparams = sizeof params / sizeof params[0],
	.run = retention_run,
};
