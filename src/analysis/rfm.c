/* SPDX-License-Identifier: MIT
 * rfm: scores customers in id order (the tie-break of DESIGN.md §6), assigns segments,
 * summarises them for results.json and the two RFM charts, and writes the
 * per-customer CSV the build puts under data/rfm.csv. */
#include "analysis/rfm.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Chinese names of the standard segments (same order as the English keys). */
static const char *const std_en[] = {
	"Champions", "Loyal Customers", "Potential Loyalists", "New Customers", "Promising",
	"Need Attention", "About To Sleep", "At Risk", "Cannot Lose Them", "Hibernating", "Other",
};
static const char *const std_zh[] = {
	"\xe5\x86\xa0\xe5\x86\x9b\xe5\xae\xa2\xe6\x88\xb7",             /* 冠军客户 */
	"\xe5\xbf\xa0\xe8\xaf\x9a\xe5\xae\xa2\xe6\x88\xb7",             /* 忠诚客户 */
	"\xe6\xbd\x9c\xe5\x9c\xa8\xe5\xbf\xa0\xe8\xaf\x9a\xe5\xae\xa2\xe6\x88\xb7", /* 潜在忠诚客户 */
	"\xe6\x96\xb0\xe5\xae\xa2\xe6\x88\xb7",                         /* 新客户 */
	"\xe6\x9c\x89\xe6\xbd\x9c\xe5\x8a\x9b\xe5\xae\xa2\xe6\x88\xb7", /* 有潜力客户 */
	"\xe9\x9c\x80\xe8\xa6\x81\xe5\x85\xb3\xe6\xb3\xa8",             /* 需要关注 */
	"\xe5\x8d\xb3\xe5\xb0\x86\xe4\xbc\x91\xe7\x9c\xa0",             /* 即将休眠 */
	"\xe6\x9c\x89\xe6\xb5\x81\xe5\xa4\xb1\xe9\xa3\x8e\xe9\x99\xa9", /* 有流失风险 */
	"\xe4\xb8\x8d\xe8\x83\xbd\xe5\xa4\xb1\xe5\x8e\xbb",             /* 不能失去 */
	"\xe4\xbc\x91\xe7\x9c\xa0\xe5\xae\xa2\xe6\x88\xb7",             /* 休眠客户 */
	"\xe5\x85\xb6\xe4\xbb\x96",                                     /* 其他 */
};

static const char *
display_name(const char *key, int zh)
{
	if (zh)
		for (size_t i = 0; i < sizeof std_en / sizeof std_en[0]; i++)
			if (!strcmp(std_en[i], key))
				return std_zh[i];
	return key;
}

long
rfm_parse_map(struct arena *a, const cJSON *segments, const struct rfmscore_rule **rules,
              const char **err)
{
	struct rfmscore_rule *out;
	long n = 0;
	*err = NULL;
	if (!segments) {
		*rules = rfmscore_default_map;
		return (long)rfmscore_default_map_len;
	}
	out = arena_calloc(a, (size_t)cJSON_GetArraySize(segments) + 1, sizeof *out);
	for (const cJSON *j = segments->child; j; j = j->next) {
		if (!cJSON_IsString(j) || !j->valuestring[0]) {
			*err = arena_printf(a, "analysis 'rfm': 'segments': pattern '%s': expected a segment name", j->string);
			return -1;
		}
		if (rfmscore_match(j->string, "11") < 0 || !j->string[0]) {
			*err = arena_printf(a, "analysis 'rfm': 'segments': malformed pattern '%s' (expected e.g. \"5[4-5]\")",
			                    j->string);
			return -1;
		}
		out[n].pattern = j->string;
		out[n++].name = j->valuestring;
	}
	if (n == 0) {
		*err = arena_printf(a, "analysis 'rfm': 'segments': expected at least one pattern");
		return -1;
	}
	*rules = out;
	return n;
}

