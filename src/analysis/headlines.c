/* SPDX-License-Identifier: MIT
 * headlines: one sentence template per topic and locale, filled with numbers read from
 * the results tree and formatted with base/fmt. */
#include "analysis/headlines.h"

#include <math.h>
#include <string.h>

#include "base/fmt.h"

struct ctx {
	enum locale locale;
	const char *currency;
	int zh;
	struct buf b;
	cJSON *out;
};

/* The number at o.k1 or o.k1.k2 (k2 may be NULL); NaN when absent or not a number. */
static double
num(const cJSON *o, const char *k1, const char *k2)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k1);
	if (k2)
		v = cJSON_GetObjectItemCaseSensitive(v, k2);
	return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static const char *
str(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void
money(struct ctx *c, double v)
{
	fmt_currency(&c->b, v, c->currency, c->locale, 1, -1);
}

static void
pct(struct ctx *c, double v)
{
	fmt_percent(&c->b, v, 1);
}

static void
count(struct ctx *c, double v)
{
	fmt_number(&c->b, v, 0, c->locale);
}

static void
emit(struct ctx *c, const char *topic)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "topic", topic);
	cJSON_AddStringToObject(o, "text", buf_str(&c->b));
	cJSON_AddItemToArray(c->out, o);
	buf_reset(&c->b);
}

/* 1 when kpis.<key> says its change is beyond the week-to-week noise */
static int
beyond_noise(const cJSON *k)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(k, "beyond_noise"));
}

static void
revenue(struct ctx *c, const cJSON *kpis, double as_of)
{
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(kpis, "revenue");
	double v = num(r, "value", NULL), p = num(r, "change_pct", NULL);
	const char *counts = str(r, "counts_fmt");
	int real = beyond_noise(r);
	if (!isfinite(v))
		return;
	if (c->zh) {
		buf_puts(&c->b, "截至");
		fmt_date(&c->b, (long)floor(as_of), FMT_DATE_LONG, c->locale);
		buf_puts(&c->b, "的一周收入为");
		money(c, v);
		if (isfinite(p) && fabs(p) < 0.0005) {
			buf_puts(&c->b, "，与上周持平");
		} else if (isfinite(p) && real) {
			buf_puts(&c->b, p > 0 ? "，较上周增长" : "，较上周下降");
			pct(c, fabs(p));
			buf_puts(&c->b, "，超出正常波动范围");
		} else if (isfinite(p)) {
			buf_puts(&c->b, "，较上周的变化在正常波动范围内");
		}
		if (counts && isfinite(p)) {
			buf_puts(&c->b, "（");
			buf_puts(&c->b, counts);
			buf_puts(&c->b, "）");
		}
		buf_puts(&c->b, "。");
	} else {
		buf_puts(&c->b, "Revenue for the week to ");
		fmt_date(&c->b, (long)floor(as_of), FMT_DATE_LONG, c->locale);
		buf_puts(&c->b, " was ");
		money(c, v);
		if (isfinite(p) && fabs(p) < 0.0005) {
			buf_puts(&c->b, ", flat on the previous week");
		} else if (isfinite(p) && real) {
			buf_puts(&c->b, p > 0 ? ", up " : ", down ");
			pct(c, fabs(p));
			buf_puts(&c->b, " on the previous week, beyond the usual range");
		} else if (isfinite(p)) {
			buf_puts(&c->b, ", within the usual range of the previous week");
		}
		if (counts && isfinite(p)) {
			buf_puts(&c->b, " (");
			buf_puts(&c->b, counts);
			buf_puts(&c->b, ")");
		}
		buf_puts(&c->b, ".");
	}
	emit(c, "revenue");
}

/* The other weekly change furthest beyond the noise, if any is: counts and rates of
 * orders, customers and deals, average order value and satisfaction. A change within
 * the usual range (e.g. a win rate on 3 against 5 closed deals) is no headline. */
