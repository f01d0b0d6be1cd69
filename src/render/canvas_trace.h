/* SPDX-License-Identifier: MIT
 * canvas_trace: a canvas backend that records every drawing call as one text line
 * ("rect 10.0 20.0 30.0 40.0 fill=#1f77b4"), so chart layout can be golden-tested
 * without pixels. */
#ifndef RENDER_CANVAS_TRACE_H
#define RENDER_CANVAS_TRACE_H

#include "base/buf.h"
#include "render/canvas.h"

/* Appends one line per call to *out (which the caller owns and must outlive the
 * canvas). Numbers are printed with one decimal. Lines:
 *   rect X Y W H PAINT            path M x y L x y C x1 y1 x2 y2 x y Z PAINT
 *   text X Y rot=A size=S [bold] w=W fill=#RRGGBB[@alpha] "utf8"
 *   clip X Y W H    save    restore    finish
 * PAINT is "fill=#RRGGBB[@a]" and/or "stroke=#RRGGBB[@a] width=W [cap=..] [join=..]
 * [dash=a,b]". fonts NULL = font_set_default(). */
struct canvas *canvas_trace_create(struct buf *out, const struct font_set *fonts);
void canvas_trace_destroy(struct canvas *c);      /* NULL is a no-op */

#endif
