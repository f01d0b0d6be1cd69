/* SPDX-License-Identifier: MIT
 * reasons: localized sentence templates per feature kind (number, money, frequency,
 * recency, level, flag) and the choice of a row's strongest contributions. */
#include "analysis/reasons.h"

#include <math.h>
#include <string.h>

#include "base/fmt.h"

static int
name_in(const char *s, const char *const *names)
{
	for (; *names; names++)
		if (strcmp(s, *names) == 0)
			return 1;
	return 0;
}

enum reasons_kind
reasons_kind_of(const char *feature, int is_level)
{
	static const char *const freq[] = { "frequency", "orders", NULL };
	static const char *const money[] = { "monetary", "amount", "revenue", "annual_revenue",
	                                     "clv", "value", NULL };
	if (is_level)
		return REASONS_LEVEL;
	if (strcmp(feature, "recency") == 0)
		return REASONS_RECENCY;
	if (name_in(feature, freq))
		return REASONS_FREQUENCY;
	if (name_in(feature, money))
		return REASONS_MONEY;
	return REASONS_NUMBER;
}

static const struct { const char *name, *en, *zh; } labels[] = {
	{ "recency", "days since the last order", "距上次下单天数" },
	{ "frequency", "orders", "订单数" },
	{ "monetary", "total spend", "累计消费" },
	{ "amount", "deal size", "商机金额" },
	{ "annual_revenue", "annual revenue", "年收入" },
	{ "employees", "employees", "员工数" },
	{ "satisfaction", "satisfaction", "满意度" },
	{ "tenure", "tenure", "客户时长" },
	{ "engagement_score", "engagement score", "参与度评分" },
	{ "industry", "industry", "行业" },
	{ "region", "region", "地区" },
	{ "source", "source", "来源" },
	{ "owner", "owner", "负责人" },
	{ "competitor_activity", "competitor activity", "竞争对手活动" },
	{ "clv", "lifetime value", "客户终身价值" },
	{ "stage", "stage", "阶段" },
};

void
reasons_label(struct buf *b, const char *feature, enum locale locale)
{
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (strcmp(labels[i].name, feature) == 0) {
			buf_puts(b, (locale == LOCALE_ZH_CN) ? labels[i].zh : labels[i].en);
			return;
		}
	if ((locale == LOCALE_ZH_CN)) {
		buf_puts(b, feature);
		return;
	}
	for (const char *p = feature; *p; p++)
		buf_putc(b, *p == '_' ? ' ' : *p);
}

/* A readable number: integers as such, otherwise 2 significant decimals at most. */
static void
num(struct buf *b, double v, enum locale locale)
{
	double a = fabs(v);
	int d = a >= 100 || v == floor(v) ? 0 : a >= 10 ? 1 : 2;
	size_t start = b->len;
	fmt_number(b, v, d, locale);
	if (d > 0 && b->data) {     /* trim trailing zeros of the fraction */
		while (b->len > start && b->data[b->len - 1] == '0')
			b->data[--b->len] = '\0';
		if (b->len > start && b->data[b->len - 1] == '.')
			b->data[--b->len] = '\0';
	}
}

static void
value(struct buf *b, double v, enum reasons_kind kind, enum locale locale, const char *currency)
{
	if (kind == REASONS_MONEY)
		fmt_currency(b, v, currency, locale, 1, -1);
	else
		num(b, v, locale);
}

/* 2 well above, 1 above, 0 close to, -1 below, -2 well below. */
static int
degree(double v, double mean)
{
	double diff = v - mean, scale = fabs(mean);
	if (scale == 0)
		return diff > 0 ? 2 : diff < 0 ? -2 : 0;
	if (fabs(diff) < 0.05 * scale)
		return 0;
	if (fabs(diff) >= 0.5 * scale)
		return diff > 0 ? 2 : -2;
	return diff > 0 ? 1 : -1;
}

static const char *const degree_en[] = { "well below", "below", "close to", "above", "well above" };
static const char *const degree_zh[] = { "远低于", "低于", "接近", "高于", "远高于" };

