/* SPDX-License-Identifier: MIT
 * canvas: the abstract drawing surface the chart module draws on. Coordinates are
 * points, origin top-left, y down. Backends (canvas_svg, canvas_pdf, canvas_trace) fill
 * a struct canvas_ops and embed struct canvas first; this module holds the graphics
 * state, the current path, text measurement and the sticky error status. */
#ifndef RENDER_CANVAS_H
#define RENDER_CANVAS_H

#include <stddef.h>
#include <stdint.h>

#include "render/font.h"

enum canvas_cap { CANVAS_CAP_BUTT, CANVAS_CAP_ROUND, CANVAS_CAP_SQUARE };
enum canvas_join { CANVAS_JOIN_MITER, CANVAS_JOIN_ROUND, CANVAS_JOIN_BEVEL };
enum canvas_halign { CANVAS_START, CANVAS_MIDDLE, CANVAS_END };
enum canvas_valign { CANVAS_BASELINE, CANVAS_VMIDDLE, CANVAS_TOP };
enum canvas_paint { CANVAS_FILL = 1 << 0, CANVAS_STROKE = 1 << 1 };
enum canvas_seg { CANVAS_MOVE, CANVAS_LINE, CANVAS_CURVE, CANVAS_CLOSE };

#define CANVAS_MAX_DASH  8
#define CANVAS_MAX_DEPTH 24     /* nested saves; below libharu's 27 */

/* One path element. CURVE uses p[0], p[1] (controls) and p[2] (end); MOVE and LINE
 * use p[0]. */
struct canvas_el {
	enum canvas_seg seg;
	double p[3][2];
};

struct canvas_path {
	struct canvas_el *el;
	size_t n, cap;
	int is_rect;                /* exactly one canvas_rect() and nothing else */
	double rect[4];             /* x, y, w, h when is_rect */
};

struct canvas_state {
	uint32_t fill, stroke;      /* 0xRRGGBB */
	double fill_alpha, stroke_alpha;
	double line_width;
	enum canvas_cap cap;
	enum canvas_join join;
	double dash[CANVAS_MAX_DASH];
	int ndash;
	double font_size;
	int bold;
};

struct canvas;

/* Backend table. Every op may assume finite arguments and status == 0 (the dispatcher
 * checks). paint/text/clip/save/restore are required; finish may be NULL. A backend
 * reports a failure with canvas_fail(). The current state is c->st. */
struct canvas_ops {
	const char *name;
	void (*paint)(struct canvas *c, const struct canvas_path *p, unsigned paint);
	/* (x, y) is already the anchor point of the baseline start, after alignment:
	 * the string starts at (x, y) along direction angle_deg (clockwise, y down);
	 * width is the measured width in points. */
	void (*text)(struct canvas *c, double x, double y, double angle_deg, const char *s,
	             size_t n, double width);
	void (*clip)(struct canvas *c, double x, double y, double w, double h);
	void (*save)(struct canvas *c);
	void (*restore)(struct canvas *c);
	void (*finish)(struct canvas *c);
};

struct canvas {
	const struct canvas_ops *ops;
	const struct font_set *fonts;
	int status;                 /* 0 ok; the first error wins */
	char err[160];
	struct canvas_path path;
	struct canvas_state st;
	struct canvas_state stack[CANVAS_MAX_DEPTH];
	int depth;
};

/* Backends call this from their create function: ops, fonts (NULL = font_set_default())
 * and the default state (black, alpha 1, width 1, butt caps, miter joins, 10 pt). */
void canvas_init(struct canvas *c, const struct canvas_ops *ops, const struct font_set *fonts);
/* Releases the path storage; backends call it from their destroy function. */
void canvas_release(struct canvas *c);
/* Latches an error message (the first one wins); later drawing calls are no-ops. */
void canvas_fail(struct canvas *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* 0 when everything so far succeeded; else the first error's message is canvas_error(). */
int canvas_status(const struct canvas *c);
const char *canvas_error(const struct canvas *c);
/* Calls the backend's finish (closes open groups); fails if saves are unbalanced. */
void canvas_finish(struct canvas *c);

/* State. Colours are 0xRRGGBB; alpha in [0, 1]. A dash array of more than
 * CANVAS_MAX_DASH entries or with negative entries is an error; n = 0 is solid. */
void canvas_set_fill(struct canvas *c, uint32_t rgb, double alpha);
void canvas_set_stroke(struct canvas *c, uint32_t rgb, double alpha);
void canvas_set_line_width(struct canvas *c, double w);
void canvas_set_cap(struct canvas *c, enum canvas_cap cap);
void canvas_set_join(struct canvas *c, enum canvas_join join);
void canvas_set_dash(struct canvas *c, const double *dash, int n);
void canvas_set_font(struct canvas *c, double size, int bold);
/* save/restore push and pop the state and the clip (depth <= CANVAS_MAX_DEPTH). */
void canvas_save(struct canvas *c);
void canvas_restore(struct canvas *c);
/* Intersects the clip with a rectangle until the matching restore. */
void canvas_clip_rect(struct canvas *c, double x, double y, double w, double h);

/* Path construction; NaN or infinite coordinates are an error. */
void canvas_move_to(struct canvas *c, double x, double y);
void canvas_line_to(struct canvas *c, double x, double y);
void canvas_curve_to(struct canvas *c, double x1, double y1, double x2, double y2,
                     double x3, double y3);
void canvas_close(struct canvas *c);
void canvas_rect(struct canvas *c, double x, double y, double w, double h);
/* Circular arc around (cx, cy), angles in degrees, 0 = 3 o'clock, increasing clockwise
 * on the page (y down); drawn as cubic Béziers of at most 90°. Continues the current
 * subpath with a line to the start point, or starts one. */
void canvas_arc(struct canvas *c, double cx, double cy, double r, double a0, double a1);
/* Paints the current path (CANVAS_FILL and/or CANVAS_STROKE) and clears it. */
void canvas_paint(struct canvas *c, unsigned paint);
static inline void canvas_fill(struct canvas *c) { canvas_paint(c, CANVAS_FILL); }
static inline void canvas_stroke(struct canvas *c) { canvas_paint(c, CANVAS_STROKE); }

/* Text in the current font and fill colour. (x, y) is the anchor; halign picks the
 * start, middle or end of the string, valign the baseline, the middle of the
 * ascent..descent box or its top. angle_deg rotates clockwise around the anchor. */
void canvas_text(struct canvas *c, double x, double y, const char *utf8,
                 enum canvas_halign h, enum canvas_valign v, double angle_deg);
/* Width in points of utf8 in the current font (the same number every backend uses). */
double canvas_text_width(struct canvas *c, const char *utf8);
/* Ascent and descent (descent negative) of the current font in points. */
double canvas_ascent(const struct canvas *c);
double canvas_descent(const struct canvas *c);

#endif
