/* SPDX-License-Identifier: MIT
 * canvas_pdf: libharu backend of the canvas. Flips y, turns paths into PDF path
 * operators, alpha into cached ExtGStates, text into BeginText/SetTextMatrix/ShowText
 * runs per font face (see HACKING.md, "libharu 2.3.0", for the 2.3.0 limits it respects). */
#include "render/canvas_pdf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"

#define MAX_GS    32
#define MAX_FACES 8

struct pdf_canvas {
	struct canvas base;
	HPDF_Doc doc;
	HPDF_Page page;
	double page_h;
	struct canvas_pdf_fonts provider;
	struct { int key; HPDF_ExtGState gs; } gs[MAX_GS];
	int ngs;
	struct { const struct font *f; HPDF_Font h; } faces[MAX_FACES];
	int nfaces;
	char *text;                 /* NUL-terminated copy of a text run */
	size_t text_cap;
};

static int
ck(struct canvas *c, HPDF_STATUS st, const char *what)
{
	if (st != HPDF_OK) {
		canvas_fail(c, "pdf: %s failed (libharu error 0x%04lX)", what, (unsigned long)st);
		return 0;
	}
	return 1;
}

static HPDF_Font
default_font(void *ctx, HPDF_Doc doc, const struct font *f)
{
	const char *path = font_path(f), *name;
	size_t n = strlen(path);
	(void)ctx;
	if (n > 4 && strcmp(path + n - 4, ".ttc") == 0)
		name = HPDF_LoadTTFontFromFile2(doc, path, font_face(f), HPDF_TRUE);
	else
		name = HPDF_LoadTTFontFromFile(doc, path, HPDF_TRUE);
	return name ? HPDF_GetFont(doc, name, "UTF-8") : NULL;
}

static HPDF_Font
face_font(struct pdf_canvas *p, const struct font *f)
{
	for (int i = 0; i < p->nfaces; i++)
		if (p->faces[i].f == f)
			return p->faces[i].h;
	HPDF_Font h = p->provider.get(p->provider.ctx, p->doc, f);
	if (!h) {
		canvas_fail(&p->base, "pdf: cannot load font '%s'", font_path(f));
		return NULL;
	}
	if (p->nfaces < MAX_FACES) {
		p->faces[p->nfaces].f = f;
		p->faces[p->nfaces++].h = h;
	}
	return h;
}

static HPDF_ExtGState
alpha_state(struct pdf_canvas *p, double fa, double sa)
{
	int key = (int)lround(fa * 1000) * 1001 + (int)lround(sa * 1000);
	for (int i = 0; i < p->ngs; i++)
		if (p->gs[i].key == key)
			return p->gs[i].gs;
	HPDF_ExtGState gs = HPDF_CreateExtGState(p->doc);
	if (!gs) {
		canvas_fail(&p->base, "pdf: cannot create an ExtGState");
		return NULL;
	}
	if (!ck(&p->base, HPDF_ExtGState_SetAlphaFill(gs, (HPDF_REAL)fa), "SetAlphaFill") ||
	    !ck(&p->base, HPDF_ExtGState_SetAlphaStroke(gs, (HPDF_REAL)sa), "SetAlphaStroke"))
		return NULL;
	if (p->ngs < MAX_GS) {
		p->gs[p->ngs].key = key;
		p->gs[p->ngs++].gs = gs;
	}
	return gs;
}

static uint32_t
channel(uint32_t rgb, int sh)
{
	return (rgb >> sh) & 0xFF;
}

static void
set_fill(struct pdf_canvas *p, uint32_t rgb)
{
	ck(&p->base, HPDF_Page_SetRGBFill(p->page, channel(rgb, 16) / 255.0f,
	                                  channel(rgb, 8) / 255.0f, channel(rgb, 0) / 255.0f),
	   "SetRGBFill");
}

/* Opens a GSave with the alpha state when needed; returns 1 when it did. */
static int
push_alpha(struct pdf_canvas *p, double fa, double sa)
{
	if (fa >= 1 && sa >= 1)
		return 0;
	HPDF_ExtGState gs = alpha_state(p, fa, sa);
	if (!gs || !ck(&p->base, HPDF_Page_GSave(p->page), "GSave"))
		return 0;
	ck(&p->base, HPDF_Page_SetExtGState(p->page, gs), "SetExtGState");
	return 1;
}

