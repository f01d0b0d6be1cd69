/* SPDX-License-Identifier: MIT
 * lifecycle: stage rules over custagg's first/last order days and the customers
 * table's churned flag, as of as_of and as_of - 7, counted into stages and moves;
 * the model carries a bar chart of this week's and last week's stage counts. */
#include "analysis/lifecycle.h"

#include <math.h>
#include <string.h>

const char *const lifecycle_stage_keys[LIFECYCLE_NSTAGES] = {
	"prospect", "new", "active", "at_risk", "churned",
};
static const char *const names_en[LIFECYCLE_NSTAGES] = {
	"Prospect", "New", "Active", "At risk", "Churned",
};
static const char *const names_zh[LIFECYCLE_NSTAGES] = {
	"\xe6\xbd\x9c\xe5\x9c\xa8\xe5\xae\xa2\xe6\x88\xb7", /* 潜在客户 */
	"\xe6\x96\xb0\xe5\xae\xa2\xe6\x88\xb7",             /* 新客户 */
	"\xe6\xb4\xbb\xe8\xb7\x83",                         /* 活跃 */
	"\xe6\x9c\x89\xe9\xa3\x8e\xe9\x99\xa9",             /* 有风险 */
	"\xe5\xb7\xb2\xe6\xb5\x81\xe5\xa4\xb1",             /* 已流失 */
};

int
lifecycle_params_parse(struct arena *a, const cJSON *params, struct lifecycle_params *p, const char **err)
{
	const cJSON *j;
	p->new_days = 90;
	p->active_days = 180;
	p->churn_days = 365;
	*err = NULL;
	if ((j = cJSON_GetObjectItemCaseSensitive(params, "new_days")) && cJSON_IsNumber(j))
		p->new_days = j->valuedouble;
	if ((j = cJSON_GetObjectItemCaseSensitive(params, "active_days")) && cJSON_IsNumber(j))
		p->active_days = j->valuedouble;
	if ((j = cJSON_GetObjectItemCaseSensitive(params, "churn_days")) && cJSON_IsNumber(j))
		p->churn_days = j->valuedouble;
	if (p->active_days > p->churn_days) {
		*err = arena_printf(a, "analysis 'lifecycle': 'active_days' (%g) must not exceed 'churn_days' (%g)",
		                    p->active_days, p->churn_days);
		return -1;
	}
	if (p->new_days > p->churn_days) {
		*err = arena_printf(a, "analysis 'lifecycle': 'new_days' (%g) must not exceed 'churn_days' (%g)",
		                    p->new_days, p->churn_days);
		return -1;
	}
	return 0;
}

enum lifecycle_stage
lifecycle_stage_of(const struct lifecycle_params *p, double first, double last, double as_of, int flagged,
                   int known)
{
	if (flagged)
		return LIFECYCLE_CHURNED;
	if (last != last || first != first)
		return known ? LIFECYCLE_PROSPECT : LIFECYCLE_NONE;
	if (as_of - last > p->churn_days)
		return LIFECYCLE_CHURNED;
	if (as_of - first <= p->new_days)
		return LIFECYCLE_NEW;
	if (as_of - last <= p->active_days)
		return LIFECYCLE_ACTIVE;
	return LIFECYCLE_AT_RISK;
}

static void
count(struct lifecycle_result *r, int now, int prev)
{
	if (now >= 0)
		r->counts[now]++;
	if (prev >= 0)
		r->prev_counts[prev]++;
	if (now >= 0)
		r->moves[prev + 1][now]++;
	r->total += now >= 0;
}

