/* SPDX-License-Identifier: MIT
 * fmt: number, money, percentage, change, date and week formatting per locale (en,
 * zh-CN), used by the report model and the chart module. Pure functions on a buf. */
#include "base/fmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"

static void
dash(struct buf *b)
{
	buf_puts(b, "\xE2\x80\x93");
}

/* Appends |v| rounded to decimals, with thousands separators. */
static void
grouped_abs(struct buf *b, double a, int decimals)
{
	char tmp[400];
	int n = snprintf(tmp, sizeof tmp, "%.*f", decimals, a);
	const char *dot = strchr(tmp, '.');
	int ilen = dot ? (int)(dot - tmp) : n;
	for (int i = 0; i < ilen; i++) {
		if (i > 0 && (ilen - i) % 3 == 0)
			buf_putc(b, ',');
		buf_putc(b, tmp[i]);
	}
	if (dot)
		buf_puts(b, dot);
}

static int
rounds_to_zero(double v, int decimals)
{
	return fabs(v) * pow(10, decimals) < 0.5;
}

void
fmt_number(struct buf *b, double v, int decimals, enum locale locale)
{
	(void)locale;   /* zh-CN groups by thousands too */
	if (!isfinite(v)) {
		dash(b);
		return;
	}
	if (decimals < 0)
		decimals = 0;
	if (decimals > 12)
		decimals = 12;
	if (v < 0 && !rounds_to_zero(v, decimals))
		buf_putc(b, '-');
	grouped_abs(b, fabs(v), decimals);
}

/* %.*f with trailing zeros (and a bare dot) removed. */
static void
trimmed(struct buf *b, double a, int decimals)
{
	char tmp[400];
	int n = snprintf(tmp, sizeof tmp, "%.*f", decimals, a);
	if (strchr(tmp, '.')) {
		while (n > 0 && tmp[n - 1] == '0')
			tmp[--n] = '\0';
		if (n > 0 && tmp[n - 1] == '.')
			tmp[--n] = '\0';
	}
	buf_puts(b, tmp);
}

void
fmt_compact(struct buf *b, double v, int decimals, enum locale locale)
{
	static const char *const en_units[] = { "", "k", "M", "B", "T" };
	static const char *const zh_units[] = { "", "万", "亿", "万亿" };
	const char *const *units = locale == LOCALE_ZH_CN ? zh_units : en_units;
	int nunits = locale == LOCALE_ZH_CN ? 4 : 5;
	double step = locale == LOCALE_ZH_CN ? 1e4 : 1e3, a = fabs(v), scale = 1;
	int u = 0;
	if (!isfinite(v)) {
		dash(b);
		return;
	}
	if (decimals < 0)
		decimals = 1;
	if (decimals > 6)
		decimals = 6;
	while (u + 1 < nunits && a >= scale * step)
		scale *= step, u++;
	/* rounding may carry into the next unit: 999,960 -> "1M", not "1000k" */
	double m = round(a / scale * pow(10, decimals)) / pow(10, decimals);
	if (u > 0 && m >= step && u + 1 < nunits) {
		scale *= step;
		u++;
		m = round(a / scale * pow(10, decimals)) / pow(10, decimals);
	} else if (u == 0 && a >= 1 && round(a) >= step && nunits > 1) {
		scale = step;
		u = 1;
		m = round(a / scale * pow(10, decimals)) / pow(10, decimals);
	}
	int prec = u > 0 ? decimals : (a >= 10 ? 1 : 2);
	if (u == 0 && decimals > prec)
		prec = decimals;
	if (v < 0 && !rounds_to_zero(u > 0 ? m : a, prec))
		buf_putc(b, '-');
	trimmed(b, u > 0 ? m : a, prec);
	buf_puts(b, units[u]);
}

static const char *
currency_symbol(const char *code)
{
	if (!code)
		return "$";
	if (strcmp(code, "USD") == 0) return "$";
	if (strcmp(code, "EUR") == 0) return "\xE2\x82\xAC";
	if (strcmp(code, "GBP") == 0) return "\xC2\xA3";
	if (strcmp(code, "CNY") == 0 || strcmp(code, "RMB") == 0) return "\xC2\xA5";
	return NULL;
}

