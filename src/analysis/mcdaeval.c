/* SPDX-License-Identifier: MIT
 * mcdaeval: picks the criteria columns, builds the alternatives x criteria matrix,
 * scores, ranks and perturbs it through stats/mcda, explains each row by its two
 * strongest criteria (en, zh-CN) and writes the partners / schemes model part. */
#include "analysis/mcdaeval.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/fmt.h"
#include "analysis/modelfmt.h"
#include "ingest/parse.h"

static int
in_list(const cJSON *arr, const char *s)
{
	const cJSON *e;
	if (cJSON_IsString(arr))
		return strcmp(arr->valuestring, s) == 0;
	cJSON_ArrayForEach(e, arr)
		if (cJSON_IsString(e) && strcmp(e->valuestring, s) == 0)
			return 1;
	return 0;
}

static int
is_key_column(const struct project_dataset *spec, const char *name)
{
	const char *si = dataset_column_source(spec, "id"), *sn = dataset_column_source(spec, "name");
	return !strcmp(name, "id") || !strcmp(name, "name") || (si && !strcmp(name, si)) ||
	       (sn && !strcmp(name, sn));
}

/* 1 when the numeric column c has no value in any row (nmissing is not trusted:
 * tables built by hand may not keep it). */
static int
no_value(const struct table_column *c, const struct table *t)
{
	for (size_t r = 0; r < t->nrows; r++)
		if (c->num[r] == c->num[r])
			return 0;
	return 1;
}

/* Why a text column is no criterion: how many of its values are not numbers (with
 * the dataset's number format), and the first. NULL when most of them are not
 * numbers either (a name, a region: not meant as a criterion). */
static const char *
not_numeric(struct arena *a, const struct table_column *c, const struct table *t,
            const struct project_dataset *spec, int always, size_t *first_row)
{
	size_t nval = 0, nbad = 0;
	const char *first = NULL;
	double v;
	unsigned char *ok = arena_alloc(a, c->ndict + 1);
	for (size_t k = 0; k < c->ndict; k++)
		ok[k] = parse_number(c->dict[k], strlen(c->dict[k]), spec ? &spec->num : NULL, &v) == 0;
	for (size_t r = 0; r < t->nrows; r++)
		if (c->code[r] >= 0) {
			nval++;
			if (!ok[c->code[r]]) {
				if (!nbad++) {
					first = c->dict[c->code[r]];
					*first_row = r;
				}
			}
		}
	if (nval == 0)
		return "it has no value";
	if (!always && 2 * nbad >= nval)
		return NULL;
	if (!first)
		return "it is not numeric";
	return arena_printf(a, "%zu of %zu values %s not a number (first \"%.40s\")", nbad, nval,
	                    nbad == 1 ? "is" : "are", first);
}

/* 1 when column c can be a criterion; else says why (analysis_lost) when there is
 * something to say: named (the criteria list names it) or a column of numbers with
 * a few that are not, or a column without any value. */
static int
usable(struct arena *a, const char *key, enum project_role role, const struct table_column *c,
       const struct table *t, const struct project_dataset *spec, int named,
       struct analysis_ctx *ctx)
{
	const char *why = NULL;
	const struct table_bad *at = NULL;
	size_t first = (size_t)-1;
	if (c->type == TABLE_TEXT)
		why = not_numeric(a, c, t, spec, named, &first);
	else if (c->type != TABLE_NUM)
		why = named ? "it is not numeric" : NULL;
	else if (no_value(c, t))
		why = "it has no value";
	else
		return 1;
	/* the loader located where the column's numbers stopped: the first value that is
	 * not one, when the table still has the file's rows */
	if (ctx && ctx->datasets && ctx->datasets[role] && ctx->datasets[role]->q.rows_read == t->nrows &&
	    c->nonnum.raw && c->nonnum.row == first)
		at = &c->nonnum;
	if (ctx && why)
		analysis_lost(ctx, role, at, "%s: criterion '%s' left out: %s", key, c->name, why);
	return 0;
}

/* Words for a criterion: known names translated for zh-CN and given a natural "low"
 * form; else the column name with underscores as spaces ("low " / "低" prefixed when
 * lower is better). */