static void
change(struct ctx *c, const cJSON *kpis)
{
	static const char *const keys[] = { "orders", "average_order_value", "active_customers",
		"new_customers", "churned_customers", "churn_rate", "deals_won", "win_rate",
		"average_satisfaction" };
	const cJSON *best = NULL;
	double bz = 0;
	const char *label, *chg, *counts;
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		const cJSON *k = cJSON_GetObjectItemCaseSensitive(kpis, keys[i]);
		double z = num(k, "change_z", NULL), d = num(k, "change", NULL);
		if (!beyond_noise(k) || !isfinite(d) || d == 0)
			continue;
		if (!isfinite(z) || fabs(z) > bz) {
			bz = isfinite(z) ? fabs(z) : INFINITY;
			best = k;
		}
	}
	if (!best || !(label = str(best, "label")) || !(counts = str(best, "counts_fmt")))
		return;
	/* rates move in points, the rest in per cent */
	chg = strcmp(best->string, "churn_rate") == 0 || strcmp(best->string, "win_rate") == 0
		? str(best, "change_fmt") : str(best, "change_pct_fmt");
	if (!chg || !strcmp(chg, "\xE2\x80\x93"))
		chg = str(best, "change_fmt");
	if (!chg)
		return;
	if (c->zh) {
		buf_puts(&c->b, label);
		buf_puts(&c->b, "为");
		buf_puts(&c->b, str(best, "value_fmt") ? str(best, "value_fmt") : "");
		buf_puts(&c->b, "，较上周");
		buf_puts(&c->b, chg);
		buf_puts(&c->b, "（");
		buf_puts(&c->b, counts);
		buf_puts(&c->b, "），超出正常波动范围。");
	} else {
		buf_puts(&c->b, label);
		buf_puts(&c->b, " was ");
		buf_puts(&c->b, str(best, "value_fmt") ? str(best, "value_fmt") : "");
		buf_puts(&c->b, ", ");
		buf_puts(&c->b, chg);
		buf_puts(&c->b, " on the previous week (");
		buf_puts(&c->b, counts);
		buf_puts(&c->b, "), beyond the usual range.");
	}
	emit(c, "change");
}

static void
pipeline(struct ctx *c, const cJSON *kpis, const cJSON *funnel)
{
	/* one value: kpis.open_pipeline and funnel.open_pipeline share their definition */
	double v = num(kpis, "open_pipeline", "value"), n = num(funnel, "open", NULL);
	double wr = num(funnel, "win_rate", NULL), noamt = num(funnel, "open_no_amount", NULL);
	double fin = num(funnel, "open_final_amount", NULL);
	int weekly = 0, none = isfinite(n) && n > 0 && noamt == n;
	if (!isfinite(v))
		v = num(funnel, "open_pipeline", NULL);
	if (!isfinite(wr) && isfinite(wr = num(kpis, "win_rate", "value")))
		weekly = 1;
	if (!isfinite(v) && !none)
		return;
	if (c->zh) {
		if (none) {
			buf_puts(&c->b, "在途商机");
			count(c, n);
			buf_puts(&c->b, "个，均无金额记录");
		} else {
			buf_puts(&c->b, "在途商机金额为");
			money(c, v);
			if (isfinite(n)) {
				buf_puts(&c->b, "，共");
				count(c, n);
				buf_puts(&c->b, "个商机");
			}
			if (noamt > 0) {
				buf_puts(&c->b, "（其中");
				count(c, noamt);
				buf_puts(&c->b, "个无金额记录）");
			}
		}
		if (fin > 0) {
			buf_puts(&c->b, "；");
			count(c, fin);
			buf_puts(&c->b, "个商机在报告日之后成交，按最终金额计入");
		}
		if (isfinite(wr)) {
			buf_puts(&c->b, weekly ? "，本周成交商机的赢单率为" : "，历史赢单率为");
			pct(c, wr);
		}
		buf_puts(&c->b, "。");
	} else {
		if (none) {
			count(c, n);
			buf_puts(&c->b, n == 1 ? " deal is open, with no amount recorded" :
			         " deals are open, none with an amount recorded");
		} else {
			buf_puts(&c->b, "Open pipeline stands at ");
			money(c, v);
			if (isfinite(n)) {
				buf_puts(&c->b, " across ");
				count(c, n);
				buf_puts(&c->b, n == 1 ? " deal" : " deals");
			}
			if (noamt > 0) {
				buf_puts(&c->b, " (");
				count(c, noamt);
				buf_puts(&c->b, " without an amount)");
			}
		}
		if (fin > 0) {
			buf_puts(&c->b, "; ");
			count(c, fin);
			buf_puts(&c->b, fin == 1 ? " of them closed after the report date and is valued at its final amount" :
			         " of them closed after the report date and are valued at their final amount");
		}
		if (isfinite(wr)) {
			buf_puts(&c->b, weekly ? ", with a win rate of " : ", with a historical win rate of ");
			pct(c, wr);
			if (weekly)
				buf_puts(&c->b, " on the deals closed this week");
		}
		buf_puts(&c->b, ".");
	}
	emit(c, "pipeline");
}

