/* SPDX-License-Identifier: MIT
 * kpis: one pass over each role table buckets rows into the last 12 weeks (week k ends
 * on as_of - 7k), then the figures, their week-over-week change and formatted strings. */
#include "analysis/kpis.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/fmt.h"

/* The test that tells a change from week-to-week noise (kpis.h). */
enum test { TEST_POISSON, TEST_PROPORTION, TEST_SPREAD };
static const char *const test_name[] = { "poisson", "two_proportion", "spread" };

static const struct {
	const char *key, *en, *zh, *kind;       /* kind: money, integer, percent, number */
	int up_is_good;
	enum test test;
	const char *unit_en, *unit_zh;          /* what count[] counts */
} info[KPIS_COUNT] = {
	{ "revenue", "Revenue", "收入", "money", 1, TEST_SPREAD, "orders", "笔订单" },
	{ "orders", "Orders", "订单数", "integer", 1, TEST_POISSON, "orders", "笔订单" },
	{ "average_order_value", "Average order value", "平均订单金额", "money", 1, TEST_SPREAD, "orders", "笔订单" },
	{ "active_customers", "Active customers", "活跃客户", "integer", 1, TEST_POISSON, "customers", "位客户" },
	{ "new_customers", "New customers", "新客户", "integer", 1, TEST_POISSON, "customers", "位客户" },
	{ "churned_customers", "Churned customers", "流失客户", "integer", 0, TEST_POISSON, "customers", "位客户" },
	{ "churn_rate", "Churn rate", "流失率", "percent", 0, TEST_PROPORTION, "customers", "位客户" },
	{ "open_pipeline", "Open pipeline", "在途商机金额", "money", 1, TEST_SPREAD, "open deals", "个在途商机" },
	{ "deals_won", "Deals won", "赢单数", "integer", 1, TEST_POISSON, "deals", "个商机" },
	{ "win_rate", "Win rate", "赢单率", "percent", 1, TEST_PROPORTION, "closed deals", "个已成交商机" },
	{ "average_satisfaction", "Average satisfaction", "平均满意度", "number", 1, TEST_SPREAD, "customers", "位客户" },
};

/* Week index 0..11 (11 = the week ending as_of) of a date, or -1 outside the 12 weeks. */
static int
week_of(double as_of, double date)
{
	double k;
	if (!(date == date))
		return -1;
	k = floor((as_of - floor(date)) / 7);
	if (k < 0 || k >= KPIS_WEEKS)
		return -1;
	return KPIS_WEEKS - 1 - (int)k;
}

/* Money sums to the cent: no float noise (101624.94000000005) in results.json. */
static double
cents(double v)
{
	return round(v * 100) / 100;
}

static const struct table_column *
col(const struct table *t, const char *name, enum table_type type)
{
	const struct table_column *c = t ? table_column_find(t, name) : NULL;
	if (!c)
		return NULL;
	if (type == TABLE_DATE)
		return c->type == TABLE_DATE ? c : NULL;
	return c->type == type ? c : NULL;
}

static void
absent(struct analysis_ctx *ctx, struct kpis_result *k, enum kpis_id id, const char *why)
{
	k->s[id].present = 0;
	analysis_note(ctx, "kpi '%s' omitted: %s", info[id].key, why);
}

/* Counts distinct (code, week) pairs: mask[code] has bit w once code was seen in week w. */
static void
count_distinct(const struct table_column *c, size_t row, int w, uint16_t *mask, double *n)
{
	int32_t code = c->code[row];
	if (code < 0 || (mask[code] & (1u << w)))
		return;
	mask[code] |= (uint16_t)(1u << w);
	n[w]++;
}

/* Open-addressing string index of a text column's rows (first row wins). */
struct idmap {
	size_t mask;
	size_t *slot;                   /* row + 1; 0 = empty */
	const struct table_column *c;
};

static void
idmap_build(struct arena *a, struct idmap *m, const struct table_column *c, size_t nrows)
{
	size_t cap = 16;
	while (cap < 2 * nrows)
		cap *= 2;
	m->mask = cap - 1;
	m->slot = arena_calloc(a, cap, sizeof *m->slot);
	m->c = c;
	for (size_t r = 0; r < nrows; r++) {
		const char *s = table_text(c, r);
		size_t h;
		if (!s)
			continue;
		for (h = table_hash(s, strlen(s)) & m->mask; m->slot[h]; h = (h + 1) & m->mask)
			if (strcmp(table_text(c, m->slot[h] - 1), s) == 0)
				break;
		if (!m->slot[h])
			m->slot[h] = r + 1;
	}
}

