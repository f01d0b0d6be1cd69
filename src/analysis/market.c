/* SPDX-License-Identifier: MIT
 * market: groups customers rows by the codes of the dimension columns (a mixed-radix
 * key, sorted), adds 12-month revenue from custagg and pipeline/win rate from
 * opportunities, scores the segments with mcda_weighted and ranks them. */
#include "analysis/market.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats/mcda.h"

const char *const market_criteria[MARKET_NCRIT] = {
	"revenue", "growth", "revenue_per_customer", "pipeline", "win_rate",
};

struct rk {
	uint64_t key;
	size_t row;
};

static int
cmp_rk(const void *a, const void *b)
{
	const struct rk *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return (x->row > y->row) - (x->row < y->row);
}

struct sref {
	const char *s;
	size_t row;
};

static int
cmp_sref(const void *a, const void *b)
{
	const struct sref *x = a, *y = b;
	int r = strcmp(x->s, y->s);
	return r ? r : (x->row > y->row) - (x->row < y->row);
}

/* Segment index of composite key k among the sorted segment keys, or -1. */
static long
find_key(const uint64_t *keys, size_t n, uint64_t k)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (keys[mid] < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && keys[lo] == k ? (long)lo : -1;
}

static int
cmp_rank(const void *a, const void *b)
{
	const struct market_segment *x = a, *y = b;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return strcmp(x->key, y->key);
}

