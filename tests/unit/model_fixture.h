/* SPDX-License-Identifier: MIT
 * Small hand-made tables and an analysis context for the model analyses' unit
 * tests (features, lead_scoring, churn, retention, drivers). */
#ifndef TESTS_MODEL_FIXTURE_H
#define TESTS_MODEL_FIXTURE_H

#include "analysis/analysis.h"
#include "base/buf.h"
#include "base/diag.h"
#include "ingest/table.h"
#include "render/chart.h"

/* Column name -> values; NULL text / NaN number = missing. Columns must be added
 * before any is filled (table_add_column moves the column array). */
static inline void
fixture_text(struct arena *a, struct table *t, const char *name, const char *const *v)
{
	struct table_column *c = table_column_find(t, name);
	c->nmissing = 0;
	for (size_t i = 0; i < t->nrows; i++) {
		c->code[i] = v[i] ? table_intern(a, c, v[i], strlen(v[i])) : -1;
		c->nmissing += !v[i];
	}
}

static inline void
fixture_num(struct table *t, const char *name, const double *v)
{
	struct table_column *c = table_column_find(t, name);
	c->nmissing = 0;
	for (size_t i = 0; i < t->nrows; i++) {
		c->num[i] = v[i];
		c->nmissing += v[i] != v[i];
	}
}

struct fixture {
	struct arena a;
	struct analysis_ctx ctx;
	struct dataset ds[PROJECT_NROLES];
	struct dataset *dsp[PROJECT_NROLES];
};

static inline void
fixture_init(struct fixture *f)
{
	memset(f, 0, sizeof *f);
	arena_init(&f->a);
	f->ctx.a = &f->a;
	f->ctx.datasets = f->dsp;
	f->ctx.results = cJSON_CreateObject();
	f->ctx.notes = cJSON_CreateArray();
	f->ctx.as_of = 20000;
}

static inline void
fixture_set(struct fixture *f, enum project_role r, struct table *t)
{
	f->ds[r].table = t;
	f->ds[r].role = r;
	f->ds[r].name = project_role_names[r];
	f->dsp[r] = &f->ds[r];
}

/* 1 when some note contains s. */
static inline int
fixture_noted(const struct fixture *f, const char *s)
{
	for (const cJSON *n = f->ctx.notes->child; n; n = n->next)
		if (cJSON_IsString(n) && strstr(n->valuestring, s))
			return 1;
	return 0;
}

/* Draws every chart of ctx.results' "charts" as SVG; returns how many drew
 * without a diagnostic (the chart module refuses malformed specs). */
static inline int
fixture_draw_charts(const struct fixture *f)
{
	const cJSON *charts = cJSON_GetObjectItem(f->ctx.results, "charts");
	int ok = 0;
	for (const cJSON *c = charts ? charts->child : NULL; c; c = c->next) {
		struct buf svg;
		struct diag d;
		diag_init(&d);
		d.out = NULL;
		buf_init(&svg);
		if (chart_svg(c, 480, 320, NULL, &svg, &d) == 0 && d.nerrors == 0 && svg.len > 0)
			ok++;
		buf_release(&svg);
	}
	return ok;
}

static inline void
fixture_finish(struct fixture *f)
{
	cJSON_Delete(f->ctx.results);
	cJSON_Delete(f->ctx.notes);
	arena_finish(&f->a);
}
#endif
