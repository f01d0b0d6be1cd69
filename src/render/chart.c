/* SPDX-License-Identifier: MIT
 * chart: draws a parsed chart spec (chart_spec.c) on a canvas: title, legend, axes with
 * nice ticks (chart_axis.c) and the marks of each chart type; chart_svg wraps it into a
 * complete <svg>. Used by the HTML and PDF renderers. */
#include "render/chart.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/fmt.h"
#include "model/i18n.h"
#include "render/canvas_svg.h"
#include "render/chart_axis.h"
#include "render/chart_spec.h"

void
chart_theme_default(struct chart_theme *t)
{
	static const uint32_t okabe_ito[] = { 0x0072B2, 0xE69F00, 0x009E73, 0xD55E00, 0x56B4E9,
	                                      0xCC79A7, 0xF0E442, 0x000000 };
	memset(t, 0, sizeof *t);
	memcpy(t->palette, okabe_ito, sizeof okabe_ito);
	t->npalette = 8;
	t->text = 0x222222;
	t->muted = 0x666666;
	t->grid = 0xDDDDDD;
	t->axis = 0x888888;
	t->background = 0xFFFFFF;
	t->positive = 0x0072B2;
	t->negative = 0xD55E00;
	t->title_size = 12;
	t->label_size = 10;
	t->tick_size = 9;
	t->value_size = 8;
	t->locale = LOCALE_EN;
	t->currency = "USD";
}

/* ---- drawing ---- */

struct box {
	double x, y, w, h;
};

static uint32_t
mix(uint32_t a, uint32_t b, double t)
{
	uint32_t out = 0;
	for (int sh = 0; sh <= 16; sh += 8) {
		double ca = (a >> sh) & 0xFF, cb = (b >> sh) & 0xFF;
		out |= (uint32_t)lround(ca + (cb - ca) * t) << sh;
	}
	return out;
}

/* Title and legend; returns the remaining box. */
static struct box
frame(struct chart_ctx *x, const struct chart_spec *sp, struct box b, const char *const *names,
      const uint32_t *colors, size_t nleg)
{
	struct canvas *c = x->c;
	if (sp->title && *sp->title) {
		struct buf t;
		buf_init(&t);
		canvas_set_font(c, x->th->title_size, 1);
		canvas_set_fill(c, x->th->text, 1);
		chart_axis_fit(c, sp->title, b.w, &t);
		canvas_text(c, b.x, b.y, buf_str(&t), CANVAS_START, CANVAS_TOP, 0);
		double lh = chart_axis_line_height(c) + 6;
		b.y += lh;
		b.h -= lh;
		buf_release(&t);
	}
	if (nleg > 0) {
		double lh = chart_axis_legend(x, names, colors, nleg, b.x, b.y, b.w, 0);
		if (lh < b.h * 0.4) {
			chart_axis_legend(x, names, colors, nleg, b.x, b.y, b.w, 1);
			b.y += lh + 2;
			b.h -= lh + 2;
		}
	}
	return b;
}

static void
no_data(struct chart_ctx *x, struct box b)
{
	const char *msg = i18n_label(x->th->locale, "ui_no_data");
	canvas_set_font(x->c, x->th->label_size, 0);
	canvas_set_fill(x->c, x->th->muted, 1);
	canvas_text(x->c, b.x + b.w / 2, b.y + b.h / 2, msg, CANVAS_MIDDLE, CANVAS_VMIDDLE, 0);
}

static int
opt_num(const cJSON *ax, const char *key, double *v)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(ax, key);
	if (cJSON_IsNumber(it) && isfinite(it->valuedouble)) {
		*v = it->valuedouble;
		return 1;
	}
	return 0;
}

static void
series_legend(const struct chart_spec *sp, struct arena *a, const char ***names, uint32_t **colors,
              size_t *n)
{
	*n = sp->ns > 1 ? sp->ns : 0;
	*names = arena_calloc(a, sp->ns + 1, sizeof **names);
	*colors = arena_calloc(a, sp->ns + 1, sizeof **colors);
	for (size_t i = 0; i < sp->ns; i++) {
		(*names)[i] = sp->s[i].name;
		(*colors)[i] = sp->s[i].color;
	}
}

static void
x_range(const struct chart_spec *sp, double *mn, double *mx)
{
	*mn = INFINITY;
	*mx = -INFINITY;
	for (size_t j = 0; j < sp->ns; j++)
		for (size_t i = 0; sp->s[j].x && i < sp->s[j].n; i++)
			if (isfinite(sp->s[j].y[i])) {
				*mn = fmin(*mn, sp->s[j].x[i]);
				*mx = fmax(*mx, sp->s[j].x[i]);
			}
}

/* Category labels along a horizontal axis of slots: horizontal when they fit, else
 * rotated 45° (thinned when even that overlaps), cut with an ellipsis at maxlen. */
struct cat_layout {
	int rotate, every;
	double maxlen, height;
};