struct lifecycle_result *
lifecycle_compute(struct arena *a, const struct custagg *ca, const struct table *cust, double as_of,
                  const struct lifecycle_params *p)
{
	struct lifecycle_result *r = arena_calloc(a, 1, sizeof *r);
	const struct table_column *fl = NULL, *cd = NULL, *su = NULL;
	int32_t *map = NULL;
	unsigned char *flag = NULL, *flag_prev = NULL, *known = NULL;
	double cut = as_of - 7;
	size_t n = ca ? ca->n : 0;
	r->p = *p;
	if (cust) {
		fl = table_column_find(cust, "churned");
		if (fl && fl->type == TABLE_TEXT)
			fl = NULL;
		cd = table_column_find(cust, "churn_date");
		if (cd && cd->type == TABLE_TEXT)
			cd = NULL;
		su = table_column_find(cust, "signup_date");
		if (su && su->type == TABLE_TEXT)
			su = NULL;
		r->flags_used = fl != NULL;
		if (ca)
			map = custagg_map_rows(a, ca, cust);
	}
	if (ca) {
		flag = arena_calloc(a, n + 1, 1);
		flag_prev = arena_calloc(a, n + 1, 1);
		known = arena_calloc(a, n + 1, 1);
	}
	if (cust && map)
		for (size_t i = 0; i < cust->nrows; i++) {
			int32_t c = map[i];
			if (c < 0)
				continue;
			known[c] = 1;
			if (fl && fl->num[i] == 1) {
				flag[c] = 1;
				if (!cd || cd->num[i] != cd->num[i] || floor(cd->num[i]) <= cut)
					flag_prev[c] = 1;
			}
		}
	if (ca) {
		r->stage = arena_alloc(a, n + 1);
		r->previous = arena_alloc(a, n + 1);
		for (size_t c = 0; c < n; c++) {
			double fp = ca->first[c] <= cut ? ca->first[c] : NAN;
			r->stage[c] = (int8_t)lifecycle_stage_of(p, ca->first[c], ca->last[c], as_of, flag[c], known[c]);
			r->previous[c] = (int8_t)lifecycle_stage_of(p, fp, ca->prev_last[c], cut, flag_prev[c], known[c]);
			count(r, r->stage[c], r->previous[c]);
		}
	}
	if (cust) {
		r->stage_row = arena_alloc(a, cust->nrows + 1);
		for (size_t i = 0; i < cust->nrows; i++) {
			int fnow, fprev, prev;
			if (map && map[i] >= 0) {
				r->stage_row[i] = r->stage[map[i]];
				continue;
			}
			fnow = fl && fl->num[i] == 1;
			fprev = fnow && (!cd || cd->num[i] != cd->num[i] || floor(cd->num[i]) <= cut);
			r->stage_row[i] = fnow ? LIFECYCLE_CHURNED : LIFECYCLE_PROSPECT;
			if (su && su->num[i] == su->num[i] && floor(su->num[i]) > cut)
				prev = LIFECYCLE_NONE;
			else
				prev = fprev ? LIFECYCLE_CHURNED : LIFECYCLE_PROSPECT;
			count(r, r->stage_row[i], prev);
		}
	}
	return r;
}

cJSON *
lifecycle_model(const struct lifecycle_result *r, struct analysis_ctx *ctx)
{
	cJSON *o = cJSON_CreateObject(), *pa, *arr, *ch, *ax, *cats, *ser;
	int zh = project_locale(ctx->project) == LOCALE_ZH_CN;
	const char *const *names = zh ? names_zh : names_en;
	pa = cJSON_AddObjectToObject(o, "parameters");
	cJSON_AddNumberToObject(pa, "new_days", r->p.new_days);
	cJSON_AddNumberToObject(pa, "active_days", r->p.active_days);
	cJSON_AddNumberToObject(pa, "churn_days", r->p.churn_days);
	cJSON_AddBoolToObject(pa, "churned_flag", r->flags_used);
	custagg_add_num(o, "customers", (double)r->total, "integer", ctx);
	arr = cJSON_AddArrayToObject(o, "stages");
	for (int s = 0; s < LIFECYCLE_NSTAGES; s++) {
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "key", lifecycle_stage_keys[s]);
		cJSON_AddStringToObject(e, "name", names[s]);
		custagg_add_num(e, "customers", (double)r->counts[s], "integer", ctx);
		custagg_add_num(e, "previous", (double)r->prev_counts[s], "integer", ctx);
		custagg_add_num(e, "change", (double)r->counts[s] - (double)r->prev_counts[s], "delta", ctx);
		custagg_add_num(e, "share", r->total ? (double)r->counts[s] / (double)r->total : NAN, "percent", ctx);
		cJSON_AddItemToArray(arr, e);
	}
	arr = cJSON_AddArrayToObject(o, "moves");
	for (int f = -1; f < LIFECYCLE_NSTAGES; f++)
		for (int t = 0; t < LIFECYCLE_NSTAGES; t++) {
			cJSON *e;
			if (f == t || !r->moves[f + 1][t])
				continue;
			e = cJSON_CreateObject();
			cJSON_AddStringToObject(e, "from", f < 0 ? "none" : lifecycle_stage_keys[f]);
			cJSON_AddStringToObject(e, "from_name", f < 0 ? (zh ? "\xe6\x97\xa0" : "None") : names[f]);
			cJSON_AddStringToObject(e, "to", lifecycle_stage_keys[t]);
			cJSON_AddStringToObject(e, "to_name", names[t]);
			custagg_add_num(e, "customers", (double)r->moves[f + 1][t], "integer", ctx);
			cJSON_AddItemToArray(arr, e);
		}
	ch = custagg_chart(ctx, "lifecycle");
	cJSON_AddStringToObject(ch, "type", "bar");
	cJSON_AddStringToObject(ch, "title", zh ? "\xe5\xae\xa2\xe6\x88\xb7\xe7\x94\x9f\xe5\x91\xbd\xe5\x91\xa8\xe6\x9c\x9f" : "Customers by lifecycle stage");
	ax = cJSON_AddObjectToObject(ch, "x");
	cats = cJSON_AddArrayToObject(ax, "categories");
	for (int s = 0; s < LIFECYCLE_NSTAGES; s++)
		cJSON_AddItemToArray(cats, cJSON_CreateString(names[s]));
	ax = cJSON_AddObjectToObject(ch, "y");
	cJSON_AddStringToObject(ax, "format", "integer");
	ser = cJSON_AddArrayToObject(ch, "series");
	for (int w = 0; w < 2; w++) {
		cJSON *s1 = cJSON_CreateObject(), *vals;
		cJSON_AddStringToObject(s1, "name", w == 0 ? (zh ? "\xe4\xb8\x8a\xe5\x91\xa8" : "Last week")
		                                           : (zh ? "\xe6\x9c\xac\xe5\x91\xa8" : "This week"));
		vals = cJSON_AddArrayToObject(s1, "values");
		for (int s = 0; s < LIFECYCLE_NSTAGES; s++)
			cJSON_AddItemToArray(vals, cJSON_CreateNumber((double)(w == 0 ? r->prev_counts[s] : r->counts[s])));
		cJSON_AddItemToArray(ser, s1);
	}
	return o;
}

