/* SPDX-License-Identifier: MIT
 * pdfdoc_draw: drawing primitives of the pdfdoc engine: fonts loaded lazily with
 * coverage read from their cmap tables, per-code-point font choice and cached widths,
 * text drawn as font runs (with a visible substitute for missing glyphs), rules and
 * filled boxes. Coordinates are points from the top-left of the current page. */
#include "render/pdfdoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/font.h"
#include "render/pdfdoc_impl.h"

/* The (3,1) format 4 cmap of the font (face ttc_index of a collection) as a 65536-bit
 * coverage map, read by the one TrueType reader (render/font.h). Returns 0 on success;
 * an unreadable font is the caller's warning, not an error of the build. */
static int
read_coverage(const char *path, int ttc_index, unsigned char *bits)
{
	struct diag quiet;
	struct font *f;
	diag_init(&quiet);
	quiet.out = NULL;
	f = font_create(path, ttc_index < 0 ? 0 : (unsigned)ttc_index, &quiet);
	if (!f)
		return -1;
	font_coverage(f, bits);
	font_destroy(f);
	return 0;
}

int
pdfdoc_draw_covers(struct pdfdoc *d, int kind, uint32_t cp)
{
	struct pdfdoc_font *f = &d->fonts[kind];
	if (cp > 0xFFFF)
		return 0;   /* libharu 2.3.0 writes BMP only */
	if (!f->cover) {
		f->cover = arena_calloc(&d->arena, 8192, 1);
		if (read_coverage(f->path, f->ttc_index, f->cover) != 0)
			diag_warn(d->diag, NULL, "pdf: cannot read the character map of font '%s'", f->path);
	}
	return f->cover[cp >> 3] >> (cp & 7) & 1;
}

/* Font kind for cp (tabs and controls as spaces), or -1 when none has it. */
static int
font_for(struct pdfdoc *d, uint32_t cp, int bold)
{
	if (cp < 0x20)
		cp = ' ';
	if (bold && pdfdoc_draw_covers(d, PDFDOC_FONT_LATIN_BOLD, cp))
		return PDFDOC_FONT_LATIN_BOLD;
	if (pdfdoc_draw_covers(d, PDFDOC_FONT_LATIN, cp))
		return PDFDOC_FONT_LATIN;
	if (pdfdoc_draw_covers(d, PDFDOC_FONT_CJK, cp))
		return PDFDOC_FONT_CJK;
	return -1;
}

HPDF_Font
pdfdoc_draw_font(struct pdfdoc *d, int kind)
{
	struct pdfdoc_font *f = &d->fonts[kind];
	if (!f->font) {
		const char *name = f->ttc_index >= 0
			? HPDF_LoadTTFontFromFile2(d->pdf, f->path, (HPDF_UINT)f->ttc_index, HPDF_TRUE)
			: HPDF_LoadTTFontFromFile(d->pdf, f->path, HPDF_TRUE);
		f->font = HPDF_GetFont(d->pdf, name, "UTF-8");
		f->width = arena_alloc(&d->arena, 65536 * sizeof *f->width);
		for (size_t k = 0; k < 65536; k++)
			f->width[k] = -1;
	}
	return f->font;
}

static double
font_width(struct pdfdoc *d, int kind, uint32_t cp)
{
	struct pdfdoc_font *f = &d->fonts[kind];
	pdfdoc_draw_font(d, kind);
	if (f->width[cp] < 0)
		f->width[cp] = (float)HPDF_Font_GetUnicodeWidth(f->font, (HPDF_UNICODE)cp);
	return f->width[cp];
}

double
pdfdoc_draw_cp_width(struct pdfdoc *d, uint32_t cp, double size, int bold)
{
	if (cp == '\n')
		return 0;
	int k = font_for(d, cp, bold);
	if (k < 0)
		return font_width(d, PDFDOC_FONT_LATIN, d->subst) * size / 1000;
	return font_width(d, k, cp < 0x20 ? ' ' : cp) * size / 1000;
}

struct width_ctx {
	struct pdfdoc *d;
	double size;
	int bold;
};

static double
width_cb(void *ctx, uint32_t cp)
{
	struct width_ctx *c = ctx;
	return pdfdoc_draw_cp_width(c->d, cp, c->size, c->bold);
}

static int
font_cb(void *ctx, uint32_t cp)
{
	struct width_ctx *c = ctx;
	return font_for(c->d, cp, c->bold);
}

size_t
pdfdoc_draw_wrap(struct pdfdoc *d, const char *s, double w, double size, int bold,
            struct pdfdoc_text_line **lines)
{
	struct width_ctx c = { d, size, bold };
	return pdfdoc_text_break(s, strlen(s), w, width_cb, &c, &d->scratch, lines);
}

static void
set_fill(HPDF_Page p, uint32_t rgb)
{
	HPDF_Page_SetRGBFill(p, (float)(rgb >> 16 & 255) / 255.f, (float)(rgb >> 8 & 255) / 255.f,
	                     (float)(rgb & 255) / 255.f);
}

