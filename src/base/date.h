/* SPDX-License-Identifier: MIT
 * date: the one home of calendar dates. A date is a count of days since 1970-01-01
 * (day 0, negative before) in the proleptic Gregorian calendar; a date-time is a double
 * whose fraction is the time of day (UTC). Parsing (ISO 8601 and strftime-style
 * formats; allocation-free, it is the hot loop of ingestion), civil conversion, weekdays,
 * ISO weeks, the ISO text form and the build's "today". Used by every layer. */
#ifndef BASE_DATE_H
#define BASE_DATE_H

#include <stddef.h>

/* ---- calendar arithmetic ---- */

/* 1 if year is a leap year (divisible by 4, except centuries not divisible by 400). */
int date_is_leap(int year);
/* Days in month (1..12) of year: 28..31. */
int date_days_in_month(int year, int month);
/* Days since 1970-01-01 of a civil date (month 1..12). The day is not validated:
 * 2026-02-30 is 2026-03-02. */
long date_from_civil(int year, int month, int day);
/* The civil date of days (any long). */
void date_to_civil(long days, int *year, int *month, int *day);
/* ISO weekday: 1 = Monday .. 7 = Sunday. */
int date_weekday(long days);
/* ISO 8601 week number (1..53) of days; *week_year (may be NULL) gets the week-based
 * year, which differs from the civil year around New Year (2021-01-03 is 2020-W53). */
int date_iso_week(long days, int *week_year);

/* ---- parsing: every function returns 0 and sets *out, or -1 (nothing set) ---- */

/* ISO 8601 in s[0..n) (not necessarily NUL-terminated): "YYYY-MM-DD", optionally
 * followed by 'T' or ' ' and "HH:MM[:SS[.fff]]", optionally followed by 'Z' or "+hh:mm" /
 * "-hh:mm" / "+hhmm" / "+hh" (converted to UTC). *out = days, the fraction the time of day.
 * Surrounding spaces and tabs are allowed. -1 also for dates that do not exist
 * (2026-02-30, 1900-02-29). */
int date_parse_iso(const char *s, size_t n, double *out);

/* strftime-style format: %Y (4-digit year) %y (2 digits: 69-99 -> 19xx, else 20xx)
 * %m %d %e %H %M %S (1-2 digits; %S may carry a fraction ".fff") %b %B (English month
 * names, any case) %p (AM/PM) %j (day of year) %% ('%'); a space in fmt matches any
 * run of spaces (or none); other characters match themselves. The whole of s[0..n)
 * (after trimming spaces) must be consumed. */
int date_parse_fmt(const char *s, size_t n, const char *fmt, double *out);

/* The readers' rule: date_parse_fmt with fmt when fmt is not NULL, and when that
 * fails (or fmt is NULL) date_parse_iso: a dataset with a date_format still reads ISO
 * dates. Inline: the loader calls it for every new value of a date column. */
static inline int
date_parse(const char *s, size_t n, const char *fmt, double *out)
{
	if (fmt && date_parse_fmt(s, n, fmt, out) == 0)
		return 0;
	return date_parse_iso(s, n, out);
}

/* Checks that fmt only uses the conversions above. Returns NULL when fine, else a
 * static message naming the problem ("unknown conversion '%q'"...). */
const char *date_check_fmt(const char *fmt);

/* Exactly "YYYY-MM-DD" (NUL-terminated, nothing before or after) into whole days:
 * the report date and the dates of the report model. */
int date_parse_day(const char *s, long *days);

/* ---- text ---- */

/* "YYYY-MM-DD" of the day of days (time of day dropped) into out (at least 11
 * bytes); "" for NaN and infinities; years outside 0..9999 print as 0000. Returns out. */
char *date_format_iso(double days, char *out);
/* ISO week name "YYYY-Www" (2026-W47) of days into out (at least 9 bytes). */
char *date_format_week(long days, char *out);
/* 1 if s is exactly a week name "YYYY-Www" with a week 01..53. */
int date_is_week_name(const char *s);

/* ---- the build's clock ---- */

/* UTC fields of secs seconds since the epoch (secs >= 0). */
void date_split_epoch(long long secs, long *days, int *hour, int *min, int *sec);
/* "YYYY-MM-DDTHH:MM:SSZ" of secs (>= 0) into out (at least 21 bytes). Returns out. */
char *date_format_epoch(long long secs, char *out);

/* SOURCE_DATE_EPOCH (seconds since the epoch) when it is set: 1 and *secs when it is
 * a non-negative integer, 0 when unset or empty, -1 when it is set to anything else. */
int date_source_epoch(long long *secs);
/* Today (UTC) in days: the day of SOURCE_DATE_EPOCH when it is valid, else of the
 * system clock. */
long date_today(void);

#endif
