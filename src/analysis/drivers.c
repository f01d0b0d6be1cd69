/* SPDX-License-Identifier: MIT
 * drivers: picks the dataset, target and features, grows the CART tree on the
 * labelled rows (indicator-coded text), and writes nodes, rules, training accuracy
 * and Gini importances. */
#include "analysis/drivers.h"

#include <math.h>
#include <string.h>

#include "analysis/scoring.h"
#include "base/buf.h"

static const char *const excluded[] = {
	"id", "name", "stage", "account", "won", "churned", "churn_date", NULL,
};

const struct drivers_result *
drivers_compute(struct analysis_ctx *ctx, const cJSON *params)
{
	struct drivers_result *r = arena_calloc(ctx->a, 1, sizeof *r);
	const cJSON *v;
	const struct table *t;
	const struct table_column *tc;
	enum project_role role;
	const char **names = NULL, *err = NULL;
	size_t nf;
	unsigned char *lab;
	struct features_matrix fm;
	struct cart_options o;
	int *y, zh = project_locale(ctx->project) == LOCALE_ZH_CN;
	r->max_depth = 3;
	r->min_samples_leaf = 20;
	v = cJSON_GetObjectItemCaseSensitive(params, "dataset");
	if (cJSON_IsString(v))
		role = strcmp(v->valuestring, "customers") == 0 ? PROJECT_CUSTOMERS : PROJECT_OPPORTUNITIES;
	else
		role = analysis_table_of(ctx, PROJECT_OPPORTUNITIES) ? PROJECT_OPPORTUNITIES : PROJECT_CUSTOMERS;
	t = analysis_table_of(ctx, role);
	r->dataset = project_role_names[role];
	if (!t) {
		analysis_note(ctx, "drivers skipped: no '%s' dataset", r->dataset);
		return NULL;
	}
	r->target = role == PROJECT_OPPORTUNITIES ? "won" : "churned";
	if (cJSON_IsString(v = cJSON_GetObjectItemCaseSensitive(params, "target")))
		r->target = arena_strdup(ctx->a, v->valuestring);
	if (strcmp(r->target, "won") == 0) {
		r->class_names[0] = zh ? "输单" : "Lost";
		r->class_names[1] = zh ? "赢单" : "Won";
	} else if (strcmp(r->target, "churned") == 0) {
		r->class_names[0] = zh ? "留存" : "Stayed";
		r->class_names[1] = zh ? "流失" : "Churned";
	} else {
		r->class_names[0] = arena_printf(ctx->a, "%s = 0", r->target);
		r->class_names[1] = arena_printf(ctx->a, "%s = 1", r->target);
	}
	if (cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(params, "max_depth")))
		r->max_depth = v->valueint;
	if (cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(params, "min_samples_leaf")))
		r->min_samples_leaf = (size_t)v->valuedouble;
	tc = table_column_find(t, r->target);
	if (!tc || tc->type == TABLE_TEXT) {
		analysis_note(ctx, "drivers skipped: %s has no numeric '%s' field", r->dataset, r->target);
		return NULL;
	}
	lab = arena_calloc(ctx->a, t->nrows + 1, 1);
	for (size_t i = 0; i < t->nrows; i++)
		lab[i] = tc->num[i] == 0 || tc->num[i] == 1;
	nf = features_names_from_json(ctx->a, cJSON_GetObjectItemCaseSensitive(params, "features"), &names);
	if (!nf) {
		const struct project_dataset *spec = ctx->project ? ctx->project->datasets[role] : NULL;
		nf = features_default(ctx->a, t, lab, features_exclude(ctx->a, excluded, r->target, spec), 20,
		                      &names);
	}
	if (!nf) {
		analysis_note(ctx, "drivers skipped: %s has no feature columns", r->dataset);
		return NULL;
	}
	if (features_plan(ctx->a, t, names, nf, lab, 0, FEATURES_INDICATOR, NULL, &r->design, &err) < 0) {
		ctx->error = arena_printf(ctx->a, "analysis 'drivers': %s", err);
		ctx->error_path = "analyses.drivers.features";
		return NULL;
	}
	features_fill_columns(ctx->a, &r->design, t, lab, &fm);
	r->n = fm.n;
	r->dropped = fm.dropped;
	if (fm.n == 0 || fm.p == 0) {
		analysis_note(ctx, "drivers skipped: no labelled %s row has every feature", r->dataset);
		return NULL;
	}
	y = arena_alloc(ctx->a, fm.n * sizeof *y);
	for (size_t i = 0; i < fm.n; i++)
		y[i] = tc->num[fm.row[i]] != 0;
	cart_options_default(&o);
	o.max_depth = r->max_depth;
	o.min_samples_leaf = r->min_samples_leaf;
	cart_fit(ctx->a, fm.x, fm.n, fm.p, y, 2, &o, &r->tree);
	/* Gini importance: weighted impurity decrease per feature, normalised */
	r->importance = arena_calloc(ctx->a, fm.p + 1, sizeof *r->importance);
	{
		double total = 0;
		for (size_t k = 0; k < r->tree.nnodes; k++) {
			const struct cart_node *nd = &r->tree.nodes[k];
			const struct cart_node *L, *R;
			if (nd->feature < 0)
				continue;
			L = &r->tree.nodes[nd->left];
			R = &r->tree.nodes[nd->right];
			r->importance[nd->feature] += (double)nd->samples * nd->gini
			        - (double)L->samples * L->gini - (double)R->samples * R->gini;
		}
		for (size_t k = 0; k < fm.p; k++)
			total += r->importance[k];
		for (size_t k = 0; k < fm.p && total > 0; k++)
			r->importance[k] /= total;
	}
	return r;
}