cJSON *
lifecycle_run(struct analysis_ctx *ctx, const cJSON *params)
{
	struct lifecycle_params p;
	const char *err;
	const struct custagg *ca = custagg_get(ctx);
	const struct table *cust = analysis_table_of(ctx, PROJECT_CUSTOMERS);
	struct lifecycle_result *r;
	if (lifecycle_params_parse(ctx->a, params, &p, &err) != 0) {
		ctx->error = err;
		ctx->error_path = "analyses.lifecycle";
		return NULL;
	}
	if (!ca && !cust) {
		analysis_note(ctx, "lifecycle skipped: no 'orders' or 'customers' dataset");
		return NULL;
	}
	if (!ca)
		analysis_note(ctx, "lifecycle: no 'orders' dataset; every customer is a prospect unless flagged churned");
	if (cust && !table_column_find(cust, "churned"))
		analysis_note(ctx, "lifecycle: customers has no 'churned' field; churned means no order for %g days",
		              p.churn_days);
	r = lifecycle_compute(ctx->a, ca, cust, ctx->as_of, &p);
	ctx->lifecycle = r;
	return lifecycle_model(r, ctx);
}

/* the thresholds are in order (data-free) */
static int
check_lifecycle(struct analysis_ctx *ctx, const cJSON *params)
{
	struct lifecycle_params p;
	ctx->error_path = "analyses.lifecycle";
	return lifecycle_params_parse(ctx->a, params, &p, &ctx->error) != 0 ? -1 : 0;
}

static const struct jsoncheck_param params[] = {
	{ "new_days", JSONCHECK_NUM, NULL, 1, 36600, "90",
	  "days since the first order for \"new\"" },
	{ "active_days", JSONCHECK_NUM, NULL, 1, 36600, "180",
	  "days since the last order for \"active\" (at most churn_days)" },
	{ "churn_days", JSONCHECK_NUM, NULL, 1, 36600, "365",
	  "days without an order for \"churned\"" },
};

const struct analysis lifecycle_analysis = {
	.key = "lifecycle",
	.doc = "a stage per customer (prospect, new, active, at risk, churned), the counts and the moves since last week",
	.needs = 0,
	.data = "orders: customer, date; customers: id, churned, churn_date",
	.params = params,
	.nparams = sizeof params / sizeof params[0],
	.check = check_lifecycle,
	.run = lifecycle_run,
};
