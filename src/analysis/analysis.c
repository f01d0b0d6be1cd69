/* SPDX-License-Identifier: MIT
 * analysis: the static registry of analyses and the loop that runs them in order,
 * skipping disabled ones and those whose datasets are absent (with a note). */
#include "analysis/analysis.h"

#include "base/diag.h"

#include <stdarg.h>

#include "analysis/churn.h"
#include "analysis/clv.h"
#include "analysis/data_quality.h"
#include "analysis/drivers.h"
#include "analysis/forecast.h"
#include "analysis/funnel.h"
#include "analysis/headlines.h"
#include "analysis/health.h"
#include "analysis/kpis.h"
#include "analysis/lead_scoring.h"
#include "analysis/lifecycle.h"
#include "analysis/market.h"
#include "analysis/mcdaeval.h"
#include "analysis/retention.h"
#include "analysis/rfm.h"
#include "analysis/segmentation.h"
#include "analysis/targets.h"
#include "base/buf.h"

#define ROLE(r) (1u << (r))

const struct analysis analysis_registry[] = {
	{ "data_quality", 0, data_quality_run },
	{ "kpis", 0, kpis_run },
	{ "rfm", ROLE(PROJECT_ORDERS), rfm_run },
	{ "lifecycle", 0, lifecycle_run },
	{ "clv", ROLE(PROJECT_ORDERS), clv_run },
	{ "health", ROLE(PROJECT_ORDERS), health_run },
	{ "segmentation", 0, segmentation_run },
	{ "market", ROLE(PROJECT_CUSTOMERS), market_run },
	{ "lead_scoring", ROLE(PROJECT_OPPORTUNITIES), lead_scoring_run },
	{ "churn", ROLE(PROJECT_CUSTOMERS), churn_run },
	{ "retention", ROLE(PROJECT_CUSTOMERS), retention_run },
	{ "drivers", 0, drivers_run },
	{ "funnel", ROLE(PROJECT_OPPORTUNITIES), funnel_run },
	{ "forecast", 0, forecast_run },
	{ "partners", ROLE(PROJECT_PARTNERS), mcdaeval_partners_run },
	{ "schemes", ROLE(PROJECT_SCHEMES), mcdaeval_schemes_run },
	{ "targets", 0, targets_run },
	{ "headlines", 0, headlines_run },
};
const size_t analysis_count = sizeof analysis_registry / sizeof analysis_registry[0];

/* ---- parameter checks: the parsing part of an analysis, no data needed ---- */

static int
check_rfm(struct analysis_ctx *ctx, const cJSON *params, const char **err)
{
	const struct rfmscore_rule *rules;
	ctx->error_path = "analyses.rfm.segments";
	return rfm_parse_map(ctx->a, cJSON_GetObjectItemCaseSensitive(params, "segments"), &rules, err) < 0;
}

static int
check_lifecycle(struct analysis_ctx *ctx, const cJSON *params, const char **err)
{
	struct lifecycle_params p;
	ctx->error_path = "analyses.lifecycle";
	return lifecycle_params_parse(ctx->a, params, &p, err) != 0;
}

static int
check_health(struct analysis_ctx *ctx, const cJSON *params, const char **err)
{
	struct health_weights w;
	ctx->error_path = "analyses.health.weights";
	return health_params_parse(ctx->a, params, &w, err) != 0;
}

static int
check_segmentation(struct analysis_ctx *ctx, const cJSON *params, const char **err)
{
	struct segmentation_params p;
	ctx->error_path = "analyses.segmentation";
	return segmentation_params_parse(ctx->a, params, &p, err) != 0;
}

/* Analyses whose parameters have value constraints checkable without data; the
 * paths match those their run functions report. */
static const struct {
	const char *key;
	int (*check)(struct analysis_ctx *ctx, const cJSON *params, const char **err);
} checks[] = {
	{ "rfm", check_rfm },
	{ "lifecycle", check_lifecycle },
	{ "health", check_health },
	{ "segmentation", check_segmentation },
};

int
analysis_check_all(struct analysis_ctx *ctx)
{
	for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
		const char *err = NULL;
		if (!project_enabled(ctx->project, checks[i].key))
			continue;
		if (checks[i].check(ctx, project_params(ctx->project, checks[i].key), &err)) {
			ctx->error = err;
			return -1;
		}
		ctx->error_path = NULL;
	}
	return 0;
}

const struct table *
analysis_table_of(const struct analysis_ctx *ctx, enum project_role r)
{
	return ctx->datasets[r] ? ctx->datasets[r]->table : NULL;
}

/* Appends the note; returns its text (the array's copy), or NULL without notes. */
static const char *
add_note(struct analysis_ctx *ctx, const char *fmt, va_list ap)
{
	struct buf b;
	cJSON *s;
	if (!ctx->notes)
		return NULL;
	buf_init(&b);
	buf_vprintf(&b, fmt, ap);
	s = cJSON_CreateString(buf_str(&b));
	cJSON_AddItemToArray(ctx->notes, s);
	buf_release(&b);
	return s->valuestring;
}

void
analysis_note(struct analysis_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add_note(ctx, fmt, ap);
	va_end(ap);
}

void
analysis_lost(struct analysis_ctx *ctx, enum project_role r, const struct table_bad *at,
              const char *fmt, ...)
{
	va_list ap;
	const char *s;
	va_start(ap, fmt);
	s = add_note(ctx, fmt, ap);
	va_end(ap);
	if (s && ctx->nlost < ANALYSIS_MAX_LOST) {
		ctx->lost_role[ctx->nlost] = r;
		ctx->lost_line[ctx->nlost] = at ? at->line : 0;
		ctx->lost_col[ctx->nlost] = at ? at->col : 0;
		ctx->lost[ctx->nlost++] = arena_strdup(ctx->a, s);
	}
}

size_t
analysis_run_all(struct analysis_ctx *ctx)
{
	size_t n = 0;
	for (size_t i = 0; i < analysis_count; i++) {
		const struct analysis *an = &analysis_registry[i];
		cJSON *res;
		int r, missing = -1;
		if (!project_enabled(ctx->project, an->key))
			continue;
		for (r = 0; r < PROJECT_NROLES; r++)
			if ((an->needs & ROLE(r)) && !ctx->datasets[r]) {
				missing = r;
				break;
			}
		if (missing >= 0) {
			analysis_note(ctx, "%s skipped: no '%s' dataset", an->key, project_role_names[missing]);
			continue;
		}
		double t0 = diag_now();
		res = an->run(ctx, project_params(ctx->project, an->key));
		if (i < ANALYSIS_MAX)
			ctx->seconds[i] = diag_now() - t0;
		if (!res && ctx->error)
			break;
		if (res) {
			cJSON_AddItemToObject(ctx->results, an->key, res);
			n++;
		}
	}
	if (cJSON_HasObjectItem(ctx->results, "charts")) /* charts after the analyses */
		cJSON_AddItemToObject(ctx->results, "charts", cJSON_DetachItemFromObject(ctx->results, "charts"));
	return n;
}
