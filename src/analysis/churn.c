/* SPDX-License-Identifier: MIT
 * churn: fits the churn model on the customers with a known `churned` flag and
 * scores every customer, through scoring.c. */
#include "analysis/churn.h"

#include <math.h>
#include <string.h>

static const char *const default_names[] = {
	"recency", "frequency", "monetary", "satisfaction", "tenure",
};

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
	if (!res->params.features) {
		size_t n = 0;
		res->params.features = arena_calloc(ctx->a, 6, sizeof *res->params.features);
		for (size_t i = 0; i < sizeof default_names / sizeof *default_names; i++) {
			const struct table_column *c = table_column_find(t, default_names[i]);
			if (c && c->type != TABLE_TEXT && c->nmissing < t->nrows)
				res->params.features[n++] = default_names[i];
		}
		res->params.nfeatures = n;
	}
	if (!res->params.nfeatures) {
		analysis_note(ctx, "churn model skipped: customers has none of recency, frequency, "
		              "monetary, satisfaction, tenure and no 'features' were given");
		return NULL;
	}
	all = arena_alloc(ctx->a, t->nrows + 1);
	memset(all, 1, t->nrows + 1);
	if (scoring_run(ctx, "churn", t, &res->params, NULL, all, &res->model, &err) < 0) {
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
