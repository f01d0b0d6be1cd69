/* SPDX-License-Identifier: MIT
 * targets: builds the four lists from the typed results of lead_scoring, churn, clv,
 * lifecycle, rfm, segmentation and partners, ranks them, words each row's reasons, and
 * writes the model (top rows) and the CSV text (all rows). */
#include "analysis/targets.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/churn.h"
#include "analysis/clv.h"
#include "analysis/custagg.h"
#include "analysis/lead_scoring.h"
#include "analysis/lifecycle.h"
#include "analysis/mcdaeval.h"
#include "analysis/rfm.h"
#include "analysis/segmentation.h"
#include "base/csvout.h"
#include "base/fmt.h"

static const char *const keys[TARGETS_NLISTS] = { "prospects", "retention", "expansion", "partners" };

enum col_field { F_TEXT0, F_TEXT1, F_NUM0, F_NUM1, F_SCORE };
enum col_kind { K_TEXT, K_MONEY, K_PROB, K_NUMBER };
struct col_spec {
	const char *name;
	enum col_field field;
	enum col_kind kind;
};
/* The list columns between rank,id,name and reason_1,reason_2 (stable: CRM imports
 * map them by name). */
static const struct col_spec cols[TARGETS_NLISTS][6] = {
	{ { "stage", F_TEXT0, K_TEXT }, { "owner", F_TEXT1, K_TEXT }, { "amount", F_NUM0, K_MONEY },
	  { "p_win", F_NUM1, K_PROB }, { "expected_value", F_SCORE, K_MONEY }, { NULL, 0, 0 } },
	{ { "segment", F_TEXT0, K_TEXT }, { "p_churn", F_NUM0, K_PROB }, { "clv", F_NUM1, K_MONEY },
	  { "value_at_risk", F_SCORE, K_MONEY }, { NULL, 0, 0 } },
	{ { "cluster", F_TEXT0, K_TEXT }, { "monetary", F_NUM0, K_MONEY },
	  { "cluster_median", F_NUM1, K_MONEY }, { "gap", F_SCORE, K_MONEY }, { NULL, 0, 0 } },
	{ { "score", F_SCORE, K_NUMBER }, { NULL, 0, 0 } },
};

const char *
targets_key(enum targets_kind k)
{
	return k < TARGETS_NLISTS ? keys[k] : NULL;
}

static int
by_score(const void *pa, const void *pb)
{
	const struct targets_row *a = pa, *b = pb;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	return strcmp(a->id, b->id);
}

void
targets_rank(struct targets_list *l)
{
	if (l->n > 1)
		qsort(l->rows, l->n, sizeof *l->rows, by_score);
	for (size_t i = 0; i < l->n; i++)
		l->rows[i].rank = i + 1;
}

void
targets_reasons(struct arena *a, const struct targets_terms *t, const double *contrib, int sign,
                double usual, enum locale locale, const char *currency, const char *out[2])
{
	unsigned char *skip = arena_calloc(a, t->p + 1, 1);
	size_t pick[2], n;
	struct buf b;
	for (size_t j = 0; j < t->p; j++) {
		double x = t->coef[j] != 0 ? t->mean[j] + contrib[j] / t->coef[j] : NAN;
		skip[j] = !t->feature[j] || t->coef[j] == 0 || !isfinite(x) ||
		          (t->kind[j] == REASONS_LEVEL && x < 0.5) ||
		          /* "close to the average" explains nothing */
		          (t->kind[j] != REASONS_LEVEL && t->kind[j] != REASONS_FLAG &&
		           fabs(x - t->mean[j]) < 0.05 * fabs(t->mean[j]));
	}
	n = reasons_pick(contrib, skip, t->p, sign, pick, 2);
	out[0] = out[1] = NULL;
	buf_init(&b);
	for (size_t k = 0; k < n; k++) {
		size_t j = pick[k];
		struct reasons_term term = { t->feature[j], t->level ? t->level[j] : NULL, t->kind[j],
		                             t->mean[j] + contrib[j] / t->coef[j], t->mean[j],
		                             t->kind[j] == REASONS_RECENCY ? usual : NAN, NULL };
		if (term.kind == REASONS_FLAG || term.kind == REASONS_LEVEL || term.kind == REASONS_FREQUENCY)
			term.value = round(term.value);
		buf_reset(&b);
		reasons_text(&b, &term, locale, currency);
		out[k] = arena_strdup(a, buf_str(&b));
	}
	buf_release(&b);
}