struct market_result *
market_compute(struct arena *a, const struct table *cust, const char **dims, size_t ndims,
               const struct custagg *ca, const struct table *opps, const struct project_dataset *spec,
               const double *weights, const char *missing_label)
{
	struct market_result *r = arena_calloc(a, 1, sizeof *r);
	const struct table_column *dc[MARKET_MAX_DIMS];
	uint64_t radix[MARKET_MAX_DIMS], *keys, *rowkey;
	size_t n = cust->nrows;
	struct rk *rk = xmalloc((n + 1) * sizeof *rk);
	int32_t *map = ca ? custagg_map_rows(a, ca, cust) : NULL;
	unsigned char *seen = ca ? xcalloc(ca->n + 1, 1) : NULL;
	long *segrow = xmalloc((n + 1) * sizeof *segrow);
	double *x, w[MARKET_NCRIT], *score;
	int *rank;
	size_t m = 0;
	r->ndims = ndims;
	for (size_t d = 0; d < ndims; d++) {
		r->dims[d] = dims[d];
		dc[d] = table_column_find(cust, dims[d]);
		radix[d] = dc[d]->ndict + 1;            /* code ndict = missing */
	}
	rowkey = xmalloc((n + 1) * sizeof *rowkey);
	for (size_t i = 0; i < n; i++) {
		uint64_t k = 0;
		for (size_t d = 0; d < ndims; d++) {
			int32_t c = dc[d]->code[i];
			k = k * radix[d] + (uint64_t)(c < 0 ? (int32_t)dc[d]->ndict : c);
		}
		rk[i].key = rowkey[i] = k;
		rk[i].row = i;
	}
	qsort(rk, n, sizeof *rk, cmp_rk);
	for (size_t i = 0; i < n; i++)
		if (i == 0 || rk[i].key != rk[i - 1].key)
			m++;
	r->nseg = m;
	r->seg = arena_calloc(a, m + 1, sizeof *r->seg);
	keys = xmalloc((m + 1) * sizeof *keys);
	m = 0;
	for (size_t i = 0; i < n; i++) {
		struct market_segment *s;
		if (i == 0 || rk[i].key != rk[i - 1].key) {
			struct buf b;
			s = &r->seg[m];
			keys[m++] = rk[i].key;
			s->values = arena_alloc(a, ndims * sizeof *s->values);
			buf_init(&b);
			for (size_t d = 0; d < ndims; d++) {
				const char *t = table_text(dc[d], rk[i].row);
				s->values[d] = t ? t : missing_label;
				if (d)
					buf_puts(&b, " / ");
				buf_puts(&b, s->values[d]);
			}
			s->key = arena_strdup(a, buf_str(&b));
			buf_release(&b);
		}
		s = &r->seg[m - 1];
		segrow[rk[i].row] = (long)(m - 1);
		s->customers++;
		if (map && map[rk[i].row] >= 0 && !seen[map[rk[i].row]]) {
			int32_t c = map[rk[i].row];
			seen[c] = 1;            /* a customer id repeated in customers counts once */
			s->revenue += ca->rev12[c];
			s->revenue_prev += ca->rev_prev12[c];
		}
	}
	r->has_orders = ca != NULL;
	/* opportunities: by their own dimension columns when all present, else by account */
	if (opps && table_column_find(opps, "stage")) {
		const struct table_column *st = table_column_find(opps, "stage");
		const struct table_column *am = table_column_find(opps, "amount");
		const struct table_column *od[MARKET_MAX_DIMS], *acc = table_column_find(opps, "account");
		const struct table_column *cid = table_column_find(cust, "id");
		int32_t *dmap[MARKET_MAX_DIMS] = { 0 };
		int own = 1;
		struct sref *ids = NULL;
		signed char *cls = NULL;
		for (size_t d = 0; d < ndims; d++) {
			od[d] = table_column_find(opps, dims[d]);
			if (!od[d] || od[d]->type != TABLE_TEXT)
				own = 0;
		}
		if (own) {
			for (size_t d = 0; d < ndims; d++) {
				dmap[d] = xmalloc((od[d]->ndict + 1) * sizeof *dmap[d]);
				for (size_t k = 0; k < od[d]->ndict; k++) {
					dmap[d][k] = -1;
					for (size_t q = 0; q < dc[d]->ndict; q++)
						if (!strcmp(od[d]->dict[k], dc[d]->dict[q])) {
							dmap[d][k] = (int32_t)q;
							break;
						}
				}
			}
		} else if (acc && acc->type == TABLE_TEXT && cid && cid->type == TABLE_TEXT) {
			ids = xmalloc((n + 1) * sizeof *ids);
			for (size_t i = 0; i < n; i++) {
				ids[i].s = table_text(cid, i) ? table_text(cid, i) : "";
				ids[i].row = i;
			}
			qsort(ids, n, sizeof *ids, cmp_sref);
		}
		if (st->type == TABLE_TEXT && (own || ids)) {
			r->has_opps = 1;
			cls = xmalloc(st->ndict + 1);
			for (size_t k = 0; k < st->ndict; k++)
				cls[k] = spec && dataset_stage_index(spec->won, spec->nwon, st->dict[k]) >= 0 ? 1 :
				         spec && dataset_stage_index(spec->lost, spec->nlost, st->dict[k]) >= 0 ? 2 : 0;
			for (size_t i = 0; i < opps->nrows; i++) {
				long s = -1;
				int32_t sc = st->code[i];
				if (sc < 0)
					continue;
				if (own) {
					uint64_t k = 0;
					int ok = 1;
					for (size_t d = 0; d < ndims; d++) {
						int32_t c = od[d]->code[i], q = c < 0 ? (int32_t)dc[d]->ndict : dmap[d][c];
						if (q < 0)
							ok = 0;
						k = k * radix[d] + (uint64_t)q;
					}
					s = ok ? find_key(keys, r->nseg, k) : -1;
				} else {
					const char *t = table_text(acc, i);
					struct sref key = { t, 0 };
					size_t lo = 0, hi = n;
					if (!t)
						continue;
					while (lo < hi) {
						size_t mid = (lo + hi) / 2;
						if (cmp_sref(&ids[mid], &key) < 0)
							lo = mid + 1;
						else
							hi = mid;
					}
					if (lo < n && !strcmp(ids[lo].s, t))
						s = segrow[ids[lo].row];
				}
				if (s < 0)
					continue;
				if (cls[sc] == 1)
					r->seg[s].won++;
				else if (cls[sc] == 2)
					r->seg[s].lost++;
				else {
					r->seg[s].open++;
					if (am && am->type != TABLE_TEXT && am->num[i] == am->num[i])
						r->seg[s].pipeline += am->num[i];
				}
			}
		}
		for (size_t d = 0; d < ndims; d++)
			free(dmap[d]);
		free(ids);
		free(cls);
	}
	for (size_t s = 0; s < r->nseg; s++) {
		struct market_segment *g = &r->seg[s];
		r->total_revenue += g->revenue;
		g->growth = g->revenue_prev > 0 ? g->revenue / g->revenue_prev - 1 : NAN;
		g->revenue_per_customer = g->customers ? g->revenue / (double)g->customers : NAN;
		g->win_rate = g->won + g->lost ? (double)g->won / (double)(g->won + g->lost) : NAN;
	}
	for (size_t s = 0; s < r->nseg; s++)
		r->seg[s].share = r->total_revenue > 0 ? r->seg[s].revenue / r->total_revenue : NAN;
	/* criteria matrix; a missing value takes the column's worst (minimum) value */
	r->used[0] = r->used[1] = r->used[2] = r->has_orders;
	r->used[3] = r->used[4] = r->has_opps;
	x = xmalloc((r->nseg * MARKET_NCRIT + 1) * sizeof *x);
	for (int j = 0; j < MARKET_NCRIT; j++) {
		double mn = INFINITY;
		for (size_t s = 0; s < r->nseg; s++) {
			const struct market_segment *g = &r->seg[s];
			double v = j == 0 ? g->revenue : j == 1 ? g->growth : j == 2 ? g->revenue_per_customer :
			           j == 3 ? g->pipeline : g->win_rate;
			x[s * MARKET_NCRIT + (size_t)j] = v;
			if (v < mn)
				mn = v;
		}
		for (size_t s = 0; s < r->nseg; s++)
			if (!isfinite(x[s * MARKET_NCRIT + (size_t)j]))
				x[s * MARKET_NCRIT + (size_t)j] = isfinite(mn) ? mn : 0;
		w[j] = !r->used[j] ? 0 : weights && weights[j] == weights[j] ? weights[j] : 1;
	}
	mcda_normalise_weights(w, MARKET_NCRIT, r->weights);
	for (int j = 0; j < MARKET_NCRIT; j++)
		if (!r->used[j])
			r->weights[j] = 0;
	score = xmalloc((r->nseg + 1) * sizeof *score);
	rank = xmalloc((r->nseg + 1) * sizeof *rank);
	{
		struct mcda_input in = { r->nseg, MARKET_NCRIT, x, r->weights, NULL };
		if (r->nseg)
			mcda_weighted(&in, score, NULL);
		/* a criterion with weight 0 still adds nothing: mcda weights it 0 */
		mcda_rank(score, r->nseg, rank);
	}
	for (size_t s = 0; s < r->nseg; s++) {
		r->seg[s].score = 100 * score[s];
		r->seg[s].rank = rank[s];
	}
	qsort(r->seg, r->nseg, sizeof *r->seg, cmp_rank);
	free(x);
	free(score);
	free(rank);
	free(rk);
	free(rowkey);
	free(keys);
	free(segrow);
	free(seen);
	return r;
}