static void
churn_risk(struct ctx *c, const cJSON *targets)
{
	const cJSON *s = cJSON_GetObjectItemCaseSensitive(targets, "summary");
	double n = num(s, "at_risk_customers", NULL), v = num(s, "value_at_stake", NULL);
	if (!isfinite(n))
		return;
	if (n == 0) {
		buf_puts(&c->b, c->zh ? "没有活跃客户的流失概率达到50%。"
		                      : "No active customer has a churn probability of 50% or more.");
	} else if (c->zh) {
		count(c, n);
		buf_puts(&c->b, "位活跃客户的流失概率不低于50%，涉及客户终身价值");
		money(c, v);
		buf_puts(&c->b, "。");
	} else {
		count(c, n);
		buf_puts(&c->b, n == 1 ? " active customer is" : " active customers are");
		buf_puts(&c->b, " likely to churn (probability 50% or more), with ");
		money(c, v);
		buf_puts(&c->b, " of lifetime value at stake.");
	}
	emit(c, "churn_risk");
}

static void
segment(struct ctx *c, const cJSON *rfm, const cJSON *seg)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(rfm, "segments"), *best = NULL, *e;
	double total = 0, top = -1;
	cJSON_ArrayForEach(e, arr) {
		double r = num(e, "revenue", NULL);
		if (!isfinite(r) || !str(e, "name"))
			continue;
		total += r;
		if (r > top) {
			top = r;
			best = e;
		}
	}
	if (best && total > 0) {
		double n = num(best, "customers", NULL);
		if (c->zh) {
			buf_puts(&c->b, "RFM分群中“");
			buf_puts(&c->b, str(best, "name"));
			buf_puts(&c->b, "”收入最高：");
			count(c, n);
			buf_puts(&c->b, "位客户，占收入的");
			pct(c, top / total);
			buf_puts(&c->b, "。");
		} else {
			buf_puts(&c->b, str(best, "name"));
			buf_puts(&c->b, " is the top RFM segment by revenue: ");
			count(c, n);
			buf_puts(&c->b, n == 1 ? " customer, " : " customers, ");
			pct(c, top / total);
			buf_puts(&c->b, " of revenue.");
		}
		emit(c, "segment");
		return;
	}
	/* no RFM: the largest k-means cluster */
	arr = cJSON_GetObjectItemCaseSensitive(seg, "clusters");
	top = -1;
	cJSON_ArrayForEach(e, arr) {
		double n = num(e, "size", NULL);
		if (isfinite(n) && n > top && str(e, "name")) {
			top = n;
			best = e;
		}
	}
	if (!best)
		return;
	if (c->zh) {
		buf_puts(&c->b, "最大的客户分群为“");
		buf_puts(&c->b, str(best, "name"));
		buf_puts(&c->b, "”，共");
		count(c, top);
		buf_puts(&c->b, "位客户");
		if (isfinite(num(best, "share", NULL))) {
			buf_puts(&c->b, "（");
			pct(c, num(best, "share", NULL));
			buf_puts(&c->b, "）");
		}
		buf_puts(&c->b, "。");
	} else {
		buf_puts(&c->b, "The largest customer segment is ");
		buf_puts(&c->b, str(best, "name"));
		buf_puts(&c->b, ", with ");
		count(c, top);
		buf_puts(&c->b, top == 1 ? " customer" : " customers");
		if (isfinite(num(best, "share", NULL))) {
			buf_puts(&c->b, " (");
			pct(c, num(best, "share", NULL));
			buf_puts(&c->b, ")");
		}
		buf_puts(&c->b, ".");
	}
	emit(c, "segment");
}

/* Mean of the "value" of the first (from_end = 0) or last n elements of arr; *k gets
 * how many were averaged. */
static double
mean_values(const cJSON *arr, int n, int from_end, int *k)
{
	int size = cJSON_GetArraySize(arr), start = from_end ? size - n : 0;
	double s = 0;
	*k = 0;
	if (start < 0)
		start = 0;
	for (int i = start; i < size && i < start + n; i++) {
		double v = num(cJSON_GetArrayItem(arr, i), "value", NULL);
		if (isfinite(v)) {
			s += v;
			(*k)++;
		}
	}
	return *k ? s / *k : NAN;
}