void
fmt_currency(struct buf *b, double v, const char *code, enum locale locale, int compact,
             int decimals)
{
	const char *sym = currency_symbol(code);
	struct buf tmp;
	if (!isfinite(v)) {
		dash(b);
		return;
	}
	buf_init(&tmp);
	if (compact)
		fmt_compact(&tmp, fabs(v), decimals, locale);
	else
		fmt_number(&tmp, fabs(v), decimals < 0 ? 0 : decimals, locale);
	if (v < 0 && strcmp(buf_str(&tmp), "0") != 0 && strspn(buf_str(&tmp), "0.,") != tmp.len)
		buf_putc(b, '-');
	if (sym) {
		buf_puts(b, sym);
	} else {
		buf_puts(b, code);
		buf_putc(b, ' ');
	}
	buf_puts(b, buf_str(&tmp));
	buf_release(&tmp);
}

/* fraction as a percentage; change = 1 signs it (+, U+2212 minus) unless it rounds
 * to zero, else only a negative value that does not round to zero gets '-'. */
static void
percent(struct buf *b, double fraction, int decimals, int change)
{
	if (!isfinite(fraction)) {
		dash(b);
		return;
	}
	if (decimals < 0)
		decimals = 1;
	double p = fraction * 100;
	if (!rounds_to_zero(p, decimals)) {
		if (change)
			buf_puts(b, p > 0 ? "+" : "\xE2\x88\x92");
		else if (p < 0)
			buf_putc(b, '-');
	}
	buf_printf(b, "%.*f%%", decimals, fabs(p));
}

void
fmt_percent(struct buf *b, double fraction, int decimals)
{
	percent(b, fraction, decimals, 0);
}

void
fmt_change(struct buf *b, double fraction, int decimals)
{
	percent(b, fraction, decimals, 1);
}

static const char *const month_abbr[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

void
fmt_date(struct buf *b, long days, enum fmt_date_style style, enum locale locale)
{
	int y, m, d;
	date_to_civil(days, &y, &m, &d);
	if (style == FMT_DATE_ISO) {
		buf_printf(b, "%04d-%02d-%02d", y, m, d);
	} else if (locale == LOCALE_ZH_CN) {
		if (style == FMT_DATE_LONG)
			buf_printf(b, "%d年%d月%d日", y, m, d);
		else if (style == FMT_DATE_SHORT)
			buf_printf(b, "%d月%d日", m, d);
		else
			buf_printf(b, "%d年%d月", y, m);
	} else {
		if (style == FMT_DATE_LONG)
			buf_printf(b, "%d %s %d", d, month_abbr[m - 1], y);
		else if (style == FMT_DATE_SHORT)
			buf_printf(b, "%d %s", d, month_abbr[m - 1]);
		else
			buf_printf(b, "%s %d", month_abbr[m - 1], y);
	}
}

void
fmt_week(struct buf *b, long days, enum locale locale)
{
	int wy, w = date_iso_week(days, &wy);
	if (locale == LOCALE_ZH_CN)
		buf_printf(b, "%d年第%d周", wy, w);
	else
		buf_printf(b, "%d-W%02d", wy, w);
}

void
fmt_value(struct buf *b, double v, const char *kind, int decimals, enum locale locale,
          const char *currency)
{
	if (!kind)
		kind = "number";
	if (strcmp(kind, "compact") == 0) {
		fmt_compact(b, v, decimals, locale);
	} else if (strcmp(kind, "currency") == 0) {
		fmt_currency(b, v, currency, locale, 1, decimals);
	} else if (strcmp(kind, "money") == 0) {
		fmt_currency(b, v, currency, locale, 0, decimals);
	} else if (strcmp(kind, "percent") == 0) {
		fmt_percent(b, v, decimals);
	} else if (strcmp(kind, "change") == 0) {
		fmt_change(b, v, decimals);
	} else if (strcmp(kind, "integer") == 0) {
		fmt_number(b, v, 0, locale);
	} else if (strncmp(kind, "date", 4) == 0 || strcmp(kind, "month") == 0 ||
	           strcmp(kind, "week") == 0) {
		if (!isfinite(v) || fabs(v) > 1e7) {
			dash(b);
			return;
		}
		long days = (long)floor(v);
		if (strcmp(kind, "week") == 0)
			fmt_week(b, days, locale);
		else
			fmt_date(b, days, strcmp(kind, "date_long") == 0 ? FMT_DATE_LONG :
			         strcmp(kind, "date_short") == 0 ? FMT_DATE_SHORT :
			         strcmp(kind, "month") == 0 ? FMT_DATE_MONTH : FMT_DATE_ISO, locale);
	} else {
		if (decimals < 0)
			decimals = v == floor(v) ? 0 : fabs(v) >= 100 ? 1 : 2;
		fmt_number(b, v, decimals, locale);
	}
}