/* Rules text per column: numbers by name; an indicator reads "Field is level" /
 * "Field is not level" (a two-level field names its other level). */
static struct cart_feature_text *
feature_texts(struct analysis_ctx *ctx, const struct drivers_result *r)
{
	const struct features_design *d = &r->design;
	struct cart_feature_text *ft = arena_calloc(ctx->a, d->ncols + 1, sizeof *ft);
	int zh = project_locale(ctx->project) == LOCALE_ZH_CN;
	for (size_t k = 0; k < d->ncols; k++) {
		const struct features_column *c = &d->cols[k];
		const char *field = d->features[c->feature];
		ft[k].name = c->name;
		if (!c->level)
			continue;
		ft[k].is_true = arena_printf(ctx->a, zh ? "%s 为 %s" : "%s is %s", field, c->level);
		ft[k].is_false = arena_printf(ctx->a, zh ? "%s 不为 %s" : "%s is not %s", field, c->level);
		/* two levels: one column; the other level reads by name */
		const struct table_column *src = d->src[c->feature];
		for (size_t code = 0; code < src->ndict && d->colof[c->feature]; code++)
			if (d->colof[c->feature][code] == -1)
				ft[k].is_false = arena_printf(ctx->a, zh ? "%s 为 %s" : "%s is %s", field, src->dict[code]);
	}
	return ft;
}

/* Rules in the project's locale: one per leaf, in node order, the conditions of
 * its path merged per column (in the order first used), as cart_rules words them. */
struct bound {
	int used, order;
	double lo, hi;          /* lo < x <= hi */
};

struct rules_ctx {
	const struct cart_tree *t;
	const struct cart_feature_text *ft;
	const struct drivers_result *r;
	struct arena *a;
	int zh, order;
	struct bound *b;
	cJSON *out;
};

