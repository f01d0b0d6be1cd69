/* SPDX-License-Identifier: MIT
 * date: calendar arithmetic (days <-> civil dates after the era algorithm: 400-year
 * cycles of 146097 days, March-based years), ISO weeks, and the hand-written,
 * allocation-free date parsers of the readers (see date.h). */
#include "base/date.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- calendar arithmetic -------------------------------------------------- */

int
date_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
date_days_in_month(int y, int m)
{
	static const unsigned char dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 ? 28 + date_is_leap(y) : dm[m - 1];
}

long
date_from_civil(int y, int m, int d)
{
	long yy = (long)y - (m <= 2);
	long era = (yy >= 0 ? yy : yy - 399) / 400;
	long yoe = yy - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
date_to_civil(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int
date_weekday(long days)
{
	/* 1970-01-01 was a Thursday (4) */
	return (int)(((days % 7) + 7 + 3) % 7 + 1);
}

int
date_iso_week(long days, int *week_year)
{
	long thursday = days - date_weekday(days) + 4;
	int y, m, d;
	date_to_civil(thursday, &y, &m, &d);
	if (week_year)
		*week_year = y;
	return (int)((thursday - date_from_civil(y, 1, 1)) / 7 + 1);
}

/* ---- parsing --------------------------------------------------------------- */

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static inline void
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

/* Reads between min and max digits at *pp (not past e). Returns -1 if too few. */
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
	if (mo < 1 || mo > 12 || d < 1 || d > date_days_in_month(y, mo) || h < 0 || h > 23 ||
	    mi < 0 || mi > 59 || sec < 0 || sec >= 61)
		return -1;
	double secs = h * 3600.0 + mi * 60.0 + sec - tzmin * 60.0;
	*out = (double)date_from_civil(y, mo, d) + secs / 86400.0;
	return 0;
}

/* "YYYY-MM-DD" at p (at least 10 bytes): 0 and the fields, or -1. Inline: it is the
 * first step of every date read. */
static inline int
ymd(const char *p, int *y, int *mo, int *d)
{
	if (p[4] != '-' || p[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !is_digit(p[i]))
			return -1;
	*y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
	*mo = (p[5] - '0') * 10 + (p[6] - '0');
	*d = (p[8] - '0') * 10 + (p[9] - '0');
	return 0;
}

int
date_parse_iso(const char *s, size_t n, double *out)
{
	const char *p = s, *e = s + n;
	int y, mo, d;
	trim(&p, &e);
	if (e - p < 10 || ymd(p, &y, &mo, &d) != 0)
		return -1;
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

int
date_parse_day(const char *s, long *days)
{
	int y, m, d;
	if (!s || strlen(s) != 10 || ymd(s, &y, &m, &d) != 0 || m < 1 || m > 12 || d < 1 ||
	    d > date_days_in_month(y, m))
		return -1;
	*days = date_from_civil(y, m, d);
	return 0;
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
date_check_fmt(const char *fmt)
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
date_parse_fmt(const char *s, size_t n, const char *fmt, double *out)
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
		if (yday > 365 + date_is_leap(y))
			return -1;
		if (make_date(y, 1, 1, h, mi, sec, 0, out) < 0)
			return -1;
		*out += yday - 1;
		return 0;
	}
	return make_date(y, mo, d, h, mi, sec, 0, out);
}

/* ---- text ------------------------------------------------------------------ */

char *
date_format_iso(double days, char *out)
{
	int y, m, d;
	if (!isfinite(days) || fabs(days) > 1e15) {
		out[0] = '\0';
		return out;
	}
	date_to_civil((long)floor(days), &y, &m, &d);
	if (y < 0 || y > 9999)
		y = 0;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
	return out;
}

char *
date_format_week(long days, char *out)
{
	int year, week = date_iso_week(days, &year);
	snprintf(out, 9, "%04d-W%02d", (year % 10000 + 10000) % 10000, week);
	return out;
}

int
date_is_week_name(const char *s)
{
	for (int i = 0; i < 4; i++)
		if (!is_digit(s[i]))
			return 0;
	if (s[4] != '-' || s[5] != 'W' || !is_digit(s[6]) || !is_digit(s[7]) || s[8] != '\0')
		return 0;
	int w = (s[6] - '0') * 10 + (s[7] - '0');
	return w >= 1 && w <= 53;
}

/* ---- the build's clock ----------------------------------------------------- */

void
date_split_epoch(long long secs, long *days, int *hour, int *min, int *sec)
{
	long t = (long)(secs % 86400);
	*days = (long)(secs / 86400);
	*hour = (int)(t / 3600);
	*min = (int)(t / 60 % 60);
	*sec = (int)(t % 60);
}

char *
date_format_epoch(long long secs, char *out)
{
	long days;
	int h, mi, s;
	date_split_epoch(secs, &days, &h, &mi, &s);
	const int f[3] = { h, mi, s };
	date_format_iso((double)days, out);
	for (int i = 0; i < 3; i++) {
		out[10 + 3 * i] = i ? ':' : 'T';
		out[11 + 3 * i] = (char)('0' + f[i] / 10);
		out[12 + 3 * i] = (char)('0' + f[i] % 10);
	}
	out[19] = 'Z';
	out[20] = '\0';
	return out;
}

int
date_source_epoch(long long *secs)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	char *end;
	if (!e || !*e)
		return 0;
	errno = 0;
	long long v = strtoll(e, &end, 10);
	if (*end || errno || v < 0 || end == e)
		return -1;
	*secs = v;
	return 1;
}

long
date_today(void)
{
	long long secs;
	if (date_source_epoch(&secs) != 1)
		secs = (long long)time(NULL);
	return (long)(secs / 86400);
}