/* What the value is compared with: " the average of " or " the Champions median of ". */
static void
reference(struct buf *b, const struct reasons_term *t, int z)
{
	if (!t->group) {
		buf_puts(b, z ? "平均值 " : " the average of ");
		return;
	}
	buf_puts(b, z ? "\xE2\x80\x9C" : " the ");
	buf_puts(b, t->group);
	buf_puts(b, z ? "\xE2\x80\x9D中位数 " : " median of ");
}

void
reasons_text(struct buf *b, const struct reasons_term *t, enum locale locale, const char *currency)
{
	int z = (locale == LOCALE_ZH_CN), g = degree(t->value, t->mean) + 2;
	switch (t->kind) {
	case REASONS_LEVEL:
		reasons_label(b, t->feature, locale);
		buf_puts(b, z ? "为" : " is ");
		buf_puts(b, t->level ? t->level : "");
		return;
	case REASONS_FLAG:
		reasons_label(b, t->feature, locale);
		buf_puts(b, z ? (t->value != 0 ? "：是" : "：否") : (t->value != 0 ? ": yes" : ": no"));
		return;
	case REASONS_RECENCY:
		if (t->value > t->mean || isfinite(t->usual)) {
			buf_puts(b, z ? "已 " : "no order for ");
			num(b, t->value, locale);
			buf_puts(b, z ? " 天未下单" : " days");
		} else {
			buf_puts(b, z ? "最近一次下单在 " : "last order ");
			num(b, t->value, locale);
			buf_puts(b, z ? " 天前" : " days ago");
		}
		if (isfinite(t->usual)) {
			buf_puts(b, z ? "，通常每 " : ", usually orders every ");
			num(b, t->usual, locale);
			buf_puts(b, z ? " 天下单一次" : "");
		} else {
			buf_puts(b, z ? "，" : ", ");
			buf_puts(b, z ? degree_zh[g] : degree_en[g]);
			if (z && !t->group)
				buf_puts(b, "平均 ");
			else
				reference(b, t, z);
			num(b, t->mean, locale);
			buf_puts(b, z ? " 天" : " days");
		}
		return;
	case REASONS_FREQUENCY:
		if (z) {
			buf_puts(b, "订单 ");
			num(b, t->value, locale);
			buf_puts(b, " 笔，");
			buf_puts(b, degree_zh[g]);
			if (t->group)
				reference(b, t, z);
			else
				buf_puts(b, "平均 ");
			num(b, t->mean, locale);
			buf_puts(b, " 笔");
		} else {
			num(b, t->value, locale);
			buf_puts(b, t->value == 1 ? " order, " : " orders, ");
			buf_puts(b, degree_en[g]);
			reference(b, t, z);
			num(b, t->mean, locale);
		}
		return;
	case REASONS_NUMBER:
	case REASONS_MONEY:
		reasons_label(b, t->feature, locale);
		buf_putc(b, ' ');
		value(b, t->value, t->kind, locale, currency);
		buf_puts(b, z ? "，" : ", ");
		buf_puts(b, z ? degree_zh[g] : degree_en[g]);
		reference(b, t, z);
		value(b, t->mean, t->kind, locale, currency);
		return;
	}
}

size_t
reasons_pick(const double *contrib, const unsigned char *skip, size_t p, int sign, size_t *out,
             size_t k)
{
	size_t n = 0;
	for (size_t j = 0; j < p; j++) {
		double s = sign >= 0 ? contrib[j] : -contrib[j];
		size_t i;
		if ((skip && skip[j]) || !(s > 0))
			continue;
		/* insertion into the top k, strongest first; equal strength keeps index order */
		for (i = n; i > 0; i--) {
			double o = sign >= 0 ? contrib[out[i - 1]] : -contrib[out[i - 1]];
			if (o >= s)
				break;
			if (i < k)
				out[i] = out[i - 1];
		}
		if (i < k) {
			out[i] = j;
			if (n < k)
				n++;
		}
	}
	return n;
}