static double
num_field(const struct targets_row *r, enum col_field f)
{
	return f == F_NUM0 ? r->num[0] : f == F_NUM1 ? r->num[1] : r->score;
}

size_t
targets_ncols(enum targets_kind k)
{
	size_t n = 0;
	while (cols[k][n].name)
		n++;
	return n + 5;
}

const char *
targets_col(enum targets_kind k, size_t j, enum targets_col_kind *kind)
{
	static const char *const fixed[] = { "rank", "id", "name" };
	size_t n = targets_ncols(k);
	const struct col_spec *c;
	*kind = j == 0 ? TARGETS_COL_RANK : TARGETS_COL_TEXT;
	if (j < 3)
		return fixed[j];
	if (j >= n - 2)
		return j == n - 2 ? "reason_1" : "reason_2";
	c = &cols[k][j - 3];
	*kind = c->kind == K_TEXT ? TARGETS_COL_TEXT : c->kind == K_MONEY ? TARGETS_COL_MONEY :
	        c->kind == K_PROB ? TARGETS_COL_PROB : TARGETS_COL_NUMBER;
	return c->name;
}

static int
decimals_of(enum targets_col_kind kind)
{
	return kind == TARGETS_COL_RANK ? 0 : kind == TARGETS_COL_MONEY ? 2 :
	       kind == TARGETS_COL_PROB ? 4 : -1;
}

const char *
targets_cell(const struct targets_list *l, size_t r, size_t j, double *num)
{
	const struct targets_row *row = &l->rows[r];
	size_t n = targets_ncols(l->kind);
	enum targets_col_kind kind;
	targets_col(l->kind, j, &kind);
	*num = NAN;
	if (j == 0) {
		*num = (double)row->rank;
		return NULL;
	}
	if (j == 1 || j == 2)
		return j == 1 ? row->id : row->name;
	if (j >= n - 2)
		return row->reason[j - (n - 2)];
	if (kind == TARGETS_COL_TEXT)
		return row->text[cols[l->kind][j - 3].field == F_TEXT1];
	*num = num_field(row, cols[l->kind][j - 3].field);
	if (isfinite(*num) && decimals_of(kind) >= 0) {
		/* the value the CSV's digits stand for (csvout_num rounds the same way) */
		double scale = pow(10, decimals_of(kind));
		*num = round(*num * scale) / scale;
		if (*num == 0)
			*num = 0;
	}
	return NULL;
}

void
targets_csv(const struct targets_list *l, struct buf *out)
{
	struct csvout w;
	size_t n = targets_ncols(l->kind);
	enum targets_col_kind kind;
	csvout_init(&w, out, 0);
	for (size_t j = 0; j < n; j++)
		csvout_text(&w, targets_col(l->kind, j, &kind));
	csvout_end_row(&w);
	for (size_t i = 0; i < l->n; i++) {
		for (size_t j = 0; j < n; j++) {
			double v;
			const char *s = targets_cell(l, i, j, &v);
			targets_col(l->kind, j, &kind);
			if (kind == TARGETS_COL_TEXT)
				csvout_text(&w, s);
			else
				csvout_num(&w, v, decimals_of(kind));
		}
		csvout_end_row(&w);
	}
}

/* ---- model ---- */

static const char *
currency_of(const struct analysis_ctx *ctx)
{
	return ctx->project && ctx->project->currency ? ctx->project->currency : "USD";
}

/* name and name_fmt (null and "–" when not finite). */
static void
add_num(cJSON *o, const char *name, double v, enum col_kind kind, const struct analysis_ctx *ctx)
{
	struct buf b;
	char key[64];
	buf_init(&b);
	if (kind == K_MONEY && isfinite(v))
		v = round(v * 100) / 100;       /* to the cent: no float noise in results.json */
	if (isfinite(v))
		cJSON_AddNumberToObject(o, name, v);
	else
		cJSON_AddNullToObject(o, name);
	if (kind == K_MONEY)
		fmt_currency(&b, v, currency_of(ctx), project_locale(ctx->project), 1, -1);
	else if (kind == K_PROB)
		fmt_percent(&b, v, 1);
	else if (kind == K_NUMBER)
		fmt_number(&b, v, 3, project_locale(ctx->project));
	else
		fmt_number(&b, v, 0, project_locale(ctx->project));
	snprintf(key, sizeof key, "%s_fmt", name);
	cJSON_AddStringToObject(o, key, buf_str(&b));
	buf_release(&b);
}