static const char *
label_of(struct arena *a, const char *crit, int lower, enum locale locale)
{
	/* name, en when lower is better, zh, zh when lower is better */
	static const char *const words[][4] = {
		{ "financial_health", NULL, "财务健康", NULL }, { "capability", NULL, "能力", NULL },
		{ "reputation", NULL, "声誉", NULL }, { "market_position", NULL, "市场地位", NULL },
		{ "cost", "low cost", "成本", "低成本" }, { "risk", "low risk", "风险", "低风险" },
		{ "quality", NULL, "质量", NULL }, { "time_weeks", "short time", "周期", "周期短" },
		{ "time", "short time", "时间", "用时短" }, { "strategic_fit", NULL, "战略契合度", NULL },
		{ "price", "low price", "价格", "低价格" }, { "revenue", NULL, "收入", NULL },
	};
	int z = (locale == LOCALE_ZH_CN);
	char *s;
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		if (strcmp(words[i][0], crit) != 0)
			continue;
		if (z)
			return lower ? (words[i][3] ? words[i][3] : arena_printf(a, "低%s", words[i][2])) : words[i][2];
		if (lower && words[i][1])
			return words[i][1];
		break;
	}
	s = arena_printf(a, "%s%s", lower ? (z ? "低" : "low ") : "", crit);
	for (char *p = s; *p; p++)
		if (*p == '_')
			*p = ' ';
	return s;
}

static int
cmp_row(const void *pa, const void *pb)
{
	const struct mcdaeval_row *a = pa, *b = pb;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	return strcmp(a->id, b->id);
}

static void
explain(struct arena *a, struct mcdaeval_result *r, struct mcdaeval_row *row, enum locale locale)
{
	size_t m = r->m;
	int z = (locale == LOCALE_ZH_CN);
	if (m == 0)
		return;
	for (int k = 0; k < 2 && (size_t)k < m; k++) {
		size_t best = (size_t)-1;
		for (size_t j = 0; j < m; j++) {
			if (k == 1 && j == row->strongest[0])
				continue;
			if (best == (size_t)-1 || row->contrib[j] > row->contrib[best])
				best = j;
		}
		row->strongest[k] = best;
	}
	for (int k = 0; k < 2 && (size_t)k < m; k++) {
		size_t j = row->strongest[k], pos = 1;
		const char *lab = label_of(a, r->criteria[j], r->lower_is_better[j], locale);
		struct buf b;
		for (size_t i = 0; i < r->n; i++)
			if (r->rows[i].norm[j] > row->norm[j])
				pos++;
		row->best_pct[k] = (int)ceil(100.0 * (double)pos / (double)r->n);
		buf_init(&b);
		if (z)
			buf_printf(&b, "%s %.0f/100，前 %d%%", lab, round(100 * row->norm[j]), row->best_pct[k]);
		else
			buf_printf(&b, "%s %.0f/100, best %d%%", lab, round(100 * row->norm[j]), row->best_pct[k]);
		row->reasons[k] = arena_strdup(a, buf_str(&b));
		buf_release(&b);
	}
}