static struct cat_layout
plan_categories(struct chart_ctx *x, const struct chart_spec *sp, double slot, double maxh)
{
	struct canvas *c = x->c;
	struct cat_layout L = { 0, 1, 0, 0 };
	double lh, maxw = 0;
	canvas_set_font(c, x->th->tick_size, 0);
	lh = chart_axis_line_height(c);
	for (size_t i = 0; i < sp->ncat; i++)
		maxw = fmax(maxw, canvas_text_width(c, sp->cats[i]));
	if (maxw <= slot - 4) {
		L.maxlen = slot - 4;
		L.height = lh + 4;
		return L;
	}
	L.rotate = 1;
	/* rotated 45°, neighbours are slot * every * sin 45° apart across the text */
	L.every = (int)ceil(lh * 1.15 / ((slot > 0 ? slot : 1) * 0.7071));
	if (L.every < 1)
		L.every = 1;
	L.maxlen = fmin(maxw, maxh / 0.7071);
	L.height = L.maxlen * 0.7071 + lh * 0.7071 + 4;
	return L;
}

static void
draw_categories(struct chart_ctx *x, const struct chart_spec *sp, const struct cat_layout *L,
                double x0, double slot, double y, double left_edge)
{
	struct canvas *c = x->c;
	struct buf t;
	buf_init(&t);
	canvas_set_font(c, x->th->tick_size, 0);
	double lh_off = chart_axis_line_height(c) / 2;
	canvas_set_fill(c, x->th->text, 1);
	for (size_t i = 0; i < sp->ncat; i += (size_t)L->every) {
		double cx = x0 + slot * ((double)i + 0.5);
		buf_reset(&t);
		/* a rotated label must not run past the left edge of the chart */
		double room = L->rotate ? fmin(L->maxlen, (cx - left_edge) / 0.7071 - lh_off) : L->maxlen;
		chart_axis_fit(c, sp->cats[i], room, &t);
		if (L->rotate)
			canvas_text(c, cx, y + 4, buf_str(&t), CANVAS_END, CANVAS_TOP, -45);
		else
			canvas_text(c, cx, y + 4, buf_str(&t), CANVAS_MIDDLE, CANVAS_TOP, 0);
	}
	buf_release(&t);
}

/* Horizontal grid and value labels for a vertical value axis. */
static void
draw_value_axis(struct chart_ctx *x, const struct chart_scale *ys, const char *fmtkind,
                double px, double pw)
{
	struct canvas *c = x->c;
	int n = chart_axis_nticks(ys);
	canvas_set_font(c, x->th->tick_size, 0);
	for (int i = 0; i < n; i++) {
		double v = chart_axis_tick(ys, i), py = chart_axis_map(ys, v);
		canvas_set_stroke(c, v == 0 ? x->th->axis : x->th->grid, 1);
		canvas_set_line_width(c, v == 0 ? 1 : 0.5);
		canvas_move_to(c, px, py);
		canvas_line_to(c, px + pw, py);
		canvas_stroke(c);
		buf_reset(&x->tmp);
		chart_axis_format(x, &x->tmp, v, fmtkind, ys);
		canvas_set_fill(c, x->th->muted, 1);
		canvas_text(c, px - 4, py, buf_str(&x->tmp), CANVAS_END, CANVAS_VMIDDLE, 0);
	}
}

static double
value_label_width(struct chart_ctx *x, const struct chart_scale *s, const char *kind)
{
	double w = 0;
	canvas_set_font(x->c, x->th->tick_size, 0);
	for (int i = 0, n = chart_axis_nticks(s); i < n; i++) {
		buf_reset(&x->tmp);
		chart_axis_format(x, &x->tmp, chart_axis_tick(s, i), kind, s);
		w = fmax(w, canvas_text_width(x->c, buf_str(&x->tmp)));
	}
	return w;
}

static void
axis_titles(struct chart_ctx *x, const struct chart_spec *sp, struct box b, double px, double pw,
            double py, double ph)
{
	struct canvas *c = x->c;
	struct buf t;
	buf_init(&t);
	canvas_set_font(c, x->th->label_size, 0);
	canvas_set_fill(c, x->th->muted, 1);
	if (sp->xlabel && *sp->xlabel) {
		chart_axis_fit(c, sp->xlabel, pw, &t);
		canvas_text(c, px + pw / 2, b.y + b.h + canvas_descent(c), buf_str(&t), CANVAS_MIDDLE,
		            CANVAS_BASELINE, 0);
	}
	if (sp->ylabel && *sp->ylabel) {
		buf_reset(&t);
		chart_axis_fit(c, sp->ylabel, ph, &t);
		canvas_text(c, b.x, py + ph / 2, buf_str(&t), CANVAS_MIDDLE, CANVAS_TOP, -90);
	}
	buf_release(&t);
}

static void
dot(struct canvas *c, double cx, double cy, double r)
{
	canvas_arc(c, cx, cy, r, 0, 360);
	canvas_close(c);
	canvas_fill(c);
}