static cJSON *
row_model(const struct targets_row *r, enum targets_kind kind, const struct analysis_ctx *ctx)
{
	cJSON *o = cJSON_CreateObject(), *reasons;
	cJSON_AddNumberToObject(o, "rank", (double)r->rank);
	cJSON_AddStringToObject(o, "id", r->id);
	if (r->name)
		cJSON_AddStringToObject(o, "name", r->name);
	else
		cJSON_AddStringToObject(o, "name", r->id);
	for (const struct col_spec *c = cols[kind]; c->name; c++) {
		if (c->kind == K_TEXT) {
			const char *s = r->text[c->field == F_TEXT1];
			if (s)
				cJSON_AddStringToObject(o, c->name, s);
			else
				cJSON_AddNullToObject(o, c->name);
		} else {
			add_num(o, c->name, num_field(r, c->field), c->kind, ctx);
		}
	}
	if (kind != TARGETS_PARTNERS)
		add_num(o, "score", r->score, K_MONEY, ctx);
	reasons = cJSON_AddArrayToObject(o, "reasons");
	for (int k = 0; k < 2; k++)
		if (r->reason[k])
			cJSON_AddItemToArray(reasons, cJSON_CreateString(r->reason[k]));
	return o;
}

cJSON *
targets_model(const struct targets_result *r, struct analysis_ctx *ctx)
{
	cJSON *root = cJSON_CreateObject(), *counts, *summary;
	cJSON_AddNumberToObject(root, "top", (double)r->top);
	counts = cJSON_AddObjectToObject(root, "counts");
	for (int k = 0; k < TARGETS_NLISTS; k++)
		if (r->list[k].present)
			cJSON_AddNumberToObject(counts, keys[k], (double)r->list[k].n);
	summary = cJSON_AddObjectToObject(root, "summary");
	if (r->list[TARGETS_PROSPECTS].present && !r->list[TARGETS_PROSPECTS].why) {
		double s = 0;
		for (size_t i = 0; i < r->list[TARGETS_PROSPECTS].n; i++)
			s += r->list[TARGETS_PROSPECTS].rows[i].score;
		add_num(summary, "expected_value", s, K_MONEY, ctx);
	}
	if (r->list[TARGETS_RETENTION].present && !r->list[TARGETS_RETENTION].why) {
		double s = 0;
		size_t n = 0;
		for (size_t i = 0; i < r->list[TARGETS_RETENTION].n; i++) {
			const struct targets_row *row = &r->list[TARGETS_RETENTION].rows[i];
			if (row->num[0] >= 0.5) {
				n++;
				s += row->num[1];
			}
		}
		add_num(summary, "at_risk_customers", (double)n, K_TEXT, ctx);
		add_num(summary, "value_at_stake", s, K_MONEY, ctx);
	}
	if (r->list[TARGETS_EXPANSION].present) {
		double s = 0;
		for (size_t i = 0; i < r->list[TARGETS_EXPANSION].n; i++)
			s += r->list[TARGETS_EXPANSION].rows[i].score;
		add_num(summary, "expansion_gap", s, K_MONEY, ctx);
	}
	for (int k = 0; k < TARGETS_NLISTS; k++) {
		const struct targets_list *l = &r->list[k];
		cJSON *arr;
		if (!l->present)
			continue;
		arr = cJSON_AddArrayToObject(root, keys[k]);
		for (size_t i = 0; i < l->n && i < r->top; i++)
			cJSON_AddItemToArray(arr, row_model(&l->rows[i], (enum targets_kind)k, ctx));
	}
	for (int k = 0; k < TARGETS_NLISTS; k++) {
		cJSON *why = cJSON_GetObjectItemCaseSensitive(root, "why");
		if (!r->list[k].present || !r->list[k].why)
			continue;
		if (!why)
			why = cJSON_AddObjectToObject(root, "why");
		cJSON_AddStringToObject(why, keys[k], r->list[k].why);
	}
	return root;
}

