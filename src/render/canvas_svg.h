/* SPDX-License-Identifier: MIT
 * canvas_svg: a canvas backend that writes one self-contained <svg> element (for inline
 * use in the HTML pages) into a struct buf. Deterministic; coordinates rounded to 0.1;
 * role="img" with <title> and <desc>; the font family is inherited from the page. */
#ifndef RENDER_CANVAS_SVG_H
#define RENDER_CANVAS_SVG_H

#include "base/buf.h"
#include "render/canvas.h"

/* Starts <svg ... viewBox="0 0 w h"> in *out (caller-owned, must outlive the canvas).
 * title and desc (UTF-8, may be NULL) are escaped into <title>/<desc>. id_prefix
 * (NULL = "c") prefixes clip-path ids so several SVGs can share one HTML page; it
 * must be a valid XML name start ([A-Za-z_][A-Za-z0-9_-]*), else "c" is used.
 * canvas_finish() writes </svg>; without it the element is left open. */
struct canvas *canvas_svg_create(struct buf *out, double w, double h, const char *title,
                                 const char *desc, const char *id_prefix,
                                 const struct font_set *fonts);
void canvas_svg_destroy(struct canvas *c);        /* NULL is a no-op */

#endif