static long
idmap_find(const struct idmap *m, const char *s)
{
	for (size_t h = table_hash(s, strlen(s)) & m->mask; m->slot[h]; h = (h + 1) & m->mask)
		if (strcmp(table_text(m->c, m->slot[h] - 1), s) == 0)
			return (long)m->slot[h] - 1;
	return -1;
}

static void
orders_kpis(struct analysis_ctx *ctx, struct kpis_result *k, const struct table *t,
            const struct table *customers)
{
	const struct table_column *cust = col(t, "customer", TABLE_TEXT), *date = col(t, "date", TABLE_DATE),
	                          *amount = col(t, "amount", TABLE_NUM), *order = col(t, "order", TABLE_TEXT);
	const struct table_column *cid = col(customers, "id", TABLE_TEXT),
	                          *sat = col(customers, "satisfaction", TABLE_NUM);
	double *first, sat_sum[KPIS_WEEKS] = { 0 }, sat_n[KPIS_WEEKS] = { 0 }, *satof = NULL;
	uint16_t *omask = NULL, *cmask;
	if (!t || !cust || !date || !amount) {
		const char *why = t ? "orders has no customer, date or amount field" : "no 'orders' dataset";
		absent(ctx, k, KPIS_REVENUE, why);
		absent(ctx, k, KPIS_ORDERS, why);
		absent(ctx, k, KPIS_AOV, why);
		absent(ctx, k, KPIS_ACTIVE, why);
		absent(ctx, k, KPIS_NEW, why);
		absent(ctx, k, KPIS_SATISFACTION, why);
		return;
	}
	first = arena_alloc(ctx->a, (cust->ndict + 1) * sizeof *first);
	for (size_t i = 0; i <= cust->ndict; i++)
		first[i] = NAN;
	cmask = arena_calloc(ctx->a, cust->ndict + 1, sizeof *cmask);
	if (order)
		omask = arena_calloc(ctx->a, order->ndict + 1, sizeof *omask);
	if (cid && sat) {
		struct idmap m;
		idmap_build(ctx->a, &m, cid, customers->nrows);
		satof = arena_alloc(ctx->a, (cust->ndict + 1) * sizeof *satof);
		for (size_t i = 0; i < cust->ndict; i++) {
			long r = idmap_find(&m, cust->dict[i]);
			satof[i] = r < 0 ? NAN : sat->num[r];
		}
	}
	for (size_t r = 0; r < t->nrows; r++) {
		double day = floor(date->num[r]), v = amount->num[r];
		int32_t c = cust->code[r];
		int w;
		if (!(day <= k->as_of) || c < 0)
			continue;
		if (!(first[c] <= day))
			first[c] = day;
		w = week_of(k->as_of, day);
		if (w < 0)
			continue;
		if (v == v)
			k->s[KPIS_REVENUE].week[w] += v;
		if (order)
			count_distinct(order, r, w, omask, k->s[KPIS_ORDERS].week);
		else
			k->s[KPIS_ORDERS].week[w]++;
		if (!(cmask[c] & (1u << w)) && satof && satof[c] == satof[c]) {
			sat_sum[w] += satof[c];
			sat_n[w]++;
		}
		count_distinct(cust, r, w, cmask, k->s[KPIS_ACTIVE].week);
	}
	for (size_t c = 0; c < cust->ndict; c++) {
		int w = week_of(k->as_of, first[c]);
		if (w >= 0)
			k->s[KPIS_NEW].week[w]++;
	}
	for (int w = 0; w < KPIS_WEEKS; w++) {
		double n = k->s[KPIS_ORDERS].week[w];
		k->s[KPIS_REVENUE].count[w] = k->s[KPIS_AOV].count[w] = n;
		k->s[KPIS_SATISFACTION].count[w] = sat_n[w];
		k->s[KPIS_REVENUE].week[w] = cents(k->s[KPIS_REVENUE].week[w]);
		k->s[KPIS_AOV].week[w] = n > 0 ? k->s[KPIS_REVENUE].week[w] / n : NAN;
		k->s[KPIS_SATISFACTION].week[w] = sat_n[w] > 0 ? sat_sum[w] / sat_n[w] : NAN;
	}
	if (!satof)
		absent(ctx, k, KPIS_SATISFACTION, customers ? "customers has no 'satisfaction' field" :
		       "no 'customers' dataset");
}