/* ---- the lists from the typed results ---- */

static const struct table_column *
column(const struct table *t, const char *name, enum table_type type)
{
	const struct table_column *c = t ? table_column_find(t, name) : NULL;
	return c && c->type == type ? c : NULL;
}

static const char *
text_at(const struct table_column *c, size_t r)
{
	return c ? table_text(c, r) : NULL;
}

/* 1 when every present value of a numeric column is 0 or 1 (a flag). */
static int
binary(const struct table_column *c, size_t nrows)
{
	size_t seen = 0;
	if (!c || c->type != TABLE_NUM)
		return 0;
	for (size_t r = 0; r < nrows; r++) {
		double v = c->num[r];
		if (v != v)
			continue;
		if (v != 0 && v != 1)
			return 0;
		seen++;
	}
	return seen > 0;
}

/* The reasons' view of a fitted scoring model on table t. */
static void
terms_of(struct arena *a, const struct scoring_model *m, const struct table *t, struct targets_terms *out)
{
	const char **feature = arena_calloc(a, m->p + 1, sizeof *feature);
	const char **level = arena_calloc(a, m->p + 1, sizeof *level);
	enum reasons_kind *kind = arena_calloc(a, m->p + 1, sizeof *kind);
	for (size_t j = 0; j < m->p; j++) {
		const struct features_column *c = &m->design.cols[j];
		if (c->feature < 0)
			continue;
		feature[j] = m->design.features[c->feature];
		level[j] = c->level;
		kind[j] = reasons_kind_of(feature[j], c->level != NULL);
		if (kind[j] == REASONS_NUMBER && binary(m->design.src[c->feature], t->nrows))
			kind[j] = REASONS_FLAG;
	}
	out->p = m->p;
	out->feature = feature;
	out->level = level;
	out->kind = kind;
	out->coef = m->coef;
	out->mean = m->mean;
}

/* Rows the model explains with fewer than two reasons get their value as one when it
 * is above the list's average ("deal size $97k, well above the average of $41k"): the
 * value is half of what ranks them. which: 0 = num[0], 1 = num[1]. */
static void
value_reasons(struct analysis_ctx *ctx, struct targets_list *l, int which, const char *feature)
{
	double sum = 0, mean;
	size_t n = 0;
	struct buf b;
	for (size_t i = 0; i < l->n; i++)
		if (isfinite(l->rows[i].num[which])) {
			sum += l->rows[i].num[which];
			n++;
		}
	if (!n)
		return;
	mean = sum / (double)n;
	buf_init(&b);
	for (size_t i = 0; i < l->n; i++) {
		struct targets_row *row = &l->rows[i];
		struct reasons_term t = { feature, NULL, REASONS_MONEY, row->num[which], mean, NAN, NULL };
		int k = row->reason[0] ? 1 : 0;
		if (row->reason[1] || !(row->num[which] > 1.05 * mean))
			continue;
		buf_reset(&b);
		reasons_text(&b, &t, project_locale(ctx->project), currency_of(ctx));
		row->reason[k] = arena_strdup(ctx->a, buf_str(&b));
	}
	buf_release(&b);
}

/* A model that is not predictive drives no list: l stays empty, with the reason in
 * its place. Returns 1 then. */
static int
not_predictive(struct analysis_ctx *ctx, struct targets_list *l, const struct scoring_model *m,
               const char *key, const char *rows)
{
	int zh = project_locale(ctx->project) == LOCALE_ZH_CN;
	if (m->verdict == SCORING_PREDICTIVE)
		return 0;
	l->present = 1;
	l->why = zh ? arena_printf(ctx->a, "此名单为空：%s 模型%s，其评分不用于排序。", key,
	                           scoring_verdict_phrase(m->verdict, 1))
	            : arena_printf(ctx->a, "This list is empty: the %s model is %s, so its scores rank no %s.",
	                           key, scoring_verdict_phrase(m->verdict, 0), rows);
	analysis_note(ctx, "targets: %s list empty: the %s model is not predictive (%s)",
	              l->kind == TARGETS_PROSPECTS ? "prospects" : "retention", key,
	              scoring_verdict_codes[m->verdict]);
	return 1;
}