cJSON *
market_model(const struct market_result *r, struct analysis_ctx *ctx)
{
	cJSON *o = cJSON_CreateObject(), *arr, *cr, *ch, *ax, *cats, *ser, *s1, *vals;
	int zh = project_locale(ctx->project) == LOCALE_ZH_CN;
	size_t nchart = r->nseg < 15 ? r->nseg : 15;
	arr = cJSON_AddArrayToObject(o, "dimensions");
	for (size_t d = 0; d < r->ndims; d++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(r->dims[d]));
	cr = cJSON_AddObjectToObject(o, "criteria");
	for (int j = 0; j < MARKET_NCRIT; j++)
		if (r->used[j])
			cJSON_AddNumberToObject(cr, market_criteria[j], r->weights[j]);
	custagg_add_num(o, "revenue", r->total_revenue, "money", ctx);
	arr = cJSON_AddArrayToObject(o, "segments");
	for (size_t s = 0; s < r->nseg; s++) {
		const struct market_segment *g = &r->seg[s];
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "key", g->key);
		for (size_t d = 0; d < r->ndims; d++)
			cJSON_AddStringToObject(e, r->dims[d], g->values[d]);
		custagg_add_num(e, "customers", (double)g->customers, "integer", ctx);
		custagg_add_num(e, "revenue", g->revenue, "money", ctx);
		custagg_add_num(e, "revenue_previous", g->revenue_prev, "money", ctx);
		custagg_add_num(e, "share", g->share, "percent", ctx);
		custagg_add_num(e, "growth", g->growth, "percent", ctx);
		custagg_add_num(e, "revenue_per_customer", g->revenue_per_customer, "money", ctx);
		custagg_add_num(e, "pipeline", r->has_opps ? g->pipeline : NAN, "money", ctx);
		custagg_add_num(e, "open_deals", r->has_opps ? (double)g->open : NAN, "integer", ctx);
		custagg_add_num(e, "win_rate", g->win_rate, "percent", ctx);
		custagg_add_num(e, "score", g->score, "number", ctx);
		cJSON_AddNumberToObject(e, "rank", g->rank);
		cJSON_AddItemToArray(arr, e);
	}
	ch = custagg_chart(ctx, "market_attractiveness");
	cJSON_AddStringToObject(ch, "type", "hbar");
	cJSON_AddStringToObject(ch, "title", zh ? "\xe5\xb8\x82\xe5\x9c\xba\xe7\xbb\x86\xe5\x88\x86\xe5\x90\xb8\xe5\xbc\x95\xe5\x8a\x9b" : "Market segment attractiveness");
	ax = cJSON_AddObjectToObject(ch, "x");
	cats = cJSON_AddArrayToObject(ax, "categories");
	ax = cJSON_AddObjectToObject(ch, "y");
	cJSON_AddStringToObject(ax, "format", "number");
	cJSON_AddNumberToObject(ax, "min", 0);
	cJSON_AddNumberToObject(ax, "max", 100);
	ser = cJSON_AddArrayToObject(ch, "series");
	s1 = cJSON_CreateObject();
	cJSON_AddStringToObject(s1, "name", zh ? "\xe5\x90\xb8\xe5\xbc\x95\xe5\x8a\x9b" : "Attractiveness");
	vals = cJSON_AddArrayToObject(s1, "values");
	cJSON_AddItemToArray(ser, s1);
	for (size_t s = 0; s < nchart; s++) {
		cJSON_AddItemToArray(cats, cJSON_CreateString(r->seg[s].key));
		cJSON_AddItemToArray(vals, cJSON_CreateNumber(round(r->seg[s].score * 100) / 100));
	}
	return o;
}

