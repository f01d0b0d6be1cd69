/* SPDX-License-Identifier: MIT
 * lead_scoring: picks the closed deals (won = 0/1) to fit and the open ones to score,
 * chooses default features, and hands the rest to scoring.c. */
#include "analysis/lead_scoring.h"

#include <math.h>
#include <string.h>

static const char *const excluded[] = { "id", "stage", "account", "won", NULL };

/* Default features: features_default on the closed deals, then numeric columns that
 * no open deal has are left out. */
static size_t
default_features(struct arena *a, const struct table *t, const unsigned char *closed,
                 const unsigned char *open, const char *target,
                 const struct project_dataset *spec, const char ***names)
{
	size_t n, nopen = 0, m = 0;
	n = features_default(a, t, closed, features_exclude(a, excluded, target, spec), 20, names);
	for (size_t r = 0; r < t->nrows; r++)
		nopen += open[r];
	for (size_t j = 0; j < n; j++) {
		const struct table_column *c = table_column_find(t, (*names)[j]);
		int seen = nopen == 0 || c->type == TABLE_TEXT;
		for (size_t r = 0; r < t->nrows && !seen; r++)
			seen = open[r] && !table_missing(c, r);
		if (seen)
			(*names)[m++] = (*names)[j];
	}
	return m;
}

const struct lead_scoring_result *
lead_scoring_compute(struct analysis_ctx *ctx, const struct table *t, const cJSON *params)
{
	struct lead_scoring_result *res = arena_calloc(ctx->a, 1, sizeof *res);
	const struct table_column *tc;
	unsigned char *closed, *open;
	const char *err = NULL;
	scoring_params_read(ctx->a, params, "won", &res->params);
	tc = table_column_find(t, res->params.target);
	if (!tc || tc->type == TABLE_TEXT) {
		analysis_note(ctx, "lead_scoring skipped: opportunities has no numeric '%s' field",
		              res->params.target);
		return NULL;
	}
	closed = arena_calloc(ctx->a, t->nrows + 1, 1);
	open = arena_calloc(ctx->a, t->nrows + 1, 1);
	for (size_t r = 0; r < t->nrows; r++) {
		closed[r] = !table_missing(tc, r);
		open[r] = !closed[r];
	}
	if (!res->params.features)
		res->params.nfeatures = default_features(ctx->a, t, closed, open, res->params.target,
		                                         ctx->project ? ctx->project->datasets[PROJECT_OPPORTUNITIES] : NULL,
		                                         &res->params.features);
	if (!res->params.nfeatures) {
		analysis_note(ctx, "lead_scoring skipped: opportunities has no feature columns");
		return NULL;
	}
	if (scoring_run(ctx, "lead_scoring", t, &res->params, NULL, open, &res->model, &err) < 0) {
		if (err)
			analysis_note(ctx, "%s", err);
		return NULL;
	}
	{
		size_t nopen = 0;
		for (size_t r = 0; r < t->nrows; r++)
			nopen += open[r];
		if (res->model.nscored < nopen)
			analysis_note(ctx, "lead_scoring: %zu of %zu open deals not scored (a feature missing, "
			              "or a level no closed deal has)", nopen - res->model.nscored, nopen);
	}
	return res;
}

cJSON *
lead_scoring_run(struct analysis_ctx *ctx, const cJSON *params)
{
	const struct table *t = analysis_table_of(ctx, PROJECT_OPPORTUNITIES);
	const struct lead_scoring_result *res;
	if (!t || !(res = lead_scoring_compute(ctx, t, params)))
		return NULL;
	ctx->lead_scoring = res;
	return scoring_to_model(ctx, "lead_scoring", &res->params, &res->model);
}

const struct analysis lead_scoring_analysis = {
	.key = "lead_scoring",
	.doc = "logistic regression of won vs lost on the closed opportunities, held-out metrics, and P(won) of the open ones",
	.needs = ANALYSIS_ROLE(PROJECT_OPPORTUNITIES),
	.data = "opportunities: stage (won and lost) and the feature columns",
	.params = scoring_param_table,
	.nparams = SCORING_NPARAMS,
	.run = lead_scoring_run,
};