static void
customers_kpis(struct analysis_ctx *ctx, struct kpis_result *k, const struct table *t)
{
	const struct table_column *cd = col(t, "churn_date", TABLE_DATE), *flag = col(t, "churned", TABLE_NUM),
	                          *signup = col(t, "signup_date", TABLE_DATE);
	double base[KPIS_WEEKS] = { 0 };
	if (!t || !cd) {
		const char *why = t ? "customers has no 'churn_date' field" : "no 'customers' dataset";
		absent(ctx, k, KPIS_CHURNED, why);
		absent(ctx, k, KPIS_CHURN_RATE, why);
		return;
	}
	for (size_t r = 0; r < t->nrows; r++) {
		double churn = floor(cd->num[r]), su = signup ? floor(signup->num[r]) : NAN;
		int w;
		if (flag && flag->num[r] == 0)
			churn = NAN;            /* a churn date on an active customer: not churned */
		else if (flag && flag->num[r] == 1 && churn != churn)
			continue;               /* churned at an unknown time: in no week's base */
		for (w = 0; w < KPIS_WEEKS; w++) {
			double end = k->week_end[w], start = end - 6;
			if (su == su && su > end)
				continue;
			if (churn == churn && churn < start)
				continue;
			base[w]++;
		}
		w = churn <= k->as_of ? week_of(k->as_of, churn) : -1;
		if (w >= 0)
			k->s[KPIS_CHURNED].week[w]++;
	}
	for (int w = 0; w < KPIS_WEEKS; w++) {
		k->s[KPIS_CHURN_RATE].week[w] = base[w] > 0 ? k->s[KPIS_CHURNED].week[w] / base[w] : NAN;
		k->s[KPIS_CHURN_RATE].count[w] = base[w];
	}
}