static void
prospects(struct analysis_ctx *ctx, struct targets_list *l)
{
	const struct table *t = analysis_table_of(ctx, PROJECT_OPPORTUNITIES);
	const struct scoring_model *m;
	const struct table_column *id, *name, *stage, *owner, *amount;
	struct targets_terms terms;
	size_t skipped = 0;
	if (!ctx->lead_scoring || !t) {
		analysis_note(ctx, "targets: prospects left out: lead_scoring did not run");
		return;
	}
	m = &ctx->lead_scoring->model;
	if (not_predictive(ctx, l, m, "lead_scoring", "open deals"))
		return;
	id = column(t, "id", TABLE_TEXT);
	name = column(t, "account", TABLE_TEXT);
	stage = column(t, "stage", TABLE_TEXT);
	owner = column(t, "owner", TABLE_TEXT);
	amount = column(t, "amount", TABLE_NUM);
	if (!amount || !id) {
		analysis_note(ctx, "targets: prospects left out: opportunities has no 'amount' field");
		return;
	}
	terms_of(ctx->a, m, t, &terms);
	l->rows = arena_calloc(ctx->a, m->nscored + 1, sizeof *l->rows);
	for (size_t i = 0; i < m->nscored; i++) {
		size_t r = m->row[i];
		struct targets_row *row = &l->rows[l->n];
		double v = amount->num[r];
		if (!isfinite(v) || !table_text(id, r)) {
			skipped++;
			continue;
		}
		row->id = table_text(id, r);
		row->name = text_at(name, r);
		row->text[0] = text_at(stage, r);
		row->text[1] = text_at(owner, r);
		row->num[0] = v;
		row->num[1] = m->prob[i];
		row->score = m->prob[i] * v;
		targets_reasons(ctx->a, &terms, m->contrib + i * m->p, 1, NAN, project_locale(ctx->project), currency_of(ctx),
		                row->reason);
		l->n++;
	}
	if (skipped)
		analysis_note(ctx, "targets: %zu open deals without an amount left out of prospects", skipped);
	value_reasons(ctx, l, 0, "amount");
	l->present = 1;
	targets_rank(l);
}

/* name[code] for every custagg code: the customers table's name of that id. */
static const char **
names_by_code(struct analysis_ctx *ctx, const struct custagg *ca)
{
	const struct table *cust = analysis_table_of(ctx, PROJECT_CUSTOMERS);
	const char **name = arena_calloc(ctx->a, ca->n + 1, sizeof *name);
	const struct table_column *nc = column(cust, "name", TABLE_TEXT);
	int32_t *code = nc ? custagg_map_rows(ctx->a, ca, cust) : NULL;
	if (code)
		for (size_t r = 0; r < cust->nrows; r++)
			if (code[r] >= 0 && !name[code[r]])
				name[code[r]] = table_text(nc, r);
	return name;
}

/* The customer's usual days between orders, NaN with fewer than two orders. */
static double
usual_gap(const struct custagg *ca, int32_t c)
{
	return ca->orders[c] >= 2 ? (ca->last[c] - ca->first[c]) / (ca->orders[c] - 1) : NAN;
}