struct rfm_result *
rfm_compute(struct arena *a, const struct custagg *ca, const struct rfmscore_rule *rules,
            size_t nrules, int zh)
{
	struct rfm_result *res = arena_calloc(a, 1, sizeof *res);
	size_t n = ca->nactive, N = ca->n + 1;
	double *v = xmalloc((n + 1) * sizeof *v);
	int *sc = xmalloc((n + 1) * sizeof *sc);
	unsigned char *dst[3];
	int16_t rule_seg[RFM_MAX_SEGMENTS * 4];
	res->ca = ca;
	res->n = n;
	res->recency = arena_alloc(a, N * sizeof *res->recency);
	res->r = arena_calloc(a, N, 1);
	res->f = arena_calloc(a, N, 1);
	res->m = arena_calloc(a, N, 1);
	res->segment = arena_alloc(a, N * sizeof *res->segment);
	for (size_t c = 0; c < ca->n; c++) {
		res->recency[c] = ca->last[c] == ca->last[c] ? ca->as_of - ca->last[c] : NAN;
		res->segment[c] = -1;
	}
	dst[0] = res->r;
	dst[1] = res->f;
	dst[2] = res->m;
	for (int k = 0; k < 3; k++) {
		const double *src = k == 0 ? res->recency : k == 1 ? ca->orders : ca->monetary;
		for (size_t i = 0; i < n; i++)
			v[i] = src[ca->active[i]];
		rfmscore_quintiles(v, n, k != 0, sc);
		for (size_t i = 0; i < n; i++) {
			dst[k][ca->active[i]] = (unsigned char)sc[i];
			res->score_counts[k][sc[i] - 1]++;
		}
	}
	free(v);
	free(sc);
	/* distinct segment names in map order */
	if (nrules > sizeof rule_seg / sizeof rule_seg[0])
		nrules = sizeof rule_seg / sizeof rule_seg[0];
	for (size_t i = 0; i < nrules; i++) {
		size_t s;
		for (s = 0; s < res->nseg; s++)
			if (!strcmp(res->seg[s].key, rules[i].name))
				break;
		if (s == res->nseg && res->nseg < RFM_MAX_SEGMENTS - 1) {
			res->seg[s].key = rules[i].name;
			res->seg[s].name = display_name(rules[i].name, zh);
			res->nseg++;
		}
		rule_seg[i] = (int16_t)(s < res->nseg ? s : res->nseg - 1);
	}
	/* the segment of each (R, F) cell, then per customer */
	{
		int16_t cellseg[5][5];
		for (int r = 1; r <= 5; r++)
			for (int f = 1; f <= 5; f++) {
				char rf[3] = { (char)('0' + r), (char)('0' + f), 0 };
				cellseg[r - 1][f - 1] = -1;
				for (size_t i = 0; i < nrules; i++)
					if (rfmscore_match(rules[i].pattern, rf) == 1) {
						cellseg[r - 1][f - 1] = rule_seg[i];
						break;
					}
			}
		for (size_t i = 0; i < n; i++) {
			int32_t c = ca->active[i];
			int16_t s = cellseg[res->r[c] - 1][res->f[c] - 1];
			res->cells[res->r[c] - 1][res->f[c] - 1]++;
			res->segment[c] = s;
			if (s < 0) {
				res->unmatched++;
				continue;
			}
			res->seg[s].customers++;
			res->seg[s].revenue += ca->monetary[c];
		}
	}
	for (size_t s = 0; s < res->nseg; s++)
		res->seg[s].monetary_mean = res->seg[s].customers ? res->seg[s].revenue / (double)res->seg[s].customers : NAN;
	return res;
}

static void
add_summary(cJSON *o, const char *name, const double *src, const struct custagg *ca, const char *kind,
            struct analysis_ctx *ctx)
{
	size_t n = ca->nactive;
	double *v = xmalloc((n + 1) * sizeof *v), sum = 0, mn = NAN, mx = NAN;
	cJSON *s = cJSON_AddObjectToObject(o, name);
	for (size_t i = 0; i < n; i++) {
		v[i] = src[ca->active[i]];
		sum += v[i];
		if (i == 0 || v[i] < mn)
			mn = v[i];
		if (i == 0 || v[i] > mx)
			mx = v[i];
	}
	custagg_add_num(s, "mean", n ? sum / (double)n : NAN, kind, ctx);
	custagg_add_num(s, "median", custagg_median(v, n), kind, ctx);
	custagg_add_num(s, "min", mn, kind, ctx);
	custagg_add_num(s, "max", mx, kind, ctx);
	free(v);
}

