/* SPDX-License-Identifier: MIT
 * analysis: the static registry of analyses and the loop that runs them in order,
 * skipping disabled ones and those whose datasets are absent (with a note). */
#include "analysis/analysis.h"

#include <stdarg.h>

#include "analysis/clv.h"
#include "analysis/data_quality.h"
#include "analysis/forecast.h"
#include "analysis/funnel.h"
#include "analysis/health.h"
#include "analysis/lifecycle.h"
#include "analysis/market.h"
#include "analysis/mcdaeval.h"
#include "analysis/rfm.h"
#include "analysis/segmentation.h"
#include "base/buf.h"

#define ROLE(r) (1u << (r))

const struct analysis analysis_registry[] = {
	{ "data_quality", 0, data_quality_run },
	{ "rfm", ROLE(PROJECT_ORDERS), rfm_run },
	{ "lifecycle", 0, lifecycle_run },
	{ "clv", ROLE(PROJECT_ORDERS), clv_run },
	{ "health", ROLE(PROJECT_ORDERS), health_run },
	{ "segmentation", 0, segmentation_run },
	{ "market", ROLE(PROJECT_CUSTOMERS), market_run },
	{ "funnel", ROLE(PROJECT_OPPORTUNITIES), funnel_run },
	{ "forecast", 0, forecast_run },
	{ "partners", ROLE(PROJECT_PARTNERS), mcdaeval_partners_run },
	{ "schemes", ROLE(PROJECT_SCHEMES), mcdaeval_schemes_run },
};
const size_t analysis_count = sizeof analysis_registry / sizeof analysis_registry[0];

const struct table *
analysis_table_of(const struct analysis_ctx *ctx, enum project_role r)
{
	return ctx->datasets[r] ? ctx->datasets[r]->table : NULL;
}

void
analysis_note(struct analysis_ctx *ctx, const char *fmt, ...)
{
	struct buf b;
	va_list ap;
	if (!ctx->notes)
		return;
	buf_init(&b);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	cJSON_AddItemToArray(ctx->notes, cJSON_CreateString(buf_str(&b)));
	buf_release(&b);
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
		res = an->run(ctx, project_params(ctx->project, an->key));
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
