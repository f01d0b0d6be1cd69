/* SPDX-License-Identifier: MIT
 * Small hand-made role tables for the customer-analysis unit tests (custagg, rfm,
 * clv, lifecycle, health, segmentation, market): text, number and date columns
 * added by name to a table in an arena. */
#ifndef TESTS_CUSTDATA_H
#define TESTS_CUSTDATA_H

#include <string.h>

#include "analysis/analysis.h"
#include "ingest/table.h"

/* Adds a text column; NULL entries are missing. */
static inline void
cd_text(struct arena *a, struct table *t, const char *name, const char *const *v)
{
	struct table_column *c;
	table_add_column(a, t, name, TABLE_TEXT);
	c = table_column_find(t, name);
	for (size_t r = 0; r < t->nrows; r++)
		c->code[r] = v[r] ? table_intern(a, c, v[r], strlen(v[r])) : -1;
}

/* Adds a number (or date: days since 1970-01-01) column; NAN is missing. */
static inline void
cd_num(struct arena *a, struct table *t, const char *name, enum table_type type, const double *v)
{
	struct table_column *c;
	table_add_column(a, t, name, type);
	c = table_column_find(t, name);
	for (size_t r = 0; r < t->nrows; r++) {
		c->num[r] = v[r];
		if (v[r] != v[r])
			c->nmissing++;
	}
}

/* An orders table (customer, date, amount[, order]). */
static inline struct table *
cd_orders(struct arena *a, size_t n, const char *const *cust, const double *day, const double *amount,
          const char *const *order)
{
	struct table *t = table_new(a, "orders", n);
	cd_text(a, t, "customer", cust);
	cd_num(a, t, "date", TABLE_DATE, day);
	cd_num(a, t, "amount", TABLE_NUM, amount);
	if (order)
		cd_text(a, t, "order", order);
	return t;
}

/* A context over the given role tables (NULL = absent), with a results root and a
 * notes array (caller deletes ctx->results and ctx->notes). */
static inline void
cd_ctx(struct analysis_ctx *ctx, struct arena *a, struct dataset *ds, struct table *const *tables,
       double as_of)
{
	static struct dataset *ptrs[PROJECT_NROLES];
	memset(ctx, 0, sizeof *ctx);
	memset(ds, 0, PROJECT_NROLES * sizeof *ds);
	for (int r = 0; r < PROJECT_NROLES; r++) {
		ptrs[r] = tables[r] ? &ds[r] : NULL;
		ds[r].table = tables[r];
		ds[r].role = (enum project_role)r;
		ds[r].name = project_role_names[r];
	}
	ctx->a = a;
	ctx->datasets = ptrs;
	ctx->as_of = as_of;
	ctx->week_end = as_of;
	ctx->week_start = as_of - 6;
	ctx->results = cJSON_CreateObject();
	ctx->notes = cJSON_CreateArray();
}

#endif