static void
set_stroke(HPDF_Page p, uint32_t rgb)
{
	HPDF_Page_SetRGBStroke(p, (float)(rgb >> 16 & 255) / 255.f, (float)(rgb >> 8 & 255) / 255.f,
	                       (float)(rgb & 255) / 255.f);
}

static void
put_utf8(struct buf *b, uint32_t c)
{
	char u[4];
	if (c < 0x80) {
		buf_putc(b, (int)c);
		return;
	}
	if (c < 0x800) {
		u[0] = (char)(0xC0 | c >> 6); u[1] = (char)(0x80 | (c & 0x3F));
		buf_add(b, u, 2);
		return;
	}
	u[0] = (char)(0xE0 | c >> 12); u[1] = (char)(0x80 | (c >> 6 & 0x3F));
	u[2] = (char)(0x80 | (c & 0x3F));
	buf_add(b, u, 3);
}

void
pdfdoc_draw_text(struct pdfdoc *d, double x, double y, const char *s, size_t len,
                 double size, int bold, uint32_t rgb)
{
	struct width_ctx c = { d, size, bold };
	struct pdfdoc_text_run *runs;
	size_t nr = pdfdoc_text_runs(s, len, font_cb, &c, &d->scratch, &runs);
	if (nr == 0)
		return;
	HPDF_Page p = d->page;
	HPDF_Page_BeginText(p);
	set_fill(p, rgb);
	for (size_t r = 0; r < nr; r++) {
		int kind = runs[r].font < 0 ? PDFDOC_FONT_LATIN : runs[r].font;
		double w = 0;
		buf_reset(&d->tmp);
		for (size_t i = runs[r].start; i < runs[r].end;) {
			uint32_t cp = pdfdoc_text_next(s, runs[r].end, &i);
			if (runs[r].font < 0) {
				if (d->nsubst++ == 0)
					d->first_missing = cp;
				cp = d->subst;
			} else if (cp < 0x20) {
				cp = ' ';
			}
			put_utf8(&d->tmp, cp);
			w += font_width(d, kind, cp) * size / 1000;
		}
		HPDF_Page_SetFontAndSize(p, pdfdoc_draw_font(d, kind), (float)size);
		int fake_bold = bold && kind == PDFDOC_FONT_CJK;
		if (fake_bold) {
			HPDF_Page_SetTextRenderingMode(p, HPDF_FILL_THEN_STROKE);
			HPDF_Page_SetLineWidth(p, (float)(0.03 * size));
			set_stroke(p, rgb);
		}
		HPDF_Page_TextOut(p, (float)x, (float)(d->ph - y), buf_str(&d->tmp));
		if (fake_bold)
			HPDF_Page_SetTextRenderingMode(p, HPDF_FILL);
		x += w;
	}
	HPDF_Page_EndText(p);
}

void
pdfdoc_draw_rect(struct pdfdoc *d, double x, double y, double w, double h, uint32_t rgb)
{
	set_fill(d->page, rgb);
	HPDF_Page_Rectangle(d->page, (float)x, (float)(d->ph - y - h), (float)w, (float)h);
	HPDF_Page_Fill(d->page);
}

void
pdfdoc_draw_line(struct pdfdoc *d, double x0, double y0, double x1, double y1, double lw, uint32_t rgb)
{
	set_stroke(d->page, rgb);
	HPDF_Page_SetLineWidth(d->page, (float)lw);
	HPDF_Page_MoveTo(d->page, (float)x0, (float)(d->ph - y0));
	HPDF_Page_LineTo(d->page, (float)x1, (float)(d->ph - y1));
	HPDF_Page_Stroke(d->page);
}

double
pdfdoc_draw_text_width(struct pdfdoc *d, const char *utf8, double size, int bold)
{
	double w = 0;
	size_t i = 0, n = strlen(utf8);
	while (i < n)
		w += pdfdoc_draw_cp_width(d, pdfdoc_text_next(utf8, n, &i), size, bold);
	return w;
}

void
pdfdoc_draw_triangle(struct pdfdoc *d, double x, double y, double s, int up, uint32_t rgb)
{
	/* (x, y): left end of the base line of the text it stands for, y from the top */
	double b = d->ph - y, t = b + s * 0.75;
	set_fill(d->page, rgb);
	if (up) {
		HPDF_Page_MoveTo(d->page, (float)x, (float)b);
		HPDF_Page_LineTo(d->page, (float)(x + s * 0.8), (float)b);
		HPDF_Page_LineTo(d->page, (float)(x + s * 0.4), (float)t);
	} else {
		HPDF_Page_MoveTo(d->page, (float)x, (float)t);
		HPDF_Page_LineTo(d->page, (float)(x + s * 0.8), (float)t);
		HPDF_Page_LineTo(d->page, (float)(x + s * 0.4), (float)b);
	}
	HPDF_Page_ClosePath(d->page);
	HPDF_Page_Fill(d->page);
}