static void
retention(struct analysis_ctx *ctx, struct targets_list *l)
{
	const struct table *t = analysis_table_of(ctx, PROJECT_CUSTOMERS);
	const struct custagg *ca = ctx->clv ? ctx->clv->ca : NULL;
	const struct scoring_model *m;
	const struct table_column *id, *name, *flag;
	const int32_t *map;
	struct targets_terms terms;
	if (!ctx->churn || !ctx->clv || !t || !ca) {
		analysis_note(ctx, "targets: retention left out: %s did not run", !ctx->churn ? "churn" : "clv");
		return;
	}
	m = &ctx->churn->model;
	if (not_predictive(ctx, l, m, "churn", "customers"))
		return;
	id = column(t, "id", TABLE_TEXT);
	name = column(t, "name", TABLE_TEXT);
	flag = column(t, ctx->churn->params.target, TABLE_NUM);
	if (!id)
		return;
	terms_of(ctx->a, m, t, &terms);
	l->rows = arena_calloc(ctx->a, m->nscored + 1, sizeof *l->rows);
	map = custagg_map_rows(ctx->a, ca, t);
	for (size_t i = 0; i < m->nscored; i++) {
		size_t r = m->row[i];
		struct targets_row *row = &l->rows[l->n];
		const char *cid = table_text(id, r);
		int32_t c;
		double clv;
		if (!cid || (flag && flag->num[r] == 1))
			continue;               /* already churned: not a retention target */
		c = map ? map[r] : custagg_find(ca, cid);
		if (c < 0 || ca->orders[c] == 0 || !isfinite(clv = ctx->clv->clv[c]))
			continue;               /* never ordered: no value to keep */
		if (ctx->lifecycle && ctx->lifecycle->stage && ctx->lifecycle->stage[c] == LIFECYCLE_CHURNED)
			continue;               /* gone by the lifecycle rule (no order for a year) */
		row->id = cid;
		row->name = text_at(name, r);
		if (ctx->rfm && ctx->rfm->segment[c] >= 0)
			row->text[0] = ctx->rfm->seg[ctx->rfm->segment[c]].name;
		row->num[0] = m->prob[i];
		row->num[1] = clv;
		row->score = m->prob[i] * clv;
		targets_reasons(ctx->a, &terms, m->contrib + i * m->p, 1, usual_gap(ca, c), project_locale(ctx->project),
		                currency_of(ctx), row->reason);
		l->n++;
	}
	value_reasons(ctx, l, 1, "clv");
	l->present = 1;
	targets_rank(l);
}

static void
expansion(struct analysis_ctx *ctx, struct targets_list *l)
{
	const struct segmentation_result *s = ctx->segmentation;
	const struct custagg *ca = ctx->custagg;
	const struct table *cust = analysis_table_of(ctx, PROJECT_CUSTOMERS);
	const struct table_column *cid = column(cust, "id", TABLE_TEXT);
	const int32_t *map;
	int32_t *code;
	double *med[3], *tmp;
	size_t *cnt;
	const char **name;
	struct buf b;
	if (!s || !ca) {
		analysis_note(ctx, "targets: expansion left out: segmentation did not run");
		return;
	}
	if (s->from_customers && !cid)
		return;
	/* each clustered point's customer code */
	code = arena_alloc(ctx->a, (s->n + 1) * sizeof *code);
	map = s->from_customers ? custagg_map_rows(ctx->a, ca, cust) : NULL;
	for (size_t i = 0; i < s->n; i++) {
		const char *idtext = s->from_customers ? table_text(cid, (size_t)s->rows[i]) : NULL;
		code[i] = !s->from_customers ? s->rows[i] : !idtext ? -1 :
		          map ? map[s->rows[i]] : custagg_find(ca, idtext);
		if (code[i] >= 0 && ca->orders[code[i]] == 0)
			code[i] = -1;
	}
	/* cluster medians of monetary, frequency and recency */
	cnt = arena_calloc(ctx->a, (size_t)s->k + 1, sizeof *cnt);
	tmp = arena_alloc(ctx->a, (s->n + 1) * sizeof *tmp);
	for (int m = 0; m < 3; m++)
		med[m] = arena_alloc(ctx->a, ((size_t)s->k + 1) * sizeof *med[m]);
	for (int k = 0; k < s->k; k++)
		for (int m = 0; m < 3; m++) {
			size_t n = 0;
			for (size_t i = 0; i < s->n; i++)
				if (s->labels[i] == k && code[i] >= 0) {
					int32_t c = code[i];
					tmp[n++] = m == 0 ? ca->monetary[c] : m == 1 ? ca->orders[c] : ca->as_of - ca->last[c];
				}
			cnt[k] = n;
			med[m][k] = custagg_median(tmp, n);
		}
	name = names_by_code(ctx, ca);
	l->rows = arena_calloc(ctx->a, s->n + 1, sizeof *l->rows);
	buf_init(&b);
	for (size_t i = 0; i < s->n; i++) {
		int32_t c = code[i];
		int k = s->labels[i];
		struct targets_row *row;
		struct reasons_term t1, t2;
		double f, rec, df, dr;
		if (c < 0 || k < 0 || !(ca->monetary[c] < med[0][k]))
			continue;
		row = &l->rows[l->n++];
		row->id = ca->ids[c];
		row->name = name[c];
		row->text[0] = s->clusters[k].name;
		row->num[0] = ca->monetary[c];
		row->num[1] = med[0][k];
		row->score = med[0][k] - ca->monetary[c];
		t1 = (struct reasons_term){ "monetary", NULL, REASONS_MONEY, ca->monetary[c], med[0][k], NAN,
		                            s->clusters[k].name };
		buf_reset(&b);
		reasons_text(&b, &t1, project_locale(ctx->project), currency_of(ctx));
		row->reason[0] = arena_strdup(ctx->a, buf_str(&b));
		/* the second: fewer orders or a longer silence than the cluster's median customer,
		 * whichever is relatively larger */
		f = ca->orders[c];
		rec = ca->as_of - ca->last[c];
		df = f < med[1][k] && med[1][k] > 0 ? (med[1][k] - f) / med[1][k] : 0;
		dr = rec > med[2][k] && med[2][k] > 0 ? (rec - med[2][k]) / med[2][k] : 0;
		if (df <= 0 && dr <= 0)
			continue;
		if (df >= dr)
			t2 = (struct reasons_term){ "frequency", NULL, REASONS_FREQUENCY, f, med[1][k], NAN,
			                            s->clusters[k].name };
		else
			t2 = (struct reasons_term){ "recency", NULL, REASONS_RECENCY, rec, med[2][k], NAN,
			                            s->clusters[k].name };
		buf_reset(&b);
		reasons_text(&b, &t2, project_locale(ctx->project), currency_of(ctx));
		row->reason[1] = arena_strdup(ctx->a, buf_str(&b));
	}
	buf_release(&b);
	l->present = 1;
	targets_rank(l);
}