/* bar, line, band, step, scatter, bubble, roc: a vertical value axis. */
static void
cartesian(struct chart_ctx *x, const struct chart_spec *sp, struct box b, struct arena *a)
{
	struct canvas *c = x->c;
	struct chart_scale ys, xs = { 0, 1, 1, 0, 1, 0, 0 };
	int category = sp->type == CHART_BAR;
	double ymin, ymax, xmin, xmax, lh;
	for (size_t j = 0; j < sp->ns; j++)
		if (!sp->s[j].x)
			category = 1;
	chart_spec_range(sp, &ymin, &ymax);
	opt_num(sp->yax, "min", &ymin);
	opt_num(sp->yax, "max", &ymax);
	if (sp->type == CHART_ROC) {
		ymin = 0;
		ymax = 1;
	}
	if ((sp->type == CHART_SCATTER || sp->type == CHART_BUBBLE) && ymax > ymin) {
		double pad = (ymax - ymin) * (sp->type == CHART_BUBBLE ? 0.08 : 0.03);
		ymin -= pad;
		ymax += pad;
	}
	canvas_set_font(c, x->th->tick_size, 0);
	lh = chart_axis_line_height(c);
	double left_title = sp->ylabel && *sp->ylabel ? x->th->label_size * 1.3 + 2 : 0;
	double bottom_title = sp->xlabel && *sp->xlabel ? x->th->label_size * 1.3 + 2 : 0;
	chart_axis_nice(&ys, ymin, ymax, (int)fmax(2, b.h / 45), sp->type == CHART_BAR);
	double left = left_title + value_label_width(x, &ys, sp->yfmt) + 8;
	double px = b.x + left, pw = b.w - left - 8, py = b.y + lh / 2, ph;
	struct cat_layout L = { 0, 1, 0, 0 };
	double slot = 0;
	if (pw < 10)
		pw = 10;
	if (category) {
		slot = pw / (double)(sp->ncat ? sp->ncat : 1);
		L = plan_categories(x, sp, slot, b.h * 0.3);
		ph = b.h - (py - b.y) - L.height - bottom_title;
	} else {
		x_range(sp, &xmin, &xmax);
		opt_num(sp->xax, "min", &xmin);
		opt_num(sp->xax, "max", &xmax);
		if (sp->type == CHART_ROC) {
			xmin = 0;
			xmax = 1;
		}
		if ((sp->type == CHART_SCATTER || sp->type == CHART_BUBBLE) && xmax > xmin) {
			double pad = (xmax - xmin) * (sp->type == CHART_BUBBLE ? 0.08 : 0.03);
			xmin -= pad;
			xmax += pad;
		}
		if (sp->x_date)
			chart_axis_dates(&xs, xmin, xmax, (int)fmax(2, pw / 70));
		else
			chart_axis_nice(&xs, xmin, xmax, (int)fmax(2, pw / 70), 0);
		ph = b.h - (py - b.y) - lh - 6 - bottom_title;
	}
	if (ph < 10)
		ph = 10;
	ys.p0 = py + ph;
	ys.p1 = py;
	draw_value_axis(x, &ys, sp->yfmt, px, pw);
	canvas_set_stroke(c, x->th->axis, 1);
	canvas_set_line_width(c, 1);
	canvas_move_to(c, px, py + ph);
	canvas_line_to(c, px + pw, py + ph);
	canvas_stroke(c);
	if (category) {
		draw_categories(x, sp, &L, px, slot, py + ph, b.x);
	} else {
		xs.p0 = px;
		xs.p1 = px + pw;
		int n = chart_axis_nticks(&xs), every = 1;
		double maxw = 0;
		canvas_set_font(c, x->th->tick_size, 0);
		for (int i = 0; i < n; i++) {
			buf_reset(&x->tmp);
			chart_axis_format(x, &x->tmp, chart_axis_tick(&xs, i), sp->xfmt, &xs);
			maxw = fmax(maxw, canvas_text_width(c, buf_str(&x->tmp)));
		}
		double spacing = n > 1 ? pw / (n - 1) : pw;
		while (every < n && spacing * every < maxw + 8)
			every++;
		canvas_set_fill(c, x->th->muted, 1);
		for (int i = 0; i < n; i += every) {
			double v = chart_axis_tick(&xs, i), tx = chart_axis_map(&xs, v);
			buf_reset(&x->tmp);
			chart_axis_format(x, &x->tmp, v, sp->xfmt, &xs);
			/* keep the first and last labels inside the chart box */
			double tw = canvas_text_width(c, buf_str(&x->tmp));
			double sx = fmax(b.x, fmin(tx - tw / 2, b.x + b.w - tw));
			canvas_text(c, sx, py + ph + 4, buf_str(&x->tmp), CANVAS_START, CANVAS_TOP, 0);
		}
	}
	axis_titles(x, sp, b, px, pw, py, ph);

	canvas_save(c);
	canvas_clip_rect(c, px, py - 1, pw, ph + 2);
	if (sp->type == CHART_BAR) {
		double gw = slot * 0.8;
		double *pos = arena_calloc(a, sp->ncat + 1, sizeof *pos);
		double *neg = arena_calloc(a, sp->ncat + 1, sizeof *neg);
		for (size_t j = 0; j < sp->ns; j++) {
			const struct chart_series *s = &sp->s[j];
			for (size_t i = 0; i < s->n && i < sp->ncat; i++) {
				double v = s->y[i], bx, bw, base = 0;
				if (!isfinite(v))
					continue;
				if (sp->stacked) {
					bx = px + slot * (double)i + (slot - gw) / 2;
					bw = gw;
					base = v >= 0 ? pos[i] : neg[i];
					*(v >= 0 ? &pos[i] : &neg[i]) += v;
				} else {
					bw = gw / (double)sp->ns;
					bx = px + slot * (double)i + (slot - gw) / 2 + bw * (double)j;
				}
				double y0 = chart_axis_map(&ys, base), y1 = chart_axis_map(&ys, base + v);
				uint32_t col = sp->signed_ ? (v >= 0 ? x->th->positive : x->th->negative) : s->color;
				canvas_set_fill(c, col, 1);
				canvas_rect(c, bx, fmin(y0, y1), bw, fabs(y1 - y0));
				canvas_fill(c);
			}
		}
	} else {
		if (sp->type == CHART_ROC) {
			double d[2] = { 4, 3 };
			canvas_set_stroke(c, x->th->axis, 1);
			canvas_set_dash(c, d, 2);
			canvas_set_line_width(c, 1);
			canvas_move_to(c, px, py + ph);
			canvas_line_to(c, px + pw, py);
			canvas_stroke(c);
			canvas_set_dash(c, NULL, 0);
		}
		if (sp->type == CHART_SCATTER && sp->has_fit) {
			double x0 = xs.lo, x1 = xs.hi;
			canvas_set_stroke(c, x->th->text, 0.8);
			canvas_set_line_width(c, 1.5);
			canvas_move_to(c, chart_axis_map(&xs, x0), chart_axis_map(&ys, sp->fit_a + sp->fit_b * x0));
			canvas_line_to(c, chart_axis_map(&xs, x1), chart_axis_map(&ys, sp->fit_a + sp->fit_b * x1));
			canvas_stroke(c);
		}
		double maxsz = 0;
		for (size_t j = 0; j < sp->ns; j++)
			for (size_t i = 0; sp->s[j].sz && i < sp->s[j].n; i++)
				if (isfinite(sp->s[j].sz[i]))
					maxsz = fmax(maxsz, sp->s[j].sz[i]);
		for (size_t j = 0; j < sp->ns; j++) {
			const struct chart_series *s = &sp->s[j];
			double *X = arena_calloc(a, s->n + 1, sizeof *X);
			for (size_t i = 0; i < s->n; i++)
				X[i] = s->x && !category ? chart_axis_map(&xs, s->x[i]) : px + slot * ((double)i + 0.5);
			int step = sp->type == CHART_STEP;
			if ((sp->type == CHART_BAND || step) && s->lo && s->hi) {
				/* shaded interval: upper edge forward, lower edge back */
				size_t start = 0;
				while (start < s->n) {
					size_t end = start;
					while (end < s->n && isfinite(s->lo[end]) && isfinite(s->hi[end]) &&
					       isfinite(s->y[end]))
						end++;
					if (end > start) {
						for (size_t i = start; i < end; i++) {
							double yy = chart_axis_map(&ys, s->hi[i]);
							if (step && i > start)
								canvas_line_to(c, X[i], chart_axis_map(&ys, s->hi[i - 1]));
							canvas_line_to(c, X[i], yy);
						}
						for (size_t i = end; i-- > start;) {
							double yy = chart_axis_map(&ys, s->lo[i]);
							if (step && i + 1 < end)
								canvas_line_to(c, X[i + 1], yy);
							canvas_line_to(c, X[i], yy);
						}
						canvas_close(c);
						canvas_set_fill(c, s->color, 0.2);
						canvas_fill(c);
					}
					start = end + 1;
				}
			}
			if (sp->type == CHART_SCATTER || sp->type == CHART_BUBBLE) {
				double maxr = fmin(pw, ph) / 12;
				canvas_set_fill(c, s->color, sp->type == CHART_BUBBLE ? 0.6 : 0.75);
				for (size_t i = 0; i < s->n; i++) {
					if (!isfinite(s->y[i]))
						continue;
					double r = 2.5;
					if (s->sz)
						r = maxsz > 0 && isfinite(s->sz[i]) ? fmax(1.5, sqrt(s->sz[i] / maxsz) * maxr) : 1.5;
					dot(c, X[i], chart_axis_map(&ys, s->y[i]), r);
				}
				continue;
			}
			/* lines: gaps at missing values, a dot for a lone point */
			canvas_set_stroke(c, s->color, 1);
			canvas_set_line_width(c, sp->type == CHART_ROC ? 2 : 1.75);
			canvas_set_join(c, CANVAS_JOIN_ROUND);
			int open = 0;
			size_t run = 0;
			for (size_t i = 0; i <= s->n; i++) {
				if (i == s->n || !isfinite(s->y[i])) {
					if (run == 1) {
						canvas_paint(c, 0);
						canvas_set_fill(c, s->color, 1);
						dot(c, X[i - 1], chart_axis_map(&ys, s->y[i - 1]), 2.5);
					} else if (open) {
						canvas_stroke(c);
					}
					open = 0;
					run = 0;
					continue;
				}
				double yy = chart_axis_map(&ys, s->y[i]);
				if (!open)
					canvas_move_to(c, X[i], yy);
				else {
					if (step)
						canvas_line_to(c, X[i], chart_axis_map(&ys, s->y[i - 1]));
					canvas_line_to(c, X[i], yy);
				}
				open = 1;
				run++;
			}
		}
	}
	canvas_restore(c);
	if (sp->type == CHART_ROC && sp->has_auc) {
		buf_reset(&x->tmp);
		buf_puts(&x->tmp, "AUC = ");
		fmt_number(&x->tmp, sp->auc, 3, x->th->locale);
		canvas_set_font(c, x->th->label_size, 1);
		canvas_set_fill(c, x->th->text, 1);
		canvas_text(c, px + pw - 6, py + ph - 6, buf_str(&x->tmp), CANVAS_END, CANVAS_BASELINE, 0);
	}
}

