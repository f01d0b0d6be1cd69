/* SPDX-License-Identifier: MIT
 * parse: missing tokens, exact decimal numbers and ISO / strftime-style dates for the
 * readers (see parse.h). Everything works on (pointer, length) slices of the input
 * buffer without copying, except long numbers, which go through strtod. */
#include "ingest/parse.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/table.h"

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

/* ---- dates ---------------------------------------------------------------- */

static int
days_in_month(int y, int m)
{
	static const unsigned char dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

/* Reads between 1 and max digits at *pp (not past e). Returns -1 if none. */
static int
read_digits(const char **pp, const char *e, int min, int max)
{
	const char *p = *pp;
	int v = 0, k = 0;
	while (p < e && k < max && is_digit(*p)) {
		v = v * 10 + (*p - '0');
		p++;
		k++;
	}
	if (k < min)
		return -1;
	*pp = p;
	return v;
}

/* Fraction of a second ".fff" at *pp (optional). */
static double
read_fraction(const char **pp, const char *e)
{
	const char *p = *pp;
	double f = 0, scale = 0.1;
	if (p < e && *p == '.' && p + 1 < e && is_digit(p[1])) {
		for (p++; p < e && is_digit(*p); p++) {
			f += (*p - '0') * scale;
			scale /= 10;
		}
	}
	*pp = p;
	return f;
}

static int
make_date(int y, int mo, int d, int h, int mi, double sec, long tzmin, double *out)
{
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h < 0 || h > 23 ||
	    mi < 0 || mi > 59 || sec < 0 || sec >= 61)
		return -1;
	double secs = h * 3600.0 + mi * 60.0 + sec - tzmin * 60.0;
	*out = table_days_from_civil(y, mo, d) + secs / 86400.0;
	return 0;
}

int
parse_date_iso(const char *s, size_t n, double *out)
{
	const char *p = s, *e = s + n;
	trim(&p, &e);
	if (e - p < 10 || p[4] != '-' || p[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !is_digit(p[i]))
			return -1;
	int y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
	int mo = (p[5] - '0') * 10 + (p[6] - '0');
	int d = (p[8] - '0') * 10 + (p[9] - '0');
	int h = 0, mi = 0;
	double sec = 0;
	long tz = 0;
	p += 10;
	if (p < e) {
		if (*p != 'T' && *p != ' ')
			return -1;
		p++;
		if (e - p < 5 || !is_digit(p[0]) || !is_digit(p[1]) || p[2] != ':' ||
		    !is_digit(p[3]) || !is_digit(p[4]))
			return -1;
		h = (p[0] - '0') * 10 + (p[1] - '0');
		mi = (p[3] - '0') * 10 + (p[4] - '0');
		p += 5;
		if (p < e && *p == ':') {
			if (e - p < 3 || !is_digit(p[1]) || !is_digit(p[2]))
				return -1;
			sec = (p[1] - '0') * 10 + (p[2] - '0');
			p += 3;
			sec += read_fraction(&p, e);
		}
		if (p < e && *p == 'Z') {
			p++;
		} else if (p < e && (*p == '+' || *p == '-')) {
			int sign = *p == '-' ? -1 : 1;
			p++;
			int th = read_digits(&p, e, 2, 2);
			if (th < 0)
				return -1;
			int tm = 0;         /* "+hh" alone (PostgreSQL's timestamptz) is whole hours */
			if (p < e && *p == ':')
				p++;
			if (p < e)
				tm = read_digits(&p, e, 2, 2);
			if (tm < 0 || th > 23 || tm > 59)
				return -1;
			tz = sign * (th * 60L + tm);
		}
		if (p != e)
			return -1;
	}
	return make_date(y, mo, d, h, mi, sec, tz, out);
}

static const char *const month_names[12] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december",
};

static int
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Month name at *pp: full (full=1) or 3-letter abbreviation. Returns 1..12 or -1. */
static int
read_month(const char **pp, const char *e, int full)
{
	for (int m = 0; m < 12; m++) {
		const char *name = month_names[m];
		size_t len = full ? strlen(name) : 3;
		if ((size_t)(e - *pp) < len)
			continue;
		size_t i = 0;
		while (i < len && lower((*pp)[i]) == name[i])
			i++;
		if (i == len) {
			*pp += len;
			return m + 1;
		}
	}
	return -1;
}

const char *
parse_check_date_fmt(const char *fmt)
{
	static char msg[64];
	for (const char *f = fmt; *f; f++) {
		if (*f != '%')
			continue;
		f++;
		if (!*f)
			return "a lone '%' at the end";
		if (!strchr("YymdebBHMSpj%", *f)) {
			snprintf(msg, sizeof msg, "unknown conversion '%%%c'", *f);
			return msg;
		}
	}
	return NULL;
}

int
parse_date_fmt(const char *s, size_t n, const char *fmt, double *out)
{
	const char *p = s, *e = s + n;
	int y = 1970, mo = 1, d = 1, h = 0, mi = 0, yday = -1, pm = -1;
	double sec = 0;
	trim(&p, &e);
	for (const char *f = fmt; *f; f++) {
		if (*f == ' ') {
			while (p < e && is_blank(*p))
				p++;
			continue;
		}
		if (*f != '%') {
			if (p == e || *p != *f)
				return -1;
			p++;
			continue;
		}
		f++;
		switch (*f) {
		case 'Y': y = read_digits(&p, e, 4, 4); if (y < 0) return -1; break;
		case 'y': y = read_digits(&p, e, 2, 2); if (y < 0) return -1;
			y += y < 69 ? 2000 : 1900; break;
		case 'm': mo = read_digits(&p, e, 1, 2); if (mo < 0) return -1; break;
		case 'e': if (p < e && *p == ' ') p++; /* fall through */
		case 'd': d = read_digits(&p, e, 1, 2); if (d < 0) return -1; break;
		case 'H': h = read_digits(&p, e, 1, 2); if (h < 0) return -1; break;
		case 'M': mi = read_digits(&p, e, 1, 2); if (mi < 0) return -1; break;
		case 'S': {
			int v = read_digits(&p, e, 1, 2);
			if (v < 0)
				return -1;
			sec = v + read_fraction(&p, e);
			break;
		}
		case 'j': yday = read_digits(&p, e, 1, 3); if (yday < 1 || yday > 366) return -1; break;
		case 'b': mo = read_month(&p, e, 0); if (mo < 0) return -1; break;
		case 'B': mo = read_month(&p, e, 1); if (mo < 0) return -1; break;
		case 'p':
			if (e - p < 2 || lower(p[1]) != 'm' || (lower(p[0]) != 'a' && lower(p[0]) != 'p'))
				return -1;
			pm = lower(p[0]) == 'p';
			p += 2;
			break;
		case '%': if (p == e || *p != '%') return -1; p++; break;
		default: return -1;
		}
	}
	if (p != e)
		return -1;
	if (pm >= 0) {
		if (h < 1 || h > 12)
			return -1;
		h = h % 12 + (pm ? 12 : 0);
	}
	if (yday > 0) {
		int leap = days_in_month(y, 2) == 29;
		if (yday > 365 + leap)
			return -1;
		if (make_date(y, 1, 1, h, mi, sec, 0, out) < 0)
			return -1;
		*out += yday - 1;
		return 0;
	}
	return make_date(y, mo, d, h, mi, sec, 0, out);
}