struct mcdaeval_result *
mcdaeval_compute(struct arena *a, const char *key, const struct table *t,
                 const struct project_dataset *spec, const cJSON *params, enum locale locale,
                 struct analysis_ctx *ctx)
{
	const cJSON *crit = params ? cJSON_GetObjectItemCaseSensitive(params, "criteria") : NULL;
	const cJSON *wts = params ? cJSON_GetObjectItemCaseSensitive(params, "weights") : NULL;
	const cJSON *lib = params ? cJSON_GetObjectItemCaseSensitive(params, "lower_is_better") : NULL;
	const cJSON *meth = params ? cJSON_GetObjectItemCaseSensitive(params, "method") : NULL;
	const cJSON *tr = params ? cJSON_GetObjectItemCaseSensitive(params, "stability_trials") : NULL;
	const struct table_column *idc = table_column_find(t, "id"), *nmc = table_column_find(t, "name");
	const struct table_column **cols = arena_calloc(a, t->ncols + 1, sizeof *cols);
	struct mcdaeval_result *r = arena_calloc(a, 1, sizeof *r);
	enum project_role role = spec ? spec->role :
	                         strcmp(key, "schemes") == 0 ? PROJECT_SCHEMES : PROJECT_PARTNERS;
	size_t m = 0, n = 0;
	double *w, *x, *score, *norm, *keep, *top, *mrank;
	int *lower, *rank;
	size_t *rows;
	r->key = key;
	r->method = cJSON_IsString(meth) && strcmp(meth->valuestring, "topsis") == 0 ? MCDA_TOPSIS
	                                                                              : MCDA_WEIGHTED;
	r->trials = cJSON_IsNumber(tr) ? (size_t)tr->valuedouble : 200;
	r->criteria = arena_calloc(a, t->ncols + 1, sizeof *r->criteria);
	if (cJSON_IsArray(crit)) {
		const cJSON *e;
		cJSON_ArrayForEach(e, crit) {
			const struct table_column *c;
			if (!cJSON_IsString(e))
				continue;
			c = table_column_find(t, e->valuestring);
			if (!c) {
				if (ctx)
					analysis_note(ctx, "%s: criterion '%s' skipped: %s has no '%s' column", key,
					              e->valuestring, key, e->valuestring);
			} else if (usable(a, key, role, c, t, spec, 1, ctx)) {
				cols[m] = c;
				r->criteria[m++] = c->name;
			}
		}
	} else {
		for (size_t j = 0; j < t->ncols; j++) {
			const struct table_column *c = &t->cols[j];
			if (is_key_column(spec, c->name) || c->type == TABLE_DATE)
				continue;
			if (usable(a, key, role, c, t, spec, 0, ctx)) {
				cols[m] = c;
				r->criteria[m++] = c->name;
			}
		}
	}
	if (m == 0 || !idc) {
		if (ctx)
			analysis_note(ctx, "%s skipped: no numeric criteria", key);
		return NULL;
	}
	r->m = m;
	w = arena_calloc(a, m, sizeof *w);
	lower = arena_calloc(a, m, sizeof *lower);
	for (size_t j = 0; j < m; j++) {
		const cJSON *wj = cJSON_IsObject(wts) ? cJSON_GetObjectItemCaseSensitive(wts, r->criteria[j]) : NULL;
		if (!cJSON_IsObject(wts))
			w[j] = 1;
		else if (cJSON_IsNumber(wj))
			w[j] = wj->valuedouble;
		else if (ctx)
			analysis_note(ctx, "%s: criterion '%s' has no weight; it counts 0", key, r->criteria[j]);
		lower[j] = lib && in_list(lib, r->criteria[j]);
	}
	mcda_normalise_weights(w, m, w);
	r->weights = w;
	r->lower_is_better = lower;
	/* rows with every criterion present */
	rows = arena_calloc(a, t->nrows + 1, sizeof *rows);
	for (size_t i = 0; i < t->nrows; i++) {
		int ok = idc->type == TABLE_TEXT ? idc->code[i] >= 0 : idc->num[i] == idc->num[i];
		for (size_t j = 0; j < m && ok; j++)
			ok = isfinite(cols[j]->num[i]);
		if (ok)
			rows[n++] = i;
		else
			r->left_out++;
	}
	if (r->left_out && ctx)
		analysis_note(ctx, "%s: %zu rows without a value for every criterion left out of the ranking",
		              key, r->left_out);
	if (n == 0) {
		if (ctx)
			analysis_note(ctx, "%s skipped: no row has a value for every criterion", key);
		return NULL;
	}
	r->n = n;
	x = arena_calloc(a, n * m, sizeof *x);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < m; j++)
			x[i * m + j] = cols[j]->num[rows[i]];
	{
		struct mcda_input in = { n, m, x, w, lower };
		score = arena_calloc(a, n, sizeof *score);
		norm = arena_calloc(a, n * m, sizeof *norm);
		rank = arena_calloc(a, n, sizeof *rank);
		keep = arena_calloc(a, n, sizeof *keep);
		top = arena_calloc(a, n, sizeof *top);
		mrank = arena_calloc(a, n, sizeof *mrank);
		mcda_weighted(&in, score, norm);
		if (r->method == MCDA_TOPSIS)
			mcda_topsis(&in, score);
		mcda_rank(score, n, rank);
		if (r->trials)
			mcda_stability(&in, r->method, r->trials, 0.2, MCDAEVAL_TOP_K, MCDAEVAL_SEED, keep, top, mrank);
	}
	r->rows = arena_calloc(a, n, sizeof *r->rows);
	for (size_t i = 0; i < n; i++) {
		struct mcdaeval_row *row = &r->rows[i];
		double *contrib = arena_calloc(a, m, sizeof *contrib);
		char num[64];
		size_t src = rows[i];
		if (idc->type == TABLE_TEXT) {
			row->id = table_text(idc, src);
		} else {
			snprintf(num, sizeof num, "%.15g", idc->num[src]);
			row->id = arena_strdup(a, num);
		}
		row->name = nmc && nmc->type == TABLE_TEXT && nmc->code[src] >= 0 ? table_text(nmc, src) : row->id;
		row->row = src;
		row->score = score[i];
		row->rank = rank[i];
		row->value = x + i * m;
		row->norm = norm + i * m;
		for (size_t j = 0; j < m; j++)
			contrib[j] = w[j] * norm[i * m + j];
		row->contrib = contrib;
		row->keep = r->trials ? keep[i] : NAN;
		row->top = r->trials ? top[i] : NAN;
		row->mean_rank = r->trials ? mrank[i] : NAN;
	}
	for (size_t i = 0; i < n; i++)
		explain(a, r, &r->rows[i], locale);
	qsort(r->rows, n, sizeof *r->rows, cmp_row);
	return r;
}

