/* SPDX-License-Identifier: MIT
 * parse: missing tokens and exact decimal numbers for the readers (see parse.h; dates
 * are parsed by base/date). Everything works on (pointer, length) slices of the input
 * buffer without copying, except long numbers, which go through strtod. */
#include "ingest/parse.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static const double pow10_tab[23] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static void
trim(const char **ps, const char **pe)
{
	const char *p = *ps, *e = *pe;
	while (p < e && is_blank(*p))
		p++;
	while (e > p && is_blank(e[-1]))
		e--;
	*ps = p;
	*pe = e;
}

int
parse_is_missing(const char *s, size_t n)
{
	const char *p = s, *e = s + n;
	trim(&p, &e);
	size_t k = (size_t)(e - p);
	switch (k) {
	case 0:
		return 1;
	case 1:
		return p[0] == '-';
	case 2:
		return p[0] == 'N' && p[1] == 'A';
	case 3:
		return memcmp(p, "N/A", 3) == 0;
	case 4:
		return memcmp(p, "null", 4) == 0 || memcmp(p, "NULL", 4) == 0;
	default:
		return 0;
	}
}

/* Length of a currency mark at p (symbol or 3-letter upper-case code), 0 if none. */
static size_t
currency_at(const char *p, const char *e)
{
	size_t left = (size_t)(e - p);
	if (left >= 1 && *p == '$')
		return 1;
	if (left >= 2 && (unsigned char)p[0] == 0xc2 &&
	    ((unsigned char)p[1] == 0xa3 || (unsigned char)p[1] == 0xa5))
		return 2;                                   /* £ ¥ */
	if (left >= 3 && (unsigned char)p[0] == 0xe2 && (unsigned char)p[1] == 0x82 &&
	    (unsigned char)p[2] == 0xac)
		return 3;                                   /* € */
	if (left >= 3 && p[0] >= 'A' && p[0] <= 'Z' && p[1] >= 'A' && p[1] <= 'Z' &&
	    p[2] >= 'A' && p[2] <= 'Z' && (left == 3 || !(p[3] >= 'A' && p[3] <= 'Z')))
		return 3;
	return 0;
}

/* Same, for a mark ending at e. */
static size_t
currency_before(const char *p, const char *e)
{
	for (size_t k = 1; k <= 3 && k <= (size_t)(e - p); k++)
		if (currency_at(e - k, e) == k)
			return k;
	return 0;
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int
parse_number(const char *s, size_t n, const struct parse_numfmt *fmt, double *out)
{
	const char *p = s, *e = s + n;
	char dec = fmt && fmt->decimal ? fmt->decimal : '.';
	char th = fmt ? fmt->thousands : 0;
	int neg = 0, signed_ = 0, pct = 0;

	trim(&p, &e);
	if (fmt && fmt->parens && e - p >= 3 && *p == '(' && e[-1] == ')') {
		p++;                                        /* (12.50) = -12.50 */
		e--;
		trim(&p, &e);
		if (p < e && (*p == '+' || *p == '-'))
			return -1;
		neg = signed_ = 1;
	}
	if (!signed_ && p < e && (*p == '+' || *p == '-')) {
		neg = *p == '-';
		signed_ = 1;
		p++;
	}
	if (fmt && fmt->currency) {
		size_t k = currency_at(p, e);
		if (k) {
			p += k;
			while (p < e && *p == ' ')
				p++;
			if (!signed_ && p < e && (*p == '+' || *p == '-')) {
				neg = *p == '-';
				p++;
			}
		} else if ((k = currency_before(p, e)) != 0) {
			e -= k;
			while (e > p && e[-1] == ' ')
				e--;
		}
	}
	if (fmt && fmt->percent && e > p && e[-1] == '%') {
		pct = 1;
		e--;
		while (e > p && e[-1] == ' ')
			e--;
	}
	if (p == e)
		return -1;

	char clean[400];
	size_t cl = 0;
	uint64_t m = 0;
	int nd = 0, truncated = 0, ndigits = 0, grp = 0, seen_sep = 0, infrac = 0;
	long ex = 0, frac = 0;
	if (neg)
		clean[cl++] = '-';
	for (; p < e; p++) {
		char c = *p;
		if (is_digit(c)) {
			ndigits++;
			grp++;
			frac += infrac;
			if (m == 0 && c == '0')
				continue;               /* leading zero: not significant */
			if (nd < 19) {
				m = m * 10 + (uint64_t)(c - '0');
				nd++;
			} else {
				truncated = 1;
			}
			if (cl >= sizeof clean - 24)
				return -1;
			clean[cl++] = c;
		} else if (!infrac && th && c == th) {
			if (seen_sep ? grp != 3 : (grp < 1 || grp > 3))
				return -1;
			seen_sep = 1;
			grp = 0;
		} else if (!infrac && c == dec) {
			if (seen_sep && grp != 3)
				return -1;
			seen_sep = 0;
			infrac = 1;
		} else {
			break;
		}
	}
	if (seen_sep && grp != 3)
		return -1;
	if (ndigits == 0)
		return -1;
	if (p < e && (*p == 'e' || *p == 'E')) {
		p++;
		int eneg = 0;
		long ev = 0;
		if (p < e && (*p == '+' || *p == '-')) {
			eneg = *p == '-';
			p++;
		}
		if (p == e || !is_digit(*p))
			return -1;
		for (; p < e && is_digit(*p); p++)
			if (ev < 100000)
				ev = ev * 10 + (*p - '0');
		ex += eneg ? -ev : ev;
	}
	if (p != e)
		return -1;
	ex -= frac + 2 * pct;
	if (m == 0) {
		*out = neg ? -0.0 : 0.0;
		return 0;
	}
	if (!truncated && nd <= 15 && ex >= -22 && ex <= 22) {
		double v = (double)m;
		v = ex >= 0 ? v * pow10_tab[ex] : v / pow10_tab[-ex];
		*out = neg ? -v : v;
		return 0;
	}
	cl += (size_t)snprintf(clean + cl, sizeof clean - cl, "e%ld", ex);
	clean[cl] = '\0';
	double v = strtod(clean, NULL);
	if (v - v != 0)
		return -1;                                  /* out of range: 1e999 */
	*out = v;
	return 0;
}

int
parse_numfmt_named(const char *name, struct parse_numfmt *out)
{
	static const struct {
		const char *name;
		struct parse_numfmt f;
	} styles[] = {
		{ "plain", { '.', 0, 0, 0, 0 } },
		{ "en", { '.', ',', 0, 0, 0 } },
		{ "de", { ',', '.', 0, 0, 0 } },
		{ "fr", { ',', ' ', 0, 0, 0 } },
		{ "ch", { '.', '\'', 0, 0, 0 } },
		{ "accounting", { '.', ',', 1, 0, 1 } },
	};
	for (size_t i = 0; i < sizeof styles / sizeof styles[0]; i++)
		if (strcmp(styles[i].name, name) == 0) {
			*out = styles[i].f;
			return 0;
		}
	return -1;
}