static void
leaf_rule(struct rules_ctx *rc, const struct cart_node *nd)
{
	struct buf b;
	int first = 1;
	double share = nd->samples ? (double)nd->counts[nd->predicted] / (double)nd->samples : NAN;
	cJSON *e = cJSON_CreateObject();
	buf_init(&b);
	for (int o = 0; o < rc->order; o++)
		for (size_t f = 0; f < rc->t->nfeatures; f++) {
			const struct bound *fb = &rc->b[f];
			const struct cart_feature_text *ft = &rc->ft[f];
			if (!fb->used || fb->order != o)
				continue;
			buf_puts(&b, first ? (rc->zh ? "若 " : "if ") : (rc->zh ? " 且 " : " and "));
			first = 0;
			if (ft->is_true)
				buf_puts(&b, fb->lo > -INFINITY ? ft->is_true : ft->is_false);
			else if (fb->lo > -INFINITY && fb->hi < INFINITY)
				buf_printf(&b, "%.10g < %s <= %.10g", fb->lo, ft->name, fb->hi);
			else if (fb->lo > -INFINITY)
				buf_printf(&b, "%s > %.10g", ft->name, fb->lo);
			else
				buf_printf(&b, "%s <= %.10g", ft->name, fb->hi);
		}
	if (rc->zh)
		buf_printf(&b, "%s%s（%.0f%%，%zu 行）", first ? "全部为 " : "，则 ",
		           rc->r->class_names[nd->predicted], 100 * share, nd->samples);
	else
		buf_printf(&b, "%s%s (%.0f%%, %zu rows)", first ? "always " : " then ",
		           rc->r->class_names[nd->predicted], 100 * share, nd->samples);
	cJSON_AddStringToObject(e, "text", buf_str(&b));
	cJSON_AddStringToObject(e, "predicted", rc->r->class_names[nd->predicted]);
	scoring_add_num(e, "share", share, "percent");
	scoring_add_num(e, "samples", (double)nd->samples, "integer");
	cJSON_AddItemToArray(rc->out, e);
	buf_release(&b);
}

static void
rules_walk(struct rules_ctx *rc, int id)
{
	const struct cart_node *nd = &rc->t->nodes[id];
	struct bound save, *fb;
	int so = rc->order;
	if (nd->feature < 0) {
		leaf_rule(rc, nd);
		return;
	}
	fb = &rc->b[nd->feature];
	save = *fb;
	if (!fb->used) {
		fb->used = 1;
		fb->order = rc->order++;
	}
	fb->hi = fmin(save.hi, nd->threshold);
	rules_walk(rc, nd->left);
	fb->hi = save.hi;
	fb->lo = fmax(save.lo, nd->threshold);
	rules_walk(rc, nd->right);
	*fb = save;
	rc->order = so;
}

static cJSON *
rules(struct analysis_ctx *ctx, const struct drivers_result *r, const struct cart_feature_text *ft)
{
	struct rules_ctx rc = { &r->tree, ft, r, ctx->a, (project_locale(ctx->project) == LOCALE_ZH_CN), 0, NULL, cJSON_CreateArray() };
	if (!r->tree.nnodes)
		return rc.out;
	rc.b = arena_calloc(ctx->a, r->tree.nfeatures + 1, sizeof *rc.b);
	for (size_t f = 0; f < r->tree.nfeatures; f++) {
		rc.b[f].lo = -INFINITY;
		rc.b[f].hi = INFINITY;
	}
	rules_walk(&rc, 0);
	return rc.out;
}

static cJSON *
num_or_null(double v)
{
	return isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull();
}

