/* SPDX-License-Identifier: MIT
 * canvas_pdf: a canvas backend drawing with libharu 2.3.0 onto a page owned by the PDF
 * document module (src/render/pdf*). Canvas coordinates are page points measured from
 * the page's top-left corner; only this backend flips y. */
#ifndef RENDER_CANVAS_PDF_H
#define RENDER_CANVAS_PDF_H

#include <hpdf.h>

#include "render/canvas.h"

/* Returns the HPDF_Font (UTF-8 encoding) to draw text measured with face f, or NULL
 * when it cannot (the canvas then fails). Called at most once per face per canvas. */
struct canvas_pdf_fonts {
	HPDF_Font (*get)(void *ctx, HPDF_Doc doc, const struct font *f);
	void *ctx;
};

/* Contract with the PDF document module:
 *  - doc has had HPDF_UseUTFEncodings(doc) called (once per document) before the first
 *    text is drawn; page belongs to doc and is not inside a text object.
 *  - provider NULL: the canvas loads each face it needs itself with
 *    HPDF_LoadTTFontFromFile (.ttf) / HPDF_LoadTTFontFromFile2 (.ttc, face index),
 *    embedded, and HPDF_GetFont(doc, name, "UTF-8"). libharu returns the same font
 *    when a file is loaded twice, so several canvases on one document share fonts.
 *  - libharu errors go to the document's error handler; if it returns instead of
 *    jumping, the failing call's status is latched as the canvas error.
 *  - fonts NULL = font_set_default(); text runs are split per face so code points
 *    missing from the primary font are drawn with the fallback, exactly as measured.
 *  - Alpha uses one ExtGState per distinct (fill, stroke) alpha pair, cached per canvas.
 *    Dashes are rounded to integers 1..100 (libharu 2.3.0).
 *  - The canvas never leaves a GSave open once every canvas_save has its restore. */
struct canvas *canvas_pdf_create(HPDF_Doc doc, HPDF_Page page, const struct font_set *fonts,
                                 const struct canvas_pdf_fonts *provider);
void canvas_pdf_destroy(struct canvas *c);     /* NULL is a no-op; the page stays */

#endif