static void
paint(struct canvas *c, const struct canvas_path *path, unsigned how)
{
	struct pdf_canvas *p = (struct pdf_canvas *)c;
	HPDF_Page pg = p->page;
	const struct canvas_state *st = &c->st;
	double H = p->page_h;
	int pushed = push_alpha(p, how & CANVAS_FILL ? st->fill_alpha : 1,
	                        how & CANVAS_STROKE ? st->stroke_alpha : 1);
	if (how & CANVAS_FILL)
		set_fill(p, st->fill);
	if (how & CANVAS_STROKE) {
		HPDF_UINT16 d[CANVAS_MAX_DASH];
		int nd = st->ndash;
		ck(c, HPDF_Page_SetRGBStroke(pg, channel(st->stroke, 16) / 255.0f,
		                             channel(st->stroke, 8) / 255.0f,
		                             channel(st->stroke, 0) / 255.0f), "SetRGBStroke");
		ck(c, HPDF_Page_SetLineWidth(pg, (HPDF_REAL)st->line_width), "SetLineWidth");
		ck(c, HPDF_Page_SetLineCap(pg, st->cap == CANVAS_CAP_ROUND ? HPDF_ROUND_END :
		                           st->cap == CANVAS_CAP_SQUARE ? HPDF_PROJECTING_SCUARE_END
		                                                        : HPDF_BUTT_END), "SetLineCap");
		ck(c, HPDF_Page_SetLineJoin(pg, st->join == CANVAS_JOIN_ROUND ? HPDF_ROUND_JOIN :
		                            st->join == CANVAS_JOIN_BEVEL ? HPDF_BEVEL_JOIN
		                                                          : HPDF_MITER_JOIN), "SetLineJoin");
		if (nd > 1 && nd % 2)
			nd--;                       /* libharu: n = 0, 1 or even */
		for (int i = 0; i < nd; i++) {
			long v = lround(st->dash[i]);
			d[i] = (HPDF_UINT16)(v < 1 ? 1 : v > 100 ? 100 : v);
		}
		ck(c, HPDF_Page_SetDash(pg, nd ? d : NULL, (HPDF_UINT)nd, 0), "SetDash");
	}
	if (path->is_rect) {
		double x = path->rect[0], y = path->rect[1], w = path->rect[2], h = path->rect[3];
		if (w < 0) { x += w; w = -w; }
		if (h < 0) { y += h; h = -h; }
		ck(c, HPDF_Page_Rectangle(pg, (HPDF_REAL)x, (HPDF_REAL)(H - y - h), (HPDF_REAL)w,
		                          (HPDF_REAL)h), "Rectangle");
	} else {
		for (size_t i = 0; i < path->n && !c->status; i++) {
			const struct canvas_el *e = &path->el[i];
			switch (e->seg) {
			case CANVAS_MOVE:
				ck(c, HPDF_Page_MoveTo(pg, (HPDF_REAL)e->p[0][0], (HPDF_REAL)(H - e->p[0][1])),
				   "MoveTo");
				break;
			case CANVAS_LINE:
				ck(c, HPDF_Page_LineTo(pg, (HPDF_REAL)e->p[0][0], (HPDF_REAL)(H - e->p[0][1])),
				   "LineTo");
				break;
			case CANVAS_CURVE:
				ck(c, HPDF_Page_CurveTo(pg, (HPDF_REAL)e->p[0][0], (HPDF_REAL)(H - e->p[0][1]),
				                        (HPDF_REAL)e->p[1][0], (HPDF_REAL)(H - e->p[1][1]),
				                        (HPDF_REAL)e->p[2][0], (HPDF_REAL)(H - e->p[2][1])),
				   "CurveTo");
				break;
			case CANVAS_CLOSE:
				ck(c, HPDF_Page_ClosePath(pg), "ClosePath");
				break;
			}
		}
	}
	if ((how & CANVAS_FILL) && (how & CANVAS_STROKE))
		ck(c, HPDF_Page_FillStroke(pg), "FillStroke");
	else if (how & CANVAS_FILL)
		ck(c, HPDF_Page_Fill(pg), "Fill");
	else
		ck(c, HPDF_Page_Stroke(pg), "Stroke");
	if (pushed)
		ck(c, HPDF_Page_GRestore(pg), "GRestore");
}