/* The partners ranking as it is (its rank: ties share the smallest), with the reasons
 * the partners analysis worded from its strongest criteria. */
static void
partners(struct analysis_ctx *ctx, struct targets_list *l)
{
	const struct mcdaeval_result *p = ctx->partners;
	if (!p) {
		analysis_note(ctx, "targets: partners left out: the partners analysis did not run");
		return;
	}
	l->rows = arena_calloc(ctx->a, p->n + 1, sizeof *l->rows);
	for (size_t i = 0; i < p->n; i++) {
		struct targets_row *row = &l->rows[l->n++];
		row->id = p->rows[i].id;
		row->name = p->rows[i].name;
		row->score = p->rows[i].score;
		row->num[0] = row->num[1] = NAN;
		row->reason[0] = p->rows[i].reasons[0];
		row->reason[1] = p->rows[i].reasons[1];
		row->rank = (size_t)p->rows[i].rank;
	}
	l->present = 1;
}

cJSON *
targets_run(struct analysis_ctx *ctx, const cJSON *params)
{
	struct targets_result *r = arena_calloc(ctx->a, 1, sizeof *r);
	const cJSON *top = params ? cJSON_GetObjectItemCaseSensitive(params, "top") : NULL;
	int any = 0;
	r->top = cJSON_IsNumber(top) ? (size_t)top->valuedouble : 25;
	for (int k = 0; k < TARGETS_NLISTS; k++)
		r->list[k].kind = (enum targets_kind)k;
	prospects(ctx, &r->list[TARGETS_PROSPECTS]);
	retention(ctx, &r->list[TARGETS_RETENTION]);
	expansion(ctx, &r->list[TARGETS_EXPANSION]);
	partners(ctx, &r->list[TARGETS_PARTNERS]);
	for (int k = 0; k < TARGETS_NLISTS; k++)
		any |= r->list[k].present;
	if (!any)
		return NULL;
	ctx->targets = r;
	return targets_model(r, ctx);
}

static const struct jsoncheck_param params[] = {
	{ "top", JSONCHECK_INT, NULL, 1, 100000, "25",
	  "rows per list in the report (the CSV files have all)" },
};

const struct analysis targets_analysis = {
	.key = "targets",
	.doc = "target lists: prospects, retention, expansion and partners, each row with its two strongest reasons",
	.needs = 0,
	.data = "the results of rfm, clv, lifecycle, segmentation, lead_scoring, churn and partners",
	.params = params,
	.nparams = sizeof params / sizeof params[0],
	.run = targets_run,
};