/* hbar: categories down the left, values along the bottom. */
static void
hbar(struct chart_ctx *x, const struct chart_spec *sp, struct box b, struct arena *a)
{
	struct canvas *c = x->c;
	struct chart_scale xs;
	double vmin, vmax, lh, labw = 0;
	struct buf t;
	chart_spec_range(sp, &vmin, &vmax);
	opt_num(sp->yax, "min", &vmin);
	opt_num(sp->yax, "max", &vmax);
	canvas_set_font(c, x->th->tick_size, 0);
	lh = chart_axis_line_height(c);
	for (size_t i = 0; i < sp->ncat; i++)
		labw = fmax(labw, canvas_text_width(c, sp->cats[i]));
	labw = fmin(labw, b.w * 0.35);
	double bottom_title = sp->xlabel && *sp->xlabel ? x->th->label_size * 1.3 + 2 : 0;
	double px = b.x + labw + 8, pw = b.w - labw - 8 - 12;
	double py = b.y, ph = b.h - lh - 6 - bottom_title;
	if (pw < 10) pw = 10;
	if (ph < 10) ph = 10;
	chart_axis_nice(&xs, vmin, vmax, (int)fmax(2, pw / 70), 1);
	xs.p0 = px;
	xs.p1 = px + pw;
	int n = chart_axis_nticks(&xs), every = 1;
	double maxw = 0;
	for (int i = 0; i < n; i++) {
		buf_reset(&x->tmp);
		chart_axis_format(x, &x->tmp, chart_axis_tick(&xs, i), sp->yfmt, &xs);
		maxw = fmax(maxw, canvas_text_width(c, buf_str(&x->tmp)));
	}
	while (every < n && (n > 1 ? pw / (n - 1) : pw) * every < maxw + 8)
		every++;
	for (int i = 0; i < n; i++) {
		double v = chart_axis_tick(&xs, i), tx = chart_axis_map(&xs, v);
		canvas_set_stroke(c, v == 0 ? x->th->axis : x->th->grid, 1);
		canvas_set_line_width(c, v == 0 ? 1 : 0.5);
		canvas_move_to(c, tx, py);
		canvas_line_to(c, tx, py + ph);
		canvas_stroke(c);
		if (i % every == 0) {
			buf_reset(&x->tmp);
			chart_axis_format(x, &x->tmp, v, sp->yfmt, &xs);
			canvas_set_fill(c, x->th->muted, 1);
			double tw = canvas_text_width(c, buf_str(&x->tmp));
			double sx = fmax(b.x, fmin(tx - tw / 2, b.x + b.w - tw));
			canvas_text(c, sx, py + ph + 4, buf_str(&x->tmp), CANVAS_START, CANVAS_TOP, 0);
		}
	}
	double slot = ph / (double)(sp->ncat ? sp->ncat : 1), gw = slot * 0.8;
	int every_cat = (int)ceil(lh / (slot > 0 ? slot : 1));
	buf_init(&t);
	canvas_set_fill(c, x->th->text, 1);
	for (size_t i = 0; i < sp->ncat; i += (size_t)(every_cat < 1 ? 1 : every_cat)) {
		buf_reset(&t);
		chart_axis_fit(c, sp->cats[i], labw, &t);
		canvas_text(c, px - 6, py + slot * ((double)i + 0.5), buf_str(&t), CANVAS_END,
		            CANVAS_VMIDDLE, 0);
	}
	buf_release(&t);
	if (sp->xlabel && *sp->xlabel) {
		buf_init(&t);
		canvas_set_font(c, x->th->label_size, 0);
		canvas_set_fill(c, x->th->muted, 1);
		chart_axis_fit(c, sp->xlabel, pw, &t);
		canvas_text(c, px + pw / 2, b.y + b.h + canvas_descent(c), buf_str(&t), CANVAS_MIDDLE,
		            CANVAS_BASELINE, 0);
		buf_release(&t);
	}
	double *pos = arena_calloc(a, sp->ncat + 1, sizeof *pos);
	double *neg = arena_calloc(a, sp->ncat + 1, sizeof *neg);
	for (size_t j = 0; j < sp->ns; j++) {
		const struct chart_series *s = &sp->s[j];
		for (size_t i = 0; i < s->n && i < sp->ncat; i++) {
			double v = s->y[i], by, bh, base = 0;
			if (!isfinite(v))
				continue;
			if (sp->stacked) {
				by = py + slot * (double)i + (slot - gw) / 2;
				bh = gw;
				base = v >= 0 ? pos[i] : neg[i];
				*(v >= 0 ? &pos[i] : &neg[i]) += v;
			} else {
				bh = gw / (double)sp->ns;
				by = py + slot * (double)i + (slot - gw) / 2 + bh * (double)j;
			}
			double x0 = chart_axis_map(&xs, base), x1 = chart_axis_map(&xs, base + v);
			canvas_set_fill(c, sp->signed_ ? (v >= 0 ? x->th->positive : x->th->negative)
			                               : s->color, 1);
			canvas_rect(c, fmin(x0, x1), by, fabs(x1 - x0), bh);
			canvas_fill(c);
		}
	}
}