static void
text(struct canvas *c, double x, double y, double angle, const char *s, size_t n, double w)
{
	struct pdf_canvas *p = (struct pdf_canvas *)c;
	HPDF_Page pg = p->page;
	double a = -angle * M_PI / 180.0, ca = cos(a), sa = sin(a);
	double X = x, Y = p->page_h - y, size = c->st.font_size;
	int pushed = push_alpha(p, c->st.fill_alpha, 1);
	(void)w;
	if (angle == 0) {
		ca = 1;
		sa = 0;
	}
	if (n > 60000)
		n = 60000;
	while (n > 0 && !c->status) {
		struct font *face;
		size_t run = font_set_run(c->fonts, c->st.bold, s, n, &face);
		HPDF_Font hf = face_font(p, face);
		if (!hf || run == 0)
			break;
		if (run + 1 > p->text_cap) {
			p->text_cap = run + 64;
			p->text = xrealloc(p->text, p->text_cap);
		}
		memcpy(p->text, s, run);
		p->text[run] = '\0';
		/* bold requested but the face is not a bold face (CJK fallback): fake it */
		int fake_bold = c->st.bold && face != c->fonts->bold;
		ck(c, HPDF_Page_BeginText(pg), "BeginText");
		ck(c, HPDF_Page_SetFontAndSize(pg, hf, (HPDF_REAL)size), "SetFontAndSize");
		set_fill(p, c->st.fill);
		if (fake_bold) {
			ck(c, HPDF_Page_SetTextRenderingMode(pg, HPDF_FILL_THEN_STROKE), "SetTextRenderingMode");
			ck(c, HPDF_Page_SetRGBStroke(pg, channel(c->st.fill, 16) / 255.0f,
			                             channel(c->st.fill, 8) / 255.0f,
			                             channel(c->st.fill, 0) / 255.0f), "SetRGBStroke");
			ck(c, HPDF_Page_SetLineWidth(pg, (HPDF_REAL)(0.03 * size)), "SetLineWidth");
		}
		ck(c, HPDF_Page_SetTextMatrix(pg, (HPDF_REAL)ca, (HPDF_REAL)sa, (HPDF_REAL)-sa,
		                              (HPDF_REAL)ca, (HPDF_REAL)X, (HPDF_REAL)Y), "SetTextMatrix");
		ck(c, HPDF_Page_ShowText(pg, p->text), "ShowText");
		if (fake_bold)
			ck(c, HPDF_Page_SetTextRenderingMode(pg, HPDF_FILL), "SetTextRenderingMode");
		ck(c, HPDF_Page_EndText(pg), "EndText");
		double adv = (double)font_text_units(face, s, run) * size / 1000.0;
		X += adv * ca;
		Y += adv * sa;
		s += run;
		n -= run;
	}
	if (pushed)
		ck(c, HPDF_Page_GRestore(pg), "GRestore");
}

static void
clip(struct canvas *c, double x, double y, double w, double h)
{
	struct pdf_canvas *p = (struct pdf_canvas *)c;
	if (w < 0) w = 0;
	if (h < 0) h = 0;
	ck(c, HPDF_Page_Rectangle(p->page, (HPDF_REAL)x, (HPDF_REAL)(p->page_h - y - h),
	                          (HPDF_REAL)w, (HPDF_REAL)h), "Rectangle");
	ck(c, HPDF_Page_Clip(p->page), "Clip");
	ck(c, HPDF_Page_EndPath(p->page), "EndPath");
}

static void save(struct canvas *c) { ck(c, HPDF_Page_GSave(((struct pdf_canvas *)c)->page), "GSave"); }
static void restore(struct canvas *c) { ck(c, HPDF_Page_GRestore(((struct pdf_canvas *)c)->page), "GRestore"); }

static const struct canvas_ops pdf_ops = {
	.name = "pdf",
	.paint = paint,
	.text = text,
	.clip = clip,
	.save = save,
	.restore = restore,
	.finish = NULL,
};

struct canvas *
canvas_pdf_create(HPDF_Doc doc, HPDF_Page page, const struct font_set *fonts,
                  const struct canvas_pdf_fonts *provider)
{
	struct pdf_canvas *p = xcalloc(1, sizeof *p);
	canvas_init(&p->base, &pdf_ops, fonts);
	p->doc = doc;
	p->page = page;
	p->provider.get = default_font;
	if (provider && provider->get)
		p->provider = *provider;
	if (!doc || !page)
		canvas_fail(&p->base, "pdf: no document or page");
	else
		p->page_h = HPDF_Page_GetHeight(page);
	return &p->base;
}

void
canvas_pdf_destroy(struct canvas *c)
{
	if (!c)
		return;
	free(((struct pdf_canvas *)c)->text);
	canvas_release(c);
	free(c);
}
