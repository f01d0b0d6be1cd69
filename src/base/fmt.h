/* SPDX-License-Identifier: MIT
 * fmt: locale-aware formatting of numbers, money, percentages, changes, dates and week
 * labels for the report model and the charts. Locales: enum locale
 * (base/locale.h). Output is appended to a struct buf; nothing here allocates otherwise. */
#ifndef BASE_FMT_H
#define BASE_FMT_H

#include "base/buf.h"
#include "base/locale.h"

/* Non-finite values everywhere print as an en dash "–" (U+2013). Negative numbers use
 * ASCII '-', except fmt_change which uses U+2212. A value that rounds to zero never
 * prints a sign. decimals < 0 means "automatic" where documented. */

/* Grouped number: 1234567.891, 2 -> "1,234,567.89" (zh-CN groups the same way). */
void fmt_number(struct buf *b, double v, int decimals, enum locale locale);
/* Compact number. en: "950", "1.2k", "3.4M", "1.2B", "5T"; zh-CN: "9500", "1.2万",
 * "3.4亿", "2万亿". decimals is the mantissa precision (trailing zeros trimmed);
 * decimals < 0 = 1. Values below the first unit keep up to 2 decimals, trimmed. */
void fmt_compact(struct buf *b, double v, int decimals, enum locale locale);
/* Money: symbol for USD "$", EUR "€", GBP "£", CNY "¥"; any other code prefixes the
 * code and a space ("XYZ 1.2M"). compact != 0 uses fmt_compact, else fmt_number with
 * decimals (decimals < 0 = 0). -1200000 USD compact -> "-$1.2M". */
void fmt_currency(struct buf *b, double v, const char *code, enum locale locale,
                  int compact, int decimals);
/* Percentage of a fraction: 0.1234, 1 -> "12.3%" (decimals < 0 = 1). */
void fmt_percent(struct buf *b, double fraction, int decimals);
/* Signed change of a fraction: 0.041 -> "+4.1%", -0.02 -> "−2.0%" (U+2212),
 * 0 -> "0.0%" (decimals < 0 = 1). */
void fmt_change(struct buf *b, double fraction, int decimals);

/* Dates are days since 1970-01-01 (base/date.h). */
enum fmt_date_style {
	FMT_DATE_ISO,     /* 2026-11-12 (every locale) */
	FMT_DATE_LONG,    /* en "12 Nov 2026"; zh-CN "2026年11月12日" */
	FMT_DATE_SHORT,   /* en "12 Nov";      zh-CN "11月12日" */
	FMT_DATE_MONTH,   /* en "Nov 2026";    zh-CN "2026年11月" */
};
void fmt_date(struct buf *b, long days, enum fmt_date_style style, enum locale locale);
/* ISO 8601 week of the date: en "2026-W46", zh-CN "2026年第46周". */
void fmt_week(struct buf *b, long days, enum locale locale);

/* One entry point for templates and charts: kind is "number", "integer", "compact",
 * "currency" (compact money), "money" (full money), "percent", "change", "date",
 * "date_long", "date_short", "month", "week" (date kinds take days); NULL or unknown
 * = "number" with automatic decimals (0 for integers, else up to 2). */
void fmt_value(struct buf *b, double v, const char *kind, int decimals, enum locale locale,
               const char *currency);

#endif
