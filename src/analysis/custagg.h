/* SPDX-License-Identifier: MIT
 * custagg: the one per-customer aggregation of the orders table (first and last
 * order day, distinct orders, monetary, 12-month revenue) that rfm, clv, lifecycle,
 * health, segmentation, market and targets share. Built once per build, in O(rows),
 * by indexing arrays with the dictionary codes of the orders' customer column. */
#ifndef ANALYSIS_CUSTAGG_H
#define ANALYSIS_CUSTAGG_H
#include <stddef.h>
#include <stdint.h>
#include "analysis/analysis.h"
#include "base/arena.h"
#include "ingest/table.h"

/* Customer index ("code"): every per-customer array in custagg, rfm, clv, lifecycle,
 * health and segmentation is indexed by the dictionary code of the orders table's
 * `customer` column (0 .. n-1, first-seen order). Only rows whose day is on or
 * before as_of count; a customer whose orders all lie after as_of has orders[c] == 0
 * and NaN dates. Days are whole days since 1970-01-01 (the time of day dropped). */
struct custagg {
	size_t n;                       /* dictionary size of orders.customer */
	const char *const *ids;         /* ids[code]: the customer id text */
	double as_of;                   /* whole day */
	double *first, *last;           /* first and last order day (NaN: none) */
	double *prev_last;              /* last order day on or before as_of - 7 (NaN: none) */
	double *orders;                 /* distinct values of `order` (every row without it) */
	double *lines;                  /* order rows */
	double *monetary;               /* sum of amount */
	double *rev12, *rev_prev12;     /* amount in (as_of-365, as_of] and (as_of-730, as_of-365] */
	int has_order;                  /* the orders table has an `order` column */
	size_t nactive;                 /* customers with at least one order */
	int32_t *active;                /* their codes, sorted by id (numerically when every id
	                                   is a number, else bytewise): the tie-break order */
	double total_revenue;           /* sum of monetary */
	size_t rows_used;               /* rows on or before as_of */
	int32_t *hash;                  /* private: open-addressing id index for custagg_find */
	size_t hmask;
	const struct table *map_table;  /* private: custagg_map_rows' cached table and result */
	int32_t *map;
};

/* Aggregates orders (customer, date, amount[, order]) up to as_of. All memory from a.
 * Returns NULL when the table lacks customer, date or amount. */
struct custagg *custagg_build(struct arena *a, const struct table *orders, double as_of);

/* The aggregation of ctx's orders table, built on first use and cached in
 * ctx->custagg (with the customers table's row map precomputed); NULL when there is
 * no orders dataset. */
const struct custagg *custagg_get(struct analysis_ctx *ctx);

/* Code of customer id s, or -1. O(1) average (a hash built on first call, kept in
 * the struct's arena-allocated index). */
int32_t custagg_find(const struct custagg *ca, const char *id);

/* For every row of customers (its `id` column): the customer code, or -1 when the
 * customer has no row in orders. Arena-allocated array of customers->nrows (shared:
 * do not modify; the map of ctx's customers table is computed once); NULL when
 * customers is NULL or has no `id` column. */
int32_t *custagg_map_rows(struct arena *a, const struct custagg *ca, const struct table *customers);

/* Helpers shared by the customer analyses' to-model functions. */
/* Adds name (a number, null when not finite) and name_fmt with modelfmt_add in the
 * project's locale and currency. kind: "money" (compact money, "$12.3k", "¥1.2万"),
 * "integer", "number", "percent" (a 0..1 share), "days", "delta" (signed count). */
void custagg_add_num(cJSON *o, const char *name, double v, const char *kind,
                     const struct analysis_ctx *ctx);
/* The root's "charts" object (created when absent). */
cJSON *custagg_charts(struct analysis_ctx *ctx);
/* A new empty chart spec at charts.<id>, replacing an earlier one of that id. */
cJSON *custagg_chart(struct analysis_ctx *ctx, const char *id);
/* Numeric sort helpers: median of v[0..n) (v is reordered); NaN when n == 0. */
double custagg_median(double *v, size_t n);
#endif