cJSON *
rfm_model(const struct rfm_result *res, struct analysis_ctx *ctx)
{
	const struct custagg *ca = res->ca;
	cJSON *o = cJSON_CreateObject(), *segs, *sc, *ch, *ax, *ser, *cats, *vals;
	int zh = project_locale(ctx->project) == LOCALE_ZH_CN;
	static const char *const letters[3] = { "R", "F", "M" };
	custagg_add_num(o, "customers", (double)res->n, "integer", ctx);
	custagg_add_num(o, "revenue", ca->total_revenue, "money", ctx);
	segs = cJSON_AddArrayToObject(o, "segments");
	for (size_t s = 0; s < res->nseg; s++) {
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "key", res->seg[s].key);
		cJSON_AddStringToObject(e, "name", res->seg[s].name);
		custagg_add_num(e, "customers", (double)res->seg[s].customers, "integer", ctx);
		custagg_add_num(e, "revenue", res->seg[s].revenue, "money", ctx);
		custagg_add_num(e, "share", res->n ? (double)res->seg[s].customers / (double)res->n : NAN, "percent", ctx);
		custagg_add_num(e, "revenue_share", ca->total_revenue > 0 ? res->seg[s].revenue / ca->total_revenue : NAN,
		                "percent", ctx);
		custagg_add_num(e, "monetary_mean", res->seg[s].monetary_mean, "money", ctx);
		cJSON_AddItemToArray(segs, e);
	}
	cJSON_AddNumberToObject(o, "unmatched", (double)res->unmatched);
	sc = cJSON_AddObjectToObject(o, "score_counts");
	for (int k = 0; k < 3; k++) {
		cJSON *l = cJSON_AddObjectToObject(sc, letters[k]);
		for (int i = 0; i < 5; i++) {
			char key[2] = { (char)('1' + i), 0 };
			cJSON_AddNumberToObject(l, key, (double)res->score_counts[k][i]);
		}
	}
	add_summary(o, "recency", res->recency, ca, "days", ctx);
	add_summary(o, "frequency", ca->orders, ca, "number", ctx);
	add_summary(o, "monetary", ca->monetary, ca, "money", ctx);

	ch = custagg_chart(ctx, "rfm_segments");
	cJSON_AddStringToObject(ch, "type", "hbar");
	cJSON_AddStringToObject(ch, "title", zh ? "\xe5\x90\x84\x20\x52\x46\x4d\x20\xe7\xbb\x86\xe5\x88\x86\xe7\x9a\x84\xe5\xae\xa2\xe6\x88\xb7\xe6\x95\xb0"
	                                        : "Customers by RFM segment");
	ax = cJSON_AddObjectToObject(ch, "x");
	cats = cJSON_AddArrayToObject(ax, "categories");
	ax = cJSON_AddObjectToObject(ch, "y");
	cJSON_AddStringToObject(ax, "format", "integer");
	ser = cJSON_AddArrayToObject(ch, "series");
	{
		cJSON *s1 = cJSON_CreateObject();
		cJSON_AddStringToObject(s1, "name", zh ? "\xe5\xae\xa2\xe6\x88\xb7" : "Customers");
		vals = cJSON_AddArrayToObject(s1, "values");
		cJSON_AddItemToArray(ser, s1);
	}
	for (size_t s = 0; s < res->nseg; s++) {
		cJSON_AddItemToArray(cats, cJSON_CreateString(res->seg[s].name));
		cJSON_AddItemToArray(vals, cJSON_CreateNumber((double)res->seg[s].customers));
	}
	ch = custagg_chart(ctx, "rfm_heatmap");
	cJSON_AddStringToObject(ch, "type", "heatmap");
	cJSON_AddStringToObject(ch, "title", zh ? "\xe6\x8c\x89\x20\x52\x20\xc3\x97\x20\x46\x20\xe8\xaf\x84\xe5\x88\x86\xe7\x9a\x84\xe5\xae\xa2\xe6\x88\xb7\xe6\x95\xb0"
	                                        : "Customers by R and F score");
	ax = cJSON_AddObjectToObject(ch, "x");
	cJSON_AddStringToObject(ax, "label", zh ? "F \xe8\xaf\x84\xe5\x88\x86" : "F score");
	cats = cJSON_AddArrayToObject(ax, "categories");
	for (int f = 1; f <= 5; f++) {
		char s[4] = { 'F', (char)('0' + f), 0, 0 };
		cJSON_AddItemToArray(cats, cJSON_CreateString(s));
	}
	ax = cJSON_AddObjectToObject(ch, "y");
	cJSON_AddStringToObject(ax, "label", zh ? "R \xe8\xaf\x84\xe5\x88\x86" : "R score");
	cats = cJSON_AddArrayToObject(ax, "categories");
	for (int r = 5; r >= 1; r--) {
		char s[4] = { 'R', (char)('0' + r), 0, 0 };
		cJSON_AddItemToArray(cats, cJSON_CreateString(s));
	}
	vals = cJSON_AddArrayToObject(ch, "values");
	for (int r = 5; r >= 1; r--) {
		cJSON *row = cJSON_CreateArray();
		for (int f = 1; f <= 5; f++)
			cJSON_AddItemToArray(row, cJSON_CreateNumber((double)res->cells[r - 1][f - 1]));
		cJSON_AddItemToArray(vals, row);
	}
	cJSON_AddStringToObject(ch, "value_format", "integer");
	return o;
}