static void
heatmap(struct chart_ctx *x, const struct chart_spec *sp, struct box b)
{
	struct canvas *c = x->c;
	double mn = INFINITY, mx = -INFINITY, labw = 0, lh;
	size_t nr = sp->nycat, nc = sp->ncat;
	struct buf t;
	for (size_t i = 0; i < nr * nc; i++)
		if (isfinite(sp->hm[i])) {
			mn = fmin(mn, sp->hm[i]);
			mx = fmax(mx, sp->hm[i]);
		}
	canvas_set_font(c, x->th->tick_size, 0);
	lh = chart_axis_line_height(c);
	for (size_t i = 0; i < nr; i++)
		labw = fmax(labw, canvas_text_width(c, sp->ycats[i]));
	labw = fmin(labw, b.w * 0.3);
	double px = b.x + labw + 6, pw = b.w - labw - 6;
	double cw = pw / (double)nc;
	struct cat_layout L = plan_categories(x, sp, cw, b.h * 0.3);
	double ph = b.h - L.height, chh = ph / (double)nr;
	buf_init(&t);
	canvas_set_fill(c, x->th->text, 1);
	for (size_t i = 0; i < nr; i++) {
		buf_reset(&t);
		chart_axis_fit(c, sp->ycats[i], labw, &t);
		canvas_text(c, px - 6, b.y + chh * ((double)i + 0.5), buf_str(&t), CANVAS_END,
		            CANVAS_VMIDDLE, 0);
	}
	draw_categories(x, sp, &L, px, cw, b.y + ph, b.x);
	for (size_t i = 0; i < nr; i++)
		for (size_t j = 0; j < nc; j++) {
			double v = sp->hm[i * nc + j];
			double tt = isfinite(v) && mx > mn ? (v - mn) / (mx - mn) : isfinite(v) ? 1 : 0;
			double cx = px + cw * (double)j, cy = b.y + chh * (double)i;
			canvas_set_fill(c, isfinite(v) ? mix(0xF2F2F2, x->th->palette[0], tt) : 0xFFFFFF, 1);
			canvas_set_stroke(c, 0xFFFFFF, 1);
			canvas_set_line_width(c, 1);
			canvas_rect(c, cx, cy, cw, chh);
			canvas_paint(c, CANVAS_FILL | CANVAS_STROKE);
			if (!isfinite(v))
				continue;
			buf_reset(&x->tmp);
			fmt_value(&x->tmp, v, sp->vfmt, -1, x->th->locale, x->th->currency);
			canvas_set_font(c, x->th->value_size, 0);
			if (canvas_text_width(c, buf_str(&x->tmp)) + 2 <= cw && lh <= chh) {
				canvas_set_fill(c, tt > 0.55 ? 0xFFFFFF : x->th->text, 1);
				canvas_text(c, cx + cw / 2, cy + chh / 2, buf_str(&x->tmp), CANVAS_MIDDLE,
				            CANVAS_VMIDDLE, 0);
			}
			canvas_set_font(c, x->th->tick_size, 0);
		}
	buf_release(&t);
}

