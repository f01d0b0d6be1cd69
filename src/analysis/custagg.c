/* SPDX-License-Identifier: MIT
 * custagg: one pass over the orders rows into per-customer arrays indexed by the
 * customer dictionary code; distinct orders counted without hashing in the common
 * case (an order belongs to one customer), plus small formatting helpers. */
#include "analysis/custagg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/modelfmt.h"

#define AHEAD 16

struct rec {
	double first, last, prev_last, orders, lines, monetary, rev12, rev_prev12;
};

struct pair {
	int32_t c;
	double v;
};

static int
cmp_pair(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	if (x->c != y->c)
		return x->c < y->c ? -1 : 1;
	return x->v < y->v ? -1 : x->v > y->v;
}

/* Sort items for ids: numeric value, or the first 8 bytes big-endian (then strcmp). */
struct idkey {
	union {
		double num;
		uint64_t pre;
	} k;
	int32_t code;
};
static const char *const *sort_ids;

static int
cmp_num(const void *a, const void *b)
{
	const struct idkey *x = a, *y = b;
	if (x->k.num != y->k.num)
		return x->k.num < y->k.num ? -1 : 1;
	return (x->code > y->code) - (x->code < y->code);
}

static int
cmp_text(const void *a, const void *b)
{
	const struct idkey *x = a, *y = b;
	int r;
	if (x->k.pre != y->k.pre)
		return x->k.pre < y->k.pre ? -1 : 1;
	r = strcmp(sort_ids[x->code], sort_ids[y->code]);
	if (r)
		return r;
	return (x->code > y->code) - (x->code < y->code);
}

/* Distinct (customer, value) pairs added to orders[]; pairs sorted in place. */
static void
count_pairs(struct pair *p, size_t n, double *orders)
{
	qsort(p, n, sizeof *p, cmp_pair);
	for (size_t i = 0; i < n; i++)
		if (i == 0 || p[i].c != p[i - 1].c || p[i].v != p[i - 1].v)
			orders[p[i].c] += 1;
}

static void
sort_active(struct custagg *ca)
{
	struct idkey *k = xmalloc((ca->nactive + 1) * sizeof *k);
	int all_num = 1;
	for (size_t i = 0; i < ca->nactive && all_num; i++) {
		const char *s = ca->ids[ca->active[i]];
		char *end;
		k[i].code = ca->active[i];
		k[i].k.num = strtod(s, &end);
		if (end == s || *end || k[i].k.num != k[i].k.num)
			all_num = 0;
	}
	if (!all_num)
		for (size_t i = 0; i < ca->nactive; i++) {
			const unsigned char *s = (const unsigned char *)ca->ids[ca->active[i]];
			uint64_t p = 0;
			int j;
			for (j = 0; j < 8 && s[j]; j++)
				p = p << 8 | s[j];
			k[i].k.pre = j == 0 ? 0 : j == 8 ? p : p << (8 * (8 - j));
			k[i].code = ca->active[i];
		}
	sort_ids = ca->ids;
	qsort(k, ca->nactive, sizeof *k, all_num ? cmp_num : cmp_text);
	sort_ids = NULL;
	for (size_t i = 0; i < ca->nactive; i++)
		ca->active[i] = k[i].code;
	free(k);
}

static void
build_hash(struct arena *a, struct custagg *ca)
{
	size_t cap = 16;
	while (cap < 2 * ca->n + 1)
		cap <<= 1;
	ca->hash = arena_alloc(a, cap * sizeof *ca->hash);
	memset(ca->hash, 0xff, cap * sizeof *ca->hash);
	ca->hmask = cap - 1;
	for (size_t c = 0; c < ca->n; c++) {
		size_t h = table_hash(ca->ids[c], strlen(ca->ids[c])) & ca->hmask;
		while (ca->hash[h] >= 0)
			h = (h + 1) & ca->hmask;
		ca->hash[h] = (int32_t)c;
	}
}

