/* SPDX-License-Identifier: MIT
 * parse: value parsing for the readers: missing-value tokens, numbers (exact, with
 * optional thousands separators, decimal comma, currency and percent) and dates (ISO
 * 8601 and strftime-style formats). Hand-written, allocation-free, no locale: this is
 * the hot loop of ingestion (ingest <- csvin/jsonin <- loader <- parse). */
#ifndef INGEST_PARSE_H
#define INGEST_PARSE_H

#include <stddef.h>

/* Missing-value tokens, compared after trimming spaces and tabs:
 *   "" (empty or whitespace only), NA, N/A, null, NULL, -
 * (exactly these spellings; "n/a" or "none" are ordinary text; "NaN" is not a
 * missing value but an unreadable number, reported where a number is wanted).
 * Returns 1 if s[0..n) is one of them. */
int parse_is_missing(const char *s, size_t n);

/* Which decorations a number may carry (the dataset declares them). */
struct parse_numfmt {
	char decimal;       /* '.' (default when 0) or ',' */
	char thousands;     /* 0 = none; ',' '.' ' ' or '\'': groups of exactly 3 digits */
	int currency;       /* accept one of $ € £ ¥ or a 3-letter upper-case code (USD),
	                       before or after the number, with or without a space */
	int percent;        /* accept a trailing % (the value is divided by 100) */
	int parens;         /* accept "(12.50)" for -12.50 (accounting negatives) */
};

/* Parses s[0..n) (not necessarily NUL-terminated) as a decimal number: surrounding
 * spaces/tabs, an optional sign, digits with an optional fraction and exponent.
 * The result equals strtod's on the same digits (correctly rounded): short numbers
 * take an exact fast path, long ones go through strtod. fmt may be NULL (plain).
 * Decimal only: no hex ("0x1A"), no "inf" or "nan"; a value beyond the double range
 * ("1e999") is not a number either (every value read is finite).
 * Returns 0 and sets *out, or -1 if s is not a number (*out untouched). */
int parse_number(const char *s, size_t n, const struct parse_numfmt *fmt, double *out);

/* The named number formats of the project file's "number_format" (doc/bdreport.1):
 *   plain       1234.56     (the default: digits, '.', an exponent)
 *   en          1,234.56    de  1.234,56    fr  1 234,56    ch  1'234.56
 *   accounting  en with currency signs and (1,234.56) for negatives
 * Fills *out and returns 0, or -1 for an unknown name (*out untouched). */
int parse_numfmt_named(const char *name, struct parse_numfmt *out);

/* ISO 8601: "YYYY-MM-DD", optionally followed by 'T' or ' ' and "HH:MM[:SS[.fff]]",
 * optionally followed by 'Z' or "+hh:mm" / "-hh:mm" / "+hhmm" / "+hh" (converted to UTC).
 * *out = days since 1970-01-01, the fraction being the time of day. Surrounding
 * spaces are allowed. Returns 0, or -1 if s is not such a date (or not a real one,
 * e.g. 2026-02-30). */
int parse_date_iso(const char *s, size_t n, double *out);

/* strftime-style format: %Y (4-digit year) %y (2 digits: 69-99 -> 19xx, else 20xx)
 * %m %d %e %H %M %S (1-2 digits; %S may carry a fraction ".fff") %b %B (English month
 * names, any case) %p (AM/PM) %j (day of year) %% ('%'); a space in fmt matches any
 * run of spaces (or none); other characters match themselves. The whole of s
 * (after trimming spaces) must be consumed. Returns 0 or -1 as parse_date_iso. */
int parse_date_fmt(const char *s, size_t n, const char *fmt, double *out);

/* Checks that fmt only uses the conversions above. Returns NULL when fine, else a
 * static message naming the problem ("unknown conversion '%q'"...). */
const char *parse_check_date_fmt(const char *fmt);

#endif