static void
donut(struct chart_ctx *x, const struct chart_spec *sp, struct box b)
{
	struct canvas *c = x->c;
	const struct chart_series *s = &sp->s[0];
	double total = 0, cx = b.x + b.w / 2, cy = b.y + b.h / 2;
	double r = fmin(b.w, b.h) / 2 - 2, ri = r * 0.6, a0 = -90;
	for (size_t i = 0; i < s->n; i++)
		if (isfinite(s->y[i]))
			total += s->y[i];
	if (r < 2)
		return;
	canvas_set_stroke(c, 0xFFFFFF, 1);
	canvas_set_line_width(c, 1.5);
	for (size_t i = 0; i < s->n; i++) {
		if (!isfinite(s->y[i]) || s->y[i] <= 0)
			continue;
		double a1 = a0 + 360 * s->y[i] / total;
		canvas_set_fill(c, x->th->palette[i % (size_t)x->th->npalette], 1);
		canvas_arc(c, cx, cy, r, a0, a1);
		canvas_arc(c, cx, cy, ri, a1, a0);
		canvas_close(c);
		canvas_paint(c, CANVAS_FILL | CANVAS_STROKE);
		a0 = a1;
	}
	buf_reset(&x->tmp);
	fmt_value(&x->tmp, total, sp->vfmt ? sp->vfmt : "compact", -1, x->th->locale,
	          x->th->currency);
	canvas_set_font(c, x->th->title_size, 1);
	if (canvas_text_width(c, buf_str(&x->tmp)) < ri * 1.8) {
		canvas_set_fill(c, x->th->text, 1);
		canvas_text(c, cx, cy, buf_str(&x->tmp), CANVAS_MIDDLE, CANVAS_VMIDDLE, 0);
	}
}

