/* SPDX-License-Identifier: MIT
 * analysis: the registry of analysis entries, the validation of the project's
 * "analyses" object against them, and the loop that runs them in order, skipping
 * disabled ones and those whose datasets are absent (with a note). */
#include "analysis/analysis.h"

#include "base/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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
#include "base/suggest.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))

const struct analysis *const analysis_registry[] = {
	&data_quality_analysis,
	&kpis_analysis,
	&rfm_analysis,
	&lifecycle_analysis,
	&clv_analysis,
	&health_analysis,
	&segmentation_analysis,
	&market_analysis,
	&lead_scoring_analysis,
	&churn_analysis,
	&retention_analysis,
	&drivers_analysis,
	&funnel_analysis,
	&forecast_analysis,
	&mcdaeval_partners_analysis,
	&mcdaeval_schemes_analysis,
	&targets_analysis,
	&headlines_analysis,
};
const size_t analysis_count = N(analysis_registry);

/* index of key in the registry, analysis_count when none */
static size_t
find(const char *key)
{
	size_t i;
	for (i = 0; i < analysis_count; i++)
		if (strcmp(analysis_registry[i]->key, key) == 0)
			break;
	return i;
}

const struct analysis *
analysis_find(const char *key)
{
	size_t i = find(key);
	return i < analysis_count ? analysis_registry[i] : NULL;
}

/* The entry's check on params, reported at its project path. */
static void
check_entry(struct arena *a, const struct project *p, const struct analysis *an, const cJSON *params,
            struct diag *d, size_t *errors)
{
	struct analysis_ctx ctx;
	struct diag_loc loc;
	memset(&ctx, 0, sizeof ctx);
	ctx.a = a;
	ctx.project = p;
	if (an->check(&ctx, params) == 0)
		return;
	project_locate(p, ctx.error_path ? ctx.error_path : "analyses", &loc);
	diag_error(d, BD_EINPUT, &loc, "%s", ctx.error ? ctx.error : "invalid parameters");
	(*errors)++;
}

size_t
analysis_validate(struct arena *a, const struct project *p, struct diag *d)
{
	const char *names[ANALYSIS_MAX];
	unsigned char bad[ANALYSIS_MAX] = { 0 };
	struct jsoncheck c;
	size_t errors = 0;
	for (size_t i = 0; i < analysis_count; i++)
		names[i] = analysis_registry[i]->key;
	jsoncheck_init(&c, p->file, p->text, p->len, d);
	jsoncheck_push(&c, "analyses");
	for (const cJSON *m = p->analyses ? p->analyses->child : NULL; m; m = m->next) {
		size_t i = find(m->string), before = c.errors;
		const struct analysis *an = i < analysis_count ? analysis_registry[i] : NULL;
		jsoncheck_push(&c, m->string);
		if (!an) {
			const char *s = suggest_closest(m->string, names, analysis_count);
			if (s)
				jsoncheck_error(&c, 1, "unknown analysis '%s'; did you mean '%s'?", m->string, s);
			else
				jsoncheck_error(&c, 1, "unknown analysis '%s'", m->string);
		} else if (jsoncheck_expect(&c, m, cJSON_IsObject(m) || cJSON_IsBool(m),
		                            "false or an object of parameters") && cJSON_IsObject(m)) {
			char where[96];
			snprintf(where, sizeof where, "analysis '%s'", an->key);
			jsoncheck_object(&c, m, an->params, an->nparams, where);
		}
		if (an && c.errors > before)
			bad[i] = 1;
		jsoncheck_pop(&c);
	}
	errors = c.errors;
	for (size_t i = 0; i < analysis_count; i++) {
		const struct analysis *an = analysis_registry[i];
		if (an->check && !bad[i] && project_enabled(p, an->key))
			check_entry(a, p, an, project_params(p, an->key), d, &errors);
	}
	return errors;
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
		const struct analysis *an = analysis_registry[i];
		cJSON *res;
		int r, missing = -1;
		if (!project_enabled(ctx->project, an->key))
			continue;
		for (r = 0; r < PROJECT_NROLES; r++)
			if ((an->needs & ANALYSIS_ROLE(r)) && !ctx->datasets[r]) {
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