static void
csv_text(struct buf *b, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		buf_puts(b, s);
		return;
	}
	buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

void
rfm_csv(const struct rfm_result *res, struct buf *out)
{
	const struct custagg *ca = res->ca;
	buf_puts(out, "customer,recency,frequency,monetary,R,F,M,RFM,segment\n");
	for (size_t i = 0; i < res->n; i++) {
		int32_t c = ca->active[i];
		char r = (char)('0' + res->r[c]), f = (char)('0' + res->f[c]), m = (char)('0' + res->m[c]);
		const char code[] = { ',', r, ',', f, ',', m, ',', r, f, m, ',' };
		csv_text(out, ca->ids[c]);
		buf_putc(out, ',');
		buf_num(out, res->recency[c]);          /* whole days and orders */
		buf_putc(out, ',');
		buf_num(out, ca->orders[c]);
		buf_putc(out, ',');
		buf_num(out, round(ca->monetary[c] * 1e6) / 1e6);
		buf_add(out, code, sizeof code);         /* ,R,F,M,RFM, (scores 1..5) */
		csv_text(out, res->segment[c] >= 0 ? res->seg[res->segment[c]].key : "");
		buf_putc(out, '\n');
	}
}

cJSON *
rfm_run(struct analysis_ctx *ctx, const cJSON *params)
{
	const struct custagg *ca = custagg_get(ctx);
	const struct rfmscore_rule *rules;
	const char *err;
	long nrules;
	struct rfm_result *res;
	if (!ca) {
		analysis_note(ctx, "rfm skipped: orders has no customer, date or amount field");
		return NULL;
	}
	nrules = rfm_parse_map(ctx->a, cJSON_GetObjectItemCaseSensitive(params, "segments"), &rules, &err);
	if (nrules < 0) {
		ctx->error = err;
		ctx->error_path = "analyses.rfm.segments";
		return NULL;
	}
	if (!ca->has_order)
		analysis_note(ctx, "rfm: orders has no 'order' field; every row counts as an order");
	res = rfm_compute(ctx->a, ca, rules, (size_t)nrules, (project_locale(ctx->project) == LOCALE_ZH_CN));
	ctx->rfm = res;
	if (res->unmatched)
		analysis_note(ctx, "rfm: %zu customers match no segment pattern", res->unmatched);
	return rfm_model(res, ctx);
}

/* the segment map parses (data-free) */
static int
check_rfm(struct analysis_ctx *ctx, const cJSON *params)
{
	const struct rfmscore_rule *rules;
	ctx->error_path = "analyses.rfm.segments";
	return rfm_parse_map(ctx->a, cJSON_GetObjectItemCaseSensitive(params, "segments"), &rules, &ctx->error) < 0 ? -1 : 0;
}

static const struct jsoncheck_param params[] = {
	{ "segments", JSONCHECK_OBJ, NULL, 0, 0, "the standard 10-segment map",
	  "map of \"RF\" score patterns to segment names, e.g. {\"5[4-5]\": \"Champions\"}" },
};

const struct analysis rfm_analysis = {
	.key = "rfm",
	.doc = "recency, frequency and monetary value per customer, quintile scores 1-5 and the segment of the (R, F) scores",
	.needs = ANALYSIS_ROLE(PROJECT_ORDERS),
	.data = "orders: customer, date, amount, order",
	.params = params,
	.nparams = sizeof params / sizeof params[0],
	.check = check_rfm,
	.run = rfm_run,
};
