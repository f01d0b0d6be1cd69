/* SPDX-License-Identifier: MIT
 * canvas_svg: SVG backend of the canvas. Paths become <path>/<rect>, text <text> with
 * escaped content, clips <clipPath> + <g>; the output is plain deterministic XML that
 * the HTML pages inline. */
#include "render/canvas_svg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"

struct svg_canvas {
	struct canvas base;
	struct buf *out;
	char prefix[32];
	int nclip;
	int groups[CANVAS_MAX_DEPTH + 1];  /* <g> elements opened at each save depth */
};

/* v rounded to 1/scale (scale 10 or 100) with trailing zeros dropped: "12", "12.5",
 * "-0.25". Hand-rolled because printf("%.1f") dominated the chart benchmark. */
static void
num_scaled(struct buf *b, double v, int scale)
{
	char tmp[40], *p = tmp + sizeof tmp;
	if (!(fabs(v) < 1e12)) {
		buf_printf(b, "%.1f", v);
		return;
	}
	long long r = llround(v * scale);
	unsigned long long u = (unsigned long long)(r < 0 ? -r : r);
	unsigned frac = (unsigned)(u % (unsigned)scale);
	u /= (unsigned)scale;
	if (frac) {
		if (scale == 100) {
			if (frac % 10) {
				*--p = (char)('0' + frac % 10);
				*--p = (char)('0' + frac / 10);
			} else {
				*--p = (char)('0' + frac / 10);
			}
		} else {
			*--p = (char)('0' + frac);
		}
		*--p = '.';
	}
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (r < 0)
		*--p = '-';
	buf_add(b, p, (size_t)(tmp + sizeof tmp - p));
}

static void
num(struct buf *b, double v)
{
	num_scaled(b, v, 10);
}

static void
attr_num(struct buf *b, const char *name, double v)
{
	buf_printf(b, " %s=\"", name);
	num(b, v);
	buf_putc(b, '"');
}

static void
attr_alpha(struct buf *b, const char *name, double a)
{
	if (a < 1) {
		buf_printf(b, " %s=\"", name);
		num_scaled(b, a, 100);
		buf_putc(b, '"');
	}
}

static void
paint(struct canvas *c, const struct canvas_path *p, unsigned how)
{
	struct buf *b = ((struct svg_canvas *)c)->out;
	static const char *const cmd = "MLCZ";
	if (p->is_rect) {
		double x = p->rect[0], y = p->rect[1], w = p->rect[2], h = p->rect[3];
		if (w < 0) { x += w; w = -w; }
		if (h < 0) { y += h; h = -h; }
		buf_puts(b, "<rect");
		attr_num(b, "x", x);
		attr_num(b, "y", y);
		attr_num(b, "width", w);
		attr_num(b, "height", h);
	} else {
		buf_puts(b, "<path d=\"");
		for (size_t i = 0; i < p->n; i++) {
			const struct canvas_el *e = &p->el[i];
			int np = e->seg == CANVAS_CURVE ? 3 : e->seg == CANVAS_CLOSE ? 0 : 1;
			if (i)
				buf_putc(b, ' ');
			buf_putc(b, cmd[e->seg]);
			for (int k = 0; k < np; k++) {
				num(b, e->p[k][0]);
				buf_putc(b, ' ');
				num(b, e->p[k][1]);
				if (k + 1 < np)
					buf_putc(b, ' ');
			}
		}
		buf_putc(b, '"');
	}
	if (how & CANVAS_FILL) {
		buf_printf(b, " fill=\"#%06x\"", (unsigned)c->st.fill);
		attr_alpha(b, "fill-opacity", c->st.fill_alpha);
	} else {
		buf_puts(b, " fill=\"none\"");
	}
	if (how & CANVAS_STROKE) {
		buf_printf(b, " stroke=\"#%06x\"", (unsigned)c->st.stroke);
		attr_alpha(b, "stroke-opacity", c->st.stroke_alpha);
		buf_puts(b, " stroke-width=\"");
		num_scaled(b, c->st.line_width, 100);
		buf_putc(b, '"');
		if (c->st.cap != CANVAS_CAP_BUTT)
			buf_puts(b, c->st.cap == CANVAS_CAP_ROUND ? " stroke-linecap=\"round\""
			                                          : " stroke-linecap=\"square\"");
		if (c->st.join != CANVAS_JOIN_MITER)
			buf_puts(b, c->st.join == CANVAS_JOIN_ROUND ? " stroke-linejoin=\"round\""
			                                            : " stroke-linejoin=\"bevel\"");
		for (int i = 0; i < c->st.ndash; i++) {
			buf_puts(b, i ? "," : " stroke-dasharray=\"");
			num(b, c->st.dash[i]);
		}
		if (c->st.ndash)
			buf_putc(b, '"');
	}
	buf_puts(b, "/>\n");
}