/* ---- report model ---- */

static void
add_charts(const struct mcdaeval_result *r, enum locale locale, cJSON *charts)
{
	int z = (locale == LOCALE_ZH_CN), partners = strcmp(r->key, "partners") == 0;
	char id[64];
	cJSON *c, *cats, *s, *vals, *y;
	size_t shown = r->n < 20 ? r->n : 20;
	/* score bars, best first */
	snprintf(id, sizeof id, "%s_scores", r->key);
	c = cJSON_AddObjectToObject(charts, id);
	cJSON_AddStringToObject(c, "type", "hbar");
	cJSON_AddStringToObject(c, "title", partners ? (z ? "合作伙伴得分" : "Partner scores")
	                                             : (z ? "合作方案得分" : "Scheme scores"));
	cats = cJSON_AddArrayToObject(cJSON_AddObjectToObject(c, "x"), "categories");
	y = cJSON_AddObjectToObject(c, "y");
	cJSON_AddNumberToObject(y, "min", 0);
	cJSON_AddNumberToObject(y, "max", 1);
	s = cJSON_CreateObject();
	cJSON_AddStringToObject(s, "name", z ? "得分" : "Score");
	vals = cJSON_AddArrayToObject(s, "values");
	for (size_t i = 0; i < shown; i++) {
		cJSON_AddItemToArray(cats, cJSON_CreateString(r->rows[i].name));
		cJSON_AddItemToArray(vals, cJSON_CreateNumber(r->rows[i].score));
	}
	cJSON_AddItemToArray(cJSON_AddArrayToObject(c, "series"), s);
	if (!r->trials)
		return;
	/* stability: share of weight perturbations that keep the rank */
	snprintf(id, sizeof id, "%s_stability", r->key);
	c = cJSON_AddObjectToObject(charts, id);
	cJSON_AddStringToObject(c, "type", "hbar");
	cJSON_AddStringToObject(c, "title", z ? "排名稳定性（权重 ±20%）" : "Rank stability (weights ±20%)");
	cats = cJSON_AddArrayToObject(cJSON_AddObjectToObject(c, "x"), "categories");
	y = cJSON_AddObjectToObject(c, "y");
	cJSON_AddStringToObject(y, "format", "percent");
	cJSON_AddNumberToObject(y, "min", 0);
	cJSON_AddNumberToObject(y, "max", 1);
	s = cJSON_CreateObject();
	cJSON_AddStringToObject(s, "name", z ? "保持排名" : "Same rank");
	vals = cJSON_AddArrayToObject(s, "values");
	for (size_t i = 0; i < shown; i++) {
		cJSON_AddItemToArray(cats, cJSON_CreateString(r->rows[i].name));
		cJSON_AddItemToArray(vals, cJSON_CreateNumber(r->rows[i].keep));
	}
	cJSON_AddItemToArray(cJSON_AddArrayToObject(c, "series"), s);
	s = cJSON_CreateObject();
	cJSON_AddStringToObject(s, "name", z ? "进入前 3" : "In the top 3");
	vals = cJSON_AddArrayToObject(s, "values");
	for (size_t i = 0; i < shown; i++)
		cJSON_AddItemToArray(vals, cJSON_CreateNumber(r->rows[i].top));
	cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(c, "series"), s);
}

