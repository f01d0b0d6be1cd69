/* SPDX-License-Identifier: MIT
 * canvas: dispatch to the backend ops, the graphics-state stack, path building (arcs
 * become Béziers here, so every backend draws the same curves), text alignment from font
 * metrics, and the sticky error status (first error wins, later calls are no-ops). */
#include "render/canvas.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"

void
canvas_init(struct canvas *c, const struct canvas_ops *ops, const struct font_set *fonts)
{
	memset(c, 0, sizeof *c);
	c->ops = ops;
	c->fonts = fonts ? fonts : font_set_default();
	c->st.fill = 0x000000;
	c->st.stroke = 0x000000;
	c->st.fill_alpha = c->st.stroke_alpha = 1.0;
	c->st.line_width = 1.0;
	c->st.font_size = 10.0;
	if (!c->fonts)
		canvas_fail(c, "no fonts: cannot load '%s'", FONT_FILE_REGULAR);
}

void
canvas_release(struct canvas *c)
{
	free(c->path.el);
	c->path.el = NULL;
	c->path.n = c->path.cap = 0;
}

void
canvas_fail(struct canvas *c, const char *fmt, ...)
{
	va_list ap;
	if (c->status)
		return;
	c->status = 1;
	va_start(ap, fmt);
	vsnprintf(c->err, sizeof c->err, fmt, ap);
	va_end(ap);
}

int canvas_status(const struct canvas *c) { return c->status; }
const char *canvas_error(const struct canvas *c) { return c->status ? c->err : ""; }

void
canvas_finish(struct canvas *c)
{
	if (c->status)
		return;
	if (c->depth != 0)
		canvas_fail(c, "canvas: %d unmatched save(s) at finish", c->depth);
	else if (c->ops->finish)
		c->ops->finish(c);
}

static int
finite2(struct canvas *c, const char *op, double x, double y)
{
	if (c->status)
		return 0;
	if (!isfinite(x) || !isfinite(y)) {
		canvas_fail(c, "canvas: %s: coordinate is not a finite number", op);
		return 0;
	}
	return 1;
}

static int
alpha_ok(struct canvas *c, double a)
{
	if (c->status)
		return 0;
	if (!(a >= 0 && a <= 1)) {
		canvas_fail(c, "canvas: alpha %g outside [0, 1]", a);
		return 0;
	}
	return 1;
}

void
canvas_set_fill(struct canvas *c, uint32_t rgb, double alpha)
{
	if (alpha_ok(c, alpha)) {
		c->st.fill = rgb & 0xFFFFFF;
		c->st.fill_alpha = alpha;
	}
}

void
canvas_set_stroke(struct canvas *c, uint32_t rgb, double alpha)
{
	if (alpha_ok(c, alpha)) {
		c->st.stroke = rgb & 0xFFFFFF;
		c->st.stroke_alpha = alpha;
	}
}

void
canvas_set_line_width(struct canvas *c, double w)
{
	if (c->status)
		return;
	if (!(w >= 0 && w <= 100))
		canvas_fail(c, "canvas: line width %g outside [0, 100]", w);
	else
		c->st.line_width = w;
}

void
canvas_set_cap(struct canvas *c, enum canvas_cap cap)
{
	if (!c->status)
		c->st.cap = cap;
}

void
canvas_set_join(struct canvas *c, enum canvas_join join)
{
	if (!c->status)
		c->st.join = join;
}

void
canvas_set_dash(struct canvas *c, const double *dash, int n)
{
	if (c->status)
		return;
	if (n < 0 || n > CANVAS_MAX_DASH) {
		canvas_fail(c, "canvas: dash pattern of %d entries (at most %d)", n, CANVAS_MAX_DASH);
		return;
	}
	for (int i = 0; i < n; i++) {
		if (!(dash[i] > 0 && dash[i] <= 100)) {
			canvas_fail(c, "canvas: dash entry %g outside (0, 100]", dash[i]);
			return;
		}
		c->st.dash[i] = dash[i];
	}
	c->st.ndash = n;
}

void
canvas_set_font(struct canvas *c, double size, int bold)
{
	if (c->status)
		return;
	if (!(size > 0 && size <= 600))
		canvas_fail(c, "canvas: font size %g outside (0, 600]", size);
	else {
		c->st.font_size = size;
		c->st.bold = bold != 0;
	}
}

void
canvas_save(struct canvas *c)
{
	if (c->status)
		return;
	if (c->depth >= CANVAS_MAX_DEPTH) {
		canvas_fail(c, "canvas: more than %d nested saves", CANVAS_MAX_DEPTH);
		return;
	}
	c->stack[c->depth++] = c->st;
	c->ops->save(c);
}

void
canvas_restore(struct canvas *c)
{
	if (c->status)
		return;
	if (c->depth == 0) {
		canvas_fail(c, "canvas: restore without save");
		return;
	}
	c->st = c->stack[--c->depth];
	c->ops->restore(c);
}

void
canvas_clip_rect(struct canvas *c, double x, double y, double w, double h)
{
	if (!finite2(c, "clip", x, y) || !finite2(c, "clip", w, h))
		return;
	if (c->depth == 0) {
		canvas_fail(c, "canvas: clip outside save/restore");
		return;
	}
	c->ops->clip(c, x, y, w, h);
}

static struct canvas_el *
push(struct canvas *c, enum canvas_seg seg)
{
	struct canvas_path *p = &c->path;
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 32;
		p->el = xreallocarray(p->el, p->cap, sizeof *p->el);
	}
	p->is_rect = 0;
	p->el[p->n].seg = seg;
	return &p->el[p->n++];
}