static void
text(struct canvas *c, double x, double y, double angle, const char *s, size_t n, double w)
{
	struct buf *b = ((struct svg_canvas *)c)->out;
	(void)w;
	buf_puts(b, "<text");
	attr_num(b, "x", x);
	attr_num(b, "y", y);
	attr_num(b, "font-size", c->st.font_size);
	if (c->st.bold)
		buf_puts(b, " font-weight=\"bold\"");
	buf_printf(b, " fill=\"#%06x\"", (unsigned)c->st.fill);
	attr_alpha(b, "fill-opacity", c->st.fill_alpha);
	if (angle != 0) {
		buf_puts(b, " transform=\"rotate(");
		num(b, angle);
		buf_putc(b, ' ');
		num(b, x);
		buf_putc(b, ' ');
		num(b, y);
		buf_puts(b, ")\"");
	}
	buf_putc(b, '>');
	buf_escape_html(b, s, n);
	buf_puts(b, "</text>\n");
}

static void
clip(struct canvas *c, double x, double y, double w, double h)
{
	struct svg_canvas *s = (struct svg_canvas *)c;
	struct buf *b = s->out;
	int id = ++s->nclip;
	buf_printf(b, "<clipPath id=\"%s-clip%d\"><rect", s->prefix, id);
	attr_num(b, "x", x);
	attr_num(b, "y", y);
	attr_num(b, "width", w < 0 ? 0 : w);
	attr_num(b, "height", h < 0 ? 0 : h);
	buf_printf(b, "/></clipPath>\n<g clip-path=\"url(#%s-clip%d)\">\n", s->prefix, id);
	s->groups[c->depth]++;
}

static void
save(struct canvas *c)
{
	((struct svg_canvas *)c)->groups[c->depth] = 0;
}

static void
restore(struct canvas *c)
{
	struct svg_canvas *s = (struct svg_canvas *)c;
	for (; s->groups[c->depth + 1] > 0; s->groups[c->depth + 1]--)
		buf_puts(s->out, "</g>\n");
}

static void
finish(struct canvas *c)
{
	buf_puts(((struct svg_canvas *)c)->out, "</svg>\n");
}

static const struct canvas_ops svg_ops = {
	.name = "svg",
	.paint = paint,
	.text = text,
	.clip = clip,
	.save = save,
	.restore = restore,
	.finish = finish,
};

static int
valid_prefix(const char *p)
{
	size_t n = p ? strlen(p) : 0;
	if (n == 0 || n > 24)
		return 0;
	if (!((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' && p[0] <= 'z') || p[0] == '_'))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!((p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= 'a' && p[i] <= 'z') ||
		      (p[i] >= '0' && p[i] <= '9') || p[i] == '_' || p[i] == '-'))
			return 0;
	return 1;
}

struct canvas *
canvas_svg_create(struct buf *out, double w, double h, const char *title, const char *desc,
                  const char *id_prefix, const struct font_set *fonts)
{
	struct svg_canvas *s = xcalloc(1, sizeof *s);
	canvas_init(&s->base, &svg_ops, fonts);
	s->out = out;
	strcpy(s->prefix, valid_prefix(id_prefix) ? id_prefix : "c");
	if (!isfinite(w) || !isfinite(h) || w <= 0 || h <= 0) {
		canvas_fail(&s->base, "canvas: svg size %g x %g is not positive and finite", w, h);
		return &s->base;
	}
	buf_puts(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\"");
	buf_printf(out, " aria-labelledby=\"%s-title %s-desc\"", s->prefix, s->prefix);
	attr_num(out, "width", w);
	attr_num(out, "height", h);
	buf_puts(out, " viewBox=\"0 0 ");
	num(out, w);
	buf_putc(out, ' ');
	num(out, h);
	buf_puts(out, "\" font-family=\"inherit\">\n");
	buf_printf(out, "<title id=\"%s-title\">", s->prefix);
	if (title)
		buf_escape_html(out, title, strlen(title));
	buf_printf(out, "</title>\n<desc id=\"%s-desc\">", s->prefix);
	if (desc)
		buf_escape_html(out, desc, strlen(desc));
	buf_puts(out, "</desc>\n");
	return &s->base;
}

void
canvas_svg_destroy(struct canvas *c)
{
	if (!c)
		return;
	canvas_release(c);
	free(c);
}