static void
funnel(struct chart_ctx *x, const struct chart_spec *sp, struct box b)
{
	struct canvas *c = x->c;
	const struct chart_series *s = &sp->s[0];
	size_t n = s->n < sp->ncat ? s->n : sp->ncat;
	double mx = 0, labw = 0, lh;
	struct buf t;
	for (size_t i = 0; i < n; i++)
		if (isfinite(s->y[i]))
			mx = fmax(mx, s->y[i]);
	canvas_set_font(c, x->th->tick_size, 0);
	lh = chart_axis_line_height(c);
	for (size_t i = 0; i < n; i++)
		labw = fmax(labw, canvas_text_width(c, sp->cats[i]));
	labw = fmin(labw, b.w * 0.3);
	double rate_w = canvas_text_width(c, "100.0%") + 8;
	double px = b.x + labw + 8, pw = b.w - labw - 8 - rate_w;
	double slot = b.h / (double)n, bh = fmin(slot * 0.75, slot - 2);
	buf_init(&t);
	for (size_t i = 0; i < n; i++) {
		double v = isfinite(s->y[i]) ? s->y[i] : 0;
		double w = mx > 0 ? pw * v / mx : 0, yy = b.y + slot * (double)i;
		canvas_set_fill(c, x->th->palette[0], 1.0 - 0.5 * (double)i / (double)(n > 1 ? n - 1 : 1));
		if (w > 0) {
			canvas_rect(c, px + (pw - w) / 2, yy + (slot - bh) / 2, w, bh);
			canvas_fill(c);
		}
		buf_reset(&t);
		chart_axis_fit(c, sp->cats[i], labw, &t);
		canvas_set_fill(c, x->th->text, 1);
		canvas_text(c, px - 6, yy + slot / 2, buf_str(&t), CANVAS_END, CANVAS_VMIDDLE, 0);
		buf_reset(&x->tmp);
		fmt_value(&x->tmp, s->y[i], sp->vfmt ? sp->vfmt : "compact", -1, x->th->locale,
		          x->th->currency);
		double tw = canvas_text_width(c, buf_str(&x->tmp));
		if (bh >= lh) {
			int inside = tw + 4 <= w;
			canvas_set_fill(c, inside ? 0xFFFFFF : x->th->text, 1);
			canvas_text(c, inside ? px + pw / 2 : px + (pw + w) / 2 + 4, yy + slot / 2,
			            buf_str(&x->tmp), inside ? CANVAS_MIDDLE : CANVAS_START, CANVAS_VMIDDLE, 0);
		}
		if (i > 0 && isfinite(s->y[i]) && isfinite(s->y[i - 1]) && s->y[i - 1] > 0) {
			buf_reset(&x->tmp);
			fmt_percent(&x->tmp, s->y[i] / s->y[i - 1], 1);
			canvas_set_fill(c, x->th->muted, 1);
			canvas_text(c, b.x + b.w, yy, buf_str(&x->tmp), CANVAS_END, CANVAS_VMIDDLE, 0);
		}
	}
	buf_release(&t);
}

static void
sparkline(struct chart_ctx *x, const struct chart_spec *sp, struct box b)
{
	struct canvas *c = x->c;
	const struct chart_series *s = &sp->s[0];
	double mn = INFINITY, mx = -INFINITY, pad = 2.5;
	size_t last = SIZE_MAX, cnt = 0;
	for (size_t i = 0; i < s->n; i++)
		if (isfinite(s->y[i])) {
			mn = fmin(mn, s->y[i]);
			mx = fmax(mx, s->y[i]);
			last = i;
			cnt++;
		}
	if (cnt == 0) {              /* the points are all in other series */
		no_data(x, b);
		return;
	}
	if (mx == mn) {
		mn -= 1;
		mx += 1;
	}
	double dx = s->n > 1 ? (b.w - 2 * pad) / (double)(s->n - 1) : 0;
#define SX(i) (s->n > 1 ? b.x + pad + dx * (double)(i) : b.x + b.w / 2)
#define SY(v) (b.y + pad + (b.h - 2 * pad) * (1 - ((v) - mn) / (mx - mn)))
	canvas_set_stroke(c, s->color, 1);
	canvas_set_line_width(c, 1.25);
	canvas_set_join(c, CANVAS_JOIN_ROUND);
	int open = 0;
	for (size_t i = 0; i < s->n; i++) {
		if (!isfinite(s->y[i])) {
			open = 0;
			continue;
		}
		if (open)
			canvas_line_to(c, SX(i), SY(s->y[i]));
		else
			canvas_move_to(c, SX(i), SY(s->y[i]));
		open = 1;
	}
	if (cnt > 1)
		canvas_stroke(c);
	else
		canvas_paint(c, 0);
	canvas_set_fill(c, s->color, 1);
	dot(c, SX(last), SY(s->y[last]), 2);
#undef SX
#undef SY
}

