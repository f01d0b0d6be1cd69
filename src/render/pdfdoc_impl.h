/* SPDX-License-Identifier: MIT
 * pdfdoc_impl: the pdfdoc engine's private state and internal calls, shared by pdfdoc.c
 * (document, flow), pdfdoc_draw.c (fonts, drawing) and pdfdoc_table.c (tables).
 * Not for use outside pdfdoc*.c. */
#ifndef RENDER_PDFDOC_IMPL_H
#define RENDER_PDFDOC_IMPL_H

#include <setjmp.h>

#include "render/pdfdoc.h"

struct pdfdoc_font {
	const char *path;
	int ttc_index;              /* -1 for a plain .ttf */
	HPDF_Font font;             /* NULL until first drawn or measured */
	unsigned char *cover;       /* 65536-bit BMP coverage from the cmap, NULL if unreadable */
	float *width;               /* per code point, 1/1000 em; < 0 = not cached yet */
};

struct pdfdoc_page {
	HPDF_Page page;
	int landscape;
	int cover;                  /* no running header */
};

struct pdfdoc {
	HPDF_Doc pdf;
	jmp_buf *jb;                /* where the libharu error handler jumps; NULL = none */
	int status;                 /* sticky enum bd_status */
	struct diag *diag;
	struct buf *trace;
	struct arena arena;         /* document lifetime */
	struct arena scratch;       /* one element; reset between elements */
	struct buf tmp;             /* text being drawn */
	HPDF_Encoder utf8;

	enum pdfdoc_paper paper;
	int zh;
	const char *title, *label;
	double margin, body;

	struct pdfdoc_font fonts[PDFDOC_NFONTS];
	uint32_t subst;             /* substitute code point (U+FFFD or '?') */
	long nsubst;
	uint32_t first_missing;

	struct pdfdoc_page *pages;
	size_t npages, cap;
	HPDF_Page page;             /* current page, NULL before the first */
	double pw, ph;              /* its size */
	double y;                   /* cursor, from the top of the page */
	double top, bottom;         /* content area, from the top */
	double left, right;
	int want_new_page;          /* after the cover or a landscape table: next element on a new portrait page */

	HPDF_Outline outline[3];
	struct {                    /* headings waiting for the element that follows them */
		char *text;
		int level;
	} pend[4];
	int npend;
};

/* Guarded entry points: every public function runs its body between ENTER and LEAVE so
 * that a libharu error longjmps back into it; nested entries restore the outer target. */
#define PDFDOC_ENTER_(d, RET) \
	jmp_buf jb_here_; jmp_buf *jb_outer_ = (d)->jb; \
	if ((d)->status != BD_OK) RET; \
	if (setjmp(jb_here_)) { (d)->jb = jb_outer_; RET; } \
	(d)->jb = &jb_here_
#define PDFDOC_ENTER(d) PDFDOC_ENTER_(d, return)
#define PDFDOC_ENTER_R(d, v) PDFDOC_ENTER_(d, return (v))
#define PDFDOC_LEAVE(d) ((d)->jb = jb_outer_)

/* pdfdoc.c: page flow, used by pdfdoc_table.c */
void   pdfdoc_place_pending(struct pdfdoc *d, double need);  /* heading(s) + need, page break */
void   pdfdoc_break_page(struct pdfdoc *d, int landscape);
void   pdfdoc_ensure_page(struct pdfdoc *d);
void   pdfdoc_tracef(struct pdfdoc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
size_t pdfdoc_page_no(const struct pdfdoc *d);   /* 1-based current page */

/* pdfdoc_draw.c: fonts and drawing. These may raise libharu errors, so they run only
 * inside a PDFDOC_ENTER section. y is measured from the top of the current page. */
int       pdfdoc_draw_covers(struct pdfdoc *d, int kind, uint32_t cp);  /* font has a glyph */
HPDF_Font pdfdoc_draw_font(struct pdfdoc *d, int kind);                 /* loads on first use */
double    pdfdoc_draw_cp_width(struct pdfdoc *d, uint32_t cp, double size, int bold);
double    pdfdoc_draw_text_width(struct pdfdoc *d, const char *utf8, double size, int bold);
/* Breaks text for width w at size; lines from the scratch arena. */
size_t    pdfdoc_draw_wrap(struct pdfdoc *d, const char *s, double w, double size, int bold,
                           struct pdfdoc_text_line **lines);
/* Draws s[0..len) with its left end at x and baseline at y. */
void      pdfdoc_draw_text(struct pdfdoc *d, double x, double y, const char *s, size_t len,
                           double size, int bold, uint32_t rgb);
void      pdfdoc_draw_rect(struct pdfdoc *d, double x, double y, double w, double h, uint32_t rgb);
void      pdfdoc_draw_line(struct pdfdoc *d, double x0, double y0, double x1, double y1,
                           double lw, uint32_t rgb);
/* A filled triangle (up or down) of height ~0.75 s standing on the baseline y at x. */
void      pdfdoc_draw_triangle(struct pdfdoc *d, double x, double y, double s, int up, uint32_t rgb);

#endif
