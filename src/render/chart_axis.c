/* SPDX-License-Identifier: MIT
 * chart_axis: scales with 1-2-5 ticks, date ticks, tick labels through base/fmt, text
 * fitting with ellipsis and wrapping legends for the chart module (src/render/chart.c). */
#include "render/chart_axis.h"

#include <math.h>
#include <string.h>

#include "base/date.h"
#include "base/fmt.h"

static double
nice_step(double raw)
{
	double p = pow(10, floor(log10(raw))), f = raw / p;
	return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

void
chart_axis_nice(struct chart_scale *s, double min, double max, int target, int include_zero)
{
	s->is_date = 0;
	if (!(min <= max)) {
		min = 0;
		max = 1;
	}
	if (include_zero) {
		if (min > 0) min = 0;
		if (max < 0) max = 0;
	}
	if (max - min < 1e-12 * (fabs(min) + fabs(max)) || max == min) {
		double pad = min == 0 ? 1 : fabs(min) * 0.5;
		if (include_zero && min == 0) {
			max = 1;
		} else {
			min -= pad;
			max += pad;
			if (include_zero && min < 0 && max > 0 && min + pad >= 0)
				min = 0;
		}
	}
	if (target < 2)
		target = 2;
	s->step = nice_step((max - min) / target);
	s->lo = floor(min / s->step + 1e-9) * s->step;
	s->hi = ceil(max / s->step - 1e-9) * s->step;
	if (s->hi <= s->lo)
		s->hi = s->lo + s->step;
}

void
chart_axis_dates(struct chart_scale *s, double min, double max, int target)
{
	static const int day_steps[] = { 1, 2, 7, 14 };
	static const int month_steps[] = { 1, 2, 3, 6, 12, 24, 60, 120, 240, 600 };
	if (!(min <= max) || !(fabs(min) < 1e7 && fabs(max) < 1e7))
		min = max = 0;
	if (max - min < 1) {
		min -= 1;
		max += 1;
	}
	if (target < 2)
		target = 2;
	s->is_date = 1;
	s->months = 0;
	for (size_t i = 0; i < sizeof day_steps / sizeof day_steps[0]; i++) {
		if ((max - min) / day_steps[i] > target)
			continue;
		s->step = day_steps[i];
		if (s->step >= 7)        /* Mondays: day 4 (1970-01-05) was one */
			s->lo = floor((min - 4) / s->step) * s->step + 4;
		else
			s->lo = floor(min);
		s->hi = s->lo + ceil((max - s->lo) / s->step - 1e-9) * s->step;
		if (s->hi <= s->lo)
			s->hi = s->lo + s->step;
		return;
	}
	int y0, m0, d0, y1, m1, d1, k = 0;
	date_to_civil((long)floor(min), &y0, &m0, &d0);
	date_to_civil((long)ceil(max), &y1, &m1, &d1);
	long a = (long)y0 * 12 + (m0 - 1), b = (long)y1 * 12 + (m1 - 1) + (d1 > 1);
	for (size_t i = 0; i < sizeof month_steps / sizeof month_steps[0]; i++) {
		k = month_steps[i];
		if ((b - a) / k + 1 <= target)
			break;
	}
	a = (a / k) * k;                     /* align to the step from year 0 */
	b = ((b + k - 1) / k) * k;
	s->months = k;
	s->step = 30.44 * k;
	s->lo = (double)date_from_civil((int)(a / 12), (int)(a % 12) + 1, 1);
	s->hi = (double)date_from_civil((int)(b / 12), (int)(b % 12) + 1, 1);
}

int
chart_axis_nticks(const struct chart_scale *s)
{
	if (s->is_date && s->months > 0) {
		int y0, m0, d0, y1, m1, d1;
		date_to_civil((long)s->lo, &y0, &m0, &d0);
		date_to_civil((long)s->hi, &y1, &m1, &d1);
		long n = ((long)(y1 - y0) * 12 + (m1 - m0)) / s->months + 1;
		return n > 200 ? 200 : (int)n;
	}
	double n = floor((s->hi - s->lo) / s->step + 1e-6) + 1;
	return n > 200 ? 200 : (int)n;
}

double
chart_axis_tick(const struct chart_scale *s, int i)
{
	if (s->is_date && s->months > 0) {
		int y, m, d;
		date_to_civil((long)s->lo, &y, &m, &d);
		long mi = (long)y * 12 + (m - 1) + (long)i * s->months;
		return (double)date_from_civil((int)(mi / 12), (int)(mi % 12) + 1, 1);
	}
	double v = s->lo + i * s->step;
	if (s->is_date)
		return floor(v + 0.5);
	return fabs(v) < s->step * 1e-9 ? 0 : v;
}

double
chart_axis_map(const struct chart_scale *s, double v)
{
	return s->p0 + (v - s->lo) / (s->hi - s->lo) * (s->p1 - s->p0);
}

void
chart_axis_format(struct chart_ctx *x, struct buf *out, double v, const char *kind,
                  const struct chart_scale *s)
{
	enum locale loc = x->th->locale;
	const char *cur = x->th->currency;
	int dec = 0;
	if (s->is_date) {
		fmt_value(out, v, kind ? kind : s->months ? "month" : "date_short", 0, loc, cur);
		return;
	}
	if (kind && (strcmp(kind, "percent") == 0 || strcmp(kind, "change") == 0))
		dec = (int)fmax(0, -floor(log10(s->step * 100) + 1e-9));
	else if (kind && (strcmp(kind, "compact") == 0 || strcmp(kind, "currency") == 0)) {
		double mag = fmax(fabs(s->lo), fabs(s->hi)), unit = 1;
		double base = loc == LOCALE_ZH_CN ? 1e4 : 1e3;
		while (mag >= unit * base && unit < 1e12)
			unit *= base;
		dec = (int)fmax(0, -floor(log10(s->step / unit) + 1e-9));
		if (dec > 3)
			dec = 3;
	} else
		dec = (int)fmax(0, -floor(log10(s->step) + 1e-9));
	if (kind && strcmp(kind, "integer") == 0)
		dec = 0;
	fmt_value(out, v, kind ? kind : "number", dec, loc, cur);
}

double
chart_axis_line_height(const struct canvas *c)
{
	return canvas_ascent(c) - canvas_descent(c);
}

int
chart_axis_fit(struct canvas *c, const char *s, double maxw, struct buf *out)
{
	static const char ell[] = "\xE2\x80\xA6";
	size_t n = strlen(s), keep;
	struct buf t;
	if (canvas_text_width(c, s) <= maxw) {
		buf_puts(out, s);
		return 0;
	}
	buf_init(&t);
	/* binary search on the byte length, snapped to code point starts */
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi + 1) / 2;
		while (mid > 0 && ((unsigned char)s[mid] & 0xC0) == 0x80)
			mid--;
		if (mid <= lo) {
			/* no code point start in (lo, (lo+hi+1)/2]: try the next one after lo */
			mid = lo + 1;
			while (mid < hi && ((unsigned char)s[mid] & 0xC0) == 0x80)
				mid++;
			if (mid >= hi)
				break;
		}
		buf_reset(&t);
		buf_add(&t, s, mid);
		buf_puts(&t, ell);
		if (canvas_text_width(c, buf_str(&t)) <= maxw)
			lo = mid;
		else
			hi = mid - 1;
		while (hi > lo && ((unsigned char)s[hi] & 0xC0) == 0x80)
			hi--;
	}
	keep = lo;
	while (keep > 0 && s[keep - 1] == ' ')
		keep--;
	buf_add(out, s, keep);
	buf_puts(out, ell);
	buf_release(&t);
	return 1;
}

