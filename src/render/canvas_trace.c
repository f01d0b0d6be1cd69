/* SPDX-License-Identifier: MIT
 * canvas_trace: text-log backend of the canvas (one line per call) used by the chart
 * golden tests; sits beside canvas_svg and canvas_pdf. */
#include "render/canvas_trace.h"

#include <math.h>
#include <stdlib.h>

#include "base/arena.h"

struct trace_canvas {
	struct canvas base;
	struct buf *out;
};

static void
num(struct buf *b, double v)
{
	double r = round(v * 10) / 10;
	if (r == 0)
		r = 0;
	buf_printf(b, " %.1f", r);
}

static void
colour(struct buf *b, const char *what, uint32_t rgb, double a)
{
	buf_printf(b, " %s=#%06x", what, (unsigned)rgb);
	if (a < 1)
		buf_printf(b, "@%.2f", a);
}

static void
paint(struct canvas *c, const struct canvas_path *p, unsigned how)
{
	struct buf *b = ((struct trace_canvas *)c)->out;
	static const char *const segs = "MLCZ";
	if (p->is_rect) {
		buf_puts(b, "rect");
		for (int i = 0; i < 4; i++)
			num(b, p->rect[i]);
	} else {
		buf_puts(b, "path");
		for (size_t i = 0; i < p->n; i++) {
			const struct canvas_el *e = &p->el[i];
			int np = e->seg == CANVAS_CURVE ? 3 : e->seg == CANVAS_CLOSE ? 0 : 1;
			buf_printf(b, " %c", segs[e->seg]);
			for (int k = 0; k < np; k++) {
				num(b, e->p[k][0]);
				num(b, e->p[k][1]);
			}
		}
	}
	if (how & CANVAS_FILL)
		colour(b, "fill", c->st.fill, c->st.fill_alpha);
	if (how & CANVAS_STROKE) {
		colour(b, "stroke", c->st.stroke, c->st.stroke_alpha);
		buf_puts(b, " width=");
		buf_num(b, round(c->st.line_width * 100) / 100);
		if (c->st.cap != CANVAS_CAP_BUTT)
			buf_puts(b, c->st.cap == CANVAS_CAP_ROUND ? " cap=round" : " cap=square");
		if (c->st.join != CANVAS_JOIN_MITER)
			buf_puts(b, c->st.join == CANVAS_JOIN_ROUND ? " join=round" : " join=bevel");
		for (int i = 0; i < c->st.ndash; i++) {
			buf_puts(b, i ? "," : " dash=");
			buf_num(b, round(c->st.dash[i] * 10) / 10);
		}
	}
	buf_putc(b, '\n');
}

static void
text(struct canvas *c, double x, double y, double angle, const char *s, size_t n, double w)
{
	struct buf *b = ((struct trace_canvas *)c)->out;
	buf_puts(b, "text");
	num(b, x);
	num(b, y);
	buf_puts(b, " rot=");
	buf_num(b, round(angle * 10) / 10);
	buf_puts(b, " size=");
	buf_num(b, round(c->st.font_size * 10) / 10);
	if (c->st.bold)
		buf_puts(b, " bold");
	buf_puts(b, " w=");
	buf_num(b, round(w * 10) / 10);
	colour(b, "fill", c->st.fill, c->st.fill_alpha);
	buf_puts(b, " \"");
	buf_add(b, s, n);
	buf_puts(b, "\"\n");
}

static void
clip(struct canvas *c, double x, double y, double w, double h)
{
	struct buf *b = ((struct trace_canvas *)c)->out;
	buf_puts(b, "clip");
	num(b, x);
	num(b, y);
	num(b, w);
	num(b, h);
	buf_putc(b, '\n');
}

static void save(struct canvas *c) { buf_puts(((struct trace_canvas *)c)->out, "save\n"); }
static void restore(struct canvas *c) { buf_puts(((struct trace_canvas *)c)->out, "restore\n"); }
static void finish(struct canvas *c) { buf_puts(((struct trace_canvas *)c)->out, "finish\n"); }

static const struct canvas_ops trace_ops = {
	.name = "trace",
	.paint = paint,
	.text = text,
	.clip = clip,
	.save = save,
	.restore = restore,
	.finish = finish,
};

struct canvas *
canvas_trace_create(struct buf *out, const struct font_set *fonts)
{
	struct trace_canvas *t = xcalloc(1, sizeof *t);
	canvas_init(&t->base, &trace_ops, fonts);
	t->out = out;
	return &t->base;
}

void
canvas_trace_destroy(struct canvas *c)
{
	if (!c)
		return;
	canvas_release(c);
	free(c);
}