static void
opportunity_kpis(struct analysis_ctx *ctx, struct kpis_result *k, const struct table *t)
{
	const struct table_column *won = col(t, "won", TABLE_NUM), *amount = col(t, "amount", TABLE_NUM),
	                          *created = col(t, "created_date", TABLE_DATE),
	                          *closed = col(t, "close_date", TABLE_DATE);
	double lost[KPIS_WEEKS] = { 0 };
	if (!t || !won) {
		const char *why = t ? "opportunities has no stages" : "no 'opportunities' dataset";
		absent(ctx, k, KPIS_PIPELINE, why);
		absent(ctx, k, KPIS_WON, why);
		absent(ctx, k, KPIS_WIN_RATE, why);
		return;
	}
	if (!amount)
		absent(ctx, k, KPIS_PIPELINE, "opportunities has no 'amount' field");
	if (!closed) {
		absent(ctx, k, KPIS_WON, "opportunities has no 'close_date' field");
		absent(ctx, k, KPIS_WIN_RATE, "opportunities has no 'close_date' field");
	}
	for (size_t r = 0; r < t->nrows; r++) {
		double cr = created ? floor(created->num[r]) : NAN, cl = closed ? floor(closed->num[r]) : NAN;
		double res = won->num[r], v = amount ? amount->num[r] : NAN;
		int open_now = res != res;
		if (amount && v == v)
			for (int w = 0; w < KPIS_WEEKS; w++) {
				double end = k->week_end[w];
				if (cr == cr && cr > end)
					continue;
				if (open_now || (cl == cl && cl > end))
					k->s[KPIS_PIPELINE].week[w] += v;
			}
		for (int w = 0; w < KPIS_WEEKS; w++) {
			double end = k->week_end[w];
			if (!(cr == cr && cr > end) && (open_now || (cl == cl && cl > end)))
				k->s[KPIS_PIPELINE].count[w]++;
		}
		if (!open_now && cl <= k->as_of) {
			int w = week_of(k->as_of, cl);
			if (w < 0)
				continue;
			if (res == 1)
				k->s[KPIS_WON].week[w]++;
			else
				lost[w]++;
		}
	}
	for (int w = 0; w < KPIS_WEEKS; w++) {
		double n = k->s[KPIS_WON].week[w] + lost[w];
		k->s[KPIS_PIPELINE].week[w] = cents(k->s[KPIS_PIPELINE].week[w]);
		k->s[KPIS_WIN_RATE].week[w] = n > 0 ? k->s[KPIS_WON].week[w] / n : NAN;
		k->s[KPIS_WIN_RATE].count[w] = n;
	}
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double
median(double *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Is the last week's change beyond the week-to-week noise? TEST_POISSON: the two
 * weekly counts as Poisson, z = (x1 - x0) / sqrt(x1 + x0); TEST_PROPORTION: the
 * pooled two-proportion z of won[]/count[] in the two weeks; TEST_SPREAD: the change
 * against the median and MAD of the weekly changes before it (z = (d - median) /
 * (1.4826 MAD), at least KPIS_MIN_HISTORY of them). |z| >= KPIS_Z (KPIS_Z_SPREAD for
 * the spread, a robust outlier rule on few changes) is beyond the noise;
 * a z that cannot be computed (no counts, too little history) is NaN and not. */
static void
kpis_noise(struct kpis_series *s, enum test test)
{
	const double *num = s->part;
	int L = KPIS_WEEKS - 1;
	double z = NAN;
	s->test = test_name[test];
	if (test == TEST_POISSON) {
		double x1 = s->count[L], x0 = s->count[L - 1];
		if (x1 + x0 > 0)
			z = (x1 - x0) / sqrt(x1 + x0);
	} else if (test == TEST_PROPORTION) {
		double n1 = s->count[L], n0 = s->count[L - 1], p;
		if (n1 > 0 && n0 > 0) {
			p = (num[L] + num[L - 1]) / (n1 + n0);
			if (p > 0 && p < 1)
				z = (num[L] / n1 - num[L - 1] / n0) / sqrt(p * (1 - p) * (1 / n1 + 1 / n0));
			else
				z = 0;
		}
	} else if (test == TEST_SPREAD) {
		double d[KPIS_WEEKS], dev[KPIS_WEEKS], med, mad, last = s->week[L] - s->week[L - 1];
		size_t n = 0;
		for (int w = 1; w < L; w++)
			if (isfinite(s->week[w]) && isfinite(s->week[w - 1]))
				d[n++] = s->week[w] - s->week[w - 1];
		if (n >= KPIS_MIN_HISTORY && isfinite(last)) {
			med = median(d, n);
			for (size_t i = 0; i < n; i++)
				dev[i] = fabs(d[i] - med);
			mad = 1.4826 * median(dev, n);
			if (mad > 0)
				z = (last - med) / mad;
			else
				z = last == med ? 0 : copysign(INFINITY, last - med);
		}
	}
	s->z = z;
	s->beyond_noise = z == z && fabs(z) >= (test == TEST_SPREAD ? KPIS_Z_SPREAD : KPIS_Z);
}

struct kpis_result *
kpis_compute(struct analysis_ctx *ctx, const struct table *orders, const struct table *customers,
             const struct table *opps)
{
	struct kpis_result *k = arena_calloc(ctx->a, 1, sizeof *k);
	k->as_of = floor(ctx->as_of);
	for (int w = 0; w < KPIS_WEEKS; w++)
		k->week_end[w] = k->as_of - 7.0 * (KPIS_WEEKS - 1 - w);
	for (int i = 0; i < KPIS_COUNT; i++) {
		k->s[i].key = info[i].key;
		k->s[i].present = 1;
		k->s[i].up_is_good = info[i].up_is_good;
	}
	orders_kpis(ctx, k, orders, customers);
	customers_kpis(ctx, k, customers);
	opportunity_kpis(ctx, k, opps);
	for (int w = 0; w < KPIS_WEEKS; w++) {
		static const enum kpis_id counted[] = { KPIS_ORDERS, KPIS_ACTIVE, KPIS_NEW, KPIS_CHURNED, KPIS_WON };
		for (size_t i = 0; i < sizeof counted / sizeof counted[0]; i++)
			k->s[counted[i]].count[w] = k->s[counted[i]].week[w];
	}
	memcpy(k->s[KPIS_WIN_RATE].part, k->s[KPIS_WON].week, sizeof k->s[KPIS_WON].week);
	memcpy(k->s[KPIS_CHURN_RATE].part, k->s[KPIS_CHURNED].week, sizeof k->s[KPIS_CHURNED].week);
	for (int i = 0; i < KPIS_COUNT; i++)
		kpis_noise(&k->s[i], info[i].test);
	return k;
}

/* ---- model ---- */

static int
zh(const struct analysis_ctx *ctx)
{
	return project_locale(ctx->project) == LOCALE_ZH_CN;
}

static void
format(struct buf *b, double v, const char *kind, const struct analysis_ctx *ctx)
{
	enum locale loc = project_locale(ctx->project);
	const char *cur = ctx->project && ctx->project->currency ? ctx->project->currency : "USD";
	if (strcmp(kind, "money") == 0)
		fmt_currency(b, v, cur, loc, 1, -1);
	else if (strcmp(kind, "integer") == 0)
		fmt_number(b, v, 0, loc);
	else if (strcmp(kind, "percent") == 0)
		fmt_percent(b, v, 1);
	else
		fmt_number(b, v, 1, loc);
}

/* The signed change: "+$1.2k", "−3" (U+2212), "+1.5 pp" for rates; "–" when unknown. */
static void
format_change(struct buf *b, double d, const char *kind, const struct analysis_ctx *ctx)
{
	struct buf mag;
	if (!isfinite(d)) {
		buf_puts(b, "\xE2\x80\x93");
		return;
	}
	buf_init(&mag);
	if (strcmp(kind, "percent") == 0)
		fmt_number(&mag, fabs(d) * 100, 1, LOCALE_EN);
	else
		format(&mag, fabs(d), kind, ctx);
	if (strpbrk(buf_str(&mag), "123456789"))       /* no sign on a change that rounds to 0 */
		buf_puts(b, d > 0 ? "+" : d < 0 ? "\xE2\x88\x92" : "");
	buf_puts(b, buf_str(&mag));
	if (strcmp(kind, "percent") == 0)
		buf_puts(b, zh(ctx) ? "个百分点" : " pp");
	buf_release(&mag);
}

/* "142 vs 160 orders", "2 of 6 vs 4 of 5 closed deals" / "2/6 对 4/5 个已成交商机": this
 * week's count against the previous one's. */
static void
counts_fmt(struct buf *b, const struct kpis_series *s, int i, const struct analysis_ctx *ctx)
{
	enum locale loc = project_locale(ctx->project);
	int rate = info[i].test == TEST_PROPORTION;
	for (int w = KPIS_WEEKS - 1; w >= KPIS_WEEKS - 2; w--) {
		if (rate) {
			fmt_number(b, s->part[w], 0, loc);
			buf_puts(b, zh(ctx) ? "/" : " of ");
		}
		fmt_number(b, s->count[w], 0, loc);
		if (w == KPIS_WEEKS - 1)
			buf_puts(b, zh(ctx) ? " 对 " : " vs ");
	}
	buf_puts(b, " ");
	buf_puts(b, zh(ctx) ? info[i].unit_zh : info[i].unit_en);
}

static void
add_num(cJSON *o, const char *name, double v)
{
	if (isfinite(v))
		cJSON_AddNumberToObject(o, name, v);
	else
		cJSON_AddNullToObject(o, name);
}

static void
add_fmt(cJSON *o, const char *name, struct buf *b)
{
	cJSON_AddStringToObject(o, name, buf_str(b));
	buf_reset(b);
}

static cJSON *
root_charts(struct analysis_ctx *ctx)
{
	cJSON *c = ctx->results ? cJSON_GetObjectItemCaseSensitive(ctx->results, "charts") : NULL;
	if (!c && ctx->results)
		c = cJSON_AddObjectToObject(ctx->results, "charts");
	return c;
}

cJSON *
kpis_model(const struct kpis_result *k, struct analysis_ctx *ctx)
{
	cJSON *root = cJSON_CreateObject(), *weeks = cJSON_AddArrayToObject(root, "weeks");
	cJSON *charts = root_charts(ctx);
	struct buf b;
	char day[16];
	buf_init(&b);
	for (int w = 0; w < KPIS_WEEKS; w++)
		cJSON_AddItemToArray(weeks, cJSON_CreateString(date_format_iso(k->week_end[w], day)));
	for (int i = 0; i < KPIS_COUNT; i++) {
		const struct kpis_series *s = &k->s[i];
		double v = s->week[KPIS_WEEKS - 1], p = s->week[KPIS_WEEKS - 2], d = v - p;
		double pct = isfinite(d) && isfinite(p) && p != 0 ? d / fabs(p) : NAN;
		const char *dir = "flat", *tone = "neutral";
		cJSON *o, *trend, *spec, *series, *ser;
		if (!s->present)
			continue;
		if (isfinite(d) && fabs(d) > 1e-12 * fmax(1, fmax(fabs(v), fabs(p)))) {
			dir = d > 0 ? "up" : "down";
			tone = (d > 0) == (s->up_is_good != 0) ? "good" : "bad";
		}
		o = cJSON_AddObjectToObject(root, s->key);
		cJSON_AddStringToObject(o, "label", zh(ctx) ? info[i].zh : info[i].en);
		add_num(o, "value", v);
		add_num(o, "previous", p);
		add_num(o, "change", d);
		add_num(o, "change_pct", pct);
		add_num(o, "count", s->count[KPIS_WEEKS - 1]);
		add_num(o, "previous_count", s->count[KPIS_WEEKS - 2]);
		cJSON_AddStringToObject(o, "count_of", info[i].unit_en);
		cJSON_AddStringToObject(o, "change_test", s->test);
		add_num(o, "change_z", isfinite(s->z) ? s->z : NAN);
		cJSON_AddBoolToObject(o, "beyond_noise", s->beyond_noise);
		trend = cJSON_AddArrayToObject(o, "trend");
		for (int w = 0; w < KPIS_WEEKS; w++)
			cJSON_AddItemToArray(trend, isfinite(s->week[w]) ? cJSON_CreateNumber(s->week[w]) :
			                     cJSON_CreateNull());
		format(&b, v, info[i].kind, ctx);
		add_fmt(o, "value_fmt", &b);
		format(&b, p, info[i].kind, ctx);
		add_fmt(o, "previous_fmt", &b);
		format_change(&b, d, info[i].kind, ctx);
		add_fmt(o, "change_fmt", &b);
		fmt_change(&b, pct, 1);
		add_fmt(o, "change_pct_fmt", &b);
		counts_fmt(&b, s, i, ctx);
		add_fmt(o, "counts_fmt", &b);
		if (strcmp(dir, "flat") != 0)
			buf_puts(&b, s->beyond_noise ? (zh(ctx) ? "超出正常波动范围" : "beyond the usual range")
			                             : (zh(ctx) ? "在正常波动范围内" : "within the usual range"));
		add_fmt(o, "noise_fmt", &b);
		cJSON_AddStringToObject(o, "direction", dir);
		cJSON_AddBoolToObject(o, "good", s->up_is_good);
		cJSON_AddStringToObject(o, "tone", tone);
		if (!charts)
			continue;
		buf_printf(&b, "kpi_%s", s->key);
		spec = cJSON_AddObjectToObject(charts, buf_str(&b));
		buf_reset(&b);
		cJSON_AddStringToObject(spec, "type", "sparkline");
		cJSON_AddStringToObject(spec, "title", zh(ctx) ? info[i].zh : info[i].en);
		cJSON_AddStringToObject(cJSON_AddObjectToObject(spec, "y"), "format",
		                        strcmp(info[i].kind, "money") == 0 ? "currency" : info[i].kind);
		series = cJSON_AddArrayToObject(spec, "series");
		ser = cJSON_CreateObject();
		cJSON_AddItemToArray(series, ser);
		cJSON_AddStringToObject(ser, "name", zh(ctx) ? info[i].zh : info[i].en);
		cJSON_AddItemToObject(ser, "values", cJSON_Duplicate(trend, 1));
	}
	buf_release(&b);
	return root;
}

cJSON *
kpis_run(struct analysis_ctx *ctx, const cJSON *params)
{
	struct kpis_result *k;
	int any = 0;
	(void)params;
	k = kpis_compute(ctx, analysis_table_of(ctx, PROJECT_ORDERS), analysis_table_of(ctx, PROJECT_CUSTOMERS),
	                 analysis_table_of(ctx, PROJECT_OPPORTUNITIES));
	for (int i = 0; i < KPIS_COUNT; i++)
		any |= k->s[i].present;
	if (!any) {
		analysis_note(ctx, "kpis skipped: no orders, customers or opportunities data");
		return NULL;
	}
	return kpis_model(k, ctx);
}

const struct analysis kpis_analysis = {
	.key = "kpis",
	.doc = "the week's key figures against the previous week: revenue, orders, customers, pipeline, win rate, churn",
	.needs = 0,
	.data = "orders (customer, date, amount, order); opportunities (stage, amount, dates); customers (churned, churn_date); whichever are present",
	.params = NULL,
	.nparams = 0,
	.run = kpis_run,
};