double
chart_axis_legend(struct chart_ctx *x, const char *const *names, const uint32_t *colors,
                  size_t n, double lx, double ly, double w, int draw)
{
	struct canvas *c = x->c;
	double lh, sw, cx = lx, cy = ly, gap = 12;
	if (n == 0)
		return 0;
	canvas_set_font(c, x->th->tick_size, 0);
	lh = chart_axis_line_height(c) + 4;
	sw = x->th->tick_size * 0.8;
	for (size_t i = 0; i < n; i++) {
		struct buf t;
		buf_init(&t);
		chart_axis_fit(c, names[i] ? names[i] : "", w - sw - 4, &t);
		double iw = sw + 4 + canvas_text_width(c, buf_str(&t));
		if (cx > lx && cx + iw > lx + w) {
			cx = lx;
			cy += lh;
		}
		if (draw) {
			canvas_set_fill(c, colors[i], 1);
			canvas_rect(c, cx, cy + (lh - 4 - sw) / 2, sw, sw);
			canvas_fill(c);
			canvas_set_fill(c, x->th->text, 1);
			canvas_text(c, cx + sw + 4, cy + (lh - 4) / 2, buf_str(&t), CANVAS_START,
			            CANVAS_VMIDDLE, 0);
		}
		cx += iw + gap;
		buf_release(&t);
	}
	return cy - ly + lh;
}