cJSON *
drivers_to_model(struct analysis_ctx *ctx, const struct drivers_result *r)
{
	cJSON *o = cJSON_CreateObject(), *arr, *cls, *charts, *c, *cats, *vals, *s;
	const struct cart_tree *t = &r->tree;
	struct cart_feature_text *ft = feature_texts(ctx, r);
	int zh = project_locale(ctx->project) == LOCALE_ZH_CN;
	cJSON_AddStringToObject(o, "dataset", r->dataset);
	cJSON_AddStringToObject(o, "target", r->target);
	arr = cJSON_AddArrayToObject(o, "features");
	for (size_t j = 0; j < r->design.nfeatures; j++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(r->design.features[j]));
	scoring_add_num(o, "rows", (double)r->n, "integer");
	scoring_add_num(o, "dropped", (double)r->dropped, "integer");
	cJSON_AddNumberToObject(o, "max_depth", r->max_depth);
	cJSON_AddNumberToObject(o, "min_samples_leaf", (double)r->min_samples_leaf);
	cls = cJSON_AddArrayToObject(o, "classes");
	cJSON_AddItemToArray(cls, cJSON_CreateString(r->class_names[0]));
	cJSON_AddItemToArray(cls, cJSON_CreateString(r->class_names[1]));
	arr = cJSON_AddArrayToObject(o, "nodes");
	for (size_t k = 0; k < t->nnodes; k++) {
		const struct cart_node *nd = &t->nodes[k];
		cJSON *e = cJSON_CreateObject(), *cnt;
		cJSON_AddNumberToObject(e, "id", (double)k);
		if (nd->feature >= 0) {
			cJSON_AddStringToObject(e, "feature", r->design.cols[nd->feature].name);
			cJSON_AddNumberToObject(e, "threshold", nd->threshold);
			cJSON_AddNumberToObject(e, "left", nd->left);
			cJSON_AddNumberToObject(e, "right", nd->right);
		} else {
			cJSON_AddNullToObject(e, "feature");
			cJSON_AddNullToObject(e, "threshold");
			cJSON_AddNullToObject(e, "left");
			cJSON_AddNullToObject(e, "right");
		}
		cJSON_AddNumberToObject(e, "samples", (double)nd->samples);
		cnt = cJSON_AddArrayToObject(e, "counts");
		cJSON_AddItemToArray(cnt, cJSON_CreateNumber((double)nd->counts[0]));
		cJSON_AddItemToArray(cnt, cJSON_CreateNumber((double)nd->counts[1]));
		cJSON_AddStringToObject(e, "predicted", r->class_names[nd->predicted]);
		cJSON_AddItemToObject(e, "gini", num_or_null(nd->gini));
		cJSON_AddNumberToObject(e, "depth", nd->depth);
		cJSON_AddItemToArray(arr, e);
	}
	cJSON_AddItemToObject(o, "rules", rules(ctx, r, ft));
	scoring_add_num(o, "accuracy", t->accuracy, "percent");
	arr = cJSON_AddArrayToObject(o, "importance");
	for (size_t k = 0; k < r->design.ncols; k++) {
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "feature", r->design.cols[k].name);
		scoring_add_num(e, "importance", r->importance[k], "percent");
		cJSON_AddItemToArray(arr, e);
	}
	/* chart: importances */
	charts = scoring_charts(ctx);
	c = cJSON_CreateObject();
	cJSON_AddStringToObject(c, "type", "hbar");
	cJSON_AddStringToObject(c, "title", zh ? "决策树特征重要性" : "What drives the outcome (tree importance)");
	cats = cJSON_AddArrayToObject(cJSON_AddObjectToObject(c, "x"), "categories");
	cJSON_AddStringToObject(cJSON_AddObjectToObject(c, "y"), "format", "percent");
	s = cJSON_CreateObject();
	cJSON_AddStringToObject(s, "name", zh ? "重要性" : "importance");
	vals = cJSON_AddArrayToObject(s, "values");
	for (size_t k = 0; k < r->design.ncols; k++) {
		cJSON_AddItemToArray(cats, cJSON_CreateString(r->design.cols[k].name));
		cJSON_AddItemToArray(vals, cJSON_CreateNumber(r->importance[k]));
	}
	cJSON_AddItemToArray(cJSON_AddArrayToObject(c, "series"), s);
	cJSON_AddItemToObject(charts, "drivers_importance", c);
	return o;
}

cJSON *
drivers_run(struct analysis_ctx *ctx, const cJSON *params)
{
	const struct drivers_result *r = drivers_compute(ctx, params);
	return r ? drivers_to_model(ctx, r) : NULL;
}

static const struct jsoncheck_param params[] = {
	{ "dataset", JSONCHECK_ENUM, "opportunities|customers", 0, 0, "\"opportunities\" when present, else \"customers\"",
	  "the rows explained" },
	{ "target", JSONCHECK_STR, NULL, 0, 0, "won / churned",
	  "outcome: a 0/1 column" },
	{ "features", JSONCHECK_STRS, NULL, 0, 0, "every numeric column and every text column with 2 to 20 distinct values among the "
	  "labelled rows, except ids, names, stage, account, the target, dates, churn_date, source "
	  "columns behind mapped role fields and columns missing on more than half of the rows",
	  "candidates for splits" },
	{ "max_depth", JSONCHECK_INT, NULL, 1, 64, "3",
	  "tree depth" },
	{ "min_samples_leaf", JSONCHECK_INT, NULL, 1, 1e15, "20",
	  "smallest leaf" },
};

const struct analysis drivers_analysis = {
	.key = "drivers",
	.doc = "a classification tree (CART, Gini) of won or churned on the features",
	.needs = 0,
	.data = "opportunities (won) or customers (churned) and the feature columns",
	.params = params,
	.nparams = sizeof params / sizeof params[0],
	.run = drivers_run,
};