struct custagg *
custagg_build(struct arena *a, const struct table *t, double as_of)
{
	const struct table_column *cu = table_column_find(t, "customer");
	const struct table_column *dt = table_column_find(t, "date");
	const struct table_column *am = table_column_find(t, "amount");
	const struct table_column *od = table_column_find(t, "order");
	struct custagg *ca;
	size_t n, m = 0, np = 0, cap = 0;
	double cut = as_of - 7, y1 = as_of - 365, y2 = as_of - 730;
	int32_t *ofirst = NULL;
	struct pair *pairs = NULL;
	struct rec *w;
	double total = 0;
	if (!cu || cu->type != TABLE_TEXT || !dt || dt->type == TABLE_TEXT || !am || am->type == TABLE_TEXT)
		return NULL;
	ca = arena_calloc(a, 1, sizeof *ca);
	n = ca->n = cu->ndict;
	ca->ids = cu->dict;
	ca->as_of = as_of;
	ca->first = arena_alloc(a, (n + 1) * sizeof(double));
	ca->last = arena_alloc(a, (n + 1) * sizeof(double));
	ca->prev_last = arena_alloc(a, (n + 1) * sizeof(double));
	ca->orders = arena_alloc(a, (n + 1) * sizeof(double));
	ca->lines = arena_alloc(a, (n + 1) * sizeof(double));
	ca->monetary = arena_alloc(a, (n + 1) * sizeof(double));
	ca->rev12 = arena_alloc(a, (n + 1) * sizeof(double));
	ca->rev_prev12 = arena_alloc(a, (n + 1) * sizeof(double));
	ca->has_order = od != NULL;
	if (od && od->type == TABLE_TEXT) {
		ofirst = xmalloc((od->ndict + 1) * sizeof *ofirst);
		memset(ofirst, 0xff, (od->ndict + 1) * sizeof *ofirst);
	}
	/* one 64-byte record per customer while scanning: one cache line per row */
	w = xmalloc((n + 1) * sizeof *w);
	for (size_t c = 0; c < n; c++) {
		memset(&w[c], 0, sizeof w[c]);
		w[c].first = w[c].last = w[c].prev_last = NAN;
	}
	for (size_t r = 0; r < t->nrows; r++) {
		int32_t c = cu->code[r];
		double day = floor(dt->num[r]), v = am->num[r];
		/* rows come in date order, customers at random: fetch a few rows ahead */
		if (r + AHEAD < t->nrows) {
			int32_t cn = cu->code[r + AHEAD];
			if (cn >= 0)
				__builtin_prefetch(&w[cn], 1);
			if (ofirst && od->code[r + AHEAD] >= 0)
				__builtin_prefetch(&ofirst[od->code[r + AHEAD]], 1);
		}
		if (c < 0 || day != day || day > as_of || v != v)
			continue;
		m++;
		if (!(w[c].first <= day))
			w[c].first = day;
		if (!(w[c].last >= day))
			w[c].last = day;
		if (day <= cut && !(w[c].prev_last >= day))
			w[c].prev_last = day;
		w[c].lines += 1;
		w[c].monetary += v;
		if (day > y1)
			w[c].rev12 += v;
		else if (day > y2)
			w[c].rev_prev12 += v;
		if (!od) {
			w[c].orders += 1;
		} else if (ofirst) {
			int32_t o = od->code[r];
			if (o < 0) {
				w[c].orders += 1;     /* a line without an order number is its own order */
			} else if (ofirst[o] < 0) {
				ofirst[o] = c;
				w[c].orders += 1;
			} else if (ofirst[o] != c) {
				/* an order shared by customers: counted exactly below */
				if (np == cap) {
					cap = cap ? 2 * cap : 256;
					pairs = xreallocarray(pairs, cap, sizeof *pairs);
				}
				pairs[np].c = c;
				pairs[np++].v = o;
			}
		} else {
			double ov = od->type == TABLE_DATE ? floor(od->num[r]) : od->num[r];
			if (ov != ov) {
				w[c].orders += 1;
				continue;
			}
			if (np == cap) {
				cap = cap ? 2 * cap : 4096;
				pairs = xreallocarray(pairs, cap, sizeof *pairs);
			}
			pairs[np].c = c;
			pairs[np++].v = ov;
		}
	}
	for (size_t c = 0; c < n; c++) {
		ca->first[c] = w[c].first;
		ca->last[c] = w[c].last;
		ca->prev_last[c] = w[c].prev_last;
		ca->orders[c] = w[c].orders;
		ca->lines[c] = w[c].lines;
		ca->monetary[c] = w[c].monetary;
		ca->rev12[c] = w[c].rev12;
		ca->rev_prev12[c] = w[c].rev_prev12;
	}
	free(w);
	if (np)
		count_pairs(pairs, np, ca->orders);
	free(pairs);
	free(ofirst);
	ca->rows_used = m;
	ca->active = arena_alloc(a, (n + 1) * sizeof *ca->active);
	for (size_t c = 0; c < n; c++)
		if (ca->lines[c] > 0) {
			ca->active[ca->nactive++] = (int32_t)c;
			total += ca->monetary[c];
		}
	ca->total_revenue = total;
	sort_active(ca);
	build_hash(a, ca);
	return ca;
}