cJSON *
mcdaeval_to_model(const struct mcdaeval_result *r, enum locale locale, cJSON *charts)
{
	cJSON *o = cJSON_CreateObject(), *arr;
	cJSON_AddStringToObject(o, "method", r->method == MCDA_TOPSIS ? "topsis" : "weighted");
	arr = cJSON_AddArrayToObject(o, "criteria");
	for (size_t j = 0; j < r->m; j++) {
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "name", r->criteria[j]);
		modelfmt_add(e, "weight", r->weights[j], "percent", 1, locale, NULL);
		cJSON_AddBoolToObject(e, "lower_is_better", r->lower_is_better[j]);
		cJSON_AddItemToArray(arr, e);
	}
	cJSON_AddNumberToObject(o, "stability_trials", (double)r->trials);
	cJSON_AddNumberToObject(o, "left_out", (double)r->left_out);
	arr = cJSON_AddArrayToObject(o, "ranking");
	for (size_t i = 0; i < r->n; i++) {
		const struct mcdaeval_row *row = &r->rows[i];
		cJSON *e = cJSON_CreateObject(), *c, *v, *st, *rs;
		cJSON_AddStringToObject(e, "id", row->id);
		cJSON_AddStringToObject(e, "name", row->name);
		modelfmt_add(e, "score", row->score, "number", 3, locale, NULL);
		cJSON_AddNumberToObject(e, "rank", row->rank);
		c = cJSON_AddObjectToObject(e, "contributions");
		v = cJSON_AddObjectToObject(e, "values");
		for (size_t j = 0; j < r->m; j++) {
			cJSON_AddNumberToObject(c, r->criteria[j], row->contrib[j]);
			cJSON_AddNumberToObject(v, r->criteria[j], row->value[j]);
		}
		st = cJSON_AddObjectToObject(e, "stability");
		modelfmt_add(st, "keep", row->keep, "percent", 0, locale, NULL);
		modelfmt_add(st, "top", row->top, "percent", 0, locale, NULL);
		modelfmt_add(st, "mean_rank", row->mean_rank, "number", 1, locale, NULL);
		rs = cJSON_AddArrayToObject(e, "reasons");
		for (int k = 0; k < 2; k++)
			if (row->reasons[k])
				cJSON_AddItemToArray(rs, cJSON_CreateString(row->reasons[k]));
		cJSON_AddItemToArray(arr, e);
	}
	if (charts)
		add_charts(r, locale, charts);
	return o;
}

static cJSON *
run_role(struct analysis_ctx *ctx, const cJSON *params, enum project_role role,
         const struct mcdaeval_result **slot)
{
	const struct dataset *ds = ctx->datasets[role];
	const char *key = project_role_names[role];
	struct mcdaeval_result *r;
	if (!ds)
		return NULL;
	r = mcdaeval_compute(ctx->a, key, ds->table, ds->spec, params, ctx->project->locale, ctx);
	if (!r)
		return NULL;
	*slot = r;
	return mcdaeval_to_model(r, ctx->project->locale, modelfmt_charts(ctx->results));
}

cJSON *
mcdaeval_partners_run(struct analysis_ctx *ctx, const cJSON *params)
{
	return run_role(ctx, params, PROJECT_PARTNERS, &ctx->partners);
}

cJSON *
mcdaeval_schemes_run(struct analysis_ctx *ctx, const cJSON *params)
{
	return run_role(ctx, params, PROJECT_SCHEMES, &ctx->schemes);
}

static const struct jsoncheck_param mcda_param_table[] = {
	{ "criteria", JSONCHECK_STRS, NULL, 0, 0, "every numeric column but id and name",
	  "criteria columns; rows with a missing value are left out (counted in left_out)" },
	{ "weights", JSONCHECK_OBJ, NULL, 0, 0, "equal",
	  "per criterion, normalised to sum to 1; a criterion without a weight weighs 0" },
	{ "lower_is_better", JSONCHECK_STRS, NULL, 0, 0, "[]",
	  "criteria where less is better (cost, risk)" },
	{ "method", JSONCHECK_ENUM, "weighted|topsis", 0, 0, "\"weighted\"",
	  "weighted sum or TOPSIS" },
	{ "stability_trials", JSONCHECK_INT, NULL, 0, 1e6, "200",
	  "weight perturbation trials (0 = none); for each row: the share of trials keeping its "
	  "rank, the share ranking it in the top 3, its mean rank" },
};

const struct analysis mcdaeval_partners_analysis = {
	.key = "partners",
	.doc = "multi-criteria ranking of partners (weighted sum or TOPSIS) with the stability of the ranking",
	.needs = ANALYSIS_ROLE(PROJECT_PARTNERS),
	.data = "partners: id, name and the numeric criteria columns",
	.params = mcda_param_table,
	.nparams = sizeof mcda_param_table / sizeof mcda_param_table[0],
	.run = mcdaeval_partners_run,
};

const struct analysis mcdaeval_schemes_analysis = {
	.key = "schemes",
	.doc = "the same multi-criteria ranking for cooperation schemes",
	.needs = ANALYSIS_ROLE(PROJECT_SCHEMES),
	.data = "schemes: id, name and the numeric criteria columns",
	.params = mcda_param_table,
	.nparams = sizeof mcda_param_table / sizeof mcda_param_table[0],
	.run = mcdaeval_schemes_run,
};