/* index of a weights key in market_criteria, MARKET_NCRIT when none */
static int
criterion(const char *name)
{
	int j;
	for (j = 0; j < MARKET_NCRIT; j++)
		if (!strcmp(name, market_criteria[j]))
			break;
	return j;
}

/* the weights name known criteria with numbers >= 0 (data-free) */
static int
check_market(struct analysis_ctx *ctx, const cJSON *params)
{
	const cJSON *wj = cJSON_GetObjectItemCaseSensitive(params, "weights");
	for (const cJSON *e = wj ? wj->child : NULL; e; e = e->next) {
		int j = criterion(e->string);
		if (j == MARKET_NCRIT || !cJSON_IsNumber(e) || !(e->valuedouble >= 0) || !isfinite(e->valuedouble)) {
			ctx->error = j == MARKET_NCRIT ?
			        arena_printf(ctx->a, "analysis 'market': 'weights': unknown criterion '%s' (expected revenue, "
			                     "growth, revenue_per_customer, pipeline, win_rate)", e->string) :
			        arena_printf(ctx->a, "analysis 'market': 'weights': '%s': expected a number >= 0", e->string);
			ctx->error_path = "analyses.market.weights";
			return -1;
		}
	}
	return 0;
}

cJSON *
market_run(struct analysis_ctx *ctx, const cJSON *params)
{
	const struct table *cust = analysis_table_of(ctx, PROJECT_CUSTOMERS);
	const struct table *opps = analysis_table_of(ctx, PROJECT_OPPORTUNITIES);
	const cJSON *dj = cJSON_GetObjectItemCaseSensitive(params, "dimensions");
	const cJSON *wj = cJSON_GetObjectItemCaseSensitive(params, "weights");
	const char *dims[MARKET_MAX_DIMS];
	size_t nd = 0;
	double w[MARKET_NCRIT];
	struct market_result *r;
	for (int j = 0; j < MARKET_NCRIT; j++)
		w[j] = NAN;
	if (!cust)
		return NULL;
	if (dj) {
		for (const cJSON *e = dj->child; e; e = e->next) {
			const struct table_column *c;
			if (!cJSON_IsString(e))
				continue;
			c = table_column_find(cust, e->valuestring);
			if (nd == MARKET_MAX_DIMS || !c || c->type != TABLE_TEXT) {
				ctx->error = nd == MARKET_MAX_DIMS ?
				        arena_printf(ctx->a, "analysis 'market': 'dimensions': at most %d dimensions", MARKET_MAX_DIMS) :
				        arena_printf(ctx->a, "analysis 'market': 'dimensions': '%s' is %s", e->valuestring,
				                     c ? "not a text column of customers" : "not a column of customers");
				ctx->error_path = "analyses.market.dimensions";
				return NULL;
			}
			dims[nd++] = e->valuestring;
		}
	} else {
		static const char *const def[2] = { "industry", "region" };
		for (int i = 0; i < 2; i++) {
			const struct table_column *c = table_column_find(cust, def[i]);
			if (c && c->type == TABLE_TEXT)
				dims[nd++] = def[i];
			else
				analysis_note(ctx, "market: customers has no '%s' field", def[i]);
		}
	}
	if (nd == 0) {
		analysis_note(ctx, "market skipped: no dimension to segment customers by");
		return NULL;
	}
	for (const cJSON *e = wj ? wj->child : NULL; e; e = e->next) /* checked by check_market */
		w[criterion(e->string)] = e->valuedouble;
	if (!ctx->datasets[PROJECT_ORDERS])
		analysis_note(ctx, "market: no 'orders' dataset; revenue and growth left out");
	if (!opps)
		analysis_note(ctx, "market: no 'opportunities' dataset; pipeline and win rate left out");
	r = market_compute(ctx->a, cust, dims, nd, custagg_get(ctx), opps,
	                   ctx->datasets[PROJECT_OPPORTUNITIES] ? ctx->datasets[PROJECT_OPPORTUNITIES]->spec : NULL,
	                   w, (project_locale(ctx->project) == LOCALE_ZH_CN) ? "\xe6\x9c\xaa\xe7\x9f\xa5" : "(missing)");
	return market_model(r, ctx);
}

static const struct jsoncheck_param params[] = {
	{ "dimensions", JSONCHECK_STRS, NULL, 0, 0, "[\"industry\", \"region\"]",
	  "customer fields to segment by" },
	{ "weights", JSONCHECK_OBJ, NULL, 0, 0, "equal",
	  "weights of the attractiveness criteria: revenue, growth, revenue_per_customer, pipeline, win_rate" },
};

const struct analysis market_analysis = {
	.key = "market",
	.doc = "market segments by dimensions: customers, revenue, share, growth, pipeline, win rate and an attractiveness score with its rank",
	.needs = ANALYSIS_ROLE(PROJECT_CUSTOMERS),
	.data = "customers: id and the dimension fields; orders: customer, date, amount; opportunities: stage, amount, account",
	.params = params,
	.nparams = sizeof params / sizeof params[0],
	.check = check_market,
	.run = market_run,
};