const struct custagg *
custagg_get(struct analysis_ctx *ctx)
{
	const struct table *t;
	if (ctx->custagg)
		return ctx->custagg;
	t = analysis_table_of(ctx, PROJECT_ORDERS);
	if (!t)
		return NULL;
	{
		struct custagg *ca = custagg_build(ctx->a, t, ctx->as_of);
		const struct table *cust = analysis_table_of(ctx, PROJECT_CUSTOMERS);
		if (ca && cust) {
			ca->map = custagg_map_rows(ctx->a, ca, cust);
			ca->map_table = cust;
		}
		ctx->custagg = ca;
	}
	return ctx->custagg;
}

int32_t
custagg_find(const struct custagg *ca, const char *id)
{
	size_t h;
	if (!ca->hash || !id)
		return -1;
	h = table_hash(id, strlen(id)) & ca->hmask;
	while (ca->hash[h] >= 0) {
		if (strcmp(ca->ids[ca->hash[h]], id) == 0)
			return ca->hash[h];
		h = (h + 1) & ca->hmask;
	}
	return -1;
}

int32_t *
custagg_map_rows(struct arena *a, const struct custagg *ca, const struct table *cust)
{
	const struct table_column *id;
	int32_t *map, *bycode;
	if (ca && cust && cust == ca->map_table)
		return ca->map;
	if (!cust || !(id = table_column_find(cust, "id")) || id->type != TABLE_TEXT)
		return NULL;
	map = arena_alloc(a, (cust->nrows + 1) * sizeof *map);
	/* one lookup per distinct id, then an array index per row */
	bycode = xmalloc((id->ndict + 1) * sizeof *bycode);
	for (size_t k = 0; k < id->ndict; k++)
		bycode[k] = ca ? custagg_find(ca, id->dict[k]) : -1;
	for (size_t r = 0; r < cust->nrows; r++)
		map[r] = id->code[r] < 0 ? -1 : bycode[id->code[r]];
	free(bycode);
	return map;
}

void
custagg_add_num(cJSON *o, const char *name, double v, const char *kind, const struct analysis_ctx *ctx)
{
	const char *fk = !strcmp(kind, "money") ? "currency" : kind;
	modelfmt_add(o, name, v, fk, -1, project_locale(ctx->project),
	             ctx->project ? ctx->project->currency : NULL);
}

cJSON *
custagg_charts(struct analysis_ctx *ctx)
{
	return modelfmt_charts(ctx->results);
}

cJSON *
custagg_chart(struct analysis_ctx *ctx, const char *id)
{
	cJSON *charts = custagg_charts(ctx), *c = cJSON_CreateObject();
	if (cJSON_GetObjectItemCaseSensitive(charts, id))
		cJSON_ReplaceItemInObjectCaseSensitive(charts, id, c);
	else
		cJSON_AddItemToObject(charts, id, c);
	return c;
}

/* The k-th smallest of v[0..n) (0-based) by quickselect; v is reordered. */
static double
select_kth(double *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;
	while (lo < hi) {
		double pivot = v[lo + (hi - lo) / 2];
		size_t i = lo, j = hi;
		while (i <= j) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j) {
				double t = v[i];
				v[i] = v[j];
				v[j] = t;
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			break;
	}
	return v[k];
}

double
custagg_median(double *v, size_t n)
{
	double hi, lo;
	if (n == 0)
		return NAN;
	hi = select_kth(v, n, n / 2);
	if (n % 2)
		return hi;
	/* the lower middle is the largest of v[0..n/2) after the selection */
	lo = v[0];
	for (size_t i = 1; i < n / 2; i++)
		if (v[i] > lo)
			lo = v[i];
	return (lo + hi) / 2;
}