static void
forecast(struct ctx *c, const cJSON *fc)
{
	const cJSON *holt = cJSON_GetObjectItemCaseSensitive(fc, "holt");
	const cJSON *future = cJSON_GetObjectItemCaseSensitive(holt, "forecast");
	const cJSON *past = cJSON_GetObjectItemCaseSensitive(holt, "history");
	int nf, np;
	double f = mean_values(future, cJSON_GetArraySize(future), 0, &nf);
	double p = mean_values(past, 4, 1, &np);
	double rel;
	if (!nf || !np || !(p > 0))
		return;
	rel = (f - p) / p;
	if (c->zh) {
		buf_puts(&c->b, rel > 0.02 ? "收入预测呈上升趋势：未来" : rel < -0.02 ? "收入预测呈下降趋势：未来" :
		         "收入预测基本持平：未来");
		count(c, nf);
		buf_puts(&c->b, "周平均每周约");
		money(c, f);
		buf_puts(&c->b, "，近");
		count(c, np);
		buf_puts(&c->b, "周为每周");
		money(c, p);
		buf_puts(&c->b, "。");
	} else {
		buf_puts(&c->b, rel > 0.02 ? "The revenue forecast points up: about " :
		         rel < -0.02 ? "The revenue forecast points down: about " :
		         "The revenue forecast is flat: about ");
		money(c, f);
		buf_puts(&c->b, " a week over the next ");
		count(c, nf);
		buf_puts(&c->b, nf == 1 ? " week, against " : " weeks, against ");
		money(c, p);
		buf_puts(&c->b, " a week over the last ");
		count(c, np);
		buf_puts(&c->b, np == 1 ? " week." : " weeks.");
	}
	emit(c, "forecast");
}

static void
prospect(struct ctx *c, const cJSON *targets)
{
	const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(targets, "prospects"), 0);
	const char *name = str(first, "name");
	double amount = num(first, "amount", NULL), p = num(first, "p_win", NULL);
	if (!name || !isfinite(amount) || !isfinite(p))
		return;
	if (c->zh) {
		buf_puts(&c->b, "最值得跟进的商机：");
		buf_puts(&c->b, name);
		buf_puts(&c->b, "，金额");
		money(c, amount);
		buf_puts(&c->b, "，赢单概率");
		pct(c, p);
		buf_puts(&c->b, "。");
	} else {
		buf_puts(&c->b, "The open deal most worth chasing is ");
		buf_puts(&c->b, name);
		buf_puts(&c->b, ": ");
		money(c, amount);
		buf_puts(&c->b, ", ");
		pct(c, p);
		buf_puts(&c->b, " likely to win.");
	}
	emit(c, "prospect");
}

/* 0 when results.<key>.predictive is false. */
static int
predictive(const cJSON *results, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(results, key), "predictive");
	return !cJSON_IsFalse(v);
}

cJSON *
headlines_build(const cJSON *results, double as_of, enum locale locale, const char *currency)
{
	struct ctx c;
	const cJSON *kpis = cJSON_GetObjectItemCaseSensitive(results, "kpis");
	const cJSON *targets = cJSON_GetObjectItemCaseSensitive(results, "targets");
	c.locale = locale;
	c.currency = currency ? currency : "USD";
	c.zh = locale == LOCALE_ZH_CN;
	c.out = cJSON_CreateArray();
	buf_init(&c.b);
	revenue(&c, kpis, as_of);
	change(&c, kpis);
	pipeline(&c, kpis, cJSON_GetObjectItemCaseSensitive(results, "funnel"));
	/* a model that is not predictive gives no headline (issue #16 item 4) */
	if (predictive(results, "churn"))
		churn_risk(&c, targets);
	segment(&c, cJSON_GetObjectItemCaseSensitive(results, "rfm"),
	        cJSON_GetObjectItemCaseSensitive(results, "segmentation"));
	forecast(&c, cJSON_GetObjectItemCaseSensitive(results, "forecast"));
	if (predictive(results, "lead_scoring"))
		prospect(&c, targets);
	buf_release(&c.b);
	return c.out;
}

cJSON *
headlines_run(struct analysis_ctx *ctx, const cJSON *params)
{
	cJSON *h;
	(void)params;
	h = headlines_build(ctx->results, ctx->as_of, project_locale(ctx->project),
	                    ctx->project ? ctx->project->currency : NULL);
	if (cJSON_GetArraySize(h) == 0) {
		cJSON_Delete(h);
		analysis_note(ctx, "headlines skipped: no kpis, funnel, targets, segments or forecast to report");
		return NULL;
	}
	return h;
}

const struct analysis headlines_analysis = {
	.key = "headlines",
	.doc = "the week's headlines in words from the results before it",
	.needs = 0,
	.data = "the results of the analyses before it",
	.params = NULL,
	.nparams = 0,
	.run = headlines_run,
};