static int
has_current(const struct canvas *c)
{
	return c->path.n > 0 && c->path.el[c->path.n - 1].seg != CANVAS_CLOSE;
}

void
canvas_move_to(struct canvas *c, double x, double y)
{
	if (!finite2(c, "move_to", x, y))
		return;
	struct canvas_el *e = push(c, CANVAS_MOVE);
	e->p[0][0] = x;
	e->p[0][1] = y;
}

void
canvas_line_to(struct canvas *c, double x, double y)
{
	if (!finite2(c, "line_to", x, y))
		return;
	struct canvas_el *e = push(c, has_current(c) ? CANVAS_LINE : CANVAS_MOVE);
	e->p[0][0] = x;
	e->p[0][1] = y;
}

void
canvas_curve_to(struct canvas *c, double x1, double y1, double x2, double y2, double x3,
                double y3)
{
	if (!finite2(c, "curve_to", x1, y1) || !finite2(c, "curve_to", x2, y2) ||
	    !finite2(c, "curve_to", x3, y3))
		return;
	if (!has_current(c)) {
		canvas_fail(c, "canvas: curve_to without a current point");
		return;
	}
	struct canvas_el *e = push(c, CANVAS_CURVE);
	e->p[0][0] = x1; e->p[0][1] = y1;
	e->p[1][0] = x2; e->p[1][1] = y2;
	e->p[2][0] = x3; e->p[2][1] = y3;
}

void
canvas_close(struct canvas *c)
{
	if (!c->status && has_current(c))
		push(c, CANVAS_CLOSE);
}

void
canvas_rect(struct canvas *c, double x, double y, double w, double h)
{
	if (!finite2(c, "rect", x, y) || !finite2(c, "rect", w, h))
		return;
	int alone = c->path.n == 0;
	canvas_move_to(c, x, y);
	canvas_line_to(c, x + w, y);
	canvas_line_to(c, x + w, y + h);
	canvas_line_to(c, x, y + h);
	canvas_close(c);
	if (alone) {
		c->path.is_rect = 1;
		c->path.rect[0] = x;
		c->path.rect[1] = y;
		c->path.rect[2] = w;
		c->path.rect[3] = h;
	}
}

void
canvas_arc(struct canvas *c, double cx, double cy, double r, double a0, double a1)
{
	const double rad = M_PI / 180.0;
	int nseg;
	if (!finite2(c, "arc", cx, cy) || !finite2(c, "arc", r, a0) || !finite2(c, "arc", a1, 0))
		return;
	if (r < 0) {
		canvas_fail(c, "canvas: arc radius %g is negative", r);
		return;
	}
	nseg = (int)ceil(fabs(a1 - a0) / 90.0 - 1e-9);
	if (nseg < 1)
		nseg = 1;
	if (nseg > 64)
		nseg = 64;
	double step = (a1 - a0) / nseg;
	double x0 = cx + r * cos(a0 * rad), y0 = cy + r * sin(a0 * rad);
	canvas_line_to(c, x0, y0);
	double k = 4.0 / 3.0 * tan(step * rad / 4.0);
	for (int i = 0; i < nseg; i++) {
		double t0 = (a0 + step * i) * rad, t1 = (a0 + step * (i + 1)) * rad;
		double c0 = cos(t0), s0 = sin(t0), c1 = cos(t1), s1 = sin(t1);
		canvas_curve_to(c, cx + r * (c0 - k * s0), cy + r * (s0 + k * c0),
		                cx + r * (c1 + k * s1), cy + r * (s1 - k * c1),
		                cx + r * c1, cy + r * s1);
	}
}

void
canvas_paint(struct canvas *c, unsigned paint)
{
	if (!c->status && c->path.n > 0 && (paint & (CANVAS_FILL | CANVAS_STROKE)))
		c->ops->paint(c, &c->path, paint);
	c->path.n = 0;
	c->path.is_rect = 0;
}

double
canvas_text_width(struct canvas *c, const char *utf8)
{
	if (!c->fonts || !utf8)
		return 0;
	return font_set_width(c->fonts, c->st.bold, utf8, strlen(utf8), c->st.font_size);
}

double
canvas_ascent(const struct canvas *c)
{
	return c->fonts ? font_ascent(c->fonts->regular) * c->st.font_size / 1000.0 : 0;
}

double
canvas_descent(const struct canvas *c)
{
	return c->fonts ? font_descent(c->fonts->regular) * c->st.font_size / 1000.0 : 0;
}

void
canvas_text(struct canvas *c, double x, double y, const char *utf8, enum canvas_halign h,
            enum canvas_valign v, double angle_deg)
{
	if (!finite2(c, "text", x, y) || !finite2(c, "text", angle_deg, 0))
		return;
	if (!utf8 || !*utf8)
		return;
	double w = canvas_text_width(c, utf8);
	double dx = h == CANVAS_MIDDLE ? -w / 2 : h == CANVAS_END ? -w : 0;
	double asc = canvas_ascent(c), desc = canvas_descent(c);
	double dy = v == CANVAS_TOP ? asc : v == CANVAS_VMIDDLE ? (asc + desc) / 2 : 0;
	double a = angle_deg * M_PI / 180.0, ca = cos(a), sa = sin(a);
	if (angle_deg == 0) {
		ca = 1;
		sa = 0;
	}
	double sx = x + dx * ca - dy * sa, sy = y + dx * sa + dy * ca;
	c->ops->text(c, sx, sy, angle_deg, utf8, strlen(utf8), w);
}