static int
draw_parsed(struct chart_ctx *x, const struct chart_spec *sp, struct box b, struct arena *a)
{
	const char **names = NULL;
	uint32_t *colors = NULL;
	size_t nleg = 0;
	if (sp->type == CHART_SPARK) {
		if (sp->npoints == 0)
			no_data(x, b);
		else
			sparkline(x, sp, b);
		return 0;
	}
	if (sp->type == CHART_DONUT && sp->ns > 0) {
		double total = 0;
		const struct chart_series *s = &sp->s[0];
		for (size_t i = 0; i < s->n; i++)
			if (isfinite(s->y[i]))
				total += s->y[i];
		nleg = s->n < sp->ncat ? s->n : sp->ncat;
		names = arena_calloc(a, nleg + 1, sizeof *names);
		colors = arena_calloc(a, nleg + 1, sizeof *colors);
		for (size_t i = 0; i < nleg; i++) {
			struct buf t;
			buf_init(&t);
			buf_puts(&t, sp->cats[i]);
			buf_putc(&t, ' ');
			fmt_percent(&t, total > 0 && isfinite(s->y[i]) ? s->y[i] / total : 0, 1);
			names[i] = arena_strdup(a, buf_str(&t));
			buf_release(&t);
			colors[i] = x->th->palette[i % (size_t)x->th->npalette];
		}
		if (total <= 0)
			nleg = 0;
	} else if (sp->type != CHART_HEATMAP && sp->type != CHART_FUNNEL) {
		series_legend(sp, a, &names, &colors, &nleg);
	}
	b = frame(x, sp, b, names, colors, sp->npoints ? nleg : 0);
	if (sp->npoints == 0 || b.w < 20 || b.h < 20) {
		no_data(x, b);
		return 0;
	}
	switch (sp->type) {
	case CHART_HBAR: hbar(x, sp, b, a); break;
	case CHART_HEATMAP: heatmap(x, sp, b); break;
	case CHART_DONUT: donut(x, sp, b); break;
	case CHART_FUNNEL: funnel(x, sp, b); break;
	default: cartesian(x, sp, b, a); break;
	}
	return 0;
}

int
chart_draw(struct canvas *c, const cJSON *spec, double x, double y, double w, double h,
           const struct chart_theme *theme, struct diag *d)
{
	struct chart_theme dflt;
	struct chart_ctx ctx = { .c = c, .d = d, .title = "" };
	struct arena a;
	struct chart_spec sp;
	int rc;
	if (!theme) {
		chart_theme_default(&dflt);
		theme = &dflt;
	}
	ctx.th = theme;
	if (!isfinite(x) || !isfinite(y) || !isfinite(w) || !isfinite(h) || w <= 0 || h <= 0) {
		diag_error(d, BD_EINTERNAL, NULL, "chart: box %g,%g %gx%g is not positive and finite",
		           x, y, w, h);
		return -1;
	}
	arena_init(&a);
	buf_init(&ctx.tmp);
	rc = chart_spec_parse(&ctx, &a, spec, &sp);
	if (rc == 0) {
		canvas_save(c);
		canvas_clip_rect(c, x, y, w, h);
		draw_parsed(&ctx, &sp, (struct box){ x, y, w, h }, &a);
		canvas_restore(c);
		if (canvas_status(c)) {
			diag_error(d, BD_EINTERNAL, NULL, "chart '%s': %s", ctx.title, canvas_error(c));
			rc = -1;
		}
	}
	buf_release(&ctx.tmp);
	arena_finish(&a);
	return rc;
}

static uint32_t
fnv(uint32_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * 16777619u;
	return h;
}

/* FNV-1a over the tree: types, keys, strings and the bits of numbers. */
static uint32_t
spec_hash(const cJSON *j, uint32_t h)
{
	for (; j; j = j->next) {
		h = fnv(h, &j->type, sizeof j->type);
		if (j->string)
			h = fnv(h, j->string, strlen(j->string) + 1);
		if (cJSON_IsString(j) && j->valuestring)
			h = fnv(h, j->valuestring, strlen(j->valuestring) + 1);
		else if (cJSON_IsNumber(j))
			h = fnv(h, &j->valuedouble, sizeof j->valuedouble);
		if (j->child)
			h = spec_hash(j->child, h);
	}
	return h;
}

int
chart_svg(const cJSON *spec, double w, double h, const struct chart_theme *theme,
          struct buf *out, struct diag *d)
{
	struct chart_theme dflt;
	struct chart_ctx ctx = { .d = d, .title = "" };
	struct arena a;
	struct chart_spec sp;
	struct buf desc, svg;
	char prefix[24];
	int rc;
	if (!theme) {
		chart_theme_default(&dflt);
		theme = &dflt;
	}
	ctx.th = theme;
	arena_init(&a);
	buf_init(&desc);
	buf_init(&svg);
	rc = chart_spec_parse(&ctx, &a, spec, &sp);
	if (rc == 0) {
		/* a hash of the spec: stable ids, distinct per chart on a page */
		snprintf(prefix, sizeof prefix, "ch%08x", (unsigned)spec_hash(spec, 2166136261u));
		chart_spec_describe(&ctx, &sp, &desc);
		const char *title = sp.title ? sp.title : chart_spec_type_names[sp.type];
		struct canvas *c = canvas_svg_create(&svg, w, h, title, buf_str(&desc), prefix, NULL);
		if (canvas_status(c)) {
			diag_error(d, BD_EINTERNAL, NULL, "chart '%s': %s", ctx.title, canvas_error(c));
			rc = -1;
		} else {
			rc = chart_draw(c, spec, 0, 0, w, h, theme, d);
			canvas_finish(c);
			if (rc == 0 && canvas_status(c)) {
				diag_error(d, BD_EINTERNAL, NULL, "chart '%s': %s", ctx.title, canvas_error(c));
				rc = -1;
			}
		}
		canvas_svg_destroy(c);
		if (rc == 0)
			buf_add(out, svg.data ? svg.data : "", svg.len);
	}
	buf_release(&svg);
	buf_release(&desc);
	arena_finish(&a);
	return rc;
}
