/* SPDX-License-Identifier: MIT
 * churn: fits the churn model on the customers with a known `churned` flag and
 * scores every customer, through scoring.c. */
#include "analysis/churn.h"

#include <math.h>
#include <string.h>

#include "analysis/custagg.h"

static const char *const default_names[] = {
	"recency", "frequency", "monetary", "satisfaction", "tenure",
};

static const char *const rfm_names[] = { "recency", "frequency", "monetary" };

/* 1 when name is recency, frequency or monetary. */
static int
is_rfm(const char *name)
{
	for (size_t k = 0; k < 3; k++)
		if (strcmp(name, rfm_names[k]) == 0)
			return 1;
	return 0;
}

/* The customers table with recency (days from the last order to as_of), frequency
 * (orders) and monetary (sum of amount) from the shared aggregation of the orders
 * (custagg) for those of them it lacks: a copy sharing t's columns (t is left as it
 * is). Customers without an order get missing values. t itself without orders. */
static const struct table *
with_rfm(struct analysis_ctx *ctx, const struct table *t)
{
	const struct custagg *ca = custagg_get(ctx);
	struct table *c;
	int32_t *code;
	if (!ca || !(code = custagg_map_rows(ctx->a, ca, t)))
		return t;
	c = arena_alloc(ctx->a, sizeof *c);
	*c = *t;
	for (size_t k = 0; k < 3; k++) {
		struct table_column *col;
		if (table_column_find(c, rfm_names[k]))
			continue;
		col = table_add_column(ctx->a, c, rfm_names[k], TABLE_NUM);
		col->nmissing = 0;
		for (size_t i = 0; i < c->nrows; i++) {
			int32_t g = code[i];
			double v = NAN;
			if (g >= 0 && ca->orders[g] > 0)
				v = k == 0 ? ca->as_of - ca->last[g] : k == 1 ? ca->orders[g] : ca->monetary[g];
			col->num[i] = v;
			col->nmissing += v != v;
		}
	}
	return c;
}

/* 1 when the churned flag is an inactivity rule: every churned customer has been
 * silent longer than every active one (recency separates the classes), so recency is
 * the outcome's definition, not a predictor of it. */
static int
inactivity_rule(const struct table *t, const char *target)
{
	const struct table_column *rc = table_column_find(t, "recency"), *yc = table_column_find(t, target);
	double lo = INFINITY, hi = -INFINITY;
	size_t n1 = 0, n0 = 0;
	if (!rc || !yc || rc->type == TABLE_TEXT || yc->type == TABLE_TEXT)
		return 0;
	for (size_t r = 0; r < t->nrows; r++) {
		double v = rc->num[r], y = yc->num[r];
		if (v != v || y != y)
			continue;
		if (y != 0) {
			lo = fmin(lo, v);
			n1++;
		} else {
			hi = fmax(hi, v);
			n0++;
		}
	}
	return n1 && n0 && lo > hi;
}

const struct churn_result *
churn_compute(struct analysis_ctx *ctx, const struct table *t, const cJSON *params)
{
	struct churn_result *res = arena_calloc(ctx->a, 1, sizeof *res);
	const char *err = NULL;
	unsigned char *all;
	scoring_params_read(ctx->a, params, "churned", &res->params);
	if (!table_column_find(t, res->params.target)) {
		analysis_note(ctx, "churn model skipped: customers has no '%s' field", res->params.target);
		return NULL;
	}
	{
		int need = !res->params.features;
		for (size_t j = 0; j < res->params.nfeatures; j++)
			need |= is_rfm(res->params.features[j]) && !table_column_find(t, res->params.features[j]);
		if (need)
			t = with_rfm(ctx, t);
	}
	if (!res->params.features) {
		size_t n = 0;
		res->params.features = arena_calloc(ctx->a, 6, sizeof *res->params.features);
		for (size_t i = 0; i < sizeof default_names / sizeof *default_names; i++) {
			const struct table_column *c = table_column_find(t, default_names[i]);
			if (c && c->type != TABLE_TEXT && c->nmissing < t->nrows)
				res->params.features[n++] = default_names[i];
			else if (c && c->type != TABLE_TEXT && t->nrows)
				analysis_lost(ctx, PROJECT_CUSTOMERS, NULL, "churn: feature '%s' left out: it is "
				              "missing in every row", default_names[i]);
		}
		res->params.nfeatures = n;
	}
	if (!res->params.nfeatures) {
		analysis_note(ctx, "churn model skipped: customers has none of recency, frequency, "
		              "monetary, satisfaction, tenure and no 'features' were given");
		return NULL;
	}
	if (inactivity_rule(t, res->params.target)) {
		res->params.outcome_feature = "recency";
		res->params.outcome_why = "churn is defined by inactivity: recency separates churned from active "
		                          "customers exactly";
		res->params.outcome_why_zh = "流失由不活跃定义：最近购买间隔恰好区分了流失与活跃客户";
	}
	all = arena_alloc(ctx->a, t->nrows + 1);
	memset(all, 1, t->nrows + 1);
	if (scoring_run(ctx, "churn", t, &res->params, NULL, all, &res->model, &err) < 0) {
		if (err)
			analysis_note(ctx, "%s", err);
		return NULL;
	}
	return res;
}

cJSON *
churn_run(struct analysis_ctx *ctx, const cJSON *params)
{
	const struct table *t = analysis_table_of(ctx, PROJECT_CUSTOMERS);
	const struct churn_result *res;
	if (!t || !(res = churn_compute(ctx, t, params)))
		return NULL;
	ctx->churn = res;
	return scoring_to_model(ctx, "churn", &res->params, &res->model);
}

const struct analysis churn_analysis = {
	.key = "churn",
	.doc = "logistic regression of churned on customer features, held-out metrics, and p(churn) of the active customers",
	.needs = ANALYSIS_ROLE(PROJECT_CUSTOMERS),
	.data = "customers: churned and the feature columns; the rfm table when run",
	.params = scoring_param_table,
	.nparams = SCORING_NPARAMS,
	.run = churn_run,
};
